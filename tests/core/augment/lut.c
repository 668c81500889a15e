/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment's point transforms against per-pixel formulas written out here in
 * double precision, then albumentations' rounding (truncation of the
 * clipped value; its tables are float32 for brightness/contrast, so an
 * entry within 1e-3 of a whole level may land on either side and is
 * allowed one level):
 *   RandomBrightnessContrast  v * alpha + beta * 255 (or * the mean)
 *   RandomGamma               255 * (v / 255) ^ gamma
 *   RGBShift                  v + trunc (shift), per channel R, G, B
 *   Posterize                 v & ~(2^(8 - bits) - 1)
 *   Solarize                  v >= 255 t ? 255 - v : v
 *   InvertImg                 255 - v
 * on RGB, BGRA (the channel order and an untouched alpha) and GRAY8; a run
 * of them composed into one table equals rendering them one at a time;
 * the plan read back from its JSON renders the same bytes.
 */
#include "augtest.h"

typedef struct
{
  GstVideoFormat format;
  guint bpp;
  gint r, g, b, a;              /* byte offsets; -1: none */
} Layout;

static const Layout layouts[] = {
  {GST_VIDEO_FORMAT_RGB, 3, 0, 1, 2, -1},
  {GST_VIDEO_FORMAT_BGRA, 4, 2, 1, 0, 3},
  {GST_VIDEO_FORMAT_GRAY8, 1, 0, 0, 0, -1},
};

#define W 137
#define H 23

/* renders @plan on @px (W x H of @l) */
static guint8 *
render (const GstImAugPlan * plan, const Layout * l, const guint8 * px)
{
  GstVideoInfo info;
  GstVideoFrame in, out;
  GstBuffer *bin, *bout;
  GstImAugScratch *scratch = gst_im_aug_scratch_new ();
  guint8 *res = g_malloc ((gsize) W * H * l->bpp);
  guint y;

  fail_unless (gst_video_info_set_format (&info, l->format, W, H));
  bin = gst_buffer_new_allocate (NULL, info.size, NULL);
  bout = gst_buffer_new_allocate (NULL, info.size, NULL);
  fail_unless (gst_video_frame_map (&in, &info, bin, GST_MAP_READWRITE));
  fail_unless (gst_video_frame_map (&out, &info, bout, GST_MAP_READWRITE));
  for (y = 0; y < H; y++)
    memcpy ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&in, 0) +
        (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&in, 0),
        px + (gsize) y * W * l->bpp, (gsize) W * l->bpp);
  fail_unless (gst_im_aug_plan_render (plan, &in, &out, TRUE, NULL, 5,
          scratch, NULL));
  for (y = 0; y < H; y++)
    memcpy (res + (gsize) y * W * l->bpp,
        (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&out, 0) +
        (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&out, 0),
        (gsize) W * l->bpp);
  gst_video_frame_unmap (&in);
  gst_video_frame_unmap (&out);
  gst_buffer_unref (bin);
  gst_buffer_unref (bout);
  gst_im_aug_scratch_free (scratch);
  return res;
}

static GstImAugPlan *
plan_of (const gchar * transforms)
{
  GstImAugPipeline *pipeline = aug_pipeline (transforms);
  GstImAugPlan *plan = gst_im_aug_pipeline_draw (pipeline, 3, 0, 0, W, H);

  gst_im_aug_pipeline_unref (pipeline);
  fail_unless (gst_im_aug_plan_get_problem (plan) == NULL);
  return plan;
}

typedef gdouble (*Formula) (gdouble v, guint channel, const gdouble * k);

/* the formula's value, clipped and truncated; *near: within 1e-3 of a
 * level boundary */
static gint
expect (Formula f, gdouble v, guint c, const gdouble * k, gboolean * near)
{
  gdouble x = CLAMP (f (v, c, k), 0.0, 255.0);

  *near = fabs (x - nearbyint (x)) < 1e-3 && x > 0 && x < 255;
  return (gint) floor (x);
}

/* renders @transforms on every layout; each colour sample must follow
 * @f, alpha must stay */
static void
check_formula (const gchar * transforms, Formula f, const gdouble * k)
{
  const Layout *l;
  GstImAugPlan *plan;
  AugImage src;
  guint8 *out;
  const gint *off;
  gint e;
  gboolean near;
  guint i, c, n_c, p;

  for (i = 0; i < G_N_ELEMENTS (layouts); i++) {
    l = &layouts[i];
    src = aug_image_pattern (W, H, l->bpp, 4 + i);
    /* every level appears */
    for (p = 0; p < 256 && p < (guint) W * H; p++)
      src.px[p * l->bpp] = p;
    plan = plan_of (transforms);
    out = render (plan, l, src.px);
    n_c = l->bpp == 1 ? 1 : 3;
    for (p = 0; p < (guint) W * H; p++) {
      for (c = 0; c < n_c; c++) {
        off = c == 0 ? &l->r : c == 1 ? &l->g : &l->b;
        e = expect (f, src.px[p * l->bpp + *off], c, k, &near);
        fail_unless (out[p * l->bpp + *off] == e
            || (near && ABS (out[p * l->bpp + *off] - e) <= 1),
            "%s (%s): channel %u of %u: %u, expected %d", transforms,
            gst_video_format_to_string (l->format), c,
            src.px[p * l->bpp + *off], out[p * l->bpp + *off], e);
      }
      if (l->a >= 0)
        fail_unless_equals_int (out[p * l->bpp + l->a],
            src.px[p * l->bpp + l->a]);
    }
    g_free (out);
    gst_im_aug_plan_free (plan);
    aug_image_clear (&src);
  }
}

static gdouble
f_rbc (gdouble v, guint c, const gdouble * k)
{
  return v * k[0] + k[1];
}

static gdouble
f_gamma (gdouble v, guint c, const gdouble * k)
{
  return 255.0 * pow (v / 255.0, k[0]);
}

static gdouble
f_shift (gdouble v, guint c, const gdouble * k)
{
  return v + trunc (k[c]);
}

static gdouble
f_posterize (gdouble v, guint c, const gdouble * k)
{
  return (gdouble) ((guint) v & ~((1u << (8 - (guint) k[0])) - 1));
}

static gdouble
f_solarize (gdouble v, guint c, const gdouble * k)
{
  return v >= 255.0 * k[0] ? 255.0 - v : v;
}

static gdouble
f_invert (gdouble v, guint c, const gdouble * k)
{
  return 255.0 - v;
}

GST_START_TEST (test_formulas)
{
  gdouble k[3];

  k[0] = 1.27;
  k[1] = -0.13 * 255;
  check_formula ("RandomBrightnessContrast(brightness_limit=(-0.13, -0.13), "
      "contrast_limit=(0.27, 0.27), p=1)", f_rbc, k);
  k[0] = 0.61;
  k[1] = 0.31 * 255;
  check_formula ("RandomBrightnessContrast(brightness_limit=(0.31, 0.31), "
      "contrast_limit=(-0.39, -0.39), p=1)", f_rbc, k);
  k[0] = 0.57;
  check_formula ("RandomGamma(gamma_limit=(57, 57), p=1)", f_gamma, k);
  k[0] = 1.435;
  check_formula ("RandomGamma(gamma_limit=(143.5, 143.5), p=1)", f_gamma,
      k);
  /* limits beyond 1 are levels, within 1 fractions of 255 */
  k[0] = 13.6;
  k[1] = -27.2;
  k[2] = 0.1 * 255;
  check_formula ("RGBShift(r_shift_limit=(13.6, 13.6), "
      "g_shift_limit=(-27.2, -27.2), b_shift_limit=(0.1, 0.1), p=1)",
      f_shift, k);
  k[0] = 3;
  check_formula ("Posterize(num_bits=3, p=1)", f_posterize, k);
  k[0] = 1;
  check_formula ("Posterize(num_bits=1, p=1)", f_posterize, k);
  k[0] = 0.37;
  check_formula ("Solarize(threshold_range=(0.37, 0.37), p=1)", f_solarize,
      k);
  check_formula ("InvertImg(p=1)", f_invert, k);
}

GST_END_TEST;

/* brightness_by_max=False: beta times the mean of every colour sample */
GST_START_TEST (test_brightness_by_mean)
{
  AugImage src = aug_image_pattern (W, H, 3, 9);
  GstImAugPlan *plan = plan_of ("RandomBrightnessContrast("
      "brightness_limit=(0.17, 0.17), contrast_limit=(0.1, 0.1), "
      "brightness_by_max=False, p=1)");
  guint8 *out = render (plan, &layouts[0], src.px);
  gdouble sum = 0, k[2];
  gboolean near;
  gint e;
  guint i;

  for (i = 0; i < W * H * 3; i++)
    sum += src.px[i];
  k[0] = 1.1;
  k[1] = 0.17 * sum / (W * H * 3);
  for (i = 0; i < W * H * 3; i++) {
    e = expect (f_rbc, src.px[i], 0, k, &near);
    fail_unless (out[i] == e || (near && ABS (out[i] - e) <= 1),
        "%u: %u, expected %d", src.px[i], out[i], e);
  }
  g_free (out);
  gst_im_aug_plan_free (plan);
  aug_image_clear (&src);
}

GST_END_TEST;

/* A run composed into one table equals the steps one at a time (each
 * rendered alone, its output the next one's input), byte for byte; the
 * run follows the formulas too. */
GST_START_TEST (test_composition)
{
  const gchar *steps[] = {
    "RandomBrightnessContrast(brightness_limit=(0.1, 0.1), "
        "contrast_limit=(0.2, 0.2), p=1)",
    "RandomGamma(gamma_limit=(90, 90), p=1)",
    "Solarize(threshold_range=(0.8, 0.8), p=1)",
    "InvertImg(p=1)",
    "RGBShift(r_shift_limit=(9, 9), g_shift_limit=(-4, -4), "
        "b_shift_limit=(30, 30), p=1)",
    "Posterize(num_bits=5, p=1)",
    "RandomBrightnessContrast(brightness_limit=(-0.2, -0.2), "
        "contrast_limit=(0, 0), brightness_by_max=False, p=1)",
  };
  const Layout *l = &layouts[1];
  AugImage src = aug_image_pattern (W, H, l->bpp, 21);
  GString *all = g_string_new (NULL);
  GstImAugPlan *plan;
  guint8 *one, *step, *cur;
  guint i;

  cur = g_memdup2 (src.px, (gsize) W * H * l->bpp);
  for (i = 0; i < G_N_ELEMENTS (steps); i++) {
    g_string_append_printf (all, "%s%s", i ? ", " : "", steps[i]);
    plan = plan_of (steps[i]);
    step = render (plan, l, cur);
    gst_im_aug_plan_free (plan);
    g_free (cur);
    cur = step;
  }
  plan = plan_of (all->str);
  fail_unless_equals_int (gst_im_aug_plan_get_n_applied (plan),
      G_N_ELEMENTS (steps));
  one = render (plan, l, src.px);
  fail_unless (memcmp (one, cur, (gsize) W * H * l->bpp) == 0);
  gst_im_aug_plan_free (plan);
  g_free (one);
  g_free (cur);
  g_string_free (all, TRUE);
  aug_image_clear (&src);
}

GST_END_TEST;

/* drawn values stay in their ranges; the plan's JSON replays the bytes */
GST_START_TEST (test_draws_and_replay)
{
  GstImAugPipeline *pipeline = aug_pipeline ("RandomBrightnessContrast(p=1), "
      "RandomGamma(p=1), RGBShift(p=1), Posterize(num_bits=(2, 6), p=1), "
      "Solarize(threshold_range=(0.2, 0.9), p=1)");
  const Layout *l = &layouts[0];
  AugImage src = aug_image_pattern (W, H, l->bpp, 5);
  GstImAugPlan *plan, *back;
  gchar *json;
  gdouble v[3];
  guint8 *a, *b;
  guint key, bits_seen = 0;

  for (key = 0; key < 40; key++) {
    plan = gst_im_aug_pipeline_draw (pipeline, 8, key, 0, W, H);
    json = gst_im_aug_plan_to_json (plan);
    fail_unless (aug_applied_numbers (json, 0, "alpha", v, 1));
    fail_unless (v[0] >= 0.8 && v[0] <= 1.2, "%s", json);
    fail_unless (aug_applied_numbers (json, 0, "beta", v, 1));
    fail_unless (v[0] >= -0.2 && v[0] <= 0.2, "%s", json);
    fail_unless (aug_applied_numbers (json, 1, "gamma", v, 1));
    fail_unless (v[0] >= 0.8 && v[0] <= 1.2, "%s", json);
    fail_unless (aug_applied_numbers (json, 2, "shift", v, 3));
    fail_unless (fabs (v[0]) <= 20 && fabs (v[1]) <= 20 && fabs (v[2]) <= 20);
    fail_unless (aug_applied_numbers (json, 3, "num_bits", v, 1));
    fail_unless (v[0] >= 2 && v[0] <= 6 && v[0] == floor (v[0]));
    bits_seen |= 1u << (gint) v[0];
    fail_unless (aug_applied_numbers (json, 4, "threshold", v, 1));
    fail_unless (v[0] >= 0.2 && v[0] <= 0.9);
    back = gst_im_aug_plan_new_from_json (json, NULL);
    fail_unless (back != NULL, "%s", json);
    a = render (plan, l, src.px);
    b = render (back, l, src.px);
    fail_unless (memcmp (a, b, (gsize) W * H * l->bpp) == 0);
    g_free (a);
    g_free (b);
    g_free (json);
    gst_im_aug_plan_free (back);
    gst_im_aug_plan_free (plan);
  }
  /* every number of bits 2..6 drawn */
  fail_unless_equals_int (bits_seen, 0x7c);
  gst_im_aug_pipeline_unref (pipeline);
  aug_image_clear (&src);
}

GST_END_TEST;

static Suite *
lut_suite (void)
{
  Suite *s = suite_create ("augment-lut");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_formulas);
  tcase_add_test (tc, test_brightness_by_mean);
  tcase_add_test (tc, test_composition);
  tcase_add_test (tc, test_draws_and_replay);
  return s;
}

GST_CHECK_MAIN (lut);
