/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The sharpening filters: Sharpen and Emboss (3 x 3 kernels blended with
 * the identity; Sharpen's gaussian method as albumentations computes it on
 * bytes) and UnsharpMask (albumentations' float32 unsharp_mask). Each
 * draws its parameters as albumentations does and records them. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#ifdef __SSE2__
#include <immintrin.h>
#endif
#include "gstimaugfilter-private.h"

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
  step->v[0] = gst_im_aug_draw_range (key, GST_IM_AUG_BLOCK_ALPHA, p);
  step->v[2] = p[4];
  if (p[4] == 0)
    step->v[1] = gst_im_aug_draw_range (key, GST_IM_AUG_BLOCK_OTHER, p + 2);
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
    gst_im_aug_cv_gaussian_blur (pass, gst_im_aug_taps (v[3]), v[4]);
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

const GstImAugClass gst_im_aug_sharpen = {
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
  step->v[0] = gst_im_aug_draw_range (key, GST_IM_AUG_BLOCK_ALPHA, p);
  step->v[1] = gst_im_aug_draw_range (key, GST_IM_AUG_BLOCK_OTHER, p + 2);
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

const GstImAugClass gst_im_aug_emboss = {
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
  GST_IM_AUG_SPEC_BLUR_LIMIT ("[3, 7]", NULL),
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
  /* randrange (lo, hi + 1, 2) over the limits made odd: the blurs' draw */
  step->v[0] = gst_im_aug_draw_odd (key, p);
  step->v[1] = gst_im_aug_draw_range (key, GST_IM_AUG_BLOCK_SIGMA, p + 2);
  step->v[2] = gst_im_aug_draw_range (key, GST_IM_AUG_BLOCK_ALPHA, p + 4);
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
  job.k.n = gst_im_aug_taps (v[0]);
  gst_im_aug_cv_gaussian (job.k.n, v[1], d);
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

const GstImAugClass gst_im_aug_unsharp_mask = {
  .name = "UnsharpMask",
  .params = unsharp_params,
  .n_params = G_N_ELEMENTS (unsharp_params),
  .applied = unsharp_applied,
  .n_applied = G_N_ELEMENTS (unsharp_applied),
  .draw = draw_unsharp,
  .pixels = pixels_unsharp,
};

