/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* ElasticTransform: a smooth random displacement field, evaluated at any
 * point the fused chain reaches. The field is redrawn from the step's key,
 * so a replay needs only the recorded parameters. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "gstimaug-private.h"

static const GstImAugParamSpec elastic_params[] = {
  {.name = "alpha",.type = GST_IM_AUG_NUMBER,.def = "1",.min = 0,.max = 1e6},
  {.name = "sigma",.type = GST_IM_AUG_NUMBER,.def = "50",.min = 1,.max = 1e4},
  GST_IM_AUG_SPEC_INTERPOLATION,
  GST_IM_AUG_SPEC_DISTORT_BORDER,
  GST_IM_AUG_SPEC_FILL,
  {.name = "approximate",.type = GST_IM_AUG_BOOL,.def = "false"},
  {.name = "same_dxdy",.type = GST_IM_AUG_BOOL,.def = "false"},
  {.name = "noise_distribution",.type = GST_IM_AUG_CHOICE,
        .def = "\"gaussian\"",.choices = (const gchar * const[]) {"gaussian",
      "uniform", NULL}},
  /* before 1.4.24 an affine step came first; 1.4.24 ignores it, as here */
  {.name = "alpha_affine",.type = GST_IM_AUG_NUMBER,.def = "null",.min = 0,
      .max = 1e6,.flags = GST_IM_AUG_NULLABLE},
};

/* slots: alpha 0, sigma 1, interpolation 2, border 3, fill 4-8,
 * approximate 9, same_dxdy 10, noise 11, alpha_affine 12 */

static const GstImAugApplied elastic_applied[] = {
  GST_IM_AUG_APPLIED_COMMON, {"alpha", 1}, {"sigma", 1}, {"same_dxdy", 1},
  {"noise_distribution", 1},
};

static void
draw_elastic (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  gst_im_aug_copy_common (step->v + GST_IM_AUG_DISTORT_COMMON, p[2], p + 3);
  step->v[GST_IM_AUG_DISTORT_OWN] = p[0];
  step->v[GST_IM_AUG_DISTORT_OWN + 1] = p[1];
  step->v[GST_IM_AUG_DISTORT_OWN + 2] = p[10];
  step->v[GST_IM_AUG_DISTORT_OWN + 3] = p[11];
}

/* The displacement: white noise blurred by a Gaussian of sigma pixels is
 * band-limited (its spectrum falls as exp (-2 pi^2 sigma^2 f^2)), so it is
 * drawn on a lattice of pitch g = sigma / 2, where the Nyquist frequency is
 * six standard deviations of that spectrum out (the noise scaled by 1 / g
 * keeps the full-resolution variance), blurred there with sigma / g = 2,
 * and read bicubically at any point. As albumentations 2.x,
 * Gaussian noise is divided by its maximum (here the expected maximum of
 * the full-resolution field) before the blur, and the field times alpha. */
typedef struct
{
  guint cols, rows, margin, width;
  gdouble pitch;
  gfloat *dx, *dy;              /* dy == dx when same_dxdy */
  gint *col_tap;                /* pixel column x: its first lattice tap */
  gfloat *col_w;                /* and its 4 weights */
} ElasticField;

static void
elastic_free (gpointer data)
{
  ElasticField *f = data;

  g_free (f->dx);
  g_free (f->col_tap);
  g_free (f->col_w);
  g_free (f);
}

/* E[max |N(0,1)|] over n samples (Gumbel approximation) */
static gdouble
expected_max (gdouble n)
{
  gdouble l = 2 * log (2 * n), s = sqrt (l);

  return s - (log (log (2 * n)) + log (4 * G_PI)) / (2 * s);
}

/* Separable Gaussian blur of a cols x rows field, edges clamped: each row
 * along x, then each output row as a weighted sum of input rows (so both
 * passes walk memory in order). */
static void
blur_field (gfloat * f, guint cols, guint rows, const gdouble * k, gint r)
{
  gfloat *tmp = g_new (gfloat, MAX ((gsize) cols * rows, 1));
  guint x, y;
  gint t;
  gdouble acc;

  for (y = 0; y < rows; y++) {
    const gfloat *in = f + (gsize) y * cols;
    gfloat *out = tmp + (gsize) y * cols;

    for (x = 0; x < cols; x++) {
      acc = 0;
      for (t = -r; t <= r; t++)
        acc += k[t + r] * in[CLAMP ((gint) x + t, 0, (gint) cols - 1)];
      out[x] = acc;
    }
  }
  for (y = 0; y < rows; y++) {
    gfloat *out = f + (gsize) y * cols;

    memset (out, 0, cols * sizeof (gfloat));
    for (t = -r; t <= r; t++) {
      const gfloat *in = tmp + (gsize) CLAMP ((gint) y + t, 0,
          (gint) rows - 1) * cols;
      gfloat w = k[t + r];

      for (x = 0; x < cols; x++)
        out[x] += w * in[x];
    }
  }
  g_free (tmp);
}

/* Noise for @n lattice points from block @first: N(0, 1), or U[-1, 1) for
 * noise_distribution "uniform", times @scale */
static void
elastic_fill (gfloat * f, gsize n, const GstImDrawKey * key, guint32 first,
    gdouble scale, gboolean uniform)
{
  gsize i;

  if (uniform) {
    for (i = 0; i < n; i++)
      f[i] = scale * (gst_im_draw_u32 (key, (guint64) first * 4 + i) /
          2147483648.0 - 1.0);
    return;
  }
  gst_im_draw_normals (key, first, n, f);
  for (i = 0; i < n; i++)
    f[i] *= scale;
}

/* Catmull-Rom weights of the 4 taps around fraction @f */
static void
cubic_weights (gdouble f, gdouble * w)
{
  gdouble f2 = f * f, f3 = f2 * f;

  w[0] = -0.5 * f3 + f2 - 0.5 * f;
  w[1] = 1.5 * f3 - 2.5 * f2 + 1;
  w[2] = -1.5 * f3 + 2 * f2 + 0.5 * f;
  w[3] = 0.5 * f3 - 0.5 * f2;
}

/* The lattice coordinate of @x: tap index and fraction, kept where all four
 * taps exist. */
static gint
lattice (const ElasticField * f, gdouble x, guint n, gdouble * frac)
{
  gdouble c = CLAMP (x / f->pitch + f->margin, 1, n - 3);
  gint i = (gint) c;

  *frac = c - i;
  return i - 1;
}

static void
elastic_map (const GstImAugStage * stage, guint n, gdouble * xy)
{
  const ElasticField *f = stage->map_data;
  gdouble y = xy[1], fy, fx, wy[4], wx[4], dx, dy;
  gdouble *row = gst_im_aug_row_doubles (2 * f->cols);
  gboolean one_row = !isnan (y);
  guint i, c;
  gint iy, ix, j, k;

  /* a row of points at one height (the chain's first link): the vertical
   * taps are read once for the row, four per point are left */
  for (i = 1; i < n && one_row; i++)
    one_row = xy[2 * i + 1] == y;
  if (one_row) {
    const guint cols = f->cols;
    const gfloat *fdx, *fdy;

    iy = lattice (f, y, f->rows, &fy);
    cubic_weights (fy, wy);
    fdx = f->dx + (gsize) iy * cols;
    fdy = f->dy + (gsize) iy * cols;
    /* dx and dy side by side, as the row holds them */
    for (c = 0; c < cols; c++) {
      gdouble sx = 0, sy = 0;

      for (j = 0; j < 4; j++) {
        sx += wy[j] * fdx[(gsize) j * cols + c];
        sy += wy[j] * fdy[(gsize) j * cols + c];
      }
      row[2 * c] = sx;
      row[2 * c + 1] = sy;
    }
  }
  for (i = 0; i < n; i++) {
    gdouble x = xy[2 * i];

    if (isnan (x) || isnan (xy[2 * i + 1]))
      continue;
    dx = dy = 0;
    if (one_row && x >= 0 && x < f->width && x == (gint) x) {
      const gfloat *w = f->col_w + 4 * (gint) x;
      const gdouble *r = row + 2 * f->col_tap[(gint) x];
#ifdef __SSE2__
      /* dx and dy together: the same products and sums in the same order */
      __m128d t = _mm_mul_pd (_mm_set1_pd (w[0]), _mm_loadu_pd (r));

      t = _mm_add_pd (t, _mm_mul_pd (_mm_set1_pd (w[1]),
              _mm_loadu_pd (r + 2)));
      t = _mm_add_pd (t, _mm_mul_pd (_mm_set1_pd (w[2]),
              _mm_loadu_pd (r + 4)));
      t = _mm_add_pd (t, _mm_mul_pd (_mm_set1_pd (w[3]),
              _mm_loadu_pd (r + 6)));
      _mm_storeu_pd (xy + 2 * i, _mm_add_pd (_mm_loadu_pd (xy + 2 * i), t));
#else
      xy[2 * i] += w[0] * r[0] + w[1] * r[2] + w[2] * r[4] + w[3] * r[6];
      xy[2 * i + 1] += w[0] * r[1] + w[1] * r[3] + w[2] * r[5] + w[3] * r[7];
#endif
      continue;
    }
    ix = lattice (f, x, f->cols, &fx);
    cubic_weights (fx, wx);
    if (one_row) {
      for (k = 0; k < 4; k++) {
        dx += wx[k] * row[2 * (ix + k)];
        dy += wx[k] * row[2 * (ix + k) + 1];
      }
    } else {
      iy = lattice (f, xy[2 * i + 1], f->rows, &fy);
      cubic_weights (fy, wy);
      for (j = 0; j < 4; j++)
        for (k = 0; k < 4; k++) {
          dx += wy[j] * wx[k] * f->dx[(gsize) (iy + j) * f->cols + ix + k];
          dy += wy[j] * wx[k] * f->dy[(gsize) (iy + j) * f->cols + ix + k];
        }
    }
    xy[2 * i] += dx;
    xy[2 * i + 1] += dy;
  }
}

static void
stage_elastic (const GstImAugStep * step, GstImAugStage * stage)
{
  const gdouble *v = step->v + GST_IM_AUG_DISTORT_OWN;
  /* a replayed plan is checked for numbers, not ranges */
  gdouble alpha = v[0], sigma = CLAMP (v[1], 1, 1e4);
  gdouble pitch = MAX (1.0, sigma / 2);
  gdouble sc = sigma / pitch, kernel[129] = { 0 }, sum = 0, scale;
  gboolean same = v[2], uniform = v[3] == 1;
  gint r = MIN ((gint) ceil (4 * sc), 64), t;
  ElasticField *f = g_new0 (ElasticField, 1);
  gsize n;
  guint x;

  f->pitch = pitch;
  f->width = step->in_w;
  f->margin = r + 2;
  f->cols = (guint) ceil (step->in_w / pitch) + 2 * f->margin + 1;
  f->rows = (guint) ceil (step->in_h / pitch) + 2 * f->margin + 1;
  n = (gsize) f->cols * f->rows;
  f->dx = g_new (gfloat, same ? n : 2 * n);
  f->dy = same ? f->dx : f->dx + n;
  /* the variance of a full-resolution field, and its normalisation */
  scale = alpha / pitch;
  if (!uniform)
    scale /= expected_max ((same ? 1.0 : 2.0) * step->in_w * step->in_h);
  elastic_fill (f->dx, n, &step->key, 1, scale, uniform);
  if (!same)
    elastic_fill (f->dy, n, &step->key, 1 + n / 4 + 1, scale, uniform);
  for (t = -r; t <= r; t++)
    sum += kernel[t + r] = exp (-(t * t) / (2 * sc * sc));
  for (t = -r; t <= r; t++)
    kernel[t + r] /= sum;
  blur_field (f->dx, f->cols, f->rows, kernel, r);
  if (!same)
    blur_field (f->dy, f->cols, f->rows, kernel, r);
  /* the horizontal taps of every pixel column, for rows of points */
  f->col_tap = g_new (gint, step->in_w);
  f->col_w = g_new (gfloat, 4 * (gsize) step->in_w);
  for (x = 0; x < step->in_w; x++) {
    gdouble w[4], frac;

    f->col_tap[x] = lattice (f, x, f->cols, &frac);
    cubic_weights (frac, w);
    for (t = 0; t < 4; t++)
      f->col_w[4 * x + t] = w[t];
  }
  gst_im_aug_set_common (stage, step->v + GST_IM_AUG_DISTORT_COMMON);
  stage->kind = GST_IM_AUG_STAGE_MAP;
  stage->map = elastic_map;
  stage->map_data = f;
  stage->map_data_free = elastic_free;
}

const GstImAugClass gst_im_aug_elastic_transform = {
  .name = "ElasticTransform",
  .params = elastic_params,
  .n_params = G_N_ELEMENTS (elastic_params),
  .applied = elastic_applied,
  .n_applied = G_N_ELEMENTS (elastic_applied),
  .draw = draw_elastic,
  .stage = stage_elastic,
};
