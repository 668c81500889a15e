/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The contract of GstImFrameParallel, checked on a dummy subclass whose
 * per-input delay and failure the test plans (keyed by the input's offset,
 * its "marker"). The test's own pads push into it from a real thread and
 * record what comes out; the oracles are the test's plan and counts: which
 * markers went in, which buffers were still alive (destroy notifies), what
 * the downstream pad was sent.
 */
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>

#define MAX_MARKERS 2048
#define IN_CAPS "video/x-raw,format=GRAY8,width=4,height=4,framerate=0/1"
#define FORMATS "{ GRAY8, RGB, RGBA }"

/* What process() does with the input of one marker. */
typedef struct
{
  guint delay_us;
  gboolean fail;
  GQuark domain;
  gint code;
  gint wait_for;                /* a marker whose output must come first */
} Plan;

/* One thing the downstream pad received. */
typedef struct
{
  GstEventType event;           /* 0 for a buffer */
  guint64 marker;
} Rec;

static struct
{
  Plan plan[MAX_MARKERS];

  GstElement *el;
  GstPad *src;                  /* the test pushes into the element here */
  GstPad *sink;                 /* and receives its outputs here */
  GstBus *bus;
  GstCaps *downstream;          /* what the sink pad takes; NULL: anything */
  guint max_in_flight;
  gboolean hold_first;          /* the first output waits for upstream */
  guint sink_delay_us;          /* per output; the last one waits longer */
  guint64 last_marker;

  GMutex lock;
  GCond cond;
  GArray *recs;                 /* of Rec */
  guint delivered;              /* outputs the sink pad is done with */
  gint inputs_alive, max_inputs_alive;
  gint outputs_alive, max_outputs_alive;
  gint running, max_running;
  gint max_span;                /* inputs held, seen from process() */
  gboolean eos;
  gboolean bad_output;
} f;

static GQuark alive_quark;

/* ---- the dummy subclass: copies each input, as planned ---- */

typedef struct
{
  GstImFrameParallel parent;
  GstCaps *caps;                /* GST_OBJECT_LOCK */
} TestFp;

typedef struct
{
  GstImFrameParallelClass parent_class;
} TestFpClass;

GType test_fp_get_type (void);
G_DEFINE_TYPE (TestFp, test_fp, GST_IM_TYPE_FRAME_PARALLEL);

static GstStaticPadTemplate test_sink_template =
GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (FORMATS)));
static GstStaticPadTemplate test_src_template =
GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (FORMATS)));

static void
dec_alive (gpointer counter)
{
  g_mutex_lock (&f.lock);
  (*(gint *) counter)--;
  g_cond_broadcast (&f.cond);
  g_mutex_unlock (&f.lock);
}

/* Counts @buf as alive until it is finalized. */
static void
track (GstBuffer * buf, gint * alive, gint * max_alive)
{
  g_mutex_lock (&f.lock);
  (*alive)++;
  *max_alive = MAX (*max_alive, *alive);
  g_cond_broadcast (&f.cond);
  g_mutex_unlock (&f.lock);
  gst_mini_object_set_qdata (GST_MINI_OBJECT (buf), alive_quark, alive,
      dec_alive);
}

static gboolean
test_fp_set_caps (GstImFrameParallel * base, GstCaps * caps)
{
  TestFp *self = (TestFp *) base;

  GST_OBJECT_LOCK (self);
  gst_caps_replace (&self->caps, caps);
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
test_fp_process (GstImFrameParallel * base, GstImFrameJob * job,
    gpointer state, GError ** error)
{
  TestFp *self = (TestFp *) base;
  GstBuffer *in = gst_im_frame_job_get_input (job);
  guint64 marker = GST_BUFFER_OFFSET (in);
  const Plan *plan = &f.plan[marker];
  GstBuffer *out;
  GstCaps *caps;
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&f.lock);
  f.running++;
  f.max_running = MAX (f.max_running, f.running);
  /* in input order, the inputs from the first one not yet out downstream up
   * to this one are all held by the element */
  f.max_span = MAX (f.max_span, (gint) (marker + 1 - f.delivered));
  if (plan->wait_for >= 0) {
    gboolean seen = FALSE;

    while (!seen) {
      guint i;

      for (i = 0; i < f.recs->len && !seen; i++) {
        Rec *r = &g_array_index (f.recs, Rec, i);

        seen = r->event == 0 && r->marker == (guint64) plan->wait_for;
      }
      if (!seen && !g_cond_wait_until (&f.cond, &f.lock, deadline))
        break;
    }
  }
  g_mutex_unlock (&f.lock);

  if (plan->delay_us)
    g_usleep (plan->delay_us);

  g_mutex_lock (&f.lock);
  f.running--;
  g_mutex_unlock (&f.lock);

  if (plan->fail) {
    g_set_error (error, plan->domain, plan->code, "planned failure of %"
        G_GUINT64_FORMAT, marker);
    return FALSE;
  }

  /* the same bytes, without the input's metas: add_output copies those */
  out = gst_buffer_new ();
  gst_buffer_copy_into (out, in, GST_BUFFER_COPY_MEMORY, 0, -1);
  track (out, &f.outputs_alive, &f.max_outputs_alive);
  GST_OBJECT_LOCK (self);
  caps = gst_caps_ref (self->caps);
  GST_OBJECT_UNLOCK (self);
  gst_im_frame_job_add_output (job, out, caps);
  gst_caps_unref (caps);
  return TRUE;
}

static void
test_fp_finalize (GObject * object)
{
  gst_clear_caps (&((TestFp *) object)->caps);
  G_OBJECT_CLASS (test_fp_parent_class)->finalize (object);
}

static void
test_fp_class_init (TestFpClass * klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstImFrameParallelClass *fp_class = GST_IM_FRAME_PARALLEL_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_fp_finalize;
  gst_element_class_add_static_pad_template (element_class,
      &test_sink_template);
  gst_element_class_add_static_pad_template (element_class,
      &test_src_template);
  gst_element_class_set_static_metadata (element_class, "Test frame-parallel",
      "Filter/Video", "Copies frames as the test plans", "imagemill");
  fp_class->set_caps = test_fp_set_caps;
  fp_class->process = test_fp_process;
}

static void
test_fp_init (TestFp * self)
{
}

/* ---- the test's pads ---- */

static void
record (GstEventType event, guint64 marker)
{
  Rec r = { event, marker };

  g_array_append_val (f.recs, r);
  g_cond_broadcast (&f.cond);
}

static GstFlowReturn
sink_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  guint64 marker = GST_BUFFER_OFFSET (buf);
  GstMapInfo map;
  gboolean first;

  /* the output carries its input's bytes */
  gst_buffer_map (buf, &map, GST_MAP_READ);
  if (map.size != 16 || map.data[0] != (guint8) marker)
    f.bad_output = TRUE;
  gst_buffer_unmap (buf, &map);

  g_mutex_lock (&f.lock);
  first = f.delivered == 0;
  if (first && f.hold_first) {
    /* stay busy with this output until upstream could have pushed more than
     * max-in-flight (a bug), or long enough for it to try */
    gint64 deadline = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;

    while (f.inputs_alive <= (gint) f.max_in_flight + 1 &&
        g_cond_wait_until (&f.cond, &f.lock, deadline));
  }
  g_mutex_unlock (&f.lock);

  if (f.sink_delay_us)
    g_usleep (marker == f.last_marker ? 50000 : f.sink_delay_us);
  gst_buffer_unref (buf);

  g_mutex_lock (&f.lock);
  record (0, marker);
  f.delivered++;
  g_mutex_unlock (&f.lock);
  return GST_FLOW_OK;
}

static gboolean
sink_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  g_mutex_lock (&f.lock);
  record (GST_EVENT_TYPE (event), 0);
  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS)
    f.eos = TRUE;
  else if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP)
    f.eos = FALSE;
  g_mutex_unlock (&f.lock);
  gst_event_unref (event);
  return TRUE;
}

static gboolean
sink_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  if (GST_QUERY_TYPE (query) == GST_QUERY_CAPS && f.downstream) {
    GstCaps *filter, *caps;

    gst_query_parse_caps (query, &filter);
    caps = filter ? gst_caps_intersect_full (filter, f.downstream,
        GST_CAPS_INTERSECT_FIRST) : gst_caps_ref (f.downstream);
    gst_query_set_caps_result (query, caps);
    gst_caps_unref (caps);
    return TRUE;
  }
  return gst_pad_query_default (pad, parent, query);
}

static GstBuffer *
make_input (guint64 marker)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 16, NULL);

  gst_buffer_memset (buf, 0, (guint8) marker, 16);
  GST_BUFFER_OFFSET (buf) = marker;
  GST_BUFFER_PTS (buf) = marker * GST_MSECOND;
  track (buf, &f.inputs_alive, &f.max_inputs_alive);
  return buf;
}

/* Pushes stream-start, caps and a time segment from the test's pad. */
static void
start_stream (void)
{
  GstCaps *caps = gst_caps_from_string (IN_CAPS);
  GstSegment segment;

  fail_unless (gst_pad_push_event (f.src,
          gst_event_new_stream_start ("frameparallel")));
  fail_unless (gst_pad_push_event (f.src, gst_event_new_caps (caps)));
  gst_caps_unref (caps);
  gst_segment_init (&segment, GST_FORMAT_TIME);
  fail_unless (gst_pad_push_event (f.src, gst_event_new_segment (&segment)));
}

/* A playing dummy between the test's pads. */
static void
setup (guint workers, guint max_in_flight, guint chunk, gboolean ordered)
{
  GstPad *el_sink, *el_src;
  guint i;

  alive_quark = g_quark_from_static_string ("frameparallel-alive");
  memset (f.plan, 0, sizeof (f.plan));
  for (i = 0; i < MAX_MARKERS; i++)
    f.plan[i].wait_for = -1;
  g_mutex_init (&f.lock);
  g_cond_init (&f.cond);
  f.recs = g_array_new (FALSE, FALSE, sizeof (Rec));
  f.max_in_flight = max_in_flight;
  f.last_marker = G_MAXUINT64;

  f.el = g_object_new (test_fp_get_type (), "workers", workers,
      "max-in-flight", max_in_flight, "chunk-size", chunk, "ordered", ordered,
      NULL);
  gst_object_ref_sink (f.el);
  f.bus = gst_bus_new ();
  gst_element_set_bus (f.el, f.bus);

  f.src = gst_pad_new ("src", GST_PAD_SRC);
  f.sink = gst_pad_new ("sink", GST_PAD_SINK);
  gst_pad_set_chain_function (f.sink, sink_chain);
  gst_pad_set_event_function (f.sink, sink_event);
  gst_pad_set_query_function (f.sink, sink_query);
  el_sink = gst_element_get_static_pad (f.el, "sink");
  el_src = gst_element_get_static_pad (f.el, "src");
  fail_unless_equals_int (gst_pad_link (f.src, el_sink), GST_PAD_LINK_OK);
  fail_unless_equals_int (gst_pad_link (el_src, f.sink), GST_PAD_LINK_OK);
  gst_object_unref (el_sink);
  gst_object_unref (el_src);
  gst_pad_set_active (f.src, TRUE);
  gst_pad_set_active (f.sink, TRUE);
  fail_unless_equals_int (gst_element_set_state (f.el, GST_STATE_PLAYING),
      GST_STATE_CHANGE_SUCCESS);
}

static void
teardown (void)
{
  fail_unless_equals_int (gst_element_set_state (f.el, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  gst_pad_set_active (f.src, FALSE);
  gst_pad_set_active (f.sink, FALSE);
  gst_element_set_bus (f.el, NULL);
  gst_object_unref (f.bus);
  gst_object_unref (f.el);
  gst_object_unref (f.src);
  gst_object_unref (f.sink);
  gst_clear_caps (&f.downstream);
  fail_unless_equals_int (f.inputs_alive, 0);
  fail_unless_equals_int (f.outputs_alive, 0);
  g_array_free (f.recs, TRUE);
  g_mutex_clear (&f.lock);
  g_cond_clear (&f.cond);
  memset (&f, 0, sizeof (f));
}

/* An input whose source meta names it "in/NNN.raw", item @marker. */
static GstBuffer *
make_named_input (guint64 marker)
{
  GstBuffer *buf = make_input (marker);
  gchar *path = g_strdup_printf ("in/%03" G_GUINT64_FORMAT ".raw", marker);

  gst_buffer_add_im_source_meta (buf, path, marker, 0);
  g_free (path);
  return buf;
}

/* A real upstream: its own thread pushes markers first..first+n-1 (each
 * after the previous push returned; @named: with source meta) and then
 * EOS, stopping at the first flow that is not OK. */
typedef struct
{
  guint64 first, n;
  gboolean eos;
  GstFlowReturn ret;
  gboolean named;
} Pusher;

static gpointer
push_thread (gpointer data)
{
  Pusher *p = data;
  guint64 i;

  p->ret = GST_FLOW_OK;
  for (i = p->first; i < p->first + p->n && p->ret == GST_FLOW_OK; i++)
    p->ret = gst_pad_push (f.src, p->named ? make_named_input (i) :
        make_input (i));
  if (p->eos && p->ret == GST_FLOW_OK)
    gst_pad_push_event (f.src, gst_event_new_eos ());
  return NULL;
}

static void
wait_eos (void)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&f.lock);
  while (!f.eos && g_cond_wait_until (&f.cond, &f.lock, deadline));
  fail_unless (f.eos, "no EOS within a minute");
  g_mutex_unlock (&f.lock);
}

/* The markers of the buffers received after the last FLUSH_STOP, checking
 * that the stream ends in one EOS with nothing after it. */
static GArray *
buffers_before_eos (void)
{
  GArray *markers = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint i, start = 0;

  g_mutex_lock (&f.lock);
  fail_unless (f.recs->len > 0);
  fail_unless_equals_int (g_array_index (f.recs, Rec, f.recs->len - 1).event,
      GST_EVENT_EOS);
  for (i = 0; i < f.recs->len; i++)
    if (g_array_index (f.recs, Rec, i).event == GST_EVENT_FLUSH_STOP)
      start = i + 1;
  for (i = start; i + 1 < f.recs->len; i++) {
    Rec *r = &g_array_index (f.recs, Rec, i);

    fail_if (r->event == GST_EVENT_EOS, "EOS before the end");
    if (r->event == 0)
      g_array_append_val (markers, r->marker);
  }
  g_mutex_unlock (&f.lock);
  return markers;
}

/* Delays that look random and are the same on every run. */
static guint
scatter (guint64 marker, guint max_us)
{
  return (guint) ((marker * 7919 + 13) % (max_us + 1));
}

/* ---- back-pressure ---- */

static const struct
{
  guint workers, max_in_flight, chunk;
} bp_configs[] = {
  {1, 2, 1},
  {3, 4, 1},
  {4, 6, 3},
};

/* A real upstream thread against slow workers and a slow downstream: the
 * element never holds more than max-in-flight inputs (the one upstream is
 * pushing aside), nor more outputs, nor runs more jobs than workers. */
GST_START_TEST (test_backpressure)
{
  guint workers = bp_configs[__i__].workers;
  guint max = bp_configs[__i__].max_in_flight;
  Pusher p = { 0, 150, TRUE, GST_FLOW_OK };
  GThread *thread;
  GArray *markers;
  guint i;

  setup (workers, max, bp_configs[__i__].chunk, TRUE);
  for (i = 0; i < p.n; i++)
    f.plan[i].delay_us = scatter (i, 800);
  f.hold_first = TRUE;
  f.sink_delay_us = 200;
  start_stream ();
  thread = g_thread_new ("pusher", push_thread, &p);
  wait_eos ();
  g_thread_join (thread);
  fail_unless_equals_int (p.ret, GST_FLOW_OK);

  markers = buffers_before_eos ();
  fail_unless_equals_int (markers->len, p.n);
  for (i = 0; i < markers->len; i++)
    fail_unless_equals_uint64 (g_array_index (markers, guint64, i), i);
  g_array_free (markers, TRUE);
  fail_if (f.bad_output);

  GST_INFO ("max in flight %u: inputs alive %d, outputs alive %d, span %d, "
      "running %d", max, f.max_inputs_alive, f.max_outputs_alive, f.max_span,
      f.max_running);
  fail_unless (f.max_span <= (gint) max, "%d inputs held, max-in-flight %u",
      f.max_span, max);
  fail_unless (f.max_inputs_alive <= (gint) max + 1,
      "%d inputs alive, max-in-flight %u", f.max_inputs_alive, max);
  fail_unless (f.max_outputs_alive <= (gint) max,
      "%d outputs alive, max-in-flight %u", f.max_outputs_alive, max);
  fail_unless (f.max_running <= (gint) workers, "%d jobs ran at once on %u "
      "workers", f.max_running, workers);
  teardown ();
}

GST_END_TEST;

/* ---- ordered=false ---- */

/* Input 0 cannot finish before output 1 is out: unordered, every input
 * still comes out exactly once, 1 before 0, and EOS last. */
GST_START_TEST (test_unordered)
{
  Pusher p = { 0, 20, TRUE, GST_FLOW_OK };
  GThread *thread;
  GArray *markers;
  gboolean seen[20] = { FALSE };
  guint i, pos0 = 0, pos1 = 0;

  setup (2, 4, 1, FALSE);
  f.plan[0].wait_for = 1;
  for (i = 1; i < p.n; i++)
    f.plan[i].delay_us = scatter (i, 500);
  start_stream ();
  thread = g_thread_new ("pusher", push_thread, &p);
  wait_eos ();
  g_thread_join (thread);

  markers = buffers_before_eos ();
  fail_unless_equals_int (markers->len, p.n);
  for (i = 0; i < markers->len; i++) {
    guint64 m = g_array_index (markers, guint64, i);

    fail_unless (m < p.n && !seen[m], "marker %" G_GUINT64_FORMAT
        " unknown or twice", m);
    seen[m] = TRUE;
    if (m == 0)
      pos0 = i;
    else if (m == 1)
      pos1 = i;
  }
  fail_unless (pos1 < pos0, "output 0 at %u did not let output 1 (at %u) go "
      "first", pos0, pos1);
  g_array_free (markers, TRUE);
  fail_if (f.bad_output);
  teardown ();
}

GST_END_TEST;

/* ---- EOS ---- */

/* EOS leaves after every buffer, in order when ordered, after the sticky
 * events that start the stream. */
GST_START_TEST (test_eos_after_all)
{
  gboolean ordered = __i__ == 0;
  Pusher p = { 0, 60, TRUE, GST_FLOW_OK };
  GThread *thread;
  GArray *markers;
  gboolean seen[60] = { FALSE };
  guint i, caps_at = G_MAXUINT, segment_at = G_MAXUINT, first_buffer = 0;

  setup (3, 5, 1, ordered);
  for (i = 0; i < p.n; i++)
    f.plan[i].delay_us = scatter (i, 1500);
  f.sink_delay_us = 100;
  start_stream ();
  thread = g_thread_new ("pusher", push_thread, &p);
  wait_eos ();
  g_thread_join (thread);

  markers = buffers_before_eos ();
  fail_unless_equals_int (markers->len, p.n);
  for (i = 0; i < markers->len; i++) {
    guint64 m = g_array_index (markers, guint64, i);

    fail_unless (m < p.n && !seen[m]);
    seen[m] = TRUE;
    if (ordered)
      fail_unless_equals_uint64 (m, i);
  }
  g_array_free (markers, TRUE);

  for (i = f.recs->len; i-- > 0;) {
    GstEventType type = g_array_index (f.recs, Rec, i).event;

    if (type == GST_EVENT_CAPS)
      caps_at = i;
    else if (type == GST_EVENT_SEGMENT)
      segment_at = i;
    else if (type == 0)
      first_buffer = i;
  }
  fail_unless (caps_at < segment_at && segment_at < first_buffer,
      "caps at %u, segment at %u, first buffer at %u", caps_at, segment_at,
      first_buffer);
  fail_if (f.bad_output);
  teardown ();
}

GST_END_TEST;

/* ---- flush ---- */

/* Flushing from another thread while slow jobs run and upstream is blocked
 * on max-in-flight: after FLUSH_STOP only the new inputs come out, all of
 * them, in order. */
GST_START_TEST (test_flush)
{
  Pusher before = { 0, 200, FALSE, GST_FLOW_OK };
  Pusher after = { 1000, 20, TRUE, GST_FLOW_OK };
  GThread *thread;
  GArray *markers;
  GstSegment segment;
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  guint i, out_before = 1 + __i__ * 3;

  setup (2, 4, 1, TRUE);
  for (i = 0; i < before.n; i++)
    f.plan[i].delay_us = 2000 + scatter (i, 2000);
  for (i = 0; i < after.n; i++)
    f.plan[after.first + i].delay_us = scatter (i, 1000);
  start_stream ();
  thread = g_thread_new ("pusher", push_thread, &before);

  /* flush once a few outputs are out: jobs are running then */
  g_mutex_lock (&f.lock);
  while (f.delivered < out_before &&
      g_cond_wait_until (&f.cond, &f.lock, deadline));
  fail_unless (f.delivered >= out_before);
  g_mutex_unlock (&f.lock);
  fail_unless (gst_pad_push_event (f.src, gst_event_new_flush_start ()));
  g_thread_join (thread);
  GST_INFO ("flushed after %u outputs: %s", out_before,
      gst_flow_get_name (before.ret));

  /* the streaming thread again: flush-stop, a new segment, new inputs */
  fail_unless (gst_pad_push_event (f.src, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  fail_unless (gst_pad_push_event (f.src, gst_event_new_segment (&segment)));
  push_thread (&after);
  fail_unless_equals_int (after.ret, GST_FLOW_OK);
  wait_eos ();

  markers = buffers_before_eos ();
  fail_unless_equals_int (markers->len, after.n);
  for (i = 0; i < markers->len; i++)
    fail_unless_equals_uint64 (g_array_index (markers, guint64, i),
        after.first + i);
  g_array_free (markers, TRUE);
  fail_if (f.bad_output);
  teardown ();
}

GST_END_TEST;

/* ---- DRAIN ---- */

/* The DRAIN query returns only once every input pushed before it is
 * released, even while downstream is still busy with the last output. */
GST_START_TEST (test_drain)
{
  GstQuery *query;
  guint i, n = 6;

  setup (2, 8, 1, TRUE);
  for (i = 0; i < n; i++)
    f.plan[i].delay_us = 5000 + scatter (i, 5000);
  f.sink_delay_us = 1;
  f.last_marker = n - 1;        /* downstream holds the last one 50 ms */
  start_stream ();
  for (i = 0; i < n; i++)
    fail_unless_equals_int (gst_pad_push (f.src, make_input (i)), GST_FLOW_OK);

  query = gst_query_new_drain ();
  fail_unless (gst_pad_peer_query (f.src, query));
  gst_query_unref (query);
  g_mutex_lock (&f.lock);
  fail_unless_equals_int (f.inputs_alive, 0);
  fail_unless_equals_int (f.delivered, n);
  g_mutex_unlock (&f.lock);
  teardown ();
}

GST_END_TEST;

/* ---- caps ---- */

static const struct
{
  const gchar *downstream;
  const gchar *accepted;        /* template formats downstream also takes */
  const gchar *refused;
} caps_cases[] = {
  {"video/x-raw,format=RGBA,width=[1,100]", "RGBA", "RGB"},
  {"video/x-raw,format={NV12,RGB,GRAY8}", "RGB", "RGBA"},
  {"video/x-raw,format=NV12; image/png", NULL, "GRAY8"},
};

static GstCaps *
raw_caps (const gchar * format, gint width)
{
  return gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, format,
      "width", G_TYPE_INT, width, "height", G_TYPE_INT, 8, "framerate",
      GST_TYPE_FRACTION, 0, 1, NULL);
}

/* Upstream asking what the sink pad takes sees downstream's raw formats
 * (intersected with the template), at any size: only the format goes
 * through unchanged. */
GST_START_TEST (test_caps_proxy)
{
  const gchar *accepted = caps_cases[__i__].accepted;
  const gchar *refused = caps_cases[__i__].refused;
  GstCaps *caps, *probe;

  setup (1, 2, 1, TRUE);
  f.downstream = gst_caps_from_string (caps_cases[__i__].downstream);
  caps = gst_pad_peer_query_caps (f.src, NULL);
  GST_INFO ("downstream %" GST_PTR_FORMAT ": %" GST_PTR_FORMAT, f.downstream,
      caps);
  fail_unless_equals_int (gst_caps_is_empty (caps), accepted == NULL);

  if (accepted) {
    /* at a size downstream does not take: this element may resize */
    probe = raw_caps (accepted, 4000);
    fail_unless (gst_caps_is_subset (probe, caps));
    fail_unless (gst_pad_peer_query_accept_caps (f.src, probe));
    gst_caps_unref (probe);
  }
  probe = raw_caps (refused, 8);
  fail_if (gst_caps_can_intersect (probe, caps));
  fail_if (gst_pad_peer_query_accept_caps (f.src, probe));
  gst_caps_unref (probe);
  gst_caps_unref (caps);

  /* a filter narrows the answer */
  if (accepted) {
    probe = gst_caps_from_string ("video/x-raw,width=7");
    caps = gst_pad_peer_query_caps (f.src, probe);
    fail_unless (!gst_caps_is_empty (caps));
    fail_unless (gst_caps_is_subset (caps, probe));
    gst_caps_unref (caps);
    gst_caps_unref (probe);
  }
  teardown ();
}

GST_END_TEST;

static GstPadProbeReturn
count_buffers (GstPad * pad, GstPadProbeInfo * info, gpointer counter)
{
  g_atomic_int_inc ((gint *) counter);
  return GST_PAD_PROBE_OK;
}

/* The real thumbnailer keeps the format of raw input: videotestsrc must be
 * asked for the one format downstream takes, and the stream must end. */
GST_START_TEST (test_thumbnailer_raw_negotiates)
{
  const gchar *formats[] = { "RGBA", "GRAY8", "BGRx" };
  gchar *desc = g_strdup_printf ("videotestsrc num-buffers=3 ! thumbnailer "
      "width=32 height=24 ! video/x-raw,format=%s ! fakesink name=sink",
      formats[__i__]);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *sink;
  GstPad *pad;
  GstBus *bus;
  GstMessage *msg;
  GstCaps *caps;
  gint buffers = 0;

  fail_unless (pipeline != NULL);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffers, &buffers,
      NULL);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "%s: no EOS within a minute", desc);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err;
    gchar *debug;

    gst_message_parse_error (msg, &err, &debug);
    fail ("%s: %s (%s)", desc, err->message, debug);
  }
  gst_message_unref (msg);

  fail_unless_equals_int (buffers, 3);
  caps = gst_pad_get_current_caps (pad);
  fail_unless_equals_string (gst_structure_get_string
      (gst_caps_get_structure (caps, 0), "format"), formats[__i__]);
  gst_caps_unref (caps);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pad);
  gst_object_unref (sink);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  g_free (desc);
}

GST_END_TEST;

/* ---- on-error ---- */

/* Checks that the next warning or error on the bus is a @type naming input
 * @marker and carrying @domain and @code. */
static void
check_message (GstMessageType type, guint64 marker, GQuark domain, gint code)
{
  gchar *name = g_strdup_printf ("in/%03" G_GUINT64_FORMAT ".raw", marker);
  GstMessage *msg = gst_bus_pop_filtered (f.bus, GST_MESSAGE_WARNING |
      GST_MESSAGE_ERROR);
  GError *err = NULL;
  gchar *debug = NULL;

  fail_unless (msg && GST_MESSAGE_TYPE (msg) == type);
  if (type == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, &err, &debug);
  else
    gst_message_parse_warning (msg, &err, &debug);
  GST_INFO ("%s (%s)", err->message, debug);
  fail_unless (strstr (err->message, name) != NULL, "\"%s\" does not name %s",
      err->message, name);
  fail_unless (strstr (err->message, "planned failure") != NULL,
      "\"%s\" leaves out the worker's message", err->message);
  fail_unless_equals_string (g_quark_to_string (err->domain),
      g_quark_to_string (domain));
  fail_unless_equals_int (err->code, code);
  g_error_free (err);
  g_free (debug);
  g_free (name);
  gst_message_unref (msg);
}

/* on-error=skip: each failed input is a warning naming it with the worker's
 * domain and code, in input order; every other output comes out in order;
 * skipped counts the failures. */
GST_START_TEST (test_on_error_skip)
{
  Pusher p = { 0, 12, TRUE, GST_FLOW_OK, TRUE };
  GThread *thread;
  GArray *markers;
  GstMessage *msg;
  guint64 skipped, expect = 0;
  guint i;

  setup (3, 4, 1, TRUE);
  g_object_set (f.el, "on-error", GST_IM_ON_ERROR_SKIP, NULL);
  for (i = 0; i < p.n; i++)
    f.plan[i].delay_us = scatter (i, 1000);
  f.plan[3].fail = TRUE;
  f.plan[3].domain = GST_RESOURCE_ERROR;
  f.plan[3].code = GST_RESOURCE_ERROR_NO_SPACE_LEFT;
  f.plan[8].fail = TRUE;
  f.plan[8].domain = GST_CORE_ERROR;
  f.plan[8].code = GST_CORE_ERROR_THREAD;
  start_stream ();
  thread = g_thread_new ("pusher", push_thread, &p);
  wait_eos ();
  g_thread_join (thread);

  markers = buffers_before_eos ();
  fail_unless_equals_int (markers->len, p.n - 2);
  for (i = 0; i < markers->len; i++, expect++) {
    if (expect == 3 || expect == 8)
      expect++;
    fail_unless_equals_uint64 (g_array_index (markers, guint64, i), expect);
  }
  g_array_free (markers, TRUE);

  check_message (GST_MESSAGE_WARNING, 3, GST_RESOURCE_ERROR,
      GST_RESOURCE_ERROR_NO_SPACE_LEFT);
  check_message (GST_MESSAGE_WARNING, 8, GST_CORE_ERROR,
      GST_CORE_ERROR_THREAD);
  msg = gst_bus_pop_filtered (f.bus, GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);
  fail_unless (msg == NULL, "a third message");

  g_object_get (f.el, "skipped", &skipped, NULL);
  fail_unless_equals_uint64 (skipped, 2);
  teardown ();
}

GST_END_TEST;

static const struct
{
  GQuark (*domain) (void);
  gint code;
} fail_cases[] = {
  {gst_resource_error_quark, GST_RESOURCE_ERROR_NO_SPACE_LEFT},
  {gst_core_error_quark, GST_CORE_ERROR_FAILED},
  {gst_library_error_quark, GST_LIBRARY_ERROR_ENCODE},
};

/* on-error=fail: one error naming the input with the worker's domain and
 * code; the outputs before it come out in order, none after it, then EOS;
 * a later EOS from upstream is refused. */
GST_START_TEST (test_on_error_fail)
{
  GQuark domain = fail_cases[__i__].domain ();
  gint code = fail_cases[__i__].code;
  Pusher p = { 0, 12, TRUE, GST_FLOW_OK, TRUE };
  GThread *thread;
  GArray *markers;
  GstMessage *msg;
  guint i;

  setup (3, 4, 1, TRUE);
  for (i = 0; i < p.n; i++)
    f.plan[i].delay_us = scatter (i, 1000);
  f.plan[4].fail = TRUE;
  f.plan[4].domain = domain;
  f.plan[4].code = code;
  f.plan[9].fail = TRUE;        /* never reported: the element stopped */
  f.plan[9].domain = GST_STREAM_ERROR;
  f.plan[9].code = GST_STREAM_ERROR_DECODE;
  start_stream ();
  thread = g_thread_new ("pusher", push_thread, &p);
  wait_eos ();
  g_thread_join (thread);

  markers = buffers_before_eos ();
  fail_unless_equals_int (markers->len, 4);
  for (i = 0; i < markers->len; i++)
    fail_unless_equals_uint64 (g_array_index (markers, guint64, i), i);
  g_array_free (markers, TRUE);

  check_message (GST_MESSAGE_ERROR, 4, domain, code);
  msg = gst_bus_pop_filtered (f.bus, GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);
  fail_unless (msg == NULL, "a second message");

  fail_if (gst_pad_push_event (f.src, gst_event_new_eos ()),
      "EOS accepted after the element stopped");
  teardown ();
}

GST_END_TEST;

static Suite *
frameparallel_suite (void)
{
  Suite *s = suite_create ("frameparallel");
  TCase *tc;

  tc = tcase_create ("backpressure");
  tcase_add_loop_test (tc, test_backpressure, 0, G_N_ELEMENTS (bp_configs));
  suite_add_tcase (s, tc);
  tc = tcase_create ("unordered");
  tcase_add_test (tc, test_unordered);
  suite_add_tcase (s, tc);
  tc = tcase_create ("eos");
  tcase_add_loop_test (tc, test_eos_after_all, 0, 2);
  suite_add_tcase (s, tc);
  tc = tcase_create ("flush");
  tcase_add_loop_test (tc, test_flush, 0, 4);
  suite_add_tcase (s, tc);
  tc = tcase_create ("drain");
  tcase_add_test (tc, test_drain);
  suite_add_tcase (s, tc);
  tc = tcase_create ("caps");
  tcase_add_loop_test (tc, test_caps_proxy, 0, G_N_ELEMENTS (caps_cases));
  tcase_add_loop_test (tc, test_thumbnailer_raw_negotiates, 0, 3);
  suite_add_tcase (s, tc);
  tc = tcase_create ("on-error");
  tcase_add_test (tc, test_on_error_skip);
  tcase_add_loop_test (tc, test_on_error_fail, 0, G_N_ELEMENTS (fail_cases));
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (frameparallel);
