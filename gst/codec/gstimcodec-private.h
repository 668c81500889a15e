/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_CODEC_PRIVATE_H__
#define __GST_IM_CODEC_PRIVATE_H__

#include <gst/imagemill/gstimdecoder.h>
#include <gst/imagemill/gstimscratch.h>
#include <turbojpeg.h>

G_BEGIN_DECLS

/* Refuse images with more pixels than this: 2^31 keeps every row and plane
 * offset inside the int that TurboJPEG and spng compute with. */
#define GST_IM_MAX_PIXELS (G_GUINT64_CONSTANT (1) << 31)

struct _GstImDecoder
{
  /* created on the first JPEG, so PNG-only decoders never pay for it */
  tjhandle tj;

  /* grow-only; contents do not survive from one call to the next */
  GstImScratch scratch;
};

/**
 * GstImPixelLayout:
 * @format: the video format
 * @pixel_stride: bytes per pixel
 * @r: byte offset of red within a pixel, or -1 for GRAY8
 * @g: byte offset of green
 * @b: byte offset of blue
 * @a: byte offset of the alpha or padding byte (always written as 0xFF when
 *   the source has no alpha, and for the x formats), or -1
 * @has_alpha: @a carries the image's alpha, not padding
 *
 * Where the channels of one pixel of an output format lie in memory.
 */
typedef struct
{
  GstVideoFormat format;
  guint pixel_stride;
  gint r, g, b, a;
  gboolean has_alpha;
} GstImPixelLayout;

G_GNUC_INTERNAL
const GstImPixelLayout *gst_im_pixel_layout_get (GstVideoFormat format);

G_GNUC_INTERNAL
void     gst_im_pack_row (const GstImPixelLayout * layout, const guint8 * src,
                          guint src_channels, guint width, guint8 * dst);

G_GNUC_INTERNAL
guint8 * gst_im_decoder_get_scratch (GstImDecoder * dec, gsize size,
                                     GError ** error);

G_GNUC_INTERNAL
gboolean gst_im_check_dimensions (guint64 width, guint64 height,
                                  const gchar * codec_name, GError ** error);

/* JPEG (gstimjpeg.c) */
G_GNUC_INTERNAL
gboolean gst_im_jpeg_read_header (GstImDecoder * dec, const guint8 * data,
                                  gsize size, GstImImageHeader * header,
                                  GError ** error);

G_GNUC_INTERNAL
gboolean gst_im_jpeg_decode (GstImDecoder * dec, const guint8 * data,
                             gsize size, const GstImImageHeader * header,
                             guint scale_eighths,
                             const GstImPixelLayout * layout, guint8 * dst,
                             gint stride, GstImDecodeFlags flags,
                             GError ** error);

G_GNUC_INTERNAL
gint     gst_im_tj_pixel_format (GstVideoFormat format);

G_GNUC_INTERNAL
GBytes * gst_im_jpeg_read_icc (const guint8 * data, gsize size);

G_GNUC_INTERNAL
gboolean gst_im_jpeg_next_segment (const guint8 * data, gsize size,
                                   gsize * pos, guint8 * marker,
                                   const guint8 ** body, gsize * len);

/* EXIF's TIFF structure (gstimorient.c) */
G_GNUC_INTERNAL
gboolean gst_im_tiff_read (const guint8 * tiff, gsize size, guint64 off,
                           guint n, gboolean le, guint32 * val);

/* PNG (gstimpng.c) */
G_GNUC_INTERNAL
GBytes * gst_im_png_read_icc (const guint8 * data, gsize size);

G_GNUC_INTERNAL
gboolean gst_im_png_read_header (const guint8 * data, gsize size,
                                 GstImImageHeader * header, GError ** error);

G_GNUC_INTERNAL
gboolean gst_im_png_decode (GstImDecoder * dec, const guint8 * data,
                            gsize size, const GstImImageHeader * header,
                            const GstImPixelLayout * layout, guint8 * dst,
                            gint stride, GError ** error);

G_END_DECLS

#endif /* __GST_IM_CODEC_PRIVATE_H__ */
