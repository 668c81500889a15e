/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstdecoderpool.h"
#include "gstmercatorremap.h"
#ifdef HAVE_DATASETSRC
#include "gstdatasetsrc.h"
#endif
#ifdef HAVE_QUEUESAVER
#include "gstqueuesaver.h"
#endif
#ifdef HAVE_THUMBNAILER
#include "gstthumbnailer.h"
#endif

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (decoder_pool, plugin);
  ret |= GST_ELEMENT_REGISTER (mercatorremap, plugin);
#ifdef HAVE_DATASETSRC
  ret |= GST_ELEMENT_REGISTER (dataset_src, plugin);
#endif
#ifdef HAVE_QUEUESAVER
  ret |= GST_ELEMENT_REGISTER (queue_saver, plugin);
#endif
#ifdef HAVE_THUMBNAILER
  ret |= GST_ELEMENT_REGISTER (thumbnailer, plugin);
#endif

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, imagemill,
    "Parallel image elements: decode, augment, thumbnail, remap, save",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
