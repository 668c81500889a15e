/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What the two files of augment share: the element (gstaugment.c:
 * properties, loading the pipeline, caps, the settings each job copies)
 * and its frame work (gstaugment-frame.c: drawing, rendering, boxes,
 * metas and stats, on the workers).
 */
#ifndef __GST_AUGMENT_PRIVATE_H__
#define __GST_AUGMENT_PRIVATE_H__

#include "gstaugment.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (gst_augment_debug);

struct _GstAugment
{
  GstImFrameParallel parent;

  /* properties: GST_OBJECT_LOCK */
  gchar *config;
  gchar *transforms;
  guint64 seed;
  guint copies;
  gboolean fuse;
  guint chunk_rows;
  gchar *replay;
  guint hold_frames;
  GstImAugBoxFilter box_filter;
  gchar *qos_skip;
  guint stats_interval;

  /* made when the element starts (READY to PAUSED), dropped when it stops
   * (PAUSED to READY); the workers read them, so no property setter
   * touches them: config, transforms and replay set while running take
   * effect at the next start */
  GstImAugPipeline *pipeline;
  GstImAugPlan *replay_plan;
  gchar **skip_names;           /* qos-skip's list; NULL: none */

  /* since the element started (READY to PAUSED), GST_OBJECT_LOCK */
  guint64 stat_inputs, stat_outputs, stat_failed;
  gint64 stat_time_sum, stat_time_max;  /* microseconds per output */
  guint64 stat_late, stat_skipped;      /* outputs QoS found late, steps
                                         * they left out */
  gint64 stat_posted;           /* when the last stats message left */

  gboolean told_yuv;             /* the YUV refusal posted: OBJECT_LOCK */

  /* streaming thread: the segment the hold windows start from */
  guint64 segment_seen, segment_key;

  /* streaming thread */
  GstVideoInfo in_info;
};

/* What one frame needs, copied at its arrival. */
typedef struct
{
  GstVideoInfo in_info;
  gint fps_n, fps_d;
  guint64 seed;
  gboolean fuse;
  guint chunk_rows;
  GstImAugBoxFilter box_filter;   /* the properties' and bbox_params' */
  guint64 draw_key;             /* the frame key of the draws (held) */
  gboolean late;                /* QoS: leave out the qos-skip steps */
} JobSettings;

/* gstaugment.c */
G_GNUC_INTERNAL GstStructure *gst_augment_stats_locked (GstAugment * self);

/* gstaugment-frame.c */
G_GNUC_INTERNAL gboolean gst_augment_process (GstImFrameParallel * base,
    GstImFrameJob * job, gpointer state, GError ** error);

G_END_DECLS

#endif /* __GST_AUGMENT_PRIVATE_H__ */
