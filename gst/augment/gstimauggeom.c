/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Rendering a plan's geometry. Each spatial step is a stage that maps an
 * output pixel centre to an input point (pixel centres at integers, as
 * OpenCV has them). Fused, the stages chain into one mapping from the
 * final output to the source, read once with one interpolation: matrices
 * multiply where nothing can fall outside in between, maps are evaluated at
 * the points the chain reaches, and an intermediate border is applied to
 * the point (folded back, or the fill). Unfused, each stage is rendered on
 * its own, as albumentations does. Either way the rows go through the
 * core's remap sampler, in bands on the workers; a pass that is only an
 * axis-aligned scale (resizes, resized crops) goes through its separable
 * resampler instead, with cv2.resize's kernels. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"
#include "gstimdebug-private.h"

GST_IM_DEBUG_CATEGORY ("imaugment", "imagemill augment pipelines");


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

static void
stages_clear (GArray * stages)
{
  guint i;
  GstImAugStage *s;

  for (i = 0; i < stages->len; i++) {
    s = &g_array_index (stages, GstImAugStage, i);
    if (s->map_data && s->map_data_free)
      s->map_data_free (s->map_data);
  }
  g_array_set_size (stages, 0);
}

static GstImRemapExtend
extend_of (gint border_mode)
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

/* The background of stages [first, last]: the fill of a stage with a
 * constant border (fusable () makes them agree). */
static void
fill_background (const GArray * stages, guint first, guint last, guint bpp,
    guint8 * bg)
{
  const GstImAugStage *s = &g_array_index (stages, GstImAugStage, first);
  guint c, k;

  for (k = first; k <= last; k++)
    if (g_array_index (stages, GstImAugStage, k).interpolation >= 0
        && g_array_index (stages, GstImAugStage, k).border_mode == 0) {
      s = &g_array_index (stages, GstImAugStage, k);
      break;
    }

  for (c = 0; c < bpp && c < 4; c++)
    bg[c] = (guint8) CLAMP (s->fill[c] + 0.5, 0, 255);
}

/* Flips ahead of a sampling stage were multiplied into its link, which
 * then folds by that stage's rule in the source's own frame: the sampler
 * reads the source by that rule instead (blending a constant border's
 * fill at the edge as the stage alone would), and the link folds
 * nothing. */
static void
source_border (GArray * links, GstImRemapSource * src)
{
  GstImAugLink *l = &g_array_index (links, GstImAugLink, links->len - 1);
  const GstImAugStage *b = l->border;

  if (b == NULL || l->map || b->interpolation < 0 || b->win[2] > 0
      || b->in_w != src->width || b->in_h != src->height)
    return;
  src->extend_x = src->extend_y = extend_of (b->border_mode);
  l->border = NULL;
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

/* OpenCV's border rule as the sampler's */
GstImRemapExtend
gst_im_aug_extend_of (gint border_mode)
{
  return extend_of (border_mode);
}

/* Renders stages [first, last] from @src into @dst in one pass. */
static void
render_pass (GstImAugScratch * scratch, guint first, guint last,
    const guint8 * src, gint src_stride, guint8 * dst, gint dst_stride,
    guint bpp, GstImWorkerPool * pool, guint chunk_rows)
{
  const GstImAugStage *s0 = &g_array_index (scratch->stages, GstImAugStage,
      first), *s1 = &g_array_index (scratch->stages, GstImAugStage, last);
  GstImRemapSource source;

  gst_im_aug_build_links (scratch->stages, first, last, TRUE, scratch->links);
  memset (&source, 0, sizeof (source));
  source.data = src;
  source.stride = src_stride;
  source.width = s0->in_w;
  source.height = s0->in_h;
  if (s0->win[2] > 0) {
    /* the window is whole pixels inside the source */
    source.data += (gsize) s0->win[1] * src_stride + (gsize) s0->win[0] * bpp;
    source.width = s0->win[2];
    source.height = s0->win[3];
  }
  source.bpp = bpp;
  if (gst_im_aug_render_resize (scratch, first, last, &source, dst,
          dst_stride, pool, chunk_rows))
    return;
  source.interp = gst_im_aug_interpolation_of (scratch->stages, first, last);
  source.extend_x = source.extend_y = s0->interpolation < 0 ?
      GST_IM_REMAP_EXTEND_COPY : extend_of (s0->border_mode);
  source_border (scratch->links, &source);
  fill_background (scratch->stages, first, last, bpp, source.background);
  gst_im_aug_render_links (scratch->links, &source, dst, dst_stride,
      s1->out_w, s1->out_h, pool, chunk_rows);
}

/* Fusing keeps one background colour: stages with a constant border must
 * agree on it. */
gboolean
gst_im_aug_fusable (const GArray * stages)
{
  const GstImAugStage *a, *b = NULL;
  guint k;

  for (k = 0; k < stages->len; k++) {
    a = &g_array_index (stages, GstImAugStage, k);
    if (a->interpolation < 0 || a->border_mode != 0)
      continue;
    if (b && memcmp (a->fill, b->fill, sizeof (a->fill)) != 0)
      return FALSE;
    b = a;
  }
  return TRUE;
}

/**
 * gst_im_aug_scratch_new: (skip)
 *
 * Returns: empty scratch for gst_im_aug_plan_render() on one thread
 */
GstImAugScratch *
gst_im_aug_scratch_new (void)
{
  GstImAugScratch *scratch = g_new0 (GstImAugScratch, 1);

  scratch->stages = g_array_new (FALSE, FALSE, sizeof (GstImAugStage));
  scratch->links = g_array_new (FALSE, FALSE, sizeof (GstImAugLink));
  return scratch;
}

void
gst_im_aug_scratch_free (GstImAugScratch * scratch)
{
  guint i;

  if (scratch == NULL)
    return;
  stages_clear (scratch->stages);
  g_array_unref (scratch->stages);
  g_array_unref (scratch->links);
  g_free (scratch->image[0]);
  g_free (scratch->image[1]);
  for (i = 0; i < G_N_ELEMENTS (scratch->planes); i++)
    g_free (scratch->planes[i]);
  g_clear_pointer (&scratch->area, gst_im_resampler_free);
  g_clear_pointer (&scratch->resize, gst_im_resampler_free);
  g_free (scratch);
}

void
gst_im_aug_build_stages (const GstImAugPlan * plan, GstImAugScratch * scratch)
{
  const GstImAugStep *step;
  GstImAugStage stage;
  guint i;

  stages_clear (scratch->stages);
  for (i = 0; i < plan->steps->len; i++) {
    step = &g_array_index (plan->steps, GstImAugStep, i);
    gst_im_aug_stage_init (&stage, step);
    g_array_append_val (scratch->stages, stage);
  }
}

static GstImAugSegment
segment_kind (const GstImAugPlan * plan, const GstImAugScratch * scratch,
    guint k)
{
  const GstImAugStep *step = &g_array_index (plan->steps, GstImAugStep, k);

  if (gst_im_aug_is_pixel (step))
    return step->klass->lut ? GST_IM_AUG_SEGMENT_LUT :
        GST_IM_AUG_SEGMENT_PIXELS;
  if (gst_im_aug_stage_is_area (scratch->stages, k))
    return GST_IM_AUG_SEGMENT_AREA;
  return GST_IM_AUG_SEGMENT_SPATIAL;
}

/* The segment from step @k: one pass for a run of fused spatial stages or
 * for one stage (an area downscale is a box filter pass of its own), one
 * for a run of point transforms, one for each other pixel transform. Sets
 * @last to its last step. */
GstImAugSegment
gst_im_aug_next_segment (const GstImAugPlan * plan,
    const GstImAugScratch * scratch, guint k, gboolean fuse, guint * last)
{
  GstImAugSegment kind = segment_kind (plan, scratch, k);

  *last = k;
  while (*last + 1 < plan->steps->len
      && segment_kind (plan, scratch, *last + 1) == kind
      && (kind == GST_IM_AUG_SEGMENT_LUT
          || (kind == GST_IM_AUG_SEGMENT_SPATIAL && fuse)))
    (*last)++;
  return kind;
}

/* Renders the spatial segment [first, last] (gst_im_aug_next_segment ())
 * of the stages in @scratch. */
void
gst_im_aug_render_spatial (GstImAugScratch * scratch, GstImAugSegment kind,
    guint first, guint last, const guint8 * src, gint src_stride,
    guint8 * dst, gint dst_stride, guint bpp, GstImWorkerPool * pool,
    guint chunk_rows)
{
  if (kind == GST_IM_AUG_SEGMENT_AREA)
    gst_im_aug_render_area (scratch, first, src, src_stride, dst, dst_stride,
        bpp, pool, chunk_rows);
  else
    render_pass (scratch, first, last, src, src_stride, dst, dst_stride, bpp,
        pool, chunk_rows);
}

static guint8 *
grow (guint8 ** image, gsize * image_size, gsize size)
{
  if (*image_size < size) {
    g_free (*image);
    *image = g_malloc (size);
    *image_size = size;
  }
  return *image;
}

/* Intermediate image @i (0, 1) of the scratch, at least @size bytes. */
guint8 *
gst_im_aug_scratch_image (GstImAugScratch * scratch, guint i, gsize size)
{
  return grow (&scratch->image[i], &scratch->image_size[i], size);
}

/* Plane image @i (0 .. 12) of the scratch, at least @size bytes. */
guint8 *
gst_im_aug_plane_image (GstImAugScratch * scratch, guint i, gsize size)
{
  return grow (&scratch->planes[i], &scratch->planes_size[i], size);
}

/**
 * gst_im_aug_plan_render:
 * @plan: a plan
 * @in: the input frame, of the plan's input size
 * @out: the output frame, of the plan's output size and @in's format
 * @fuse: compose every step into one mapping, read once (%TRUE), or render
 *   each step on its own as albumentations does (%FALSE)
 * @pool: (nullable): the workers to share the rows with
 * @chunk_rows: rows per band; 0 picks about four bands per worker
 * @scratch: this thread's scratch
 * @error: return location for a #GError
 *
 * Renders @plan: the output depends only on @plan, @in and @fuse, never on
 * @pool or @chunk_rows. Formats: 8-bit packed RGB-like (RGB, BGR, RGBA,
 * BGRA, RGBx, BGRx, xRGB...) and GRAY8; alpha moves with the colour and
 * takes the fill's last value, as albumentations fills every channel.
 *
 * Returns: %FALSE with @error set when @in or @out does not fit @plan
 */
gboolean
gst_im_aug_plan_render (const GstImAugPlan * plan, const GstVideoFrame * in,
    GstVideoFrame * out, gboolean fuse, GstImWorkerPool * pool,
    guint chunk_rows, GstImAugScratch * scratch, GError ** error)
{
  guint bpp = GST_VIDEO_FRAME_COMP_PSTRIDE (in, 0), n, k, last, row;
  const guint8 *src = GST_VIDEO_FRAME_PLANE_DATA (in, 0);
  gint src_stride = GST_VIDEO_FRAME_PLANE_STRIDE (in, 0), stride;
  guint8 *dst = GST_VIDEO_FRAME_PLANE_DATA (out, 0), *tmp;
  const GstImAugStage *s;
  GstImAugLayout layout;
  GstImAugPixels pass;
  GstImAugSegment kind;

  if ((guint) GST_VIDEO_FRAME_WIDTH (in) != plan->in_w
      || (guint) GST_VIDEO_FRAME_HEIGHT (in) != plan->in_h
      || (guint) GST_VIDEO_FRAME_WIDTH (out) != plan->out_w
      || (guint) GST_VIDEO_FRAME_HEIGHT (out) != plan->out_h
      || GST_VIDEO_FRAME_FORMAT (in) != GST_VIDEO_FRAME_FORMAT (out)
      || (!GST_VIDEO_FORMAT_INFO_IS_YUV (in->info.finfo)
          && (GST_VIDEO_FRAME_N_PLANES (in) != 1 || bpp < 1 || bpp > 4))) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_PLAN,
        "augment plan for %ux%u -> %ux%u does not fit frames of %dx%d -> "
        "%dx%d", plan->in_w, plan->in_h, plan->out_w, plan->out_h,
        GST_VIDEO_FRAME_WIDTH (in), GST_VIDEO_FRAME_HEIGHT (in),
        GST_VIDEO_FRAME_WIDTH (out), GST_VIDEO_FRAME_HEIGHT (out));
    return FALSE;
  }
  if (GST_VIDEO_FORMAT_INFO_IS_YUV (in->info.finfo))
    return gst_im_aug_render_yuv (plan, in, out, fuse, pool, chunk_rows,
        scratch, error);
  n = plan->steps->len;
  if (n == 0) {
    for (row = 0; row < plan->out_h; row++)
      memcpy (dst + (gsize) row * GST_VIDEO_FRAME_PLANE_STRIDE (out, 0),
          src + (gsize) row * src_stride, (gsize) plan->out_w * bpp);
    return TRUE;
  }
  gst_im_aug_build_stages (plan, scratch);
  fuse = fuse && gst_im_aug_fusable (scratch->stages);
  gst_im_aug_layout_init (&layout, &in->info);
  for (k = 0; k < n; k = last + 1) {
    kind = gst_im_aug_next_segment (plan, scratch, k, fuse, &last);
    s = &g_array_index (scratch->stages, GstImAugStage, last);
    if (last + 1 == n) {
      tmp = dst;
      stride = GST_VIDEO_FRAME_PLANE_STRIDE (out, 0);
    } else {
      stride = s->out_w * bpp;
      /* never the image being read */
      tmp = gst_im_aug_scratch_image (scratch, src == scratch->image[0],
          (gsize) stride * s->out_h + 8);
    }
    pass.step = &g_array_index (plan->steps, GstImAugStep, k);
    pass.layout = &layout;
    pass.src = src;
    pass.src_stride = src_stride;
    pass.dst = tmp;
    pass.dst_stride = stride;
    pass.width = s->out_w;
    pass.height = s->out_h;
    pass.pool = pool;
    pass.chunk_rows = chunk_rows;
    if (kind == GST_IM_AUG_SEGMENT_LUT)
      gst_im_aug_render_lut (plan->steps, k, last, &pass);
    else if (kind == GST_IM_AUG_SEGMENT_PIXELS)
      pass.step->klass->pixels (&pass);
    else
      gst_im_aug_render_spatial (scratch, kind, k, last, src, src_stride, tmp,
          stride, bpp, pool, chunk_rows);
    src = tmp;
    src_stride = stride;
  }
  return TRUE;
}

/**
 * gst_im_aug_plan_source_row:
 * @plan: a plan
 * @row: an output row
 * @coords: (out caller-allocates) (array): 2 * output width values
 *
 * Where the fused rendering of @plan reads each pixel of output row @row:
 * the source point u, v with pixel centres at integers (OpenCV's
 * convention), NaN where the output is the fill colour. For tests and
 * tools that check the mapping with a sampler of their own.
 */
void
gst_im_aug_plan_source_row (const GstImAugPlan * plan, guint row,
    gdouble * coords)
{
  GstImAugScratch *scratch = gst_im_aug_scratch_new ();
  guint i;

  if (plan->steps->len == 0) {
    for (i = 0; i < plan->out_w; i++) {
      coords[2 * i] = i;
      coords[2 * i + 1] = row;
    }
  } else {
    gst_im_aug_build_stages (plan, scratch);
    gst_im_aug_build_links (scratch->stages, 0, plan->steps->len - 1, FALSE,
        scratch->links);
    gst_im_aug_chain_row ((const GstImAugLink *) scratch->links->data,
        scratch->links->len, row,
        0, plan->out_w, coords);
  }
  gst_im_aug_scratch_free (scratch);
}
