/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment on camera formats (NV12, I420, YV12, YUY2, UYVY) without a
 * conversion: a smooth RGB image goes through augment as RGB, and as YUV
 * made by videoconvert (GStreamer's, not ours) and brought back to RGB by
 * videoconvert; the two must agree within the round trip's own error.
 * Chroma siting: a one-sample chroma pattern lands where the siting says,
 * computed here in double. A transform without a meaning on YUV is
 * refused at negotiation, naming it.
 */
#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include "imtest.h"

#define W 192
#define H 144

static const gchar *const formats[] = { "NV12", "I420", "YV12", "YUY2",
  "UYVY"
};

/* transforms and the mean |RGB - YUV path| they may add to the round
 * trip's own (levels) */
static const struct
{
  const gchar *transforms;
  gdouble bound;
} cases[] = {
  {"HorizontalFlip(p=1)", 0.5},
  {"VerticalFlip(p=1), Transpose(p=1)", 0.5},
  {"Rotate(limit=[20,30], p=1)", 1.0},
  {"Affine(scale=[0.8,1.1], shear=[-10,10], p=1)", 1.0},
  {"RandomResizedCrop(size=[100,140], p=1)", 1.0},
  {"Perspective(scale=[0.05,0.1], p=1)", 1.0},
  {"GridDistortion(p=1)", 1.0},
  {"ElasticTransform(alpha=20, sigma=6, p=1)", 1.0},
  {"PadIfNeeded(min_height=180, min_width=220, p=1)", 0.5},
  {"Resize(height=97, width=131, p=1)", 1.0},
  {"RandomBrightnessContrast(p=1)", 1.5},
  {"RandomGamma(p=1)", 2.0},
  {"ColorJitter(hue=[0,0], p=1)", 2.0},
  /* hue turns (Cb, Cr); HSV's hue wheel is piecewise linear: on this
   * image an 18 degree turn is 8.6 levels from OpenCV's HSV shift, and
   * no turn at all 9.3 (computed with cv2 in double) */
  {"ColorJitter(brightness=[1,1], contrast=[1,1], saturation=[1,1], "
        "hue=[0.05,0.05], p=1)", 7.0},
  {"ToGray(p=1)", 2.0},
  {"GaussianBlur(sigma_limit=[1,2], p=1)", 1.0},
  {"MedianBlur(p=1)", 1.0},
  {"Rotate(limit=[-15,-15], p=1), RandomResizedCrop(size=[120,160], p=1), "
        "ColorJitter(hue=[0,0], p=1), GaussianBlur(p=1)", 2.0},
};

/* smooth colours, moderately saturated */
static GstBuffer *
smooth_rgb (void)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, W * H * 3, NULL);
  GstMapInfo map;
  guint x, y;
  guint8 *p;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++) {
      p = map.data + (y * W + x) * 3;
      p[0] = 40 + 170 * x / W;
      p[1] = 60 + 150 * y / H;
      p[2] = 128 + 80 * sin (x * 0.05 + y * 0.03);
    }
  gst_buffer_unmap (buf, &map);
  return buf;
}

/* One smooth frame through "videoconvert ! @format ! augment ! videoconvert"
 * (@format NULL: RGB, no conversions): the RGB pixels, W' x H' x 3 packed. */
static GBytes *
run (const gchar * format, const gchar * transforms, const gchar * extra,
    guint * w, guint * h)
{
  gchar *launch = format ?
      g_strdup_printf ("appsrc name=src ! videoconvert dither=none ! "
      "video/x-raw,format=%s ! augment seed=11 transforms=\"%s\" %s ! "
      "videoconvert dither=none ! "
      "video/x-raw,format=RGB ! appsink name=sink", format, transforms,
      extra) : g_strdup_printf ("appsrc name=src ! augment seed=11 "
      "transforms=\"%s\" %s ! appsink name=sink", transforms, extra);
  GstElement *pipeline = gst_parse_launch (launch, NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstCaps *caps = gst_caps_new_simple ("video/x-raw", "format",
      G_TYPE_STRING, "RGB", "width", G_TYPE_INT, W, "height", G_TYPE_INT, H,
      "framerate", GST_TYPE_FRACTION, 25, 1, NULL);
  GstSample *sample = NULL;
  GstFlowReturn ret;
  GstVideoInfo info;
  GstVideoFrame frame;
  GByteArray *px = g_byte_array_new ();
  GstBuffer *buf;
  guint y;

  g_object_set (src, "caps", caps, "format", GST_FORMAT_TIME, NULL);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  buf = smooth_rgb ();
  g_signal_emit_by_name (src, "push-buffer", buf, &ret);
  gst_buffer_unref (buf);
  fail_unless_equals_int (ret, GST_FLOW_OK);
  g_signal_emit_by_name (src, "end-of-stream", &ret);
  g_signal_emit_by_name (sink, "pull-sample", &sample);
  fail_unless (sample != NULL, "%s: no output", launch);
  fail_unless (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  fail_unless (gst_video_frame_map (&frame, &info,
          gst_sample_get_buffer (sample), GST_MAP_READ));
  for (y = 0; y < (guint) info.height; y++)
    g_byte_array_append (px, (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)
        + y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), info.width * 3);
  gst_video_frame_unmap (&frame);
  *w = info.width;
  *h = info.height;
  gst_sample_unref (sample);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_caps_unref (caps);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  g_free (launch);
  return g_byte_array_free_to_bytes (px);
}

static gboolean
info_from_caps_string (GstVideoInfo * info, const gchar * text)
{
  GstCaps *caps = gst_caps_from_string (text);
  gboolean ok = gst_video_info_from_caps (info, caps);

  gst_caps_unref (caps);
  return ok;
}

static gdouble
mean_abs_diff (GBytes * a, GBytes * b)
{
  gsize n, i;
  const guint8 *pa = g_bytes_get_data (a, &n), *pb = g_bytes_get_data (b,
      NULL);
  gdouble sum = 0;

  fail_unless_equals_int (n, g_bytes_get_size (b));
  for (i = 0; i < n; i++)
    sum += ABS (pa[i] - pb[i]);
  return sum / n;
}

GST_START_TEST (test_yuv_as_rgb)
{
  const gchar *format = formats[__i__ % G_N_ELEMENTS (formats)];
  GBytes *rgb, *yuv, *id_rgb, *id_yuv;
  guint w, h, w2, h2, i;
  gdouble base, d;

  id_rgb = run (NULL, "HorizontalFlip(p=0)", "", &w, &h);
  id_yuv = run (format, "HorizontalFlip(p=0)", "", &w, &h);
  base = mean_abs_diff (id_rgb, id_yuv);
  GST_INFO ("%s: the round trip alone: %.2f", format, base);
  fail_unless (base < 4, "%s round trip %.2f", format, base);
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    rgb = run (NULL, cases[i].transforms, "", &w, &h);
    yuv = run (format, cases[i].transforms, "", &w2, &h2);
    fail_unless (w == w2 && h == h2, "%s %s: %ux%u, RGB %ux%u", format,
        cases[i].transforms, w2, h2, w, h);
    d = mean_abs_diff (rgb, yuv);
    GST_INFO ("%s %s: %.2f", format, cases[i].transforms, d);
    fail_unless (d <= base + cases[i].bound, "%s %s: mean difference %.2f, "
        "round trip %.2f", format, cases[i].transforms, d, base);
    g_bytes_unref (rgb);
    g_bytes_unref (yuv);
  }
  g_bytes_unref (id_rgb);
  g_bytes_unref (id_yuv);
}

GST_END_TEST;

/* An I420 frame, Y and V flat, U flat but for one sample, through a flip:
 * the sample lands where the siting puts it, computed here: output chroma
 * sample j is at luma f j + o, which the flip reads from luma W - 1 -
 * (f j + o), chroma ((W - 1 - f j - o) - o) / f, sampled linearly. */
static void
check_siting (const gchar * site, gdouble ox, gdouble oy, gboolean vertical)
{
  const guint cw = W / 2, ch = H / 2, hot_x = 7, hot_y = 5;
  gchar *caps = g_strdup_printf ("video/x-raw,format=I420,width=%d,"
      "height=%d,framerate=25/1,chroma-site=%s", W, H, site);
  GstHarness *h = gst_harness_new_parse (vertical ?
      "augment transforms=\"VerticalFlip(p=1)\"" :
      "augment transforms=\"HorizontalFlip(p=1)\"");
  GstVideoInfo info;
  GstBuffer *in, *out;
  GstVideoFrame f;
  gdouble s, t, want;
  guint i, j;
  guint8 *u;

  gst_harness_set_src_caps_str (h, caps);
  fail_unless (info_from_caps_string (&info, caps));
  in = gst_buffer_new_allocate (NULL, info.size, NULL);
  fail_unless (gst_video_frame_map (&f, &info, in, GST_MAP_WRITE));
  memset (GST_VIDEO_FRAME_PLANE_DATA (&f, 0), 100, info.size);
  for (j = 0; j < ch; j++)
    memset ((guint8 *) GST_VIDEO_FRAME_COMP_DATA (&f, 1) +
        j * GST_VIDEO_FRAME_COMP_STRIDE (&f, 1), 128, cw);
  ((guint8 *) GST_VIDEO_FRAME_COMP_DATA (&f, 1))[hot_y *
      GST_VIDEO_FRAME_COMP_STRIDE (&f, 1) + hot_x] = 228;
  gst_video_frame_unmap (&f);
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  out = gst_harness_pull (h);
  fail_unless (gst_video_frame_map (&f, &info, out, GST_MAP_READ));
  for (j = 0; j < ch; j++)
    for (i = 0; i < cw; i++) {
      /* where (i, j) reads, in chroma samples */
      s = vertical ? i : ((W - 1 - (2.0 * i + ox)) - ox) / 2;
      t = vertical ? ((H - 1 - (2.0 * j + oy)) - oy) / 2 : j;
      want = 128 + 100 * MAX (0, 1 - fabs (s - hot_x))
          * MAX (0, 1 - fabs (t - hot_y));
      u = (guint8 *) GST_VIDEO_FRAME_COMP_DATA (&f, 1) +
          j * GST_VIDEO_FRAME_COMP_STRIDE (&f, 1);
      fail_unless (fabs (u[i] - want) <= 1, "%s: U (%u, %u) = %u, want %.1f",
          site, i, j, u[i], want);
    }
  gst_video_frame_unmap (&f);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (caps);
}

GST_START_TEST (test_chroma_siting)
{
  check_siting ("jpeg", 0.5, 0.5, FALSE);
  check_siting ("jpeg", 0.5, 0.5, TRUE);
  check_siting ("mpeg2", 0, 0.5, FALSE);
  check_siting ("mpeg2", 0, 0.5, TRUE);
  check_siting ("dv", 0, 0, TRUE);
}

GST_END_TEST;

/* RGBShift has no meaning on NV12: the sink caps leave YUV out once the
 * pipeline is known, and NV12 forced on it fails negotiation, with a
 * warning naming it. */
GST_START_TEST (test_refused_on_yuv)
{
  GstElement *pipeline = gst_parse_launch ("videotestsrc num-buffers=1 ! "
      "video/x-raw,format=NV12,width=64,height=48 ! augment name=aug "
      "transforms=\"HorizontalFlip(), RGBShift(p=1)\" ! fakesink", NULL);
  GstElement *aug = gst_bin_get_by_name (GST_BIN (pipeline), "aug");
  GstPad *sink = gst_element_get_static_pad (aug, "sink");
  GstBus *bus = gst_element_get_bus (pipeline);
  GstCaps *caps, *nv12 = gst_caps_from_string ("video/x-raw,format=NV12");
  gchar *text;

  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "RGBShift") && strstr (text, "YUV"), "%s",
      text);
  g_free (text);
  caps = gst_pad_query_caps (sink, NULL);
  fail_if (gst_caps_can_intersect (caps, nv12), "%" GST_PTR_FORMAT, caps);
  gst_caps_unref (caps);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_caps_unref (nv12);
  gst_object_unref (sink);
  gst_object_unref (bus);
  gst_object_unref (aug);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* Same bytes whatever the workers and bands, on every YUV format. */
GST_START_TEST (test_yuv_same_bytes)
{
  const gchar *format = formats[__i__];
  const gchar *t = "Rotate(limit=30, p=1), RandomResizedCrop(size=[90,130], "
      "p=1), ColorJitter(p=1), GaussianBlur(p=1), GaussNoise(p=1)";
  GBytes *ref = NULL, *got;
  gchar *props;
  guint w, h, i;

  for (i = 0; i < 3; i++) {
    props = g_strdup_printf ("workers=%u chunk-rows=%u", i + 1,
        i == 0 ? 0 : 5 + 2 * i);
    got = run (format, t, props, &w, &h);
    if (ref) {
      fail_unless (g_bytes_equal (ref, got), "%s: workers=%u differs",
          format, i + 1);
      g_bytes_unref (got);
    } else {
      ref = got;
    }
    g_free (props);
  }
  g_bytes_unref (ref);
}

GST_END_TEST;

static Suite *
augmentyuv_suite (void)
{
  Suite *s = suite_create ("augmentyuv");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_yuv_as_rgb, 0, G_N_ELEMENTS (formats));
  tcase_add_loop_test (tc, test_yuv_same_bytes, 0, G_N_ELEMENTS (formats));
  tcase_add_test (tc, test_chroma_siting);
  tcase_add_test (tc, test_refused_on_yuv);
  return s;
}

GST_CHECK_MAIN (augmentyuv);
