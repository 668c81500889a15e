/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Reading whole files into buffers, with their memory recycled, at once
 * (GstImFileReader) or ahead on reader threads (GstImFileQueue).
 *
 * Fresh blocks from malloc fault their pages in at every read (glibc maps
 * big blocks and trims thread arenas), which costs as much as the copy from
 * the page cache; a block back from downstream keeps its pages. So each
 * buffer wraps a block that returns to its reader's free list when the
 * buffer is freed. The reader is reference-counted by the blocks out, so
 * buffers may outlive gst_im_file_reader_free(). A block's size comes from
 * the file, so it is checked against the reader's per-file limit before it
 * is allocated, and allocated with g_try_malloc(): a huge file is an error
 * for that file, not an abort of the process.
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

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "gstimdebug-private.h"
#include <gst/imagemill/gstimfileread.h>
#include <gst/imagemill/gstimorderedqueue.h>


/* blocks are allocated in multiples of this, so a few sizes serve all */
#define BLOCK_ALIGN (64 * 1024)
/* bigger blocks are freed, not kept */
#define MAX_CACHED_BLOCK (32 * 1024 * 1024)

struct _GstImFileReader
{
  gint refcount;                /* atomic: the owner, each block out */
  GMutex lock;
  GSList *free;                 /* Block */
  guint n_free;
  guint max_free;               /* 0 once freed: returns are freed */
  guint64 max_file_bytes;       /* 0: no limit */
};

typedef struct
{
  GstImFileReader *reader;
  gsize capacity;
  guint8 *data;
} Block;

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

GST_IM_DEBUG_CATEGORY ("im-file-read", "imagemill whole-file reads");

/**
 * gst_im_file_reader_new:
 * @max_cached: how many free blocks of memory to keep for later reads;
 *   about the number of buffers in flight at once. 0 recycles nothing.
 *
 * Returns: (transfer full): a new reader
 */
GstImFileReader *
gst_im_file_reader_new (guint max_cached)
{
  GstImFileReader *reader = g_new0 (GstImFileReader, 1);

  reader->refcount = 1;
  reader->max_free = max_cached;
  g_mutex_init (&reader->lock);
  return reader;
}

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->data);
  g_free (block);
}

static void
reader_unref (GstImFileReader * reader)
{
  if (!g_atomic_int_dec_and_test (&reader->refcount))
    return;
  g_slist_free_full (reader->free, block_free);
  g_mutex_clear (&reader->lock);
  g_free (reader);
}

/**
 * gst_im_file_reader_free:
 * @reader: (transfer full) (nullable): a reader
 *
 * Frees @reader and the memory it keeps. Buffers it made stay valid; their
 * memory is freed with them.
 */
void
gst_im_file_reader_free (GstImFileReader * reader)
{
  GSList *free;

  if (reader == NULL)
    return;
  g_mutex_lock (&reader->lock);
  free = reader->free;
  reader->free = NULL;
  reader->n_free = reader->max_free = 0;
  g_mutex_unlock (&reader->lock);
  g_slist_free_full (free, block_free);
  reader_unref (reader);
}

/**
 * gst_im_file_reader_set_max_file_bytes:
 * @reader: a reader
 * @max_bytes: the most bytes one file may hold; 0 means no limit
 *
 * Limits the size of the files @reader reads: a bigger file, or one that
 * grows past the limit while it is read, fails before its memory is
 * allocated. Without a limit, a file too big for memory still fails with
 * an error instead of aborting. Takes effect at the next read.
 */
void
gst_im_file_reader_set_max_file_bytes (GstImFileReader * reader,
    guint64 max_bytes)
{
  g_return_if_fail (reader != NULL);

  g_mutex_lock (&reader->lock);
  reader->max_file_bytes = max_bytes;
  g_mutex_unlock (&reader->lock);
}

/* A block of at least @size bytes: a cached one that fits, else a cached
 * one grown, else a new one; %NULL when memory for it cannot be had (the
 * size comes from the file). */
static Block *
block_get (GstImFileReader * reader, gsize size)
{
  Block *block = NULL;
  GSList *l;

  g_mutex_lock (&reader->lock);
  for (l = reader->free; l && !block; l = l->next)
    if (((Block *) l->data)->capacity >= size)
      block = l->data;
  if (!block && reader->free)
    block = reader->free->data;
  if (block) {
    reader->free = g_slist_remove (reader->free, block);
    reader->n_free--;
  }
  g_mutex_unlock (&reader->lock);

  if (!block)
    block = g_new0 (Block, 1);
  if (block->capacity < size) {
    g_free (block->data);
    block->capacity = size > G_MAXSIZE - BLOCK_ALIGN ? 0 :
        GST_ROUND_UP_N (MAX (size, 1), BLOCK_ALIGN);
    block->data = block->capacity ? g_try_malloc (block->capacity) : NULL;
    if (block->data == NULL) {
      g_free (block);
      return NULL;
    }
  }
  g_atomic_int_inc (&reader->refcount);
  block->reader = reader;
  return block;
}

static void
block_release (gpointer data)
{
  Block *block = data;
  GstImFileReader *reader = block->reader;

  g_mutex_lock (&reader->lock);
  if (reader->n_free < reader->max_free && block->capacity <= MAX_CACHED_BLOCK) {
    reader->free = g_slist_prepend (reader->free, block);
    reader->n_free++;
    block = NULL;
  }
  g_mutex_unlock (&reader->lock);
  if (block)
    block_free (block);
  reader_unref (reader);
}

/* Doubles @block for a file that grew while it was read, up to one byte
 * past @max_bytes: enough to see that it is too big. */
static gboolean
block_grow (Block * block, guint64 max_bytes)
{
  gsize capacity;
  guint8 *data;

  if (block->capacity > G_MAXSIZE / 2)
    return FALSE;
  capacity = block->capacity * 2;
  if (max_bytes && max_bytes < capacity - 1)
    capacity = max_bytes + 1;
  if (!(data = g_try_realloc (block->data, capacity)))
    return FALSE;
  block->data = data;
  block->capacity = capacity;
  return TRUE;
}

/**
 * gst_im_file_reader_read:
 * @reader: a reader
 * @path: the file to read
 * @error: where to store the reason the read failed
 *
 * Reads the whole of @path into one buffer, to its end even if it grew
 * since it was listed. The file is opened with O_NONBLOCK and must be a
 * regular file, so a FIFO or a device fails at once instead of blocking or
 * never ending. An empty file gives an empty buffer. A file bigger than
 * the limit set with gst_im_file_reader_set_max_file_bytes(), or too big
 * for the memory there is, fails without taking the process down.
 *
 * Returns: (transfer full) (nullable): a buffer with the file's bytes, or
 *   %NULL with @error set: %GST_RESOURCE_ERROR_NOT_FOUND when @path does
 *   not exist, %GST_RESOURCE_ERROR_READ otherwise, the message naming
 *   @path and saying why (and the limit, when it was passed)
 */
GstBuffer *
gst_im_file_reader_read (GstImFileReader * reader, const gchar * path,
    GError ** error)
{
  Block *block = NULL;
  GStatBuf st;
  guint64 max_bytes, size = 0;
  gsize len = 0;
  gssize n;
  gint fd, errsv;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  g_mutex_lock (&reader->lock);
  max_bytes = reader->max_file_bytes;
  g_mutex_unlock (&reader->lock);

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    goto failed;
  if (fstat (fd, &st) < 0)
    goto failed;
  if (!S_ISREG (st.st_mode))
    goto not_regular;
  size = st.st_size;
  if (max_bytes && size > max_bytes)
    goto too_big;
  /* one byte more than the size, to see that the file did not grow */
  if (size >= G_MAXSIZE || !(block = block_get (reader, size + 1)))
    goto no_memory;
  while ((n = read (fd, block->data + len, block->capacity - len)) != 0) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      goto failed;
    len += n;
    if (max_bytes && len > max_bytes)
      goto grew_too_big;
    if (len == block->capacity && !block_grow (block, max_bytes)) {
      size = len;
      goto no_memory;
    }
  }
  close (fd);
  GST_LOG ("read %s, %" G_GSIZE_FORMAT " bytes", path, len);
  return gst_buffer_new_wrapped_full (0, block->data, block->capacity, 0, len,
      block, block_release);

  /* ERRORS */
not_regular:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "“%s” is not a regular file", path);
    goto close_fd;
  }
too_big:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "“%s” is %" G_GUINT64_FORMAT " bytes, more than the limit of %"
        G_GUINT64_FORMAT " bytes per file", path, size, max_bytes);
    goto close_fd;
  }
grew_too_big:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "“%s” grew past the limit of %" G_GUINT64_FORMAT " bytes per file "
        "while it was read", path, max_bytes);
    goto close_fd;
  }
no_memory:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "“%s”: not enough memory to read its %" G_GUINT64_FORMAT " bytes",
        path, size);
    goto close_fd;
  }
close_fd:
  {
    close (fd);
    if (block)
      block_release (block);
    return NULL;
  }
failed:
  {
    errsv = errno;
    if (fd >= 0)
      close (fd);
    if (block)
      block_release (block);
    g_set_error (error, GST_RESOURCE_ERROR, errsv == ENOENT ?
        GST_RESOURCE_ERROR_NOT_FOUND : GST_RESOURCE_ERROR_READ,
        "“%s”: %s", path, g_strerror (errsv));
    return NULL;
  }
}

/* ---- read-ahead ---- */

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
 * gst_im_file_queue_new:
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
 * gst_im_file_queue_new_full:
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
