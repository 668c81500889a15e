/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* What the convolutions of the filter transforms (gstimaugseparable.c,
 * gstimaugfilter2d.c) share: rows of bytes made floats, the taps summed
 * along rows of floats (plain, or each step fused as OpenCV's float code
 * does it), and the sums rounded to bytes, in each of the filters' ways.
 * AVX2 + FMA where the CPU has them; the plain C / SSE2 code gives the
 * same bytes. */
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

/* ---- bytes to floats ---- */

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

void
gst_im_aug_bytes_to_floats (const guint8 * s, guint n, gfloat * p)
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

/* Sums tap by tap: fused, as OpenCV's float code has them, for the float
 * kernels (plain C's fmaf without AVX2); for the exact kinds (integer taps
 * and sums below 2^24) fusing changes nothing, so fused with AVX2, plain
 * SSE2 without. */
GstImAugSumFunc
gst_im_aug_sum_func (gboolean exact)
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

void
gst_im_aug_round_row (const gfloat * sums, guint ns, GstImAugSepRound round,
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
void
gst_im_aug_taps_bytes_avx2 (const gfloat * const *in, const gfloat * k,
    guint n, guint8 * dst, guint ns, gboolean fused, GstImAugSepRound round,
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
#endif
