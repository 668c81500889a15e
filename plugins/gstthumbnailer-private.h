/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_THUMBNAILER_PRIVATE_H__
#define __GST_THUMBNAILER_PRIVATE_H__

#include "gstthumbnailer.h"
#include <gst/imagemill/gstimresample.h>

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (gst_thumbnailer_debug);

/* The properties, copied whole into each job. */
typedef struct
{
  guint width, height;
  GstThumbnailerMode mode;
  guint32 background;
  gboolean no_upscale;
  GstImResampleKernel kernel;
  gboolean auto_orient;
  gboolean shrink_on_load;
  guint64 max_pixels;
  gboolean strict;
  GstImColorProfile color_profile;
  GstImMetadataMode metadata;
  GstImSecondaryImages secondary_images;        /* the framer has a copy */
} Settings;

/* What one job needs, copied from the element when it is queued. */
typedef struct
{
  Settings set;
  GstVideoFormat format;        /* raw input: its format */
  GstImImageFormats formats;    /* encoded input: what each image keeps */
  gint fps_n, fps_d;
  gboolean raw;
  GstVideoInfo in_info;         /* raw input only */
} JobSettings;

/* Per-worker state: decoder, scratch images, resamplers of the last
 * geometries (most recent first). */
#define N_RESAMPLERS 2
typedef struct
{
  GstImDecoder *decoder;
  GstImScratch decoded;
  GstImScratch turned;
  GstImResampler *resamplers[N_RESAMPLERS];
} WorkerState;

/* The source pixels of a job: decoded into worker scratch, or mapped. */
typedef struct
{
  const guint8 *data;
  gint stride;
  guint width, height;          /* stored orientation, as decoded */
  guint orientation;
  GstVideoFormat format;        /* of the pixels, and of the thumbnail */
  GstImResampleRect rect;       /* what to resample, in decoded pixels */
  guint rw, rh;                 /* resampled size, stored orientation */
  gboolean mapped_frame;
  GstVideoFrame frame;
} Source;

/* The pixels to resample for job @s on @input, and where they go (@g): a
 * raw frame mapped, or the image decoded into @state's scratch. Clear @src
 * with gst_thumbnailer_source_clear () whatever the result. */
gboolean gst_thumbnailer_load_source (WorkerState * state,
    const JobSettings * s, GstBuffer * input, Source * src, GstImBox * g,
    GError ** error);
void gst_thumbnailer_source_clear (Source * src);

G_END_DECLS

#endif /* __GST_THUMBNAILER_PRIVATE_H__ */
