/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* 2-D convolutions of the filter transforms (sharpen, emboss, motion) as
 * cv2.filter2D applies them, with OpenCV's BORDER_REFLECT_101: the
 * non-zero taps, in order, each step fused, over a ring of source rows
 * made floats. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "gstimaugfilter-private.h"

/* Row @t (reflected) of @src as floats with r pixels reflected on each
 * side; the slack past the end is zero. */
static void
load_row (const guint8 * src, gint stride, guint width, guint height,
    guint bpp, guint r, gint t, gfloat * pad)
{
  const guint8 *s = src + (gsize) gst_im_aug_reflect101 (t, height) * stride;
  guint ns = width * bpp;
  gfloat *p = pad + (gsize) r * bpp;

  gst_im_aug_bytes_to_floats (s, ns, p);
  GST_IM_AUG_REFLECT_HALO (p, s, width, bpp, r);
  memset (p + ns + (gsize) r * bpp, 0, 64 * sizeof (gfloat));
}

void
gst_im_aug_kernel2d_init (GstImAugKernel2D * k, guint n, const gfloat * taps)
{
  guint x, y;

  k->n = n;
  k->n_taps = 0;
  /* cv2.filter2D skips the zero taps */
  for (y = 0; y < n; y++)
    for (x = 0; x < n; x++)
      if (taps[y * n + x] != 0 && k->n_taps < G_N_ELEMENTS (k->k)) {
        k->dy[k->n_taps] = y;
        k->dx[k->n_taps] = x;
        k->k[k->n_taps++] = taps[y * n + x];
      }
}

typedef struct
{
  const GstImAugPixels *pass;
  const GstImAugKernel2D *k;
} Job2D;

static void
rows_2d (guint row_begin, guint row_end, gpointer user_data)
{
  const Job2D *job = user_data;
  const GstImAugPixels *p = job->pass;
  const GstImAugKernel2D *k = job->k;
  guint n = k->n, r = n / 2, bpp = p->layout->bpp, ns = p->width * bpp, i;
  gsize len = gst_im_aug_row_floats ((p->width + 2 * r) * bpp);
  gfloat *ring = (gfloat *) gst_im_aug_thread_bytes (1,
      len * n * sizeof (gfloat) + gst_im_aug_row_floats (ns) * sizeof (gfloat));
  gfloat *sums = ring + len * n;
  const gfloat *in[G_N_ELEMENTS (k->k)];
  GstImAugSumFunc sum = gst_im_aug_sum_func (FALSE);
  G_GNUC_UNUSED gboolean avx2 = gst_im_aug_filter_avx2 ();
  gint next = (gint) row_begin - (gint) r, y, t;
  guint8 *d;

  for (y = row_begin; y < (gint) row_end; y++) {
    for (; next <= y + (gint) r; next++)
      load_row (p->src, p->src_stride, p->width, p->height, bpp, r, next,
          ring + len * ((next - (gint) row_begin + r) % n));
    if (k->n_taps == 0) {
      memset (sums, 0, ns * sizeof (gfloat));
    } else {
      for (i = 0; i < k->n_taps; i++) {
        t = y - (gint) r + k->dy[i];
        in[i] = ring + len * ((t - (gint) row_begin + r) % n)
            + (gsize) k->dx[i] * bpp;
      }
#ifdef __SSE2__
      if (avx2) {
        gst_im_aug_taps_bytes_avx2 (in, k->k, k->n_taps, p->dst + (gsize) y *
            p->dst_stride, ns, TRUE, GST_IM_AUG_SEP_FLOAT, 1);
        gst_im_aug_copy_alpha (p, y, y + 1);
        continue;
      }
#endif
      sum (in, k->k, k->n_taps, sums, ns);
    }
    d = p->dst + (gsize) y * p->dst_stride;
    gst_im_aug_round_row (sums, ns, GST_IM_AUG_SEP_FLOAT, 1, d);
    gst_im_aug_copy_alpha (p, y, y + 1);
  }
}

void
gst_im_aug_filter2d (const GstImAugPixels * pass, const GstImAugKernel2D * k)
{
  Job2D job = { pass, k };

  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows, rows_2d,
      &job);
}
