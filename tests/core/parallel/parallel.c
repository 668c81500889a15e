/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The worker pool and the row-chunk helper: every row exactly once, for any
 * band size and worker count, and no deadlock when frame jobs running on
 * every worker split their own rows.
 */
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>

typedef struct
{
  gint *visits;                 /* per row, atomic */
  guint max_band;               /* largest band seen, atomic max */
} Coverage;

static void
count_rows (guint begin, guint end, gpointer data)
{
  Coverage *cov = data;
  guint r, band = end - begin, seen;

  for (r = begin; r < end; r++)
    g_atomic_int_inc (&cov->visits[r]);
  while ((seen = g_atomic_int_get (&cov->max_band)) < band &&
      !g_atomic_int_compare_and_exchange (&cov->max_band, seen, band));
}

static const struct
{
  guint workers, rows, chunk;
} cases[] = {
  {1, 1, 0}, {2, 1, 1}, {2, 7, 3}, {3, 1000, 1}, {4, 1001, 64},
  {5, 999, 0}, {16, 17, 2}, {2, 2048, 4096},
};

GST_START_TEST (test_rows_each_exactly_once)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (cases[__i__].workers, NULL);
  Coverage cov = { g_new0 (gint, cases[__i__].rows), 0 };
  guint r;

  gst_im_parallel_rows (pool, cases[__i__].rows, cases[__i__].chunk,
      count_rows, &cov);
  for (r = 0; r < cases[__i__].rows; r++)
    fail_unless_equals_int (cov.visits[r], 1);
  if (cases[__i__].chunk)
    fail_unless (cov.max_band <= cases[__i__].chunk);
  g_free (cov.visits);
  gst_im_worker_pool_free (pool);
}

GST_END_TEST;

typedef struct
{
  GstImWorkerPool *pool;
  Coverage cov;
  GMutex lock;
  GCond cond;
  guint done;
} NestedJob;

/* A frame job that splits its own rows on the pool it runs on. */
static void
nested_job (gpointer data)
{
  NestedJob *job = data;

  gst_im_parallel_rows (job->pool, 500, 3, count_rows, &job->cov);
  g_mutex_lock (&job->lock);
  job->done = 1;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
}

GST_START_TEST (test_nested_no_deadlock)
{
  const guint n_workers = 3, n_jobs = 12;
  GstImWorkerPool *pool = gst_im_worker_pool_new (n_workers, NULL);
  NestedJob jobs[12];
  guint i, r;

  /* more frame jobs than workers: every worker is busy with one */
  for (i = 0; i < n_jobs; i++) {
    jobs[i].pool = pool;
    jobs[i].cov.visits = g_new0 (gint, 500);
    jobs[i].cov.max_band = 0;
    jobs[i].done = 0;
    g_mutex_init (&jobs[i].lock);
    g_cond_init (&jobs[i].cond);
    fail_unless (gst_im_worker_pool_push (pool, nested_job, &jobs[i]));
  }
  for (i = 0; i < n_jobs; i++) {
    g_mutex_lock (&jobs[i].lock);
    while (!jobs[i].done)
      g_cond_wait (&jobs[i].cond, &jobs[i].lock);
    g_mutex_unlock (&jobs[i].lock);
  }
  /* helpers may still hold the row tasks: free the pool, which joins them */
  gst_im_worker_pool_free (pool);
  for (i = 0; i < n_jobs; i++) {
    for (r = 0; r < 500; r++)
      fail_unless_equals_int (jobs[i].cov.visits[r], 1);
    g_free (jobs[i].cov.visits);
    g_mutex_clear (&jobs[i].lock);
    g_cond_clear (&jobs[i].cond);
  }
}

GST_END_TEST;

GST_START_TEST (test_resize_pool)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (0, NULL);
  Coverage cov = { g_new0 (gint, 100), 0 };
  guint r;

  fail_unless_equals_int (gst_im_worker_pool_get_n_workers (pool),
      g_get_num_processors ());
  gst_im_worker_pool_set_n_workers (pool, 7);
  fail_unless_equals_int (gst_im_worker_pool_get_n_workers (pool), 7);
  gst_im_parallel_rows (pool, 100, 1, count_rows, &cov);
  gst_im_worker_pool_set_n_workers (pool, 1);
  gst_im_parallel_rows (pool, 100, 7, count_rows, &cov);
  for (r = 0; r < 100; r++)
    fail_unless_equals_int (cov.visits[r], 2);
  gst_im_parallel_rows (NULL, 100, 0, count_rows, &cov);
  fail_unless_equals_int (cov.visits[99], 3);
  g_free (cov.visits);
  gst_im_worker_pool_free (pool);
}

GST_END_TEST;

static Suite *
parallel_suite (void)
{
  Suite *s = suite_create ("parallel");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_rows_each_exactly_once, 0,
      G_N_ELEMENTS (cases));
  tcase_add_test (tc, test_nested_no_deadlock);
  tcase_add_test (tc, test_resize_pool);
  return s;
}

GST_CHECK_MAIN (parallel);
