/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The summary at the end of a run: items in, outputs, what was skipped
 * and why, errors, bytes, wall time and rate; as text for a person or one
 * JSON object (--json) for a script.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <json-glib/json-glib.h>

#include "im-tool.h"

/* skipped items named in the text summary; --json names them all */
#define TEXT_MAX_SKIPS 10

static gdouble
wall_seconds (const ImTally * tally)
{
  return (tally->t_end - tally->t_start) / (gdouble) G_TIME_SPAN_SECOND;
}

static gdouble
images_per_second (const ImTally * tally)
{
  gdouble t = wall_seconds (tally);

  return t > 0 ? tally->written / t : 0;
}

/* Prints what @b built as one line of JSON on stdout, and frees @b. */
void
im_print_json (JsonBuilder * b)
{
  JsonNode *root = json_builder_get_root (b);
  gchar *text = json_to_string (root, FALSE);

  printf ("%s\n", text);
  g_free (text);
  json_node_unref (root);
  g_object_unref (b);
}

static void
print_json (const ImTally * tally, const gchar * command)
{
  JsonBuilder *b = json_builder_new ();
  guint i;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, command);
  json_builder_set_member_name (b, "exit_code");
  json_builder_add_int_value (b, im_tally_exit_code (tally));
  json_builder_set_member_name (b, "interrupted");
  json_builder_add_boolean_value (b, tally->interrupted);
  json_builder_set_member_name (b, "items_in");
  json_builder_add_int_value (b, tally->items_in);
  json_builder_set_member_name (b, "outputs");
  json_builder_add_int_value (b, im_tally_outputs (tally));
  json_builder_set_member_name (b, "written");
  json_builder_add_int_value (b, tally->written);
  json_builder_set_member_name (b, "existing");
  json_builder_add_int_value (b, tally->existing);
  json_builder_set_member_name (b, "skipped");
  json_builder_add_int_value (b, tally->n_skipped);
  json_builder_set_member_name (b, "skipped_items");
  json_builder_begin_array (b);
  for (i = 0; i < tally->skips->len; i++) {
    const ImSkip *skip = g_ptr_array_index (tally->skips, i);

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "path");
    if (skip->path)
      json_builder_add_string_value (b, skip->path);
    else
      json_builder_add_null_value (b);
    json_builder_set_member_name (b, "reason");
    json_builder_add_string_value (b, skip->reason);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (i = 0; i < tally->errors->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (tally->errors, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "bytes_written");
  json_builder_add_int_value (b, tally->bytes_written);
  json_builder_set_member_name (b, "wall_seconds");
  json_builder_add_double_value (b, wall_seconds (tally));
  json_builder_set_member_name (b, "images_per_second");
  json_builder_add_double_value (b, images_per_second (tally));
  json_builder_end_object (b);
  im_print_json (b);
}

static void
print_text (const ImTally * tally, const gchar * command)
{
  guint i, n = MIN (tally->skips->len, TEXT_MAX_SKIPS);

  printf ("imagemill %s: %" G_GUINT64_FORMAT " items in, %" G_GUINT64_FORMAT
      " outputs written", command, tally->items_in, tally->written);
  if (tally->existing)
    printf (" (+%" G_GUINT64_FORMAT " already there)", tally->existing);
  printf (", %" G_GUINT64_FORMAT " skipped, %u errors%s\n",
      tally->n_skipped, tally->errors->len,
      tally->interrupted ? " (interrupted)" : "");
  printf ("  %.1f MB written in %.2f s: %.1f images/s\n",
      tally->bytes_written / 1e6, wall_seconds (tally),
      images_per_second (tally));
  for (i = 0; i < n; i++) {
    const ImSkip *skip = g_ptr_array_index (tally->skips, i);

    if (skip->path)
      printf ("  skipped \"%s\": %s\n", skip->path, skip->reason);
    else
      printf ("  skipped: %s\n", skip->reason);
  }
  if (tally->n_skipped > n)
    printf ("  ... and %" G_GUINT64_FORMAT " more skipped (--json lists "
        "them)\n", tally->n_skipped - n);
}

void
im_summary_print (const ImTally * tally, const gchar * command,
    gboolean json, gboolean quiet)
{
  guint i;

  /* errors always reach stderr, whatever else is asked */
  for (i = 0; i < tally->errors->len; i++)
    fprintf (stderr, "imagemill %s: error: %s\n", command,
        (const gchar *) g_ptr_array_index (tally->errors, i));
  if (json)
    print_json (tally, command);
  else if (!quiet)
    print_text (tally, command);
  fflush (stdout);
}
