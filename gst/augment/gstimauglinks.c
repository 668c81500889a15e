/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* A chain of links (gstimaugchain.c) read through the core's remap
 * sampler, row band by row band on the workers: a row that is one affine
 * map (or two with a fold that changes nothing inside) takes the
 * sampler's affine entry, a homography its projective entry, anything
 * else point by point through the chain. Per-thread row memory; nothing is
 * allocated per frame once warm. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"

/* Per-thread row memory: the sampler and the coordinates of one row,
 * grown to the widest row seen. */
typedef struct
{
  GstImRemapSampler *sampler;
  guint width;
  gdouble *coords;
  gdouble *maps;                /* for the map stages: gst_im_aug_row_doubles */
  gsize maps_size;
} RowScratch;

static void
row_scratch_free (gpointer data)
{
  RowScratch *rs = data;

  if (rs->sampler)
    gst_im_remap_sampler_free (rs->sampler);
  g_free (rs->coords);
  g_free (rs->maps);
  g_free (rs);
}

static GPrivate row_scratch_key = G_PRIVATE_INIT (row_scratch_free);

static RowScratch *
row_scratch_get (guint width)
{
  RowScratch *rs = g_private_get (&row_scratch_key);

  if (rs == NULL) {
    rs = g_new0 (RowScratch, 1);
    g_private_set (&row_scratch_key, rs);
  }
  if (rs->width < width) {
    if (rs->sampler)
      gst_im_remap_sampler_free (rs->sampler);
    g_free (rs->coords);
    rs->sampler = gst_im_remap_sampler_new (width);
    rs->coords = g_new (gdouble, 2 * (gsize) width);
    rs->width = width;
  }
  return rs;
}

/* @n doubles of this thread's scratch for a map stage, valid until the
 * next call on the thread: maps run on any worker, row after row. */
gdouble *
gst_im_aug_row_doubles (gsize n)
{
  RowScratch *rs = row_scratch_get (0);

  if (rs->maps_size < n) {
    g_free (rs->maps);
    rs->maps = g_new (gdouble, n);
    rs->maps_size = n;
  }
  return rs->maps;
}

/* OpenCV's border rule as the sampler's */
GstImRemapExtend
gst_im_aug_extend_of (gint border_mode)
{
  switch (border_mode) {
    case 1:
      return GST_IM_REMAP_EXTEND_COPY;
    case 2:
      return GST_IM_REMAP_EXTEND_MIRROR;
    case 3:
      return GST_IM_REMAP_EXTEND_REPEAT;
    case 4:
      return GST_IM_REMAP_EXTEND_MIRROR_101;
    default:
      return GST_IM_REMAP_EXTEND_BACKGROUND;
  }
}

/* OpenCV's INTER_* of stages [first, last] as one interpolation: the
 * finest asked for (area reads as linear here), nearest when all stages
 * are exact (flips, crops: integer points). Cubic is OpenCV's kernel
 * (a = -0.75); Lanczos4, 8x8 taps in OpenCV's warps and resizes, reads as
 * that cubic, its nearest kernel here. */
GstImRemapInterpolation
gst_im_aug_interpolation_of (const GArray * stages, guint first, guint last)
{
  GstImRemapInterpolation r = GST_IM_REMAP_NEAREST;
  gint i;
  guint k;

  for (k = first; k <= last; k++) {
    i = g_array_index (stages, GstImAugStage, k).interpolation;
    if (i == 2 || i == 4)       /* cubic, lanczos */
      r = GST_IM_REMAP_BICUBIC_OPENCV;
    else if ((i == 1 || i == 3) && r == GST_IM_REMAP_NEAREST)
      r = GST_IM_REMAP_BILINEAR;
  }
  return r;
}

typedef struct
{
  const GstImAugLink *links;
  guint n_links;
  GstImRemapSource src;
  guint8 *dst;
  gsize dst_stride;
  guint out_w;
} RenderJob;

/* Output pixels [@x0, @x1) of row @y through the chain, point by point. */
static void
render_span (const RenderJob * job, RowScratch * rs, guint y, guint x0,
    guint x1)
{
  gst_im_aug_chain_row (job->links, job->n_links, y, x0, x1 - x0, rs->coords);
  gst_im_remap_sampler_row_centres (rs->sampler, &job->src, rs->coords,
      x1 - x0, job->dst + y * job->dst_stride + x0 * job->src.bpp);
}

/* Narrows [*x0, *x1) to the pixels i whose coordinate @c + i * @d lies in
 * [@lo, @hi]: an interval, as the points are on a line. */
static void
clip_axis (gdouble c, gdouble d, gdouble lo, gdouble hi, guint * x0,
    guint * x1)
{
  gdouble a = *x0, b = *x1 - 1.0, t;

  if (d != 0) {
    a = (lo - c) / d;
    b = (hi - c) / d;
    if (d < 0) {
      t = a;
      a = b;
      b = t;
    }
  } else if (!(c >= lo && c <= hi)) {
    a = 1;
    b = 0;
  }
  a = ceil (CLAMP (a, *x0, *x1));
  b = floor (CLAMP (b, *x0 - 1.0, *x1 - 1.0)) + 1;
  if (!(a < b))                 /* (NaN included) */
    a = b = *x0;
  *x0 = a;
  *x1 = b;
}

/* Where a fold leaves the points of a line @u + i * @du, @v + i * @dv as
 * they are: inside the part of the image that stage @s reads. */
static void
inside_span (const GstImAugStage * s, gdouble u, gdouble v, gdouble du,
    gdouble dv, guint * x0, guint * x1)
{
  gdouble x = 0, y = 0, w = s->in_w, h = s->in_h;

  if (s->win[2] > 0) {
    x = s->win[0];
    y = s->win[1];
    w = s->win[2];
    h = s->win[3];
  }
  clip_axis (u, du, x, x + w - 1, x0, x1);
  clip_axis (v, dv, y, y + h - 1, x0, x1);
}

static gboolean
is_affine (const GstImAugLink * l)
{
  return l->map == NULL && l->m[6] == 0 && l->m[7] == 0 && l->m[8] == 1;
}

static void
render_rows (guint y0, guint y1, gpointer data)
{
  const RenderJob *job = data;
  RowScratch *rs = row_scratch_get (job->out_w);
  const GstImAugLink *l = job->links;
  const gdouble *m = l->m;
  /* one affine matrix, or two with a fold between them: each row is a
   * line through the source, the fold acting only where the first
   * matrix leaves its stage's input */
  gboolean affine = is_affine (l) && (job->n_links == 1
      || (job->n_links == 2 && is_affine (l + 1) && l[1].border == NULL));
  /* one homography with nothing to fold: each row is the image of a line */
  gboolean projective = !affine && job->n_links == 1 && l->map == NULL
      && l->border == NULL;
  gdouble u, v, mm[9];
  guint y, x0, x1;

  if (affine && job->n_links == 2) {
    gst_im_aug_matrix_multiply (l[1].m, m, mm);
    m = mm;
  }
  for (y = y0; y < y1; y++) {
    if (projective) {
      gst_im_remap_sampler_row_projective (rs->sampler, &job->src,
          m[1] * y + m[2], m[4] * y + m[5], m[7] * y + m[8], m[0], m[3],
          m[6], job->out_w, job->dst + y * job->dst_stride);
      continue;
    }
    if (!affine) {
      render_span (job, rs, y, 0, job->out_w);
      continue;
    }
    x0 = 0;
    x1 = job->out_w;
    /* the fold changes nothing inside its image: the points outside it
     * are folded one by one */
    if (l->border)
      inside_span (l->border, l->m[1] * y + l->m[2], l->m[4] * y + l->m[5],
          l->m[0], l->m[3], &x0, &x1);
    u = m[1] * y + m[2];
    v = m[4] * y + m[5];
    if (x0 < x1)
      gst_im_remap_sampler_row_affine (rs->sampler, &job->src,
          u + x0 * m[0] + 0.5, v + x0 * m[3] + 0.5, m[0], m[3], x1 - x0,
          job->dst + y * job->dst_stride + x0 * job->src.bpp);
    if (x0 > 0)
      render_span (job, rs, y, 0, x0);
    if (x1 < job->out_w)
      render_span (job, rs, y, MAX (x1, x0), job->out_w);
  }
}

/* Samples @src at the points @links give for each pixel of an @out_w x
 * @out_h image at @dst, rows on the workers. */
void
gst_im_aug_render_links (const GArray * links, const GstImRemapSource * src,
    guint8 * dst, gint dst_stride, guint out_w, guint out_h,
    GstImWorkerPool * pool, guint chunk_rows)
{
  RenderJob job;

  job.links = (const GstImAugLink *) links->data;
  job.n_links = links->len;
  job.src = *src;
  job.dst = dst;
  job.dst_stride = dst_stride;
  job.out_w = out_w;
  gst_im_parallel_rows (pool, out_h, chunk_rows, render_rows, &job);
}

