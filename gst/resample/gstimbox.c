/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimbox
 * @title: GstImBox
 * @short_description: fit an image to a box, paint the background
 *
 * gst_im_box_fit() says where an image of a given size goes in a box: the
 * output size, the image area in it and the source rectangle to resample
 * onto that area, for fit, fill, pad and stretch. gst_im_fill_background()
 * then paints the rest of the output.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include <gst/imagemill/gstimbox.h>

static guint
round_side (gdouble v, guint limit)
{
  return (guint) CLAMP (floor (v + 0.5), 1, MAX (limit, 1));
}

/**
 * gst_im_box_fit:
 * @mode: how the image meets the box
 * @width: image width (displayed orientation), > 0
 * @height: image height, > 0
 * @box_width: box width; 0 leaves the width free in fit mode, and means
 *   @box_height (a square) in the others
 * @box_height: box height; 0 the same way
 * @no_upscale: never enlarge the image: small images keep their size (fit)
 *   or are centred on the box (the others)
 * @box: (out caller-allocates): where the image goes
 * @error: return location for a #GError, or %NULL
 *
 * Fill and pad scale by the larger or smaller of the two axis ratios; fill
 * crops the source to what the box shows, centred. Fit outputs the image
 * area alone, at most %GST_IM_BOX_MAX_SIDE per side.
 *
 * Returns: %TRUE, or %FALSE with @error set when fill, pad or stretch has
 *   no box (both sides 0)
 */
gboolean
gst_im_box_fit (GstImBoxMode mode, guint width, guint height,
    guint box_width, guint box_height, gboolean no_upscale, GstImBox * box,
    GError ** error)
{
  guint w = width, h = height;
  guint bw = box_width ? box_width : box_height;
  guint bh = box_height ? box_height : box_width;
  gdouble sx = (gdouble) bw / w, sy = (gdouble) bh / h, scale;
  GstImBox *g = box;

  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  g->rect = (GstImResampleRect) {
  0, 0, w, h};
  if (mode != GST_IM_BOX_FIT && bw == 0)
    goto no_box;

  switch (mode) {
    case GST_IM_BOX_FIT:
      if (box_width == 0 && box_height == 0)
        scale = 1.0;
      else
        scale = box_width == 0 ? sy : box_height == 0 ? sx : MIN (sx, sy);
      if (no_upscale)
        scale = MIN (scale, 1.0);
      g->img_w = g->out_w = round_side (w * scale, GST_IM_BOX_MAX_SIDE);
      g->img_h = g->out_h = round_side (h * scale, GST_IM_BOX_MAX_SIDE);
      if (box_width)
        g->img_w = g->out_w = MIN (g->out_w, box_width);
      if (box_height)
        g->img_h = g->out_h = MIN (g->out_h, box_height);
      g->img_x = g->img_y = 0;
      return TRUE;
    case GST_IM_BOX_FILL:
    case GST_IM_BOX_PAD:
      scale = mode == GST_IM_BOX_FILL ? MAX (sx, sy) : MIN (sx, sy);
      if (no_upscale)
        scale = MIN (scale, 1.0);
      g->img_w = round_side (w * scale, bw);
      g->img_h = round_side (h * scale, bh);
      /* fill: the part of the image the box shows, centred */
      g->rect.width = MIN (w, g->img_w / scale);
      g->rect.height = MIN (h, g->img_h / scale);
      g->rect.x = (w - g->rect.width) / 2;
      g->rect.y = (h - g->rect.height) / 2;
      break;
    case GST_IM_BOX_STRETCH:
    default:
      g->img_w = no_upscale ? MIN (bw, w) : bw;
      g->img_h = no_upscale ? MIN (bh, h) : bh;
      break;
  }
  g->out_w = bw;
  g->out_h = bh;
  g->img_x = (bw - g->img_w) / 2;
  g->img_y = (bh - g->img_h) / 2;
  return TRUE;

  /* ERRORS */
no_box:
  {
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
        "width and height are both 0: fill, pad and stretch need a box");
    return FALSE;
  }
}

/**
 * gst_im_background_pixel:
 * @finfo: a packed 8-bit RGB or GRAY8 format
 * @argb: the colour, as 0xAARRGGBB
 * @px: (out caller-allocates) (array fixed-size=4): one pixel of @argb in
 *   @finfo's layout; bytes the format does not use are 0xff
 *
 * GRAY8 takes the luma with libjpeg's weights, as the decoders do. Alpha
 * only matters for formats with alpha.
 */
void
gst_im_background_pixel (const GstVideoFormatInfo * finfo, guint32 argb,
    guint8 px[4])
{
  guint a = argb >> 24, r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff;
  guint b = argb & 0xff;

  memset (px, 0xff, 4);
  if (GST_VIDEO_FORMAT_INFO_IS_GRAY (finfo)) {
    px[0] = (guint8) ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16);
    return;
  }
  px[GST_VIDEO_FORMAT_INFO_POFFSET (finfo, 0)] = r;
  px[GST_VIDEO_FORMAT_INFO_POFFSET (finfo, 1)] = g;
  px[GST_VIDEO_FORMAT_INFO_POFFSET (finfo, 2)] = b;
  if (GST_VIDEO_FORMAT_INFO_HAS_ALPHA (finfo))
    px[GST_VIDEO_FORMAT_INFO_POFFSET (finfo, 3)] = a;
}

/* @n pixels of @px: one, then the filled part doubled until done */
static void
fill_pixels (guint8 * dst, const guint8 * px, guint ps, guint n)
{
  gsize done = ps, total = (gsize) n * ps;

  if (n == 0)
    return;
  memcpy (dst, px, ps);
  while (done < total) {
    gsize step = MIN (done, total - done);

    memcpy (dst + done, dst, step);
    done += step;
  }
}

/**
 * gst_im_fill_background:
 * @data: the first row of a packed plane of @box's output size
 * @stride: bytes from one row to the next
 * @finfo: the plane's format, as for gst_im_background_pixel()
 * @box: the output and image area sizes
 * @argb: the colour, as 0xAARRGGBB
 *
 * Paints @argb around the image area of @box, leaving the area itself as
 * it is. Does nothing when the image covers the output.
 */
void
gst_im_fill_background (guint8 * data, gint stride,
    const GstVideoFormatInfo * finfo, const GstImBox * box, guint32 argb)
{
  const GstImBox *g = box;
  guint ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (finfo, 0), y;
  guint right = g->img_x + g->img_w;
  guint8 px[4];

  if (g->img_w == g->out_w && g->img_h == g->out_h)
    return;
  gst_im_background_pixel (finfo, argb, px);
  for (y = 0; y < g->out_h; y++) {
    guint8 *row = data + (gsize) y * stride;

    if (y < g->img_y || y >= g->img_y + g->img_h) {
      fill_pixels (row, px, ps, g->out_w);
      continue;
    }
    fill_pixels (row, px, ps, g->img_x);
    fill_pixels (row + right * ps, px, ps, g->out_w - right);
  }
}
