/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Reading whole files into buffers, with their memory recycled
 * (GstImFileReader); reading ahead on reader threads is gstimfilequeue.c.
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


GST_IM_DEBUG_CATEGORY ("im-file-read", "imagemill whole-file reads");

/**
 * gst_im_file_reader_new: (skip)
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
