/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimdecoder
 * @title: GstImDecoder
 * @short_description: JPEG and PNG decoding into caller memory
 *
 * gst_im_codec_sniff() tells JPEG from PNG by their first bytes,
 * gst_im_decoder_read_header() reads the size, channels and EXIF orientation
 * without decoding pixels, and gst_im_decoder_decode() writes the pixels, in
 * stored orientation, into rows the caller owns. A #GstImDecoder holds what is
 * worth keeping from one image to the next on one thread: a TurboJPEG handle
 * and scratch memory that only grows.
 *
 * The pixels are those of the reference tools: JPEG output equals
 * `djpeg -ppm` (libjpeg-turbo's default ISLOW DCT and fancy upsampling; CMYK
 * through djpeg's own CMYK to RGB formula), PNG output equals
 * `pngdec ! videoconvert dither=none` for 8-bit images (16-bit samples are
 * reduced to their high byte, tRNS applies to palette images only).
 * GRAY8 from colour uses libjpeg's RGB to Y weights (0.299, 0.587, 0.114 in
 * 16-bit fixed point, rounded), so gray input passes through unchanged.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "codec/gstimcodec-private.h"

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
  0x1a, '\n'
};

/* Output formats, by where each channel sits in a pixel. The x formats get
 * 0xFF in their padding byte, like TurboJPEG writes it. */
static const GstImPixelLayout pixel_layouts[] = {
  {GST_VIDEO_FORMAT_RGB, 3, 0, 1, 2, -1, FALSE},
  {GST_VIDEO_FORMAT_BGR, 3, 2, 1, 0, -1, FALSE},
  {GST_VIDEO_FORMAT_RGBA, 4, 0, 1, 2, 3, TRUE},
  {GST_VIDEO_FORMAT_BGRA, 4, 2, 1, 0, 3, TRUE},
  {GST_VIDEO_FORMAT_RGBx, 4, 0, 1, 2, 3, FALSE},
  {GST_VIDEO_FORMAT_BGRx, 4, 2, 1, 0, 3, FALSE},
  {GST_VIDEO_FORMAT_GRAY8, 1, -1, -1, -1, -1, FALSE},
  /* 16-bit gray PNGs only (gst_im_png_decode) */
  {GST_VIDEO_FORMAT_GRAY16_LE, 2, -1, -1, -1, -1, FALSE},
};

/**
 * gst_im_codec_sniff:
 * @data: (array length=size) (nullable): the start of a file
 * @size: bytes in @data
 *
 * Returns: the codec of @data by its signature: FF D8 FF for JPEG, the
 *   8-byte PNG signature for PNG, or %GST_IM_CODEC_UNKNOWN.
 */
GstImCodec
gst_im_codec_sniff (const guint8 * data, gsize size)
{
  if (data == NULL)
    return GST_IM_CODEC_UNKNOWN;
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return GST_IM_CODEC_JPEG;
  if (size >= sizeof (png_signature)
      && memcmp (data, png_signature, sizeof (png_signature)) == 0)
    return GST_IM_CODEC_PNG;
  return GST_IM_CODEC_UNKNOWN;
}

/**
 * gst_im_codec_media_type:
 * @codec: a codec
 *
 * Returns: (nullable): "image/jpeg", "image/png", or %NULL for
 *   %GST_IM_CODEC_UNKNOWN.
 */
const gchar *
gst_im_codec_media_type (GstImCodec codec)
{
  switch (codec) {
    case GST_IM_CODEC_JPEG:
      return "image/jpeg";
    case GST_IM_CODEC_PNG:
      return "image/png";
    default:
      return NULL;
  }
}

/**
 * gst_im_decoder_new: (skip)
 *
 * Creates decoding state for one thread. The TurboJPEG handle is created with
 * the first JPEG, so that a failure to create it is reported as a #GError.
 *
 * Returns: (transfer full): a new #GstImDecoder, free with
 *   gst_im_decoder_free()
 */
GstImDecoder *
gst_im_decoder_new (void)
{
  return g_new0 (GstImDecoder, 1);
}

/**
 * gst_im_decoder_free:
 * @dec: (nullable) (transfer full): a #GstImDecoder
 *
 * Frees @dec, its TurboJPEG handle and its scratch memory.
 */
void
gst_im_decoder_free (GstImDecoder * dec)
{
  if (dec == NULL)
    return;
  if (dec->tj != NULL)
    tjDestroy (dec->tj);
  gst_im_scratch_clear (&dec->scratch);
  g_free (dec);
}

/* Scratch memory of at least @size bytes. It only grows, so a stream of
 * same-sized images allocates once. */
guint8 *
gst_im_decoder_get_scratch (GstImDecoder * dec, gsize size, GError ** error)
{
  return gst_im_scratch_get (&dec->scratch, size, "decoding", error);
}

/* The size guard for headers: nothing is allocated from a header before it
 * has passed here. */
gboolean
gst_im_check_dimensions (guint64 width, guint64 height,
    const gchar * codec_name, GError ** error)
{
  if (width == 0 || height == 0) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "%s header gives an empty image (%" G_GUINT64_FORMAT "x%"
        G_GUINT64_FORMAT ")", codec_name, width, height);
    return FALSE;
  }
  if (width * height > GST_IM_MAX_PIXELS) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "%s image is too large: %" G_GUINT64_FORMAT "x%" G_GUINT64_FORMAT
        " pixels, at most 2^31 are supported", codec_name, width, height);
    return FALSE;
  }
  return TRUE;
}

const GstImPixelLayout *
gst_im_pixel_layout_get (GstVideoFormat format)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (pixel_layouts); i++) {
    if (pixel_layouts[i].format == format)
      return &pixel_layouts[i];
  }
  return NULL;
}

/* libjpeg's rgb_gray (jccolor.c): Y = 0.29900 R + 0.58700 G + 0.11400 B with
 * 16 fractional bits and rounding. The weights add up to exactly 1 << 16, so
 * R = G = B = v gives v back. */
static inline guint8
rgb_to_luma (guint r, guint g, guint b)
{
  return (guint8) ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16);
}

/*
 * gst_im_pack_row:
 * @layout: the output format
 * @src: @width pixels of @src_channels bytes: 1 gray, 2 gray+alpha, 3 RGB,
 *   4 RGBA
 * @dst: where the row of @layout pixels goes
 *
 * Converts one row into an output format. Gray is replicated into R, G and B;
 * the alpha byte gets the source alpha for the formats with alpha and 0xFF
 * otherwise; GRAY8 gets the luma of R, G, B.
 */
void
gst_im_pack_row (const GstImPixelLayout * layout, const guint8 * src,
    guint src_channels, guint width, guint8 * dst)
{
  const gboolean src_alpha = src_channels == 2 || src_channels == 4;
  guint i;

  for (i = 0; i < width; i++) {
    guint8 r, g, b, a;

    r = src[0];
    g = src_channels >= 3 ? src[1] : r;
    b = src_channels >= 3 ? src[2] : r;
    a = src_alpha && layout->has_alpha ? src[src_channels - 1] : 0xff;

    if (layout->r < 0) {
      dst[0] = rgb_to_luma (r, g, b);
    } else {
      dst[layout->r] = r;
      dst[layout->g] = g;
      dst[layout->b] = b;
      if (layout->a >= 0)
        dst[layout->a] = a;
    }
    src += src_channels;
    dst += layout->pixel_stride;
  }
}

/**
 * gst_im_decoder_read_header:
 * @dec: a #GstImDecoder
 * @data: (array length=size): a whole JPEG or PNG file
 * @size: bytes in @data
 * @header: (out caller-allocates): what the header says
 * @error: return location for a #GError
 *
 * Reads the image header without decoding pixels. Images with a zero
 * dimension or more than 2^31 pixels are refused here, before anything is
 * allocated for them.
 *
 * Returns: %TRUE on success. On failure @error is set in the
 *   %GST_STREAM_ERROR domain: %GST_STREAM_ERROR_WRONG_TYPE when @data is
 *   neither JPEG nor PNG, %GST_STREAM_ERROR_DECODE when its header is bad.
 */
gboolean
gst_im_decoder_read_header (GstImDecoder * dec, const guint8 * data,
    gsize size, GstImImageHeader * header, GError ** error)
{
  g_return_val_if_fail (dec != NULL, FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (header != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (header, 0, sizeof (*header));
  header->codec = gst_im_codec_sniff (data, size);
  header->orientation = 1;

  switch (header->codec) {
    case GST_IM_CODEC_JPEG:
      return gst_im_jpeg_read_header (dec, data, size, header, error);
    case GST_IM_CODEC_PNG:
      return gst_im_png_read_header (data, size, header, error);
    default:
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE,
          "Not a JPEG or PNG image (%" G_GSIZE_FORMAT " bytes%s)", size,
          size == 0 ? "" : ", no known signature at the start");
      return FALSE;
  }
}

/**
 * gst_im_decoder_scaled_size:
 * @header: a header from gst_im_decoder_read_header()
 * @scale_eighths: the scale in eighths, 1..8 (8 is full size); values out of
 *   range are clamped
 * @width: (out): the decoded width
 * @height: (out): the decoded height
 *
 * The size gst_im_decoder_decode() writes for @scale_eighths: for JPEG
 * TurboJPEG's TJSCALED(), which rounds up, so that an image is never scaled to
 * nothing; for PNG, which has no scaled decoding, the full size.
 */
void
gst_im_decoder_scaled_size (const GstImImageHeader * header,
    guint scale_eighths, guint * width, guint * height)
{
  guint64 s = CLAMP (scale_eighths, 1, 8);

  g_return_if_fail (header != NULL);

  if (header->codec != GST_IM_CODEC_JPEG)
    s = 8;
  if (width)
    *width = (guint) ((header->width * s + 7) / 8);
  if (height)
    *height = (guint) ((header->height * s + 7) / 8);
}

/**
 * gst_im_decoder_decode:
 * @dec: a #GstImDecoder, used by one thread at a time
 * @data: (array length=size): a whole JPEG or PNG file
 * @size: bytes in @data
 * @header: (nullable): the header of @data from gst_im_decoder_read_header(),
 *   or %NULL to read it here
 * @scale_eighths: 1..8: decode at @scale_eighths/8 of the size (JPEG DCT
 *   scaling); PNG accepts 8 only
 * @format: RGB, BGR, RGBA, BGRA, RGBx, BGRx or GRAY8
 * @dst: the first row of the output, of the size gst_im_decoder_scaled_size()
 *   gives
 * @stride: bytes from one row of @dst to the next, at least width times the
 *   pixel size
 * @flags: #GstImDecodeFlags
 * @error: return location for a #GError
 *
 * Decodes @data into @dst in stored orientation (see gst_im_orient_copy()).
 * Only the pixels of each row are written, never the padding after them.
 *
 * Without %GST_IM_DECODE_STRICT, JPEG data that libjpeg decodes around
 * (truncated files, corrupt entropy-coded segments) succeeds, with libjpeg's
 * filling for what is missing, and a GST_WARNING; with it, any libjpeg
 * warning fails the decode.
 *
 * Returns: %TRUE on success. On failure @error is set in the
 *   %GST_STREAM_ERROR domain and the content of @dst is undefined.
 */
gboolean
gst_im_decoder_decode (GstImDecoder * dec, const guint8 * data, gsize size,
    const GstImImageHeader * header, guint scale_eighths,
    GstVideoFormat format, guint8 * dst, gint stride,
    GstImDecodeFlags flags, GError ** error)
{
  GstImImageHeader own_header;
  const GstImPixelLayout *layout;
  guint width, height;

  g_return_val_if_fail (dec != NULL, FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (dst != NULL, FALSE);
  g_return_val_if_fail (scale_eighths >= 1 && scale_eighths <= 8, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (header == NULL) {
    if (!gst_im_decoder_read_header (dec, data, size, &own_header, error))
      return FALSE;
    header = &own_header;
  }

  layout = gst_im_pixel_layout_get (format);
  if (layout == NULL)
    goto bad_format;
  if (header->codec != gst_im_codec_sniff (data, size))
    goto wrong_header;
  if (header->codec == GST_IM_CODEC_PNG && scale_eighths != 8)
    goto png_scale;
  if (format == GST_VIDEO_FORMAT_GRAY16_LE && !(header->codec ==
          GST_IM_CODEC_PNG && header->n_channels == 1
          && header->bit_depth == 16))
    goto not_gray16;

  gst_im_decoder_scaled_size (header, scale_eighths, &width, &height);
  if (stride <= 0 || (guint64) stride < (guint64) width * layout->pixel_stride)
    goto bad_stride;

  if (header->codec == GST_IM_CODEC_JPEG)
    return gst_im_jpeg_decode (dec, data, size, header, scale_eighths, layout,
        dst, stride, flags, error);
  return gst_im_png_decode (dec, data, size, header, layout, dst, stride,
      error);

  /* ERRORS */
bad_format:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_NOT_IMPLEMENTED,
        "Cannot decode to %s: only RGB, BGR, RGBA, BGRA, RGBx, BGRx, "
        "GRAY8 and GRAY16_LE are supported", gst_video_format_to_string (format));
    return FALSE;
  }
wrong_header:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE,
        "The header (%s) does not belong to this data (%s)",
        GST_STR_NULL (gst_im_codec_media_type (header->codec)),
        GST_STR_NULL (gst_im_codec_media_type (gst_im_codec_sniff (data,
                    size))));
    return FALSE;
  }
not_gray16:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_NOT_IMPLEMENTED,
        "Cannot decode to GRAY16_LE: only 16-bit gray PNGs have 16 bits");
    return FALSE;
  }
png_scale:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_NOT_IMPLEMENTED,
        "PNG has no scaled decoding (asked for %u/8)", scale_eighths);
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

/**
 * gst_im_decoder_read_icc_profile:
 * @data: (array length=size): a whole JPEG or PNG file
 * @size: bytes in @data
 *
 * The ICC profile embedded in an image: a JPEG's APP2 ICC_PROFILE chunks
 * (joined in their numbers' order), a PNG's iCCP chunk (inflated). The
 * bytes are as the file holds them; nothing checks they make a valid
 * profile.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL when there is
 *   none or its chunks disagree
 */
GBytes *
gst_im_decoder_read_icc_profile (const guint8 * data, gsize size)
{
  switch (gst_im_codec_sniff (data, size)) {
    case GST_IM_CODEC_JPEG:
      return gst_im_jpeg_read_icc (data, size);
    case GST_IM_CODEC_PNG:
      return gst_im_png_read_icc (data, size);
    default:
      return NULL;
  }
}
