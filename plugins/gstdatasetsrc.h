/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * dataset-src lives in two files: gstdatasetsrc.c is the element (its
 * properties, and the state changes that check them and list the
 * dataset), gstdatasetsrc-read.c the streaming side (the items read in
 * order, sniffed, stamped, reported, and the progress messages).
 */
#ifndef __GST_DATASET_SRC_H__
#define __GST_DATASET_SRC_H__

#include <gst/base/gstpushsrc.h>
#include <gst/imagemill/imagemill.h>

G_BEGIN_DECLS

#define GST_TYPE_DATASET_SRC (gst_dataset_src_get_type ())
G_DECLARE_FINAL_TYPE (GstDatasetSrc, gst_dataset_src, GST, DATASET_SRC,
    GstPushSrc);
GST_ELEMENT_REGISTER_DECLARE (dataset_src);

struct _GstDatasetSrc
{
  GstPushSrc parent;

  /* properties: GST_OBJECT_LOCK */
  gchar *location;
  gboolean recursive;
  gchar *extensions;
  gboolean sort;
  guint shard_index;
  guint shard_count;
  guint prefetch;
  guint64 max_prefetch_bytes;
  guint64 max_file_bytes;
  guint64 num_items;
  gboolean loop;
  gint fps_n, fps_d;
  GstImReporter *reporter;      /* on-error and skipped */
  guint progress_interval;

  /* the dataset, from READY→PAUSED to PAUSED→READY; read-only in between */
  GstImDataset *dataset;        /* this shard's items */
  guint n_items;
  guint64 total_bytes;

  /* read-ahead, as long as the dataset; lock guards the pointer for
   * unlock(), the queue locks itself */
  GMutex lock;
  GstImFileQueue *queue;

  /* streaming state, set at READY→PAUSED */
  gboolean loop_now;
  guint next;                   /* next item to hand to the queue */
  gint fps_n_now, fps_d_now;
  GstImCodec codec;             /* of the caps last sent */
  guint64 n_out;                /* buffers made, for timestamps */
  guint64 pass;
  guint64 done_items, done_bytes, pass_skipped, pass_pushed;
  gint64 last_progress;         /* g_get_monotonic_time() */
};

GST_DEBUG_CATEGORY_EXTERN (gst_dataset_src_debug);

/* gstdatasetsrc-read.c */
G_GNUC_INTERNAL
gchar *       gst_dataset_src_next_item (gpointer user_data, guint64 * size,
                                         gpointer * item);

G_GNUC_INTERNAL
void          gst_dataset_src_post_progress (GstDatasetSrc * self);

G_GNUC_INTERNAL
GstFlowReturn gst_dataset_src_create (GstPushSrc * src, GstBuffer ** buf);

G_END_DECLS

#endif /* __GST_DATASET_SRC_H__ */
