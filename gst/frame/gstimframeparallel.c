/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImFrameParallel: the base class of elements that turn one buffer into
 * zero or more buffers on worker threads.
 *
 * The streaming thread (chain) wraps each input in a job and pushes it into
 * a GstImOrderedQueue, which runs it on the worker pool, chunk-size jobs at
 * a time. Serialized events go into the same queue as barriers, so they
 * stay in order with the buffers. A task on the source pad pops the queue
 * head once it is done and pushes its outputs (or the event) downstream.
 * The queue holds at most max-in-flight jobs, the one being pushed
 * included: when it is full, chain waits (back-pressure).
 *
 * Stopping or flushing sets the queue flushing, which wakes chain and the
 * source task, and flushes it: jobs that have not started never run, the
 * rest are freed as they end; FLUSH_STOP and PAUSED->READY wait for those
 * before they go on.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/imagemill/imagemill.h>
#include "frame/gstimframeparallel-private.h"

#define DEFAULT_WORKERS 0
#define DEFAULT_MAX_IN_FLIGHT 0
#define DEFAULT_CHUNK_SIZE 1
#define DEFAULT_ORDERED TRUE

enum
{
  PROP_0,
  PROP_WORKERS,
  PROP_MAX_IN_FLIGHT,
  PROP_CHUNK_SIZE,
  PROP_ON_ERROR,
  PROP_ORDERED,
  PROP_SKIPPED,
};

#define gst_im_frame_parallel_parent_class parent_class
G_DEFINE_ABSTRACT_TYPE_WITH_CODE (GstImFrameParallel, gst_im_frame_parallel,
    GST_TYPE_ELEMENT, G_ADD_PRIVATE (GstImFrameParallel));

GstImFrameParallelPrivate *
gst_im_fp_get_priv (GstImFrameParallel * self)
{
  return gst_im_frame_parallel_get_instance_private (self);
}

static void gst_im_frame_parallel_constructed (GObject * object);
static void gst_im_frame_parallel_finalize (GObject * object);
static void gst_im_frame_parallel_set_property (GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec);
static void gst_im_frame_parallel_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);
static GstStateChangeReturn gst_im_frame_parallel_change_state (GstElement *
    element, GstStateChange transition);
static gboolean gst_im_frame_parallel_sink_event (GstPad * pad,
    GstObject * parent, GstEvent * event);
static gboolean gst_im_frame_parallel_sink_query (GstPad * pad,
    GstObject * parent, GstQuery * query);

static void
gst_im_frame_parallel_class_init (GstImFrameParallelClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gst_im_init ();

  gobject_class->constructed = gst_im_frame_parallel_constructed;
  gobject_class->finalize = gst_im_frame_parallel_finalize;
  gobject_class->set_property = gst_im_frame_parallel_set_property;
  gobject_class->get_property = gst_im_frame_parallel_get_property;
  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_im_frame_parallel_change_state);

  /**
   * GstImFrameParallel:workers:
   *
   * Worker threads. 0 means one per CPU core.
   */
  g_object_class_install_property (gobject_class, PROP_WORKERS,
      g_param_spec_uint ("workers", "Workers",
          "Worker threads (0 = one per CPU core)", 0, 1024, DEFAULT_WORKERS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstImFrameParallel:max-in-flight:
   *
   * Inputs accepted but not yet pushed downstream. When this many are in
   * flight, upstream blocks: it bounds memory. 0 means 2 x workers x
   * chunk-size.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_IN_FLIGHT,
      g_param_spec_uint ("max-in-flight", "Max in flight",
          "Inputs being processed or waiting to be pushed before upstream "
          "blocks (0 = 2 x workers x chunk-size)", 0, 65536,
          DEFAULT_MAX_IN_FLIGHT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstImFrameParallel:chunk-size:
   *
   * Inputs per work item. Larger chunks cost less scheduling for small
   * images. A chunk only waits to fill up while every worker is busy: an
   * idle worker, EOS, a serialized event or max-in-flight start a partial
   * one, so a slow or live source never waits for a chunk to fill.
   */
  g_object_class_install_property (gobject_class, PROP_CHUNK_SIZE,
      g_param_spec_uint ("chunk-size", "Chunk size",
          "Inputs per work item handed to a worker (1-4096)", 1, 4096,
          DEFAULT_CHUNK_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstImFrameParallel:ordered:
   *
   * Push outputs in input order (the default). When false, outputs between
   * two serialized events leave as soon as they are finished.
   */
  g_object_class_install_property (gobject_class, PROP_ORDERED,
      g_param_spec_boolean ("ordered", "Ordered",
          "Push outputs in input order (false: as they finish)",
          DEFAULT_ORDERED, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstImFrameParallel:on-error:
   *
   * What to do with an input that cannot be processed: fail posts an error
   * naming it, with the worker's error domain and code; skip posts a
   * warning naming it, counts it in #GstImFrameParallel:skipped and goes
   * on.
   */
  /**
   * GstImFrameParallel:skipped:
   *
   * Inputs dropped under on-error=skip since the element left READY.
   */
  gst_im_reporter_install_properties (gobject_class, PROP_ON_ERROR,
      PROP_SKIPPED);
}

/* Pads are made here, not in init: during a parent's instance init the
 * instance still has the parent's class, without the subclass's templates. */
static void
gst_im_frame_parallel_constructed (GObject * object)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (object);
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstElementClass *klass = GST_ELEMENT_GET_CLASS (self);
  GstPadTemplate *templ;

  G_OBJECT_CLASS (parent_class)->constructed (object);

  templ = gst_element_class_get_pad_template (klass, "sink");
  g_return_if_fail (templ != NULL);
  priv->sinkpad = gst_pad_new_from_template (templ, "sink");
  gst_pad_set_chain_function (priv->sinkpad,
      GST_DEBUG_FUNCPTR (gst_im_fp_chain));
  gst_pad_set_event_function (priv->sinkpad,
      GST_DEBUG_FUNCPTR (gst_im_frame_parallel_sink_event));
  gst_pad_set_query_function (priv->sinkpad,
      GST_DEBUG_FUNCPTR (gst_im_frame_parallel_sink_query));
  gst_element_add_pad (GST_ELEMENT (self), priv->sinkpad);

  templ = gst_element_class_get_pad_template (klass, "src");
  g_return_if_fail (templ != NULL);
  priv->srcpad = gst_pad_new_from_template (templ, "src");
  gst_pad_set_activatemode_function (priv->srcpad,
      GST_DEBUG_FUNCPTR (gst_im_fp_src_activate_mode));
  gst_pad_use_fixed_caps (priv->srcpad);
  gst_im_fp_live_init_pads (self);
  gst_element_add_pad (GST_ELEMENT (self), priv->srcpad);
}

static void
gst_im_frame_parallel_init (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  priv->workers = DEFAULT_WORKERS;
  priv->max_in_flight = DEFAULT_MAX_IN_FLIGHT;
  priv->chunk_size = DEFAULT_CHUNK_SIZE;
  priv->reporter = gst_im_reporter_new (GST_ELEMENT (self));
  priv->ordered = DEFAULT_ORDERED;

  g_mutex_init (&priv->lock);
  g_cond_init (&priv->drain_cond);
  priv->frame_pools = gst_im_frame_pools_new ();
  priv->framer = gst_im_framer_new ();
  priv->fps_d = 1;
  priv->out_format = GST_VIDEO_FORMAT_UNKNOWN;
  priv->srcresult = GST_FLOW_FLUSHING;
  g_queue_init (&priv->idle_states);
  g_queue_init (&priv->held_events);
}

static void
gst_im_frame_parallel_finalize (GObject * object)
{
  GstImFrameParallelPrivate *priv = PRIV (GST_IM_FRAME_PARALLEL (object));

  g_mutex_clear (&priv->lock);
  g_cond_clear (&priv->drain_cond);
  gst_im_frame_pools_free (priv->frame_pools);
  gst_im_framer_free (priv->framer);
  gst_im_reporter_free (priv->reporter);
  gst_caps_replace (&priv->out_peer, NULL);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_im_frame_parallel_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (object);
  GstImFrameParallelPrivate *priv = PRIV (self);

  if (gst_im_reporter_set_property (priv->reporter, pspec, value))
    return;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_WORKERS:
      priv->workers = g_value_get_uint (value);
      break;
    case PROP_MAX_IN_FLIGHT:
      priv->max_in_flight = g_value_get_uint (value);
      break;
    case PROP_CHUNK_SIZE:
      priv->chunk_size = g_value_get_uint (value);
      break;
    case PROP_ORDERED:
      priv->ordered = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);

  /* a chain waiting on a max-in-flight that was just raised goes on */
  if (prop_id == PROP_MAX_IN_FLIGHT || prop_id == PROP_WORKERS ||
      prop_id == PROP_CHUNK_SIZE) {
    g_mutex_lock (&priv->lock);
    gst_im_fp_apply_settings_locked (self);
    g_mutex_unlock (&priv->lock);
  }
}

static void
gst_im_frame_parallel_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (object);
  GstImFrameParallelPrivate *priv = PRIV (self);

  if (gst_im_reporter_get_property (priv->reporter, pspec, value))
    return;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_WORKERS:
      g_value_set_uint (value, priv->workers);
      break;
    case PROP_MAX_IN_FLIGHT:
      g_value_set_uint (value, priv->max_in_flight);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, priv->chunk_size);
      break;
    case PROP_ORDERED:
      g_value_set_boolean (value, priv->ordered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* Forgets everything queued, once no worker holds a job. A flush keeps
 * the sticky events that outlive it, in order. */
static void
discard_pending (GstImFrameParallel * self, gboolean flush)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GQueue held = G_QUEUE_INIT;
  GstEvent *event;

  if (!flush)
    gst_im_ordered_queue_flush (priv->queue, NULL, NULL);
  gst_im_ordered_queue_wait_idle (priv->queue);

  while ((event = g_queue_pop_head (&priv->held_events))) {
    if (flush && gst_im_fp_survives_flush (event))
      g_queue_push_tail (&held, event);
    else
      gst_event_unref (event);
  }
  priv->held_events = held;
  gst_im_framer_clear (priv->framer);
  priv->out_format = GST_VIDEO_FORMAT_UNKNOWN;
}

static gboolean
gst_im_frame_parallel_sink_event (GstPad * pad, GstObject * parent,
    GstEvent * event)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (parent);
  GstImFrameParallelClass *klass = GST_IM_FRAME_PARALLEL_GET_CLASS (self);
  GstImFrameParallelPrivate *priv = PRIV (self);

  GST_LOG_OBJECT (self, "event %" GST_PTR_FORMAT, event);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_START:
      gst_im_fp_stop_streaming (self);
      gst_pad_push_event (priv->srcpad, event);
      gst_pad_pause_task (priv->srcpad);
      return TRUE;
    case GST_EVENT_FLUSH_STOP:
      discard_pending (self, TRUE);
      gst_im_fp_live_reset (self);
      gst_im_fp_start_streaming (self);
      gst_pad_push_event (priv->srcpad, event);
      return gst_pad_start_task (priv->srcpad,
          (GstTaskFunction) gst_im_fp_output_loop, self, NULL);
    case GST_EVENT_CAPS:{
      GstCaps *caps;
      gboolean ok = TRUE;

      gst_event_parse_caps (event, &caps);
      gst_im_fp_take_input_caps (self, caps);
      if (klass->set_caps)
        ok = klass->set_caps (self, caps);
      gst_event_unref (event);
      return ok;
    }
    case GST_EVENT_SEGMENT:{
      const GstSegment *segment;

      /* byte-stream input (filesrc) becomes a stream of timed frames */
      gst_event_parse_segment (event, &segment);
      if (segment->format != GST_FORMAT_TIME) {
        GstSegment time_segment;

        gst_segment_init (&time_segment, GST_FORMAT_TIME);
        gst_event_unref (event);
        event = gst_event_new_segment (&time_segment);
        gst_event_parse_segment (event, &segment);
      }
      gst_im_fp_live_segment (self, segment);
      return gst_im_fp_enqueue_event (self, event);
    }
    case GST_EVENT_EOS:{
      GstFlowReturn ret;

      /* whatever the framer holds back is a last, truncated image */
      gst_im_framer_drain (priv->framer);
      ret = gst_im_fp_submit_framed (self);
      if (ret != GST_FLOW_OK) {
        GST_DEBUG_OBJECT (self, "EOS after %s", gst_flow_get_name (ret));
        gst_event_unref (event);
        return FALSE;
      }
      return gst_im_fp_enqueue_event (self, event);
    }
    default:
      if (GST_EVENT_IS_SERIALIZED (event))
        return gst_im_fp_enqueue_event (self, event);
      return gst_pad_event_default (pad, parent, event);
  }
}

/* The raw structures of @peer with their formats only: a raw frame keeps
 * its format through the element, its size and rate may change. */
static GstCaps *
raw_formats (GstCaps * peer)
{
  GstCaps *formats = gst_caps_new_empty ();
  guint i;

  for (i = 0; i < gst_caps_get_size (peer); i++) {
    GstStructure *s = gst_caps_get_structure (peer, i);
    GstCapsFeatures *f = gst_caps_get_features (peer, i);
    GstStructure *copy;

    if (!gst_structure_has_name (s, "video/x-raw"))
      continue;
    copy = gst_structure_new_empty ("video/x-raw");
    if (gst_structure_has_field (s, "format"))
      gst_structure_set_value (copy, "format",
          gst_structure_get_value (s, "format"));
    formats = gst_caps_merge_structure_full (formats, copy,
        f ? gst_caps_features_copy (f) : NULL);
  }
  return formats;
}

/* What the sink pad takes: its template, with raw input narrowed to the
 * formats downstream takes; encoded input as long as downstream takes any
 * of the source formats. */
static GstCaps *
sink_caps (GstImFrameParallel * self, GstCaps * filter)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstCaps *templ = gst_pad_get_pad_template_caps (priv->sinkpad);
  GstCaps *src_templ = gst_pad_get_pad_template_caps (priv->srcpad);
  GstCaps *peer = gst_pad_peer_query_caps (priv->srcpad, src_templ);
  GstCaps *formats = raw_formats (peer);
  GstCaps *result = gst_caps_new_empty ();
  guint i;

  for (i = 0; i < gst_caps_get_size (templ) && !gst_caps_is_empty (peer);
      i++) {
    GstStructure *s = gst_caps_get_structure (templ, i);
    GstCapsFeatures *f = gst_caps_get_features (templ, i);
    GstCaps *one = gst_caps_new_full (gst_structure_copy (s), NULL);

    if (f)
      gst_caps_set_features (one, 0, gst_caps_features_copy (f));
    if (gst_structure_has_name (s, "video/x-raw") && !gst_caps_is_any (peer)) {
      GstCaps *narrowed = gst_caps_intersect (one, formats);

      gst_caps_unref (one);
      one = narrowed;
    }
    result = gst_caps_merge (result, one);
  }
  if (GST_IM_FRAME_PARALLEL_GET_CLASS (self)->narrow_sink_caps)
    result = GST_IM_FRAME_PARALLEL_GET_CLASS (self)->narrow_sink_caps (self,
        result, filter);
  if (filter) {
    GstCaps *filtered = gst_caps_intersect_full (filter, result,
        GST_CAPS_INTERSECT_FIRST);

    gst_caps_unref (result);
    result = filtered;
  }
  GST_LOG_OBJECT (self, "downstream %" GST_PTR_FORMAT ", sink caps %"
      GST_PTR_FORMAT, peer, result);
  gst_caps_unref (formats);
  gst_caps_unref (peer);
  gst_caps_unref (src_templ);
  gst_caps_unref (templ);
  return result;
}

static gboolean
gst_im_frame_parallel_sink_query (GstPad * pad, GstObject * parent,
    GstQuery * query)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_CAPS:{
      GstCaps *filter, *caps;

      gst_query_parse_caps (query, &filter);
      caps = sink_caps (self, filter);
      gst_query_set_caps_result (query, caps);
      gst_caps_unref (caps);
      return TRUE;
    }
    case GST_QUERY_ALLOCATION:
      /* our inputs are read, never written in place: any memory will do */
      return FALSE;
    case GST_QUERY_DRAIN:
      /* upstream wants its buffers back: wait until all are pushed and
       * freed */
      gst_im_fp_drain (self);
      return TRUE;
    default:
      return gst_pad_query_default (pad, parent, query);
  }
}

/* ---- state ---- */

static GstStateChangeReturn
gst_im_frame_parallel_change_state (GstElement * element,
    GstStateChange transition)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (element);
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstStateChangeReturn ret;
  GError *err = NULL;
  guint workers;

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      GST_OBJECT_LOCK (self);
      workers = priv->workers;
      GST_OBJECT_UNLOCK (self);
      if (!gst_im_fp_start_workers (self, workers, &err))
        goto no_pool;
      priv->next_seqnum = 0;
      priv->n_segments = 0;
      gst_im_fp_live_reset (self);
      gst_im_reporter_reset (priv->reporter);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      /* unblock chain before the pads are deactivated: deactivation waits
       * for the streaming thread */
      gst_im_fp_stop_streaming (self);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  switch (transition) {
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      discard_pending (self, FALSE);
      gst_im_fp_stop_workers (self);
      gst_caps_replace (&priv->src_caps, NULL);
      gst_caps_replace (&priv->out_peer, NULL);
      gst_im_frame_pools_clear (priv->frame_pools);
      break;
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      if (ret == GST_STATE_CHANGE_FAILURE) {
        /* the source task may have started: it uses the queue */
        gst_pad_set_active (priv->srcpad, FALSE);
        gst_im_fp_stop_workers (self);
      }
      break;
    default:
      break;
  }
  return ret;

  /* ERRORS */
no_pool:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, FAILED,
        ("Could not start %u worker threads", workers), ("%s", err->message));
    g_clear_error (&err);
    return GST_STATE_CHANGE_FAILURE;
  }
}

/* ---- accessors ---- */

/**
 * gst_im_frame_parallel_get_on_error:
 * @self: the element
 *
 * Returns: the on-error policy now
 */
GstImOnError
gst_im_frame_parallel_get_on_error (GstImFrameParallel * self)
{
  return gst_im_reporter_get_on_error (PRIV (self)->reporter);
}

/**
 * gst_im_frame_parallel_get_pool:
 * @self: the element
 *
 * The element's workers, for splitting one frame into row bands with
 * gst_im_parallel_rows() from inside process().
 *
 * Returns: (transfer none) (nullable): the pool; %NULL outside PAUSED/PLAYING
 */
GstImWorkerPool *
gst_im_frame_parallel_get_pool (GstImFrameParallel * self)
{
  return PRIV (self)->pool;
}
