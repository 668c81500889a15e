/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Bounding boxes through a plan, as albumentations moves them: each
 * spatial step in turn, a matrix step by the box's four corners (its
 * "largest_box"), a distortion by the output pixels whose source falls in
 * the box (its mask remap); after each step the box is clipped to the
 * frame and filtered (BboxParams' min_area, min_visibility, ...). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"

/* albumentations' filter_bboxes tolerance */
#define EPSILON 1e-7

/* Reads a Compose's "bbox_params" as albumentations' BboxParams () saves
 * it (1.4 and 2.x). Returns FALSE with @problem set. */
gboolean
gst_im_aug_box_params_read (JsonNode * node, GstImAugBoxFilter * filter,
    gchar ** problem)
{
  static const gchar *const formats[] = {
    "pascal_voc", "coco", "yolo", "albumentations", NULL
  };
  static const gchar *const numbers[] = {
    "min_area", "min_visibility", "min_width", "min_height",
    "max_accept_ratio", NULL
  };
  gdouble *slots[] = {
    &filter->min_area, &filter->min_visibility, &filter->min_width,
    &filter->min_height, &filter->max_accept_ratio
  };
  JsonObject *o;
  GList *keys, *l;
  JsonNode *v;
  const gchar *key;
  guint i;

  memset (filter, 0, sizeof (*filter));
  filter->check_each_transform = TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node)) {
    *problem = g_strdup ("expected an object, as BboxParams saves it");
    return FALSE;
  }
  o = json_node_get_object (node);
  v = json_object_get_member (o, "format");
  if (v == NULL || !JSON_NODE_HOLDS_VALUE (v)
      || json_node_get_value_type (v) != G_TYPE_STRING
      || !g_strv_contains (formats, json_node_get_string (v))) {
    *problem = g_strdup ("\"format\": expected \"pascal_voc\", \"coco\", "
        "\"yolo\" or \"albumentations\"");
    return FALSE;
  }
  keys = json_object_get_members (o);
  for (l = keys; l && *problem == NULL; l = l->next) {
    key = l->data;
    v = json_object_get_member (o, key);
    for (i = 0; numbers[i] && strcmp (numbers[i], key); i++);
    if (numbers[i]) {
      if (JSON_NODE_HOLDS_NULL (v) && !strcmp (key, "max_accept_ratio"))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (v)
          || json_node_get_value_type (v) == G_TYPE_STRING
          || json_node_get_value_type (v) == G_TYPE_BOOLEAN
          || !(json_node_get_double (v) >= 0)
          || (i == 1 && json_node_get_double (v) > 1)
          || (i == 4 && json_node_get_double (v) < 1))
        *problem = g_strdup_printf ("\"%s\": expected a number %s", key,
            i == 1 ? "in [0, 1]" : i == 4 ? ">= 1 or null" : ">= 0");
      else
        *slots[i] = json_node_get_double (v);
    } else if (!strcmp (key, "check_each_transform") || !strcmp (key, "clip")
        || !strcmp (key, "filter_invalid_bboxes")) {
      if (!JSON_NODE_HOLDS_VALUE (v)
          || json_node_get_value_type (v) != G_TYPE_BOOLEAN)
        *problem = g_strdup_printf ("\"%s\": expected true or false", key);
      else if (!strcmp (key, "check_each_transform"))
        filter->check_each_transform = json_node_get_boolean (v);
    } else if (strcmp (key, "format") && strcmp (key, "label_fields")) {
      *problem = g_strdup_printf ("\"%s\" is not a BboxParams key augment "
          "knows", key);
    }
  }
  g_list_free (keys);
  return *problem == NULL;
}

/**
 * gst_im_aug_pipeline_get_box_filter:
 * @pipeline: a pipeline
 * @filter: (out caller-allocates): its filter
 *
 * The box filter of the pipeline's `bbox_params` (albumentations'
 * BboxParams), or, without them, BboxParams' defaults: keep every box
 * that stays in the frame, checked after each transform.
 *
 * Returns: whether the pipeline had `bbox_params`
 */
gboolean
gst_im_aug_pipeline_get_box_filter (const GstImAugPipeline * pipeline,
    GstImAugBoxFilter * filter)
{
  g_return_val_if_fail (pipeline != NULL && filter != NULL, FALSE);

  *filter = pipeline->box_filter;
  return pipeline->has_box_params;
}

/* Clips @b to the frame and says whether it passes @f, as albumentations'
 * filter_bboxes () does: thresholds on the clipped box, visibility as the
 * clipped area over the area before clipping. */
static gboolean
clip_and_filter (GstImAugBox * b, guint w, guint h,
    const GstImAugBoxFilter * f)
{
  gdouble area = (b->x1 - b->x0) * (b->y1 - b->y0), cw, ch, clipped;

  b->x0 = CLAMP (b->x0, 0, w);
  b->x1 = CLAMP (b->x1, 0, w);
  b->y0 = CLAMP (b->y0, 0, h);
  b->y1 = CLAMP (b->y1, 0, h);
  cw = b->x1 - b->x0;
  ch = b->y1 - b->y0;
  clipped = cw * ch;
  if (!(area >= EPSILON) || clipped < f->min_area - EPSILON
      || clipped / (area + EPSILON) < f->min_visibility
      || cw < f->min_width - EPSILON || ch < f->min_height - EPSILON)
    return FALSE;
  return !(f->max_accept_ratio > 0 && MAX (cw / (ch + EPSILON),
          ch / (cw + EPSILON)) > f->max_accept_ratio);
}

/* A matrix stage maps out -> in (pixel centres at integers); a box moves
 * by the bounding box of its corners (pixel edges) through the inverse. */
static gboolean
box_through_matrix (const GstImAugStage * s, GstImAugBox * b)
{
  gdouble f[9], x, y, w, u[4], v[4];
  guint i;

  if (!gst_im_aug_matrix_invert (s->m, f))
    return FALSE;
  for (i = 0; i < 4; i++) {
    x = (i & 1 ? b->x1 : b->x0) - 0.5;
    y = (i & 2 ? b->y1 : b->y0) - 0.5;
    w = f[6] * x + f[7] * y + f[8];
    if (!(w > 0))               /* behind the perspective's horizon */
      return FALSE;
    u[i] = (f[0] * x + f[1] * y + f[2]) / w + 0.5;
    v[i] = (f[3] * x + f[4] * y + f[5]) / w + 0.5;
  }
  b->x0 = MIN (MIN (u[0], u[1]), MIN (u[2], u[3]));
  b->x1 = MAX (MAX (u[0], u[1]), MAX (u[2], u[3]));
  b->y0 = MIN (MIN (v[0], v[1]), MIN (v[2], v[3]));
  b->y1 = MAX (MAX (v[0], v[1]), MAX (v[2], v[3]));
  return TRUE;
}

/* A box during a sweep: the source pixels it covers, the output pixels
 * that read them (x0 > x1: none yet). */
typedef struct
{
  gint in[4], hit[4];
} Sweep;

/* A distortion: the box becomes the bounding box of the output pixels
 * whose nearest source pixel lies in it (albumentations remaps the box's
 * mask with INTER_NEAREST); one sweep of the map serves every box. */
static void
boxes_through_map (const GstImAugStage * s, GstImAugBox * boxes,
    const gboolean * kept, guint n)
{
  gdouble *xy = g_new (gdouble, 2 * (gsize) s->out_w);
  Sweep *sw = g_new (Sweep, n), *b;
  guint i, x, y;
  gint px, py;

  for (i = 0; i < n; i++) {
    b = &sw[i];
    /* the pixels whose centre is in the box */
    b->in[0] = (gint) ceil (CLAMP (boxes[i].x0, -1, s->in_w) - 0.5);
    b->in[1] = (gint) ceil (CLAMP (boxes[i].y0, -1, s->in_h) - 0.5);
    b->in[2] = (gint) ceil (CLAMP (boxes[i].x1, -1, s->in_w) - 0.5);
    b->in[3] = (gint) ceil (CLAMP (boxes[i].y1, -1, s->in_h) - 0.5);
    b->hit[0] = b->hit[1] = G_MAXINT;
    b->hit[2] = b->hit[3] = G_MININT;
  }
  for (y = 0; y < s->out_h; y++) {
    for (x = 0; x < s->out_w; x++) {
      xy[2 * x] = x;
      xy[2 * x + 1] = y;
    }
    s->map (s, s->out_w, xy);
    for (x = 0; x < s->out_w; x++) {
      if (!(fabs (xy[2 * x]) < 1e9 && fabs (xy[2 * x + 1]) < 1e9))
        continue;
      px = (gint) floor (xy[2 * x] + 0.5);
      py = (gint) floor (xy[2 * x + 1] + 0.5);
      for (i = 0; i < n; i++) {
        b = &sw[i];
        if (!kept[i] || px < b->in[0] || px >= b->in[2] || py < b->in[1]
            || py >= b->in[3])
          continue;
        b->hit[0] = MIN (b->hit[0], (gint) x);
        b->hit[1] = MIN (b->hit[1], (gint) y);
        b->hit[2] = MAX (b->hit[2], (gint) x + 1);
        b->hit[3] = MAX (b->hit[3], (gint) y + 1);
      }
    }
  }
  for (i = 0; i < n; i++) {
    b = &sw[i];
    if (b->hit[0] > b->hit[2])  /* gone: an empty box, filtered out */
      memset (b->hit, 0, sizeof (b->hit));
    boxes[i].x0 = b->hit[0];
    boxes[i].y0 = b->hit[1];
    boxes[i].x1 = b->hit[2];
    boxes[i].y1 = b->hit[3];
  }
  g_free (xy);
  g_free (sw);
}

/**
 * gst_im_aug_plan_map_boxes:
 * @plan: a plan
 * @filter: (nullable): which boxes to keep; %NULL: those that stay in the
 *   frame, checked after each transform
 * @boxes: (array length=n_boxes) (inout): boxes in the plan's input, in
 *   pixel edges (pixel (0, 0) covers [0, 1) x [0, 1)); on return, where
 *   @kept says so, the same boxes in the output, clipped to it
 * @kept: (array length=n_boxes) (out caller-allocates): whether each box
 *   is still there
 * @n_boxes: number of boxes
 *
 * Moves boxes by the geometry of @plan, step by step as albumentations
 * does: flips, rotations, affine and perspective warps, crops, pads and
 * resizes move a box's corners and take their bounding box; grid, optical
 * and elastic distortions take the bounding box of the output pixels that
 * read the box. Pixel transforms leave boxes alone. A box is clipped to
 * the frame and filtered by @filter after each spatial step (only at the
 * end when @filter's check_each_transform is %FALSE).
 *
 * Returns: the number of boxes kept
 */
guint
gst_im_aug_plan_map_boxes (const GstImAugPlan * plan,
    const GstImAugBoxFilter * filter, GstImAugBox * boxes, gboolean * kept,
    guint n_boxes)
{
  GstImAugBoxFilter none = { 0, 0, 0, 0, 0, TRUE };
  const GstImAugStep *step;
  GstImAugStage stage;
  guint i, k, n_kept = 0;

  g_return_val_if_fail (plan != NULL, 0);
  g_return_val_if_fail (n_boxes == 0 || (boxes && kept), 0);

  if (filter == NULL)
    filter = &none;
  for (i = 0; i < n_boxes; i++)
    kept[i] = clip_and_filter (&boxes[i], plan->in_w, plan->in_h, &none);
  for (k = 0; k < plan->steps->len; k++) {
    step = &g_array_index (plan->steps, GstImAugStep, k);
    if (gst_im_aug_is_pixel (step))
      continue;
    gst_im_aug_stage_init (&stage, step);
    if (stage.kind == GST_IM_AUG_STAGE_MAP)
      boxes_through_map (&stage, boxes, kept, n_boxes);
    for (i = 0; i < n_boxes; i++) {
      if (kept[i] && stage.kind == GST_IM_AUG_STAGE_MATRIX)
        kept[i] = box_through_matrix (&stage, &boxes[i]);
      if (kept[i] && filter->check_each_transform)
        kept[i] = clip_and_filter (&boxes[i], stage.out_w, stage.out_h,
            filter);
    }
    if (stage.map_data && stage.map_data_free)
      stage.map_data_free (stage.map_data);
  }
  for (i = 0; i < n_boxes; i++) {
    if (kept[i])
      kept[i] = clip_and_filter (&boxes[i], plan->out_w, plan->out_h, filter);
    n_kept += kept[i];
  }
  return n_kept;
}
