/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_FILE_READ_H__
#define __GST_IM_FILE_READ_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

/**
 * GstImFileReader:
 *
 * Reads whole files into buffers whose memory is recycled: when a buffer
 * it made is freed, its memory goes back to the reader for the next read
 * instead of back to malloc. One reader may be used from several threads
 * at once.
 */
typedef struct _GstImFileReader GstImFileReader;

/**
 * GstImFileQueue:
 *
 * Reads files ahead on reader threads and hands them back in order. The
 * files come from a #GstImFileNextFunc; gst_im_file_queue_pop() keeps up to
 * its max_files of them (and up to gst_im_file_queue_set_max_bytes()) being
 * read or waiting, and returns the oldest once it is read. One thread pops;
 * any thread may set flushing.
 */
typedef struct _GstImFileQueue GstImFileQueue;

/**
 * GstImFileNextFunc:
 * @user_data: the data given to gst_im_file_queue_new()
 * @size: (out): the file's expected size in bytes, counted against the
 *   queue's max bytes until it is read; 0 if unknown
 * @item: (out): data of the caller's that gst_im_file_queue_pop() hands back
 *   with the file
 *
 * Gives the next file to read. Called by gst_im_file_queue_pop(), on its
 * thread; it must not call the queue.
 *
 * Returns: (transfer full) (nullable): the path of the next file, or %NULL
 *   when there are no more files for now (each later pop asks again)
 */
typedef gchar * (*GstImFileNextFunc) (gpointer user_data, guint64 * size,
    gpointer * item);

GST_IM_API
GstImFileReader * gst_im_file_reader_new (guint max_cached);

GST_IM_API
void              gst_im_file_reader_free (GstImFileReader * reader);

GST_IM_API
void              gst_im_file_reader_set_max_file_bytes (GstImFileReader * reader,
                                                         guint64 max_bytes);

GST_IM_API
GstBuffer *       gst_im_file_reader_read (GstImFileReader * reader,
                                           const gchar * path,
                                           GError ** error);

GST_IM_API
GstImFileQueue *  gst_im_file_queue_new (guint max_files,
                                         GstImFileNextFunc next_func,
                                         gpointer user_data, GError ** error);

GST_IM_API
GstImFileQueue *  gst_im_file_queue_new_full (guint max_files,
                                              GstImFileNextFunc next_func,
                                              gpointer user_data,
                                              GDestroyNotify item_destroy,
                                              GError ** error);

GST_IM_API
void              gst_im_file_queue_free (GstImFileQueue * queue);

GST_IM_API
void              gst_im_file_queue_set_max_bytes (GstImFileQueue * queue,
                                                   guint64 max_bytes);

GST_IM_API
void              gst_im_file_queue_set_max_file_bytes (GstImFileQueue * queue,
                                                        guint64 max_bytes);

GST_IM_API
void              gst_im_file_queue_set_flushing (GstImFileQueue * queue,
                                                  gboolean flushing);

GST_IM_API
GstFlowReturn     gst_im_file_queue_pop (GstImFileQueue * queue,
                                         gpointer * item, GstBuffer ** buffer,
                                         GError ** error);

G_END_DECLS

#endif /* __GST_IM_FILE_READ_H__ */
