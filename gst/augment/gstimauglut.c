/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Point transforms: each maps the per-channel tables through itself, and
 * gstimaugpixel.c composes a run of them into one pass. Each table entry
 * is computed as albumentations computes its own uint8 table (float32 or
 * float64, truncated or rounded the same way), so the composition equals
 * applying the transforms one by one. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"

/* draw indices of the values of one step */
#define DRAW_A 2
#define DRAW_B 3
#define DRAW_C 4

static void
draw_none (const gdouble * params, const GstImDrawKey * key,
    GstImAugStep * step)
{
}

/* every colour channel through f */
#define MAP_TABLES(n_colour, lut, f) G_STMT_START { \
  guint c_, i_; \
  for (c_ = 0; c_ < (n_colour); c_++) \
    for (i_ = 0; i_ < 256; i_++) \
      (lut)[c_][i_] = (f)[(lut)[c_][i_]]; \
} G_STMT_END

/* ---- InvertImg ---- */

static void
lut_invert (const GstImAugStep * step, guint n_colour, guint8 lut[3][256],
    const GstImAugHistogram * hist)
{
  guint c, i;

  for (c = 0; c < n_colour; c++)
    for (i = 0; i < 256; i++)
      lut[c][i] = 255 - lut[c][i];
}

static const GstImAugClass invert_img = {
  .name = "InvertImg",
  .draw = draw_none,
  .lut = lut_invert,
};

/* ---- RandomBrightnessContrast ---- */

static const GstImAugParamSpec rbc_params[] = {
  {.name = "brightness_limit",.type = GST_IM_AUG_RANGE,.def = "[-0.2, 0.2]",
      .min = -10,.max = 10,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "contrast_limit",.type = GST_IM_AUG_RANGE,.def = "[-0.2, 0.2]",
      .min = -10,.max = 10,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "brightness_by_max",.type = GST_IM_AUG_BOOL,.def = "true"},
  {.name = "ensure_safe_range",.type = GST_IM_AUG_BOOL,.def = "false"},
};

/* beta: the drawn fraction, of 255 (by max) or of the image's mean */
static const GstImAugApplied rbc_applied[] = {
  {"alpha", 1}, {"beta", 1}, {"brightness_by_max", 1},
  {"ensure_safe_range", 1},
};

static void
draw_rbc (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = 1.0 + gst_im_aug_draw_range (key, DRAW_A, p + 2);
  step->v[1] = gst_im_aug_draw_range (key, DRAW_B, p);
  step->v[2] = p[4];
  step->v[3] = p[5];
}

static gboolean
rbc_needs_histogram (const GstImAugStep * step)
{
  return !step->v[2];
}

static void
lut_rbc (const GstImAugStep * step, guint n_colour, guint8 lut[3][256],
    const GstImAugHistogram * hist)
{
  gdouble alpha = step->v[0], beta = step->v[1], sum = 0, safe;
  guint8 f[256];
  gfloat t;
  guint c, i;

  if (hist) {
    /* np.mean over every sample: exact in double for any frame size */
    for (c = 0; c < n_colour; c++)
      for (i = 0; i < 256; i++)
        sum += (gdouble) i *hist->h[c][i];
    beta *= sum / ((gdouble) hist->n * n_colour);
  } else {
    beta *= 255.0;
  }
  if (step->v[3]) {
    /* albumentations' get_safe_brightness_contrast_params */
    if (alpha > 0) {
      safe = CLAMP (beta, 0.0, 255.0);
      alpha = MIN (alpha, (255.0 - safe) / 255.0);
    } else {
      safe = MIN (beta, 255.0);
      alpha = MAX (alpha, -safe / 255.0);
    }
    beta = safe;
  }
  /* albucore's multiply_add table: float32 multiply, then add, clipped
   * and truncated */
  for (i = 0; i < 256; i++) {
    t = (gfloat) i *(gfloat) alpha;
    t = t + (gfloat) beta;
    f[i] = t <= 0 ? 0 : t >= 255 ? 255 : (guint8) t;
  }
  MAP_TABLES (n_colour, lut, f);
}

static const GstImAugClass random_brightness_contrast = {
  .name = "RandomBrightnessContrast",
  .params = rbc_params,
  .n_params = G_N_ELEMENTS (rbc_params),
  .applied = rbc_applied,
  .n_applied = G_N_ELEMENTS (rbc_applied),
  .draw = draw_rbc,
  .lut = lut_rbc,
  .needs_histogram = rbc_needs_histogram,
};

/* ---- RandomGamma ---- */

static const GstImAugParamSpec gamma_params[] = {
  {.name = "gamma_limit",.type = GST_IM_AUG_RANGE,.def = "[80, 120]",
      .min = 0,.max = 100000,.expand = GST_IM_AUG_EXPAND_FROM_ONE},
};

static const GstImAugApplied gamma_applied[] = { {"gamma", 1} };

static void
draw_gamma (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, DRAW_A, p) / 100.0;
}

static void
lut_gamma (const GstImAugStep * step, guint n_colour, guint8 lut[3][256],
    const GstImAugHistogram * hist)
{
  guint8 f[256];
  gdouble t;
  guint i;

  /* (np.arange (0, 256 / 255, 1 / 255) ** gamma) * 255, truncated */
  for (i = 0; i < 256; i++) {
    t = pow (i * (1.0 / 255.0), step->v[0]) * 255.0;
    f[i] = t >= 255 ? 255 : (guint8) t;
  }
  MAP_TABLES (n_colour, lut, f);
}

static const GstImAugClass random_gamma = {
  .name = "RandomGamma",
  .params = gamma_params,
  .n_params = G_N_ELEMENTS (gamma_params),
  .applied = gamma_applied,
  .n_applied = G_N_ELEMENTS (gamma_applied),
  .draw = draw_gamma,
  .lut = lut_gamma,
};

/* ---- RGBShift ---- */

static const GstImAugParamSpec shift_params[] = {
  {.name = "r_shift_limit",.type = GST_IM_AUG_RANGE,.def = "[-20, 20]",
      .min = -255,.max = 255,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "g_shift_limit",.type = GST_IM_AUG_RANGE,.def = "[-20, 20]",
      .min = -255,.max = 255,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "b_shift_limit",.type = GST_IM_AUG_RANGE,.def = "[-20, 20]",
      .min = -255,.max = 255,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
};

/* the shift of R, G and B in levels */
static const GstImAugApplied shift_applied[] = { {"shift", 3} };

/* 2.x writes the additive noise its limits make: accepted when it is that */
static gboolean
upgrade_shift (JsonObject * o, GError ** error)
{
  const gchar *derived[] = { "noise_params", "noise_type", "spatial_mode",
    "approximation"
  };
  JsonNode *n;
  guint i;

  n = json_object_get_member (o, "noise_type");
  if (n && JSON_NODE_HOLDS_VALUE (n) && g_strcmp0 (json_node_get_string (n),
          "uniform")) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
        "RGBShift: noise_type must be \"uniform\"");
    return FALSE;
  }
  n = json_object_get_member (o, "spatial_mode");
  if (n && JSON_NODE_HOLDS_VALUE (n) && g_strcmp0 (json_node_get_string (n),
          "constant")) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
        "RGBShift: spatial_mode must be \"constant\"");
    return FALSE;
  }
  for (i = 0; i < G_N_ELEMENTS (derived); i++)
    if (json_object_has_member (o, derived[i]))
      json_object_remove_member (o, derived[i]);
  return TRUE;
}

static void
draw_shift (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  gdouble range[2];
  guint c;

  /* limits beyond 1 are levels, the others fractions of 255 */
  for (c = 0; c < 3; c++) {
    range[0] = p[2 * c];
    range[1] = p[2 * c + 1];
    if (fabs (range[0]) > 1 || fabs (range[1]) > 1) {
      range[0] /= 255.0;
      range[1] /= 255.0;
    }
    step->v[c] = gst_im_aug_draw_range (key, DRAW_A + c, range) * 255.0;
  }
}

static void
lut_shift (const GstImAugStep * step, guint n_colour, guint8 lut[3][256],
    const GstImAugHistogram * hist)
{
  guint8 f[256];
  gint s, i, c;

  /* the shift is truncated to whole levels first (albucore adds it as an
   * integer), then the sum clipped */
  for (c = 0; c < (gint) n_colour; c++) {
    s = (gint) step->v[c];
    for (i = 0; i < 256; i++)
      f[i] = CLAMP (i + s, 0, 255);
    for (i = 0; i < 256; i++)
      lut[c][i] = f[lut[c][i]];
  }
}

static const GstImAugClass rgb_shift = {
  .name = "RGBShift",
  .params = shift_params,
  .n_params = G_N_ELEMENTS (shift_params),
  .applied = shift_applied,
  .n_applied = G_N_ELEMENTS (shift_applied),
  .upgrade = upgrade_shift,
  .draw = draw_shift,
  .lut = lut_shift,
};

/* ---- Posterize ---- */

static const GstImAugParamSpec posterize_params[] = {
  {.name = "num_bits",.type = GST_IM_AUG_INT_RANGE,.def = "4",.min = 0,
      .max = 8},
};

static const GstImAugApplied posterize_applied[] = { {"num_bits", 1} };

static void
draw_posterize (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  step->v[0] = p[0] == p[1] ? p[0] : gst_im_draw_int (key, DRAW_A, p[0],
      p[1]);
}

static void
lut_posterize (const GstImAugStep * step, guint n_colour, guint8 lut[3][256],
    const GstImAugHistogram * hist)
{
  guint8 mask = ~((1u << (8 - (gint) step->v[0])) - 1), f[256];
  guint i;

  for (i = 0; i < 256; i++)
    f[i] = i & mask;
  MAP_TABLES (n_colour, lut, f);
}

static const GstImAugClass posterize = {
  .name = "Posterize",
  .params = posterize_params,
  .n_params = G_N_ELEMENTS (posterize_params),
  .applied = posterize_applied,
  .n_applied = G_N_ELEMENTS (posterize_applied),
  .draw = draw_posterize,
  .lut = lut_posterize,
};

/* ---- Solarize ---- */

static const GstImAugParamSpec solarize_params[] = {
  {.name = "threshold_range",.type = GST_IM_AUG_RANGE,.def = "[0.5, 0.5]",
      .min = 0,.max = 1},
};

static const GstImAugApplied solarize_applied[] = { {"threshold", 1} };

/* 1.4's deprecated threshold (levels above 1, else a fraction) */
static gboolean
upgrade_solarize (JsonObject * o, GError ** error)
{
  JsonNode *n = json_object_get_member (o, "threshold"), *r;
  JsonArray *a;
  gdouble t[2];
  guint i;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_NULL (n)) {
    if (JSON_NODE_HOLDS_ARRAY (n)
        && json_array_get_length (json_node_get_array (n)) == 2) {
      for (i = 0; i < 2; i++)
        t[i] = json_array_get_double_element (json_node_get_array (n), i);
    } else if (JSON_NODE_HOLDS_VALUE (n)
        && json_node_get_value_type (n) != G_TYPE_STRING) {
      t[0] = t[1] = json_node_get_double (n);
    } else {
      g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
          "Solarize: threshold must be a number or a pair of numbers");
      return FALSE;
    }
    a = json_array_new ();
    for (i = 0; i < 2; i++)
      json_array_add_double_element (a, t[1] > 1 ? t[i] / 255.0 : t[i]);
    r = json_node_init_array (json_node_alloc (), a);
    json_array_unref (a);
    json_object_set_member (o, "threshold_range", r);
  }
  json_object_remove_member (o, "threshold");
  return TRUE;
}

static void
draw_solarize (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, DRAW_A, p);
}

static void
lut_solarize (const GstImAugStep * step, guint n_colour, guint8 lut[3][256],
    const GstImAugHistogram * hist)
{
  gdouble threshold = step->v[0] * 255.0;
  guint8 f[256];
  guint i;

  for (i = 0; i < 256; i++)
    f[i] = i >= threshold ? 255 - i : i;
  MAP_TABLES (n_colour, lut, f);
}

static const GstImAugClass solarize = {
  .name = "Solarize",
  .params = solarize_params,
  .n_params = G_N_ELEMENTS (solarize_params),
  .applied = solarize_applied,
  .n_applied = G_N_ELEMENTS (solarize_applied),
  .upgrade = upgrade_solarize,
  .draw = draw_solarize,
  .lut = lut_solarize,
};

const GstImAugClass *const gst_im_aug_lut_classes[] = {
  &invert_img, &random_brightness_contrast, &random_gamma, &rgb_shift,
  &posterize, &solarize,
  NULL
};
