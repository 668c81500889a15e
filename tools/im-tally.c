/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What the pipeline did, counted from its bus messages only: the
 * dataset-src-progress messages (items in, read, skipped), queue-saver's
 * queue-saver-file messages (files and bytes), and the warnings that the
 * elements' on-error=skip posts ("Skipped "a/b.jpg" (item 3): reason").
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "im-tool.h"

static void
skip_free (gpointer data)
{
  ImSkip *skip = data;

  g_free (skip->path);
  g_free (skip->reason);
  g_free (skip);
}

void
im_tally_init (ImTally * tally)
{
  memset (tally, 0, sizeof (*tally));
  tally->copies = 1;
  tally->skips = g_ptr_array_new_with_free_func (skip_free);
  tally->errors = g_ptr_array_new_with_free_func (g_free);
}

void
im_tally_clear (ImTally * tally)
{
  g_ptr_array_unref (tally->skips);
  g_ptr_array_unref (tally->errors);
}

/* "Skipped "PATH" (item N): REASON", the one wording of GstImReporter;
 * anything else keeps its whole text as the reason. */
static ImSkip *
parse_skip (const gchar * text)
{
  ImSkip *skip = g_new0 (ImSkip, 1);
  const gchar *start = text + strlen ("Skipped ");
  const gchar *end = NULL, *reason;

  if (start[0] == '"')
    end = strstr (start + 1, "\" (item ");
  if (end && (reason = strstr (end, "): "))) {
    skip->path = g_strndup (start + 1, end - start - 1);
    skip->reason = g_strdup (reason + 3);
  } else {
    skip->reason = g_strdup (text);
  }
  return skip;
}

static void
add_warning (ImTally * tally, GstMessage * msg)
{
  GError *err = NULL;

  gst_message_parse_warning (msg, &err, NULL);
  if (g_str_has_prefix (err->message, "Skipped ")) {
    tally->n_skipped++;
    if (tally->skips->len < IM_TALLY_MAX_SKIPS)
      g_ptr_array_add (tally->skips, parse_skip (err->message));
  }
  g_error_free (err);
}

static void
add_error (ImTally * tally, GstMessage * msg)
{
  GError *err = NULL;
  gchar *debug = NULL;

  gst_message_parse_error (msg, &err, &debug);
  g_ptr_array_add (tally->errors, g_strdup (err->message));
  g_error_free (err);
  g_free (debug);
}

static guint64
get_u64 (const GstStructure * s, const gchar * field)
{
  guint64 v = 0;

  gst_structure_get_uint64 (s, field, &v);
  return v;
}

static void
add_element (ImTally * tally, GstMessage * msg)
{
  const GstStructure *s = gst_message_get_structure (msg);

  if (gst_structure_has_name (s, "dataset-src-progress")) {
    tally->has_source = TRUE;
    tally->items_in = get_u64 (s, "total-items");
    tally->items_read = get_u64 (s, "done-items");
    tally->src_skipped = get_u64 (s, "skipped");
  } else if (gst_structure_has_name (s, "queue-saver-file")) {
    const gchar *status = gst_structure_get_string (s, "status");

    tally->files++;
    if (g_strcmp0 (status, "existing") == 0) {
      tally->existing++;
    } else {
      tally->written++;
      tally->bytes_written += get_u64 (s, "bytes");
    }
  }
}

/* Returns: whether @msg changed the tally */
gboolean
im_tally_message (ImTally * tally, GstMessage * msg)
{
  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ELEMENT:
      add_element (tally, msg);
      return TRUE;
    case GST_MESSAGE_WARNING:
      add_warning (tally, msg);
      return TRUE;
    case GST_MESSAGE_ERROR:
      add_error (tally, msg);
      return TRUE;
    default:
      return FALSE;
  }
}

/* Items handled so far: by the files saved when there is a saver (an
 * item read is not yet an output), else by what dataset-src has read. */
guint64
im_tally_done (const ImTally * tally)
{
  guint64 done;

  if (!tally->has_saver)
    return tally->items_read;
  done = tally->files / tally->copies + tally->n_skipped;
  return MIN (done, tally->items_in);
}

/* outputs on disk: written now or kept from before (--resume) */
guint64
im_tally_outputs (const ImTally * tally)
{
  return tally->files;
}

gint
im_tally_exit_code (const ImTally * tally)
{
  if (tally->interrupted)
    return IM_EXIT_INTERRUPTED;
  if (tally->errors->len > 0 || tally->n_skipped > 0 || !tally->finished)
    return IM_EXIT_INCOMPLETE;
  /* without dataset-src (a `run` pipeline) nothing says how many items */
  if (!tally->has_source)
    return IM_EXIT_OK;
  if (tally->has_saver
      && tally->files != tally->items_in * (guint64) tally->copies)
    return IM_EXIT_INCOMPLETE;
  if (!tally->has_saver && tally->items_read != tally->items_in)
    return IM_EXIT_INCOMPLETE;
  return IM_EXIT_OK;
}
