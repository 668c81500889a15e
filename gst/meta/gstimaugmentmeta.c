/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The augment meta: the plan augment applied to make a frame, as JSON, so
 * the saver's manifest records it and a replay reproduces the frame.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/video/video.h>
#include <gst/imagemill/gstimaugmentmeta.h>

GType
gst_im_augment_meta_api_get_type (void)
{
  static GType type = 0;
  static const gchar *tags[] = { GST_META_TAG_VIDEO_STR,
    GST_META_TAG_VIDEO_ORIENTATION_STR, GST_META_TAG_VIDEO_SIZE_STR, NULL
  };

  if (g_once_init_enter (&type)) {
    GType _type = gst_meta_api_type_register ("GstImAugmentMetaAPI", tags);
    g_once_init_leave (&type, _type);
  }
  return type;
}

static gboolean
augment_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  ((GstImAugmentMeta *) meta)->plan = NULL;
  return TRUE;
}

static void
augment_meta_free (GstMeta * meta, GstBuffer * buffer)
{
  g_free (((GstImAugmentMeta *) meta)->plan);
}

/* Copies keep the plan; any other transform (a scale, a crop) would make
 * it describe pixels that are no longer there, so it is dropped. */
static gboolean
augment_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  if (!GST_META_TRANSFORM_IS_COPY (type))
    return TRUE;
  if (gst_buffer_get_im_augment_meta (dest))
    return TRUE;
  return gst_buffer_add_im_augment_meta (dest,
      ((GstImAugmentMeta *) meta)->plan) != NULL;
}

const GstMetaInfo *
gst_im_augment_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_IM_AUGMENT_META_API_TYPE,
        "GstImAugmentMeta", sizeof (GstImAugmentMeta), augment_meta_init,
        augment_meta_free, augment_meta_transform);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

/**
 * gst_buffer_add_im_augment_meta: (skip)
 * @buffer: a writable buffer
 * @plan: the plan as JSON
 *
 * Returns: (transfer none): the meta added to @buffer
 */
GstImAugmentMeta *
gst_buffer_add_im_augment_meta (GstBuffer * buffer, const gchar * plan)
{
  GstImAugmentMeta *meta;

  g_return_val_if_fail (GST_IS_BUFFER (buffer) && plan != NULL, NULL);

  meta = (GstImAugmentMeta *) gst_buffer_add_meta (buffer,
      GST_IM_AUGMENT_META_INFO, NULL);
  meta->plan = g_strdup (plan);
  return meta;
}

/**
 * gst_buffer_get_im_augment_meta: (skip)
 * @buffer: a buffer
 *
 * Returns: (transfer none) (nullable): the augment meta of @buffer
 */
GstImAugmentMeta *
gst_buffer_get_im_augment_meta (GstBuffer * buffer)
{
  return (GstImAugmentMeta *) gst_buffer_get_meta (buffer,
      GST_IM_AUGMENT_META_API_TYPE);
}

/**
 * gst_im_augment_meta_get_plan:
 * @buffer: a buffer
 *
 * The plan augment applied to make @buffer, as JSON, for bindings:
 * `json.loads (GstImagemill.augment_meta_get_plan (buffer))`.
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL when @buffer has
 *   no augment meta
 */
gchar *
gst_im_augment_meta_get_plan (GstBuffer * buffer)
{
  GstImAugmentMeta *meta;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);

  meta = gst_buffer_get_im_augment_meta (buffer);
  return meta ? g_strdup (meta->plan) : NULL;
}
