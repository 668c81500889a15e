/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The subcommands: their flags (GOptionContext, --help), the common ones
 * added, then the pipeline description (im-pipelines.c) handed to
 * im_run_description(). Every parse or value error is a usage error.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "im-commands.h"

/* ---- the table ---- */

typedef gboolean (*BuildFunc) (ImCommon * common, ImArgs * args,
    GString * desc, GError ** error);
typedef void (*BindFunc) (ImArgs * args, GOptionEntry * entries);

typedef struct
{
  const gchar *name, *summary, *description;
  const GOptionEntry *entries;
  BindFunc bind;
  BuildFunc build;
} Command;

static const Command commands[] = {
  {"convert", "Decode images and save them in the format of -o's extension",
        "Example: imagemill convert photos/ -r -o 'out/{dir}/{stem}.png'",
      im_convert_entries, im_convert_bind, im_build_convert},
  {"thumbnail", "Make thumbnails that fit, fill or pad a box",
        "Example: imagemill thumbnail photos/ -r -s 640x338 "
        "-o 'thumbs/{dir}/{stem}.jpg'",
      im_thumbnail_entries, im_thumbnail_bind, im_build_thumbnail},
  {"augment", "Write augmented copies (albumentations pipelines)",
        "Example: imagemill augment photos/ --config pipeline.json "
        "--copies 10 --seed 7 -o 'aug/{stem}_{copy}.jpg' "
        "--manifest aug/manifest.csv",
      im_augment_entries, im_augment_bind, im_build_augment},
  {"remap", "Redraw world maps between Mercator and transverse Mercator",
        "Example: imagemill remap maps/ --direction to-transverse "
        "-o 'out/{stem}.png'",
      im_remap_entries, im_remap_bind, im_build_remap},
};

const ImCommandInfo *
im_commands_list (guint * n)
{
  static ImCommandInfo info[G_N_ELEMENTS (commands) + 1];
  guint i;

  for (i = 0; i < G_N_ELEMENTS (commands); i++) {
    info[i].name = commands[i].name;
    info[i].summary = commands[i].summary;
  }
  info[i].name = "run";
  info[i].summary = "Run any gst-launch pipeline with progress, summary "
      "and exit codes";
  *n = G_N_ELEMENTS (info);
  return info;
}

static gint
usage_error (const gchar * name, GError * err)
{
  fprintf (stderr, "imagemill %s: %s\nTry 'imagemill %s --help' for more "
      "information.\n", name, err->message, name);
  g_error_free (err);
  return IM_EXIT_USAGE;
}

static gint
run_command (const Command * cmd, gchar ** argv)
{
  ImCommon common = { 0, };
  ImArgs args = { 0, };
  GOptionEntry *entries = NULL;
  GOptionEntry remaining[] = {
    {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &common.inputs,
        NULL, "IN..."},
    {NULL}
  };
  GOptionContext *ctx;
  GString *desc = g_string_new (NULL);
  GError *err = NULL;
  gchar *prgname = g_strdup_printf ("imagemill %s", cmd->name);
  gint code;

  args.copies = -1;
  args.seed = -1;
  args.max_latitude = args.pole_longitude = NAN;
  common.command = cmd->name;
  g_set_prgname (prgname);
  ctx = g_option_context_new ("-o PATTERN");
  g_option_context_set_summary (ctx, cmd->summary);
  g_option_context_set_description (ctx, cmd->description);
  if (cmd->entries) {
    guint n = 0;

    while (cmd->entries[n].long_name)
      n++;
    entries = g_memdup2 (cmd->entries, (n + 1) * sizeof (GOptionEntry));
    cmd->bind (&args, entries);
    g_option_context_add_main_entries (ctx, entries, NULL);
  }
  g_option_context_add_main_entries (ctx, remaining, NULL);
  im_common_add_options (ctx, &common, TRUE);

  if (!g_option_context_parse_strv (ctx, &argv, &err)
      || !im_common_resolve (&common, &err)
      || !cmd->build (&common, &args, desc, &err))
    code = usage_error (cmd->name, err);
  else
    code = im_run_description (cmd->name, desc->str, common.dry_run,
        common.quiet, common.json, FALSE);

  g_option_context_free (ctx);
  g_free (entries);
  g_string_free (desc, TRUE);
  g_free (prgname);
  im_args_clear (&args);
  im_common_clear (&common);
  g_strfreev (argv);
  return code;
}

/* imagemill run 'PIPELINE' */
static gint
run_pipeline_command (gchar ** argv)
{
  ImCommon common = { 0, };
  gchar **words = NULL, *desc = NULL;
  GOptionEntry remaining[] = {
    {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &words, NULL,
        NULL},
    {NULL}
  };
  GOptionContext *ctx;
  GError *err = NULL;
  gint code;

  common.command = "run";
  g_set_prgname ("imagemill run");
  ctx = g_option_context_new ("'PIPELINE'");
  g_option_context_set_summary (ctx, "Run a gst-launch-1.0 pipeline "
      "description with the progress line, the summary and the exit codes "
      "of the other subcommands. Every queue-saver in it reports its files.");
  g_option_context_set_description (ctx, "Example: imagemill run "
      "'dataset-src location=photos ! decoder-pool ! queue-saver "
      "location=out/{stem}.png'");
  g_option_context_add_main_entries (ctx, remaining, NULL);
  im_common_add_options (ctx, &common, FALSE);

  if (!g_option_context_parse_strv (ctx, &argv, &err)) {
    code = usage_error ("run", err);
  } else if (!words || !words[0]) {
    g_set_error (&err, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "no pipeline given");
    code = usage_error ("run", err);
  } else {
    desc = g_strjoinv (" ", words);
    code = im_run_description ("run", desc, common.dry_run, common.quiet,
        common.json, TRUE);
  }

  g_option_context_free (ctx);
  g_free (desc);
  g_strfreev (words);
  im_common_clear (&common);
  g_strfreev (argv);
  return code;
}

/* @argv: (transfer full): the subcommand's name and its arguments
 *
 * Returns: the exit code, or -1 when @argv[0] names no subcommand */
gint
im_commands_run (gchar ** argv)
{
  guint i;

  if (g_str_equal (argv[0], "run"))
    return run_pipeline_command (argv);
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[0], commands[i].name))
      return run_command (&commands[i], argv);
  g_strfreev (argv);
  return -1;
}
