/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Helpers the gst-check tests share: test images from imagemill-gen, files
 * and folders, peak memory, reference decoders that are not the project's
 * (djpeg, pngdec), image and byte-format arithmetic, bus messages, and the
 * classes of bad input. One home for each: a test that needs one of these
 * uses it from here rather than writing its own.
 */
#ifndef __IM_TEST_H__
#define __IM_TEST_H__

#include <gst/gst.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* ---- files and folders ---- */

GstBuffer * im_test_buffer_from_file (const gchar * path);

GBytes *    im_test_read_bytes (const gchar * path);

void        im_test_write_file (const gchar * path, const gchar * data,
                                gssize len);

void        im_test_copy_file (const gchar * from, const gchar * to);

gboolean    im_test_make_sparse_file (const gchar * path, guint64 size);

gint        im_test_compare_strings (gconstpointer a, gconstpointer b);

GPtrArray * im_test_list_files (const gchar * dir, const gchar * suffix);

gboolean    im_test_have_samples (void);

gchar *     im_test_make_tmp_dir (const gchar * tmpl);

gchar *     im_test_generate (const gchar * set, const gchar * const *extra);

void        im_test_remove_tree (const gchar * path);

void        im_test_remove_dir (gchar * dir);

/* ---- memory ---- */

gint64      im_test_status_kib (const gchar * field);

gboolean    im_test_reset_peak_rss (gint64 * peak_kib);

/* ---- reference decoders ---- */

/**
 * ImTestImage:
 * @width: in pixels
 * @height: in pixels
 * @bpp: bytes per pixel (the channels, for 8-bit formats)
 * @format: what the pixels hold
 * @pixels: tightly packed rows, owned
 */
typedef struct
{
  guint width, height, bpp;
  GstVideoFormat format;
  guint8 *pixels;
} ImTestImage;

void        im_test_image_clear (ImTestImage * img);

void        im_test_image_to_rgb (ImTestImage * img);

gboolean    im_test_parse_pnm (const guint8 * data, gsize len,
                               ImTestImage * img);

gboolean    im_test_run_pnm (const gchar * const *argv, ImTestImage * img,
                             gchar ** why);

gboolean    im_test_djpeg (const gchar * path, const gchar * const *options,
                           ImTestImage * img, gchar ** why);

void        im_test_pngdec (GBytes * png, const gchar * format,
                            ImTestImage * img);

/* ---- image and byte-format arithmetic ---- */

gdouble     im_test_psnr_se (gdouble se, gsize n);

gdouble     im_test_psnr (const guint8 * a, const guint8 * b, gsize n);

gdouble     im_test_lanczos3 (gdouble x);

void        im_test_put_be (guint8 * p, guint32 v, guint n);

guint32     im_test_crc32 (const guint8 * data, gsize len);

void        im_test_png_append_chunk (GByteArray * png, const gchar * type,
                                      const guint8 * data, gsize len);

/* ---- JPEGs with an MPF index (imtestmpf.c) ---- */

/* An MPF index of three images, each field as it is written: byte order,
 * IFD offset, MPEntry count and NumberOfImages, where the entries are
 * (from the TIFF header), and each entry's offset and size. */
typedef struct
{
  gboolean be;
  guint32 ifd, count, number, entries_at;
  guint32 offset[3], size[3];
} ImTestMpfIndex;

/* where the TIFF header is in the file: SOI, FF E2, length, "MPF\0" */
#define IM_TEST_MPF_TIFF_AT 10
#define IM_TEST_MPF_ENTRIES_AT (8 + 2 + 3 * 12 + 4)
#define IM_TEST_MPF_APP2_LEN (2 + 2 + 4 + IM_TEST_MPF_ENTRIES_AT + 3 * 16)

ImTestMpfIndex im_test_mpf_index (GBytes * jpeg, gsize gap, GBytes * s1,
                                  GBytes * s2);

GBytes *    im_test_mpf_primary (GBytes * jpeg, const ImTestMpfIndex * idx);

GBytes *    im_test_mpf_file (GBytes * jpeg, GBytes * s1, GBytes * s2);

/* ---- bus and state ---- */

gchar *     im_test_pop_message_text (GstBus * bus, GstMessageType type);

void        im_test_cycle_states (GstElement * pipeline, guint n,
                                  guint max_playing_us, guint max_paused_us);

/**
 * ImTestBadKind:
 *
 * Inputs no element may crash or hang on: each must end as a warning
 * (on-error=skip) or an error (on-error=fail) naming it.
 */
typedef enum
{
  IM_TEST_BAD_EMPTY,
  IM_TEST_BAD_NOT_IMAGE,
  IM_TEST_BAD_TRUNCATED_JPEG,
  IM_TEST_BAD_TRUNCATED_PNG,
  IM_TEST_BAD_CORRUPT_JPEG,
  IM_TEST_BAD_BOMB,
  IM_TEST_N_BAD
} ImTestBadKind;

GstBuffer * im_test_bad_buffer (ImTestBadKind kind, const gchar * good_jpeg,
                                const gchar * good_png);

GstBuffer * im_test_bad_buffer_in (ImTestBadKind kind, const gchar * dir,
                                   const gchar * jpeg_suffix,
                                   const gchar * png_suffix);

void        im_test_check_bad_input_skip (GstHarness * h, ImTestBadKind kind,
                                          GstBuffer * bad, GstBuffer * good);

void        im_test_check_bad_input_fail (GstHarness * h, ImTestBadKind kind,
                                          GstBuffer * bad);

G_END_DECLS

#endif /* __IM_TEST_H__ */
