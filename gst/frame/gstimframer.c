/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Image framing: find where a JPEG or PNG ends by walking its structure
 * (gstimframerwalk.c), never by trusting a size from outside.
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
 * Secondary images (gstimframermpf.c): a JPEG whose APP2 holds an MPF
 * index (Ultra HDR gain maps, depth maps, MPO stereo pairs) is followed by
 * the other images of the same file. Where the index checks out against the
 * bytes, they are dropped (GST_IM_SECONDARY_IMAGES_DROP, the default) or
 * framed with their number in the index in the source meta (EMIT), never
 * taken for further files; anything else is framed as if no index were
 * there, so concatenated JPEGs (MJPEG, cat a.jpg b.jpg) stay one frame each.
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
#include <gst/imagemill/gstimframer.h>
#include <gst/imagemill/gstimdecoder.h>
#include "frame/gstimframerwalk.h"
#include "frame/gstimframermpf.h"

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

struct _GstImFramer
{
  /* gathered bytes: buf[start, len) are not cut yet; [0, start) are, and
   * are dropped only when they outweigh the rest, so cutting many images
   * out of one buffer costs one pass */
  guint8 *buf;
  gsize start, len, alloc;
  GstBuffer *first;             /* the input the gathered bytes started in */
  guint64 offset;               /* stream offset of buf[start] */
  GstImFramerWalk walk;         /* through the image at buf[start] */
  gboolean discarding;          /* dropping an image that passed max_bytes */
  GQueue ready;                 /* of Frame */
  gboolean parsed;              /* upstream promises one image per buffer */
  GstImMpfPlan mpf;             /* secondary images still to come */
  guint64 n_frames;             /* queued since the last clear */
  guint64 limit;                /* max_bytes and secondary, as of the */
  gboolean emit_secondary;      /* last push */

  GMutex lock;                  /* the settings are set from any thread */
  guint64 max_bytes;
  GstImSecondaryImages secondary;
};

/**
 * gst_im_framer_new: (skip)
 *
 * Returns: a framer that cuts a byte stream into whole images
 */
GstImFramer *
gst_im_framer_new (void)
{
  GstImFramer *framer = g_new0 (GstImFramer, 1);

  g_queue_init (&framer->ready);
  g_mutex_init (&framer->lock);
  framer->max_bytes = framer->limit = GST_IM_FRAMER_DEFAULT_MAX_BYTES;
  framer->secondary = GST_IM_SECONDARY_IMAGES_DROP;
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
  framer->n_frames = 0;
  gst_im_mpf_plan_clear (&framer->mpf);
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
 * gst_im_framer_set_secondary_images:
 * @framer: a framer
 * @mode: what to do with the secondary images of a JPEG
 *
 * Whether the secondary images an MPF index lists after a JPEG's primary
 * image are dropped (the default) or framed, each marked with its number in
 * the index (#GstImSourceMeta.image; the primary stays 0). Bytes an index
 * does not describe truthfully are framed as usual. Buffers that hold one
 * image each (parsed=true) pass as they came: a decoder takes the primary.
 * May be called from any thread; applies from the next push on.
 *
 * Since: 0.1
 */
void
gst_im_framer_set_secondary_images (GstImFramer * framer,
    GstImSecondaryImages mode)
{
  g_mutex_lock (&framer->lock);
  framer->secondary = mode;
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
  framer->n_frames++;
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
  gst_im_mpf_plan_clear (&framer->mpf);
}

static GError *
not_an_image (gsize len)
{
  return g_error_new (GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE,
      "%" G_GSIZE_FORMAT " bytes that are not a JPEG or PNG image", len);
}

static GstBuffer *
last_queued (GstImFramer * framer)
{
  return ((Frame *) g_queue_peek_tail (&framer->ready))->buffer;
}

/* The next secondary image of the MPF index, if it is whole at the
 * cursor: dropped or framed, as secondary-images says. An index that does
 * not describe the bytes is forgotten: they are framed as usual. */
static GstImMpfCheck
take_secondary (GstImFramer * framer, const guint8 * d, gsize n,
    gboolean at_end)
{
  GstImMpfPlan *plan = &framer->mpf;
  guint64 size = plan->images[plan->next].size;
  gsize gap = 0;
  GstImMpfCheck check;

  check = gst_im_mpf_plan_check (plan, d, n, framer->offset, at_end,
      framer->emit_secondary, &gap);
  if (check == GST_IM_MPF_TAKE && framer->emit_secondary) {
    emit (framer, size, NULL);
    gst_im_mpf_plan_take (plan, last_queued (framer), framer->n_frames - 1);
  } else if (check == GST_IM_MPF_TAKE) {
    skip (framer, gap + size);  /* gap and image: secondary-images=drop */
    gst_im_mpf_plan_take (plan, NULL, 0);
  }
  return check;
}

/* Cuts every complete image out of the gathered bytes. */
static void
cut (GstImFramer * framer, gboolean at_end)
{
  gsize n;

  while ((n = live_size (framer)) > 0) {
    const guint8 *d = framer->buf + framer->start;
    GstImCodec codec;
    gssize sig;
    gsize len;

    if (gst_im_mpf_plan_pending (&framer->mpf)) {
      GstImMpfCheck check = take_secondary (framer, d, n, at_end);

      if (check == GST_IM_MPF_WAIT)
        return;
      if (check == GST_IM_MPF_TAKE)
        continue;
    }
    codec = gst_im_codec_sniff (d, n);
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
    len = gst_im_framer_image_length (codec, d, n, &framer->walk);
    if (len == 0 && at_end) {
      emit (framer, n, NULL);   /* truncated: the decoder will say so */
      continue;
    }
    if (len == 0)
      return;
    if (codec == GST_IM_CODEC_JPEG)
      gst_im_mpf_plan_read (&framer->mpf, d, len, framer->offset,
          framer->limit);
    emit (framer, len, NULL);
    if (gst_im_mpf_plan_pending (&framer->mpf))
      gst_im_mpf_plan_set_source (&framer->mpf, last_queued (framer));
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
  framer->n_frames++;
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
  gboolean starts_image, pending;

  g_mutex_lock (&framer->lock);
  framer->limit = framer->max_bytes;
  framer->emit_secondary = framer->secondary == GST_IM_SECONDARY_IMAGES_EMIT;
  g_mutex_unlock (&framer->lock);

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
  pending = gst_im_mpf_plan_pending (&framer->mpf);

  /* fast path: one whole image in one buffer, passed on without a copy
   * (not while secondary images are expected: this may be one) */
  if (live_size (framer) == 0 && starts_image && !pending) {
    GstImCodec codec = gst_im_codec_sniff (map.data, map.size);
    GstImFramerWalk walk = { 0 };
    guint64 offset = GST_BUFFER_OFFSET_IS_VALID (buffer) ?
        GST_BUFFER_OFFSET (buffer) : framer->offset;
    gsize len;

    len = gst_im_framer_image_length (codec, map.data, map.size, &walk);
    if (len == map.size) {
      if (codec == GST_IM_CODEC_JPEG)
        gst_im_mpf_plan_read (&framer->mpf, map.data, len, offset,
            framer->limit);
      gst_buffer_unmap (buffer, &map);
      framer->discarding = FALSE;
      queue_as_is (framer, buffer);
      if (gst_im_mpf_plan_pending (&framer->mpf)) {
        gst_im_mpf_plan_set_source (&framer->mpf, buffer);
        framer->offset = offset + len;  /* where they are counted from */
      }
      return;
    }
  }

  /* an image signature at a buffer start ends whatever was gathered, but
   * where the next secondary image is expected */
  if (starts_image && !(pending && framer->offset + live_size (framer) ==
          gst_im_mpf_plan_next_start (&framer->mpf))) {
    if (live_size (framer) > 0)
      cut (framer, TRUE);
    framer->discarding = FALSE;
  }
  if (live_size (framer) == 0) {
    /* the secondary images expected are at offsets counted by the framer */
    if (!gst_im_mpf_plan_pending (&framer->mpf))
      framer->offset = GST_BUFFER_OFFSET_IS_VALID (buffer) ?
          GST_BUFFER_OFFSET (buffer) : framer->offset;
    gst_buffer_replace (&framer->first, buffer);
  }
  gather_and_cut (framer, map.data, map.size, framer->limit);
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
  gst_im_mpf_plan_clear (&framer->mpf);
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
