/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_ENCODER_PRIVATE_H__
#define __GST_IM_ENCODER_PRIVATE_H__

#include <gst/imagemill/gstimencoder.h>
#include "codec/gstimcodec-private.h"

G_BEGIN_DECLS

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

  /* 16-bit gray as 8 bits, for the formats without 16 bits */
  GstImScratch gray8;
};

G_GNUC_INTERNAL
void     gst_im_unpack_row (const GstImPixelLayout * layout,
                            const guint8 * src, guint width, guint channels,
                            guint8 * dst);

/* Each writes the file to enc->out and its length to @size. */

/* JPEG (gstimjpegenc.c) */
G_GNUC_INTERNAL
gboolean gst_im_jpeg_encode (GstImEncoder * enc,
                             const GstImEncodeSettings * settings,
                             GstVideoFormat format, guint width, guint height,
                             const guint8 * src, gint stride, gsize * size,
                             GError ** error);

/* PNG (gstimpngenc.c) */
G_GNUC_INTERNAL
gboolean gst_im_png_encode (GstImEncoder * enc,
                            const GstImEncodeSettings * settings,
                            const GstImPixelLayout * layout, guint width,
                            guint height, const guint8 * src, gint stride,
                            gsize * size, GError ** error);

/* PPM and PGM (gstimpnmenc.c) */
G_GNUC_INTERNAL
gboolean gst_im_pnm_encode (GstImEncoder * enc, GstImEncodeFormat format,
                            const GstImPixelLayout * layout, guint width,
                            guint height, const guint8 * src, gint stride,
                            gsize * size, GError ** error);

G_END_DECLS

#endif /* __GST_IM_ENCODER_PRIVATE_H__ */
