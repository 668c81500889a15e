/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImResampler against a straightforward double-precision separable
 * resampler written here (horizontal then vertical, no fixed point, no
 * tables), plus the cases with an exact answer: flat images, identity,
 * 2x2 box averages, and the same bytes for any band split or worker count.
 * OpenCV's kernels (point sampling, not widened) against a reference of
 * their own written from cv2.resize's formulas, and against cv2.resize
 * itself through /usr/bin/python3 when it has cv2.
 */
#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimresample.h>
#include "imtest.h"

/* ---- the oracle ---- */

static gdouble
ref_kernel (GstImResampleKernel kernel, gdouble x)
{
  switch (kernel) {
    case GST_IM_RESAMPLE_BILINEAR:
      return MAX (0.0, 1.0 - fabs (x));
    case GST_IM_RESAMPLE_BOX:
      return (x >= -0.5 && x < 0.5) ? 1.0 : 0.0;
    case GST_IM_RESAMPLE_LANCZOS3:
      return im_test_lanczos3 (x);
    default:
      g_assert_not_reached ();
  }
  return 0.0;
}

static gdouble
ref_radius (GstImResampleKernel kernel)
{
  return kernel == GST_IM_RESAMPLE_LANCZOS3 ? 3.0 :
      kernel == GST_IM_RESAMPLE_BILINEAR ? 1.0 : 0.5;
}

/* One output sample of one axis: sum over source samples of
 * kernel((centre_i - centre_o) / widening) * value[clamp (i)], normalised.
 * @get reads a source sample along the axis. */
static gdouble
ref_sample (GstImResampleKernel kernel, gint n_in, gdouble start,
    gdouble length, gint n_out, gint o, const gdouble * line, gint step)
{
  gdouble scale = length / n_out, fs = MAX (scale, 1.0);
  gdouble c = start + (o + 0.5) * scale, sum = 0.0, wsum = 0.0;
  gint i, lo, hi;

  if (kernel == GST_IM_RESAMPLE_NEAREST) {
    i = CLAMP ((gint) floor (c), 0, n_in - 1);
    return line[i * step];
  }
  lo = (gint) floor (c - ref_radius (kernel) * fs) - 2;
  hi = (gint) ceil (c + ref_radius (kernel) * fs) + 2;
  for (i = lo; i <= hi; i++) {
    gdouble w = ref_kernel (kernel, (i + 0.5 - c) / fs);

    sum += w * line[CLAMP (i, 0, n_in - 1) * step];
    wsum += w;
  }
  return sum / wsum;
}

/* One axis of a reference resample: output sample @o of a line. */
typedef gdouble (*SampleFunc) (GstImResampleKernel kernel, gint n_in,
    gdouble start, gdouble length, gint n_out, gint o, const gdouble * line,
    gint step);

/* A separable resample in double with the one-axis rule @sample: rows
 * first, then columns, rounded once at the end. */
static guint8 *
separable_resample (SampleFunc sample, GstImResampleKernel kernel, guint C,
    const guint8 * src, gint sw, gint sh, const GstImResampleRect * rect,
    gint dw, gint dh)
{
  gdouble *in = g_new (gdouble, (gsize) sw * sh * C);
  gdouble *mid = g_new (gdouble, (gsize) dw * sh * C);
  guint8 *out = g_new (guint8, (gsize) dw * dh * C);
  gint x, y;
  guint c;

  for (x = 0; x < sw * sh * (gint) C; x++)
    in[x] = src[x];
  for (y = 0; y < sh; y++)
    for (x = 0; x < dw; x++)
      for (c = 0; c < C; c++)
        mid[((gsize) y * dw + x) * C + c] = sample (kernel, sw, rect->x,
            rect->width, dw, x, in + (gsize) y * sw * C + c, C);
  for (y = 0; y < dh; y++)
    for (x = 0; x < dw; x++)
      for (c = 0; c < C; c++) {
        gdouble v = sample (kernel, sh, rect->y, rect->height, dh, y,
            mid + (gsize) x * C + c, dw * C);

        out[((gsize) y * dw + x) * C + c] = (guint8) CLAMP (floor (v + 0.5),
            0, 255);
      }
  g_free (in);
  g_free (mid);
  return out;
}

/* ---- helpers ---- */

/* A photo-like test image: gradients, texture, hard edges, noise. */
static guint8 *
make_image (guint w, guint h, guint C, guint32 seed)
{
  guint8 *img = g_malloc ((gsize) w * h * C);
  GRand *rand = g_rand_new_with_seed (seed);
  guint x, y, c;

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (c = 0; c < C; c++) {
        gdouble v = 128 + 90 * sin (x * 0.05 * (c + 1) + y * 0.031) +
            ((x / 7 + y / 5) % 2 ? 20 : -20);

        if ((x > w / 3 && x < w / 2) || (y > h / 2 && y < h / 2 + 3))
          v = c == 0 ? 250 : 5;
        v += g_rand_int_range (rand, -12, 13);
        img[((gsize) y * w + x) * C + c] = (guint8) CLAMP (v, 0, 255);
      }
  g_rand_free (rand);
  return img;
}

static guint8 *
resample (GstImResampleKernel kernel, guint C, const guint8 * src, guint sw,
    guint sh, const GstImResampleRect * rect, guint dw, guint dh)
{
  GstImResampler *r = gst_im_resampler_new (kernel, C, sw, sh, rect, dw, dh);
  guint8 *out = g_malloc ((gsize) dw * dh * C);

  fail_unless (r != NULL);
  gst_im_resampler_process (r, src, sw * C, out, dw * C, 0, dh);
  gst_im_resampler_free (r);
  return out;
}

/* Index of the first of @n bytes that is not @v, or @n. (One check per
 * byte would cost a write to the test runner each.) */
static gsize
first_not (const guint8 * p, gsize n, guint8 v)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (p[i] != v)
      break;
  return i;
}

static const gchar *
kernel_name (GstImResampleKernel kernel)
{
  GEnumClass *klass = g_type_class_ref (GST_IM_TYPE_RESAMPLE_KERNEL);
  const gchar *nick = g_enum_get_value (klass, kernel)->value_nick;

  g_type_class_unref (klass);
  return nick;
}

static const GstImResampleKernel all_kernels[] = {
  GST_IM_RESAMPLE_NEAREST, GST_IM_RESAMPLE_BILINEAR, GST_IM_RESAMPLE_BOX,
  GST_IM_RESAMPLE_LANCZOS3, GST_IM_RESAMPLE_AREA,
  GST_IM_RESAMPLE_LINEAR_POINT, GST_IM_RESAMPLE_CUBIC_POINT,
  GST_IM_RESAMPLE_NEAREST_FLOOR,
};

/* ---- against the oracle ---- */

static const struct
{
  guint sw, sh, dw, dh;
  GstImResampleRect rect;       /* width 0: whole image */
} geometries[] = {
  {240, 135, 40, 23, {0}},      /* 6x down, like 4K -> 640 */
  {160, 90, 100, 56, {0}},      /* 1.6x down, after 1/4 DCT scaling */
  {97, 61, 31, 60, {0}},        /* different factors per axis */
  {33, 21, 70, 50, {0}},        /* up */
  {1, 1, 5, 3, {0}},
  {3, 7, 1, 1, {0}},
  {3, 7, 2, 5, {0}},
  {201, 3, 64, 1, {0}},         /* huge aspect */
  {2, 301, 1, 77, {0}},
  {120, 80, 48, 48, {20, 0, 80, 80}},   /* fill: crop to a square */
  {120, 80, 50, 30, {-10, -5, 140, 90}},        /* rect beyond the edges */
  {64, 64, 64, 64, {0}},        /* identity */
};

GST_START_TEST (test_matches_double_reference)
{
  guint g = __i__, C, kernel;

  for (kernel = GST_IM_RESAMPLE_NEAREST; kernel <= GST_IM_RESAMPLE_LANCZOS3;
      kernel++) {
    for (C = 1; C <= 4; C++) {
      guint sw = geometries[g].sw, sh = geometries[g].sh;
      guint dw = geometries[g].dw, dh = geometries[g].dh;
      GstImResampleRect rect = geometries[g].rect;
      guint8 *src = make_image (sw, sh, C, 7 * g + C);
      guint8 *ref, *got;
      gsize i, n = (gsize) dw * dh * C;
      gint max_diff = 0;
      gdouble sum_diff = 0;

      if (rect.width == 0)
        rect = (GstImResampleRect) {
        0, 0, sw, sh};
      ref = separable_resample (ref_sample, kernel, C, src, sw, sh, &rect, dw,
          dh);
      got = resample (kernel, C, src, sw, sh, &rect, dw, dh);
      for (i = 0; i < n; i++) {
        gint d = ABS ((gint) ref[i] - (gint) got[i]);

        max_diff = MAX (max_diff, d);
        sum_diff += d;
      }
      /* nearest picks the same pixel: exact; the filters differ from
       * doubles by the rounding of 14-bit weights and one int16 step */
      fail_unless (max_diff <= (kernel == GST_IM_RESAMPLE_NEAREST ? 0 : 1),
          "%s C=%u %ux%u -> %ux%u: max difference %d", kernel_name (kernel),
          C, sw, sh, dw, dh, max_diff);
      fail_unless (sum_diff / n < 0.1, "%s C=%u %ux%u -> %ux%u: mean "
          "difference %.3f", kernel_name (kernel), C, sw, sh, dw, dh,
          sum_diff / n);
      g_free (src);
      g_free (ref);
      g_free (got);
    }
  }
}

GST_END_TEST;

/* ---- exact answers ---- */

GST_START_TEST (test_flat_stays_flat)
{
  guint kernel, v;

  for (kernel = 0; kernel < G_N_ELEMENTS (all_kernels); kernel++)
    for (v = 0; v < 256; v += 17) {
      guint8 *src = g_malloc (300 * 200 * 3), *out;
      guint i;

      memset (src, v, 300 * 200 * 3);
      out = resample (all_kernels[kernel], 3, src, 300, 200, NULL, 37, 91);
      i = first_not (out, 37 * 91 * 3, v);
      fail_unless (i == 37 * 91 * 3, "%s: byte %u is %u, not %u",
          kernel_name (all_kernels[kernel]), i, out[i], v);
      g_free (out);
      g_free (src);
    }
}

GST_END_TEST;

GST_START_TEST (test_identity_is_a_copy)
{
  guint kernel;
  guint8 *src = make_image (123, 45, 4, 3);

  for (kernel = 0; kernel < G_N_ELEMENTS (all_kernels); kernel++) {
    guint8 *out = resample (all_kernels[kernel], 4, src, 123, 45, NULL, 123,
        45);

    fail_unless (memcmp (src, out, 123 * 45 * 4) == 0, "%s changed pixels",
        kernel_name (all_kernels[kernel]));
    g_free (out);
  }
  g_free (src);
}

GST_END_TEST;

/* a 2x box shrink is the rounded mean of each 2x2 block */
GST_START_TEST (test_box_halves_exactly)
{
  guint8 *src = make_image (64, 48, 1, 5);
  guint8 *out = resample (GST_IM_RESAMPLE_BOX, 1, src, 64, 48, NULL, 32, 24);
  guint x, y, bad = 0;

  for (y = 0; y < 24; y++)
    for (x = 0; x < 32; x++) {
      guint s = src[2 * y * 64 + 2 * x] + src[2 * y * 64 + 2 * x + 1] +
          src[(2 * y + 1) * 64 + 2 * x] + src[(2 * y + 1) * 64 + 2 * x + 1];

      bad += out[y * 32 + x] != (s + 2) / 4;
    }
  fail_unless_equals_int (bad, 0);
  g_free (src);
  g_free (out);
}

GST_END_TEST;

/* strides larger than the rows, and only the pixels written */
GST_START_TEST (test_strides_and_padding)
{
  guint8 *src = make_image (50, 40, 3, 9);
  guint8 *padded = g_malloc0 (40 * 200);
  guint8 *out = g_malloc (30 * 100), *ref;
  GstImResampler *r;
  guint y;

  for (y = 0; y < 40; y++)
    memcpy (padded + y * 200, src + y * 150, 150);
  memset (out, 0xab, 30 * 100);
  r = gst_im_resampler_new (GST_IM_RESAMPLE_LANCZOS3, 3, 50, 40, NULL, 20, 30);
  gst_im_resampler_process (r, padded, 200, out, 100, 0, 30);
  gst_im_resampler_free (r);
  ref = resample (GST_IM_RESAMPLE_LANCZOS3, 3, src, 50, 40, NULL, 20, 30);
  for (y = 0; y < 30; y++) {
    guint x;

    fail_unless (memcmp (out + y * 100, ref + y * 60, 60) == 0, "row %u", y);
    x = 60 + first_not (out + y * 100 + 60, 40, 0xab);
    fail_unless (x == 100, "row %u: padding byte %u written", y, x);
  }
  g_free (src);
  g_free (padded);
  g_free (out);
  g_free (ref);
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

GST_START_TEST (test_bad_arguments)
{
  GstImResampleRect empty = { 0, 0, 0, 10 };
  guint n = 0;
  guint id = g_log_set_handler ("GStreamer-Imagemill", G_LOG_LEVEL_CRITICAL,
      count_critical, &n);

  fail_unless (gst_im_resampler_new (GST_IM_RESAMPLE_LANCZOS3, 5, 10, 10,
          NULL, 5, 5) == NULL);
  fail_unless (gst_im_resampler_new (GST_IM_RESAMPLE_LANCZOS3, 3, 0, 10,
          NULL, 5, 5) == NULL);
  fail_unless (gst_im_resampler_new (GST_IM_RESAMPLE_LANCZOS3, 3, 10, 10,
          NULL, 5, 0) == NULL);
  fail_unless (gst_im_resampler_new (GST_IM_RESAMPLE_LANCZOS3, 3, 10, 10,
          &empty, 5, 5) == NULL);
  fail_unless_equals_int (n, 4);
  g_log_remove_handler ("GStreamer-Imagemill", id);
}

GST_END_TEST;

/* ---- bands and workers ---- */

static const struct
{
  guint workers, chunk_rows;
} det[] = {
  {1, 0}, {2, 1}, {3, 7}, {4, 8}, {16, 64}, {3, 0},
};

GST_START_TEST (test_same_bytes_any_split)
{
  const guint sw = 1500, sh = 1001, dw = 301, dh = 203;
  guint8 *src = make_image (sw, sh, 3, 11);
  guint8 *ref = resample (GST_IM_RESAMPLE_LANCZOS3, 3, src, sw, sh, NULL, dw,
      dh);
  guint8 *got = g_malloc0 ((gsize) dw * dh * 3);
  GstImWorkerPool *pool = gst_im_worker_pool_new (det[__i__].workers, NULL);
  GstImResampler *r = gst_im_resampler_new (GST_IM_RESAMPLE_LANCZOS3, 3, sw,
      sh, NULL, dw, dh);
  guint round;

  /* twice: the second run reuses the scratch rows of the first */
  for (round = 0; round < 2; round++) {
    memset (got, 0, (gsize) dw * dh * 3);
    gst_im_resampler_run (r, pool, det[__i__].chunk_rows, src, sw * 3, got,
        dw * 3);
    fail_unless (memcmp (ref, got, (gsize) dw * dh * 3) == 0,
        "workers=%u chunk-rows=%u differ", det[__i__].workers,
        det[__i__].chunk_rows);
  }
  /* uneven bands by hand, in reverse order */
  memset (got, 0, (gsize) dw * dh * 3);
  gst_im_resampler_process (r, src, sw * 3, got, dw * 3, 150, dh);
  gst_im_resampler_process (r, src, sw * 3, got, dw * 3, 3, 150);
  gst_im_resampler_process (r, src, sw * 3, got, dw * 3, 0, 3);
  fail_unless (memcmp (ref, got, (gsize) dw * dh * 3) == 0);

  gst_im_resampler_free (r);
  gst_im_worker_pool_free (pool);
  g_free (src);
  g_free (ref);
  g_free (got);
}

GST_END_TEST;

/* frames resampled in bands from inside work items of the same pool, more
 * frames than workers: nested use must not deadlock */
typedef struct
{
  GstImWorkerPool *pool;
  GstImResampler *r;
  const guint8 *src;
  guint8 *dst;
  gint *left;
  GMutex *lock;
  GCond *cond;
} NestedJob;

static void
nested_job (gpointer data)
{
  NestedJob *job = data;

  gst_im_resampler_run (job->r, job->pool, 4, job->src, 400 * 3, job->dst,
      100 * 3);
  g_mutex_lock (job->lock);
  (*job->left)--;
  g_cond_signal (job->cond);
  g_mutex_unlock (job->lock);
}

GST_START_TEST (test_nested_in_workers)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (2, NULL);
  GstImResampler *r = gst_im_resampler_new (GST_IM_RESAMPLE_LANCZOS3, 3, 400,
      300, NULL, 100, 75);
  guint8 *src = make_image (400, 300, 3, 1);
  guint8 *ref = resample (GST_IM_RESAMPLE_LANCZOS3, 3, src, 400, 300, NULL,
      100, 75);
  NestedJob jobs[6];
  guint8 *outs[6];
  gint left = 6;
  GMutex lock;
  GCond cond;
  guint i;

  g_mutex_init (&lock);
  g_cond_init (&cond);
  for (i = 0; i < 6; i++) {
    outs[i] = g_malloc (100 * 75 * 3);
    jobs[i] = (NestedJob) {
    pool, r, src, outs[i], &left, &lock, &cond};
    fail_unless (gst_im_worker_pool_push (pool, nested_job, &jobs[i]));
  }
  g_mutex_lock (&lock);
  while (left > 0)
    g_cond_wait (&cond, &lock);
  g_mutex_unlock (&lock);
  for (i = 0; i < 6; i++) {
    fail_unless (memcmp (outs[i], ref, 100 * 75 * 3) == 0);
    g_free (outs[i]);
  }
  gst_im_worker_pool_free (pool);
  gst_im_resampler_free (r);
  g_mutex_clear (&lock);
  g_cond_clear (&cond);
  g_free (src);
  g_free (ref);
}

GST_END_TEST;

GST_START_TEST (test_matches_geometry)
{
  GstImResampleRect rect = { 1, 2, 30, 40 };
  GstImResampler *r = gst_im_resampler_new (GST_IM_RESAMPLE_BILINEAR, 3, 50,
      60, &rect, 10, 20);
  guint h, v;

  fail_unless (gst_im_resampler_matches (r, GST_IM_RESAMPLE_BILINEAR, 3, 50,
          60, &rect, 10, 20));
  fail_if (gst_im_resampler_matches (r, GST_IM_RESAMPLE_LANCZOS3, 3, 50,
          60, &rect, 10, 20));
  fail_if (gst_im_resampler_matches (r, GST_IM_RESAMPLE_BILINEAR, 3, 50,
          60, NULL, 10, 20));
  fail_if (gst_im_resampler_matches (r, GST_IM_RESAMPLE_BILINEAR, 4, 50,
          60, &rect, 10, 20));
  gst_im_resampler_get_taps (r, &h, &v);
  /* triangle widened 3x (30 -> 10): 5 pixel centres inside; 2x (40 ->
   * 20): 4 */
  fail_unless_equals_int (h, 5);
  fail_unless_equals_int (v, 4);
  gst_im_resampler_free (r);
}

GST_END_TEST;

/* The SSE2 passes and the portable ones compute the same integers. */
GST_START_TEST (test_simd_equals_generic)
{
  static const struct
  {
    guint sw, sh, dw, dh, C;
  } cases[] = {
    {333, 257, 101, 80, 1}, {333, 257, 101, 80, 2}, {333, 257, 101, 80, 3},
    {333, 257, 101, 80, 4}, {37, 3, 300, 9, 3}, {1000, 20, 17, 19, 4},
    {5, 5, 3, 3, 1},
  };
  guint i, kernel;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    for (kernel = 0; kernel < G_N_ELEMENTS (all_kernels); kernel++) {
      guint8 *src = make_image (cases[i].sw, cases[i].sh, cases[i].C, i);
      guint8 *simd, *generic;

      g_unsetenv ("GST_IM_RESAMPLE_GENERIC");
      simd = resample (all_kernels[kernel], cases[i].C, src, cases[i].sw,
          cases[i].sh, NULL, cases[i].dw, cases[i].dh);
      g_setenv ("GST_IM_RESAMPLE_GENERIC", "1", TRUE);
      generic = resample (all_kernels[kernel], cases[i].C, src, cases[i].sw,
          cases[i].sh, NULL, cases[i].dw, cases[i].dh);
      g_unsetenv ("GST_IM_RESAMPLE_GENERIC");
      fail_unless (memcmp (simd, generic, (gsize) cases[i].dw * cases[i].dh
              * cases[i].C) == 0, "case %u (%s) differs", i,
          kernel_name (all_kernels[kernel]));
      g_free (src);
      g_free (simd);
      g_free (generic);
    }
}

GST_END_TEST;

/* ---- OpenCV's kernels ---- */

/* cv2.resize's sampling of one axis, as its source reads (resize.cpp),
 * in doubles: the point s = (o + 0.5) * scale - 0.5 relative to @start;
 * INTER_LINEAR moves points beyond an edge onto the edge pixel, INTER_CUBIC
 * repeats the edge pixels under its 4 taps, INTER_NEAREST takes pixel
 * floor (o * scale). */
static gdouble
cv_cubic (gdouble x)
{
  const gdouble a = -0.75;

  x = fabs (x);
  if (x <= 1)
    return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2)
    return a * x * x * x - 5 * a * x * x + 8 * a * x - 4 * a;
  return 0;
}

static gdouble
cv_sample (GstImResampleKernel kernel, gint n_in, gdouble start,
    gdouble length, gint n_out, gint o, const gdouble * line, gint step)
{
  gdouble scale = length / n_out, s, f, v = 0;
  gint i0, k;

  if (kernel == GST_IM_RESAMPLE_NEAREST_FLOOR) {
    /* OpenCV's step is the inverse of the inverse scale: at exact
     * multiples its floor () may fall a pixel short, and so must ours */
    i0 = (gint) floor (start + o * (1.0 / ((gdouble) n_out / length)));
    return line[CLAMP (i0, 0, n_in - 1) * step];
  }
  s = start + (o + 0.5) * scale - 0.5;
  i0 = (gint) floor (s);
  f = s - i0;
  if (kernel == GST_IM_RESAMPLE_LINEAR_POINT) {
    if (i0 < 0) {
      i0 = 0;
      f = 0;
    }
    if (i0 >= n_in - 1) {
      i0 = n_in - 1;
      f = 0;
    }
    return (1 - f) * line[i0 * step] + f * line[MIN (i0 + 1,
            n_in - 1) * step];
  }
  for (k = -1; k <= 2; k++)
    v += cv_cubic (k - f) * line[CLAMP (i0 + k, 0, n_in - 1) * step];
  return v;
}

static const GstImResampleKernel cv_kernels[] = {
  GST_IM_RESAMPLE_LINEAR_POINT, GST_IM_RESAMPLE_CUBIC_POINT,
  GST_IM_RESAMPLE_NEAREST_FLOOR,
};

/* Largest and mean byte difference of @n bytes. */
static gint
compare_bytes (const guint8 * a, const guint8 * b, gsize n, gdouble * mean)
{
  gint max_diff = 0, d;
  gdouble sum = 0;
  gsize i;

  for (i = 0; i < n; i++) {
    d = ABS ((gint) a[i] - (gint) b[i]);
    max_diff = MAX (max_diff, d);
    sum += d;
  }
  *mean = sum / n;
  return max_diff;
}

/* Every geometry of the oracle test, windows and rects beyond the edges
 * included: the same pixel for nearest, within the rounding of 14-bit
 * weights for the others. */
GST_START_TEST (test_opencv_kernels_double_reference)
{
  guint g = __i__, C, k;

  for (k = 0; k < G_N_ELEMENTS (cv_kernels); k++)
    for (C = 1; C <= 4; C++) {
      guint sw = geometries[g].sw, sh = geometries[g].sh;
      guint dw = geometries[g].dw, dh = geometries[g].dh;
      GstImResampleRect rect = geometries[g].rect;
      guint8 *src = make_image (sw, sh, C, 5 * g + C);
      guint8 *ref, *got;
      gdouble mean;
      gint max_diff;

      if (rect.width == 0)
        rect = (GstImResampleRect) {
        0, 0, sw, sh};
      ref = separable_resample (cv_sample, cv_kernels[k], C, src, sw, sh,
          &rect, dw, dh);
      got = resample (cv_kernels[k], C, src, sw, sh, &rect, dw, dh);
      max_diff = compare_bytes (ref, got, (gsize) dw * dh * C, &mean);
      fail_unless (max_diff <= (cv_kernels[k] ==
              GST_IM_RESAMPLE_NEAREST_FLOOR ? 0 : 1),
          "%s C=%u %ux%u -> %ux%u: max difference %d",
          kernel_name (cv_kernels[k]), C, sw, sh, dw, dh, max_diff);
      fail_unless (mean < 0.1, "%s C=%u %ux%u -> %ux%u: mean difference "
          "%.3f", kernel_name (cv_kernels[k]), C, sw, sh, dw, dh, mean);
      g_free (src);
      g_free (ref);
      g_free (got);
    }
}

GST_END_TEST;

/* not widened: a 4x linear shrink reads 2 of every 4 columns, and at a
 * point midway between two pixels */
GST_START_TEST (test_linear_point_is_not_widened)
{
  guint8 *src = make_image (64, 8, 1, 2);
  guint8 *out = resample (GST_IM_RESAMPLE_LINEAR_POINT, 1, src, 64, 8, NULL,
      16, 8);
  GstImResampler *r = gst_im_resampler_new (GST_IM_RESAMPLE_LINEAR_POINT, 1,
      64, 8, NULL, 16, 8);
  guint x, y, bad = 0, h;

  /* s = 4x + 1.5 */
  for (y = 0; y < 8; y++)
    for (x = 0; x < 16; x++)
      bad += out[y * 16 + x] != (src[y * 64 + 4 * x + 1] +
          src[y * 64 + 4 * x + 2] + 1) / 2;
  fail_unless_equals_int (bad, 0);
  gst_im_resampler_get_taps (r, &h, NULL);
  fail_unless_equals_int (h, 2);
  gst_im_resampler_free (r);
  g_free (src);
  g_free (out);
}

GST_END_TEST;

/* Reads in-<C>.raw (sh, sw, C uint8) from the folder argv[1] and writes
 * <kernel>-<C>-<dw>x<dh>.raw through cv2.resize for each kernel and size
 * given; exits 77 without cv2. */
static const gchar resize_py[] =
    "import sys\n"
    "try:\n"
    "    import cv2, numpy as np\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "d, sw, sh = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
    "interp = {'linear-point': cv2.INTER_LINEAR,\n"
    "    'cubic-point': cv2.INTER_CUBIC, 'nearest-floor': cv2.INTER_NEAREST}\n"
    "for c in (1, 3, 4):\n"
    "    img = np.fromfile(f'{d}/in-{c}.raw', np.uint8).reshape(sh, sw, c)\n"
    "    for size in sys.argv[4:]:\n"
    "        dw, dh = map(int, size.split('x'))\n"
    "        for name, i in interp.items():\n"
    "            cv2.resize(img, (dw, dh), interpolation=i).tofile(\n"
    "                f'{d}/{name}-{c}-{size}.raw')\n";

/* cv2.resize with INTER_LINEAR, INTER_CUBIC and INTER_NEAREST against the
 * point kernels: nearest picks the same pixels; OpenCV's 11-bit weights and
 * its truncating vertical pass put the others within a level or two. */
GST_START_TEST (test_opencv_kernels_vs_cv2)
{
  static const guint sizes[][2] = {
    {100, 50}, {61, 37}, {17, 11}, {333, 211}, {200, 100}, {1, 1},
    {7, 300}, {52, 20},
  };
  const guint sw = 200, sh = 100;
  gchar *dir = im_test_make_tmp_dir ("resample-XXXXXX");
  gchar *argv[8 + G_N_ELEMENTS (sizes)], *path, *contents;
  guint8 *src[5] = { NULL };
  gint status, k = 0;
  guint C, i, n;
  gsize len;

  for (C = 1; C <= 4; C++) {
    if (C == 2)
      continue;
    src[C] = make_image (sw, sh, C, 40 + C);
    path = g_strdup_printf ("%s/in-%u.raw", dir, C);
    fail_unless (g_file_set_contents (path, (gchar *) src[C],
            (gssize) sw * sh * C, NULL));
    g_free (path);
  }
  argv[k++] = (gchar *) "/usr/bin/python3";
  argv[k++] = (gchar *) "-c";
  argv[k++] = (gchar *) resize_py;
  argv[k++] = dir;
  argv[k++] = g_strdup_printf ("%u", sw);
  argv[k++] = g_strdup_printf ("%u", sh);
  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    argv[k++] = g_strdup_printf ("%ux%u", sizes[i][0], sizes[i][1]);
  argv[k] = NULL;

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
          NULL, &status, NULL) || (WIFEXITED (status) &&
          WEXITSTATUS (status) == 77)) {
    GST_WARNING ("no /usr/bin/python3 with cv2: not comparing with OpenCV");
    goto done;
  }
  fail_unless (g_spawn_check_wait_status (status, NULL), "cv2.resize failed");

  for (C = 1; C <= 4; C++)
    for (i = 0; C != 2 && i < G_N_ELEMENTS (sizes); i++)
      for (n = 0; n < G_N_ELEMENTS (cv_kernels); n++) {
        guint dw = sizes[i][0], dh = sizes[i][1];
        guint8 *got = resample (cv_kernels[n], C, src[C], sw, sh, NULL, dw,
            dh);
        gdouble mean;
        gint max_diff;

        path = g_strdup_printf ("%s/%s-%u-%ux%u.raw", dir,
            kernel_name (cv_kernels[n]), C, dw, dh);
        fail_unless (g_file_get_contents (path, &contents, &len, NULL));
        fail_unless_equals_int (len, dw * dh * C);
        max_diff = compare_bytes ((guint8 *) contents, got, len, &mean);
        fail_unless (max_diff <= (cv_kernels[n] ==
                GST_IM_RESAMPLE_NEAREST_FLOOR ? 0 : 2),
            "%s C=%u -> %ux%u: max difference %d from cv2.resize",
            kernel_name (cv_kernels[n]), C, dw, dh, max_diff);
        fail_unless (mean < 0.3, "%s C=%u -> %ux%u: mean difference %.3f "
            "from cv2.resize", kernel_name (cv_kernels[n]), C, dw, dh, mean);
        g_free (contents);
        g_free (path);
        g_free (got);
      }

done:
  for (i = 4; i < (guint) k; i++)
    g_free (argv[i]);
  for (C = 1; C <= 4; C++)
    g_free (src[C]);
  im_test_remove_dir (dir);
}

GST_END_TEST;

/* Not a pass/fail test: how fast the thumbnail geometries run here
 * (GST_DEBUG=check:4 or the test log shows it). */
static Suite *
resample_suite (void)
{
  Suite *s = suite_create ("resample");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_matches_double_reference, 0,
      G_N_ELEMENTS (geometries));
  tcase_add_test (tc, test_flat_stays_flat);
  tcase_add_test (tc, test_identity_is_a_copy);
  tcase_add_test (tc, test_box_halves_exactly);
  tcase_add_test (tc, test_strides_and_padding);
  tcase_add_test (tc, test_bad_arguments);
  tcase_add_loop_test (tc, test_same_bytes_any_split, 0, G_N_ELEMENTS (det));
  tcase_add_test (tc, test_nested_in_workers);
  tcase_add_test (tc, test_matches_geometry);
  tcase_add_test (tc, test_simd_equals_generic);
  tcase_add_loop_test (tc, test_opencv_kernels_double_reference, 0,
      G_N_ELEMENTS (geometries));
  tcase_add_test (tc, test_linear_point_is_not_widened);
  tcase_add_test (tc, test_opencv_kernels_vs_cv2);
  return s;
}

GST_CHECK_MAIN (resample);
