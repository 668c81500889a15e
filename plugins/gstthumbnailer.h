/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_THUMBNAILER_H__
#define __GST_THUMBNAILER_H__

#include <gst/imagemill/imagemill.h>

G_BEGIN_DECLS
/**
 * GstThumbnailerMode:
 * @GST_THUMBNAILER_MODE_FIT: scale to fit inside the box, aspect kept; the
 *   output size follows each image
 * @GST_THUMBNAILER_MODE_FILL: scale to cover the box, aspect kept, and crop
 *   what overflows (centred); output is exactly the box
 * @GST_THUMBNAILER_MODE_PAD: scale to fit, then centre on a box of the
 *   background colour; output is exactly the box
 * @GST_THUMBNAILER_MODE_STRETCH: scale each axis to the box, aspect not
 *   kept; output is exactly the box
 *
 * How a thumbnail is fitted to the box.
 */
    typedef enum
{
  GST_THUMBNAILER_MODE_FIT,
  GST_THUMBNAILER_MODE_FILL,
  GST_THUMBNAILER_MODE_PAD,
  GST_THUMBNAILER_MODE_STRETCH,
} GstThumbnailerMode;

#define GST_TYPE_THUMBNAILER_MODE (gst_thumbnailer_mode_get_type ())
GType gst_thumbnailer_mode_get_type (void);

#define GST_TYPE_THUMBNAILER (gst_thumbnailer_get_type ())
G_DECLARE_FINAL_TYPE (GstThumbnailer, gst_thumbnailer, GST, THUMBNAILER,
    GstImFrameParallel);
GST_ELEMENT_REGISTER_DECLARE (thumbnailer);

G_END_DECLS
#endif /* __GST_THUMBNAILER_H__ */
