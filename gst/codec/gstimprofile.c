/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What a decoder does with an image's colour profile (decoder-pool's and
 * thumbnailer's color-profile): carry it on the frame, convert the pixels
 * to sRGB (gstimcolor.c), or drop it. A profile for other pixels than the
 * frame's (a CMYK profile once CMYK became RGB, an RGB one on a grey
 * frame) describes nothing there and is never carried.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/imagemill/gstimdecoder.h>
#include <gst/imagemill/gstimprofilemeta.h>

#include "gstimcolor-private.h"
#include "gstimdebug-private.h"

GST_IM_DEBUG_CATEGORY ("improfile", "imagemill: colour profiles");

GType
gst_im_color_profile_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_IM_COLOR_PROFILE_KEEP, "Pixels untouched, the embedded ICC profile "
          "carried on the frame (GstImProfileMeta) and written by "
          "queue-saver", "keep"},
    {GST_IM_COLOR_PROFILE_STRIP, "Pixels untouched, the profile dropped",
        "strip"},
    {GST_IM_COLOR_PROFILE_SRGB, "Pixels converted from the embedded profile "
          "to sRGB with Little CMS (perceptual intent), the sRGB profile "
          "carried; images without a profile untouched", "srgb"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstImColorProfile", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

/* Whether @icc is a profile for pixels of @format: an RGB profile
 * for an RGB format, a grey one for a grey format (header field
 * "colour space of data", ICC.1 7.2.6). */
static gboolean
color_space_matches (GBytes * icc, GstVideoFormat format)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (icc, &size);
  const GstVideoFormatInfo *info = gst_video_format_get_info (format);

  if (size < 128 || info == NULL)
    return FALSE;
  if (GST_VIDEO_FORMAT_INFO_IS_GRAY (info))
    return memcmp (data + 16, "GRAY", 4) == 0;
  return GST_VIDEO_FORMAT_INFO_IS_RGB (info)
      && memcmp (data + 16, "RGB ", 4) == 0;
}

/**
 * gst_im_color_profile_apply:
 * @output: the decoded frame (writable)
 * @info: its video info
 * @data: (array length=size): the image file it was decoded from
 * @size: bytes in @data
 * @mode: what to do with the profile
 * @pool: (nullable): workers that may convert row bands of @output
 *
 * Under %GST_IM_COLOR_PROFILE_KEEP, puts the ICC profile @data embeds on
 * @output as a #GstImProfileMeta; under %GST_IM_COLOR_PROFILE_SRGB,
 * converts @output's pixels from it to sRGB and puts sRGB's profile there.
 * Nothing without a profile, or with one for other pixels than @output's.
 */
void
gst_im_color_profile_apply (GstBuffer * output, const GstVideoInfo * info,
    const guint8 * data, gsize size, GstImColorProfile mode,
    GstImWorkerPool * pool)
{
  GstVideoFrame frame;
  GBytes *icc, *now = NULL;

  g_return_if_fail (GST_IS_BUFFER (output));
  g_return_if_fail (info != NULL);

  if (mode == GST_IM_COLOR_PROFILE_STRIP)
    return;
  icc = gst_im_decoder_read_icc_profile (data, size);
  if (icc == NULL)
    return;
  if (!color_space_matches (icc, GST_VIDEO_INFO_FORMAT (info))) {
    GST_DEBUG ("dropping a profile that is not for %s pixels",
        GST_VIDEO_INFO_NAME (info));
  } else if (mode == GST_IM_COLOR_PROFILE_KEEP) {
    now = g_bytes_ref (icc);
  } else if (gst_video_frame_map (&frame, info, output, GST_MAP_WRITE)) {
    now = gst_im_color_to_srgb (&frame, icc, pool);
    gst_video_frame_unmap (&frame);
  }
  if (now) {
    gst_buffer_add_im_profile_meta (output, now);
    g_bytes_unref (now);
  }
  g_bytes_unref (icc);
}
