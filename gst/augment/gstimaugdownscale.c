/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Downscale: cv2.resize down by a drawn scale and back to the input size,
 * each way with its own interpolation, as albumentations does it; 1.4's
 * parameters upgraded. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstimaugfilter-private.h"

/* ---- Downscale ---- */

/* cv2's INTER_* that Downscale takes; LANCZOS4 (4) has no resampler */
static const gchar *const downscale_interpolations[] = {
  "0", "1", "2", "3", "5", "6", NULL
};

static const GstImAugParamSpec downscale_params[] = {
  {.name = "scale_range",.type = GST_IM_AUG_RANGE,.def = "[0.25, 0.25]",
      .min = 0,.max = 1},
  {.name = "downscale_interpolation",.type = GST_IM_AUG_FLAG,.def = "0",
      .choices = downscale_interpolations},
  {.name = "upscale_interpolation",.type = GST_IM_AUG_FLAG,.def = "0",
      .choices = downscale_interpolations},
};

/* slots: scale 0-1, down 2, up 3 */

static const GstImAugApplied downscale_applied[] = {
  {"scale", 1}, {"downscale", 1}, {"upscale", 1},
};

/* interpolation_pair {"downscale": a, "upscale": b}, and 1.4's
 * interpolation (one flag for both, or such a pair, or null) and
 * scale_min / scale_max, become the two flags and scale_range */
static gboolean
upgrade_downscale (JsonObject * o, GError ** error)
{
  static const gchar *const pairs[] = { "interpolation", "interpolation_pair" };
  JsonNode *node, *lo, *hi;
  JsonObject *pair;
  JsonArray *range;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (pairs); i++) {
    node = json_object_get_member (o, pairs[i]);
    if (node == NULL)
      continue;
    if (JSON_NODE_HOLDS_OBJECT (node)) {
      pair = json_node_get_object (node);
      if (json_object_has_member (pair, "downscale"))
        json_object_set_member (o, "downscale_interpolation",
            json_node_copy (json_object_get_member (pair, "downscale")));
      if (json_object_has_member (pair, "upscale"))
        json_object_set_member (o, "upscale_interpolation",
            json_node_copy (json_object_get_member (pair, "upscale")));
    } else if (!JSON_NODE_HOLDS_NULL (node)) {
      json_object_set_member (o, "downscale_interpolation",
          json_node_copy (node));
      json_object_set_member (o, "upscale_interpolation",
          json_node_copy (node));
    }
    json_object_remove_member (o, pairs[i]);
  }
  lo = json_object_get_member (o, "scale_min");
  hi = json_object_get_member (o, "scale_max");
  if (lo && hi && !JSON_NODE_HOLDS_NULL (lo) && !JSON_NODE_HOLDS_NULL (hi)) {
    range = json_array_new ();
    json_array_add_element (range, json_node_copy (lo));
    json_array_add_element (range, json_node_copy (hi));
    json_object_set_array_member (o, "scale_range", range);
  }
  if (lo)
    json_object_remove_member (o, "scale_min");
  if (hi)
    json_object_remove_member (o, "scale_max");
  return TRUE;
}

/* cv2.resize (fx = fy = scale): cvRound (n * scale) */
static guint
downscaled (guint n, gdouble scale)
{
  return (guint) gst_im_aug_round_even (n * scale);
}

static void
draw_downscale (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, GST_IM_AUG_BLOCK_OTHER, p);
  step->v[1] = p[2];
  step->v[2] = p[3];
  if (downscaled (step->in_w, step->v[0]) < 1
      || downscaled (step->in_h, step->v[0]) < 1)
    step->problem = "Downscale's scale leaves no pixel";
}

static GstImResampleKernel
resample_kernel (gint interpolation, gboolean shrink)
{
  switch (interpolation) {
    case 1:
    case 5:
      return GST_IM_RESAMPLE_LINEAR_POINT;
    case 2:
      return GST_IM_RESAMPLE_CUBIC_POINT;
    case 3:
      /* cv2's area only averages when it shrinks */
      return shrink ? GST_IM_RESAMPLE_AREA : GST_IM_RESAMPLE_LINEAR_POINT;
    case 6:
      return GST_IM_RESAMPLE_NEAREST;
    default:
      return GST_IM_RESAMPLE_NEAREST_FLOOR;
  }
}

/* each thread's last two resamplers, kept while the geometry repeats */
typedef struct
{
  GstImResampler *r[2];
} Resamplers;

static void
resamplers_free (gpointer data)
{
  Resamplers *rs = data;

  g_clear_pointer (&rs->r[0], gst_im_resampler_free);
  g_clear_pointer (&rs->r[1], gst_im_resampler_free);
  g_free (rs);
}

static GPrivate resamplers_key = G_PRIVATE_INIT (resamplers_free);

static GstImResampler *
resampler (guint i, GstImResampleKernel kernel, guint bpp, guint w, guint h,
    const GstImResampleRect * rect, guint out_w, guint out_h)
{
  Resamplers *rs = g_private_get (&resamplers_key);

  if (rs == NULL) {
    rs = g_new0 (Resamplers, 1);
    g_private_set (&resamplers_key, rs);
  }
  if (rs->r[i] == NULL || !gst_im_resampler_matches (rs->r[i], kernel, bpp,
          w, h, rect, out_w, out_h)) {
    g_clear_pointer (&rs->r[i], gst_im_resampler_free);
    rs->r[i] = gst_im_resampler_new (kernel, bpp, w, h, rect, out_w, out_h);
  }
  return rs->r[i];
}

static void
alpha_rows (guint row_begin, guint row_end, gpointer user_data)
{
  gst_im_aug_copy_alpha (user_data, row_begin, row_end);
}

/* albumentations' downscale: cv2.resize by fx = fy = scale (so the source
 * step is 1 / scale, not w / dw), then back to the input size */
static void
pixels_downscale (const GstImAugPixels * pass)
{
  const gdouble *v = pass->step->v;
  guint bpp = pass->layout->bpp, w = pass->width, h = pass->height;
  gdouble scale = CLAMP (v[0], 1e-6, 1);
  guint dw = MAX (downscaled (w, scale), 1), dh = MAX (downscaled (h, scale),
      1);
  GstImResampleRect down = { 0, 0, dw / scale, dh / scale }, up = {
  0, 0, dw, dh};
  guint8 *small = gst_im_aug_thread_bytes (2, (gsize) dw * dh * bpp);

  gst_im_resampler_run (resampler (0, resample_kernel (v[1], TRUE), bpp, w, h,
          &down, dw, dh), pass->pool, pass->chunk_rows, pass->src,
      pass->src_stride, small, dw * bpp);
  gst_im_resampler_run (resampler (1, resample_kernel (v[2], FALSE), bpp, dw,
          dh, &up, w, h), pass->pool, pass->chunk_rows, small, dw * bpp,
      pass->dst, pass->dst_stride);
  if (pass->layout->alpha >= 0)
    gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
        alpha_rows, (gpointer) pass);
}

const GstImAugClass gst_im_aug_downscale = {
  .name = "Downscale",
  .params = downscale_params,
  .n_params = G_N_ELEMENTS (downscale_params),
  .applied = downscale_applied,
  .n_applied = G_N_ELEMENTS (downscale_applied),
  .upgrade = upgrade_downscale,
  .draw = draw_downscale,
  .pixels = pixels_downscale,
};

