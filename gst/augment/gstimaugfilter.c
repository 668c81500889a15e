/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Filters: blurs, median, sharpen, emboss, downscale. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstimaug-private.h"

const GstImAugClass *const gst_im_aug_filter_classes[] = {
  NULL
};
