/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* ImageCompression: a real JPEG round trip through libjpeg-turbo at the
 * drawn quality, with what cv2.imencode / cv2.imdecode use by default:
 * 4:2:0 chroma subsampling, quality scaling limited to baseline tables,
 * the accurate integer DCT both ways (TurboJPEG's compressor defaults to
 * the fast one: asked for explicitly) and fancy (triangle) upsampling.
 * albumentations hands its RGB array to cv2.imencode, which takes it for
 * BGR: the codec sees red and blue swapped (so the luma weights 0.299 and
 * 0.114 fall on blue and red). That is matched by naming the channels to
 * TurboJPEG the same swapped way; the round trip restores the order.
 * TurboJPEG handles and the output buffer are kept per thread.
 * compression_type "webp" is libwebp's lossy round trip as OpenCV makes it
 * (WebPEncodeBGR at the quality, WebPDecodeBGRInto), on the whole frame,
 * the channels handed over the same swapped way; grey goes through three
 * equal channels and comes back as OpenCV's BGR2GRAY of the decoded
 * pixels (albumentations decodes it with IMREAD_GRAYSCALE). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <turbojpeg.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include "gstimaugnoise-private.h"

static const gchar *const compression_types[] = { "jpeg", "webp", NULL };

static const GstImAugParamSpec compress_params[] = {
  {.name = "quality_range",.type = GST_IM_AUG_INT_RANGE,.def = "[99, 100]",
      .min = 1,.max = 100},
  {.name = "compression_type",.type = GST_IM_AUG_CHOICE,.def = "\"jpeg\"",
      .choices = compression_types},
};

static const GstImAugApplied compress_applied[] = {
  {"quality", 1},
  {"webp", 1},
};

/* 1.4: quality_lower / quality_upper replace either end of quality_range */
static gboolean
upgrade_compress (JsonObject * o, GError ** error)
{
  JsonNode *lo = json_object_get_member (o, "quality_lower");
  JsonNode *hi = json_object_get_member (o, "quality_upper");
  JsonNode *range = json_object_get_member (o, "quality_range");
  JsonArray *out;

  if ((lo == NULL || JSON_NODE_HOLDS_NULL (lo)) && (hi == NULL
          || JSON_NODE_HOLDS_NULL (hi))) {
    if (lo)
      json_object_remove_member (o, "quality_lower");
    if (hi)
      json_object_remove_member (o, "quality_upper");
    return TRUE;
  }
  out = json_array_new ();
  if (lo && !JSON_NODE_HOLDS_NULL (lo))
    json_array_add_element (out, json_node_copy (lo));
  else if (range && JSON_NODE_HOLDS_ARRAY (range)
      && json_array_get_length (json_node_get_array (range)) == 2)
    json_array_add_element (out, json_node_copy (json_array_get_element
            (json_node_get_array (range), 0)));
  else
    json_array_add_int_element (out, 99);
  if (hi && !JSON_NODE_HOLDS_NULL (hi))
    json_array_add_element (out, json_node_copy (hi));
  else if (range && JSON_NODE_HOLDS_ARRAY (range)
      && json_array_get_length (json_node_get_array (range)) == 2)
    json_array_add_element (out, json_node_copy (json_array_get_element
            (json_node_get_array (range), 1)));
  else
    json_array_add_int_element (out, 100);
  if (lo)
    json_object_remove_member (o, "quality_lower");
  if (hi)
    json_object_remove_member (o, "quality_upper");
  json_object_set_array_member (o, "quality_range", out);
  return TRUE;
}

static void
draw_compress (const gdouble * p, const GstImDrawKey * key,
    GstImAugStep * step)
{
  step->v[0] = gst_im_draw_int (key, 1, p[0], p[1]);
  step->v[1] = p[2];
}

typedef struct
{
  tjhandle enc, dec;
  guchar *buf;
  gulong size;
} Codec;

static void
codec_free (gpointer data)
{
  Codec *c = data;

  if (c->enc)
    tjDestroy (c->enc);
  if (c->dec)
    tjDestroy (c->dec);
  tjFree (c->buf);
  g_free (c);
}

static GPrivate codec_key = G_PRIVATE_INIT (codec_free);

static Codec *
thread_codec (void)
{
  Codec *c = g_private_get (&codec_key);

  if (c == NULL) {
    c = g_new0 (Codec, 1);
    g_private_set (&codec_key, c);
  }
  if (c->enc == NULL)
    c->enc = tjInitCompress ();
  if (c->dec == NULL)
    c->dec = tjInitDecompress ();
  return c->enc && c->dec ? c : NULL;
}

/* TurboJPEG's name for the layout with red and blue swapped; -1: none */
static gint
swapped_format (const GstImAugLayout * l)
{
  gint pf;

  if (l->n_colour == 1)
    return l->bpp == 1 ? TJPF_GRAY : -1;
  for (pf = 0; pf < TJ_NUMPF; pf++)
    if (pf != TJPF_GRAY && pf != TJPF_CMYK && tjPixelSize[pf] == (gint) l->bpp
        && tjRedOffset[pf] == (gint) l->rgb[2]
        && tjGreenOffset[pf] == (gint) l->rgb[1]
        && tjBlueOffset[pf] == (gint) l->rgb[0])
      return pf;
  return -1;
}

typedef struct
{
  const GstImAugPixels *pass;
  gint pf, subsamp;
  gint failed;                  /* atomic */
} CompressJob;

/* Rows [e0, e1) of the source through one round trip into @out (stride
 * @out_stride). */
static gboolean
round_trip (const CompressJob * job, guint e0, guint e1, guint8 * out,
    gint out_stride)
{
  const GstImAugPixels *pass = job->pass;
  Codec *c = thread_codec ();
  gulong bound, size;

  if (c == NULL)
    return FALSE;
  bound = tjBufSize (pass->width, e1 - e0, job->subsamp);
  if (c->size < bound) {
    tjFree (c->buf);
    c->buf = tjAlloc (bound);
    c->size = c->buf ? bound : 0;
  }
  size = c->size;
  return c->buf && tjCompress2 (c->enc, pass->src + (gsize) e0 *
      pass->src_stride, pass->width, pass->src_stride, e1 - e0, job->pf,
      &c->buf, &size, job->subsamp, (gint) CLAMP (pass->step->v[0], 1, 100),
      TJFLAG_NOREALLOC | TJFLAG_ACCURATEDCT) == 0
      && tjDecompress2 (c->dec, c->buf, size, out, pass->width, out_stride,
      e1 - e0, job->pf, TJFLAG_ACCURATEDCT) == 0;
}

/* Bands of 16-row units (the 4:2:0 MCU height): each band is encoded with
 * one unit of context above and below and only its own rows kept. The
 * coefficients of a block do not depend on the other blocks, the edges of
 * the encoded part fall on MCU rows (or are the image's), and the
 * upsampling of a kept row reads chroma at most one MCU row away: the
 * bytes are those of the whole frame's round trip. */
#define UNIT 16

static void
compress_units (guint u0, guint u1, gpointer data)
{
  CompressJob *job = data;
  const GstImAugPixels *pass = job->pass;
  guint bpp = pass->layout->bpp, y0 = u0 * UNIT;
  guint y1 = MIN (u1 * UNIT, pass->height), e0 = u0 ? y0 - UNIT : 0;
  guint e1 = MIN (y1 + UNIT, pass->height), y;
  gsize row = (gsize) pass->width * bpp;
  guint8 *tmp = gst_im_aug_thread_bytes (0, row * (e1 - e0));

  if (!round_trip (job, e0, e1, tmp, row)) {
    g_atomic_int_set (&job->failed, TRUE);
    return;
  }
  for (y = y0; y < y1; y++)
    memcpy (pass->dst + (gsize) y * pass->dst_stride, tmp + row * (y - e0),
        row);
}

static void
copy_image (const GstImAugPixels * pass)
{
  guint y;

  for (y = 0; y < pass->height; y++)
    memcpy (pass->dst + (gsize) y * pass->dst_stride,
        pass->src + (gsize) y * pass->src_stride,
        (gsize) pass->width * pass->layout->bpp);
}

/* The frame packed as the bytes (R, G, B) of OpenCV's view of it, through
 * WebP as BGR and back, unpacked: one round trip of the whole frame. */
static gboolean
webp_round_trip (const GstImAugPixels * pass)
{
  const GstImAugLayout *l = pass->layout;
  guint w = pass->width, h = pass->height, x, y, bpp = l->bpp;
  gsize row = (gsize) w * 3, size;
  guint8 *rgb = gst_im_aug_thread_bytes (0, row * h), *out = NULL, *p;
  const guint8 *s;
  guint8 *d;

  for (y = 0; y < h; y++) {
    s = pass->src + (gsize) y * pass->src_stride;
    p = rgb + row * y;
    for (x = 0; x < w; x++, s += bpp, p += 3) {
      p[0] = s[l->rgb[0]];
      p[1] = s[l->rgb[l->n_colour == 1 ? 0 : 1]];
      p[2] = s[l->rgb[l->n_colour == 1 ? 0 : 2]];
    }
  }
  size = WebPEncodeBGR (rgb, w, h, row, (gfloat) CLAMP (pass->step->v[0], 1,
          100), &out);
  if (size == 0 || WebPDecodeBGRInto (out, size, rgb, row * h, row) == NULL) {
    WebPFree (out);
    return FALSE;
  }
  WebPFree (out);
  for (y = 0; y < h; y++) {
    p = rgb + row * y;
    d = pass->dst + (gsize) y * pass->dst_stride;
    for (x = 0; x < w; x++, p += 3, d += bpp) {
      if (l->n_colour == 1) {
        /* OpenCV's BGR2GRAY of (B, G, R) = (p[0], p[1], p[2]) */
        d[l->rgb[0]] = (p[0] * 1868 + p[1] * 9617 + p[2] * 4899 + 8192) >> 14;
        continue;
      }
      d[l->rgb[0]] = p[0];
      d[l->rgb[1]] = p[1];
      d[l->rgb[2]] = p[2];
    }
  }
  return TRUE;
}

static void
pixels_compress (const GstImAugPixels * pass)
{
  CompressJob job = { pass, swapped_format (pass->layout),
    pass->layout->n_colour == 1 ? TJSAMP_GRAY : TJSAMP_420, FALSE
  };
  guint units = (pass->height + UNIT - 1) / UNIT, workers;

  if (pass->step->v[1] == 1) {
    if (!webp_round_trip (pass)) {
      GST_WARNING ("ImageCompression: the WebP round trip failed; frame "
          "left as it is");
      copy_image (pass);
      return;
    }
    gst_im_aug_copy_alpha (pass, 0, pass->height);
    return;
  }
  if (job.pf < 0) {
    GST_WARNING ("ImageCompression: no TurboJPEG pixel format for this "
        "layout; frame left as it is");
    copy_image (pass);
    return;
  }
  workers = pass->pool ? gst_im_worker_pool_get_n_workers (pass->pool) : 1;
  if (workers <= 1 || units < 8) {
    job.failed = !round_trip (&job, 0, pass->height, pass->dst,
        pass->dst_stride);
  } else {
    /* one band per worker unless chunk-rows says otherwise, at least 8
     * units: each band costs two units of context. The band size never
     * changes the bytes. */
    gst_im_parallel_rows (pass->pool, units, MAX (8, pass->chunk_rows ?
            (pass->chunk_rows + UNIT - 1) / UNIT : (units + workers - 1) /
            workers), compress_units, &job);
  }
  if (job.failed) {
    GST_WARNING ("ImageCompression: %s", tjGetErrorStr2 (NULL));
    copy_image (pass);
    return;
  }
  gst_im_aug_copy_alpha (pass, 0, pass->height);
}

const GstImAugClass gst_im_aug_image_compression = {
  .name = "ImageCompression",
  .params = compress_params,
  .n_params = G_N_ELEMENTS (compress_params),
  .applied = compress_applied,
  .n_applied = G_N_ELEMENTS (compress_applied),
  .upgrade = upgrade_compress,
  .draw = draw_compress,
  .pixels = pixels_compress,
};
