/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The filter transforms against references written here: blurs, sharpen,
 * emboss and motion blur against a direct 2-D convolution in double with
 * OpenCV's BORDER_REFLECT_101, the median against a sort of each window
 * with its edges replicated, Downscale against index arithmetic, on RGB,
 * RGBA (alpha untouched) and GRAY8, at sizes that exercise the vector
 * tails and a kernel wider than the image. A plan read back from its JSON
 * renders the same bytes, and so does any split into bands on workers,
 * and the plain C / SSE2 code gives the bytes of the AVX2 code.
 */
#include "augtest.h"

typedef struct
{
  guint w, h;
} Size;

static const Size sizes[] = { {67, 23}, {5, 4}, {40, 9} };

static const guint channels[] = { 3, 4, 1 };

static gint
reflect101 (gint i, gint n)
{
  if (n == 1)
    return 0;
  /* the period of the mirrored axis is 2 (n - 1) */
  i = abs (i) % (2 * (n - 1));
  return i < n ? i : 2 * (n - 1) - i;
}

/* sum over the n x n kernel k (row-major) of the reflected samples */
static gdouble
conv_at (const AugImage * src, const gdouble * k, guint n, guint x, guint y,
    guint c)
{
  gint r = n / 2, i, j;
  gdouble s = 0;

  for (j = 0; j < (gint) n; j++)
    for (i = 0; i < (gint) n; i++)
      s += k[j * n + i] * src->px[((gsize) reflect101 (y + j - r, src->h)
              * src->w + reflect101 (x + i - r, src->w)) * src->bpp + c];
  return s;
}

/* Checks @out against the convolution of @src with @k rounded half up:
 * colour samples within @tol (0 for the integer kernels), alpha
 * untouched. */
static void
check_conv (const gchar * what, const AugImage * src, const AugImage * out,
    const gdouble * k, guint n, gint tol)
{
  guint x, y, c, n_colour = src->bpp == 1 ? 1 : 3;
  gdouble s;
  gint ref, got;

  for (y = 0; y < src->h; y++)
    for (x = 0; x < src->w; x++)
      for (c = 0; c < src->bpp; c++) {
        got = out->px[((gsize) y * src->w + x) * src->bpp + c];
        if (c >= n_colour) {
          fail_unless_equals_int (got,
              src->px[((gsize) y * src->w + x) * src->bpp + c]);
          continue;
        }
        s = conv_at (src, k, n, x, y, c);
        ref = (gint) CLAMP (floor (s + 0.5), 0, 255);
        fail_unless (abs (got - ref) <= tol, "%s, %u channels, %ux%u, "
            "(%u, %u, %u): %d, reference %d (%.4f)", what, src->bpp, src->w,
            src->h, x, y, c, got, ref, s);
      }
}

/* One plan of @transforms (a single transform) on @src; its replay from
 * JSON and a split into bands on 3 workers must give the same bytes. */
static AugImage
render_checked (GstImAugPipeline * pipeline, const AugImage * src,
    gchar ** json_out)
{
  GstImAugPlan *plan = gst_im_aug_pipeline_draw (pipeline, 7, 3, 0, src->w,
      src->h), *replay;
  GstImWorkerPool *pool = gst_im_worker_pool_new (3, NULL);
  GError *error = NULL;
  AugImage out, again, banded;
  gchar *json;

  fail_unless (gst_im_aug_plan_get_problem (plan) == NULL, "%s",
      gst_im_aug_plan_get_problem (plan));
  fail_unless_equals_int (gst_im_aug_plan_get_n_applied (plan), 1);
  json = gst_im_aug_plan_to_json (plan);
  out = aug_render (plan, src, FALSE, NULL, 0);
  replay = gst_im_aug_plan_new_from_json (json, &error);
  fail_unless (replay != NULL, "%s: %s", json, error ? error->message : "");
  again = aug_render (replay, src, FALSE, NULL, 0);
  fail_unless (memcmp (out.px, again.px, (gsize) src->w * src->h *
          src->bpp) == 0, "replay differs: %s", json);
  banded = aug_render (plan, src, TRUE, pool, 2);
  fail_unless (memcmp (out.px, banded.px, (gsize) src->w * src->h *
          src->bpp) == 0, "bands differ: %s", json);
  aug_image_clear (&again);
  aug_image_clear (&banded);
  gst_im_aug_plan_free (replay);
  gst_im_aug_plan_free (plan);
  gst_im_worker_pool_free (pool);
  if (json_out)
    *json_out = json;
  else
    g_free (json);
  return out;
}

static AugImage
render_string (const gchar * transforms, const AugImage * src, gchar ** json)
{
  GstImAugPipeline *pipeline = aug_pipeline (transforms);
  AugImage out = render_checked (pipeline, src, json);

  gst_im_aug_pipeline_unref (pipeline);
  return out;
}

/* an albumentations 1.4 pipeline of one transform (given as JSON) */
static AugImage
render_json14 (const gchar * transform, const AugImage * src)
{
  gchar *text = g_strdup_printf ("{\"__version__\": \"1.4.24\", "
      "\"transform\": {\"__class_fullname__\": \"Compose\", \"p\": 1.0, "
      "\"transforms\": [%s]}}", transform);
  GError *error = NULL;
  GstImAugPipeline *pipeline = gst_im_aug_pipeline_new_from_data (text, -1,
      "1.4 case", &error);
  AugImage out;

  fail_unless (pipeline != NULL, "%s: %s", text, error ? error->message : "");
  out = render_checked (pipeline, src, NULL);
  gst_im_aug_pipeline_unref (pipeline);
  g_free (text);
  return out;
}

/* the outer product of a 1-D kernel */
static void
outer (const gdouble * k1, guint n, gdouble * k)
{
  guint i, j;

  for (j = 0; j < n; j++)
    for (i = 0; i < n; i++)
      k[j * n + i] = k1[j] * k1[i];
}

GST_START_TEST (test_blur)
{
  static const guint ks[] = { 3, 5, 7, 17 };
  const Size *sz = &sizes[__i__ % G_N_ELEMENTS (sizes)];
  AugImage src = aug_image_pattern (sz->w, sz->h,
      channels[__i__ / G_N_ELEMENTS (sizes)], __i__), out;
  gdouble k[17 * 17];
  gchar *t;
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (ks); i++) {
    for (j = 0; j < ks[i] * ks[i]; j++)
      k[j] = 1.0 / (ks[i] * ks[i]);
    t = g_strdup_printf ("Blur(blur_limit=(%u, %u), p=1)", ks[i], ks[i]);
    out = render_string (t, &src, NULL);
    /* the sum of whole numbers over k^2 (odd): never a tie */
    check_conv (t, &src, &out, k, ks[i], 0);
    aug_image_clear (&out);
    g_free (t);
  }
  aug_image_clear (&src);
}

GST_END_TEST;

/* 2.x: exp (-x^2 / (2 sigma^2)) normalised, float sums (round to nearest);
 * 1.4: cv2.GaussianBlur's binomial kernels for a size without sigma,
 * integer sums */
GST_START_TEST (test_gaussian)
{
  static const gdouble binomial5[5] = { 1 / 16., 4 / 16., 6 / 16., 4 / 16.,
    1 / 16.
  };
  static const gdouble sigmas[] = { 0.7, 1.3, 2.1 };
  const Size *sz = &sizes[__i__ % G_N_ELEMENTS (sizes)];
  AugImage src = aug_image_pattern (sz->w, sz->h,
      channels[__i__ / G_N_ELEMENTS (sizes)], 10 + __i__), out;
  gdouble k1[15], k[15 * 15], sum;
  gchar *t;
  guint i, n, x;

  for (i = 0; i < G_N_ELEMENTS (sigmas); i++) {
    /* blur_limit 0: the size from sigma, int (3.5 sigma) * 2 + 1 */
    n = (guint) (sigmas[i] * 3.5) * 2 + 1;
    sum = 0;
    for (x = 0; x < n; x++)
      sum += k1[x] = exp (-pow ((gdouble) x - n / 2, 2) /
          (2 * sigmas[i] * sigmas[i]));
    for (x = 0; x < n; x++)
      k1[x] /= sum;
    outer (k1, n, k);
    t = g_strdup_printf ("GaussianBlur(sigma_limit=(%g, %g), p=1)",
        sigmas[i], sigmas[i]);
    out = render_string (t, &src, NULL);
    check_conv (t, &src, &out, k, n, 1);
    aug_image_clear (&out);
    g_free (t);
  }

  outer (binomial5, 5, k);
  out = render_json14 ("{\"__class_fullname__\": \"GaussianBlur\", "
      "\"p\": 1, \"blur_limit\": [5, 5], \"sigma_limit\": [0, 0]}", &src);
  check_conv ("1.4 GaussianBlur 5", &src, &out, k, 5, 0);
  aug_image_clear (&out);
  aug_image_clear (&src);
}

GST_END_TEST;

/* the 3 x 3 kernels as albumentations documents them */
GST_START_TEST (test_sharpen_emboss)
{
  const Size *sz = &sizes[__i__ % G_N_ELEMENTS (sizes)];
  AugImage src = aug_image_pattern (sz->w, sz->h,
      channels[__i__ / G_N_ELEMENTS (sizes)], 20 + __i__), out;
  gdouble a = 0.4, l = 0.8, s = 0.6, k[9];
  guint i;

  for (i = 0; i < 9; i++)
    k[i] = -a;
  k[4] = (1 - a) + a * (8 + l);
  out = render_string ("Sharpen(alpha=(0.4, 0.4), lightness=(0.8, 0.8), "
      "p=1)", &src, NULL);
  check_conv ("Sharpen", &src, &out, k, 3, 1);
  aug_image_clear (&out);

  k[0] = -a * (1 + s);
  k[1] = k[3] = -a * s;
  k[2] = k[6] = 0;
  k[4] = 1;
  k[5] = k[7] = a * s;
  k[8] = a * (1 + s);
  out = render_string ("Emboss(alpha=(0.4, 0.4), strength=(0.6, 0.6), p=1)",
      &src, NULL);
  check_conv ("Emboss", &src, &out, k, 3, 1);
  aug_image_clear (&out);
  aug_image_clear (&src);
}

GST_END_TEST;

/* without shift, angle 0 and 90 with direction 0 are the middle row and
 * the middle column, each tap 1 / k */
GST_START_TEST (test_motion)
{
  const Size *sz = &sizes[__i__ % G_N_ELEMENTS (sizes)];
  AugImage src = aug_image_pattern (sz->w, sz->h,
      channels[__i__ / G_N_ELEMENTS (sizes)], 30 + __i__), out;
  gdouble k[7 * 7];
  guint i, angle;
  gchar *t;

  for (angle = 0; angle <= 90; angle += 90) {
    memset (k, 0, sizeof (k));
    for (i = 0; i < 7; i++)
      k[angle ? i * 7 + 3 : 3 * 7 + i] = 1 / 7.0;
    t = g_strdup_printf ("MotionBlur(blur_limit=(7, 7), angle_range=(%u, %u),"
        " direction_range=(0, 0), allow_shifted=False, p=1)", angle, angle);
    out = render_string (t, &src, NULL);
    check_conv (t, &src, &out, k, 7, 1);
    aug_image_clear (&out);
    g_free (t);
  }
  aug_image_clear (&src);
}

GST_END_TEST;

static gint
cmp_bytes (gconstpointer a, gconstpointer b)
{
  return *(const guint8 *) a - *(const guint8 *) b;
}

GST_START_TEST (test_median)
{
  static const guint ks[] = { 3, 5, 7, 9 };
  /* widths around the vector sizes (16, 32 samples) */
  static const Size msizes[] = { {67, 13}, {5, 4}, {11, 6}, {33, 5} };
  const Size *sz = &msizes[__i__ % G_N_ELEMENTS (msizes)];
  AugImage src = aug_image_pattern (sz->w, sz->h,
      channels[__i__ / G_N_ELEMENTS (msizes)], 40 + __i__), out;
  guint8 win[81];
  guint i, x, y, c, bpp = src.bpp, n_colour = bpp == 1 ? 1 : 3;
  gint r, u, v, m;
  gchar *t;

  for (i = 0; i < G_N_ELEMENTS (ks); i++) {
    t = g_strdup_printf ("MedianBlur(blur_limit=(%u, %u), p=1)", ks[i],
        ks[i]);
    out = render_string (t, &src, NULL);
    r = ks[i] / 2;
    for (y = 0; y < src.h; y++)
      for (x = 0; x < src.w; x++)
        for (c = 0; c < bpp; c++) {
          m = 0;
          for (v = -r; v <= r; v++)
            for (u = -r; u <= r; u++)
              win[m++] = src.px[((gsize) CLAMP ((gint) y + v, 0,
                          (gint) src.h - 1) * src.w + CLAMP ((gint) x + u, 0,
                          (gint) src.w - 1)) * bpp + c];
          qsort (win, m, 1, cmp_bytes);
          fail_unless_equals_int (out.px[((gsize) y * src.w + x) * bpp + c],
              c < n_colour ? win[m / 2] :
              src.px[((gsize) y * src.w + x) * bpp + c]);
        }
    aug_image_clear (&out);
    g_free (t);
  }
  aug_image_clear (&src);
}

GST_END_TEST;

/* nearest both ways: cv2.resize by 1 / 4 takes source pixel floor (4 x),
 * and back takes small pixel floor (x * dw / w) */
GST_START_TEST (test_downscale)
{
  const Size *sz = &sizes[__i__ % G_N_ELEMENTS (sizes)];
  AugImage src = aug_image_pattern (sz->w, sz->h,
      channels[__i__ / G_N_ELEMENTS (sizes)], 50 + __i__), out;
  guint dw = (guint) nearbyint (src.w * 0.25), dh =
      (guint) nearbyint (src.h * 0.25), x, y, c, sx, sy;

  if (dw < 1 || dh < 1) {
    aug_image_clear (&src);
    return;
  }
  out = render_string ("Downscale(scale_range=(0.25, 0.25), p=1)", &src,
      NULL);
  for (y = 0; y < src.h; y++)
    for (x = 0; x < src.w; x++)
      for (c = 0; c < src.bpp; c++) {
        sx = MIN (4 * MIN ((guint) floor ((gdouble) x * dw / src.w), dw - 1),
            src.w - 1);
        sy = MIN (4 * MIN ((guint) floor ((gdouble) y * dh / src.h), dh - 1),
            src.h - 1);
        if (c >= (src.bpp == 1 ? 1u : 3u))
          sx = x, sy = y;
        fail_unless_equals_int (out.px[((gsize) y * src.w + x) * src.bpp + c],
            src.px[((gsize) sy * src.w + sx) * src.bpp + c]);
      }
  aug_image_clear (&out);
  aug_image_clear (&src);
}

GST_END_TEST;

/* albumentations' unsharp mask in double: blur with cv2's 3-tap binomial,
 * detail, a 0/1 mask, its blur, the blend, * 255 rounded */
GST_START_TEST (test_unsharp)
{
  static const gdouble b3[3] = { 0.25, 0.5, 0.25 };
  const Size *sz = &sizes[__i__ % G_N_ELEMENTS (sizes)];
  AugImage src = aug_image_pattern (sz->w, sz->h,
      channels[__i__ / G_N_ELEMENTS (sizes)], 60 + __i__), out, mask;
  gdouble k[9], alpha = 0.5, blur, img, soft, sharp;
  guint x, y, c, bpp = src.bpp, n_colour = bpp == 1 ? 1 : 3, n_far = 0;
  gsize i;
  gint ref, got;

  outer (b3, 3, k);
  out = render_string ("UnsharpMask(blur_limit=(3, 3), sigma_limit=0, "
      "alpha=(0.5, 0.5), threshold=10, p=1)", &src, NULL);
  mask = aug_image_new (src.w, src.h, bpp);
  for (y = 0; y < src.h; y++)
    for (x = 0; x < src.w; x++)
      for (c = 0; c < bpp; c++) {
        i = ((gsize) y * src.w + x) * bpp + c;
        mask.px[i] = fabs (src.px[i] - conv_at (&src, k, 3, x, y, c)) > 10;
      }
  for (y = 0; y < src.h; y++)
    for (x = 0; x < src.w; x++)
      for (c = 0; c < n_colour; c++) {
        i = ((gsize) y * src.w + x) * bpp + c;
        img = src.px[i] / 255.0;
        blur = conv_at (&src, k, 3, x, y, c) / 255.0;
        soft = conv_at (&mask, k, 3, x, y, c);
        sharp = CLAMP (img + alpha * (img - blur), 0, 1);
        ref = (gint) nearbyint ((sharp * soft + img * (1 - soft)) * 255);
        got = out.px[i];
        /* a detail within float rounding of the threshold flips a mask
         * sample: at most a few, and a level or two */
        fail_unless (abs (got - ref) <= 2, "(%u, %u, %u): %d, reference %d",
            x, y, c, got, ref);
        n_far += abs (got - ref) > 1;
      }
  fail_unless (n_far <= 2);
  aug_image_clear (&mask);
  aug_image_clear (&out);
  aug_image_clear (&src);
}

GST_END_TEST;

/* the plain C / SSE2 code (GST_IM_AUG_FILTER_GENERIC) gives the bytes of
 * the AVX2 code, for every kernel kind */
GST_START_TEST (test_generic)
{
  static const gchar *const transforms[] = {
    "Blur(blur_limit=(5, 5), p=1)",
    "Blur(blur_limit=(19, 19), p=1)",
    "GaussianBlur(sigma_limit=(1.3, 1.3), p=1)",
    "MotionBlur(blur_limit=(7, 7), angle_range=(33, 33), "
        "direction_range=(0.4, 0.4), p=1)",
    "MedianBlur(blur_limit=(3, 3), p=1)",
    "MedianBlur(blur_limit=(5, 5), p=1)",
    "Sharpen(alpha=(0.4, 0.4), lightness=(0.8, 0.8), p=1)",
    "Sharpen(alpha=(0.4, 0.4), method=\"gaussian\", p=1)",
    "Emboss(alpha=(0.7, 0.7), strength=(0.3, 0.3), p=1)",
    "UnsharpMask(blur_limit=(5, 5), sigma_limit=1.2, alpha=(0.6, 0.6), "
        "p=1)",
  };
  const Size *sz = &sizes[__i__ % G_N_ELEMENTS (sizes)];
  AugImage src = aug_image_pattern (sz->w, sz->h,
      channels[__i__ / G_N_ELEMENTS (sizes)], 70 + __i__), fast, plain;
  const gchar *g14 = "{\"__class_fullname__\": \"GaussianBlur\", \"p\": 1, "
      "\"blur_limit\": [7, 7], \"sigma_limit\": [1.1, 1.1]}";
  guint i;

  for (i = 0; i <= G_N_ELEMENTS (transforms); i++) {
    fast = i < G_N_ELEMENTS (transforms) ?
        render_string (transforms[i], &src, NULL) : render_json14 (g14, &src);
    g_setenv ("GST_IM_AUG_FILTER_GENERIC", "1", TRUE);
    plain = i < G_N_ELEMENTS (transforms) ?
        render_string (transforms[i], &src, NULL) : render_json14 (g14, &src);
    g_unsetenv ("GST_IM_AUG_FILTER_GENERIC");
    fail_unless (memcmp (fast.px, plain.px, (gsize) src.w * src.h *
            src.bpp) == 0, "%s on %u channels: the generic code differs",
        i < G_N_ELEMENTS (transforms) ? transforms[i] : g14, src.bpp);
    aug_image_clear (&fast);
    aug_image_clear (&plain);
  }
  aug_image_clear (&src);
}

GST_END_TEST;

static Suite *
augment_filter_suite (void)
{
  Suite *s = suite_create ("augment_filter");
  TCase *tc = tcase_create ("general");
  guint n = G_N_ELEMENTS (sizes) * G_N_ELEMENTS (channels);

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_blur, 0, n);
  tcase_add_loop_test (tc, test_gaussian, 0, n);
  tcase_add_loop_test (tc, test_sharpen_emboss, 0, n);
  tcase_add_loop_test (tc, test_motion, 0, n);
  tcase_add_loop_test (tc, test_median, 0, 4 * G_N_ELEMENTS (channels));
  tcase_add_loop_test (tc, test_downscale, 0, n);
  tcase_add_loop_test (tc, test_unsharp, 0, n);
  tcase_add_loop_test (tc, test_generic, 0, n);
  return s;
}

GST_CHECK_MAIN (augment_filter);
