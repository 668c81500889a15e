/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:element-queue-saver
 * @title: queue-saver
 *
 * Encodes raw frames (JPEG, PNG, PPM or PGM) and writes files on saver
 * threads, behind a bounded queue: when #GstQueueSaver:max-queued buffers or
 * #GstQueueSaver:max-queued-bytes are waiting, upstream blocks, so memory
 * stays bounded however fast frames come. Encoded JPEG and PNG input is
 * written as it is.
 *
 * File names come from #GstQueueSaver:location, a pattern with a printf
 * index (`%05d`) and tokens taken from the source meta that dataset-src
 * attaches: `{stem}`, `{name}`, `{ext}`, `{dir}` (sub-folders are created),
 * `{index}`, `{copy}`. The index is the source meta's index, or the number
 * of buffers received so far for buffers without one. Every file is written
 * to a hidden temporary file in its folder (`.NAME.tmp-XXXXXX`), optionally
 * fsync'd, and renamed, so a run killed at any moment leaves only complete
 * files under final names. The EOS message is posted only once every file is
 * on disk and the optional #GstQueueSaver:manifest is written.
 *
 * Errors (a file that cannot be encoded or written: no space, no
 * permission, a parent that cannot be created) name the file and the reason
 * and follow #GstQueueSaver:on-error; a file that failed is never reported as
 * saved, and no partial file is left.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=100 pattern=ball ! video/x-raw,width=1280,height=720 ! queue-saver location=frames/frame_%05d.jpg quality=90 max-queued=8
 * ]|
 * |[
 * gst-launch-1.0 dataset-src location=photos/ recursive=true ! decoder-pool ! queue-saver location="out/{dir}/{stem}.png" if-exists=skip manifest=out/manifest.csv
 * ]|
 * (pipelines/queue-saver-frames.sh, pipelines/queue-saver-folder-to-png.sh)
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstqueuesaver-private.h"

GST_DEBUG_CATEGORY (gst_queue_saver_debug);
#define GST_CAT_DEFAULT gst_queue_saver_debug

#define DEFAULT_LOCATION "%05d.png"
#define DEFAULT_FORMAT GST_QUEUE_SAVER_FORMAT_AUTO
#define DEFAULT_QUALITY 90
#define DEFAULT_SUBSAMPLING GST_IM_JPEG_SUBSAMPLING_420
#define DEFAULT_COMPRESSION_LEVEL 6
#define DEFAULT_SAVERS 0
#define DEFAULT_MAX_QUEUED 0
#define DEFAULT_MAX_QUEUED_BYTES (512 * 1024 * 1024)
#define DEFAULT_IF_EXISTS GST_IM_IF_EXISTS_OVERWRITE
#define DEFAULT_FSYNC FALSE
#define DEFAULT_METADATA GST_IM_METADATA_KEEP
#define DEFAULT_POST_MESSAGES FALSE
#define DEFAULT_MAX_WRITE_RATE 0

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_FORMAT,
  PROP_QUALITY,
  PROP_SUBSAMPLING,
  PROP_COMPRESSION_LEVEL,
  PROP_SAVERS,
  PROP_MAX_QUEUED,
  PROP_MAX_QUEUED_BYTES,
  PROP_IF_EXISTS,
  PROP_FSYNC,
  PROP_METADATA,
  PROP_ON_ERROR,
  PROP_POST_MESSAGES,
  PROP_MANIFEST,
  PROP_MAX_WRITE_RATE,
  PROP_SKIPPED,
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE
        ("{ RGB, RGBA, BGR, BGRx, BGRA, RGBx, GRAY8, GRAY16_LE }")
        "; image/jpeg; image/png"));

#define _do_init \
    GST_DEBUG_CATEGORY_INIT (gst_queue_saver_debug, "queue-saver", 0, \
        "Parallel image file saver");
#define gst_queue_saver_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstQueueSaver, gst_queue_saver, GST_TYPE_BASE_SINK,
    _do_init);
GST_ELEMENT_REGISTER_DEFINE (queue_saver, "queue-saver", GST_RANK_NONE,
    GST_TYPE_QUEUE_SAVER);

#define GST_TYPE_QUEUE_SAVER_FORMAT (gst_queue_saver_format_get_type ())
static GType
gst_queue_saver_format_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_QUEUE_SAVER_FORMAT_AUTO, "From the file name's extension", "auto"},
    {GST_QUEUE_SAVER_FORMAT_JPEG, "JPEG", "jpeg"},
    {GST_QUEUE_SAVER_FORMAT_PNG, "PNG", "png"},
    {GST_QUEUE_SAVER_FORMAT_PPM, "Binary PPM (P6)", "ppm"},
    {GST_QUEUE_SAVER_FORMAT_PGM, "Binary PGM (P5)", "pgm"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstQueueSaverFormat", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

static void gst_queue_saver_finalize (GObject * object);
static void gst_queue_saver_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_queue_saver_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstStateChangeReturn gst_queue_saver_change_state (GstElement *
    element, GstStateChange transition);
static gboolean gst_queue_saver_set_caps (GstBaseSink * sink, GstCaps * caps);
static GstFlowReturn gst_queue_saver_render (GstBaseSink * sink,
    GstBuffer * buffer);
static gboolean gst_queue_saver_event (GstBaseSink * sink, GstEvent * event);
static gboolean gst_queue_saver_unlock (GstBaseSink * sink);
static gboolean gst_queue_saver_unlock_stop (GstBaseSink * sink);

static void
gst_queue_saver_class_init (GstQueueSaverClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *basesink_class = GST_BASE_SINK_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  gst_im_init ();
  gobject_class->finalize = gst_queue_saver_finalize;
  gobject_class->set_property = gst_queue_saver_set_property;
  gobject_class->get_property = gst_queue_saver_get_property;

  /**
   * GstQueueSaver:location:
   *
   * The output path pattern: a printf conversion of the index (`%05d`;
   * also `%d %u %x`, flags `-0+ #`, `%%` for a percent sign) and the tokens
   * `{stem}` (source name without extension), `{name}` (with it), `{ext}`
   * (without the dot), `{dir}` (the source's sub-folder, "" at the top; a
   * `/` after an empty `{dir}` is dropped), `{index}`, `{copy}`; `{{` is a
   * brace. The index is the source meta's, or the count of buffers since
   * start. Folders are created as needed. What comes from the data never
   * leads out of the folder the pattern names: an expanded path with an
   * empty, `.` or `..` component made by a token, or climbing above the
   * pattern's leading folder, fails that input (see #GstQueueSaver:on-error),
   * naming the source and the path.
   */
  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location", "Output path pattern: "
          "%05d for the index, {stem} {name} {ext} {dir} {index} {copy} from "
          "the source meta", DEFAULT_LOCATION, rw | GST_PARAM_MUTABLE_READY));

  /**
   * GstQueueSaver:format:
   *
   * The format raw frames are encoded to; auto takes it from each file
   * name's extension (.jpg/.jpeg, .png, .ppm, .pgm, .pnm). Encoded input is
   * written as it is, and fails when the format names another codec.
   */
  g_object_class_install_property (gobject_class, PROP_FORMAT,
      g_param_spec_enum ("format", "Format", "File format for raw frames "
          "(auto = from the extension)", GST_TYPE_QUEUE_SAVER_FORMAT,
          DEFAULT_FORMAT, rw | GST_PARAM_MUTABLE_READY));

  /**
   * GstQueueSaver:quality:
   *
   * JPEG quality, as in TurboJPEG and cjpeg.
   */
  g_object_class_install_property (gobject_class, PROP_QUALITY,
      g_param_spec_uint ("quality", "Quality", "JPEG quality (1 = worst, "
          "100 = best)", 1, 100, DEFAULT_QUALITY,
          rw | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstQueueSaver:subsampling:
   *
   * JPEG chroma subsampling. GRAY8 frames always give grayscale JPEGs.
   */
  g_object_class_install_property (gobject_class, PROP_SUBSAMPLING,
      g_param_spec_enum ("subsampling", "Subsampling", "JPEG chroma "
          "subsampling", GST_IM_TYPE_JPEG_SUBSAMPLING, DEFAULT_SUBSAMPLING,
          rw | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstQueueSaver:compression-level:
   *
   * PNG zlib compression level.
   */
  g_object_class_install_property (gobject_class, PROP_COMPRESSION_LEVEL,
      g_param_spec_uint ("compression-level", "Compression level",
          "PNG zlib level (0 = none, fastest; 9 = smallest, slowest)", 0, 9,
          DEFAULT_COMPRESSION_LEVEL, rw | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstQueueSaver:savers:
   *
   * Threads that encode and write files. 0 means one per CPU core.
   */
  g_object_class_install_property (gobject_class, PROP_SAVERS,
      g_param_spec_uint ("savers", "Savers", "Encoder/writer threads "
          "(0 = one per CPU core)", 0, 1024, DEFAULT_SAVERS,
          rw | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstQueueSaver:max-queued:
   *
   * Buffers accepted and not yet saved (being saved included) before
   * upstream blocks. 0 means twice the number of savers.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_QUEUED,
      g_param_spec_uint ("max-queued", "Max queued", "Buffers waiting or "
          "being saved before upstream blocks (0 = 2 per saver)", 0,
          G_MAXUINT, DEFAULT_MAX_QUEUED, rw | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstQueueSaver:max-queued-bytes:
   *
   * Bytes of input held by the queue before upstream blocks; one buffer is
   * always accepted when the queue holds none, however large. 0 means no
   * byte limit (max-queued still holds).
   */
  g_object_class_install_property (gobject_class, PROP_MAX_QUEUED_BYTES,
      g_param_spec_uint64 ("max-queued-bytes", "Max queued bytes",
          "Input bytes held before upstream blocks (0 = no byte limit)", 0,
          G_MAXUINT64, DEFAULT_MAX_QUEUED_BYTES,
          rw | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstQueueSaver:if-exists:
   *
   * What to do when a file exists already: overwrite it (atomically), skip
   * the input (re-running an interrupted job then makes exactly the missing
   * files) or fail it (see #GstQueueSaver:on-error). With skip and error the
   * check also holds for a file that appears while its twin is written.
   */
  g_object_class_install_property (gobject_class, PROP_IF_EXISTS,
      g_param_spec_enum ("if-exists", "If exists", "What to do when a file "
          "exists already", GST_IM_TYPE_IF_EXISTS, DEFAULT_IF_EXISTS,
          rw | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstQueueSaver:fsync:
   *
   * fsync each file before it gets its name, and its folder after, so that
   * saved files survive a power cut (a killed process never leaves partial
   * files either way). Costs a disk flush per file.
   */
  /**
   * GstQueueSaver:metadata:
   *
   * The EXIF and XMP the frames carry (decoder-pool reads them; their
   * Orientation is 1 where it turned the pixels upright, so no viewer
   * turns them twice): `keep` writes them (JPEG APP1, PNG eXIf and iTXt),
   * `strip` leaves them out. A frame's ICC profile is written either way
   * (decoder-pool's color-profile decides about it).
   */
  g_object_class_install_property (gobject_class, PROP_METADATA,
      g_param_spec_enum ("metadata", "Metadata", "Write the frames' EXIF "
          "and XMP (keep) or not (strip)", GST_IM_TYPE_METADATA_MODE,
          DEFAULT_METADATA, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (gobject_class, PROP_FSYNC,
      g_param_spec_boolean ("fsync", "fsync", "Flush each file to the disk "
          "before naming it (survives power loss, slower)", DEFAULT_FSYNC,
          rw | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstQueueSaver:post-messages:
   *
   * Post an element message "queue-saver-file" for each file, in input
   * order, once it is on disk: location, source (when known), index, copy,
   * bytes (guint64) and status ("written", or "existing" when if-exists=skip
   * kept it).
   */
  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages", "Post a "
          "queue-saver-file element message per file saved",
          DEFAULT_POST_MESSAGES, rw | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstQueueSaver:manifest:
   *
   * Where to list the files saved, in input order: CSV for a .csv name
   * (columns location, source, index, copy, bytes, status, augment), JSON
   * lines for .jsonl; augment is the plan of an augmented frame (its
   * augment meta), as JSON. It is written to a temporary file as files are saved and put
   * under its name atomically at EOS (and when stopped before EOS, listing
   * what was saved). NULL or "" means no manifest.
   */
  g_object_class_install_property (gobject_class, PROP_MANIFEST,
      g_param_spec_string ("manifest", "Manifest", "CSV (.csv) or JSON lines "
          "(.jsonl) list of saved files, written at EOS (NULL = none)", NULL,
          rw | GST_PARAM_MUTABLE_READY));

  /**
   * GstQueueSaver:max-write-rate:
   *
   * Limit on the bytes written per second, shared by all savers, to leave
   * bandwidth to others on a shared disk (the benchmark uses it to simulate
   * a slow disk). 0 means no limit.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_WRITE_RATE,
      g_param_spec_uint64 ("max-write-rate", "Max write rate", "Bytes written "
          "per second, all savers together (0 = no limit)", 0, G_MAXUINT64,
          DEFAULT_MAX_WRITE_RATE, rw | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstQueueSaver:on-error:
   *
   * What to do with a file that cannot be named, encoded or written: fail
   * posts an error naming the input and the reason and stops the stream;
   * skip posts a warning, counts it in #GstQueueSaver:skipped and goes on.
   *
   * GstQueueSaver:skipped:
   *
   * Inputs dropped under on-error=skip since the element left READY.
   */
  gst_im_reporter_install_properties (gobject_class, PROP_ON_ERROR,
      PROP_SKIPPED);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "Parallel image saver", "Sink/File/Image",
      "Encodes and writes image files on saver threads behind a bounded "
      "queue, atomically, named after their source", "imagemill developers");

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_queue_saver_change_state);
  basesink_class->set_caps = GST_DEBUG_FUNCPTR (gst_queue_saver_set_caps);
  basesink_class->render = GST_DEBUG_FUNCPTR (gst_queue_saver_render);
  basesink_class->event = GST_DEBUG_FUNCPTR (gst_queue_saver_event);
  basesink_class->unlock = GST_DEBUG_FUNCPTR (gst_queue_saver_unlock);
  basesink_class->unlock_stop = GST_DEBUG_FUNCPTR (gst_queue_saver_unlock_stop);

  gst_type_mark_as_plugin_api (GST_TYPE_QUEUE_SAVER_FORMAT, 0);
  gst_type_mark_as_plugin_api (GST_IM_TYPE_METADATA_MODE, 0);
  gst_type_mark_as_plugin_api (GST_IM_TYPE_JPEG_SUBSAMPLING, 0);
  gst_type_mark_as_plugin_api (GST_IM_TYPE_IF_EXISTS, 0);
}

static void
gst_queue_saver_init (GstQueueSaver * self)
{
  self->location = g_strdup (DEFAULT_LOCATION);
  self->format = DEFAULT_FORMAT;
  self->quality = DEFAULT_QUALITY;
  self->subsampling = DEFAULT_SUBSAMPLING;
  self->compression_level = DEFAULT_COMPRESSION_LEVEL;
  self->savers = DEFAULT_SAVERS;
  self->max_queued = DEFAULT_MAX_QUEUED;
  self->max_queued_bytes = DEFAULT_MAX_QUEUED_BYTES;
  self->if_exists = DEFAULT_IF_EXISTS;
  self->fsync = DEFAULT_FSYNC;
  self->metadata = DEFAULT_METADATA;
  self->reporter = gst_im_reporter_new (GST_ELEMENT (self));
  self->post_messages = DEFAULT_POST_MESSAGES;
  self->max_write_rate = DEFAULT_MAX_WRITE_RATE;

  /* a file sink: no clock sync, and no frame kept outside the queue */
  gst_base_sink_set_sync (GST_BASE_SINK (self), FALSE);
  gst_base_sink_set_last_sample_enabled (GST_BASE_SINK (self), FALSE);
}

static void
gst_queue_saver_finalize (GObject * object)
{
  GstQueueSaver *self = GST_QUEUE_SAVER (object);

  g_free (self->location);
  g_free (self->manifest_path);
  gst_im_reporter_free (self->reporter);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_queue_saver_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstQueueSaver *self = GST_QUEUE_SAVER (object);

  if (gst_im_reporter_set_property (self->reporter, pspec, value))
    return;
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
      break;
    case PROP_QUALITY:
      self->quality = g_value_get_uint (value);
      break;
    case PROP_SUBSAMPLING:
      self->subsampling = g_value_get_enum (value);
      break;
    case PROP_COMPRESSION_LEVEL:
      self->compression_level = g_value_get_uint (value);
      break;
    case PROP_SAVERS:
      self->savers = g_value_get_uint (value);
      if (self->queue)
        gst_im_save_queue_set_n_workers (self->queue, self->savers);
      break;
    case PROP_MAX_QUEUED:
      self->max_queued = g_value_get_uint (value);
      break;
    case PROP_MAX_QUEUED_BYTES:
      self->max_queued_bytes = g_value_get_uint64 (value);
      break;
    case PROP_IF_EXISTS:
      self->if_exists = g_value_get_enum (value);
      break;
    case PROP_FSYNC:
      self->fsync = g_value_get_boolean (value);
      break;
    case PROP_METADATA:
      self->metadata = g_value_get_enum (value);
      break;
    case PROP_POST_MESSAGES:
      self->post_messages = g_value_get_boolean (value);
      break;
    case PROP_MANIFEST:
      g_free (self->manifest_path);
      self->manifest_path = g_value_dup_string (value);
      break;
    case PROP_MAX_WRITE_RATE:
      self->max_write_rate = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_queue_saver_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstQueueSaver *self = GST_QUEUE_SAVER (object);

  if (gst_im_reporter_get_property (self->reporter, pspec, value))
    return;
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_QUALITY:
      g_value_set_uint (value, self->quality);
      break;
    case PROP_SUBSAMPLING:
      g_value_set_enum (value, self->subsampling);
      break;
    case PROP_COMPRESSION_LEVEL:
      g_value_set_uint (value, self->compression_level);
      break;
    case PROP_SAVERS:
      g_value_set_uint (value, self->savers);
      break;
    case PROP_MAX_QUEUED:
      g_value_set_uint (value, self->max_queued);
      break;
    case PROP_MAX_QUEUED_BYTES:
      g_value_set_uint64 (value, self->max_queued_bytes);
      break;
    case PROP_IF_EXISTS:
      g_value_set_enum (value, self->if_exists);
      break;
    case PROP_FSYNC:
      g_value_set_boolean (value, self->fsync);
      break;
    case PROP_METADATA:
      g_value_set_enum (value, self->metadata);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, self->post_messages);
      break;
    case PROP_MANIFEST:
      g_value_set_string (value, self->manifest_path);
      break;
    case PROP_MAX_WRITE_RATE:
      g_value_set_uint64 (value, self->max_write_rate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ---- streaming ---- */

static GstFlowReturn
gst_queue_saver_render (GstBaseSink * sink, GstBuffer * buffer)
{
  GstQueueSaver *self = GST_QUEUE_SAVER (sink);
  GstFlowReturn ret = GST_FLOW_ERROR;
  guint max_queued;
  guint64 max_bytes;
  GstImSaveJob *job;

  job = gst_queue_saver_job_new (self, gst_buffer_ref (buffer), &max_queued,
      &max_bytes);
  /* after an error (a manifest that failed at EOS too) nothing is saved;
   * while unlocked the queue does not wait, the base class does */
  if (!self->failed) {
    do {
      ret = gst_im_save_queue_push (self->queue, job, max_queued, max_bytes);
    } while (ret == GST_FLOW_FLUSHING
        && (ret = gst_base_sink_wait_preroll (sink)) == GST_FLOW_OK);
  }
  if (ret != GST_FLOW_OK)
    gst_queue_saver_job_free (job);
  return ret;
}

static gboolean
commit_manifest (GstQueueSaver * self)
{
  GError *err = NULL;
  gboolean sync;

  if (self->manifest == NULL)
    return TRUE;
  GST_OBJECT_LOCK (self);
  sync = self->fsync;
  GST_OBJECT_UNLOCK (self);
  if (gst_im_manifest_commit (self->manifest, sync, &err))
    return TRUE;

  GST_ELEMENT_ERROR (self, RESOURCE, WRITE, ("%s", err->message), (NULL));
  g_error_free (err);
  self->failed = TRUE;
  return FALSE;
}

static gboolean
gst_queue_saver_event (GstBaseSink * sink, GstEvent * event)
{
  GstQueueSaver *self = GST_QUEUE_SAVER (sink);
  GstFlowReturn ret;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_START:
      /* queued files not started yet are dropped; started ones finish */
      gst_im_save_queue_flush (self->queue);
      break;
    case GST_EVENT_EOS:
      /* the base class posts the EOS message once we return: first every
       * file must be on disk */
      do {
        ret = gst_im_save_queue_drain (self->queue);
      } while (ret == GST_FLOW_FLUSHING
          && (ret = gst_base_sink_wait_preroll (sink)) == GST_FLOW_OK);
      if (ret != GST_FLOW_OK)
        goto flushing;
      GST_DEBUG_OBJECT (self, "every file is saved");
      if (!commit_manifest (self) || self->failed)
        goto failed;
      break;
    default:
      break;
  }
  return GST_BASE_SINK_CLASS (parent_class)->event (sink, event);

  /* ERRORS */
flushing:
  {
    GST_DEBUG_OBJECT (self, "flushing while draining at EOS");
    gst_event_unref (event);
    return FALSE;
  }
failed:
  {
    GST_DEBUG_OBJECT (self, "not posting EOS: a file was not saved");
    gst_event_unref (event);
    return FALSE;
  }
}

static gboolean
gst_queue_saver_unlock (GstBaseSink * sink)
{
  gst_im_save_queue_set_flushing (GST_QUEUE_SAVER (sink)->queue, TRUE);
  return TRUE;
}

static gboolean
gst_queue_saver_unlock_stop (GstBaseSink * sink)
{
  gst_im_save_queue_set_flushing (GST_QUEUE_SAVER (sink)->queue, FALSE);
  return TRUE;
}

static gboolean
gst_queue_saver_set_caps (GstBaseSink * sink, GstCaps * caps)
{
  GstQueueSaver *self = GST_QUEUE_SAVER (sink);
  GstStructure *s = gst_caps_get_structure (caps, 0);

  self->raw = gst_structure_has_name (s, "video/x-raw");
  if (self->raw && !gst_video_info_from_caps (&self->info, caps))
    goto bad_caps;
  GST_DEBUG_OBJECT (self, "caps %" GST_PTR_FORMAT, caps);
  return TRUE;

  /* ERRORS */
bad_caps:
  {
    GST_ERROR_OBJECT (self, "invalid caps %" GST_PTR_FORMAT, caps);
    return FALSE;
  }
}

/* Settings are checked and the savers started before GstBaseSink's own
 * READY→PAUSED, so that a bad setting posts one error naming it and not
 * also GstBaseSink's "failed to post a proper error message". */
static gboolean
open_saver (GstQueueSaver * self)
{
  gchar *location, *manifest;
  GstImSaveQueue *queue;
  GError *err = NULL;
  guint savers;

  GST_OBJECT_LOCK (self);
  location = g_strdup (self->location);
  manifest = g_strdup (self->manifest_path);
  savers = self->savers;
  GST_OBJECT_UNLOCK (self);
  gst_im_reporter_reset (self->reporter);

  self->pattern = gst_im_path_pattern_new (location ? location : "", &err);
  if (self->pattern == NULL)
    goto bad_settings;
  if (manifest && *manifest) {
    self->manifest = gst_im_manifest_new (manifest, &err);
    if (self->manifest == NULL)
      goto bad_settings;
  }
  queue = gst_im_save_queue_new (savers, gst_queue_saver_job_report,
      (GDestroyNotify) gst_queue_saver_job_free, self, &err);
  if (queue == NULL)
    goto no_threads;

  GST_OBJECT_LOCK (self);
  self->queue = queue;
  GST_OBJECT_UNLOCK (self);
  self->count = 0;
  self->failed = FALSE;
  GST_DEBUG_OBJECT (self, "saving to \"%s\"", location);
  g_free (location);
  g_free (manifest);
  return TRUE;

  /* ERRORS */
bad_settings:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", err->message), (NULL));
    goto failed;
  }
no_threads:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, FAILED, ("Could not start the "
            "savers"), ("%s", err->message));
    goto failed;
  }
failed:
  {
    g_clear_error (&err);
    g_clear_pointer (&self->pattern, gst_im_path_pattern_free);
    g_clear_pointer (&self->manifest, gst_im_manifest_free);
    g_free (location);
    g_free (manifest);
    return FALSE;
  }
}

static void
close_saver (GstQueueSaver * self)
{
  GstImSaveQueue *queue;

  GST_OBJECT_LOCK (self);
  queue = g_steal_pointer (&self->queue);
  GST_OBJECT_UNLOCK (self);
  /* drop what has not started, let started files finish, report them */
  gst_im_save_queue_free (queue);
  commit_manifest (self);
  g_clear_pointer (&self->manifest, gst_im_manifest_free);
  g_clear_pointer (&self->pattern, gst_im_path_pattern_free);
}

static GstStateChangeReturn
gst_queue_saver_change_state (GstElement * element, GstStateChange transition)
{
  GstQueueSaver *self = GST_QUEUE_SAVER (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED && !open_saver (self))
    return GST_STATE_CHANGE_FAILURE;

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  /* PAUSED→READY has stopped the streaming thread */
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY ||
      (transition == GST_STATE_CHANGE_READY_TO_PAUSED &&
          ret == GST_STATE_CHANGE_FAILURE))
    close_saver (self);
  return ret;
}
