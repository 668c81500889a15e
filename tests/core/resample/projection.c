/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImProjection against the sphere computed another way: every pixel
 * against 3-D unit vectors turned by a rotation matrix (not the closed
 * formulas of the core), forward then inverse back to the start, and
 * points whose answer is known: the centre of the map, the equator turned
 * into a meridian, the poles moved to the equator, and one point worked by
 * hand with the textbook transverse Mercator formulas.
 */
#include <math.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimprojection.h>

#define DEG (G_PI / 180)
/* positions in pixels; the core and the oracle differ by rounding only */
#define TOL 1e-6

typedef struct
{
  gdouble pole_longitude, max_latitude;
  guint out_w, out_h, in_w, in_h;
} Case;

static const Case cases[] = {
  {90, 85, 64, 32, 64, 32},     /* the seed's geometry, mirrored columns */
  {90, 85, 37, 23, 50, 30},     /* odd sizes: a centre row and column */
  {37.5, 70, 41, 20, 33, 27},   /* turned: no mirrored columns */
  {-120, 89.5, 16, 40, 24, 12},
  {150, 80, 30, 18, 30, 18},     /* longitudes beyond 180° wrap */
};

/* Mercator y of latitude @lat and back */
static gdouble
psi_of (gdouble lat)
{
  return log (tan (G_PI / 4 + lat / 2));
}

static gdouble
lat_of (gdouble psi)
{
  return 2 * atan (exp (psi)) - G_PI / 2;
}

static gdouble
wrap_pi (gdouble lon)
{
  lon = fmod (lon + G_PI, 2 * G_PI);
  return (lon < 0 ? lon + 2 * G_PI : lon) - G_PI;
}

/* The map's pixel coordinates of longitude @lon and Mercator y @psi (and
 * back): longitude -180°..180° across @w, Mercator y +psi_max..-psi_max
 * down @h. */
static void
to_pixels (gdouble lon, gdouble psi, gdouble psi_max, guint w, guint h,
    gdouble * u, gdouble * v)
{
  *u = (wrap_pi (lon) + G_PI) / (2 * G_PI) * w;
  *v = (psi_max - psi) / (2 * psi_max) * h;
}

static void
from_pixels (gdouble u, gdouble v, gdouble psi_max, guint w, guint h,
    gdouble * lon, gdouble * psi)
{
  *lon = u / w * 2 * G_PI - G_PI;
  *psi = psi_max - v / h * 2 * psi_max;
}

/* The unit vector of (lon, lat), and back. */
static void
vec_of (gdouble lon, gdouble lat, gdouble p[3])
{
  p[0] = cos (lat) * cos (lon);
  p[1] = cos (lat) * sin (lon);
  p[2] = sin (lat);
}

static void
lonlat_of (const gdouble p[3], gdouble * lon, gdouble * lat)
{
  *lon = atan2 (p[1], p[0]);
  *lat = asin (CLAMP (p[2], -1, 1));
}

/* The transverse frame of the globe, as a rotation: the globe turned by
 * -(pole_longitude - 90°) about the polar axis, then by 90° about the x
 * axis, so that the north pole goes to the transverse equator at -90° and
 * the transverse north pole is the point (0°, pole_longitude). @inverse
 * turns back. */
static void
rotate (gdouble pole_longitude, gboolean inverse, const gdouble a[3],
    gdouble b[3])
{
  gdouble s = (pole_longitude - 90) * DEG;
  gdouble rz[3][3] = { {cos (s), sin (s), 0}, {-sin (s), cos (s), 0}, {0, 0,
          1}
  };
  gdouble rx[3][3] = { {1, 0, 0}, {0, 0, -1}, {0, 1, 0} };
  gdouble m[3][3], t[3];
  guint i, j, k;

  /* m = rx * rz: geographic to transverse */
  for (i = 0; i < 3; i++)
    for (j = 0; j < 3; j++)
      for (m[i][j] = 0, k = 0; k < 3; k++)
        m[i][j] += rx[i][k] * rz[k][j];
  for (i = 0; i < 3; i++) {
    t[i] = 0;
    for (j = 0; j < 3; j++)
      t[i] += inverse ? m[j][i] * a[j] : m[i][j] * a[j];
  }
  memcpy (b, t, sizeof (t));
}

/* The oracle: where output pixel position (x, y) of a projection lies in
 * its source, through 3-D vectors. */
static void
oracle (const GstImProjectionParams * params, const Case * c, gdouble x,
    gdouble y, gdouble * u, gdouble * v)
{
  gdouble psi_max = psi_of (params->max_latitude * DEG);
  gdouble lon, psi, lat, p[3], q[3];
  gboolean to_transverse =
      params->direction == GST_IM_PROJECTION_MERCATOR_TO_TRANSVERSE;

  from_pixels (x, y, psi_max, c->out_w, c->out_h, &lon, &psi);
  vec_of (lon, lat_of (psi), p);
  /* the output is transverse: turn back to the globe, and the reverse */
  rotate (params->pole_longitude, to_transverse, p, q);
  lonlat_of (q, &lon, &lat);
  to_pixels (lon, psi_of (lat), psi_max, c->in_w, c->in_h, u, v);
}

/* Equal columns, modulo the width (longitude wraps at the edges). */
static void
check_u (gdouble got, gdouble want, guint w, const gchar * what, gdouble x,
    gdouble y)
{
  gdouble d = fabs (got - want);

  d = MIN (d, fabs (d - w));
  fail_unless (d < TOL, "%s (%.3f, %.3f): u %.9f, want %.9f", what, x, y,
      got, want);
}

static void
check_v (gdouble got, gdouble want, const gchar * what, gdouble x, gdouble y)
{
  fail_unless (fabs (got - want) < TOL * MAX (1, fabs (want)),
      "%s (%.3f, %.3f): v %.9f, want %.9f", what, x, y, got, want);
}

static GstImProjectionParams
params_of (const Case * c, GstImProjectionDirection direction)
{
  GstImProjectionParams p = { direction, c->max_latitude, c->pole_longitude,
    FALSE
  };

  return p;
}

/* Every pixel of every row, both directions, get_row and map_point,
 * against the rotation. */
GST_START_TEST (test_rows_match_rotation)
{
  const Case *c = &cases[__i__];
  GstImProjectionDirection dirs[] = {
    GST_IM_PROJECTION_MERCATOR_TO_TRANSVERSE,
    GST_IM_PROJECTION_TRANSVERSE_TO_MERCATOR,
  };
  guint d, x, y;

  for (d = 0; d < G_N_ELEMENTS (dirs); d++) {
    GstImProjectionParams params = params_of (c, dirs[d]);
    GstImProjection *proj = gst_im_projection_new (&params, c->out_w,
        c->out_h, c->in_w, c->in_h);
    gdouble *row = g_new (gdouble, 2 * c->out_w);
    gdouble u, v, pu, pv;

    fail_unless (proj != NULL);
    for (y = 0; y < c->out_h; y++) {
      gst_im_projection_get_row (proj, y, row);
      for (x = 0; x < c->out_w; x++) {
        oracle (&params, c, x + 0.5, y + 0.5, &u, &v);
        check_u (row[2 * x], u, c->in_w, "row", x, y);
        check_v (row[2 * x + 1], v, "row", x, y);
        fail_unless (row[2 * x] >= 0 && row[2 * x] <= c->in_w);
        /* and between the pixel centres */
        oracle (&params, c, x + 0.25, y + 0.8, &u, &v);
        gst_im_projection_map_point (proj, x + 0.25, y + 0.8, &pu, &pv);
        check_u (pu, u, c->in_w, "point", x + 0.25, y + 0.8);
        check_v (pv, v, "point", x + 0.25, y + 0.8);
      }
    }
    g_free (row);
    gst_im_projection_free (proj);
  }
}

GST_END_TEST;

/* To-transverse then to-mercator on the pair of maps gives back the start,
 * both ways round, also beyond max-latitude. */
GST_START_TEST (test_round_trip)
{
  const Case *c = &cases[__i__];
  GstImProjectionParams fwd = params_of (c,
      GST_IM_PROJECTION_MERCATOR_TO_TRANSVERSE);
  GstImProjectionParams inv = params_of (c,
      GST_IM_PROJECTION_TRANSVERSE_TO_MERCATOR);
  /* transverse map out_w x out_h, Mercator map in_w x in_h */
  GstImProjection *t = gst_im_projection_new (&fwd, c->out_w, c->out_h,
      c->in_w, c->in_h);
  GstImProjection *m = gst_im_projection_new (&inv, c->in_w, c->in_h,
      c->out_w, c->out_h);
  gdouble x, y, u, v, x2, y2;
  guint i, j;

  for (i = 0; i <= 20; i++) {
    for (j = 0; j <= 20; j++) {
      /* avoid the exact poles of either map, where longitude is void */
      x = (i + 0.37) / 21 * c->out_w;
      y = ((gdouble) j - 2 + 0.41) / 17 * c->out_h;
      gst_im_projection_map_point (t, x, y, &u, &v);
      gst_im_projection_map_point (m, u, v, &x2, &y2);
      check_u (x2, x, c->out_w, "transverse and back", x, y);
      check_v (y2, y, "transverse and back", x, y);

      x = (i + 0.37) / 21 * c->in_w;
      y = ((gdouble) j - 2 + 0.41) / 17 * c->in_h;
      gst_im_projection_map_point (m, x, y, &u, &v);
      gst_im_projection_map_point (t, u, v, &x2, &y2);
      check_u (x2, x, c->in_w, "Mercator and back", x, y);
      check_v (y2, y, "Mercator and back", x, y);
    }
  }
  gst_im_projection_free (t);
  gst_im_projection_free (m);
}

GST_END_TEST;

/* The middle of the transverse map, (0°, 0°) of the turned globe, is the
 * point (0°, pole_longitude - 90°): with the seed's 90°, the middle of the
 * Mercator map. The centre pixel of odd sizes lies exactly there. */
GST_START_TEST (test_centre)
{
  GstImProjectionParams params = { GST_IM_PROJECTION_MERCATOR_TO_TRANSVERSE,
    85, 90, FALSE
  };
  GstImProjection *proj = gst_im_projection_new (&params, 361, 181, 720, 360);
  gdouble row[2 * 361];

  gst_im_projection_get_row (proj, 90, row);
  fail_unless (fabs (row[2 * 180] - 360) < 1e-9, "u %.12f", row[2 * 180]);
  fail_unless (fabs (row[2 * 180 + 1] - 180) < 1e-9, "v %.12f",
      row[2 * 180 + 1]);
  gst_im_projection_free (proj);

  params.direction = GST_IM_PROJECTION_TRANSVERSE_TO_MERCATOR;
  proj = gst_im_projection_new (&params, 361, 181, 720, 360);
  gst_im_projection_get_row (proj, 90, row);
  fail_unless (fabs (row[2 * 180] - 360) < 1e-9, "u %.12f", row[2 * 180]);
  fail_unless (fabs (row[2 * 180 + 1] - 180) < 1e-9, "v %.12f",
      row[2 * 180 + 1]);
  gst_im_projection_free (proj);
}

GST_END_TEST;

/* Known points of the Mercator map (pole-longitude 90°, so longitudes are
 * those of the textbook's central meridian 0°) read in the transverse map:
 * the transverse Mercator of a point (lon, lat) is
 *   easting  x = atanh (sin lon cos lat)
 *   northing y = atan (tan lat / cos lon)
 * here with the transverse map's Mercator y = x and longitude = -y. */
static void
check_known (gdouble lon_deg, gdouble lat_deg, gdouble want_lon,
    gdouble want_psi)
{
  const guint w = 720, h = 360;
  GstImProjectionParams params = { GST_IM_PROJECTION_TRANSVERSE_TO_MERCATOR,
    89.5, 90, FALSE
  };
  gdouble psi_max = psi_of (89.5 * DEG), x, y, u, v, lon, psi;
  GstImProjection *proj = gst_im_projection_new (&params, w, h, w, h);

  to_pixels (lon_deg * DEG, psi_of (lat_deg * DEG), psi_max, w, h, &x, &y);
  gst_im_projection_map_point (proj, x, y, &u, &v);
  from_pixels (u, v, psi_max, w, h, &lon, &psi);
  fail_unless (fabs (lon - want_lon) < 1e-9, "(%g, %g): longitude %.12f, "
      "want %.12f", lon_deg, lat_deg, lon, want_lon);
  fail_unless (fabs (psi - want_psi) < 1e-9, "(%g, %g): Mercator y %.12f, "
      "want %.12f", lon_deg, lat_deg, psi, want_psi);
  gst_im_projection_free (proj);
}

GST_START_TEST (test_known_points)
{
  /* by hand: atanh (sin 30° cos 45°) = atanh (0.353553...) = 0.369499,
   * atan (tan 45° / cos 30°) = atan (1.154700...) = 49.1066° */
  check_known (30, 45, -0.857071947850131, 0.3694989719258693);
  /* the equator turns into the central meridian: latitude = longitude,
   * atanh (sin 30°) = atanh (0.5) = 0.549306 */
  check_known (30, 0, 0, 0.5493061443340548);
  check_known (-30, 0, 0, -0.5493061443340548);
  /* the central meridian stays on the equator, as longitude */
  check_known (0, 60, -60 * DEG, 0);
  check_known (0, -20, 20 * DEG, 0);
  /* near the poles: within 1° of the transverse equator at -90° (north)
   * and +90° (south); exactly on it at the central meridian */
  check_known (0, 89, -89 * DEG, 0);
  check_known (0, -89, 89 * DEG, 0);
  check_known (90, 89, -90 * DEG, psi_of (1 * DEG));
  check_known (-90, -89, 90 * DEG, psi_of (-1 * DEG));
}

GST_END_TEST;

/* Too large a plane is refused with a message, as the remap table says. */
GST_START_TEST (test_table_too_large)
{
  GstImProjectionParams params = { GST_IM_PROJECTION_MERCATOR_TO_TRANSVERSE,
    85, 90, FALSE
  };
  GstImProjection *proj = gst_im_projection_new (&params, 64, 32, 64,
      30000);
  GError *err = NULL;

  fail_unless (gst_im_projection_make_table (proj, 200000, 3,
          GST_IM_REMAP_BILINEAR, NULL, 0, &err) == NULL);
  fail_unless (g_error_matches (err, GST_STREAM_ERROR,
          GST_STREAM_ERROR_FORMAT));
  fail_unless (strstr (err->message, "4 GiB") != NULL, "%s", err->message);
  g_error_free (err);
  gst_im_projection_free (proj);
}

GST_END_TEST;

static Suite *
projection_suite (void)
{
  Suite *s = suite_create ("projection");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_rows_match_rotation, 0, G_N_ELEMENTS (cases));
  tcase_add_loop_test (tc, test_round_trip, 0, G_N_ELEMENTS (cases));
  tcase_add_test (tc, test_centre);
  tcase_add_test (tc, test_known_points);
  tcase_add_test (tc, test_table_too_large);
  return s;
}

GST_CHECK_MAIN (projection);
