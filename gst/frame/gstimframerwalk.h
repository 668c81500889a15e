/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_FRAMER_WALK_H__
#define __GST_IM_FRAMER_WALK_H__

#include <gst/imagemill/gstimdecoder.h>

G_BEGIN_DECLS

/* Where the walk through the image being gathered stands, kept between
 * pushes so that it resumes where it stopped. */
typedef struct
{
  gsize pos;                    /* where it resumes, from the image start */
  gboolean in_entropy;          /* JPEG: inside entropy-coded data */
  gboolean after_scan;          /* JPEG: a scan has begun */
  gboolean corrupt;             /* JPEG: an invalid marker was seen */
  gboolean multi_scan;          /* JPEG: the frame takes any number of scans */
  guint components;             /* JPEG: in the frame header */
  guint scanned;                /* JPEG: in the scan headers so far */
  gsize checked;                /* JPEG: the segment at pos, waiting for its
                                 * end, holds no signature before this */
} GstImFramerWalk;

G_GNUC_INTERNAL gsize gst_im_framer_image_length (GstImCodec codec,
    const guint8 * d, gsize n, GstImFramerWalk * w);

G_GNUC_INTERNAL gboolean gst_im_framer_holds_signature (const guint8 * d,
    gsize from, gsize to);

G_END_DECLS

#endif /* __GST_IM_FRAMER_WALK_H__ */
