/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_DEBUG_PRIVATE_H__
#define __GST_IM_DEBUG_PRIVATE_H__

#include <gst/gst.h>

/* GST_IM_DEBUG_CATEGORY (name, description): the default debug category of
 * a core unit, registered on first use (video-converter's pattern), because
 * applications may call the core before any element's class_init. */
#ifndef GST_DISABLE_GST_DEBUG
#define GST_IM_DEBUG_CATEGORY(name, description)                        \
  static G_GNUC_UNUSED GstDebugCategory *                               \
  ensure_debug_category (void)                                          \
  {                                                                     \
    static gsize cat_gonce = 0;                                         \
                                                                        \
    if (g_once_init_enter (&cat_gonce)) {                               \
      gsize cat = (gsize) _gst_debug_category_new (name, 0, description); \
      g_once_init_leave (&cat_gonce, cat);                              \
    }                                                                   \
    return (GstDebugCategory *) cat_gonce;                              \
  }
#define GST_CAT_DEFAULT ensure_debug_category ()
#else
#define GST_IM_DEBUG_CATEGORY(name, description)
#endif

#endif /* __GST_IM_DEBUG_PRIVATE_H__ */
