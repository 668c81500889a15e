/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_PROFILE_META_H__
#define __GST_IM_PROFILE_META_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

#define GST_IM_PROFILE_META_API_TYPE (gst_im_profile_meta_api_get_type ())
#define GST_IM_PROFILE_META_INFO (gst_im_profile_meta_get_info ())

/**
 * GstImProfileMeta:
 * @meta: the parent #GstMeta
 * @icc: the ICC profile the pixels are in, as the image embedded it
 *
 * The colour profile of a frame, from its decoder to the saver that
 * embeds it again (JPEG APP2, PNG iCCP). It has no tags: resizing,
 * cropping and the geometric transforms keep it (the pixels stay in the
 * same colour space); an element that converts the colours replaces or
 * removes it.
 */
typedef struct
{
  GstMeta meta;

  GBytes *icc;
} GstImProfileMeta;

GST_IM_API
GType              gst_im_profile_meta_api_get_type (void);

GST_IM_API
const GstMetaInfo *gst_im_profile_meta_get_info (void);

GST_IM_API
GstImProfileMeta * gst_buffer_add_im_profile_meta (GstBuffer * buffer,
                                                   GBytes * icc);

GST_IM_API
GstImProfileMeta * gst_buffer_get_im_profile_meta (GstBuffer * buffer);

GST_IM_API
GBytes *           gst_im_profile_meta_get_icc (GstBuffer * buffer);

G_END_DECLS

#endif /* __GST_IM_PROFILE_META_H__ */
