/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_REMAP_PRIVATE_H__
#define __GST_IM_REMAP_PRIVATE_H__

#include <gst/imagemill/gstimremap.h>

G_BEGIN_DECLS

/* Sampling positions are in 1/128 pixel; bicubic weights in 1/256. */
#define FRAC_BITS 7
#define FRAC_ONE (1 << FRAC_BITS)
#define FRAC_MASK (FRAC_ONE - 1)
#define F_SPECIAL 0x8000        /* not on the fast path: see off[] */
#define F_BACKGROUND 0x4000     /* maps outside the source */

/* Either cubic kernel: 4x4 taps, -1 .. 2 about the sampling point. */
#define IS_CUBIC(interp) ((interp) >= GST_IM_REMAP_BICUBIC)

/* The source plane as the kernels see it: its size and layout, how it is
 * sampled and the footprint of the interpolation. */
typedef struct
{
  guint in_w, in_h, bpp;
  gsize in_stride;
  GstImRemapInterpolation interp;
  GstImRemapExtend extend_x, extend_y;
  gint lo, hi;                  /* footprint: taps sx - lo .. sx + hi */
  gsize plane_end;              /* bytes of the source plane that exist */
} GstImRemapLayout;

/* For output pixel i, frac[i] holds the sampling fractions fx | fy << 7 and
 * the flags. On the fast path off[i] is the byte offset of the top-left tap
 * in the source plane, whose whole footprint is inside the plane; otherwise
 * off[i] packs the column and the row of the sampling point (after folding
 * far positions back by the extend rules, so that they fit), each plus 2,
 * in 16 bits each.
 * Each row lists its fast runs [x0, x1) and its special pixels, so the fast
 * loop has no branches. */
struct _GstImRemapTable
{
  GstImRemapLayout l;
  guint out_w, out_h;

  guint32 *off;
  guint16 *frac;
  guint *row_runs;              /* out_h + 1 indices into runs, in pairs */
  guint *row_specials;          /* out_h + 1 indices into specials */
  guint32 *runs;                /* pairs x0, x1; NULL until finished */
  guint32 *specials;            /* columns */
};

/* The same entries for one row at a time, rebuilt for every row. */
struct _GstImRemapSampler
{
  guint max_w;
  guint32 *off;
  guint16 *frac;
  guint32 *runs;                /* max_w + 1: a run ends at a special */
  guint32 *specials;
  gdouble *coords;              /* 2 * max_w: the projective rows' points */
};

/* What a gather reads: the plane, its layout, the background pixel. */
typedef struct
{
  const GstImRemapLayout *l;
  const guint8 *src;
  guint8 bg[4];
} GstImRemapReader;

/* One gst_im_remap_table_apply() call, shared by its bands. */
typedef struct
{
  const GstImRemapTable *t;
  GstImRemapReader r;
  guint8 *dst;
  gsize dst_stride;
} GstImRemapGather;

/* Where tap @i (a column or a row) of an axis of @size pixels reads, by the
 * axis' extend rule, as cv::borderInterpolate(); -1 for the background. */
static inline gint
gst_im_remap_extend_tap (gint i, gint size, GstImRemapExtend extend)
{
  gint period;

  if (i >= 0 && i < size)
    return i;
  switch (extend) {
    case GST_IM_REMAP_EXTEND_REPEAT:
      i %= size;
      return i < 0 ? i + size : i;
    case GST_IM_REMAP_EXTEND_CLAMP:
    case GST_IM_REMAP_EXTEND_COPY:
      return CLAMP (i, 0, size - 1);
    case GST_IM_REMAP_EXTEND_MIRROR:
      /* period 2 * size: a..h h..a */
      period = 2 * size;
      i %= period;
      i += i < 0 ? period : 0;
      return i < size ? i : period - 1 - i;
    case GST_IM_REMAP_EXTEND_MIRROR_101:
      /* period 2 * size - 2: a..h g..b */
      if (size == 1)
        return 0;
      period = 2 * size - 2;
      i %= period;
      i += i < 0 ? period : 0;
      return i < size ? i : period - i;
    default:
      return -1;
  }
}

G_GNUC_INTERNAL
void gst_im_remap_init_weights (void);

G_GNUC_INTERNAL
void gst_im_remap_gather_row (const GstImRemapReader * r, guint8 * d,
    const guint32 * off, const guint16 * frac, const guint32 * runs,
    guint n_runs, const guint32 * specials, guint n_specials);

G_GNUC_INTERNAL
void gst_im_remap_copy_run (const GstImRemapReader * r, guint8 * d,
    gsize first, gssize step, guint n);

G_GNUC_INTERNAL
void gst_im_remap_gather_rows (guint row_begin, guint row_end,
    gpointer gather);

/* gstimremap.c */
G_GNUC_INTERNAL
void gst_im_remap_init_once (void);

G_GNUC_INTERNAL
void gst_im_remap_layout_init (GstImRemapLayout * l, guint width,
    guint height, gint stride, guint bpp, GstImRemapInterpolation interp,
    GstImRemapExtend extend_x, GstImRemapExtend extend_y);

G_GNUC_INTERNAL
void gst_im_remap_list_row (const guint16 * frac, guint from, guint to,
    guint32 * runs, guint * n_runs, guint32 * specials, guint * n_specials);

/* gstimremap-build.c */
G_GNUC_INTERNAL
gdouble gst_im_remap_extend_coord (gdouble c, guint size,
    GstImRemapExtend extend);

G_GNUC_INTERNAL
void gst_im_remap_build_row (const GstImRemapLayout * l,
    const gdouble * coords, guint n, guint32 * off, guint16 * frac,
    guint32 * runs, guint32 * specials, guint * runs_out,
    guint * specials_out, gboolean centred);

/* gstimremap-sampler.c */
G_GNUC_INTERNAL
gboolean gst_im_remap_source_valid (const GstImRemapSource * src);

G_GNUC_INTERNAL
void gst_im_remap_reader_init (GstImRemapReader * r, GstImRemapLayout * l,
    const GstImRemapSource * src);

G_END_DECLS

#endif /* __GST_IM_REMAP_PRIVATE_H__ */
