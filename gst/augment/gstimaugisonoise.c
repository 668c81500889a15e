/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* ISONoise: camera sensor noise as albumentations makes it, in cv2's
 * float HLS: hue + N (0, color_shift * intensity) degrees, luminance + a
 * Poisson (std (L) * intensity) count times intensity * (1 - L). The
 * normals and the counts' uniforms are two random fields of the step
 * (gstimaugfield.c); SSE2 takes 4 pixels at once, without branches. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <float.h>
#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "gstimaugnoise-private.h"

static const GstImAugParamSpec iso_params[] = {
  {.name = "color_shift",.type = GST_IM_AUG_RANGE,.def = "[0.01, 0.05]",.min =
        0,.max = 1},
  {.name = "intensity",.type = GST_IM_AUG_RANGE,.def = "[0.1, 0.5]",.min =
        0,.max = 1e6},
};

static const GstImAugApplied iso_applied[] = {
  {"color_shift", 1}, {"intensity", 1},
};

static void
draw_iso (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, 1, p);
  step->v[1] = gst_im_aug_draw_range (key, 2, p + 2);
}

#define POISSON_TABLE 64

typedef struct
{
  const GstImAugPixels *pass;
  GstImDrawKey hue_key, lum_key;
  gfloat hue_sigma, intensity;
  gdouble lambda;
  gfloat cdf[POISSON_TABLE];    /* P (K <= k) */
  guint64 sum, sum2;            /* of max + min: L * 510 */
  GMutex lock;
} IsoJob;

static void
iso_stats_rows (guint row_begin, guint row_end, gpointer data)
{
  IsoJob *job = data;
  const GstImAugLayout *l = job->pass->layout;
  guint64 s = 0, s2 = 0;
  const guint8 *p;
  guint x, y, r, g, b, m;

  for (y = row_begin; y < row_end; y++) {
    p = job->pass->src + (gsize) y * job->pass->src_stride;
    for (x = 0; x < job->pass->width; x++, p += l->bpp) {
      r = p[l->rgb[0]];
      g = p[l->rgb[1]];
      b = p[l->rgb[2]];
      m = MAX (r, MAX (g, b)) + MIN (r, MIN (g, b));
      s += m;
      s2 += m * m;
    }
  }
  g_mutex_lock (&job->lock);
  job->sum += s;
  job->sum2 += s2;
  g_mutex_unlock (&job->lock);
}

/* A Poisson (lambda) count by inversion of @u: the table, then the
 * recurrence past it. */
static guint
poisson (const IsoJob * job, gfloat u)
{
  gdouble p, cdf;
  guint k;

  for (k = 0; k < POISSON_TABLE; k++)
    if (u < job->cdf[k])
      return k;
  cdf = job->cdf[POISSON_TABLE - 1];
  p = exp (-job->lambda + (POISSON_TABLE - 1) * log (job->lambda) -
      lgamma (POISSON_TABLE));
  for (k = POISSON_TABLE; u >= cdf && p > 0; k++) {
    p *= job->lambda / k;
    cdf += p;
  }
  return k - 1;
}

/* one pixel through cv2's float RGB -> HLS, the noise (hue + @z degrees,
 * luminance + count * intensity * (1 - L), clipped), and back */
static void
iso_pixel (const IsoJob * job, const guint8 * s, guint8 * d,
    const GstImAugLayout * l, gfloat z, guint count)
{
  static const guint8 sector_rgb[6][3] = {
    {0, 3, 1}, {2, 0, 1}, {1, 0, 3}, {1, 2, 0}, {3, 1, 0}, {0, 1, 2}
  };
  gfloat rgb[3], vmax, vmin, diff, h = 0, lum, sat = 0, tab[4], p1, p2;
  gint sector;
  guint c;

  for (c = 0; c < 3; c++)
    rgb[c] = s[l->rgb[c]] * (1.0f / 255);
  vmax = MAX (rgb[0], MAX (rgb[1], rgb[2]));
  vmin = MIN (rgb[0], MIN (rgb[1], rgb[2]));
  diff = vmax - vmin;
  lum = (vmax + vmin) * 0.5f;
  if (diff > FLT_EPSILON) {
    sat = lum < 0.5f ? diff / (vmax + vmin) : diff / (2 - vmax - vmin);
    diff = 60.0f / diff;
    if (vmax == rgb[0])
      h = (rgb[1] - rgb[2]) * diff;
    else if (vmax == rgb[1])
      h = (rgb[2] - rgb[0]) * diff + 120;
    else
      h = (rgb[0] - rgb[1]) * diff + 240;
    if (h < 0)
      h += 360;
  }
  h += z;
  lum = CLAMP (lum + (gfloat) count * job->intensity * (1.0f - lum), 0.0f,
      1.0f);

  if (sat == 0) {
    rgb[0] = rgb[1] = rgb[2] = lum;
  } else {
    p2 = lum <= 0.5f ? lum * (1 + sat) : lum + sat - lum * sat;
    p1 = 2 * lum - p2;
    h *= 1.0f / 60;
    h -= 6 * floorf (h * (1.0f / 6));
    sector = CLAMP ((gint) floorf (h), 0, 5);
    h -= sector;
    tab[0] = p2;
    tab[1] = p1;
    tab[2] = p1 + (p2 - p1) * (1 - h);
    tab[3] = p1 + (p2 - p1) * h;
    for (c = 0; c < 3; c++)
      rgb[c] = tab[sector_rgb[sector][c]];
  }
  for (c = 0; c < l->n_colour; c++)
    d[l->rgb[c]] = (guint8) rintf (CLAMP (rgb[c], 0.0f, 1.0f) * 255);
  if (l->alpha >= 0)
    d[l->alpha] = s[l->alpha];
}

#ifdef __SSE2__
static inline __m128
select_ps (__m128 mask, __m128 a, __m128 b)
{
  return _mm_or_ps (_mm_and_ps (mask, a), _mm_andnot_ps (mask, b));
}

/* iso_pixel () for 4 pixels at once, without branches: channels in
 * [0, 1] in rgb[], hue noise z, counts k; rgb[] replaced */
static void
iso4 (const IsoJob * job, __m128 rgb[3], __m128 z, __m128 k)
{
  /* per sector, which of (p2, p1, falling, rising) each channel takes */
  static const guint8 sector_tab[3][6] = {
    {0, 2, 1, 1, 3, 0}, {3, 0, 0, 2, 1, 1}, {1, 1, 3, 0, 0, 2}
  };
  const __m128 one = _mm_set1_ps (1.0f), half = _mm_set1_ps (0.5f);
  __m128 r = rgb[0], g = rgb[1], b = rgb[2];
  __m128 vmax = _mm_max_ps (r, _mm_max_ps (g, b));
  __m128 vmin = _mm_min_ps (r, _mm_min_ps (g, b));
  __m128 diff = _mm_sub_ps (vmax, vmin), sum = _mm_add_ps (vmax, vmin);
  __m128 lum = _mm_mul_ps (sum, half), valid, sat, dd, mr, mg, h, p1, p2,
      q, fl, f, tab[4], zero_sat, v;
  __m128i sector;
  guint c, i;

  /* the divisions by zero where diff is 0 are masked out by valid */
  valid = _mm_cmpgt_ps (diff, _mm_set1_ps (FLT_EPSILON));
  sat = select_ps (_mm_cmplt_ps (lum, half), _mm_div_ps (diff, sum),
      _mm_div_ps (diff, _mm_sub_ps (_mm_set1_ps (2.0f), sum)));
  dd = _mm_div_ps (_mm_set1_ps (60.0f), diff);
  mr = _mm_cmpeq_ps (vmax, r);
  mg = _mm_andnot_ps (mr, _mm_cmpeq_ps (vmax, g));
  h = select_ps (mr, _mm_mul_ps (_mm_sub_ps (g, b), dd), select_ps (mg,
          _mm_add_ps (_mm_mul_ps (_mm_sub_ps (b, r), dd), _mm_set1_ps (120)),
          _mm_add_ps (_mm_mul_ps (_mm_sub_ps (r, g), dd),
              _mm_set1_ps (240))));
  h = _mm_add_ps (h, _mm_and_ps (_mm_cmplt_ps (h, _mm_setzero_ps ()),
          _mm_set1_ps (360)));
  h = _mm_add_ps (_mm_and_ps (valid, h), z);
  sat = _mm_and_ps (valid, sat);
  lum = _mm_min_ps (_mm_max_ps (_mm_add_ps (lum, _mm_mul_ps (_mm_mul_ps (k,
                      _mm_set1_ps (job->intensity)), _mm_sub_ps (one, lum))),
          _mm_setzero_ps ()), one);

  p2 = select_ps (_mm_cmple_ps (lum, half), _mm_mul_ps (lum, _mm_add_ps (one,
              sat)), _mm_sub_ps (_mm_add_ps (lum, sat), _mm_mul_ps (lum,
              sat)));
  p1 = _mm_sub_ps (_mm_add_ps (lum, lum), p2);
  /* hue in sixths, wrapped into [0, 6) */
  h = _mm_mul_ps (h, _mm_set1_ps (1.0f / 60));
  q = _mm_mul_ps (h, _mm_set1_ps (1.0f / 6));
  fl = _mm_cvtepi32_ps (_mm_cvttps_epi32 (q));
  fl = _mm_sub_ps (fl, _mm_and_ps (_mm_cmpgt_ps (fl, q), one));
  h = _mm_sub_ps (h, _mm_mul_ps (fl, _mm_set1_ps (6.0f)));
  h = _mm_sub_ps (h, _mm_and_ps (_mm_cmpge_ps (h, _mm_set1_ps (6.0f)),
          _mm_set1_ps (6.0f)));
  h = _mm_max_ps (h, _mm_setzero_ps ());
  sector = _mm_cvttps_epi32 (h);
  f = _mm_sub_ps (h, _mm_cvtepi32_ps (sector));
  tab[0] = p2;
  tab[1] = p1;
  tab[2] = _mm_add_ps (p1, _mm_mul_ps (_mm_sub_ps (p2, p1), _mm_sub_ps (one,
              f)));
  tab[3] = _mm_add_ps (p1, _mm_mul_ps (_mm_sub_ps (p2, p1), f));
  zero_sat = _mm_cmpeq_ps (sat, _mm_setzero_ps ());
  for (c = 0; c < 3; c++) {
    v = _mm_setzero_ps ();
    for (i = 0; i < 6; i++)
      v = _mm_or_ps (v, _mm_and_ps (_mm_castsi128_ps (_mm_cmpeq_epi32
                  (sector, _mm_set1_epi32 (i))), tab[sector_tab[c][i]]));
    rgb[c] = select_ps (zero_sat, lum, v);
  }
}
#endif

static void
iso_rows (guint row_begin, guint row_end, gpointer data)
{
  const IsoJob *job = data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  guint w = pass->width, bpp = l->bpp, x = 0, y;
  gfloat *z = (gfloat *) gst_im_aug_thread_bytes (0, (w + 16) * 4);
  gfloat *u = (gfloat *) gst_im_aug_thread_bytes (1, (w + 16) * 4);
  const guint8 *s;
  guint8 *d;
#ifdef __SSE2__
  __m128 rgb[3], k;
  gint32 out[3][4];
  guint j, c;
#endif

  for (y = row_begin; y < row_end; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    d = pass->dst + (gsize) y * pass->dst_stride;
    /* per pixel: a normal for the hue, a uniform for the count */
    gst_im_aug_field_normals (&job->hue_key,
        y * gst_im_aug_field_row_blocks (w), w, job->hue_sigma, 0, z);
    gst_im_aug_field_uniforms (&job->lum_key,
        y * gst_im_aug_field_row_blocks (w), w, u);
    for (x = 0; x < w; x++)
      u[x] = poisson (job, u[x]);
    x = 0;
#ifdef __SSE2__
    if (l->n_colour == 3) {
      for (; x + 4 <= w; x += 4) {
        for (c = 0; c < 3; c++)
          rgb[c] = _mm_mul_ps (_mm_set_ps (s[(x + 3) * bpp + l->rgb[c]],
                  s[(x + 2) * bpp + l->rgb[c]], s[(x + 1) * bpp + l->rgb[c]],
                  s[x * bpp + l->rgb[c]]), _mm_set1_ps (1.0f / 255));
        k = _mm_loadu_ps (u + x);
        iso4 (job, rgb, _mm_loadu_ps (z + x), k);
        for (c = 0; c < 3; c++)
          _mm_storeu_si128 ((__m128i *) out[c], _mm_cvtps_epi32 (_mm_mul_ps
                  (_mm_min_ps (_mm_max_ps (rgb[c], _mm_setzero_ps ()),
                          _mm_set1_ps (1.0f)), _mm_set1_ps (255.0f))));
        for (j = 0; j < 4; j++) {
          for (c = 0; c < 3; c++)
            d[(x + j) * bpp + l->rgb[c]] = out[c][j];
          if (l->alpha >= 0)
            d[(x + j) * bpp + l->alpha] = s[(x + j) * bpp + l->alpha];
        }
      }
    }
#endif
    for (; x < w; x++)
      iso_pixel (job, s + x * bpp, d + x * bpp, l, z[x], (guint) u[x]);
  }
}

static void
pixels_iso (const GstImAugPixels * pass)
{
  IsoJob job;
  gdouble n = (gdouble) pass->width * pass->height, mean, var, p, cdf;
  guint k;

  memset (&job, 0, sizeof (job));
  job.pass = pass;
  gst_im_aug_field_key (&pass->step->key, 0, &job.hue_key);
  gst_im_aug_field_key (&pass->step->key, 1, &job.lum_key);
  g_mutex_init (&job.lock);
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      iso_stats_rows, &job);
  g_mutex_clear (&job.lock);
  /* cv2.meanStdDev of L: the population deviation */
  mean = job.sum / n / 510;
  var = MAX (0, job.sum2 / n / (510.0 * 510) - mean * mean);
  /* as the parameters allow (a replayed plan may hold anything finite) */
  job.intensity = CLAMP (pass->step->v[1], 0, 1e6);
  /* albumentations: hue + N (0, color_shift * intensity) in degrees (its
   * hue runs to 360), luminance + Poisson (std (L) * intensity) */
  job.hue_sigma = CLAMP (pass->step->v[0], 0, 1) * job.intensity;
  job.lambda = sqrt (var) * job.intensity;
  p = exp (-job.lambda);
  cdf = 0;
  for (k = 0; k < POISSON_TABLE; k++) {
    cdf += p;
    job.cdf[k] = cdf;
    p *= job.lambda / (k + 1);
  }
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      iso_rows, &job);
}

const GstImAugClass gst_im_aug_iso_noise = {
  .name = "ISONoise",
  .params = iso_params,
  .n_params = G_N_ELEMENTS (iso_params),
  .applied = iso_applied,
  .n_applied = G_N_ELEMENTS (iso_applied),
  .draw = draw_iso,
  .pixels = pixels_iso,
};
