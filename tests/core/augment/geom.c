/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment's spatial transforms against references computed here:
 * - flips, Transpose, RandomRotate90 and the crops: exact, by index
 *   arithmetic (the factor and the window read from the plan's JSON);
 * - Rotate, Affine, ShiftScaleRotate: the forward matrix rebuilt from
 *   albumentations' formula (centre (W/2 - 0.5, H/2 - 0.5), R = [[cos, sin],
 *   [-sin, cos]], shear negated), compared with the recorded one, then
 *   the image sampled in double through its inverse; Perspective through
 *   the inverse of its recorded matrix; Resize by cv2.resize's rule
 *   (sx = (dx + 0.5) W / w - 0.5, edges replicated);
 * - GridDistortion, ElasticTransform, OpticalDistortion: the source points
 *   of gst_im_aug_plan_source_row () sampled in double; the optical camera
 *   and fisheye maps also against their closed formulas.
 * Rendered on RGB, GRAY8 and RGBA frames, fused and step by step.
 *
 * The renderer places points at 1/128 pixel with fixed-point weights: on
 * this image (at most ~25 levels between neighbours) that moves a value by
 * about 0.2 of a level, so after rounding no pixel may be off by more than
 * one level, and the PSNR must stay above 55 dB (measured: 60.8-64.6 dB
 * for bilinear and for bicubic with the right kernel).
 */
#include "augtest.h"

#define PSNR_BOUND 55.0
#define MAX_DIFF_BOUND 1

static const struct
{
  guint w, h, bpp;
} shapes[] = {
  {53, 37, 3},
  {64, 48, 1},
  {40, 31, 4},
};

/* ---- exact transforms ---- */

typedef enum
{
  HFLIP, VFLIP, TRANSPOSE, ROT90, WINDOW
} ExactKind;

/* out(x, y) = src(...) by index arithmetic */
static void
exact_reference (ExactKind kind, gint k, const gdouble * win,
    const AugImage * src, AugImage * out)
{
  guint W = src->w, H = src->h, x, y, sx = 0, sy = 0;

  if (kind == TRANSPOSE || (kind == ROT90 && (k & 1)))
    *out = aug_image_new (H, W, src->bpp);
  else if (kind == WINDOW)
    *out = aug_image_new (win[2], win[3], src->bpp);
  else
    *out = aug_image_new (W, H, src->bpp);
  for (y = 0; y < out->h; y++)
    for (x = 0; x < out->w; x++) {
      switch (kind) {
        case HFLIP:
          sx = W - 1 - x;
          sy = y;
          break;
        case VFLIP:
          sx = x;
          sy = H - 1 - y;
          break;
        case TRANSPOSE:
          sx = y;
          sy = x;
          break;
        case ROT90:            /* np.rot90 (img, k): counter-clockwise */
          sx = k == 0 ? x : k == 1 ? W - 1 - y : k == 2 ? W - 1 - x : y;
          sy = k == 0 ? y : k == 1 ? x : k == 2 ? H - 1 - y : H - 1 - x;
          break;
        case WINDOW:
          sx = win[0] + x;
          sy = win[1] + y;
          break;
      }
      memcpy (out->px + ((gsize) y * out->w + x) * src->bpp,
          src->px + ((gsize) sy * W + sx) * src->bpp, src->bpp);
    }
}

static void
check_exact (const gchar * transforms, ExactKind kind, const AugImage * src,
    guint n_keys, guint * seen)
{
  GstImAugPipeline *pipeline = aug_pipeline (transforms);
  GstImAugPlan *plan;
  AugImage ref, out;
  gchar *json;
  gdouble factor = 0, win[4];
  guint key, fuse;

  for (key = 0; key < n_keys; key++) {
    plan = gst_im_aug_pipeline_draw (pipeline, 11, key, 0, src->w, src->h);
    fail_unless (gst_im_aug_plan_get_problem (plan) == NULL);
    fail_unless_equals_int (gst_im_aug_plan_get_n_applied (plan), 1);
    json = gst_im_aug_plan_to_json (plan);
    if (kind == ROT90) {
      fail_unless (aug_applied_numbers (json, 0, "factor", &factor, 1), json);
      fail_unless (factor >= 0 && factor <= 3 && factor == floor (factor));
      seen[(gint) factor]++;
    }
    if (kind == WINDOW) {
      fail_unless (aug_applied_numbers (json, 0, "window", win, 4), json);
      fail_unless (win[0] >= 0 && win[1] >= 0 && win[0] + win[2] <= src->w
          && win[1] + win[3] <= src->h, "%s", json);
      seen[(gint) (win[1] * src->w + win[0]) % 64]++;
    }
    exact_reference (kind, factor, win, src, &ref);
    for (fuse = 0; fuse < 2; fuse++) {
      out = aug_render (plan, src, fuse, NULL, 0);
      fail_unless (out.w == ref.w && out.h == ref.h, "%s: %ux%u, not %ux%u",
          transforms, out.w, out.h, ref.w, ref.h);
      fail_unless (memcmp (out.px, ref.px, (gsize) ref.w * ref.h *
              ref.bpp) == 0, "%s (%s, %u channels): not exact",
          transforms, json, src->bpp);
      aug_image_clear (&out);
    }
    aug_image_clear (&ref);
    g_free (json);
    gst_im_aug_plan_free (plan);
  }
  gst_im_aug_pipeline_unref (pipeline);
}

static gdouble
first_window (const gchar * transforms, const AugImage * src, gdouble * win)
{
  GstImAugPipeline *pipeline = aug_pipeline (transforms);
  GstImAugPlan *plan = gst_im_aug_pipeline_draw (pipeline, 1, 0, 0, src->w,
      src->h);
  gchar *json = gst_im_aug_plan_to_json (plan);

  fail_unless (aug_applied_numbers (json, 0, "window", win, 4), json);
  g_free (json);
  gst_im_aug_plan_free (plan);
  gst_im_aug_pipeline_unref (pipeline);
  return win[0];
}

GST_START_TEST (test_exact)
{
  AugImage src = aug_image_pattern (shapes[__i__].w, shapes[__i__].h,
      shapes[__i__].bpp, __i__);
  guint seen[64] = { 0 }, i, distinct = 0;
  gdouble win[4];

  check_exact ("HorizontalFlip(p=1)", HFLIP, &src, 1, seen);
  check_exact ("VerticalFlip(p=1)", VFLIP, &src, 1, seen);
  check_exact ("Transpose(p=1)", TRANSPOSE, &src, 1, seen);
  /* every factor turns up among 40 keys (misses one with p < 1e-4) */
  check_exact ("RandomRotate90(p=1)", ROT90, &src, 40, seen);
  for (i = 0; i < 4; i++)
    fail_unless (seen[i] > 0, "RandomRotate90 never drew k = %u", i);

  memset (seen, 0, sizeof (seen));
  check_exact ("RandomCrop(height=20, width=30, p=1)", WINDOW, &src, 12,
      seen);
  for (i = 0; i < 64; i++)
    distinct += seen[i] > 0;
  fail_unless (distinct > 1, "RandomCrop always took the same window");
  check_exact ("CenterCrop(height=21, width=30, p=1)", WINDOW, &src, 1,
      seen);
  check_exact ("Crop(x_min=3, y_min=5, x_max=33, y_max=30, p=1)", WINDOW,
      &src, 1, seen);

  /* the windows albumentations takes: the centre by floor division */
  first_window ("CenterCrop(height=21, width=30, p=1)", &src, win);
  fail_unless (win[0] == (src.w - 30) / 2 && win[1] == (src.h - 21) / 2
      && win[2] == 30 && win[3] == 21);
  first_window ("Crop(x_min=3, y_min=5, x_max=33, y_max=30, p=1)", &src,
      win);
  fail_unless (win[0] == 3 && win[1] == 5 && win[2] == 30 && win[3] == 25);
  first_window ("RandomCrop(height=20, width=30, p=1)", &src, win);
  fail_unless (win[2] == 30 && win[3] == 20);
  aug_image_clear (&src);
}

GST_END_TEST;

/* ---- matrix warps ---- */

/* albumentations' forward affine matrix, written out here: T(c) T(t) Sh R
 * S T(-c) with c the true middle in pixel-centre units */
static void
albu_affine (guint W, guint H, gdouble angle, gdouble sx, gdouble sy,
    gdouble tx, gdouble ty, gdouble shx, gdouble shy, gdouble * m)
{
  gdouble a = angle * G_PI / 180, cs = cos (a), sn = sin (a);
  gdouble kx = tan (-shx * G_PI / 180), ky = tan (-shy * G_PI / 180);
  gdouble cx = W / 2.0 - 0.5, cy = H / 2.0 - 0.5, L[4];

  L[0] = (cs - kx * sn) * sx;
  L[1] = (sn + kx * cs) * sy;
  L[2] = (ky * cs - sn) * sx;
  L[3] = (ky * sn + cs) * sy;
  m[0] = L[0];
  m[1] = L[1];
  m[2] = cx + tx - (L[0] * cx + L[1] * cy);
  m[3] = L[2];
  m[4] = L[3];
  m[5] = cy + ty - (L[2] * cx + L[3] * cy);
  m[6] = m[7] = 0;
  m[8] = 1;
}

typedef struct
{
  const gchar *transforms;
  gint interp, border;
  gdouble fill;
  /* the parameters the ranges collapse to: angle, sx, sy, shx, shy, and
   * the translation as fractions (tfx, tfy) or pixels (tpx, tpy) */
  gboolean formula;
  gdouble angle, sx, sy, shx, shy, tfx, tfy, tpx, tpy;
  gboolean fit;
} WarpCase;

static const WarpCase warps[] = {
  {"Rotate(limit=[17.5, 17.5], p=1)", 1, 0, 0, TRUE, 17.5, 1, 1},
  {"Rotate(limit=[-33, -33], border_mode=4, p=1)", 1, 4, 0, TRUE, -33, 1, 1},
  {"Rotate(limit=(120, 120), fill=77, p=1)", 1, 0, 77, TRUE, 120, 1, 1},
  {"Rotate(limit=[50, 50], border_mode=2, p=1)", 1, 2, 0, TRUE, 50, 1, 1},
  {"Rotate(limit=[-71, -71], border_mode=3, p=1)", 1, 3, 0, TRUE, -71, 1, 1},
  {"Rotate(limit=[8, 8], border_mode=1, p=1)", 1, 1, 0, TRUE, 8, 1, 1},
  {"Affine(scale={x: [1.2, 1.2], y: [0.8, 0.8]}, rotate=[10, 10], "
        "shear={x: [7, 7], y: [-4, -4]}, translate_px={x: [3, 3], "
        "y: [-2, -2]}, p=1)", 1, 0, 0, TRUE, 10, 1.2, 0.8, 7, -4, 0, 0, 3, -2},
  {"Affine(scale=0.7, rotate=-25, translate_percent=[0.1, 0.1], "
        "border_mode=1, p=1)", 1, 1, 0, TRUE, -25, 0.7, 0.7, 0, 0, 0.1, 0.1},
  {"Affine(rotate=[30, 30], fit_output=True, p=1)", 1, 0, 0, TRUE, 30, 1, 1,
      0, 0, 0, 0, 0, 0, TRUE},
  {"ShiftScaleRotate(shift_limit=[0.05, 0.05], scale_limit=[0.2, 0.2], "
        "rotate_limit=[15, 15], border_mode=4, p=1)", 1, 4, 0, TRUE, 15, 1.2,
      1.2, 0, 0, 0.05, 0.05},
  {"Perspective(scale=[0.05, 0.1], p=1)", 1, 0, 0, FALSE},
  {"Perspective(scale=[0.05, 0.1], keep_size=False, border_mode=4, p=1)",
      1, 4, 0, FALSE},
};

/* The forward matrix albumentations would use for @c on @src, with
 * fit_output's shift and size. */
static void
expected_matrix (const WarpCase * c, const AugImage * src, gdouble * m,
    guint * ow, guint * oh)
{
  gdouble tx = c->tpx + trunc (c->tfx * src->w), ty = c->tpy +
      trunc (c->tfy * src->h), x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE,
      x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, uv[2];
  guint i;

  albu_affine (src->w, src->h, c->angle, c->sx, c->sy, tx, ty, c->shx, c->shy,
      m);
  *ow = src->w;
  *oh = src->h;
  if (!c->fit)
    return;
  /* the corners at the pixel edges (0, 0) .. (W, H) */
  for (i = 0; i < 4; i++) {
    aug_apply3 (m, (i == 1 || i == 2) ? src->w : 0, i >= 2 ? src->h : 0, uv);
    x0 = MIN (x0, uv[0]);
    x1 = MAX (x1, uv[0]);
    y0 = MIN (y0, uv[1]);
    y1 = MAX (y1, uv[1]);
  }
  m[2] -= floor (x0);
  m[5] -= floor (y0);
  *ow = ceil (x1) - floor (x0) + 1;
  *oh = ceil (y1) - floor (y0) + 1;
}

static void
check_warp (const WarpCase * c, const AugImage * src)
{
  GstImAugPipeline *pipeline = aug_pipeline (c->transforms);
  GstImAugPlan *plan;
  AugImage ref, out;
  gdouble m[9], expect[9], inv[9], psnr;
  gchar *json;
  guint ow, oh, w, h, i, fuse;
  gint diff;

  plan = gst_im_aug_pipeline_draw (pipeline, 5, 3, 1, src->w, src->h);
  json = gst_im_aug_plan_to_json (plan);
  fail_unless_equals_int (gst_im_aug_plan_get_n_applied (plan), 1);
  fail_unless (aug_applied_numbers (json, 0, "matrix", m, 9), json);
  gst_im_aug_plan_get_output_size (plan, &w, &h);
  if (c->formula) {
    expected_matrix (c, src, expect, &ow, &oh);
    for (i = 0; i < 9; i++)
      fail_unless (fabs (m[i] - expect[i]) < 1e-9, "%s: matrix[%u] %.12g, "
          "albumentations' formula %.12g", c->transforms, i, m[i], expect[i]);
    fail_unless (w == ow && h == oh, "%s: output %ux%u, expected %ux%u",
        c->transforms, w, h, ow, oh);
  }
  aug_invert3 (m, inv);
  ref = aug_ref_render (src, w, h, aug_matrix_map, inv, c->interp, c->border,
      c->fill);
  for (fuse = 0; fuse < 2; fuse++) {
    out = aug_render (plan, src, fuse, NULL, 0);
    psnr = aug_compare (&out, &ref, &diff);
    GST_INFO ("%s %u ch fuse %u: %.2f dB, max diff %d", c->transforms,
        src->bpp, fuse, psnr, diff);
    fail_unless (psnr > PSNR_BOUND && diff <= MAX_DIFF_BOUND,
        "%s on %u channels (fuse %u): %.2f dB, max diff %d (%s)",
        c->transforms, src->bpp, fuse, psnr, diff, json);
    aug_image_clear (&out);
  }
  aug_image_clear (&ref);
  g_free (json);
  gst_im_aug_plan_free (plan);
  gst_im_aug_pipeline_unref (pipeline);
}

GST_START_TEST (test_warps)
{
  AugImage src = aug_image_pattern (shapes[__i__].w, shapes[__i__].h,
      shapes[__i__].bpp, 10 + __i__);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (warps); i++)
    check_warp (&warps[i], &src);
  aug_image_clear (&src);
}

GST_END_TEST;

/* OpenCV's INTER_CUBIC (A = -0.75) is what albumentations' interpolation=2
 * gives; checked on its own so that its bound names the kernel. */
GST_START_TEST (test_cubic)
{
  static const WarpCase cubic[] = {
    {"Rotate(limit=[23, 23], interpolation=2, border_mode=4, p=1)", 2, 4, 0,
        TRUE, 23, 1, 1},
    {"Affine(scale=[1.3, 1.3], rotate=[-12, -12], interpolation=2, p=1)", 2,
        0, 0, TRUE, -12, 1.3, 1.3},
  };
  AugImage src = aug_image_pattern (shapes[__i__].w, shapes[__i__].h,
      shapes[__i__].bpp, 20 + __i__);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cubic); i++)
    check_warp (&cubic[i], &src);
  aug_image_clear (&src);
}

GST_END_TEST;

/* cv2.resize's INTER_LINEAR: each axis on its own, the window's edges
 * replicated */
typedef struct
{
  gdouble fx, fy;
} ResizeRatio;

static void
resize_map (gpointer data, guint x, guint y, gdouble * uv)
{
  const ResizeRatio *r = data;

  uv[0] = (x + 0.5) * r->fx - 0.5;
  uv[1] = (y + 0.5) * r->fy - 0.5;
}

GST_START_TEST (test_resize)
{
  static const guint sizes[][2] = { {71, 23}, {30, 60}, {17, 13} };
  AugImage src = aug_image_pattern (shapes[__i__].w, shapes[__i__].h,
      shapes[__i__].bpp, 30 + __i__), ref, out;
  GstImAugPipeline *pipeline;
  GstImAugPlan *plan;
  ResizeRatio r;
  gchar *t;
  guint i, fuse, w, h;
  gdouble psnr;
  gint diff;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    t = g_strdup_printf ("Resize(height=%u, width=%u)", sizes[i][1],
        sizes[i][0]);
    pipeline = aug_pipeline (t);
    plan = gst_im_aug_pipeline_draw (pipeline, 1, 2, 3, src.w, src.h);
    gst_im_aug_plan_get_output_size (plan, &w, &h);
    fail_unless (w == sizes[i][0] && h == sizes[i][1]);
    r.fx = (gdouble) src.w / w;
    r.fy = (gdouble) src.h / h;
    ref = aug_ref_render (&src, w, h, resize_map, &r, 1, 1, 0);
    for (fuse = 0; fuse < 2; fuse++) {
      out = aug_render (plan, &src, fuse, NULL, 0);
      psnr = aug_compare (&out, &ref, &diff);
      GST_INFO ("%s %u ch: %.2f dB, max diff %d", t, src.bpp, psnr, diff);
      fail_unless (psnr > PSNR_BOUND && diff <= MAX_DIFF_BOUND,
          "%s on %u channels: %.2f dB, max diff %d", t, src.bpp, psnr, diff);
      aug_image_clear (&out);
    }
    aug_image_clear (&ref);
    gst_im_aug_plan_free (plan);
    gst_im_aug_pipeline_unref (pipeline);
    g_free (t);
  }
  aug_image_clear (&src);
}

GST_END_TEST;

/* ---- maps ---- */

typedef struct
{
  const GstImAugPlan *plan;
  guint w, row;
  gdouble *coords;
} SourceRows;

static void
source_map (gpointer data, guint x, guint y, gdouble * uv)
{
  SourceRows *s = data;

  if (s->row != y) {
    gst_im_aug_plan_source_row (s->plan, y, s->coords);
    s->row = y;
  }
  uv[0] = s->coords[2 * x];
  uv[1] = s->coords[2 * x + 1];
}

/* OpenCV's camera undistortion map with k1 = k2 = k and albumentations'
 * camera matrix, or albumentations' fisheye formula, at pixel (x, y). */
static void
optical_formula (gboolean fisheye, gdouble k, gdouble cx, gdouble cy,
    guint W, guint H, guint x, guint y, gdouble * uv)
{
  gdouble u0 = (W - 1) / 2.0, v0 = (H - 1) / 2.0, nx, ny, r2, s, R2;

  if (!fisheye) {
    nx = (x - u0) / W;
    ny = (y - v0) / H;
    r2 = nx * nx + ny * ny;
    s = 1 + k * r2 + k * r2 * r2;
    uv[0] = W * nx * s + cx;
    uv[1] = H * ny * s + cy;
  } else {
    R2 = pow (MAX (cx, W - cx), 2) + pow (MAX (cy, H - cy), 2);
    s = 1 + k * ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / R2;
    uv[0] = (x - cx) * s + cx;
    uv[1] = (y - cy) * s + cy;
  }
}

static const struct
{
  const gchar *transforms;
  gint border;
} maps[] = {
  {"GridDistortion(num_steps=5, distort_limit=0.3, p=1)", 0},
  {"GridDistortion(num_steps=7, distort_limit=0.5, normalized=False, "
        "border_mode=4, p=1)", 4},
  {"ElasticTransform(alpha=40, sigma=6, p=1)", 0},
  {"ElasticTransform(alpha=20, sigma=4, same_dxdy=True, "
        "noise_distribution='uniform', border_mode=1, p=1)", 1},
  {"OpticalDistortion(distort_limit=[0.4, 0.4], p=1)", 0},
  {"OpticalDistortion(distort_limit=[-0.6, -0.6], mode='fisheye', "
        "border_mode=2, p=1)", 2},
};

GST_START_TEST (test_maps)
{
  AugImage src = aug_image_pattern (shapes[__i__].w, shapes[__i__].h,
      shapes[__i__].bpp, 40 + __i__), ref, out;
  GstImAugPipeline *pipeline;
  GstImAugPlan *plan;
  SourceRows rows;
  gchar *json;
  gdouble k, mode, centre[2], uv[2], psnr;
  guint i, x, y, fuse, moved;
  gint diff;

  for (i = 0; i < G_N_ELEMENTS (maps); i++) {
    pipeline = aug_pipeline (maps[i].transforms);
    plan = gst_im_aug_pipeline_draw (pipeline, 9, i, 0, src.w, src.h);
    json = gst_im_aug_plan_to_json (plan);
    fail_unless_equals_int (gst_im_aug_plan_get_n_applied (plan), 1);
    rows.plan = plan;
    rows.w = src.w;
    rows.row = G_MAXUINT;
    rows.coords = g_new (gdouble, 2 * src.w);

    /* the map moves points: a test of an identity would prove nothing */
    moved = 0;
    for (y = 0; y < src.h; y++)
      for (x = 0; x < src.w; x++) {
        source_map (&rows, x, y, uv);
        moved += fabs (uv[0] - x) + fabs (uv[1] - y) > 0.25;
      }
    fail_unless (moved > src.w * src.h / 4, "%s moves only %u points",
        maps[i].transforms, moved);

    if (g_str_has_prefix (maps[i].transforms, "Optical")) {
      fail_unless (aug_applied_numbers (json, 0, "k", &k, 1)
          && aug_applied_numbers (json, 0, "mode", &mode, 1)
          && aug_applied_numbers (json, 0, "center", centre, 2), json);
      fail_unless (fabs (k - (mode ? -0.6 : 0.4)) < 1e-12, json);
      /* albumentations 2.x centres the source at (W / 2, H / 2) */
      fail_unless (centre[0] == src.w / 2.0 && centre[1] == src.h / 2.0);
      for (y = 0; y < src.h; y++)
        for (x = 0; x < src.w; x++) {
          gdouble f[2];

          source_map (&rows, x, y, uv);
          optical_formula (mode != 0, k, centre[0], centre[1], src.w, src.h,
              x, y, f);
          fail_unless (fabs (uv[0] - f[0]) < 1e-9
              && fabs (uv[1] - f[1]) < 1e-9, "%s at (%u, %u): (%g, %g), "
              "formula (%g, %g)", maps[i].transforms, x, y, uv[0], uv[1],
              f[0], f[1]);
        }
    }

    ref = aug_ref_render (&src, src.w, src.h, source_map, &rows, 1,
        maps[i].border, 0);
    for (fuse = 0; fuse < 2; fuse++) {
      out = aug_render (plan, &src, fuse, NULL, 0);
      psnr = aug_compare (&out, &ref, &diff);
      GST_INFO ("%s %u ch fuse %u: %.2f dB, max diff %d", maps[i].transforms,
          src.bpp, fuse, psnr, diff);
      fail_unless (psnr > PSNR_BOUND && diff <= MAX_DIFF_BOUND,
          "%s on %u channels (fuse %u): %.2f dB, max diff %d",
          maps[i].transforms, src.bpp, fuse, psnr, diff);
      aug_image_clear (&out);
    }
    aug_image_clear (&ref);
    g_free (rows.coords);
    g_free (json);
    gst_im_aug_plan_free (plan);
    gst_im_aug_pipeline_unref (pipeline);
  }
  aug_image_clear (&src);
}

GST_END_TEST;

static Suite *
augment_geom_suite (void)
{
  Suite *s = suite_create ("augment_geom");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_exact, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_warps, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_cubic, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_resize, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_maps, 0, G_N_ELEMENTS (shapes));
  return s;
}

GST_CHECK_MAIN (augment_geom);
