/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The axis-aligned passes of a plan: resizes (and resized crops) through
 * the core's separable resampler with cv2.resize's own kernels, and
 * INTER_AREA shrinks with its area kernel, rather than a point per pixel
 * through the remap sampler. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include "gstimaug-private.h"

/* @slot's resampler for this geometry: kept when it matches, made anew
 * (weights built once) when it does not, so a run of frames of one
 * geometry builds its tables once. */
static GstImResampler *
cached_resampler (GstImResampler ** slot, GstImResampleKernel kernel,
    guint bpp, guint w, guint h, const GstImResampleRect * rect, guint out_w,
    guint out_h)
{
  if (*slot == NULL || !gst_im_resampler_matches (*slot, kernel, bpp, w, h,
          rect, out_w, out_h)) {
    g_clear_pointer (slot, gst_im_resampler_free);
    *slot = gst_im_resampler_new (kernel, bpp, w, h, rect, out_w, out_h);
  }
  return *slot;
}

/* @v, or the integer it misses by rounding only (windows are whole
 * pixels: this keeps OpenCV's scale, and the cached resampler, exact) */
static gdouble
snap (gdouble v)
{
  /* + 0: no -0, which would not match a cached +0 */
  return fabs (v - rint (v)) < 1e-6 ? rint (v) + 0.0 : v;
}

/* A pass whose links are one axis-aligned matrix with positive scales and
 * no fold, reading only inside @src with its edges replicated (a resize,
 * a resize of a window, then maybe exact crops): a separable resize as
 * cv2.resize computes it, rather than a point per pixel. The matrix maps
 * output x to the source point a * x + b (centres at integers): linear and
 * cubic sample there, nearest takes floor (a * x + b + 0.5), which are the
 * resampler's point kernels for the rectangle below. Flips (negative
 * scales), pads and borders stay on the sampler. Returns whether it
 * rendered the pass. */
gboolean
gst_im_aug_render_resize (GstImAugScratch * scratch, guint first, guint last,
    const GstImRemapSource * src, guint8 * dst, gint dst_stride,
    GstImWorkerPool * pool, guint chunk_rows)
{
  const GstImAugStage *s0 = &g_array_index (scratch->stages, GstImAugStage,
      first), *s1 = &g_array_index (scratch->stages, GstImAugStage, last);
  const GstImAugLink *l = (const GstImAugLink *) scratch->links->data;
  const gdouble *m = l->m;
  GstImResampleKernel kernel;
  GstImResampleRect rect;
  gint interp = -1, i;
  guint k;

  if (scratch->links->len != 1 || l->map || l->border || m[1] != 0
      || m[3] != 0 || m[6] != 0 || m[7] != 0 || m[8] != 1 || !(m[0] > 0)
      || !(m[4] > 0) || (m[0] == 1 && m[4] == 1)
      || (s0->interpolation >= 0 && s0->border_mode != 1))
    return FALSE;
  for (k = first; k <= last; k++) {
    i = g_array_index (scratch->stages, GstImAugStage, k).interpolation;
    if (i < -1 || i > 3)
      return FALSE;
    /* the finest asked for; area that does not shrink reads as linear */
    interp = MAX (interp, i == 3 ? 1 : i);
  }
  if (interp < 0)
    return FALSE;
  kernel = interp == 2 ? GST_IM_RESAMPLE_CUBIC_POINT : interp == 1 ?
      GST_IM_RESAMPLE_LINEAR_POINT : GST_IM_RESAMPLE_NEAREST_FLOOR;
  /* linear, cubic: output pixel o is centred on rect.x + (o + 0.5) * a in
   * pixel-edge units; nearest: its left edge, rect.x + o * a */
  rect.width = snap (m[0] * s1->out_w);
  rect.height = snap (m[4] * s1->out_h);
  rect.x = snap (m[2] + 0.5 - (interp > 0 ? 0.5 * m[0] : 0.0));
  rect.y = snap (m[5] + 0.5 - (interp > 0 ? 0.5 * m[4] : 0.0));
  if (rect.x < 0 || rect.y < 0 || rect.x + rect.width > src->width
      || rect.y + rect.height > src->height)
    return FALSE;

  gst_im_resampler_run (cached_resampler (&scratch->resize, kernel,
          src->bpp, src->width, src->height, &rect, s1->out_w, s1->out_h),
      pool, chunk_rows, src->data, src->stride, dst, dst_stride);
  return TRUE;
}

/* A resize by cv2's INTER_AREA that shrinks both axes: a box filter over
 * the window, as OpenCV averages it, not a point sample. */
gboolean
gst_im_aug_stage_is_area (const GArray * stages, guint k)
{
  const GstImAugStage *s = &g_array_index (stages, GstImAugStage, k);

  return s->interpolation == 3 && s->win[2] > 0 && s->out_w <= s->win[2]
      && s->out_h <= s->win[3] && (s->out_w < s->win[2]
      || s->out_h < s->win[3]);
}

void
gst_im_aug_render_area (GstImAugScratch * scratch, guint k, const guint8 * src,
    gint src_stride, guint8 * dst, gint dst_stride, guint bpp,
    GstImWorkerPool * pool, guint chunk_rows)
{
  const GstImAugStage *s = &g_array_index (scratch->stages, GstImAugStage,
      k);
  GstImResampleRect rect = { s->win[0], s->win[1], s->win[2], s->win[3] };

  gst_im_resampler_run (cached_resampler (&scratch->area,
          GST_IM_RESAMPLE_AREA, bpp, s->in_w, s->in_h, &rect, s->out_w,
          s->out_h), pool, chunk_rows, src, src_stride, dst, dst_stride);
}
