/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * gst_im_color_profile_apply() on frames whose file embeds a Display P3, an
 * Adobe RGB or a grey gamma-1.8 profile (built here with Little CMS, from
 * the published primaries and curves): srgb equals Little CMS' own double
 * precision transform of the same pixels to its sRGB within one level, in
 * every pixel layout, with and without worker bands (same bytes); keep
 * carries the bytes and leaves the pixels; a profile for other pixels, or
 * one Little CMS cannot read, converts nothing. Runs under ASan/UBSan,
 * where the Python tests do not.
 */
#include <lcms2.h>
#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimencoder.h>
#include <gst/imagemill/gstimprofilemeta.h>
#include "imtest.h"

#define W 97
#define H 203                   /* several 64-row bands */

static GBytes *
save (cmsHPROFILE p)
{
  cmsUInt32Number n = 0;
  guint8 *d;

  fail_unless (cmsSaveProfileToMem (p, NULL, &n));
  d = g_malloc (n);
  cmsSaveProfileToMem (p, d, &n);
  cmsCloseProfile (p);
  return g_bytes_new_take (d, n);
}

static cmsHPROFILE
rgb_profile (const gdouble xy[6], cmsToneCurve * curve)
{
  cmsCIExyY white = { 0.3127, 0.3290, 1 };
  cmsCIExyYTRIPLE prim = { {xy[0], xy[1], 1}, {xy[2], xy[3], 1},
  {xy[4], xy[5], 1}
  };
  cmsToneCurve *c[3] = { curve, curve, curve };
  cmsHPROFILE p = cmsCreateRGBProfile (&white, &prim, c);

  cmsFreeToneCurve (curve);
  return p;
}

static GBytes *
p3_profile (void)
{
  static const gdouble xy[6] = { 0.680, 0.320, 0.265, 0.690, 0.150, 0.060 };
  const cmsFloat64Number srgb_trc[5] = { 2.4, 1 / 1.055, 0.055 / 1.055,
    1 / 12.92, 0.04045
  };
  return save (rgb_profile (xy, cmsBuildParametricToneCurve (NULL, 4,
              srgb_trc)));
}

static GBytes *
adobe_profile (void)
{
  static const gdouble xy[6] = { 0.64, 0.33, 0.21, 0.71, 0.15, 0.06 };
  return save (rgb_profile (xy, cmsBuildGamma (NULL, 563.0 / 256)));
}

static GBytes *
gray_profile (void)
{
  cmsCIExyY white = { 0.3127, 0.3290, 1 };
  cmsToneCurve *g = cmsBuildGamma (NULL, 1.8);
  cmsHPROFILE p = cmsCreateGrayProfile (&white, g);

  cmsFreeToneCurve (g);
  return save (p);
}

/* A small PNG (our encoder; its iCCP is checked against PIL elsewhere)
 * that embeds @icc: what apply() reads the profile from. */
static GBytes *
png_with (GBytes * icc)
{
  GstImEncoder *enc = gst_im_encoder_new ();
  guint8 px[8 * 8 * 3] = { 0, };
  GstImEncodeSettings s;
  const guint8 *data;
  gsize size;
  GBytes *file;

  gst_im_encode_settings_init (&s, GST_IM_ENCODE_PNG);
  s.icc_profile = icc;
  fail_unless (gst_im_encoder_encode (enc, &s, GST_VIDEO_FORMAT_RGB, 8, 8,
          px, 24, &data, &size, NULL));
  file = g_bytes_new (data, size);
  gst_im_encoder_free (enc);
  return file;
}

static GstBuffer *
random_frame (GstVideoInfo * info, GstVideoFormat format, guint32 seed)
{
  GstBuffer *buf;
  GstMapInfo map;
  GRand *r = g_rand_new_with_seed (seed);
  gsize i;

  gst_video_info_set_format (info, format, W, H);
  buf = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (info), NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (i = 0; i < map.size; i++)
    map.data[i] = g_rand_int_range (r, 0, 256);
  gst_buffer_unmap (buf, &map);
  g_rand_free (r);
  return buf;
}

static GBytes *
profile_of (GstBuffer * buf)
{
  GstImProfileMeta *m = gst_buffer_get_im_profile_meta (buf);

  return m ? m->icc : NULL;
}

/* srgb on @format pixels against cmsDoTransform in double precision. */
static void
check_srgb (GBytes * icc, GstVideoFormat format, GstImWorkerPool * pool,
    GstBuffer ** out)
{
  const GstVideoFormatInfo *fi = gst_video_format_get_info (format);
  gboolean gray = GST_VIDEO_FORMAT_INFO_IS_GRAY (fi);
  guint ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (fi, 0), x, y, c, worst = 0;
  gint off[3] = { GST_VIDEO_FORMAT_INFO_POFFSET (fi, 0),
    GST_VIDEO_FORMAT_INFO_POFFSET (fi, 1), GST_VIDEO_FORMAT_INFO_POFFSET (fi,
        2)
  };
  GstVideoInfo info;
  GstBuffer *buf = random_frame (&info, format, 7);
  GstMapInfo before, after;
  cmsHPROFILE in = cmsOpenProfileFromMem (g_bytes_get_data (icc, NULL),
      g_bytes_get_size (icc));
  cmsHPROFILE to;
  cmsHTRANSFORM xf;
  GBytes *file;
  guint8 *orig;

  if (gray) {
    cmsCIExyY white = { 0.3127, 0.3290, 1 };
    const cmsFloat64Number p[5] = { 2.4, 1 / 1.055, 0.055 / 1.055,
      1 / 12.92, 0.04045
    };
    cmsToneCurve *t = cmsBuildParametricToneCurve (NULL, 4, p);
    to = cmsCreateGrayProfile (&white, t);
    cmsFreeToneCurve (t);
  } else {
    to = cmsCreate_sRGBProfile ();
  }
  xf = cmsCreateTransform (in, gray ? TYPE_GRAY_DBL : TYPE_RGB_DBL, to,
      gray ? TYPE_GRAY_DBL : TYPE_RGB_DBL, INTENT_PERCEPTUAL,
      cmsFLAGS_NOOPTIMIZE);
  fail_unless (xf != NULL);

  gst_buffer_map (buf, &before, GST_MAP_READ);
  orig = g_memdup2 (before.data, before.size);
  file = png_with (icc);
  gst_buffer_unmap (buf, &before);

  gst_im_color_profile_apply (buf, &info, g_bytes_get_data (file, NULL),
      g_bytes_get_size (file), GST_IM_COLOR_PROFILE_SRGB, pool);
  fail_unless (profile_of (buf) != NULL, "%s: no sRGB profile carried",
      gst_video_format_to_string (format));

  gst_buffer_map (buf, &after, GST_MAP_READ);
  for (y = 0; y < H; y++) {
    for (x = 0; x < W; x++) {
      gsize at = (gsize) y * GST_VIDEO_INFO_PLANE_STRIDE (&info, 0) + x * ps;
      gdouble v[3], o[3];
      guint n = gray ? 1 : 3;

      for (c = 0; c < n; c++)
        v[c] = orig[at + off[c]] / 255.0;
      cmsDoTransform (xf, v, o, 1);
      for (c = 0; c < n; c++) {
        gint want = (gint) CLAMP (lrint (o[c] * 255), 0, 255);
        worst = MAX (worst, (guint) ABS (after.data[at + off[c]] - want));
      }
      /* alpha and padding untouched */
      for (c = 0; c < ps; c++)
        if (gray || (c != (guint) off[0] && c != (guint) off[1]
                && c != (guint) off[2]))
          fail_unless (gray || after.data[at + c] == orig[at + c]);
    }
  }
  GST_INFO ("%s: worst %u levels", gst_video_format_to_string (format),
      worst);
  fail_unless (worst <= 1, "%s: %u levels from Little CMS",
      gst_video_format_to_string (format), worst);
  gst_buffer_unmap (buf, &after);

  g_free (orig);
  g_bytes_unref (file);
  cmsDeleteTransform (xf);
  cmsCloseProfile (in);
  cmsCloseProfile (to);
  *out = buf;
}

static gboolean
same_pixels (GstBuffer * a, GstBuffer * b)
{
  GstMapInfo ma, mb;
  gboolean same;

  gst_buffer_map (a, &ma, GST_MAP_READ);
  gst_buffer_map (b, &mb, GST_MAP_READ);
  same = ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0;
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  return same;
}

static const GstVideoFormat rgb_formats[] = { GST_VIDEO_FORMAT_RGB,
  GST_VIDEO_FORMAT_BGR, GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_BGRx,
  GST_VIDEO_FORMAT_ARGB
};

GST_START_TEST (test_srgb_rgb_layouts)
{
  GBytes *icc[2] = { p3_profile (), adobe_profile () };
  GstImWorkerPool *pool = gst_im_worker_pool_new (3, NULL);
  guint i, f;

  for (i = 0; i < 2; i++) {
    for (f = 0; f < G_N_ELEMENTS (rgb_formats); f++) {
      GstBuffer *alone, *banded;

      check_srgb (icc[i], rgb_formats[f], NULL, &alone);
      check_srgb (icc[i], rgb_formats[f], pool, &banded);
      fail_unless (same_pixels (alone, banded), "bands changed the bytes");
      gst_buffer_unref (alone);
      gst_buffer_unref (banded);
    }
    g_bytes_unref (icc[i]);
  }
  gst_im_worker_pool_free (pool);
}

GST_END_TEST;

GST_START_TEST (test_srgb_gray)
{
  GBytes *icc = gray_profile ();
  GstBuffer *buf;

  check_srgb (icc, GST_VIDEO_FORMAT_GRAY8, NULL, &buf);
  gst_buffer_unref (buf);
  g_bytes_unref (icc);
}

GST_END_TEST;

/* keep: the bytes carried, pixels untouched; strip: nothing. A profile for
 * other pixels (RGB on grey) is carried by neither and converts nothing;
 * bytes Little CMS cannot read are kept under keep and convert nothing. */
GST_START_TEST (test_keep_strip_mismatch_broken)
{
  GBytes *p3 = p3_profile (), *broken, *file;
  GstVideoInfo info;
  GstBuffer *buf, *ref;
  guint8 junk[600];
  guint i;

  for (i = 0; i < sizeof (junk); i++)
    junk[i] = (guint8) (i * 131 + 7);
  memcpy (junk + 16, "RGB ", 4);
  broken = g_bytes_new (junk, sizeof (junk));

  for (i = 0; i < 5; i++) {
    GstImColorProfile mode = i == 1 ? GST_IM_COLOR_PROFILE_STRIP :
        i == 0 || i == 3 ? GST_IM_COLOR_PROFILE_KEEP :
        GST_IM_COLOR_PROFILE_SRGB;
    GstVideoFormat format = i >= 2 && i <= 3 ? GST_VIDEO_FORMAT_GRAY8 :
        GST_VIDEO_FORMAT_RGB;
    GBytes *icc = i == 4 ? broken : p3;
    GBytes *got;

    buf = random_frame (&info, format, 3);
    ref = random_frame (&info, format, 3);
    file = png_with (icc);
    gst_im_color_profile_apply (buf, &info, g_bytes_get_data (file, NULL),
        g_bytes_get_size (file), mode, NULL);
    got = profile_of (buf);
    fail_unless (same_pixels (buf, ref), "case %u: pixels changed", i);
    if (i == 0)
      fail_unless (got && g_bytes_equal (got, p3), "keep: not carried");
    else
      fail_unless (got == NULL, "case %u: a profile carried", i);
    gst_buffer_unref (buf);
    gst_buffer_unref (ref);
    g_bytes_unref (file);
  }
  g_bytes_unref (p3);
  g_bytes_unref (broken);
}

GST_END_TEST;

static Suite *
color_suite (void)
{
  Suite *s = suite_create ("color");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_srgb_rgb_layouts);
  tcase_add_test (tc, test_srgb_gray);
  tcase_add_test (tc, test_keep_strip_mismatch_broken);
  return s;
}

GST_CHECK_MAIN (color);
