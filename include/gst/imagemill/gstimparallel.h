/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_PARALLEL_H__
#define __GST_IM_PARALLEL_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

/**
 * GstImWorkerPool:
 *
 * A fixed set of worker threads. Work items run in the order they were
 * pushed; a pool may run frame jobs and row bands at the same time.
 */
typedef struct _GstImWorkerPool GstImWorkerPool;

/**
 * GstImWorkFunc:
 * @data: the data given to gst_im_worker_pool_push()
 *
 * Runs one work item on a worker thread.
 */
typedef void (*GstImWorkFunc) (gpointer data);

/**
 * GstImRowFunc:
 * @row_begin: first row of the band
 * @row_end: one past the last row of the band
 * @user_data: the data given to gst_im_parallel_rows()
 *
 * Processes rows [@row_begin, @row_end). Bands run concurrently and never
 * overlap; the output must not depend on the band size or on the thread.
 */
typedef void (*GstImRowFunc) (guint row_begin, guint row_end,
    gpointer user_data);

GST_IM_API
GstImWorkerPool *gst_im_worker_pool_new (guint n_workers, GError ** error);

GST_IM_API
void             gst_im_worker_pool_free (GstImWorkerPool * pool);

GST_IM_API
guint            gst_im_worker_pool_get_n_workers (GstImWorkerPool * pool);

GST_IM_API
void             gst_im_worker_pool_set_n_workers (GstImWorkerPool * pool,
                                                   guint n_workers);

GST_IM_API
gboolean         gst_im_worker_pool_push (GstImWorkerPool * pool,
                                          GstImWorkFunc func, gpointer data);

GST_IM_API
void             gst_im_parallel_rows (GstImWorkerPool * pool, guint n_rows,
                                       guint chunk_rows, GstImRowFunc func,
                                       gpointer user_data);

G_END_DECLS

#endif /* __GST_IM_PARALLEL_H__ */
