/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Random fields: the per-pixel values of the noise transforms, redrawn at
 * render time from a step's key and the pixel's position (row y of a
 * field takes blocks y * blocks_per_row + i of a field stream), so the
 * bytes depend on neither row bands nor workers. Normals, uniforms and
 * raw words, 16 from every 4 Philox4x32-10 blocks: SSE2 takes 4 blocks
 * at once, AVX2 (where the CPU has it) 8, and the scalar code computes
 * the same values. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "gstimaugnoise-private.h"

void
gst_im_aug_field_key (const GstImDrawKey * key, guint32 field,
    GstImDrawKey * out)
{
  *out = *key;
  /* a different Philox key is an independent stream */
  out->key[0] ^= 0x85ebca6bu * (field + 1);
  out->key[1] ^= 0xc2b2ae35u;
}

/* Standard normals, 16 from every 4 consecutive blocks: Box-Muller on the
 * top 24 bits of words 0 and 1 (one pair) and of words 2 and 3 (another),
 * in single precision with polynomial log, sin and cos (relative error
 * below 1e-6; the radius uses u in (0, 1], so |z| < 5.8). The 16 of blocks
 * b..b+3 are, in order: cos and sin of the words 0-1 pair of each block,
 * then cos and sin of the words 2-3 pair; the SSE2 and the scalar code
 * compute the same floats. */
#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u
#define LN2_F 0.693147180559945f
#define TWO_PI_F 6.28318530717959f
#define SQRT2_F 1.41421356237310f
#define INV_2_24 (1.0f / 16777216.0f)

#define LOG_POLY(t2) (1.0f + (t2) * (1.0f / 3 + (t2) * (1.0f / 5 + (t2) * \
    (1.0f / 7 + (t2) * (1.0f / 9)))))
#define SIN_POLY(x2) (1.0f + (x2) * (-1.0f / 6 + (x2) * (1.0f / 120 + (x2) * \
    (-1.0f / 5040 + (x2) * (1.0f / 362880 + (x2) * (-1.0f / 39916800 + \
    (x2) * (1.0f / 6227020800.0f + (x2) * (-1.0f / 1307674368000.0f))))))))
#define COS_POLY(x2) (1.0f + (x2) * (-1.0f / 2 + (x2) * (1.0f / 24 + (x2) * \
    (-1.0f / 720 + (x2) * (1.0f / 40320 + (x2) * (-1.0f / 3628800 + (x2) * \
    (1.0f / 479001600 + (x2) * (-1.0f / 87178291200.0f + (x2) * \
    (1.0f / 20922789888000.0f)))))))))

#ifdef __SSE2__
static inline __m128i
mul_hi_lo (__m128i a, __m128i m, __m128i * hi)
{
  const __m128i even = _mm_set_epi32 (0, -1, 0, -1);
  __m128i p02 = _mm_mul_epu32 (a, m);
  __m128i p13 = _mm_mul_epu32 (_mm_srli_epi64 (a, 32), m);

  *hi = _mm_or_si128 (_mm_srli_epi64 (p02, 32), _mm_andnot_si128 (even, p13));
  return _mm_or_si128 (_mm_and_si128 (p02, even), _mm_slli_epi64 (p13, 32));
}

/* blocks block..block + 3: w[k] holds word k of each */
static inline void
philox4 (const GstImDrawKey * key, guint32 block, __m128i w[4])
{
  const __m128i m0 = _mm_set1_epi32 (PHILOX_M0), m1 =
      _mm_set1_epi32 (PHILOX_M1);
  __m128i c0 = _mm_set1_epi32 (key->counter[0]);
  __m128i c1 = _mm_set1_epi32 (key->counter[1]);
  __m128i c2 = _mm_set1_epi32 (key->counter[2]);
  __m128i c3 = _mm_add_epi32 (_mm_set1_epi32 (block),
      _mm_set_epi32 (3, 2, 1, 0));
  __m128i k0 = _mm_set1_epi32 (key->key[0]), k1 = _mm_set1_epi32 (key->key[1]);
  __m128i lo0, hi0, lo1, hi1;
  guint r;

  for (r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = _mm_add_epi32 (k0, _mm_set1_epi32 (PHILOX_W0));
      k1 = _mm_add_epi32 (k1, _mm_set1_epi32 (PHILOX_W1));
    }
    lo0 = mul_hi_lo (c0, m0, &hi0);
    lo1 = mul_hi_lo (c2, m1, &hi1);
    c0 = _mm_xor_si128 (_mm_xor_si128 (hi1, c1), k0);
    c1 = lo1;
    c2 = _mm_xor_si128 (_mm_xor_si128 (hi0, c3), k1);
    c3 = lo0;
  }
  w[0] = c0;
  w[1] = c1;
  w[2] = c2;
  w[3] = c3;
}

/* -2 ln u for u in (0, 1] */
static inline __m128
minus_two_log (__m128 u)
{
  __m128i bits = _mm_castps_si128 (u);
  __m128i e = _mm_sub_epi32 (_mm_srli_epi32 (bits, 23), _mm_set1_epi32 (127));
  __m128 m = _mm_castsi128_ps (_mm_or_si128 (_mm_and_si128 (bits,
              _mm_set1_epi32 (0x7fffff)), _mm_set1_epi32 (0x3f800000)));
  __m128 big = _mm_cmpgt_ps (m, _mm_set1_ps (SQRT2_F));
  __m128 t, t2, ln;

  m = _mm_or_ps (_mm_and_ps (big, _mm_mul_ps (m, _mm_set1_ps (0.5f))),
      _mm_andnot_ps (big, m));
  e = _mm_sub_epi32 (e, _mm_castps_si128 (big));
  t = _mm_div_ps (_mm_sub_ps (m, _mm_set1_ps (1.0f)), _mm_add_ps (m,
          _mm_set1_ps (1.0f)));
  t2 = _mm_mul_ps (t, t);
  ln = _mm_add_ps (_mm_mul_ps (_mm_cvtepi32_ps (e), _mm_set1_ps (LN2_F)),
      _mm_mul_ps (_mm_add_ps (t, t), LOG_POLY (t2)));
  return _mm_mul_ps (ln, _mm_set1_ps (-2.0f));
}

static inline void
box_muller4 (__m128i wa, __m128i wb, __m128 scale, __m128 offset,
    __m128 * zc, __m128 * zs)
{
  __m128 u = _mm_mul_ps (_mm_cvtepi32_ps (_mm_add_epi32 (_mm_srli_epi32 (wa,
                  8), _mm_set1_epi32 (1))), _mm_set1_ps (INV_2_24));
  __m128 v = _mm_mul_ps (_mm_cvtepi32_ps (_mm_srli_epi32 (wb, 8)),
      _mm_set1_ps (INV_2_24));
  __m128 r = _mm_mul_ps (_mm_sqrt_ps (minus_two_log (u)), scale);
  __m128 x = _mm_mul_ps (_mm_sub_ps (v, _mm_set1_ps (0.5f)),
      _mm_set1_ps (TWO_PI_F));
  __m128 x2 = _mm_mul_ps (x, x);

  *zc = _mm_add_ps (_mm_mul_ps (r, COS_POLY (x2)), offset);
  *zs = _mm_add_ps (_mm_mul_ps (r, _mm_mul_ps (x, SIN_POLY (x2))), offset);
}

/* 16 values from blocks block..block + 3 */
static inline void
normals16 (const GstImDrawKey * key, guint32 block, __m128 scale,
    __m128 offset, gfloat * out)
{
  __m128i w[4];
  __m128 zc, zs;

  philox4 (key, block, w);
  box_muller4 (w[0], w[1], scale, offset, &zc, &zs);
  _mm_storeu_ps (out, zc);
  _mm_storeu_ps (out + 4, zs);
  box_muller4 (w[2], w[3], scale, offset, &zc, &zs);
  _mm_storeu_ps (out + 8, zc);
  _mm_storeu_ps (out + 12, zs);
}

/* 16 uniforms from blocks block..block + 3: value i is the top 24 bits
 * of word i / 4 of block i % 4 */
static inline void
uniforms16 (const GstImDrawKey * key, guint32 block, gfloat * out)
{
  const __m128 scale = _mm_set1_ps (INV_2_24);
  __m128i w[4];
  guint k;

  philox4 (key, block, w);
  for (k = 0; k < 4; k++)
    _mm_storeu_ps (out + 4 * k, _mm_mul_ps (_mm_cvtepi32_ps
            (_mm_srli_epi32 (w[k], 8)), scale));
}

/* the 16 words of blocks block..block + 3 that uniforms16 () makes its
 * values of, in the same order */
static inline void
words16 (const GstImDrawKey * key, guint32 block, guint32 * out)
{
  __m128i w[4];
  guint k;

  philox4 (key, block, w);
  for (k = 0; k < 4; k++)
    _mm_storeu_si128 ((__m128i *) (out + 4 * k), w[k]);
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1

/* the same values as normals16 () for 8 blocks at once (the float
 * operations are the same, in the same order, with no fused
 * multiply-add) */
__attribute__ ((target ("avx2")))
static inline __m256i
mul_hi_lo8 (__m256i a, __m256i m, __m256i * hi)
{
  const __m256i even = _mm256_set_epi32 (0, -1, 0, -1, 0, -1, 0, -1);
  __m256i p02 = _mm256_mul_epu32 (a, m);
  __m256i p13 = _mm256_mul_epu32 (_mm256_srli_epi64 (a, 32), m);

  *hi = _mm256_or_si256 (_mm256_srli_epi64 (p02, 32),
      _mm256_andnot_si256 (even, p13));
  return _mm256_or_si256 (_mm256_and_si256 (p02, even),
      _mm256_slli_epi64 (p13, 32));
}

__attribute__ ((target ("avx2")))
static inline __m256
minus_two_log8 (__m256 u)
{
  __m256i bits = _mm256_castps_si256 (u);
  __m256i e = _mm256_sub_epi32 (_mm256_srli_epi32 (bits, 23),
      _mm256_set1_epi32 (127));
  __m256 m = _mm256_castsi256_ps (_mm256_or_si256 (_mm256_and_si256 (bits,
              _mm256_set1_epi32 (0x7fffff)), _mm256_set1_epi32 (0x3f800000)));
  __m256 big = _mm256_cmp_ps (m, _mm256_set1_ps (SQRT2_F), _CMP_GT_OQ);
  __m256 t, t2, ln;

  m = _mm256_blendv_ps (m, _mm256_mul_ps (m, _mm256_set1_ps (0.5f)), big);
  e = _mm256_sub_epi32 (e, _mm256_castps_si256 (big));
  t = _mm256_div_ps (_mm256_sub_ps (m, _mm256_set1_ps (1.0f)),
      _mm256_add_ps (m, _mm256_set1_ps (1.0f)));
  t2 = _mm256_mul_ps (t, t);
  ln = _mm256_add_ps (_mm256_mul_ps (_mm256_cvtepi32_ps (e),
          _mm256_set1_ps (LN2_F)), _mm256_mul_ps (_mm256_add_ps (t, t),
          LOG_POLY (t2)));
  return _mm256_mul_ps (ln, _mm256_set1_ps (-2.0f));
}

__attribute__ ((target ("avx2")))
static inline void
box_muller8 (__m256i wa, __m256i wb, __m256 scale, __m256 offset,
    __m256 * zc, __m256 * zs)
{
  __m256 u = _mm256_mul_ps (_mm256_cvtepi32_ps (_mm256_add_epi32
          (_mm256_srli_epi32 (wa, 8), _mm256_set1_epi32 (1))),
      _mm256_set1_ps (INV_2_24));
  __m256 v = _mm256_mul_ps (_mm256_cvtepi32_ps (_mm256_srli_epi32 (wb, 8)),
      _mm256_set1_ps (INV_2_24));
  __m256 r = _mm256_mul_ps (_mm256_sqrt_ps (minus_two_log8 (u)), scale);
  __m256 x = _mm256_mul_ps (_mm256_sub_ps (v, _mm256_set1_ps (0.5f)),
      _mm256_set1_ps (TWO_PI_F));
  __m256 x2 = _mm256_mul_ps (x, x);

  *zc = _mm256_add_ps (_mm256_mul_ps (r, COS_POLY (x2)), offset);
  *zs = _mm256_add_ps (_mm256_mul_ps (r, _mm256_mul_ps (x, SIN_POLY (x2))),
      offset);
}

/* blocks block..block + 7: w[k] holds word k of each */
__attribute__ ((target ("avx2")))
static inline void
philox8 (const GstImDrawKey * key, guint32 block, __m256i w[4])
{
  const __m256i m0 = _mm256_set1_epi32 (PHILOX_M0), m1 =
      _mm256_set1_epi32 (PHILOX_M1);
  __m256i c0 = _mm256_set1_epi32 (key->counter[0]);
  __m256i c1 = _mm256_set1_epi32 (key->counter[1]);
  __m256i c2 = _mm256_set1_epi32 (key->counter[2]);
  __m256i c3 = _mm256_add_epi32 (_mm256_set1_epi32 (block),
      _mm256_set_epi32 (7, 6, 5, 4, 3, 2, 1, 0));
  __m256i k0 = _mm256_set1_epi32 (key->key[0]);
  __m256i k1 = _mm256_set1_epi32 (key->key[1]);
  __m256i lo0, hi0, lo1, hi1;
  guint r;

  for (r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = _mm256_add_epi32 (k0, _mm256_set1_epi32 (PHILOX_W0));
      k1 = _mm256_add_epi32 (k1, _mm256_set1_epi32 (PHILOX_W1));
    }
    lo0 = mul_hi_lo8 (c0, m0, &hi0);
    lo1 = mul_hi_lo8 (c2, m1, &hi1);
    c0 = _mm256_xor_si256 (_mm256_xor_si256 (hi1, c1), k0);
    c1 = lo1;
    c2 = _mm256_xor_si256 (_mm256_xor_si256 (hi0, c3), k1);
    c3 = lo0;
  }
  w[0] = c0;
  w[1] = c1;
  w[2] = c2;
  w[3] = c3;
}

/* four vectors of 8 as two groups of 16 in the order of the SSE2 code:
 * the low (blocks 0-3) halves of a, b, c, d, then the high halves */
__attribute__ ((target ("avx2")))
static inline void
store_groups (gfloat * out, __m256 a, __m256 b, __m256 c, __m256 d)
{
  _mm256_storeu_ps (out, _mm256_permute2f128_ps (a, b, 0x20));
  _mm256_storeu_ps (out + 8, _mm256_permute2f128_ps (c, d, 0x20));
  _mm256_storeu_ps (out + 16, _mm256_permute2f128_ps (a, b, 0x31));
  _mm256_storeu_ps (out + 24, _mm256_permute2f128_ps (c, d, 0x31));
}

__attribute__ ((target ("avx2")))
static void
normals_avx2 (const GstImDrawKey * key, guint32 block, guint n,
    gfloat scale, gfloat offset, gfloat * out)
{
  __m256 vs = _mm256_set1_ps (scale), vo = _mm256_set1_ps (offset);
  __m256 ac, as, bc, bs;
  __m256i w[4];
  guint i;

  for (i = 0; i + 32 <= n; i += 32, block += 8) {
    philox8 (key, block, w);
    box_muller8 (w[0], w[1], vs, vo, &ac, &as);
    box_muller8 (w[2], w[3], vs, vo, &bc, &bs);
    store_groups (out + i, ac, as, bc, bs);
  }
  for (; i < n; i += 16, block += 4)
    normals16 (key, block, _mm_set1_ps (scale), _mm_set1_ps (offset),
        out + i);
}

__attribute__ ((target ("avx2")))
static void
uniforms_avx2 (const GstImDrawKey * key, guint32 block, guint n,
    gfloat * out)
{
  const __m256 scale = _mm256_set1_ps (INV_2_24);
  __m256 f[4];
  __m256i w[4];
  guint i, k;

  for (i = 0; i + 32 <= n; i += 32, block += 8) {
    philox8 (key, block, w);
    for (k = 0; k < 4; k++)
      f[k] = _mm256_mul_ps (_mm256_cvtepi32_ps (_mm256_srli_epi32 (w[k], 8)),
          scale);
    store_groups (out + i, f[0], f[1], f[2], f[3]);
  }
  for (; i < n; i += 16, block += 4)
    uniforms16 (key, block, out + i);
}

__attribute__ ((target ("avx2")))
static void
words_avx2 (const GstImDrawKey * key, guint32 block, guint n, guint32 * out)
{
  __m256i w[4];
  guint i;

  for (i = 0; i + 32 <= n; i += 32, block += 8) {
    philox8 (key, block, w);
    /* as store_groups () orders them */
    _mm256_storeu_si256 ((__m256i *) (out + i),
        _mm256_permute2x128_si256 (w[0], w[1], 0x20));
    _mm256_storeu_si256 ((__m256i *) (out + i + 8),
        _mm256_permute2x128_si256 (w[2], w[3], 0x20));
    _mm256_storeu_si256 ((__m256i *) (out + i + 16),
        _mm256_permute2x128_si256 (w[0], w[1], 0x31));
    _mm256_storeu_si256 ((__m256i *) (out + i + 24),
        _mm256_permute2x128_si256 (w[2], w[3], 0x31));
  }
  for (; i < n; i += 16, block += 4)
    words16 (key, block, out + i);
}
#endif
#else
static gfloat
minus_two_log1 (gfloat u)
{
  union
  {
    gfloat f;
    guint32 i;
  } b = {.f = u };
  gint e = (gint) (b.i >> 23) - 127;
  gfloat m, t, t2;

  b.i = (b.i & 0x7fffff) | 0x3f800000;
  m = b.f;
  if (m > SQRT2_F) {
    m = m * 0.5f;
    e++;
  }
  t = (m - 1.0f) / (m + 1.0f);
  t2 = t * t;
  return ((gfloat) e * LN2_F + (t + t) * LOG_POLY (t2)) * -2.0f;
}
#endif

void
gst_im_aug_field_normals (const GstImDrawKey * key, guint32 block, guint n,
    gfloat scale, gfloat offset, gfloat * out)
{
  guint i;
#ifdef __SSE2__
#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports ("avx2")) {
    normals_avx2 (key, block, n, scale, offset, out);
    return;
  }
#endif
  for (i = 0; i < n; i += 16, block += 4)
    normals16 (key, block, _mm_set1_ps (scale), _mm_set1_ps (offset),
        out + i);
#else
  guint32 w[4][4];
  gfloat u, v, rad, x, x2;
  guint j, p;

  for (i = 0; i < n; i += 16, block += 4) {
    for (j = 0; j < 4; j++)
      gst_im_draw_block (key, block + j, w[j]);
    for (p = 0; p < 2; p++)
      for (j = 0; j < 4; j++) {
        u = (gfloat) ((gint32) (w[j][2 * p] >> 8) + 1) * INV_2_24;
        v = (gfloat) (gint32) (w[j][2 * p + 1] >> 8) * INV_2_24;
        rad = sqrtf (minus_two_log1 (u)) * scale;
        x = (v - 0.5f) * TWO_PI_F;
        x2 = x * x;
        out[i + 8 * p + j] = rad * COS_POLY (x2) + offset;
        out[i + 8 * p + 4 + j] = rad * (x * SIN_POLY (x2)) + offset;
      }
  }
#endif
}

void
gst_im_aug_field_uniforms (const GstImDrawKey * key, guint32 block, guint n,
    gfloat * out)
{
  guint i;
#ifdef __SSE2__
#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports ("avx2")) {
    uniforms_avx2 (key, block, n, out);
    return;
  }
#endif
  for (i = 0; i < n; i += 16, block += 4)
    uniforms16 (key, block, out + i);
#else
  guint32 w[16];
  guint k;

  /* the top 24 bits of the words, in their order */
  for (i = 0; i < n; i += 16, block += 4) {
    gst_im_aug_field_words (key, block, 16, w);
    for (k = 0; k < 16; k++)
      out[i + k] = (gfloat) (w[k] >> 8) * INV_2_24;
  }
#endif
}

void
gst_im_aug_field_words (const GstImDrawKey * key, guint32 block, guint n,
    guint32 * out)
{
  guint i;
#ifdef __SSE2__
#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports ("avx2")) {
    words_avx2 (key, block, n, out);
    return;
  }
#endif
  for (i = 0; i < n; i += 16, block += 4)
    words16 (key, block, out + i);
#else
  guint32 w[4];
  guint j, k;

  for (i = 0; i < n; i += 16, block += 4)
    for (j = 0; j < 4; j++) {
      gst_im_draw_block (key, block + j, w);
      for (k = 0; k < 4; k++)
        out[i + 4 * k + j] = w[k];
    }
#endif
}
