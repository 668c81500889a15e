/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Reading an albumentations pipeline (its A.to_dict () JSON, or the
 * transforms string turned into the same JSON) into a checked tree, and
 * writing the tree back as the canonical transforms string. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"
#include "gstimdebug-private.h"

GST_IM_DEBUG_CATEGORY ("imaugment", "imagemill augment pipelines");

typedef struct
{
  const gchar *name;            /* the file, or "transforms" */
  gboolean v1_4;
  guint next_position;
  const gchar *root;            /* the path of the root Compose */
  gboolean has_box_params;      /* its bbox_params */
  GstImAugBoxFilter box_filter;
} LoadContext;

/* Keys of a transform that only masks, boxes or keypoints use. */
static const gchar *const transform_ignored[] = {
  "mask_value", "fill_mask", "mask_interpolation",
  "keypoint_remapping_method", "mask_pad_val", NULL
};

/* Keys of Compose with no meaning for augment's images (seed: augment has
 * its own, see docs/elements/augment.md). */
static const gchar *const compose_ignored[] = {
  "is_check_shapes", "strict", "seed", "save_applied_params",
  "mask_interpolation", NULL
};

static gboolean G_GNUC_PRINTF (4, 5)
fail (const LoadContext * ctx, const gchar * path, GError ** error,
    const gchar * format, ...)
{
  va_list args;
  gchar *what;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
      "%s: %s: %s", ctx->name, path, what);
  g_free (what);
  return FALSE;
}

static void
node_free (GstImAugNode * node)
{
  if (node == NULL)
    return;
  g_free (node->params);
  if (node->children)
    g_ptr_array_unref (node->children);
  g_free (node);
}

static const gchar *
class_short_name (const gchar * fullname)
{
  const gchar *dot = strrchr (fullname, '.');

  return dot ? dot + 1 : fullname;
}

static gboolean
in_list (const gchar * key, const gchar * const *list)
{
  return g_strv_contains (list, key);
}

static gboolean
read_probability (const LoadContext * ctx, const gchar * path,
    JsonObject * o, gdouble def, gdouble * p, GError ** error)
{
  JsonNode *n = json_object_get_member (o, "p");
  GType t;

  *p = def;
  if (n == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (n)) {
    t = json_node_get_value_type (n);
    if (t == G_TYPE_INT64 || t == G_TYPE_DOUBLE)
      *p = json_node_get_double (n);
  }
  if (!(JSON_NODE_HOLDS_VALUE (n) && *p >= 0 && *p <= 1))
    return fail (ctx, path, error, "\"p\": expected a number in [0, 1]");
  return TRUE;
}

static GstImAugNode *load_node (LoadContext * ctx, JsonNode * json,
    const gchar * path, GError ** error);

static gboolean
load_children (LoadContext * ctx, JsonObject * o, const gchar * path,
    GstImAugNode * node, GError ** error)
{
  JsonNode *list = json_object_get_member (o, "transforms");
  JsonArray *a;
  guint i;
  gchar *child_path;
  GstImAugNode *child;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return fail (ctx, path, error, "expected a \"transforms\" list");
  a = json_node_get_array (list);
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  for (i = 0; i < json_array_get_length (a); i++) {
    child_path = g_strdup_printf ("%s.transforms[%u]", path, i);
    child = load_node (ctx, json_array_get_element (a, i), child_path, error);
    g_free (child_path);
    if (child == NULL)
      return FALSE;
    g_ptr_array_add (node->children, child);
  }
  return TRUE;
}

/* The keys a group accepts besides __class_fullname__, p and transforms. */
static gboolean
check_group_keys (const LoadContext * ctx, JsonObject * o, const gchar * path,
    GstImAugNodeKind kind, GError ** error)
{
  GList *keys = json_object_get_members (o), *l;
  const gchar *key;
  JsonNode *v;
  gboolean ok = TRUE;

  for (l = keys; l && ok; l = l->next) {
    key = l->data;
    v = json_object_get_member (o, key);
    if (!strcmp (key, "__class_fullname__") || !strcmp (key, "p")
        || !strcmp (key, "transforms"))
      continue;
    if (kind == GST_IM_AUG_SOME_OF && (!strcmp (key, "n")
            || !strcmp (key, "replace")))
      continue;
    if (kind == GST_IM_AUG_COMPOSE && in_list (key, compose_ignored))
      continue;
    if (kind == GST_IM_AUG_COMPOSE && (!strcmp (key, "bbox_params")
            || !strcmp (key, "keypoint_params")) && JSON_NODE_HOLDS_NULL (v))
      continue;
    if (kind == GST_IM_AUG_COMPOSE && !strcmp (key, "bbox_params")
        && !strcmp (path, ctx->root))
      continue;
    if (kind == GST_IM_AUG_COMPOSE && !strcmp (key, "additional_targets")
        && JSON_NODE_HOLDS_OBJECT (v)
        && json_object_get_size (json_node_get_object (v)) == 0)
      continue;
    ok = fail (ctx, path, error, "\"%s\" is not supported here (a %s "
        "takes \"transforms\" and \"p\"%s)", key,
        kind == GST_IM_AUG_COMPOSE ? "Compose" : "group",
        kind == GST_IM_AUG_SOME_OF ? ", \"n\", \"replace\"" :
        kind == GST_IM_AUG_COMPOSE ? "; keypoint_params must be null, "
        "additional_targets empty, bbox_params only on the outer Compose" :
        "");
  }
  g_list_free (keys);
  return ok;
}

/* The outer Compose's bbox_params (check_group_keys () refuses others) */
static gboolean
read_box_params (LoadContext * ctx, JsonObject * o, const gchar * path,
    GError ** error)
{
  JsonNode *v = json_object_get_member (o, "bbox_params");
  gchar *problem = NULL;
  gboolean ok = strcmp (path, ctx->root) || v == NULL
      || JSON_NODE_HOLDS_NULL (v) || (ctx->has_box_params =
      gst_im_aug_box_params_read (v, &ctx->box_filter, &problem));

  if (!ok)
    fail (ctx, path, error, "\"bbox_params\": %s", problem);
  g_free (problem);
  return ok;
}

static GstImAugNode *
load_group (LoadContext * ctx, JsonObject * o, const gchar * path,
    GstImAugNodeKind kind, GError ** error)
{
  GstImAugNode *node = g_new0 (GstImAugNode, 1);
  JsonNode *v;
  gdouble def_p = kind == GST_IM_AUG_COMPOSE || kind == GST_IM_AUG_SOME_OF ?
      1.0 : 0.5;

  node->kind = kind;
  node->position = ctx->next_position++;
  if (!check_group_keys (ctx, o, path, kind, error)
      || !read_box_params (ctx, o, path, error)
      || !read_probability (ctx, path, o, def_p, &node->p, error)
      || !load_children (ctx, o, path, node, error))
    goto failed;
  if (kind == GST_IM_AUG_ONE_OR_OTHER && node->children->len != 2) {
    fail (ctx, path, error, "OneOrOther takes exactly 2 transforms, not %u",
        node->children->len);
    goto failed;
  }
  if (kind == GST_IM_AUG_SOME_OF) {
    node->n_min = node->n_max = 1;
    v = json_object_get_member (o, "n");
    if (v && !(JSON_NODE_HOLDS_VALUE (v)
            && json_node_get_value_type (v) == G_TYPE_INT64
            && json_node_get_int (v) >= 0 && json_node_get_int (v) <= 1000)) {
      fail (ctx, path, error, "\"n\": expected an integer in [0, 1000]");
      goto failed;
    }
    if (v)
      node->n_min = node->n_max = json_node_get_int (v);
    v = json_object_get_member (o, "replace");
    if (v && !(JSON_NODE_HOLDS_VALUE (v)
            && json_node_get_value_type (v) == G_TYPE_BOOLEAN)) {
      fail (ctx, path, error, "\"replace\": expected true or false");
      goto failed;
    }
    node->replace = v ? json_node_get_boolean (v) : FALSE;
    /* as albumentations does: without replacement, at most all of them */
    if (!node->replace)
      node->n_min = node->n_max = MIN ((guint) node->n_max,
          node->children->len);
  }
  return node;

failed:
  node_free (node);
  return NULL;
}

static gboolean
read_param (LoadContext * ctx, const gchar * path,
    const GstImAugParamSpec * spec, JsonNode * value, gdouble * slots,
    gboolean is_default, GError ** error)
{
  gchar *problem = NULL;

  if (gst_im_aug_param_read (spec, value, slots, &problem))
    return TRUE;
  fail (ctx, path, error, "%s\"%s\": %s", is_default ? "the default of " : "",
      spec->name, problem);
  g_free (problem);
  return FALSE;
}

static gchar *
accepted_names (const GstImAugClass * klass)
{
  GString *s = g_string_new ("p");
  guint i;

  for (i = 0; i < klass->n_params; i++)
    g_string_append_printf (s, ", %s", klass->params[i].name);
  return g_string_free (s, FALSE);
}

static GstImAugNode *
load_transform (LoadContext * ctx, JsonObject * original, const gchar * path,
    const GstImAugClass * klass, GError ** error)
{
  GstImAugNode *node = g_new0 (GstImAugNode, 1);
  JsonNode *value, *def;
  JsonObject *o = json_object_new ();
  GList *keys = json_object_get_members (original), *l;
  const GstImAugParamSpec *spec;
  const gchar *key, *problem;
  const gchar *const *alias;
  gchar *names;
  guint i, slot = 0;

  /* upgrades and the reading below remove members: work on a copy of the
   * object (its values are only read) */
  for (l = keys; l; l = l->next)
    json_object_set_member (o, l->data, json_node_copy
        (json_object_get_member (original, l->data)));
  g_clear_pointer (&keys, g_list_free);

  node->kind = GST_IM_AUG_TRANSFORM;
  node->klass = klass;
  node->position = ctx->next_position++;
  node->params = g_new0 (gdouble, gst_im_aug_class_n_slots (klass));
  if (!read_probability (ctx, path, o, klass->default_p ? klass->default_p :
          0.5, &node->p, error))
    goto failed;
  value = json_object_get_member (o, "always_apply");
  if (value && JSON_NODE_HOLDS_VALUE (value)
      && json_node_get_value_type (value) == G_TYPE_BOOLEAN) {
    if (json_node_get_boolean (value))
      node->p = 1.0;
    json_object_remove_member (o, "always_apply");
  }
  if (klass->upgrade && !klass->upgrade (o, error)) {
    g_prefix_error (error, "%s: %s: ", ctx->name, path);
    goto failed;
  }

  for (i = 0; i < klass->n_params; i++) {
    spec = &klass->params[i];
    key = spec->name;
    for (alias = spec->aliases; alias && *alias
        && !json_object_has_member (o, key); alias++)
      key = *alias;
    if (!json_object_has_member (o, key))
      key = spec->name;
    value = json_object_get_member (o, key);
    if (value) {
      if (!read_param (ctx, path, spec, value, node->params + slot, FALSE,
              error))
        goto failed;
      json_object_remove_member (o, key);
    } else if (spec->def == NULL) {
      fail (ctx, path, error, "\"%s\" is required", spec->name);
      goto failed;
    } else {
      def = json_from_string (ctx->v1_4 && spec->def_1_4 ? spec->def_1_4 :
          spec->def, NULL);
      g_assert (def != NULL);
      if (!read_param (ctx, path, spec, def, node->params + slot, TRUE,
              error)) {
        json_node_unref (def);
        goto failed;
      }
      json_node_unref (def);
    }
    slot += gst_im_aug_param_slots (spec);
  }

  keys = json_object_get_members (o);
  for (l = keys; l; l = l->next) {
    key = l->data;
    if (!strcmp (key, "__class_fullname__") || !strcmp (key, "p")
        || in_list (key, transform_ignored))
      continue;
    names = accepted_names (klass);
    fail (ctx, path, error, "%s has no parameter \"%s\" (it takes %s)",
        klass->name, key, names);
    g_free (names);
    goto failed;
  }
  if (klass->check && (problem = klass->check (node->params))) {
    fail (ctx, path, error, "%s: %s", klass->name, problem);
    goto failed;
  }
  g_list_free (keys);
  json_object_unref (o);
  return node;

failed:
  g_list_free (keys);
  json_object_unref (o);
  node_free (node);
  return NULL;
}

static const struct
{
  const gchar *name;
  GstImAugNodeKind kind;
} group_names[] = {
  {"Compose", GST_IM_AUG_COMPOSE},
  {"OneOf", GST_IM_AUG_ONE_OF},
  {"SomeOf", GST_IM_AUG_SOME_OF},
  {"Sequential", GST_IM_AUG_SEQUENTIAL},
  {"OneOrOther", GST_IM_AUG_ONE_OR_OTHER},
};

static GstImAugNode *
load_node (LoadContext * ctx, JsonNode * json, const gchar * path,
    GError ** error)
{
  JsonObject *o;
  JsonNode *name_node;
  const gchar *name;
  const GstImAugClass *klass;
  guint i;

  if (!JSON_NODE_HOLDS_OBJECT (json)) {
    fail (ctx, path, error, "expected a transform object");
    return NULL;
  }
  o = json_node_get_object (json);
  name_node = json_object_get_member (o, "__class_fullname__");
  if (name_node == NULL || !JSON_NODE_HOLDS_VALUE (name_node)
      || json_node_get_value_type (name_node) != G_TYPE_STRING) {
    fail (ctx, path, error, "expected \"__class_fullname__\", a string");
    return NULL;
  }
  name = class_short_name (json_node_get_string (name_node));
  for (i = 0; i < G_N_ELEMENTS (group_names); i++)
    if (!strcmp (name, group_names[i].name))
      return load_group (ctx, o, path, group_names[i].kind, error);
  klass = gst_im_aug_class_find (name);
  if (klass == NULL) {
    fail (ctx, path, error, "unknown transform \"%s\" (augment knows the "
        "spatial transforms listed in docs/elements/augment.md)",
        json_node_get_string (name_node));
    return NULL;
  }
  return load_transform (ctx, o, path, klass, error);
}

static GstImAugPipeline *
pipeline_from_json (JsonNode * root, const gchar * name, gboolean from_string,
    GError ** error)
{
  LoadContext ctx = { name, FALSE, 0, "$" };
  GstImAugPipeline *pipeline;
  GstImAugNode *node;
  JsonObject *o;
  JsonNode *version, *transform;
  const gchar *path = "$";

  if (from_string) {
    transform = root;
  } else {
    if (!JSON_NODE_HOLDS_OBJECT (root)) {
      fail (&ctx, "$", error, "expected an object with \"__version__\" and "
          "\"transform\", as albumentations' save () writes it");
      return NULL;
    }
    o = json_node_get_object (root);
    version = json_object_get_member (o, "__version__");
    transform = json_object_get_member (o, "transform");
    if (version == NULL || !JSON_NODE_HOLDS_VALUE (version)
        || json_node_get_value_type (version) != G_TYPE_STRING
        || transform == NULL || json_object_get_size (o) != 2) {
      fail (&ctx, "$", error, "expected exactly \"__version__\" (a string) "
          "and \"transform\", as albumentations' save () writes them");
      return NULL;
    }
    if (g_str_has_prefix (json_node_get_string (version), "1."))
      ctx.v1_4 = TRUE;
    else if (!g_str_has_prefix (json_node_get_string (version), "2.")) {
      fail (&ctx, "$.__version__", error, "\"%s\": augment reads the "
          "pipelines of albumentations 1.x and 2.x",
          json_node_get_string (version));
      return NULL;
    }
    path = ctx.root = "$.transform";
  }
  node = load_node (&ctx, transform, path, error);
  if (node == NULL)
    return NULL;
  if (node->kind != GST_IM_AUG_COMPOSE) {
    /* a bare transform or group: as Compose ([it]) */
    GstImAugNode *compose = g_new0 (GstImAugNode, 1);

    compose->kind = GST_IM_AUG_COMPOSE;
    compose->p = 1.0;
    compose->position = ctx.next_position++;
    compose->children =
        g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
    g_ptr_array_add (compose->children, node);
    node = compose;
  }
  pipeline = g_new0 (GstImAugPipeline, 1);
  pipeline->ref_count = 1;
  pipeline->root = node;
  pipeline->v1_4 = ctx.v1_4;
  pipeline->n_positions = ctx.next_position;
  pipeline->has_box_params = ctx.has_box_params;
  pipeline->box_filter = ctx.box_filter;
  if (ctx.next_position > GST_IM_DRAW_MAX_POSITION) {
    gst_im_aug_pipeline_unref (pipeline);
    fail (&ctx, "$", error, "more than %u transforms",
        GST_IM_DRAW_MAX_POSITION);
    return NULL;
  }
  return pipeline;
}

/**
 * gst_im_aug_pipeline_new_from_data: (skip)
 * @json: an albumentations pipeline as A.to_dict () gives it
 * @length: bytes of @json, or -1 if it is NUL-terminated
 * @name: what to call the description in errors (its file name)
 * @error: return location for a #GError
 *
 * Reads a serialized albumentations pipeline: `{"__version__": ...,
 * "transform": {"__class_fullname__": "Compose", ...}}`. Parameter names of
 * albumentations 1.4 and 2.x are both accepted; defaults are those of the
 * version named in `__version__`.
 *
 * Returns: (transfer full) (nullable): the pipeline, or %NULL with @error
 *   naming @name, the JSON path of the node at fault and what it accepts
 */
GstImAugPipeline *
gst_im_aug_pipeline_new_from_data (const gchar * json, gssize length,
    const gchar * name, GError ** error)
{
  JsonParser *parser = json_parser_new_immutable ();
  GstImAugPipeline *pipeline = NULL;
  GError *err = NULL;

  g_return_val_if_fail (json != NULL && name != NULL, NULL);

  if (json_parser_load_from_data (parser, json, length, &err))
    pipeline = pipeline_from_json (json_parser_get_root (parser), name,
        FALSE, error);
  else {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
        "%s: not valid JSON: %s", name, err->message);
    g_error_free (err);
  }
  g_object_unref (parser);
  return pipeline;
}

/**
 * gst_im_aug_pipeline_new_from_file: (skip)
 * @path: a file written by albumentations' A.save (transform, path)
 * @error: return location for a #GError
 *
 * Reads a pipeline from a JSON file, as gst_im_aug_pipeline_new_from_data().
 *
 * Returns: (transfer full) (nullable): the pipeline, or %NULL with @error
 */
GstImAugPipeline *
gst_im_aug_pipeline_new_from_file (const gchar * path, GError ** error)
{
  gchar *data = NULL;
  gsize length;
  GstImAugPipeline *pipeline;
  GError *err = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, &err)) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
        "%s: %s", path, err->message);
    g_error_free (err);
    return NULL;
  }
  pipeline = gst_im_aug_pipeline_new_from_data (data, length, path, error);
  g_free (data);
  return pipeline;
}

/**
 * gst_im_aug_pipeline_new_from_string: (skip)
 * @transforms: a pipeline in augment's transforms grammar, e.g.
 *   `HorizontalFlip(p=0.5), OneOf([Rotate(limit=30), Affine(scale=[0.9,
 *   1.1])], p=0.8)` (see docs/elements/augment.md)
 * @error: return location for a #GError
 *
 * Reads a pipeline from a transforms string: the class and parameter names
 * of the JSON, with albumentations 2.x defaults.
 *
 * Returns: (transfer full) (nullable): the pipeline, or %NULL with @error
 */
GstImAugPipeline *
gst_im_aug_pipeline_new_from_string (const gchar * transforms, GError ** error)
{
  JsonNode *root;
  GstImAugPipeline *pipeline;

  g_return_val_if_fail (transforms != NULL, NULL);

  root = gst_im_aug_string_parse (transforms, error);
  if (root == NULL)
    return NULL;
  pipeline = pipeline_from_json (root, "transforms", TRUE, error);
  json_node_unref (root);
  return pipeline;
}

/**
 * gst_im_aug_pipeline_ref: (skip)
 * @pipeline: a pipeline
 *
 * Returns: @pipeline, one more reference
 */
GstImAugPipeline *
gst_im_aug_pipeline_ref (GstImAugPipeline * pipeline)
{
  g_return_val_if_fail (pipeline != NULL, NULL);
  g_atomic_int_inc (&pipeline->ref_count);
  return pipeline;
}

void
gst_im_aug_pipeline_unref (GstImAugPipeline * pipeline)
{
  g_return_if_fail (pipeline != NULL);
  if (!g_atomic_int_dec_and_test (&pipeline->ref_count))
    return;
  node_free (pipeline->root);
  g_free (pipeline);
}
