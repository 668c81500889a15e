/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What the atomic writes of gstimsaver.c lend gstimmanifest.c: the
 * temporary name next to a target, the error code for an errno, the folder
 * fsync, and the "im-saver" debug category.
 */
#ifndef __GST_IM_SAVER_PRIVATE_H__
#define __GST_IM_SAVER_PRIVATE_H__

#include <gst/imagemill/gstimsaver.h>
#include "gstimdebug-private.h"

G_BEGIN_DECLS

/* one category for the saver, the save queue and the manifest */
GST_IM_DEBUG_CATEGORY ("im-saver", "imagemill atomic file saving");

G_GNUC_INTERNAL
gchar *  gst_im_save_temp_template (const gchar * path);

G_GNUC_INTERNAL
gint     gst_im_save_error_code (gint errsv);

G_GNUC_INTERNAL
void     gst_im_save_sync_folder (const gchar * path);

G_END_DECLS

#endif /* __GST_IM_SAVER_PRIVATE_H__ */
