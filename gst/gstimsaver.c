/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimsaver
 * @title: GstImSaver
 * @short_description: atomic file writes, if-exists, the save queue
 *
 * gst_im_save_file() writes a file so that it appears complete or not at all:
 * the bytes go to a temporary file in the target folder, named
 * `.NAME.tmp-XXXXXX` so that it can never be taken for an output (it is
 * hidden and has no image extension), optionally fsync'd, then renamed to
 * NAME. A process killed at any moment leaves at most a temporary file,
 * never a partial NAME; on an error the temporary file is removed.
 * GLib's g_file_set_contents_full() does the same dance, but names its
 * temporary file NAME.XXXXXX (which a later glob for "*.png*" could pick up)
 * and cannot refuse to replace a file that appeared meanwhile, which
 * `if-exists=skip` needs to stay correct with several writers.
 *
 * #GstImSaveQueue runs such writes on worker threads behind a bounded queue,
 * applies #GstImIfExists (checked before encoding, so a resumed job does not
 * encode what it keeps, and again by the rename) and an optional write rate,
 * and reports the jobs in the order they came.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE             /* renameat2 () */
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include <gst/base/gstqueuearray.h>
#include <gst/imagemill/gstimdecoder.h>
#include <gst/imagemill/gstimparallel.h>
#include "gstimsaver-private.h"

#ifndef GST_DISABLE_GST_DEBUG
#define GST_CAT_DEFAULT gst_im_saver_debug_category ()
GstDebugCategory *
gst_im_saver_debug_category (void)
{
  static gsize cat_gonce = 0;

  if (g_once_init_enter (&cat_gonce)) {
    gsize cat_done = (gsize) _gst_debug_category_new ("im-saver", 0,
        "imagemill atomic file saving");
    g_once_init_leave (&cat_gonce, cat_done);
  }
  return (GstDebugCategory *) cat_gonce;
}
#endif /* GST_DISABLE_GST_DEBUG */

/* a temporary name must fit in NAME_MAX (255) with ".", ".tmp-XXXXXX" */
#define TEMP_BASE_MAX 200
#define TEMP_SUFFIX ".tmp-XXXXXX"

GType
gst_im_if_exists_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_IM_IF_EXISTS_OVERWRITE, "Replace the file atomically", "overwrite"},
    {GST_IM_IF_EXISTS_SKIP, "Keep the file, skip the input (resume a job)",
        "skip"},
    {GST_IM_IF_EXISTS_ERROR, "Keep the file, the input fails", "error"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstImIfExists", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

/* ---- atomic writes ---- */

gint
gst_im_save_error_code (gint errsv)
{
  switch (errsv) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return GST_RESOURCE_ERROR_NO_SPACE_LEFT;
    default:
      return GST_RESOURCE_ERROR_WRITE;
  }
}

/* ".NAME.tmp-XXXXXX" next to @path, NAME cut to TEMP_BASE_MAX bytes at a
 * UTF-8 character boundary. */
gchar *
gst_im_save_temp_template (const gchar * path)
{
  gchar *dir = g_path_get_dirname (path);
  gchar *base = g_path_get_basename (path);
  gsize len = strlen (base);
  gchar *name, *tmpl;

  if (len > TEMP_BASE_MAX) {
    len = TEMP_BASE_MAX;
    while (len > 0 && ((guint8) base[len] & 0xc0) == 0x80)
      len--;
    base[len] = '\0';
  }
  name = g_strconcat (".", base, TEMP_SUFFIX, NULL);
  tmpl = g_build_filename (dir, name, NULL);
  g_free (name);
  g_free (base);
  g_free (dir);
  return tmpl;
}

/**
 * gst_im_is_temp_name:
 * @name: a file name (not a path)
 *
 * Returns: whether @name has the form of a temporary file of
 *   gst_im_save_file(): `.NAME.tmp-XXXXXX`
 */
gboolean
gst_im_is_temp_name (const gchar * name)
{
  gsize len;

  g_return_val_if_fail (name != NULL, FALSE);
  len = strlen (name);
  return name[0] == '.' && len > strlen (TEMP_SUFFIX) + 1
      && strncmp (name + len - strlen (TEMP_SUFFIX), ".tmp-", 5) == 0;
}

static gboolean
write_all (gint fd, const guint8 * data, gsize size)
{
  while (size > 0) {
    gssize n = write (fd, data, MIN (size, G_MAXSSIZE));

    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = ENOSPC;
      return FALSE;
    }
    data += n;
    size -= n;
  }
  return TRUE;
}

/* Puts @from under the name @to unless @to exists: atomically with
 * renameat2 (RENAME_NOREPLACE) or link (), else (file systems with neither)
 * by a check and a rename that another writer could race. */
static gint
rename_no_replace (const gchar * from, const gchar * to)
{
#ifdef RENAME_NOREPLACE
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return -1;
#endif
  if (link (from, to) == 0) {
    g_unlink (from);
    return 0;
  }
  if (errno == EPERM || errno == ENOTSUP || errno == ENOSYS) {
    GStatBuf st;

    if (g_lstat (to, &st) == 0) {
      errno = EEXIST;
      return -1;
    }
    return g_rename (from, to);
  }
  return -1;
}

void
gst_im_save_sync_folder (const gchar * path)
{
  gchar *dir = g_path_get_dirname (path);
  gint fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0) {
    if (fsync (fd) != 0)
      GST_DEBUG ("fsync of folder %s: %s", dir, g_strerror (errno));
    close (fd);
  }
  g_free (dir);
}

/**
 * gst_im_save_file:
 * @path: where the file goes; missing parent folders are created
 * @data: (array length=size): the file's bytes
 * @size: bytes in @data
 * @flags: #GstImSaveFlags
 * @error: return location for a #GError
 *
 * Writes @data to @path atomically: a temporary file in the same folder,
 * optionally fsync'd, renamed to @path. On any failure the temporary file is
 * removed and @path is untouched.
 *
 * Returns: %GST_IM_SAVE_WRITTEN, %GST_IM_SAVE_EXISTS (only with
 *   %GST_IM_SAVE_NO_REPLACE), or %GST_IM_SAVE_FAILED with @error set in the
 *   %GST_RESOURCE_ERROR domain (%GST_RESOURCE_ERROR_NO_SPACE_LEFT for a full
 *   disk, a quota or a file size limit); its message names @path and the
 *   reason.
 */
GstImSaveResult
gst_im_save_file (const gchar * path, const guint8 * data, gsize size,
    GstImSaveFlags flags, GError ** error)
{
  gchar *dir, *tmp;
  gint fd, errsv, ret;

  g_return_val_if_fail (path != NULL && *path != '\0', GST_IM_SAVE_FAILED);
  g_return_val_if_fail (data != NULL || size == 0, GST_IM_SAVE_FAILED);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    goto no_folder;

  tmp = gst_im_save_temp_template (path);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    goto no_temp;
  GST_LOG ("writing %" G_GSIZE_FORMAT " bytes to %s", size, tmp);

  if (!write_all (fd, data, size))
    goto write_failed;
  if ((flags & GST_IM_SAVE_FSYNC) && fsync (fd) != 0)
    goto write_failed;
  ret = close (fd);
  fd = -1;
  if (ret != 0)
    goto write_failed;

  if (flags & GST_IM_SAVE_NO_REPLACE)
    ret = rename_no_replace (tmp, path);
  else
    ret = g_rename (tmp, path);
  if (ret != 0) {
    if (errno == EEXIST && (flags & GST_IM_SAVE_NO_REPLACE))
      goto exists;
    goto rename_failed;
  }
  if (flags & GST_IM_SAVE_FSYNC)
    gst_im_save_sync_folder (path);

  g_free (tmp);
  g_free (dir);
  return GST_IM_SAVE_WRITTEN;

  /* ERRORS */
no_folder:
  {
    errsv = errno;
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE,
        "Could not write \"%s\": cannot create its folder \"%s\": %s", path,
        dir, g_strerror (errsv));
    g_free (dir);
    return GST_IM_SAVE_FAILED;
  }
no_temp:
  {
    errsv = errno;
    g_set_error (error, GST_RESOURCE_ERROR, errsv == ENOSPC || errsv == EDQUOT
        ? GST_RESOURCE_ERROR_NO_SPACE_LEFT : GST_RESOURCE_ERROR_OPEN_WRITE,
        "Could not write \"%s\": cannot create a file in \"%s\": %s", path,
        dir, g_strerror (errsv));
    g_free (tmp);
    g_free (dir);
    return GST_IM_SAVE_FAILED;
  }
write_failed:
  {
    errsv = errno;
    if (fd >= 0)
      close (fd);
    g_unlink (tmp);
    g_set_error (error, GST_RESOURCE_ERROR, gst_im_save_error_code (errsv),
        "Could not write \"%s\": %s", path, g_strerror (errsv));
    g_free (tmp);
    g_free (dir);
    return GST_IM_SAVE_FAILED;
  }
exists:
  {
    GST_DEBUG ("%s appeared meanwhile, leaving it", path);
    g_unlink (tmp);
    g_free (tmp);
    g_free (dir);
    return GST_IM_SAVE_EXISTS;
  }
rename_failed:
  {
    errsv = errno;
    g_unlink (tmp);
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_WRITE,
        "Could not write \"%s\": cannot give the finished file its name: %s",
        path, g_strerror (errsv));
    g_free (tmp);
    g_free (dir);
    return GST_IM_SAVE_FAILED;
  }
}

/* ---- the save queue ---- */

struct _GstImSaveQueue
{
  GstImSaveReportFunc report;
  GDestroyNotify free_job;
  gpointer user_data;
  GstImWorkerPool *pool;

  /* everything below: lock */
  GMutex lock;
  GCond cond;                   /* a job is done, or a wait must end */
  GstQueueArray *jobs;          /* in input order, until reported */
  guint64 held_bytes;           /* input bytes of unfinished jobs */
  guint epoch;                  /* bumped by flush and free */
  gboolean flushing;            /* push and drain return instead of waiting */
  gboolean stopping;            /* throttled writes stop waiting */
  GSList *encoders;             /* idle GstImEncoders */
  gint64 next_write;            /* max-write-rate: monotonic time, us */
};

/**
 * gst_im_save_job_clear:
 * @job: a job
 *
 * Frees the location, buffer and error of @job, not @job itself.
 */
void
gst_im_save_job_clear (GstImSaveJob * job)
{
  g_return_if_fail (job != NULL);

  g_clear_pointer (&job->location, g_free);
  gst_clear_buffer (&job->buffer);
  g_clear_error (&job->error);
}

/**
 * gst_im_save_queue_new:
 * @n_workers: worker threads; 0 means one per core
 * @report: reports finished jobs, in input order
 * @free_job: frees a job once it is reported or dropped
 * @user_data: data for @report and @free_job
 * @error: return location for a thread creation error
 *
 * Returns: (transfer full) (nullable): a queue, or %NULL with @error set
 *   when the workers could not be started
 */
GstImSaveQueue *
gst_im_save_queue_new (guint n_workers, GstImSaveReportFunc report,
    GDestroyNotify free_job, gpointer user_data, GError ** error)
{
  GstImSaveQueue *queue;
  GstImWorkerPool *pool;

  g_return_val_if_fail (report != NULL && free_job != NULL, NULL);

  if (!(pool = gst_im_worker_pool_new (n_workers, error)))
    return NULL;
  queue = g_new0 (GstImSaveQueue, 1);
  queue->report = report;
  queue->free_job = free_job;
  queue->user_data = user_data;
  queue->pool = pool;
  g_mutex_init (&queue->lock);
  g_cond_init (&queue->cond);
  queue->jobs = gst_queue_array_new (16);
  GST_DEBUG ("save queue %p: %u workers", queue,
      gst_im_worker_pool_get_n_workers (pool));
  return queue;
}

/**
 * gst_im_save_queue_set_n_workers:
 * @queue: a queue
 * @n_workers: worker threads; 0 means one per core
 *
 * Grows or shrinks the pool; no job is lost.
 */
void
gst_im_save_queue_set_n_workers (GstImSaveQueue * queue, guint n_workers)
{
  gst_im_worker_pool_set_n_workers (queue->pool, n_workers);
}

/* Reports and frees the finished jobs at the head of the queue, dropping
 * the lock meanwhile. Returns FALSE if a report function did. */
static gboolean
retire_done_locked (GstImSaveQueue * queue)
{
  GstImSaveJob *job;
  gboolean ok = TRUE;

  while ((job = gst_queue_array_peek_head (queue->jobs)) && job->done) {
    gst_queue_array_pop_head (queue->jobs);
    g_mutex_unlock (&queue->lock);
    if (!job->dropped && !queue->report (job, queue->user_data))
      ok = FALSE;
    queue->free_job (job);
    g_mutex_lock (&queue->lock);
  }
  return ok;
}

/* Waits for the job's slot under max-write-rate: writes are spaced as if
 * one disk of that bandwidth took them in turn. */
static void
throttle (GstImSaveQueue * queue, GstImSaveJob * job)
{
  gint64 now, end;

  if (job->max_write_rate == 0)
    return;
  g_mutex_lock (&queue->lock);
  now = g_get_monotonic_time ();
  end = MAX (now, queue->next_write) + (gint64) (job->size * G_USEC_PER_SEC /
      job->max_write_rate);
  queue->next_write = end;
  while (!queue->stopping && g_get_monotonic_time () < end)
    g_cond_wait_until (&queue->cond, &queue->lock, end);
  g_mutex_unlock (&queue->lock);
}

/* The file's bytes: a raw frame encoded by @enc (valid until its next
 * encode), or encoded input as it is, left mapped in @map. */
static gboolean
encode_job (GstImSaveJob * job, GstImEncoder * enc, GstMapInfo * map,
    const guint8 ** data, GError ** error)
{
  GstImEncodeFormat have;
  GstVideoFrame frame;
  GstImCodec codec;
  gboolean ok;
  gsize size;

  if (job->raw) {
    if (!gst_video_frame_map (&frame, &job->info, job->buffer, GST_MAP_READ)) {
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
          "the frame does not match its caps");
      return FALSE;
    }
    ok = gst_im_encoder_encode (enc, &job->settings,
        GST_VIDEO_FRAME_FORMAT (&frame), GST_VIDEO_FRAME_WIDTH (&frame),
        GST_VIDEO_FRAME_HEIGHT (&frame), GST_VIDEO_FRAME_PLANE_DATA (&frame,
            0), GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), data, &size, error);
    gst_video_frame_unmap (&frame);
    job->size = size;
    return ok;
  }

  if (!gst_buffer_map (job->buffer, map, GST_MAP_READ)) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "could not map the input buffer");
    return FALSE;
  }
  codec = gst_im_codec_sniff (map->data, map->size);
  have = codec == GST_IM_CODEC_JPEG ? GST_IM_ENCODE_JPEG : GST_IM_ENCODE_PNG;
  if (codec == GST_IM_CODEC_UNKNOWN) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE,
        "the input is neither JPEG nor PNG data (%" G_GSIZE_FORMAT " bytes)",
        map->size);
  } else if (job->check_format && job->settings.format != have) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
        "the input is %s data but the file is to be %s; encoded input is "
        "written as it is (decode it first to convert)",
        gst_im_encode_format_name (have),
        gst_im_encode_format_name (job->settings.format));
  } else {
    *data = map->data;
    job->size = map->size;
    return TRUE;
  }
  gst_buffer_unmap (job->buffer, map);
  return FALSE;
}

/* Applies if-exists, encodes and writes one file. */
static void
save_job (GstImSaveQueue * queue, GstImSaveJob * job, GstImEncoder * enc)
{
  GstImSaveFlags flags = job->flags;
  const guint8 *data;
  GError *err = NULL;
  GstMapInfo map;
  GStatBuf st;

  if (job->if_exists != GST_IM_IF_EXISTS_OVERWRITE) {
    flags |= GST_IM_SAVE_NO_REPLACE;
    /* checked first, so a resumed job does not encode what it keeps */
    if (g_lstat (job->location, &st) == 0)
      goto exists;
  }
  if (!encode_job (job, enc, &map, &data, &err))
    goto encode_failed;

  throttle (queue, job);
  job->result = gst_im_save_file (job->location, data, job->size, flags,
      &job->error);
  if (!job->raw)
    gst_buffer_unmap (job->buffer, &map);
  if (job->result != GST_IM_SAVE_EXISTS)
    return;
  if (g_lstat (job->location, &st) != 0)
    st.st_size = 0;

exists:
  if (job->if_exists == GST_IM_IF_EXISTS_ERROR) {
    job->result = GST_IM_SAVE_FAILED;
    job->error = g_error_new (GST_RESOURCE_ERROR,
        GST_RESOURCE_ERROR_OPEN_WRITE, "Could not write \"%s\": the file "
        "exists already (if-exists=error)", job->location);
    return;
  }
  GST_LOG ("%s exists, skipped", job->location);
  job->result = GST_IM_SAVE_EXISTS;
  job->size = st.st_size;
  return;

  /* ERRORS */
encode_failed:
  {
    job->result = GST_IM_SAVE_FAILED;
    job->error = g_error_new (err->domain, err->code,
        "Could not save \"%s\": %s", job->location, err->message);
    g_error_free (err);
  }
}

/* Worker thread: one job, unless a flush or free came since its push. */
static void
run_job (gpointer data)
{
  GstImSaveJob *job = data;
  GstImSaveQueue *queue = job->queue;
  GstImEncoder *enc = NULL;

  g_mutex_lock (&queue->lock);
  if (job->epoch != queue->epoch) {
    job->dropped = TRUE;
  } else if (queue->encoders) {
    enc = queue->encoders->data;
    queue->encoders = g_slist_delete_link (queue->encoders, queue->encoders);
  }
  g_mutex_unlock (&queue->lock);

  if (!job->dropped) {
    if (enc == NULL)
      enc = gst_im_encoder_new ();
    save_job (queue, job, enc);
    GST_TRACE ("%s: result %d", job->location, job->result);
  }

  gst_clear_buffer (&job->buffer);
  g_mutex_lock (&queue->lock);
  if (enc)
    queue->encoders = g_slist_prepend (queue->encoders, enc);
  queue->held_bytes -= job->bytes;
  job->done = TRUE;
  g_cond_broadcast (&queue->cond);
  g_mutex_unlock (&queue->lock);
}

/**
 * gst_im_save_queue_push:
 * @queue: a queue
 * @job: (transfer full): the job; with @error already set it is not run but
 *   reported, failed, in its turn
 * @max_jobs: jobs queued or running before a push waits; 0 means two per
 *   worker
 * @max_bytes: input bytes held before a push waits; 0 means no byte limit.
 *   A job is always taken when the queue holds no bytes, however large.
 *
 * Reports the jobs finished so far, waits until there is room and queues
 * @job.
 *
 * Returns: %GST_FLOW_OK when @job was queued. Otherwise @job is still the
 *   caller's: %GST_FLOW_ERROR when a report function returned %FALSE
 *   during the call, %GST_FLOW_FLUSHING when the queue had to wait while
 *   flushing (a #GstBaseSink then waits for preroll and pushes again)
 */
GstFlowReturn
gst_im_save_queue_push (GstImSaveQueue * queue, GstImSaveJob * job,
    guint max_jobs, guint64 max_bytes)
{
  GstFlowReturn ret = GST_FLOW_OK;

  job->queue = queue;
  if (job->error) {
    job->result = GST_IM_SAVE_FAILED;
    gst_clear_buffer (&job->buffer);
    job->done = TRUE;
  }
  job->bytes = job->buffer ? gst_buffer_get_size (job->buffer) : 0;
  if (max_jobs == 0)
    max_jobs = 2 * gst_im_worker_pool_get_n_workers (queue->pool);

  g_mutex_lock (&queue->lock);
  for (;;) {
    if (!retire_done_locked (queue)) {
      ret = GST_FLOW_ERROR;
      break;
    }
    if (gst_queue_array_get_length (queue->jobs) < max_jobs
        && (max_bytes == 0 || queue->held_bytes == 0
            || queue->held_bytes + job->bytes <= max_bytes))
      break;
    if (queue->flushing) {
      ret = GST_FLOW_FLUSHING;
      break;
    }
    g_cond_wait (&queue->cond, &queue->lock);
  }
  if (ret != GST_FLOW_OK) {
    g_mutex_unlock (&queue->lock);
    return ret;
  }

  job->epoch = queue->epoch;
  gst_queue_array_push_tail (queue->jobs, job);
  if (!job->done) {
    queue->held_bytes += job->bytes;
    if (!gst_im_worker_pool_push (queue->pool, run_job, job)) {
      queue->held_bytes -= job->bytes;
      gst_clear_buffer (&job->buffer);
      job->result = GST_IM_SAVE_FAILED;
      job->error = g_error_new (GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_FAILED, "Could not save \"%s\": no saver "
          "thread could be started", job->location);
      job->done = TRUE;
    }
  }
  g_mutex_unlock (&queue->lock);
  return GST_FLOW_OK;
}

/**
 * gst_im_save_queue_drain:
 * @queue: a queue
 *
 * Waits until every job pushed is saved and reported.
 *
 * Returns: %GST_FLOW_OK, or %GST_FLOW_FLUSHING when the queue had to wait
 *   while flushing; call again to go on
 */
GstFlowReturn
gst_im_save_queue_drain (GstImSaveQueue * queue)
{
  GstFlowReturn ret = GST_FLOW_OK;

  g_mutex_lock (&queue->lock);
  for (;;) {
    retire_done_locked (queue);
    if (gst_queue_array_is_empty (queue->jobs))
      break;
    if (queue->flushing) {
      ret = GST_FLOW_FLUSHING;
      break;
    }
    g_cond_wait (&queue->cond, &queue->lock);
  }
  g_mutex_unlock (&queue->lock);
  return ret;
}

/**
 * gst_im_save_queue_flush:
 * @queue: a queue
 *
 * Drops the jobs that have not started: they are freed in their turn
 * without being reported. Jobs already running finish and are reported.
 */
void
gst_im_save_queue_flush (GstImSaveQueue * queue)
{
  g_mutex_lock (&queue->lock);
  queue->epoch++;
  g_mutex_unlock (&queue->lock);
}

/**
 * gst_im_save_queue_set_flushing:
 * @queue: a queue
 * @flushing: whether push and drain return instead of waiting
 *
 * While flushing, a push or drain that would wait returns
 * %GST_FLOW_FLUSHING at once, as #GstBaseSinkClass.unlock() asks; nothing
 * is dropped.
 */
void
gst_im_save_queue_set_flushing (GstImSaveQueue * queue, gboolean flushing)
{
  g_mutex_lock (&queue->lock);
  queue->flushing = flushing;
  g_cond_broadcast (&queue->cond);
  g_mutex_unlock (&queue->lock);
}

/**
 * gst_im_save_queue_free:
 * @queue: (transfer full) (nullable): a queue
 *
 * Drops the jobs that have not started, lets running ones finish without
 * waiting for the write rate, reports them, then stops the workers.
 */
void
gst_im_save_queue_free (GstImSaveQueue * queue)
{
  if (queue == NULL)
    return;
  g_mutex_lock (&queue->lock);
  queue->epoch++;
  queue->stopping = TRUE;
  g_cond_broadcast (&queue->cond);
  for (;;) {
    retire_done_locked (queue);
    if (gst_queue_array_is_empty (queue->jobs))
      break;
    g_cond_wait (&queue->cond, &queue->lock);
  }
  g_mutex_unlock (&queue->lock);

  gst_im_worker_pool_free (queue->pool);
  g_slist_free_full (queue->encoders, (GDestroyNotify) gst_im_encoder_free);
  gst_queue_array_free (queue->jobs);
  g_mutex_clear (&queue->lock);
  g_cond_clear (&queue->cond);
  g_free (queue);
}
