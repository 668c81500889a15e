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

void
gst_im_remap_init_once (void)
{
  static gsize weights_done = 0;

  if (g_once_init_enter (&weights_done)) {
    gst_im_remap_init_weights ();
    g_once_init_leave (&weights_done, 1);
  }
}

/* The source plane's layout for the kernels, from arguments that the
 * caller has checked. */
void
gst_im_remap_layout_init (GstImRemapLayout * l, guint width, guint height,
    gint stride, guint bpp, GstImRemapInterpolation interp,
    GstImRemapExtend extend_x, GstImRemapExtend extend_y)
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
 * gst_im_remap_table_new: (skip)
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

  gst_im_remap_init_once ();

  t = g_new0 (GstImRemapTable, 1);
  gst_im_remap_layout_init (&t->l, in_width, in_height, in_stride, pixel_stride,
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

/* Lists the fast runs (pairs x0, x1) and the special pixels of the entries
 * [@from, @to) of a row from their flags, after the @n_runs pairs and
 * @n_specials already listed. */
void
gst_im_remap_list_row (const guint16 * frac, guint from, guint to,
    guint32 * runs, guint * n_runs, guint32 * specials, guint * n_specials)
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

  gst_im_remap_build_row (&table->l, coords, table->out_w, table->off + first,
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
    gst_im_remap_list_row (t->frac + (gsize) y * t->out_w, 0, t->out_w,
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
 * gst_im_remap_table_fill: (skip)
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
