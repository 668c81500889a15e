/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The colour transforms' per-pixel kernels other than the HSV round trip
 * (gstimaughsv.c), each a scalar loop and an AVX2 path (runtime dispatch)
 * that give the same bytes: ColorJitter's brightness/contrast steps,
 * saturation blend and grey mean, ToGray, a fixed-point colour matrix
 * (ToSepia), and channel moves (ChannelShuffle, ChannelDropout). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "gstimaugcolouravx2-private.h"

#ifdef COLOUR_X86
/* the saturation blend: c * alpha fused with the float grey * beta,
 * rounded half to even */
AVX2 static guint
saturation_row_avx2 (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const GstImAugPre * pre, gfloat alpha,
    gfloat beta)
{
  __m256 va = _mm256_set1_ps (alpha), vb = _mm256_set1_ps (beta);
  __m256i raw, rgb[3];
  guint i, bpp = l->bpp;
  Px8 p;
  PreV pv;

  px8_init (&p, l, n);
  prev_init (&pv, pre);
  for (i = 0; i + 8 <= p.end; i += 8) {
    raw = px8_load (&p, src + (gsize) i * bpp, rgb);
    if (pv.n)
      px8_pre (&pv, rgb);
    px8_blend (rgb, va, vb);
    px8_store (&p, dst + (gsize) i * bpp, raw, rgb);
  }
  return i;
}

/* the grey sum of 8 pixels a step; *done: the pixels summed */
AVX2 static guint64
grey_sum_avx2 (const guint8 * src, guint n, const GstImAugLayout * l,
    const GstImAugPre * pre, guint * done)
{
  __m256i acc = _mm256_setzero_si256 (), rgb[3];
  guint32 lanes[8];
  guint64 sum = 0;
  guint i, k;
  Px8 p;
  PreV pv;

  px8_init (&p, l, n);
  prev_init (&pv, pre);
  for (i = 0; i + 8 <= p.end; i += 8) {
    px8_load (&p, src + (gsize) i * l->bpp, rgb);
    if (pv.n)
      px8_pre (&pv, rgb);
    /* a lane holds at most 255 x (2^24 / 8) before it overflows: rows
     * are far shorter */
    acc = _mm256_add_epi32 (acc, px8_grey (rgb));
  }
  _mm256_storeu_si256 ((__m256i *) lanes, acc);
  for (k = 0; k < 8; k++)
    sum += lanes[k];
  *done = i;
  return sum;
}

/* ToGray's methods (GstImAugGreyMethod), the grey in every channel */
AVX2 static guint
grey_row_avx2 (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, GstImAugGreyMethod method)
{
  __m256i raw, rgb[3], y, mx, mn;
  guint i, bpp = l->bpp;
  Px8 p;

  px8_init (&p, l, n);
  if (method == GST_IM_AUG_GREY_WEIGHTED) {
    for (i = 0; i + 8 <= p.end; i += 8) {
      raw = px8_load_raw (&p, src + (gsize) i * bpp);
      px8_store_grey (&p, dst + (gsize) i * bpp, raw, px8_grey_raw (&p,
              raw));
    }
    return i;
  }
  for (i = 0; i + 8 <= p.end; i += 8) {
    raw = px8_load (&p, src + (gsize) i * bpp, rgb);
    mx = _mm256_max_epi32 (rgb[0], _mm256_max_epi32 (rgb[1], rgb[2]));
    mn = _mm256_min_epi32 (rgb[0], _mm256_min_epi32 (rgb[1], rgb[2]));
    switch (method) {
      case GST_IM_AUG_GREY_WEIGHTED:
        y = px8_grey (rgb);
        break;
      case GST_IM_AUG_GREY_DESATURATION:
        y = _mm256_srli_epi32 (_mm256_add_epi32 (mx, mn), 1);
        break;
      case GST_IM_AUG_GREY_AVERAGE:
        /* (r + g + b) / 3 = ((r + g + b) * 43691) >> 17 below 2^17 / 2 */
        y = _mm256_add_epi32 (_mm256_add_epi32 (rgb[0], rgb[1]), rgb[2]);
        y = _mm256_srli_epi32 (_mm256_mullo_epi32 (y,
                _mm256_set1_epi32 (43691)), 17);
        break;
      default:
        y = mx;
    }
    px8_store_grey (&p, dst + (gsize) i * bpp, raw, y);
  }
  return i;
}

/* a 3 x 3 integer matrix (|m| < 2^15, shift <= 15), + round, >> shift,
 * saturated */
AVX2 static guint
matrix_row_avx2 (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const gint m[3][3], guint shift)
{
  __m256i raw, rgb[3], rg, b1, k_rg[3], k_b1[3];
  __m256i zero = _mm256_setzero_si256 (), k255 = _mm256_set1_epi32 (255);
  __m128i sh = _mm_cvtsi32_si128 (shift);
  guint i, c, bpp = l->bpp;
  Px8 p;

  px8_init (&p, l, n);
  for (c = 0; c < 3; c++) {
    k_rg[c] = _mm256_set1_epi32 ((m[c][0] & 0xffff) | (m[c][1] << 16));
    k_b1[c] = _mm256_set1_epi32 ((m[c][2] & 0xffff) | (1 << (shift - 1) <<
            16));
  }
#define MATRIX_CHANNEL(c) \
  _mm256_min_epi32 (_mm256_max_epi32 (_mm256_sra_epi32 (_mm256_add_epi32 ( \
                  _mm256_madd_epi16 (rg, k_rg[c]), _mm256_madd_epi16 (b1, \
                      k_b1[c])), sh), zero), k255)
  for (i = 0; i + 8 <= p.end; i += 8) {
    raw = px8_load_raw (&p, src + (gsize) i * bpp);
    rg = _mm256_shuffle_epi8 (raw, p.rg);
    b1 = _mm256_or_si256 (_mm256_shuffle_epi8 (raw, p.b1),
        _mm256_set1_epi32 (1 << 16));
    rgb[0] = MATRIX_CHANNEL (0);
    rgb[1] = MATRIX_CHANNEL (1);
    rgb[2] = MATRIX_CHANNEL (2);
    px8_store (&p, dst + (gsize) i * bpp, raw, rgb);
  }
#undef MATRIX_CHANNEL
  return i;
}

/* out_c = fill[c] (>= 0) or in[from[c]]: one byte shuffle into pixel
 * dwords, the fills or-ed in */
AVX2 static guint
channel_map_row_avx2 (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const guint from[3], const gint fill[3])
{
  guint8 mask[32];
  guint32 fills = 0;
  __m256i raw, shuffle, fill_v;
  guint i, c, k, bpp = l->bpp;
  Px8 p;

  px8_init (&p, l, n);
  memset (mask, 0x80, sizeof (mask));
  for (c = 0; c < 3; c++) {
    if (fill[c] >= 0)
      fills |= (guint32) fill[c] << (8 * l->rgb[c]);
    else
      for (k = 0; k < 8; k++)
        mask[k / 4 * 16 + k % 4 * 4 + l->rgb[c]] = k % 4 * bpp +
            l->rgb[from[c]];
  }
  shuffle = _mm256_loadu_si256 ((const __m256i *) mask);
  fill_v = _mm256_set1_epi32 (fills);
  for (i = 0; i + 8 <= p.end; i += 8) {
    raw = px8_load_raw (&p, src + (gsize) i * bpp);
    px8_store_dwords (&p, dst + (gsize) i * bpp, raw,
        _mm256_or_si256 (_mm256_shuffle_epi8 (raw, shuffle), fill_v));
  }
  return i;
}

/* brightness and contrast steps alone */
AVX2 static guint
pre_row_avx2 (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const GstImAugPre * pre)
{
  __m256i raw, rgb[3];
  guint i, bpp = l->bpp;
  Px8 p;
  PreV pv;

  px8_init (&p, l, n);
  prev_init (&pv, pre);
  for (i = 0; i + 8 <= p.end; i += 8) {
    raw = px8_load (&p, src + (gsize) i * bpp, rgb);
    px8_pre (&pv, rgb);
    px8_store (&p, dst + (gsize) i * bpp, raw, rgb);
  }
  return i;
}
#endif

/* ColorJitter's saturation, cv::addWeighted (img, factor, grey, 1 - factor,
 * 0) on 8 bits: each channel times alpha fused with the float grey times
 * beta, rounded half to even, as OpenCV's vector path (FMA build) */
void
gst_im_aug_saturation_row (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const GstImAugPre * pre, gdouble factor)
{
  guint bpp = l->bpp, i = 0, c;
  gint rgb[3];
  gfloat alpha = factor, beta = 1.0 - factor;

#ifdef COLOUR_X86
  if (gst_im_aug_colour_avx2 ())
    i = saturation_row_avx2 (src, dst, n, l, pre, alpha, beta);
#endif
  for (; i < n; i++) {
    for (c = 0; c < 3; c++) {
      rgb[c] = src[(gsize) i * bpp + l->rgb[c]];
      if (pre)
        rgb[c] = gst_im_aug_pre_apply (pre, rgb[c]);
    }
    gst_im_aug_blend (rgb, alpha, beta);
    for (c = 0; c < 3; c++)
      dst[(gsize) i * bpp + l->rgb[c]] = rgb[c];
  }
}

/* the sum of the grey (cv2 RGB2GRAY) of @n pixels through @pre */
guint64
gst_im_aug_grey_sum_row (const guint8 * src, guint n,
    const GstImAugLayout * l, const GstImAugPre * pre)
{
  guint64 sum = 0;
  guint bpp = l->bpp, i = 0, c, rgb[3], hist[256];

  if (l->n_colour == 1) {
    /* one channel: count the values, then take @pre once per value */
    memset (hist, 0, sizeof (hist));
    for (i = 0; i < n; i++)
      hist[src[(gsize) i * bpp + l->rgb[0]]]++;
    for (c = 0; c < 256; c++)
      if (hist[c])
        sum += (guint64) hist[c] * (pre ? gst_im_aug_pre_apply (pre, c) : c);
    return sum;
  }
#ifdef COLOUR_X86
  if (bpp >= 3 && gst_im_aug_colour_avx2 ())
    sum = grey_sum_avx2 (src, n, l, pre, &i);
#endif
  for (; i < n; i++) {
    for (c = 0; c < l->n_colour; c++) {
      rgb[c] = src[(gsize) i * bpp + l->rgb[c]];
      if (pre)
        rgb[c] = gst_im_aug_pre_apply (pre, rgb[c]);
    }
    sum += l->n_colour == 1 ? rgb[0] : gst_im_aug_grey (rgb[0], rgb[1],
        rgb[2]);
  }
  return sum;
}

/* ToGray: the grey by @method in every colour channel */
void
gst_im_aug_grey_row (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, GstImAugGreyMethod method)
{
  guint bpp = l->bpp, i = 0, r, g, b, y;

#ifdef COLOUR_X86
  if (gst_im_aug_colour_avx2 ())
    i = grey_row_avx2 (src, dst, n, l, method);
#endif
  for (; i < n; i++) {
    r = src[(gsize) i * bpp + l->rgb[0]];
    g = src[(gsize) i * bpp + l->rgb[1]];
    b = src[(gsize) i * bpp + l->rgb[2]];
    switch (method) {
      case GST_IM_AUG_GREY_WEIGHTED:
        y = gst_im_aug_grey (r, g, b);
        break;
      case GST_IM_AUG_GREY_DESATURATION:
        /* (max + min) / 2 in float32, truncated */
        y = (MAX (r, MAX (g, b)) + MIN (r, MIN (g, b))) / 2;
        break;
      case GST_IM_AUG_GREY_AVERAGE:
        /* the float64 mean, truncated */
        y = (r + g + b) / 3;
        break;
      default:
        y = MAX (r, MAX (g, b));
    }
    dst[(gsize) i * bpp + l->rgb[0]] = y;
    dst[(gsize) i * bpp + l->rgb[1]] = y;
    dst[(gsize) i * bpp + l->rgb[2]] = y;
  }
}

/* out_c = (sum_k m[c][k] in_k + 2^(shift - 1)) >> shift, saturated; in
 * and out in RGB order */
void
gst_im_aug_matrix_row (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const gint m[3][3], guint shift)
{
  guint bpp = l->bpp, i = 0, c;
  gint r, g, b, y;

#ifdef COLOUR_X86
  if (gst_im_aug_colour_avx2 ())
    i = matrix_row_avx2 (src, dst, n, l, m, shift);
#endif
  for (; i < n; i++) {
    r = src[(gsize) i * bpp + l->rgb[0]];
    g = src[(gsize) i * bpp + l->rgb[1]];
    b = src[(gsize) i * bpp + l->rgb[2]];
    for (c = 0; c < 3; c++) {
      y = (m[c][0] * r + m[c][1] * g + m[c][2] * b + (1 << (shift - 1)))
          >> shift;
      dst[(gsize) i * bpp + l->rgb[c]] = CLAMP (y, 0, 255);
    }
  }
}

/* ChannelShuffle and ChannelDropout: out_c = fill[c] where it is >= 0,
 * else in[from[c]] (channels in RGB order) */
void
gst_im_aug_channel_map_row (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const guint from[3], const gint fill[3])
{
  guint bpp = l->bpp, i = 0, c;

#ifdef COLOUR_X86
  if (gst_im_aug_colour_avx2 ())
    i = channel_map_row_avx2 (src, dst, n, l, from, fill);
#endif
  for (; i < n; i++)
    for (c = 0; c < 3; c++)
      dst[(gsize) i * bpp + l->rgb[c]] = fill[c] >= 0 ? fill[c] :
          src[(gsize) i * bpp + l->rgb[from[c]]];
}

/* ColorJitter's trailing brightness and contrast: @pre on each colour
 * channel; @table: the same as a table per value (the scalar loop's) */
void
gst_im_aug_pre_row (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const GstImAugPre * pre, const guint8 * table)
{
  guint bpp = l->bpp, i = 0, c;
  gsize o;

#ifdef COLOUR_X86
  if (bpp >= 3 && gst_im_aug_colour_avx2 ())
    i = pre_row_avx2 (src, dst, n, l, pre);
#endif
  for (; i < n; i++)
    for (c = 0; c < l->n_colour; c++) {
      o = (gsize) i * bpp + l->rgb[c];
      dst[o] = table[src[o]];
    }
}
