/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The chain of a plan's geometry: each spatial step a stage mapping an
 * output pixel centre to an input point (pixel centres at integers, as
 * OpenCV has them); stages linked from the output back to the source,
 * matrices multiplied where nothing can fall outside in between, maps
 * evaluated at the points the chain reaches, an intermediate border
 * applied to the point (folded back, or the fill). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"

void
gst_im_aug_matrix_multiply (const gdouble * a, const gdouble * b,
    gdouble * out)
{
  gdouble r[9];
  guint i, j;

  for (i = 0; i < 3; i++)
    for (j = 0; j < 3; j++)
      r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j]
          + a[3 * i + 2] * b[6 + j];
  memcpy (out, r, sizeof (r));
}

gboolean
gst_im_aug_matrix_invert (const gdouble * m, gdouble * out)
{
  gdouble r[9], det;
  guint i;

  r[0] = m[4] * m[8] - m[5] * m[7];
  r[1] = m[2] * m[7] - m[1] * m[8];
  r[2] = m[1] * m[5] - m[2] * m[4];
  r[3] = m[5] * m[6] - m[3] * m[8];
  r[4] = m[0] * m[8] - m[2] * m[6];
  r[5] = m[2] * m[3] - m[0] * m[5];
  r[6] = m[3] * m[7] - m[4] * m[6];
  r[7] = m[1] * m[6] - m[0] * m[7];
  r[8] = m[0] * m[4] - m[1] * m[3];
  det = m[0] * r[0] + m[1] * r[3] + m[2] * r[6];
  if (!(fabs (det) > 1e-300))
    return FALSE;
  for (i = 0; i < 9; i++)
    out[i] = r[i] / det;
  return TRUE;
}

void
gst_im_aug_stage_init (GstImAugStage * stage, const GstImAugStep * step)
{
  memset (stage, 0, sizeof (*stage));
  stage->in_w = step->in_w;
  stage->in_h = step->in_h;
  stage->out_w = step->out_w;
  stage->out_h = step->out_h;
  stage->m[0] = stage->m[4] = stage->m[8] = 1.0;
  stage->interpolation = -1;
  stage->border_mode = 0;
  if (step->klass->stage)
    step->klass->stage (step, stage);
  else                          /* a pixel transform: an exact identity */
    stage->inside = TRUE;
}

/* A coordinate of an axis of @n pixels (centres 0 .. n - 1) brought
 * back inside by OpenCV's border rule. Under bilinear or bicubic sampling
 * a replicated or mirrored edge reads the edge pixel from there on, so
 * the point is clamped to the edge centres, which is what step-by-step
 * sampling sees; the constant border keeps the half pixel that blends
 * into the fill and gives NaN (the fill) beyond it. */
static gdouble
fold (gdouble c, gdouble n, gint border_mode)
{
  gdouble period;

  if (c >= 0 && c <= n - 1)
    return c;
  if (!isfinite (c))
    return NAN;
  switch (border_mode) {
    case 1:                    /* replicate */
      return CLAMP (c, 0.0, n - 1.0);
    case 2:                    /* reflect: about the pixel edges */
      period = 2.0 * n;
      c = fmod (c + 0.5, period);
      if (c < 0)
        c += period;
      c = (c < n ? c : period - c) - 0.5;
      return CLAMP (c, 0.0, n - 1.0);
    case 3:                    /* wrap */
      c = fmod (c + 0.5, n);
      c = (c < 0 ? c + n : c) - 0.5;
      return CLAMP (c, 0.0, n - 1.0);
    case 4:                    /* reflect 101: about the edge centres */
      if (n <= 1)
        return 0.0;
      period = 2.0 * (n - 1);
      c = fmod (c, period);
      if (c < 0)
        c += period;
      return c <= n - 1 ? c : period - c;
    default:
      return c >= -0.5 && c <= n - 0.5 ? c : NAN;
  }
}

/* Folds a point into the part of its image a stage reads: the window when
 * it has one, else the whole input. */
static inline void
fold_point (const GstImAugStage * s, gdouble * xy)
{
  gdouble w = s->win[2] > 0 ? s->win[2] : s->in_w;
  gdouble h = s->win[2] > 0 ? s->win[3] : s->in_h;
  gdouble x = s->win[2] > 0 ? xy[0] - s->win[0] : xy[0];
  gdouble y = s->win[2] > 0 ? xy[1] - s->win[1] : xy[1];

  /* most points are inside: no call */
  if (x >= 0 && x <= w - 1 && y >= 0 && y <= h - 1)
    return;
  if (s->win[2] > 0) {
    xy[0] = s->win[0] + fold (xy[0] - s->win[0], s->win[2], s->border_mode);
    xy[1] = s->win[1] + fold (xy[1] - s->win[1], s->win[3], s->border_mode);
  } else {
    xy[0] = fold (xy[0], s->in_w, s->border_mode);
    xy[1] = fold (xy[1], s->in_h, s->border_mode);
  }
}

/* The source points of @n pixels of output row @y from column @x0, in
 * centre units, NaN where the point falls on a constant border. */
void
gst_im_aug_chain_row (const GstImAugLink * links, guint n_links, guint y,
    guint x0, guint n, gdouble * xy)
{
  const GstImAugLink *l = links;
  const gdouble *m;
  gdouble u, v, w;
  guint i, k = 0;

  if (n_links > 0 && l->map && l->map->sep_u && x0 + n <= l->map->in_w
      && y < l->map->in_h) {
    /* a separable map at the output's pixels: read from its tables */
    v = l->map->sep_v[y];
    for (i = 0; i < n; i++) {
      xy[2 * i] = l->map->sep_u[x0 + i];
      xy[2 * i + 1] = v;
    }
    if (l->border)
      for (i = 0; i < n; i++)
        fold_point (l->border, xy + 2 * i);
    k = 1;
  } else {
    for (i = 0; i < n; i++) {
      xy[2 * i] = x0 + i;
      xy[2 * i + 1] = y;
    }
  }
  for (; k < n_links; k++) {
    l = &links[k];
    if (l->map) {
      l->map->map (l->map, n, xy);
    } else {
      m = l->m;
      for (i = 0; i < n; i++) {
        u = m[0] * xy[2 * i] + m[1] * xy[2 * i + 1] + m[2];
        v = m[3] * xy[2 * i] + m[4] * xy[2 * i + 1] + m[5];
        w = m[6] * xy[2 * i] + m[7] * xy[2 * i + 1] + m[8];
        if (w != 1.0) {
          u /= w;
          v /= w;
        }
        xy[2 * i] = u;
        xy[2 * i + 1] = v;
      }
    }
    if (l->border)
      for (i = 0; i < n; i++)
        fold_point (l->border, xy + 2 * i);
  }
}

/* Links for stages [first, last], from the output back to the input of
 * @first. A matrix stage whose every output lands inside its input needs
 * no border test, so the next matrix multiplies into it. The source's own
 * border is the sampler's; when the first stage reads a window of it (a
 * resize of a crop) and @view is set, the sampler is given that window as
 * its source and the last link maps into the window's coordinates, else
 * the points are folded into the window. */
static gboolean
needs_fold (const GstImAugStage * s, gboolean first, gboolean view)
{
  return !s->inside && (!first || (!view && s->win[2] > 0));
}

/* A flip of the whole image (horizontal, vertical or both) maps the
 * pixel grid onto itself and every border rule but wrap is symmetric
 * about the image's centre, so folding into @border's image and then
 * flipping is flipping and then folding: the flip can multiply into a
 * link that folds, which stays one matrix (the affine fast path). */
static gboolean
flip_commutes_with_fold (const GstImAugStage * s,
    const GstImAugStage * border)
{
  const gdouble *m = s->m;

  return s->kind == GST_IM_AUG_STAGE_MATRIX && s->inside && s->win[2] <= 0
      && m[1] == 0 && m[3] == 0 && m[6] == 0 && m[7] == 0 && m[8] == 1
      && (m[0] == 1 ? m[2] == 0 : m[0] == -1 && m[2] == s->in_w - 1.0)
      && (m[4] == 1 ? m[5] == 0 : m[4] == -1 && m[5] == s->in_h - 1.0)
      && s->in_w == s->out_w && s->in_h == s->out_h
      && border->win[2] <= 0 && border->border_mode != 3
      && border->in_w == s->out_w && border->in_h == s->out_h;
}

void
gst_im_aug_build_links (const GArray * stages, guint first, guint last,
    gboolean view, GArray * links)
{
  const GstImAugStage *s0 = &g_array_index (stages, GstImAugStage, first);
  GstImAugLink *l;
  guint i;
  const GstImAugStage *s;
  GstImAugLink link, *prev;
  gint k;

  g_array_set_size (links, 0);
  for (k = last; k >= (gint) first; k--) {
    s = &g_array_index (stages, GstImAugStage, k);
    prev = links->len ?
        &g_array_index (links, GstImAugLink, links->len - 1) : NULL;
    if (s->kind == GST_IM_AUG_STAGE_MATRIX && prev && !prev->map
        && prev->border == NULL) {
      gst_im_aug_matrix_multiply (s->m, prev->m, prev->m);
      prev->border = needs_fold (s, k == (gint) first, view) ? s : NULL;
      continue;
    }
    if (prev && !prev->map && flip_commutes_with_fold (s, prev->border)) {
      gst_im_aug_matrix_multiply (s->m, prev->m, prev->m);
      continue;
    }
    memset (&link, 0, sizeof (link));
    if (s->kind == GST_IM_AUG_STAGE_MATRIX)
      memcpy (link.m, s->m, sizeof (link.m));
    else
      link.map = s;
    link.border = needs_fold (s, k == (gint) first, view) ? s : NULL;
    g_array_append_val (links, link);
  }
  /* windows belong to matrix stages: move the points into the window */
  l = &g_array_index (links, GstImAugLink, links->len - 1);
  if (view && s0->win[2] > 0 && l->map == NULL)
    for (i = 0; i < 3; i++) {
      l->m[i] -= s0->win[0] * l->m[6 + i];
      l->m[3 + i] -= s0->win[1] * l->m[6 + i];
    }
}

