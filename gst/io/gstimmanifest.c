/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimmanifest
 * @title: GstImManifest
 * @short_description: a CSV or JSON-lines list of saved files
 *
 * A #GstImManifest lists saved files, one entry each, as CSV or JSON lines.
 * Entries go to a temporary file next to the manifest as they come, and
 * gst_im_manifest_commit() puts that file under the manifest's name with a
 * rename, so readers see a whole manifest or the previous one, never part
 * of one (the same dance as gst_im_save_file()).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <gst/imagemill/gstimmanifest.h>
#include "io/gstimsaver-private.h"


struct _GstImManifest
{
  gchar *path;
  gboolean jsonl;
  gchar *temp;                  /* the temporary file being written */
  FILE *file;
  gboolean committed;           /* @path holds this manifest */
};

/**
 * gst_im_manifest_new: (skip)
 * @path: where the manifest goes: a .csv file, or .jsonl (also .ndjson,
 *   .json) for JSON lines
 * @error: return location for a #GError
 *
 * Nothing is written before the first gst_im_manifest_add() or
 * gst_im_manifest_commit().
 *
 * Returns: (transfer full) (nullable): a manifest, or %NULL with @error set
 *   when the extension is none of those
 */
GstImManifest *
gst_im_manifest_new (const gchar * path, GError ** error)
{
  GstImManifest *manifest;
  gboolean jsonl;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV"))
    jsonl = FALSE;
  else if (g_str_has_suffix (path, ".jsonl") || g_str_has_suffix (path,
          ".ndjson") || g_str_has_suffix (path, ".json"))
    jsonl = TRUE;
  else
    goto bad_name;

  manifest = g_new0 (GstImManifest, 1);
  manifest->path = g_strdup (path);
  manifest->jsonl = jsonl;
  return manifest;

  /* ERRORS */
bad_name:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Manifest \"%s\": the name must end in .csv (CSV) or .jsonl (JSON "
        "lines)", path);
    return NULL;
  }
}

/**
 * gst_im_manifest_free:
 * @manifest: (nullable) (transfer full): a manifest
 *
 * Frees @manifest; entries added since the last commit are dropped with the
 * temporary file.
 */
void
gst_im_manifest_free (GstImManifest * manifest)
{
  if (manifest == NULL)
    return;
  if (manifest->file) {
    fclose (manifest->file);
    g_unlink (manifest->temp);
  }
  g_free (manifest->temp);
  g_free (manifest->path);
  g_free (manifest);
}

static gboolean
manifest_failed (GstImManifest * manifest, gint errsv, GError ** error)
{
  g_set_error (error, GST_RESOURCE_ERROR, gst_im_save_error_code (errsv),
      "Could not write the manifest \"%s\": %s", manifest->path,
      g_strerror (errsv));
  return FALSE;
}

/* Opens the temporary file, with what was committed before (entries after a
 * commit are appended to a copy) or the CSV header. */
static gboolean
manifest_open (GstImManifest * manifest, GError ** error)
{
  gchar *dir = g_path_get_dirname (manifest->path);
  gint fd, errsv;

  if (g_mkdir_with_parents (dir, 0777) != 0) {
    errsv = errno;
    g_free (dir);
    return manifest_failed (manifest, errsv, error);
  }
  g_free (dir);
  manifest->temp = gst_im_save_temp_template (manifest->path);
  fd = g_mkstemp_full (manifest->temp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0 || (manifest->file = fdopen (fd, "w")) == NULL) {
    errsv = errno;
    if (fd >= 0)
      close (fd);
    g_clear_pointer (&manifest->temp, g_free);
    return manifest_failed (manifest, errsv, error);
  }

  if (manifest->committed) {
    FILE *old = fopen (manifest->path, "r");
    gchar buf[65536];
    gsize n;

    if (old == NULL) {
      errsv = errno;
      fclose (manifest->file);
      manifest->file = NULL;
      g_unlink (manifest->temp);
      g_clear_pointer (&manifest->temp, g_free);
      return manifest_failed (manifest, errsv, error);
    }
    while ((n = fread (buf, 1, sizeof (buf), old)) > 0)
      fwrite (buf, 1, n, manifest->file);
    fclose (old);
  } else if (!manifest->jsonl) {
    fputs ("location,source,index,copy,bytes,status,augment\n",
        manifest->file);
  }
  return TRUE;
}

static void
append_csv_field (GString * line, const gchar * value)
{
  const gchar *p;

  g_string_append_c (line, '"');
  for (p = value; *p; p++) {
    if (*p == '"')
      g_string_append_c (line, '"');
    g_string_append_c (line, *p);
  }
  g_string_append_c (line, '"');
}

static void
append_json_string (GString * line, const gchar * value)
{
  gchar *valid = g_utf8_make_valid (value, -1);
  const guchar *p;

  g_string_append_c (line, '"');
  for (p = (const guchar *) valid; *p; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_printf (line, "\\%c", *p);
    else if (*p < 0x20)
      g_string_append_printf (line, "\\u%04x", *p);
    else
      g_string_append_c (line, *p);
  }
  g_string_append_c (line, '"');
  g_free (valid);
}

/**
 * gst_im_manifest_add:
 * @manifest: a manifest
 * @location: the output path
 * @source: (nullable): the source path
 * @index: the input's index
 * @copy: the input's copy number
 * @bytes: the output's size
 * @status: "written", or "existing" for a file that was kept
 * @augment: (nullable): the augment plan that made the output (JSON, from
 *   its augment meta)
 * @error: return location for a #GError
 *
 * Appends one entry. CSV has the columns location, source, index, copy,
 * bytes, status, augment, with the two paths always quoted and the plan
 * quoted (empty when there is none); JSON lines have the same keys, source
 * null when unknown (paths that are not UTF-8 get U+FFFD), augment the
 * plan object itself, and only when there is one.
 *
 * Returns: %FALSE with @error set when the temporary file cannot be written
 */
gboolean
gst_im_manifest_add (GstImManifest * manifest, const gchar * location,
    const gchar * source, guint64 index, guint copy, guint64 bytes,
    const gchar * status, const gchar * augment, GError ** error)
{
  GString *line;

  g_return_val_if_fail (manifest != NULL, FALSE);
  g_return_val_if_fail (location != NULL && status != NULL, FALSE);

  if (manifest->file == NULL && !manifest_open (manifest, error))
    return FALSE;

  line = g_string_new (NULL);
  if (manifest->jsonl) {
    g_string_append (line, "{\"location\":");
    append_json_string (line, location);
    g_string_append (line, ",\"source\":");
    if (source)
      append_json_string (line, source);
    else
      g_string_append (line, "null");
    g_string_append_printf (line, ",\"index\":%" G_GUINT64_FORMAT ",\"copy\""
        ":%u,\"bytes\":%" G_GUINT64_FORMAT ",\"status\":\"%s\"", index,
        copy, bytes, status);
    /* the plan is JSON written by augment: embedded as it is */
    if (augment)
      g_string_append_printf (line, ",\"augment\":%s", augment);
    g_string_append (line, "}\n");
  } else {
    append_csv_field (line, location);
    g_string_append_c (line, ',');
    append_csv_field (line, source ? source : "");
    g_string_append_printf (line, ",%" G_GUINT64_FORMAT ",%u,%"
        G_GUINT64_FORMAT ",%s,", index, copy, bytes, status);
    if (augment)
      append_csv_field (line, augment);
    g_string_append_c (line, '\n');
  }
  fwrite (line->str, 1, line->len, manifest->file);
  g_string_free (line, TRUE);
  if (ferror (manifest->file))
    return manifest_failed (manifest, errno ? errno : EIO, error);
  return TRUE;
}

/**
 * gst_im_manifest_commit:
 * @manifest: a manifest
 * @sync: fsync the file before it gets its name, and its folder after
 * @error: return location for a #GError
 *
 * Puts every entry added so far under the manifest's name, atomically (a
 * manifest with no entries is a CSV header or an empty file). Entries added
 * later go to a new temporary file, committed by the next call.
 *
 * Returns: %FALSE with @error set on a write failure; the previous manifest
 *   (if any) is then untouched
 */
gboolean
gst_im_manifest_commit (GstImManifest * manifest, gboolean sync,
    GError ** error)
{
  gint errsv = 0;

  g_return_val_if_fail (manifest != NULL, FALSE);

  if (manifest->file == NULL) {
    if (manifest->committed)
      return TRUE;
    if (!manifest_open (manifest, error))
      return FALSE;
  }
  if (fflush (manifest->file) != 0 || ferror (manifest->file)
      || (sync && fsync (fileno (manifest->file)) != 0))
    errsv = errno ? errno : EIO;
  if (fclose (manifest->file) != 0 && errsv == 0)
    errsv = errno;
  manifest->file = NULL;
  if (errsv == 0 && g_rename (manifest->temp, manifest->path) != 0)
    errsv = errno;
  if (errsv != 0)
    g_unlink (manifest->temp);
  g_clear_pointer (&manifest->temp, g_free);
  if (errsv != 0)
    return manifest_failed (manifest, errsv, error);

  if (sync)
    gst_im_save_sync_folder (manifest->path);
  manifest->committed = TRUE;
  GST_DEBUG ("manifest %s committed", manifest->path);
  return TRUE;
}
