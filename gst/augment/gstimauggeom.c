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
 * core's remap sampler (gstimauglinks.c); a pass that is only an
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
  src->extend_x = src->extend_y = gst_im_aug_extend_of (b->border_mode);
  l->border = NULL;
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
      GST_IM_REMAP_EXTEND_COPY : gst_im_aug_extend_of (s0->border_mode);
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
