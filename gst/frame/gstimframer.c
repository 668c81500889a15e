/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Image framing: find where a JPEG or PNG ends by walking its structure
 * (JPEG markers and entropy-coded data, PNG chunks), never by trusting a
 * size from outside. Scans resume where they stopped, so gathering a large
 * file block by block costs one pass over it.
 *
 * With "parsed=true" in the caps (jpegparse, pngparse), a parser upstream
 * has framed the images already: every buffer passes as it came, broken
 * ones included, so that each is reported as the input it was.
 *
 * Resynchronisation rules, for broken streams: a buffer that starts with an
 * image signature starts a new image (multifilesrc delivering a truncated
 * file), and an SOI followed by a marker (FF D8 FF) inside a JPEG does too:
 * FF D8 cannot occur in entropy-coded data, where every FF is stuffed. Inside
 * a scan only the markers a JPEG may hold there are honoured; any other one
 * (corrupt data) makes the walk stop trusting segment lengths, so that a
 * bogus length cannot glue the next image onto a broken one. Bytes before a
 * signature are returned as an error.
 *
 * Bounded: an image of a byte stream may take at most max-bytes (see
 * gst_im_framer_set_max_bytes()); one that does not end by then is reported
 * as soon as it passes, its bytes freed, and the stream skipped to the next
 * signature. Cut images leave the gathered bytes by moving a cursor, so a
 * buffer of many small images is cut in one pass.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <gst/imagemill/gstimframer.h>
#include <gst/imagemill/gstimdecoder.h>

#define PNG_SIG_LEN 8
/* metadata one image may carry beside its pixels: ICC profiles, EXIF, XMP */
#define IMAGE_BYTES_SLACK (32 * 1024 * 1024)
#define SIG_MAX 8
/* A large input buffer is gathered in pieces of at most this many bytes, so
 * that an image passing the limit is stopped within one piece of it. */
#define PIECE_MAX (4 * 1024 * 1024)

typedef struct
{
  GstBuffer *buffer;
  GError *error;
} Frame;

/* Where the walk through the image being gathered stands, kept between
 * pushes so that it resumes where it stopped. */
typedef struct
{
  gsize pos;                    /* where it resumes, from the image start */
  gboolean in_entropy;          /* JPEG: inside entropy-coded data */
  gboolean after_scan;          /* JPEG: a scan has begun */
  gboolean corrupt;             /* JPEG: an invalid marker was seen */
  gboolean multi_scan;          /* JPEG: the frame takes any number of scans */
  guint components;             /* JPEG: in the frame header */
  guint scanned;                /* JPEG: in the scan headers so far */
  gsize checked;                /* JPEG: the segment at pos, waiting for its
                                 * end, holds no signature before this */
} Walk;

struct _GstImFramer
{
  /* gathered bytes: buf[start, len) are not cut yet; [0, start) are, and
   * are dropped only when they outweigh the rest, so cutting many images
   * out of one buffer costs one pass */
  guint8 *buf;
  gsize start, len, alloc;
  GstBuffer *first;             /* the input the gathered bytes started in */
  guint64 offset;               /* stream offset of buf[start] */
  Walk walk;                    /* through the image at buf[start] */
  gboolean discarding;          /* dropping an image that passed max_bytes */
  GQueue ready;                 /* of Frame */
  gboolean parsed;              /* upstream promises one image per buffer */

  GMutex lock;                  /* max_bytes is set from any thread */
  guint64 max_bytes;
};

GstImFramer *
gst_im_framer_new (void)
{
  GstImFramer *framer = g_new0 (GstImFramer, 1);

  g_queue_init (&framer->ready);
  g_mutex_init (&framer->lock);
  framer->max_bytes = GST_IM_FRAMER_DEFAULT_MAX_BYTES;
  return framer;
}

static void
frame_free (Frame * frame)
{
  gst_clear_buffer (&frame->buffer);
  g_clear_error (&frame->error);
  g_free (frame);
}

/* Forgets the gathered bytes and gives their memory back. */
static void
release (GstImFramer * framer)
{
  g_clear_pointer (&framer->buf, g_free);
  framer->start = framer->len = framer->alloc = 0;
  memset (&framer->walk, 0, sizeof (framer->walk));
}

void
gst_im_framer_clear (GstImFramer * framer)
{
  release (framer);
  gst_clear_buffer (&framer->first);
  framer->offset = 0;
  framer->discarding = FALSE;
  g_queue_clear_full (&framer->ready, (GDestroyNotify) frame_free);
}

void
gst_im_framer_free (GstImFramer * framer)
{
  gst_im_framer_clear (framer);
  g_mutex_clear (&framer->lock);
  g_free (framer);
}

/**
 * gst_im_framer_set_max_bytes:
 * @framer: a framer
 * @max_bytes: the most bytes one image may take, 0 for
 *   %GST_IM_FRAMER_DEFAULT_MAX_BYTES
 *
 * Bounds the memory spent on one image of a byte stream: once more than
 * @max_bytes are gathered without the image ending, they are dropped, an
 * error frame naming the stream offset is queued, and the bytes up to the
 * next image signature are skipped. Buffers that hold exactly one image pass
 * without a copy and are not limited here (the decoder checks their size).
 * May be called from any thread; applies from the next push on.
 */
void
gst_im_framer_set_max_bytes (GstImFramer * framer, guint64 max_bytes)
{
  g_mutex_lock (&framer->lock);
  framer->max_bytes = max_bytes ? max_bytes : GST_IM_FRAMER_DEFAULT_MAX_BYTES;
  g_mutex_unlock (&framer->lock);
}

/**
 * gst_im_framer_max_bytes_for_pixels:
 * @max_pixels: an element's max-pixels limit, 0 for none
 *
 * The bound on the bytes of one image of a byte stream that goes with a
 * max-pixels limit, for gst_im_framer_set_max_bytes(): @max_pixels x 8
 * (16-bit RGBA stored uncompressed, or a JPEG twice its raw 4-byte size)
 * plus 32 MiB of metadata (ICC profiles, EXIF, XMP).
 *
 * Returns: the bytes; 0 (the framer's default) when @max_pixels is 0,
 *   %G_MAXUINT64 when the bound does not fit in 64 bits
 */
guint64
gst_im_framer_max_bytes_for_pixels (guint64 max_pixels)
{
  if (max_pixels == 0)
    return 0;
  if (max_pixels > (G_MAXUINT64 - IMAGE_BYTES_SLACK) / 8)
    return G_MAXUINT64;
  return max_pixels * 8 + IMAGE_BYTES_SLACK;
}

static inline gsize
live_size (GstImFramer * framer)
{
  return framer->len - framer->start;
}

/* Appends @size bytes, moving the uncut bytes to the front first when the
 * cut ones outweigh them (so each byte moves O(1) times on average).
 * Returns FALSE when the memory cannot be had. */
static gboolean
gather (GstImFramer * framer, const guint8 * data, gsize size)
{
  gsize live = live_size (framer);

  if (size == 0)
    return TRUE;
  if (framer->start > 0 && framer->start >= live) {
    memmove (framer->buf, framer->buf + framer->start, live);
    framer->start = 0;
    framer->len = live;
  }
  if (size > framer->alloc - framer->len) {
    gsize need, alloc;
    guint8 *buf;

    if (!g_size_checked_add (&need, framer->len, size))
      return FALSE;
    alloc = MAX (need, MIN (framer->alloc, G_MAXSIZE / 2) * 2);
    buf = g_try_realloc (framer->buf, alloc);
    if (buf == NULL)
      return FALSE;
    framer->buf = buf;
    framer->alloc = alloc;
  }
  memcpy (framer->buf + framer->len, data, size);
  framer->len += size;
  return TRUE;
}

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
static gboolean
holds_signature (const guint8 * d, gsize from, gsize to)
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
may_follow_scan (const Walk * w, guint8 m)
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
check_segment_after_scan (Walk * w, const guint8 * d, gsize p, gsize n)
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
    if (holds_signature (d, from, n))
      return SEGMENT_BAD;
    /* a signature may straddle n */
    w->checked = MAX (from, n - MIN (n, PNG_SIG_LEN - 1));
    return SEGMENT_MORE;
  }
  if (d[end] != 0xff || (m == 0xdd && len != 4) ||
      (m == 0xdb && !dqt_valid (d + p + 4, len - 2)) ||
      (m == 0xc4 && !dht_valid (d + p + 4, len - 2)))
    return SEGMENT_BAD;
  if (holds_signature (d, from, end + 1))
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
jpeg_length (const guint8 * d, gsize n, Walk * w)
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
png_length (const guint8 * d, gsize n, Walk * w)
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

static gsize
image_length (GstImCodec codec, const guint8 * d, gsize n, Walk * w)
{
  if (codec == GST_IM_CODEC_JPEG)
    return jpeg_length (d, n, w);
  return png_length (d, n, w);
}

/* Offset of the first image signature in @d, or -1. */
static gssize
find_signature (const guint8 * d, gsize n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if ((d[i] == 0xff || d[i] == 0x89) && gst_im_codec_sniff (d + i, n - i))
      return i;
  return -1;
}

/* Queues a frame of @buffer with the metadata of the input the gathered
 * bytes started in, at stream offset framer->offset. */
static void
queue_frame (GstImFramer * framer, GstBuffer * buffer, gsize len,
    GError * error)
{
  Frame *frame = g_new0 (Frame, 1);

  if (framer->first)
    gst_buffer_copy_into (buffer, framer->first, GST_BUFFER_COPY_METADATA, 0,
        -1);
  GST_BUFFER_OFFSET (buffer) = framer->offset;
  GST_BUFFER_OFFSET_END (buffer) = framer->offset + len;
  frame->buffer = buffer;
  frame->error = error;
  g_queue_push_tail (&framer->ready, frame);
  /* later frames carry no timestamp of their own */
  gst_clear_buffer (&framer->first);
}

/* Moves the cursor past @len uncut bytes. */
static void
skip (GstImFramer * framer, gsize len)
{
  framer->start += len;
  framer->offset += len;
  memset (&framer->walk, 0, sizeof (framer->walk));
}

static void
emit (GstImFramer * framer, gsize len, GError * error)
{
  guint8 *copy = len > 0 ? g_try_malloc (len) : NULL;
  GstBuffer *buffer;

  if (copy == NULL && len > 0) {
    g_clear_error (&error);
    error = g_error_new (GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "could not allocate %" G_GSIZE_FORMAT " bytes for the image at "
        "stream offset %" G_GUINT64_FORMAT, len, framer->offset);
    buffer = gst_buffer_new ();
  } else {
    memcpy (copy, framer->buf + framer->start, len);
    buffer = gst_buffer_new_wrapped (copy, len);
  }
  queue_frame (framer, buffer, len, error);
  skip (framer, len);
}

/* The image being gathered passed max_bytes (or its memory could not be
 * had): report it without its bytes, free them, and drop what follows up to
 * the next image signature. */
static void
drop_image (GstImFramer * framer, guint64 max_bytes, gsize wanted)
{
  gsize live = live_size (framer);
  GError *error;

  if (wanted > 0)
    error = g_error_new (GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "could not allocate %" G_GSIZE_FORMAT " bytes to gather the image at "
        "stream offset %" G_GUINT64_FORMAT, wanted, framer->offset);
  else
    error = g_error_new (GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "image at stream offset %" G_GUINT64_FORMAT " does not end within %"
        G_GUINT64_FORMAT " bytes, the most one image may take in a byte "
        "stream; dropped up to the next image", framer->offset, max_bytes);
  queue_frame (framer, gst_buffer_new (), live, error);
  framer->offset += live;
  release (framer);
  framer->discarding = TRUE;
}

static GError *
not_an_image (gsize len)
{
  return g_error_new (GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE,
      "%" G_GSIZE_FORMAT " bytes that are not a JPEG or PNG image", len);
}

/* Cuts every complete image out of the gathered bytes. */
static void
cut (GstImFramer * framer, gboolean at_end)
{
  gsize n;

  while ((n = live_size (framer)) > 0) {
    const guint8 *d = framer->buf + framer->start;
    GstImCodec codec = gst_im_codec_sniff (d, n);
    gssize sig;
    gsize len;

    if (codec == GST_IM_CODEC_UNKNOWN) {
      sig = find_signature (d, n);
      if (framer->discarding) {
        /* the rest of an image already reported: drop it silently, but a
         * tail that may be the start of a split signature */
        if (sig < 0 && at_end) {
          skip (framer, n);
          continue;
        }
        if (sig < 0) {
          if (n >= SIG_MAX)
            skip (framer, n - (SIG_MAX - 1));
          return;
        }
        skip (framer, sig);
        framer->discarding = FALSE;
        continue;
      }
      if (sig < 0 && !at_end) {
        /* keep a tail that may be the start of a split signature */
        if (n <= SIG_MAX)
          return;
        sig = n - SIG_MAX;
      }
      emit (framer, sig < 0 ? n : (gsize) sig, not_an_image (sig < 0 ? n :
              (gsize) sig));
      continue;
    }
    framer->discarding = FALSE;
    len = image_length (codec, d, n, &framer->walk);
    if (len == 0 && at_end)
      len = n;                  /* truncated: the decoder will say so */
    if (len == 0)
      return;
    emit (framer, len, NULL);
  }
  if (framer->start == framer->len)
    framer->start = framer->len = 0;
}

/**
 * gst_im_framer_set_caps:
 * @framer: a framer
 * @caps: the sink caps
 *
 * Takes what framing needs from the caps: with "parsed=true", upstream
 * frames the images itself and each buffer is passed on as it came.
 */
void
gst_im_framer_set_caps (GstImFramer * framer, const GstCaps * caps)
{
  GstStructure *s = gst_caps_get_structure (caps, 0);
  gboolean parsed = FALSE;

  gst_structure_get_boolean (s, "parsed", &parsed);
  framer->parsed = parsed;
}

static void
queue_as_is (GstImFramer * framer, GstBuffer * buffer)
{
  Frame *frame = g_new0 (Frame, 1);

  frame->buffer = buffer;
  g_queue_push_tail (&framer->ready, frame);
}

/* Gathers @size bytes piece by piece, cutting images as they complete, and
 * drops the image being gathered as soon as it passes @max_bytes. */
static void
gather_and_cut (GstImFramer * framer, const guint8 * data, gsize size,
    guint64 max_bytes)
{
  gsize pos, piece;

  for (pos = 0; pos < size; pos += piece) {
    piece = MIN (size - pos, PIECE_MAX);
    if (!gather (framer, data + pos, piece)) {
      drop_image (framer, max_bytes, live_size (framer) + piece);
      framer->offset += piece;  /* out of memory: not even scanned */
      continue;
    }
    cut (framer, FALSE);
    if (live_size (framer) > max_bytes)
      drop_image (framer, max_bytes, 0);
  }
}

/**
 * gst_im_framer_push:
 * @framer: a framer
 * @buffer: (transfer full): the next bytes of the stream
 *
 * Adds bytes; complete images are then available from gst_im_framer_pop().
 */
void
gst_im_framer_push (GstImFramer * framer, GstBuffer * buffer)
{
  GstMapInfo map;
  gboolean starts_image;
  guint64 max_bytes;

  /* a parser upstream already framed the images: trust it, bad buffers
   * included, so each is reported as it came */
  if (framer->parsed) {
    if (live_size (framer) > 0)
      cut (framer, TRUE);
    queue_as_is (framer, buffer);
    return;
  }

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ)) {
    gst_buffer_unref (buffer);
    return;
  }
  starts_image = gst_im_codec_sniff (map.data, map.size) != 0;

  /* fast path: one whole image in one buffer, passed on without a copy */
  if (live_size (framer) == 0 && starts_image) {
    GstImCodec codec = gst_im_codec_sniff (map.data, map.size);
    Walk walk = { 0 };
    gsize len;

    len = image_length (codec, map.data, map.size, &walk);
    if (len == map.size) {
      gst_buffer_unmap (buffer, &map);
      framer->discarding = FALSE;
      queue_as_is (framer, buffer);
      return;
    }
  }

  /* an image signature at a buffer start ends whatever was gathered */
  if (starts_image) {
    if (live_size (framer) > 0)
      cut (framer, TRUE);
    framer->discarding = FALSE;
  }
  if (live_size (framer) == 0) {
    framer->offset = GST_BUFFER_OFFSET_IS_VALID (buffer) ?
        GST_BUFFER_OFFSET (buffer) : framer->offset;
    gst_buffer_replace (&framer->first, buffer);
  }
  g_mutex_lock (&framer->lock);
  max_bytes = framer->max_bytes;
  g_mutex_unlock (&framer->lock);
  gather_and_cut (framer, map.data, map.size, max_bytes);
  gst_buffer_unmap (buffer, &map);
  gst_buffer_unref (buffer);
}

/**
 * gst_im_framer_drain:
 * @framer: a framer
 *
 * At the end of the stream: whatever bytes are left become a last frame (an
 * error if they are not an image; a truncated image otherwise). The rest of
 * an image dropped for its size is dropped silently.
 */
void
gst_im_framer_drain (GstImFramer * framer)
{
  cut (framer, TRUE);
  framer->discarding = FALSE;
}

/**
 * gst_im_framer_pop:
 * @framer: a framer
 * @error: (out) (optional): set when the frame is not an image
 *
 * Returns: (transfer full) (nullable): the next frame, or %NULL when there
 *   is none yet. With @error set, the buffer holds the rejected bytes.
 */
GstBuffer *
gst_im_framer_pop (GstImFramer * framer, GError ** error)
{
  Frame *frame = g_queue_pop_head (&framer->ready);
  GstBuffer *buffer;

  if (frame == NULL)
    return NULL;
  buffer = g_steal_pointer (&frame->buffer);
  if (frame->error)
    g_propagate_error (error, g_steal_pointer (&frame->error));
  frame_free (frame);
  return buffer;
}
