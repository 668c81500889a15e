/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * dataset-src against what the test itself wrote: a folder of generated
 * JPEGs and PNGs under nested sub-folders with spaces and UTF-8 in their
 * names. The expected order is the list of written paths sorted with
 * strcmp, the expected bytes are read back with g_file_get_contents, and
 * the expected caps come from which generator file was copied where.
 */
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include "imtest.h"

static gchar *src_dir;          /* per run: the generator's files */
static gchar *gen_dir;          /* per run: ds/ (dataset) and scratch */
static gchar *ds_dir;

/* One image the fixture put into ds/. */
typedef struct
{
  gchar *rel;                   /* path relative to ds/ */
  const gchar *media_type;      /* from the generator file copied there */
} Expected;

static GArray *expected;        /* Expected, sorted by rel */

/* ---- fixture ---- */

static gint
expected_compare (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Expected *) a)->rel, ((const Expected *) b)->rel);
}

static const gchar *folders[] = {
  "", "a", "a/deep/er", "b c", "ünï cødé", "Zeta", "a b",
};

/* The generator's files spread over folders[], some renamed: spaces,
 * UTF-8, upper-case and .jpeg extensions, a JPEG named .png and a PNG named
 * .jpg (caps follow the bytes). Not images: notes.txt, README, hidden. */
static void
make_dataset (void)
{
  GPtrArray *paths = im_test_list_files (src_dir, "");
  guint i, n_jpeg = 0;

  expected = g_array_new (FALSE, FALSE, sizeof (Expected));
  for (i = 0; i < paths->len; i++) {
    const gchar *from = g_ptr_array_index (paths, i);
    gchar *name = g_path_get_basename (from);
    gboolean is_png = g_str_has_suffix (name, ".png");
    gchar *stem = g_strndup (name, strrchr (name, '.') - name);
    const gchar *ext = is_png ? ".png" : ".jpg";
    const gchar *prefix = "";
    gchar *to, *file;
    Expected e;

    n_jpeg += !is_png;
    if (i % 7 == 3)
      prefix = "photo with spaces ";
    else if (i % 7 == 5)
      prefix = "fötö ñ ";
    if (i == 5)
      ext = ".png";             /* a JPEG named .png */
    else if (i == paths->len - 3)
      ext = ".jpg";             /* a PNG named .jpg */
    else if (i == 7)
      ext = ".JPG";
    else if (i == 8)
      ext = ".jpeg";
    else if (i == paths->len - 5)
      ext = ".Png";
    file = g_strconcat (prefix, stem, ext, NULL);
    e.rel = folders[i % G_N_ELEMENTS (folders)][0] ?
        g_build_filename (folders[i % G_N_ELEMENTS (folders)], file, NULL) :
        g_strdup (file);
    e.media_type = is_png ? "image/png" : "image/jpeg";
    to = g_build_filename (ds_dir, e.rel, NULL);
    im_test_copy_file (from, to);
    g_array_append_val (expected, e);
    g_free (to);
    g_free (file);
    g_free (stem);
    g_free (name);
  }
  fail_unless (n_jpeg > 10 && paths->len - n_jpeg > 10);
  g_array_sort (expected, expected_compare);

  /* not listed: filtered by extension, or hidden */
  {
    const gchar *others[] = { "notes.txt", "b c/README", ".hidden.jpg",
      ".cache/thumb.jpg", "a/._resource-fork.jpg"
    };

    for (i = 0; i < G_N_ELEMENTS (others); i++) {
      gchar *path = g_build_filename (ds_dir, others[i], NULL);

      im_test_write_file (path, "not an image\n", -1);
      g_free (path);
    }
  }
  g_ptr_array_unref (paths);
}

static void
setup_dataset (void)
{
  src_dir = im_test_generate ("tests", NULL);
  gen_dir = im_test_make_tmp_dir ("datasetsrc-XXXXXX");
  ds_dir = g_build_filename (gen_dir, "ds", NULL);
  make_dataset ();
}

static void
teardown_dataset (void)
{
  guint i;

  for (i = 0; i < expected->len; i++)
    g_free (g_array_index (expected, Expected, i).rel);
  g_array_unref (expected);
  im_test_remove_dir (src_dir);
  im_test_remove_dir (gen_dir);
  g_free (ds_dir);
}

/* A scratch folder holding copies of the first @n expected images, named
 * img_00.jpg ... in the same order. */
static gchar *
make_small_dataset (guint n)
{
  gchar *dir = g_build_filename (gen_dir, "small-XXXXXX", NULL);
  guint i;

  fail_unless (g_mkdtemp (dir) != NULL);
  for (i = 0; i < n; i++) {
    const Expected *e = &g_array_index (expected, Expected, i);
    gchar *from = g_build_filename (ds_dir, e->rel, NULL);
    gchar *name = g_strdup_printf ("img_%02u.jpg", i);
    gchar *to = g_build_filename (dir, name, NULL);

    im_test_copy_file (from, to);
    g_free (from);
    g_free (name);
    g_free (to);
  }
  return dir;
}

/* ---- running the element ---- */

typedef struct
{
  GPtrArray *buffers;           /* GstBuffer, in arrival order */
  GPtrArray *media_types;       /* gchar *, caps of each buffer */
  GPtrArray *caps;              /* GstCaps of each buffer */
  GPtrArray *progress;          /* GstStructure */
  GPtrArray *warnings;          /* gchar * */
  gchar *error;                 /* the first error, if any */
  GPtrArray *errors;            /* gchar *: every error posted */
  guint caps_events;
  gboolean start_failed;
  guint64 skipped;
} Run;

typedef void (*PausedHook) (gpointer data);

static void
on_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad, Run * run)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);

  g_ptr_array_add (run->buffers, gst_buffer_ref (buf));
  g_ptr_array_add (run->media_types, g_strdup (caps ?
          gst_structure_get_name (gst_caps_get_structure (caps, 0)) : "none"));
  g_ptr_array_add (run->caps, caps);
}

static GstPadProbeReturn
count_caps (GstPad * pad, GstPadProbeInfo * info, Run * run)
{
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_CAPS)
    run->caps_events++;
  return GST_PAD_PROBE_OK;
}

static void
run_free (Run * run)
{
  g_ptr_array_unref (run->buffers);
  g_ptr_array_unref (run->media_types);
  g_ptr_array_unref (run->caps);
  g_ptr_array_unref (run->progress);
  g_ptr_array_unref (run->warnings);
  g_ptr_array_unref (run->errors);
  g_free (run->error);
  g_free (run);
}

/* Runs `dataset-src location=@location @props ! fakesink` to EOS or error.
 * @hook runs once the pipeline has prerolled, before PLAYING. */
static Run *
run_src_full (const gchar * location, const gchar * props, PausedHook hook,
    gpointer hook_data)
{
  Run *run = g_new0 (Run, 1);
  gchar *launch = g_strdup_printf ("dataset-src name=src %s ! fakesink "
      "name=sink signal-handoffs=true sync=false", props ? props : "");
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (launch, &err);
  GstElement *src, *sink;
  GstBus *bus;
  GstPad *pad;
  gboolean done = FALSE;

  fail_unless (pipeline != NULL, "%s: %s", launch, err ? err->message : "");
  run->buffers = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  run->media_types = g_ptr_array_new_with_free_func (g_free);
  run->caps = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_caps_unref);
  run->progress = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  run->warnings = g_ptr_array_new_with_free_func (g_free);
  run->errors = g_ptr_array_new_with_free_func (g_free);

  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  if (location)
    g_object_set (src, "location", location, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), run);
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      (GstPadProbeCallback) count_caps, run, NULL);
  gst_object_unref (pad);
  bus = gst_element_get_bus (pipeline);

  if (gst_element_set_state (pipeline, GST_STATE_PAUSED) ==
      GST_STATE_CHANGE_FAILURE) {
    run->start_failed = TRUE;
  } else if (gst_element_get_state (pipeline, NULL, NULL, 30 * GST_SECOND) ==
      GST_STATE_CHANGE_FAILURE) {
    /* failed while prerolling: the error is on the bus */
  } else {
    if (hook)
      hook (hook_data);
    gst_element_set_state (pipeline, GST_STATE_PLAYING);
  }

  while (!done) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING |
        GST_MESSAGE_ELEMENT);
    const GstStructure *s;
    GError *gerr = NULL;

    fail_unless (msg != NULL, "no EOS or error within 60 s");
    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_EOS:
        done = TRUE;
        break;
      case GST_MESSAGE_ERROR:
        gst_message_parse_error (msg, &gerr, NULL);
        run->error = g_strdup (gerr->message);
        g_ptr_array_add (run->errors, g_strdup (gerr->message));
        done = TRUE;
        break;
      case GST_MESSAGE_WARNING:
        gst_message_parse_warning (msg, &gerr, NULL);
        g_ptr_array_add (run->warnings, g_strdup (gerr->message));
        break;
      case GST_MESSAGE_ELEMENT:
        s = gst_message_get_structure (msg);
        if (gst_structure_has_name (s, "dataset-src-progress"))
          g_ptr_array_add (run->progress, gst_structure_copy (s));
        break;
      default:
        break;
    }
    g_clear_error (&gerr);
    gst_message_unref (msg);
  }
  g_object_get (src, "skipped", &run->skipped, NULL);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  /* progress messages posted before the error or EOS are all queued, and
   * any error after the first */
  {
    GstMessage *msg;

    while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT |
                GST_MESSAGE_WARNING | GST_MESSAGE_ERROR))) {
      const GstStructure *s = gst_message_get_structure (msg);
      GError *gerr = NULL;

      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT &&
          gst_structure_has_name (s, "dataset-src-progress"))
        g_ptr_array_add (run->progress, gst_structure_copy (s));
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
        gst_message_parse_error (msg, &gerr, NULL);
        g_ptr_array_add (run->errors, g_strdup (gerr->message));
        g_clear_error (&gerr);
      }
      gst_message_unref (msg);
    }
  }
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  g_free (launch);
  return run;
}

static Run *
run_src (const gchar * location, const gchar * props)
{
  return run_src_full (location, props, NULL, NULL);
}

static GstImSourceMeta *
meta_of (Run * run, guint i)
{
  GstImSourceMeta *meta =
      gst_buffer_get_im_source_meta (g_ptr_array_index (run->buffers, i));

  fail_unless (meta != NULL, "buffer %u has no source meta", i);
  return meta;
}

static void
assert_bytes_equal_file (GstBuffer * buf, const gchar * path)
{
  gchar *data;
  gsize len;
  GstMapInfo map;

  fail_unless (g_file_get_contents (path, &data, &len, NULL), "read %s",
      path);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  fail_unless (map.size == len && memcmp (map.data, data, len) == 0,
      "%s: buffer (%" G_GSIZE_FORMAT " bytes) differs from the file (%"
      G_GSIZE_FORMAT " bytes)", path, map.size, len);
  gst_buffer_unmap (buf, &map);
  g_free (data);
}

/* Checks that @run delivered exactly the expected items whose index i has
 * i % @count == @index, in order, whole, with their caps and names. */
static void
assert_items (Run * run, guint index, guint count)
{
  guint i, n = 0;

  fail_unless (run->error == NULL, "error: %s", run->error);
  for (i = index; i < expected->len; i += count, n++) {
    const Expected *e = &g_array_index (expected, Expected, i);
    GstBuffer *buf;
    GstImSourceMeta *meta;
    gboolean parsed = FALSE;

    fail_unless (n < run->buffers->len, "only %u buffers, item %u (%s) "
        "missing", run->buffers->len, i, e->rel);
    buf = g_ptr_array_index (run->buffers, n);
    meta = meta_of (run, n);
    fail_unless_equals_string (meta->path, e->rel);
    fail_unless_equals_uint64 (meta->index, i);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), i);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (buf), i + 1);
    fail_unless_equals_string (g_ptr_array_index (run->media_types, n),
        e->media_type);
    fail_unless (gst_structure_get_boolean (gst_caps_get_structure
            (g_ptr_array_index (run->caps, n), 0), "parsed", &parsed)
        && parsed, "%s: caps without parsed=true", e->rel);
    if (count == 1 || n < 3) {
      gchar *path = g_build_filename (ds_dir, e->rel, NULL);

      assert_bytes_equal_file (buf, path);
      g_free (path);
    }
  }
  fail_unless_equals_int (run->buffers->len, n);
}

/* ---- order, bytes, caps, names ---- */

GST_START_TEST (test_folder_order_bytes_caps)
{
  Run *run = run_src (ds_dir, NULL);
  guint i, changes = 1;

  assert_items (run, 0, 1);
  /* one caps event per change of type, not per buffer */
  for (i = 1; i < run->media_types->len; i++)
    changes += strcmp (g_ptr_array_index (run->media_types, i),
        g_ptr_array_index (run->media_types, i - 1)) != 0;
  fail_unless (changes > 2);
  fail_unless_equals_int (run->caps_events, changes);
  /* no framerate: no timestamps */
  for (i = 0; i < run->buffers->len; i++)
    fail_if (GST_BUFFER_PTS_IS_VALID (g_ptr_array_index (run->buffers, i)));
  fail_unless_equals_int (run->warnings->len, 0);
  run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_not_recursive)
{
  Run *run = run_src (ds_dir, "recursive=false");
  guint i, n = 0;

  fail_unless (run->error == NULL);
  for (i = 0; i < expected->len; i++) {
    const Expected *e = &g_array_index (expected, Expected, i);

    if (strchr (e->rel, '/'))
      continue;
    fail_unless (n < run->buffers->len);
    fail_unless_equals_string (meta_of (run, n)->path, e->rel);
    fail_unless_equals_uint64 (meta_of (run, n)->index, n);
    n++;
  }
  fail_unless (n > 3);
  fail_unless_equals_int (run->buffers->len, n);
  run_free (run);
}

GST_END_TEST;

/* extensions are compared in any case; "" keeps every file, so the
 * non-images come through on-error */
GST_START_TEST (test_extensions)
{
  Run *run = run_src (ds_dir, "extensions=\"PNG, .jpeg\"");
  guint i, n = 0;

  fail_unless (run->error == NULL);
  for (i = 0; i < expected->len; i++) {
    const gchar *rel = g_array_index (expected, Expected, i).rel;
    const gchar *ext = strrchr (rel, '.');

    if (g_ascii_strcasecmp (ext, ".png") && g_ascii_strcasecmp (ext, ".jpeg"))
      continue;
    fail_unless_equals_string (meta_of (run, n)->path, rel);
    n++;
  }
  fail_unless_equals_int (run->buffers->len, n);
  run_free (run);

  run = run_src (ds_dir, "extensions=\"\" on-error=skip");
  fail_unless (run->error == NULL);
  fail_unless_equals_int (run->buffers->len, expected->len);
  fail_unless_equals_uint64 (run->skipped, 2);  /* notes.txt, README */
  fail_unless_equals_int (run->warnings->len, 2);
  fail_unless (strstr (g_ptr_array_index (run->warnings, 0), "README"));
  fail_unless (strstr (g_ptr_array_index (run->warnings, 1), "notes.txt"));
  run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_shards)
{
  guint count = __i__ + 1, index;
  guint8 *seen = g_malloc0 (expected->len);

  for (index = 0; index < count; index++) {
    gchar *props = g_strdup_printf ("shard-index=%u shard-count=%u prefetch=3",
        index, count);
    Run *run = run_src (ds_dir, props);
    guint i;

    assert_items (run, index, count);
    for (i = 0; i < run->buffers->len; i++) {
      guint64 off = GST_BUFFER_OFFSET (g_ptr_array_index (run->buffers, i));

      fail_unless (off < expected->len);
      fail_if (seen[off], "item %" G_GUINT64_FORMAT " in two shards", off);
      seen[off] = 1;
    }
    run_free (run);
    g_free (props);
  }
  for (index = 0; index < expected->len; index++)
    fail_unless (seen[index], "item %u in no shard of %u", index, count);
  g_free (seen);
}

GST_END_TEST;

GST_START_TEST (test_order_any_prefetch)
{
  guint prefetch = __i__;
  gchar *props = g_strdup_printf ("prefetch=%u", prefetch);
  Run *run = run_src (ds_dir, props);

  assert_items (run, 0, 1);
  run_free (run);
  g_free (props);

  /* a byte budget smaller than any file: one read ahead at a time */
  props = g_strdup_printf ("prefetch=%u max-prefetch-bytes=%u", prefetch,
      1 + prefetch * 20000);
  run = run_src (ds_dir, props);
  assert_items (run, 0, 1);
  run_free (run);
  g_free (props);
}

GST_END_TEST;

/* ---- list files and globs ---- */

GST_START_TEST (test_list_file)
{
  gchar *list = g_build_filename (ds_dir, "list.txt", NULL);
  gchar *abs = g_build_filename (src_dir, "png_rgb_7x3.png", NULL);
  GString *text = g_string_new ("# a list file\n\n");
  GPtrArray *entries = g_ptr_array_new (), *listed;
  Run *run;
  guint i;

  /* every third item, listed backwards, one with white space around it */
  for (i = expected->len; i-- > 0;)
    if (i % 3 == 1)
      g_ptr_array_add (entries, g_array_index (expected, Expected, i).rel);
  g_ptr_array_add (entries, abs);
  for (i = 0; i < entries->len; i++)
    g_string_append_printf (text, i == 2 ? "   %s  \r\n" : "%s\n",
        (gchar *) g_ptr_array_index (entries, i));
  g_string_append (text, "  # the end\n");
  im_test_write_file (list, text->str, -1);
  listed = g_ptr_array_copy (entries, NULL, NULL);

  /* sorted (default) */
  run = run_src (list, NULL);
  fail_unless (run->error == NULL, "%s", run->error);
  fail_unless_equals_int (run->buffers->len, entries->len);
  g_ptr_array_sort (entries, im_test_compare_strings);
  for (i = 0; i < entries->len; i++) {
    const gchar *entry = g_ptr_array_index (entries, i);
    gchar *path = g_path_is_absolute (entry) ? g_strdup (entry) :
        g_build_filename (ds_dir, entry, NULL);

    fail_unless_equals_string (meta_of (run, i)->path, entry);
    fail_unless_equals_uint64 (meta_of (run, i)->index, i);
    assert_bytes_equal_file (g_ptr_array_index (run->buffers, i), path);
    g_free (path);
  }
  run_free (run);

  /* sort=false keeps the list's order; shards follow it */
  run = run_src (list, "sort=false shard-count=2 shard-index=1");
  fail_unless (run->error == NULL, "%s", run->error);
  fail_unless_equals_int (run->buffers->len, listed->len / 2);
  for (i = 0; i < run->buffers->len; i++) {
    fail_unless_equals_string (meta_of (run, i)->path,
        g_ptr_array_index (listed, 2 * i + 1));
    fail_unless_equals_uint64 (meta_of (run, i)->index, 2 * i + 1);
  }
  run_free (run);
  g_ptr_array_unref (listed);

  g_remove (list);
  g_string_free (text, TRUE);
  g_ptr_array_unref (entries);
  g_free (abs);
  g_free (list);
}

GST_END_TEST;

GST_START_TEST (test_glob)
{
  gchar *glob = g_build_filename (ds_dir, "*", "*.jpg", NULL);
  Run *run = run_src (glob, NULL);
  guint i, n = 0;

  /* shell rules: exactly one folder level, ".jpg" in this case, no hidden */
  fail_unless (run->error == NULL, "%s", run->error);
  for (i = 0; i < expected->len; i++) {
    const gchar *rel = g_array_index (expected, Expected, i).rel;
    const gchar *slash = strchr (rel, '/');

    if (!slash || strchr (slash + 1, '/') || !g_str_has_suffix (rel, ".jpg"))
      continue;
    fail_unless (n < run->buffers->len);
    fail_unless_equals_string (meta_of (run, n)->path, rel);
    fail_unless_equals_uint64 (meta_of (run, n)->index, n);
    n++;
  }
  fail_unless (n >= 5);
  fail_unless_equals_int (run->buffers->len, n);
  run_free (run);
  g_free (glob);

  /* a pattern in the middle */
  glob = g_build_filename (ds_dir, "a", "d?ep", "*", "*", NULL);
  run = run_src (glob, NULL);
  fail_unless (run->error == NULL, "%s", run->error);
  fail_unless (run->buffers->len > 0);
  for (i = 0; i < run->buffers->len; i++)
    fail_unless (g_str_has_prefix (meta_of (run, i)->path, "deep/er/"));
  run_free (run);
  g_free (glob);
}

GST_END_TEST;

GST_START_TEST (test_single_image)
{
  const Expected *e = &g_array_index (expected, Expected, 4);
  gchar *path = g_build_filename (ds_dir, e->rel, NULL);
  gchar *base = g_path_get_basename (e->rel);
  Run *run = run_src (path, NULL);

  fail_unless (run->error == NULL, "%s", run->error);
  fail_unless_equals_int (run->buffers->len, 1);
  fail_unless_equals_string (meta_of (run, 0)->path, base);
  assert_bytes_equal_file (g_ptr_array_index (run->buffers, 0), path);
  run_free (run);
  g_free (base);
  g_free (path);
}

GST_END_TEST;

/* ---- bad input ---- */

/* an empty dataset is an error; an empty shard of a dataset is not */
GST_START_TEST (test_empty)
{
  gchar *empty = g_build_filename (gen_dir, "empty", NULL);
  gchar *small = make_small_dataset (3);
  gchar *txt = g_build_filename (empty, "notes.txt", NULL);
  Run *run;

  im_test_write_file (txt, "no images here\n", -1);
  run = run_src (empty, NULL);
  fail_unless (run->start_failed);
  fail_unless (run->error && strstr (run->error, empty), "%s", run->error);
  run_free (run);

  /* EOS, and a warning saying why nothing came */
  run = run_src (small, "shard-count=5 shard-index=4");
  fail_unless (run->error == NULL, "%s", run->error);
  fail_unless_equals_int (run->buffers->len, 0);
  fail_unless (run->progress->len >= 1);
  fail_unless_equals_int (run->warnings->len, 1);
  {
    const gchar *w = g_ptr_array_index (run->warnings, 0);

    fail_unless (strstr (w, "Shard 4 of 5") && strstr (w, small) &&
        strstr (w, "no items"), "%s", w);
  }
  run_free (run);

  /* a shard with items warns of nothing */
  run = run_src (small, "shard-count=5 shard-index=2");
  fail_unless_equals_int (run->buffers->len, 1);
  fail_unless_equals_int (run->warnings->len, 0);
  run_free (run);

  im_test_remove_tree (small);
  im_test_remove_tree (empty);
  g_free (txt);
  g_free (small);
  g_free (empty);
}

GST_END_TEST;

typedef struct
{
  const gchar *dir;
  guint victim;
} Vanish;

static void
delete_victim (gpointer data)
{
  Vanish *v = data;
  gchar *name = g_strdup_printf ("img_%02u.jpg", v->victim);
  gchar *path = g_build_filename (v->dir, name, NULL);

  fail_unless (g_remove (path) == 0);
  g_free (path);
  g_free (name);
}

static void
make_dangling (gpointer data)
{
  Vanish *v = data;
  gchar *name = g_strdup_printf ("img_%02u.jpg", v->victim);
  gchar *path = g_build_filename (v->dir, name, NULL);

  fail_unless (g_remove (path) == 0);
  fail_unless (symlink ("nowhere.jpg", path) == 0);
  g_free (path);
  g_free (name);
}

/* a file deleted between listing and reading (or a dangling symbolic link)
 * under skip: a warning naming it, the others all come; under fail: an
 * error naming it, after the items before it */
GST_START_TEST (test_vanished_file)
{
  gboolean skip = __i__ % 2, dangling = __i__ / 2;
  Vanish v = { make_small_dataset (12), 8 };
  gchar *props = g_strdup_printf ("prefetch=2 on-error=%s",
      skip ? "skip" : "fail");
  Run *run;
  guint i;

  if (dangling)
    make_dangling (&v);         /* listed as a file, unreadable */
  run = run_src_full (v.dir, props, dangling ? NULL : delete_victim, &v);
  if (skip) {
    fail_unless (run->error == NULL, "%s", run->error);
    fail_unless_equals_int (run->buffers->len, 11);
    fail_unless_equals_int (run->warnings->len, 1);
    fail_unless (strstr (g_ptr_array_index (run->warnings, 0),
            "img_08.jpg") != NULL, "%s",
        (gchar *) g_ptr_array_index (run->warnings, 0));
    fail_unless_equals_uint64 (run->skipped, 1);
    for (i = 0; i < 11; i++)
      fail_unless_equals_uint64 (meta_of (run, i)->index, i < 8 ? i : i + 1);
    {
      GstStructure *last = g_ptr_array_index (run->progress,
          run->progress->len - 1);
      guint64 done, skipped;

      fail_unless (gst_structure_get_uint64 (last, "done-items", &done));
      fail_unless (gst_structure_get_uint64 (last, "skipped", &skipped));
      fail_unless_equals_uint64 (done, 12);
      fail_unless_equals_uint64 (skipped, 1);
    }
  } else {
    fail_unless (run->error && strstr (run->error, "img_08.jpg"), "%s",
        run->error);
    fail_unless_equals_int (run->buffers->len, 8);
  }
  run_free (run);
  im_test_remove_tree (v.dir);
  g_free ((gchar *) v.dir);
  g_free (props);
}

GST_END_TEST;

/* files that are not JPEG or PNG are reported, never passed on */
GST_START_TEST (test_not_an_image)
{
  gboolean skip = __i__;
  gchar *dir = make_small_dataset (4);
  gchar *garbage = g_build_filename (dir, "img_01b garbage.jpg", NULL);
  gchar *empty = g_build_filename (dir, "img_02b empty.png", NULL);
  Run *run;

  im_test_write_file (garbage, "GIF89a and then some", -1);
  im_test_write_file (empty, "", 0);
  run = run_src (dir, skip ? "on-error=skip" : NULL);
  if (skip) {
    fail_unless (run->error == NULL, "%s", run->error);
    fail_unless_equals_int (run->buffers->len, 4);
    fail_unless_equals_int (run->warnings->len, 2);
    fail_unless (strstr (g_ptr_array_index (run->warnings, 0),
            "img_01b garbage.jpg"));
    fail_unless (strstr (g_ptr_array_index (run->warnings, 1),
            "img_02b empty.png"));
    fail_unless_equals_uint64 (run->skipped, 2);
  } else {
    fail_unless (run->error && strstr (run->error, "img_01b garbage.jpg"),
        "%s", run->error);
    fail_unless_equals_int (run->buffers->len, 2);
  }
  run_free (run);
  im_test_remove_tree (dir);
  g_free (garbage);
  g_free (empty);
  g_free (dir);
}

GST_END_TEST;

/* A 1 TB sparse file (no disk used) before a good image: under skip, with
 * and without read-ahead, it is reported naming it and the image still
 * comes; under fail, the error names it. Nothing near its size is ever
 * allocated: the peak resident size grows by far less than 200 MB. */
GST_START_TEST (test_huge_file)
{
  static const gchar *props[] = { "on-error=skip prefetch=0",
    "on-error=skip", "on-error=fail"
  };
  gchar *dir = make_small_dataset (0);
  gchar *huge = g_build_filename (dir, "0-huge.jpg", NULL);
  gchar *good = g_build_filename (dir, "1-good.jpg", NULL);
  gchar *from = g_build_filename (ds_dir,
      g_array_index (expected, Expected, 0).rel, NULL);
  gint64 peak;
  Run *run;

  im_test_copy_file (from, good);
  if (!im_test_make_sparse_file (huge, G_GUINT64_CONSTANT (1000000000000)))
    goto done;                  /* no 1 TB file here, not testing */

  im_test_reset_peak_rss (&peak);
  run = run_src (dir, props[__i__]);
  if (__i__ < 2) {
    fail_unless (run->error == NULL, "%s", run->error);
    fail_unless_equals_int (run->buffers->len, 1);
    assert_bytes_equal_file (g_ptr_array_index (run->buffers, 0), good);
    fail_unless_equals_int (run->warnings->len, 1);
    fail_unless (strstr (g_ptr_array_index (run->warnings, 0),
            "0-huge.jpg") != NULL, "%s",
        (gchar *) g_ptr_array_index (run->warnings, 0));
    fail_unless_equals_uint64 (run->skipped, 1);
  } else {
    fail_unless (run->error && strstr (run->error, "0-huge.jpg"), "%s",
        run->error);
    fail_unless_equals_int (run->buffers->len, 0);
  }
  if (peak >= 0)
    fail_unless (im_test_status_kib ("VmHWM:") - peak < 200 * 1024,
        "peak resident size grew by %" G_GINT64_FORMAT " KiB",
        im_test_status_kib ("VmHWM:") - peak);
  run_free (run);

done:
  im_test_remove_tree (dir);
  g_free (from);
  g_free (good);
  g_free (huge);
  g_free (dir);
}

GST_END_TEST;

/* max-file-bytes against the sizes on disk: the files within the limit
 * (the smallest is exactly at it) come whole, each bigger one is skipped
 * with a warning naming it and the limit */
GST_START_TEST (test_max_file_bytes)
{
  gchar *dir = make_small_dataset (4);
  gchar *paths[4], *props, *limit;
  guint64 sizes[4], max = G_MAXUINT64;
  guint i, n_in = 0, n_out = 0;
  GStatBuf st;
  Run *run;

  for (i = 0; i < 4; i++) {
    gchar *name = g_strdup_printf ("img_%02u.jpg", i);

    paths[i] = g_build_filename (dir, name, NULL);
    fail_unless (g_stat (paths[i], &st) == 0);
    sizes[i] = st.st_size;
    max = MIN (max, sizes[i]);
    g_free (name);
  }
  props = g_strdup_printf ("on-error=skip max-file-bytes=%" G_GUINT64_FORMAT,
      max);
  limit = g_strdup_printf ("%" G_GUINT64_FORMAT, max);
  run = run_src (dir, props);
  fail_unless (run->error == NULL, "%s", run->error);
  for (i = 0; i < 4; i++) {
    gchar *base = g_path_get_basename (paths[i]);

    if (sizes[i] <= max) {
      fail_unless (n_in < run->buffers->len);
      assert_bytes_equal_file (g_ptr_array_index (run->buffers, n_in++),
          paths[i]);
    } else {
      const gchar *w;

      fail_unless (n_out < run->warnings->len);
      w = g_ptr_array_index (run->warnings, n_out++);
      fail_unless (strstr (w, base) && strstr (w, limit), "%s", w);
    }
    g_free (base);
  }
  fail_unless (n_out > 0);
  fail_unless_equals_int (run->buffers->len, n_in);
  fail_unless_equals_int (run->warnings->len, n_out);
  fail_unless_equals_uint64 (run->skipped, n_out);
  run_free (run);

  /* 0: no limit */
  run = run_src (dir, "max-file-bytes=0");
  fail_unless (run->error == NULL, "%s", run->error);
  fail_unless_equals_int (run->buffers->len, 4);
  run_free (run);

  for (i = 0; i < 4; i++)
    g_free (paths[i]);
  im_test_remove_tree (dir);
  g_free (limit);
  g_free (props);
  g_free (dir);
}

GST_END_TEST;

/* A location with an image extension is an image even when its bytes are
 * damaged (here: a list naming a good image, which must not come out). */
GST_START_TEST (test_damaged_image_location)
{
  gchar *dir = make_small_dataset (1);
  gchar *damaged = g_build_filename (dir, "damaged.jpg", NULL);
  Run *run;

  im_test_write_file (damaged, "img_00.jpg\n", -1);
  run = run_src (damaged, NULL);
  fail_unless_equals_int (run->buffers->len, 0);
  fail_unless (run->error && strstr (run->error, "damaged.jpg") &&
      strstr (run->error, "not a JPEG or PNG"), "%s", run->error);
  run_free (run);

  run = run_src (damaged, "on-error=skip");
  fail_unless (run->error == NULL, "%s", run->error);
  fail_unless_equals_int (run->buffers->len, 0);
  fail_unless_equals_uint64 (run->skipped, 1);
  run_free (run);

  im_test_remove_tree (dir);
  g_free (damaged);
  g_free (dir);
}

GST_END_TEST;

/* Settings errors fail READY->PAUSED with one error that says what is
 * wrong, never GStreamer's "failed to post a proper error message". The
 * alarm ends the test (as a failure) if a location blocks or never ends. */
GST_START_TEST (test_settings_errors)
{
  gchar *fifo = g_build_filename (gen_dir, "fifo-location", NULL);
  gchar *nowhere = g_build_filename (gen_dir, "no such folder", NULL);
  gchar *empty = g_build_filename (gen_dir, "empty-folder", NULL);
  gchar *big_list = g_build_filename (gen_dir, "big-list.txt", NULL);
  gchar *shard = g_strdup_printf ("location=\"%s\" shard-index=2 "
      "shard-count=2", ds_dir);
  gchar *list_props = g_strdup_printf ("location=\"%s\" max-file-bytes=10",
      big_list);
  const struct
  {
    const gchar *location, *props, *says;
  } cases[] = {
    {NULL, NULL, "No dataset location given"},
    {NULL, shard, "shard-index 2 is out of range for shard-count 2"},
    {nowhere, NULL, "no such file or folder"},
    {empty, NULL, "No images in dataset"},
    {"/dev/zero", NULL, "not a regular file"},
    {fifo, NULL, "not a regular file"},
    {NULL, list_props, "more than the limit of 10 bytes"},
  };
  guint i;

  fail_unless (mkfifo (fifo, 0644) == 0);
  fail_unless (g_mkdir (empty, 0755) == 0);
  im_test_write_file (big_list, "img_00.jpg\nimg_01.jpg\n", -1);
  alarm (120);
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    const gchar *named = cases[i].location ? cases[i].location :
        i == G_N_ELEMENTS (cases) - 1 ? big_list : NULL;
    Run *run;
    guint k;

    if (cases[i].location && !g_file_test (cases[i].location,
            G_FILE_TEST_EXISTS) && cases[i].location != nowhere)
      continue;                 /* no /dev/zero in this sandbox */
    run = run_src (cases[i].location, cases[i].props);
    fail_unless (run->start_failed, "case %u started", i);
    fail_unless_equals_int (run->errors->len, 1);
    for (k = 0; k < run->errors->len; k++)
      fail_if (strstr (g_ptr_array_index (run->errors, k), "proper error"),
          "%s", (gchar *) g_ptr_array_index (run->errors, k));
    fail_unless (strstr (run->error, cases[i].says), "case %u: %s", i,
        run->error);
    if (named)
      fail_unless (strstr (run->error, named), "case %u: %s", i, run->error);
    run_free (run);
  }
  alarm (0);

  g_remove (big_list);
  g_remove (fifo);
  g_rmdir (empty);
  g_free (list_props);
  g_free (shard);
  g_free (big_list);
  g_free (empty);
  g_free (nowhere);
  g_free (fifo);
}

GST_END_TEST;

/* ---- progress, num-items, loop, timestamps ---- */

static guint64
field (GstStructure * s, const gchar * name)
{
  guint64 v = 0;

  fail_unless (gst_structure_get_uint64 (s, name, &v), "no %s in %"
      GST_PTR_FORMAT, name, s);
  return v;
}

GST_START_TEST (test_progress)
{
  Run *run = run_src (ds_dir, "progress-interval=0 shard-count=2");
  guint64 total_bytes = 0, n = (expected->len + 1) / 2;
  guint i;

  for (i = 0; i < expected->len; i += 2) {
    gchar *path = g_build_filename (ds_dir,
        g_array_index (expected, Expected, i).rel, NULL);
    GStatBuf st;

    fail_unless (g_stat (path, &st) == 0);
    total_bytes += st.st_size;
    g_free (path);
  }
  fail_unless (run->error == NULL);
  /* one when listed, one per item */
  fail_unless_equals_int (run->progress->len, n + 1);
  for (i = 0; i < run->progress->len; i++) {
    GstStructure *s = g_ptr_array_index (run->progress, i);

    fail_unless_equals_uint64 (field (s, "done-items"), i);
    fail_unless_equals_uint64 (field (s, "total-items"), n);
    fail_unless_equals_uint64 (field (s, "total-bytes"), total_bytes);
    fail_unless_equals_uint64 (field (s, "skipped"), 0);
    fail_unless (field (s, "done-bytes") <= total_bytes);
  }
  fail_unless_equals_uint64 (field (g_ptr_array_index (run->progress, n),
          "done-bytes"), total_bytes);
  run_free (run);

  /* at the default rate: at least the first and the last */
  run = run_src (ds_dir, NULL);
  fail_unless (run->progress->len >= 2);
  fail_unless_equals_uint64 (field (g_ptr_array_index (run->progress,
              run->progress->len - 1), "done-items"), expected->len);
  run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_num_items)
{
  Run *run = run_src (ds_dir, "num-items=5");
  guint i;

  fail_unless (run->error == NULL);
  fail_unless_equals_int (run->buffers->len, 5);
  for (i = 0; i < 5; i++)
    fail_unless_equals_uint64 (meta_of (run, i)->index, i);
  run_free (run);

  /* of a shard: its first items, with their dataset indices */
  run = run_src (ds_dir, "num-items=4 shard-count=3 shard-index=1");
  fail_unless_equals_int (run->buffers->len, 4);
  for (i = 0; i < 4; i++)
    fail_unless_equals_uint64 (meta_of (run, i)->index, 1 + 3 * i);
  fail_unless_equals_uint64 (field (g_ptr_array_index (run->progress, 0),
          "total-items"), 4);
  run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_loop_and_framerate)
{
  gchar *small = make_small_dataset (5);
  Run *run = run_src (small, "loop=true num-buffers=13 framerate=25/1 "
      "prefetch=3");
  gint fps_n = 0, fps_d = 0;
  guint i, passes = 0;

  fail_unless (run->error == NULL, "%s", run->error);
  fail_unless_equals_int (run->buffers->len, 13);
  for (i = 0; i < 13; i++) {
    GstBuffer *buf = g_ptr_array_index (run->buffers, i);

    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), i % 5);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), i * 40 * GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (buf), 40 * GST_MSECOND);
  }
  fail_unless (gst_structure_get_fraction (gst_caps_get_structure
          (g_ptr_array_index (run->caps, 0), 0), "framerate", &fps_n,
          &fps_d));
  fail_unless (fps_n == 25 && fps_d == 1);
  /* a progress message at the end of each of the two full passes */
  for (i = 0; i < run->progress->len; i++)
    passes += field (g_ptr_array_index (run->progress, i), "done-items") == 5;
  fail_unless_equals_int (passes, 2);
  run_free (run);

  /* num-items bounds each pass */
  run = run_src (small, "loop=true num-items=2 num-buffers=5");
  for (i = 0; i < 5; i++)
    fail_unless_equals_uint64 (meta_of (run, i)->index, i % 2);
  run_free (run);
  im_test_remove_tree (small);
  g_free (small);
}

GST_END_TEST;

/* a loop over files that all fail ends with an error, not a busy loop */
GST_START_TEST (test_loop_all_bad)
{
  gchar *dir = g_build_filename (gen_dir, "bad-loop", NULL);
  gchar *bad = g_build_filename (dir, "bad.jpg", NULL);
  Run *run;

  im_test_write_file (bad, "not a jpeg", -1);
  run = run_src (dir, "loop=true on-error=skip");
  fail_unless (run->error != NULL);
  fail_unless_equals_int (run->buffers->len, 0);
  run_free (run);
  im_test_remove_tree (dir);
  g_free (bad);
  g_free (dir);
}

GST_END_TEST;

/* ---- state changes, seeking, downstream ---- */

GST_START_TEST (test_state_changes_with_reads_in_flight)
{
  gchar *launch = g_strdup_printf ("dataset-src name=src loop=true "
      "prefetch=%u ! fakesink sync=false", 1 + __i__ * 7);
  GstElement *pipeline = gst_parse_launch (launch, NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");

  g_object_set (src, "location", ds_dir, NULL);
  im_test_cycle_states (pipeline, 60, 4000, 0);
  gst_object_unref (src);
  gst_object_unref (pipeline);
  g_free (launch);
}

GST_END_TEST;

GST_START_TEST (test_seek_refused)
{
  GstElement *pipeline = gst_parse_launch ("dataset-src name=src ! "
      "fakesink", NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");

  g_object_set (src, "location", ds_dir, NULL);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (pipeline, NULL, NULL, GST_CLOCK_TIME_NONE)
      == GST_STATE_CHANGE_SUCCESS);
  fail_if (gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH, 0));
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* decoder-pool trusts parsed=true and keeps the names */
GST_START_TEST (test_into_decoder_pool)
{
  GstElement *pipeline = gst_parse_launch ("dataset-src name=src prefetch=4 "
      "! decoder-pool ! fakesink name=sink signal-handoffs=true sync=false",
      NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstBus *bus = gst_element_get_bus (pipeline);
  Run run = { g_ptr_array_new_with_free_func ((GDestroyNotify)
        gst_buffer_unref), g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new_with_free_func ((GDestroyNotify) gst_caps_unref)
  };
  GstMessage *msg;
  guint i;

  g_object_set (src, "location", ds_dir, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &run);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  fail_unless_equals_int (run.buffers->len, expected->len);
  for (i = 0; i < expected->len; i++) {
    fail_unless_equals_string (g_ptr_array_index (run.media_types, i),
        "video/x-raw");
    fail_unless_equals_string (meta_of (&run, i)->path,
        g_array_index (expected, Expected, i).rel);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_ptr_array_unref (run.buffers);
  g_ptr_array_unref (run.media_types);
  g_ptr_array_unref (run.caps);
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* ---- suite ---- */

static Suite *
datasetsrc_suite (void)
{
  Suite *s = suite_create ("datasetsrc");
  TCase *tc = tcase_create ("general");

  tcase_add_unchecked_fixture (tc, setup_dataset, teardown_dataset);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_folder_order_bytes_caps);
  tcase_add_test (tc, test_not_recursive);
  tcase_add_test (tc, test_extensions);
  tcase_add_loop_test (tc, test_shards, 0, 5);
  tcase_add_loop_test (tc, test_order_any_prefetch, 0, 17);
  tcase_add_test (tc, test_list_file);
  tcase_add_test (tc, test_glob);
  tcase_add_test (tc, test_single_image);
  tcase_add_test (tc, test_empty);
  tcase_add_loop_test (tc, test_vanished_file, 0, 4);
  tcase_add_loop_test (tc, test_not_an_image, 0, 2);
  tcase_add_loop_test (tc, test_huge_file, 0, 3);
  tcase_add_test (tc, test_max_file_bytes);
  tcase_add_test (tc, test_damaged_image_location);
  tcase_add_test (tc, test_settings_errors);
  tcase_add_test (tc, test_progress);
  tcase_add_test (tc, test_num_items);
  tcase_add_test (tc, test_loop_and_framerate);
  tcase_add_test (tc, test_loop_all_bad);
  tcase_add_loop_test (tc, test_state_changes_with_reads_in_flight, 0, 3);
  tcase_add_test (tc, test_seek_refused);
  tcase_add_test (tc, test_into_decoder_pool);
  return s;
}

GST_CHECK_MAIN (datasetsrc);
