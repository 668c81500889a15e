/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/imagemill/gstimscratch.h>

/**
 * gst_im_scratch_get:
 * @scratch: the scratch memory
 * @size: bytes needed
 * @what: what the memory is for, for the error message ("decoding")
 * @error: set to a GST_RESOURCE_ERROR_NO_SPACE_LEFT error when the memory
 *   cannot be had
 *
 * Grows @scratch to at least @size bytes; its contents are not kept. Sizes
 * come from input (image headers), so the allocation may fail: it is never
 * fatal to the process.
 *
 * Returns: (nullable): the memory, or %NULL with @error set
 */
guint8 *
gst_im_scratch_get (GstImScratch * scratch, gsize size, const gchar * what,
    GError ** error)
{
  if (size <= scratch->size && scratch->data != NULL)
    return scratch->data;

  g_free (scratch->data);
  scratch->data = g_try_malloc (MAX (size, 1));
  if (scratch->data == NULL) {
    scratch->size = 0;
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "Could not allocate %" G_GSIZE_FORMAT " bytes of %s memory", size,
        what);
    return NULL;
  }
  scratch->size = size;
  return scratch->data;
}

/**
 * gst_im_scratch_trim:
 * @scratch: the scratch memory
 * @keep: the largest size worth keeping between frames
 *
 * Frees the memory when it is larger than @keep, so one huge image does not
 * pin its scratch for the rest of the stream.
 */
void
gst_im_scratch_trim (GstImScratch * scratch, gsize keep)
{
  if (scratch->size > keep)
    gst_im_scratch_clear (scratch);
}

/**
 * gst_im_scratch_clear:
 * @scratch: the scratch memory
 *
 * Frees the memory; @scratch may be used again.
 */
void
gst_im_scratch_clear (GstImScratch * scratch)
{
  g_clear_pointer (&scratch->data, g_free);
  scratch->size = 0;
}
