/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImFrameParallel input: each input becomes a job queued in order, with
 * back-pressure at max-in-flight. Encoded input is first cut into whole
 * images by the framer; the subclass copies its settings into each job.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "frame/gstimframeparallel-private.h"


static guint
effective_max_in_flight (GstImFrameParallel * self, guint * chunk_size)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  guint max, workers;

  GST_OBJECT_LOCK (self);
  max = priv->max_in_flight;
  *chunk_size = priv->chunk_size;
  workers = priv->workers ? priv->workers : g_get_num_processors ();
  GST_OBJECT_UNLOCK (self);

  if (priv->pool)
    gst_im_worker_pool_set_n_workers (priv->pool, workers);
  if (max == 0)
    max = MAX (2, 2 * workers * *chunk_size);
  return max;
}

static GstFlowReturn
enqueue_job (GstImFrameParallel * self, GstImFrameJob * job)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  guint chunk_size, max = effective_max_in_flight (self, &chunk_size);
  GstFlowReturn ret;
  Item item = { job, NULL };

  g_mutex_lock (&priv->lock);
  while (!priv->flushing && priv->srcresult == GST_FLOW_OK
      && priv->n_jobs + priv->n_pushing >= max) {
    gst_im_fp_dispatch_batch_locked (self);
    g_cond_wait (&priv->space_cond, &priv->lock);
    g_mutex_unlock (&priv->lock);
    max = effective_max_in_flight (self, &chunk_size);
    g_mutex_lock (&priv->lock);
  }
  ret = priv->flushing ? GST_FLOW_FLUSHING : priv->srcresult;
  if (ret != GST_FLOW_OK) {
    g_mutex_unlock (&priv->lock);
    gst_im_fp_job_free (job);
    return ret;
  }

  job->seqnum = priv->next_seqnum++;
  job->epoch = priv->epoch;
  gst_queue_array_push_tail_struct (priv->fifo, &item);
  priv->n_jobs++;
  if (job->done)
    g_cond_broadcast (&priv->item_cond);
  else {
    g_ptr_array_add (priv->batch, job);
    /* a chunk waits for more inputs only while every worker is busy */
    if (priv->batch->len >= chunk_size ||
        priv->n_running < gst_im_worker_pool_get_n_workers (priv->pool))
      gst_im_fp_dispatch_batch_locked (self);
  }
  g_mutex_unlock (&priv->lock);
  return GST_FLOW_OK;
}

/* Queues one input as a job, with the subclass's copy of the settings it
 * needs; blocks while max-in-flight inputs are in flight. */
static GstFlowReturn
submit (GstImFrameParallel * self, GstBuffer * input)
{
  GstImFrameParallelClass *klass = GST_IM_FRAME_PARALLEL_GET_CLASS (self);
  gpointer data = klass->prepare_job ? klass->prepare_job (self, input) : NULL;

  return enqueue_job (self, gst_im_fp_job_new (self, input, data, g_free));
}

/* Queues bytes that are not an image, so that on-error reports them in
 * order with the images around them. */
static GstFlowReturn
submit_error (GstImFrameParallel * self, GstBuffer * input, GError * error)
{
  GstImFrameJob *job = gst_im_fp_job_new (self, input, NULL, NULL);

  job->error = error;
  job->done = TRUE;
  return enqueue_job (self, job);
}

/* Queues every frame the framer has ready, in stream order. */
GstFlowReturn
gst_im_fp_submit_framed (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstFlowReturn ret = GST_FLOW_OK;
  GstBuffer *image;
  GError *err = NULL;

  while (ret == GST_FLOW_OK && (image = gst_im_framer_pop (priv->framer,
              &err)))
    ret = err ? submit_error (self, image, g_steal_pointer (&err)) :
        submit (self, image);
  return ret;
}

GstFlowReturn
gst_im_fp_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buffer)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (parent);
  GstImFrameParallelPrivate *priv = PRIV (self);

  if (priv->raw_input)
    return submit (self, buffer);
  gst_im_framer_push (priv->framer, buffer);
  return gst_im_fp_submit_framed (self);
}

/* The input side of new sink caps: raw or encoded, framing, frame rate. */
void
gst_im_fp_take_input_caps (GstImFrameParallel * self, GstCaps * caps)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstStructure *s = gst_caps_get_structure (caps, 0);

  if (!gst_structure_get_fraction (s, "framerate", &priv->fps_n,
          &priv->fps_d)) {
    priv->fps_n = 0;
    priv->fps_d = 1;
  }
  priv->raw_input = gst_structure_has_name (s, "video/x-raw");
  if (!priv->raw_input)
    gst_im_framer_set_caps (priv->framer, caps);
  priv->out_format = GST_VIDEO_FORMAT_UNKNOWN;
}

/**
 * gst_im_frame_parallel_get_output_format:
 * @self: the element
 * @preferred: the format to take when downstream accepts several
 *
 * The raw format to decode into: one of the source template's formats that
 * downstream takes, @preferred if it is among them. Asked once, and again
 * after a flush, new sink caps or a reconfigure request. Call it from
 * prepare_job().
 *
 * Returns: the output format
 */
GstVideoFormat
gst_im_frame_parallel_get_output_format (GstImFrameParallel * self,
    GstVideoFormat preferred)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstPad *srcpad = priv->srcpad;
  GstCaps *templ, *peer;
  GstVideoFormat format = preferred;

  if (priv->out_format != GST_VIDEO_FORMAT_UNKNOWN &&
      !gst_pad_check_reconfigure (srcpad))
    return priv->out_format;

  templ = gst_pad_get_pad_template_caps (srcpad);
  peer = gst_pad_peer_query_caps (srcpad, templ);
  if (peer && !gst_caps_is_empty (peer) && !gst_caps_is_any (peer)) {
    GstStructure *s;
    const gchar *name;

    peer = gst_caps_make_writable (peer);
    s = gst_caps_get_structure (peer, 0);
    gst_structure_fixate_field_string (s, "format",
        gst_video_format_to_string (preferred));
    name = gst_structure_get_string (s, "format");
    if (name)
      format = gst_video_format_from_string (name);
  }
  GST_DEBUG_OBJECT (self, "output format %s",
      gst_video_format_to_string (format));
  gst_clear_caps (&peer);
  gst_caps_unref (templ);
  priv->out_format = format;
  return format;
}

/**
 * gst_im_frame_parallel_get_framerate:
 * @self: the element
 * @fps_n: (out): numerator
 * @fps_d: (out): denominator
 *
 * The frame rate of the sink caps, 0/1 when they give none. Call it from
 * prepare_job().
 */
void
gst_im_frame_parallel_get_framerate (GstImFrameParallel * self, gint * fps_n,
    gint * fps_d)
{
  *fps_n = PRIV (self)->fps_n;
  *fps_d = PRIV (self)->fps_d;
}

/**
 * gst_im_frame_parallel_set_max_image_bytes:
 * @self: the element
 * @max_bytes: the most bytes one image of a byte stream may take, 0 for
 *   %GST_IM_FRAMER_DEFAULT_MAX_BYTES
 *
 * Bounds the memory the framer spends on one image (see
 * gst_im_framer_set_max_bytes()). May be called from any thread.
 */
void
gst_im_frame_parallel_set_max_image_bytes (GstImFrameParallel * self,
    guint64 max_bytes)
{
  gst_im_framer_set_max_bytes (PRIV (self)->framer, max_bytes);
}
