/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The noise, dropout and compression transforms of augment against
 * oracles written here: GaussNoise's (out - src) against the distribution
 * of a truncated normal (albucore truncates the noise toward zero before
 * adding) computed with erfc - mean, variance, a chi-square over the
 * levels, no correlation between channels or neighbours; MultiplicativeNoise
 * against albucore's float32 tables; SaltAndPepper's fractions within
 * binomial bounds; CoarseDropout's holes as exact rectangles of the fill
 * colour with sizes in range; GridDropout against its grid formula;
 * ImageCompression byte for byte against tjCompress2 / tjDecompress2 at
 * the plan's quality, as cv2.imencode sees an RGB array (as BGR). Every
 * transform renders the same bytes with any workers and band height, and
 * from its plan's JSON read back.
 */
#include <turbojpeg.h>
#include "augtest.h"

/* Renders @transforms (or the 1.4 JSON @json14) once on @src; the plan's
 * JSON in *@plan_json. */
static AugImage
render_with (GstImAugPipeline * pipeline, const AugImage * src, guint64 seed,
    gchar ** plan_json, GstImWorkerPool * pool, guint chunk_rows)
{
  GstImAugPlan *plan = gst_im_aug_pipeline_draw (pipeline, seed, 3, 0,
      src->w, src->h);
  AugImage out;

  fail_unless (gst_im_aug_plan_get_problem (plan) == NULL, "%s",
      gst_im_aug_plan_get_problem (plan));
  fail_unless_equals_int (gst_im_aug_plan_get_n_applied (plan), 1);
  out = aug_render (plan, src, TRUE, pool, chunk_rows);
  if (plan_json)
    *plan_json = gst_im_aug_plan_to_json (plan);
  gst_im_aug_plan_free (plan);
  return out;
}

static AugImage
render (const gchar * transforms, const AugImage * src, gchar ** plan_json)
{
  GstImAugPipeline *p = aug_pipeline (transforms);
  AugImage out = render_with (p, src, 7, plan_json, NULL, 0);

  gst_im_aug_pipeline_unref (p);
  return out;
}

static gdouble
applied (const gchar * json, const gchar * name, guint i)
{
  gdouble v[4];

  fail_unless (aug_applied_numbers (json, 0, name, v, i + 1), "no %s in %s",
      name, json);
  return v[i];
}

static AugImage
flat_image (guint w, guint h, guint bpp, guint8 level)
{
  AugImage img = aug_image_new (w, h, bpp);
  gsize i;

  memset (img.px, level, (gsize) w * h * bpp);
  /* alpha: a ramp, to see it pass through */
  if (bpp == 4)
    for (i = 0; i < (gsize) w * h; i++)
      img.px[i * 4 + 3] = i * 7;
  return img;
}

static void
assert_alpha_kept (const AugImage * src, const AugImage * out)
{
  gsize i;

  if (src->bpp != 4)
    return;
  for (i = 0; i < (gsize) src->w * src->h; i++)
    fail_unless_equals_int (out->px[i * 4 + 3], src->px[i * 4 + 3]);
}

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

/* One transform of a 1.4.24 file. */
static GstImAugPipeline *
pipeline_1_4 (const gchar * transform)
{
  gchar *json = g_strdup_printf ("{\"__version__\": \"1.4.24\", "
      "\"transform\": {\"__class_fullname__\": \"Compose\", \"p\": 1.0, "
      "\"transforms\": [%s]}}", transform);
  GError *error = NULL;
  GstImAugPipeline *p = gst_im_aug_pipeline_new_from_data (json, -1,
      "t.json", &error);

  fail_unless (p != NULL, "%s: %s", json, error ? error->message : "");
  g_free (json);
  return p;
}

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

/* ---- CoarseDropout ---- */

/* The changed pixels of @out form exactly one rectangle of @fill; its size
 * in *w, *h (0 when nothing changed). */
static void
one_rectangle (const AugImage * src, const AugImage * out, const guint8 * fill,
    guint * w, guint * h)
{
  guint x, y, c, x0 = G_MAXUINT, y0 = G_MAXUINT, x1 = 0, y1 = 0;
  gboolean in;
  const guint8 *o;

  for (y = 0; y < src->h; y++)
    for (x = 0; x < src->w; x++) {
      o = out->px + ((gsize) y * src->w + x) * src->bpp;
      for (c = 0; c < MIN (src->bpp, 3u); c++)
        if (o[c] != src->px[((gsize) y * src->w + x) * src->bpp + c])
          break;
      if (c < MIN (src->bpp, 3u)) {
        x0 = MIN (x0, x);
        y0 = MIN (y0, y);
        x1 = MAX (x1, x + 1);
        y1 = MAX (y1, y + 1);
      }
    }
  *w = x1 > x0 && x0 != G_MAXUINT ? x1 - x0 : 0;
  *h = y1 > y0 && y0 != G_MAXUINT ? y1 - y0 : 0;
  for (y = 0; y < src->h; y++)
    for (x = 0; x < src->w; x++) {
      o = out->px + ((gsize) y * src->w + x) * src->bpp;
      in = *w && x >= x0 && x < x1 && y >= y0 && y < y1;
      for (c = 0; c < MIN (src->bpp, 3u); c++)
        fail_unless_equals_int (o[c], in ? fill[c] :
            src->px[((gsize) y * src->w + x) * src->bpp + c]);
    }
}

GST_START_TEST (test_coarse_dropout)
{
  const guint bpps[] = { 3, 4, 1 };
  const guint8 fill[3] = { 1, 2, 3 }, grey[3] = { 5, 5, 5 };
  AugImage src, out;
  GstImAugPipeline *p;
  gchar *json;
  guint b, seed, w, h;
  gdouble mean;
  gsize i, n;

  for (b = 0; b < G_N_ELEMENTS (bpps); b++) {
    src = aug_image_pattern (64, 48, bpps[b], 1);
    p = aug_pipeline (bpps[b] == 1 ? "CoarseDropout(num_holes_range=[1, 1], "
        "hole_height_range=[10, 20], hole_width_range=[5, 8], fill=5, p=1)" :
        "CoarseDropout(num_holes_range=[1, 1], hole_height_range=[10, 20], "
        "hole_width_range=[5, 8], fill=[1, 2, 3], p=1)");
    for (seed = 0; seed < 8; seed++) {
      out = render_with (p, &src, seed, NULL, NULL, 0);
      one_rectangle (&src, &out, bpps[b] == 1 ? grey : fill, &w, &h);
      fail_unless (w >= 5 && w <= 8 && h >= 10 && h <= 20, "%ux%u", w, h);
      assert_alpha_kept (&src, &out);
      aug_image_clear (&out);
    }
    gst_im_aug_pipeline_unref (p);
    aug_image_clear (&src);
  }

  /* fractions of the sides, truncated */
  src = aug_image_pattern (64, 48, 3, 1);
  out = render ("CoarseDropout(num_holes_range=[1, 1], hole_height_range="
      "[0.25, 0.25], hole_width_range=[0.5, 0.5], fill=[1, 2, 3], p=1)", &src,
      &json);
  one_rectangle (&src, &out, fill, &w, &h);
  fail_unless (w == 32 && h == 12, "%ux%u", w, h);
  g_free (json);
  aug_image_clear (&out);

  /* 1.4 spellings and defaults: max_holes, max_height (min = max) */
  p = pipeline_1_4 ("{\"__class_fullname__\": \"CoarseDropout\", \"p\": 1, "
      "\"max_holes\": 1, \"max_height\": 9, \"max_width\": 11, "
      "\"fill\": [1, 2, 3]}");
  out = render_with (p, &src, 2, NULL, NULL, 0);
  one_rectangle (&src, &out, fill, &w, &h);
  fail_unless (w == 11 && h == 9, "%ux%u", w, h);
  aug_image_clear (&out);
  gst_im_aug_pipeline_unref (p);

  /* random fills over the whole image: one colour, or uniform bytes */
  out = render ("CoarseDropout(num_holes_range=[1, 1], hole_height_range="
      "[48, 48], hole_width_range=[64, 64], fill=\"random_uniform\", p=1)",
      &src, NULL);
  n = (gsize) src.w * src.h;
  for (i = 1; i < n; i++)
    fail_unless (memcmp (out.px, out.px + 3 * i, 3) == 0);
  aug_image_clear (&out);
  out = render ("CoarseDropout(num_holes_range=[1, 1], hole_height_range="
      "[48, 48], hole_width_range=[64, 64], fill=\"random\", p=1)", &src,
      NULL);
  mean = 0;
  for (i = 0; i < 3 * n; i++)
    mean += out.px[i];
  mean /= 3 * n;
  fail_unless (fabs (mean - 127.5) < 5 * 73.9 / sqrt (3.0 * n), "%f", mean);
  aug_image_clear (&out);
  aug_image_clear (&src);

  /* no inpainting */
  fail_if (gst_im_aug_pipeline_new_from_string ("CoarseDropout(fill="
          "\"inpaint_telea\")", NULL));
}

GST_END_TEST;

/* ---- GridDropout ---- */

/* the number of pixels of @out equal to @fill where @src is not */
static gsize
count_fill (const AugImage * src, const AugImage * out, const guint8 * fill)
{
  gsize i, n = 0;

  for (i = 0; i < (gsize) src->w * src->h; i++) {
    if (memcmp (out->px + i * src->bpp, fill, 3) == 0)
      n++;
    else
      fail_unless (memcmp (out->px + i * src->bpp, src->px + i * src->bpp,
              3) == 0);
  }
  return n;
}

GST_START_TEST (test_grid_dropout)
{
  const guint8 fill[3] = { 1, 2, 3 };
  AugImage src = aug_image_pattern (50, 40, 3, 3), out, ref;
  GstImAugPipeline *p;
  gchar *json;
  guint x, y, i, j, hh, seed;

  /* holes_number_xy (4, 5) is taken as 4 rows, 5 columns: cells of 10 x
   * 10, holes of trunc (10 * 0.35) = 3, at the cell corner + shift */
  out = render ("GridDropout(ratio=0.35, holes_number_xy=[4, 5], "
      "random_offset=false, shift_xy=[2, 1], fill=[1, 2, 3], p=1)", &src,
      &json);
  fail_unless_equals_int (applied (json, "grid", 0), 4);
  fail_unless_equals_int (applied (json, "grid", 1), 5);
  ref = aug_image_new (50, 40, 3);
  memcpy (ref.px, src.px, 50 * 40 * 3);
  for (i = 0; i < 4; i++)
    for (j = 0; j < 5; j++)
      for (y = 10 * i + 1; y < 10 * i + 4; y++)
        for (x = 10 * j + 2; x < 10 * j + 5; x++)
          memcpy (ref.px + ((gsize) y * 50 + x) * 3, fill, 3);
  fail_unless (memcmp (ref.px, out.px, 50 * 40 * 3) == 0);
  g_free (json);
  aug_image_clear (&out);
  aug_image_clear (&ref);
  aug_image_clear (&src);

  /* 41 x 53 in 4 x 5 cells: shuffled cell sides {11, 10, 10, 10} and
   * {11, 11, 11, 10, 10}, holes of 5 x 5 inside their cells wherever the
   * offsets put them: 20 holes, 500 pixels */
  src = aug_image_pattern (53, 41, 3, 3);
  p = aug_pipeline ("GridDropout(ratio=0.5, holes_number_xy=[4, 5], "
      "fill=[1, 2, 3], p=1)");
  for (seed = 0; seed < 4; seed++) {
    out = render_with (p, &src, seed, NULL, NULL, 0);
    fail_unless_equals_int (count_fill (&src, &out, fill), 500);
    aug_image_clear (&out);
  }
  gst_im_aug_pipeline_unref (p);

  /* the default grid: units of max (2, side / 10) = 5 x 4, so 10 x 10
   * cells of sides 5-6 x 4-5: holes of 2 x 2 (4-5 * 0.5 -> 2) or
   * 3 x 2 ... each trunc (clip (side * 0.5, 1, side - 1)) */
  out = render ("GridDropout(ratio=0.5, random_offset=false, fill=[1, 2, 3], "
      "p=1)", &src, &json);
  fail_unless_equals_int (applied (json, "grid", 0), 41 / 4);
  fail_unless_equals_int (applied (json, "grid", 1), 53 / 5);
  {
    /* row sides: 41 in 10 -> one of 5, nine of 4: hole heights 2, 2 */
    guint rows = 41 / 4, cols = 53 / 5, sum_h = 0, sum_w = 0, side;

    for (i = 0; i < rows; i++) {
      side = 41 / rows + (i < 41 % rows);
      hh = (guint) CLAMP (side * 0.5, 1, side - 1);
      sum_h += hh;
    }
    for (j = 0; j < cols; j++) {
      side = 53 / cols + (j < 53 % cols);
      sum_w += (guint) CLAMP (side * 0.5, 1, side - 1);
    }
    fail_unless_equals_int (count_fill (&src, &out, fill), sum_h * sum_w);
  }
  g_free (json);
  aug_image_clear (&out);

  /* 1.4 spellings */
  p = pipeline_1_4 ("{\"__class_fullname__\": \"GridDropout\", \"p\": 1, "
      "\"ratio\": 0.5, \"holes_number_x\": 4, \"holes_number_y\": 5, "
      "\"random_offset\": false, \"shift_x\": 0, \"shift_y\": 0, "
      "\"fill\": [1, 2, 3]}");
  out = render_with (p, &src, 0, NULL, NULL, 0);
  fail_unless_equals_int (count_fill (&src, &out, fill), 500);
  aug_image_clear (&out);
  gst_im_aug_pipeline_unref (p);
  aug_image_clear (&src);
}

GST_END_TEST;

/* ---- ImageCompression ---- */

GST_START_TEST (test_image_compression)
{
  const guint bpps[] = { 3, 4, 1 };
  /* cv2.imencode takes albumentations' RGB array for BGR */
  const gint formats[] = { TJPF_BGR, TJPF_BGRX, TJPF_GRAY };
  tjhandle enc = tjInitCompress (), dec = tjInitDecompress ();
  AugImage src, out, ref;
  guchar *buf = NULL;
  gulong size = 0;
  gchar *json;
  guint b, q;
  gsize i, n;

  for (b = 0; b < G_N_ELEMENTS (bpps); b++) {
    src = aug_image_pattern (123, 77, bpps[b], 5);
    n = (gsize) src.w * src.h * src.bpp;
    out = render ("ImageCompression(quality_range=[20, 80], p=1)", &src,
        &json);
    q = applied (json, "quality", 0);
    fail_unless (q >= 20 && q <= 80);
    ref = aug_image_new (src.w, src.h, src.bpp);
    fail_unless (tjCompress2 (enc, src.px, src.w, src.w * src.bpp, src.h,
            formats[b], &buf, &size, bpps[b] == 1 ? TJSAMP_GRAY : TJSAMP_420,
            q, TJFLAG_ACCURATEDCT) == 0);
    fail_unless (tjDecompress2 (dec, buf, size, ref.px, src.w,
            src.w * src.bpp, src.h, formats[b], TJFLAG_ACCURATEDCT) == 0);
    for (i = 0; i < n; i++)
      fail_unless_equals_int (out.px[i], src.bpp == 4 && i % 4 == 3 ?
          src.px[i] : ref.px[i]);
    tjFree (buf);
    buf = NULL;
    g_free (json);
    aug_image_clear (&ref);
    aug_image_clear (&out);
    aug_image_clear (&src);
  }

  /* with workers, in bands of 16-row units with context: still the whole
   * frame's round trip */
  {
    GstImWorkerPool *pool = gst_im_worker_pool_new (3, NULL);
    GstImAugPipeline *p = aug_pipeline ("ImageCompression(quality_range="
        "[35, 35], p=1)");
    const guint chunks[] = { 0, 1, 200 };
    guint k;

    src = aug_image_pattern (90, 301, 3, 9);
    n = (gsize) src.w * src.h * 3;
    ref = aug_image_new (src.w, src.h, 3);
    fail_unless (tjCompress2 (enc, src.px, src.w, src.w * 3, src.h, TJPF_BGR,
            &buf, &size, TJSAMP_420, 35, TJFLAG_ACCURATEDCT) == 0);
    fail_unless (tjDecompress2 (dec, buf, size, ref.px, src.w, src.w * 3,
            src.h, TJPF_BGR, TJFLAG_ACCURATEDCT) == 0);
    for (k = 0; k < G_N_ELEMENTS (chunks); k++) {
      out = render_with (p, &src, 1, NULL, pool, chunks[k]);
      fail_unless (memcmp (out.px, ref.px, n) == 0, "chunk rows %u",
          chunks[k]);
      aug_image_clear (&out);
    }
    tjFree (buf);
    aug_image_clear (&ref);
    aug_image_clear (&src);
    gst_im_aug_pipeline_unref (p);
    gst_im_worker_pool_free (pool);
  }
  tjDestroy (enc);
  tjDestroy (dec);

  /* no WebP library */
  fail_if (gst_im_aug_pipeline_new_from_string ("ImageCompression("
          "compression_type=\"webp\")", NULL));
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
  "CoarseDropout(num_holes_range=[3, 6], fill=\"random\", p=1)",
  "CoarseDropout(num_holes_range=[3, 6], fill=\"random_uniform\", p=1)",
  "GridDropout(fill=[9, 8, 7], p=1)",
  "GridDropout(shift_xy=[3, 2], random_offset=false, fill=\"random\", p=1)",
  "ImageCompression(quality_range=[30, 60], p=1)",
};

GST_START_TEST (test_workers_and_replay)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (3, NULL);
  const guint chunks[] = { 1, 7 };
  AugImage src = aug_image_pattern (97, 61, 3, 8), base, other;
  GstImAugPipeline *p;
  GstImAugPlan *plan;
  GError *error = NULL;
  gchar *json;
  guint t, k;
  gsize n = (gsize) src.w * src.h * 3;

  for (t = 0; t < G_N_ELEMENTS (every); t++) {
    p = aug_pipeline (every[t]);
    /* the canonical string reads back as the same pipeline */
    {
      gchar *a = gst_im_aug_pipeline_to_string (p), *b;
      GstImAugPipeline *q = aug_pipeline (a);

      b = gst_im_aug_pipeline_to_string (q);
      fail_unless_equals_string (a, b);
      g_free (a);
      g_free (b);
      gst_im_aug_pipeline_unref (q);
    }
    base = render_with (p, &src, 5, &json, NULL, 0);
    fail_if (memcmp (base.px, src.px, n) == 0, "%s changed nothing",
        every[t]);
    for (k = 0; k < G_N_ELEMENTS (chunks); k++) {
      other = render_with (p, &src, 5, NULL, pool, chunks[k]);
      fail_unless (memcmp (base.px, other.px, n) == 0, "%s, chunk rows %u",
          every[t], chunks[k]);
      aug_image_clear (&other);
    }
    /* another seed, other bytes */
    other = render_with (p, &src, 6, NULL, NULL, 0);
    fail_if (memcmp (base.px, other.px, n) == 0, "%s", every[t]);
    aug_image_clear (&other);
    /* the recorded plan renders the same bytes */
    plan = gst_im_aug_plan_new_from_json (json, &error);
    fail_unless (plan != NULL, "%s: %s", json, error ? error->message : "");
    other = aug_render (plan, &src, TRUE, pool, 2);
    fail_unless (memcmp (base.px, other.px, n) == 0, "replay of %s",
        every[t]);
    aug_image_clear (&other);
    gst_im_aug_plan_free (plan);
    g_free (json);
    aug_image_clear (&base);
    gst_im_aug_pipeline_unref (p);
  }
  aug_image_clear (&src);
  gst_im_worker_pool_free (pool);
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
  "\"CoarseDropout\",\"position\":0,\"size\":[40,30],\"num_holes\":-7,"
      "\"hole_height_range\":[0,0],\"hole_width_range\":[0,0],"
      "\"fill\":[0,0,0],\"fill_mode\":9",
  "\"CoarseDropout\",\"position\":0,\"size\":[40,30],\"num_holes\":30,"
      "\"hole_height_range\":[1e300,-1e300],\"hole_width_range\":"
      "[5e9,5e9],\"fill\":[1e300,-1e300,7],\"fill_mode\":-2",
  "\"GridDropout\",\"position\":0,\"size\":[40,30],\"grid\":[0,1e300],"
      "\"ratio\":-1,\"random_offset\":1,\"shift_xy\":[-4,1e300],"
      "\"fill\":[0,0,0],\"fill_mode\":1",
  "\"GridDropout\",\"position\":0,\"size\":[40,30],\"grid\":[1e9,3],"
      "\"ratio\":1e300,\"random_offset\":0,\"shift_xy\":[1e300,1e300],"
      "\"fill\":[0,0,0],\"fill_mode\":2",
  "\"ImageCompression\",\"position\":0,\"size\":[40,30],"
      "\"quality\":-1e300",
};

GST_START_TEST (test_hostile_plans)
{
  const guint bpps[] = { 3, 4, 1 };
  GError *error = NULL;
  GstImAugPlan *plan;
  AugImage src, out;
  gchar *json;
  guint t, b;

  for (b = 0; b < G_N_ELEMENTS (bpps); b++) {
    src = aug_image_pattern (40, 30, bpps[b], 1);
    for (t = 0; t < G_N_ELEMENTS (hostile); t++) {
      json = g_strdup_printf ("{\"seed\":1,\"frame\":2,\"copy\":0,"
          "\"input\":[40,30],\"output\":[40,30],\"applied\":[{"
          "\"transform\":%s}]}", hostile[t]);
      plan = gst_im_aug_plan_new_from_json (json, &error);
      fail_unless (plan != NULL, "%s: %s", json, error ? error->message :
          "");
      out = aug_render (plan, &src, TRUE, NULL, 0);
      assert_alpha_kept (&src, &out);
      aug_image_clear (&out);
      gst_im_aug_plan_free (plan);
      g_free (json);
    }
    aug_image_clear (&src);
  }
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
  tcase_add_test (tc, test_coarse_dropout);
  tcase_add_test (tc, test_grid_dropout);
  tcase_add_test (tc, test_image_compression);
  tcase_add_test (tc, test_workers_and_replay);
  tcase_add_test (tc, test_hostile_plans);
  return s;
}

GST_CHECK_MAIN (noise);
