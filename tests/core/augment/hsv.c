/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment's HSV round trip (HueSaturationValue, ColorJitter) against
 * per-pixel references written here in double precision from the
 * documented formulas, then albumentations' rounding:
 * - HSV: OpenCV's documented RGB -> HSV (V = max, S = 255 (V - min) / V,
 *   H = 60 (G - B) / (V - min) ... halved, rounded) and HSV -> RGB (the
 *   sector, p, q, t of the textbook formula, times 255, truncated as cv2's
 *   vector path does); between them albumentations' tables (hue mod 180,
 *   int () additions with saturation, 2.x keeping S = 0 at 0);
 * - ColorJitter's brightness and contrast tables in float32 as albucore
 *   builds them, the contrast mean from the grey image computed here, the
 *   saturation blend rounded half to even.
 * The library computes HSV in OpenCV's fixed point: a reciprocal rounded
 * to 12 bits moves H by up to 0.16 of a step and S by 0.03, so where the
 * exact H or S lies that close to a rounding edge both roundings are
 * candidates (one H step moves RGB by up to 8 levels); HSV -> RGB runs in
 * float32 (cv2's), where a product that is exactly an integer may come out
 * a hair below it and truncate to one less, so there both are candidates
 * too. On RGB, BGR, RGBA, ARGB and GRAY8 (colourtest.h).
 */
#include "colourtest.h"

/* ---- references, one RGB pixel (doubles in, bytes out) ---- */

/* H and S with their rounding: where the exact value is within @eps of a
 * half, both neighbours (OpenCV's 12-bit reciprocals are that close:
 * |error| <= 1275 x 0.5 / 4096 < 0.16 for H, 255 x 0.5 / 4096 for S) */
static guint
round_both (gdouble x, gdouble eps, gint * out)
{
  gint a = (gint) floor (x + 0.5), b = (gint) floor (x + 0.5 + eps);

  out[0] = a;
  if (b != a) {
    out[1] = b;
    return 2;
  }
  b = (gint) floor (x + 0.5 - eps);
  out[1] = b;
  return b != a ? 2 : 1;
}

static void
ref_rgb2hsv (const gint * c, gint * h, guint * nh, gint * s, guint * ns,
    gint * v)
{
  gdouble mx = MAX (c[0], MAX (c[1], c[2])), mn = MIN (c[0], MIN (c[1],
          c[2])), d = mx - mn, hd;
  guint i;

  *v = mx;
  if (mx > 0) {
    *ns = round_both (255.0 * d / mx, 0.04, s);
  } else {
    s[0] = 0;
    *ns = 1;
  }
  if (d == 0)
    hd = 0;
  else if (mx == c[0])
    hd = 60.0 * (c[1] - c[2]) / d;
  else if (mx == c[1])
    hd = 120.0 + 60.0 * (c[2] - c[0]) / d;
  else
    hd = 240.0 + 60.0 * (c[0] - c[1]) / d;
  if (hd < 0)
    hd += 360.0;
  *nh = round_both (hd / 2, 0.16, h);
  for (i = 0; i < *nh; i++)
    h[i] = (h[i] + 180) % 180;
}

/* the exact value truncated; exactly an integer k (v (255 - s) at V = 255,
 * ...), cv2's float32 may land a hair below: k or k - 1 */
static gint
trunc_channel (gdouble x)
{
  gdouble y = 255.0 * x, k = floor (y + 1e-9);

  return CLAMP ((gint) k, 0, 255) | (k > 0 && y - k < 1e-6 ? OR_LESS : 0);
}

static void
ref_hsv2rgb (gint h, gint s, gint v, gint * out)
{
  gdouble hh = h / 30.0, sf = s / 255.0, vf = v / 255.0, f, p, q, t;
  gint sector = (gint) floor (hh);

  f = hh - sector;
  sector %= 6;
  p = vf * (1 - sf);
  q = vf * (1 - sf * f);
  t = vf * (1 - sf * (1 - f));
  switch (sector) {
    case 0:
      out[0] = trunc_channel (vf), out[1] = trunc_channel (t);
      out[2] = trunc_channel (p);
      break;
    case 1:
      out[0] = trunc_channel (q), out[1] = trunc_channel (vf);
      out[2] = trunc_channel (p);
      break;
    case 2:
      out[0] = trunc_channel (p), out[1] = trunc_channel (vf);
      out[2] = trunc_channel (t);
      break;
    case 3:
      out[0] = trunc_channel (p), out[1] = trunc_channel (q);
      out[2] = trunc_channel (vf);
      break;
    case 4:
      out[0] = trunc_channel (t), out[1] = trunc_channel (p);
      out[2] = trunc_channel (vf);
      break;
    default:
      out[0] = trunc_channel (vf), out[1] = trunc_channel (p);
      out[2] = trunc_channel (q);
  }
}

typedef struct
{
  gdouble hue, sat, val;
  gboolean keep_grey;
} HsvShift;

static guint
ref_hsv (gconstpointer data, const gint * in, gint * out)
{
  const HsvShift *sh = data;
  gint h[2], s[2], v, hh, ss;
  guint nh, ns, i, j, n = 0;
  gdouble m;

  ref_rgb2hsv (in, h, &nh, s, &ns, &v);
  v = CLAMP (v + (gint) sh->val, 0, 255);
  for (i = 0; i < nh; i++)
    for (j = 0; j < ns; j++) {
      m = fmod (h[i] + sh->hue, 180.0);
      hh = (gint) (m < 0 ? m + 180.0 : m);
      ss = s[j] == 0 && sh->keep_grey ? 0 : CLAMP (s[j] + (gint) sh->sat, 0,
          255);
      ref_hsv2rgb (hh, ss, v, out + 3 * n++);
    }
  return n;
}

/* cv::addWeighted in float32: c f + grey (1 - f), rounded half to even */
static guint
ref_saturation (gconstpointer data, const gint * in, gint * out)
{
  gdouble f = *(const gdouble *) data;
  gfloat y = ref_grey (in), x;
  guint c;

  for (c = 0; c < 3; c++) {
    x = fmaf ((gfloat) in[c], (gfloat) f, y * (gfloat) (1 - f));
    out[c] = CLAMP ((gint) rintf (x), 0, 255);
  }
  return 1;
}

/* albucore's float32 table, truncated */
static gint
ref_multiply_add (gint i, gdouble factor, gdouble value)
{
  gfloat x = (gfloat) i * (gfloat) factor + (gfloat) value;

  return x <= 0 ? 0 : x >= 255 ? 255 : (gint) x;
}

typedef struct
{
  gdouble factor, value;
} Affine1;

static guint
ref_table (gconstpointer data, const gint * in, gint * out)
{
  const Affine1 *a = data;
  guint c;

  for (c = 0; c < 3; c++)
    out[c] = ref_multiply_add (in[c], a->factor, a->value);
  return 1;
}

/* @rgb through @ref, in place (the first candidate) */
static void
apply_ref (AugImage * rgb, RefFunc ref, gconstpointer data)
{
  Want want = want_new (rgb, ref, data);
  gsize i, n = (gsize) rgb->w * rgb->h;
  guint c;

  for (i = 0; i < n; i++)
    for (c = 0; c < 3; c++)
      rgb->px[i * 3 + c] = want.px[i * MAX_CAND * 3 + c] & 0xff;
  want_clear (&want);
}

/* ---- HueSaturationValue ---- */

GST_START_TEST (test_hsv)
{
  static const HsvShift shifts[] = {
    {15, 0, 0, TRUE}, {-25, 40, -30, TRUE}, {100.7, -60.9, 35.5, TRUE},
    {0, 0, 50, TRUE}, {-179.5, 255, -255, TRUE},
  };
  guint8 grey[256];
  gchar *t;
  guint k, i;

  for (k = 0; k < G_N_ELEMENTS (shifts); k++) {
    t = g_strdup_printf ("HueSaturationValue(hue_shift_limit=[%g, %g], "
        "sat_shift_limit=[%g, %g], val_shift_limit=[%g, %g], p=1)",
        shifts[k].hue, shifts[k].hue, shifts[k].sat, shifts[k].sat,
        shifts[k].val, shifts[k].val);
    /* grey: only the value moves */
    for (i = 0; i < 256; i++)
      grey[i] = CLAMP ((gint) i + (gint) shifts[k].val, 0, 255);
    check_transform (t, ref_hsv, &shifts[k], 1, grey);
    g_free (t);
  }
}

GST_END_TEST;

/* 2.x keeps a grey pixel grey; 1.4 gives it the saturation shift */
GST_START_TEST (test_hsv_grey_pixels)
{
  const gchar *v2 = "HueSaturationValue(hue_shift_limit=[0, 0], "
      "sat_shift_limit=[60, 60], val_shift_limit=[0, 0], p=1)";
  const gchar *v14 = "{\"__version__\": \"1.4.24\", \"transform\": "
      "{\"__class_fullname__\": \"Compose\", \"p\": 1, \"transforms\": [{"
      "\"__class_fullname__\": \"HueSaturationValue\", \"hue_shift_limit\": "
      "[0, 0], \"sat_shift_limit\": [60, 60], \"val_shift_limit\": [0, 0], "
      "\"p\": 1}]}}";
  HsvShift sh14 = { 0, 60, 0, FALSE };
  GstImAugPipeline *pipeline;
  GstImAugPlan *plan;
  AugImage rgb = test_rgb (), ours;
  Want want;
  GError *error = NULL;
  guint x;

  check_transform (v2, ref_hsv, &(HsvShift) {
      0, 60, 0, TRUE}
      , 1, NULL);
  pipeline = gst_im_aug_pipeline_new_from_data (v14, -1, "1.4", &error);
  fail_unless (pipeline != NULL, "%s", error ? error->message : "?");
  plan = gst_im_aug_pipeline_draw (pipeline, 1, 0, 0, W, H);
  ours = render (plan, &rgb, &fmts[0], NULL, 0);
  want = want_new (&rgb, ref_hsv, &sh14);
  check_want (&ours, &rgb, &want, &fmts[0], 1, "1.4 HueSaturationValue");
  /* row 3 is grey: 1.4 tints it red (H = 0) */
  for (x = 0; x < W; x++)
    if (rgb.px[(3 * W + x) * 3] > 10)
      fail_unless (ours.px[(3 * W + x) * 3] > ours.px[(3 * W + x) * 3 + 1]);
  gst_im_aug_plan_free (plan);
  gst_im_aug_pipeline_unref (pipeline);
  aug_image_clear (&rgb);
  want_clear (&want);
  aug_image_clear (&ours);
}

GST_END_TEST;

/* ---- ColorJitter ---- */

static gchar *
jitter_string (gdouble b, gdouble c, gdouble s, gdouble h)
{
  return g_strdup_printf ("ColorJitter(brightness=[%g, %g], contrast=[%g, "
      "%g], saturation=[%g, %g], hue=[%g, %g], p=1)", b, b, c, c, s, s, h, h);
}

/* the mean grey of @rgb, computed here */
static gdouble
mean_grey (const AugImage * rgb)
{
  gdouble sum = 0;
  gsize i, n = (gsize) rgb->w * rgb->h;
  gint c[3];

  for (i = 0; i < n; i++) {
    c[0] = rgb->px[i * 3];
    c[1] = rgb->px[i * 3 + 1];
    c[2] = rgb->px[i * 3 + 2];
    sum += ref_grey (c);
  }
  return sum / n;
}

/* one operation at a time, then all four in the recorded order */
GST_START_TEST (test_jitter)
{
  static const gdouble factors[] = { 1.3, 0.55, 0 };
  AugImage rgb = test_rgb (), grey_src;
  Affine1 a;
  gdouble f, mean, order[4], v[4], grey_mean = 0;
  guint8 grey[256];
  HsvShift hue;
  gchar *t, *json;
  GstImAugPlan *plan;
  AugImage want, ours;
  guint k, i, op, far, adjacent = 0, apart = 0;

  /* brightness: a float32 table; grey frames too */
  for (k = 0; k < G_N_ELEMENTS (factors); k++) {
    a.factor = factors[k];
    a.value = 0;
    for (i = 0; i < 256; i++)
      grey[i] = ref_multiply_add (i, a.factor, 0);
    t = jitter_string (factors[k], 1, 1, 0);
    check_transform (t, ref_table, &a, 0, grey);
    g_free (t);
  }
  /* contrast around the mean grey (the grey frame: its own mean) */
  grey_src = to_format (&rgb, &fmts[4]);
  for (i = 0; i < (gsize) W * H; i++)
    grey_mean += grey_src.px[i];
  grey_mean /= (gdouble) W *H;
  mean = mean_grey (&rgb);
  for (k = 0; k < G_N_ELEMENTS (factors); k++) {
    f = factors[k];
    a.factor = f;
    a.value = f == 0 ? floor (mean + 0.5) : mean * (1 - f);
    for (i = 0; i < 256; i++)
      grey[i] = f == 0 ? floor (grey_mean + 0.5) :
          ref_multiply_add (i, f, grey_mean * (1 - f));
    t = jitter_string (1, f, 1, 0);
    check_transform (t, ref_table, &a, 1, grey);
    g_free (t);
  }
  /* saturation, hue: grey frames unchanged */
  for (k = 0; k < G_N_ELEMENTS (factors); k++) {
    t = jitter_string (1, 1, factors[k], 0);
    check_transform (t, ref_saturation, &factors[k], 1, NULL);
    g_free (t);
  }
  hue = (HsvShift) {
  0.1 * 180, 0, 0, FALSE};
  t = jitter_string (1, 1, 1, 0.1);
  check_transform (t, ref_hsv, &hue, 1, NULL);
  g_free (t);
  hue.hue = -0.23 * 180;
  t = jitter_string (1, 1, 1, -0.23);
  check_transform (t, ref_hsv, &hue, 1, NULL);
  g_free (t);

  /* all four, in the order the plan records (each seed its own), until
   * saturation and hue have come next to each other (one fused pass) and
   * apart, twice each; the hue step's rounding edges move single pixels
   * further (one H step: up to 8 levels), so: at most 1 % of the samples
   * off by more than 2 */
  for (k = 0; k < 60 && (adjacent < 2 || apart < 2); k++) {
    t = jitter_string (1.2, 0.8, 1.3, 0.05);
    plan = plan_of (t, k, &json);
    fail_unless (aug_applied_numbers (json, 0, "order", order, 4));
    fail_unless (aug_applied_numbers (json, 0, "brightness", v, 1));
    fail_unless (aug_applied_numbers (json, 0, "contrast", v + 1, 1));
    fail_unless (aug_applied_numbers (json, 0, "saturation", v + 2, 1));
    fail_unless (aug_applied_numbers (json, 0, "hue", v + 3, 1));
    fail_unless (v[0] == 1.2 && v[1] == 0.8 && v[2] == 1.3 && v[3] == 0.05);
    for (i = 0, op = 0; i < 3; i++)
      op |= order[i] + order[i + 1] == 5 && order[i] >= 2;
    adjacent += op;
    apart += !op;
    want = test_rgb ();
    for (i = 0; i < 4; i++) {
      op = order[i];
      switch (op) {
        case 0:
          a = (Affine1) {
          1.2, 0};
          apply_ref (&want, ref_table, &a);
          break;
        case 1:
          mean = mean_grey (&want);
          a = (Affine1) {
          0.8, mean * 0.2};
          apply_ref (&want, ref_table, &a);
          break;
        case 2:
          apply_ref (&want, ref_saturation, &v[2]);
          break;
        default:
          hue = (HsvShift) {
          0.05 * 180, 0, 0, FALSE};
          apply_ref (&want, ref_hsv, &hue);
      }
    }
    ours = render (plan, &rgb, &fmts[0], NULL, 0);
    for (i = 0, far = 0; i < (gsize) W * H * 3; i++)
      far += ABS ((gint) ours.px[i] - want.px[i]) > 2;
    fail_unless (far <= 0.01 * W * H * 3, "%s: %u samples off by more than "
        "2", t, far);
    aug_image_clear (&want);
    aug_image_clear (&ours);
    gst_im_aug_plan_free (plan);
    g_free (json);
    g_free (t);
  }
  fail_unless (adjacent >= 2 && apart >= 2);
  aug_image_clear (&grey_src);
  aug_image_clear (&rgb);
}

GST_END_TEST;

/* the orders drawn: permutations, and more than one of them */
GST_START_TEST (test_jitter_order)
{
  GHashTable *seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  gdouble order[4];
  GstImAugPlan *plan;
  gchar *json;
  guint k, i, mask, code;

  for (k = 0; k < 40; k++) {
    plan = plan_of ("ColorJitter(p=1)", k, &json);
    fail_unless (aug_applied_numbers (json, 0, "order", order, 4));
    for (i = 0, mask = 0, code = 0; i < 4; i++) {
      mask |= 1u << (guint) order[i];
      code = code * 4 + order[i];
    }
    fail_unless_equals_int (mask, 15);
    g_hash_table_add (seen, GUINT_TO_POINTER (code + 1));
    gst_im_aug_plan_free (plan);
    g_free (json);
  }
  fail_unless (g_hash_table_size (seen) > 5);
  g_hash_table_unref (seen);
}

GST_END_TEST;

/* a single number is the range around 1 (hue: around 0) */
GST_START_TEST (test_jitter_expansion)
{
  GstImAugPipeline *p = aug_pipeline ("ColorJitter(brightness=0.3, "
      "contrast=1.5, saturation=0, hue=0.2)");
  gchar *s = gst_im_aug_pipeline_to_string (p);
  GError *error = NULL;

  fail_unless (strstr (s, "brightness=[0.7, 1.3]") != NULL, "%s", s);
  fail_unless (strstr (s, "contrast=[0, 2.5]") != NULL, "%s", s);
  fail_unless (strstr (s, "saturation=[1, 1]") != NULL, "%s", s);
  fail_unless (strstr (s, "hue=[-0.2, 0.2]") != NULL, "%s", s);
  g_free (s);
  gst_im_aug_pipeline_unref (p);
  fail_unless (gst_im_aug_pipeline_new_from_string ("ColorJitter("
          "brightness=-0.1)", &error) == NULL);
  g_clear_error (&error);
  fail_unless (gst_im_aug_pipeline_new_from_string ("ColorJitter("
          "hue=[0.1, 0.7])", &error) == NULL);
  g_clear_error (&error);
}

GST_END_TEST;

static Suite *
augment_hsv_suite (void)
{
  Suite *s = suite_create ("augment_hsv");
  TCase *tc = tcase_create ("hsv");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_hsv);
  tcase_add_test (tc, test_hsv_grey_pixels);
  tcase_add_test (tc, test_jitter);
  tcase_add_test (tc, test_jitter_order);
  tcase_add_test (tc, test_jitter_expansion);
  return s;
}

GST_CHECK_MAIN (augment_hsv);
