/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The gather of gstimremap.c: the kernels that read a #GstImRemapTable or
 * a #GstImRemapSampler's row.
 * Each output pixel is computed from the source and its table entry alone,
 * with the same integers on every path (scalar, SSE2, SSSE3), so bands and
 * threads never change the result.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "resample/gstimremap-private.h"

#ifdef __SSE2__
#include <emmintrin.h>
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define HAVE_SSSE3_DISPATCH 1
#include <tmmintrin.h>
#include <immintrin.h>
#endif
#endif

/* Bilinear weights of taps (0,0), (1,0), (0,1), (1,1) for each fraction
 * fx | fy << 7, in 1/2^14; cubic convolution weights of taps -1, 0, 1, 2 for
 * each 1/128 position, in 1/256: Catmull-Rom (a = -0.5) and OpenCV's
 * INTER_CUBIC (a = -0.75). */
typedef gint16 CubicWeights[FRAC_ONE][4];
static gint16 bilinear_w[FRAC_ONE * FRAC_ONE][4];
static CubicWeights cubic_w[2];
static gboolean have_ssse3, have_avx2;

void
gst_im_remap_init_weights (void)
{
  guint f, k, fx, fy, i;

  for (f = 0; f < FRAC_ONE * FRAC_ONE; f++) {
    fx = f & FRAC_MASK;
    fy = f >> FRAC_BITS;
    bilinear_w[f][0] = (FRAC_ONE - fx) * (FRAC_ONE - fy);
    bilinear_w[f][1] = fx * (FRAC_ONE - fy);
    bilinear_w[f][2] = (FRAC_ONE - fx) * fy;
    bilinear_w[f][3] = fx * fy;
  }
#ifdef HAVE_SSSE3_DISPATCH
  have_ssse3 = __builtin_cpu_supports ("ssse3");
  have_avx2 = __builtin_cpu_supports ("avx2");
#endif

  for (i = 0; i < 2; i++)
    for (f = 0; f < FRAC_ONE; f++) {
      gdouble a = i == 0 ? -0.5 : -0.75, t = (gdouble) f / FRAC_ONE, d, w;
      gint sum = 0;

      for (k = 0; k < 4; k++) {
        d = fabs (t - ((gint) k - 1));
        w = d <= 1 ? ((a + 2) * d - (a + 3)) * d * d + 1 :
            ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
        cubic_w[i][f][k] = (gint16) lrint (w * 256);
        sum += cubic_w[i][f][k];
      }
      /* the weights must add up to exactly 1, so flat areas stay flat */
      cubic_w[i][f][t < 0.5 ? 1 : 2] += 256 - sum;
    }
}

/* The weights of a cubic interpolation. */
static inline const CubicWeights *
cubic_weights (GstImRemapInterpolation interp)
{
  return &cubic_w[interp == GST_IM_REMAP_BICUBIC_OPENCV];
}

/* One bilinear pixel of @nc channels from rows @r0, @r1 at byte columns
 * @c0, @c1. The SIMD paths below compute exactly the same values. */
static inline void
bilinear_px (const guint8 * r0, const guint8 * r1, guint c0, guint c1,
    guint frac, guint nc, guint8 * d)
{
  guint fx = frac & FRAC_MASK, fy =
      (frac >> FRAC_BITS) & FRAC_MASK, c, top, bot;

  for (c = 0; c < nc; c++) {
    top = r0[c0 + c] * (FRAC_ONE - fx) + r0[c1 + c] * fx;
    bot = r1[c0 + c] * (FRAC_ONE - fx) + r1[c1 + c] * fx;
    d[c] = (top * (FRAC_ONE - fy) + bot * fy + (1 << 13)) >> 14;
  }
}

/* One bicubic pixel with weights @cw: rows filtered with >> 2, then
 * columns, in 1/2^14. */
static inline void
bicubic_px (const CubicWeights * cw, const guint8 * const rows[4],
    const guint cols[4], guint frac, guint nc, guint8 * d)
{
  const gint16 *wx = (*cw)[frac & FRAC_MASK];
  const gint16 *wy = (*cw)[(frac >> FRAC_BITS) & FRAC_MASK];
  guint c, r;
  gint h, sum;

  for (c = 0; c < nc; c++) {
    sum = 1 << 13;
    for (r = 0; r < 4; r++) {
      h = rows[r][cols[0] + c] * wx[0] + rows[r][cols[1] + c] * wx[1] +
          rows[r][cols[2] + c] * wx[2] + rows[r][cols[3] + c] * wx[3];
      sum += (h >> 2) * wy[r];
    }
    d[c] = CLAMP (sum >> 14, 0, 255);
  }
}

#ifdef __SSE2__
/* Pixels a and b (4 bytes each) as 16-bit pairs a0 b0 a1 b1 a2 b2 a3 b3. */
static inline __m128i
pair16 (const guint8 * a, const guint8 * b)
{
  guint32 va, vb;

  memcpy (&va, a, 4);
  memcpy (&vb, b, 4);
  return _mm_unpacklo_epi8 (_mm_unpacklo_epi8 (_mm_cvtsi32_si128 (va),
          _mm_cvtsi32_si128 (vb)), _mm_setzero_si128 ());
}

static inline __m128i
weight_pair (gint a, gint b)
{
  return _mm_set1_epi32 ((guint16) a | (guint32) (guint16) b << 16);
}

/* Two 4 x int32 rows interleaved as 16-bit pairs, weighted, summed. */
static inline __m128i
combine_rows (__m128i r0, __m128i r1, __m128i w)
{
  __m128i p = _mm_packs_epi32 (r0, r1);

  return _mm_madd_epi16 (_mm_unpacklo_epi16 (p, _mm_srli_si128 (p, 8)), w);
}

/* Rounds 4 sums in 1/2^14 to bytes. */
static inline guint32
pack_px (__m128i v)
{
  v = _mm_srai_epi32 (_mm_add_epi32 (v, _mm_set1_epi32 (1 << 13)), 14);
  v = _mm_packs_epi32 (v, v);
  return (guint32) _mm_cvtsi128_si32 (_mm_packus_epi16 (v, v));
}

#ifdef HAVE_SSSE3_DISPATCH
/* Bilinear runs of 3- or 4-byte pixels with SSSE3: each row's two taps come
 * in one 8-byte load and one byte shuffle makes the 16-bit pairs. The table
 * keeps these loads inside the plane. Same values as bilinear_px(). */
__attribute__((target ("ssse3")))
     static void
         bilinear_run_ssse3 (guint8 * d, const guint8 * src, gsize stride,
    const guint32 * off, const guint16 * frac, guint x0, guint x1, guint bpp)
{
  /* top row taps a, b from bytes 0-7, bottom row from bytes 8-15 */
  const __m128i m0 = bpp == 3 ?
      _mm_setr_epi8 (0, -1, 3, -1, 1, -1, 4, -1, 2, -1, 5, -1, -1, -1, -1, -1) :
      _mm_setr_epi8 (0, -1, 4, -1, 1, -1, 5, -1, 2, -1, 6, -1, 3, -1, 7, -1);
  const __m128i m1 = bpp == 3 ?
      _mm_setr_epi8 (8, -1, 11, -1, 9, -1, 12, -1, 10, -1, 13, -1, -1, -1, -1,
      -1) : _mm_setr_epi8 (8, -1, 12, -1, 9, -1, 13, -1, 10, -1, 14, -1, 11,
      -1, 15, -1);
  const guint8 *s;
  __m128i r, w;
  guint32 px;
  guint x;

  for (x = x0; x < x1; x++) {
    s = src + off[x];
    w = _mm_loadl_epi64 ((const __m128i *) bilinear_w[frac[x]]);
    r = _mm_unpacklo_epi64 (_mm_loadl_epi64 ((const __m128i *) s),
        _mm_loadl_epi64 ((const __m128i *) (s + stride)));
    px = pack_px (_mm_add_epi32 (_mm_madd_epi16 (_mm_shuffle_epi8 (r, m0),
                _mm_shuffle_epi32 (w, 0x00)),
            _mm_madd_epi16 (_mm_shuffle_epi8 (r, m1),
                _mm_shuffle_epi32 (w, 0x55))));
    if (bpp == 4 || x + 1 < x1)
      memcpy (d + x * bpp, &px, 4);
    else
      memcpy (d + x * bpp, &px, 3);
  }
}
#endif

/* Bilinear runs of 1-byte pixels (Y, U, V planes) with AVX2, 8 at a
 * time: each row's two taps come in one 4-byte gather, the weights of
 * bilinear_px () in two. Stops before a gather would pass the plane's end
 * (the 4-byte loads read 2 bytes beyond the taps); returns where the
 * scalar loop goes on. */
__attribute__((target ("avx2")))
     static guint
         bilinear_run1_avx2 (guint8 * d, const guint8 * src, gsize stride,
    gsize plane_end, const guint32 * off, const guint16 * frac, guint x0,
    guint x1)
{
  const __m256i lo = _mm256_set1_epi32 (0xff), hi = _mm256_set1_epi32 (0xff00);
  const __m256i round = _mm256_set1_epi32 (1 << 13);
  const __m256i limit = _mm256_set1_epi32 ((gint) MIN ((gsize) G_MAXINT32,
          plane_end - stride - 4));
  const gint *w = (const gint *) bilinear_w;
  __m256i o, f, t, b, sum;
  __m128i packed;
  guint x;

  if (plane_end < stride + 4 || plane_end - stride - 4 > G_MAXINT32)
    return x0;
  for (x = x0; x + 8 <= x1; x += 8) {
    o = _mm256_loadu_si256 ((const __m256i *) (off + x));
    if (!_mm256_testz_si256 (_mm256_cmpgt_epi32 (o, limit),
            _mm256_set1_epi32 (-1)))
      break;
    f = _mm256_cvtepu16_epi32 (_mm_loadu_si128 ((const __m128i *) (frac +
                x)));
    f = _mm256_and_si256 (f, _mm256_set1_epi32 (FRAC_ONE * FRAC_ONE - 1));
    t = _mm256_i32gather_epi32 ((const gint *) src, o, 1);
    b = _mm256_i32gather_epi32 ((const gint *) (src + stride), o, 1);
    /* taps as 16-bit pairs, weights (w0, w1) and (w2, w3) likewise */
    t = _mm256_or_si256 (_mm256_and_si256 (t, lo),
        _mm256_slli_epi32 (_mm256_and_si256 (t, hi), 8));
    b = _mm256_or_si256 (_mm256_and_si256 (b, lo),
        _mm256_slli_epi32 (_mm256_and_si256 (b, hi), 8));
    sum = _mm256_add_epi32 (_mm256_madd_epi16 (t,
            _mm256_i32gather_epi32 (w, _mm256_slli_epi32 (f, 1), 4)),
        _mm256_madd_epi16 (b, _mm256_i32gather_epi32 (w + 1,
                _mm256_slli_epi32 (f, 1), 4)));
    sum = _mm256_srli_epi32 (_mm256_add_epi32 (sum, round), 14);
    sum = _mm256_packus_epi32 (sum, sum);
    packed = _mm_packus_epi16 (_mm256_castsi256_si128 (sum),
        _mm256_extracti128_si256 (sum, 1));
    /* lanes: 0-3 in bytes 0-3, 4-7 in bytes 8-11 */
    packed = _mm_unpacklo_epi32 (packed, _mm_srli_si128 (packed, 8));
    _mm_storel_epi64 ((__m128i *) (d + x), packed);
  }
  return x;
}

static inline guint32
bicubic_sse (const CubicWeights * cw, const guint8 * s, gsize stride,
    guint bpp, guint frac)
{
  const gint16 *wx = (*cw)[frac & FRAC_MASK], *wy = (*cw)[frac >> FRAC_BITS];
  __m128i wx01 = weight_pair (wx[0], wx[1]), wx23 = weight_pair (wx[2], wx[3]);
  __m128i h[4];
  guint r;

  for (r = 0; r < 4; r++, s += stride)
    h[r] = _mm_srai_epi32 (_mm_add_epi32 (_mm_madd_epi16 (pair16 (s,
                    s + bpp), wx01), _mm_madd_epi16 (pair16 (s + 2 * bpp,
                    s + 3 * bpp), wx23)), 2);
  return pack_px (_mm_add_epi32 (combine_rows (h[0], h[1], weight_pair (wy[0],
                  wy[1])), combine_rows (h[2], h[3], weight_pair (wy[2],
                  wy[3]))));
}
#endif

/* The fast path: every tap inside the plane, no branches per pixel. @bpp is
 * a constant at each call, so each pixel size gets its own loop. A 3-byte
 * pixel is written 4 bytes at a time but for the last of the run: the 4th
 * byte lands on the next pixel, which is written after. */
G_ALWAYS_INLINE static inline void
fast_run (const GstImRemapReader * r, guint8 * d, const guint32 * off,
    const guint16 * frac, guint x0, guint x1,
    const GstImRemapInterpolation interp, const guint bpp)
{
  const guint8 *src = r->src, *s;
  gsize stride = r->l->in_stride;
  const guint8 *rows[4];
  const guint cols[4] = { 0, bpp, 2 * bpp, 3 * bpp };
  const CubicWeights *cw = cubic_weights (interp);
  guint x, k;
  guint32 px;

  for (x = x0; x < x1; x++) {
    s = src + off[x];
    if (interp == GST_IM_REMAP_NEAREST) {
      if (bpp == 3 && x + 1 < x1)
        memcpy (d + x * bpp, s, 4);
      else
        memcpy (d + x * bpp, s, bpp);
      continue;
    }
#ifdef __SSE2__
    /* (bilinear 3- and 4-byte pixels take bilinear_run_ssse3() where the
     * CPU has SSSE3, nearly always; bilinear_px() otherwise) */
    if (bpp >= 3 && IS_CUBIC (interp)) {
      px = bicubic_sse (cw, s, stride, bpp, frac[x]);
      if (bpp == 4 || x + 1 < x1)
        memcpy (d + x * bpp, &px, 4);
      else
        memcpy (d + x * bpp, &px, 3);
      continue;
    }
#endif
    if (interp == GST_IM_REMAP_BILINEAR) {
      bilinear_px (s, s + stride, 0, bpp, frac[x], bpp, d + x * bpp);
    } else {
      for (k = 0; k < 4; k++)
        rows[k] = s + k * stride;
      bicubic_px (cw, rows, cols, frac[x], bpp, d + x * bpp);
    }
  }
}

/* One instance of fast_run() per interpolation and pixel size. */
#define FAST_RUN_SIZES(interp) \
  (bpp == 1 ? fast_run (r, d, off, frac, x0, x1, interp, 1) : \
   bpp == 2 ? fast_run (r, d, off, frac, x0, x1, interp, 2) : \
   bpp == 3 ? fast_run (r, d, off, frac, x0, x1, interp, 3) : \
   fast_run (r, d, off, frac, x0, x1, interp, 4))

static void
fast_run_any (const GstImRemapReader * r, guint8 * d, const guint32 * off,
    const guint16 * frac, guint x0, guint x1)
{
  guint bpp = r->l->bpp;

#ifdef HAVE_SSSE3_DISPATCH
  if (have_ssse3 && r->l->interp == GST_IM_REMAP_BILINEAR && bpp >= 3) {
    bilinear_run_ssse3 (d, r->src, r->l->in_stride, off, frac, x0, x1, bpp);
    return;
  }
  if (have_avx2 && r->l->interp == GST_IM_REMAP_BILINEAR && bpp == 1)
    x0 = bilinear_run1_avx2 (d, r->src, r->l->in_stride, r->l->plane_end,
        off, frac, x0, x1);
#endif
  if (r->l->interp == GST_IM_REMAP_NEAREST)
    FAST_RUN_SIZES (GST_IM_REMAP_NEAREST);
  else if (r->l->interp == GST_IM_REMAP_BILINEAR)
    FAST_RUN_SIZES (GST_IM_REMAP_BILINEAR);
  else if (r->l->interp == GST_IM_REMAP_BICUBIC)
    FAST_RUN_SIZES (GST_IM_REMAP_BICUBIC);
  else
    FAST_RUN_SIZES (GST_IM_REMAP_BICUBIC_OPENCV);
}

/* Background and edge pixels: each tap follows its axis' extend rule. Taps
 * on the background are copied into @block first, so that the kernels read
 * the same bytes from one place. */
static void
special_px (const GstImRemapReader * r, guint8 * d, guint32 packed,
    guint frac)
{
  const GstImRemapLayout *l = r->l;
  gint sx = (gint) (packed & 0xffff) - 2, sy = (gint) (packed >> 16) - 2;
  gint k, j, n = l->lo + l->hi + 1, xs[4], ys[4];
  gboolean outside = FALSE;
  const guint8 *rows[4];
  guint cols[4];
  guint8 block[4][16];

  if (frac & F_BACKGROUND) {
    memcpy (d, r->bg, l->bpp);
    return;
  }
  for (k = 0; k < n; k++) {
    xs[k] = gst_im_remap_extend_tap (sx - l->lo + k, l->in_w, l->extend_x);
    ys[k] = gst_im_remap_extend_tap (sy - l->lo + k, l->in_h, l->extend_y);
    outside |= xs[k] < 0 || ys[k] < 0;
  }
  for (k = 0; k < n; k++) {
    rows[k] = r->src + (gsize) MAX (ys[k], 0) * l->in_stride;
    cols[k] = MAX (xs[k], 0) * l->bpp;
  }
  if (outside) {
    for (j = 0; j < n; j++)
      for (k = 0; k < n; k++)
        memcpy (block[j] + k * l->bpp, xs[k] < 0 || ys[j] < 0 ? r->bg :
            rows[j] + cols[k], l->bpp);
    for (k = 0; k < n; k++) {
      rows[k] = block[k];
      cols[k] = k * l->bpp;
    }
  }
  if (n == 1)
    memcpy (d, rows[0] + cols[0], l->bpp);
  else if (n == 2)
    bilinear_px (rows[0], rows[1], cols[0], cols[1], frac, l->bpp, d);
  else
    bicubic_px (cubic_weights (l->interp), rows, cols, frac, l->bpp, d);
}

/* One output row from its entries @off, @frac and its lists of fast runs
 * (@n_runs pairs x0, x1) and special pixels. */
void
gst_im_remap_gather_row (const GstImRemapReader * r, guint8 * d,
    const guint32 * off, const guint16 * frac, const guint32 * runs,
    guint n_runs, const guint32 * specials, guint n_specials)
{
  guint i, x, bpp = r->l->bpp;

  for (i = 0; i < n_runs; i++)
    fast_run_any (r, d, off, frac, runs[2 * i], runs[2 * i + 1]);
  for (i = 0; i < n_specials; i++) {
    x = specials[i];
    special_px (r, d + x * bpp, off[x], frac[x]);
  }
}

/* @n pixels, the first at byte @first of the source, each @step bytes
 * after the one before: a row forwards or backwards, or a column. @bpp is a
 * constant at each call. */
G_ALWAYS_INLINE static inline void
copy_pixels (guint8 * d, const guint8 * s, gssize step, guint n,
    const guint bpp)
{
  guint i;

  for (i = 0; i < n; i++, s += step)
    memcpy (d + i * bpp, s, bpp);
}

void
gst_im_remap_copy_run (const GstImRemapReader * r, guint8 * d, gsize first,
    gssize step, guint n)
{
  const guint8 *s = r->src + first;
  guint bpp = r->l->bpp;

  if (step == (gssize) bpp)
    memcpy (d, s, (gsize) n * bpp);
  else if (bpp == 1)
    copy_pixels (d, s, step, n, 1);
  else if (bpp == 2)
    copy_pixels (d, s, step, n, 2);
  else if (bpp == 3)
    copy_pixels (d, s, step, n, 3);
  else
    copy_pixels (d, s, step, n, 4);
}

void
gst_im_remap_gather_rows (guint y0, guint y1, gpointer data)
{
  const GstImRemapGather *g = data;
  const GstImRemapTable *t = g->t;
  guint y, r0, s0;

  for (y = y0; y < y1; y++) {
    r0 = t->row_runs[y];
    s0 = t->row_specials[y];
    gst_im_remap_gather_row (&g->r, g->dst + (gsize) y * g->dst_stride,
        t->off + (gsize) y * t->out_w, t->frac + (gsize) y * t->out_w,
        t->runs + 2 * r0, t->row_runs[y + 1] - r0, t->specials + s0,
        t->row_specials[y + 1] - s0);
  }
}
