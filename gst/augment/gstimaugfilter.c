/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Filters: blurs, median, sharpen, emboss, unsharp mask, downscale. Each
 * draws its kernel's parameters as albumentations does (2.x or 1.4, which
 * differ for GaussianBlur and MotionBlur) and records them, so a replay
 * rebuilds the same kernel; the convolutions are in gstimaugblur.c, the
 * median in gstimaugmedian.c. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <immintrin.h>
#endif
#include "gstimaugfilter-private.h"

/* draw blocks */
enum
{
  BLOCK_KSIZE = 1,
  BLOCK_SIGMA,
  BLOCK_ALPHA,
  BLOCK_OTHER,                  /* lightness, strength, angle */
  BLOCK_DIRECTION,
  BLOCK_SHIFT_X,
  BLOCK_SHIFT_Y,
};

/* a replayed kernel size, kept odd and within the machinery's reach */
static guint
taps (gdouble v)
{
  return (guint) CLAMP (v, 1, GST_IM_AUG_MAX_TAPS) | 1;
}

/* An odd size from [lo, hi] as albumentations' process_blur_limit and
 * sample_odd_from_range make it: both ends at least 3 and odd (even ones
 * go up), a reversed range collapsed to its top, then one of the odd sizes
 * in between, each as likely. */
static guint
draw_odd (const GstImDrawKey * key, const gdouble * range)
{
  gint lo = MAX ((gint) range[0], 3), hi = MAX ((gint) range[1], 3);

  lo |= 1;
  hi |= 1;
  if (lo > hi)
    lo = hi;
  if (lo == hi)
    return lo;
  return lo + 2 * gst_im_draw_int (key, BLOCK_KSIZE, 0, (hi - lo) / 2);
}

#define SPEC_BLUR_LIMIT(d2, d14) \
  { .name = "blur_limit", .type = GST_IM_AUG_INT_RANGE, .def = d2, \
    .def_1_4 = d14, .min = 0, .max = GST_IM_AUG_MAX_TAPS, \
    .expand = GST_IM_AUG_EXPAND_FROM_ZERO }

/* ---- Blur, MedianBlur ---- */

static const GstImAugParamSpec blur_params[] = {
  SPEC_BLUR_LIMIT ("[3, 7]", NULL),
};

static const GstImAugApplied ksize_applied[] = {
  {"ksize", 1},
};

static void
draw_ksize (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = draw_odd (key, p);
}

static void
pixels_blur (const GstImAugPixels * pass)
{
  GstImAugSepKernel k;
  guint i;

  k.n = taps (pass->step->v[0]);
  for (i = 0; i < k.n; i++)
    k.kx[i] = k.ky[i] = 1;
  k.round = GST_IM_AUG_SEP_BOX;
  k.divisor = k.n * k.n;
  gst_im_aug_separable (pass, &k);
}

static const GstImAugClass blur = {
  .name = "Blur",
  .params = blur_params,
  .n_params = G_N_ELEMENTS (blur_params),
  .applied = ksize_applied,
  .n_applied = G_N_ELEMENTS (ksize_applied),
  .draw = draw_ksize,
  .pixels = pixels_blur,
};

static void
pixels_median (const GstImAugPixels * pass)
{
  gst_im_aug_median (pass, taps (pass->step->v[0]));
}

static const GstImAugClass median_blur = {
  .name = "MedianBlur",
  .params = blur_params,
  .n_params = G_N_ELEMENTS (blur_params),
  .applied = ksize_applied,
  .n_applied = G_N_ELEMENTS (ksize_applied),
  .draw = draw_ksize,
  .pixels = pixels_median,
};

/* ---- Gaussian kernels ---- */

/* cv2.GaussianBlur's kernel (getGaussianKernelBitExact): the binomial rows
 * for sizes 3..9 without a sigma, otherwise exp (-x^2 / (2 sigma^2)) at
 * the integers (sigma from the size when not given), normalised with the
 * centre tap 1 / sum */
static void
cv_gaussian (guint n, gdouble sigma, gdouble * d)
{
  static const gdouble binomial[4][9] = {
    {0.25, 0.5, 0.25},
    {0.0625, 0.25, 0.375, 0.25, 0.0625},
    {0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125},
    {4 / 256., 13 / 256., 30 / 256., 51 / 256., 60 / 256., 51 / 256.,
        30 / 256., 13 / 256., 4 / 256.},
  };
  gdouble s, sum = 0, mul;
  guint h = n / 2, i;
  gint x;

  if (sigma <= 0 && n >= 3 && n <= 9) {
    memcpy (d, binomial[n / 2 - 1], n * sizeof (gdouble));
    return;
  }
  s = sigma > 0 ? sigma : n * 0.15 + 0.35;
  for (i = 0, x = 1 - (gint) n; i < h; i++, x += 2) {
    d[i] = exp ((gdouble) (x * x) * (-0.125 / (s * s)));
    sum += d[i];
  }
  sum = sum * 2 + 1;
  mul = 1 / sum;
  for (i = 0; i < h; i++)
    d[i] = d[n - 1 - i] = d[i] * mul;
  d[h] = mul;
}

/* the same for bytes: quantised to 1/256 from the outside in, each tap
 * rounded with the error carried to the next, the centre taking what is
 * left so the taps sum to exactly 256 */
static void
cv_gaussian_fixed (guint n, gdouble sigma, gfloat * k)
{
  gdouble d[GST_IM_AUG_MAX_TAPS], err = 0, adj;
  guint h = n / 2, i;
  gint v, total = 0;

  cv_gaussian (n, sigma, d);
  for (i = 0; i < h; i++) {
    adj = d[i] * 256 + err;
    v = (gint) nearbyint (adj);
    err = adj - v;
    k[i] = k[n - 1 - i] = v;
    total += v;
  }
  k[h] = 256 - 2 * total;
}

/* albumentations 2.x's own kernel: exp (-x^2 / (2 sigma^2)) at the
 * integers, normalised in double, used in float32 by cv2.sepFilter2D */
static void
albu_gaussian (guint n, gdouble sigma, gfloat * k)
{
  gdouble d[GST_IM_AUG_MAX_TAPS], sum = 0, x;
  guint i;

  for (i = 0; i < n; i++) {
    x = (gdouble) i - n / 2;
    d[i] = exp (-0.5 * (x / sigma) * (x / sigma));
    sum += d[i];
  }
  for (i = 0; i < n; i++)
    k[i] = d[i] / sum;
}

/* cv2.GaussianBlur on bytes, bit-exact */
static void
cv_gaussian_blur (const GstImAugPixels * pass, guint n, gdouble sigma)
{
  GstImAugSepKernel k;

  k.n = n;
  cv_gaussian_fixed (n, sigma, k.kx);
  memcpy (k.ky, k.kx, sizeof (k.kx));
  k.round = GST_IM_AUG_SEP_FIXED16;
  gst_im_aug_separable (pass, &k);
}

/* ---- GaussianBlur ---- */

static const GstImAugParamSpec gaussian_params[] = {
  SPEC_BLUR_LIMIT ("0", "[3, 7]"),
  {.name = "sigma_limit",.type = GST_IM_AUG_RANGE,.def = "[0.5, 3.0]",
      .def_1_4 = "0",.min = 0,.max = 100,.expand = GST_IM_AUG_EXPAND_FROM_ZERO},
};

/* cv: 1 for cv2.GaussianBlur (1.4), 0 for albumentations' kernel (2.x) */
static const GstImAugApplied gaussian_applied[] = {
  {"ksize", 1}, {"sigma", 1}, {"cv", 1},
};

static void
draw_gaussian (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  gdouble sigma = gst_im_aug_draw_range (key, BLOCK_SIGMA, p + 2);
  gint ksize;

  if (step->v1_4) {
    /* a range starting at 0 for both becomes [3, max (3, hi)] */
    gdouble limit[2] = { p[0] == 0 && p[2] == 0 ? 3 : p[0], p[1] };

    step->v[0] = draw_odd (key, limit);
    step->v[1] = sigma;
    step->v[2] = 1;
    return;
  }
  ksize = p[0] == p[1] ? (gint) p[0] :
      gst_im_draw_int (key, BLOCK_KSIZE, p[0], p[1]);
  if (ksize == 0)
    ksize = (gint) (sigma * 3.5) * 2 + 1;
  step->v[0] = ksize | 1;
  step->v[1] = sigma;
  step->v[2] = 0;
  if (!(sigma > 0))
    step->problem = "GaussianBlur needs sigma > 0";
  else if (step->v[0] > GST_IM_AUG_MAX_TAPS)
    step->problem = "GaussianBlur kernel too large";
}

static void
pixels_gaussian (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  GstImAugSepKernel k;

  if (v[2] != 0) {
    cv_gaussian_blur (pass, taps (v[0]), v[1]);
    return;
  }
  k.n = taps (v[0]);
  albu_gaussian (k.n, v[1] > 0 ? v[1] : 1e-3, k.kx);
  memcpy (k.ky, k.kx, sizeof (k.kx));
  k.round = GST_IM_AUG_SEP_FLOAT;
  gst_im_aug_separable (pass, &k);
}

static const GstImAugClass gaussian_blur = {
  .name = "GaussianBlur",
  .params = gaussian_params,
  .n_params = G_N_ELEMENTS (gaussian_params),
  .applied = gaussian_applied,
  .n_applied = G_N_ELEMENTS (gaussian_applied),
  .draw = draw_gaussian,
  .pixels = pixels_gaussian,
};

/* ---- MotionBlur ---- */

static const GstImAugParamSpec motion_params[] = {
  SPEC_BLUR_LIMIT ("[3, 7]", "7"),
  {.name = "allow_shifted",.type = GST_IM_AUG_BOOL,.def = "true"},
  {.name = "angle_range",.type = GST_IM_AUG_RANGE,.def = "[0, 360]",.min = 0,
      .max = 360},
  {.name = "direction_range",.type = GST_IM_AUG_RANGE,.def = "[-1, 1]",
      .min = -1,.max = 1},
};

/* slots: blur_limit 0-1, allow_shifted 2, angle 3-4, direction 5-6 */

/* line14: the 1.4 line (2 k points, scaled by 1 + |direction|) */
static const GstImAugApplied motion_applied[] = {
  {"ksize", 1}, {"angle", 1}, {"direction", 1}, {"shift", 2}, {"line14", 1},
};

static void
draw_motion (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = draw_odd (key, p);
  step->v[1] = gst_im_aug_draw_range (key, BLOCK_OTHER, p + 3);
  step->v[2] = gst_im_aug_draw_range (key, BLOCK_DIRECTION, p + 5);
  step->v[3] = step->v[4] = 0;
  if (p[2] != 0) {
    step->v[3] = gst_im_draw_uniform (key, BLOCK_SHIFT_X, -1, 1);
    step->v[4] = gst_im_draw_uniform (key, BLOCK_SHIFT_Y, -1, 1);
  }
  step->v[5] = step->v1_4;
}

/* albumentations' create_motion_kernel: points along the drawn line
 * through the centre (shifted by shift * (k / 2) / 2), rounded half to
 * even and clipped into the kernel; each point hit is 1, then all are
 * divided by their count in float32 */
static void
motion_kernel (const gdouble * v, guint n, gfloat * kernel)
{
  gdouble a = v[1] * (G_PI / 180), dx = cos (a), dy = sin (a), dir = v[2];
  gdouble L = n / 2, t0, t1, t, step, x, y;
  guint m, i, count = 0;
  gint c = n / 2, px, py;

  memset (kernel, 0, n * n * sizeof (gfloat));
  if (v[5] != 0) {
    m = 2 * n;
    t0 = -L;
    t1 = L;
  } else {
    dir = CLAMP (dir, -1, 1);
    m = n;
    t0 = dir > 0 ? -L * (1 - dir) : -L;
    t1 = dir < 0 ? L * (1 + dir) : L;
  }
  step = (t1 - t0) / (m - 1);
  for (i = 0; i < m; i++) {
    /* numpy's linspace: start + i * step, the last point exactly stop */
    t = i + 1 == m ? t1 : i * step + t0;
    if (v[5] != 0 && dir != 0)
      t = t * (1 + fabs (dir)) * (dir < 0 ? -1 : 1);
    x = c + dx * t + v[3] * L / 2;
    y = c + dy * t + v[4] * L / 2;
    px = (gint) CLAMP (nearbyint (x), 0, n - 1);
    py = (gint) CLAMP (nearbyint (y), 0, n - 1);
    if (kernel[py * n + px] == 0)
      count++;
    kernel[py * n + px] = 1;
  }
  for (i = 0; i < n * n; i++)
    kernel[i] = kernel[i] / (gfloat) count;
}

static void
pixels_motion (const GstImAugPixels * pass)
{
  guint n = taps (pass->step->v[0]);
  gfloat taps2d[GST_IM_AUG_MAX_TAPS * GST_IM_AUG_MAX_TAPS];
  GstImAugKernel2D k;

  motion_kernel (pass->step->v, n, taps2d);
  gst_im_aug_kernel2d_init (&k, n, taps2d);
  gst_im_aug_filter2d (pass, &k);
}

static const GstImAugClass motion_blur = {
  .name = "MotionBlur",
  .params = motion_params,
  .n_params = G_N_ELEMENTS (motion_params),
  .applied = motion_applied,
  .n_applied = G_N_ELEMENTS (motion_applied),
  .draw = draw_motion,
  .pixels = pixels_motion,
};

/* ---- Sharpen, Emboss: 3 x 3 kernels blended with the identity ---- */

/* (1 - alpha) * identity + alpha * effect, in float32 as numpy does it */
static void
blend_identity (gdouble alpha, const gfloat * effect, gfloat * k)
{
  gfloat a = alpha, b = 1 - alpha;
  guint i;

  for (i = 0; i < 9; i++)
    k[i] = (gfloat) (b * (gfloat) (i == 4)) + (gfloat) (a * effect[i]);
}

static const gchar *const sharpen_methods[] = { "kernel", "gaussian", NULL };

static const GstImAugParamSpec sharpen_params[] = {
  {.name = "alpha",.type = GST_IM_AUG_RANGE,.def = "[0.2, 0.5]",.min = 0,
      .max = 1},
  {.name = "lightness",.type = GST_IM_AUG_RANGE,.def = "[0.5, 1.0]",.min = 0,
      .max = 1e6},
  {.name = "method",.type = GST_IM_AUG_CHOICE,.def = "\"kernel\"",
      .choices = sharpen_methods},
  {.name = "kernel_size",.type = GST_IM_AUG_INT,.def = "5",.min = 3,
      .max = GST_IM_AUG_MAX_TAPS},
  {.name = "sigma",.type = GST_IM_AUG_NUMBER,.def = "1.0",.min = 1e-6,
      .max = 100},
};

/* slots: alpha 0-1, lightness 2-3, method 4, kernel_size 5, sigma 6 */

static const GstImAugApplied sharpen_applied[] = {
  {"alpha", 1}, {"lightness", 1}, {"gaussian", 1}, {"ksize", 1},
  {"sigma", 1},
};

static void
draw_sharpen (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, BLOCK_ALPHA, p);
  step->v[2] = p[4];
  if (p[4] == 0)
    step->v[1] = gst_im_aug_draw_range (key, BLOCK_OTHER, p + 2);
  step->v[3] = (gint) p[5] | 1;
  step->v[4] = p[6];
}

typedef struct
{
  const GstImAugPixels *pass;
  gdouble alpha;
} SharpenJob;

/* albumentations' sharpen_gaussian on bytes, dst holding the blur: img -
 * blurred wraps modulo 256 (numpy uint8), then img + alpha * that in
 * double (unfused), clipped to [0, 255] and truncated; alpha and padding
 * bytes, blurred as themselves, stay */
#ifdef __SSE2__
__attribute__ ((target ("avx2")))
static void
sharpen_combine_avx2 (const guint8 * s, guint8 * d, guint n, gdouble alpha)
{
  __m256d a = _mm256_set1_pd (alpha), top = _mm256_set1_pd (255);
  __m128i x, w, q[4];
  /* 16 bytes a step, 4 at a time in double */
  __m256d v;
  guint i, j;

  for (i = 0; i + 16 <= n; i += 16) {
    x = _mm_loadu_si128 ((const __m128i *) (s + i));
    w = _mm_sub_epi8 (x, _mm_loadu_si128 ((const __m128i *) (d + i)));
    _Pragma ("GCC unroll 4")
    for (j = 0; j < 4; j++) {
      v = _mm256_add_pd (_mm256_cvtepi32_pd (_mm_cvtepu8_epi32 (x)),
          _mm256_mul_pd (a, _mm256_cvtepi32_pd (_mm_cvtepu8_epi32 (w))));
      q[j] = _mm256_cvttpd_epi32 (_mm256_min_pd (v, top));
      x = _mm_srli_si128 (x, 4);
      w = _mm_srli_si128 (w, 4);
    }
    _mm_storeu_si128 ((__m128i *) (d + i), _mm_packus_epi16
        (_mm_packs_epi32 (q[0], q[1]), _mm_packs_epi32 (q[2], q[3])));
  }
  for (; i < n; i++)
    d[i] = (guint8) MIN (s[i] + alpha * (guint8) (s[i] - d[i]), 255);
}
#endif

static void
sharpen_rows (guint row_begin, guint row_end, gpointer user_data)
{
  const SharpenJob *job = user_data;
  const GstImAugPixels *p = job->pass;
  guint n = p->width * p->layout->bpp, y, i;
  G_GNUC_UNUSED gboolean avx2 = gst_im_aug_filter_avx2 ();
  const guint8 *s;
  guint8 *d;

  for (y = row_begin; y < row_end; y++) {
    s = p->src + (gsize) y * p->src_stride;
    d = p->dst + (gsize) y * p->dst_stride;
#ifdef __SSE2__
    if (avx2) {
      sharpen_combine_avx2 (s, d, n, job->alpha);
      continue;
    }
#endif
    for (i = 0; i < n; i++)
      d[i] = (guint8) MIN (s[i] + job->alpha * (guint8) (s[i] - d[i]), 255);
  }
}

static void
pixels_sharpen (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  gfloat effect[9], k[9];
  GstImAugKernel2D k2;
  SharpenJob job;
  guint i;

  if (v[2] != 0) {
    /* the blur into dst, then dst from src and the blur */
    cv_gaussian_blur (pass, taps (v[3]), v[4]);
    job.pass = pass;
    job.alpha = CLAMP (v[0], 0, 1);
    gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
        sharpen_rows, &job);
    return;
  }
  for (i = 0; i < 9; i++)
    effect[i] = -1;
  effect[4] = (gfloat) (8 + v[1]);
  blend_identity (v[0], effect, k);
  gst_im_aug_kernel2d_init (&k2, 3, k);
  gst_im_aug_filter2d (pass, &k2);
}

static const GstImAugClass sharpen = {
  .name = "Sharpen",
  .params = sharpen_params,
  .n_params = G_N_ELEMENTS (sharpen_params),
  .applied = sharpen_applied,
  .n_applied = G_N_ELEMENTS (sharpen_applied),
  .draw = draw_sharpen,
  .pixels = pixels_sharpen,
};

static const GstImAugParamSpec emboss_params[] = {
  {.name = "alpha",.type = GST_IM_AUG_RANGE,.def = "[0.2, 0.5]",.min = 0,
      .max = 1},
  {.name = "strength",.type = GST_IM_AUG_RANGE,.def = "[0.2, 0.7]",.min = 0,
      .max = 1e6},
};

static const GstImAugApplied emboss_applied[] = {
  {"alpha", 1}, {"strength", 1},
};

static void
draw_emboss (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, BLOCK_ALPHA, p);
  step->v[1] = gst_im_aug_draw_range (key, BLOCK_OTHER, p + 2);
}

static void
pixels_emboss (const GstImAugPixels * pass)
{
  gdouble s = pass->step->v[1];
  /* light from the top left: each entry made in double, stored as float */
  gfloat effect[9] = { -1 - s, -s, 0, -s, 1, s, 0, s, 1 + s }, k[9];
  GstImAugKernel2D k2;

  blend_identity (pass->step->v[0], effect, k);
  gst_im_aug_kernel2d_init (&k2, 3, k);
  gst_im_aug_filter2d (pass, &k2);
}

static const GstImAugClass emboss = {
  .name = "Emboss",
  .params = emboss_params,
  .n_params = G_N_ELEMENTS (emboss_params),
  .applied = emboss_applied,
  .n_applied = G_N_ELEMENTS (emboss_applied),
  .draw = draw_emboss,
  .pixels = pixels_emboss,
};

/* ---- UnsharpMask ---- */

static const GstImAugParamSpec unsharp_params[] = {
  SPEC_BLUR_LIMIT ("[3, 7]", NULL),
  {.name = "sigma_limit",.type = GST_IM_AUG_RANGE,.def = "0",.min = 0,
      .max = 100,.expand = GST_IM_AUG_EXPAND_FROM_ZERO},
  {.name = "alpha",.type = GST_IM_AUG_RANGE,.def = "[0.2, 0.5]",.min = 0,
      .max = 1,.expand = GST_IM_AUG_EXPAND_FROM_ZERO},
  {.name = "threshold",.type = GST_IM_AUG_INT,.def = "10",.min = 0,
      .max = 255},
};

/* slots: blur_limit 0-1, sigma 2-3, alpha 4-5, threshold 6 */

static const GstImAugApplied unsharp_applied[] = {
  {"ksize", 1}, {"sigma", 1}, {"alpha", 1}, {"threshold", 1},
};

static void
draw_unsharp (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  /* randrange (lo, hi + 1, 2) over the limits made odd */
  gint lo = MAX ((gint) p[0], 3) | 1, hi = MAX ((gint) p[1], 3) | 1;

  if (lo > hi)
    lo = hi;
  step->v[0] = lo == hi ? lo :
      lo + 2 * gst_im_draw_int (key, BLOCK_KSIZE, 0, (hi - lo) / 2);
  step->v[1] = gst_im_aug_draw_range (key, BLOCK_SIGMA, p + 2);
  step->v[2] = gst_im_aug_draw_range (key, BLOCK_ALPHA, p + 4);
  step->v[3] = p[6];
}

typedef struct
{
  const GstImAugPixels *pass;
  GstImAugSepKernel k;
  gfloat alpha, threshold;
  gfloat *blur;                 /* the blurred image / 255, per sample */
  guint8 *mask;                 /* 1 where the detail is above threshold */
  gsize ns;                     /* samples per row */
} UnsharpJob;

/* albumentations works on img / 255 in float32; the blur of the bytes,
 * then / 255, is that blur up to float rounding */
static void
unsharp_mask_emit (guint y, const gfloat * sums, gpointer user_data)
{
  const UnsharpJob *job = user_data;
  const guint8 *s = job->pass->src + (gsize) y * job->pass->src_stride;
  gfloat *b = job->blur + y * job->ns, img;
  guint8 *m = job->mask + y * job->ns;
  gsize i;

  for (i = 0; i < job->ns; i++) {
    img = s[i] / 255.0f;
    b[i] = sums[i] / 255.0f;
    m[i] = fabsf (img - b[i]) * 255.0f > job->threshold;
  }
}

static void
unsharp_out_emit (guint y, const gfloat * soft, gpointer user_data)
{
  const UnsharpJob *job = user_data;
  const GstImAugPixels *p = job->pass;
  const guint8 *s = p->src + (gsize) y * p->src_stride;
  const gfloat *b = job->blur + y * job->ns;
  guint8 *d = p->dst + (gsize) y * p->dst_stride;
  gfloat img, sharp, out;
  gsize i;

  for (i = 0; i < job->ns; i++) {
    img = s[i] / 255.0f;
    sharp = img + job->alpha * (img - b[i]);
    sharp = CLAMP (sharp, 0.0f, 1.0f);
    out = (gfloat) (sharp * soft[i]) + (gfloat) (img * (1.0f - soft[i]));
    out = rintf (out * 255.0f);
    d[i] = (guint8) CLAMP (out, 0.0f, 255.0f);
  }
  gst_im_aug_copy_alpha (p, y, y + 1);
}

static void
unsharp_mask_rows (guint row_begin, guint row_end, gpointer user_data)
{
  UnsharpJob *job = user_data;
  const GstImAugPixels *p = job->pass;

  gst_im_aug_separable_rows (&job->k, p->src, p->src_stride, p->width,
      p->height, p->layout->bpp, row_begin, row_end, unsharp_mask_emit, job);
}

static void
unsharp_out_rows (guint row_begin, guint row_end, gpointer user_data)
{
  UnsharpJob *job = user_data;
  const GstImAugPixels *p = job->pass;

  gst_im_aug_separable_rows (&job->k, job->mask, job->ns, p->width,
      p->height, p->layout->bpp, row_begin, row_end, unsharp_out_emit, job);
}

/* albumentations' unsharp_mask: a float32 cv2.GaussianBlur of the image,
 * detail = image - blur, a 0/1 mask where |detail| * 255 > threshold,
 * blurred likewise into a soft mask; out = sharp * soft + image * (1 -
 * soft) with sharp = clip (image + alpha * detail, 0, 1); then * 255,
 * rounded half to even */
static void
pixels_unsharp (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  gdouble d[GST_IM_AUG_MAX_TAPS];
  gsize n_samples;
  UnsharpJob job;
  guint i;

  job.pass = pass;
  job.k.n = taps (v[0]);
  cv_gaussian (job.k.n, v[1], d);
  for (i = 0; i < job.k.n; i++)
    job.k.kx[i] = job.k.ky[i] = d[i];
  job.k.round = GST_IM_AUG_SEP_FLOAT;
  job.alpha = v[2];
  job.threshold = v[3];
  job.ns = (gsize) pass->width * pass->layout->bpp;
  n_samples = job.ns * pass->height;
  /* the blur and the mask of the whole image: the soft mask reads rows of
   * the mask from neighbouring bands */
  job.blur = (gfloat *) gst_im_aug_thread_bytes (3,
      n_samples * sizeof (gfloat));
  job.mask = gst_im_aug_thread_bytes (2, n_samples);
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      unsharp_mask_rows, &job);
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      unsharp_out_rows, &job);
}

static const GstImAugClass unsharp_mask = {
  .name = "UnsharpMask",
  .params = unsharp_params,
  .n_params = G_N_ELEMENTS (unsharp_params),
  .applied = unsharp_applied,
  .n_applied = G_N_ELEMENTS (unsharp_applied),
  .draw = draw_unsharp,
  .pixels = pixels_unsharp,
};

/* ---- Downscale ---- */

/* cv2's INTER_* that Downscale takes; LANCZOS4 (4) has no resampler */
static const gchar *const downscale_interpolations[] = {
  "0", "1", "2", "3", "5", "6", NULL
};

static const GstImAugParamSpec downscale_params[] = {
  {.name = "scale_range",.type = GST_IM_AUG_RANGE,.def = "[0.25, 0.25]",
      .min = 0,.max = 1},
  {.name = "downscale_interpolation",.type = GST_IM_AUG_FLAG,.def = "0",
      .choices = downscale_interpolations},
  {.name = "upscale_interpolation",.type = GST_IM_AUG_FLAG,.def = "0",
      .choices = downscale_interpolations},
};

/* slots: scale 0-1, down 2, up 3 */

static const GstImAugApplied downscale_applied[] = {
  {"scale", 1}, {"downscale", 1}, {"upscale", 1},
};

/* interpolation_pair {"downscale": a, "upscale": b}, and 1.4's
 * interpolation (one flag for both, or such a pair, or null) and
 * scale_min / scale_max, become the two flags and scale_range */
static gboolean
upgrade_downscale (JsonObject * o, GError ** error)
{
  static const gchar *const pairs[] = { "interpolation", "interpolation_pair" };
  JsonNode *node, *lo, *hi;
  JsonObject *pair;
  JsonArray *range;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (pairs); i++) {
    node = json_object_get_member (o, pairs[i]);
    if (node == NULL)
      continue;
    if (JSON_NODE_HOLDS_OBJECT (node)) {
      pair = json_node_get_object (node);
      if (json_object_has_member (pair, "downscale"))
        json_object_set_member (o, "downscale_interpolation",
            json_node_copy (json_object_get_member (pair, "downscale")));
      if (json_object_has_member (pair, "upscale"))
        json_object_set_member (o, "upscale_interpolation",
            json_node_copy (json_object_get_member (pair, "upscale")));
    } else if (!JSON_NODE_HOLDS_NULL (node)) {
      json_object_set_member (o, "downscale_interpolation",
          json_node_copy (node));
      json_object_set_member (o, "upscale_interpolation",
          json_node_copy (node));
    }
    json_object_remove_member (o, pairs[i]);
  }
  lo = json_object_get_member (o, "scale_min");
  hi = json_object_get_member (o, "scale_max");
  if (lo && hi && !JSON_NODE_HOLDS_NULL (lo) && !JSON_NODE_HOLDS_NULL (hi)) {
    range = json_array_new ();
    json_array_add_element (range, json_node_copy (lo));
    json_array_add_element (range, json_node_copy (hi));
    json_object_set_array_member (o, "scale_range", range);
  }
  if (lo)
    json_object_remove_member (o, "scale_min");
  if (hi)
    json_object_remove_member (o, "scale_max");
  return TRUE;
}

/* cv2.resize (fx = fy = scale): cvRound (n * scale) */
static guint
downscaled (guint n, gdouble scale)
{
  return (guint) gst_im_aug_round_even (n * scale);
}

static void
draw_downscale (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, BLOCK_OTHER, p);
  step->v[1] = p[2];
  step->v[2] = p[3];
  if (downscaled (step->in_w, step->v[0]) < 1
      || downscaled (step->in_h, step->v[0]) < 1)
    step->problem = "Downscale's scale leaves no pixel";
}

static GstImResampleKernel
resample_kernel (gint interpolation, gboolean shrink)
{
  switch (interpolation) {
    case 1:
    case 5:
      return GST_IM_RESAMPLE_LINEAR_POINT;
    case 2:
      return GST_IM_RESAMPLE_CUBIC_POINT;
    case 3:
      /* cv2's area only averages when it shrinks */
      return shrink ? GST_IM_RESAMPLE_AREA : GST_IM_RESAMPLE_LINEAR_POINT;
    case 6:
      return GST_IM_RESAMPLE_NEAREST;
    default:
      return GST_IM_RESAMPLE_NEAREST_FLOOR;
  }
}

/* each thread's last two resamplers, kept while the geometry repeats */
typedef struct
{
  GstImResampler *r[2];
} Resamplers;

static void
resamplers_free (gpointer data)
{
  Resamplers *rs = data;

  g_clear_pointer (&rs->r[0], gst_im_resampler_free);
  g_clear_pointer (&rs->r[1], gst_im_resampler_free);
  g_free (rs);
}

static GPrivate resamplers_key = G_PRIVATE_INIT (resamplers_free);

static GstImResampler *
resampler (guint i, GstImResampleKernel kernel, guint bpp, guint w, guint h,
    const GstImResampleRect * rect, guint out_w, guint out_h)
{
  Resamplers *rs = g_private_get (&resamplers_key);

  if (rs == NULL) {
    rs = g_new0 (Resamplers, 1);
    g_private_set (&resamplers_key, rs);
  }
  if (rs->r[i] == NULL || !gst_im_resampler_matches (rs->r[i], kernel, bpp,
          w, h, rect, out_w, out_h)) {
    g_clear_pointer (&rs->r[i], gst_im_resampler_free);
    rs->r[i] = gst_im_resampler_new (kernel, bpp, w, h, rect, out_w, out_h);
  }
  return rs->r[i];
}

static void
alpha_rows (guint row_begin, guint row_end, gpointer user_data)
{
  gst_im_aug_copy_alpha (user_data, row_begin, row_end);
}

/* albumentations' downscale: cv2.resize by fx = fy = scale (so the source
 * step is 1 / scale, not w / dw), then back to the input size */
static void
pixels_downscale (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  guint bpp = pass->layout->bpp, w = pass->width, h = pass->height;
  gdouble scale = CLAMP (v[0], 1e-6, 1);
  guint dw = MAX (downscaled (w, scale), 1), dh = MAX (downscaled (h, scale),
      1);
  GstImResampleRect down = { 0, 0, dw / scale, dh / scale }, up = {
  0, 0, dw, dh};
  guint8 *small = gst_im_aug_thread_bytes (2, (gsize) dw * dh * bpp);

  gst_im_resampler_run (resampler (0, resample_kernel (v[1], TRUE), bpp, w, h,
          &down, dw, dh), pass->pool, pass->chunk_rows, pass->src,
      pass->src_stride, small, dw * bpp);
  gst_im_resampler_run (resampler (1, resample_kernel (v[2], FALSE), bpp, dw,
          dh, &up, w, h), pass->pool, pass->chunk_rows, small, dw * bpp,
      pass->dst, pass->dst_stride);
  if (pass->layout->alpha >= 0)
    gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
        alpha_rows, (gpointer) pass);
}

static const GstImAugClass downscale = {
  .name = "Downscale",
  .params = downscale_params,
  .n_params = G_N_ELEMENTS (downscale_params),
  .applied = downscale_applied,
  .n_applied = G_N_ELEMENTS (downscale_applied),
  .upgrade = upgrade_downscale,
  .draw = draw_downscale,
  .pixels = pixels_downscale,
};

const GstImAugClass *const gst_im_aug_filter_classes[] = {
  &blur,
  &median_blur,
  &gaussian_blur,
  &motion_blur,
  &sharpen,
  &emboss,
  &unsharp_mask,
  &downscale,
  NULL
};
