/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The tables of OpenCV's 8-bit L*a*b* conversions, rebuilt with its float
 * and double steps so the bytes match (gstimauglab-private.h has the
 * conversions that read them). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include "gstimauglab-private.h"

#if defined(__GNUC__) && defined(__x86_64__)
#define HAVE_AVX2_DISPATCH 1    /* the flag the CLAHE rows read */
#endif

static LabTables lab_tables;

/* D65 and the sRGB matrices as OpenCV has them */
static const gdouble white[3] = { 0.950456, 1.0, 1.088754 };

static const gdouble rgb_to_xyz[9] = {
  0.412453, 0.357580, 0.180423,
  0.212671, 0.715160, 0.072169,
  0.019334, 0.119193, 0.950227
};

static const gdouble xyz_to_rgb[9] = {
  3.240479, -1.53715, -0.498535,
  -0.969256, 1.875991, 0.041556,
  0.055648, -0.204043, 1.057311
};

/* sRGB's transfer functions, in double from a float, back to float */
static gfloat
to_linear (gfloat x)
{
  gdouble d = x;

  return (gfloat) (d <= 809.0 / 20000.0 ? d / (323.0 / 25.0) :
      pow ((d + 11.0 / 200.0) / (1.0 + 11.0 / 200.0), 12.0 / 5.0));
}

static gfloat
to_srgb (gfloat x)
{
  gdouble d = x;

  return (gfloat) (d <= 7827.0 / 2500000.0 ? d * (323.0 / 25.0) :
      pow (d, 1.0 / (12.0 / 5.0)) * (1.0 + 11.0 / 200.0) - 11.0 / 200.0);
}

/* the cube root as OpenCV's softfloat cbrt gives it: its double result
 * truncated (not rounded) to float */
static gfloat
cbrt_truncated (gfloat x)
{
  gdouble d = cbrt (x);
  gfloat f = (gfloat) d;

  return (gdouble) f > d ? nextafterf (f, 0.0f) : f;
}

/* every product and sum below is a float rounded on its own, as OpenCV's
 * softfloat tables are; lrint rounds half to even as cvRound */
static gpointer
lab_tables_init (gpointer data)
{
  LabTables *t = &lab_tables;
  const gfloat lthresh = 216.0f / 24389.0f, lscale = 841.0f / 108.0f;
  const gfloat lbias = 16.0f / 116.0f, cb_scale = 1.0f / 2040.0f;
  gfloat x, fy, fy2, fy3;
  gint i, j;

  for (i = 0; i < 256; i++) {
    x = (gfloat) i / 255.0f;
    t->gamma[i] = lrintf (2040.0f * to_linear (x));
  }
  for (i = 0; i < CBRT_TAB_SIZE; i++) {
    x = cb_scale * (gfloat) i;
    x = x < lthresh ? fmaf (x, lscale, lbias) : cbrt_truncated (x);
    t->cbrt[i] = lrintf (32768.0f * x);
  }
  for (i = 0; i < 3; i++)
    for (j = 0; j < 3; j++) {
      t->fwd[i * 3 + j] = lrint (4096.0 * rgb_to_xyz[i * 3 + j] / white[i]);
      t->inv[i * 3 + j] = lrint (4096.0 * xyz_to_rgb[i * 3 + j] * white[j]);
    }
  for (i = 0; i < 256; i++) {
    if (i <= 20) {
      /* the linear part below L = 8 */
      t->yf[i][0] = lrintf ((gfloat) (i * BASE * 20 * 9) /
          (gfloat) (17 * 29 * 29 * 29));
      t->yf[i][1] = lrintf ((gfloat) BASE * (16.0f / 116.0f +
              (gfloat) (i * 5) / (gfloat) (3 * 17 * 29)));
    } else {
      fy = (gfloat) (i * 100 * BASE) / (gfloat) (255 * 116) +
          (gfloat) (16 * BASE) / 116.0f;
      fy2 = fy * fy;
      fy3 = fy2 * fy;
      t->yf[i][1] = lrintf (fy);
      t->yf[i][0] = lrintf (fy3 / (gfloat) (BASE * BASE));
    }
  }
  for (i = 0; i < 256; i++)
    for (j = 0; j < 9; j++)
      t->xyz[j][i] = t->gamma[i] * t->fwd[j] + (j % 3 == 2 ?
          1 << (LAB_SHIFT - 1) : 0);
  for (i = 0; i < 256; i++)
    for (j = 0; j < 3; j++)
      t->inv_y[j][i] = t->inv[3 * j + 1] * t->yf[i][0] +
          (1 << (INV_SHIFT - 1));
  for (i = 0; i < INV_GAMMA_SIZE; i++) {
    x = (1.0f / INV_GAMMA_SIZE) * (gfloat) i;
    t->inv_gamma[i] = lrintf (255.0f * to_srgb (x));
  }
  for (i = 0; i < 256; i++) {
    t->gamma32[i] = t->gamma[i];
    t->y32[i] = t->yf[i][0];
    t->ify32[i] = t->yf[i][1];
  }
  for (i = 0; i < CBRT_TAB_SIZE; i++)
    t->cbrt32[i] = t->cbrt[i];
  for (i = 0; i < INV_GAMMA_SIZE; i++)
    t->inv_gamma32[i] = t->inv_gamma[i];
#ifdef HAVE_AVX2_DISPATCH
  t->avx2 = __builtin_cpu_supports ("avx2");
#endif
  return t;
}

const LabTables *
gst_im_aug_lab_tables (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, lab_tables_init, NULL);
}
