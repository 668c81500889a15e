/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* SaltAndPepper: pixels set to white (salt) or black (pepper). 2.x picks
 * exactly int (H W amount) whole pixels, ranked by a random word each;
 * 1.4.24 decides every channel value on its own by a uniform. Words and
 * uniforms are random fields of the step (gstimaugfield.c), so the bytes
 * depend on neither row bands nor workers. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include "gstimaugnoise-private.h"

static const GstImAugParamSpec salt_params[] = {
  {.name = "amount",.type = GST_IM_AUG_RANGE,.def = "[0.01, 0.06]",.min =
        0,.max = 1},
  {.name = "salt_vs_pepper",.type = GST_IM_AUG_RANGE,.def = "[0.4, 0.6]",.min =
        0,.max = 1},
};

static const GstImAugApplied salt_applied[] = {
  {"amount", 1}, {"salt_vs_pepper", 1}, {"per_channel", 1},
};

static void
draw_salt (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, 1, p);
  step->v[1] = gst_im_aug_draw_range (key, 2, p + 2);
  /* 1.4.24 draws salt and pepper for each channel value on its own */
  step->v[2] = step->v1_4;
}

/* 2.x picks exactly int (H W amount) pixels without replacement and makes
 * the first int (that * ratio) of them white. Here each pixel has a random
 * word r; the pixels are ranked by (r, pixel index) and the n lowest are
 * picked, the ns lowest white: a uniform choice of exactly n pixels and ns
 * of them, whatever the bands. The two ranks are found by a histogram of
 * the top 16 bits of r, then by sorting the few pixels of the bin that
 * holds each rank. */
typedef struct
{
  guint32 r;
  guint64 index;
} Ranked;

typedef struct
{
  const GstImAugPixels *pass;
  GstImDrawKey key;
  gboolean per_channel;
  /* 1.4.24: a uniform below salt: 255; below all: 0 */
  gfloat salt, all;
  /* 2.x */
  guint64 n_all, n_salt;        /* how many pixels, how many white */
  guint32 *hist;                /* of r >> 16 */
  guint32 bin[2];               /* the bins holding ranks n_all, n_salt */
  Ranked *found;                /* the pixels of those bins */
  guint n_found, max_found;
  Ranked limit[2];              /* the pixels of ranks n_all, n_salt */
  GMutex lock;
} SaltJob;

static const guint32 *
salt_words (const SaltJob * job, guint y, guint n)
{
  guint32 *w = (guint32 *) gst_im_aug_thread_bytes (0, (n + 16) * 4);

  gst_im_aug_field_words (&job->key, y * gst_im_aug_field_row_blocks (n), n,
      w);
  return w;
}

static void
salt_hist_rows (guint row_begin, guint row_end, gpointer data)
{
  SaltJob *job = data;
  guint w = job->pass->width, x, y, i;
  guint32 *h = (guint32 *) gst_im_aug_thread_bytes (1, 65536 * 4);
  const guint32 *r;

  memset (h, 0, 65536 * 4);
  for (y = row_begin; y < row_end; y++) {
    r = salt_words (job, y, w);
    for (x = 0; x < w; x++)
      h[r[x] >> 16]++;
  }
  g_mutex_lock (&job->lock);
  for (i = 0; i < 65536; i++)
    job->hist[i] += h[i];
  g_mutex_unlock (&job->lock);
}

static void
salt_find_rows (guint row_begin, guint row_end, gpointer data)
{
  SaltJob *job = data;
  guint w = job->pass->width, x, y;
  const guint32 *r;

  for (y = row_begin; y < row_end; y++) {
    r = salt_words (job, y, w);
    for (x = 0; x < w; x++)
      if ((r[x] >> 16) == job->bin[0] || (r[x] >> 16) == job->bin[1]) {
        g_mutex_lock (&job->lock);
        if (job->n_found < job->max_found) {
          job->found[job->n_found].r = r[x];
          job->found[job->n_found].index = (guint64) y * w + x;
          job->n_found++;
        }
        g_mutex_unlock (&job->lock);
      }
  }
}

static gint
ranked_compare (gconstpointer a, gconstpointer b)
{
  const Ranked *p = a, *q = b;

  if (p->r != q->r)
    return p->r < q->r ? -1 : 1;
  return p->index < q->index ? -1 : p->index > q->index;
}

/* (r, index) <= limit */
static inline gboolean
ranked_le (guint32 r, guint64 index, const Ranked * limit)
{
  return r < limit->r || (r == limit->r && index <= limit->index);
}

static void
salt_rows (guint row_begin, guint row_end, gpointer data)
{
  const SaltJob *job = data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  guint npp = job->per_channel ? l->n_colour : 1;
  guint n = pass->width * npp, x, y, c, k;
  const guint32 *r;
  guint8 *d, v;
  gfloat *u;

  for (y = row_begin; y < row_end; y++) {
    d = pass->dst + (gsize) y * pass->dst_stride;
    memcpy (d, pass->src + (gsize) y * pass->src_stride,
        (gsize) pass->width * l->bpp);
    if (!job->per_channel) {
      if (job->n_all == 0)
        continue;
      r = salt_words (job, y, n);
      for (x = 0; x < pass->width; x++) {
        if (!ranked_le (r[x], (guint64) y * pass->width + x, &job->limit[0]))
          continue;
        v = job->n_salt && ranked_le (r[x], (guint64) y * pass->width + x,
            &job->limit[1]) ? 255 : 0;
        for (c = 0; c < l->n_colour; c++)
          d[(gsize) x * l->bpp + l->rgb[c]] = v;
      }
      continue;
    }
    u = (gfloat *) gst_im_aug_thread_bytes (0, (n + 16) * 4);
    gst_im_aug_field_uniforms (&job->key, y * gst_im_aug_field_row_blocks (n),
        n, u);
    /* value k of the row: pixel k / npp, channel k % npp */
    for (k = 0; k < n; k++)
      if (u[k] < job->all)
        d[(gsize) (k / npp) * l->bpp + l->rgb[k % npp]] = u[k] < job->salt ?
            255 : 0;
  }
}

/* the pixel of rank @rank (1-based) */
static void
salt_limit (SaltJob * job, guint64 rank, guint32 bin, Ranked * limit)
{
  guint64 before = 0;
  guint i;

  for (i = 0; i < bin; i++)
    before += job->hist[i];
  /* the found pixels are sorted; those of @bin are consecutive */
  for (i = 0; i < job->n_found && job->found[i].r >> 16 != bin; i++);
  i += rank - before - 1;
  *limit = job->found[MIN (i, job->n_found - 1)];
}

static guint32
salt_bin (const SaltJob * job, guint64 rank)
{
  guint64 cum = 0;
  guint32 i;

  for (i = 0; i < 65535; i++) {
    cum += job->hist[i];
    if (cum >= rank)
      break;
  }
  return i;
}

static void
pixels_salt (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  gdouble amount, ratio;
  SaltJob job;

  memset (&job, 0, sizeof (job));
  job.pass = pass;
  gst_im_aug_field_key (&pass->step->key, 0, &job.key);
  job.per_channel = v[2];
  /* as a draw gives (a replayed plan may hold anything finite) */
  amount = CLAMP (v[0], 0, 1);
  ratio = CLAMP (v[1], 0, 1);
  if (job.per_channel) {
    /* 1.4.24: each channel value white with probability amount * ratio,
     * else black with probability amount * (1 - ratio) (two independent
     * masks, salt first); u < 1 always, so amount 1 hits every value */
    job.salt = amount * ratio;
    job.all = amount >= 1 ? 2 : amount * ratio + (1 - amount * ratio) *
        amount * (1 - ratio);
  } else {
    /* int () of the products, in double as Python computes them */
    job.n_all = (guint64) ((gdouble) pass->width * pass->height * amount);
    job.n_salt = (guint64) (job.n_all * ratio);
  }
  if (job.n_all) {
    /* slots 2 and 3: the workers use 0 and 1 */
    job.hist = (guint32 *) gst_im_aug_thread_bytes (3, 65536 * 4);
    memset (job.hist, 0, 65536 * 4);
    g_mutex_init (&job.lock);
    gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
        salt_hist_rows, &job);
    job.bin[0] = salt_bin (&job, job.n_all);
    job.bin[1] = salt_bin (&job, MAX (job.n_salt, 1));
    job.max_found = job.hist[job.bin[0]] + (job.bin[1] != job.bin[0] ?
        job.hist[job.bin[1]] : 0);
    job.found = (Ranked *) gst_im_aug_thread_bytes (2,
        (gsize) job.max_found * sizeof (Ranked));
    gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
        salt_find_rows, &job);
    g_mutex_clear (&job.lock);
    qsort (job.found, job.n_found, sizeof (Ranked), ranked_compare);
    salt_limit (&job, job.n_all, job.bin[0], &job.limit[0]);
    salt_limit (&job, MAX (job.n_salt, 1), job.bin[1], &job.limit[1]);
  }
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      salt_rows, &job);
}

const GstImAugClass gst_im_aug_salt_and_pepper = {
  .name = "SaltAndPepper",
  .params = salt_params,
  .n_params = G_N_ELEMENTS (salt_params),
  .applied = salt_applied,
  .n_applied = G_N_ELEMENTS (salt_applied),
  .draw = draw_salt,
  .pixels = pixels_salt,
};
