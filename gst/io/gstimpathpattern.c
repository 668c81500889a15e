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
 * `{copy}`).
 *
 * The data never makes an output leave the folder the pattern names: every
 * expanded path is checked, whatever token produced it. A path component
 * that a token helped make must be a name: empty, `.` and `..` components
 * are refused (an absolute result too, its first component being empty),
 * and the part of the path after the pattern's fixed leading folder (its
 * literal text up to the last `/` before the first token) may not climb
 * above it. Before that, {dir} is tidied: a leading `/` and any `.` or
 * empty component of the source's folder are dropped (`./a//b/x.jpg` has
 * {dir} `a/b`), as they name no folder.
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
  gsize fixed_len;              /* the leading literal folder, "/" included */
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
 * gst_im_path_pattern_new: (skip)
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
  if (pat->segments->len > 0) {
    const Segment *first = &g_array_index (pat->segments, Segment, 0);
    const gchar *slash = first->kind == SEG_TEXT ?
        strrchr (first->text, '/') : NULL;

    pat->fixed_len = slash ? slash + 1 - first->text : 0;
  }
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

/* Splits a source path into folder, name, stem and extension. The folder
 * loses a leading "/" and its "." and empty components; ".." is kept, and
 * refused in the expanded path. */
static gboolean
split_source (const gchar * source, gchar ** dir, gchar ** name,
    gchar ** stem, gchar ** ext, GError ** error)
{
  gchar **parts = g_strsplit (source, "/", -1);
  guint n = g_strv_length (parts), i;
  GString *folder = g_string_new (NULL);
  const gchar *dot;

  for (i = 0; i + 1 < n; i++) {
    if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
      continue;
    if (folder->len > 0)
      g_string_append_c (folder, '/');
    g_string_append (folder, parts[i]);
  }
  *name = g_strdup (parts[n - 1]);
  g_strfreev (parts);
  if (**name == '\0') {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Source path \"%s\" names no file", source);
    g_string_free (folder, TRUE);
    g_free (*name);
    return FALSE;
  }
  *dir = g_string_free (folder, FALSE);
  /* a leading dot starts a hidden name, not an extension */
  dot = strrchr (*name, '.');
  if (dot == NULL || dot == *name)
    dot = *name + strlen (*name);
  *stem = g_strndup (*name, dot - *name);
  *ext = g_strdup (*dot ? dot + 1 : "");
  return TRUE;
}

static const gchar *
segment_name (SegmentKind kind)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (tokens); i++) {
    if (tokens[i].kind == kind)
      return tokens[i].name;
  }
  return NULL;
}

/* In the made_by array of an expansion: a token expanded to nothing here. */
#define EMPTY_HERE 0x80

/* Appends @text, made by a segment of @kind, to @out. @made_by holds one
 * byte per byte of @out and one more for its end: the SegmentKind of the
 * token that wrote the byte (SEG_TEXT for the pattern's text), with
 * EMPTY_HERE when a token expanded to nothing right before it. */
static void
append (GString * out, GByteArray * made_by, const gchar * text,
    SegmentKind kind)
{
  gsize start = out->len;

  if (*text == '\0') {
    if (kind != SEG_TEXT)
      made_by->data[start] = EMPTY_HERE | kind;
    return;
  }
  g_string_append (out, text);
  g_byte_array_set_size (made_by, out->len + 1);
  /* text keeps the mark of an empty token before it */
  if (kind != SEG_TEXT)
    made_by->data[start] = kind;
  memset (made_by->data + start + 1, kind, out->len - start - 1);
  made_by->data[out->len] = SEG_TEXT;
}

/* The token that helped make the component @start..@end of an expansion,
 * or SEG_TEXT. A name is made by the tokens that wrote its bytes; an empty
 * component also by a token that wrote a "/" around it or expanded to
 * nothing inside it. */
static SegmentKind
component_maker (const GByteArray * made_by, gsize start, gsize end)
{
  gsize k;

  if (start == end) {
    for (k = start > 0 ? start - 1 : 0; k <= end; k++) {
      if (made_by->data[k] != SEG_TEXT)
        return made_by->data[k] & ~EMPTY_HERE;
    }
  }
  for (k = start; k < end; k++) {
    if (made_by->data[k] != SEG_TEXT && !(made_by->data[k] & EMPTY_HERE))
      return made_by->data[k];
  }
  return SEG_TEXT;
}

/* Refuses an expanded path that could leave the folder the pattern names:
 * a component that a token helped make must not be empty, "." or "..",
 * and the part after the fixed leading folder must not climb above it. */
static gboolean
check_expanded (const GstImPathPattern * pattern, const gchar * source,
    const GString * out, const GByteArray * made_by, GError ** error)
{
  const gchar *path = out->str;
  gsize start = 0, len = out->len, clen = 0;
  SegmentKind by = SEG_TEXT;
  gint64 depth = 0;

  while (start <= len) {
    const gchar *slash = memchr (path + start, '/', len - start);
    gsize end = slash ? (gsize) (slash - path) : len;
    gboolean dot, dotdot;

    clen = end - start;
    dot = clen == 1 && path[start] == '.';
    dotdot = clen == 2 && path[start] == '.' && path[start + 1] == '.';
    if (clen == 0 || dot || dotdot) {
      by = component_maker (made_by, start, end);
      if (by != SEG_TEXT)
        goto bad_component;
    }
    if (start >= pattern->fixed_len && clen > 0 && !dot) {
      depth += dotdot ? -1 : 1;
      if (depth < 0)
        goto climbs;
    }
    start = end + 1;
  }
  return TRUE;

  /* ERRORS */
bad_component:
  {
    const gchar *token = segment_name (by);
    gchar *what = clen == 0 ? g_strdup ("an empty path component") :
        g_strdup_printf ("the path component \"%.*s\"", (gint) clen,
        path + start);
    gchar *maker = token ? g_strdup_printf ("{%s}", token) :
        g_strdup ("the index conversion");

    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Refusing to save \"%s\" as \"%s\": %s comes from %s; what comes "
        "from the data must be a name, so that the output stays in its folder",
        source ? source : "(no source)", path, what, maker);
    g_free (what);
    g_free (maker);
    return FALSE;
  }
climbs:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Refusing to save \"%s\" as \"%s\": its \"..\" climbs above "
        "\"%.*s\", the folder the location starts with",
        source ? source : "(no source)", path, (gint) pattern->fixed_len,
        path);
    return FALSE;
  }
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
 * Makes an output path. {dir} is the folder part of @source without a
 * leading "/" and without "." or empty components ("" when none is left; a
 * "/" right after an empty {dir} is dropped, so "out/{dir}/{name}" gives
 * "out/a.png", not "out//a.png", and "{dir}/{name}" stays relative).
 *
 * The path is refused when a component that a token helped make is empty,
 * "." or "..", or when it climbs above the pattern's fixed leading folder:
 * whatever the source, the output stays below the folder the pattern names.
 *
 * Returns: (transfer full) (nullable): the path, or %NULL with @error set
 *   (%GST_RESOURCE_ERROR_SETTINGS, naming @source and the path) when
 *   @pattern needs a source and there is none, or the path is refused
 */
gchar *
gst_im_path_pattern_expand (const GstImPathPattern * pattern,
    const gchar * source, guint64 index, guint copy, GError ** error)
{
  gchar *dir = NULL, *name = NULL, *stem = NULL, *ext = NULL;
  gboolean skip_slash = FALSE;
  GByteArray *made_by;
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
  made_by = g_byte_array_new ();
  g_byte_array_set_size (made_by, 1);
  made_by->data[0] = SEG_TEXT;
  for (i = 0; i < pattern->segments->len; i++) {
    const Segment *seg = &g_array_index (pattern->segments, Segment, i);
    const gchar *text = seg->text;
    gchar *formatted = NULL;

    switch (seg->kind) {
      case SEG_TEXT:
        if (skip_slash && text[0] == '/')
          text++;
        break;
      case SEG_STEM:
        text = stem;
        break;
      case SEG_NAME:
        text = name;
        break;
      case SEG_EXT:
        text = ext;
        break;
      case SEG_DIR:
        text = dir;
        break;
      case SEG_INDEX:
        text = formatted = g_strdup_printf ("%" G_GUINT64_FORMAT, index);
        break;
      case SEG_COPY:
        text = formatted = g_strdup_printf ("%u", copy);
        break;
      case SEG_PRINTF_SIGNED:
        text = formatted = g_strdup_printf (seg->text, (gint64) index);
        break;
      case SEG_PRINTF_UNSIGNED:
        text = formatted = g_strdup_printf (seg->text, index);
        break;
    }
    append (out, made_by, text, seg->kind);
    g_free (formatted);
    skip_slash = seg->kind == SEG_DIR && dir[0] == '\0';
  }
  g_free (dir);
  g_free (name);
  g_free (stem);
  g_free (ext);
  if (!check_expanded (pattern, source, out, made_by, error)) {
    g_byte_array_unref (made_by);
    g_string_free (out, TRUE);
    return NULL;
  }
  g_byte_array_unref (made_by);
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
