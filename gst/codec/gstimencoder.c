/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimencoder
 * @title: GstImEncoder
 * @short_description: JPEG, PNG, PPM and PGM encoding from caller memory
 *
 * gst_im_encoder_encode() turns one raw frame (RGB, BGR, RGBA, BGRA, RGBx,
 * BGRx or GRAY8, rows at any stride) into a whole image file in memory. A
 * #GstImEncoder holds what is worth keeping from one image to the next on one
 * thread: a TurboJPEG compressor and an output buffer and a scratch row that
 * only grow, so a stream of same-sized frames allocates nothing after the
 * first one (libspng's per-image context aside).
 *
 * JPEG is TurboJPEG's tjCompress2() with its default flags, straight from the
 * caller's rows: the bytes equal what tjCompress2() gives for the same pixel
 * format, quality and subsampling. PNG is 8 bits per sample, gray for GRAY8,
 * RGBA for the formats with alpha and RGB otherwise (padding bytes are
 * dropped), without row filters (as pngenc and libvips write it: adaptive
 * filtering makes photos about 30% smaller but takes 2-3 times as long).
 * PPM is P6 RGB; PGM is P5 gray, colour reduced with libjpeg's luma weights
 * as the decoder does.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <spng.h>

#include <gst/imagemill/gstimencoder.h>
#include "codec/gstimcodec-private.h"
#include "gstimdebug-private.h"

GST_IM_DEBUG_CATEGORY ("im-encoder", "imagemill JPEG/PNG/PNM encoding");

struct _GstImEncoder
{
  /* created on the first JPEG, so PNG-only encoders never pay for it */
  tjhandle tj;

  /* the encoded file; grow-only */
  GstImScratch out;
  gsize out_len;                /* bytes written by the PNG stream */
  GError *stream_error;         /* why the PNG stream stopped */

  /* one converted row (PNG) or packed RGB row (PGM); grow-only */
  GstImScratch row;
};

GType
gst_im_jpeg_subsampling_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_IM_JPEG_SUBSAMPLING_420, "4:2:0, chroma halved both ways", "420"},
    {GST_IM_JPEG_SUBSAMPLING_422, "4:2:2, chroma halved horizontally", "422"},
    {GST_IM_JPEG_SUBSAMPLING_444, "4:4:4, full chroma", "444"},
    {GST_IM_JPEG_SUBSAMPLING_GRAY, "Grayscale JPEG", "gray"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstImJpegSubsampling", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

/**
 * gst_im_encode_settings_init:
 * @settings: (out caller-allocates): the settings to fill in
 * @format: the file format
 *
 * Sets @settings to @format with the defaults: JPEG quality 90 at 4:2:0,
 * PNG compression level 6.
 */
void
gst_im_encode_settings_init (GstImEncodeSettings * settings,
    GstImEncodeFormat format)
{
  g_return_if_fail (settings != NULL);

  settings->format = format;
  settings->quality = 90;
  settings->subsampling = GST_IM_JPEG_SUBSAMPLING_420;
  settings->compression_level = 6;
}

/**
 * gst_im_encode_format_from_filename:
 * @filename: a file name or path
 * @input: the raw format to be encoded; decides .pnm (PGM for GRAY8, PPM
 *   otherwise); may be %GST_VIDEO_FORMAT_UNKNOWN
 * @format: (out): the format the extension names
 *
 * Reads the format from the extension, ignoring case: .jpg, .jpeg, .jpe and
 * .jfif are JPEG, .png PNG, .ppm PPM, .pgm PGM, .pnm either.
 *
 * Returns: %FALSE when the extension names none of them
 */
gboolean
gst_im_encode_format_from_filename (const gchar * filename,
    GstVideoFormat input, GstImEncodeFormat * format)
{
  static const struct
  {
    const gchar *ext;
    GstImEncodeFormat format;
  } exts[] = {
    {"jpg", GST_IM_ENCODE_JPEG}, {"jpeg", GST_IM_ENCODE_JPEG},
    {"jpe", GST_IM_ENCODE_JPEG}, {"jfif", GST_IM_ENCODE_JPEG},
    {"png", GST_IM_ENCODE_PNG}, {"ppm", GST_IM_ENCODE_PPM},
    {"pgm", GST_IM_ENCODE_PGM},
  };
  const gchar *base, *dot;
  guint i;

  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  base = strrchr (filename, '/');
  base = base ? base + 1 : filename;
  dot = strrchr (base, '.');
  if (dot == NULL)
    return FALSE;
  dot++;
  if (g_ascii_strcasecmp (dot, "pnm") == 0) {
    *format = input == GST_VIDEO_FORMAT_GRAY8 ? GST_IM_ENCODE_PGM :
        GST_IM_ENCODE_PPM;
    return TRUE;
  }
  for (i = 0; i < G_N_ELEMENTS (exts); i++) {
    if (g_ascii_strcasecmp (dot, exts[i].ext) == 0) {
      *format = exts[i].format;
      return TRUE;
    }
  }
  return FALSE;
}

/**
 * gst_im_encode_format_name:
 * @format: a format
 *
 * Returns: "JPEG", "PNG", "PPM" or "PGM"
 */
const gchar *
gst_im_encode_format_name (GstImEncodeFormat format)
{
  switch (format) {
    case GST_IM_ENCODE_JPEG:
      return "JPEG";
    case GST_IM_ENCODE_PNG:
      return "PNG";
    case GST_IM_ENCODE_PPM:
      return "PPM";
    case GST_IM_ENCODE_PGM:
      return "PGM";
    default:
      return "unknown";
  }
}

/**
 * gst_im_encoder_new:
 *
 * Creates encoding state for one thread. The TurboJPEG handle is created with
 * the first JPEG, so that a failure to create it is reported as a #GError.
 *
 * Returns: (transfer full): a new #GstImEncoder, free with
 *   gst_im_encoder_free()
 */
GstImEncoder *
gst_im_encoder_new (void)
{
  return g_new0 (GstImEncoder, 1);
}

/**
 * gst_im_encoder_free:
 * @enc: (nullable) (transfer full): a #GstImEncoder
 *
 * Frees @enc, its TurboJPEG handle and its buffers; the data the last
 * gst_im_encoder_encode() returned goes with them.
 */
void
gst_im_encoder_free (GstImEncoder * enc)
{
  if (enc == NULL)
    return;
  if (enc->tj != NULL)
    tjDestroy (enc->tj);
  gst_im_scratch_clear (&enc->out);
  gst_im_scratch_clear (&enc->row);
  g_clear_error (&enc->stream_error);
  g_free (enc);
}

/* One row of @layout pixels as packed RGB (@channels 3) or RGBA (4); gray
 * is replicated, missing alpha is opaque. */
static void
unpack_row (const GstImPixelLayout * layout, const guint8 * src, guint width,
    guint channels, guint8 * dst)
{
  guint i;

  for (i = 0; i < width; i++) {
    if (layout->r < 0) {
      dst[0] = dst[1] = dst[2] = src[0];
    } else {
      dst[0] = src[layout->r];
      dst[1] = src[layout->g];
      dst[2] = src[layout->b];
    }
    if (channels == 4)
      dst[3] = layout->has_alpha ? src[layout->a] : 0xff;
    src += layout->pixel_stride;
    dst += channels;
  }
}

/* ---- JPEG ---- */

static gint
tj_subsampling (GstImJpegSubsampling subsampling, GstVideoFormat format)
{
  /* libjpeg cannot make colour from a gray source */
  if (format == GST_VIDEO_FORMAT_GRAY8)
    return TJSAMP_GRAY;
  switch (subsampling) {
    case GST_IM_JPEG_SUBSAMPLING_422:
      return TJSAMP_422;
    case GST_IM_JPEG_SUBSAMPLING_444:
      return TJSAMP_444;
    case GST_IM_JPEG_SUBSAMPLING_GRAY:
      return TJSAMP_GRAY;
    default:
      return TJSAMP_420;
  }
}

static gboolean
encode_jpeg (GstImEncoder * enc, const GstImEncodeSettings * settings,
    GstVideoFormat format, guint width, guint height, const guint8 * src,
    gint stride, gsize * size, GError ** error)
{
  gint subsamp = tj_subsampling (settings->subsampling, format);
  unsigned long bound, jpeg_size;
  unsigned char *out;

  if (width > 65535 || height > 65535)
    goto too_big;
  if (enc->tj == NULL) {
    enc->tj = tjInitCompress ();
    if (enc->tj == NULL)
      goto no_handle;
  }

  /* TurboJPEG's worst case, so that TJFLAG_NOREALLOC never fails and the
   * buffer stays ours */
  bound = tjBufSize (width, height, subsamp);
  if (bound == (unsigned long) -1
      || !gst_im_scratch_get (&enc->out, bound, "encoding", error))
    goto failed;

  out = enc->out.data;
  jpeg_size = enc->out.size;
  if (tjCompress2 (enc->tj, src, width, stride, height,
          gst_im_tj_pixel_format (format), &out, &jpeg_size, subsamp,
          settings->quality, TJFLAG_NOREALLOC) != 0)
    goto compress_failed;
  *size = jpeg_size;
  return TRUE;

  /* ERRORS */
too_big:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE,
        "%ux%u is too large for JPEG (at most 65535 pixels a side)", width,
        height);
    return FALSE;
  }
no_handle:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE,
        "Could not create a TurboJPEG compressor: %s", tjGetErrorStr2 (NULL));
    return FALSE;
  }
compress_failed:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE,
        "Could not encode JPEG: %s", tjGetErrorStr2 (enc->tj));
    /* a new handle is cheap; never reuse one in an unknown state */
    tjDestroy (enc->tj);
    enc->tj = NULL;
    goto failed;
  }
failed:
  {
    if (error && *error == NULL)
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE,
          "Could not size a %ux%u JPEG", width, height);
    return FALSE;
  }
}

/* ---- PNG ---- */

/* libspng's write callback: appends to the output buffer, doubling it. */
static int
png_write (spng_ctx * ctx, void *user, void *data, size_t length)
{
  GstImEncoder *enc = user;
  gsize need = enc->out_len + length;

  if (need > enc->out.size) {
    gsize alloc = MAX (need, MAX (enc->out.size * 2, 64 * 1024));
    guint8 *bigger = g_try_realloc (enc->out.data, alloc);

    if (bigger == NULL) {
      g_set_error (&enc->stream_error, GST_STREAM_ERROR,
          GST_STREAM_ERROR_ENCODE, "Could not allocate %" G_GSIZE_FORMAT
          " bytes of PNG output", alloc);
      return SPNG_IO_ERROR;
    }
    enc->out.data = bigger;
    enc->out.size = alloc;
  }
  memcpy (enc->out.data + enc->out_len, data, length);
  enc->out_len = need;
  return 0;
}

static gboolean
encode_png (GstImEncoder * enc, const GstImEncodeSettings * settings,
    const GstImPixelLayout * layout, guint width, guint height,
    const guint8 * src, gint stride, gsize * size, GError ** error)
{
  struct spng_ihdr ihdr = { 0, };
  guint channels;
  gboolean direct;
  spng_ctx *ctx;
  gint ret;
  guint y;

  if (layout->format == GST_VIDEO_FORMAT_GRAY8) {
    ihdr.color_type = SPNG_COLOR_TYPE_GRAYSCALE;
    channels = 1;
  } else if (layout->has_alpha) {
    ihdr.color_type = SPNG_COLOR_TYPE_TRUECOLOR_ALPHA;
    channels = 4;
  } else {
    ihdr.color_type = SPNG_COLOR_TYPE_TRUECOLOR;
    channels = 3;
  }
  ihdr.width = width;
  ihdr.height = height;
  ihdr.bit_depth = 8;
  direct = layout->format == GST_VIDEO_FORMAT_GRAY8
      || layout->format == GST_VIDEO_FORMAT_RGB
      || layout->format == GST_VIDEO_FORMAT_RGBA;
  if (!direct) {
    GST_LOG ("PNG from %s: converting rows",
        gst_video_format_to_string (layout->format));
    if (!gst_im_scratch_get (&enc->row, (gsize) width * channels,
            "encoding", error))
      return FALSE;
  }

  ctx = spng_ctx_new (SPNG_CTX_ENCODER);
  if (ctx == NULL)
    goto no_context;
  enc->out_len = 0;
  g_clear_error (&enc->stream_error);
  ret = spng_set_png_stream (ctx, png_write, enc);
  if (ret == 0)
    ret = spng_set_option (ctx, SPNG_IMG_COMPRESSION_LEVEL,
        settings->compression_level);
  /* no row filter, as pngenc and libvips: adaptive filtering makes photos
   * about 30% smaller but costs 2-3 times the time at level 6 */
  if (ret == 0)
    ret = spng_set_option (ctx, SPNG_FILTER_CHOICE, SPNG_FILTER_CHOICE_NONE);
  if (ret == 0)
    ret = spng_set_ihdr (ctx, &ihdr);
  if (ret == 0)
    ret = spng_encode_image (ctx, NULL, 0, SPNG_FMT_PNG,
        SPNG_ENCODE_PROGRESSIVE | SPNG_ENCODE_FINALIZE);

  for (y = 0; ret == 0 && y < height; y++) {
    const guint8 *row = src + (gsize) y * stride;

    if (!direct) {
      unpack_row (layout, row, width, channels, enc->row.data);
      row = enc->row.data;
    }
    ret = spng_encode_row (ctx, row, (gsize) width * channels);
  }
  spng_ctx_free (ctx);
  /* the last row returns SPNG_EOI once the file is finalized */
  if (ret != SPNG_EOI)
    goto encode_failed;
  *size = enc->out_len;
  return TRUE;

  /* ERRORS */
no_context:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE,
        "Could not create a PNG encoder");
    return FALSE;
  }
encode_failed:
  {
    if (enc->stream_error)
      g_propagate_error (error, g_steal_pointer (&enc->stream_error));
    else
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE,
          "Could not encode PNG: %s", ret == 0 ? "image not finished" :
          spng_strerror (ret));
    return FALSE;
  }
}

/* ---- PPM, PGM ---- */

static gboolean
encode_pnm (GstImEncoder * enc, GstImEncodeFormat format,
    const GstImPixelLayout * layout, guint width, guint height,
    const guint8 * src, gint stride, gsize * size, GError ** error)
{
  const gboolean gray = format == GST_IM_ENCODE_PGM;
  const guint channels = gray ? 1 : 3;
  const gsize row_bytes = (gsize) width * channels;
  gchar header[64];
  gsize header_len;
  guint8 *dst;
  guint y;

  header_len = g_snprintf (header, sizeof (header), "%s\n%u %u\n255\n",
      gray ? "P5" : "P6", width, height);
  if (!gst_im_scratch_get (&enc->out, header_len +
          row_bytes * height, "encoding", error))
    return FALSE;
  /* colour to gray goes through packed RGB, then the decoder's luma */
  if (gray && layout->r >= 0 && !gst_im_scratch_get (&enc->row,
          (gsize) width * 3, "encoding", error))
    return FALSE;

  memcpy (enc->out.data, header, header_len);
  dst = enc->out.data + header_len;
  for (y = 0; y < height; y++, dst += row_bytes) {
    const guint8 *row = src + (gsize) y * stride;

    if (layout->format == GST_VIDEO_FORMAT_GRAY8 && gray) {
      memcpy (dst, row, row_bytes);
    } else if (layout->format == GST_VIDEO_FORMAT_RGB && !gray) {
      memcpy (dst, row, row_bytes);
    } else if (!gray) {
      unpack_row (layout, row, width, 3, dst);
    } else {
      unpack_row (layout, row, width, 3, enc->row.data);
      gst_im_pack_row (gst_im_pixel_layout_get (GST_VIDEO_FORMAT_GRAY8),
          enc->row.data, 3, width, dst);
    }
  }
  *size = header_len + row_bytes * height;
  return TRUE;
}

/**
 * gst_im_encoder_encode:
 * @enc: a #GstImEncoder, used by one thread at a time
 * @settings: the format and its options
 * @format: RGB, BGR, RGBA, BGRA, RGBx, BGRx or GRAY8
 * @width: width in pixels
 * @height: height in pixels
 * @src: the first row of the frame
 * @stride: bytes from one row of @src to the next, at least @width times the
 *   pixel size
 * @data: (out) (transfer none): the encoded file, owned by @enc and valid
 *   until the next call on @enc
 * @size: (out): bytes in @data
 * @error: return location for a #GError
 *
 * Encodes one frame into a whole file in memory. Only the pixels of each row
 * are read, never the padding after them.
 *
 * Returns: %TRUE on success. On failure @error is set in the
 *   %GST_STREAM_ERROR domain.
 */
gboolean
gst_im_encoder_encode (GstImEncoder * enc,
    const GstImEncodeSettings * settings, GstVideoFormat format, guint width,
    guint height, const guint8 * src, gint stride, const guint8 ** data,
    gsize * size, GError ** error)
{
  const GstImPixelLayout *layout;
  gboolean ok;

  g_return_val_if_fail (enc != NULL, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (settings->quality >= 1 && settings->quality <= 100,
      FALSE);
  g_return_val_if_fail (settings->compression_level <= 9, FALSE);
  g_return_val_if_fail (src != NULL, FALSE);
  g_return_val_if_fail (data != NULL && size != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *data = NULL;
  *size = 0;
  layout = gst_im_pixel_layout_get (format);
  if (layout == NULL)
    goto bad_format;
  if (width == 0 || height == 0 || (guint64) width * height > GST_IM_MAX_PIXELS)
    goto bad_size;
  if (stride <= 0 || (guint64) stride < (guint64) width * layout->pixel_stride)
    goto bad_stride;

  GST_LOG ("%s %ux%u %s, stride %d", gst_im_encode_format_name
      (settings->format), width, height, gst_video_format_to_string (format),
      stride);
  switch (settings->format) {
    case GST_IM_ENCODE_JPEG:
      ok = encode_jpeg (enc, settings, format, width, height, src, stride,
          size, error);
      break;
    case GST_IM_ENCODE_PNG:
      ok = encode_png (enc, settings, layout, width, height, src, stride,
          size, error);
      break;
    case GST_IM_ENCODE_PPM:
    case GST_IM_ENCODE_PGM:
      ok = encode_pnm (enc, settings->format, layout, width, height, src,
          stride, size, error);
      break;
    default:
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_NOT_IMPLEMENTED,
          "Unknown output format %d", settings->format);
      ok = FALSE;
      break;
  }
  if (ok)
    *data = enc->out.data;
  else
    *size = 0;
  return ok;

  /* ERRORS */
bad_format:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_NOT_IMPLEMENTED,
        "Cannot encode %s: only RGB, BGR, RGBA, BGRA, RGBx, BGRx and GRAY8 "
        "are supported", gst_video_format_to_string (format));
    return FALSE;
  }
bad_size:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE,
        "Cannot encode a %ux%u image: it must have 1 to 2^31 pixels", width,
        height);
    return FALSE;
  }
bad_stride:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "Stride %d is too small for %u pixels of %u bytes", stride, width,
        layout->pixel_stride);
    return FALSE;
  }
}
