/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Reading and writing one parameter of a transform: the shapes
 * albumentations accepts (a number, a pair, an {"x", "y"} object, a fill
 * per channel) turned into a fixed number of doubles, and back into the
 * canonical text of the transforms string. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include "gstimaug-private.h"

guint
gst_im_aug_param_slots (const GstImAugParamSpec * spec)
{
  switch (spec->type) {
    case GST_IM_AUG_RANGE:
    case GST_IM_AUG_INT_RANGE:
    case GST_IM_AUG_SIZE:
    case GST_IM_AUG_SIZE_OR_INT:
      return 2;
    case GST_IM_AUG_XY_RANGE:
      return 4;
    case GST_IM_AUG_FILL:
      return 5;
    default:
      return 1;
  }
}

static gboolean
is_integer (gdouble v)
{
  return isfinite (v) && v == floor (v);
}

/* A JSON number (or a boolean, as Python's int subclass). */
static gboolean
read_number (JsonNode * node, gdouble * out)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (t == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

/* A number or a list of exactly @n numbers. */
static gboolean
read_numbers (JsonNode * node, guint n, gdouble * out)
{
  JsonArray *a;
  guint i;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  a = json_node_get_array (node);
  if (json_array_get_length (a) != n)
    return FALSE;
  for (i = 0; i < n; i++)
    if (!read_number (json_array_get_element (a, i), &out[i]))
      return FALSE;
  return TRUE;
}

static gboolean
read_range (const GstImAugParamSpec * spec, JsonNode * node, gdouble * out)
{
  gdouble x;

  if (read_number (node, &x)) {
    switch (spec->expand) {
      case GST_IM_AUG_EXPAND_SYMMETRIC:
        out[0] = -fabs (x);
        out[1] = fabs (x);
        break;
      case GST_IM_AUG_EXPAND_FROM_ZERO:
        out[0] = MIN (0, x);
        out[1] = MAX (0, x);
        break;
      case GST_IM_AUG_EXPAND_FROM_ONE:
        out[0] = MIN (1, x);
        out[1] = MAX (1, x);
        break;
      default:
        out[0] = out[1] = x;
    }
  } else if (!read_numbers (node, 2, out)) {
    return FALSE;
  } else if (out[0] > out[1]) {
    /* albumentations sorts a pair */
    x = out[0];
    out[0] = out[1];
    out[1] = x;
  }
  if (spec->flags & GST_IM_AUG_BIAS_ONE) {
    out[0] += 1.0;
    out[1] += 1.0;
  }
  return TRUE;
}

static gboolean
in_bounds (const GstImAugParamSpec * spec, const gdouble * v, guint n)
{
  guint i;

  for (i = 0; i < n; i++) {
    if (isnan (v[i]) && (spec->flags & GST_IM_AUG_NULLABLE))
      continue;
    if (!(v[i] >= spec->min && v[i] <= spec->max))
      return FALSE;
  }
  return TRUE;
}

static const gchar *
shape_of (const GstImAugParamSpec * spec)
{
  switch (spec->type) {
    case GST_IM_AUG_NUMBER:
      return "a number";
    case GST_IM_AUG_INT:
      return "an integer";
    case GST_IM_AUG_BOOL:
      return "true or false";
    case GST_IM_AUG_RANGE:
      return "a number or a list [min, max]";
    case GST_IM_AUG_INT_RANGE:
      return "an integer or a list [min, max] of integers";
    case GST_IM_AUG_FLAG:
    case GST_IM_AUG_CHOICE:
      return "one of";
    case GST_IM_AUG_FILL:
      return "a number or a list of 1 to 4 numbers (one per channel)";
    case GST_IM_AUG_XY_RANGE:
      return "a number, a list [min, max] or an object {\"x\": .., \"y\": ..}";
    case GST_IM_AUG_SIZE:
      return "a list [height, width] of positive integers";
    case GST_IM_AUG_SIZE_OR_INT:
      return "a positive integer or a list [height, width]";
  }
  return "";
}

static gchar *
describe_expected (const GstImAugParamSpec * spec)
{
  GString *s = g_string_new (shape_of (spec));
  guint i;

  if (spec->choices) {
    for (i = 0; spec->choices[i]; i++)
      g_string_append_printf (s, "%s%s%s%s", i ? ", " : " ",
          spec->type == GST_IM_AUG_CHOICE ? "\"" : "", spec->choices[i],
          spec->type == GST_IM_AUG_CHOICE ? "\"" : "");
  } else if (spec->type != GST_IM_AUG_BOOL) {
    g_string_append (s, ", each in [");
    gst_im_aug_number_write (spec->min, s);
    g_string_append (s, ", ");
    gst_im_aug_number_write (spec->max, s);
    g_string_append_c (s, ']');
  }
  if (spec->flags & GST_IM_AUG_NULLABLE)
    g_string_append (s, ", or null");
  return g_string_free (s, FALSE);
}

static gboolean
read_value (const GstImAugParamSpec * spec, JsonNode * node, gdouble * out)
{
  guint i, n;
  gdouble x;
  JsonArray *a;
  JsonObject *o;

  if (JSON_NODE_HOLDS_NULL (node) && (spec->flags & GST_IM_AUG_NULLABLE)) {
    for (i = 0; i < gst_im_aug_param_slots (spec); i++)
      out[i] = NAN;
    return TRUE;
  }
  switch (spec->type) {
    case GST_IM_AUG_NUMBER:
      return read_number (node, out) && in_bounds (spec, out, 1);
    case GST_IM_AUG_INT:
      return read_number (node, out) && is_integer (*out)
          && in_bounds (spec, out, 1);
    case GST_IM_AUG_BOOL:
      if (!JSON_NODE_HOLDS_VALUE (node)
          || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return FALSE;
      *out = json_node_get_boolean (node);
      return TRUE;
    case GST_IM_AUG_RANGE:
      return read_range (spec, node, out) && out[0] <= out[1]
          && in_bounds (spec, out, 2);
    case GST_IM_AUG_INT_RANGE:
      return read_range (spec, node, out) && is_integer (out[0])
          && is_integer (out[1]) && out[0] <= out[1]
          && in_bounds (spec, out, 2);
    case GST_IM_AUG_FLAG:
      if (!read_number (node, &x) || !is_integer (x))
        return FALSE;
      for (i = 0; spec->choices[i]; i++)
        if (x == g_ascii_strtod (spec->choices[i], NULL)) {
          *out = x;
          return TRUE;
        }
      return FALSE;
    case GST_IM_AUG_CHOICE:
      if (!JSON_NODE_HOLDS_VALUE (node)
          || json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      for (i = 0; spec->choices[i]; i++)
        if (g_strcmp0 (json_node_get_string (node), spec->choices[i]) == 0) {
          *out = i;
          return TRUE;
        }
      return FALSE;
    case GST_IM_AUG_FILL:
      if (read_number (node, &out[1])) {
        out[0] = 1;
      } else if (JSON_NODE_HOLDS_ARRAY (node)) {
        a = json_node_get_array (node);
        n = json_array_get_length (a);
        if (n < 1 || n > 4)
          return FALSE;
        for (i = 0; i < n; i++)
          if (!read_number (json_array_get_element (a, i), &out[1 + i]))
            return FALSE;
        out[0] = n;
        /* a list leaves the other channels 0, as OpenCV's Scalar */
        for (i = n; i < 4; i++)
          out[1 + i] = 0;
      } else {
        return FALSE;
      }
      /* one number fills every channel */
      if (out[0] == 1)
        out[2] = out[3] = out[4] = out[1];
      return in_bounds (spec, out + 1, 4);
    case GST_IM_AUG_XY_RANGE:
      if (JSON_NODE_HOLDS_OBJECT (node)) {
        o = json_node_get_object (node);
        /* as albumentations: an axis left out takes spec->missing */
        n = json_object_has_member (o, "x") + json_object_has_member (o, "y");
        if (n == 0 || json_object_get_size (o) != n)
          return FALSE;
        out[0] = out[1] = out[2] = out[3] = spec->missing;
        if (json_object_has_member (o, "x")
            && !read_range (spec, json_object_get_member (o, "x"), out))
          return FALSE;
        if (json_object_has_member (o, "y")
            && !read_range (spec, json_object_get_member (o, "y"), out + 2))
          return FALSE;
      } else {
        if (!read_range (spec, node, out))
          return FALSE;
        out[2] = out[0];
        out[3] = out[1];
      }
      return out[0] <= out[1] && out[2] <= out[3] && in_bounds (spec, out, 4);
    case GST_IM_AUG_SIZE:
      return read_numbers (node, 2, out) && is_integer (out[0])
          && is_integer (out[1]) && in_bounds (spec, out, 2);
    case GST_IM_AUG_SIZE_OR_INT:
      if (read_number (node, &out[0])) {
        out[1] = NAN;
        return is_integer (out[0]) && in_bounds (spec, out, 1);
      }
      return read_numbers (node, 2, out) && is_integer (out[0])
          && is_integer (out[1]) && in_bounds (spec, out, 2);
  }
  return FALSE;
}

/* Reads @node into @slots by @spec; on failure *@problem says what is
 * accepted. */
gboolean
gst_im_aug_param_read (const GstImAugParamSpec * spec, JsonNode * node,
    gdouble * slots, gchar ** problem)
{
  gchar *expected;

  if (read_value (spec, node, slots))
    return TRUE;
  expected = describe_expected (spec);
  *problem = g_strdup_printf ("expected %s", expected);
  g_free (expected);
  return FALSE;
}

/* The shortest text t for which strtod (t) + @bias reads back as @slot
 * (bias: the 1.0 a BIAS_ONE range was given around); -0 is written as 0,
 * which JSON readers take for an integer anyway. */
static void
write_biased (gdouble slot, gdouble bias, GString * out)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE], format[8];
  gdouble value = slot - bias;
  guint digits;

  if (isinf (value)) {
    g_string_append (out, value > 0 ? "1e999" : "-1e999");
    return;
  }
  if (is_integer (value) && fabs (value) < 1e15) {
    g_string_append_printf (out, "%.0f", value == 0 ? 0.0 : value);
    return;
  }
  /* g_ascii_dtostr () always writes 17 digits (0.9 as 0.90000000000000002):
   * take the fewest of 15..17 that read back exactly */
  for (digits = 15; digits <= 17; digits++) {
    g_snprintf (format, sizeof (format), "%%.%ug", digits);
    g_ascii_formatd (buf, sizeof (buf), format, value);
    if (g_ascii_strtod (buf, NULL) + bias == slot)
      break;
  }
  if (digits > 17)
    g_ascii_dtostr (buf, sizeof (buf), value);
  g_string_append (out, buf);
}

/* The shortest text that reads back as the same double. */
void
gst_im_aug_number_write (gdouble value, GString * out)
{
  write_biased (value, 0.0, out);
}

static void
write_pair (const gdouble * v, gdouble bias, GString * out)
{
  g_string_append_c (out, '[');
  write_biased (v[0], bias, out);
  g_string_append (out, ", ");
  write_biased (v[1], bias, out);
  g_string_append_c (out, ']');
}

/* Writes @slots in the canonical form: the one that reads back the same
 * slots (ranges as explicit pairs, bias removed). Also valid JSON. */
void
gst_im_aug_param_write (const GstImAugParamSpec * spec, const gdouble * slots,
    GString * out)
{
  guint i;

  if (isnan (slots[0]) && (spec->flags & GST_IM_AUG_NULLABLE)) {
    g_string_append (out, "null");
    return;
  }
  switch (spec->type) {
    case GST_IM_AUG_BOOL:
      g_string_append (out, slots[0] ? "true" : "false");
      break;
    case GST_IM_AUG_CHOICE:
      g_string_append_printf (out, "\"%s\"", spec->choices[(gint) slots[0]]);
      break;
    case GST_IM_AUG_RANGE:
    case GST_IM_AUG_INT_RANGE:
    case GST_IM_AUG_XY_RANGE:
      /* a pair is never expanded, so only the bias is undone */
      for (i = 0; i < (spec->type == GST_IM_AUG_XY_RANGE ? 2u : 1u); i++) {
        if (spec->type == GST_IM_AUG_XY_RANGE)
          g_string_append (out, i == 0 ? "{\"x\": " : ", \"y\": ");
        write_pair (slots + 2 * i, spec->flags & GST_IM_AUG_BIAS_ONE ? 1.0 :
            0.0, out);
      }
      if (spec->type == GST_IM_AUG_XY_RANGE)
        g_string_append_c (out, '}');
      break;
    case GST_IM_AUG_FILL:
      if (slots[0] == 1) {
        gst_im_aug_number_write (slots[1], out);
        break;
      }
      g_string_append_c (out, '[');
      for (i = 0; i < slots[0]; i++) {
        if (i)
          g_string_append (out, ", ");
        gst_im_aug_number_write (slots[1 + i], out);
      }
      g_string_append_c (out, ']');
      break;
    case GST_IM_AUG_SIZE:
      write_pair (slots, 0.0, out);
      break;
    case GST_IM_AUG_SIZE_OR_INT:
      if (isnan (slots[1]))
        gst_im_aug_number_write (slots[0], out);
      else
        write_pair (slots, 0.0, out);
      break;
    default:
      gst_im_aug_number_write (slots[0], out);
  }
}
