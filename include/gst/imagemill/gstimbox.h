/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_BOX_H__
#define __GST_IM_BOX_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/imagemill/gstimresample.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/**
 * GST_IM_BOX_MAX_SIDE:
 *
 * The largest output side gst_im_box_fit() gives in fit mode.
 */
#define GST_IM_BOX_MAX_SIDE 32768

/**
 * GstImBoxMode:
 * @GST_IM_BOX_FIT: scale to fit inside the box, aspect kept; the output
 *   size follows the image
 * @GST_IM_BOX_FILL: scale to cover the box, aspect kept, and crop what
 *   overflows (centred); output is exactly the box
 * @GST_IM_BOX_PAD: scale to fit, then centre on the box; output is exactly
 *   the box
 * @GST_IM_BOX_STRETCH: scale each axis to the box, aspect not kept; output
 *   is exactly the box
 *
 * How an image is fitted to a box.
 */
typedef enum
{
  GST_IM_BOX_FIT,
  GST_IM_BOX_FILL,
  GST_IM_BOX_PAD,
  GST_IM_BOX_STRETCH,
} GstImBoxMode;

/**
 * GstImBox:
 * @out_w: output width
 * @out_h: output height
 * @img_x: left edge of the image area in the output
 * @img_y: top edge of the image area in the output
 * @img_w: width of the image area (the resampled image)
 * @img_h: height of the image area
 * @rect: the source rectangle resampled onto the image area
 *
 * Where an image goes: an output of @out_w x @out_h, the resampled image at
 * (@img_x, @img_y) with size @img_w x @img_h, made from the source
 * rectangle @rect; background around it.
 */
typedef struct
{
  guint out_w, out_h;
  guint img_x, img_y, img_w, img_h;
  GstImResampleRect rect;
} GstImBox;

GST_IM_API
gboolean gst_im_box_fit (GstImBoxMode mode, guint width, guint height,
                         guint box_width, guint box_height,
                         gboolean no_upscale, GstImBox * box,
                         GError ** error);

GST_IM_API
void     gst_im_background_pixel (const GstVideoFormatInfo * finfo,
                                  guint32 argb, guint8 px[4]);

GST_IM_API
void     gst_im_fill_background (guint8 * data, gint stride,
                                 const GstVideoFormatInfo * finfo,
                                 const GstImBox * box, guint32 argb);

G_END_DECLS

#endif /* __GST_IM_BOX_H__ */
