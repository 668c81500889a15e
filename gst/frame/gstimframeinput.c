/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImFrameParallel input: each input becomes a job in the ordered queue,
 * with back-pressure at max-in-flight. Encoded input is first cut into whole
 * images by the framer; the subclass copies its settings into each job.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "frame/gstimframeparallel-private.h"


/* Why nothing can be queued now: FLUSHING, or the flow that ended the
 * stream. */
static GstFlowReturn
stopped_result (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstFlowReturn ret;

  g_mutex_lock (&priv->lock);
  ret = priv->srcresult;
  g_mutex_unlock (&priv->lock);
  return ret == GST_FLOW_OK ? GST_FLOW_FLUSHING : ret;
}

/* Queues a serialized event behind the jobs before it; refused while
 * flushing or once the source task has stopped (it would never leave). */
gboolean
gst_im_fp_enqueue_event (GstImFrameParallel * self, GstEvent * event)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  Item *item = g_new0 (Item, 1);

  item->event = event;
  if (gst_im_ordered_queue_push (priv->queue, item, 0,
          GST_IM_ORDERED_PUSH_BARRIER) == GST_IM_ORDERED_OK)
    return TRUE;
  GST_DEBUG_OBJECT (self, "dropping %" GST_PTR_FORMAT ": %s", event,
      gst_flow_get_name (stopped_result (self)));
  gst_im_fp_item_free (item);
  return FALSE;
}

/* Answers DRAIN: a marker queued behind every input leaves only once the
 * source task has pushed and released them all. */
void
gst_im_fp_drain (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  Item *marker = g_new0 (Item, 1);
  GstImOrderedStatus status;
  guint64 target;

  marker->drain = self;
  g_mutex_lock (&priv->lock);
  target = ++priv->drains_queued;
  status = priv->queue == NULL ? GST_IM_ORDERED_FLUSHING :
      gst_im_ordered_queue_push (priv->queue, marker, 0,
      GST_IM_ORDERED_PUSH_BARRIER);
  g_mutex_unlock (&priv->lock);
  if (status != GST_IM_ORDERED_OK)
    gst_im_fp_item_free (marker);

  g_mutex_lock (&priv->lock);
  while (priv->srcresult == GST_FLOW_OK && priv->drains_done < target)
    g_cond_wait (&priv->drain_cond, &priv->lock);
  g_mutex_unlock (&priv->lock);
}

/* Appends @job to the ordered queue, which runs it on a worker; waits while
 * max-in-flight jobs are in flight. A job with an error already is not
 * run, but reported in its turn. The input's last part moves the seqnum
 * on. */
static GstFlowReturn
enqueue_job (GstImFrameParallel * self, GstImFrameJob * job, gboolean last)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstImOrderedPushFlags flags = job->error ? GST_IM_ORDERED_PUSH_DONE :
      GST_IM_ORDERED_PUSH_NONE;
  Item *item = g_new0 (Item, 1);

  item->job = job;
  job->seqnum = priv->next_seqnum;
  if (gst_im_ordered_queue_push (priv->queue, item, 0, flags) ==
      GST_IM_ORDERED_OK) {
    if (last)
      priv->next_seqnum++;
    return GST_FLOW_OK;
  }
  gst_im_fp_item_free (item);
  return stopped_result (self);
}

/* Queues one input as parts_per_input jobs (one by default), each with the
 * subclass's copy of the settings it needs: the parts of an input (copies
 * of it, say) run on different workers, and max-in-flight bounds the
 * frames they hold. Blocks while max-in-flight jobs are in flight. */
static GstFlowReturn
submit (GstImFrameParallel * self, GstBuffer * input)
{
  GstImFrameParallelClass *klass = GST_IM_FRAME_PARALLEL_GET_CLASS (self);
  guint parts = klass->parts_per_input ?
      MAX (1, klass->parts_per_input (self, input)) : 1, part;
  GstFlowReturn ret = GST_FLOW_OK;
  GstImFrameJob *job;
  gpointer data;

  for (part = 0; part < parts && ret == GST_FLOW_OK; part++) {
    data = klass->prepare_job ? klass->prepare_job (self, input) : NULL;
    job = gst_im_fp_job_new (self, part + 1 < parts ? gst_buffer_ref (input)
        : input, data, g_free);
    job->part = part;
    ret = enqueue_job (self, job, part + 1 == parts);
  }
  if (part < parts)             /* stopped: the parts not queued */
    gst_buffer_unref (input);
  return ret;
}

/* Queues bytes that are not an image, so that on-error reports them in
 * order with the images around them. */
static GstFlowReturn
submit_error (GstImFrameParallel * self, GstBuffer * input, GError * error)
{
  GstImFrameJob *job = gst_im_fp_job_new (self, input, NULL, NULL);

  job->error = error;
  return enqueue_job (self, job, TRUE);
}

/* Queues every frame the framer has ready, in stream order. */
GstFlowReturn
gst_im_fp_submit_framed (GstImFrameParallel * self)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstFlowReturn ret = GST_FLOW_OK;
  GstBuffer *image;
  GError *err = NULL;

  while (ret == GST_FLOW_OK && (image = gst_im_framer_pop (priv->framer,
              &err)))
    ret = err ? submit_error (self, image, g_steal_pointer (&err)) :
        submit (self, image);
  return ret;
}

GstFlowReturn
gst_im_fp_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buffer)
{
  GstImFrameParallel *self = GST_IM_FRAME_PARALLEL (parent);
  GstImFrameParallelPrivate *priv = PRIV (self);

  if (priv->raw_input)
    return submit (self, buffer);
  gst_im_framer_push (priv->framer, buffer);
  return gst_im_fp_submit_framed (self);
}

/* The input side of new sink caps: raw or encoded, framing, frame rate. */
void
gst_im_fp_take_input_caps (GstImFrameParallel * self, GstCaps * caps)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstStructure *s = gst_caps_get_structure (caps, 0);

  if (!gst_structure_get_fraction (s, "framerate", &priv->fps_n,
          &priv->fps_d)) {
    priv->fps_n = 0;
    priv->fps_d = 1;
  }
  priv->raw_input = gst_structure_has_name (s, "video/x-raw");
  if (!priv->raw_input)
    gst_im_framer_set_caps (priv->framer, caps);
  priv->out_format = GST_VIDEO_FORMAT_UNKNOWN;
}

/**
 * gst_im_frame_parallel_get_output_format:
 * @self: the element
 * @preferred: the format to take when downstream accepts several
 *
 * The raw format to decode into: one of the source template's formats that
 * downstream takes, @preferred if it is among them. Asked once, and again
 * after a flush, new sink caps or a reconfigure request. Call it from
 * prepare_job().
 *
 * Returns: the output format
 */
GstVideoFormat
gst_im_frame_parallel_get_output_format (GstImFrameParallel * self,
    GstVideoFormat preferred)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstPad *srcpad = priv->srcpad;
  GstCaps *templ, *peer;
  GstVideoFormat format = preferred;

  if (priv->out_format != GST_VIDEO_FORMAT_UNKNOWN &&
      !gst_pad_check_reconfigure (srcpad))
    return priv->out_format;

  templ = gst_pad_get_pad_template_caps (srcpad);
  peer = gst_pad_peer_query_caps (srcpad, templ);
  /* what downstream takes, for gst_im_frame_parallel_accepts_format () */
  gst_caps_replace (&priv->out_peer, peer);
  if (peer && !gst_caps_is_empty (peer) && !gst_caps_is_any (peer)) {
    GstStructure *s;
    const gchar *name;

    peer = gst_caps_make_writable (peer);
    s = gst_caps_get_structure (peer, 0);
    gst_structure_fixate_field_string (s, "format",
        gst_video_format_to_string (preferred));
    name = gst_structure_get_string (s, "format");
    if (name)
      format = gst_video_format_from_string (name);
  }
  GST_DEBUG_OBJECT (self, "output format %s",
      gst_video_format_to_string (format));
  gst_clear_caps (&peer);
  gst_caps_unref (templ);
  priv->out_format = format;
  return format;
}

/**
 * gst_im_frame_parallel_accepts_format:
 * @self: the element
 * @format: a raw format
 *
 * Whether downstream takes frames of @format (and the source template
 * has it), as last asked by gst_im_frame_parallel_get_output_format():
 * call that first, from prepare_job(). An element that gives each image
 * the format it has (alpha, grey) picks among the formats this accepts; a
 * capsfilter that fixes one format leaves only that one.
 *
 * Returns: %TRUE if downstream takes @format
 */
gboolean
gst_im_frame_parallel_accepts_format (GstImFrameParallel * self,
    GstVideoFormat format)
{
  GstImFrameParallelPrivate *priv = PRIV (self);
  GstCaps *caps;
  gboolean ok;

  g_return_val_if_fail (GST_IM_IS_FRAME_PARALLEL (self), FALSE);

  if (format == priv->out_format)
    return TRUE;
  if (priv->out_peer == NULL || gst_caps_is_empty (priv->out_peer))
    return FALSE;
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING,
      gst_video_format_to_string (format), NULL);
  ok = gst_caps_can_intersect (caps, priv->out_peer);
  if (ok && gst_caps_is_any (priv->out_peer)) {
    GstCaps *templ = gst_pad_get_pad_template_caps (priv->srcpad);

    ok = gst_caps_can_intersect (caps, templ);
    gst_caps_unref (templ);
  }
  gst_caps_unref (caps);
  return ok;
}

/* The first of @formats downstream takes, UNKNOWN when none. */
static GstVideoFormat
first_accepted (GstImFrameParallel * self, const GstVideoFormat * formats,
    guint n)
{
  guint i;

  for (i = 0; i < n; i++)
    if (gst_im_frame_parallel_accepts_format (self, formats[i]))
      return formats[i];
  return GST_VIDEO_FORMAT_UNKNOWN;
}

/**
 * gst_im_frame_parallel_get_image_formats:
 * @self: the element
 * @preferred: the format for colour images when downstream takes several
 * @formats: (out caller-allocates): the formats images keep
 *
 * What each decoded image may keep, as downstream takes it now (the
 * negotiated format from gst_im_frame_parallel_get_output_format() with
 * @preferred, and the alpha and gray formats it also takes). A capsfilter
 * that fixes one format gives every image that format. Call it from
 * prepare_job().
 */
void
gst_im_frame_parallel_get_image_formats (GstImFrameParallel * self,
    GstVideoFormat preferred, GstImImageFormats * formats)
{
  static const GstVideoFormat alpha[] = {
    GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_BGRA
  };
  static const GstVideoFormat gray16[] = {
    GST_VIDEO_FORMAT_GRAY16_LE, GST_VIDEO_FORMAT_GRAY8
  };

  formats->format = gst_im_frame_parallel_get_output_format (self, preferred);
  formats->alpha = first_accepted (self, alpha, G_N_ELEMENTS (alpha));
  formats->gray = first_accepted (self, gray16 + 1, 1);
  formats->gray16 = first_accepted (self, gray16, G_N_ELEMENTS (gray16));
}

/**
 * gst_im_image_formats_pick:
 * @formats: from gst_im_frame_parallel_get_image_formats()
 * @header: the image's header
 *
 * Returns: the format @header's image keeps: with alpha (tRNS included) a
 *   format with alpha, gray a gray format (16 bits where the image has
 *   them), where downstream takes them; otherwise the negotiated one
 */
GstVideoFormat
gst_im_image_formats_pick (const GstImImageFormats * formats,
    const GstImImageHeader * header)
{
  GstVideoFormat f = GST_VIDEO_FORMAT_UNKNOWN;

  if (header->has_alpha)
    f = formats->alpha;
  else if (header->n_channels == 1 && header->bit_depth == 16)
    f = formats->gray16;
  else if (header->n_channels == 1)
    f = formats->gray;
  return f == GST_VIDEO_FORMAT_UNKNOWN ? formats->format : f;
}

/**
 * gst_im_frame_parallel_get_framerate:
 * @self: the element
 * @fps_n: (out): numerator
 * @fps_d: (out): denominator
 *
 * The frame rate of the sink caps, 0/1 when they give none. Call it from
 * prepare_job().
 */
void
gst_im_frame_parallel_get_framerate (GstImFrameParallel * self, gint * fps_n,
    gint * fps_d)
{
  *fps_n = PRIV (self)->fps_n;
  *fps_d = PRIV (self)->fps_d;
}

/**
 * gst_im_frame_parallel_set_max_image_bytes:
 * @self: the element
 * @max_bytes: the most bytes one image of a byte stream may take, 0 for
 *   %GST_IM_FRAMER_DEFAULT_MAX_BYTES
 *
 * Bounds the memory the framer spends on one image (see
 * gst_im_framer_set_max_bytes()). May be called from any thread.
 */
void
gst_im_frame_parallel_set_max_image_bytes (GstImFrameParallel * self,
    guint64 max_bytes)
{
  gst_im_framer_set_max_bytes (PRIV (self)->framer, max_bytes);
}

/**
 * gst_im_frame_parallel_set_secondary_images:
 * @self: the element
 * @mode: what the framer does with the secondary images of a JPEG
 *
 * Drops or frames the secondary images an MPF index lists after a JPEG's
 * primary image (see gst_im_framer_set_secondary_images()). May be called
 * from any thread.
 *
 * Since: 0.1
 */
void
gst_im_frame_parallel_set_secondary_images (GstImFrameParallel * self,
    GstImSecondaryImages mode)
{
  gst_im_framer_set_secondary_images (PRIV (self)->framer, mode);
}
