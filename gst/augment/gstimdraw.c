/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <gst/imagemill/gstimdraw.h>

/* Philox4x32 constants, as in the paper and Random123's philox.h: the round
 * multipliers and the Weyl sequence (golden ratio, sqrt(3) - 1) that bumps
 * the key between rounds */
#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

/**
 * gst_im_philox4x32_10:
 * @counter: (array fixed-size=4): the 128-bit counter
 * @key: (array fixed-size=2): the 64-bit key
 * @out: (out caller-allocates) (array fixed-size=4): the 128-bit block
 *
 * The raw Philox4x32 bijection with 10 rounds, word for word as Random123
 * computes it (its known-answer vectors hold). @out may alias @counter.
 */
void
gst_im_philox4x32_10 (const guint32 counter[4], const guint32 key[2],
    guint32 out[4])
{
  guint32 c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3];
  guint32 k0 = key[0], k1 = key[1];
  guint round;

  for (round = 0; round < 10; round++) {
    guint64 p0 = (guint64) PHILOX_M0 * c0;
    guint64 p1 = (guint64) PHILOX_M1 * c2;

    if (round > 0) {
      k0 += PHILOX_W0;
      k1 += PHILOX_W1;
    }
    c0 = (guint32) (p1 >> 32) ^ c1 ^ k0;
    c1 = (guint32) p1;
    c2 = (guint32) (p0 >> 32) ^ c3 ^ k1;
    c3 = (guint32) p0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/**
 * gst_im_draw_key_init:
 * @key: (out caller-allocates): the key to fill
 * @seed: the user's seed
 * @frame_key: the frame's key (its buffer offset, or its number since the
 *   stream started)
 * @copy: the copy index, at most %GST_IM_DRAW_MAX_COPY
 * @position: the transform's position in the pipeline, at most
 *   %GST_IM_DRAW_MAX_POSITION
 *
 * Fills @key with the layout #GstImDrawKey documents.
 *
 * Returns: %FALSE (and @key untouched) when @copy or @position do not fit
 * in 16 bits
 */
gboolean
gst_im_draw_key_init (GstImDrawKey * key, guint64 seed, guint64 frame_key,
    guint copy, guint position)
{
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (copy <= GST_IM_DRAW_MAX_COPY, FALSE);
  g_return_val_if_fail (position <= GST_IM_DRAW_MAX_POSITION, FALSE);

  key->key[0] = (guint32) seed;
  key->key[1] = (guint32) (seed >> 32);
  key->counter[0] = (guint32) frame_key;
  key->counter[1] = (guint32) (frame_key >> 32);
  key->counter[2] = (copy << 16) | position;
  return TRUE;
}

/**
 * gst_im_draw_block:
 * @key: the stream
 * @index: the block
 * @out: (out caller-allocates) (array fixed-size=4): its four words
 *
 * Block @index of @key's stream: what random fields (noise, holes) read,
 * one block per group of pixels.
 */
void
gst_im_draw_block (const GstImDrawKey * key, guint32 index, guint32 out[4])
{
  guint32 counter[4];

  counter[0] = key->counter[0];
  counter[1] = key->counter[1];
  counter[2] = key->counter[2];
  counter[3] = index;
  gst_im_philox4x32_10 (counter, key->key, out);
}

/**
 * gst_im_draw_u32:
 * @key: the stream
 * @index: the word, below %GST_IM_DRAW_MAX_WORDS
 *
 * Returns: word @index % 4 of block @index / 4 of @key's stream, or 0 when
 * @index is out of range
 */
guint32
gst_im_draw_u32 (const GstImDrawKey * key, guint64 index)
{
  guint32 out[4];

  g_return_val_if_fail (key != NULL, 0);
  g_return_val_if_fail (index < GST_IM_DRAW_MAX_WORDS, 0);

  gst_im_draw_block (key, (guint32) (index >> 2), out);
  return out[index & 3];
}

/* 53 bits of two words as a double in [0, 1), exactly a multiple of 2^-53 */
static gdouble
words_to_double (guint32 hi, guint32 lo)
{
  guint64 bits = ((guint64) hi << 21) | (lo >> 11);

  return (gdouble) bits * (1.0 / 9007199254740992.0);
}

/**
 * gst_im_draw_double:
 * @key: the stream
 * @index: the draw (block) index
 *
 * Returns: a uniform double in [0, 1) from 53 bits of block @index, every
 * multiple of 2^-53 equally likely
 */
gdouble
gst_im_draw_double (const GstImDrawKey * key, guint32 index)
{
  guint32 out[4];

  g_return_val_if_fail (key != NULL, 0.0);

  gst_im_draw_block (key, index, out);
  return words_to_double (out[0], out[1]);
}

/**
 * gst_im_draw_uniform:
 * @key: the stream
 * @index: the draw (block) index
 * @a: the low end
 * @b: the high end, at least @a
 *
 * A uniform draw in [@a, @b), from gst_im_draw_double(). A collapsed range
 * (@a == @b, as albumentations allows) gives @a.
 *
 * Returns: the draw, or @a on bad arguments
 */
gdouble
gst_im_draw_uniform (const GstImDrawKey * key, guint32 index, gdouble a,
    gdouble b)
{
  gdouble r;

  g_return_val_if_fail (isfinite (a) && isfinite (b) && a <= b, a);

  r = a + (b - a) * gst_im_draw_double (key, index);
  /* a + (b - a) * u can round up to b itself */
  return r < b ? r : (a < b ? nextafter (b, a) : a);
}

/**
 * gst_im_draw_int:
 * @key: the stream
 * @index: the draw (block) index
 * @a: the low end
 * @b: the high end, at least @a
 *
 * A uniform integer in [@a, @b], every value exactly equally likely:
 * Lemire's multiply-and-reject on word 0 of block @index. A rejected block
 * is replaced by the Philox block of itself under the same key, as often as
 * needed, so the draw still depends on @index alone.
 *
 * Returns: the draw, or @a on bad arguments
 */
gint32
gst_im_draw_int (const GstImDrawKey * key, guint32 index, gint32 a, gint32 b)
{
  guint32 out[4];
  guint64 span, product;

  g_return_val_if_fail (key != NULL, a);
  g_return_val_if_fail (a <= b, a);

  gst_im_draw_block (key, index, out);
  span = (guint64) ((gint64) b - a) + 1;
  if (span == G_GUINT64_CONSTANT (1) << 32)
    return (gint32) ((guint32) a + out[0]);

  product = out[0] * span;
  if ((guint32) product < span) {
    /* the 2^32 mod span lowest products are the bias: reject them */
    guint32 threshold = (guint32) ((G_GUINT64_CONSTANT (1) << 32) % span);

    while ((guint32) product < threshold) {
      gst_im_philox4x32_10 (out, key->key, out);
      product = out[0] * span;
    }
  }
  return (gint32) ((guint32) a + (guint32) (product >> 32));
}

/**
 * gst_im_draw_normal:
 * @key: the stream
 * @index: the draw (block) index
 *
 * A standard normal draw: Box-Muller's cosine branch on two uniforms, words
 * 0-1 and 2-3 of block @index (the first taken in (0, 1] so its logarithm is
 * finite).
 *
 * Returns: the draw
 */
gdouble
gst_im_draw_normal (const GstImDrawKey * key, guint32 index)
{
  guint32 out[4];
  gdouble u1, u2;

  g_return_val_if_fail (key != NULL, 0.0);

  gst_im_draw_block (key, index, out);
  u1 = 1.0 - words_to_double (out[0], out[1]);
  u2 = words_to_double (out[2], out[3]);
  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/**
 * gst_im_draw_normals:
 * @key: the stream
 * @first: the first block
 * @n: how many draws
 * @out: (out caller-allocates) (array length=n): the draws
 *
 * @n standard normal draws for noise fields, four per block from block
 * @first on: Box-Muller's cosine and sine branches on the 32-bit uniforms
 * of words 0 and 1, then of words 2 and 3, single precision. Draw i
 * depends only on the key and i.
 */
void
gst_im_draw_normals (const GstImDrawKey * key, guint32 first, gsize n,
    gfloat * out)
{
  guint32 w[4];
  gdouble r, a;
  gsize i, k;

  g_return_if_fail (key != NULL && out != NULL);

  for (i = 0; i < n; i += 4) {
    gst_im_draw_block (key, first + (guint32) (i / 4), w);
    for (k = 0; k < 4 && i + k < n; k += 2) {
      /* (0, 1] and [0, 1): the logarithm stays finite */
      r = sqrt (-2.0 * log ((w[k] + 1.0) / 4294967296.0));
      a = 2.0 * G_PI * (w[k + 1] / 4294967296.0);
      out[i + k] = r * cos (a);
      if (i + k + 1 < n)
        out[i + k + 1] = r * sin (a);
    }
  }
}

/**
 * gst_im_draw_bernoulli:
 * @key: the stream
 * @index: the draw (block) index
 * @p: the probability of %TRUE, in [0, 1]
 *
 * Returns: %TRUE with probability @p: gst_im_draw_double() below @p, so
 * @p = 0 never and @p = 1 always fires
 */
gboolean
gst_im_draw_bernoulli (const GstImDrawKey * key, guint32 index, gdouble p)
{
  g_return_val_if_fail (p >= 0.0 && p <= 1.0, FALSE);

  return gst_im_draw_double (key, index) < p;
}
