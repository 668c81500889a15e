/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_RESAMPLE_H__
#define __GST_IM_RESAMPLE_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/imagemill/gstimparallel.h>

G_BEGIN_DECLS
/**
 * GstImResampleKernel:
 * @GST_IM_RESAMPLE_NEAREST: nearest neighbour: fastest, aliases when
 *   shrinking
 * @GST_IM_RESAMPLE_BILINEAR: triangle filter, widened by the shrink factor
 *   (antialiased bilinear, as Pillow's BILINEAR)
 * @GST_IM_RESAMPLE_BOX: box filter, widened by the shrink factor (area
 *   average)
 * @GST_IM_RESAMPLE_LANCZOS3: windowed sinc with three lobes, widened by the
 *   shrink factor: the sharpest, the default for thumbnails
 * @GST_IM_RESAMPLE_AREA: each output pixel the average of the source area
 *   it covers, partly covered pixels weighted by their share (OpenCV's
 *   INTER_AREA when shrinking)
 * @GST_IM_RESAMPLE_LINEAR_POINT: bilinear interpolation at one point per
 *   output pixel, never widened (OpenCV's INTER_LINEAR): output pixel o
 *   reads source position s = rect.x + (o + 0.5) * scale - 0.5 (pixel
 *   indices, scale = rect.width / n_out) from pixels floor (s) and
 *   floor (s) + 1. Aliases when shrinking by more than 2.
 * @GST_IM_RESAMPLE_CUBIC_POINT: bicubic interpolation (a = -0.75) at the
 *   same point, from the 4 pixels around it, never widened (OpenCV's
 *   INTER_CUBIC)
 * @GST_IM_RESAMPLE_NEAREST_FLOOR: the pixel under the output pixel's
 *   left / top edge, floor (rect.x + o * scale) (OpenCV's INTER_NEAREST;
 *   #GST_IM_RESAMPLE_NEAREST takes the one under its centre)
 *
 * The filter of a #GstImResampler. For every kernel, positions that fall
 * outside the source read the edge pixel (OpenCV's BORDER_REPLICATE, which
 * cv2.resize uses).
 */
    typedef enum
{
  GST_IM_RESAMPLE_NEAREST,
  GST_IM_RESAMPLE_BILINEAR,
  GST_IM_RESAMPLE_BOX,
  GST_IM_RESAMPLE_LANCZOS3,
  GST_IM_RESAMPLE_AREA,
  GST_IM_RESAMPLE_LINEAR_POINT,
  GST_IM_RESAMPLE_CUBIC_POINT,
  GST_IM_RESAMPLE_NEAREST_FLOOR,
} GstImResampleKernel;

#define GST_IM_TYPE_RESAMPLE_KERNEL (gst_im_resample_kernel_get_type ())
GST_IM_API GType gst_im_resample_kernel_get_type (void);

/**
 * GstImResampleRect:
 * @x: left edge, in source pixels (0 is the left edge of pixel 0)
 * @y: top edge, in source pixels
 * @width: width in source pixels, > 0
 * @height: height in source pixels, > 0
 *
 * The part of the source that is mapped onto the whole output. It may
 * reach outside the source: edge pixels are repeated there.
 */
typedef struct
{
  gdouble x, y, width, height;
} GstImResampleRect;

/**
 * GstImResampler:
 *
 * Resamples 8-bit interleaved images of one geometry (source size, source
 * rectangle, output size, channels, kernel) with weight tables computed
 * once. Immutable after creation apart from its scratch rows, which are
 * taken and returned under a lock: any number of threads may run
 * gst_im_resampler_process() on disjoint output rows at the same time.
 */
typedef struct _GstImResampler GstImResampler;

GST_IM_API
    GstImResampler * gst_im_resampler_new (GstImResampleKernel kernel,
    guint n_channels,
    guint src_width, guint src_height,
    const GstImResampleRect * src_rect, guint dst_width, guint dst_height);

GST_IM_API void gst_im_resampler_free (GstImResampler * resampler);

GST_IM_API
    gboolean gst_im_resampler_matches (const GstImResampler * resampler,
    GstImResampleKernel kernel,
    guint n_channels,
    guint src_width, guint src_height,
    const GstImResampleRect * src_rect, guint dst_width, guint dst_height);

GST_IM_API
    void gst_im_resampler_get_taps (const GstImResampler * resampler,
    guint * h_taps, guint * v_taps);

GST_IM_API
    void gst_im_resampler_process (GstImResampler * resampler,
    const guint8 * src, gint src_stride,
    guint8 * dst, gint dst_stride, guint row_begin, guint row_end);

GST_IM_API
    void gst_im_resampler_run (GstImResampler * resampler,
    GstImWorkerPool * pool,
    guint chunk_rows,
    const guint8 * src, gint src_stride, guint8 * dst, gint dst_stride);

G_END_DECLS
#endif /* __GST_IM_RESAMPLE_H__ */
