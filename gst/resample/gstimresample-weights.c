/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The weight tables of GstImResampler: for each output sample of an axis,
 * its first source pixel and its fixed-point weights, from the kernel
 * (widened when shrinking, or not for OpenCV's point kernels). */
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

static gdouble
kernel_radius (GstImResampleKernel kernel)
{
  switch (kernel) {
    case GST_IM_RESAMPLE_BILINEAR:
    case GST_IM_RESAMPLE_LINEAR_POINT:
      return 1.0;
    case GST_IM_RESAMPLE_CUBIC_POINT:
      return 2.0;
    case GST_IM_RESAMPLE_BOX:
      return 0.5;
    case GST_IM_RESAMPLE_AREA:
      /* the box, plus the pixels it covers in part */
      return 1.0;
    case GST_IM_RESAMPLE_LANCZOS3:
      return 3.0;
    default:
      return 0.5;
  }
}

static gdouble
kernel_eval (GstImResampleKernel kernel, gdouble x)
{
  switch (kernel) {
    case GST_IM_RESAMPLE_BILINEAR:
    case GST_IM_RESAMPLE_LINEAR_POINT:
      x = fabs (x);
      return x < 1.0 ? 1.0 - x : 0.0;
    case GST_IM_RESAMPLE_CUBIC_POINT:
      /* Keys' cubic with a = -0.75, as OpenCV has it */
      x = fabs (x);
      if (x < 1.0)
        return (1.25 * x - 2.25) * x * x + 1.0;
      if (x < 2.0)
        return ((-0.75 * x + 3.75) * x - 6.0) * x + 3.0;
      return 0.0;
    case GST_IM_RESAMPLE_BOX:
      return x >= -0.5 && x < 0.5 ? 1.0 : 0.0;
    case GST_IM_RESAMPLE_LANCZOS3:
      x = fabs (x);
      if (x < 1e-9)
        return 1.0;
      if (x >= 3.0)
        return 0.0;
      return 3.0 * sin (G_PI * x) * sin (G_PI * x / 3.0) / (G_PI * G_PI * x *
          x);
    default:
      return 0.0;
  }
}

/* Quantises @n float weights summing to 1 into @out, summing to exactly
 * WEIGHT_ONE: the rounding error goes to the largest weight. */
static void
quantise (const gdouble * w, guint n, gint16 * out)
{
  gint sum = 0, big = 0;
  guint k;

  for (k = 0; k < n; k++) {
    out[k] = (gint16) lrint (w[k] * WEIGHT_ONE);
    sum += out[k];
    if (abs (out[k]) > abs (out[big]))
      big = k;
  }
  out[big] += WEIGHT_ONE - sum;
}

/* Builds the table for @n_out samples over [start, start + length) of a
 * source axis of @n_in pixels. */
void
gst_im_resample_axis_init (Axis * a, GstImResampleKernel kernel, guint n_in,
    gdouble start, gdouble length, guint n_out)
{
  const gdouble scale = length / n_out;
  /* the point kernels interpolate, at any scale */
  const gdouble fs = kernel == GST_IM_RESAMPLE_LINEAR_POINT
      || kernel == GST_IM_RESAMPLE_CUBIC_POINT ? 1.0 : MAX (scale, 1.0);
  const gdouble radius = kernel_radius (kernel) * fs;
  const gboolean one_tap = kernel == GST_IM_RESAMPLE_NEAREST
      || kernel == GST_IM_RESAMPLE_NEAREST_FLOOR;
  /* OpenCV's step for INTER_NEAREST, computed as it does: the same
   * floor () at exact multiples */
  const gdouble floor_step = 1.0 / (n_out / length);
  /* a window never spans more than this, clamped to the source */
  const guint max_span = one_tap ? 1 :
      (guint) MIN ((gdouble) n_in, ceil (2.0 * radius) + 2.0);
  gdouble *fw = g_new (gdouble, max_span);
  gint16 *qw = g_new0 (gint16, (gsize) n_out * max_span);
  guint *first = g_new (guint, n_out);
  guint *span = g_new (guint, n_out);
  guint o, k;

  a->n_out = n_out;
  a->n_taps = 1;
  for (o = 0; o < n_out; o++) {
    const gdouble c = start + (o + 0.5) * scale;
    gint64 lo, hi, i, wlo, whi;
    gint16 *q = qw + (gsize) o * max_span;
    gdouble sum = 0.0;

    if (one_tap) {
      first[o] = (guint) CLAMP ((gint64) floor (kernel ==
              GST_IM_RESAMPLE_NEAREST ? c : start + o * floor_step), 0,
          (gint64) n_in - 1);
      span[o] = 1;
      q[0] = WEIGHT_ONE;
      continue;
    }

    /* every source pixel i whose centre i + 0.5 is within radius of c */
    lo = (gint64) floor (c - radius - 0.5);
    hi = (gint64) ceil (c + radius - 0.5);
    wlo = CLAMP (lo, 0, (gint64) n_in - 1);
    whi = CLAMP (hi, 0, (gint64) n_in - 1);
    memset (fw, 0, sizeof (gdouble) * max_span);
    for (i = lo; i <= hi; i++) {
      /* area: how much of pixel [i, i + 1) the box of the output pixel,
       * [c - fs / 2, c + fs / 2), covers */
      gdouble w = kernel == GST_IM_RESAMPLE_AREA ?
          MAX (0.0, MIN (i + 1.0, c + fs / 2) - MAX ((gdouble) i, c - fs / 2)) :
          kernel_eval (kernel, (i + 0.5 - c) / fs);

      fw[CLAMP (i, wlo, whi) - wlo] += w;
      sum += w;
    }
    if (fabs (sum) < 1e-12) {
      /* no pixel centre under the filter: take the nearest */
      memset (fw, 0, sizeof (gdouble) * max_span);
      fw[CLAMP ((gint64) floor (c), wlo, whi) - wlo] = 1.0;
      sum = 1.0;
    }
    for (i = 0; i <= whi - wlo; i++)
      fw[i] /= sum;
    quantise (fw, whi - wlo + 1, q);

    /* drop taps that quantised to zero at either end */
    while (whi > wlo && q[0] == 0) {
      memmove (q, q + 1, sizeof (gint16) * (whi - wlo));
      q[whi - wlo] = 0;
      wlo++;
    }
    while (whi > wlo && q[whi - wlo] == 0)
      whi--;
    first[o] = wlo;
    span[o] = whi - wlo + 1;
    a->n_taps = MAX (a->n_taps, span[o]);
  }

  /* one tap count for all: windows that would run off the end move left,
   * their weights with them */
  a->offset = g_new (guint, n_out);
  a->weights = g_new0 (gint16, (gsize) n_out * a->n_taps);
  for (o = 0; o < n_out; o++) {
    guint off = MIN (first[o], n_in - a->n_taps);
    guint shift = first[o] - off;

    a->offset[o] = off;
    for (k = 0; k < span[o]; k++)
      a->weights[(gsize) o * a->n_taps + shift + k] =
          qw[(gsize) o * max_span + k];
  }
  g_free (span);
  g_free (first);
  g_free (qw);
  g_free (fw);
}

void
gst_im_resample_axis_clear (Axis * a)
{
  g_free (a->offset);
  g_free (a->weights);
}
