/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * mercatorremap against independent oracles: seed 004's algorithm written
 * out again here in double precision (reference-rounding), and a float
 * remap whose geometry is computed another way, with 3-D rotations instead
 * of the element's closed formulas, sampled in double precision.
 */
#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include "imtest.h"

/* ---- frames ---- */

typedef guint8 (*PixelFunc) (guint x, guint y, guint byte, guint plane,
    guint w, guint h);

/* Noise: every byte its own hash, so any wrong index shows. */
static guint8
noise_px (guint x, guint y, guint byte, guint plane, guint w, guint h)
{
  guint32 v = x * 73856093u ^ y * 19349663u ^ (byte + 4 * plane) * 83492791u;

  v ^= v >> 13;
  v *= 0x5bd1e995u;
  return (v ^ (v >> 15)) & 0xff;
}

/* Smooth: sinusoids with periods of about 24 px, periodic across the map's
 * width as longitude is; gradients stay under 25 levels per pixel. */
static guint8
smooth_px (guint x, guint y, guint byte, guint plane, guint w, guint h)
{
  gdouble kx = MAX (1, w / 24), c = byte + 2.0 * plane;
  gdouble v = 128 + 40 * sin (2 * G_PI * kx * (x + 0.5) / w + c) +
      40 * cos (2 * G_PI * (y + 0.5) / 20 + 1.3 * c) +
      30 * sin (2 * G_PI * (x + 0.5) / w + 0.7 * c) * cos (G_PI * y / h);

  return CLAMP (lrint (v), 0, 255);
}

static void
info_from_str (GstVideoInfo * info, const gchar * caps_str)
{
  GstCaps *caps = gst_caps_from_string (caps_str);

  fail_unless (gst_video_info_from_caps (info, caps), "caps %s", caps_str);
  gst_caps_unref (caps);
}

static GstBuffer *
make_buffer (const gchar * caps_str, PixelFunc f)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  GstBuffer *buf;
  guint p, x, y, b, pw, ph, bpp;

  info_from_str (&info, caps_str);
  buf = gst_buffer_new_allocate (NULL, info.size, NULL);
  fail_unless (gst_video_frame_map (&frame, &info, buf, GST_MAP_WRITE));
  for (p = 0; p < GST_VIDEO_FRAME_N_PLANES (&frame); p++) {
    pw = GST_VIDEO_FRAME_COMP_WIDTH (&frame, p);
    ph = GST_VIDEO_FRAME_COMP_HEIGHT (&frame, p);
    bpp = GST_VIDEO_FRAME_COMP_PSTRIDE (&frame, p);
    for (y = 0; y < ph; y++) {
      guint8 *row = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, p) +
          y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, p);

      for (x = 0; x < pw; x++)
        for (b = 0; b < bpp; b++)
          row[x * bpp + b] = f (x, y, b, p, pw, ph);
    }
  }
  gst_video_frame_unmap (&frame);
  return buf;
}

/* Runs one frame through @launch (a mercatorremap, with properties). */
static GstBuffer *
remap (const gchar * launch, const gchar * in_caps, const gchar * out_caps,
    GstBuffer * in)
{
  GstHarness *h = gst_harness_new_parse (launch);
  GstBuffer *out;

  gst_harness_set_caps_str (h, in_caps, out_caps ? out_caps : in_caps);
  out = gst_harness_push_and_pull (h, in);
  fail_unless (out != NULL, "no output from %s", launch);
  gst_harness_teardown (h);
  return out;
}

/* The image bytes of @buf, planes one after the other, rows without
 * padding, so that two outputs compare with memcmp. */
static GBytes *
frame_bytes (GstBuffer * buf, const gchar * caps_str)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  GByteArray *a = g_byte_array_new ();
  guint p, y, len;

  info_from_str (&info, caps_str);
  fail_unless (gst_video_frame_map (&frame, &info, buf, GST_MAP_READ));
  for (p = 0; p < GST_VIDEO_FRAME_N_PLANES (&frame); p++) {
    len = GST_VIDEO_FRAME_COMP_WIDTH (&frame, p) *
        GST_VIDEO_FRAME_COMP_PSTRIDE (&frame, p);
    for (y = 0; y < (guint) GST_VIDEO_FRAME_COMP_HEIGHT (&frame, p); y++)
      g_byte_array_append (a, (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame,
              p) + y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, p), len);
  }
  gst_video_frame_unmap (&frame);
  return g_byte_array_free_to_bytes (a);
}

/* ---- oracle 1: seed 004, written out again from its Python ---- */

/* Python's round (x, n) on a float: the decimal nearest the exact binary
 * value, ties to even. x * 10^n is off by at most one rounding, and fma ()
 * tells exactly on which side of the half-way point the exact product is. */
static gdouble
python_round (gdouble x, gint n)
{
  gdouble s = n == 2 ? 100.0 : 1000.0, k = floor (x * s);
  gdouble d = fma (x, s, -(k + 0.5));

  if (d > 0 || (d == 0 && fmod (k, 2.0) != 0))
    k += 1;
  return copysign (k / s, x);
}

/* numpy's round (x, 3) on a float64, which is what round () does with the
 * np.float64 that np.arcsin and np.arctan return: multiply, rint, divide. */
static gdouble
numpy_round3 (gdouble x)
{
  return rint (x * 1000) / 1000;
}

/* inv_transform_line () and inv_transform_pixel () of InvMerc_MultiLine.py
 * for output pixel (x, line) of a w x h map read from an iw x ih map. */
static void
seed_pixel (guint x, guint line, guint w, guint h, guint iw, guint ih,
    guint * sx, guint * sy)
{
  gdouble y_norm = (gdouble) (line + 1) / h;
  gdouble trans_lat = python_round ((y_norm * (-35 * G_PI / 18)) +
      (17.5 * G_PI / 18), 2);
  gdouble trans_longitude = python_round (((gdouble) x / w * 2 * G_PI) -
      G_PI, 2);
  gdouble lat = -asin ((sin (trans_longitude)) / (cosh (trans_lat)));
  gdouble lon = atan (sinh (trans_lat) / cos (trans_longitude));
  gint ox, oy;

  if ((trans_longitude > G_PI / 2) || (trans_longitude < -G_PI / 2)) {
    if (trans_lat >= 0)
      lon += G_PI;
    else if (trans_lat < 0)
      lon -= G_PI;
  }
  lat = numpy_round3 (lat);
  lon = numpy_round3 (lon);
  ox = (gint) ((lon + G_PI) / (2 * G_PI) * iw);
  oy = (gint) ((lat - G_PI / 2) / (-G_PI) * ih);
  /* fixes potential rounding and index errors: */
  ox -= ox == (gint) iw ? 1 : 0;
  oy -= oy == (gint) ih ? 1 : 0;
  fail_unless (ox >= 0 && ox < (gint) iw && oy >= 0 && oy < (gint) ih);
  *sx = ox;
  *sy = oy;
}

static const struct
{
  guint w, h;
  const gchar *format;
} seed_sizes[] = {
  {720, 360, "RGB"}, {2048, 1024, "RGB"}, {1, 1, "RGB"}, {7, 3, "RGB"},
  {1001, 999, "RGB"}, {1001, 999, "BGRx"}, {7, 3, "GRAY8"},
};

GST_START_TEST (test_reference_rounding_equals_seed)
{
  guint w = seed_sizes[__i__].w, h = seed_sizes[__i__].h, x, y, sx, sy;
  gchar *caps = g_strdup_printf ("video/x-raw,format=%s,width=%u,height=%u,"
      "framerate=1/1", seed_sizes[__i__].format, w, h);
  GstBuffer *in = make_buffer (caps, noise_px), *out;
  GstVideoInfo info;
  GstVideoFrame fi, fo;
  guint bpp, n_bad = 0;

  out = remap ("mercatorremap interpolation=nearest reference-rounding=true",
      caps, NULL, gst_buffer_ref (in));
  info_from_str (&info, caps);
  fail_unless (gst_video_frame_map (&fi, &info, in, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&fo, &info, out, GST_MAP_READ));
  bpp = GST_VIDEO_FRAME_COMP_PSTRIDE (&fi, 0);
  for (y = 0; y < h; y++) {
    for (x = 0; x < w; x++) {
      seed_pixel (x, y, w, h, w, h, &sx, &sy);
      if (memcmp ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&fo, 0) +
              y * GST_VIDEO_FRAME_PLANE_STRIDE (&fo, 0) + x * bpp,
              (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&fi, 0) +
              sy * GST_VIDEO_FRAME_PLANE_STRIDE (&fi, 0) + sx * bpp, bpp)
          && n_bad++ < 5)
        GST_ERROR ("%ux%u: pixel %u,%u is not source %u,%u", w, h, x, y,
            sx, sy);
    }
  }
  fail_unless_equals_int (n_bad, 0);
  gst_video_frame_unmap (&fi);
  gst_video_frame_unmap (&fo);
  gst_buffer_unref (in);
  gst_buffer_unref (out);
  g_free (caps);
}

GST_END_TEST;

/* ---- oracle 2: geometry by 3-D rotation, sampled in double ---- */

typedef struct
{
  gboolean to_mercator;
  gdouble max_lat, pole;        /* degrees */
} Geo;

static gdouble
merc_y_of_lat (gdouble lat)
{
  return log (tan (G_PI / 4 + lat / 2));
}

/* Source position (u, v) of output pixel (x, y), pixel i covering [i, i+1).
 * Transverse frame (x', y', z') from the Mercator frame (x, y, z): the pole
 * z' = 1 lies on the equator at longitude @pole, and x' = x at 90° from it. */
static void
oracle_position (const Geo * g, guint x, guint y, guint ow, guint oh,
    guint iw, guint ih, gdouble * u, gdouble * v)
{
  gdouble psi_max = merc_y_of_lat (g->max_lat * G_PI / 180);
  gdouble p = g->pole * G_PI / 180, q = p - G_PI / 2;
  gdouble lam = (x + 0.5) / ow * 2 * G_PI - G_PI;
  gdouble phi = atan (sinh (psi_max * (1 - 2 * (y + 0.5) / oh)));
  gdouble a[3] = { cos (phi) * cos (lam), cos (phi) * sin (lam), sin (phi) };
  gdouble ex[3] = { cos (q), sin (q), 0 };      /* x' */
  gdouble ez[3] = { cos (p), sin (p), 0 };      /* z' */
  gdouble b[3], lat, lon, t;
  gint i;

  if (!g->to_mercator) {        /* a is in the transverse frame */
    for (i = 0; i < 3; i++)
      b[i] = a[0] * ex[i] + a[1] * (i == 2 ? -1 : 0) + a[2] * ez[i];
  } else {                      /* a is in the Mercator frame */
    b[0] = a[0] * ex[0] + a[1] * ex[1];
    b[1] = -a[2];
    b[2] = a[0] * ez[0] + a[1] * ez[1];
  }
  lat = atan2 (b[2], hypot (b[0], b[1]));
  lon = atan2 (b[1], b[0]);
  t = (lon + G_PI) / (2 * G_PI);
  *u = (t - floor (t)) * iw;
  *v = (psi_max - merc_y_of_lat (lat)) / (2 * psi_max) * ih;
}

static gdouble
catmull_rom (gdouble d)
{
  d = fabs (d);
  if (d <= 1)
    return (1.5 * d - 2.5) * d * d + 1;
  return d < 2 ? ((-0.5 * d + 2.5) * d - 4) * d + 2 : 0;
}

/* Samples byte @b of a plane at (u, v): columns wrap, rows clamp. */
static gdouble
oracle_sample (const guint8 * src, gint stride, gint iw, gint ih, guint bpp,
    guint b, gdouble u, gdouble v, gboolean bicubic)
{
  gdouble uc = u - 0.5, vc = v - 0.5, sum = 0, wy, wx;
  gint x0 = (gint) floor (uc), y0 = (gint) floor (vc), i, j, n, lo, xs, ys;

  n = bicubic ? 4 : 2;
  lo = bicubic ? -1 : 0;
  for (j = lo; j < lo + n; j++) {
    wy = bicubic ? catmull_rom (vc - (y0 + j)) : 1 - fabs (vc - (y0 + j));
    ys = CLAMP (y0 + j, 0, ih - 1);
    for (i = lo; i < lo + n; i++) {
      wx = bicubic ? catmull_rom (uc - (x0 + i)) : 1 - fabs (uc - (x0 + i));
      xs = ((x0 + i) % iw + iw) % iw;
      sum += wx * wy * src[ys * stride + xs * bpp + b];
    }
  }
  return CLAMP (sum, 0, 255);
}

/* The background 0xff204060 as each format stores it (BT.601 for YUV). */
static guint8
oracle_background (const gchar * format, guint plane, guint byte)
{
  static const guint8 rgb[] = { 0x20, 0x40, 0x60, 0xff };
  static const guint8 bgrx[] = { 0x60, 0x40, 0x20, 0xff };
  gint r = 0x20, g = 0x40, b = 0x60;

  if (!strcmp (format, "GRAY8"))
    return (77 * r + 150 * g + 29 * b + 128) >> 8;
  if (!strcmp (format, "I420") && plane == 0)
    return 16 + ((66 * r + 129 * g + 25 * b + 128) >> 8);
  if (!strcmp (format, "I420") && plane == 1)
    return 128 + ((-38 * r - 74 * g + 112 * b + 128) >> 8);
  if (!strcmp (format, "I420"))
    return 128 + ((112 * r - 94 * g - 18 * b + 128) >> 8);
  return !strcmp (format, "BGRx") ? bgrx[byte] : rgb[byte];
}

static const struct
{
  const gchar *format;
  guint w, h, ow, oh;
  Geo geo;
  const gchar *props;
  guint max_diff;               /* levels, after rounding */
} float_cases[] = {
  {"RGB", 720, 360, 720, 360, {FALSE, 85, 90}, "bilinear", 1},
  {"RGB", 720, 360, 720, 360, {FALSE, 85, 90}, "bicubic", 1},
  {"BGRx", 333, 171, 333, 171, {FALSE, 85, 90}, "bilinear", 1},
  {"RGBA", 256, 128, 256, 128, {TRUE, 80, -120}, "bicubic max-latitude=80 "
      "pole-longitude=-120 direction=to-mercator", 1},
  {"GRAY8", 301, 151, 301, 151, {TRUE, 85, 30}, "bilinear "
      "pole-longitude=30 direction=to-mercator", 1},
  {"I420", 321, 163, 321, 163, {FALSE, 85, 45}, "bicubic pole-longitude=45",
      1},
  {"RGB", 720, 360, 400, 300, {FALSE, 85, 90}, "bilinear", 1},
};

GST_START_TEST (test_interpolation_vs_float_oracle)
{
  const gchar *fmt = float_cases[__i__].format;
  gchar *in_caps = g_strdup_printf ("video/x-raw,format=%s,width=%u,"
      "height=%u,framerate=1/1", fmt, float_cases[__i__].w,
      float_cases[__i__].h);
  gchar *out_caps = g_strdup_printf ("video/x-raw,format=%s,width=%u,"
      "height=%u,framerate=1/1", fmt, float_cases[__i__].ow,
      float_cases[__i__].oh);
  gchar *launch = g_strdup_printf ("mercatorremap background=0xff204060 "
      "interpolation=%s", float_cases[__i__].props);
  gboolean bicubic = strstr (launch, "bicubic") != NULL;
  GstBuffer *in = make_buffer (in_caps, smooth_px), *out;
  GstVideoInfo ii, oi;
  GstVideoFrame fi, fo;
  guint p, x, y, b, bpp, iw, ih, ow, oh, diff, max_diff = 0;
  gdouble u, v, sum_diff = 0, expect;
  guint64 n = 0;

  out = remap (launch, in_caps, out_caps, gst_buffer_ref (in));
  info_from_str (&ii, in_caps);
  info_from_str (&oi, out_caps);
  fail_unless (gst_video_frame_map (&fi, &ii, in, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&fo, &oi, out, GST_MAP_READ));
  for (p = 0; p < GST_VIDEO_FRAME_N_PLANES (&fo); p++) {
    const guint8 *src = GST_VIDEO_FRAME_PLANE_DATA (&fi, p);
    const guint8 *dst = GST_VIDEO_FRAME_PLANE_DATA (&fo, p);
    gint ss = GST_VIDEO_FRAME_PLANE_STRIDE (&fi, p);

    iw = GST_VIDEO_FRAME_COMP_WIDTH (&fi, p);
    ih = GST_VIDEO_FRAME_COMP_HEIGHT (&fi, p);
    ow = GST_VIDEO_FRAME_COMP_WIDTH (&fo, p);
    oh = GST_VIDEO_FRAME_COMP_HEIGHT (&fo, p);
    bpp = GST_VIDEO_FRAME_COMP_PSTRIDE (&fi, p);
    for (y = 0; y < oh; y++) {
      for (x = 0; x < ow; x++) {
        oracle_position (&float_cases[__i__].geo, x, y, ow, oh, iw, ih, &u, &v);
        /* the edge of the source is a hard line: skip pixels on it */
        if (fabs (v) < 1e-3 || fabs (v - ih) < 1e-3)
          continue;
        for (b = 0; b < bpp; b++) {
          if (v < 0 || v > ih)
            expect = oracle_background (fmt, p, b);
          else
            expect = oracle_sample (src, ss, iw, ih, bpp, b, u, v, bicubic);
          diff = abs ((gint) lrint (expect) - dst[y *
                  GST_VIDEO_FRAME_PLANE_STRIDE (&fo, p) + x * bpp + b]);
          if (diff > float_cases[__i__].max_diff && max_diff <=
              float_cases[__i__].max_diff)
            GST_ERROR
                ("%s: plane %u pixel %u,%u byte %u: %u, oracle %.2f (u %f v %f)",
                launch, p, x, y, b, dst[y * GST_VIDEO_FRAME_PLANE_STRIDE (&fo,
                        p) + x * bpp + b], expect, u, v);
          max_diff = MAX (max_diff, diff);
          sum_diff += diff;
          n++;
        }
      }
    }
  }
  GST_INFO ("%s %s: max diff %u, mean %.4f", fmt, launch, max_diff,
      sum_diff / n);
  fail_unless (max_diff <= float_cases[__i__].max_diff,
      "%s: max diff %u > %u", launch, max_diff, float_cases[__i__].max_diff);
  fail_unless (sum_diff / n < 0.1, "%s: mean diff %f", launch, sum_diff / n);
  gst_video_frame_unmap (&fi);
  gst_video_frame_unmap (&fo);
  gst_buffer_unref (in);
  gst_buffer_unref (out);
  g_free (in_caps);
  g_free (out_caps);
  g_free (launch);
}

GST_END_TEST;

/* ---- inverse ---- */

/* to-transverse then to-mercator gives the map back where both maps are
 * well conditioned: away from the old poles (|latitude| <= 60°) and from
 * the new ones (|transverse latitude| <= 60°). */
GST_START_TEST (test_round_trip)
{
  const gchar *interp[] = { "bilinear", "bicubic" };
  const gdouble min_psnr[] = { 40.0, 50.0 };
  const gchar *caps = "video/x-raw,format=RGB,width=720,height=360,"
      "framerate=1/1";
  gchar *launch = g_strdup_printf ("mercatorremap interpolation=%s ! "
      "mercatorremap direction=to-mercator interpolation=%s",
      interp[__i__], interp[__i__]);
  GstBuffer *in = make_buffer (caps, smooth_px), *out;
  GstVideoInfo info;
  GstVideoFrame fi, fo;
  gdouble psi_max = merc_y_of_lat (85 * G_PI / 180), lat, lam, se = 0, psnr;
  guint x, y, b, n = 0;
  gint d;

  out = remap (launch, caps, NULL, gst_buffer_ref (in));
  info_from_str (&info, caps);
  fail_unless (gst_video_frame_map (&fi, &info, in, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&fo, &info, out, GST_MAP_READ));
  for (y = 0; y < 360; y++) {
    lat = atan (sinh (psi_max * (1 - 2 * (y + 0.5) / 360)));
    for (x = 0; x < 720; x++) {
      lam = (x + 0.5) / 720 * 2 * G_PI - G_PI;
      if (fabs (lat) > G_PI / 3 || fabs (cos (lat) * sin (lam)) >
          sin (G_PI / 3))
        continue;
      for (b = 0; b < 3; b++) {
        d = ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&fi, 0))[y *
            GST_VIDEO_FRAME_PLANE_STRIDE (&fi, 0) + 3 * x + b] -
            ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&fo, 0))[y *
            GST_VIDEO_FRAME_PLANE_STRIDE (&fo, 0) + 3 * x + b];
        se += d * d;
        n++;
      }
    }
  }
  psnr = im_test_psnr_se (se, n);
  GST_INFO ("round trip %s: PSNR %.2f dB over %u samples", interp[__i__],
      psnr, n);
  fail_unless (n > 3 * 720 * 360 / 4);
  fail_unless (psnr >= min_psnr[__i__], "%s round trip: PSNR %.2f < %.1f dB",
      interp[__i__], psnr, min_psnr[__i__]);
  gst_video_frame_unmap (&fi);
  gst_video_frame_unmap (&fo);
  gst_buffer_unref (in);
  gst_buffer_unref (out);
  g_free (launch);
}

GST_END_TEST;

/* ---- determinism ---- */

static const struct
{
  guint workers, chunk;
} det[] = {
  {1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 16}, {1, 0},
  {2, 1}, {2, 2}, {2, 3}, {2, 4}, {2, 16}, {2, 0},
  {5, 1}, {5, 2}, {5, 3}, {5, 4}, {5, 16}, {5, 0},
};

static const struct
{
  const gchar *caps, *props;
} det_streams[] = {
  {"video/x-raw,format=RGB,width=333,height=171,framerate=1/1",
      "interpolation=bicubic"},
  {"video/x-raw,format=I420,width=321,height=163,framerate=1/1",
      "interpolation=bilinear direction=to-mercator pole-longitude=10"},
  {"video/x-raw,format=GRAY8,width=257,height=129,framerate=1/1",
      "interpolation=nearest reference-rounding=true"},
};

static GBytes *
run_det (guint stream, guint workers, guint chunk)
{
  const gchar *caps = det_streams[stream].caps;
  gchar *launch = g_strdup_printf ("mercatorremap workers=%u chunk-rows=%u %s",
      workers, chunk, det_streams[stream].props);
  GstBuffer *out = remap (launch, caps, NULL, make_buffer (caps, noise_px));
  GBytes *bytes = frame_bytes (out, caps);

  gst_buffer_unref (out);
  g_free (launch);
  return bytes;
}

GST_START_TEST (test_same_bytes_any_workers)
{
  guint s;

  for (s = 0; s < G_N_ELEMENTS (det_streams); s++) {
    GBytes *ref = run_det (s, 1, 0);
    GBytes *got = run_det (s, det[__i__].workers, det[__i__].chunk);

    fail_unless (g_bytes_equal (ref, got), "%s: workers=%u chunk-rows=%u "
        "differ", det_streams[s].props, det[__i__].workers, det[__i__].chunk);
    g_bytes_unref (ref);
    g_bytes_unref (got);
  }
}

GST_END_TEST;

/* workers and chunk-rows change while frames flow: the output never does. */
GST_START_TEST (test_stress_workers_chunk_rows)
{
  const gchar *caps = det_streams[0].caps;
  GstHarness *h = gst_harness_new ("mercatorremap");
  GBytes *ref = run_det (0, 1, 0), *got;
  GstHarnessThread *t1, *t2;
  GValue workers = G_VALUE_INIT, chunk = G_VALUE_INIT;
  GstBuffer *out;
  guint i;

  g_value_init (&workers, G_TYPE_UINT);
  g_value_set_uint (&workers, 3);
  g_value_init (&chunk, G_TYPE_UINT);
  g_value_set_uint (&chunk, 5);
  g_object_set (h->element, "interpolation", 2, NULL);
  gst_harness_set_caps_str (h, caps, caps);
  t1 = gst_harness_stress_property_start_full (h, "workers", &workers, 1000);
  t2 = gst_harness_stress_property_start_full (h, "chunk-rows", &chunk, 700);
  for (i = 0; i < 20; i++) {
    out = gst_harness_push_and_pull (h, make_buffer (caps, noise_px));
    got = frame_bytes (out, caps);
    fail_unless (g_bytes_equal (ref, got), "frame %u differs", i);
    g_bytes_unref (got);
    gst_buffer_unref (out);
  }
  gst_harness_stress_thread_stop (t1);
  gst_harness_stress_thread_stop (t2);
  g_value_unset (&workers);
  g_value_unset (&chunk);
  g_bytes_unref (ref);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* ---- the table follows caps and properties ---- */

GST_START_TEST (test_caps_change_rebuilds_table)
{
  const gchar *a = "video/x-raw,format=RGB,width=320,height=160,"
      "framerate=1/1";
  const gchar *steps[][2] = {
    {"video/x-raw,format=RGB,width=200,height=100,framerate=1/1", NULL},
    {"video/x-raw,format=GRAY8,width=201,height=99,framerate=1/1", NULL},
    {"video/x-raw,format=BGRx,width=160,height=80,framerate=1/1",
        "video/x-raw,format=BGRx,width=90,height=70,framerate=1/1"},
  };
  GstHarness *h = gst_harness_new_parse ("mercatorremap "
      "interpolation=bicubic workers=2");
  GstElement *element;
  GstBuffer *out, *fresh;
  GBytes *b1, *b2;
  guint i;

  gst_harness_set_caps_str (h, a, a);
  gst_buffer_unref (gst_harness_push_and_pull (h, make_buffer (a, noise_px)));
  for (i = 0; i < G_N_ELEMENTS (steps); i++) {
    const gchar *in = steps[i][0], *outc = steps[i][1] ? steps[i][1] : in;

    gst_harness_set_caps_str (h, in, outc);
    out = gst_harness_push_and_pull (h, make_buffer (in, noise_px));
    fresh = remap ("mercatorremap interpolation=bicubic workers=1", in, outc,
        make_buffer (in, noise_px));
    b1 = frame_bytes (out, outc);
    b2 = frame_bytes (fresh, outc);
    fail_unless (g_bytes_equal (b1, b2), "after caps %s the output differs "
        "from a fresh element's", in);
    g_bytes_unref (b1);
    g_bytes_unref (b2);
    gst_buffer_unref (out);
    gst_buffer_unref (fresh);
  }
  /* a geometry property changed mid-stream rebuilds the table too */
  element = gst_harness_find_element (h, "mercatorremap");
  g_object_set (element, "interpolation", 0, "pole-longitude", 0.0, NULL);
  gst_object_unref (element);
  out = gst_harness_push_and_pull (h, make_buffer (steps[2][0], noise_px));
  fresh = remap ("mercatorremap interpolation=nearest pole-longitude=0",
      steps[2][0], steps[2][1], make_buffer (steps[2][0], noise_px));
  b1 = frame_bytes (out, steps[2][1]);
  b2 = frame_bytes (fresh, steps[2][1]);
  fail_unless (g_bytes_equal (b1, b2), "property change not applied");
  g_bytes_unref (b1);
  g_bytes_unref (b2);
  gst_buffer_unref (out);
  gst_buffer_unref (fresh);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Without a size from downstream, the output keeps the input's size. */
GST_START_TEST (test_output_size_follows_input)
{
  GstHarness *h = gst_harness_new_parse ("mercatorremap");
  GstCaps *caps;
  GstStructure *s;
  gint w = 0, hh = 0;

  gst_harness_set_src_caps_str (h, "video/x-raw,format=RGB,width=35,"
      "height=17,framerate=1/1");
  gst_buffer_unref (gst_harness_push_and_pull (h,
          make_buffer ("video/x-raw,format=RGB,width=35,height=17", noise_px)));
  caps = gst_pad_get_current_caps (h->sinkpad);
  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_get_int (s, "width", &w));
  fail_unless (gst_structure_get_int (s, "height", &hh));
  fail_unless_equals_int (w, 35);
  fail_unless_equals_int (hh, 17);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
mercatorremap_suite (void)
{
  Suite *s = suite_create ("mercatorremap");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_reference_rounding_equals_seed, 0,
      G_N_ELEMENTS (seed_sizes));
  tcase_add_loop_test (tc, test_interpolation_vs_float_oracle, 0,
      G_N_ELEMENTS (float_cases));
  tcase_add_loop_test (tc, test_round_trip, 0, 2);
  tcase_add_loop_test (tc, test_same_bytes_any_workers, 0, G_N_ELEMENTS (det));
  tcase_add_test (tc, test_stress_workers_chunk_rows);
  tcase_add_test (tc, test_caps_change_rebuilds_table);
  tcase_add_test (tc, test_output_size_follows_input);
  return s;
}

GST_CHECK_MAIN (mercatorremap);
