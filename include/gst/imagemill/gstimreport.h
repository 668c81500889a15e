/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_REPORT_H__
#define __GST_IM_REPORT_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

/**
 * GstImOnError:
 * @GST_IM_ON_ERROR_FAIL: post an error naming the input and stop
 * @GST_IM_ON_ERROR_SKIP: post a warning naming the input, drop it, go on
 *
 * What an element does with an input it cannot process.
 */
typedef enum
{
  GST_IM_ON_ERROR_FAIL,
  GST_IM_ON_ERROR_SKIP,
} GstImOnError;

#define GST_IM_TYPE_ON_ERROR (gst_im_on_error_get_type ())
GST_IM_API
GType gst_im_on_error_get_type (void);

/**
 * GstImReporter:
 *
 * The one on-error policy of an element: its `on-error` and `skipped`
 * properties, and the one wording of the message that names an input it
 * could not process. Thread-safe: it has its own lock, so workers, the
 * streaming thread and property calls may use it at the same time.
 *
 * An element installs the two properties with
 * gst_im_reporter_install_properties(), keeps one reporter per instance
 * (gst_im_reporter_new() in init, gst_im_reporter_free() in finalize),
 * forwards those properties with gst_im_reporter_set_property() and
 * gst_im_reporter_get_property(), calls gst_im_reporter_reset() when it
 * leaves READY and gst_im_reporter_report() for each input that failed, in
 * input order.
 */
typedef struct _GstImReporter GstImReporter;

GST_IM_API
GstImReporter *gst_im_reporter_new (GstElement * element);

GST_IM_API
void          gst_im_reporter_free (GstImReporter * reporter);

GST_IM_API
void          gst_im_reporter_install_properties (GObjectClass * klass,
                                                  guint on_error_id,
                                                  guint skipped_id);

GST_IM_API
gboolean      gst_im_reporter_set_property (GstImReporter * reporter,
                                            GParamSpec * pspec,
                                            const GValue * value);

GST_IM_API
gboolean      gst_im_reporter_get_property (GstImReporter * reporter,
                                            GParamSpec * pspec,
                                            GValue * value);

GST_IM_API
GstImOnError  gst_im_reporter_get_on_error (GstImReporter * reporter);

GST_IM_API
guint64       gst_im_reporter_get_skipped (GstImReporter * reporter);

GST_IM_API
void          gst_im_reporter_reset (GstImReporter * reporter);

GST_IM_API
GstFlowReturn gst_im_reporter_report (GstImReporter * reporter,
                                      const gchar * what,
                                      const GError * error);

G_END_DECLS

#endif /* __GST_IM_REPORT_H__ */
