/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimsaver
 * @title: GstImSaver
 * @short_description: atomic file writes, output names, manifests
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
 *
 * #GstImPathPattern turns a location pattern and a source path into an output
 * name; #GstImManifest lists saved files as CSV or JSON lines and is itself
 * written atomically.
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

#include <gst/imagemill/gstimsaver.h>

#ifndef GST_DISABLE_GST_DEBUG
#define GST_CAT_DEFAULT ensure_debug_category ()
static GstDebugCategory *
ensure_debug_category (void)
{
  static gsize cat_gonce = 0;

  if (g_once_init_enter (&cat_gonce)) {
    gsize cat_done = (gsize) _gst_debug_category_new ("im-saver", 0,
        "imagemill atomic file saving");
    g_once_init_leave (&cat_gonce, cat_done);
  }
  return (GstDebugCategory *) cat_gonce;
}
#endif /* GST_DISABLE_GST_DEBUG */

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

static gint
resource_code (gint errsv)
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
static gchar *
temp_template (const gchar * path)
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

static void
fsync_folder (const gchar * path)
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

  tmp = temp_template (path);
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
    fsync_folder (path);

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
    g_set_error (error, GST_RESOURCE_ERROR, resource_code (errsv),
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

/* ---- path patterns ---- */

typedef enum
{
  SEG_TEXT, SEG_STEM, SEG_NAME, SEG_EXT, SEG_DIR, SEG_INDEX, SEG_COPY,
  SEG_PRINTF_SIGNED, SEG_PRINTF_UNSIGNED,
} SegmentKind;

typedef struct
{
  SegmentKind kind;
  gchar *text;                  /* literal text, or a printf format */
} Segment;

struct _GstImPathPattern
{
  gchar *pattern;
  GArray *segments;
  gboolean needs_source;
};

static const struct
{
  const gchar *name;
  SegmentKind kind;
} tokens[] = {
  {"stem", SEG_STEM}, {"name", SEG_NAME}, {"ext", SEG_EXT}, {"dir", SEG_DIR},
  {"index", SEG_INDEX}, {"copy", SEG_COPY},
};

static void
segment_clear (Segment * seg)
{
  g_free (seg->text);
}

static void
add_segment (GstImPathPattern * pattern, SegmentKind kind, GString * text)
{
  Segment seg = { kind, NULL };

  if (kind == SEG_TEXT && text->len == 0)
    return;
  if (text) {
    seg.text = g_strndup (text->str, text->len);
    g_string_truncate (text, 0);
  }
  g_array_append_val (pattern->segments, seg);
}

/* Parses "%[flags][width]conv" at @p; returns the length, 0 if invalid. */
static gsize
parse_conversion (const gchar * p, GString * format, gboolean * is_signed)
{
  const gchar *start = p++;
  guint digits = 0;

  while (*p && strchr ("-0+ #", *p))
    p++;
  while (g_ascii_isdigit (*p) && digits < 3) {
    p++;
    digits++;
  }
  if (*p == '\0' || !strchr ("diuxXo", *p))
    return 0;
  *is_signed = *p == 'd' || *p == 'i';
  g_string_append_len (format, start, p - start);
  g_string_append (format, G_GINT64_MODIFIER);
  g_string_append_c (format, *p);
  return p + 1 - start;
}

/**
 * gst_im_path_pattern_new:
 * @pattern: the pattern
 * @error: return location for a #GError
 *
 * Parses @pattern: text with printf conversions of the index (`%d`, `%05d`,
 * also `i u x X o` with the flags `-0+ #` and a width up to 999), `%%` for a
 * percent sign, the tokens `{stem}` `{name}` `{ext}` `{dir}` `{index}`
 * `{copy}`, and `{{` for a brace.
 *
 * Returns: (transfer full) (nullable): the pattern, or %NULL with @error set
 *   (%GST_RESOURCE_ERROR_SETTINGS) naming what is wrong
 */
GstImPathPattern *
gst_im_path_pattern_new (const gchar * pattern, GError ** error)
{
  GstImPathPattern *pat;
  GString *text = g_string_new (NULL);
  const gchar *p = pattern;

  g_return_val_if_fail (pattern != NULL, NULL);

  pat = g_new0 (GstImPathPattern, 1);
  pat->pattern = g_strdup (pattern);
  pat->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_array_set_clear_func (pat->segments, (GDestroyNotify) segment_clear);

  if (*pattern == '\0')
    goto empty;
  while (*p) {
    if (p[0] == '%' && p[1] == '%') {
      g_string_append_c (text, '%');
      p += 2;
    } else if (p[0] == '%') {
      GString *format = g_string_new (NULL);
      gboolean is_signed;
      gsize len = parse_conversion (p, format, &is_signed);

      if (len == 0) {
        g_string_free (format, TRUE);
        goto bad_conversion;
      }
      add_segment (pat, SEG_TEXT, text);
      add_segment (pat, is_signed ? SEG_PRINTF_SIGNED : SEG_PRINTF_UNSIGNED,
          format);
      g_string_free (format, TRUE);
      p += len;
    } else if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
      g_string_append_c (text, p[0]);
      p += 2;
    } else if (p[0] == '{') {
      const gchar *end = strchr (p, '}');
      guint i;

      for (i = 0; end && i < G_N_ELEMENTS (tokens); i++) {
        if (strlen (tokens[i].name) == (gsize) (end - p - 1)
            && strncmp (p + 1, tokens[i].name, end - p - 1) == 0)
          break;
      }
      if (end == NULL || i == G_N_ELEMENTS (tokens))
        goto bad_token;
      add_segment (pat, SEG_TEXT, text);
      add_segment (pat, tokens[i].kind, NULL);
      if (tokens[i].kind <= SEG_DIR)
        pat->needs_source = TRUE;
      p = end + 1;
    } else {
      g_string_append_c (text, *p++);
    }
  }
  add_segment (pat, SEG_TEXT, text);
  g_string_free (text, TRUE);
  return pat;

  /* ERRORS */
empty:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "The location pattern is empty");
    goto failed;
  }
bad_conversion:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Invalid location pattern \"%s\": \"%.6s\" is not an index "
        "conversion (%%d, %%05d, %%u, %%x ...); write %%%% for a percent sign",
        pattern, p);
    goto failed;
  }
bad_token:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Invalid location pattern \"%s\": unknown token at \"%.12s\"; the "
        "tokens are {stem} {name} {ext} {dir} {index} {copy}, and {{ is a "
        "brace", pattern, p);
    goto failed;
  }
failed:
  {
    g_string_free (text, TRUE);
    gst_im_path_pattern_free (pat);
    return NULL;
  }
}

/**
 * gst_im_path_pattern_free:
 * @pattern: (nullable) (transfer full): a pattern
 */
void
gst_im_path_pattern_free (GstImPathPattern * pattern)
{
  if (pattern == NULL)
    return;
  g_array_unref (pattern->segments);
  g_free (pattern->pattern);
  g_free (pattern);
}

/**
 * gst_im_path_pattern_needs_source:
 * @pattern: a pattern
 *
 * Returns: whether @pattern uses {stem}, {name}, {ext} or {dir}
 */
gboolean
gst_im_path_pattern_needs_source (const GstImPathPattern * pattern)
{
  g_return_val_if_fail (pattern != NULL, FALSE);
  return pattern->needs_source;
}

/* Splits a source path into folder, name, stem and extension. A leading /
 * is dropped and a ".." component refused, so that {dir} stays below the
 * folder the pattern puts it in. */
static gboolean
split_source (const gchar * source, gchar ** dir, gchar ** name,
    gchar ** stem, gchar ** ext, GError ** error)
{
  const gchar *rel = source, *slash, *dot;
  gchar **parts;
  guint i;

  while (*rel == '/')
    rel++;
  parts = g_strsplit (rel, "/", -1);
  for (i = 0; parts[i]; i++) {
    if (strcmp (parts[i], "..") == 0) {
      g_strfreev (parts);
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
          "Source path \"%s\" has a \"..\" component: refusing to name an "
          "output after it, it could leave the output folder", source);
      return FALSE;
    }
  }
  g_strfreev (parts);

  slash = strrchr (rel, '/');
  *dir = slash ? g_strndup (rel, slash - rel) : g_strdup ("");
  *name = g_strdup (slash ? slash + 1 : rel);
  if (**name == '\0') {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Source path \"%s\" names no file", source);
    g_free (*dir);
    g_free (*name);
    return FALSE;
  }
  /* a leading dot starts a hidden name, not an extension */
  dot = strrchr (*name, '.');
  if (dot == NULL || dot == *name)
    dot = *name + strlen (*name);
  *stem = g_strndup (*name, dot - *name);
  *ext = g_strdup (*dot ? dot + 1 : "");
  return TRUE;
}

/**
 * gst_im_path_pattern_expand:
 * @pattern: a pattern
 * @source: (nullable): the source path (from #GstImSourceMeta), relative to
 *   the dataset root
 * @index: the index for the printf conversions and {index}
 * @copy: the copy number for {copy}
 * @error: return location for a #GError
 *
 * Makes an output path. {dir} is the folder part of @source ("" when there is
 * none; a "/" right after an empty {dir} is dropped, so "out/{dir}/{name}"
 * gives "out/a.png", not "out//a.png", and "{dir}/{name}" stays relative).
 *
 * Returns: (transfer full) (nullable): the path, or %NULL with @error set
 *   when @pattern needs a source and there is none or it has a ".."
 *   component
 */
gchar *
gst_im_path_pattern_expand (const GstImPathPattern * pattern,
    const gchar * source, guint64 index, guint copy, GError ** error)
{
  gchar *dir = NULL, *name = NULL, *stem = NULL, *ext = NULL;
  gboolean skip_slash = FALSE;
  GString *out;
  guint i;

  g_return_val_if_fail (pattern != NULL, NULL);

  if (pattern->needs_source) {
    if (source == NULL || *source == '\0')
      goto no_source;
    if (!split_source (source, &dir, &name, &stem, &ext, error))
      return NULL;
  }

  out = g_string_new (NULL);
  for (i = 0; i < pattern->segments->len; i++) {
    const Segment *seg = &g_array_index (pattern->segments, Segment, i);
    const gchar *text = seg->text;

    switch (seg->kind) {
      case SEG_TEXT:
        if (skip_slash && text[0] == '/')
          text++;
        g_string_append (out, text);
        break;
      case SEG_STEM:
        g_string_append (out, stem);
        break;
      case SEG_NAME:
        g_string_append (out, name);
        break;
      case SEG_EXT:
        g_string_append (out, ext);
        break;
      case SEG_DIR:
        g_string_append (out, dir);
        break;
      case SEG_INDEX:
        g_string_append_printf (out, "%" G_GUINT64_FORMAT, index);
        break;
      case SEG_COPY:
        g_string_append_printf (out, "%u", copy);
        break;
      case SEG_PRINTF_SIGNED:
        g_string_append_printf (out, seg->text, (gint64) index);
        break;
      case SEG_PRINTF_UNSIGNED:
        g_string_append_printf (out, seg->text, index);
        break;
    }
    skip_slash = seg->kind == SEG_DIR && dir[0] == '\0';
  }
  g_free (dir);
  g_free (name);
  g_free (stem);
  g_free (ext);
  return g_string_free (out, FALSE);

  /* ERRORS */
no_source:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Location \"%s\" uses the source name, but the buffer has no source "
        "path (no GstImSourceMeta); use %%05d or {index} instead",
        pattern->pattern);
    return NULL;
  }
}

/* ---- manifests ---- */

struct _GstImManifest
{
  gchar *path;
  gboolean jsonl;
  gchar *temp;                  /* the temporary file being written */
  FILE *file;
  gboolean committed;           /* @path holds this manifest */
};

/**
 * gst_im_manifest_new:
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
  g_set_error (error, GST_RESOURCE_ERROR, resource_code (errsv),
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
  manifest->temp = temp_template (manifest->path);
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
    fputs ("location,source,index,copy,bytes,status\n", manifest->file);
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
 * @error: return location for a #GError
 *
 * Appends one entry. CSV has the columns location, source, index, copy,
 * bytes, status, with the two paths always quoted; JSON lines have the same
 * keys, source null when unknown (paths that are not UTF-8 get U+FFFD).
 *
 * Returns: %FALSE with @error set when the temporary file cannot be written
 */
gboolean
gst_im_manifest_add (GstImManifest * manifest, const gchar * location,
    const gchar * source, guint64 index, guint copy, guint64 bytes,
    const gchar * status, GError ** error)
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
        ":%u,\"bytes\":%" G_GUINT64_FORMAT ",\"status\":\"%s\"}\n", index,
        copy, bytes, status);
  } else {
    append_csv_field (line, location);
    g_string_append_c (line, ',');
    append_csv_field (line, source ? source : "");
    g_string_append_printf (line, ",%" G_GUINT64_FORMAT ",%u,%"
        G_GUINT64_FORMAT ",%s\n", index, copy, bytes, status);
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
    fsync_folder (manifest->path);
  manifest->committed = TRUE;
  GST_DEBUG ("manifest %s committed", manifest->path);
  return TRUE;
}
