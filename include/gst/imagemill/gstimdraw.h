/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_DRAW_H__
#define __GST_IM_DRAW_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

/**
 * GST_IM_DRAW_MAX_COPY:
 *
 * The largest copy index a #GstImDrawKey holds (16 bits).
 */
#define GST_IM_DRAW_MAX_COPY 0xffff

/**
 * GST_IM_DRAW_MAX_POSITION:
 *
 * The largest transform position a #GstImDrawKey holds (16 bits).
 */
#define GST_IM_DRAW_MAX_POSITION 0xffff

/**
 * GST_IM_DRAW_MAX_WORDS:
 *
 * How many 32-bit words gst_im_draw_u32() gives per key: 4 words per block,
 * 2^32 blocks.
 */
#define GST_IM_DRAW_MAX_WORDS (G_GUINT64_CONSTANT (1) << 34)

/**
 * GstImDrawKey:
 * @key: the Philox key: @key[0] the low and @key[1] the high 32 bits of the
 *   seed
 * @counter: the fixed words of the Philox counter: @counter[0] the low and
 *   @counter[1] the high 32 bits of the frame key, @counter[2] the copy index
 *   in its high 16 bits and the transform position in its low 16 bits
 *
 * Names one stream of random draws of augment: every draw depends only on
 * (seed, frame key, copy, transform position) and the draw's index, never on
 * what was drawn before, so any thread can draw any value in any order and
 * get the same bytes. The draws are Philox4x32-10 (Salmon et al., "Parallel
 * random numbers: as easy as 1, 2, 3", SC'11) blocks: the fourth counter
 * word is the block index, the only word that varies within a stream.
 * gst_im_draw_u32() reads the stream word by word (word @index is word
 * @index % 4 of block @index / 4); the other helpers take one whole block
 * per draw, their @index naming the block, so one key serves either words
 * or helper draws, not both. Fill it with gst_im_draw_key_init().
 */
typedef struct {
  guint32 key[2];
  guint32 counter[3];
} GstImDrawKey;

GST_IM_API
void gst_im_philox4x32_10 (const guint32 counter[4], const guint32 key[2],
    guint32 out[4]);

GST_IM_API
gboolean gst_im_draw_key_init (GstImDrawKey * key, guint64 seed,
    guint64 frame_key, guint copy, guint position);

GST_IM_API
void gst_im_draw_block (const GstImDrawKey * key, guint32 index,
    guint32 out[4]);

GST_IM_API
guint32 gst_im_draw_u32 (const GstImDrawKey * key, guint64 index);

GST_IM_API
gdouble gst_im_draw_double (const GstImDrawKey * key, guint32 index);

GST_IM_API
gdouble gst_im_draw_uniform (const GstImDrawKey * key, guint32 index,
    gdouble a, gdouble b);

GST_IM_API
gint32 gst_im_draw_int (const GstImDrawKey * key, guint32 index, gint32 a,
    gint32 b);

GST_IM_API
gdouble gst_im_draw_normal (const GstImDrawKey * key, guint32 index);

GST_IM_API
void gst_im_draw_normals (const GstImDrawKey * key, guint32 first, gsize n,
    gfloat * out);

GST_IM_API
gboolean gst_im_draw_bernoulli (const GstImDrawKey * key, guint32 index,
    gdouble p);

G_END_DECLS

#endif /* __GST_IM_DRAW_H__ */
