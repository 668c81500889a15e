/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Histogram transforms: Equalize here, CLAHE in gstimaugclahe.c.
 *
 * Equalize per channel (by_channels, and any grey image) is a point
 * transform: a table per channel from that channel's histogram, composed
 * with its neighbouring point transforms. by_channels=false on colour
 * equalizes Y of OpenCV's 8-bit YCrCb and converts back: a pass of its
 * own. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaughistogram-private.h"

/* ---- the tables ---- */

enum
{
  MODE_CV,
  MODE_PIL,
};

/* cv2.equalizeHist: the first used level maps to 0, the others to
 * round-half-even (float (cumulative count) * float (255 / (n - count of
 * the first))); one level alone stays itself */
static void
table_cv (const guint32 * h, guint64 n, guint8 * t)
{
  gfloat scale;
  gint sum = 0, v;
  guint i = 0, j;

  while (i < 255 && h[i] == 0)
    i++;
  for (j = 0; j < 256; j++)
    t[j] = i;
  if (h[i] == n)
    return;
  scale = 255.0f / (gfloat) (gint) (n - h[i]);
  t[i] = 0;
  for (j = i + 1; j < 256; j++) {
    sum += h[j];
    v = (gint) lrintf ((gfloat) sum * scale);
    t[j] = CLAMP (v, 0, 255);
  }
}

/* PIL's ImageOps.equalize as albumentations writes it: step = (n - count
 * of the last used level) // 255; a level's value is (cumulative count +
 * step // 2) // step, at most 255, where albumentations 2.x counts the
 * level itself and 1.4 (as PIL) only the levels below it. One used level
 * or step 0: unchanged. Returns FALSE for unchanged. */
static gboolean
table_pil (const guint32 * h, guint64 n, gboolean inclusive, guint8 * t)
{
  guint64 step, cum = 0;
  guint i, used = 0, last = 0;

  for (i = 0; i < 256; i++)
    if (h[i]) {
      used++;
      last = i;
    }
  if (used <= 1)
    return FALSE;
  step = (n - h[last]) / 255;
  if (step == 0)
    return FALSE;
  for (i = 0; i < 256; i++) {
    if (inclusive)
      cum += h[i];
    t[i] = MIN ((cum + step / 2) / step, 255);
    if (!inclusive)
      cum += h[i];
  }
  return TRUE;
}

/* the table of @v's mode for a channel of histogram @h; FALSE: unchanged */
static gboolean
equalize_table (const gdouble * v, const guint32 * h, guint64 n, guint8 * t)
{
  if (v[0] == MODE_PIL)
    return table_pil (h, n, v[2] != 0, t);
  table_cv (h, n, t);
  return TRUE;
}

/* ---- Equalize ---- */

static const GstImAugParamSpec equalize_params[] = {
  {.name = "mode",.type = GST_IM_AUG_CHOICE,.def = "\"cv\"",
      .choices = (const gchar * const[]) {"cv", "pil", NULL}},
  {.name = "by_channels",.type = GST_IM_AUG_BOOL,.def = "true"},
};

/* v: mode, by_channels, whether PIL's table counts a level itself (2.x) */
static const GstImAugApplied equalize_applied[] = {
  {"mode", 1}, {"by_channels", 1}, {"pil_inclusive", 1},
};

/* mask and mask_params select pixels by an array or a callable, which an
 * image stream has no way to give: accepted only empty */
static gboolean
upgrade_equalize (JsonObject * o, GError ** error)
{
  JsonNode *mask = json_object_get_member (o, "mask");
  JsonNode *mp = json_object_get_member (o, "mask_params");

  if (mask && !JSON_NODE_HOLDS_NULL (mask)) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
        "Equalize: \"mask\" is not supported (only null): augment has no "
        "mask to give it");
    return FALSE;
  }
  if (mp && !(JSON_NODE_HOLDS_NULL (mp) || (JSON_NODE_HOLDS_ARRAY (mp)
              && json_array_get_length (json_node_get_array (mp)) == 0))) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
        "Equalize: \"mask_params\" is not supported (only an empty list)");
    return FALSE;
  }
  if (mask)
    json_object_remove_member (o, "mask");
  if (mp)
    json_object_remove_member (o, "mask_params");
  return TRUE;
}

static const GstImAugClass equalize_channels;

static void
draw_equalize (const gdouble * params, const GstImDrawKey * key,
    GstImAugStep * step)
{
  step->v[0] = params[0];
  step->v[1] = params[1];
  step->v[2] = !step->v1_4;
  /* per channel it is a point transform (below); Y of YCrCb is not */
  if (params[1])
    step->klass = &equalize_channels;
}

static void
lut_equalize (const GstImAugStep * step, guint n_colour, guint8 lut[3][256],
    const GstImAugHistogram * hist)
{
  guint8 t[256];
  guint c, i;

  for (c = 0; c < n_colour; c++)
    if (equalize_table (step->v, hist->h[c], hist->n, t))
      for (i = 0; i < 256; i++)
        lut[c][i] = t[lut[c][i]];
}

/* The same name and values as Equalize, so the plan reads back as
 * Equalize: its pass below renders a replayed per-channel step to the same
 * bytes, only not composed with its neighbours. */
static const GstImAugClass equalize_channels = {
  .name = "Equalize",
  .applied = equalize_applied,
  .n_applied = G_N_ELEMENTS (equalize_applied),
  .lut = lut_equalize,
  .needs_histogram = TRUE,
};

/* OpenCV's 8-bit RGB -> YCrCb -> RGB (cvtColor, fixed point in 1/2^14) */
#define YCC_SHIFT 14
#define YCC_HALF (1 << (YCC_SHIFT - 1))

static inline gint
ycc_y (gint r, gint g, gint b)
{
  return (r * 4899 + g * 9617 + b * 1868 + YCC_HALF) >> YCC_SHIFT;
}

static inline guint8
clamp_u8 (gint v)
{
  return (guint8) CLAMP (v, 0, 255);
}

typedef struct
{
  const GstImAugPixels *pass;
  GMutex lock;
  guint32 h[256];               /* of Y, or of the grey channel */
  guint8 table[256];
} EqualizeJob;

static void
hist_rows (guint row_begin, guint row_end, gpointer user_data)
{
  EqualizeJob *job = user_data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  guint r = l->rgb[0], g = l->rgb[1], b = l->rgb[2], bpp = l->bpp, x, y, i;
  const guint8 *s;
  guint32 h[256];

  memset (h, 0, sizeof (h));
  for (y = row_begin; y < row_end; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    if (l->n_colour == 1)
      for (x = 0; x < pass->width; x++, s += bpp)
        h[s[0]]++;
    else
      for (x = 0; x < pass->width; x++, s += bpp)
        h[ycc_y (s[r], s[g], s[b])]++;
  }
  g_mutex_lock (&job->lock);
  for (i = 0; i < 256; i++)
    job->h[i] += h[i];
  g_mutex_unlock (&job->lock);
}

static void
map_rows (guint row_begin, guint row_end, gpointer user_data)
{
  EqualizeJob *job = user_data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  guint r = l->rgb[0], g = l->rgb[1], b = l->rgb[2], bpp = l->bpp, x, y;
  const guint8 *s;
  guint8 *d;
  gint Y, Yn, cr, cb;

  for (y = row_begin; y < row_end; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    d = pass->dst + (gsize) y * pass->dst_stride;
    if (l->n_colour == 1) {
      for (x = 0; x < pass->width; x++)
        d[x] = job->table[s[x]];
      continue;
    }
    for (x = 0; x < pass->width; x++, s += bpp, d += bpp) {
      Y = ycc_y (s[r], s[g], s[b]);
      cr = clamp_u8 (((s[r] - Y) * 11682 + (128 << YCC_SHIFT) + YCC_HALF)
          >> YCC_SHIFT) - 128;
      cb = clamp_u8 (((s[b] - Y) * 9241 + (128 << YCC_SHIFT) + YCC_HALF)
          >> YCC_SHIFT) - 128;
      Yn = job->table[Y];
      d[r] = clamp_u8 (Yn + ((cr * 22987 + YCC_HALF) >> YCC_SHIFT));
      d[g] = clamp_u8 (Yn + ((cb * -5636 + cr * -11698 + YCC_HALF)
              >> YCC_SHIFT));
      d[b] = clamp_u8 (Yn + ((cb * 29049 + YCC_HALF) >> YCC_SHIFT));
    }
  }
  gst_im_aug_copy_alpha (pass, row_begin, row_end);
}

static void
equalize_channels_pass (const GstImAugPixels * pass)
{
  GstImAugHistogram hist;
  guint8 lut[3][256];
  guint c, i, x, y, bpp = pass->layout->bpp;
  const guint8 *s;
  guint8 *d;

  gst_im_aug_histogram (pass, pass->src, pass->src_stride, &hist);
  for (c = 0; c < 3; c++)
    for (i = 0; i < 256; i++)
      lut[c][i] = i;
  lut_equalize (pass->step, pass->layout->n_colour, lut, &hist);
  /* a replayed step only: not worth a parallel pass of its own */
  for (y = 0; y < pass->height; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    d = pass->dst + (gsize) y * pass->dst_stride;
    for (x = 0; x < pass->width * bpp; x += bpp)
      for (c = 0; c < pass->layout->n_colour; c++)
        d[x + pass->layout->rgb[c]] = lut[c][s[x + pass->layout->rgb[c]]];
  }
  gst_im_aug_copy_alpha (pass, 0, pass->height);
}

static void
pixels_equalize (const GstImAugPixels * pass)
{
  EqualizeJob job;
  guint i;

  if (pass->step->v[1] != 0) {
    equalize_channels_pass (pass);
    return;
  }
  memset (&job, 0, sizeof (job));
  job.pass = pass;
  g_mutex_init (&job.lock);
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows, hist_rows,
      &job);
  g_mutex_clear (&job.lock);
  if (!equalize_table (pass->step->v, job.h, (guint64) pass->width *
          pass->height, job.table))
    for (i = 0; i < 256; i++)
      job.table[i] = i;
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows, map_rows,
      &job);
}

static const GstImAugClass equalize = {
  .name = "Equalize",
  .params = equalize_params,
  .n_params = G_N_ELEMENTS (equalize_params),
  .applied = equalize_applied,
  .n_applied = G_N_ELEMENTS (equalize_applied),
  .upgrade = upgrade_equalize,
  .draw = draw_equalize,
  .pixels = pixels_equalize,
};

const GstImAugClass *const gst_im_aug_histogram_classes[] = {
  &equalize,
  &gst_im_aug_clahe,
  NULL
};
