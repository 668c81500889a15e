/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Helpers the gst-check tests share: test images from imagemill-gen, files
 * as buffers, the samples folder, and the classes of bad input.
 */
#ifndef __IM_TEST_H__
#define __IM_TEST_H__

#include <gst/gst.h>
#include <gst/check/gstharness.h>

G_BEGIN_DECLS

GstBuffer * im_test_buffer_from_file (const gchar * path);

GPtrArray * im_test_list_files (const gchar * dir, const gchar * suffix);

gboolean    im_test_have_samples (void);

gchar *     im_test_generate (const gchar * set, const gchar * const *extra);

void        im_test_remove_dir (gchar * dir);

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

void        im_test_check_bad_input_skip (GstHarness * h, ImTestBadKind kind,
                                          GstBuffer * bad, GstBuffer * good);

void        im_test_check_bad_input_fail (GstHarness * h, ImTestBadKind kind,
                                          GstBuffer * bad);

G_END_DECLS

#endif /* __IM_TEST_H__ */
