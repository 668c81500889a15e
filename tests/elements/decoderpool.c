/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * decoder-pool against independent oracles: djpeg's PPM output (same
 * libjpeg-turbo, same default DCT and upsampling) and pngdec.
 */
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>
#include "imtest.h"

static gchar *gen_dir;          /* images made by imagemill-gen, per run */

/* ---- helpers ---- */

/* djpeg's decode as packed RGB (gray expanded); FALSE when djpeg cannot
 * decode the file. */
static gboolean
djpeg_rgb (const gchar * path, ImTestImage * img)
{
  if (!im_test_djpeg (path, NULL, img, NULL))
    return FALSE;
  im_test_image_to_rgb (img);
  return TRUE;
}

static GstHarness *
new_decoder (const gchar * in_caps, const gchar * out_format, guint workers,
    guint chunk, guint max_in_flight)
{
  GstHarness *h = gst_harness_new ("decoder-pool");
  gchar *out_caps = g_strdup_printf ("video/x-raw,format=%s", out_format);

  g_object_set (h->element, "workers", workers, "chunk-size", chunk,
      "max-in-flight", max_in_flight, NULL);
  gst_harness_set_src_caps_str (h, in_caps);
  gst_harness_set_sink_caps_str (h, out_caps);
  g_free (out_caps);
  return h;
}

/* Compares a raw frame with packed rows of @bpp bytes per pixel. */
static void
assert_frame_equals (GstBuffer * buf, const guint8 * ref, guint width,
    guint height, guint bpp, const gchar * what)
{
  GstVideoMeta *vmeta = gst_buffer_get_video_meta (buf);
  GstMapInfo map;
  guint y;

  fail_unless (vmeta != NULL, "%s: no video meta", what);
  fail_unless_equals_int (vmeta->width, width);
  fail_unless_equals_int (vmeta->height, height);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  for (y = 0; y < height; y++) {
    const guint8 *row = map.data + vmeta->offset[0] + y * vmeta->stride[0];

    if (memcmp (row, ref + (gsize) y * width * bpp, width * bpp) != 0) {
      gst_buffer_unmap (buf, &map);
      fail ("%s: row %u differs", what, y);
    }
  }
  gst_buffer_unmap (buf, &map);
}

/* A hash of every output frame's visible pixels (not the row padding), in
 * push order. */
static GBytes *
frames_digest (GstHarness * h, guint n)
{
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint i;
  gsize len = 32;
  guint8 *digest = g_malloc (len);

  for (i = 0; i < n; i++) {
    GstBuffer *buf = gst_harness_pull (h);
    GstVideoMeta *vmeta;
    GstMapInfo map;
    guint y;

    fail_unless (buf != NULL, "frame %u missing", i);
    vmeta = gst_buffer_get_video_meta (buf);
    fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
    for (y = 0; y < vmeta->height; y++)
      g_checksum_update (sum, map.data + vmeta->offset[0] +
          y * vmeta->stride[0], vmeta->width * 3);
    gst_buffer_unmap (buf, &map);
    gst_buffer_unref (buf);
  }
  g_checksum_get_digest (sum, digest, &len);
  g_checksum_free (sum);
  return g_bytes_new_take (digest, len);
}

static void
check_jpeg_against_djpeg (const gchar * path)
{
  GstHarness *h = new_decoder ("image/jpeg", "RGB", 2, 1, 0);
  ImTestImage ref;
  GstBuffer *out;

  if (!djpeg_rgb (path, &ref)) {
    GST_INFO ("djpeg cannot decode %s, skipping", path);
    gst_harness_teardown (h);
    return;
  }
  /* djpeg does not turn images upright */
  g_object_set (h->element, "apply-orientation", FALSE, NULL);
  out = gst_harness_push_and_pull (h, im_test_buffer_from_file (path));
  fail_unless (out != NULL, "%s: no output", path);
  assert_frame_equals (out, ref.pixels, ref.width, ref.height, 3, path);
  gst_buffer_unref (out);
  im_test_image_clear (&ref);
  gst_harness_teardown (h);
}

/* ---- pixels ---- */

GST_START_TEST (test_generated_jpeg_equals_djpeg)
{
  GPtrArray *files = im_test_list_files (gen_dir, ".jpg");
  guint i;

  fail_unless (files->len >= 5, "generator made %u JPEGs", files->len);
  for (i = 0; i < files->len; i++)
    check_jpeg_against_djpeg (g_ptr_array_index (files, i));
  g_ptr_array_unref (files);
}

GST_END_TEST;

GST_START_TEST (test_sample_jpeg_equals_djpeg)
{
  GPtrArray *files;
  guint i;

  if (!im_test_have_samples ())
    return;
  files = im_test_list_files (IM_SAMPLES_DIR, ".jpg");
  g_ptr_array_extend_and_steal (files, im_test_list_files (IM_SAMPLES_DIR, ".jpeg"));
  for (i = 0; i < files->len; i++)
    check_jpeg_against_djpeg (g_ptr_array_index (files, i));
  g_ptr_array_unref (files);
}

GST_END_TEST;

/* pngdec + videoconvert as the oracle for PNG, in RGB and RGBA */
static void
check_png_against_pngdec (const gchar * path, const gchar * format)
{
  GstHarness *h = new_decoder ("image/png", format, 2, 1, 0);
  GBytes *png = im_test_read_bytes (path);
  ImTestImage ref;
  GstBuffer *out;

  im_test_pngdec (png, format, &ref);
  fail_unless_equals_int (ref.bpp, strcmp (format, "RGB") == 0 ? 3 : 4);
  out = gst_harness_push_and_pull (h, gst_buffer_new_wrapped_bytes (png));
  fail_unless (out != NULL, "%s: no output", path);
  assert_frame_equals (out, ref.pixels, ref.width, ref.height, ref.bpp, path);
  im_test_image_clear (&ref);
  gst_buffer_unref (out);
  g_bytes_unref (png);
  gst_harness_teardown (h);
}

static guint
png_bit_depth (const gchar * path)
{
  GstImDecoder *dec = gst_im_decoder_new ();
  GstBuffer *buf = im_test_buffer_from_file (path);
  GstImImageHeader header;
  GstMapInfo map;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  fail_unless (gst_im_decoder_read_header (dec, map.data, map.size, &header,
          NULL));
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  gst_im_decoder_free (dec);
  return header.bit_depth;
}

GST_START_TEST (test_png_equals_pngdec)
{
  GPtrArray *files = im_test_list_files (gen_dir, ".png");
  guint i;

  fail_unless (files->len >= 5, "generator made %u PNGs", files->len);
  if (im_test_have_samples ())
    g_ptr_array_extend_and_steal (files, im_test_list_files (IM_SAMPLES_DIR, ".png"));
  for (i = 0; i < files->len; i++) {
    const gchar *path = g_ptr_array_index (files, i);

    /* pngdec 1.22 shifts 16-bit colour rows and videoconvert sends 16-bit
     * gray through a matrix: tests/core/decoder.c checks 16-bit PNGs against
     * images it writes itself */
    if (png_bit_depth (path) == 16) {
      GST_INFO ("%s: 16-bit, not compared with pngdec", path);
      continue;
    }
    check_png_against_pngdec (path, "RGB");
    check_png_against_pngdec (path, "RGBA");
  }
  g_ptr_array_unref (files);
}

GST_END_TEST;

/* filesrc delivers 4 KiB blocks: the element must frame whole images */
GST_START_TEST (test_bytestream_framing)
{
  GPtrArray *files = im_test_list_files (gen_dir, ".jpg");
  const gchar *path = g_ptr_array_index (files, files->len - 1);
  gchar *launch = g_strdup_printf ("filesrc location=\"%s\" blocksize=4096 ! "
      "decoder-pool apply-orientation=false ! "
      "capsfilter caps=video/x-raw,format=RGB", path);
  GstHarness *h = gst_harness_new_parse (launch);
  ImTestImage ref;
  GstBuffer *out;

  fail_unless (djpeg_rgb (path, &ref), "djpeg cannot decode %s", path);
  gst_harness_play (h);
  out = gst_harness_pull (h);
  fail_unless (out != NULL);
  assert_frame_equals (out, ref.pixels, ref.width, ref.height, 3, path);
  gst_buffer_unref (out);
  im_test_image_clear (&ref);
  g_free (launch);
  gst_harness_teardown (h);
  g_ptr_array_unref (files);
}

GST_END_TEST;

/* two images glued in one buffer become two frames, with caps for each */
/* The next caps event the harness received describes @width x @height. */
static void
assert_next_caps_size (GstHarness * h, guint width, guint height)
{
  GstEvent *event;
  GstVideoInfo info;
  GstCaps *caps;

  while ((event = gst_harness_try_pull_event (h)) &&
      GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    gst_event_unref (event);
  fail_unless (event != NULL, "no caps for a %ux%u frame", width, height);
  gst_event_parse_caps (event, &caps);
  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), width);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), height);
  gst_event_unref (event);
}

/* a JPEG and a PNG glued in one buffer become two frames, each with its own
 * caps: the JPEG as djpeg decodes it, the PNG at the size its IHDR says */
GST_START_TEST (test_concatenated_mixed_stream)
{
  GPtrArray *jpegs = im_test_list_files (gen_dir, ".jpg");
  GPtrArray *pngs = im_test_list_files (gen_dir, ".png");
  const gchar *jpeg = NULL;
  GstHarness *h = new_decoder ("image/jpeg", "RGB", 2, 1, 0);
  GstBuffer *png = im_test_buffer_from_file (g_ptr_array_index (pngs, 0));
  GstBuffer *out;
  ImTestImage ref = { 0 };
  guint png_w, png_h;
  guint8 ihdr[8];
  guint i;

  g_object_set (h->element, "apply-orientation", FALSE, NULL);
  /* IHDR: width and height, big-endian, at bytes 16..23 of the file */
  fail_unless_equals_int (gst_buffer_extract (png, 16, ihdr, 8), 8);
  png_w = (ihdr[0] << 24) | (ihdr[1] << 16) | (ihdr[2] << 8) | ihdr[3];
  png_h = (ihdr[4] << 24) | (ihdr[5] << 16) | (ihdr[6] << 8) | ihdr[7];
  /* a JPEG of another size, so that the caps must change */
  for (i = 0; i < jpegs->len && jpeg == NULL; i++) {
    im_test_image_clear (&ref);
    if (djpeg_rgb (g_ptr_array_index (jpegs, i), &ref) &&
        (ref.width != png_w || ref.height != png_h))
      jpeg = g_ptr_array_index (jpegs, i);
  }
  fail_unless (jpeg != NULL);

  fail_unless_equals_int (gst_harness_push (h, gst_buffer_append
          (im_test_buffer_from_file (jpeg), png)), GST_FLOW_OK);
  out = gst_harness_pull (h);
  assert_next_caps_size (h, ref.width, ref.height);
  assert_frame_equals (out, ref.pixels, ref.width, ref.height, 3, jpeg);
  gst_buffer_unref (out);
  out = gst_harness_pull (h);
  assert_next_caps_size (h, png_w, png_h);
  fail_unless_equals_int (gst_buffer_get_video_meta (out)->width, png_w);
  fail_unless_equals_int (gst_buffer_get_video_meta (out)->height, png_h);
  gst_buffer_unref (out);
  fail_unless (gst_harness_try_pull (h) == NULL);

  im_test_image_clear (&ref);
  gst_harness_teardown (h);
  g_ptr_array_unref (jpegs);
  g_ptr_array_unref (pngs);
}

GST_END_TEST;

GST_START_TEST (test_exif_orientation)
{
  gchar *path;
  GstHarness *h;
  ImTestImage ref;
  guint width, height, y, x;
  guint8 *turned;
  GstBuffer *out;

  if (!im_test_have_samples ())
    return;
  path = g_build_filename (IM_SAMPLES_DIR, "exif_orientation6_landscape.jpg",
      NULL);
  fail_unless (djpeg_rgb (path, &ref));
  width = ref.width;
  height = ref.height;
  /* orientation 6: the stored image turned 90 degrees clockwise, written
   * here as a plain index formula */
  turned = g_malloc ((gsize) width * height * 3);
  for (y = 0; y < width; y++)
    for (x = 0; x < height; x++)
      memcpy (turned + ((gsize) y * height + x) * 3,
          ref.pixels + ((gsize) (height - 1 - x) * width + y) * 3, 3);

  h = new_decoder ("image/jpeg", "RGB", 2, 1, 0);
  out = gst_harness_push_and_pull (h, im_test_buffer_from_file (path));
  assert_frame_equals (out, turned, height, width, 3, path);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (turned);
  im_test_image_clear (&ref);
  g_free (path);
}

GST_END_TEST;

/* ---- order and determinism ---- */

static const struct
{
  guint workers, chunk, max_in_flight;
} det[] = {
  {1, 1, 0}, {2, 1, 0}, {7, 1, 0}, {2, 3, 0}, {7, 2, 5}, {2, 1, 1},
  {7, 5, 3}, {1, 4, 16},
};

/* big and tiny images interleaved, so later inputs finish first */
static GPtrArray *
mixed_inputs (void)
{
  GPtrArray *files = im_test_list_files (gen_dir, ".jpg");
  GPtrArray *pngs = im_test_list_files (gen_dir, ".png");
  GPtrArray *order = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; i < 2 * files->len; i++) {
    const gchar *f = g_ptr_array_index (files, (i * 7) % files->len);
    g_ptr_array_add (order, g_strdup (f));
    if (i % 3 == 0)
      g_ptr_array_add (order, g_strdup (g_ptr_array_index (pngs,
                  i % pngs->len)));
  }
  g_ptr_array_unref (files);
  g_ptr_array_unref (pngs);
  return order;
}

/* What a pushing thread pushes: every input, offsets 0.., then EOS. */
typedef struct
{
  GstHarness *h;
  GPtrArray *inputs;
  guint64 first_offset;
  GstFlowReturn ret;            /* the first push that failed, else OK */
} Pusher;

static gpointer
push_all (gpointer data)
{
  Pusher *p = data;
  guint i;

  p->ret = GST_FLOW_OK;
  for (i = 0; i < p->inputs->len && p->ret == GST_FLOW_OK; i++) {
    GstBuffer *buf = im_test_buffer_from_file (g_ptr_array_index (p->inputs,
            i));

    GST_BUFFER_OFFSET (buf) = p->first_offset + i;
    p->ret = gst_harness_push (p->h, buf);
  }
  gst_harness_push_event (p->h, gst_event_new_eos ());
  return NULL;
}

static GBytes *
decode_all (GPtrArray * inputs, guint workers, guint chunk, guint max)
{
  GstHarness *h = new_decoder ("image/jpeg", "RGB", workers, chunk, max);
  Pusher pusher = { h, inputs, 0, GST_FLOW_OK };
  GThread *thread;
  GBytes *digest;

  /* a thread pushes while this one pulls: max-in-flight blocks the pusher
   * until frames leave */
  thread = g_thread_new ("pusher", push_all, &pusher);
  digest = frames_digest (h, inputs->len);
  g_thread_join (thread);
  fail_unless_equals_int (pusher.ret, GST_FLOW_OK);
  gst_harness_teardown (h);
  return digest;
}

GST_START_TEST (test_same_bytes_any_workers)
{
  GPtrArray *inputs = mixed_inputs ();
  GBytes *ref = decode_all (inputs, 1, 1, 64);
  GBytes *got = decode_all (inputs, det[__i__].workers, det[__i__].chunk,
      det[__i__].max_in_flight);

  fail_unless (g_bytes_equal (ref, got), "workers=%u chunk=%u max=%u differ",
      det[__i__].workers, det[__i__].chunk, det[__i__].max_in_flight);
  g_bytes_unref (ref);
  g_bytes_unref (got);
  g_ptr_array_unref (inputs);
}

GST_END_TEST;

/* offsets come out in input order, with timestamps carried over */
GST_START_TEST (test_order_and_metadata)
{
  GPtrArray *inputs = mixed_inputs ();
  GstHarness *h = new_decoder ("image/jpeg", "RGB", 3, 1, 0);
  guint i;

  for (i = 0; i < inputs->len; i++) {
    GstBuffer *buf = im_test_buffer_from_file (g_ptr_array_index (inputs, i));

    GST_BUFFER_OFFSET (buf) = 1000 + i;
    GST_BUFFER_PTS (buf) = i * GST_SECOND;
    gst_buffer_add_im_source_meta (buf, g_ptr_array_index (inputs, i), i, 0);
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  for (i = 0; i < inputs->len; i++) {
    GstBuffer *out = gst_harness_pull (h);
    GstImSourceMeta *meta = gst_buffer_get_im_source_meta (out);

    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out), 1000 + i);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), i * GST_SECOND);
    fail_unless (meta != NULL);
    fail_unless_equals_uint64 (meta->index, i);
    fail_unless_equals_string (meta->path, g_ptr_array_index (inputs, i));
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  g_ptr_array_unref (inputs);
}

GST_END_TEST;

/* ---- flush, EOS, state changes ---- */

/* What left the element, in order: a buffer's offset, or -(event type). */
typedef struct
{
  GMutex lock;
  GArray *seen;                 /* of gint64 */
} Recorder;

static GstPadProbeReturn
record (GstPad * pad, GstPadProbeInfo * info, Recorder * rec)
{
  gint64 entry;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER)
    entry = GST_BUFFER_OFFSET (GST_PAD_PROBE_INFO_BUFFER (info));
  else
    entry = -(gint64) GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info));
  g_mutex_lock (&rec->lock);
  g_array_append_val (rec->seen, entry);
  g_mutex_unlock (&rec->lock);
  return GST_PAD_PROBE_OK;
}

static void
recorder_attach (Recorder * rec, GstHarness * h)
{
  GstPad *src = gst_element_get_static_pad (h->element, "src");

  g_mutex_init (&rec->lock);
  rec->seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_EVENT_FLUSH,
      (GstPadProbeCallback) record, rec, NULL);
  gst_object_unref (src);
}

static void
recorder_clear (Recorder * rec)
{
  g_array_unref (rec->seen);
  g_mutex_clear (&rec->lock);
}

/* Pulls events until EOS, which the element sends after all it has. */
static void
wait_for_eos (GstHarness * h)
{
  GstEvent *ev;
  gboolean eos = FALSE;

  while (!eos && (ev = gst_harness_pull_event (h))) {
    eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
  }
  fail_unless (eos, "no EOS");
}

static gint64
recorded (Recorder * rec, guint i)
{
  return g_array_index (rec->seen, gint64, i);
}

/* Inputs 0..9 are flushed while in flight, then 100..104 are pushed: after
 * the flush-stop only 100..104 leave, each once, in order. */
GST_START_TEST (test_flush_mid_stream)
{
  GPtrArray *inputs = mixed_inputs ();
  GstHarness *h = new_decoder ("image/jpeg", "RGB", 2, 1, 64);
  Recorder rec;
  GstSegment segment;
  guint i, after = 0, n_after = 0;

  recorder_attach (&rec, h);
  for (i = 0; i < 10; i++) {
    GstBuffer *buf = im_test_buffer_from_file (g_ptr_array_index (inputs, i));

    GST_BUFFER_OFFSET (buf) = i;
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  gst_harness_push_event (h, gst_event_new_segment (&segment));
  for (i = 0; i < 5; i++) {
    GstBuffer *buf = im_test_buffer_from_file (g_ptr_array_index (inputs, i));

    GST_BUFFER_OFFSET (buf) = 100 + i;
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  wait_for_eos (h);

  g_mutex_lock (&rec.lock);
  for (i = 0; i < rec.seen->len; i++)
    if (recorded (&rec, i) == -(gint64) GST_EVENT_FLUSH_STOP)
      after = i + 1;
  fail_unless (after > 0, "no flush-stop");
  for (i = after; i < rec.seen->len; i++) {
    gint64 entry = recorded (&rec, i);

    if (entry < 0)
      continue;
    fail_unless (entry >= 100, "input %" G_GINT64_FORMAT " from before the "
        "flush came out after it", entry);
    fail_unless_equals_int64 (entry, 100 + n_after);
    n_after++;
  }
  g_mutex_unlock (&rec.lock);
  fail_unless_equals_int (n_after, 5);

  recorder_clear (&rec);
  gst_harness_teardown (h);
  g_ptr_array_unref (inputs);
}

GST_END_TEST;

/* EOS leaves after every frame, and nothing after it. */
GST_START_TEST (test_eos_drains_in_flight)
{
  GPtrArray *inputs = mixed_inputs ();
  GstHarness *h = new_decoder ("image/jpeg", "RGB", 2, 4, 64);
  Recorder rec;
  guint i, n = MIN (inputs->len, 12), n_before = 0;
  gint eos_at = -1;

  recorder_attach (&rec, h);
  for (i = 0; i < n; i++) {
    GstBuffer *buf = im_test_buffer_from_file (g_ptr_array_index (inputs, i));

    GST_BUFFER_OFFSET (buf) = i;
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_for_eos (h);

  g_mutex_lock (&rec.lock);
  for (i = 0; i < rec.seen->len; i++) {
    if (recorded (&rec, i) == -(gint64) GST_EVENT_EOS)
      eos_at = i;
    else if (recorded (&rec, i) >= 0) {
      fail_unless (eos_at < 0, "frame %" G_GINT64_FORMAT " after EOS",
          recorded (&rec, i));
      fail_unless_equals_int64 (recorded (&rec, i), n_before);
      n_before++;
    }
  }
  g_mutex_unlock (&rec.lock);
  fail_unless (eos_at >= 0);
  fail_unless_equals_int (n_before, n);

  recorder_clear (&rec);
  gst_harness_teardown (h);
  g_ptr_array_unref (inputs);
}

GST_END_TEST;

GST_START_TEST (test_teardown_with_frames_in_flight)
{
  GPtrArray *inputs = mixed_inputs ();
  guint round, i;

  for (round = 0; round < 5; round++) {
    GstHarness *h = new_decoder ("image/jpeg", "RGB", 3, 1 + round % 2, 64);

    for (i = 0; i < 8; i++)
      gst_harness_push (h, im_test_buffer_from_file (g_ptr_array_index (inputs, i)));
    gst_harness_teardown (h);   /* PLAYING -> NULL right away */
  }
  g_ptr_array_unref (inputs);
}

GST_END_TEST;

GST_START_TEST (test_rapid_state_cycles)
{
  GPtrArray *files = im_test_list_files (gen_dir, ".jpg");
  GstElement *pipeline;
  GError *err = NULL;
  gchar *launch;

  /* multifilesrc loops over one small file: frames are always in flight */
  launch = g_strdup_printf ("multifilesrc location=\"%s\" loop=true "
      "caps=image/jpeg ! decoder-pool workers=3 ! fakesink sync=false",
      (const gchar *) g_ptr_array_index (files, 0));
  pipeline = gst_parse_launch (launch, &err);
  fail_unless (pipeline != NULL, "%s", err ? err->message : "");
  im_test_cycle_states (pipeline, 200, 3000, 0);
  gst_object_unref (pipeline);
  g_free (launch);
  g_ptr_array_unref (files);
}

GST_END_TEST;

/* workers and chunk-size change under a full FIFO: every input still comes
 * out once, in order */
GST_START_TEST (test_stress_properties)
{
  GPtrArray *inputs = mixed_inputs ();
  GstHarness *h = new_decoder ("image/jpeg", "RGB", 2, 1, 8);
  Pusher pusher = { h, inputs, 0, GST_FLOW_OK };
  GstHarnessThread *t1, *t2;
  GThread *thread;
  GValue v = G_VALUE_INIT;
  guint i;

  g_value_init (&v, G_TYPE_UINT);
  g_value_set_uint (&v, 5);
  t1 = gst_harness_stress_property_start_full (h, "workers", &v, 200);
  g_value_set_uint (&v, 3);
  t2 = gst_harness_stress_property_start_full (h, "chunk-size", &v, 300);
  g_value_unset (&v);

  /* up to max-in-flight=8 jobs queued while the properties change */
  thread = g_thread_new ("pusher", push_all, &pusher);
  for (i = 0; i < inputs->len; i++) {
    GstBuffer *out = gst_harness_pull (h);

    fail_unless (out != NULL, "frame %u missing", i);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out), i);
    gst_buffer_unref (out);
  }
  g_thread_join (thread);
  fail_unless_equals_int (pusher.ret, GST_FLOW_OK);
  gst_harness_stress_thread_stop (t1);
  gst_harness_stress_thread_stop (t2);
  gst_harness_teardown (h);
  g_ptr_array_unref (inputs);
}

GST_END_TEST;

/* ---- bad input ---- */

/* one of each bad-input class, made from good generated files: a gray
 * JPEG and a 16-bit gray PNG */
static GstBuffer *
bad_buffer (ImTestBadKind kind)
{
  return im_test_bad_buffer_in (kind, gen_dir, "jpeg_gray_q90_333x257.jpg",
      ".png");
}

/* on-error=skip: a warning names the input, the next image still comes */
GST_START_TEST (test_bad_input_skip)
{
  GstHarness *h = new_decoder ("image/jpeg,parsed=true", "RGB", 2, 1, 0);
  GPtrArray *pngs = im_test_list_files (gen_dir, ".png");

  g_object_set (h->element, "on-error", GST_IM_ON_ERROR_SKIP, NULL);
  im_test_check_bad_input_skip (h, __i__, bad_buffer (__i__),
      im_test_buffer_from_file (g_ptr_array_index (pngs, 0)));
  gst_harness_teardown (h);
  g_ptr_array_unref (pngs);
}

GST_END_TEST;

GST_START_TEST (test_bad_input_fail)
{
  GstHarness *h = new_decoder ("image/jpeg,parsed=true", "RGB", 2, 1, 0);

  im_test_check_bad_input_fail (h, __i__, bad_buffer (__i__));
  gst_harness_teardown (h);
}

GST_END_TEST;

/* byte-stream garbage before an image is reported, the image still comes */
GST_START_TEST (test_junk_in_bytestream)
{
  GPtrArray *pngs = im_test_list_files (gen_dir, ".png");
  GstHarness *h = new_decoder ("image/png", "RGB", 2, 1, 0);
  GstBus *bus = gst_bus_new ();
  GstBuffer *buf, *out;
  gchar *text;

  gst_element_set_bus (h->element, bus);
  g_object_set (h->element, "on-error", GST_IM_ON_ERROR_SKIP, NULL);
  buf = gst_buffer_append (gst_buffer_new_wrapped (g_strdup ("garbage!"), 8),
      im_test_buffer_from_file (g_ptr_array_index (pngs, 0)));
  out = gst_harness_push_and_pull (h, buf);
  fail_unless (out != NULL);
  gst_buffer_unref (out);
  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "8 bytes that are not a JPEG or PNG") != NULL,
      "%s", text);
  g_free (text);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
  g_ptr_array_unref (pngs);
}

GST_END_TEST;

/* ---- sizes and memory ---- */

/* A valid PNG header claiming @width x @height RGB, with junk for data. */
static GstBuffer *
png_claiming (guint32 width, guint32 height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
    0x1a, '\n'
  };
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[13] = { 0 }, junk[64];
  gsize len;

  g_byte_array_append (png, signature, 8);
  GST_WRITE_UINT32_BE (ihdr, width);
  GST_WRITE_UINT32_BE (ihdr + 4, height);
  ihdr[8] = 8;                  /* bit depth */
  ihdr[9] = 2;                  /* RGB */
  im_test_png_append_chunk (png, "IHDR", ihdr, 13);
  memset (junk, 0x5a, sizeof (junk));
  im_test_png_append_chunk (png, "IDAT", junk, sizeof (junk));
  im_test_png_append_chunk (png, "IEND", NULL, 0);
  len = png->len;
  return gst_buffer_new_wrapped (g_byte_array_free (png, FALSE), len);
}

/* 46000 x 46000 x 3 bytes passes GstVideoInfo's limit: with max-pixels=0 the
 * image is refused with the size and the limit, and the next one decodes */
GST_START_TEST (test_frame_too_big_for_video)
{
  GPtrArray *pngs = im_test_list_files (gen_dir, ".png");
  GstHarness *h = new_decoder ("image/png", "RGB", 2, 1, 0);
  GstBus *bus = gst_bus_new ();
  GstBuffer *out;
  gchar *text;

  gst_element_set_bus (h->element, bus);
  g_object_set (h->element, "max-pixels", (guint64) 0, "on-error",
      GST_IM_ON_ERROR_SKIP, NULL);
  fail_unless_equals_int (gst_harness_push (h, png_claiming (46000, 46000)),
      GST_FLOW_OK);
  out = gst_harness_push_and_pull (h,
      im_test_buffer_from_file (g_ptr_array_index (pngs, 0)));
  fail_unless (out != NULL);
  gst_buffer_unref (out);

  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "46000x46000") != NULL, "%s", text);
  fail_unless (strstr (text, "4294967295") != NULL, "no limit: %s", text);
  fail_if (strstr (text, "could not get") != NULL, "%s", text);
  g_free (text);

  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
  g_ptr_array_unref (pngs);
}

GST_END_TEST;

/* A frame's memory, once freed downstream, carries the next frame of a
 * close size (17x2049 then 2049x17 RGB, 2% apart), with that frame's own
 * layout in its video meta */
GST_START_TEST (test_memory_recycled_across_sizes)
{
  gchar *tall = g_build_filename (gen_dir, "jpeg_420_q90_17x2049.jpg", NULL);
  gchar *wide = g_build_filename (gen_dir, "jpeg_444_q90_2049x17.jpg", NULL);
  GstHarness *h = new_decoder ("image/jpeg", "RGB", 1, 1, 0);
  ImTestImage ref;
  gpointer first;
  GstBuffer *out;
  GstMapInfo map;

  g_object_set (h->element, "apply-orientation", FALSE, NULL);
  out = gst_harness_push_and_pull (h, im_test_buffer_from_file (tall));
  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  first = map.data;
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);

  out = gst_harness_push_and_pull (h, im_test_buffer_from_file (wide));
  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  fail_unless (map.data == first, "the first frame's memory was not reused");
  gst_buffer_unmap (out, &map);
  fail_unless (djpeg_rgb (wide, &ref));
  assert_frame_equals (out, ref.pixels, ref.width, ref.height, 3, wide);
  /* GstVideoInfo's stride for RGB: rows padded to 4 bytes */
  fail_unless_equals_int (gst_buffer_get_video_meta (out)->stride[0],
      GST_ROUND_UP_4 (ref.width * 3));
  gst_buffer_unref (out);

  im_test_image_clear (&ref);
  gst_harness_teardown (h);
  g_free (tall);
  g_free (wide);
}

GST_END_TEST;

/* Messages name an input by what is known of it: its file, else its offset
 * and timestamp, leaving out what is unknown */
GST_START_TEST (test_messages_name_the_input)
{
  GstHarness *h = new_decoder ("image/jpeg,parsed=true", "RGB", 2, 1, 0);
  GstBus *bus = gst_bus_new ();
  GstBuffer *buf;
  gchar *text;

  gst_element_set_bus (h->element, bus);
  g_object_set (h->element, "on-error", GST_IM_ON_ERROR_SKIP, NULL);

  buf = gst_buffer_new_wrapped (g_strdup ("not an image"), 12);
  gst_buffer_add_im_source_meta (buf, "cats/tabby.jpg", 7, 0);
  GST_BUFFER_OFFSET (buf) = 99;
  gst_harness_push (h, buf);
  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "\"cats/tabby.jpg\" (item 7)") != NULL, "%s",
      text);
  g_free (text);

  buf = gst_buffer_new_wrapped (g_strdup ("not an image"), 12);
  GST_BUFFER_OFFSET (buf) = 1234;
  gst_harness_push (h, buf);
  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "buffer at offset 1234:") != NULL, "%s", text);
  fail_if (strstr (text, "pts") != NULL, "unknown pts printed: %s", text);
  g_free (text);

  buf = gst_buffer_new_wrapped (g_strdup ("not an image"), 12);
  GST_BUFFER_PTS (buf) = 3 * GST_SECOND / 2;
  gst_harness_push (h, buf);
  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "buffer with pts 0:00:01.500000000:") != NULL,
      "%s", text);
  fail_if (strstr (text, "offset") != NULL, "unknown offset printed: %s",
      text);
  g_free (text);

  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* ---- suite ---- */

static void
generate_images (void)
{
  gen_dir = im_test_generate ("tests", NULL);
}

static void
remove_images (void)
{
  im_test_remove_dir (gen_dir);
}

static Suite *
decoderpool_suite (void)
{
  Suite *s = suite_create ("decoderpool");
  TCase *tc = tcase_create ("general");

  tcase_add_unchecked_fixture (tc, generate_images, remove_images);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_generated_jpeg_equals_djpeg);
  tcase_add_test (tc, test_sample_jpeg_equals_djpeg);
  tcase_add_test (tc, test_png_equals_pngdec);
  tcase_add_test (tc, test_bytestream_framing);
  tcase_add_test (tc, test_concatenated_mixed_stream);
  tcase_add_test (tc, test_exif_orientation);
  tcase_add_loop_test (tc, test_same_bytes_any_workers, 0, G_N_ELEMENTS (det));
  tcase_add_test (tc, test_order_and_metadata);
  tcase_add_test (tc, test_flush_mid_stream);
  tcase_add_test (tc, test_eos_drains_in_flight);
  tcase_add_test (tc, test_teardown_with_frames_in_flight);
  tcase_add_test (tc, test_rapid_state_cycles);
  tcase_add_test (tc, test_stress_properties);
  tcase_add_loop_test (tc, test_bad_input_skip, 0, IM_TEST_N_BAD);
  tcase_add_loop_test (tc, test_bad_input_fail, 0, IM_TEST_N_BAD);
  tcase_add_test (tc, test_junk_in_bytestream);
  tcase_add_test (tc, test_frame_too_big_for_video);
  tcase_add_test (tc, test_memory_recycled_across_sizes);
  tcase_add_test (tc, test_messages_name_the_input);
  return s;
}

GST_CHECK_MAIN (decoderpool);
