/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What the four files of GstImFrameParallel share: the element (pads,
 * properties, events, state), gstimframeinput.c (inputs become jobs, in
 * order, with back-pressure), gstimframejob.c (jobs and workers) and
 * gstimframeoutput.c (the source task that pushes results in order).
 */
#ifndef __GST_IM_FRAME_PARALLEL_PRIVATE_H__
#define __GST_IM_FRAME_PARALLEL_PRIVATE_H__

#include <gst/imagemill/imagemill.h>
#include <gst/base/gstqueuearray.h>
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
  guint epoch;

  GPtrArray *outputs;           /* of GstBuffer, caps in the matching slot */
  GPtrArray *output_caps;       /* of GstCaps or NULL */
  GError *error;
  gboolean done;                /* under the element lock */
};

/* A FIFO entry: a job or a serialized event. */
typedef struct
{
  GstImFrameJob *job;
  GstEvent *event;
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

  /* everything below: lock */
  GMutex lock;
  GCond item_cond;              /* a job finished or an item was queued */
  GCond space_cond;             /* the FIFO has room again */
  GCond idle_cond;              /* a work item ended */
  GstQueueArray *fifo;          /* of Item */
  guint n_jobs;                 /* jobs in the FIFO */
  GPtrArray *batch;             /* jobs queued but not yet given to a worker */
  guint n_running;              /* work items handed to the pool */
  gboolean flushing;
  guint epoch;
  GstFlowReturn srcresult;
  guint n_pushing;              /* jobs the source task has taken, not freed */
  guint64 next_seqnum;
  GQueue idle_states;           /* per-worker scratch not in use */
  GstImWorkerPool *pool;

  /* source task only */
  GstCaps *src_caps;
  GQueue held_events;           /* sticky events waiting for the first caps */

  GstImFramePools *frame_pools;

  /* input side, streaming thread only */
  GstImFramer *framer;          /* cuts image/jpeg, image/png into images */
  gboolean raw_input;           /* video/x-raw: one frame per buffer */
  gint fps_n, fps_d;            /* from the sink caps, 0/1 when absent */
  GstVideoFormat out_format;    /* negotiated, UNKNOWN: ask downstream */
} GstImFrameParallelPrivate;

#define PRIV(self) gst_im_fp_get_priv (self)

G_GNUC_INTERNAL GstImFrameParallelPrivate *gst_im_fp_get_priv (GstImFrameParallel * self);

/* gstimframeparallel.c */
G_GNUC_INTERNAL void gst_im_fp_start_streaming (GstImFrameParallel * self);
G_GNUC_INTERNAL void gst_im_fp_stop_streaming (GstImFrameParallel * self);

/* gstimframeinput.c */
G_GNUC_INTERNAL GstFlowReturn gst_im_fp_chain (GstPad * pad,
    GstObject * parent, GstBuffer * buffer);
G_GNUC_INTERNAL void gst_im_fp_take_input_caps (GstImFrameParallel * self,
    GstCaps * caps);
G_GNUC_INTERNAL GstFlowReturn gst_im_fp_submit_framed (GstImFrameParallel * self);

/* gstimframejob.c */
G_GNUC_INTERNAL GstImFrameJob *gst_im_fp_job_new (GstImFrameParallel * self,
    GstBuffer * input, gpointer data, GDestroyNotify destroy);
G_GNUC_INTERNAL void gst_im_fp_job_free (GstImFrameJob * job);
G_GNUC_INTERNAL void gst_im_fp_item_clear (Item * item);
G_GNUC_INTERNAL void gst_im_fp_dispatch_batch_locked (GstImFrameParallel * self);
G_GNUC_INTERNAL void gst_im_fp_wait_idle_locked (GstImFrameParallelPrivate * priv);
G_GNUC_INTERNAL gboolean gst_im_fp_survives_flush (GstEvent * event);
G_GNUC_INTERNAL void gst_im_fp_clear_fifo_locked (GstImFrameParallel * self,
    gboolean flush);

/* gstimframeoutput.c */
G_GNUC_INTERNAL void gst_im_fp_output_loop (GstImFrameParallel * self);
G_GNUC_INTERNAL gboolean gst_im_fp_src_activate_mode (GstPad * pad,
    GstObject * parent, GstPadMode mode, gboolean active);

G_END_DECLS

#endif /* __GST_IM_FRAME_PARALLEL_PRIVATE_H__ */
