/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimsavequeue
 * @title: GstImSaveQueue
 * @short_description: encode and save on workers, report in order
 *
 * #GstImSaveQueue runs gst_im_save_file() writes on worker threads behind a
 * bounded queue (jobs and bytes), applies #GstImIfExists (checked before
 * encoding, so a resumed job does not encode what it keeps, and again by the
 * rename) and an optional write rate, and reports the jobs in the order they
 * came. The queueing, order, bounds and flush are a #GstImOrderedQueue's: a
 * job counts against max-jobs until it is reported and against max-bytes
 * until its input is let go, once saved.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>
#include <gst/video/video.h>
#include <gst/imagemill/gstimsavequeue.h>
#include <gst/imagemill/gstimorderedqueue.h>
#include <gst/imagemill/gstimdecoder.h>
#include "io/gstimsaver-private.h"


struct _GstImSaveQueue
{
  GstImSaveReportFunc report;
  GDestroyNotify free_job;
  gpointer user_data;
  GstImWorkerPool *pool;
  GstImOrderedQueue *jobs;      /* GstImSaveJob *, until reported */

  /* everything below: lock */
  GMutex lock;
  GCond cond;                   /* a throttled write must stop waiting */
  gboolean stopping;            /* throttled writes stop waiting */
  GSList *encoders;             /* idle GstImEncoders */
  gint64 next_write;            /* max-write-rate: monotonic time, us */
};

static guint64 run_job (gpointer data, guint64 bytes, gpointer user_data);

/**
 * gst_im_save_job_clear:
 * @job: a job
 *
 * Frees the location, buffer and error of @job, not @job itself.
 */
void
gst_im_save_job_clear (GstImSaveJob * job)
{
  g_return_if_fail (job != NULL);

  g_clear_pointer (&job->location, g_free);
  gst_clear_buffer (&job->buffer);
  g_clear_error (&job->error);
}

/**
 * gst_im_save_queue_new: (skip)
 * @n_workers: worker threads; 0 means one per core
 * @report: reports finished jobs, in input order
 * @free_job: frees a job once it is reported or dropped
 * @user_data: data for @report and @free_job
 * @error: return location for a thread creation error
 *
 * Returns: (transfer full) (nullable): a queue, or %NULL with @error set
 *   when the workers could not be started
 */
GstImSaveQueue *
gst_im_save_queue_new (guint n_workers, GstImSaveReportFunc report,
    GDestroyNotify free_job, gpointer user_data, GError ** error)
{
  GstImSaveQueue *queue;
  GstImWorkerPool *pool;

  g_return_val_if_fail (report != NULL && free_job != NULL, NULL);

  if (!(pool = gst_im_worker_pool_new (n_workers, error)))
    return NULL;
  queue = g_new0 (GstImSaveQueue, 1);
  queue->report = report;
  queue->free_job = free_job;
  queue->user_data = user_data;
  queue->pool = pool;
  queue->jobs = gst_im_ordered_queue_new (pool, run_job, free_job, queue);
  g_mutex_init (&queue->lock);
  g_cond_init (&queue->cond);
  GST_DEBUG ("save queue %p: %u workers", queue,
      gst_im_worker_pool_get_n_workers (pool));
  return queue;
}

/**
 * gst_im_save_queue_set_n_workers:
 * @queue: a queue
 * @n_workers: worker threads; 0 means one per core
 *
 * Grows or shrinks the pool; no job is lost.
 */
void
gst_im_save_queue_set_n_workers (GstImSaveQueue * queue, guint n_workers)
{
  g_return_if_fail (queue != NULL);

  gst_im_worker_pool_set_n_workers (queue->pool, n_workers);
}

/* Reports and frees the jobs at the head that are saved, waiting for the
 * head with GST_IM_ORDERED_POP_NONE. Returns FALSE if a report function
 * did. */
static gboolean
report_done (GstImSaveQueue * queue, GstImOrderedPopFlags flags)
{
  gboolean ok = TRUE;
  gpointer job;

  while (gst_im_ordered_queue_get_length (queue->jobs) > 0 &&
      gst_im_ordered_queue_pop (queue->jobs, flags, &job) ==
      GST_IM_ORDERED_OK) {
    if (!queue->report (job, queue->user_data))
      ok = FALSE;
    queue->free_job (job);
  }
  return ok;
}

/* Waits for the job's slot under max-write-rate: writes are spaced as if
 * one disk of that bandwidth took them in turn. */
static void
throttle (GstImSaveQueue * queue, GstImSaveJob * job)
{
  gint64 now, end;

  if (job->max_write_rate == 0)
    return;
  g_mutex_lock (&queue->lock);
  now = g_get_monotonic_time ();
  end = MAX (now, queue->next_write) + (gint64) (job->size * G_USEC_PER_SEC /
      job->max_write_rate);
  queue->next_write = end;
  while (!queue->stopping && g_get_monotonic_time () < end)
    g_cond_wait_until (&queue->cond, &queue->lock, end);
  g_mutex_unlock (&queue->lock);
}

/* The file's bytes: a raw frame encoded by @enc (valid until its next
 * encode), or encoded input as it is, left mapped in @map. */
static gboolean
encode_job (GstImSaveJob * job, GstImEncoder * enc, GstMapInfo * map,
    const guint8 ** data, GError ** error)
{
  GstImEncodeFormat have;
  GstVideoFrame frame;
  GstImCodec codec;
  gboolean ok;
  gsize size;

  if (job->raw) {
    if (!gst_video_frame_map (&frame, &job->info, job->buffer, GST_MAP_READ)) {
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
          "the frame does not match its caps");
      return FALSE;
    }
    ok = gst_im_encoder_encode (enc, &job->settings,
        GST_VIDEO_FRAME_FORMAT (&frame), GST_VIDEO_FRAME_WIDTH (&frame),
        GST_VIDEO_FRAME_HEIGHT (&frame), GST_VIDEO_FRAME_PLANE_DATA (&frame,
            0), GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), data, &size, error);
    gst_video_frame_unmap (&frame);
    job->size = size;
    return ok;
  }

  if (!gst_buffer_map (job->buffer, map, GST_MAP_READ)) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "could not map the input buffer");
    return FALSE;
  }
  codec = gst_im_codec_sniff (map->data, map->size);
  have = codec == GST_IM_CODEC_JPEG ? GST_IM_ENCODE_JPEG : GST_IM_ENCODE_PNG;
  if (codec == GST_IM_CODEC_UNKNOWN) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE,
        "the input is neither JPEG nor PNG data (%" G_GSIZE_FORMAT " bytes)",
        map->size);
  } else if (job->check_format && job->settings.format != have) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
        "the input is %s data but the file is to be %s; encoded input is "
        "written as it is (decode it first to convert)",
        gst_im_encode_format_name (have),
        gst_im_encode_format_name (job->settings.format));
  } else {
    *data = map->data;
    job->size = map->size;
    return TRUE;
  }
  gst_buffer_unmap (job->buffer, map);
  return FALSE;
}

/* Applies if-exists, encodes and writes one file. */
static void
save_job (GstImSaveQueue * queue, GstImSaveJob * job, GstImEncoder * enc)
{
  GstImSaveFlags flags = job->flags;
  const guint8 *data;
  GError *err = NULL;
  GstMapInfo map;
  GStatBuf st;

  if (job->if_exists != GST_IM_IF_EXISTS_OVERWRITE) {
    flags |= GST_IM_SAVE_NO_REPLACE;
    /* checked first, so a resumed job does not encode what it keeps */
    if (g_lstat (job->location, &st) == 0)
      goto exists;
  }
  if (!encode_job (job, enc, &map, &data, &err))
    goto encode_failed;

  throttle (queue, job);
  job->result = gst_im_save_file (job->location, data, job->size, flags,
      &job->error);
  if (!job->raw)
    gst_buffer_unmap (job->buffer, &map);
  if (job->result != GST_IM_SAVE_EXISTS)
    return;
  if (g_lstat (job->location, &st) != 0)
    st.st_size = 0;

exists:
  if (job->if_exists == GST_IM_IF_EXISTS_ERROR) {
    job->result = GST_IM_SAVE_FAILED;
    job->error = g_error_new (GST_RESOURCE_ERROR,
        GST_RESOURCE_ERROR_OPEN_WRITE, "Could not write \"%s\": the file "
        "exists already (if-exists=error)", job->location);
    return;
  }
  GST_LOG ("%s exists, skipped", job->location);
  job->result = GST_IM_SAVE_EXISTS;
  job->size = st.st_size;
  return;

  /* ERRORS */
encode_failed:
  {
    job->result = GST_IM_SAVE_FAILED;
    job->error = g_error_new (err->domain, err->code,
        "Could not save \"%s\": %s", job->location, err->message);
    g_error_free (err);
  }
}

/* GstImOrderedRunFunc, on a worker: one job. Once saved its input is let
 * go, and with it the job's bytes. */
static guint64
run_job (gpointer data, guint64 bytes, gpointer user_data)
{
  GstImSaveJob *job = data;
  GstImSaveQueue *queue = user_data;
  GstImEncoder *enc = NULL;

  g_mutex_lock (&queue->lock);
  if (queue->encoders) {
    enc = queue->encoders->data;
    queue->encoders = g_slist_delete_link (queue->encoders, queue->encoders);
  }
  g_mutex_unlock (&queue->lock);

  if (enc == NULL)
    enc = gst_im_encoder_new ();
  save_job (queue, job, enc);
  GST_TRACE ("%s: result %d", job->location, job->result);
  gst_clear_buffer (&job->buffer);

  g_mutex_lock (&queue->lock);
  queue->encoders = g_slist_prepend (queue->encoders, enc);
  g_mutex_unlock (&queue->lock);
  return 0;
}

/**
 * gst_im_save_queue_push:
 * @queue: a queue
 * @job: (transfer full): the job; with @error already set it is not run but
 *   reported, failed, in its turn
 * @max_jobs: jobs queued or running before a push waits; 0 means two per
 *   worker
 * @max_bytes: input bytes held before a push waits; 0 means no byte limit.
 *   A job is always taken when the queue holds no bytes, however large.
 *
 * Reports the jobs finished so far, waits until there is room and queues
 * @job.
 *
 * Returns: %GST_FLOW_OK when @job was queued. Otherwise @job is still the
 *   caller's: %GST_FLOW_ERROR when a report function returned %FALSE
 *   during the call, %GST_FLOW_FLUSHING while the queue is flushing (a
 *   #GstBaseSink then waits for preroll and pushes again)
 */
GstFlowReturn
gst_im_save_queue_push (GstImSaveQueue * queue, GstImSaveJob * job,
    guint max_jobs, guint64 max_bytes)
{
  GstImOrderedPushFlags flags = GST_IM_ORDERED_PUSH_WAKE_ON_READY;
  GstImOrderedStatus status;
  guint64 bytes;

  g_return_val_if_fail (queue != NULL && job != NULL, GST_FLOW_ERROR);

  if (job->error) {
    job->result = GST_IM_SAVE_FAILED;
    gst_clear_buffer (&job->buffer);
    flags |= GST_IM_ORDERED_PUSH_DONE;
  }
  bytes = job->buffer ? gst_buffer_get_size (job->buffer) : 0;
  if (max_jobs == 0)
    max_jobs = 2 * gst_im_worker_pool_get_n_workers (queue->pool);
  gst_im_ordered_queue_set_limits (queue->jobs, max_jobs, max_bytes);

  /* reports come from this thread: while waiting for room, report */
  do {
    if (!report_done (queue, GST_IM_ORDERED_POP_NO_WAIT))
      return GST_FLOW_ERROR;
    status = gst_im_ordered_queue_push (queue->jobs, job, bytes, flags);
  } while (status == GST_IM_ORDERED_READY);
  return status == GST_IM_ORDERED_OK ? GST_FLOW_OK : GST_FLOW_FLUSHING;
}

/**
 * gst_im_save_queue_drain:
 * @queue: a queue
 *
 * Waits until every job pushed is saved and reported.
 *
 * Returns: %GST_FLOW_OK, or %GST_FLOW_FLUSHING when the queue is flushing
 *   with jobs left; call again to go on
 */
GstFlowReturn
gst_im_save_queue_drain (GstImSaveQueue * queue)
{
  g_return_val_if_fail (queue != NULL, GST_FLOW_ERROR);

  report_done (queue, GST_IM_ORDERED_POP_NONE);
  return gst_im_ordered_queue_get_length (queue->jobs) == 0 ? GST_FLOW_OK :
      GST_FLOW_FLUSHING;
}

/* GstImOrderedKeepFunc: a flush drops the jobs that have not started */
static gboolean
keep_started (gpointer job, gboolean started, gpointer user_data)
{
  return started;
}

/**
 * gst_im_save_queue_flush:
 * @queue: a queue
 *
 * Drops the jobs that have not started: they are freed without being
 * reported. Jobs already running finish and are reported.
 */
void
gst_im_save_queue_flush (GstImSaveQueue * queue)
{
  g_return_if_fail (queue != NULL);

  gst_im_ordered_queue_flush (queue->jobs, keep_started, NULL);
}

/**
 * gst_im_save_queue_set_flushing:
 * @queue: a queue
 * @flushing: whether push and drain return at once
 *
 * While flushing, a push or drain returns %GST_FLOW_FLUSHING at once
 * without waiting, as #GstBaseSinkClass.unlock() asks; nothing is dropped.
 */
void
gst_im_save_queue_set_flushing (GstImSaveQueue * queue, gboolean flushing)
{
  g_return_if_fail (queue != NULL);

  gst_im_ordered_queue_set_flushing (queue->jobs, flushing);
}

/**
 * gst_im_save_queue_free:
 * @queue: (transfer full) (nullable): a queue
 *
 * Drops the jobs that have not started, lets running ones finish without
 * waiting for the write rate, reports them, then stops the workers.
 */
void
gst_im_save_queue_free (GstImSaveQueue * queue)
{
  if (queue == NULL)
    return;
  g_mutex_lock (&queue->lock);
  queue->stopping = TRUE;
  g_cond_broadcast (&queue->cond);
  g_mutex_unlock (&queue->lock);
  gst_im_ordered_queue_flush (queue->jobs, keep_started, NULL);
  /* no other thread uses the queue now: the reports must not stop */
  gst_im_ordered_queue_set_flushing (queue->jobs, FALSE);
  report_done (queue, GST_IM_ORDERED_POP_NONE);

  gst_im_ordered_queue_free (queue->jobs);
  gst_im_worker_pool_free (queue->pool);
  g_slist_free_full (queue->encoders, (GDestroyNotify) gst_im_encoder_free);
  g_mutex_clear (&queue->lock);
  g_cond_clear (&queue->cond);
  g_free (queue);
}
