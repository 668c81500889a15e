/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Drawing a plan: the composition rules of albumentations walked with
 * counter-based draws, so that what happens to a frame depends only on
 * (seed, frame key, copy, the node's position), and writing the plan as
 * JSON and reading it back for replay. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"

/* Block 0 of each node's stream is its p roll, block 1 its choice of
 * children; a transform's draws start at block 1. */
#define BLOCK_FIRE 0
#define BLOCK_CHOICE 1

typedef struct
{
  const GstImAugPipeline *pipeline;
  GstImAugPlan *plan;
  guint w, h;
} DrawWalk;

gdouble
gst_im_aug_draw_range (const GstImDrawKey * key, guint index,
    const gdouble * range)
{
  if (range[0] == range[1])
    return range[0];
  return gst_im_draw_uniform (key, index, range[0], range[1]);
}

static void
node_key (const DrawWalk * walk, const GstImAugNode * node, GstImDrawKey * key)
{
  gst_im_draw_key_init (key, walk->plan->seed, walk->plan->frame_key,
      walk->plan->copy, node->position);
}

static gboolean
fires (const GstImDrawKey * key, gdouble p)
{
  return p >= 1.0 || (p > 0.0 && gst_im_draw_bernoulli (key, BLOCK_FIRE, p));
}

static void walk_node (DrawWalk * walk, const GstImAugNode * node,
    gboolean forced);

static void
apply_transform (DrawWalk * walk, const GstImAugNode * node,
    const GstImDrawKey * key)
{
  GstImAugStep step;

  memset (&step, 0, sizeof (step));
  step.klass = node->klass;
  step.position = node->position;
  step.in_w = step.out_w = walk->w;
  step.in_h = step.out_h = walk->h;
  step.v1_4 = walk->pipeline->v1_4;
  step.key = *key;
  node->klass->draw (node->params, key, &step);
  if (step.problem && walk->plan->problem == NULL)
    walk->plan->problem = g_strdup_printf ("%s cannot apply to a %ux%u "
        "image: %s", node->klass->name, walk->w, walk->h, step.problem);
  step.problem = NULL;
  g_array_append_val (walk->plan->steps, step);
  walk->w = step.out_w;
  walk->h = step.out_h;
}

/* @k distinct (or, with @replace, any) indices below @n, by weights
 * (NULL: uniform), in increasing order as albumentations applies them. */
static guint
choose (const GstImDrawKey * key, guint n, guint k, gboolean replace,
    const gdouble * weights, guint * out)
{
  gdouble w[n], total, r;
  guint i, j, m = 0;

  for (i = 0; i < n; i++)
    w[i] = weights ? weights[i] : 1.0;
  for (j = 0; j < k; j++) {
    total = 0;
    for (i = 0; i < n; i++)
      total += w[i];
    if (!(total > 0))
      break;
    r = gst_im_draw_double (key, BLOCK_CHOICE + j) * total;
    for (i = 0; i + 1 < n && (r >= w[i] || w[i] == 0); i++)
      r -= w[i];
    out[m++] = i;
    if (!replace)
      w[i] = 0;
  }
  /* insertion sort: k is small */
  for (i = 1; i < m; i++)
    for (j = i; j > 0 && out[j - 1] > out[j]; j--) {
      guint t = out[j];

      out[j] = out[j - 1];
      out[j - 1] = t;
    }
  return m;
}

static void
walk_group (DrawWalk * walk, const GstImAugNode * node,
    const GstImDrawKey * key)
{
  guint i, n = node->children->len, m, picked[MAX (node->n_max, 1)];
  gdouble weights[MAX (n, 1)];
  const GstImAugNode *child;

  for (i = 0; i < n; i++) {
    child = g_ptr_array_index (node->children, i);
    weights[i] = child->p;
  }
  switch (node->kind) {
    case GST_IM_AUG_COMPOSE:
    case GST_IM_AUG_SEQUENTIAL:
      for (i = 0; i < n; i++)
        walk_node (walk, g_ptr_array_index (node->children, i), FALSE);
      break;
    case GST_IM_AUG_ONE_OF:
      if (choose (key, n, 1, FALSE, weights, picked) == 1)
        walk_node (walk, g_ptr_array_index (node->children, picked[0]), TRUE);
      break;
    case GST_IM_AUG_SOME_OF:
      /* 2.x picks uniformly and each pick rolls its own p; 1.4 picks by
       * the children's p and applies them */
      m = choose (key, n, node->n_max, node->replace,
          walk->pipeline->v1_4 ? weights : NULL, picked);
      for (i = 0; i < m; i++)
        walk_node (walk, g_ptr_array_index (node->children, picked[i]),
            walk->pipeline->v1_4);
      break;
    default:
      g_assert_not_reached ();
  }
}

static void
walk_node (DrawWalk * walk, const GstImAugNode * node, gboolean forced)
{
  GstImDrawKey key;

  node_key (walk, node, &key);
  switch (node->kind) {
    case GST_IM_AUG_TRANSFORM:
      if (forced || fires (&key, node->p))
        apply_transform (walk, node, &key);
      break;
    case GST_IM_AUG_ONE_OR_OTHER:
      /* albumentations rolls p even when forced */
      walk_node (walk, g_ptr_array_index (node->children,
              fires (&key, node->p) ? 0 : 1), TRUE);
      break;
    case GST_IM_AUG_SOME_OF:
      /* 2.x's SomeOf rolls its p even when forced */
      if ((forced && walk->pipeline->v1_4) || fires (&key, node->p))
        walk_group (walk, node, &key);
      break;
    default:
      if (forced || fires (&key, node->p))
        walk_group (walk, node, &key);
  }
}

/**
 * gst_im_aug_pipeline_draw: (skip)
 * @pipeline: a pipeline
 * @seed: the seed
 * @frame_key: the frame's key (dataset-src's index, or its number)
 * @copy: which copy of the frame, below 65536
 * @width: the input width
 * @height: the input height
 *
 * Draws what @pipeline does to one frame, as albumentations' composition
 * rules say, with every draw a function of (@seed, @frame_key, @copy, the
 * node's position) only: any thread, any order, the same plan.
 *
 * Returns: (transfer full): the plan
 */
GstImAugPlan *
gst_im_aug_pipeline_draw (const GstImAugPipeline * pipeline, guint64 seed,
    guint64 frame_key, guint copy, guint width, guint height)
{
  GstImAugPlan *plan = g_new0 (GstImAugPlan, 1);
  DrawWalk walk = { pipeline, plan, width, height };

  g_return_val_if_fail (pipeline != NULL && copy <= GST_IM_DRAW_MAX_COPY,
      NULL);

  plan->seed = seed;
  plan->frame_key = frame_key;
  plan->copy = copy;
  plan->in_w = width;
  plan->in_h = height;
  plan->steps = g_array_new (FALSE, FALSE, sizeof (GstImAugStep));
  walk_node (&walk, pipeline->root, FALSE);
  plan->out_w = walk.w;
  plan->out_h = walk.h;
  return plan;
}

void
gst_im_aug_plan_free (GstImAugPlan * plan)
{
  if (plan == NULL)
    return;
  g_array_unref (plan->steps);
  g_free (plan->problem);
  g_free (plan);
}

void
gst_im_aug_plan_get_output_size (const GstImAugPlan * plan, guint * width,
    guint * height)
{
  *width = plan->out_w;
  *height = plan->out_h;
}

/**
 * gst_im_aug_plan_get_copy:
 * @plan: a plan
 *
 * Returns: the copy the plan was drawn for
 */
guint
gst_im_aug_plan_get_copy (const GstImAugPlan * plan)
{
  return plan->copy;
}

guint
gst_im_aug_plan_get_n_applied (const GstImAugPlan * plan)
{
  return plan->steps->len;
}

/**
 * gst_im_aug_plan_skip:
 * @plan: a drawn plan
 * @names: (array zero-terminated=1): transform class names
 *   ("GaussianBlur", ...)
 *
 * Leaves out of @plan the steps of the transforms @names lists, where
 * that keeps the plan whole: a step whose output has its input's size
 * (a pixel transform, a rotation...), never a crop or a resize. The plan
 * then records only what it does, and replays to the same bytes.
 *
 * Returns: the number of steps left out
 */
guint
gst_im_aug_plan_skip (GstImAugPlan * plan, const gchar * const *names)
{
  const GstImAugStep *step;
  guint k, n = 0;

  g_return_val_if_fail (plan != NULL, 0);

  for (k = plan->steps->len; names && k-- > 0;) {
    step = &g_array_index (plan->steps, GstImAugStep, k);
    if (step->in_w == step->out_w && step->in_h == step->out_h
        && g_strv_contains (names, step->klass->name)) {
      g_array_remove_index (plan->steps, k);
      n++;
    }
  }
  return n;
}

/**
 * gst_im_aug_plan_get_problem:
 * @plan: a drawn plan
 *
 * Returns: (nullable): why @plan cannot be rendered (a crop larger than
 *   the image...), naming the transform, or %NULL when it can
 */
const gchar *
gst_im_aug_plan_get_problem (const GstImAugPlan * plan)
{
  return plan->problem;
}

static void
write_u64 (GString * out, guint64 v)
{
  /* JSON readers keep integers exactly up to 2^53 */
  if (v <= (G_GUINT64_CONSTANT (1) << 53))
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, v);
  else
    g_string_append_printf (out, "\"%" G_GUINT64_FORMAT "\"", v);
}

/**
 * gst_im_aug_plan_to_json:
 * @plan: a plan
 *
 * Writes @plan as one line of JSON: `{"seed": .., "frame": .., "copy": ..,
 * "input": [w, h], "output": [w, h], "applied": [{"transform": "Rotate",
 * "position": 2, "size": [w, h], "angle": 12.5, ...}, ...]}`, numbers
 * written so that they read back exactly. gst_im_aug_plan_new_from_json()
 * reads it back.
 *
 * Returns: (transfer full): the JSON text
 */
gchar *
gst_im_aug_plan_to_json (const GstImAugPlan * plan)
{
  GString *out = g_string_new ("{\"seed\":");
  const GstImAugStep *step;
  guint i, j, k, slot;

  write_u64 (out, plan->seed);
  g_string_append (out, ",\"frame\":");
  write_u64 (out, plan->frame_key);
  g_string_append_printf (out, ",\"copy\":%u,\"input\":[%u,%u],\"output\":"
      "[%u,%u],\"applied\":[", plan->copy, plan->in_w, plan->in_h,
      plan->out_w, plan->out_h);
  for (i = 0; i < plan->steps->len; i++) {
    step = &g_array_index (plan->steps, GstImAugStep, i);
    g_string_append_printf (out, "%s{\"transform\":\"%s\",\"position\":%u,"
        "\"size\":[%u,%u]", i ? "," : "", step->klass->name, step->position,
        step->out_w, step->out_h);
    for (j = 0, slot = 0; j < step->klass->n_applied; j++) {
      const GstImAugApplied *a = &step->klass->applied[j];

      g_string_append_printf (out, ",\"%s\":", a->name);
      if (a->n > 1)
        g_string_append_c (out, '[');
      for (k = 0; k < a->n; k++) {
        if (k)
          g_string_append_c (out, ',');
        gst_im_aug_number_write (step->v[slot + k], out);
      }
      if (a->n > 1)
        g_string_append_c (out, ']');
      slot += a->n;
    }
    g_string_append_c (out, '}');
  }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static gboolean
read_u64 (JsonObject * o, const gchar * name, guint64 * out)
{
  JsonNode *n = json_object_get_member (o, name);
  gchar *end;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  if (json_node_get_value_type (n) == G_TYPE_INT64) {
    *out = json_node_get_int (n);
    return json_node_get_int (n) >= 0;
  }
  if (json_node_get_value_type (n) != G_TYPE_STRING)
    return FALSE;
  *out = g_ascii_strtoull (json_node_get_string (n), &end, 10);
  return *end == '\0';
}

static gboolean
read_numbers (JsonObject * o, const gchar * name, guint n, gdouble * out)
{
  JsonNode *node = json_object_get_member (o, name), *e;
  JsonArray *a;
  guint i;

  if (node == NULL)
    return FALSE;
  if (n == 1 && JSON_NODE_HOLDS_VALUE (node)) {
    *out = json_node_get_double (node);
    return TRUE;
  }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  a = json_node_get_array (node);
  if (json_array_get_length (a) != n)
    return FALSE;
  for (i = 0; i < n; i++) {
    e = json_array_get_element (a, i);
    if (!JSON_NODE_HOLDS_VALUE (e))
      return FALSE;
    out[i] = json_node_get_double (e);
  }
  return TRUE;
}

static gboolean
read_step (const GstImAugPlan * plan, JsonNode * node, GstImAugStep * step,
    guint w, guint h, gchar ** problem)
{
  JsonObject *o;
  const gchar *name;
  gdouble size[2], position;
  guint j, slot;

  if (!JSON_NODE_HOLDS_OBJECT (node)) {
    *problem = g_strdup ("expected an object");
    return FALSE;
  }
  o = json_node_get_object (node);
  name = json_object_get_string_member_with_default (o, "transform", "");
  step->klass = gst_im_aug_class_find (name);
  if (step->klass == NULL) {
    *problem = g_strdup_printf ("unknown transform \"%s\"", name);
    return FALSE;
  }
  if (!read_numbers (o, "size", 2, size) || !(size[0] >= 1 && size[1] >= 1
          && size[0] <= GST_IM_REMAP_MAX_SIZE
          && size[1] <= GST_IM_REMAP_MAX_SIZE)
      || !read_numbers (o, "position", 1, &position)
      || !(position >= 0 && position <= GST_IM_DRAW_MAX_POSITION)) {
    *problem = g_strdup ("expected \"size\": [w, h] and \"position\"");
    return FALSE;
  }
  step->position = position;
  gst_im_draw_key_init (&step->key, plan->seed, plan->frame_key, plan->copy,
      step->position);
  step->in_w = w;
  step->in_h = h;
  step->out_w = size[0];
  step->out_h = size[1];
  for (j = 0, slot = 0; j < step->klass->n_applied; j++) {
    if (!read_numbers (o, step->klass->applied[j].name,
            step->klass->applied[j].n, step->v + slot)) {
      *problem = g_strdup_printf ("%s: expected \"%s\" (%u numbers)",
          name, step->klass->applied[j].name, step->klass->applied[j].n);
      return FALSE;
    }
    slot += step->klass->applied[j].n;
  }
  /* a plan from outside: every value a number the transforms can take */
  for (j = 0; j < slot; j++)
    if (!isfinite (step->v[j])) {
      *problem = g_strdup_printf ("%s: a value is not a finite number", name);
      return FALSE;
    }
  return TRUE;
}

/**
 * gst_im_aug_plan_new_from_json: (skip)
 * @json: a plan as gst_im_aug_plan_to_json() writes it (the augment meta's
 *   description, or a manifest's "augment" column)
 * @error: return location for a #GError
 *
 * Reads a plan back, to replay it: rendering it gives the same bytes as the
 * plan it was written from.
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with @error set
 */
GstImAugPlan *
gst_im_aug_plan_new_from_json (const gchar * json, GError ** error)
{
  JsonParser *parser = json_parser_new_immutable ();
  GstImAugPlan *plan = NULL;
  GstImAugStep step;
  JsonObject *o;
  JsonArray *applied;
  gdouble in[2], out[2], copy;
  gchar *problem = NULL;
  guint i;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
    problem = g_strdup ("not a JSON object");
    goto done;
  }
  o = json_node_get_object (json_parser_get_root (parser));
  plan = g_new0 (GstImAugPlan, 1);
  plan->steps = g_array_new (FALSE, FALSE, sizeof (GstImAugStep));
  if (!read_u64 (o, "seed", &plan->seed)
      || !read_u64 (o, "frame", &plan->frame_key)
      || !read_numbers (o, "copy", 1, &copy)
      || !read_numbers (o, "input", 2, in)
      || !read_numbers (o, "output", 2, out)
      || !json_object_has_member (o, "applied")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "applied"))) {
    problem = g_strdup ("expected seed, frame, copy, input, output and "
        "applied");
    goto done;
  }
  if (!(copy >= 0 && copy <= GST_IM_DRAW_MAX_COPY && copy == (guint) copy)
      || !(in[0] >= 1 && in[0] <= GST_IM_REMAP_MAX_SIZE && in[1] >= 1
          && in[1] <= GST_IM_REMAP_MAX_SIZE)
      || !(out[0] >= 1 && out[0] <= GST_IM_REMAP_MAX_SIZE && out[1] >= 1
          && out[1] <= GST_IM_REMAP_MAX_SIZE)) {
    problem = g_strdup ("copy, input or output out of range");
    goto done;
  }
  plan->copy = copy;
  plan->in_w = in[0];
  plan->in_h = in[1];
  plan->out_w = out[0];
  plan->out_h = out[1];
  applied = json_object_get_array_member (o, "applied");
  for (i = 0; i < json_array_get_length (applied); i++) {
    memset (&step, 0, sizeof (step));
    if (!read_step (plan, json_array_get_element (applied, i), &step,
            i ? g_array_index (plan->steps, GstImAugStep, i - 1).out_w :
            plan->in_w, i ? g_array_index (plan->steps, GstImAugStep,
                i - 1).out_h : plan->in_h, &problem)) {
      gchar *p = g_strdup_printf ("applied[%u]: %s", i, problem);

      g_free (problem);
      problem = p;
      goto done;
    }
    g_array_append_val (plan->steps, step);
  }
  i = plan->steps->len;
  if ((i ? g_array_index (plan->steps, GstImAugStep, i - 1).out_w :
          plan->in_w) != plan->out_w || (i ? g_array_index (plan->steps,
              GstImAugStep, i - 1).out_h : plan->in_h) != plan->out_h)
    problem = g_strdup ("the sizes of the steps do not lead to the output");

done:
  g_object_unref (parser);
  if (problem) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_PLAN,
        "augment plan: %s", problem);
    g_free (problem);
    gst_im_aug_plan_free (plan);
    return NULL;
  }
  return plan;
}
