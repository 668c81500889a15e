/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Separable convolutions of the filter transforms, with OpenCV's
 * BORDER_REFLECT_101: float kernels rows then columns through a ring of
 * filtered rows, the integer ones (cv2.GaussianBlur's bit-exact path, the
 * box) with AVX2 columns first in 16 bits. Samples are filtered as they
 * lie in the pixel (R, G, B, and alpha, whose bytes are then put back), so
 * one loop serves every layout. Integer kernels give OpenCV's integer
 * results exactly (float sums only where every partial sum is an integer
 * below 2^24); for float kernels the order and the fused steps are those
 * of OpenCV's own float code. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <immintrin.h>
#endif
#include "gstimaugfilter-private.h"

#ifdef __SSE2__
/* ---- integer kernels with AVX2, columns first ---- */

/* colsum += in - out, each sum also into @mid as a float (unless NULL) */
__attribute__ ((target ("avx2")))
static void
box_slide (guint16 * colsum, const guint8 * in, const guint8 * out,
    gfloat * mid, guint ns)
{
  __m256i c;
  guint s;

  for (s = 0; s + 16 <= ns; s += 16) {
    c = _mm256_sub_epi16 (_mm256_add_epi16 (_mm256_loadu_si256 ((const
                    __m256i *) (colsum + s)), _mm256_cvtepu8_epi16
            (_mm_loadu_si128 ((const __m128i *) (in + s)))),
        _mm256_cvtepu8_epi16 (_mm_loadu_si128 ((const __m128i *) (out + s))));
    _mm256_storeu_si256 ((__m256i *) (colsum + s), c);
    if (mid) {
      _mm256_storeu_ps (mid + s, _mm256_cvtepi32_ps (_mm256_cvtepu16_epi32
              (_mm256_castsi256_si128 (c))));
      _mm256_storeu_ps (mid + s + 8, _mm256_cvtepi32_ps
          (_mm256_cvtepu16_epi32 (_mm256_extracti128_si256 (c, 1))));
    }
  }
  for (; s < ns; s++) {
    colsum[s] = colsum[s] + in[s] - out[s];
    if (mid)
      mid[s] = colsum[s];
  }
}

/* the first @n (at most 32) bytes of @v to @dst */
static inline __attribute__ ((always_inline, target ("avx2")))
void store_bytes_avx2 (guint8 * dst, __m256i v, guint n)
{
  guint8 tail[32];

  if (n >= 32) {
    _mm256_storeu_si256 ((__m256i *) dst, v);
  } else {
    _mm256_storeu_si256 ((__m256i *) tail, v);
    memcpy (dst, tail, n);
  }
}

/* cv2.GaussianBlur's sums along a row of 16-bit column sums, all in
 * integers: each column sum v (at most 255 * 256) enters as v - 2^15, a
 * signed 16-bit number, so pairs of taps multiply and add in one
 * instruction; the taps sum to 256, which puts back 2^15 * 256 before the
 * rounding. @row: column sums with r reflected pixels on each side. */
static inline __attribute__ ((always_inline, target ("avx2")))
void fixed16_row_n (const guint16 * row, guint bpp, const gint16 * kx,
    guint n, guint8 * dst, guint ns)
{
  __m256i k[GST_IM_AUG_MAX_TAPS / 2 + 1], lo, hi, a, b, p[2], bias;
  guint s, i, j, h = (n + 1) / 2, blk;

  for (i = 0; i < h; i++)
    k[i] = _mm256_set1_epi32 ((guint16) kx[2 * i] | ((guint32) (2 * i + 1 <
                n ? (guint16) kx[2 * i + 1] : 0) << 16));
  bias = _mm256_set1_epi32 ((1 << 15) * 256 + (1 << 15));
  for (s = 0; s < ns; s += 32) {
    _Pragma ("GCC unroll 2")
    for (blk = 0; blk < 2; blk++) {
      lo = hi = bias;
      _Pragma ("GCC unroll 5")
      for (i = 0; i < h; i++) {
        j = s + 16 * blk + 2 * i * bpp;
        a = _mm256_xor_si256 (_mm256_loadu_si256 ((const __m256i *) (row +
                    j)), _mm256_set1_epi16 ((gshort) 0x8000));
        b = 2 * i + 1 < n ? _mm256_xor_si256 (_mm256_loadu_si256 ((const
                    __m256i *) (row + j + bpp)),
            _mm256_set1_epi16 ((gshort) 0x8000)) : _mm256_setzero_si256 ();
        lo = _mm256_add_epi32 (lo, _mm256_madd_epi16 (_mm256_unpacklo_epi16
                (a, b), k[i]));
        hi = _mm256_add_epi32 (hi, _mm256_madd_epi16 (_mm256_unpackhi_epi16
                (a, b), k[i]));
      }
      p[blk] = _mm256_packs_epi32 (_mm256_srai_epi32 (lo, 16),
          _mm256_srai_epi32 (hi, 16));
    }
    store_bytes_avx2 (dst + s, _mm256_permute4x64_epi64
        (_mm256_packus_epi16 (p[0], p[1]), 0xd8), ns - s);
  }
}

__attribute__ ((target ("avx2")))
static void
fixed16_row_avx2 (const guint16 * row, guint bpp, const gint16 * kx, guint n,
    guint8 * dst, guint ns)
{
  switch (n) {
    case 3:
      fixed16_row_n (row, bpp, kx, 3, dst, ns);
      break;
    case 5:
      fixed16_row_n (row, bpp, kx, 5, dst, ns);
      break;
    case 7:
      fixed16_row_n (row, bpp, kx, 7, dst, ns);
      break;
    case 9:
      fixed16_row_n (row, bpp, kx, 9, dst, ns);
      break;
    default:
      fixed16_row_n (row, bpp, kx, n, dst, ns);
  }
}

/* the box along a row of 16-bit column sums (r reflected pixels each
 * side) when the window's sum fits 16 bits: (S + d / 2) / d, the
 * quotient in float (S + d / 2 < 2^24: exact, and a correctly rounded
 * quotient never reaches the next integer) */
static inline __attribute__ ((always_inline, target ("avx2")))
__m256i box16_avx2 (const guint16 * row, guint bpp, guint n, __m256 half,
    __m256 div)
{
  __m256i S = _mm256_loadu_si256 ((const __m256i *) row), lo, hi;
  guint i;

  for (i = 1; i < n; i++)
    S = _mm256_add_epi16 (S, _mm256_loadu_si256 ((const __m256i *) (row +
                i * bpp)));
  lo = _mm256_cvttps_epi32 (_mm256_div_ps (_mm256_add_ps (_mm256_cvtepi32_ps
              (_mm256_cvtepu16_epi32 (_mm256_castsi256_si128 (S))), half),
          div));
  hi = _mm256_cvttps_epi32 (_mm256_div_ps (_mm256_add_ps (_mm256_cvtepi32_ps
              (_mm256_cvtepu16_epi32 (_mm256_extracti128_si256 (S, 1))),
              half), div));
  return _mm256_permute4x64_epi64 (_mm256_packs_epi32 (lo, hi), 0xd8);
}

__attribute__ ((target ("avx2")))
static void
box_row_avx2 (const guint16 * row, guint bpp, guint n, guint d,
    guint8 * dst, guint ns)
{
  __m256 half = _mm256_set1_ps (d / 2), div = _mm256_set1_ps (d);
  guint s;

  for (s = 0; s < ns; s += 32)
    store_bytes_avx2 (dst + s, _mm256_permute4x64_epi64 (_mm256_packus_epi16
            (box16_avx2 (row + s, bpp, n, half, div), box16_avx2 (row + s +
                    16, bpp, n, half, div)), 0xd8), ns - s);
}

/* The integer kinds with AVX2, columns first: the column sums of the
 * bytes are exact in 16 bits (taps of a column sum to at most 257), so
 * they take no row ring; each row of them is then filtered along the row,
 * in 32-bit integers for the Gaussian, in float (exact below 2^24) for the
 * box, and rounded. */
__attribute__ ((target ("avx2,fma")))
static void
exact_band (const GstImAugSepKernel * k, const GstImAugPixels * pass,
    guint y0, guint y1)
{
  guint n = k->n, r = n / 2, bpp = pass->layout->bpp, w = pass->width;
  guint ns = w * bpp, i, y, s;
  gfloat *row = (gfloat *) gst_im_aug_thread_bytes (0,
      gst_im_aug_row_floats ((w + 2 * r) * bpp) * sizeof (gfloat));
  gfloat *mid = row + (gsize) r * bpp;
  const guint8 *rows[GST_IM_AUG_MAX_TAPS];
  const gfloat *in[GST_IM_AUG_MAX_TAPS];
  __m256i ky[GST_IM_AUG_MAX_TAPS], acc, v;
  guint16 ks[GST_IM_AUG_MAX_TAPS];
  gboolean box = k->round == GST_IM_AUG_SEP_BOX, symmetric = TRUE;
  gboolean box16 = box && n <= 15;
  /* the column sums of a row with r reflected pixels each side (and
   * slack): the box's slide down the band */
  guint16 *colsum = (guint16 *) gst_im_aug_thread_bytes (2,
      ((gsize) ns + 2 * r * bpp + 64) * sizeof (guint16));
  guint16 *mid16 = colsum + (gsize) r * bpp;
  gint16 kxi[GST_IM_AUG_MAX_TAPS];
  guint sum;
  guint8 *d;

  for (i = 0; i < n; i++) {
    ks[i] = (guint16) k->ky[i];
    ky[i] = _mm256_set1_epi16 (ks[i]);
    in[i] = row + (gsize) i * bpp;
  }
  for (i = 0; i < r; i++)
    symmetric &= k->ky[i] == k->ky[n - 1 - i] && k->ky[i] <= 128;
  for (i = 0; i < n; i++)
    kxi[i] = (gint16) k->kx[i];
  memset (mid16 + ns + (gsize) r * bpp, 0, 48 * sizeof (guint16));
  memset (mid + ns + (gsize) r * bpp, 0, 32 * sizeof (gfloat));
  for (y = y0; y < y1; y++) {
    for (i = 0; i < n; i++)
      rows[i] = pass->src + (gsize) gst_im_aug_reflect101 ((gint) y +
          (gint) i - (gint) r, pass->height) * pass->src_stride;
    if (box && y > y0) {
      /* the box's column sums slide down: add the row entering, take
       * away the row leaving (whole numbers: exact, and in 16 bits) */
      box_slide (mid16, rows[n - 1], pass->src +
          (gsize) gst_im_aug_reflect101 ((gint) y - (gint) r - 1,
              pass->height) * pass->src_stride, box16 ? NULL : mid, ns);
    } else if (box) {
      for (s = 0; s < ns; s++) {
        sum = 0;
        for (i = 0; i < n; i++)
          sum += rows[i][s];
        mid16[s] = sum;
        mid[s] = sum;
      }
    } else {
      for (s = 0; s + 16 <= ns; s += 16) {
        /* symmetric taps of at most 128 take the pair's sum (at most
         * 510 * 128 < 2^16) in one product */
        acc = _mm256_mullo_epi16 (_mm256_cvtepu8_epi16 (_mm_loadu_si128
                ((const __m128i *) (rows[r] + s))), ky[r]);
        for (i = 0; i < r; i++) {
          if (symmetric) {
            v = _mm256_add_epi16 (_mm256_cvtepu8_epi16 (_mm_loadu_si128
                    ((const __m128i *) (rows[i] + s))),
                _mm256_cvtepu8_epi16 (_mm_loadu_si128 ((const __m128i *)
                        (rows[n - 1 - i] + s))));
            acc = _mm256_add_epi16 (acc, _mm256_mullo_epi16 (v, ky[i]));
          } else {
            v = _mm256_cvtepu8_epi16 (_mm_loadu_si128 ((const __m128i *)
                    (rows[i] + s)));
            acc = _mm256_add_epi16 (acc, _mm256_mullo_epi16 (v, ky[i]));
            v = _mm256_cvtepu8_epi16 (_mm_loadu_si128 ((const __m128i *)
                    (rows[n - 1 - i] + s)));
            acc = _mm256_add_epi16 (acc, _mm256_mullo_epi16 (v,
                    ky[n - 1 - i]));
          }
        }
        _mm256_storeu_si256 ((__m256i *) (mid16 + s), acc);
      }
      for (; s < ns; s++) {
        sum = 0;
        for (i = 0; i < n; i++)
          sum += ks[i] * rows[i][s];
        mid16[s] = sum;
      }
    }
    d = pass->dst + (gsize) y * pass->dst_stride;
    if (!box || box16) {
      /* the Gaussian, or the whole box in 16 bits: the window's sum is at
       * most 255 * 15^2 */
      GST_IM_AUG_REFLECT_HALO (mid16, mid16, w, bpp, r);
      if (box)
        box_row_avx2 (mid16 - (gsize) r * bpp, bpp, n, k->divisor, d, ns);
      else
        fixed16_row_avx2 (mid16 - (gsize) r * bpp, bpp, kxi, n, d, ns);
    } else {
      GST_IM_AUG_REFLECT_HALO (mid, mid, w, bpp, r);
      gst_im_aug_taps_bytes_avx2 (in, k->kx, n, d, ns, TRUE, k->round,
          k->divisor);
    }
    gst_im_aug_copy_alpha (pass, y, y + 1);
  }
}
#endif

/* ---- float kernels, rows then columns ---- */

/* the symmetric fused column sums (see gst_im_aug_taps_bytes_avx2) into
 * @out */
static void
sym_taps_c (const gfloat * const *in, const gfloat * k, guint n,
    gfloat * out, guint ns)
{
  guint s, i, h = n / 2;
  gfloat a;

  for (s = 0; s < ns; s++) {
    a = k[h] * in[h][s];
    for (i = 1; i <= h; i++)
      a = fmaf (k[h + i], in[h + i][s] + in[h - i][s], a);
    out[s] = a;
  }
}

#ifdef __SSE2__
__attribute__ ((target ("avx2,fma")))
static void
sym_taps_avx2 (const gfloat * const *in, const gfloat * k, guint n,
    gfloat * out, guint ns)
{
  guint s, i, h = n / 2;
  __m256 a, f;

  for (s = 0; s < ns; s += 8) {
    a = _mm256_mul_ps (_mm256_set1_ps (k[h]), _mm256_loadu_ps (in[h] + s));
    for (i = 1; i <= h; i++) {
      f = _mm256_set1_ps (k[h + i]);
      a = _mm256_fmadd_ps (f, _mm256_add_ps (_mm256_loadu_ps (in[h + i] + s),
              _mm256_loadu_ps (in[h - i] + s)), a);
    }
    _mm256_storeu_ps (out + s, a);
  }
}
#endif

/* Row @t filtered along the row into @out: the bytes made floats (with r
 * reflected pixels each side in @pad) a chunk ahead of the sums, so both
 * stay in the first-level cache. */
#define ROW_CHUNK 1024
static void
filter_row (const guint8 * src, gint stride, guint width, guint height,
    guint bpp, guint r, gint t, gfloat * pad, GstImAugSumFunc sum,
    const gfloat * k, guint n, gfloat * out)
{
  const guint8 *s = src + (gsize) gst_im_aug_reflect101 (t, height) * stride;
  guint ns = width * bpp, halo = r * bpp, done = 0, c0, c1, end, i;
  const gfloat *in[GST_IM_AUG_MAX_TAPS];
  gfloat *p = pad + halo;

  GST_IM_AUG_REFLECT_HALO (p, s, width, bpp, r);
  memset (p + ns + halo, 0, 64 * sizeof (gfloat));
  for (c0 = 0; c0 < ns; c0 = c1) {
    c1 = MIN (c0 + ROW_CHUNK, ns);
    end = MIN (c1 + halo, ns);
    if (end > done) {
      gst_im_aug_bytes_to_floats (s + done, end - done, p + done);
      done = end;
    }
    /* a chunk's sums may run past c1: the next chunk writes those again */
    for (i = 0; i < n; i++)
      in[i] = pad + c0 + (gsize) i * bpp;
    sum (in, k, n, out + c0, c1 - c0);
  }
}

/* rows [y0, y1): each row's column sums to @emit, or with @emit NULL
 * rounded into the rows of @pass->dst */
static void
separable_band (const GstImAugSepKernel * k, const guint8 * src, gint stride,
    guint width, guint height, guint bpp, guint y0, guint y1,
    GstImAugSepEmit emit, gpointer user_data, const GstImAugPixels * pass)
{
  guint n = k->n, r = n / 2, ns = width * bpp, i;
  gsize len = gst_im_aug_row_floats (ns);
  gfloat *pad = (gfloat *) gst_im_aug_thread_bytes (0,
      (gst_im_aug_row_floats ((width + 2 * r) * bpp)) * sizeof (gfloat));
  gfloat *ring = (gfloat *) gst_im_aug_thread_bytes (1,
      len * (n + 1) * sizeof (gfloat));
  gfloat *sums = ring + len * n;
  const gfloat *in[GST_IM_AUG_MAX_TAPS];
  G_GNUC_UNUSED gboolean avx2 = gst_im_aug_filter_avx2 ();
  gboolean exact = k->round != GST_IM_AUG_SEP_FLOAT;
  /* float kernels as cv2.sepFilter2D sums them: rows tap by tap, fused;
   * columns symmetric (see gst_im_aug_taps_bytes_avx2) */
  GstImAugSumFunc sum = gst_im_aug_sum_func (exact);
  GstImAugSumFunc vsum = exact ? sum : sym_taps_c;
  gint t, next = (gint) y0 - (gint) r, y;
  guint8 *d;

#ifdef __SSE2__
  if (!exact && avx2)
    vsum = sym_taps_avx2;
#endif

  for (y = y0; y < (gint) y1; y++) {
    /* the filtered rows y - r .. y + r, row t in slot (t - y0 + r) % n */
    for (; next <= y + (gint) r; next++)
      filter_row (src, stride, width, height, bpp, r, next, pad, sum, k->kx,
          n, ring + len * ((next - (gint) y0 + r) % n));
    for (i = 0; i < n; i++) {
      t = y - (gint) r + (gint) i;
      in[i] = ring + len * ((t - (gint) y0 + r) % n);
    }
    if (emit) {
      vsum (in, k->ky, n, sums, ns);
      emit (y, sums, user_data);
      continue;
    }
    d = pass->dst + (gsize) y * pass->dst_stride;
#ifdef __SSE2__
    if (avx2)
      gst_im_aug_taps_bytes_avx2 (in, k->ky, n, d, ns, exact, k->round,
          k->divisor);
    else
#endif
    {
      vsum (in, k->ky, n, sums, ns);
      gst_im_aug_round_row (sums, ns, k->round, k->divisor, d);
    }
    gst_im_aug_copy_alpha (pass, y, y + 1);
  }
}

void
gst_im_aug_separable_rows (const GstImAugSepKernel * k, const guint8 * src,
    gint stride, guint width, guint height, guint bpp, guint y0, guint y1,
    GstImAugSepEmit emit, gpointer user_data)
{
  separable_band (k, src, stride, width, height, bpp, y0, y1, emit,
      user_data, NULL);
}

typedef struct
{
  const GstImAugPixels *pass;
  const GstImAugSepKernel *k;
} SepJob;

static void
sep_rows (guint row_begin, guint row_end, gpointer user_data)
{
  const SepJob *job = user_data;
  const GstImAugPixels *p = job->pass;

#ifdef __SSE2__
  if (job->k->round != GST_IM_AUG_SEP_FLOAT && gst_im_aug_filter_avx2 ()) {
    exact_band (job->k, p, row_begin, row_end);
    return;
  }
#endif
  separable_band (job->k, p->src, p->src_stride, p->width, p->height,
      p->layout->bpp, row_begin, row_end, NULL, NULL, p);
}

void
gst_im_aug_separable (const GstImAugPixels * pass, const GstImAugSepKernel * k)
{
  SepJob job = { pass, k };

  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows, sep_rows,
      &job);
}
