/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_METADATA_META_H__
#define __GST_IM_METADATA_META_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

#define GST_IM_METADATA_META_API_TYPE (gst_im_metadata_meta_api_get_type ())
#define GST_IM_METADATA_META_INFO (gst_im_metadata_meta_get_info ())

/**
 * GstImMetadataMeta:
 * @meta: the parent #GstMeta
 * @exif: (nullable): the image's EXIF (the TIFF structure), checked; its
 *   Orientation is 1 when the pixels were turned upright
 * @xmp: (nullable): the image's XMP packet
 *
 * The EXIF and XMP of a frame, from its decoder to the saver that writes
 * them again (queue-saver's metadata=keep). No tags: geometric transforms
 * keep it (the EXIF describes the photo, not the pixel grid).
 */
typedef struct
{
  GstMeta meta;

  GBytes *exif;
  GBytes *xmp;
} GstImMetadataMeta;

GST_IM_API
GType              gst_im_metadata_meta_api_get_type (void);

GST_IM_API
const GstMetaInfo *gst_im_metadata_meta_get_info (void);

GST_IM_API
GstImMetadataMeta * gst_buffer_add_im_metadata_meta (GstBuffer * buffer,
                                                     GBytes * exif,
                                                     GBytes * xmp);

GST_IM_API
GstImMetadataMeta * gst_buffer_get_im_metadata_meta (GstBuffer * buffer);


G_END_DECLS

#endif /* __GST_IM_METADATA_META_H__ */
