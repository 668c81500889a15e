/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimsaver
 * @title: GstImSaver
 * @short_description: atomic file writes, if-exists
 *
 * gst_im_save_file() writes a file so that it appears complete or not at all:
 * the bytes go to a temporary file in the target folder, named
 * `.NAME.tmp-XXXXXX` so that it can never be taken for an output (it is
 * hidden and has no image extension), optionally fsync'd, then renamed to
 * NAME. A process killed at any moment leaves at most a temporary file,
 * never a partial NAME; on an error the temporary file is removed.
 * GLib's g_file_set_contents_full() does the same dance, but names its
 * temporary file NAME.XXXXXX (which a later glob for "*.png*" could pick up)
 * and cannot refuse to replace a file that appeared meanwhile, which
 * `if-exists=skip` needs to stay correct with several writers.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE             /* renameat2 () */
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "io/gstimsaver-private.h"


/* a temporary name must fit in NAME_MAX (255) with ".", ".tmp-XXXXXX" */
#define TEMP_BASE_MAX 200
#define TEMP_SUFFIX ".tmp-XXXXXX"

GType
gst_im_if_exists_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_IM_IF_EXISTS_OVERWRITE, "Replace the file atomically", "overwrite"},
    {GST_IM_IF_EXISTS_SKIP, "Keep the file, skip the input (resume a job)",
        "skip"},
    {GST_IM_IF_EXISTS_ERROR, "Keep the file, the input fails", "error"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstImIfExists", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

/* ---- atomic writes ---- */

gint
gst_im_save_error_code (gint errsv)
{
  switch (errsv) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return GST_RESOURCE_ERROR_NO_SPACE_LEFT;
    default:
      return GST_RESOURCE_ERROR_WRITE;
  }
}

/* ".NAME.tmp-XXXXXX" next to @path, NAME cut to TEMP_BASE_MAX bytes at a
 * UTF-8 character boundary. */
gchar *
gst_im_save_temp_template (const gchar * path)
{
  gchar *dir = g_path_get_dirname (path);
  gchar *base = g_path_get_basename (path);
  gsize len = strlen (base);
  gchar *name, *tmpl;

  if (len > TEMP_BASE_MAX) {
    len = TEMP_BASE_MAX;
    while (len > 0 && ((guint8) base[len] & 0xc0) == 0x80)
      len--;
    base[len] = '\0';
  }
  name = g_strconcat (".", base, TEMP_SUFFIX, NULL);
  tmpl = g_build_filename (dir, name, NULL);
  g_free (name);
  g_free (base);
  g_free (dir);
  return tmpl;
}

/**
 * gst_im_is_temp_name:
 * @name: a file name (not a path)
 *
 * Returns: whether @name has the form of a temporary file of
 *   gst_im_save_file(): `.NAME.tmp-XXXXXX`
 */
gboolean
gst_im_is_temp_name (const gchar * name)
{
  gsize len;

  g_return_val_if_fail (name != NULL, FALSE);
  len = strlen (name);
  return name[0] == '.' && len > strlen (TEMP_SUFFIX) + 1
      && strncmp (name + len - strlen (TEMP_SUFFIX), ".tmp-", 5) == 0;
}

static gboolean
write_all (gint fd, const guint8 * data, gsize size)
{
  while (size > 0) {
    gssize n = write (fd, data, MIN (size, G_MAXSSIZE));

    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = ENOSPC;
      return FALSE;
    }
    data += n;
    size -= n;
  }
  return TRUE;
}

/* Puts @from under the name @to unless @to exists: atomically with
 * renameat2 (RENAME_NOREPLACE) or link (), else (file systems with neither)
 * by a check and a rename that another writer could race. */
static gint
rename_no_replace (const gchar * from, const gchar * to)
{
#ifdef RENAME_NOREPLACE
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return -1;
#endif
  if (link (from, to) == 0) {
    g_unlink (from);
    return 0;
  }
  if (errno == EPERM || errno == ENOTSUP || errno == ENOSYS) {
    GStatBuf st;

    if (g_lstat (to, &st) == 0) {
      errno = EEXIST;
      return -1;
    }
    return g_rename (from, to);
  }
  return -1;
}

void
gst_im_save_sync_folder (const gchar * path)
{
  gchar *dir = g_path_get_dirname (path);
  gint fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0) {
    if (fsync (fd) != 0)
      GST_DEBUG ("fsync of folder %s: %s", dir, g_strerror (errno));
    close (fd);
  }
  g_free (dir);
}

/**
 * gst_im_save_file:
 * @path: where the file goes; missing parent folders are created
 * @data: (array length=size): the file's bytes
 * @size: bytes in @data
 * @flags: #GstImSaveFlags
 * @error: return location for a #GError
 *
 * Writes @data to @path atomically: a temporary file in the same folder,
 * optionally fsync'd, renamed to @path. On any failure the temporary file is
 * removed and @path is untouched.
 *
 * Returns: %GST_IM_SAVE_WRITTEN, %GST_IM_SAVE_EXISTS (only with
 *   %GST_IM_SAVE_NO_REPLACE), or %GST_IM_SAVE_FAILED with @error set in the
 *   %GST_RESOURCE_ERROR domain (%GST_RESOURCE_ERROR_NO_SPACE_LEFT for a full
 *   disk, a quota or a file size limit); its message names @path and the
 *   reason.
 */
GstImSaveResult
gst_im_save_file (const gchar * path, const guint8 * data, gsize size,
    GstImSaveFlags flags, GError ** error)
{
  gchar *dir, *tmp;
  gint fd, errsv, ret;

  g_return_val_if_fail (path != NULL && *path != '\0', GST_IM_SAVE_FAILED);
  g_return_val_if_fail (data != NULL || size == 0, GST_IM_SAVE_FAILED);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    goto no_folder;

  tmp = gst_im_save_temp_template (path);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    goto no_temp;
  GST_LOG ("writing %" G_GSIZE_FORMAT " bytes to %s", size, tmp);

  if (!write_all (fd, data, size))
    goto write_failed;
  if ((flags & GST_IM_SAVE_FSYNC) && fsync (fd) != 0)
    goto write_failed;
  ret = close (fd);
  fd = -1;
  if (ret != 0)
    goto write_failed;

  if (flags & GST_IM_SAVE_NO_REPLACE)
    ret = rename_no_replace (tmp, path);
  else
    ret = g_rename (tmp, path);
  if (ret != 0) {
    if (errno == EEXIST && (flags & GST_IM_SAVE_NO_REPLACE))
      goto exists;
    goto rename_failed;
  }
  if (flags & GST_IM_SAVE_FSYNC)
    gst_im_save_sync_folder (path);

  g_free (tmp);
  g_free (dir);
  return GST_IM_SAVE_WRITTEN;

  /* ERRORS */
no_folder:
  {
    errsv = errno;
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE,
        "Could not write \"%s\": cannot create its folder \"%s\": %s", path,
        dir, g_strerror (errsv));
    g_free (dir);
    return GST_IM_SAVE_FAILED;
  }
no_temp:
  {
    errsv = errno;
    g_set_error (error, GST_RESOURCE_ERROR, errsv == ENOSPC || errsv == EDQUOT
        ? GST_RESOURCE_ERROR_NO_SPACE_LEFT : GST_RESOURCE_ERROR_OPEN_WRITE,
        "Could not write \"%s\": cannot create a file in \"%s\": %s", path,
        dir, g_strerror (errsv));
    g_free (tmp);
    g_free (dir);
    return GST_IM_SAVE_FAILED;
  }
write_failed:
  {
    errsv = errno;
    if (fd >= 0)
      close (fd);
    g_unlink (tmp);
    g_set_error (error, GST_RESOURCE_ERROR, gst_im_save_error_code (errsv),
        "Could not write \"%s\": %s", path, g_strerror (errsv));
    g_free (tmp);
    g_free (dir);
    return GST_IM_SAVE_FAILED;
  }
exists:
  {
    GST_DEBUG ("%s appeared meanwhile, leaving it", path);
    g_unlink (tmp);
    g_free (tmp);
    g_free (dir);
    return GST_IM_SAVE_EXISTS;
  }
rename_failed:
  {
    errsv = errno;
    g_unlink (tmp);
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_WRITE,
        "Could not write \"%s\": cannot give the finished file its name: %s",
        path, g_strerror (errsv));
    g_free (tmp);
    g_free (dir);
    return GST_IM_SAVE_FAILED;
  }
}
