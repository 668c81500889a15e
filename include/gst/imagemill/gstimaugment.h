/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_AUGMENT_H__
#define __GST_IM_AUGMENT_H__

#include <gst/imagemill/imagemill-prelude.h>
#include <gst/imagemill/gstimparallel.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/**
 * GST_IM_AUG_ERROR:
 *
 * The error domain of augment pipelines: a description that cannot be read
 * (%GST_IM_AUG_ERROR_DESCRIPTION) or a plan that cannot be applied
 * (%GST_IM_AUG_ERROR_PLAN).
 */
#define GST_IM_AUG_ERROR (gst_im_aug_error_quark ())

typedef enum
{
  GST_IM_AUG_ERROR_DESCRIPTION,
  GST_IM_AUG_ERROR_PLAN,
} GstImAugError;

GST_IM_API
GQuark gst_im_aug_error_quark (void);

/**
 * GstImAugPipeline:
 *
 * An albumentations pipeline, read from its serialized JSON or from a
 * transforms string, with every parameter checked and every default
 * resolved. Immutable and reference counted: any number of threads may draw
 * plans from it at the same time.
 */
typedef struct _GstImAugPipeline GstImAugPipeline;

/**
 * GstImAugPlan:
 *
 * What one pipeline does to one frame: the transforms that fire, each with
 * its concrete parameters (an angle, a crop window, a matrix...), and the
 * output size. Drawn from (seed, frame key, copy), written as JSON for the
 * augment meta, and read back from that JSON to replay it.
 */
typedef struct _GstImAugPlan GstImAugPlan;

/**
 * GstImAugScratch:
 *
 * Per-thread working memory of gst_im_aug_plan_render(), grown to the
 * largest frame seen and reused: rendering allocates nothing once warm.
 */
typedef struct _GstImAugScratch GstImAugScratch;

/**
 * GstImAugBox:
 * @x0: left edge, in pixels (pixel (0, 0) covers [0, 1) x [0, 1))
 * @y0: top edge
 * @x1: right edge (exclusive)
 * @y1: bottom edge (exclusive)
 *
 * A bounding box, as albumentations' pascal_voc format has it.
 */
typedef struct
{
  gdouble x0, y0, x1, y1;
} GstImAugBox;

/**
 * GstImAugBoxFilter:
 * @min_area: smallest area kept, in pixels, after clipping
 * @min_visibility: smallest fraction of a box's area that clipping to the
 *   frame may leave
 * @min_width: smallest width kept, in pixels, after clipping
 * @min_height: smallest height kept, in pixels, after clipping
 * @max_accept_ratio: largest max (w / h, h / w) kept; 0: any
 * @check_each_transform: clip and filter after each transform (%TRUE, as
 *   albumentations' default) or only at the end
 *
 * Which boxes survive a plan: albumentations' BboxParams.
 */
typedef struct
{
  gdouble min_area, min_visibility, min_width, min_height;
  gdouble max_accept_ratio;
  gboolean check_each_transform;
} GstImAugBoxFilter;

GST_IM_API
GstImAugPipeline *gst_im_aug_pipeline_new_from_file (const gchar * path,
    GError ** error);

GST_IM_API
GstImAugPipeline *gst_im_aug_pipeline_new_from_data (const gchar * json,
    gssize length, const gchar * name, GError ** error);

GST_IM_API
GstImAugPipeline *gst_im_aug_pipeline_new_from_string (const gchar * transforms,
    GError ** error);

GST_IM_API
GstImAugPipeline *gst_im_aug_pipeline_ref (GstImAugPipeline * pipeline);

GST_IM_API
void              gst_im_aug_pipeline_unref (GstImAugPipeline * pipeline);

GST_IM_API
gchar *           gst_im_aug_pipeline_to_string (const GstImAugPipeline * pipeline);

GST_IM_API
GstImAugPlan *    gst_im_aug_pipeline_draw (const GstImAugPipeline * pipeline,
    guint64 seed, guint64 frame_key, guint copy, guint width, guint height);

GST_IM_API
GstImAugPlan *    gst_im_aug_plan_new_from_json (const gchar * json,
    GError ** error);

GST_IM_API
gchar *           gst_im_aug_plan_to_json (const GstImAugPlan * plan);

GST_IM_API
void              gst_im_aug_plan_free (GstImAugPlan * plan);

GST_IM_API
void              gst_im_aug_plan_get_output_size (const GstImAugPlan * plan,
    guint * width, guint * height);

GST_IM_API
guint             gst_im_aug_plan_get_n_applied (const GstImAugPlan * plan);

GST_IM_API
const gchar *     gst_im_aug_plan_get_problem (const GstImAugPlan * plan);

GST_IM_API
const gchar *     gst_im_aug_pipeline_check_yuv (
    const GstImAugPipeline * pipeline);

GST_IM_API
gboolean          gst_im_aug_transform_is_known (const gchar * name);

GST_IM_API
guint             gst_im_aug_plan_skip (GstImAugPlan * plan,
    const gchar * const *names);

GST_IM_API
guint             gst_im_aug_plan_get_copy (const GstImAugPlan * plan);

GST_IM_API
GstImAugScratch * gst_im_aug_scratch_new (void);

GST_IM_API
void              gst_im_aug_scratch_free (GstImAugScratch * scratch);

GST_IM_API
gboolean          gst_im_aug_plan_render (const GstImAugPlan * plan,
    const GstVideoFrame * in, GstVideoFrame * out, gboolean fuse,
    GstImWorkerPool * pool, guint chunk_rows, GstImAugScratch * scratch,
    GError ** error);

GST_IM_API
gboolean          gst_im_aug_pipeline_get_box_filter (
    const GstImAugPipeline * pipeline, GstImAugBoxFilter * filter);

GST_IM_API
guint             gst_im_aug_plan_map_boxes (const GstImAugPlan * plan,
    const GstImAugBoxFilter * filter, GstImAugBox * boxes, gboolean * kept,
    guint n_boxes);

GST_IM_API
void              gst_im_aug_plan_source_row (const GstImAugPlan * plan,
    guint row, gdouble * coords);

G_END_DECLS

#endif /* __GST_IM_AUGMENT_H__ */
