/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Whole-file reads and the ordered read-ahead queue, against files the test
 * wrote into a g_mkdtemp() folder: bytes compared with what was written,
 * order with the order the files were handed out, for any number of reader
 * threads.
 */
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimfileread.h>

#define N_FILES 40

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

  dir = g_build_filename (g_get_tmp_dir (), "imagemill-fileread-XXXXXX", NULL);
  fail_unless (g_mkdtemp (dir) != NULL);
  for (i = 0; i < N_FILES; i++) {
    gchar *name = g_strdup_printf ("f%02u.bin", i);
    guint8 *data = g_malloc (size_of (i) + 1);

    fill (data, i);
    paths[i] = g_build_filename (dir, name, NULL);
    fail_unless (g_file_set_contents (paths[i], (gchar *) data, size_of (i),
            NULL));
    g_free (data);
    g_free (name);
  }
}

static void
teardown (void)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *name;
  guint i;

  while (d && (name = g_dir_read_name (d))) {
    gchar *path = g_build_filename (dir, name, NULL);

    g_remove (path);
    g_free (path);
  }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
  for (i = 0; i < N_FILES; i++)
    g_clear_pointer (&paths[i], g_free);
  g_clear_pointer (&dir, g_free);
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

/* ---- queue ---- */

typedef struct
{
  guint next, n;
  gboolean with_missing;        /* hand out a missing file as item 7 */
} Source;

static gchar *
next_file (gpointer user_data, guint64 * size, gpointer * item)
{
  Source *src = user_data;
  guint i;

  if (src->next == src->n)
    return NULL;
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
  Source src = { 0, N_FILES, TRUE };
  GstImFileQueue *queue = gst_im_file_queue_new (queue_cases[__i__].max_files,
      next_file, &src, NULL);
  guint i;

  fail_unless (queue != NULL);
  gst_im_file_queue_set_max_bytes (queue, queue_cases[__i__].max_bytes);
  for (i = 0; i < N_FILES; i++) {
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
  gst_im_file_queue_free (queue);
}

GST_END_TEST;

GST_START_TEST (test_queue_flushing)
{
  Source src = { 0, N_FILES, FALSE };
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
  tcase_add_loop_test (tc, test_queue_in_order, 0, G_N_ELEMENTS (queue_cases));
  tcase_add_test (tc, test_queue_flushing);
  tcase_add_test (tc, test_queue_flush_from_other_thread);
  return s;
}

GST_CHECK_MAIN (fileread);
