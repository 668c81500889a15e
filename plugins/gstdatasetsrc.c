/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:element-dataset-src
 * @title: dataset-src
 *
 * Reads a dataset of JPEG and PNG images, one whole file per buffer, sorted
 * bytewise by path whatever order the file system lists them in.
 * #GstDatasetSrc:location is a folder (walked recursively unless
 * #GstDatasetSrc:recursive is false, keeping the files whose extension is in
 * #GstDatasetSrc:extensions), a glob such as `photos/cat-?.jpg` (shell rules:
 * wildcards do not cross a `/`), a list file (one path per line, relative
 * paths resolved against the list's folder, `#` starts a comment line), or a
 * single image (a file whose extension is an image type's, or that starts
 * like a JPEG or PNG). Hidden entries (names starting with a dot) are not
 * listed. A location that is neither a folder nor a regular file (a FIFO,
 * a device such as /dev/zero) fails at once, without being opened.
 *
 * With #GstDatasetSrc:shard-count N, item i (its index in the whole sorted
 * dataset) belongs to shard i mod N: N jobs with shard-index 0..N-1 read
 * every item exactly once. Up to #GstDatasetSrc:prefetch files are read
 * ahead on reader threads, within #GstDatasetSrc:max-prefetch-bytes; buffers
 * still leave in dataset order.
 *
 * Caps follow each file's first bytes (image/jpeg or image/png, with
 * parsed=true: one buffer is one image). The buffer offset is the item's
 * index in the whole dataset and a #GstImSourceMeta carries its path
 * relative to the root, so queue-saver can name outputs after inputs. A
 * file that cannot be read, holds more than #GstDatasetSrc:max-file-bytes
 * or is not a JPEG or PNG is handled as #GstDatasetSrc:on-error says.
 * "dataset-src-progress" element messages (done-items, total-items,
 * done-bytes, total-bytes, skipped, pass) come every
 * #GstDatasetSrc:progress-interval milliseconds and at the end of each
 * pass. Seeking is not supported.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 -m dataset-src location=photos prefetch=8 ! decoder-pool ! videoconvert ! pngenc ! multifilesink location=out_%05d.png
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstdatasetsrc.h"

GST_DEBUG_CATEGORY (gst_dataset_src_debug);
#define GST_CAT_DEFAULT gst_dataset_src_debug

#define DEFAULT_LOCATION NULL
#define DEFAULT_RECURSIVE TRUE
#define DEFAULT_EXTENSIONS "jpg,jpeg,png"
#define DEFAULT_SORT TRUE
#define DEFAULT_SHARD_INDEX 0
#define DEFAULT_SHARD_COUNT 1
#define DEFAULT_PREFETCH 4
#define DEFAULT_MAX_PREFETCH_BYTES (64 * 1024 * 1024)
#define DEFAULT_MAX_FILE_BYTES (G_GUINT64_CONSTANT (1) << 30)
#define DEFAULT_NUM_ITEMS 0
#define DEFAULT_LOOP FALSE
#define DEFAULT_PROGRESS_INTERVAL 500
#define MAX_PREFETCH 256

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_RECURSIVE,
  PROP_EXTENSIONS,
  PROP_SORT,
  PROP_SHARD_INDEX,
  PROP_SHARD_COUNT,
  PROP_PREFETCH,
  PROP_MAX_PREFETCH_BYTES,
  PROP_MAX_FILE_BYTES,
  PROP_NUM_ITEMS,
  PROP_LOOP,
  PROP_FRAMERATE,
  PROP_ON_ERROR,
  PROP_PROGRESS_INTERVAL,
  PROP_SKIPPED,
};

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("image/jpeg, parsed = (boolean) true, "
        "framerate = (fraction) [ 0/1, MAX ]; "
        "image/png, parsed = (boolean) true, "
        "framerate = (fraction) [ 0/1, MAX ]"));

#define _do_init \
    GST_DEBUG_CATEGORY_INIT (gst_dataset_src_debug, "dataset-src", 0, \
        "Image dataset source");
#define gst_dataset_src_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstDatasetSrc, gst_dataset_src, GST_TYPE_PUSH_SRC,
    _do_init);
GST_ELEMENT_REGISTER_DEFINE (dataset_src, "dataset-src", GST_RANK_NONE,
    GST_TYPE_DATASET_SRC);

static void gst_dataset_src_finalize (GObject * object);
static void gst_dataset_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_dataset_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstStateChangeReturn gst_dataset_src_change_state (GstElement *
    element, GstStateChange transition);
static gboolean gst_dataset_src_unlock (GstBaseSrc * src);
static gboolean gst_dataset_src_unlock_stop (GstBaseSrc * src);
static gboolean gst_dataset_src_negotiate (GstBaseSrc * src);
static gboolean gst_dataset_src_is_seekable (GstBaseSrc * src);

static void
gst_dataset_src_class_init (GstDatasetSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *basesrc_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *pushsrc_class = GST_PUSH_SRC_CLASS (klass);

  gst_im_init ();

  gobject_class->finalize = gst_dataset_src_finalize;
  gobject_class->set_property = gst_dataset_src_set_property;
  gobject_class->get_property = gst_dataset_src_get_property;

  /**
   * GstDatasetSrc:location:
   *
   * The dataset: a folder, a list file, a single image, or, when no such
   * path exists and it holds `*`, `?` or `[`, a glob matched with the
   * shell's rules (fnmatch with FNM_PATHNAME and FNM_PERIOD: wildcards do
   * not cross `/` nor match a leading dot). A list file has one path per
   * line; blank lines and lines starting with `#` are ignored, white space
   * around a path is removed, relative paths are relative to the list's
   * folder.
   */
  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "Folder, glob, list file (one path per line, # comments) or "
          "single image to read", DEFAULT_LOCATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:recursive:
   *
   * Walk the sub-folders of a folder location (symbolic links to folders
   * are followed, each folder once).
   */
  g_object_class_install_property (gobject_class, PROP_RECURSIVE,
      g_param_spec_boolean ("recursive", "Recursive",
          "Walk sub-folders of a folder location", DEFAULT_RECURSIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:extensions:
   *
   * Comma-separated file extensions a folder location keeps, compared
   * without regard to ASCII case. An empty string keeps every file. Globs
   * and list files are not filtered: they name what they want.
   */
  g_object_class_install_property (gobject_class, PROP_EXTENSIONS,
      g_param_spec_string ("extensions", "Extensions",
          "Comma-separated extensions kept from a folder, any case "
          "(\"\" = every file)", DEFAULT_EXTENSIONS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:sort:
   *
   * Sort a list file's paths bytewise, as folders and globs always are.
   * False keeps the list's own order (for a pre-shuffled list); shards and
   * indices then follow that order.
   */
  g_object_class_install_property (gobject_class, PROP_SORT,
      g_param_spec_boolean ("sort", "Sort",
          "Sort a list file's paths bytewise (false: keep the list's order; "
          "folders and globs are always sorted)", DEFAULT_SORT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:shard-index:
   *
   * Which shard to read, from 0 to #GstDatasetSrc:shard-count - 1: the
   * items whose dataset index i satisfies i mod shard-count = shard-index.
   */
  g_object_class_install_property (gobject_class, PROP_SHARD_INDEX,
      g_param_spec_uint ("shard-index", "Shard index",
          "Read the items i with i mod shard-count = shard-index "
          "(0 to shard-count - 1)", 0, G_MAXINT, DEFAULT_SHARD_INDEX,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:shard-count:
   *
   * Number of shards the dataset is split into; 1 reads it all.
   */
  g_object_class_install_property (gobject_class, PROP_SHARD_COUNT,
      g_param_spec_uint ("shard-count", "Shard count",
          "Number of shards the dataset is split into (1 = no sharding)", 1,
          G_MAXINT, DEFAULT_SHARD_COUNT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:prefetch:
   *
   * Files read ahead of the one being pushed, each on its own reader
   * thread, so up to this many reads run at once. 0 reads each file on the
   * streaming thread when it is needed, as multifilesrc does.
   */
  g_object_class_install_property (gobject_class, PROP_PREFETCH,
      g_param_spec_uint ("prefetch", "Prefetch",
          "Files read ahead on reader threads, 0-256 (0 = read on the "
          "streaming thread, no read-ahead)", 0, MAX_PREFETCH,
          DEFAULT_PREFETCH, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:max-prefetch-bytes:
   *
   * Bytes the files read ahead may hold together. One file is always read
   * ahead, however big. 0 means no limit besides #GstDatasetSrc:prefetch.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_PREFETCH_BYTES,
      g_param_spec_uint64 ("max-prefetch-bytes", "Max prefetch bytes",
          "Bytes the files read ahead may hold together; one file is always "
          "read (0 = no limit)", 0, G_MAXUINT64, DEFAULT_MAX_PREFETCH_BYTES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstDatasetSrc:max-file-bytes:
   *
   * The most bytes one file may hold: a bigger image (or one that grows
   * past it while it is read) is handled as #GstDatasetSrc:on-error says,
   * before any memory is allocated for it, and a bigger list file fails
   * READY→PAUSED. 0 means no limit: a file too big for the memory there is
   * still fails, naming the file, instead of aborting the process.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_FILE_BYTES,
      g_param_spec_uint64 ("max-file-bytes", "Max file bytes",
          "The most bytes one image or list file may hold; a bigger image "
          "goes through on-error (0 = no limit)", 0, G_MAXUINT64,
          DEFAULT_MAX_FILE_BYTES, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
          | GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:num-items:
   *
   * Read only the first N items of the shard; with #GstDatasetSrc:loop,
   * each pass reads those N. 0 reads every item. (The num-buffers property
   * of #GstBaseSrc instead counts buffers over all passes.)
   */
  g_object_class_install_property (gobject_class, PROP_NUM_ITEMS,
      g_param_spec_uint64 ("num-items", "Number of items",
          "Read only the first N items of the shard, per pass (0 = all)", 0,
          G_MAXUINT64, DEFAULT_NUM_ITEMS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:loop:
   *
   * Start again from the first item after the last one, for ever (stop
   * with num-buffers, or by stopping the pipeline). Progress counters
   * restart with each pass.
   */
  g_object_class_install_property (gobject_class, PROP_LOOP,
      g_param_spec_boolean ("loop", "Loop",
          "Start again from the first item after the last one",
          DEFAULT_LOOP, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:framerate:
   *
   * Timestamp buffers as frames at this rate: the k-th buffer made (over
   * all passes, skipped items not counted) gets PTS k / framerate and a
   * duration of one frame; the rate also goes into the caps. 0/1 leaves
   * buffers without timestamps, so they flow as fast as downstream takes
   * them.
   */
  g_object_class_install_property (gobject_class, PROP_FRAMERATE,
      gst_param_spec_fraction ("framerate", "Framerate",
          "Timestamp the k-th buffer at k / framerate (0/1 = no timestamps)",
          0, 1, G_MAXINT, 1, 0, 1,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstDatasetSrc:progress-interval:
   *
   * Least time between two "dataset-src-progress" messages, in
   * milliseconds. One is also posted when the dataset is listed and one
   * when each pass ends. 0 posts one after every item.
   */
  g_object_class_install_property (gobject_class, PROP_PROGRESS_INTERVAL,
      g_param_spec_uint ("progress-interval", "Progress interval",
          "Least milliseconds between progress messages; one comes at the "
          "start and the end anyway (0 = after every item)", 0, G_MAXUINT,
          DEFAULT_PROGRESS_INTERVAL, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstDatasetSrc:on-error:
   *
   * What to do with a file that cannot be read (vanished, unreadable, over
   * #GstDatasetSrc:max-file-bytes) or is not a JPEG or PNG, and with a
   * sub-folder that cannot be listed: fail posts an error naming it; skip
   * posts a warning naming it, counts it in #GstDatasetSrc:skipped and goes
   * on.
   *
   * GstDatasetSrc:skipped:
   *
   * Items dropped under on-error=skip since the element left READY, over
   * all passes.
   */
  gst_im_reporter_install_properties (gobject_class, PROP_ON_ERROR,
      PROP_SKIPPED);

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_dataset_src_change_state);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Image dataset source", "Source/File/Image",
      "Reads a folder, glob or list of JPEG/PNG files in sorted order, one "
      "shard of several, with concurrent read-ahead", "imagemill developers");

  basesrc_class->unlock = GST_DEBUG_FUNCPTR (gst_dataset_src_unlock);
  basesrc_class->unlock_stop = GST_DEBUG_FUNCPTR (gst_dataset_src_unlock_stop);
  basesrc_class->negotiate = GST_DEBUG_FUNCPTR (gst_dataset_src_negotiate);
  basesrc_class->is_seekable = GST_DEBUG_FUNCPTR (gst_dataset_src_is_seekable);
  pushsrc_class->create = GST_DEBUG_FUNCPTR (gst_dataset_src_create);
}

static void
gst_dataset_src_init (GstDatasetSrc * self)
{
  self->location = g_strdup (DEFAULT_LOCATION);
  self->recursive = DEFAULT_RECURSIVE;
  self->extensions = g_strdup (DEFAULT_EXTENSIONS);
  self->sort = DEFAULT_SORT;
  self->shard_index = DEFAULT_SHARD_INDEX;
  self->shard_count = DEFAULT_SHARD_COUNT;
  self->prefetch = DEFAULT_PREFETCH;
  self->max_prefetch_bytes = DEFAULT_MAX_PREFETCH_BYTES;
  self->max_file_bytes = DEFAULT_MAX_FILE_BYTES;
  self->num_items = DEFAULT_NUM_ITEMS;
  self->loop = DEFAULT_LOOP;
  self->fps_n = 0;
  self->fps_d = 1;
  self->reporter = gst_im_reporter_new (GST_ELEMENT (self));
  self->progress_interval = DEFAULT_PROGRESS_INTERVAL;
  g_mutex_init (&self->lock);
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
}

static void
gst_dataset_src_finalize (GObject * object)
{
  GstDatasetSrc *self = GST_DATASET_SRC (object);

  g_free (self->location);
  g_free (self->extensions);
  gst_im_reporter_free (self->reporter);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_dataset_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstDatasetSrc *self = GST_DATASET_SRC (object);

  if (gst_im_reporter_set_property (self->reporter, pspec, value))
    return;
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_RECURSIVE:
      self->recursive = g_value_get_boolean (value);
      break;
    case PROP_EXTENSIONS:
      g_free (self->extensions);
      self->extensions = g_value_dup_string (value);
      break;
    case PROP_SORT:
      self->sort = g_value_get_boolean (value);
      break;
    case PROP_SHARD_INDEX:
      self->shard_index = g_value_get_uint (value);
      break;
    case PROP_SHARD_COUNT:
      self->shard_count = g_value_get_uint (value);
      break;
    case PROP_PREFETCH:
      self->prefetch = g_value_get_uint (value);
      break;
    case PROP_MAX_PREFETCH_BYTES:
      self->max_prefetch_bytes = g_value_get_uint64 (value);
      break;
    case PROP_MAX_FILE_BYTES:
      self->max_file_bytes = g_value_get_uint64 (value);
      break;
    case PROP_NUM_ITEMS:
      self->num_items = g_value_get_uint64 (value);
      break;
    case PROP_LOOP:
      self->loop = g_value_get_boolean (value);
      break;
    case PROP_FRAMERATE:
      self->fps_n = gst_value_get_fraction_numerator (value);
      self->fps_d = gst_value_get_fraction_denominator (value);
      break;
    case PROP_PROGRESS_INTERVAL:
      self->progress_interval = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_dataset_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstDatasetSrc *self = GST_DATASET_SRC (object);

  if (gst_im_reporter_get_property (self->reporter, pspec, value))
    return;
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_RECURSIVE:
      g_value_set_boolean (value, self->recursive);
      break;
    case PROP_EXTENSIONS:
      g_value_set_string (value, self->extensions);
      break;
    case PROP_SORT:
      g_value_set_boolean (value, self->sort);
      break;
    case PROP_SHARD_INDEX:
      g_value_set_uint (value, self->shard_index);
      break;
    case PROP_SHARD_COUNT:
      g_value_set_uint (value, self->shard_count);
      break;
    case PROP_PREFETCH:
      g_value_set_uint (value, self->prefetch);
      break;
    case PROP_MAX_PREFETCH_BYTES:
      g_value_set_uint64 (value, self->max_prefetch_bytes);
      break;
    case PROP_MAX_FILE_BYTES:
      g_value_set_uint64 (value, self->max_file_bytes);
      break;
    case PROP_NUM_ITEMS:
      g_value_set_uint64 (value, self->num_items);
      break;
    case PROP_LOOP:
      g_value_set_boolean (value, self->loop);
      break;
    case PROP_FRAMERATE:
      gst_value_set_fraction (value, self->fps_n, self->fps_d);
      break;
    case PROP_PROGRESS_INTERVAL:
      g_value_set_uint (value, self->progress_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ---- state ---- */

/* Checks the settings, lists the dataset, cuts the shard and starts the
 * read-ahead; every failure posts an error saying what is wrong. */
static gboolean
open_dataset (GstDatasetSrc * self)
{
  GstImDatasetFlags flags = GST_IM_DATASET_NONE;
  const GPtrArray *folder_errors;
  GstImFileQueue *queue;
  gchar *location, *extensions;
  guint shard_index, shard_count, prefetch, n_listed, i;
  guint64 num_items, max_file_bytes;
  GError *err = NULL;

  GST_OBJECT_LOCK (self);
  location = g_strdup (self->location);
  extensions = g_strdup (self->extensions);
  if (self->recursive)
    flags |= GST_IM_DATASET_RECURSIVE;
  if (!self->sort)
    flags |= GST_IM_DATASET_KEEP_LIST_ORDER;
  if (gst_im_reporter_get_on_error (self->reporter) == GST_IM_ON_ERROR_SKIP)
    flags |= GST_IM_DATASET_SKIP_BAD_FOLDERS;
  shard_index = self->shard_index;
  shard_count = self->shard_count;
  prefetch = self->prefetch;
  num_items = self->num_items;
  max_file_bytes = self->max_file_bytes;
  self->loop_now = self->loop;
  self->fps_n_now = self->fps_n;
  self->fps_d_now = self->fps_d;
  GST_OBJECT_UNLOCK (self);
  gst_im_reporter_reset (self->reporter);

  if (location == NULL || location[0] == '\0')
    goto no_location;
  if (shard_index >= shard_count)
    goto bad_shard;

  self->dataset = gst_im_dataset_list (location, extensions, flags,
      max_file_bytes, &err);
  if (self->dataset == NULL)
    goto list_failed;
  folder_errors = gst_im_dataset_get_folder_errors (self->dataset);
  for (i = 0; i < folder_errors->len; i++)
    GST_ELEMENT_WARNING (self, RESOURCE, OPEN_READ,
        ("Skipped a folder of the dataset: %s",
            ((GError *) g_ptr_array_index (folder_errors, i))->message),
        ("on-error=skip"));
  n_listed = gst_im_dataset_get_n_items (self->dataset);
  if (n_listed == 0)
    goto empty;

  /* this shard, with its indices in the whole dataset */
  gst_im_dataset_shard (self->dataset, shard_index, shard_count, num_items);
  self->n_items = gst_im_dataset_get_n_items (self->dataset);
  self->total_bytes = 0;
  for (i = 0; i < self->n_items; i++)
    self->total_bytes += gst_im_dataset_get_item (self->dataset, i)->size;
  GST_INFO_OBJECT (self, "%s: %u items, shard %u/%u has %u (%" G_GUINT64_FORMAT
      " bytes)", location, n_listed, shard_index, shard_count,
      self->n_items, self->total_bytes);
  /* not an error: an array job may have more shards than items */
  if (self->n_items == 0)
    GST_ELEMENT_WARNING (self, RESOURCE, NOT_FOUND,
        ("Shard %u of %u of dataset \"%s\" holds no items (the dataset has "
            "%u): nothing to read", shard_index, shard_count, location,
            n_listed), ("shard-index=%u shard-count=%u", shard_index,
            shard_count));

  self->next = 0;
  if (!(queue = gst_im_file_queue_new (prefetch, gst_dataset_src_next_item,
              self, &err)))
    goto no_threads;
  gst_im_file_queue_set_max_file_bytes (queue, max_file_bytes);
  g_mutex_lock (&self->lock);
  self->queue = queue;
  g_mutex_unlock (&self->lock);
  self->codec = GST_IM_CODEC_UNKNOWN;
  self->n_out = self->pass = 0;
  self->done_items = self->done_bytes = 0;
  self->pass_skipped = self->pass_pushed = 0;
  gst_dataset_src_post_progress (self);

  g_free (extensions);
  g_free (location);
  return TRUE;

  /* ERRORS */
no_location:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("No dataset location given"),
        ("set location to a folder, a glob or a list file"));
    goto failed;
  }
bad_shard:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("shard-index %u is out of range for shard-count %u", shard_index,
            shard_count), ("shard-index must be below shard-count"));
    goto failed;
  }
list_failed:
  {
    gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR,
        err->domain, err->code, g_strdup_printf ("Could not list dataset "
            "\"%s\": %s", location, err->message), NULL, __FILE__,
        GST_FUNCTION, __LINE__);
    g_clear_error (&err);
    goto failed;
  }
empty:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("No images in dataset \"%s\"", location),
        ("extensions=\"%s\", recursive=%d", extensions ? extensions : "",
            (flags & GST_IM_DATASET_RECURSIVE) != 0));
    goto failed;
  }
no_threads:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, FAILED,
        ("Could not start %u reader threads: %s", prefetch, err->message),
        (NULL));
    g_clear_error (&err);
    goto failed;
  }
failed:
  {
    g_clear_pointer (&self->dataset, gst_im_dataset_free);
    g_free (extensions);
    g_free (location);
    return FALSE;
  }
}

/* Once the streaming thread has stopped. */
static void
close_dataset (GstDatasetSrc * self)
{
  GstImFileQueue *queue;

  g_mutex_lock (&self->lock);
  queue = g_steal_pointer (&self->queue);
  g_mutex_unlock (&self->lock);
  /* waits for the reads running: they use the dataset */
  gst_im_file_queue_free (queue);
  g_clear_pointer (&self->dataset, gst_im_dataset_free);
  self->n_items = 0;
}

/* The dataset is opened before GstBaseSrc starts, not in its start():
 * GstBaseSrc follows a failed start() with an error of its own ("failed to
 * post a proper error message"), after the one that says what is wrong. */
static GstStateChangeReturn
gst_dataset_src_change_state (GstElement * element, GstStateChange transition)
{
  GstDatasetSrc *self = GST_DATASET_SRC (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED && !open_dataset (self))
    return GST_STATE_CHANGE_FAILURE;

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  /* PAUSED→READY has stopped the streaming thread */
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY ||
      (transition == GST_STATE_CHANGE_READY_TO_PAUSED &&
          ret == GST_STATE_CHANGE_FAILURE))
    close_dataset (self);
  return ret;
}

/* unlock() and unlock_stop(): a waiting create() returns FLUSHING */
static gboolean
set_flushing (GstDatasetSrc * self, gboolean flushing)
{
  g_mutex_lock (&self->lock);
  if (self->queue)
    gst_im_file_queue_set_flushing (self->queue, flushing);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
gst_dataset_src_unlock (GstBaseSrc * src)
{
  return set_flushing (GST_DATASET_SRC (src), TRUE);
}

static gboolean
gst_dataset_src_unlock_stop (GstBaseSrc * src)
{
  return set_flushing (GST_DATASET_SRC (src), FALSE);
}

/* Caps are set per buffer, from its bytes. */
static gboolean
gst_dataset_src_negotiate (GstBaseSrc * src)
{
  return TRUE;
}

static gboolean
gst_dataset_src_is_seekable (GstBaseSrc * src)
{
  return FALSE;
}

