/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The MPF index (CIPA DC-007 Multi-Picture Format) of a JPEG, for
 * GstImFramer: the secondary images (Ultra HDR gain maps, depth maps, the
 * second view of an MPO stereo pair) that follow the primary image in the
 * same file, so that they are not taken for further files.
 *
 * The index is an APP2 segment "MPF\0" followed by a TIFF structure: its
 * IFD holds NumberOfImages (B001) and MPEntry (B002), 16 bytes an image:
 * attribute, size, offset, two dependent entries. Offsets count from the
 * TIFF header; the first entry, offset 0, is the primary itself. Nothing
 * in it is trusted: every read is bounded (gst_im_tiff_read()), and an
 * index whose images overlap, point before the end of the image before
 * them, or are larger than one image may be, is ignored whole. Where the
 * stream reaches an image, it must be one: a JPEG starts there, ends
 * within the size the index gives, and no other image starts before it
 * (in the gap) or after its end (in its padding). Otherwise the index is
 * forgotten and the bytes are framed as if it were not there.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/imagemill/gstimsourcemeta.h>
#include "codec/gstimcodec-private.h"
#include "frame/gstimframerwalk.h"
#include "frame/gstimframermpf.h"

#define TAG_NUMBER_OF_IMAGES 0xb001
#define TAG_MP_ENTRY 0xb002
#define TIFF_LONG 4
#define TIFF_UNDEFINED 7
#define MP_ENTRY_SIZE 16
/* an MP Index IFD has a handful of tags; more is not an index */
#define MAX_TAGS 32
/* an image signature is at most this long, less one */
#define SIG_SLACK 7

GST_DEBUG_CATEGORY_STATIC (gst_im_framer_debug);
#define GST_CAT_DEFAULT gst_im_framer_debug

GType
gst_im_secondary_images_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_IM_SECONDARY_IMAGES_DROP, "Only the primary image of a file: the "
          "secondary images its MPF index lists are dropped", "drop"},
    {GST_IM_SECONDARY_IMAGES_EMIT, "Each secondary image is a further frame, "
          "marked in its source meta (image = its number in the index)",
        "emit"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstImSecondaryImages", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

/* The MP Index IFD of the TIFF structure at @tiff: where its MP Entry
 * array starts and how many images it lists. */
static gboolean
read_index (const guint8 * tiff, gsize size, gboolean * le,
    guint32 * entries, guint32 * n_images, const gchar ** why)
{
  guint32 magic, ifd, n_tags, tag, type, count, value, i, declared = 0;
  gboolean found = FALSE;

  *why = "no TIFF header";
  if (size < 8 || !((tiff[0] == 'I' && tiff[1] == 'I') || (tiff[0] == 'M'
              && tiff[1] == 'M')))
    return FALSE;
  *le = tiff[0] == 'I';
  if (!gst_im_tiff_read (tiff, size, 2, 2, *le, &magic) || magic != 42
      || !gst_im_tiff_read (tiff, size, 4, 4, *le, &ifd))
    return FALSE;
  *why = "an IFD outside its segment";
  if (!gst_im_tiff_read (tiff, size, ifd, 2, *le, &n_tags))
    return FALSE;
  *why = "an IFD that is not an MP Index";
  if (n_tags > MAX_TAGS)
    return FALSE;
  for (i = 0; i < n_tags; i++) {
    guint64 e = (guint64) ifd + 2 + (guint64) i * 12;

    if (!gst_im_tiff_read (tiff, size, e, 2, *le, &tag)
        || !gst_im_tiff_read (tiff, size, e + 2, 2, *le, &type)
        || !gst_im_tiff_read (tiff, size, e + 4, 4, *le, &count)
        || !gst_im_tiff_read (tiff, size, e + 8, 4, *le, &value))
      return FALSE;
    if (tag == TAG_NUMBER_OF_IMAGES && type == TIFF_LONG && count == 1) {
      declared = value;
    } else if (tag == TAG_MP_ENTRY && type == TIFF_UNDEFINED) {
      *entries = value;
      *n_images = count / MP_ENTRY_SIZE;
      found = count % MP_ENTRY_SIZE == 0;
    }
  }
  *why = "an MP Entry count that is absurd or not NumberOfImages";
  return found && *n_images <= GST_IM_MPF_MAX_IMAGES &&
      (declared == 0 || declared == *n_images);
}

/**
 * gst_im_mpf_plan_read:
 * @plan: the plan, cleared first
 * @d: (array length=len): a whole JPEG image, SOI to EOI
 * @len: its bytes
 * @offset: its stream offset
 * @max_bytes: the most bytes one image (and the gap before it) may take
 *
 * Reads the MPF index of the JPEG at @d (an APP2 "MPF\0" segment before
 * its scan, found by gst_im_jpeg_next_segment()) into @plan, as stream
 * offsets. An index that is absent, lists the primary alone, or cannot be
 * trusted leaves @plan empty.
 *
 * Returns: %TRUE when secondary images are to follow
 */
gboolean
gst_im_mpf_plan_read (GstImMpfPlan * plan, const guint8 * d, gsize len,
    guint64 offset, guint64 max_bytes)
{
  static gsize debug_done = 0;
  const guint8 *seg = NULL;
  gsize pos = 2, seg_len = 0, tiff_pos;
  guint32 entries = 0, n = 0, size, off, k;
  guint64 start, prev_end = len;
  gboolean le = FALSE;
  const gchar *why;
  guint8 marker;

  if (g_once_init_enter (&debug_done)) {
    GST_DEBUG_CATEGORY_INIT (gst_im_framer_debug, "im-framer", 0,
        "imagemill byte-stream framer");
    g_once_init_leave (&debug_done, 1);
  }
  gst_im_mpf_plan_clear (plan);
  do {
    if (!gst_im_jpeg_next_segment (d, len, &pos, &marker, &seg, &seg_len))
      return FALSE;             /* no index: a plain JPEG */
  } while (marker != 0xe2 || seg_len < 4 || memcmp (seg, "MPF", 4) != 0);
  tiff_pos = seg + 4 - d;
  if (!read_index (seg + 4, seg_len - 4, &le, &entries, &n, &why))
    goto ignored;
  for (k = 0; k < n; k++) {
    guint64 e = (guint64) entries + (guint64) k * MP_ENTRY_SIZE;

    why = "an MP Entry past its segment";
    if (!gst_im_tiff_read (seg + 4, seg_len - 4, e + 4, 4, le, &size)
        || !gst_im_tiff_read (seg + 4, seg_len - 4, e + 8, 4, le, &off))
      goto ignored;
    why = "a first entry that is not the primary image";
    if (k == 0 && off != 0)
      goto ignored;
    if (k == 0)
      continue;
    /* images in stream order, each after the one before: no overlap,
     * none inside the primary, none twice */
    start = tiff_pos + (guint64) off;
    why = "an image that overlaps the one before it";
    if (off == 0 || start < prev_end)
      goto ignored;
    why = "an image of an absurd size or too far on";
    if (size < 4 || size > max_bytes || start - prev_end > max_bytes - size)
      goto ignored;
    plan->images[k].start = offset + start;
    plan->images[k].size = size;
    prev_end = start + size;
  }
  if (n < 2)
    return FALSE;
  plan->images[0].start = offset;
  plan->images[0].size = len;
  plan->n_images = n;
  plan->next = 1;
  GST_DEBUG ("JPEG at stream offset %" G_GUINT64_FORMAT ": MPF index of %u "
      "images", offset, n);
  return TRUE;

ignored:
  GST_DEBUG ("JPEG at stream offset %" G_GUINT64_FORMAT ": MPF index "
      "ignored, it has %s", offset, why);
  gst_im_mpf_plan_clear (plan);
  return FALSE;
}

/* Whether the next image of @plan is whole at @d (see below), and if not,
 * *@why. */
static GstImMpfCheck
check_image (GstImMpfPlan * plan, const guint8 * d, gsize n,
    guint64 offset, gboolean at_end, gboolean frame_gaps, gsize * gap,
    const gchar ** why)
{
  const GstImMpfImage *img = &plan->images[plan->next];
  GstImFramerWalk walk = { 0 };
  guint64 g, end;
  gsize len;

  *why = "the stream is past it";
  if (offset > img->start)
    return GST_IM_MPF_WRONG;
  g = img->start - offset;      /* at most max_bytes: checked when read */
  if (g > 0 && frame_gaps)
    return GST_IM_MPF_GAP;
  end = g + img->size;
  if (!plan->gap_checked) {
    /* the gap as far as it is there, each byte once (but the last few, a
     * signature may straddle them): an image in it (the next frame of an
     * MJPEG stream) shows the index wrong at once */
    gsize from = plan->scanned > offset ? plan->scanned - offset : 0;
    gsize to = MIN (n, g);

    *why = "another image starts before it";
    if (gst_im_framer_holds_signature (d, MIN (from, to), to))
      return GST_IM_MPF_WRONG;
    plan->scanned = offset + (to > SIG_SLACK ? to - SIG_SLACK : 0);
    *why = "the stream ends before it does";
    if (n < g + 3)
      return at_end ? GST_IM_MPF_WRONG : GST_IM_MPF_WAIT;
    *why = "no JPEG starts where it should";
    if (gst_im_codec_sniff (d + g, 3) != GST_IM_CODEC_JPEG)
      return GST_IM_MPF_WRONG;
    plan->gap_checked = TRUE;
  }
  *why = "the stream ends before it does";
  if (n < end)
    return at_end ? GST_IM_MPF_WRONG : GST_IM_MPF_WAIT;
  /* its own walk: a JPEG that ends inside the size the index gives, with
   * no image in what is left (padding) */
  len = gst_im_framer_image_length (GST_IM_CODEC_JPEG, d + g, img->size,
      &walk);
  *why = "it does not end within its size";
  if (len == 0)
    return GST_IM_MPF_WRONG;
  *why = "another image starts inside it";
  if (gst_im_framer_holds_signature (d + g, len, img->size))
    return GST_IM_MPF_WRONG;
  *gap = g;
  return GST_IM_MPF_TAKE;
}

/**
 * gst_im_mpf_plan_check:
 * @plan: a plan with an image pending
 * @d: (array length=n): the bytes not cut yet
 * @n: how many
 * @offset: the stream offset of @d
 * @at_end: no more bytes will come (the stream ends, or a new file starts)
 * @frame_gaps: bytes before the image are framed as usual (GAP) rather
 *   than dropped with it
 * @gap: (out): with TAKE, the bytes before the image
 *
 * Whether the next image of @plan is at @d, whole. When it cannot be
 * (WRONG), @plan is cleared: the bytes are framed as if it were not there.
 *
 * Returns: what to do with the bytes at @d
 */
GstImMpfCheck
gst_im_mpf_plan_check (GstImMpfPlan * plan, const guint8 * d, gsize n,
    guint64 offset, gboolean at_end, gboolean frame_gaps, gsize * gap)
{
  const gchar *why;
  GstImMpfCheck check = check_image (plan, d, n, offset, at_end,
      frame_gaps, gap, &why);

  if (check == GST_IM_MPF_WRONG) {
    GST_DEBUG ("MPF index of the JPEG at stream offset %" G_GUINT64_FORMAT
        " ignored from image %u on: %s", plan->images[0].start, plan->next,
        why);
    gst_im_mpf_plan_clear (plan);
  }
  return check;
}

/* Marks @secondary, the frame of the image just taken (NULL: dropped), as
 * image next of its file: in its own source meta, or in one named like the
 * primary's (or numbered @frame_number when the primary had none), then
 * moves on. */
void
gst_im_mpf_plan_take (GstImMpfPlan * plan, GstBuffer * secondary,
    guint64 frame_number)
{
  const GstImMpfImage *img = &plan->images[plan->next];
  GstImSourceMeta *meta;

  if (secondary) {
    meta = gst_buffer_get_im_source_meta (secondary);
    if (meta == NULL)
      meta = gst_buffer_add_im_source_meta (secondary, plan->path,
          plan->has_source ? plan->index : frame_number, plan->copy);
    meta->image = plan->next;
  } else {
    GST_DEBUG ("dropped image %u of %u of the JPEG at stream offset %"
        G_GUINT64_FORMAT ": %" G_GUINT64_FORMAT " bytes at %"
        G_GUINT64_FORMAT " (secondary-images=drop)", plan->next,
        plan->n_images, plan->images[0].start, img->size, img->start);
  }
  plan->gap_checked = FALSE;
  plan->scanned = 0;
  if (++plan->next >= plan->n_images)
    gst_im_mpf_plan_clear (plan);
}

/* Keeps the primary's source meta, to name the secondary images with. */
void
gst_im_mpf_plan_set_source (GstImMpfPlan * plan, GstBuffer * primary)
{
  GstImSourceMeta *meta = gst_buffer_get_im_source_meta (primary);

  plan->has_source = meta != NULL;
  if (meta == NULL)
    return;
  g_free (plan->path);
  plan->path = g_strdup (meta->path);
  plan->index = meta->index;
  plan->copy = meta->copy;
}

void
gst_im_mpf_plan_clear (GstImMpfPlan * plan)
{
  g_free (plan->path);
  memset (plan, 0, sizeof (*plan));
}
