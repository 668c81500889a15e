/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_ENCODER_H__
#define __GST_IM_ENCODER_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/**
 * GstImEncodeFormat:
 * @GST_IM_ENCODE_JPEG: JPEG, with libjpeg-turbo's TurboJPEG API
 * @GST_IM_ENCODE_PNG: PNG, 8 bits per sample, with libspng
 * @GST_IM_ENCODE_PPM: binary PPM (P6), 8-bit RGB
 * @GST_IM_ENCODE_PGM: binary PGM (P5), 8-bit gray
 *
 * The file formats gst_im_encoder_encode() writes.
 */
typedef enum
{
  GST_IM_ENCODE_JPEG,
  GST_IM_ENCODE_PNG,
  GST_IM_ENCODE_PPM,
  GST_IM_ENCODE_PGM,
} GstImEncodeFormat;

/**
 * GstImJpegSubsampling:
 * @GST_IM_JPEG_SUBSAMPLING_420: chroma halved both ways (4:2:0)
 * @GST_IM_JPEG_SUBSAMPLING_422: chroma halved horizontally (4:2:2)
 * @GST_IM_JPEG_SUBSAMPLING_444: full-resolution chroma (4:4:4)
 * @GST_IM_JPEG_SUBSAMPLING_GRAY: a grayscale JPEG (luma only)
 *
 * Chroma subsampling of a JPEG. GRAY8 input always gives a grayscale JPEG.
 */
typedef enum
{
  GST_IM_JPEG_SUBSAMPLING_420,
  GST_IM_JPEG_SUBSAMPLING_422,
  GST_IM_JPEG_SUBSAMPLING_444,
  GST_IM_JPEG_SUBSAMPLING_GRAY,
} GstImJpegSubsampling;

#define GST_IM_TYPE_JPEG_SUBSAMPLING (gst_im_jpeg_subsampling_get_type ())
GST_IM_API
GType gst_im_jpeg_subsampling_get_type (void);

/**
 * GstImEncodeSettings:
 * @format: the file format
 * @quality: JPEG quality, 1..100
 * @subsampling: JPEG chroma subsampling
 * @compression_level: PNG zlib level, 0 (none, fastest) .. 9 (smallest)
 * @icc_profile: (nullable): an ICC profile to embed (JPEG APP2 chunks, PNG
 *   iCCP), not owned; %NULL: none
 * @exif: (nullable): EXIF to embed (JPEG APP1, PNG eXIf), not owned
 * @xmp: (nullable): XMP to embed (JPEG APP1, PNG iTXt), not owned
 *
 * How to encode. gst_im_encode_settings_init() fills in the defaults:
 * quality 90, 4:2:0, compression level 6.
 */
typedef struct
{
  GstImEncodeFormat format;
  guint quality;
  GstImJpegSubsampling subsampling;
  guint compression_level;
  GBytes *icc_profile;
  GBytes *exif;
  GBytes *xmp;
} GstImEncodeSettings;

/**
 * GstImEncoder:
 *
 * Encoding state for one thread: a TurboJPEG compressor and an output
 * buffer that is reused from image to image. Never share one between
 * threads.
 */
typedef struct _GstImEncoder GstImEncoder;

GST_IM_API
void           gst_im_encode_settings_init (GstImEncodeSettings * settings,
                                            GstImEncodeFormat format);

GST_IM_API
gboolean       gst_im_encode_format_from_filename (const gchar * filename,
                                                   GstVideoFormat input,
                                                   GstImEncodeFormat * format);

GST_IM_API
const gchar *  gst_im_encode_format_name (GstImEncodeFormat format);

GST_IM_API
GstImEncoder * gst_im_encoder_new (void);

GST_IM_API
void           gst_im_encoder_free (GstImEncoder * enc);

GST_IM_API
gboolean       gst_im_encoder_encode (GstImEncoder * enc,
                                      const GstImEncodeSettings * settings,
                                      GstVideoFormat format,
                                      guint width, guint height,
                                      const guint8 * src, gint stride,
                                      const guint8 ** data, gsize * size,
                                      GError ** error);

G_END_DECLS

#endif /* __GST_IM_ENCODER_H__ */
