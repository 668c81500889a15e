/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImFrameParallel output: a task on the source pad pops finished jobs and
 * events from the FIFO, in input order, and pushes them downstream.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "frame/gstimframeparallel-private.h"


/* ---- the source task ---- */

/* Index of the next item the task may push, or -1 if it must wait. */
static gint
next_ready_locked (GstImFrameParallelPrivate * priv, gboolean ordered)
{
  guint i, len = gst_queue_array_get_length (priv->fifo);

  for (i = 0; i < len; i++) {
    Item *item = gst_queue_array_peek_nth_struct (priv->fifo, i);

    if (item->event)
      return i == 0 ? 0 : -1;
    if (item->job->done)
      return i;
    if (ordered)
      return -1;
  }
  return -1;
}

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
      gst_caps_replace (&priv->src_caps, caps);
      if (!gst_pad_push_event (priv->srcpad, gst_event_new_caps (caps))) {
        gst_buffer_unref (buf);
        ret = GST_FLOW_NOT_NEGOTIATED;
        break;
      }
      while ((held = g_queue_pop_head (&priv->held_events)))
        gst_pad_push_event (priv->srcpad, held);
    }
    ret = gst_pad_push (priv->srcpad, buf);
  }
  return ret;
}

static GstFlowReturn
report_error (GstImFrameParallel * self, GstImFrameJob * job)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  gchar *what = gst_im_describe_buffer (job->input);
  GstFlowReturn ret = GST_FLOW_OK;

  if (gst_im_frame_parallel_get_on_error (self) == GST_IM_ON_ERROR_SKIP) {
    GST_ELEMENT_WARNING (self, STREAM, DECODE,
        ("Skipped %s: %s", what, job->error->message),
        ("on-error=skip; input %" G_GUINT64_FORMAT, job->seqnum));
    g_mutex_lock (&priv->lock);
    priv->skipped++;
    g_mutex_unlock (&priv->lock);
  } else {
    GST_ELEMENT_ERROR (self, STREAM, DECODE,
        ("Could not process %s: %s", what, job->error->message),
        ("on-error=fail; input %" G_GUINT64_FORMAT, job->seqnum));
    ret = GST_FLOW_ERROR;
  }
  g_free (what);
  return ret;
}

void
gst_im_fp_output_loop (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstFlowReturn ret = GST_FLOW_OK;
  gboolean ordered;
  Item item;
  gint idx;

  GST_OBJECT_LOCK (self);
  ordered = priv->ordered;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&priv->lock);
  while (!priv->flushing && (idx = next_ready_locked (priv, ordered)) < 0)
    g_cond_wait (&priv->item_cond, &priv->lock);
  if (priv->flushing) {
    g_mutex_unlock (&priv->lock);
    goto pause;
  }
  gst_queue_array_drop_struct (priv->fifo, idx, &item);
  if (item.job)
    priv->n_jobs--;
  g_cond_broadcast (&priv->space_cond);
  g_mutex_unlock (&priv->lock);

  if (item.event) {
    ret = push_event (self, item.event);
    item.event = NULL;
  } else if (item.job->error) {
    ret = report_error (self, item.job);
  } else {
    ret = push_outputs (self, item.job);
  }
  gst_im_fp_item_clear (&item);

  if (ret == GST_FLOW_OK)
    return;

  g_mutex_lock (&priv->lock);
  /* a push refused by a flush (a caps event reads as not-negotiated then)
   * is no error */
  if (priv->flushing)
    ret = GST_FLOW_FLUSHING;
  else
    priv->srcresult = ret;
  g_cond_broadcast (&priv->space_cond);
  g_mutex_unlock (&priv->lock);

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

