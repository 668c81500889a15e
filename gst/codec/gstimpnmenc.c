/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/*
 * PPM (P6, RGB) and PGM (P5, gray) encoding. Colour is reduced to gray
 * with libjpeg's luma weights, as the decoder does.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "codec/gstimencoder-private.h"

gboolean
gst_im_pnm_encode (GstImEncoder * enc, GstImEncodeFormat format,
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
      gst_im_unpack_row (layout, row, width, 3, dst);
    } else {
      gst_im_unpack_row (layout, row, width, 3, enc->row.data);
      gst_im_pack_row (gst_im_pixel_layout_get (GST_VIDEO_FORMAT_GRAY8),
          enc->row.data, 3, width, dst);
    }
  }
  *size = header_len + row_bytes * height;
  return TRUE;
}
