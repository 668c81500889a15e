/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Histogram transforms: Equalize here, CLAHE in gstimaugclahe.c.
 *
 * Equalize per channel (by_channels, and any grey image) is a point
 * transform: a table per channel from that channel's histogram, composed
 * with its neighbouring point transforms. by_channels=false on colour
 * equalizes Y of OpenCV's 8-bit YCrCb and converts back: a pass of its
 * own. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaughistogram-private.h"

#if defined(__GNUC__) && defined(__x86_64__)
#define HAVE_AVX2_DISPATCH 1
#include <immintrin.h>
#endif

/* ---- the tables ---- */

enum
{
  MODE_CV,
  MODE_PIL,
};

/* cv2.equalizeHist: the first used level maps to 0, the others to
 * round-half-even (float (cumulative count) * float (255 / (n - count of
 * the first))); one level alone stays itself */
static void
table_cv (const guint32 * h, guint64 n, guint8 * t)
{
  gfloat scale;
  gint sum = 0, v;
  guint i = 0, j;

  while (i < 255 && h[i] == 0)
    i++;
  for (j = 0; j < 256; j++)
    t[j] = i;
  if (h[i] == n)
    return;
  scale = 255.0f / (gfloat) (gint) (n - h[i]);
  t[i] = 0;
  for (j = i + 1; j < 256; j++) {
    sum += h[j];
    v = (gint) lrintf ((gfloat) sum * scale);
    t[j] = CLAMP (v, 0, 255);
  }
}

/* PIL's ImageOps.equalize as albumentations writes it: step = (n - count
 * of the last used level) // 255; a level's value is (cumulative count +
 * step // 2) // step, at most 255, where albumentations 2.x counts the
 * level itself and 1.4 (as PIL) only the levels below it. One used level
 * or step 0: unchanged. Returns FALSE for unchanged. */
static gboolean
table_pil (const guint32 * h, guint64 n, gboolean inclusive, guint8 * t)
{
  guint64 step, cum = 0;
  guint i, used = 0, last = 0;

  for (i = 0; i < 256; i++)
    if (h[i]) {
      used++;
      last = i;
    }
  if (used <= 1)
    return FALSE;
  step = (n - h[last]) / 255;
  if (step == 0)
    return FALSE;
  for (i = 0; i < 256; i++) {
    if (inclusive)
      cum += h[i];
    t[i] = MIN ((cum + step / 2) / step, 255);
    if (!inclusive)
      cum += h[i];
  }
  return TRUE;
}

/* the table of @v's mode for a channel of histogram @h; FALSE: unchanged */
static gboolean
equalize_table (const gdouble * v, const guint32 * h, guint64 n, guint8 * t)
{
  if (v[0] == MODE_PIL)
    return table_pil (h, n, v[2] != 0, t);
  table_cv (h, n, t);
  return TRUE;
}

/* ---- Equalize ---- */

static const GstImAugParamSpec equalize_params[] = {
  {.name = "mode",.type = GST_IM_AUG_CHOICE,.def = "\"cv\"",
      .choices = (const gchar * const[]) {"cv", "pil", NULL}},
  {.name = "by_channels",.type = GST_IM_AUG_BOOL,.def = "true"},
};

/* v: mode, by_channels, whether PIL's table counts a level itself (2.x) */
static const GstImAugApplied equalize_applied[] = {
  {"mode", 1}, {"by_channels", 1}, {"pil_inclusive", 1},
};

/* mask and mask_params select pixels by an array or a callable, which an
 * image stream has no way to give: accepted only empty */
static gboolean
upgrade_equalize (JsonObject * o, GError ** error)
{
  JsonNode *mask = json_object_get_member (o, "mask");
  JsonNode *mp = json_object_get_member (o, "mask_params");

  if (mask && !JSON_NODE_HOLDS_NULL (mask)) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
        "Equalize: \"mask\" is not supported (only null): augment has no "
        "mask to give it");
    return FALSE;
  }
  if (mp && !(JSON_NODE_HOLDS_NULL (mp) || (JSON_NODE_HOLDS_ARRAY (mp)
              && json_array_get_length (json_node_get_array (mp)) == 0))) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
        "Equalize: \"mask_params\" is not supported (only an empty list)");
    return FALSE;
  }
  if (mask)
    json_object_remove_member (o, "mask");
  if (mp)
    json_object_remove_member (o, "mask_params");
  return TRUE;
}

static const GstImAugClass equalize_channels;

static void
draw_equalize (const gdouble * params, const GstImDrawKey * key,
    GstImAugStep * step)
{
  step->v[0] = params[0];
  step->v[1] = params[1];
  step->v[2] = !step->v1_4;
  /* per channel it is a point transform (below); Y of YCrCb is not */
  if (params[1])
    step->klass = &equalize_channels;
}

static void
lut_equalize (const GstImAugStep * step, guint n_colour, guint8 lut[3][256],
    const GstImAugHistogram * hist)
{
  guint8 t[256];
  guint c, i;

  for (c = 0; c < n_colour; c++)
    if (equalize_table (step->v, hist->h[c], hist->n, t))
      for (i = 0; i < 256; i++)
        lut[c][i] = t[lut[c][i]];
}

static gboolean
equalize_needs_histogram (const GstImAugStep * step)
{
  return TRUE;
}

/* The same name and values as Equalize, so the plan reads back as
 * Equalize: its pass below renders a replayed per-channel step to the same
 * bytes, only not composed with its neighbours. */
static const GstImAugClass equalize_channels = {
  .name = "Equalize",
  .applied = equalize_applied,
  .n_applied = G_N_ELEMENTS (equalize_applied),
  .lut = lut_equalize,
  .needs_histogram = equalize_needs_histogram,
};

/* OpenCV's 8-bit RGB -> YCrCb -> RGB (cvtColor, fixed point in 1/2^14),
 * each product and rounding in a table */
#define YCC_SHIFT 14
#define YCC_HALF (1 << (YCC_SHIFT - 1))
#define SAT_OFFSET 512

typedef struct
{
  gint y[3][256];               /* R, G, B's part of Y (rounding in B's) */
  gint16 cr[511], cb[511];      /* R - Y, B - Y + 255 -> Cr, Cb - 128 */
  gint16 r[256], b[256];        /* Cr, Cb -> R - Y, B - Y */
  gint16 g[256][256];           /* Cb, Cr -> G - Y */
  guint8 sat[1024];             /* v + SAT_OFFSET -> v clamped to a byte */
  gboolean avx2;
} YccTables;

static inline guint8
clamp_u8 (gint v)
{
  return (guint8) CLAMP (v, 0, 255);
}

static gpointer
ycc_tables_init (gpointer data)
{
  static YccTables t;
  gint i, j;

  for (i = 0; i < 256; i++) {
    t.y[0][i] = i * 4899;
    t.y[1][i] = i * 9617;
    t.y[2][i] = i * 1868 + YCC_HALF;
    t.r[i] = ((i - 128) * 22987 + YCC_HALF) >> YCC_SHIFT;
    t.b[i] = ((i - 128) * 29049 + YCC_HALF) >> YCC_SHIFT;
    for (j = 0; j < 256; j++)
      t.g[i][j] = ((i - 128) * -5636 + (j - 128) * -11698 + YCC_HALF)
          >> YCC_SHIFT;
  }
  for (i = -255; i <= 255; i++) {
    t.cr[i + 255] = clamp_u8 ((i * 11682 + (128 << YCC_SHIFT) + YCC_HALF)
        >> YCC_SHIFT);
    t.cb[i + 255] = clamp_u8 ((i * 9241 + (128 << YCC_SHIFT) + YCC_HALF)
        >> YCC_SHIFT);
  }
  for (i = 0; i < 1024; i++)
    t.sat[i] = clamp_u8 (i - SAT_OFFSET);
#ifdef HAVE_AVX2_DISPATCH
  t.avx2 = __builtin_cpu_supports ("avx2");
#endif
  return &t;
}

static const YccTables *
ycc_get (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, ycc_tables_init, NULL);
}


#ifdef HAVE_AVX2_DISPATCH
/* 8 pixels at a time, 4 per 128-bit half: a shuffle puts R | G << 16 and
 * B | 1 << 16 of each pixel in a 32-bit lane, so Y is two madds; the same
 * integer maths as the tables (each product exact in 32 bits) */
typedef struct
{
  gint8 rg[32], b1[32], pack[32];       /* the shuffles */
  guint n;                      /* pixels a step may touch: 8 + slack */
} YccShuffle;

static void
ycc_shuffle_init (const GstImAugLayout * l, YccShuffle * sh)
{
  gint8 *rg = sh->rg, *b1 = sh->b1, *pack = sh->pack;
  guint k, j;

  for (k = 0; k < 32; k++)
    rg[k] = b1[k] = pack[k] = -128;
  for (j = 0; j < 2; j++)
    for (k = 0; k < 4; k++) {
      rg[16 * j + 4 * k] = k * l->bpp + l->rgb[0];
      rg[16 * j + 4 * k + 2] = k * l->bpp + l->rgb[1];
      b1[16 * j + 4 * k] = k * l->bpp + l->rgb[2];
    }
  /* the output dwords hold the pixel's bytes in place: for 3 bytes a
   * pixel, drop every fourth */
  for (j = 0; j < 2; j++)
    for (k = 0; k < 4 * l->bpp; k++)
      pack[16 * j + k] = l->bpp == 4 ? (gint) k : (gint) (k / 3 * 4 + k % 3);
  /* 3 bytes a pixel: the second half reads and writes 16 bytes from pixel
   * 4, past the 8th */
  sh->n = l->bpp == 4 ? 8 : 10;
}

#endif

typedef struct
{
  const GstImAugPixels *pass;
  GMutex lock;
  guint32 h[256];               /* of Y, or of the grey channel */
  guint8 table[256];
  gint table32[256];            /* the same, for gathers */
  const YccTables *ycc;
#ifdef HAVE_AVX2_DISPATCH
  YccShuffle shuffle;
#endif
} EqualizeJob;

#ifdef HAVE_AVX2_DISPATCH
__attribute__ ((target ("avx2")))
static inline __m256i
ycc_load (const guint8 * s, guint bpp)
{
  return _mm256_inserti128_si256 (_mm256_castsi128_si256 (_mm_loadu_si128
          ((const __m128i *) s)), _mm_loadu_si128 ((const __m128i *) (s +
              4 * bpp)), 1);
}

/* Y of 8 pixels; @r, @b their R and B */
__attribute__ ((target ("avx2")))
static inline __m256i
ycc_y8 (__m256i px, __m256i mrg, __m256i mb1, __m256i * r, __m256i * b)
{
  __m256i rg = _mm256_shuffle_epi8 (px, mrg);
  __m256i b1 = _mm256_or_si256 (_mm256_shuffle_epi8 (px, mb1),
      _mm256_set1_epi32 (1 << 16));

  *r = _mm256_and_si256 (rg, _mm256_set1_epi32 (0xffff));
  *b = _mm256_and_si256 (b1, _mm256_set1_epi32 (0xffff));
  return _mm256_srai_epi32 (_mm256_add_epi32 (_mm256_madd_epi16 (rg,
              _mm256_set1_epi32 (4899 | 9617 << 16)), _mm256_madd_epi16 (b1,
              _mm256_set1_epi32 (1868 | YCC_HALF << 16))), YCC_SHIFT);
}

/* the histogram of Y of pixels [0, returned) of a row */
__attribute__ ((target ("avx2")))
static guint
hist_row_avx2 (const guint8 * s, guint width, guint bpp,
    const YccShuffle * sh, guint32 * h)
{
  __m256i mrg = _mm256_loadu_si256 ((const __m256i *) sh->rg);
  __m256i mb1 = _mm256_loadu_si256 ((const __m256i *) sh->b1);
  gint32 y8[8];
  __m256i r, b;
  guint x, k;

  for (x = 0; x + sh->n <= width; x += 8, s += 8 * bpp) {
    _mm256_storeu_si256 ((__m256i *) y8, ycc_y8 (ycc_load (s, bpp), mrg, mb1,
            &r, &b));
    for (k = 0; k < 8; k++)
      h[y8[k]]++;
  }
  return x;
}

__attribute__ ((target ("avx2")))
static inline __m256i
clamp8 (__m256i v)
{
  return _mm256_min_epi32 (_mm256_max_epi32 (v, _mm256_setzero_si256 ()),
      _mm256_set1_epi32 (255));
}

/* c * k / 2^14 rounded as OpenCV's DESCALE */
__attribute__ ((target ("avx2")))
static inline __m256i
descale_mul (__m256i c, gint k, gint add)
{
  return _mm256_srai_epi32 (_mm256_add_epi32 (_mm256_mullo_epi32 (c,
              _mm256_set1_epi32 (k)), _mm256_set1_epi32 (add)), YCC_SHIFT);
}

/* pixels [0, returned) of a row through Y's table */
__attribute__ ((target ("avx2")))
static guint
map_row_avx2 (const EqualizeJob * job, const guint8 * s, guint8 * d,
    guint width, const YccShuffle * sh)
{
  const GstImAugLayout *l = job->pass->layout;
  guint bpp = l->bpp, x;
  __m256i mrg = _mm256_loadu_si256 ((const __m256i *) sh->rg);
  __m256i mb1 = _mm256_loadu_si256 ((const __m256i *) sh->b1);
  __m256i pack = _mm256_loadu_si256 ((const __m256i *) sh->pack);
  __m256i px, Y, r, b, cr, cb, yn, g, out, keep;
  __m128i sr = _mm_cvtsi32_si128 (8 * l->rgb[0]);
  __m128i sg = _mm_cvtsi32_si128 (8 * l->rgb[1]);
  __m128i sb = _mm_cvtsi32_si128 (8 * l->rgb[2]);

  keep = _mm256_set1_epi32 (l->alpha < 0 ? 0 : (gint) (0xffu << (8 *
              l->alpha)));
  for (x = 0; x + sh->n <= width; x += 8, s += 8 * bpp, d += 8 * bpp) {
    px = ycc_load (s, bpp);
    Y = ycc_y8 (px, mrg, mb1, &r, &b);
    /* Cr, Cb as bytes, less 128 */
    cr = _mm256_sub_epi32 (clamp8 (descale_mul (_mm256_sub_epi32 (r, Y),
                11682, (128 << YCC_SHIFT) + YCC_HALF)), _mm256_set1_epi32 (128));
    cb = _mm256_sub_epi32 (clamp8 (descale_mul (_mm256_sub_epi32 (b, Y),
                9241, (128 << YCC_SHIFT) + YCC_HALF)), _mm256_set1_epi32 (128));
    yn = _mm256_i32gather_epi32 (job->table32, Y, 4);
    r = clamp8 (_mm256_add_epi32 (yn, descale_mul (cr, 22987, YCC_HALF)));
    b = clamp8 (_mm256_add_epi32 (yn, descale_mul (cb, 29049, YCC_HALF)));
    g = clamp8 (_mm256_add_epi32 (yn, _mm256_srai_epi32 (_mm256_add_epi32
                (_mm256_add_epi32 (_mm256_mullo_epi32 (cb, _mm256_set1_epi32
                            (-5636)), _mm256_mullo_epi32 (cr,
                            _mm256_set1_epi32 (-11698))), _mm256_set1_epi32
                    (YCC_HALF)), YCC_SHIFT)));
    out = _mm256_or_si256 (_mm256_or_si256 (_mm256_sll_epi32 (r, sr),
            _mm256_sll_epi32 (g, sg)), _mm256_sll_epi32 (b, sb));
    out = _mm256_shuffle_epi8 (out, pack);
    if (bpp == 4)
      out = _mm256_or_si256 (out, _mm256_and_si256 (px, keep));
    _mm_storeu_si128 ((__m128i *) d, _mm256_castsi256_si128 (out));
    _mm_storeu_si128 ((__m128i *) (d + 4 * bpp),
        _mm256_extracti128_si256 (out, 1));
  }
  return x;
}
#endif


static void
hist_rows (guint row_begin, guint row_end, gpointer user_data)
{
  EqualizeJob *job = user_data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  guint r = l->rgb[0], g = l->rgb[1], b = l->rgb[2], bpp = l->bpp, x, y, i;
  const YccTables *t = job->ycc;
  const guint8 *s;
  guint32 h[256];

  memset (h, 0, sizeof (h));
  for (y = row_begin; y < row_end; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    if (l->n_colour == 1) {
      for (x = 0; x < pass->width; x++, s += bpp)
        h[s[0]]++;
      continue;
    }
    x = 0;
#ifdef HAVE_AVX2_DISPATCH
    if (t->avx2 && bpp >= 3) {
      x = hist_row_avx2 (s, pass->width, bpp, &job->shuffle, h);
      s += (gsize) x * bpp;
    }
#endif
    for (; x < pass->width; x++, s += bpp)
      h[(t->y[0][s[r]] + t->y[1][s[g]] + t->y[2][s[b]]) >> YCC_SHIFT]++;
  }
  g_mutex_lock (&job->lock);
  for (i = 0; i < 256; i++)
    job->h[i] += h[i];
  g_mutex_unlock (&job->lock);
}

static void
map_rows (guint row_begin, guint row_end, gpointer user_data)
{
  EqualizeJob *job = user_data;
  const GstImAugPixels *pass = job->pass;
  const GstImAugLayout *l = pass->layout;
  const YccTables *t = job->ycc;
  const guint8 *sat = t->sat + SAT_OFFSET;
  guint r = l->rgb[0], g = l->rgb[1], b = l->rgb[2], bpp = l->bpp, x, y;
  const guint8 *s;
  guint8 *d;
  gint Y, Yn, cr, cb;

  for (y = row_begin; y < row_end; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    d = pass->dst + (gsize) y * pass->dst_stride;
    if (l->n_colour == 1) {
      for (x = 0; x < pass->width; x++)
        d[x] = job->table[s[x]];
      continue;
    }
    x = 0;
#ifdef HAVE_AVX2_DISPATCH
    if (t->avx2 && bpp >= 3) {
      x = map_row_avx2 (job, s, d, pass->width, &job->shuffle);
      s += (gsize) x * bpp;
      d += (gsize) x * bpp;
    }
#endif
    for (; x < pass->width; x++, s += bpp, d += bpp) {
      Y = (t->y[0][s[r]] + t->y[1][s[g]] + t->y[2][s[b]]) >> YCC_SHIFT;
      cr = t->cr[s[r] - Y + 255];
      cb = t->cb[s[b] - Y + 255];
      Yn = job->table[Y];
      d[r] = sat[Yn + t->r[cr]];
      d[g] = sat[Yn + t->g[cb][cr]];
      d[b] = sat[Yn + t->b[cb]];
    }
  }
  gst_im_aug_copy_alpha (pass, row_begin, row_end);
}

static void
equalize_channels_pass (const GstImAugPixels * pass)
{
  GstImAugHistogram hist;
  guint8 lut[3][256];
  guint c, i, x, y, bpp = pass->layout->bpp;
  const guint8 *s;
  guint8 *d;

  gst_im_aug_histogram (pass, pass->src, pass->src_stride, &hist);
  for (c = 0; c < 3; c++)
    for (i = 0; i < 256; i++)
      lut[c][i] = i;
  lut_equalize (pass->step, pass->layout->n_colour, lut, &hist);
  /* a replayed step only: not worth a parallel pass of its own */
  for (y = 0; y < pass->height; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    d = pass->dst + (gsize) y * pass->dst_stride;
    for (x = 0; x < pass->width * bpp; x += bpp)
      for (c = 0; c < pass->layout->n_colour; c++)
        d[x + pass->layout->rgb[c]] = lut[c][s[x + pass->layout->rgb[c]]];
  }
  gst_im_aug_copy_alpha (pass, 0, pass->height);
}

static void
pixels_equalize (const GstImAugPixels * pass)
{
  EqualizeJob job;
  guint i;

  if (pass->step->v[1] != 0) {
    equalize_channels_pass (pass);
    return;
  }
  memset (&job, 0, sizeof (job));
  job.pass = pass;
  job.ycc = ycc_get ();
#ifdef HAVE_AVX2_DISPATCH
  ycc_shuffle_init (pass->layout, &job.shuffle);
#endif
  g_mutex_init (&job.lock);
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows, hist_rows,
      &job);
  g_mutex_clear (&job.lock);
  if (!equalize_table (pass->step->v, job.h, (guint64) pass->width *
          pass->height, job.table))
    for (i = 0; i < 256; i++)
      job.table[i] = i;
  for (i = 0; i < 256; i++)
    job.table32[i] = job.table[i];
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows, map_rows,
      &job);
}

static const GstImAugClass equalize = {
  .name = "Equalize",
  .params = equalize_params,
  .n_params = G_N_ELEMENTS (equalize_params),
  .applied = equalize_applied,
  .n_applied = G_N_ELEMENTS (equalize_applied),
  .upgrade = upgrade_equalize,
  .draw = draw_equalize,
  .pixels = pixels_equalize,
};

const GstImAugClass *const gst_im_aug_histogram_classes[] = {
  &equalize,
  &gst_im_aug_clahe,
  NULL
};
