/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimprojection
 * @title: GstImProjection
 * @short_description: Mercator <-> transverse Mercator, as the source
 *   positions of a #GstImRemapTable
 *
 * Both maps span longitude -180°..180° across the image and Mercator y
 * between -max-latitude and +max-latitude down it; row and column i cover
 * [i, i + 1). The transverse map is the Mercator map of the globe turned by
 * 90° about the axis through (0°, pole-longitude - 90°), so that its north
 * pole lies on the equator at pole-longitude and its south pole at the
 * antipode. On the unit sphere, a point at longitude λ (from that axis) and
 * latitude φ lies in the other map at
 *
 *   x' = atan2 (-sin φ, cos φ cos λ), y' = atanh (cos φ sin λ)
 *
 * (Mercator y of the turned latitude), and the turn back is the same with
 * the sign of sin φ flipped. A #GstImProjection computes that for every
 * output pixel, one log and one atan2 per four pixels: mirrored columns
 * have opposite latitudes and mirrored rows opposite longitudes.
 *
 * With reference_rounding set, the formulas of seed 004
 * (InvMerc_MultiLine.py) are followed exactly, its rounding of the
 * intermediate angles to 2 and 3 decimals and its axes included, so that
 * with nearest sampling the output equals the seed's pixel for pixel.
 *
 * gst_im_projection_make_table() builds the #GstImRemapTable of one plane
 * in row bands on a #GstImWorkerPool; the result never depends on the
 * bands or the threads.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>

#include <gst/imagemill/gstimprojection.h>

typedef enum
{
  MAP_TRANSVERSE,               /* exact, to-transverse */
  MAP_MERCATOR,                 /* exact, to-mercator */
  MAP_SEED,                     /* the seed's formulas, rounding included */
  MAP_SEED_INVERSE,             /* the inverse of the seed's axes */
} MapMode;

struct _GstImProjection
{
  MapMode mode;
  guint out_w, out_h, in_w, in_h;
  gdouble psi_max;              /* Mercator y of max-latitude */
  gdouble shift;                /* pole-longitude - 90°, radians */
  gdouble out_shift;            /* shift, added to source longitudes */
  gboolean mirror;              /* columns x and w - 1 - x mirror each other */
  gdouble v_scale;              /* source rows per unit of Mercator y */
  gdouble *col;                 /* per output column: 3 precomputed values */
};

/* Python's round (x, 2) on a float: the correctly rounded decimal, ties to
 * even on the exact binary value, read back. */
static gdouble
py_round2 (gdouble x)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_ascii_strtod (g_ascii_formatd (buf, sizeof (buf), "%.2f", x), NULL);
}

/* numpy's round (x, 3) on a float64: multiply, rint, divide. */
static inline gdouble
np_round3 (gdouble x)
{
  return rint (x * 1000.0) / 1000.0;
}

/* The values of the output column at @px (its centre is x + 0.5): sine,
 * cosine and the longitude itself. The seed reads the column's left edge. */
static void
column_values (const GstImProjection * p, gdouble px, gdouble * c)
{
  gdouble lam;

  if (p->mode == MAP_SEED)
    lam = py_round2 ((floor (px) / p->out_w * 2 * G_PI) - G_PI);
  else
    lam = px / p->out_w * 2 * G_PI - G_PI;
  if (p->mode == MAP_MERCATOR)
    lam -= p->shift;
  c[0] = sin (lam);
  c[1] = cos (lam);
  c[2] = lam;
}

/* The values of the output row at @py (its centre is y + 0.5). Exact
 * modes: -s / cosh, s sinh of the row's Mercator y, s flipping the turn.
 * Seed: cosh, sinh of its rounded transverse latitude and that latitude,
 * read at the row's bottom edge. Seed inverse: sine and cosine of the
 * row's latitude. */
static void
row_values (const GstImProjection * p, gdouble py, gdouble * r)
{
  gdouble a, s;

  switch (p->mode) {
    case MAP_TRANSVERSE:
    case MAP_MERCATOR:
      a = p->psi_max * (1 - 2 * py / p->out_h);
      s = p->mode == MAP_TRANSVERSE ? 1.0 : -1.0;
      r[0] = -s / cosh (a);
      r[1] = s * sinh (a);
      r[2] = 0;
      break;
    case MAP_SEED:
      /* line (y + 1) / height maps +175 .. -175 "degrees" of Mercator y */
      r[2] = py_round2 (((floor (py) + 1) / p->out_h * (-35 * G_PI / 18)) +
          (17.5 * G_PI / 18));
      r[0] = cosh (r[2]);
      r[1] = sinh (r[2]);
      break;
    case MAP_SEED_INVERSE:
      a = G_PI / 2 - G_PI * py / p->out_h;
      r[0] = sin (a);
      r[1] = cos (a);
      r[2] = 0;
      break;
  }
}

/* atanh (z) with one log: the Mercator y of the latitude whose sine is z. */
static inline gdouble
merc_y (gdouble z)
{
  return 0.5 * log ((1 + z) / (1 - z));
}

/* Exact modes: source position of Mercator y and longitude (within
 * -2pi..2pi, pole-longitude included) into @uv. */
static inline void
exact_uv (const GstImProjection * p, gdouble y, gdouble lon, gdouble * uv)
{
  gdouble t = (lon + G_PI) * (0.5 / G_PI);

  t = t < 0 ? t + 1 : t >= 1 ? t - 1 : t;
  uv[0] = t * p->in_w;
  uv[1] = (p->psi_max - y) * p->v_scale;
}

/* Seed modes: source position (u, v) of the output pixel whose column
 * values are @c and row values @r, in source pixels: pixel i covers
 * [i, i + 1). The seed never leaves the source. */
static inline void
seed_pixel (const GstImProjection * p, const gdouble * c, const gdouble * r,
    gdouble * u, gdouble * v)
{
  guint iw = p->in_w, ih = p->in_h;
  gdouble lat, lon, t;

  if (p->mode == MAP_SEED) {
    lat = np_round3 (-asin (c[0] / r[0]));
    lon = atan (r[1] / c[1]);
    if (c[2] > G_PI / 2 || c[2] < -G_PI / 2)
      lon += r[2] >= 0 ? G_PI : -G_PI;
    lon = np_round3 (lon);
    *u = CLAMP ((lon + G_PI) / (2 * G_PI) * iw, 0, iw);
    *v = CLAMP ((lat - G_PI / 2) / (-G_PI) * ih, 0, ih);
  } else {
    lat = merc_y (r[1] * c[0]);
    lon = atan2 (-r[0], r[1] * c[1]);
    t = (lon + G_PI) / (2 * G_PI) + 0.5 / iw;
    *u = (t - floor (t)) * iw;
    *v = ((17.5 * G_PI / 18) - lat) / (35 * G_PI / 18) * ih - 0.5;
  }
}

/* Exact modes, rows @y and @y2 = out_h - 1 - @y together, into @uv and
 * @uv2: both are a 90° turn about the axis through (0°, 0°), s flips it.
 * Mirrored columns have opposite latitudes, mirrored rows opposite turns in
 * longitude, so four pixels cost one log and one atan2. */
static void
exact_rows (const GstImProjection * p, guint y, gdouble * uv, gdouble * uv2)
{
  guint x, xs[2], k, w = p->out_w;
  gdouble r[3], lat, lon;
  const gdouble *c;

  row_values (p, y + 0.5, r);
  for (x = 0; x < (p->mirror ? (w + 1) / 2 : w); x++) {
    c = p->col + 3 * x;
    lat = merc_y (c[0] * r[0]);
    lon = atan2 (r[1], c[1]);
    xs[0] = x;
    xs[1] = p->mirror ? w - 1 - x : x;
    for (k = 0; k < (p->mirror ? 2u : 1u); k++, lat = -lat) {
      exact_uv (p, lat, lon + p->out_shift, uv + 2 * xs[k]);
      exact_uv (p, lat, p->out_shift - lon, uv2 + 2 * xs[k]);
    }
  }
}

/* Seed modes: the source positions of row @y into @uv. */
static void
seed_row (const GstImProjection * p, guint y, gdouble * uv)
{
  guint x;
  gdouble r[3];

  row_values (p, y + 0.5, r);
  for (x = 0; x < p->out_w; x++) {
    /* the seed rounds its transverse longitude to 2 decimals: columns
     * that round alike map alike */
    if (p->mode != MAP_SEED || x == 0 || p->col[3 * x + 2] !=
        p->col[3 * x - 1])
      seed_pixel (p, p->col + 3 * x, r, uv + 2 * x, uv + 2 * x + 1);
    else {
      uv[2 * x] = uv[2 * x - 2];
      uv[2 * x + 1] = uv[2 * x - 1];
    }
  }
}

static gboolean
is_exact (const GstImProjection * p)
{
  return p->mode == MAP_TRANSVERSE || p->mode == MAP_MERCATOR;
}

/**
 * gst_im_projection_new: (skip)
 * @params: the geometry of the two maps
 * @out_width: width of the map drawn, 1 to %GST_IM_REMAP_MAX_SIZE
 * @out_height: height of the map drawn, 1 to %GST_IM_REMAP_MAX_SIZE
 * @in_width: width of the map read, 1 to %GST_IM_REMAP_MAX_SIZE
 * @in_height: height of the map read, 1 to %GST_IM_REMAP_MAX_SIZE
 *
 * Makes the projection from a map of @in_width x @in_height to one of
 * @out_width x @out_height (a plane of a frame: chroma planes have their
 * own sizes).
 *
 * Returns: (transfer full): the projection; free with
 *   gst_im_projection_free()
 */
GstImProjection *
gst_im_projection_new (const GstImProjectionParams * params, guint out_width,
    guint out_height, guint in_width, guint in_height)
{
  GstImProjection *p;
  guint x;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (params->direction <=
      GST_IM_PROJECTION_TRANSVERSE_TO_MERCATOR, NULL);
  g_return_val_if_fail (params->max_latitude > 0 &&
      params->max_latitude < 90, NULL);
  g_return_val_if_fail (isfinite (params->pole_longitude), NULL);
  g_return_val_if_fail (out_width > 0 && out_width <= GST_IM_REMAP_MAX_SIZE,
      NULL);
  g_return_val_if_fail (out_height > 0 && out_height <= GST_IM_REMAP_MAX_SIZE,
      NULL);
  g_return_val_if_fail (in_width > 0 && in_width <= GST_IM_REMAP_MAX_SIZE,
      NULL);
  g_return_val_if_fail (in_height > 0 && in_height <= GST_IM_REMAP_MAX_SIZE,
      NULL);

  p = g_new0 (GstImProjection, 1);
  if (params->direction == GST_IM_PROJECTION_MERCATOR_TO_TRANSVERSE)
    p->mode = params->reference_rounding ? MAP_SEED : MAP_TRANSVERSE;
  else
    p->mode = params->reference_rounding ? MAP_SEED_INVERSE : MAP_MERCATOR;
  p->out_w = out_width;
  p->out_h = out_height;
  p->in_w = in_width;
  p->in_h = in_height;
  p->psi_max = asinh (tan (params->max_latitude * G_PI / 180));
  p->v_scale = in_height / (2 * p->psi_max);
  p->shift = (params->pole_longitude - 90) * G_PI / 180;
  p->out_shift = p->mode == MAP_TRANSVERSE ? p->shift : 0;
  p->mirror = p->mode == MAP_TRANSVERSE || (p->mode == MAP_MERCATOR &&
      p->shift == 0);
  p->col = g_new (gdouble, 3 * (gsize) out_width);
  for (x = 0; x < out_width; x++)
    column_values (p, x + 0.5, p->col + 3 * x);
  return p;
}

/**
 * gst_im_projection_free:
 * @projection: (transfer full) (nullable): a projection
 *
 * Frees @projection.
 */
void
gst_im_projection_free (GstImProjection * projection)
{
  if (projection == NULL)
    return;
  g_free (projection->col);
  g_free (projection);
}

/**
 * gst_im_projection_get_row:
 * @projection: a projection
 * @row: an output row, below the output height
 * @coords: (out caller-allocates) (array): 2 * output width values: the
 *   source position u, v of each pixel of @row, in source pixels where
 *   pixel i covers [i, i + 1), as a #GstImRemapCoordsFunc gives them
 *
 * Computes where the pixels of output row @row lie in the source: the same
 * values gst_im_projection_make_table() puts into its table. Positions
 * beyond the top or bottom of the source are left there (the table clamps
 * them); longitude stays within [0, width].
 */
void
gst_im_projection_get_row (const GstImProjection * projection, guint row,
    gdouble * coords)
{
  const GstImProjection *p = projection;
  guint y;
  gdouble *other;

  g_return_if_fail (p != NULL && coords != NULL);
  g_return_if_fail (row < p->out_h);

  if (!is_exact (p)) {
    seed_row (p, row, coords);
    return;
  }
  /* the exact modes compute a row with its mirror */
  other = g_new (gdouble, 2 * (gsize) p->out_w);
  y = MIN (row, p->out_h - 1 - row);
  if (y == row)
    exact_rows (p, y, coords, other);
  else
    exact_rows (p, y, other, coords);
  g_free (other);
}

/**
 * gst_im_projection_map_point:
 * @projection: a projection
 * @x: output column, in pixels where pixel i covers [i, i + 1)
 * @y: output row, likewise
 * @u: (out): source column of the point, likewise
 * @v: (out): source row of the point, likewise
 *
 * Where the output point (@x, @y) lies in the source, say to place a
 * marker on the map drawn. At pixel centres (i + 0.5) this is what
 * gst_im_projection_get_row() gives, to rounding. The seed's to-transverse
 * formulas (reference_rounding) read whole pixels: there any point of a
 * pixel maps as its centre does.
 */
void
gst_im_projection_map_point (const GstImProjection * projection, gdouble x,
    gdouble y, gdouble * u, gdouble * v)
{
  const GstImProjection *p = projection;
  gdouble c[3], r[3], uv[2];

  g_return_if_fail (p != NULL && u != NULL && v != NULL);

  column_values (p, x, c);
  row_values (p, y, r);
  if (is_exact (p)) {
    exact_uv (p, merc_y (c[0] * r[0]), atan2 (r[1], c[1]) + p->out_shift,
        uv);
    *u = uv[0];
    *v = uv[1];
  } else {
    seed_pixel (p, c, r, u, v);
  }
}

/* Rows [y0, y1) into the table: row pairs (y, out_h - 1 - y) in the exact
 * modes, rows in the seed modes. */
typedef struct
{
  const GstImProjection *p;
  GstImRemapTable *t;
} FillJob;

static void
fill_rows (guint y0, guint y1, gpointer data)
{
  const FillJob *job = data;
  const GstImProjection *p = job->p;
  gdouble *uv = g_new (gdouble, 4 * (gsize) p->out_w);
  gdouble *uv2 = uv + 2 * p->out_w;
  guint y;

  for (y = y0; y < y1; y++) {
    if (is_exact (p)) {
      exact_rows (p, y, uv, uv2);
      if (p->out_h - 1 - y != y)
        gst_im_remap_table_set_row (job->t, p->out_h - 1 - y, uv2);
    } else {
      seed_row (p, y, uv);
    }
    gst_im_remap_table_set_row (job->t, y, uv);
  }
  g_free (uv);
}

/**
 * gst_im_projection_make_table: (skip)
 * @projection: a projection
 * @in_stride: bytes from one source row to the next
 * @pixel_stride: bytes per pixel, 1 to 4
 * @interpolation: how the source is sampled
 * @pool: (nullable): the workers that build the table in row bands, or
 *   %NULL to build it on the calling thread
 * @chunk_rows: rows per band, 0 for about four bands per worker
 * @error: where to store the reason the table cannot be made
 *
 * Builds the lookup table of one source plane. Longitude wraps around the
 * source's left and right edges and rows clamp at its top and bottom, but
 * the seed's nearest steps back from the last column instead of wrapping.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error set
 *   as gst_im_remap_table_new() does
 */
GstImRemapTable *
gst_im_projection_make_table (const GstImProjection * projection,
    gint in_stride, guint pixel_stride, GstImRemapInterpolation interpolation,
    GstImWorkerPool * pool, guint chunk_rows, GError ** error)
{
  const GstImProjection *p = projection;
  GstImRemapExtend extend_x = GST_IM_REMAP_EXTEND_REPEAT;
  FillJob job;

  g_return_val_if_fail (p != NULL, NULL);

  if (p->mode == MAP_SEED && interpolation == GST_IM_REMAP_NEAREST)
    extend_x = GST_IM_REMAP_EXTEND_CLAMP;
  job.p = p;
  job.t = gst_im_remap_table_new (p->out_w, p->out_h, p->in_w, p->in_h,
      in_stride, pixel_stride, interpolation, extend_x,
      GST_IM_REMAP_EXTEND_CLAMP, error);
  if (job.t == NULL)
    return NULL;

  gst_im_parallel_rows (pool, is_exact (p) ? (p->out_h + 1) / 2 : p->out_h,
      chunk_rows, fill_rows, &job);
  gst_im_remap_table_finish (job.t, pool, chunk_rows);
  return job.t;
}
