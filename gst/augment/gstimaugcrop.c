/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Crops, resizes and padding: axis-aligned maps. A crop reads a window of
 * its input (exact, integer offsets), a resize maps pixel centres as
 * cv2.resize does ((x + 0.5) * in / out - 0.5, edges replicated), a pad
 * reads outside its input through the border. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"

/* Applied values shared by the family: the window read (x, y, w, h, in
 * padded input coordinates offset by the padding), the padding (left,
 * top), then interpolation, border, fill. */
#define A_WINDOW 0
#define A_PAD 4
#define A_COMMON 6

static const GstImAugApplied crop_applied[] = {
  {"window", 4}, {"pad", 2}, GST_IM_AUG_APPLIED_COMMON,
};

static const gchar *const positions[] = {
  "center", "top_left", "top_right", "bottom_left", "bottom_right", "random",
  NULL
};

#define SPEC_PAD_POSITION(name_) \
  {.name = name_,.type = GST_IM_AUG_CHOICE,.def = "\"center\"", \
      .choices = positions}

/* out(x, y) = in((x + 0.5) * sx - 0.5 + ox, ...): a window [wx, wx + ww) of
 * the input (after the padding) scaled to the output */
static void
stage_window (const GstImAugStep * step, GstImAugStage * stage)
{
  const gdouble *v = step->v, *win = v + A_WINDOW;
  gdouble sx = win[2] / step->out_w, sy = win[3] / step->out_h;
  gdouble ox = win[0] - v[A_PAD], oy = win[1] - v[A_PAD + 1];
  gboolean scaled = step->out_w != win[2] || step->out_h != win[3];
  /* any window that leaves the input reads it through the border (a
   * replayed plan may hold any window) */
  gboolean padded = v[A_PAD] > 0 || v[A_PAD + 1] > 0 || ox < 0 || oy < 0
      || win[2] < 1 || win[3] < 1 || ox + win[2] > step->in_w
      || oy + win[3] > step->in_h;

  gst_im_aug_set_common (stage, v + A_COMMON);
  stage->kind = GST_IM_AUG_STAGE_MATRIX;
  stage->m[0] = sx;
  stage->m[2] = 0.5 * sx - 0.5 + ox;
  stage->m[4] = sy;
  stage->m[5] = 0.5 * sy - 0.5 + oy;
  if (!scaled && !padded) {
    stage->interpolation = -1;
    stage->inside = TRUE;
    return;
  }
  if (!scaled)
    stage->interpolation = 0;
  else if (stage->interpolation == 0) {
    /* cv2.resize's INTER_NEAREST reads pixel floor (x * scale), not the
     * one nearest to the mapped centre */
    stage->m[2] = ox - 0.5;
    stage->m[5] = oy - 0.5;
  }
  if (scaled && !padded) {
    /* cv2.resize replicates the window's edges */
    stage->border_mode = 1;
    stage->win[0] = ox;
    stage->win[1] = oy;
    stage->win[2] = win[2];
    stage->win[3] = win[3];
  }
}

static void
set_window (GstImAugStep * step, gdouble x, gdouble y, gdouble w, gdouble h)
{
  step->v[A_WINDOW] = x;
  step->v[A_WINDOW + 1] = y;
  step->v[A_WINDOW + 2] = w;
  step->v[A_WINDOW + 3] = h;
}

/* The padding that brings @size up to @min: (before, after), the odd pixel
 * after, then moved by the position. */
static void
pad_split (guint size, guint min, gint * before, gint * after)
{
  gint d = min > size ? (gint) (min - size) : 0;

  *before = d / 2;
  *after = d - *before;
}

static void
place_padding (const GstImDrawKey * key, guint index, gint position,
    gint * top, gint * bottom, gint * left, gint * right)
{
  gint th = *top + *bottom, tw = *left + *right;

  switch (position) {
    case 1:                    /* top_left */
      *top = 0, *left = 0;
      break;
    case 2:                    /* top_right */
      *top = 0, *left = tw;
      break;
    case 3:                    /* bottom_left */
      *top = th, *left = 0;
      break;
    case 4:                    /* bottom_right */
      *top = th, *left = tw;
      break;
    case 5:                    /* random */
      *top = gst_im_draw_int (key, index, 0, th);
      *left = gst_im_draw_int (key, index + 1, 0, tw);
      break;
    default:
      break;
  }
  *bottom = th - *top;
  *right = tw - *left;
}

/* ---- RandomCrop, CenterCrop ---- */

static const GstImAugParamSpec crop_size_params[] = {
  {.name = "height",.type = GST_IM_AUG_INT,.min = 1,.max = 32767},
  {.name = "width",.type = GST_IM_AUG_INT,.min = 1,.max = 32767},
  GST_IM_AUG_SPEC_BORDER (NULL),
  GST_IM_AUG_SPEC_FILL,
  {.name = "pad_if_needed",.type = GST_IM_AUG_BOOL,.def = "false"},
  SPEC_PAD_POSITION ("pad_position"),
};

/* slots: height 0, width 1, border 2, fill 3-7, pad_if_needed 8,
 * pad_position 9 */

static void
draw_sized_crop (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step, gboolean random)
{
  guint ch = p[0], cw = p[1], ph = step->in_h, pw = step->in_w;
  gint top = 0, bottom = 0, left = 0, right = 0;

  if (ch > ph || cw > pw) {
    if (!p[8]) {
      step->problem = "the crop is larger than the image (pad_if_needed is "
          "off)";
      return;
    }
    pad_split (ph, ch, &top, &bottom);
    pad_split (pw, cw, &left, &right);
    place_padding (key, 3, p[9], &top, &bottom, &left, &right);
    ph += top + bottom;
    pw += left + right;
  }
  if (random)
    set_window (step, gst_im_draw_int (key, 2, 0, pw - cw),
        gst_im_draw_int (key, 1, 0, ph - ch), cw, ch);
  else
    set_window (step, (pw - cw) / 2, (ph - ch) / 2, cw, ch);
  step->v[A_PAD] = left;
  step->v[A_PAD + 1] = top;
  gst_im_aug_copy_common (step->v + A_COMMON, 0, p + 2);
  step->out_w = cw;
  step->out_h = ch;
}

static void
draw_random_crop (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  draw_sized_crop (p, key, step, TRUE);
}

static void
draw_center_crop (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  draw_sized_crop (p, key, step, FALSE);
}

const GstImAugClass gst_im_aug_random_crop = {
  .name = "RandomCrop",
  .default_p = 1.0,
  .params = crop_size_params,
  .n_params = G_N_ELEMENTS (crop_size_params),
  .applied = crop_applied,
  .n_applied = G_N_ELEMENTS (crop_applied),
  .draw = draw_random_crop,
  .stage = stage_window,
};

const GstImAugClass gst_im_aug_center_crop = {
  .name = "CenterCrop",
  .default_p = 1.0,
  .params = crop_size_params,
  .n_params = G_N_ELEMENTS (crop_size_params),
  .applied = crop_applied,
  .n_applied = G_N_ELEMENTS (crop_applied),
  .draw = draw_center_crop,
  .stage = stage_window,
};

/* ---- Crop ---- */

static const GstImAugParamSpec crop_params[] = {
  {.name = "x_min",.type = GST_IM_AUG_INT,.def = "0",.min = 0,.max = 32767},
  {.name = "y_min",.type = GST_IM_AUG_INT,.def = "0",.min = 0,.max = 32767},
  {.name = "x_max",.type = GST_IM_AUG_INT,.def = "1024",.min = 1,.max = 32767},
  {.name = "y_max",.type = GST_IM_AUG_INT,.def = "1024",.min = 1,.max = 32767},
  GST_IM_AUG_SPEC_BORDER (NULL),
  GST_IM_AUG_SPEC_FILL,
  {.name = "pad_if_needed",.type = GST_IM_AUG_BOOL,.def = "false"},
  SPEC_PAD_POSITION ("pad_position"),
};

/* slots: x_min 0, y_min 1, x_max 2, y_max 3, border 4, fill 5-9,
 * pad_if_needed 10, pad_position 11 */

static const gchar *
check_crop (const gdouble * p)
{
  return p[0] < p[2] && p[1] < p[3] ? NULL :
      "needs x_min < x_max and y_min < y_max";
}

static void
draw_crop (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  gdouble x0 = p[0], y0 = p[1], x1 = p[2], y1 = p[3];
  gint top = 0, bottom = 0, left = 0, right = 0, dh, dw;

  gst_im_aug_copy_common (step->v + A_COMMON, 0, p + 4);
  if (x1 > step->in_w || y1 > step->in_h) {
    if (p[10]) {
      /* 2.x: pad by what the window overruns, placed by the position,
       * never less than the overrun after the image; the window keeps its
       * coordinates */
      dh = MAX (0, y1 - step->in_h);
      dw = MAX (0, x1 - step->in_w);
      top = dh / 2;
      bottom = dh - top;
      left = dw / 2;
      right = dw - left;
      place_padding (key, 1, p[11], &top, &bottom, &left, &right);
      top = MAX (top, 0);
      left = MAX (left, 0);
      /* the window is in padded coordinates: the padding before it moves
       * the image, not the window */
      step->v[A_PAD] = left;
      step->v[A_PAD + 1] = top;
    } else if (step->v1_4) {
      /* 1.4 clips the window to the image */
      x0 = MIN (x0, step->in_w);
      x1 = CLAMP (x1, x0, step->in_w);
      y0 = MIN (y0, step->in_h);
      y1 = CLAMP (y1, y0, step->in_h);
      if (x1 <= x0 || y1 <= y0) {
        step->problem = "the crop window lies outside the image";
        return;
      }
    } else {
      step->problem = "the crop window reaches outside the image "
          "(pad_if_needed is off)";
      return;
    }
  }
  set_window (step, x0, y0, x1 - x0, y1 - y0);
  step->out_w = x1 - x0;
  step->out_h = y1 - y0;
}

const GstImAugClass gst_im_aug_crop = {
  .name = "Crop",
  .default_p = 1.0,
  .params = crop_params,
  .n_params = G_N_ELEMENTS (crop_params),
  .applied = crop_applied,
  .n_applied = G_N_ELEMENTS (crop_applied),
  .check = check_crop,
  .draw = draw_crop,
  .stage = stage_window,
};

/* ---- the resizes ---- */

static const gchar *const area_choices[] = { "image", "image_mask", NULL };

#define SPEC_AREA_FOR_DOWNSCALE \
  {.name = "area_for_downscale",.type = GST_IM_AUG_CHOICE,.def = "null", \
      .choices = area_choices,.flags = GST_IM_AUG_NULLABLE}

/* INTER_AREA when asked, or when area_for_downscale is set and the window
 * shrinks */
static gdouble
resize_interpolation (gdouble interpolation, gdouble area, gdouble in_w,
    gdouble in_h, guint out_w, guint out_h)
{
  if (!isnan (area) && (out_w < in_w || out_h < in_h))
    return 3;
  return interpolation;
}

static void
resize_window (GstImAugStep * step, gdouble interpolation, gdouble area,
    guint out_w, guint out_h)
{
  /* border, then the fill: its count and four values */
  static const gdouble no_border[6] = { 1, 1, 0, 0, 0, 0 };

  set_window (step, 0, 0, step->in_w, step->in_h);
  gst_im_aug_copy_common (step->v + A_COMMON,
      resize_interpolation (interpolation, area, step->in_w, step->in_h,
          out_w, out_h), no_border);
  step->out_w = out_w;
  step->out_h = out_h;
}

static const GstImAugParamSpec resize_params[] = {
  {.name = "height",.type = GST_IM_AUG_INT,.min = 1,.max = 32767},
  {.name = "width",.type = GST_IM_AUG_INT,.min = 1,.max = 32767},
  GST_IM_AUG_SPEC_INTERPOLATION,
  SPEC_AREA_FOR_DOWNSCALE,
};

static void
draw_resize (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  resize_window (step, p[2], p[3], p[1], p[0]);
}

const GstImAugClass gst_im_aug_resize = {
  .name = "Resize",
  .default_p = 1.0,
  .params = resize_params,
  .n_params = G_N_ELEMENTS (resize_params),
  .applied = crop_applied,
  .n_applied = G_N_ELEMENTS (crop_applied),
  .draw = draw_resize,
  .stage = stage_window,
};

static const GstImAugParamSpec max_size_params[] = {
  {.name = "max_size",.type = GST_IM_AUG_INT,.def = "null",.def_1_4 = "1024",
      .min = 1,.max = 32767,.flags = GST_IM_AUG_NULLABLE},
  {.name = "max_size_hw",.type = GST_IM_AUG_SIZE,.def = "null",.min = 1,
      .max = 32767,.flags = GST_IM_AUG_NULLABLE},
  GST_IM_AUG_SPEC_INTERPOLATION,
  SPEC_AREA_FOR_DOWNSCALE,
};

/* slots: max_size 0, max_size_hw 1-2, interpolation 3, area 4 */

static const gchar *
check_max_size (const gdouble * p)
{
  return isnan (p[0]) != isnan (p[1]) ? NULL :
      "needs exactly one of max_size and max_size_hw";
}

static void
draw_max_size (const gdouble * p, GstImAugStep * step, gboolean longest)
{
  gdouble h = step->in_h, w = step->in_w, s;

  if (!isnan (p[0]))
    s = p[0] / (longest ? MAX (h, w) : MIN (h, w));
  else if (longest)
    s = MIN (p[1] / h, p[2] / w);
  else
    s = MAX (p[1] / h, p[2] / w);
  resize_window (step, p[3], p[4],
      CLAMP (gst_im_aug_round_even (w * s), 1, GST_IM_REMAP_MAX_SIZE),
      CLAMP (gst_im_aug_round_even (h * s), 1, GST_IM_REMAP_MAX_SIZE));
}

static void
draw_longest (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  draw_max_size (p, step, TRUE);
}

static void
draw_smallest (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  draw_max_size (p, step, FALSE);
}

const GstImAugClass gst_im_aug_longest_max_size = {
  .name = "LongestMaxSize",
  .default_p = 1.0,
  .params = max_size_params,
  .n_params = G_N_ELEMENTS (max_size_params),
  .applied = crop_applied,
  .n_applied = G_N_ELEMENTS (crop_applied),
  .check = check_max_size,
  .draw = draw_longest,
  .stage = stage_window,
};

const GstImAugClass gst_im_aug_smallest_max_size = {
  .name = "SmallestMaxSize",
  .default_p = 1.0,
  .params = max_size_params,
  .n_params = G_N_ELEMENTS (max_size_params),
  .applied = crop_applied,
  .n_applied = G_N_ELEMENTS (crop_applied),
  .check = check_max_size,
  .draw = draw_smallest,
  .stage = stage_window,
};

/* ---- RandomResizedCrop ---- */

static const GstImAugParamSpec rrc_params[] = {
  {.name = "size",.type = GST_IM_AUG_SIZE,.min = 1,.max = 32767},
  {.name = "scale",.type = GST_IM_AUG_RANGE,.def = "[0.08, 1.0]",.min = 0,
      .max = 1},
  {.name = "ratio",.type = GST_IM_AUG_RANGE,
      .def = "[0.75, 1.3333333333333333]",.min = 0,.max = 1e6},
  GST_IM_AUG_SPEC_INTERPOLATION,
  SPEC_AREA_FOR_DOWNSCALE,
};

/* slots: size 0-1 (h, w), scale 2-3, ratio 4-5, interpolation 6, area 7 */

/* 1.4's height and width (or size and width) become size */
static gboolean
upgrade_rrc (JsonObject * o, GError ** error)
{
  JsonArray *size;
  JsonNode *h = json_object_get_member (o, "height");
  JsonNode *w = json_object_get_member (o, "width");
  JsonNode *s = json_object_get_member (o, "size");

  if (w == NULL || (h == NULL && s == NULL))
    return TRUE;
  if (s && JSON_NODE_HOLDS_ARRAY (s)) {
    /* size wins over height/width */
    json_object_remove_member (o, "width");
    if (h)
      json_object_remove_member (o, "height");
    return TRUE;
  }
  size = json_array_new ();
  json_array_add_element (size, json_node_copy (s ? s : h));
  json_array_add_element (size, json_node_copy (w));
  json_object_remove_member (o, "width");
  if (h)
    json_object_remove_member (o, "height");
  json_object_set_array_member (o, "size", size);
  return TRUE;
}

static void
draw_rrc (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  gdouble H = step->in_h, W = step->in_w, area = H * W, target, ar, in_ar;
  gdouble w, h, x0, y0, log_ratio[2] = { log (p[4]), log (p[5]) };
  guint i;

  for (i = 0; i < 10; i++) {
    target = gst_im_draw_uniform (key, 1 + 4 * i, p[2] * area, p[3] * area);
    ar = exp (gst_im_aug_draw_range (key, 2 + 4 * i, log_ratio));
    w = gst_im_aug_round_even (sqrt (target * ar));
    h = gst_im_aug_round_even (sqrt (target / ar));
    if (w > 0 && w <= W && h > 0 && h <= H) {
      y0 = gst_im_draw_int (key, 3 + 4 * i, 0, H - h);
      x0 = gst_im_draw_int (key, 4 + 4 * i, 0, W - w);
      goto found;
    }
  }
  /* as albumentations falls back: the centre, clamped to the ratios */
  in_ar = W / H;
  if (in_ar < p[4]) {
    w = W;
    h = gst_im_aug_round_even (W / p[4]);
  } else if (in_ar > p[5]) {
    h = H;
    w = gst_im_aug_round_even (H * p[5]);
  } else {
    w = W;
    h = H;
  }
  w = CLAMP (w, 1, W);
  h = CLAMP (h, 1, H);
  y0 = floor ((H - h) / 2);
  x0 = floor ((W - w) / 2);

found:
  resize_window (step, p[6], p[7], p[1], p[0]);
  set_window (step, x0, y0, w, h);
  step->v[A_COMMON] = resize_interpolation (p[6], p[7], w, h, p[1], p[0]);
}

const GstImAugClass gst_im_aug_random_resized_crop = {
  .name = "RandomResizedCrop",
  .default_p = 1.0,
  .params = rrc_params,
  .n_params = G_N_ELEMENTS (rrc_params),
  .applied = crop_applied,
  .n_applied = G_N_ELEMENTS (crop_applied),
  .upgrade = upgrade_rrc,
  .draw = draw_rrc,
  .stage = stage_window,
};

/* ---- PadIfNeeded ---- */

static const GstImAugParamSpec pad_params[] = {
  {.name = "min_height",.type = GST_IM_AUG_INT,.def = "1024",.min = 1,
      .max = 32767,.flags = GST_IM_AUG_NULLABLE},
  {.name = "min_width",.type = GST_IM_AUG_INT,.def = "1024",.min = 1,
      .max = 32767,.flags = GST_IM_AUG_NULLABLE},
  GST_IM_AUG_SPEC_BORDER ("4"),
  GST_IM_AUG_SPEC_FILL,
  {.name = "pad_height_divisor",.type = GST_IM_AUG_INT,.def = "null",.min = 1,
      .max = 32767,.flags = GST_IM_AUG_NULLABLE},
  {.name = "pad_width_divisor",.type = GST_IM_AUG_INT,.def = "null",.min = 1,
      .max = 32767,.flags = GST_IM_AUG_NULLABLE},
  SPEC_PAD_POSITION ("position"),
  /* 2.x writes padding: 0 (no fixed padding) */
  {.name = "padding",.type = GST_IM_AUG_INT,.def = "null",.min = 0,.max = 0,
      .flags = GST_IM_AUG_NULLABLE},
};

/* slots: min_height 0, min_width 1, border 2, fill 3-7, divisors 8, 9,
 * position 10, padding 11 */

static const gchar *
check_pad (const gdouble * p)
{
  if (isnan (p[0]) == isnan (p[8]) || isnan (p[1]) == isnan (p[9]))
    return "needs, for each axis, exactly one of min_height and "
        "pad_height_divisor (min_width and pad_width_divisor)";
  return NULL;
}

static void
divisor_split (guint size, guint d, gint * before, gint * after)
{
  gint r = size % d, total = r ? d - r : 0;

  *before = total / 2;
  *after = total - *before;
}

static void
draw_pad (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  gint top, bottom, left, right;

  if (!isnan (p[0]))
    pad_split (step->in_h, p[0], &top, &bottom);
  else
    divisor_split (step->in_h, p[8], &top, &bottom);
  if (!isnan (p[1]))
    pad_split (step->in_w, p[1], &left, &right);
  else
    divisor_split (step->in_w, p[9], &left, &right);
  place_padding (key, 1, p[10], &top, &bottom, &left, &right);
  step->out_w = MIN (step->in_w + left + right, GST_IM_REMAP_MAX_SIZE);
  step->out_h = MIN (step->in_h + top + bottom, GST_IM_REMAP_MAX_SIZE);
  set_window (step, 0, 0, step->out_w, step->out_h);
  step->v[A_PAD] = left;
  step->v[A_PAD + 1] = top;
  gst_im_aug_copy_common (step->v + A_COMMON, 0, p + 2);
}

const GstImAugClass gst_im_aug_pad_if_needed = {
  .name = "PadIfNeeded",
  .default_p = 1.0,
  .params = pad_params,
  .n_params = G_N_ELEMENTS (pad_params),
  .applied = crop_applied,
  .n_applied = G_N_ELEMENTS (crop_applied),
  .check = check_pad,
  .draw = draw_pad,
  .stage = stage_window,
};
