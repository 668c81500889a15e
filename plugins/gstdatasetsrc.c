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
 * single image. Hidden entries (names starting with a dot) are not listed.
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
 * file that cannot be read or is not a JPEG or PNG is handled as
 * #GstDatasetSrc:on-error says. "dataset-src-progress" element messages
 * (done-items, total-items, done-bytes, total-bytes, skipped, pass) come
 * every #GstDatasetSrc:progress-interval milliseconds and at the end of each
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

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gst/base/gstqueuearray.h>

#include "gstdatasetsrc.h"

GST_DEBUG_CATEGORY_STATIC (gst_dataset_src_debug);
#define GST_CAT_DEFAULT gst_dataset_src_debug

#define DEFAULT_LOCATION NULL
#define DEFAULT_RECURSIVE TRUE
#define DEFAULT_EXTENSIONS "jpg,jpeg,png"
#define DEFAULT_SORT TRUE
#define DEFAULT_SHARD_INDEX 0
#define DEFAULT_SHARD_COUNT 1
#define DEFAULT_PREFETCH 4
#define DEFAULT_MAX_PREFETCH_BYTES (64 * 1024 * 1024)
#define DEFAULT_NUM_ITEMS 0
#define DEFAULT_LOOP FALSE
#define DEFAULT_ON_ERROR GST_IM_ON_ERROR_FAIL
#define DEFAULT_PROGRESS_INTERVAL 500
#define MAX_PREFETCH 256
#define BLOCK_ALIGN (64 * 1024)
#define MAX_CACHED_BLOCK (32 * 1024 * 1024)

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

/* One dataset item. */
typedef struct
{
  gchar *path;                  /* relative to the root, or absolute */
  guint64 index;                /* in the whole sorted dataset */
  guint64 size;                 /* bytes when listed, 0 if unknown */
} Item;

/* Recycled read memory, shared by the element and the buffers it made. */
typedef struct
{
  gint refcount;                /* atomic: the element, each block out */
  GMutex lock;
  GSList *free;                 /* Block */
  guint n_free;
  guint max_free;               /* 0 once closed: returns are freed */
} BlockCache;

typedef struct
{
  BlockCache *cache;
  gsize capacity;
  guint8 *data;
} Block;

/* One read, queued or done; the FIFO of slots is in dataset order. */
typedef struct
{
  GstDatasetSrc *self;
  const Item *item;
  guint64 pass;
  guint64 charged;              /* counted in bytes_ahead */
  GstBuffer *buffer;            /* the file's bytes, once read */
  GstImCodec codec;
  GError *error;
  gboolean done;                /* under self->lock */
} Slot;

struct _GstDatasetSrc
{
  GstPushSrc parent;

  /* properties: GST_OBJECT_LOCK */
  gchar *location;
  gboolean recursive;
  gchar *extensions;
  gboolean sort;
  guint shard_index;
  guint shard_count;
  guint prefetch;
  guint64 max_prefetch_bytes;
  guint64 num_items;
  gboolean loop;
  gint fps_n, fps_d;
  GstImOnError on_error;
  guint progress_interval;
  guint64 skipped;

  /* the dataset, from start() to stop(); read-only in between */
  gchar *root;
  GArray *items;                /* Item: this shard's, in order */
  guint64 total_bytes;

  /* read-ahead, under lock */
  GMutex lock;
  GCond cond;
  GstImWorkerPool *pool;
  BlockCache *blocks;
  GstQueueArray *slots;         /* Slot * */
  guint64 bytes_ahead;
  guint next;                   /* next item to queue */
  guint64 next_pass;
  gboolean flushing;
  gint cancelled;               /* atomic: stop() is waiting for readers */

  /* streaming state, copied at start() */
  guint prefetch_now;
  gboolean loop_now;
  gint fps_n_now, fps_d_now;
  GstImCodec codec;             /* of the caps last sent */
  guint64 n_out;                /* buffers made, for timestamps */
  guint64 pass;
  guint64 done_items, done_bytes, pass_skipped, pass_pushed;
  gint64 last_progress;         /* g_get_monotonic_time() */
};

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
static gboolean gst_dataset_src_start (GstBaseSrc * src);
static gboolean gst_dataset_src_stop (GstBaseSrc * src);
static gboolean gst_dataset_src_unlock (GstBaseSrc * src);
static gboolean gst_dataset_src_unlock_stop (GstBaseSrc * src);
static gboolean gst_dataset_src_negotiate (GstBaseSrc * src);
static gboolean gst_dataset_src_is_seekable (GstBaseSrc * src);
static GstFlowReturn gst_dataset_src_create (GstPushSrc * src,
    GstBuffer ** buf);

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
   * GstDatasetSrc:on-error:
   *
   * What to do with a file that cannot be read (vanished, unreadable) or
   * is not a JPEG or PNG, and with a sub-folder that cannot be listed: fail
   * posts an error naming it; skip posts a warning naming it, counts it in
   * #GstDatasetSrc:skipped and goes on.
   */
  g_object_class_install_property (gobject_class, PROP_ON_ERROR,
      g_param_spec_enum ("on-error", "On error",
          "What to do with a file that cannot be read or is not an image",
          GST_IM_TYPE_ON_ERROR, DEFAULT_ON_ERROR,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

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
   * GstDatasetSrc:skipped:
   *
   * Items dropped under on-error=skip since the element left READY, over
   * all passes.
   */
  g_object_class_install_property (gobject_class, PROP_SKIPPED,
      g_param_spec_uint64 ("skipped", "Skipped",
          "Items dropped under on-error=skip, over all passes", 0,
          G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Image dataset source", "Source/File/Image",
      "Reads a folder, glob or list of JPEG/PNG files in sorted order, one "
      "shard of several, with concurrent read-ahead", "imagemill developers");

  basesrc_class->start = GST_DEBUG_FUNCPTR (gst_dataset_src_start);
  basesrc_class->stop = GST_DEBUG_FUNCPTR (gst_dataset_src_stop);
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
  self->num_items = DEFAULT_NUM_ITEMS;
  self->loop = DEFAULT_LOOP;
  self->fps_n = 0;
  self->fps_d = 1;
  self->on_error = DEFAULT_ON_ERROR;
  self->progress_interval = DEFAULT_PROGRESS_INTERVAL;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
}

static void
gst_dataset_src_finalize (GObject * object)
{
  GstDatasetSrc *self = GST_DATASET_SRC (object);

  g_free (self->location);
  g_free (self->extensions);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_dataset_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstDatasetSrc *self = GST_DATASET_SRC (object);

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
    case PROP_ON_ERROR:
      self->on_error = g_value_get_enum (value);
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
    case PROP_NUM_ITEMS:
      g_value_set_uint64 (value, self->num_items);
      break;
    case PROP_LOOP:
      g_value_set_boolean (value, self->loop);
      break;
    case PROP_FRAMERATE:
      gst_value_set_fraction (value, self->fps_n, self->fps_d);
      break;
    case PROP_ON_ERROR:
      g_value_set_enum (value, self->on_error);
      break;
    case PROP_PROGRESS_INTERVAL:
      g_value_set_uint (value, self->progress_interval);
      break;
    case PROP_SKIPPED:
      g_value_set_uint64 (value, self->skipped);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ---- listing ---- */

static void
item_clear (Item * item)
{
  g_free (item->path);
}

static gint
item_compare (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Item *) a)->path, ((const Item *) b)->path);
}

static void
add_item (GArray * items, gchar * path, guint64 size)
{
  Item item = { path, 0, size };

  g_array_append_val (items, item);
}

static gboolean
take_error (GstDatasetSrc * self, GstImOnError on_error, GError ** error,
    GError * err)
{
  if (on_error == GST_IM_ON_ERROR_FAIL) {
    g_propagate_error (error, err);
    return FALSE;
  }
  GST_ELEMENT_WARNING (self, RESOURCE, OPEN_READ,
      ("Skipped a folder of the dataset: %s", err->message),
      ("on-error=skip"));
  g_error_free (err);
  return TRUE;
}

/* A folder walk, for folder and glob locations. */
typedef struct
{
  GstDatasetSrc *self;
  gchar *root;
  gchar **extensions;           /* folder: kept extensions; NULL = all */
  gchar **glob;                 /* glob: one pattern per path component */
  gchar *glob_path;             /* glob: the components joined */
  guint max_depth;              /* 1: the root's own entries only */
  GstImOnError on_error;
  GHashTable *seen;             /* "dev:ino" of folders walked */
  GArray *items;
} Walk;

static gboolean
walk_keeps (Walk * w, const gchar * rel, const gchar * name, guint depth)
{
  const gchar *ext;
  guint i;

  if (w->glob)
    return depth + 1 == w->max_depth &&
        fnmatch (w->glob_path, rel, FNM_PATHNAME | FNM_PERIOD) == 0;
  if (w->extensions == NULL)
    return TRUE;
  ext = strrchr (name, '.');
  if (ext == NULL)
    return FALSE;
  for (i = 0; w->extensions[i]; i++)
    if (g_ascii_strcasecmp (ext + 1, w->extensions[i]) == 0)
      return TRUE;
  return FALSE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar **) a, *(const gchar **) b);
}

/* Entries are visited in sorted order, so that of two links to one folder
 * the bytewise first always wins. */
static gboolean
walk_dir (Walk * w, const gchar * rel, guint depth, GError ** error)
{
  gchar *path = rel ? g_build_filename (w->root, rel, NULL) :
      g_strdup (w->root);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GError *err = NULL;
  const gchar *name;
  gboolean ok = TRUE;
  GDir *dir;
  guint i;

  dir = g_dir_open (path, 0, &err);
  if (dir == NULL) {
    g_free (path);
    g_ptr_array_unref (names);
    return depth == 0 ? (g_propagate_error (error, err), FALSE) :
        take_error (w->self, w->on_error, error, err);
  }
  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.')         /* hidden: .git, macOS "._x.jpg" forks */
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);

  for (i = 0; ok && i < names->len; i++) {
    gchar *child, *child_rel, *key;
    GStatBuf st;
    gboolean have_stat;

    name = g_ptr_array_index (names, i);
    child = g_build_filename (path, name, NULL);
    child_rel = rel ? g_build_filename (rel, name, NULL) : g_strdup (name);
    have_stat = g_stat (child, &st) == 0;
    if (have_stat && S_ISDIR (st.st_mode)) {
      key = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
          (guint64) st.st_dev, (guint64) st.st_ino);
      if (depth + 1 < w->max_depth && (w->glob == NULL ||
              fnmatch (w->glob[depth], name, FNM_PERIOD) == 0) &&
          g_hash_table_add (w->seen, g_steal_pointer (&key)))
        ok = walk_dir (w, child_rel, depth + 1, error);
      g_free (key);
    } else if (have_stat && !S_ISREG (st.st_mode)) {
      /* a FIFO or device would block or never end */
      GST_WARNING_OBJECT (w->self, "not a regular file, not listed: %s",
          child);
    } else if (walk_keeps (w, child_rel, name, depth)) {
      /* a dangling link stays in: reading it reports it */
      add_item (w->items, g_steal_pointer (&child_rel),
          have_stat ? (guint64) st.st_size : 0);
    }
    g_free (child_rel);
    g_free (child);
  }
  g_ptr_array_unref (names);
  g_free (path);
  return ok;
}

static gboolean
walk (GstDatasetSrc * self, Walk * w, GError ** error)
{
  GStatBuf st;
  gboolean ok;

  w->self = self;
  w->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_stat (w->root, &st) == 0)
    g_hash_table_add (w->seen, g_strdup_printf ("%" G_GUINT64_FORMAT ":%"
            G_GUINT64_FORMAT, (guint64) st.st_dev, (guint64) st.st_ino));
  ok = walk_dir (w, NULL, 0, error);
  g_hash_table_unref (w->seen);
  return ok;
}

/* Splits a glob into the folder before its first wildcard and the rest. */
static gboolean
list_glob (GstDatasetSrc * self, const gchar * location, Walk * w,
    GError ** error)
{
  gchar **parts = g_strsplit (location, "/", -1);
  GPtrArray *root = g_ptr_array_new (), *glob = g_ptr_array_new ();
  gboolean ok;
  guint i;

  for (i = 0; parts[i]; i++) {
    if (parts[i][0] == '\0' && i > 0)
      continue;                 /* "a//b" */
    if (glob->len == 0 && strpbrk (parts[i], "*?[") == NULL)
      g_ptr_array_add (root, parts[i]);
    else
      g_ptr_array_add (glob, parts[i]);
  }
  g_ptr_array_add (root, NULL);
  g_ptr_array_add (glob, NULL);
  w->root = g_strjoinv ("/", (gchar **) root->pdata);
  if (w->root[0] == '\0') {
    g_free (w->root);
    w->root = g_strdup (location[0] == '/' ? "/" : ".");
  }
  w->glob = (gchar **) glob->pdata;
  w->glob_path = g_strjoinv ("/", w->glob);
  w->max_depth = glob->len - 1;
  ok = walk (self, w, error);
  g_free (w->glob_path);
  g_ptr_array_free (glob, TRUE);
  g_ptr_array_free (root, TRUE);
  g_strfreev (parts);
  w->glob = NULL;
  return ok;
}

static gboolean
list_file (const gchar * location, GArray * items, GError ** error)
{
  gchar *text, **lines;
  guint i;

  if (!g_file_get_contents (location, &text, NULL, error))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (i = 0; lines[i]; i++) {
    gchar *line = g_strstrip (lines[i]);

    if (line[0] != '\0' && line[0] != '#')
      add_item (items, g_strdup (line), 0);
  }
  g_strfreev (lines);
  g_free (text);
  return TRUE;
}

static gboolean
is_image_file (const gchar * path)
{
  guint8 head[8] = { 0 };
  gssize n = 0;
  FILE *f = g_fopen (path, "rb");

  if (f) {
    n = fread (head, 1, sizeof (head), f);
    fclose (f);
  }
  return gst_im_codec_sniff (head, n) != GST_IM_CODEC_UNKNOWN;
}

/* Lists @location into @w's items and sets its root. @is_list: a list
 * file, whose items are not sized yet and need sorting only if asked. */
static gboolean
list_dataset (GstDatasetSrc * self, const gchar * location, Walk * w,
    gboolean * is_list, GError ** error)
{
  *is_list = FALSE;
  if (g_file_test (location, G_FILE_TEST_IS_DIR)) {
    w->root = g_strdup (location);
    return walk (self, w, error);
  }
  if (g_file_test (location, G_FILE_TEST_EXISTS)) {
    w->root = g_path_get_dirname (location);
    *is_list = TRUE;
    if (!is_image_file (location))
      return list_file (location, w->items, error);
    add_item (w->items, g_path_get_basename (location), 0);
    return TRUE;
  }
  if (strpbrk (location, "*?["))
    return list_glob (self, location, w, error);
  g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
      "no such file or folder");
  return FALSE;
}

static gchar *
item_full_path (GstDatasetSrc * self, const Item * item)
{
  if (g_path_is_absolute (item->path))
    return g_strdup (item->path);
  return g_build_filename (self->root, item->path, NULL);
}

/* ---- reading ---- */

/* Read memory is recycled. Fresh blocks from malloc fault their pages in at
 * every read (glibc maps big blocks and trims thread arenas), which costs
 * as much as the copy from the page cache; a block back from downstream
 * keeps its pages. */
static BlockCache *
block_cache_new (guint max_free)
{
  BlockCache *cache = g_new0 (BlockCache, 1);

  cache->refcount = 1;
  cache->max_free = max_free;
  g_mutex_init (&cache->lock);
  return cache;
}

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->data);
  g_free (block);
}

static void
block_cache_unref (BlockCache * cache)
{
  if (!g_atomic_int_dec_and_test (&cache->refcount))
    return;
  g_slist_free_full (cache->free, block_free);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

/* Frees the cached blocks; blocks still downstream are freed on return. */
static void
block_cache_close (BlockCache * cache)
{
  GSList *free;

  g_mutex_lock (&cache->lock);
  free = cache->free;
  cache->free = NULL;
  cache->n_free = cache->max_free = 0;
  g_mutex_unlock (&cache->lock);
  g_slist_free_full (free, block_free);
  block_cache_unref (cache);
}

/* A block of at least @size bytes: a cached one that fits, else a cached
 * one grown, else a new one. */
static Block *
block_get (BlockCache * cache, gsize size)
{
  Block *block = NULL;
  GSList *l;

  g_mutex_lock (&cache->lock);
  for (l = cache->free; l && !block; l = l->next)
    if (((Block *) l->data)->capacity >= size)
      block = l->data;
  if (!block && cache->free)
    block = cache->free->data;
  if (block) {
    cache->free = g_slist_remove (cache->free, block);
    cache->n_free--;
  }
  g_mutex_unlock (&cache->lock);

  if (!block)
    block = g_new0 (Block, 1);
  if (block->capacity < size) {
    block->capacity = GST_ROUND_UP_N (MAX (size, 1), BLOCK_ALIGN);
    g_free (block->data);
    block->data = g_malloc (block->capacity);
  }
  g_atomic_int_inc (&cache->refcount);
  block->cache = cache;
  return block;
}

static void
block_release (gpointer data)
{
  Block *block = data;
  BlockCache *cache = block->cache;

  g_mutex_lock (&cache->lock);
  if (cache->n_free < cache->max_free && block->capacity <= MAX_CACHED_BLOCK) {
    cache->free = g_slist_prepend (cache->free, block);
    cache->n_free++;
    block = NULL;
  }
  g_mutex_unlock (&cache->lock);
  if (block)
    block_free (block);
  block_cache_unref (cache);
}

/* Reads a whole regular file into a block. O_NONBLOCK: opening a FIFO
 * must not wait for a writer. */
static Block *
read_file (BlockCache * cache, const gchar * path, gsize * len,
    GError ** error)
{
  Block *block = NULL;
  GStatBuf st;
  gssize n;
  gint fd, errsv;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    goto failed;
  if (fstat (fd, &st) < 0)
    goto failed;
  if (!S_ISREG (st.st_mode)) {
    close (fd);
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
        "“%s” is not a regular file", path);
    return NULL;
  }
  /* one byte more than the size, to see that the file did not grow */
  block = block_get (cache, st.st_size + 1);
  *len = 0;
  while ((n = read (fd, block->data + *len, block->capacity - *len)) != 0) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      goto failed;
    *len += n;
    if (*len == block->capacity) {
      block->capacity *= 2;
      block->data = g_realloc (block->data, block->capacity);
    }
  }
  close (fd);
  return block;

failed:
  {
    errsv = errno;
    if (fd >= 0)
      close (fd);
    if (block)
      block_release (block);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
        "“%s”: %s", path, g_strerror (errsv));
    return NULL;
  }
}

static GstBuffer *
read_item (GstDatasetSrc * self, const Item * item, GstImCodec * codec,
    GError ** error)
{
  gchar *path = item_full_path (self, item);
  gsize len = 0;
  Block *block = read_file (self->blocks, path, &len, error);

  if (block == NULL)
    goto done;
  *codec = gst_im_codec_sniff (block->data, len);
  if (*codec == GST_IM_CODEC_UNKNOWN) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE,
        "not a JPEG or PNG file (%" G_GSIZE_FORMAT " bytes, no JPEG or PNG "
        "signature)", len);
    block_release (block);
    goto done;
  }
  GST_LOG_OBJECT (self, "read %s, %" G_GSIZE_FORMAT " bytes", path, len);
  g_free (path);
  return gst_buffer_new_wrapped_full (0, block->data, block->capacity, 0, len,
      block, block_release);

done:
  g_free (path);
  return NULL;
}

/* Reader thread: reads one slot, unless stop() is waiting. */
static void
read_slot (gpointer data)
{
  Slot *slot = data;
  GstDatasetSrc *self = slot->self;
  GstBuffer *buffer = NULL;
  GError *err = NULL;
  GstImCodec codec = GST_IM_CODEC_UNKNOWN;

  if (!g_atomic_int_get (&self->cancelled))
    buffer = read_item (self, slot->item, &codec, &err);

  g_mutex_lock (&self->lock);
  slot->buffer = buffer;
  slot->codec = codec;
  slot->error = err;
  if (buffer) {
    /* charge what was read, not what was listed */
    self->bytes_ahead -= slot->charged;
    slot->charged = gst_buffer_get_size (buffer);
    self->bytes_ahead += slot->charged;
  }
  slot->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
slot_free (Slot * slot)
{
  gst_clear_buffer (&slot->buffer);
  g_clear_error (&slot->error);
  g_free (slot);
}

static Slot *
slot_new_locked (GstDatasetSrc * self)
{
  Slot *slot = g_new0 (Slot, 1);

  if (self->next == self->items->len) {
    self->next = 0;
    self->next_pass++;
  }
  slot->self = self;
  slot->item = &g_array_index (self->items, Item, self->next);
  slot->pass = self->next_pass;
  self->next++;
  return slot;
}

static gboolean
have_next_locked (GstDatasetSrc * self)
{
  return self->next < self->items->len || (self->loop_now &&
      self->items->len > 0);
}

/* Queues reads until prefetch files or max-prefetch-bytes are ahead. */
static void
fill_locked (GstDatasetSrc * self, guint64 max_bytes)
{
  while (gst_queue_array_get_length (self->slots) < self->prefetch_now &&
      have_next_locked (self)) {
    guint next = self->next == self->items->len ? 0 : self->next;
    guint64 size = g_array_index (self->items, Item, next).size;
    Slot *slot;

    if (max_bytes && !gst_queue_array_is_empty (self->slots) &&
        self->bytes_ahead + size > max_bytes)
      break;
    slot = slot_new_locked (self);
    slot->charged = size;
    self->bytes_ahead += size;
    gst_queue_array_push_tail (self->slots, slot);
    if (!gst_im_worker_pool_push (self->pool, read_slot, slot)) {
      g_set_error (&slot->error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
          "could not start a reader thread");
      slot->done = TRUE;
    }
  }
}

/* The next item in dataset order, read; NULL with @ret at the end or when
 * flushing. */
static Slot *
next_slot (GstDatasetSrc * self, GstFlowReturn * ret)
{
  guint64 max_bytes;
  Slot *slot;

  GST_OBJECT_LOCK (self);
  max_bytes = self->max_prefetch_bytes;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
  if (self->flushing)
    goto flushing;
  if (self->prefetch_now == 0) {
    if (!have_next_locked (self))
      goto eos;
    slot = slot_new_locked (self);
    g_mutex_unlock (&self->lock);
    slot->buffer = read_item (self, slot->item, &slot->codec, &slot->error);
    return slot;
  }

  fill_locked (self, max_bytes);
  if (gst_queue_array_is_empty (self->slots))
    goto eos;
  slot = gst_queue_array_peek_head (self->slots);
  while (!slot->done && !self->flushing)
    g_cond_wait (&self->cond, &self->lock);
  if (self->flushing)
    goto flushing;
  gst_queue_array_pop_head (self->slots);
  self->bytes_ahead -= slot->charged;
  fill_locked (self, max_bytes);
  g_mutex_unlock (&self->lock);
  return slot;

flushing:
  g_mutex_unlock (&self->lock);
  *ret = GST_FLOW_FLUSHING;
  return NULL;
eos:
  g_mutex_unlock (&self->lock);
  GST_DEBUG_OBJECT (self, "all %u items done", self->items->len);
  *ret = GST_FLOW_EOS;
  return NULL;
}

/* ---- state ---- */

static void
post_progress (GstDatasetSrc * self)
{
  GstStructure *s = gst_structure_new ("dataset-src-progress",
      "done-items", G_TYPE_UINT64, self->done_items,
      "total-items", G_TYPE_UINT64, (guint64) self->items->len,
      "done-bytes", G_TYPE_UINT64, self->done_bytes,
      "total-bytes", G_TYPE_UINT64, self->total_bytes,
      "skipped", G_TYPE_UINT64, self->pass_skipped,
      "pass", G_TYPE_UINT64, self->pass, NULL);

  GST_LOG_OBJECT (self, "progress %" GST_PTR_FORMAT, s);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
  self->last_progress = g_get_monotonic_time ();
}

static void
free_dataset (GstDatasetSrc * self)
{
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->root, g_free);
}

static gboolean
gst_dataset_src_start (GstBaseSrc * src)
{
  GstDatasetSrc *self = GST_DATASET_SRC (src);
  Walk w = { 0 };
  GArray *all = g_array_new (FALSE, FALSE, sizeof (Item));
  gchar *location, *extensions;
  gboolean sort, is_list;
  guint shard_index, shard_count, prefetch, i;
  guint64 num_items;
  GError *err = NULL;

  g_array_set_clear_func (all, (GDestroyNotify) item_clear);
  GST_OBJECT_LOCK (self);
  location = g_strdup (self->location);
  extensions = g_strdup (self->extensions);
  sort = self->sort;
  shard_index = self->shard_index;
  shard_count = self->shard_count;
  prefetch = self->prefetch;
  num_items = self->num_items;
  w.on_error = self->on_error;
  w.max_depth = self->recursive ? G_MAXUINT : 1;
  self->loop_now = self->loop;
  self->fps_n_now = self->fps_n;
  self->fps_d_now = self->fps_d;
  self->skipped = 0;
  GST_OBJECT_UNLOCK (self);

  if (location == NULL || location[0] == '\0')
    goto no_location;
  if (shard_index >= shard_count)
    goto bad_shard;

  if (extensions && extensions[0])
    w.extensions = g_strsplit (extensions, ",", -1);
  for (i = 0; w.extensions && w.extensions[i]; i++) {
    gchar *ext = g_strstrip (w.extensions[i]);

    if (ext[0] == '.')          /* ".jpg" */
      memmove (ext, ext + 1, strlen (ext));
  }
  w.items = all;
  if (!list_dataset (self, location, &w, &is_list, &err))
    goto list_failed;
  if (all->len == 0)
    goto empty;
  if (!is_list || sort)
    g_array_sort (all, item_compare);

  /* this shard, with its indices in the whole dataset */
  self->root = g_steal_pointer (&w.root);
  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_array_set_clear_func (self->items, (GDestroyNotify) item_clear);
  self->total_bytes = 0;
  for (i = shard_index; i < all->len; i += shard_count) {
    Item *item = &g_array_index (all, Item, i);

    if (num_items && self->items->len == num_items)
      break;
    item->index = i;
    if (is_list) {
      gchar *path = item_full_path (self, item);
      GStatBuf st;

      item->size = g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
      g_free (path);
    }
    self->total_bytes += item->size;
    g_array_append_val (self->items, *item);
    item->path = NULL;          /* moved */
  }
  GST_INFO_OBJECT (self, "%s: %u items, shard %u/%u has %u (%" G_GUINT64_FORMAT
      " bytes)", location, all->len, shard_index, shard_count,
      self->items->len, self->total_bytes);

  self->prefetch_now = prefetch;
  if (prefetch > 0 && !(self->pool = gst_im_worker_pool_new (prefetch, &err)))
    goto no_threads;
  self->slots = gst_queue_array_new (prefetch + 1);
  self->blocks = block_cache_new (prefetch + 4);
  self->bytes_ahead = 0;
  self->next = 0;
  self->next_pass = 0;
  self->flushing = FALSE;
  g_atomic_int_set (&self->cancelled, 0);
  self->codec = GST_IM_CODEC_UNKNOWN;
  self->n_out = self->pass = 0;
  self->done_items = self->done_bytes = 0;
  self->pass_skipped = self->pass_pushed = 0;
  post_progress (self);

  g_array_unref (all);
  g_strfreev (w.extensions);
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
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("Could not list dataset \"%s\": %s", location, err->message),
        (NULL));
    g_clear_error (&err);
    goto failed;
  }
empty:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("No images in dataset \"%s\"", location),
        ("extensions=\"%s\", recursive=%d", extensions ? extensions : "",
            w.max_depth > 1));
    goto failed;
  }
no_threads:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, FAILED,
        ("Could not start %u reader threads: %s", prefetch, err->message),
        (NULL));
    g_clear_error (&err);
    free_dataset (self);
    goto failed;
  }
failed:
  {
    g_array_unref (all);
    g_free (w.root);
    g_strfreev (w.extensions);
    g_free (extensions);
    g_free (location);
    return FALSE;
  }
}

static gboolean
gst_dataset_src_stop (GstBaseSrc * src)
{
  GstDatasetSrc *self = GST_DATASET_SRC (src);
  Slot *slot;

  /* reads still queued return at once; those running finish: the pool
   * joins them before anything they use is freed */
  g_atomic_int_set (&self->cancelled, 1);
  g_clear_pointer (&self->pool, gst_im_worker_pool_free);
  if (self->slots) {
    while ((slot = gst_queue_array_pop_head (self->slots)))
      slot_free (slot);
    g_clear_pointer (&self->slots, gst_queue_array_free);
  }
  g_clear_pointer (&self->blocks, block_cache_close);
  free_dataset (self);
  return TRUE;
}

static gboolean
gst_dataset_src_unlock (GstBaseSrc * src)
{
  GstDatasetSrc *self = GST_DATASET_SRC (src);

  g_mutex_lock (&self->lock);
  self->flushing = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
gst_dataset_src_unlock_stop (GstBaseSrc * src)
{
  GstDatasetSrc *self = GST_DATASET_SRC (src);

  g_mutex_lock (&self->lock);
  self->flushing = FALSE;
  g_mutex_unlock (&self->lock);
  return TRUE;
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

/* ---- streaming ---- */

/* Applies on-error to an item that could not be read. */
static GstFlowReturn
report_error (GstDatasetSrc * self, const Item * item, GError * err)
{
  GQuark domain = GST_RESOURCE_ERROR;
  gint code = GST_RESOURCE_ERROR_READ;
  gboolean skip;

  GST_OBJECT_LOCK (self);
  skip = self->on_error == GST_IM_ON_ERROR_SKIP;
  if (skip)
    self->skipped++;
  GST_OBJECT_UNLOCK (self);

  if (err->domain == GST_STREAM_ERROR || err->domain == GST_RESOURCE_ERROR) {
    domain = err->domain;
    code = err->code;
  } else if (g_error_matches (err, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
    code = GST_RESOURCE_ERROR_NOT_FOUND;
  }
  GST_WARNING_OBJECT (self, "item %" G_GUINT64_FORMAT " \"%s\": %s",
      item->index, item->path, err->message);
  gst_element_message_full (GST_ELEMENT (self), skip ? GST_MESSAGE_WARNING :
      GST_MESSAGE_ERROR, domain, code, g_strdup_printf ("%s \"%s\" (item %"
          G_GUINT64_FORMAT "): %s", skip ? "Skipped" : "Could not read",
          item->path, item->index, err->message),
      g_strdup_printf ("on-error=%s", skip ? "skip" : "fail"), __FILE__,
      GST_FUNCTION, __LINE__);
  if (!skip)
    return GST_FLOW_ERROR;
  self->pass_skipped++;
  return GST_FLOW_OK;
}

/* Caps, offsets, timestamps and the source meta for one read file. */
static GstFlowReturn
prepare_buffer (GstDatasetSrc * self, Slot * slot, GstBuffer ** outbuf)
{
  const Item *item = slot->item;
  GstBuffer *buf = g_steal_pointer (&slot->buffer);

  if (slot->codec != self->codec) {
    GstCaps *caps = gst_caps_new_simple (gst_im_codec_media_type (slot->codec),
        "parsed", G_TYPE_BOOLEAN, TRUE,
        "framerate", GST_TYPE_FRACTION, self->fps_n_now, self->fps_d_now,
        NULL);
    gboolean ok;

    GST_DEBUG_OBJECT (self, "caps %" GST_PTR_FORMAT " from \"%s\"", caps,
        item->path);
    ok = gst_base_src_set_caps (GST_BASE_SRC (self), caps);
    gst_caps_unref (caps);
    if (!ok)
      goto not_negotiated;
    self->codec = slot->codec;
  }

  GST_BUFFER_OFFSET (buf) = item->index;
  GST_BUFFER_OFFSET_END (buf) = item->index + 1;
  if (self->fps_n_now > 0) {
    GstClockTime pts = gst_util_uint64_scale (self->n_out,
        self->fps_d_now * GST_SECOND, self->fps_n_now);

    GST_BUFFER_PTS (buf) = pts;
    GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (self->n_out + 1,
        self->fps_d_now * GST_SECOND, self->fps_n_now) - pts;
  }
  gst_buffer_add_im_source_meta (buf, item->path, item->index, 0);
  self->n_out++;
  self->pass_pushed++;
  *outbuf = buf;
  return GST_FLOW_OK;

  /* ERRORS */
not_negotiated:
  {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Downstream does not accept %s, needed for \"%s\" (item %"
            G_GUINT64_FORMAT ")", gst_im_codec_media_type (slot->codec),
            item->path, item->index), (NULL));
    gst_buffer_unref (buf);
    return GST_FLOW_NOT_NEGOTIATED;
  }
}

/* Counts one item done; progress when due; the end of a pass. */
static GstFlowReturn
item_done (GstDatasetSrc * self, const Item * item)
{
  guint interval;

  GST_OBJECT_LOCK (self);
  interval = self->progress_interval;
  GST_OBJECT_UNLOCK (self);

  self->done_items++;
  self->done_bytes += item->size;
  if (self->done_items < self->items->len) {
    if (g_get_monotonic_time () - self->last_progress >=
        (gint64) interval * 1000)
      post_progress (self);
    return GST_FLOW_OK;
  }

  post_progress (self);
  if (self->loop_now && self->pass_pushed == 0)
    goto nothing_read;
  self->pass++;
  self->done_items = self->done_bytes = 0;
  self->pass_skipped = self->pass_pushed = 0;
  return GST_FLOW_OK;

  /* ERRORS */
nothing_read:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, READ,
        ("No item of dataset \"%s\" could be read, not looping over it",
            self->root), ("all %u items skipped", self->items->len));
    return GST_FLOW_ERROR;
  }
}

static GstFlowReturn
gst_dataset_src_create (GstPushSrc * src, GstBuffer ** outbuf)
{
  GstDatasetSrc *self = GST_DATASET_SRC (src);
  GstFlowReturn ret = GST_FLOW_OK;
  Slot *slot;

  *outbuf = NULL;
  while (*outbuf == NULL) {
    if (!(slot = next_slot (self, &ret)))
      return ret;
    if (slot->error)
      ret = report_error (self, slot->item, slot->error);
    else
      ret = prepare_buffer (self, slot, outbuf);
    if (ret == GST_FLOW_OK)
      ret = item_done (self, slot->item);
    slot_free (slot);
    if (ret != GST_FLOW_OK) {
      gst_clear_buffer (outbuf);
      return ret;
    }
  }
  return GST_FLOW_OK;
}
