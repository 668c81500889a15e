/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Fused geometry: chains of spatial transforms rendered in one pass
 * (fuse=TRUE) and step by step (fuse=FALSE, as albumentations applies
 * them), both against the exact float composition built here: the
 * recorded matrices inverted and chained in double and the source sampled
 * once in double. The fused image must be close to the step-by-step one
 * and never further from the exact one.
 *
 * Where a point comes near the edge of an intermediate image the three
 * differ by design (step by step blends that edge with the fill, the
 * composition has no intermediate pixels to blend), so the comparisons
 * are over the pixels whose every intermediate point lies at least
 * MARGIN pixels inside its image: there only the interpolation differs.
 */
#include "augtest.h"

/* Step by step interpolates (and rounds) once per warp, fused once: on
 * this textured image two or three bilinear passes blur the noise (measured
 * 38-42 dB from the fused image); below 35 dB the two would differ in more
 * than that blur. */
#define STEPWISE_BOUND 35.0
/* Fused is one warp: against the exact composition it must do as well as
 * a single warp does against its reference in geom.c (measured 62-65 dB,
 * max diff 1) */
#define EXACT_BOUND 55.0
#define EXACT_MAX_DIFF 1
/* and it may lose to step by step only by this much (it gains 20 dB) */
#define EPSILON_DB 0.05
#define MARGIN 1.5

static const struct
{
  guint w, h, bpp;
} shapes[] = {
  {53, 37, 3},
  {64, 48, 1},
  {40, 31, 4},
};

typedef struct
{
  guint W, H;                   /* the source */
  gdouble rot_inv[9], aff_inv[9];
  guint rw, rh;                 /* Resize's output */
  const GstImAugPlan *grid;     /* the grid step alone, or NULL */
  gdouble *grid_row;
  guint grid_y;
  gboolean interior;            /* every point so far MARGIN inside */
} Chain;

/* whether (u, v) is inside a w x h image (its pixels' area); notes in
 * @c whether it is also MARGIN inside the edge centres */
static gboolean
inside (Chain * c, gdouble u, gdouble v, guint w, guint h)
{
  c->interior &= u >= MARGIN && u <= w - 1 - MARGIN && v >= MARGIN
      && v <= h - 1 - MARGIN;
  return u >= -0.5 && u <= w - 0.5 && v >= -0.5 && v <= h - 0.5;
}

/* flip -> rotate -> affine -> resize, taken back from an output pixel */
static void
chain_a_map (gpointer data, guint x, guint y, gdouble * uv)
{
  Chain *c = data;
  gdouble u, v;

  /* cv2.resize: centres scaled, clamped to the edge pixels */
  c->interior = TRUE;
  u = (x + 0.5) * c->W / c->rw - 0.5;
  v = (y + 0.5) * c->H / c->rh - 0.5;
  inside (c, u, v, c->W, c->H);
  aug_apply3 (c->aff_inv, CLAMP (u, 0, c->W - 1), CLAMP (v, 0, c->H - 1),
      uv);
  if (!inside (c, uv[0], uv[1], c->W, c->H))
    goto fill;
  aug_apply3 (c->rot_inv, uv[0], uv[1], uv);
  if (!inside (c, uv[0], uv[1], c->W, c->H))
    goto fill;
  uv[0] = c->W - 1 - uv[0];
  return;
fill:
  uv[0] = uv[1] = NAN;
}

/* flip -> rotate -> grid distortion: the grid's points at the output's
 * integer pixels, from the plan of the grid step alone */
static void
chain_b_map (gpointer data, guint x, guint y, gdouble * uv)
{
  Chain *c = data;

  if (c->grid_y != y) {
    gst_im_aug_plan_source_row (c->grid, y, c->grid_row);
    c->grid_y = y;
  }
  c->interior = TRUE;
  uv[0] = c->grid_row[2 * x];
  uv[1] = c->grid_row[2 * x + 1];
  if (!inside (c, uv[0], uv[1], c->W, c->H))
    goto fill;
  aug_apply3 (c->rot_inv, uv[0], uv[1], uv);
  if (!inside (c, uv[0], uv[1], c->W, c->H))
    goto fill;
  uv[0] = c->W - 1 - uv[0];
  return;
fill:
  uv[0] = uv[1] = NAN;
}

/* which output pixels are interior (see the top) */
static gboolean *
interior_mask (Chain * c, AugMapFunc map, guint w, guint h, guint * n)
{
  gboolean *mask = g_new (gboolean, (gsize) w * h);
  gdouble uv[2];
  guint x, y;

  *n = 0;
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++) {
      map (c, x, y, uv);
      mask[y * w + x] = c->interior;
      *n += c->interior;
    }
  return mask;
}

static gdouble
masked_psnr (const AugImage * a, const AugImage * b, const gboolean * mask,
    gint * max_diff)
{
  gdouble se = 0;
  gsize i, n = 0;
  gint d;

  *max_diff = 0;
  for (i = 0; i < (gsize) a->w * a->h * a->bpp; i++)
    if (mask[i / a->bpp]) {
      d = (gint) a->px[i] - b->px[i];
      se += d * d;
      n++;
      *max_diff = MAX (*max_diff, ABS (d));
    }
  return im_test_psnr_se (se, n);
}

/* applied entry @index of @json as a plan of its own */
static GstImAugPlan *
single_step_plan (const gchar * json, guint index, guint w, guint h)
{
  const gchar *entry = aug_applied_at (json, index), *end;
  gchar *head, *one;
  GstImAugPlan *plan;
  GError *error = NULL;

  end = strstr (entry + 1, "{\"transform\":");
  if (end == NULL)
    end = entry + strlen (entry) - 2;   /* before "]}" */
  else
    end--;                      /* before the comma */
  head = g_strndup (json, strstr (json, ",\"input\":") - json);
  one = g_strdup_printf ("%s,\"input\":[%u,%u],\"output\":[%u,%u],"
      "\"applied\":[%.*s]}", head, w, h, w, h, (gint) (end - entry), entry);
  plan = gst_im_aug_plan_new_from_json (one, &error);
  fail_unless (plan != NULL, "%s: %s", one, error ? error->message : "");
  g_free (head);
  g_free (one);
  return plan;
}

static void
check_chain (const gchar * transforms, const AugImage * src, gboolean grid)
{
  GstImAugPipeline *pipeline = aug_pipeline (transforms);
  GstImAugPlan *plan;
  Chain c = { src->w, src->h };
  AugImage fused, stepwise, exact;
  gdouble m[9], p_fs, p_fe, p_se;
  gboolean *mask;
  gchar *json;
  guint w, h, key, n;
  gint d_fs, d_fe, d_se;

  for (key = 0; key < 3; key++) {
    plan = gst_im_aug_pipeline_draw (pipeline, 17, key, 0, src->w, src->h);
    fail_unless_equals_int (gst_im_aug_plan_get_n_applied (plan), grid ? 3 :
        4);
    json = gst_im_aug_plan_to_json (plan);
    gst_im_aug_plan_get_output_size (plan, &w, &h);
    fail_unless (aug_applied_numbers (json, 1, "matrix", m, 9), json);
    aug_invert3 (m, c.rot_inv);
    if (grid) {
      c.grid = single_step_plan (json, 2, src->w, src->h);
      c.grid_row = g_new (gdouble, 2 * w);
      c.grid_y = G_MAXUINT;
      exact = aug_ref_render (src, w, h, chain_b_map, &c, 1, 0, 0);
      mask = interior_mask (&c, chain_b_map, w, h, &n);
      gst_im_aug_plan_free ((GstImAugPlan *) c.grid);
      g_free (c.grid_row);
    } else {
      fail_unless (aug_applied_numbers (json, 2, "matrix", m, 9), json);
      aug_invert3 (m, c.aff_inv);
      c.rw = w;
      c.rh = h;
      exact = aug_ref_render (src, w, h, chain_a_map, &c, 1, 0, 0);
      mask = interior_mask (&c, chain_a_map, w, h, &n);
    }
    /* most of the image is compared */
    fail_unless (n > w * h / 3, "%u interior pixels of %u", n, w * h);
    fused = aug_render (plan, src, TRUE, NULL, 0);
    stepwise = aug_render (plan, src, FALSE, NULL, 0);
    p_fs = masked_psnr (&fused, &stepwise, mask, &d_fs);
    p_fe = masked_psnr (&fused, &exact, mask, &d_fe);
    p_se = masked_psnr (&stepwise, &exact, mask, &d_se);
    GST_INFO ("%u ch key %u, %u of %u pixels: fused/stepwise %.2f dB (max %d), fused/exact "
        "%.2f dB (max %d), stepwise/exact %.2f dB (max %d)", src->bpp, key,
        n, w * h, p_fs, d_fs, p_fe, d_fe, p_se, d_se);
    fail_unless (p_fs > STEPWISE_BOUND, "%s: fused vs step by step %.2f dB",
        transforms, p_fs);
    fail_unless (p_fe > EXACT_BOUND && d_fe <= EXACT_MAX_DIFF, "%s: fused "
        "%.2f dB from the exact composition, max diff %d", transforms, p_fe,
        d_fe);
    fail_unless (p_fe >= p_se - EPSILON_DB, "%s: fused %.2f dB from the "
        "exact composition, step by step %.2f dB", transforms, p_fe, p_se);
    aug_image_clear (&fused);
    aug_image_clear (&stepwise);
    aug_image_clear (&exact);
    g_free (mask);
    g_free (json);
    gst_im_aug_plan_free (plan);
  }
  gst_im_aug_pipeline_unref (pipeline);
}

GST_START_TEST (test_affine_chain)
{
  AugImage src = aug_image_pattern (shapes[__i__].w, shapes[__i__].h,
      shapes[__i__].bpp, __i__);

  check_chain ("HorizontalFlip(p=1), Rotate(limit=[-20, 20], p=1), "
      "Affine(scale=(0.9, 1.2), rotate=(-10, 10), translate_px={x: (-3, 3), "
      "y: (-2, 2)}, p=1), Resize(height=29, width=45)", &src, FALSE);
  aug_image_clear (&src);
}

GST_END_TEST;

GST_START_TEST (test_grid_chain)
{
  AugImage src = aug_image_pattern (shapes[__i__].w, shapes[__i__].h,
      shapes[__i__].bpp, 10 + __i__);

  check_chain ("HorizontalFlip(p=1), Rotate(limit=[-25, 25], p=1), "
      "GridDistortion(num_steps=4, distort_limit=0.3, p=1)", &src, TRUE);
  aug_image_clear (&src);
}

GST_END_TEST;

/* chains of exact steps stay exact either way */
GST_START_TEST (test_exact_chain)
{
  AugImage src = aug_image_pattern (shapes[__i__].w, shapes[__i__].h,
      shapes[__i__].bpp, 20 + __i__), fused, stepwise;
  GstImAugPipeline *pipeline = aug_pipeline ("Transpose(p=1), "
      "HorizontalFlip(p=1), RandomCrop(height=20, width=25, p=1), "
      "RandomRotate90(p=1), VerticalFlip(p=1)");
  GstImAugPlan *plan;
  guint key;

  for (key = 0; key < 8; key++) {
    plan = gst_im_aug_pipeline_draw (pipeline, 3, key, 0, src.w, src.h);
    fused = aug_render (plan, &src, TRUE, NULL, 0);
    stepwise = aug_render (plan, &src, FALSE, NULL, 0);
    fail_unless (memcmp (fused.px, stepwise.px, (gsize) fused.w * fused.h *
            fused.bpp) == 0);
    aug_image_clear (&fused);
    aug_image_clear (&stepwise);
    gst_im_aug_plan_free (plan);
  }
  gst_im_aug_pipeline_unref (pipeline);
  aug_image_clear (&src);
}

GST_END_TEST;

/* A flip before a rotation is multiplied into the rotation's matrix, its
 * border fold moved past it (the affine fast path): the whole output,
 * borders included, is the rotation alone of the image flipped by index
 * arithmetic here, within one level where a coordinate rounds the other
 * way. Every border rule, both flips and both together. */
GST_START_TEST (test_flip_into_fold)
{
  static const gchar *flips[] = { "HorizontalFlip(p=1)",
    "VerticalFlip(p=1)", "HorizontalFlip(p=1), VerticalFlip(p=1)"
  };
  static const gint borders[] = { 0, 1, 2, 4 };
  guint f = __i__ / G_N_ELEMENTS (borders);
  gint border = borders[__i__ % G_N_ELEMENTS (borders)];
  AugImage src = aug_image_pattern (53, 37, 3, 40 + __i__), flipped, got,
      want;
  gchar *rotate = g_strdup_printf ("Rotate(limit=[17, 17], border_mode=%d, "
      "fill=[9, 80, 200], p=1)", border);
  gchar *chain = g_strdup_printf ("%s, %s", flips[f], rotate);
  GstImAugPipeline *both = aug_pipeline (chain), *alone = aug_pipeline
      (rotate);
  GstImAugPlan *pb = gst_im_aug_pipeline_draw (both, 1, 0, 0, src.w, src.h);
  GstImAugPlan *pa = gst_im_aug_pipeline_draw (alone, 1, 0, 0, src.w,
      src.h);
  gboolean hflip = f != 1, vflip = f != 0;
  guint x, y, c, off = 0, n = src.w * src.h * src.bpp;
  gint d, max = 0;

  flipped = aug_image_new (src.w, src.h, src.bpp);
  for (y = 0; y < src.h; y++)
    for (x = 0; x < src.w; x++)
      for (c = 0; c < src.bpp; c++)
        flipped.px[(y * src.w + x) * src.bpp + c] =
            src.px[((vflip ? src.h - 1 - y : y) * src.w +
                (hflip ? src.w - 1 - x : x)) * src.bpp + c];
  got = aug_render (pb, &src, TRUE, NULL, 0);
  want = aug_render (pa, &flipped, TRUE, NULL, 0);
  for (x = 0; x < n; x++) {
    d = abs (got.px[x] - want.px[x]);
    max = MAX (max, d);
    off += d > 0;
  }
  fail_unless (max <= 1 && off <= n / 1000, "%s: %u of %u bytes differ, "
      "max %d", chain, off, n, max);
  aug_image_clear (&got);
  aug_image_clear (&want);
  aug_image_clear (&flipped);
  aug_image_clear (&src);
  gst_im_aug_plan_free (pb);
  gst_im_aug_plan_free (pa);
  gst_im_aug_pipeline_unref (both);
  gst_im_aug_pipeline_unref (alone);
  g_free (chain);
  g_free (rotate);
}

GST_END_TEST;

static Suite *
augment_fusion_suite (void)
{
  Suite *s = suite_create ("augment_fusion");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_affine_chain, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_grid_chain, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_exact_chain, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_flip_into_fold, 0, 12);
  return s;
}

GST_CHECK_MAIN (augment_fusion);
