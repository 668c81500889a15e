/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Reading files ahead on reader threads (GstImFileQueue), with a
 * GstImFileReader.
 *
 * The queue is a GstImOrderedQueue of entries in the order they were taken
 * from the caller; reader threads read them in any order, pop takes the
 * head once it is read. Bytes are charged when an entry is queued (the
 * listed size) and recharged once read (the real size), so one big file
 * that grew cannot hold more than its share for long.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/imagemill/gstimfileread.h>
#include <gst/imagemill/gstimorderedqueue.h>

/* One file queued, being read or read. */
typedef struct
{
  GstImFileQueue *queue;
  gchar *path;
  gpointer item;
  guint64 size;                 /* listed */
  GstBuffer *buffer;            /* the file's bytes, once read */
  GError *error;
} Entry;

struct _GstImFileQueue
{
  GstImFileReader *reader;
  GstImWorkerPool *pool;        /* NULL: pop reads on its own thread */
  GstImOrderedQueue *entries;   /* Entry * */
  guint max_entries;
  GstImFileNextFunc next_func;
  gpointer user_data;
  GDestroyNotify item_destroy;

  Entry *pending;               /* popping thread: taken, waiting for room */
};

/* GstImOrderedRunFunc, on a reader thread (or the popping thread): charges
 * what was read, not what was listed. */
static guint64
read_entry (gpointer data, guint64 bytes, gpointer user_data)
{
  Entry *entry = data;
  GstImFileQueue *queue = user_data;

  entry->buffer = gst_im_file_reader_read (queue->reader, entry->path,
      &entry->error);
  return entry->buffer ? gst_buffer_get_size (entry->buffer) : 0;
}

/* An entry dropped with its item, or popped (the item taken out first). */
static void
entry_free (gpointer data)
{
  Entry *entry = data;

  if (entry->item && entry->queue->item_destroy)
    entry->queue->item_destroy (entry->item);
  g_free (entry->path);
  gst_clear_buffer (&entry->buffer);
  g_clear_error (&entry->error);
  g_free (entry);
}

/**
 * gst_im_file_queue_new: (skip)
 * @max_files: files read ahead, each on its own reader thread, so up to
 *   this many reads run at once; 0 reads each file on the thread calling
 *   gst_im_file_queue_pop(), when it is needed
 * @next_func: gives the files to read, in order
 * @user_data: data for @next_func
 * @error: where to store a thread creation error
 *
 * As gst_im_file_queue_new_full() without a destroy function for items.
 *
 * Returns: (transfer full) (nullable): a new queue, or %NULL with @error set
 */
GstImFileQueue *
gst_im_file_queue_new (guint max_files, GstImFileNextFunc next_func,
    gpointer user_data, GError ** error)
{
  return gst_im_file_queue_new_full (max_files, next_func, user_data, NULL,
      error);
}

/**
 * gst_im_file_queue_new_full: (skip)
 * @max_files: files read ahead, each on its own reader thread, so up to
 *   this many reads run at once; 0 reads each file on the thread calling
 *   gst_im_file_queue_pop(), when it is needed
 * @next_func: gives the files to read, in order
 * @user_data: data for @next_func
 * @item_destroy: (nullable): frees the items of files taken from
 *   @next_func but never popped, when the queue is freed
 * @error: where to store a thread creation error
 *
 * Returns: (transfer full) (nullable): a new queue, not flushing, with no
 *   limit on bytes; or %NULL with @error set if the reader threads could
 *   not be started
 */
GstImFileQueue *
gst_im_file_queue_new_full (guint max_files, GstImFileNextFunc next_func,
    gpointer user_data, GDestroyNotify item_destroy, GError ** error)
{
  GstImFileQueue *queue;
  GstImWorkerPool *pool = NULL;

  g_return_val_if_fail (next_func != NULL, NULL);

  if (max_files > 0 && !(pool = gst_im_worker_pool_new (max_files, error)))
    return NULL;
  queue = g_new0 (GstImFileQueue, 1);
  queue->pool = pool;
  /* without readers, one file at a time is taken and read by pop */
  queue->max_entries = MAX (max_files, 1);
  queue->next_func = next_func;
  queue->user_data = user_data;
  queue->item_destroy = item_destroy;
  queue->reader = gst_im_file_reader_new (max_files + 4);
  queue->entries = gst_im_ordered_queue_new (pool, read_entry, entry_free,
      queue);
  gst_im_ordered_queue_set_limits (queue->entries, queue->max_entries, 0);
  return queue;
}

/**
 * gst_im_file_queue_free:
 * @queue: (transfer full) (nullable): a queue
 *
 * Frees @queue: reads not started are dropped, reads running are waited
 * for; the items of files not popped go to the destroy function. Buffers
 * already popped stay valid.
 */
void
gst_im_file_queue_free (GstImFileQueue * queue)
{
  if (queue == NULL)
    return;
  /* the running reads finish before anything they use is freed */
  gst_im_ordered_queue_free (queue->entries);
  gst_im_worker_pool_free (queue->pool);
  if (queue->pending)
    entry_free (queue->pending);
  gst_im_file_reader_free (queue->reader);
  g_free (queue);
}

/**
 * gst_im_file_queue_set_max_bytes:
 * @queue: a queue
 * @max_bytes: bytes the files read ahead may hold together; 0 means no
 *   limit besides max_files
 *
 * Limits the memory the queue holds. One file is always read ahead,
 * however big.
 */
void
gst_im_file_queue_set_max_bytes (GstImFileQueue * queue, guint64 max_bytes)
{
  g_return_if_fail (queue != NULL);

  gst_im_ordered_queue_set_limits (queue->entries, queue->max_entries,
      max_bytes);
}

/**
 * gst_im_file_queue_set_max_file_bytes:
 * @queue: a queue
 * @max_bytes: the most bytes one file may hold; 0 means no limit
 *
 * As gst_im_file_reader_set_max_file_bytes(), for the queue's reads.
 */
void
gst_im_file_queue_set_max_file_bytes (GstImFileQueue * queue,
    guint64 max_bytes)
{
  g_return_if_fail (queue != NULL);

  gst_im_file_reader_set_max_file_bytes (queue->reader, max_bytes);
}

/**
 * gst_im_file_queue_set_flushing:
 * @queue: a queue
 * @flushing: whether gst_im_file_queue_pop() returns at once
 *
 * While flushing, gst_im_file_queue_pop() returns %GST_FLOW_FLUSHING, and a
 * pop waiting for a read returns it at once. Reads go on in the background
 * and nothing is dropped: popping resumes where it stopped.
 */
void
gst_im_file_queue_set_flushing (GstImFileQueue * queue, gboolean flushing)
{
  g_return_if_fail (queue != NULL);

  gst_im_ordered_queue_set_flushing (queue->entries, flushing);
}

/* Queues files from the caller until max_files files or max_bytes are
 * ahead; the one that did not fit waits as pending. */
static void
fill (GstImFileQueue * queue)
{
  Entry *entry;
  gchar *path;
  guint64 size;
  gpointer item;

  for (;;) {
    if (queue->pending == NULL) {
      if (gst_im_ordered_queue_get_length (queue->entries) >=
          queue->max_entries)
        return;
      size = 0;
      item = NULL;
      if (!(path = queue->next_func (queue->user_data, &size, &item)))
        return;
      entry = g_new0 (Entry, 1);
      entry->queue = queue;
      entry->path = path;
      entry->item = item;
      entry->size = size;
      queue->pending = entry;
    }
    if (gst_im_ordered_queue_push (queue->entries, queue->pending,
            queue->pending->size, GST_IM_ORDERED_PUSH_NO_WAIT) !=
        GST_IM_ORDERED_OK)
      return;
    queue->pending = NULL;
  }
}

/**
 * gst_im_file_queue_pop:
 * @queue: a queue
 * @item: (out): the item given with the file by the #GstImFileNextFunc
 * @buffer: (out) (transfer full) (nullable): the file's bytes, or %NULL if
 *   it could not be read
 * @error: (out): where to store why the file could not be read, as
 *   gst_im_file_reader_read() says
 *
 * Queues files up to the limits, waits until the oldest one is read and
 * takes it out of the queue. Reading errors belong to their file: the
 * queue goes on after them.
 *
 * Returns: %GST_FLOW_OK with @item set and either @buffer or @error set;
 *   %GST_FLOW_EOS when there are no more files; %GST_FLOW_FLUSHING while
 *   flushing
 */
GstFlowReturn
gst_im_file_queue_pop (GstImFileQueue * queue, gpointer * item,
    GstBuffer ** buffer, GError ** error)
{
  GstImOrderedStatus status;
  gpointer data = NULL;
  Entry *entry;

  g_return_val_if_fail (queue != NULL, GST_FLOW_ERROR);
  g_return_val_if_fail (item != NULL && buffer != NULL, GST_FLOW_ERROR);

  *buffer = NULL;
  fill (queue);
  /* only this thread queues files: an empty queue stays empty */
  status = gst_im_ordered_queue_pop (queue->entries,
      gst_im_ordered_queue_get_length (queue->entries) > 0 ?
      GST_IM_ORDERED_POP_NONE : GST_IM_ORDERED_POP_NO_WAIT, &data);
  if (status == GST_IM_ORDERED_FLUSHING)
    return GST_FLOW_FLUSHING;
  if (status != GST_IM_ORDERED_OK)
    return GST_FLOW_EOS;
  /* the next reads start before this file is handed over */
  if (queue->pool)
    fill (queue);

  entry = data;
  *item = g_steal_pointer (&entry->item);
  *buffer = g_steal_pointer (&entry->buffer);
  if (entry->error)
    g_propagate_error (error, g_steal_pointer (&entry->error));
  entry_free (entry);
  return GST_FLOW_OK;
}
