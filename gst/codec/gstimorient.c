/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:gstimorient
 * @title: EXIF orientation
 * @short_description: read the EXIF orientation and apply it
 *
 * EXIF orientation n (1..8) says how the stored pixels must be transformed
 * for display: 1 as stored, 2 mirrored left-right, 3 turned 180°,
 * 4 mirrored top-bottom, 5 transposed (mirrored along the main diagonal),
 * 6 turned 90° clockwise, 7 transversed (mirrored along the other diagonal),
 * 8 turned 90° counter-clockwise. 5 to 8 swap width and height.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/imagemill/gstimorient.h>
#include "codec/gstimcodec-private.h"

#define EXIF_TAG_ORIENTATION 0x0112
#define TIFF_TYPE_SHORT 3
#define TIFF_TYPE_LONG 4

/**
 * gst_im_orientation_swaps_axes:
 * @orientation: an EXIF orientation
 *
 * Returns: %TRUE for orientations 5 to 8, whose displayed image has the width
 *   and height of the stored one swapped.
 */
gboolean
gst_im_orientation_swaps_axes (guint orientation)
{
  return orientation >= 5 && orientation <= 8;
}

/**
 * gst_im_orient_rect_to_stored: (skip)
 * @rect: a rectangle of the displayed image
 * @orientation: an EXIF orientation
 * @width: width of the stored image
 * @height: height of the stored image
 *
 * Maps a rectangle of the displayed image back onto the stored one: for
 * cropping before gst_im_orient_copy() turns the result upright.
 *
 * Returns: the rectangle of the stored image that shows as @rect once
 *   turned as @orientation says
 */
GstImResampleRect
gst_im_orient_rect_to_stored (const GstImResampleRect * rect,
    guint orientation, guint width, guint height)
{
  GstImResampleRect s = *rect;
  /* where the first displayed axis comes from, and which are mirrored */
  gboolean swap = gst_im_orientation_swaps_axes (orientation);
  gboolean flip_x = orientation == 2 || orientation == 3 || orientation == 7
      || orientation == 8;
  gboolean flip_y = orientation == 3 || orientation == 4 || orientation == 6
      || orientation == 7;

  if (swap) {
    s.x = rect->y;
    s.width = rect->height;
    s.y = rect->x;
    s.height = rect->width;
  }
  if (flip_x)
    s.x = width - s.x - s.width;
  if (flip_y)
    s.y = height - s.y - s.height;
  return s;
}

/* Where displayed pixel (dx, dy) comes from in the stored image, as
 * sx = sx_dx * dx + sx_dy * dy + (sx_flip ? width - 1 : 0), and the same for
 * sy with height. */
typedef struct
{
  gint sx_dx, sx_dy;
  gboolean sx_flip;
  gint sy_dx, sy_dy;
  gboolean sy_flip;
} OrientMap;

static const OrientMap orient_maps[9] = {
  /* sx_dx sx_dy flip  sy_dx sy_dy flip */
  {1, 0, FALSE, 0, 1, FALSE},   /* 0: invalid, treated as 1 */
  {1, 0, FALSE, 0, 1, FALSE},   /* 1: as stored */
  {-1, 0, TRUE, 0, 1, FALSE},   /* 2: mirrored left-right */
  {-1, 0, TRUE, 0, -1, TRUE},   /* 3: turned 180° */
  {1, 0, FALSE, 0, -1, TRUE},   /* 4: mirrored top-bottom */
  {0, 1, FALSE, 1, 0, FALSE},   /* 5: transposed */
  {0, 1, FALSE, -1, 0, TRUE},   /* 6: turned 90° clockwise */
  {0, -1, TRUE, -1, 0, TRUE},   /* 7: transversed */
  {0, -1, TRUE, 1, 0, FALSE},   /* 8: turned 90° counter-clockwise */
};

/* Copies @n pixels of @ps bytes, reading with a @step in bytes. Called with
 * constant @ps for the usual sizes so that the compiler turns the memcpy
 * into a plain load and store. */
static inline void
copy_pixels (guint8 * dst, const guint8 * src, gssize step, guint n, guint ps)
{
  guint i;

  for (i = 0; i < n; i++, dst += ps, src += step)
    memcpy (dst, src, ps);
}

/**
 * gst_im_orient_copy:
 * @src: the stored image
 * @src_stride: bytes between rows of @src
 * @width: stored width
 * @height: stored height
 * @pixel_stride: bytes per pixel
 * @orientation: the EXIF orientation, 1..8; other values copy as 1
 * @dst: the displayed image: @width x @height, or @height x @width when
 *   gst_im_orientation_swaps_axes() is %TRUE
 * @dst_stride: bytes between rows of @dst
 *
 * Copies @src into @dst, turned and mirrored as @orientation says. @src and
 * @dst must not overlap.
 */
void
gst_im_orient_copy (const guint8 * src, gint src_stride, guint width,
    guint height, guint pixel_stride, guint orientation, guint8 * dst,
    gint dst_stride)
{
  const OrientMap *m;
  const guint8 *origin;
  gssize col_step, row_step;
  guint dst_width, dst_height, dy;

  g_return_if_fail (src != NULL && dst != NULL);
  g_return_if_fail (pixel_stride > 0);

  if (width == 0 || height == 0)
    return;
  if (orientation > 8)
    orientation = 1;
  m = &orient_maps[orientation];

  dst_width = gst_im_orientation_swaps_axes (orientation) ? height : width;
  dst_height = gst_im_orientation_swaps_axes (orientation) ? width : height;

  /* The source address is affine in (dx, dy): the address of displayed
   * pixel (0, 0), plus a step per displayed column and one per row. */
  origin = src + (m->sx_flip ? (gssize) (width - 1) * pixel_stride : 0)
      + (m->sy_flip ? (gssize) (height - 1) * src_stride : 0);
  col_step = (gssize) m->sx_dx * pixel_stride + (gssize) m->sy_dx * src_stride;
  row_step = (gssize) m->sx_dy * pixel_stride + (gssize) m->sy_dy * src_stride;

  for (dy = 0; dy < dst_height; dy++) {
    const guint8 *s = origin + (gssize) dy * row_step;
    guint8 *d = dst + (gssize) dy * dst_stride;

    if (col_step == (gssize) pixel_stride) {
      memcpy (d, s, (gsize) dst_width * pixel_stride);
      continue;
    }
    switch (pixel_stride) {
      case 1:
        copy_pixels (d, s, col_step, dst_width, 1);
        break;
      case 3:
        copy_pixels (d, s, col_step, dst_width, 3);
        break;
      case 4:
        copy_pixels (d, s, col_step, dst_width, 4);
        break;
      default:
        copy_pixels (d, s, col_step, dst_width, pixel_stride);
        break;
    }
  }
}

/* Reads an @n-byte unsigned integer at @off, bounds-checked. Byte by byte:
 * EXIF offsets are often odd, and GST_READ_* does unaligned loads on x86.
 * @off is 64-bit so that adding to it cannot wrap. */
gboolean
gst_im_tiff_read (const guint8 * tiff, gsize size, guint64 off, guint n,
    gboolean le, guint32 * val)
{
  guint i;

  if (off > size || size - off < n)
    return FALSE;
  *val = 0;
  for (i = 0; i < n; i++)
    *val |= (guint32) tiff[off + i] << (8 * (le ? i : n - 1 - i));
  return TRUE;
}

/**
 * gst_im_exif_orientation:
 * @tiff: (array length=size) (nullable): the EXIF data: the TIFF structure
 *   that follows "Exif\0\0" in a JPEG APP1 segment, or a PNG eXIf chunk
 * @size: bytes in @tiff
 *
 * Reads the Orientation tag (0x0112) of IFD0, in either byte order. Safe on
 * any input: every read is bounds-checked.
 *
 * Returns: the orientation, 1..8; 1 when @tiff has none or is invalid.
 */
guint
gst_im_exif_orientation (const guint8 * tiff, gsize size)
{
  gboolean le;
  guint32 magic, ifd0, n_entries, i;

  if (tiff == NULL || size < 8)
    return 1;
  if (tiff[0] == 'I' && tiff[1] == 'I')
    le = TRUE;
  else if (tiff[0] == 'M' && tiff[1] == 'M')
    le = FALSE;
  else
    return 1;

  if (!gst_im_tiff_read (tiff, size, 2, 2, le, &magic) || magic != 42)
    return 1;
  if (!gst_im_tiff_read (tiff, size, 4, 4, le, &ifd0)
      || !gst_im_tiff_read (tiff, size, ifd0, 2, le, &n_entries))
    return 1;

  /* 12-byte entries: tag (2), type (2), count (4), value or offset (4) */
  for (i = 0; i < n_entries; i++) {
    guint64 entry = (guint64) ifd0 + 2 + (guint64) i * 12;
    guint32 tag, type, count, value;

    if (!gst_im_tiff_read (tiff, size, entry, 2, le, &tag)
        || !gst_im_tiff_read (tiff, size, entry + 2, 2, le, &type)
        || !gst_im_tiff_read (tiff, size, entry + 4, 4, le, &count))
      return 1;
    if (tag != EXIF_TAG_ORIENTATION)
      continue;
    if (count != 1)
      return 1;

    /* The standard says SHORT; a few writers use LONG. Both fit in the
     * entry itself, left-aligned. */
    if (type == TIFF_TYPE_SHORT) {
      if (!gst_im_tiff_read (tiff, size, entry + 8, 2, le, &value))
        return 1;
    } else if (type == TIFF_TYPE_LONG) {
      if (!gst_im_tiff_read (tiff, size, entry + 8, 4, le, &value))
        return 1;
    } else {
      return 1;
    }
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}
