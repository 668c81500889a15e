/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The source of a thumbnail: a raw frame mapped, or JPEG and PNG decoded
 * into worker scratch, JPEG shrunk while it is decoded (DCT scaling). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstthumbnailer-private.h"

GST_DEBUG_CATEGORY_EXTERN (GST_CAT_PERFORMANCE);
#define GST_CAT_DEFAULT gst_thumbnailer_debug

/* Shrink-on-load leaves at least this factor to the filter: DCT scaling is
 * a block filter that aliases a little; with 1.5 the thumbnail stays above
 * 45 dB of a full-resolution Lanczos3 one on photos (measured, see
 * docs/elements/thumbnailer.md), and 4K -> 640 decodes at 1/4. */
#define SHRINK_MARGIN 1.5
/* The DCT scale n/8 for JPEG: the smallest of 1/8, 1/4, 1/2 that keeps
 * SHRINK_MARGIN times the thumbnail in both directions. Those three are
 * libjpeg-turbo's SIMD reduced IDCTs; 3/8, 5/8, 6/8 and 7/8 are slower
 * and measurably worse (3/8 loses 14 dB on a colourful photo). */
static guint
choose_scale_eighths (const JobSettings * s, const GstImImageHeader * header,
    const GstImResampleRect * rect, guint img_w, guint img_h)
{
  gdouble shrink = MIN (rect->width / img_w, rect->height / img_h);
  guint n;

  if (header->codec != GST_IM_CODEC_JPEG || !s->set.shrink_on_load)
    return 8;
  for (n = 1; n < 8; n *= 2)
    if (shrink * n / 8.0 >= SHRINK_MARGIN)
      break;
  return n;
}

gboolean
gst_thumbnailer_load_source (WorkerState * state, const JobSettings * s, GstBuffer * input,
    Source * src, GstImBox * g, GError ** error)
{
  GstImImageHeader header;
  GstImResampleRect rect;
  GstMapInfo in;
  guint ps, n, dw, dh;
  gboolean ok, swap;

  memset (src, 0, sizeof (*src));
  src->orientation = 1;
  src->format = s->format;
  if (s->raw) {
    if (!gst_video_frame_map (&src->frame, &s->in_info, input, GST_MAP_READ))
      goto map_failed;
    src->mapped_frame = TRUE;
    src->data = GST_VIDEO_FRAME_PLANE_DATA (&src->frame, 0);
    src->stride = GST_VIDEO_FRAME_PLANE_STRIDE (&src->frame, 0);
    src->width = GST_VIDEO_FRAME_WIDTH (&src->frame);
    src->height = GST_VIDEO_FRAME_HEIGHT (&src->frame);
    if (s->set.max_pixels &&
        (guint64) src->width * src->height > s->set.max_pixels)
      goto too_big_raw;
    if (!gst_im_box_fit ((GstImBoxMode) s->set.mode, src->width, src->height,
            s->set.width, s->set.height, s->set.no_upscale, g, error))
      return FALSE;
    src->rect = g->rect;
    src->rw = g->img_w;
    src->rh = g->img_h;
    return TRUE;
  }

  if (!gst_buffer_map (input, &in, GST_MAP_READ))
    goto map_failed;
  if (!gst_im_decoder_read_header (state->decoder, in.data, in.size, &header,
          error))
    goto failed;
  if (s->set.max_pixels &&
      (guint64) header.width * header.height > s->set.max_pixels)
    goto too_big;
  src->format = gst_im_image_formats_pick (&s->formats, &header);
  ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (gst_video_format_get_info
      (src->format), 0);
  src->orientation = s->set.auto_orient ? header.orientation : 1;
  swap = gst_im_orientation_swaps_axes (src->orientation);
  if (!gst_im_box_fit ((GstImBoxMode) s->set.mode, swap ? header.height :
          header.width, swap ? header.width : header.height, s->set.width,
          s->set.height, s->set.no_upscale, g, error))
    goto failed;

  /* everything from here on is in stored orientation */
  rect = gst_im_orient_rect_to_stored (&g->rect, src->orientation,
      header.width, header.height);
  src->rw = swap ? g->img_h : g->img_w;
  src->rh = swap ? g->img_w : g->img_h;
  n = choose_scale_eighths (s, &header, &rect, src->rw, src->rh);
  gst_im_decoder_scaled_size (&header, n, &dw, &dh);
  src->width = dw;
  src->height = dh;
  /* DCT scaling maps [i, i + 1) of the n/8 image on [8i/n, 8(i + 1)/n) */
  src->rect.x = rect.x * n / 8.0;
  src->rect.y = rect.y * n / 8.0;
  src->rect.width = rect.width * n / 8.0;
  src->rect.height = rect.height * n / 8.0;
  src->stride = GST_ROUND_UP_4 (dw * ps);
  if (header.codec == GST_IM_CODEC_PNG)
    GST_CAT_LOG (GST_CAT_PERFORMANCE, "PNG %ux%u: no shrink-on-load, "
        "resampling from full size", dw, dh);
  GST_LOG ("%ux%u %s at %u/8, orientation %u", header.width, header.height,
      header.codec == GST_IM_CODEC_JPEG ? "JPEG" : "PNG", n, src->orientation);

  src->data = gst_im_scratch_get (&state->decoded, (gsize) src->stride * dh,
      "decoding", NULL);
  if (src->data == NULL)
    goto no_memory;
  ok = gst_im_decoder_decode (state->decoder, in.data, in.size, &header, n,
      src->format, state->decoded.data, src->stride,
      s->set.strict ? GST_IM_DECODE_STRICT : GST_IM_DECODE_NONE, error);
  gst_buffer_unmap (input, &in);
  return ok;

  /* ERRORS */
map_failed:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "could not map the input buffer");
    return FALSE;
  }
too_big_raw:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "frame is %ux%u, more than max-pixels=%" G_GUINT64_FORMAT,
        src->width, src->height, s->set.max_pixels);
    return FALSE;
  }
too_big:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "image is %ux%u (%" G_GUINT64_FORMAT " pixels), more than max-pixels="
        "%" G_GUINT64_FORMAT, header.width, header.height,
        (guint64) header.width * header.height, s->set.max_pixels);
    goto failed;
  }
no_memory:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "could not allocate %ux%u pixels to decode into", dw, dh);
    goto failed;
  }
failed:
  {
    gst_buffer_unmap (input, &in);
    return FALSE;
  }
}

/* Unmaps the raw frame of @src, if one is mapped. */
void
gst_thumbnailer_source_clear (Source * src)
{
  if (src->mapped_frame)
    gst_video_frame_unmap (&src->frame);
  src->mapped_frame = FALSE;
}
