/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What the five files of GstImFrameParallel share: the element (pads,
 * properties, events, state), gstimframeinput.c (inputs become jobs in the
 * ordered queue, with back-pressure), gstimframejob.c (jobs, queue items
 * and what workers run), gstimframeoutput.c (the source task that pops
 * the queue and pushes results in order) and gstimframelive.c (latency,
 * QoS, segments).
 */
#ifndef __GST_IM_FRAME_PARALLEL_PRIVATE_H__
#define __GST_IM_FRAME_PARALLEL_PRIVATE_H__

#include <gst/imagemill/imagemill.h>
#include "frame/gstimframepools.h"
#include "gstimdebug-private.h"

G_BEGIN_DECLS

GST_IM_DEBUG_CATEGORY ("im-frame-parallel", "imagemill frame-parallel base class");

struct _GstImFrameJob
{
  GstImFrameParallel *self;
  GstBuffer *input;
  gpointer data;
  GDestroyNotify destroy;
  guint64 seqnum;
  guint part;                   /* of the input's parts_per_input jobs */

  GPtrArray *outputs;           /* of GstBuffer, caps in the matching slot */
  GPtrArray *output_caps;       /* of GstCaps or NULL */
  GError *error;
};

/* An item of the ordered queue: a job, a serialized event (a barrier), or
 * a DRAIN query's marker (a barrier: it leaves once every input before it
 * is released). */
typedef struct
{
  GstImFrameJob *job;
  GstEvent *event;
  GstImFrameParallel *drain;    /* the marker's element */
} Item;

typedef struct
{
  GstPad *sinkpad;
  GstPad *srcpad;

  /* properties: GST_OBJECT_LOCK */
  guint workers;
  guint max_in_flight;
  guint chunk_size;
  gboolean ordered;

  GstImReporter *reporter;      /* on-error, skipped: its own lock */

  /* from READY->PAUSED to PAUSED->READY; set and cleared under lock, used
   * without it by the pads' threads, which only run in between */
  GstImWorkerPool *pool;
  GstImOrderedQueue *queue;     /* of Item; a job is held while pushed */

  /* everything below: lock */
  GMutex lock;
  GCond drain_cond;             /* a marker left, or srcresult changed */
  GstFlowReturn srcresult;      /* not OK: the queue is flushing */
  guint64 drains_queued;        /* DRAIN markers pushed */
  guint64 drains_done;          /* markers popped or dropped, in that order */
  GQueue idle_states;           /* per-worker scratch not in use */

  /* source task only */
  GstCaps *src_caps;
  GQueue held_events;           /* sticky events waiting for the first caps */

  GstImFramePools *frame_pools;

  /* input side, streaming thread only */
  guint64 next_seqnum;
  GstImFramer *framer;          /* cuts image/jpeg, image/png into images */
  gboolean raw_input;           /* video/x-raw: one frame per buffer */
  gint fps_n, fps_d;            /* from the sink caps, 0/1 when absent */
  GstVideoFormat out_format;    /* negotiated, UNKNOWN: ask downstream */
  GstCaps *out_peer;            /* what downstream took when asked */
  GstSegment in_segment;        /* the last SEGMENT, in time */
  guint64 n_segments;           /* SEGMENT events since READY to PAUSED */

  /* downstream's QoS: lock */
  GstClockTime earliest_time;   /* inputs before it are late; NONE: none */
} GstImFrameParallelPrivate;

#define PRIV(self) gst_im_fp_get_priv (self)

G_GNUC_INTERNAL GstImFrameParallelPrivate *gst_im_fp_get_priv (GstImFrameParallel * self);

/* gstimframeinput.c */
G_GNUC_INTERNAL GstFlowReturn gst_im_fp_chain (GstPad * pad,
    GstObject * parent, GstBuffer * buffer);
G_GNUC_INTERNAL void gst_im_fp_take_input_caps (GstImFrameParallel * self,
    GstCaps * caps);
G_GNUC_INTERNAL GstFlowReturn gst_im_fp_submit_framed (GstImFrameParallel * self);
G_GNUC_INTERNAL gboolean gst_im_fp_enqueue_event (GstImFrameParallel * self,
    GstEvent * event);
G_GNUC_INTERNAL void gst_im_fp_drain (GstImFrameParallel * self);

/* gstimframejob.c */
G_GNUC_INTERNAL GstImFrameJob *gst_im_fp_job_new (GstImFrameParallel * self,
    GstBuffer * input, gpointer data, GDestroyNotify destroy);
G_GNUC_INTERNAL void gst_im_fp_item_clear (Item * item);
G_GNUC_INTERNAL void gst_im_fp_item_free (gpointer item);
G_GNUC_INTERNAL guint64 gst_im_fp_run_item (gpointer item, guint64 bytes,
    gpointer self);
G_GNUC_INTERNAL gboolean gst_im_fp_keep_on_flush (gpointer item,
    gboolean started, gpointer user_data);
G_GNUC_INTERNAL gboolean gst_im_fp_survives_flush (GstEvent * event);
G_GNUC_INTERNAL void gst_im_fp_apply_settings_locked (GstImFrameParallel *
    self);
G_GNUC_INTERNAL gboolean gst_im_fp_start_workers (GstImFrameParallel * self,
    guint workers, GError ** error);
G_GNUC_INTERNAL void gst_im_fp_stop_workers (GstImFrameParallel * self);
G_GNUC_INTERNAL void gst_im_fp_start_streaming (GstImFrameParallel * self);
G_GNUC_INTERNAL void gst_im_fp_stop_streaming (GstImFrameParallel * self);

/* gstimframelive.c */
G_GNUC_INTERNAL void gst_im_fp_live_init_pads (GstImFrameParallel * self);
G_GNUC_INTERNAL void gst_im_fp_live_reset (GstImFrameParallel * self);
G_GNUC_INTERNAL void gst_im_fp_live_segment (GstImFrameParallel * self,
    const GstSegment * segment);

/* gstimframeoutput.c */
G_GNUC_INTERNAL void gst_im_fp_output_loop (GstImFrameParallel * self);
G_GNUC_INTERNAL gboolean gst_im_fp_src_activate_mode (GstPad * pad,
    GstObject * parent, GstPadMode mode, gboolean active);

G_END_DECLS

#endif /* __GST_IM_FRAME_PARALLEL_PRIVATE_H__ */
