/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * EXIF and XMP of an image, read from the file to be written again:
 * found (JPEG APP1, PNG eXIf and iTXt), checked (EXIF: every IFD walked,
 * bounded, loops refused: a block that does not parse is dropped, never
 * copied), and turned upright (Orientation 1 once the pixels are).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/imagemill/gstimdecoder.h>
#include <gst/imagemill/gstimmetadatameta.h>
#include "codec/gstimcodec-private.h"

#define TAG_ORIENTATION 0x0112
#define MAX_IFDS 16
#define MAX_ENTRIES 1024

static const gchar xmp_ns[] = "http://ns.adobe.com/xap/1.0/";

/* bytes of one value of TIFF type @type; 0: unknown */
static guint
type_size (guint32 type)
{
  static const guint sizes[] = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8 };

  return type < G_N_ELEMENTS (sizes) ? sizes[type] : 0;
}

/* Walks @tiff's IFD chain and sub-IFDs (EXIF, GPS, interoperability):
 * each IFD inside, each entry's data inside, no IFD twice, at most
 * MAX_IFDS of MAX_ENTRIES entries. @orientation: where IFD0's Orientation
 * value lies (0: none), @width its bytes (SHORT 2, LONG 4). */
static gboolean
walk (const guint8 * tiff, gsize size, gsize * orientation, guint * width)
{
  guint32 queue[MAX_IFDS], magic, off, n, tag, type, count, value, i;
  guint n_queue = 0, done = 0, k;
  gboolean le;
  guint64 e, bytes;

  *orientation = 0;
  if (size < 8 || !((tiff[0] == 'I' && tiff[1] == 'I') || (tiff[0] == 'M'
              && tiff[1] == 'M')))
    return FALSE;
  le = tiff[0] == 'I';
  if (!gst_im_tiff_read (tiff, size, 2, 2, le, &magic) || magic != 42
      || !gst_im_tiff_read (tiff, size, 4, 4, le, &off))
    return FALSE;
  queue[n_queue++] = off;
  while (done < n_queue) {
    off = queue[done++];
    if (!gst_im_tiff_read (tiff, size, off, 2, le, &n) || n > MAX_ENTRIES)
      return FALSE;
    for (i = 0; i < n; i++) {
      e = (guint64) off + 2 + (guint64) i * 12;
      if (!gst_im_tiff_read (tiff, size, e, 2, le, &tag) || !gst_im_tiff_read (tiff, size, e + 2, 2, le,
              &type) || !gst_im_tiff_read (tiff, size, e + 4, 4, le, &count)
          || !gst_im_tiff_read (tiff, size, e + 8, 4, le, &value))
        return FALSE;
      bytes = (guint64) type_size (type) * count;
      if (type_size (type) == 0 || (bytes > 4 && (value > size
                  || bytes > size - value)))
        return FALSE;
      if (done == 1 && tag == TAG_ORIENTATION && count == 1 && (type == 3
              || type == 4)) {
        *orientation = e + 8;
        *width = type == 3 ? 2 : 4;
      }
      if ((tag == 0x8769 || tag == 0x8825 || tag == 0xa005) && count == 1) {
        for (k = 0; k < n_queue && queue[k] != value; k++);
        if (k < n_queue || n_queue == MAX_IFDS)
          return FALSE;         /* a loop, or too many */
        queue[n_queue++] = value;
      }
    }
    /* the next IFD in the chain (IFD1: the thumbnail's) */
    if (!gst_im_tiff_read (tiff, size, (guint64) off + 2 + (guint64) n * 12, 4, le, &value))
      return FALSE;
    if (value != 0) {
      for (k = 0; k < n_queue && queue[k] != value; k++);
      if (k < n_queue || n_queue == MAX_IFDS)
        return FALSE;
      queue[n_queue++] = value;
    }
  }
  return TRUE;
}

/* JPEG: the first APP1 of each kind before the scan. */
static void
jpeg_read (const guint8 * data, gsize size, GBytes ** exif, GBytes ** xmp)
{
  gsize pos = 2, len;
  const guint8 *seg;
  guint8 marker;

  while (gst_im_jpeg_next_segment (data, size, &pos, &marker, &seg, &len)) {
    if (marker != 0xe1)
      continue;
    if (!*exif && len > 6 && memcmp (seg, "Exif\0\0", 6) == 0)
      *exif = g_bytes_new (seg + 6, len - 6);
    else if (!*xmp && len > sizeof (xmp_ns)
        && memcmp (seg, xmp_ns, sizeof (xmp_ns)) == 0)
      *xmp = g_bytes_new (seg + sizeof (xmp_ns), len - sizeof (xmp_ns));
  }
}

/* PNG: eXIf, and an uncompressed iTXt "XML:com.adobe.xmp". */
static void
png_read (const guint8 * data, gsize size, GBytes ** exif, GBytes ** xmp)
{
  static const gchar key[] = "XML:com.adobe.xmp";
  gsize pos = 8, len, k;
  const guint8 *body;

  while (size - pos >= 12) {
    len = ((gsize) data[pos] << 24) | (data[pos + 1] << 16) |
        (data[pos + 2] << 8) | data[pos + 3];
    body = data + pos + 8;
    if (len > size - pos - 12 || memcmp (data + pos + 4, "IEND", 4) == 0)
      return;
    if (!*exif && memcmp (data + pos + 4, "eXIf", 4) == 0 && len > 0) {
      k = len >= 6 && memcmp (body, "Exif\0\0", 6) == 0 ? 6 : 0;
      *exif = g_bytes_new (body + k, len - k);
    } else if (!*xmp && memcmp (data + pos + 4, "iTXt", 4) == 0
        && len > sizeof (key) + 2 && memcmp (body, key, sizeof (key)) == 0
        && body[sizeof (key)] == 0) {
      /* keyword\0, compression flag 0, method, language\0, translated\0 */
      k = sizeof (key) + 2;
      k += strnlen ((const gchar *) body + k, len - k) + 1;
      if (k < len)
        k += strnlen ((const gchar *) body + k, len - k) + 1;
      if (k < len)
        *xmp = g_bytes_new (body + k, len - k);
    }
    pos += 12 + len;
  }
}

/**
 * gst_im_decoder_read_metadata:
 * @data: (array length=size): a whole JPEG or PNG file
 * @size: bytes in @data
 * @exif: (out) (transfer full) (nullable): its EXIF (the TIFF structure),
 *   when it parses
 * @xmp: (out) (transfer full) (nullable): its XMP packet
 *
 * EXIF (JPEG APP1 "Exif", PNG eXIf) and XMP (JPEG APP1 with the XMP
 * namespace, PNG iTXt "XML:com.adobe.xmp"). EXIF that does not parse
 * (offsets outside it, loops, sizes beyond it) is dropped, never returned.
 */
void
gst_im_decoder_read_metadata (const guint8 * data, gsize size,
    GBytes ** exif, GBytes ** xmp)
{
  gsize orientation;
  guint width;

  *exif = *xmp = NULL;
  switch (gst_im_codec_sniff (data, size)) {
    case GST_IM_CODEC_JPEG:
      jpeg_read (data, size, exif, xmp);
      break;
    case GST_IM_CODEC_PNG:
      png_read (data, size, exif, xmp);
      break;
    default:
      return;
  }
  if (*exif && !walk (g_bytes_get_data (*exif, NULL),
          g_bytes_get_size (*exif), &orientation, &width))
    g_clear_pointer (exif, g_bytes_unref);
}

/**
 * gst_im_exif_upright:
 * @exif: EXIF from gst_im_decoder_read_metadata()
 *
 * The same EXIF with IFD0's Orientation set to 1 (top-left), for pixels
 * that were turned upright, so that no viewer turns them again.
 *
 * Returns: (transfer full): the EXIF, a new copy when it had to change
 */
GBytes *
gst_im_exif_upright (GBytes * exif)
{
  gsize size, at;
  const guint8 *t = g_bytes_get_data (exif, &size);
  guint width;
  guint8 *copy;

  if (!walk (t, size, &at, &width) || at == 0)
    return g_bytes_ref (exif);
  copy = g_memdup2 (t, size);
  /* SHORT or LONG, left-aligned in the entry's 4 bytes */
  memset (copy + at, 0, width);
  copy[at + (t[0] == 'I' ? 0 : width - 1)] = 1;
  return g_bytes_new_take (copy, size);
}

GType
gst_im_metadata_mode_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_IM_METADATA_KEEP, "Keep the EXIF and XMP (Orientation 1 where the "
          "pixels were turned upright)", "keep"},
    {GST_IM_METADATA_STRIP, "Leave them out", "strip"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstImMetadataMode", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

/**
 * gst_im_metadata_attach:
 * @output: the decoded frame (writable)
 * @data: (array length=size): the image file it was decoded from
 * @size: bytes in @data
 * @turned: the pixels were turned upright by the EXIF orientation
 *
 * Puts the EXIF (checked; Orientation 1 when @turned) and XMP of @data on
 * @output as a #GstImMetadataMeta, when it has any.
 */
void
gst_im_metadata_attach (GstBuffer * output, const guint8 * data, gsize size,
    gboolean turned)
{
  GBytes *exif, *xmp, *up;

  g_return_if_fail (GST_IS_BUFFER (output));

  gst_im_decoder_read_metadata (data, size, &exif, &xmp);
  if (exif && turned) {
    up = gst_im_exif_upright (exif);
    g_bytes_unref (exif);
    exif = up;
  }
  if (exif || xmp)
    gst_buffer_add_im_metadata_meta (output, exif, xmp);
  g_clear_pointer (&exif, g_bytes_unref);
  g_clear_pointer (&xmp, g_bytes_unref);
}
