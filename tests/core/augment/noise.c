/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The noise transforms of augment against oracles written here:
 * GaussNoise's (out - src) against the distribution of a truncated normal
 * (albucore truncates the noise toward zero before adding) computed with
 * erfc - mean, variance, a chi-square over the levels, no correlation
 * between channels or neighbours; ISONoise's luminance moving only up;
 * MultiplicativeNoise against albucore's float32 tables; SaltAndPepper's
 * counts exact (2.x) or within binomial bounds (1.4.24). Every transform
 * renders the same bytes with any workers and band height, and from its
 * plan's JSON read back.
 */
#include "noisetest.h"

/* ---- GaussNoise ---- */

static gdouble
phi (gdouble x)
{
  return 0.5 * erfc (-x / G_SQRT2);
}

/* P (trunc (X) = k), X ~ N (mu, sigma): X in [k, k + 1) for k > 0,
 * (k - 1, k] for k < 0, (-1, 1) for 0 */
static gdouble
p_trunc (gint k, gdouble mu, gdouble sigma)
{
  gdouble lo = k > 0 ? k : k - 1.0, hi = k < 0 ? k : k + 1.0;

  if (k == 0) {
    lo = -1;
    hi = 1;
  }
  return phi ((hi - mu) / sigma) - phi ((lo - mu) / sigma);
}

/* The samples d[0..n) of trunc (N (mu, sigma)) (stride @step): mean,
 * variance, chi-square over the levels within 4 sigma (tails pooled) */
static void
check_truncated_normal (const gint * d, gsize n, gsize step, gdouble mu,
    gdouble sigma)
{
  gint lo = (gint) floor (mu - 4 * sigma), hi = (gint) ceil (mu + 4 * sigma);
  gint k, nb = hi - lo + 3;
  gdouble em = 0, e2 = 0, ev, m = 0, v = 0, chi = 0, p, e;
  gdouble *count = g_new0 (gdouble, nb);
  gsize i;

  for (k = (gint) (mu - 12 * sigma) - 2; k <= mu + 12 * sigma + 2; k++) {
    p = p_trunc (k, mu, sigma);
    em += k * p;
    e2 += (gdouble) k * k * p;
  }
  ev = e2 - em * em;
  for (i = 0; i < n; i++) {
    m += d[i * step];
    k = d[i * step] < lo ? 0 : d[i * step] > hi ? nb - 1 : d[i * step] - lo
        + 1;
    count[k]++;
  }
  m /= n;
  for (i = 0; i < n; i++)
    v += (d[i * step] - m) * (d[i * step] - m);
  v /= n - 1;
  fail_unless (fabs (m - em) < 5 * sqrt (ev / n), "mean %f, expected %f", m,
      em);
  fail_unless (fabs (v - ev) < 6 * ev * sqrt (2.0 / n), "variance %f, "
      "expected %f", v, ev);
  for (k = 0; k < nb; k++) {
    if (k == 0)
      p = phi ((lo - mu) / sigma);
    else if (k == nb - 1)
      p = 1 - phi ((hi + 1 - mu) / sigma);
    else
      p = p_trunc (lo + k - 1, mu, sigma);
    e = n * p;
    if (e > 0)
      chi += (count[k] - e) * (count[k] - e) / e;
  }
  /* df ~ nb: far beyond chance at 6 standard deviations of chi-square */
  fail_unless (chi < nb + 6 * sqrt (2.0 * nb), "chi-square %f over %d bins",
      chi, nb);
  g_free (count);
}

static gdouble
correlation (const gint * a, const gint * b, gsize n, gsize step)
{
  gdouble ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
  gsize i;

  for (i = 0; i < n; i++) {
    ma += a[i * step];
    mb += b[i * step];
  }
  ma /= n;
  mb /= n;
  for (i = 0; i < n; i++) {
    sab += (a[i * step] - ma) * (b[i * step] - mb);
    saa += (a[i * step] - ma) * (a[i * step] - ma);
    sbb += (b[i * step] - mb) * (b[i * step] - mb);
  }
  return sab / sqrt (saa * sbb);
}

/* out - src of the colour bytes, pixel-major, @n_colour per pixel */
static gint *
differences (const AugImage * src, const AugImage * out, guint n_colour)
{
  gsize n = (gsize) src->w * src->h, i;
  gint *d = g_new (gint, n * n_colour);
  guint c;

  for (i = 0; i < n; i++)
    for (c = 0; c < n_colour; c++)
      d[i * n_colour + c] = (gint) out->px[i * src->bpp + c] -
          src->px[i * src->bpp + c];
  return d;
}

GST_START_TEST (test_gauss_noise)
{
  const guint bpps[] = { 3, 4, 1 };
  guint b, c, nc;
  gsize n;
  gchar *json;
  gint *d;
  gdouble sigma, mu, r;
  AugImage src, out;

  for (b = 0; b < G_N_ELEMENTS (bpps); b++) {
    nc = bpps[b] == 1 ? 1 : 3;
    src = flat_image (256, 128, bpps[b], 120);
    n = (gsize) src.w * src.h;
    out = render ("GaussNoise(std_range=[0.06, 0.06], mean_range=[0.02, "
        "0.02], p=1)", &src, &json);
    sigma = applied (json, "sigma", 0);
    mu = applied (json, "mean", 0);
    fail_unless (fabs (sigma - 0.06 * 255) < 1e-9);
    fail_unless (fabs (mu - 0.02 * 255) < 1e-9);
    d = differences (&src, &out, nc);
    for (c = 0; c < nc; c++)
      check_truncated_normal (d + c, n, nc, mu, sigma);
    /* independent channels and neighbours */
    for (c = 1; c < nc; c++) {
      r = correlation (d, d + c, n, nc);
      fail_unless (fabs (r) < 6 / sqrt (n), "channels 0 and %u: %f", c, r);
    }
    r = correlation (d, d + nc, n - 1, nc);
    fail_unless (fabs (r) < 6 / sqrt (n), "neighbours: %f", r);
    assert_alpha_kept (&src, &out);
    g_free (d);
    g_free (json);
    aug_image_clear (&out);
    aug_image_clear (&src);
  }
}

GST_END_TEST;

GST_START_TEST (test_gauss_shared_and_scaled)
{
  AugImage src = flat_image (200, 100, 4, 128), out;
  gsize n = (gsize) src.w * src.h, i;
  gint *d;
  gchar *json;
  gdouble r;

  /* one value for all channels */
  out = render ("GaussNoise(std_range=[0.05, 0.05], per_channel=false, p=1)",
      &src, &json);
  d = differences (&src, &out, 3);
  for (i = 0; i < n; i++) {
    fail_unless_equals_int (d[i * 3], d[i * 3 + 1]);
    fail_unless_equals_int (d[i * 3], d[i * 3 + 2]);
  }
  check_truncated_normal (d, n, 3, 0, 0.05 * 255);
  assert_alpha_kept (&src, &out);
  g_free (d);
  g_free (json);
  aug_image_clear (&out);

  /* a field of a quarter the size, resized bilinearly: neighbours
   * strongly correlated, and less variance than the drawn sigma */
  out = render ("GaussNoise(std_range=[0.1, 0.1], noise_scale_factor=0.25, "
      "p=1)", &src, &json);
  fail_unless_equals_float (applied (json, "noise_scale_factor", 0), 0.25);
  d = differences (&src, &out, 3);
  r = correlation (d, d + 3, n - 1, 3);
  fail_unless (r > 0.5, "neighbour correlation %f", r);
  g_free (d);
  g_free (json);
  aug_image_clear (&out);
  aug_image_clear (&src);
}

GST_END_TEST;

GST_START_TEST (test_gauss_1_4)
{
  AugImage src = flat_image (16, 8, 3, 128), out;
  GstImAugPipeline *p;
  gchar *json;
  gdouble s;

  /* a variance up to 1: in fractions of 255, squared */
  p = pipeline_1_4 ("{\"__class_fullname__\": \"GaussNoise\", \"p\": 1, "
      "\"var_limit\": [0.0036, 0.0036], \"mean\": 10}");
  out = render_with (p, &src, 1, &json, NULL, 0);
  fail_unless (fabs (applied (json, "sigma", 0) - 0.06 * 255) < 1e-9);
  /* a mean of 1 or more: in levels */
  fail_unless (fabs (applied (json, "mean", 0) - 10) < 1e-9);
  g_free (json);
  aug_image_clear (&out);
  gst_im_aug_pipeline_unref (p);

  /* above 1, 1.4.24 falls back to its default std_range */
  p = pipeline_1_4 ("{\"__class_fullname__\": \"GaussNoise\", \"p\": 1, "
      "\"var_limit\": [10, 50]}");
  out = render_with (p, &src, 1, &json, NULL, 0);
  s = applied (json, "sigma", 0);
  fail_unless (s >= sqrt (10.0 / 255) * 255 && s <= sqrt (50.0 / 255) * 255,
      "sigma %f", s);
  g_free (json);
  aug_image_clear (&out);
  gst_im_aug_pipeline_unref (p);
  aug_image_clear (&src);
}

GST_END_TEST;

/* ---- ISONoise ---- */

GST_START_TEST (test_iso_noise)
{
  AugImage src = aug_image_pattern (160, 120, 3, 4), out;
  gsize n = (gsize) src.w * src.h, i, changed = 0;
  gchar *json;
  gint dl, max_up = 0;

  /* hue noise of 0.05 * 0.5 degrees moves nothing by a level; luminance
   * only ever goes up (a Poisson count times (1 - L)): every change raises
   * max + min, and about a fraction 1 - exp (-lambda) of the pixels move */
  out = render ("ISONoise(color_shift=[0.05, 0.05], intensity=[0.5, 0.5], "
      "p=1)", &src, &json);
  for (i = 0; i < n; i++) {
    const guint8 *s = src.px + i * 3, *o = out.px + i * 3;

    dl = (MAX (o[0], MAX (o[1], o[2])) + MIN (o[0], MIN (o[1], o[2]))) -
        (MAX (s[0], MAX (s[1], s[2])) + MIN (s[0], MIN (s[1], s[2])));
    fail_unless (dl >= -2, "pixel %" G_GSIZE_FORMAT ": L down by %d", i, dl);
    if (dl > 4)
      changed++;
    max_up = MAX (max_up, dl);
  }
  fail_unless (changed > n / 100 && changed < n / 2, "%" G_GSIZE_FORMAT
      " of %" G_GSIZE_FORMAT " pixels changed", changed, n);
  g_free (json);
  aug_image_clear (&out);
  aug_image_clear (&src);
}

GST_END_TEST;

/* ---- MultiplicativeNoise ---- */

GST_START_TEST (test_multiplicative)
{
  const guint bpps[] = { 3, 4, 1 };
  AugImage src, out;
  gchar *json;
  guint b, c, nc;
  gsize i, n;
  gfloat m[3];
  gint lo, hi;
  gdouble mean;

  for (b = 0; b < G_N_ELEMENTS (bpps); b++) {
    nc = bpps[b] == 1 ? 1 : 3;
    src = aug_image_pattern (40, 30, bpps[b], 2);
    n = (gsize) src.w * src.h;
    /* albucore's table: i * m in float32, clipped, truncated */
    out = render ("MultiplicativeNoise(multiplier=[0.5, 1.8], "
        "per_channel=true, p=1)", &src, &json);
    for (c = 0; c < nc; c++)
      m[c] = applied (json, "multiplier", c);
    fail_unless (nc == 1 || m[0] != m[1]);
    for (i = 0; i < n; i++)
      for (c = 0; c < nc; c++) {
        gfloat v = (gfloat) src.px[i * src.bpp + c] * m[c];

        fail_unless_equals_int (out.px[i * src.bpp + c], v >= 255 ? 255 :
            (gint) v);
      }
    assert_alpha_kept (&src, &out);
    g_free (json);
    aug_image_clear (&out);
    aug_image_clear (&src);
  }

  /* elementwise: each value times its own m in [0.8, 1.2], truncated */
  src = flat_image (128, 64, 3, 200);
  n = (gsize) src.w * src.h * 3;
  out = render ("MultiplicativeNoise(multiplier=[0.8, 1.2], "
      "elementwise=true, per_channel=true, p=1)", &src, &json);
  lo = 255;
  hi = 0;
  mean = 0;
  for (i = 0; i < n; i++) {
    lo = MIN (lo, out.px[i]);
    hi = MAX (hi, out.px[i]);
    mean += out.px[i];
  }
  mean /= n;
  fail_unless (lo >= 160 && hi <= 240 && lo <= 162 && hi >= 238, "%d..%d",
      lo, hi);
  /* E trunc (200 m) = 200 - 0.5 (+-) within 5 standard errors: the
   * uniform's deviation is 40 / sqrt (12) */
  fail_unless (fabs (mean - 199.5) < 5 * 40 / sqrt (12.0 * n), "mean %f",
      mean);
  g_free (json);
  aug_image_clear (&out);
  aug_image_clear (&src);
}

GST_END_TEST;

/* ---- SaltAndPepper ---- */

GST_START_TEST (test_salt_and_pepper)
{
  AugImage src = aug_image_pattern (200, 150, 3, 6), out;
  gsize n = (gsize) src.w * src.h, i, salt = 0, pepper = 0;
  GstImAugPipeline *p;
  gchar *json;
  gdouble ps = 0.08 * 0.25, pp = 0.08 * 0.75;
  guint c;

  /* 2.x: whole pixels */
  out = render ("SaltAndPepper(amount=[0.08, 0.08], salt_vs_pepper=[0.25, "
      "0.25], p=1)", &src, &json);
  for (i = 0; i < n; i++) {
    const guint8 *o = out.px + i * 3;

    if (memcmp (o, src.px + i * 3, 3) == 0)
      continue;
    fail_unless ((o[0] == 255 || o[0] == 0) && o[0] == o[1] && o[1] == o[2]);
    if (o[0] == 255)
      salt++;
    else
      pepper++;
  }
  /* exactly int (n * amount) pixels, int (that * ratio) of them white, as
   * albumentations picks them */
  fail_unless_equals_int (salt, (gsize) ((gsize) (n * 0.08) * 0.25));
  fail_unless_equals_int (salt + pepper, (gsize) (n * 0.08));
  g_free (json);
  aug_image_clear (&out);

  /* 1.4.24: each channel value on its own; pepper only where no salt */
  p = pipeline_1_4 ("{\"__class_fullname__\": \"SaltAndPepper\", \"p\": 1, "
      "\"amount\": [0.08, 0.08], \"salt_vs_pepper\": [0.25, 0.25]}");
  out = render_with (p, &src, 7, &json, NULL, 0);
  salt = pepper = 0;
  for (i = 0; i < n * 3; i++) {
    c = out.px[i];
    if (c == src.px[i])
      continue;
    fail_unless (c == 255 || c == 0);
    if (c == 255)
      salt++;
    else
      pepper++;
  }
  pp = (1 - ps) * pp;
  fail_unless (fabs (salt - 3 * n * ps) < 5 * sqrt (3 * n * ps * (1 - ps)));
  fail_unless (fabs (pepper - 3 * n * pp) < 5 * sqrt (3 * n * pp * (1 -
              pp)));
  g_free (json);
  aug_image_clear (&out);
  gst_im_aug_pipeline_unref (p);
  aug_image_clear (&src);
}

GST_END_TEST;

/* ---- every transform: workers, bands, replay ---- */

static const gchar *const every[] = {
  "GaussNoise(p=1)",
  "GaussNoise(per_channel=false, noise_scale_factor=0.3, p=1)",
  "ISONoise(p=1)",
  "MultiplicativeNoise(elementwise=true, p=1)",
  "MultiplicativeNoise(per_channel=true, p=1)",
  "SaltAndPepper(p=1)",
};

GST_START_TEST (test_workers_and_replay)
{
  check_workers_and_replay (every, G_N_ELEMENTS (every));
}

GST_END_TEST;

/* Plans no draw gives (replayed from a file): huge, negative, zero values
 * render without a crash, a hang or an out-of-range access. */
static const gchar *const hostile[] = {
  "\"GaussNoise\",\"position\":0,\"size\":[40,30],\"sigma\":1e300,"
      "\"mean\":-1e300,\"per_channel\":1,\"noise_scale_factor\":-5",
  "\"GaussNoise\",\"position\":0,\"size\":[40,30],\"sigma\":3,"
      "\"mean\":0,\"per_channel\":0,\"noise_scale_factor\":1e-300",
  "\"ISONoise\",\"position\":0,\"size\":[40,30],\"color_shift\":1e300,"
      "\"intensity\":1e300",
  "\"MultiplicativeNoise\",\"position\":0,\"size\":[40,30],"
      "\"multiplier\":[1e300,-1e300,0],\"per_channel\":1,"
      "\"elementwise\":1,\"range\":[1e300,-1e300]",
  "\"MultiplicativeNoise\",\"position\":0,\"size\":[40,30],"
      "\"multiplier\":[1e300,-1e300,0],\"per_channel\":1,"
      "\"elementwise\":0,\"range\":[0,0]",
  "\"SaltAndPepper\",\"position\":0,\"size\":[40,30],\"amount\":1e300,"
      "\"salt_vs_pepper\":-3,\"per_channel\":1",
  "\"SaltAndPepper\",\"position\":0,\"size\":[40,30],\"amount\":1e300,"
      "\"salt_vs_pepper\":1e300,\"per_channel\":0",
  "\"SaltAndPepper\",\"position\":0,\"size\":[40,30],\"amount\":1e-300,"
      "\"salt_vs_pepper\":0,\"per_channel\":0",
};

GST_START_TEST (test_hostile_plans)
{
  check_hostile_plans (hostile, G_N_ELEMENTS (hostile));
}

GST_END_TEST;

static Suite *
noise_suite (void)
{
  Suite *s = suite_create ("augment-noise");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_gauss_noise);
  tcase_add_test (tc, test_gauss_shared_and_scaled);
  tcase_add_test (tc, test_gauss_1_4);
  tcase_add_test (tc, test_iso_noise);
  tcase_add_test (tc, test_multiplicative);
  tcase_add_test (tc, test_salt_and_pepper);
  tcase_add_test (tc, test_workers_and_replay);
  tcase_add_test (tc, test_hostile_plans);
  return s;
}

GST_CHECK_MAIN (noise);
