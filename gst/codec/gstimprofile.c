/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What a decoder does with an image's colour profile (decoder-pool's and
 * thumbnailer's color-profile): carry it on the frame, or drop it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/imagemill/gstimdecoder.h>
#include <gst/imagemill/gstimprofilemeta.h>

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
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstImColorProfile", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

/**
 * gst_im_color_profile_apply:
 * @output: the decoded frame (writable)
 * @data: (array length=size): the image file it was decoded from
 * @size: bytes in @data
 * @mode: what to do with the profile
 *
 * Puts the ICC profile @data embeds on @output as a #GstImProfileMeta
 * under %GST_IM_COLOR_PROFILE_KEEP; nothing otherwise, or without one.
 */
void
gst_im_color_profile_apply (GstBuffer * output, const guint8 * data,
    gsize size, GstImColorProfile mode)
{
  GBytes *icc;

  g_return_if_fail (GST_IS_BUFFER (output));

  if (mode != GST_IM_COLOR_PROFILE_KEEP)
    return;
  icc = gst_im_decoder_read_icc_profile (data, size);
  if (icc) {
    gst_buffer_add_im_profile_meta (output, icc);
    g_bytes_unref (icc);
  }
}
