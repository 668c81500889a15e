/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Building a row's entries from source positions: the fixed-point offsets
 * and fractions, fast runs and edge pixels that the table and the sampler
 * gather from (SSE2 two positions at a time). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "gstimdebug-private.h"
#include "resample/gstimremap-private.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A coordinate outside [0, @size], or NaN, by the axis' extend rule: NaN
 * for the background (any coordinate that is not finite, and all with
 * CLAMP); else folded back into [0, period) on a repeating or mirrored
 * axis (fmod () is exact, and so is adding the period to all but a hair
 * below 0, so folding keeps the taps and fractions), or
 * clamped to where its taps still resolve the same (COPY, BACKGROUND).
 * Either way the result is at least -1.5, which build_row () relies on, and
 * the sampling point packs into 16 bits. */
gdouble
gst_im_remap_extend_coord (gdouble c, guint size, GstImRemapExtend extend)
{
  gdouble period = size;

  if (!isfinite (c))
    return NAN;
  switch (extend) {
    case GST_IM_REMAP_EXTEND_BACKGROUND:
      /* beyond, every tap reads the background (build_row () sees it) */
      return CLAMP (c, -1.5, size + 2.0);
    case GST_IM_REMAP_EXTEND_COPY:
      /* beyond, every tap reads the edge pixel */
      return CLAMP (c, -1.5, size + 0.5);
    case GST_IM_REMAP_EXTEND_MIRROR:
      period = 2.0 * size;
      break;
    case GST_IM_REMAP_EXTEND_MIRROR_101:
      if (size == 1)
        return 0.5;             /* every tap reads the one pixel */
      period = 2.0 * size - 2;
      break;
    case GST_IM_REMAP_EXTEND_REPEAT:
      break;
    default:
      return NAN;
  }
  /* (c + period rounds to period when c is a hair below 0: that is 0) */
  c = fmod (c, period);
  c = c < 0 ? c + period : c;
  return c < period ? c : 0;
}

/* floor () of @c, |c| < 2^31. */
static inline gint
floor_int (gdouble c)
{
  gint i = (gint) c;

  return i - (c < i);
}

#ifdef __SSE2__
/* What build_row () keeps in registers for fast_pair (). */
typedef struct
{
  __m128d lim, half;            /* (w, h); 0.5 for centred positions */
  __m128i lo, fast, corner, bpp, stride;
  gboolean check_corner;
} PairConsts;

/* build_row ()'s entries of two pixels, whose positions are inside the
 * source and whose footprints are too: the same double operations, two
 * positions at a time. Returns FALSE, with nothing written, for any other
 * pair. */
static inline gboolean
fast_pair (const PairConsts * k, const gdouble * uv, const gboolean centred,
    guint32 * off, guint16 * frac)
{
  const __m128d zero = _mm_setzero_pd ();
  const __m128d one = _mm_set1_pd (FRAC_ONE);
  const __m128d bias = _mm_set1_pd (0.5 + 1.5 * FRAC_ONE);
  __m128d a = _mm_loadu_pd (uv), b = _mm_loadu_pd (uv + 2);
  __m128i q, t, f;
  gint m;
  guint32 f2;

  if (centred) {
    a = _mm_add_pd (a, k->half);
    b = _mm_add_pd (b, k->half);
  }
  /* 0 <= u <= w and 0 <= v <= h, NaN excluded */
  m = _mm_movemask_pd (_mm_and_pd (_mm_cmpge_pd (a, zero),
          _mm_cmple_pd (a, k->lim))) & _mm_movemask_pd (_mm_and_pd
      (_mm_cmpge_pd (b, zero), _mm_cmple_pd (b, k->lim)));
  if (m != 3)
    return FALSE;
  /* lanes u0, v0, u1, v1: the taps left of the points and the fractions */
  q = _mm_unpacklo_epi64 (_mm_cvttpd_epi32 (_mm_add_pd (_mm_mul_pd (a, one),
              bias)), _mm_cvttpd_epi32 (_mm_add_pd (_mm_mul_pd (b, one),
              bias)));
  q = _mm_sub_epi32 (q, _mm_set1_epi32 (2 * FRAC_ONE));
  t = _mm_sub_epi32 (_mm_srai_epi32 (q, FRAC_BITS), k->lo);
  if (_mm_movemask_epi8 (_mm_and_si128 (_mm_cmpgt_epi32 (t,
                  _mm_set1_epi32 (-1)), _mm_cmplt_epi32 (t, k->fast)))
      != 0xffff)
    return FALSE;
  if (k->check_corner) {
    m = _mm_movemask_epi8 (_mm_cmpeq_epi32 (t, k->corner));
    if ((m & 0xff) == 0xff || (m & 0xff00) == 0xff00)
      return FALSE;
  }
  /* the products in the low halves of the 64-bit lanes */
  t = _mm_add_epi32 (_mm_mul_epu32 (t, k->bpp),
      _mm_mul_epu32 (_mm_srli_epi64 (t, 32), k->stride));
  _mm_storel_epi64 ((__m128i *) off, _mm_shuffle_epi32 (t, 0x08));
  f = _mm_and_si128 (q, _mm_set1_epi32 (FRAC_MASK));
  f = _mm_or_si128 (f, _mm_srli_epi64 (f, 32 - FRAC_BITS));
  f = _mm_shuffle_epi32 (f, 0x08);
  f2 = (guint32) _mm_cvtsi128_si32 (_mm_packs_epi32 (f, f));
  memcpy (frac, &f2, 4);
  return TRUE;
}
#endif

/* Fills the entries @off, @frac of one row of @n output pixels from their
 * source positions @coords (pixel centres at integers + 0.5, or at
 * integers when @centred), and counts its fast runs and special pixels;
 * lists them too when @runs and @specials are given.
 * @interp and @centred are constants at each call, so that the footprint
 * is too; the layout is read into locals once, as the compiler cannot tell
 * that off[] and frac[] do not alias it.
 *
 * After gst_im_remap_extend_coord (), a position is at least -1.5 (so
 * that truncation is a floor for bilinear and bicubic) and a sampling
 * point sx, sy that is not all background lies in [-2, 2 * size - 1] (a
 * mirrored axis reaches past the source): packed as sx + 2, it fits 16 bits. */
G_ALWAYS_INLINE static inline void
build_row (const GstImRemapLayout * l, const gdouble * coords, guint n,
    guint32 * off, guint16 * frac, guint32 * runs, guint32 * specials,
    guint * runs_out, guint * specials_out,
    const GstImRemapInterpolation interp, const gboolean centred)
{
  const gint lo = IS_CUBIC (interp) ? 1 : 0;
  const gint hi = IS_CUBIC (interp) ? 2 :
      interp == GST_IM_REMAP_BILINEAR ? 1 : 0;
  const gint w = l->in_w, h = l->in_h, bpp = l->bpp;
  const guint fast_w = MAX (w - lo - hi, 0), fast_h = MAX (h - lo - hi, 0);
  const gsize stride = l->in_stride, plane_end = l->plane_end;
  const GstImRemapExtend ex = l->extend_x, ey = l->extend_y;
  guint x, n_runs = 0, n_special = 0;
  gboolean fast, prev_fast = FALSE;
  gdouble u, v;
  gint sx, sy, q;
  guint16 f;
#ifdef __SSE2__
  PairConsts k;

  k.lim = _mm_setr_pd (w, h);
  k.half = _mm_set1_pd (0.5);
  k.lo = _mm_set1_epi32 (lo);
  k.fast = _mm_setr_epi32 (fast_w, fast_h, fast_w, fast_h);
  /* the one footprint of 3-byte pixels whose wide reads pass the plane */
  k.corner = _mm_setr_epi32 (fast_w - 1, fast_h - 1, fast_w - 1,
      fast_h - 1);
  k.check_corner = bpp == 3;
  k.bpp = _mm_set1_epi32 (bpp);
  k.stride = _mm_set1_epi32 ((gint32) stride);
#endif

  for (x = 0; x < n; x++) {
#ifdef __SSE2__
    if (interp != GST_IM_REMAP_NEAREST && x + 1 < n &&
        fast_pair (&k, coords + 2 * x, centred, off + x, frac + x)) {
      if (!prev_fast && runs)
        runs[2 * n_runs] = x;
      n_runs += !prev_fast;
      prev_fast = TRUE;
      x++;
      continue;
    }
#endif
    u = coords[2 * x];
    v = coords[2 * x + 1];
    if (centred) {
      u += 0.5;
      v += 0.5;
    }
    if (G_UNLIKELY (!(u >= 0 && u <= w)))
      u = gst_im_remap_extend_coord (u, w, ex);
    if (G_UNLIKELY (!(v >= 0 && v <= h)))
      v = gst_im_remap_extend_coord (v, h, ey);
    if (G_UNLIKELY (isnan (u) || isnan (v))) {
      off[x] = 0;
      frac[x] = F_SPECIAL | F_BACKGROUND;
      fast = FALSE;
    } else {
      if (interp == GST_IM_REMAP_NEAREST) {
        /* u == w or v == h picks the pixel past the edge, which the extend
         * rule resolves */
        sx = floor_int (u);
        sy = floor_int (v);
        f = 0;
      } else {
        /* centre units (integer = pixel centre) in 1/128, rounded half up,
         * as tap and fraction; u, v >= -1.5, so the offset of 2 pixels
         * makes (gint) a floor */
        q = (gint) (u * FRAC_ONE + (0.5 + 1.5 * FRAC_ONE)) - 2 * FRAC_ONE;
        sx = q >> FRAC_BITS;    /* arithmetic shift: floor */
        f = q & FRAC_MASK;
        q = (gint) (v * FRAC_ONE + (0.5 + 1.5 * FRAC_ONE)) - 2 * FRAC_ONE;
        sy = q >> FRAC_BITS;
        f |= (q & FRAC_MASK) << FRAC_BITS;
      }
      /* the whole footprint, taps sx - lo .. sx + hi, inside the source */
      fast = (guint) (sx - lo) < fast_w && (guint) (sy - lo) < fast_h;
      /* 3-byte pixels are read 4 or 8 bytes at a time: stay inside the
       * plane */
      if (fast && bpp == 3)
        fast = (sy + hi) * stride + (sx + hi) * 3 + 5 <= plane_end;
      if (fast) {
        off[x] = (sy - lo) * stride + (sx - lo) * bpp;
        frac[x] = f;
      } else if ((ex == GST_IM_REMAP_EXTEND_BACKGROUND && (sx + hi < 0 ||
                  sx - lo >= w)) || (ey == GST_IM_REMAP_EXTEND_BACKGROUND &&
              (sy + hi < 0 || sy - lo >= h))) {
        /* every tap on the background (what BACKGROUND's points far
         * outside come to) */
        off[x] = 0;
        frac[x] = F_SPECIAL | F_BACKGROUND;
      } else {
        off[x] = (guint32) (sx + 2) | (guint32) (sy + 2) << 16;
        frac[x] = f | F_SPECIAL;
      }
    }
    if (fast && !prev_fast && runs)
      runs[2 * n_runs] = x;
    n_runs += fast && !prev_fast;
    if (!fast && prev_fast && runs)
      runs[2 * n_runs - 1] = x;
    if (!fast && specials)
      specials[n_special] = x;
    n_special += !fast;
    prev_fast = fast;
  }
  if (prev_fast && runs)
    runs[2 * n_runs - 1] = n;
  *runs_out = n_runs;
  *specials_out = n_special;
}

/* build_row () for the layout's interpolation (the entries depend only on
 * the footprint, which both cubic kernels share). */
void
gst_im_remap_build_row (const GstImRemapLayout * l, const gdouble * coords,
    guint n, guint32 * off, guint16 * frac, guint32 * runs, guint32 * specials,
    guint * runs_out, guint * specials_out, gboolean centred)
{
#define BUILD_ROW(interp) (centred ? \
    build_row (l, coords, n, off, frac, runs, specials, runs_out, \
        specials_out, interp, TRUE) : \
    build_row (l, coords, n, off, frac, runs, specials, runs_out, \
        specials_out, interp, FALSE))
  if (l->interp == GST_IM_REMAP_NEAREST)
    BUILD_ROW (GST_IM_REMAP_NEAREST);
  else if (l->interp == GST_IM_REMAP_BILINEAR)
    BUILD_ROW (GST_IM_REMAP_BILINEAR);
  else
    BUILD_ROW (GST_IM_REMAP_BICUBIC);
#undef BUILD_ROW
}
