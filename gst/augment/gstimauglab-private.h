/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* OpenCV's 8-bit RGB <-> L*a*b* (color_lab.cpp: RGB2Lab_b,
 * Lab2RGBinteger) in its fixed point: the tables (gstimauglab.c, rebuilt
 * with OpenCV's float and double steps, made once) and the per-pixel
 * conversions, inline for the row loops of CLAHE. */
#ifndef __GST_IM_AUG_LAB_PRIVATE_H__
#define __GST_IM_AUG_LAB_PRIVATE_H__

#include <math.h>
#include <glib.h>
#ifdef __SSE__
#include <xmmintrin.h>
#endif

G_BEGIN_DECLS

#define LAB_SHIFT 12            /* XYZ coefficients in 1/2^12 */
#define GAMMA_SHIFT 3           /* linear RGB in 1/(255 * 2^3) */
#define LAB_SHIFT2 (LAB_SHIFT + GAMMA_SHIFT)
#define CBRT_TAB_SIZE (256 * 3 / 2 * (1 << GAMMA_SHIFT))
#define BASE_SHIFT 14           /* the inverse works in 1/2^14 */
#define BASE (1 << BASE_SHIFT)
#define INV_GAMMA_SHIFT 12
#define INV_GAMMA_SIZE (1 << INV_GAMMA_SHIFT)
#define INV_SHIFT (LAB_SHIFT + BASE_SHIFT - INV_GAMMA_SHIFT)

#define DESCALE(x, n) (((x) + (1 << ((n) - 1))) >> (n))

typedef struct
{
  guint16 gamma[256];           /* sRGB byte -> linear, 0..2040 */
  guint16 cbrt[CBRT_TAB_SIZE];  /* f (t) of CIELAB in 1/2^15 */
  gint fwd[9];                  /* RGB -> XYZ / white, rows X, Y, Z */
  /* gamma (byte) * fwd[k], the rounding of DESCALE in the B columns: the
   * products as loads, which outpace multiplies */
  gint xyz[9][256];
  guint16 yf[256][2];           /* L byte -> Y, f (Y), in 1/2^14 */
  gint inv[9];                  /* XYZ * white -> RGB, rows R, G, B */
  gint inv_y[3][256];           /* L byte -> inv[3c + 1] * Y + rounding */
  guint16 inv_gamma[INV_GAMMA_SIZE];    /* linear -> sRGB byte */
  /* 32-bit copies for gathers */
  gint gamma32[256], cbrt32[CBRT_TAB_SIZE], y32[256], ify32[256];
  gint inv_gamma32[INV_GAMMA_SIZE];
  gboolean avx2;
} LabTables;

/* the tables, made on first use */
G_GNUC_INTERNAL const LabTables *gst_im_aug_lab_tables (void);

static inline guint8
clamp_u8 (gint v)
{
  return (guint8) CLAMP (v, 0, 255);
}

/* cvRound of a float: half to even, inline (lrintf is a call) */
static inline gint
round_even (gfloat x)
{
#ifdef __SSE__
  return _mm_cvtss_si32 (_mm_set_ss (x));
#else
  return (gint) lrintf (x);
#endif
}

/* RGB2Lab_b: L, a, b bytes */
static inline void
lab_from_rgb (const LabTables * t, guint r, guint g, guint b, guint8 * lab)
{
  gint fx = t->cbrt[(t->xyz[0][r] + t->xyz[1][g] + t->xyz[2][b])
      >> LAB_SHIFT];
  gint fy = t->cbrt[(t->xyz[3][r] + t->xyz[4][g] + t->xyz[5][b])
      >> LAB_SHIFT];
  gint fz = t->cbrt[(t->xyz[6][r] + t->xyz[7][g] + t->xyz[8][b])
      >> LAB_SHIFT];

  /* L = 116 f (Y) - 16 and a, b + 128, scaled to bytes */
  lab[0] = clamp_u8 (DESCALE (296 * fy - 1336934, LAB_SHIFT2));
  lab[1] = clamp_u8 (DESCALE (500 * (fx - fy) + (128 << LAB_SHIFT2),
          LAB_SHIFT2));
  lab[2] = clamp_u8 (DESCALE (200 * (fy - fz) + (128 << LAB_SHIFT2),
          LAB_SHIFT2));
}

/* f (X) or f (Z) in 1/2^14 back to X or Z as OpenCV's table has it, in
 * its integer maths (truncating towards zero); computed rather than kept
 * as a 144 KiB table */
static inline gint
ab_to_xz (gint f)
{
  gint lin = f * 108 / 841 - BASE * 16 / 116 * 108 / 841;
  gint cube = f * f / BASE * f / BASE;

  return f <= 3390 ? lin : cube;
}

/* Lab2RGBinteger: R, G, B bytes at @rgb's offsets of @d; @inv: a local
 * copy of t->inv */
static inline void
lab_to_rgb (const LabTables * t, const gint * inv, guint L, guint a,
    guint b, guint8 * d, const guint * rgb)
{
  gint ify = t->yf[L][1], x, z, v;
  /* a / 500 and b / 200 in 1/2^14 as OpenCV approximates them */
  gint adiv = ((5 * a * 53687 + (1 << 7)) >> 13) - 128 * BASE / 500;
  gint bdiv = ((b * 41943 + (1 << 4)) >> 9) - 128 * BASE / 200 + 1;

  x = ab_to_xz (ify + adiv);
  z = ab_to_xz (ify - bdiv);
  v = (inv[0] * x + t->inv_y[0][L] + inv[2] * z) >> INV_SHIFT;
  d[rgb[0]] = t->inv_gamma[CLAMP (v, 0, INV_GAMMA_SIZE - 1)];
  v = (inv[3] * x + t->inv_y[1][L] + inv[5] * z) >> INV_SHIFT;
  d[rgb[1]] = t->inv_gamma[CLAMP (v, 0, INV_GAMMA_SIZE - 1)];
  v = (inv[6] * x + t->inv_y[2][L] + inv[8] * z) >> INV_SHIFT;
  d[rgb[2]] = t->inv_gamma[CLAMP (v, 0, INV_GAMMA_SIZE - 1)];
}

G_END_DECLS

#endif /* __GST_IM_AUG_LAB_PRIVATE_H__ */
