/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_QUEUE_SAVER_H__
#define __GST_QUEUE_SAVER_H__

#include <gst/base/gstbasesink.h>
#include <gst/imagemill/imagemill.h>

G_BEGIN_DECLS

/**
 * GstQueueSaverFormat:
 * @GST_QUEUE_SAVER_FORMAT_AUTO: from the extension of each file name
 * @GST_QUEUE_SAVER_FORMAT_JPEG: JPEG
 * @GST_QUEUE_SAVER_FORMAT_PNG: PNG
 * @GST_QUEUE_SAVER_FORMAT_PPM: binary PPM (P6)
 * @GST_QUEUE_SAVER_FORMAT_PGM: binary PGM (P5)
 *
 * The file format queue-saver encodes raw frames to.
 */
typedef enum
{
  GST_QUEUE_SAVER_FORMAT_AUTO,
  GST_QUEUE_SAVER_FORMAT_JPEG,
  GST_QUEUE_SAVER_FORMAT_PNG,
  GST_QUEUE_SAVER_FORMAT_PPM,
  GST_QUEUE_SAVER_FORMAT_PGM,
} GstQueueSaverFormat;


#define GST_TYPE_QUEUE_SAVER (gst_queue_saver_get_type ())
G_DECLARE_FINAL_TYPE (GstQueueSaver, gst_queue_saver, GST, QUEUE_SAVER,
    GstBaseSink);
GST_ELEMENT_REGISTER_DECLARE (queue_saver);

G_END_DECLS

#endif /* __GST_QUEUE_SAVER_H__ */
