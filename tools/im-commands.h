/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __IM_COMMANDS_H__
#define __IM_COMMANDS_H__

#include <math.h>
#include "im-tool.h"

G_BEGIN_DECLS

typedef struct
{
  const gchar *name, *summary;
} ImCommandInfo;

/* Subcommand flags; -1 (or NULL) leaves the element's default. */
typedef struct
{
  gchar *size, *mode;
  gboolean crop, upscale, no_rotate;
  gchar *config, *transforms;
  gint copies;
  gint64 seed;
  gchar *direction, *interpolation;
  gdouble max_latitude, pole_longitude;
  gchar *color_profile, *metadata;
} ImArgs;

void im_args_clear (ImArgs * args);

/* im-pipelines.c: a subcommand's own flags (bound to an ImArgs by its
 * bind function) and its pipeline */
extern const GOptionEntry im_convert_entries[];
extern const GOptionEntry im_thumbnail_entries[];
extern const GOptionEntry im_augment_entries[];
extern const GOptionEntry im_remap_entries[];
void im_convert_bind (ImArgs * args, GOptionEntry * entries);
void im_thumbnail_bind (ImArgs * args, GOptionEntry * entries);
void im_augment_bind (ImArgs * args, GOptionEntry * entries);
void im_remap_bind (ImArgs * args, GOptionEntry * entries);
gboolean im_build_convert (ImCommon * common, ImArgs * args, GString * desc,
    GError ** error);
gboolean im_build_thumbnail (ImCommon * common, ImArgs * args,
    GString * desc, GError ** error);
gboolean im_build_augment (ImCommon * common, ImArgs * args, GString * desc,
    GError ** error);
gboolean im_build_remap (ImCommon * common, ImArgs * args, GString * desc,
    GError ** error);

/* im-commands.c */
const ImCommandInfo *im_commands_list (guint * n);
gint im_commands_run (gchar ** argv);

G_END_DECLS
#endif /* __IM_COMMANDS_H__ */
