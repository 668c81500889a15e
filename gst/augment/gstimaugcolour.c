/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Colour transforms that mix channels: the passes over the rows they
 * share, HueSaturationValue and ColorJitter (grey, sepia, channel shuffle
 * and dropout are in gstimaugchannels.c), and the family's table; the
 * per-pixel kernels are in gstimaughsv.c (the HSV round trip) and
 * gstimaugcolourrows.c. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaugcolour-private.h"

typedef struct
{
  const GstImAugPixels *pass;
  GstImAugRowFunc func;
  gconstpointer data;
  gboolean in_place;            /* dst holds the input */
} ColourJob;

static void
colour_rows (guint row_begin, guint row_end, gpointer user_data)
{
  const ColourJob *job = user_data;
  const GstImAugPixels *pass = job->pass;
  guint y;

  for (y = row_begin; y < row_end; y++) {
    guint8 *d = pass->dst + (gsize) y * pass->dst_stride;

    job->func (pass, job->data, job->in_place ? d :
        pass->src + (gsize) y * pass->src_stride, d);
  }
  if (!job->in_place && job->func != gst_im_aug_colour_copy_row)
    gst_im_aug_copy_alpha (pass, row_begin, row_end);
}

void
gst_im_aug_colour_rows (const GstImAugPixels * pass, GstImAugRowFunc func,
    gconstpointer data, gboolean in_place)
{
  ColourJob job = { pass, func, data, in_place };

  gst_im_aug_colour_select ();
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      colour_rows, &job);
}

void
gst_im_aug_colour_copy_row (const GstImAugPixels * pass, gconstpointer data,
    const guint8 * src, guint8 * dst)
{
  memcpy (dst, src, (gsize) pass->width * pass->layout->bpp);
}

/* a GRAY8 row through a table */
static void
grey_lut_row (const GstImAugPixels * pass, gconstpointer data,
    const guint8 * src, guint8 * dst)
{
  const guint8 *table = data;
  guint x;

  for (x = 0; x < pass->width; x++)
    dst[x] = table[src[x]];
}

void
gst_im_aug_draw_permutation (const GstImDrawKey * key, guint first, guint n,
    guint * out)
{
  guint i, j, t;

  for (i = 0; i < n; i++)
    out[i] = i;
  for (i = n - 1; i > 0; i--) {
    j = gst_im_draw_int (key, first + i, 0, i);
    t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
}

/* ---- HueSaturationValue ---- */

static const GstImAugParamSpec hsv_params[] = {
  {.name = "hue_shift_limit",.type = GST_IM_AUG_RANGE,.def = "[-20, 20]",
      .min = -180,.max = 180,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "sat_shift_limit",.type = GST_IM_AUG_RANGE,.def = "[-30, 30]",
      .min = -255,.max = 255,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
  {.name = "val_shift_limit",.type = GST_IM_AUG_RANGE,.def = "[-20, 20]",
      .min = -255,.max = 255,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
};

static const GstImAugApplied hsv_applied[] = {
  {"hue_shift", 1}, {"sat_shift", 1}, {"val_shift", 1}, {"keep_grey", 1},
};

static void
draw_hsv (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, 1, p + 0);
  step->v[1] = gst_im_aug_draw_range (key, 2, p + 2);
  step->v[2] = gst_im_aug_draw_range (key, 3, p + 4);
  /* 2.x keeps the saturation of grey pixels (S = 0) at 0 */
  step->v[3] = !step->v1_4;
}

static void
hsv_row (const GstImAugPixels * pass, gconstpointer data, const guint8 * src,
    guint8 * dst)
{
  gst_im_aug_hsv_row (src, dst, pass->width, pass->layout, NULL, data);
}

static void
pixels_hsv (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  GstImAugHsvLuts luts;
  guint8 grey[256];
  guint i;

  if (v[0] == 0 && v[1] == 0 && v[2] == 0) {
    gst_im_aug_colour_rows (pass, gst_im_aug_colour_copy_row, NULL, FALSE);
    return;
  }
  gst_im_aug_hsv_luts_init (&luts, v[0], v[1], v[2], v[3] != 0);
  if (pass->layout->n_colour == 1) {
    /* grey: through RGB with hue and saturation left alone, back to grey */
    for (i = 0; i < 256; i++)
      grey[i] = gst_im_aug_hsv_value (luts.val[i]);
    gst_im_aug_colour_rows (pass, grey_lut_row, grey, FALSE);
    return;
  }
  gst_im_aug_colour_rows (pass, hsv_row, &luts, FALSE);
}

static const GstImAugClass hue_saturation_value = {
  .name = "HueSaturationValue",
  .params = hsv_params,
  .n_params = G_N_ELEMENTS (hsv_params),
  .applied = hsv_applied,
  .n_applied = G_N_ELEMENTS (hsv_applied),
  .draw = draw_hsv,
  .pixels = pixels_hsv,
};

/* ---- ColorJitter ---- */

static const GstImAugParamSpec jitter_params[] = {
  {.name = "brightness",.type = GST_IM_AUG_RANGE,.def = "[0.8, 1.2]",
      .min = 0,.max = G_MAXDOUBLE},
  {.name = "contrast",.type = GST_IM_AUG_RANGE,.def = "[0.8, 1.2]",
      .min = 0,.max = G_MAXDOUBLE},
  {.name = "saturation",.type = GST_IM_AUG_RANGE,.def = "[0.8, 1.2]",
      .min = 0,.max = G_MAXDOUBLE},
  {.name = "hue",.type = GST_IM_AUG_RANGE,.def = "[-0.5, 0.5]",
      .min = -0.5,.max = 0.5,.expand = GST_IM_AUG_EXPAND_SYMMETRIC},
};

static const GstImAugApplied jitter_applied[] = {
  {"brightness", 1}, {"contrast", 1}, {"saturation", 1}, {"hue", 1},
  {"order", 4},
};

/* a single number x is the range around 1 (torchvision's): brightness,
 * contrast and saturation (max (1 - x, 0), 1 + x); hue (-x, x) */
static gboolean
upgrade_jitter (JsonObject * o, GError ** error)
{
  static const gchar *const names[] = { "brightness", "contrast",
    "saturation", "hue"
  };
  JsonNode *node;
  JsonArray *a;
  gdouble x;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    node = json_object_get_member (o, names[i]);
    if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
        || (json_node_get_value_type (node) != G_TYPE_INT64
            && json_node_get_value_type (node) != G_TYPE_DOUBLE))
      continue;
    x = json_node_get_double (node);
    if (!(x >= 0)) {
      g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
          "ColorJitter: a single number for %s must not be negative",
          names[i]);
      return FALSE;
    }
    a = json_array_new ();
    json_array_add_double_element (a, i == 3 ? -x : MAX (1.0 - x, 0.0));
    json_array_add_double_element (a, i == 3 ? x : 1.0 + x);
    json_object_set_array_member (o, names[i], a);
  }
  return TRUE;
}

static void
draw_jitter (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  guint order[4], i;

  for (i = 0; i < 4; i++)
    step->v[i] = gst_im_aug_draw_range (key, 1 + i, p + 2 * i);
  gst_im_aug_draw_permutation (key, 5, 4, order);
  for (i = 0; i < 4; i++)
    step->v[4 + i] = order[i];
}

typedef struct
{
  const GstImAugPixels *pass;
  const GstImAugPre *pre;
  const guint8 *data;           /* the pass' input: src or dst */
  gint stride;
  guint64 sum;
  GMutex lock;
} GreySum;

static void
grey_sum_rows (guint row_begin, guint row_end, gpointer user_data)
{
  GreySum *job = user_data;
  guint64 sum = 0;
  guint y;

  for (y = row_begin; y < row_end; y++)
    sum += gst_im_aug_grey_sum_row (job->data + (gsize) y * job->stride,
        job->pass->width, job->pass->layout, job->pre);
  g_mutex_lock (&job->lock);
  job->sum += sum;
  g_mutex_unlock (&job->lock);
}

/* the mean of the grey image (cv2 RGB2GRAY) of @data through @pre: an
 * integer sum, so the bands' order does not matter */
static gdouble
grey_mean (const GstImAugPixels * pass, const GstImAugPre * pre,
    const guint8 * data, gint stride)
{
  GreySum job = { pass, pre, data, stride, 0 };

  gst_im_aug_colour_select ();
  g_mutex_init (&job.lock);
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      grey_sum_rows, &job);
  g_mutex_clear (&job.lock);
  return (gdouble) job.sum / ((gdouble) pass->width * pass->height);
}

/* one more brightness or contrast step */
static void
pre_add (GstImAugPre * pre, gdouble factor, gdouble value)
{
  g_assert (pre->n < G_N_ELEMENTS (pre->f));
  pre->f[pre->n] = factor;
  pre->a[pre->n] = value;
  pre->n++;
}

typedef struct
{
  const GstImAugPre *pre;
  gconstpointer op;
  gdouble factor;
  guint8 table[256];            /* pre as a table */
} PreOp;

static void
jitter_pre_row (const GstImAugPixels * pass, gconstpointer data,
    const guint8 * src, guint8 * dst)
{
  const PreOp *po = data;

  gst_im_aug_pre_row (src, dst, pass->width, pass->layout, po->pre,
      po->table);
}

static void
jitter_hsv_row (const GstImAugPixels * pass, gconstpointer data,
    const guint8 * src, guint8 * dst)
{
  const PreOp *po = data;

  gst_im_aug_hsv_row (src, dst, pass->width, pass->layout, po->pre, po->op);
}

static void
jitter_saturation_row (const GstImAugPixels * pass, gconstpointer data,
    const guint8 * src, guint8 * dst)
{
  const PreOp *po = data;

  gst_im_aug_saturation_row (src, dst, pass->width, pass->layout, po->pre,
      po->factor);
}

/* The four operations in the drawn order, as albumentations runs them on
 * uint8: brightness and contrast (albucore's float32 tables) are carried
 * as steps until an operation that mixes channels (saturation, hue) runs
 * them on its input, or a table pass at the end; contrast reads the mean
 * grey of the image as it stands. */
/* saturation (2) and hue (3) change the image unless at 1 and 0 */
static gboolean
active (const gdouble * v, guint op)
{
  return op == 2 ? v[2] != 1 : v[3] != 0;
}

static void
pixels_jitter (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  gboolean grey = pass->layout->n_colour == 1, written = FALSE;
  GstImAugPre pre = { 0 };
  GstImAugHsvLuts hsv;
  gdouble f, mean;
  PreOp po = { NULL, &hsv, 0 };
  guint k, i, op, next;

  for (k = 0; k < 4; k++) {
    op = CLAMP (v[4 + k], 0, 3);
    /* a replayed plan's values kept where float32 stays finite */
    f = op == 3 ? v[op] : CLAMP (v[op], 0, 1e4);
    switch (op) {
      case 0:
        if (f != 1)
          pre_add (&pre, f, 0);
        break;
      case 1:
        if (f == 1)
          break;
        mean = grey_mean (pass, &pre, written ? pass->dst : pass->src,
            written ? pass->dst_stride : pass->src_stride);
        /* factor 0: the rounded mean everywhere */
        if (f == 0)
          pre_add (&pre, 0, (gint) (mean + 0.5));
        else
          pre_add (&pre, f, mean * (1 - f));
        break;
      default:
        if (grey || !active (v, op))
          break;
        po.pre = pre.n ? &pre : NULL;
        po.factor = f;
        /* saturation and hue next to each other: one pass */
        next = k + 1 < 4 ? CLAMP (v[5 + k], 0, 3) : 0;
        if (op == 3 || (next == 3 && active (v, 3))) {
          gst_im_aug_hsv_luts_init (&hsv, 180 * v[3], 0, 0, FALSE);
          if (op == 2 || (next == 2 && active (v, 2))) {
            hsv.blend_first = op == 2;
            hsv.blend_last = op == 3;
            hsv.blend_alpha = CLAMP (v[2], 0, 1e4);
            hsv.blend_beta = 1.0 - hsv.blend_alpha;
            k++;
          }
          gst_im_aug_colour_rows (pass, jitter_hsv_row, &po, written);
        } else {
          gst_im_aug_colour_rows (pass, jitter_saturation_row, &po, written);
        }
        written = TRUE;
        pre.n = 0;
    }
  }
  if (pre.n || !written) {
    for (i = 0; i < 256; i++)
      po.table[i] = gst_im_aug_pre_apply (&pre, i);
    po.pre = &pre;
    gst_im_aug_colour_rows (pass, jitter_pre_row, &po, written);
  }
}

static const GstImAugClass color_jitter = {
  .name = "ColorJitter",
  .params = jitter_params,
  .n_params = G_N_ELEMENTS (jitter_params),
  .applied = jitter_applied,
  .n_applied = G_N_ELEMENTS (jitter_applied),
  .upgrade = upgrade_jitter,
  .draw = draw_jitter,
  .pixels = pixels_jitter,
};

const GstImAugClass *const gst_im_aug_colour_classes[] = {
  &hue_saturation_value,
  &color_jitter,
  &gst_im_aug_to_gray,
  &gst_im_aug_to_sepia,
  &gst_im_aug_channel_shuffle,
  &gst_im_aug_channel_dropout,
  NULL
};
