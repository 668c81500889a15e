/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_MANIFEST_H__
#define __GST_IM_MANIFEST_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

/**
 * GstImManifest:
 *
 * A list of saved files, as CSV or JSON lines, written to a temporary file
 * as entries come and put under its name, atomically, by
 * gst_im_manifest_commit().
 */
typedef struct _GstImManifest GstImManifest;

GST_IM_API
GstImManifest * gst_im_manifest_new (const gchar * path, GError ** error);

GST_IM_API
void            gst_im_manifest_free (GstImManifest * manifest);

GST_IM_API
gboolean        gst_im_manifest_add (GstImManifest * manifest,
                                     const gchar * location,
                                     const gchar * source, guint64 index,
                                     guint copy, guint64 bytes,
                                     const gchar * status,
                                     const gchar * augment, GError ** error);

GST_IM_API
gboolean        gst_im_manifest_commit (GstImManifest * manifest,
                                        gboolean sync, GError ** error);

G_END_DECLS

#endif /* __GST_IM_MANIFEST_H__ */
