/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The per-pixel kernels of the colour transforms, each a scalar loop and
 * an AVX2 path (runtime dispatch) that give the same bytes: ColorJitter's
 * brightness/contrast steps, saturation blend and grey mean, ToGray, a
 * fixed-point colour matrix (ToSepia), channel moves (ChannelShuffle,
 * ChannelDropout), and OpenCV's 8-bit RGB <-> HSV (H in 0..179) as
 * albumentations calls it, fused with the tables applied in HSV: one pass,
 * no HSV image.
 *
 * Forward (cv::cvtColor RGB2HSV, CV_8U) is integer: S and H come from
 * reciprocal tables in 12-bit fixed point, rounded half up, H < 0 wrapped
 * by 180. Backward (HSV2RGB, CV_8U) is float: s = S/255, v = V/255 (times
 * the float 1/255), h = H * (6/180) split into a sector and a fraction f,
 * the channels v, v(1 - s), v(1 - s f), v(1 - s(1 - f)) - the two last
 * with 1 - s x fused (rounded once), as the FMA build of OpenCV's vector
 * path computes it - then times 255 and truncated, as that path does. The
 * same maths run here (the scalar loop with tables: sector and fraction
 * per H, the v(1 - s) channel per S, V; the vector path computing them):
 * measured against every H, S, V triple and every RGB colour of cv2,
 * identical.
 * (OpenCV's scalar loop for the last width % (4 x SIMD lanes) pixels of a
 * row rounds instead of truncating: those pixels may differ by 1.) */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaugcolour-private.h"

#if defined(__x86_64__) || defined(__i386__)
#define COLOUR_X86 1
#include <immintrin.h>
#endif

#define HSV_SHIFT 12

typedef struct
{
  gint32 sdiv[256], hdiv[256];  /* RGB2HSV's reciprocals */
  guint8 sector[256];           /* HSV2RGB, per H */
  gfloat x[256];                /* the fraction f or 1 - f of the sector's
                                 * third channel */
  gboolean avx2;
  guint8 t0[256];               /* V -> channel v */
  guint8 t1[256 * 256];         /* S << 8 | V -> channel v (1 - s) */
} HsvTables;

static HsvTables tables;

static guint8
to_byte (gfloat channel)
{
  gfloat x = channel * 255.0f;

  /* truncation, saturated */
  return x <= 0 ? 0 : x >= 255.0f ? 255 : (guint8) x;
}

static gpointer
tables_init (gpointer data)
{
  const gfloat hscale = 6.0f / 180, k = 1.0f / 255.0f;
  gfloat h, pre, f, s, v;
  guint i, j;
  gint sector;

  tables.sdiv[0] = tables.hdiv[0] = 0;
  for (i = 1; i < 256; i++) {
    tables.sdiv[i] = lrint ((255 << HSV_SHIFT) / (1.0 * i));
    tables.hdiv[i] = lrint ((180 << HSV_SHIFT) / (6.0 * i));
  }
  for (i = 0; i < 256; i++) {
    h = (gfloat) i * hscale;
    pre = truncf (h);
    f = h - pre;
    sector = (gint) pre - (gint) truncf (pre * (1.0f / 6.0f)) * 6;
    /* sectors 1, 3, 5 take v (1 - s f); 0, 2, 4 take v (1 - s (1 - f));
     * past 5 (H = 180 only) OpenCV's vector path reads sector 5's channels */
    tables.sector[i] = MIN (sector, 5);
    tables.x[i] = sector & 1 || sector > 5 ? f : 1.0f - f;
    tables.t0[i] = to_byte ((gfloat) i * k);
  }
  for (i = 0; i < 256; i++) {
    s = (gfloat) i * k;
    for (j = 0; j < 256; j++) {
      v = (gfloat) j * k;
      tables.t1[i << 8 | j] = to_byte (v * (1.0f - s));
    }
  }
#ifdef COLOUR_X86
  tables.avx2 = __builtin_cpu_supports ("avx2")
      && __builtin_cpu_supports ("fma");
#endif
  return NULL;
}

static const HsvTables *
get_tables (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, tables_init, NULL);
  return &tables;
}

static gint generic;

/* GST_IM_AUG_COLOUR_GENERIC=1 in the environment selects the scalar loops
 * (the tests compare both); read at the start of each pass */
void
gst_im_aug_colour_select (void)
{
  const gchar *env = g_getenv ("GST_IM_AUG_COLOUR_GENERIC");

  g_atomic_int_set (&generic, env != NULL && g_strcmp0 (env, "0") != 0);
}

#ifdef COLOUR_X86
static gboolean
use_avx2 (void)
{
  return get_tables ()->avx2 && !g_atomic_int_get (&generic);
}
#endif

/* albumentations' tables: hue np.mod (h + shift, 180) cast to uint8
 * (numpy's float modulo takes the sign of the divisor); saturation and
 * value add int (shift) with saturation, 2.x leaving S = 0 at 0 */
void
gst_im_aug_hsv_luts_init (GstImAugHsvLuts * luts, gdouble hue_shift,
    gdouble sat_shift, gdouble val_shift, gboolean keep_grey)
{
  gint ks = CLAMP (sat_shift, -256, 256), kv = CLAMP (val_shift, -256, 256);
  gdouble m;
  guint i;

  luts->simple = TRUE;
  for (i = 0; i < 256; i++) {
    m = fmod (i + hue_shift, 180.0);
    if (m < 0)
      m += 180.0;
    luts->hue[i] = (guint8) MIN (m, 180.0);
    luts->sat[i] = CLAMP ((gint) i + ks, 0, 255);
    luts->val[i] = CLAMP ((gint) i + kv, 0, 255);
    if (i < 180 && luts->hue[i] != (gint32) ((luts->hue[0] + i) % 180))
      luts->simple = FALSE;
  }
  if (keep_grey)
    luts->sat[0] = 0;
  luts->hue_turn = luts->hue[0] % 180;
  luts->sat_add = ks;
  luts->val_add = kv;
  luts->keep_grey = keep_grey;
  luts->blend_first = luts->blend_last = FALSE;
}

/* V once through HSV2RGB with s = 0 (a grey pixel's round trip) */
guint8
gst_im_aug_hsv_value (guint v)
{
  return get_tables ()->t0[v & 255];
}

/* ColorJitter's saturation on one pixel: cv::addWeighted (c, alpha, grey,
 * beta, 0), c * alpha fused with the float grey * beta, rounded half to
 * even, saturated */
static inline void
blend (gint * c, gfloat alpha, gfloat beta)
{
  gfloat gb = (gfloat) gst_im_aug_grey (c[0], c[1], c[2]) * beta, x;
  guint k;

  for (k = 0; k < 3; k++) {
    x = rintf (fmaf ((gfloat) c[k], alpha, gb));
    c[k] = x <= 0 ? 0 : x >= 255 ? 255 : (gint) x;
  }
}

/* H, S, V of one pixel in, its R, G, B out */
static inline void
hsv_to_rgb (const HsvTables * t, guint hh, guint ss, guint vv, guint8 * rgb)
{
  guint8 c0 = t->t0[vv], c1 = t->t1[ss << 8 | vv], cx;
  gfloat v = (gfloat) vv * (1.0f / 255.0f), s = (gfloat) ss * (1.0f / 255.0f);
  /* 1 - s x rounded once: the product is exact in double */
  gfloat q = (gfloat) (1.0 - (gdouble) s * (gdouble) t->x[hh]);

  cx = to_byte (v * q);
  switch (t->sector[hh]) {
    case 0:
      rgb[0] = c0, rgb[1] = cx, rgb[2] = c1;
      break;
    case 1:
      rgb[0] = cx, rgb[1] = c0, rgb[2] = c1;
      break;
    case 2:
      rgb[0] = c1, rgb[1] = c0, rgb[2] = cx;
      break;
    case 3:
      rgb[0] = c1, rgb[1] = cx, rgb[2] = c0;
      break;
    case 4:
      rgb[0] = cx, rgb[1] = c1, rgb[2] = c0;
      break;
    default:
      rgb[0] = c0, rgb[1] = c1, rgb[2] = cx;
  }
}

#ifdef COLOUR_X86
#define AVX2 __attribute__ ((target ("avx2,fma")))
#define AVX2_INLINE static inline __attribute__ ((always_inline, \
      target ("avx2,fma")))

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

/* returns the raw bytes (for the alpha) */
AVX2_INLINE __m256i
px8_load (const Px8 * p, const guint8 * src, __m256i rgb[3])
{
  __m256i raw = _mm256_loadu_si256 ((const __m256i *) src);

  raw = _mm256_permutevar8x32_epi32 (raw, p->lanes);
  rgb[0] = _mm256_shuffle_epi8 (raw, p->in[0]);
  rgb[1] = _mm256_shuffle_epi8 (raw, p->in[1]);
  rgb[2] = _mm256_shuffle_epi8 (raw, p->in[2]);
  return raw;
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
    out = _mm256_permutevar8x32_epi32 (_mm256_shuffle_epi8 (out, p->out),
        p->pack);
    _mm_storeu_si128 ((__m128i *) dst, _mm256_castsi256_si128 (out));
    _mm_storel_epi64 ((__m128i *) (dst + 16), _mm256_extracti128_si256 (out,
            1));
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
  if (p->bpp == 4) {
    _mm256_storeu_si256 ((__m256i *) dst, _mm256_or_si256 (y,
            _mm256_and_si256 (raw, p->alpha)));
  } else {
    y = _mm256_permutevar8x32_epi32 (y, p->pack);
    _mm_storeu_si128 ((__m128i *) dst, _mm256_castsi256_si128 (y));
    _mm_storel_epi64 ((__m128i *) (dst + 16), _mm256_extracti128_si256 (y,
            1));
  }
}

/* blend () on 8 pixels */
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

/* 8 pixels a step: the reciprocals as float quotients, the HSV tables
 * computed (luts->simple) or gathered, HSV2RGB in float with the fused
 * 1 - s x; ColorJitter's steps and blend around it. Returns the pixels
 * done. */
AVX2_INLINE guint
hsv_row_avx2_body (const guint8 * src, guint8 * dst,
    guint n, const GstImAugLayout * l, const GstImAugPre * pre,
    const GstImAugHsvLuts * luts, gboolean do_pre, gboolean blend_first,
    gboolean blend_last, gboolean simple)
{
  __m256i ones = _mm256_set1_epi32 (1), zero = _mm256_setzero_si256 ();
  __m256i k180 = _mm256_set1_epi32 (180), half = _mm256_set1_epi32 (2048);
  __m256i k255 = _mm256_set1_epi32 (255);
  /* each channel's source per sector (0: v, 1: v (1 - s), 2: the third),
   * sectors 6 and 7 as 5 */
  static const guint8 role[3][8] = {
    {0, 2, 1, 1, 2, 0, 0, 0}, {2, 0, 0, 2, 1, 1, 1, 1}, {1, 1, 2, 0, 0, 2, 2, 2}
  };
  /* per sector, a byte shuffle of (v, v (1 - s), third) into the pixel */
  __m256i roles, base = _mm256_setr_epi32 (0, 0x04040404, 0x08080808,
      0x0c0c0c0c, 0, 0x04040404, 0x08080808, 0x0c0c0c0c);
  guint8 bytes[32];
  guint k, c;
  __m256 inv255 = _mm256_set1_ps (1.0f / 255.0f);
  __m256 k255f = _mm256_set1_ps (255.0f), one = _mm256_set1_ps (1.0f);
  __m256 sixth = _mm256_set1_ps (1.0f / 6.0f), six = _mm256_set1_ps (6.0f);
  __m256 hscale = _mm256_set1_ps (6.0f / 180);
  __m256 sdiv = _mm256_set1_ps (255 << HSV_SHIFT);
  __m256 hdiv = _mm256_set1_ps ((180 << HSV_SHIFT) / 6);
  __m256i turn = _mm256_set1_epi32 (luts->hue_turn);
  __m256i sat_add = _mm256_set1_epi32 (luts->sat_add);
  __m256i val_add = _mm256_set1_epi32 (luts->val_add);
  __m256 alpha = _mm256_set1_ps (luts->blend_alpha);
  __m256 beta = _mm256_set1_ps (luts->blend_beta);
  Px8 p;
  PreV pv;
  guint i, bpp = l->bpp;

  px8_init (&p, l, n);
  prev_init (&pv, pre);
  memset (bytes, 0x80, sizeof (bytes));
  for (k = 0; k < 8; k++)
    for (c = 0; c < 3; c++)
      bytes[4 * k + l->rgb[c]] = role[c][k];
  roles = _mm256_loadu_si256 ((const __m256i *) bytes);
  for (i = 0; i + 8 <= p.end; i += 8) {
    __m256i raw, rgb[3], r, g, b, v, mn, diff, s, h, vr, vg, hh, ss, vv;
    __m256i c0, c1, cx, sec, out;
    __m256 vf, sf, hf, pre_s, f, x, q, secf;

    raw = px8_load (&p, src + (gsize) i * bpp, rgb);
    if (do_pre)
      px8_pre (&pv, rgb);
    if (blend_first)
      px8_blend (rgb, alpha, beta);
    r = rgb[0];
    g = rgb[1];
    b = rgb[2];
    /* RGB2HSV */
    v = _mm256_max_epi32 (r, _mm256_max_epi32 (g, b));
    mn = _mm256_min_epi32 (r, _mm256_min_epi32 (g, b));
    diff = _mm256_sub_epi32 (v, mn);
    /* the reciprocal tables are the float quotients rounded (checked for
     * every index; 0 only meets a 0 difference) */
    s = _mm256_mullo_epi32 (diff, _mm256_cvtps_epi32 (_mm256_div_ps (sdiv,
                _mm256_cvtepi32_ps (v))));
    s = _mm256_srai_epi32 (_mm256_add_epi32 (s, half), HSV_SHIFT);
    vr = _mm256_cmpeq_epi32 (v, r);
    vg = _mm256_cmpeq_epi32 (v, g);
    h = _mm256_add_epi32 (_mm256_sub_epi32 (r, g), _mm256_slli_epi32 (diff,
            2));
    h = _mm256_blendv_epi8 (h, _mm256_add_epi32 (_mm256_sub_epi32 (b, r),
            _mm256_slli_epi32 (diff, 1)), vg);
    h = _mm256_blendv_epi8 (h, _mm256_sub_epi32 (g, b), vr);
    h = _mm256_mullo_epi32 (h, _mm256_cvtps_epi32 (_mm256_div_ps (hdiv,
                _mm256_cvtepi32_ps (diff))));
    h = _mm256_srai_epi32 (_mm256_add_epi32 (h, half), HSV_SHIFT);
    h = _mm256_add_epi32 (h, _mm256_and_si256 (_mm256_cmpgt_epi32 (zero, h),
            k180));
    /* the tables */
    if (simple) {
      hh = _mm256_add_epi32 (h, turn);
      hh = _mm256_sub_epi32 (hh, _mm256_andnot_si256 (_mm256_cmpgt_epi32
              (k180, hh), k180));
      ss = _mm256_min_epi32 (_mm256_max_epi32 (_mm256_add_epi32 (s, sat_add),
              zero), k255);
      if (luts->keep_grey)
        ss = _mm256_andnot_si256 (_mm256_cmpeq_epi32 (s, zero), ss);
      vv = _mm256_min_epi32 (_mm256_max_epi32 (_mm256_add_epi32 (v, val_add),
              zero), k255);
    } else {
      hh = _mm256_i32gather_epi32 (luts->hue, h, 4);
      ss = _mm256_i32gather_epi32 (luts->sat, s, 4);
      vv = _mm256_i32gather_epi32 (luts->val, v, 4);
    }
    /* HSV2RGB */
    vf = _mm256_mul_ps (_mm256_cvtepi32_ps (vv), inv255);
    sf = _mm256_mul_ps (_mm256_cvtepi32_ps (ss), inv255);
    c0 = _mm256_cvttps_epi32 (_mm256_mul_ps (vf, k255f));
    c1 = _mm256_cvttps_epi32 (_mm256_mul_ps (_mm256_mul_ps (vf,
                _mm256_sub_ps (one, sf)), k255f));
    hf = _mm256_mul_ps (_mm256_cvtepi32_ps (hh), hscale);
    pre_s = _mm256_round_ps (hf, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    f = _mm256_sub_ps (hf, pre_s);
    secf = _mm256_round_ps (_mm256_mul_ps (pre_s, sixth),
        _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    secf = _mm256_sub_ps (pre_s, _mm256_mul_ps (secf, six));
    sec = _mm256_cvttps_epi32 (secf);
    /* odd sectors and 6 take f, even ones 1 - f */
    x = _mm256_blendv_ps (_mm256_sub_ps (one, f), f,
        _mm256_castsi256_ps (_mm256_or_si256 (_mm256_cmpeq_epi32
                (_mm256_and_si256 (sec, ones), ones), _mm256_cmpgt_epi32
                (sec, _mm256_set1_epi32 (5)))));
    q = _mm256_fnmadd_ps (sf, x, one);
    cx = _mm256_cvttps_epi32 (_mm256_mul_ps (_mm256_mul_ps (vf, q), k255f));
    c0 = _mm256_min_epi32 (c0, k255);
    c1 = _mm256_min_epi32 (c1, k255);
    cx = _mm256_min_epi32 (cx, k255);
    sec = _mm256_min_epi32 (sec, _mm256_set1_epi32 (7));
    out = _mm256_or_si256 (_mm256_or_si256 (c0, _mm256_slli_epi32 (c1, 8)),
        _mm256_slli_epi32 (cx, 16));
    out = _mm256_shuffle_epi8 (out, _mm256_add_epi8
        (_mm256_permutevar8x32_epi32 (roles, sec), base));
    if (blend_last) {
      for (c = 0; c < 3; c++)
        rgb[c] = _mm256_and_si256 (_mm256_srl_epi32 (out, p.shift[c]), k255);
      px8_blend (rgb, alpha, beta);
      px8_store (&p, dst + (gsize) i * bpp, raw, rgb);
    } else {
      px8_store_dwords (&p, dst + (gsize) i * bpp, raw, out);
    }
  }
  return i;
}

/* a loop of its own for each case: HueSaturationValue's, and ColorJitter's
 * steps and blend before or after */
AVX2 static guint
hsv_row_avx2 (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const GstImAugPre * pre,
    const GstImAugHsvLuts * luts)
{
  gboolean p = pre != NULL && pre->n > 0;

  if (!luts->simple)
    return hsv_row_avx2_body (src, dst, n, l, pre, luts, p,
        luts->blend_first, luts->blend_last, FALSE);
#define HSV_CASE(p_, first_, last_) \
  if (p == p_ && luts->blend_first == first_ && luts->blend_last == last_) \
    return hsv_row_avx2_body (src, dst, n, l, pre, luts, p_, first_, last_, \
        TRUE)
  HSV_CASE (FALSE, FALSE, FALSE);
  HSV_CASE (TRUE, FALSE, FALSE);
  HSV_CASE (FALSE, TRUE, FALSE);
  HSV_CASE (TRUE, TRUE, FALSE);
  HSV_CASE (FALSE, FALSE, TRUE);
  HSV_CASE (TRUE, FALSE, TRUE);
#undef HSV_CASE
  return hsv_row_avx2_body (src, dst, n, l, pre, luts, p, luts->blend_first,
      luts->blend_last, TRUE);
}

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
      raw = _mm256_permutevar8x32_epi32 (_mm256_loadu_si256 ((const __m256i
                  *) (src + (gsize) i * bpp)), p.lanes);
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
    raw = _mm256_permutevar8x32_epi32 (_mm256_loadu_si256 ((const __m256i *)
            (src + (gsize) i * bpp)), p.lanes);
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
    raw = _mm256_permutevar8x32_epi32 (_mm256_loadu_si256 ((const __m256i *)
            (src + (gsize) i * bpp)), p.lanes);
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

/* @n pixels of @src through RGB2HSV, @luts and HSV2RGB into @dst (colour
 * bytes; a 4-byte layout's fourth byte may be rewritten with itself);
 * @pre: steps applied to R, G, B first, or NULL */
void
gst_im_aug_hsv_row (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const GstImAugPre * pre,
    const GstImAugHsvLuts * luts)
{
  const HsvTables *t = get_tables ();
  guint bpp = l->bpp, o0 = l->rgb[0], o1 = l->rgb[1], o2 = l->rgb[2], i = 0;
  gint r, g, b, v, mn, diff, h, s;
  guint8 rgb[3];

#ifdef COLOUR_X86
  if (use_avx2 ())
    i = hsv_row_avx2 (src, dst, n, l, pre, luts);
#endif
  src += (gsize) i * bpp;
  dst += (gsize) i * bpp;
  for (; i < n; i++, src += bpp, dst += bpp) {
    r = src[o0];
    g = src[o1];
    b = src[o2];
    if (pre) {
      r = gst_im_aug_pre_apply (pre, r);
      g = gst_im_aug_pre_apply (pre, g);
      b = gst_im_aug_pre_apply (pre, b);
    }
    if (luts->blend_first) {
      gint c[3] = { r, g, b };

      blend (c, luts->blend_alpha, luts->blend_beta);
      r = c[0];
      g = c[1];
      b = c[2];
    }
    v = MAX (r, MAX (g, b));
    mn = MIN (r, MIN (g, b));
    diff = v - mn;
    s = (diff * t->sdiv[v] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
    if (v == r)
      h = g - b;
    else if (v == g)
      h = b - r + 2 * diff;
    else
      h = r - g + 4 * diff;
    h = (h * t->hdiv[diff] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
    if (h < 0)
      h += 180;
    hsv_to_rgb (t, luts->hue[h], luts->sat[s], luts->val[v], rgb);
    if (luts->blend_last) {
      gint c[3] = { rgb[0], rgb[1], rgb[2] };

      blend (c, luts->blend_alpha, luts->blend_beta);
      rgb[0] = c[0];
      rgb[1] = c[1];
      rgb[2] = c[2];
    }
    dst[o0] = rgb[0];
    dst[o1] = rgb[1];
    dst[o2] = rgb[2];
  }
}

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
  if (use_avx2 ())
    i = saturation_row_avx2 (src, dst, n, l, pre, alpha, beta);
#endif
  for (; i < n; i++) {
    for (c = 0; c < 3; c++) {
      rgb[c] = src[(gsize) i * bpp + l->rgb[c]];
      if (pre)
        rgb[c] = gst_im_aug_pre_apply (pre, rgb[c]);
    }
    blend (rgb, alpha, beta);
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
  guint bpp = l->bpp, i = 0, c, rgb[3];

#ifdef COLOUR_X86
  if (bpp >= 3 && use_avx2 ())
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
  if (use_avx2 ())
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
  if (use_avx2 ())
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
  if (use_avx2 ())
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
  if (bpp >= 3 && use_avx2 ())
    i = pre_row_avx2 (src, dst, n, l, pre);
#endif
  for (; i < n; i++)
    for (c = 0; c < l->n_colour; c++) {
      o = (gsize) i * bpp + l->rgb[c];
      dst[o] = table[src[o]];
    }
}
