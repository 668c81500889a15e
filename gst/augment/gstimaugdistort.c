/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* GridDistortion and OpticalDistortion (ElasticTransform: gstimaugelastic.c):
 * maps from output to input that are no matrix. Each is evaluated at any
 * point the fused chain reaches, not only at pixel centres: grid steps
 * interpolate linearly between the per-pixel values albumentations builds,
 * the optical model is a formula. Random fields are redrawn from the
 * step's key, so a replay needs only the recorded parameters. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "gstimaug-private.h"


/* ---- GridDistortion ---- */

static const GstImAugParamSpec grid_params[] = {
  {.name = "num_steps",.type = GST_IM_AUG_INT,.def = "5",.min = 1,.max = 64},
  {.name = "distort_limit",.type = GST_IM_AUG_RANGE,.def = "[-0.3, 0.3]",
      .min = -1,.max = 1,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "normalized",.type = GST_IM_AUG_BOOL,.def = "true"},
  GST_IM_AUG_SPEC_INTERPOLATION,
  GST_IM_AUG_SPEC_DISTORT_BORDER,
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
  gst_im_aug_copy_common (step->v + GST_IM_AUG_DISTORT_COMMON, p[4], p + 5);
  memcpy (step->v + GST_IM_AUG_DISTORT_OWN, p, 4 * sizeof (gdouble));
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
  const gdouble *v = step->v + GST_IM_AUG_DISTORT_OWN;
  /* a replayed plan is checked for numbers, not ranges */
  guint N = CLAMP (v[0], 1, 64), i;
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
  gst_im_aug_set_common (stage, step->v + GST_IM_AUG_DISTORT_COMMON);
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

/* ---- OpticalDistortion ---- */

static const GstImAugParamSpec optical_params[] = {
  {.name = "distort_limit",.type = GST_IM_AUG_RANGE,.def = "[-0.05, 0.05]",
      .min = -1,.max = 1,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "mode",.type = GST_IM_AUG_CHOICE,.def = "\"camera\"",
      .choices = (const gchar * const[]) {"camera", "fisheye", NULL}},
  GST_IM_AUG_SPEC_INTERPOLATION,
  GST_IM_AUG_SPEC_DISTORT_BORDER,
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
  gdouble *v = step->v + GST_IM_AUG_DISTORT_OWN;

  gst_im_aug_copy_common (step->v + GST_IM_AUG_DISTORT_COMMON, p[3], p + 4);
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
  gst_im_aug_set_common (stage, step->v + GST_IM_AUG_DISTORT_COMMON);
  stage->kind = GST_IM_AUG_STAGE_MAP;
  stage->map = optical_map;
  stage->map_data = g_memdup2 (step->v + GST_IM_AUG_DISTORT_OWN,
      4 * sizeof (gdouble));
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
