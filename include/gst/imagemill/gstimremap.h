/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_REMAP_H__
#define __GST_IM_REMAP_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/imagemill/gstimparallel.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/**
 * GST_IM_REMAP_MAX_SIZE:
 *
 * The largest width or height, in pixels, of either image of a
 * #GstImRemapTable.
 */
#define GST_IM_REMAP_MAX_SIZE 32767

/**
 * GstImRemapInterpolation:
 * @GST_IM_REMAP_NEAREST: the source pixel that holds the point
 * @GST_IM_REMAP_BILINEAR: 2x2 taps, positions in 1/128 pixel
 * @GST_IM_REMAP_BICUBIC: 4x4 Catmull-Rom taps, positions in 1/128 pixel
 *
 * How a #GstImRemapTable samples the source.
 */
typedef enum
{
  GST_IM_REMAP_NEAREST,
  GST_IM_REMAP_BILINEAR,
  GST_IM_REMAP_BICUBIC,
} GstImRemapInterpolation;

/**
 * GstImRemapExtend:
 * @GST_IM_REMAP_EXTEND_CLAMP: taps beyond the edge read the edge pixel
 * @GST_IM_REMAP_EXTEND_REPEAT: the source repeats along the axis:
 *   coordinates and taps wrap around (a map's longitude)
 * @GST_IM_REMAP_EXTEND_BACKGROUND: taps beyond the edge read the
 *   background colour, so the source's edges are blended into it
 *
 * What lies beyond one axis of the source, as libvips' VipsExtend.
 */
typedef enum
{
  GST_IM_REMAP_EXTEND_CLAMP,
  GST_IM_REMAP_EXTEND_REPEAT,
  GST_IM_REMAP_EXTEND_BACKGROUND,
} GstImRemapExtend;

/**
 * GstImRemapTable:
 *
 * For every output pixel, where to read the source plane and with which
 * weights: the index of out[x, y] = in[index[x, y]], turned into byte
 * offsets and fixed-point fractions once, so that each frame is only a
 * gather. Filled once (row by row, from any threads), then read-only: any
 * number of threads may apply it at the same time.
 */
typedef struct _GstImRemapTable GstImRemapTable;

/**
 * GstImRemapCoordsFunc:
 * @row: the output row to compute
 * @coords: (out caller-allocates) (array): 2 * output width values to
 *   fill: the source position u, v of each output pixel of @row, in source
 *   pixels, where pixel i covers [i, i + 1) (its centre is i + 0.5)
 * @user_data: the data given to gst_im_remap_table_fill()
 *
 * Computes the source positions of one output row. A position outside the
 * source, or NaN, gives the background (but see
 * %GST_IM_REMAP_EXTEND_REPEAT). Called concurrently for different rows.
 */
typedef void (*GstImRemapCoordsFunc) (guint row, gdouble * coords,
    gpointer user_data);

GST_IM_API
GstImRemapTable *gst_im_remap_table_new (guint out_width, guint out_height,
                                         guint in_width, guint in_height,
                                         gint in_stride, guint pixel_stride,
                                         GstImRemapInterpolation interpolation,
                                         GstImRemapExtend extend_x,
                                         GstImRemapExtend extend_y,
                                         GError ** error);

GST_IM_API
void             gst_im_remap_table_free (GstImRemapTable * table);

GST_IM_API
void             gst_im_remap_table_fill (GstImRemapTable * table,
                                          GstImWorkerPool * pool,
                                          guint chunk_rows,
                                          GstImRemapCoordsFunc func,
                                          gpointer user_data);

GST_IM_API
void             gst_im_remap_table_set_row (GstImRemapTable * table,
                                             guint row,
                                             const gdouble * coords);

GST_IM_API
void             gst_im_remap_table_finish (GstImRemapTable * table,
                                            GstImWorkerPool * pool,
                                            guint chunk_rows);

GST_IM_API
void             gst_im_remap_table_apply (const GstImRemapTable * table,
                                           GstImWorkerPool * pool,
                                           guint chunk_rows,
                                           const guint8 * src,
                                           gint src_stride, guint8 * dst,
                                           gint dst_stride,
                                           const guint8 * background);

GST_IM_API
void             gst_im_remap_background_from_argb (const GstVideoInfo * info,
    guint32 argb, guint8 background[GST_VIDEO_MAX_PLANES][4]);

G_END_DECLS

#endif /* __GST_IM_REMAP_H__ */
