/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Rotate, Affine, ShiftScaleRotate and Perspective: one forward matrix
 * each, as albumentations hands it to cv2.warpAffine / warpPerspective
 * (pixel centres at integers, the centre of rotation at (W/2 - 0.5,
 * H/2 - 0.5), positive angles counter-clockwise on screen). The matrix is
 * recorded, so a replay needs no draws. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"

/* Applied values shared by the family: the matrix, then the common ones. */
#define A_MATRIX 0
#define A_COMMON 9
#define A_DRAWN (A_COMMON + GST_IM_AUG_N_COMMON)

static void
stage_matrix (const GstImAugStep * step, GstImAugStage * stage)
{
  gst_im_aug_set_common (stage, step->v + A_COMMON);
  gst_im_aug_set_forward (stage, step->v + A_MATRIX);
}

static gdouble
radians (gdouble degrees)
{
  return fmod (degrees, 360.0) * G_PI / 180.0;
}

/* M = T(c) . T(t) . Shear . R . S . T(-c), c the image centre */
static void
affine_matrix (guint w, guint h, gdouble angle, gdouble sx, gdouble sy,
    gdouble tx, gdouble ty, gdouble shx, gdouble shy, gdouble * m)
{
  gdouble a = radians (angle), c = cos (a), s = sin (a);
  gdouble kx = tan (radians (-shx)), ky = tan (radians (-shy));
  gdouble cx = w / 2.0 - 0.5, cy = h / 2.0 - 0.5;

  m[0] = (c - kx * s) * sx;
  m[1] = (s + kx * c) * sy;
  m[3] = (ky * c - s) * sx;
  m[4] = (ky * s + c) * sy;
  m[2] = cx + tx - m[0] * cx - m[1] * cy;
  m[5] = cy + ty - m[3] * cx - m[4] * cy;
  m[6] = m[7] = 0;
  m[8] = 1;
}

/* ---- Rotate ---- */

static const GstImAugParamSpec rotate_params[] = {
  {.name = "limit",.type = GST_IM_AUG_RANGE,.def = "[-90, 90]",.min = -360,
      .max = 360,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  GST_IM_AUG_SPEC_INTERPOLATION,
  GST_IM_AUG_SPEC_BORDER ("4"),
  GST_IM_AUG_SPEC_FILL,
  {.name = "rotate_method",.type = GST_IM_AUG_CHOICE,.def = "\"largest_box\"",
      .choices = (const gchar * const[]) {"largest_box", "ellipse", NULL}},
  {.name = "crop_border",.type = GST_IM_AUG_BOOL,.def = "false"},
};

/* slots: limit 0-1, interpolation 2, border 3, fill 4-8, method 9, crop 10 */

static const GstImAugApplied rotate_applied[] = {
  {"matrix", 9}, GST_IM_AUG_APPLIED_COMMON, {"angle", 1},
};

/* The largest upright rectangle inside the rotated image, as
 * albumentations' crop_border computes it (from W/2, truncating). */
static void
rotate_crop (guint w, guint h, gdouble angle, gint * x0, gint * y0,
    gint * x1, gint * y1)
{
  gdouble a = angle * G_PI / 180.0, s = fabs (sin (a)), k = fabs (cos (a));
  gdouble lng = MAX (w, h), shrt = MIN (w, h), wr, hr, half, c2;

  if (shrt <= 2.0 * s * k * lng || fabs (s - k) < 1e-10) {
    half = shrt / 2.0;
    wr = w >= h ? half / s : half / k;
    hr = w >= h ? half / k : half / s;
  } else {
    c2 = k * k - s * s;
    wr = (w * k - h * s) / c2;
    hr = (h * k - w * s) / c2;
  }
  *x0 = MAX (0, (gint) (w / 2.0 - wr / 2.0));
  *x1 = MIN ((gint) w, (gint) (w / 2.0 + wr / 2.0));
  *y0 = MAX (0, (gint) (h / 2.0 - hr / 2.0));
  *y1 = MIN ((gint) h, (gint) (h / 2.0 + hr / 2.0));
}

static void
draw_rotate (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  gdouble angle = gst_im_aug_draw_range (key, 1, p), *m = step->v + A_MATRIX;
  gint x0, y0, x1, y1;

  affine_matrix (step->in_w, step->in_h, angle, 1, 1, 0, 0, 0, 0, m);
  if (p[10]) {
    rotate_crop (step->in_w, step->in_h, angle, &x0, &y0, &x1, &y1);
    if (x1 > x0 && y1 > y0) {
      m[2] -= x0;
      m[5] -= y0;
      step->out_w = x1 - x0;
      step->out_h = y1 - y0;
    }
  }
  gst_im_aug_copy_common (step->v + A_COMMON, p[2], p + 3);
  step->v[A_DRAWN] = angle;
}

const GstImAugClass gst_im_aug_rotate = {
  .name = "Rotate",
  .params = rotate_params,
  .n_params = G_N_ELEMENTS (rotate_params),
  .applied = rotate_applied,
  .n_applied = G_N_ELEMENTS (rotate_applied),
  .draw = draw_rotate,
  .stage = stage_matrix,
};

/* ---- Affine ---- */

static const GstImAugParamSpec affine_params[] = {
  {.name = "scale",.type = GST_IM_AUG_XY_RANGE,.def = "[1, 1]",.min = -100,
      .max = 100,.missing = 1.0},
  {.name = "translate_percent",.type = GST_IM_AUG_XY_RANGE,.def = "null",
      .min = -10,.max = 10,.flags = GST_IM_AUG_NULLABLE},
  {.name = "translate_px",.type = GST_IM_AUG_XY_RANGE,.def = "null",
      .min = -100000,.max = 100000,.flags = GST_IM_AUG_NULLABLE},
  {.name = "rotate",.type = GST_IM_AUG_RANGE,.def = "[0, 0]",.min = -360,
      .max = 360},
  {.name = "shear",.type = GST_IM_AUG_XY_RANGE,.def = "[0, 0]",.min = -89,
      .max = 89,.missing = 1.0},
  GST_IM_AUG_SPEC_INTERPOLATION,
  GST_IM_AUG_SPEC_BORDER (NULL),
  GST_IM_AUG_SPEC_FILL,
  {.name = "fit_output",.type = GST_IM_AUG_BOOL,.def = "false"},
  {.name = "keep_ratio",.type = GST_IM_AUG_BOOL,.def = "false"},
  {.name = "rotate_method",.type = GST_IM_AUG_CHOICE,.def = "\"largest_box\"",
      .choices = (const gchar * const[]) {"largest_box", "ellipse", NULL}},
  {.name = "balanced_scale",.type = GST_IM_AUG_BOOL,.def = "false"},
};

/* slots: scale 0-3, translate_percent 4-7, translate_px 8-11, rotate 12-13,
 * shear 14-17, interpolation 18, border 19, fill 20-24, fit_output 25,
 * keep_ratio 26, rotate_method 27, balanced_scale 28 */

static const gchar *
check_affine (const gdouble * p)
{
  if (!isnan (p[4]) && !isnan (p[8]))
    return "translate_percent and translate_px cannot both be given";
  if (p[26] && (p[0] != p[2] || p[1] != p[3]))
    return "keep_ratio needs the same scale range for x and y";
  return NULL;
}

static const GstImAugApplied affine_applied[] = {
  {"matrix", 9}, GST_IM_AUG_APPLIED_COMMON, {"angle", 1}, {"scale", 2},
  {"translate", 2}, {"shear", 2},
};

/* albumentations' balanced_scale: below and above 1 equally likely */
static gdouble
draw_scale (const GstImDrawKey * key, guint index, const gdouble * range,
    gboolean balanced)
{
  gdouble lo = range[0], hi = range[1];

  if (!balanced)
    return gst_im_aug_draw_range (key, index, range);
  if (lo < 1 && hi > 1)
    return gst_im_draw_bernoulli (key, index + 1, 0.5) ?
        gst_im_draw_uniform (key, index, lo, 1) :
        gst_im_draw_uniform (key, index, 1, hi);
  if (lo < 1)
    return gst_im_draw_uniform (key, index, lo, 1);
  if (hi > 1)
    return gst_im_draw_uniform (key, index, 1, hi);
  return 1.0;
}

/* fit_output: the output grows to hold every mapped corner */
static void
fit_output (GstImAugStep * step, gdouble * m)
{
  const gdouble cx[4] = { 0, step->in_w, step->in_w, 0 };
  const gdouble cy[4] = { 0, 0, step->in_h, step->in_h };
  gdouble x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE,
      y1 = -G_MAXDOUBLE, x, y;
  guint i;

  for (i = 0; i < 4; i++) {
    x = m[0] * cx[i] + m[1] * cy[i] + m[2];
    y = m[3] * cx[i] + m[4] * cy[i] + m[5];
    x0 = MIN (x0, x);
    x1 = MAX (x1, x);
    y0 = MIN (y0, y);
    y1 = MAX (y1, y);
  }
  x0 = floor (x0);
  y0 = floor (y0);
  m[2] -= x0;
  m[5] -= y0;
  /* a pure translation becomes the identity: the image comes back as it
   * was (albumentations skips the warp) */
  if (fabs (m[0] - 1) <= 1e-5 && fabs (m[1]) <= 1e-8 && fabs (m[2]) <= 1e-8
      && fabs (m[3]) <= 1e-8 && fabs (m[4] - 1) <= 1e-5 && fabs (m[5]) <= 1e-8)
    return;
  step->out_w = CLAMP (ceil (x1) - x0 + 1, 1, GST_IM_REMAP_MAX_SIZE);
  step->out_h = CLAMP (ceil (y1) - y0 + 1, 1, GST_IM_REMAP_MAX_SIZE);
}

/* The draws of Affine and ShiftScaleRotate: translate (px or fraction),
 * shear, scale, rotate. */
static void
draw_affine_parts (const GstImDrawKey * key, GstImAugStep * step,
    const gdouble * percent, const gdouble * px, const gdouble * shear,
    const gdouble * scale, gboolean balanced, gboolean keep_ratio,
    const gdouble * rotate, gboolean fit, const gdouble * common)
{
  gdouble *v = step->v, tx, ty, shx, shy, sx, sy, angle;

  if (!isnan (percent[0])) {
    tx = trunc (gst_im_aug_draw_range (key, 1, percent) * step->in_w);
    ty = trunc (gst_im_aug_draw_range (key, 2, percent + 2) * step->in_h);
  } else if (!isnan (px[0])) {
    tx = gst_im_draw_int (key, 1, (gint) px[0], (gint) px[1]);
    ty = gst_im_draw_int (key, 2, (gint) px[2], (gint) px[3]);
  } else {
    tx = ty = 0;
  }
  shx = gst_im_aug_draw_range (key, 3, shear);
  shy = gst_im_aug_draw_range (key, 4, shear + 2);
  sx = draw_scale (key, 5, scale, balanced);
  sy = keep_ratio ? sx : draw_scale (key, 7, scale + 2, balanced);
  angle = gst_im_aug_draw_range (key, 9, rotate);
  affine_matrix (step->in_w, step->in_h, angle, sx, sy, tx, ty, shx, shy,
      v + A_MATRIX);
  if (fit)
    fit_output (step, v + A_MATRIX);
  gst_im_aug_copy_common (v + A_COMMON, common[0], common + 1);
  v[A_DRAWN] = angle;
  v[A_DRAWN + 1] = sx;
  v[A_DRAWN + 2] = sy;
  v[A_DRAWN + 3] = tx;
  v[A_DRAWN + 4] = ty;
  v[A_DRAWN + 5] = shx;
  v[A_DRAWN + 6] = shy;
}

static void
draw_affine (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  draw_affine_parts (key, step, p + 4, p + 8, p + 14, p, p[28], p[26],
      p + 12, p[25], p + 18);
}

const GstImAugClass gst_im_aug_affine = {
  .name = "Affine",
  .params = affine_params,
  .n_params = G_N_ELEMENTS (affine_params),
  .applied = affine_applied,
  .n_applied = G_N_ELEMENTS (affine_applied),
  .check = check_affine,
  .draw = draw_affine,
  .stage = stage_matrix,
};

/* ---- ShiftScaleRotate: Affine with its own ranges ---- */

static const GstImAugParamSpec ssr_params[] = {
  {.name = "shift_limit",.type = GST_IM_AUG_RANGE,.def = "[-0.0625, 0.0625]",
      .min = -1,.max = 1,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "scale_limit",.type = GST_IM_AUG_RANGE,.def = "[-0.1, 0.1]",
        .min = 0,.max = 1000,.expand = GST_IM_AUG_EXPAND_SYMMETRIC,
      .flags = GST_IM_AUG_BIAS_ONE},
  {.name = "rotate_limit",.type = GST_IM_AUG_RANGE,.def = "[-45, 45]",
      .min = -360,.max = 360,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  GST_IM_AUG_SPEC_INTERPOLATION,
  GST_IM_AUG_SPEC_BORDER ("4"),
  GST_IM_AUG_SPEC_FILL,
  {.name = "shift_limit_x",.type = GST_IM_AUG_RANGE,.def = "null",.min = -1,
        .max = 1,.expand = GST_IM_AUG_EXPAND_SYMMETRIC,
      .flags = GST_IM_AUG_NULLABLE},
  {.name = "shift_limit_y",.type = GST_IM_AUG_RANGE,.def = "null",.min = -1,
        .max = 1,.expand = GST_IM_AUG_EXPAND_SYMMETRIC,
      .flags = GST_IM_AUG_NULLABLE},
  {.name = "rotate_method",.type = GST_IM_AUG_CHOICE,.def = "\"largest_box\"",
      .choices = (const gchar * const[]) {"largest_box", "ellipse", NULL}},
};

/* slots: shift 0-1, scale 2-3, rotate 4-5, interpolation 6, border 7,
 * fill 8-12, shift_x 13-14, shift_y 15-16, method 17 */

static void
draw_ssr (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  gdouble percent[4], scale[4], px[4] = { NAN, NAN, NAN, NAN };
  gdouble shear[4] = { 0, 0, 0, 0 };

  memcpy (percent, isnan (p[13]) ? p : p + 13, 2 * sizeof (gdouble));
  memcpy (percent + 2, isnan (p[15]) ? p : p + 15, 2 * sizeof (gdouble));
  memcpy (scale, p + 2, 2 * sizeof (gdouble));
  memcpy (scale + 2, p + 2, 2 * sizeof (gdouble));
  draw_affine_parts (key, step, percent, px, shear, scale, FALSE, FALSE,
      p + 4, FALSE, p + 6);
}

const GstImAugClass gst_im_aug_shift_scale_rotate = {
  .name = "ShiftScaleRotate",
  .params = ssr_params,
  .n_params = G_N_ELEMENTS (ssr_params),
  .applied = affine_applied,
  .n_applied = G_N_ELEMENTS (affine_applied),
  .draw = draw_ssr,
  .stage = stage_matrix,
};

/* ---- Perspective ---- */

static const GstImAugParamSpec perspective_params[] = {
  {.name = "scale",.type = GST_IM_AUG_RANGE,.def = "[0.05, 0.1]",.min = 0,
      .max = 1,.expand = GST_IM_AUG_EXPAND_FROM_ZERO},
  GST_IM_AUG_SPEC_INTERPOLATION,
  GST_IM_AUG_SPEC_BORDER (NULL),
  GST_IM_AUG_SPEC_FILL,
  {.name = "keep_size",.type = GST_IM_AUG_BOOL,.def = "true"},
  {.name = "fit_output",.type = GST_IM_AUG_BOOL,.def = "false"},
};

/* slots: scale 0-1, interpolation 2, border 3, fill 4-8, keep_size 9,
 * fit_output 10 */

static const GstImAugApplied perspective_applied[] = {
  {"matrix", 9}, GST_IM_AUG_APPLIED_COMMON, {"corners", 8},
};

/* The homography taking src[i] to dst[i] (4 points each), as
 * cv2.getPerspectiveTransform: an 8x8 linear system, partial pivoting. */
static void
perspective_transform (const gdouble * src, const gdouble * dst, gdouble * m)
{
  gdouble a[8][9], t;
  guint i, j, k, r;

  for (i = 0; i < 4; i++) {
    gdouble x = src[2 * i], y = src[2 * i + 1];
    gdouble u = dst[2 * i], v = dst[2 * i + 1];
    gdouble r0[9] = { x, y, 1, 0, 0, 0, -x * u, -y * u, u };
    gdouble r1[9] = { 0, 0, 0, x, y, 1, -x * v, -y * v, v };

    memcpy (a[2 * i], r0, sizeof (r0));
    memcpy (a[2 * i + 1], r1, sizeof (r1));
  }
  for (k = 0; k < 8; k++) {
    r = k;
    for (i = k + 1; i < 8; i++)
      if (fabs (a[i][k]) > fabs (a[r][k]))
        r = i;
    for (j = 0; j < 9; j++) {
      t = a[k][j];
      a[k][j] = a[r][j];
      a[r][j] = t;
    }
    if (a[k][k] == 0)
      continue;
    for (i = 0; i < 8; i++) {
      if (i == k)
        continue;
      t = a[i][k] / a[k][k];
      for (j = k; j < 9; j++)
        a[i][j] -= t * a[k][j];
    }
  }
  for (i = 0; i < 8; i++)
    m[i] = a[i][i] != 0 ? a[i][8] / a[i][i] : NAN;
  m[8] = 1;
}

/* tl, tr, br, bl as albumentations orders them: by x (stable), then the
 * left pair and the right pair by y */
static void
order_corners (gdouble * pts)
{
  gdouble p[4][2], t[2], out[8];
  guint i, j;

  memcpy (p, pts, sizeof (p));
  for (i = 1; i < 4; i++)
    for (j = i; j > 0 && p[j - 1][0] > p[j][0]; j--) {
      memcpy (t, p[j], sizeof (t));
      memcpy (p[j], p[j - 1], sizeof (t));
      memcpy (p[j - 1], t, sizeof (t));
    }
  /* left: p[0], p[1]; the one with the smaller y is tl */
  i = p[1][1] < p[0][1] ? 1 : 0;
  memcpy (out, p[i], 2 * sizeof (gdouble));     /* tl */
  memcpy (out + 6, p[1 - i], 2 * sizeof (gdouble));     /* bl */
  i = p[3][1] < p[2][1] ? 3 : 2;
  memcpy (out + 2, p[i], 2 * sizeof (gdouble)); /* tr */
  memcpy (out + 4, p[5 - i], 2 * sizeof (gdouble));     /* br */
  memcpy (pts, out, sizeof (out));
}

static void
draw_perspective (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  gdouble w = step->in_w, h = step->in_h, *m = step->v + A_MATRIX;
  gdouble s = gst_im_aug_draw_range (key, 1, p), j[8], q[8], mw, mh;
  gdouble rect[8] = { 0, 0, w, 0, w, h, 0, h }, r[8], minx, miny, d[9];
  guint i;

  for (i = 0; i < 8; i++)
    j[i] = fmod (fabs (gst_im_draw_normal (key, 2 + i) * s), 0.32);
  q[0] = j[0];
  q[1] = j[1];
  q[2] = 1 - j[2];
  q[3] = j[3];
  q[4] = 1 - j[4];
  q[5] = 1 - j[5];
  q[6] = j[6];
  q[7] = 1 - j[7];
  for (i = 0; i < 4; i++) {
    q[2 * i] *= w;
    q[2 * i + 1] *= h;
    /* albumentations casts the quad to float32 */
    q[2 * i] = (gfloat) q[2 * i];
    q[2 * i + 1] = (gfloat) q[2 * i + 1];
  }
  order_corners (q);
  memcpy (step->v + A_DRAWN, q, sizeof (q));
  mw = MAX (hypot (q[2] - q[0], q[3] - q[1]), hypot (q[4] - q[6],
          q[5] - q[7]));
  mh = MAX (hypot (q[4] - q[2], q[5] - q[3]), hypot (q[6] - q[0],
          q[7] - q[1]));
  perspective_transform (q, rect, m);
  mw = (gint) mw;
  mh = (gint) mh;
  if (p[10]) {
    for (i = 0; i < 4; i++) {
      gdouble x = rect[2 * i], y = rect[2 * i + 1];
      gdouble z = m[6] * x + m[7] * y + m[8];

      r[2 * i] = (m[0] * x + m[1] * y + m[2]) / z;
      r[2 * i + 1] = (m[3] * x + m[4] * y + m[5]) / z;
    }
    minx = MIN (MIN (r[0], r[2]), MIN (r[4], r[6]));
    miny = MIN (MIN (r[1], r[3]), MIN (r[5], r[7]));
    mw = mh = 0;
    for (i = 0; i < 4; i++) {
      r[2 * i] = gst_im_aug_round_even (r[2 * i] - minx);
      r[2 * i + 1] = gst_im_aug_round_even (r[2 * i + 1] - miny);
      mw = MAX (mw, r[2 * i]);
      mh = MAX (mh, r[2 * i + 1]);
    }
    perspective_transform (rect, r, m);
  }
  mw = MAX (mw, 1);
  mh = MAX (mh, 1);
  if (p[9]) {
    const gdouble scale[9] = { w / mw, 0, 0, 0, h / mh, 0, 0, 0, 1 };

    memcpy (d, m, sizeof (d));
    gst_im_aug_matrix_multiply (scale, d, m);
  } else {
    step->out_w = MIN (mw, GST_IM_REMAP_MAX_SIZE);
    step->out_h = MIN (mh, GST_IM_REMAP_MAX_SIZE);
  }
  gst_im_aug_copy_common (step->v + A_COMMON, p[2], p + 3);
  /* warpPerspective gets the fill as it is: one number is the first
   * channel's, the others 0 */
  if (p[4] == 1)
    step->v[A_COMMON + 3] = step->v[A_COMMON + 4] = step->v[A_COMMON + 5] = 0;
}

const GstImAugClass gst_im_aug_perspective = {
  .name = "Perspective",
  .params = perspective_params,
  .n_params = G_N_ELEMENTS (perspective_params),
  .applied = perspective_applied,
  .n_applied = G_N_ELEMENTS (perspective_applied),
  .draw = draw_perspective,
  .stage = stage_matrix,
};
