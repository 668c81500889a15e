/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/*
 * queue-saver's jobs: one input on its way to a file. A job is made when
 * the buffer arrives (its name from the location pattern and the source
 * meta, its format and encoding settings from the properties at that
 * moment) and reported by the save queue in input order once saved or
 * failed: manifest line, queue-saver-file message, or on-error.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstqueuesaver-private.h"

#define GST_CAT_DEFAULT gst_queue_saver_debug

/* One buffer on its way to a file: what the save queue needs, then what
 * the reports need. */
typedef struct
{
  GstImSaveJob save;
  gchar *source;
  guint64 index;
  guint copy;
  gchar *augment;               /* the augment plan, for the manifest */
  gchar *what;                  /* the input, for messages */
} Job;

void
gst_queue_saver_job_free (GstImSaveJob * save)
{
  Job *job = (Job *) save;

  g_clear_pointer (&job->save.settings.icc_profile, g_bytes_unref);
  g_clear_pointer (&job->save.settings.exif, g_bytes_unref);
  g_clear_pointer (&job->save.settings.xmp, g_bytes_unref);
  gst_im_save_job_clear (&job->save);
  g_free (job->source);
  g_free (job->augment);
  g_free (job->what);
  g_free (job);
}

/* Makes the job for @buffer (consumed): settings, name, format. A job that
 * fails here carries its error and is reported in its turn. */
GstImSaveJob *
gst_queue_saver_job_new (GstQueueSaver * self, GstBuffer * buffer,
    guint * max_queued, guint64 * max_bytes)
{
  GstImSourceMeta *meta = gst_buffer_get_im_source_meta (buffer);
  GstImAugmentMeta *ameta = gst_buffer_get_im_augment_meta (buffer);
  GstImProfileMeta *pmeta = gst_buffer_get_im_profile_meta (buffer);
  GstImMetadataMeta *mmeta = gst_buffer_get_im_metadata_meta (buffer);
  Job *job = g_new0 (Job, 1);
  GstImEncodeSettings *settings = &job->save.settings;
  GstQueueSaverFormat format;

  job->save.buffer = buffer;
  job->save.raw = self->raw;
  job->save.info = self->info;
  job->source = meta ? g_strdup (meta->path) : NULL;
  job->index = meta ? meta->index : self->count;
  job->copy = meta ? meta->copy : 0;
  job->augment = ameta ? g_strdup (ameta->plan) : NULL;
  job->what = gst_im_describe_buffer (buffer);
  self->count++;

  GST_OBJECT_LOCK (self);
  format = self->format;
  gst_im_encode_settings_init (settings, GST_IM_ENCODE_PNG);
  settings->quality = self->quality;
  settings->subsampling = self->subsampling;
  settings->compression_level = self->compression_level;
  /* the colour profile the pixels are in goes into the file */
  if (pmeta)
    settings->icc_profile = g_bytes_ref (pmeta->icc);
  if (mmeta && self->metadata == GST_IM_METADATA_KEEP) {
    settings->exif = mmeta->exif ? g_bytes_ref (mmeta->exif) : NULL;
    settings->xmp = mmeta->xmp ? g_bytes_ref (mmeta->xmp) : NULL;
  }
  job->save.if_exists = self->if_exists;
  job->save.flags = self->fsync ? GST_IM_SAVE_FSYNC : GST_IM_SAVE_NONE;
  job->save.max_write_rate = self->max_write_rate;
  *max_queued = self->max_queued;
  *max_bytes = self->max_queued_bytes;
  GST_OBJECT_UNLOCK (self);

  job->save.location = gst_im_path_pattern_expand (self->pattern,
      job->source, job->index, job->copy, &job->save.error);
  if (job->save.location == NULL) {
    job->save.location = g_strdup ("");
  } else if (format != GST_QUEUE_SAVER_FORMAT_AUTO) {
    static const GstImEncodeFormat formats[] = { GST_IM_ENCODE_JPEG,
      GST_IM_ENCODE_PNG, GST_IM_ENCODE_PPM, GST_IM_ENCODE_PGM
    };
    settings->format = formats[format - GST_QUEUE_SAVER_FORMAT_JPEG];
    job->save.check_format = TRUE;
  } else {
    job->save.check_format = gst_im_encode_format_from_filename
        (job->save.location, self->raw ? GST_VIDEO_INFO_FORMAT (&self->info) :
        GST_VIDEO_FORMAT_UNKNOWN, &settings->format);
    if (!job->save.check_format && self->raw)
      job->save.error = g_error_new (GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_SETTINGS, "Could not save \"%s\": cannot tell "
          "the format from the name; end it in .jpg, .png, .ppm or .pgm, or "
          "set format", job->save.location);
  }
  return &job->save;
}

static void
post_file_message (GstQueueSaver * self, Job * job)
{
  GstStructure *s = gst_structure_new ("queue-saver-file",
      "location", G_TYPE_STRING, job->save.location,
      "index", G_TYPE_UINT64, job->index,
      "copy", G_TYPE_UINT, job->copy,
      "bytes", G_TYPE_UINT64, job->save.size,
      "status", G_TYPE_STRING, job->save.result == GST_IM_SAVE_WRITTEN ?
      "written" : "existing", NULL);

  if (job->source)
    gst_structure_set (s, "source", G_TYPE_STRING, job->source, NULL);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

/* GstImSaveReportFunc, in input order: manifest, message, error. */
gboolean
gst_queue_saver_job_report (GstImSaveJob * save, gpointer user_data)
{
  GstQueueSaver *self = user_data;
  Job *job = (Job *) save;
  GError *err = NULL;
  gboolean post;

  if (save->result == GST_IM_SAVE_FAILED)
    goto failed;
  GST_OBJECT_LOCK (self);
  post = self->post_messages;
  GST_OBJECT_UNLOCK (self);
  if (self->manifest && !gst_im_manifest_add (self->manifest,
          save->location, job->source, job->index, job->copy, save->size,
          save->result == GST_IM_SAVE_WRITTEN ? "written" : "existing",
          job->augment, &err))
    goto manifest_failed;
  if (post)
    post_file_message (self, job);
  return !self->failed;

  /* ERRORS */
failed:
  {
    /* after the first error, later failures of jobs already queued are
     * only logged: one error message per stream */
    if (self->failed)
      GST_WARNING_OBJECT (self, "after the first error: %s",
          save->error->message);
    else if (gst_im_reporter_report (self->reporter, job->what,
            save->error) != GST_FLOW_OK)
      self->failed = TRUE;
    return !self->failed;
  }
manifest_failed:
  {
    if (!self->failed)
      GST_ELEMENT_ERROR (self, RESOURCE, WRITE, ("%s", err->message), (NULL));
    self->failed = TRUE;
    g_error_free (err);
    return FALSE;
  }
}
