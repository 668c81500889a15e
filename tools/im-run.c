/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Runs one launch description to its end: the bus feeds the tally and the
 * progress line; Ctrl-C sends EOS, so the files being saved are finished,
 * the manifest is committed and nothing is left half-written. A second
 * Ctrl-C stops at once: the sources are flushed, queue-saver finishes the
 * files it started and commits the manifest when the pipeline stops.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <stdio.h>
#include <glib-unix.h>

#include "im-tool.h"

/* a Ctrl-C before the main loop runs (start-up, registry, parsing) */
static volatile sig_atomic_t early_sigint;
/* SIGINT was ignored when we started (a background job of a shell): it
 * stays so, as in other tools */
static gboolean sigint_ignored;

static void
on_early_sigint (int signum)
{
  early_sigint = 1;
}

/* Call first thing: from then on a Ctrl-C is never the default "killed by
 * SIGINT", always the clean stop with its summary. */
void
im_run_catch_sigint (void)
{
  struct sigaction sa = { 0, }, old;

  sa.sa_handler = on_early_sigint;
  sigemptyset (&sa.sa_mask);
  if (sigaction (SIGINT, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
    sigint_ignored = TRUE;
  else
    sigaction (SIGINT, &sa, NULL);
}

typedef struct
{
  GMainLoop *loop;
  GstElement *pipeline;
  ImTally tally;
  ImProgress *progress;
  guint sigints;
  gboolean playing, eos_pending;
} Run;

/* Off the main loop (gst_element_call_async), once the pipeline plays:
 * sending EOS to a source waits for its streaming thread, which may wait
 * downstream for the preroll, which needs the state locks that
 * gst_element_send_event() holds. So EOS goes to each source, from another
 * thread, and only after the preroll. */
static void
send_eos_to_sources (GstElement * pipeline, gpointer data)
{
  GstIterator *it = gst_bin_iterate_sources (GST_BIN (pipeline));
  GValue item = G_VALUE_INIT;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK) {
    gst_element_send_event (g_value_get_object (&item), gst_event_new_eos ());
    g_value_reset (&item);
  }
  g_value_unset (&item);
  gst_iterator_free (it);
}

static gboolean
push_flush_start (GstElement * element, GstPad * pad, gpointer data)
{
  gst_pad_push_event (pad, gst_event_new_flush_start ());
  return TRUE;
}

/* A second Ctrl-C: stop now. The EOS thread may hold a source's state lock
 * while it waits for the source's streaming thread, blocked downstream;
 * the state change to NULL would wait for that lock for ever. A flush
 * unblocks the streaming thread (queue-saver still finishes the files it
 * started). */
static void
flush_sources (GstElement * pipeline)
{
  GstIterator *it = gst_bin_iterate_sources (GST_BIN (pipeline));
  GValue item = G_VALUE_INIT;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK) {
    gst_element_foreach_src_pad (g_value_get_object (&item),
        push_flush_start, NULL);
    g_value_reset (&item);
  }
  g_value_unset (&item);
  gst_iterator_free (it);
}

static gboolean
on_sigint (gpointer data)
{
  Run *run = data;

  run->tally.interrupted = TRUE;
  if (run->sigints++ > 0)
    g_main_loop_quit (run->loop);
  else if (run->playing)
    gst_element_call_async (run->pipeline, send_eos_to_sources, NULL, NULL);
  else
    run->eos_pending = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
on_state_changed (Run * run, GstMessage * msg)
{
  GstState state;

  if (GST_MESSAGE_SRC (msg) != GST_OBJECT (run->pipeline))
    return;
  gst_message_parse_state_changed (msg, NULL, &state, NULL);
  run->playing = state == GST_STATE_PLAYING;
  if (run->playing && run->eos_pending) {
    run->eos_pending = FALSE;
    gst_element_call_async (run->pipeline, send_eos_to_sources, NULL, NULL);
  }
}

static gboolean
on_tick (gpointer data)
{
  Run *run = data;

  im_progress_update (run->progress, &run->tally);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_message (GstBus * bus, GstMessage * msg, gpointer data)
{
  Run *run = data;

  im_tally_message (&run->tally, msg);
  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ELEMENT:
      im_progress_update (run->progress, &run->tally);
      break;
    case GST_MESSAGE_EOS:
      run->tally.finished = TRUE;
      g_main_loop_quit (run->loop);
      break;
    case GST_MESSAGE_ERROR:
      g_main_loop_quit (run->loop);
      break;
    case GST_MESSAGE_STATE_CHANGED:
      on_state_changed (run, msg);
      break;
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

/* Asks queue-saver for its per-file messages and counts augment's copies:
 * the flags that let the tally see every output. */
static void
prepare_elements (Run * run)
{
  GstIterator *it = gst_bin_iterate_recurse (GST_BIN (run->pipeline));
  GValue item = G_VALUE_INIT;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK) {
    GstElement *e = g_value_get_object (&item);
    GstElementFactory *f = gst_element_get_factory (e);
    const gchar *name = f ? GST_OBJECT_NAME (f) : "";
    guint copies = 1;

    if (g_str_equal (name, "queue-saver")) {
      g_object_set (e, "post-messages", TRUE, NULL);
      run->tally.has_saver = TRUE;
    } else if (g_str_equal (name, "augment")) {
      g_object_get (e, "copies", &copies, NULL);
      run->tally.copies *= copies;
    }
    g_value_reset (&item);
  }
  g_value_unset (&item);
  gst_iterator_free (it);
}

/* The messages the main loop did not see */
static void
drain_bus (Run * run, GstBus * bus)
{
  GstMessage *msg;

  while ((msg = gst_bus_pop (bus))) {
    im_tally_message (&run->tally, msg);
    gst_message_unref (msg);
  }
}

/* The state change failed: take the errors it posted from the bus. */
static void
collect_start_errors (Run * run, GstBus * bus)
{
  drain_bus (run, bus);
  if (run->tally.errors->len == 0)
    g_ptr_array_add (run->tally.errors,
        g_strdup ("the pipeline could not start"));
}

static void
run_pipeline (Run * run)
{
  GstBus *bus = gst_element_get_bus (run->pipeline);
  guint sigint_id = 0, tick_id;

  run->loop = g_main_loop_new (NULL, FALSE);
  gst_bus_add_watch (bus, on_message, run);
  if (!sigint_ignored)
    sigint_id = g_unix_signal_add (SIGINT, on_sigint, run);
  tick_id = g_timeout_add (500, on_tick, run);
  if (early_sigint)
    on_sigint (run);

  run->tally.t_start = g_get_monotonic_time ();
  if (gst_element_set_state (run->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE)
    collect_start_errors (run, bus);
  else
    g_main_loop_run (run->loop);
  if (run->sigints > 0 && !run->tally.finished)
    flush_sources (run->pipeline);
  /* PAUSED->READY waits for the files being saved and commits a manifest
   * (after a second Ctrl-C or an error); their messages are still on the
   * bus, which READY->NULL would flush */
  gst_element_set_state (run->pipeline, GST_STATE_READY);
  drain_bus (run, bus);
  run->tally.t_end = g_get_monotonic_time ();
  im_progress_finish (run->progress, &run->tally);
  gst_element_set_state (run->pipeline, GST_STATE_NULL);

  g_source_remove (tick_id);
  if (sigint_id)
    g_source_remove (sigint_id);
  gst_bus_remove_watch (bus);
  gst_object_unref (bus);
  g_main_loop_unref (run->loop);
}

/* Parses @desc, then prints it (@dry_run) or runs it with progress and a
 * summary. @user_pipeline: @desc came from the user, so a description
 * that does not parse is a usage error.
 *
 * Returns: the exit code */
gint
im_run_description (const gchar * command, const gchar * desc,
    gboolean dry_run, gboolean quiet, gboolean json, gboolean user_pipeline)
{
  Run run = { NULL, };
  GError *err = NULL;
  GstElement *parsed;
  gint code;

  parsed = gst_parse_launch_full (desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS,
      &err);
  if (!parsed)
    goto parse_failed;
  if (GST_IS_PIPELINE (parsed)) {
    run.pipeline = parsed;
  } else {
    run.pipeline = gst_pipeline_new (NULL);
    gst_bin_add (GST_BIN (run.pipeline), parsed);
  }

  if (dry_run) {
    code = im_dry_run (run.pipeline, desc, json);
    gst_object_unref (run.pipeline);
    return code;
  }

  im_tally_init (&run.tally);
  run.progress = im_progress_new (quiet);
  prepare_elements (&run);
  run_pipeline (&run);
  im_summary_print (&run.tally, command, json, quiet);
  code = im_tally_exit_code (&run.tally);

  im_progress_free (run.progress);
  im_tally_clear (&run.tally);
  gst_object_unref (run.pipeline);
  return code;

  /* ERRORS */
parse_failed:
  {
    fprintf (stderr, "imagemill %s: %s%s%s\n", command,
        user_pipeline ? "bad pipeline: " : "", err->message,
        g_error_matches (err, GST_PARSE_ERROR,
            GST_PARSE_ERROR_NO_SUCH_ELEMENT) ? " (is the imagemill plugin "
        "in GST_PLUGIN_PATH?)" : "");
    g_error_free (err);
    return user_pipeline ? IM_EXIT_USAGE : IM_EXIT_INCOMPLETE;
  }
}
