/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include "imtest.h"

GBytes *
im_test_read_bytes (const gchar * path)
{
  gchar *data;
  gsize len;

  fail_unless (g_file_get_contents (path, &data, &len, NULL), "read %s",
      path);
  return g_bytes_new_take (data, len);
}

GstBuffer *
im_test_buffer_from_file (const gchar * path)
{
  GBytes *bytes = im_test_read_bytes (path);
  GstBuffer *buf = gst_buffer_new_wrapped_bytes (bytes);

  g_bytes_unref (bytes);
  return buf;
}

/* Writes @path (@len -1: a string), making its folders first. */
void
im_test_write_file (const gchar * path, const gchar * data, gssize len)
{
  gchar *dir = g_path_get_dirname (path);

  fail_unless (g_mkdir_with_parents (dir, 0755) == 0, "mkdir %s", dir);
  fail_unless (g_file_set_contents (path, data, len, NULL), "write %s", path);
  g_free (dir);
}

void
im_test_copy_file (const gchar * from, const gchar * to)
{
  GBytes *bytes = im_test_read_bytes (from);
  gsize len;
  const gchar *data = g_bytes_get_data (bytes, &len);

  im_test_write_file (to, data, len);
  g_bytes_unref (bytes);
}

/* A file of @size bytes that uses no disk: all hole. FALSE (the file
 * removed) where the file system cannot hold one that large. */
gboolean
im_test_make_sparse_file (const gchar * path, guint64 size)
{
  gint fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  gboolean ok;

  fail_unless (fd >= 0, "create %s: %s", path, g_strerror (errno));
  ok = ftruncate (fd, size) == 0;
  if (!ok)
    GST_INFO ("no %" G_GUINT64_FORMAT "-byte sparse file here (%s)", size,
        g_strerror (errno));
  close (fd);
  if (!ok)
    g_remove (path);
  return ok;
}

/* For g_ptr_array_sort () of strings: bytewise. */
gint
im_test_compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar **) a, *(const gchar **) b);
}

/* Files in @dir whose names end in @suffix, sorted bytewise. */
GPtrArray *
im_test_list_files (const gchar * dir, const gchar * suffix)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  if (d == NULL)
    return files;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, suffix))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_dir_close (d);
  g_ptr_array_sort (files, im_test_compare_strings);
  return files;
}

/* Tests that read ../shared/samples skip cleanly where it is absent. */
gboolean
im_test_have_samples (void)
{
  if (g_file_test (IM_SAMPLES_DIR, G_FILE_TEST_IS_DIR))
    return TRUE;
  GST_INFO ("no samples folder at %s, skipping", IM_SAMPLES_DIR);
  return FALSE;
}

/* A new folder under the temporary folder, @tmpl as for g_dir_make_tmp(). */
gchar *
im_test_make_tmp_dir (const gchar * tmpl)
{
  GError *err = NULL;
  gchar *dir = g_dir_make_tmp (tmpl, &err);

  fail_unless (dir != NULL, "temporary folder %s: %s", tmpl,
      err ? err->message : "");
  return dir;
}

/* Runs imagemill-gen into a new temporary folder and returns it. */
gchar *
im_test_generate (const gchar * set, const gchar * const *extra)
{
  GPtrArray *argv = g_ptr_array_new ();
  gchar *dir = im_test_make_tmp_dir ("imtest-XXXXXX");
  gint status = 1;
  GError *err = NULL;

  g_ptr_array_add (argv, (gpointer) IM_GEN);
  g_ptr_array_add (argv, (gpointer) "--out");
  g_ptr_array_add (argv, dir);
  g_ptr_array_add (argv, (gpointer) "--set");
  g_ptr_array_add (argv, (gpointer) set);
  for (; extra && *extra; extra++)
    g_ptr_array_add (argv, (gpointer) * extra);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (gchar **) argv->pdata, NULL,
          G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &err)
      || !g_spawn_check_wait_status (status, NULL))
    g_error ("could not run %s: %s", IM_GEN, err ? err->message : "failed");
  g_ptr_array_free (argv, TRUE);
  return dir;
}

/* Removes @path and, for a folder, everything under it; links are removed,
 * never followed, and folders a test made unreadable are opened again. */
void
im_test_remove_tree (const gchar * path)
{
  GDir *dir;
  const gchar *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) ||
      g_file_test (path, G_FILE_TEST_IS_SYMLINK)) {
    g_remove (path);
    return;
  }
  g_chmod (path, 0755);
  dir = g_dir_open (path, 0, NULL);
  while (dir && (name = g_dir_read_name (dir))) {
    gchar *child = g_build_filename (path, name, NULL);

    im_test_remove_tree (child);
    g_free (child);
  }
  if (dir)
    g_dir_close (dir);
  g_rmdir (path);
}

/* Removes a folder such as im_test_generate() makes, and frees @dir. */
void
im_test_remove_dir (gchar * dir)
{
  im_test_remove_tree (dir);
  g_free (dir);
}

/* ---- memory ---- */

/* A field of /proc/self/status ("VmRSS:", "VmHWM:") in KiB; -1 where
 * there is none. */
gint64
im_test_status_kib (const gchar * field)
{
  gchar *text = NULL, *line;
  gint64 kib = -1;

  if (g_file_get_contents ("/proc/self/status", &text, NULL, NULL) &&
      (line = strstr (text, field)))
    kib = g_ascii_strtoll (line + strlen (field), NULL, 10);
  g_free (text);
  return kib;
}

/* Resets the peak resident size (VmHWM) to the current one where the
 * kernel allows it ("5" written to /proc/self/clear_refs, in place: no
 * temporary file can be made there); TRUE when it did. @peak_kib, when
 * given, gets the peak after it, to compare with later (-1: unknown). */
gboolean
im_test_reset_peak_rss (gint64 * peak_kib)
{
  gint fd = g_open ("/proc/self/clear_refs", O_WRONLY, 0);
  gboolean reset = fd >= 0 && write (fd, "5", 1) == 1;

  if (fd >= 0)
    close (fd);
  if (peak_kib)
    *peak_kib = im_test_status_kib ("VmHWM:");
  return reset;
}

/* ---- reference decoders ---- */

void
im_test_image_clear (ImTestImage * img)
{
  g_clear_pointer (&img->pixels, g_free);
}

/* Gray (GRAY8) becomes RGB, each gray value three times; RGB stays. */
void
im_test_image_to_rgb (ImTestImage * img)
{
  gsize i, n = (gsize) img->width * img->height;
  guint8 *rgb;

  if (img->format == GST_VIDEO_FORMAT_RGB)
    return;
  fail_unless (img->format == GST_VIDEO_FORMAT_GRAY8
      || img->format == GST_VIDEO_FORMAT_RGBA, "%s to RGB",
      gst_video_format_to_string (img->format));
  rgb = g_malloc (n * 3);
  for (i = 0; i < n; i++) {
    if (img->format == GST_VIDEO_FORMAT_RGBA)
      memcpy (rgb + 3 * i, img->pixels + 4 * i, 3);
    else
      memset (rgb + 3 * i, img->pixels[i], 3);
  }
  g_free (img->pixels);
  img->pixels = rgb;
  img->bpp = 3;
  img->format = GST_VIDEO_FORMAT_RGB;
}

/* A binary PGM (GRAY8) or PPM (RGB) with maxval 255, as djpeg writes it:
 * FALSE unless the header parses and the samples fill the rest exactly. */
gboolean
im_test_parse_pnm (const guint8 * data, gsize len, ImTestImage * img)
{
  guint64 v[3];
  gsize pos = 2, start;
  guint i;

  memset (img, 0, sizeof (*img));
  if (len < 2 || data[0] != 'P' || (data[1] != '5' && data[1] != '6'))
    return FALSE;
  for (i = 0; i < 3; i++) {
    while (pos < len && g_ascii_isspace (data[pos]))
      pos++;
    start = pos;
    for (v[i] = 0; pos < len && g_ascii_isdigit (data[pos]) &&
        v[i] <= G_MAXUINT32; pos++)
      v[i] = v[i] * 10 + data[pos] - '0';
    if (pos == start || v[i] == 0 || v[i] > G_MAXUINT32)
      return FALSE;
  }
  /* one white space byte after maxval, then the samples */
  if (v[2] != 255 || pos >= len || !g_ascii_isspace (data[pos]))
    return FALSE;
  pos++;
  img->bpp = data[1] == '5' ? 1 : 3;
  if ((len - pos) % img->bpp != 0 || (len - pos) / img->bpp != v[0] * v[1])
    return FALSE;
  img->width = v[0];
  img->height = v[1];
  img->format = img->bpp == 1 ? GST_VIDEO_FORMAT_GRAY8 : GST_VIDEO_FORMAT_RGB;
  img->pixels = g_memdup2 (data + pos, len - pos);
  return TRUE;
}

/* Runs @argv (found on PATH), the word "OUT" standing for a temporary
 * file, and parses the PGM or PPM it wrote there: a file because
 * g_spawn_sync()'s output has no length. FALSE when the command is missing,
 * does not exit with 0 (djpeg: a warning) or writes no such file; @why,
 * when given, then gets the reason and the command's error output. */
gboolean
im_test_run_pnm (const gchar * const *argv, ImTestImage * img, gchar ** why)
{
  GPtrArray *args = g_ptr_array_new ();
  gchar *out = NULL, *errors = NULL, *contents = NULL;
  GError *err = NULL;
  gint fd, status = -1;
  gsize len;
  gboolean ok = FALSE;

  memset (img, 0, sizeof (*img));
  fd = g_file_open_tmp ("imtest-XXXXXX.pnm", &out, NULL);
  fail_unless (fd >= 0, "no temporary file");
  g_close (fd, NULL);
  for (; *argv; argv++)
    g_ptr_array_add (args, strcmp (*argv, "OUT") == 0 ? out : (gchar *) * argv);
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (NULL, (gchar **) args->pdata, NULL, G_SPAWN_SEARCH_PATH |
          G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &errors, &status,
          &err) || !g_spawn_check_wait_status (status, &err)) {
    if (why)
      *why = g_strdup_printf ("%s: %s %s", (gchar *) args->pdata[0],
          err->message, errors ? errors : "");
  } else if (!g_file_get_contents (out, &contents, &len, NULL) ||
      !im_test_parse_pnm ((const guint8 *) contents, len, img)) {
    if (why)
      *why = g_strdup_printf ("%s wrote no binary PGM or PPM",
          (gchar *) args->pdata[0]);
  } else {
    ok = TRUE;
  }
  g_unlink (out);
  g_clear_error (&err);
  g_ptr_array_unref (args);
  g_free (contents);
  g_free (errors);
  g_free (out);
  return ok;
}

/* djpeg @options -pnm of the JPEG at @path: gray or RGB, as the JPEG is
 * (unless an option says otherwise). FALSE as for im_test_run_pnm(). */
gboolean
im_test_djpeg (const gchar * path, const gchar * const *options,
    ImTestImage * img, gchar ** why)
{
  GPtrArray *argv = g_ptr_array_new ();
  gboolean ok;

  g_ptr_array_add (argv, (gpointer) "djpeg");
  for (; options && *options; options++)
    g_ptr_array_add (argv, (gpointer) * options);
  g_ptr_array_add (argv, (gpointer) "-pnm");
  g_ptr_array_add (argv, (gpointer) "-outfile");
  g_ptr_array_add (argv, (gpointer) "OUT");
  g_ptr_array_add (argv, (gpointer) path);
  g_ptr_array_add (argv, NULL);
  ok = im_test_run_pnm ((const gchar * const *) argv->pdata, img, why);
  g_ptr_array_unref (argv);
  return ok;
}

/* @png decoded by pngdec (libpng), in the format pngdec chooses, or with
 * @format through videoconvert dither=none; fails the test when nothing
 * comes out. */
void
im_test_pngdec (GBytes * png, const gchar * format, ImTestImage * img)
{
  gchar *launch = format ? g_strdup_printf ("pngdec ! videoconvert "
      "dither=none ! capsfilter caps=video/x-raw,format=%s", format) :
      g_strdup ("pngdec");
  GstHarness *h = gst_harness_new_parse (launch);
  GstVideoFrame frame;
  GstVideoInfo info;
  GstBuffer *buf;
  GstCaps *caps;
  gsize row, y;

  gst_harness_set_src_caps_str (h, "image/png");
  buf = gst_harness_push_and_pull (h, gst_buffer_new_wrapped_bytes (png));
  fail_unless (buf != NULL, "%s could not decode the PNG", launch);
  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless (gst_video_info_from_caps (&info, caps));
  gst_caps_unref (caps);
  img->format = GST_VIDEO_INFO_FORMAT (&info);
  img->width = GST_VIDEO_INFO_WIDTH (&info);
  img->height = GST_VIDEO_INFO_HEIGHT (&info);
  img->bpp = GST_VIDEO_INFO_COMP_PSTRIDE (&info, 0);
  row = (gsize) img->width * img->bpp;
  img->pixels = g_malloc (row * img->height);
  fail_unless (gst_video_frame_map (&frame, &info, buf, GST_MAP_READ));
  for (y = 0; y < img->height; y++)
    memcpy (img->pixels + y * row, (const guint8 *)
        GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
        y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), row);
  gst_video_frame_unmap (&frame);
  gst_buffer_unref (buf);
  gst_harness_teardown (h);
  g_free (launch);
}

/* ---- image and byte-format arithmetic ---- */

/* PSNR of @n 8-bit samples whose squared differences sum to @se; infinite
 * for equal samples. */
gdouble
im_test_psnr_se (gdouble se, gsize n)
{
  return se == 0 ? INFINITY : 10 * log10 (255.0 * 255.0 * n / se);
}

gdouble
im_test_psnr (const guint8 * a, const guint8 * b, gsize n)
{
  gdouble se = 0;
  gsize i;

  for (i = 0; i < n; i++)
    se += ((gint) a[i] - b[i]) * ((gint) a[i] - b[i]);
  return im_test_psnr_se (se, n);
}

/* The Lanczos kernel with a = 3: sinc (x) * sinc (x / 3) within |x| < 3. */
gdouble
im_test_lanczos3 (gdouble x)
{
  gdouble px = G_PI * x;

  if (x == 0.0)
    return 1.0;
  if (fabs (x) >= 3.0)
    return 0.0;
  return (sin (px) / px) * (sin (px / 3.0) / (px / 3.0));
}

/* @v as @n big-endian bytes, byte by byte (GST_WRITE_* may write
 * unaligned words). */
void
im_test_put_be (guint8 * p, guint32 v, guint n)
{
  guint i;

  for (i = 0; i < n; i++)
    p[i] = v >> (8 * (n - 1 - i));
}

/* CRC-32 of PNG chunks and zlib (ISO 3309), bit by bit. */
guint32
im_test_crc32 (const guint8 * data, gsize len)
{
  guint32 crc = 0xffffffff;
  gsize i;
  guint k;

  for (i = 0; i < len; i++) {
    crc ^= data[i];
    for (k = 0; k < 8; k++)
      crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return crc ^ 0xffffffff;
}

/* Appends a PNG chunk: length, @type, @data, CRC of type and data. */
void
im_test_png_append_chunk (GByteArray * png, const gchar * type,
    const guint8 * data, gsize len)
{
  guint8 be[4];
  gsize start;

  im_test_put_be (be, len, 4);
  g_byte_array_append (png, be, 4);
  start = png->len;
  g_byte_array_append (png, (const guint8 *) type, 4);
  if (len)
    g_byte_array_append (png, data, len);
  im_test_put_be (be, im_test_crc32 (png->data + start, len + 4), 4);
  g_byte_array_append (png, be, 4);
}

/* A JPEG whose SOF claims 20000 x 20000 pixels: 400 MP, above the default
 * max-pixels, below what libjpeg-turbo refuses by itself. */
static void
patch_jpeg_size (GstBuffer * buf)
{
  GstMapInfo map;
  gsize i;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (i = 2; i + 9 < map.size; i++)
    if (map.data[i] == 0xff && (map.data[i + 1] & 0xfe) == 0xc0) {
      /* height, then width, big-endian: 20000 = 0x4e20 */
      map.data[i + 5] = map.data[i + 7] = 0x4e;
      map.data[i + 6] = map.data[i + 8] = 0x20;
      break;
    }
  gst_buffer_unmap (buf, &map);
}

/* One input of class @kind, made from the good files given. */
GstBuffer *
im_test_bad_buffer (ImTestBadKind kind, const gchar * good_jpeg,
    const gchar * good_png)
{
  GstBuffer *jpeg = im_test_buffer_from_file (good_jpeg);
  GstBuffer *png = im_test_buffer_from_file (good_png);
  GstBuffer *buf = NULL;
  GstMapInfo map;
  gsize i;

  switch (kind) {
    case IM_TEST_BAD_EMPTY:
      buf = gst_buffer_new ();
      break;
    case IM_TEST_BAD_NOT_IMAGE:
      buf = gst_buffer_new_wrapped (g_strdup ("this is a text file\n"), 20);
      break;
    case IM_TEST_BAD_TRUNCATED_JPEG:
      buf = gst_buffer_copy_region (jpeg, GST_BUFFER_COPY_ALL, 0,
          gst_buffer_get_size (jpeg) / 2);
      break;
    case IM_TEST_BAD_TRUNCATED_PNG:
      buf = gst_buffer_copy_region (png, GST_BUFFER_COPY_ALL, 0,
          gst_buffer_get_size (png) / 2);
      break;
    case IM_TEST_BAD_CORRUPT_JPEG:
      /* overwrite the middle of the scan with junk markers */
      buf = gst_buffer_copy_deep (jpeg);
      gst_buffer_map (buf, &map, GST_MAP_WRITE);
      for (i = map.size / 3; i < map.size / 3 + 64; i++)
        map.data[i] = (i % 2) ? 0xff : 0xc4;
      gst_buffer_unmap (buf, &map);
      break;
    case IM_TEST_BAD_BOMB:
      buf = gst_buffer_copy_deep (jpeg);
      patch_jpeg_size (buf);
      break;
    default:
      g_assert_not_reached ();
  }
  gst_buffer_unref (jpeg);
  gst_buffer_unref (png);
  return buf;
}

/* im_test_bad_buffer() from the bytewise first files in @dir whose names
 * end in @jpeg_suffix and @png_suffix. */
GstBuffer *
im_test_bad_buffer_in (ImTestBadKind kind, const gchar * dir,
    const gchar * jpeg_suffix, const gchar * png_suffix)
{
  GPtrArray *jpegs = im_test_list_files (dir, jpeg_suffix);
  GPtrArray *pngs = im_test_list_files (dir, png_suffix);
  GstBuffer *buf;

  fail_unless (jpegs->len > 0 && pngs->len > 0, "no *%s or *%s in %s",
      jpeg_suffix, png_suffix, dir);
  buf = im_test_bad_buffer (kind, g_ptr_array_index (jpegs, 0),
      g_ptr_array_index (pngs, 0));
  g_ptr_array_unref (jpegs);
  g_ptr_array_unref (pngs);
  return buf;
}

/* The text of the next @type (ERROR or WARNING) message on @bus, waiting up
 * to 10 s; fails the test when none comes. */
gchar *
im_test_pop_message_text (GstBus * bus, GstMessageType type)
{
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, type);
  GError *err = NULL;
  gchar *text;

  fail_unless (msg != NULL, "no %s message", gst_message_type_get_name (type));
  if (type == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, &err, NULL);
  else
    gst_message_parse_warning (msg, &err, NULL);
  text = g_strdup (err->message);
  g_error_free (err);
  gst_message_unref (msg);
  return text;
}

/* @n times: PLAYING, up to @max_playing_us, with @max_paused_us every
 * third time PAUSED for up to that long, then READY or NULL in turn; NULL
 * at the end. Every change to PLAYING, READY and NULL must not fail. */
void
im_test_cycle_states (GstElement * pipeline, guint n, guint max_playing_us,
    guint max_paused_us)
{
  guint i;

  for (i = 0; i < n; i++) {
    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
        GST_STATE_CHANGE_FAILURE);
    g_usleep (g_random_int_range (0, max_playing_us));
    if (max_paused_us && i % 3 == 0) {
      gst_element_set_state (pipeline, GST_STATE_PAUSED);
      g_usleep (g_random_int_range (0, max_paused_us));
    }
    fail_if (gst_element_set_state (pipeline, i % 2 ? GST_STATE_NULL :
            GST_STATE_READY) == GST_STATE_CHANGE_FAILURE);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* on-error=skip (set on @h's element): after the @bad input, the @good one
 * still comes out, a warning names the file, and "skipped" counts it. */
void
im_test_check_bad_input_skip (GstHarness * h, ImTestBadKind kind,
    GstBuffer * bad, GstBuffer * good)
{
  GstBus *bus = gst_bus_new ();
  GstBuffer *out;
  guint64 skipped;
  gchar *text;

  gst_element_set_bus (h->element, bus);
  bad = gst_buffer_make_writable (bad);
  gst_buffer_add_im_source_meta (bad, "broken/file name.jpg", 7, 0);
  fail_unless_equals_int (gst_harness_push (h, bad), GST_FLOW_OK);
  out = gst_harness_push_and_pull (h, good);
  fail_unless (out != NULL, "kind %d: the good image after it is lost", kind);
  gst_buffer_unref (out);

  text = im_test_pop_message_text (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "broken/file name.jpg") != NULL,
      "warning does not name the file: %s", text);
  if (kind == IM_TEST_BAD_BOMB)
    fail_unless (strstr (text, "max-pixels") != NULL, "%s", text);
  GST_INFO ("kind %d: %s", kind, text);
  g_free (text);
  g_object_get (h->element, "skipped", &skipped, NULL);
  fail_unless_equals_uint64 (skipped, 1);

  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
}

/* on-error=fail: an error names the @bad input by its offset and nothing
 * comes out. */
void
im_test_check_bad_input_fail (GstHarness * h, ImTestBadKind kind,
    GstBuffer * bad)
{
  GstBus *bus = gst_bus_new ();
  gchar *text;

  gst_element_set_bus (h->element, bus);
  bad = gst_buffer_make_writable (bad);
  GST_BUFFER_OFFSET (bad) = 4242;
  gst_harness_push (h, bad);
  text = im_test_pop_message_text (bus, GST_MESSAGE_ERROR);
  fail_unless (strstr (text, "4242") != NULL,
      "kind %d: error does not name the buffer: %s", kind, text);
  GST_INFO ("kind %d: %s", kind, text);
  g_free (text);
  fail_unless (gst_harness_try_pull (h) == NULL);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
}
