/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* What the noise, dropout and compression transforms share: random fields
 * drawn from a step's key by pixel position (gstimaugfield.c), and the
 * classes of the other files of the family. */
#ifndef __GST_IM_AUG_NOISE_PRIVATE_H__
#define __GST_IM_AUG_NOISE_PRIVATE_H__

#include "gstimaug-private.h"

G_BEGIN_DECLS

/* A stream of its own for a random field of a step: @key with its Philox
 * key changed by @field, so field draws never share blocks with the
 * step's gst_im_draw_* draws (or with another field). */
G_GNUC_INTERNAL void gst_im_aug_field_key (const GstImDrawKey * key,
    guint32 field, GstImDrawKey * out);

/* @n values scale * z + offset, z standard normal, from blocks @block..
 * of @key's stream (16 from every 4 blocks), n rounded up to 16 in @out
 * (room for it) */
G_GNUC_INTERNAL void gst_im_aug_field_normals (const GstImDrawKey * key,
    guint32 block, guint n, gfloat scale, gfloat offset, gfloat * out);

/* @n uniform floats in [0, 1) (the top 24 bits of words), 16 per 4
 * blocks: value i of a group is word i / 4 of block i % 4; n rounded up
 * to 16 in @out */
G_GNUC_INTERNAL void gst_im_aug_field_uniforms (const GstImDrawKey * key,
    guint32 block, guint n, gfloat * out);

/* @n 32-bit words in the order of gst_im_aug_field_uniforms () (the words
 * the uniforms are made of), n rounded up to 16 in @out */
G_GNUC_INTERNAL void gst_im_aug_field_words (const GstImDrawKey * key,
    guint32 block, guint n, guint32 * out);

/* blocks per row of a field of n values per row, 16 per 4 blocks: row y
 * takes blocks y * gst_im_aug_field_row_blocks (n).. */
static inline guint32
gst_im_aug_field_row_blocks (guint n)
{
  return (n + 15) / 16 * 4;
}

/* gstimaugisonoise.c, gstimaugsaltpepper.c, gstimaugdropout.c,
 * gstimaugcompress.c */
extern G_GNUC_INTERNAL const GstImAugClass gst_im_aug_iso_noise,
    gst_im_aug_salt_and_pepper, gst_im_aug_coarse_dropout,
    gst_im_aug_grid_dropout, gst_im_aug_image_compression;

G_END_DECLS

#endif /* __GST_IM_AUG_NOISE_PRIVATE_H__ */
