/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The flags every subcommand shares and the launch-description pieces
 * they turn into: dataset-src's listing and shard, the workers and
 * on-error of the middle elements, queue-saver's name pattern and resume.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>

#include "im-tool.h"

/* dataset-src's progress messages at this rate keep the bar moving */
#define PROGRESS_INTERVAL_MS 200

/* Adds the common flags to @ctx's main group, so that --help lists them;
 * @io: the flags about inputs and outputs too (not for `run`). */
void
im_common_add_options (GOptionContext * ctx, ImCommon * common, gboolean io)
{
  const GOptionEntry io_entries[] = {
    {"output", 'o', 0, G_OPTION_ARG_STRING, &common->output,
        "Output path pattern: {dir} {stem} {name} {ext} {index} {copy}, "
          "format from its extension (.jpg .png .ppm .pgm)", "PATTERN"},
    {"recursive", 'r', 0, G_OPTION_ARG_NONE, &common->recursive,
        "Read the sub-folders of a folder too", NULL},
    {"workers", 'j', 0, G_OPTION_ARG_INT, &common->workers,
        "Worker threads per stage (default: one per core)", "N"},
    {"on-error", 0, 0, G_OPTION_ARG_STRING, &common->on_error,
        "fail: stop at the first bad input (default); skip: report it and "
          "go on", "fail|skip"},
    {"shard", 0, 0, G_OPTION_ARG_STRING, &common->shard,
        "Process only shard K of N (items i with i mod N = K)", "K/N"},
    {"shards", 0, 0, G_OPTION_ARG_INT, &common->shards,
        "Shard count N, the index coming from JOB_COMPLETION_INDEX or "
          "SLURM_ARRAY_TASK_ID", "N"},
    {"resume", 0, 0, G_OPTION_ARG_NONE, &common->resume,
        "Keep outputs already on disk and skip their inputs", NULL},
    {"manifest", 'm', 0, G_OPTION_ARG_FILENAME, &common->manifest,
        "Write the list of saved files (.csv or .jsonl)", "FILE"},
    {"quality", 'Q', 0, G_OPTION_ARG_INT, &common->quality,
        "JPEG quality, 1-100 (default 90)", "N"},
    {"compression", 0, 0, G_OPTION_ARG_INT, &common->compression,
        "PNG compression level, 0 (fastest) to 9 (smallest; default 6)", "N"},
    {NULL}
  };
  const GOptionEntry entries[] = {
    {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &common->dry_run,
        "Print the pipeline and the item count, process nothing", NULL},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &common->quiet,
        "No progress and no summary (errors still go to stderr)", NULL},
    {"json", 0, 0, G_OPTION_ARG_NONE, &common->json,
        "Print the summary as one JSON object on stdout", NULL},
    {NULL}
  };
  common->workers = common->quality = common->compression = -1;
  if (io)
    g_option_context_add_main_entries (ctx, io_entries, NULL);
  g_option_context_add_main_entries (ctx, entries, NULL);
}

static gboolean
parse_uint (const gchar * text, guint * value)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &v, NULL))
    return FALSE;
  *value = v;
  return TRUE;
}

/* --shard K/N, else the index a scheduler gives (docs/sharding.md) */
static gboolean
resolve_shard (ImCommon * common, GError ** error)
{
  const gchar *job = g_getenv ("JOB_COMPLETION_INDEX");
  const gchar *task = g_getenv ("SLURM_ARRAY_TASK_ID");
  guint index = 0, count = 1, task_min = 0;
  gchar **parts;
  gboolean ok;

  if (common->shard) {
    parts = g_strsplit (common->shard, "/", 2);
    ok = parts[1] && parse_uint (parts[0], &index)
        && parse_uint (parts[1], &count) && count > 0;
    g_strfreev (parts);
    if (!ok)
      goto bad_shard;
  } else if (job && common->shards > 0) {
    if (!parse_uint (job, &index))
      goto bad_env;
    count = common->shards;
  } else if (task) {
    const gchar *min = g_getenv ("SLURM_ARRAY_TASK_MIN");
    const gchar *n = g_getenv ("SLURM_ARRAY_TASK_COUNT");

    if (!parse_uint (task, &index) || (min && !parse_uint (min, &task_min))
        || task_min > index)
      goto bad_env;
    index -= task_min;
    if (common->shards > 0)
      count = common->shards;
    else if (!n || !parse_uint (n, &count) || count == 0)
      goto bad_env;
  } else if (common->shards > 0) {
    goto no_index;
  }
  if (index >= count)
    goto bad_shard;
  common->shard_index = index;
  common->shard_count = count;
  return TRUE;

  /* ERRORS */
bad_shard:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "shard %u/%u: want K/N with 0 <= K < N", index, count);
    if (common->shard && count > 0 && index < count)
      g_prefix_error (error, "\"%s\" is not K/N: ", common->shard);
    return FALSE;
  }
bad_env:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "cannot take the shard from the environment (JOB_COMPLETION_INDEX="
        "%s, SLURM_ARRAY_TASK_ID=%s): give --shard K/N", job ? job : "",
        task ? task : "");
    return FALSE;
  }
no_index:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--shards needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID in the "
        "environment; give --shard K/N otherwise");
    return FALSE;
  }
}

/* Checks the flags and finds the location; errors are usage errors. */
gboolean
im_common_resolve (ImCommon * common, GError ** error)
{
  if (common->on_error && strcmp (common->on_error, "fail") != 0
      && strcmp (common->on_error, "skip") != 0)
    goto bad_on_error;
  if (common->workers < -1)
    goto bad_workers;
  if (common->quality != -1 && (common->quality < 1 || common->quality > 100))
    goto bad_quality;
  if (common->compression < -1 || common->compression > 9)
    goto bad_compression;
  if (!resolve_shard (common, error))
    return FALSE;
  if (!common->output || !common->output[0])
    goto no_output;
  common->location = im_inputs_to_location (common->inputs,
      &common->list_file, error);
  return common->location != NULL;

  /* ERRORS */
bad_on_error:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--on-error is fail or skip, not \"%s\"", common->on_error);
    return FALSE;
  }
bad_workers:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--workers must be 0 (one per core) or more");
    return FALSE;
  }
bad_quality:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--quality is 1 to 100, not %d", common->quality);
    return FALSE;
  }
bad_compression:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--compression is 0 to 9, not %d", common->compression);
    return FALSE;
  }
no_output:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "no output: give -o PATTERN, e.g. -o 'out/{dir}/{stem}.png'");
    return FALSE;
  }
}

void
im_common_clear (ImCommon * common)
{
  if (common->list_file)
    g_remove (common->list_file);
  g_free (common->list_file);
  g_free (common->location);
  g_free (common->on_error);
  g_free (common->shard);
  g_free (common->output);
  g_free (common->manifest);
  g_strfreev (common->inputs);
  memset (common, 0, sizeof (*common));
}

/* A property value quoted for gst_parse_launch(): it strips the quotes
 * and removes one backslash before any character. */
void
im_launch_append_value (GString * desc, const gchar * value)
{
  const gchar *p;

  g_string_append_c (desc, '"');
  for (p = value; *p; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_c (desc, '\\');
    g_string_append_c (desc, *p);
  }
  g_string_append_c (desc, '"');
}

static const gchar *
on_error_nick (ImCommon * common)
{
  return common->on_error ? common->on_error : "fail";
}

void
im_common_append_source (ImCommon * common, GString * desc)
{
  g_string_append (desc, "dataset-src location=");
  im_launch_append_value (desc, common->location);
  g_string_append_printf (desc, " recursive=%s on-error=%s "
      "progress-interval=%u", common->recursive ? "true" : "false",
      on_error_nick (common), PROGRESS_INTERVAL_MS);
  if (common->shard_count > 1)
    g_string_append_printf (desc, " shard-index=%u shard-count=%u",
        common->shard_index, common->shard_count);
}

/* @property: the element's thread-count property ("workers"), and whether
 * it has on-error */
void
im_common_append_workers (ImCommon * common, GString * desc,
    const gchar * property, gboolean on_error)
{
  if (common->workers >= 0)
    g_string_append_printf (desc, " %s=%d", property, common->workers);
  if (on_error)
    g_string_append_printf (desc, " on-error=%s", on_error_nick (common));
}

void
im_common_append_saver (ImCommon * common, GString * desc)
{
  g_string_append (desc, " ! queue-saver location=");
  im_launch_append_value (desc, common->output);
  im_common_append_workers (common, desc, "savers", TRUE);
  if (common->quality >= 0)
    g_string_append_printf (desc, " quality=%d", common->quality);
  if (common->compression >= 0)
    g_string_append_printf (desc, " compression-level=%d",
        common->compression);
  if (common->resume)
    g_string_append (desc, " if-exists=skip");
  if (common->manifest) {
    g_string_append (desc, " manifest=");
    im_launch_append_value (desc, common->manifest);
  }
}
