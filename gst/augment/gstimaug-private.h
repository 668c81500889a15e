/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_AUG_PRIVATE_H__
#define __GST_IM_AUG_PRIVATE_H__

#include <gst/imagemill/gstimaugment.h>
#include <gst/imagemill/gstimdraw.h>
#include <gst/imagemill/gstimremap.h>
#include <gst/imagemill/gstimresample.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The shapes a parameter takes in a description. Each spec owns
 * gst_im_aug_param_slots() consecutive doubles of its node's values. */
typedef enum
{
  GST_IM_AUG_NUMBER,            /* one number */
  GST_IM_AUG_INT,               /* one integer */
  GST_IM_AUG_BOOL,              /* true / false: 1 / 0 */
  GST_IM_AUG_RANGE,             /* number or [a, b]: a, b (see expand) */
  GST_IM_AUG_INT_RANGE,         /* integer or [a, b] of integers */
  GST_IM_AUG_FLAG,              /* one of the integers listed in choices */
  GST_IM_AUG_CHOICE,            /* one of the strings in choices: its index */
  GST_IM_AUG_FILL,              /* number or 1..4 numbers: n, c0..c3 */
  GST_IM_AUG_XY_RANGE,          /* number, [a, b] or {"x": .., "y": ..}:
                                 * x0, x1, y0, y1; null: NaN (if nullable) */
  GST_IM_AUG_SIZE,              /* [height, width] of positive integers */
  GST_IM_AUG_SIZE_OR_INT,       /* integer or [height, width]; null: NaN */
} GstImAugParamType;

/* How a single number becomes a range. */
typedef enum
{
  GST_IM_AUG_EXPAND_SAME,       /* x: (x, x) */
  GST_IM_AUG_EXPAND_SYMMETRIC,  /* x: (-x, x) */
  GST_IM_AUG_EXPAND_FROM_ZERO,  /* x: (0, x) */
  GST_IM_AUG_EXPAND_FROM_ONE,   /* x: (1, x), sorted */
} GstImAugExpand;

typedef struct
{
  const gchar *name;            /* albumentations 2.x name */
  GstImAugParamType type;
  const gchar *def;             /* default as JSON text (2.x); NULL: required */
  const gchar *def_1_4;         /* the 1.4 default where it differs */
  gdouble min, max;             /* accepted numbers (inclusive) */
  GstImAugExpand expand;
  const gchar *const *choices;  /* FLAG: "0", "1".. CHOICE: names */
  const gchar *const *aliases;  /* older names of the same shape */
  guint flags;
  gdouble missing;              /* XY_RANGE: an axis left out of {x, y} */
} GstImAugParamSpec;

#define GST_IM_AUG_NULLABLE 1   /* null accepted: NaN in its slots */
#define GST_IM_AUG_BIAS_ONE 2   /* a range given as limits around 1.0: +1 */

typedef struct _GstImAugClass GstImAugClass;
typedef struct _GstImAugPixels GstImAugPixels;
typedef struct _GstImAugNode GstImAugNode;
typedef struct _GstImAugStep GstImAugStep;
typedef struct _GstImAugStage GstImAugStage;

/* One applied transform of a plan: its concrete values, named by the
 * class' applied table, and the size of its input and output. */
#define GST_IM_AUG_MAX_VALUES 24
struct _GstImAugStep
{
  const GstImAugClass *klass;
  guint position;
  guint in_w, in_h, out_w, out_h;
  gdouble v[GST_IM_AUG_MAX_VALUES];
  GstImDrawKey key;             /* its draws: random fields redraw from it */
  /* set while drawing only: */
  gboolean v1_4;                /* the pipeline's version */
  const gchar *problem;         /* the input cannot take this transform */
};

typedef struct
{
  const gchar *name;
  guint n;                      /* consecutive values */
} GstImAugApplied;

/* The geometry of one step: out pixel centre (x, y) -> in pixel centre
 * (u, v), pixel centres at integers as OpenCV has them. */
typedef enum
{
  GST_IM_AUG_STAGE_MATRIX,      /* (u, v, w) = m * (x, y, 1), then / w */
  GST_IM_AUG_STAGE_MAP,         /* map () per row */
} GstImAugStageKind;

struct _GstImAugStage
{
  GstImAugStageKind kind;
  guint in_w, in_h, out_w, out_h;
  gdouble m[9];
  /* MAP: replaces the n points (x, y) of xy by their (u, v) */
  void (*map) (const GstImAugStage * stage, guint n, gdouble * xy);
  gpointer map_data;
  GDestroyNotify map_data_free;
  /* MAP, when u depends on x alone and v on y alone: at the integer points
   * (x, y) of the output, (u, v) = (sep_u[x], sep_v[y]); NULL otherwise */
  const gfloat *sep_u, *sep_v;
  gint interpolation;           /* OpenCV's INTER_*; -1: exact (no
                                 * interpolation: flips, crops) */
  gint border_mode;             /* OpenCV's BORDER_* */
  gdouble win[4];               /* x, y, w, h: the part of the input read;
                                 * w = 0 for all of it */
  gdouble fill[4];
  /* every out pixel maps inside the input: no bounds test is needed after
   * this stage, so its matrix folds into the next */
  gboolean inside;
};

/* Where a pixel transform finds the channels in a pixel of the frame. */
typedef struct
{
  guint bpp;                    /* bytes per pixel, 1..4 */
  guint n_colour;               /* 3 (RGB-like) or 1 (grey) */
  guint rgb[3];                 /* byte offsets of R, G, B; grey: 0, 0, 0 */
  gint alpha;                   /* byte offset of alpha or padding; -1 */
} GstImAugLayout;

/* Per-channel histograms of the colour channels, RGB order. */
typedef struct
{
  guint64 n;                    /* pixels counted */
  guint32 h[3][256];
} GstImAugHistogram;

/* One pass of a pixel transform: @src to @dst (never the same memory),
 * both width x height of the layout. Rows go to the workers in bands of
 * chunk_rows (gst_im_parallel_rows); the bytes must not depend on them. */
struct _GstImAugPixels
{
  const GstImAugStep *step;
  const GstImAugLayout *layout;
  const guint8 *src;
  gint src_stride;
  guint8 *dst;
  gint dst_stride;
  guint width, height;
  GstImWorkerPool *pool;
  guint chunk_rows;
};

struct _GstImAugClass
{
  const gchar *name;
  gdouble default_p;            /* the constructor's p; 0 reads as 0.5 */
  const GstImAugParamSpec *params;
  guint n_params;
  const GstImAugApplied *applied;
  guint n_applied;
  /* 1.4 spellings that change shape (height/width -> size), rewritten in
   * place before the parameters are read; NULL: none */
  gboolean (*upgrade) (JsonObject * object, GError ** error);
  /* checks between parameters; NULL: none */
  const gchar *(*check) (const gdouble * params);
  /* draws the concrete values for an input of in_w x in_h, sets out_w/h */
  void (*draw) (const gdouble * params, const GstImDrawKey * key,
      GstImAugStep * step);
  /* the geometry of a step; NULL for a pixel transform */
  void (*stage) (const GstImAugStep * step, GstImAugStage * stage);
  /* a point transform: maps each channel's table through itself,
   * lut[c][i] = f_c (lut[c][i]), channels in RGB order (grey: lut[0]);
   * @hist: the histogram of the image the tables now give, where
   * needs_histogram says so (NULL otherwise) */
  void (*lut) (const GstImAugStep * step, guint n_colour,
      guint8 lut[3][256], const GstImAugHistogram * hist);
  gboolean (*needs_histogram) (const GstImAugStep * step);
  /* any other pixel transform: one pass from src to dst, same size */
  void (*pixels) (const GstImAugPixels * pass);
};

typedef enum
{
  GST_IM_AUG_TRANSFORM,
  GST_IM_AUG_COMPOSE,
  GST_IM_AUG_ONE_OF,
  GST_IM_AUG_SOME_OF,
  GST_IM_AUG_SEQUENTIAL,
  GST_IM_AUG_ONE_OR_OTHER,
} GstImAugNodeKind;

struct _GstImAugNode
{
  GstImAugNodeKind kind;
  gdouble p;
  guint position;               /* pre-order index: names its draws */
  const GstImAugClass *klass;   /* TRANSFORM */
  gdouble *params;              /* TRANSFORM: the specs' slots */
  GPtrArray *children;          /* groups */
  gint n_min, n_max;            /* SOME_OF: how many */
  gboolean replace;             /* SOME_OF */
};

struct _GstImAugPipeline
{
  gint ref_count;
  GstImAugNode *root;
  gboolean v1_4;                /* described with albumentations 1.4 */
  guint n_positions;
  gboolean has_box_params;      /* Compose's bbox_params were given */
  GstImAugBoxFilter box_filter;
};

struct _GstImAugPlan
{
  gchar *problem;               /* why the frame cannot be augmented */
  guint64 seed, frame_key;
  guint copy;
  guint in_w, in_h, out_w, out_h;
  GArray *steps;                /* GstImAugStep */
};

/* the class table */
G_GNUC_INTERNAL const GstImAugClass *gst_im_aug_class_find (const gchar * name);
G_GNUC_INTERNAL guint gst_im_aug_param_slots (const GstImAugParamSpec * spec);
G_GNUC_INTERNAL guint gst_im_aug_class_n_slots (const GstImAugClass * klass);
G_GNUC_INTERNAL gint gst_im_aug_param_index (const GstImAugClass * klass,
    const gchar * name);

/* reading values: gstimaugparams.c */
G_GNUC_INTERNAL gboolean gst_im_aug_param_read (const GstImAugParamSpec * spec,
    JsonNode * node, gdouble * slots, gchar ** problem);
G_GNUC_INTERNAL void gst_im_aug_param_write (const GstImAugParamSpec * spec,
    const gdouble * slots, GString * out);
G_GNUC_INTERNAL void gst_im_aug_number_write (gdouble value, GString * out);

/* the string grammar: gstimaugstring.c */
G_GNUC_INTERNAL JsonNode *gst_im_aug_string_parse (const gchar * text,
    GError ** error);

/* boxes: gstimaugboxes.c */
G_GNUC_INTERNAL gboolean gst_im_aug_box_params_read (JsonNode * node,
    GstImAugBoxFilter * filter, gchar ** problem);

/* draws: gstimaugplan.c */
G_GNUC_INTERNAL gdouble gst_im_aug_draw_range (const GstImDrawKey * key,
    guint index, const gdouble * range);

/* One link of a chain: a matrix (several stages multiplied) or a map
 * stage, then the border of the image it lands in. */
typedef struct
{
  gdouble m[9];
  const GstImAugStage *map;     /* NULL: the matrix */
  const GstImAugStage *border;  /* the stage whose input the point is in:
                                 * its size and border mode; NULL: no test */
} GstImAugLink;

/* the chain: gstimaugchain.c */
G_GNUC_INTERNAL void gst_im_aug_build_links (const GArray * stages,
    guint first, guint last, gboolean view, GArray * links);
G_GNUC_INTERNAL void gst_im_aug_chain_row (const GstImAugLink * links,
    guint n_links, guint y, guint x0, guint n, gdouble * xy);

/* the working memory of gst_im_aug_plan_render () */
struct _GstImAugScratch
{
  GArray *stages;               /* GstImAugStage */
  GArray *links;                /* GstImAugLink, from the output back */
  guint8 *image[2];             /* intermediates between passes */
  gsize image_size[2];
  GstImResampler *area;         /* the last INTER_AREA pass */
  GstImResampler *resize;       /* the last separable resize pass */
  guint8 *planes[13];           /* YUV frames: planes gathered, between */
  gsize planes_size[13];        /* passes (gstimaugyuv.c) */
};

/* axis-aligned passes: gstimaugresize.c */
G_GNUC_INTERNAL gboolean gst_im_aug_render_resize (GstImAugScratch * scratch,
    guint first, guint last, const GstImRemapSource * src, guint8 * dst,
    gint dst_stride, GstImWorkerPool * pool, guint chunk_rows);
G_GNUC_INTERNAL gboolean gst_im_aug_stage_is_area (const GArray * stages,
    guint k);
G_GNUC_INTERNAL void gst_im_aug_render_area (GstImAugScratch * scratch,
    guint k, const guint8 * src, gint src_stride, guint8 * dst,
    gint dst_stride, guint bpp, GstImWorkerPool * pool, guint chunk_rows);

/* geometry: gstimauggeom.c */
typedef enum
{
  GST_IM_AUG_SEGMENT_SPATIAL,   /* a run of spatial stages, resampled once */
  GST_IM_AUG_SEGMENT_AREA,      /* an INTER_AREA downscale */
  GST_IM_AUG_SEGMENT_LUT,       /* a run of point transforms */
  GST_IM_AUG_SEGMENT_PIXELS,    /* one other pixel transform */
} GstImAugSegment;

G_GNUC_INTERNAL void gst_im_aug_build_stages (const GstImAugPlan * plan,
    GstImAugScratch * scratch);
G_GNUC_INTERNAL gboolean gst_im_aug_fusable (const GArray * stages);
G_GNUC_INTERNAL GstImAugSegment gst_im_aug_next_segment (
    const GstImAugPlan * plan, const GstImAugScratch * scratch, guint k,
    gboolean fuse, guint * last);
G_GNUC_INTERNAL void gst_im_aug_render_spatial (GstImAugScratch * scratch,
    GstImAugSegment kind, guint first, guint last, const guint8 * src,
    gint src_stride, guint8 * dst, gint dst_stride, guint bpp,
    GstImWorkerPool * pool, guint chunk_rows);
G_GNUC_INTERNAL void gst_im_aug_render_links (const GArray * links,
    const GstImRemapSource * src, guint8 * dst, gint dst_stride, guint out_w,
    guint out_h, GstImWorkerPool * pool, guint chunk_rows);
G_GNUC_INTERNAL GstImRemapInterpolation gst_im_aug_interpolation_of (
    const GArray * stages, guint first, guint last);
G_GNUC_INTERNAL GstImRemapExtend gst_im_aug_extend_of (gint border_mode);
G_GNUC_INTERNAL guint8 *gst_im_aug_scratch_image (GstImAugScratch * scratch,
    guint i, gsize size);
G_GNUC_INTERNAL guint8 *gst_im_aug_plane_image (GstImAugScratch * scratch,
    guint i, gsize size);

/* YUV frames: gstimaugyuv.c */
G_GNUC_INTERNAL gboolean gst_im_aug_render_yuv (const GstImAugPlan * plan,
    const GstVideoFrame * in, GstVideoFrame * out, gboolean fuse,
    GstImWorkerPool * pool, guint chunk_rows, GstImAugScratch * scratch,
    GError ** error);
G_GNUC_INTERNAL void gst_im_aug_stage_init (GstImAugStage * stage,
    const GstImAugStep * step);
G_GNUC_INTERNAL void gst_im_aug_matrix_multiply (const gdouble * a,
    const gdouble * b, gdouble * out);
G_GNUC_INTERNAL gboolean gst_im_aug_matrix_invert (const gdouble * m,
    gdouble * out);
G_GNUC_INTERNAL gdouble *gst_im_aug_row_doubles (gsize n);

/* shared by the spatial transforms: gstimaugclass.c */
extern G_GNUC_INTERNAL const gchar *const gst_im_aug_interpolations[];
extern G_GNUC_INTERNAL const gchar *const gst_im_aug_border_modes[];
G_GNUC_INTERNAL void gst_im_aug_set_common (GstImAugStage * stage,
    const gdouble * v);
G_GNUC_INTERNAL void gst_im_aug_copy_common (gdouble * v,
    gdouble interpolation, const gdouble * border_fill);
G_GNUC_INTERNAL void gst_im_aug_set_forward (GstImAugStage * stage,
    const gdouble * forward);
G_GNUC_INTERNAL gdouble gst_im_aug_round_even (gdouble x);

/* The parameters interpolation, border_mode, fill, as most spatial
 * transforms take them (FILL: 5 slots) */
#define GST_IM_AUG_SPEC_INTERPOLATION \
  { .name = "interpolation", .type = GST_IM_AUG_FLAG, .def = "1", \
    .choices = gst_im_aug_interpolations }
#define GST_IM_AUG_SPEC_BORDER(def14) \
  { .name = "border_mode", .type = GST_IM_AUG_FLAG, .def = "0", \
    .def_1_4 = def14, .choices = gst_im_aug_border_modes, \
    .aliases = (const gchar *const[]) { "mode", "pad_mode", NULL } }
#define GST_IM_AUG_SPEC_FILL \
  { .name = "fill", .type = GST_IM_AUG_FILL, .def = "0", .min = 0, \
    .max = 255, .aliases = (const gchar *const[]) { "value", "cval", \
        "pad_val", "pad_cval", NULL } }
/* the applied values interpolation, border_mode, fill (6 values) */
#define GST_IM_AUG_APPLIED_COMMON \
  { "interpolation", 1 }, { "border_mode", 1 }, { "fill", 4 }
#define GST_IM_AUG_N_COMMON 6

/* the distortions record their own values after the common ones, and all
 * take border_mode with the 2.x default (1.4.24 ignores it: constant) */
#define GST_IM_AUG_DISTORT_COMMON 0
#define GST_IM_AUG_DISTORT_OWN GST_IM_AUG_N_COMMON
#define GST_IM_AUG_SPEC_DISTORT_BORDER \
  { .name = "border_mode", .type = GST_IM_AUG_FLAG, .def = "0", \
    .choices = gst_im_aug_border_modes }

/* pixel transforms: gstimaugpixel.c */
G_GNUC_INTERNAL gboolean gst_im_aug_is_pixel (const GstImAugStep * step);
G_GNUC_INTERNAL void gst_im_aug_layout_init (GstImAugLayout * layout,
    const GstVideoInfo * info);
G_GNUC_INTERNAL void gst_im_aug_render_lut (const GArray * steps,
    guint first, guint last, const GstImAugPixels * pass);
G_GNUC_INTERNAL void gst_im_aug_apply_lut (const GstImAugPixels * pass,
    guint8 lut[3][256]);
G_GNUC_INTERNAL void gst_im_aug_histogram (const GstImAugPixels * pass,
    const guint8 * data, gint stride, GstImAugHistogram * hist);
G_GNUC_INTERNAL guint8 *gst_im_aug_thread_bytes (guint slot, gsize n);
G_GNUC_INTERNAL void gst_im_aug_copy_alpha (const GstImAugPixels * pass,
    guint row_begin, guint row_end);

/* the pixel transform families, each a NULL-terminated table */
extern G_GNUC_INTERNAL const GstImAugClass *const gst_im_aug_lut_classes[],
    *const gst_im_aug_colour_classes[], *const gst_im_aug_histogram_classes[],
    *const gst_im_aug_filter_classes[], *const gst_im_aug_noise_classes[];

/* the transform families */
extern G_GNUC_INTERNAL const GstImAugClass gst_im_aug_horizontal_flip,
    gst_im_aug_vertical_flip, gst_im_aug_transpose, gst_im_aug_random_rotate90,
    gst_im_aug_rotate, gst_im_aug_affine, gst_im_aug_shift_scale_rotate,
    gst_im_aug_perspective, gst_im_aug_random_resized_crop,
    gst_im_aug_random_crop, gst_im_aug_center_crop, gst_im_aug_crop,
    gst_im_aug_resize, gst_im_aug_longest_max_size,
    gst_im_aug_smallest_max_size, gst_im_aug_pad_if_needed,
    gst_im_aug_grid_distortion, gst_im_aug_elastic_transform,
    gst_im_aug_optical_distortion;

G_END_DECLS

#endif /* __GST_IM_AUG_PRIVATE_H__ */
