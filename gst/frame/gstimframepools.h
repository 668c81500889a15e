/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_FRAME_POOLS_H__
#define __GST_IM_FRAME_POOLS_H__

#include <gst/video/video.h>

G_BEGIN_DECLS

typedef struct _GstImFramePools GstImFramePools;

G_GNUC_INTERNAL GstImFramePools *gst_im_frame_pools_new (void);
G_GNUC_INTERNAL void gst_im_frame_pools_free (GstImFramePools * pools);
G_GNUC_INTERNAL void gst_im_frame_pools_clear (GstImFramePools * pools);
G_GNUC_INTERNAL GstBuffer *gst_im_frame_pools_acquire (GstImFramePools * pools,
    const GstVideoInfo * info, GstCaps ** caps, GError ** error);

G_END_DECLS

#endif /* __GST_IM_FRAME_POOLS_H__ */
