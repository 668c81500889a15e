/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * imagemill-frames: embedding imagemill in a C application. Builds
 *
 *   dataset-src ! decoder-pool ! augment ! appsink
 *
 * in code, pulls every frame and prints one line per frame:
 *
 *   <path>\t<index>\t<copy>\t<width>x<height>\t<format>\t<plan JSON>
 *
 * A file that cannot be read or decoded is reported on stderr and skipped
 * (on-error=skip); the exit code is 0 when every file became frames, 1 when
 * any was skipped or the pipeline failed, 2 for a usage error.
 *
 *   imagemill-frames FOLDER [TRANSFORMS [COPIES [SEED]]]
 *   imagemill-frames photos/ "HorizontalFlip(p=0.5), Rotate(limit=10)" 2 7
 */
#include <stdio.h>
#include <stdlib.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>

/* What the frame loop learns from the bus. */
typedef struct
{
  guint skipped;
  gboolean failed;
} BusReport;

/* Warnings are the skips of on-error=skip (each names its file); errors
 * stop the pipeline. Non-blocking: called between frames. */
static void
drain_bus (GstBus * bus, BusReport * report)
{
  GstMessage *msg;
  GError *err;
  gchar *debug;

  while ((msg = gst_bus_pop_filtered (bus,
              GST_MESSAGE_WARNING | GST_MESSAGE_ERROR))) {
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
      gst_message_parse_warning (msg, &err, &debug);
      fprintf (stderr, "skipped: %s\n", err->message);
      report->skipped++;
    } else {
      gst_message_parse_error (msg, &err, &debug);
      fprintf (stderr, "error from %s: %s\n", GST_OBJECT_NAME (msg->src),
          err->message);
      report->failed = TRUE;
    }
    g_error_free (err);
    g_free (debug);
    gst_message_unref (msg);
  }
}

/* One frame: its metas and its size. The buffer is mapped with
 * GstVideoFrame so that the stride and plane offsets of its video meta are
 * honoured: a row is frame.data[0] + y * GST_VIDEO_FRAME_PLANE_STRIDE, not
 * y * width * 3. */
static gboolean
print_frame (GstSample * sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  GstImSourceMeta *source = gst_buffer_get_im_source_meta (buffer);
  GstImAugmentMeta *augment = gst_buffer_get_im_augment_meta (buffer);
  GstVideoInfo info;
  GstVideoFrame frame;

  /* the caps come with each sample: sizes may change from frame to frame */
  if (!gst_video_info_from_caps (&info, caps)
      || !gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ))
    return FALSE;
  printf ("%s\t%" G_GUINT64_FORMAT "\t%u\t%dx%d\t%s\t%s\n",
      source && source->path ? source->path : "-",
      source ? source->index : 0, source ? source->copy : 0,
      GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame),
      GST_VIDEO_FRAME_FORMAT (&frame) == GST_VIDEO_FORMAT_UNKNOWN ? "?" :
      gst_video_format_to_string (GST_VIDEO_FRAME_FORMAT (&frame)),
      augment ? augment->plan : "{}");
  gst_video_frame_unmap (&frame);
  return TRUE;
}

int
main (int argc, char **argv)
{
  GstElement *pipeline, *sink;
  GstBus *bus;
  GstSample *sample;
  GError *error = NULL;
  BusReport report = { 0, FALSE };
  gchar *description;
  const gchar *transforms;
  guint frames = 0;

  gst_init (&argc, &argv);
  if (argc < 2 || argc > 5) {
    fprintf (stderr, "usage: %s FOLDER [TRANSFORMS [COPIES [SEED]]]\n",
        argv[0]);
    return 2;
  }
  transforms = argc > 2 ? argv[2] : "HorizontalFlip(p=0.5)";

  /* gst_parse_launch () is the shortest way to a pipeline; properties set
   * with g_object_set () below need no quoting */
  description = g_strdup ("dataset-src name=src on-error=skip "
      "! decoder-pool on-error=skip ! augment name=augment "
      "! video/x-raw,format=RGB ! appsink name=sink sync=false");
  pipeline = gst_parse_launch (description, &error);
  g_free (description);
  /* a missing element still gives a (partial) pipeline, with the error */
  if (error) {
    gst_clear_object (&pipeline);
    fprintf (stderr, "cannot build the pipeline (is the imagemill plugin on "
        "GST_PLUGIN_PATH?): %s\n", error->message);
    g_error_free (error);
    return 1;
  }
  {
    GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
    GstElement *aug = gst_bin_get_by_name (GST_BIN (pipeline), "augment");

    g_object_set (src, "location", argv[1], NULL);
    g_object_set (aug, "transforms", transforms,
        "copies", argc > 3 ? (guint) atoi (argv[3]) : 1u,
        "seed", argc > 4 ? g_ascii_strtoull (argv[4], NULL, 10) : 0, NULL);
    gst_object_unref (src);
    gst_object_unref (aug);
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  bus = gst_element_get_bus (pipeline);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE)
    report.failed = TRUE;
  /* pull until EOS; after an error no EOS comes, so pull with a timeout
   * and look at the bus in between. A sample we pull is ours to unref. */
  while (!report.failed && !gst_app_sink_is_eos (GST_APP_SINK (sink))) {
    sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
        100 * GST_MSECOND);
    if (sample) {
      if (print_frame (sample))
        frames++;
      gst_sample_unref (sample);
    }
    drain_bus (bus, &report);
  }
  drain_bus (bus, &report);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  fprintf (stderr, "%u frames, %u skipped%s\n", frames, report.skipped,
      report.failed ? ", failed" : "");
  gst_deinit ();
  return report.failed || report.skipped ? 1 : 0;
}
