/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_COLOR_PRIVATE_H__
#define __GST_IM_COLOR_PRIVATE_H__

#include <gst/video/video.h>
#include <gst/imagemill/gstimparallel.h>

G_BEGIN_DECLS

/* Colour profiles and Little CMS (gstimcolor.c) */
G_GNUC_INTERNAL
GBytes * gst_im_color_to_srgb (GstVideoFrame * frame, GBytes * icc,
                               GstImWorkerPool * pool);

G_GNUC_INTERNAL
GBytes * gst_im_color_profile_for_gamma (gdouble file_gamma,
                                         const gdouble * chrm, gboolean gray);

G_END_DECLS

#endif /* __GST_IM_COLOR_PRIVATE_H__ */
