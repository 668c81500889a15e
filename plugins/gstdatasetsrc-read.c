/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * dataset-src's streaming side: the items of the shard handed to the
 * read-ahead queue in dataset order, each read file sniffed and given its
 * caps, offsets, timestamps and source meta, or reported through
 * on-error; progress messages and the end of each pass. The element,
 * its properties and the listing are in gstdatasetsrc.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstdatasetsrc.h"

#define GST_CAT_DEFAULT gst_dataset_src_debug

/* ---- reading ---- */

/* GstImFileNextFunc: the next item in dataset order, from the first again
 * after the last one when looping. */
gchar *
gst_dataset_src_next_item (gpointer user_data, guint64 * size,
    gpointer * item_out)
{
  GstDatasetSrc *self = user_data;
  const GstImDatasetItem *item;

  if (self->next == self->n_items) {
    if (!self->loop_now || self->n_items == 0)
      return NULL;
    self->next = 0;
  }
  item = gst_im_dataset_get_item (self->dataset, self->next++);
  *size = item->size;
  *item_out = (gpointer) item;
  return gst_im_dataset_get_full_path (self->dataset, item);
}

/* The next item in dataset order, read and sniffed: @buf or @err is set. */
static GstFlowReturn
read_next (GstDatasetSrc * self, const GstImDatasetItem ** item,
    GstBuffer ** buf, GstImCodec * codec, GError ** err)
{
  GstFlowReturn ret;
  gpointer data = NULL;
  GstMapInfo map;
  guint64 max_bytes;
  gsize size;

  GST_OBJECT_LOCK (self);
  max_bytes = self->max_prefetch_bytes;
  GST_OBJECT_UNLOCK (self);
  gst_im_file_queue_set_max_bytes (self->queue, max_bytes);

  ret = gst_im_file_queue_pop (self->queue, &data, buf, err);
  *item = data;
  if (ret != GST_FLOW_OK || *buf == NULL)
    return ret;
  if (!gst_buffer_map (*buf, &map, GST_MAP_READ))
    goto map_failed;
  size = map.size;
  *codec = gst_im_codec_sniff (map.data, map.size);
  gst_buffer_unmap (*buf, &map);
  if (*codec == GST_IM_CODEC_UNKNOWN)
    goto not_an_image;
  GST_LOG_OBJECT (self, "read \"%s\", %" G_GSIZE_FORMAT " bytes",
      (*item)->path, size);
  return GST_FLOW_OK;

  /* ERRORS */
map_failed:
  {
    g_set_error (err, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "could not map the %" G_GSIZE_FORMAT " bytes read",
        gst_buffer_get_size (*buf));
    gst_clear_buffer (buf);
    return GST_FLOW_OK;
  }
not_an_image:
  {
    g_set_error (err, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE,
        "not a JPEG or PNG file (%" G_GSIZE_FORMAT " bytes, no JPEG or PNG "
        "signature)", size);
    gst_clear_buffer (buf);
    return GST_FLOW_OK;
  }
}

/* A "dataset-src-progress" message with the counters of this pass. */
void
gst_dataset_src_post_progress (GstDatasetSrc * self)
{
  GstStructure *s = gst_structure_new ("dataset-src-progress",
      "done-items", G_TYPE_UINT64, self->done_items,
      "total-items", G_TYPE_UINT64, (guint64) self->n_items,
      "done-bytes", G_TYPE_UINT64, self->done_bytes,
      "total-bytes", G_TYPE_UINT64, self->total_bytes,
      "skipped", G_TYPE_UINT64, self->pass_skipped,
      "pass", G_TYPE_UINT64, self->pass, NULL);

  GST_LOG_OBJECT (self, "progress %" GST_PTR_FORMAT, s);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
  self->last_progress = g_get_monotonic_time ();
}

/* ---- pushing ---- */

/* Applies on-error to an item that could not be read. */
static GstFlowReturn
report_error (GstDatasetSrc * self, const GstImDatasetItem * item, GError * err)
{
  gchar *what = g_strdup_printf ("\"%s\" (item %" G_GUINT64_FORMAT ")",
      item->path, item->index);
  GstFlowReturn ret;

  GST_WARNING_OBJECT (self, "%s: %s", what, err->message);
  ret = gst_im_reporter_report (self->reporter, what, err);
  g_free (what);
  if (ret == GST_FLOW_OK)
    self->pass_skipped++;
  return ret;
}

/* Caps, offsets, timestamps and the source meta for one read file. */
static GstFlowReturn
prepare_buffer (GstDatasetSrc * self, const GstImDatasetItem * item,
    GstBuffer * buf, GstImCodec codec, GstBuffer ** outbuf)
{
  if (codec != self->codec) {
    GstCaps *caps = gst_caps_new_simple (gst_im_codec_media_type (codec),
        "parsed", G_TYPE_BOOLEAN, TRUE,
        "framerate", GST_TYPE_FRACTION, self->fps_n_now, self->fps_d_now,
        NULL);
    gboolean ok;

    GST_DEBUG_OBJECT (self, "caps %" GST_PTR_FORMAT " from \"%s\"", caps,
        item->path);
    ok = gst_base_src_set_caps (GST_BASE_SRC (self), caps);
    gst_caps_unref (caps);
    if (!ok)
      goto not_negotiated;
    self->codec = codec;
  }

  GST_BUFFER_OFFSET (buf) = item->index;
  GST_BUFFER_OFFSET_END (buf) = item->index + 1;
  if (self->fps_n_now > 0) {
    GstClockTime pts = gst_util_uint64_scale (self->n_out,
        self->fps_d_now * GST_SECOND, self->fps_n_now);

    GST_BUFFER_PTS (buf) = pts;
    GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (self->n_out + 1,
        self->fps_d_now * GST_SECOND, self->fps_n_now) - pts;
  }
  gst_buffer_add_im_source_meta (buf, item->path, item->index, 0);
  self->n_out++;
  self->pass_pushed++;
  *outbuf = buf;
  return GST_FLOW_OK;

  /* ERRORS */
not_negotiated:
  {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Downstream does not accept %s, needed for \"%s\" (item %"
            G_GUINT64_FORMAT ")", gst_im_codec_media_type (codec),
            item->path, item->index), (NULL));
    gst_buffer_unref (buf);
    return GST_FLOW_NOT_NEGOTIATED;
  }
}

/* Counts one item done; progress when due; the end of a pass. */
static GstFlowReturn
item_done (GstDatasetSrc * self, const GstImDatasetItem * item)
{
  guint interval;

  GST_OBJECT_LOCK (self);
  interval = self->progress_interval;
  GST_OBJECT_UNLOCK (self);

  self->done_items++;
  self->done_bytes += item->size;
  if (self->done_items < self->n_items) {
    if (g_get_monotonic_time () - self->last_progress >=
        (gint64) interval * 1000)
      gst_dataset_src_post_progress (self);
    return GST_FLOW_OK;
  }

  gst_dataset_src_post_progress (self);
  if (self->loop_now && self->pass_pushed == 0)
    goto nothing_read;
  self->pass++;
  self->done_items = self->done_bytes = 0;
  self->pass_skipped = self->pass_pushed = 0;
  return GST_FLOW_OK;

  /* ERRORS */
nothing_read:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, READ,
        ("No item of dataset \"%s\" could be read, not looping over it",
            gst_im_dataset_get_root (self->dataset)), ("all %u items skipped",
            self->n_items));
    return GST_FLOW_ERROR;
  }
}

GstFlowReturn
gst_dataset_src_create (GstPushSrc * src, GstBuffer ** outbuf)
{
  GstDatasetSrc *self = GST_DATASET_SRC (src);
  const GstImDatasetItem *item;
  GstImCodec codec = GST_IM_CODEC_UNKNOWN;
  GstFlowReturn ret;
  GstBuffer *buf;
  GError *err = NULL;

  *outbuf = NULL;
  while (*outbuf == NULL) {
    ret = read_next (self, &item, &buf, &codec, &err);
    if (ret == GST_FLOW_EOS)
      GST_DEBUG_OBJECT (self, "all %u items done", self->n_items);
    if (ret != GST_FLOW_OK)
      return ret;
    if (err)
      ret = report_error (self, item, err);
    else
      ret = prepare_buffer (self, item, buf, codec, outbuf);
    g_clear_error (&err);
    if (ret == GST_FLOW_OK)
      ret = item_done (self, item);
    if (ret != GST_FLOW_OK) {
      gst_clear_buffer (outbuf);
      return ret;
    }
  }
  return GST_FLOW_OK;
}
