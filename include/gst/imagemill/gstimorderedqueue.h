/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_ORDERED_QUEUE_H__
#define __GST_IM_ORDERED_QUEUE_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/imagemill/gstimparallel.h>

G_BEGIN_DECLS

/**
 * GstImOrderedQueue:
 *
 * An ordered-completion queue: items are pushed in order, run on a
 * #GstImWorkerPool in any order and popped in the order they were pushed
 * (or as they finish, for an unordered pop). The queue is bounded by a
 * count of items and by a sum of byte costs: an item counts from its push
 * until it is popped (or released, see %GST_IM_ORDERED_POP_HOLD) or
 * dropped. A flush starts a new epoch: the items of
 * the old one are dropped, never run if they had not started, and given to
 * the destroy function exactly once. Barriers (serialized events, say) take
 * their place in the order without running or counting.
 *
 * Any thread may push, pop, flush or set flushing; items run without the
 * queue's lock, and the run, keep and destroy functions must not call the
 * queue.
 */
typedef struct _GstImOrderedQueue GstImOrderedQueue;

/**
 * GstImOrderedRunFunc:
 * @item: the item, as pushed
 * @bytes: the bytes it is charged now
 * @user_data: the data given to gst_im_ordered_queue_new()
 *
 * Runs one item on a worker (or on the popping thread, see
 * gst_im_ordered_queue_new()).
 *
 * Returns: the bytes the item holds from now until it is popped: @bytes to
 *   keep its charge, less once it has let go of its input, more once its
 *   result turned out bigger than expected
 */
typedef guint64 (*GstImOrderedRunFunc) (gpointer item, guint64 bytes,
    gpointer user_data);

/**
 * GstImOrderedKeepFunc:
 * @item: an item in the queue
 * @started: whether its run has begun or ended, or it was pushed done or as
 *   a barrier
 * @user_data: the data given to gst_im_ordered_queue_flush()
 *
 * Decides whether a flush keeps @item. Called with the queue's lock held.
 *
 * Returns: %TRUE to keep @item in its place, in the new epoch (it still
 *   runs if it had not started)
 */
typedef gboolean (*GstImOrderedKeepFunc) (gpointer item, gboolean started,
    gpointer user_data);

/**
 * GstImOrderedPushFlags:
 * @GST_IM_ORDERED_PUSH_NONE: run the item; wait while the queue is full
 * @GST_IM_ORDERED_PUSH_NO_WAIT: return %GST_IM_ORDERED_FULL instead of
 *   waiting for room
 * @GST_IM_ORDERED_PUSH_WAKE_ON_READY: stop waiting for room when an item
 *   can be popped, returning %GST_IM_ORDERED_READY: for a thread that
 *   pushes and pops, which must pop to make room
 * @GST_IM_ORDERED_PUSH_DONE: the item is done already (an error to report
 *   in its turn, say): it is not run, but counts against the bounds
 * @GST_IM_ORDERED_PUSH_BARRIER: the item is not run and counts against
 *   neither bound, so it never waits; an unordered pop does not pass it:
 *   it is popped after every item before it and before every item after it
 *
 * How gst_im_ordered_queue_push() takes an item.
 */
typedef enum
{
  GST_IM_ORDERED_PUSH_NONE = 0,
  GST_IM_ORDERED_PUSH_NO_WAIT = (1 << 0),
  GST_IM_ORDERED_PUSH_WAKE_ON_READY = (1 << 1),
  GST_IM_ORDERED_PUSH_DONE = (1 << 2),
  GST_IM_ORDERED_PUSH_BARRIER = (1 << 3),
} GstImOrderedPushFlags;

/**
 * GstImOrderedPopFlags:
 * @GST_IM_ORDERED_POP_NONE: wait for the oldest item to be done (or, on an
 *   empty queue, for a push)
 * @GST_IM_ORDERED_POP_NO_WAIT: return %GST_IM_ORDERED_NOT_READY instead of
 *   waiting
 * @GST_IM_ORDERED_POP_UNORDERED: take the oldest item that is done, up to
 *   the first barrier
 * @GST_IM_ORDERED_POP_HOLD: the item (unless a barrier) keeps counting
 *   against both bounds after the pop, through flushes, until
 *   gst_im_ordered_queue_release(): for a caller that still holds what the
 *   item holds for a while (pushing its result downstream, say)
 *
 * How gst_im_ordered_queue_pop() takes an item.
 */
typedef enum
{
  GST_IM_ORDERED_POP_NONE = 0,
  GST_IM_ORDERED_POP_NO_WAIT = (1 << 0),
  GST_IM_ORDERED_POP_UNORDERED = (1 << 1),
  GST_IM_ORDERED_POP_HOLD = (1 << 2),
} GstImOrderedPopFlags;

/**
 * GstImOrderedStatus:
 * @GST_IM_ORDERED_OK: the item was pushed, or popped
 * @GST_IM_ORDERED_FULL: %GST_IM_ORDERED_PUSH_NO_WAIT and no room; the item
 *   is still the caller's
 * @GST_IM_ORDERED_READY: %GST_IM_ORDERED_PUSH_WAKE_ON_READY and an item can
 *   be popped; the item pushed is still the caller's
 * @GST_IM_ORDERED_NOT_READY: %GST_IM_ORDERED_POP_NO_WAIT and no item can be
 *   popped now
 * @GST_IM_ORDERED_FLUSHING: the queue is flushing (see
 *   gst_im_ordered_queue_set_flushing()); nothing was pushed or popped
 *
 * The outcome of a push or a pop.
 */
typedef enum
{
  GST_IM_ORDERED_OK,
  GST_IM_ORDERED_FULL,
  GST_IM_ORDERED_READY,
  GST_IM_ORDERED_NOT_READY,
  GST_IM_ORDERED_FLUSHING,
} GstImOrderedStatus;

GST_IM_API
GstImOrderedQueue * gst_im_ordered_queue_new (GstImWorkerPool * pool,
                                              GstImOrderedRunFunc run,
                                              GDestroyNotify destroy,
                                              gpointer user_data);

GST_IM_API
void                gst_im_ordered_queue_free (GstImOrderedQueue * queue);

GST_IM_API
void                gst_im_ordered_queue_set_limits (GstImOrderedQueue * queue,
                                                     guint max_items,
                                                     guint64 max_bytes);

GST_IM_API
void                gst_im_ordered_queue_set_chunk_size (GstImOrderedQueue * queue,
                                                         guint chunk_size);

GST_IM_API
GstImOrderedStatus  gst_im_ordered_queue_push (GstImOrderedQueue * queue,
                                               gpointer item, guint64 bytes,
                                               GstImOrderedPushFlags flags);

GST_IM_API
GstImOrderedStatus  gst_im_ordered_queue_pop (GstImOrderedQueue * queue,
                                              GstImOrderedPopFlags flags,
                                              gpointer * item);

GST_IM_API
void                gst_im_ordered_queue_release (GstImOrderedQueue * queue,
                                                  gpointer item);

GST_IM_API
guint               gst_im_ordered_queue_get_length (GstImOrderedQueue * queue);

GST_IM_API
void                gst_im_ordered_queue_flush (GstImOrderedQueue * queue,
                                                GstImOrderedKeepFunc keep,
                                                gpointer user_data);

GST_IM_API
void                gst_im_ordered_queue_set_flushing (GstImOrderedQueue * queue,
                                                       gboolean flushing);

GST_IM_API
void                gst_im_ordered_queue_wait_idle (GstImOrderedQueue * queue);

G_END_DECLS

#endif /* __GST_IM_ORDERED_QUEUE_H__ */
