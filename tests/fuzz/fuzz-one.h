/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * One fuzz input through the framer and through GstImDecoder, with the
 * checks that hold for any input. Shared by the seeded mutation test
 * (mutate.c) and the libFuzzer targets; static, as each includes it once.
 */
#ifndef __IM_FUZZ_ONE_H__
#define __IM_FUZZ_ONE_H__

#include <string.h>
#include <gst/gst.h>
#include <gst/imagemill/imagemill.h>

/* Decodes only images of at most this many pixels, as max-pixels would: a
 * mutated header may claim gigapixels. */
#define IM_FUZZ_MAX_PIXELS (1 << 22)

/* the libFuzzer entry points */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 * data, gsize size);

/* Aborts with @what when @cond is false: the libFuzzer targets have no
 * gst-check to report through. */
#define IM_FUZZ_CHECK(cond, ...) G_STMT_START {                 \
    if (G_UNLIKELY (!(cond)))                                   \
      g_error ("fuzz check failed: " __VA_ARGS__);              \
  } G_STMT_END

/* TRUE when @buf holds an MPF index's APP2 signature. */
static G_GNUC_UNUSED gboolean
im_fuzz_holds_mpf (GstBuffer * buf)
{
  GstMapInfo map;
  gboolean found = FALSE;
  gsize i;

  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return FALSE;
  for (i = 0; !found && i + 4 <= map.size; i++)
    found = memcmp (map.data + i, "MPF", 4) == 0;
  gst_buffer_unmap (buf, &map);
  return found;
}

/* Pushes @data into @framer in pieces whose sizes come from @seed, then
 * drains it. Every frame must be the bytes of @data at its offset, frames
 * must follow each other in order, and without a limit (@max_bytes 0) they
 * must cover @data exactly; with one, only dropped bytes may be missing and
 * only after an error. Secondary images (MPF) are framed under
 * @secondary EMIT, numbered 1, 2, ... after their primary, each a JPEG;
 * under DROP they may be missing, but only right after a frame that holds
 * an MPF index. Returns the number of frames. */
static G_GNUC_UNUSED guint
im_fuzz_framer (GstImFramer * framer, const guint8 * data, gsize size,
    guint32 seed, guint64 max_bytes, GstImSecondaryImages secondary)
{
  GstBuffer *buf;
  GError *err = NULL;
  gsize pos = 0, next = 0;
  guint n = 0, image, last_image = 0;
  gboolean after_error = FALSE, after_mpf = FALSE;

  gst_im_framer_clear (framer);
  gst_im_framer_set_max_bytes (framer, max_bytes);
  gst_im_framer_set_secondary_images (framer, secondary);
  while (pos < size) {
    gsize piece;

    /* a xorshift step: pieces of 1..4096 bytes, sometimes all at once */
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    piece = (seed & 7) == 0 ? size - pos : 1 + (seed >> 8) % 4096;
    piece = MIN (piece, size - pos);
    buf = gst_buffer_new_memdup (data + pos, piece);
    GST_BUFFER_OFFSET (buf) = pos;
    gst_im_framer_push (framer, buf);
    pos += piece;
  }
  gst_im_framer_drain (framer);

  while ((buf = gst_im_framer_pop (framer, &err))) {
    guint64 off = GST_BUFFER_OFFSET (buf);
    gsize len = gst_buffer_get_size (buf);

    IM_FUZZ_CHECK (off == next || ((after_error || after_mpf) && off > next),
        "frame %u at %" G_GUINT64_FORMAT ", expected %" G_GSIZE_FORMAT, n,
        off, next);
    IM_FUZZ_CHECK (off + len <= size, "frame %u past the end", n);
    IM_FUZZ_CHECK (gst_buffer_memcmp (buf, 0, data + off, len) == 0,
        "frame %u is not the bytes at its offset", n);
    /* a secondary image: a JPEG, numbered on from the image before it
     * (junk between them, framed as an error, in between) */
    gst_im_source_meta_get_image (buf, &image);
    IM_FUZZ_CHECK (image == 0 || (secondary == GST_IM_SECONDARY_IMAGES_EMIT
            && image == last_image + 1 && len >= 3 && data[off] == 0xff
            && data[off + 1] == 0xd8 && data[off + 2] == 0xff),
        "frame %u is image %u after image %u", n, image, last_image);
    last_image = err ? last_image : image;
    after_mpf = secondary == GST_IM_SECONDARY_IMAGES_DROP &&
        im_fuzz_holds_mpf (buf);
    IM_FUZZ_CHECK (err == NULL || err->message[0] != '\0', "empty error");
    /* an image dropped for its size comes back empty; the stream resumes
     * at the next signature */
    after_error = after_error || (err != NULL && len == 0);
    IM_FUZZ_CHECK (len > 0 || err != NULL, "empty frame %u", n);
    next = off + (len ? len : GST_BUFFER_OFFSET_END (buf) - off);
    g_clear_error (&err);
    gst_buffer_unref (buf);
    n++;
  }
  IM_FUZZ_CHECK (next == size || (max_bytes && after_error) || after_mpf,
      "frames end at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, next, size);
  return n;
}

/* Reads the header of @data and, when it is small enough, decodes it into
 * @format at @scale/8 with @flags. Returns TRUE when it decoded; FALSE with @error set
 * (a clean error) otherwise. */
static G_GNUC_UNUSED gboolean
im_fuzz_decode (GstImDecoder * dec, const guint8 * data, gsize size,
    GstVideoFormat format, guint scale, GstImDecodeFlags flags,
    GError ** error)
{
  GstImImageHeader header;
  guint w, h;
  gsize stride;
  guint8 *dst;
  gboolean ok;
  GBytes *icc, *exif, *xmp;

  /* the profile reader walks the same hostile markers and chunks */
  icc = gst_im_decoder_read_icc_profile (data, size);
  /* bounded: a JPEG's chunks are in the file, a PNG's inflate within
   * spng's chunk cache (64 MiB) */
  IM_FUZZ_CHECK (icc == NULL || g_bytes_get_size (icc) <= MAX (size,
          64 << 20), "a profile of %" G_GSIZE_FORMAT " bytes",
      g_bytes_get_size (icc));
  if (icc)
    g_bytes_unref (icc);
  /* and the EXIF walk: what it keeps parses, so turning it upright
   * stays inside it */
  gst_im_decoder_read_metadata (data, size, &exif, &xmp);
  if (exif) {
    GBytes *up = gst_im_exif_upright (exif);

    IM_FUZZ_CHECK (g_bytes_get_size (up) == g_bytes_get_size (exif),
        "upright EXIF of another size");
    g_bytes_unref (up);
    g_bytes_unref (exif);
  }
  if (xmp)
    g_bytes_unref (xmp);
  if (!gst_im_decoder_read_header (dec, data, size, &header, error))
    return FALSE;
  IM_FUZZ_CHECK (header.width > 0 && header.height > 0, "empty header");
  IM_FUZZ_CHECK (header.orientation >= 1 && header.orientation <= 8,
      "orientation %u", header.orientation);
  if ((guint64) header.width * header.height > IM_FUZZ_MAX_PIXELS) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "%ux%u: more pixels than the fuzz limit", header.width,
        header.height);
    return FALSE;
  }
  if (header.codec != GST_IM_CODEC_JPEG)
    scale = 8;
  gst_im_decoder_scaled_size (&header, scale, &w, &h);
  /* 4 bytes of slack per row: nothing may be written there */
  stride = (gsize) w * 4 + 4;
  dst = g_malloc (stride * h);
  memset (dst, 0xa5, stride * h);
  ok = gst_im_decoder_decode (dec, data, size, &header, scale, format, dst,
      (gint) stride, flags, error);
  IM_FUZZ_CHECK (ok || (*error && (*error)->message[0]), "failed silently");
  if (ok) {
    guint y;

    /* at most 4 bytes a pixel: the last byte of each row is slack */
    for (y = 0; y < h; y++)
      IM_FUZZ_CHECK (dst[y * stride + stride - 1] == 0xa5,
          "row %u written past its pixels", y);
  }
  g_free (dst);
  return ok;
}

#endif /* __IM_FUZZ_ONE_H__ */
