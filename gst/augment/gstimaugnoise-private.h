/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* What the noise, dropout and compression transforms share: random fields
 * drawn from a step's key by pixel position, and the classes of the other
 * files of the family. */
#ifndef __GST_IM_AUG_NOISE_PRIVATE_H__
#define __GST_IM_AUG_NOISE_PRIVATE_H__

#include "gstimaug-private.h"

G_BEGIN_DECLS

/* A stream of its own for a random field of a step: @key with its Philox
 * key changed by @field, so field draws never share blocks with the
 * step's gst_im_draw_* draws (or with another field). */
G_GNUC_INTERNAL void gst_im_aug_field_key (const GstImDrawKey * key,
    guint32 field, GstImDrawKey * out);

/* The four words of block @block of @key's stream. */
G_GNUC_INTERNAL void gst_im_aug_field_block (const GstImDrawKey * key,
    guint32 block, guint32 out[4]);

/* gstimaugdropout.c, gstimaugcompress.c */
extern G_GNUC_INTERNAL const GstImAugClass gst_im_aug_coarse_dropout,
    gst_im_aug_grid_dropout, gst_im_aug_image_compression;

G_END_DECLS

#endif /* __GST_IM_AUG_NOISE_PRIVATE_H__ */
