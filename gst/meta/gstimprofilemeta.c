/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The profile meta: the ICC profile a frame's pixels are in. No tags, so
 * it survives decode, resize and augment and reaches the saver.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/imagemill/gstimprofilemeta.h>

GType
gst_im_profile_meta_api_get_type (void)
{
  static GType type = 0;
  static const gchar *tags[] = { NULL };

  if (g_once_init_enter (&type)) {
    GType _type = gst_meta_api_type_register ("GstImProfileMetaAPI", tags);
    g_once_init_leave (&type, _type);
  }
  return type;
}

static gboolean
profile_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  ((GstImProfileMeta *) meta)->icc = NULL;
  return TRUE;
}

static void
profile_meta_free (GstMeta * meta, GstBuffer * buffer)
{
  g_clear_pointer (&((GstImProfileMeta *) meta)->icc, g_bytes_unref);
}

/* Every transform keeps the profile: the pixels keep their colours. */
static gboolean
profile_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  if (gst_buffer_get_im_profile_meta (dest))
    return TRUE;
  return gst_buffer_add_im_profile_meta (dest,
      ((GstImProfileMeta *) meta)->icc) != NULL;
}

const GstMetaInfo *
gst_im_profile_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_IM_PROFILE_META_API_TYPE,
        "GstImProfileMeta", sizeof (GstImProfileMeta), profile_meta_init,
        profile_meta_free, profile_meta_transform);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

/**
 * gst_buffer_add_im_profile_meta: (skip)
 * @buffer: a writable buffer
 * @icc: the ICC profile (a reference is taken)
 *
 * Returns: (transfer none): the meta added to @buffer
 */
GstImProfileMeta *
gst_buffer_add_im_profile_meta (GstBuffer * buffer, GBytes * icc)
{
  GstImProfileMeta *meta;

  g_return_val_if_fail (GST_IS_BUFFER (buffer) && icc != NULL, NULL);

  meta = (GstImProfileMeta *) gst_buffer_add_meta (buffer,
      GST_IM_PROFILE_META_INFO, NULL);
  meta->icc = g_bytes_ref (icc);
  return meta;
}

/**
 * gst_buffer_get_im_profile_meta: (skip)
 * @buffer: a buffer
 *
 * Returns: (transfer none) (nullable): the profile meta of @buffer
 */
GstImProfileMeta *
gst_buffer_get_im_profile_meta (GstBuffer * buffer)
{
  return (GstImProfileMeta *) gst_buffer_get_meta (buffer,
      GST_IM_PROFILE_META_API_TYPE);
}

/**
 * gst_im_profile_meta_get_icc:
 * @buffer: a buffer
 *
 * The ICC profile of @buffer's pixels, for bindings.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL without one
 */
GBytes *
gst_im_profile_meta_get_icc (GstBuffer * buffer)
{
  GstImProfileMeta *meta;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);

  meta = gst_buffer_get_im_profile_meta (buffer);
  return meta ? g_bytes_ref (meta->icc) : NULL;
}
