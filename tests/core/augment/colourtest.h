/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What the colour transforms' tests (colour.c, hsv.c) share: an RGB test
 * image and its bytes in RGB, BGR (channel order), RGBA and ARGB (alpha: a
 * pattern of its own) and GRAY8, a plan rendered on them, and the check
 * against a per-pixel reference written in double precision from the
 * documented formulas: a reference gives each pixel up to MAX_CAND
 * candidates (where the exact value lies on a rounding edge closer than
 * the library's fixed point resolves), and a tolerance above 0 may be
 * used on at most TOL_FRACTION of the samples; alpha must be untouched.
 */
#ifndef __COLOUR_TEST_H__
#define __COLOUR_TEST_H__

#include "augtest.h"

#define TOL_FRACTION 0.005

typedef struct
{
  GstVideoFormat format;
  guint bpp;
  gint r, g, b, a;              /* byte offsets; a: -1 none */
} Fmt;

static const Fmt fmts[] = {
  {GST_VIDEO_FORMAT_RGB, 3, 0, 1, 2, -1},
  {GST_VIDEO_FORMAT_BGR, 3, 2, 1, 0, -1},
  {GST_VIDEO_FORMAT_RGBA, 4, 0, 1, 2, 3},
  {GST_VIDEO_FORMAT_ARGB, 4, 1, 2, 3, 0},
  {GST_VIDEO_FORMAT_GRAY8, 1, 0, 0, 0, -1},
};

/* 131 x 19: vector steps and scalar tails in every row */
#define W 131
#define H 19

/* An RGB image with texture, grey pixels (S = 0), pure and dark colours. */
static inline AugImage
test_rgb (void)
{
  AugImage img = aug_image_pattern (W, H, 3, 5);
  guint x, y;
  guint8 *p;

  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++) {
      p = img.px + ((gsize) y * W + x) * 3;
      if (y == 3)
        p[1] = p[2] = p[0];
      if (y == 4 && x < 6) {
        p[0] = x & 1 ? 255 : 0;
        p[1] = x & 2 ? 255 : 0;
        p[2] = x & 4 ? 255 : 0;
      }
      if (y == 5)
        p[0] = p[1] = p[2] = x % 7;
    }
  return img;
}

/* the frame bytes of @rgb in @f (alpha: a pattern of its own) */
static inline AugImage
to_format (const AugImage * rgb, const Fmt * f)
{
  AugImage img = aug_image_new (rgb->w, rgb->h, f->bpp);
  gsize i, n = (gsize) rgb->w * rgb->h;
  const guint8 *p;

  for (i = 0; i < n; i++) {
    p = rgb->px + i * 3;
    if (f->bpp == 1) {
      img.px[i] = p[0];
      continue;
    }
    img.px[i * f->bpp + f->r] = p[0];
    img.px[i * f->bpp + f->g] = p[1];
    img.px[i * f->bpp + f->b] = p[2];
    if (f->a >= 0)
      img.px[i * f->bpp + f->a] = (i * 37 + 11) & 255;
  }
  return img;
}

/* Renders @plan on @src (format @f) through mapped GstVideoFrames. */
static inline AugImage
render (const GstImAugPlan * plan, const AugImage * src, const Fmt * f,
    GstImWorkerPool * pool, guint chunk_rows)
{
  return aug_render_format (plan, src, f->format, TRUE, pool, chunk_rows);
}

/* the plan of @transforms (p = 1) for a W x H frame, and its JSON */
static inline GstImAugPlan *
plan_of (const gchar * transforms, guint64 seed, gchar ** json)
{
  GstImAugPipeline *pipeline = aug_pipeline (transforms);
  GstImAugPlan *plan = gst_im_aug_pipeline_draw (pipeline, seed, 3, 0, W, H);

  fail_unless_equals_int (gst_im_aug_plan_get_n_applied (plan), 1);
  *json = gst_im_aug_plan_to_json (plan);
  gst_im_aug_pipeline_unref (pipeline);
  return plan;
}

/* ---- references, one RGB pixel (doubles in, bytes out) ---- */

/* writes the expected pixel to out[0..2]; where the exact value lies on a
 * rounding edge closer than the library's fixed point resolves, more
 * candidates after it; returns how many (1..4) */
#define MAX_CAND 4
typedef guint (*RefFunc) (gconstpointer data, const gint * in, gint * out);

static inline gint
round_half_up (gdouble x)
{
  return (gint) floor (x + 0.5);
}

/* a candidate channel that may also be one less */
#define OR_LESS (1 << 16)

static inline gint
ref_grey (const gint * c)
{
  return round_half_up (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]);
}

/* The expected RGB image: up to MAX_CAND candidates a pixel */
typedef struct
{
  guint w, h;
  guint8 *n;                    /* candidates per pixel */
  gint *px;                     /* MAX_CAND x 3 per pixel */
} Want;

static inline Want
want_new (const AugImage * rgb, RefFunc ref, gconstpointer data)
{
  Want want = { rgb->w, rgb->h };
  gsize i, n = (gsize) rgb->w * rgb->h;
  gint in[3];
  guint c;

  want.n = g_new (guint8, n);
  want.px = g_new (gint, n * MAX_CAND * 3);
  for (i = 0; i < n; i++) {
    for (c = 0; c < 3; c++)
      in[c] = rgb->px[i * 3 + c];
    want.n[i] = ref (data, in, want.px + i * MAX_CAND * 3);
  }
  return want;
}

static inline void
want_clear (Want * want)
{
  g_free (want->n);
  g_free (want->px);
}

/* @ours (format @f) against @want: each pixel within @tol of its nearest
 * candidate (with tol > 0, on at most TOL_FRACTION of the samples), alpha
 * as in @src */
static inline void
check_want (const AugImage * ours, const AugImage * src, const Want * want,
    const Fmt * f, gint tol, const gchar * what)
{
  gsize i, n = (gsize) ours->w * ours->h, off = 0;
  gint d, best, worst, max_diff = 0;
  guint c, k, best_off = 0, nk;
  const gint *cand;

  for (i = 0; i < n; i++) {
    best = G_MAXINT;
    for (k = 0; k < want->n[i]; k++) {
      cand = want->px + (i * MAX_CAND + k) * 3;
      for (c = 0, worst = 0, nk = 0; c < 3; c++) {
        gint o = ours->px[i * f->bpp + (c == 0 ? f->r : c == 1 ? f->g :
                f->b)], w = cand[c] & 0xffff;

        d = (cand[c] & OR_LESS) && o == w - 1 ? 0 : ABS (o - w);
        worst = MAX (worst, d);
        nk += d > 0;
      }
      if (worst < best) {
        best = worst;
        best_off = nk;
      }
    }

    max_diff = MAX (max_diff, best);
    off += best_off;
    if (f->a >= 0)
      fail_unless_equals_int (ours->px[i * f->bpp + f->a],
          src->px[i * f->bpp + f->a]);
  }
  fail_unless (max_diff <= tol, "%s (%s): max diff %d", what,
      gst_video_format_to_string (f->format), max_diff);
  fail_unless (off <= TOL_FRACTION * 3 * n, "%s (%s): %" G_GSIZE_FORMAT
      " of %" G_GSIZE_FORMAT " samples differ", what,
      gst_video_format_to_string (f->format), off, 3 * n);
}

/* Renders @transforms on every colour format and compares with @ref; on
 * GRAY8 with @grey_ref (a table on the grey value; NULL: unchanged). */
static inline void
check_transform (const gchar * transforms, RefFunc ref, gconstpointer data,
    gint tol, const guint8 * grey_ref)
{
  AugImage rgb = test_rgb (), src, ours;
  Want want = want_new (&rgb, ref, data);
  GstImAugPlan *plan;
  gchar *json;
  guint k;
  gsize i;

  plan = plan_of (transforms, 1, &json);
  for (k = 0; k < G_N_ELEMENTS (fmts); k++) {
    src = to_format (&rgb, &fmts[k]);
    ours = render (plan, &src, &fmts[k], NULL, 0);
    if (fmts[k].bpp == 1) {
      for (i = 0; i < (gsize) W * H; i++)
        fail_unless_equals_int (ours.px[i], grey_ref ? grey_ref[src.px[i]] :
            src.px[i]);
    } else {
      check_want (&ours, &src, &want, &fmts[k], tol, transforms);
    }
    aug_image_clear (&src);
    aug_image_clear (&ours);
  }
  gst_im_aug_plan_free (plan);
  g_free (json);
  aug_image_clear (&rgb);
  want_clear (&want);
}

#endif /* __COLOUR_TEST_H__ */
