/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* GridDistortion, ElasticTransform and OpticalDistortion: maps from output
 * to input that are no matrix. Each is evaluated at any point the fused
 * chain reaches, not only at pixel centres: grid steps interpolate
 * linearly between the per-pixel values albumentations builds, the elastic
 * field is smooth noise on a coarse lattice read bicubically, the optical
 * model is a formula. Their random fields are redrawn from the step's key,
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

/* every distortion records its parameters, then the common values */
#define A_COMMON 0
#define A_OWN GST_IM_AUG_N_COMMON

#define SPEC_DISTORT_BORDER \
  {.name = "border_mode",.type = GST_IM_AUG_FLAG,.def = "0", \
      .choices = gst_im_aug_border_modes}

/* ---- GridDistortion ---- */

static const GstImAugParamSpec grid_params[] = {
  {.name = "num_steps",.type = GST_IM_AUG_INT,.def = "5",.min = 1,.max = 64},
  {.name = "distort_limit",.type = GST_IM_AUG_RANGE,.def = "[-0.3, 0.3]",
      .min = -1,.max = 1,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "normalized",.type = GST_IM_AUG_BOOL,.def = "true"},
  GST_IM_AUG_SPEC_INTERPOLATION,
  SPEC_DISTORT_BORDER,
  GST_IM_AUG_SPEC_FILL,
};

/* slots: num_steps 0, limit 1-2, normalized 3, interpolation 4, border 5,
 * fill 6-10 */

static const GstImAugApplied grid_applied[] = {
  GST_IM_AUG_APPLIED_COMMON, {"num_steps", 1}, {"distort_limit", 2},
  {"normalized", 1},
};

static void
draw_grid (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  gst_im_aug_copy_common (step->v + A_COMMON, p[4], p + 5);
  memcpy (step->v + A_OWN, p, 4 * sizeof (gdouble));
}

typedef struct
{
  guint w, h;
  gfloat *mx, *my;              /* per pixel, as albumentations' maps */
} GridMap;

static void
grid_map_free (gpointer data)
{
  GridMap *g = data;

  g_free (g->mx);
  g_free (g);
}

/* One axis of n pixels: N + 1 cells of width n / N (the last one the
 * remainder), cell i stretched by s[i], each cell a linspace that includes
 * both ends, as albumentations builds it (in float32); pixels past the
 * last cell stay 0, as there. */
static void
grid_axis (guint n, guint N, gdouble * s, gboolean normalized, gfloat * m)
{
  guint step = MAX (n / N, 1), i, j, start, end, k;
  gdouble prev = 0, cur, sum = 0, last;

  memset (m, 0, n * sizeof (gfloat));
  /* normalized: the steps rescaled to span the axis exactly */
  if (normalized) {
    last = MIN (n, (N + 1) * step) - (gdouble) N *step;
    s[N] *= last / step;
    for (i = 0; i <= N; i++)
      sum += s[i];
    for (i = 0; i <= N; i++)
      s[i] *= ((gdouble) n / step) / sum;
  }
  for (i = 0; i <= N; i++) {
    start = i * step;
    if (start >= n)
      break;
    end = MIN (start + step, n);
    cur = prev + step * s[i];
    k = end - start;
    for (j = 0; j < k; j++)
      m[start + j] = k > 1 ? prev + (cur - prev) * j / (k - 1) : prev;
    prev = cur;
  }
}

static gdouble
grid_lookup (const gfloat * m, guint n, gdouble x)
{
  gint i;
  gdouble f;

  if (!(x > 0))
    return isnan (x) ? NAN : m[0] + x;
  if (x >= n - 1)
    return m[n - 1] + (x - (n - 1));
  i = (gint) x;
  f = x - i;
  return m[i] + f * (m[i + 1] - m[i]);
}

static void
grid_map (const GstImAugStage * stage, guint n, gdouble * xy)
{
  const GridMap *g = stage->map_data;
  guint i;

  for (i = 0; i < n; i++) {
    xy[2 * i] = grid_lookup (g->mx, g->w, xy[2 * i]);
    xy[2 * i + 1] = grid_lookup (g->my, g->h, xy[2 * i + 1]);
  }
}

static void
stage_grid (const GstImAugStep * step, GstImAugStage * stage)
{
  const gdouble *v = step->v + A_OWN;
  guint N = v[0], i;
  gdouble sx[N + 1], sy[N + 1];
  GridMap *g = g_new (GridMap, 1);

  for (i = 0; i <= N; i++)
    sx[i] = 1 + gst_im_aug_draw_range (&step->key, 1 + i, v + 1);
  for (i = 0; i <= N; i++)
    sy[i] = 1 + gst_im_aug_draw_range (&step->key, 2 + N + i, v + 1);
  g->w = step->in_w;
  g->h = step->in_h;
  g->mx = g_new (gfloat, (gsize) g->w + g->h);
  g->my = g->mx + g->w;
  grid_axis (g->w, N, sx, v[3], g->mx);
  grid_axis (g->h, N, sy, v[3], g->my);
  gst_im_aug_set_common (stage, step->v + A_COMMON);
  stage->kind = GST_IM_AUG_STAGE_MAP;
  stage->map = grid_map;
  /* (grid_lookup () at an integer reads the table's value) */
  stage->sep_u = g->mx;
  stage->sep_v = g->my;
  stage->map_data = g;
  stage->map_data_free = grid_map_free;
}

const GstImAugClass gst_im_aug_grid_distortion = {
  .name = "GridDistortion",
  .params = grid_params,
  .n_params = G_N_ELEMENTS (grid_params),
  .applied = grid_applied,
  .n_applied = G_N_ELEMENTS (grid_applied),
  .draw = draw_grid,
  .stage = stage_grid,
};

/* ---- ElasticTransform ---- */

static const GstImAugParamSpec elastic_params[] = {
  {.name = "alpha",.type = GST_IM_AUG_NUMBER,.def = "1",.min = 0,.max = 1e6},
  {.name = "sigma",.type = GST_IM_AUG_NUMBER,.def = "50",.min = 1,.max = 1e4},
  GST_IM_AUG_SPEC_INTERPOLATION,
  SPEC_DISTORT_BORDER,
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
  gst_im_aug_copy_common (step->v + A_COMMON, p[2], p + 3);
  step->v[A_OWN] = p[0];
  step->v[A_OWN + 1] = p[1];
  step->v[A_OWN + 2] = p[10];
  step->v[A_OWN + 3] = p[11];
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
  const gdouble *v = step->v + A_OWN;
  gdouble alpha = v[0], sigma = v[1], pitch = MAX (1.0, sigma / 2);
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
  gst_im_aug_set_common (stage, step->v + A_COMMON);
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

/* ---- OpticalDistortion ---- */

static const GstImAugParamSpec optical_params[] = {
  {.name = "distort_limit",.type = GST_IM_AUG_RANGE,.def = "[-0.05, 0.05]",
      .min = -1,.max = 1,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "mode",.type = GST_IM_AUG_CHOICE,.def = "\"camera\"",
      .choices = (const gchar * const[]) {"camera", "fisheye", NULL}},
  GST_IM_AUG_SPEC_INTERPOLATION,
  SPEC_DISTORT_BORDER,
  GST_IM_AUG_SPEC_FILL,
  /* deprecated in 1.4 and without effect there, as here */
  {.name = "shift_limit",.type = GST_IM_AUG_RANGE,.def = "null",.min = -1,
        .max = 1,.expand = GST_IM_AUG_EXPAND_SYMMETRIC,
      .flags = GST_IM_AUG_NULLABLE},
};

/* slots: limit 0-1, mode 2, interpolation 3, border 4, fill 5-9,
 * shift 10-11 */

static const GstImAugApplied optical_applied[] = {
  GST_IM_AUG_APPLIED_COMMON, {"k", 1}, {"mode", 1}, {"center", 2},
};

static void
draw_optical (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  gdouble *v = step->v + A_OWN;

  gst_im_aug_copy_common (step->v + A_COMMON, p[3], p + 4);
  v[0] = gst_im_aug_draw_range (key, 1, p);
  v[1] = p[2];
  /* 2.x centres the source at W / 2, 1.4 at W / 2 - 0.5 */
  v[2] = step->in_w / 2.0 - (step->v1_4 ? 0.5 : 0);
  v[3] = step->in_h / 2.0 - (step->v1_4 ? 0.5 : 0);
}

/* A row of points at one height (the chain's first link): the y terms
 * once, then x alone, two points per step with SSE2. The same operations
 * in the same order as optical_map's, so the same doubles. */
static void
optical_row (const gdouble * v, gdouble W, gdouble H, gdouble R2, guint n,
    gdouble * xy)
{
  const gdouble k = v[0], cx = v[2], cy = v[3];
  const gboolean camera = v[1] == 0;
  gdouble x0, y, y2, hy, x, r2, s;
  guint i = 0;

  if (camera) {
    x0 = (W - 1) / 2;
    y = (xy[1] - (H - 1) / 2) / H;
    hy = H * y;
  } else {
    x0 = cx;
    y = xy[1] - cy;
    hy = y;
  }
  y2 = y * y;
#ifdef __SSE2__
  {
    const __m128d vx0 = _mm_set1_pd (x0), vy2 = _mm_set1_pd (y2);
    const __m128d vhy = _mm_set1_pd (hy), vk = _mm_set1_pd (k);
    const __m128d vW = _mm_set1_pd (W), vR2 = _mm_set1_pd (R2);
    const __m128d vcx = _mm_set1_pd (cx), vcy = _mm_set1_pd (cy);
    const __m128d one = _mm_set1_pd (1);

    for (; i + 2 <= n; i += 2) {
      __m128d p0 = _mm_loadu_pd (xy + 2 * i);
      __m128d p1 = _mm_loadu_pd (xy + 2 * i + 2);
      __m128d vx = _mm_sub_pd (_mm_unpacklo_pd (p0, p1), vx0);
      __m128d vr2, kr2, vs, ox, oy;

      if (camera)
        vx = _mm_div_pd (vx, vW);
      vr2 = _mm_add_pd (_mm_mul_pd (vx, vx), vy2);
      kr2 = _mm_mul_pd (vk, vr2);
      if (camera) {
        vs = _mm_add_pd (_mm_add_pd (one, kr2), _mm_mul_pd (kr2, vr2));
        ox = _mm_add_pd (_mm_mul_pd (_mm_mul_pd (vW, vx), vs), vcx);
      } else {
        vs = _mm_add_pd (one, _mm_div_pd (kr2, vR2));
        ox = _mm_add_pd (_mm_mul_pd (vx, vs), vcx);
      }
      oy = _mm_add_pd (_mm_mul_pd (vhy, vs), vcy);
      _mm_storeu_pd (xy + 2 * i, _mm_unpacklo_pd (ox, oy));
      _mm_storeu_pd (xy + 2 * i + 2, _mm_unpackhi_pd (ox, oy));
    }
  }
#endif
  for (; i < n; i++) {
    x = xy[2 * i] - x0;
    if (camera) {
      x /= W;
      r2 = x * x + y2;
      s = 1 + k * r2 + k * r2 * r2;
      xy[2 * i] = W * x * s + cx;
    } else {
      s = 1 + k * (x * x + y2) / R2;
      xy[2 * i] = x * s + cx;
    }
    xy[2 * i + 1] = hy * s + cy;
  }
}

static void
optical_map (const GstImAugStage * stage, guint n, gdouble * xy)
{
  const gdouble *v = stage->map_data;
  gdouble k = v[0], cx = v[2], cy = v[3], W = stage->in_w, H = stage->in_h;
  gdouble x, y, r2, s, R2 = pow (MAX (cx, W - cx), 2) + pow (MAX (cy,
          H - cy), 2);
  gboolean one_row = n > 0;
  guint i;

  for (i = 1; i < n && one_row; i++)
    one_row = xy[2 * i + 1] == xy[1];
  if (one_row) {
    optical_row (v, W, H, R2, n, xy);
    return;
  }
  for (i = 0; i < n; i++) {
    if (v[1] == 0) {
      /* camera: cv2.initUndistortRectifyMap with k1 = k2 = k, the new
       * camera centred */
      x = (xy[2 * i] - (W - 1) / 2) / W;
      y = (xy[2 * i + 1] - (H - 1) / 2) / H;
      r2 = x * x + y * y;
      s = 1 + k * r2 + k * r2 * r2;
      xy[2 * i] = W * x * s + cx;
      xy[2 * i + 1] = H * y * s + cy;
    } else {
      x = xy[2 * i] - cx;
      y = xy[2 * i + 1] - cy;
      s = 1 + k * (x * x + y * y) / R2;
      xy[2 * i] = x * s + cx;
      xy[2 * i + 1] = y * s + cy;
    }
  }
}

static void
stage_optical (const GstImAugStep * step, GstImAugStage * stage)
{
  gst_im_aug_set_common (stage, step->v + A_COMMON);
  stage->kind = GST_IM_AUG_STAGE_MAP;
  stage->map = optical_map;
  stage->map_data = g_memdup2 (step->v + A_OWN, 4 * sizeof (gdouble));
  stage->map_data_free = g_free;
}

const GstImAugClass gst_im_aug_optical_distortion = {
  .name = "OpticalDistortion",
  .params = optical_params,
  .n_params = G_N_ELEMENTS (optical_params),
  .applied = optical_applied,
  .n_applied = G_N_ELEMENTS (optical_applied),
  .draw = draw_optical,
  .stage = stage_optical,
};
