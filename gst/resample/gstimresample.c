/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimresample
 * @title: GstImResampler
 * @short_description: separable fixed-point resampling in row bands
 *
 * A #GstImResampler maps a rectangle of an 8-bit interleaved image (1 to 4
 * channels) onto an output of any size, with a separable filter: out[y, x]
 * = sum over i, j of wv[y, i] * wh[x, j] * in[i, j]. Shrinking widens the
 * filter by the shrink factor, so the result is antialiased (the point
 * kernels, OpenCV's, interpolate at one point instead); edge pixels
 * are repeated beyond the borders (the weights that fall outside are
 * folded onto the edge pixel). Pixel centres sit at half-integers: output
 * pixel o of an axis is centred on rect.x + (o + 0.5) * rect.width / n_out.
 *
 * Fixed point: weights are 14-bit (each output's weights sum to exactly
 * 1 << 14, so flat areas stay exact), the vertical pass keeps 6 fraction
 * bits in int16, the horizontal pass accumulates in int32 and rounds once.
 * Every output row is computed from the source alone, by the same
 * operations whatever the band or the thread: the result does not depend
 * on how the rows are split.
 *
 * Order of the passes: vertical first, per output row. The vertical pass
 * reads the source rows it needs straight from the source and runs along
 * whole rows, the loop that vectorises best; the horizontal pass then only
 * sees the rows that are output. When the outputs of a row read well under
 * all the source columns (a point kernel shrinking more than its taps),
 * the vertical pass gathers only the taps each output pixel reads, pixel
 * after pixel: the same sums, so the same bytes, over fewer columns. Each
 * output row needs nothing but the source and one scratch row, so bands
 * never overlap in work and gst_im_parallel_rows() can split any frame at
 * any row.
 *
 * On x86-64 both passes use SSE2's pmaddwd (part of the base instruction
 * set, so there is nothing to detect; gstimresample-sse2.c); elsewhere
 * plain loops that the compiler vectorises. Both compute exactly the same
 * integers.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

/* The inner loops are written for the vectoriser; -O2's "very cheap" cost
 * model leaves most of them scalar. */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__OPTIMIZE_SIZE__) \
    && defined(__OPTIMIZE__)
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic")
#endif

#include <math.h>
#include <string.h>

#include "gstimdebug-private.h"
#include "resample/gstimresample-private.h"

GST_IM_DEBUG_CATEGORY ("im-resample", "imagemill resampling");

GType
gst_im_resample_kernel_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_IM_RESAMPLE_NEAREST, "Nearest neighbour (fastest, aliases)",
        "nearest"},
    {GST_IM_RESAMPLE_BILINEAR, "Bilinear (triangle, antialiased)",
        "bilinear"},
    {GST_IM_RESAMPLE_BOX, "Box (area average)", "box"},
    {GST_IM_RESAMPLE_LANCZOS3, "Lanczos3 (sharpest)", "lanczos3"},
    {GST_IM_RESAMPLE_AREA, "Area (exact pixel overlaps, as OpenCV's "
          "INTER_AREA)", "area"},
    {GST_IM_RESAMPLE_LINEAR_POINT, "Bilinear at one point, not widened "
          "(as OpenCV's INTER_LINEAR)", "linear-point"},
    {GST_IM_RESAMPLE_CUBIC_POINT, "Bicubic at one point, not widened "
          "(as OpenCV's INTER_CUBIC)", "cubic-point"},
    {GST_IM_RESAMPLE_NEAREST_FLOOR, "The pixel under the output pixel's "
          "top left corner (as OpenCV's INTER_NEAREST)", "nearest-floor"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType _type = g_enum_register_static ("GstImResampleKernel", values);
    g_once_init_leave (&type, _type);
  }
  return type;
}

/* ---- weight tables ---- */

/* GST_IM_RESAMPLE_GENERIC=1 in the environment selects the portable passes
 * for the resamplers made from then on (the tests compare both). */
static gboolean
use_simd (void)
{
#ifdef HAVE_SSE2_PASSES
  const gchar *generic = g_getenv ("GST_IM_RESAMPLE_GENERIC");

  return generic == NULL || g_strcmp0 (generic, "0") == 0;
#else
  return FALSE;
#endif
}

/* The scratch row size, and the weight layouts of the SSE2 passes. */
static void
prepare_passes (GstImResampler * r)
{
  const guint C = r->n_channels, span = r->h.n_taps * C;
  guint x;

  r->hw_len = GST_ROUND_UP_8 (span);
  /* gather when that reads under 3/4 of the columns */
  if ((gsize) r->dst_width * r->h.n_taps * 4 < (gsize) r->n_cols * 3) {
    /* the gathering SSE2 pass reads each span in whole 8-byte blocks:
     * only those that end inside the source row */
    const gsize row_bytes = (gsize) (r->src_width - r->col_begin) * C;

    r->spans = g_new (guint, r->dst_width);
    r->n_safe = 0;
    for (x = 0; x < r->dst_width; x++) {
      r->spans[x] = r->h.offset[x] * C;
      if (r->spans[x] + GST_ROUND_UP_8 (span) <= row_bytes)
        r->n_safe = x + 1;
      r->h.offset[x] = x * r->h.n_taps;
    }
    r->row_elems = (gsize) r->dst_width * span;
  } else {
    r->row_elems = (gsize) r->n_cols * C;
  }
  /* the passes may read or write up to 7 samples past the last column */
  r->row_elems += 16;
  r->simd = use_simd ();
#ifdef HAVE_SSE2_PASSES
  if (r->simd)
    gst_im_resample_sse2_tables (r);
#endif
}

/**
 * gst_im_resampler_new: (skip)
 * @kernel: the filter
 * @n_channels: interleaved 8-bit channels per pixel, 1 to 4
 * @src_width: source width in pixels
 * @src_height: source height in pixels
 * @src_rect: (nullable): the source rectangle mapped onto the output;
 *   %NULL for the whole source
 * @dst_width: output width in pixels
 * @dst_height: output height in pixels
 *
 * Computes the weight tables for one geometry. Keep the resampler for as
 * long as frames of this geometry come: nothing is allocated per frame.
 *
 * Returns: (transfer full) (nullable): a new resampler, or %NULL if a size
 *   is 0, @n_channels is out of range or @src_rect is empty
 */
GstImResampler *
gst_im_resampler_new (GstImResampleKernel kernel, guint n_channels,
    guint src_width, guint src_height, const GstImResampleRect * src_rect,
    guint dst_width, guint dst_height)
{
  GstImResampleRect whole = { 0, 0, src_width, src_height };
  GstImResampler *r;
  guint last, x;

  g_return_val_if_fail (n_channels >= 1 && n_channels <= 4, NULL);
  g_return_val_if_fail (src_width > 0 && src_height > 0, NULL);
  g_return_val_if_fail (dst_width > 0 && dst_height > 0, NULL);
  g_return_val_if_fail (src_width <= (G_MAXINT32 - 64) / 4, NULL);
  if (src_rect == NULL)
    src_rect = &whole;
  g_return_val_if_fail (src_rect->width > 0 && src_rect->height > 0, NULL);

  r = g_new0 (GstImResampler, 1);
  r->kernel = kernel;
  r->n_channels = n_channels;
  r->src_width = src_width;
  r->src_height = src_height;
  r->rect = *src_rect;
  r->dst_width = dst_width;
  r->dst_height = dst_height;
  gst_im_resample_axis_init (&r->h, kernel, src_width, src_rect->x,
      src_rect->width, dst_width);
  gst_im_resample_axis_init (&r->v, kernel, src_height, src_rect->y,
      src_rect->height, dst_height);

  /* the horizontal offsets become relative to the first column read */
  r->col_begin = r->h.offset[0];
  last = r->h.offset[dst_width - 1] + r->h.n_taps;
  r->n_cols = last - r->col_begin;
  for (x = 0; x < dst_width; x++)
    r->h.offset[x] -= r->col_begin;
  prepare_passes (r);
  g_mutex_init (&r->lock);

  GST_DEBUG ("kernel %d, %ux%u (rect %.2f,%.2f %.2fx%.2f) -> %ux%u, "
      "%u channels: %u x %u taps%s", kernel, src_width, src_height,
      src_rect->x, src_rect->y, src_rect->width, src_rect->height,
      dst_width, dst_height, n_channels, r->h.n_taps, r->v.n_taps,
      r->simd ? ", SSE2" : "");
  return r;
}

/**
 * gst_im_resampler_free:
 * @resampler: (nullable) (transfer full): a resampler no thread is using
 */
void
gst_im_resampler_free (GstImResampler * resampler)
{
  if (resampler == NULL)
    return;
  gst_im_resample_axis_clear (&resampler->h);
  gst_im_resample_axis_clear (&resampler->v);
  g_free (resampler->v_pairs);
  g_free (resampler->hw);
  g_free (resampler->spans);
  g_slist_free_full (resampler->free_scratch, g_free);
  g_mutex_clear (&resampler->lock);
  g_free (resampler);
}

/**
 * gst_im_resampler_matches:
 * @resampler: a resampler
 *
 * The other arguments are those of gst_im_resampler_new().
 *
 * Returns: whether @resampler was made for exactly this geometry, so that
 *   it can be used again instead of computing new tables
 */
gboolean
gst_im_resampler_matches (const GstImResampler * resampler,
    GstImResampleKernel kernel, guint n_channels, guint src_width,
    guint src_height, const GstImResampleRect * src_rect, guint dst_width,
    guint dst_height)
{
  GstImResampleRect whole = { 0, 0, src_width, src_height };

  if (src_rect == NULL)
    src_rect = &whole;
  return resampler->kernel == kernel && resampler->n_channels == n_channels
      && resampler->src_width == src_width
      && resampler->src_height == src_height
      && resampler->dst_width == dst_width
      && resampler->dst_height == dst_height
      && memcmp (&resampler->rect, src_rect, sizeof (*src_rect)) == 0;
}

/**
 * gst_im_resampler_get_taps:
 * @resampler: a resampler
 * @h_taps: (out) (optional): source pixels read per output pixel
 * @v_taps: (out) (optional): source rows read per output row
 *
 * The filter lengths, which set the cost: about (h_taps + v_taps) multiply-
 * adds per output sample.
 */
void
gst_im_resampler_get_taps (const GstImResampler * resampler, guint * h_taps,
    guint * v_taps)
{
  if (h_taps)
    *h_taps = resampler->h.n_taps;
  if (v_taps)
    *v_taps = resampler->v.n_taps;
}

/* ---- the passes ---- */

static gint16 *
take_scratch (GstImResampler * r)
{
  gint16 *scratch;

  g_mutex_lock (&r->lock);
  scratch = r->free_scratch ? r->free_scratch->data : NULL;
  if (scratch)
    r->free_scratch = g_slist_delete_link (r->free_scratch, r->free_scratch);
  g_mutex_unlock (&r->lock);
  /* zeroed once: the SIMD horizontal pass reads (and multiplies by zero)
   * a few samples past the end of the row */
  if (scratch == NULL)
    scratch = g_new0 (gint16, r->row_elems);
  return scratch;
}

static void
give_scratch (GstImResampler * r, gint16 * scratch)
{
  g_mutex_lock (&r->lock);
  r->free_scratch = g_slist_prepend (r->free_scratch, scratch);
  g_mutex_unlock (&r->lock);
}

/* Portable passes: plain loops, vectorised by the compiler where it can. */

/* Vertical pass of one output row: @n samples of @n_taps source rows from
 * @src into @mid. */
void
gst_im_resample_vertical_c (const guint8 * src, gssize stride,
    const gint16 * w, guint n_taps, gint16 * mid, guint n)
{
  guint i = 0, j, k;

  for (; i + V_BLOCK <= n; i += V_BLOCK) {
    gint32 acc[V_BLOCK];

    for (j = 0; j < V_BLOCK; j++)
      acc[j] = 1 << (V_SHIFT - 1);
    for (k = 0; k < n_taps; k++) {
      const guint8 *row = src + (gssize) k * stride + i;
      const gint32 wk = w[k];

      for (j = 0; j < V_BLOCK; j++)
        acc[j] += wk * row[j];
    }
    for (j = 0; j < V_BLOCK; j++)
      mid[i + j] = (gint16) (acc[j] >> V_SHIFT);
  }
  for (; i < n; i++) {
    gint32 acc = 1 << (V_SHIFT - 1);

    for (k = 0; k < n_taps; k++)
      acc += w[k] * src[(gssize) k * stride + i];
    mid[i] = (gint16) (acc >> V_SHIFT);
  }
}

/* Gathered vertical pass: each output pixel's taps, one after the other. */
static void
gather_c (const GstImResampler * r, const guint8 * src, gssize stride,
    const gint16 * w, gint16 * mid)
{
  const guint span = r->h.n_taps * r->n_channels;
  guint x;

  for (x = 0; x < r->dst_width; x++)
    gst_im_resample_vertical_c (src + r->spans[x], stride, w, r->v.n_taps,
        mid + (gsize) x * span, span);
}

/* Horizontal pass of output pixels [@x_begin, width) of one row. */
void
gst_im_resample_horizontal_c (const GstImResampler * r, const gint16 * mid,
    guint8 * dst, guint x_begin)
{
  const guint C = r->n_channels, n_taps = r->h.n_taps;
  guint x, k, c;

  for (x = x_begin; x < r->dst_width; x++) {
    const gint16 *w = r->h.weights + (gsize) x * n_taps;
    const gint16 *p = mid + (gsize) r->h.offset[x] * C;
    gint32 acc[4] = { 1 << (H_SHIFT - 1), 1 << (H_SHIFT - 1),
      1 << (H_SHIFT - 1), 1 << (H_SHIFT - 1)
    };

    for (k = 0; k < n_taps; k++)
      for (c = 0; c < C; c++)
        acc[c] += w[k] * p[k * C + c];
    for (c = 0; c < C; c++)
      dst[x * C + c] = clamp_u8 (acc[c]);
  }
}

/* The row loop: each output row is a vertical pass into @mid, then a
 * horizontal pass into the output. */
static void
process_rows (GstImResampler * r, const guint8 * src, gssize src_stride,
    guint8 * dst, gssize dst_stride, guint row_begin, guint row_end,
    gint16 * mid)
{
  const guint n = r->n_cols * r->n_channels, v_taps = r->v.n_taps;
  const guint8 *cols = src + (gsize) r->col_begin * r->n_channels;
  guint y;

  for (y = row_begin; y < row_end; y++) {
    const guint8 *s = cols + (gssize) r->v.offset[y] * src_stride;
    const gint16 *w = r->v.weights + (gsize) y * v_taps;
    guint8 *d = dst + (gssize) y * dst_stride;

#ifdef HAVE_SSE2_PASSES
    if (r->simd) {
      const gint32 *pairs = r->v_pairs + (gsize) y * ((v_taps + 1) / 2);

      if (r->spans)
        gst_im_resample_gather_sse2 (r, s, src_stride, pairs, w, mid);
      else
        gst_im_resample_vertical_sse2 (s, src_stride, pairs, w, v_taps, mid,
            n);
      gst_im_resample_horizontal_sse2 (r, mid, d);
      continue;
    }
#endif
    if (r->spans)
      gather_c (r, s, src_stride, w, mid);
    else
      gst_im_resample_vertical_c (s, src_stride, w, v_taps, mid, n);
    gst_im_resample_horizontal_c (r, mid, d, 0);
  }
}

/**
 * gst_im_resampler_process:
 * @resampler: a resampler
 * @src: the first row of the source, of the size the resampler was made
 *   for
 * @src_stride: bytes from one source row to the next
 * @dst: the first row of the output (row 0, not @row_begin)
 * @dst_stride: bytes from one output row to the next
 * @row_begin: first output row to compute
 * @row_end: one past the last output row to compute
 *
 * Computes output rows [@row_begin, @row_end). Only those output bytes are
 * written. Threads may process disjoint row ranges of one frame at the same
 * time; this is a #GstImRowFunc's job.
 */
void
gst_im_resampler_process (GstImResampler * resampler, const guint8 * src,
    gint src_stride, guint8 * dst, gint dst_stride, guint row_begin,
    guint row_end)
{
  gint16 *mid;

  g_return_if_fail (resampler != NULL && src != NULL && dst != NULL);
  row_end = MIN (row_end, resampler->dst_height);
  if (row_begin >= row_end)
    return;

  GST_TRACE ("thread %p rows %u..%u", g_thread_self (), row_begin, row_end);
  mid = take_scratch (resampler);
  process_rows (resampler, src, src_stride, dst, dst_stride, row_begin,
      row_end, mid);
  give_scratch (resampler, mid);
}

typedef struct
{
  GstImResampler *resampler;
  const guint8 *src;
  gint src_stride;
  guint8 *dst;
  gint dst_stride;
} RunData;

static void
run_band (guint row_begin, guint row_end, gpointer user_data)
{
  RunData *d = user_data;

  gst_im_resampler_process (d->resampler, d->src, d->src_stride, d->dst,
      d->dst_stride, row_begin, row_end);
}

/**
 * gst_im_resampler_run:
 * @resampler: a resampler
 * @pool: (nullable): workers to share the rows with; %NULL runs them all
 *   on the calling thread
 * @chunk_rows: output rows per band; 0 picks a size
 * @src: the first row of the source
 * @src_stride: bytes from one source row to the next
 * @dst: the first row of the output
 * @dst_stride: bytes from one output row to the next
 *
 * Resamples a whole frame, in bands of output rows on @pool's workers with
 * the calling thread helping (gst_im_parallel_rows(), safe from inside a
 * work item). The output does not depend on @pool or @chunk_rows.
 */
void
gst_im_resampler_run (GstImResampler * resampler, GstImWorkerPool * pool,
    guint chunk_rows, const guint8 * src, gint src_stride, guint8 * dst,
    gint dst_stride)
{
  RunData d = { resampler, src, src_stride, dst, dst_stride };

  g_return_if_fail (resampler != NULL);

  gst_im_parallel_rows (pool, resampler->dst_height, chunk_rows, run_band, &d);
}
