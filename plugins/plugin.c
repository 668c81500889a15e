/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstdecoderpool.h"
#ifdef HAVE_MERCATORREMAP
#include "gstmercatorremap.h"
#endif

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (decoder_pool, plugin);
#ifdef HAVE_MERCATORREMAP
  ret |= GST_ELEMENT_REGISTER (mercatorremap, plugin);
#endif

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, imagemill,
    "Parallel image elements: decode, augment, thumbnail, remap, save",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
