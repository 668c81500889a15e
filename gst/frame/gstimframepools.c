/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Output frames for workers that learn each frame's size only from its
 * header, in parallel. One negotiated pool is not enough, and a video pool
 * per size recycles nothing on a dataset of mixed sizes (and can be evicted
 * by one worker while another acquires from it). So memory is recycled
 * under the frames instead: every frame is a fresh GstBuffer with its own
 * GstVideoMeta, over a GstMemory that goes back to an idle list when the
 * last buffer holding it is freed (as the va allocator's memory pool does).
 * Block sizes are rounded up to a class (steps of 1/8 of a power of two),
 * and an idle block at most a quarter larger than a request is reused, so
 * that images of similar sizes share memory (fresh pages are slow to fault
 * in).
 * Allocation fails only when the system has no memory left.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "frame/gstimframepools.h"
#include "gstimdebug-private.h"

GST_IM_DEBUG_CATEGORY ("im-frame-pools", "imagemill output frame memory");

/* idle blocks kept for reuse; more go back to the system, oldest first */
#define MAX_IDLE 16
/* caps kept for the most recent frame layouts */
#define MAX_CAPS 4
/* rows start 64-byte aligned, for SIMD stores */
#define BLOCK_ALIGN 63

/* Owned by GstImFramePools and by every block it gave out, so that a frame
 * freed downstream after the element is gone still finds it. */
typedef struct
{
  gint refcount;
  GMutex lock;
  GQueue idle;                  /* of GstMemory, most recently freed first */
  gboolean closed;              /* the element is gone: free what returns */
} Recycler;

/* What a block remembers: its recycler and its aligned start. */
typedef struct
{
  Recycler *recycler;
  gsize offset;
  gsize capacity;               /* bytes from offset to the end */
} Block;

typedef struct
{
  GstVideoInfo info;
  GstCaps *caps;
} CapsEntry;

struct _GstImFramePools
{
  Recycler *recycler;
  GMutex lock;
  GQueue caps;                  /* of CapsEntry, most recently used first */
};

static GQuark
block_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark,
        g_quark_from_static_string ("gst-im-frame-block"));
  return (GQuark) quark;
}

static void
recycler_unref (Recycler * r)
{
  if (!g_atomic_int_dec_and_test (&r->refcount))
    return;
  /* every block holds a ref, so none is idle now */
  g_mutex_clear (&r->lock);
  g_free (r);
}

static void
block_info_free (Block * block)
{
  recycler_unref (block->recycler);
  g_free (block);
}

/* Takes @mem off the recycler for good and frees it. */
static void
block_free (GstMemory * mem)
{
  GST_MINI_OBJECT_CAST (mem)->dispose = NULL;
  gst_memory_unref (mem);
}

/* The last ref of a block went away: keep it idle, unless it was changed
 * in ways a new frame cannot undo, or the element is gone. */
static gboolean
block_dispose (GstMiniObject * obj)
{
  GstMemory *mem = GST_MEMORY_CAST (obj);
  Block *block = gst_mini_object_get_qdata (obj, block_quark ());
  Recycler *r = block->recycler;
  GstMemory *evicted = NULL;

  if (GST_MEMORY_FLAGS (mem) & (GST_MEMORY_FLAG_READONLY |
          GST_MEMORY_FLAG_NOT_MAPPABLE))
    return TRUE;
  g_mutex_lock (&r->lock);
  if (r->closed) {
    g_mutex_unlock (&r->lock);
    return TRUE;
  }
  g_queue_push_head (&r->idle, gst_memory_ref (mem));
  if (r->idle.length > MAX_IDLE)
    evicted = g_queue_pop_tail (&r->idle);
  g_mutex_unlock (&r->lock);
  if (evicted)
    block_free (evicted);
  return FALSE;
}

/* @size rounded up to its class: 8 steps per power of two, at most 12.5%
 * waste. 0 when the class does not fit in a gsize. */
static gsize
block_class (gsize size)
{
  guint bits = g_bit_storage (size);
  gsize step;

  if (bits <= 4)
    return 16;
  step = (gsize) 1 << (bits - 4);
  if (size > G_MAXSIZE - step)
    return 0;
  return (size + step - 1) & ~(step - 1);
}

static GstMemory *
block_new (Recycler * r, gsize size, GError ** error)
{
  gsize capacity = block_class (size);
  Block *block;
  GstMemory *mem;
  guint8 *data;

  /* g_try_malloc: GstAllocator's system memory aborts when malloc fails */
  if (capacity == 0 || capacity > G_MAXSIZE - BLOCK_ALIGN ||
      (data = g_try_malloc (capacity + BLOCK_ALIGN)) == NULL) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "out of memory for a frame of %" G_GSIZE_FORMAT " bytes", size);
    return NULL;
  }
  block = g_new (Block, 1);
  block->recycler = r;
  block->offset = (-(guintptr) data) & BLOCK_ALIGN;
  block->capacity = capacity + BLOCK_ALIGN - block->offset;
  g_atomic_int_inc (&r->refcount);
  mem = gst_memory_new_wrapped (0, data, capacity + BLOCK_ALIGN,
      block->offset, size, data, g_free);
  gst_mini_object_set_qdata (GST_MINI_OBJECT_CAST (mem), block_quark (), block,
      (GDestroyNotify) block_info_free);
  GST_MINI_OBJECT_CAST (mem)->dispose = block_dispose;
  return mem;
}

/* An idle block that holds @size bytes without wasting more than a
 * quarter, else a new one. */
static GstMemory *
block_acquire (Recycler * r, gsize size, GError ** error)
{
  gsize waste = size / 4 + BLOCK_ALIGN + 16;
  GstMemory *mem = NULL;
  Block *block = NULL;
  GList *l;

  g_mutex_lock (&r->lock);
  for (l = r->idle.head; l; l = l->next) {
    block = gst_mini_object_get_qdata (l->data, block_quark ());
    if (block->capacity >= size && block->capacity - size <= waste) {
      mem = l->data;
      g_queue_delete_link (&r->idle, l);
      break;
    }
  }
  g_mutex_unlock (&r->lock);

  if (mem == NULL)
    return block_new (r, size, error);
  GST_TRACE ("reusing a block of %" G_GSIZE_FORMAT " bytes for %"
      G_GSIZE_FORMAT, block->capacity, size);
  gst_memory_resize (mem, (gssize) block->offset - (gssize) mem->offset, size);
  return mem;
}

GstImFramePools *
gst_im_frame_pools_new (void)
{
  GstImFramePools *pools = g_new0 (GstImFramePools, 1);

  pools->recycler = g_new0 (Recycler, 1);
  pools->recycler->refcount = 1;
  g_mutex_init (&pools->recycler->lock);
  g_queue_init (&pools->recycler->idle);
  g_mutex_init (&pools->lock);
  g_queue_init (&pools->caps);
  return pools;
}

static void
caps_entry_free (CapsEntry * entry)
{
  gst_caps_unref (entry->caps);
  g_free (entry);
}

/* Gives the idle memory back to the system. */
void
gst_im_frame_pools_clear (GstImFramePools * pools)
{
  Recycler *r = pools->recycler;
  GQueue idle;
  GstMemory *mem;

  g_mutex_lock (&r->lock);
  idle = r->idle;
  g_queue_init (&r->idle);
  g_mutex_unlock (&r->lock);
  while ((mem = g_queue_pop_head (&idle)))
    block_free (mem);

  g_mutex_lock (&pools->lock);
  g_queue_clear_full (&pools->caps, (GDestroyNotify) caps_entry_free);
  g_mutex_unlock (&pools->lock);
}

void
gst_im_frame_pools_free (GstImFramePools * pools)
{
  Recycler *r = pools->recycler;

  g_mutex_lock (&r->lock);
  r->closed = TRUE;
  g_mutex_unlock (&r->lock);
  gst_im_frame_pools_clear (pools);
  recycler_unref (r);
  g_mutex_clear (&pools->lock);
  g_free (pools);
}

/* The caps for @info, built once per layout. */
static GstCaps *
caps_for (GstImFramePools * pools, const GstVideoInfo * info)
{
  CapsEntry *entry = NULL;
  GstCaps *caps;
  GList *l;

  g_mutex_lock (&pools->lock);
  for (l = pools->caps.head; l; l = l->next) {
    if (gst_video_info_is_equal (&((CapsEntry *) l->data)->info, info)) {
      entry = l->data;
      g_queue_delete_link (&pools->caps, l);
      break;
    }
  }
  if (entry == NULL) {
    entry = g_new (CapsEntry, 1);
    entry->info = *info;
    entry->caps = gst_video_info_to_caps (info);
    if (pools->caps.length >= MAX_CAPS)
      caps_entry_free (g_queue_pop_tail (&pools->caps));
  }
  g_queue_push_head (&pools->caps, entry);
  /* under the lock: another worker may evict the entry once it is released */
  caps = gst_caps_ref (entry->caps);
  g_mutex_unlock (&pools->lock);
  return caps;
}

/* The bytes @info's planes span, checked: GstVideoInfo comes from the
 * caller, its sizes from an image header. */
static gboolean
frame_size (const GstVideoInfo * info, gsize * size, GError ** error)
{
  const GstVideoFormatInfo *finfo = info->finfo;
  guint i;

  *size = 0;
  if (finfo == NULL || GST_VIDEO_INFO_FORMAT (info) ==
      GST_VIDEO_FORMAT_UNKNOWN || info->width <= 0 || info->height <= 0)
    goto invalid;
  for (i = 0; i < GST_VIDEO_INFO_N_PLANES (info); i++) {
    gint comp[GST_VIDEO_MAX_COMPONENTS];
    gsize rows, span, end;

    gst_video_format_info_component (finfo, i, comp);
    rows = GST_VIDEO_FORMAT_INFO_SCALE_HEIGHT (finfo, comp[0],
        GST_VIDEO_INFO_FIELD_HEIGHT (info));
    if (info->stride[i] <= 0 ||
        !g_size_checked_mul (&span, rows, info->stride[i]) ||
        !g_size_checked_add (&end, info->offset[i], span))
      goto too_big;
    *size = MAX (*size, end);
  }
  *size = MAX (*size, info->size);
  return TRUE;

invalid:
  g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
      "invalid frame layout (%dx%d %s)", info->width, info->height,
      finfo ? GST_VIDEO_FORMAT_INFO_NAME (finfo) : "no format");
  return FALSE;
too_big:
  g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
      "a %dx%d %s frame is larger than the %" G_GSIZE_FORMAT " bytes one "
      "block of memory can hold", info->width, info->height,
      GST_VIDEO_FORMAT_INFO_NAME (finfo), G_MAXSIZE);
  return FALSE;
}

/**
 * gst_im_frame_pools_acquire:
 * @pools: the element's pools
 * @info: the frame's layout
 * @caps: (out) (transfer full): caps describing @info
 * @error: why no frame: no memory, or a layout no memory can hold
 *
 * Returns: (transfer full) (nullable): a writable frame of @info->size
 *   bytes with a #GstVideoMeta of @info's strides and offsets
 */
GstBuffer *
gst_im_frame_pools_acquire (GstImFramePools * pools, const GstVideoInfo * info,
    GstCaps ** caps, GError ** error)
{
  GstBuffer *buf;
  GstMemory *mem;
  gsize size;

  if (!frame_size (info, &size, error))
    return NULL;
  mem = block_acquire (pools->recycler, size, error);
  if (mem == NULL)
    return NULL;
  buf = gst_buffer_new ();
  gst_buffer_append_memory (buf, mem);
  gst_buffer_add_video_meta_full (buf, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_INFO_FORMAT (info), GST_VIDEO_INFO_WIDTH (info),
      GST_VIDEO_INFO_HEIGHT (info), GST_VIDEO_INFO_N_PLANES (info),
      (gsize *) info->offset, (gint *) info->stride);
  *caps = caps_for (pools, info);
  return buf;
}
