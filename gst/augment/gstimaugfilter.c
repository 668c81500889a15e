/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The blur transforms (Blur, MedianBlur, GaussianBlur, MotionBlur), what
 * the filter transforms share (kernel sizes drawn as albumentations draws
 * them, cv2.GaussianBlur's kernel), and the family's table. Each transform
 * draws its kernel's parameters as albumentations does (2.x or 1.4, which
 * differ for GaussianBlur and MotionBlur) and records them, so a replay
 * rebuilds the same kernel. Sharpen, Emboss and UnsharpMask are in
 * gstimaugsharpen.c, Downscale in gstimaugdownscale.c; the convolutions in
 * gstimaugconvolve.c, gstimaugseparable.c and gstimaugfilter2d.c, the
 * median in gstimaugmedian.c. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaugfilter-private.h"

/* An odd size from [lo, hi] as albumentations' process_blur_limit and
 * sample_odd_from_range make it: both ends at least 3 and odd (even ones
 * go up), a reversed range collapsed to its top, then one of the odd sizes
 * in between, each as likely. */
guint
gst_im_aug_draw_odd (const GstImDrawKey * key, const gdouble * range)
{
  gint lo = MAX ((gint) range[0], 3), hi = MAX ((gint) range[1], 3);

  lo |= 1;
  hi |= 1;
  if (lo > hi)
    lo = hi;
  if (lo == hi)
    return lo;
  return lo + 2 * gst_im_draw_int (key, GST_IM_AUG_BLOCK_KSIZE, 0,
      (hi - lo) / 2);
}

/* ---- Blur, MedianBlur ---- */

static const GstImAugParamSpec blur_params[] = {
  GST_IM_AUG_SPEC_BLUR_LIMIT ("[3, 7]", NULL),
};

static const GstImAugApplied ksize_applied[] = {
  {"ksize", 1},
};

static void
draw_ksize (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_odd (key, p);
}

static void
pixels_blur (const GstImAugPixels * pass)
{
  GstImAugSepKernel k;
  guint i;

  k.n = gst_im_aug_taps (pass->step->v[0]);
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
  gst_im_aug_median (pass, gst_im_aug_taps (pass->step->v[0]));
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
void
gst_im_aug_cv_gaussian (guint n, gdouble sigma, gdouble * d)
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

  gst_im_aug_cv_gaussian (n, sigma, d);
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
void
gst_im_aug_cv_gaussian_blur (const GstImAugPixels * pass, guint n,
    gdouble sigma)
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
  GST_IM_AUG_SPEC_BLUR_LIMIT ("0", "[3, 7]"),
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
  gdouble sigma = gst_im_aug_draw_range (key, GST_IM_AUG_BLOCK_SIGMA, p + 2);
  gint ksize;

  if (step->v1_4) {
    /* a range starting at 0 for both becomes [3, max (3, hi)] */
    gdouble limit[2] = { p[0] == 0 && p[2] == 0 ? 3 : p[0], p[1] };

    step->v[0] = gst_im_aug_draw_odd (key, limit);
    step->v[1] = sigma;
    step->v[2] = 1;
    return;
  }
  ksize = p[0] == p[1] ? (gint) p[0] :
      gst_im_draw_int (key, GST_IM_AUG_BLOCK_KSIZE, p[0], p[1]);
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
    gst_im_aug_cv_gaussian_blur (pass, gst_im_aug_taps (v[0]), v[1]);
    return;
  }
  k.n = gst_im_aug_taps (v[0]);
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
  GST_IM_AUG_SPEC_BLUR_LIMIT ("[3, 7]", "7"),
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
  step->v[0] = gst_im_aug_draw_odd (key, p);
  step->v[1] = gst_im_aug_draw_range (key, GST_IM_AUG_BLOCK_OTHER, p + 3);
  step->v[2] = gst_im_aug_draw_range (key, GST_IM_AUG_BLOCK_DIRECTION, p + 5);
  step->v[3] = step->v[4] = 0;
  if (p[2] != 0) {
    step->v[3] = gst_im_draw_uniform (key, GST_IM_AUG_BLOCK_SHIFT_X, -1, 1);
    step->v[4] = gst_im_draw_uniform (key, GST_IM_AUG_BLOCK_SHIFT_Y, -1, 1);
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
  guint n = gst_im_aug_taps (pass->step->v[0]);
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

const GstImAugClass *const gst_im_aug_filter_classes[] = {
  &blur,
  &median_blur,
  &gaussian_blur,
  &motion_blur,
  &gst_im_aug_sharpen,
  &gst_im_aug_emboss,
  &gst_im_aug_unsharp_mask,
  &gst_im_aug_downscale,
  NULL
};
