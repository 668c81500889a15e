/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Median filter as cv2.medianBlur computes it: the median of the k x k
 * window of each sample, edges replicated. 3 x 3 and 5 x 5 run min/max
 * networks on 32 (AVX2) or 16 (SSE2) samples at once; with AVX2, 3 x 3
 * takes two rows per step from sorted columns. Larger windows slide a
 * 256-bin histogram along the row (Huang), keeping the median and the
 * count below it, so a step costs 2 k updates and a short walk. Any method
 * gives the same bytes: a median is exact. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#ifdef __SSE2__
#include <immintrin.h>
#endif
#include "gstimaugfilter-private.h"

#ifdef __SSE2__
/* The networks: for 3 x 3, Batcher's odd-even merge sort of 9 cut down to
 * the comparisons the middle element needs (40 min/max operations); for
 * 5 x 5 the window comes with each column already sorted (the sort of a
 * column serves the 5 windows that share it) and the network is Batcher's
 * after a sort of each row, cut the same way, then without every
 * comparison whose removal still gives the median of all 0/1 windows with
 * sorted columns (by the 0-1 principle, of all windows): 112 operations.
 * NS sorts a pair, NL keeps only its minimum in a, NH only its maximum in
 * b (the other output is never read again). */
#define NET9 \
  NS (0, 1); NS (2, 3); NS (4, 5); NS (6, 7); NS (0, 2); NS (1, 3); \
  NS (4, 6); NS (5, 7); NS (1, 2); NS (5, 6); NS (0, 4); NS (1, 5); \
  NS (2, 6); NL (3, 7); NS (2, 4); NS (3, 5); NH (1, 2); NS (3, 4); \
  NL (5, 6); NH (0, 8); NL (4, 8); NH (2, 4); NL (3, 5); NH (3, 4);

#define NET25 \
  NS (0, 1); NS (3, 4); NS (2, 4); NH (2, 3); NH (0, 3); NS (1, 4); \
  NH (1, 3); NS (5, 6); NS (8, 9); NS (7, 9); NS (7, 8); NS (5, 8); \
  NS (6, 9); NS (6, 8); NS (10, 11); NS (13, 14); NS (12, 14); NS (12, 13); \
  NS (10, 13); NS (10, 12); NS (11, 14); NS (11, 13); NS (11, 12); \
  NS (15, 16); NS (18, 19); NS (17, 19); NS (17, 18); NS (15, 18); \
  NL (16, 19); NS (16, 18); NS (16, 17); NS (20, 21); NS (23, 24); \
  NL (22, 24); NS (22, 23); NL (20, 23); NS (20, 22); NL (21, 22); \
  NH (4, 5); NL (14, 15); NS (5, 7); NH (8, 10); NS (9, 11); NS (12, 14); \
  NS (13, 14); NS (16, 20); NL (17, 21); NH (3, 5); NS (10, 12); \
  NS (11, 13); NL (18, 20); NH (5, 6); NS (11, 12); NL (13, 14); \
  NS (17, 18); NH (6, 10); NS (7, 11); NH (7, 9); NS (11, 13); NS (9, 10); \
  NS (11, 12); NH (9, 17); NL (10, 18); NL (12, 16); NL (13, 17); \
  NH (10, 12); NL (11, 13); NH (11, 12);

/* sorting the 5 samples of a column: 9 comparisons */
#define SORT5 NS (0, 1); NS (3, 4); NS (2, 4); NS (2, 3); NS (0, 3); \
  NS (0, 2); NS (1, 4); NS (1, 3); NS (1, 2);

#define NS(a, b) do { t = VMIN (v[a], v[b]); v[b] = VMAX (v[a], v[b]); \
    v[a] = t; } while (0)
#define NL(a, b) v[a] = VMIN (v[a], v[b])
#define NH(a, b) v[b] = VMAX (v[a], v[b])

/* one vector of medians at sample s: v[j * k + i] is the sample i pixels
 * right and j rows down of the window's corner */
#define NETWORK_FUNC(name, target, type, load, store, K, NET) \
  target static void \
  name (const guint8 * const *rows, guint bpp, guint8 * dst, guint ns) \
  { \
    type v[K * K], t; \
    guint s, i, j, step = sizeof (type); \
    for (s = 0;; s += step) { \
      if (s + step > ns) \
        s = ns - step; \
      _Pragma ("GCC unroll 5") \
      for (j = 0; j < K; j++) \
        _Pragma ("GCC unroll 5") \
        for (i = 0; i < K; i++) \
          v[j * K + i] = load ((const type *) (rows[j] + s + i * bpp)); \
      NET; \
      store ((type *) (dst + s), v[K * K / 2]); \
      if (s + step >= ns) \
        break; \
    } \
  }

/* the k rows sorted sample by sample, over n samples (and some slack) */
#define COLUMNS_FUNC(name, target, type, load, store, K, SORT) \
  target static void \
  name (const guint8 * const *rows, guint8 * const *out, guint n) \
  { \
    type v[K], t; \
    guint s, j; \
    for (s = 0; s < n; s += sizeof (type)) { \
      _Pragma ("GCC unroll 5") \
      for (j = 0; j < K; j++) \
        v[j] = load ((const type *) (rows[j] + s)); \
      SORT; \
      _Pragma ("GCC unroll 5") \
      for (j = 0; j < K; j++) \
        store ((type *) (out[j] + s), v[j]); \
    } \
  }

#define VMIN _mm256_min_epu8
#define VMAX _mm256_max_epu8
COLUMNS_FUNC (columns5_avx2, __attribute__ ((target ("avx2"))), __m256i,
    _mm256_loadu_si256, _mm256_storeu_si256, 5, SORT5)
NETWORK_FUNC (median3_avx2, __attribute__ ((target ("avx2"))), __m256i,
    _mm256_loadu_si256, _mm256_storeu_si256, 3, NET9)
NETWORK_FUNC (median5_avx2, __attribute__ ((target ("avx2"))), __m256i,
    _mm256_loadu_si256, _mm256_storeu_si256, 5, NET25)
#undef VMIN
#undef VMAX
#define VMIN _mm_min_epu8
#define VMAX _mm_max_epu8
COLUMNS_FUNC (columns5_sse2, , __m128i, _mm_loadu_si128, _mm_storeu_si128, 5,
    SORT5)
NETWORK_FUNC (median3_sse2, , __m128i, _mm_loadu_si128, _mm_storeu_si128, 3,
    NET9)
NETWORK_FUNC (median5_sse2, , __m128i, _mm_loadu_si128, _mm_storeu_si128, 5,
    NET25)
#undef VMIN
#undef VMAX

/* 3 x 3 for two rows at once, straight from the source rows y - 1 .. y + 2
 * (@rows, edges replicated: only the first and last block of a row go
 * through a padded copy): the columns sorted in registers, the middle
 * pair shared by both windows; then each median is the median of (the
 * largest minimum, the median of the middles, the smallest maximum) of its
 * three sorted columns */
#define MED3(x, y, z) _mm256_max_epu8 (_mm256_min_epu8 (x, y), \
    _mm256_min_epu8 (_mm256_max_epu8 (x, y), z))

/* 32 samples of both rows: r0..r3 point at the window's left column */
static inline __attribute__ ((always_inline, target ("avx2")))
void median3_pair_block (const guint8 * r0, const guint8 * r1,
    const guint8 * r2, const guint8 * r3, guint bpp, guint8 * d0,
    guint8 * d1)
{
  __m256i a, b, c, e, l, h, lo0[3], mid0[3], hi0[3], lo1[3], mid1[3],
      hi1[3];
  guint i, o;

  _Pragma ("GCC unroll 3")
  for (i = 0; i < 3; i++) {
    o = i * bpp;
    a = _mm256_loadu_si256 ((const __m256i *) (r0 + o));
    b = _mm256_loadu_si256 ((const __m256i *) (r1 + o));
    c = _mm256_loadu_si256 ((const __m256i *) (r2 + o));
    e = _mm256_loadu_si256 ((const __m256i *) (r3 + o));
    l = _mm256_min_epu8 (b, c);
    h = _mm256_max_epu8 (b, c);
    lo0[i] = _mm256_min_epu8 (a, l);
    hi0[i] = _mm256_max_epu8 (a, h);
    mid0[i] = _mm256_min_epu8 (_mm256_max_epu8 (a, l), h);
    lo1[i] = _mm256_min_epu8 (e, l);
    hi1[i] = _mm256_max_epu8 (e, h);
    mid1[i] = _mm256_min_epu8 (_mm256_max_epu8 (e, l), h);
  }
  _mm256_storeu_si256 ((__m256i *) d0, MED3 (_mm256_max_epu8
          (_mm256_max_epu8 (lo0[0], lo0[1]), lo0[2]), MED3 (mid0[0], mid0[1],
              mid0[2]), _mm256_min_epu8 (_mm256_min_epu8 (hi0[0], hi0[1]),
              hi0[2])));
  _mm256_storeu_si256 ((__m256i *) d1, MED3 (_mm256_max_epu8
          (_mm256_max_epu8 (lo1[0], lo1[1]), lo1[2]), MED3 (mid1[0], mid1[1],
              mid1[2]), _mm256_min_epu8 (_mm256_min_epu8 (hi1[0], hi1[1]),
              hi1[2])));
}

/* 3 x 3 for two rows at once, straight from the source rows y - 1 .. y + 2
 * (@rows; the blocks at the ends of a row go through a copy with the edge
 * replicated): the columns sorted in registers, the middle pair shared by
 * both windows; each median is then the median of (the largest minimum,
 * the median of the middles, the smallest maximum) of its three sorted
 * columns */
__attribute__ ((target ("avx2")))
static void
median3_pair_avx2 (const guint8 * const *rows, guint bpp, guint8 * d0,
    guint8 * d1, guint ns)
{
  guint8 edge[4][32 + 8];
  guint s, i, j, ends[2] = { 0, ns - 32 };
  gint t;

  for (s = bpp; s + 32 + bpp <= ns; s += 32)
    median3_pair_block (rows[0] + s - bpp, rows[1] + s - bpp,
        rows[2] + s - bpp, rows[3] + s - bpp, bpp, d0 + s, d1 + s);
  /* the first block and the last (overlapping what was done: the same
   * bytes again) */
  for (i = 0; i < 2; i++) {
    s = ends[i];
    for (j = 0; j < 4; j++)
      for (t = 0; t < (gint) (32 + 2 * bpp); t++) {
        gint u = (gint) s + t - (gint) bpp;

        edge[j][t] = rows[j][u < 0 ? u + (gint) bpp : u >= (gint) ns ?
            u - (gint) bpp : u];
      }
    median3_pair_block (edge[0], edge[1], edge[2], edge[3], bpp, d0 + s,
        d1 + s);
  }
}

#undef MED3
#endif

typedef void (*NetworkFunc) (const guint8 * const *rows, guint bpp,
    guint8 * dst, guint ns);
typedef void (*ColumnsFunc) (const guint8 * const *rows, guint8 * const *out,
    guint n);

/* Huang's sliding histogram for one row: rows[j] are the window's rows,
 * each padded with r replicated pixels on both sides */
static void
median_histogram (const guint8 * const *rows, guint k, guint bpp,
    guint width, guint8 * dst, guint32 * hist)
{
  guint half = k * k / 2, c, i, j, x;
  guint32 *h;
  guint m, lt, v;

  for (c = 0; c < bpp; c++) {
    h = hist + 256 * c;
    memset (h, 0, 256 * sizeof (guint32));
    for (j = 0; j < k; j++)
      for (i = 0; i < k; i++)
        h[rows[j][i * bpp + c]]++;
    m = 0;
    lt = 0;
    for (x = 0;; x++) {
      /* m: the median, lt: how many samples are below it */
      while (lt > half)
        lt -= h[--m];
      while (lt + h[m] <= half)
        lt += h[m++];
      dst[x * bpp + c] = m;
      if (x + 1 == width)
        break;
      for (j = 0; j < k; j++) {
        v = rows[j][x * bpp + c];
        h[v]--;
        lt -= v < m;
        v = rows[j][(x + k) * bpp + c];
        h[v]++;
        lt += v < m;
      }
    }
  }
}

typedef struct
{
  const GstImAugPixels *pass;
  guint k;
} MedianJob;

/* source row @t, replicated at the edges, with r replicated pixels on
 * each side */
static void
pad_row (const GstImAugPixels * p, guint8 * pad, gint t, guint r)
{
  guint bpp = p->layout->bpp, ns = p->width * bpp, i, c;
  const guint8 *s = p->src + (gsize) CLAMP (t, 0, (gint) p->height - 1) *
      p->src_stride;

  memcpy (pad + (gsize) r * bpp, s, ns);
  for (i = 0; i < r; i++)
    for (c = 0; c < bpp; c++) {
      pad[i * bpp + c] = s[c];
      pad[(r + p->width + i) * bpp + c] = s[ns - bpp + c];
    }
}

static void
median_rows (guint row_begin, guint row_end, gpointer user_data)
{
  const MedianJob *job = user_data;
  const GstImAugPixels *p = job->pass;
  guint k = job->k, r = k / 2, bpp = p->layout->bpp, ns = p->width * bpp;
  gboolean avx2 = gst_im_aug_filter_avx2 () && ns >= 32;
  /* 3 x 3 with AVX2 takes rows in pairs straight from the source */
  G_GNUC_UNUSED gboolean pair = avx2 && k == 3;
  guint n_ring = k;
  /* rows of whole 64-byte lines (so the histogram after them is aligned) */
  gsize len = (((gsize) p->width + 2 * r) * bpp + 127) / 64 * 64;
  guint8 *ring = gst_im_aug_thread_bytes (1, len * (n_ring + k) +
      4 * 256 * 4);
  guint32 *hist = (guint32 *) (ring + len * (n_ring + k));
  const guint8 *rows[GST_IM_AUG_MAX_TAPS];
  guint8 *sorted[5];
  NetworkFunc net = NULL;
  ColumnsFunc columns = NULL;
  gint y, next = (gint) row_begin - (gint) r, last;
  guint i;

#ifdef __SSE2__
  if (avx2) {
    net = k == 3 ? median3_avx2 : k == 5 ? median5_avx2 : NULL;
    columns = k == 5 ? columns5_avx2 : NULL;
  } else if (ns >= 16) {
    net = k == 3 ? median3_sse2 : k == 5 ? median5_sse2 : NULL;
    columns = k == 5 ? columns5_sse2 : NULL;
  }
#endif
  for (i = 0; columns && i < k; i++)
    sorted[i] = ring + len * (n_ring + i);
  for (y = row_begin; y < (gint) row_end; y++) {
#ifdef __SSE2__
    if (pair && y + 1 < (gint) row_end) {
      for (i = 0; i < 4; i++)
        rows[i] = p->src + (gsize) CLAMP (y - 1 + (gint) i, 0,
            (gint) p->height - 1) * p->src_stride;
      median3_pair_avx2 (rows, bpp, p->dst + (gsize) y * p->dst_stride,
          p->dst + (gsize) (y + 1) * p->dst_stride, ns);
      y++;
      continue;
    }
#endif
    /* source rows y - r .. y + r, row t in slot (t - row_begin + r) % k;
     * rows before a pair step may be missing: next starts at y - r */
    next = MAX (next, y - (gint) r);
    last = y + (gint) r;
    for (; next <= last; next++)
      pad_row (p, ring + len * ((next - (gint) row_begin + r) % n_ring),
          next, r);
    for (i = 0; i <= (guint) (last - y + (gint) r); i++)
      rows[i] = ring + len * ((y - (gint) r + (gint) i - (gint) row_begin +
              r) % n_ring);
    if (columns) {
      columns (rows, sorted, ns + 2 * r * bpp);
      net ((const guint8 * const *) sorted, bpp, p->dst + (gsize) y *
          p->dst_stride, ns);
    } else if (net) {
      net (rows, bpp, p->dst + (gsize) y * p->dst_stride, ns);
    } else {
      median_histogram (rows, k, bpp, p->width, p->dst +
          (gsize) y * p->dst_stride, hist);
    }
  }
  gst_im_aug_copy_alpha (p, row_begin, row_end);
}

void
gst_im_aug_median (const GstImAugPixels * pass, guint ksize)
{
  MedianJob job = { pass, MIN (ksize | 1, GST_IM_AUG_MAX_TAPS) };

  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      median_rows, &job);
}
