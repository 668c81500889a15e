/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Whole-file reads and the ordered read-ahead queue, against files the test
 * wrote into a temporary folder: bytes compared with what was written,
 * order with the order the files were handed out, for any number of reader
 * threads.
 */
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimfileread.h>
#include "imtest.h"

#define N_FILES 40

#if defined (__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined (__has_feature)
#if __has_feature (address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifdef UNDER_ASAN
const char *__asan_default_options (void);

/* A huge allocation returns NULL, as malloc does without ASan, instead of
 * ASan reporting it and aborting: the reader must survive that. */
const char *
__asan_default_options (void)
{
  return "allocator_may_return_null=1:max_allocation_size_mb=8192";
}
#endif

static gchar *dir;
static gchar *paths[N_FILES];

/* file i holds i * 997 bytes of a pattern that depends on i ("" for 0) */
static gsize
size_of (guint i)
{
  return i * 997;
}

static void
fill (guint8 * data, guint i)
{
  gsize k;

  for (k = 0; k < size_of (i); k++)
    data[k] = (guint8) (k * 31 + i);
}

static void
setup (void)
{
  guint i;

  dir = im_test_make_tmp_dir ("imagemill-fileread-XXXXXX");
  for (i = 0; i < N_FILES; i++) {
    gchar *name = g_strdup_printf ("f%02u.bin", i);
    guint8 *data = g_malloc (size_of (i) + 1);

    fill (data, i);
    paths[i] = g_build_filename (dir, name, NULL);
    im_test_write_file (paths[i], (gchar *) data, size_of (i));
    g_free (data);
    g_free (name);
  }
}

static void
teardown (void)
{
  guint i;

  im_test_remove_dir (g_steal_pointer (&dir));
  for (i = 0; i < N_FILES; i++)
    g_clear_pointer (&paths[i], g_free);
}

static void
assert_file_bytes (GstBuffer * buf, guint i)
{
  guint8 *want = g_malloc (size_of (i) + 1);

  fill (want, i);
  fail_unless_equals_int (gst_buffer_get_size (buf), size_of (i));
  fail_unless (gst_buffer_memcmp (buf, 0, want, size_of (i)) == 0,
      "file %u differs", i);
  g_free (want);
}

/* ---- reader ---- */

GST_START_TEST (test_read_whole_files)
{
  GstImFileReader *reader = gst_im_file_reader_new (4);
  GstBuffer *kept[N_FILES];
  guint i;

  for (i = 0; i < N_FILES; i++) {
    GError *err = NULL;

    kept[i] = gst_im_file_reader_read (reader, paths[i], &err);
    fail_unless (kept[i] != NULL, "%s", err ? err->message : "");
    assert_file_bytes (kept[i], i);
  }
  /* buffers outlive their reader */
  gst_im_file_reader_free (reader);
  for (i = 0; i < N_FILES; i++) {
    assert_file_bytes (kept[i], i);
    gst_buffer_unref (kept[i]);
  }
}

GST_END_TEST;

GST_START_TEST (test_read_recycles_memory)
{
  GstImFileReader *reader = gst_im_file_reader_new (1);
  GstBuffer *buf = gst_im_file_reader_read (reader, paths[20], NULL);
  GstMapInfo map;
  gpointer first;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  first = map.data;
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);

  /* a smaller file goes into the block the first one gave back */
  buf = gst_im_file_reader_read (reader, paths[3], NULL);
  assert_file_bytes (buf, 3);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  fail_unless (map.data == first, "memory not recycled");
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  gst_im_file_reader_free (reader);
}

GST_END_TEST;

GST_START_TEST (test_read_errors)
{
  GstImFileReader *reader = gst_im_file_reader_new (2);
  gchar *missing = g_build_filename (dir, "missing.bin", NULL);
  gchar *fifo = g_build_filename (dir, "fifo.bin", NULL);
  GError *err = NULL;

  fail_if (gst_im_file_reader_read (reader, missing, &err));
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_NOT_FOUND));
  fail_unless (strstr (err->message, missing) != NULL, "%s", err->message);
  g_clear_error (&err);

  /* neither blocks waiting for a writer nor reads for ever */
  fail_unless (mkfifo (fifo, 0644) == 0);
  fail_if (gst_im_file_reader_read (reader, fifo, &err));
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_READ));
  fail_unless (strstr (err->message, fifo) != NULL, "%s", err->message);
  g_clear_error (&err);
  fail_if (gst_im_file_reader_read (reader, dir, &err));
  fail_unless (err && strstr (err->message, dir) != NULL);
  g_clear_error (&err);

  g_free (fifo);
  g_free (missing);
  gst_im_file_reader_free (reader);
}

GST_END_TEST;

/* the limit is checked against the size the test wrote: a file of exactly
 * the limit is read whole, one byte more fails naming the file and the
 * limit */
GST_START_TEST (test_read_max_file_bytes)
{
  GstImFileReader *reader = gst_im_file_reader_new (2);
  gchar *limit = g_strdup_printf ("%" G_GSIZE_FORMAT, size_of (20));
  GstBuffer *buf;
  GError *err = NULL;
  guint i;

  gst_im_file_reader_set_max_file_bytes (reader, size_of (20));
  for (i = 19; i <= 21; i++) {
    buf = gst_im_file_reader_read (reader, paths[i], &err);
    if (i <= 20) {
      fail_unless (buf != NULL, "%s", err ? err->message : "");
      assert_file_bytes (buf, i);
      gst_buffer_unref (buf);
      continue;
    }
    fail_unless (buf == NULL);
    fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
            GST_RESOURCE_ERROR_READ));
    fail_unless (strstr (err->message, paths[i]) != NULL, "%s", err->message);
    fail_unless (strstr (err->message, limit) != NULL, "%s", err->message);
    g_clear_error (&err);
  }

  /* 0: no limit */
  gst_im_file_reader_set_max_file_bytes (reader, 0);
  buf = gst_im_file_reader_read (reader, paths[N_FILES - 1], &err);
  fail_unless (buf != NULL, "%s", err ? err->message : "");
  assert_file_bytes (buf, N_FILES - 1);
  gst_buffer_unref (buf);
  gst_im_file_reader_free (reader);
  g_free (limit);
}

GST_END_TEST;

/* A sparse file far bigger than memory (no disk used): over the limit it
 * fails before anything is allocated; with no limit, its allocation fails
 * and the read reports it instead of aborting the process. */
GST_START_TEST (test_read_huge_file)
{
  GstImFileReader *reader = gst_im_file_reader_new (2);
  gchar *huge = g_build_filename (dir, "huge.jpg", NULL);
  const guint64 size = G_GUINT64_CONSTANT (2) << 40;   /* 2 TiB */
  gchar *size_str = g_strdup_printf ("%" G_GUINT64_FORMAT, size);
  GError *err = NULL;
#ifndef UNDER_ASAN
  struct rlimit old, limited;
#endif

  if (!im_test_make_sparse_file (huge, size))
    goto done;

  gst_im_file_reader_set_max_file_bytes (reader, 1 << 30);
  fail_if (gst_im_file_reader_read (reader, huge, &err));
  fail_unless (err && strstr (err->message, huge), "%s",
      err ? err->message : "");
  fail_unless (strstr (err->message, size_str) != NULL, "%s", err->message);
  fail_unless (strstr (err->message, "1073741824") != NULL, "%s",
      err->message);
  g_clear_error (&err);

#ifndef UNDER_ASAN
  /* so that the allocation fails wherever memory is overcommitted */
  fail_unless (getrlimit (RLIMIT_AS, &old) == 0);
  limited = old;
  limited.rlim_cur = MIN (old.rlim_max, (rlim_t) 16 << 30);
  fail_unless (setrlimit (RLIMIT_AS, &limited) == 0);
#endif
  gst_im_file_reader_set_max_file_bytes (reader, 0);
  fail_if (gst_im_file_reader_read (reader, huge, &err));
#ifndef UNDER_ASAN
  fail_unless (setrlimit (RLIMIT_AS, &old) == 0);
#endif
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_READ));
  fail_unless (strstr (err->message, huge) != NULL, "%s", err->message);
  fail_unless (strstr (err->message, "memory") != NULL, "%s", err->message);
  g_clear_error (&err);

done:
  g_remove (huge);
  g_free (size_str);
  g_free (huge);
  gst_im_file_reader_free (reader);
}

GST_END_TEST;

/* ---- queue ---- */

typedef struct
{
  guint next, n;
  gboolean with_missing;        /* hand out a missing file as item 7 */
  /* the limits to check, and what was seen of them */
  guint max_files;
  guint64 max_bytes;
  guint popped;                 /* pops that have returned */
  guint most_ahead;
} Source;

/* Files handed out after the one being popped and not popped yet are all
 * in the queue: at most max_files - 1 besides the one being popped (one
 * when reading on the popping thread), and together within max_bytes
 * unless the last one came in when the others held no bytes (an item
 * bigger than the limit must still pass; a missing file holds none).
 * Checked each time the queue takes the next file, so at its fullest. */
static void
check_limits (Source * src)
{
  guint64 bytes = 0, before_last = 0;
  guint i, ahead = 0;

  /* a missing file holds no memory: it is charged nothing */
  for (i = src->popped + 1; i < src->next; i++, ahead++) {
    before_last = bytes;
    if (!(src->with_missing && i == 7))
      bytes += size_of (i);
  }
  fail_unless (ahead < MAX (src->max_files, 1), "%u files ahead, max-files %u",
      ahead, src->max_files);
  fail_unless (src->max_bytes == 0 || before_last == 0
      || bytes <= src->max_bytes,
      "%u files of %" G_GUINT64_FORMAT " bytes ahead, max-bytes %"
      G_GUINT64_FORMAT, ahead, bytes, src->max_bytes);
  src->most_ahead = MAX (src->most_ahead, ahead);
}

static gchar *
next_file (gpointer user_data, guint64 * size, gpointer * item)
{
  Source *src = user_data;
  guint i;

  if (src->next == src->n)
    return NULL;
  check_limits (src);
  i = src->next++;
  *size = size_of (i);
  *item = GUINT_TO_POINTER (i + 1);
  if (src->with_missing && i == 7)
    return g_build_filename (dir, "missing.bin", NULL);
  return g_strdup (paths[i]);
}

static const struct
{
  guint max_files;
  guint64 max_bytes;
} queue_cases[] = {
  {0, 0}, {1, 0}, {3, 0}, {16, 0}, {16, 5000}, {64, 1},
};

GST_START_TEST (test_queue_in_order)
{
  Source src = { 0, N_FILES, TRUE, queue_cases[__i__].max_files,
    queue_cases[__i__].max_bytes
  };
  GstImFileQueue *queue = gst_im_file_queue_new (src.max_files, next_file,
      &src, NULL);
  guint i;

  fail_unless (queue != NULL);
  gst_im_file_queue_set_max_bytes (queue, src.max_bytes);
  for (i = 0; i < N_FILES; i++, src.popped++) {
    GstBuffer *buf = NULL;
    gpointer item = NULL;
    GError *err = NULL;

    fail_unless_equals_int (gst_im_file_queue_pop (queue, &item, &buf, &err),
        GST_FLOW_OK);
    fail_unless_equals_int (GPOINTER_TO_UINT (item), i + 1);
    if (i == 7) {
      /* the error belongs to its file; the queue goes on */
      fail_unless (buf == NULL);
      fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
              GST_RESOURCE_ERROR_NOT_FOUND));
      g_clear_error (&err);
      continue;
    }
    fail_unless (err == NULL, "%s", err ? err->message : "");
    assert_file_bytes (buf, i);
    gst_buffer_unref (buf);
  }
  for (i = 0; i < 2; i++) {
    GstBuffer *buf = NULL;
    gpointer item = NULL;

    fail_unless_equals_int (gst_im_file_queue_pop (queue, &item, &buf, NULL),
        GST_FLOW_EOS);
  }
  /* the limits were reached, not just never approached: with reader
   * threads the queue reads ahead; the byte limit holds it well below its
   * file count (5000 bytes: at most 5 of these files, fewer after item 2) */
  if (src.max_files > 1 && src.max_bytes == 0)
    fail_unless (src.most_ahead >= src.max_files - 2, "at most %u ahead",
        src.most_ahead);
  if (src.max_files > 1 && src.max_bytes)
    fail_unless (src.most_ahead >= 1 && src.most_ahead <= 5,
        "at most %u ahead", src.most_ahead);
  gst_im_file_queue_free (queue);
}

GST_END_TEST;

GST_START_TEST (test_queue_flushing)
{
  /* no limits checked: this test pops without counting */
  Source src = { 0, N_FILES, FALSE, G_MAXUINT, 0 };
  GstImFileQueue *queue = gst_im_file_queue_new (4, next_file, &src, NULL);
  GstBuffer *buf = NULL;
  gpointer item = NULL;

  fail_unless_equals_int (gst_im_file_queue_pop (queue, &item, &buf, NULL),
      GST_FLOW_OK);
  fail_unless_equals_int (GPOINTER_TO_UINT (item), 1);
  gst_clear_buffer (&buf);

  gst_im_file_queue_set_flushing (queue, TRUE);
  fail_unless_equals_int (gst_im_file_queue_pop (queue, &item, &buf, NULL),
      GST_FLOW_FLUSHING);
  fail_unless (buf == NULL);

  /* nothing is lost: popping resumes with the next file */
  gst_im_file_queue_set_flushing (queue, FALSE);
  fail_unless_equals_int (gst_im_file_queue_pop (queue, &item, &buf, NULL),
      GST_FLOW_OK);
  fail_unless_equals_int (GPOINTER_TO_UINT (item), 2);
  assert_file_bytes (buf, 1);
  gst_buffer_unref (buf);

  /* freed with reads queued and running, a buffer still out */
  fail_unless_equals_int (gst_im_file_queue_pop (queue, &item, &buf, NULL),
      GST_FLOW_OK);
  gst_im_file_queue_free (queue);
  assert_file_bytes (buf, 2);
  gst_buffer_unref (buf);
}

GST_END_TEST;

static gpointer
flush_soon (gpointer queue)
{
  g_usleep (20000);
  gst_im_file_queue_set_flushing (queue, TRUE);
  return NULL;
}

/* the biggest file, for ever */
static gchar *
next_forever (gpointer user_data, guint64 * size, gpointer * item)
{
  *size = size_of (N_FILES - 1);
  *item = NULL;
  return g_strdup (paths[N_FILES - 1]);
}

/* flushing from another thread stops a streaming thread that pops */
GST_START_TEST (test_queue_flush_from_other_thread)
{
  GstImFileQueue *queue = gst_im_file_queue_new (2, next_forever, NULL, NULL);
  GThread *thread = g_thread_new ("flusher", flush_soon, queue);
  GstFlowReturn ret = GST_FLOW_OK;
  GstBuffer *buf = NULL;
  gpointer item;

  while ((ret = gst_im_file_queue_pop (queue, &item, &buf, NULL)) ==
      GST_FLOW_OK)
    gst_clear_buffer (&buf);
  fail_unless_equals_int (ret, GST_FLOW_FLUSHING);
  g_thread_join (thread);
  gst_im_file_queue_free (queue);
}

GST_END_TEST;

static Suite *
fileread_suite (void)
{
  Suite *s = suite_create ("fileread");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_read_whole_files);
  tcase_add_test (tc, test_read_recycles_memory);
  tcase_add_test (tc, test_read_errors);
  tcase_add_test (tc, test_read_max_file_bytes);
  tcase_add_test (tc, test_read_huge_file);
  tcase_add_loop_test (tc, test_queue_in_order, 0, G_N_ELEMENTS (queue_cases));
  tcase_add_test (tc, test_queue_flushing);
  tcase_add_test (tc, test_queue_flush_from_other_thread);
  return s;
}

GST_CHECK_MAIN (fileread);
