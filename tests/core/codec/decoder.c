/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The core decoder against independent oracles: JPEG byte for byte against
 * djpeg, PNG against pngdec ! videoconvert and against PNGs written here
 * from known samples, orientation against transforms composed another way,
 * and bad input that must fail cleanly.
 */
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>
#include "imtest.h"

/* for the scratch-reuse check only */
#include "codec/gstimcodec-private.h"

#define ROW_PAD 13              /* odd padding after every row */
#define CANARY 0xa5

/* Sample files with one of the suffixes, sorted; NULL when the folder is
 * missing. */
static GPtrArray *
list_samples (const gchar * suffix_a, const gchar * suffix_b)
{
  GPtrArray *paths;

  if (!im_test_have_samples ())
    return NULL;
  paths = im_test_list_files (IM_SAMPLES_DIR, suffix_a);
  if (suffix_b) {
    g_ptr_array_extend_and_steal (paths, im_test_list_files (IM_SAMPLES_DIR,
            suffix_b));
    g_ptr_array_sort (paths, im_test_compare_strings);
  }
  return paths;
}

/* Decodes into rows padded with a canary, checks the padding survived and
 * returns the packed pixels. */
static gboolean
decode (GstImDecoder * dec, GBytes * file, guint scale, GstVideoFormat format,
    GstImDecodeFlags flags, ImTestImage * out, GError ** error)
{
  GstImImageHeader hdr;
  const GstVideoFormatInfo *finfo = gst_video_format_get_info (format);
  guint ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (finfo, 0), y, x;
  gsize size;
  const guint8 *data = g_bytes_get_data (file, &size);
  guint8 *rows;
  gint stride;
  gboolean ok, padding_kept = TRUE;

  if (!gst_im_decoder_read_header (dec, data, size, &hdr, error))
    return FALSE;
  gst_im_decoder_scaled_size (&hdr, scale, &out->width, &out->height);
  out->bpp = ps;
  out->format = format;
  stride = out->width * ps + ROW_PAD;
  rows = g_malloc ((gsize) stride * out->height);
  memset (rows, CANARY, (gsize) stride * out->height);
  ok = gst_im_decoder_decode (dec, data, size, &hdr, scale, format, rows,
      stride, flags, error);
  out->pixels = g_malloc ((gsize) out->width * out->height * ps);
  /* no fail_unless () per byte: check marks every passing assertion */
  for (y = 0; ok && y < out->height; y++) {
    for (x = out->width * ps; x < (guint) stride; x++)
      padding_kept &= rows[(gsize) y * stride + x] == CANARY;
    memcpy (out->pixels + (gsize) y * out->width * ps,
        rows + (gsize) y * stride, (gsize) out->width * ps);
  }
  fail_unless (padding_kept, "the decoder wrote into the row padding");
  g_free (rows);
  return ok;
}

static void
assert_same (const ImTestImage * got, const ImTestImage * want,
    const gchar * what)
{
  gsize i, n = (gsize) want->width * want->height * want->bpp;

  fail_unless_equals_int (got->width, want->width);
  fail_unless_equals_int (got->height, want->height);
  fail_unless_equals_int (got->bpp, want->bpp);
  if (memcmp (got->pixels, want->pixels, n) == 0)
    return;
  for (i = 0; i < n; i++) {
    if (got->pixels[i] != want->pixels[i])
      fail ("%s: byte %" G_GSIZE_FORMAT " (pixel %" G_GSIZE_FORMAT ", %"
          G_GSIZE_FORMAT ") is %u, expected %u", what, i,
          i / want->bpp % want->width, i / want->bpp / want->width, got->pixels[i], want->pixels[i]);
  }
}

/* Runs a command; TRUE when it exits with 0. */
static gboolean
run_tool (const gchar ** argv)
{
  gint status = -1;

  return g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH |
      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
      NULL, NULL, &status, NULL) && g_spawn_check_wait_status (status, NULL);
}

/* djpeg [-scale n/8] [-grayscale] -pnm; FALSE when djpeg does not decode
 * the file cleanly. */
static gboolean
run_djpeg (const gchar * path, guint scale, gboolean gray, ImTestImage * img)
{
  gchar *scale_arg = g_strdup_printf ("%u/8", scale);
  const gchar *options[4];
  gint n = 0;
  gboolean ok;

  if (scale != 8) {
    options[n++] = "-scale";
    options[n++] = scale_arg;
  }
  if (gray)
    options[n++] = "-grayscale";
  options[n] = NULL;
  ok = im_test_djpeg (path, options, img, NULL);
  g_free (scale_arg);
  return ok;
}

static gboolean
have_djpeg (void)
{
  gchar *djpeg = g_find_program_in_path ("djpeg");

  if (djpeg == NULL)
    GST_INFO ("no djpeg (libjpeg-turbo-progs), skipping");
  g_free (djpeg);
  return djpeg != NULL;
}

/* Compares the decode of @file with djpeg [-scale n/8] [-grayscale]; a
 * gray JPEG also as RGB, its gray three times. FALSE when djpeg does not
 * decode @path cleanly. */
static gboolean
matches_djpeg (GstImDecoder * dec, const gchar * path, GBytes * file,
    guint scale, gboolean gray)
{
  ImTestImage want = { 0 }, got = { 0 };
  GError *err = NULL;

  if (!run_djpeg (path, scale, gray, &want))
    return FALSE;
  fail_unless (decode (dec, file, scale, want.bpp == 1 ?
          GST_VIDEO_FORMAT_GRAY8 : GST_VIDEO_FORMAT_RGB, 0, &got, &err),
      "%s: %s", path, err ? err->message : "");
  assert_same (&got, &want, path);
  im_test_image_clear (&got);
  if (want.bpp == 1 && !gray) {
    im_test_image_to_rgb (&want);
    fail_unless (decode (dec, file, scale, GST_VIDEO_FORMAT_RGB, 0, &got,
            NULL));
    assert_same (&got, &want, path);
    im_test_image_clear (&got);
  }
  GST_INFO ("%s: %ux%u at %u/8 equals djpeg", path, want.width, want.height,
      scale);
  im_test_image_clear (&want);
  return TRUE;
}

/* (1) Every sample JPEG at full size equals djpeg -pnm. */
GST_START_TEST (test_jpeg_matches_djpeg)
{
  GPtrArray *paths = have_djpeg ()? list_samples (".jpg", ".jpeg") : NULL;
  GstImDecoder *dec = gst_im_decoder_new ();
  guint i, n_checked = 0;

  for (i = 0; paths && i < paths->len; i++) {
    const gchar *path = g_ptr_array_index (paths, i);
    GBytes *file = im_test_read_bytes (path);

    if (matches_djpeg (dec, path, file, 8, FALSE))
      n_checked++;
    else
      GST_INFO ("djpeg does not decode %s cleanly, skipping", path);
    g_bytes_unref (file);
  }
  if (paths)
    fail_unless (n_checked > 0, "djpeg decoded no sample");
  gst_im_decoder_free (dec);
  g_clear_pointer (&paths, g_ptr_array_unref);
}

GST_END_TEST;

/* Small JPEGs (colour, gray, CMYK) cover DCT scaling and -grayscale. */
static const gchar *small_jpegs[] = {
  "testorig_227x149.jpg", "photo_hat_90x112.jpeg",
  "photo_hibiscus_312x442.jpeg", "cmyk_flower_510x532.jpg",
  "exif_orientation6_landscape.jpg",
};

/* (1b) Every scale n/8 equals djpeg -scale n/8; GRAY8 from colour equals
 * djpeg -grayscale (libjpeg has no CMYK to gray). */
GST_START_TEST (test_jpeg_scaled_and_gray)
{
  gchar *path = g_build_filename (IM_SAMPLES_DIR, small_jpegs[__i__], NULL);
  GstImDecoder *dec = gst_im_decoder_new ();
  GBytes *file;
  guint scale;

  if (!have_djpeg ())
    goto done;
  if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
    GST_INFO ("%s is missing, skipping", path);
    goto done;
  }
  file = im_test_read_bytes (path);
  for (scale = 1; scale < 8; scale++)
    fail_unless (matches_djpeg (dec, path, file, scale, FALSE));
  if (!g_str_has_prefix (small_jpegs[__i__], "cmyk"))
    fail_unless (matches_djpeg (dec, path, file, 8, TRUE));
  g_bytes_unref (file);
done:
  gst_im_decoder_free (dec);
  g_free (path);
}

GST_END_TEST;

/* TurboJPEG 2.1's header reader refuses chroma sampling factors it has no
 * TJSAMP_* for; such files still decode, like djpeg does. */
GST_START_TEST (test_jpeg_odd_sampling)
{
  gchar *src = g_build_filename (IM_SAMPLES_DIR, "photo_hat_90x112.jpeg",
      NULL), *cjpeg = g_find_program_in_path ("cjpeg");
  gchar *dir = im_test_make_tmp_dir ("imdec-XXXXXX");
  gchar *ppm = g_build_filename (dir, "in.ppm", NULL);
  gchar *jpg = g_build_filename (dir, "odd.jpg", NULL);
  const gchar *to_ppm[] = { "djpeg", "-outfile", ppm, src, NULL };
  const gchar *to_jpg[] = { "cjpeg", "-sample", "1x2,2x1,1x1", "-outfile",
    jpg, ppm, NULL
  };
  GstImDecoder *dec = gst_im_decoder_new ();
  gboolean have_src = g_file_test (src, G_FILE_TEST_EXISTS);
  GBytes *file;

  if (!have_djpeg () || cjpeg == NULL || !have_src) {
    GST_INFO ("no cjpeg or no sample, skipping");
    goto done;
  }
  fail_unless (run_tool (to_ppm) && run_tool (to_jpg));
  file = im_test_read_bytes (jpg);
  fail_unless (matches_djpeg (dec, jpg, file, 8, FALSE));
  fail_unless (matches_djpeg (dec, jpg, file, 3, FALSE));
  g_bytes_unref (file);
done:
  im_test_remove_dir (dir);
  gst_im_decoder_free (dec);
  g_free (src);
  g_free (cjpeg);
  g_free (ppm);
  g_free (jpg);
}

GST_END_TEST;

/* (2) Every sample PNG equals pngdec ! videoconvert, as RGB and RGBA. */
GST_START_TEST (test_png_matches_pngdec)
{
  static const GstVideoFormat formats[] = { GST_VIDEO_FORMAT_RGB,
    GST_VIDEO_FORMAT_RGBA
  };
  GPtrArray *paths = list_samples (".png", NULL);
  GstImDecoder *dec = gst_im_decoder_new ();
  GstPluginFeature *pngdec = gst_registry_find_feature (gst_registry_get (),
      "pngdec", GST_TYPE_ELEMENT_FACTORY);
  guint i, f;

  if (pngdec == NULL) {
    GST_INFO ("no pngdec, skipping");
    g_clear_pointer (&paths, g_ptr_array_unref);
  }
  for (i = 0; paths && i < paths->len; i++) {
    const gchar *path = g_ptr_array_index (paths, i);
    GBytes *file = im_test_read_bytes (path);
    GstImImageHeader hdr;

    fail_unless (gst_im_decoder_read_header (dec, g_bytes_get_data (file,
                NULL), g_bytes_get_size (file), &hdr, NULL), "%s", path);
    /* pngdec 1.22 garbles 16-bit colour; test_png_known_samples covers it */
    if (hdr.bit_depth == 16 && hdr.n_channels >= 3) {
      GST_INFO ("%s: 16-bit colour, pngdec is no reference", path);
      g_bytes_unref (file);
      continue;
    }
    for (f = 0; f < G_N_ELEMENTS (formats); f++) {
      ImTestImage want = { 0 }, got = { 0 };
      GError *err = NULL;

      im_test_pngdec (file, gst_video_format_to_string (formats[f]), &want);
      fail_unless (decode (dec, file, 8, formats[f], 0, &got, &err),
          "%s: %s", path, err ? err->message : "");
      assert_same (&got, &want, path);
      im_test_image_clear (&got);
      im_test_image_clear (&want);
    }
    GST_INFO ("%s equals pngdec", path);
    g_bytes_unref (file);
  }
  if (pngdec)
    gst_object_unref (pngdec);
  gst_im_decoder_free (dec);
  g_clear_pointer (&paths, g_ptr_array_unref);
}

GST_END_TEST;

/* A minimal PNG writer: stored (uncompressed) deflate blocks, so the test
 * needs no zlib. */
typedef struct
{
  guint color_type, depth;
  const guint8 *plte;           /* 3 * n_plte bytes */
  guint n_plte;
  const guint8 *trns;
  guint n_trns;
  const guint8 *exif;           /* written after the image data */
  guint n_exif;
} PngSpec;

/* Writes a PNG whose sample c of pixel (x, y) is value (x, y, c). */
static GBytes *
make_png (const PngSpec * s, guint w, guint h,
    guint (*value) (guint x, guint y, guint c, guint max))
{
  static const guint channels[7] = { 1, 0, 3, 1, 2, 0, 4 };
  guint nc = channels[s->color_type], max = (1u << s->depth) - 1;
  gsize row_bytes = ((gsize) w * nc * s->depth + 7) / 8 + 1, i;
  GByteArray *raw = g_byte_array_new (), *z = g_byte_array_new ();
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[13], *row = g_malloc (row_bytes), be[4];
  guint32 a = 1, b = 0;
  guint x, y, c;

  for (y = 0; y < h; y++) {
    memset (row, 0, row_bytes); /* filter 0, then packed samples */
    for (x = 0; x < w; x++)
      for (c = 0; c < nc; c++) {
        guint v = value (x, y, c, max), bit = (x * nc + c) * s->depth;

        if (s->depth == 16)
          im_test_put_be (row + 1 + bit / 8, v, 2);
        else
          row[1 + bit / 8] |= v << (8 - s->depth - bit % 8);
      }
    g_byte_array_append (raw, row, row_bytes);
  }
  for (i = 0; i < raw->len; i++) {
    a = (a + raw->data[i]) % 65521;
    b = (b + a) % 65521;
  }
  g_byte_array_append (z, (const guint8 *) "\x78\x01", 2);
  for (i = 0; i < raw->len || i == 0; i += 65535) {
    guint16 n = MIN (65535, raw->len - i);
    guint8 hdr[5] = { i + n >= raw->len, n & 0xff, n >> 8, ~n & 0xff,
      (~n >> 8) & 0xff
    };
    g_byte_array_append (z, hdr, 5);
    g_byte_array_append (z, raw->data + i, n);
  }
  im_test_put_be (be, (b << 16) | a, 4);
  g_byte_array_append (z, be, 4);

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  im_test_put_be (ihdr, w, 4);
  im_test_put_be (ihdr + 4, h, 4);
  ihdr[8] = s->depth;
  ihdr[9] = s->color_type;
  ihdr[10] = ihdr[11] = ihdr[12] = 0;
  im_test_png_append_chunk (png, "IHDR", ihdr, 13);
  if (s->plte)
    im_test_png_append_chunk (png, "PLTE", s->plte, 3 * s->n_plte);
  if (s->trns)
    im_test_png_append_chunk (png, "tRNS", s->trns, s->n_trns);
  im_test_png_append_chunk (png, "IDAT", z->data, z->len);
  if (s->exif)
    im_test_png_append_chunk (png, "eXIf", s->exif, s->n_exif);
  im_test_png_append_chunk (png, "IEND", NULL, 0);
  g_byte_array_unref (raw);
  g_byte_array_unref (z);
  g_free (row);
  return g_byte_array_free_to_bytes (png);
}

static guint
sample_value (guint x, guint y, guint c, guint max)
{
  return (x * 7919 + y * 104729 + c * 31337 + x * y * 13) % (max + 1);
}

static const guint8 test_plte[16 * 3] = {
  0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 0, 255, 0, 255,
  0, 255, 255, 255, 255, 255, 128, 0, 0, 0, 128, 0, 0, 0, 128, 10, 20, 30,
  40, 50, 60, 70, 80, 90, 200, 100, 50, 1, 2, 3
};

static const guint8 test_trns[8] = { 0, 30, 60, 90, 120, 150, 180, 210 };
static const guint8 gray_trns[2] = { 0, 3 };    /* gray 3 */
static const guint8 rgb_trns[6] = { 0, 1, 0, 2, 0, 3 };

static const PngSpec png_specs[] = {
  {0, 1}, {0, 2}, {0, 4}, {0, 8, NULL, 0, gray_trns, 2}, {0, 16},
  {2, 8, NULL, 0, rgb_trns, 6}, {2, 16}, {4, 8}, {4, 16}, {6, 16},
  {3, 4, test_plte, 16, test_trns, 8}, {3, 8, test_plte, 16},
};

/* tRNS's colour key sample @c (16 bits, big endian) */
static guint
key_sample (const PngSpec * s, guint c)
{
  return s->trns[2 * c] << 8 | s->trns[2 * c + 1];
}

/* The expected 8-bit RGBA of pixel (x, y): libpng's scaling of low bit
 * depths, the high byte of 16-bit samples, palette lookup with tRNS; the
 * tRNS colour key of gray and RGB images, matched on the stored samples,
 * makes alpha 0 (as PIL and browsers read it). */
static void
expected_rgba (const PngSpec * s, guint x, guint y, guint8 out[4])
{
  guint max = (1u << s->depth) - 1, c, raw[4];
  guint v[4];

  for (c = 0; c < 4; c++) {
    raw[c] = sample_value (x, y, c, max);
    v[c] = s->depth == 16 ? raw[c] >> 8 : raw[c] * 255 / max;
  }
  switch (s->color_type) {
    case 0:                    /* gray */
      out[0] = out[1] = out[2] = v[0];
      out[3] = s->trns && raw[0] == key_sample (s, 0) ? 0 : 255;
      break;
    case 4:                    /* gray + alpha */
      out[0] = out[1] = out[2] = v[0];
      out[3] = v[1];
      break;
    case 3:{                   /* palette */
      guint idx = sample_value (x, y, 0, max) % s->n_plte;

      memcpy (out, s->plte + 3 * idx, 3);
      out[3] = idx < s->n_trns ? s->trns[idx] : 255;
      break;
    }
    default:                   /* RGB, RGBA */
      out[0] = v[0];
      out[1] = v[1];
      out[2] = v[2];
      out[3] = s->color_type == 6 ? v[3] : s->trns && raw[0] ==
          key_sample (s, 0) && raw[1] == key_sample (s, 1)
          && raw[2] == key_sample (s, 2) ? 0 : 255;
      break;
  }
}

static guint
palette_value (guint x, guint y, guint c, guint max)
{
  return sample_value (x, y, c, max) % 16;
}

/* (2b) PNGs with known samples: bit depths 1 to 16, tRNS, palettes. */
GST_START_TEST (test_png_known_samples)
{
  const PngSpec *s = &png_specs[__i__];
  const guint w = 37, h = 11;
  GstImDecoder *dec = gst_im_decoder_new ();
  GBytes *file;
  ImTestImage rgb = { 0 }, rgba = { 0 };
  guint x, y;

  /* palette indices must stay inside the palette */
  file = make_png (s, w, h, s->color_type == 3 ? palette_value : sample_value);
  fail_unless (decode (dec, file, 8, GST_VIDEO_FORMAT_RGB, 0, &rgb, NULL));
  fail_unless (decode (dec, file, 8, GST_VIDEO_FORMAT_RGBA, 0, &rgba, NULL));
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++) {
      guint8 want[4];
      gsize p = (gsize) y * w + x;

      expected_rgba (s, x, y, want);
      fail_unless (memcmp (rgba.pixels + 4 * p, want, 4) == 0 &&
          memcmp (rgb.pixels + 3 * p, want, 3) == 0,
          "type %u depth %u pixel %u,%u: %u %u %u %u, expected %u %u %u %u",
          s->color_type, s->depth, x, y, rgba.pixels[4 * p],
          rgba.pixels[4 * p + 1], rgba.pixels[4 * p + 2],
          rgba.pixels[4 * p + 3], want[0], want[1], want[2], want[3]);
    }
  im_test_image_clear (&rgb);
  im_test_image_clear (&rgba);
  g_bytes_unref (file);
  gst_im_decoder_free (dec);
}

GST_END_TEST;

/* The luma of libjpeg's rgb_gray, written out in floating point: the
 * rounded fixed-point weights are 19595, 38470 and 7471 / 65536. */
static guint8
luma (const guint8 * rgb)
{
  return (guint8) ((rgb[0] * 19595.0 + rgb[1] * 38470.0 + rgb[2] * 7471.0) /
      65536.0 + 0.5);
}

static const gchar *format_files[] = {
  "testorig_227x149.jpg", "cmyk_flower_510x532.jpg",
  "png_rgba_flower_510x532.png", "png_palette_bricks_160x120.png",
  "png_interlaced_rgba_162x150.png", "png_grayalpha_flower_510x532.png",
  "png_gray_flower_510x532.png", "png_rgb16_monkey_149x227.png",
};

/* Every output format is the RGBA decode rearranged; GRAY8 is the luma of
 * RGB, except for YCbCr JPEG where libjpeg hands out Y itself. */
GST_START_TEST (test_all_formats_consistent)
{
  static const GstVideoFormat formats[] = { GST_VIDEO_FORMAT_RGB,
    GST_VIDEO_FORMAT_BGR, GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_BGRA,
    GST_VIDEO_FORMAT_RGBx, GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_GRAY8
  };
  gchar *path = g_build_filename (IM_SAMPLES_DIR, format_files[__i__], NULL);
  GstImDecoder *dec = gst_im_decoder_new ();
  GstImImageHeader hdr;
  GBytes *file;
  ImTestImage ref = { 0 };
  guint f;

  if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
    GST_INFO ("%s is missing, skipping", path);
    goto done;
  }
  file = im_test_read_bytes (path);
  fail_unless (gst_im_decoder_read_header (dec, g_bytes_get_data (file, NULL),
          g_bytes_get_size (file), &hdr, NULL));
  fail_unless (decode (dec, file, 8, GST_VIDEO_FORMAT_RGBA, 0, &ref, NULL));
  for (f = 0; f < G_N_ELEMENTS (formats); f++) {
    const GstVideoFormatInfo *fi = gst_video_format_get_info (formats[f]);
    ImTestImage got = { 0 };
    gsize p, n = (gsize) ref.width * ref.height, first_bad = G_MAXSIZE;

    if (formats[f] == GST_VIDEO_FORMAT_GRAY8 && hdr.codec ==
        GST_IM_CODEC_JPEG && !hdr.is_cmyk)
      continue;                 /* Y from libjpeg, checked against djpeg */
    fail_unless (decode (dec, file, 8, formats[f], 0, &got, NULL));
    for (p = 0; p < n; p++) {
      const guint8 *want = ref.pixels + 4 * p, *px = got.pixels + p *
          got.bpp;
      gboolean ok;

      if (GST_VIDEO_FORMAT_INFO_IS_GRAY (fi)) {
        ok = px[0] == luma (want);
      } else {
        guint c;

        ok = TRUE;
        for (c = 0; c < 3; c++)
          ok &= px[GST_VIDEO_FORMAT_INFO_POFFSET (fi, c)] == want[c];
        if (got.bpp == 4)  /* alpha, or 0xFF padding */
          ok &= px[GST_VIDEO_FORMAT_INFO_HAS_ALPHA (fi) ?
              GST_VIDEO_FORMAT_INFO_POFFSET (fi, 3) : 3] ==
              (GST_VIDEO_FORMAT_INFO_HAS_ALPHA (fi) ? want[3] : 0xff);
      }
      if (!ok && first_bad == G_MAXSIZE)
        first_bad = p;
    }
    fail_unless (first_bad == G_MAXSIZE, "%s as %s: pixel %" G_GSIZE_FORMAT
        " differs", path, gst_video_format_to_string (formats[f]), first_bad);
    im_test_image_clear (&got);
  }
  im_test_image_clear (&ref);
  g_bytes_unref (file);
done:
  gst_im_decoder_free (dec);
  g_free (path);
}

GST_END_TEST;

/* Same-sized images reuse the scratch memory. */
GST_START_TEST (test_scratch_reused)
{
  gchar *path = g_build_filename (IM_SAMPLES_DIR, "cmyk_flower_510x532.jpg",
      NULL);
  GstImDecoder *dec = gst_im_decoder_new ();
  ImTestImage img = { 0 };
  guint8 *scratch;
  GBytes *file;
  guint i;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    goto done;
  file = im_test_read_bytes (path);
  fail_unless (decode (dec, file, 8, GST_VIDEO_FORMAT_BGRx, 0, &img, NULL));
  im_test_image_clear (&img);
  scratch = dec->scratch.data;
  fail_unless (scratch != NULL);
  for (i = 0; i < 3; i++) {
    fail_unless (decode (dec, file, 8 - i, GST_VIDEO_FORMAT_RGB, 0, &img,
            NULL));
    im_test_image_clear (&img);
    fail_unless (dec->scratch.data == scratch);
  }
  g_bytes_unref (file);
done:
  gst_im_decoder_free (dec);
  g_free (path);
}

GST_END_TEST;

/* The stored index of displayed pixel (x, y), composed another way: display
 * is a transpose (5..8), then a left-right mirror (2, 3, 6, 7), then a
 * top-bottom flip (3, 4, 7, 8); undo them in reverse order. */
static guint
stored_index (guint o, guint x, guint y, guint w, guint h)
{
  guint dw = o >= 5 ? h : w, dh = o >= 5 ? w : h, t;

  if (o == 3 || o == 4 || o == 7 || o == 8)
    y = dh - 1 - y;
  if (o == 2 || o == 3 || o == 6 || o == 7)
    x = dw - 1 - x;
  if (o >= 5) {
    t = x;
    x = y;
    y = t;
  }
  return y * w + x;
}

GST_START_TEST (test_orient_copy)
{
  const guint w = 5, h = 3;
  /* padded rows of at most 5 pixels of at most 5 bytes */
  guint8 src[3 * 27], dst[5 * 26];
  const guint8 img[4] = { 1, 2, 3, 4 }; /* 2x2: 1 2 / 3 4 */
  guint ps, o, x, y, c;
  gboolean same = TRUE;

  for (ps = 1; ps <= 5; ps++) {
    for (o = 1; o <= 8; o++) {
      const gint src_stride = w * ps + 2, dst_stride = 5 * ps + 1;
      guint dw = o >= 5 ? h : w, dh = o >= 5 ? w : h;

      for (y = 0; y < h; y++)
        for (x = 0; x < w * ps; x++)
          src[y * src_stride + x] = (y * w + x / ps) * 8 + x % ps;
      fail_unless_equals_int (gst_im_orientation_swaps_axes (o), o >= 5);
      gst_im_orient_copy (src, src_stride, w, h, ps, o, dst, dst_stride);
      for (y = 0; y < dh; y++)
        for (x = 0; x < dw; x++)
          for (c = 0; c < ps; c++)
            same &= dst[y * dst_stride + x * ps + c] ==
                stored_index (o, x, y, w, h) * 8 + c;
      fail_unless (same, "orientation %u, %u bytes per pixel", o, ps);
    }
  }
  /* orientation 6 turns clockwise: the stored bottom-left goes top-left */
  gst_im_orient_copy (img, 2, 2, 2, 1, 6, dst, 2);
  fail_unless (dst[0] == 3 && dst[1] == 1 && dst[2] == 4 && dst[3] == 2);
}

GST_END_TEST;

/* (3) EXIF: both byte orders, SHORT and LONG, and junk that must give 1. */
GST_START_TEST (test_exif_orientation)
{
  static const guint8 le[] = { 'I', 'I', 42, 0, 8, 0, 0, 0, 2, 0,
    0x0f, 0x01, 2, 0, 4, 0, 0, 0, 'a', 'b', 'c', 0,
    0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0
  };
  static const guint8 be[] = { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1,
    0x01, 0x12, 0, 4, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0
  };
  const PngSpec png_exif = { 2, 8, NULL, 0, NULL, 0, be, sizeof (be) };
  gchar *path = g_build_filename (IM_SAMPLES_DIR,
      "exif_orientation6_landscape.jpg", NULL);
  GstImDecoder *dec = gst_im_decoder_new ();
  GstImImageHeader hdr;
  GBytes *file;
  GRand *rand = g_rand_new_with_seed (42);
  guint8 junk[64], bad[sizeof (le)];
  gboolean in_range = TRUE;
  gsize n;
  guint i;

  fail_unless_equals_int (gst_im_exif_orientation (le, sizeof (le)), 6);
  fail_unless_equals_int (gst_im_exif_orientation (be, sizeof (be)), 8);
  for (n = 0; n < sizeof (le); n++)     /* every truncation */
    fail_unless (gst_im_exif_orientation (le, n) == (n >= 32 ? 6 : 1));
  memcpy (bad, le, sizeof (le));
  bad[30] = 9;                  /* out of range */
  fail_unless_equals_int (gst_im_exif_orientation (bad, sizeof (bad)), 1);
  memcpy (bad, le, sizeof (le));
  bad[4] = 0xff;                /* IFD0 beyond the end */
  fail_unless_equals_int (gst_im_exif_orientation (bad, sizeof (bad)), 1);
  fail_unless_equals_int (gst_im_exif_orientation (NULL, 0), 1);
  for (i = 0; i < 20000; i++) {
    guint o;

    for (n = 0; n < sizeof (junk); n++)
      junk[n] = g_rand_int_range (rand, 0, 4) ? g_rand_int (rand) : 0;
    memcpy (junk, i % 2 ? "II*\0" : "MM\0*", 4);
    o = gst_im_exif_orientation (junk, g_rand_int_range (rand, 0, 65));
    in_range &= o >= 1 && o <= 8;
  }
  fail_unless (in_range);

  /* a PNG with eXIf after the image data, where spng does not look */
  file = make_png (&png_exif, 3, 2, sample_value);
  fail_unless (gst_im_decoder_read_header (dec, g_bytes_get_data (file, NULL),
          g_bytes_get_size (file), &hdr, NULL));
  fail_unless_equals_int (hdr.orientation, 8);
  g_bytes_unref (file);

  if (g_file_test (path, G_FILE_TEST_EXISTS)) {
    file = im_test_read_bytes (path);
    fail_unless (gst_im_decoder_read_header (dec, g_bytes_get_data (file,
                NULL), g_bytes_get_size (file), &hdr, NULL));
    fail_unless_equals_int (hdr.orientation, 6);
    g_bytes_unref (file);
  }
  gst_im_decoder_free (dec);
  g_rand_free (rand);
  g_free (path);
}

GST_END_TEST;

/* Decoding @data must fail with a message, and without a crash. */
static void
assert_fails (GstImDecoder * dec, const guint8 * data, gsize size,
    GstImDecodeFlags flags, const gchar * what)
{
  GstImImageHeader hdr;
  GError *err = NULL;
  guint8 *dst;
  guint w, h;

  if (gst_im_decoder_read_header (dec, data, size, &hdr, &err)) {
    gst_im_decoder_scaled_size (&hdr, 8, &w, &h);
    dst = g_malloc ((gsize) w * h * 3);
    fail_if (gst_im_decoder_decode (dec, data, size, &hdr, 8,
            GST_VIDEO_FORMAT_RGB, dst, w * 3, flags, &err), "%s decoded", what);
    g_free (dst);
  }
  fail_unless (err != NULL && err->domain == GST_STREAM_ERROR &&
      err->message[0] != '\0', "%s: no error", what);
  GST_INFO ("%s: %s", what, err->message);
  g_clear_error (&err);
}

/* (4) Bad input fails with a GError and never crashes. */
GST_START_TEST (test_bad_input)
{
  gchar *jpg_path = g_build_filename (IM_SAMPLES_DIR, "testorig_227x149.jpg",
      NULL);
  gchar *png_path = g_build_filename (IM_SAMPLES_DIR,
      "png_palette_bricks_160x120.png", NULL);
  GstImDecoder *dec = gst_im_decoder_new ();
  GRand *rand = g_rand_new_with_seed (7);
  GError *err = NULL;
  GstImImageHeader hdr;
  guint8 junk[4096], out[16];
  gsize i;

  fail_if (gst_im_decoder_read_header (dec, NULL, 0, &hdr, &err));
  fail_unless (g_error_matches (err, GST_STREAM_ERROR,
          GST_STREAM_ERROR_WRONG_TYPE) && err->message[0]);
  g_clear_error (&err);
  fail_if (gst_im_decoder_decode (dec, NULL, 0, NULL, 8, GST_VIDEO_FORMAT_RGB,
          out, 3, 0, &err));
  fail_unless (err != NULL);
  g_clear_error (&err);

  for (i = 0; i < sizeof (junk); i++)
    junk[i] = g_rand_int (rand);
  junk[0] = 0;
  assert_fails (dec, junk, sizeof (junk), 0, "random bytes");
  memcpy (junk, "\xff\xd8\xff", 3);
  assert_fails (dec, junk, sizeof (junk), 0, "JPEG signature + junk");
  memcpy (junk, "\x89PNG\r\n\x1a\n", 8);
  assert_fails (dec, junk, sizeof (junk), 0, "PNG signature + junk");

  if (g_file_test (jpg_path, G_FILE_TEST_EXISTS)) {
    GBytes *file = im_test_read_bytes (jpg_path);
    gsize size = g_bytes_get_size (file), sof;
    guint8 *copy = g_memdup2 (g_bytes_get_data (file, NULL), size);
    ImTestImage img = { 0 };
    GBytes *half = g_bytes_new_from_bytes (file, 0, size / 2);

    assert_fails (dec, copy, size / 2, GST_IM_DECODE_STRICT, "half a JPEG");
    /* without STRICT, libjpeg fills in what is missing */
    fail_unless (decode (dec, half, 8, GST_VIDEO_FORMAT_RGB, 0, &img, NULL));
    im_test_image_clear (&img);
    g_bytes_unref (half);
    for (i = 1; i < 16; i++) {  /* no crash at any length */
      ImTestImage any = { 0 };
      GBytes *part = g_bytes_new_from_bytes (file, 0, size * i / 16);

      decode (dec, part, 1 + i % 8, GST_VIDEO_FORMAT_BGRA, 0, &any, NULL);
      im_test_image_clear (&any);
      g_bytes_unref (part);
    }
    /* patch SOF0 to 65000x65000 */
    for (sof = 2; sof + 9 < size && !(copy[sof] == 0xff
            && copy[sof + 1] == 0xc0); sof++);
    fail_unless (sof + 9 < size);
    im_test_put_be (copy + sof + 5, 65000, 2);
    im_test_put_be (copy + sof + 7, 65000, 2);
    assert_fails (dec, copy, size, 0, "65000x65000 JPEG");
    fail_if (gst_im_decoder_decode (dec, copy, size, NULL, 8,
            GST_VIDEO_FORMAT_RGB, out, 3, 0, &err));
    fail_unless (err != NULL && strstr (err->message, "too large"));
    g_clear_error (&err);
    g_free (copy);
    g_bytes_unref (file);
  }

  if (g_file_test (png_path, G_FILE_TEST_EXISTS)) {
    GBytes *file = im_test_read_bytes (png_path);
    gsize size = g_bytes_get_size (file);
    const guint8 *data = g_bytes_get_data (file, NULL);
    guint8 *dst = g_malloc (160 * 120 * 4);

    assert_fails (dec, data, size / 2, 0, "half a PNG");
    assert_fails (dec, data, 40, 0, "PNG header only");
    fail_unless (gst_im_decoder_read_header (dec, data, size, &hdr, NULL));
    fail_if (gst_im_decoder_decode (dec, data, size, &hdr, 4,
            GST_VIDEO_FORMAT_RGB, dst, 160 * 3, 0, &err));
    fail_unless (err != NULL && err->message[0]);
    g_clear_error (&err);
    fail_if (gst_im_decoder_decode (dec, data, size, &hdr, 8,
            GST_VIDEO_FORMAT_I420, dst, 160, 0, &err));
    fail_unless (err != NULL && err->message[0]);
    g_clear_error (&err);
    /* a header that belongs to other data */
    hdr.codec = GST_IM_CODEC_JPEG;
    fail_if (gst_im_decoder_decode (dec, data, size, &hdr, 8,
            GST_VIDEO_FORMAT_RGB, dst, 160 * 3, 0, &err));
    fail_unless (err != NULL && err->message[0]);
    g_clear_error (&err);
    g_free (dst);
    g_bytes_unref (file);
  }
  g_rand_free (rand);
  gst_im_decoder_free (dec);
  g_free (jpg_path);
  g_free (png_path);
}

GST_END_TEST;

GST_START_TEST (test_sniff)
{
  fail_unless_equals_int (gst_im_codec_sniff ((const guint8 *) "\xff\xd8\xff",
          3), GST_IM_CODEC_JPEG);
  fail_unless_equals_int (gst_im_codec_sniff ((const guint8 *) "\xff\xd8", 2),
      GST_IM_CODEC_UNKNOWN);
  fail_unless_equals_int (gst_im_codec_sniff ((const guint8 *)
          "\x89PNG\r\n\x1a\n", 8), GST_IM_CODEC_PNG);
  fail_unless_equals_int (gst_im_codec_sniff ((const guint8 *)
          "\x89PNG\r\n\x1a", 7), GST_IM_CODEC_UNKNOWN);
  fail_unless_equals_string (gst_im_codec_media_type (GST_IM_CODEC_JPEG),
      "image/jpeg");
  fail_unless_equals_string (gst_im_codec_media_type (GST_IM_CODEC_PNG),
      "image/png");
  fail_unless (gst_im_codec_media_type (GST_IM_CODEC_UNKNOWN) == NULL);
}

GST_END_TEST;

static Suite *
decoder_suite (void)
{
  Suite *s = suite_create ("decoder");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_sniff);
  tcase_add_test (tc, test_jpeg_matches_djpeg);
  tcase_add_loop_test (tc, test_jpeg_scaled_and_gray, 0,
      G_N_ELEMENTS (small_jpegs));
  tcase_add_test (tc, test_jpeg_odd_sampling);
  tcase_add_test (tc, test_png_matches_pngdec);
  tcase_add_loop_test (tc, test_png_known_samples, 0, G_N_ELEMENTS (png_specs));
  tcase_add_loop_test (tc, test_all_formats_consistent, 0,
      G_N_ELEMENTS (format_files));
  tcase_add_test (tc, test_scratch_reused);
  tcase_add_test (tc, test_orient_copy);
  tcase_add_test (tc, test_exif_orientation);
  tcase_add_test (tc, test_bad_input);
  return s;
}

GST_CHECK_MAIN (decoder);
