/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment in live pipelines: the latency it adds (computed here from the
 * properties and the frame rate), QoS (late frames leave out qos-skip's
 * transforms: their plans, their pixels against index arithmetic, the
 * stats), a slow live pipeline that keeps running, the periodic stats
 * message, and draws held once per segment.
 */
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>
#include "imtest.h"

#define W 64
#define H 48
#define FRAME (GST_SECOND / 25)

static GstHarness *
new_augment (const gchar * props)
{
  gchar *launch = g_strdup_printf ("augment %s", props);
  GstHarness *h = gst_harness_new_parse (launch);

  g_free (launch);
  gst_harness_set_src_caps_str (h, "video/x-raw,format=GRAY8,width=64,"
      "height=48,framerate=25/1");
  return h;
}

/* A GRAY8 frame, pixel (x, y) = x + 3 y, at @pts with offset @offset. */
static GstBuffer *
ramp_frame (GstClockTime pts, guint64 offset)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, W * H, NULL);
  GstMapInfo map;
  guint x, y;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++)
      map.data[y * W + x] = x + 3 * y;
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = FRAME;
  GST_BUFFER_OFFSET (buf) = offset;
  return buf;
}

static gchar *
plan_of (GstBuffer * buf)
{
  GstImAugmentMeta *meta = gst_buffer_get_im_augment_meta (buf);

  fail_unless (meta != NULL);
  return g_strdup (meta->plan);
}

static guint64
stat (GstElement * aug, const gchar * name)
{
  GstStructure *st;
  guint64 v = G_MAXUINT64;

  g_object_get (aug, "stats", &st, NULL);
  fail_unless (gst_structure_get_uint64 (st, name, &v), "%s", name);
  gst_structure_free (st);
  return v;
}

/* upstream's latency + min (workers x chunk-size, max-in-flight) frames */
GST_START_TEST (test_latency)
{
  static const struct
  {
    const gchar *props;
    guint frames;
  } cases[] = {
    {"workers=2 max-in-flight=3", 2},
    {"workers=3 max-in-flight=2", 2},
    {"workers=1 max-in-flight=8 chunk-size=3", 3},
  };
  GstHarness *h;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    h = new_augment (cases[i].props);
    gst_harness_set_upstream_latency (h, 10 * GST_MSECOND);
    gst_harness_play (h);
    fail_unless_equals_uint64 (gst_harness_query_latency (h),
        10 * GST_MSECOND + cases[i].frames * FRAME);
    gst_harness_teardown (h);
  }

  /* no frame rate: nothing to count frames in, upstream's alone */
  h = gst_harness_new_parse ("augment workers=2");
  gst_harness_set_src_caps_str (h, "video/x-raw,format=GRAY8,width=64,"
      "height=48,framerate=0/1");
  gst_harness_set_upstream_latency (h, 10 * GST_MSECOND);
  gst_harness_play (h);
  fail_unless_equals_uint64 (gst_harness_query_latency (h),
      10 * GST_MSECOND);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Frames at or before the earliest time of a QoS event are late: without
 * GaussianBlur (their plan, their pixels: the flip alone), counted; the
 * others in full. A flush forgets the QoS. */
GST_START_TEST (test_qos_skips)
{
  GstHarness *h = new_augment ("transforms=\"HorizontalFlip(p=1), "
      "GaussianBlur(sigma_limit=[2,2], p=1)\" qos-skip=\"GaussNoise, "
      "GaussianBlur\" workers=1");
  GstElement *aug;
  GstBuffer *out;
  GstMapInfo map;
  gchar *plan;
  guint i, x, y;

  gst_harness_play (h);
  /* late by 60 ms at 100 ms: earliest = 100 + 2 x 60 + 40 = 260 ms */
  fail_unless (gst_harness_push_upstream_event (h,
          gst_event_new_qos (GST_QOS_TYPE_UNDERFLOW, 0.8, 60 * GST_MSECOND,
              100 * GST_MSECOND)));
  for (i = 0; i < 10; i++) {
    fail_unless_equals_int (gst_harness_push (h, ramp_frame (i * FRAME, i)),
        GST_FLOW_OK);
    out = gst_harness_pull (h);
    plan = plan_of (out);
    if (i * FRAME <= 260 * GST_MSECOND) {
      fail_if (strstr (plan, "GaussianBlur"), "frame %u: %s", i, plan);
      fail_unless (strstr (plan, "HorizontalFlip"), "frame %u: %s", i, plan);
      fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
      for (y = 0; y < H; y++)
        for (x = 0; x < W; x++)
          fail_unless_equals_int (map.data[y * W + x], (W - 1 - x) + 3 * y);
      gst_buffer_unmap (out, &map);
    } else {
      fail_unless (strstr (plan, "GaussianBlur"), "frame %u: %s", i, plan);
    }
    g_free (plan);
    gst_buffer_unref (out);
  }
  /* frames 0..6 (0 .. 240 ms) were late */
  aug = gst_harness_find_element (h, "augment");
  fail_unless_equals_uint64 (stat (aug, "late"), 7);
  fail_unless_equals_uint64 (stat (aug, "skipped-transforms"), 7);
  fail_unless_equals_uint64 (stat (aug, "outputs"), 10);
  gst_object_unref (aug);

  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  {
    GstSegment seg;

    gst_segment_init (&seg, GST_FORMAT_TIME);
    fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  }
  fail_unless_equals_int (gst_harness_push (h, ramp_frame (0, 0)),
      GST_FLOW_OK);
  out = gst_harness_pull (h);
  plan = plan_of (out);
  fail_unless (strstr (plan, "GaussianBlur"), "after a flush: %s", plan);
  g_free (plan);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* An unknown name in qos-skip stops the start with a message naming it. */
GST_START_TEST (test_qos_skip_unknown)
{
  GstElement *aug = gst_element_factory_make ("augment", NULL);
  GstBus *bus = gst_bus_new ();
  gchar *text;

  gst_element_set_bus (aug, bus);
  g_object_set (aug, "transforms", "HorizontalFlip()", "qos-skip",
      "GaussianBlur,NoSuchBlur", NULL);
  fail_unless_equals_int (gst_element_set_state (aug, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  text = im_test_pop_message_text (bus, GST_MESSAGE_ERROR);
  fail_unless (strstr (text, "qos-skip") && strstr (text, "NoSuchBlur"),
      "%s", text);
  g_free (text);
  gst_element_set_state (aug, GST_STATE_NULL);
  gst_element_set_bus (aug, NULL);
  gst_object_unref (bus);
  gst_object_unref (aug);
}

GST_END_TEST;

/* A live source faster than the transforms: the sink's QoS reaches
 * augment, which skips, counts it, posts its stats periodically, and the
 * stream runs to its end. */
GST_START_TEST (test_slow_live_pipeline)
{
  GstElement *pipeline = gst_parse_launch ("videotestsrc is-live=true "
      "num-buffers=90 pattern=ball ! video/x-raw,format=RGBx,width=1280,"
      "height=720,framerate=60/1 ! augment name=aug workers=1 "
      "max-in-flight=2 stats-interval=100 transforms=\"HorizontalFlip(), "
      "ElasticTransform(alpha=60, sigma=8, p=1), MedianBlur(blur_limit=[9,9], "
      "p=1)\" qos-skip=ElasticTransform,MedianBlur ! fakesink sync=true "
      "qos=true", NULL);
  GstElement *aug = gst_bin_get_by_name (GST_BIN (pipeline), "aug");
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  const GstStructure *s;
  guint64 inputs = 0, v;
  guint n_stats = 0;
  gboolean eos = FALSE;

  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  while (!eos && (msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
              GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT))) {
    fail_if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR);
    eos = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;
    s = gst_message_get_structure (msg);
    if (s && gst_structure_has_name (s, "augment-stats")) {
      fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (aug));
      fail_unless (gst_structure_get_uint64 (s, "inputs", &v) && v >= inputs);
      fail_unless (gst_structure_has_field (s, "late")
          && gst_structure_has_field (s, "skipped-transforms")
          && gst_structure_has_field (s, "mean-process-us")
          && gst_structure_has_field (s, "max-process-us"));
      inputs = v;
      n_stats++;
    }
    gst_message_unref (msg);
  }
  fail_unless (eos, "no EOS within a minute");
  GST_INFO ("late %" G_GUINT64_FORMAT ", skipped %" G_GUINT64_FORMAT
      ", messages %u", stat (aug, "late"), stat (aug, "skipped-transforms"),
      n_stats);
  fail_unless_equals_uint64 (stat (aug, "outputs"), 90);
  fail_unless (stat (aug, "late") > 0, "QoS never reached augment");
  fail_unless (stat (aug, "skipped-transforms") >= stat (aug, "late"));
  fail_unless (n_stats >= 2, "%u stats messages", n_stats);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (aug);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* hold-frames windows start at each segment: 0 holds one draw per
 * segment, 4 windows of four from the segment's first frame; two runs
 * agree. */
static GPtrArray *
segment_run (guint hold)
{
  gchar *props = g_strdup_printf ("transforms=\"Rotate(limit=45, p=1), "
      "RandomBrightnessContrast(p=1)\" seed=3 hold-frames=%u", hold);
  GstHarness *h = new_augment (props);
  GPtrArray *plans = g_ptr_array_new_with_free_func (g_free);
  GstSegment seg;
  GstBuffer *out;
  guint i;

  gst_harness_play (h);
  for (i = 0; i < 12; i++) {
    if (i == 5) {
      gst_segment_init (&seg, GST_FORMAT_TIME);
      seg.base = 5 * FRAME;
      fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
    }
    fail_unless_equals_int (gst_harness_push (h, ramp_frame (i * FRAME, i)),
        GST_FLOW_OK);
    out = gst_harness_pull (h);
    g_ptr_array_add (plans, plan_of (out));
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  g_free (props);
  return plans;
}

#define PLAN(a, i) ((const gchar *) g_ptr_array_index (a, i))

GST_START_TEST (test_hold_per_segment)
{
  GPtrArray *once = segment_run (0), *again = segment_run (0),
      *four = segment_run (4);
  guint i;

  for (i = 0; i < 12; i++) {
    fail_unless_equals_string (PLAN (once, i), PLAN (again, i));
    fail_unless_equals_string (PLAN (once, i), PLAN (once, i < 5 ? 0 : 5));
  }
  fail_if (g_str_equal (PLAN (once, 4), PLAN (once, 5)));
  /* windows 0-3, 4 (cut by the segment), 5-8, 9-11 */
  for (i = 1; i < 12; i++) {
    if (i == 4 || i == 5 || i == 9)
      fail_if (g_str_equal (PLAN (four, i), PLAN (four, i - 1)), "%u", i);
    else
      fail_unless_equals_string (PLAN (four, i), PLAN (four, i - 1));
  }
  fail_unless_equals_string (PLAN (four, 5), PLAN (once, 5));
  g_ptr_array_unref (once);
  g_ptr_array_unref (again);
  g_ptr_array_unref (four);
}

GST_END_TEST;

static Suite *
augmentlive_suite (void)
{
  Suite *s = suite_create ("augmentlive");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_latency);
  tcase_add_test (tc, test_qos_skips);
  tcase_add_test (tc, test_qos_skip_unknown);
  tcase_add_test (tc, test_hold_per_segment);
  tcase_add_test (tc, test_slow_live_pipeline);
  return s;
}

GST_CHECK_MAIN (augmentlive);
