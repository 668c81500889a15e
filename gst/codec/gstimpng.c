/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/*
 * PNG decoding with libspng 0.7.
 *
 * The pixels match `pngdec ! videoconvert dither=none` (GStreamer 1.22,
 * libpng), checked byte for byte on every colour type at 8 bits and below:
 * - gray is replicated into R, G and B; low bit depths are scaled to 8 bits
 *   as libpng does (spng does the same);
 * - alpha is dropped for formats without alpha, and is 0xFF for images
 *   without alpha;
 * - tRNS becomes alpha, for palette images and for the colour key of gray
 *   and RGB images (matched at the image's own bit depth), as PIL, libvips
 *   and browsers apply it (pngdec leaves gray and RGB keys opaque);
 * - 16-bit gray decodes to GRAY16_LE when asked, samples as stored;
 * - otherwise 16-bit samples are reduced to their high byte (v >> 8), which is what
 *   videoconvert does from GRAY16 to GRAY8 and from ARGB64 to RGB. pngdec's
 *   own 16-bit colour output in 1.22 is broken (its ARGB64 buffers are off by
 *   one or two words), so it is no reference there;
 * - no gamma, sBIT or colour management is applied.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <spng.h>

#include <gst/imagemill/gstimorient.h>
#include "codec/gstimcodec-private.h"
#include "codec/gstimcolor-private.h"
#include "gstimdebug-private.h"

GST_DEBUG_CATEGORY_EXTERN (GST_CAT_PERFORMANCE);

GST_IM_DEBUG_CATEGORY ("im-png", "imagemill PNG decoding");

/* Limits for spng. The area is checked separately (2^31 pixels); one side
 * of at most 2^24 pixels keeps spng's row buffers under 128 MiB. Ancillary
 * chunks (text, ICC profiles, EXIF) larger than the chunk limit, or beyond
 * the cache limit in total, are skipped by spng, not treated as errors. */
#define PNG_MAX_SIDE (1 << 24)
#define PNG_MAX_CHUNK (16 * 1024 * 1024)
#define PNG_MAX_CHUNK_CACHE (64 * 1024 * 1024)

static void
set_png_error (GError ** error, const gchar * what, gint ret)
{
  g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
      "%s: %s", what, spng_strerror (ret));
}

/* A decoder context on @data with its header read and size-checked. */
static spng_ctx *
png_open (const guint8 * data, gsize size, struct spng_ihdr *ihdr,
    GError ** error)
{
  spng_ctx *ctx;
  gint ret;

  ctx = spng_ctx_new (0);
  if (ctx == NULL) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "Could not create a PNG decoder");
    return NULL;
  }
  spng_set_image_limits (ctx, PNG_MAX_SIDE, PNG_MAX_SIDE);
  spng_set_chunk_limits (ctx, PNG_MAX_CHUNK, PNG_MAX_CHUNK_CACHE);

  ret = spng_set_png_buffer (ctx, data, size);
  if (ret == 0)
    ret = spng_get_ihdr (ctx, ihdr);
  if (ret != 0) {
    set_png_error (error, "Invalid PNG header", ret);
    goto failed;
  }
  if (!gst_im_check_dimensions (ihdr->width, ihdr->height, "PNG", error))
    goto failed;
  return ctx;

failed:
  spng_ctx_free (ctx);
  return NULL;
}

/* Finds the eXIf chunk by walking the chunk list, bounds-checked. spng only
 * sees chunks after the image data once the image is decoded, and eXIf is
 * often written there. */
static guint
png_exif_orientation (const guint8 * data, gsize size)
{
  gsize pos = 8;                /* after the signature */

  /* each chunk: length (4), type (4), data, CRC (4) */
  while (size - pos >= 12) {
    /* byte by byte: GST_READ_* does unaligned loads on x86 */
    guint32 len = ((guint32) data[pos] << 24) | (data[pos + 1] << 16) |
        (data[pos + 2] << 8) | data[pos + 3];
    const guint8 *type = data + pos + 4;
    const guint8 *body = data + pos + 8;

    if (len > size - pos - 12)
      break;
    if (memcmp (type, "eXIf", 4) == 0) {
      /* some writers keep the "Exif\0\0" of the JPEG APP1 segment */
      if (len >= 6 && memcmp (body, "Exif\0\0", 6) == 0)
        return gst_im_exif_orientation (body + 6, len - 6);
      return gst_im_exif_orientation (body, len);
    }
    if (memcmp (type, "IEND", 4) == 0)
      break;
    pos += 12 + (gsize) len;
  }
  return 1;
}

gboolean
gst_im_png_read_header (const guint8 * data, gsize size,
    GstImImageHeader * header, GError ** error)
{
  struct spng_ihdr ihdr;
  struct spng_trns trns;
  spng_ctx *ctx;
  gboolean has_trns;
  gint ret;

  ctx = png_open (data, size, &ihdr, error);
  if (ctx == NULL)
    return FALSE;

  ret = spng_get_trns (ctx, &trns);
  spng_ctx_free (ctx);
  if (ret != 0 && ret != SPNG_ECHUNKAVAIL) {
    set_png_error (error, "Invalid PNG data", ret);
    return FALSE;
  }
  has_trns = ret == 0;

  header->width = ihdr.width;
  header->height = ihdr.height;
  header->bit_depth = ihdr.bit_depth == 16 ? 16 : 8;
  header->progressive = ihdr.interlace_method != SPNG_INTERLACE_NONE;
  switch (ihdr.color_type) {
    case SPNG_COLOR_TYPE_GRAYSCALE:
      /* a colour key makes alpha, see the top */
      header->n_channels = has_trns ? 2 : 1;
      break;
    case SPNG_COLOR_TYPE_GRAYSCALE_ALPHA:
      header->n_channels = 2;
      break;
    case SPNG_COLOR_TYPE_TRUECOLOR_ALPHA:
      header->n_channels = 4;
      break;
    default:                   /* palette, RGB: tRNS makes alpha */
      header->n_channels = has_trns ? 4 : 3;
      break;
  }
  header->has_alpha = header->n_channels == 2 || header->n_channels == 4;
  header->orientation = png_exif_orientation (data, size);

  GST_LOG ("%ux%u, color type %u, %u bits%s%s, orientation %u",
      header->width, header->height, ihdr.color_type, ihdr.bit_depth,
      has_trns ? ", tRNS" : "", header->progressive ? ", interlaced" : "",
      header->orientation);
  return TRUE;
}

/* A decoded row into the output format: 16-bit gray swapped to little
 * endian, the rest packed. */
static void
put_row (const GstImPixelLayout * layout, const guint8 * src,
    guint channels, guint width, guint8 * dst)
{
  guint i;

  if (layout->format != GST_VIDEO_FORMAT_GRAY16_LE) {
    gst_im_pack_row (layout, src, channels, width, dst);
    return;
  }
  for (i = 0; i < width; i++) {
    dst[2 * i] = src[2 * i + 1];
    dst[2 * i + 1] = src[2 * i];
  }
}

gboolean
gst_im_png_decode (GstImDecoder * dec, const guint8 * data, gsize size,
    const GstImImageHeader * header, const GstImPixelLayout * layout,
    guint8 * dst, gint stride, GError ** error)
{
  struct spng_ihdr ihdr;
  struct spng_row_info info;
  spng_ctx *ctx;
  gint fmt, decode_flags, ret;
  guint channels;
  gsize row_bytes;
  gboolean direct, interlaced;
  guint8 *rows = NULL;          /* where spng writes when not into @dst */
  gsize rows_stride = 0;
  guint y;

  ctx = png_open (data, size, &ihdr, error);
  if (ctx == NULL)
    return FALSE;
  if (ihdr.width != header->width || ihdr.height != header->height) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "PNG header (%ux%u) does not match the data (%ux%u)", header->width,
        header->height, ihdr.width, ihdr.height);
    goto failed;
  }

  /* What spng writes: gray for GRAY8 from gray (spng's G8 handles depths up
   * to 8), 16-bit gray as stored (big endian) for GRAY16_LE, RGBA for
   * formats with alpha, RGB otherwise. */
  if (layout->format == GST_VIDEO_FORMAT_GRAY8
      && ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE && ihdr.bit_depth <= 8) {
    fmt = SPNG_FMT_G8;
    channels = 1;
  } else if (layout->format == GST_VIDEO_FORMAT_GRAY16_LE) {
    fmt = SPNG_FMT_PNG;         /* gst_im_decoder_decode () checked: gray 16 */
    channels = 2;
  } else if (layout->has_alpha) {
    fmt = SPNG_FMT_RGBA8;
    channels = 4;
  } else {
    fmt = SPNG_FMT_RGB8;
    channels = 3;
  }
  direct = fmt == SPNG_FMT_G8
      || (fmt == SPNG_FMT_RGBA8 && layout->format == GST_VIDEO_FORMAT_RGBA)
      || (fmt == SPNG_FMT_RGB8 && layout->format == GST_VIDEO_FORMAT_RGB);
  interlaced = ihdr.interlace_method != SPNG_INTERLACE_NONE;
  row_bytes = (gsize) ihdr.width * channels;

  if (!direct) {
    /* Adam7 passes revisit rows, so they need the whole image; otherwise one
     * row is converted as soon as it is decoded. */
    gsize n_rows = interlaced ? ihdr.height : 1;

    GST_CAT_DEBUG (GST_CAT_PERFORMANCE, "PNG %ux%u to %s: decoding through "
        "%" G_GSIZE_FORMAT " scratch rows", ihdr.width, ihdr.height,
        gst_video_format_to_string (layout->format), n_rows);
    rows = gst_im_decoder_get_scratch (dec, row_bytes * n_rows, error);
    if (rows == NULL)
      goto failed;
    rows_stride = interlaced ? row_bytes : 0;
  }

  /* Progressive decoding, so that rows land at @stride without a copy. */
  decode_flags = SPNG_DECODE_PROGRESSIVE | SPNG_DECODE_TRNS;
  ret = spng_decode_image (ctx, NULL, 0, fmt, decode_flags);
  if (ret != 0)
    goto decode_error;

  do {
    guint8 *out;

    ret = spng_get_row_info (ctx, &info);
    if (ret != 0)
      break;
    if (info.row_num >= ihdr.height) {
      ret = SPNG_EINTERNAL;     /* cannot happen; never write out of bounds */
      break;
    }
    if (direct)
      out = dst + (gsize) info.row_num * stride;
    else
      out = rows + info.row_num * rows_stride;
    /* for interlaced images spng writes only this pass's pixels */
    ret = spng_decode_row (ctx, out, row_bytes);
    if (!direct && !interlaced && (ret == 0 || ret == SPNG_EOI))
      put_row (layout, out, channels, ihdr.width,
          dst + (gsize) info.row_num * stride);
  } while (ret == 0);
  if (ret != SPNG_EOI)
    goto decode_error;

  if (!direct && interlaced) {
    for (y = 0; y < ihdr.height; y++)
      put_row (layout, rows + y * row_bytes, channels, ihdr.width,
          dst + (gsize) y * stride);
  }

  spng_ctx_free (ctx);
  return TRUE;

  /* ERRORS */
decode_error:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "Could not decode PNG data (truncated or corrupt): %s",
        spng_strerror (ret));
    goto failed;
  }
failed:
  {
    spng_ctx_free (ctx);
    return FALSE;
  }
}

/* The colour profile of a PNG, by the precedence of PNG 3rd ed. 11.3.3:
 * its iCCP chunk (inflated by spng); else none with an sRGB chunk; else
 * what gAMA (and cHRM) describe, as a profile Little CMS writes. NULL
 * without any. */
GBytes *
gst_im_png_read_icc (const guint8 * data, gsize size)
{
  struct spng_ihdr ihdr;
  struct spng_iccp iccp;
  struct spng_chrm chrm = { 0, };
  spng_ctx *ctx = png_open (data, size, &ihdr, NULL);
  GBytes *icc = NULL;
  gdouble gamma;
  guint8 intent;

  if (ctx == NULL)
    return NULL;
  if (spng_get_iccp (ctx, &iccp) == 0 && iccp.profile_len > 0) {
    icc = g_bytes_new (iccp.profile, iccp.profile_len);
  } else if (spng_get_srgb (ctx, &intent) != 0
      && spng_get_gama (ctx, &gamma) == 0) {
    gboolean has_chrm = spng_get_chrm (ctx, &chrm) == 0;
    const gdouble c[8] = { chrm.white_point_x, chrm.white_point_y,
      chrm.red_x, chrm.red_y, chrm.green_x, chrm.green_y, chrm.blue_x,
      chrm.blue_y
    };
    GST_DEBUG ("PNG gAMA %.5f%s: its profile made", gamma,
        has_chrm ? " and cHRM" : "");
    icc = gst_im_color_profile_for_gamma (gamma, has_chrm ? c : NULL,
        !(ihdr.color_type & 2));
  }
  spng_ctx_free (ctx);
  return icc;
}
