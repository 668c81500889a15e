/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Where a JPEG or PNG in a byte stream ends, from its structure (JPEG
 * markers and entropy-coded data, PNG chunks), for GstImFramer. The walk
 * resumes where it stopped, so gathering a large file block by block costs
 * one pass over it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "frame/gstimframerwalk.h"

#define PNG_SIG_LEN 8

/* TRUE when FF @m inside entropy-coded data is not a marker: a stuffed
 * zero, a restart marker, or a fill byte. */
static inline gboolean
is_entropy_escape (guint8 m)
{
  return m == 0x00 || (m >= 0xd0 && m <= 0xd7) || m == 0xff;
}

static const guint8 png_signature[PNG_SIG_LEN] = {
  0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a
};

/* TRUE when a PNG signature starts at d[p], or may (it runs past @n). */
static inline gboolean
is_png_start (const guint8 * d, gsize p, gsize n)
{
  return memcmp (d + p, png_signature, MIN (n - p, PNG_SIG_LEN)) == 0;
}

/* TRUE when d[p] starts a marker or a PNG signature, in entropy data. */
static inline gboolean
is_scan_end (const guint8 * d, gsize p, gsize n)
{
  return d[p] == 0xff ? !is_entropy_escape (d[p + 1]) :
      is_png_start (d, p, n);
}

/* The first p in [@p, @n - 1) where d[p] = FF starts a marker, or a PNG
 * signature starts (or may: it runs past @n), else n - 1. A PNG cannot be
 * inside a JPEG's scan, so one there ends a broken JPEG. This scan is the
 * framer's whole cost on one-image buffers: SSE2 drops the FF 00 pairs 16
 * bytes at a time, as most FFs in a scan are stuffed. */
static gsize
find_marker (const guint8 * d, gsize p, gsize n)
{
#ifdef __SSE2__
  const __m128i ff = _mm_set1_epi8 ((gchar) 0xff), zero = _mm_setzero_si128 ();
  const __m128i png0 = _mm_set1_epi8 ((gchar) 0x89), png1 = _mm_set1_epi8 ('P');

  for (; p + 17 <= n; p += 16) {
    __m128i here = _mm_loadu_si128 ((const __m128i *) (d + p));
    __m128i next = _mm_loadu_si128 ((const __m128i *) (d + p + 1));
    guint mask = _mm_movemask_epi8 (_mm_or_si128 (_mm_andnot_si128
            (_mm_cmpeq_epi8 (next, zero), _mm_cmpeq_epi8 (here, ff)),
            _mm_and_si128 (_mm_cmpeq_epi8 (here, png0), _mm_cmpeq_epi8 (next,
                    png1))));

    while (mask) {
      guint i = __builtin_ctz (mask);

      if (is_scan_end (d, p + i, n))
        return p + i;
      mask &= mask - 1;
    }
  }
#endif
  for (; p + 1 < n; p++)
    if ((d[p] == 0xff || d[p] == 0x89) && is_scan_end (d, p, n))
      return p;
  return n - 1;
}

/* TRUE when d[@from, @to) holds an image signature: FF D8 FF or PNG's. */
gboolean
gst_im_framer_holds_signature (const guint8 * d, gsize from, gsize to)
{
  gsize i;

  for (i = from; i + 3 <= to; i++)
    if ((d[i] == 0xff && d[i + 1] == 0xd8 && d[i + 2] == 0xff) ||
        (d[i] == 0x89 && i + PNG_SIG_LEN <= to &&
            memcmp (d + i, png_signature, PNG_SIG_LEN) == 0))
      return TRUE;
  return FALSE;
}

/* TRUE for the SOFn markers: C0-CF but DHT, JPG and DAC. */
static inline gboolean
is_sof (guint8 m)
{
  return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

/* TRUE when the frame of SOF @m has one scan per component at most
 * (sequential and lossless); progressive and hierarchical take any number. */
static inline gboolean
is_single_pass_sof (guint8 m)
{
  return m == 0xc0 || m == 0xc1 || m == 0xc3 || m == 0xc9 || m == 0xcb;
}

/* TRUE when FF @m may start a segment after a scan of @w: a further scan and
 * the tables and misc segments before it (DHT, DAC, DQT, DRI, COM, APPn), in
 * frames that still expect one. */
static inline gboolean
may_follow_scan (const GstImFramerWalk * w, guint8 m)
{
  if (!w->multi_scan && w->scanned >= w->components)
    return FALSE;
  return m == 0xc4 || m == 0xcc || m == 0xda || m == 0xdb || m == 0xdd ||
      m == 0xfe || (m >= 0xe0 && m <= 0xef);
}

/* TRUE when the @len bytes at @s are whole quantisation tables. */
static gboolean
dqt_valid (const guint8 * s, gsize len)
{
  while (len > 0) {
    gsize size = 1 + 64 * ((s[0] >> 4) + 1);

    if ((s[0] >> 4) > 1 || (s[0] & 0x0f) > 3 || size > len)
      return FALSE;
    s += size;
    len -= size;
  }
  return TRUE;
}

/* TRUE when the @len bytes at @s are whole Huffman tables. */
static gboolean
dht_valid (const guint8 * s, gsize len)
{
  while (len > 0) {
    gsize size = 17;
    guint i;

    if (len < 17 || (s[0] >> 4) > 1 || (s[0] & 0x0f) > 3)
      return FALSE;
    for (i = 1; i <= 16; i++)
      size += s[i];
    if (size - 17 > 256 || size > len)
      return FALSE;
    s += size;
    len -= size;
  }
  return TRUE;
}

typedef enum
{
  SEGMENT_OK,
  SEGMENT_BAD,
  SEGMENT_MORE,                 /* not all of it is gathered yet */
} SegmentCheck;

/* Checks the segment at @p, after a scan of @w (its 4 header bytes are
 * there). Between scans an unstuffed FF followed by an allowed marker code is
 * far more likely corruption than a segment, and a bogus length would skip
 * over the next image: so the segment must have its marker's structure, be
 * followed by a marker, and hold no image signature. The part gathered so
 * far is checked for one at once, and only once: a bogus length must not
 * hold the next image back until the stream ends. */
static SegmentCheck
check_segment_after_scan (GstImFramerWalk * w, const guint8 * d, gsize p, gsize n)
{
  guint8 m = d[p + 1];
  gsize len = (d[p + 2] << 8) | d[p + 3], end = p + 2 + len;
  gsize from = MAX (p + 4, w->checked);

  if (len < 2)
    return SEGMENT_BAD;
  if (m == 0xda) {
    guint ns;

    if (p + 5 > n)
      return SEGMENT_MORE;
    ns = d[p + 4];
    if (ns < 1 || ns > 4 || len != 6 + 2 * ns ||
        (!w->multi_scan && w->scanned + ns > w->components))
      return SEGMENT_BAD;
    return SEGMENT_OK;
  }
  if (end >= n) {
    if (gst_im_framer_holds_signature (d, from, n))
      return SEGMENT_BAD;
    /* a signature may straddle n */
    w->checked = MAX (from, n - MIN (n, PNG_SIG_LEN - 1));
    return SEGMENT_MORE;
  }
  if (d[end] != 0xff || (m == 0xdd && len != 4) ||
      (m == 0xdb && !dqt_valid (d + p + 4, len - 2)) ||
      (m == 0xc4 && !dht_valid (d + p + 4, len - 2)))
    return SEGMENT_BAD;
  if (gst_im_framer_holds_signature (d, from, end + 1))
    return SEGMENT_BAD;
  return SEGMENT_OK;
}

/* Length of the JPEG at @d (which starts with SOI): > 0 when complete,
 * 0 when more data is needed. @w carries the walk from call to call.
 *
 * Before the first scan, segments are skipped by their length (an EXIF
 * thumbnail inside APP1 holds a whole JPEG). From the first scan on only
 * what a JPEG may hold there is honoured: RSTn, stuffed zeros and fill bytes
 * in the entropy-coded data, EOI, and for frames that expect more scans the
 * segments before a scan (checked, see check_segment_after_scan()). Any
 * other marker makes the image corrupt: then nothing but EOI or an SOI
 * followed by a marker (FF D8 FF) ends it, so that the image after it is cut
 * intact and the corrupt one goes to the decoder, which reports it. A PNG
 * signature in entropy data ends a JPEG too. */
static gsize
jpeg_length (const guint8 * d, gsize n, GstImFramerWalk * w)
{
  gsize p = MAX (w->pos, 2);

  while (p + 1 < n) {
    SegmentCheck check = SEGMENT_OK;
    guint8 m;

    if (w->in_entropy || w->corrupt) {
      p = find_marker (d, p, n);
      if (d[p] == 0x89 && is_png_start (d, p, n)) {
        if (p + PNG_SIG_LEN > n)
          break;
        w->pos = p;             /* a PNG starts: cut before it */
        return p;
      }
      if (p + 1 >= n)
        break;
      w->in_entropy = FALSE;
    }
    if (d[p] != 0xff) {         /* junk between segments: libjpeg skips it */
      p++;
      continue;
    }
    m = d[p + 1];
    if (m == 0xff) {            /* fill byte */
      p++;
      continue;
    }
    if (m == 0xd9)              /* EOI */
      return p + 2;
    if (m == 0xd8) {
      if (p + 2 >= n)
        break;
      if (d[p + 2] == 0xff) {   /* SOI: a new image starts, cut before it */
        w->pos = p;
        return p;
      }
      w->corrupt = TRUE;
    }
    if (w->corrupt) {
      p++;                      /* FF, then a code that may start a PNG */
      continue;
    }
    if ((m >= 0xd0 && m <= 0xd7) || m == 0x01 || m == 0x00) {
      p += 2;
      continue;
    }
    if (m < 0xc0 || (w->after_scan && !may_follow_scan (w, m))) {
      w->corrupt = TRUE;        /* reserved, or not allowed after a scan */
      p++;
      continue;
    }
    if (p + 4 > n)
      break;
    if (w->after_scan)
      check = check_segment_after_scan (w, d, p, n);
    if (check == SEGMENT_MORE || (is_sof (m) && p + 10 > n) ||
        (m == 0xda && p + 5 > n))
      break;
    w->checked = 0;
    if (check == SEGMENT_BAD) {
      w->corrupt = TRUE;
      p++;
      continue;
    }
    if (is_sof (m)) {
      w->components = d[p + 9];
      w->multi_scan = !is_single_pass_sof (m);
    } else if (m == 0xda) {     /* SOS: entropy data follows its header */
      w->scanned += d[p + 4];
      w->in_entropy = w->after_scan = TRUE;
    }
    p += 2 + ((d[p + 2] << 8) | d[p + 3]);
  }
  w->pos = p;
  return 0;
}

/* byte by byte: GST_READ_UINT32_BE does unaligned loads, which UBSan flags */
static inline guint32
read_be32 (const guint8 * p)
{
  return ((guint32) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/* Length of the PNG at @d: > 0 when complete, 0 when more is needed. */
static gsize
png_length (const guint8 * d, gsize n, GstImFramerWalk * w)
{
  gsize p = MAX (w->pos, PNG_SIG_LEN);

  while (p + 8 <= n) {
    guint32 len = read_be32 (d + p);

    if (len > G_MAXINT32)       /* corrupt: hand over what we have */
      return n;
    if (memcmp (d + p + 4, "IEND", 4) == 0) {
      if (p + 12 + len > n)
        break;
      return p + 12 + len;
    }
    p += 12 + (gsize) len;
  }
  w->pos = p;
  return 0;
}

/**
 * gst_im_framer_image_length:
 * @codec: the codec of the image at @d
 * @d: (array length=n): the bytes gathered, from the image's signature on
 * @n: how many
 * @w: the walk so far; zeroed for a new image
 *
 * Returns: the length of the image when it is complete within @n bytes
 *   (or, for a broken JPEG, where the next image starts), else 0: then @w
 *   records where to resume once more bytes are there
 */
gsize
gst_im_framer_image_length (GstImCodec codec, const guint8 * d, gsize n,
    GstImFramerWalk * w)
{
  if (codec == GST_IM_CODEC_JPEG)
    return jpeg_length (d, n, w);
  return png_length (d, n, w);
}
