/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* What the pixel transforms share: where the channels sit in a pixel,
 * point transforms composed into one table per channel and applied in one
 * pass, histograms, and per-thread scratch. Alpha and padding bytes pass
 * through every pixel transform unchanged. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "gstimaug-private.h"

gboolean
gst_im_aug_is_pixel (const GstImAugStep * step)
{
  return step->klass->stage == NULL;
}

void
gst_im_aug_layout_init (GstImAugLayout * layout, const GstVideoInfo * info)
{
  const GstVideoFormatInfo *finfo = info->finfo;
  guint c;

  memset (layout, 0, sizeof (*layout));
  layout->bpp = GST_VIDEO_INFO_COMP_PSTRIDE (info, 0);
  layout->alpha = -1;
  if (GST_VIDEO_FORMAT_INFO_IS_GRAY (finfo)) {
    layout->n_colour = 1;
    return;
  }
  layout->n_colour = 3;
  for (c = 0; c < 3; c++)
    layout->rgb[c] = GST_VIDEO_FORMAT_INFO_POFFSET (finfo, c);
  /* the byte no colour uses: alpha or padding */
  if (layout->bpp == 4)
    layout->alpha = 6 - layout->rgb[0] - layout->rgb[1] - layout->rgb[2];
}

/* Copies the alpha (or padding) byte of rows [row_begin, row_end) from
 * src to dst, for passes that write only the colour channels. */
void
gst_im_aug_copy_alpha (const GstImAugPixels * pass, guint row_begin,
    guint row_end)
{
  guint bpp = pass->layout->bpp, x, y;
  gint a = pass->layout->alpha;
  const guint8 *s;
  guint8 *d;

  if (a < 0)
    return;
  for (y = row_begin; y < row_end; y++) {
    s = pass->src + (gsize) y * pass->src_stride + a;
    d = pass->dst + (gsize) y * pass->dst_stride + a;
    for (x = 0; x < pass->width; x++)
      d[(gsize) x * bpp] = s[(gsize) x * bpp];
  }
}

/* Per-thread byte scratch: @slot 0..3, grown to the largest @n asked,
 * valid until the next call for that slot on this thread. */
#define N_SLOTS 4
typedef struct
{
  guint8 *data[N_SLOTS];
  gsize size[N_SLOTS];
} ThreadBytes;

static void
thread_bytes_free (gpointer data)
{
  ThreadBytes *tb = data;
  guint i;

  for (i = 0; i < N_SLOTS; i++)
    g_free (tb->data[i]);
  g_free (tb);
}

static GPrivate thread_bytes_key = G_PRIVATE_INIT (thread_bytes_free);

guint8 *
gst_im_aug_thread_bytes (guint slot, gsize n)
{
  ThreadBytes *tb = g_private_get (&thread_bytes_key);

  g_return_val_if_fail (slot < N_SLOTS, NULL);
  if (tb == NULL) {
    tb = g_new0 (ThreadBytes, 1);
    g_private_set (&thread_bytes_key, tb);
  }
  if (tb->size[slot] < n) {
    g_free (tb->data[slot]);
    /* a little slack for SIMD loads past the end */
    tb->data[slot] = g_malloc (n + 64);
    tb->size[slot] = n;
  }
  return tb->data[slot];
}

/* histograms: each band counts on its own, then adds under a lock (integer
 * sums: the order of the bands does not matter) */
typedef struct
{
  const GstImAugPixels *pass;
  const guint8 *data;
  gint stride;
  GstImAugHistogram *hist;
  GMutex lock;
} HistJob;

static void
hist_rows (guint row_begin, guint row_end, gpointer user_data)
{
  HistJob *job = user_data;
  const GstImAugLayout *l = job->pass->layout;
  guint r = l->rgb[0], g = l->rgb[1], b = l->rgb[2], bpp = l->bpp;
  guint width = job->pass->width;
  guint32 h[3][256];
  const guint8 *p;
  guint x, y, c, i;

  memset (h, 0, sizeof (h));
  for (y = row_begin; y < row_end; y++) {
    p = job->data + (gsize) y * job->stride;
    if (l->n_colour == 3)       /* unrolled: about twice as fast */
      for (x = 0; x < width; x++, p += bpp) {
        h[0][p[r]]++;
        h[1][p[g]]++;
        h[2][p[b]]++;
    } else
      for (x = 0; x < width; x++, p += bpp)
        h[0][p[0]]++;
  }
  g_mutex_lock (&job->lock);
  for (c = 0; c < l->n_colour; c++)
    for (i = 0; i < 256; i++)
      job->hist->h[c][i] += h[c][i];
  g_mutex_unlock (&job->lock);
}

/* The histogram of @data (the pass' size and layout). */
void
gst_im_aug_histogram (const GstImAugPixels * pass, const guint8 * data,
    gint stride, GstImAugHistogram * hist)
{
  HistJob job = { pass, data, stride, hist };

  memset (hist, 0, sizeof (*hist));
  hist->n = (guint64) pass->width * pass->height;
  g_mutex_init (&job.lock);
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows, hist_rows,
      &job);
  g_mutex_clear (&job.lock);
}

/* the histogram an image would have once mapped through @lut */
static void
histogram_through (const GstImAugHistogram * in, guint n_colour,
    guint8 lut[3][256], GstImAugHistogram * out)
{
  guint c, i;

  memset (out, 0, sizeof (*out));
  out->n = in->n;
  for (c = 0; c < n_colour; c++)
    for (i = 0; i < 256; i++)
      out->h[c][lut[c][i]] += in->h[c][i];
}

typedef struct
{
  const GstImAugPixels *pass;
  guint8 table[4][256];         /* by byte position in the pixel */
  gboolean simd;
  /* SIMD: tables looked up (1 when all positions share one), and which
   * bytes of each of the 1 or 3 vectors a pixel pattern spans take each */
  guint n_tables, period;
  guint64 mask[3][4];
} LutJob;

/* the bytes [from, n) of a row through the tables, in C */
static void
lut_span (const LutJob * job, const guint8 * s, guint8 * d, guint from,
    guint n)
{
  guint bpp = job->pass->layout->bpp, x, c = from % bpp;

  for (x = from; x < n; x++) {
    d[x] = job->table[c][s[x]];
    c = c + 1 == bpp ? 0 : c + 1;
  }
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_LUT_VBMI 1

/* AVX-512 VBMI: a 256-entry table is four 64-byte registers, two
 * two-register permutes and a blend on the index' top bit look up 64
 * bytes; each byte position of the pixel takes its own table, merged by
 * masks that repeat with the pixel (3 bytes: every 192 bytes). */
__attribute__((target ("avx512f,avx512bw,avx512vbmi")))
static guint
lut_row_vbmi (const LutJob * job, const guint8 * s, guint8 * d, guint n)
{
  guint period = job->period, n_tables = job->n_tables, p, v, j, x;
  __m512i t[4][4], idx, lo, hi, out;
  __mmask64 top;

  for (p = 0; p < n_tables; p++)
    for (j = 0; j < 4; j++)
      t[p][j] = _mm512_loadu_si512 (job->table[p] + 64 * j);
  /* the row's last vector loads and stores only the bytes in the row */
  for (x = 0; x < n; x += 64 * period)
    for (v = 0; v < period && x + 64 * v < n; v++) {
      guint left = n - x - 64 * v;
      __mmask64 in_row = left >= 64 ? ~(__mmask64) 0 :
          ((__mmask64) 1 << left) - 1;

      idx = _mm512_maskz_loadu_epi8 (in_row, s + x + 64 * v);
      top = _mm512_movepi8_mask (idx);
      out = _mm512_setzero_si512 ();
      for (p = 0; p < n_tables; p++) {
        lo = _mm512_permutex2var_epi8 (t[p][0], idx, t[p][1]);
        hi = _mm512_permutex2var_epi8 (t[p][2], idx, t[p][3]);
        out = _mm512_mask_mov_epi8 (out, job->mask[v][p],
            _mm512_mask_blend_epi8 (top, lo, hi));
      }
      _mm512_mask_storeu_epi8 (d + x + 64 * v, in_row, out);
    }
  return n;
}

static gboolean
have_vbmi (void)
{
  static gint have = -1;

  if (have < 0)
    have = __builtin_cpu_supports ("avx512vbmi")
        && __builtin_cpu_supports ("avx512bw");
  return have;
}
#endif

/* which table each byte of the SIMD vectors takes */
static void
lut_masks (LutJob * job)
{
  guint bpp = job->pass->layout->bpp, v, p, j;
  gboolean same = TRUE;

#ifdef HAVE_LUT_VBMI
  job->simd = have_vbmi ();
#else
  job->simd = FALSE;
#endif
  for (p = 1; p < bpp; p++)
    same = same && memcmp (job->table[0], job->table[p], 256) == 0;
  job->n_tables = same ? 1 : bpp;
  /* 64 bytes hold whole pixels of 1, 2 or 4 bytes; 3-byte pixels repeat
   * every three vectors */
  job->period = job->n_tables == 3 ? 3 : 1;
  memset (job->mask, 0, sizeof (job->mask));
  for (v = 0; v < job->period; v++)
    for (j = 0; j < 64; j++)
      job->mask[v][(64 * v + j) % job->n_tables] |= G_GUINT64_CONSTANT (1)
          << j;
}

static void
lut_rows (guint row_begin, guint row_end, gpointer user_data)
{
  const LutJob *job = user_data;
  const GstImAugPixels *pass = job->pass;
  guint n = pass->width * pass->layout->bpp, done, y;
  const guint8 *s;
  guint8 *d;

  for (y = row_begin; y < row_end; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    d = pass->dst + (gsize) y * pass->dst_stride;
    done = 0;
#ifdef HAVE_LUT_VBMI
    if (job->simd)
      done = lut_row_vbmi (job, s, d, n);
#endif
    lut_span (job, s, d, done, n);
  }
}

/* Steps [@first, @last], all point transforms, as one table per channel
 * and one pass from pass->src to pass->dst. */
void
gst_im_aug_render_lut (const GArray * steps, guint first, guint last,
    const GstImAugPixels * pass)
{
  const GstImAugLayout *l = pass->layout;
  const GstImAugStep *step;
  GstImAugHistogram in_hist, hist;
  gboolean counted = FALSE, wants;
  guint8 lut[3][256];
  guint c, i, k;

  for (c = 0; c < 3; c++)
    for (i = 0; i < 256; i++)
      lut[c][i] = i;
  for (k = first; k <= last; k++) {
    step = &g_array_index (steps, GstImAugStep, k);
    wants = step->klass->needs_histogram
        && step->klass->needs_histogram (step);
    if (wants) {
      if (!counted)
        gst_im_aug_histogram (pass, pass->src, pass->src_stride, &in_hist);
      counted = TRUE;
      histogram_through (&in_hist, l->n_colour, lut, &hist);
    }
    step->klass->lut (step, l->n_colour, lut, wants ? &hist : NULL);
  }
  gst_im_aug_apply_lut (pass, lut);
}

/* One pass of @pass->src through the tables @lut (a channel each, RGB
 * order; grey: lut[0]) to @pass->dst; other bytes (alpha) copied. */
void
gst_im_aug_apply_lut (const GstImAugPixels * pass, guint8 lut[3][256])
{
  const GstImAugLayout *l = pass->layout;
  LutJob job;
  guint c, i, k;

  job.pass = pass;
  for (i = 0; i < 4; i++)
    for (k = 0; k < 256; k++)
      job.table[i][k] = k;
  for (c = 0; c < l->n_colour; c++)
    memcpy (job.table[l->rgb[c]], lut[c], 256);
  lut_masks (&job);
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows, lut_rows,
      &job);
}
