/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The HSV round trip of HueSaturationValue and ColorJitter: OpenCV's 8-bit
 * RGB <-> HSV (H in 0..179) as albumentations calls it, fused with the
 * tables applied in HSV and ColorJitter's steps around it: one pass, no
 * HSV image. A scalar loop and an AVX2 path that give the same bytes, and
 * the runtime dispatch of every colour kernel (the others are in
 * gstimaugcolourrows.c).
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
#include "gstimaugcolouravx2-private.h"

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
gboolean
gst_im_aug_colour_avx2 (void)
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

/* each channel's source per sector (0: v, 1: v (1 - s), 2: the third),
 * sectors 6 and 7 as 5; the scalar loop and the vector path both read it */
static const guint8 role[3][8] = {
  {0, 2, 1, 1, 2, 0, 0, 0}, {2, 0, 0, 2, 1, 1, 1, 1}, {1, 1, 2, 0, 0, 2, 2, 2}
};

/* H, S, V of one pixel in, its R, G, B out */
static inline void
hsv_to_rgb (const HsvTables * t, guint hh, guint ss, guint vv, gint * rgb)
{
  gfloat v = (gfloat) vv * (1.0f / 255.0f), s = (gfloat) ss * (1.0f / 255.0f);
  /* 1 - s x rounded once: the product is exact in double */
  gfloat q = (gfloat) (1.0 - (gdouble) s * (gdouble) t->x[hh]);
  guint8 c[3] = { t->t0[vv], t->t1[ss << 8 | vv], to_byte (v * q) };
  guint sector = t->sector[hh];

  rgb[0] = c[role[0][sector]];
  rgb[1] = c[role[1][sector]];
  rgb[2] = c[role[2][sector]];
}

#ifdef COLOUR_X86
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
  gint r, g, b, v, mn, diff, h, s, c[3];

#ifdef COLOUR_X86
  if (gst_im_aug_colour_avx2 ())
    i = hsv_row_avx2 (src, dst, n, l, pre, luts);
#endif
  src += (gsize) i * bpp;
  dst += (gsize) i * bpp;
  for (; i < n; i++, src += bpp, dst += bpp) {
    c[0] = src[o0];
    c[1] = src[o1];
    c[2] = src[o2];
    if (pre) {
      c[0] = gst_im_aug_pre_apply (pre, c[0]);
      c[1] = gst_im_aug_pre_apply (pre, c[1]);
      c[2] = gst_im_aug_pre_apply (pre, c[2]);
    }
    if (luts->blend_first)
      gst_im_aug_blend (c, luts->blend_alpha, luts->blend_beta);
    r = c[0];
    g = c[1];
    b = c[2];
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
    hsv_to_rgb (t, luts->hue[h], luts->sat[s], luts->val[v], c);
    if (luts->blend_last)
      gst_im_aug_blend (c, luts->blend_alpha, luts->blend_beta);
    dst[o0] = c[0];
    dst[o1] = c[1];
    dst[o2] = c[2];
  }
}
