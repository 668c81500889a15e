/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Noise: GaussNoise, ISONoise, MultiplicativeNoise, SaltAndPepper. Only
 * the per-frame scalars are drawn into the plan; every per-pixel value is
 * redrawn at render time from the step's key and the pixel's position
 * (row y takes blocks y * blocks_per_row + i of a field stream), so the
 * bytes depend on neither row bands nor workers, and a replay needs only
 * the recorded values. The dropouts and the compression live in
 * gstimaugdropout.c and gstimaugcompress.c; this file's table lists them. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "gstimaugnoise-private.h"

/* ---- random fields ---- */

void
gst_im_aug_field_key (const GstImDrawKey * key, guint32 field,
    GstImDrawKey * out)
{
  *out = *key;
  /* a different Philox key is an independent stream */
  out->key[0] ^= 0x85ebca6bu * (field + 1);
  out->key[1] ^= 0xc2b2ae35u;
}

void
gst_im_aug_field_block (const GstImDrawKey * key, guint32 block,
    guint32 out[4])
{
  guint32 counter[4];

  counter[0] = key->counter[0];
  counter[1] = key->counter[1];
  counter[2] = key->counter[2];
  counter[3] = block;
  gst_im_philox4x32_10 (counter, key->key, out);
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
  for (; i < n; i += 16, block += 4) {
    __m128i v[4];

    philox4 (key, block, v);
    for (k = 0; k < 4; k++)
      _mm_storeu_ps (out + i + 4 * k, _mm_mul_ps (_mm_cvtepi32_ps
              (_mm_srli_epi32 (v[k], 8)), _mm_set1_ps (INV_2_24)));
  }
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
  for (; i < n; i += 16, block += 4) {
    __m128i v[4];
    guint k;

    philox4 (key, block, v);
    for (k = 0; k < 4; k++)
      _mm_storeu_si128 ((__m128i *) (out + i + 4 * k), v[k]);
  }
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

/* @n values scale * z + offset from blocks @block.. of @key, n rounded up
 * to 16 in @out (room for it) */
static void
normals (const GstImDrawKey * key, guint32 block, guint n, gfloat scale,
    gfloat offset, gfloat * out)
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
      gst_im_aug_field_block (key, block + j, w[j]);
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

/* @n uniform floats in [0, 1) (the top 24 bits of words), 16 per 4
 * blocks: value i of a group is word i / 4 of block i % 4; n rounded up
 * to 16 in @out */
static void
uniforms (const GstImDrawKey * key, guint32 block, guint n, gfloat * out)
{
  guint i, k;
#ifdef __SSE2__
  const __m128 scale = _mm_set1_ps (INV_2_24);
  __m128i w[4];

#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports ("avx2")) {
    uniforms_avx2 (key, block, n, out);
    return;
  }
#endif
  for (i = 0; i < n; i += 16, block += 4) {
    philox4 (key, block, w);
    for (k = 0; k < 4; k++)
      _mm_storeu_ps (out + i + 4 * k, _mm_mul_ps (_mm_cvtepi32_ps
              (_mm_srli_epi32 (w[k], 8)), scale));
  }
#else
  guint32 w[4];
  guint j;

  for (i = 0; i < n; i += 16, block += 4)
    for (j = 0; j < 4; j++) {
      gst_im_aug_field_block (key, block + j, w);
      for (k = 0; k < 4; k++)
        out[i + 4 * k + j] = (gfloat) (w[k] >> 8) * INV_2_24;
    }
#endif
}

/* @n 32-bit words in the order of uniforms () (the words the uniforms
 * are made of), n rounded up to 16 in @out */
static void
words (const GstImDrawKey * key, guint32 block, guint n, guint32 * out)
{
  guint i, k;
#ifdef __SSE2__
  __m128i w[4];

#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports ("avx2")) {
    words_avx2 (key, block, n, out);
    return;
  }
#endif
  for (i = 0; i < n; i += 16, block += 4) {
    philox4 (key, block, w);
    for (k = 0; k < 4; k++)
      _mm_storeu_si128 ((__m128i *) (out + i + 4 * k), w[k]);
  }
#else
  guint32 w[4];
  guint j;

  for (i = 0; i < n; i += 16, block += 4)
    for (j = 0; j < 4; j++) {
      gst_im_aug_field_block (key, block + j, w);
      for (k = 0; k < 4; k++)
        out[i + 4 * k + j] = w[k];
    }
#endif
}

/* float -> uint8 as albucore's clip then astype: clipped to [0, 255],
 * truncated */
static inline guint8
clip_trunc (gfloat v)
{
  return v <= 0.0f ? 0 : v >= 255.0f ? 255 : (guint8) v;
}

/* albucore adds float noise to uint8 by truncating it toward zero first
 * (np.trunc), then adds with saturation */
static inline guint8
add_trunc (guint8 s, gfloat a)
{
  gint v = (gint) s + (gint) a;

  return CLAMP (v, 0, 255);
}

/* dst[i] = add_trunc (src[i], add[i]) for n contiguous bytes */
static void
add_row (const guint8 * src, const gfloat * add, guint8 * dst, guint n)
{
  guint i = 0;
#ifdef __SSE2__
  const __m128i zero = _mm_setzero_si128 ();
  __m128i s, lo, hi, a, b, c, d;

  for (; i + 16 <= n; i += 16) {
    s = _mm_loadu_si128 ((const __m128i *) (src + i));
    lo = _mm_unpacklo_epi8 (s, zero);
    hi = _mm_unpackhi_epi8 (s, zero);
    a = _mm_add_epi32 (_mm_unpacklo_epi16 (lo, zero),
        _mm_cvttps_epi32 (_mm_loadu_ps (add + i)));
    b = _mm_add_epi32 (_mm_unpackhi_epi16 (lo, zero),
        _mm_cvttps_epi32 (_mm_loadu_ps (add + i + 4)));
    c = _mm_add_epi32 (_mm_unpacklo_epi16 (hi, zero),
        _mm_cvttps_epi32 (_mm_loadu_ps (add + i + 8)));
    d = _mm_add_epi32 (_mm_unpackhi_epi16 (hi, zero),
        _mm_cvttps_epi32 (_mm_loadu_ps (add + i + 12)));
    _mm_storeu_si128 ((__m128i *) (dst + i),
        _mm_packus_epi16 (_mm_packs_epi32 (a, b), _mm_packs_epi32 (c, d)));
  }
#endif
  for (; i < n; i++)
    dst[i] = add_trunc (src[i], add[i]);
}

/* Where value k of a field row lands: colour channels in RGB order, per
 * pixel (n_per_pixel 3) or one value for all channels (1). */
static void
apply_field_row (const GstImAugPixels * pass, guint y, const gfloat * f,
    guint n_per_pixel)
{
  const GstImAugLayout *l = pass->layout;
  const guint8 *s = pass->src + (gsize) y * pass->src_stride;
  guint8 *d = pass->dst + (gsize) y * pass->dst_stride;
  guint x, c, bpp = l->bpp;
  gfloat a;

  if (bpp == n_per_pixel && (bpp == 1 || (l->rgb[0] == 0 && l->rgb[2] == 2))) {
    add_row (s, f, d, pass->width * bpp);
    return;
  }
  for (x = 0; x < pass->width; x++, s += bpp, d += bpp) {
    for (c = 0; c < l->n_colour; c++) {
      a = n_per_pixel == 1 ? f[x] : f[(gsize) x * 3 + c];
      d[l->rgb[c]] = add_trunc (s[l->rgb[c]], a);
    }
    if (l->alpha >= 0)
      d[l->alpha] = s[l->alpha];
  }
}

/* blocks per row of a field of n values per row, 16 per 4 blocks */
static guint32
row_blocks (guint n)
{
  return (n + 15) / 16 * 4;
}

/* ---- GaussNoise ---- */

static const GstImAugParamSpec gauss_params[] = {
  {.name = "std_range",.type = GST_IM_AUG_RANGE,.def = "[0.2, 0.44]",.min =
        0,.max = 1},
  {.name = "mean_range",.type = GST_IM_AUG_RANGE,.def = "[0, 0]",.min =
        -1,.max = 1},
  {.name = "per_channel",.type = GST_IM_AUG_BOOL,.def = "true"},
  {.name = "noise_scale_factor",.type = GST_IM_AUG_NUMBER,.def = "1",.min =
        1e-6,.max = 1},
  /* 1.4 */
  {.name = "var_limit",.type = GST_IM_AUG_RANGE,.def = "null",.min = 0,.max =
        1e9,.expand = GST_IM_AUG_EXPAND_FROM_ZERO,.flags = GST_IM_AUG_NULLABLE},
  {.name = "mean",.type = GST_IM_AUG_NUMBER,.def = "null",.min = -1e9,.max =
        1e9,.flags = GST_IM_AUG_NULLABLE},
};

static const GstImAugApplied gauss_applied[] = {
  {"sigma", 1}, {"mean", 1}, {"per_channel", 1}, {"noise_scale_factor", 1},
};

/* slots: std_range 0-1, mean_range 2-3, per_channel 4, noise_scale_factor
 * 5, var_limit 6-7, mean 8. Applied: sigma and mean in levels. */
static void
draw_gauss (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  gdouble std[2] = { p[0], p[1] }, mean[2] = { p[2], p[3] }, var[2];

  if (!isnan (p[6])) {
    /* albumentations 1.4.24: a var_limit above 1 (levels squared) is
     * replaced by its default std_range; one up to 1 is a variance in
     * fractions of 255. Either way the variance is drawn uniformly. */
    if (p[7] > 1) {
      std[0] = sqrt (10.0 / 255);
      std[1] = sqrt (50.0 / 255);
    } else {
      std[0] = sqrt (p[6]);
      std[1] = sqrt (p[7]);
    }
    var[0] = std[0] * std[0];
    var[1] = std[1] * std[1];
    step->v[0] = 255 * sqrt (gst_im_aug_draw_range (key, 1, var));
  } else {
    step->v[0] = 255 * gst_im_aug_draw_range (key, 1, std);
  }
  if (!isnan (p[8]))
    mean[0] = mean[1] = p[8] >= 1 ? p[8] / 255 : p[8];
  step->v[1] = 255 * gst_im_aug_draw_range (key, 2, mean);
  step->v[2] = p[4];
  step->v[3] = p[5];
}

typedef struct
{
  const GstImAugPixels *pass;
  GstImDrawKey key;
  gfloat sigma, mean;
  guint npp;                    /* values per pixel */
  guint rw, rh;                 /* the drawn field: the image or smaller */
} GaussJob;

/* field row ry of rw x npp values (+ 16 of slack) */
static void
gauss_field_row (const GaussJob * job, guint ry, gfloat * out)
{
  guint n = job->rw * job->npp;

  normals (&job->key, (guint32) ry * row_blocks (n), n, job->sigma,
      job->mean, out);
}

/* one coordinate of cv2.resize INTER_LINEAR from @rn to @n samples */
static void
linear_tap (guint i, guint n, guint rn, guint * i0, guint * i1, gfloat * f)
{
  gdouble s = (i + 0.5) * rn / n - 0.5;
  gint k = (gint) floor (s);

  *f = s - k;
  if (k < 0) {
    k = 0;
    *f = 0;
  }
  if (k >= (gint) rn - 1) {
    k = rn - 1;
    *f = 0;
  }
  *i0 = k;
  *i1 = MIN ((guint) k + 1, rn - 1);
}

static void
gauss_rows (guint row_begin, guint row_end, gpointer data)
{
  const GaussJob *job = data;
  const GstImAugPixels *pass = job->pass;
  guint n = pass->width * job->npp, rn = job->rw * job->npp, y, x, c, x0,
      x1, y0, y1;
  gfloat *f = (gfloat *) gst_im_aug_thread_bytes (0, (n + 16) * 4), *a, *b,
      fx, fy;

  for (y = row_begin; y < row_end; y++) {
    if (job->rw == pass->width && job->rh == pass->height) {
      gauss_field_row (job, y, f);
    } else {
      /* a smaller field, resized bilinearly as cv2.resize does */
      a = (gfloat *) gst_im_aug_thread_bytes (1, (rn + 16) * 4);
      b = (gfloat *) gst_im_aug_thread_bytes (2, (rn + 16) * 4);
      linear_tap (y, pass->height, job->rh, &y0, &y1, &fy);
      gauss_field_row (job, y0, a);
      gauss_field_row (job, y1, b);
      for (x = 0; x < pass->width; x++) {
        linear_tap (x, pass->width, job->rw, &x0, &x1, &fx);
        for (c = 0; c < job->npp; c++)
          f[x * job->npp + c] =
              (1 - fy) * ((1 - fx) * a[x0 * job->npp + c] +
              fx * a[x1 * job->npp + c]) +
              fy * ((1 - fx) * b[x0 * job->npp + c] + fx * b[x1 * job->npp +
                  c]);
      }
    }
    apply_field_row (pass, y, f, job->npp);
  }
}

static void
pixels_gauss (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  GaussJob job;

  job.pass = pass;
  gst_im_aug_field_key (&pass->step->key, 0, &job.key);
  /* a replayed plan may hold anything finite: kept to what a draw gives */
  job.sigma = CLAMP (v[0], 0, 255);
  job.mean = CLAMP (v[1], -255, 255);
  job.npp = v[2] ? pass->layout->n_colour : 1;
  job.rw = pass->width;
  job.rh = pass->height;
  if (v[3] > 0 && v[3] < 1) {
    /* albumentations: int (size * factor), at least 1 */
    job.rw = MAX (1, (guint) (pass->width * v[3]));
    job.rh = MAX (1, (guint) (pass->height * v[3]));
  }
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      gauss_rows, &job);
}

static const GstImAugClass gauss_noise = {
  .name = "GaussNoise",
  .params = gauss_params,
  .n_params = G_N_ELEMENTS (gauss_params),
  .applied = gauss_applied,
  .n_applied = G_N_ELEMENTS (gauss_applied),
  .draw = draw_gauss,
  .pixels = pixels_gauss,
};

/* ---- ISONoise ---- */

static const GstImAugParamSpec iso_params[] = {
  {.name = "color_shift",.type = GST_IM_AUG_RANGE,.def = "[0.01, 0.05]",.min =
        0,.max = 1},
  {.name = "intensity",.type = GST_IM_AUG_RANGE,.def = "[0.1, 0.5]",.min =
        0,.max = 1e6},
};

static const GstImAugApplied iso_applied[] = {
  {"color_shift", 1}, {"intensity", 1},
};

static void
draw_iso (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, 1, p);
  step->v[1] = gst_im_aug_draw_range (key, 2, p + 2);
}

#define POISSON_TABLE 64

typedef struct
{
  const GstImAugPixels *pass;
  GstImDrawKey hue_key, lum_key;
  gfloat hue_sigma, intensity;
  gdouble lambda;
  gfloat cdf[POISSON_TABLE];    /* P (K <= k) */
  guint64 sum, sum2;            /* of max + min: L * 510 */
  GMutex lock;
} IsoJob;

static void
iso_stats_rows (guint row_begin, guint row_end, gpointer data)
{
  IsoJob *job = data;
  const GstImAugLayout *l = job->pass->layout;
  guint64 s = 0, s2 = 0;
  const guint8 *p;
  guint x, y, r, g, b, m;

  for (y = row_begin; y < row_end; y++) {
    p = job->pass->src + (gsize) y * job->pass->src_stride;
    for (x = 0; x < job->pass->width; x++, p += l->bpp) {
      r = p[l->rgb[0]];
      g = p[l->rgb[1]];
      b = p[l->rgb[2]];
      m = MAX (r, MAX (g, b)) + MIN (r, MIN (g, b));
      s += m;
      s2 += m * m;
    }
  }
  g_mutex_lock (&job->lock);
  job->sum += s;
  job->sum2 += s2;
  g_mutex_unlock (&job->lock);
}

/* A Poisson (lambda) count by inversion of @u: the table, then the
 * recurrence past it. */
static guint
poisson (const IsoJob * job, gfloat u)
{
  gdouble p, cdf;
  guint k;

  for (k = 0; k < POISSON_TABLE; k++)
    if (u < job->cdf[k])
      return k;
  cdf = job->cdf[POISSON_TABLE - 1];
  p = exp (-job->lambda + (POISSON_TABLE - 1) * log (job->lambda) -
      lgamma (POISSON_TABLE));
  for (k = POISSON_TABLE; u >= cdf && p > 0; k++) {
    p *= job->lambda / k;
    cdf += p;
  }
  return k - 1;
}

/* one pixel through cv2's float RGB -> HLS, the noise (hue + @z degrees,
 * luminance + count * intensity * (1 - L), clipped), and back */
static void
iso_pixel (const IsoJob * job, const guint8 * s, guint8 * d,
    const GstImAugLayout * l, gfloat z, guint count)
{
  static const guint8 sector_rgb[6][3] = {
    {0, 3, 1}, {2, 0, 1}, {1, 0, 3}, {1, 2, 0}, {3, 1, 0}, {0, 1, 2}
  };
  gfloat rgb[3], vmax, vmin, diff, h = 0, lum, sat = 0, tab[4], p1, p2;
  gint sector;
  guint c;

  for (c = 0; c < 3; c++)
    rgb[c] = s[l->rgb[c]] * (1.0f / 255);
  vmax = MAX (rgb[0], MAX (rgb[1], rgb[2]));
  vmin = MIN (rgb[0], MIN (rgb[1], rgb[2]));
  diff = vmax - vmin;
  lum = (vmax + vmin) * 0.5f;
  if (diff > FLT_EPSILON) {
    sat = lum < 0.5f ? diff / (vmax + vmin) : diff / (2 - vmax - vmin);
    diff = 60.0f / diff;
    if (vmax == rgb[0])
      h = (rgb[1] - rgb[2]) * diff;
    else if (vmax == rgb[1])
      h = (rgb[2] - rgb[0]) * diff + 120;
    else
      h = (rgb[0] - rgb[1]) * diff + 240;
    if (h < 0)
      h += 360;
  }
  h += z;
  lum = CLAMP (lum + (gfloat) count * job->intensity * (1.0f - lum), 0.0f,
      1.0f);

  if (sat == 0) {
    rgb[0] = rgb[1] = rgb[2] = lum;
  } else {
    p2 = lum <= 0.5f ? lum * (1 + sat) : lum + sat - lum * sat;
    p1 = 2 * lum - p2;
    h *= 1.0f / 60;
    h -= 6 * floorf (h * (1.0f / 6));
    sector = CLAMP ((gint) floorf (h), 0, 5);
    h -= sector;
    tab[0] = p2;
    tab[1] = p1;
    tab[2] = p1 + (p2 - p1) * (1 - h);
    tab[3] = p1 + (p2 - p1) * h;
    for (c = 0; c < 3; c++)
      rgb[c] = tab[sector_rgb[sector][c]];
  }
  for (c = 0; c < l->n_colour; c++)
    d[l->rgb[c]] = (guint8) rintf (CLAMP (rgb[c], 0.0f, 1.0f) * 255);
  if (l->alpha >= 0)
    d[l->alpha] = s[l->alpha];
}

#ifdef __SSE2__
static inline __m128
select_ps (__m128 mask, __m128 a, __m128 b)
{
  return _mm_or_ps (_mm_and_ps (mask, a), _mm_andnot_ps (mask, b));
}

/* iso_pixel () for 4 pixels at once, without branches: channels in
 * [0, 1] in rgb[], hue noise z, counts k; rgb[] replaced */
static void
iso4 (const IsoJob * job, __m128 rgb[3], __m128 z, __m128 k)
{
  /* per sector, which of (p2, p1, falling, rising) each channel takes */
  static const guint8 sector_tab[3][6] = {
    {0, 2, 1, 1, 3, 0}, {3, 0, 0, 2, 1, 1}, {1, 1, 3, 0, 0, 2}
  };
  const __m128 one = _mm_set1_ps (1.0f), half = _mm_set1_ps (0.5f);
  __m128 r = rgb[0], g = rgb[1], b = rgb[2];
  __m128 vmax = _mm_max_ps (r, _mm_max_ps (g, b));
  __m128 vmin = _mm_min_ps (r, _mm_min_ps (g, b));
  __m128 diff = _mm_sub_ps (vmax, vmin), sum = _mm_add_ps (vmax, vmin);
  __m128 lum = _mm_mul_ps (sum, half), valid, sat, dd, mr, mg, h, p1, p2,
      q, fl, f, tab[4], zero_sat, v;
  __m128i sector;
  guint c, i;

  /* the divisions by zero where diff is 0 are masked out by valid */
  valid = _mm_cmpgt_ps (diff, _mm_set1_ps (FLT_EPSILON));
  sat = select_ps (_mm_cmplt_ps (lum, half), _mm_div_ps (diff, sum),
      _mm_div_ps (diff, _mm_sub_ps (_mm_set1_ps (2.0f), sum)));
  dd = _mm_div_ps (_mm_set1_ps (60.0f), diff);
  mr = _mm_cmpeq_ps (vmax, r);
  mg = _mm_andnot_ps (mr, _mm_cmpeq_ps (vmax, g));
  h = select_ps (mr, _mm_mul_ps (_mm_sub_ps (g, b), dd), select_ps (mg,
          _mm_add_ps (_mm_mul_ps (_mm_sub_ps (b, r), dd), _mm_set1_ps (120)),
          _mm_add_ps (_mm_mul_ps (_mm_sub_ps (r, g), dd),
              _mm_set1_ps (240))));
  h = _mm_add_ps (h, _mm_and_ps (_mm_cmplt_ps (h, _mm_setzero_ps ()),
          _mm_set1_ps (360)));
  h = _mm_add_ps (_mm_and_ps (valid, h), z);
  sat = _mm_and_ps (valid, sat);
  lum = _mm_min_ps (_mm_max_ps (_mm_add_ps (lum, _mm_mul_ps (_mm_mul_ps (k,
                      _mm_set1_ps (job->intensity)), _mm_sub_ps (one, lum))),
          _mm_setzero_ps ()), one);

  p2 = select_ps (_mm_cmple_ps (lum, half), _mm_mul_ps (lum, _mm_add_ps (one,
              sat)), _mm_sub_ps (_mm_add_ps (lum, sat), _mm_mul_ps (lum,
              sat)));
  p1 = _mm_sub_ps (_mm_add_ps (lum, lum), p2);
  /* hue in sixths, wrapped into [0, 6) */
  h = _mm_mul_ps (h, _mm_set1_ps (1.0f / 60));
  q = _mm_mul_ps (h, _mm_set1_ps (1.0f / 6));
  fl = _mm_cvtepi32_ps (_mm_cvttps_epi32 (q));
  fl = _mm_sub_ps (fl, _mm_and_ps (_mm_cmpgt_ps (fl, q), one));
  h = _mm_sub_ps (h, _mm_mul_ps (fl, _mm_set1_ps (6.0f)));
  h = _mm_sub_ps (h, _mm_and_ps (_mm_cmpge_ps (h, _mm_set1_ps (6.0f)),
          _mm_set1_ps (6.0f)));
  h = _mm_max_ps (h, _mm_setzero_ps ());
  sector = _mm_cvttps_epi32 (h);
  f = _mm_sub_ps (h, _mm_cvtepi32_ps (sector));
  tab[0] = p2;
  tab[1] = p1;
  tab[2] = _mm_add_ps (p1, _mm_mul_ps (_mm_sub_ps (p2, p1), _mm_sub_ps (one,
              f)));
  tab[3] = _mm_add_ps (p1, _mm_mul_ps (_mm_sub_ps (p2, p1), f));
  zero_sat = _mm_cmpeq_ps (sat, _mm_setzero_ps ());
  for (c = 0; c < 3; c++) {
    v = _mm_setzero_ps ();
    for (i = 0; i < 6; i++)
      v = _mm_or_ps (v, _mm_and_ps (_mm_castsi128_ps (_mm_cmpeq_epi32
                  (sector, _mm_set1_epi32 (i))), tab[sector_tab[c][i]]));
    rgb[c] = select_ps (zero_sat, lum, v);
  }
}
#endif

static void
iso_rows (guint row_begin, guint row_end, gpointer data)
{
  const IsoJob *job = data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  guint w = pass->width, bpp = l->bpp, x = 0, y;
  gfloat *z = (gfloat *) gst_im_aug_thread_bytes (0, (w + 16) * 4);
  gfloat *u = (gfloat *) gst_im_aug_thread_bytes (1, (w + 16) * 4);
  const guint8 *s;
  guint8 *d;
#ifdef __SSE2__
  __m128 rgb[3], k;
  gint32 out[3][4];
  guint j, c;
#endif

  for (y = row_begin; y < row_end; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    d = pass->dst + (gsize) y * pass->dst_stride;
    /* per pixel: a normal for the hue, a uniform for the count */
    normals (&job->hue_key, y * row_blocks (w), w, job->hue_sigma, 0, z);
    uniforms (&job->lum_key, y * row_blocks (w), w, u);
    for (x = 0; x < w; x++)
      u[x] = poisson (job, u[x]);
    x = 0;
#ifdef __SSE2__
    if (l->n_colour == 3) {
      for (; x + 4 <= w; x += 4) {
        for (c = 0; c < 3; c++)
          rgb[c] = _mm_mul_ps (_mm_set_ps (s[(x + 3) * bpp + l->rgb[c]],
                  s[(x + 2) * bpp + l->rgb[c]], s[(x + 1) * bpp + l->rgb[c]],
                  s[x * bpp + l->rgb[c]]), _mm_set1_ps (1.0f / 255));
        k = _mm_loadu_ps (u + x);
        iso4 (job, rgb, _mm_loadu_ps (z + x), k);
        for (c = 0; c < 3; c++)
          _mm_storeu_si128 ((__m128i *) out[c], _mm_cvtps_epi32 (_mm_mul_ps
                  (_mm_min_ps (_mm_max_ps (rgb[c], _mm_setzero_ps ()),
                          _mm_set1_ps (1.0f)), _mm_set1_ps (255.0f))));
        for (j = 0; j < 4; j++) {
          for (c = 0; c < 3; c++)
            d[(x + j) * bpp + l->rgb[c]] = out[c][j];
          if (l->alpha >= 0)
            d[(x + j) * bpp + l->alpha] = s[(x + j) * bpp + l->alpha];
        }
      }
    }
#endif
    for (; x < w; x++)
      iso_pixel (job, s + x * bpp, d + x * bpp, l, z[x], (guint) u[x]);
  }
}

static void
pixels_iso (const GstImAugPixels * pass)
{
  IsoJob job;
  gdouble n = (gdouble) pass->width * pass->height, mean, var, p, cdf;
  guint k;

  memset (&job, 0, sizeof (job));
  job.pass = pass;
  gst_im_aug_field_key (&pass->step->key, 0, &job.hue_key);
  gst_im_aug_field_key (&pass->step->key, 1, &job.lum_key);
  g_mutex_init (&job.lock);
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      iso_stats_rows, &job);
  g_mutex_clear (&job.lock);
  /* cv2.meanStdDev of L: the population deviation */
  mean = job.sum / n / 510;
  var = MAX (0, job.sum2 / n / (510.0 * 510) - mean * mean);
  /* as the parameters allow (a replayed plan may hold anything finite) */
  job.intensity = CLAMP (pass->step->v[1], 0, 1e6);
  /* albumentations: hue + N (0, color_shift * intensity) in degrees (its
   * hue runs to 360), luminance + Poisson (std (L) * intensity) */
  job.hue_sigma = CLAMP (pass->step->v[0], 0, 1) * job.intensity;
  job.lambda = sqrt (var) * job.intensity;
  p = exp (-job.lambda);
  cdf = 0;
  for (k = 0; k < POISSON_TABLE; k++) {
    cdf += p;
    job.cdf[k] = cdf;
    p *= job.lambda / (k + 1);
  }
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      iso_rows, &job);
}

static const GstImAugClass iso_noise = {
  .name = "ISONoise",
  .params = iso_params,
  .n_params = G_N_ELEMENTS (iso_params),
  .applied = iso_applied,
  .n_applied = G_N_ELEMENTS (iso_applied),
  .draw = draw_iso,
  .pixels = pixels_iso,
};

/* ---- MultiplicativeNoise ---- */

static const GstImAugParamSpec mult_params[] = {
  {.name = "multiplier",.type = GST_IM_AUG_RANGE,.def = "[0.9, 1.1]",.min =
        0,.max = 1e6},
  {.name = "per_channel",.type = GST_IM_AUG_BOOL,.def = "false"},
  {.name = "elementwise",.type = GST_IM_AUG_BOOL,.def = "false"},
};

static const GstImAugApplied mult_applied[] = {
  {"multiplier", 3}, {"per_channel", 1}, {"elementwise", 1}, {"range", 2},
};

/* v: multiplier per channel 0-2 (not elementwise), per_channel 3,
 * elementwise 4, range 5-6 (elementwise: the field's) */
static void
draw_mult (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  guint c;

  for (c = 0; c < 3; c++)
    step->v[c] = p[3] ? 1.0 : gst_im_draw_uniform (key, 1 + (p[2] ? c : 0),
        p[0], p[1]);
  step->v[3] = p[2];
  step->v[4] = p[3];
  step->v[5] = p[0];
  step->v[6] = p[1];
}

typedef struct
{
  const GstImAugPixels *pass;
  GstImDrawKey key;
  const gfloat *pattern;        /* not elementwise: each byte's m */
  gfloat lo, span;
  guint npp;
} MultJob;

/* dst[i] = clip_trunc (src[i] * (lo + span * u[i])), n contiguous bytes */
static void
mul_row (const guint8 * src, const gfloat * u, gfloat lo, gfloat span,
    guint8 * dst, guint n)
{
  guint i = 0;
#ifdef __SSE2__
  const __m128i zero = _mm_setzero_si128 ();
  const __m128 vl = _mm_set1_ps (lo), vs = _mm_set1_ps (span);
  __m128i s, h[2], q[4];
  guint k;

  for (; i + 16 <= n; i += 16) {
    s = _mm_loadu_si128 ((const __m128i *) (src + i));
    h[0] = _mm_unpacklo_epi8 (s, zero);
    h[1] = _mm_unpackhi_epi8 (s, zero);
    for (k = 0; k < 4; k++)
      q[k] = _mm_cvttps_epi32 (_mm_mul_ps (_mm_cvtepi32_ps (k & 1 ?
                  _mm_unpackhi_epi16 (h[k / 2], zero) :
                  _mm_unpacklo_epi16 (h[k / 2], zero)), _mm_add_ps (vl,
                  _mm_mul_ps (vs, _mm_loadu_ps (u + i + 4 * k)))));
    _mm_storeu_si128 ((__m128i *) (dst + i),
        _mm_packus_epi16 (_mm_packs_epi32 (q[0], q[1]),
            _mm_packs_epi32 (q[2], q[3])));
  }
#endif
  for (; i < n; i++)
    dst[i] = clip_trunc ((gfloat) src[i] * (lo + span * u[i]));
}

/* dst[i] = clip_trunc (src[i] * m[i]), n contiguous bytes */
#ifdef HAVE_AVX2_PATH
__attribute__ ((target ("avx2")))
static void
scale_row_avx2 (const guint8 * src, const gfloat * m, guint8 * dst, guint n)
{
  __m256i q[4], p;
  guint i = 0, k;

  for (; i + 32 <= n; i += 32) {
    for (k = 0; k < 4; k++)
      q[k] = _mm256_cvttps_epi32 (_mm256_mul_ps (_mm256_cvtepi32_ps
              (_mm256_cvtepu8_epi32 (_mm_loadl_epi64 ((const __m128i *)
                          (src + i + 8 * k)))), _mm256_loadu_ps (m + i +
                  8 * k)));
    /* the packs work within 128-bit lanes: put the quarters back in order */
    p = _mm256_packus_epi16 (_mm256_packs_epi32 (q[0], q[1]),
        _mm256_packs_epi32 (q[2], q[3]));
    p = _mm256_permutevar8x32_epi32 (p, _mm256_set_epi32 (7, 3, 6, 2, 5, 1,
            4, 0));
    _mm256_storeu_si256 ((__m256i *) (dst + i), p);
  }
  for (; i < n; i++)
    dst[i] = clip_trunc ((gfloat) src[i] * m[i]);
}
#endif

static void
scale_row (const guint8 * src, const gfloat * m, guint8 * dst, guint n)
{
#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports ("avx2")) {
    scale_row_avx2 (src, m, dst, n);
    return;
  }
#endif
  /* 0 + 1 * m is m */
  mul_row (src, m, 0.0f, 1.0f, dst, n);
}

static void
mult_rows (guint row_begin, guint row_end, gpointer data)
{
  const MultJob *job = data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  guint n = pass->width * job->npp, bpp = l->bpp, x, y, c;
  gfloat *f = (gfloat *) gst_im_aug_thread_bytes (0, (n + 16) * 4), m;
  const guint8 *s;
  guint8 *d;

  for (y = row_begin; y < row_end; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    d = pass->dst + (gsize) y * pass->dst_stride;
    if (!job->npp) {
      scale_row (s, job->pattern, d, pass->width * bpp);
      continue;
    }
    uniforms (&job->key, y * row_blocks (n), n, f);
    if (bpp == job->npp && (bpp == 1 || (l->rgb[0] == 0 && l->rgb[2] == 2))) {
      mul_row (s, f, job->lo, job->span, d, n);
      continue;
    }
    for (x = 0; x < pass->width; x++, s += bpp, d += bpp) {
      for (c = 0; c < l->n_colour; c++) {
        /* the multiplier in float32, the product in float32 (cv2.multiply) */
        m = job->lo + job->span * f[job->npp == 1 ? x : x * job->npp + c];
        d[l->rgb[c]] = clip_trunc ((gfloat) s[l->rgb[c]] * m);
      }
      if (l->alpha >= 0)
        d[l->alpha] = s[l->alpha];
    }
  }
}

static void
pixels_mult (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  const GstImAugLayout *l = pass->layout;
  MultJob job;
  guint c;

  job.pass = pass;
  gst_im_aug_field_key (&pass->step->key, 0, &job.key);
  job.npp = v[4] ? (v[3] ? l->n_colour : 1) : 0;
  /* as the parameters allow (a replayed plan may hold anything finite) */
  job.lo = CLAMP (v[5], 0, 1e6);
  job.span = MAX (0, (gfloat) CLAMP (v[6], 0, 1e6) - job.lo);
  /* not elementwise: albucore's table is i * m in float32, clipped and
   * truncated: the same product computed for every byte (alpha and
   * padding times 1). Slot 3: the workers use 0. */
  if (!job.npp) {
    gfloat *row = (gfloat *) gst_im_aug_thread_bytes (3,
        ((gsize) pass->width * l->bpp + 16) * 4);
    guint x;

    for (x = 0; x < pass->width; x++)
      for (c = 0; c < l->bpp; c++)
        row[x * l->bpp + c] = 1.0f;
    for (x = 0; x < pass->width; x++)
      for (c = 0; c < l->n_colour; c++)
        row[x * l->bpp + l->rgb[c]] = (gfloat) CLAMP (v[c], 0, 1e6);
    job.pattern = row;
  }
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      mult_rows, &job);
}

static const GstImAugClass multiplicative_noise = {
  .name = "MultiplicativeNoise",
  .params = mult_params,
  .n_params = G_N_ELEMENTS (mult_params),
  .applied = mult_applied,
  .n_applied = G_N_ELEMENTS (mult_applied),
  .draw = draw_mult,
  .pixels = pixels_mult,
};

/* ---- SaltAndPepper ---- */

static const GstImAugParamSpec salt_params[] = {
  {.name = "amount",.type = GST_IM_AUG_RANGE,.def = "[0.01, 0.06]",.min =
        0,.max = 1},
  {.name = "salt_vs_pepper",.type = GST_IM_AUG_RANGE,.def = "[0.4, 0.6]",.min =
        0,.max = 1},
};

static const GstImAugApplied salt_applied[] = {
  {"amount", 1}, {"salt_vs_pepper", 1}, {"per_channel", 1},
};

static void
draw_salt (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, 1, p);
  step->v[1] = gst_im_aug_draw_range (key, 2, p + 2);
  /* 1.4.24 draws salt and pepper for each channel value on its own */
  step->v[2] = step->v1_4;
}

/* 2.x picks exactly int (H W amount) pixels without replacement and makes
 * the first int (that * ratio) of them white. Here each pixel has a random
 * word r; the pixels are ranked by (r, pixel index) and the n lowest are
 * picked, the ns lowest white: a uniform choice of exactly n pixels and ns
 * of them, whatever the bands. The two ranks are found by a histogram of
 * the top 16 bits of r, then by sorting the few pixels of the bin that
 * holds each rank. */
typedef struct
{
  guint32 r;
  guint64 index;
} Ranked;

typedef struct
{
  const GstImAugPixels *pass;
  GstImDrawKey key;
  gboolean per_channel;
  /* 1.4.24: a uniform below salt: 255; below all: 0 */
  gfloat salt, all;
  /* 2.x */
  guint64 n_all, n_salt;        /* how many pixels, how many white */
  guint32 *hist;                /* of r >> 16 */
  guint32 bin[2];               /* the bins holding ranks n_all, n_salt */
  Ranked *found;                /* the pixels of those bins */
  guint n_found, max_found;
  Ranked limit[2];              /* the pixels of ranks n_all, n_salt */
  GMutex lock;
} SaltJob;

static const guint32 *
salt_words (const SaltJob * job, guint y, guint n)
{
  guint32 *w = (guint32 *) gst_im_aug_thread_bytes (0, (n + 16) * 4);

  words (&job->key, y * row_blocks (n), n, w);
  return w;
}

static void
salt_hist_rows (guint row_begin, guint row_end, gpointer data)
{
  SaltJob *job = data;
  guint w = job->pass->width, x, y, i;
  guint32 *h = (guint32 *) gst_im_aug_thread_bytes (1, 65536 * 4);
  const guint32 *r;

  memset (h, 0, 65536 * 4);
  for (y = row_begin; y < row_end; y++) {
    r = salt_words (job, y, w);
    for (x = 0; x < w; x++)
      h[r[x] >> 16]++;
  }
  g_mutex_lock (&job->lock);
  for (i = 0; i < 65536; i++)
    job->hist[i] += h[i];
  g_mutex_unlock (&job->lock);
}

static void
salt_find_rows (guint row_begin, guint row_end, gpointer data)
{
  SaltJob *job = data;
  guint w = job->pass->width, x, y;
  const guint32 *r;

  for (y = row_begin; y < row_end; y++) {
    r = salt_words (job, y, w);
    for (x = 0; x < w; x++)
      if ((r[x] >> 16) == job->bin[0] || (r[x] >> 16) == job->bin[1]) {
        g_mutex_lock (&job->lock);
        if (job->n_found < job->max_found) {
          job->found[job->n_found].r = r[x];
          job->found[job->n_found].index = (guint64) y * w + x;
          job->n_found++;
        }
        g_mutex_unlock (&job->lock);
      }
  }
}

static gint
ranked_compare (gconstpointer a, gconstpointer b)
{
  const Ranked *p = a, *q = b;

  if (p->r != q->r)
    return p->r < q->r ? -1 : 1;
  return p->index < q->index ? -1 : p->index > q->index;
}

/* (r, index) <= limit */
static inline gboolean
ranked_le (guint32 r, guint64 index, const Ranked * limit)
{
  return r < limit->r || (r == limit->r && index <= limit->index);
}

static void
salt_rows (guint row_begin, guint row_end, gpointer data)
{
  const SaltJob *job = data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  guint npp = job->per_channel ? l->n_colour : 1;
  guint n = pass->width * npp, x, y, c, k;
  const guint32 *r;
  guint8 *d, v;
  gfloat *u;

  for (y = row_begin; y < row_end; y++) {
    d = pass->dst + (gsize) y * pass->dst_stride;
    memcpy (d, pass->src + (gsize) y * pass->src_stride,
        (gsize) pass->width * l->bpp);
    if (!job->per_channel) {
      if (job->n_all == 0)
        continue;
      r = salt_words (job, y, n);
      for (x = 0; x < pass->width; x++) {
        if (!ranked_le (r[x], (guint64) y * pass->width + x, &job->limit[0]))
          continue;
        v = job->n_salt && ranked_le (r[x], (guint64) y * pass->width + x,
            &job->limit[1]) ? 255 : 0;
        for (c = 0; c < l->n_colour; c++)
          d[(gsize) x * l->bpp + l->rgb[c]] = v;
      }
      continue;
    }
    u = (gfloat *) gst_im_aug_thread_bytes (0, (n + 16) * 4);
    uniforms (&job->key, y * row_blocks (n), n, u);
    /* value k of the row: pixel k / npp, channel k % npp */
    for (k = 0; k < n; k++)
      if (u[k] < job->all)
        d[(gsize) (k / npp) * l->bpp + l->rgb[k % npp]] = u[k] < job->salt ?
            255 : 0;
  }
}

/* the pixel of rank @rank (1-based) */
static void
salt_limit (SaltJob * job, guint64 rank, guint32 bin, Ranked * limit)
{
  guint64 before = 0;
  guint i;

  for (i = 0; i < bin; i++)
    before += job->hist[i];
  /* the found pixels are sorted; those of @bin are consecutive */
  for (i = 0; i < job->n_found && job->found[i].r >> 16 != bin; i++);
  i += rank - before - 1;
  *limit = job->found[MIN (i, job->n_found - 1)];
}

static guint32
salt_bin (const SaltJob * job, guint64 rank)
{
  guint64 cum = 0;
  guint32 i;

  for (i = 0; i < 65535; i++) {
    cum += job->hist[i];
    if (cum >= rank)
      break;
  }
  return i;
}

static void
pixels_salt (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  gdouble amount, ratio;
  SaltJob job;

  memset (&job, 0, sizeof (job));
  job.pass = pass;
  gst_im_aug_field_key (&pass->step->key, 0, &job.key);
  job.per_channel = v[2];
  /* as a draw gives (a replayed plan may hold anything finite) */
  amount = CLAMP (v[0], 0, 1);
  ratio = CLAMP (v[1], 0, 1);
  if (job.per_channel) {
    /* 1.4.24: each channel value white with probability amount * ratio,
     * else black with probability amount * (1 - ratio) (two independent
     * masks, salt first); u < 1 always, so amount 1 hits every value */
    job.salt = amount * ratio;
    job.all = amount >= 1 ? 2 : amount * ratio + (1 - amount * ratio) *
        amount * (1 - ratio);
  } else {
    /* int () of the products, in double as Python computes them */
    job.n_all = (guint64) ((gdouble) pass->width * pass->height * amount);
    job.n_salt = (guint64) (job.n_all * ratio);
  }
  if (job.n_all) {
    /* slots 2 and 3: the workers use 0 and 1 */
    job.hist = (guint32 *) gst_im_aug_thread_bytes (3, 65536 * 4);
    memset (job.hist, 0, 65536 * 4);
    g_mutex_init (&job.lock);
    gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
        salt_hist_rows, &job);
    job.bin[0] = salt_bin (&job, job.n_all);
    job.bin[1] = salt_bin (&job, MAX (job.n_salt, 1));
    job.max_found = job.hist[job.bin[0]] + (job.bin[1] != job.bin[0] ?
        job.hist[job.bin[1]] : 0);
    job.found = (Ranked *) gst_im_aug_thread_bytes (2,
        (gsize) job.max_found * sizeof (Ranked));
    gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
        salt_find_rows, &job);
    g_mutex_clear (&job.lock);
    qsort (job.found, job.n_found, sizeof (Ranked), ranked_compare);
    salt_limit (&job, job.n_all, job.bin[0], &job.limit[0]);
    salt_limit (&job, MAX (job.n_salt, 1), job.bin[1], &job.limit[1]);
  }
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      salt_rows, &job);
}

static const GstImAugClass salt_and_pepper = {
  .name = "SaltAndPepper",
  .params = salt_params,
  .n_params = G_N_ELEMENTS (salt_params),
  .applied = salt_applied,
  .n_applied = G_N_ELEMENTS (salt_applied),
  .draw = draw_salt,
  .pixels = pixels_salt,
};

const GstImAugClass *const gst_im_aug_noise_classes[] = {
  &gauss_noise,
  &iso_noise,
  &multiplicative_noise,
  &salt_and_pepper,
  &gst_im_aug_coarse_dropout,
  &gst_im_aug_grid_dropout,
  &gst_im_aug_image_compression,
  NULL
};
