/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImFrameParallel: the base class of elements that turn one buffer into
 * zero or more buffers on worker threads.
 *
 * The streaming thread (chain) wraps each input in a job, appends it to an
 * ordered FIFO and hands it to the worker pool, in work items of chunk-size
 * jobs. Serialized events go into the same FIFO, so they stay in order with
 * the buffers. A task on the source pad pops the FIFO head once it is done
 * and pushes its outputs (or the event) downstream. The FIFO holds at most
 * max-in-flight jobs: when it is full, chain waits (back-pressure).
 *
 * Flushing bumps an epoch: workers skip jobs of an older epoch, the source
 * task stops, and FLUSH_STOP / PAUSED->READY wait until no work item is
 * running before the FIFO is emptied, so no job is freed under a worker.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/imagemill/imagemill.h>
#include "gstimframeparallel-private.h"

GST_DEBUG_CATEGORY (im_frame_parallel_debug);
#define GST_CAT_DEFAULT im_frame_parallel_debug

#define DEFAULT_WORKERS 0
#define DEFAULT_MAX_IN_FLIGHT 0
#define DEFAULT_CHUNK_SIZE 1
#define DEFAULT_ON_ERROR GST_IM_ON_ERROR_FAIL
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
    GST_TYPE_ELEMENT, G_ADD_PRIVATE (GstImFrameParallel)
    GST_DEBUG_CATEGORY_INIT (im_frame_parallel_debug, "im-frame-parallel", 0,
        "imagemill frame-parallel base class"));

GstImFrameParallelPrivate *
gst_im_fp_get_priv (GstImFrameParallel * self)
{
  return gst_im_frame_parallel_get_instance_private (self);
}

GType
gst_im_on_error_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_IM_ON_ERROR_FAIL, "Post an error naming the input and stop", "fail"},
    {GST_IM_ON_ERROR_SKIP, "Post a warning naming the input and go on",
        "skip"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType _type = g_enum_register_static ("GstImOnError", values);
    g_once_init_leave (&type, _type);
  }
  return type;
}

static void gst_im_frame_parallel_constructed (GObject * object);
static void gst_im_frame_parallel_finalize (GObject * object);
static void gst_im_frame_parallel_set_property (GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec);
static void gst_im_frame_parallel_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);
static GstStateChangeReturn gst_im_frame_parallel_change_state (GstElement *
    element, GstStateChange transition);
static GstFlowReturn gst_im_frame_parallel_chain (GstPad * pad,
    GstObject * parent, GstBuffer * buffer);
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
   * GstImFrameParallel:on-error:
   *
   * What to do with an input that cannot be processed: fail posts an error
   * naming it; skip posts a warning naming it, counts it in #skipped and
   * goes on.
   */
  g_object_class_install_property (gobject_class, PROP_ON_ERROR,
      g_param_spec_enum ("on-error", "On error",
          "What to do with an input that cannot be processed",
          GST_IM_TYPE_ON_ERROR, DEFAULT_ON_ERROR,
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
   * GstImFrameParallel:skipped:
   *
   * Inputs dropped under on-error=skip since the element left READY.
   */
  g_object_class_install_property (gobject_class, PROP_SKIPPED,
      g_param_spec_uint64 ("skipped", "Skipped",
          "Inputs dropped under on-error=skip", 0, G_MAXUINT64, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
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
      GST_DEBUG_FUNCPTR (gst_im_frame_parallel_chain));
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
  gst_element_add_pad (GST_ELEMENT (self), priv->srcpad);
}

static void
gst_im_frame_parallel_init (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  priv->workers = DEFAULT_WORKERS;
  priv->max_in_flight = DEFAULT_MAX_IN_FLIGHT;
  priv->chunk_size = DEFAULT_CHUNK_SIZE;
  priv->on_error = DEFAULT_ON_ERROR;
  priv->ordered = DEFAULT_ORDERED;

  g_mutex_init (&priv->lock);
  g_cond_init (&priv->item_cond);
  g_cond_init (&priv->space_cond);
  g_cond_init (&priv->idle_cond);
  priv->frame_pools = gst_im_frame_pools_new ();
  priv->framer = gst_im_framer_new ();
  priv->fps_d = 1;
  priv->out_format = GST_VIDEO_FORMAT_UNKNOWN;
  priv->fifo = gst_queue_array_new_for_struct (sizeof (Item), 16);
  priv->batch = g_ptr_array_new ();
  priv->flushing = TRUE;
  priv->srcresult = GST_FLOW_FLUSHING;
  g_queue_init (&priv->idle_states);
  g_queue_init (&priv->held_events);
}

static void
gst_im_frame_parallel_finalize (GObject * object)
{
  GstImFrameParallelPrivate *priv = PRIV (GST_IM_FRAME_PARALLEL (object));

  gst_queue_array_free (priv->fifo);
  g_ptr_array_free (priv->batch, TRUE);
  g_mutex_clear (&priv->lock);
  g_cond_clear (&priv->item_cond);
  g_cond_clear (&priv->space_cond);
  g_cond_clear (&priv->idle_cond);
  gst_im_frame_pools_free (priv->frame_pools);
  gst_im_framer_free (priv->framer);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_im_frame_parallel_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (object);
  GstImFrameParallelPrivate *priv = PRIV (self);

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
    case PROP_ON_ERROR:
      priv->on_error = g_value_get_enum (value);
      break;
    case PROP_ORDERED:
      priv->ordered = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);

  /* wake a chain waiting on a max-in-flight that was just raised */
  if (prop_id == PROP_MAX_IN_FLIGHT || prop_id == PROP_WORKERS) {
    g_mutex_lock (&priv->lock);
    g_cond_broadcast (&priv->space_cond);
    g_mutex_unlock (&priv->lock);
  }
}

static void
gst_im_frame_parallel_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (object);
  GstImFrameParallelPrivate *priv = PRIV (self);

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
    case PROP_ON_ERROR:
      g_value_set_enum (value, priv->on_error);
      break;
    case PROP_ORDERED:
      g_value_set_boolean (value, priv->ordered);
      break;
    case PROP_SKIPPED:
      g_mutex_lock (&priv->lock);
      g_value_set_uint64 (value, priv->skipped);
      g_mutex_unlock (&priv->lock);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ---- the streaming side ---- */

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
      && priv->n_jobs >= max) {
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
static GstFlowReturn
submit_framed (GstImFrameParallel * self)
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

static GstFlowReturn
gst_im_frame_parallel_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buffer)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (parent);
  GstImFrameParallelPrivate *priv = PRIV (self);

  if (priv->raw_input)
    return submit (self, buffer);
  gst_im_framer_push (priv->framer, buffer);
  return submit_framed (self);
}

/* The input side of new sink caps: raw or encoded, framing, frame rate. */
static void
take_input_caps (GstImFrameParallel * self, GstCaps * caps)
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

/* Queues a serialized event behind the jobs before it. */
static gboolean
enqueue_event (GstImFrameParallel * self, GstEvent * event)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  Item item = { NULL, event };

  g_mutex_lock (&priv->lock);
  if (priv->flushing) {
    g_mutex_unlock (&priv->lock);
    gst_event_unref (event);
    return FALSE;
  }
  gst_im_fp_dispatch_batch_locked (self);
  gst_queue_array_push_tail_struct (priv->fifo, &item);
  g_cond_broadcast (&priv->item_cond);
  g_mutex_unlock (&priv->lock);
  return TRUE;
}

void
gst_im_fp_start_streaming (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  g_mutex_lock (&priv->lock);
  priv->flushing = FALSE;
  priv->srcresult = GST_FLOW_OK;
  g_mutex_unlock (&priv->lock);
}

/* Stops workers from starting jobs and wakes every waiting thread. */
void
gst_im_fp_stop_streaming (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);

  g_mutex_lock (&priv->lock);
  priv->flushing = TRUE;
  priv->srcresult = GST_FLOW_FLUSHING;
  priv->epoch++;
  g_cond_broadcast (&priv->item_cond);
  g_cond_broadcast (&priv->space_cond);
  g_mutex_unlock (&priv->lock);
}

/* Forgets everything queued, once no worker can touch it. A flush keeps
 * the sticky events that outlive it, in order. */
static void
discard_pending (GstImFrameParallel * self, gboolean flush)
{
  GstImFrameParallelClass *klass = GST_IM_FRAME_PARALLEL_GET_CLASS (self);
  GstImFrameParallelPrivate *priv = PRIV (self);
  GQueue held = G_QUEUE_INIT;
  GstEvent *event;

  g_mutex_lock (&priv->lock);
  gst_im_fp_wait_idle_locked (priv);
  gst_im_fp_clear_fifo_locked (self, flush);
  g_mutex_unlock (&priv->lock);

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
      gst_im_fp_start_streaming (self);
      gst_pad_push_event (priv->srcpad, event);
      return gst_pad_start_task (priv->srcpad,
          (GstTaskFunction) gst_im_fp_output_loop, self, NULL);
    case GST_EVENT_CAPS:{
      GstCaps *caps;
      gboolean ok = TRUE;

      gst_event_parse_caps (event, &caps);
      take_input_caps (self, caps);
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
      }
      return enqueue_event (self, event);
    }
    case GST_EVENT_EOS:
      /* whatever the framer holds back is a last, truncated image */
      gst_im_framer_drain (priv->framer);
      submit_framed (self);
      return enqueue_event (self, event);
    default:
      if (GST_EVENT_IS_SERIALIZED (event))
        return enqueue_event (self, event);
      return gst_pad_event_default (pad, parent, event);
  }
}

static gboolean
gst_im_frame_parallel_sink_query (GstPad * pad, GstObject * parent,
    GstQuery * query)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (parent);
  GstImFrameParallelPrivate *priv = PRIV (self);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_ALLOCATION:
      /* our inputs are read, never written in place: any memory will do */
      return FALSE;
    case GST_QUERY_DRAIN:
      /* upstream wants its buffers back: wait until all are pushed */
      g_mutex_lock (&priv->lock);
      gst_im_fp_dispatch_batch_locked (self);
      while (!priv->flushing && priv->srcresult == GST_FLOW_OK &&
          !gst_queue_array_is_empty (priv->fifo))
        g_cond_wait (&priv->space_cond, &priv->lock);
      g_mutex_unlock (&priv->lock);
      return TRUE;
    default:
      return gst_pad_query_default (pad, parent, query);
  }
}

/* ---- state ---- */

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
      priv->pool = gst_im_worker_pool_new (workers, &err);
      if (priv->pool == NULL)
        goto no_pool;
      priv->next_seqnum = 0;
      priv->skipped = 0;
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
      gst_im_worker_pool_free (priv->pool);
      priv->pool = NULL;
      free_worker_states (self);
      gst_caps_replace (&priv->src_caps, NULL);
      gst_im_frame_pools_clear (priv->frame_pools);
      break;
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      if (ret == GST_STATE_CHANGE_FAILURE) {
        gst_im_worker_pool_free (priv->pool);
        priv->pool = NULL;
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

GstImOnError
gst_im_frame_parallel_get_on_error (GstImFrameParallel * self)
{
  GstImOnError on_error;

  GST_OBJECT_LOCK (self);
  on_error = PRIV (self)->on_error;
  GST_OBJECT_UNLOCK (self);
  return on_error;
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

/**
 * gst_im_frame_parallel_alloc_frame:
 * @self: the element
 * @info: the frame's format and size
 * @caps: (out) (transfer full): the caps to give with the frame
 *
 * Takes an output frame from a buffer pool kept for @info, with a
 * #GstVideoMeta, so frames are recycled instead of allocated. Safe to call
 * from worker threads.
 *
 * Returns: (transfer full) (nullable): a writable buffer
 */
GstBuffer *
gst_im_frame_parallel_alloc_frame (GstImFrameParallel * self,
    const GstVideoInfo * info, GstCaps ** caps)
{
  return gst_im_frame_pools_acquire (PRIV (self)->frame_pools, info, caps);
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
