/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_SOURCE_META_H__
#define __GST_IM_SOURCE_META_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

#define GST_IM_SOURCE_META_API_TYPE (gst_im_source_meta_api_get_type ())
#define GST_IM_SOURCE_META_INFO (gst_im_source_meta_get_info ())

/**
 * GstImSourceMeta:
 * @meta: the parent #GstMeta
 * @path: where the image came from, relative to the dataset root
 * @index: the image's index in the dataset
 * @copy: which copy of the image this is (augment makes several), from 0
 * @image: which image of its file this is: 0 for the primary image, k for
 *   the k-th image of the file's MPF index (a secondary image, framed under
 *   secondary-images=emit). Since: 0.1
 *
 * Names an image as it flows from dataset-src to queue-saver, so outputs can
 * be named after their inputs and errors can name the file.
 */
typedef struct
{
  GstMeta meta;

  gchar *path;
  guint64 index;
  guint copy;
  guint image;
} GstImSourceMeta;

GST_IM_API
GType              gst_im_source_meta_api_get_type (void);

GST_IM_API
const GstMetaInfo *gst_im_source_meta_get_info (void);

GST_IM_API
GstImSourceMeta *  gst_buffer_add_im_source_meta (GstBuffer * buffer,
                                                  const gchar * path,
                                                  guint64 index, guint copy);

GST_IM_API
GstImSourceMeta *  gst_buffer_get_im_source_meta (GstBuffer * buffer);

GST_IM_API
gchar *            gst_im_describe_buffer (GstBuffer * buffer);

GST_IM_API
gboolean           gst_im_source_meta_get (GstBuffer * buffer, gchar ** path,
                                           guint64 * index, guint * copy);

GST_IM_API
gboolean           gst_im_source_meta_get_image (GstBuffer * buffer,
                                                 guint * image);

G_END_DECLS

#endif /* __GST_IM_SOURCE_META_H__ */
