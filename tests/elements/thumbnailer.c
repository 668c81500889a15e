/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * thumbnailer against independent oracles: output sizes from the box rules
 * written out here, EXIF orientation from 2x2 quadrant maps, and quality
 * from a double-precision Lanczos3 downscale of the full-resolution decode
 * (a plain separable loop, no fixed point, no shrink-on-load).
 */
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>
#include "imtest.h"
#include <turbojpeg.h>

/* sanitizer builds run the reference on the small images only */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

enum
{ FIT, FILL, PAD, STRETCH };

static gchar *gen_dir;          /* imagemill-gen --set tests, per run */
static gchar *photo_dir;        /* imagemill-gen --set photos, small */

/* ---- helpers ---- */

/* A harness around a thumbnailer with @props ("name=value ...") set. */
static GstHarness *
new_thumbnailer (const gchar * in_caps, const gchar * out_format,
    const gchar * props)
{
  GstHarness *h = gst_harness_new ("thumbnailer");
  gchar *out_caps = g_strdup_printf ("video/x-raw,format=%s", out_format);
  gchar **kv = g_strsplit (props ? props : "", " ", -1), **p;

  for (p = kv; *p; p++) {
    gchar **pair = g_strsplit (*p, "=", 2);

    if (pair[0] && pair[1])
      gst_util_set_object_arg (G_OBJECT (h->element), pair[0], pair[1]);
    g_strfreev (pair);
  }
  g_strfreev (kv);
  gst_harness_set_src_caps_str (h, in_caps);
  gst_harness_set_sink_caps_str (h, out_caps);
  g_free (out_caps);
  return h;
}

/* The visible pixels of a frame, packed; its size from the video meta. */
static guint8 *
frame_pixels (GstBuffer * buf, guint bpp, guint * width, guint * height)
{
  GstVideoMeta *vmeta = gst_buffer_get_video_meta (buf);
  GstMapInfo map;
  guint8 *px;
  guint y;

  fail_unless (vmeta != NULL, "no video meta");
  *width = vmeta->width;
  *height = vmeta->height;
  px = g_malloc ((gsize) vmeta->width * vmeta->height * bpp);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  for (y = 0; y < vmeta->height; y++)
    memcpy (px + (gsize) y * vmeta->width * bpp, map.data + vmeta->offset[0] +
        (gsize) y * vmeta->stride[0], (gsize) vmeta->width * bpp);
  gst_buffer_unmap (buf, &map);
  return px;
}

/* A raw RGB frame: a flat colour, or a pattern when @flat is FALSE. */
static GstBuffer *
raw_frame (guint w, guint h, gboolean flat, GstVideoInfo * info)
{
  GstBuffer *buf;
  GstVideoFrame frame;
  guint x, y;

  gst_video_info_set_format (info, GST_VIDEO_FORMAT_RGB, w, h);
  buf = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (info), NULL);
  gst_buffer_add_video_meta (buf, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_FORMAT_RGB, w, h);
  fail_unless (gst_video_frame_map (&frame, info, buf, GST_MAP_WRITE));
  for (y = 0; y < h; y++) {
    guint8 *row = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
        (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);

    for (x = 0; x < w; x++) {
      row[3 * x] = flat ? 200 : (guint8) (128 + 100 * sin (x * 0.07));
      row[3 * x + 1] = flat ? 50 : (guint8) ((x * 7 + y * 3) & 0xff);
      row[3 * x + 2] = flat ? 100 : (guint8) (((x / 5 + y / 3) % 2) * 180);
    }
  }
  gst_video_frame_unmap (&frame);
  return buf;
}

static gchar *
raw_caps (guint w, guint h)
{
  return g_strdup_printf ("video/x-raw,format=RGB,width=%u,height=%u,"
      "framerate=0/1", w, h);
}

/* The box rules, written out: what size the output must have. */
static void
expected_size (guint w, guint h, gint mode, guint bw, guint bh,
    gboolean no_upscale, guint * ow, guint * oh)
{
  gdouble s;

  if (mode != FIT) {
    *ow = bw ? bw : bh;
    *oh = bh ? bh : bw;
    return;
  }
  if (bw == 0 && bh == 0)
    s = 1.0;
  else if (bw == 0)
    s = (gdouble) bh / h;
  else if (bh == 0)
    s = (gdouble) bw / w;
  else
    s = MIN ((gdouble) bw / w, (gdouble) bh / h);
  if (no_upscale && s > 1.0)
    s = 1.0;
  *ow = MAX (1, (guint) floor (w * s + 0.5));
  *oh = MAX (1, (guint) floor (h * s + 0.5));
  if (bw)
    *ow = MIN (*ow, bw);
  if (bh)
    *oh = MIN (*oh, bh);
}

/* ---- geometry ---- */

static const struct
{
  guint w, h;
} shapes[] = {
  {400, 300}, {300, 400}, {333, 333}, {1, 1}, {3, 7}, {2049, 17}, {17, 2049},
  {40, 30},
};

static const struct
{
  guint bw, bh;
} boxes[] = {
  {64, 48}, {64, 0}, {0, 48}, {500, 500},
};

static const gchar *mode_names[] = { "fit", "fill", "pad", "stretch" };

/* A flat image: the image area is exactly its colour, the rest exactly the
 * background, so the image's size and place can be counted. Every shape
 * goes through one element, with new caps each time. */
GST_START_TEST (test_geometry_raw)
{
  guint si, bi, mode, nu;

  for (bi = 0; bi < G_N_ELEMENTS (boxes); bi++)
    for (mode = FIT; mode <= STRETCH; mode++)
      for (nu = 0; nu < 2; nu++) {
        gchar *props = g_strdup_printf ("width=%u height=%u mode=%s "
            "no-upscale=%d background=0xff0a0b0c workers=2", boxes[bi].bw,
            boxes[bi].bh, mode_names[mode], nu);
        gchar *caps = raw_caps (shapes[0].w, shapes[0].h);
        GstHarness *h = new_thumbnailer (caps, "RGB", props);

        g_free (caps);
        for (si = 0; si < G_N_ELEMENTS (shapes); si++) {
          guint w = shapes[si].w, hh = shapes[si].h, ow, oh, gw, gh, i;
          guint n_bg, n_other;
          GstVideoInfo info;
          GstBuffer *out;
          guint8 *px;

          caps = raw_caps (w, hh);
          gst_harness_set_src_caps_str (h, caps);
          g_free (caps);
          out = gst_harness_push_and_pull (h, raw_frame (w, hh, TRUE, &info));
          fail_unless (out != NULL);
          expected_size (w, hh, mode, boxes[bi].bw, boxes[bi].bh, nu, &ow, &oh);
          px = frame_pixels (out, 3, &gw, &gh);
          fail_unless (gw == ow && gh == oh, "%ux%u %s: %ux%u, expected "
              "%ux%u", w, hh, props, gw, gh, ow, oh);
          /* (a passing check costs a write to the test runner: count
           * here, check once) */
          for (i = 0, n_bg = 0, n_other = 0; i < gw * gh; i++) {
            gboolean bg = px[3 * i] == 10 && px[3 * i + 1] == 11 &&
                px[3 * i + 2] == 12;
            gboolean img = px[3 * i] == 200 && px[3 * i + 1] == 50 &&
                px[3 * i + 2] == 100;

            n_bg += bg;
            n_other += !bg && !img;
          }
          fail_unless (n_other == 0, "%ux%u %s: %u pixels neither image nor "
              "background", w, hh, props, n_other);
          /* fit never pads; the others pad only what the image leaves */
          if (mode == FIT || (mode == FILL && !nu) || (mode == STRETCH && !nu))
            fail_unless (n_bg == 0, "%ux%u %s: %u background pixels", w, hh,
                props, n_bg);
          if (mode == PAD && !nu && (guint64) w * oh == (guint64) hh * ow)
            fail_unless (n_bg == 0, "%s: same aspect, padded", props);
          if (mode == PAD && (guint64) w * oh > (guint64) hh * ow + ow)
            fail_unless (n_bg > 0, "%ux%u %s: not padded", w, hh, props);
          g_free (px);
          gst_buffer_unref (out);
        }
        gst_harness_teardown (h);
        g_free (props);
      }
}

GST_END_TEST;

/* JPEG and PNG of every shape the generator makes, every mode */
GST_START_TEST (test_geometry_files)
{
  GPtrArray *files = im_test_list_files (gen_dir, ".jpg");
  GstImDecoder *dec = gst_im_decoder_new ();
  guint i, mode;

  g_ptr_array_extend_and_steal (files, im_test_list_files (gen_dir, ".png"));
  for (mode = FIT; mode <= STRETCH; mode++) {
    gchar *props = g_strdup_printf ("width=64 height=48 mode=%s workers=2",
        mode_names[mode]);
    GstHarness *h = new_thumbnailer ("image/jpeg", "RGB", props);

    for (i = 0; i < files->len; i++) {
      const gchar *path = g_ptr_array_index (files, i);
      GstBuffer *in = im_test_buffer_from_file (path), *out;
      GstImImageHeader header;
      GstVideoMeta *vmeta;
      GstMapInfo map;
      GstCaps *caps;
      GstVideoInfo info;
      guint ow, oh, w, hh;

      gst_buffer_map (in, &map, GST_MAP_READ);
      fail_unless (gst_im_decoder_read_header (dec, map.data, map.size,
              &header, NULL));
      gst_buffer_unmap (in, &map);
      w = gst_im_orientation_swaps_axes (header.orientation) ?
          header.height : header.width;
      hh = gst_im_orientation_swaps_axes (header.orientation) ?
          header.width : header.height;
      expected_size (w, hh, mode, 64, 48, TRUE, &ow, &oh);

      out = gst_harness_push_and_pull (h, in);
      fail_unless (out != NULL, "%s: no output", path);
      vmeta = gst_buffer_get_video_meta (out);
      fail_unless (vmeta->width == ow && vmeta->height == oh,
          "%s %s: %ux%u, expected %ux%u", path, props, vmeta->width,
          vmeta->height, ow, oh);
      /* the caps follow each image */
      caps = gst_pad_get_current_caps (h->sinkpad);
      fail_unless (gst_video_info_from_caps (&info, caps));
      fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), ow);
      fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), oh);
      gst_caps_unref (caps);
      gst_buffer_unref (out);
    }
    gst_harness_teardown (h);
    g_free (props);
  }
  gst_im_decoder_free (dec);
  g_ptr_array_unref (files);
}

GST_END_TEST;

/* ---- EXIF orientation ---- */

/* Quadrant colours of the stored image, [row][column] */
static const guint8 quad[2][2][3] = {
  {{220, 30, 30}, {30, 200, 40}},
  {{40, 40, 210}, {230, 230, 230}},
};

/* A 64x32 JPEG of four flat quadrants with an EXIF orientation tag: an
 * APP1 segment inserted after SOI. */
static GstBuffer *
oriented_jpeg (guint orientation)
{
  const guint w = 64, h = 32;
  guint8 *rgb = g_malloc (w * h * 3), *jpeg = NULL, *out;
  unsigned long size = 0;
  tjhandle tj = tjInitCompress ();
  guint8 app1[36] = {
    0xff, 0xe1, 0x00, 34, 'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0, 42, 0, 0, 0, 8,        /* big-endian TIFF, IFD at 8 */
    0, 1,                       /* one entry */
    0x01, 0x12, 0, 3, 0, 0, 0, 1,       /* Orientation, SHORT, count 1 */
    0, 0, 0, 0,                 /* the value, then padding */
    0, 0, 0, 0                  /* no next IFD */
  };
  guint x, y;

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      memcpy (rgb + (y * w + x) * 3, quad[y >= h / 2][x >= w / 2], 3);
  fail_unless (tjCompress2 (tj, rgb, w, 0, h, TJPF_RGB, &jpeg, &size,
          TJSAMP_444, 95, 0) == 0);
  app1[29] = orientation;
  out = g_malloc (size + sizeof (app1));
  memcpy (out, jpeg, 2);
  memcpy (out + 2, app1, sizeof (app1));
  memcpy (out + 2 + sizeof (app1), jpeg + 2, size - 2);
  tjFree (jpeg);
  tjDestroy (tj);
  g_free (rgb);
  return gst_buffer_new_wrapped (out, size + sizeof (app1));
}

/* Which stored quadrant shows at displayed quadrant (r, c). */
static void
displayed_from (guint orientation, guint r, guint c, guint * sr, guint * sc)
{
  switch (orientation) {
    case 2:
      *sr = r, *sc = 1 - c;
      break;
    case 3:
      *sr = 1 - r, *sc = 1 - c;
      break;
    case 4:
      *sr = 1 - r, *sc = c;
      break;
    case 5:                    /* transposed */
      *sr = c, *sc = r;
      break;
    case 6:                    /* 90 degrees clockwise */
      *sr = 1 - c, *sc = r;
      break;
    case 7:                    /* transversed */
      *sr = 1 - c, *sc = 1 - r;
      break;
    case 8:                    /* 90 degrees counter-clockwise */
      *sr = c, *sc = 1 - r;
      break;
    default:
      *sr = r, *sc = c;
      break;
  }
}

GST_START_TEST (test_exif_orientation)
{
  guint orientation = __i__ + 1, auto_orient;

  for (auto_orient = 0; auto_orient < 2; auto_orient++) {
    gchar *props = g_strdup_printf ("width=32 height=32 auto-orient=%d",
        auto_orient);
    GstHarness *h = new_thumbnailer ("image/jpeg", "RGB", props);
    GstBuffer *out = gst_harness_push_and_pull (h, oriented_jpeg (orientation));
    guint o = auto_orient ? orientation : 1, w, hh, r, c;
    gboolean swap = o >= 5;
    guint8 *px = frame_pixels (out, 3, &w, &hh);

    fail_unless_equals_int (w, swap ? 16 : 32);
    fail_unless_equals_int (hh, swap ? 32 : 16);
    for (r = 0; r < 2; r++)
      for (c = 0; c < 2; c++) {
        /* the middle of each displayed quadrant, away from the edges the
         * filter blends */
        const guint8 *p = px + ((hh / 4 + r * hh / 2) * w + w / 4 +
            c * w / 2) * 3;
        guint sr, sc, k;

        displayed_from (o, r, c, &sr, &sc);
        for (k = 0; k < 3; k++)
          fail_unless (ABS (p[k] - quad[sr][sc][k]) <= 6,
              "orientation %u (auto-orient=%u) quadrant %u,%u: %u,%u,%u "
              "is not stored quadrant %u,%u", orientation, auto_orient, r,
              c, p[0], p[1], p[2], sr, sc);
      }
    g_free (px);
    gst_buffer_unref (out);
    gst_harness_teardown (h);
    g_free (props);
  }
}

GST_END_TEST;

/* ---- quality against a double-precision reference ---- */

/* One axis of a Lanczos3 resize from n_in to n_out samples, pixel centres
 * at half-integers, edges repeated: weights[o][k] for source first[o] + k. */
typedef struct
{
  gint *first, *count;
  gdouble **weights;
} RefAxis;

static void
ref_axis_init (RefAxis * a, gint n_in, gint n_out)
{
  gdouble scale = (gdouble) n_in / n_out, fs = MAX (scale, 1.0);
  gint o;

  a->first = g_new (gint, n_out);
  a->count = g_new (gint, n_out);
  a->weights = g_new (gdouble *, n_out);
  for (o = 0; o < n_out; o++) {
    gdouble c = (o + 0.5) * scale, sum = 0;
    gint lo = (gint) floor (c - 3 * fs) - 1, hi = (gint) ceil (c + 3 * fs);
    gint i;

    a->first[o] = lo;
    a->count[o] = hi - lo + 1;
    a->weights[o] = g_new (gdouble, a->count[o]);
    for (i = lo; i <= hi; i++)
      sum += a->weights[o][i - lo] = im_test_lanczos3 ((i + 0.5 - c) / fs);
    for (i = 0; i < a->count[o]; i++)
      a->weights[o][i] /= sum;
  }
}

static void
ref_axis_clear (RefAxis * a, gint n_out)
{
  gint o;

  for (o = 0; o < n_out; o++)
    g_free (a->weights[o]);
  g_free (a->weights);
  g_free (a->first);
  g_free (a->count);
}

/* Full-resolution RGB (stored orientation) resized to dw x dh in doubles. */
static gdouble *
ref_lanczos3 (const guint8 * src, gint sw, gint sh, gint dw, gint dh)
{
  gdouble *mid = g_new0 (gdouble, (gsize) sh * dw * 3);
  gdouble *out = g_new0 (gdouble, (gsize) dh * dw * 3);
  RefAxis ax, ay;
  gint x, y, k, c;

  ref_axis_init (&ax, sw, dw);
  ref_axis_init (&ay, sh, dh);
  for (y = 0; y < sh; y++)
    for (x = 0; x < dw; x++)
      for (k = 0; k < ax.count[x]; k++) {
        gint sx = CLAMP (ax.first[x] + k, 0, sw - 1);

        for (c = 0; c < 3; c++)
          mid[((gsize) y * dw + x) * 3 + c] += ax.weights[x][k] *
              src[((gsize) y * sw + sx) * 3 + c];
      }
  for (y = 0; y < dh; y++)
    for (k = 0; k < ay.count[y]; k++) {
      gint sy = CLAMP (ay.first[y] + k, 0, sh - 1);

      for (x = 0; x < dw * 3; x++)
        out[(gsize) y * dw * 3 + x] += ay.weights[y][k] *
            mid[(gsize) sy * dw * 3 + x];
    }
  ref_axis_clear (&ax, dw);
  ref_axis_clear (&ay, dh);
  g_free (mid);
  return out;
}

static gdouble
psnr (const guint8 * got, const gdouble * ref, gsize n)
{
  gdouble se = 0;
  gsize i;

  for (i = 0; i < n; i++) {
    gdouble d = got[i] - CLAMP (floor (ref[i] + 0.5), 0, 255);

    se += d * d;
  }
  return im_test_psnr_se (se, n);
}

/* The whole image decoded at full size by the core decoder (no scaling). */
static guint8 *
full_decode (GstBuffer * buf, guint * w, guint * h)
{
  GstImDecoder *dec = gst_im_decoder_new ();
  GstImImageHeader header;
  GstMapInfo map;
  guint8 *rgb;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  fail_unless (gst_im_decoder_read_header (dec, map.data, map.size, &header,
          NULL));
  *w = header.width;
  *h = header.height;
  rgb = g_malloc ((gsize) * w * *h * 3);
  fail_unless (gst_im_decoder_decode (dec, map.data, map.size, &header, 8,
          GST_VIDEO_FORMAT_RGB, rgb, *w * 3, GST_IM_DECODE_NONE, NULL));
  gst_buffer_unmap (buf, &map);
  gst_im_decoder_free (dec);
  return rgb;
}

/* Thumbnail of @path in fit mode (stored orientation) and its PSNR. */
static gdouble
thumbnail_psnr (const gchar * path, guint bw, guint bh, const gchar * extra)
{
  /* the filter alone: the pixels stay in the file's colours */
  gchar *props = g_strdup_printf ("width=%u height=%u auto-orient=false "
      "color-profile=keep %s",
      bw, bh, extra ? extra : "");
  GstHarness *h = new_thumbnailer ("image/jpeg", "RGB", props);
  GstBuffer *in = im_test_buffer_from_file (path), *out;
  guint sw, sh, dw, dh;
  guint8 *full = full_decode (in, &sw, &sh), *px;
  gdouble *ref, db;

  out = gst_harness_push_and_pull (h, in);
  fail_unless (out != NULL, "%s: no output", path);
  px = frame_pixels (out, 3, &dw, &dh);
  ref = ref_lanczos3 (full, sw, sh, dw, dh);
  db = psnr (px, ref, (gsize) dw * dh * 3);
  GST_INFO ("%s %ux%u -> %ux%u (%s): %.2f dB", path, sw, sh, dw, dh, props, db);
  g_free (ref);
  g_free (px);
  g_free (full);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (props);
  return db;
}

static const struct
{
  guint w, h;
} quality_sizes[] = { {640, 338}, {256, 256}, {100, 100} };

static void
check_quality (GPtrArray * files, guint n_sizes)
{
  guint i, s;

  for (i = 0; i < files->len; i++) {
    const gchar *path = g_ptr_array_index (files, i);
    GstImDecoder *dec;
    GstImImageHeader header;
    GstBuffer *buf = im_test_buffer_from_file (path);
    GstMapInfo map;
    gboolean ok;

    dec = gst_im_decoder_new ();
    gst_buffer_map (buf, &map, GST_MAP_READ);
    ok = gst_im_decoder_read_header (dec, map.data, map.size, &header, NULL);
    gst_buffer_unmap (buf, &map);
    gst_buffer_unref (buf);
    gst_im_decoder_free (dec);
    if (!ok || (SANITIZED && (guint64) header.width * header.height > 3e6))
      continue;
    for (s = 0; s < n_sizes; s++) {
      guint bw = quality_sizes[s].w, bh = quality_sizes[s].h;
      gdouble db;

      /* thumbnails, not enlargements: no-upscale keeps small ones as they
       * are, which says nothing about the filter */
      if (header.width <= bw * 2 && header.height <= bh * 2)
        continue;
      db = thumbnail_psnr (path, bw, bh, NULL);
      fail_unless (db >= 38.0, "%s into %ux%u: %.2f dB < 38 dB", path, bw,
          bh, db);
    }
  }
}

GST_START_TEST (test_quality_generated)
{
  GPtrArray *files = im_test_list_files (photo_dir, ".jpg");

  g_ptr_array_extend_and_steal (files, im_test_list_files (photo_dir, ".png"));
  g_ptr_array_extend_and_steal (files, im_test_list_files (gen_dir, "1920x1080.jpg"));
  g_ptr_array_extend_and_steal (files, im_test_list_files (gen_dir, "1024x768.jpg"));
  fail_unless (files->len >= 4, "generator made %u images", files->len);
  check_quality (files, G_N_ELEMENTS (quality_sizes));
  g_ptr_array_unref (files);
}

GST_END_TEST;

GST_START_TEST (test_quality_samples)
{
  GPtrArray *files;

  if (!im_test_have_samples ())
    return;
  files = im_test_list_files (IM_SAMPLES_DIR, ".jpg");
  g_ptr_array_extend_and_steal (files, im_test_list_files (IM_SAMPLES_DIR, ".jpeg"));
  g_ptr_array_extend_and_steal (files, im_test_list_files (IM_SAMPLES_DIR, ".png"));
  /* the bench's box only: the references of 12-16 megapixel images are
   * the slow part of this test */
  check_quality (files, 1);
  g_ptr_array_unref (files);
}

GST_END_TEST;

/* the full decode is the best the filter can do (fixed point costs next to
 * nothing); shrink-on-load (1600x1000 -> 256x160 decodes at 1/4) may cost
 * a little, never much */
GST_START_TEST (test_shrink_on_load_costs_little)
{
  GPtrArray *files = im_test_list_files (photo_dir, ".jpg");
  const gchar *path = g_ptr_array_index (files, 0);
  gdouble fast = thumbnail_psnr (path, 256, 256, NULL);
  gdouble full = thumbnail_psnr (path, 256, 256, "shrink-on-load=false");

  fail_unless (full >= 60.0, "full decode + fixed point: %.2f dB", full);
  fail_unless (fast >= 45.0 && fast < full, "shrink-on-load %.2f dB, "
      "full %.2f dB", fast, full);
  g_ptr_array_unref (files);
}

GST_END_TEST;

/* ---- order, determinism, mixed streams, big frames ---- */

static const struct
{
  guint workers, chunk, max_in_flight;
} det[] = {
  {2, 1, 0}, {3, 1, 0}, {2, 3, 0}, {7, 2, 5}, {2, 1, 1}, {4, 5, 3},
};

/* JPEG and PNG of all sizes, big and tiny interleaved */
static GPtrArray *
mixed_inputs (void)
{
  GPtrArray *files = im_test_list_files (gen_dir, ".jpg");
  GPtrArray *pngs = im_test_list_files (gen_dir, ".png");
  GPtrArray *order = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; i < files->len; i++) {
    g_ptr_array_add (order, g_strdup (g_ptr_array_index (files,
                (i * 7) % files->len)));
    if (i % 2 == 0)
      g_ptr_array_add (order, g_strdup (g_ptr_array_index (pngs,
                  i % pngs->len)));
  }
  g_ptr_array_unref (files);
  g_ptr_array_unref (pngs);
  return order;
}

/* every frame's size and visible pixels, in push order */
static GBytes *
thumbnail_all (GPtrArray * inputs, const gchar * props, guint workers,
    guint chunk, guint max)
{
  gchar *p = g_strdup_printf ("%s workers=%u chunk-size=%u max-in-flight=%u",
      props, workers, chunk, max);
  GstHarness *h = new_thumbnailer ("image/jpeg", "RGB", p);
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof (digest);
  guint i;

  for (i = 0; i < inputs->len; i++) {
    GstBuffer *buf = im_test_buffer_from_file (g_ptr_array_index (inputs, i));

    gst_buffer_add_im_source_meta (buf, g_ptr_array_index (inputs, i), i, 0);
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < inputs->len; i++) {
    GstBuffer *out = gst_harness_pull (h);
    GstImSourceMeta *meta;
    guint w, hh;
    guint8 *px;

    fail_unless (out != NULL, "frame %u missing", i);
    meta = gst_buffer_get_im_source_meta (out);
    fail_unless (meta != NULL && meta->index == i, "frame %u out of order", i);
    fail_unless_equals_string (meta->path, g_ptr_array_index (inputs, i));
    px = frame_pixels (out, 3, &w, &hh);
    g_checksum_update (sum, (guint8 *) & w, sizeof (w));
    g_checksum_update (sum, (guint8 *) & hh, sizeof (hh));
    g_checksum_update (sum, px, (gsize) w * hh * 3);
    g_free (px);
    gst_buffer_unref (out);
  }
  g_checksum_get_digest (sum, digest, &len);
  g_checksum_free (sum);
  gst_harness_teardown (h);
  g_free (p);
  return g_bytes_new (digest, len);
}

GST_START_TEST (test_same_bytes_any_workers)
{
  GPtrArray *inputs = mixed_inputs ();
  const gchar *props[] = { "width=50 height=40",
    "width=48 height=48 mode=fill no-upscale=false",
    "width=40 height=60 mode=pad kernel=bilinear"
  };
  guint p;

  for (p = 0; p < G_N_ELEMENTS (props); p++) {
    GBytes *ref = thumbnail_all (inputs, props[p], 1, 1, 64);
    GBytes *got = thumbnail_all (inputs, props[p], det[__i__].workers,
        det[__i__].chunk, det[__i__].max_in_flight);

    fail_unless (g_bytes_equal (ref, got), "%s: workers=%u chunk=%u max=%u "
        "differ", props[p], det[__i__].workers, det[__i__].chunk,
        det[__i__].max_in_flight);
    g_bytes_unref (ref);
    g_bytes_unref (got);
  }
  g_ptr_array_unref (inputs);
}

GST_END_TEST;

/* a 6-megapixel frame is resampled in row bands on all workers: the same
 * bytes as one worker, and close to the reference */
GST_START_TEST (test_big_frame_row_bands)
{
  const guint w = 3000, h = 2000;
  gchar *caps = raw_caps (w, h);
  GstBuffer *outs[3];
  guint i, ow, oh;
  guint8 *px[3];
  const guint workers[3] = { 1, 2, 4 };
  GstVideoInfo info;

  for (i = 0; i < 3; i++) {
    gchar *props = g_strdup_printf ("width=640 height=338 workers=%u",
        workers[i]);
    GstHarness *hn = new_thumbnailer (caps, "RGB", props);

    outs[i] = gst_harness_push_and_pull (hn, raw_frame (w, h, FALSE, &info));
    px[i] = frame_pixels (outs[i], 3, &ow, &oh);
    fail_unless (ow == 507 && oh == 338, "%ux%u", ow, oh);
    if (i > 0)
      fail_unless (memcmp (px[0], px[i], ow * oh * 3) == 0,
          "workers=%u differs", workers[i]);
    gst_harness_teardown (hn);
    g_free (props);
  }
  if (!SANITIZED) {
    GstBuffer *src = raw_frame (w, h, FALSE, &info);
    GstMapInfo map;
    gdouble *ref, db;

    gst_buffer_map (src, &map, GST_MAP_READ);
    ref = ref_lanczos3 (map.data, w, h, ow, oh);
    db = psnr (px[0], ref, (gsize) ow * oh * 3);
    fail_unless (db >= 45.0, "%.2f dB", db);
    gst_buffer_unmap (src, &map);
    gst_buffer_unref (src);
    g_free (ref);
  }
  for (i = 0; i < 3; i++) {
    g_free (px[i]);
    gst_buffer_unref (outs[i]);
  }
  g_free (caps);
}

GST_END_TEST;

/* filesrc delivers blocks of a JPEG-then-PNG file: framed into images */
GST_START_TEST (test_bytestream_mixed)
{
  GPtrArray *jpegs = im_test_list_files (gen_dir, "640x480.jpg");
  GPtrArray *pngs = im_test_list_files (gen_dir, "640x480.png");
  gchar *both = g_build_filename (gen_dir, "both.bin", NULL), *launch;
  GBytes *a = im_test_read_bytes (g_ptr_array_index (jpegs, 0));
  GBytes *b = im_test_read_bytes (g_ptr_array_index (pngs, 0));
  GByteArray *ab = g_byte_array_new ();
  GstHarness *h;
  GstBuffer *out;
  guint i;

  g_byte_array_append (ab, g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_byte_array_append (ab, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  im_test_write_file (both, (const gchar *) ab->data, ab->len);
  launch = g_strdup_printf ("filesrc location=\"%s\" blocksize=4096 ! "
      "thumbnailer width=64 height=64 ! capsfilter caps=video/x-raw,"
      "format=RGBA", both);
  h = gst_harness_new_parse (launch);
  gst_harness_play (h);
  for (i = 0; i < 2; i++) {
    GstVideoMeta *vmeta;

    out = gst_harness_pull (h);
    fail_unless (out != NULL, "image %u missing", i);
    vmeta = gst_buffer_get_video_meta (out);
    fail_unless_equals_int (vmeta->format, GST_VIDEO_FORMAT_RGBA);
    fail_unless_equals_int (vmeta->width, 64);
    fail_unless_equals_int (vmeta->height, 48);
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  g_remove (both);
  g_free (launch);
  g_free (both);
  g_bytes_unref (a);
  g_bytes_unref (b);
  g_byte_array_unref (ab);
  g_ptr_array_unref (jpegs);
  g_ptr_array_unref (pngs);
}

GST_END_TEST;

/* the pad colour in every output format */
GST_START_TEST (test_background_formats)
{
  static const struct
  {
    const gchar *format;
    guint bpp;
    guint8 px[4];
  } fmts[] = {
    {"RGB", 3, {0x10, 0x20, 0x30}},
    {"BGR", 3, {0x30, 0x20, 0x10}},
    {"RGBA", 4, {0x10, 0x20, 0x30, 0x80}},
    {"BGRA", 4, {0x30, 0x20, 0x10, 0x80}},
    {"RGBx", 4, {0x10, 0x20, 0x30, 0xff}},
    {"BGRx", 4, {0x30, 0x20, 0x10, 0xff}},
    /* (19595 * 16 + 38470 * 32 + 7471 * 48 + 32768) >> 16 */
    {"GRAY8", 1, {0x1d}},
  };
  GPtrArray *files = im_test_list_files (gen_dir, "640x480.jpg");
  guint i;

  for (i = 0; i < G_N_ELEMENTS (fmts); i++) {
    GstHarness *h = new_thumbnailer ("image/jpeg", fmts[i].format,
        "width=100 height=100 mode=pad background=0x80102030");
    GstBuffer *out = gst_harness_push_and_pull (h,
        im_test_buffer_from_file (g_ptr_array_index (files, 0)));
    guint w, hh;
    guint8 *px = frame_pixels (out, fmts[i].bpp, &w, &hh);

    fail_unless (w == 100 && hh == 100);
    /* 640x480 -> 100x75, centred: rows 0..11 are background */
    fail_unless (memcmp (px, fmts[i].px, fmts[i].bpp) == 0 &&
        memcmp (px + (99 * 100 + 99) * fmts[i].bpp, fmts[i].px,
            fmts[i].bpp) == 0, "%s: background %u,%u,%u", fmts[i].format,
        px[0], px[1], px[2]);
    fail_if (memcmp (px + (50 * 100 + 50) * fmts[i].bpp, fmts[i].px,
            fmts[i].bpp) == 0, "%s: no image in the middle", fmts[i].format);
    g_free (px);
    gst_buffer_unref (out);
    gst_harness_teardown (h);
  }
  g_ptr_array_unref (files);
}

GST_END_TEST;

/* raw frames keep their format; fixed modes give fixed caps */
GST_START_TEST (test_raw_rgba_fixed_caps)
{
  GstHarness *h = new_thumbnailer ("video/x-raw,format=RGBA,width=90,"
      "height=30,framerate=25/1", "RGBA", "width=32 height=32 mode=fill "
      "no-upscale=false");
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 90 * 30 * 4, NULL), *out;
  GstVideoInfo info;
  GstCaps *caps;
  guint w, hh, i;
  guint8 *px;

  gst_buffer_memset (buf, 0, 0x7f, 90 * 30 * 4);
  out = gst_harness_push_and_pull (h, buf);
  px = frame_pixels (out, 4, &w, &hh);
  fail_unless (w == 32 && hh == 32);
  for (i = 0; i < 32 * 32 * 4; i++)
    if (px[i] != 0x7f)
      break;
  fail_unless (i == 32 * 32 * 4, "byte %u is %u", i, px[i]);
  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless_equals_int (GST_VIDEO_INFO_FORMAT (&info), GST_VIDEO_FORMAT_RGBA);
  fail_unless_equals_int (GST_VIDEO_INFO_FPS_N (&info), 25);
  gst_caps_unref (caps);
  g_free (px);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* A box whose frame GstVideoInfo cannot describe (32768x32768 RGBA is
 * 4 GiB) is an error naming the size, skipped like a bad image: the next
 * frame, in a smaller box, still comes out. */
GST_START_TEST (test_box_too_large)
{
  GstHarness *h = new_thumbnailer ("video/x-raw,format=RGBA,width=2,"
      "height=2,framerate=0/1", "RGBA", "width=32768 height=32768 mode=pad "
      "on-error=skip");
  GstBus *bus = gst_bus_new ();
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 2 * 2 * 4, NULL), *out;
  gchar *text;
  guint w, hh;
  guint8 *px;

  gst_element_set_bus (h->element, bus);
  gst_buffer_memset (buf, 0, 0x7f, 2 * 2 * 4);
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_copy (buf)),
      GST_FLOW_OK);
  g_object_set (h->element, "width", 8, "height", 8, NULL);
  out = gst_harness_push_and_pull (h, buf);
  px = frame_pixels (out, 4, &w, &hh);
  fail_unless (w == 8 && hh == 8, "%ux%u", w, hh);

  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "32768x32768") != NULL &&
      strstr (text, "too large") != NULL, "%s", text);
  g_free (text);

  g_free (px);
  gst_buffer_unref (out);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Pushes @data to @h in buffers of at most @piece bytes, from stream
 * offset @offset. */
static void
push_bytes (GstHarness * h, const guint8 * data, gsize size, gsize piece,
    guint64 offset)
{
  gsize pos, n;

  for (pos = 0; pos < size; pos += n) {
    GstBuffer *buf;

    n = MIN (piece, size - pos);
    buf = gst_buffer_new_memdup (data + pos, n);
    GST_BUFFER_OFFSET (buf) = offset + pos;
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
}

/* The 333x257 test JPEG's thumbnail in the default 256x256 box, pulled
 * from @h and checked for its size. */
static void
pull_small_thumbnail (GstHarness * h)
{
  GstBuffer *out = gst_harness_pull (h);
  guint w, hh, ew, eh;
  guint8 *px;

  fail_unless (out != NULL);
  expected_size (333, 257, FIT, 256, 256, TRUE, &ew, &eh);
  px = frame_pixels (out, 3, &w, &hh);
  fail_unless (w == ew && hh == eh, "%ux%u, not %ux%u", w, hh, ew, eh);
  g_free (px);
  gst_buffer_unref (out);
}

/* A byte stream of a 1920x1080 JPEG, then a 333x257 one, with max-pixels
 * between them: the large one is refused with a warning naming its size
 * and the limit, the small one comes out. */
GST_START_TEST (test_max_pixels_names_size)
{
  GstHarness *h = new_thumbnailer ("image/jpeg", "RGB",
      "max-pixels=2000000 on-error=skip");
  gchar *big = g_build_filename (gen_dir, "jpeg_420_q90_1920x1080.jpg", NULL);
  gchar *small = g_build_filename (gen_dir, "jpeg_420_q90_333x257.jpg", NULL);
  GByteArray *stream = g_byte_array_new ();
  GstBus *bus = gst_bus_new ();
  GBytes *bytes;
  gchar *text, *want;
  guint64 skipped;

  gst_element_set_bus (h->element, bus);
  bytes = im_test_read_bytes (big);
  g_byte_array_append (stream, g_bytes_get_data (bytes, NULL),
      g_bytes_get_size (bytes));
  g_bytes_unref (bytes);
  bytes = im_test_read_bytes (small);
  g_byte_array_append (stream, g_bytes_get_data (bytes, NULL),
      g_bytes_get_size (bytes));
  g_bytes_unref (bytes);

  push_bytes (h, stream->data, stream->len, 4096, 0);
  pull_small_thumbnail (h);
  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  want = g_strdup_printf ("image is 1920x1080 (%u pixels), more than "
      "max-pixels=2000000", 1920 * 1080);
  fail_unless (strstr (text, want) != NULL, "%s", text);
  g_object_get (h->element, "skipped", &skipped, NULL);
  fail_unless_equals_uint64 (skipped, 1);

  g_free (want);
  g_free (text);
  g_byte_array_unref (stream);
  g_free (big);
  g_free (small);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* max-pixels bounds the bytes gathered for one image of a byte stream as
 * documented (max-pixels x 8 + 32 MiB): an SOI followed by zeros past that
 * is reported with the limit, and the JPEG after it comes out. */
GST_START_TEST (test_max_pixels_bounds_byte_stream)
{
  const guint64 max_pixels = 1000000;
  const guint64 limit = max_pixels * 8 + 32 * 1024 * 1024;
  const gsize piece = 1024 * 1024;
  GstHarness *h = new_thumbnailer ("image/jpeg", "RGB",
      "max-pixels=1000000 on-error=skip");
  gchar *small = g_build_filename (gen_dir, "jpeg_420_q90_333x257.jpg", NULL);
  guint8 *zeros = g_malloc0 (piece);
  GstBus *bus = gst_bus_new ();
  GBytes *bytes;
  gchar *text, *want;
  guint64 pos;

  gst_element_set_bus (h->element, bus);
  zeros[0] = 0xff;
  zeros[1] = 0xd8;
  zeros[2] = 0xff;
  for (pos = 0; pos < limit + piece; pos += piece) {
    push_bytes (h, zeros, piece, piece, pos);
    zeros[0] = zeros[1] = zeros[2] = 0;
  }
  bytes = im_test_read_bytes (small);
  push_bytes (h, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
      4096, pos);
  g_bytes_unref (bytes);

  pull_small_thumbnail (h);
  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  want = g_strdup_printf ("image at stream offset 0 does not end within %"
      G_GUINT64_FORMAT " bytes", limit);
  fail_unless (strstr (text, want) != NULL, "%s", text);

  g_free (want);
  g_free (text);
  g_free (zeros);
  g_free (small);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* When the memory for an output frame cannot be had (the address space
 * limited to 1 GiB more than in use, a 30000x30000 RGB box needing 2.7 GB),
 * the warning says how many bytes the frame needed, and the next frame, in
 * a small box, still comes out. Skipped under ASan (its shadow memory needs
 * the address space) or where the limit cannot be set. */
GST_START_TEST (test_output_frame_out_of_memory)
{
  const gsize frame_bytes = (gsize) 30000 * 30000 * 3;
  GstHarness *h;
  GstVideoInfo info;
  GstBuffer *in, *out;
  GstBus *bus;
  struct rlimit old, low;
  gint64 vm_kb = im_test_status_kib ("VmSize:");
  gchar *caps = raw_caps (2, 2), *text, *want;
  gpointer probe;
  guint w, hh;
  guint8 *px;

  if (SANITIZED || vm_kb <= 0 || getrlimit (RLIMIT_AS, &old) != 0 ||
      sizeof (gsize) < 8) {
    GST_INFO ("cannot limit the address space here: skipped");
    g_free (caps);
    return;
  }
  low = old;
  low.rlim_cur = (rlim_t) vm_kb * 1024 + ((rlim_t) 1 << 30);
  if ((old.rlim_max != RLIM_INFINITY && low.rlim_cur > old.rlim_max) ||
      setrlimit (RLIMIT_AS, &low) != 0) {
    GST_INFO ("cannot limit the address space here: skipped");
    g_free (caps);
    return;
  }
  /* the limit holds: a frame's worth of memory is refused */
  probe = g_try_malloc (frame_bytes);
  if (probe != NULL) {
    g_free (probe);
    setrlimit (RLIMIT_AS, &old);
    GST_INFO ("the address space limit does not hold: skipped");
    g_free (caps);
    return;
  }

  h = new_thumbnailer (caps, "RGB", "width=30000 height=30000 mode=pad "
      "on-error=skip");
  bus = gst_bus_new ();
  gst_element_set_bus (h->element, bus);
  in = raw_frame (2, 2, TRUE, &info);
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_ref (in)),
      GST_FLOW_OK);
  g_object_set (h->element, "width", 8, "height", 8, NULL);
  out = gst_harness_push_and_pull (h, in);
  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  setrlimit (RLIMIT_AS, &old);

  want = g_strdup_printf ("out of memory for a frame of %" G_GSIZE_FORMAT
      " bytes", frame_bytes);
  fail_unless (strstr (text, want) != NULL && strstr (text, "30000x30000"),
      "%s", text);
  px = frame_pixels (out, 3, &w, &hh);
  fail_unless (w == 8 && hh == 8, "%ux%u", w, hh);

  g_free (px);
  g_free (want);
  g_free (text);
  g_free (caps);
  gst_buffer_unref (out);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* dataset-src ! thumbnailer ! queue-saver names files after their inputs */
GST_START_TEST (test_names_from_source_meta)
{
  GstElementFactory *ds = gst_element_factory_find ("dataset-src");
  GstElementFactory *qs = gst_element_factory_find ("queue-saver");
  gchar *in_dir, *out_dir, *launch;
  GPtrArray *jpegs;
  GstElement *pipeline;
  GstMessage *msg;
  guint i;

  if (ds == NULL || qs == NULL) {
    GST_INFO ("dataset-src or queue-saver missing, skipping");
    gst_clear_object (&ds);
    gst_clear_object (&qs);
    return;
  }
  in_dir = im_test_make_tmp_dir ("thumbnailer-in-XXXXXX");
  out_dir = im_test_make_tmp_dir ("thumbnailer-out-XXXXXX");
  jpegs = im_test_list_files (gen_dir, "333x257.jpg");
  for (i = 0; i < jpegs->len; i++) {
    gchar *dst = g_build_filename (in_dir,
        strrchr (g_ptr_array_index (jpegs, i), '/') + 1, NULL);

    im_test_copy_file (g_ptr_array_index (jpegs, i), dst);
    g_free (dst);
  }
  launch = g_strdup_printf ("dataset-src location=\"%s\" ! thumbnailer "
      "width=64 height=64 ! queue-saver location=\"%s/{stem}.jpg\"", in_dir,
      out_dir);
  pipeline = gst_parse_launch (launch, NULL);
  fail_unless (pipeline != NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  for (i = 0; i < jpegs->len; i++) {
    gchar *path = g_build_filename (out_dir,
        strrchr (g_ptr_array_index (jpegs, i), '/') + 1, NULL);

    fail_unless (g_file_test (path, G_FILE_TEST_IS_REGULAR), "%s missing",
        path);
    g_free (path);
  }
  im_test_remove_dir (in_dir);
  im_test_remove_dir (out_dir);
  g_free (launch);
  g_ptr_array_unref (jpegs);
  gst_object_unref (ds);
  gst_object_unref (qs);
}

GST_END_TEST;

/* ---- bad input ---- */

/* one of each bad-input class, made from good generated files */
static GstBuffer *
bad_buffer (ImTestBadKind kind)
{
  return im_test_bad_buffer_in (kind, gen_dir, "1920x1080.jpg",
      "640x480.png");
}

GST_START_TEST (test_bad_input_skip)
{
  GstHarness *h = new_thumbnailer ("image/jpeg,parsed=true", "RGB",
      "on-error=skip");
  GPtrArray *pngs = im_test_list_files (gen_dir, ".png");

  im_test_check_bad_input_skip (h, __i__, bad_buffer (__i__),
      im_test_buffer_from_file (g_ptr_array_index (pngs, 0)));
  gst_harness_teardown (h);
  g_ptr_array_unref (pngs);
}

GST_END_TEST;

GST_START_TEST (test_bad_input_fail)
{
  GstHarness *h = new_thumbnailer ("image/jpeg,parsed=true", "RGB", NULL);

  im_test_check_bad_input_fail (h, __i__, bad_buffer (__i__));
  gst_harness_teardown (h);
}

GST_END_TEST;

/* ---- suite ---- */

static void
generate_images (void)
{
  const gchar *photos[] = { "--count", "4", "--width", "1600", "--height",
    "1000", "--png", NULL
  };

  gen_dir = im_test_generate ("tests", NULL);
  photo_dir = im_test_generate ("photos", photos);
}

static void
remove_images (void)
{
  im_test_remove_dir (gen_dir);
  im_test_remove_dir (photo_dir);
}

static Suite *
thumbnailer_suite (void)
{
  Suite *s = suite_create ("thumbnailer");
  TCase *tc = tcase_create ("general");

  tcase_add_unchecked_fixture (tc, generate_images, remove_images);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_geometry_raw);
  tcase_add_test (tc, test_geometry_files);
  tcase_add_loop_test (tc, test_exif_orientation, 0, 8);
  tcase_add_test (tc, test_quality_generated);
  tcase_add_test (tc, test_quality_samples);
  tcase_add_test (tc, test_shrink_on_load_costs_little);
  tcase_add_loop_test (tc, test_same_bytes_any_workers, 0, G_N_ELEMENTS (det));
  tcase_add_test (tc, test_big_frame_row_bands);
  tcase_add_test (tc, test_bytestream_mixed);
  tcase_add_test (tc, test_background_formats);
  tcase_add_test (tc, test_raw_rgba_fixed_caps);
  tcase_add_test (tc, test_box_too_large);
  tcase_add_test (tc, test_max_pixels_names_size);
  tcase_add_test (tc, test_max_pixels_bounds_byte_stream);
  tcase_add_test (tc, test_output_frame_out_of_memory);
  tcase_add_test (tc, test_names_from_source_meta);
  tcase_add_loop_test (tc, test_bad_input_skip, 0, IM_TEST_N_BAD);
  tcase_add_loop_test (tc, test_bad_input_fail, 0, IM_TEST_N_BAD);
  return s;
}

GST_CHECK_MAIN (thumbnailer);
