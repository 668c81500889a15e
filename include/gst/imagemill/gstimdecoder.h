/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_DECODER_H__
#define __GST_IM_DECODER_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/video/video.h>
#include <gst/imagemill/gstimparallel.h>

G_BEGIN_DECLS

/**
 * GstImCodec:
 * @GST_IM_CODEC_UNKNOWN: not an image imagemill can decode
 * @GST_IM_CODEC_JPEG: JPEG (starts with FF D8 FF)
 * @GST_IM_CODEC_PNG: PNG (starts with the 8-byte PNG signature)
 */
typedef enum
{
  GST_IM_CODEC_UNKNOWN = 0,
  GST_IM_CODEC_JPEG,
  GST_IM_CODEC_PNG,
} GstImCodec;

/**
 * GstImImageHeader:
 * @codec: the codec the data was sniffed as
 * @width: stored width in pixels, before orientation
 * @height: stored height in pixels, before orientation
 * @n_channels: channels of the stored image: 1 gray, 2 gray+alpha, 3 colour,
 *   4 colour+alpha (CMYK JPEGs report 4 and @is_cmyk)
 * @has_alpha: the image carries transparency (alpha channel or tRNS)
 * @bit_depth: bits per stored sample (8 or 16; palette PNGs report 8)
 * @is_cmyk: a CMYK or YCCK JPEG
 * @progressive: a progressive JPEG or an interlaced PNG
 * @orientation: the EXIF orientation, 1..8; 1 when there is none
 *
 * What the header of an image says, read without decoding pixels.
 */
typedef struct
{
  GstImCodec codec;
  guint width;
  guint height;
  guint n_channels;
  gboolean has_alpha;
  guint bit_depth;
  gboolean is_cmyk;
  gboolean progressive;
  guint orientation;
} GstImImageHeader;

/**
 * GstImDecodeFlags:
 * @GST_IM_DECODE_NONE: no flags
 * @GST_IM_DECODE_STRICT: treat libjpeg warnings (corrupt data that can be
 *   decoded around, e.g. a truncated scan) as errors
 */
typedef enum
{
  GST_IM_DECODE_NONE = 0,
  GST_IM_DECODE_STRICT = (1 << 0),
} GstImDecodeFlags;

/**
 * GstImDecoder:
 *
 * Decoding state for one thread: a TurboJPEG handle and scratch memory that
 * is reused from image to image. Never share one between threads.
 */
typedef struct _GstImDecoder GstImDecoder;

GST_IM_API
GstImCodec     gst_im_codec_sniff (const guint8 * data, gsize size);

GST_IM_API
const gchar *  gst_im_codec_media_type (GstImCodec codec);

GST_IM_API
GstImDecoder * gst_im_decoder_new (void);

GST_IM_API
GBytes *       gst_im_decoder_read_icc_profile (const guint8 * data,
                                                gsize size);

/**
 * GstImColorProfile:
 * @GST_IM_COLOR_PROFILE_KEEP: pixels untouched; the embedded profile is
 *   carried on the frame and written again by the saver
 * @GST_IM_COLOR_PROFILE_STRIP: pixels untouched; the profile is dropped
 * @GST_IM_COLOR_PROFILE_SRGB: pixels converted from the embedded profile to
 *   sRGB (Little CMS, perceptual intent); sRGB's profile is carried
 *
 * What a decoder does with an image's ICC profile.
 */
typedef enum
{
  GST_IM_COLOR_PROFILE_KEEP,
  GST_IM_COLOR_PROFILE_STRIP,
  GST_IM_COLOR_PROFILE_SRGB,
} GstImColorProfile;

/**
 * GstImMetadataMode:
 * @GST_IM_METADATA_KEEP: the EXIF and XMP go with the frame and into the
 *   saved file
 * @GST_IM_METADATA_STRIP: they are left out (smaller files, no camera
 *   serial numbers or GPS positions in what is published)
 *
 * What happens to an image's EXIF and XMP (queue-saver's and thumbnailer's
 * metadata).
 */
typedef enum
{
  GST_IM_METADATA_KEEP,
  GST_IM_METADATA_STRIP,
} GstImMetadataMode;

GST_IM_API
GType          gst_im_metadata_mode_get_type (void);
#define GST_IM_TYPE_METADATA_MODE (gst_im_metadata_mode_get_type ())

GST_IM_API
void           gst_im_decoder_read_metadata (const guint8 * data, gsize size,
                                             GBytes ** exif, GBytes ** xmp);

GST_IM_API
GBytes *       gst_im_exif_upright (GBytes * exif);

GST_IM_API
void           gst_im_metadata_attach (GstBuffer * output,
                                       const guint8 * data, gsize size,
                                       gboolean turned);

GST_IM_API
GType          gst_im_color_profile_get_type (void);
#define GST_IM_TYPE_COLOR_PROFILE (gst_im_color_profile_get_type ())

GST_IM_API
void           gst_im_color_profile_apply (GstBuffer * output,
                                           const GstVideoInfo * info,
                                           const guint8 * data, gsize size,
                                           GstImColorProfile mode,
                                           GstImWorkerPool * pool);

GST_IM_API
void           gst_im_decoder_free (GstImDecoder * dec);

GST_IM_API
gboolean       gst_im_decoder_read_header (GstImDecoder * dec,
                                           const guint8 * data, gsize size,
                                           GstImImageHeader * header,
                                           GError ** error);

GST_IM_API
void           gst_im_decoder_scaled_size (const GstImImageHeader * header,
                                           guint scale_eighths,
                                           guint * width, guint * height);

GST_IM_API
gboolean       gst_im_decoder_decode (GstImDecoder * dec,
                                      const guint8 * data, gsize size,
                                      const GstImImageHeader * header,
                                      guint scale_eighths,
                                      GstVideoFormat format,
                                      guint8 * dst, gint stride,
                                      GstImDecodeFlags flags,
                                      GError ** error);

G_END_DECLS

#endif /* __GST_IM_DECODER_H__ */
