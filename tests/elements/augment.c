/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment as an element: the same bytes whatever the threading, outputs in
 * order with their copies named, sizes and caps from the pipeline (computed
 * here with Python's rounding), flips exact in every format against index
 * arithmetic, the augment meta read with json-glib and replayed, errors
 * that name the file and the JSON path, flush / EOS / state changes, and
 * queue-saver's {copy} files decoded by pngdec.
 */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>
#include <json-glib/json-glib.h>
#include "imtest.h"

#define W 160
#define H 120
#define N_FRAMES 12

/* the pipeline of the determinism tests: every kind of draw (a p roll, a
 * OneOf choice, ranges, a grid, a crop window) and a size change */
#define DET_TRANSFORMS "HorizontalFlip(), OneOf([Rotate(limit=30), " \
    "Affine(scale=[0.8,1.2], shear=[-10,10])], p=0.9), GridDistortion(p=0.5), " \
    "RandomResizedCrop(size=[64,96])"

/* ---- frames ---- */

/* Noise, different in every frame: any wrong index shows. */
static guint8
pattern (guint x, guint y, guint byte, guint frame)
{
  guint32 v = x * 73856093u ^ y * 19349663u ^ byte * 83492791u ^
      (frame + 1) * 2654435761u;

  v ^= v >> 13;
  v *= 0x5bd1e995u;
  return (v ^ (v >> 15)) & 0xff;
}

/* A frame of @format, each row @pad bytes longer than it needs (described
 * by a video meta), filled with pattern (). */
static GstBuffer *
make_frame (GstVideoFormat format, guint w, guint h, guint pad, guint frame)
{
  GstVideoInfo info;
  GstBuffer *buf;
  GstMapInfo map;
  guint x, y, bpp;

  gst_video_info_set_format (&info, format, w, h);
  bpp = GST_VIDEO_INFO_COMP_PSTRIDE (&info, 0);
  info.stride[0] += pad;
  buf = gst_buffer_new_allocate (NULL, (gsize) info.stride[0] * h, NULL);
  gst_buffer_add_video_meta_full (buf, GST_VIDEO_FRAME_FLAG_NONE, format, w,
      h, 1, info.offset, info.stride);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (y = 0; y < h; y++)
    for (x = 0; x < (guint) info.stride[0]; x++)
      map.data[y * info.stride[0] + x] = x < w * bpp ?
          pattern (x / bpp, y, x % bpp, frame) : 0xa5;
  gst_buffer_unmap (buf, &map);
  return buf;
}

static gchar *
frame_caps (GstVideoFormat format, guint w, guint h)
{
  return g_strdup_printf ("video/x-raw,format=%s,width=%u,height=%u,"
      "framerate=25/1", gst_video_format_to_string (format), w, h);
}

/* ---- outputs ---- */

typedef struct
{
  guint w, h;
  GstVideoFormat format;
  GBytes *pixels;               /* the visible bytes, rows packed */
  gchar *plan;                  /* the augment meta */
  gboolean has_source;
  guint64 index;                /* the source meta's */
  guint copy;
} Output;

static void
output_free (Output * o)
{
  g_bytes_unref (o->pixels);
  g_free (o->plan);
  g_free (o);
}

/* Takes @buf: its size and bytes from its video meta, and its metas. */
static Output *
output_new (GstBuffer * buf)
{
  Output *o = g_new0 (Output, 1);
  GstVideoMeta *vmeta = gst_buffer_get_video_meta (buf);
  GstImAugmentMeta *ameta = gst_buffer_get_im_augment_meta (buf);
  GstImSourceMeta *smeta = gst_buffer_get_im_source_meta (buf);
  const GstVideoFormatInfo *finfo;
  GByteArray *px = g_byte_array_new ();
  GstMapInfo map;
  guint y, row;

  fail_unless (vmeta != NULL, "an output without a video meta");
  fail_unless (ameta != NULL && ameta->plan != NULL, "no augment meta");
  o->w = vmeta->width;
  o->h = vmeta->height;
  o->format = vmeta->format;
  finfo = gst_video_format_get_info (vmeta->format);
  row = o->w * GST_VIDEO_FORMAT_INFO_PSTRIDE (finfo, 0);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  for (y = 0; y < o->h; y++)
    g_byte_array_append (px, map.data + vmeta->offset[0] +
        (gsize) y * vmeta->stride[0], row);
  gst_buffer_unmap (buf, &map);
  o->pixels = g_byte_array_free_to_bytes (px);
  o->plan = g_strdup (ameta->plan);
  if (smeta) {
    o->has_source = TRUE;
    o->index = smeta->index;
    o->copy = smeta->copy;
  }
  gst_buffer_unref (buf);
  return o;
}

static gboolean
output_equal (const Output * a, const Output * b)
{
  return a->w == b->w && a->h == b->h && a->format == b->format &&
      g_bytes_equal (a->pixels, b->pixels) && !strcmp (a->plan, b->plan) &&
      a->has_source == b->has_source && a->index == b->index &&
      a->copy == b->copy;
}

/* The caps events @h received since the last call, as "WxH FORMAT". */
static GPtrArray *
pull_caps_events (GstHarness * h)
{
  GPtrArray *seq = g_ptr_array_new_with_free_func (g_free);
  GstEvent *ev;

  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_CAPS) {
      GstCaps *caps;
      GstVideoInfo info;

      gst_event_parse_caps (ev, &caps);
      fail_unless (gst_video_info_from_caps (&info, caps));
      g_ptr_array_add (seq, g_strdup_printf ("%dx%d %s", info.width,
              info.height, gst_video_format_to_string (info.finfo->format)));
    }
    gst_event_unref (ev);
  }
  return seq;
}

/* Caps follow the frames: each change of size comes with one caps event,
 * before the frame, and no other. */
static void
check_caps_follow (GPtrArray * outputs, GPtrArray * caps_seq)
{
  guint i, n = 0;
  gchar *want, *last = NULL;

  for (i = 0; i < outputs->len; i++) {
    Output *o = g_ptr_array_index (outputs, i);

    want = g_strdup_printf ("%ux%u %s", o->w, o->h,
        gst_video_format_to_string (o->format));
    if (last == NULL || strcmp (last, want)) {
      fail_unless (n < caps_seq->len, "no caps event for output %u (%s)", i,
          want);
      fail_unless_equals_string (g_ptr_array_index (caps_seq, n), want);
      n++;
    }
    g_free (last);
    last = want;
  }
  g_free (last);
  fail_unless_equals_int (n, caps_seq->len);
}

/* An augment with @props ("name=value ...", gst-launch quoting). */
static GstHarness *
new_augment (const gchar * props, const gchar * caps)
{
  gchar *launch = g_strdup_printf ("augment %s", props);
  GstHarness *h = gst_harness_new_parse (launch);

  g_free (launch);
  gst_harness_set_src_caps_str (h, caps);
  return h;
}

/* Pushes @n frames of @format (frame i with offset @offsets[i], or none
 * when @offsets is NULL), then EOS, and pulls @n x @copies outputs; EOS
 * must come after the last of them, with no buffer more. */
static GPtrArray *
run_frames (const gchar * props, GstVideoFormat format, guint n,
    const guint64 * offsets, guint copies, GPtrArray ** caps_seq)
{
  gchar *caps = frame_caps (format, W, H);
  GstHarness *h = new_augment (props, caps);
  GPtrArray *outputs = g_ptr_array_new_with_free_func ((GDestroyNotify)
      output_free);
  GstBuffer *buf;
  guint i;

  for (i = 0; i < n; i++) {
    buf = make_frame (format, W, H, 0, offsets ? offsets[i] : i);
    GST_BUFFER_PTS (buf) = i * GST_SECOND / 25;
    GST_BUFFER_OFFSET (buf) = offsets ? offsets[i] : GST_BUFFER_OFFSET_NONE;
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  for (i = 0; i < n * copies; i++) {
    buf = gst_harness_pull (h);
    fail_unless (buf != NULL, "%s: output %u missing", props, i);
    g_ptr_array_add (outputs, output_new (buf));
  }
  buf = NULL;
  fail_unless (gst_harness_pull_until_eos (h, &buf) && buf == NULL,
      "%s: a buffer after the %u expected", props, n * copies);
  if (caps_seq)
    *caps_seq = pull_caps_events (h);
  gst_harness_teardown (h);
  g_free (caps);
  return outputs;
}

static JsonObject *
parse_plan (JsonParser * parser, const gchar * plan)
{
  GError *err = NULL;

  fail_unless (json_parser_load_from_data (parser, plan, -1, &err),
      "the plan is not JSON (%s): %s", err ? err->message : "", plan);
  fail_unless (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static gint64
plan_int (JsonObject * o, const gchar * member)
{
  fail_unless (json_object_has_member (o, member), "no \"%s\"", member);
  return json_object_get_int_member (o, member);
}

/* "[a,b]" of a plan's member */
static void
plan_pair (JsonObject * o, const gchar * member, gint64 * a, gint64 * b)
{
  JsonArray *arr = json_object_get_array_member (o, member);

  fail_unless (arr != NULL && json_array_get_length (arr) == 2, "\"%s\"",
      member);
  *a = json_array_get_int_element (arr, 0);
  *b = json_array_get_int_element (arr, 1);
}

/* ---- determinism ---- */

static const guint64 offsets_0_11[N_FRAMES] =
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

static const guint det_workers[] = { 1, 2, 7 };
static const guint det_chunk_rows[] = { 0, 1, 13 };
static const guint det_max_in_flight[] = { 1, 0 };
static const guint det_chunk_size[] = { 1, 3 };

#define N_DET (G_N_ELEMENTS (det_workers) * G_N_ELEMENTS (det_chunk_rows) * \
    G_N_ELEMENTS (det_max_in_flight) * G_N_ELEMENTS (det_chunk_size))

static GPtrArray *
det_run (guint seed, guint workers, guint rows, guint max, guint chunk,
    GPtrArray ** caps_seq)
{
  gchar *props = g_strdup_printf ("transforms=\"%s\" seed=%u copies=2 "
      "workers=%u chunk-rows=%u max-in-flight=%u chunk-size=%u",
      DET_TRANSFORMS, seed, workers, rows, max, chunk);
  GPtrArray *out = run_frames (props, GST_VIDEO_FORMAT_RGB, N_FRAMES,
      offsets_0_11, 2, caps_seq);

  g_free (props);
  return out;
}

/* Outputs in input order, copies numbered 0, 1 in the source meta and the
 * plan, each plan naming the pipeline's transforms in its order. */
static void
check_det_outputs (GPtrArray * outputs, guint seed)
{
  static const gchar *order[] = { "HorizontalFlip", "Rotate", "Affine",
    "GridDistortion", "RandomResizedCrop"
  };
  JsonParser *parser = json_parser_new ();
  guint i, j, k, seen[G_N_ELEMENTS (order)] = { 0 };
  gint64 a, b;

  fail_unless_equals_int (outputs->len, N_FRAMES * 2);
  for (i = 0; i < outputs->len; i++) {
    Output *o = g_ptr_array_index (outputs, i);
    JsonObject *plan;
    JsonArray *applied;
    guint last = 0, n_geom = 0;

    fail_unless (o->has_source);
    fail_unless_equals_uint64 (o->index, i / 2);
    fail_unless_equals_int (o->copy, i % 2);
    fail_unless (o->w == 96 && o->h == 64, "%ux%u", o->w, o->h);
    plan = parse_plan (parser, o->plan);
    fail_unless_equals_int (plan_int (plan, "seed"), seed);
    fail_unless_equals_int (plan_int (plan, "frame"), i / 2);
    fail_unless_equals_int (plan_int (plan, "copy"), i % 2);
    plan_pair (plan, "input", &a, &b);
    fail_unless (a == W && b == H);
    plan_pair (plan, "output", &a, &b);
    fail_unless (a == 96 && b == 64);
    applied = json_object_get_array_member (plan, "applied");
    fail_unless (applied != NULL && json_array_get_length (applied) >= 1);
    for (j = 0; j < json_array_get_length (applied); j++) {
      const gchar *name =
          json_object_get_string_member (json_array_get_object_element
          (applied, j), "transform");

      for (k = 0; k < G_N_ELEMENTS (order); k++)
        if (!g_strcmp0 (name, order[k]))
          break;
      fail_unless (k < G_N_ELEMENTS (order), "applied %s", name);
      fail_unless (j == 0 || k > last, "%s out of order in %s", name,
          o->plan);
      n_geom += k == 1 || k == 2;
      seen[k]++;
      last = k;
    }
    fail_unless (n_geom <= 1, "OneOf applied twice: %s", o->plan);
    fail_unless_equals_string (order[last], "RandomResizedCrop");
  }
  /* 24 draws of each: every p < 1 both fires and does not */
  for (k = 0; k + 1 < G_N_ELEMENTS (order); k++)
    fail_unless (seen[k] > 0 && seen[k] < N_FRAMES * 2, "%s applied %u times",
        order[k], seen[k]);
  fail_unless_equals_int (seen[4], N_FRAMES * 2);
  g_object_unref (parser);
}

/* Every (workers, chunk-rows, max-in-flight, chunk-size): the same bytes,
 * caps and metas as one worker doing it all. */
GST_START_TEST (test_same_bytes_any_threading)
{
  guint i = __i__, ms = G_N_ELEMENTS (det_max_in_flight) *
      G_N_ELEMENTS (det_chunk_size), cs = G_N_ELEMENTS (det_chunk_size);
  guint workers = det_workers[i / (G_N_ELEMENTS (det_chunk_rows) * ms)];
  guint rows = det_chunk_rows[(i / ms) % G_N_ELEMENTS (det_chunk_rows)];
  guint max = det_max_in_flight[(i / cs) % G_N_ELEMENTS (det_max_in_flight)];
  guint chunk = det_chunk_size[i % cs];
  GPtrArray *ref_caps, *got_caps;
  GPtrArray *ref = det_run (5, 1, 0, 1, 1, &ref_caps);
  GPtrArray *got = det_run (5, workers, rows, max, chunk, &got_caps);
  guint k;

  check_det_outputs (got, 5);
  check_caps_follow (got, got_caps);
  fail_unless_equals_int (ref->len, got->len);
  for (k = 0; k < ref->len; k++)
    fail_unless (output_equal (g_ptr_array_index (ref, k),
            g_ptr_array_index (got, k)), "workers=%u chunk-rows=%u "
        "max-in-flight=%u chunk-size=%u: output %u differs", workers, rows,
        max, chunk, k);
  fail_unless_equals_int (ref_caps->len, got_caps->len);
  for (k = 0; k < ref_caps->len; k++)
    fail_unless_equals_string (g_ptr_array_index (ref_caps, k),
        g_ptr_array_index (got_caps, k));
  g_ptr_array_unref (ref);
  g_ptr_array_unref (got);
  g_ptr_array_unref (ref_caps);
  g_ptr_array_unref (got_caps);
}

GST_END_TEST;

/* The pixel transforms through the element (point tables, colour,
 * filters, noise, dropout, compression between spatial steps): the same
 * bytes and plans with any (workers, chunk-rows, max-in-flight) as with
 * one worker, on BGRx frames. */
#define PIXEL_TRANSFORMS "RandomBrightnessContrast(p=0.8), " \
    "HueSaturationValue(p=0.5), Rotate(limit=20, p=0.5), " \
    "OneOf([GaussianBlur(), MedianBlur(), Sharpen(), MotionBlur()], p=0.9), " \
    "GaussNoise(p=0.5), CoarseDropout(p=0.5), ImageCompression(p=0.3), " \
    "RandomGamma(p=0.5)"

static GPtrArray *
pixel_run (guint workers, guint rows, guint max)
{
  gchar *props = g_strdup_printf ("transforms=\"%s\" seed=3 copies=2 "
      "workers=%u chunk-rows=%u max-in-flight=%u", PIXEL_TRANSFORMS, workers,
      rows, max);
  GPtrArray *out = run_frames (props, GST_VIDEO_FORMAT_BGRx, N_FRAMES,
      offsets_0_11, 2, NULL);

  g_free (props);
  return out;
}

GST_START_TEST (test_pixel_same_bytes_any_threading)
{
  guint i = __i__;
  guint workers = det_workers[i / (G_N_ELEMENTS (det_chunk_rows) *
          G_N_ELEMENTS (det_max_in_flight))];
  guint rows = det_chunk_rows[(i / G_N_ELEMENTS (det_max_in_flight)) %
      G_N_ELEMENTS (det_chunk_rows)];
  guint max = det_max_in_flight[i % G_N_ELEMENTS (det_max_in_flight)];
  GPtrArray *ref = pixel_run (1, 0, 1), *got = pixel_run (workers, rows, max);
  guint k;

  fail_unless_equals_int (ref->len, N_FRAMES * 2);
  fail_unless_equals_int (got->len, N_FRAMES * 2);
  for (k = 0; k < ref->len; k++) {
    fail_unless (output_equal (g_ptr_array_index (ref, k),
            g_ptr_array_index (got, k)), "workers=%u chunk-rows=%u "
        "max-in-flight=%u: output %u differs", workers, rows, max, k);
    fail_unless_equals_string (((Output *) g_ptr_array_index (ref,
                k))->plan, ((Output *) g_ptr_array_index (got, k))->plan);
  }
  g_ptr_array_unref (ref);
  g_ptr_array_unref (got);
}

GST_END_TEST;

/* Two runs agree; another seed changes every output; the two copies of a
 * frame differ. */
GST_START_TEST (test_seeds_and_copies)
{
  GPtrArray *a = det_run (5, 2, 0, 0, 1, NULL);
  GPtrArray *b = det_run (5, 2, 0, 0, 1, NULL);
  GPtrArray *c = det_run (6, 2, 0, 0, 1, NULL);
  guint i;

  check_det_outputs (a, 5);
  check_det_outputs (c, 6);
  for (i = 0; i < a->len; i++) {
    Output *oa = g_ptr_array_index (a, i), *oc = g_ptr_array_index (c, i);

    fail_unless (output_equal (oa, g_ptr_array_index (b, i)),
        "output %u differs between two runs", i);
    fail_if (g_bytes_equal (oa->pixels, oc->pixels), "output %u is the same "
        "with seeds 5 and 6", i);
    if (i % 2)
      fail_if (g_bytes_equal (oa->pixels, ((Output *) g_ptr_array_index (a,
                      i - 1))->pixels), "the copies of frame %u are equal",
          i / 2);
  }
  g_ptr_array_unref (a);
  g_ptr_array_unref (b);
  g_ptr_array_unref (c);
}

GST_END_TEST;

/* hold-frames=4: frames 0-3, 4-7 and 8-11 share their draws (the plans
 * are equal inside a window, differ across windows), two runs agree, and
 * each window's plan is the one hold-frames=1 draws for its first frame;
 * hold-frames=0: one plan for the whole stream. */
static GPtrArray *
hold_run (guint hold)
{
  gchar *props = g_strdup_printf ("transforms=\"%s\" seed=5 workers=2 "
      "hold-frames=%u", DET_TRANSFORMS, hold);
  GPtrArray *out = run_frames (props, GST_VIDEO_FORMAT_RGB, N_FRAMES,
      offsets_0_11, 1, NULL);

  g_free (props);
  return out;
}

static const gchar *
plan_of (GPtrArray * outputs, guint i)
{
  return ((Output *) g_ptr_array_index (outputs, i))->plan;
}

GST_START_TEST (test_hold_frames)
{
  GPtrArray *a = hold_run (4), *b = hold_run (4), *every = hold_run (1),
      *once = hold_run (0);
  guint i;

  for (i = 0; i < N_FRAMES; i++) {
    fail_unless_equals_string (plan_of (a, i), plan_of (b, i));
    fail_unless_equals_string (plan_of (a, i), plan_of (every, i - i % 4));
    fail_unless_equals_string (plan_of (once, i), plan_of (every, 0));
    if (i % 4) {
      fail_unless_equals_string (plan_of (a, i), plan_of (a, i - 1));
    } else if (i > 0) {
      fail_if (g_str_equal (plan_of (a, i), plan_of (a, i - 1)),
          "frames %u and %u share a draw across windows", i - 1, i);
    }
  }
  g_ptr_array_unref (a);
  g_ptr_array_unref (b);
  g_ptr_array_unref (every);
  g_ptr_array_unref (once);
}

GST_END_TEST;

/* The key is the offset when valid, else the frame's number: without
 * offsets, frames 0..11 give what offsets 0..11 give; frames pushed in
 * another order with their offsets give the same output per offset; other
 * offsets give other outputs. */
GST_START_TEST (test_frame_key)
{
  static const guint64 reversed[N_FRAMES] =
      { 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
  static const guint64 shifted[N_FRAMES] =
      { 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111 };
  gchar *props = g_strdup_printf ("transforms=\"%s\" seed=5 copies=2 "
      "workers=3", DET_TRANSFORMS);
  GPtrArray *with = run_frames (props, GST_VIDEO_FORMAT_RGB, N_FRAMES,
      offsets_0_11, 2, NULL);
  GPtrArray *none1 = run_frames (props, GST_VIDEO_FORMAT_RGB, N_FRAMES, NULL,
      2, NULL);
  GPtrArray *none2 = run_frames (props, GST_VIDEO_FORMAT_RGB, N_FRAMES, NULL,
      2, NULL);
  GPtrArray *rev = run_frames (props, GST_VIDEO_FORMAT_RGB, N_FRAMES,
      reversed, 2, NULL);
  GPtrArray *shift = run_frames (props, GST_VIDEO_FORMAT_RGB, N_FRAMES,
      shifted, 2, NULL);
  guint i;

  for (i = 0; i < with->len; i++) {
    Output *w = g_ptr_array_index (with, i);
    Output *r = g_ptr_array_index (rev, (N_FRAMES - 1 - i / 2) * 2 + i % 2);
    Output *s = g_ptr_array_index (shift, i);

    fail_unless (output_equal (g_ptr_array_index (none1, i),
            g_ptr_array_index (none2, i)), "no offsets: output %u differs "
        "between two runs", i);
    /* the same draws, bytes and metas: pattern () takes the frame's
     * number or its offset alike here */
    fail_unless (output_equal (w, g_ptr_array_index (none1, i)),
        "output %u: frame number %u does not key as offset %u", i, i / 2,
        i / 2);
    fail_unless (output_equal (w, r), "output %u: offset %u pushed in "
        "another place differs", i, i / 2);
    fail_unless_equals_uint64 (s->index, 100 + i / 2);
    fail_if (!strcmp (strstr (w->plan, "\"applied\""),
            strstr (s->plan, "\"applied\"")), "offsets %u and %u: the same "
        "draws %s", i / 2, 100 + i / 2, w->plan);
  }
  g_ptr_array_unref (with);
  g_ptr_array_unref (none1);
  g_ptr_array_unref (none2);
  g_ptr_array_unref (rev);
  g_ptr_array_unref (shift);
  g_free (props);
}

GST_END_TEST;

/* ---- sizes and caps ---- */

/* Python's round () of a double: to nearest, ties to even. */
static gint
round_half_even (gdouble v)
{
  gdouble f = floor (v), d = v - f;

  if (d > 0.5 || (d == 0.5 && fmod (f, 2.0) != 0))
    f += 1;
  return (gint) f;
}

/* one frame through @props: its caps at the sink and the frame's size */
static void
one_frame_size (const gchar * props, guint w, guint h, guint * ow, guint * oh)
{
  gchar *caps = frame_caps (GST_VIDEO_FORMAT_RGB, w, h);
  GstHarness *hn = new_augment (props, caps);
  Output *o = output_new (gst_harness_push_and_pull (hn,
          make_frame (GST_VIDEO_FORMAT_RGB, w, h, 0, 0)));
  GPtrArray *seq = pull_caps_events (hn);
  gchar *want = g_strdup_printf ("%ux%u RGB", o->w, o->h);

  fail_unless_equals_int (seq->len, 1);
  fail_unless_equals_string (g_ptr_array_index (seq, 0), want);
  *ow = o->w;
  *oh = o->h;
  g_free (want);
  g_ptr_array_unref (seq);
  output_free (o);
  gst_harness_teardown (hn);
  g_free (caps);
}

GST_START_TEST (test_output_size)
{
  static const struct
  {
    guint w, h, max_size;
  } lms[] = {
    {160, 120, 50}, {160, 122, 40}, {160, 126, 40}, {120, 160, 50},
    {161, 33, 64},
  };
  guint i, ow, oh, ew, eh;

  /* size is [height, width] */
  one_frame_size ("transforms=\"RandomResizedCrop(size=[64,96])\"", W, H, &ow,
      &oh);
  fail_unless (ow == 96 && oh == 64, "%ux%u", ow, oh);
  for (i = 0; i < G_N_ELEMENTS (lms); i++) {
    gchar *props = g_strdup_printf ("transforms=\"LongestMaxSize(max_size="
        "%u)\"", lms[i].max_size);
    gdouble scale = (gdouble) lms[i].max_size / MAX (lms[i].w, lms[i].h);

    ew = MAX (1, round_half_even (lms[i].w * scale));
    eh = MAX (1, round_half_even (lms[i].h * scale));
    one_frame_size (props, lms[i].w, lms[i].h, &ow, &oh);
    fail_unless (ow == ew && oh == eh, "%ux%u %s: %ux%u, not %ux%u",
        lms[i].w, lms[i].h, props, ow, oh, ew, eh);
    g_free (props);
  }
  /* the ties: 37.5 -> 38 and 30.5 -> 30 */
  fail_unless_equals_int (round_half_even (120 * (50.0 / 160)), 38);
  fail_unless_equals_int (round_half_even (122 * (40.0 / 160)), 30);
}

GST_END_TEST;

/* A fixed angle with crop_border: one size, smaller than the frame, for
 * every frame, and one caps event. */
GST_START_TEST (test_caps_one_size)
{
  GPtrArray *seq, *outs = run_frames ("transforms=\"Rotate(limit=[30,30], "
      "crop_border=True, p=1)\" workers=2", GST_VIDEO_FORMAT_RGB, 6, NULL, 1,
      &seq);
  Output *first = g_ptr_array_index (outs, 0);
  guint i;

  fail_unless (first->w < W && first->h < H && first->w > W / 2 &&
      first->h > H / 2, "%ux%u", first->w, first->h);
  for (i = 1; i < outs->len; i++) {
    Output *o = g_ptr_array_index (outs, i);

    fail_unless (o->w == first->w && o->h == first->h);
  }
  fail_unless_equals_int (seq->len, 1);
  check_caps_follow (outs, seq);
  g_ptr_array_unref (outs);
  g_ptr_array_unref (seq);
}

GST_END_TEST;

/* A size drawn per frame: the caps follow each frame; each frame's size is
 * the one its plan names. */
GST_START_TEST (test_caps_follow_drawn_size)
{
  GPtrArray *seq, *outs = run_frames ("transforms=\"OneOf([Resize(height=50, "
      "width=60), Resize(height=70, width=80)], p=1)\" seed=3 workers=3 "
      "max-in-flight=6", GST_VIDEO_FORMAT_RGB, N_FRAMES, NULL, 1, &seq);
  JsonParser *parser = json_parser_new ();
  guint i, n_small = 0;

  for (i = 0; i < outs->len; i++) {
    Output *o = g_ptr_array_index (outs, i);
    JsonObject *plan = parse_plan (parser, o->plan);
    JsonArray *applied = json_object_get_array_member (plan, "applied");
    JsonObject *step;
    gint64 a, b;

    fail_unless_equals_int (json_array_get_length (applied), 1);
    step = json_array_get_object_element (applied, 0);
    fail_unless_equals_string (json_object_get_string_member (step,
            "transform"), "Resize");
    plan_pair (step, "size", &a, &b);
    fail_unless (o->w == a && o->h == b, "%ux%u, plan %s", o->w, o->h,
        o->plan);
    fail_unless ((o->w == 60 && o->h == 50) || (o->w == 80 && o->h == 70));
    n_small += o->w == 60;
  }
  fail_unless (n_small > 0 && n_small < N_FRAMES, "%u of %u small", n_small,
      N_FRAMES);
  fail_unless (seq->len >= 2);
  check_caps_follow (outs, seq);
  g_object_unref (parser);
  g_ptr_array_unref (outs);
  g_ptr_array_unref (seq);
}

GST_END_TEST;

/* New input caps mid-stream: PadIfNeeded's output follows each. */
GST_START_TEST (test_caps_follow_input)
{
  static const struct
  {
    guint w, h, ow, oh;
  } sizes[] = {
    {160, 120, 170, 150}, {200, 100, 200, 150}, {180, 160, 180, 160},
    {160, 120, 170, 150},
  };
  gchar *caps = frame_caps (GST_VIDEO_FORMAT_RGBA, 160, 120);
  GstHarness *h = new_augment ("transforms=\"PadIfNeeded(min_height=150, "
      "min_width=170, border_mode=0, fill=[1,2,3,4], p=1)\"", caps);
  guint i;

  g_free (caps);
  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    Output *o;
    GPtrArray *seq;
    gchar *want;
    const guint8 *px;

    caps = frame_caps (GST_VIDEO_FORMAT_RGBA, sizes[i].w, sizes[i].h);
    gst_harness_set_src_caps_str (h, caps);
    g_free (caps);
    o = output_new (gst_harness_push_and_pull (h,
            make_frame (GST_VIDEO_FORMAT_RGBA, sizes[i].w, sizes[i].h, 0, i)));
    seq = pull_caps_events (h);
    want = g_strdup_printf ("%ux%u RGBA", sizes[i].ow, sizes[i].oh);
    fail_unless (o->w == sizes[i].ow && o->h == sizes[i].oh, "%ux%u -> %ux%u",
        sizes[i].w, sizes[i].h, o->w, o->h);
    fail_unless_equals_int (seq->len, 1);
    fail_unless_equals_string (g_ptr_array_index (seq, 0), want);
    /* the corner is padding when any was added */
    px = g_bytes_get_data (o->pixels, NULL);
    if (sizes[i].ow > sizes[i].w || sizes[i].oh > sizes[i].h)
      fail_unless (px[0] == 1 && px[1] == 2 && px[2] == 3 && px[3] == 4,
          "corner %u,%u,%u,%u", px[0], px[1], px[2], px[3]);
    g_free (want);
    g_ptr_array_unref (seq);
    output_free (o);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* ---- formats: flips exact against index arithmetic ---- */

static const GstVideoFormat flip_formats[] = {
  GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_BGRx,
  GST_VIDEO_FORMAT_GRAY8, GST_VIDEO_FORMAT_BGR, GST_VIDEO_FORMAT_RGBx,
};

GST_START_TEST (test_flips_exact)
{
  static const gchar *flips[] = { "HorizontalFlip(p=1)", "VerticalFlip(p=1)",
    "Transpose(p=1)", "HorizontalFlip(p=1), VerticalFlip(p=1)"
  };
  GstVideoFormat format = flip_formats[__i__];
  const guint w = 37, h = 23, pad = 9;
  guint f, x, y, b, sx, sy, bpp, n_bad;

  for (f = 0; f < G_N_ELEMENTS (flips); f++) {
    gchar *props = g_strdup_printf ("transforms=\"%s\" workers=2 "
        "chunk-rows=5", flips[f]);
    gchar *caps = frame_caps (format, w, h);
    GstHarness *hn = new_augment (props, caps);
    GstBuffer *in = make_frame (format, w, h, pad, 7);
    GstVideoMeta *vmeta = gst_buffer_get_video_meta (in);
    GstMapInfo map;
    Output *o;
    const guint8 *px;

    o = output_new (gst_harness_push_and_pull (hn, gst_buffer_ref (in)));
    fail_unless_equals_int (o->format, format);
    if (f == 2)
      fail_unless (o->w == h && o->h == w, "%s: %ux%u", props, o->w, o->h);
    else
      fail_unless (o->w == w && o->h == h, "%s: %ux%u", props, o->w, o->h);
    bpp = GST_VIDEO_FORMAT_INFO_PSTRIDE (gst_video_format_get_info (format),
        0);
    px = g_bytes_get_data (o->pixels, NULL);
    fail_unless (gst_buffer_map (in, &map, GST_MAP_READ));
    n_bad = 0;
    for (y = 0; y < o->h; y++)
      for (x = 0; x < o->w; x++) {
        sx = f == 0 || f == 3 ? w - 1 - x : f == 2 ? y : x;
        sy = f == 1 || f == 3 ? h - 1 - y : f == 2 ? x : y;
        for (b = 0; b < bpp; b++)
          if (px[(y * o->w + x) * bpp + b] != map.data[vmeta->offset[0] +
                  sy * vmeta->stride[0] + sx * bpp + b] && n_bad++ < 3)
            GST_ERROR ("%s %s: %u,%u byte %u is %u, not source %u,%u's %u",
                gst_video_format_to_string (format), flips[f], x, y, b,
                px[(y * o->w + x) * bpp + b], sx, sy,
                map.data[vmeta->offset[0] + sy * vmeta->stride[0] +
                    sx * bpp + b]);
      }
    fail_unless_equals_int (n_bad, 0);
    gst_buffer_unmap (in, &map);
    gst_buffer_unref (in);
    output_free (o);
    gst_harness_teardown (hn);
    g_free (props);
    g_free (caps);
  }
}

GST_END_TEST;

/* ---- meta and replay ---- */

static const gchar *replay_pipelines[] = {
  DET_TRANSFORMS,
  PIXEL_TRANSFORMS,
  "Affine(rotate=[-20,20], scale=[0.9,1.1], p=1), GridDistortion(p=1), "
      "ElasticTransform(alpha=40, sigma=6, p=1), RandomCrop(height=100, "
      "width=90)",
  "Perspective(scale=[0.05,0.1], p=1), OpticalDistortion(distort_limit=0.3, "
      "p=1), ShiftScaleRotate(p=1)",
};

static const gchar *replay_names[][4] = {
  {"RandomResizedCrop", NULL},
  {NULL},
  {"Affine", "GridDistortion", "ElasticTransform", "RandomCrop"},
  {"Perspective", "OpticalDistortion", "ShiftScaleRotate", NULL},
};

/* Each output's plan, set as replay on a fresh augment (fused or not as it
 * was made) with the same input and no offset, gives the same bytes and
 * writes the same plan. */
GST_START_TEST (test_replay_same_bytes)
{
  gint n = G_N_ELEMENTS (replay_pipelines);
  const gchar *fuse = __i__ == n ? "false" : "true";
  guint pi = __i__ == n ? 2 : __i__;
  gchar *props = g_strdup_printf ("transforms=\"%s\" seed=11 copies=2 "
      "workers=2 fuse=%s", replay_pipelines[pi], fuse);
  GPtrArray *outs = run_frames (props, GST_VIDEO_FORMAT_RGB, 3, offsets_0_11,
      2, NULL);
  gchar *caps = frame_caps (GST_VIDEO_FORMAT_RGB, W, H);
  JsonParser *parser = json_parser_new ();
  guint i, j, k;

  for (i = 0; i < outs->len; i++) {
    Output *o = g_ptr_array_index (outs, i), *r;
    JsonObject *plan = parse_plan (parser, o->plan);
    JsonArray *applied = json_object_get_array_member (plan, "applied");
    GstHarness *h;
    GstElement *aug;

    /* the transforms of p=1 are all there, in order */
    for (j = 0, k = 0; j < json_array_get_length (applied) && k < 4; j++)
      if (replay_names[pi][k] && !g_strcmp0 (replay_names[pi][k],
              json_object_get_string_member (json_array_get_object_element
                  (applied, j), "transform")))
        k++;
    fail_unless (k == 4 || replay_names[pi][k] == NULL, "%s missing from %s",
        replay_names[pi][k], o->plan);

    aug = gst_object_ref_sink (gst_element_factory_make ("augment", NULL));
    gst_util_set_object_arg (G_OBJECT (aug), "fuse", fuse);
    g_object_set (aug, "replay", o->plan, "workers", 3, "chunk-rows", 7,
        NULL);
    h = gst_harness_new_with_element (aug, "sink", "src");
    gst_harness_set_src_caps_str (h, caps);
    r = output_new (gst_harness_push_and_pull (h,
            make_frame (GST_VIDEO_FORMAT_RGB, W, H, 0, o->index)));
    fail_unless (r->w == o->w && r->h == o->h);
    fail_unless (g_bytes_equal (r->pixels, o->pixels), "%s fuse=%s: output "
        "%u replayed differs (plan %s)", replay_pipelines[pi], fuse, i,
        o->plan);
    fail_unless_equals_string (r->plan, o->plan);
    output_free (r);
    gst_harness_teardown (h);
    gst_object_unref (aug);
  }
  g_object_unref (parser);
  g_ptr_array_unref (outs);
  g_free (caps);
  g_free (props);
}

GST_END_TEST;

/* A plan replayed on a frame of another size: a warning naming both sizes,
 * the frame skipped. */
GST_START_TEST (test_replay_other_size)
{
  GPtrArray *outs = run_frames ("transforms=\"Rotate(p=1)\"",
      GST_VIDEO_FORMAT_RGB, 1, NULL, 1, NULL);
  GstElement *aug = gst_object_ref_sink (gst_element_factory_make ("augment", NULL));
  gchar *caps = frame_caps (GST_VIDEO_FORMAT_RGB, 100, 80), *text;
  GstBus *bus = gst_bus_new ();
  GstBuffer *buf = NULL;
  GstHarness *h;
  guint64 skipped;

  g_object_set (aug, "replay", ((Output *) g_ptr_array_index (outs,
              0))->plan, NULL);
  gst_util_set_object_arg (G_OBJECT (aug), "on-error", "skip");
  h = gst_harness_new_with_element (aug, "sink", "src");
  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, caps);
  fail_unless_equals_int (gst_harness_push (h, make_frame
          (GST_VIDEO_FORMAT_RGB, 100, 80, 0, 0)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless (gst_harness_pull_until_eos (h, &buf) && buf == NULL);
  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "160x120") && strstr (text, "100x80"), "%s",
      text);
  g_object_get (aug, "skipped", &skipped, NULL);
  fail_unless_equals_uint64 (skipped, 1);
  g_free (text);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
  gst_object_unref (aug);
  g_ptr_array_unref (outs);
  g_free (caps);
}

GST_END_TEST;

/* Transforms, config and replay set while running take effect at the next
 * start, and the frames in flight keep the pipeline they started with. */
GST_START_TEST (test_pipeline_set_while_playing)
{
  gchar *caps = frame_caps (GST_VIDEO_FORMAT_GRAY8, 8, 4);
  GstHarness *h = new_augment ("transforms=\"HorizontalFlip(p=1)\" "
      "workers=2", caps);
  GstElement *aug = gst_harness_find_element (h, "augment");
  Output *o;
  const guint8 *px;

  o = output_new (gst_harness_push_and_pull (h,
          make_frame (GST_VIDEO_FORMAT_GRAY8, 8, 4, 0, 0)));
  fail_unless (((const guint8 *) g_bytes_get_data (o->pixels, NULL))[0] ==
      pattern (7, 0, 0, 0));
  output_free (o);
  g_object_set (aug, "transforms", "VerticalFlip(p=1)", NULL);
  o = output_new (gst_harness_push_and_pull (h,
          make_frame (GST_VIDEO_FORMAT_GRAY8, 8, 4, 0, 0)));
  fail_unless (((const guint8 *) g_bytes_get_data (o->pixels, NULL))[0] ==
      pattern (7, 0, 0, 0), "the pipeline changed while playing");
  output_free (o);
  gst_element_set_state (h->element, GST_STATE_NULL);
  gst_element_set_state (h->element, GST_STATE_PLAYING);
  gst_harness_set_src_caps_str (h, caps);
  o = output_new (gst_harness_push_and_pull (h,
          make_frame (GST_VIDEO_FORMAT_GRAY8, 8, 4, 0, 0)));
  px = g_bytes_get_data (o->pixels, NULL);
  fail_unless (px[0] == pattern (0, 3, 0, 0), "not the new pipeline");
  output_free (o);
  gst_object_unref (aug);
  gst_harness_teardown (h);
  g_free (caps);
}

GST_END_TEST;

/* ---- errors ---- */

/* An augment with config=@path must fail to start with an error naming
 * @path and each of @want. */
static void
check_config_error (const gchar * path, const gchar * const *want)
{
  GstElement *aug = gst_object_ref_sink (gst_element_factory_make ("augment", NULL));
  GstBus *bus = gst_bus_new ();
  gchar *text;

  gst_element_set_bus (aug, bus);
  g_object_set (aug, "config", path, NULL);
  fail_unless_equals_int (gst_element_set_state (aug, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  text = im_test_pop_message_text (bus, GST_MESSAGE_ERROR);
  fail_unless (strstr (text, path) != NULL, "the error does not name %s: %s",
      path, text);
  for (; *want; want++)
    fail_unless (strstr (text, *want) != NULL, "no \"%s\" in: %s", *want,
        text);
  GST_INFO ("%s", text);
  g_free (text);
  gst_element_set_state (aug, GST_STATE_NULL);
  gst_element_set_bus (aug, NULL);
  gst_object_unref (bus);
  gst_object_unref (aug);
}

GST_START_TEST (test_config_errors)
{
  static const struct
  {
    const gchar *json;
    const gchar *want[3];
  } cases[] = {
    {"{\"__version__\": \"2.0.8\", \"transform\": {\"__class_fullname__\": "
          "\"Compose\", \"p\": 1.0, \"transforms\": [", {"JSON", NULL}},
    {"{\"__version__\": \"2.0.8\", \"transform\": {\"__class_fullname__\": "
          "\"Compose\", \"p\": 1.0, \"transforms\": [{\"__class_fullname__\": "
          "\"HorizontalFlip\", \"p\": 0.5}, {\"__class_fullname__\": "
          "\"albumentations.NoSuchTransform\", \"p\": 1}]}}",
      {"$.transform.transforms[1]", "NoSuchTransform", NULL}},
    {"{\"__version__\": \"1.4.24\", \"transform\": {\"__class_fullname__\": "
          "\"Compose\", \"p\": 1.0, \"transforms\": [{\"__class_fullname__\": "
          "\"OneOf\", \"p\": 1, \"transforms\": [{\"__class_fullname__\": "
          "\"Rotate\", \"limit\": 30, \"p\": 1}, {\"__class_fullname__\": "
          "\"Rotate\", \"limit\": 30, \"p\": 1, \"bogus_knob\": 3}]}]}}",
      {"$.transform.transforms[0].transforms[1]", "bogus_knob", NULL}},
    {"{\"__version__\": \"2.0.8\", \"transform\": {\"__class_fullname__\": "
          "\"Compose\", \"p\": 1.0, \"transforms\": [], \"bbox_params\": "
          "{\"format\": \"coco\", \"min_visibility\": 1.5}}}",
      {"$.transform", "min_visibility", NULL}},
  };
  gchar *dir = im_test_make_tmp_dir ("augment-config-XXXXXX");
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    gchar *path = g_strdup_printf ("%s/pipeline %u.json", dir, i);

    im_test_write_file (path, cases[i].json, -1);
    check_config_error (path, cases[i].want);
    g_free (path);
  }
  im_test_remove_dir (dir);
}

GST_END_TEST;

/* The stats count @inputs frames in, @outputs out and @failed copies, with
 * a processing time for each */
static void
check_stats (GstElement * aug, guint64 inputs, guint64 outputs,
    guint64 failed)
{
  GstStructure *st = NULL;
  guint64 v;
  gdouble mean;
  gint64 max;

  g_object_get (aug, "stats", &st, NULL);
  fail_unless (st != NULL);
  fail_unless (gst_structure_get_uint64 (st, "inputs", &v) && v == inputs,
      "%" GST_PTR_FORMAT, st);
  fail_unless (gst_structure_get_uint64 (st, "outputs", &v) && v == outputs,
      "%" GST_PTR_FORMAT, st);
  fail_unless (gst_structure_get_uint64 (st, "failed", &v) && v == failed,
      "%" GST_PTR_FORMAT, st);
  fail_unless (gst_structure_get_double (st, "mean-process-us", &mean)
      && gst_structure_get_int64 (st, "max-process-us", &max)
      && mean >= 0 && max >= mean && (outputs + failed == 0 || max > 0),
      "%" GST_PTR_FORMAT, st);
  gst_structure_free (st);
}

GST_START_TEST (test_stats)
{
  gchar *caps = frame_caps (GST_VIDEO_FORMAT_RGB, W, H);
  GstHarness *h = new_augment ("transforms=\"Rotate(limit=20, p=1), "
      "GaussianBlur(p=1)\" copies=3 workers=2", caps);
  GstElement *aug = gst_harness_find_element (h, "augment");
  guint i;

  check_stats (aug, 0, 0, 0);
  for (i = 0; i < 5; i++)
    gst_buffer_unref (gst_harness_push_and_pull (h,
            make_frame (GST_VIDEO_FORMAT_RGB, W, H, 0, i)));
  for (i = 0; i < 10; i++)
    gst_buffer_unref (gst_harness_pull (h));
  check_stats (aug, 5, 15, 0);
  gst_object_unref (aug);
  gst_harness_teardown (h);
  g_free (caps);
}

GST_END_TEST;

/* A crop larger than the frame: on-error=skip warns naming the frame and
 * the transform, counts it and goes on to EOS; on-error=fail errors. */
GST_START_TEST (test_crop_too_large)
{
  gchar *caps = frame_caps (GST_VIDEO_FORMAT_RGB, W, H), *text;
  GstHarness *h = new_augment ("transforms=\"RandomCrop(height=500, "
      "width=500)\" on-error=skip copies=2 workers=2", caps);
  GstElement *aug = gst_harness_find_element (h, "augment");
  GstBus *bus = gst_bus_new ();
  GstBuffer *buf;
  guint64 skipped;
  guint i;

  gst_element_set_bus (h->element, bus);
  for (i = 0; i < 3; i++) {
    buf = make_frame (GST_VIDEO_FORMAT_RGB, W, H, 0, i);
    GST_BUFFER_OFFSET (buf) = 40 + i;
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  buf = NULL;
  fail_unless (gst_harness_pull_until_eos (h, &buf) && buf == NULL);
  /* each copy is its own output: each is reported, in order */
  for (i = 0; i < 6; i++) {
    gchar *frame = g_strdup_printf ("offset %u", 40 + i / 2);
    gchar *copy = g_strdup_printf ("copy %u:", i % 2);

    text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
    fail_unless (strstr (text, frame) && strstr (text, copy) &&
        strstr (text, "RandomCrop") && strstr (text, "160x120"), "%s", text);
    g_free (frame);
    g_free (copy);
    g_free (text);
  }
  g_object_get (aug, "skipped", &skipped, NULL);
  fail_unless_equals_uint64 (skipped, 6);
  check_stats (aug, 3, 0, 6);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (aug);
  gst_harness_teardown (h);

  h = new_augment ("transforms=\"RandomCrop(height=500, width=500)\" "
      "on-error=fail", caps);
  gst_element_set_bus (h->element, bus);
  buf = make_frame (GST_VIDEO_FORMAT_RGB, W, H, 0, 0);
  GST_BUFFER_OFFSET (buf) = 7;
  gst_harness_push (h, buf);
  text = im_test_pop_message_text (bus, GST_MESSAGE_ERROR);
  fail_unless (strstr (text, "offset 7") && strstr (text, "RandomCrop"), "%s",
      text);
  g_free (text);
  /* the stream stops: a later push returns the error (once the output
   * side has handed it over), and nothing comes out */
  for (i = 0; i < 50; i++) {
    buf = make_frame (GST_VIDEO_FORMAT_RGB, W, H, 0, 1);
    if (gst_harness_push (h, buf) == GST_FLOW_ERROR)
      break;
  }
  fail_unless (i < 50, "pushes still succeed after the error");
  fail_unless_equals_int (gst_harness_buffers_received (h), 0);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
  g_free (caps);
}

GST_END_TEST;

/* ---- flush, EOS, state ---- */

/* FLUSH_START / STOP after 6 frames, then 6 more: what came out before the
 * flush is a prefix-in-order of the reference's first frames; after it,
 * frames 6..11 all come out, in order, as in the reference, then EOS. */
GST_START_TEST (test_flush_mid_stream)
{
  GPtrArray *ref = det_run (5, 1, 0, 1, 1, NULL);
  gchar *props = g_strdup_printf ("transforms=\"%s\" seed=5 copies=2 "
      "workers=2 max-in-flight=0", DET_TRANSFORMS);
  gchar *caps = frame_caps (GST_VIDEO_FORMAT_RGB, W, H);
  GstHarness *h = new_augment (props, caps);
  GstSegment segment;
  GstBuffer *buf;
  guint i, n_before = 0, n_after = 0, round;
  gint last = -1;

  for (round = 0; round < 2; round++) {
    for (i = 0; i < 6; i++) {
      buf = make_frame (GST_VIDEO_FORMAT_RGB, W, H, 0, round * 6 + i);
      GST_BUFFER_OFFSET (buf) = round * 6 + i;
      fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
    }
    if (round == 0) {
      fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
      fail_unless (gst_harness_push_event (h,
              gst_event_new_flush_stop (TRUE)));
      gst_segment_init (&segment, GST_FORMAT_TIME);
      fail_unless (gst_harness_push_event (h,
              gst_event_new_segment (&segment)));
    }
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  while (gst_harness_pull_until_eos (h, &buf) && buf) {
    Output *o = output_new (buf);
    gint k = (gint) (o->index * 2 + o->copy);

    fail_unless (k > last, "output %d after %d", k, last);
    fail_unless (k < (gint) ref->len);
    fail_unless (output_equal (o, g_ptr_array_index (ref, k)),
        "output %d differs from the reference", k);
    if (o->index < 6)
      n_before++;
    else
      n_after++;
    last = k;
    output_free (o);
  }
  fail_unless (n_before <= 12);
  fail_unless_equals_int (n_after, 12);
  gst_harness_teardown (h);
  g_ptr_array_unref (ref);
  g_free (props);
  g_free (caps);
}

GST_END_TEST;

/* Down to READY or NULL while frames are in flight and downstream holds
 * the stream (appsink full): no deadlock, no leak; the element then runs
 * again from the start. */
GST_START_TEST (test_state_change_in_flight)
{
  gchar *caps = frame_caps (GST_VIDEO_FORMAT_RGB, 320, 240);
  gchar *launch = g_strdup_printf ("appsrc name=src format=time caps=\"%s\" "
      "! augment transforms=\"ElasticTransform(p=1), Rotate(p=1)\" copies=2 "
      "workers=2 max-in-flight=3 ! appsink name=sink max-buffers=1 "
      "sync=false", caps);
  GstElement *pipeline = gst_parse_launch (launch, NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  guint round, i;

  fail_unless (pipeline != NULL);
  for (round = 0; round < 4; round++) {
    GstSample *sample = NULL;
    GstFlowReturn ret;

    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
        GST_STATE_CHANGE_FAILURE);
    for (i = 0; i < 8; i++) {
      GstBuffer *buf = make_frame (GST_VIDEO_FORMAT_RGB, 320, 240, 0, i);

      GST_BUFFER_PTS (buf) = i * GST_SECOND / 25;
      g_signal_emit_by_name (src, "push-buffer", buf, &ret);
      gst_buffer_unref (buf);
      fail_unless_equals_int (ret, GST_FLOW_OK);
    }
    /* one out: the rest in flight or waiting on the full appsink */
    g_signal_emit_by_name (sink, "pull-sample", &sample);
    fail_unless (sample != NULL, "round %u: no output", round);
    gst_sample_unref (sample);
    fail_if (gst_element_set_state (pipeline, round % 2 ? GST_STATE_NULL :
            GST_STATE_READY) == GST_STATE_CHANGE_FAILURE);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  g_free (launch);
  g_free (caps);
}

GST_END_TEST;

/* ---- queue-saver ---- */

/* appsrc ! augment copies=3 ! queue-saver location={index}_{copy}.png: three
 * files per input, each decoding (pngdec) to the bytes of that copy. */
GST_START_TEST (test_queue_saver_copies)
{
  const guint n = 4, copies = 3;
  const gchar *aug = "transforms=\"HorizontalFlip(), "
      "RandomResizedCrop(size=[64,96])\" seed=9 copies=3 workers=2";
  GstElementFactory *qs = gst_element_factory_find ("queue-saver");
  GstElementFactory *dec = gst_element_factory_find ("pngdec");
  gchar *dir, *caps, *launch;
  GstElement *pipeline, *src;
  GPtrArray *ref, *files;
  GstMessage *msg;
  GstFlowReturn ret;
  guint i, c;

  if (qs == NULL || dec == NULL) {
    GST_INFO ("queue-saver or pngdec missing: skipped");
    gst_clear_object (&qs);
    gst_clear_object (&dec);
    return;
  }
  ref = run_frames (aug, GST_VIDEO_FORMAT_RGB, n, offsets_0_11, copies, NULL);
  dir = im_test_make_tmp_dir ("augment-saver-XXXXXX");
  caps = frame_caps (GST_VIDEO_FORMAT_RGB, W, H);
  launch = g_strdup_printf ("appsrc name=src format=time caps=\"%s\" ! "
      "augment %s ! queue-saver location=\"%s/{index}_{copy}.png\"", caps,
      aug, dir);
  pipeline = gst_parse_launch (launch, NULL);
  fail_unless (pipeline != NULL);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (i = 0; i < n; i++) {
    GstBuffer *buf = make_frame (GST_VIDEO_FORMAT_RGB, W, H, 0, i);

    GST_BUFFER_OFFSET (buf) = i;
    GST_BUFFER_PTS (buf) = i * GST_SECOND / 25;
    g_signal_emit_by_name (src, "push-buffer", buf, &ret);
    gst_buffer_unref (buf);
  }
  g_signal_emit_by_name (src, "end-of-stream", &ret);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  files = im_test_list_files (dir, ".png");
  fail_unless_equals_int (files->len, n * copies);
  for (i = 0; i < n; i++)
    for (c = 0; c < copies; c++) {
      gchar *path = g_strdup_printf ("%s/%u_%u.png", dir, i, c);
      Output *o = g_ptr_array_index (ref, i * copies + c);
      ImTestImage img;
      GBytes *png;

      fail_unless (g_file_test (path, G_FILE_TEST_IS_REGULAR), "%s missing",
          path);
      png = im_test_read_bytes (path);
      im_test_pngdec (png, "RGB", &img);
      g_bytes_unref (png);
      fail_unless (img.width == 96 && img.height == 64, "%s: %ux%u", path,
          img.width, img.height);
      fail_unless (memcmp (img.pixels, g_bytes_get_data (o->pixels, NULL),
              96 * 64 * 3) == 0, "%s is not copy %u of frame %u", path, c, i);
      im_test_image_clear (&img);
      g_free (path);
    }
  g_ptr_array_unref (files);
  g_ptr_array_unref (ref);
  gst_object_unref (src);
  gst_object_unref (pipeline);
  im_test_remove_dir (dir);
  g_free (launch);
  g_free (caps);
  gst_object_unref (qs);
  gst_object_unref (dec);
}

GST_END_TEST;

static Suite *
augment_suite (void)
{
  Suite *s = suite_create ("augment");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_same_bytes_any_threading, 0, N_DET);
  tcase_add_loop_test (tc, test_pixel_same_bytes_any_threading, 0,
      G_N_ELEMENTS (det_workers) * G_N_ELEMENTS (det_chunk_rows) *
      G_N_ELEMENTS (det_max_in_flight));
  tcase_add_test (tc, test_seeds_and_copies);
  tcase_add_test (tc, test_frame_key);
  tcase_add_test (tc, test_hold_frames);
  tcase_add_test (tc, test_stats);
  tcase_add_test (tc, test_output_size);
  tcase_add_test (tc, test_caps_one_size);
  tcase_add_test (tc, test_caps_follow_drawn_size);
  tcase_add_test (tc, test_caps_follow_input);
  tcase_add_loop_test (tc, test_flips_exact, 0, G_N_ELEMENTS (flip_formats));
  tcase_add_loop_test (tc, test_replay_same_bytes, 0,
      G_N_ELEMENTS (replay_pipelines) + 1);
  tcase_add_test (tc, test_replay_other_size);
  tcase_add_test (tc, test_pipeline_set_while_playing);
  tcase_add_test (tc, test_config_errors);
  tcase_add_test (tc, test_crop_too_large);
  tcase_add_test (tc, test_flush_mid_stream);
  tcase_add_test (tc, test_state_change_in_flight);
  tcase_add_test (tc, test_queue_saver_copies);
  return s;
}

GST_CHECK_MAIN (augment);
