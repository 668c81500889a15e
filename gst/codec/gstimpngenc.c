/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/*
 * PNG encoding with libspng: 8 bits per sample, gray for GRAY8 (16 bits
 * for GRAY16_LE), RGBA for the formats with alpha and RGB otherwise
 * (padding bytes are dropped),
 * without row filters (as pngenc and libvips write it: adaptive filtering
 * makes photos about 30% smaller but takes 2-3 times as long).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <spng.h>

#include "codec/gstimencoder-private.h"
#include "gstimdebug-private.h"

GST_IM_DEBUG_CATEGORY ("im-encoder", "imagemill JPEG/PNG/PNM encoding");

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

gboolean
gst_im_png_encode (GstImEncoder * enc, const GstImEncodeSettings * settings,
    const GstImPixelLayout * layout, guint width, guint height,
    const guint8 * src, gint stride, gsize * size, GError ** error)
{
  struct spng_ihdr ihdr = { 0, };
  guint channels;
  gboolean direct;
  spng_ctx *ctx;
  gchar *xmp_text = NULL;
  gint ret;
  guint y;

  ihdr.bit_depth = 8;
  if (layout->format == GST_VIDEO_FORMAT_GRAY8) {
    ihdr.color_type = SPNG_COLOR_TYPE_GRAYSCALE;
    channels = 1;
  } else if (layout->format == GST_VIDEO_FORMAT_GRAY16_LE) {
    /* 16-bit gray PNG: samples big endian, two bytes each */
    ihdr.color_type = SPNG_COLOR_TYPE_GRAYSCALE;
    ihdr.bit_depth = 16;
    channels = 2;
  } else if (layout->has_alpha) {
    ihdr.color_type = SPNG_COLOR_TYPE_TRUECOLOR_ALPHA;
    channels = 4;
  } else {
    ihdr.color_type = SPNG_COLOR_TYPE_TRUECOLOR;
    channels = 3;
  }
  ihdr.width = width;
  ihdr.height = height;
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
  if (ret == 0 && settings->icc_profile
      && g_bytes_get_size (settings->icc_profile) > 0) {
    struct spng_iccp iccp = { "ICC Profile", 0, NULL };

    iccp.profile = (char *) g_bytes_get_data (settings->icc_profile,
        &iccp.profile_len);
    ret = spng_set_iccp (ctx, &iccp);
  }
  if (ret == 0 && settings->exif && g_bytes_get_size (settings->exif) > 0) {
    struct spng_exif exif = { 0, NULL };

    exif.data = (char *) g_bytes_get_data (settings->exif, &exif.length);
    /* spng checks the TIFF header; a refused block is left out */
    if (spng_set_exif (ctx, &exif) != 0)
      GST_DEBUG ("EXIF left out of the PNG");
  }
  if (ret == 0 && settings->xmp && g_bytes_get_size (settings->xmp) > 0) {
    struct spng_text text = { "XML:com.adobe.xmp", SPNG_ITXT, 0, NULL, 0, 0,
      (char *) "", (char *) ""
    };
    gsize n;
    const gchar *xmp = g_bytes_get_data (settings->xmp, &n);

    /* spng reads the text up to its NUL, until the image is written */
    xmp_text = g_strndup (xmp, n);
    text.text = xmp_text;
    text.length = strlen (xmp_text);
    if (spng_set_text (ctx, &text, 1) != 0)
      GST_DEBUG ("XMP left out of the PNG");
  }
  if (ret == 0)
    ret = spng_encode_image (ctx, NULL, 0, SPNG_FMT_PNG,
        SPNG_ENCODE_PROGRESSIVE | SPNG_ENCODE_FINALIZE);

  for (y = 0; ret == 0 && y < height; y++) {
    const guint8 *row = src + (gsize) y * stride;

    if (layout->format == GST_VIDEO_FORMAT_GRAY16_LE) {
      guint x;

      for (x = 0; x < width; x++) {
        enc->row.data[2 * x] = row[2 * x + 1];
        enc->row.data[2 * x + 1] = row[2 * x];
      }
      row = enc->row.data;
    } else if (!direct) {
      gst_im_unpack_row (layout, row, width, channels, enc->row.data);
      row = enc->row.data;
    }
    ret = spng_encode_row (ctx, row, (gsize) width * channels);
  }
  spng_ctx_free (ctx);
  g_free (xmp_text);
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
