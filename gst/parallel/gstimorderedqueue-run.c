/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Running the items of a GstImOrderedQueue: nodes gather in a batch that is
 * handed to the pool chunk-size nodes at a time, or sooner when a worker is
 * idle or ends, a push waits for room or a barrier comes; a worker runs the
 * nodes of its chunk in order and marks them done, or drops them when a
 * flush made them stale. The queue itself (push, pop, bounds, flush) is in
 * gstimorderedqueue.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "parallel/gstimorderedqueue-private.h"

/* Wakes the threads a change concerns, only those: on few cores every
 * needless wake-up of a blocked pusher costs a context switch per item. */
void
gst_im_oq_room_changed_locked (GstImOrderedQueue * queue)
{
  if (queue->n_waiting_room)
    g_cond_broadcast (&queue->room_cond);
}

void
gst_im_oq_ready_changed_locked (GstImOrderedQueue * queue)
{
  if (queue->n_waiting)
    g_cond_broadcast (&queue->cond);
  if (queue->n_waiting_ready)
    g_cond_broadcast (&queue->room_cond);
}

/* A node no one else can reach: its item dropped. */
void
gst_im_oq_node_drop (GstImOrderedQueue * queue, Node * node)
{
  GST_TRACE ("dropping item %p", node->item);
  if (queue->destroy)
    queue->destroy (node->item);
  g_free (node);
}

/* Runs a RUNNING node, without the lock. */
void
gst_im_oq_node_run (GstImOrderedQueue * queue, Node * node, guint64 bytes)
{
  gboolean stale;

  bytes = queue->run (node->item, bytes, queue->user_data);

  g_mutex_lock (&queue->lock);
  stale = node->epoch != queue->epoch;
  if (!stale) {
    if (!node->barrier)
      queue->bytes = queue->bytes - node->bytes + bytes;
    if (bytes < node->bytes)
      gst_im_oq_room_changed_locked (queue);
    node->bytes = bytes;
    node->state = NODE_DONE;
    gst_im_oq_ready_changed_locked (queue);
  }
  g_mutex_unlock (&queue->lock);
  /* flushed while it ran: it left the FIFO, and is ours to drop */
  if (stale)
    gst_im_oq_node_drop (queue, node);
}

/* Worker: the nodes of one chunk, in order. */
static void
run_chunk (gpointer data)
{
  Chunk *chunk = data;
  GstImOrderedQueue *queue = chunk->queue;
  guint i;

  for (i = 0; i < chunk->nodes->len; i++) {
    Node *node = g_ptr_array_index (chunk->nodes, i);
    gboolean stale;
    guint64 bytes;

    g_mutex_lock (&queue->lock);
    stale = node->epoch != queue->epoch;
    if (!stale)
      node->state = NODE_RUNNING;
    bytes = node->bytes;
    g_mutex_unlock (&queue->lock);
    if (stale)
      gst_im_oq_node_drop (queue, node);
    else
      gst_im_oq_node_run (queue, node, bytes);
  }

  g_mutex_lock (&queue->lock);
  queue->n_active--;
  /* this worker is free: start a partial chunk rather than idle */
  if (!queue->flushing)
    gst_im_oq_dispatch_locked (queue);
  gst_im_oq_ready_changed_locked (queue);
  g_mutex_unlock (&queue->lock);

  g_ptr_array_unref (chunk->nodes);
  g_free (chunk);
}

/* Hands the batch to the pool. If no thread can be started for it, its
 * nodes run on the popping thread instead: slower, but nothing is lost. */
void
gst_im_oq_dispatch_locked (GstImOrderedQueue * queue)
{
  Chunk *chunk;
  guint i;

  if (queue->batch->len == 0)
    return;
  chunk = g_new (Chunk, 1);
  chunk->queue = queue;
  chunk->nodes = queue->batch;
  queue->batch = g_ptr_array_new ();
  for (i = 0; i < chunk->nodes->len; i++)
    ((Node *) g_ptr_array_index (chunk->nodes, i))->state = NODE_DISPATCHED;
  queue->n_active++;
  if (gst_im_worker_pool_push (queue->pool, run_chunk, chunk))
    return;

  GST_WARNING ("no worker for %u items: they run on the popping thread",
      chunk->nodes->len);
  for (i = 0; i < chunk->nodes->len; i++) {
    Node *node = g_ptr_array_index (chunk->nodes, i);

    node->state = NODE_QUEUED;
    node->inline_run = TRUE;
  }
  queue->n_active--;
  gst_im_oq_ready_changed_locked (queue);
  g_ptr_array_unref (chunk->nodes);
  g_free (chunk);
}

/* Index of the node a pop takes (done) or runs (inline), or -1. */
