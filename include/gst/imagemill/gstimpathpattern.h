/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_PATH_PATTERN_H__
#define __GST_IM_PATH_PATTERN_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

/**
 * GstImPathPattern:
 *
 * A parsed output name pattern: text, printf index conversions (%05d) and
 * the tokens {stem} {name} {ext} {dir} {index} {copy}.
 */
typedef struct _GstImPathPattern GstImPathPattern;

GST_IM_API
GstImPathPattern *gst_im_path_pattern_new (const gchar * pattern,
                                           GError ** error);

GST_IM_API
void              gst_im_path_pattern_free (GstImPathPattern * pattern);

GST_IM_API
gboolean          gst_im_path_pattern_needs_source (const GstImPathPattern *
                                                    pattern);

GST_IM_API
gchar *           gst_im_path_pattern_expand (const GstImPathPattern *
                                              pattern, const gchar * source,
                                              guint64 index, guint copy,
                                              GError ** error);

G_END_DECLS

#endif /* __GST_IM_PATH_PATTERN_H__ */
