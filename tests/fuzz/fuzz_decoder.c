/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * libFuzzer target: GstImDecoder header and decode, strict into RGB (as
 * decoder-pool does), then in a format and scale the input picks, decoding
 * around corrupt data. Built only with clang, see tests/fuzz/meson.build.
 */
#include "fuzz-one.h"

static GstImDecoder *dec;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gst_init (NULL, NULL);
  dec = gst_im_decoder_new ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 * data, gsize size)
{
  static const GstVideoFormat formats[] = { GST_VIDEO_FORMAT_RGBA,
    GST_VIDEO_FORMAT_GRAY8, GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_BGR
  };
  guint pick = size > 0 ? data[size - 1] : 0;
  GError *err = NULL;

  im_fuzz_decode (dec, data, size, GST_VIDEO_FORMAT_RGB, 8,
      GST_IM_DECODE_STRICT, &err);
  g_clear_error (&err);
  im_fuzz_decode (dec, data, size, formats[pick % 4], 1 + (pick >> 2) % 8,
      GST_IM_DECODE_NONE, &err);
  g_clear_error (&err);
  return 0;
}
