/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_PROJECTION_H__
#define __GST_IM_PROJECTION_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/imagemill/gstimparallel.h>
#include <gst/imagemill/gstimremap.h>

G_BEGIN_DECLS

/**
 * GstImProjectionDirection:
 * @GST_IM_PROJECTION_MERCATOR_TO_TRANSVERSE: a Mercator map in, the
 *   transverse Mercator map out
 * @GST_IM_PROJECTION_TRANSVERSE_TO_MERCATOR: a transverse Mercator map in,
 *   the Mercator map out
 *
 * Which map a #GstImProjection reads and which it draws.
 */
typedef enum
{
  GST_IM_PROJECTION_MERCATOR_TO_TRANSVERSE,
  GST_IM_PROJECTION_TRANSVERSE_TO_MERCATOR,
} GstImProjectionDirection;

/**
 * GstImProjectionParams:
 * @direction: which map is read and which is drawn
 * @max_latitude: the latitude in degrees, in (0, 90), at the top and bottom
 *   edges of both maps: rows are linear in Mercator y between
 *   -@max_latitude and +@max_latitude
 * @pole_longitude: longitude in degrees east where the transverse map's
 *   north pole sits on the equator; its south pole is the antipode
 * @reference_rounding: follow seed 004's formulas (InvMerc_MultiLine.py)
 *   exactly, rounding and axes included; @max_latitude and @pole_longitude
 *   are then ignored
 *
 * The geometry of a pair of world maps. Both span longitude -180°..180°
 * across the image. The transverse map is the Mercator map of the globe
 * turned so that its poles lie on the equator.
 */
typedef struct
{
  GstImProjectionDirection direction;
  gdouble max_latitude;
  gdouble pole_longitude;
  gboolean reference_rounding;
} GstImProjectionParams;

/**
 * GstImProjection:
 *
 * Where each pixel of one world map lies in another: the source position of
 * every output pixel, for a #GstImRemapTable. Made for one pair of image
 * sizes; read-only once made, so any number of threads may use it.
 */
typedef struct _GstImProjection GstImProjection;

GST_IM_API
GstImProjection *gst_im_projection_new (const GstImProjectionParams * params,
                                        guint out_width, guint out_height,
                                        guint in_width, guint in_height);

GST_IM_API
void             gst_im_projection_free (GstImProjection * projection);

GST_IM_API
void             gst_im_projection_get_row (const GstImProjection * projection,
                                            guint row, gdouble * coords);

GST_IM_API
void             gst_im_projection_map_point (const GstImProjection * projection,
                                              gdouble x, gdouble y,
                                              gdouble * u, gdouble * v);

GST_IM_API
GstImRemapTable *gst_im_projection_make_table (const GstImProjection * projection,
                                               gint in_stride,
                                               guint pixel_stride,
                                               GstImRemapInterpolation interpolation,
                                               GstImWorkerPool * pool,
                                               guint chunk_rows,
                                               GError ** error);

G_END_DECLS

#endif /* __GST_IM_PROJECTION_H__ */
