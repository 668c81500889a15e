/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* What the histogram transforms (gstimaughistogram.c, gstimaugclahe.c)
 * share. */
#ifndef __GST_IM_AUG_HISTOGRAM_PRIVATE_H__
#define __GST_IM_AUG_HISTOGRAM_PRIVATE_H__

#include "gstimaug-private.h"

G_BEGIN_DECLS

extern G_GNUC_INTERNAL const GstImAugClass gst_im_aug_clahe;

G_END_DECLS

#endif /* __GST_IM_AUG_HISTOGRAM_PRIVATE_H__ */
