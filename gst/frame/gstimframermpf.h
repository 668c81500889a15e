/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_FRAMER_MPF_H__
#define __GST_IM_FRAMER_MPF_H__

#include <gst/imagemill/gstimframer.h>

G_BEGIN_DECLS

/* An index listing more images than this is taken as corrupt and ignored */
#define GST_IM_MPF_MAX_IMAGES 64

/* Where one image of the index lies in the stream. */
typedef struct
{
  guint64 start;                /* stream offset of its SOI */
  guint64 size;                 /* bytes, as the index says */
} GstImMpfImage;

/* The secondary images a primary image's MPF index announces, taken one by
 * one as the stream reaches them. n_images == 0: none expected. */
typedef struct
{
  GstImMpfImage images[GST_IM_MPF_MAX_IMAGES];  /* [0]: the primary */
  guint n_images;
  guint next;                   /* the next one to take, from 1 */
  guint64 scanned;              /* the gap before images[next] holds no
                                 * image up to this stream offset */
  gboolean gap_checked;         /* all of it, and images[next] starts */
  /* the primary's source meta, named again on the secondary images */
  gboolean has_source;
  gchar *path;
  guint64 index;
  guint copy;
} GstImMpfPlan;

typedef enum
{
  GST_IM_MPF_WAIT,              /* more bytes are needed to tell */
  GST_IM_MPF_TAKE,              /* images[next] is whole after *gap bytes */
  GST_IM_MPF_GAP,               /* bytes before it: frame them as usual */
  GST_IM_MPF_WRONG,             /* the index does not describe the stream:
                                 * it is forgotten */
} GstImMpfCheck;

G_GNUC_INTERNAL gboolean gst_im_mpf_plan_read (GstImMpfPlan * plan,
    const guint8 * d, gsize len, guint64 offset, guint64 max_bytes);

G_GNUC_INTERNAL GstImMpfCheck gst_im_mpf_plan_check (GstImMpfPlan * plan,
    const guint8 * d, gsize n, guint64 offset, gboolean at_end,
    gboolean frame_gaps, gsize * gap);

G_GNUC_INTERNAL void gst_im_mpf_plan_set_source (GstImMpfPlan * plan,
    GstBuffer * primary);

G_GNUC_INTERNAL void gst_im_mpf_plan_take (GstImMpfPlan * plan,
    GstBuffer * secondary, guint64 frame_number);

G_GNUC_INTERNAL void gst_im_mpf_plan_clear (GstImMpfPlan * plan);

static inline gboolean
gst_im_mpf_plan_pending (const GstImMpfPlan * plan)
{
  return plan->next < plan->n_images;
}

/* The stream offset of the next image expected. */
static inline guint64
gst_im_mpf_plan_next_start (const GstImMpfPlan * plan)
{
  return plan->images[plan->next].start;
}

G_END_DECLS

#endif /* __GST_IM_FRAMER_MPF_H__ */
