/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The source meta: which dataset item a buffer came from. It has no tags, so
 * it survives every transform (decode, resize, augment) and reaches the saver.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/imagemill/gstimsourcemeta.h>

GType
gst_im_source_meta_api_get_type (void)
{
  static GType type = 0;
  static const gchar *tags[] = { NULL };

  if (g_once_init_enter (&type)) {
    GType _type = gst_meta_api_type_register ("GstImSourceMetaAPI", tags);
    g_once_init_leave (&type, _type);
  }
  return type;
}

static gboolean
source_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  GstImSourceMeta *smeta = (GstImSourceMeta *) meta;

  smeta->path = NULL;
  smeta->index = 0;
  smeta->copy = 0;
  smeta->image = 0;
  return TRUE;
}

static void
source_meta_free (GstMeta * meta, GstBuffer * buffer)
{
  g_free (((GstImSourceMeta *) meta)->path);
}

/* Every transform keeps the name: a scaled or cropped frame still comes from
 * the same file. */
static gboolean
source_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  GstImSourceMeta *smeta = (GstImSourceMeta *) meta, *copy;

  /* a buffer that already names its source keeps its own name */
  if (gst_buffer_get_im_source_meta (dest))
    return TRUE;
  copy = gst_buffer_add_im_source_meta (dest, smeta->path, smeta->index,
      smeta->copy);
  if (copy == NULL)
    return FALSE;
  copy->image = smeta->image;
  return TRUE;
}

const GstMetaInfo *
gst_im_source_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_IM_SOURCE_META_API_TYPE,
        "GstImSourceMeta", sizeof (GstImSourceMeta), source_meta_init,
        source_meta_free, source_meta_transform);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

/**
 * gst_buffer_add_im_source_meta: (skip)
 * @buffer: a writable buffer
 * @path: (nullable): the source path, relative to the dataset root
 * @index: the item's index in the dataset
 * @copy: the copy number, from 0
 *
 * Returns: (transfer none): the meta added to @buffer
 */
GstImSourceMeta *
gst_buffer_add_im_source_meta (GstBuffer * buffer, const gchar * path,
    guint64 index, guint copy)
{
  GstImSourceMeta *meta;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);

  meta = (GstImSourceMeta *) gst_buffer_add_meta (buffer,
      GST_IM_SOURCE_META_INFO, NULL);
  meta->path = g_strdup (path);
  meta->index = index;
  meta->copy = copy;
  return meta;
}

/**
 * gst_buffer_get_im_source_meta: (skip)
 * @buffer: a buffer
 *
 * Returns: (transfer none) (nullable): the source meta of @buffer
 */
GstImSourceMeta *
gst_buffer_get_im_source_meta (GstBuffer * buffer)
{
  return (GstImSourceMeta *) gst_buffer_get_meta (buffer,
      GST_IM_SOURCE_META_API_TYPE);
}

/**
 * gst_im_describe_buffer:
 * @buffer: an input buffer
 *
 * Names @buffer for a message a person will read: its source path (and
 * index in the dataset) when its source meta has one, else its byte offset
 * and timestamp, each only when known; a secondary image of its file
 * (#GstImSourceMeta.image above 0) says which.
 *
 * Returns: (transfer full): the description
 */
gchar *
gst_im_describe_buffer (GstBuffer * buffer)
{
  GstImSourceMeta *meta = gst_buffer_get_im_source_meta (buffer);
  GString *what = g_string_new (NULL);

  if (meta && meta->path) {
    g_string_append_printf (what, "\"%s\"", meta->path);
  } else {
    g_string_append (what, "buffer");
    if (GST_BUFFER_OFFSET_IS_VALID (buffer))
      g_string_append_printf (what, " at offset %" G_GUINT64_FORMAT,
          GST_BUFFER_OFFSET (buffer));
    if (GST_BUFFER_PTS_IS_VALID (buffer))
      g_string_append_printf (what, " with pts %" GST_TIME_FORMAT,
          GST_TIME_ARGS (GST_BUFFER_PTS (buffer)));
  }
  if (meta)
    g_string_append_printf (what, " (item %" G_GUINT64_FORMAT, meta->index);
  if (meta && meta->image > 0)
    g_string_append_printf (what, ", image %u of its file", meta->image);
  if (meta)
    g_string_append_c (what, ')');
  return g_string_free (what, FALSE);
}

/**
 * gst_im_source_meta_get:
 * @buffer: a buffer
 * @path: (out) (optional) (nullable) (transfer full): the source path,
 *   relative to the dataset root
 * @index: (out) (optional): the image's index in the dataset
 * @copy: (out) (optional): the copy number, from 0
 *
 * The source meta's values, for bindings (PyGObject cannot read a
 * #GstImSourceMeta's fields): `ok, path, index, copy =
 * GstImagemill.source_meta_get (buffer)`.
 *
 * Returns: whether @buffer has a source meta
 */
gboolean
gst_im_source_meta_get (GstBuffer * buffer, gchar ** path, guint64 * index,
    guint * copy)
{
  GstImSourceMeta *meta;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), FALSE);

  meta = gst_buffer_get_im_source_meta (buffer);
  if (path)
    *path = meta ? g_strdup (meta->path) : NULL;
  if (index)
    *index = meta ? meta->index : 0;
  if (copy)
    *copy = meta ? meta->copy : 0;
  return meta != NULL;
}

/**
 * gst_im_source_meta_get_image:
 * @buffer: a buffer
 * @image: (out) (optional): which image of its file @buffer is: 0 for the
 *   primary image (and when @buffer has no source meta), k for the k-th
 *   image of the file's MPF index
 *
 * #GstImSourceMeta.image, for bindings: `ok, image =
 * GstImagemill.source_meta_get_image (buffer)`.
 *
 * Returns: whether @buffer has a source meta
 *
 * Since: 0.1
 */
gboolean
gst_im_source_meta_get_image (GstBuffer * buffer, guint * image)
{
  GstImSourceMeta *meta;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), FALSE);

  meta = gst_buffer_get_im_source_meta (buffer);
  if (image)
    *image = meta ? meta->image : 0;
  return meta != NULL;
}
