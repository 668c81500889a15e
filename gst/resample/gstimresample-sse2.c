/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The SSE2 passes of GstImResampler (every x86-64 has SSE2). pmaddwd
 * multiplies pairs of int16 and adds each pair into an int32, exactly: the
 * results are those of the portable passes in gstimresample.c, bit for bit.
 * Elsewhere this file is empty. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "resample/gstimresample-private.h"

#ifdef HAVE_SSE2_PASSES
#include <emmintrin.h>

/* The weight layouts of the passes below: the vertical weights in pairs,
 * the horizontal ones spread over the interleaved channels. */
void
gst_im_resample_sse2_tables (GstImResampler * r)
{
  const guint C = r->n_channels, v_pairs = (r->v.n_taps + 1) / 2;
  guint x, y, k, c;

  r->v_pairs = g_new0 (gint32, (gsize) r->dst_height * v_pairs);
  for (y = 0; y < r->dst_height; y++) {
    const gint16 *w = r->v.weights + (gsize) y * r->v.n_taps;

    for (k = 0; k < r->v.n_taps; k += 2) {
      guint16 w0 = (guint16) w[k];
      guint16 w1 = k + 1 < r->v.n_taps ? (guint16) w[k + 1] : 0;

      r->v_pairs[(gsize) y * v_pairs + k / 2] =
          (gint32) (w0 | ((guint32) w1 << 16));
    }
  }

  if (C > 1 && r->h.n_taps <= 2) {
    /* per pixel the pair of weights once for each channel, for the
     * taps of one channel side by side (horizontal_pairs_sse2 ()) */
    r->hw = g_new0 (gint16, (gsize) r->dst_width * 8);
    for (x = 0; x < r->dst_width; x++)
      for (c = 0; c < C; c++)
        for (k = 0; k < r->h.n_taps; k++)
          r->hw[(gsize) x * 8 + 2 * c + k] =
              r->h.weights[(gsize) x * r->h.n_taps + k];
    return;
  }
  r->hw = g_new0 (gint16, (gsize) r->dst_width * C * r->hw_len);
  for (x = 0; x < r->dst_width; x++)
    for (c = 0; c < C; c++)
      for (k = 0; k < r->h.n_taps; k++)
        r->hw[((gsize) x * C + c) * r->hw_len + k * C + c] =
            r->h.weights[(gsize) x * r->h.n_taps + k];
}

/* Vertical: two taps per pmaddwd, the bytes of rows k and k + 1 side by
 * side; 16 samples per step. */
void
gst_im_resample_vertical_sse2 (const guint8 * src, gssize stride,
    const gint32 * pairs, const gint16 * w, guint n_taps, gint16 * mid,
    guint n)
{
  const __m128i zero = _mm_setzero_si128 ();
  const __m128i round = _mm_set1_epi32 (1 << (V_SHIFT - 1));
  guint i = 0, k;

  for (; i + 16 <= n; i += 16) {
    __m128i acc0 = round, acc1 = round, acc2 = round, acc3 = round;

    for (k = 0; k < n_taps; k += 2) {
      const guint8 *row = src + (gssize) k * stride + i;
      __m128i a = _mm_loadu_si128 ((const __m128i *) row);
      /* an odd last tap is paired with itself, at weight 0 */
      __m128i b = k + 1 < n_taps ?
          _mm_loadu_si128 ((const __m128i *) (row + stride)) : a;
      __m128i wp = _mm_set1_epi32 (pairs[k / 2]);
      __m128i lo = _mm_unpacklo_epi8 (a, b), hi = _mm_unpackhi_epi8 (a, b);

      acc0 = _mm_add_epi32 (acc0,
          _mm_madd_epi16 (_mm_unpacklo_epi8 (lo, zero), wp));
      acc1 = _mm_add_epi32 (acc1,
          _mm_madd_epi16 (_mm_unpackhi_epi8 (lo, zero), wp));
      acc2 = _mm_add_epi32 (acc2,
          _mm_madd_epi16 (_mm_unpacklo_epi8 (hi, zero), wp));
      acc3 = _mm_add_epi32 (acc3,
          _mm_madd_epi16 (_mm_unpackhi_epi8 (hi, zero), wp));
    }
    _mm_storeu_si128 ((__m128i *) (mid + i),
        _mm_packs_epi32 (_mm_srai_epi32 (acc0, V_SHIFT),
            _mm_srai_epi32 (acc1, V_SHIFT)));
    _mm_storeu_si128 ((__m128i *) (mid + i + 8),
        _mm_packs_epi32 (_mm_srai_epi32 (acc2, V_SHIFT),
            _mm_srai_epi32 (acc3, V_SHIFT)));
  }
  if (i < n)
    gst_im_resample_vertical_c (src + i, stride, w, n_taps, mid + i, n - i);
}

/* Gathered vertical pass: 8 samples of a span per step, loaded as 8 bytes
 * of rows k and k + 1 side by side. A span longer than 8 is done in steps
 * from its start, each storing 8 samples: the last one's spare samples are
 * overwritten by the next span. Spans past n_safe would read past the
 * source row: the portable pass does them. */
void
gst_im_resample_gather_sse2 (const GstImResampler * r, const guint8 * src,
    gssize stride, const gint32 * pairs, const gint16 * w, gint16 * mid)
{
  const guint n_taps = r->v.n_taps, span = r->h.n_taps * r->n_channels;
  const __m128i zero = _mm_setzero_si128 ();
  const __m128i round = _mm_set1_epi32 (1 << (V_SHIFT - 1));
  guint x = 0, j, k;

  /* spans of up to 8 samples: two pixels per step, as in the whole-row
   * pass; the first pixel's 8 samples are stored before the second's */
  if (span <= 8) {
    for (; x + 2 <= r->n_safe; x += 2) {
      const guint8 *p0 = src + r->spans[x], *p1 = src + r->spans[x + 1];
      __m128i acc0 = round, acc1 = round, acc2 = round, acc3 = round;

      for (k = 0; k < n_taps; k += 2) {
        const gssize o0 = (gssize) k * stride;
        const gssize o1 = k + 1 < n_taps ? o0 + stride : o0;
        __m128i a = _mm_unpacklo_epi64 (_mm_loadl_epi64 ((const __m128i *)
                (p0 + o0)), _mm_loadl_epi64 ((const __m128i *) (p1 + o0)));
        __m128i b = _mm_unpacklo_epi64 (_mm_loadl_epi64 ((const __m128i *)
                (p0 + o1)), _mm_loadl_epi64 ((const __m128i *) (p1 + o1)));
        __m128i wp = _mm_set1_epi32 (pairs[k / 2]);
        __m128i lo = _mm_unpacklo_epi8 (a, b), hi = _mm_unpackhi_epi8 (a, b);

        acc0 = _mm_add_epi32 (acc0,
            _mm_madd_epi16 (_mm_unpacklo_epi8 (lo, zero), wp));
        acc1 = _mm_add_epi32 (acc1,
            _mm_madd_epi16 (_mm_unpackhi_epi8 (lo, zero), wp));
        acc2 = _mm_add_epi32 (acc2,
            _mm_madd_epi16 (_mm_unpacklo_epi8 (hi, zero), wp));
        acc3 = _mm_add_epi32 (acc3,
            _mm_madd_epi16 (_mm_unpackhi_epi8 (hi, zero), wp));
      }
      _mm_storeu_si128 ((__m128i *) (mid + (gsize) x * span),
          _mm_packs_epi32 (_mm_srai_epi32 (acc0, V_SHIFT),
              _mm_srai_epi32 (acc1, V_SHIFT)));
      _mm_storeu_si128 ((__m128i *) (mid + (gsize) (x + 1) * span),
          _mm_packs_epi32 (_mm_srai_epi32 (acc2, V_SHIFT),
              _mm_srai_epi32 (acc3, V_SHIFT)));
    }
  }
  for (; x < r->n_safe; x++) {
    const guint8 *p = src + r->spans[x];
    gint16 *m = mid + (gsize) x * span;

    for (j = 0; j < span; j += 8) {
      __m128i acc0 = round, acc1 = round;

      for (k = 0; k < n_taps; k += 2) {
        const guint8 *row = p + (gssize) k * stride + j;
        __m128i a = _mm_loadl_epi64 ((const __m128i *) row);
        /* an odd last tap is paired with itself, at weight 0 */
        __m128i b = k + 1 < n_taps ?
            _mm_loadl_epi64 ((const __m128i *) (row + stride)) : a;
        __m128i wp = _mm_set1_epi32 (pairs[k / 2]);
        __m128i ab = _mm_unpacklo_epi8 (a, b);

        acc0 = _mm_add_epi32 (acc0,
            _mm_madd_epi16 (_mm_unpacklo_epi8 (ab, zero), wp));
        acc1 = _mm_add_epi32 (acc1,
            _mm_madd_epi16 (_mm_unpackhi_epi8 (ab, zero), wp));
      }
      _mm_storeu_si128 ((__m128i *) (m + j),
          _mm_packs_epi32 (_mm_srai_epi32 (acc0, V_SHIFT),
              _mm_srai_epi32 (acc1, V_SHIFT)));
    }
  }
  for (; x < r->dst_width; x++)
    gst_im_resample_vertical_c (src + r->spans[x], stride, w, n_taps,
        mid + (gsize) x * span, span);
}

/* Sums of each of four vectors, in one vector. */
static inline __m128i
hsum4 (__m128i a, __m128i b, __m128i c, __m128i d)
{
  __m128i ab = _mm_add_epi32 (_mm_unpacklo_epi32 (a, b),
      _mm_unpackhi_epi32 (a, b));
  __m128i cd = _mm_add_epi32 (_mm_unpacklo_epi32 (c, d),
      _mm_unpackhi_epi32 (c, d));

  return _mm_add_epi32 (_mm_unpacklo_epi64 (ab, cd),
      _mm_unpackhi_epi64 (ab, cd));
}

/* Interleaved pixels of @C channels (a constant once inlined, so the sums
 * stay in registers). */
static inline __attribute__((always_inline))
     void horizontal_pixels_sse2 (const GstImResampler * r,
    const gint16 * mid, guint8 * dst, const guint C)
{
  const guint len = r->hw_len, n_out = r->dst_width;
  const __m128i round = _mm_set1_epi32 (1 << (H_SHIFT - 1));
  const __m128i zero = _mm_setzero_si128 ();
  guint x, j;

  for (x = 0; x < n_out; x++) {
    const gint16 *p = mid + (gsize) r->h.offset[x] * C;
    const gint16 *w = r->hw + (gsize) x * C * len;
    __m128i s0 = zero, s1 = zero, s2 = zero, s3 = zero, px;
    guint32 v;

    for (j = 0; j < len; j += 8) {
      __m128i in = _mm_loadu_si128 ((const __m128i *) (p + j));

      s0 = _mm_add_epi32 (s0, _mm_madd_epi16 (in,
              _mm_loadu_si128 ((const __m128i *) (w + j))));
      s1 = _mm_add_epi32 (s1, _mm_madd_epi16 (in,
              _mm_loadu_si128 ((const __m128i *) (w + len + j))));
      if (C > 2)
        s2 = _mm_add_epi32 (s2, _mm_madd_epi16 (in,
                _mm_loadu_si128 ((const __m128i *) (w + 2 * len + j))));
      if (C > 3)
        s3 = _mm_add_epi32 (s3, _mm_madd_epi16 (in,
                _mm_loadu_si128 ((const __m128i *) (w + 3 * len + j))));
    }
    px = _mm_srai_epi32 (_mm_add_epi32 (hsum4 (s0, s1, s2, s3), round),
        H_SHIFT);
    v = (guint32) _mm_cvtsi128_si32 (_mm_packus_epi16 (_mm_packs_epi32 (px,
                zero), zero));
    /* little-endian: channel 0 in the low byte */
    dst[x * C] = (guint8) v;
    dst[x * C + 1] = (guint8) (v >> 8);
    if (C > 2)
      dst[x * C + 2] = (guint8) (v >> 16);
    if (C > 3)
      dst[x * C + 3] = (guint8) (v >> 24);
  }
}

/* One or two taps, 2 to 4 channels: the samples of the two taps of a pixel,
 * [c0 c1 c2 c3] and the next pixel's, interleaved into [c0 c0' c1 c1' ...]
 * so that one pmaddwd with the weight pairs gives the C sums; four pixels
 * are packed and stored together. For 3 channels each pixel is stored as
 * 4 bytes, the spare one overwritten by the next pixel: the block stops
 * before the last pixel of the row. */
static inline __attribute__((always_inline))
     guint horizontal_pairs_sse2 (const GstImResampler * r,
    const gint16 * mid, guint8 * dst, const guint C)
{
  const guint n_out = r->dst_width;
  const __m128i round = _mm_set1_epi32 (1 << (H_SHIFT - 1));
  __m128i s[4], in, b;
  guint x, k;

  for (x = 0; x + 4 + (C == 3) <= n_out; x += 4) {
    for (k = 0; k < 4; k++) {
      in = _mm_loadu_si128 ((const __m128i *) (mid + (gsize)
              r->h.offset[x + k] * C));
      b = C == 2 ? _mm_srli_si128 (in, 4) : C == 3 ? _mm_srli_si128 (in, 6) :
          _mm_srli_si128 (in, 8);
      s[k] = _mm_srai_epi32 (_mm_add_epi32 (_mm_madd_epi16
              (_mm_unpacklo_epi16 (in, b), _mm_loadu_si128 ((const __m128i *)
                      (r->hw + (gsize) (x + k) * 8))), round), H_SHIFT);
    }
    s[0] = _mm_packus_epi16 (_mm_packs_epi32 (s[0], s[1]),
        _mm_packs_epi32 (s[2], s[3]));
    if (C == 4) {
      _mm_storeu_si128 ((__m128i *) (dst + x * 4), s[0]);
    } else {
      guint32 px[4];

      _mm_storeu_si128 ((__m128i *) px, s[0]);
      for (k = 0; k < 4; k++)
        if (C == 3)
          memcpy (dst + (x + k) * 3, &px[k], 4);
        else
          memcpy (dst + (x + k) * 2, &px[k], 2);
    }
  }
  return x;
}

/* Horizontal: the taps of one pixel are n_taps * C interleaved samples;
 * each channel has its own weight vector with zeros at the other
 * channels' places, so pmaddwd runs straight over the interleaved row. */
void
gst_im_resample_horizontal_sse2 (const GstImResampler * r, const gint16 * mid,
    guint8 * dst)
{
  const guint C = r->n_channels, len = r->hw_len, n_out = r->dst_width;
  const __m128i round = _mm_set1_epi32 (1 << (H_SHIFT - 1));
  const __m128i zero = _mm_setzero_si128 ();
  guint x, j, c;
  guint32 px;

  if (C == 1) {
    /* four pixels at a time, one weight vector each */
    for (x = 0; x + 4 <= n_out; x += 4) {
      __m128i s[4];

      for (c = 0; c < 4; c++) {
        const gint16 *p = mid + r->h.offset[x + c];
        const gint16 *w = r->hw + (gsize) (x + c) * len;

        s[c] = zero;
        for (j = 0; j < len; j += 8)
          s[c] = _mm_add_epi32 (s[c],
              _mm_madd_epi16 (_mm_loadu_si128 ((const __m128i *) (p + j)),
                  _mm_loadu_si128 ((const __m128i *) (w + j))));
      }
      s[0] = _mm_srai_epi32 (_mm_add_epi32 (hsum4 (s[0], s[1], s[2], s[3]),
              round), H_SHIFT);
      s[0] = _mm_packus_epi16 (_mm_packs_epi32 (s[0], zero), zero);
      px = (guint32) _mm_cvtsi128_si32 (s[0]);
      memcpy (dst + x, &px, 4);
    }
    gst_im_resample_horizontal_c (r, mid, dst, x);
    return;
  }

  if (r->h.n_taps <= 2) {
    switch (C) {
      case 2:
        x = horizontal_pairs_sse2 (r, mid, dst, 2);
        break;
      case 3:
        x = horizontal_pairs_sse2 (r, mid, dst, 3);
        break;
      default:
        x = horizontal_pairs_sse2 (r, mid, dst, 4);
        break;
    }
    gst_im_resample_horizontal_c (r, mid, dst, x);
    return;
  }

  switch (C) {
    case 2:
      horizontal_pixels_sse2 (r, mid, dst, 2);
      break;
    case 3:
      horizontal_pixels_sse2 (r, mid, dst, 3);
      break;
    default:
      horizontal_pixels_sse2 (r, mid, dst, 4);
      break;
  }
}
#endif /* HAVE_SSE2_PASSES */
