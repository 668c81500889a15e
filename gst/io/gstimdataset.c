/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Listing a dataset: a folder (walked with an extension filter), a glob, a
 * list file or a single image, sorted bytewise, then cut into shards.
 *
 * The folder walk is gstimdatasetwalk.c: folders are walked in sorted
 * order and each folder (by device and inode) is entered once, so of two
 * links to one folder the bytewise first always wins and a link loop ends.
 * Sizes come from the walk's stat(); a list
 * file's paths are only stat()ed once the shard is known, so N jobs on a
 * huge list each pay for their own items only.
 *
 * The location is hostile input like the items: it is stat()ed before it
 * is opened (a FIFO would block open(), a device would be read for ever),
 * and a list file is read with the file reader, so without blocking and
 * within a size limit.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "io/gstimdataset-private.h"
#include <gst/imagemill/gstimdecoder.h>
#include <gst/imagemill/gstimfileread.h>

GST_IM_DEBUG_CATEGORY ("im-dataset", "imagemill dataset listing");

void
gst_im_dataset_add_item (GstImDataset * ds, gchar * path, guint64 size)
{
  GstImDatasetItem item = { path, 0, size };

  g_array_append_val (ds->items, item);
}

/* GLib's file errors already name the file; only the domain changes. */
GError *
gst_im_dataset_to_resource_error (GError * err)
{
  if (err->domain != GST_RESOURCE_ERROR) {
    err->code = g_error_matches (err, G_FILE_ERROR, G_FILE_ERROR_NOENT) ?
        GST_RESOURCE_ERROR_NOT_FOUND : GST_RESOURCE_ERROR_OPEN_READ;
    err->domain = GST_RESOURCE_ERROR;
  }
  return err;
}

static void
item_clear (GstImDatasetItem * item)
{
  g_free (item->path);
}

static gint
item_compare (gconstpointer a, gconstpointer b)
{
  return strcmp (((const GstImDatasetItem *) a)->path,
      ((const GstImDatasetItem *) b)->path);
}

static gboolean
list_file (GstImDataset * ds, const gchar * location, guint64 max_bytes,
    GError ** error)
{
  GstImFileReader *reader = gst_im_file_reader_new (0);
  const gchar *line, *eol, *end;
  GstBuffer *buf;
  GstMapInfo map;
  gsize len;

  /* O_NONBLOCK, a regular file only, at most max_bytes */
  gst_im_file_reader_set_max_file_bytes (reader, max_bytes);
  buf = gst_im_file_reader_read (reader, location, error);
  gst_im_file_reader_free (reader);
  if (buf == NULL)
    return FALSE;
  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    goto map_failed;
  if (memchr (map.data, '\0', map.size))
    goto not_text;

  end = (const gchar *) map.data + map.size;
  for (line = (const gchar *) map.data; line < end; line = eol + 1) {
    eol = memchr (line, '\n', end - line);
    if (eol == NULL)
      eol = end;
    while (line < eol && g_ascii_isspace (*line))
      line++;
    len = eol - line;
    while (len > 0 && g_ascii_isspace (line[len - 1]))
      len--;
    if (len > 0 && line[0] != '#')
      gst_im_dataset_add_item (ds, g_strndup (line, len), 0);
  }
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  return TRUE;

  /* ERRORS */
map_failed:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "“%s”: could not map the list file's bytes", location);
    gst_buffer_unref (buf);
    return FALSE;
  }
not_text:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "“%s” is neither a JPEG or PNG image nor a list file (it holds NUL "
        "bytes)", location);
    gst_buffer_unmap (buf, &map);
    gst_buffer_unref (buf);
    return FALSE;
  }
}

/* Extensions that make a location an image whatever its bytes: a damaged
 * photo is then one item that fails to decode, never a list of paths. */
static const gchar *const image_extensions[] = {
  "jpg", "jpeg", "jpe", "jfif", "png", "apng", "gif", "bmp", "tif", "tiff",
  "webp", "avif", "heic", "heif", "jxl", "jp2", "pnm", "ppm", "pgm", "pbm",
};

static gboolean
has_image_extension (const gchar * path)
{
  const gchar *base = strrchr (path, '/');
  const gchar *ext = strrchr (base ? base : path, '.');
  guint i;

  if (ext == NULL)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (image_extensions); i++)
    if (g_ascii_strcasecmp (ext + 1, image_extensions[i]) == 0)
      return TRUE;
  return FALSE;
}

/* By its extension, else by its first bytes; opened without blocking, in
 * case it was replaced by a FIFO since it was stat()ed. */
static gboolean
is_image_file (const gchar * path)
{
  guint8 head[8] = { 0 };
  gssize n = 0;
  GStatBuf st;
  gint fd;

  if (has_image_extension (path))
    return TRUE;
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
    n = read (fd, head, sizeof (head));
  close (fd);
  return n > 0 && gst_im_codec_sniff (head, n) != GST_IM_CODEC_UNKNOWN;
}

/* "jpg, .PNG" -> { "jpg", "PNG" }; NULL for "keep every file". */
static gchar **
parse_extensions (const gchar * extensions)
{
  gchar **exts;
  guint i;

  if (extensions == NULL || extensions[0] == '\0')
    return NULL;
  exts = g_strsplit (extensions, ",", -1);
  for (i = 0; exts[i]; i++) {
    gchar *ext = g_strstrip (exts[i]);

    if (ext[0] == '.')          /* ".jpg" */
      memmove (ext, ext + 1, strlen (ext));
  }
  return exts;
}

static gboolean
list_location (GstImDataset * ds, const gchar * location,
    const gchar * extensions, GstImDatasetFlags flags, guint64 max_list_bytes,
    GError ** error)
{
  Walk w = { ds, NULL, NULL, NULL, 1, FALSE, NULL };
  GStatBuf st;
  gboolean ok;
  gint errsv;

  w.skip_bad_folders = (flags & GST_IM_DATASET_SKIP_BAD_FOLDERS) != 0;
  /* stat(), not open(): opening a FIFO would block */
  if (g_stat (location, &st) != 0)
    goto no_file;
  if (S_ISDIR (st.st_mode)) {
    ds->root = g_strdup (location);
    w.extensions = parse_extensions (extensions);
    if (flags & GST_IM_DATASET_RECURSIVE)
      w.max_depth = G_MAXUINT;
    ok = gst_im_dataset_walk (&w, error);
    g_strfreev (w.extensions);
    return ok;
  }
  if (!S_ISREG (st.st_mode))
    goto not_regular;
  ds->root = g_path_get_dirname (location);
  ds->unsized = TRUE;
  if (!is_image_file (location))
    return list_file (ds, location, max_list_bytes, error);
  gst_im_dataset_add_item (ds, g_path_get_basename (location), 0);
  return TRUE;

  /* ERRORS */
no_file:
  {
    errsv = errno;
    if (strpbrk (location, "*?["))
      return gst_im_dataset_list_glob (location, &w, error);
    if (errsv == ENOENT)
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
          "“%s”: no such file or folder", location);
    else
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
          "“%s”: %s", location, g_strerror (errsv));
    return FALSE;
  }
not_regular:
  {
    /* a device would be read for ever, a FIFO would block */
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
        "“%s” is not a regular file or a folder", location);
    return FALSE;
  }
}

/**
 * gst_im_dataset_list: (skip)
 * @location: a folder, a glob, a list file or a single image
 * @extensions: (nullable): comma-separated extensions a folder keeps,
 *   compared without regard to ASCII case, a leading dot allowed
 *   ("jpg,.jpeg,PNG"); %NULL or "" keeps every file
 * @flags: how to list
 * @max_list_bytes: the most bytes a list file may hold; 0 means no limit
 * @error: where to store the reason the listing failed
 *
 * Lists the files of a dataset and sorts them bytewise by path. Hidden
 * entries (names starting with a dot) and entries that are neither regular
 * files nor folders are not listed. @location itself must be a folder or a
 * regular file (or a glob): a device or a FIFO fails at once, "is not a
 * regular file or a folder", without being opened.
 *
 * - A folder is walked (its sub-folders too with
 *   %GST_IM_DATASET_RECURSIVE), keeping the files whose extension is in
 *   @extensions; the folder is the root.
 * - When no file or folder @location exists and it holds `*`, `?` or `[`,
 *   it is a glob matched with the shell's rules (fnmatch with FNM_PATHNAME
 *   and FNM_PERIOD: wildcards do not cross `/` nor match a leading dot);
 *   the root is the folder before the first wildcard.
 * - A file whose extension is an image type's (jpg, jpeg, png, gif, tif,
 *   webp and the like, any case) or that starts like a JPEG or PNG is a
 *   single image, even when its bytes are damaged: reading it reports that.
 * - Any other file is a list file: one path per line, white space around it
 *   removed; blank lines and lines starting with `#` are ignored; relative
 *   paths are relative to the list's folder, the root. Its paths are not
 *   checked: a missing file fails when it is read. It is read without
 *   blocking, at most @max_list_bytes of it, and must be text (no NUL
 *   byte).
 *
 * Globs and list files are not filtered by @extensions: they name what they
 * want. Item i gets index i. An empty dataset is not an error.
 *
 * Returns: (transfer full) (nullable): the dataset, or %NULL with @error
 *   set, in the %GST_RESOURCE_ERROR domain, its message naming the file or
 *   folder that failed
 */
GstImDataset *
gst_im_dataset_list (const gchar * location, const gchar * extensions,
    GstImDatasetFlags flags, guint64 max_list_bytes, GError ** error)
{
  GstImDataset *ds;
  guint i;

  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ds = g_new0 (GstImDataset, 1);
  ds->items = g_array_new (FALSE, FALSE, sizeof (GstImDatasetItem));
  g_array_set_clear_func (ds->items, (GDestroyNotify) item_clear);
  ds->folder_errors = g_ptr_array_new_with_free_func ((GDestroyNotify)
      g_error_free);
  if (!list_location (ds, location, extensions, flags, max_list_bytes,
          error)) {
    gst_im_dataset_free (ds);
    return NULL;
  }
  if (!ds->unsized || !(flags & GST_IM_DATASET_KEEP_LIST_ORDER))
    g_array_sort (ds->items, item_compare);
  for (i = 0; i < ds->items->len; i++)
    g_array_index (ds->items, GstImDatasetItem, i).index = i;
  GST_DEBUG ("%s: %u items under \"%s\", %u folders left out", location,
      ds->items->len, ds->root, ds->folder_errors->len);
  return ds;
}

/**
 * gst_im_dataset_free:
 * @dataset: (transfer full) (nullable): a dataset
 *
 * Frees @dataset and its items.
 */
void
gst_im_dataset_free (GstImDataset * dataset)
{
  if (dataset == NULL)
    return;
  g_array_unref (dataset->items);
  g_ptr_array_unref (dataset->folder_errors);
  g_free (dataset->root);
  g_free (dataset);
}

/**
 * gst_im_dataset_shard:
 * @dataset: a dataset
 * @shard_index: the shard to keep, below @shard_count
 * @shard_count: number of shards; 1 keeps every item
 * @max_items: keep at most this many items of the shard, the first ones; 0
 *   means no limit
 *
 * Keeps only the items whose index i satisfies i mod @shard_count =
 * @shard_index, in order, with their indices: @shard_count jobs with
 * @shard_index 0 to @shard_count - 1 together read every item exactly once.
 * Items from a list file get their sizes here (a file that cannot be
 * stat()ed keeps size 0).
 *
 * Items returned by gst_im_dataset_get_item() before this call are no
 * longer valid after it.
 */
void
gst_im_dataset_shard (GstImDataset * dataset, guint shard_index,
    guint shard_count, guint64 max_items)
{
  GArray *all;
  guint i;

  g_return_if_fail (dataset != NULL);
  g_return_if_fail (shard_index < shard_count);

  all = dataset->items;
  dataset->items = g_array_new (FALSE, FALSE, sizeof (GstImDatasetItem));
  g_array_set_clear_func (dataset->items, (GDestroyNotify) item_clear);
  for (i = 0; i < all->len; i++) {
    GstImDatasetItem *item = &g_array_index (all, GstImDatasetItem, i);

    if (max_items && dataset->items->len == max_items)
      break;
    if (item->index % shard_count != shard_index)
      continue;
    if (dataset->unsized) {
      gchar *path = gst_im_dataset_get_full_path (dataset, item);
      GStatBuf st;

      item->size = g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
      g_free (path);
    }
    g_array_append_val (dataset->items, *item);
    item->path = NULL;          /* moved */
  }
  dataset->unsized = FALSE;
  GST_DEBUG ("shard %u/%u of \"%s\": %u of %u items", shard_index,
      shard_count, dataset->root, dataset->items->len, all->len);
  g_array_unref (all);
}

/**
 * gst_im_dataset_get_root:
 * @dataset: a dataset
 *
 * Returns: (transfer none): the folder the items' relative paths start
 *   from, as given (relative when the location was)
 */
const gchar *
gst_im_dataset_get_root (GstImDataset * dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  return dataset->root;
}

/**
 * gst_im_dataset_get_n_items:
 * @dataset: a dataset
 *
 * Returns: the number of items
 */
guint
gst_im_dataset_get_n_items (GstImDataset * dataset)
{
  g_return_val_if_fail (dataset != NULL, 0);

  return dataset->items->len;
}

/**
 * gst_im_dataset_get_item:
 * @dataset: a dataset
 * @i: position of the item, below gst_im_dataset_get_n_items()
 *
 * Returns: (transfer none): the @i-th item, valid until @dataset is freed
 *   or sharded
 */
const GstImDatasetItem *
gst_im_dataset_get_item (GstImDataset * dataset, guint i)
{
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (i < dataset->items->len, NULL);

  return &g_array_index (dataset->items, GstImDatasetItem, i);
}

/**
 * gst_im_dataset_get_full_path:
 * @dataset: a dataset
 * @item: one of its items
 *
 * Returns: (transfer full): the path to open @item with: its path joined to
 *   the root, or its path when that is absolute. g_free() it.
 */
gchar *
gst_im_dataset_get_full_path (GstImDataset * dataset,
    const GstImDatasetItem * item)
{
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (item != NULL, NULL);

  if (g_path_is_absolute (item->path))
    return g_strdup (item->path);
  return g_build_filename (dataset->root, item->path, NULL);
}

/**
 * gst_im_dataset_get_folder_errors:
 * @dataset: a dataset
 *
 * Returns: (transfer none) (element-type GError): one error per sub-folder
 *   that could not be opened and was left out under
 *   %GST_IM_DATASET_SKIP_BAD_FOLDERS, in walk order; empty without it
 */
const GPtrArray *
gst_im_dataset_get_folder_errors (GstImDataset * dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  return dataset->folder_errors;
}
