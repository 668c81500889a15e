/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * JPEGs with an MPF index (CIPA DC-007), built byte by byte so that every
 * field of the index can be set wrong: for the framer's tests and the
 * mutation fuzzer's seeds.
 */
#include <string.h>
#include "imtest.h"

#define TIFF_IN_APP2 8          /* FF E2, length, "MPF\0" */

static void
put (guint8 * p, guint32 v, guint n, gboolean be)
{
  guint i;

  for (i = 0; i < n; i++)
    p[be ? n - 1 - i : i] = (v >> (8 * i)) & 0xff;
}

/* The index of a primary made of @jpeg, then @gap bytes, @s1 and @s2. */
ImTestMpfIndex
im_test_mpf_index (GBytes * jpeg, gsize gap, GBytes * s1, GBytes * s2)
{
  gsize primary = g_bytes_get_size (jpeg) + IM_TEST_MPF_APP2_LEN;
  gsize at1 = primary + gap - IM_TEST_MPF_TIFF_AT;
  ImTestMpfIndex idx = { FALSE, 8, 3, 3, IM_TEST_MPF_ENTRIES_AT, {0, at1,
          at1 + g_bytes_get_size (s1)}, {primary, g_bytes_get_size (s1),
          g_bytes_get_size (s2)}
  };

  return idx;
}

/* @jpeg with @idx in an APP2 segment after its SOI: "MPF\0", a TIFF
 * header (little-endian, or big-endian where @idx says), an IFD of MPFVersion, NumberOfImages and
 * MPEntry (as @idx says), no next IFD, then three MP entries. */
GBytes *
im_test_mpf_primary (GBytes * jpeg, const ImTestMpfIndex * idx)
{
  const guint32 tags[3] = { 0xb000, 0xb001, 0xb002 }, types[3] = { 7, 4, 7 };
  const guint32 counts[3] = { 4, 1, idx->count * 16 };
  const guint32 values[3] = { 0x30303130, idx->number, idx->entries_at };
  guint8 app2[IM_TEST_MPF_APP2_LEN] = { 0xff, 0xe2 };
  guint8 *t = app2 + TIFF_IN_APP2;
  gsize len;
  const guint8 *d = g_bytes_get_data (jpeg, &len);
  GByteArray *out = g_byte_array_sized_new (len + sizeof (app2));
  guint i;

  im_test_put_be (app2 + 2, IM_TEST_MPF_APP2_LEN - 2, 2);
  memcpy (app2 + 4, idx->be ? "MPF\0MM\0*" : "MPF\0II*\0", 8);
  put (t + 4, idx->ifd, 4, idx->be);
  put (t + 8, 3, 2, idx->be);
  for (i = 0; i < 3; i++) {
    put (t + 10 + 12 * i, tags[i], 2, idx->be);
    put (t + 12 + 12 * i, types[i], 2, idx->be);
    put (t + 14 + 12 * i, counts[i], 4, idx->be);
    /* MPFVersion "0100" is 4 bytes in place, not a number */
    put (t + 18 + 12 * i, values[i], 4, idx->be && i > 0);
    put (t + IM_TEST_MPF_ENTRIES_AT + 16 * i + 4, idx->size[i], 4, idx->be);
    put (t + IM_TEST_MPF_ENTRIES_AT + 16 * i + 8, idx->offset[i], 4,
        idx->be);
  }
  g_byte_array_append (out, d, 2);
  g_byte_array_append (out, app2, sizeof (app2));
  g_byte_array_append (out, d + 2, len - 2);
  return g_byte_array_free_to_bytes (out);
}

/* A whole file: @jpeg with a right index, then @s1 and @s2. */
GBytes *
im_test_mpf_file (GBytes * jpeg, GBytes * s1, GBytes * s2)
{
  ImTestMpfIndex idx = im_test_mpf_index (jpeg, 0, s1, s2);
  GBytes *primary = im_test_mpf_primary (jpeg, &idx);
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, g_bytes_get_data (primary, NULL),
      g_bytes_get_size (primary));
  g_byte_array_append (out, g_bytes_get_data (s1, NULL),
      g_bytes_get_size (s1));
  g_byte_array_append (out, g_bytes_get_data (s2, NULL),
      g_bytes_get_size (s2));
  g_bytes_unref (primary);
  return g_byte_array_free_to_bytes (out);
}
