/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_DATASET_H__
#define __GST_IM_DATASET_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

/**
 * GstImDatasetFlags:
 * @GST_IM_DATASET_NONE: no flags: the root folder's own files only, list
 *   files sorted, a sub-folder that cannot be opened fails the listing
 * @GST_IM_DATASET_RECURSIVE: walk the sub-folders of a folder location
 *   (symbolic links to folders are followed, each folder once)
 * @GST_IM_DATASET_KEEP_LIST_ORDER: keep a list file's own order (for a
 *   pre-shuffled list) instead of sorting its paths; folders and globs are
 *   always sorted
 * @GST_IM_DATASET_SKIP_BAD_FOLDERS: leave out a sub-folder that cannot be
 *   opened and go on; its error is kept, see
 *   gst_im_dataset_get_folder_errors()
 *
 * How gst_im_dataset_list() lists a location.
 */
typedef enum
{
  GST_IM_DATASET_NONE = 0,
  GST_IM_DATASET_RECURSIVE = (1 << 0),
  GST_IM_DATASET_KEEP_LIST_ORDER = (1 << 1),
  GST_IM_DATASET_SKIP_BAD_FOLDERS = (1 << 2),
} GstImDatasetFlags;

/**
 * GstImDatasetItem:
 * @path: the file, relative to the dataset root (a list file may also give
 *   absolute paths); gst_im_dataset_get_full_path() gives the path to open
 * @index: the item's index in the whole sorted dataset, kept by
 *   gst_im_dataset_shard()
 * @size: the file's size in bytes when it was listed; 0 when unknown (a
 *   dangling link, or a list file's item before gst_im_dataset_shard())
 *
 * One file of a dataset. Items are owned by their #GstImDataset.
 */
typedef struct
{
  gchar *path;
  guint64 index;
  guint64 size;
} GstImDatasetItem;

/**
 * GstImDataset:
 *
 * The files of a dataset in a fixed order: bytewise by path (strcmp), so
 * every machine and file system lists them alike. A dataset does not change
 * once listed, except through gst_im_dataset_shard(); it may then be read
 * from any number of threads.
 */
typedef struct _GstImDataset GstImDataset;

GST_IM_API
GstImDataset *           gst_im_dataset_list (const gchar * location,
                                              const gchar * extensions,
                                              GstImDatasetFlags flags,
                                              guint64 max_list_bytes,
                                              GError ** error);

GST_IM_API
void                     gst_im_dataset_free (GstImDataset * dataset);

GST_IM_API
void                     gst_im_dataset_shard (GstImDataset * dataset,
                                               guint shard_index,
                                               guint shard_count,
                                               guint64 max_items);

GST_IM_API
const gchar *            gst_im_dataset_get_root (GstImDataset * dataset);

GST_IM_API
guint                    gst_im_dataset_get_n_items (GstImDataset * dataset);

GST_IM_API
const GstImDatasetItem * gst_im_dataset_get_item (GstImDataset * dataset,
                                                  guint i);

GST_IM_API
gchar *                  gst_im_dataset_get_full_path (GstImDataset * dataset,
                                                       const GstImDatasetItem * item);

GST_IM_API
const GPtrArray *        gst_im_dataset_get_folder_errors (GstImDataset * dataset);

G_END_DECLS

#endif /* __GST_IM_DATASET_H__ */
