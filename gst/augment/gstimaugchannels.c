/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The colour transforms that move or weigh whole channels: ToGray,
 * ToSepia, ChannelShuffle and ChannelDropout (parameters, draws, passes);
 * their row kernels are in gstimaugcolourrows.c. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaugcolour-private.h"

static void
draw_none (const gdouble * params, const GstImDrawKey * key,
    GstImAugStep * step)
{
}

/* ---- ToGray ---- */

static const gchar *const grey_methods[] = { "weighted_average", "from_lab",
  "desaturation", "average", "max", "pca", NULL
};

static const GstImAugParamSpec grey_params[] = {
  {.name = "num_output_channels",.type = GST_IM_AUG_INT,.def = "3",.min = 1,
      .max = 4},
  {.name = "method",.type = GST_IM_AUG_CHOICE,.def = "\"weighted_average\"",
      .choices = grey_methods},
};

static const GstImAugApplied grey_applied[] = {
  {"method", 1},
};

static const gchar *
check_grey (const gdouble * p)
{
  if (p[0] != 3)
    return "num_output_channels must be 3: augment keeps the input's format "
        "(the grey goes into every colour channel)";
  if (p[1] == GST_IM_AUG_GREY_FROM_LAB)
    return "method \"from_lab\" is not supported (use \"weighted_average\", "
        "\"desaturation\", \"average\" or \"max\")";
  if (p[1] == GST_IM_AUG_GREY_PCA)
    return "method \"pca\" is not supported (use \"weighted_average\", "
        "\"desaturation\", \"average\" or \"max\")";
  return NULL;
}

static void
draw_grey (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = p[1];
}

static void
grey_row (const GstImAugPixels * pass, gconstpointer data,
    const guint8 * src, guint8 * dst)
{
  gst_im_aug_grey_row (src, dst, pass->width, pass->layout,
      GPOINTER_TO_UINT (data));
}

static void
pixels_grey (const GstImAugPixels * pass)
{
  gint method = pass->step->v[0];

  /* an image already grey stays as it is */
  if (pass->layout->n_colour == 1)
    gst_im_aug_colour_rows (pass, gst_im_aug_colour_copy_row, NULL, FALSE);
  else
    gst_im_aug_colour_rows (pass, grey_row, GUINT_TO_POINTER (CLAMP (method, 0,
                GST_IM_AUG_GREY_PCA)), FALSE);
}

const GstImAugClass gst_im_aug_to_gray = {
  .name = "ToGray",
  .params = grey_params,
  .n_params = G_N_ELEMENTS (grey_params),
  .applied = grey_applied,
  .n_applied = G_N_ELEMENTS (grey_applied),
  .check = check_grey,
  .draw = draw_grey,
  .pixels = pixels_grey,
};

/* ---- ToSepia ---- */

/* cv::transform's 8-bit 3x3 path: the matrix in 10-bit fixed point
 * (0.393 0.769 0.189 / 0.349 0.686 0.168 / 0.272 0.534 0.131, each times
 * 1024 rounded), plus 512, shifted, saturated */
static const gint sepia[3][3] = {
  {402, 787, 194}, {357, 702, 172}, {279, 547, 134}
};

static void
sepia_row (const GstImAugPixels * pass, gconstpointer data,
    const guint8 * src, guint8 * dst)
{
  gst_im_aug_matrix_row (src, dst, pass->width, pass->layout, sepia, 10);
}

static void
pixels_sepia (const GstImAugPixels * pass)
{
  gst_im_aug_colour_rows (pass, pass->layout->n_colour == 1 ?
      gst_im_aug_colour_copy_row : sepia_row, NULL,
      FALSE);
}

const GstImAugClass gst_im_aug_to_sepia = {
  .name = "ToSepia",
  .draw = draw_none,
  .pixels = pixels_sepia,
};

/* ---- ChannelShuffle ---- */

static const GstImAugApplied shuffle_applied[] = {
  {"order", 3},
};

static void
draw_shuffle (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  guint order[3], i;

  gst_im_aug_draw_permutation (key, 1, 3, order);
  for (i = 0; i < 3; i++)
    step->v[i] = order[i];
}

typedef struct
{
  guint from[3];
  gint fill[3];
} ChannelMap;

static void
channel_map_row (const GstImAugPixels * pass, gconstpointer data,
    const guint8 * src, guint8 * dst)
{
  const ChannelMap *m = data;

  gst_im_aug_channel_map_row (src, dst, pass->width, pass->layout, m->from,
      m->fill);
}

static void
pixels_shuffle (const GstImAugPixels * pass)
{
  ChannelMap m;
  guint c;

  if (pass->layout->n_colour == 1) {
    gst_im_aug_colour_rows (pass, gst_im_aug_colour_copy_row, NULL, FALSE);
    return;
  }
  for (c = 0; c < 3; c++) {
    m.from[c] = CLAMP (pass->step->v[c], 0, 2);
    m.fill[c] = -1;
  }
  gst_im_aug_colour_rows (pass, channel_map_row, &m, FALSE);
}

const GstImAugClass gst_im_aug_channel_shuffle = {
  .name = "ChannelShuffle",
  .applied = shuffle_applied,
  .n_applied = G_N_ELEMENTS (shuffle_applied),
  .draw = draw_shuffle,
  .pixels = pixels_shuffle,
};

/* ---- ChannelDropout ---- */

static const GstImAugParamSpec dropout_params[] = {
  {.name = "channel_drop_range",.type = GST_IM_AUG_INT_RANGE,.def = "[1, 1]",
      .min = 1,.max = 2,.expand = GST_IM_AUG_EXPAND_SAME},
  {.name = "fill",.type = GST_IM_AUG_NUMBER,.def = "0",.min = 0,.max = 255,
      .aliases = (const gchar *const[]) {"fill_value", NULL}},
};

static const GstImAugApplied dropout_applied[] = {
  {"dropped", 3}, {"fill", 1},
};

static void
draw_dropout (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  guint order[3], n, i;

  /* n channels drawn without replacement: the first n of a permutation */
  n = gst_im_draw_int (key, 1, p[0], p[1]);
  gst_im_aug_draw_permutation (key, 2, 3, order);
  for (i = 0; i < 3; i++)
    step->v[i] = 0;
  for (i = 0; i < n; i++)
    step->v[order[i]] = 1;
  step->v[3] = p[2];
}

/* a dropped channel: every value becomes the fill (truncated) */
static void
pixels_dropout (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  ChannelMap m;
  guint c;

  if (pass->layout->n_colour == 1) {
    gst_im_aug_colour_rows (pass, gst_im_aug_colour_copy_row, NULL, FALSE);
    return;
  }
  for (c = 0; c < 3; c++) {
    m.from[c] = c;
    m.fill[c] = v[c] != 0 ? (gint) CLAMP (v[3], 0, 255) : -1;
  }
  gst_im_aug_colour_rows (pass, channel_map_row, &m, FALSE);
}

const GstImAugClass gst_im_aug_channel_dropout = {
  .name = "ChannelDropout",
  .params = dropout_params,
  .n_params = G_N_ELEMENTS (dropout_params),
  .applied = dropout_applied,
  .n_applied = G_N_ELEMENTS (dropout_applied),
  .draw = draw_dropout,
  .pixels = pixels_dropout,
};
