/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The imagemill command's parts: common options, inputs, the tally of what
 * the pipeline reported, progress, summary and the run itself.
 */
#ifndef __IM_TOOL_H__
#define __IM_TOOL_H__

#include <gst/gst.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* exit codes */
#define IM_EXIT_OK 0
#define IM_EXIT_INCOMPLETE 1    /* an item was skipped or failed */
#define IM_EXIT_USAGE 2
#define IM_EXIT_INTERRUPTED 130

/* The flags every subcommand shares, and what they resolve to. */
typedef struct
{
  /* from the command line */
  gboolean recursive, resume, dry_run, quiet, json;
  gint workers;                 /* -1: the elements' default */
  gint quality, compression;    /* -1: queue-saver's default */
  gchar *on_error;              /* "fail" or "skip" */
  gchar *shard;                 /* "K/N" */
  gint shards;                  /* the count when the index is the env's */
  gchar *output;                /* -o PATTERN */
  gchar *manifest;
  gchar **inputs;               /* the IN arguments */

  /* resolved */
  const gchar *command;         /* "convert", ... */
  guint shard_index, shard_count;
  gchar *location;              /* dataset-src location */
  gchar *list_file;             /* a list written for several files */
} ImCommon;

/* im-common.c */
void im_common_add_options (GOptionContext * ctx, ImCommon * common,
    gboolean io);
gboolean im_common_resolve (ImCommon * common, GError ** error);
void im_common_clear (ImCommon * common);
void im_common_append_source (ImCommon * common, GString * desc);
void im_common_append_workers (ImCommon * common, GString * desc,
    const gchar * property, gboolean on_error);
void im_common_append_saver (ImCommon * common, GString * desc);
void im_launch_append_value (GString * desc, const gchar * value);

/* im-inputs.c */
gchar *im_inputs_to_location (gchar ** inputs, gchar ** list_file,
    GError ** error);

/* im-tally.c: what the elements' messages said */
typedef struct
{
  gchar *path;                  /* NULL when the message names none */
  gchar *reason;
} ImSkip;

typedef struct
{
  guint64 items_in, items_read, src_skipped;
  guint64 files, written, existing, bytes_written;
  guint copies;                 /* outputs per item (augment) */
  gboolean has_saver, has_source;
  guint64 n_skipped;
  GPtrArray *skips;             /* ImSkip *, the first IM_TALLY_MAX_SKIPS */
  GPtrArray *errors;            /* gchar * */
  gint64 t_start, t_end;        /* monotonic microseconds */
  gboolean interrupted, finished;
} ImTally;

#define IM_TALLY_MAX_SKIPS 1000

void im_tally_init (ImTally * tally);
void im_tally_clear (ImTally * tally);
gboolean im_tally_message (ImTally * tally, GstMessage * msg);
guint64 im_tally_done (const ImTally * tally);
guint64 im_tally_outputs (const ImTally * tally);
gint im_tally_exit_code (const ImTally * tally);

/* im-progress.c */
typedef struct _ImProgress ImProgress;
ImProgress *im_progress_new (gboolean quiet);
void im_progress_update (ImProgress * progress, const ImTally * tally);
void im_progress_finish (ImProgress * progress, const ImTally * tally);
void im_progress_free (ImProgress * progress);

/* im-summary.c */
void im_print_json (JsonBuilder * b);
void im_summary_print (const ImTally * tally, const gchar * command,
    gboolean json, gboolean quiet);

/* im-dryrun.c */
gint im_dry_run (GstElement * pipeline, const gchar * desc, gboolean json);

/* im-run.c */
void im_run_catch_sigint (void);
gint im_run_description (const gchar * command, const gchar * desc,
    gboolean dry_run, gboolean quiet, gboolean json, gboolean user_pipeline);

G_END_DECLS
#endif /* __IM_TOOL_H__ */
