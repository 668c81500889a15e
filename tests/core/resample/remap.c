/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImRemapTable on maps with an exact answer (identity, integer shifts,
 * half-pixel averages, flat images), against a double-precision bilinear
 * written here, and the same bytes for any band split, worker count or
 * order of filling.
 */
#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimremap.h>

static const GstImRemapInterpolation interps[] = {
  GST_IM_REMAP_NEAREST, GST_IM_REMAP_BILINEAR, GST_IM_REMAP_BICUBIC,
};

static const GstImRemapExtend extends[] = {
  GST_IM_REMAP_EXTEND_CLAMP, GST_IM_REMAP_EXTEND_REPEAT,
  GST_IM_REMAP_EXTEND_BACKGROUND,
};

static const guint8 bg[4] = { 0x11, 0x22, 0x33, 0x44 };

/* ---- images ---- */

typedef struct
{
  guint w, h, bpp;
  gint stride;
  guint8 *data;
} Image;

static guint8
noise (guint x, guint y, guint c)
{
  guint32 v = x * 73856093u ^ y * 19349663u ^ c * 83492791u;

  v ^= v >> 13;
  v *= 0x5bd1e995u;
  return (v ^ (v >> 15)) & 0xff;
}

/* A noise image with @pad bytes after each row; the padding holds 0xee,
 * which must never show in an output. */
static Image
image_new (guint w, guint h, guint bpp, guint pad)
{
  Image im = { w, h, bpp, w * bpp + pad, NULL };
  guint x, y, c;

  im.data = g_malloc ((gsize) im.stride * h);
  memset (im.data, 0xee, (gsize) im.stride * h);
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (c = 0; c < bpp; c++)
        im.data[y * im.stride + x * bpp + c] = noise (x, y, c);
  return im;
}

static guint8
px (const Image * im, gint x, gint y, guint c)
{
  return im->data[y * im->stride + x * im->bpp + c];
}

/* ---- maps ---- */

typedef struct
{
  guint out_w, out_h, in_w, in_h;
  gdouble dx, dy;               /* shift, in source pixels */
  gboolean warp;                /* a rotation and ripples instead */
} Map;

static void
map_row (guint y, gdouble * uv, gpointer data)
{
  const Map *m = data;
  guint x;

  for (x = 0; x < m->out_w; x++) {
    gdouble u = x + 0.5 + m->dx, v = y + 0.5 + m->dy;

    if (m->warp) {
      gdouble a = 0.3, cx = m->out_w / 2.0, cy = m->out_h / 2.0;

      u = cx + cos (a) * (x - cx) - sin (a) * (y - cy) + 3 * sin (y / 5.0);
      v = cy + sin (a) * (x - cx) + cos (a) * (y - cy) + 2 * cos (x / 7.0);
      u = u * m->in_w / m->out_w + 0.37;
      v = v * m->in_h / m->out_h - 0.21;
      if ((x * 7 + y * 3) % 97 == 0)
        u = NAN;
    }
    uv[2 * x] = u;
    uv[2 * x + 1] = v;
  }
}

static GstImRemapTable *
table_for (const Map * m, const Image * in, GstImRemapInterpolation interp,
    GstImRemapExtend ex, GstImRemapExtend ey, GstImWorkerPool * pool,
    guint chunk)
{
  GError *err = NULL;
  GstImRemapTable *t = gst_im_remap_table_new (m->out_w, m->out_h, in->w,
      in->h, in->stride, in->bpp, interp, ex, ey, &err);

  fail_unless (t != NULL, "%s", err ? err->message : "");
  gst_im_remap_table_fill (t, pool, chunk, map_row, (gpointer) m);
  return t;
}

/* Remaps @in through @m into a new image with @pad bytes of padding. */
static Image
remap (const Map * m, const Image * in, GstImRemapInterpolation interp,
    GstImRemapExtend ex, GstImRemapExtend ey, GstImWorkerPool * pool,
    guint chunk, guint pad)
{
  GstImRemapTable *t = table_for (m, in, interp, ex, ey, pool, chunk);
  Image out = { m->out_w, m->out_h, in->bpp, m->out_w * in->bpp + pad };

  out.data = g_malloc ((gsize) out.stride * out.h);
  memset (out.data, 0xee, (gsize) out.stride * out.h);
  gst_im_remap_table_apply (t, pool, chunk, in->data, in->stride, out.data,
      out.stride, bg);
  gst_im_remap_table_free (t);
  return out;
}

/* ---- exact answers ---- */

static const struct
{
  guint w, h, pad;
} sizes[] = {
  {1, 1, 0}, {2, 1, 1}, {7, 3, 3}, {33, 17, 0}, {64, 48, 5},
};

/* Pixel centres give every pixel back, whatever the interpolation and the
 * extend rule. */
GST_START_TEST (test_identity_is_a_copy)
{
  guint s, i, e, bpp, x, y;

  for (s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (bpp = 1; bpp <= 4; bpp++)
      for (i = 0; i < G_N_ELEMENTS (interps); i++)
        for (e = 0; e < G_N_ELEMENTS (extends); e++) {
          Image in = image_new (sizes[s].w, sizes[s].h, bpp, sizes[s].pad);
          Map m = { in.w, in.h, in.w, in.h };
          Image out = remap (&m, &in, interps[i], extends[e], extends[e],
              NULL, 0, 2);

          for (y = 0; y < in.h; y++) {
            fail_unless (memcmp (in.data + y * in.stride,
                    out.data + y * out.stride, in.w * bpp) == 0,
                "%ux%u bpp %u interp %u extend %u: row %u differs",
                in.w, in.h, bpp, interps[i], extends[e], y);
            for (x = in.w * bpp; x < (guint) out.stride; x++)
              fail_unless_equals_int (out.data[y * out.stride + x], 0xee);
          }
          g_free (in.data);
          g_free (out.data);
        }
}

GST_END_TEST;

/* An integer shift is a shifted copy: the background where it reads
 * outside the source, or the wrapped source on a repeating axis. */
GST_START_TEST (test_shift_is_a_shifted_copy)
{
  static const gint shifts[][2] = { {3, 0}, {-2, 5}, {-40, -1}, {7, 60} };
  guint k, i, e, bpp, x, y, c;

  for (k = 0; k < G_N_ELEMENTS (shifts); k++)
    for (bpp = 1; bpp <= 4; bpp++)
      for (i = 0; i < G_N_ELEMENTS (interps); i++)
        for (e = 0; e < G_N_ELEMENTS (extends); e++) {
          Image in = image_new (37, 23, bpp, 1);
          Map m = { 37, 23, 37, 23, shifts[k][0], shifts[k][1] };
          Image out = remap (&m, &in, interps[i], extends[e], extends[e],
              NULL, 0, 0);
          gboolean wrap = extends[e] == GST_IM_REMAP_EXTEND_REPEAT;

          for (y = 0; y < out.h; y++)
            for (x = 0; x < out.w; x++)
              for (c = 0; c < bpp; c++) {
                gint sx = (gint) x + shifts[k][0], sy = (gint) y + shifts[k][1];
                guint8 expect;

                if (wrap)
                  expect = px (&in, (sx % 37 + 37) % 37, (sy % 23 + 23) % 23,
                      c);
                else if (sx < 0 || sx >= 37 || sy < 0 || sy >= 23)
                  expect = bg[c];
                else
                  expect = px (&in, sx, sy, c);
                fail_unless_equals_int (px (&out, x, y, c), expect);
              }
          g_free (in.data);
          g_free (out.data);
        }
}

GST_END_TEST;

/* Bilinear halfway between pixel centres is the average of the 2 or 4
 * pixels, rounded half up; past the last column and row, the extend rule
 * gives the other taps. */
static guint8
tap (const Image * im, gint x, gint y, guint c, GstImRemapExtend extend)
{
  if (extend == GST_IM_REMAP_EXTEND_REPEAT)
    return px (im, x % im->w, y % im->h, c);
  if (extend == GST_IM_REMAP_EXTEND_BACKGROUND && (x >= (gint) im->w ||
          y >= (gint) im->h))
    return bg[c];
  return px (im, MIN (x, (gint) im->w - 1), MIN (y, (gint) im->h - 1), c);
}

GST_START_TEST (test_bilinear_half_pixel_is_average)
{
  static const gdouble halves[][2] = { {0.5, 0}, {0, 0.5}, {0.5, 0.5} };
  guint k, e, bpp, x, y, c;

  for (k = 0; k < G_N_ELEMENTS (halves); k++)
    for (e = 0; e < G_N_ELEMENTS (extends); e++)
      for (bpp = 1; bpp <= 4; bpp++) {
        GstImRemapExtend ext = extends[e];
        Image in = image_new (29, 19, bpp, 3);
        Map m = { 29, 19, 29, 19, halves[k][0], halves[k][1] };
        Image out = remap (&m, &in, GST_IM_REMAP_BILINEAR, ext, ext, NULL, 0,
            0);
        gint dx = halves[k][0] > 0, dy = halves[k][1] > 0;

        for (y = 0; y < out.h; y++)
          for (x = 0; x < out.w; x++)
            for (c = 0; c < bpp; c++) {
              guint sum = tap (&in, x, y, c, ext) + tap (&in, x + dx, y, c,
                  ext) + tap (&in, x, y + dy, c, ext) + tap (&in, x + dx,
                  y + dy, c, ext);

              fail_unless_equals_int (px (&out, x, y, c), (sum + 2) / 4);
            }
        g_free (in.data);
        g_free (out.data);
      }
}

GST_END_TEST;

/* Any map of a flat image gives the flat image, or the background where
 * it leaves the source. */
GST_START_TEST (test_flat_stays_flat)
{
  guint i, e, x, y;

  for (i = 0; i < G_N_ELEMENTS (interps); i++)
    for (e = 0; e < 2; e++) {   /* (not blended with the background) */
      Image in = image_new (40, 30, 3, 0);
      Map m = { 50, 35, 40, 30, 0, 0, TRUE };
      Image out;

      memset (in.data, 0x9c, (gsize) in.stride * in.h);
      out = remap (&m, &in, interps[i], extends[e], GST_IM_REMAP_EXTEND_CLAMP,
          NULL, 0, 0);
      for (y = 0; y < out.h; y++)
        for (x = 0; x < out.w * 3; x++)
          fail_unless (out.data[y * out.stride + x] == 0x9c ||
              out.data[y * out.stride + x] == bg[x % 3]);
      g_free (in.data);
      g_free (out.data);
    }
}

GST_END_TEST;

/* The weights of taps -1, 0, 1, 2 at fraction @f, in double. */
static void
weights (GstImRemapInterpolation interp, gdouble f, gdouble w[4])
{
  gint k;

  for (k = 0; k < 4; k++) {
    gdouble d = fabs (f - (k - 1));

    if (interp == GST_IM_REMAP_BILINEAR)
      w[k] = MAX (0.0, 1 - d);
    else
      w[k] = d <= 1 ? (1.5 * d - 2.5) * d * d + 1 : d < 2 ?
          ((-0.5 * d + 2.5) * d - 4) * d + 2 : 0;
  }
}

/* Where tap @i of an axis reads by @extend, or -1 for the background. */
static gint
extend_index (gint i, gint size, GstImRemapExtend extend)
{
  if (i >= 0 && i < size)
    return i;
  if (extend == GST_IM_REMAP_EXTEND_REPEAT)
    return (i % size + size) % size;
  return extend == GST_IM_REMAP_EXTEND_CLAMP ? CLAMP (i, 0, size - 1) : -1;
}

/* A warped map of a smooth image against sampling in double precision:
 * within one level once rounded, and less than 0.1 on average (positions
 * are kept in 1/128 pixel, cubic weights in 1/256). */
GST_START_TEST (test_vs_double)
{
  GstImRemapInterpolation interp = __i__ < 3 ? GST_IM_REMAP_BILINEAR :
      GST_IM_REMAP_BICUBIC;
  GstImRemapExtend ext = extends[__i__ % 3];
  Image in = image_new (61, 47, 4, 2), out;
  Map m = { 70, 50, 61, 47, 0, 0, TRUE };
  gdouble *uv = g_new (gdouble, 2 * m.out_w), wx[4], wy[4], sum_diff = 0;
  guint x, y, c, n = 0;
  gint i, j, tx, ty;

  for (y = 0; y < in.h; y++)
    for (x = 0; x < in.w * 4; x++)
      in.data[y * in.stride + x] = 128 + 100 * sin (x / 23.0 + y / 9.0);
  out = remap (&m, &in, interp, ext, ext, NULL, 0, 0);
  for (y = 0; y < m.out_h; y++) {
    map_row (y, uv, &m);
    for (x = 0; x < m.out_w; x++) {
      gdouble u = uv[2 * x], v = uv[2 * x + 1], e[4] = { 0, 0, 0, 0 };
      gint x0, y0;

      if (ext == GST_IM_REMAP_EXTEND_REPEAT && !isnan (u)) {
        u = fmod (fmod (u, in.w) + in.w, in.w);
        v = fmod (fmod (v, in.h) + in.h, in.h);
      }
      /* only CLAMP turns positions outside into the background; BACKGROUND
       * resolves each tap */
      if (isnan (u) || (ext == GST_IM_REMAP_EXTEND_CLAMP && !(u >= 0 &&
                  u <= in.w && v >= 0 && v <= in.h))) {
        for (c = 0; c < 4; c++)
          fail_unless_equals_int (px (&out, x, y, c), bg[c]);
        continue;
      }
      x0 = (gint) floor (u - 0.5);
      y0 = (gint) floor (v - 0.5);
      weights (interp, u - 0.5 - x0, wx);
      weights (interp, v - 0.5 - y0, wy);
      for (j = 0; j < 4; j++)
        for (i = 0; i < 4; i++) {
          tx = extend_index (x0 + i - 1, in.w, ext);
          ty = extend_index (y0 + j - 1, in.h, ext);
          for (c = 0; c < 4; c++)
            e[c] += wx[i] * wy[j] * (tx < 0 || ty < 0 ? bg[c] :
                px (&in, tx, ty, c));
        }
      for (c = 0; c < 4; c++) {
        gint d = abs ((gint) lrint (CLAMP (e[c], 0, 255)) - px (&out, x, y,
                c));

        fail_unless (d <= 1, "interp %u extend %u: pixel %u,%u channel %u: "
            "%u, double %.3f", interp, ext, x, y, c, px (&out, x, y, c), e[c]);
        sum_diff += d;
        n++;
      }
    }
  }
  fail_unless (sum_diff / n < 0.1, "mean difference %f", sum_diff / n);
  g_free (uv);
  g_free (in.data);
  g_free (out.data);
}

GST_END_TEST;

/* ---- determinism ---- */

static const struct
{
  guint workers, chunk;
} det[] = {
  {1, 0}, {2, 1}, {3, 7}, {4, 0}, {16, 64},
};

/* The bytes do not depend on the workers or the band size, for building
 * or applying. */
GST_START_TEST (test_same_bytes_any_split)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (det[__i__].workers, NULL);
  guint i, e, bpp;

  fail_unless (pool != NULL);
  for (bpp = 1; bpp <= 4; bpp++)
    for (i = 0; i < G_N_ELEMENTS (interps); i++)
      for (e = 0; e < G_N_ELEMENTS (extends); e++) {
        Image in = image_new (83, 61, bpp, 1);
        Map m = { 97, 71, 83, 61, 0, 0, TRUE };
        Image ref = remap (&m, &in, interps[i], extends[e], extends[e], NULL,
            0, 0);
        Image got = remap (&m, &in, interps[i], extends[e], extends[e], pool,
            det[__i__].chunk, 0);

        fail_unless (memcmp (ref.data, got.data, (gsize) ref.stride * ref.h)
            == 0, "workers %u chunk %u bpp %u interp %u extend %u differ",
            det[__i__].workers, det[__i__].chunk, bpp, interps[i], extends[e]);
        g_free (in.data);
        g_free (ref.data);
        g_free (got.data);
      }
  gst_im_worker_pool_free (pool);
}

GST_END_TEST;

/* Rows set one by one, in any order, give the table that fill () gives. */
GST_START_TEST (test_set_row_equals_fill)
{
  Image in = image_new (50, 40, 3, 2);
  Map m = { 45, 33, 50, 40, 0, 0, TRUE };
  GstImRemapTable *a = table_for (&m, &in, GST_IM_REMAP_BICUBIC,
      GST_IM_REMAP_EXTEND_BACKGROUND, GST_IM_REMAP_EXTEND_CLAMP, NULL, 0);
  GstImRemapTable *b = gst_im_remap_table_new (45, 33, 50, 40, in.stride, 3,
      GST_IM_REMAP_BICUBIC, GST_IM_REMAP_EXTEND_BACKGROUND,
      GST_IM_REMAP_EXTEND_CLAMP, NULL);
  gdouble *uv = g_new (gdouble, 2 * m.out_w);
  guint8 *da = g_malloc (45 * 3 * 33), *db = g_malloc (45 * 3 * 33);
  gint y;

  for (y = m.out_h - 1; y >= 0; y--) {
    map_row (y, uv, &m);
    gst_im_remap_table_set_row (b, y, uv);
  }
  gst_im_remap_table_finish (b, NULL, 0);
  gst_im_remap_table_apply (a, NULL, 0, in.data, in.stride, da, 45 * 3, bg);
  gst_im_remap_table_apply (b, NULL, 0, in.data, in.stride, db, 45 * 3, bg);
  fail_unless (memcmp (da, db, 45 * 3 * 33) == 0);
  gst_im_remap_table_free (a);
  gst_im_remap_table_free (b);
  g_free (uv);
  g_free (da);
  g_free (db);
  g_free (in.data);
}

GST_END_TEST;

/* ---- limits and helpers ---- */

static void
count_critical (const gchar * domain, GLogLevelFlags level,
    const gchar * message, gpointer data)
{
  (*(guint *) data)++;
}

/* Sizes beyond the table's limits are errors; bad arguments are
 * programming errors. */
GST_START_TEST (test_too_large)
{
  GError *err = NULL;
  guint n = 0, id;

  fail_unless (gst_im_remap_table_new (GST_IM_REMAP_MAX_SIZE + 1, 1, 1, 1, 1,
          1, GST_IM_REMAP_NEAREST, GST_IM_REMAP_EXTEND_CLAMP,
          GST_IM_REMAP_EXTEND_CLAMP, &err) == NULL);
  fail_unless (g_error_matches (err, GST_STREAM_ERROR,
          GST_STREAM_ERROR_FORMAT));
  g_clear_error (&err);
  fail_unless (gst_im_remap_table_new (1, 1, 30000, 30000, 150000,
          4, GST_IM_REMAP_NEAREST, GST_IM_REMAP_EXTEND_CLAMP,
          GST_IM_REMAP_EXTEND_CLAMP, &err) == NULL);
  fail_unless (g_error_matches (err, GST_STREAM_ERROR,
          GST_STREAM_ERROR_FORMAT));
  g_clear_error (&err);
  id = g_log_set_handler ("GStreamer-Imagemill", G_LOG_LEVEL_CRITICAL,
      count_critical, &n);
  fail_unless (gst_im_remap_table_new (1, 1, 1, 1, 5, 5,
          GST_IM_REMAP_NEAREST, GST_IM_REMAP_EXTEND_CLAMP,
          GST_IM_REMAP_EXTEND_CLAMP, NULL) == NULL);
  fail_unless (gst_im_remap_table_new (1, 1, 4, 1, 3, 1,
          GST_IM_REMAP_NEAREST, GST_IM_REMAP_EXTEND_CLAMP,
          GST_IM_REMAP_EXTEND_CLAMP, NULL) == NULL);
  fail_unless_equals_int (n, 2);
  g_log_remove_handler ("GStreamer-Imagemill", id);
}

GST_END_TEST;

static void
check_background (const gchar * format, guint32 argb, guint plane,
    const guint8 * expect, guint n)
{
  GstVideoInfo info;
  guint8 b[GST_VIDEO_MAX_PLANES][4];

  fail_unless (gst_video_info_set_format (&info,
          gst_video_format_from_string (format), 16, 16));
  gst_im_remap_background_from_argb (&info, argb, b);
  fail_unless (memcmp (b[plane], expect, n) == 0, "%s plane %u: %02x %02x "
      "%02x %02x", format, plane, b[plane][0], b[plane][1], b[plane][2],
      b[plane][3]);
}

GST_START_TEST (test_background_from_argb)
{
  check_background ("RGB", 0x80102030, 0, (guint8[]) {
      0x10, 0x20, 0x30}, 3);
  check_background ("BGRx", 0x80102030, 0, (guint8[]) {
      0x30, 0x20, 0x10, 0xff}, 4);
  check_background ("ARGB", 0x80102030, 0, (guint8[]) {
      0x80, 0x10, 0x20, 0x30}, 4);
  check_background ("GRAY8", 0xffffffff, 0, (guint8[]) {
      0xff}, 1);
  /* BT.601 white and black: Y 235 and 16, chroma 128 */
  check_background ("I420", 0xffffffff, 0, (guint8[]) {
      235}, 1);
  check_background ("I420", 0xff000000, 0, (guint8[]) {
      16}, 1);
  check_background ("I420", 0xff000000, 1, (guint8[]) {
      128}, 1);
  check_background ("YV12", 0xff000000, 2, (guint8[]) {
      128}, 1);
}

GST_END_TEST;

static Suite *
remap_suite (void)
{
  Suite *s = suite_create ("remap");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_identity_is_a_copy);
  tcase_add_test (tc, test_shift_is_a_shifted_copy);
  tcase_add_test (tc, test_bilinear_half_pixel_is_average);
  tcase_add_test (tc, test_flat_stays_flat);
  tcase_add_loop_test (tc, test_vs_double, 0, 6);
  tcase_add_loop_test (tc, test_same_bytes_any_split, 0, G_N_ELEMENTS (det));
  tcase_add_test (tc, test_set_row_equals_fill);
  tcase_add_test (tc, test_too_large);
  tcase_add_test (tc, test_background_from_argb);
  return s;
}

GST_CHECK_MAIN (remap);
