/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/imagemill/imagemill.h>

/**
 * gst_im_init:
 *
 * Registers the library's types and metas. Elements call it from class_init;
 * applications that only use the metas may call it themselves.
 */
void
gst_im_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    gst_im_source_meta_get_info ();
    gst_type_mark_as_plugin_api (GST_IM_TYPE_ON_ERROR, 0);
    gst_type_mark_as_plugin_api (GST_IM_TYPE_FRAME_PARALLEL, 0);
    gst_type_mark_as_plugin_api (GST_IM_TYPE_RESAMPLE_KERNEL, 0);
    g_once_init_leave (&done, 1);
  }
}
