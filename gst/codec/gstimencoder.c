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

#include "codec/gstimencoder-private.h"
#include "gstimdebug-private.h"

/* The state and the dispatch shared by the codecs; each codec is a file of
 * its own: gstimjpegenc.c, gstimpngenc.c, gstimpnmenc.c. */

GST_IM_DEBUG_CATEGORY ("im-encoder", "imagemill JPEG/PNG/PNM encoding");

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
  settings->icc_profile = NULL;
  settings->exif = NULL;
  settings->xmp = NULL;
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
    *format = input == GST_VIDEO_FORMAT_GRAY8
        || input == GST_VIDEO_FORMAT_GRAY16_LE ? GST_IM_ENCODE_PGM :
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
 * gst_im_encoder_new: (skip)
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
  gst_im_scratch_clear (&enc->gray8);
  g_clear_error (&enc->stream_error);
  g_free (enc);
}

/* One row of @layout pixels as packed RGB (@channels 3) or RGBA (4); gray
 * is replicated, missing alpha is opaque. */
void
gst_im_unpack_row (const GstImPixelLayout * layout, const guint8 * src,
    guint width, guint channels, guint8 * dst)
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

/* @src's 16-bit gray samples as bytes (the high byte), packed. */
static gboolean
high_bytes (GstImEncoder * enc, guint width, guint height, const guint8 * src,
    gint stride, GError ** error)
{
  guint x, y;
  guint8 *d;

  if (!gst_im_scratch_get (&enc->gray8, (gsize) width * height, "encoding",
          error))
    return FALSE;
  for (y = 0; y < height; y++) {
    d = enc->gray8.data + (gsize) y * width;
    for (x = 0; x < width; x++)
      d[x] = src[(gsize) y * stride + 2 * x + 1];
  }
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
  /* 16-bit gray: PNG keeps the 16 bits, JPEG and PNM get the high byte */
  if (format == GST_VIDEO_FORMAT_GRAY16_LE
      && settings->format != GST_IM_ENCODE_PNG) {
    if (!high_bytes (enc, width, height, src, stride, error))
      return FALSE;
    return gst_im_encoder_encode (enc, settings, GST_VIDEO_FORMAT_GRAY8,
        width, height, enc->gray8.data, width, data, size, error);
  }
  switch (settings->format) {
    case GST_IM_ENCODE_JPEG:
      ok = gst_im_jpeg_encode (enc, settings, format, width, height, src,
          stride, size, error);
      break;
    case GST_IM_ENCODE_PNG:
      ok = gst_im_png_encode (enc, settings, layout, width, height, src,
          stride, size, error);
      break;
    case GST_IM_ENCODE_PPM:
    case GST_IM_ENCODE_PGM:
      ok = gst_im_pnm_encode (enc, settings->format, layout, width, height,
          src, stride, size, error);
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
        "Cannot encode %s: only RGB, BGR, RGBA, BGRA, RGBx, BGRx, GRAY8 and "
        "GRAY16_LE are supported", gst_video_format_to_string (format));
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
