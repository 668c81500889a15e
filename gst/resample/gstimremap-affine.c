/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The sampler's affine and projective rows: positions along a line built
 * incrementally in fixed point, whole-pixel steps copied, stretches on the
 * background written directly. */
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

/* Affine rows: positions in 1/2^32 pixel in 64 bits, |u|, |v| < 2^30. */
#define AFF_BITS 32
#define AFF_ONE ((gint64) 1 << AFF_BITS)
#define AFF_LIMIT 1073741824.0

/* floor (a / b) and ceil (a / b), b > 0 */
static inline gint64
floor_div (gint64 a, gint64 b)
{
  return a / b - (a % b != 0 && a < 0);
}

static inline gint64
ceil_div (gint64 a, gint64 b)
{
  return -floor_div (-a, b);
}

/* The pixels i of [*i0, *i1) with a <= x0 + i * dx < b, which are an
 * interval: *i0, *i1 are narrowed to it (*i0 == *i1 when empty). */
static void
clip_span (gint64 x0, gint64 dx, gint64 a, gint64 b, guint * i0, guint * i1)
{
  gint64 lo, hi;

  if (dx == 0) {
    lo = x0 >= a && x0 < b ? 0 : G_MAXINT64;
    hi = G_MAXINT64;
  } else if (dx > 0) {
    lo = ceil_div (a - x0, dx);
    hi = ceil_div (b - x0, dx);
  } else {
    lo = floor_div (x0 - b, -dx) + 1;
    hi = floor_div (x0 - a, -dx) + 1;
  }
  lo = MAX (lo, (gint64) * i0);
  hi = MIN (hi, (gint64) * i1);
  if (lo >= hi)
    lo = hi = *i0;
  *i0 = lo;
  *i1 = hi;
}

/* The entries of pixels [@from, @to) through the positions in double, as
 * gst_im_remap_sampler_row() has them, a block at a time; listed after
 * those already listed. */
static void
affine_generic (GstImRemapSampler * sampler, const GstImRemapLayout * l,
    gdouble u0, gdouble v0, gdouble du, gdouble dv, guint from, guint to,
    guint * n_runs, guint * n_specials)
{
  gdouble coords[2 * 64];
  guint x, i, k, unused;

  for (x = from; x < to; x += k) {
    k = MIN (64, to - x);
    for (i = 0; i < k; i++) {
      coords[2 * i] = u0 + (x + i) * du;
      coords[2 * i + 1] = v0 + (x + i) * dv;
    }
    gst_im_remap_build_row (l, coords, k, sampler->off + x,
        sampler->frac + x, NULL, NULL, &unused, &unused, FALSE);
  }
  gst_im_remap_list_row (sampler->frac, from, to, sampler->runs, n_runs,
      sampler->specials, n_specials);
}

#ifdef __SSE2__
/* affine_entries () of 4 pixels, the first at @x, @y, for bilinear and
 * cubic. In the fast stretch positions are not negative, so the 64-bit
 * lanes shift as unsigned, and the tap's offset is below 4 GiB: each
 * product and sum fits 32 bits. */
static inline void
affine_entries4 (gint64 x, gint64 y, gint64 dx, gint64 dy, gint64 stride,
    gint64 bpp, gint64 base, guint32 * off, guint16 * frac)
{
  const __m128i vs = _mm_set1_epi32 ((gint32) stride);
  const __m128i vb = _mm_set1_epi32 ((gint32) bpp);
  const __m128i fmask = _mm_set1_epi32 (FRAC_MASK << FRAC_BITS);
  const guint shift = AFF_BITS - FRAC_BITS;
  __m128i xa = _mm_set_epi64x (x + dx, x), ya = _mm_set_epi64x (y + dy, y);
  __m128i xb = _mm_add_epi64 (xa, _mm_set1_epi64x (2 * dx));
  __m128i yb = _mm_add_epi64 (ya, _mm_set1_epi64x (2 * dy));
  __m128i oa, ob, fa, fb;

  /* results in the low halves of the 64-bit lanes: 0 and 2 */
  oa = _mm_add_epi32 (_mm_mul_epu32 (_mm_srli_epi64 (ya, AFF_BITS), vs),
      _mm_mul_epu32 (_mm_srli_epi64 (xa, AFF_BITS), vb));
  ob = _mm_add_epi32 (_mm_mul_epu32 (_mm_srli_epi64 (yb, AFF_BITS), vs),
      _mm_mul_epu32 (_mm_srli_epi64 (xb, AFF_BITS), vb));
  fa = _mm_or_si128 (_mm_srli_epi32 (xa, shift),
      _mm_and_si128 (_mm_srli_epi32 (ya, shift - FRAC_BITS), fmask));
  fb = _mm_or_si128 (_mm_srli_epi32 (xb, shift),
      _mm_and_si128 (_mm_srli_epi32 (yb, shift - FRAC_BITS), fmask));
  oa = _mm_unpacklo_epi64 (_mm_shuffle_epi32 (oa, 0x08),
      _mm_shuffle_epi32 (ob, 0x08));
  fa = _mm_unpacklo_epi64 (_mm_shuffle_epi32 (fa, 0x08),
      _mm_shuffle_epi32 (fb, 0x08));
  _mm_storeu_si128 ((__m128i *) off,
      _mm_sub_epi32 (oa, _mm_set1_epi32 ((gint32) base)));
  _mm_storel_epi64 ((__m128i *) frac, _mm_packs_epi32 (fa, fa));
}
#endif

/* The fast-path entries of pixels [@x0, @x1) from the fixed-point
 * positions @px, @py of pixel 0 (sampling points in the top 32 bits, the
 * 1/128 fractions below them) and their steps: what build_row () gives for
 * those positions, with no rounding per pixel. */
G_ALWAYS_INLINE static inline void
affine_entries (const GstImRemapLayout * l, gint64 px, gint64 py,
    gint64 dx, gint64 dy, guint x0, guint x1, guint32 * off, guint16 * frac,
    const GstImRemapInterpolation interp)
{
  const gint64 lo = interp == GST_IM_REMAP_BICUBIC ? 1 : 0;
  const gint64 stride = l->in_stride, bpp = l->bpp;
  const guint shift = AFF_BITS - FRAC_BITS;
  gint64 x = px + x0 * dx, y = py + x0 * dy;
  guint i = x0;

#ifdef __SSE2__
  if (interp != GST_IM_REMAP_NEAREST)
    for (; i + 4 <= x1; i += 4, x += 4 * dx, y += 4 * dy)
      affine_entries4 (x, y, dx, dy, stride, bpp, lo * (stride + bpp),
          off + i, frac + i);
#endif
  for (; i < x1; i++, x += dx, y += dy) {
    off[i] = (guint32) (((y >> AFF_BITS) - lo) * stride +
        ((x >> AFF_BITS) - lo) * bpp);
    frac[i] = interp == GST_IM_REMAP_NEAREST ? 0 :
        ((x >> shift) & FRAC_MASK) | ((y >> shift) & FRAC_MASK) << FRAC_BITS;
  }
}

/* @n pixels of the background colour @bg. */
static void
fill_background (guint8 * d, const guint8 * bg, guint n, guint bpp)
{
  gsize done, size = (gsize) n * bpp;

  if (n == 0)
    return;
  memcpy (d, bg, bpp);
  /* copies of what is written so far, doubling */
  for (done = bpp; done < size; done *= 2)
    memcpy (d + done, d, MIN (done, size - done));
}

/* Where the pixel centre @i of an axis reads with no weights: the source
 * pixel by the axis' extend rule, -1 for the background (CLAMP gives it
 * to every position outside, as gst_im_remap_extend_coord () does). */
static inline gint
unit_tap (gint64 i, guint size, GstImRemapExtend extend)
{
  if (i >= 0 && i < size)
    return i;
  if (extend == GST_IM_REMAP_EXTEND_CLAMP)
    return -1;
  return gst_im_remap_extend_tap (i, size, extend);
}

/* Pixel centres at unit steps along a row or a column: the sampling points
 * are the source pixels themselves, read with no weights. Copies the
 * pixels inside the source as one run and resolves the rest by the extend
 * rules, a fill of the background where the line is outside; returns
 * TRUE. */
static gboolean
affine_copy (const GstImRemapReader * r, gdouble u0, gdouble v0,
    gdouble du, gdouble dv, guint n, guint8 * dst)
{
  const GstImRemapLayout *l = r->l;
  const guint bpp = l->bpp;
  gint64 sx, sy, ix, iy, s0, step;
  guint i, i0 = 0, i1 = n, size;
  gint fixed, t;
  gsize base, pitch;
  GstImRemapExtend ext;

  if (!(fabs (du) <= 1 && fabs (dv) <= 1 && fabs (u0) < AFF_LIMIT &&
          fabs (v0) < AFF_LIMIT))
    return FALSE;
  ix = (gint64) du;
  iy = (gint64) dv;
  if (!(ix == du && iy == dv && ABS (ix) + ABS (iy) == 1 &&
          u0 - 0.5 == floor (u0 - 0.5) && v0 - 0.5 == floor (v0 - 0.5)))
    return FALSE;

  sx = (gint64) floor (u0);
  sy = (gint64) floor (v0);
  /* the line along x (a row) or along y (a column): its one index across
   * and its indices along, from s0 by step */
  if (iy == 0) {
    fixed = unit_tap (sy, l->in_h, l->extend_y);
    base = fixed * l->in_stride;
    pitch = bpp;
    s0 = sx;
    step = ix;
    size = l->in_w;
    ext = l->extend_x;
  } else {
    fixed = unit_tap (sx, l->in_w, l->extend_x);
    base = (gsize) fixed * bpp;
    pitch = l->in_stride;
    s0 = sy;
    step = iy;
    size = l->in_h;
    ext = l->extend_y;
  }
  if (fixed < 0) {
    fill_background (dst, r->bg, n, bpp);
    return TRUE;
  }
  clip_span (s0, step, 0, size, &i0, &i1);
  if (i0 == i1)
    i0 = i1 = n;
  if (i0 < i1)
    gst_im_remap_copy_run (r, dst + (gsize) i0 * bpp,
        base + (s0 + i0 * step) * pitch, step * (gssize) pitch, i1 - i0);
  if (ext == GST_IM_REMAP_EXTEND_BACKGROUND
      || ext == GST_IM_REMAP_EXTEND_CLAMP) {
    fill_background (dst, r->bg, i0, bpp);
    fill_background (dst + (gsize) i1 * bpp, r->bg, n - i1, bpp);
    return TRUE;
  }
  /* the margins, pixel by pixel by the rule */
  for (i = 0; i < n; i++) {
    if (i == i0)
      i = i1;
    if (i == n)
      break;
    t = unit_tap (s0 + (gint64) i * step, size, ext);
    memcpy (dst + (gsize) i * bpp, r->src + base + (gsize) t * pitch, bpp);
  }
  return TRUE;
}

/**
 * gst_im_remap_sampler_row_affine:
 * @sampler: a sampler, used by one thread at a time
 * @src: the source plane and how to sample it, as for
 *   gst_im_remap_sampler_row()
 * @u0: the source position u of the first output pixel, as in the
 *   coordinates of gst_im_remap_sampler_row()
 * @v0: its position v
 * @du: the step of u from one output pixel to the next
 * @dv: the step of v
 * @n: output pixels, at most the sampler's maximum width
 * @dst: (out caller-allocates) (array): the output row, @n * @src->bpp
 *   bytes, not overlapping the source
 *
 * Samples one output row of @n pixels along a line: pixel i at (@u0 + i *
 * @du, @v0 + i * @dv), as gst_im_remap_sampler_row() would at those
 * positions, but faster: a row of an affine transform.
 *
 * Where the whole footprint lies inside the source, the positions advance
 * in fixed point, 1/2^32 pixel, with no conversion per pixel, and that
 * stretch of the line is found in closed form; each position is then
 * within 2^-18 pixel of @u0 + i * @du (for rows up to
 * %GST_IM_REMAP_MAX_SIZE) before the sampler rounds it to 1/128 pixel (or
 * takes its pixel, for nearest). So a pixel differs from
 * gst_im_remap_sampler_row() only where a position lies within 2^-18 pixel
 * of a rounding step, by that one step, and not at all when @u0, @v0, @du
 * and @dv are multiples of 2^-32 (1/128 of a pixel, say). Positions
 * elsewhere, and every position when the line reaches 2^30 pixels or is
 * not finite, go through gst_im_remap_sampler_row()'s own path, but for
 * the stretches more than a pixel beyond the source on an axis with
 * %GST_IM_REMAP_EXTEND_BACKGROUND, found in closed form too, which are
 * written with the background colour.
 *
 * When the steps are one pixel along a row or a column (@du, @dv one of
 * (1, 0), (-1, 0), (0, 1), (0, -1)) and @u0, @v0 are pixel centres (integers
 * plus 0.5), every interpolation reads the source pixels unweighted: those
 * inside the source are copied as they are (a crop, a flip, a transpose or
 * a quarter turn) and those outside follow the extend rules. The bytes are
 * the same as gst_im_remap_sampler_row() gives.
 *
 * Each row depends on its arguments alone. Allocates nothing.
 */
void
gst_im_remap_sampler_row_affine (GstImRemapSampler * sampler,
    const GstImRemapSource * src, gdouble u0, gdouble v0, gdouble du,
    gdouble dv, guint n, guint8 * dst)
{
  GstImRemapLayout l;
  GstImRemapReader r;
  const gdouble one = AFF_ONE;
  gdouble u1 = u0 + (n - 1.0) * du, v1 = v0 + (n - 1.0) * dv;
  gint64 px, py, dx, dy, corner_x, corner_y;
  guint x0 = 0, x1 = n, c0 = 0, c1 = n, b0 = 0, b1 = n, n_runs = 0;
  guint n_specials = 0;
  gint lo, hi;

  g_return_if_fail (sampler != NULL && n <= sampler->max_w);
  g_return_if_fail (gst_im_remap_source_valid (src));
  g_return_if_fail (n == 0 || dst != NULL);

  if (n == 0)
    return;
  gst_im_remap_reader_init (&r, &l, src);
  if (affine_copy (&r, u0, v0, du, dv, n, dst))
    return;

  if (!(fabs (u0) < AFF_LIMIT && fabs (v0) < AFF_LIMIT &&
          fabs (u1) < AFF_LIMIT && fabs (v1) < AFF_LIMIT &&
          fabs (du) < AFF_LIMIT && fabs (dv) < AFF_LIMIT)) {
    affine_generic (sampler, &l, u0, v0, du, dv, 0, n, &n_runs, &n_specials);
    gst_im_remap_gather_row (&r, dst, sampler->off, sampler->frac,
        sampler->runs, n_runs, sampler->specials, n_specials);
    return;
  }

  /* sampling points in the top bits: the pixel holding the point for
   * nearest, else the tap left of it in centre units, the fraction rounded
   * half up to 1/128 as build_row () does */
  lo = l.lo;
  hi = l.hi;
  if (l.interp == GST_IM_REMAP_NEAREST) {
    px = (gint64) floor (u0 * one + 0.5);
    py = (gint64) floor (v0 * one + 0.5);
  } else {
    px = (gint64) floor ((u0 - 0.5) * one + 0.5) +
        ((gint64) 1 << (AFF_BITS - FRAC_BITS - 1));
    py = (gint64) floor ((v0 - 0.5) * one + 0.5) +
        ((gint64) 1 << (AFF_BITS - FRAC_BITS - 1));
  }
  dx = (gint64) floor (du * one + 0.5);
  dy = (gint64) floor (dv * one + 0.5);

  /* the fast stretch: taps sx - lo .. sx + hi inside on both axes */
  clip_span (px, dx, lo * AFF_ONE, ((gint) l.in_w - hi) * AFF_ONE, &x0,
      &x1);
  clip_span (py, dy, lo * AFF_ONE, ((gint) l.in_h - hi) * AFF_ONE, &x0,
      &x1);
  /* beyond the source on an axis with the background, every tap reads the
   * background: outside [b0, b1) the pixels are the background colour (a
   * margin of a pixel keeps the double path's positions there too) */
  if (l.extend_x == GST_IM_REMAP_EXTEND_BACKGROUND)
    clip_span (px, dx, (-hi - 1) * AFF_ONE, ((gint) l.in_w + lo + 1) *
        AFF_ONE, &b0, &b1);
  if (l.extend_y == GST_IM_REMAP_EXTEND_BACKGROUND)
    clip_span (py, dy, (-hi - 1) * AFF_ONE, ((gint) l.in_h + lo + 1) *
        AFF_ONE, &b0, &b1);
  fill_background (dst, r.bg, b0, l.bpp);
  fill_background (dst + (gsize) b1 * l.bpp, r.bg, n - b1, l.bpp);
  /* (the fast stretch lies inside [b0, b1)) */
  if (x0 == x1)
    x0 = x1 = b0;

  /* 3-byte pixels are read 4 or 8 bytes at a time, which only the
   * bottom-right footprint would read past the plane: that sampling point
   * takes the double path */
  c0 = c1 = x1;
  if (l.bpp == 3 && x0 < x1) {
    corner_x = ((gint) l.in_w - 1 - hi) * AFF_ONE;
    corner_y = ((gint) l.in_h - 1 - hi) * AFF_ONE;
    c0 = x0;
    clip_span (px, dx, corner_x, corner_x + AFF_ONE, &c0, &c1);
    clip_span (py, dy, corner_y, corner_y + AFF_ONE, &c0, &c1);
    if (c0 == c1)
      c0 = c1 = x1;
  }

  affine_generic (sampler, &l, u0, v0, du, dv, b0, x0, &n_runs,
      &n_specials);
  if (l.interp == GST_IM_REMAP_NEAREST) {
    affine_entries (&l, px, py, dx, dy, x0, c0, sampler->off, sampler->frac,
        GST_IM_REMAP_NEAREST);
    affine_entries (&l, px, py, dx, dy, c1, x1, sampler->off, sampler->frac,
        GST_IM_REMAP_NEAREST);
  } else if (l.interp == GST_IM_REMAP_BILINEAR) {
    affine_entries (&l, px, py, dx, dy, x0, c0, sampler->off, sampler->frac,
        GST_IM_REMAP_BILINEAR);
    affine_entries (&l, px, py, dx, dy, c1, x1, sampler->off, sampler->frac,
        GST_IM_REMAP_BILINEAR);
  } else {
    affine_entries (&l, px, py, dx, dy, x0, c0, sampler->off, sampler->frac,
        GST_IM_REMAP_BICUBIC);
    affine_entries (&l, px, py, dx, dy, c1, x1, sampler->off, sampler->frac,
        GST_IM_REMAP_BICUBIC);
  }
  if (x0 < c0) {
    sampler->runs[2 * n_runs] = x0;
    sampler->runs[2 * n_runs++ + 1] = c0;
  }
  affine_generic (sampler, &l, u0, v0, du, dv, c0, c1, &n_runs, &n_specials);
  if (c1 < x1) {
    sampler->runs[2 * n_runs] = c1;
    sampler->runs[2 * n_runs++ + 1] = x1;
  }
  affine_generic (sampler, &l, u0, v0, du, dv, x1, b1, &n_runs,
      &n_specials);
  gst_im_remap_gather_row (&r, dst, sampler->off, sampler->frac,
      sampler->runs, n_runs, sampler->specials, n_specials);
}

/**
 * gst_im_remap_sampler_row_projective:
 * @sampler: a sampler, used by one thread at a time
 * @src: the source plane and how to sample it, as for
 *   gst_im_remap_sampler_row()
 * @a: the numerator of u at the first output pixel
 * @b: the numerator of v at the first output pixel
 * @c: the denominator at the first output pixel
 * @da: the step of @a from one output pixel to the next
 * @db: the step of @b
 * @dc: the step of @c
 * @n: output pixels, at most the sampler's maximum width
 * @dst: (out caller-allocates) (array): the output row, @n * @src->bpp
 *   bytes, not overlapping the source
 *
 * Samples one output row of @n pixels along the image of a line under a
 * homography: pixel i at u = (@a + i * @da) / (@c + i * @dc), v = (@b + i *
 * @db) / (@c + i * @dc) with pixel centres at integers, as OpenCV's
 * warpPerspective has them. The bytes are those of
 * gst_im_remap_sampler_row_centres() at these positions computed in double
 * as written (i converted to double; a zero denominator gives the
 * background), two pixels at a time, without a map.
 *
 * Each row depends on its arguments alone. Allocates nothing.
 */
void
gst_im_remap_sampler_row_projective (GstImRemapSampler * sampler,
    const GstImRemapSource * src, gdouble a, gdouble b, gdouble c,
    gdouble da, gdouble db, gdouble dc, guint n, guint8 * dst)
{
  GstImRemapLayout l;
  GstImRemapReader r;
  gdouble *xy, w;
  guint i = 0, n_runs, n_specials;
#ifdef __SSE2__
  __m128d ab, dab, t, ws;
#endif

  g_return_if_fail (sampler != NULL && n <= sampler->max_w);
  g_return_if_fail (gst_im_remap_source_valid (src));
  g_return_if_fail (n == 0 || dst != NULL);

  if (n == 0)
    return;
  xy = sampler->coords;
#ifdef __SSE2__
  /* each lane the scalar expression below: the same bytes; one division
   * gives u and v */
  ab = _mm_setr_pd (a, b);
  dab = _mm_setr_pd (da, db);
  for (; i + 2 <= n; i += 2) {
    t = _mm_setr_pd (i, i + 1.0);
    ws = _mm_add_pd (_mm_set1_pd (c), _mm_mul_pd (t, _mm_set1_pd (dc)));
    _mm_storeu_pd (xy + 2 * i, _mm_div_pd (_mm_add_pd (ab,
                _mm_mul_pd (_mm_unpacklo_pd (t, t), dab)),
            _mm_unpacklo_pd (ws, ws)));
    _mm_storeu_pd (xy + 2 * i + 2, _mm_div_pd (_mm_add_pd (ab,
                _mm_mul_pd (_mm_unpackhi_pd (t, t), dab)),
            _mm_unpackhi_pd (ws, ws)));
  }
#endif
  for (; i < n; i++) {
    w = c + i * dc;
    xy[2 * i] = (a + i * da) / w;
    xy[2 * i + 1] = (b + i * db) / w;
  }
  gst_im_remap_reader_init (&r, &l, src);
  gst_im_remap_build_row (&l, xy, n, sampler->off, sampler->frac, sampler->runs,
      sampler->specials, &n_runs, &n_specials, TRUE);
  gst_im_remap_gather_row (&r, dst, sampler->off, sampler->frac,
      sampler->runs, n_runs, sampler->specials, n_specials);
}
