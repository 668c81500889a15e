/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:element-augment
 * @title: augment
 *
 * Runs an albumentations pipeline on raw frames, reproducibly and on worker
 * threads. The pipeline is albumentations' own serialized JSON
 * (#GstAugment:config, as `A.save (transform, path)` writes it, 1.4 or 2.x)
 * or the same pipeline written as a string (#GstAugment:transforms). Every
 * random draw depends only on (#GstAugment:seed, the frame's key, the copy,
 * the transform's position in the pipeline): the frame's key is its buffer
 * offset (dataset-src's index) when valid, else its number since the stream
 * started. So the same input gives the same bytes whatever the workers,
 * chunk sizes and timing.
 *
 * Spatial transforms are fused (#GstAugment:fuse): their mappings compose
 * into one, from each output pixel to a source point, and the frame is read
 * once with one interpolation. #GstAugment:copies makes N outputs per input;
 * each carries a source meta with its copy number (queue-saver's `{copy}`)
 * and an augment meta with the plan that made it (queue-saver's manifest
 * writes it; #GstAugment:replay applies it again).
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 dataset-src location=photos/ ! decoder-pool ! augment config=pipeline.json copies=10 seed=7 ! queue-saver location="aug/{stem}_{copy}.jpg" manifest=aug/manifest.jsonl
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstaugment-private.h"

GST_DEBUG_CATEGORY (gst_augment_debug);
#define GST_CAT_DEFAULT gst_augment_debug

#define DEFAULT_SEED 0
#define DEFAULT_COPIES 1
#define DEFAULT_FUSE TRUE
#define DEFAULT_CHUNK_ROWS 0
#define DEFAULT_HOLD_FRAMES 1
#define DEFAULT_MIN_AREA 0.0
#define DEFAULT_MIN_VISIBILITY 0.0
#define DEFAULT_MIN_WIDTH 0.0
#define DEFAULT_MIN_HEIGHT 0.0
#define DEFAULT_STATS_INTERVAL 0

enum
{
  PROP_0,
  PROP_CONFIG,
  PROP_TRANSFORMS,
  PROP_SEED,
  PROP_COPIES,
  PROP_FUSE,
  PROP_CHUNK_ROWS,
  PROP_REPLAY,
  PROP_HOLD_FRAMES,
  PROP_STATS,
  PROP_MIN_AREA,
  PROP_MIN_VISIBILITY,
  PROP_MIN_WIDTH,
  PROP_MIN_HEIGHT,
  PROP_QOS_SKIP,
  PROP_STATS_INTERVAL,
};

#define RGB_FORMATS "RGB, BGR, RGBA, BGRA, ARGB, ABGR, RGBx, BGRx, xRGB, " \
    "xBGR, GRAY8"
#define FORMATS "{ " RGB_FORMATS ", NV12, I420, YV12, YUY2, UYVY }"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (FORMATS)));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (FORMATS)));


#define gst_augment_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstAugment, gst_augment, GST_IM_TYPE_FRAME_PARALLEL,
    GST_DEBUG_CATEGORY_INIT (gst_augment_debug, "augment", 0,
        "Reproducible albumentations-style augmentation"));
GST_ELEMENT_REGISTER_DEFINE (augment, "augment", GST_RANK_NONE,
    GST_TYPE_AUGMENT);

static void gst_augment_finalize (GObject * object);
static void gst_augment_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_augment_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstStateChangeReturn gst_augment_change_state (GstElement * element,
    GstStateChange transition);
static gboolean gst_augment_set_caps (GstImFrameParallel * base,
    GstCaps * caps);
static gpointer gst_augment_prepare_job (GstImFrameParallel * base,
    GstBuffer * input);
static guint gst_augment_parts_per_input (GstImFrameParallel * base,
    GstBuffer * input);
static GstCaps *gst_augment_narrow_sink_caps (GstImFrameParallel * base,
    GstCaps * caps, GstCaps * filter);
static gpointer gst_augment_worker_state_new (GstImFrameParallel * base);
static void gst_augment_worker_state_free (GstImFrameParallel * base,
    gpointer state);

static void
gst_augment_class_init (GstAugmentClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstImFrameParallelClass *fp_class = GST_IM_FRAME_PARALLEL_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  gobject_class->finalize = gst_augment_finalize;
  gobject_class->set_property = gst_augment_set_property;
  gobject_class->get_property = gst_augment_get_property;

  /**
   * GstAugment:config:
   *
   * An albumentations pipeline file, as `A.save (transform, path)` writes
   * it: `{"__version__": ..., "transform": {"__class_fullname__":
   * "Compose", ...}}`, with the parameter names and defaults of the version
   * it names (1.4 or 2.x). Read when the element starts; any error names the
   * file and the JSON path of the node at fault. Takes precedence over
   * #GstAugment:transforms.
   */
  g_object_class_install_property (gobject_class, PROP_CONFIG,
      g_param_spec_string ("config", "Config",
          "albumentations pipeline JSON file (A.save); 1.4 and 2.x read with "
          "their own defaults", NULL, flags | GST_PARAM_MUTABLE_READY));

  /**
   * GstAugment:transforms:
   *
   * The pipeline as a string, with the class and parameter names of the
   * JSON and albumentations 2.x defaults, e.g. `HorizontalFlip(p=0.5),
   * OneOf([Rotate(limit=30), Affine(scale=[0.9, 1.1])], p=0.8)`. Reading it
   * back gives the canonical string of the pipeline (defaults left out),
   * which parses to the same pipeline.
   */
  g_object_class_install_property (gobject_class, PROP_TRANSFORMS,
      g_param_spec_string ("transforms", "Transforms",
          "The pipeline as Name(param=value, ...), ... with OneOf([...]), "
          "SomeOf([...], n=2) groups (2.x defaults)", NULL,
          flags | GST_PARAM_MUTABLE_READY));

  /**
   * GstAugment:seed:
   *
   * The seed of every draw. Same seed, input and pipeline: same bytes.
   */
  g_object_class_install_property (gobject_class, PROP_SEED,
      g_param_spec_uint64 ("seed", "Seed", "Seed of the random draws", 0,
          G_MAXUINT64, DEFAULT_SEED, flags | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstAugment:copies:
   *
   * Outputs per input frame, each with its own draws and its copy number
   * in the source meta.
   */
  g_object_class_install_property (gobject_class, PROP_COPIES,
      g_param_spec_uint ("copies", "Copies", "Augmented outputs per input", 1,
          GST_IM_DRAW_MAX_COPY + 1, DEFAULT_COPIES,
          flags | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstAugment:fuse:
   *
   * Compose consecutive spatial transforms into one mapping and read the
   * frame once (%TRUE), or apply each on its own, as albumentations does
   * (%FALSE: slower, one interpolation per transform).
   */
  g_object_class_install_property (gobject_class, PROP_FUSE,
      g_param_spec_boolean ("fuse", "Fuse",
          "Fuse spatial transforms into one resample", DEFAULT_FUSE,
          flags | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstAugment:chunk-rows:
   *
   * Output rows per band when a frame is shared among the workers; 0 picks
   * about four bands per worker. The output does not depend on it.
   */
  g_object_class_install_property (gobject_class, PROP_CHUNK_ROWS,
      g_param_spec_uint ("chunk-rows", "Chunk rows",
          "Rows per band within a frame (0 = about 4 bands per worker)", 0,
          G_MAXINT, DEFAULT_CHUNK_ROWS, flags | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstAugment:replay:
   *
   * A plan as the augment meta (or queue-saver's manifest, column
   * "augment") recorded it: every frame is rendered with exactly that plan
   * instead of new draws, which reproduces the recorded output bit for bit
   * from the same input. Its input size must match the frames.
   */
  g_object_class_install_property (gobject_class, PROP_REPLAY,
      g_param_spec_string ("replay", "Replay",
          "A recorded plan (JSON) to apply to every frame instead of drawing",
          NULL, flags | GST_PARAM_MUTABLE_READY));

  /**
   * GstAugment:hold-frames:
   *
   * How often the random parameters are drawn, so a clip stays
   * consistent: 1 draws for every frame; N holds one draw for N frames
   * (from the first frame key k of a segment, keys k..k+N-1, k+N..k+2N-1,
   * ... share their draws, frame key being dataset-src's index, the
   * buffer offset, or the frame's position in the stream); 0 holds one
   * draw for each segment (the whole stream when it has one). The draws
   * still depend only on the seed and the stream position, so a restart
   * reproduces them.
   */
  g_object_class_install_property (gobject_class, PROP_HOLD_FRAMES,
      g_param_spec_uint ("hold-frames", "Hold frames",
          "Frames that share one draw of the random parameters (1 = a new "
          "draw every frame, 0 = one draw per segment)", 0,
          G_MAXUINT, DEFAULT_HOLD_FRAMES, flags | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstAugment:stats:
   *
   * Counters since the element started: "inputs" (frames in),
   * "outputs" (frames made), "failed" (copies that failed, reported or
   * skipped by on-error), "late" (outputs QoS found late, rendered
   * without #GstAugment:qos-skip's transforms), "skipped-transforms"
   * (steps they left out), and the time one output took on its worker
   * ("mean-process-us", "max-process-us": drawing, rendering and metas).
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics", "Frames in and out, failed "
          "copies, late outputs and the transforms they skipped, mean and "
          "max processing time per output (microseconds), since the element "
          "started", GST_TYPE_STRUCTURE,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GstAugment:min-area:
   *
   * Boxes (#GstVideoRegionOfInterestMeta) move with the pixels; a box
   * whose area, clipped to the frame, falls under this many pixels is
   * removed, as albumentations' BboxParams min_area. A config's
   * bbox_params apply too: a box must pass both.
   */
  g_object_class_install_property (gobject_class, PROP_MIN_AREA,
      g_param_spec_double ("min-area", "Min area", "Boxes (region of "
          "interest metas) smaller than this, in pixels after clipping, are "
          "removed", 0, G_MAXDOUBLE, DEFAULT_MIN_AREA,
          flags | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstAugment:min-visibility:
   *
   * A box that clipping to the frame leaves with less than this fraction
   * of its area is removed (albumentations' min_visibility, checked after
   * each transform).
   */
  g_object_class_install_property (gobject_class, PROP_MIN_VISIBILITY,
      g_param_spec_double ("min-visibility", "Min visibility", "Boxes "
          "that keep less than this fraction of their area in the frame are "
          "removed", 0, 1, DEFAULT_MIN_VISIBILITY,
          flags | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstAugment:min-width:
   *
   * Boxes narrower than this, in pixels after clipping, are removed.
   */
  g_object_class_install_property (gobject_class, PROP_MIN_WIDTH,
      g_param_spec_double ("min-width", "Min width", "Boxes narrower than "
          "this, in pixels after clipping, are removed", 0, G_MAXDOUBLE,
          DEFAULT_MIN_WIDTH, flags | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstAugment:min-height:
   *
   * Boxes lower than this, in pixels after clipping, are removed.
   */
  g_object_class_install_property (gobject_class, PROP_MIN_HEIGHT,
      g_param_spec_double ("min-height", "Min height", "Boxes lower than "
          "this, in pixels after clipping, are removed", 0, G_MAXDOUBLE,
          DEFAULT_MIN_HEIGHT, flags | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstAugment:qos-skip:
   *
   * Transforms (class names, comma-separated: "GaussianBlur,GaussNoise")
   * to leave out of frames that downstream's QoS says are late, so a live
   * pipeline catches up instead of falling further behind. Only steps that
   * keep the frame's size are left out (never a crop or a resize). What
   * was left out is counted in #GstAugment:stats and absent from the
   * frame's augment meta. Empty: never skip (every frame is rendered in
   * full, QoS or not).
   */
  g_object_class_install_property (gobject_class, PROP_QOS_SKIP,
      g_param_spec_string ("qos-skip", "QoS skip", "Transforms (comma-"
          "separated class names) left out of frames that are late", NULL,
          flags | GST_PARAM_MUTABLE_READY));

  /**
   * GstAugment:stats-interval:
   *
   * Every this many milliseconds, post #GstAugment:stats as an element
   * message named "augment-stats"; 0 never does.
   */
  g_object_class_install_property (gobject_class, PROP_STATS_INTERVAL,
      g_param_spec_uint ("stats-interval", "Stats interval", "Post the "
          "stats as an element message every this many ms (0 = never)", 0,
          G_MAXUINT, DEFAULT_STATS_INTERVAL,
          flags | GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Augment",
      "Filter/Effect/Video",
      "Reproducible albumentations pipelines on worker threads, spatial "
      "transforms fused into one resample",
      "imagemill developers");

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_augment_change_state);
  fp_class->set_caps = GST_DEBUG_FUNCPTR (gst_augment_set_caps);
  fp_class->prepare_job = GST_DEBUG_FUNCPTR (gst_augment_prepare_job);
  fp_class->worker_state_new =
      GST_DEBUG_FUNCPTR (gst_augment_worker_state_new);
  fp_class->worker_state_free =
      GST_DEBUG_FUNCPTR (gst_augment_worker_state_free);
  fp_class->process = GST_DEBUG_FUNCPTR (gst_augment_process);
  fp_class->parts_per_input =
      GST_DEBUG_FUNCPTR (gst_augment_parts_per_input);
  fp_class->narrow_sink_caps =
      GST_DEBUG_FUNCPTR (gst_augment_narrow_sink_caps);
}

static void
gst_augment_init (GstAugment * self)
{
  self->seed = DEFAULT_SEED;
  self->copies = DEFAULT_COPIES;
  self->fuse = DEFAULT_FUSE;
  self->chunk_rows = DEFAULT_CHUNK_ROWS;
  self->hold_frames = DEFAULT_HOLD_FRAMES;
  self->box_filter.min_area = DEFAULT_MIN_AREA;
  self->box_filter.min_visibility = DEFAULT_MIN_VISIBILITY;
  self->box_filter.min_width = DEFAULT_MIN_WIDTH;
  self->box_filter.min_height = DEFAULT_MIN_HEIGHT;
}

static void
gst_augment_finalize (GObject * object)
{
  GstAugment *self = GST_AUGMENT (object);

  g_free (self->config);
  g_free (self->transforms);
  g_free (self->replay);
  g_free (self->qos_skip);
  g_strfreev (self->skip_names);
  g_clear_pointer (&self->pipeline, gst_im_aug_pipeline_unref);
  g_clear_pointer (&self->replay_plan, gst_im_aug_plan_free);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_augment_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstAugment *self = GST_AUGMENT (object);
  GstImAugPipeline *parsed;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_CONFIG:
      g_free (self->config);
      self->config = g_value_dup_string (value);
      break;
    case PROP_TRANSFORMS:
      g_free (self->transforms);
      self->transforms = g_value_dup_string (value);
      /* read now, so that reading the property back is canonical; an
       * error is reported when the element starts */
      parsed = self->transforms ?
          gst_im_aug_pipeline_new_from_string (self->transforms, NULL) : NULL;
      if (parsed) {
        g_free (self->transforms);
        self->transforms = gst_im_aug_pipeline_to_string (parsed);
        gst_im_aug_pipeline_unref (parsed);
      }
      break;
    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;
    case PROP_COPIES:
      self->copies = g_value_get_uint (value);
      break;
    case PROP_FUSE:
      self->fuse = g_value_get_boolean (value);
      break;
    case PROP_CHUNK_ROWS:
      self->chunk_rows = g_value_get_uint (value);
      break;
    case PROP_REPLAY:
      g_free (self->replay);
      self->replay = g_value_dup_string (value);
      break;
    case PROP_HOLD_FRAMES:
      self->hold_frames = g_value_get_uint (value);
      break;
    case PROP_MIN_AREA:
      self->box_filter.min_area = g_value_get_double (value);
      break;
    case PROP_MIN_VISIBILITY:
      self->box_filter.min_visibility = g_value_get_double (value);
      break;
    case PROP_MIN_WIDTH:
      self->box_filter.min_width = g_value_get_double (value);
      break;
    case PROP_MIN_HEIGHT:
      self->box_filter.min_height = g_value_get_double (value);
      break;
    case PROP_QOS_SKIP:
      g_free (self->qos_skip);
      self->qos_skip = g_value_dup_string (value);
      break;
    case PROP_STATS_INTERVAL:
      self->stats_interval = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* the stats as a structure; GST_OBJECT_LOCK held */
GstStructure *
gst_augment_stats_locked (GstAugment * self)
{
  guint64 n = self->stat_outputs + self->stat_failed;

  return gst_structure_new ("augment-stats",
      "inputs", G_TYPE_UINT64, self->stat_inputs,
      "outputs", G_TYPE_UINT64, self->stat_outputs,
      "failed", G_TYPE_UINT64, self->stat_failed,
      "late", G_TYPE_UINT64, self->stat_late,
      "skipped-transforms", G_TYPE_UINT64, self->stat_skipped,
      "mean-process-us", G_TYPE_DOUBLE,
      n ? (gdouble) self->stat_time_sum / n : 0.0,
      "max-process-us", G_TYPE_INT64, self->stat_time_max, NULL);
}

static void
gst_augment_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstAugment *self = GST_AUGMENT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_CONFIG:
      g_value_set_string (value, self->config);
      break;
    case PROP_TRANSFORMS:
      g_value_set_string (value, self->transforms);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_COPIES:
      g_value_set_uint (value, self->copies);
      break;
    case PROP_FUSE:
      g_value_set_boolean (value, self->fuse);
      break;
    case PROP_CHUNK_ROWS:
      g_value_set_uint (value, self->chunk_rows);
      break;
    case PROP_REPLAY:
      g_value_set_string (value, self->replay);
      break;
    case PROP_HOLD_FRAMES:
      g_value_set_uint (value, self->hold_frames);
      break;
    case PROP_MIN_AREA:
      g_value_set_double (value, self->box_filter.min_area);
      break;
    case PROP_MIN_VISIBILITY:
      g_value_set_double (value, self->box_filter.min_visibility);
      break;
    case PROP_MIN_WIDTH:
      g_value_set_double (value, self->box_filter.min_width);
      break;
    case PROP_MIN_HEIGHT:
      g_value_set_double (value, self->box_filter.min_height);
      break;
    case PROP_QOS_SKIP:
      g_value_set_string (value, self->qos_skip);
      break;
    case PROP_STATS_INTERVAL:
      g_value_set_uint (value, self->stats_interval);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, gst_augment_stats_locked (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_augment_unload (GstAugment * self)
{
  GstImAugPipeline *pipeline;

  GST_OBJECT_LOCK (self);
  pipeline = self->pipeline;
  self->pipeline = NULL;
  GST_OBJECT_UNLOCK (self);
  g_clear_pointer (&pipeline, gst_im_aug_pipeline_unref);
  g_clear_pointer (&self->replay_plan, gst_im_aug_plan_free);
}

/* Reads the pipeline (or the replayed plan) when the element starts. */
static gboolean
gst_augment_load (GstAugment * self)
{
  GError *error = NULL;
  gchar *config, *transforms, *replay, **name;
  GstImAugPipeline *pipeline = NULL;

  GST_OBJECT_LOCK (self);
  g_strfreev (self->skip_names);
  self->skip_names = self->qos_skip && *self->qos_skip ?
      g_strsplit (self->qos_skip, ",", -1) : NULL;
  GST_OBJECT_UNLOCK (self);
  for (name = self->skip_names; name && *name; name++) {
    g_strstrip (*name);
    if (!gst_im_aug_transform_is_known (*name)) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("qos-skip: no transform "
              "\"%s\" (class names as albumentations spells them, "
              "comma-separated)", *name), (NULL));
      return FALSE;
    }
  }

  GST_OBJECT_LOCK (self);
  config = g_strdup (self->config);
  transforms = g_strdup (self->transforms);
  replay = g_strdup (self->replay);
  GST_OBJECT_UNLOCK (self);

  /* what a start that failed later left */
  gst_augment_unload (self);
  if (replay)
    self->replay_plan = gst_im_aug_plan_new_from_json (replay, &error);
  else if (config)
    pipeline = gst_im_aug_pipeline_new_from_file (config, &error);
  else
    pipeline = gst_im_aug_pipeline_new_from_string (transforms ?
        transforms : "", &error);
  /* the caps query reads it from any thread */
  GST_OBJECT_LOCK (self);
  self->pipeline = pipeline;
  GST_OBJECT_UNLOCK (self);
  g_free (config);
  g_free (transforms);
  g_free (replay);
  if (error) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", error->message),
        (NULL));
    g_error_free (error);
    return FALSE;
  }
  return TRUE;
}

static GstStateChangeReturn
gst_augment_change_state (GstElement * element, GstStateChange transition)
{
  GstAugment *self = GST_AUGMENT (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    if (!gst_augment_load (self))
      return GST_STATE_CHANGE_FAILURE;
    GST_OBJECT_LOCK (self);
    self->stat_inputs = self->stat_outputs = self->stat_failed = 0;
    self->stat_time_sum = self->stat_time_max = 0;
    self->stat_late = self->stat_skipped = 0;
    self->stat_posted = g_get_monotonic_time ();
    self->told_yuv = FALSE;
    GST_OBJECT_UNLOCK (self);
    self->segment_seen = G_MAXUINT64;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY
      || transition == GST_STATE_CHANGE_READY_TO_NULL)
    gst_augment_unload (self);
  return ret;
}

/* The transform of the pipeline that YUV frames cannot take, if any. */
static const gchar *
refused_on_yuv (GstAugment * self)
{
  const gchar *refused = NULL;

  GST_OBJECT_LOCK (self);
  if (self->pipeline)
    refused = gst_im_aug_pipeline_check_yuv (self->pipeline);
  GST_OBJECT_UNLOCK (self);
  return refused;
}

/* YUV formats only for a pipeline that means something on them: the
 * others negotiate RGB (through a videoconvert, where there is one). An
 * upstream that offers only YUV is told why, once per start. */
static GstCaps *
gst_augment_narrow_sink_caps (GstImFrameParallel * base, GstCaps * caps,
    GstCaps * filter)
{
  GstAugment *self = GST_AUGMENT (base);
  const gchar *refused = refused_on_yuv (self);
  GstCaps *rgb, *narrowed;
  gboolean tell;

  if (refused == NULL)
    return caps;
  rgb = gst_caps_from_string (GST_VIDEO_CAPS_MAKE ("{ " RGB_FORMATS " }"));
  narrowed = gst_caps_intersect (caps, rgb);
  GST_OBJECT_LOCK (self);
  tell = filter && !self->told_yuv && gst_caps_can_intersect (filter, caps)
      && !gst_caps_can_intersect (filter, narrowed);
  self->told_yuv |= tell;
  GST_OBJECT_UNLOCK (self);
  if (tell)
    GST_ELEMENT_WARNING (self, CORE, NEGOTIATION, ("%s has no meaning on "
            "YUV frames: put a videoconvert before augment, or leave %s out",
            refused, refused), ("upstream offers %" GST_PTR_FORMAT, filter));
  gst_caps_unref (rgb);
  gst_caps_unref (caps);
  return narrowed;
}

static gboolean
gst_augment_set_caps (GstImFrameParallel * base, GstCaps * caps)
{
  GstAugment *self = GST_AUGMENT (base);
  const gchar *refused, *site;

  if (!gst_video_info_from_caps (&self->in_info, caps)) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("Invalid raw video caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  /* GStreamer 1.22.0 reads every chroma-site as jpeg: read it here */
  site = gst_structure_get_string (gst_caps_get_structure (caps, 0),
      "chroma-site");
  if (site && gst_video_chroma_site_from_string (site))
    self->in_info.chroma_site = gst_video_chroma_site_from_string (site);
  if (GST_VIDEO_INFO_IS_YUV (&self->in_info)
      && (refused = refused_on_yuv (self))) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("%s has no meaning on %s "
            "frames: put a videoconvert before augment, or leave %s out",
            refused, GST_VIDEO_INFO_NAME (&self->in_info), refused),
        ("augment acts on the planes of YUV frames without converting them; "
            "see docs/elements/augment.md for the transforms it can apply"));
    return FALSE;
  }
  return TRUE;
}

/* The frame key @input's draws use (streaming thread, in order): the
 * first key of its hold window. Windows of @hold keys start at the first
 * key of each segment; @hold 0: one window per segment. */
static guint64
draw_key (GstAugment * self, GstBuffer * input, guint hold)
{
  guint64 seqnum, segment, key, from;

  gst_im_frame_parallel_get_input_position (GST_IM_FRAME_PARALLEL (self),
      &seqnum, &segment);
  key = GST_BUFFER_OFFSET_IS_VALID (input) ? GST_BUFFER_OFFSET (input) :
      seqnum;
  if (segment != self->segment_seen) {
    self->segment_seen = segment;
    self->segment_key = key;
  }
  from = key >= self->segment_key ? self->segment_key : 0;
  if (hold == 0)
    return from;
  return key - (key - from) % hold;
}

static gpointer
gst_augment_prepare_job (GstImFrameParallel * base, GstBuffer * input)
{
  GstAugment *self = GST_AUGMENT (base);
  JobSettings *s = g_new (JobSettings, 1);
  GstImAugBoxFilter config;
  guint hold;

  s->in_info = self->in_info;
  gst_im_frame_parallel_get_framerate (base, &s->fps_n, &s->fps_d);
  GST_OBJECT_LOCK (self);
  s->seed = self->seed;
  s->fuse = self->fuse;
  s->chunk_rows = self->chunk_rows;
  hold = self->hold_frames;
  s->box_filter = self->box_filter;
  GST_OBJECT_UNLOCK (self);
  s->draw_key = draw_key (self, input, hold);
  s->late = self->skip_names && gst_im_frame_parallel_is_late (base, input);
  /* a box must pass the config's bbox_params and the properties */
  if (self->pipeline && gst_im_aug_pipeline_get_box_filter (self->pipeline,
          &config)) {
    s->box_filter.min_area = MAX (s->box_filter.min_area, config.min_area);
    s->box_filter.min_visibility = MAX (s->box_filter.min_visibility,
        config.min_visibility);
    s->box_filter.min_width = MAX (s->box_filter.min_width,
        config.min_width);
    s->box_filter.min_height = MAX (s->box_filter.min_height,
        config.min_height);
    s->box_filter.max_accept_ratio = config.max_accept_ratio;
    s->box_filter.check_each_transform = config.check_each_transform;
  } else {
    s->box_filter.max_accept_ratio = 0;
    s->box_filter.check_each_transform = TRUE;
  }
  return s;
}

/* each copy of an input is a job of its own: copies of one image spread
 * over the workers, and max-in-flight bounds the frames they hold */
static guint
gst_augment_parts_per_input (GstImFrameParallel * base, GstBuffer * input)
{
  GstAugment *self = GST_AUGMENT (base);
  guint copies;

  GST_OBJECT_LOCK (self);
  copies = self->replay_plan ? 1 : self->copies;
  GST_OBJECT_UNLOCK (self);
  return copies;
}

static gpointer
gst_augment_worker_state_new (GstImFrameParallel * base)
{
  return gst_im_aug_scratch_new ();
}

static void
gst_augment_worker_state_free (GstImFrameParallel * base, gpointer state)
{
  gst_im_aug_scratch_free (state);
}
