/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Noise: GaussNoise and MultiplicativeNoise, a random field added to the
 * bytes or multiplied into them, and the family's table. Only the
 * per-frame scalars are drawn into the plan; every per-pixel value is
 * redrawn at render time from the step's key and the pixel's position
 * (gstimaugfield.c), so the bytes depend on neither row bands nor
 * workers, and a replay needs only the recorded values. ISONoise,
 * SaltAndPepper, the dropouts and the compression live in
 * gstimaugisonoise.c, gstimaugsaltpepper.c, gstimaugdropout.c and
 * gstimaugcompress.c; this file's table lists them. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif
#endif
#include "gstimaugnoise-private.h"

/* ---- field rows ---- */

/* float -> uint8 as albucore's clip then astype: clipped to [0, 255],
 * truncated */
static inline guint8
clip_trunc (gfloat v)
{
  return v <= 0.0f ? 0 : v >= 255.0f ? 255 : (guint8) v;
}

/* albucore adds float noise to uint8 by truncating it toward zero first
 * (np.trunc), then adds with saturation */
static inline guint8
add_trunc (guint8 s, gfloat a)
{
  gint v = (gint) s + (gint) a;

  return CLAMP (v, 0, 255);
}

/* dst[i] = add_trunc (src[i], add[i]) for n contiguous bytes */
static void
add_row (const guint8 * src, const gfloat * add, guint8 * dst, guint n)
{
  guint i = 0;
#ifdef __SSE2__
  const __m128i zero = _mm_setzero_si128 ();
  __m128i s, lo, hi, a, b, c, d;

  for (; i + 16 <= n; i += 16) {
    s = _mm_loadu_si128 ((const __m128i *) (src + i));
    lo = _mm_unpacklo_epi8 (s, zero);
    hi = _mm_unpackhi_epi8 (s, zero);
    a = _mm_add_epi32 (_mm_unpacklo_epi16 (lo, zero),
        _mm_cvttps_epi32 (_mm_loadu_ps (add + i)));
    b = _mm_add_epi32 (_mm_unpackhi_epi16 (lo, zero),
        _mm_cvttps_epi32 (_mm_loadu_ps (add + i + 4)));
    c = _mm_add_epi32 (_mm_unpacklo_epi16 (hi, zero),
        _mm_cvttps_epi32 (_mm_loadu_ps (add + i + 8)));
    d = _mm_add_epi32 (_mm_unpackhi_epi16 (hi, zero),
        _mm_cvttps_epi32 (_mm_loadu_ps (add + i + 12)));
    _mm_storeu_si128 ((__m128i *) (dst + i),
        _mm_packus_epi16 (_mm_packs_epi32 (a, b), _mm_packs_epi32 (c, d)));
  }
#endif
  for (; i < n; i++)
    dst[i] = add_trunc (src[i], add[i]);
}

/* dst[i] = clip_trunc (src[i] * (lo + span * u[i])), n contiguous bytes */
static void
mul_row (const guint8 * src, const gfloat * u, gfloat lo, gfloat span,
    guint8 * dst, guint n)
{
  guint i = 0;
#ifdef __SSE2__
  const __m128i zero = _mm_setzero_si128 ();
  const __m128 vl = _mm_set1_ps (lo), vs = _mm_set1_ps (span);
  __m128i s, h[2], q[4];
  guint k;

  for (; i + 16 <= n; i += 16) {
    s = _mm_loadu_si128 ((const __m128i *) (src + i));
    h[0] = _mm_unpacklo_epi8 (s, zero);
    h[1] = _mm_unpackhi_epi8 (s, zero);
    for (k = 0; k < 4; k++)
      q[k] = _mm_cvttps_epi32 (_mm_mul_ps (_mm_cvtepi32_ps (k & 1 ?
                  _mm_unpackhi_epi16 (h[k / 2], zero) :
                  _mm_unpacklo_epi16 (h[k / 2], zero)), _mm_add_ps (vl,
                  _mm_mul_ps (vs, _mm_loadu_ps (u + i + 4 * k)))));
    _mm_storeu_si128 ((__m128i *) (dst + i),
        _mm_packus_epi16 (_mm_packs_epi32 (q[0], q[1]),
            _mm_packs_epi32 (q[2], q[3])));
  }
#endif
  for (; i < n; i++)
    dst[i] = clip_trunc ((gfloat) src[i] * (lo + span * u[i]));
}

/* MultiplicativeNoise's field: each value u is a multiplier lo + span * u
 * (GaussNoise's values, with no FieldMul, are added) */
typedef struct
{
  gfloat lo, span;
} FieldMul;

/* Field row @f onto row @y: value k lands on colour channels in RGB order,
 * per pixel (n_per_pixel 3) or one value for all channels (1); alpha is
 * kept. */
static void
apply_field_row (const GstImAugPixels * pass, guint y, const gfloat * f,
    guint n_per_pixel, const FieldMul * mul)
{
  const GstImAugLayout *l = pass->layout;
  const guint8 *s = pass->src + (gsize) y * pass->src_stride;
  guint8 *d = pass->dst + (gsize) y * pass->dst_stride;
  guint x, c, bpp = l->bpp;
  gfloat a, m;

  if (bpp == n_per_pixel && (bpp == 1 || (l->rgb[0] == 0 && l->rgb[2] == 2))) {
    if (mul)
      mul_row (s, f, mul->lo, mul->span, d, pass->width * bpp);
    else
      add_row (s, f, d, pass->width * bpp);
    return;
  }
  for (x = 0; x < pass->width; x++, s += bpp, d += bpp) {
    for (c = 0; c < l->n_colour; c++) {
      a = n_per_pixel == 1 ? f[x] : f[(gsize) x * 3 + c];
      if (mul) {
        /* the multiplier in float32, the product in float32 (cv2.multiply) */
        m = mul->lo + mul->span * a;
        d[l->rgb[c]] = clip_trunc ((gfloat) s[l->rgb[c]] * m);
      } else {
        d[l->rgb[c]] = add_trunc (s[l->rgb[c]], a);
      }
    }
    if (l->alpha >= 0)
      d[l->alpha] = s[l->alpha];
  }
}

/* ---- GaussNoise ---- */

static const GstImAugParamSpec gauss_params[] = {
  {.name = "std_range",.type = GST_IM_AUG_RANGE,.def = "[0.2, 0.44]",.min =
        0,.max = 1},
  {.name = "mean_range",.type = GST_IM_AUG_RANGE,.def = "[0, 0]",.min =
        -1,.max = 1},
  {.name = "per_channel",.type = GST_IM_AUG_BOOL,.def = "true"},
  {.name = "noise_scale_factor",.type = GST_IM_AUG_NUMBER,.def = "1",.min =
        1e-6,.max = 1},
  /* 1.4 */
  {.name = "var_limit",.type = GST_IM_AUG_RANGE,.def = "null",.min = 0,.max =
        1e9,.expand = GST_IM_AUG_EXPAND_FROM_ZERO,.flags = GST_IM_AUG_NULLABLE},
  {.name = "mean",.type = GST_IM_AUG_NUMBER,.def = "null",.min = -1e9,.max =
        1e9,.flags = GST_IM_AUG_NULLABLE},
};

static const GstImAugApplied gauss_applied[] = {
  {"sigma", 1}, {"mean", 1}, {"per_channel", 1}, {"noise_scale_factor", 1},
};

/* slots: std_range 0-1, mean_range 2-3, per_channel 4, noise_scale_factor
 * 5, var_limit 6-7, mean 8. Applied: sigma and mean in levels. */
static void
draw_gauss (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  gdouble std[2] = { p[0], p[1] }, mean[2] = { p[2], p[3] }, var[2];

  if (!isnan (p[6])) {
    /* albumentations 1.4.24: a var_limit above 1 (levels squared) is
     * replaced by its default std_range; one up to 1 is a variance in
     * fractions of 255. Either way the variance is drawn uniformly. */
    if (p[7] > 1) {
      std[0] = sqrt (10.0 / 255);
      std[1] = sqrt (50.0 / 255);
    } else {
      std[0] = sqrt (p[6]);
      std[1] = sqrt (p[7]);
    }
    var[0] = std[0] * std[0];
    var[1] = std[1] * std[1];
    step->v[0] = 255 * sqrt (gst_im_aug_draw_range (key, 1, var));
  } else {
    step->v[0] = 255 * gst_im_aug_draw_range (key, 1, std);
  }
  if (!isnan (p[8]))
    mean[0] = mean[1] = p[8] >= 1 ? p[8] / 255 : p[8];
  step->v[1] = 255 * gst_im_aug_draw_range (key, 2, mean);
  step->v[2] = p[4];
  step->v[3] = p[5];
}

typedef struct
{
  const GstImAugPixels *pass;
  GstImDrawKey key;
  gfloat sigma, mean;
  guint npp;                    /* values per pixel */
  guint rw, rh;                 /* the drawn field: the image or smaller */
} GaussJob;

/* field row ry of rw x npp values (+ 16 of slack) */
static void
gauss_field_row (const GaussJob * job, guint ry, gfloat * out)
{
  guint n = job->rw * job->npp;

  gst_im_aug_field_normals (&job->key, (guint32) ry *
      gst_im_aug_field_row_blocks (n), n, job->sigma, job->mean, out);
}

/* one coordinate of cv2.resize INTER_LINEAR from @rn to @n samples */
static void
linear_tap (guint i, guint n, guint rn, guint * i0, guint * i1, gfloat * f)
{
  gdouble s = (i + 0.5) * rn / n - 0.5;
  gint k = (gint) floor (s);

  *f = s - k;
  if (k < 0) {
    k = 0;
    *f = 0;
  }
  if (k >= (gint) rn - 1) {
    k = rn - 1;
    *f = 0;
  }
  *i0 = k;
  *i1 = MIN ((guint) k + 1, rn - 1);
}

static void
gauss_rows (guint row_begin, guint row_end, gpointer data)
{
  const GaussJob *job = data;
  const GstImAugPixels *pass = job->pass;
  guint n = pass->width * job->npp, rn = job->rw * job->npp, y, x, c, x0,
      x1, y0, y1;
  gfloat *f = (gfloat *) gst_im_aug_thread_bytes (0, (n + 16) * 4), *a, *b,
      fx, fy;

  for (y = row_begin; y < row_end; y++) {
    if (job->rw == pass->width && job->rh == pass->height) {
      gauss_field_row (job, y, f);
    } else {
      /* a smaller field, resized bilinearly as cv2.resize does */
      a = (gfloat *) gst_im_aug_thread_bytes (1, (rn + 16) * 4);
      b = (gfloat *) gst_im_aug_thread_bytes (2, (rn + 16) * 4);
      linear_tap (y, pass->height, job->rh, &y0, &y1, &fy);
      gauss_field_row (job, y0, a);
      gauss_field_row (job, y1, b);
      for (x = 0; x < pass->width; x++) {
        linear_tap (x, pass->width, job->rw, &x0, &x1, &fx);
        for (c = 0; c < job->npp; c++)
          f[x * job->npp + c] =
              (1 - fy) * ((1 - fx) * a[x0 * job->npp + c] +
              fx * a[x1 * job->npp + c]) +
              fy * ((1 - fx) * b[x0 * job->npp + c] + fx * b[x1 * job->npp +
                  c]);
      }
    }
    apply_field_row (pass, y, f, job->npp, NULL);
  }
}

static void
pixels_gauss (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  GaussJob job;

  job.pass = pass;
  gst_im_aug_field_key (&pass->step->key, 0, &job.key);
  /* a replayed plan may hold anything finite: kept to what a draw gives */
  job.sigma = CLAMP (v[0], 0, 255);
  job.mean = CLAMP (v[1], -255, 255);
  job.npp = v[2] ? pass->layout->n_colour : 1;
  job.rw = pass->width;
  job.rh = pass->height;
  if (v[3] > 0 && v[3] < 1) {
    /* albumentations: int (size * factor), at least 1 */
    job.rw = MAX (1, (guint) (pass->width * v[3]));
    job.rh = MAX (1, (guint) (pass->height * v[3]));
  }
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      gauss_rows, &job);
}

static const GstImAugClass gauss_noise = {
  .name = "GaussNoise",
  .params = gauss_params,
  .n_params = G_N_ELEMENTS (gauss_params),
  .applied = gauss_applied,
  .n_applied = G_N_ELEMENTS (gauss_applied),
  .draw = draw_gauss,
  .pixels = pixels_gauss,
};

/* ---- MultiplicativeNoise ---- */

static const GstImAugParamSpec mult_params[] = {
  {.name = "multiplier",.type = GST_IM_AUG_RANGE,.def = "[0.9, 1.1]",.min =
        0,.max = 1e6},
  {.name = "per_channel",.type = GST_IM_AUG_BOOL,.def = "false"},
  {.name = "elementwise",.type = GST_IM_AUG_BOOL,.def = "false"},
};

static const GstImAugApplied mult_applied[] = {
  {"multiplier", 3}, {"per_channel", 1}, {"elementwise", 1}, {"range", 2},
};

/* v: multiplier per channel 0-2 (not elementwise), per_channel 3,
 * elementwise 4, range 5-6 (elementwise: the field's) */
static void
draw_mult (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  guint c;

  for (c = 0; c < 3; c++)
    step->v[c] = p[3] ? 1.0 : gst_im_draw_uniform (key, 1 + (p[2] ? c : 0),
        p[0], p[1]);
  step->v[3] = p[2];
  step->v[4] = p[3];
  step->v[5] = p[0];
  step->v[6] = p[1];
}

typedef struct
{
  const GstImAugPixels *pass;
  GstImDrawKey key;
  const gfloat *pattern;        /* not elementwise: each byte's m */
  FieldMul mul;                 /* elementwise: the field's range */
  guint npp;
} MultJob;

/* dst[i] = clip_trunc (src[i] * m[i]), n contiguous bytes */
#ifdef HAVE_AVX2_PATH
__attribute__ ((target ("avx2")))
static void
scale_row_avx2 (const guint8 * src, const gfloat * m, guint8 * dst, guint n)
{
  __m256i q[4], p;
  guint i = 0, k;

  for (; i + 32 <= n; i += 32) {
    for (k = 0; k < 4; k++)
      q[k] = _mm256_cvttps_epi32 (_mm256_mul_ps (_mm256_cvtepi32_ps
              (_mm256_cvtepu8_epi32 (_mm_loadl_epi64 ((const __m128i *)
                          (src + i + 8 * k)))), _mm256_loadu_ps (m + i +
                  8 * k)));
    /* the packs work within 128-bit lanes: put the quarters back in order */
    p = _mm256_packus_epi16 (_mm256_packs_epi32 (q[0], q[1]),
        _mm256_packs_epi32 (q[2], q[3]));
    p = _mm256_permutevar8x32_epi32 (p, _mm256_set_epi32 (7, 3, 6, 2, 5, 1,
            4, 0));
    _mm256_storeu_si256 ((__m256i *) (dst + i), p);
  }
  for (; i < n; i++)
    dst[i] = clip_trunc ((gfloat) src[i] * m[i]);
}
#endif

static void
scale_row (const guint8 * src, const gfloat * m, guint8 * dst, guint n)
{
#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports ("avx2")) {
    scale_row_avx2 (src, m, dst, n);
    return;
  }
#endif
  /* 0 + 1 * m is m */
  mul_row (src, m, 0.0f, 1.0f, dst, n);
}

static void
mult_rows (guint row_begin, guint row_end, gpointer data)
{
  const MultJob *job = data;
  const GstImAugPixels *pass = job->pass;
  guint n = pass->width * job->npp, y;
  gfloat *f = (gfloat *) gst_im_aug_thread_bytes (0, (n + 16) * 4);

  for (y = row_begin; y < row_end; y++) {
    if (!job->npp) {
      scale_row (pass->src + (gsize) y * pass->src_stride, job->pattern,
          pass->dst + (gsize) y * pass->dst_stride,
          pass->width * pass->layout->bpp);
      continue;
    }
    gst_im_aug_field_uniforms (&job->key, y * gst_im_aug_field_row_blocks (n),
        n, f);
    apply_field_row (pass, y, f, job->npp, &job->mul);
  }
}

static void
pixels_mult (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  const GstImAugLayout *l = pass->layout;
  MultJob job;
  guint c;

  job.pass = pass;
  gst_im_aug_field_key (&pass->step->key, 0, &job.key);
  job.npp = v[4] ? (v[3] ? l->n_colour : 1) : 0;
  /* as the parameters allow (a replayed plan may hold anything finite) */
  job.mul.lo = CLAMP (v[5], 0, 1e6);
  job.mul.span = MAX (0, (gfloat) CLAMP (v[6], 0, 1e6) - job.mul.lo);
  /* not elementwise: albucore's table is i * m in float32, clipped and
   * truncated: the same product computed for every byte (alpha and
   * padding times 1). Slot 3: the workers use 0. */
  if (!job.npp) {
    gfloat *row = (gfloat *) gst_im_aug_thread_bytes (3,
        ((gsize) pass->width * l->bpp + 16) * 4);
    guint x;

    for (x = 0; x < pass->width; x++)
      for (c = 0; c < l->bpp; c++)
        row[x * l->bpp + c] = 1.0f;
    for (x = 0; x < pass->width; x++)
      for (c = 0; c < l->n_colour; c++)
        row[x * l->bpp + l->rgb[c]] = (gfloat) CLAMP (v[c], 0, 1e6);
    job.pattern = row;
  }
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      mult_rows, &job);
}

static const GstImAugClass multiplicative_noise = {
  .name = "MultiplicativeNoise",
  .params = mult_params,
  .n_params = G_N_ELEMENTS (mult_params),
  .applied = mult_applied,
  .n_applied = G_N_ELEMENTS (mult_applied),
  .draw = draw_mult,
  .pixels = pixels_mult,
};

const GstImAugClass *const gst_im_aug_noise_classes[] = {
  &gauss_noise,
  &gst_im_aug_iso_noise,
  &multiplicative_noise,
  &gst_im_aug_salt_and_pepper,
  &gst_im_aug_coarse_dropout,
  &gst_im_aug_grid_dropout,
  &gst_im_aug_image_compression,
  NULL
};
