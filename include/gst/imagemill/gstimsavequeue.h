/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_SAVE_QUEUE_H__
#define __GST_IM_SAVE_QUEUE_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/imagemill/gstimencoder.h>
#include <gst/imagemill/gstimsaver.h>

G_BEGIN_DECLS

/**
 * GstImSaveJob:
 * @location: where the file goes
 * @buffer: the input: a raw frame described by @info, or JPEG or PNG data;
 *   the queue drops it as soon as the job is done
 * @raw: whether @buffer is a raw frame
 * @info: the raw frame's format, size and strides
 * @settings: how a raw frame is encoded
 * @check_format: encoded input must be @settings.format (it is written as
 *   it is, never converted)
 * @if_exists: what to do when @location exists
 * @flags: %GST_IM_SAVE_FSYNC or %GST_IM_SAVE_NONE (%GST_IM_SAVE_NO_REPLACE
 *   comes from @if_exists)
 * @max_write_rate: bytes per second that the writes of the whole queue
 *   share, 0 for no limit
 * @result: the outcome, set when the job is reported: %GST_IM_SAVE_EXISTS
 *   when if-exists=skip kept the file
 * @size: the bytes written, or the size of the file kept
 * @error: why the job failed
 *
 * One file to save: what to save and, once saved, how it went; nothing of
 * the queue's. Callers embed it as the first member of their own job and
 * fill in the fields above @result; gst_im_save_job_clear() frees them.
 */
typedef struct
{
  gchar *location;
  GstBuffer *buffer;
  gboolean raw;
  GstVideoInfo info;
  GstImEncodeSettings settings;
  gboolean check_format;
  GstImIfExists if_exists;
  GstImSaveFlags flags;
  guint64 max_write_rate;

  GstImSaveResult result;
  guint64 size;
  GError *error;
} GstImSaveJob;

/**
 * GstImSaveQueue:
 *
 * Saves files on worker threads behind a bounded queue: a push blocks while
 * the queue is full; jobs are encoded (each worker has its own
 * #GstImEncoder) and written in parallel, each with the if-exists rule and
 * an atomic write; they are reported in the order they were pushed.
 */
typedef struct _GstImSaveQueue GstImSaveQueue;

/**
 * GstImSaveReportFunc:
 * @job: a finished job: @result, @size and @error are set
 * @user_data: the data given to gst_im_save_queue_new()
 *
 * Reports one job, in input order, on the thread that pushes, drains or
 * frees, without the queue's lock. Jobs dropped by a flush or by
 * gst_im_save_queue_free() (those not started) are not reported.
 *
 * Returns: %FALSE to make the running gst_im_save_queue_push() fail
 */
typedef gboolean (*GstImSaveReportFunc) (GstImSaveJob * job,
    gpointer user_data);

GST_IM_API
void             gst_im_save_job_clear (GstImSaveJob * job);

GST_IM_API
GstImSaveQueue * gst_im_save_queue_new (guint n_workers,
                                        GstImSaveReportFunc report,
                                        GDestroyNotify free_job,
                                        gpointer user_data, GError ** error);

GST_IM_API
void             gst_im_save_queue_free (GstImSaveQueue * queue);

GST_IM_API
void             gst_im_save_queue_set_n_workers (GstImSaveQueue * queue,
                                                  guint n_workers);

GST_IM_API
GstFlowReturn    gst_im_save_queue_push (GstImSaveQueue * queue,
                                         GstImSaveJob * job, guint max_jobs,
                                         guint64 max_bytes);

GST_IM_API
GstFlowReturn    gst_im_save_queue_drain (GstImSaveQueue * queue);

GST_IM_API
void             gst_im_save_queue_flush (GstImSaveQueue * queue);

GST_IM_API
void             gst_im_save_queue_set_flushing (GstImSaveQueue * queue,
                                                 gboolean flushing);

G_END_DECLS

#endif /* __GST_IM_SAVE_QUEUE_H__ */
