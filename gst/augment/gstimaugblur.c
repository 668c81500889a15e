/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Convolutions of the filter transforms, with OpenCV's BORDER_REFLECT_101:
 * separable float kernels rows then columns through a ring of filtered
 * rows, the integer ones (cv2.GaussianBlur's bit-exact path, the box)
 * columns first in 16 bits, and 2-D kernels (sharpen, emboss, motion)
 * through a ring of source rows. Samples are filtered as they lie in the
 * pixel (R, G, B, and alpha, whose bytes are then put back), so one loop
 * serves every layout. Integer kernels give OpenCV's integer results
 * exactly (float sums only where every partial sum is an integer below
 * 2^24); for float kernels the order and the fused steps are those of
 * OpenCV's own float code. AVX2 + FMA where the CPU has them; the plain
 * C / SSE2 code gives the same bytes. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <immintrin.h>
#endif
#include "gstimaugfilter-private.h"

/* Whether the AVX2 + FMA code runs: the CPU has both, and
 * GST_IM_AUG_FILTER_GENERIC (for tests: the other code must give the same
 * bytes) is not set. */
gboolean
gst_im_aug_filter_avx2 (void)
{
#ifdef __SSE2__
  return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma")
      && g_getenv ("GST_IM_AUG_FILTER_GENERIC") == NULL;
#else
  return FALSE;
#endif
}

/* floats of one filtered row: whole vectors and a vector of slack */
static gsize
row_floats (guint ns)
{
  return ((gsize) ns + 63) / 64 * 64 + 64;
}

#ifdef __SSE2__
__attribute__ ((target ("avx2")))
static void
bytes_to_floats_avx2 (const guint8 * s, guint n, gfloat * p)
{
  __m128i a, b;
  guint i = 0;

  for (; i + 32 <= n; i += 32) {
    a = _mm_loadu_si128 ((const __m128i *) (s + i));
    b = _mm_loadu_si128 ((const __m128i *) (s + i + 16));
    _mm256_storeu_ps (p + i, _mm256_cvtepi32_ps (_mm256_cvtepu8_epi32 (a)));
    _mm256_storeu_ps (p + i + 8, _mm256_cvtepi32_ps (_mm256_cvtepu8_epi32
            (_mm_srli_si128 (a, 8))));
    _mm256_storeu_ps (p + i + 16, _mm256_cvtepi32_ps (_mm256_cvtepu8_epi32
            (b)));
    _mm256_storeu_ps (p + i + 24, _mm256_cvtepi32_ps (_mm256_cvtepu8_epi32
            (_mm_srli_si128 (b, 8))));
  }
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps (p + i, _mm256_cvtepi32_ps (_mm256_cvtepu8_epi32
            (_mm_loadl_epi64 ((const __m128i *) (s + i)))));
  for (; i < n; i++)
    p[i] = s[i];
}

static void
bytes_to_floats_sse2 (const guint8 * s, guint n, gfloat * p)
{
  __m128i z = _mm_setzero_si128 (), w;
  guint i = 0;

  for (; i + 8 <= n; i += 8) {
    w = _mm_unpacklo_epi8 (_mm_loadl_epi64 ((const __m128i *) (s + i)), z);
    _mm_storeu_ps (p + i, _mm_cvtepi32_ps (_mm_unpacklo_epi16 (w, z)));
    _mm_storeu_ps (p + i + 4, _mm_cvtepi32_ps (_mm_unpackhi_epi16 (w, z)));
  }
  for (; i < n; i++)
    p[i] = s[i];
}
#endif

static void
bytes_to_floats (const guint8 * s, guint n, gfloat * p)
{
  guint i;

#ifdef __SSE2__
  if (gst_im_aug_filter_avx2 ())
    bytes_to_floats_avx2 (s, n, p);
  else
    bytes_to_floats_sse2 (s, n, p);
  return;
#endif
  for (i = 0; i < n; i++)
    p[i] = s[i];
}

/* Row @t (reflected) of @src as floats with r pixels reflected on each
 * side; the slack past the end is zero. */
static void
load_row (const guint8 * src, gint stride, guint width, guint height,
    guint bpp, guint r, gint t, gfloat * pad)
{
  const guint8 *s = src + (gsize) gst_im_aug_reflect101 (t, height) * stride;
  guint ns = width * bpp, c;
  gint x;
  gfloat *p = pad + (gsize) r * bpp;

  bytes_to_floats (s, ns, p);
  for (x = 1; x <= (gint) r; x++)
    for (c = 0; c < bpp; c++) {
      p[-x * (gint) bpp + (gint) c] =
          s[gst_im_aug_reflect101 (-x, width) * bpp + c];
      p[(width - 1 + x) * bpp + c] =
          s[gst_im_aug_reflect101 (width - 1 + x, width) * bpp + c];
    }
  memset (p + ns + (gsize) r * bpp, 0, 64 * sizeof (gfloat));
}

/* ---- sums: out[s] = sum over taps of k[i] * in_i[s], tap by tap ---- */

/* 32 samples at a time: four independent sums keep the adder busy */
/* unfused sums, for the exact kinds without AVX2 (SSE2 or plain C) */
static void
sum_taps_plain (const gfloat * const *in, const gfloat * k, guint n,
    gfloat * out, guint ns)
{
  guint s, i;
#ifdef __SSE2__
  __m128 a, b;

  for (s = 0; s < ns; s += 8) {
    a = _mm_mul_ps (_mm_set1_ps (k[0]), _mm_loadu_ps (in[0] + s));
    b = _mm_mul_ps (_mm_set1_ps (k[0]), _mm_loadu_ps (in[0] + s + 4));
    _Pragma ("GCC unroll 9")
    for (i = 1; i < n; i++) {
      a = _mm_add_ps (a, _mm_mul_ps (_mm_set1_ps (k[i]),
              _mm_loadu_ps (in[i] + s)));
      b = _mm_add_ps (b, _mm_mul_ps (_mm_set1_ps (k[i]),
              _mm_loadu_ps (in[i] + s + 4)));
    }
    _mm_storeu_ps (out + s, a);
    _mm_storeu_ps (out + s + 4, b);
  }
#else
  gfloat a;

  for (s = 0; s < ns; s++) {
    a = k[0] * in[0][s];
    for (i = 1; i < n; i++)
      a += k[i] * in[i][s];
    out[s] = a;
  }
#endif
}

#ifdef __SSE2__
/* the same with each step fused (cv2.filter2D's and cv2.sepFilter2D's
 * float rows) */
static inline __attribute__ ((always_inline, target ("avx2,fma")))
void fma_taps_n (const gfloat * const *in, const gfloat * k, guint n,
    gfloat * out, guint ns)
{
  guint s, i, j;
  __m256 a[8], f;

  /* 64 samples a step: eight chains of fused steps hide their latency */
  for (s = 0; s < ns; s += 64) {
    _Pragma ("GCC unroll 8")
    for (j = 0; j < 8; j++)
      a[j] = _mm256_setzero_ps ();
    _Pragma ("GCC unroll 9")
    for (i = 0; i < n; i++) {
      f = _mm256_set1_ps (k[i]);
      _Pragma ("GCC unroll 8")
      for (j = 0; j < 8; j++)
        a[j] = _mm256_fmadd_ps (f, _mm256_loadu_ps (in[i] + s + 8 * j), a[j]);
    }
    _Pragma ("GCC unroll 8")
    for (j = 0; j < 8; j++)
      _mm256_storeu_ps (out + s + 8 * j, a[j]);
  }
}

#define TAPS_N(func) \
  switch (n) { \
    case 3: func (in, k, 3, out, ns); break; \
    case 5: func (in, k, 5, out, ns); break; \
    case 7: func (in, k, 7, out, ns); break; \
    case 9: func (in, k, 9, out, ns); break; \
    default: func (in, k, n, out, ns); \
  }

__attribute__ ((target ("avx2,fma")))
static void
fma_taps_avx2 (const gfloat * const *in, const gfloat * k, guint n,
    gfloat * out, guint ns)
{
  TAPS_N (fma_taps_n);
}
#endif

static void
fma_taps_c (const gfloat * const *in, const gfloat * k, guint n,
    gfloat * out, guint ns)
{
  guint s, i;
  gfloat a;

  for (s = 0; s < ns; s++) {
    a = 0;
    for (i = 0; i < n; i++)
      a = fmaf (k[i], in[i][s], a);
    out[s] = a;
  }
}

typedef void (*SumFunc) (const gfloat * const *in, const gfloat * k, guint n,
    gfloat * out, guint ns);

/* the symmetric fused column sums (see taps_bytes_avx2) into @out */
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

/* Sums tap by tap: fused, as OpenCV's float code has them, for the float
 * kernels (plain C's fmaf without AVX2); for the exact kinds (integer taps
 * and sums below 2^24) fusing changes nothing, so fused with AVX2, plain
 * SSE2 without. */
static SumFunc
sum_func (gboolean exact)
{
#ifdef __SSE2__
  if (gst_im_aug_filter_avx2 ())
    return fma_taps_avx2;
#endif
  return exact ? sum_taps_plain : fma_taps_c;
}

/* ---- rounding of a row of sums to bytes ---- */

#ifdef __SSE2__
static inline __m128i
round4 (__m128 s, GstImAugSepRound round, __m128 div)
{
  switch (round) {
    case GST_IM_AUG_SEP_FIXED16:
      return _mm_srai_epi32 (_mm_add_epi32 (_mm_cvttps_epi32 (s),
              _mm_set1_epi32 (1 << 15)), 16);
    case GST_IM_AUG_SEP_BOX:
      /* (S + d / 2) / d: S + d / 2 < 2^24 is exact, and a correctly
       * rounded quotient never reaches the next integer */
      return _mm_cvttps_epi32 (_mm_div_ps (s, div));
    default:
      return _mm_cvtps_epi32 (s);
  }
}
#endif

static inline __attribute__ ((always_inline))
void round_row_mode (const gfloat * sums, guint ns, GstImAugSepRound round,
    guint divisor, guint8 * dst)
{
  guint x = 0;
  gint v;
#ifdef __SSE2__
  __m128 div = _mm_set1_ps (divisor), half = _mm_set1_ps (divisor / 2);
  __m128 s[4];
  __m128i a, b;
  guint j;

  for (; x + 16 <= ns; x += 16) {
    _Pragma ("GCC unroll 4")
    for (j = 0; j < 4; j++) {
      s[j] = _mm_loadu_ps (sums + x + 4 * j);
      if (round == GST_IM_AUG_SEP_BOX)
        s[j] = _mm_add_ps (s[j], half);
    }
    a = _mm_packs_epi32 (round4 (s[0], round, div), round4 (s[1], round, div));
    b = _mm_packs_epi32 (round4 (s[2], round, div), round4 (s[3], round, div));
    _mm_storeu_si128 ((__m128i *) (dst + x), _mm_packus_epi16 (a, b));
  }
#endif
  for (; x < ns; x++) {
    switch (round) {
      case GST_IM_AUG_SEP_FIXED16:
        v = ((gint) sums[x] + (1 << 15)) >> 16;
        break;
      case GST_IM_AUG_SEP_BOX:
        v = ((gint) sums[x] + divisor / 2) / divisor;
        break;
      default:
        v = (gint) lrintf (sums[x]);
    }
    dst[x] = CLAMP (v, 0, 255);
  }
}

static void
round_row (const gfloat * sums, guint ns, GstImAugSepRound round,
    guint divisor, guint8 * dst)
{
  /* one loop per rounding, the switch resolved outside it */
  switch (round) {
    case GST_IM_AUG_SEP_FIXED16:
      round_row_mode (sums, ns, GST_IM_AUG_SEP_FIXED16, divisor, dst);
      break;
    case GST_IM_AUG_SEP_BOX:
      round_row_mode (sums, ns, GST_IM_AUG_SEP_BOX, divisor, dst);
      break;
    default:
      round_row_mode (sums, ns, GST_IM_AUG_SEP_FLOAT, divisor, dst);
  }
}

#ifdef __SSE2__
/* ---- sums rounded straight to bytes (AVX2) ---- */

static inline __attribute__ ((always_inline, target ("avx2")))
__m256i round8_avx2 (__m256 s, GstImAugSepRound round, __m256 div,
    __m256 half)
{
  switch (round) {
    case GST_IM_AUG_SEP_FIXED16:
      return _mm256_srai_epi32 (_mm256_add_epi32 (_mm256_cvttps_epi32 (s),
              _mm256_set1_epi32 (1 << 15)), 16);
    case GST_IM_AUG_SEP_BOX:
      return _mm256_cvttps_epi32 (_mm256_div_ps (_mm256_add_ps (s, half),
              div));
    default:
      return _mm256_cvtps_epi32 (s);
  }
}

/* 32 sums of the taps at s, rounded and packed to 32 bytes */
static inline __attribute__ ((always_inline, target ("avx2,fma")))
__m256i taps32_avx2 (const gfloat * const *in, const gfloat * k, guint n,
    guint s, gboolean fused, GstImAugSepRound round, __m256 div, __m256 half)
{
  __m256 a[4], f;
  __m256i p, q;
  guint i, j;

  if (fused) {
    _Pragma ("GCC unroll 4")
    for (j = 0; j < 4; j++)
      a[j] = _mm256_setzero_ps ();
    _Pragma ("GCC unroll 9")
    for (i = 0; i < n; i++) {
      f = _mm256_set1_ps (k[i]);
      _Pragma ("GCC unroll 4")
      for (j = 0; j < 4; j++)
        a[j] = _mm256_fmadd_ps (f, _mm256_loadu_ps (in[i] + s + 8 * j), a[j]);
    }
  } else {
    /* symmetric: the centre, then each pair's sum, outwards */
    f = _mm256_set1_ps (k[n / 2]);
    _Pragma ("GCC unroll 4")
    for (j = 0; j < 4; j++)
      a[j] = _mm256_mul_ps (f, _mm256_loadu_ps (in[n / 2] + s + 8 * j));
    _Pragma ("GCC unroll 4")
    for (i = 1; i <= n / 2; i++) {
      f = _mm256_set1_ps (k[n / 2 + i]);
      _Pragma ("GCC unroll 4")
      for (j = 0; j < 4; j++)
        a[j] = _mm256_fmadd_ps (f, _mm256_add_ps (_mm256_loadu_ps (in[n / 2 +
                        i] + s + 8 * j), _mm256_loadu_ps (in[n / 2 - i] + s +
                        8 * j)), a[j]);
    }
  }
  /* packs work within 128-bit lanes: one permute puts the bytes back in
   * order */
  p = _mm256_packs_epi32 (round8_avx2 (a[0], round, div, half),
      round8_avx2 (a[1], round, div, half));
  q = _mm256_packs_epi32 (round8_avx2 (a[2], round, div, half),
      round8_avx2 (a[3], round, div, half));
  return _mm256_permutevar8x32_epi32 (_mm256_packus_epi16 (p, q),
      _mm256_setr_epi32 (0, 4, 1, 5, 2, 6, 3, 7));
}

static inline __attribute__ ((always_inline, target ("avx2,fma")))
void taps_bytes_mode (const gfloat * const *in, const gfloat * k, guint n,
    guint8 * dst, guint ns, gboolean fused, GstImAugSepRound round,
    guint divisor)
{
  __m256 div = _mm256_set1_ps (divisor), half = _mm256_set1_ps (divisor / 2);
  guint8 tail[32];
  guint s;

  /* two blocks a step: their chains of dependent steps interleave */
  for (s = 0; s + 64 <= ns; s += 64) {
    __m256i p0 = taps32_avx2 (in, k, n, s, fused, round, div, half);
    __m256i p1 = taps32_avx2 (in, k, n, s + 32, fused, round, div, half);

    _mm256_storeu_si256 ((__m256i *) (dst + s), p0);
    _mm256_storeu_si256 ((__m256i *) (dst + s + 32), p1);
  }
  for (; s + 32 <= ns; s += 32)
    _mm256_storeu_si256 ((__m256i *) (dst + s), taps32_avx2 (in, k, n, s,
            fused, round, div, half));
  if (s < ns) {
    /* the rows have slack: sum past the end, keep what belongs */
    _mm256_storeu_si256 ((__m256i *) tail, taps32_avx2 (in, k, n, s, fused,
            round, div, half));
    memcpy (dst + s, tail, ns - s);
  }
}

/* the taps of each sample, rounded to bytes: with @fused the taps in
 * order, each step fused (cv2.filter2D, and the exact integer kinds);
 * without, a symmetric kernel as cv2's float column filter sums it: the
 * centre tap's product, then each pair of samples added and multiplied
 * in with one fused step, outwards. The common sizes have their taps
 * unrolled. */
#define TAPS_BYTES_N(fused, round, divisor) \
  switch (n) { \
    case 3: \
      taps_bytes_mode (in, k, 3, dst, ns, fused, round, divisor); \
      break; \
    case 5: \
      taps_bytes_mode (in, k, 5, dst, ns, fused, round, divisor); \
      break; \
    case 7: \
      taps_bytes_mode (in, k, 7, dst, ns, fused, round, divisor); \
      break; \
    case 9: \
      taps_bytes_mode (in, k, 9, dst, ns, fused, round, divisor); \
      break; \
    default: \
      taps_bytes_mode (in, k, n, dst, ns, fused, round, divisor); \
  }

__attribute__ ((target ("avx2,fma")))
static void
taps_bytes_avx2 (const gfloat * const *in, const gfloat * k, guint n,
    guint8 * dst, guint ns, gboolean fused, GstImAugSepRound round,
    guint divisor)
{
  if (round == GST_IM_AUG_SEP_FIXED16) {
    TAPS_BYTES_N (TRUE, GST_IM_AUG_SEP_FIXED16, 1);
  } else if (round == GST_IM_AUG_SEP_BOX) {
    TAPS_BYTES_N (TRUE, GST_IM_AUG_SEP_BOX, divisor);
  } else if (fused) {
    TAPS_BYTES_N (TRUE, GST_IM_AUG_SEP_FLOAT, 1);
  } else {
    TAPS_BYTES_N (FALSE, GST_IM_AUG_SEP_FLOAT, 1);
  }
}

/* ---- separable ---- */

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
  guint8 tail[32];
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
    a = _mm256_permute4x64_epi64 (_mm256_packus_epi16 (p[0], p[1]), 0xd8);
    if (s + 32 <= ns) {
      _mm256_storeu_si256 ((__m256i *) (dst + s), a);
    } else {
      _mm256_storeu_si256 ((__m256i *) tail, a);
      memcpy (dst + s, tail, ns - s);
    }
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
  __m256i p;
  guint8 tail[32];
  guint s;

  for (s = 0; s < ns; s += 32) {
    p = _mm256_permute4x64_epi64 (_mm256_packus_epi16 (box16_avx2 (row + s,
                bpp, n, half, div), box16_avx2 (row + s + 16, bpp, n, half,
                div)), 0xd8);
    if (s + 32 <= ns) {
      _mm256_storeu_si256 ((__m256i *) (dst + s), p);
    } else {
      _mm256_storeu_si256 ((__m256i *) tail, p);
      memcpy (dst + s, tail, ns - s);
    }
  }
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
  guint ns = w * bpp, i, c, y, s;
  gfloat *row = (gfloat *) gst_im_aug_thread_bytes (0,
      row_floats ((w + 2 * r) * bpp) * sizeof (gfloat));
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
  gint x;

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
      for (x = 1; x <= (gint) r; x++)
        for (c = 0; c < bpp; c++) {
          mid16[-x * (gint) bpp + (gint) c] =
              mid16[gst_im_aug_reflect101 (-x, w) * bpp + c];
          mid16[(w - 1 + x) * bpp + c] =
              mid16[gst_im_aug_reflect101 (w - 1 + x, w) * bpp + c];
        }
      fixed16_row_avx2 (mid16 - (gsize) r * bpp, bpp, kxi, n,
          pass->dst + (gsize) y * pass->dst_stride, ns);
      gst_im_aug_copy_alpha (pass, y, y + 1);
      continue;
    }
    if (box16) {
      /* the whole box in 16 bits: the window's sum is at most 255 * 15^2 */
      for (x = 1; x <= (gint) r; x++)
        for (c = 0; c < bpp; c++) {
          mid16[-x * (gint) bpp + (gint) c] =
              mid16[gst_im_aug_reflect101 (-x, w) * bpp + c];
          mid16[(w - 1 + x) * bpp + c] =
              mid16[gst_im_aug_reflect101 (w - 1 + x, w) * bpp + c];
        }
      box_row_avx2 (mid16 - (gsize) r * bpp, bpp, n, k->divisor,
          pass->dst + (gsize) y * pass->dst_stride, ns);
      gst_im_aug_copy_alpha (pass, y, y + 1);
      continue;
    }
    for (x = 1; x <= (gint) r; x++)
      for (c = 0; c < bpp; c++) {
        mid[-x * (gint) bpp + (gint) c] =
            mid[gst_im_aug_reflect101 (-x, w) * bpp + c];
        mid[(w - 1 + x) * bpp + c] =
            mid[gst_im_aug_reflect101 (w - 1 + x, w) * bpp + c];
      }
    taps_bytes_avx2 (in, k->kx, n, pass->dst + (gsize) y * pass->dst_stride,
        ns, TRUE, k->round, k->divisor);
    gst_im_aug_copy_alpha (pass, y, y + 1);
  }
}
#endif

/* Row @t filtered along the row into @out: the bytes made floats (with r
 * reflected pixels each side in @pad) a chunk ahead of the sums, so both
 * stay in the first-level cache. */
#define ROW_CHUNK 1024
static void
filter_row (const guint8 * src, gint stride, guint width, guint height,
    guint bpp, guint r, gint t, gfloat * pad, SumFunc sum, const gfloat * k,
    guint n, gfloat * out)
{
  const guint8 *s = src + (gsize) gst_im_aug_reflect101 (t, height) * stride;
  guint ns = width * bpp, halo = r * bpp, c, done = 0, c0, c1, end, i;
  const gfloat *in[GST_IM_AUG_MAX_TAPS];
  gfloat *p = pad + halo;
  gint x;

  for (x = 1; x <= (gint) r; x++)
    for (c = 0; c < bpp; c++) {
      p[-x * (gint) bpp + (gint) c] =
          s[gst_im_aug_reflect101 (-x, width) * bpp + c];
      p[(width - 1 + x) * bpp + c] =
          s[gst_im_aug_reflect101 (width - 1 + x, width) * bpp + c];
    }
  memset (p + ns + halo, 0, 64 * sizeof (gfloat));
  for (c0 = 0; c0 < ns; c0 = c1) {
    c1 = MIN (c0 + ROW_CHUNK, ns);
    end = MIN (c1 + halo, ns);
    if (end > done) {
      bytes_to_floats (s + done, end - done, p + done);
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
  gsize len = row_floats (ns);
  gfloat *pad = (gfloat *) gst_im_aug_thread_bytes (0,
      (row_floats ((width + 2 * r) * bpp)) * sizeof (gfloat));
  gfloat *ring = (gfloat *) gst_im_aug_thread_bytes (1,
      len * (n + 1) * sizeof (gfloat));
  gfloat *sums = ring + len * n;
  const gfloat *in[GST_IM_AUG_MAX_TAPS];
  G_GNUC_UNUSED gboolean avx2 = gst_im_aug_filter_avx2 ();
  gboolean exact = k->round != GST_IM_AUG_SEP_FLOAT;
  /* float kernels as cv2.sepFilter2D sums them: rows tap by tap, fused;
   * columns symmetric (see taps_bytes_avx2) */
  SumFunc sum = sum_func (exact), vsum = exact ? sum : sym_taps_c;
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
      taps_bytes_avx2 (in, k->ky, n, d, ns, exact, k->round, k->divisor);
    else
#endif
    {
      vsum (in, k->ky, n, sums, ns);
      round_row (sums, ns, k->round, k->divisor, d);
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

/* ---- 2-D ---- */

void
gst_im_aug_kernel2d_init (GstImAugKernel2D * k, guint n, const gfloat * taps)
{
  guint x, y;

  k->n = n;
  k->n_taps = 0;
  /* cv2.filter2D skips the zero taps */
  for (y = 0; y < n; y++)
    for (x = 0; x < n; x++)
      if (taps[y * n + x] != 0 && k->n_taps < G_N_ELEMENTS (k->k)) {
        k->dy[k->n_taps] = y;
        k->dx[k->n_taps] = x;
        k->k[k->n_taps++] = taps[y * n + x];
      }
}

typedef struct
{
  const GstImAugPixels *pass;
  const GstImAugKernel2D *k;
} Job2D;

static void
rows_2d (guint row_begin, guint row_end, gpointer user_data)
{
  const Job2D *job = user_data;
  const GstImAugPixels *p = job->pass;
  const GstImAugKernel2D *k = job->k;
  guint n = k->n, r = n / 2, bpp = p->layout->bpp, ns = p->width * bpp, i;
  gsize len = row_floats ((p->width + 2 * r) * bpp);
  gfloat *ring = (gfloat *) gst_im_aug_thread_bytes (1,
      len * n * sizeof (gfloat) + row_floats (ns) * sizeof (gfloat));
  gfloat *sums = ring + len * n;
  const gfloat *in[G_N_ELEMENTS (k->k)];
  SumFunc sum = sum_func (FALSE);
  G_GNUC_UNUSED gboolean avx2 = gst_im_aug_filter_avx2 ();
  gint next = (gint) row_begin - (gint) r, y, t;
  guint8 *d;

  for (y = row_begin; y < (gint) row_end; y++) {
    for (; next <= y + (gint) r; next++)
      load_row (p->src, p->src_stride, p->width, p->height, bpp, r, next,
          ring + len * ((next - (gint) row_begin + r) % n));
    if (k->n_taps == 0) {
      memset (sums, 0, ns * sizeof (gfloat));
    } else {
      for (i = 0; i < k->n_taps; i++) {
        t = y - (gint) r + k->dy[i];
        in[i] = ring + len * ((t - (gint) row_begin + r) % n)
            + (gsize) k->dx[i] * bpp;
      }
#ifdef __SSE2__
      if (avx2) {
        taps_bytes_avx2 (in, k->k, k->n_taps, p->dst + (gsize) y *
            p->dst_stride, ns, TRUE, GST_IM_AUG_SEP_FLOAT, 1);
        gst_im_aug_copy_alpha (p, y, y + 1);
        continue;
      }
#endif
      sum (in, k->k, k->n_taps, sums, ns);
    }
    d = p->dst + (gsize) y * p->dst_stride;
    round_row (sums, ns, GST_IM_AUG_SEP_FLOAT, 1, d);
    gst_im_aug_copy_alpha (p, y, y + 1);
  }
}

void
gst_im_aug_filter2d (const GstImAugPixels * pass, const GstImAugKernel2D * k)
{
  Job2D job = { pass, k };

  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows, rows_2d,
      &job);
}
