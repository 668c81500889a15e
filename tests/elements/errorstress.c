/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Errors at every point of a stream, then shutdown: `filesrc ! decoder-pool
 * ! fakesink` over a file of concatenated JPEGs with one bad image first,
 * in the middle, last (truncated, so the framer only lets it go at EOS), or
 * in the middle with a flushing seek racing the error. Each run waits for
 * the error or EOS and sets the pipeline to NULL, as gst-launch does, under
 * both on-error policies; a watchdog thread fails the test if a run never
 * ends. The oracle is the file the test wrote: at which byte each good
 * image and the bad one start. Under skip every good image must come out,
 * those after the bad one too, each once and in order (frames carry the
 * stream offset of their image).
 */
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include "imtest.h"

#define N_IMAGES 6
#define RUNS_PER_CASE 400
#define WATCHDOG_SECONDS 60

typedef enum
{
  BAD_FIRST,
  BAD_MIDDLE,
  BAD_AT_EOS,
  BAD_DURING_FLUSH,
  N_KINDS
} BadKind;

static const gchar *kind_names[] = { "first", "middle", "at-eos",
  "during-flush"
};

static gchar *gen_dir;
static gchar *stream_path[N_KINDS];
static gsize bad_offset[N_KINDS];       /* where the bad image starts */
static guint bad_index[N_KINDS];
/* where each good image starts, in stream order */
static guint64 good_offsets[N_KINDS][N_IMAGES - 1];

/* ---- watchdog ---- */

static GMutex watch_lock;
static GCond watch_cond;
static gint64 watch_deadline;   /* 0: no run in progress */
static gchar *watch_what;
static gboolean watch_quit;

static gpointer
watchdog (gpointer unused)
{
  g_mutex_lock (&watch_lock);
  while (!watch_quit) {
    if (watch_deadline == 0) {
      g_cond_wait (&watch_cond, &watch_lock);
    } else if (!g_cond_wait_until (&watch_cond, &watch_lock, watch_deadline)
        && watch_deadline != 0 && g_get_monotonic_time () >= watch_deadline) {
      /* a hang: the stack of every thread is what a person needs now */
      g_printerr ("watchdog: %s did not end within %d s\n", watch_what,
          WATCHDOG_SECONDS);
      abort ();
    }
  }
  g_mutex_unlock (&watch_lock);
  return NULL;
}

/* Per test, not in the fixture: a forked test does not inherit threads. */
static GThread *
watch_start (void)
{
  watch_quit = FALSE;
  return g_thread_new ("watchdog", watchdog, NULL);
}

static void
watch_stop (GThread * thread)
{
  g_mutex_lock (&watch_lock);
  watch_quit = TRUE;
  g_cond_signal (&watch_cond);
  g_mutex_unlock (&watch_lock);
  g_thread_join (thread);
  g_clear_pointer (&watch_what, g_free);
}

static void
watch_begin (gchar * what)
{
  g_mutex_lock (&watch_lock);
  g_free (watch_what);
  watch_what = what;
  watch_deadline = g_get_monotonic_time () + WATCHDOG_SECONDS * G_USEC_PER_SEC;
  g_cond_signal (&watch_cond);
  g_mutex_unlock (&watch_lock);
}

static void
watch_end (void)
{
  g_mutex_lock (&watch_lock);
  watch_deadline = 0;
  g_cond_signal (&watch_cond);
  g_mutex_unlock (&watch_lock);
}

/* ---- the streams ---- */

/* A good JPEG made bad as the hang report did: 64 bytes of 0xFF in the
 * middle of its scan; @truncate also cuts it at three quarters. */
static GBytes *
corrupt_jpeg (const gchar * path, gboolean truncate)
{
  gsize len, i, scan = 0, mid;
  gchar *data = g_bytes_unref_to_data (im_test_read_bytes (path), &len);

  for (i = 2; i + 3 < len && scan == 0; i++)
    if ((guint8) data[i] == 0xff && (guint8) data[i + 1] == 0xda)
      scan = i + 2 + (((guint8) data[i + 2] << 8) | (guint8) data[i + 3]);
  fail_unless (scan > 0 && scan + 128 < len, "%s: no scan to corrupt", path);
  mid = scan + (len - 2 - scan) / 2;
  memset (data + mid, 0xff, 64);
  if (truncate)
    len = len * 3 / 4;
  return g_bytes_new_take (data, len);
}

static void
write_streams (void)
{
  GPtrArray *jpegs = im_test_list_files (gen_dir, ".jpg");
  const gchar *good[N_IMAGES];
  guint kind, i, n_good = 0;

  /* small baseline images, so that runs are short */
  for (i = 0; i < jpegs->len && n_good < N_IMAGES; i++) {
    const gchar *path = g_ptr_array_index (jpegs, i);

    if (strstr (path, "333x257") && !strstr (path, "progressive"))
      good[n_good++] = path;
  }
  fail_unless_equals_int (n_good, N_IMAGES);

  for (kind = 0; kind < N_KINDS; kind++) {
    GByteArray *stream = g_byte_array_new ();

    bad_index[kind] = kind == BAD_FIRST ? 0 : kind == BAD_AT_EOS ?
        N_IMAGES - 1 : N_IMAGES / 2;
    for (i = 0; i < N_IMAGES; i++) {
      GBytes *bytes;

      if (i == bad_index[kind]) {
        bad_offset[kind] = stream->len;
        bytes = corrupt_jpeg (good[i], kind == BAD_AT_EOS);
      } else {
        good_offsets[kind][i - (i > bad_index[kind])] = stream->len;
        bytes = im_test_read_bytes (good[i]);
      }
      g_byte_array_append (stream, g_bytes_get_data (bytes, NULL),
          g_bytes_get_size (bytes));
      g_bytes_unref (bytes);
    }
    stream_path[kind] = g_strdup_printf ("%s/stream-%s.jpeg", gen_dir,
        kind_names[kind]);
    im_test_write_file (stream_path[kind], (const gchar *) stream->data,
        stream->len);
    g_byte_array_unref (stream);
  }
  g_ptr_array_unref (jpegs);
}

/* ---- one run ---- */

/* The stream offsets of the frames that came out, in order. */
typedef struct
{
  GMutex lock;
  GArray *offsets;              /* of guint64 */
} Frames;

static void
record_frame (GstElement * sink, GstBuffer * buf, GstPad * pad,
    Frames * frames)
{
  guint64 offset = GST_BUFFER_OFFSET (buf);

  g_mutex_lock (&frames->lock);
  g_array_append_val (frames->offsets, offset);
  g_mutex_unlock (&frames->lock);
}

/* TRUE when @got[@from ..] starts with the first @n good images of @kind */
static gboolean
has_good_run (BadKind kind, const GArray * got, guint from, guint n)
{
  guint i;

  if (from + n > got->len)
    return FALSE;
  for (i = 0; i < n; i++)
    if (g_array_index (got, guint64, from + i) != good_offsets[kind][i])
      return FALSE;
  return TRUE;
}

/* "frame offsets: a, b, c" for a failure message */
static gchar *
describe (const GArray * got)
{
  GString *s = g_string_new ("frame offsets:");
  guint i;

  for (i = 0; i < got->len; i++)
    g_string_append_printf (s, " %" G_GUINT64_FORMAT,
        g_array_index (got, guint64, i));
  return g_string_free (s, FALSE);
}

/* Every frame of a run that ended: under skip, every good image in order,
 * and after a flushing seek (which sends the stream again from its start)
 * some of them, then every one; under fail, the good images before the bad
 * one, or some of them. */
static void
check_frames (BadKind kind, gboolean skip, Frames * frames)
{
  guint n_before = bad_index[kind], from;
  gboolean ok = FALSE;
  GArray *got;
  gchar *what;

  g_mutex_lock (&frames->lock);
  got = g_array_copy (frames->offsets);
  g_mutex_unlock (&frames->lock);

  if (kind != BAD_DURING_FLUSH) {
    ok = skip ? got->len == N_IMAGES - 1 && has_good_run (kind, got, 0,
        N_IMAGES - 1) : got->len <= n_before && has_good_run (kind, got, 0,
        got->len);
  } else if (!skip) {
    /* some of the first pass, then some of the second */
    for (from = 0; from <= got->len && !ok; from++)
      ok = has_good_run (kind, got, 0, from) && from <= n_before &&
          got->len - from <= n_before && has_good_run (kind, got, from,
          got->len - from);
  } else {
    /* the EOS that ended the run ended a whole pass; a pass the seek
     * started after it may be under way */
    for (from = 0; from + N_IMAGES - 1 <= got->len && !ok; from++)
      ok = has_good_run (kind, got, 0, from) && has_good_run (kind, got,
          from, N_IMAGES - 1) && has_good_run (kind, got,
          from + N_IMAGES - 1, got->len - from - (N_IMAGES - 1));
  }
  what = describe (got);
  fail_unless (ok, "bad image %s at %" G_GSIZE_FORMAT ", on-error=%s: %s",
      kind_names[kind], bad_offset[kind], skip ? "skip" : "fail", what);
  g_free (what);
  g_array_unref (got);
}

/* The error or EOS that ends the run; warnings before it are counted (a
 * filtered pop would drop them). */
static GstMessage *
wait_for_end (GstBus * bus, guint * n_warnings)
{
  GstMessage *msg;

  *n_warnings = 0;
  while ((msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
              GST_MESSAGE_ERROR | GST_MESSAGE_EOS | GST_MESSAGE_WARNING)) &&
      GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
    (*n_warnings)++;
    gst_message_unref (msg);
  }
  return msg;
}

static void
run_once (BadKind kind, GstImOnError on_error, guint run)
{
  gboolean skip = on_error == GST_IM_ON_ERROR_SKIP;
  /* vary what the race depends on: block size, workers, in-flight bound */
  guint blocksize = run % 3 == 0 ? 4096 : run % 3 == 1 ? 1000 : 1 << 20;
  guint workers = 1 + run % 4, max_in_flight = run % 5;
  gchar *launch = g_strdup_printf ("filesrc location=\"%s\" blocksize=%u ! "
      "decoder-pool name=dec workers=%u max-in-flight=%u on-error=%s ! "
      "fakesink name=sink sync=false signal-handoffs=true", stream_path[kind],
      blocksize, workers, max_in_flight, skip ? "skip" : "fail");
  GstElement *pipeline, *dec, *sink;
  GstMessage *msg;
  GError *err = NULL;
  GstBus *bus;
  Frames frames;
  guint n_warnings;

  watch_begin (g_strdup_printf ("run %u, bad image %s, on-error=%s: %s",
          run, kind_names[kind], skip ? "skip" : "fail", launch));
  pipeline = gst_parse_launch (launch, &err);
  fail_unless (pipeline != NULL, "%s", err ? err->message : "");
  dec = gst_bin_get_by_name (GST_BIN (pipeline), "dec");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_mutex_init (&frames.lock);
  frames.offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (sink, "handoff", G_CALLBACK (record_frame), &frames);
  bus = gst_element_get_bus (pipeline);

  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  if (kind == BAD_DURING_FLUSH) {
    /* restart from the first byte while images, maybe the bad one, are in
     * flight or being reported */
    g_usleep (g_random_int_range (0, 4000));
    gst_element_seek_simple (pipeline, GST_FORMAT_BYTES,
        GST_SEEK_FLAG_FLUSH, 0);
  }

  msg = wait_for_end (bus, &n_warnings);
  fail_unless (msg != NULL);
  if (skip) {
    fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
    fail_unless (n_warnings >= 1, "no warning for the bad image");
  } else {
    gchar *where = g_strdup_printf ("offset %" G_GSIZE_FORMAT,
        bad_offset[kind]);

    fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_ERROR);
    fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (dec),
        "first error from %s", GST_MESSAGE_SRC_NAME (msg));
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (strstr (err->message, where) != NULL,
        "error does not name the bad image at %s: %s", where, err->message);
    g_clear_error (&err);
    g_free (where);
  }
  gst_message_unref (msg);
  check_frames (kind, skip, &frames);

  fail_if (gst_element_set_state (pipeline, GST_STATE_NULL) ==
      GST_STATE_CHANGE_FAILURE);
  watch_end ();
  g_array_unref (frames.offsets);
  g_mutex_clear (&frames.lock);

  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (dec);
  gst_object_unref (pipeline);
  g_free (launch);
}

GST_START_TEST (test_error_then_shutdown)
{
  BadKind kind = __i__ % N_KINDS;
  GstImOnError on_error = __i__ / N_KINDS ? GST_IM_ON_ERROR_SKIP :
      GST_IM_ON_ERROR_FAIL;
  GThread *watch = watch_start ();
  guint run;

  for (run = 0; run < RUNS_PER_CASE; run++)
    run_once (kind, on_error, run);
  watch_stop (watch);
}

GST_END_TEST;

/* ---- suite ---- */

static void
setup_all (void)
{
  gen_dir = im_test_generate ("tests", NULL);
  write_streams ();
}

static void
teardown_all (void)
{
  guint kind;

  for (kind = 0; kind < N_KINDS; kind++)
    g_clear_pointer (&stream_path[kind], g_free);
  im_test_remove_dir (gen_dir);
}

static Suite *
errorstress_suite (void)
{
  Suite *s = suite_create ("errorstress");
  TCase *tc = tcase_create ("general");

  tcase_add_unchecked_fixture (tc, setup_all, teardown_all);
  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_error_then_shutdown, 0, 2 * N_KINDS);
  return s;
}

GST_CHECK_MAIN (errorstress);
