/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImFrameParallel in live pipelines: the latency the workers add, QoS
 * from downstream (which inputs are already late), and the input's
 * segments (their running time, their count).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "frame/gstimframeparallel-private.h"

/* Frames the element may hold: what max-in-flight allows (0: 2 x workers
 * x chunk-size, as the queue's limit), over the jobs one input makes;
 * and the frames the workers process at once. */
static void
frames_held (GstImFrameParallel * self, guint64 * busy, guint64 * held)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  guint workers, max;

  GST_OBJECT_LOCK (self);
  workers = priv->workers ? priv->workers : g_get_num_processors ();
  max = priv->max_in_flight ? priv->max_in_flight :
      MAX (2, 2 * workers * priv->chunk_size);
  *busy = MIN ((guint64) workers * priv->chunk_size, max);
  *held = max;
  GST_OBJECT_UNLOCK (self);
}

/* LATENCY: upstream's, plus ours. A frame leaves once a worker has
 * processed it; the workers keep up with the rate when each has `workers
 * x chunk-size` frame periods for its frame, so that much is the minimum
 * we add; we can hold max-in-flight frames before upstream blocks. */
static gboolean
src_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (parent);
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstClockTime min, max, frame;
  gboolean live;
  guint64 busy, held;
  gint fps_n, fps_d;

  if (GST_QUERY_TYPE (query) != GST_QUERY_LATENCY)
    return gst_pad_query_default (pad, parent, query);
  if (!gst_pad_peer_query (priv->sinkpad, query))
    return FALSE;
  gst_query_parse_latency (query, &live, &min, &max);
  gst_im_frame_parallel_get_framerate (self, &fps_n, &fps_d);
  if (fps_n > 0 && fps_d > 0) {
    frame = gst_util_uint64_scale_int (GST_SECOND, fps_d, fps_n);
    frames_held (self, &busy, &held);
    min += busy * frame;
    if (max != GST_CLOCK_TIME_NONE)
      max += held * frame;
  }
  GST_DEBUG_OBJECT (self, "latency: live %d, min %" GST_TIME_FORMAT ", max %"
      GST_TIME_FORMAT, live, GST_TIME_ARGS (min), GST_TIME_ARGS (max));
  gst_query_set_latency (query, live, min, max);
  return TRUE;
}

/* QOS: remember the earliest running time downstream can still show, as
 * GstVideoDecoder does (late by diff: skip ahead by twice that), then
 * pass the event upstream. */
static gboolean
src_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (parent);
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstClockTime timestamp, earliest;
  GstClockTimeDiff diff;
  gdouble proportion;
  gint fps_n, fps_d;

  if (GST_EVENT_TYPE (event) == GST_EVENT_QOS) {
    gst_event_parse_qos (event, NULL, &proportion, &diff, &timestamp);
    gst_im_frame_parallel_get_framerate (self, &fps_n, &fps_d);
    if (diff > 0) {
      earliest = timestamp + 2 * diff;
      if (fps_n > 0 && fps_d > 0)
        earliest += gst_util_uint64_scale_int (GST_SECOND, fps_d, fps_n);
    } else {
      earliest = timestamp + diff;
    }
    GST_LOG_OBJECT (self, "QoS: proportion %g, diff %" G_GINT64_FORMAT
        ", earliest %" GST_TIME_FORMAT, proportion, diff,
        GST_TIME_ARGS (earliest));
    g_mutex_lock (&priv->lock);
    priv->earliest_time = earliest;
    g_mutex_unlock (&priv->lock);
  }
  return gst_pad_event_default (pad, parent, event);
}

void
gst_im_fp_live_init_pads (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  gst_pad_set_query_function (priv->srcpad, GST_DEBUG_FUNCPTR (src_query));
  gst_pad_set_event_function (priv->srcpad, GST_DEBUG_FUNCPTR (src_event));
}

/* A new stream, or a flush: nothing is late, no segment yet. */
void
gst_im_fp_live_reset (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  g_mutex_lock (&priv->lock);
  priv->earliest_time = GST_CLOCK_TIME_NONE;
  g_mutex_unlock (&priv->lock);
  gst_segment_init (&priv->in_segment, GST_FORMAT_TIME);
}

/* A SEGMENT reached the sink pad (streaming thread). */
void
gst_im_fp_live_segment (GstImFrameParallel * self, const GstSegment * segment)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  gst_segment_copy_into (segment, &priv->in_segment);
  priv->n_segments++;
}

/**
 * gst_im_frame_parallel_is_late:
 * @self: the element
 * @input: an input buffer, from prepare_job()
 *
 * Whether downstream's QoS says @input will be late: its running time is
 * before the earliest time downstream can still show. An element may do
 * less for such an input (augment skips the transforms its qos-skip
 * property lists). Call it from prepare_job() (the streaming thread).
 *
 * Returns: %TRUE if @input is late
 */
gboolean
gst_im_frame_parallel_is_late (GstImFrameParallel * self, GstBuffer * input)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstClockTime running, earliest;

  g_return_val_if_fail (GST_IM_IS_FRAME_PARALLEL (self), FALSE);

  if (!GST_BUFFER_PTS_IS_VALID (input)
      || priv->in_segment.format != GST_FORMAT_TIME)
    return FALSE;
  running = gst_segment_to_running_time (&priv->in_segment, GST_FORMAT_TIME,
      GST_BUFFER_PTS (input));
  g_mutex_lock (&priv->lock);
  earliest = priv->earliest_time;
  g_mutex_unlock (&priv->lock);
  return GST_CLOCK_TIME_IS_VALID (running)
      && GST_CLOCK_TIME_IS_VALID (earliest) && running <= earliest;
}

/**
 * gst_im_frame_parallel_get_input_position:
 * @self: the element
 * @seqnum: (out) (optional): the number the next input gets (its job's
 *   seqnum: inputs since the element started)
 * @segment: (out) (optional): SEGMENT events received since the element
 *   started: the next input's segment
 *
 * Where the stream is, for prepare_job() (the streaming thread): an
 * element that keys something to the stream's position reads it here.
 */
void
gst_im_frame_parallel_get_input_position (GstImFrameParallel * self,
    guint64 * seqnum, guint64 * segment)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  g_return_if_fail (GST_IM_IS_FRAME_PARALLEL (self));

  if (seqnum)
    *seqnum = priv->next_seqnum;
  if (segment)
    *segment = priv->n_segments;
}
