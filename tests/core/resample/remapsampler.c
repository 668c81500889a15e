/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImRemapSampler, one row at a time, and the extend rules against
 * OpenCV's: a double-precision sampler written here that resolves every tap
 * as cv::borderInterpolate() does (its loop, not the kernel's modulo),
 * cv2.remap() itself, and the rows a GstImRemapTable gives for the same
 * positions.
 */
#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/imagemill/imagemill.h>
#include <gst/imagemill/gstimremap.h>
#include "imtest.h"

static const GstImRemapInterpolation interps[] = {
  GST_IM_REMAP_NEAREST, GST_IM_REMAP_BILINEAR, GST_IM_REMAP_BICUBIC,
  GST_IM_REMAP_BICUBIC_OPENCV,
};

/* 4x4 taps: Catmull-Rom or OpenCV's cubic */
static gboolean
is_cubic (GstImRemapInterpolation interp)
{
  return interp == GST_IM_REMAP_BICUBIC ||
      interp == GST_IM_REMAP_BICUBIC_OPENCV;
}

/* with OpenCV's number of each */
static const struct
{
  GstImRemapExtend extend;
  gint cv;
} modes[] = {
  {GST_IM_REMAP_EXTEND_COPY, 1},        /* BORDER_REPLICATE */
  {GST_IM_REMAP_EXTEND_MIRROR, 2},      /* BORDER_REFLECT */
  {GST_IM_REMAP_EXTEND_MIRROR_101, 4},  /* BORDER_REFLECT_101 */
  {GST_IM_REMAP_EXTEND_REPEAT, 3},      /* BORDER_WRAP */
  {GST_IM_REMAP_EXTEND_BACKGROUND, 0},  /* BORDER_CONSTANT */
};

static const guint8 bg[4] = { 0x11, 0xe2, 0x33, 0x94 };

/* ---- random numbers and images ---- */

static guint64
next (guint64 * s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static gdouble
uniform (guint64 * s)
{
  return (next (s) >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct
{
  guint w, h, bpp;
  gint stride;
  guint8 *data;
} Image;

/* Noise, or (@smooth) random values 16 pixels apart joined by bilinear
 * ramps: at most 16 levels from one pixel to the next. Rows are padded. */
static Image
image_new (guint w, guint h, guint bpp, gboolean smooth, guint64 * seed)
{
  Image im = { w, h, bpp, w * bpp + 3, NULL };
  guint gw = w / 16 + 2, gh = h / 16 + 2, x, y, c;
  guint8 *grid = g_malloc (gw * gh * bpp);

  for (x = 0; x < gw * gh * bpp; x++)
    grid[x] = next (seed) >> 56;
  im.data = g_malloc ((gsize) im.stride * h);
  memset (im.data, 0xee, (gsize) im.stride * h);
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (c = 0; c < bpp; c++) {
        gdouble fx = (x % 16) / 16.0, fy = (y % 16) / 16.0;
        const guint8 *g = grid + ((y / 16) * gw + x / 16) * bpp + c;

        im.data[y * im.stride + x * bpp + c] = !smooth ? (gint) (next (seed)
            >> 56) :
            lrint ((g[0] * (1 - fx) + g[bpp] * fx) * (1 - fy) +
            (g[gw * bpp] * (1 - fx) + g[(gw + 1) * bpp] * fx) * fy);
      }
  g_free (grid);
  return im;
}

/* A source coordinate on an axis of @size pixels: mostly around the
 * source, some near its edges, some far outside, some exactly on an edge,
 * a few NaN or infinite; on the 1 / @grid pixel grid when @grid > 0. */
static gdouble
random_coord (guint size, guint64 * seed, guint grid)
{
  gdouble r = uniform (seed), c, end = size;

  if (r < 0.6)
    c = (uniform (seed) * 5 - 2) * size;
  else if (r < 0.8)
    c = (uniform (seed) < 0.5 ? 0 : end) + uniform (seed) * 8 - 4;
  else if (r < 0.9)
    c = (uniform (seed) < 0.5 ? -1 : 1) * pow (10, 1 + uniform (seed) * 5);
  else if (r < 0.97)
    c = (uniform (seed) < 0.5 ? 0 : end) + (gint) (uniform (seed) * 3) - 1;
  else
    return r < 0.98 ? NAN : r < 0.99 ? INFINITY : -INFINITY;
  return grid ? floor (c * grid + 0.5) / grid : c;
}

/* ---- the reference, in double ---- */

/* cv::borderInterpolate() as OpenCV writes it: reflections one edge at a
 * time (after removing whole periods); -1 for the constant border. */
static gint
border (gint p, gint len, GstImRemapExtend extend)
{
  gint delta;

  if (p >= 0 && p < len)
    return p;
  switch (extend) {
    case GST_IM_REMAP_EXTEND_COPY:
      return p < 0 ? 0 : len - 1;
    case GST_IM_REMAP_EXTEND_REPEAT:
      if (p < 0)
        p -= ((p - len + 1) / len) * len;
      return p % len;
    case GST_IM_REMAP_EXTEND_MIRROR:
    case GST_IM_REMAP_EXTEND_MIRROR_101:
      if (len == 1)
        return 0;
      delta = extend == GST_IM_REMAP_EXTEND_MIRROR_101;
      /* (whole periods first, so that far points take few turns) */
      p %= 2 * len - 2 * delta;
      do {
        if (p < 0)
          p = -p - 1 + delta;
        else
          p = len - 1 - (p - len) - delta;
      } while ((guint) p >= (guint) len);
      return p;
    default:
      return -1;
  }
}

/* Tap weights of an axis at fraction @f: 2 bilinear ones (taps 0, 1), or 4
 * of cubic convolution (taps -1 .. 2): Catmull-Rom, a = -0.5, or OpenCV's
 * INTER_CUBIC, a = -0.75. */
static void
weights (GstImRemapInterpolation interp, gdouble f, gdouble w[4])
{
  const gdouble a = interp == GST_IM_REMAP_BICUBIC_OPENCV ? -0.75 : -0.5;
  gint k;

  if (interp == GST_IM_REMAP_BILINEAR) {
    w[0] = 1 - f;
    w[1] = f;
    return;
  }
  for (k = 0; k < 4; k++) {
    gdouble d = fabs (f - (k - 1));

    w[k] = d <= 1 ? ((a + 2) * d - (a + 3)) * d * d + 1 :
        ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
  }
}

/* The pixel at source position @u, @v (pixel i covers [i, i + 1)). Nearest
 * reads the pixel holding the point; the others sample at u - 0.5, v - 0.5
 * in centre units, as OpenCV's maps are. */
static void
reference (const Image * im, GstImRemapInterpolation interp,
    GstImRemapExtend extend, gdouble u, gdouble v, gdouble out[4])
{
  gint n = is_cubic (interp) ? 4 : interp == GST_IM_REMAP_BILINEAR ? 2 : 1;
  gint first = is_cubic (interp);
  gdouble wx[4] = { 1 }, wy[4] = { 1 }, x, y;
  gint x0, y0, i, j, tx, ty;
  guint c;

  for (c = 0; c < im->bpp; c++)
    out[c] = 0;
  if (!isfinite (u) || !isfinite (v)) {
    for (c = 0; c < im->bpp; c++)
      out[c] = bg[c];
    return;
  }
  x = interp == GST_IM_REMAP_NEAREST ? u : u - 0.5;
  y = interp == GST_IM_REMAP_NEAREST ? v : v - 0.5;
  x0 = (gint) floor (x);
  y0 = (gint) floor (y);
  if (n > 1) {
    weights (interp, x - x0, wx);
    weights (interp, y - y0, wy);
  }
  for (j = 0; j < n; j++)
    for (i = 0; i < n; i++) {
      tx = border (x0 - first + i, im->w, extend);
      ty = border (y0 - first + j, im->h, extend);
      for (c = 0; c < im->bpp; c++)
        out[c] += wx[i] * wy[j] * (tx < 0 || ty < 0 ? bg[c] :
            im->data[ty * im->stride + tx * im->bpp + c]);
    }
}

/* The spread (largest - smallest) of the taps of channel @c that sampling
 * around @u, @v reads, a pixel more on each side. */
static gint
spread (const Image * im, gdouble u, gdouble v, guint c,
    GstImRemapExtend extend)
{
  gint x0 = (gint) floor (u - 0.5) - 2, y0 = (gint) floor (v - 0.5) - 2;
  gint i, j, tx, ty, p, lo = 255, hi = 0;

  for (j = 0; j < 6; j++)
    for (i = 0; i < 6; i++) {
      tx = border (x0 + i, im->w, extend);
      ty = border (y0 + j, im->h, extend);
      p = tx < 0 || ty < 0 ? bg[c] : im->data[ty * im->stride + tx * im->bpp +
          c];
      lo = MIN (lo, p);
      hi = MAX (hi, p);
    }
  return hi - lo;
}

static GstImRemapSource
source_for (const Image * im, GstImRemapInterpolation interp,
    GstImRemapExtend extend)
{
  GstImRemapSource s = { im->data, im->stride, im->w, im->h, im->bpp, interp,
    extend, extend
  };

  memcpy (s.background, bg, 4);
  return s;
}

static const guint sizes[][2] = {
  {1, 1}, {2, 3}, {1, 9}, {7, 2}, {37, 23}, {64, 45},
};

/* Every extend rule, interpolation and pixel size: rows of random
 * positions, far outside and across the edges included, against the
 * reference. Nearest reads the same pixel: exact. Bilinear reads noise at
 * positions on the 1/128 grid, which the sampler keeps exactly: off by its
 * rounding alone, one level. Bicubic (and bilinear again) reads the smooth
 * image at any position, where the sampler's fixed point adds to that one
 * level what it can move in the footprint, S being the spread of its taps
 * (at most 48 inside the smooth image, up to 255 across the seams of REPEAT
 * and BACKGROUND): positions rounded to 1/128 pixel move by 1/256 on each
 * axis, at most 2/256 S for bilinear and 2.5/256 S for Catmull-Rom (whose
 * slope is at most 1.25 S); cubic weights in 1/256 are each off by up to
 * 1/256, at most 4/256 S over the two passes. So 1 + S / 128 for bilinear,
 * 1 + 0.03 S for bicubic: 1 or 2 levels inside the smooth image. */
GST_START_TEST (test_vs_reference)
{
  GstImRemapExtend extend = modes[__i__].extend;
  GstImRemapSampler *s = gst_im_remap_sampler_new (80);
  guint64 seed = 0x9e3779b97f4a7c15ull + __i__;
  gdouble *uv = g_new (gdouble, 2 * 80), want[4];
  guint8 row[80 * 4];
  guint z, i, bpp, smooth, y, x, c, n;

  for (z = 0; z < G_N_ELEMENTS (sizes); z++)
    for (smooth = 0; smooth < 2; smooth++)
      for (i = 0; i < G_N_ELEMENTS (interps); i++)
        for (bpp = 1; bpp <= 4; bpp++) {
          Image im = image_new (sizes[z][0], sizes[z][1], bpp, smooth, &seed);
          GstImRemapSource src = source_for (&im, interps[i], extend);

          if (!smooth && is_cubic (interps[i])) {
            g_free (im.data);
            continue;
          }
          for (y = 0; y < 12; y++) {
            n = 1 + next (&seed) % 80;
            for (x = 0; x < n; x++) {
              uv[2 * x] = random_coord (im.w, &seed, smooth ? 0 : 128);
              uv[2 * x + 1] = random_coord (im.h, &seed, smooth ? 0 : 128);
            }
            gst_im_remap_sampler_row (s, &src, uv, n, row);
            for (x = 0; x < n; x++) {
              reference (&im, interps[i], extend, uv[2 * x], uv[2 * x + 1],
                  want);
              for (c = 0; c < bpp; c++) {
                gint d = abs ((gint) lrint (CLAMP (want[c], 0, 255)) -
                    row[x * bpp + c]), bound = 1;

                if (interps[i] == GST_IM_REMAP_NEAREST)
                  bound = 0;
                else if (smooth && isfinite (uv[2 * x]) &&
                    isfinite (uv[2 * x + 1]))
                  bound += spread (&im, uv[2 * x], uv[2 * x + 1], c,
                      extend) * (is_cubic (interps[i]) ? 0.03 :
                      1 / 128.0);
                /* (a check per pixel would make the suite slow under
                 * ASan: only report) */
                if (d > bound)
                  ck_abort_msg ("extend %d interp %d %ux%u bpp %u smooth "
                      "%u: at (%.17g, %.17g) channel %u: %u, reference "
                      "%.3f, bound %d", extend, interps[i], im.w, im.h, bpp,
                      smooth, uv[2 * x], uv[2 * x + 1], c, row[x * bpp + c],
                      want[c], bound);
              }
            }
          }
          g_free (im.data);
        }
  gst_im_remap_sampler_free (s);
  g_free (uv);
}

GST_END_TEST;

/* A source of the largest size: positions far outside fold back without
 * overflowing (sampled at its corners, where the folded taps land). */
GST_START_TEST (test_largest_source)
{
  const guint w = GST_IM_REMAP_MAX_SIZE, h = 2;
  Image im = { w, h, 1, w, g_malloc ((gsize) w * h) };
  GstImRemapSampler *s = gst_im_remap_sampler_new (64);
  gdouble uv[2 * 64], want[4];
  guint64 seed = 7;
  guint8 row[64];
  guint m, i, x;

  for (x = 0; x < w * h; x++)
    im.data[x] = next (&seed) >> 56;
  for (m = 0; m < G_N_ELEMENTS (modes); m++)
    for (i = 0; i < G_N_ELEMENTS (interps); i++) {
      GstImRemapSource src = source_for (&im, interps[i], modes[m].extend);

      for (x = 0; x < 64; x++) {
        /* multiples of the periods 2w and 2w - 2, plus a little, or plus
         * one width: folded to the ends of the packed range */
        gdouble k = (gint) (next (&seed) % 2001) - 1000;

        uv[2 * x] = floor (((x % 2 ? 2.0 * w : 2.0 * w - 2) * k +
                (x % 4 < 2 ? 0 : w) + uniform (&seed) * 8 - 4) * 128 +
            0.5) / 128;
        uv[2 * x + 1] = floor (uniform (&seed) * 2 * 128 + 0.5) / 128;
      }
      gst_im_remap_sampler_row (s, &src, uv, 64, row);
      for (x = 0; x < 64; x++) {
        if (is_cubic (interps[i]))
          continue;             /* (noise: see test_vs_reference) */
        reference (&im, interps[i], modes[m].extend, uv[2 * x], uv[2 * x + 1],
            want);
        if (abs ((gint) lrint (want[0]) - row[x]) > 1)
          ck_abort_msg ("extend %d interp %d at %.17g, %.17g: %u, "
              "reference %.3f", modes[m].extend, interps[i], uv[2 * x],
              uv[2 * x + 1], row[x], want[0]);
      }
    }
  gst_im_remap_sampler_free (s);
  g_free (im.data);
}

GST_END_TEST;

/* The sampler's rows are the table's rows, byte for byte, for every
 * extend rule (CLAMP included), one sampler reused across sources. */
GST_START_TEST (test_same_as_table)
{
  static const GstImRemapExtend all[] = {
    GST_IM_REMAP_EXTEND_CLAMP, GST_IM_REMAP_EXTEND_REPEAT,
    GST_IM_REMAP_EXTEND_BACKGROUND, GST_IM_REMAP_EXTEND_COPY,
    GST_IM_REMAP_EXTEND_MIRROR, GST_IM_REMAP_EXTEND_MIRROR_101,
  };
  const guint ow = 53, oh = 19;
  GstImRemapSampler *s = gst_im_remap_sampler_new (ow + 10);
  gdouble *uv = g_new (gdouble, 2 * ow * oh);
  guint8 *a = g_malloc (ow * oh * 4), *b = g_malloc (ow * oh * 4);
  guint64 seed = 3;
  guint ex, ey, i, bpp, y, x;

  for (ex = 0; ex < G_N_ELEMENTS (all); ex++)
    for (ey = 0; ey < G_N_ELEMENTS (all); ey += 1 + (ex != ey))
      for (i = 0; i < G_N_ELEMENTS (interps); i++)
        for (bpp = 1; bpp <= 4; bpp++) {
          Image im = image_new (31 + bpp, 17, bpp, FALSE, &seed);
          GstImRemapSource src = source_for (&im, interps[i], all[ex]);
          GstImRemapTable *t = gst_im_remap_table_new (ow, oh, im.w, im.h,
              im.stride, bpp, interps[i], all[ex], all[ey], NULL);

          src.extend_y = all[ey];
          for (x = 0; x < ow * oh; x++) {
            /* half inside, where the fast runs are */
            uv[2 * x] = x % 2 ? uniform (&seed) * im.w :
                random_coord (im.w, &seed, 0);
            uv[2 * x + 1] = x % 4 < 2 ? uniform (&seed) * im.h :
                random_coord (im.h, &seed, 0);
          }
          for (y = 0; y < oh; y++) {
            gst_im_remap_table_set_row (t, y, uv + 2 * y * ow);
            gst_im_remap_sampler_row (s, &src, uv + 2 * y * ow, ow,
                b + y * ow * bpp);
          }
          gst_im_remap_table_finish (t, NULL, 0);
          gst_im_remap_table_apply (t, NULL, 0, im.data, im.stride, a,
              ow * bpp, bg);
          fail_unless (memcmp (a, b, ow * oh * bpp) == 0, "extend %d/%d "
              "interp %d bpp %u: the sampler differs from the table",
              all[ex], all[ey], interps[i], bpp);
          gst_im_remap_table_free (t);
          g_free (im.data);
        }
  gst_im_remap_sampler_free (s);
  g_free (uv);
  g_free (a);
  g_free (b);
}

GST_END_TEST;

/* ---- rows along a line ---- */

/* A random line of @n pixels through or past a source of @w x @h: its
 * start and steps, on the 1 / @grid pixel grid when @grid > 0. */
static void
random_line (guint w, guint h, guint n, guint64 * seed, guint grid,
    gdouble line[4])
{
  gdouble r = uniform (seed), span = MAX (w, h) * (0.5 + 2 * uniform (seed));
  gdouble a = uniform (seed) * 2 * G_PI;
  guint k;

  line[0] = (uniform (seed) * 1.6 - 0.3) * w;
  line[1] = (uniform (seed) * 1.6 - 0.3) * h;
  line[2] = cos (a) * span / n;
  line[3] = sin (a) * span / n;
  if (r < 0.15)                 /* along a row or a column */
    line[2 + (next (seed) & 1)] = 0;
  else if (r < 0.2)             /* one point */
    line[2] = line[3] = 0;
  else if (r < 0.25)            /* far outside */
    line[0] = (uniform (seed) < 0.5 ? -1 : 1) * pow (10, 3 + uniform (seed)
        * 6);
  for (k = 0; grid && k < 4; k++)
    line[k] = floor (line[k] * grid + 0.5) / grid;
}

/* The affine rows against the reference, with the bounds of
 * test_vs_reference: the fixed-point positions add at most 2^-18 pixel on
 * each axis to the sampler's rounding (S / 2^17 more for bilinear and
 * bicubic); on the 1/128 grid they are exact. Nearest at any position reads
 * the pixel holding it, but for positions within 2^-17 pixel of a pixel
 * edge, which may read either side. */
GST_START_TEST (test_affine_vs_reference)
{
  GstImRemapExtend extend = modes[__i__].extend;
  GstImRemapSampler *s = gst_im_remap_sampler_new (80);
  guint64 seed = 0x2545f4914f6cdd1dull + __i__;
  gdouble line[4], want[4], u, v;
  guint8 row[80 * 4];
  guint z, i, bpp, smooth, y, x, c, n;

  for (z = 0; z < G_N_ELEMENTS (sizes); z++)
    for (smooth = 0; smooth < 2; smooth++)
      for (i = 0; i < G_N_ELEMENTS (interps); i++)
        for (bpp = 1; bpp <= 4; bpp++) {
          Image im = image_new (sizes[z][0], sizes[z][1], bpp, smooth, &seed);
          GstImRemapSource src = source_for (&im, interps[i], extend);

          if (!smooth && is_cubic (interps[i])) {
            g_free (im.data);
            continue;
          }
          for (y = 0; y < 12; y++) {
            n = 1 + next (&seed) % 80;
            random_line (im.w, im.h, n, &seed, smooth ? 0 : 128, line);
            gst_im_remap_sampler_row_affine (s, &src, line[0], line[1],
                line[2], line[3], n, row);
            for (x = 0; x < n; x++) {
              u = line[0] + x * line[2];
              v = line[1] + x * line[3];
              reference (&im, interps[i], extend, u, v, want);
              for (c = 0; c < bpp; c++) {
                gint d = abs ((gint) lrint (CLAMP (want[c], 0, 255)) -
                    row[x * bpp + c]), bound = 1;

                if (interps[i] == GST_IM_REMAP_NEAREST)
                  bound = fabs (u - floor (u + 0.5)) < 1 / 131072.0 ||
                      fabs (v - floor (v + 0.5)) < 1 / 131072.0 ? 255 : 0;
                else if (smooth && isfinite (u) && isfinite (v))
                  bound += spread (&im, u, v, c, extend) *
                      ((is_cubic (interps[i]) ? 0.03 : 1 / 128.0)
                      + 1 / 131072.0);
                if (d > bound)
                  ck_abort_msg ("extend %d interp %d %ux%u bpp %u smooth "
                      "%u: line %.17g, %.17g + i * (%.17g, %.17g), pixel %u "
                      "channel %u: %u, reference %.3f, bound %d", extend,
                      interps[i], im.w, im.h, bpp, smooth, line[0], line[1],
                      line[2], line[3], x, c, row[x * bpp + c], want[c],
                      bound);
              }
            }
          }
          g_free (im.data);
        }
  gst_im_remap_sampler_free (s);
}

GST_END_TEST;

/* gst_im_remap_sampler_row_centres () on 3-byte pixels of an unpadded
 * plane (ASan sees a read past its end), at points on the 1/128 grid over
 * the whole source and a pixel around it, the bottom-right corner
 * included: the bytes of gst_im_remap_sampler_row () at the points moved
 * by half a pixel, and for bilinear within one level of the reference,
 * which is exact there. */
GST_START_TEST (test_centres)
{
  const guint w = 23, h = 17, n = 61;
  guint64 seed = 77;
  Image padded = image_new (w, h, 3, FALSE, &seed);
  Image im = { w, h, 3, w * 3, g_malloc (w * h * 3) };
  GstImRemapSampler *s = gst_im_remap_sampler_new (n);
  gdouble c[2 * 61], uv[2 * 61], want[4];
  guint8 a[61 * 3], b[61 * 3];
  guint y, x, i, e, k;

  for (y = 0; y < h; y++)
    memcpy (im.data + y * im.stride, padded.data + y * padded.stride, w * 3);
  for (e = 0; e < G_N_ELEMENTS (modes); e++)
    for (i = 0; i < G_N_ELEMENTS (interps); i++) {
      GstImRemapSource src = source_for (&im, interps[i], modes[e].extend);

      for (y = 0; y < 2 * h + 4; y++) {
        for (x = 0; x < n; x++) {
          c[2 * x] = floor ((-1.5 + x * (w + 2.0) / (n - 1)) * 128) / 128;
          c[2 * x + 1] = floor ((-1.5 + y * 0.5 + (x % 3) / 128.0) * 128) /
              128;
          uv[2 * x] = c[2 * x] + 0.5;
          uv[2 * x + 1] = c[2 * x + 1] + 0.5;
        }
        gst_im_remap_sampler_row_centres (s, &src, c, n, a);
        gst_im_remap_sampler_row (s, &src, uv, n, b);
        fail_unless (memcmp (a, b, sizeof (a)) == 0, "extend %d interp %d "
            "row %u: centres differ from the positions + 0.5",
            modes[e].extend, interps[i], y);
        if (interps[i] != GST_IM_REMAP_BILINEAR)
          continue;
        for (x = 0; x < n; x++) {
          reference (&im, interps[i], modes[e].extend, uv[2 * x],
              uv[2 * x + 1], want);
          for (k = 0; k < 3; k++)
            fail_unless (abs ((gint) lrint (want[k]) - a[3 * x + k]) <= 1,
                "extend %d at %g, %g: %u, reference %.3f", modes[e].extend,
                c[2 * x], c[2 * x + 1], a[3 * x + k], want[k]);
        }
      }
    }
  gst_im_remap_sampler_free (s);
  g_free (im.data);
  g_free (padded.data);
}

GST_END_TEST;

/* Unit steps between pixel centres (flips, crops, transposes, quarter
 * turns): the pixels inside the source are the source's, by index
 * arithmetic, for every interpolation and extend rule; those outside
 * (a pad) are the reference's, which reads them unweighted too. The
 * starts lie inside (a crop offset) or outside (a pad) the source. */
GST_START_TEST (test_affine_copy)
{
  static const gint steps[][2] = { {1, 0}, {-1, 0}, {0, 1}, {0, -1} };
  GstImRemapSampler *s = gst_im_remap_sampler_new (96);
  guint64 seed = 17;
  gdouble want[4];
  guint8 row[96 * 4];
  guint m, i, bpp, k, t, x, c, n;
  gint sx0, sy0, sx, sy;

  for (bpp = 1; bpp <= 4; bpp++) {
    Image im = image_new (37, 23, bpp, FALSE, &seed);

    for (m = 0; m < G_N_ELEMENTS (modes); m++)
      for (i = 0; i < G_N_ELEMENTS (interps); i++)
        for (k = 0; k < G_N_ELEMENTS (steps); k++)
          for (t = 0; t < 8; t++) {
            GstImRemapSource src = source_for (&im, interps[i],
                modes[m].extend);
            gboolean pad = t % 2;

            /* a crop's start and length keep the row inside */
            sx0 = pad ? (gint) (next (&seed) % 60) - 12 :
                (gint) (next (&seed) % im.w);
            sy0 = pad ? (gint) (next (&seed) % 50) - 14 :
                (gint) (next (&seed) % im.h);
            n = steps[k][0] > 0 ? (gint) im.w - sx0 : steps[k][0] < 0 ? sx0 + 1 :
                steps[k][1] > 0 ? (gint) im.h - sy0 : sy0 + 1;
            if (pad)
              n = 1 + next (&seed) % 96;
            n = 1 + next (&seed) % n;
            gst_im_remap_sampler_row_affine (s, &src, sx0 + 0.5, sy0 + 0.5,
                steps[k][0], steps[k][1], n, row);
            for (x = 0; x < n; x++) {
              sx = sx0 + (gint) x *steps[k][0];
              sy = sy0 + (gint) x *steps[k][1];

              if (sx >= 0 && sx < (gint) im.w && sy >= 0 && sy < (gint) im.h) {
                for (c = 0; c < bpp; c++)
                  want[c] = im.data[sy * im.stride + sx * bpp + c];
              } else {
                fail_unless (pad);
                reference (&im, interps[i], modes[m].extend, sx + 0.5,
                    sy + 0.5, want);
              }
              for (c = 0; c < bpp; c++)
                if (row[x * bpp + c] != lrint (want[c]))
                  ck_abort_msg ("extend %d interp %d bpp %u: from %d, %d "
                      "step %d, %d: pixel %u (%d, %d) channel %u: %u, "
                      "expected %.3f", modes[m].extend, interps[i], bpp, sx0,
                      sy0, steps[k][0], steps[k][1], x, sx, sy, c,
                      row[x * bpp + c], want[c]);
            }
          }
    g_free (im.data);
  }
  gst_im_remap_sampler_free (s);
}

GST_END_TEST;

/* The affine rows are gst_im_remap_sampler_row() at the same positions:
 * byte for byte on the 1/1024 pixel grid (where the fixed point is exact),
 * and elsewhere, along the widest row, up to the fixed point's 2^-18 pixel:
 * each pixel is what the double path gives at a position within 2^-17
 * pixel of it on each axis. */
GST_START_TEST (test_affine_vs_row)
{
  static const GstImRemapExtend all[] = {
    GST_IM_REMAP_EXTEND_CLAMP, GST_IM_REMAP_EXTEND_REPEAT,
    GST_IM_REMAP_EXTEND_BACKGROUND, GST_IM_REMAP_EXTEND_COPY,
    GST_IM_REMAP_EXTEND_MIRROR, GST_IM_REMAP_EXTEND_MIRROR_101,
  };
  const guint wide = GST_IM_REMAP_MAX_SIZE;
  const gdouble eps = 1 / 131072.0;
  GstImRemapSampler *s = gst_im_remap_sampler_new (wide);
  gdouble *uv = g_new (gdouble, 2 * wide), line[4];
  guint8 *a = g_malloc (wide * 4), *b[9];
  guint64 seed = 23;
  guint e, i, bpp, t, x, n, k, c;
  gboolean same;

  for (k = 0; k < 9; k++)
    b[k] = g_malloc (wide * 4);
  for (e = 0; e < G_N_ELEMENTS (all); e++)
    for (i = 0; i < G_N_ELEMENTS (interps); i++)
      for (bpp = 1; bpp <= 4; bpp++) {
        Image im = image_new (29 + bpp, 19, bpp, FALSE, &seed);
        GstImRemapSource src = source_for (&im, interps[i], all[e]);
        /* the plane ends with its last pixel, so that ASan sees any read
         * past it */
        gsize end = (gsize) (im.h - 1) * im.stride + im.w * bpp;
        guint8 *tight = g_memdup2 (im.data, end);

        src.data = tight;
        for (t = 0; t < 24; t++) {
          n = 1 + next (&seed) % 200;
          random_line (im.w, im.h, n, &seed, 1024, line);
          if (t % 4 == 0) {     /* from the bottom-right pixels */
            line[0] = im.w - 2 + floor (uniform (&seed) * 2048) / 1024;
            line[1] = im.h - 2 + floor (uniform (&seed) * 2048) / 1024;
          }
          for (x = 0; x < n; x++) {
            uv[2 * x] = line[0] + x * line[2];
            uv[2 * x + 1] = line[1] + x * line[3];
          }
          gst_im_remap_sampler_row_affine (s, &src, line[0], line[1],
              line[2], line[3], n, a);
          gst_im_remap_sampler_row (s, &src, uv, n, b[0]);
          fail_unless (memcmp (a, b[0], n * bpp) == 0, "extend %d interp %d "
              "bpp %u: line %.17g, %.17g + i * (%.17g, %.17g) differs from "
              "the double path", all[e], interps[i], bpp, line[0], line[1],
              line[2], line[3]);
        }

        /* the widest row, at any positions, on a source of 3-byte pixels
         * too (whose bottom-right footprint takes the double path) */
        random_line (im.w, im.h, wide, &seed, 0, line);
        line[0] = uniform (&seed) * im.w;
        gst_im_remap_sampler_row_affine (s, &src, line[0], line[1], line[2],
            line[3], wide, a);
        for (k = 0; k < 9; k++) {
          for (x = 0; x < wide; x++) {
            uv[2 * x] = line[0] + x * line[2] + (gint) (k % 3 - 1) * eps;
            uv[2 * x + 1] = line[1] + x * line[3] + (gint) (k / 3 - 1) * eps;
          }
          gst_im_remap_sampler_row (s, &src, uv, wide, b[k]);
        }
        for (x = 0; x < wide; x++) {
          same = FALSE;
          for (k = 0; k < 9 && !same; k++) {
            same = TRUE;
            for (c = 0; c < bpp; c++)
              same &= a[x * bpp + c] == b[k][x * bpp + c];
          }
          if (!same)
            ck_abort_msg ("extend %d interp %d bpp %u: line %.17g, %.17g + "
                "i * (%.17g, %.17g): pixel %u differs from the double path "
                "by more than the fixed point", all[e], interps[i], bpp,
                line[0], line[1], line[2], line[3], x);
        }
        g_free (tight);
        g_free (im.data);
      }
  for (k = 0; k < 9; k++)
    g_free (b[k]);
  gst_im_remap_sampler_free (s);
  g_free (uv);
  g_free (a);
}

GST_END_TEST;

/* ---- OpenCV ---- */

/* Reads in<k>.raw (h, w, c uint8) and map<k>.raw (h, w, 2 float32:
 * OpenCV's map, pixel centres at integers) from the folder argv[1], k 0
 * and 1, and writes out<k>-<border>.raw for each border given, through
 * cv2.remap with bilinear sampling; exits 77 without cv2. */
static const gchar remap_py[] =
    "import sys\n"
    "try:\n"
    "    import cv2, numpy as np\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "d, h, w, c, oh, ow = sys.argv[1], *map(int, sys.argv[2:7])\n"
    "bgv = tuple(int(x) for x in sys.argv[7].split(','))\n"
    "for k in '01':\n"
    "    img = np.fromfile(f'{d}/in{k}.raw', np.uint8).reshape(h, w, c)\n"
    "    m = np.fromfile(f'{d}/map{k}.raw', np.float32).reshape(oh, ow, 2)\n"
    "    for b in sys.argv[8:]:\n"
    "        out = cv2.remap(img, m[..., 0].copy(), m[..., 1].copy(),\n"
    "            cv2.INTER_LINEAR, borderMode=int(b), borderValue=bgv)\n"
    "        out.reshape(oh, ow, c).tofile(f'{d}/out{k}-{b}.raw')\n";

/* How far bilinear sampling at @uv can move when the position moves by up
 * to 1/64 pixel (OpenCV's rounding to 1/32) and 1/256 (the sampler's, to
 * 1/128) on each axis, plus one level of rounding: the spread of the 3x3
 * taps around the point bounds the slope. */
static guint
moved_bound (const Image * im, const gdouble uv[2], guint c,
    GstImRemapExtend extend)
{
  gint x0 = (gint) floor (uv[0] - 0.5 - 1 / 32.0);
  gint y0 = (gint) floor (uv[1] - 0.5 - 1 / 32.0), i, j, tx, ty, p;
  gint lo = 255, hi = 0;

  for (j = 0; j < 3; j++)
    for (i = 0; i < 3; i++) {
      tx = border (x0 + i, im->w, extend);
      ty = border (y0 + j, im->h, extend);
      p = tx < 0 || ty < 0 ? bg[c] : im->data[ty * im->stride + tx * im->bpp +
          c];
      lo = MIN (lo, p);
      hi = MAX (hi, p);
    }
  return 1 + (guint) ceil ((hi - lo) * 2 * (1 / 64.0 + 1 / 256.0));
}

/* cv2.remap() with INTER_LINEAR and each border against the sampler, the
 * map given to both in float32. On the noise image the positions are on
 * the 1/32 grid, where OpenCV (1/32 pixel) and the sampler (1/128) both
 * sample exactly: within one level of rounding. On the smooth image they
 * are anywhere, and OpenCV moves them by up to 1/64 pixel on each axis:
 * within 2 levels where the image is smooth (16 levels a pixel at most
 * make that half a level), within moved_bound () across the seams of
 * BORDER_WRAP and BORDER_CONSTANT. Positions stay within a few widths of
 * the source, as OpenCV keeps the integer part of its map in 16 bits. */
GST_START_TEST (test_vs_opencv)
{
  const guint w = 45, h = 31, ow = 67, oh = 29;
  guint bpp = __i__ == 0 ? 1 : __i__ == 1 ? 3 : 4;
  guint64 seed = 11 + __i__;
  gchar *dir = im_test_make_tmp_dir ("remapsampler-XXXXXX");
  GstImRemapSampler *s = gst_im_remap_sampler_new (ow);
  gfloat *map[2];
  Image im[2];
  gdouble uv[2 * 67];
  guint8 row[67 * 4];
  gchar *argv[20], *path, *contents;
  gsize len;
  gint status, k = 0;
  guint m, x, y, c, smooth, bound;

  for (smooth = 0; smooth < 2; smooth++) {
    guint8 *packed = g_malloc (w * h * bpp);

    im[smooth] = image_new (w, h, bpp, smooth, &seed);
    map[smooth] = g_new (gfloat, 2 * ow * oh);
    for (y = 0; y < h; y++)
      memcpy (packed + y * w * bpp, im[smooth].data + y * im[smooth].stride,
          w * bpp);
    for (x = 0; x < ow * oh; x++) {
      gdouble u = (uniform (&seed) * 4 - 1.5) * w, v =
          (uniform (&seed) * 4 - 1.5) * h;

      if (x % 5 == 0)           /* near the edges */
        u = (x % 2 ? w : 0) + uniform (&seed) * 6 - 3;
      if (!smooth) {
        u = floor (u * 32 + 0.5) / 32;
        v = floor (v * 32 + 0.5) / 32;
      }
      map[smooth][2 * x] = u - 0.5;
      map[smooth][2 * x + 1] = v - 0.5;
    }
    path = g_strdup_printf ("%s/in%u.raw", dir, smooth);
    fail_unless (g_file_set_contents (path, (gchar *) packed, w * h * bpp,
            NULL));
    g_free (path);
    path = g_strdup_printf ("%s/map%u.raw", dir, smooth);
    fail_unless (g_file_set_contents (path, (gchar *) map[smooth],
            2 * sizeof (gfloat) * ow * oh, NULL));
    g_free (path);
    g_free (packed);
  }

  argv[k++] = (gchar *) "/usr/bin/python3";
  argv[k++] = (gchar *) "-c";
  argv[k++] = (gchar *) remap_py;
  argv[k++] = dir;
  argv[k++] = g_strdup_printf ("%u", h);
  argv[k++] = g_strdup_printf ("%u", w);
  argv[k++] = g_strdup_printf ("%u", bpp);
  argv[k++] = g_strdup_printf ("%u", oh);
  argv[k++] = g_strdup_printf ("%u", ow);
  argv[k++] = g_strdup_printf ("%u,%u,%u,%u", bg[0], bg[1], bg[2], bg[3]);
  for (m = 0; m < G_N_ELEMENTS (modes); m++)
    argv[k++] = g_strdup_printf ("%d", modes[m].cv);
  argv[k] = NULL;

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
          NULL, &status, NULL) || (WIFEXITED (status) &&
          WEXITSTATUS (status) == 77)) {
    GST_WARNING ("no /usr/bin/python3 with cv2: not comparing with OpenCV");
    goto done;
  }
  fail_unless (g_spawn_check_wait_status (status, NULL), "cv2.remap failed");

  for (smooth = 0; smooth < 2; smooth++)
    for (m = 0; m < G_N_ELEMENTS (modes); m++) {
      GstImRemapSource src = source_for (&im[smooth], GST_IM_REMAP_BILINEAR,
          modes[m].extend);

      path = g_strdup_printf ("%s/out%u-%d.raw", dir, smooth, modes[m].cv);
      fail_unless (g_file_get_contents (path, &contents, &len, NULL));
      fail_unless_equals_int (len, ow * oh * bpp);
      for (y = 0; y < oh; y++) {
        for (x = 0; x < ow; x++) {
          /* the float32 map, back in pixel-edge coordinates */
          uv[2 * x] = (gdouble) map[smooth][2 * (y * ow + x)] + 0.5;
          uv[2 * x + 1] = (gdouble) map[smooth][2 * (y * ow + x) + 1] + 0.5;
        }
        gst_im_remap_sampler_row (s, &src, uv, ow, row);
        for (x = 0; x < ow * bpp; x++) {
          bound = smooth ? moved_bound (&im[smooth], &uv[2 * (x / bpp)],
              x % bpp, modes[m].extend) : 1;
          c = (guint8) contents[y * ow * bpp + x];
          if (abs ((gint) row[x] - (gint) c) > bound)
            ck_abort_msg ("border %d bpp %u smooth %u: pixel %u,%u "
                "channel %u: %u, OpenCV %u, bound %u (at %.6f, %.6f)",
                modes[m].cv, bpp, smooth, x / bpp, y, x % bpp, row[x], c,
                bound, uv[2 * (x / bpp)], uv[2 * (x / bpp) + 1]);
        }
      }
      g_free (contents);
      g_free (path);
    }

done:
  for (k = 4; argv[k] != NULL; k++)
    g_free (argv[k]);
  im_test_remove_dir (dir);
  gst_im_remap_sampler_free (s);
  for (smooth = 0; smooth < 2; smooth++) {
    g_free (map[smooth]);
    g_free (im[smooth].data);
  }
}

GST_END_TEST;

/* Rows of a homography: the bytes of gst_im_remap_sampler_row_centres ()
 * at u = (a + i * da) / (c + i * dc), v = (b + i * db) / (c + i * dc)
 * computed here one pixel at a time, and within the bounds of
 * test_vs_reference of the reference there (smooth images, or nearest,
 * which is exact at any position). The lines run from inside to outside the
 * source, some through the horizon (c + i * dc crossing 0) and some along
 * it (dc = 0). */
GST_START_TEST (test_projective)
{
  GstImRemapExtend extend = modes[__i__].extend;
  GstImRemapSampler *s = gst_im_remap_sampler_new (80);
  guint64 seed = 0x853c49e6748fea9bull + __i__;
  gdouble *xy = g_new (gdouble, 2 * 80), want[4], c0, c1, a, b, da, db, dc;
  guint8 row[80 * 4], same[80 * 4];
  guint z, i, bpp, smooth, y, x, c, n;

  for (z = 0; z < G_N_ELEMENTS (sizes); z++)
    for (smooth = 0; smooth < 2; smooth++)
      for (i = 0; i < G_N_ELEMENTS (interps); i++)
        for (bpp = 1; bpp <= 4; bpp++) {
          Image im = image_new (sizes[z][0], sizes[z][1], bpp, smooth, &seed);
          GstImRemapSource src = source_for (&im, interps[i], extend);

          if (!smooth && is_cubic (interps[i])) {
            g_free (im.data);
            continue;
          }
          for (y = 0; y < 8; y++) {
            n = 1 + next (&seed) % 80;
            c0 = (0.5 + uniform (&seed)) * (next (&seed) % 4 ? 1 : -1);
            c1 = y % 4 == 0 ? c0 : y % 4 == 1 ? -c0 * uniform (&seed) :
                c0 * (0.3 + uniform (&seed));
            a = (uniform (&seed) * (im.w + 6) - 3.5) * c0;
            b = (uniform (&seed) * (im.h + 6) - 3.5) * c0;
            da = ((uniform (&seed) * (im.w + 6) - 3.5) * c1 - a) / n;
            db = ((uniform (&seed) * (im.h + 6) - 3.5) * c1 - b) / n;
            dc = (c1 - c0) / n;
            for (x = 0; x < n; x++) {
              xy[2 * x] = (a + x * da) / (c0 + x * dc);
              xy[2 * x + 1] = (b + x * db) / (c0 + x * dc);
            }
            gst_im_remap_sampler_row_projective (s, &src, a, b, c0, da, db,
                dc, n, row);
            gst_im_remap_sampler_row_centres (s, &src, xy, n, same);
            fail_unless (memcmp (row, same, n * bpp) == 0, "extend %d "
                "interp %d %ux%u bpp %u: the row differs from the centres' "
                "at the same points", extend, interps[i], im.w, im.h, bpp);
            if (!smooth && interps[i] != GST_IM_REMAP_NEAREST)
              continue;
            for (x = 0; x < n; x++) {
              gdouble u = xy[2 * x] + 0.5, v = xy[2 * x + 1] + 0.5;

              /* (the reference's indices are ints) */
              if (isfinite (u) && isfinite (v) && (fabs (u) > 1e6 ||
                      fabs (v) > 1e6))
                continue;
              reference (&im, interps[i], extend, u, v, want);
              for (c = 0; c < bpp; c++) {
                gint d = abs ((gint) lrint (CLAMP (want[c], 0, 255)) -
                    row[x * bpp + c]), bound = 1;

                if (interps[i] == GST_IM_REMAP_NEAREST)
                  bound = 0;
                else if (isfinite (u) && isfinite (v))
                  bound += spread (&im, u, v, c, extend) *
                      (is_cubic (interps[i]) ? 0.03 : 1 / 128.0);
                if (d > bound)
                  ck_abort_msg ("extend %d interp %d %ux%u bpp %u smooth "
                      "%u: at (%.17g, %.17g) channel %u: %u, reference "
                      "%.3f, bound %d", extend, interps[i], im.w, im.h, bpp,
                      smooth, u, v, c, row[x * bpp + c], want[c], bound);
              }
            }
          }
          g_free (im.data);
        }
  gst_im_remap_sampler_free (s);
  g_free (xy);
}

GST_END_TEST;

static Suite *
remapsampler_suite (void)
{
  Suite *s = suite_create ("remapsampler");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_vs_reference, 0, G_N_ELEMENTS (modes));
  tcase_add_test (tc, test_largest_source);
  tcase_add_test (tc, test_same_as_table);
  tcase_add_loop_test (tc, test_affine_vs_reference, 0, G_N_ELEMENTS (modes));
  tcase_add_test (tc, test_affine_copy);
  tcase_add_test (tc, test_centres);
  tcase_add_test (tc, test_affine_vs_row);
  tcase_add_loop_test (tc, test_projective, 0, G_N_ELEMENTS (modes));
  tcase_add_loop_test (tc, test_vs_opencv, 0, 3);
  return s;
}

GST_CHECK_MAIN (remapsampler);
