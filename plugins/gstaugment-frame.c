/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* augment's frame work, on the workers: a copy's plan drawn (or the
 * replayed one, or lighter under QoS), rendered into a pooled frame, its
 * boxes moved, its metas written, and the stats counted. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include "gstaugment-private.h"

#define GST_CAT_DEFAULT gst_augment_debug

/* dataset-src's index when the buffer has one, else its number */
static guint64
frame_key (GstImFrameJob * job)
{
  GstBuffer *input = gst_im_frame_job_get_input (job);

  if (GST_BUFFER_OFFSET_IS_VALID (input))
    return GST_BUFFER_OFFSET (input);
  return gst_im_frame_job_get_seqnum (job);
}

/* The input's boxes (region of interest metas) moved onto @output by
 * @plan: those @filter keeps, rounded to whole pixels, with their type,
 * ids and parameters; the others are gone. */
static void
move_boxes (GstBuffer * input, GstBuffer * output, const GstImAugPlan * plan,
    const GstImAugBoxFilter * filter)
{
  GstVideoRegionOfInterestMeta *roi, *moved;
  GArray *metas;
  GstImAugBox *boxes;
  gboolean *kept;
  gpointer iter = NULL;
  GList *l;
  guint i, x0, y0, x1, y1;

  /* most frames carry no boxes: nothing to allocate for them */
  if (gst_buffer_get_video_region_of_interest_meta (input) == NULL)
    return;
  metas = g_array_new (FALSE, FALSE, sizeof (gpointer));
  while ((roi = (GstVideoRegionOfInterestMeta *)
          gst_buffer_iterate_meta_filtered (input, &iter,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE)))
    g_array_append_val (metas, roi);
  boxes = g_new (GstImAugBox, metas->len);
  kept = g_new (gboolean, metas->len);
  for (i = 0; i < metas->len; i++) {
    roi = g_array_index (metas, GstVideoRegionOfInterestMeta *, i);
    boxes[i].x0 = roi->x;
    boxes[i].y0 = roi->y;
    boxes[i].x1 = (gdouble) roi->x + roi->w;
    boxes[i].y1 = (gdouble) roi->y + roi->h;
  }
  gst_im_aug_plan_map_boxes (plan, filter, boxes, kept, metas->len);
  for (i = 0; i < metas->len; i++) {
    if (!kept[i])
      continue;
    roi = g_array_index (metas, GstVideoRegionOfInterestMeta *, i);
    x0 = (guint) floor (boxes[i].x0 + 0.5);
    y0 = (guint) floor (boxes[i].y0 + 0.5);
    x1 = MAX ((guint) floor (boxes[i].x1 + 0.5), x0 + 1);
    y1 = MAX ((guint) floor (boxes[i].y1 + 0.5), y0 + 1);
    moved = gst_buffer_add_video_region_of_interest_meta_id (output,
        roi->roi_type, x0, y0, x1 - x0, y1 - y0);
    moved->id = roi->id;
    moved->parent_id = roi->parent_id;
    for (l = roi->params; l; l = l->next)
      gst_video_region_of_interest_meta_add_param (moved,
          gst_structure_copy (l->data));
  }
  g_free (boxes);
  g_free (kept);
  g_array_unref (metas);
}

/* One output: the plan rendered into a new frame with its metas. */
static gboolean
render_copy (GstAugment * self, GstImFrameJob * job, const JobSettings * s,
    GstVideoFrame * in, const GstImAugPlan * plan, guint copy,
    GstImAugScratch * scratch, GError ** error)
{
  GstImFrameParallel *base = GST_IM_FRAME_PARALLEL (self);
  GstBuffer *output;
  GstCaps *caps = NULL;
  GstVideoInfo info;
  GstVideoFrame out;
  GstImSourceMeta *smeta;
  GstImAugmentMeta *ameta;
  guint w, h;
  gboolean ok;
  gchar *json;

  gst_im_aug_plan_get_output_size (plan, &w, &h);
  if (!gst_video_info_set_format (&info, GST_VIDEO_INFO_FORMAT (&s->in_info),
          w, h)) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
        "cannot make a %ux%u frame", w, h);
    return FALSE;
  }
  GST_VIDEO_INFO_FPS_N (&info) = s->fps_n;
  GST_VIDEO_INFO_FPS_D (&info) = s->fps_d;
  /* the same pixels' meaning: matrix, range, chroma siting */
  info.colorimetry = s->in_info.colorimetry;
  info.chroma_site = s->in_info.chroma_site;
  output = gst_im_frame_parallel_alloc_frame (base, &info, &caps, error);
  if (output == NULL)
    return FALSE;
  if (!gst_video_frame_map (&out, &info, output, GST_MAP_WRITE)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "could not map the %ux%u output frame", w, h);
    gst_buffer_unref (output);
    gst_caps_unref (caps);
    return FALSE;
  }
  ok = gst_im_aug_plan_render (plan, in, &out, s->fuse,
      gst_im_frame_parallel_get_pool (base), s->chunk_rows, scratch, error);
  gst_video_frame_unmap (&out);
  if (!ok) {
    gst_buffer_unref (output);
    gst_caps_unref (caps);
    return FALSE;
  }

  gst_im_frame_job_add_output (job, output, caps);
  gst_caps_unref (caps);
  /* the input's metas came along: name the copy, replace any older plan */
  while ((ameta = gst_buffer_get_im_augment_meta (output)))
    gst_buffer_remove_meta (output, (GstMeta *) ameta);
  move_boxes (gst_im_frame_job_get_input (job), output, plan, &s->box_filter);
  json = gst_im_aug_plan_to_json (plan);
  gst_buffer_add_im_augment_meta (output, json);
  g_free (json);
  smeta = gst_buffer_get_im_source_meta (output);
  if (smeta)
    smeta->copy = copy;
  else
    gst_buffer_add_im_source_meta (output, NULL, frame_key (job), copy);
  return TRUE;
}

/* One output (or a failed copy) in the stats, @skipped steps left out
 * of it under QoS (-1: not late); posts the stats when stats-interval has
 * passed. Returns @ok. */
static gboolean
count (GstAugment * self, guint copy, gboolean ok, gint64 t0, gint skipped)
{
  gint64 now = g_get_monotonic_time (), dt = now - t0;
  GstStructure *post = NULL;

  GST_OBJECT_LOCK (self);
  self->stat_inputs += copy == 0;
  self->stat_outputs += ok;
  self->stat_failed += !ok;
  self->stat_late += skipped >= 0;
  self->stat_skipped += MAX (skipped, 0);
  self->stat_time_sum += dt;
  self->stat_time_max = MAX (self->stat_time_max, dt);
  if (self->stats_interval
      && now - self->stat_posted >= self->stats_interval * (gint64) 1000) {
    self->stat_posted = now;
    post = gst_augment_stats_locked (self);
  }
  GST_OBJECT_UNLOCK (self);
  if (post)
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_element (GST_OBJECT (self), post));
  return ok;
}

gboolean
gst_augment_process (GstImFrameParallel * base, GstImFrameJob * job,
    gpointer state, GError ** error)
{
  GstAugment *self = GST_AUGMENT (base);
  const JobSettings *s = gst_im_frame_job_get_data (job);
  GstBuffer *input = gst_im_frame_job_get_input (job);
  GstVideoFrame in;
  GstImAugPlan *plan;
  guint copy = gst_im_frame_job_get_part (job);
  gint64 t0 = g_get_monotonic_time ();
  gint skipped = -1;
  gboolean ok;

  if (!gst_video_frame_map (&in, &s->in_info, input, GST_MAP_READ)) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
        "could not map the input frame as %dx%d %s",
        GST_VIDEO_INFO_WIDTH (&s->in_info),
        GST_VIDEO_INFO_HEIGHT (&s->in_info),
        gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&s->in_info)));
    return count (self, copy, FALSE, t0, -1);
  }
  if (self->replay_plan) {
    /* the replayed output is the recorded copy, for {copy}; in full */
    ok = render_copy (self, job, s, &in, self->replay_plan,
        gst_im_aug_plan_get_copy (self->replay_plan), state, error);
  } else {
    plan = gst_im_aug_pipeline_draw (self->pipeline, s->seed, s->draw_key,
        copy, GST_VIDEO_FRAME_WIDTH (&in), GST_VIDEO_FRAME_HEIGHT (&in));
    if (s->late)
      skipped = gst_im_aug_plan_skip (plan,
          (const gchar * const *) self->skip_names);
    if (gst_im_aug_plan_get_problem (plan)) {
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
          "copy %u: %s", copy, gst_im_aug_plan_get_problem (plan));
      ok = FALSE;
    } else {
      ok = render_copy (self, job, s, &in, plan, copy, state, error);
    }
    gst_im_aug_plan_free (plan);
  }
  gst_video_frame_unmap (&in);
  return count (self, copy, ok, t0, skipped);
}
