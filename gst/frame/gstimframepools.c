/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Output buffer pools keyed by video info. Workers make frames of sizes only
 * known after each header is read, in parallel, so one negotiated pool is
 * not enough: a dataset of mixed sizes gets one GstVideoBufferPool per size,
 * the few most recent kept, and frames are recycled instead of allocated
 * (fresh pages are slow to fault in).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "frame/gstimframepools.h"

#define MAX_POOLS 4

typedef struct
{
  GstVideoInfo info;
  GstCaps *caps;
  GstBufferPool *pool;
} PoolEntry;

struct _GstImFramePools
{
  GMutex lock;
  GList *entries;               /* most recently used first */
};

GstImFramePools *
gst_im_frame_pools_new (void)
{
  GstImFramePools *pools = g_new0 (GstImFramePools, 1);

  g_mutex_init (&pools->lock);
  return pools;
}

static void
pool_entry_free (PoolEntry * entry)
{
  /* buffers still out are freed when they come back to an inactive pool */
  gst_buffer_pool_set_active (entry->pool, FALSE);
  gst_object_unref (entry->pool);
  gst_caps_unref (entry->caps);
  g_free (entry);
}

void
gst_im_frame_pools_clear (GstImFramePools * pools)
{
  g_mutex_lock (&pools->lock);
  g_list_free_full (pools->entries, (GDestroyNotify) pool_entry_free);
  pools->entries = NULL;
  g_mutex_unlock (&pools->lock);
}

void
gst_im_frame_pools_free (GstImFramePools * pools)
{
  gst_im_frame_pools_clear (pools);
  g_mutex_clear (&pools->lock);
  g_free (pools);
}

static PoolEntry *
pool_entry_new (const GstVideoInfo * info)
{
  PoolEntry *entry = g_new0 (PoolEntry, 1);
  GstStructure *config;

  entry->info = *info;
  entry->caps = gst_video_info_to_caps (info);
  entry->pool = gst_video_buffer_pool_new ();
  config = gst_buffer_pool_get_config (entry->pool);
  gst_buffer_pool_config_set_params (config, entry->caps, info->size, 0, 0);
  gst_buffer_pool_config_add_option (config,
      GST_BUFFER_POOL_OPTION_VIDEO_META);
  if (!gst_buffer_pool_set_config (entry->pool, config) ||
      !gst_buffer_pool_set_active (entry->pool, TRUE)) {
    gst_object_unref (entry->pool);
    gst_caps_unref (entry->caps);
    g_free (entry);
    return NULL;
  }
  return entry;
}

/* Returns a ref to the pool for @info, moving it to the front. */
static GstBufferPool *
lookup (GstImFramePools * pools, const GstVideoInfo * info, GstCaps ** caps)
{
  PoolEntry *entry = NULL;
  GstBufferPool *pool = NULL;
  GList *l;

  g_mutex_lock (&pools->lock);
  for (l = pools->entries; l; l = l->next) {
    if (gst_video_info_is_equal (&((PoolEntry *) l->data)->info, info)) {
      entry = l->data;
      pools->entries = g_list_remove_link (pools->entries, l);
      g_list_free (l);
      break;
    }
  }
  if (entry == NULL && (entry = pool_entry_new (info))) {
    if (g_list_length (pools->entries) >= MAX_POOLS) {
      GList *last = g_list_last (pools->entries);

      pool_entry_free (last->data);
      pools->entries = g_list_delete_link (pools->entries, last);
    }
  }
  if (entry) {
    pools->entries = g_list_prepend (pools->entries, entry);
    pool = gst_object_ref (entry->pool);
    *caps = gst_caps_ref (entry->caps);
  }
  g_mutex_unlock (&pools->lock);
  return pool;
}

GstBuffer *
gst_im_frame_pools_acquire (GstImFramePools * pools, const GstVideoInfo * info,
    GstCaps ** caps)
{
  GstBuffer *buf = NULL;
  guint attempt;

  /* a pool evicted by another worker between lookup and acquire is
   * inactive: look it up again */
  for (attempt = 0; attempt < 3 && buf == NULL; attempt++) {
    GstBufferPool *pool = lookup (pools, info, caps);

    if (pool == NULL)
      return NULL;
    if (gst_buffer_pool_acquire_buffer (pool, &buf, NULL) != GST_FLOW_OK) {
      buf = NULL;
      gst_caps_unref (*caps);
      *caps = NULL;
    }
    gst_object_unref (pool);
  }
  return buf;
}
