/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Flips, Transpose and RandomRotate90: exact index permutations, matrices
 * whose every output pixel lands on a source pixel centre. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "gstimaug-private.h"

static void
draw_none (const gdouble * params, const GstImDrawKey * key,
    GstImAugStep * step)
{
}

/* out -> in for u = a x + b y + c, v = d x + e y + f */
static void
set_exact (GstImAugStage * stage, gdouble a, gdouble b, gdouble c, gdouble d,
    gdouble e, gdouble f)
{
  const gdouble m[9] = { a, b, c, d, e, f, 0, 0, 1 };

  stage->kind = GST_IM_AUG_STAGE_MATRIX;
  memcpy (stage->m, m, sizeof (m));
  stage->inside = TRUE;
}

static void
stage_hflip (const GstImAugStep * step, GstImAugStage * stage)
{
  set_exact (stage, -1, 0, step->in_w - 1.0, 0, 1, 0);
}

static void
stage_vflip (const GstImAugStep * step, GstImAugStage * stage)
{
  set_exact (stage, 1, 0, 0, 0, -1, step->in_h - 1.0);
}

static void
draw_transpose (const gdouble * params, const GstImDrawKey * key,
    GstImAugStep * step)
{
  step->out_w = step->in_h;
  step->out_h = step->in_w;
}

static void
stage_transpose (const GstImAugStep * step, GstImAugStage * stage)
{
  set_exact (stage, 0, 1, 0, 1, 0, 0);
}

/* k quarter turns counter-clockwise, as np.rot90 (img, k) */
static void
draw_rot90 (const gdouble * params, const GstImDrawKey * key,
    GstImAugStep * step)
{
  gint k = gst_im_draw_int (key, 1, 0, 3);

  step->v[0] = k;
  if (k & 1) {
    step->out_w = step->in_h;
    step->out_h = step->in_w;
  }
}

static void
stage_rot90 (const GstImAugStep * step, GstImAugStage * stage)
{
  gdouble w = step->in_w - 1.0, h = step->in_h - 1.0;

  switch ((gint) step->v[0] & 3) {
    case 1:
      set_exact (stage, 0, -1, w, 1, 0, 0);
      break;
    case 2:
      set_exact (stage, -1, 0, w, 0, -1, h);
      break;
    case 3:
      set_exact (stage, 0, 1, 0, -1, 0, h);
      break;
    default:
      set_exact (stage, 1, 0, 0, 0, 1, 0);
  }
}

const GstImAugClass gst_im_aug_horizontal_flip = {
  .name = "HorizontalFlip",
  .draw = draw_none,
  .stage = stage_hflip,
};

const GstImAugClass gst_im_aug_vertical_flip = {
  .name = "VerticalFlip",
  .draw = draw_none,
  .stage = stage_vflip,
};

const GstImAugClass gst_im_aug_transpose = {
  .name = "Transpose",
  .draw = draw_transpose,
  .stage = stage_transpose,
};

static const GstImAugApplied rot90_applied[] = { {"factor", 1} };

const GstImAugClass gst_im_aug_random_rotate90 = {
  .name = "RandomRotate90",
  .default_p = 1.0,
  .applied = rot90_applied,
  .n_applied = G_N_ELEMENTS (rot90_applied),
  .draw = draw_rot90,
  .stage = stage_rot90,
};
