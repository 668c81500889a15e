/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_MERCATOR_REMAP_H__
#define __GST_MERCATOR_REMAP_H__

#include <gst/video/video.h>
#include <gst/video/gstvideofilter.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimremap.h>
#include <gst/imagemill/gstimprojection.h>

G_BEGIN_DECLS

/**
 * GstMercatorRemapDirection:
 * @GST_MERCATOR_REMAP_TO_TRANSVERSE: Mercator in, transverse Mercator out
 * @GST_MERCATOR_REMAP_TO_MERCATOR: transverse Mercator in, Mercator out
 *
 * Which way #GstMercatorRemap redraws the map: the #GstImProjectionDirection
 * of its projection.
 */
typedef enum
{
  GST_MERCATOR_REMAP_TO_TRANSVERSE = GST_IM_PROJECTION_MERCATOR_TO_TRANSVERSE,
  GST_MERCATOR_REMAP_TO_MERCATOR = GST_IM_PROJECTION_TRANSVERSE_TO_MERCATOR,
} GstMercatorRemapDirection;

/**
 * GstMercatorRemapInterpolation:
 * @GST_MERCATOR_REMAP_NEAREST: the source pixel that holds the point
 * @GST_MERCATOR_REMAP_BILINEAR: 2x2 taps, weights in 1/128 pixel steps
 * @GST_MERCATOR_REMAP_BICUBIC: 4x4 Catmull-Rom taps, 1/128 pixel steps
 *
 * How #GstMercatorRemap samples the source: the #GstImRemapInterpolation
 * of its tables.
 */
typedef enum
{
  GST_MERCATOR_REMAP_NEAREST = GST_IM_REMAP_NEAREST,
  GST_MERCATOR_REMAP_BILINEAR = GST_IM_REMAP_BILINEAR,
  GST_MERCATOR_REMAP_BICUBIC = GST_IM_REMAP_BICUBIC,
} GstMercatorRemapInterpolation;

#define GST_TYPE_MERCATOR_REMAP_DIRECTION \
  (gst_mercator_remap_direction_get_type ())
GType gst_mercator_remap_direction_get_type (void);

#define GST_TYPE_MERCATOR_REMAP_INTERPOLATION \
  (gst_mercator_remap_interpolation_get_type ())
GType gst_mercator_remap_interpolation_get_type (void);

#define GST_TYPE_MERCATOR_REMAP (gst_mercator_remap_get_type ())
G_DECLARE_FINAL_TYPE (GstMercatorRemap, gst_mercator_remap, GST,
    MERCATOR_REMAP, GstVideoFilter);
GST_ELEMENT_REGISTER_DECLARE (mercatorremap);

G_END_DECLS

#endif /* __GST_MERCATOR_REMAP_H__ */
