/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* CLAHE as albumentations applies it: cv2.createCLAHE (clip_limit,
 * tile_grid_size).apply () on a grey image, or on L of OpenCV's 8-bit
 * RGB -> L*a*b* conversion and back. Both conversions are OpenCV's
 * fixed-point ones (color_lab.cpp: RGB2Lab_b, Lab2RGBinteger), their
 * tables rebuilt here with the same float / double steps, so the bytes
 * match OpenCV's. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#ifdef __SSE__
#include <xmmintrin.h>
#endif
#include "gstimaughistogram-private.h"

/* ---- OpenCV's 8-bit L*a*b* ---- */

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
} LabTables;

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
  return t;
}

static const LabTables *
lab_get (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, lab_tables_init, NULL);
}

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
 * its integer maths (truncating towards zero); computed, as the table
 * would not stay in the L1 cache */
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

/* ---- CLAHE ---- */

static const GstImAugParamSpec clahe_params[] = {
  {.name = "clip_limit",.type = GST_IM_AUG_RANGE,.def = "[1, 4]",.min = 1,
      .max = 1e6,.expand = GST_IM_AUG_EXPAND_FROM_ONE},
  /* OpenCV's Size: tiles along x, then along y */
  {.name = "tile_grid_size",.type = GST_IM_AUG_SIZE,.def = "[8, 8]",.min = 1,
      .max = 1024},
};

static const GstImAugApplied clahe_applied[] = {
  {"clip_limit", 1}, {"tile_grid_size", 2},
};

static void
draw_clahe (const gdouble * params, const GstImDrawKey * key,
    GstImAugStep * step)
{
  step->v[0] = gst_im_aug_draw_range (key, 0, params);
  step->v[1] = params[2];
  step->v[2] = params[3];
}

typedef struct
{
  const GstImAugPixels *pass;
  const LabTables *lab;
  const guint8 *plane;          /* L or grey, width x height */
  gint plane_stride, plane_step;
  const guint8 *ab;             /* a, b per pixel (colour) */
  guint tiles_x, tiles_y, tile_w, tile_h;
  gint clip;
  gfloat lut_scale;
  gfloat *luts;                 /* 256 per tile, row by row: bytes as
                                 * floats, ready for the blend */
  const gint *ind;              /* per column: two tiles' table offsets */
  const gfloat *xa;             /* per column: 1 - weight, weight */
} ClaheJob;

/* cv::BORDER_REFLECT_101 */
static inline guint
reflect_101 (gint i, gint n)
{
  if (n == 1)
    return 0;
  while (i < 0 || i >= n)
    i = i < 0 ? -i : 2 * n - 2 - i;
  return i;
}

static void
lab_rows (guint row_begin, guint row_end, gpointer user_data)
{
  ClaheJob *job = user_data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  const LabTables *t = job->lab;
  guint r = l->rgb[0], g = l->rgb[1], b = l->rgb[2], bpp = l->bpp, x, y;
  guint W = pass->width;
  guint8 *L, *ab, lab[3];
  const guint8 *s;

  for (y = row_begin; y < row_end; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    L = (guint8 *) job->plane + (gsize) y * W;
    ab = (guint8 *) job->ab + (gsize) y * W * 2;
    for (x = 0; x < W; x++, s += bpp) {
      lab_from_rgb (t, s[r], s[g], s[b], lab);
      L[x] = lab[0];
      ab[2 * x] = lab[1];
      ab[2 * x + 1] = lab[2];
    }
  }
}

/* one tile's table per "row": histogram of the tile of the image extended
 * by reflection, clipped, the excess spread evenly and its residual one
 * by one at a stride, then the scaled cumulative sum */
static void
tile_rows (guint tile_begin, guint tile_end, gpointer user_data)
{
  ClaheJob *job = user_data;
  gint W = job->pass->width, H = job->pass->height;
  guint32 h[256];
  guint tile, i;
  gint x0, y0, x, y, sy, clipped, batch, residual, stride, sum, v;
  const guint8 *row;
  gfloat *lut;

  for (tile = tile_begin; tile < tile_end; tile++) {
    x0 = (tile % job->tiles_x) * job->tile_w;
    y0 = (tile / job->tiles_x) * job->tile_h;
    memset (h, 0, sizeof (h));
    for (y = y0; y < y0 + (gint) job->tile_h; y++) {
      sy = reflect_101 (y, H);
      row = job->plane + (gsize) sy * job->plane_stride;
      for (x = x0; x < MIN (x0 + (gint) job->tile_w, W); x++)
        h[row[x * job->plane_step]]++;
      for (; x < x0 + (gint) job->tile_w; x++)
        h[row[reflect_101 (x, W) * job->plane_step]]++;
    }
    clipped = 0;
    for (i = 0; i < 256; i++)
      if ((gint) h[i] > job->clip) {
        clipped += h[i] - job->clip;
        h[i] = job->clip;
      }
    batch = clipped / 256;
    residual = clipped - batch * 256;
    for (i = 0; i < 256; i++)
      h[i] += batch;
    if (residual) {
      stride = MAX (256 / residual, 1);
      for (i = 0; i < 256 && residual > 0; i += stride, residual--)
        h[i]++;
    }
    lut = job->luts + (gsize) tile * 256;
    sum = 0;
    for (i = 0; i < 256; i++) {
      sum += h[i];
      v = round_even ((gfloat) sum * job->lut_scale);
      lut[i] = clamp_u8 (v);
    }
  }
}

/* each pixel: the tables of the four nearest tile centres at its value,
 * blended bilinearly in float in OpenCV's order, rounded half to even (a
 * blend of bytes: no clamping needed) */
static void
blend_rows (guint row_begin, guint row_end, gpointer user_data)
{
  ClaheJob *job = user_data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  const LabTables *t = job->lab;
  const gint *ind = job->ind;
  const gfloat *xa = job->xa;
  guint W = pass->width, bpp = l->bpp, step = job->plane_step, x, y, v;
  gfloat inv_th = 1.0f / (gfloat) job->tile_h, tyf, ya, ya1, res;
  const guint8 *src, *ab;
  const gfloat *p1, *p2;
  gint ty1, ty2, i1, i2, inv[9];
  guint rgb[3];
  guint8 *d;

  if (t)
    memcpy (inv, t->inv, sizeof (inv));
  memcpy (rgb, l->rgb, sizeof (rgb));
  for (y = row_begin; y < row_end; y++) {
    tyf = (gfloat) y * inv_th - 0.5f;
    ty1 = (gint) floorf (tyf);
    ty2 = ty1 + 1;
    ya = tyf - (gfloat) ty1;
    ya1 = 1.0f - ya;
    ty1 = MAX (ty1, 0);
    ty2 = MIN (ty2, (gint) job->tiles_y - 1);
    p1 = job->luts + (gsize) ty1 * job->tiles_x * 256;
    p2 = job->luts + (gsize) ty2 * job->tiles_x * 256;
    src = job->plane + (gsize) y * job->plane_stride;
    d = pass->dst + (gsize) y * pass->dst_stride;
    if (l->n_colour == 1) {
      for (x = 0; x < W; x++) {
        v = src[x * step];
        i1 = ind[2 * x] + v;
        i2 = ind[2 * x + 1] + v;
        res = (p1[i1] * xa[2 * x] + p1[i2] * xa[2 * x + 1])
            * ya1 + (p2[i1] * xa[2 * x] + p2[i2] *
            xa[2 * x + 1]) * ya;
        d[x * bpp] = round_even (res);
      }
      continue;
    }
    ab = job->ab + (gsize) y * W * 2;
    for (x = 0; x < W; x++, d += bpp) {
      v = src[x];
      i1 = ind[2 * x] + v;
      i2 = ind[2 * x + 1] + v;
      res = (p1[i1] * xa[2 * x] + p1[i2] * xa[2 * x + 1])
          * ya1 + (p2[i1] * xa[2 * x] + p2[i2] *
          xa[2 * x + 1]) * ya;
      lab_to_rgb (t, inv, round_even (res), ab[2 * x], ab[2 * x + 1], d,
          rgb);
    }
  }
  gst_im_aug_copy_alpha (pass, row_begin, row_end);
}

static void
pixels_clahe (const GstImAugPixels * pass)
{
  const GstImAugStep *step = pass->step;
  guint W = pass->width, H = pass->height, ext_w = W, ext_h = H, x;
  gint tx1, tx2, area;
  gfloat inv_tw, txf;
  ClaheJob job;
  guint8 *lab;
  gint *ind;
  gfloat *xa;

  memset (&job, 0, sizeof (job));
  job.pass = pass;
  /* a plan read back may hold any finite numbers: keep to the specs' */
  job.tiles_x = CLAMP (step->v[1], 1, 1024);
  job.tiles_y = CLAMP (step->v[2], 1, 1024);
  if (pass->layout->n_colour == 3) {
    job.lab = lab_get ();
    lab = gst_im_aug_thread_bytes (0, (gsize) W * H * 3);
    job.plane = lab;
    job.plane_stride = W;
    job.plane_step = 1;
    job.ab = lab + (gsize) W * H;
    gst_im_parallel_rows (pass->pool, H, pass->chunk_rows, lab_rows, &job);
  } else {
    job.plane = pass->src;
    job.plane_stride = pass->src_stride;
    job.plane_step = pass->layout->bpp;
  }

  /* OpenCV pads both axes when either does not divide: by tiles - rest */
  if (W % job.tiles_x || H % job.tiles_y) {
    ext_w += job.tiles_x - W % job.tiles_x;
    ext_h += job.tiles_y - H % job.tiles_y;
  }
  job.tile_w = ext_w / job.tiles_x;
  job.tile_h = ext_h / job.tiles_y;
  area = job.tile_w * job.tile_h;
  job.lut_scale = 255.0f / (gfloat) area;
  job.clip = (gint) CLAMP (CLAMP (step->v[0], 1, 1e6) * area / 256, 1,
      G_MAXINT);
  job.luts = (gfloat *) gst_im_aug_thread_bytes (1, (gsize) job.tiles_x *
      job.tiles_y * 256 * sizeof (gfloat));
  gst_im_parallel_rows (pass->pool, job.tiles_x * job.tiles_y, 1, tile_rows,
      &job);

  ind = (gint *) gst_im_aug_thread_bytes (2, (gsize) W * 2 * sizeof (gint));
  xa = (gfloat *) gst_im_aug_thread_bytes (3, (gsize) W * 2 * sizeof (gfloat));
  inv_tw = 1.0f / (gfloat) job.tile_w;
  for (x = 0; x < W; x++) {
    txf = (gfloat) x * inv_tw - 0.5f;
    tx1 = (gint) floorf (txf);
    tx2 = tx1 + 1;
    xa[2 * x + 1] = txf - (gfloat) tx1;
    xa[2 * x] = 1.0f - xa[2 * x + 1];
    ind[2 * x] = MAX (tx1, 0) * 256;
    ind[2 * x + 1] = MIN (tx2, (gint) job.tiles_x - 1) * 256;
  }
  job.ind = ind;
  job.xa = xa;
  gst_im_parallel_rows (pass->pool, H, pass->chunk_rows, blend_rows, &job);
}

const GstImAugClass gst_im_aug_clahe = {
  .name = "CLAHE",
  .params = clahe_params,
  .n_params = G_N_ELEMENTS (clahe_params),
  .applied = clahe_applied,
  .n_applied = G_N_ELEMENTS (clahe_applied),
  .draw = draw_clahe,
  .pixels = pixels_clahe,
};
