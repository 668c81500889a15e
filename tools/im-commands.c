/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The subcommands: each turns its flags into a launch description of the
 * project's elements (properties only: the work stays in the elements)
 * and hands it to im_run_description().
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "im-commands.h"

/* Subcommand flags; -1 (or NULL) leaves the element's default. */
typedef struct
{
  gchar *size, *mode;
  gboolean upscale, no_rotate;
  gchar *config, *transforms;
  gint copies;
  gint64 seed;
  gchar *direction, *interpolation;
  gdouble max_latitude, pole_longitude;
} Args;

static void
args_clear (Args * args)
{
  g_free (args->size);
  g_free (args->mode);
  g_free (args->config);
  g_free (args->transforms);
  g_free (args->direction);
  g_free (args->interpolation);
}

/* An enum flag's value must be one of the element property's nicks. */
static gboolean
check_enum (const gchar * factory, const gchar * property, const gchar * flag,
    const gchar * value, GError ** error)
{
  GstElement *e = gst_element_factory_make (factory, NULL);
  GParamSpec *pspec;
  GEnumClass *klass;
  GString *nicks;
  guint i;
  gboolean ok;

  if (!e || !value)
    goto done;
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (e), property);
  klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;
  ok = g_enum_get_value_by_nick (klass, value) != NULL;
  if (!ok) {
    nicks = g_string_new (NULL);
    for (i = 0; i < klass->n_values; i++)
      g_string_append_printf (nicks, "%s%s", i ? ", " : "",
          klass->values[i].value_nick);
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--%s is one of %s, not \"%s\"", flag, nicks->str, value);
    g_string_free (nicks, TRUE);
  }
  gst_object_unref (e);
  return ok;

done:
  if (e)
    gst_object_unref (e);
  return TRUE;
}

/* vipsthumbnail's -s: "W", "WxH", "Wx", "xH", a trailing '>' (shrink
 * only, the thumbnailer's default anyway) */
static gboolean
parse_size (const gchar * text, guint * width, guint * height,
    GError ** error)
{
  gchar *s = g_strdup (text), *x, *w_end = NULL, *h_end = NULL;
  gsize len = strlen (s);
  gboolean ok;
  gint64 w = 0, h = 0;

  if (len > 0 && s[len - 1] == '>')
    s[len - 1] = '\0';
  x = strchr (s, 'x');
  if (!x) {
    w = h = g_ascii_strtoll (s, &w_end, 10);
    ok = s[0] && *w_end == '\0' && w > 0;
  } else {
    *x = '\0';
    w = s[0] ? g_ascii_strtoll (s, &w_end, 10) : 0;
    h = x[1] ? g_ascii_strtoll (x + 1, &h_end, 10) : 0;
    ok = (!w_end || *w_end == '\0') && (!h_end || *h_end == '\0')
        && (w > 0 || h > 0) && w >= 0 && h >= 0;
  }
  ok = ok && w <= 32768 && h <= 32768;
  g_free (s);
  if (!ok) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--size \"%s\": want W, WxH, Wx or xH in pixels (1 to 32768)", text);
    return FALSE;
  }
  *width = w;
  *height = h;
  return TRUE;
}

static void
append_double (GString * desc, const gchar * property, gdouble value)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (desc, " %s=%s", property,
      g_ascii_dtostr (buf, sizeof (buf), value));
}

/* ---- convert ---- */

static gboolean
build_convert (ImCommon * common, Args * args, GString * desc,
    GError ** error)
{
  im_common_append_source (common, desc);
  g_string_append (desc, " ! decoder-pool");
  im_common_append_workers (common, desc, "workers", TRUE);
  im_common_append_saver (common, desc);
  return TRUE;
}

/* ---- thumbnail ---- */

static const GOptionEntry thumbnail_entries[] = {
  {"size", 's', 0, G_OPTION_ARG_STRING, NULL,
      "Box to fit: WxH, W (square), Wx or xH (default 256x256)", "WxH"},
  {"mode", 0, 0, G_OPTION_ARG_STRING, NULL,
      "fit (inside the box, default), fill (cover it, crop), pad (fit, "
        "then pad to the box) or stretch", "MODE"},
  {"upscale", 0, 0, G_OPTION_ARG_NONE, NULL,
      "Enlarge images smaller than the box (default: keep their size)", NULL},
  {"no-rotate", 0, 0, G_OPTION_ARG_NONE, NULL,
      "Do not turn images upright from their EXIF orientation", NULL},
  {NULL}
};

static void
thumbnail_bind (Args * args, GOptionEntry * e)
{
  e[0].arg_data = &args->size;
  e[1].arg_data = &args->mode;
  e[2].arg_data = &args->upscale;
  e[3].arg_data = &args->no_rotate;
}

static gboolean
build_thumbnail (ImCommon * common, Args * args, GString * desc,
    GError ** error)
{
  guint width = 256, height = 256;

  if (args->size && !parse_size (args->size, &width, &height, error))
    return FALSE;
  if (!check_enum ("thumbnailer", "mode", "mode", args->mode, error))
    return FALSE;
  im_common_append_source (common, desc);
  g_string_append_printf (desc, " ! thumbnailer width=%u height=%u", width,
      height);
  if (args->mode)
    g_string_append_printf (desc, " mode=%s", args->mode);
  if (args->upscale)
    g_string_append (desc, " no-upscale=false");
  if (args->no_rotate)
    g_string_append (desc, " auto-orient=false");
  im_common_append_workers (common, desc, "workers", TRUE);
  im_common_append_saver (common, desc);
  return TRUE;
}

/* ---- augment ---- */

static const GOptionEntry augment_entries[] = {
  {"config", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
      "albumentations pipeline file, as A.save() writes it", "FILE"},
  {"transforms", 't', 0, G_OPTION_ARG_STRING, NULL,
      "The pipeline as a string: 'HorizontalFlip(p=0.5), Blur()'", "LIST"},
  {"copies", 'k', 0, G_OPTION_ARG_INT, NULL,
      "Augmented outputs per input (default 1; use {copy} in -o)", "N"},
  {"seed", 0, 0, G_OPTION_ARG_INT64, NULL,
      "Seed of the random draws (default 0): same seed, same outputs", "N"},
  {NULL}
};

static void
augment_bind (Args * args, GOptionEntry * e)
{
  e[0].arg_data = &args->config;
  e[1].arg_data = &args->transforms;
  e[2].arg_data = &args->copies;
  e[3].arg_data = &args->seed;
}

static gboolean
build_augment (ImCommon * common, Args * args, GString * desc,
    GError ** error)
{
  if (!args->config == !args->transforms)
    goto no_pipeline;
  if (args->copies == 0 || args->copies < -1 || args->copies > 65536)
    goto bad_copies;
  if (args->seed < -1)
    goto bad_seed;
  im_common_append_source (common, desc);
  g_string_append (desc, " ! decoder-pool");
  im_common_append_workers (common, desc, "workers", TRUE);
  g_string_append (desc, " ! augment");
  if (args->config) {
    g_string_append (desc, " config=");
    im_launch_append_value (desc, args->config);
  } else {
    g_string_append (desc, " transforms=");
    im_launch_append_value (desc, args->transforms);
  }
  if (args->copies > 0)
    g_string_append_printf (desc, " copies=%d", args->copies);
  if (args->seed >= 0)
    g_string_append_printf (desc, " seed=%" G_GINT64_FORMAT, args->seed);
  im_common_append_workers (common, desc, "workers", TRUE);
  im_common_append_saver (common, desc);
  return TRUE;

  /* ERRORS */
no_pipeline:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "give the transforms with --config FILE or --transforms LIST (one "
        "of them)");
    return FALSE;
  }
bad_copies:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--copies is 1 to 65536, not %d", args->copies);
    return FALSE;
  }
bad_seed:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--seed is 0 or more");
    return FALSE;
  }
}

/* ---- remap ---- */

static const GOptionEntry remap_entries[] = {
  {"direction", 'd', 0, G_OPTION_ARG_STRING, NULL,
      "to-transverse (default) or to-mercator", "DIR"},
  {"interpolation", 'i', 0, G_OPTION_ARG_STRING, NULL,
      "nearest, bilinear (default) or bicubic", "KIND"},
  {"max-latitude", 0, 0, G_OPTION_ARG_DOUBLE, NULL,
      "Latitude of the maps' top and bottom edges, degrees (default 85)",
      "DEG"},
  {"pole-longitude", 0, 0, G_OPTION_ARG_DOUBLE, NULL,
      "Longitude of the transverse map's north pole, degrees east "
        "(default 90)", "DEG"},
  {NULL}
};

static void
remap_bind (Args * args, GOptionEntry * e)
{
  e[0].arg_data = &args->direction;
  e[1].arg_data = &args->interpolation;
  e[2].arg_data = &args->max_latitude;
  e[3].arg_data = &args->pole_longitude;
}

static gboolean
build_remap (ImCommon * common, Args * args, GString * desc, GError ** error)
{
  if (!check_enum ("mercatorremap", "direction", "direction",
          args->direction, error)
      || !check_enum ("mercatorremap", "interpolation", "interpolation",
          args->interpolation, error))
    return FALSE;
  if (!isnan (args->max_latitude) && (args->max_latitude < 1
          || args->max_latitude > 89.9))
    goto bad_latitude;
  if (!isnan (args->pole_longitude) && (args->pole_longitude < -180
          || args->pole_longitude > 180))
    goto bad_longitude;
  im_common_append_source (common, desc);
  g_string_append (desc, " ! decoder-pool");
  im_common_append_workers (common, desc, "workers", TRUE);
  g_string_append (desc, " ! mercatorremap");
  if (args->direction)
    g_string_append_printf (desc, " direction=%s", args->direction);
  if (args->interpolation)
    g_string_append_printf (desc, " interpolation=%s", args->interpolation);
  if (!isnan (args->max_latitude))
    append_double (desc, "max-latitude", args->max_latitude);
  if (!isnan (args->pole_longitude))
    append_double (desc, "pole-longitude", args->pole_longitude);
  /* mercatorremap has no on-error: a frame it gets is always drawn */
  im_common_append_workers (common, desc, "workers", FALSE);
  im_common_append_saver (common, desc);
  return TRUE;

  /* ERRORS */
bad_latitude:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--max-latitude is 1 to 89.9 degrees");
    return FALSE;
  }
bad_longitude:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--pole-longitude is -180 to 180 degrees");
    return FALSE;
  }
}

/* ---- the table ---- */

typedef gboolean (*BuildFunc) (ImCommon * common, Args * args,
    GString * desc, GError ** error);
typedef void (*BindFunc) (Args * args, GOptionEntry * entries);

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
      NULL, NULL, build_convert},
  {"thumbnail", "Make thumbnails that fit, fill or pad a box",
        "Example: imagemill thumbnail photos/ -r -s 640x338 "
        "-o 'thumbs/{dir}/{stem}.jpg'",
      thumbnail_entries, thumbnail_bind, build_thumbnail},
  {"augment", "Write augmented copies (albumentations pipelines)",
        "Example: imagemill augment photos/ --config pipeline.json "
        "--copies 10 --seed 7 -o 'aug/{stem}_{copy}.jpg' "
        "--manifest aug/manifest.csv",
      augment_entries, augment_bind, build_augment},
  {"remap", "Redraw world maps between Mercator and transverse Mercator",
        "Example: imagemill remap maps/ --direction to-transverse "
        "-o 'out/{stem}.png'",
      remap_entries, remap_bind, build_remap},
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
  Args args = { 0, };
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
  args_clear (&args);
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
