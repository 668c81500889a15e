/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment's counter-based draws: the raw Philox4x32-10 block against the
 * Random123 known answers, the key/counter layout through those answers,
 * determinism (also across threads) and independence of the streams, the
 * 16-bit limits, and the distributions of the helpers against their exact
 * moments.
 *
 * Every statistical check is sized so that a correct generator fails it
 * with probability below 1e-7 (z = 5.5 two-sided, 3.8e-8; chi-square upper
 * tails of 1e-8); with the eight checks below, the whole file fails by
 * chance with probability below 1e-6.
 */
#include <math.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimdraw.h>

/* the uniform moments over 1e6 draws; the other distributions over fewer,
 * which keeps the sanitizer run short (the bounds scale with the count) */
#define N_UNIFORM 1000000
#define N_STAT 250000
#define Z_BOUND 5.5

/* Random123 tests/kat_vectors (github.com/DEShawResearch/random123), the
 * three "philox4x32 10" lines: counter[4] key[2] -> out[4] */
static const struct
{
  guint32 counter[4];
  guint32 key[2];
  guint32 out[4];
} kat[] = {
  {{0x00000000, 0x00000000, 0x00000000, 0x00000000},
      {0x00000000, 0x00000000},
      {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
  {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
      {0xffffffff, 0xffffffff},
      {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
  {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
      {0xa4093822, 0x299f31d0},
      {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

GST_START_TEST (test_kat)
{
  guint32 out[4];
  guint w;

  gst_im_philox4x32_10 (kat[__i__].counter, kat[__i__].key, out);
  for (w = 0; w < 4; w++)
    fail_unless_equals_int_hex (out[w], kat[__i__].out[w]);
}

GST_END_TEST;

/* The documented layout, checked through the known answers: seed in the key
 * (low word first), frame key in counter words 0-1, copy << 16 | position
 * in word 2, the block index (word index / 4) in word 3. */
GST_START_TEST (test_layout)
{
  GstImDrawKey key;
  guint64 base;
  guint w, v;

  for (v = 0; v < G_N_ELEMENTS (kat); v++) {
    const guint32 *c = kat[v].counter;

    fail_unless (gst_im_draw_key_init (&key,
            ((guint64) kat[v].key[1] << 32) | kat[v].key[0],
            ((guint64) c[1] << 32) | c[0], c[2] >> 16, c[2] & 0xffff));
    base = (guint64) c[3] * 4;
    for (w = 0; w < 4; w++)
      fail_unless_equals_int_hex (gst_im_draw_u32 (&key, base + w),
          kat[v].out[w]);
  }
}

GST_END_TEST;

#define N_WORDS 64

static void
fill_words (guint64 seed, guint64 frame, guint copy, guint position,
    guint32 words[N_WORDS])
{
  GstImDrawKey key;
  guint i;

  fail_unless (gst_im_draw_key_init (&key, seed, frame, copy, position));
  for (i = 0; i < N_WORDS; i++)
    words[i] = gst_im_draw_u32 (&key, i);
}

GST_START_TEST (test_independence)
{
  /* each differs from the first in one input, in low or high bits, and the
   * last two swap copy and position */
  static const struct
  {
    guint64 seed, frame;
    guint copy, position;
  } inputs[] = {
    {7, 42, 3, 5},
    {8, 42, 3, 5},
    {7 | G_GUINT64_CONSTANT (1) << 63, 42, 3, 5},
    {7, 43, 3, 5},
    {7, 42 | G_GUINT64_CONSTANT (1) << 32, 3, 5},
    {7, 42, 4, 5},
    {7, 42, 3, 6},
    {7, 42, 5, 3},
  };
  guint32 words[G_N_ELEMENTS (inputs)][N_WORDS], again[N_WORDS];
  guint a, b, i, same;

  for (a = 0; a < G_N_ELEMENTS (inputs); a++) {
    fill_words (inputs[a].seed, inputs[a].frame, inputs[a].copy,
        inputs[a].position, words[a]);
    fill_words (inputs[a].seed, inputs[a].frame, inputs[a].copy,
        inputs[a].position, again);
    fail_unless (memcmp (words[a], again, sizeof again) == 0);
  }
  /* two independent streams share a word with probability 2^-32 each:
   * even 3 equal positions of 64 happen with probability below 1e-23 */
  for (a = 0; a < G_N_ELEMENTS (inputs); a++)
    for (b = a + 1; b < G_N_ELEMENTS (inputs); b++) {
      same = 0;
      for (i = 0; i < N_WORDS; i++)
        same += words[a][i] == words[b][i];
      fail_unless (same < 3, "inputs %u and %u share %u of %u words", a, b,
          same, N_WORDS);
    }
  /* and within one stream no two blocks are the same */
  for (a = 0; a < N_WORDS; a += 4)
    for (b = a + 4; b < N_WORDS; b += 4)
      fail_if (memcmp (&words[0][a], &words[0][b], 16) == 0);
}

GST_END_TEST;

#define N_THREAD_DRAWS 4096

static gpointer
draw_backwards (gpointer data)
{
  const GstImDrawKey *key = data;
  gdouble *out = g_new (gdouble, N_THREAD_DRAWS);
  guint i;

  for (i = N_THREAD_DRAWS; i-- > 0;)
    out[i] = gst_im_draw_normal (key, i) + gst_im_draw_int (key, i, -9, 9);
  return out;
}

/* No state: threads drawing concurrently, in the other order, get exactly
 * what one thread gets in order. */
GST_START_TEST (test_threads)
{
  GstImDrawKey key;
  GThread *threads[4];
  gdouble want[N_THREAD_DRAWS];
  guint i, t;

  fail_unless (gst_im_draw_key_init (&key, 1234, 99, 1, 2));
  for (t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("draw", draw_backwards, &key);
  for (i = 0; i < N_THREAD_DRAWS; i++)
    want[i] = gst_im_draw_normal (&key, i) + gst_im_draw_int (&key, i, -9, 9);
  for (t = 0; t < G_N_ELEMENTS (threads); t++) {
    gdouble *got = g_thread_join (threads[t]);

    fail_unless (memcmp (got, want, sizeof want) == 0);
    g_free (got);
  }
}

GST_END_TEST;

/* the library logs in its own domain, which ASSERT_CRITICAL does not
 * watch: count the criticals here */
static void
count_critical (const gchar * domain, GLogLevelFlags level,
    const gchar * message, gpointer user_data)
{
  (*(guint *) user_data)++;
}

GST_START_TEST (test_limits)
{
  GstImDrawKey key;
  guint32 out[4];
  guint n = 0;
  guint id;

  fail_unless (gst_im_draw_key_init (&key, G_MAXUINT64, G_MAXUINT64,
          GST_IM_DRAW_MAX_COPY,
          GST_IM_DRAW_MAX_POSITION));
  fail_unless_equals_int_hex (key.counter[2], 0xffffffff);
  /* the last word in range is word 3 of block 2^32 - 1: all ones */
  gst_im_philox4x32_10 (kat[1].counter, kat[1].key, out);
  fail_unless_equals_int_hex (gst_im_draw_u32 (&key,
          GST_IM_DRAW_MAX_WORDS - 1), out[3]);

  id = g_log_set_handler ("GStreamer-Imagemill", G_LOG_LEVEL_CRITICAL,
      count_critical, &n);
  fail_if (gst_im_draw_key_init (&key, 0, 0, GST_IM_DRAW_MAX_COPY + 1, 0));
  fail_if (gst_im_draw_key_init (&key, 0, 0, 0, GST_IM_DRAW_MAX_POSITION + 1));
  /* the refused inits left the key as it was */
  fail_unless_equals_int_hex (key.counter[2], 0xffffffff);
  fail_unless_equals_int (gst_im_draw_u32 (&key, GST_IM_DRAW_MAX_WORDS), 0);
  fail_unless_equals_int (gst_im_draw_int (&key, 0, 3, 2), 3);
  fail_unless_equals_float (gst_im_draw_uniform (&key, 0, 1.0, 0.5), 1.0);
  fail_unless_equals_float (gst_im_draw_uniform (&key, 0, 0.0, NAN), 0.0);
  fail_if (gst_im_draw_bernoulli (&key, 0, 1.5));
  fail_unless_equals_int (n, 7);
  g_log_remove_handler ("GStreamer-Imagemill", id);
}

GST_END_TEST;

/* |observed - expected| within Z_BOUND standard errors */
static void
check_z (const gchar * what, gdouble observed, gdouble expected, gdouble se)
{
  fail_unless (fabs (observed - expected) < Z_BOUND * se,
      "%s: %.7g, expected %.7g within %.3g", what, observed, expected,
      Z_BOUND * se);
}

/* U[0,1): mean 1/2 (variance 1/12) and variance 1/12 (the variance of
 * (U - 1/2)^2 is 1/80 - 1/144 = 1/180); uniform(a, b) is the same draw
 * mapped onto [a, b) */
GST_START_TEST (test_uniform)
{
  GstImDrawKey key;
  gdouble sum = 0, sum2 = 0, u, mean;
  guint i;

  fail_unless (gst_im_draw_key_init (&key, 11, 0, 0, 0));
  for (i = 0; i < N_UNIFORM; i++) {
    u = gst_im_draw_double (&key, i);
    fail_unless (u >= 0.0 && u < 1.0);
    /* 53 bits: an exact multiple of 2^-53 */
    fail_unless (ldexp (u, 53) == floor (ldexp (u, 53)));
    sum += u;
    sum2 += (u - 0.5) * (u - 0.5);
  }
  mean = sum / N_UNIFORM;
  check_z ("uniform mean", mean, 0.5, sqrt (1.0 / 12 / N_UNIFORM));
  check_z ("uniform variance", sum2 / N_UNIFORM - (mean - 0.5) * (mean - 0.5),
      1.0 / 12, sqrt (1.0 / 180 / N_UNIFORM));
  for (i = 0; i < 1000; i++) {
    u = gst_im_draw_uniform (&key, i, -3.0, 5.0);
    fail_unless (u >= -3.0 && u < 5.0);
    fail_unless (fabs (u - (-3.0 + 8.0 * gst_im_draw_double (&key, i))) <
        1e-15 * 8);
  }

  fail_unless_equals_float (gst_im_draw_uniform (&key, 0, 2.5, 2.5), 2.5);
  /* on [1, 1 + 2^-52) about half the draws round up to b: kept below it */
  for (i = 0; i < 1000; i++)
    fail_unless (gst_im_draw_uniform (&key, i, 1.0, 1.0 + DBL_EPSILON) < 1.0
        + DBL_EPSILON);
}

GST_END_TEST;

/* chi-square of @n observed bins against @expected; @bound is the 1e-8
 * upper tail for n - 1 degrees of freedom (scipy.stats.chi2.isf) */
static void
check_chi2 (const gchar * what, const guint * observed,
    const gdouble * expected, guint n, gdouble bound)
{
  gdouble chi2 = 0;
  guint i;

  for (i = 0; i < n; i++)
    chi2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) /
        expected[i];
  fail_unless (chi2 < bound, "%s: chi-square %.2f, bound %.2f", what, chi2,
      bound);
}

GST_START_TEST (test_int)
{
  GstImDrawKey key;
  guint small[10] = { 0 }, big[16] = { 0 };
  gdouble expect_small[10], expect_big[16];
  /* 2^31 + 1 values: Lemire rejects almost half the words, so the
   * re-encrypted replacements are most of what this histogram sees */
  const gint32 lo = -(1 << 30), hi = 1 << 30;
  const guint64 span = (guint64) hi - lo + 1;
  gboolean seen_lo = FALSE, seen_hi = FALSE;
  guint i;
  gint32 v;

  fail_unless (gst_im_draw_key_init (&key, 12, 0, 0, 0));
  for (i = 0; i < N_STAT; i++) {
    v = gst_im_draw_int (&key, i, -3, 6);
    fail_unless (v >= -3 && v <= 6, "%d", v);
    small[v + 3]++;
  }
  for (i = 0; i < 10; i++)
    expect_small[i] = N_STAT / 10.0;
  check_chi2 ("int in [-3, 6]", small, expect_small, 10, 55.45);

  /* bin b holds the values v - lo in [ceil(b span / 16), ceil((b+1) span /
   * 16)) */
  for (i = 0; i < 16; i++)
    expect_big[i] = (gdouble) (((i + 1) * span + 15) / 16 - (i * span + 15)
        / 16) / span * N_STAT;
  for (i = 0; i < N_STAT; i++) {
    guint64 off;

    v = gst_im_draw_int (&key, i, lo, hi);
    fail_unless (v >= lo && v <= hi, "%d", v);
    off = (guint64) ((gint64) v - lo);
    big[off * 16 / span]++;
  }
  check_chi2 ("int in [-2^30, 2^30]", big, expect_big, 16, 68.03);

  /* both ends of a small range are reached, the full range works */
  for (i = 0; i < 1000; i++) {
    v = gst_im_draw_int (&key, i, 0, 1);
    seen_lo |= v == 0;
    seen_hi |= v == 1;
    gst_im_draw_int (&key, i, G_MININT32, G_MAXINT32);
    fail_unless_equals_int (gst_im_draw_int (&key, i, 5, 5), 5);
  }
  fail_unless (seen_lo && seen_hi);
}

GST_END_TEST;

/* N(0,1): mean 0 (variance 1), variance 1 (Var Z^2 = 2), and P(|Z| > 2) =
 * erfc(sqrt 2) */
GST_START_TEST (test_normal)
{
  GstImDrawKey key;
  gdouble sum = 0, sum2 = 0, z, mean, tail = erfc (G_SQRT2);
  guint i, beyond = 0;

  fail_unless (gst_im_draw_key_init (&key, 13, 0, 0, 0));
  for (i = 0; i < N_STAT; i++) {
    z = gst_im_draw_normal (&key, i);
    fail_unless (isfinite (z));
    sum += z;
    sum2 += z * z;
    beyond += fabs (z) > 2.0;
  }
  mean = sum / N_STAT;
  check_z ("normal mean", mean, 0.0, sqrt (1.0 / N_STAT));
  check_z ("normal variance", sum2 / N_STAT - mean * mean, 1.0,
      sqrt (2.0 / N_STAT));
  check_z ("normal P(|z| > 2)", (gdouble) beyond / N_STAT, tail,
      sqrt (tail * (1 - tail) / N_STAT));
}

GST_END_TEST;

GST_START_TEST (test_bernoulli)
{
  GstImDrawKey key;
  guint i, hits = 0;

  fail_unless (gst_im_draw_key_init (&key, 14, 0, 0, 0));
  for (i = 0; i < N_STAT; i++)
    hits += gst_im_draw_bernoulli (&key, i, 0.3);
  check_z ("bernoulli(0.3) frequency", (gdouble) hits / N_STAT, 0.3,
      sqrt (0.3 * 0.7 / N_STAT));

  for (i = 0; i < 1000; i++) {
    fail_if (gst_im_draw_bernoulli (&key, i, 0.0));
    fail_unless (gst_im_draw_bernoulli (&key, i, 1.0));
  }
}

GST_END_TEST;

static Suite *
draw_suite (void)
{
  Suite *s = suite_create ("draw");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_kat, 0, G_N_ELEMENTS (kat));
  tcase_add_test (tc, test_layout);
  tcase_add_test (tc, test_independence);
  tcase_add_test (tc, test_threads);
  tcase_add_test (tc, test_limits);
  tcase_add_test (tc, test_uniform);
  tcase_add_test (tc, test_int);
  tcase_add_test (tc, test_normal);
  tcase_add_test (tc, test_bernoulli);
  return s;
}

GST_CHECK_MAIN (draw);
