/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What dataset listing (gstimdataset.c) and the folder walk
 * (gstimdatasetwalk.c) share.
 */
#ifndef __GST_IM_DATASET_PRIVATE_H__
#define __GST_IM_DATASET_PRIVATE_H__

#include <gst/imagemill/gstimdataset.h>
#include "gstimdebug-private.h"

G_BEGIN_DECLS

struct _GstImDataset
{
  gchar *root;
  GArray *items;                /* GstImDatasetItem, in order */
  gboolean unsized;             /* from a list file: sizes not known yet */
  GPtrArray *folder_errors;     /* GError: sub-folders left out */
};

/* A folder walk, for folder and glob locations. */
typedef struct
{
  GstImDataset *dataset;
  gchar **extensions;           /* folder: kept extensions; NULL = all */
  gchar **glob;                 /* glob: one pattern per path component */
  gchar *glob_path;             /* glob: the components joined */
  guint max_depth;              /* 1: the root's own entries only */
  gboolean skip_bad_folders;
  GHashTable *seen;             /* "dev:ino" of folders walked */
} Walk;

/* appends @path (taken) with its @size, 0 when not known yet */
G_GNUC_INTERNAL
void gst_im_dataset_add_item (GstImDataset * ds, gchar * path, guint64 size);

/* @err (returned) moved to GST_RESOURCE_ERROR: GLib's file errors already
 * name the file */
G_GNUC_INTERNAL
GError *gst_im_dataset_to_resource_error (GError * err);

/* walks the folder of @w, adding the files it keeps */
G_GNUC_INTERNAL
gboolean gst_im_dataset_walk (Walk * w, GError ** error);

/* lists the glob @location through @w */
G_GNUC_INTERNAL
gboolean gst_im_dataset_list_glob (const gchar * location, Walk * w,
    GError ** error);

G_END_DECLS

#endif /* __GST_IM_DATASET_PRIVATE_H__ */
