/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * --dry-run: print the pipeline and how many items its dataset-src would
 * read. The count comes from the core library's listing with the
 * element's own properties, the very code dataset-src runs when it starts,
 * so nothing is read or written.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <gst/imagemill/imagemill.h>
#include <json-glib/json-glib.h>

#include "im-tool.h"

static gboolean
count_items (GstElement * src, guint64 * n_items, guint64 * n_listed,
    GError ** error)
{
  gchar *location = NULL, *extensions = NULL;
  gboolean recursive, sort;
  guint index, count;
  guint64 num_items, max_bytes;
  GstImDatasetFlags flags = GST_IM_DATASET_NONE;
  GstImDataset *dataset;

  g_object_get (src, "location", &location, "extensions", &extensions,
      "recursive", &recursive, "sort", &sort, "shard-index", &index,
      "shard-count", &count, "num-items", &num_items, "max-file-bytes",
      &max_bytes, NULL);
  if (recursive)
    flags |= GST_IM_DATASET_RECURSIVE;
  if (!sort)
    flags |= GST_IM_DATASET_KEEP_LIST_ORDER;
  dataset = location ? gst_im_dataset_list (location, extensions, flags,
      max_bytes, error) : NULL;
  if (!location)
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "no dataset location given");
  g_free (location);
  g_free (extensions);
  if (!dataset)
    return FALSE;
  *n_listed = gst_im_dataset_get_n_items (dataset);
  if (index < count)
    gst_im_dataset_shard (dataset, index, count, num_items);
  *n_items = gst_im_dataset_get_n_items (dataset);
  gst_im_dataset_free (dataset);
  return TRUE;
}

/* Returns: the exit code: 0, or 1 when a location cannot be listed */
gint
im_dry_run (GstElement * pipeline, const gchar * desc, gboolean json)
{
  GstIterator *it = gst_bin_iterate_recurse (GST_BIN (pipeline));
  GValue item = G_VALUE_INIT;
  guint64 total = 0, listed = 0;
  gint code = IM_EXIT_OK;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK) {
    GstElement *e = g_value_get_object (&item);
    GstElementFactory *f = gst_element_get_factory (e);
    guint64 n = 0, all = 0;
    GError *err = NULL;

    if (f && g_str_equal (GST_OBJECT_NAME (f), "dataset-src")) {
      if (count_items (e, &n, &all, &err)) {
        total += n;
        listed += all;
      } else {
        fprintf (stderr, "imagemill: %s\n", err->message);
        g_error_free (err);
        code = IM_EXIT_INCOMPLETE;
      }
    }
    g_value_reset (&item);
  }
  g_value_unset (&item);
  gst_iterator_free (it);

  if (json) {
    JsonBuilder *b = json_builder_new ();

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "dry_run");
    json_builder_add_boolean_value (b, TRUE);
    json_builder_set_member_name (b, "pipeline");
    json_builder_add_string_value (b, desc);
    json_builder_set_member_name (b, "items");
    json_builder_add_int_value (b, total);
    json_builder_set_member_name (b, "items_listed");
    json_builder_add_int_value (b, listed);
    json_builder_end_object (b);
    im_print_json (b);
  } else {
    printf ("pipeline: %s\n", desc);
    printf ("items: %" G_GUINT64_FORMAT " (of %" G_GUINT64_FORMAT
        " listed)\n", total, listed);
  }
  return code;
}
