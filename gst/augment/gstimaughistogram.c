/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Histogram transforms: Equalize and CLAHE. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstimaug-private.h"

const GstImAugClass *const gst_im_aug_histogram_classes[] = {
  NULL
};
