/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The IN arguments as one dataset-src location. One argument goes as it
 * is: dataset-src tells a folder, a glob, a list file and an image apart.
 * Several (a glob the shell expanded) must be files; they become a list
 * file of absolute paths, since dataset-src reads one location and
 * resolves a list's relative paths against the list's own folder.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "im-tool.h"

static gboolean
write_list (gchar ** inputs, gchar ** list_file, GError ** error)
{
  GString *text = g_string_new ("# imagemill: the IN arguments\n");
  gchar *cwd = g_get_current_dir ();
  gboolean ok;
  gint fd;
  guint i;

  for (i = 0; inputs[i]; i++) {
    gchar *path = g_canonicalize_filename (inputs[i], cwd);

    g_string_append_printf (text, "%s\n", path);
    g_free (path);
  }
  g_free (cwd);
  fd = g_file_open_tmp ("imagemill-XXXXXX.list", list_file, error);
  ok = fd >= 0;
  if (ok) {
    close (fd);
    ok = g_file_set_contents (*list_file, text->str, text->len, error);
  }
  g_string_free (text, TRUE);
  return ok;
}

/* Returns: the location for dataset-src; when several files were given,
 * *list_file is the list written for them, for the caller to remove. */
gchar *
im_inputs_to_location (gchar ** inputs, gchar ** list_file, GError ** error)
{
  guint i, n = inputs ? g_strv_length (inputs) : 0;

  *list_file = NULL;
  if (n == 0)
    goto no_input;
  if (n == 1)
    return g_strdup (inputs[0]);

  for (i = 0; i < n; i++)
    if (!g_file_test (inputs[i], G_FILE_TEST_IS_REGULAR))
      goto not_a_file;
  if (!write_list (inputs, list_file, error))
    return NULL;
  return g_strdup (*list_file);

  /* ERRORS */
no_input:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "no input: give a folder, a glob, a list file or image files");
    return NULL;
  }
not_a_file:
  {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "\"%s\" is not a file: with several inputs, each must be an image "
        "file (give a folder, a glob or a list file on its own)", inputs[i]);
    return NULL;
  }
}
