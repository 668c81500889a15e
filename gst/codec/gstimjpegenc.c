/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/*
 * JPEG encoding with the TurboJPEG API of libjpeg-turbo 2.1 (no tj3*).
 *
 * tjCompress2() with its default flags, straight from the caller's rows:
 * the bytes equal what tjCompress2() gives for the same pixel format,
 * quality and subsampling.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "codec/gstimencoder-private.h"

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

/* Segments written after the JFIF header: APP1 EXIF ("Exif\0\0" + TIFF),
 * APP1 XMP (namespace + packet), then the ICC profile as APP2 chunks
 * (FF E2, length, "ICC_PROFILE\0", number, count, data). A block too
 * large for its segments is left out. */
#define ICC_HEADER 18
#define ICC_CHUNK (65535 - 16)
#define APP_MAX (65535 - 2)

static const gchar xmp_ns[] = "http://ns.adobe.com/xap/1.0/";

static gsize
blob_size (GBytes * b)
{
  return b ? g_bytes_get_size (b) : 0;
}

/* bytes of the APP1 segment of @b after a @head-byte header; 0: none */
static gsize
app1_bytes (GBytes * b, gsize head)
{
  gsize n = blob_size (b);

  return n == 0 || n + head > APP_MAX ? 0 : 4 + head + n;
}

static gsize
icc_bytes (GBytes * profile)
{
  gsize n = blob_size (profile);

  if (n == 0 || n > 255 * (gsize) ICC_CHUNK)
    return 0;
  return n + ICC_HEADER * ((n + ICC_CHUNK - 1) / ICC_CHUNK);
}

static gsize
extra_bytes (const GstImEncodeSettings * s)
{
  return app1_bytes (s->exif, 6) + app1_bytes (s->xmp, sizeof (xmp_ns)) +
      icc_bytes (s->icc_profile);
}

static guint8 *
put_app1 (guint8 * p, GBytes * b, const void *head, gsize head_len)
{
  gsize n;
  const guint8 *d = g_bytes_get_data (b, &n);

  p[0] = 0xff;
  p[1] = 0xe1;
  p[2] = (n + head_len + 2) >> 8;
  p[3] = (n + head_len + 2) & 0xff;
  memcpy (p + 4, head, head_len);
  memcpy (p + 4 + head_len, d, n);
  return p + 4 + head_len + n;
}

/* Writes the segments after the JFIF APP0 segment (or SOI) of the
 * @size-byte JPEG at @jpeg, which has room for them; returns the new
 * size. */
static gsize
insert_segments (guint8 * jpeg, gsize size, const GstImEncodeSettings * s)
{
  gsize n, extra = extra_bytes (s), at = 2, off, part;
  const guint8 *icc;
  guint count, i;
  guint8 *p;

  if (size >= 6 && jpeg[2] == 0xff && jpeg[3] == 0xe0)
    at = 4 + (jpeg[4] << 8 | jpeg[5]);
  memmove (jpeg + at + extra, jpeg + at, size - at);
  p = jpeg + at;
  if (app1_bytes (s->exif, 6))
    p = put_app1 (p, s->exif, "Exif\0", 6);
  if (app1_bytes (s->xmp, sizeof (xmp_ns)))
    p = put_app1 (p, s->xmp, xmp_ns, sizeof (xmp_ns));
  if (icc_bytes (s->icc_profile)) {
    icc = g_bytes_get_data (s->icc_profile, &n);
    count = (n + ICC_CHUNK - 1) / ICC_CHUNK;
    for (i = 0, off = 0; i < count; i++, off += part) {
      part = MIN (ICC_CHUNK, n - off);
      p[0] = 0xff;
      p[1] = 0xe2;
      p[2] = (part + 16) >> 8;
      p[3] = (part + 16) & 0xff;
      memcpy (p + 4, "ICC_PROFILE", 12);
      p[16] = i + 1;
      p[17] = count;
      memcpy (p + ICC_HEADER, icc + off, part);
      p += ICC_HEADER + part;
    }
  }
  return size + extra;
}

gboolean
gst_im_jpeg_encode (GstImEncoder * enc, const GstImEncodeSettings * settings,
    GstVideoFormat format, guint width, guint height, const guint8 * src,
    gint stride, gsize * size, GError ** error)
{
  gint subsamp = tj_subsampling (settings->subsampling, format);
  unsigned long bound, jpeg_size;
  unsigned char *out;
  gsize extra = extra_bytes (settings);

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
      || !gst_im_scratch_get (&enc->out, bound + extra, "encoding", error))
    goto failed;

  out = enc->out.data;
  jpeg_size = bound;
  if (tjCompress2 (enc->tj, src, width, stride, height,
          gst_im_tj_pixel_format (format), &out, &jpeg_size, subsamp,
          settings->quality, TJFLAG_NOREALLOC) != 0)
    goto compress_failed;
  *size = jpeg_size;
  if (extra)
    *size = insert_segments (enc->out.data, jpeg_size, settings);
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
