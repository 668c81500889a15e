/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * One worker pool and one row-chunk helper for every element.
 *
 * The pool is a GThreadPool of work items (frame jobs, row bands). The row
 * helper follows libvips' "allocate" idea: bands are claimed from an atomic
 * counter by the calling thread and by helper items pushed to the pool. The
 * caller never waits for a helper that has not started, only for bands
 * already claimed, so a frame job running on a worker may split its rows
 * with every other worker busy and still cannot deadlock.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstimdebug-private.h"
#include <gst/imagemill/gstimparallel.h>


struct _GstImWorkerPool
{
  GThreadPool *threads;
  guint n_workers;
};

/* GLib queues an item even when it could not start a thread for it; the
 * state says who runs it, the first worker or the caller told FALSE. */
enum
{
  ITEM_QUEUED,
  ITEM_TAKEN,
  ITEM_GIVEN_BACK,
};

typedef struct
{
  GstImWorkFunc func;
  gpointer data;
  gint state;                   /* atomic */
} WorkItem;

GST_IM_DEBUG_CATEGORY ("im-pool", "imagemill worker pool");

static void
run_work_item (gpointer item_ptr, gpointer unused)
{
  WorkItem *item = item_ptr;

  if (g_atomic_int_compare_and_exchange (&item->state, ITEM_QUEUED,
          ITEM_TAKEN))
    item->func (item->data);
  g_free (item);
}

/**
 * gst_im_worker_pool_new: (skip)
 * @n_workers: number of worker threads; 0 means one per core
 * @error: where to store a thread creation error
 *
 * Returns: (transfer full) (nullable): a new pool, or %NULL on error
 */
GstImWorkerPool *
gst_im_worker_pool_new (guint n_workers, GError ** error)
{
  GstImWorkerPool *pool;


  if (n_workers == 0)
    n_workers = g_get_num_processors ();

  pool = g_new0 (GstImWorkerPool, 1);
  pool->n_workers = n_workers;
  pool->threads = g_thread_pool_new (run_work_item, NULL, n_workers, FALSE,
      error);
  if (pool->threads == NULL) {
    g_free (pool);
    return NULL;
  }
  GST_DEBUG ("new pool %p with %u workers", pool, n_workers);
  return pool;
}

/**
 * gst_im_worker_pool_free:
 * @pool: a pool
 *
 * Runs the work items still queued, joins the threads and frees @pool.
 */
void
gst_im_worker_pool_free (GstImWorkerPool * pool)
{
  if (pool == NULL)
    return;
  /* with no thread at all, waiting for queued items would never end */
  g_thread_pool_free (pool->threads,
      g_thread_pool_get_num_threads (pool->threads) == 0, TRUE);
  g_free (pool);
}

guint
gst_im_worker_pool_get_n_workers (GstImWorkerPool * pool)
{
  return g_atomic_int_get (&pool->n_workers);
}

/**
 * gst_im_worker_pool_set_n_workers:
 * @pool: a pool
 * @n_workers: number of worker threads; 0 means one per core
 *
 * Grows or shrinks the pool; work already queued is not lost.
 */
void
gst_im_worker_pool_set_n_workers (GstImWorkerPool * pool, guint n_workers)
{
  GError *err = NULL;

  if (n_workers == 0)
    n_workers = g_get_num_processors ();
  if (n_workers == gst_im_worker_pool_get_n_workers (pool))
    return;
  g_atomic_int_set (&pool->n_workers, n_workers);
  /* new threads start lazily; a failure here leaves the threads that run */
  if (!g_thread_pool_set_max_threads (pool->threads, n_workers, &err)) {
    GST_WARNING ("pool %p: could not start %u workers: %s", pool, n_workers,
        err->message);
    g_clear_error (&err);
  }
  GST_DEBUG ("pool %p now has %u workers", pool, n_workers);
}

/**
 * gst_im_worker_pool_push: (skip)
 * @pool: a pool
 * @func: the work
 * @data: its argument
 *
 * Queues @func to run on a worker.
 *
 * Returns: %FALSE if no thread could be started for it: @func will not
 *   run, the caller must run it or give up
 */
gboolean
gst_im_worker_pool_push (GstImWorkerPool * pool, GstImWorkFunc func,
    gpointer data)
{
  WorkItem *item = g_new (WorkItem, 1);
  GError *err = NULL;

  item->func = func;
  item->data = data;
  item->state = ITEM_QUEUED;
  if (g_thread_pool_push (pool->threads, item, &err))
    return TRUE;
  GST_WARNING ("could not start a worker: %s", err->message);
  g_clear_error (&err);
  /* GLib queued it anyway: a running worker may still take it; if none
   * has, it is the caller's, and the queued copy frees itself unrun */
  return !g_atomic_int_compare_and_exchange (&item->state, ITEM_QUEUED,
      ITEM_GIVEN_BACK);
}

/* One gst_im_parallel_rows() call. Shared by the caller and its helpers;
 * the last one to let go frees it. */
typedef struct
{
  GstImRowFunc func;
  gpointer user_data;
  guint n_rows;
  guint chunk_rows;
  guint n_chunks;

  gint next_chunk;              /* atomic: next band to claim */
  gint refcount;                /* atomic */

  GMutex lock;
  GCond done_cond;
  guint n_done;                 /* bands finished, under lock */
} RowTask;

static void
row_task_unref (RowTask * task)
{
  if (g_atomic_int_dec_and_test (&task->refcount)) {
    g_mutex_clear (&task->lock);
    g_cond_clear (&task->done_cond);
    g_free (task);
  }
}

/* Claims and runs bands until none are left. */
static void
row_task_work (RowTask * task)
{
  guint chunk, begin, end, n = 0;

  while ((chunk = g_atomic_int_add (&task->next_chunk, 1)) < task->n_chunks) {
    begin = chunk * task->chunk_rows;
    end = MIN (begin + task->chunk_rows, task->n_rows);
    GST_TRACE ("thread %p rows %u..%u", g_thread_self (), begin, end);
    task->func (begin, end, task->user_data);
    n++;
  }
  if (n > 0) {
    g_mutex_lock (&task->lock);
    task->n_done += n;
    if (task->n_done == task->n_chunks)
      g_cond_signal (&task->done_cond);
    g_mutex_unlock (&task->lock);
  }
}

static void
row_task_help (gpointer data)
{
  RowTask *task = data;

  row_task_work (task);
  row_task_unref (task);
}

/**
 * gst_im_parallel_rows: (skip)
 * @pool: (nullable): the workers to share the bands with; %NULL runs all
 *   bands on the calling thread
 * @n_rows: rows in the frame
 * @chunk_rows: rows per band; 0 picks about four bands per worker
 * @func: processes one band
 * @user_data: passed to @func
 *
 * Runs @func over [0, @n_rows) in bands of @chunk_rows rows on the workers,
 * the calling thread helping, and returns when every band is done. Safe to
 * call from inside a work item of the same pool.
 */
void
gst_im_parallel_rows (GstImWorkerPool * pool, guint n_rows, guint chunk_rows,
    GstImRowFunc func, gpointer user_data)
{
  RowTask *task;
  guint n_workers = pool ? gst_im_worker_pool_get_n_workers (pool) : 1;
  guint i, n_helpers;

  if (n_rows == 0)
    return;
  if (chunk_rows == 0)
    chunk_rows = MAX (1, n_rows / (4 * n_workers));
  chunk_rows = MIN (chunk_rows, n_rows);

  if (n_workers <= 1 || chunk_rows >= n_rows) {
    func (0, n_rows, user_data);
    return;
  }

  task = g_new0 (RowTask, 1);
  task->func = func;
  task->user_data = user_data;
  task->n_rows = n_rows;
  task->chunk_rows = chunk_rows;
  task->n_chunks = (n_rows + chunk_rows - 1) / chunk_rows;
  task->refcount = 1;
  g_mutex_init (&task->lock);
  g_cond_init (&task->done_cond);

  n_helpers = MIN (n_workers, task->n_chunks) - 1;
  for (i = 0; i < n_helpers; i++) {
    g_atomic_int_inc (&task->refcount);
    if (!gst_im_worker_pool_push (pool, row_task_help, task)) {
      g_atomic_int_dec_and_test (&task->refcount);
      break;
    }
  }

  row_task_work (task);

  g_mutex_lock (&task->lock);
  while (task->n_done < task->n_chunks)
    g_cond_wait (&task->done_cond, &task->lock);
  g_mutex_unlock (&task->lock);

  row_task_unref (task);
}
