/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimremap
 * @title: GstImRemapTable
 * @short_description: any geometric transform as a lookup table and a
 *   gather in row bands
 *
 * Like libvips' mapim, every output pixel is read from the source through
 * an index: out[x, y] = in[index[x, y]]. The caller gives the index as the
 * source position (u, v) of each output pixel, in source pixels with pixel
 * i covering [i, i + 1), row by row: from a #GstImRemapCoordsFunc with
 * gst_im_remap_table_fill(), or with gst_im_remap_table_set_row() from its
 * own loop (which may, say, compute two mirrored rows at once) and then
 * gst_im_remap_table_finish(). The geometry stays with the caller; the
 * table knows only positions.
 *
 * Building turns each position into the byte offset of its first tap and
 * the sampling fractions in 1/128 pixel (nearest takes the pixel holding
 * the point), and sorts the pixels of each row into fast runs, whose every
 * tap lies inside the source plane, and special pixels: background, or
 * near an edge. Each frame is then only gst_im_remap_table_apply(), a
 * gather with no branch per pixel on the fast runs (SSSE3 bilinear and
 * SSE2 bicubic for 3- and 4-byte pixels, plain loops elsewhere, all giving
 * the same integers).
 *
 * Edges, as libvips' mapim has `extend` and `background`, and OpenCV's
 * border types: each tap of the interpolation footprint that falls outside
 * the source follows the #GstImRemapExtend of its axis, however far out
 * the position is (a far one is folded back by the rule's period first, so
 * that every tap reads what cv::borderInterpolate() gives). NaN or an
 * infinite position gives the background colour, and so does a position
 * outside the closed rectangle [0, width] x [0, height] along an axis with
 * %GST_IM_REMAP_EXTEND_CLAMP. A map of the world wraps its longitude
 * (columns) and clamps its rows; an affine transform with
 * %GST_IM_REMAP_EXTEND_BACKGROUND on both axes gets blended edges, as
 * cv2.warpAffine() with BORDER_CONSTANT.
 *
 * The table holds one plane of 1 to 4 bytes per pixel, read as that many
 * 8-bit channels, at one source stride: six bytes per output pixel. Both
 * building and applying run in bands of rows on a #GstImWorkerPool; each
 * entry depends on its own position only, so the bytes never depend on the
 * bands or the threads.
 *
 * A map that changes with every frame (a random warp) would build a table
 * to read it once. A #GstImRemapSampler instead builds one row's entries
 * into its own scratch and gathers that row at once, with the same code
 * and the same bytes: gst_im_remap_sampler_row() from each worker's band
 * of rows, with one sampler per worker.
 */
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

GST_IM_DEBUG_CATEGORY ("im-remap", "imagemill lookup-table remap");

static void
init_weights_once (void)
{
  static gsize weights_done = 0;

  if (g_once_init_enter (&weights_done)) {
    gst_im_remap_init_weights ();
    g_once_init_leave (&weights_done, 1);
  }
}

/* The source plane's layout for the kernels, from arguments that the
 * caller has checked. */
static void
layout_init (GstImRemapLayout * l, guint width, guint height, gint stride,
    guint bpp, GstImRemapInterpolation interp, GstImRemapExtend extend_x,
    GstImRemapExtend extend_y)
{
  l->in_w = width;
  l->in_h = height;
  l->bpp = bpp;
  l->in_stride = stride;
  l->interp = interp;
  l->extend_x = extend_x;
  l->extend_y = extend_y;
  l->lo = IS_CUBIC (interp) ? 1 : 0;
  l->hi = IS_CUBIC (interp) ? 2 :
      interp == GST_IM_REMAP_BILINEAR ? 1 : 0;
  l->plane_end = (gsize) (height - 1) * stride + (gsize) width *bpp;
}

/**
 * gst_im_remap_table_new:
 * @out_width: output width, 1 to %GST_IM_REMAP_MAX_SIZE
 * @out_height: output height, 1 to %GST_IM_REMAP_MAX_SIZE
 * @in_width: source width, 1 to %GST_IM_REMAP_MAX_SIZE
 * @in_height: source height, 1 to %GST_IM_REMAP_MAX_SIZE
 * @in_stride: bytes from one source row to the next, at least @in_width *
 *   @pixel_stride; the whole plane must fit in 4 GiB
 * @pixel_stride: bytes per pixel, 1 to 4, each an 8-bit channel
 * @interpolation: how the source is sampled
 * @extend_x: what lies left and right of the source
 * @extend_y: what lies above and below the source
 * @error: where to store the reason the table cannot be made
 *
 * Makes an empty table for one plane. Fill it with
 * gst_im_remap_table_fill(), or with gst_im_remap_table_set_row() for every
 * row and then gst_im_remap_table_finish().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error set
 *   (%GST_STREAM_ERROR_FORMAT) when an image is too large.
 */
GstImRemapTable *
gst_im_remap_table_new (guint out_width, guint out_height, guint in_width,
    guint in_height, gint in_stride, guint pixel_stride,
    GstImRemapInterpolation interpolation, GstImRemapExtend extend_x,
    GstImRemapExtend extend_y, GError ** error)
{
  GstImRemapTable *t;
  gsize n = (gsize) out_width * out_height;

  g_return_val_if_fail (out_width > 0 && out_height > 0, NULL);
  g_return_val_if_fail (in_width > 0 && in_height > 0, NULL);
  g_return_val_if_fail (pixel_stride >= 1 && pixel_stride <= 4, NULL);
  g_return_val_if_fail (in_stride > 0 &&
      (guint64) in_stride >= (guint64) in_width * pixel_stride, NULL);
  g_return_val_if_fail (interpolation <= GST_IM_REMAP_BICUBIC_OPENCV, NULL);
  g_return_val_if_fail (extend_x <= GST_IM_REMAP_EXTEND_MIRROR_101, NULL);
  g_return_val_if_fail (extend_y <= GST_IM_REMAP_EXTEND_MIRROR_101, NULL);

  /* sampling points pack into two gint16 and offsets into 32 bits */
  if (MAX (out_width, in_width) > GST_IM_REMAP_MAX_SIZE ||
      MAX (out_height, in_height) > GST_IM_REMAP_MAX_SIZE)
    goto too_large;
  if ((guint64) in_stride * in_height > G_MAXUINT32)
    goto plane_too_large;

  init_weights_once ();

  t = g_new0 (GstImRemapTable, 1);
  layout_init (&t->l, in_width, in_height, in_stride, pixel_stride,
      interpolation, extend_x, extend_y);
  t->out_w = out_width;
  t->out_h = out_height;
  t->off = g_new (guint32, n);
  t->frac = g_new (guint16, n);
  t->row_runs = g_new0 (guint, out_height + 1);
  t->row_specials = g_new0 (guint, out_height + 1);
  return t;

  /* ERRORS */
too_large:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
        "Cannot remap %ux%u to %ux%u: the largest size is %u", in_width,
        in_height, out_width, out_height, GST_IM_REMAP_MAX_SIZE);
    return NULL;
  }
plane_too_large:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
        "Cannot remap from %ux%u rows of %d bytes: the plane does not fit "
        "in 4 GiB", in_width, in_height, in_stride);
    return NULL;
  }
}

/**
 * gst_im_remap_table_free:
 * @table: (transfer full) (nullable): a table
 *
 * Frees @table.
 */
void
gst_im_remap_table_free (GstImRemapTable * table)
{
  if (table == NULL)
    return;
  g_free (table->off);
  g_free (table->frac);
  g_free (table->row_runs);
  g_free (table->row_specials);
  g_free (table->runs);
  g_free (table->specials);
  g_free (table);
}

/* A coordinate outside [0, @size], or NaN, by the axis' extend rule: NaN
 * for the background (any coordinate that is not finite, and all with
 * CLAMP); else folded back into [0, period) on a repeating or mirrored
 * axis (fmod () is exact, and so is adding the period to all but a hair
 * below 0, so folding keeps the taps and fractions), or
 * clamped to where its taps still resolve the same (COPY, BACKGROUND).
 * Either way the result is at least -1.5, which build_row () relies on, and
 * the sampling point packs into 16 bits. */
static gdouble
extend_coord (gdouble c, guint size, GstImRemapExtend extend)
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
 * After extend_coord (), a position is at least -1.5 (so that truncation
 * is a floor for bilinear and bicubic) and a sampling point sx, sy that is
 * not all background lies in [-2, 2 * size - 1] (a mirrored axis reaches
 * past the source): packed as sx + 2, it fits 16 bits. */
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
      u = extend_coord (u, w, ex);
    if (G_UNLIKELY (!(v >= 0 && v <= h)))
      v = extend_coord (v, h, ey);
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
static void
build_row_any (const GstImRemapLayout * l, const gdouble * coords, guint n,
    guint32 * off, guint16 * frac, guint32 * runs, guint32 * specials,
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

/* Lists the fast runs (pairs x0, x1) and the special pixels of the entries
 * [@from, @to) of a row from their flags, after the @n_runs pairs and
 * @n_specials already listed. */
static void
list_row (const guint16 * frac, guint from, guint to, guint32 * runs,
    guint * n_runs, guint32 * specials, guint * n_specials)
{
  guint x, r = 2 * *n_runs, s = *n_specials;

  for (x = from; x < to; x++) {
    if (frac[x] & F_SPECIAL) {
      specials[s++] = x;
      continue;
    }
    if (x == from || (frac[x - 1] & F_SPECIAL))
      runs[r++] = x;
    if (x + 1 == to || (frac[x + 1] & F_SPECIAL))
      runs[r++] = x + 1;
  }
  *n_runs = r / 2;
  *n_specials = s;
}

/**
 * gst_im_remap_table_set_row:
 * @table: a table that is not finished
 * @row: the output row, below the output height
 * @coords: (array): the source position u, v of each pixel of @row, as a
 *   #GstImRemapCoordsFunc gives them (2 * output width values)
 *
 * Fills one row of @table. Different rows may be set from different threads
 * at the same time; every row must be set once before
 * gst_im_remap_table_finish().
 */
void
gst_im_remap_table_set_row (GstImRemapTable * table, guint row,
    const gdouble * coords)
{
  gsize first = (gsize) row * table->out_w;

  g_return_if_fail (row < table->out_h && table->runs == NULL);

  build_row_any (&table->l, coords, table->out_w, table->off + first,
      table->frac + first, NULL, NULL, &table->row_runs[row + 1],
      &table->row_specials[row + 1], FALSE);
}

/* The run and special lists of rows [y0, y1). */
static void
list_rows (guint y0, guint y1, gpointer data)
{
  GstImRemapTable *t = data;
  guint y, n_runs, n_specials;

  for (y = y0; y < y1; y++) {
    n_runs = n_specials = 0;
    list_row (t->frac + (gsize) y * t->out_w, 0, t->out_w,
        t->runs + 2 * t->row_runs[y], &n_runs,
        t->specials + t->row_specials[y], &n_specials);
  }
}

/**
 * gst_im_remap_table_finish:
 * @table: a table whose rows are all set
 * @pool: (nullable): the workers to share the rows with; %NULL runs all on
 *   the calling thread
 * @chunk_rows: rows per band; 0 picks about four bands per worker
 *
 * Lists each row's fast runs and special pixels. The table is then
 * read-only and ready for gst_im_remap_table_apply().
 */
void
gst_im_remap_table_finish (GstImRemapTable * table, GstImWorkerPool * pool,
    guint chunk_rows)
{
  guint y;

  g_return_if_fail (table != NULL && table->runs == NULL);

  for (y = 0; y < table->out_h; y++) {
    table->row_runs[y + 1] += table->row_runs[y];
    table->row_specials[y + 1] += table->row_specials[y];
  }
  table->runs = g_new (guint32, 2 * (gsize) table->row_runs[table->out_h] + 1);
  table->specials = g_new (guint32,
      (gsize) table->row_specials[table->out_h] + 1);
  gst_im_parallel_rows (pool, table->out_h, chunk_rows, list_rows, table);

  GST_DEBUG ("%ux%u <- %ux%u (%u bytes per pixel): %u runs, %u edge or "
      "background pixels", table->out_w, table->out_h, table->l.in_w,
      table->l.in_h, table->l.bpp, table->row_runs[table->out_h],
      table->row_specials[table->out_h]);
}

typedef struct
{
  GstImRemapTable *t;
  GstImRemapCoordsFunc func;
  gpointer user_data;
} FillJob;

static void
fill_rows (guint y0, guint y1, gpointer data)
{
  const FillJob *job = data;
  gdouble *coords = g_new (gdouble, 2 * (gsize) job->t->out_w);
  guint y;

  for (y = y0; y < y1; y++) {
    job->func (y, coords, job->user_data);
    gst_im_remap_table_set_row (job->t, y, coords);
  }
  g_free (coords);
}

/**
 * gst_im_remap_table_fill:
 * @table: a new table
 * @pool: (nullable): the workers to share the rows with; %NULL runs all on
 *   the calling thread
 * @chunk_rows: rows per band; 0 picks about four bands per worker
 * @func: gives the source positions of one output row
 * @user_data: passed to @func
 *
 * Fills every row of @table from @func, in bands of rows on @pool, and
 * finishes it (gst_im_remap_table_finish()).
 */
void
gst_im_remap_table_fill (GstImRemapTable * table, GstImWorkerPool * pool,
    guint chunk_rows, GstImRemapCoordsFunc func, gpointer user_data)
{
  FillJob job = { table, func, user_data };

  g_return_if_fail (table != NULL && table->runs == NULL && func != NULL);

  gst_im_parallel_rows (pool, table->out_h, chunk_rows, fill_rows, &job);
  gst_im_remap_table_finish (table, pool, chunk_rows);
}

/**
 * gst_im_remap_table_apply:
 * @table: a finished table
 * @pool: (nullable): the workers to share the rows with; %NULL runs all on
 *   the calling thread
 * @chunk_rows: output rows per band; 0 picks about four bands per worker
 * @src: the source plane, as described to gst_im_remap_table_new()
 * @src_stride: bytes per source row: the table's @in_stride
 * @dst: the output plane, output width x height pixels
 * @dst_stride: bytes per output row, at least output width * pixel stride
 * @background: (nullable) (array): the background pixel, pixel stride
 *   bytes; %NULL for zeros
 *
 * Draws every output pixel from @src: out[x, y] = in[index[x, y]]. The
 * output does not depend on @pool or @chunk_rows. @src and @dst must not
 * overlap.
 */
void
gst_im_remap_table_apply (const GstImRemapTable * table,
    GstImWorkerPool * pool, guint chunk_rows, const guint8 * src,
    gint src_stride, guint8 * dst, gint dst_stride, const guint8 * background)
{
  GstImRemapGather g = { table, {&table->l, src}, dst, dst_stride };

  g_return_if_fail (table != NULL && table->runs != NULL);
  g_return_if_fail (src != NULL && src_stride > 0 &&
      (gsize) src_stride == table->l.in_stride);
  g_return_if_fail (dst != NULL && dst_stride > 0 &&
      (guint64) dst_stride >= (guint64) table->out_w * table->l.bpp);

  if (background)
    memcpy (g.r.bg, background, table->l.bpp);
  gst_im_parallel_rows (pool, table->out_h, chunk_rows,
      gst_im_remap_gather_rows, &g);
}

/**
 * gst_im_remap_sampler_new:
 * @max_width: the most output pixels of one row, 1 to
 *   %GST_IM_REMAP_MAX_SIZE
 *
 * Makes a sampler, the scratch for gst_im_remap_sampler_row(): one for
 * each thread that samples rows.
 *
 * Returns: (transfer full): the sampler
 */
GstImRemapSampler *
gst_im_remap_sampler_new (guint max_width)
{
  GstImRemapSampler *s;

  g_return_val_if_fail (max_width > 0 && max_width <= GST_IM_REMAP_MAX_SIZE,
      NULL);

  init_weights_once ();

  s = g_new (GstImRemapSampler, 1);
  s->max_w = max_width;
  s->off = g_new (guint32, max_width);
  s->frac = g_new (guint16, max_width);
  /* a run ends at a special pixel; the affine rows split a row into up to
   * five spans, each listed on its own */
  s->runs = g_new (guint32, max_width + 6);
  s->specials = g_new (guint32, max_width);
  s->coords = g_new (gdouble, 2 * (gsize) max_width);
  return s;
}

/**
 * gst_im_remap_sampler_free:
 * @sampler: (transfer full) (nullable): a sampler
 *
 * Frees @sampler.
 */
void
gst_im_remap_sampler_free (GstImRemapSampler * sampler)
{
  if (sampler == NULL)
    return;
  g_free (sampler->off);
  g_free (sampler->frac);
  g_free (sampler->runs);
  g_free (sampler->specials);
  g_free (sampler->coords);
  g_free (sampler);
}

static gboolean
source_valid (const GstImRemapSource * src)
{
  g_return_val_if_fail (src != NULL && src->data != NULL, FALSE);
  g_return_val_if_fail (src->width > 0 && src->height > 0 &&
      src->width <= GST_IM_REMAP_MAX_SIZE &&
      src->height <= GST_IM_REMAP_MAX_SIZE, FALSE);
  g_return_val_if_fail (src->bpp >= 1 && src->bpp <= 4, FALSE);
  g_return_val_if_fail (src->stride > 0 &&
      (guint64) src->stride >= (guint64) src->width * src->bpp &&
      (guint64) src->stride * src->height <= G_MAXUINT32, FALSE);
  g_return_val_if_fail (src->interp <= GST_IM_REMAP_BICUBIC_OPENCV, FALSE);
  g_return_val_if_fail (src->extend_x <= GST_IM_REMAP_EXTEND_MIRROR_101 &&
      src->extend_y <= GST_IM_REMAP_EXTEND_MIRROR_101, FALSE);
  return TRUE;
}

static void
reader_init (GstImRemapReader * r, GstImRemapLayout * l,
    const GstImRemapSource * src)
{
  layout_init (l, src->width, src->height, src->stride, src->bpp,
      src->interp, src->extend_x, src->extend_y);
  r->l = l;
  r->src = src->data;
  memcpy (r->bg, src->background, 4);
}

static void
sampler_row (GstImRemapSampler * sampler, const GstImRemapSource * src,
    const gdouble * coords, guint n, guint8 * dst, gboolean centred)
{
  GstImRemapLayout l;
  GstImRemapReader r;
  guint n_runs, n_specials;

  g_return_if_fail (sampler != NULL && n <= sampler->max_w);
  g_return_if_fail (source_valid (src));
  g_return_if_fail (n == 0 || (coords != NULL && dst != NULL));

  reader_init (&r, &l, src);
  build_row_any (&l, coords, n, sampler->off, sampler->frac, sampler->runs,
      sampler->specials, &n_runs, &n_specials, centred);
  gst_im_remap_gather_row (&r, dst, sampler->off, sampler->frac,
      sampler->runs, n_runs, sampler->specials, n_specials);
}

/**
 * gst_im_remap_sampler_row:
 * @sampler: a sampler, used by one thread at a time
 * @src: the source plane and how to sample it; its sizes as for
 *   gst_im_remap_table_new()
 * @coords: (array): the source position u, v of each output pixel, as a
 *   #GstImRemapCoordsFunc gives them (2 * @n values)
 * @n: output pixels, at most the sampler's maximum width
 * @dst: (out caller-allocates) (array): the output row, @n * @src->bpp
 *   bytes, not overlapping the source
 *
 * Samples one output row of @n pixels from @src at @coords: the bytes that
 * a #GstImRemapTable built from the same positions gives for that row (the
 * same positions in 1/128 pixel, weights and kernels), without a table, for
 * maps that change with every frame. Allocates nothing.
 */
void
gst_im_remap_sampler_row (GstImRemapSampler * sampler,
    const GstImRemapSource * src, const gdouble * coords, guint n,
    guint8 * dst)
{
  sampler_row (sampler, src, coords, n, dst, FALSE);
}

/**
 * gst_im_remap_sampler_row_centres:
 * @sampler: a sampler, used by one thread at a time
 * @src: the source plane and how to sample it, as for
 *   gst_im_remap_sampler_row()
 * @coords: (array): the source position of each output pixel with pixel
 *   centres at integers, as OpenCV's maps have them: u - 0.5, v - 0.5 for
 *   the u, v of gst_im_remap_sampler_row() (2 * @n values)
 * @n: output pixels, at most the sampler's maximum width
 * @dst: (out caller-allocates) (array): the output row, @n * @src->bpp
 *   bytes, not overlapping the source
 *
 * gst_im_remap_sampler_row() for positions in centre units: the same bytes
 * as adding 0.5 to each coordinate and calling it, without that pass.
 */
void
gst_im_remap_sampler_row_centres (GstImRemapSampler * sampler,
    const GstImRemapSource * src, const gdouble * coords, guint n,
    guint8 * dst)
{
  sampler_row (sampler, src, coords, n, dst, TRUE);
}

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
    build_row_any (l, coords, k, sampler->off + x, sampler->frac + x, NULL,
        NULL, &unused, &unused, FALSE);
  }
  list_row (sampler->frac, from, to, sampler->runs, n_runs,
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
 * to every position outside, as extend_coord () does). */
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
  g_return_if_fail (source_valid (src));
  g_return_if_fail (n == 0 || dst != NULL);

  if (n == 0)
    return;
  reader_init (&r, &l, src);
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
  g_return_if_fail (source_valid (src));
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
  reader_init (&r, &l, src);
  build_row_any (&l, xy, n, sampler->off, sampler->frac, sampler->runs,
      sampler->specials, &n_runs, &n_specials, TRUE);
  gst_im_remap_gather_row (&r, dst, sampler->off, sampler->frac,
      sampler->runs, n_runs, sampler->specials, n_specials);
}

/**
 * gst_im_remap_background_from_argb:
 * @info: the video format of the planes
 * @argb: a colour as 0xAARRGGBB (as videobox and compositor take it)
 * @background: (out caller-allocates): the colour in each plane's byte
 *   layout, for gst_im_remap_table_apply()
 *
 * Converts a colour to the bytes of each plane of @info, an 8-bit format:
 * BT.601 for Y'CbCr, BT.601 luma for grey; alpha goes into formats that
 * have it, and padding bytes are 0xff.
 */
void
gst_im_remap_background_from_argb (const GstVideoInfo * info, guint32 argb,
    guint8 background[GST_VIDEO_MAX_PLANES][4])
{
  const GstVideoFormatInfo *finfo = info->finfo;
  gint a = argb >> 24, r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff;
  gint b = argb & 0xff, comp[4] = { r, g, b, a };
  guint c;

  memset (background, 0xff, GST_VIDEO_MAX_PLANES * 4);
  if (GST_VIDEO_FORMAT_INFO_IS_YUV (finfo)) {
    comp[0] = ((66 * r + 129 * g + 25 * b + 128) >> 8) + 16;
    comp[1] = ((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128;
    comp[2] = ((112 * r - 94 * g - 18 * b + 128) >> 8) + 128;
  } else if (GST_VIDEO_FORMAT_INFO_IS_GRAY (finfo)) {
    comp[0] = (77 * r + 150 * g + 29 * b + 128) >> 8;
  }
  for (c = 0; c < GST_VIDEO_FORMAT_INFO_N_COMPONENTS (finfo) && c < 4; c++)
    if (GST_VIDEO_FORMAT_INFO_POFFSET (finfo, c) < 4)
      background[GST_VIDEO_FORMAT_INFO_PLANE (finfo, c)]
          [GST_VIDEO_FORMAT_INFO_POFFSET (finfo, c)] = comp[c];
}
