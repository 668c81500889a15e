/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Walking a dataset's folder, for folder and glob locations: sorted, each
 * folder (by device and inode) entered once, extension or glob filter,
 * sub-folders that cannot be opened skipped or failed. Listing and
 * sharding are gstimdataset.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fnmatch.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "io/gstimdataset-private.h"

GST_IM_DEBUG_CATEGORY ("im-dataset", "imagemill dataset listing");

static gboolean
walk_keeps (Walk * w, const gchar * rel, const gchar * name, guint depth)
{
  const gchar *ext;
  guint i;

  if (w->glob)
    return depth + 1 == w->max_depth &&
        fnmatch (w->glob_path, rel, FNM_PATHNAME | FNM_PERIOD) == 0;
  if (w->extensions == NULL)
    return TRUE;
  ext = strrchr (name, '.');
  if (ext == NULL)
    return FALSE;
  for (i = 0; w->extensions[i]; i++)
    if (g_ascii_strcasecmp (ext + 1, w->extensions[i]) == 0)
      return TRUE;
  return FALSE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar **) a, *(const gchar **) b);
}

/* Entries are visited in sorted order, so that of two links to one folder
 * the bytewise first always wins. */
static gboolean
walk_dir (Walk * w, const gchar * rel, guint depth, GError ** error)
{
  gchar *path = rel ? g_build_filename (w->dataset->root, rel, NULL) :
      g_strdup (w->dataset->root);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GError *err = NULL;
  const gchar *name;
  gboolean ok = TRUE;
  GDir *dir;
  guint i;

  dir = g_dir_open (path, 0, &err);
  if (dir == NULL)
    goto open_failed;
  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.')         /* hidden: .git, macOS "._x.jpg" forks */
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);

  for (i = 0; ok && i < names->len; i++) {
    gchar *child, *child_rel, *key;
    GStatBuf st;
    gboolean have_stat;

    name = g_ptr_array_index (names, i);
    child = g_build_filename (path, name, NULL);
    child_rel = rel ? g_build_filename (rel, name, NULL) : g_strdup (name);
    have_stat = g_stat (child, &st) == 0;
    if (have_stat && S_ISDIR (st.st_mode)) {
      key = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
          (guint64) st.st_dev, (guint64) st.st_ino);
      if (depth + 1 < w->max_depth && (w->glob == NULL ||
              fnmatch (w->glob[depth], name, FNM_PERIOD) == 0) &&
          g_hash_table_add (w->seen, g_steal_pointer (&key)))
        ok = walk_dir (w, child_rel, depth + 1, error);
      g_free (key);
    } else if (have_stat && !S_ISREG (st.st_mode)) {
      /* a FIFO or device would block or never end */
      GST_WARNING ("not a regular file, not listed: %s", child);
    } else if (walk_keeps (w, child_rel, name, depth)) {
      /* a dangling link stays in: reading it reports it */
      gst_im_dataset_add_item (w->dataset, g_steal_pointer (&child_rel),
          have_stat ? (guint64) st.st_size : 0);
    }
    g_free (child_rel);
    g_free (child);
  }
  g_ptr_array_unref (names);
  g_free (path);
  return ok;

  /* ERRORS */
open_failed:
  {
    g_ptr_array_unref (names);
    g_free (path);
    gst_im_dataset_to_resource_error (err);
    if (depth == 0 || !w->skip_bad_folders) {
      g_propagate_error (error, err);
      return FALSE;
    }
    GST_WARNING ("folder left out: %s", err->message);
    g_ptr_array_add (w->dataset->folder_errors, err);
    return TRUE;
  }
}

gboolean
gst_im_dataset_walk (Walk * w, GError ** error)
{
  GStatBuf st;
  gboolean ok;

  w->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_stat (w->dataset->root, &st) == 0)
    g_hash_table_add (w->seen, g_strdup_printf ("%" G_GUINT64_FORMAT ":%"
            G_GUINT64_FORMAT, (guint64) st.st_dev, (guint64) st.st_ino));
  ok = walk_dir (w, NULL, 0, error);
  g_hash_table_unref (w->seen);
  return ok;
}

/* Splits a glob into the folder before its first wildcard and the rest. */
gboolean
gst_im_dataset_list_glob (const gchar * location, Walk * w, GError ** error)
{
  gchar **parts = g_strsplit (location, "/", -1);
  GPtrArray *root = g_ptr_array_new (), *glob = g_ptr_array_new ();
  gboolean ok;
  guint i;

  for (i = 0; parts[i]; i++) {
    if (parts[i][0] == '\0' && i > 0)
      continue;                 /* "a//b" */
    if (glob->len == 0 && strpbrk (parts[i], "*?[") == NULL)
      g_ptr_array_add (root, parts[i]);
    else
      g_ptr_array_add (glob, parts[i]);
  }
  g_ptr_array_add (root, NULL);
  g_ptr_array_add (glob, NULL);
  w->dataset->root = g_strjoinv ("/", (gchar **) root->pdata);
  if (w->dataset->root[0] == '\0') {
    g_free (w->dataset->root);
    w->dataset->root = g_strdup (location[0] == '/' ? "/" : ".");
  }
  w->glob = (gchar **) glob->pdata;
  w->glob_path = g_strjoinv ("/", w->glob);
  w->max_depth = glob->len - 1;
  ok = gst_im_dataset_walk (w, error);
  g_free (w->glob_path);
  g_ptr_array_free (glob, TRUE);
  g_ptr_array_free (root, TRUE);
  g_strfreev (parts);
  return ok;
}

/* One path per line; the text is checked to be text, so that a binary
 * file never becomes a list of made-up paths. */
