/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What the augment core tests share: test images, rendering a plan through
 * GstVideoFrames mapped from buffers, reading values back out of a plan's
 * JSON, and an independent double-precision sampler with OpenCV's
 * conventions (pixel centres at integers, cv::borderInterpolate's border
 * rules, bilinear, and bicubic with OpenCV's A = -0.75) that the references
 * of the tests are built on.
 */
#ifndef __AUG_TEST_H__
#define __AUG_TEST_H__

#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/video/video.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimaugment.h>
#include "imtest.h"

/* A tightly packed 8-bit image of 1, 3 or 4 channels. */
typedef struct
{
  guint w, h, bpp;
  guint8 *px;
} AugImage;

static inline AugImage
aug_image_new (guint w, guint h, guint bpp)
{
  AugImage img = { w, h, bpp, g_malloc0 ((gsize) w * h * bpp) };

  return img;
}

static inline void
aug_image_clear (AugImage * img)
{
  g_clear_pointer (&img->px, g_free);
}

/* Smooth structure in every channel plus a fixed pseudo-random texture of
 * +-12 levels: edges and noise both show a wrong interpolation, while the
 * values stay inside 0..255 so no clipping hides a difference. */
static inline AugImage
aug_image_pattern (guint w, guint h, guint bpp, guint seed)
{
  AugImage img = aug_image_new (w, h, bpp);
  guint32 s = 2463534242u + seed * 747796405u;
  guint x, y, c;
  gdouble v;

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (c = 0; c < bpp; c++) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        v = 128 + 70 * sin (x * (0.21 + 0.05 * c) + y * 0.07 + c)
            + 35 * cos (y * (0.17 + 0.03 * c) - x * 0.05)
            + (gdouble) (s % 25) - 12;
        img.px[((gsize) y * w + x) * bpp + c] = (guint8) CLAMP (v, 0, 255);
      }
  return img;
}

static inline GstVideoFormat
aug_format_of (guint bpp)
{
  return bpp == 1 ? GST_VIDEO_FORMAT_GRAY8 : bpp == 3 ? GST_VIDEO_FORMAT_RGB :
      GST_VIDEO_FORMAT_RGBA;
}

/* A buffer of @img's size in @format (of @bpp bytes a pixel), its stride
 * GStreamer's default (RGB and GRAY8 rows padded to 4 bytes), mapped for
 * writing. */
static inline GstBuffer *
aug_frame_map_format (GstVideoFormat format, guint w, guint h, guint bpp,
    const guint8 * px, GstVideoFrame * frame)
{
  GstVideoInfo info;
  GstBuffer *buf;
  guint y;

  fail_unless (gst_video_info_set_format (&info, format, w, h));
  buf = gst_buffer_new_allocate (NULL, info.size, NULL);
  gst_buffer_memset (buf, 0, 0xa5, info.size);
  fail_unless (gst_video_frame_map (frame, &info, buf, GST_MAP_READWRITE));
  if (px)
    for (y = 0; y < h; y++)
      memcpy ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame, 0)
          + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0),
          px + (gsize) y * w * bpp, (gsize) w * bpp);
  return buf;
}

/* The same in the format of @bpp bytes a pixel (aug_format_of ()). */
static inline GstBuffer *
aug_frame_map (guint w, guint h, guint bpp, const guint8 * px,
    GstVideoFrame * frame)
{
  return aug_frame_map_format (aug_format_of (bpp), w, h, bpp, px, frame);
}

/* Renders @plan on @src (in @format) through mapped GstVideoFrames and
 * returns the output, tightly packed. */
static inline AugImage
aug_render_format (const GstImAugPlan * plan, const AugImage * src,
    GstVideoFormat format, gboolean fuse, GstImWorkerPool * pool,
    guint chunk_rows)
{
  GstVideoFrame in, out;
  GstBuffer *bin, *bout;
  GstImAugScratch *scratch = gst_im_aug_scratch_new ();
  GError *error = NULL;
  AugImage img;
  guint w, h, y;

  gst_im_aug_plan_get_output_size (plan, &w, &h);
  img = aug_image_new (w, h, src->bpp);
  bin = aug_frame_map_format (format, src->w, src->h, src->bpp, src->px, &in);
  bout = aug_frame_map_format (format, w, h, src->bpp, NULL, &out);
  fail_unless (gst_im_aug_plan_render (plan, &in, &out, fuse, pool,
          chunk_rows, scratch, &error), "render: %s",
      error ? error->message : "?");
  for (y = 0; y < h; y++)
    memcpy (img.px + (gsize) y * w * src->bpp,
        (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&out, 0)
        + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&out, 0),
        (gsize) w * src->bpp);
  gst_video_frame_unmap (&in);
  gst_video_frame_unmap (&out);
  gst_buffer_unref (bin);
  gst_buffer_unref (bout);
  gst_im_aug_scratch_free (scratch);
  return img;
}

/* The same in the format of @src's bytes a pixel (aug_format_of ()). */
static inline AugImage
aug_render (const GstImAugPlan * plan, const AugImage * src, gboolean fuse,
    GstImWorkerPool * pool, guint chunk_rows)
{
  return aug_render_format (plan, src, aug_format_of (src->bpp), fuse, pool,
      chunk_rows);
}

static inline GstImAugPipeline *
aug_pipeline (const gchar * transforms)
{
  GError *error = NULL;
  GstImAugPipeline *p = gst_im_aug_pipeline_new_from_string (transforms,
      &error);

  fail_unless (p != NULL, "%s: %s", transforms, error ? error->message : "?");
  return p;
}

/* ---- reading a plan's JSON ---- */

/* The text of applied entry @index of @json, up to the end of the plan. */
static inline const gchar *
aug_applied_at (const gchar * json, guint index)
{
  const gchar *p = strstr (json, "\"applied\":[");
  guint i;

  fail_unless (p != NULL);
  for (i = 0; i <= index; i++) {
    p = strstr (p + 1, "{\"transform\":");
    if (p == NULL)
      return NULL;
  }
  return p;
}

/* @n numbers of value @name of applied entry @index (a number, or an
 * array of them); FALSE when the entry or the value is absent. */
static inline gboolean
aug_applied_numbers (const gchar * json, guint index, const gchar * name,
    gdouble * out, guint n)
{
  const gchar *entry = aug_applied_at (json, index), *next, *p;
  gchar *key = g_strdup_printf ("\"%s\":", name);
  gchar *end;
  guint i;

  if (entry == NULL) {
    g_free (key);
    return FALSE;
  }
  next = strstr (entry + 1, "{\"transform\":");
  p = strstr (entry, key);
  g_free (key);
  if (p == NULL || (next && p > next))
    return FALSE;
  p = strchr (p, ':') + 1;
  if (*p == '[')
    p++;
  for (i = 0; i < n; i++) {
    out[i] = g_ascii_strtod (p, &end);
    if (end == p)
      return FALSE;
    p = end;
    if (*p == ',')
      p++;
  }
  return TRUE;
}

/* The transform name of applied entry @index, or NULL past the end. */
static inline gchar *
aug_applied_name (const gchar * json, guint index)
{
  const gchar *p = aug_applied_at (json, index);

  if (p == NULL)
    return NULL;
  p += strlen ("{\"transform\":\"");
  return g_strndup (p, strchr (p, '"') - p);
}

/* ---- the double-precision reference sampler ---- */

/* cv::borderInterpolate: index @i of an axis of @n pixels under OpenCV's
 * border @mode (0 constant, 1 replicate, 2 reflect, 3 wrap, 4 reflect
 * 101); -1 for the constant border's fill. */
static inline gint
aug_border_index (gint i, gint n, gint mode)
{
  if (i >= 0 && i < n)
    return i;
  switch (mode) {
    case 1:
      return i < 0 ? 0 : n - 1;
    case 2:
    case 4:
      if (n == 1)
        return 0;
      while (i < 0 || i >= n)
        i = i < 0 ? -i - (mode == 2 ? 1 : 0) :
            2 * n - 1 - i - (mode == 2 ? 0 : 1);
      return i;
    case 3:
      return ((i % n) + n) % n;
    default:
      return -1;
  }
}

static inline gdouble
aug_cubic_w (gdouble d)
{
  const gdouble A = -0.75;      /* OpenCV's INTER_CUBIC */

  d = fabs (d);
  if (d <= 1)
    return ((A + 2) * d - (A + 3)) * d * d + 1;
  if (d < 2)
    return ((A * d - 5 * A) * d + 8 * A) * d - 4 * A;
  return 0;
}

/* The value of channel @c at source point (u, v): @interp 1 bilinear,
 * 2 bicubic, in double, each tap through the border rule. */
static inline gdouble
aug_ref_sample (const AugImage * src, gdouble u, gdouble v, guint c,
    gint interp, gint border, gdouble fill)
{
  gint x0 = (gint) floor (u), y0 = (gint) floor (v), lo, hi, i, j, xi, yi;
  gdouble fx = u - x0, fy = v - y0, sum = 0, wx, wy;

  if (interp == 2) {
    lo = -1;
    hi = 2;
  } else {
    lo = 0;
    hi = 1;
  }
  for (j = lo; j <= hi; j++) {
    wy = interp == 2 ? aug_cubic_w (fy - j) : (j ? fy : 1 - fy);
    yi = aug_border_index (y0 + j, src->h, border);
    for (i = lo; i <= hi; i++) {
      wx = interp == 2 ? aug_cubic_w (fx - i) : (i ? fx : 1 - fx);
      xi = aug_border_index (x0 + i, src->w, border);
      sum += wx * wy * (xi < 0 || yi < 0 ? fill :
          src->px[((gsize) yi * src->w + xi) * src->bpp + c]);
    }
  }
  return sum;
}

static inline guint8
aug_round (gdouble v)
{
  return (guint8) CLAMP (floor (v + 0.5), 0, 255);
}

/* An image of @w x @h sampled from @src at the points @map gives (pixel
 * centres at integers), in double; a NaN point is the fill. */
typedef void (*AugMapFunc) (gpointer data, guint x, guint y, gdouble * uv);

static inline AugImage
aug_ref_render (const AugImage * src, guint w, guint h, AugMapFunc map,
    gpointer data, gint interp, gint border, gdouble fill)
{
  AugImage img = aug_image_new (w, h, src->bpp);
  gdouble uv[2];
  guint x, y, c;

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++) {
      map (data, x, y, uv);
      for (c = 0; c < src->bpp; c++)
        img.px[((gsize) y * w + x) * src->bpp + c] =
            isnan (uv[0]) || isnan (uv[1]) ? aug_round (fill) :
            aug_round (aug_ref_sample (src, uv[0], uv[1], c, interp, border,
                fill));
    }
  return img;
}

/* 3x3 inverse by Gauss-Jordan with partial pivoting (a different route
 * from the library's adjugate). */
static inline void
aug_invert3 (const gdouble * m, gdouble * inv)
{
  gdouble a[3][6], t;
  gint i, j, k, piv;

  for (i = 0; i < 3; i++)
    for (j = 0; j < 6; j++)
      a[i][j] = j < 3 ? m[3 * i + j] : (j - 3 == i);
  for (k = 0; k < 3; k++) {
    piv = k;
    for (i = k + 1; i < 3; i++)
      if (fabs (a[i][k]) > fabs (a[piv][k]))
        piv = i;
    for (j = 0; j < 6; j++) {
      t = a[k][j];
      a[k][j] = a[piv][j];
      a[piv][j] = t;
    }
    fail_unless (fabs (a[k][k]) > 1e-12);
    for (j = 5; j >= k; j--)
      a[k][j] /= a[k][k];
    for (i = 0; i < 3; i++)
      if (i != k)
        for (j = 5; j >= k; j--)
          a[i][j] -= a[i][k] * a[k][j];
  }
  for (i = 0; i < 3; i++)
    for (j = 0; j < 3; j++)
      inv[3 * i + j] = a[i][j + 3];
}

static inline void
aug_mul3 (const gdouble * a, const gdouble * b, gdouble * out)
{
  gdouble r[9];
  gint i, j, k;

  for (i = 0; i < 3; i++)
    for (j = 0; j < 3; j++) {
      r[3 * i + j] = 0;
      for (k = 0; k < 3; k++)
        r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
    }
  memcpy (out, r, sizeof (r));
}

/* (x, y) through the 3x3 @m, with the perspective divide. */
static inline void
aug_apply3 (const gdouble * m, gdouble x, gdouble y, gdouble * uv)
{
  gdouble w = m[6] * x + m[7] * y + m[8];

  uv[0] = (m[0] * x + m[1] * y + m[2]) / w;
  uv[1] = (m[3] * x + m[4] * y + m[5]) / w;
}

static inline void
aug_matrix_map (gpointer data, guint x, guint y, gdouble * uv)
{
  aug_apply3 (data, x, y, uv);
}

/* PSNR and largest difference of two images of the same shape. */
static inline gdouble
aug_compare (const AugImage * a, const AugImage * b, gint * max_diff)
{
  gsize i, n = (gsize) a->w * a->h * a->bpp;

  fail_unless_equals_int (a->w, b->w);
  fail_unless_equals_int (a->h, b->h);
  *max_diff = 0;
  for (i = 0; i < n; i++)
    *max_diff = MAX (*max_diff, ABS ((gint) a->px[i] - b->px[i]));
  return im_test_psnr (a->px, b->px, n);
}

#endif /* __AUG_TEST_H__ */
