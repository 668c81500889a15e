/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The transforms string: albumentations' Python spelling of a pipeline,
 * turned into the JSON that A.to_dict () would give, so that one reader
 * (gstimaugdesc.c) checks both, and a pipeline written back as its
 * canonical string. The grammar:
 *
 *   pipeline := [call {"," call}]                (a Compose of the calls)
 *   call     := NAME "(" [arg {"," arg}] ")"
 *   arg      := value | NAME "=" value           (a positional list is the
 *                                                 group's "transforms")
 *   value    := number | string | true | false | null | call
 *             | "[" [value {"," value}] "]" | "(" ... ")"
 *             | "{" [key ":" value {"," ...}] "}"
 *
 * Python's True, False and None are accepted too; strings take either
 * quote; keys may be bare names. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "gstimaug-private.h"

typedef struct
{
  const gchar *text, *p;
  GError **error;
} Parser;

static gboolean G_GNUC_PRINTF (2, 3)
syntax_error (Parser * ps, const gchar * format, ...)
{
  va_list args;
  gchar *what;

  if (*ps->error)
    return FALSE;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (ps->error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
      "transforms: at character %u: %s (near \"%.20s\")",
      (guint) (ps->p - ps->text) + 1, what, ps->p);
  g_free (what);
  return FALSE;
}

static void
skip_space (Parser * ps)
{
  while (g_ascii_isspace (*ps->p))
    ps->p++;
}

static gboolean
accept (Parser * ps, gchar c)
{
  skip_space (ps);
  if (*ps->p != c)
    return FALSE;
  ps->p++;
  return TRUE;
}

static gchar *
read_name (Parser * ps)
{
  const gchar *start;

  skip_space (ps);
  start = ps->p;
  while (g_ascii_isalnum (*ps->p) || *ps->p == '_' || *ps->p == '.')
    ps->p++;
  if (ps->p == start || g_ascii_isdigit (*start))
    return NULL;
  return g_strndup (start, ps->p - start);
}

static JsonNode *parse_value (Parser * ps);

static JsonNode *
parse_call (Parser * ps, gchar * name)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT), *v;
  const gchar *save;
  gchar *key;
  gboolean positional_done = FALSE;

  json_node_take_object (node, o);
  json_object_set_string_member (o, "__class_fullname__", name);
  g_free (name);
  if (accept (ps, ')'))
    return node;
  do {
    save = ps->p;
    key = read_name (ps);
    if (key && accept (ps, '=')) {
      positional_done = TRUE;
      if (json_object_has_member (o, key)) {
        syntax_error (ps, "\"%s\" given twice", key);
        g_free (key);
        goto failed;
      }
      v = parse_value (ps);
      if (v == NULL) {
        g_free (key);
        goto failed;
      }
      json_object_set_member (o, key, v);
      g_free (key);
      continue;
    }
    g_free (key);
    ps->p = save;
    if (positional_done || json_object_has_member (o, "transforms")) {
      syntax_error (ps, "only a group's list of transforms may come "
          "without a name, first");
      goto failed;
    }
    v = parse_value (ps);
    if (v == NULL)
      goto failed;
    if (!JSON_NODE_HOLDS_ARRAY (v)) {
      json_node_unref (v);
      syntax_error (ps, "expected name=value");
      goto failed;
    }
    json_object_set_member (o, "transforms", v);
    positional_done = TRUE;
  } while (accept (ps, ','));
  if (!accept (ps, ')')) {
    syntax_error (ps, "expected \",\" or \")\"");
    goto failed;
  }
  return node;

failed:
  json_node_unref (node);
  return NULL;
}

static JsonNode *
parse_list (Parser * ps, gchar close)
{
  JsonArray *a = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY), *v;

  json_node_take_array (node, a);
  if (accept (ps, close))
    return node;
  do {
    if ((v = parse_value (ps)) == NULL) {
      json_node_unref (node);
      return NULL;
    }
    json_array_add_element (a, v);
  } while (accept (ps, ','));
  if (!accept (ps, close)) {
    syntax_error (ps, "expected \",\" or \"%c\"", close);
    json_node_unref (node);
    return NULL;
  }
  return node;
}

static gchar *
parse_quoted (Parser * ps)
{
  gchar quote = *ps->p++;
  const gchar *start = ps->p;

  while (*ps->p && *ps->p != quote)
    ps->p++;
  if (*ps->p != quote) {
    syntax_error (ps, "unterminated string");
    return NULL;
  }
  return g_strndup (start, ps->p++ - start);
}

static JsonNode *
parse_object (Parser * ps)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT), *v;
  gchar *key;

  json_node_take_object (node, o);
  if (accept (ps, '}'))
    return node;
  do {
    skip_space (ps);
    key = *ps->p == '"' || *ps->p == '\'' ? parse_quoted (ps) : read_name (ps);
    if (key == NULL || !accept (ps, ':')) {
      syntax_error (ps, "expected key: value");
      g_free (key);
      json_node_unref (node);
      return NULL;
    }
    if ((v = parse_value (ps)) == NULL) {
      g_free (key);
      json_node_unref (node);
      return NULL;
    }
    json_object_set_member (o, key, v);
    g_free (key);
  } while (accept (ps, ','));
  if (!accept (ps, '}')) {
    syntax_error (ps, "expected \",\" or \"}\"");
    json_node_unref (node);
    return NULL;
  }
  return node;
}

static JsonNode *
parse_value (Parser * ps)
{
  JsonNode *node;
  gchar *name, *end, *s;
  gdouble d;
  gint64 i;

  skip_space (ps);
  if (accept (ps, '['))
    return parse_list (ps, ']');
  if (accept (ps, '('))
    return parse_list (ps, ')');
  if (accept (ps, '{'))
    return parse_object (ps);
  if (*ps->p == '"' || *ps->p == '\'') {
    if ((s = parse_quoted (ps)) == NULL)
      return NULL;
    node = json_node_new (JSON_NODE_VALUE);
    json_node_set_string (node, s);
    g_free (s);
    return node;
  }
  if (g_ascii_isdigit (*ps->p) || *ps->p == '-' || *ps->p == '+'
      || *ps->p == '.') {
    i = g_ascii_strtoll (ps->p, &end, 10);
    node = json_node_new (JSON_NODE_VALUE);
    if (end != ps->p && !strchr (".eE", *end)) {
      json_node_set_int (node, i);
    } else {
      d = g_ascii_strtod (ps->p, &end);
      if (end == ps->p) {
        json_node_unref (node);
        syntax_error (ps, "expected a value");
        return NULL;
      }
      json_node_set_double (node, d);
    }
    ps->p = end;
    return node;
  }
  name = read_name (ps);
  if (name == NULL) {
    syntax_error (ps, "expected a value");
    return NULL;
  }
  if (accept (ps, '('))
    return parse_call (ps, name);
  node = json_node_new (JSON_NODE_VALUE);
  if (!strcmp (name, "true") || !strcmp (name, "True"))
    json_node_set_boolean (node, TRUE);
  else if (!strcmp (name, "false") || !strcmp (name, "False"))
    json_node_set_boolean (node, FALSE);
  else if (!strcmp (name, "null") || !strcmp (name, "None"))
    json_node_init_null (node);
  else {
    json_node_unref (node);
    syntax_error (ps, "\"%s\" is not a value (strings take quotes)", name);
    g_free (name);
    return NULL;
  }
  g_free (name);
  return node;
}

/* The JSON of a transforms string: one call is that call; several (or
 * none) are the transforms of a Compose. */
JsonNode *
gst_im_aug_string_parse (const gchar * text, GError ** error)
{
  Parser ps = { text, text, error };
  JsonArray *list = json_array_new ();
  JsonObject *compose;
  JsonNode *node, *v;
  gchar *name;

  skip_space (&ps);
  while (*ps.p) {
    name = read_name (&ps);
    if (name == NULL || !accept (&ps, '(')) {
      syntax_error (&ps, "expected a transform, as Name(param=value, ...)");
      g_free (name);
      json_array_unref (list);
      return NULL;
    }
    if ((v = parse_call (&ps, name)) == NULL) {
      json_array_unref (list);
      return NULL;
    }
    json_array_add_element (list, v);
    if (!accept (&ps, ',')) {
      skip_space (&ps);
      if (*ps.p) {
        syntax_error (&ps, "expected \",\" between transforms");
        json_array_unref (list);
        return NULL;
      }
    }
  }
  if (json_array_get_length (list) == 1) {
    node = json_array_dup_element (list, 0);
    json_array_unref (list);
    return node;
  }
  compose = json_object_new ();
  json_object_set_string_member (compose, "__class_fullname__", "Compose");
  json_object_set_array_member (compose, "transforms", list);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, compose);
  return node;
}

/* Parameters equal to their 2.x default are left out, so the string is
 * short and the same whichever spelling or version it came from. */
static void
write_node (const GstImAugNode * node, GString * out)
{
  const GstImAugParamSpec *spec;
  guint i, slot = 0, n;
  gboolean first = TRUE;
  gdouble def[5];
  gchar *problem = NULL;
  JsonNode *json;
  static const gchar *const group_kind_names[] = {
    NULL, "Compose", "OneOf", "SomeOf", "Sequential", "OneOrOther"
  };

  if (node->kind != GST_IM_AUG_TRANSFORM) {
    g_string_append_printf (out, "%s([", group_kind_names[node->kind]);
    for (i = 0; i < node->children->len; i++) {
      if (i)
        g_string_append (out, ", ");
      write_node (g_ptr_array_index (node->children, i), out);
    }
    g_string_append (out, "]");
    if (node->kind == GST_IM_AUG_SOME_OF)
      g_string_append_printf (out, ", n=%d, replace=%s", node->n_max,
          node->replace ? "true" : "false");
    if (node->p != (node->kind == GST_IM_AUG_COMPOSE
            || node->kind == GST_IM_AUG_SOME_OF ? 1.0 : 0.5)) {
      g_string_append (out, ", p=");
      gst_im_aug_number_write (node->p, out);
    }
    g_string_append (out, ")");
    return;
  }

  g_string_append_printf (out, "%s(", node->klass->name);
  for (i = 0; i < node->klass->n_params; i++) {
    spec = &node->klass->params[i];
    n = gst_im_aug_param_slots (spec);
    json = spec->def ? json_from_string (spec->def, NULL) : NULL;
    if (json && gst_im_aug_param_read (spec, json, def, &problem)
        && memcmp (def, node->params + slot, n * sizeof (gdouble)) == 0) {
      json_node_unref (json);
      slot += n;
      continue;
    }
    g_clear_pointer (&problem, g_free);
    if (json)
      json_node_unref (json);
    g_string_append_printf (out, "%s%s=", first ? "" : ", ", spec->name);
    gst_im_aug_param_write (spec, node->params + slot, out);
    first = FALSE;
    slot += n;
  }
  if (node->p != (node->klass->default_p ? node->klass->default_p : 0.5)) {
    g_string_append_printf (out, "%sp=", first ? "" : ", ");
    gst_im_aug_number_write (node->p, out);
  }
  g_string_append (out, ")");
}

/**
 * gst_im_aug_pipeline_to_string:
 * @pipeline: a pipeline
 *
 * Writes @pipeline in the transforms grammar, canonically: a Compose with
 * p=1 as its bare list, parameters equal to albumentations 2.x's defaults
 * left out, ranges as explicit [min, max] pairs. It reads back as the same
 * pipeline.
 *
 * Returns: (transfer full): the transforms string
 */
gchar *
gst_im_aug_pipeline_to_string (const GstImAugPipeline * pipeline)
{
  GString *out = g_string_new (NULL);
  const GstImAugNode *root = pipeline->root;
  guint i;

  if (root->p != 1.0) {
    write_node (root, out);
    return g_string_free (out, FALSE);
  }
  for (i = 0; i < root->children->len; i++) {
    if (i)
      g_string_append (out, ", ");
    write_node (g_ptr_array_index (root->children, i), out);
  }
  return g_string_free (out, FALSE);
}
