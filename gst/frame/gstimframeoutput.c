/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImFrameParallel output: a task on the source pad pops finished jobs and
 * events from the ordered queue, in input order (or as jobs finish, between
 * events, for ordered=false), and pushes them downstream.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "frame/gstimframeparallel-private.h"


/* ---- the source task ---- */

static GstFlowReturn
push_event (GstImFrameParallel * self, GstEvent * event)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  /* sticky events after caps (segment, tags) wait for our first caps: the
   * pad demands stream-start, caps, segment in that order */
  if (priv->src_caps == NULL && GST_EVENT_IS_STICKY (event) &&
      GST_EVENT_TYPE (event) > GST_EVENT_CAPS &&
      GST_EVENT_TYPE (event) != GST_EVENT_EOS) {
    g_queue_push_tail (&priv->held_events, event);
    return GST_FLOW_OK;
  }
  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS) {
    GstEvent *held;

    while ((held = g_queue_pop_head (&priv->held_events)))
      gst_pad_push_event (priv->srcpad, held);
    gst_pad_push_event (priv->srcpad, event);
    return GST_FLOW_EOS;
  }
  gst_pad_push_event (priv->srcpad, event);
  return GST_FLOW_OK;
}

static GstFlowReturn
push_outputs (GstImFrameParallel * self, GstImFrameJob * job)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstFlowReturn ret = GST_FLOW_OK;
  guint i;

  for (i = 0; i < job->outputs->len && ret == GST_FLOW_OK; i++) {
    GstCaps *caps = g_ptr_array_index (job->output_caps, i);
    GstBuffer *buf = g_ptr_array_index (job->outputs, i);
    GstEvent *held;

    g_ptr_array_index (job->outputs, i) = NULL;
    if (caps && (priv->src_caps == NULL ||
            (caps != priv->src_caps && !gst_caps_is_equal (caps,
                    priv->src_caps)))) {
      GST_DEBUG_OBJECT (self, "new caps %" GST_PTR_FORMAT, caps);
      /* remembered once accepted only, so that refused caps are sent again
       * with the next frame */
      if (!gst_pad_push_event (priv->srcpad, gst_event_new_caps (caps))) {
        gst_buffer_unref (buf);
        ret = GST_PAD_IS_FLUSHING (priv->srcpad) ? GST_FLOW_FLUSHING :
            GST_FLOW_NOT_NEGOTIATED;
        break;
      }
      gst_caps_replace (&priv->src_caps, caps);
      while ((held = g_queue_pop_head (&priv->held_events)))
        gst_pad_push_event (priv->srcpad, held);
    }
    ret = gst_pad_push (priv->srcpad, buf);
  }
  return ret;
}

/* on-error, with the worker's own error domain and code */
static GstFlowReturn
report_error (GstImFrameParallel * self, GstImFrameJob * job)
{
  gchar *what = gst_im_describe_buffer (job->input);
  GstFlowReturn ret;

  ret = gst_im_reporter_report (PRIV (self)->reporter, what, job->error);
  g_free (what);
  return ret;
}

/* Pushes what @item stands for downstream. */
static GstFlowReturn
push_item (GstImFrameParallel * self, Item * item)
{
  if (item->event)
    return push_event (self, g_steal_pointer (&item->event));
  if (item->job == NULL)
    return GST_FLOW_OK;         /* a DRAIN marker: it only has to leave */
  if (item->job->error)
    return report_error (self, item->job);
  return push_outputs (self, item->job);
}

void
gst_im_fp_output_loop (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstImOrderedPopFlags flags = GST_IM_ORDERED_POP_HOLD;
  GstFlowReturn ret = GST_FLOW_FLUSHING;
  gboolean flushing, was_job;
  gpointer data;
  Item *item;

  GST_OBJECT_LOCK (self);
  if (!priv->ordered)
    flags |= GST_IM_ORDERED_POP_UNORDERED;
  GST_OBJECT_UNLOCK (self);

  /* flushing: stopped, or an earlier flow ended the stream */
  if (gst_im_ordered_queue_pop (priv->queue, flags, &data) !=
      GST_IM_ORDERED_OK)
    goto pause;
  item = data;
  ret = push_item (self, item);

  /* a job being pushed is still in flight: it keeps its room in the queue
   * until its input and outputs are freed, so that chain never holds more
   * than max-in-flight inputs and DRAIN's marker leaves after it */
  was_job = item->job != NULL;
  gst_im_fp_item_clear (item);
  if (was_job)
    gst_im_ordered_queue_release (priv->queue, item);
  g_free (item);

  if (ret == GST_FLOW_OK)
    return;

  /* the stream ends here: chain, events and DRAIN get ret from now on */
  g_mutex_lock (&priv->lock);
  flushing = priv->srcresult == GST_FLOW_FLUSHING;
  if (!flushing) {
    priv->srcresult = ret;
    gst_im_ordered_queue_set_flushing (priv->queue, TRUE);
    g_cond_broadcast (&priv->drain_cond);
  }
  g_mutex_unlock (&priv->lock);
  if (flushing)
    goto pause;

  if (ret == GST_FLOW_EOS) {
    GST_DEBUG_OBJECT (self, "EOS pushed, pausing");
  } else if (ret == GST_FLOW_NOT_LINKED || ret < GST_FLOW_EOS) {
    /* as in queue: a fatal flow ends the stream with an error and an EOS */
    if (ret != GST_FLOW_ERROR)
      GST_ELEMENT_FLOW_ERROR (self, ret);
    gst_pad_push_event (priv->srcpad, gst_event_new_eos ());
  }

pause:
  GST_DEBUG_OBJECT (self, "pausing task: %s", gst_flow_get_name (ret));
  gst_pad_pause_task (priv->srcpad);
}

gboolean
gst_im_fp_src_activate_mode (GstPad * pad, GstObject * parent,
    GstPadMode mode, gboolean active)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (parent);

  if (mode != GST_PAD_MODE_PUSH)
    return FALSE;
  if (active) {
    gst_im_fp_start_streaming (self);
    return gst_pad_start_task (pad,
        (GstTaskFunction) gst_im_fp_output_loop, self, NULL);
  }
  gst_im_fp_stop_streaming (self);
  return gst_pad_stop_task (pad);
}

/**
 * gst_im_frame_parallel_alloc_frame:
 * @self: the element
 * @info: the frame's format and size
 * @caps: (out) (transfer full): the caps to give with the frame
 * @error: where to say why there is no frame: "out of memory
 *   for a frame of N bytes" (%GST_RESOURCE_ERROR_NO_SPACE_LEFT), a layout
 *   larger than one block of memory can hold (the same code), or an invalid
 *   layout (%GST_STREAM_ERROR_FORMAT)
 *
 * Takes an output frame with a #GstVideoMeta of @info's layout, over memory
 * recycled from earlier frames of any size close to it. Safe to call from
 * worker threads.
 *
 * Returns: (transfer full) (nullable): a writable buffer; %NULL only when
 *   memory runs out (or @info is not a valid layout), with @error set
 */
GstBuffer *
gst_im_frame_parallel_alloc_frame (GstImFrameParallel * self,
    const GstVideoInfo * info, GstCaps ** caps, GError ** error)
{
  /* the reason reaches on-error through the job's error */
  return gst_im_frame_pools_acquire (PRIV (self)->frame_pools, info, caps,
      error);
}
