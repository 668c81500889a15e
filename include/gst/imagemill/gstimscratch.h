/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_SCRATCH_H__
#define __GST_IM_SCRATCH_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

/**
 * GstImScratch:
 * @data: the memory, or %NULL
 * @size: its size in bytes
 *
 * Grow-only scratch memory owned by one worker: a stream of same-sized
 * frames allocates once. Zero-initialise it; free with
 * gst_im_scratch_clear(). Not thread-safe: one per worker.
 */
typedef struct {
  guint8 *data;
  gsize size;
} GstImScratch;

GST_IM_API
guint8 *gst_im_scratch_get (GstImScratch * scratch, gsize size,
    const gchar * what, GError ** error);

GST_IM_API
void gst_im_scratch_trim (GstImScratch * scratch, gsize keep);

GST_IM_API
void gst_im_scratch_clear (GstImScratch * scratch);

G_END_DECLS

#endif /* __GST_IM_SCRATCH_H__ */
