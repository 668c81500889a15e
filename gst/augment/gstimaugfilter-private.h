/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* What the filter transforms' files share: the convolution and median
 * machinery, and the draws, kernels and classes of the transforms. */
#ifndef __GST_IM_AUG_FILTER_PRIVATE_H__
#define __GST_IM_AUG_FILTER_PRIVATE_H__

#include "gstimaug-private.h"

G_BEGIN_DECLS

/* the widest kernel the filters take (taps per axis) */
#define GST_IM_AUG_MAX_TAPS 99

/* How the column sum S of a separable pass becomes a byte. */
typedef enum
{
  GST_IM_AUG_SEP_FIXED16,       /* integer taps summing to 2^8 per axis:
                                 * (S + 2^15) >> 16 (cv2.GaussianBlur's
                                 * bit-exact path) */
  GST_IM_AUG_SEP_BOX,           /* taps 1: (S + d / 2) / d, d = divisor
                                 * (cv2.blur) */
  GST_IM_AUG_SEP_FLOAT,         /* float taps, float sums: round half to
                                 * even (cv2.sepFilter2D) */
} GstImAugSepRound;

typedef struct
{
  guint n;                      /* taps, odd */
  gfloat kx[GST_IM_AUG_MAX_TAPS], ky[GST_IM_AUG_MAX_TAPS];
  GstImAugSepRound round;
  guint divisor;                /* BOX */
} GstImAugSepKernel;

/* A separable filter from pass->src to pass->dst, BORDER_REFLECT_101,
 * then the rounding of @k: integer kinds exactly; float taps as
 * cv2.sepFilter2D sums them (rows tap by tap, fused; columns of a
 * symmetric kernel from the centre out in fused pairs). */
G_GNUC_INTERNAL void gst_im_aug_separable (const GstImAugPixels * pass,
    const GstImAugSepKernel * k);

/* The same sums (rows first, for any kind) for rows [y0, y1) of an image
 * of width x height pixels of bpp bytes, handing each row's column sums
 * (before rounding) to @emit. */
typedef void (*GstImAugSepEmit) (guint y, const gfloat * sums,
    gpointer user_data);
G_GNUC_INTERNAL void gst_im_aug_separable_rows (const GstImAugSepKernel * k,
    const guint8 * src, gint stride, guint width, guint height, guint bpp,
    guint y0, guint y1, GstImAugSepEmit emit, gpointer user_data);

/* A 2-D kernel of n x n taps as cv2.filter2D applies it to bytes: the
 * non-zero taps in row-major order, each multiplied and added in one
 * fused float32 step, then rounded half to even and saturated. */
typedef struct
{
  guint n;
  guint n_taps;
  guint8 dy[GST_IM_AUG_MAX_TAPS * 4], dx[GST_IM_AUG_MAX_TAPS * 4];
  gfloat k[GST_IM_AUG_MAX_TAPS * 4];
} GstImAugKernel2D;

G_GNUC_INTERNAL void gst_im_aug_kernel2d_init (GstImAugKernel2D * k, guint n,
    const gfloat * taps);
G_GNUC_INTERNAL void gst_im_aug_filter2d (const GstImAugPixels * pass,
    const GstImAugKernel2D * k);

/* The median of each ksize x ksize window, edges replicated
 * (cv2.medianBlur). */
G_GNUC_INTERNAL void gst_im_aug_median (const GstImAugPixels * pass,
    guint ksize);

G_GNUC_INTERNAL gboolean gst_im_aug_filter_avx2 (void);

/* the index OpenCV's BORDER_REFLECT_101 reads for @i on an axis of @n */
static inline gint
gst_im_aug_reflect101 (gint i, gint n)
{
  if (n == 1)
    return 0;
  while (i < 0 || i >= n)
    i = i < 0 ? -i : 2 * (n - 1) - i;
  return i;
}

/* The r pixels BORDER_REFLECT_101 puts on each side of a row of w pixels
 * of bpp samples: p[-x] and p[w - 1 + x] (in pixels) taken from the row
 * @s, which may be @p itself; samples of any type. */
#define GST_IM_AUG_REFLECT_HALO(p, s, w, bpp, r) \
  G_STMT_START { \
    gint x_; \
    guint c_; \
    \
    for (x_ = 1; x_ <= (gint) (r); x_++) \
      for (c_ = 0; c_ < (bpp); c_++) { \
        (p)[-x_ * (gint) (bpp) + (gint) c_] = \
            (s)[gst_im_aug_reflect101 (-x_, (w)) * (bpp) + c_]; \
        (p)[((w) - 1 + x_) * (bpp) + c_] = \
            (s)[gst_im_aug_reflect101 ((w) - 1 + x_, (w)) * (bpp) + c_]; \
      } \
  } G_STMT_END

/* The convolutions' rows and sums (gstimaugconvolve.c) */

/* floats of one filtered row: whole vectors and a vector of slack */
static inline gsize
gst_im_aug_row_floats (guint ns)
{
  return ((gsize) ns + 63) / 64 * 64 + 64;
}

/* @n bytes of @s as floats into @p */
G_GNUC_INTERNAL void gst_im_aug_bytes_to_floats (const guint8 * s, guint n,
    gfloat * p);

/* out[s] = the sum over taps i < n of k[i] * in[i][s], for s < ns (and
 * past it, up to a whole vector: rows have slack) */
typedef void (*GstImAugSumFunc) (const gfloat * const *in, const gfloat * k,
    guint n, gfloat * out, guint ns);

/* The sums tap by tap; @exact: integer taps and sums below 2^24 */
G_GNUC_INTERNAL GstImAugSumFunc gst_im_aug_sum_func (gboolean exact);

/* @ns sums rounded to bytes as @round says */
G_GNUC_INTERNAL void gst_im_aug_round_row (const gfloat * sums, guint ns,
    GstImAugSepRound round, guint divisor, guint8 * dst);

#ifdef __SSE2__
/* The taps of @ns samples summed and rounded straight to bytes (AVX2 +
 * FMA): @fused, the taps in order, each step fused; else a symmetric
 * kernel from the centre out in fused pairs (float rounding only) */
G_GNUC_INTERNAL __attribute__ ((target ("avx2,fma")))
void gst_im_aug_taps_bytes_avx2 (const gfloat * const *in, const gfloat * k,
    guint n, guint8 * dst, guint ns, gboolean fused, GstImAugSepRound round,
    guint divisor);
#endif

/* The filter transforms (gstimaugfilter.c, gstimaugsharpen.c,
 * gstimaugdownscale.c) */

/* their draw blocks */
typedef enum
{
  GST_IM_AUG_BLOCK_KSIZE = 1,
  GST_IM_AUG_BLOCK_SIGMA,
  GST_IM_AUG_BLOCK_ALPHA,
  GST_IM_AUG_BLOCK_OTHER,       /* lightness, strength, angle */
  GST_IM_AUG_BLOCK_DIRECTION,
  GST_IM_AUG_BLOCK_SHIFT_X,
  GST_IM_AUG_BLOCK_SHIFT_Y,
} GstImAugFilterBlock;

#define GST_IM_AUG_SPEC_BLUR_LIMIT(d2, d14) \
  { .name = "blur_limit", .type = GST_IM_AUG_INT_RANGE, .def = d2, \
    .def_1_4 = d14, .min = 0, .max = GST_IM_AUG_MAX_TAPS, \
    .expand = GST_IM_AUG_EXPAND_FROM_ZERO }

/* a replayed kernel size, kept odd and within the machinery's reach */
static inline guint
gst_im_aug_taps (gdouble v)
{
  return (guint) CLAMP (v, 1, GST_IM_AUG_MAX_TAPS) | 1;
}

/* an odd kernel size from the range @range as albumentations draws it */
G_GNUC_INTERNAL guint gst_im_aug_draw_odd (const GstImDrawKey * key,
    const gdouble * range);

/* cv2.GaussianBlur's kernel of @n taps (in double), and cv2.GaussianBlur
 * on bytes, bit-exact */
G_GNUC_INTERNAL void gst_im_aug_cv_gaussian (guint n, gdouble sigma,
    gdouble * d);
G_GNUC_INTERNAL void gst_im_aug_cv_gaussian_blur (const GstImAugPixels * pass,
    guint n, gdouble sigma);

/* gstimaugsharpen.c, gstimaugdownscale.c */
extern G_GNUC_INTERNAL const GstImAugClass gst_im_aug_sharpen,
    gst_im_aug_emboss, gst_im_aug_unsharp_mask, gst_im_aug_downscale;

G_END_DECLS

#endif /* __GST_IM_AUG_FILTER_PRIVATE_H__ */
