/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The per-row kernels of the colour transforms (gstimaughsv.c,
 * gstimaugcolourrows.c). */
#ifndef __GST_IM_AUG_COLOUR_PRIVATE_H__
#define __GST_IM_AUG_COLOUR_PRIVATE_H__

#include <math.h>
#include "gstimaug-private.h"

G_BEGIN_DECLS

/* The tables applied to H (0..179), S and V between OpenCV's 8-bit
 * RGB2HSV and HSV2RGB (32-bit entries: the vector path gathers them). */
typedef struct
{
  gint32 hue[256], sat[256], val[256];
  /* the tables are H + hue_turn mod 180 and saturated additions (S = 0
   * kept with keep_grey): the vector path computes them */
  gboolean simple;
  gint hue_turn, sat_add, val_add;
  gboolean keep_grey;
  /* ColorJitter's saturation blend (alpha, beta) before or after the round
   * trip, in the same pass */
  gboolean blend_first, blend_last;
  gfloat blend_alpha, blend_beta;
} GstImAugHsvLuts;

/* Brightness and contrast before a channel-mixing step, as albucore's
 * uint8 tables compute them: per step x = trunc (clip (x * f + a, 0, 255))
 * in float32, the product and the sum rounded each */
typedef struct
{
  guint n;
  gfloat f[4], a[4];            /* four: a replayed plan may repeat one */
} GstImAugPre;

static inline guint
gst_im_aug_pre_apply (const GstImAugPre * pre, guint v)
{
  gfloat x = v;
  guint k;

  for (k = 0; k < pre->n; k++) {
    x = x * pre->f[k];
    x = x + pre->a[k];
    x = x <= 0 ? 0 : x >= 255 ? 255 : truncf (x);
  }
  return x;
}

/* ToGray's methods, in albumentations' order */
typedef enum
{
  GST_IM_AUG_GREY_WEIGHTED,
  GST_IM_AUG_GREY_FROM_LAB,
  GST_IM_AUG_GREY_DESATURATION,
  GST_IM_AUG_GREY_AVERAGE,
  GST_IM_AUG_GREY_MAX,
  GST_IM_AUG_GREY_PCA,
} GstImAugGreyMethod;

/* cv::cvtColor (RGB2GRAY) on 8 bits: 15-bit fixed point */
static inline guint
gst_im_aug_grey (guint r, guint g, guint b)
{
  return (9798 * r + 19235 * g + 3735 * b + 16384) >> 15;
}

/* ColorJitter's saturation on one pixel: cv::addWeighted (c, alpha, grey,
 * beta, 0), c * alpha fused with the float grey * beta, rounded half to
 * even, saturated */
static inline void
gst_im_aug_blend (gint * c, gfloat alpha, gfloat beta)
{
  gfloat gb = (gfloat) gst_im_aug_grey (c[0], c[1], c[2]) * beta, x;
  guint k;

  for (k = 0; k < 3; k++) {
    x = rintf (fmaf ((gfloat) c[k], alpha, gb));
    c[k] = x <= 0 ? 0 : x >= 255 ? 255 : (gint) x;
  }
}

G_GNUC_INTERNAL void gst_im_aug_colour_select (void);

/* A row of the pass mapped from @src to @dst (colour bytes; alpha is the
 * caller's) */
typedef void (*GstImAugRowFunc) (const GstImAugPixels * pass,
    gconstpointer data, const guint8 * src, guint8 * dst);

/* Every row of the pass through @func on the workers (in place: dst holds
 * the input already), alpha copied unless @func is the copy */
G_GNUC_INTERNAL void gst_im_aug_colour_rows (const GstImAugPixels * pass,
    GstImAugRowFunc func, gconstpointer data, gboolean in_place);

/* the row function that writes every byte of a pixel, alpha included */
G_GNUC_INTERNAL void gst_im_aug_colour_copy_row (const GstImAugPixels *
    pass, gconstpointer data, const guint8 * src, guint8 * dst);

/* a random permutation of 0..n-1 (Fisher-Yates) from blocks @first.. */
G_GNUC_INTERNAL void gst_im_aug_draw_permutation (const GstImDrawKey * key,
    guint first, guint n, guint * out);

extern G_GNUC_INTERNAL const GstImAugClass gst_im_aug_to_gray,
    gst_im_aug_to_sepia, gst_im_aug_channel_shuffle,
    gst_im_aug_channel_dropout;
G_GNUC_INTERNAL void gst_im_aug_hsv_luts_init (GstImAugHsvLuts * luts,
    gdouble hue_shift, gdouble sat_shift, gdouble val_shift,
    gboolean keep_grey);
G_GNUC_INTERNAL guint8 gst_im_aug_hsv_value (guint v);
G_GNUC_INTERNAL void gst_im_aug_hsv_row (const guint8 * src, guint8 * dst,
    guint n, const GstImAugLayout * l, const GstImAugPre * pre,
    const GstImAugHsvLuts * luts);
G_GNUC_INTERNAL void gst_im_aug_saturation_row (const guint8 * src,
    guint8 * dst, guint n, const GstImAugLayout * l,
    const GstImAugPre * pre, gdouble factor);
G_GNUC_INTERNAL guint64 gst_im_aug_grey_sum_row (const guint8 * src,
    guint n, const GstImAugLayout * l, const GstImAugPre * pre);
G_GNUC_INTERNAL void gst_im_aug_grey_row (const guint8 * src, guint8 * dst,
    guint n, const GstImAugLayout * l, GstImAugGreyMethod method);
G_GNUC_INTERNAL void gst_im_aug_matrix_row (const guint8 * src,
    guint8 * dst, guint n, const GstImAugLayout * l, const gint m[3][3],
    guint shift);
G_GNUC_INTERNAL void gst_im_aug_channel_map_row (const guint8 * src,
    guint8 * dst, guint n, const GstImAugLayout * l, const guint from[3],
    const gint fill[3]);
G_GNUC_INTERNAL void gst_im_aug_pre_row (const guint8 * src, guint8 * dst,
    guint n, const GstImAugLayout * l, const GstImAugPre * pre,
    const guint8 * table);

G_END_DECLS

#endif /* __GST_IM_AUG_COLOUR_PRIVATE_H__ */
