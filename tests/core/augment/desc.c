/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment's pipeline descriptions: a hand-written albumentations 2.x file
 * with nested groups and fully qualified class names loads and renders;
 * the 1.4 and 2.x spellings of a parameter read as the same pipeline, and
 * the 1.4 defaults apply where albumentations changed them; each kind of
 * bad file gives an error naming the file, the JSON path and what is
 * accepted; the transforms string round-trips through its canonical form;
 * and a string and its JSON draw the same plans.
 */
#include <glib/gstdio.h>
#include "augtest.h"

static gchar *tmp_dir;

static void
setup (void)
{
  tmp_dir = im_test_make_tmp_dir ("augment-desc-XXXXXX");
}

static void
teardown (void)
{
  im_test_remove_dir (tmp_dir);
  tmp_dir = NULL;
}

/* @json written to @name in the test's folder: its path */
static gchar *
write_json (const gchar * name, const gchar * json)
{
  gchar *path = g_build_filename (tmp_dir, name, NULL);

  im_test_write_file (path, json, -1);
  return path;
}

static GstImAugPipeline *
load_file (const gchar * name, const gchar * json)
{
  gchar *path = write_json (name, json);
  GError *error = NULL;
  GstImAugPipeline *p = gst_im_aug_pipeline_new_from_file (path, &error);

  fail_unless (p != NULL, "%s: %s", name, error ? error->message : "?");
  g_unlink (path);
  g_free (path);
  return p;
}

static gchar *
canonical (GstImAugPipeline * p)
{
  gchar *s = gst_im_aug_pipeline_to_string (p);

  gst_im_aug_pipeline_unref (p);
  return s;
}

/* A 2.x pipeline as one would write it by hand: fully qualified and short
 * names, OneOf inside SomeOf inside Compose, defaults left out. */
static const gchar nested_json[] =
    "{\"__version__\": \"2.0.8\", \"transform\": {"
    "\"__class_fullname__\": \"Compose\", \"p\": 1.0, \"bbox_params\": null,"
    " \"keypoint_params\": null, \"additional_targets\": {},"
    " \"is_check_shapes\": true, \"transforms\": ["
    "  {\"__class_fullname__\": \"OneOf\", \"p\": 0.9, \"transforms\": ["
    "    {\"__class_fullname__\": "
    "\"albumentations.augmentations.geometric.flip.HorizontalFlip\","
    " \"p\": 1.0},"
    "    {\"__class_fullname__\": \"VerticalFlip\", \"p\": 0.5}]},"
    "  {\"__class_fullname__\": \"SomeOf\", \"p\": 1, \"n\": 2,"
    " \"replace\": false, \"transforms\": ["
    "    {\"__class_fullname__\": "
    "\"albumentations.augmentations.geometric.rotate.Rotate\","
    " \"p\": 1.0, \"limit\": [-20, 20], \"border_mode\": 1},"
    "    {\"__class_fullname__\": \"OneOf\", \"p\": 1.0, \"transforms\": ["
    "      {\"__class_fullname__\": "
    "\"albumentations.augmentations.geometric.transforms.ElasticTransform\","
    " \"p\": 1.0, \"alpha\": 10, \"sigma\": 5},"
    "      {\"__class_fullname__\": \"GridDistortion\", \"p\": 1.0,"
    " \"num_steps\": 4, \"distort_limit\": [-0.2, 0.2]}]},"
    "    {\"__class_fullname__\": \"Affine\", \"p\": 1.0,"
    " \"scale\": {\"x\": [0.9, 1.1], \"y\": [0.9, 1.1]},"
    " \"translate_percent\": null, \"rotate\": [-5, 5]}]},"
    "  {\"__class_fullname__\": "
    "\"albumentations.augmentations.crops.transforms.RandomResizedCrop\","
    " \"p\": 1.0, \"size\": [24, 32], \"scale\": [0.5, 1.0]}"
    "]}}";

GST_START_TEST (test_nested_file)
{
  GstImAugPipeline *p = load_file ("nested.json", nested_json);
  AugImage src = aug_image_pattern (61, 43, 3, 1), out;
  GstImAugPlan *plan;
  gchar *s = gst_im_aug_pipeline_to_string (p), *json, *name;
  guint key, n, i, w, h, some_of = 0;

  fail_unless (strstr (s, "OneOf([HorizontalFlip(p=1), VerticalFlip()], "
          "p=0.9)") != NULL, s);
  fail_unless (strstr (s, "SomeOf([Rotate(") != NULL, s);
  fail_unless (strstr (s, "OneOf([ElasticTransform(") != NULL, s);
  fail_unless (strstr (s, "n=2, replace=false") != NULL, s);
  /* it runs: every plan ends in the crop's size, and SomeOf adds 2 */
  for (key = 0; key < 20; key++) {
    plan = gst_im_aug_pipeline_draw (p, 3, key, 0, src.w, src.h);
    fail_unless (gst_im_aug_plan_get_problem (plan) == NULL);
    gst_im_aug_plan_get_output_size (plan, &w, &h);
    fail_unless (w == 32 && h == 24);
    json = gst_im_aug_plan_to_json (plan);
    n = gst_im_aug_plan_get_n_applied (plan);
    for (i = 0; i < n; i++) {
      name = aug_applied_name (json, i);
      some_of += !strcmp (name, "Rotate") || !strcmp (name, "Affine")
          || !strcmp (name, "ElasticTransform")
          || !strcmp (name, "GridDistortion");
      g_free (name);
    }
    out = aug_render (plan, &src, key & 1, NULL, 0);
    aug_image_clear (&out);
    g_free (json);
    gst_im_aug_plan_free (plan);
  }
  fail_unless_equals_int (some_of, 2 * 20);
  aug_image_clear (&src);
  g_free (s);
  gst_im_aug_pipeline_unref (p);
}

GST_END_TEST;

/* One transform in a file of @version. */
static gchar *
one (const gchar * version, const gchar * transform)
{
  gchar *json = g_strdup_printf ("{\"__version__\": \"%s\", \"transform\": "
      "{\"__class_fullname__\": \"Compose\", \"p\": 1.0, \"transforms\": "
      "[%s]}}", version, transform);
  GstImAugPipeline *p = load_file ("one.json", json);

  g_free (json);
  return canonical (p);
}

GST_START_TEST (test_versions)
{
  gchar *a, *b;
  GstImAugPipeline *p;
  GstImAugPlan *plan;
  guint w, h;

  /* RandomResizedCrop: 1.4's height/width, 2.x's size */
  a = one ("1.4.24", "{\"__class_fullname__\": \"RandomResizedCrop\", "
      "\"p\": 1.0, \"height\": 20, \"width\": 30, \"scale\": [0.5, 1.0]}");
  b = one ("2.0.8", "{\"__class_fullname__\": \"RandomResizedCrop\", "
      "\"p\": 1.0, \"size\": [20, 30], \"scale\": [0.5, 1.0]}");
  fail_unless_equals_string (a, b);
  p = aug_pipeline (a);
  plan = gst_im_aug_pipeline_draw (p, 1, 1, 0, 50, 40);
  gst_im_aug_plan_get_output_size (plan, &w, &h);
  fail_unless (w == 30 && h == 20, "%ux%u", w, h);
  gst_im_aug_plan_free (plan);
  gst_im_aug_pipeline_unref (p);
  g_free (a);
  g_free (b);

  /* Rotate: 1.4's value is fill */
  a = one ("1.4.24", "{\"__class_fullname__\": \"Rotate\", \"p\": 1.0, "
      "\"limit\": [-10, 10], \"border_mode\": 0, \"value\": 50}");
  b = one ("2.0.8", "{\"__class_fullname__\": \"Rotate\", \"p\": 1.0, "
      "\"limit\": [-10, 10], \"border_mode\": 0, \"fill\": 50}");
  fail_unless_equals_string (a, b);
  fail_unless (strstr (a, "fill=50") != NULL, a);
  g_free (a);
  g_free (b);

  /* ShiftScaleRotate: scale_limit around 1 in both, 1.4 as saved */
  a = one ("1.4.24", "{\"__class_fullname__\": \"ShiftScaleRotate\", "
      "\"p\": 1.0, \"shift_limit_x\": [-0.0625, 0.0625], \"shift_limit_y\": "
      "[-0.0625, 0.0625], \"scale_limit\": [-0.2, 0.3], \"rotate_limit\": "
      "[-45, 45], \"interpolation\": 1, \"border_mode\": 0, \"value\": 0, "
      "\"mask_value\": 0, \"always_apply\": false}");
  b = one ("2.0.8", "{\"__class_fullname__\": \"ShiftScaleRotate\", "
      "\"p\": 1.0, \"shift_limit_x\": [-0.0625, 0.0625], \"shift_limit_y\": "
      "[-0.0625, 0.0625], \"scale_limit\": [-0.2, 0.3], \"rotate_limit\": "
      "[-45.0, 45.0], \"interpolation\": 1, \"border_mode\": 0, \"fill\": "
      "0.0, \"fill_mask\": 0.0, \"rotate_method\": \"largest_box\", "
      "\"mask_interpolation\": 0}");
  fail_unless_equals_string (a, b);
  fail_unless (strstr (a, "scale_limit=[-0.2, 0.3]") != NULL, a);
  g_free (a);
  g_free (b);

  /* the defaults of the version named: Rotate's border_mode */
  a = one ("1.4.24", "{\"__class_fullname__\": \"Rotate\", \"p\": 1.0}");
  b = one ("2.0.8", "{\"__class_fullname__\": \"Rotate\", \"p\": 1.0}");
  fail_unless (strstr (a, "border_mode=4") != NULL, a);
  fail_unless (strstr (b, "border_mode") == NULL, b);
  g_free (a);
  g_free (b);

  /* and always_apply (1.4) is p = 1 */
  a = one ("1.4.24", "{\"__class_fullname__\": \"HorizontalFlip\", "
      "\"p\": 0.2, \"always_apply\": true}");
  fail_unless_equals_string (a, "HorizontalFlip(p=1)");
  g_free (a);
}

GST_END_TEST;

/* A 2.x Compose of a flip and then @second, in a file named bad.json. */
#define BAD(second) "{\"__version__\": \"2.0.8\", \"transform\": {" \
  "\"__class_fullname__\": \"Compose\", \"p\": 1.0, \"transforms\": [" \
  "{\"__class_fullname__\": \"HorizontalFlip\", \"p\": 0.5}, " second "]}}"

static const struct
{
  const gchar *json;
  const gchar *expect[4];       /* substrings of the message */
} bad[] = {
  /* malformed JSON */
  {"{\"__version__\": \"2.0.8\", \"transform\": {\"p\": 1,",
      {"not valid JSON"}},
  /* an unknown class */
  {BAD ("{\"__class_fullname__\": \"albumentations.Blurr\", \"p\": 1}"),
      {"$.transform.transforms[1]", "unknown transform",
          "albumentations.Blurr", "docs/elements/augment.md"}},
  /* an unknown parameter: the accepted ones listed */
  {BAD ("{\"__class_fullname__\": \"Rotate\", \"p\": 1, \"limits\": 5}"),
      {"$.transform.transforms[1]", "\"limits\"", "limit, interpolation",
          "border_mode"}},
  /* a wrong type */
  {BAD ("{\"__class_fullname__\": \"Rotate\", \"limit\": \"big\"}"),
      {"$.transform.transforms[1]", "\"limit\"", "expected"}},
  /* out of range: a flag and a number */
  {BAD ("{\"__class_fullname__\": \"Rotate\", \"interpolation\": 9}"),
      {"$.transform.transforms[1]", "\"interpolation\"", "expected", "4"}},
  {BAD ("{\"__class_fullname__\": \"VerticalFlip\", \"p\": 1.5}"),
      {"$.transform.transforms[1]", "\"p\"", "[0, 1]"}},
  /* deeper: the path through the groups */
  {BAD ("{\"__class_fullname__\": \"OneOf\", \"transforms\": ["
          "{\"__class_fullname__\": \"Transpose\"}, "
          "{\"__class_fullname__\": \"GridDistortion\", \"num_steps\": 0}]}"),
      {"$.transform.transforms[1].transforms[1]", "\"num_steps\"",
          "expected"}},
  /* no __version__ */
  {"{\"transform\": {\"__class_fullname__\": \"Compose\", \"p\": 1.0, "
        "\"transforms\": []}}", {"$", "__version__"}},
};

GST_START_TEST (test_errors)
{
  gchar *path = write_json ("bad.json", bad[__i__].json);
  GError *error = NULL;
  GstImAugPipeline *p = gst_im_aug_pipeline_new_from_file (path, &error);
  guint k;

  fail_unless (p == NULL, "loaded %s", bad[__i__].json);
  fail_unless (g_error_matches (error, GST_IM_AUG_ERROR,
          GST_IM_AUG_ERROR_DESCRIPTION));
  GST_INFO ("%s", error->message);
  fail_unless (strstr (error->message, path) != NULL, "%s: no file name",
      error->message);
  for (k = 0; k < G_N_ELEMENTS (bad[__i__].expect) && bad[__i__].expect[k];
      k++)
    fail_unless (strstr (error->message, bad[__i__].expect[k]) != NULL,
        "\"%s\" does not say \"%s\"", error->message, bad[__i__].expect[k]);
  g_error_free (error);
  g_unlink (path);
  g_free (path);
}

GST_END_TEST;

static const gchar *const strings[] = {
  "HorizontalFlip(p=0.5), OneOf([Rotate(limit=30), Affine(scale=(0.9, 1.1),"
      " translate_px={x: (-3, 3), y: 2})], p=0.8)",
  "SomeOf([VerticalFlip(), Transpose(p=1), RandomRotate90()], n=2, "
      "replace=False), Sequential([Resize(height=20, width=30), "
      "GridDistortion(normalized=False, distort_limit=0.4)], p=0.3)",
  "OneOrOther([HorizontalFlip(), VerticalFlip(p=0.2)], p=0.3)",
  "Affine(fit_output=True, keep_ratio=False, translate_percent=None, "
      "shear={'x': [-5, 5], 'y': 0}), Rotate(crop_border=True, "
      "fill=(10, 20, 30), rotate_method='ellipse', border_mode=4)",
  "Compose([HorizontalFlip(), Transpose(p=0.25)], p=0.7)",
  "ElasticTransform(alpha=3, sigma=10, approximate=true, same_dxdy=false), "
      "OpticalDistortion(mode=\"fisheye\", distort_limit=[-0.1, 0.2])",
  "OneOf([OneOf([HorizontalFlip(), VerticalFlip()]), SomeOf([Transpose(), "
      "Rotate(limit=(-10, 30))], n=1, replace=True)], p=1), "
      "CenterCrop(height=10, width=12, pad_if_needed=True, border_mode=1)",
  "ShiftScaleRotate(shift_limit_x=0.1, scale_limit=0.25, rotate_limit=0),"
      " Perspective(scale=0.08, keep_size=False, fit_output=True), "
      "RandomResizedCrop(size=(16, 24), ratio=[0.5, 2])",
};

/* plans of @a and @b agree over a few seeds, keys and copies */
static void
check_same_plans (const GstImAugPipeline * a, const GstImAugPipeline * b)
{
  GstImAugPlan *pa, *pb;
  gchar *ja, *jb;
  guint i;

  for (i = 0; i < 24; i++) {
    pa = gst_im_aug_pipeline_draw (a, i % 3, i, i % 2, 48, 40);
    pb = gst_im_aug_pipeline_draw (b, i % 3, i, i % 2, 48, 40);
    ja = gst_im_aug_plan_to_json (pa);
    jb = gst_im_aug_plan_to_json (pb);
    fail_unless_equals_string (ja, jb);
    g_free (ja);
    g_free (jb);
    gst_im_aug_plan_free (pa);
    gst_im_aug_plan_free (pb);
  }
}

GST_START_TEST (test_roundtrip)
{
  GstImAugPipeline *p1 = aug_pipeline (strings[__i__]), *p2, *p3;
  gchar *s1 = gst_im_aug_pipeline_to_string (p1), *s2, *s3;

  p2 = aug_pipeline (s1);
  s2 = gst_im_aug_pipeline_to_string (p2);
  fail_unless_equals_string (s1, s2);
  p3 = aug_pipeline (s2);
  s3 = gst_im_aug_pipeline_to_string (p3);
  fail_unless_equals_string (s2, s3);
  GST_INFO ("%s\n  -> %s", strings[__i__], s1);
  /* the canonical string is the same pipeline, not just the same text */
  check_same_plans (p1, p2);
  g_free (s1);
  g_free (s2);
  g_free (s3);
  gst_im_aug_pipeline_unref (p1);
  gst_im_aug_pipeline_unref (p2);
  gst_im_aug_pipeline_unref (p3);
}

GST_END_TEST;

/* the string and the file albumentations would save for it */
GST_START_TEST (test_string_json)
{
  static const gchar string[] = "HorizontalFlip(), OneOf([Rotate(limit=20, "
      "border_mode=4), Affine(scale=(0.8, 1.2), shear={x: (-10, 10), "
      "y: (0, 0)})], p=0.7), SomeOf([VerticalFlip(), Transpose(), "
      "GridDistortion()], n=2), RandomResizedCrop(size=(20, 24))";
  static const gchar json[] = "{\"__version__\": \"2.0.8\", \"transform\": {"
      "\"__class_fullname__\": \"Compose\", \"p\": 1.0, \"transforms\": ["
      "{\"__class_fullname__\": \"HorizontalFlip\", \"p\": 0.5},"
      "{\"__class_fullname__\": \"OneOf\", \"p\": 0.7, \"transforms\": ["
      "{\"__class_fullname__\": \"Rotate\", \"p\": 0.5, \"limit\": [-20, 20],"
      " \"border_mode\": 4},"
      "{\"__class_fullname__\": \"Affine\", \"p\": 0.5, \"scale\": "
      "{\"x\": [0.8, 1.2], \"y\": [0.8, 1.2]}, \"shear\": {\"x\": [-10, 10],"
      " \"y\": [0, 0]}}]},"
      "{\"__class_fullname__\": \"SomeOf\", \"p\": 1, \"n\": 2, \"replace\":"
      " false, \"transforms\": ["
      "{\"__class_fullname__\": \"VerticalFlip\", \"p\": 0.5},"
      "{\"__class_fullname__\": \"Transpose\", \"p\": 0.5},"
      "{\"__class_fullname__\": \"GridDistortion\", \"p\": 0.5}]},"
      "{\"__class_fullname__\": \"RandomResizedCrop\", \"p\": 1.0, \"size\":"
      " [20, 24]}]}}";
  GstImAugPipeline *a = aug_pipeline (string);
  GstImAugPipeline *b = load_file ("same.json", json);
  gchar *sa = gst_im_aug_pipeline_to_string (a),
      *sb = gst_im_aug_pipeline_to_string (b);

  fail_unless_equals_string (sa, sb);
  check_same_plans (a, b);
  g_free (sa);
  g_free (sb);
  gst_im_aug_pipeline_unref (a);
  gst_im_aug_pipeline_unref (b);
}

GST_END_TEST;

static Suite *
augment_desc_suite (void)
{
  Suite *s = suite_create ("augment_desc");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_nested_file);
  tcase_add_test (tc, test_versions);
  tcase_add_loop_test (tc, test_errors, 0, G_N_ELEMENTS (bad));
  tcase_add_loop_test (tc, test_roundtrip, 0, G_N_ELEMENTS (strings));
  tcase_add_test (tc, test_string_json);
  return s;
}

GST_CHECK_MAIN (augment_desc);
