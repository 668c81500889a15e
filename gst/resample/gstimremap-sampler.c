/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* GstImRemapSampler: the table's build and gather one output row at a
 * time, for mappings that change with every frame. */
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

/**
 * gst_im_remap_sampler_new: (skip)
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

  gst_im_remap_init_once ();

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

gboolean
gst_im_remap_source_valid (const GstImRemapSource * src)
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

void
gst_im_remap_reader_init (GstImRemapReader * r, GstImRemapLayout * l,
    const GstImRemapSource * src)
{
  gst_im_remap_layout_init (l, src->width, src->height, src->stride, src->bpp,
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
  g_return_if_fail (gst_im_remap_source_valid (src));
  g_return_if_fail (n == 0 || (coords != NULL && dst != NULL));

  gst_im_remap_reader_init (&r, &l, src);
  gst_im_remap_build_row (&l, coords, n, sampler->off, sampler->frac,
      sampler->runs, sampler->specials, &n_runs, &n_specials, centred);
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
