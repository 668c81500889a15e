/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * imagemill: the everyday image jobs in one line, on the project's
 * elements, with a progress line, a summary and exit codes that say
 * whether every input became an output (docs/imagemill-command.md).
 *
 *   imagemill convert photos/ -r -o 'out/{dir}/{stem}.png'
 *   imagemill thumbnail photos/ -r -s 640x338 -o 'thumbs/{dir}/{stem}.jpg'
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <stdio.h>

#include "im-commands.h"

static void
print_usage (FILE * out)
{
  const ImCommandInfo *info;
  guint i, n;

  info = im_commands_list (&n);
  fprintf (out, "Usage: imagemill COMMAND [OPTION...] IN... -o PATTERN\n\n"
      "Commands:\n");
  for (i = 0; i < n; i++)
    fprintf (out, "  %-10s  %s\n", info[i].name, info[i].summary);
  fprintf (out, "\nIN is a folder, a glob, a list file (one path a line) "
      "or image files.\n'imagemill COMMAND --help' shows a command's "
      "options.\n\nExit status: 0 when every input became an output, 1 when "
      "any was skipped\nor failed, 2 for a usage error, 130 when "
      "interrupted.\n");
}

/* Installed next to the plugin, the command finds it without
 * GST_PLUGIN_PATH when the prefix is not GStreamer's own. */
static void
find_plugin (void)
{
  GstPluginFeature *f = gst_registry_lookup_feature (gst_registry_get (),
      "dataset-src");

  if (f)
    gst_object_unref (f);
  else
    gst_registry_scan_path (gst_registry_get (), IM_PLUGINDIR);
}

int
main (int argc, char **argv)
{
  gint code;

  /* translated GOption texts, but numbers always with a '.' */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  if (argc < 2) {
    print_usage (stderr);
    return IM_EXIT_USAGE;
  }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help")) {
    print_usage (stdout);
    return IM_EXIT_OK;
  }
  if (g_str_equal (argv[1], "--version")) {
    printf ("imagemill %s\n", VERSION);
    return IM_EXIT_OK;
  }

  im_run_catch_sigint ();
  gst_init (NULL, NULL);
  find_plugin ();
  code = im_commands_run (g_strdupv (argv + 1));
  if (code < 0) {
    fprintf (stderr, "imagemill: unknown command \"%s\"\n", argv[1]);
    print_usage (stderr);
    code = IM_EXIT_USAGE;
  }
  gst_deinit ();
  return code;
}
