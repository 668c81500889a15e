/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImFramer: streams the test builds from known files are cut back into
 * exactly those files; an image that never ends is stopped at the limit,
 * with memory bounded, through filesrc ! decoder-pool as well. A JPEG with
 * an MPF index gives its primary image alone, or its secondary images
 * marked; an index with bad offsets, sizes or counts is ignored.
 */
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include "imtest.h"

static gchar *gen_dir;          /* images made by imagemill-gen, per run */

/* ASan's allocator keeps freed memory in quarantine: RSS says nothing */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_MEANINGFUL FALSE
#elif defined(__has_feature)
#define RSS_MEANINGFUL !__has_feature (address_sanitizer)
#else
#define RSS_MEANINGFUL TRUE
#endif

/* the small files of the generated set, whole, and where the test put each
 * copy in the stream it built */
static const gchar *const small_names[] = {
  "jpeg_420_q85_7x3.jpg", "jpeg_444_q90_7x3.jpg", "jpeg_420_q90_1x1.jpg",
  "jpeg_gray_q90_1x1.jpg", "png_rgb_7x3.png", "png_rgba_7x3.png",
  "png_gray_adam7_7x3.png", "png_rgb_1x1.png", "png_rgb_adam7_1x1.png",
};

static GBytes *
read_gen (const gchar * name)
{
  gchar *path = g_build_filename (gen_dir, name, NULL);
  GBytes *bytes = im_test_read_bytes (path);

  g_free (path);
  return bytes;
}

typedef struct
{
  GByteArray *stream;
  GArray *offsets;              /* of gsize: where each image starts */
  GPtrArray *images;            /* of GBytes, in stream order */
  GArray *marks;                /* of guint: its image number in its file */
} Stream;

/* Appends bytes that no frame holds (dropped secondary images). */
static void
stream_hide (Stream * s, GBytes * bytes)
{
  g_byte_array_append (s->stream, g_bytes_get_data (bytes, NULL),
      g_bytes_get_size (bytes));
}

/* Appends @image, to come out as a frame marked @mark. */
static void
stream_add_marked (Stream * s, GBytes * image, guint mark)
{
  gsize off = s->stream->len;

  g_array_append_val (s->offsets, off);
  g_array_append_val (s->marks, mark);
  g_ptr_array_add (s->images, g_bytes_ref (image));
  stream_hide (s, image);
}

static void
stream_add (Stream * s, GBytes * image)
{
  stream_add_marked (s, image, 0);
}

static Stream *
stream_new (void)
{
  Stream *s = g_new0 (Stream, 1);

  s->stream = g_byte_array_new ();
  s->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  s->images = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  s->marks = g_array_new (FALSE, FALSE, sizeof (guint));
  return s;
}

static void
stream_free (Stream * s)
{
  g_byte_array_unref (s->stream);
  g_array_unref (s->offsets);
  g_ptr_array_unref (s->images);
  g_array_unref (s->marks);
  g_free (s);
}

/* Pushes @s->stream in pieces of @min..@max bytes (one piece if @max is 0),
 * each with its stream offset. */
static void
push_stream (GstImFramer * framer, Stream * s, GRand * rand, guint min,
    guint max)
{
  gsize pos = 0, n;

  while (pos < s->stream->len) {
    GstBuffer *buf;

    n = max ? (gsize) g_rand_int_range (rand, min, max + 1) : s->stream->len;
    n = MIN (n, s->stream->len - pos);
    buf = gst_buffer_new_memdup (s->stream->data + pos, n);
    GST_BUFFER_OFFSET (buf) = pos;
    gst_im_framer_push (framer, buf);
    pos += n;
  }
}

/* Pops up to @max frames and checks each is the next image of @s from
 * @first on, byte for byte, at its offset, with its mark (the image number
 * in its source meta, 0 without one). Returns the number popped. */
static guint
check_cuts (GstImFramer * framer, Stream * s, guint first, guint max)
{
  GstBuffer *buf;
  GError *err = NULL;
  guint i = first;

  while (i - first < max && (buf = gst_im_framer_pop (framer, &err))) {
    guint image = G_MAXUINT;
    GBytes *want;

    fail_unless (err == NULL, "frame %u: %s", i, err ? err->message : "");
    fail_unless (i < s->images->len, "more frames than images (%u)", i);
    want = g_ptr_array_index (s->images, i);
    fail_unless_equals_uint64 (gst_buffer_get_size (buf),
        g_bytes_get_size (want));
    fail_unless (gst_buffer_memcmp (buf, 0, g_bytes_get_data (want, NULL),
            g_bytes_get_size (want)) == 0, "frame %u differs", i);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf),
        g_array_index (s->offsets, gsize, i));
    gst_im_source_meta_get_image (buf, &image);
    fail_unless_equals_int (image, g_array_index (s->marks, guint, i));
    gst_buffer_unref (buf);
    i++;
  }
  return i - first;
}

GST_START_TEST (test_many_small_images)
{
  const guint n_images = 6000;
  GBytes *files[G_N_ELEMENTS (small_names)];
  GRand *rand = g_rand_new_with_seed (8);
  Stream *s = stream_new ();
  GstImFramer *framer = gst_im_framer_new ();
  guint i, round;

  for (i = 0; i < G_N_ELEMENTS (small_names); i++)
    files[i] = read_gen (small_names[i]);
  for (i = 0; i < n_images; i++)
    stream_add (s, files[g_rand_int_range (rand, 0,
                G_N_ELEMENTS (small_names))]);

  /* round 0: the whole stream in one buffer; then pieces that split
   * signatures, markers and chunk headers anywhere */
  for (round = 0; round < 3; round++) {
    guint got;

    push_stream (framer, s, rand, round == 2 ? 1 : 100, round == 0 ? 0 :
        round == 1 ? 5000 : 16);
    got = check_cuts (framer, s, 0, G_MAXUINT);
    gst_im_framer_drain (framer);
    got += check_cuts (framer, s, got, G_MAXUINT);
    fail_unless_equals_int (got, n_images);
    gst_im_framer_clear (framer);
  }

  gst_im_framer_free (framer);
  stream_free (s);
  for (i = 0; i < G_N_ELEMENTS (small_names); i++)
    g_bytes_unref (files[i]);
  g_rand_free (rand);
}

GST_END_TEST;

/* An image that never ends, between good ones: reported once, at its
 * offset, and the stream picks up again at the next image. */
GST_START_TEST (test_limit_resyncs)
{
  const gsize limit = 1 << 20;
  GBytes *jpeg = read_gen ("jpeg_420_q85_7x3.jpg");
  GBytes *png = read_gen ("png_rgb_7x3.png");
  GRand *rand = g_rand_new_with_seed (3);
  GstImFramer *framer = gst_im_framer_new ();
  Stream *s = stream_new (), *rest = stream_new ();
  static const guint8 soi[] = { 0xff, 0xd8, 0xff };
  gsize bad_at;
  GstBuffer *buf;
  GError *err = NULL;
  gchar *want;

  gst_im_framer_set_max_bytes (framer, limit);
  stream_add (s, jpeg);
  bad_at = s->stream->len;
  g_byte_array_append (s->stream, soi, sizeof (soi));
  g_byte_array_set_size (s->stream, s->stream->len + 3 * limit);
  memset (s->stream->data + bad_at + sizeof (soi), 0, 3 * limit);
  stream_add (s, png);
  stream_add (s, jpeg);

  push_stream (framer, s, rand, 1000, 9000);
  gst_im_framer_drain (framer);

  fail_unless_equals_int (check_cuts (framer, s, 0, 1), 1);
  buf = gst_im_framer_pop (framer, &err);
  fail_unless (buf != NULL && err != NULL);
  want = g_strdup_printf ("image at stream offset %" G_GSIZE_FORMAT
      " does not end within %" G_GSIZE_FORMAT " bytes", bad_at, limit);
  fail_unless (strstr (err->message, want) != NULL, "%s", err->message);
  /* the error carries none of the dropped bytes */
  fail_unless_equals_int (gst_buffer_get_size (buf), 0);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), bad_at);
  g_clear_error (&err);
  gst_buffer_unref (buf);
  g_free (want);

  /* then the PNG and the JPEG after the zeros, nothing for the zeros */
  stream_add (rest, png);
  stream_add (rest, jpeg);
  g_array_index (rest->offsets, gsize, 0) = g_array_index (s->offsets, gsize,
      1);
  g_array_index (rest->offsets, gsize, 1) = g_array_index (s->offsets, gsize,
      2);
  fail_unless_equals_int (check_cuts (framer, rest, 0, G_MAXUINT), 2);

  gst_im_framer_free (framer);
  stream_free (s);
  stream_free (rest);
  g_bytes_unref (jpeg);
  g_bytes_unref (png);
  g_rand_free (rand);
}

GST_END_TEST;

/* ---- corrupt JPEGs between good images ---- */

/* the good images around the bad one: baseline, progressive, PNG, gray */
static const gchar *const around_names[] = {
  "jpeg_411_q80_333x257.jpg", "jpeg_444_progressive_q85_333x257.jpg",
  "png_palette_333x257.png", "jpeg_gray_q90_333x257.jpg",
};

/* the images made bad: a baseline and a progressive (multi-scan) one */
static const gchar *const victim_names[] = {
  "jpeg_420_q90_333x257.jpg", "jpeg_gray_progressive_q90_333x257.jpg",
};

#define BAD_AT 2                /* stream index of the bad image */

/* The entropy-coded data of each scan of the well-formed JPEG @d, as pairs
 * [start, end) into @ranges: by the standard, a scan's data runs from the
 * end of its SOS header to the first FF followed by neither 00 nor RSTn. */
static void
entropy_ranges (const guint8 * d, gsize n, GArray * ranges)
{
  gsize p = 2, q;

  while (p + 4 <= n && d[p] == 0xff && d[p + 1] != 0xd9) {
    gsize len = (d[p + 2] << 8) | d[p + 3];

    if (d[p + 1] != 0xda) {
      p += 2 + len;
      continue;
    }
    q = p + 2 + len;
    g_array_append_val (ranges, q);
    while (q + 1 < n && !(d[q] == 0xff && d[q + 1] != 0x00 &&
            (d[q + 1] < 0xd0 || d[q + 1] > 0xd7)))
      q++;
    g_array_append_val (ranges, q);
    p = q;
  }
  fail_unless (ranges->len >= 2 && p + 2 == n, "not a well-formed JPEG");
}

/* A stream of the good images with @bad at BAD_AT, pushed in random pieces
 * of at most @max bytes (0: all at once), drained; then each good image
 * must come out exactly, at its offset and without an error, and the bad
 * one's bytes in order: @first_len bytes as its first frame, then (when
 * @first_len is less than all of them) the rest in one or more frames. */
static void
check_bad_between_good (GBytes * bad, gsize first_len, GRand * rand,
    guint max)
{
  GstImFramer *framer = gst_im_framer_new ();
  Stream *s = stream_new ();
  gsize bad_len = g_bytes_get_size (bad), pos, bad_end;
  const guint8 *bad_data = g_bytes_get_data (bad, NULL);
  GstBuffer *buf;
  GError *err = NULL;
  guint i, n_bad = 0;

  for (i = 0; i < G_N_ELEMENTS (around_names) + 1; i++) {
    GBytes *image = i == BAD_AT ? g_bytes_ref (bad) :
        read_gen (around_names[i - (i > BAD_AT)]);

    stream_add (s, image);
    g_bytes_unref (image);
  }
  push_stream (framer, s, rand, 1, max);
  gst_im_framer_drain (framer);

  fail_unless_equals_int (check_cuts (framer, s, 0, BAD_AT), BAD_AT);
  pos = g_array_index (s->offsets, gsize, BAD_AT);
  bad_end = pos + bad_len;
  while (pos < bad_end && (buf = gst_im_framer_pop (framer, &err))) {
    gsize size = gst_buffer_get_size (buf);

    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), pos);
    fail_unless (pos + size <= bad_end, "frame at %" G_GSIZE_FORMAT " of %"
        G_GSIZE_FORMAT " bytes runs into the next image", pos, size);
    if (n_bad == 0)
      fail_unless_equals_uint64 (size, first_len);
    fail_unless (gst_buffer_memcmp (buf, 0, bad_data + (pos - (bad_end -
                    bad_len)), size) == 0);
    pos += size;
    n_bad++;
    g_clear_error (&err);
    gst_buffer_unref (buf);
  }
  fail_unless_equals_uint64 (pos, bad_end);
  if (first_len == bad_len)
    fail_unless_equals_int (n_bad, 1);
  fail_unless_equals_int (check_cuts (framer, s, BAD_AT + 1, G_MAXUINT),
      G_N_ELEMENTS (around_names) - BAD_AT);
  fail_unless (gst_im_framer_pop (framer, NULL) == NULL);

  gst_im_framer_free (framer);
  stream_free (s);
}

/* 64 bytes of 0xFF written into a scan, at positions swept through every
 * scan of a baseline and of a progressive JPEG: the FFs are fill bytes, and
 * the byte after them, an unstuffed marker code, must not make the framer
 * read a segment length that glues the next image on. The oracle is the
 * stream the test built and JPEG's syntax: the bad image ends at its EOI,
 * in one frame, unless the byte after the FFs is D9 (an EOI, where its
 * first frame ends) or D8 followed by FF (an SOI, where it is cut). */
GST_START_TEST (test_ff_run_in_scan)
{
  GBytes *victim = read_gen (victim_names[__i__]);
  gsize n = g_bytes_get_size (victim), r;
  const guint8 *orig = g_bytes_get_data (victim, NULL);
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (gsize));
  GRand *rand = g_rand_new_with_seed (64 + __i__);
  guint n_cases = 0;

  entropy_ranges (orig, n, ranges);
  for (r = 0; r < ranges->len; r += 2) {
    gsize start = g_array_index (ranges, gsize, r);
    gsize end = g_array_index (ranges, gsize, r + 1), q, step;

    if (end - start < 64 + 2)
      continue;
    step = MAX (1, (end - start - 64 - 1) / 60);
    for (q = start; q + 64 < end; q += step) {
      guint8 *data = g_memdup2 (orig, n);
      guint8 after = orig[q + 64];
      gsize first = n;
      GBytes *bad;

      memset (data + q, 0xff, 64);
      if (after == 0xd9)
        first = q + 65;
      else if (after == 0xd8 && orig[q + 65] == 0xff)
        first = q + 63;
      bad = g_bytes_new_take (data, n);
      check_bad_between_good (bad, first, rand, n_cases % 2 ? 0 : 700);
      g_bytes_unref (bad);
      n_cases++;
    }
  }
  fail_unless (n_cases >= 50, "only %u positions", n_cases);

  g_array_unref (ranges);
  g_bytes_unref (victim);
  g_rand_free (rand);
}

GST_END_TEST;

/* An image cut short inside a scan, then the next image: the next image's
 * SOI ends the short one wherever the cut fell. */
GST_START_TEST (test_truncated_in_scan)
{
  GBytes *victim = read_gen (victim_names[__i__]);
  gsize n = g_bytes_get_size (victim), r;
  const guint8 *orig = g_bytes_get_data (victim, NULL);
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (gsize));
  GRand *rand = g_rand_new_with_seed (32 + __i__);
  guint n_cases = 0;

  entropy_ranges (orig, n, ranges);
  for (r = 0; r < ranges->len; r += 2) {
    gsize start = g_array_index (ranges, gsize, r);
    gsize end = g_array_index (ranges, gsize, r + 1), q;

    for (q = start + 1; q < end; q += MAX (1, (end - start) / 40)) {
      GBytes *bad = g_bytes_new (orig, q);

      check_bad_between_good (bad, q, rand, n_cases % 2 ? 0 : 500);
      g_bytes_unref (bad);
      n_cases++;
    }
  }
  fail_unless (n_cases >= 40, "only %u positions", n_cases);

  g_array_unref (ranges);
  g_bytes_unref (victim);
  g_rand_free (rand);
}

GST_END_TEST;

/* FF xx with a segment length of 32512 after it, written into the middle
 * of a scan, for markers that may not appear there (and, in the baseline
 * image, whose one scan covers every component, for the segments that may
 * only come before a further scan): the bad image still ends at its own
 * EOI, in one frame. */
GST_START_TEST (test_invalid_marker_in_scan)
{
  static const guint8 codes[] = { 0x02, 0x50, 0xbf, 0xc0, 0xc2, 0xc4, 0xc8,
    0xcc, 0xd8, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xe1, 0xef, 0xf0, 0xfe
  };
  GBytes *victim = read_gen (victim_names[__i__]);
  gsize n = g_bytes_get_size (victim), start, end, q;
  const guint8 *orig = g_bytes_get_data (victim, NULL);
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (gsize));
  GRand *rand = g_rand_new_with_seed (16 + __i__);
  guint i;

  entropy_ranges (orig, n, ranges);
  start = g_array_index (ranges, gsize, 0);
  end = g_array_index (ranges, gsize, 1);
  fail_unless (end - start > 16);
  for (i = 0; i < G_N_ELEMENTS (codes); i++) {
    guint8 *data = g_memdup2 (orig, n);
    GBytes *bad;

    /* where the byte before is not a stuffed FF */
    for (q = start + (end - start) / 2; q > start && orig[q - 1] == 0xff;)
      q--;
    data[q] = 0xff;
    data[q + 1] = codes[i];
    data[q + 2] = 0x7f;
    data[q + 3] = 0x00;
    bad = g_bytes_new_take (data, n);
    check_bad_between_good (bad, n, rand, i % 2 ? 0 : 300);
    g_bytes_unref (bad);
  }

  g_array_unref (ranges);
  g_bytes_unref (victim);
  g_rand_free (rand);
}

GST_END_TEST;

/* The scan layouts jpegtran writes (restart markers, one scan per
 * component in a baseline frame, progressive with restarts, arithmetic
 * coding), with segments between scans: each is cut exactly out of a byte
 * stream. Skipped without jpegtran. */
GST_START_TEST (test_scan_layouts_cut_exactly)
{
  static const gchar *const layouts[][4] = {
    {"-restart", "1", NULL}, {"-scans", "SCANS", NULL},
    {"-progressive", "-restart", "2", NULL}, {"-arithmetic", NULL},
    {"-progressive", "-arithmetic", NULL},
  };
  gchar *src = g_build_filename (gen_dir, "jpeg_422_q90_640x480.jpg", NULL);
  gchar *scans = g_build_filename (gen_dir, "scans.txt", NULL);
  gchar *out = g_build_filename (gen_dir, "layout.jpg", NULL);
  gchar *jpegtran = g_find_program_in_path ("jpegtran");
  GBytes *png = read_gen ("png_rgb_7x3.png");
  GRand *rand = g_rand_new_with_seed (5);
  GstImFramer *framer = gst_im_framer_new ();
  Stream *s = stream_new ();
  guint i, round, got;

  if (jpegtran == NULL) {
    GST_INFO ("no jpegtran: skipped");
    goto done;
  }
  fail_unless (g_file_set_contents (scans, "0;\n1;\n2;\n", -1, NULL));
  for (i = 0; i < G_N_ELEMENTS (layouts); i++) {
    GPtrArray *argv = g_ptr_array_new ();
    gint status;
    guint a;
    GBytes *jpeg;

    g_ptr_array_add (argv, jpegtran);
    for (a = 0; layouts[i][a]; a++)
      g_ptr_array_add (argv, (gpointer) (g_str_equal (layouts[i][a],
                  "SCANS") ? scans : layouts[i][a]));
    g_ptr_array_add (argv, (gpointer) "-outfile");
    g_ptr_array_add (argv, out);
    g_ptr_array_add (argv, src);
    g_ptr_array_add (argv, NULL);
    fail_unless (g_spawn_sync (NULL, (gchar **) argv->pdata, NULL,
            G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
            NULL) && g_spawn_check_wait_status (status, NULL),
        "jpegtran layout %u failed", i);
    g_ptr_array_unref (argv);
    jpeg = im_test_read_bytes (out);
    stream_add (s, jpeg);
    stream_add (s, png);
    g_bytes_unref (jpeg);
  }
  g_remove (out);
  g_remove (scans);

  for (round = 0; round < 2; round++) {
    push_stream (framer, s, rand, 1, round == 0 ? 0 : 3000);
    gst_im_framer_drain (framer);
    got = check_cuts (framer, s, 0, G_MAXUINT);
    fail_unless_equals_int (got, s->images->len);
  }

done:
  gst_im_framer_free (framer);
  stream_free (s);
  g_bytes_unref (png);
  g_rand_free (rand);
  g_free (jpegtran);
  g_free (out);
  g_free (scans);
  g_free (src);
}

GST_END_TEST;

#define BIG_ZEROS (200 * 1024 * 1024)
#define MAX_PIXELS 1000000

/* FF D8 FF, then 200 MB of zeros (a sparse file), then @tail_name */
static gchar *
write_unterminated (const gchar * tail_name)
{
  static const guint8 soi[] = { 0xff, 0xd8, 0xff };
  gchar *path = g_build_filename (gen_dir, "unterminated.bin", NULL);
  GBytes *tail = tail_name ? read_gen (tail_name) : g_bytes_new (soi, 1);
  gsize tail_len = g_bytes_get_size (tail);
  FILE *f;

  fail_unless (im_test_make_sparse_file (path, sizeof (soi) + BIG_ZEROS));
  f = fopen (path, "r+b");
  fail_unless (f != NULL);
  fail_unless_equals_int (fwrite (soi, 1, sizeof (soi), f), sizeof (soi));
  fail_unless (fseek (f, 0, SEEK_END) == 0);
  fail_unless_equals_int (fwrite (g_bytes_get_data (tail, NULL), 1,
          tail_len, f), tail_len);
  fail_unless (fclose (f) == 0);
  g_bytes_unref (tail);
  return path;
}

static gint frames_out;

static void
count_frame (GstElement * sink, GstBuffer * buf, GstPad * pad, gpointer data)
{
  g_atomic_int_inc (&frames_out);
}

/* filesrc ! decoder-pool ! fakesink over the unterminated stream: the error
 * (fail) or warning (skip) comes at the limit, not at EOS, and the peak
 * RSS stays far below the 200 MB of the stream. */
GST_START_TEST (test_unterminated_stream_bounded)
{
  const gboolean skip = __i__ == 1;
  /* the limit decoder-pool documents: max-pixels x 8 + 32 MiB */
  const guint64 limit = (guint64) MAX_PIXELS * 8 + 32 * 1024 * 1024;
  gchar *path = write_unterminated (skip ? "jpeg_420_q85_7x3.jpg" : NULL);
  gchar *desc = g_strdup_printf ("filesrc name=src location=\"%s\" ! "
      "decoder-pool max-pixels=%u on-error=%s ! fakesink name=sink "
      "signal-handoffs=true", path, MAX_PIXELS, skip ? "skip" : "fail");
  GError *err = NULL;
  GstElement *pipe = gst_parse_launch (desc, &err), *src, *sink;
  GstBus *bus;
  GstMessage *msg;
  gchar *want;
  gint64 base_kb, peak_kb, pos = -1;
  /* VmHWM from here on; where the kernel cannot reset it, the peak so far,
   * which still bounds this test's from above */
  gboolean have_reset = im_test_reset_peak_rss (NULL);

  fail_unless (pipe != NULL && err == NULL, "%s: %s", desc,
      err ? err->message : "");
  bus = gst_element_get_bus (pipe);
  base_kb = im_test_status_kib ("VmRSS:");
  src = gst_bin_get_by_name (GST_BIN (pipe), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipe), "sink");
  frames_out = 0;
  g_signal_connect (sink, "handoff", G_CALLBACK (count_frame), NULL);
  fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);

  msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND, skip ?
      GST_MESSAGE_WARNING | GST_MESSAGE_ERROR : GST_MESSAGE_ERROR |
      GST_MESSAGE_EOS);
  fail_unless (msg != NULL, "no message");
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), skip ?
      GST_MESSAGE_WARNING : GST_MESSAGE_ERROR);
  if (skip)
    gst_message_parse_warning (msg, &err, NULL);
  else
    gst_message_parse_error (msg, &err, NULL);
  want = g_strdup_printf ("image at stream offset 0 does not end within %"
      G_GUINT64_FORMAT " bytes", limit);
  fail_unless (strstr (err->message, want) != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  g_free (want);

  if (skip) {
    /* the rest of the zeros is dropped silently; the JPEG after them is
     * decoded, and then the stream ends */
    msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND,
        GST_MESSAGE_WARNING | GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
    fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS,
        "%" GST_PTR_FORMAT, msg);
    gst_message_unref (msg);
    fail_unless_equals_int (g_atomic_int_get (&frames_out), 1);
  } else {
    /* the source stopped near the limit, long before the end */
    fail_unless (gst_element_query_position (src, GST_FORMAT_BYTES, &pos));
    fail_unless (pos > 0 && (guint64) pos < limit + 16 * 1024 * 1024,
        "read %" G_GINT64_FORMAT " bytes", pos);
    fail_unless_equals_int (g_atomic_int_get (&frames_out), 0);
  }

  peak_kb = im_test_status_kib ("VmHWM:");
  gst_element_set_state (pipe, GST_STATE_NULL);
  GST_INFO ("RSS %" G_GINT64_FORMAT " kB before, peak %" G_GINT64_FORMAT
      " kB (peak reset: %d)", base_kb, peak_kb, have_reset);
  if (RSS_MEANINGFUL) {
    fail_unless (base_kb > 0 && peak_kb > 0, "no VmRSS or VmHWM");
    fail_unless (peak_kb - base_kb < 150 * 1024, "peak RSS grew by %"
        G_GINT64_FORMAT " kB", peak_kb - base_kb);
  }

  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  g_remove (path);
  g_free (path);
  g_free (desc);
}

GST_END_TEST;

/* ---- MPF secondary images ---- */

/* Pushes @s four ways (whole, pieces of 1..16 and 100..5000 bytes, and
 * @parts, each its own buffer: the fast path) and checks the cuts. */
static void
check_four_ways (GstImFramer * framer, Stream * s, GBytes ** parts,
    guint n_parts, GRand * rand)
{
  guint round, i;

  for (round = 0; round < 4; round++) {
    gsize pos = 0;
    guint got;

    if (round < 3)
      push_stream (framer, s, rand, round == 1 ? 1 : 100, round == 0 ? 0 :
          round == 1 ? 16 : 5000);
    for (i = 0; round == 3 && i < n_parts; i++) {
      GstBuffer *buf = gst_buffer_new_wrapped_bytes (parts[i]);

      GST_BUFFER_OFFSET (buf) = pos;
      pos += g_bytes_get_size (parts[i]);
      gst_im_framer_push (framer, buf);
    }
    got = check_cuts (framer, s, 0, G_MAXUINT);
    gst_im_framer_drain (framer);
    got += check_cuts (framer, s, got, G_MAXUINT);
    fail_unless_equals_int (got, s->images->len);
    gst_im_framer_clear (framer);
  }
}

/* Appends @bytes to @s and to @parts: a frame marked @mark, or bytes no
 * frame holds where @mark is -1. */
static void
add_part (Stream * s, GBytes ** parts, guint * n_parts, GBytes * bytes,
    gint mark)
{
  if (mark < 0)
    stream_hide (s, bytes);
  else
    stream_add_marked (s, bytes, mark);
  parts[(*n_parts)++] = bytes;
}

static void
mpf_unref (GBytes * a, GBytes * b, GBytes * c, GBytes * d, GBytes * e)
{
  g_bytes_unref (a);
  g_bytes_unref (b);
  g_bytes_unref (c);
  g_bytes_unref (d);
  g_bytes_unref (e);
}

static const struct
{
  GstImSecondaryImages mode;
  gsize gap;
  gboolean big_endian;
} mpf_runs[] = {
  {GST_IM_SECONDARY_IMAGES_DROP, 0, FALSE},
  {GST_IM_SECONDARY_IMAGES_DROP, 7, FALSE},
  {GST_IM_SECONDARY_IMAGES_EMIT, 0, FALSE},
  {GST_IM_SECONDARY_IMAGES_DROP, 0, TRUE},
  {GST_IM_SECONDARY_IMAGES_EMIT, 0, TRUE},
};

/* JPEG, primary + 2 secondary images, JPEG: drop gives the primary alone
 * (the gap before the first secondary dropped with it), emit the
 * secondary images marked 1 and 2; an index in either byte order. */
GST_START_TEST (test_mpf_secondary_images)
{
  GBytes *jpeg = read_gen ("jpeg_420_q85_7x3.jpg");
  GBytes *s1 = read_gen ("jpeg_gray_q90_1x1.jpg");
  GBytes *s2 = read_gen ("jpeg_444_progressive_q85_333x257.jpg");
  GBytes *other = read_gen ("jpeg_444_q90_7x3.jpg"), *primary, *gap;
  gboolean emit = mpf_runs[__i__].mode == GST_IM_SECONDARY_IMAGES_EMIT;
  ImTestMpfIndex idx = im_test_mpf_index (jpeg, mpf_runs[__i__].gap, s1,
      s2);
  GstImFramer *framer = gst_im_framer_new ();
  GRand *rand = g_rand_new_with_seed (11);
  Stream *s = stream_new ();
  GBytes *parts[6];
  guint n = 0;

  idx.be = mpf_runs[__i__].big_endian;
  primary = im_test_mpf_primary (jpeg, &idx);
  gap = g_bytes_new_static ("\0\0\0\0\0\0\0", mpf_runs[__i__].gap);
  gst_im_framer_set_secondary_images (framer, mpf_runs[__i__].mode);
  add_part (s, parts, &n, other, 0);
  add_part (s, parts, &n, primary, 0);
  add_part (s, parts, &n, gap, -1);
  add_part (s, parts, &n, s1, emit ? 1 : -1);
  add_part (s, parts, &n, s2, emit ? 2 : -1);
  add_part (s, parts, &n, other, 0);
  check_four_ways (framer, s, parts, n, rand);

  gst_im_framer_free (framer);
  stream_free (s);
  g_rand_free (rand);
  g_bytes_unref (gap);
  mpf_unref (jpeg, s1, s2, other, primary);
}

GST_END_TEST;

static const gchar *const bad_index_names[] = {
  "an image inside the primary", "image 2 overlapping image 1",
  "images out of order", "an image past the end", "an offset one byte off",
  "a size too small", "a size that swallows the next image",
  "a first entry that is not the primary", "a huge count",
  "more entries than the segment holds", "NumberOfImages not the count",
  "entries outside the segment", "an IFD outside the segment",
  "the IFD at the TIFF header", "an absurd size", "size 0",
};

/* Sets one field of @idx wrong, as bad_index_names[@which] says. */
static void
spoil (ImTestMpfIndex * idx, guint which)
{
  guint32 first = idx->offset[1];

  switch (which) {
    case 0:
      idx->offset[1] = 4;
      break;
    case 1:
      idx->offset[2] = first + 1;
      break;
    case 2:
      idx->offset[1] = idx->offset[2];
      idx->offset[2] = first;
      break;
    case 3:                    /* both past the end */
      idx->offset[2] += (1 << 20) - first;
      idx->offset[1] = 1 << 20;
      break;
    case 4:                    /* image 2 moved with it */
      idx->offset[1]++;
      idx->offset[2]++;
      break;
    case 5:
      idx->size[1] = 10;
      break;
    case 6:                    /* image 2 then at the next file */
      idx->size[1] += idx->size[2];
      idx->offset[2] = first + idx->size[1];
      break;
    case 7:
      idx->offset[0] = 5;
      break;
    case 8:
      idx->count = idx->number = 100000;
      break;
    case 9:
      idx->count = idx->number = 40;
      break;
    case 10:
      idx->number = 2;
      break;
    case 11:
      idx->entries_at = 0xfffffff0;
      break;
    case 12:
      idx->ifd = 0x7fffffff;
      break;
    case 13:
      idx->ifd = 0;
      break;
    case 14:
      idx->size[1] = G_MAXUINT32;
      break;
    default:
      idx->size[1] = 0;
      break;
  }
}

/* An index that is wrong is ignored, when it is read or where the stream
 * does not match it: every image is framed as if it were not there (plain
 * concatenation), none marked, in either mode. */
GST_START_TEST (test_mpf_bad_index)
{
  GBytes *jpeg = read_gen ("jpeg_420_q85_7x3.jpg");
  GBytes *s1 = read_gen ("jpeg_gray_q90_1x1.jpg");
  GBytes *s2 = read_gen ("jpeg_444_progressive_q85_333x257.jpg");
  GBytes *other = read_gen ("jpeg_444_q90_7x3.jpg"), *primary;
  ImTestMpfIndex idx = im_test_mpf_index (jpeg, 0, s1, s2);
  GstImFramer *framer = gst_im_framer_new ();
  GRand *rand = g_rand_new_with_seed (12);
  Stream *s = stream_new ();
  GBytes *parts[4];
  guint mode, n = 0;

  GST_INFO ("index with %s", bad_index_names[__i__]);
  spoil (&idx, __i__);
  primary = im_test_mpf_primary (jpeg, &idx);
  add_part (s, parts, &n, primary, 0);
  add_part (s, parts, &n, s1, 0);
  add_part (s, parts, &n, s2, 0);
  add_part (s, parts, &n, other, 0);
  for (mode = 0; mode < 2; mode++) {
    gst_im_framer_set_secondary_images (framer, mode);
    check_four_ways (framer, s, parts, n, rand);
  }

  gst_im_framer_free (framer);
  stream_free (s);
  g_rand_free (rand);
  mpf_unref (jpeg, s1, s2, other, primary);
}

GST_END_TEST;

/* The image number of a secondary image survives a copy (the meta's
 * transform) and is named in messages. */
GST_START_TEST (test_source_meta_image)
{
  GstBuffer *buf = gst_buffer_new (), *copy;
  GstImSourceMeta *meta;
  gchar *what;
  guint image = 0;

  fail_if (gst_im_source_meta_get_image (buf, &image));
  meta = gst_buffer_add_im_source_meta (buf, "photo.jpg", 3, 0);
  meta->image = 2;
  copy = gst_buffer_copy (buf);
  fail_unless (gst_im_source_meta_get_image (copy, &image));
  fail_unless_equals_int (image, 2);
  what = gst_im_describe_buffer (copy);
  fail_unless_equals_string (what, "\"photo.jpg\" (item 3, image 2 of its "
      "file)");
  g_free (what);
  gst_buffer_unref (copy);
  gst_buffer_unref (buf);
}

GST_END_TEST;

static void
setup (void)
{
  gen_dir = im_test_generate ("tests", NULL);
}

static void
teardown (void)
{
  im_test_remove_dir (g_steal_pointer (&gen_dir));
}

static Suite *
framer_suite (void)
{
  Suite *s = suite_create ("framer");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_unchecked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_many_small_images);
  tcase_add_test (tc, test_limit_resyncs);
  tcase_add_loop_test (tc, test_ff_run_in_scan, 0,
      G_N_ELEMENTS (victim_names));
  tcase_add_loop_test (tc, test_truncated_in_scan, 0,
      G_N_ELEMENTS (victim_names));
  tcase_add_loop_test (tc, test_invalid_marker_in_scan, 0,
      G_N_ELEMENTS (victim_names));
  tcase_add_test (tc, test_scan_layouts_cut_exactly);
  tcase_add_loop_test (tc, test_unterminated_stream_bounded, 0, 2);
  tcase_add_loop_test (tc, test_mpf_secondary_images, 0,
      G_N_ELEMENTS (mpf_runs));
  tcase_add_test (tc, test_source_meta_image);
  tcase_add_loop_test (tc, test_mpf_bad_index, 0,
      G_N_ELEMENTS (bad_index_names));
  return s;
}

GST_CHECK_MAIN (framer);
