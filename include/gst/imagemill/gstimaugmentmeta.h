/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_AUGMENT_META_H__
#define __GST_IM_AUGMENT_META_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

#define GST_IM_AUGMENT_META_API_TYPE (gst_im_augment_meta_api_get_type ())
#define GST_IM_AUGMENT_META_INFO (gst_im_augment_meta_get_info ())

/**
 * GstImAugmentMeta:
 * @meta: the parent #GstMeta
 * @plan: what augment did to make this frame, as JSON: the seed, the frame
 *   key, the copy, the input and output sizes and each applied transform
 *   with its concrete parameters (gst_im_aug_plan_to_json()); augment's
 *   #GstAugment:replay property or gst_im_aug_plan_new_from_json() replay it
 *
 * Written by augment on every output. It carries the "video" and
 * "orientation" tags: an element that changes the geometry again drops it,
 * a copy keeps it.
 */
typedef struct
{
  GstMeta meta;

  gchar *plan;
} GstImAugmentMeta;

GST_IM_API
GType              gst_im_augment_meta_api_get_type (void);

GST_IM_API
const GstMetaInfo *gst_im_augment_meta_get_info (void);

GST_IM_API
GstImAugmentMeta * gst_buffer_add_im_augment_meta (GstBuffer * buffer,
                                                   const gchar * plan);

GST_IM_API
GstImAugmentMeta * gst_buffer_get_im_augment_meta (GstBuffer * buffer);

GST_IM_API
gchar *            gst_im_augment_meta_get_plan (GstBuffer * buffer);

G_END_DECLS

#endif /* __GST_IM_AUGMENT_META_H__ */
