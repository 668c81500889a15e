/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* OpenCV's 8-bit RGB <-> HSV (H in 0..179) as albumentations calls it,
 * fused with the tables applied in HSV: one pass, no HSV image.
 *
 * Forward (cv::cvtColor RGB2HSV, CV_8U) is integer: S and H come from
 * reciprocal tables in 12-bit fixed point, rounded half up, H < 0 wrapped
 * by 180. Backward (HSV2RGB, CV_8U) is float: s = S/255, v = V/255 (times
 * the float 1/255), h = H * (6/180) split into a sector and a fraction f,
 * the channels v, v(1 - s), v(1 - s f), v(1 - s(1 - f)) - the two last
 * with 1 - s x fused (rounded once), as the FMA build of OpenCV's vector
 * path computes it - then times 255 and truncated, as that path does. The
 * same maths run here in tables (sector and fraction per H, the v(1 - s)
 * channel per S, V) and one float product per pixel: measured against
 * every H, S, V triple and every RGB colour of cv2, identical.
 * (OpenCV's scalar loop for the last width % (4 x SIMD lanes) pixels of a
 * row rounds instead of truncating: those pixels may differ by 1.) */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include "gstimaugcolour-private.h"

#define HSV_SHIFT 12

typedef struct
{
  gint32 sdiv[256], hdiv[256];  /* RGB2HSV's reciprocals */
  guint8 sector[256];           /* HSV2RGB, per H */
  gfloat x[256];                /* the fraction f or 1 - f of the sector's
                                 * third channel */
  guint8 t0[256];               /* V -> channel v */
  guint8 t1[256 * 256];         /* S << 8 | V -> channel v (1 - s) */
} HsvTables;

static HsvTables tables;

static guint8
to_byte (gfloat channel)
{
  gfloat x = channel * 255.0f;

  /* truncation, saturated */
  return x <= 0 ? 0 : x >= 255.0f ? 255 : (guint8) x;
}

static gpointer
tables_init (gpointer data)
{
  const gfloat hscale = 6.0f / 180, k = 1.0f / 255.0f;
  gfloat h, pre, f, s, v;
  guint i, j;
  gint sector;

  tables.sdiv[0] = tables.hdiv[0] = 0;
  for (i = 1; i < 256; i++) {
    tables.sdiv[i] = lrint ((255 << HSV_SHIFT) / (1.0 * i));
    tables.hdiv[i] = lrint ((180 << HSV_SHIFT) / (6.0 * i));
  }
  for (i = 0; i < 256; i++) {
    h = (gfloat) i * hscale;
    pre = truncf (h);
    f = h - pre;
    sector = (gint) pre - (gint) truncf (pre * (1.0f / 6.0f)) * 6;
    tables.sector[i] = sector;
    /* sectors 1, 3, 5 take v (1 - s f); 0, 2, 4 take v (1 - s (1 - f)) */
    tables.x[i] = sector & 1 ? f : 1.0f - f;
    tables.t0[i] = to_byte ((gfloat) i * k);
  }
  for (i = 0; i < 256; i++) {
    s = (gfloat) i * k;
    for (j = 0; j < 256; j++) {
      v = (gfloat) j * k;
      tables.t1[i << 8 | j] = to_byte (v * (1.0f - s));
    }
  }
  return NULL;
}

static const HsvTables *
get_tables (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, tables_init, NULL);
  return &tables;
}

/* albumentations' hue table: np.mod (i + shift, 180) cast to uint8 (numpy's
 * float modulo: the sign of the divisor), for i in 0..255 */
void
gst_im_aug_hue_lut (gdouble shift, guint8 lut[256])
{
  gdouble m;
  guint i;

  for (i = 0; i < 256; i++) {
    m = fmod (i + shift, 180.0);
    if (m < 0)
      m += 180.0;
    lut[i] = (guint8) MIN (m, 255.0);
  }
}

/* V once through HSV2RGB with s = 0 (a grey pixel's round trip) */
guint8
gst_im_aug_hsv_value (guint v)
{
  return get_tables ()->t0[v & 255];
}

/* H, S, V of one pixel in, its R, G, B out */
static inline void
hsv_to_rgb (const HsvTables * t, guint hh, guint ss, guint vv, guint8 * rgb)
{
  guint8 c0 = t->t0[vv], c1 = t->t1[ss << 8 | vv], cx;
  gfloat v = (gfloat) vv * (1.0f / 255.0f), s = (gfloat) ss * (1.0f / 255.0f);
  /* 1 - s x rounded once: the product is exact in double */
  gfloat q = (gfloat) (1.0 - (gdouble) s * (gdouble) t->x[hh]);

  cx = to_byte (v * q);
  switch (t->sector[hh]) {
    case 0:
      rgb[0] = c0, rgb[1] = cx, rgb[2] = c1;
      break;
    case 1:
      rgb[0] = cx, rgb[1] = c0, rgb[2] = c1;
      break;
    case 2:
      rgb[0] = c1, rgb[1] = c0, rgb[2] = cx;
      break;
    case 3:
      rgb[0] = c1, rgb[1] = cx, rgb[2] = c0;
      break;
    case 4:
      rgb[0] = cx, rgb[1] = c1, rgb[2] = c0;
      break;
    default:
      rgb[0] = c0, rgb[1] = c1, rgb[2] = cx;
  }
}

/* @n pixels of @src through RGB2HSV, @luts and HSV2RGB into @dst (colour
 * bytes only); @pre: tables applied to R, G, B first, or NULL */
void
gst_im_aug_hsv_row (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const guint8 (*pre)[256],
    const GstImAugHsvLuts * luts)
{
  const HsvTables *t = get_tables ();
  guint bpp = l->bpp, o0 = l->rgb[0], o1 = l->rgb[1], o2 = l->rgb[2], i;
  gint r, g, b, v, mn, diff, h, s;
  guint8 rgb[3];

  for (i = 0; i < n; i++, src += bpp, dst += bpp) {
    r = src[o0];
    g = src[o1];
    b = src[o2];
    if (pre) {
      r = pre[0][r];
      g = pre[1][g];
      b = pre[2][b];
    }
    v = MAX (r, MAX (g, b));
    mn = MIN (r, MIN (g, b));
    diff = v - mn;
    s = (diff * t->sdiv[v] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
    if (v == r)
      h = g - b;
    else if (v == g)
      h = b - r + 2 * diff;
    else
      h = r - g + 4 * diff;
    h = (h * t->hdiv[diff] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
    if (h < 0)
      h += 180;
    hsv_to_rgb (t, luts->hue[h], luts->sat[s], luts->val[v], rgb);
    dst[o0] = rgb[0];
    dst[o1] = rgb[1];
    dst[o2] = rgb[2];
  }
}

/* cv::addWeighted (img, factor, grey, 1 - factor, 0) on 8 bits, as
 * table[grey << 8 | c]: c * alpha fused with the float grey * beta, then
 * rounded half to even (OpenCV's vector path, FMA build) */
void
gst_im_aug_saturation_table (gdouble factor, guint8 * table)
{
  gfloat alpha = factor, beta = 1.0 - factor, x;
  guint g, c;

  for (g = 0; g < 256; g++)
    for (c = 0; c < 256; c++) {
      x = (gfloat) ((gdouble) c * alpha + (gdouble) ((gfloat) g * beta));
      x = rintf (x);
      table[g << 8 | c] = x <= 0 ? 0 : x >= 255 ? 255 : (guint8) x;
    }
}

/* ColorJitter's saturation: each channel blended with the pixel's grey */
void
gst_im_aug_saturation_row (const guint8 * src, guint8 * dst, guint n,
    const GstImAugLayout * l, const guint8 (*pre)[256], const guint8 * table)
{
  guint bpp = l->bpp, o0 = l->rgb[0], o1 = l->rgb[1], o2 = l->rgb[2], i;
  guint r, g, b;
  const guint8 *row;

  for (i = 0; i < n; i++, src += bpp, dst += bpp) {
    r = src[o0];
    g = src[o1];
    b = src[o2];
    if (pre) {
      r = pre[0][r];
      g = pre[1][g];
      b = pre[2][b];
    }
    row = table + (gst_im_aug_grey (r, g, b) << 8);
    dst[o0] = row[r];
    dst[o1] = row[g];
    dst[o2] = row[b];
  }
}
