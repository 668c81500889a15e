/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Colour transforms that mix channels: HSV, colour jitter, grey, sepia, channel shuffle and dropout. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstimaug-private.h"

const GstImAugClass *const gst_im_aug_colour_classes[] = {
  NULL
};
