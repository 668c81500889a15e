/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * libFuzzer target: the framer cuts the input, pushed in pieces the input
 * picks, without a limit and with a small one, secondary images (MPF)
 * emitted and dropped; every frame must be the bytes at its offset. Built
 * only with clang, see tests/fuzz/meson.build.
 */
#include "fuzz-one.h"

static GstImFramer *framer;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gst_init (NULL, NULL);
  framer = gst_im_framer_new ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 * data, gsize size)
{
  guint32 seed = 1;
  gsize i;

  for (i = 0; i < MIN (size, 4); i++)
    seed = seed * 31 + data[i];
  im_fuzz_framer (framer, data, size, seed | 1, 0,
      GST_IM_SECONDARY_IMAGES_EMIT);
  im_fuzz_framer (framer, data, size, seed | 1, 0,
      GST_IM_SECONDARY_IMAGES_DROP);
  im_fuzz_framer (framer, data, size, seed | 1, 64 + seed % 4096,
      seed % 2);
  return 0;
}
