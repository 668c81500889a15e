/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The subcommands' pipelines: each turns its flags into a launch
 * description of the project's elements, setting their properties only,
 * so the work stays in the elements. A flag's value is checked against
 * the element property it feeds (enum nicks, ranges): a usage error.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "im-commands.h"

void
im_args_clear (ImArgs * args)
{
  g_free (args->size);
  g_free (args->mode);
  g_free (args->config);
  g_free (args->transforms);
  g_free (args->direction);
  g_free (args->interpolation);
  g_free (args->color_profile);
  g_free (args->metadata);
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

/* ---- colour profile and metadata (convert, thumbnail) ---- */

#define PROFILE_ENTRIES(profile_default, metadata_default)              \
  {"color-profile", 0, 0, G_OPTION_ARG_STRING, NULL,                    \
      "The embedded ICC profile: keep (carried, pixels untouched), srgb " \
        "(pixels converted to sRGB) or strip (default " profile_default \
        ")", "MODE"},                                                     \
  {"metadata", 0, 0, G_OPTION_ARG_STRING, NULL,                         \
      "EXIF and XMP: keep or strip (default " metadata_default ")",     \
        "MODE"}

/* Checks --color-profile and --metadata against the elements' values, and
 * appends the profile's to @factory; the caller places metadata. */
static gboolean
append_profile_flags (const ImArgs * args, const gchar * factory,
    GString * desc, GError ** error)
{
  if (!check_enum (factory, "color-profile", "color-profile",
          args->color_profile, error)
      || !check_enum ("queue-saver", "metadata", "metadata", args->metadata,
          error))
    return FALSE;
  if (args->color_profile)
    g_string_append_printf (desc, " color-profile=%s", args->color_profile);
  return TRUE;
}

/* ---- convert ---- */

const GOptionEntry im_convert_entries[] = {
  PROFILE_ENTRIES ("keep", "keep"),
  {NULL}
};

void
im_convert_bind (ImArgs * args, GOptionEntry * e)
{
  e[0].arg_data = &args->color_profile;
  e[1].arg_data = &args->metadata;
}

gboolean
im_build_convert (ImCommon * common, ImArgs * args, GString * desc,
    GError ** error)
{
  im_common_append_source (common, desc);
  g_string_append (desc, " ! decoder-pool");
  if (!append_profile_flags (args, "decoder-pool", desc, error))
    return FALSE;
  im_common_append_workers (common, desc, "workers", TRUE);
  im_common_append_saver (common, desc);
  if (args->metadata)
    g_string_append_printf (desc, " metadata=%s", args->metadata);
  return TRUE;
}

/* ---- thumbnail ---- */

const GOptionEntry im_thumbnail_entries[] = {
  {"size", 's', 0, G_OPTION_ARG_STRING, NULL,
      "Box to fit: WxH, W (square), Wx or xH (default 256x256)", "WxH"},
  {"mode", 0, 0, G_OPTION_ARG_STRING, NULL,
      "fit (inside the box, default), fill (cover it, crop), pad (fit, "
        "then pad to the box) or stretch", "MODE"},
  {"crop", 'c', 0, G_OPTION_ARG_NONE, NULL,
      "Same as --mode fill (vipsthumbnail's --crop)", NULL},
  {"upscale", 0, 0, G_OPTION_ARG_NONE, NULL,
      "Enlarge images smaller than the box (default: keep their size)", NULL},
  {"no-rotate", 0, 0, G_OPTION_ARG_NONE, NULL,
      "Do not turn images upright from their EXIF orientation", NULL},
  PROFILE_ENTRIES ("srgb", "strip"),
  {NULL}
};

void
im_thumbnail_bind (ImArgs * args, GOptionEntry * e)
{
  e[0].arg_data = &args->size;
  e[1].arg_data = &args->mode;
  e[2].arg_data = &args->crop;
  e[3].arg_data = &args->upscale;
  e[4].arg_data = &args->no_rotate;
  e[5].arg_data = &args->color_profile;
  e[6].arg_data = &args->metadata;
}

gboolean
im_build_thumbnail (ImCommon * common, ImArgs * args, GString * desc,
    GError ** error)
{
  guint width = 256, height = 256;

  if (args->size && !parse_size (args->size, &width, &height, error))
    return FALSE;
  if (!check_enum ("thumbnailer", "mode", "mode", args->mode, error))
    return FALSE;
  if (args->crop && args->mode && strcmp (args->mode, "fill") != 0)
    goto crop_and_mode;
  im_common_append_source (common, desc);
  g_string_append_printf (desc, " ! thumbnailer width=%u height=%u", width,
      height);
  if (args->mode)
    g_string_append_printf (desc, " mode=%s", args->mode);
  else if (args->crop)
    g_string_append (desc, " mode=fill");
  if (args->upscale)
    g_string_append (desc, " no-upscale=false");
  if (args->no_rotate)
    g_string_append (desc, " auto-orient=false");
  if (!append_profile_flags (args, "thumbnailer", desc, error))
    return FALSE;
  /* the thumbnailer carries them or not; queue-saver writes what comes */
  if (args->metadata)
    g_string_append_printf (desc, " metadata=%s", args->metadata);
  im_common_append_workers (common, desc, "workers", TRUE);
  im_common_append_saver (common, desc);
  return TRUE;

  /* ERRORS */
crop_and_mode:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--crop is --mode fill; it cannot go with --mode %s", args->mode);
    return FALSE;
  }
}

/* ---- augment ---- */

const GOptionEntry im_augment_entries[] = {
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

void
im_augment_bind (ImArgs * args, GOptionEntry * e)
{
  e[0].arg_data = &args->config;
  e[1].arg_data = &args->transforms;
  e[2].arg_data = &args->copies;
  e[3].arg_data = &args->seed;
}

gboolean
im_build_augment (ImCommon * common, ImArgs * args, GString * desc,
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

const GOptionEntry im_remap_entries[] = {
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

void
im_remap_bind (ImArgs * args, GOptionEntry * e)
{
  e[0].arg_data = &args->direction;
  e[1].arg_data = &args->interpolation;
  e[2].arg_data = &args->max_latitude;
  e[3].arg_data = &args->pole_longitude;
}

gboolean
im_build_remap (ImCommon * common, ImArgs * args, GString * desc,
    GError ** error)
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
