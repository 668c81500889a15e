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
#if defined(__GNUC__) && defined(__x86_64__)
#define HAVE_AVX2_DISPATCH 1
#include <immintrin.h>
#endif
#include "gstimaughistogram-private.h"
#include "gstimauglab-private.h"

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

#ifdef HAVE_AVX2_DISPATCH
/* The AVX2 passes below: the same integer maths, 8 pixels at a time (4 per
 * 128-bit half, bytes to 32-bit lanes by shuffles), lookups as gathers. */
typedef struct
{
  gint8 c[3][32];               /* R, G, B of 4 pixels to 32-bit lanes */
  gint8 pack[32];               /* 32-bit lanes back to the pixels' bytes */
  guint n;                      /* pixels a step may touch: 8 + slack */
} LabShuffle;

static void
lab_shuffle_init (const GstImAugLayout * l, LabShuffle * sh)
{
  guint c, j, k;

  memset (sh, -128, sizeof (*sh));
  for (c = 0; c < 3; c++)
    for (j = 0; j < 2; j++)
      for (k = 0; k < 4; k++)
        sh->c[c][16 * j + 4 * k] = k * l->bpp + l->rgb[c];
  for (j = 0; j < 2; j++)
    for (k = 0; k < 4 * l->bpp; k++)
      sh->pack[16 * j + k] = l->bpp == 4 ? (gint) k : (gint) (k / 3 * 4 +
          k % 3);
  sh->n = l->bpp == 4 ? 8 : 10;
}

#endif

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
  const gint *ind;              /* the two tiles' table offsets of each
                                 * column: the left ones, then the right */
  const gfloat *xa;             /* their weights: 1 - w of each, then w */
#ifdef HAVE_AVX2_DISPATCH
  LabShuffle shuffle;
#endif
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


#ifdef HAVE_AVX2_DISPATCH
__attribute__ ((target ("avx2")))
static inline __m256i
descale_v (__m256i v, gint add, gint shift)
{
  return _mm256_srai_epi32 (_mm256_add_epi32 (v, _mm256_set1_epi32 (add)),
      shift);
}

__attribute__ ((target ("avx2")))
static inline __m256i
clamp_v (__m256i v, gint hi)
{
  return _mm256_min_epi32 (_mm256_max_epi32 (v, _mm256_setzero_si256 ()),
      _mm256_set1_epi32 (hi));
}

/* sum of gamma (R, G, B) * fwd row @k, as lab_from_rgb's index */
__attribute__ ((target ("avx2")))
static inline __m256i
xyz_v (const gint * fwd, guint k, __m256i R, __m256i G, __m256i B)
{
  return descale_v (_mm256_add_epi32 (_mm256_add_epi32 (_mm256_mullo_epi32
              (R, _mm256_set1_epi32 (fwd[3 * k])), _mm256_mullo_epi32 (G,
                  _mm256_set1_epi32 (fwd[3 * k + 1]))), _mm256_mullo_epi32 (B,
              _mm256_set1_epi32 (fwd[3 * k + 2]))), 1 << (LAB_SHIFT - 1),
      LAB_SHIFT);
}

/* pixels [0, returned) of a row to L and a, b */
__attribute__ ((target ("avx2")))
static guint
lab_row_avx2 (const LabTables * t, const LabShuffle * sh, const guint8 * s,
    guint bpp, guint width, guint8 * L, guint8 * ab)
{
  __m256i mr = _mm256_loadu_si256 ((const __m256i *) sh->c[0]);
  __m256i mg = _mm256_loadu_si256 ((const __m256i *) sh->c[1]);
  __m256i mb = _mm256_loadu_si256 ((const __m256i *) sh->c[2]);
  __m256i px, R, G, B, fx, fy, fz, l, a, b, v;
  gint32 l4[2];
  guint x;

  for (x = 0; x + sh->n <= width; x += 8, s += 8 * bpp) {
    px = _mm256_inserti128_si256 (_mm256_castsi128_si256 (_mm_loadu_si128
            ((const __m128i *) s)), _mm_loadu_si128 ((const __m128i *) (s +
                4 * bpp)), 1);
    R = _mm256_i32gather_epi32 (t->gamma32, _mm256_shuffle_epi8 (px, mr), 4);
    G = _mm256_i32gather_epi32 (t->gamma32, _mm256_shuffle_epi8 (px, mg), 4);
    B = _mm256_i32gather_epi32 (t->gamma32, _mm256_shuffle_epi8 (px, mb), 4);
    fx = _mm256_i32gather_epi32 (t->cbrt32, xyz_v (t->fwd, 0, R, G, B), 4);
    fy = _mm256_i32gather_epi32 (t->cbrt32, xyz_v (t->fwd, 1, R, G, B), 4);
    fz = _mm256_i32gather_epi32 (t->cbrt32, xyz_v (t->fwd, 2, R, G, B), 4);
    l = clamp_v (descale_v (_mm256_mullo_epi32 (fy, _mm256_set1_epi32 (296)),
            (1 << (LAB_SHIFT2 - 1)) - 1336934, LAB_SHIFT2), 255);
    a = clamp_v (descale_v (_mm256_mullo_epi32 (_mm256_sub_epi32 (fx, fy),
                _mm256_set1_epi32 (500)), (128 << LAB_SHIFT2) +
            (1 << (LAB_SHIFT2 - 1)), LAB_SHIFT2), 255);
    b = clamp_v (descale_v (_mm256_mullo_epi32 (_mm256_sub_epi32 (fy, fz),
                _mm256_set1_epi32 (200)), (128 << LAB_SHIFT2) +
            (1 << (LAB_SHIFT2 - 1)), LAB_SHIFT2), 255);
    /* L: 8 bytes; a, b: 8 pairs */
    v = _mm256_packus_epi16 (_mm256_packus_epi32 (l, l), l);
    l4[0] = _mm256_extract_epi32 (v, 0);
    l4[1] = _mm256_extract_epi32 (v, 4);
    memcpy (L + x, l4, 8);
    v = _mm256_packus_epi32 (_mm256_or_si256 (a, _mm256_slli_epi32 (b, 8)),
        a);
    _mm_storel_epi64 ((__m128i *) (ab + 2 * x), _mm256_castsi256_si128 (v));
    _mm_storel_epi64 ((__m128i *) (ab + 2 * x + 8),
        _mm256_extracti128_si256 (v, 1));
  }
  return x;
}

/* f (X or Z) -> X or Z as ab_to_xz: the division by 841 in float is exact
 * here (|f * 108| < 2^22, the quotient's error far below 1 / 841) */
__attribute__ ((target ("avx2")))
static inline __m256i
ab_to_xz_v (__m256i f)
{
  __m256i lin = _mm256_sub_epi32 (_mm256_cvttps_epi32 (_mm256_div_ps
          (_mm256_cvtepi32_ps (_mm256_mullo_epi32 (f, _mm256_set1_epi32
                      (108))), _mm256_set1_ps (841.0f))),
      _mm256_set1_epi32 (BASE * 16 / 116 * 108 / 841));
  __m256i cube = _mm256_srai_epi32 (_mm256_mullo_epi32 (_mm256_srai_epi32
          (_mm256_mullo_epi32 (f, f), BASE_SHIFT), f), BASE_SHIFT);

  return _mm256_blendv_epi8 (cube, lin, _mm256_cmpgt_epi32 (_mm256_set1_epi32
          (3391), f));
}

/* one channel of lab_to_rgb */
__attribute__ ((target ("avx2")))
static inline __m256i
rgb_v (const LabTables * t, guint c, __m256i x, __m256i y, __m256i z)
{
  __m256i v = _mm256_add_epi32 (_mm256_add_epi32 (_mm256_mullo_epi32 (x,
              _mm256_set1_epi32 (t->inv[3 * c])), _mm256_mullo_epi32 (y,
              _mm256_set1_epi32 (t->inv[3 * c + 1]))), _mm256_mullo_epi32 (z,
          _mm256_set1_epi32 (t->inv[3 * c + 2])));

  v = clamp_v (descale_v (v, 1 << (INV_SHIFT - 1), INV_SHIFT),
      INV_GAMMA_SIZE - 1);
  return _mm256_i32gather_epi32 (t->inv_gamma32, v, 4);
}

/* pixels [0, returned) of a colour row: blend, then back to RGB */
__attribute__ ((target ("avx2")))
static guint
blend_row_avx2 (const ClaheJob * job, const LabShuffle * sh,
    const guint8 * src, const guint8 * ab, guint8 * d, const gfloat * p1,
    const gfloat * p2, gfloat ya, gfloat ya1)
{
  const LabTables *t = job->lab;
  const GstImAugLayout *l = job->pass->layout;
  guint W = job->pass->width, bpp = l->bpp, x;
  __m256i pack = _mm256_loadu_si256 ((const __m256i *) sh->pack);
  __m128i sr = _mm_cvtsi32_si128 (8 * l->rgb[0]);
  __m128i sg = _mm_cvtsi32_si128 (8 * l->rgb[1]);
  __m128i sb = _mm_cvtsi32_si128 (8 * l->rgb[2]);
  __m256 vya = _mm256_set1_ps (ya), vya1 = _mm256_set1_ps (ya1), w0, w1, res;
  __m256i v, i1, i2, L, ify, y, a, b, fx, fz, out;

  for (x = 0; x + sh->n <= W; x += 8, d += 8 * bpp) {
    v = _mm256_cvtepu8_epi32 (_mm_loadl_epi64 ((const __m128i *) (src + x)));
    i1 = _mm256_add_epi32 (_mm256_loadu_si256 ((const __m256i *) (job->ind +
                x)), v);
    i2 = _mm256_add_epi32 (_mm256_loadu_si256 ((const __m256i *) (job->ind +
                W + x)), v);
    w0 = _mm256_loadu_ps (job->xa + x);
    w1 = _mm256_loadu_ps (job->xa + W + x);
    /* OpenCV's order: (p1 blend) * ya1 + (p2 blend) * ya, no fused ops */
    res = _mm256_add_ps (_mm256_mul_ps (_mm256_add_ps (_mm256_mul_ps
                (_mm256_i32gather_ps (p1, i1, 4), w0), _mm256_mul_ps
                (_mm256_i32gather_ps (p1, i2, 4), w1)), vya1),
        _mm256_mul_ps (_mm256_add_ps (_mm256_mul_ps (_mm256_i32gather_ps (p2,
                        i1, 4), w0), _mm256_mul_ps (_mm256_i32gather_ps (p2,
                        i2, 4), w1)), vya));
    L = _mm256_cvtps_epi32 (res);
    ify = _mm256_i32gather_epi32 (t->ify32, L, 4);
    y = _mm256_i32gather_epi32 (t->y32, L, 4);
    v = _mm256_cvtepu16_epi32 (_mm_loadu_si128 ((const __m128i *) (ab +
                2 * x)));
    a = _mm256_and_si256 (v, _mm256_set1_epi32 (0xff));
    b = _mm256_srli_epi32 (v, 8);
    a = _mm256_sub_epi32 (descale_v (_mm256_mullo_epi32 (a,
                _mm256_set1_epi32 (5 * 53687)), 1 << 7, 13),
        _mm256_set1_epi32 (128 * BASE / 500));
    b = _mm256_sub_epi32 (descale_v (_mm256_mullo_epi32 (b,
                _mm256_set1_epi32 (41943)), 1 << 4, 9),
        _mm256_set1_epi32 (128 * BASE / 200 - 1));
    fx = ab_to_xz_v (_mm256_add_epi32 (ify, a));
    fz = ab_to_xz_v (_mm256_sub_epi32 (ify, b));
    out = _mm256_or_si256 (_mm256_or_si256 (_mm256_sll_epi32 (rgb_v (t, 0,
                    fx, y, fz), sr), _mm256_sll_epi32 (rgb_v (t, 1, fx, y, fz),
                sg)), _mm256_sll_epi32 (rgb_v (t, 2, fx, y, fz), sb));
    out = _mm256_shuffle_epi8 (out, pack);
    /* 4 bytes a pixel: the alpha byte is 0 here, copied after */
    _mm_storeu_si128 ((__m128i *) d, _mm256_castsi256_si128 (out));
    _mm_storeu_si128 ((__m128i *) (d + 4 * bpp),
        _mm256_extracti128_si256 (out, 1));
  }
  return x;
}
#endif

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
    x = 0;
#ifdef HAVE_AVX2_DISPATCH
    if (t->avx2) {
      x = lab_row_avx2 (t, &job->shuffle, s, bpp, W, L, ab);
      s += (gsize) x * bpp;
    }
#endif
    for (; x < W; x++, s += bpp) {
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
        i1 = ind[x] + v;
        i2 = ind[W + x] + v;
        res = (p1[i1] * xa[x] + p1[i2] * xa[W + x])
            * ya1 + (p2[i1] * xa[x] + p2[i2] *
            xa[W + x]) * ya;
        d[x * bpp] = round_even (res);
      }
      continue;
    }
    ab = job->ab + (gsize) y * W * 2;
    x = 0;
#ifdef HAVE_AVX2_DISPATCH
    if (t->avx2) {
      x = blend_row_avx2 (job, &job->shuffle, src, ab, d, p1, p2, ya, ya1);
      d += (gsize) x * bpp;
    }
#endif
    for (; x < W; x++, d += bpp) {
      v = src[x];
      i1 = ind[x] + v;
      i2 = ind[W + x] + v;
      res = (p1[i1] * xa[x] + p1[i2] * xa[W + x])
          * ya1 + (p2[i1] * xa[x] + p2[i2] *
          xa[W + x]) * ya;
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
    job.lab = gst_im_aug_lab_tables ();
    lab = gst_im_aug_thread_bytes (0, (gsize) W * H * 3);
    job.plane = lab;
    job.plane_stride = W;
    job.plane_step = 1;
    job.ab = lab + (gsize) W * H;
#ifdef HAVE_AVX2_DISPATCH
    lab_shuffle_init (pass->layout, &job.shuffle);
#endif
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
    xa[W + x] = txf - (gfloat) tx1;
    xa[x] = 1.0f - xa[W + x];
    ind[x] = MAX (tx1, 0) * 256;
    ind[W + x] = MIN (tx2, (gint) job.tiles_x - 1) * 256;
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
