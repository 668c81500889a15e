/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_ORIENT_H__
#define __GST_IM_ORIENT_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/imagemill/gstimresample.h>

G_BEGIN_DECLS

GST_IM_API
gboolean gst_im_orientation_swaps_axes (guint orientation);

GST_IM_API
void     gst_im_orient_copy (const guint8 * src, gint src_stride,
                             guint width, guint height, guint pixel_stride,
                             guint orientation, guint8 * dst, gint dst_stride);

GST_IM_API
GstImResampleRect gst_im_orient_rect_to_stored (const GstImResampleRect * rect,
                                                guint orientation,
                                                guint width, guint height);

GST_IM_API
guint    gst_im_exif_orientation (const guint8 * tiff, gsize size);

G_END_DECLS

#endif /* __GST_IM_ORIENT_H__ */
