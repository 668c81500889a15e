/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_QUEUE_SAVER_PRIVATE_H__
#define __GST_QUEUE_SAVER_PRIVATE_H__

#include <gst/imagemill/gstimencoder.h>
#include <gst/imagemill/gstimmanifest.h>
#include <gst/imagemill/gstimpathpattern.h>
#include <gst/imagemill/gstimsavequeue.h>

#include "gstqueuesaver.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (gst_queue_saver_debug);

struct _GstQueueSaver
{
  GstBaseSink parent;

  /* properties: GST_OBJECT_LOCK */
  gchar *location;
  GstQueueSaverFormat format;
  GstImMetadataMode metadata;
  guint quality;
  GstImJpegSubsampling subsampling;
  guint compression_level;
  guint savers;
  guint max_queued;
  guint64 max_queued_bytes;
  GstImIfExists if_exists;
  gboolean fsync;
  GstImReporter *reporter;      /* on-error and skipped */
  gboolean post_messages;
  gchar *manifest_path;
  guint64 max_write_rate;
  GstImSaveQueue *queue;        /* between start and stop */

  /* streaming state */
  GstImPathPattern *pattern;
  GstImManifest *manifest;
  gboolean raw;
  GstVideoInfo info;
  guint64 count;                /* buffers received since start */
  gboolean failed;              /* an error was posted: refuse data */
};

/* One input's job (gstqueuesaverjob.c): its file name and format, then its
 * report in input order. The save queue sees its GstImSaveJob. */
G_GNUC_INTERNAL
GstImSaveJob * gst_queue_saver_job_new    (GstQueueSaver * self,
                                           GstBuffer * buffer,
                                           guint * max_queued,
                                           guint64 * max_bytes);

G_GNUC_INTERNAL
void           gst_queue_saver_job_free   (GstImSaveJob * save);

G_GNUC_INTERNAL
gboolean       gst_queue_saver_job_report (GstImSaveJob * save,
                                           gpointer user_data);

G_END_DECLS

#endif /* __GST_QUEUE_SAVER_PRIVATE_H__ */
