/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The metadata meta: a frame's EXIF and XMP. No tags, so it survives
 * decode, resize and augment and reaches the saver.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/imagemill/gstimmetadatameta.h>

GType
gst_im_metadata_meta_api_get_type (void)
{
  static GType type = 0;
  static const gchar *tags[] = { NULL };

  if (g_once_init_enter (&type)) {
    GType _type = gst_meta_api_type_register ("GstImMetadataMetaAPI", tags);
    g_once_init_leave (&type, _type);
  }
  return type;
}

static gboolean
metadata_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  GstImMetadataMeta *m = (GstImMetadataMeta *) meta;

  m->exif = m->xmp = NULL;
  return TRUE;
}

static void
metadata_meta_free (GstMeta * meta, GstBuffer * buffer)
{
  GstImMetadataMeta *m = (GstImMetadataMeta *) meta;

  g_clear_pointer (&m->exif, g_bytes_unref);
  g_clear_pointer (&m->xmp, g_bytes_unref);
}

/* Every transform keeps it: the photo's data stays the photo's. */
static gboolean
metadata_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  GstImMetadataMeta *m = (GstImMetadataMeta *) meta;

  if (gst_buffer_get_im_metadata_meta (dest))
    return TRUE;
  return gst_buffer_add_im_metadata_meta (dest, m->exif, m->xmp) != NULL;
}

const GstMetaInfo *
gst_im_metadata_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_IM_METADATA_META_API_TYPE,
        "GstImMetadataMeta", sizeof (GstImMetadataMeta), metadata_meta_init,
        metadata_meta_free, metadata_meta_transform);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

/**
 * gst_buffer_add_im_metadata_meta: (skip)
 * @buffer: a writable buffer
 * @exif: (nullable): EXIF (a reference is taken)
 * @xmp: (nullable): XMP (a reference is taken)
 *
 * Returns: (transfer none): the meta added to @buffer
 */
GstImMetadataMeta *
gst_buffer_add_im_metadata_meta (GstBuffer * buffer, GBytes * exif,
    GBytes * xmp)
{
  GstImMetadataMeta *meta;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);

  meta = (GstImMetadataMeta *) gst_buffer_add_meta (buffer,
      GST_IM_METADATA_META_INFO, NULL);
  meta->exif = exif ? g_bytes_ref (exif) : NULL;
  meta->xmp = xmp ? g_bytes_ref (xmp) : NULL;
  return meta;
}

/**
 * gst_buffer_get_im_metadata_meta: (skip)
 * @buffer: a buffer
 *
 * Returns: (transfer none) (nullable): the metadata meta of @buffer
 */
GstImMetadataMeta *
gst_buffer_get_im_metadata_meta (GstBuffer * buffer)
{
  return (GstImMetadataMeta *) gst_buffer_get_meta (buffer,
      GST_IM_METADATA_META_API_TYPE);
}
