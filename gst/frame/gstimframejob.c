/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImFrameParallel jobs, queue items and the queue: a job is one input on
 * its way through a worker. A GstImOrderedQueue, made with the pool at
 * READY->PAUSED, runs jobs on the workers (chunk-size at a time) with
 * gst_im_fp_run_item(), bounds them by max-in-flight, and drops with
 * gst_im_fp_item_free() what a flush or a stop leaves behind.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "frame/gstimframeparallel-private.h"


/* ---- jobs and items ---- */

static void
job_free (GstImFrameJob * job)
{
  gst_buffer_unref (job->input);
  if (job->destroy)
    job->destroy (job->data);
  g_ptr_array_unref (job->outputs);
  g_ptr_array_unref (job->output_caps);
  g_clear_error (&job->error);
  g_free (job);
}

/* Frees what @item holds, not @item: once a job's input is released, the
 * caller gives its room in the queue back. A DRAIN marker signals its
 * waiter, whether it was popped or dropped. */
void
gst_im_fp_item_clear (Item * item)
{
  if (item->job)
    job_free (g_steal_pointer (&item->job));
  gst_clear_event (&item->event);
  if (item->drain) {
    GstImFrameParallelPrivate *priv = PRIV (item->drain);

    g_mutex_lock (&priv->lock);
    priv->drains_done++;
    g_cond_broadcast (&priv->drain_cond);
    g_mutex_unlock (&priv->lock);
    item->drain = NULL;
  }
}

/* The queue's destroy function. */
void
gst_im_fp_item_free (gpointer item)
{
  gst_im_fp_item_clear (item);
  g_free (item);
}

GstBuffer *
gst_im_frame_job_get_input (GstImFrameJob * job)
{
  return job->input;
}

gpointer
gst_im_frame_job_get_data (GstImFrameJob * job)
{
  return job->data;
}

/**
 * gst_im_frame_job_get_seqnum:
 * @job: a job
 *
 * Returns: the input's position in the stream since the element left READY,
 *   from 0. Seeds derived from it do not depend on workers or chunks.
 */
guint64
gst_im_frame_job_get_seqnum (GstImFrameJob * job)
{
  return job->seqnum;
}

/**
 * gst_im_frame_job_get_part:
 * @job: a job
 *
 * Returns: which of its input's jobs this is, from 0 (always 0 unless the
 *   class's parts_per_input makes several jobs of one input; they share
 *   the input and its seqnum, run on any workers and push in part order)
 */
guint
gst_im_frame_job_get_part (GstImFrameJob * job)
{
  return job->part;
}

/* Metas that describe the memory layout (video meta, crop) belong to the
 * input's memory, not to the new frame; all others (source meta, custom
 * application metas) travel with the image, as in GstVideoFilter. */
static gboolean
copy_meta (GstBuffer * input, GstMeta ** meta, gpointer user_data)
{
  GstBuffer *output = user_data;
  const GstMetaInfo *info = (*meta)->info;
  const gchar *const *tags = gst_meta_api_type_get_tags (info->api);
  GstMetaTransformCopy copy = { FALSE, 0, -1 };

  if (tags && tags[0] && !(g_strv_length ((gchar **) tags) == 1
          && gst_meta_api_type_has_tag (info->api,
              g_quark_from_string (GST_META_TAG_VIDEO_STR))))
    return TRUE;
  if (info->transform_func)
    info->transform_func (output, *meta, input, _gst_meta_transform_copy,
        &copy);
  return TRUE;
}

/**
 * gst_im_frame_job_add_output:
 * @job: the job being processed
 * @output: (transfer full): a new output buffer
 * @caps: (transfer none) (nullable): its caps; %NULL keeps the previous ones
 *
 * Adds an output, to be pushed after the outputs added before it. Timestamps,
 * offsets, flags and metas of the input are copied onto @output.
 */
void
gst_im_frame_job_add_output (GstImFrameJob * job, GstBuffer * output,
    GstCaps * caps)
{
  GstBuffer *input = job->input;

  g_return_if_fail (gst_buffer_is_writable (output));

  GST_BUFFER_PTS (output) = GST_BUFFER_PTS (input);
  GST_BUFFER_DTS (output) = GST_BUFFER_DTS (input);
  GST_BUFFER_DURATION (output) = GST_BUFFER_DURATION (input);
  GST_BUFFER_OFFSET (output) = GST_BUFFER_OFFSET (input);
  GST_BUFFER_OFFSET_END (output) = GST_BUFFER_OFFSET_END (input);
  GST_BUFFER_FLAGS (output) |= GST_BUFFER_FLAGS (input) &
      (GST_BUFFER_FLAG_DISCONT | GST_BUFFER_FLAG_DELTA_UNIT |
      GST_BUFFER_FLAG_LIVE | GST_BUFFER_FLAG_MARKER);
  gst_buffer_foreach_meta (input, copy_meta, output);

  g_ptr_array_add (job->outputs, output);
  g_ptr_array_add (job->output_caps, caps ? gst_caps_ref (caps) : NULL);
}

/* ---- workers ---- */

static gpointer
take_state (GstImFrameParallel * self)
{
  GstImFrameParallelClass *klass = GST_IM_FRAME_PARALLEL_GET_CLASS (self);
  GstImFrameParallelPrivate *priv = PRIV (self);
  gpointer state;

  g_mutex_lock (&priv->lock);
  state = g_queue_pop_head (&priv->idle_states);
  g_mutex_unlock (&priv->lock);
  if (state == NULL && klass->worker_state_new)
    state = klass->worker_state_new (self);
  return state;
}

/* GstImOrderedRunFunc, on a worker (or, when no thread could be started,
 * the source task): one job. Events, markers and error jobs never run. */
guint64
gst_im_fp_run_item (gpointer item, guint64 bytes, gpointer user_data)
{
  GstImFrameParallel *self = user_data;
  GstImFrameParallelClass *klass = GST_IM_FRAME_PARALLEL_GET_CLASS (self);
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstImFrameJob *job = ((Item *) item)->job;
  gpointer state = take_state (self);

  if (!klass->process (self, job, state, &job->error) && !job->error)
    job->error = g_error_new (GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "processing failed without a reason");

  if (state) {
    g_mutex_lock (&priv->lock);
    g_queue_push_head (&priv->idle_states, state);
    g_mutex_unlock (&priv->lock);
  }
  return bytes;
}

/* Sticky events a flush does not clear downstream (stream-start, caps,
 * tags): dropping them would leave the stream without its stream-start. */
gboolean
gst_im_fp_survives_flush (GstEvent * event)
{
  return GST_EVENT_IS_STICKY (event) &&
      GST_EVENT_TYPE (event) != GST_EVENT_SEGMENT &&
      GST_EVENT_TYPE (event) != GST_EVENT_EOS;
}

/* GstImOrderedKeepFunc: a flush keeps, in order, the sticky events that
 * outlive it; jobs and DRAIN markers go. */
gboolean
gst_im_fp_keep_on_flush (gpointer item, gboolean started, gpointer user_data)
{
  GstEvent *event = ((Item *) item)->event;

  return event && gst_im_fp_survives_flush (event);
}

/* output slots are emptied as they are pushed */
static void
unref_if_set (gpointer mini_object)
{
  if (mini_object)
    gst_mini_object_unref (mini_object);
}

GstImFrameJob *
gst_im_fp_job_new (GstImFrameParallel * self, GstBuffer * input, gpointer data,
    GDestroyNotify destroy)
{
  GstImFrameJob *job = g_new0 (GstImFrameJob, 1);

  job->self = self;
  job->input = input;
  job->data = data;
  job->destroy = destroy;
  job->outputs = g_ptr_array_new_with_free_func (unref_if_set);
  job->output_caps = g_ptr_array_new_with_free_func (unref_if_set);
  return job;
}

/* ---- the queue and its workers ---- */

/* Hands the settings to the pool and the queue, when they exist. Called
 * with lock held. */
void
gst_im_fp_apply_settings_locked (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  guint workers, max, chunk;

  if (priv->queue == NULL)
    return;
  GST_OBJECT_LOCK (self);
  workers = priv->workers ? priv->workers : g_get_num_processors ();
  max = priv->max_in_flight;
  chunk = priv->chunk_size;
  GST_OBJECT_UNLOCK (self);

  gst_im_worker_pool_set_n_workers (priv->pool, workers);
  gst_im_ordered_queue_set_chunk_size (priv->queue, chunk);
  gst_im_ordered_queue_set_limits (priv->queue,
      max ? max : MAX (2, 2 * workers * chunk), 0);
}

static void
free_worker_states (GstImFrameParallel * self)
{
  GstImFrameParallelClass *klass = GST_IM_FRAME_PARALLEL_GET_CLASS (self);
  GstImFrameParallelPrivate *priv = PRIV (self);
  gpointer state;

  while ((state = g_queue_pop_head (&priv->idle_states)))
    if (klass->worker_state_free)
      klass->worker_state_free (self, state);
}

/* Starts the workers and their queue, flushing until the source pad is
 * activated. */
gboolean
gst_im_fp_start_workers (GstImFrameParallel * self, guint workers,
    GError ** error)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstImWorkerPool *pool;

  if (!(pool = gst_im_worker_pool_new (workers, error)))
    return FALSE;

  g_mutex_lock (&priv->lock);
  priv->pool = pool;
  priv->queue = gst_im_ordered_queue_new (pool, gst_im_fp_run_item,
      gst_im_fp_item_free, self);
  gst_im_ordered_queue_set_flushing (priv->queue, TRUE);
  priv->srcresult = GST_FLOW_FLUSHING;
  gst_im_fp_apply_settings_locked (self);
  g_mutex_unlock (&priv->lock);
  return TRUE;
}

/* Frees the queue (whatever it still holds) and the workers. */
void
gst_im_fp_stop_workers (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstImOrderedQueue *queue;
  GstImWorkerPool *pool;

  g_mutex_lock (&priv->lock);
  queue = g_steal_pointer (&priv->queue);
  pool = g_steal_pointer (&priv->pool);
  g_mutex_unlock (&priv->lock);
  gst_im_ordered_queue_free (queue);
  gst_im_worker_pool_free (pool);
  free_worker_states (self);
}

void
gst_im_fp_start_streaming (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  g_mutex_lock (&priv->lock);
  priv->srcresult = GST_FLOW_OK;
  gst_im_ordered_queue_set_flushing (priv->queue, FALSE);
  g_mutex_unlock (&priv->lock);
}

/* Wakes every waiting thread and drops the queued jobs; the sticky events
 * that outlive a flush stay queued. */
void
gst_im_fp_stop_streaming (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  g_mutex_lock (&priv->lock);
  priv->srcresult = GST_FLOW_FLUSHING;
  gst_im_ordered_queue_set_flushing (priv->queue, TRUE);
  g_cond_broadcast (&priv->drain_cond);
  g_mutex_unlock (&priv->lock);
  /* without the lock: dropping a DRAIN marker takes it */
  gst_im_ordered_queue_flush (priv->queue, gst_im_fp_keep_on_flush, NULL);
}
