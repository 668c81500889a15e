/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The AVX2 building blocks of the colour kernels (gstimaughsv.c,
 * gstimaugcolourrows.c): 8 pixels of a 3- or 4-byte layout as three
 * vectors of 32-bit lanes, loaded from and stored to the row as the layout
 * puts them, and the steps several kernels take (ColorJitter's
 * brightness/contrast steps, the grey, the saturation blend), all inlined
 * into the kernels' loops. */
#ifndef __GST_IM_AUG_COLOUR_AVX2_PRIVATE_H__
#define __GST_IM_AUG_COLOUR_AVX2_PRIVATE_H__

#include "gstimaugcolour-private.h"

#if defined(__x86_64__) || defined(__i386__)
#define COLOUR_X86 1
#include <immintrin.h>

G_BEGIN_DECLS

#define AVX2 __attribute__ ((target ("avx2,fma")))
#define AVX2_INLINE static inline __attribute__ ((always_inline, \
      target ("avx2,fma")))

/* Whether the AVX2 + FMA code runs: the CPU has both, and
 * GST_IM_AUG_COLOUR_GENERIC was not set at gst_im_aug_colour_select () */
G_GNUC_INTERNAL gboolean gst_im_aug_colour_avx2 (void);

/* 8 pixels of a 3- or 4-byte layout as three vectors of 32-bit lanes */
typedef struct
{
  guint bpp, end;               /* pixels below end can take a step */
  __m256i in[3], out, lanes, pack, alpha;
  __m256i rg, b1;               /* (r, g) and (b, 0) as 16-bit pairs */
  __m256i grey3;                /* byte 0 of each dword to the colours */
  __m128i shift[3];
} Px8;

AVX2_INLINE void
px8_init (Px8 * p, const GstImAugLayout * l, guint n)
{
  guint8 in[32], out[32];
  guint c, k;

  p->bpp = l->bpp;
  /* a 32-byte load from pixel i of a 3-byte row reads to 3 i + 32 */
  p->end = l->bpp == 4 ? n : n >= 3 ? n - 3 : 0;
  for (c = 0; c < 3; c++) {
    for (k = 0; k < 32; k++)
      in[k] = k % 4 == 0 ? (k % 16) / 4 * l->bpp + l->rgb[c] : 0x80;
    p->in[c] = _mm256_loadu_si256 ((const __m256i *) in);
    p->shift[c] = _mm_cvtsi32_si128 (8 * l->rgb[c]);
  }
  for (k = 0; k < 32; k++)
    out[k] = k % 16 < 12 ? (k % 16) / 3 * 4 + (k % 16) % 3 : 0x80;
  p->out = _mm256_loadu_si256 ((const __m256i *) out);
  for (k = 0; k < 32; k++) {
    c = k % 4;
    in[k] = c == 0 || c == 2 ? (k % 16) / 4 * l->bpp + l->rgb[c / 2] : 0x80;
    out[k] = c == 0 ? (k % 16) / 4 * l->bpp + l->rgb[2] : 0x80;
  }
  p->rg = _mm256_loadu_si256 ((const __m256i *) in);
  p->b1 = _mm256_loadu_si256 ((const __m256i *) out);
  /* 3 bytes: the packed row straight away; 4: the pixel's colour bytes */
  for (k = 0; k < 32; k++)
    out[k] = l->bpp == 3 ? (k % 16 < 12 ? (k % 16) / 3 * 4 : 0x80) :
        (guint) l->alpha == k % 4 ? 0x80 : (k % 16) / 4 * 4;
  p->grey3 = _mm256_loadu_si256 ((const __m256i *) out);
  /* 3 bytes a pixel: pixels 4..7 to the upper lane, and back */
  p->lanes = l->bpp == 3 ? _mm256_setr_epi32 (0, 1, 2, 3, 3, 4, 5, 6) :
      _mm256_setr_epi32 (0, 1, 2, 3, 4, 5, 6, 7);
  p->pack = _mm256_setr_epi32 (0, 1, 2, 4, 5, 6, 7, 7);
  p->alpha = _mm256_set1_epi32 (l->bpp == 4 && l->alpha >= 0 ?
      (gint) (0xffu << (8 * l->alpha)) : 0);
}

/* the raw bytes of 8 pixels: 3-byte pixels 4..7 moved to the upper lane
 * (each lane's pixels from its start) */
AVX2_INLINE __m256i
px8_load_raw (const Px8 * p, const guint8 * src)
{
  return _mm256_permutevar8x32_epi32 (_mm256_loadu_si256 ((const __m256i *)
          src), p->lanes);
}

/* returns the raw bytes (for the alpha) */
AVX2_INLINE __m256i
px8_load (const Px8 * p, const guint8 * src, __m256i rgb[3])
{
  __m256i raw = px8_load_raw (p, src);

  rgb[0] = _mm256_shuffle_epi8 (raw, p->in[0]);
  rgb[1] = _mm256_shuffle_epi8 (raw, p->in[1]);
  rgb[2] = _mm256_shuffle_epi8 (raw, p->in[2]);
  return raw;
}

/* 8 pixels of 3 bytes, packed 4 to a lane, to the row */
AVX2_INLINE void
px8_store24 (const Px8 * p, guint8 * dst, __m256i packed)
{
  packed = _mm256_permutevar8x32_epi32 (packed, p->pack);
  _mm_storeu_si128 ((__m128i *) dst, _mm256_castsi256_si128 (packed));
  _mm_storel_epi64 ((__m128i *) (dst + 16), _mm256_extracti128_si256 (packed,
          1));
}

/* pixel k in dword k (the colour bytes where the layout puts them); a
 * 4-byte pixel keeps the raw alpha */
AVX2_INLINE void
px8_store_dwords (const Px8 * p, guint8 * dst, __m256i raw, __m256i out)
{
  if (p->bpp == 4) {
    out = _mm256_or_si256 (out, _mm256_and_si256 (raw, p->alpha));
    _mm256_storeu_si256 ((__m256i *) dst, out);
  } else {
    px8_store24 (p, dst, _mm256_shuffle_epi8 (out, p->out));
  }
}

/* channels 0..255 */
AVX2_INLINE void
px8_store (const Px8 * p, guint8 * dst, __m256i raw, const __m256i rgb[3])
{
  px8_store_dwords (p, dst, raw, _mm256_or_si256 (_mm256_or_si256
          (_mm256_sll_epi32 (rgb[0], p->shift[0]), _mm256_sll_epi32 (rgb[1],
                  p->shift[1])), _mm256_sll_epi32 (rgb[2], p->shift[2])));
}

/* the steps of a GstImAugPre as vectors */
typedef struct
{
  guint n;
  __m256 f[4], a[4];
} PreV;

AVX2_INLINE void
prev_init (PreV * v, const GstImAugPre * pre)
{
  guint k;

  v->n = pre ? MIN (pre->n, 4) : 0;
  for (k = 0; k < v->n; k++) {
    v->f[k] = _mm256_set1_ps (pre->f[k]);
    v->a[k] = _mm256_set1_ps (pre->a[k]);
  }
}

/* the steps in float32, as gst_im_aug_pre_apply () */
AVX2_INLINE void
px8_pre (const PreV * pre, __m256i rgb[3])
{
  __m256 zero = _mm256_setzero_ps (), k255 = _mm256_set1_ps (255.0f), x;
  guint k, c;

  for (c = 0; c < 3; c++) {
    x = _mm256_cvtepi32_ps (rgb[c]);
    for (k = 0; k < pre->n; k++) {
      x = _mm256_add_ps (_mm256_mul_ps (x, pre->f[k]), pre->a[k]);
      x = _mm256_round_ps (_mm256_min_ps (_mm256_max_ps (x, zero), k255),
          _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    }
    rgb[c] = _mm256_cvttps_epi32 (x);
  }
}

/* sum_k m[k] in_k + round for channels below 256 and |m| < 2^15: two
 * 16-bit multiply-adds, (r, g) and (b, 1) */
AVX2_INLINE __m256i
px8_dot (const __m256i rgb[3], gint m0, gint m1, gint m2, gint round)
{
  __m256i rg = _mm256_or_si256 (rgb[0], _mm256_slli_epi32 (rgb[1], 16));
  __m256i b1 = _mm256_or_si256 (rgb[2], _mm256_set1_epi32 (1 << 16));

  return _mm256_add_epi32 (_mm256_madd_epi16 (rg,
          _mm256_set1_epi32 ((m0 & 0xffff) | (m1 << 16))),
      _mm256_madd_epi16 (b1, _mm256_set1_epi32 ((m2 & 0xffff) | (round <<
                  16))));
}

/* cv2's RGB2GRAY, 15-bit fixed point */
AVX2_INLINE __m256i
px8_grey (const __m256i rgb[3])
{
  return _mm256_srli_epi32 (px8_dot (rgb, 9798, 19235, 3735, 16384), 15);
}

/* the same straight from the loaded bytes */
AVX2_INLINE __m256i
px8_grey_raw (const Px8 * p, __m256i raw)
{
  __m256i rg = _mm256_shuffle_epi8 (raw, p->rg);
  __m256i b1 = _mm256_or_si256 (_mm256_shuffle_epi8 (raw, p->b1),
      _mm256_set1_epi32 (1 << 16));

  return _mm256_srli_epi32 (_mm256_add_epi32 (_mm256_madd_epi16 (rg,
              _mm256_set1_epi32 (9798 | 19235 << 16)), _mm256_madd_epi16 (b1,
              _mm256_set1_epi32 (3735 | 16384 << 16))), 15);
}

/* @y (0..255 a dword) into every colour byte */
AVX2_INLINE void
px8_store_grey (const Px8 * p, guint8 * dst, __m256i raw, __m256i y)
{
  y = _mm256_shuffle_epi8 (y, p->grey3);
  if (p->bpp == 4)
    px8_store_dwords (p, dst, raw, y);
  else
    px8_store24 (p, dst, y);
}

/* gst_im_aug_blend () on 8 pixels */
AVX2_INLINE void
px8_blend (__m256i rgb[3], __m256 alpha, __m256 beta)
{
  __m256i zero = _mm256_setzero_si256 (), k255 = _mm256_set1_epi32 (255);
  __m256 gb = _mm256_mul_ps (_mm256_cvtepi32_ps (px8_grey (rgb)), beta);
  guint c;

  for (c = 0; c < 3; c++)
    rgb[c] = _mm256_min_epi32 (_mm256_max_epi32 (_mm256_cvtps_epi32
            (_mm256_fmadd_ps (_mm256_cvtepi32_ps (rgb[c]), alpha, gb)), zero),
        k255);
}

G_END_DECLS

#endif /* COLOUR_X86 */

#endif /* __GST_IM_AUG_COLOUR_AVX2_PRIVATE_H__ */
