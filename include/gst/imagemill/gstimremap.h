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
 * @GST_IM_REMAP_BICUBIC: 4x4 Catmull-Rom taps (cubic convolution with
 *   a = -0.5), positions in 1/128 pixel
 * @GST_IM_REMAP_BICUBIC_OPENCV: 4x4 taps of cubic convolution with
 *   a = -0.75, OpenCV's INTER_CUBIC (sharper than Catmull-Rom), positions
 *   in 1/128 pixel
 *
 * How a #GstImRemapTable or a #GstImRemapSampler samples the source.
 */
typedef enum
{
  GST_IM_REMAP_NEAREST,
  GST_IM_REMAP_BILINEAR,
  GST_IM_REMAP_BICUBIC,
  GST_IM_REMAP_BICUBIC_OPENCV,
} GstImRemapInterpolation;

/**
 * GstImRemapExtend:
 * @GST_IM_REMAP_EXTEND_CLAMP: taps beyond the edge read the edge pixel,
 *   but a position outside the source gives the background
 * @GST_IM_REMAP_EXTEND_REPEAT: the source repeats along the axis:
 *   coordinates and taps wrap around (a map's longitude; OpenCV's
 *   BORDER_WRAP)
 * @GST_IM_REMAP_EXTEND_BACKGROUND: taps beyond the edge read the
 *   background colour, so the source's edges are blended into it
 *   (OpenCV's BORDER_CONSTANT)
 * @GST_IM_REMAP_EXTEND_COPY: taps beyond the edge read the edge pixel,
 *   however far (OpenCV's BORDER_REPLICATE: aaa|abcdefgh|hhh)
 * @GST_IM_REMAP_EXTEND_MIRROR: the source is mirrored at its edges, the
 *   edge pixel repeated (OpenCV's BORDER_REFLECT: cba|abcdefgh|hgf)
 * @GST_IM_REMAP_EXTEND_MIRROR_101: the source is mirrored about its edge
 *   pixels, which are not repeated (OpenCV's BORDER_REFLECT_101:
 *   dcb|abcdefgh|gfe); an axis of one pixel reads that pixel
 *
 * What lies beyond one axis of the source, as libvips' VipsExtend and
 * OpenCV's border types. Each tap of the interpolation footprint is
 * resolved by its axis' rule, as cv::borderInterpolate() does, wherever
 * the position is (NaN and infinities give the background); only
 * %GST_IM_REMAP_EXTEND_CLAMP turns positions outside the source into the
 * background.
 */
typedef enum
{
  GST_IM_REMAP_EXTEND_CLAMP,
  GST_IM_REMAP_EXTEND_REPEAT,
  GST_IM_REMAP_EXTEND_BACKGROUND,
  GST_IM_REMAP_EXTEND_COPY,
  GST_IM_REMAP_EXTEND_MIRROR,
  GST_IM_REMAP_EXTEND_MIRROR_101,
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
 * Computes the source positions of one output row. NaN gives the
 * background; a position outside the source follows the #GstImRemapExtend
 * of each axis. Called concurrently for different rows.
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

/**
 * GstImRemapSource:
 * @data: the first byte of the source plane
 * @stride: bytes from one source row to the next, at least @width * @bpp;
 *   the whole plane must fit in 4 GiB
 * @width: source width, 1 to %GST_IM_REMAP_MAX_SIZE
 * @height: source height, 1 to %GST_IM_REMAP_MAX_SIZE
 * @bpp: bytes per pixel, 1 to 4, each an 8-bit channel
 * @interp: how the source is sampled
 * @extend_x: what lies left and right of the source
 * @extend_y: what lies above and below the source
 * @background: the background pixel (its first @bpp bytes)
 *
 * The source plane of gst_im_remap_sampler_row() and how to sample it:
 * what gst_im_remap_table_new() and gst_im_remap_table_apply() are told.
 */
typedef struct
{
  const guint8 *data;
  gint stride;
  guint width, height, bpp;
  GstImRemapInterpolation interp;
  GstImRemapExtend extend_x, extend_y;
  guint8 background[4];
} GstImRemapSource;

/**
 * GstImRemapSampler:
 *
 * The gather of a #GstImRemapTable one output row at a time, for maps that
 * change with every frame: the row's entries are built into the sampler's
 * own scratch and read at once, with the same integers as a table. One per
 * thread; made once for the widest row and reused for any number of rows
 * and frames without allocating.
 */
typedef struct _GstImRemapSampler GstImRemapSampler;

GST_IM_API
GstImRemapSampler *gst_im_remap_sampler_new (guint max_width);

GST_IM_API
void             gst_im_remap_sampler_free (GstImRemapSampler * sampler);

GST_IM_API
void             gst_im_remap_sampler_row (GstImRemapSampler * sampler,
                                           const GstImRemapSource * src,
                                           const gdouble * coords, guint n,
                                           guint8 * dst);

GST_IM_API
void             gst_im_remap_sampler_row_centres (GstImRemapSampler * sampler,
                                                   const GstImRemapSource * src,
                                                   const gdouble * coords,
                                                   guint n, guint8 * dst);

GST_IM_API
void             gst_im_remap_sampler_row_affine (GstImRemapSampler * sampler,
                                                  const GstImRemapSource * src,
                                                  gdouble u0, gdouble v0,
                                                  gdouble du, gdouble dv,
                                                  guint n, guint8 * dst);

GST_IM_API
void             gst_im_remap_sampler_row_projective (GstImRemapSampler * sampler,
                                                      const GstImRemapSource * src,
                                                      gdouble a, gdouble b,
                                                      gdouble c, gdouble da,
                                                      gdouble db, gdouble dc,
                                                      guint n, guint8 * dst);

GST_IM_API
void             gst_im_remap_background_from_argb (const GstVideoInfo * info,
    guint32 argb, guint8 background[GST_VIDEO_MAX_PLANES][4]);

G_END_DECLS

#endif /* __GST_IM_REMAP_H__ */
