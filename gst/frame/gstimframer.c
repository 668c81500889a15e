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
 * file), and an SOI marker inside a JPEG does too (FF D8 cannot occur in
 * entropy-coded data). Bytes before a signature are returned as an error.
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
#define SIG_MAX 8

typedef struct
{
  GstBuffer *buffer;
  GError *error;
} Frame;

struct _GstImFramer
{
  GByteArray *data;             /* gathered bytes not yet cut */
  GstBuffer *first;             /* the input the gathered bytes started in */
  guint64 offset;               /* stream offset of data[0] */
  gsize scan_pos;               /* where the scan resumes */
  gboolean in_entropy;          /* JPEG scan is inside entropy-coded data */
  GQueue ready;                 /* of Frame */
  gboolean parsed;              /* upstream promises one image per buffer */
};

GstImFramer *
gst_im_framer_new (void)
{
  GstImFramer *framer = g_new0 (GstImFramer, 1);

  framer->data = g_byte_array_new ();
  g_queue_init (&framer->ready);
  return framer;
}

static void
frame_free (Frame * frame)
{
  gst_clear_buffer (&frame->buffer);
  g_clear_error (&frame->error);
  g_free (frame);
}

void
gst_im_framer_clear (GstImFramer * framer)
{
  g_byte_array_set_size (framer->data, 0);
  gst_clear_buffer (&framer->first);
  framer->offset = 0;
  framer->scan_pos = 0;
  framer->in_entropy = FALSE;
  g_queue_clear_full (&framer->ready, (GDestroyNotify) frame_free);
}

void
gst_im_framer_free (GstImFramer * framer)
{
  gst_im_framer_clear (framer);
  g_byte_array_unref (framer->data);
  g_free (framer);
}

/* TRUE when FF @m inside entropy-coded data is not a marker: a stuffed
 * zero, a restart marker, or a fill byte. */
static inline gboolean
is_entropy_escape (guint8 m)
{
  return m == 0x00 || (m >= 0xd0 && m <= 0xd7) || m == 0xff;
}

/* The first p in [@p, @n - 1) where d[p] = FF starts a marker, or n - 1.
 * This scan is the framer's whole cost on one-image buffers: SSE2 drops the
 * FF 00 pairs 16 bytes at a time, as most FFs in a scan are stuffed. */
static gsize
find_marker (const guint8 * d, gsize p, gsize n)
{
#ifdef __SSE2__
  const __m128i ff = _mm_set1_epi8 ((gchar) 0xff), zero = _mm_setzero_si128 ();

  for (; p + 17 <= n; p += 16) {
    __m128i here = _mm_loadu_si128 ((const __m128i *) (d + p));
    __m128i next = _mm_loadu_si128 ((const __m128i *) (d + p + 1));
    guint mask = _mm_movemask_epi8 (_mm_andnot_si128 (_mm_cmpeq_epi8 (next,
                zero), _mm_cmpeq_epi8 (here, ff)));

    while (mask) {
      guint i = __builtin_ctz (mask);

      if (!is_entropy_escape (d[p + i + 1]))
        return p + i;
      mask &= mask - 1;
    }
  }
#endif
  for (; p + 1 < n; p++)
    if (d[p] == 0xff && !is_entropy_escape (d[p + 1]))
      return p;
  return n - 1;
}

/* Length of the JPEG at @d (which starts with SOI): > 0 when complete,
 * 0 when more data is needed. *pos and *in_entropy carry the scan state. */
static gsize
jpeg_length (const guint8 * d, gsize n, gsize * pos, gboolean * in_entropy)
{
  gsize p = MAX (*pos, 2);

  while (p + 1 < n) {
    guint8 m;

    if (*in_entropy) {
      p = find_marker (d, p, n);
      if (p + 1 >= n)
        break;
      *in_entropy = FALSE;
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
    if (m == 0xd8) {            /* SOI: a new image starts, cut before it */
      *pos = p;
      return p;
    }
    if ((m >= 0xd0 && m <= 0xd7) || m == 0x01 || m == 0x00) {
      p += 2;
      continue;
    }
    if (p + 4 > n)
      break;
    p += 2 + ((d[p + 2] << 8) | d[p + 3]);
    if (m == 0xda)              /* SOS: entropy data follows its header */
      *in_entropy = TRUE;
  }
  *pos = p;
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
png_length (const guint8 * d, gsize n, gsize * pos)
{
  gsize p = MAX (*pos, PNG_SIG_LEN);

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
  *pos = p;
  return 0;
}

static gsize
image_length (GstImCodec codec, const guint8 * d, gsize n, gsize * pos,
    gboolean * in_entropy)
{
  if (codec == GST_IM_CODEC_JPEG)
    return jpeg_length (d, n, pos, in_entropy);
  return png_length (d, n, pos);
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

static void
emit (GstImFramer * framer, gsize len, GError * error)
{
  Frame *frame = g_new0 (Frame, 1);

  frame->buffer = gst_buffer_new_memdup (framer->data->data, len);
  if (framer->first)
    gst_buffer_copy_into (frame->buffer, framer->first,
        GST_BUFFER_COPY_METADATA, 0, -1);
  GST_BUFFER_OFFSET (frame->buffer) = framer->offset;
  GST_BUFFER_OFFSET_END (frame->buffer) = framer->offset + len;
  frame->error = error;
  g_queue_push_tail (&framer->ready, frame);

  g_byte_array_remove_range (framer->data, 0, len);
  framer->offset += len;
  framer->scan_pos = 0;
  framer->in_entropy = FALSE;
  /* later frames carry no timestamp of their own */
  gst_clear_buffer (&framer->first);
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
  while (framer->data->len > 0) {
    const guint8 *d = framer->data->data;
    gsize n = framer->data->len, len;
    GstImCodec codec = gst_im_codec_sniff (d, n);

    if (codec == GST_IM_CODEC_UNKNOWN) {
      gssize sig = find_signature (d, n);

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
    len = image_length (codec, d, n, &framer->scan_pos, &framer->in_entropy);
    if (len == 0 && at_end)
      len = n;                  /* truncated: the decoder will say so */
    if (len == 0)
      return;
    emit (framer, len, NULL);
  }
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

  /* a parser upstream already framed the images: trust it, bad buffers
   * included, so each is reported as it came */
  if (framer->parsed) {
    if (framer->data->len > 0)
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
  if (framer->data->len == 0 && starts_image) {
    GstImCodec codec = gst_im_codec_sniff (map.data, map.size);
    gsize pos = 0, len;
    gboolean in_entropy = FALSE;

    len = image_length (codec, map.data, map.size, &pos, &in_entropy);
    if (len == map.size) {
      gst_buffer_unmap (buffer, &map);
      queue_as_is (framer, buffer);
      return;
    }
  }

  /* an image signature at a buffer start ends whatever was gathered */
  if (framer->data->len > 0 && starts_image)
    cut (framer, TRUE);
  if (framer->data->len == 0) {
    framer->offset = GST_BUFFER_OFFSET_IS_VALID (buffer) ?
        GST_BUFFER_OFFSET (buffer) : framer->offset;
    gst_buffer_replace (&framer->first, buffer);
  }
  g_byte_array_append (framer->data, map.data, map.size);
  gst_buffer_unmap (buffer, &map);
  gst_buffer_unref (buffer);
  cut (framer, FALSE);
}

/**
 * gst_im_framer_drain:
 * @framer: a framer
 *
 * At the end of the stream: whatever bytes are left become a last frame (an
 * error if they are not an image; a truncated image otherwise).
 */
void
gst_im_framer_drain (GstImFramer * framer)
{
  cut (framer, TRUE);
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
