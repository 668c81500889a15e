/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Output names from a location pattern: every token, the printf index
 * conversions, the escapes, an empty {dir}, and the refusals (an expanded
 * path with an empty, "." or ".." component made by a token, or climbing
 * above the pattern's leading folder; no source; patterns that do not
 * parse). The expected names and errors are written out by hand.
 */
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimpathpattern.h>

/* Expands @pattern once; fails the test on any error. */
static gchar *
expand (const gchar * pattern, const gchar * source, guint64 index, guint copy)
{
  GError *err = NULL;
  GstImPathPattern *pat = gst_im_path_pattern_new (pattern, &err);
  gchar *out;

  fail_unless (pat != NULL, "%s: %s", pattern, err ? err->message : "");
  out = gst_im_path_pattern_expand (pat, source, index, copy, &err);
  fail_unless (out != NULL, "%s with %s: %s", pattern, source,
      err ? err->message : "");
  gst_im_path_pattern_free (pat);
  return out;
}

static const struct
{
  const gchar *pattern;
  const gchar *source;
  guint64 index;
  guint copy;
  const gchar *want;
} expansions[] = {
  /* the tokens, on the example of docs/elements/queue-saver.md */
  {"out/{dir}/{stem}.png", "photos/2024/IMG 1.JPG", 7, 2,
      "out/photos/2024/IMG 1.png"},
  {"{name}|{ext}|{index}|{copy}|%05d", "photos/2024/IMG 1.JPG", 7, 2,
      "IMG 1.JPG|JPG|7|2|00007"},
  /* stem and extension: the last dot, but not a leading one */
  {"{stem}|{ext}", "archive.tar.gz", 0, 0, "archive.tar|gz"},
  {"{stem}|{ext}", ".hidden", 0, 0, ".hidden|"},
  {"{stem}|{ext}", "d.d/noext", 0, 0, "noext|"},
  {"{dir}|{stem}|{ext}", "a..b/c..jpg", 0, 0, "a..b|c.|jpg"},
  /* an empty {dir} takes the "/" after it along */
  {"out/{dir}/{name}", "a.png", 0, 0, "out/a.png"},
  {"{dir}/{name}", "a.png", 0, 0, "a.png"},
  {"x/{dir}/{dir}/y", "a.png", 0, 0, "x/y"},
  {"{dir}{name}", "a.png", 0, 0, "a.png"},
  {"out/{dir}/{name}", "s/a.png", 0, 0, "out/s/a.png"},
  /* {dir} loses a leading "/" and its "." and empty components */
  {"out/{dir}/{stem}", "/abs/y", 9, 0, "out/abs/y"},
  {"out/{dir}/{stem}", "//abs/y", 9, 0, "out/abs/y"},
  {"out/{dir}/{name}", "./a//b/./c.jpg", 0, 0, "out/a/b/c.jpg"},
  {"out/{dir}/{name}", "./c.jpg", 0, 0, "out/c.jpg"},
  /* only what the pattern uses is checked */
  {"out/{stem}", "/../x", 0, 0, "out/x"},
  {"out/{stem}", "a/../../b.jpg", 0, 0, "out/b"},
  /* dots inside a name are fine */
  {"out/{stem}|{ext}", "...jpg.", 0, 0, "out/...jpg|"},
  {"out/{stem}", "....", 0, 0, "out/..."},
  {"out/{name}", "a/..b", 0, 0, "out/..b"},
  /* the pattern's own text may hold "..", "." and "//" */
  {"../up//./{stem}.png", "x.jpg", 0, 0, "../up//./x.png"},
  {"out/{dir}/../{stem}", "a/b.jpg", 0, 0, "out/a/../b"},
  {"out/{stem}/{ext}../x", "b", 0, 0, "out/b/../x"},
  {"out/{ext}//{stem}", "b.c", 0, 0, "out/c//b"},
  /* printf conversions of the index; signed ones read it as a gint64 */
  {"%d", NULL, 0, 0, "0"},
  {"%05i", NULL, 42, 0, "00042"},
  {"%x-%X-%o", NULL, 255, 0, "ff-FF-377"},
  {"%+d|%-4u|% d|%#x", NULL, 5, 0, "+5|5   | 5|0x5"},
  {"%d", NULL, G_GUINT64_CONSTANT (1099511627776), 0, "1099511627776"},
  {"%u", NULL, G_MAXUINT64, 0, "18446744073709551615"},
  {"%d", NULL, G_MAXUINT64, 0, "-1"},
  {"{index}", NULL, G_MAXUINT64, 0, "18446744073709551615"},
  {"%999d", NULL, 1, 0, NULL},  /* width: checked below */
  /* escapes and lone braces */
  {"f%%_%04d_{{index}}", NULL, 3, 0, "f%_0003_{index}"},
  {"a}b{{", NULL, 0, 0, "a}b{"},
  {"plain.png", NULL, 0, 0, "plain.png"},
  /* a pattern without source tokens ignores the source, ".." included */
  {"%03d.png", "../x.jpg", 4, 0, "004.png"},
};

GST_START_TEST (test_expand)
{
  gchar *got = expand (expansions[__i__].pattern, expansions[__i__].source,
      expansions[__i__].index, expansions[__i__].copy);

  if (expansions[__i__].want) {
    fail_unless_equals_string (got, expansions[__i__].want);
  } else {
    fail_unless (strlen (got) == 999 && g_str_has_suffix (got, " 1"), "%s",
        expansions[__i__].pattern);
  }
  g_free (got);
}

GST_END_TEST;

static const struct
{
  const gchar *pattern;
  gboolean needs_source;
} needs[] = {
  {"{stem}.png", TRUE}, {"{name}", TRUE}, {"x.{ext}", TRUE},
  {"{dir}/%d.png", TRUE}, {"{index}_{copy}_%05d.png", FALSE},
  {"{{stem}}.png", FALSE}, {"%%d", FALSE},
};

GST_START_TEST (test_needs_source)
{
  GstImPathPattern *pat = gst_im_path_pattern_new (needs[__i__].pattern,
      NULL);

  fail_unless (pat != NULL);
  fail_unless_equals_int (gst_im_path_pattern_needs_source (pat),
      needs[__i__].needs_source);
  gst_im_path_pattern_free (pat);
}

GST_END_TEST;

/* sources that must not be used in a name, each named in the error */
static const struct
{
  const gchar *pattern;
  const gchar *source;
  const gchar *expect;
} refused[] = {
  /* the case: "...jpg" has the stem ".." */
  {"OUT/{stem}/{index}.png", "...jpg", "\"..\" comes from {stem}"},
  {"out/{dir}/{name}", "../../etc/passwd", "\"..\" comes from {dir}"},
  {"out/{dir}/{name}", "a/../../b.jpg", "\"..\" comes from {dir}"},
  {"{dir}/{name}", "../x", "\"..\" comes from {dir}"},
  {"out/{name}", "a/..", "\"..\" comes from {name}"},
  {"out/{name}/x", ".", "\".\" comes from {name}"},
  {"out/{stem}", "..", "\".\" comes from {stem}"},
  {"out/{stem}/x", "..jpg", "\".\" comes from {stem}"},
  /* tokens and text together */
  {"out/{stem}.{ext}", "..", "\"..\" comes from {stem}"},
  {"out/{stem}{ext}/x", "a/..", "\".\" comes from {stem}"},
  {"out/{ext}/{stem}", "noext", "empty path component comes from {ext}"},
  {"out/{ext}", "a.", "empty path component comes from {ext}"},
  /* the text of the pattern climbing back over a short {dir} */
  {"out/x/{dir}/../{stem}", "b.jpg", "climbs above \"out/x/\""},
  {"out/{dir}/../../x.png", "a/b.jpg", "climbs above \"out/\""},
  {"o%%/x{stem}/../../y", "s.jpg", "climbs above \"o%/\""},
  {"out/{name}", "a/", "names no file"},
  {"out/{stem}.png", NULL, "no source path"},
  {"out/{ext}/%d", "", "no source path"},
};

GST_START_TEST (test_refused_source)
{
  GstImPathPattern *pat = gst_im_path_pattern_new (refused[__i__].pattern,
      NULL);
  GError *err = NULL;
  gchar *got;

  fail_unless (pat != NULL);
  got = gst_im_path_pattern_expand (pat, refused[__i__].source, 1, 0, &err);
  fail_unless (got == NULL, "%s gave %s", refused[__i__].source, got);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_SETTINGS));
  fail_unless (strstr (err->message, refused[__i__].expect) != NULL, "%s",
      err->message);
  if (refused[__i__].source && *refused[__i__].source)
    fail_unless (strstr (err->message, refused[__i__].source) != NULL,
        "the error does not name the source: %s", err->message);
  g_error_free (err);
  gst_im_path_pattern_free (pat);
}

GST_END_TEST;

/* the refusal names the source, the path it would make and the token */
GST_START_TEST (test_refusal_message)
{
  GstImPathPattern *pat = gst_im_path_pattern_new ("OUT/{stem}/{index}.png",
      NULL);
  GError *err = NULL;

  fail_if (gst_im_path_pattern_expand (pat, "list/...jpg", 3, 0, &err));
  fail_unless_equals_string (err->message, "Refusing to save \"list/...jpg\" "
      "as \"OUT/../3.png\": the path component \"..\" comes from {stem}; what "
      "comes from the data must be a name, so that the output stays in its "
      "folder");
  g_error_free (err);
  gst_im_path_pattern_free (pat);
}

GST_END_TEST;

/* patterns that do not parse, each named in the error */
static const struct
{
  const gchar *pattern;
  const gchar *expect;
} bad_patterns[] = {
  {"%s.png", "not an index conversion"},
  {"%5.png", "not an index conversion"},
  {"%ld.png", "not an index conversion"},
  {"%1000d", "not an index conversion"},
  {"x%", "not an index conversion"},
  {"{nope}.png", "unknown token"},
  {"{stem.png", "unknown token"},
  {"{}", "unknown token"},
  {"{ stem}", "unknown token"},
  {"", "empty"},
};

GST_START_TEST (test_bad_pattern)
{
  GError *err = NULL;

  fail_if (gst_im_path_pattern_new (bad_patterns[__i__].pattern, &err));
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_SETTINGS));
  fail_unless (strstr (err->message, bad_patterns[__i__].expect) != NULL,
      "%s", err->message);
  if (*bad_patterns[__i__].pattern)
    fail_unless (strstr (err->message, bad_patterns[__i__].pattern) != NULL,
        "the error does not name the pattern: %s", err->message);
  g_error_free (err);
}

GST_END_TEST;

/* one parsed pattern, many expansions: nothing carries over */
GST_START_TEST (test_reuse)
{
  GstImPathPattern *pat = gst_im_path_pattern_new ("o/{dir}/{stem}_%02d",
      NULL);
  GError *err = NULL;
  gchar *a, *b, *c;

  a = gst_im_path_pattern_expand (pat, "top.jpg", 1, 0, NULL);
  b = gst_im_path_pattern_expand (pat, "../bad.jpg", 2, 0, &err);
  c = gst_im_path_pattern_expand (pat, "s/t/sub.png", 3, 0, NULL);
  fail_unless_equals_string (a, "o/top_01");
  fail_unless (b == NULL && err != NULL);
  fail_unless_equals_string (c, "o/s/t/sub_03");
  g_clear_error (&err);
  g_free (a);
  g_free (c);
  gst_im_path_pattern_free (pat);
  gst_im_path_pattern_free (NULL);
}

GST_END_TEST;

static Suite *
pathpattern_suite (void)
{
  Suite *s = suite_create ("pathpattern");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_expand, 0, G_N_ELEMENTS (expansions));
  tcase_add_loop_test (tc, test_needs_source, 0, G_N_ELEMENTS (needs));
  tcase_add_loop_test (tc, test_refused_source, 0, G_N_ELEMENTS (refused));
  tcase_add_test (tc, test_refusal_message);
  tcase_add_loop_test (tc, test_bad_pattern, 0, G_N_ELEMENTS (bad_patterns));
  tcase_add_test (tc, test_reuse);
  return s;
}

GST_CHECK_MAIN (pathpattern);
