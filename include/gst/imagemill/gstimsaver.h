/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_SAVER_H__
#define __GST_IM_SAVER_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/imagemill/gstimencoder.h>

G_BEGIN_DECLS

/**
 * GstImIfExists:
 * @GST_IM_IF_EXISTS_OVERWRITE: replace the file, atomically
 * @GST_IM_IF_EXISTS_SKIP: keep the file and skip the input (resumes a job)
 * @GST_IM_IF_EXISTS_ERROR: keep the file and treat the input as failed
 *
 * What to do when an output file exists already.
 */
typedef enum
{
  GST_IM_IF_EXISTS_OVERWRITE,
  GST_IM_IF_EXISTS_SKIP,
  GST_IM_IF_EXISTS_ERROR,
} GstImIfExists;

#define GST_IM_TYPE_IF_EXISTS (gst_im_if_exists_get_type ())
GST_IM_API
GType gst_im_if_exists_get_type (void);

/**
 * GstImSaveFlags:
 * @GST_IM_SAVE_NONE: no flags
 * @GST_IM_SAVE_FSYNC: fsync the file before it gets its name, and its folder
 *   after, so that it survives a power cut, not only a killed process
 * @GST_IM_SAVE_NO_REPLACE: never replace an existing file, not even one that
 *   appears while this one is written
 */
typedef enum
{
  GST_IM_SAVE_NONE = 0,
  GST_IM_SAVE_FSYNC = (1 << 0),
  GST_IM_SAVE_NO_REPLACE = (1 << 1),
} GstImSaveFlags;

/**
 * GstImSaveResult:
 * @GST_IM_SAVE_FAILED: nothing was saved; the error says why
 * @GST_IM_SAVE_WRITTEN: the file is complete under its name
 * @GST_IM_SAVE_EXISTS: %GST_IM_SAVE_NO_REPLACE (or if-exists=skip) and the
 *   file existed; it was left alone
 */
typedef enum
{
  GST_IM_SAVE_FAILED,
  GST_IM_SAVE_WRITTEN,
  GST_IM_SAVE_EXISTS,
} GstImSaveResult;

GST_IM_API
GstImSaveResult gst_im_save_file (const gchar * path, const guint8 * data,
                                  gsize size, GstImSaveFlags flags,
                                  GError ** error);

GST_IM_API
gboolean        gst_im_is_temp_name (const gchar * name);

G_END_DECLS

#endif /* __GST_IM_SAVER_H__ */
