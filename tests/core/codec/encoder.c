/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The core encoder against independent oracles: JPEG byte for byte against
 * tjCompress2 () called here with the same settings, and, decoded by djpeg,
 * within a PSNR bound of the source that cjpeg sets at the same quality and
 * subsampling; PNG decoded by pngdec (libpng) to the very same pixels; PPM
 * and PGM against files written here from the formula. The project's own
 * decoder is never used.
 */
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimencoder.h>
#include <turbojpeg.h>
#include "imtest.h"

#define ROW_PAD 11              /* odd padding after every row */
#define CANARY 0x5a

static guint8 *photo;           /* packed RGB, from imagemill-gen */
static guint photo_w, photo_h;

static const GstVideoFormat formats[] = {
  GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_BGR, GST_VIDEO_FORMAT_RGBA,
  GST_VIDEO_FORMAT_BGRA, GST_VIDEO_FORMAT_RGBx, GST_VIDEO_FORMAT_BGRx,
  GST_VIDEO_FORMAT_GRAY8,
};

/* libjpeg's luma, as the decoder and the encoder use it */
static guint8
luma (const guint8 * rgb)
{
  return (19595 * rgb[0] + 38470 * rgb[1] + 7471 * rgb[2] + 32768) >> 16;
}

/* The photo in @format at a padded stride; the alpha byte of the formats
 * with alpha varies over the image, padding bytes hold a canary. */
typedef struct
{
  GstVideoFormat format;
  guint width, height, ps;
  gint stride;
  guint8 *data;
} Frame;

static void
frame_make (Frame * f, GstVideoFormat format)
{
  const GstVideoFormatInfo *finfo = gst_video_format_get_info (format);
  guint x, y;

  f->format = format;
  f->width = photo_w;
  f->height = photo_h;
  f->ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (finfo, 0);
  f->stride = f->width * f->ps + ROW_PAD;
  f->data = g_malloc ((gsize) f->stride * f->height);
  memset (f->data, CANARY, (gsize) f->stride * f->height);
  for (y = 0; y < f->height; y++) {
    for (x = 0; x < f->width; x++) {
      const guint8 *rgb = photo + ((gsize) y * photo_w + x) * 3;
      guint8 *p = f->data + (gsize) y * f->stride + x * f->ps;
      guint8 a = (x * 7 + y * 3) & 0xff;

      switch (format) {
        case GST_VIDEO_FORMAT_RGB:
          memcpy (p, rgb, 3);
          break;
        case GST_VIDEO_FORMAT_BGR:
          p[0] = rgb[2], p[1] = rgb[1], p[2] = rgb[0];
          break;
        case GST_VIDEO_FORMAT_RGBA:
        case GST_VIDEO_FORMAT_RGBx:
          memcpy (p, rgb, 3);
          p[3] = a;             /* garbage in x: must be ignored */
          break;
        case GST_VIDEO_FORMAT_BGRA:
        case GST_VIDEO_FORMAT_BGRx:
          p[0] = rgb[2], p[1] = rgb[1], p[2] = rgb[0], p[3] = a;
          break;
        case GST_VIDEO_FORMAT_GRAY8:
          p[0] = luma (rgb);
          break;
        default:
          g_assert_not_reached ();
      }
    }
  }
}

static void
frame_clear (Frame * f)
{
  g_clear_pointer (&f->data, g_free);
}

static gboolean
has_alpha (GstVideoFormat format)
{
  return format == GST_VIDEO_FORMAT_RGBA || format == GST_VIDEO_FORMAT_BGRA;
}

/* What a lossless round trip gives back: packed RGBA, RGB or gray. */
static guint8 *
frame_expected (const Frame * f, guint channels)
{
  guint8 *out = g_malloc ((gsize) f->width * f->height * channels);
  guint x, y;

  for (y = 0; y < f->height; y++) {
    for (x = 0; x < f->width; x++) {
      const guint8 *rgb = photo + ((gsize) y * photo_w + x) * 3;
      const guint8 *p = f->data + (gsize) y * f->stride + x * f->ps;
      guint8 *o = out + ((gsize) y * f->width + x) * channels;

      if (f->format == GST_VIDEO_FORMAT_GRAY8) {
        memset (o, p[0], channels);
      } else if (channels == 1) {
        o[0] = luma (rgb);
      } else {
        memcpy (o, rgb, 3);
        if (channels == 4)
          o[3] = has_alpha (f->format) ? p[3] : 0xff;
      }
    }
  }
  return out;
}

static const guint8 *
encode (GstImEncoder * enc, const Frame * f, GstImEncodeFormat format,
    guint quality, GstImJpegSubsampling subsampling, guint level, gsize * size)
{
  GstImEncodeSettings settings;
  const guint8 *data = NULL;
  GError *err = NULL;

  gst_im_encode_settings_init (&settings, format);
  settings.quality = quality;
  settings.subsampling = subsampling;
  settings.compression_level = level;
  fail_unless (gst_im_encoder_encode (enc, &settings, f->format, f->width,
          f->height, f->data, f->stride, &data, size, &err), "%s %s: %s",
      gst_im_encode_format_name (format),
      gst_video_format_to_string (f->format), err ? err->message : "");
  fail_unless (data != NULL && *size > 0);
  return data;
}

/* ---- independent decoders ---- */

/* Runs a libjpeg-turbo tool (@argv, where "IN" and "OUT" stand for two
 * files in a fresh folder) on @in and returns what it wrote to OUT. */
static GBytes *
run_tool (const gchar * const *argv, const guint8 * in, gsize in_len)
{
  gchar *dir = im_test_make_tmp_dir ("imenc-tool-XXXXXX");
  gchar *in_path = g_build_filename (dir, "in", NULL);
  gchar *out_path = g_build_filename (dir, "out", NULL);
  GPtrArray *args = g_ptr_array_new ();
  gchar *stderr_text = NULL, *out;
  gint status = 1;
  gsize out_len;

  fail_unless (g_file_set_contents (in_path, (const gchar *) in, in_len,
          NULL));
  for (; *argv; argv++)
    g_ptr_array_add (args, strcmp (*argv, "IN") == 0 ? in_path :
        strcmp (*argv, "OUT") == 0 ? out_path : (gchar *) * argv);
  g_ptr_array_add (args, NULL);
  fail_unless (g_spawn_sync (NULL, (gchar **) args->pdata, NULL,
          G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
          &stderr_text, &status, NULL) && g_spawn_check_wait_status (status,
          NULL), "%s failed: %s", (gchar *) args->pdata[0], stderr_text);
  fail_unless (g_file_get_contents (out_path, &out, &out_len, NULL));
  im_test_remove_dir (dir);
  g_ptr_array_unref (args);
  g_free (stderr_text);
  g_free (in_path);
  g_free (out_path);
  return g_bytes_new_take (out, out_len);
}

/* djpeg's decode of a JPEG: packed RGB, or gray for a grayscale JPEG. */
static guint8 *
djpeg (const guint8 * jpeg, gsize size, guint * width, guint * height,
    guint * channels)
{
  const gchar *argv[] = { "djpeg", "-pnm", "-outfile", "OUT", "IN", NULL };
  GBytes *pnm = run_tool (argv, jpeg, size);
  gsize len;
  const guint8 *data = g_bytes_get_data (pnm, &len);
  ImTestImage img;

  fail_unless (im_test_parse_pnm (data, len, &img), "djpeg wrote no PGM or "
      "PPM");
  g_bytes_unref (pnm);
  *width = img.width;
  *height = img.height;
  *channels = img.bpp;
  return img.pixels;
}

/* A PPM (3 channels) or PGM (1) of packed pixels. */
static GBytes *
make_pnm (const guint8 * pixels, guint width, guint height, guint channels)
{
  GString *s = g_string_new (NULL);
  gsize len;

  g_string_append_printf (s, "%s\n%u %u\n255\n", channels == 1 ? "P5" :
      "P6", width, height);
  g_string_append_len (s, (const gchar *) pixels,
      (gsize) width * height * channels);
  len = s->len;
  return g_bytes_new_take (g_string_free (s, FALSE), len);
}

/* ---- JPEG ---- */

static const struct
{
  GstImJpegSubsampling ours;
  gint tj;
} subsamplings[] = {
  {GST_IM_JPEG_SUBSAMPLING_420, TJSAMP_420},
  {GST_IM_JPEG_SUBSAMPLING_422, TJSAMP_422},
  {GST_IM_JPEG_SUBSAMPLING_444, TJSAMP_444},
  {GST_IM_JPEG_SUBSAMPLING_GRAY, TJSAMP_GRAY},
};

static gint
tj_format (GstVideoFormat format)
{
  switch (format) {
    case GST_VIDEO_FORMAT_RGB:
      return TJPF_RGB;
    case GST_VIDEO_FORMAT_BGR:
      return TJPF_BGR;
    case GST_VIDEO_FORMAT_RGBA:
      return TJPF_RGBA;
    case GST_VIDEO_FORMAT_BGRA:
      return TJPF_BGRA;
    case GST_VIDEO_FORMAT_RGBx:
      return TJPF_RGBX;
    case GST_VIDEO_FORMAT_BGRx:
      return TJPF_BGRX;
    default:
      return TJPF_GRAY;
  }
}

/* every format x every subsampling, byte for byte against tjCompress2 () */
GST_START_TEST (test_jpeg_equals_tjcompress)
{
  GstVideoFormat format = formats[__i__];
  GstImEncoder *enc = gst_im_encoder_new ();
  tjhandle tj = tjInitCompress ();
  Frame f;
  guint s;

  frame_make (&f, format);
  for (s = 0; s < G_N_ELEMENTS (subsamplings); s++) {
    gint tjsamp = format == GST_VIDEO_FORMAT_GRAY8 ? TJSAMP_GRAY :
        subsamplings[s].tj;
    unsigned char *ref = NULL;
    unsigned long ref_size = 0;
    const guint8 *data;
    gsize size;

    data = encode (enc, &f, GST_IM_ENCODE_JPEG, 87, subsamplings[s].ours, 6,
        &size);
    fail_unless (tjCompress2 (tj, f.data, f.width, f.stride, f.height,
            tj_format (format), &ref, &ref_size, tjsamp, 87, 0) == 0, "%s",
        tjGetErrorStr2 (tj));
    fail_unless_equals_uint64 (size, ref_size);
    fail_unless (memcmp (data, ref, size) == 0, "%s subsampling %u differs",
        gst_video_format_to_string (format), s);
    tjFree (ref);
  }
  frame_clear (&f);
  tjDestroy (tj);
  gst_im_encoder_free (enc);
}

GST_END_TEST;

/* The PSNR that cjpeg reaches on @pixels at @quality with luma sampling
 * @sample (2x2 is 4:2:0, 2x1 4:2:2, 1x1 4:4:4), decoded by djpeg. With
 * the fast integer DCT: tjCompress2 ()'s default without
 * TJFLAG_ACCURATEDCT, about 0.6 dB below the accurate one at q90. */
static gdouble
cjpeg_psnr (const guint8 * pixels, guint width, guint height, guint channels,
    guint quality, const gchar * sample)
{
  gchar *q = g_strdup_printf ("%u", quality);
  const gchar *argv[] = { "cjpeg", "-quality", q, "-sample", sample,
    "-dct", "fast", "-outfile", "OUT", "IN", NULL
  };
  GBytes *pnm = make_pnm (pixels, width, height, channels);
  GBytes *jpeg = run_tool (argv, g_bytes_get_data (pnm, NULL),
      g_bytes_get_size (pnm));
  guint w, h, c;
  guint8 *back = djpeg (g_bytes_get_data (jpeg, NULL),
      g_bytes_get_size (jpeg), &w, &h, &c);
  gdouble db;

  fail_unless (w == width && h == height && c == channels);
  db = im_test_psnr (back, pixels, (gsize) w * h * c);
  g_free (back);
  g_bytes_unref (jpeg);
  g_bytes_unref (pnm);
  g_free (q);
  return db;
}

/* q90 JPEGs, decoded by djpeg, are as close to the source as cjpeg's at the
 * same settings (within 0.5 dB), and above 40 dB */
GST_START_TEST (test_jpeg_psnr)
{
  static const gchar *const samples[] = { "2x2", "2x1", "1x1" };
  GstImEncoder *enc = gst_im_encoder_new ();
  guint s;
  Frame f;

  frame_make (&f, GST_VIDEO_FORMAT_BGRx);
  for (s = 0; s < G_N_ELEMENTS (samples); s++) {
    gsize size;
    const guint8 *data = encode (enc, &f, GST_IM_ENCODE_JPEG, 90,
        subsamplings[s].ours, 6, &size);
    guint w, h, c;
    guint8 *rgb = djpeg (data, size, &w, &h, &c);
    gdouble db, bound;

    fail_unless_equals_int (w, photo_w);
    fail_unless_equals_int (h, photo_h);
    fail_unless_equals_int (c, 3);
    db = im_test_psnr (rgb, photo, (gsize) w * h * 3);
    bound = cjpeg_psnr (photo, photo_w, photo_h, 3, 90, samples[s]);
    GST_INFO ("subsampling %u: %" G_GSIZE_FORMAT " bytes, PSNR %.2f dB, "
        "cjpeg %.2f dB", s, size, db, bound);
    fail_unless (db > bound - 0.5 && db > 40.0, "PSNR %.2f dB at q90, "
        "cjpeg %.2f dB", db, bound);
    g_free (rgb);
  }
  frame_clear (&f);

  /* gray stays gray (djpeg writes a PGM), and as close */
  frame_make (&f, GST_VIDEO_FORMAT_GRAY8);
  {
    gsize size;
    const guint8 *data = encode (enc, &f, GST_IM_ENCODE_JPEG, 90,
        GST_IM_JPEG_SUBSAMPLING_420, 6, &size);
    guint8 *want = frame_expected (&f, 1), *gray;
    guint w, h, c;
    gdouble db, bound;

    gray = djpeg (data, size, &w, &h, &c);
    fail_unless_equals_int (c, 1);
    fail_unless (w == photo_w && h == photo_h);
    db = im_test_psnr (gray, want, (gsize) w * h);
    bound = cjpeg_psnr (want, w, h, 1, 90, "1x1");
    fail_unless (db > bound - 0.5 && db > 40.0, "gray PSNR %.2f dB, cjpeg "
        "%.2f dB", db, bound);
    g_free (gray);
    g_free (want);
  }
  frame_clear (&f);
  gst_im_encoder_free (enc);
}

GST_END_TEST;

/* ---- PNG ---- */

GST_START_TEST (test_png_lossless)
{
  GstVideoFormat format = formats[__i__];
  GstImEncoder *enc = gst_im_encoder_new ();
  guint channels = format == GST_VIDEO_FORMAT_GRAY8 ? 1 :
      has_alpha (format) ? 4 : 3;
  GstVideoFormat out_format = channels == 1 ? GST_VIDEO_FORMAT_GRAY8 :
      channels == 4 ? GST_VIDEO_FORMAT_RGBA : GST_VIDEO_FORMAT_RGB;
  const guint8 color_type[] = { 0, 0, 0, 2, 6 };
  ImTestImage got;
  GBytes *png;
  guint8 *want;
  const guint8 *data;
  gsize size;
  guint level;
  Frame f;

  frame_make (&f, format);
  want = frame_expected (&f, channels);
  for (level = 0; level <= 9; level += 9) {
    data = encode (enc, &f, GST_IM_ENCODE_PNG, 90, 0, level, &size);
    fail_unless (size > 26 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0);
    /* IHDR: bit depth at byte 24, colour type at 25 */
    fail_unless_equals_int (data[24], 8);
    fail_unless_equals_int (data[25], color_type[channels]);
    png = g_bytes_new (data, size);
    im_test_pngdec (png, NULL, &got);
    g_bytes_unref (png);
    fail_unless_equals_string (gst_video_format_to_string (got.format),
        gst_video_format_to_string (out_format));
    fail_unless_equals_int (got.width, photo_w);
    fail_unless_equals_int (got.height, photo_h);
    fail_unless (memcmp (got.pixels, want, (gsize) got.width * got.height *
            channels) == 0, "%s at level %u: pixels differ",
        gst_video_format_to_string (format), level);
    im_test_image_clear (&got);
  }
  g_free (want);
  frame_clear (&f);
  gst_im_encoder_free (enc);
}

GST_END_TEST;

GST_START_TEST (test_png_levels)
{
  GstImEncoder *enc = gst_im_encoder_new ();
  gsize size0, size9;
  Frame f;

  frame_make (&f, GST_VIDEO_FORMAT_RGB);
  encode (enc, &f, GST_IM_ENCODE_PNG, 90, 0, 0, &size0);
  encode (enc, &f, GST_IM_ENCODE_PNG, 90, 0, 9, &size9);
  /* level 0 stores: the rows plus a filter byte each, and framing */
  fail_unless (size0 >= (gsize) photo_w * photo_h * 3 + photo_h);
  fail_unless (size9 < size0 * 9 / 10, "level 9 %" G_GSIZE_FORMAT
      ", level 0 %" G_GSIZE_FORMAT, size9, size0);
  frame_clear (&f);
  gst_im_encoder_free (enc);
}

GST_END_TEST;

/* ---- PPM, PGM ---- */

static GBytes *
pnm_reference (const Frame * f, gboolean gray)
{
  guint8 *pixels = frame_expected (f, gray ? 1 : 3);
  GString *s = g_string_new (NULL);
  gsize len;

  g_string_append_printf (s, "%s\n%u %u\n255\n", gray ? "P5" : "P6",
      f->width, f->height);
  g_string_append_len (s, (const gchar *) pixels,
      (gsize) f->width * f->height * (gray ? 1 : 3));
  g_free (pixels);
  len = s->len;
  return g_bytes_new_take (g_string_free (s, FALSE), len);
}

GST_START_TEST (test_pnm_bytes)
{
  GstVideoFormat format = formats[__i__];
  GstImEncoder *enc = gst_im_encoder_new ();
  Frame f;
  guint g;

  frame_make (&f, format);
  for (g = 0; g < 2; g++) {
    GBytes *ref = pnm_reference (&f, g);
    gsize size;
    const guint8 *data = encode (enc, &f, g ? GST_IM_ENCODE_PGM :
        GST_IM_ENCODE_PPM, 90, 0, 6, &size);
    GBytes *got = g_bytes_new (data, size);

    fail_unless (g_bytes_equal (ref, got), "%s to %s differs",
        gst_video_format_to_string (format), g ? "PGM" : "PPM");
    g_bytes_unref (got);
    g_bytes_unref (ref);
  }
  frame_clear (&f);
  gst_im_encoder_free (enc);
}

GST_END_TEST;

/* ---- buffers, errors, names ---- */

/* same-sized frames reuse the output buffer */
GST_START_TEST (test_output_reused)
{
  GstImEncodeFormat fmt;
  GstImEncoder *enc = gst_im_encoder_new ();
  Frame f;

  frame_make (&f, GST_VIDEO_FORMAT_RGBx);
  for (fmt = GST_IM_ENCODE_JPEG; fmt <= GST_IM_ENCODE_PGM; fmt++) {
    gsize size, size2;
    const guint8 *first = encode (enc, &f, fmt, 90, 0, 1, &size);
    guint8 *copy = g_memdup2 (first, size);
    const guint8 *again = encode (enc, &f, fmt, 90, 0, 1, &size2);

    fail_unless (again == first, "%s: output buffer reallocated",
        gst_im_encode_format_name (fmt));
    fail_unless (size == size2 && memcmp (copy, again, size) == 0);
    g_free (copy);
  }
  frame_clear (&f);
  gst_im_encoder_free (enc);
}

GST_END_TEST;

GST_START_TEST (test_bad_input)
{
  GstImEncoder *enc = gst_im_encoder_new ();
  GstImEncodeSettings settings;
  guint8 pixels[64] = { 0, };
  const guint8 *data = (const guint8 *) "x";
  gsize size = 1;
  GError *err = NULL;

  gst_im_encode_settings_init (&settings, GST_IM_ENCODE_JPEG);
  fail_if (gst_im_encoder_encode (enc, &settings, GST_VIDEO_FORMAT_I420, 4,
          4, pixels, 4, &data, &size, &err));
  fail_unless (g_error_matches (err, GST_STREAM_ERROR,
          GST_STREAM_ERROR_NOT_IMPLEMENTED));
  fail_unless (data == NULL && size == 0);
  g_clear_error (&err);

  fail_if (gst_im_encoder_encode (enc, &settings, GST_VIDEO_FORMAT_RGB, 4, 4,
          pixels, 11, &data, &size, &err));
  fail_unless (strstr (err->message, "Stride 11") != NULL, "%s", err->message);
  g_clear_error (&err);

  fail_if (gst_im_encoder_encode (enc, &settings, GST_VIDEO_FORMAT_RGB, 0, 4,
          pixels, 12, &data, &size, &err));
  g_clear_error (&err);

  /* JPEG sides stop at 65535 */
  fail_if (gst_im_encoder_encode (enc, &settings, GST_VIDEO_FORMAT_GRAY8,
          70000, 1, pixels /* never read */ , 70000, &data, &size,
          &err));
  fail_unless (strstr (err->message, "65535") != NULL, "%s", err->message);
  g_clear_error (&err);

  /* and it still works afterwards */
  settings.format = GST_IM_ENCODE_PNG;
  fail_unless (gst_im_encoder_encode (enc, &settings, GST_VIDEO_FORMAT_GRAY8,
          8, 8, pixels, 8, &data, &size, &err));
  gst_im_encoder_free (enc);
}

GST_END_TEST;

GST_START_TEST (test_format_from_filename)
{
  static const struct
  {
    const gchar *name;
    GstVideoFormat input;
    gboolean known;
    GstImEncodeFormat format;
  } names[] = {
    {"a.jpg", GST_VIDEO_FORMAT_RGB, TRUE, GST_IM_ENCODE_JPEG},
    {"dir.png/a.JPEG", GST_VIDEO_FORMAT_RGB, TRUE, GST_IM_ENCODE_JPEG},
    {"a b.Png", GST_VIDEO_FORMAT_RGB, TRUE, GST_IM_ENCODE_PNG},
    {"x.ppm", GST_VIDEO_FORMAT_GRAY8, TRUE, GST_IM_ENCODE_PPM},
    {"x.pgm", GST_VIDEO_FORMAT_RGB, TRUE, GST_IM_ENCODE_PGM},
    {"x.pnm", GST_VIDEO_FORMAT_GRAY8, TRUE, GST_IM_ENCODE_PGM},
    {"x.pnm", GST_VIDEO_FORMAT_BGRx, TRUE, GST_IM_ENCODE_PPM},
    {"x.tiff", GST_VIDEO_FORMAT_RGB, FALSE, 0},
    {"png", GST_VIDEO_FORMAT_RGB, FALSE, 0},
    {"out.jpg/frame", GST_VIDEO_FORMAT_RGB, FALSE, 0},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    GstImEncodeFormat format = 99;
    gboolean known = gst_im_encode_format_from_filename (names[i].name,
        names[i].input, &format);

    fail_unless_equals_int (known, names[i].known);
    if (known)
      fail_unless_equals_int (format, names[i].format);
  }
}

GST_END_TEST;

/* encoders on several threads give the same bytes as one */
static gpointer
encode_thread (gpointer data)
{
  Frame *f = data;
  GstImEncoder *enc = gst_im_encoder_new ();
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  GstImEncodeFormat fmt;
  guint round;
  gchar *digest;

  for (round = 0; round < 3; round++) {
    for (fmt = GST_IM_ENCODE_JPEG; fmt <= GST_IM_ENCODE_PNG; fmt++) {
      gsize size;
      const guint8 *out = encode (enc, f, fmt, 80 + round, 0, round, &size);

      g_checksum_update (sum, out, size);
    }
  }
  digest = g_strdup (g_checksum_get_string (sum));
  g_checksum_free (sum);
  gst_im_encoder_free (enc);
  return digest;
}

GST_START_TEST (test_threads_same_bytes)
{
  GThread *threads[4];
  gchar *ref;
  Frame f;
  guint i;

  frame_make (&f, GST_VIDEO_FORMAT_BGRA);
  ref = encode_thread (&f);
  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("enc", encode_thread, &f);
  for (i = 0; i < G_N_ELEMENTS (threads); i++) {
    gchar *got = g_thread_join (threads[i]);

    fail_unless_equals_string (got, ref);
    g_free (got);
  }
  g_free (ref);
  frame_clear (&f);
}

GST_END_TEST;

/* ---- suite ---- */

static void
load_photo (void)
{
  const gchar *extra[] = { "--count", "1", "--width", "333", "--height",
    "257", NULL
  };
  gchar *dir = im_test_generate ("photos", extra);
  gchar *path = g_build_filename (dir, "photo_0000.jpg", NULL);
  gchar *why = NULL;
  ImTestImage img;

  if (!im_test_djpeg (path, NULL, &img, &why))
    g_error ("djpeg: %s", why);
  if (img.bpp != 3)
    g_error ("the generated photo is not in colour");
  photo = img.pixels;
  photo_w = img.width;
  photo_h = img.height;
  im_test_remove_dir (dir);
  g_free (path);
}

static void
free_photo (void)
{
  g_clear_pointer (&photo, g_free);
}

static Suite *
encoder_suite (void)
{
  Suite *s = suite_create ("encoder");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_checked_fixture (tc, load_photo, free_photo);
  tcase_add_loop_test (tc, test_jpeg_equals_tjcompress, 0,
      G_N_ELEMENTS (formats));
  tcase_add_test (tc, test_jpeg_psnr);
  tcase_add_loop_test (tc, test_png_lossless, 0, G_N_ELEMENTS (formats));
  tcase_add_test (tc, test_png_levels);
  tcase_add_loop_test (tc, test_pnm_bytes, 0, G_N_ELEMENTS (formats));
  tcase_add_test (tc, test_output_reused);
  tcase_add_test (tc, test_bad_input);
  tcase_add_test (tc, test_format_from_filename);
  tcase_add_test (tc, test_threads_same_bytes);
  return s;
}

GST_CHECK_MAIN (encoder);
