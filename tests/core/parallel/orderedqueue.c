/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The ordered-completion queue: pops in push order whatever the workers'
 * timing, both bounds held (counted by the test, not by the queue), a flush
 * that drops each old item exactly once and never runs one it dropped
 * before it started, shutdown that wakes blocked threads, unordered pops
 * that return everything and never pass a barrier, popped items held
 * against the bounds until released; and, through the read-ahead file
 * queue, items never popped destroyed once.
 */
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>

/* What happened to every item, kept by the test's own run and destroy. */
typedef struct
{
  guint n;
  gint *ran;                    /* atomic, per item */
  gint *destroyed;              /* atomic, per item */
  gboolean *started;            /* as the keep function saw it */

  GMutex lock;
  GCond cond;
  gboolean gate_open;
} Record;

typedef struct
{
  Record *rec;
  guint index;
  guint64 bytes;
  guint delay_us;
  gboolean gated;               /* run waits for the gate */
  gboolean barrier;
  guint64 recharge;             /* G_MAXUINT64: keep the charge */
} Item;

static void
record_init (Record * rec, guint n)
{
  rec->n = n;
  rec->ran = g_new0 (gint, n);
  rec->destroyed = g_new0 (gint, n);
  rec->started = g_new0 (gboolean, n);
  g_mutex_init (&rec->lock);
  g_cond_init (&rec->cond);
  rec->gate_open = FALSE;
}

static void
record_clear (Record * rec)
{
  g_free (rec->ran);
  g_free (rec->destroyed);
  g_free (rec->started);
  g_mutex_clear (&rec->lock);
  g_cond_clear (&rec->cond);
}

static void
open_gate (Record * rec)
{
  g_mutex_lock (&rec->lock);
  rec->gate_open = TRUE;
  g_cond_broadcast (&rec->cond);
  g_mutex_unlock (&rec->lock);
}

static Item *
item_new (Record * rec, guint index, guint64 bytes, guint delay_us)
{
  Item *item = g_new0 (Item, 1);

  item->rec = rec;
  item->index = index;
  item->bytes = bytes;
  item->delay_us = delay_us;
  item->recharge = G_MAXUINT64;
  return item;
}

static guint64
item_run (gpointer data, guint64 bytes, gpointer user_data)
{
  Item *item = data;
  Record *rec = item->rec;

  g_atomic_int_inc (&rec->ran[item->index]);
  if (item->gated) {
    g_mutex_lock (&rec->lock);
    while (!rec->gate_open)
      g_cond_wait (&rec->cond, &rec->lock);
    g_mutex_unlock (&rec->lock);
  }
  if (item->delay_us)
    g_usleep (item->delay_us);
  return item->recharge == G_MAXUINT64 ? bytes : item->recharge;
}

static void
item_destroy (gpointer data)
{
  Item *item = data;

  g_atomic_int_inc (&item->rec->destroyed[item->index]);
  g_free (item);
}

static Item *
pop_item (GstImOrderedQueue * queue, GstImOrderedPopFlags flags)
{
  gpointer item = NULL;

  fail_unless_equals_int (gst_im_ordered_queue_pop (queue, flags, &item),
      GST_IM_ORDERED_OK);
  return item;
}

/* ---- order ---- */

typedef struct
{
  GstImOrderedQueue *queue;
  Record *rec;
  GRand *rand;
} Pusher;

static gpointer
push_all (gpointer data)
{
  Pusher *p = data;
  guint i;

  for (i = 0; i < p->rec->n; i++)
    fail_unless_equals_int (gst_im_ordered_queue_push (p->queue,
            item_new (p->rec, i, 1, g_rand_int_range (p->rand, 0, 1500)), 1,
            GST_IM_ORDERED_PUSH_NONE), GST_IM_ORDERED_OK);
  return NULL;
}

static const struct
{
  guint workers;                /* 0: no pool, items run on the popper */
  guint chunk;
  guint max_items;
} order_cases[] = {
  {1, 1, 4}, {4, 1, 8}, {4, 3, 8}, {3, 16, 0}, {8, 1, 0}, {0, 1, 3},
};

/* a pusher thread, random delays on several workers: popped in push order */
GST_START_TEST (test_order_random_delays)
{
  guint workers = order_cases[__i__].workers, n = 150, i;
  GstImWorkerPool *pool = workers ? gst_im_worker_pool_new (workers,
      NULL) : NULL;
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  Record rec;
  Pusher p = { queue, &rec, g_rand_new_with_seed (1234 + __i__) };
  GThread *thread;

  record_init (&rec, n);
  gst_im_ordered_queue_set_chunk_size (queue, order_cases[__i__].chunk);
  gst_im_ordered_queue_set_limits (queue, order_cases[__i__].max_items, 0);
  thread = g_thread_new ("pusher", push_all, &p);
  for (i = 0; i < n; i++) {
    Item *item = pop_item (queue, GST_IM_ORDERED_POP_NONE);

    fail_unless_equals_int (item->index, i);
    fail_unless_equals_int (g_atomic_int_get (&rec.ran[i]), 1);
    g_free (item);
  }
  g_thread_join (thread);
  fail_unless_equals_int (gst_im_ordered_queue_get_length (queue), 0);
  gst_im_ordered_queue_free (queue);
  for (i = 0; i < n; i++)
    fail_unless_equals_int (rec.destroyed[i], 0);
  gst_im_worker_pool_free (pool);
  g_rand_free (p.rand);
  record_clear (&rec);
}

GST_END_TEST;

/* ---- bounds ---- */

#define MAX_ITEMS 5
#define MAX_BYTES 1000

/* Exact: every queue call is made under the test's lock, so the test's
 * own count of what is in the queue is exact at each call. */
typedef struct
{
  GstImOrderedQueue *queue;
  Record *rec;
  GMutex lock;
  guint count;                  /* items pushed and not popped */
  guint64 held;                 /* their bytes */
  guint64 biggest;
  gboolean seen_full;
  guint next_pop;
} Exact;

static gpointer
try_push_all (gpointer data)
{
  Exact *x = data;
  GRand *rand = g_rand_new_with_seed (99);
  guint i;

  for (i = 0; i < x->rec->n; i++) {
    /* one in twenty is bigger than the byte bound on its own */
    guint64 bytes = i % 20 == 7 ? 1700 : g_rand_int_range (rand, 1, 400);
    Item *item = item_new (x->rec, i, bytes, g_rand_int_range (rand, 0, 500));
    GstImOrderedStatus ret;

    /* the same item again until it is taken */
    do {
      g_mutex_lock (&x->lock);
      ret = gst_im_ordered_queue_push (x->queue, item, bytes,
          GST_IM_ORDERED_PUSH_NO_WAIT);
      if (ret == GST_IM_ORDERED_OK) {
        x->count++;
        x->held += bytes;
        fail_unless (x->count <= MAX_ITEMS, "%u items held", x->count);
        /* over the byte bound only by an item that came in alone */
        if (x->held > MAX_BYTES)
          fail_unless (x->held == bytes, "%" G_GUINT64_FORMAT " bytes held",
              x->held);
        x->biggest = MAX (x->biggest, bytes);
      } else {
        fail_unless_equals_int (ret, GST_IM_ORDERED_FULL);
        /* full only when a bound is reached */
        fail_unless (x->count == MAX_ITEMS || (x->held > 0 &&
                x->held + bytes > MAX_BYTES), "full with %u items, %"
            G_GUINT64_FORMAT " bytes, %" G_GUINT64_FORMAT " more", x->count,
            x->held, bytes);
        x->seen_full = TRUE;
      }
      g_mutex_unlock (&x->lock);
      if (ret != GST_IM_ORDERED_OK)
        g_usleep (50);
    } while (ret != GST_IM_ORDERED_OK);
  }
  g_rand_free (rand);
  return NULL;
}

GST_START_TEST (test_bounds_exact)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (3, NULL);
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  Record rec;
  Exact x = { queue, &rec };
  GThread *thread;

  record_init (&rec, 300);
  g_mutex_init (&x.lock);
  gst_im_ordered_queue_set_limits (queue, MAX_ITEMS, MAX_BYTES);
  thread = g_thread_new ("pusher", try_push_all, &x);
  while (x.next_pop < rec.n) {
    gpointer data = NULL;
    GstImOrderedStatus ret = GST_IM_ORDERED_NOT_READY;

    g_mutex_lock (&x.lock);
    /* nothing leaves until the queue was full once */
    if (x.seen_full)
      ret = gst_im_ordered_queue_pop (queue, GST_IM_ORDERED_POP_NO_WAIT,
          &data);
    if (ret == GST_IM_ORDERED_OK) {
      Item *item = data;

      fail_unless_equals_int (item->index, x.next_pop);
      x.next_pop++;
      x.count--;
      x.held -= item->bytes;
      g_free (item);
    } else {
      fail_unless_equals_int (ret, GST_IM_ORDERED_NOT_READY);
    }
    g_mutex_unlock (&x.lock);
    if (ret != GST_IM_ORDERED_OK)
      g_usleep (50);
  }
  g_thread_join (thread);
  /* the rules above were put to the test: full, and an oversized item */
  fail_unless (x.seen_full);
  fail_unless (x.biggest > MAX_BYTES);
  gst_im_ordered_queue_free (queue);
  gst_im_worker_pool_free (pool);
  g_mutex_clear (&x.lock);
  record_clear (&rec);
}

GST_END_TEST;

/* Blocking: the test counts items alive (made and not yet freed), which
 * bounds what the queue holds from above: besides the queue, only the
 * item in the pusher's hand and the one the popper just took. */
typedef struct
{
  GstImOrderedQueue *queue;
  Record *rec;
  gint live;
  gint max_live;
  gint64 live_bytes;            /* under lock */
  gint64 max_live_bytes;
  guint64 biggest;
  GMutex lock;
} Live;

static void
live_add (Live * l, gint items, gint64 bytes)
{
  g_mutex_lock (&l->lock);
  l->live += items;
  l->live_bytes += bytes;
  l->max_live = MAX (l->max_live, l->live);
  l->max_live_bytes = MAX (l->max_live_bytes, l->live_bytes);
  g_mutex_unlock (&l->lock);
}

static gpointer
blocking_push_all (gpointer data)
{
  Live *l = data;
  GRand *rand = g_rand_new_with_seed (7);
  guint i;

  for (i = 0; i < l->rec->n; i++) {
    guint64 bytes = i % 17 == 3 ? 1500 : g_rand_int_range (rand, 1, 500);
    Item *item = item_new (l->rec, i, bytes, g_rand_int_range (rand, 0, 800));

    l->biggest = MAX (l->biggest, bytes);
    live_add (l, 1, bytes);
    fail_unless_equals_int (gst_im_ordered_queue_push (l->queue, item, bytes,
            GST_IM_ORDERED_PUSH_NONE), GST_IM_ORDERED_OK);
  }
  g_rand_free (rand);
  return NULL;
}

GST_START_TEST (test_bounds_blocking)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (4, NULL);
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  Record rec;
  Live l = { queue, &rec };
  GThread *thread;
  guint i;

  record_init (&rec, 300);
  g_mutex_init (&l.lock);
  gst_im_ordered_queue_set_limits (queue, MAX_ITEMS, MAX_BYTES);
  thread = g_thread_new ("pusher", blocking_push_all, &l);
  for (i = 0; i < rec.n; i++) {
    Item *item = pop_item (queue, GST_IM_ORDERED_POP_NONE);

    fail_unless_equals_int (item->index, i);
    live_add (&l, -1, -(gint64) item->bytes);
    g_free (item);
  }
  g_thread_join (thread);
  fail_unless (l.max_live <= MAX_ITEMS + 2, "%d items alive", l.max_live);
  fail_unless (l.max_live_bytes <= (gint64) (MAX (MAX_BYTES, l.biggest) +
          2 * l.biggest), "%" G_GINT64_FORMAT " bytes alive",
      l.max_live_bytes);
  gst_im_ordered_queue_free (queue);
  gst_im_worker_pool_free (pool);
  g_mutex_clear (&l.lock);
  record_clear (&rec);
}

GST_END_TEST;

typedef struct
{
  GstImOrderedQueue *queue;
  Item *item;
  GstImOrderedStatus ret;
} PushArgs;

static gpointer
push_one (gpointer data)
{
  PushArgs *a = data;

  a->ret = gst_im_ordered_queue_push (a->queue, a->item, a->item->bytes,
      GST_IM_ORDERED_PUSH_NONE);
  return NULL;
}

/* an item whose run lets go of its bytes makes room before it is popped */
GST_START_TEST (test_recharge_makes_room)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (2, NULL);
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  Record rec;
  Item *big, *small;
  PushArgs args;
  GThread *thread;

  record_init (&rec, 2);
  gst_im_ordered_queue_set_limits (queue, 0, 100);
  big = item_new (&rec, 0, 100, 0);
  big->gated = TRUE;
  big->recharge = 0;
  fail_unless_equals_int (gst_im_ordered_queue_push (queue, big, 100,
          GST_IM_ORDERED_PUSH_NONE), GST_IM_ORDERED_OK);
  small = item_new (&rec, 1, 10, 0);
  fail_unless_equals_int (gst_im_ordered_queue_push (queue, small, 10,
          GST_IM_ORDERED_PUSH_NO_WAIT), GST_IM_ORDERED_FULL);

  args.queue = queue;
  args.item = small;
  thread = g_thread_new ("pusher", push_one, &args);
  open_gate (&rec);
  /* nothing is popped before the push returns */
  g_thread_join (thread);
  fail_unless_equals_int (args.ret, GST_IM_ORDERED_OK);
  fail_unless_equals_int (gst_im_ordered_queue_get_length (queue), 2);
  g_free (pop_item (queue, GST_IM_ORDERED_POP_NONE));
  g_free (pop_item (queue, GST_IM_ORDERED_POP_NONE));
  gst_im_ordered_queue_free (queue);
  gst_im_worker_pool_free (pool);
  record_clear (&rec);
}

GST_END_TEST;

/* ---- held items ---- */

/* An item popped with HOLD keeps its count and bytes, through a flush that
 * does not destroy it, until it is released. */
GST_START_TEST (test_hold_counts_until_release)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (2, NULL);
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  Record rec;
  Item *a, *c, *d, *x, *z;
  PushArgs args;
  GThread *thread;

  record_init (&rec, 6);

  /* the count: A held and B queued fill two places */
  gst_im_ordered_queue_set_limits (queue, 2, 0);
  a = item_new (&rec, 0, 1, 0);
  fail_unless_equals_int (gst_im_ordered_queue_push (queue, a, 1,
          GST_IM_ORDERED_PUSH_NONE), GST_IM_ORDERED_OK);
  fail_unless_equals_int (gst_im_ordered_queue_push (queue,
          item_new (&rec, 1, 1, 0), 1, GST_IM_ORDERED_PUSH_NONE),
      GST_IM_ORDERED_OK);
  fail_unless (pop_item (queue, GST_IM_ORDERED_POP_HOLD) == a);
  fail_unless_equals_int (gst_im_ordered_queue_get_length (queue), 1);
  c = item_new (&rec, 2, 1, 0);
  fail_unless_equals_int (gst_im_ordered_queue_push (queue, c, 1,
          GST_IM_ORDERED_PUSH_NO_WAIT), GST_IM_ORDERED_FULL);
  /* a flush drops B, and leaves A to its holder, still counted */
  gst_im_ordered_queue_flush (queue, NULL, NULL);
  gst_im_ordered_queue_wait_idle (queue);
  fail_unless_equals_int (rec.destroyed[1], 1);
  fail_unless_equals_int (rec.destroyed[0], 0);
  fail_unless_equals_int (gst_im_ordered_queue_push (queue, c, 1,
          GST_IM_ORDERED_PUSH_NO_WAIT), GST_IM_ORDERED_OK);
  d = item_new (&rec, 3, 1, 0);
  fail_unless_equals_int (gst_im_ordered_queue_push (queue, d, 1,
          GST_IM_ORDERED_PUSH_NO_WAIT), GST_IM_ORDERED_FULL);
  gst_im_ordered_queue_release (queue, a);
  fail_unless_equals_int (gst_im_ordered_queue_push (queue, d, 1,
          GST_IM_ORDERED_PUSH_NO_WAIT), GST_IM_ORDERED_OK);
  g_free (a);
  fail_unless (pop_item (queue, GST_IM_ORDERED_POP_NONE) == c);
  fail_unless (pop_item (queue, GST_IM_ORDERED_POP_NONE) == d);
  g_free (c);
  g_free (d);

  /* the bytes: X held keeps 80 of 100; a push blocked on the bytes goes
   * on once X is released */
  gst_im_ordered_queue_set_limits (queue, 0, 100);
  x = item_new (&rec, 4, 80, 0);
  z = item_new (&rec, 5, 30, 0);
  fail_unless_equals_int (gst_im_ordered_queue_push (queue, x, 80,
          GST_IM_ORDERED_PUSH_NONE), GST_IM_ORDERED_OK);
  fail_unless (pop_item (queue, GST_IM_ORDERED_POP_HOLD) == x);
  fail_unless_equals_int (gst_im_ordered_queue_get_length (queue), 0);
  fail_unless_equals_int (gst_im_ordered_queue_push (queue, z, 30,
          GST_IM_ORDERED_PUSH_NO_WAIT), GST_IM_ORDERED_FULL);
  args.queue = queue;
  args.item = z;
  thread = g_thread_new ("pusher", push_one, &args);
  gst_im_ordered_queue_release (queue, x);
  g_thread_join (thread);
  fail_unless_equals_int (args.ret, GST_IM_ORDERED_OK);
  fail_unless (pop_item (queue, GST_IM_ORDERED_POP_NONE) == z);
  g_free (x);
  g_free (z);

  gst_im_ordered_queue_free (queue);
  gst_im_worker_pool_free (pool);
  /* only B was the queue's to destroy */
  fail_unless_equals_int (rec.destroyed[0] + rec.destroyed[1] +
      rec.destroyed[4], 1);
  record_clear (&rec);
}

GST_END_TEST;

/* ---- flush ---- */

static gboolean
keep_barriers (gpointer data, gboolean started, gpointer user_data)
{
  Item *item = data;

  item->rec->started[item->index] = started;
  return item->barrier;
}

GST_START_TEST (test_flush_drops_old_epoch)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (3, NULL);
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  GRand *rand = g_rand_new_with_seed (42);
  guint n_old = 120, n_new = 40, i;
  gint *popped;
  Record rec;

  record_init (&rec, n_old + n_new);
  popped = g_new0 (gint, rec.n);
  gst_im_ordered_queue_set_chunk_size (queue, 2);
  for (i = 0; i < n_old; i++) {
    Item *item = item_new (&rec, i, 1, g_rand_int_range (rand, 0, 3000));
    GstImOrderedPushFlags flags = GST_IM_ORDERED_PUSH_NONE;

    if (i == 30 || i == 90) {
      item->barrier = TRUE;
      flags = GST_IM_ORDERED_PUSH_BARRIER;
    }
    fail_unless_equals_int (gst_im_ordered_queue_push (queue, item, 1, flags),
        GST_IM_ORDERED_OK);
  }
  for (i = 0; i < 5; i++) {
    Item *item = pop_item (queue, GST_IM_ORDERED_POP_NONE);

    fail_unless_equals_int (item->index, i);
    popped[i]++;
    g_free (item);
  }

  gst_im_ordered_queue_flush (queue, keep_barriers, NULL);
  /* the barriers stay, in order, ahead of what comes next */
  fail_unless_equals_int (gst_im_ordered_queue_get_length (queue), 2);
  for (i = n_old; i < rec.n; i++)
    fail_unless_equals_int (gst_im_ordered_queue_push (queue,
            item_new (&rec, i, 1, g_rand_int_range (rand, 0, 1000)), 1,
            GST_IM_ORDERED_PUSH_NONE), GST_IM_ORDERED_OK);
  for (i = 0; i < 2 + n_new; i++) {
    Item *item = pop_item (queue, GST_IM_ORDERED_POP_NONE);

    fail_unless_equals_int (item->index, i == 0 ? 30 : i == 1 ? 90 :
        n_old + i - 2);
    popped[item->index]++;
    g_free (item);
  }
  gst_im_ordered_queue_wait_idle (queue);

  for (i = 0; i < rec.n; i++) {
    gint ran = g_atomic_int_get (&rec.ran[i]);
    gint destroyed = g_atomic_int_get (&rec.destroyed[i]);

    /* every item ends exactly once: popped or destroyed */
    fail_unless_equals_int (popped[i] + destroyed, 1);
    if (i == 30 || i == 90) {
      fail_unless_equals_int (ran, 0);
      fail_unless_equals_int (popped[i], 1);
    } else if (i >= 5 && i < n_old) {
      fail_unless_equals_int (destroyed, 1);
      /* dropped before it started: never run */
      fail_unless_equals_int (ran, rec.started[i] ? 1 : 0);
    } else {
      fail_unless_equals_int (ran, 1);
    }
  }
  /* freeing an empty queue destroys nothing more */
  gst_im_ordered_queue_free (queue);
  for (i = 0; i < rec.n; i++)
    fail_unless_equals_int (popped[i] + rec.destroyed[i], 1);
  gst_im_worker_pool_free (pool);
  g_rand_free (rand);
  g_free (popped);
  record_clear (&rec);
}

GST_END_TEST;

static gboolean
keep_all (gpointer data, gboolean started, gpointer user_data)
{
  return TRUE;
}

/* A chunk left to fill while the only worker is busy is handed over when
 * it ends; if the queue is flushing then, the first pop after the flush
 * hands it over, or no one would. */
GST_START_TEST (test_no_chunk_left_behind)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (1, NULL);
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  Record rec;
  Item *slow;
  guint i;

  record_init (&rec, 3);
  gst_im_ordered_queue_set_chunk_size (queue, 4);
  slow = item_new (&rec, 0, 1, 0);
  slow->gated = TRUE;
  for (i = 0; i < rec.n; i++)
    fail_unless_equals_int (gst_im_ordered_queue_push (queue,
            i == 0 ? slow : item_new (&rec, i, 1, 0), 1,
            GST_IM_ORDERED_PUSH_NONE), GST_IM_ORDERED_OK);
  gst_im_ordered_queue_set_flushing (queue, TRUE);
  gst_im_ordered_queue_flush (queue, keep_all, NULL);
  open_gate (&rec);
  gst_im_ordered_queue_wait_idle (queue);
  /* items 1 and 2 still wait in their chunk */
  fail_unless_equals_int (g_atomic_int_get (&rec.ran[1]), 0);
  gst_im_ordered_queue_set_flushing (queue, FALSE);
  for (i = 0; i < rec.n; i++) {
    Item *item = pop_item (queue, GST_IM_ORDERED_POP_NONE);

    fail_unless_equals_int (item->index, i);
    fail_unless_equals_int (g_atomic_int_get (&rec.ran[i]), 1);
    g_free (item);
  }
  gst_im_ordered_queue_free (queue);
  gst_im_worker_pool_free (pool);
  record_clear (&rec);
}

GST_END_TEST;

/* free with items running, dispatched and queued: each destroyed once */
GST_START_TEST (test_free_destroys_each_once)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (2, NULL);
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  Record rec;
  guint i;

  record_init (&rec, 40);
  gst_im_ordered_queue_set_chunk_size (queue, 3);
  for (i = 0; i < rec.n; i++) {
    Item *item = item_new (&rec, i, 1, 200);

    item->gated = i < 2;
    fail_unless_equals_int (gst_im_ordered_queue_push (queue, item, 1,
            i == 20 ? GST_IM_ORDERED_PUSH_DONE : GST_IM_ORDERED_PUSH_NONE),
        GST_IM_ORDERED_OK);
  }
  open_gate (&rec);
  gst_im_ordered_queue_free (queue);
  for (i = 0; i < rec.n; i++)
    fail_unless_equals_int (rec.destroyed[i], 1);
  /* pushed done: never run */
  fail_unless_equals_int (rec.ran[20], 0);
  gst_im_worker_pool_free (pool);
  record_clear (&rec);
}

GST_END_TEST;

/* ---- shutdown ---- */

typedef struct
{
  GstImOrderedQueue *queue;
  Record *rec;
  GstImOrderedStatus ret;
} Blocked;

static gpointer
blocked_push (gpointer data)
{
  Blocked *b = data;
  Item *item = item_new (b->rec, 2, 1, 0);

  fail_unless_equals_int (gst_im_ordered_queue_push (b->queue, item, 1,
          GST_IM_ORDERED_PUSH_NO_WAIT), GST_IM_ORDERED_FULL);
  b->ret = gst_im_ordered_queue_push (b->queue, item, 1,
      GST_IM_ORDERED_PUSH_NONE);
  /* not taken: still ours */
  if (b->ret != GST_IM_ORDERED_OK)
    g_free (item);
  return NULL;
}

static gpointer
blocked_pop (gpointer data)
{
  Blocked *b = data;
  gpointer item = NULL;

  fail_unless_equals_int (gst_im_ordered_queue_pop (b->queue,
          GST_IM_ORDERED_POP_NO_WAIT, &item), GST_IM_ORDERED_NOT_READY);
  b->ret = gst_im_ordered_queue_pop (b->queue, GST_IM_ORDERED_POP_NONE, &item);
  return NULL;
}

GST_START_TEST (test_shutdown_wakes_blocked)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (2, NULL);
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  Record rec;
  Blocked pusher, popper;
  GThread *t1, *t2;
  guint i;

  record_init (&rec, 3);
  gst_im_ordered_queue_set_limits (queue, 2, 0);
  for (i = 0; i < 2; i++) {
    Item *item = item_new (&rec, i, 1, 0);

    item->gated = TRUE;
    fail_unless_equals_int (gst_im_ordered_queue_push (queue, item, 1,
            GST_IM_ORDERED_PUSH_NONE), GST_IM_ORDERED_OK);
  }
  pusher.queue = popper.queue = queue;
  pusher.rec = popper.rec = &rec;
  t1 = g_thread_new ("pusher", blocked_push, &pusher);
  t2 = g_thread_new ("popper", blocked_pop, &popper);
  /* give both time to block; if they have not yet, they return at once */
  g_usleep (50000);
  gst_im_ordered_queue_set_flushing (queue, TRUE);
  g_thread_join (t1);
  g_thread_join (t2);
  fail_unless_equals_int (pusher.ret, GST_IM_ORDERED_FLUSHING);
  fail_unless_equals_int (popper.ret, GST_IM_ORDERED_FLUSHING);

  /* nothing was lost: the two items come out once the gate opens */
  gst_im_ordered_queue_set_flushing (queue, FALSE);
  open_gate (&rec);
  for (i = 0; i < 2; i++) {
    Item *item = pop_item (queue, GST_IM_ORDERED_POP_NONE);

    fail_unless_equals_int (item->index, i);
    g_free (item);
  }
  gst_im_ordered_queue_free (queue);
  for (i = 0; i < rec.n; i++)
    fail_unless_equals_int (rec.destroyed[i], 0);
  gst_im_worker_pool_free (pool);
  record_clear (&rec);
}

GST_END_TEST;

/* ---- unordered ---- */

GST_START_TEST (test_unordered_returns_all)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (4, NULL);
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  GRand *rand = g_rand_new_with_seed (5);
  guint n = 200, segment = 0, i;
  gint *popped;
  Record rec;

  record_init (&rec, n);
  popped = g_new0 (gint, n);
  /* a barrier every 50 items */
  for (i = 0; i < n; i++) {
    Item *item = item_new (&rec, i, 1, g_rand_int_range (rand, 0, 2000));

    item->barrier = i % 50 == 49;
    fail_unless_equals_int (gst_im_ordered_queue_push (queue, item, 1,
            item->barrier ? GST_IM_ORDERED_PUSH_BARRIER :
            GST_IM_ORDERED_PUSH_NONE), GST_IM_ORDERED_OK);
  }
  for (i = 0; i < n; i++) {
    Item *item = pop_item (queue, GST_IM_ORDERED_POP_UNORDERED);
    guint j;

    popped[item->index]++;
    /* an item never passes a barrier, either way */
    fail_unless_equals_int (item->index / 50, segment);
    if (item->barrier) {
      for (j = segment * 50; j < item->index; j++)
        fail_unless_equals_int (popped[j], 1);
      segment++;
    }
    g_free (item);
  }
  for (i = 0; i < n; i++)
    fail_unless_equals_int (popped[i], 1);
  gst_im_ordered_queue_free (queue);
  gst_im_worker_pool_free (pool);
  g_rand_free (rand);
  g_free (popped);
  record_clear (&rec);
}

GST_END_TEST;

/* a finished item passes one that cannot finish yet */
GST_START_TEST (test_unordered_passes_slow_item)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (2, NULL);
  GstImOrderedQueue *queue = gst_im_ordered_queue_new (pool, item_run,
      item_destroy, NULL);
  Record rec;
  Item *item;

  record_init (&rec, 2);
  item = item_new (&rec, 0, 1, 0);
  item->gated = TRUE;
  gst_im_ordered_queue_push (queue, item, 1, GST_IM_ORDERED_PUSH_NONE);
  gst_im_ordered_queue_push (queue, item_new (&rec, 1, 1, 0), 1,
      GST_IM_ORDERED_PUSH_NONE);
  item = pop_item (queue, GST_IM_ORDERED_POP_UNORDERED);
  fail_unless_equals_int (item->index, 1);
  g_free (item);
  open_gate (&rec);
  item = pop_item (queue, GST_IM_ORDERED_POP_UNORDERED);
  fail_unless_equals_int (item->index, 0);
  g_free (item);
  gst_im_ordered_queue_free (queue);
  gst_im_worker_pool_free (pool);
  record_clear (&rec);
}

GST_END_TEST;

/* ---- a user: the read-ahead file queue ---- */

typedef struct
{
  guint handed_out;
  gint destroyed[16];
} Files;

typedef struct
{
  Files *files;
  guint index;
} FileItem;

/* missing files: each pops with its read error, which is all this needs */
static gchar *
next_missing (gpointer user_data, guint64 * size, gpointer * item)
{
  Files *files = user_data;
  FileItem *fi;

  if (files->handed_out == G_N_ELEMENTS (files->destroyed))
    return NULL;
  fi = g_new (FileItem, 1);
  fi->files = files;
  fi->index = files->handed_out++;
  *size = 100;
  *item = fi;
  return g_strdup_printf ("/nonexistent/imagemill-%u.jpg", fi->index);
}

static void
file_item_destroy (gpointer data)
{
  FileItem *fi = data;

  g_atomic_int_inc (&fi->files->destroyed[fi->index]);
  g_free (fi);
}

/* the items taken but never popped are destroyed once at free, and only
 * those */
GST_START_TEST (test_file_queue_destroys_unpopped_items)
{
  Files files = { 0 };
  GstImFileQueue *queue = gst_im_file_queue_new_full (4, next_missing,
      &files, file_item_destroy, NULL);
  gboolean popped[G_N_ELEMENTS (files.destroyed)] = { FALSE };
  guint i, n_destroyed = 0;

  gst_im_file_queue_set_max_bytes (queue, 250);
  for (i = 0; i < 3; i++) {
    gpointer item = NULL;
    GstBuffer *buf = NULL;
    GError *err = NULL;
    FileItem *fi;

    fail_unless_equals_int (gst_im_file_queue_pop (queue, &item, &buf, &err),
        GST_FLOW_OK);
    fi = item;
    fail_unless_equals_int (fi->index, i);
    fail_unless (buf == NULL && err != NULL);
    popped[i] = TRUE;
    g_clear_error (&err);
    g_free (fi);
  }
  /* read ahead: some were taken that will never be popped */
  fail_unless (files.handed_out > 3);
  gst_im_file_queue_free (queue);
  for (i = 0; i < G_N_ELEMENTS (files.destroyed); i++) {
    fail_unless_equals_int (files.destroyed[i],
        !popped[i] && i < files.handed_out ? 1 : 0);
    n_destroyed += files.destroyed[i];
  }
  fail_unless_equals_int (n_destroyed, files.handed_out - 3);
}

GST_END_TEST;

static Suite *
orderedqueue_suite (void)
{
  Suite *s = suite_create ("orderedqueue");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_order_random_delays, 0,
      G_N_ELEMENTS (order_cases));
  tcase_add_test (tc, test_bounds_exact);
  tcase_add_test (tc, test_bounds_blocking);
  tcase_add_test (tc, test_recharge_makes_room);
  tcase_add_test (tc, test_hold_counts_until_release);
  tcase_add_test (tc, test_flush_drops_old_epoch);
  tcase_add_test (tc, test_no_chunk_left_behind);
  tcase_add_test (tc, test_free_destroys_each_once);
  tcase_add_test (tc, test_shutdown_wakes_blocked);
  tcase_add_test (tc, test_unordered_returns_all);
  tcase_add_test (tc, test_unordered_passes_slow_item);
  tcase_add_test (tc, test_file_queue_destroys_unpopped_items);
  return s;
}

GST_CHECK_MAIN (orderedqueue);
