/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IMAGEMILL_H__
#define __GST_IMAGEMILL_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/imagemill/gstimparallel.h>
#include <gst/imagemill/gstimorderedqueue.h>
#include <gst/imagemill/gstimscratch.h>
#include <gst/imagemill/gstimreport.h>
#include <gst/imagemill/gstimframeparallel.h>
#include <gst/imagemill/gstimdecoder.h>
#include <gst/imagemill/gstimframer.h>
#include <gst/imagemill/gstimorient.h>
#include <gst/imagemill/gstimsourcemeta.h>
#include <gst/imagemill/gstimprofilemeta.h>
#include <gst/imagemill/gstimmetadatameta.h>
#include <gst/imagemill/gstimdataset.h>
#include <gst/imagemill/gstimfileread.h>
#include <gst/imagemill/gstimencoder.h>
#include <gst/imagemill/gstimsaver.h>
#include <gst/imagemill/gstimsavequeue.h>
#include <gst/imagemill/gstimpathpattern.h>
#include <gst/imagemill/gstimmanifest.h>
#include <gst/imagemill/gstimresample.h>
#include <gst/imagemill/gstimbox.h>
#include <gst/imagemill/gstimremap.h>
#include <gst/imagemill/gstimprojection.h>
#include <gst/imagemill/gstimdraw.h>
#include <gst/imagemill/gstimaugment.h>
#include <gst/imagemill/gstimaugmentmeta.h>

G_BEGIN_DECLS

GST_IM_API
void gst_im_init (void);

G_END_DECLS

#endif /* __GST_IMAGEMILL_H__ */
