/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* Plans on camera frames (NV12, I420, YV12, YUY2, UYVY) without a
 * conversion to RGB: the frame is three 8-bit planes (Y, U, V; a plane
 * interleaved with others is gathered first and scattered back at the
 * end). A spatial run maps luma as on a grey image; a chroma plane is
 * read through the same mapping, evaluated at its own resolution: an
 * output chroma sample's centre in luma pixels (chroma siting) goes
 * through the luma chain and comes back to chroma pixels. Colour
 * transforms act on the components that carry them; the others are
 * refused (gst_im_aug_pipeline_check_yuv ()). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"

/* What each pixel transform does to a YUV frame. */
typedef enum
{
  YUV_ALL_PLANES,               /* the grey transform on every plane */
  YUV_LUMA,                     /* on luma alone */
  YUV_LUMA_CONTRAST,            /* luma; chroma scaled by the contrast */
  YUV_GREY,                     /* chroma to neutral */
  YUV_JITTER,                   /* luma as grey; chroma scaled, rotated */
  YUV_NOISE,                    /* every plane, a field each */
} YuvAction;

static const struct
{
  const gchar *name;
  YuvAction action;
} yuv_actions[] = {
  {"RandomBrightnessContrast", YUV_LUMA_CONTRAST},
  {"RandomGamma", YUV_LUMA},
  {"ColorJitter", YUV_JITTER},
  {"ToGray", YUV_GREY},
  {"GaussianBlur", YUV_ALL_PLANES},
  {"Blur", YUV_ALL_PLANES},
  {"MedianBlur", YUV_ALL_PLANES},
  {"MotionBlur", YUV_ALL_PLANES},
  {"Downscale", YUV_ALL_PLANES},
  {"Sharpen", YUV_LUMA},
  {"UnsharpMask", YUV_LUMA},
  {"GaussNoise", YUV_NOISE},
};

static gboolean
yuv_action (const GstImAugClass * klass, YuvAction * action)
{
  guint i;

  if (klass->stage)             /* spatial: every plane, siting kept */
    return TRUE;
  for (i = 0; i < G_N_ELEMENTS (yuv_actions); i++)
    if (!strcmp (yuv_actions[i].name, klass->name)) {
      if (action)
        *action = yuv_actions[i].action;
      return TRUE;
    }
  return FALSE;
}

static const gchar *
check_node (const GstImAugNode * node)
{
  const gchar *refused = NULL;
  guint i;

  if (node->kind == GST_IM_AUG_TRANSFORM)
    return yuv_action (node->klass, NULL) ? NULL : node->klass->name;
  for (i = 0; i < node->children->len && refused == NULL; i++)
    refused = check_node (g_ptr_array_index (node->children, i));
  return refused;
}

/**
 * gst_im_aug_pipeline_check_yuv:
 * @pipeline: a pipeline
 *
 * Whether @pipeline has a meaning on YUV frames: every spatial transform
 * does (each plane is mapped, chroma siting kept); of the pixel
 * transforms, brightness, contrast, gamma, sharpening act on luma,
 * ToGray and saturation and hue (ColorJitter) on chroma, blurs and
 * GaussNoise on every plane. The others (RGB shifts, channel shuffles,
 * HSV, histograms, dropouts, compression...) are refused.
 *
 * Returns: (nullable): the name of the first transform refused, or %NULL
 */
const gchar *
gst_im_aug_pipeline_check_yuv (const GstImAugPipeline * pipeline)
{
  g_return_val_if_fail (pipeline != NULL, NULL);

  return check_node (pipeline->root);
}

/* ---- planes ---- */

typedef struct
{
  guint8 *data;
  gint stride;
  guint w, h;
} Plane;

typedef struct
{
  const GstImAugPlan *plan;
  GstImAugScratch *scratch;
  GstImWorkerPool *pool;
  guint chunk_rows;
  guint sub[2];                 /* log2 of the chroma subsampling, x y */
  gdouble site[2];              /* chroma centre - f x chroma index, luma
                                 * pixels */
  GstVideoInfo info;
} Yuv;

/* Plane @c of @frame: itself when its samples are contiguous, else
 * gathered into scratch image @slot (@gather: copied there). */
static void
plane_of (GstImAugScratch * scratch, GstVideoFrame * frame, guint c,
    guint slot, gboolean gather, Plane * p)
{
  guint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (frame, c), x, y;
  const guint8 *row;

  p->w = GST_VIDEO_FRAME_COMP_WIDTH (frame, c);
  p->h = GST_VIDEO_FRAME_COMP_HEIGHT (frame, c);
  if (ps == 1) {
    p->data = GST_VIDEO_FRAME_COMP_DATA (frame, c);
    p->stride = GST_VIDEO_FRAME_COMP_STRIDE (frame, c);
    return;
  }
  p->stride = GST_ROUND_UP_8 (p->w);
  p->data = gst_im_aug_plane_image (scratch, slot, (gsize) p->stride * p->h);
  for (y = 0; gather && y < p->h; y++) {
    row = (const guint8 *) GST_VIDEO_FRAME_COMP_DATA (frame, c)
        + (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (frame, c);
    for (x = 0; x < p->w; x++)
      p->data[(gsize) y * p->stride + x] = row[(gsize) x * ps];
  }
}

/* Scatters @p back into component @c of @frame when it was gathered. */
static void
scatter (const Plane * p, GstVideoFrame * frame, guint c)
{
  guint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (frame, c), x, y;
  guint8 *row;

  if (ps == 1)
    return;
  for (y = 0; y < p->h; y++) {
    row = (guint8 *) GST_VIDEO_FRAME_COMP_DATA (frame, c)
        + (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (frame, c);
    for (x = 0; x < p->w; x++)
      row[(gsize) x * ps] = p->data[(gsize) y * p->stride + x];
  }
}

/* An RGB fill (albumentations') in the frame's Y'CbCr, per plane. */
static void
fill_yuv (const GstVideoInfo * info, const gdouble * rgb, gdouble * yuv)
{
  gdouble kr, kb, y, offset[4], scale[4];
  gint off[4], sc[4];
  guint i;

  if (!gst_video_color_matrix_get_Kr_Kb (info->colorimetry.matrix, &kr, &kb)) {
    kr = 0.2126;                /* BT.709, GStreamer's default for HD */
    kb = 0.0722;
  }
  gst_video_color_range_offsets (info->colorimetry.range, info->finfo, off,
      sc);
  for (i = 0; i < 3; i++) {
    offset[i] = off[i];
    scale[i] = sc[i];
  }
  y = (kr * rgb[0] + (1 - kr - kb) * rgb[1] + kb * rgb[2]) / 255.0;
  yuv[0] = offset[0] + scale[0] * y;
  yuv[1] = offset[1] + scale[1] * (rgb[2] / 255.0 - y) / (2 * (1 - kb));
  yuv[2] = offset[2] + scale[2] * (rgb[0] / 255.0 - y) / (2 * (1 - kr));
}

/* The stages' fills as Y, U, V in their first three slots. */
static void
stage_fills_to_yuv (const Yuv * yuv)
{
  GstImAugStage *s;
  gdouble v[3];
  guint k;

  for (k = 0; k < yuv->scratch->stages->len; k++) {
    s = &g_array_index (yuv->scratch->stages, GstImAugStage, k);
    fill_yuv (&yuv->info, s->fill, v);
    memcpy (s->fill, v, sizeof (v));
  }
}

/* ---- spatial ---- */

/* Stages [first, last] on chroma plane @c: the luma chain between two
 * changes of units, chroma pixel -> luma pixel (its sited centre) before,
 * and back after. One sampler pass, at least bilinear (a chroma centre
 * rarely lands on one). */
static void
render_chroma (const Yuv * yuv, guint first, guint last, guint c,
    const Plane * in, Plane * out)
{
  GstImAugScratch *scratch = yuv->scratch;
  const GstImAugStage *s0 = &g_array_index (scratch->stages, GstImAugStage,
      first);
  gdouble fx = 1 << yuv->sub[0], fy = 1 << yuv->sub[1];
  gdouble to_luma[9] = { fx, 0, yuv->site[0], 0, fy, yuv->site[1], 0, 0, 1 };
  gdouble to_chroma[9] = { 1 / fx, 0, -yuv->site[0] / fx, 0, 1 / fy,
    -yuv->site[1] / fy, 0, 0, 1
  };
  GstImAugLink link, *l;
  GstImRemapSource src;
  GstImRemapExtend extend;

  gst_im_aug_build_links (scratch->stages, first, last, FALSE,
      scratch->links);
  memset (&link, 0, sizeof (link));
  l = &g_array_index (scratch->links, GstImAugLink, 0);
  if (l->map == NULL) {
    gst_im_aug_matrix_multiply (l->m, to_luma, l->m);
  } else {
    memcpy (link.m, to_luma, sizeof (link.m));
    g_array_prepend_val (scratch->links, link);
  }
  l = &g_array_index (scratch->links, GstImAugLink, scratch->links->len - 1);
  /* a fold into the source (its window, where it reads one) is left to
   * the sampler, at the chroma plane's edges: half a chroma pixel from
   * the luma rule at most, and one matrix less between the two ends */
  extend = s0->interpolation < 0 || s0->win[2] > 0 ? GST_IM_REMAP_EXTEND_COPY
      : gst_im_aug_extend_of (s0->border_mode);
  if (l->map == NULL && l->border == s0 && s0->interpolation >= 0)
    l->border = NULL;
  if (l->map == NULL && l->border == NULL) {
    gst_im_aug_matrix_multiply (to_chroma, l->m, l->m);
  } else {
    memcpy (link.m, to_chroma, sizeof (link.m));
    g_array_append_val (scratch->links, link);
  }

  memset (&src, 0, sizeof (src));
  src.data = in->data;
  src.stride = in->stride;
  src.width = in->w;
  src.height = in->h;
  src.bpp = 1;
  src.interp = MAX (gst_im_aug_interpolation_of (scratch->stages, first,
          last), GST_IM_REMAP_BILINEAR);
  src.extend_x = src.extend_y = extend;
  /* fusing keeps one constant fill: the first stage's that has one */
  src.background[0] = (guint8) CLAMP (s0->fill[c] + 0.5, 0, 255);
  for (l = NULL; first <= last; first++) {
    s0 = &g_array_index (scratch->stages, GstImAugStage, first);
    if (s0->interpolation >= 0 && s0->border_mode == 0) {
      src.background[0] = (guint8) CLAMP (s0->fill[c] + 0.5, 0, 255);
      break;
    }
  }
  gst_im_aug_render_links (scratch->links, &src, out->data, out->stride,
      out->w, out->h, yuv->pool, yuv->chunk_rows);
}

/* ---- pixels ---- */

static const GstImAugLayout grey = { 1, 1, {0, 0, 0}, -1 };

/* A pass over one chroma plane (to neutral) or two (a rotation of the
 * colour differences). */
typedef struct
{
  const Plane *in;
  Plane *out;
  const Plane *in_v;            /* a rotation: V in, out; NULL: neutral */
  Plane *out_v;
  gint m[4];                    /* (u, v) -> m (u, v), 1 = 1 << 16 */
} PlaneJob;

static void
plane_rows (guint y0, guint y1, gpointer data)
{
  const PlaneJob *job = data;
  const guint8 *u, *v;
  guint8 *du, *dv;
  gint a, b;
  guint x, y;

  for (y = y0; y < y1; y++) {
    u = job->in->data + (gsize) y * job->in->stride;
    du = job->out->data + (gsize) y * job->out->stride;
    if (job->in_v) {
      v = job->in_v->data + (gsize) y * job->in_v->stride;
      dv = job->out_v->data + (gsize) y * job->out_v->stride;
      for (x = 0; x < job->in->w; x++) {
        a = u[x] - 128;
        b = v[x] - 128;
        du[x] = CLAMP (128 + ((job->m[0] * a + job->m[1] * b + 32768) >> 16),
            0, 255);
        dv[x] = CLAMP (128 + ((job->m[2] * a + job->m[3] * b + 32768) >> 16),
            0, 255);
      }
    } else {
      memset (du, 128, job->in->w);
    }
  }
}

static void
run_plane (const Yuv * yuv, PlaneJob * job)
{
  gst_im_parallel_rows (yuv->pool, job->in->h, yuv->chunk_rows, plane_rows,
      job);
}

/* Luma in studio range (16-235) is brought to 0-255 for the transforms
 * that act on levels (they are albumentations' on RGB) and back. */
static guint8
expand (const Yuv * yuv, guint i)
{
  if (yuv->info.colorimetry.range != GST_VIDEO_COLOR_RANGE_16_235)
    return i;
  return (guint8) CLAMP (lround ((i - 16.0) * 255 / 219), 0, 255);
}

static guint8
compress (const Yuv * yuv, guint v)
{
  if (yuv->info.colorimetry.range != GST_VIDEO_COLOR_RANGE_16_235)
    return v;
  return (guint8) lround (16 + v * 219.0 / 255);
}

/* @in through @table to @out (same size), with the SIMD table pass of
 * the point transforms */
static void
run_table (const Yuv * yuv, const Plane * in, Plane * out,
    const guint8 * table)
{
  GstImAugPixels pass = { NULL, &grey, in->data, in->stride, out->data,
    out->stride, in->w, in->h, yuv->pool, yuv->chunk_rows
  };
  guint8 lut[3][256];

  memcpy (lut[0], table, 256);
  gst_im_aug_apply_lut (&pass, lut);
}

/* A luma pass of @step (any pixel transform on grey) at full range. */
static void
luma_pass (const Yuv * yuv, const GstImAugStep * step, const Plane * in,
    Plane * out)
{
  GstImAugPixels pass = { step, &grey, in->data, in->stride, out->data,
    out->stride, in->w, in->h, yuv->pool, yuv->chunk_rows
  };
  guint8 up[256], down[256];
  guint i;

  if (yuv->info.colorimetry.range == GST_VIDEO_COLOR_RANGE_16_235) {
    for (i = 0; i < 256; i++) {
      up[i] = expand (yuv, i);
      down[i] = compress (yuv, i);
    }
    /* out is not in: expand into it, then transform it in a scratch */
    run_table (yuv, in, out, up);
    pass.src = out->data;
    pass.src_stride = out->stride;
    pass.dst = gst_im_aug_plane_image (yuv->scratch, 12,
        (gsize) out->stride * out->h);
    step->klass->pixels (&pass);
    {
      Plane mid = { pass.dst, out->stride, out->w, out->h };

      run_table (yuv, &mid, out, down);
    }
    return;
  }
  step->klass->pixels (&pass);
}

/* Pixel steps [first, last] (one step, or a run of point transforms) on
 * plane @c. */
static void
render_pixels (const Yuv * yuv, GstImAugSegment kind, guint first,
    guint last, guint c, const Plane * in, Plane * out)
{
  const GArray *steps = yuv->plan->steps;
  const GstImAugStep *step = &g_array_index (steps, GstImAugStep, first);
  GstImAugStep noisy;
  GstImAugPixels pass = { step, &grey, in->data, in->stride, out->data,
    out->stride, in->w, in->h, yuv->pool, yuv->chunk_rows
  };
  PlaneJob job = { in, out };
  guint8 table[256], identity[256], lut[3][256];
  YuvAction action = YUV_LUMA;
  gdouble t;
  guint i, k;

  if (c == 0 && kind == GST_IM_AUG_SEGMENT_LUT) {
    /* the run's tables (none reads a histogram) between the ranges */
    for (i = 0; i < 256; i++)
      lut[0][i] = expand (yuv, i);
    for (k = first; k <= last; k++) {
      step = &g_array_index (steps, GstImAugStep, k);
      step->klass->lut (step, 1, lut, NULL);
    }
    for (i = 0; i < 256; i++)
      table[i] = compress (yuv, lut[0][i]);
    run_table (yuv, in, out, table);
    return;
  }
  yuv_action (step->klass, &action);
  if (c > 0 && kind == GST_IM_AUG_SEGMENT_LUT) {
    /* contrast scales the colour differences; gamma leaves them */
    for (i = 0; i < 256; i++) {
      t = i;
      for (k = first; k <= last; k++) {
        step = &g_array_index (steps, GstImAugStep, k);
        yuv_action (step->klass, &action);
        if (action == YUV_LUMA_CONTRAST)
          t = CLAMP (128 + step->v[0] * (t - 128), 0, 255);
      }
      table[i] = (guint8) (t + 0.5);
    }
    run_table (yuv, in, out, table);
    return;
  }
  for (i = 0; i < 256; i++)
    identity[i] = i;
  switch (action) {
    case YUV_ALL_PLANES:
      step->klass->pixels (&pass);
      break;
    case YUV_NOISE:
      /* a field of its own for each plane */
      noisy = *step;
      noisy.key.key[1] ^= c * 0x9e3779b9u;
      pass.step = &noisy;
      step->klass->pixels (&pass);
      break;
    case YUV_GREY:
      if (c == 0)
        run_table (yuv, in, out, identity);
      else
        run_plane (yuv, &job);
      break;
    default:                   /* luma alone; ColorJitter's chroma apart */
      if (c == 0)
        luma_pass (yuv, step, in, out);
      else
        run_table (yuv, in, out, identity);
      break;
  }
}

/* ColorJitter on chroma: brightness, contrast and saturation scale the
 * colour differences, hue turns them (HSV's hue goes R, G, B as the
 * (Cb, Cr) angle grows); clipping aside, in any order. */
static void
render_jitter_chroma (const Yuv * yuv, const GstImAugStep * step,
    const Plane * in, Plane * out)
{
  const gdouble *v = step->v;
  gdouble k = CLAMP (v[0], 0, 1e4) * CLAMP (v[1], 0, 1e4)
      * CLAMP (v[2], 0, 1e4), a = 2 * G_PI * v[3];
  PlaneJob job = { &in[0], &out[0], &in[1], &out[1] };

  job.m[0] = (gint) lround (65536 * k * cos (a));
  job.m[1] = (gint) lround (-65536 * k * sin (a));
  job.m[2] = (gint) lround (65536 * k * sin (a));
  job.m[3] = job.m[0];
  run_plane (yuv, &job);
}

/* ---- the frame ---- */

/* gst_im_aug_plan_render () for YUV frames. */
gboolean
gst_im_aug_render_yuv (const GstImAugPlan * plan, const GstVideoFrame * in,
    GstVideoFrame * out, gboolean fuse, GstImWorkerPool * pool,
    guint chunk_rows, GstImAugScratch * scratch, GError ** error)
{
  const GstVideoFormatInfo *finfo = in->info.finfo;
  Yuv yuv = { plan, scratch, pool, chunk_rows };
  Plane src[3], dst[3], tmp[3], *to;
  const GstImAugStage *s;
  const GstImAugStep *step;
  GstImAugSegment kind;
  gboolean jitter;
  guint c, k, last, n = plan->steps->len, slot[3] = { 0, 0, 0 };

  if (GST_VIDEO_FORMAT_INFO_N_COMPONENTS (finfo) != 3
      || GST_VIDEO_FORMAT_INFO_BITS (finfo) != 8) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_PLAN,
        "augment renders 8-bit Y'CbCr frames, not %s",
        GST_VIDEO_FORMAT_INFO_NAME (finfo));
    return FALSE;
  }
  for (k = 0; k < n; k++) {
    step = &g_array_index (plan->steps, GstImAugStep, k);
    if (!yuv_action (step->klass, NULL)) {
      g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_PLAN,
          "%s has no meaning on %s frames (augment acts on their planes "
          "without converting them to RGB)", step->klass->name,
          GST_VIDEO_FORMAT_INFO_NAME (finfo));
      return FALSE;
    }
  }
  yuv.info = in->info;
  for (c = 0; c < 2; c++) {
    yuv.sub[c] = c ? finfo->h_sub[1] : finfo->w_sub[1];
    yuv.site[c] = in->info.chroma_site & (c ? GST_VIDEO_CHROMA_SITE_V_COSITED
        : GST_VIDEO_CHROMA_SITE_H_COSITED) ? 0 :
        ((1 << yuv.sub[c]) - 1) / 2.0;
  }
  /* slots 0-2: the input's planes gathered; 3-5: the output's */
  for (c = 0; c < 3; c++) {
    plane_of (scratch, (GstVideoFrame *) in, c, c, TRUE, &src[c]);
    plane_of (scratch, out, c, 3 + c, FALSE, &dst[c]);
  }
  gst_im_aug_build_stages (plan, scratch);
  fuse = fuse && gst_im_aug_fusable (scratch->stages);
  stage_fills_to_yuv (&yuv);

  for (k = 0; k < n; k = last + 1) {
    kind = gst_im_aug_next_segment (plan, scratch, k, fuse, &last);
    s = &g_array_index (scratch->stages, GstImAugStage, last);
    step = &g_array_index (plan->steps, GstImAugStep, k);
    jitter = kind == GST_IM_AUG_SEGMENT_PIXELS
        && !strcmp (step->klass->name, "ColorJitter");
    for (c = 0; c < 3; c++) {
      /* the last segment writes the output; the others a scratch image
       * (6 + 2c or 7 + 2c, never the one read) */
      if (last + 1 == n) {
        to = &dst[c];
      } else {
        tmp[c].w = c ? (guint) GST_VIDEO_SUB_SCALE (yuv.sub[0], s->out_w) :
            s->out_w;
        tmp[c].h = c ? (guint) GST_VIDEO_SUB_SCALE (yuv.sub[1], s->out_h) :
            s->out_h;
        tmp[c].stride = GST_ROUND_UP_8 (tmp[c].w);
        slot[c] = slot[c] == 6 + 2 * c ? 7 + 2 * c : 6 + 2 * c;
        tmp[c].data = gst_im_aug_plane_image (scratch, slot[c],
            (gsize) tmp[c].stride * tmp[c].h + 8);
        to = &tmp[c];
      }
      if (kind == GST_IM_AUG_SEGMENT_SPATIAL
          || kind == GST_IM_AUG_SEGMENT_AREA) {
        if (c == 0)
          gst_im_aug_render_spatial (scratch, kind, k, last, src[0].data,
              src[0].stride, to->data, to->stride, 1, pool, chunk_rows);
        else
          render_chroma (&yuv, k, last, c, &src[c], to);
      } else if (!jitter || c == 0) {
        render_pixels (&yuv, kind, k, last, c, &src[c], to);
      } else if (c == 2) {
        /* U and V together */
        render_jitter_chroma (&yuv, step, &src[1], last + 1 == n ? &dst[1] :
            &tmp[1]);
      }
    }
    for (c = 0; c < 3; c++)
      src[c] = last + 1 == n ? dst[c] : tmp[c];
  }
  for (c = 0; c < 3; c++) {
    if (n == 0)
      for (k = 0; k < dst[c].h; k++)
        memcpy (dst[c].data + (gsize) k * dst[c].stride,
            src[c].data + (gsize) k * src[c].stride, dst[c].w);
    scatter (&dst[c], out, c);
  }
  return TRUE;
}
