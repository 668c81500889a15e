/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The convolution and median machinery of the filter transforms. */
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

G_END_DECLS

#endif /* __GST_IM_AUG_FILTER_PRIVATE_H__ */
