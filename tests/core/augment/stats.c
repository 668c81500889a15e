/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The composition rules as albumentations defines them, counted over many
 * frame keys from the plans' "applied" lists: each transform fires with
 * its p; OneOf rolls its own p, then picks one child by the children's p
 * as weights and applies it; 2.x's SomeOf picks n distinct children
 * uniformly, in their order, and each then rolls its own p; 1.4's SomeOf
 * picks by the children's p and applies them.
 *
 * Every count must lie within 5 standard deviations of its binomial mean
 * (a correct draw fails one such check with probability 5.7e-7).
 */
#include "augtest.h"

#define N_KEYS 4000
#define Z 5.0

static void
check_binomial (const gchar * what, guint count, guint n, gdouble p)
{
  gdouble mean = n * p, sd = sqrt (n * p * (1 - p));

  GST_INFO ("%s: %u of %u, expected %.1f +- %.1f", what, count, n, mean, sd);
  fail_unless (fabs (count - mean) <= Z * sd + 1e-9, "%s: %u of %u, expected "
      "%.1f (sd %.1f)", what, count, n, mean, sd);
}

/* For each key, the names the plan applies, joined by spaces. */
static gchar **
applied_lists (const GstImAugPipeline * pipeline)
{
  gchar **lists = g_new0 (gchar *, N_KEYS + 1), *json, *name;
  GstImAugPlan *plan;
  GString *s;
  guint key, i;

  for (key = 0; key < N_KEYS; key++) {
    plan = gst_im_aug_pipeline_draw (pipeline, 99, key, 0, 32, 24);
    json = gst_im_aug_plan_to_json (plan);
    s = g_string_new (NULL);
    for (i = 0; (name = aug_applied_name (json, i)); i++) {
      g_string_append_printf (s, "%s%s", i ? " " : "", name);
      g_free (name);
    }
    fail_unless_equals_int (i, gst_im_aug_plan_get_n_applied (plan));
    lists[key] = g_string_free (s, FALSE);
    g_free (json);
    gst_im_aug_plan_free (plan);
  }
  return lists;
}

static guint
count_equal (gchar ** lists, const gchar * list)
{
  guint key, n = 0;

  for (key = 0; key < N_KEYS; key++)
    n += !strcmp (lists[key], list);
  return n;
}

static guint
count_word (gchar ** lists, const gchar * word)
{
  guint key, n = 0;
  gchar **words, **w;

  for (key = 0; key < N_KEYS; key++) {
    words = g_strsplit (lists[key], " ", -1);
    for (w = words; *w; w++)
      n += !strcmp (*w, word);
    g_strfreev (words);
  }
  return n;
}

GST_START_TEST (test_p)
{
  static const struct
  {
    const gchar *name;
    gdouble p;
  } t[] = {
    {"HorizontalFlip", 0.3}, {"VerticalFlip", 0.5}, {"Transpose", 0.9},
    {"Rotate", 0.05}, {"GridDistortion", 0.7},
  };
  GstImAugPipeline *pipeline = aug_pipeline ("HorizontalFlip(p=0.3), "
      "VerticalFlip(), Transpose(p=0.9), Rotate(p=0.05), "
      "GridDistortion(p=0.7), RandomRotate90(p=0)");
  gchar **lists = applied_lists (pipeline);
  guint i, both = 0, key;

  for (i = 0; i < G_N_ELEMENTS (t); i++)
    check_binomial (t[i].name, count_word (lists, t[i].name), N_KEYS, t[i].p);
  fail_unless_equals_int (count_word (lists, "RandomRotate90"), 0);
  /* independent rolls: both flips together with p 0.3 * 0.5 */
  for (key = 0; key < N_KEYS; key++)
    both += g_str_has_prefix (lists[key], "HorizontalFlip VerticalFlip");
  check_binomial ("both flips", both, N_KEYS, 0.15);
  g_strfreev (lists);
  gst_im_aug_pipeline_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_one_of)
{
  GstImAugPipeline *pipeline = aug_pipeline ("OneOf([HorizontalFlip(p=0.2), "
      "VerticalFlip(p=0.6), Transpose(p=0.4)], p=0.8)");
  gchar **lists = applied_lists (pipeline);

  /* weights 0.2 : 0.6 : 0.4 of 1.2, after the group's own 0.8 */
  check_binomial ("OneOf none", count_equal (lists, ""), N_KEYS, 0.2);
  check_binomial ("OneOf HorizontalFlip", count_equal (lists,
          "HorizontalFlip"), N_KEYS, 0.8 * 0.2 / 1.2);
  check_binomial ("OneOf VerticalFlip", count_equal (lists, "VerticalFlip"),
      N_KEYS, 0.8 * 0.6 / 1.2);
  check_binomial ("OneOf Transpose", count_equal (lists, "Transpose"),
      N_KEYS, 0.8 * 0.4 / 1.2);
  g_strfreev (lists);
  gst_im_aug_pipeline_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_some_of)
{
  GstImAugPipeline *pipeline = aug_pipeline ("SomeOf([HorizontalFlip(p=1), "
      "VerticalFlip(p=1), Transpose(p=1)], n=2)");
  gchar **lists = applied_lists (pipeline);
  guint hv = count_equal (lists, "HorizontalFlip VerticalFlip"),
      ht = count_equal (lists, "HorizontalFlip Transpose"),
      vt = count_equal (lists, "VerticalFlip Transpose");

  /* always two distinct, in the group's order, each pair 1/3 */
  fail_unless_equals_int (hv + ht + vt, N_KEYS);
  check_binomial ("SomeOf H+V", hv, N_KEYS, 1.0 / 3);
  check_binomial ("SomeOf H+T", ht, N_KEYS, 1.0 / 3);
  check_binomial ("SomeOf V+T", vt, N_KEYS, 1.0 / 3);
  g_strfreev (lists);
  gst_im_aug_pipeline_unref (pipeline);

  /* 2.x: the pick is uniform, then the child rolls its own p */
  pipeline = aug_pipeline ("SomeOf([HorizontalFlip(p=0.5), "
      "VerticalFlip(p=0.1)], n=1)");
  lists = applied_lists (pipeline);
  check_binomial ("SomeOf 2.x H", count_equal (lists, "HorizontalFlip"),
      N_KEYS, 0.25);
  check_binomial ("SomeOf 2.x V", count_equal (lists, "VerticalFlip"),
      N_KEYS, 0.05);
  g_strfreev (lists);
  gst_im_aug_pipeline_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_some_of_1_4)
{
  static const gchar json[] = "{\"__version__\": \"1.4.24\", \"transform\": {"
      "\"__class_fullname__\": \"Compose\", \"p\": 1.0, \"transforms\": ["
      "{\"__class_fullname__\": \"SomeOf\", \"p\": 1, \"n\": 1, \"replace\":"
      " false, \"transforms\": ["
      "{\"__class_fullname__\": \"HorizontalFlip\", \"p\": 0.5},"
      "{\"__class_fullname__\": \"VerticalFlip\", \"p\": 0.1}]}]}}";
  GError *error = NULL;
  GstImAugPipeline *pipeline = gst_im_aug_pipeline_new_from_data (json, -1,
      "some-of-1.4", &error);
  gchar **lists;

  fail_unless (pipeline != NULL, "%s", error ? error->message : "");
  lists = applied_lists (pipeline);
  /* 1.4: picked by p / sum p and applied */
  check_binomial ("SomeOf 1.4 H", count_equal (lists, "HorizontalFlip"),
      N_KEYS, 0.5 / 0.6);
  check_binomial ("SomeOf 1.4 V", count_equal (lists, "VerticalFlip"),
      N_KEYS, 0.1 / 0.6);
  g_strfreev (lists);
  gst_im_aug_pipeline_unref (pipeline);
}

GST_END_TEST;

static Suite *
augment_stats_suite (void)
{
  Suite *s = suite_create ("augment_stats");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_p);
  tcase_add_test (tc, test_one_of);
  tcase_add_test (tc, test_some_of);
  tcase_add_test (tc, test_some_of_1_4);
  return s;
}

GST_CHECK_MAIN (augment_stats);
