/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What gstimorderedqueue.c (push, pop, bounds, flush) and
 * gstimorderedqueue-run.c (running items on the pool) share.
 */
#ifndef __GST_IM_ORDERED_QUEUE_PRIVATE_H__
#define __GST_IM_ORDERED_QUEUE_PRIVATE_H__

#include <gst/base/gstqueuearray.h>
#include <gst/imagemill/gstimorderedqueue.h>
#include "gstimdebug-private.h"

G_BEGIN_DECLS

GST_IM_DEBUG_CATEGORY ("im-ordered-queue",
    "imagemill ordered-completion queue");

typedef enum
{
  NODE_QUEUED,                  /* in the batch, or waiting for the popper */
  NODE_DISPATCHED,              /* in a chunk handed to the pool */
  NODE_RUNNING,
  NODE_DONE,
} NodeState;

typedef struct
{
  gpointer item;
  guint64 bytes;                /* charged, unless a barrier */
  guint epoch;
  NodeState state;
  gboolean barrier;
  gboolean inline_run;          /* QUEUED: the popping thread runs it */
} Node;

typedef struct
{
  GstImOrderedQueue *queue;
  GPtrArray *nodes;
} Chunk;

struct _GstImOrderedQueue
{
  GstImWorkerPool *pool;        /* NULL: items run on the popping thread */
  GstImOrderedRunFunc run;
  GDestroyNotify destroy;
  gpointer user_data;

  /* everything below: lock */
  GMutex lock;
  GCond cond;                   /* an item may be ready, or all idle */
  GCond room_cond;              /* room may have come */
  guint n_waiting;              /* threads waiting on cond */
  guint n_waiting_room;         /* pushes waiting on room_cond */
  guint n_waiting_ready;        /* of those, WAKE_ON_READY ones */
  GstQueueArray *nodes;         /* Node *, oldest first */
  GPtrArray *batch;             /* QUEUED nodes not yet given to the pool */
  GPtrArray *held;              /* popped with HOLD, still counted */
  guint n_counted;              /* nodes that are not barriers */
  guint64 bytes;
  guint max_items;
  guint64 max_bytes;
  guint chunk_size;
  guint epoch;
  guint n_active;               /* chunks in the pool, runs on poppers */
  gboolean flushing;
};

/* with the lock: wake the threads a change concerns */
G_GNUC_INTERNAL
void gst_im_oq_room_changed_locked (GstImOrderedQueue * queue);
G_GNUC_INTERNAL
void gst_im_oq_ready_changed_locked (GstImOrderedQueue * queue);

/* with the lock: hand the batch to the pool as the chunk rule says */
G_GNUC_INTERNAL
void gst_im_oq_dispatch_locked (GstImOrderedQueue * queue);

/* without the lock */
G_GNUC_INTERNAL
void gst_im_oq_node_run (GstImOrderedQueue * queue, Node * node,
    guint64 bytes);
G_GNUC_INTERNAL
void gst_im_oq_node_drop (GstImOrderedQueue * queue, Node * node);

G_END_DECLS

#endif /* __GST_IM_ORDERED_QUEUE_PRIVATE_H__ */
