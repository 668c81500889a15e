/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * One ordered-completion queue for every element that runs items on
 * workers and hands them back in order: the read-ahead of dataset-src, the
 * saves of queue-saver, the jobs and events of the frame-parallel base.
 *
 * Each item is wrapped in a node that lives in a FIFO from its push until
 * it is popped or dropped (or, popped with HOLD, until it is released).
 * Nodes to run gather in a batch that is handed to the pool chunk-size
 * nodes at a time, or sooner when a worker is idle or ends, a push waits
 * for room or a barrier comes, so that no node waits for a chunk to fill
 * while a worker could run it. Without a pool (or when the pool cannot
 * start a thread) nodes run on the popping thread when they reach the
 * head. Pushes wait on room_cond, pops on cond, each woken only by what
 * concerns it.
 *
 * A flush bumps the epoch. A node that is not kept leaves the FIFO at once
 * and its charge is returned; who destroys its item depends on who holds it:
 * the flush for a node queued or done, the worker (or popping thread) for a
 * node it holds, which sees the old epoch before running it or once its run
 * returns. So each dropped item is destroyed exactly once and never while
 * it runs.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "parallel/gstimorderedqueue-private.h"

/**
 * gst_im_ordered_queue_new: (skip)
 * @pool: (nullable) (transfer none): the workers that run the items; it
 *   must outlive the queue. %NULL runs each item on the thread that pops
 *   it, when it reaches the head.
 * @run: runs one item
 * @destroy: (nullable): frees an item the queue drops (by a flush or by
 *   gst_im_ordered_queue_free()); popped items are the caller's
 * @user_data: data for @run
 *
 * Returns: (transfer full): a new queue without bounds, chunks of one
 *   item, not flushing
 */
GstImOrderedQueue *
gst_im_ordered_queue_new (GstImWorkerPool * pool, GstImOrderedRunFunc run,
    GDestroyNotify destroy, gpointer user_data)
{
  GstImOrderedQueue *queue;

  g_return_val_if_fail (run != NULL, NULL);

  queue = g_new0 (GstImOrderedQueue, 1);
  queue->pool = pool;
  queue->run = run;
  queue->destroy = destroy;
  queue->user_data = user_data;
  queue->nodes = gst_queue_array_new (16);
  queue->batch = g_ptr_array_new ();
  queue->held = g_ptr_array_new_with_free_func (g_free);
  queue->chunk_size = 1;
  g_mutex_init (&queue->lock);
  g_cond_init (&queue->cond);
  g_cond_init (&queue->room_cond);
  return queue;
}

static gint
find_ready_locked (GstImOrderedQueue * queue, gboolean unordered)
{
  guint i, len = gst_queue_array_get_length (queue->nodes);

  for (i = 0; i < len; i++) {
    Node *node = gst_queue_array_peek_nth (queue->nodes, i);

    if (node->barrier)
      return i == 0 ? 0 : -1;
    if (node->state == NODE_DONE ||
        (node->state == NODE_QUEUED && node->inline_run))
      return i;
    if (!unordered)
      return -1;
  }
  return -1;
}

static gboolean
has_room_locked (GstImOrderedQueue * queue, guint64 bytes)
{
  if (queue->max_items && queue->n_counted >= queue->max_items)
    return FALSE;
  /* an item bigger than the bound alone still goes in, or it never would */
  return queue->max_bytes == 0 || queue->bytes == 0 ||
      queue->bytes + bytes <= queue->max_bytes;
}

/**
 * gst_im_ordered_queue_free:
 * @queue: (transfer full) (nullable): a queue
 *
 * Drops every item (each given to the destroy function once), waits for the
 * runs in progress, and frees @queue. No push or pop may be in progress or
 * come later: set flushing first to end a waiting one. Items held and not
 * released stay the caller's.
 */
void
gst_im_ordered_queue_free (GstImOrderedQueue * queue)
{
  if (queue == NULL)
    return;
  gst_im_ordered_queue_flush (queue, NULL, NULL);
  gst_im_ordered_queue_wait_idle (queue);
  gst_queue_array_free (queue->nodes);
  g_ptr_array_unref (queue->batch);
  g_ptr_array_unref (queue->held);
  g_mutex_clear (&queue->lock);
  g_cond_clear (&queue->cond);
  g_cond_clear (&queue->room_cond);
  g_free (queue);
}

/**
 * gst_im_ordered_queue_set_limits:
 * @queue: a queue
 * @max_items: items (barriers aside) held before a push waits; 0 means no
 *   limit
 * @max_bytes: bytes held before a push waits; 0 means no limit. An item is
 *   always taken when the queue holds no bytes (when it is empty, say),
 *   however big, so the bytes held never pass the larger of @max_bytes and
 *   the biggest single item.
 *
 * Sets the bounds; pushes waiting for room look again.
 */
void
gst_im_ordered_queue_set_limits (GstImOrderedQueue * queue, guint max_items,
    guint64 max_bytes)
{
  g_return_if_fail (queue != NULL);

  g_mutex_lock (&queue->lock);
  if (queue->max_items != max_items || queue->max_bytes != max_bytes) {
    queue->max_items = max_items;
    queue->max_bytes = max_bytes;
    gst_im_oq_room_changed_locked (queue);
  }
  g_mutex_unlock (&queue->lock);
}

/**
 * gst_im_ordered_queue_set_chunk_size:
 * @queue: a queue
 * @chunk_size: items handed to a worker together, run one after the other
 *   (fewer calls into the pool for small items); 0 or 1 hands over each
 *   item alone
 *
 * A chunk waits to fill only while every worker is busy (the first to
 * end hands it over) and no push waits for room.
 */
void
gst_im_ordered_queue_set_chunk_size (GstImOrderedQueue * queue,
    guint chunk_size)
{
  g_return_if_fail (queue != NULL);

  g_mutex_lock (&queue->lock);
  queue->chunk_size = MAX (chunk_size, 1);
  g_mutex_unlock (&queue->lock);
}

/**
 * gst_im_ordered_queue_push:
 * @queue: a queue
 * @item: (transfer full): the item; still the caller's unless
 *   %GST_IM_ORDERED_OK is returned
 * @bytes: what @item costs against the byte bound until its run says
 *   otherwise; ignored for a barrier
 * @flags: #GstImOrderedPushFlags
 *
 * Appends @item, in the current epoch, and hands it to the workers. Waits
 * while the bounds are reached, unless @flags say otherwise.
 *
 * Returns: %GST_IM_ORDERED_OK when @item was queued; %GST_IM_ORDERED_FULL,
 *   %GST_IM_ORDERED_READY or %GST_IM_ORDERED_FLUSHING when it was not
 */
GstImOrderedStatus
gst_im_ordered_queue_push (GstImOrderedQueue * queue, gpointer item,
    guint64 bytes, GstImOrderedPushFlags flags)
{
  gboolean barrier = (flags & GST_IM_ORDERED_PUSH_BARRIER) != 0;
  gboolean wait_ready = (flags & GST_IM_ORDERED_PUSH_WAKE_ON_READY) != 0;
  GstImOrderedStatus ret;
  Node *node;

  g_return_val_if_fail (queue != NULL, GST_IM_ORDERED_FLUSHING);

  g_mutex_lock (&queue->lock);
  for (;;) {
    if (queue->flushing) {
      ret = GST_IM_ORDERED_FLUSHING;
      break;
    }
    if (barrier || has_room_locked (queue, bytes)) {
      ret = GST_IM_ORDERED_OK;
      break;
    }
    if (flags & GST_IM_ORDERED_PUSH_NO_WAIT) {
      ret = GST_IM_ORDERED_FULL;
      break;
    }
    if (wait_ready && find_ready_locked (queue, FALSE) == 0) {
      ret = GST_IM_ORDERED_READY;
      break;
    }
    /* room comes from finished items: no chunk may wait to fill */
    gst_im_oq_dispatch_locked (queue);
    queue->n_waiting_room++;
    queue->n_waiting_ready += wait_ready;
    g_cond_wait (&queue->room_cond, &queue->lock);
    queue->n_waiting_room--;
    queue->n_waiting_ready -= wait_ready;
  }
  if (ret != GST_IM_ORDERED_OK) {
    g_mutex_unlock (&queue->lock);
    return ret;
  }

  node = g_new0 (Node, 1);
  node->item = item;
  node->epoch = queue->epoch;
  node->barrier = barrier;
  gst_queue_array_push_tail (queue->nodes, node);
  if (!barrier) {
    node->bytes = bytes;
    queue->n_counted++;
    queue->bytes += bytes;
  }

  if (barrier || (flags & GST_IM_ORDERED_PUSH_DONE)) {
    node->state = NODE_DONE;
    /* the items before a barrier must not wait for a chunk to fill */
    if (barrier && queue->pool)
      gst_im_oq_dispatch_locked (queue);
  } else if (queue->pool == NULL) {
    node->inline_run = TRUE;
  } else {
    g_ptr_array_add (queue->batch, node);
    if (queue->batch->len >= queue->chunk_size ||
        queue->n_active < gst_im_worker_pool_get_n_workers (queue->pool))
      gst_im_oq_dispatch_locked (queue);
  }
  if (node->state == NODE_DONE || node->inline_run)
    gst_im_oq_ready_changed_locked (queue);
  g_mutex_unlock (&queue->lock);
  return GST_IM_ORDERED_OK;
}

/**
 * gst_im_ordered_queue_pop:
 * @queue: a queue
 * @flags: #GstImOrderedPopFlags
 * @item: (out) (transfer full): the item taken out of the queue
 *
 * Takes the oldest item once it is done (with
 * %GST_IM_ORDERED_POP_UNORDERED: the oldest done one before the first
 * barrier), waiting for it unless @flags say otherwise. Without a pool, an
 * item at the head runs here first, even with %GST_IM_ORDERED_POP_NO_WAIT.
 *
 * Returns: %GST_IM_ORDERED_OK with @item set; %GST_IM_ORDERED_NOT_READY or
 *   %GST_IM_ORDERED_FLUSHING
 */
GstImOrderedStatus
gst_im_ordered_queue_pop (GstImOrderedQueue * queue, GstImOrderedPopFlags flags,
    gpointer * item)
{
  gboolean unordered = (flags & GST_IM_ORDERED_POP_UNORDERED) != 0;
  gboolean held = FALSE;
  GstImOrderedStatus ret;
  Node *node = NULL;
  guint64 bytes;
  gint idx;

  g_return_val_if_fail (queue != NULL && item != NULL,
      GST_IM_ORDERED_FLUSHING);

  g_mutex_lock (&queue->lock);
  for (;;) {
    if (queue->flushing) {
      ret = GST_IM_ORDERED_FLUSHING;
      break;
    }
    idx = find_ready_locked (queue, unordered);
    if (idx >= 0) {
      node = gst_queue_array_peek_nth (queue->nodes, idx);
      if (node->state == NODE_DONE) {
        gst_queue_array_drop_element (queue->nodes, idx);
        held = !node->barrier && (flags & GST_IM_ORDERED_POP_HOLD);
        if (held) {
          g_ptr_array_add (queue->held, node);
        } else if (!node->barrier) {
          queue->n_counted--;
          queue->bytes -= node->bytes;
          gst_im_oq_room_changed_locked (queue);
        }
        ret = GST_IM_ORDERED_OK;
        break;
      }
      /* ours to run; it stays in place, so a flush may still drop it */
      node->state = NODE_RUNNING;
      bytes = node->bytes;
      queue->n_active++;
      g_mutex_unlock (&queue->lock);
      gst_im_oq_node_run (queue, node, bytes);
      g_mutex_lock (&queue->lock);
      queue->n_active--;
      gst_im_oq_ready_changed_locked (queue);
      continue;
    }
    if (flags & GST_IM_ORDERED_POP_NO_WAIT) {
      ret = GST_IM_ORDERED_NOT_READY;
      break;
    }
    /* a chunk left to fill is handed over by the first worker to end; with
     * none running (after a flush, say) no one would */
    if (queue->n_active == 0)
      gst_im_oq_dispatch_locked (queue);
    queue->n_waiting++;
    g_cond_wait (&queue->cond, &queue->lock);
    queue->n_waiting--;
  }
  g_mutex_unlock (&queue->lock);

  if (ret == GST_IM_ORDERED_OK) {
    *item = node->item;
    if (!held)
      g_free (node);
  }
  return ret;
}

/**
 * gst_im_ordered_queue_release:
 * @queue: a queue
 * @item: an item popped with %GST_IM_ORDERED_POP_HOLD, not yet released
 *
 * Stops counting @item against the bounds: pushes waiting for room look
 * again. @item itself is not touched.
 */
void
gst_im_ordered_queue_release (GstImOrderedQueue * queue, gpointer item)
{
  Node *node = NULL;
  guint i;

  g_return_if_fail (queue != NULL);

  g_mutex_lock (&queue->lock);
  for (i = 0; i < queue->held->len && node == NULL; i++)
    if (((Node *) g_ptr_array_index (queue->held, i))->item == item)
      node = g_ptr_array_steal_index_fast (queue->held, i);
  if (node) {
    queue->n_counted--;
    queue->bytes -= node->bytes;
    gst_im_oq_room_changed_locked (queue);
  }
  g_mutex_unlock (&queue->lock);

  g_return_if_fail (node != NULL);
  g_free (node);
}

/**
 * gst_im_ordered_queue_get_length:
 * @queue: a queue
 *
 * Returns: the items in @queue, barriers included: pushed and neither
 *   popped nor dropped
 */
guint
gst_im_ordered_queue_get_length (GstImOrderedQueue * queue)
{
  guint len;

  g_return_val_if_fail (queue != NULL, 0);

  g_mutex_lock (&queue->lock);
  len = gst_queue_array_get_length (queue->nodes);
  g_mutex_unlock (&queue->lock);
  return len;
}

/**
 * gst_im_ordered_queue_flush:
 * @queue: a queue
 * @keep: (nullable) (scope call): which items stay; %NULL drops them all
 * @user_data: data for @keep
 *
 * Starts a new epoch. Every item that @keep does not keep leaves the queue
 * and its bounds now, is never run if it had not started, and is given to
 * the destroy function exactly once: here, or by the thread running it once
 * its run returns (gst_im_ordered_queue_wait_idle() waits for those). Items
 * popped and held are the caller's: they count until released. Does not
 * wait, and does not change flushing.
 */
void
gst_im_ordered_queue_flush (GstImOrderedQueue * queue,
    GstImOrderedKeepFunc keep, gpointer user_data)
{
  GstQueueArray *kept;
  GPtrArray *drop;
  Node *node;
  guint i;

  g_return_if_fail (queue != NULL);

  g_mutex_lock (&queue->lock);
  queue->epoch++;
  kept = gst_queue_array_new (16);
  drop = g_ptr_array_new ();
  while ((node = gst_queue_array_pop_head (queue->nodes))) {
    gboolean started = node->state == NODE_RUNNING ||
        node->state == NODE_DONE;

    if (keep && keep (node->item, started, user_data)) {
      node->epoch = queue->epoch;
      gst_queue_array_push_tail (kept, node);
      continue;
    }
    if (!node->barrier) {
      queue->n_counted--;
      queue->bytes -= node->bytes;
    }
    /* a dispatched or running node is dropped by its worker */
    if (node->state == NODE_QUEUED || node->state == NODE_DONE)
      g_ptr_array_add (drop, node);
  }
  gst_queue_array_free (queue->nodes);
  queue->nodes = kept;
  for (i = queue->batch->len; i > 0; i--) {
    node = g_ptr_array_index (queue->batch, i - 1);
    if (node->epoch != queue->epoch)
      g_ptr_array_remove_index (queue->batch, i - 1);
  }
  GST_DEBUG ("queue %p: epoch %u, %u items kept, %u dropped now", queue,
      queue->epoch, gst_queue_array_get_length (kept), drop->len);
  gst_im_oq_room_changed_locked (queue);
  gst_im_oq_ready_changed_locked (queue);
  g_mutex_unlock (&queue->lock);

  for (i = 0; i < drop->len; i++)
    gst_im_oq_node_drop (queue, g_ptr_array_index (drop, i));
  g_ptr_array_unref (drop);
}

/**
 * gst_im_ordered_queue_set_flushing:
 * @queue: a queue
 * @flushing: whether pushes and pops return at once
 *
 * While flushing, every push and pop, waiting or not, returns
 * %GST_IM_ORDERED_FLUSHING: the way to wake the threads blocked on the
 * queue at shutdown. Nothing is dropped and runs go on.
 */
void
gst_im_ordered_queue_set_flushing (GstImOrderedQueue * queue,
    gboolean flushing)
{
  g_return_if_fail (queue != NULL);

  g_mutex_lock (&queue->lock);
  queue->flushing = flushing;
  g_cond_broadcast (&queue->cond);
  g_cond_broadcast (&queue->room_cond);
  g_mutex_unlock (&queue->lock);
}

/**
 * gst_im_ordered_queue_wait_idle:
 * @queue: a queue
 *
 * Waits until no item of @queue runs or waits in the pool, so that after a
 * flush every dropped item is destroyed and nothing touches what the run
 * function uses. Does not hand over a chunk that waits to fill.
 */
void
gst_im_ordered_queue_wait_idle (GstImOrderedQueue * queue)
{
  g_return_if_fail (queue != NULL);

  g_mutex_lock (&queue->lock);
  while (queue->n_active > 0) {
    queue->n_waiting++;
    g_cond_wait (&queue->cond, &queue->lock);
    queue->n_waiting--;
  }
  g_mutex_unlock (&queue->lock);
}
