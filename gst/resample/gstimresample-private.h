/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_RESAMPLE_PRIVATE_H__
#define __GST_IM_RESAMPLE_PRIVATE_H__

#include <gst/imagemill/gstimresample.h>

G_BEGIN_DECLS

/* SSE2 is part of x86-64's base instruction set: nothing to detect. */
#if defined(__SSE2__) && (defined(__x86_64__) || defined(_M_X64))
#define HAVE_SSE2_PASSES 1
#endif

#define WEIGHT_BITS 14
#define WEIGHT_ONE (1 << WEIGHT_BITS)
/* the vertical pass keeps this many fraction bits in its int16 results:
 * 255 plus the largest Lanczos overshoot still fits */
#define MID_BITS 6
#define V_SHIFT (WEIGHT_BITS - MID_BITS)
#define H_SHIFT (WEIGHT_BITS + MID_BITS)

/* vertical pass of the portable path: samples per accumulator block */
#define V_BLOCK 64

/* One axis: for each output sample, where its taps start in the source and
 * n_taps weights (zero-padded to the same count for every sample). */
typedef struct
{
  guint n_out;
  guint n_taps;
  guint *offset;
  gint16 *weights;
} Axis;

struct _GstImResampler
{
  GstImResampleKernel kernel;
  guint n_channels;
  guint src_width, src_height;
  GstImResampleRect rect;
  guint dst_width, dst_height;

  Axis h, v;
  guint col_begin;              /* first source column any output reads */
  guint n_cols;                 /* source columns read */
  /* gathered vertical pass (few outputs per source column): per output
   * pixel the byte offset of its taps from column col_begin, the taps of
   * each pixel side by side in the scratch row; NULL: whole rows */
  guint *spans;
  guint n_safe;                 /* leading spans readable 8 bytes at a time */

  gboolean simd;
  gint32 *v_pairs;              /* vertical weights k, k + 1 as int16 pairs */
  gint16 *hw;                   /* per pixel and channel: hw_len weights
                                 * interleaved with zeros for the others */
  guint hw_len;

  /* scratch rows (vertical pass results), lent to bands */
  GMutex lock;
  GSList *free_scratch;
  gsize row_elems;
};

static inline guint8
clamp_u8 (gint32 v)
{
  v >>= H_SHIFT;
  return (guint8) (v < 0 ? 0 : v > 255 ? 255 : v);
}

/* gstimresample-weights.c */
G_GNUC_INTERNAL
void gst_im_resample_axis_init (Axis * a, GstImResampleKernel kernel,
    guint n_in, gdouble start, gdouble length, guint n_out);

G_GNUC_INTERNAL
void gst_im_resample_axis_clear (Axis * a);

G_GNUC_INTERNAL
void gst_im_resample_vertical_c (const guint8 * src, gssize stride,
    const gint16 * w, guint n_taps, gint16 * mid, guint n);

G_GNUC_INTERNAL
void gst_im_resample_horizontal_c (const GstImResampler * r,
    const gint16 * mid, guint8 * dst, guint x_begin);

#ifdef HAVE_SSE2_PASSES
G_GNUC_INTERNAL
void gst_im_resample_sse2_tables (GstImResampler * r);

G_GNUC_INTERNAL
void gst_im_resample_vertical_sse2 (const guint8 * src, gssize stride,
    const gint32 * pairs, const gint16 * w, guint n_taps, gint16 * mid,
    guint n);

G_GNUC_INTERNAL
void gst_im_resample_gather_sse2 (const GstImResampler * r,
    const guint8 * src, gssize stride, const gint32 * pairs,
    const gint16 * w, gint16 * mid);

G_GNUC_INTERNAL
void gst_im_resample_horizontal_sse2 (const GstImResampler * r,
    const gint16 * mid, guint8 * dst);
#endif

G_END_DECLS

#endif /* __GST_IM_RESAMPLE_PRIVATE_H__ */
