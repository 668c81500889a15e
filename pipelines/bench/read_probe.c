/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * read_probe: runs one gst-launch style pipeline whose last element is
 * named "sink", and prints how many buffers and bytes reached the sink and
 * how long the pipeline took from the READY->PAUSED change (where sources
 * open and list their files) to the EOS message. Process start-up, plugin
 * loading and the registry are not in the time, so short runs of different
 * sources compare fairly. cpu_ns is the user + system time of all the
 * process's threads over the same span: on a busy machine it moves less
 * than the wall time. meson builds it (pipelines/bench/meson.build) and
 * pipelines/bench/read.sh runs it.
 *
 *   read_probe 'dataset-src location=photos ! fakesink name=sink sync=false'
 *   -> buffers=200 bytes=58912345 ns=123456789 cpu_ns=98765432
 */
#include <gst/gst.h>
#include <stdio.h>
#include <sys/resource.h>

static guint64 n_buffers, n_bytes;

static GstPadProbeReturn
count (GstPad * pad, GstPadProbeInfo * info, gpointer unused)
{
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);

  n_buffers++;
  n_bytes += gst_buffer_get_size (buf);
  return GST_PAD_PROBE_OK;
}

static gint64
cpu_ns (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (gint64) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * GST_SECOND +
      (gint64) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * GST_USECOND;
}

int
main (int argc, char **argv)
{
  GstElement *pipeline, *sink;
  GError *err = NULL;
  GstMessage *msg;
  GstBus *bus;
  GstPad *pad;
  gint64 t0, t1, c0, c1;
  int ret = 0;

  gst_init (&argc, &argv);
  if (argc != 2) {
    fprintf (stderr, "usage: %s 'PIPELINE ending in a sink named sink'\n",
        argv[0]);
    return 2;
  }
  pipeline = gst_parse_launch (argv[1], &err);
  if (pipeline == NULL) {
    fprintf (stderr, "read_probe: %s\n", err->message);
    return 2;
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  if (sink == NULL) {
    fprintf (stderr, "read_probe: no element named sink\n");
    return 2;
  }
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count, NULL, NULL);
  gst_object_unref (pad);

  gst_element_set_state (pipeline, GST_STATE_READY);
  bus = gst_element_get_bus (pipeline);
  t0 = g_get_monotonic_time ();
  c0 = cpu_ns ();
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  t1 = g_get_monotonic_time ();
  c1 = cpu_ns ();
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    gst_message_parse_error (msg, &err, NULL);
    fprintf (stderr, "read_probe: %s\n", err->message);
    g_clear_error (&err);
    ret = 1;
  }
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  printf ("buffers=%" G_GUINT64_FORMAT " bytes=%" G_GUINT64_FORMAT " ns=%"
      G_GINT64_FORMAT " cpu_ns=%" G_GINT64_FORMAT "\n", n_buffers, n_bytes,
      (t1 - t0) * 1000, c1 - c0);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return ret;
}
