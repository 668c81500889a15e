/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstaugment.h"
#include "gstdecoderpool.h"
#include "gstmercatorremap.h"
#include "gstdatasetsrc.h"
#include "gstqueuesaver.h"
#include "gstthumbnailer.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (augment, plugin);
  ret |= GST_ELEMENT_REGISTER (decoder_pool, plugin);
  ret |= GST_ELEMENT_REGISTER (mercatorremap, plugin);
  ret |= GST_ELEMENT_REGISTER (dataset_src, plugin);
  ret |= GST_ELEMENT_REGISTER (queue_saver, plugin);
  ret |= GST_ELEMENT_REGISTER (thumbnailer, plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, imagemill,
    "Parallel image elements: decode, augment, thumbnail, remap, save",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
