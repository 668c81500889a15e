/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_FRAME_PARALLEL_H__
#define __GST_IM_FRAME_PARALLEL_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/video/video.h>
#include <gst/imagemill/gstimparallel.h>
#include <gst/imagemill/gstimreport.h>
#include <gst/imagemill/gstimdecoder.h>
#include <gst/imagemill/gstimframer.h>

G_BEGIN_DECLS

/**
 * GstImFrameJob:
 *
 * One input buffer on its way through a worker, with the outputs it made.
 */
typedef struct _GstImFrameJob GstImFrameJob;

#define GST_IM_TYPE_FRAME_PARALLEL (gst_im_frame_parallel_get_type ())
GST_IM_API
G_DECLARE_DERIVABLE_TYPE (GstImFrameParallel, gst_im_frame_parallel,
    GST_IM, FRAME_PARALLEL, GstElement);

/**
 * GstImFrameParallelClass:
 * @parent_class: the parent class
 * @set_caps: streaming thread; the sink caps changed. Inputs queued
 *   before this call were made under the old caps.
 * @prepare_job: streaming thread; the data one job needs besides its input
 *   (typically the properties, copied under the object lock), freed with
 *   g_free() with the job. %NULL: no data.
 * @worker_state_new: create per-worker scratch state (a decoder handle,
 *   scratch rows); at most one per worker thread is in use at a time.
 * @worker_state_free: free what @worker_state_new made.
 * @process: worker thread; make the outputs of @job with
 *   gst_im_frame_job_add_output(). Return %FALSE and set @error for an
 *   input that cannot be processed: the on-error policy decides.
 * @parts_per_input: streaming thread; how many jobs one input makes (its
 *   copies, say), each with its own prepare_job() and process(); %NULL: 1.
 * @narrow_sink_caps: any thread; takes the sink caps the element would
 *   accept (its template, narrowed to what downstream takes) and returns
 *   the ones its settings allow (transfer full both ways); @filter is the
 *   caps query's (nullable). %NULL: all.
 *
 * Elements that take one buffer and make zero or more buffers, with the work
 * on worker threads and the outputs pushed in input order by a streaming
 * task on the source pad. Encoded input (image/jpeg, image/png) is cut into
 * whole images first, so a byte stream (filesrc) works as well as one image
 * per buffer; raw video is one job per buffer.
 */
struct _GstImFrameParallelClass
{
  GstElementClass parent_class;

  gboolean      (*set_caps)          (GstImFrameParallel * self, GstCaps * caps);
  gpointer      (*prepare_job)       (GstImFrameParallel * self, GstBuffer * input);

  gpointer      (*worker_state_new)  (GstImFrameParallel * self);
  void          (*worker_state_free) (GstImFrameParallel * self, gpointer state);
  gboolean      (*process)           (GstImFrameParallel * self,
                                      GstImFrameJob * job, gpointer state,
                                      GError ** error);
  guint         (*parts_per_input)   (GstImFrameParallel * self,
                                      GstBuffer * input);
  GstCaps *     (*narrow_sink_caps)  (GstImFrameParallel * self,
                                      GstCaps * caps, GstCaps * filter);

  /*< private >*/
  gpointer _gst_reserved[GST_PADDING - 2];
};

GST_IM_API
GstBuffer *   gst_im_frame_parallel_alloc_frame (GstImFrameParallel * self,
                                                 const GstVideoInfo * info,
                                                 GstCaps ** caps,
                                                 GError ** error);

GST_IM_API
GstVideoFormat gst_im_frame_parallel_get_output_format (GstImFrameParallel * self,
                                                        GstVideoFormat preferred);

GST_IM_API
gboolean      gst_im_frame_parallel_accepts_format (GstImFrameParallel * self,
                                                    GstVideoFormat format);

/**
 * GstImImageFormats:
 * @format: the negotiated format: colour images, and any image whose own
 *   kind downstream does not take
 * @alpha: images with alpha (RGBA or BGRA); UNKNOWN: @format
 * @gray: gray images (GRAY8); UNKNOWN: @format
 * @gray16: 16-bit gray images (GRAY16_LE, else GRAY8); UNKNOWN: @format
 *
 * The formats decoded images keep, by what they have, where downstream
 * takes them: gst_im_frame_parallel_get_image_formats() fills it from the
 * streaming thread, gst_im_image_formats_pick() picks from it on a worker.
 */
typedef struct
{
  GstVideoFormat format, alpha, gray, gray16;
} GstImImageFormats;

GST_IM_API
void          gst_im_frame_parallel_get_image_formats (GstImFrameParallel * self,
                                                       GstVideoFormat preferred,
                                                       GstImImageFormats * formats);

GST_IM_API
GstVideoFormat gst_im_image_formats_pick (const GstImImageFormats * formats,
                                          const GstImImageHeader * header);

GST_IM_API
void          gst_im_frame_parallel_get_framerate (GstImFrameParallel * self,
                                                   gint * fps_n, gint * fps_d);

GST_IM_API
void          gst_im_frame_parallel_set_max_image_bytes (GstImFrameParallel * self,
                                                         guint64 max_bytes);

GST_IM_API
void          gst_im_frame_parallel_set_secondary_images (
                  GstImFrameParallel * self, GstImSecondaryImages mode);

GST_IM_API
GstImOnError  gst_im_frame_parallel_get_on_error (GstImFrameParallel * self);

GST_IM_API
GstImWorkerPool *gst_im_frame_parallel_get_pool (GstImFrameParallel * self);

GST_IM_API
gboolean      gst_im_frame_parallel_is_late (GstImFrameParallel * self,
                                             GstBuffer * input);

GST_IM_API
void          gst_im_frame_parallel_get_input_position (GstImFrameParallel * self,
                                                        guint64 * seqnum,
                                                        guint64 * segment);

GST_IM_API
GstBuffer *   gst_im_frame_job_get_input (GstImFrameJob * job);

GST_IM_API
gpointer      gst_im_frame_job_get_data (GstImFrameJob * job);

GST_IM_API
guint64       gst_im_frame_job_get_seqnum (GstImFrameJob * job);

GST_IM_API
guint         gst_im_frame_job_get_part (GstImFrameJob * job);

GST_IM_API
void          gst_im_frame_job_add_output (GstImFrameJob * job,
                                           GstBuffer * output, GstCaps * caps);

G_END_DECLS

#endif /* __GST_IM_FRAME_PARALLEL_H__ */
