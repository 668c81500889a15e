/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimpathpattern
 * @title: GstImPathPattern
 * @short_description: output names from a pattern and a source path
 *
 * A #GstImPathPattern is parsed once and expanded for every output: text,
 * printf conversions of an index (`%05d`) and tokens taken from the source
 * path (`{stem}`, `{name}`, `{ext}`, `{dir}`) or the input (`{index}`,
 * `{copy}`). A source path with a `..` component is refused and a leading
 * `/` dropped, so the data can never make an output leave the folder the
 * pattern names.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/imagemill/gstimpathpattern.h>

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
