/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Seeded mutation fuzzing, no clang needed: small valid JPEGs and PNGs from
 * imagemill-gen (one with an EXIF orientation added, one with a Display P3
 * profile Little CMS made, one with an MPF index and two secondary images
 * after it) are mutated (bit
 * flips, byte sets, truncations, duplicated and deleted ranges, inserted
 * JPEG markers, PNG CRCs made right again) and each mutant goes through
 * (a) the framer, alone and glued to the one before, secondary images
 * dropped and emitted, (b) GstImDecoder
 * header and decode, (c) decoder-pool with one image per buffer, its
 * profiles converted to sRGB (Little CMS reading the mutated ones), and
 * (d) decoder-pool cutting the mutants as one byte stream. Nothing may
 * crash, write out of bounds (ASan) or fail silently: every input of (c)
 * ends as exactly one output or one warning naming it, and (d) accounts
 * for every frame the framer cuts.
 *
 * IMAGEMILL_FUZZ_ITERATIONS sets the number of mutants (default 1000, a few
 * seconds), IMAGEMILL_FUZZ_SEED the seed (default 1).
 */
#include <lcms2.h>
#include <stdlib.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/imagemill/imagemill.h>
#include "imtest.h"
#include "fuzz-one.h"

#define DEFAULT_ITERATIONS 1000

static const gchar *const seed_names[] = {
  "jpeg_420_q85_7x3.jpg", "jpeg_gray_q90_1x1.jpg", "jpeg_444_q90_7x3.jpg",
  "jpeg_444_progressive_q85_333x257.jpg", "jpeg_420_q90_17x2049.jpg",
  "png_rgb_7x3.png", "png_rgba_7x3.png", "png_gray_adam7_7x3.png",
  "png_palette_adam7_160x120.png", "png_palette_trns_333x257.png",
};

static guint64
env_uint (const gchar * name, guint64 def)
{
  const gchar *v = g_getenv (name);

  return v && *v ? g_ascii_strtoull (v, NULL, 10) : def;
}

/* A JPEG with an APP1 EXIF segment saying orientation 6 after its SOI. */
static GBytes *
add_exif (GBytes * jpeg)
{
  static const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 42, 0, 8, 0, 0, 0,        /* TIFF header, IFD0 at 8 */
    1, 0,                       /* one entry */
    0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0,   /* Orientation SHORT 6 */
    0, 0, 0, 0                  /* no next IFD */
  };
  gsize len;
  const guint8 *d = g_bytes_get_data (jpeg, &len);
  GByteArray *out = g_byte_array_sized_new (len + sizeof (app1));

  g_byte_array_append (out, d, 2);
  g_byte_array_append (out, app1, sizeof (app1));
  g_byte_array_append (out, d + 2, len - 2);
  return g_byte_array_free_to_bytes (out);
}

/* A JPEG with a Display P3 profile (Little CMS') in an APP2 chunk. */
static GBytes *
add_icc (GBytes * jpeg)
{
  cmsCIExyY white = { 0.3127, 0.3290, 1 };
  cmsCIExyYTRIPLE p3 = { {0.680, 0.320, 1}, {0.265, 0.690, 1},
  {0.150, 0.060, 1}
  };
  cmsToneCurve *g = cmsBuildGamma (NULL, 2.2), *c[3] = { g, g, g };
  cmsHPROFILE p = cmsCreateRGBProfile (&white, &p3, c);
  static const guint8 tag[14] = "ICC_PROFILE\0\1\1";
  cmsUInt32Number n = 0;
  gsize len;
  const guint8 *d = g_bytes_get_data (jpeg, &len);
  GByteArray *out = g_byte_array_new ();
  guint8 head[4] = { 0xff, 0xe2 };

  cmsSaveProfileToMem (p, NULL, &n);
  head[2] = (n + 16) >> 8;
  head[3] = (n + 16) & 0xff;
  g_byte_array_append (out, d, 2);
  g_byte_array_append (out, head, 4);
  g_byte_array_append (out, tag, sizeof (tag));
  g_byte_array_set_size (out, out->len + n);
  cmsSaveProfileToMem (p, out->data + out->len - n, &n);
  g_byte_array_append (out, d + 2, len - 2);
  cmsCloseProfile (p);
  cmsFreeToneCurve (g);
  return g_byte_array_free_to_bytes (out);
}

/* byte by byte: GST_READ_* does unaligned accesses */
static guint32
get_be32 (const guint8 * p)
{
  return ((guint32) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/* Makes every whole PNG chunk's CRC right again, so that mutations reach
 * past spng's CRC check. */
static void
fix_png_crcs (GByteArray * a)
{
  gsize pos = 8;

  while (pos + 12 <= a->len) {
    guint32 len = get_be32 (a->data + pos), crc;

    if (len > a->len - pos - 12)
      break;
    crc = im_test_crc32 (a->data + pos + 4, len + 4);
    im_test_put_be (a->data + pos + 8 + len, crc, 4);
    pos += 12 + (gsize) len;
  }
}

static const guint8 markers[] = {
  0xd8, 0xd9, 0xda, 0xc0, 0xc2, 0xc4, 0xdb, 0xdd, 0xe1, 0x00, 0xff, 0xd0,
  0xd7, 0x01
};

static const guint32 interesting32[] = {
  0, 1, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
  0x0000ffff, 46000
};

static void
insert_bytes (GByteArray * a, gsize pos, const guint8 * data, gsize n)
{
  gsize tail = a->len - pos;

  g_byte_array_set_size (a, a->len + n);
  memmove (a->data + pos + n, a->data + pos, tail);
  memcpy (a->data + pos, data, n);
}

/* 1 to 4 random mutations of @seed. */
static GByteArray *
mutate (GRand * r, GBytes * seed)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (seed, &len);
  GByteArray *a = g_byte_array_sized_new (len);
  guint n = g_rand_boolean (r) ? 1 : g_rand_int_range (r, 2, 5), i;

  g_byte_array_append (a, d, len);
  for (i = 0; i < n && a->len > 0; i++) {
    gsize pos = g_rand_int_range (r, 0, a->len);

    switch (g_rand_int_range (r, 0, 8)) {
      case 0:                  /* bit flip */
        a->data[pos] ^= 1 << g_rand_int_range (r, 0, 8);
        break;
      case 1:                  /* byte set */
        a->data[pos] = g_rand_boolean (r) ? g_rand_int_range (r, 0, 256) :
            (g_rand_boolean (r) ? 0xff : 0x00);
        break;
      case 2:                  /* truncation */
        g_byte_array_set_size (a, pos);
        break;
      case 3:{                 /* a range duplicated elsewhere */
        gsize l = g_rand_int_range (r, 1, MIN (a->len - pos, 512) + 1);
        gsize to = g_rand_int_range (r, 0, a->len + 1);
        guint8 *copy = g_memdup2 (a->data + pos, l);

        insert_bytes (a, to, copy, l);
        g_free (copy);
        break;
      }
      case 4:{                 /* an inserted marker */
        guint8 m[2] = { 0xff, markers[g_rand_int_range (r, 0,
                  G_N_ELEMENTS (markers))]
        };

        insert_bytes (a, pos, m, 2);
        break;
      }
      case 5:                  /* an interesting 32-bit or 16-bit value */
        if (pos + 4 <= a->len) {
          guint32 v = interesting32[g_rand_int_range (r, 0,
                  G_N_ELEMENTS (interesting32))];

          im_test_put_be (a->data + pos, v, g_rand_boolean (r) ? 4 : 2);
        }
        break;
      case 6:                  /* a deleted range */
        g_byte_array_remove_range (a, pos, g_rand_int_range (r, 1,
                MIN (a->len - pos, 256) + 1));
        break;
      default:                 /* a run of one byte */
        memset (a->data + pos, g_rand_boolean (r) ? 0xff : 0x00,
            g_rand_int_range (r, 1, MIN (a->len - pos, 64) + 1));
        break;
    }
  }
  if (gst_im_codec_sniff (a->data, a->len) == GST_IM_CODEC_PNG
      && g_rand_int_range (r, 0, 4) != 0)
    fix_png_crcs (a);
  return a;
}

static GstHarness *
new_pool (const gchar * caps)
{
  GstHarness *h = gst_harness_new ("decoder-pool");
  GstBus *bus = gst_bus_new ();

  g_object_set (h->element, "workers", 2, "on-error", GST_IM_ON_ERROR_SKIP,
      "max-pixels", (guint64) IM_FUZZ_MAX_PIXELS, NULL);
  gst_harness_set_src_caps_str (h, caps);
  gst_harness_set_sink_caps_str (h, "video/x-raw,format=RGB");
  gst_element_set_bus (h->element, bus);
  gst_object_unref (bus);
  return h;
}

/* Index of the input an output came from, by its source meta. */
static guint
output_index (GstBuffer * out)
{
  GstImSourceMeta *meta = gst_buffer_get_im_source_meta (out);

  fail_unless (meta != NULL, "output without its source meta");
  return (guint) meta->index;
}

/* Pulls the outputs of @h that are there (all of them, up to EOS, when
 * @until_eos), marking @seen; returns how many. */
static guint
pull_outputs (GstHarness * h, guint8 * seen, gboolean until_eos)
{
  GstBuffer *out;
  guint n = 0;

  while (until_eos ? (gst_harness_pull_until_eos (h, &out) && out != NULL) :
      (out = gst_harness_try_pull (h)) != NULL) {
    if (seen) {
      guint i = output_index (out);

      fail_unless (seen[i] == 0, "input %u came out twice", i);
      seen[i] = 1;
    }
    gst_buffer_unref (out);
    n++;
  }
  return n;
}

GST_START_TEST (test_mutations)
{
  const guint n_iter = env_uint ("IMAGEMILL_FUZZ_ITERATIONS",
      DEFAULT_ITERATIONS);
  const guint32 seed = env_uint ("IMAGEMILL_FUZZ_SEED", 1);
  gchar *dir = im_test_generate ("tests", NULL);
  GPtrArray *seeds = g_ptr_array_new_with_free_func (
      (GDestroyNotify) g_bytes_unref);
  GRand *r = g_rand_new_with_seed (seed);
  GstImFramer *framer = gst_im_framer_new (), *stream_framer;
  GstImDecoder *dec = gst_im_decoder_new ();
  GstHarness *one = new_pool ("image/jpeg,parsed=(boolean)true");
  GstHarness *stream = new_pool ("image/jpeg");
  guint8 *decoded = g_malloc0 (n_iter), *seen = g_malloc0 (n_iter);
  GByteArray *prev = g_byte_array_new ();
  static const GstVideoFormat formats[] = { GST_VIDEO_FORMAT_RGBA,
    GST_VIDEO_FORMAT_GRAY8, GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_BGR
  };
  guint64 stream_offset = 0, skipped;
  guint i, stream_frames = 0, stream_out = 0, n_decoded = 0;
  GstBuffer *buf;
  GstMessage *msg;
  GError *err = NULL;

  stream_framer = gst_im_framer_new ();
  for (i = 0; i < G_N_ELEMENTS (seed_names); i++) {
    gchar *path = g_build_filename (dir, seed_names[i], NULL);

    g_ptr_array_add (seeds, im_test_read_bytes (path));
    g_free (path);
  }
  g_ptr_array_add (seeds, add_exif (g_ptr_array_index (seeds, 0)));
  g_ptr_array_add (seeds, add_icc (g_ptr_array_index (seeds, 0)));
  g_ptr_array_add (seeds, im_test_mpf_file (g_ptr_array_index (seeds, 0),
          g_ptr_array_index (seeds, 1), g_ptr_array_index (seeds, 2)));
  GST_INFO ("%u mutants, seed %u", n_iter, seed);
  g_object_set (one->element, "color-profile", GST_IM_COLOR_PROFILE_SRGB,
      NULL);

  for (i = 0; i < n_iter; i++) {
    GByteArray *m = mutate (r, g_ptr_array_index (seeds,
            g_rand_int_range (r, 0, seeds->len)));
    guint32 piece_seed = g_rand_int (r) | 1;
    gchar *path;

    GST_LOG ("mutant %u: %u bytes", i, m->len);

    /* (a) alone, unlimited (secondary images emitted: every byte framed,
     * and dropped) and with a small limit; then glued to the last */
    im_fuzz_framer (framer, m->data, m->len, piece_seed, 0,
        GST_IM_SECONDARY_IMAGES_EMIT);
    im_fuzz_framer (framer, m->data, m->len, piece_seed, 0,
        GST_IM_SECONDARY_IMAGES_DROP);
    im_fuzz_framer (framer, m->data, m->len, piece_seed, 64 + i % 1024,
        i % 2);
    g_byte_array_append (prev, m->data, m->len);
    im_fuzz_framer (framer, prev->data, prev->len, piece_seed, 0, i / 2 % 2);
    g_byte_array_set_size (prev, 0);
    g_byte_array_append (prev, m->data, m->len);

    /* (b) as decoder-pool decodes it (strict), then in another format and
     * scale, decoding around corrupt data */
    decoded[i] = im_fuzz_decode (dec, m->data, m->len, GST_VIDEO_FORMAT_RGB,
        8, GST_IM_DECODE_STRICT, &err);
    g_clear_error (&err);
    n_decoded += decoded[i];
    im_fuzz_decode (dec, m->data, m->len, formats[i % 4], 1 + i % 8,
        GST_IM_DECODE_NONE, &err);
    g_clear_error (&err);

    /* (c) one image per buffer, named */
    buf = gst_buffer_new_memdup (m->data, MAX (m->len, 1));
    gst_buffer_set_size (buf, m->len);
    path = g_strdup_printf ("fuzz-%u", i);
    gst_buffer_add_im_source_meta (buf, path, i, 0);
    g_free (path);
    fail_unless_equals_int (gst_harness_push (one, buf), GST_FLOW_OK);
    pull_outputs (one, seen, FALSE);

    /* (d) the same bytes as a stream, and the framer's count of it */
    buf = gst_buffer_new_memdup (m->data, MAX (m->len, 1));
    gst_buffer_set_size (buf, m->len);
    GST_BUFFER_OFFSET (buf) = stream_offset;
    stream_offset += m->len;
    gst_im_framer_push (stream_framer, buf);
    while ((buf = gst_im_framer_pop (stream_framer, NULL))) {
      stream_frames++;
      gst_buffer_unref (buf);
    }
    buf = gst_buffer_new_memdup (m->data, MAX (m->len, 1));
    gst_buffer_set_size (buf, m->len);
    GST_BUFFER_OFFSET (buf) = stream_offset - m->len;
    fail_unless_equals_int (gst_harness_push (stream, buf), GST_FLOW_OK);
    stream_out += pull_outputs (stream, NULL, FALSE);
    g_byte_array_unref (m);
  }
  gst_im_framer_drain (stream_framer);
  while ((buf = gst_im_framer_pop (stream_framer, &err))) {
    stream_frames++;
    g_clear_error (&err);
    gst_buffer_unref (buf);
  }

  /* (c): every input is one output or one warning naming it */
  fail_unless (gst_harness_push_event (one, gst_event_new_eos ()));
  pull_outputs (one, seen, TRUE);
  while ((msg = gst_bus_pop_filtered (GST_ELEMENT_BUS (one->element),
              GST_MESSAGE_WARNING | GST_MESSAGE_ERROR))) {
    const gchar *at;
    guint idx;

    fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_WARNING);
    gst_message_parse_warning (msg, &err, NULL);
    at = strstr (err->message, "\"fuzz-");
    fail_unless (at != NULL, "warning names no input: %s", err->message);
    idx = atoi (at + 6);
    fail_unless (idx < n_iter && seen[idx] == 0, "input %u twice: %s", idx,
        err->message);
    seen[idx] = 2;
    g_clear_error (&err);
    gst_message_unref (msg);
  }
  for (i = 0; i < n_iter; i++) {
    fail_unless (seen[i] != 0, "input %u ended as nothing", i);
    /* decoder-pool decodes what the decoder decodes, at the same limit */
    fail_unless_equals_int (seen[i] == 1, decoded[i]);
  }
  g_object_get (one->element, "skipped", &skipped, NULL);
  fail_unless_equals_uint64 (skipped, n_iter - n_decoded);

  /* (d): every frame of the stream is an output or a skipped input */
  fail_unless (gst_harness_push_event (stream, gst_event_new_eos ()));
  stream_out += pull_outputs (stream, NULL, TRUE);
  g_object_get (stream->element, "skipped", &skipped, NULL);
  fail_unless_equals_uint64 (stream_out + skipped, stream_frames);
  GST_INFO ("%u of %u mutants decoded; stream: %u frames", n_decoded, n_iter,
      stream_frames);

  /* queued messages hold the elements: drop them */
  gst_bus_set_flushing (GST_ELEMENT_BUS (one->element), TRUE);
  gst_bus_set_flushing (GST_ELEMENT_BUS (stream->element), TRUE);
  gst_harness_teardown (one);
  gst_harness_teardown (stream);
  gst_im_framer_free (framer);
  gst_im_framer_free (stream_framer);
  gst_im_decoder_free (dec);
  g_byte_array_unref (prev);
  g_free (decoded);
  g_free (seen);
  g_rand_free (r);
  g_ptr_array_unref (seeds);
  im_test_remove_dir (dir);
}

GST_END_TEST;

static Suite *
mutate_suite (void)
{
  Suite *s = suite_create ("mutate");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_mutations);
  return s;
}

GST_CHECK_MAIN (mutate);
