/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include "imtest.h"

GstBuffer *
im_test_buffer_from_file (const gchar * path)
{
  gchar *data;
  gsize len;

  fail_unless (g_file_get_contents (path, &data, &len, NULL), "read %s",
      path);
  return gst_buffer_new_wrapped (data, len);
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar **) a, *(const gchar **) b);
}

/* Files in @dir whose names end in @suffix, sorted bytewise. */
GPtrArray *
im_test_list_files (const gchar * dir, const gchar * suffix)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  if (d == NULL)
    return files;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, suffix))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_dir_close (d);
  g_ptr_array_sort (files, compare_paths);
  return files;
}

/* Tests that read ../shared/samples skip cleanly where it is absent. */
gboolean
im_test_have_samples (void)
{
  if (g_file_test (IM_SAMPLES_DIR, G_FILE_TEST_IS_DIR))
    return TRUE;
  GST_INFO ("no samples folder at %s, skipping", IM_SAMPLES_DIR);
  return FALSE;
}

/* Runs imagemill-gen into a new temporary folder and returns it. */
gchar *
im_test_generate (const gchar * set, const gchar * const *extra)
{
  GPtrArray *argv = g_ptr_array_new ();
  gchar *dir = g_dir_make_tmp ("imtest-XXXXXX", NULL);
  gint status = 1;
  GError *err = NULL;

  g_ptr_array_add (argv, (gpointer) IM_GEN);
  g_ptr_array_add (argv, (gpointer) "--out");
  g_ptr_array_add (argv, dir);
  g_ptr_array_add (argv, (gpointer) "--set");
  g_ptr_array_add (argv, (gpointer) set);
  for (; extra && *extra; extra++)
    g_ptr_array_add (argv, (gpointer) * extra);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, 0, NULL, NULL, NULL,
          NULL, &status, &err) || !g_spawn_check_wait_status (status, NULL))
    g_error ("could not run %s: %s", IM_GEN, err ? err->message : "failed");
  g_ptr_array_free (argv, TRUE);
  return dir;
}

/* Removes a flat folder made by im_test_generate() and frees @dir. */
void
im_test_remove_dir (gchar * dir)
{
  GPtrArray *files = im_test_list_files (dir, "");
  guint i;

  for (i = 0; i < files->len; i++)
    g_remove (g_ptr_array_index (files, i));
  g_rmdir (dir);
  g_ptr_array_unref (files);
  g_free (dir);
}

/* A JPEG whose SOF claims 20000 x 20000 pixels: 400 MP, above the default
 * max-pixels, below what libjpeg-turbo refuses by itself. */
static void
patch_jpeg_size (GstBuffer * buf)
{
  GstMapInfo map;
  gsize i;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (i = 2; i + 9 < map.size; i++)
    if (map.data[i] == 0xff && (map.data[i + 1] & 0xfe) == 0xc0) {
      /* height, then width, big-endian: 20000 = 0x4e20 */
      map.data[i + 5] = map.data[i + 7] = 0x4e;
      map.data[i + 6] = map.data[i + 8] = 0x20;
      break;
    }
  gst_buffer_unmap (buf, &map);
}

/* One input of class @kind, made from the good files given. */
GstBuffer *
im_test_bad_buffer (ImTestBadKind kind, const gchar * good_jpeg,
    const gchar * good_png)
{
  GstBuffer *jpeg = im_test_buffer_from_file (good_jpeg);
  GstBuffer *png = im_test_buffer_from_file (good_png);
  GstBuffer *buf = NULL;
  GstMapInfo map;
  gsize i;

  switch (kind) {
    case IM_TEST_BAD_EMPTY:
      buf = gst_buffer_new ();
      break;
    case IM_TEST_BAD_NOT_IMAGE:
      buf = gst_buffer_new_wrapped (g_strdup ("this is a text file\n"), 20);
      break;
    case IM_TEST_BAD_TRUNCATED_JPEG:
      buf = gst_buffer_copy_region (jpeg, GST_BUFFER_COPY_ALL, 0,
          gst_buffer_get_size (jpeg) / 2);
      break;
    case IM_TEST_BAD_TRUNCATED_PNG:
      buf = gst_buffer_copy_region (png, GST_BUFFER_COPY_ALL, 0,
          gst_buffer_get_size (png) / 2);
      break;
    case IM_TEST_BAD_CORRUPT_JPEG:
      /* overwrite the middle of the scan with junk markers */
      buf = gst_buffer_copy_deep (jpeg);
      gst_buffer_map (buf, &map, GST_MAP_WRITE);
      for (i = map.size / 3; i < map.size / 3 + 64; i++)
        map.data[i] = (i % 2) ? 0xff : 0xc4;
      gst_buffer_unmap (buf, &map);
      break;
    case IM_TEST_BAD_BOMB:
      buf = gst_buffer_copy_deep (jpeg);
      patch_jpeg_size (buf);
      break;
    default:
      g_assert_not_reached ();
  }
  gst_buffer_unref (jpeg);
  gst_buffer_unref (png);
  return buf;
}

/* The text of the next @type message on @bus, waiting up to 10 s. */
static gchar *
pop_message_text (GstBus * bus, GstMessageType type)
{
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, type);
  GError *err = NULL;
  gchar *text;

  fail_unless (msg != NULL, "no %s message", gst_message_type_get_name (type));
  if (type == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, &err, NULL);
  else
    gst_message_parse_warning (msg, &err, NULL);
  text = g_strdup (err->message);
  g_error_free (err);
  gst_message_unref (msg);
  return text;
}

/* on-error=skip (set on @h's element): after the @bad input, the @good one
 * still comes out, a warning names the file, and "skipped" counts it. */
void
im_test_check_bad_input_skip (GstHarness * h, ImTestBadKind kind,
    GstBuffer * bad, GstBuffer * good)
{
  GstBus *bus = gst_bus_new ();
  GstBuffer *out;
  guint64 skipped;
  gchar *text;

  gst_element_set_bus (h->element, bus);
  bad = gst_buffer_make_writable (bad);
  gst_buffer_add_im_source_meta (bad, "broken/file name.jpg", 7, 0);
  fail_unless_equals_int (gst_harness_push (h, bad), GST_FLOW_OK);
  out = gst_harness_push_and_pull (h, good);
  fail_unless (out != NULL, "kind %d: the good image after it is lost", kind);
  gst_buffer_unref (out);

  text = pop_message_text (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "broken/file name.jpg") != NULL,
      "warning does not name the file: %s", text);
  if (kind == IM_TEST_BAD_BOMB)
    fail_unless (strstr (text, "max-pixels") != NULL, "%s", text);
  GST_INFO ("kind %d: %s", kind, text);
  g_free (text);
  g_object_get (h->element, "skipped", &skipped, NULL);
  fail_unless_equals_uint64 (skipped, 1);

  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
}

/* on-error=fail: an error names the @bad input by its offset and nothing
 * comes out. */
void
im_test_check_bad_input_fail (GstHarness * h, ImTestBadKind kind,
    GstBuffer * bad)
{
  GstBus *bus = gst_bus_new ();
  gchar *text;

  gst_element_set_bus (h->element, bus);
  bad = gst_buffer_make_writable (bad);
  GST_BUFFER_OFFSET (bad) = 4242;
  gst_harness_push (h, bad);
  text = pop_message_text (bus, GST_MESSAGE_ERROR);
  fail_unless (strstr (text, "4242") != NULL,
      "kind %d: error does not name the buffer: %s", kind, text);
  GST_INFO ("kind %d: %s", kind, text);
  g_free (text);
  fail_unless (gst_harness_try_pull (h) == NULL);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
}
