/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/*
 * JPEG decoding with the TurboJPEG API of libjpeg-turbo 2.1 (no tj3*).
 *
 * Pixels match `djpeg -ppm`: TurboJPEG's defaults are djpeg's (ISLOW DCT,
 * fancy upsampling), and CMYK goes through djpeg's own CMYK to RGB formula.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/imagemill/gstimorient.h>
#include "codec/gstimcodec-private.h"
#include "gstimdebug-private.h"

GST_DEBUG_CATEGORY_EXTERN (GST_CAT_PERFORMANCE);

GST_IM_DEBUG_CATEGORY ("im-jpeg", "imagemill JPEG decoding");

/* The start of every warning text of libjpeg-turbo 2.1 (JWRN_* in
 * jerror.h). See jpeg_failed_on_warning_only() for why they are needed. */
static const gchar *const warning_texts[] = {
  "Corrupt JPEG data",
  "Premature end of JPEG file",
  "Inconsistent progression sequence",
  "Unknown Adobe color transform",
  "Warning: unknown JFIF revision",
  "Invalid SOS parameters for sequential JPEG",
};

/* TurboJPEG 2.1 reports TJERR_WARNING whenever libjpeg warned during the
 * call, even when a fatal error came after the warning and the image is only
 * partly written. The error text tells them apart: libjpeg keeps its first
 * warning there and a fatal error overwrites it. Unknown texts count as
 * fatal. */
static gboolean
jpeg_failed_on_warning_only (tjhandle tj, const gchar * msg)
{
  guint i;

  if (tjGetErrorCode (tj) != TJERR_WARNING)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (warning_texts); i++) {
    if (g_str_has_prefix (msg, warning_texts[i]))
      return TRUE;
  }
  return FALSE;
}

static void
set_jpeg_error (GError ** error, const gchar * msg)
{
  if (g_str_has_prefix (msg, "Premature end of JPEG file"))
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "Truncated JPEG data (%s)", msg);
  else
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "Could not decode JPEG data: %s", msg);
}

/* The decoder's TurboJPEG handle, created on first use. */
static tjhandle
get_tj (GstImDecoder * dec, GError ** error)
{
  if (dec->tj == NULL) {
    dec->tj = tjInitDecompress ();
    if (dec->tj == NULL)
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
          "Could not create a TurboJPEG decompressor: %s",
          tjGetErrorStr2 (NULL));
  }
  return dec->tj;
}

/* Drops the handle after a call failed; the next call makes a new one.
 * TurboJPEG 2.1's tjDecompressHeader3() returns from a libjpeg error without
 * aborting the decompressor, which then misreads the next image (it reports
 * the old error again). Failures are rare, a new handle is cheap. Call it
 * only once the error text, which may live in the handle, is copied. */
static void
drop_tj (GstImDecoder * dec)
{
  tjDestroy (dec->tj);
  dec->tj = NULL;
}

/* Width, height and TJCS colourspace from TurboJPEG. */
static gboolean
jpeg_header_info (GstImDecoder * dec, const guint8 * data, gsize size,
    gint * width, gint * height, gint * colorspace, GError ** error)
{
  tjhandle tj = get_tj (dec, error);
  gint subsamp = -1;

  if (tj == NULL)
    return FALSE;

  /* A tables-only stream returns 0 without touching the outputs. */
  *width = *height = 0;
  *colorspace = -1;

  if (tjDecompressHeader3 (tj, data, size, width, height, &subsamp,
          colorspace) != 0) {
    /* tjGetErrorStr2() clears the error, so read it once */
    const gchar *msg = tjGetErrorStr2 (tj);

    /* TurboJPEG 2.1 refuses chroma sampling factors it has no TJSAMP_* for,
     * although tjDecompress2() decodes them; the subsampling is the one
     * thing we do not need. */
    gboolean unknown_subsamp = subsamp < 0 && strstr (msg, "subsampling");
    gboolean usable = (jpeg_failed_on_warning_only (tj, msg)
        || unknown_subsamp) && *colorspace >= 0;

    if (usable)
      GST_DEBUG ("header read despite: %s", msg);
    else
      set_jpeg_error (error, msg);
    drop_tj (dec);
    if (!usable)
      return FALSE;
  }

  if (*width < 1 || *height < 1) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "JPEG data holds no image (tables only)");
    return FALSE;
  }
  return gst_im_check_dimensions (*width, *height, "JPEG", error);
}

/* The next marker segment at or after *@pos (start at 2, after SOI), up to
 * the scan: its marker, body and length, *@pos moved past it. FALSE at
 * SOS or EOI, at the end, or at anything that is not a whole marker
 * segment: every read is bounds-checked. */
gboolean
gst_im_jpeg_next_segment (const guint8 * data, gsize size, gsize * pos,
    guint8 * marker, const guint8 ** body, gsize * len)
{
  gsize l;
  guint8 m;

  /* each step needs a marker (2 bytes) and a segment length (2 bytes) */
  while (*pos + 4 <= size) {
    if (data[*pos] != 0xff)
      return FALSE;             /* not at a marker: corrupt, leave it */
    m = data[*pos + 1];
    if (m == 0xff) {            /* fill byte before a marker */
      (*pos)++;
      continue;
    }
    *pos += 2;
    /* markers without a length */
    if (m == 0x01 || m == 0xd8 || (m >= 0xd0 && m <= 0xd7))
      continue;
    /* SOS starts the entropy-coded data; nothing we read comes after */
    if (m == 0xda || m == 0xd9)
      return FALSE;
    l = (data[*pos] << 8) | data[*pos + 1];
    if (l < 2 || l > size - *pos)
      return FALSE;
    *marker = m;
    *body = data + *pos + 2;
    *len = l - 2;
    *pos += l;
    return TRUE;
  }
  return FALSE;
}

/* What TurboJPEG does not report: the SOF type and the EXIF orientation. */
static void
jpeg_scan_markers (const guint8 * data, gsize size, gboolean * progressive,
    guint * orientation)
{
  gboolean have_exif = FALSE;
  const guint8 *seg;
  gsize pos = 2, len;
  guint8 marker;

  *progressive = FALSE;
  *orientation = 1;
  while (gst_im_jpeg_next_segment (data, size, &pos, &marker, &seg, &len)) {
    /* SOF2: progressive Huffman, SOF10: progressive arithmetic */
    if (marker == 0xc2 || marker == 0xca) {
      *progressive = TRUE;
    } else if (marker == 0xe1 && !have_exif && len >= 6
        && memcmp (seg, "Exif\0\0", 6) == 0) {
      *orientation = gst_im_exif_orientation (seg + 6, len - 6);
      have_exif = TRUE;
    }
  }
}

gboolean
gst_im_jpeg_read_header (GstImDecoder * dec, const guint8 * data,
    gsize size, GstImImageHeader * header, GError ** error)
{
  gint width, height, colorspace;

  if (!jpeg_header_info (dec, data, size, &width, &height, &colorspace, error))
    return FALSE;

  header->width = width;
  header->height = height;
  header->bit_depth = 8;
  header->has_alpha = FALSE;
  header->is_cmyk = colorspace == TJCS_CMYK || colorspace == TJCS_YCCK;
  if (header->is_cmyk)
    header->n_channels = 4;
  else if (colorspace == TJCS_GRAY)
    header->n_channels = 1;
  else
    header->n_channels = 3;
  jpeg_scan_markers (data, size, &header->progressive, &header->orientation);

  GST_LOG ("%ux%u, %u channels%s%s, orientation %u", header->width,
      header->height, header->n_channels, header->is_cmyk ? ", CMYK" : "",
      header->progressive ? ", progressive" : "", header->orientation);
  return TRUE;
}

/* TurboJPEG's pixel format for ours, TJPF_UNKNOWN when it has none */
gint
gst_im_tj_pixel_format (GstVideoFormat format)
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
    case GST_VIDEO_FORMAT_GRAY8:
      return TJPF_GRAY;
    default:
      return TJPF_UNKNOWN;
  }
}

/* djpeg's cmyk_to_rgb() (cmyk.h) for Adobe's inverted CMYK, in place: a row
 * of CMYK becomes a row of RGB. djpeg computes (JSAMPLE)(c * k / 255.0 + 0.5);
 * (c * k + 127) / 255 is the same number, since c * k / 255 is never exactly
 * halfway between two integers. */
static void
cmyk_row_to_rgb (guint8 * row, guint width)
{
  const guint8 *src = row;
  guint8 *dst = row;
  guint i;

  for (i = 0; i < width; i++, src += 4, dst += 3) {
    guint k = src[3];

    dst[0] = (src[0] * k + 127) / 255;
    dst[1] = (src[1] * k + 127) / 255;
    dst[2] = (src[2] * k + 127) / 255;
  }
}

/* Runs tjDecompress2() and sorts out its result. Returns FALSE with @error
 * set on failure. */
static gboolean
jpeg_decompress (GstImDecoder * dec, const guint8 * data, gsize size,
    guint8 * dst, guint width, gint pitch, guint height, gint pixel_format,
    GstImDecodeFlags flags, GError ** error)
{
  const gboolean strict = (flags & GST_IM_DECODE_STRICT) != 0;
  tjhandle tj = get_tj (dec, error);
  gint tjflags = TJFLAG_LIMITSCANS;
  const gchar *msg;
  gboolean ok;

  if (tj == NULL)
    return FALSE;
  if (strict)
    tjflags |= TJFLAG_STOPONWARNING;

  /* TurboJPEG picks the largest scale whose size fits width x height; we
   * pass exactly TJSCALED() of the scale we want. */
  if (tjDecompress2 (tj, data, size, dst, width, pitch, height, pixel_format,
          tjflags) == 0)
    return TRUE;

  msg = tjGetErrorStr2 (tj);
  ok = !strict && jpeg_failed_on_warning_only (tj, msg);
  if (ok)
    GST_WARNING ("decoded around corrupt data: %s", msg);
  else
    set_jpeg_error (error, msg);
  drop_tj (dec);
  return ok;
}

gboolean
gst_im_jpeg_decode (GstImDecoder * dec, const guint8 * data, gsize size,
    const GstImImageHeader * header, guint scale_eighths,
    const GstImPixelLayout * layout, guint8 * dst, gint stride,
    GstImDecodeFlags flags, GError ** error)
{
  gint width, height, colorspace;
  gboolean is_cmyk;
  guint sw, sh, y;
  guint8 *cmyk;

  /* The caller sized @dst from @header: make sure it describes this data,
   * or TurboJPEG would quietly pick another scale to fit. */
  if (!jpeg_header_info (dec, data, size, &width, &height, &colorspace, error))
    return FALSE;
  is_cmyk = colorspace == TJCS_CMYK || colorspace == TJCS_YCCK;
  if ((guint) width != header->width || (guint) height != header->height
      || is_cmyk != (header->is_cmyk != FALSE)) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "JPEG header (%ux%u) does not match the data (%dx%d)", header->width,
        header->height, width, height);
    return FALSE;
  }
  gst_im_decoder_scaled_size (header, scale_eighths, &sw, &sh);

  if (!header->is_cmyk)
    return jpeg_decompress (dec, data, size, dst, sw, stride, sh,
        gst_im_tj_pixel_format (layout->format), flags, error);

  /* libjpeg converts CMYK to nothing but CMYK: decode to scratch, then
   * convert each row as djpeg does. */
  GST_CAT_DEBUG (GST_CAT_PERFORMANCE, "CMYK JPEG %ux%u: decoding through "
      "scratch memory", sw, sh);
  cmyk = gst_im_decoder_get_scratch (dec, (gsize) sw * sh * 4, error);
  if (cmyk == NULL)
    return FALSE;
  if (!jpeg_decompress (dec, data, size, cmyk, sw, sw * 4, sh, TJPF_CMYK,
          flags, error))
    return FALSE;

  for (y = 0; y < sh; y++) {
    guint8 *row = cmyk + (gsize) y * sw * 4;

    cmyk_row_to_rgb (row, sw);
    gst_im_pack_row (layout, row, 3, sw, dst + (gsize) y * stride);
  }
  return TRUE;
}

/* The ICC profile of a JPEG: its APP2 "ICC_PROFILE" chunks, numbered 1..n
 * of n, joined in their numbers' order (writers may store them in any
 * order). NULL without one, or when the chunks disagree (a count that
 * changes, a number missing or twice): a broken profile is no profile. */
GBytes *
gst_im_jpeg_read_icc (const guint8 * data, gsize size)
{
  static const guint8 tag[12] = "ICC_PROFILE";
  const guint8 *chunk[256] = { NULL };
  gsize chunk_len[256], pos = 2, len, total = 0;
  guint count = 0, i;
  guint8 marker, *icc;
  const guint8 *seg;

  while (gst_im_jpeg_next_segment (data, size, &pos, &marker, &seg, &len)) {
    if (marker != 0xe2 || len < 14 || memcmp (seg, tag, 12) != 0)
      continue;
    /* seg[12]: this chunk's number from 1, seg[13]: how many */
    if (seg[12] == 0 || seg[13] == 0 || (count && seg[13] != count)
        || seg[12] > seg[13] || chunk[seg[12]])
      return NULL;
    count = seg[13];
    chunk[seg[12]] = seg + 14;
    chunk_len[seg[12]] = len - 14;
    total += len - 14;
  }
  for (i = 1; i <= count; i++)
    if (chunk[i] == NULL)
      return NULL;
  if (count == 0 || total == 0)
    return NULL;
  icc = g_malloc (total);
  for (i = 1, pos = 0; i <= count; pos += chunk_len[i], i++)
    memcpy (icc + pos, chunk[i], chunk_len[i]);
  return g_bytes_new_take (icc, total);
}
