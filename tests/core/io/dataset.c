/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Dataset listing against what the test itself wrote into a g_mkdtemp()
 * folder: the expected order is the written paths filtered by the test's
 * own rules and sorted with strcmp, the expected sizes are the lengths
 * written, and shards are checked as a partition of the whole listing.
 */
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimdataset.h>
#include "imtest.h"

static gchar *root;             /* per test: the dataset folder */

/* relative path, bytes written ("" = an empty file) */
static const gchar *files[][2] = {
  {"b.jpg", "bb"},
  {"B.JPG", "BBB"},
  {"a.jpg", "a"},
  {"a-b.jpg", "a-b!"},
  {"a b.jpg", "a b!!"},
  {"a.jpg.txt", "not listed from a folder"},
  {"ä.jpeg", "umlaut"},
  {"c.PNG", "cc"},
  {"notes.txt", "notes"},
  {"README", "readme"},
  {".hidden.jpg", "hidden"},
  {"a/x.jpg", "xx"},
  {"a/y.png", "yyy"},
  {"a/.h/z.jpg", "in a hidden folder"},
  {"Z/deep/er/w.Jpg", "ww"},
  {"Z/deep/v.jpeg", ""},
  {"Z/u.jpg", "u"},
};

/* ---- fixture ---- */

static void
setup (void)
{
  guint i;

  root = im_test_make_tmp_dir ("imagemill-dataset-XXXXXX");
  for (i = 0; i < G_N_ELEMENTS (files); i++) {
    gchar *path = g_build_filename (root, files[i][0], NULL);

    im_test_write_file (path, files[i][1], -1);
    g_free (path);
  }
}

static void
teardown (void)
{
  im_test_remove_dir (g_steal_pointer (&root));
}

/* ---- the test's own idea of the listing ---- */

static gboolean
has_hidden_part (const gchar * rel)
{
  return rel[0] == '.' || strstr (rel, "/.") != NULL;
}

static gboolean
has_image_extension (const gchar * rel)
{
  const gchar *ext = strrchr (rel, '.');

  return ext && (g_ascii_strcasecmp (ext, ".jpg") == 0 ||
      g_ascii_strcasecmp (ext, ".jpeg") == 0 ||
      g_ascii_strcasecmp (ext, ".png") == 0);
}

/* files[] paths kept by @keep, strcmp order */
static GPtrArray *
expected_paths (gboolean (*keep) (const gchar * rel))
{
  GPtrArray *paths = g_ptr_array_new ();
  guint i;

  for (i = 0; i < G_N_ELEMENTS (files); i++)
    if (!has_hidden_part (files[i][0]) && keep (files[i][0]))
      g_ptr_array_add (paths, (gpointer) files[i][0]);
  g_ptr_array_sort (paths, im_test_compare_strings);
  return paths;
}

static guint64
written_size (const gchar * rel)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (files); i++)
    if (strcmp (files[i][0], rel) == 0)
      return strlen (files[i][1]);
  fail ("%s was not written", rel);
  return 0;
}

/* @ds holds exactly @paths, in order, indexed 0.., sized as written */
static void
assert_items (GstImDataset * ds, GPtrArray * paths)
{
  guint i;

  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), paths->len);
  for (i = 0; i < paths->len; i++) {
    const GstImDatasetItem *item = gst_im_dataset_get_item (ds, i);
    const gchar *rel = g_ptr_array_index (paths, i);

    fail_unless_equals_string (item->path, rel);
    fail_unless_equals_uint64 (item->index, i);
    fail_unless_equals_uint64 (item->size, written_size (rel));
  }
}

static gboolean
keep_image (const gchar * rel)
{
  return has_image_extension (rel);
}

static gboolean
keep_top_image (const gchar * rel)
{
  return has_image_extension (rel) && strchr (rel, '/') == NULL;
}

static gboolean
keep_all (const gchar * rel)
{
  return TRUE;
}

static gboolean
keep_png (const gchar * rel)
{
  return g_str_has_suffix (rel, ".png") || g_str_has_suffix (rel, ".PNG");
}

static gboolean
keep_jpg_png (const gchar * rel)
{
  return has_image_extension (rel) && !g_str_has_suffix (rel, ".jpeg");
}

static GstImDataset *
list_ok (const gchar * location, const gchar * extensions,
    GstImDatasetFlags flags)
{
  GError *err = NULL;
  GstImDataset *ds =
      gst_im_dataset_list (location, extensions, flags, 0, &err);

  fail_unless (ds != NULL, "%s: %s", location, err ? err->message : "?");
  fail_unless (err == NULL);
  return ds;
}

/* ---- folders ---- */

GST_START_TEST (test_folder_sorted_bytewise)
{
  GstImDataset *ds = list_ok (root, "jpg,jpeg,png", GST_IM_DATASET_RECURSIVE);
  GPtrArray *paths = expected_paths (keep_image);
  const GstImDatasetItem *item;
  gchar *full, *want;
  guint i;

  /* bytewise: upper case before lower, "a b" < "a-b" < "a.jpg" < "a/x",
   * UTF-8 after ASCII, whatever the locale or the file system says */
  assert_items (ds, paths);
  for (i = 1; i < paths->len; i++)
    fail_unless (strcmp (g_ptr_array_index (paths, i - 1),
            g_ptr_array_index (paths, i)) < 0);
  fail_unless_equals_string (gst_im_dataset_get_root (ds), root);
  fail_unless_equals_int (gst_im_dataset_get_folder_errors (ds)->len, 0);

  item = gst_im_dataset_get_item (ds, 0);
  full = gst_im_dataset_get_full_path (ds, item);
  want = g_build_filename (root, item->path, NULL);
  fail_unless_equals_string (full, want);
  g_free (want);
  g_free (full);
  g_ptr_array_unref (paths);
  gst_im_dataset_free (ds);
}

GST_END_TEST;

GST_START_TEST (test_folder_filters)
{
  GstImDataset *ds;
  GPtrArray *paths;

  /* the root's own files only */
  ds = list_ok (root, "jpg,jpeg,png", GST_IM_DATASET_NONE);
  paths = expected_paths (keep_top_image);
  assert_items (ds, paths);
  g_ptr_array_unref (paths);
  gst_im_dataset_free (ds);

  /* any case, a leading dot, spaces around */
  ds = list_ok (root, " .PnG ", GST_IM_DATASET_RECURSIVE);
  paths = expected_paths (keep_png);
  fail_unless (paths->len >= 2);
  assert_items (ds, paths);
  g_ptr_array_unref (paths);
  gst_im_dataset_free (ds);

  /* "" and NULL keep every file, still not hidden ones */
  ds = list_ok (root, "", GST_IM_DATASET_RECURSIVE);
  paths = expected_paths (keep_all);
  assert_items (ds, paths);
  gst_im_dataset_free (ds);
  ds = list_ok (root, NULL, GST_IM_DATASET_RECURSIVE);
  assert_items (ds, paths);
  g_ptr_array_unref (paths);
  gst_im_dataset_free (ds);
}

GST_END_TEST;

/* A FIFO would block a reader, a link loop would never end, and of two
 * links to one folder the bytewise first wins. */
GST_START_TEST (test_folder_links_and_fifos)
{
  gchar *fifo = g_build_filename (root, "fifo.jpg", NULL);
  gchar *loop = g_build_filename (root, "a", "loop", NULL);
  gchar *alias = g_build_filename (root, "A alias", NULL);
  gchar *alias_after = g_build_filename (root, "zz alias", NULL);
  GstImDataset *ds;
  GPtrArray *paths = expected_paths (keep_jpg_png);
  guint i;

  fail_unless (mkfifo (fifo, 0644) == 0);
  fail_unless (symlink ("..", loop) == 0);
  fail_unless (symlink ("a", alias) == 0);      /* sorts before "a" */
  fail_unless (symlink ("a", alias_after) == 0);
  ds = list_ok (root, "jpg,png", GST_IM_DATASET_RECURSIVE);
  /* "a/x.jpg" and "a/y.png" come once, under "A alias/" instead of "a/" */
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), paths->len);
  for (i = 0; i < gst_im_dataset_get_n_items (ds); i++) {
    const gchar *path = gst_im_dataset_get_item (ds, i)->path;

    fail_if (g_str_has_prefix (path, "a/"), "%s listed twice", path);
    fail_if (g_str_has_prefix (path, "zz alias/"), "%s listed twice", path);
    fail_if (strstr (path, "fifo") != NULL, "FIFO listed");
    fail_if (strstr (path, "loop") != NULL, "link loop entered: %s", path);
  }
  fail_unless_equals_string (gst_im_dataset_get_item (ds, 0)->path,
      "A alias/x.jpg");
  gst_im_dataset_free (ds);
  g_ptr_array_unref (paths);
  g_free (alias_after);
  g_free (alias);
  g_free (loop);
  g_free (fifo);
}

GST_END_TEST;

/* ---- shards ---- */

GST_START_TEST (test_shards_partition)
{
  guint count = __i__ + 1, k, i;
  GstImDataset *all = list_ok (root, "", GST_IM_DATASET_RECURSIVE);
  guint n = gst_im_dataset_get_n_items (all);
  guint *seen = g_new0 (guint, n);

  fail_unless (n > 10);
  for (k = 0; k < count; k++) {
    GstImDataset *ds = list_ok (root, "", GST_IM_DATASET_RECURSIVE);
    guint64 last = 0;

    gst_im_dataset_shard (ds, k, count, 0);
    fail_unless_equals_int (gst_im_dataset_get_n_items (ds),
        (n - k + count - 1) / count);
    for (i = 0; i < gst_im_dataset_get_n_items (ds); i++) {
      const GstImDatasetItem *item = gst_im_dataset_get_item (ds, i);
      const GstImDatasetItem *same;

      fail_unless (item->index < n);
      fail_unless_equals_int (item->index % count, k);
      fail_unless (i == 0 || item->index > last, "shard out of order");
      last = item->index;
      /* the index is the one in the whole dataset, with its path */
      same = gst_im_dataset_get_item (all, item->index);
      fail_unless_equals_string (item->path, same->path);
      fail_unless_equals_uint64 (item->size, same->size);
      seen[item->index]++;
    }
    gst_im_dataset_free (ds);
  }
  /* the union is the dataset, no two shards share an item */
  for (i = 0; i < n; i++)
    fail_unless_equals_int (seen[i], 1);
  g_free (seen);
  gst_im_dataset_free (all);
}

GST_END_TEST;

GST_START_TEST (test_shard_max_items)
{
  GstImDataset *ds = list_ok (root, "", GST_IM_DATASET_RECURSIVE);

  gst_im_dataset_shard (ds, 1, 3, 2);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 2);
  fail_unless_equals_uint64 (gst_im_dataset_get_item (ds, 0)->index, 1);
  fail_unless_equals_uint64 (gst_im_dataset_get_item (ds, 1)->index, 4);
  gst_im_dataset_free (ds);

  /* more shards than items: the last ones are empty, not an error */
  ds = list_ok (root, "", GST_IM_DATASET_NONE);
  gst_im_dataset_shard (ds, 99, 100, 0);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 0);
  gst_im_dataset_free (ds);
}

GST_END_TEST;

/* ---- list files, globs, single images ---- */

GST_START_TEST (test_list_file)
{
  gchar *list = g_build_filename (root, "lists", "train.txt", NULL);
  gchar *abs = g_build_filename (root, "a", "x.jpg", NULL);
  gchar *text = g_strdup_printf ("# a comment\n\n  ../b.jpg  \r\n"
      "../Z/u.jpg\n   # an indented comment\n%s\n../missing.jpg\n"
      "../a b.jpg", abs);
  const gchar *sorted[] = { "../Z/u.jpg", "../a b.jpg", "../b.jpg",
    "../missing.jpg", abs
  };
  const gchar *own[] = { "../b.jpg", "../Z/u.jpg", abs, "../missing.jpg",
    "../a b.jpg"
  };
  const guint64 sizes[] = { 1, 5, 2, 0, 2 };    /* of sorted[], 0: missing */
  gchar *dir = g_path_get_dirname (list), *full;
  GstImDataset *ds;
  guint i;

  im_test_write_file (list, text, -1);

  /* sorted by default; comments, blank lines and white space dropped; not
   * filtered by extensions; sizes not known before the shard is */
  ds = list_ok (list, "png", GST_IM_DATASET_NONE);
  fail_unless_equals_string (gst_im_dataset_get_root (ds), dir);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 5);
  for (i = 0; i < 5; i++) {
    fail_unless_equals_string (gst_im_dataset_get_item (ds, i)->path,
        sorted[i]);
    fail_unless_equals_uint64 (gst_im_dataset_get_item (ds, i)->index, i);
  }
  gst_im_dataset_shard (ds, 0, 1, 0);
  for (i = 0; i < 5; i++)
    fail_unless_equals_uint64 (gst_im_dataset_get_item (ds, i)->size, sizes[i]);
  /* relative paths from the list's folder, absolute ones kept */
  full = gst_im_dataset_get_full_path (ds, gst_im_dataset_get_item (ds, 0));
  fail_unless (g_file_test (full, G_FILE_TEST_IS_REGULAR), "%s", full);
  g_free (full);
  full = gst_im_dataset_get_full_path (ds, gst_im_dataset_get_item (ds, 4));
  fail_unless_equals_string (full, abs);
  g_free (full);
  gst_im_dataset_free (ds);

  /* the list's own order, shards following it */
  ds = list_ok (list, NULL, GST_IM_DATASET_KEEP_LIST_ORDER);
  for (i = 0; i < 5; i++)
    fail_unless_equals_string (gst_im_dataset_get_item (ds, i)->path, own[i]);
  gst_im_dataset_shard (ds, 1, 2, 0);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 2);
  fail_unless_equals_string (gst_im_dataset_get_item (ds, 0)->path, own[1]);
  fail_unless_equals_string (gst_im_dataset_get_item (ds, 1)->path, own[3]);
  gst_im_dataset_free (ds);

  g_free (dir);
  g_free (text);
  g_free (abs);
  g_free (list);
}

GST_END_TEST;

GST_START_TEST (test_glob)
{
  gchar *glob = g_build_filename (root, "*", "*.jpg", NULL);
  const gchar *one_level[] = { "Z/u.jpg", "a/x.jpg" };
  GstImDataset *ds;
  guint i;

  /* shell rules: one folder level, no hidden entries, case matters */
  ds = list_ok (glob, NULL, GST_IM_DATASET_RECURSIVE);
  fail_unless_equals_string (gst_im_dataset_get_root (ds), root);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 2);
  for (i = 0; i < 2; i++)
    fail_unless_equals_string (gst_im_dataset_get_item (ds, i)->path,
        one_level[i]);
  gst_im_dataset_free (ds);
  g_free (glob);

  /* a pattern in the middle; the root is the folder before it */
  glob = g_build_filename (root, "Z", "d?ep", "*", "*", NULL);
  ds = list_ok (glob, NULL, GST_IM_DATASET_NONE);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 1);
  fail_unless_equals_string (gst_im_dataset_get_item (ds, 0)->path,
      "deep/er/w.Jpg");
  fail_unless_equals_uint64 (gst_im_dataset_get_item (ds, 0)->size, 2);
  fail_unless (g_str_has_suffix (gst_im_dataset_get_root (ds), "/Z"));
  gst_im_dataset_free (ds);
  g_free (glob);

  /* top level, brackets; nothing matched is an empty dataset */
  glob = g_build_filename (root, "[ab]*.jpg", NULL);
  ds = list_ok (glob, NULL, GST_IM_DATASET_NONE);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 4);
  fail_unless_equals_string (gst_im_dataset_get_item (ds, 0)->path, "a b.jpg");
  gst_im_dataset_free (ds);
  g_free (glob);
  glob = g_build_filename (root, "*.gif", NULL);
  ds = list_ok (glob, NULL, GST_IM_DATASET_NONE);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 0);
  gst_im_dataset_free (ds);
  g_free (glob);
}

GST_END_TEST;

GST_START_TEST (test_single_image)
{
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F' };
  gchar *path = g_build_filename (root, "a", "photo.dat", NULL);
  GstImDataset *ds;

  im_test_write_file (path, (const gchar *) jpeg, sizeof (jpeg));
  ds = list_ok (path, "png", GST_IM_DATASET_RECURSIVE);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 1);
  fail_unless_equals_string (gst_im_dataset_get_item (ds, 0)->path,
      "photo.dat");
  fail_unless (g_str_has_suffix (gst_im_dataset_get_root (ds), "/a"));
  gst_im_dataset_shard (ds, 0, 1, 0);
  fail_unless_equals_uint64 (gst_im_dataset_get_item (ds, 0)->size,
      sizeof (jpeg));
  gst_im_dataset_free (ds);
  g_free (path);
}

GST_END_TEST;

/* ---- errors ---- */

/* A location that is a damaged image, whatever its bytes (here: a valid
 * list of images), is one image by its extension, in any case; the same
 * bytes under another extension are a list file. */
GST_START_TEST (test_image_extension_wins)
{
  const gchar *list = "b.jpg\nc.PNG\n";
  const gchar *names[] = { "damaged.jpg", "DAMAGED.JPEG", "damaged.Png",
    "damaged.tiff"
  };
  gchar *path;
  GstImDataset *ds;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    path = g_build_filename (root, names[i], NULL);
    im_test_write_file (path, list, -1);
    ds = list_ok (path, NULL, GST_IM_DATASET_NONE);
    fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 1);
    fail_unless_equals_string (gst_im_dataset_get_item (ds, 0)->path,
        names[i]);
    gst_im_dataset_free (ds);
    g_free (path);
  }

  path = g_build_filename (root, "damaged.jpg.txt", NULL);
  im_test_write_file (path, list, -1);
  ds = list_ok (path, NULL, GST_IM_DATASET_NONE);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 2);
  fail_unless_equals_string (gst_im_dataset_get_item (ds, 0)->path, "b.jpg");
  fail_unless_equals_string (gst_im_dataset_get_item (ds, 1)->path, "c.PNG");
  gst_im_dataset_free (ds);
  g_free (path);
}

GST_END_TEST;

/* A list file is read up to the limit given, a byte more fails naming it
 * and the limit; a binary file without an image extension is not a list. */
GST_START_TEST (test_list_file_limits)
{
  const gchar *text = "b.jpg\nZ/u.jpg\n";
  gchar *path = g_build_filename (root, "list.txt", NULL);
  gchar *binary = g_build_filename (root, "photo.bin", NULL);
  gchar *limit = g_strdup_printf ("%" G_GSIZE_FORMAT, strlen (text) - 1);
  GError *err = NULL;
  GstImDataset *ds;

  im_test_write_file (path, text, -1);
  ds = gst_im_dataset_list (path, NULL, GST_IM_DATASET_NONE, strlen (text),
      &err);
  fail_unless (ds != NULL, "%s", err ? err->message : "");
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 2);
  gst_im_dataset_free (ds);

  ds = gst_im_dataset_list (path, NULL, GST_IM_DATASET_NONE,
      strlen (text) - 1, &err);
  fail_unless (ds == NULL);
  fail_unless (err && err->domain == GST_RESOURCE_ERROR);
  fail_unless (strstr (err->message, path) != NULL, "%s", err->message);
  fail_unless (strstr (err->message, limit) != NULL, "%s", err->message);
  g_clear_error (&err);

  im_test_write_file (binary, "b.jpg\n\0\x01\x02", 9);
  ds = gst_im_dataset_list (binary, NULL, GST_IM_DATASET_NONE, 0, &err);
  fail_unless (ds == NULL);
  fail_unless (err && strstr (err->message, binary) != NULL, "%s",
      err ? err->message : "");
  g_clear_error (&err);

  g_free (limit);
  g_free (binary);
  g_free (path);
}

GST_END_TEST;

/* /dev/zero and a FIFO as the location fail at once, naming it: neither is
 * read for ever as a list nor blocks in open(). The alarm ends the test
 * (as a failure) if one does. */
GST_START_TEST (test_location_not_regular)
{
  gchar *fifo = g_build_filename (root, "list-fifo", NULL);
  gchar *fifo_jpg = g_build_filename (root, "fifo.jpg", NULL);
  const gchar *locations[] = { "/dev/zero", fifo, fifo_jpg };
  GError *err = NULL;
  GstImDataset *ds;
  guint i;

  fail_unless (mkfifo (fifo, 0644) == 0);
  fail_unless (mkfifo (fifo_jpg, 0644) == 0);
  alarm (60);
  for (i = 0; i < G_N_ELEMENTS (locations); i++) {
    if (!g_file_test (locations[i], G_FILE_TEST_EXISTS))
      continue;                 /* no /dev/zero in this sandbox */
    ds = gst_im_dataset_list (locations[i], NULL, GST_IM_DATASET_NONE, 0,
        &err);
    fail_unless (ds == NULL, "%s listed", locations[i]);
    fail_unless (err && err->domain == GST_RESOURCE_ERROR);
    fail_unless (strstr (err->message, locations[i]) != NULL, "%s",
        err->message);
    fail_unless (strstr (err->message, "not a regular file") != NULL, "%s",
        err->message);
    g_clear_error (&err);
  }
  alarm (0);
  g_free (fifo_jpg);
  g_free (fifo);
}

GST_END_TEST;

GST_START_TEST (test_errors)
{
  gchar *nowhere = g_build_filename (root, "no such folder", NULL);
  gchar *glob = g_build_filename (root, "no such folder", "*.jpg", NULL);
  gchar *empty = g_build_filename (root, "empty", NULL);
  GError *err = NULL;
  GstImDataset *ds;

  ds = gst_im_dataset_list (nowhere, NULL, GST_IM_DATASET_NONE, 0, &err);
  fail_unless (ds == NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_NOT_FOUND));
  fail_unless (strstr (err->message, nowhere) != NULL, "%s", err->message);
  g_clear_error (&err);

  /* a glob whose folder is missing names the folder */
  ds = gst_im_dataset_list (glob, NULL, GST_IM_DATASET_NONE, 0, &err);
  fail_unless (ds == NULL);
  fail_unless (err && err->domain == GST_RESOURCE_ERROR);
  fail_unless (strstr (err->message, nowhere) != NULL, "%s", err->message);
  g_clear_error (&err);

  /* an empty folder is an empty dataset */
  fail_unless (g_mkdir (empty, 0755) == 0);
  ds = list_ok (empty, NULL, GST_IM_DATASET_RECURSIVE);
  fail_unless_equals_int (gst_im_dataset_get_n_items (ds), 0);
  gst_im_dataset_free (ds);

  g_free (empty);
  g_free (glob);
  g_free (nowhere);
}

GST_END_TEST;

GST_START_TEST (test_bad_folder)
{
  gchar *locked = g_build_filename (root, "a", NULL);
  GError *err = NULL;
  GstImDataset *ds;
  GDir *dir;

  fail_unless (g_chmod (locked, 0) == 0);
  if ((dir = g_dir_open (locked, 0, NULL))) {
    /* root reads any folder */
    GST_INFO ("a mode 000 folder can be opened here, not testing");
    g_dir_close (dir);
    g_chmod (locked, 0755);
    g_free (locked);
    return;
  }

  /* by default a sub-folder that cannot be opened fails the listing */
  ds = gst_im_dataset_list (root, NULL, GST_IM_DATASET_RECURSIVE, 0, &err);
  fail_unless (ds == NULL);
  fail_unless (err && strstr (err->message, locked), "%s",
      err ? err->message : "");
  g_clear_error (&err);

  /* or it is left out, its error kept */
  ds = list_ok (root, NULL, GST_IM_DATASET_RECURSIVE |
      GST_IM_DATASET_SKIP_BAD_FOLDERS);
  fail_unless_equals_int (gst_im_dataset_get_folder_errors (ds)->len, 1);
  err = g_ptr_array_index (gst_im_dataset_get_folder_errors (ds), 0);
  fail_unless (strstr (err->message, locked), "%s", err->message);
  fail_unless (gst_im_dataset_get_n_items (ds) > 0);
  gst_im_dataset_free (ds);
  g_chmod (locked, 0755);
  g_free (locked);
}

GST_END_TEST;

static Suite *
dataset_suite (void)
{
  Suite *s = suite_create ("dataset");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_folder_sorted_bytewise);
  tcase_add_test (tc, test_folder_filters);
  tcase_add_test (tc, test_folder_links_and_fifos);
  tcase_add_loop_test (tc, test_shards_partition, 0, 6);
  tcase_add_test (tc, test_shard_max_items);
  tcase_add_test (tc, test_list_file);
  tcase_add_test (tc, test_glob);
  tcase_add_test (tc, test_single_image);
  tcase_add_test (tc, test_errors);
  tcase_add_test (tc, test_image_extension_wins);
  tcase_add_test (tc, test_list_file_limits);
  tcase_add_test (tc, test_location_not_regular);
  tcase_add_test (tc, test_bad_folder);
  return s;
}

GST_CHECK_MAIN (dataset);
