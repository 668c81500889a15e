/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Point transforms: each maps the per-channel tables through itself, and
 * gstimaugpixel.c composes a run of them into one pass. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include "gstimaug-private.h"

static void
draw_none (const gdouble * params, const GstImDrawKey * key,
    GstImAugStep * step)
{
}

static void
lut_invert (const GstImAugStep * step, guint n_colour, guint8 lut[3][256],
    const GstImAugHistogram * hist)
{
  guint c, i;

  for (c = 0; c < n_colour; c++)
    for (i = 0; i < 256; i++)
      lut[c][i] = 255 - lut[c][i];
}

static const GstImAugClass invert_img = {
  .name = "InvertImg",
  .draw = draw_none,
  .lut = lut_invert,
};

const GstImAugClass *const gst_im_aug_lut_classes[] = {
  &invert_img,
  NULL
};
