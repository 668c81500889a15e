/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * queue-saver against what the test knows independently: input pixels from
 * djpeg and a PNG decoder written here in Python, output pixels from
 * pngdec, names from the folder the test built, manifests parsed by
 * Python's csv and json modules, failures from a file size limit, a full
 * and a read-only tmpfs, a parent that is a file, and SIGKILL at random
 * moments. Pipelines that must die or need their own mount namespace run
 * in a child: this binary re-executed with --child (see child_main ()).
 */
#define _GNU_SOURCE             /* unshare () */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimsaver.h>
#include "imtest.h"

static gchar *gen_dir;          /* imagemill-gen --set tests */
static gchar *data_dir;         /* the dataset built from it */
static gchar *self_exe;         /* this binary, for --child */

/* generator file -> dataset path: sub-folders, spaces, UTF-8, CSV quoting */
static const gchar *const dataset[][2] = {
  {"jpeg_420_q90_333x257.jpg", "top level.jpg"},
  {"jpeg_444_q90_7x3.jpg", "a/tiny 7x3.jpg"},
  {"jpeg_gray_q90_333x257.jpg", "a/b c/grå ö.jpg"},
  {"png_rgb_333x257.png", "a/b c/日本 写真.png"},
  {"png_rgba16_160x120.png", "a/b c/d/comma, \"quoted\".png"},
  {"jpeg_420_progressive_q90_640x480.jpg", "e/prog.jpg"},
  {"png_palette_trns_333x257.png", "e/palette.png"},
  {"png_gray_adam7_7x3.png", "e/f/g/adam7.png"},
  {"jpeg_420_q90_1x1.jpg", "one.jpg"},
};

/* ---- files ---- */

static void
list_into (const gchar * root, const gchar * rel, GPtrArray * out)
{
  gchar *path = g_build_filename (root, rel, NULL);
  GDir *dir = g_dir_open (path, 0, NULL);
  const gchar *name;

  while (dir && (name = g_dir_read_name (dir))) {
    gchar *child = *rel ? g_build_filename (rel, name, NULL) : g_strdup (name);
    gchar *full = g_build_filename (root, child, NULL);

    if (g_file_test (full, G_FILE_TEST_IS_DIR)) {
      list_into (root, child, out);
      g_free (child);
    } else {
      g_ptr_array_add (out, child);
    }
    g_free (full);
  }
  if (dir)
    g_dir_close (dir);
  g_free (path);
}

/* Every file under @root (recursively), relative, sorted bytewise. */
static GPtrArray *
list_tree (const gchar * root)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  list_into (root, "", out);
  g_ptr_array_sort (out, im_test_compare_strings);
  return out;
}

static gboolean
is_temp_path (const gchar * rel)
{
  gchar *base = g_path_get_basename (rel);
  gboolean temp = gst_im_is_temp_name (base);

  g_free (base);
  return temp;
}

static guint
count_final_files (const gchar * root)
{
  GPtrArray *files = list_tree (root);
  guint i, n = 0;

  for (i = 0; i < files->len; i++)
    n += !is_temp_path (g_ptr_array_index (files, i));
  g_ptr_array_unref (files);
  return n;
}

static guint
tree_count (const gchar * root)
{
  GPtrArray *files = list_tree (root);
  guint n = files->len;

  g_ptr_array_unref (files);
  return n;
}

/* Every file of @a and @b: same names, same bytes. */
static void
assert_same_trees (const gchar * a, const gchar * b)
{
  GPtrArray *fa = list_tree (a), *fb = list_tree (b);
  guint i;

  fail_unless_equals_int (fa->len, fb->len);
  for (i = 0; i < fa->len; i++) {
    const gchar *rel = g_ptr_array_index (fa, i);
    gchar *pa = g_build_filename (a, rel, NULL);
    gchar *pb = g_build_filename (b, rel, NULL);
    GBytes *ba, *bb;

    fail_unless_equals_string (rel, g_ptr_array_index (fb, i));
    ba = im_test_read_bytes (pa);
    bb = im_test_read_bytes (pb);
    fail_unless (g_bytes_equal (ba, bb), "%s differs", rel);
    g_bytes_unref (ba);
    g_bytes_unref (bb);
    g_free (pa);
    g_free (pb);
  }
  g_ptr_array_unref (fa);
  g_ptr_array_unref (fb);
}

/* ---- pixels ---- */

/* A PNG decoder for the oracle, in Python with its zlib: every colour type
 * and bit depth, the filters, Adam7. It writes a PPM of what decoder-pool
 * gives in RGB: gray replicated, low bit depths scaled as libpng does,
 * 16-bit samples cut to their high byte, palettes expanded, alpha dropped.
 * (pngdec's 16-bit colour output is broken in GStreamer 1.22.) */
static const gchar png_to_ppm[] =
    "import struct, sys, zlib\n"
    "d = open(sys.argv[1], 'rb').read()\n"
    "assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'\n"
    "pos, idat, plte = 8, b'', b''\n"
    "while pos < len(d):\n"
    "    n, t = struct.unpack('>I4s', d[pos:pos + 8])\n"
    "    c = d[pos + 8:pos + 8 + n]\n"
    "    pos += 12 + n\n"
    "    if t == b'IHDR':\n"
    "        w, h, depth, ctype, _, _, lace = struct.unpack('>IIBBBBB', c)\n"
    "    elif t == b'PLTE':\n"
    "        plte = c\n"
    "    elif t == b'IDAT':\n"
    "        idat += c\n"
    "raw = zlib.decompress(idat)\n"
    "ch = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]\n"
    "bpp = max(1, ch * depth // 8)\n"
    "off = 0\n"
    "def rows(pw, ph):\n"
    "    global off\n"
    "    stride = (pw * ch * depth + 7) // 8\n"
    "    prev, out = bytearray(stride), []\n"
    "    for _ in range(ph if pw else 0):\n"
    "        f, cur = raw[off], bytearray(raw[off + 1:off + 1 + stride])\n"
    "        off += 1 + stride\n"
    "        for i in range(stride):\n"
    "            a = cur[i - bpp] if i >= bpp else 0\n"
    "            b, c = prev[i], prev[i - bpp] if i >= bpp else 0\n"
    "            if f == 4:\n"
    "                p = a + b - c\n"
    "                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)\n"
    "                a = a if pa <= pb and pa <= pc else b if pb <= pc else c\n"
    "            cur[i] = (cur[i] + [0, a, b, (a + b) // 2, a][f]) & 255\n"
    "        out.append(cur)\n"
    "        prev = cur\n"
    "    return out\n"
    "def rgb(row, x):\n"
    "    if depth == 16:\n"
    "        s = [row[2 * (x * ch + k)] for k in range(ch)]\n"
    "    elif depth == 8:\n"
    "        s = row[x * ch:x * ch + ch]\n"
    "    else:\n"
    "        per, mask = 8 // depth, (1 << depth) - 1\n"
    "        v = (row[x // per] >> (8 - depth * (x % per + 1))) & mask\n"
    "        s = [v if ctype == 3 else v * 255 // mask]\n"
    "    if ctype == 3:\n"
    "        return plte[3 * s[0]:3 * s[0] + 3]\n"
    "    return bytes(s[:3]) if ctype in (2, 6) else bytes([s[0]] * 3)\n"
    "img = bytearray(w * h * 3)\n"
    "passes = [(0, 0, 1, 1)] if lace == 0 else [(0, 0, 8, 8),\n"
    "    (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4),\n"
    "    (1, 0, 2, 2), (0, 1, 1, 2)]\n"
    "for xs, ys, dx, dy in passes:\n"
    "    pw, ph = (w - xs + dx - 1) // dx, (h - ys + dy - 1) // dy\n"
    "    for r, row in enumerate(rows(pw, ph)):\n"
    "        for x in range(pw):\n"
    "            o = ((ys + r * dy) * w + xs + x * dx) * 3\n"
    "            img[o:o + 3] = rgb(row, x)\n"
    "open(sys.argv[2], 'wb').write(b'P6\\n%d %d\\n255\\n' % (w, h) + img)\n";

/* The input decoded as decoder-pool decodes it to RGB, by decoders that
 * are not the project's: djpeg for JPEG (gray expanded), png_to_ppm for
 * PNG. */
static void
decode_input_rgb (const gchar * path, ImTestImage * img)
{
  const gchar *python[] = { "python3", "-c", png_to_ppm, path, "OUT", NULL };
  gchar *why = NULL;

  fail_unless (g_str_has_suffix (path, ".jpg") ?
      im_test_djpeg (path, NULL, img, &why) :
      im_test_run_pnm (python, img, &why), "could not decode %s: %s", path,
      why);
  im_test_image_to_rgb (img);
}

/* An output PNG, decoded by pngdec (libpng), as packed RGB (gray
 * expanded, alpha dropped: images keep their channels). */
static void
decode_png_rgb (const gchar * path, ImTestImage * img)
{
  GBytes *png = im_test_read_bytes (path);

  im_test_pngdec (png, NULL, img);
  g_bytes_unref (png);
  im_test_image_to_rgb (img);
}

/* A 96x64 RGB frame whose content depends on @seed. */
static GstBuffer *
make_frame (guint seed, const gchar * source, guint64 index, guint copy)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 96 * 64 * 3, NULL);
  GstMapInfo map;
  gsize i;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (i = 0; i < map.size; i++)
    map.data[i] = (i * (seed + 3) + (i / 288) * 7 + seed * 31) & 0xff;
  gst_buffer_unmap (buf, &map);
  if (source)
    gst_buffer_add_im_source_meta (buf, source, index, copy);
  return buf;
}

#define FRAME_CAPS "video/x-raw,format=RGB,width=96,height=64,framerate=0/1"

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (FRAME_CAPS));

/* ---- running pipelines ---- */

typedef struct
{
  gboolean eos;
  gchar *error;                 /* the error's message, or NULL */
  gchar *error_debug;
  GPtrArray *warnings;
  GPtrArray *files;             /* queue-saver-file: "status location" */
} RunResult;

static void
run_result_clear (RunResult * r)
{
  g_free (r->error);
  g_free (r->error_debug);
  g_ptr_array_unref (r->warnings);
  g_ptr_array_unref (r->files);
}

/* Pops messages until EOS or an error. */
static void
collect (GstBus * bus, RunResult * r)
{
  memset (r, 0, sizeof (*r));
  r->warnings = g_ptr_array_new_with_free_func (g_free);
  r->files = g_ptr_array_new_with_free_func (g_free);
  for (;;) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING |
        GST_MESSAGE_ELEMENT);
    const GstStructure *s;
    GError *err = NULL;
    gchar *debug = NULL;

    if (msg == NULL) {
      /* no fail_unless (): collect () also runs in --child */
      r->error = g_strdup ("no EOS or error within 120 s");
      return;
    }
    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_EOS:
        r->eos = TRUE;
        break;
      case GST_MESSAGE_ERROR:
        gst_message_parse_error (msg, &err, &debug);
        r->error = g_strdup (err->message);
        r->error_debug = debug;
        g_error_free (err);
        break;
      case GST_MESSAGE_WARNING:
        gst_message_parse_warning (msg, &err, NULL);
        g_ptr_array_add (r->warnings, g_strdup (err->message));
        g_error_free (err);
        break;
      default:
        s = gst_message_get_structure (msg);
        if (s && gst_structure_has_name (s, "queue-saver-file"))
          g_ptr_array_add (r->files, g_strdup_printf ("%s %s",
                  gst_structure_get_string (s, "status"),
                  gst_structure_get_string (s, "location")));
        break;
    }
    gst_message_unref (msg);
    if (r->eos || r->error)
      return;
  }
}

static void
run_launch (const gchar * launch, RunResult * r)
{
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (launch, &err);
  GstBus *bus;

  fail_unless (pipeline != NULL, "%s: %s", launch, err ? err->message : "");
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  collect (bus, r);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_NULL) ==
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
}

static GstHarness *
new_parse (const gchar * props)
{
  gchar *launch = g_strdup_printf ("queue-saver %s", props);
  GstHarness *h = gst_harness_new_parse (launch);

  g_free (launch);
  return h;
}

/* A harness on queue-saver with @props, raw RGB frames in, a bus out. */
static GstHarness *
new_saver (const gchar * props, GstBus ** bus)
{
  GstHarness *h = new_parse (props);

  *bus = gst_bus_new ();
  gst_element_set_bus (h->element, *bus);
  gst_harness_set_src_caps_str (h, FRAME_CAPS);
  return h;
}

static GstElement *
saver_of (GstHarness * h)
{
  return GST_IS_BIN (h->element) ? gst_bin_get_by_name (GST_BIN (h->element),
      "saver") : gst_object_ref (h->element);
}

static void
finish_saver (GstHarness * h, GstBus * bus, RunResult * r)
{
  /* refused (FALSE) after a failure: EOS means everything was saved */
  gst_harness_push_event (h, gst_event_new_eos ());
  collect (bus, r);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

static gboolean
have_dataset_src (void)
{
  GstElementFactory *f = gst_element_factory_find ("dataset-src");

  if (f == NULL)
    return FALSE;
  gst_object_unref (f);
  return TRUE;
}

/* decoder-pool ! queue-saver @props over the test dataset: from dataset-src
 * when it is there, else pushed here in dataset order with source metas. */
static void
save_dataset (const gchar * props, RunResult * r)
{
  if (have_dataset_src ()) {
    gchar *launch = g_strdup_printf ("dataset-src location=\"%s\" "
        "recursive=true ! decoder-pool ! queue-saver %s", data_dir, props);

    run_launch (launch, r);
    g_free (launch);
  } else {
    gchar *launch = g_strdup_printf ("decoder-pool ! queue-saver %s", props);
    GstHarness *h = gst_harness_new_parse (launch);
    GPtrArray *files = list_tree (data_dir);
    GstBus *bus = gst_bus_new ();
    guint i;

    GST_INFO ("no dataset-src: pushing the dataset from the test");
    gst_element_set_bus (h->element, bus);
    gst_harness_set_src_caps_str (h, "image/jpeg,parsed=true");
    for (i = 0; i < files->len; i++) {
      gchar *p = g_build_filename (data_dir, g_ptr_array_index (files, i),
          NULL);
      GstBuffer *buf = gst_buffer_new_wrapped_bytes (im_test_read_bytes (p));

      GST_BUFFER_OFFSET (buf) = i;
      gst_buffer_add_im_source_meta (buf, g_ptr_array_index (files, i), i, 0);
      fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
      g_free (p);
    }
    finish_saver (h, bus, r);
    g_ptr_array_unref (files);
    g_free (launch);
  }
}

/* ---- round trip, determinism ---- */

GST_START_TEST (test_round_trip_png)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *props = g_strdup_printf ("location=\"%s/{dir}/{stem}.png\" "
      "savers=3", out);
  GPtrArray *in, *got;
  RunResult r;
  guint i;

  save_dataset (props, &r);
  fail_unless (r.eos && r.error == NULL, "%s", r.error);
  in = list_tree (data_dir);
  got = list_tree (out);
  fail_unless_equals_int (got->len, in->len);
  for (i = 0; i < in->len; i++) {
    const gchar *rel = g_ptr_array_index (in, i);
    gchar *stem = g_strndup (rel, strrchr (rel, '.') - rel);
    gchar *want_rel = g_strconcat (stem, ".png", NULL);
    gchar *src = g_build_filename (data_dir, rel, NULL);
    gchar *dst = g_build_filename (out, want_rel, NULL);
    ImTestImage a, b;

    fail_unless (g_file_test (dst, G_FILE_TEST_IS_REGULAR), "no %s", want_rel);
    decode_input_rgb (src, &a);
    decode_png_rgb (dst, &b);
    fail_unless (a.width == b.width && a.height == b.height, "%s: size", rel);
    fail_unless (memcmp (a.pixels, b.pixels, (gsize) a.width * a.height * 3)
        == 0, "%s: pixels", rel);
    im_test_image_clear (&a);
    im_test_image_clear (&b);
    g_free (src);
    g_free (dst);
    g_free (stem);
    g_free (want_rel);
  }
  g_ptr_array_unref (in);
  g_ptr_array_unref (got);
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (props);
}

GST_END_TEST;

/* JPEG and PNG out (by the source's extension), same bytes for any savers */
GST_START_TEST (test_same_bytes_any_savers)
{
  gchar *ref = im_test_make_tmp_dir ("qs-ref-XXXXXX");
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  guint savers = __i__ + 1;
  gchar *p1 = g_strdup_printf ("location=\"%s/{dir}/{stem}.{ext}\" "
      "savers=1 quality=85", ref);
  gchar *pn = g_strdup_printf ("location=\"%s/{dir}/{stem}.{ext}\" "
      "savers=%u max-queued=%u quality=85", out, savers, savers);
  RunResult r;

  save_dataset (p1, &r);
  fail_unless (r.eos, "%s", r.error);
  run_result_clear (&r);
  save_dataset (pn, &r);
  fail_unless (r.eos, "%s", r.error);
  run_result_clear (&r);
  assert_same_trees (ref, out);
  im_test_remove_tree (ref);
  im_test_remove_tree (out);
  g_free (ref);
  g_free (out);
  g_free (p1);
  g_free (pn);
}

GST_END_TEST;

/* ---- names ---- */

GST_START_TEST (test_pattern_tokens)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *props = g_strdup_printf ("name=saver post-messages=true "
      "location=\"%s/{dir}/{stem}-{copy}_%%03d.{ext}.ppm\"", out);
  static const gchar *const want[] = {
    "a/b/photo one-0_007.jpg.ppm", "x-2_008.png.ppm", "abs/y-0_009..ppm",
    ".hidden-0_010..ppm",
  };
  GstBus *bus;
  GstHarness *h = new_saver (props, &bus);
  GPtrArray *files;
  RunResult r;
  guint i;

  gst_harness_push (h, make_frame (1, "a/b/photo one.jpg", 7, 0));
  gst_harness_push (h, make_frame (2, "x.png", 8, 2));
  gst_harness_push (h, make_frame (3, "/abs/y", 9, 0));
  gst_harness_push (h, make_frame (4, ".hidden", 10, 0));
  finish_saver (h, bus, &r);
  fail_unless (r.eos, "%s", r.error);
  files = list_tree (out);
  fail_unless_equals_int (files->len, G_N_ELEMENTS (want));
  for (i = 0; i < G_N_ELEMENTS (want); i++) {
    gchar *p = g_build_filename (out, want[i], NULL);

    fail_unless (g_file_test (p, G_FILE_TEST_IS_REGULAR), "no %s", want[i]);
    /* messages in input order */
    fail_unless (g_str_has_suffix (g_ptr_array_index (r.files, i), want[i]));
    g_free (p);
  }
  g_ptr_array_unref (files);
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (props);
}

GST_END_TEST;

/* without a source meta the index is the buffer count */
GST_START_TEST (test_pattern_running_index)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *props = g_strdup_printf ("location=\"%s/f%%%%_%%04d_{index}.pgm\"",
      out);
  GstBus *bus;
  GstHarness *h = new_saver (props, &bus);
  RunResult r;
  guint i;

  for (i = 0; i < 3; i++)
    gst_harness_push (h, make_frame (i, NULL, 0, 0));
  finish_saver (h, bus, &r);
  fail_unless (r.eos, "%s", r.error);
  for (i = 0; i < 3; i++) {
    gchar *p = g_strdup_printf ("%s/f%%_%04u_%u.pgm", out, i, i);
    GBytes *b = im_test_read_bytes (p);

    fail_unless (g_str_has_prefix (g_bytes_get_data (b, NULL), "P5\n96 64\n"));
    g_bytes_unref (b);
    g_free (p);
  }
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (props);
}

GST_END_TEST;

/* names that must fail, each naming why */
static const struct
{
  const gchar *location;
  const gchar *source;
  const gchar *expect;
} bad_names[] = {
  {"{stem}.png", NULL, "no source path"},
  {"{dir}/{name}.png", "../../etc/passwd", "\"..\" comes from {dir}"},
  {"{dir}/{name}.png", "a/../../b.jpg", "\"..\" comes from {dir}"},
  {"{stem}/{index}.png", "list/...jpg", "\"..\" comes from {stem}"},
  {"%05d.tiff", "a.jpg", "cannot tell the format"},
};

GST_START_TEST (test_bad_names)
{
  gchar *parent = im_test_make_tmp_dir ("qs-parent-XXXXXX");
  gchar *out = g_build_filename (parent, "out", NULL);
  gchar *props = g_strdup_printf ("location=\"%s/%s\"", out,
      bad_names[__i__].location);
  GstBus *bus = gst_bus_new ();
  GstHarness *h = new_parse (props);
  RunResult r;

  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, FRAME_CAPS);
  gst_harness_push (h, make_frame (1, bad_names[__i__].source, 0, 0));
  gst_harness_push_event (h, gst_event_new_eos ());
  collect (bus, &r);
  fail_unless (r.error != NULL, "%s: no error", bad_names[__i__].location);
  fail_unless (strstr (r.error, bad_names[__i__].expect) != NULL, "%s",
      r.error);
  if (g_str_has_prefix (r.error, "Refusing"))
    fail_unless (strstr (r.error, bad_names[__i__].source) != NULL,
        "the error does not name the source: %s", r.error);
  GST_INFO ("%s", r.error);
  fail_unless_equals_int (tree_count (parent), 0);
  run_result_clear (&r);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
  im_test_remove_tree (parent);
  g_free (parent);
  g_free (out);
  g_free (props);
}

GST_END_TEST;

/* Source names a list file could hold, each a way out of the output folder
 * for a naive expansion: "..." has the stem "..", ".." the stem ".". */
static const gchar *const hostile_sources[] = {
  "..", ".", "...jpg", "..jpg", "a/../../b.jpg", "../x.jpg", "a/..",
  "a//b.jpg", "//etc/x.jpg", "./a/./b.jpg", "noext", "ok.png", "/...",
};

/* Every token, as a folder and inside a name, under OUT/; and how many of
 * hostile_sources each must refuse, counted by hand from the names'
 * stem/name/ext/dir. */
static const struct
{
  const gchar *pattern;
  guint refused;
} hostile_patterns[] = {
  {"{stem}/{index}.ppm", 6},    /* stems "." and ".." */
  {"{name}/{index}.ppm", 3},    /* names "." and ".." */
  {"{ext}/{index}.ppm", 5},     /* empty extensions */
  {"{dir}/{index}.ppm", 2},     /* folders with ".." */
  {"{dir}/{name}.{index}.ppm", 2},
  {"{stem}.{ext}/{index}.ppm", 3},      /* "." + "." + "" */
  {"{stem}{ext}/{index}.ppm", 4},
  {"{stem}/../{index}.ppm", 6},
  /* an empty {dir} makes the text's ".." climb above OUT/x/ */
  {"x/{dir}/../{index}.ppm", 9},
  {"{copy}/{index}/%03d.ppm", 0},
};

/* Hostile names through every token, on-error=skip: each input ends as a
 * file inside OUT or as a warning naming its source, and nothing at all
 * appears outside OUT: the folder three levels above it is scanned on disk,
 * deeper than any of these names could climb. */
GST_START_TEST (test_hostile_names)
{
  gchar *parent = im_test_make_tmp_dir ("qs-parent-XXXXXX");
  gchar *out = g_build_filename (parent, "1", "2", "out", NULL);
  gchar *out_slash = g_strconcat (out, "/", NULL);
  gchar *props = g_strdup_printf ("on-error=skip post-messages=true "
      "location=\"%s/%s\"", out, hostile_patterns[__i__].pattern);
  const guint n = G_N_ELEMENTS (hostile_sources);
  guint refused = hostile_patterns[__i__].refused, i, j;
  gboolean named[G_N_ELEMENTS (hostile_sources)] = { FALSE, };
  GPtrArray *files;
  GstHarness *h;
  GstBus *bus;
  RunResult r;

  h = new_saver (props, &bus);
  for (i = 0; i < n; i++)
    fail_unless_equals_int (gst_harness_push (h, make_frame (i,
                hostile_sources[i], i, i % 3)), GST_FLOW_OK);
  finish_saver (h, bus, &r);
  fail_unless (r.eos, "%s", r.error);

  /* on disk: those files, no others, nothing outside OUT */
  files = list_tree (parent);
  for (i = 0; i < files->len; i++)
    fail_unless (g_str_has_prefix (g_ptr_array_index (files, i),
            "1/2/out/"), "%s written outside the output folder",
        (gchar *) g_ptr_array_index (files, i));
  fail_unless_equals_int (files->len, n - refused);
  g_ptr_array_unref (files);

  /* one warning per refused input, naming its source */
  fail_unless_equals_int (r.warnings->len, refused);
  for (i = 0; i < r.warnings->len; i++) {
    const gchar *text = g_ptr_array_index (r.warnings, i);
    /* the reporter's "Skipped INPUT: " then the save queue's reason */
    const gchar *msg = strstr (text, ": Refusing to save \"");

    GST_INFO ("%s", text);
    fail_unless (g_str_has_prefix (text, "Skipped \""), "%s", text);
    fail_unless (msg != NULL, "%s", text);
    msg += 2;
    for (j = 0; j < n; j++) {
      gchar *quoted = g_strdup_printf ("\"%s\" as \"%s", hostile_sources[j],
          out_slash);
      gboolean hit = g_str_has_prefix (msg + strlen ("Refusing to save "),
          quoted);

      g_free (quoted);
      if (hit)
        break;
    }
    fail_unless (j < n && !named[j], "%s", text);
    named[j] = TRUE;
  }

  /* the other inputs saved, each inside OUT even once ".." is resolved */
  fail_unless_equals_int (r.files->len, n - refused);
  for (i = 0; i < r.files->len; i++) {
    const gchar *location = strchr (g_ptr_array_index (r.files, i), ' ') + 1;
    gchar *resolved = g_canonicalize_filename (location, NULL);

    fail_unless (g_str_has_prefix (resolved, out_slash), "%s", location);
    g_free (resolved);
  }
  run_result_clear (&r);
  im_test_remove_tree (parent);
  g_free (parent);
  g_free (out);
  g_free (out_slash);
  g_free (props);
}

GST_END_TEST;

/* settings refused when the element starts: one error that says what is
 * wrong, never GstBaseSink's "failed to post a proper error message" */
static const struct
{
  const gchar *location;
  const gchar *expect;
  const gchar *more;            /* other properties */
} bad_patterns[] = {
  {"%s.png", "not an index conversion"},
  {"%5.png", "not an index conversion"},
  {"{nope}.png", "unknown token"},
  {"{stem.png", "unknown token"},
  {"", "empty"},
  {"%05d.png", "must end in .csv", "manifest=saved.txt"},
};

GST_START_TEST (test_bad_pattern)
{
  gchar *launch = g_strdup_printf ("videotestsrc num-buffers=1 ! "
      "queue-saver location=\"%s\" %s", bad_patterns[__i__].location,
      bad_patterns[__i__].more ? bad_patterns[__i__].more : "");
  GstElement *pipeline = gst_parse_launch (launch, NULL);
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  GError *err = NULL;

  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, 0, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, bad_patterns[__i__].expect) != NULL,
      "%s", err->message);
  GST_INFO ("%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_if (msg != NULL, "a second error: %" GST_PTR_FORMAT, msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  g_free (launch);
}

GST_END_TEST;

/* ---- formats ---- */

/* encoded input is written byte for byte; a codec mismatch fails */
GST_START_TEST (test_encoded_passthrough)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *props = g_strdup_printf ("name=saver on-error=skip "
      "location=\"%s/{dir}/{name}\"", out);
  gchar *props2 = g_strdup_printf ("name=saver on-error=skip "
      "location=\"%s/x/{stem}.png\"", out);
  gchar *jpg = g_build_filename (gen_dir, "jpeg_420_q90_333x257.jpg", NULL);
  gchar *got_path = g_build_filename (out, "in", "put.jpg", NULL);
  GstHarness *h = new_parse (props);
  GstBus *bus = gst_bus_new ();
  GBytes *want = im_test_read_bytes (jpg), *got;
  GstBuffer *buf;
  GstElement *saver;
  guint64 skipped;
  RunResult r;

  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, "image/jpeg");
  buf = gst_buffer_new_wrapped_bytes (want);
  gst_buffer_add_im_source_meta (buf, "in/put.jpg", 0, 0);
  gst_harness_push (h, buf);
  finish_saver (h, bus, &r);
  fail_unless (r.eos, "%s", r.error);
  got = im_test_read_bytes (got_path);
  fail_unless (g_bytes_equal (want, got));
  g_bytes_unref (got);
  run_result_clear (&r);

  /* JPEG data to a .png name: a warning naming the file, then go on */
  h = new_parse (props2);
  bus = gst_bus_new ();
  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, "image/jpeg");
  buf = gst_buffer_new_wrapped_bytes (want);
  gst_buffer_add_im_source_meta (buf, "in/put.jpg", 0, 0);
  gst_harness_push (h, buf);
  saver = saver_of (h);
  finish_saver (h, bus, &r);
  fail_unless (r.eos, "%s", r.error);
  fail_unless_equals_int (r.warnings->len, 1);
  fail_unless (strstr (g_ptr_array_index (r.warnings, 0), "x/put.png"));
  fail_unless (strstr (g_ptr_array_index (r.warnings, 0), "JPEG data"));
  g_object_get (saver, "skipped", &skipped, NULL);
  fail_unless_equals_uint64 (skipped, 1);
  gst_object_unref (saver);
  run_result_clear (&r);

  g_bytes_unref (want);
  im_test_remove_tree (out);
  g_free (out);
  g_free (props);
  g_free (props2);
  g_free (jpg);
  g_free (got_path);
}

GST_END_TEST;

/* format= wins over the extension */
GST_START_TEST (test_format_property)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *props = g_strdup_printf ("format=jpeg quality=50 "
      "location=\"%s/%%d.bin\"", out);
  gchar *path = g_build_filename (out, "0.bin", NULL);
  GstBus *bus;
  GstHarness *h = new_saver (props, &bus);
  RunResult r;
  GBytes *b;

  gst_harness_push (h, make_frame (5, NULL, 0, 0));
  finish_saver (h, bus, &r);
  fail_unless (r.eos, "%s", r.error);
  b = im_test_read_bytes (path);
  fail_unless (gst_im_codec_sniff (g_bytes_get_data (b, NULL),
          g_bytes_get_size (b)) == GST_IM_CODEC_JPEG);
  g_bytes_unref (b);
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (props);
  g_free (path);
}

GST_END_TEST;

/* ---- manifest ---- */

/* The manifest read by Python's csv / json, as "location|source|index|
 * copy|bytes|status" lines; NULL when python3 is missing. */
static gchar *
parse_manifest (const gchar * path)
{
  const gchar *script =
      "import csv, json, sys\n"
      "p = sys.argv[1]\n"
      "if p.endswith('.csv'):\n"
      "    rows = list(csv.DictReader(open(p, newline='', encoding='utf-8')))\n"
      "else:\n"
      "    rows = [json.loads(l) for l in open(p, encoding='utf-8')]\n"
      "for r in rows:\n"
      "    print('|'.join(str(r[k]) if r[k] is not None else '' for k in\n"
      "        ('location', 'source', 'index', 'copy', 'bytes', 'status')))\n";
  const gchar *argv[] = { "python3", "-c", script, path, NULL };
  gchar *out = NULL;
  gint status;

  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
          NULL, &out, NULL, &status, NULL)) {
    GST_INFO ("no python3: not parsing the manifest");
    return NULL;
  }
  fail_unless (g_spawn_check_wait_status (status, NULL), "python3 could not "
      "parse %s", path);
  return out;
}

GST_START_TEST (test_manifest)
{
  const gchar *ext = __i__ ? "jsonl" : "csv";
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *manifest = g_strdup_printf ("%s/list/manifest.%s", out, ext);
  gchar *props = g_strdup_printf ("location=\"%s/{dir}/{stem}.png\" "
      "manifest=\"%s\" savers=2", out, manifest);
  GString *want = g_string_new (NULL);
  GPtrArray *in = list_tree (data_dir);
  gchar *got;
  RunResult r;
  guint i;

  save_dataset (props, &r);
  fail_unless (r.eos, "%s", r.error);
  for (i = 0; i < in->len; i++) {
    const gchar *rel = g_ptr_array_index (in, i);
    gchar *stem = g_strndup (rel, strrchr (rel, '.') - rel);
    gchar *loc = g_strdup_printf ("%s/%s.png", out, stem);
    GStatBuf st;

    fail_unless (g_stat (loc, &st) == 0, "%s", loc);
    g_string_append_printf (want, "%s|%s|%u|0|%" G_GUINT64_FORMAT
        "|written\n", loc, rel, i, (guint64) st.st_size);
    g_free (stem);
    g_free (loc);
  }
  got = parse_manifest (manifest);
  if (got)
    fail_unless_equals_string (got, want->str);
  /* no temporary manifest left */
  {
    gchar *dir = g_path_get_dirname (manifest);

    fail_unless_equals_int (count_final_files (dir), 1);
    fail_unless_equals_int (tree_count (dir), 1);
    g_free (dir);
  }
  g_free (got);
  g_string_free (want, TRUE);
  g_ptr_array_unref (in);
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (manifest);
  g_free (props);
}

GST_END_TEST;

/* ---- if-exists ---- */

/* half the files are there: skip makes exactly the other half */
GST_START_TEST (test_if_exists_skip_resumes)
{
  gchar *ref = im_test_make_tmp_dir ("qs-ref-XXXXXX");
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *p_ref = g_strdup_printf ("location=\"%s/{dir}/{stem}.{ext}\"", ref);
  gchar *p_out = g_strdup_printf ("location=\"%s/{dir}/{stem}.{ext}\" "
      "if-exists=skip post-messages=true savers=2", out);
  GPtrArray *files;
  GHashTable *kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      g_free);
  RunResult r;
  guint i, n_written = 0, n_existing = 0;

  save_dataset (p_ref, &r);
  fail_unless (r.eos, "%s", r.error);
  run_result_clear (&r);
  files = list_tree (ref);

  /* keep every other file, with a mark that a rewrite would erase */
  for (i = 0; i < files->len; i += 2) {
    gchar *from = g_build_filename (ref, g_ptr_array_index (files, i), NULL);
    gchar *to = g_build_filename (out, g_ptr_array_index (files, i), NULL);
    gchar *dir = g_path_get_dirname (to);
    GBytes *b = im_test_read_bytes (from);
    GStatBuf st;

    g_mkdir_with_parents (dir, 0755);
    fail_unless (g_file_set_contents (to, g_bytes_get_data (b, NULL),
            g_bytes_get_size (b), NULL));
    fail_unless (g_stat (to, &st) == 0);
    g_hash_table_insert (kept, g_strdup (to), g_strdup_printf ("%lu",
            (gulong) st.st_ino));
    g_bytes_unref (b);
    g_free (from);
    g_free (to);
    g_free (dir);
  }

  save_dataset (p_out, &r);
  fail_unless (r.eos, "%s", r.error);
  fail_unless_equals_int (r.files->len, files->len);
  for (i = 0; i < r.files->len; i++) {
    const gchar *msg = g_ptr_array_index (r.files, i);
    const gchar *loc = strchr (msg, ' ') + 1;
    gboolean was_kept = g_hash_table_contains (kept, loc);

    fail_unless (g_str_has_prefix (msg, was_kept ? "existing " : "written "),
        "%s", msg);
    n_written += !was_kept;
    n_existing += was_kept;
    if (was_kept) {
      GStatBuf st;
      gchar *ino;

      fail_unless (g_stat (loc, &st) == 0);
      ino = g_strdup_printf ("%lu", (gulong) st.st_ino);
      fail_unless_equals_string (ino, g_hash_table_lookup (kept, loc));
      g_free (ino);
    }
  }
  fail_unless_equals_int (n_existing, (files->len + 1) / 2);
  fail_unless_equals_int (n_written, files->len / 2);
  assert_same_trees (ref, out);

  run_result_clear (&r);
  g_hash_table_unref (kept);
  g_ptr_array_unref (files);
  im_test_remove_tree (ref);
  im_test_remove_tree (out);
  g_free (ref);
  g_free (out);
  g_free (p_ref);
  g_free (p_out);
}

GST_END_TEST;

GST_START_TEST (test_if_exists_error)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *path = g_build_filename (out, "1.png", NULL);
  gchar *props = g_strdup_printf ("if-exists=error location=\"%s/%%d.png\"",
      out);
  GstBus *bus;
  GstHarness *h;
  RunResult r;
  GBytes *b;

  fail_unless (g_file_set_contents (path, "keep me", -1, NULL));
  h = new_saver (props, &bus);
  gst_harness_push (h, make_frame (0, NULL, 0, 0));
  gst_harness_push (h, make_frame (1, NULL, 0, 0));
  finish_saver (h, bus, &r);
  fail_unless (r.error != NULL);
  fail_unless (strstr (r.error, path) && strstr (r.error, "exists"), "%s",
      r.error);
  b = im_test_read_bytes (path);
  fail_unless (g_bytes_get_size (b) == 7);
  g_bytes_unref (b);
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (path);
  g_free (props);
}

GST_END_TEST;

/* ---- EOS, back-pressure, flush, state changes ---- */

static GstBusSyncReply
check_files_at_eos (GstBus * bus, GstMessage * msg, gpointer data)
{
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
    const gchar *out = data;

    /* on the thread that posts EOS, before anyone else sees it */
    g_object_set_data (G_OBJECT (bus), "files-at-eos",
        GUINT_TO_POINTER (count_final_files (out)));
  }
  return GST_BUS_PASS;
}

/* slow writes: when EOS is posted every file is already there */
GST_START_TEST (test_eos_after_files)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *launch = g_strdup_printf ("videotestsrc num-buffers=12 ! "
      "video/x-raw,format=RGB,width=64,height=48 ! queue-saver savers=2 "
      "max-queued=20 max-write-rate=200000 location=\"%s/%%02d.ppm\"", out);
  GstElement *pipeline = gst_parse_launch (launch, NULL);
  GstBus *bus = gst_element_get_bus (pipeline);
  RunResult r;

  gst_bus_set_sync_handler (bus, check_files_at_eos, out, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  collect (bus, &r);
  fail_unless (r.eos);
  fail_unless_equals_int (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (bus),
              "files-at-eos")), 12);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (launch);
}

GST_END_TEST;

/* upstream blocks: after push k, at least k - max files are written */
static const struct
{
  const gchar *props;
  guint max;
} bounds[] = {
  {"max-queued=3", 3},
  {"max-queued=100 max-queued-bytes=40000", 2}, /* frames are 18432 B */
  {"max-queued=1", 1},
};

GST_START_TEST (test_queue_bound)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  /* a PPM is 18447 bytes: about 20 ms each at 1 MB/s */
  gchar *props = g_strdup_printf ("savers=2 max-write-rate=1000000 %s "
      "location=\"%s/%%03d.ppm\"", bounds[__i__].props, out);
  GstBus *bus;
  GstHarness *h = new_saver (props, &bus);
  RunResult r;
  guint i, n = 15;

  for (i = 1; i <= n; i++) {
    guint written;

    fail_unless_equals_int (gst_harness_push (h, make_frame (i, NULL, 0, 0)),
        GST_FLOW_OK);
    written = count_final_files (out);
    fail_unless (written + bounds[__i__].max >= i, "%u pushed, %u written, "
        "bound %u", i, written, bounds[__i__].max);
  }
  finish_saver (h, bus, &r);
  fail_unless (r.eos);
  fail_unless_equals_int (count_final_files (out), n);
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (props);
}

GST_END_TEST;

/* Every file is complete: PPMs of 96x64, no temporary files. */
static void
assert_only_complete_ppms (const gchar * out)
{
  GPtrArray *files = list_tree (out);
  guint i;

  for (i = 0; i < files->len; i++) {
    gchar *p = g_build_filename (out, g_ptr_array_index (files, i), NULL);
    GBytes *b = im_test_read_bytes (p);

    fail_if (is_temp_path (p), "temporary file left: %s", p);
    fail_unless_equals_int (g_bytes_get_size (b), 13 + 96 * 64 * 3);
    g_bytes_unref (b);
    g_free (p);
  }
  g_ptr_array_unref (files);
}

GST_START_TEST (test_flush_with_files_in_flight)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  /* 92 ms a file: the flush comes long before the 8 are written */
  gchar *props = g_strdup_printf ("savers=2 max-queued=8 "
      "max-write-rate=200000 location=\"%s/%%03d.ppm\"", out);
  gchar *after = g_build_filename (out, "008.ppm", NULL);
  GstBus *bus;
  GstHarness *h = new_saver (props, &bus);
  GstSegment segment;
  RunResult r;
  guint i;

  for (i = 0; i < 8; i++)
    gst_harness_push (h, make_frame (i, NULL, 0, 0));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  gst_harness_push_event (h, gst_event_new_segment (&segment));
  fail_unless_equals_int (gst_harness_push (h, make_frame (99, NULL, 0, 0)),
      GST_FLOW_OK);
  finish_saver (h, bus, &r);
  fail_unless (r.eos, "%s", r.error);
  /* some of the first 8 were dropped, the one after the flush is there */
  fail_unless (count_final_files (out) < 9);
  fail_unless (g_file_test (after, G_FILE_TEST_IS_REGULAR));
  assert_only_complete_ppms (out);
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (after);
  g_free (props);
}

GST_END_TEST;

GST_START_TEST (test_teardown_with_files_in_flight)
{
  guint round;

  for (round = 0; round < 4; round++) {
    gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
    gchar *props = g_strdup_printf ("savers=%u max-write-rate=300000 "
        "location=\"%s/%%03d.ppm\"", 1 + round, out);
    GstHarness *h = new_parse (props);
    guint i;

    gst_harness_set_src_caps_str (h, FRAME_CAPS);
    for (i = 0; i < 6; i++)
      gst_harness_push (h, make_frame (i, NULL, 0, 0));
    gst_harness_teardown (h);   /* PLAYING -> NULL right away */
    assert_only_complete_ppms (out);
    im_test_remove_tree (out);
    g_free (out);
    g_free (props);
  }
}

GST_END_TEST;

GST_START_TEST (test_rapid_state_cycles)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *launch = g_strdup_printf ("videotestsrc ! video/x-raw,format=RGB,"
      "width=96,height=64 ! queue-saver savers=3 max-queued=4 "
      "max-write-rate=2000000 location=\"%s/%%06d.ppm\"", out);
  GstElement *pipeline = gst_parse_launch (launch, NULL);

  fail_unless (pipeline != NULL);
  im_test_cycle_states (pipeline, 60, 20000, 5000);
  gst_object_unref (pipeline);
  assert_only_complete_ppms (out);
  im_test_remove_tree (out);
  g_free (out);
  g_free (launch);
}

GST_END_TEST;

/* savers and max-queued change while files are saved */
GST_START_TEST (test_stress_properties)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *location = g_strdup_printf ("%s/%%03d.ppm", out);
  GstHarness *h = gst_harness_new_empty ();
  GstBus *bus = gst_bus_new ();
  /* the harness adds a reference of its own */
  GstElement *saver =
      gst_object_ref_sink (gst_element_factory_make ("queue-saver", NULL));
  GstHarnessThread *t1, *t2;
  GValue v = G_VALUE_INIT;
  RunResult r;
  guint i;

  /* the element itself, not a bin: the stress threads set its properties */
  g_object_set (saver, "savers", 1, "location", location, NULL);
  gst_harness_add_element_full (h, saver, &src_template, "sink", NULL, NULL);
  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, FRAME_CAPS);
  g_value_init (&v, G_TYPE_UINT);
  g_value_set_uint (&v, 3);
  t1 = gst_harness_stress_property_start_full (h, "savers", &v, 300);
  g_value_set_uint (&v, 2);
  t2 = gst_harness_stress_property_start_full (h, "max-queued", &v, 500);
  g_value_unset (&v);
  for (i = 0; i < 40; i++)
    fail_unless_equals_int (gst_harness_push (h, make_frame (i, NULL, 0, 0)),
        GST_FLOW_OK);
  gst_harness_stress_thread_stop (t1);
  gst_harness_stress_thread_stop (t2);
  finish_saver (h, bus, &r);
  fail_unless (r.eos, "%s", r.error);
  fail_unless_equals_int (count_final_files (out), 40);
  assert_only_complete_ppms (out);
  run_result_clear (&r);
  gst_object_unref (saver);
  im_test_remove_tree (out);
  g_free (out);
  g_free (location);
}

GST_END_TEST;

/* ---- failures ---- */

/* Checks an error named @path's folder or file and @reason, and that no
 * file (final or temporary) is left under @root. */
static void
assert_clean_failure (RunResult * r, const gchar * path, const gchar * reason,
    const gchar * root)
{
  fail_unless (r->error != NULL, "no error");
  GST_INFO ("error: %s", r->error);
  fail_unless (strstr (r->error, path) != NULL, "error does not name %s: %s",
      path, r->error);
  fail_unless (strstr (r->error, reason) != NULL, "error does not say %s: "
      "%s", reason, r->error);
  if (root)
    fail_unless_equals_int (tree_count (root), 0);
}

/* RLIMIT_FSIZE below the file size: EFBIG on write, in this process */
GST_START_TEST (test_file_size_limit)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *launch = g_strdup_printf ("videotestsrc num-buffers=5 ! video/x-raw,"
      "format=RGB,width=320,height=240 ! queue-saver location=\"%s/sub/"
      "%%d.ppm\"", out);
  gchar *first = g_build_filename (out, "sub", "0.ppm", NULL);
  struct rlimit old, lim;
  RunResult r;

  fail_unless (getrlimit (RLIMIT_FSIZE, &old) == 0);
  lim = old;
  lim.rlim_cur = 100000;        /* a 320x240 PPM is 230415 bytes */
  signal (SIGXFSZ, SIG_IGN);
  fail_unless (setrlimit (RLIMIT_FSIZE, &lim) == 0);
  run_launch (launch, &r);
  fail_unless (setrlimit (RLIMIT_FSIZE, &old) == 0);
  assert_clean_failure (&r, first, g_strerror (EFBIG), NULL);
  fail_unless_equals_int (count_final_files (out), 0);
  fail_unless_equals_int (tree_count (out), 0);
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (first);
  g_free (launch);
}

GST_END_TEST;

/* a parent that is a regular file: the folder cannot be created */
GST_START_TEST (test_parent_not_a_folder)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *blocker = g_build_filename (out, "file", NULL);
  gchar *launch = g_strdup_printf ("videotestsrc num-buffers=3 ! video/x-raw,"
      "format=RGB,width=32,height=32 ! queue-saver location=\"%s/sub/"
      "%%d.png\"", blocker);
  RunResult r;

  fail_unless (g_file_set_contents (blocker, "x", -1, NULL));
  run_launch (launch, &r);
  assert_clean_failure (&r, blocker, g_strerror (ENOTDIR), NULL);
  fail_unless_equals_int (tree_count (out), 1);
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (blocker);
  g_free (launch);
}

GST_END_TEST;

/* on-error=skip: a failed file is reported, the rest are saved */
GST_START_TEST (test_skip_failed_write)
{
  gchar *out = im_test_make_tmp_dir ("qs-out-XXXXXX");
  gchar *blocker = g_build_filename (out, "b", NULL);
  gchar *props = g_strdup_printf ("on-error=skip location=\"%s/{dir}/"
      "{stem}.ppm\" post-messages=true", out);
  GstBus *bus;
  GstHarness *h = new_saver (props, &bus);
  RunResult r;

  fail_unless (g_file_set_contents (blocker, "x", -1, NULL));
  gst_harness_push (h, make_frame (1, "a/1.jpg", 0, 0));
  gst_harness_push (h, make_frame (2, "b/2.jpg", 1, 0));
  gst_harness_push (h, make_frame (3, "c/3.jpg", 2, 0));
  finish_saver (h, bus, &r);
  fail_unless (r.eos && r.error == NULL);
  fail_unless_equals_int (r.warnings->len, 1);
  fail_unless (strstr (g_ptr_array_index (r.warnings, 0), "b/2.ppm"));
  fail_unless_equals_int (r.files->len, 2);
  fail_unless_equals_int (count_final_files (out), 3);  /* with blocker */
  run_result_clear (&r);
  im_test_remove_tree (out);
  g_free (out);
  g_free (blocker);
  g_free (props);
}

GST_END_TEST;

/* ---- child processes ---- */

/* Runs this binary with --child; returns its stdout. */
static gchar *
run_child (const gchar * const *args, gint * status)
{
  GPtrArray *argv = g_ptr_array_new ();
  gchar *out = NULL, *err = NULL;
  GError *error = NULL;

  g_ptr_array_add (argv, self_exe);
  g_ptr_array_add (argv, (gpointer) "--child");
  for (; *args; args++)
    g_ptr_array_add (argv, (gpointer) * args);
  g_ptr_array_add (argv, NULL);
  fail_unless (g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, 0, NULL,
          NULL, &out, &err, status, &error), "%s", error ? error->message : "");
  GST_INFO ("child stdout:\n%s\nstderr:\n%s", out, err);
  g_free (err);
  g_ptr_array_unref (argv);
  return out;
}

/* Lines "FILE rel size" of a child's listing, joined. */
static gchar *
child_files (const gchar * out)
{
  GString *s = g_string_new (NULL);
  gchar **lines = g_strsplit (out, "\n", -1);
  guint i;

  for (i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "FILE "))
      g_string_append_printf (s, "%s\n", lines[i] + 5);
  g_strfreev (lines);
  return g_string_free (s, FALSE);
}

#define CHILD_LAUNCH "videotestsrc num-buffers=%u pattern=ball ! " \
    "video/x-raw,format=RGB,width=160,height=120 ! queue-saver " \
    "location=\"%s/%%03d.ppm\" savers=2"

/* a full tmpfs (ENOSPC) and a read-only one (EROFS), mounted in the
 * child's own mount namespace */
GST_START_TEST (test_full_and_read_only_disk)
{
  const gchar *opts = __i__ ? "ro,size=1m" : "size=200k";
  const gchar *reason = g_strerror (__i__ ? EROFS : ENOSPC);
  gchar *dir = im_test_make_tmp_dir ("qs-mnt-XXXXXX");
  gchar *launch = g_strdup_printf (CHILD_LAUNCH, 8, dir);
  const gchar *args[] = { "--tmpfs", opts, "--dir", dir, launch, NULL };
  gchar *out, *files, **lines;
  gint status;
  guint i;

  out = run_child (args, &status);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77) {
    GST_INFO ("cannot mount a tmpfs here, skipping");
  } else {
    fail_unless (strstr (out, "DONE\n") != NULL, "the child failed: %s", out);
    fail_unless (strstr (out, "RESULT ERROR ") != NULL, "no error: %s", out);
    fail_unless (strstr (out, dir) != NULL && strstr (out, reason) != NULL,
        "the error names neither %s nor \"%s\": %s", dir, reason, out);
    /* what is there is whole (57615 bytes a PPM), nothing temporary */
    files = child_files (out);
    lines = g_strsplit (files, "\n", -1);
    for (i = 0; lines[i] && *lines[i]; i++) {
      fail_if (is_temp_path (lines[i]), "temporary file: %s", lines[i]);
      fail_unless (g_str_has_suffix (lines[i], " 57615"), "partial: %s",
          lines[i]);
    }
    fail_unless (i < 8);
    g_strfreev (lines);
    g_free (files);
  }
  fail_unless_equals_int (tree_count (dir), 0); /* it was private */
  g_rmdir (dir);
  g_free (out);
  g_free (dir);
  g_free (launch);
}

GST_END_TEST;

/* PNG at the slowest level: a run of about a second to kill */
#define KILL_LAUNCH "videotestsrc num-buffers=100 pattern=ball ! " \
    "video/x-raw,format=RGB,width=320,height=240 ! queue-saver " \
    "location=\"%s/%%03d.png\" savers=2 compression-level=9"

/* a child killed at random moments leaves only whole files */
GST_START_TEST (test_sigkill_leaves_whole_files)
{
  gchar *ref = im_test_make_tmp_dir ("qs-ref-XXXXXX");
  gchar *launch = g_strdup_printf (KILL_LAUNCH, ref);
  const gchar *args[] = { "--dir", ref, launch, NULL };
  gint64 t0 = g_get_monotonic_time (), duration;
  gint status, round, temps = 0, finals = 0;
  gchar *out;

  out = run_child (args, &status);
  fail_unless (strstr (out, "RESULT EOS") != NULL, "%s", out);
  g_free (out);
  duration = g_get_monotonic_time () - t0;
  GST_INFO ("reference run: %" G_GINT64_FORMAT " ms", duration / 1000);

  for (round = 0; round < 12; round++) {
    gchar *dir = im_test_make_tmp_dir ("qs-kill-XXXXXX");
    gchar *l2 = g_strdup_printf (KILL_LAUNCH, dir);
    gchar *argv[] = { self_exe, (gchar *) "--child", (gchar *) "--dir", dir,
      l2, NULL
    };
    GPid pid;
    GPtrArray *files;
    guint i;

    fail_unless (g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
            G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, NULL));
    g_usleep (g_random_int_range (duration / 10, duration * 9 / 10));
    kill (pid, SIGKILL);
    waitpid (pid, &status, 0);
    g_spawn_close_pid (pid);

    files = list_tree (dir);
    for (i = 0; i < files->len; i++) {
      const gchar *rel = g_ptr_array_index (files, i);
      gchar *a, *b;
      GBytes *ba, *bb;

      if (is_temp_path (rel)) {
        temps++;
        continue;
      }
      finals++;
      a = g_build_filename (dir, rel, NULL);
      b = g_build_filename (ref, rel, NULL);
      ba = im_test_read_bytes (a);
      bb = im_test_read_bytes (b);
      fail_unless (g_bytes_equal (ba, bb), "round %d: %s is not whole",
          round, rel);
      g_bytes_unref (ba);
      g_bytes_unref (bb);
      g_free (a);
      g_free (b);
    }
    g_ptr_array_unref (files);
    im_test_remove_tree (dir);
    g_free (dir);
    g_free (l2);
  }
  GST_INFO ("after 12 kills: %d whole files, %d temporary ones", finals, temps);
  im_test_remove_tree (ref);
  g_free (ref);
  g_free (launch);
}

GST_END_TEST;

/* no write permission: the child drops root for nobody */
GST_START_TEST (test_no_permission)
{
  gchar *dir = im_test_make_tmp_dir ("qs-perm-XXXXXX");
  gchar *launch = g_strdup_printf (CHILD_LAUNCH, 3, dir);
  const gchar *args[] = { "--uid", "65534", "--dir", dir, launch, NULL };
  gchar *out;
  gint status;

  if (getuid () != 0) {
    GST_INFO ("not root: the test folder is ours, skipping");
    goto done;
  }
  g_chmod (dir, 0555);
  out = run_child (args, &status);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77) {
    GST_INFO ("could not become nobody, skipping");
  } else {
    fail_unless (strstr (out, "RESULT ERROR ") != NULL, "%s", out);
    fail_unless (strstr (out, dir) && strstr (out, g_strerror (EACCES)),
        "%s", out);
    fail_unless_equals_int (tree_count (dir), 0);
  }
  g_free (out);
done:
  g_rmdir (dir);
  g_free (dir);
  g_free (launch);
}

GST_END_TEST;

/* --child [--tmpfs OPTS] [--uid UID] --dir DIR LAUNCH: runs LAUNCH, prints
 * "RESULT EOS" or "RESULT ERROR message", then "FILE rel size" for every file
 * under DIR and "DONE". Exit 77: the setup is not possible here. */
static int
child_main (int argc, char **argv)
{
  const gchar *tmpfs = NULL, *dir = NULL, *launch = NULL;
  gint uid = -1, i;
  GError *err = NULL;
  GstElement *pipeline;
  GPtrArray *files;
  RunResult r;

  for (i = 2; i < argc; i++) {
    if (strcmp (argv[i], "--tmpfs") == 0 && i + 1 < argc)
      tmpfs = argv[++i];
    else if (strcmp (argv[i], "--dir") == 0 && i + 1 < argc)
      dir = argv[++i];
    else if (strcmp (argv[i], "--uid") == 0 && i + 1 < argc)
      uid = atoi (argv[++i]);
    else
      launch = argv[i];
  }
  if (dir == NULL || launch == NULL)
    return 2;
  /* still one thread: a private mount namespace, gone with the process */
  if (tmpfs) {
    gboolean ro = g_str_has_prefix (tmpfs, "ro,");

    if (unshare (CLONE_NEWNS) != 0
        || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0
        || mount ("tmpfs", dir, "tmpfs", ro ? MS_RDONLY : 0,
            ro ? tmpfs + 3 : tmpfs) != 0)
      return 77;
  }
  /* load the plugins before giving up root: the build tree need not be
   * readable by the other user, only the target folder matters */
  gst_init (&argc, &argv);
  pipeline = gst_parse_launch (launch, &err);
  if (pipeline == NULL || err != NULL) {
    g_printerr ("%s: %s\n", launch, err ? err->message : "?");
    return 2;
  }
  if (uid >= 0 && (setgid (uid) != 0 || setuid (uid) != 0))
    return 77;
  {
    GstBus *bus = gst_element_get_bus (pipeline);

    gst_element_set_state (pipeline, GST_STATE_PLAYING);
    collect (bus, &r);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_object_unref (bus);
  }
  gst_object_unref (pipeline);
  if (r.error)
    g_print ("RESULT ERROR %s\n", r.error);
  else
    g_print ("RESULT EOS\n");
  run_result_clear (&r);

  files = list_tree (dir);
  for (i = 0; i < (gint) files->len; i++) {
    gchar *p = g_build_filename (dir, g_ptr_array_index (files, i), NULL);
    GStatBuf st;

    g_stat (p, &st);
    g_print ("FILE %s %" G_GUINT64_FORMAT "\n",
        (gchar *) g_ptr_array_index (files, i), (guint64) st.st_size);
    g_free (p);
  }
  g_ptr_array_unref (files);
  g_print ("DONE\n");
  gst_deinit ();
  return 0;
}

/* ---- suite ---- */

static void
make_dataset (void)
{
  guint i;

  gen_dir = im_test_generate ("tests", NULL);
  data_dir = im_test_make_tmp_dir ("qs-data-XXXXXX");
  for (i = 0; i < G_N_ELEMENTS (dataset); i++) {
    gchar *from = g_build_filename (gen_dir, dataset[i][0], NULL);
    gchar *to = g_build_filename (data_dir, dataset[i][1], NULL);

    im_test_copy_file (from, to);
    g_free (from);
    g_free (to);
  }
}

static void
remove_dataset (void)
{
  im_test_remove_dir (gen_dir);
  im_test_remove_dir (data_dir);
}

static Suite *
queuesaver_suite (void)
{
  Suite *s = suite_create ("queuesaver");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_unchecked_fixture (tc, make_dataset, remove_dataset);
  tcase_add_test (tc, test_round_trip_png);
  tcase_add_loop_test (tc, test_same_bytes_any_savers, 0, 4);
  tcase_add_test (tc, test_pattern_tokens);
  tcase_add_test (tc, test_pattern_running_index);
  tcase_add_loop_test (tc, test_bad_names, 0, G_N_ELEMENTS (bad_names));
  tcase_add_loop_test (tc, test_hostile_names, 0,
      G_N_ELEMENTS (hostile_patterns));
  tcase_add_loop_test (tc, test_bad_pattern, 0, G_N_ELEMENTS (bad_patterns));
  tcase_add_test (tc, test_encoded_passthrough);
  tcase_add_test (tc, test_format_property);
  tcase_add_loop_test (tc, test_manifest, 0, 2);
  tcase_add_test (tc, test_if_exists_skip_resumes);
  tcase_add_test (tc, test_if_exists_error);
  tcase_add_test (tc, test_eos_after_files);
  tcase_add_loop_test (tc, test_queue_bound, 0, G_N_ELEMENTS (bounds));
  tcase_add_test (tc, test_flush_with_files_in_flight);
  tcase_add_test (tc, test_teardown_with_files_in_flight);
  tcase_add_test (tc, test_rapid_state_cycles);
  tcase_add_test (tc, test_stress_properties);
  tcase_add_test (tc, test_file_size_limit);
  tcase_add_test (tc, test_parent_not_a_folder);
  tcase_add_test (tc, test_skip_failed_write);
  tcase_add_loop_test (tc, test_full_and_read_only_disk, 0, 2);
  tcase_add_test (tc, test_sigkill_leaves_whole_files);
  tcase_add_test (tc, test_no_permission);
  return s;
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--child") == 0)
    return child_main (argc, argv);
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (queuesaver_suite (), "queuesaver", __FILE__);
}
