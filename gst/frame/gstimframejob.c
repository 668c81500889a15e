/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImFrameParallel jobs and workers: a job is one input on its way through
 * a worker; a work item is chunk-size jobs handed to the pool together.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "frame/gstimframeparallel-private.h"


/* ---- jobs ---- */

void
gst_im_fp_job_free (GstImFrameJob * job)
{
  gst_buffer_unref (job->input);
  if (job->destroy)
    job->destroy (job->data);
  g_ptr_array_unref (job->outputs);
  g_ptr_array_unref (job->output_caps);
  g_clear_error (&job->error);
  g_free (job);
}

void
gst_im_fp_item_clear (Item * item)
{
  if (item->job)
    gst_im_fp_job_free (item->job);
  if (item->event)
    gst_event_unref (item->event);
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

typedef struct
{
  GstImFrameParallel *self;
  GPtrArray *jobs;
} WorkItem;

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

static void
run_work_item (gpointer data)
{
  WorkItem *item = data;
  GstImFrameParallel *self = item->self;
  GstImFrameParallelClass *klass = GST_IM_FRAME_PARALLEL_GET_CLASS (self);
  GstImFrameParallelPrivate *priv = PRIV (self);
  gpointer state = NULL;
  guint i;

  for (i = 0; i < item->jobs->len; i++) {
    GstImFrameJob *job = g_ptr_array_index (item->jobs, i);
    gboolean stale;

    g_mutex_lock (&priv->lock);
    stale = job->epoch != priv->epoch;
    g_mutex_unlock (&priv->lock);

    if (!stale) {
      if (state == NULL)
        state = take_state (self);
      if (!klass->process (self, job, state, &job->error) && !job->error)
        job->error = g_error_new (GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
            "processing failed without a reason");
    }

    g_mutex_lock (&priv->lock);
    job->done = TRUE;
    g_cond_broadcast (&priv->item_cond);
    g_mutex_unlock (&priv->lock);
  }

  g_mutex_lock (&priv->lock);
  if (state)
    g_queue_push_head (&priv->idle_states, state);
  priv->n_running--;
  g_cond_broadcast (&priv->idle_cond);
  /* this worker is free: start a partial chunk rather than idle */
  if (!priv->flushing)
    gst_im_fp_dispatch_batch_locked (self);
  g_mutex_unlock (&priv->lock);

  g_ptr_array_unref (item->jobs);
  gst_object_unref (self);
  g_free (item);
}

/* Hands the jobs gathered so far to a worker. Called with lock held. */
void
gst_im_fp_dispatch_batch_locked (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  WorkItem *item;

  if (priv->batch->len == 0)
    return;

  item = g_new (WorkItem, 1);
  item->self = gst_object_ref (self);
  item->jobs = priv->batch;
  priv->batch = g_ptr_array_new ();
  priv->n_running++;
  if (!gst_im_worker_pool_push (priv->pool, run_work_item, item)) {
    /* no thread: fail the jobs, the source task reports them in order */
    guint i;

    for (i = 0; i < item->jobs->len; i++) {
      GstImFrameJob *job = g_ptr_array_index (item->jobs, i);
      g_set_error (&job->error, GST_CORE_ERROR, GST_CORE_ERROR_THREAD,
          "could not start a worker thread");
      job->done = TRUE;
    }
    priv->n_running--;
    g_cond_broadcast (&priv->item_cond);
    g_ptr_array_unref (item->jobs);
    gst_object_unref (self);
    g_free (item);
  }
}

/* Waits until no work item runs, so that jobs may be freed. */
void
gst_im_fp_wait_idle_locked (GstImFrameParallelPrivate * priv)
{
  while (priv->n_running > 0)
    g_cond_wait (&priv->idle_cond, &priv->lock);
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

/* Empties the FIFO; a flush keeps the sticky events that survive it. */
void
gst_im_fp_clear_fifo_locked (GstImFrameParallel * self, gboolean flush)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GQueue kept = G_QUEUE_INIT;
  GstEvent *event;
  Item *item;

  g_ptr_array_set_size (priv->batch, 0);
  while ((item = gst_queue_array_pop_head_struct (priv->fifo))) {
    if (flush && item->event && gst_im_fp_survives_flush (item->event))
      g_queue_push_tail (&kept, g_steal_pointer (&item->event));
    gst_im_fp_item_clear (item);
  }
  priv->n_jobs = 0;
  while ((event = g_queue_pop_head (&kept))) {
    Item again = { NULL, event };

    gst_queue_array_push_tail_struct (priv->fifo, &again);
  }
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

