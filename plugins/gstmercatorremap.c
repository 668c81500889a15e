/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:element-mercatorremap
 * @title: mercatorremap
 *
 * Redraws a Mercator world map as a transverse Mercator map, with the poles
 * moved to the equator at #GstMercatorRemap:pole-longitude (90°E) and its
 * antipode (90°W), or back again (#GstMercatorRemap:direction). Both maps span
 * longitude -180°..180° across the frame and Mercator latitude
 * -#GstMercatorRemap:max-latitude..+max-latitude down it.
 *
 * Like libvips' mapim, every output pixel is read from the input through an
 * index: out[x, y] = in[index[x, y]]. The index, with fixed-point sampling
 * weights, is a lookup table built once per caps (in row chunks on the
 * workers); each frame is only the gather, also in row chunks. Longitude wraps
 * around the input's left and right edges; rows are clamped at its top and
 * bottom; a pixel that maps beyond max-latitude gets
 * #GstMercatorRemap:background.
 *
 * With #GstMercatorRemap:reference-rounding the element reproduces the
 * formulas of seed 004 (InvMerc_MultiLine.py) exactly, its rounding included.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=30 pattern=smpte ! video/x-raw,format=RGB,width=720,height=360 ! mercatorremap ! videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "gstmercatorremap.h"

#ifdef __SSE2__
#include <emmintrin.h>
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define HAVE_SSSE3_DISPATCH 1
#include <tmmintrin.h>
#endif
#endif

GST_DEBUG_CATEGORY_STATIC (gst_mercator_remap_debug);
GST_DEBUG_CATEGORY_EXTERN (GST_CAT_PERFORMANCE);
#define GST_CAT_DEFAULT gst_mercator_remap_debug

#define DEFAULT_DIRECTION GST_MERCATOR_REMAP_TO_TRANSVERSE
#define DEFAULT_MAX_LATITUDE 85.0
#define DEFAULT_POLE_LONGITUDE 90.0
#define DEFAULT_INTERPOLATION GST_MERCATOR_REMAP_BILINEAR
#define DEFAULT_BACKGROUND 0xff000000
#define DEFAULT_REFERENCE_ROUNDING FALSE
#define DEFAULT_WORKERS 0
#define DEFAULT_CHUNK_ROWS 0

enum
{
  PROP_0,
  PROP_DIRECTION,
  PROP_MAX_LATITUDE,
  PROP_POLE_LONGITUDE,
  PROP_INTERPOLATION,
  PROP_REFERENCE_ROUNDING,
  PROP_BACKGROUND,              /* the ones above shape the table */
  PROP_WORKERS,
  PROP_CHUNK_ROWS,
};

/* Sizes fit in gint16 so that an edge pixel's source position packs into
 * 32 bits; a plane must also fit in 4 GiB (checked when the table is built). */
#define MAX_DIM 32767
#define FORMATS "{ RGB, BGR, RGBA, BGRA, ARGB, ABGR, RGBx, BGRx, xRGB, " \
    "xBGR, GRAY8, I420, YV12, Y42B, Y444 }"
#define CAPS_STR "video/x-raw, format = (string) " FORMATS ", " \
    "width = (int) [ 1, 32767 ], height = (int) [ 1, 32767 ], " \
    "framerate = (fraction) [ 0/1, MAX ]"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS_STR));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS_STR));

/* Sampling positions are in 1/128 pixel; bicubic weights in 1/256. */
#define FRAC_BITS 7
#define FRAC_ONE (1 << FRAC_BITS)
#define FRAC_MASK (FRAC_ONE - 1)
#define F_SPECIAL 0x8000        /* not on the fast path: see off[] */
#define F_BACKGROUND 0x4000     /* maps outside the source */

typedef struct
{
  GstMercatorRemapDirection direction;
  GstMercatorRemapInterpolation interpolation;
  gdouble max_latitude;         /* degrees */
  gdouble pole_longitude;       /* degrees east */
  gboolean reference_rounding;
} Geometry;

/* The lookup table of one plane. For output pixel i, frac[i] holds the
 * sampling fractions fx | fy << 7 and the flags. On the fast path off[i] is
 * the byte offset of the top-left tap in the source plane, whose whole
 * footprint is inside the plane; otherwise off[i] packs the (wrapped) column
 * and the row of the sampling point as two gint16. Each row lists its fast
 * runs [x0, x1) and its special pixels, so the fast loop has no branches. */
typedef struct
{
  guint out_w, out_h, in_w, in_h, bpp;
  gint in_stride;
  guint32 *off;
  guint16 *frac;
  guint32 *runs;                /* pairs x0, x1 */
  guint *row_runs;              /* out_h + 1 indices into runs, in pairs */
  guint32 *specials;            /* columns */
  guint *row_specials;          /* out_h + 1 indices into specials */
} PlaneTable;

struct _GstMercatorRemap
{
  GstVideoFilter parent;

  /* properties: GST_OBJECT_LOCK */
  Geometry geo;
  guint32 background;
  guint workers;
  guint chunk_rows;
  gboolean table_dirty;         /* a geometry property or the caps changed */

  /* streaming state */
  GstImWorkerPool *pool;
  guint pool_workers;
  PlaneTable *tables[GST_VIDEO_MAX_PLANES];     /* distinct tables */
  guint plane_table[GST_VIDEO_MAX_PLANES];      /* plane -> tables[] */
  guint n_tables;
  GstMercatorRemapInterpolation table_interpolation;
};

#define gst_mercator_remap_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstMercatorRemap, gst_mercator_remap,
    GST_TYPE_VIDEO_FILTER,
    GST_DEBUG_CATEGORY_INIT (gst_mercator_remap_debug, "mercatorremap", 0,
        "Mercator <-> transverse Mercator remap"));
GST_ELEMENT_REGISTER_DEFINE (mercatorremap, "mercatorremap", GST_RANK_NONE,
    GST_TYPE_MERCATOR_REMAP);

GType
gst_mercator_remap_direction_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_MERCATOR_REMAP_TO_TRANSVERSE, "Mercator to transverse Mercator",
        "to-transverse"},
    {GST_MERCATOR_REMAP_TO_MERCATOR, "Transverse Mercator to Mercator",
        "to-mercator"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstMercatorRemapDirection", values));
  return type;
}

GType
gst_mercator_remap_interpolation_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_MERCATOR_REMAP_NEAREST, "Nearest neighbour", "nearest"},
    {GST_MERCATOR_REMAP_BILINEAR, "Bilinear (2x2 taps)", "bilinear"},
    {GST_MERCATOR_REMAP_BICUBIC, "Bicubic (4x4 Catmull-Rom taps)", "bicubic"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstMercatorRemapInterpolation", values));
  return type;
}

/* Bilinear weights of taps (0,0), (1,0), (0,1), (1,1) for each fraction
 * fx | fy << 7, in 1/2^14; Catmull-Rom weights of taps -1, 0, 1, 2 for each
 * 1/128 position, in 1/256. */
static gint16 bilinear_w[FRAC_ONE * FRAC_ONE][4];
static gint16 cubic_w[FRAC_ONE][4];
static gboolean have_ssse3;

static void
init_weights (void)
{
  guint f, k, fx, fy;

  for (f = 0; f < FRAC_ONE * FRAC_ONE; f++) {
    fx = f & FRAC_MASK;
    fy = f >> FRAC_BITS;
    bilinear_w[f][0] = (FRAC_ONE - fx) * (FRAC_ONE - fy);
    bilinear_w[f][1] = fx * (FRAC_ONE - fy);
    bilinear_w[f][2] = (FRAC_ONE - fx) * fy;
    bilinear_w[f][3] = fx * fy;
  }
#ifdef HAVE_SSSE3_DISPATCH
  have_ssse3 = __builtin_cpu_supports ("ssse3");
#endif

  for (f = 0; f < FRAC_ONE; f++) {
    gdouble t = (gdouble) f / FRAC_ONE, d, w;
    gint sum = 0;

    for (k = 0; k < 4; k++) {
      d = fabs (t - ((gint) k - 1));
      w = d <= 1 ? (1.5 * d - 2.5) * d * d + 1 :
          ((-0.5 * d + 2.5) * d - 4) * d + 2;
      cubic_w[f][k] = (gint16) lrint (w * 256);
      sum += cubic_w[f][k];
    }
    /* the weights must add up to exactly 1, so flat areas stay flat */
    cubic_w[f][t < 0.5 ? 1 : 2] += 256 - sum;
  }
}

static void gst_mercator_remap_finalize (GObject * object);
static void gst_mercator_remap_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_mercator_remap_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstCaps *gst_mercator_remap_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter);
static GstCaps *gst_mercator_remap_fixate_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * othercaps);
static gboolean gst_mercator_remap_stop (GstBaseTransform * trans);
static gboolean gst_mercator_remap_set_info (GstVideoFilter * filter,
    GstCaps * incaps, GstVideoInfo * in_info, GstCaps * outcaps,
    GstVideoInfo * out_info);
static GstFlowReturn gst_mercator_remap_transform_frame (GstVideoFilter *
    filter, GstVideoFrame * in_frame, GstVideoFrame * out_frame);

static void
gst_mercator_remap_class_init (GstMercatorRemapClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_PLAYING;

  gst_im_init ();
  init_weights ();

  gobject_class->finalize = gst_mercator_remap_finalize;
  gobject_class->set_property = gst_mercator_remap_set_property;
  gobject_class->get_property = gst_mercator_remap_get_property;

  /**
   * GstMercatorRemap:direction:
   *
   * to-transverse reads a Mercator map and draws the transverse map (the
   * seed's transform); to-mercator reads a transverse map and draws the
   * Mercator map, the exact inverse.
   */
  g_object_class_install_property (gobject_class, PROP_DIRECTION,
      g_param_spec_enum ("direction", "Direction", "Which way to redraw the "
          "map", GST_TYPE_MERCATOR_REMAP_DIRECTION, DEFAULT_DIRECTION, flags));
  /**
   * GstMercatorRemap:max-latitude:
   *
   * The latitude, in degrees, at the top and bottom edges of both maps:
   * image rows are linear in Mercator y between -max-latitude and
   * +max-latitude. Ignored with #GstMercatorRemap:reference-rounding, whose
   * maps follow the seed's axes.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_LATITUDE,
      g_param_spec_double ("max-latitude", "Max latitude", "Latitude at the "
          "top and bottom edges of the maps, in degrees (1 to 89.9)", 1.0,
          89.9, DEFAULT_MAX_LATITUDE, flags));
  /**
   * GstMercatorRemap:pole-longitude:
   *
   * Longitude, in degrees east, where the transverse map's north pole sits on
   * the equator; its south pole is the antipode. The seed uses 90 (poles at
   * 90°E and 90°W). Ignored with #GstMercatorRemap:reference-rounding.
   */
  g_object_class_install_property (gobject_class, PROP_POLE_LONGITUDE,
      g_param_spec_double ("pole-longitude", "Pole longitude", "Longitude of "
          "the transverse map's north pole on the equator, in degrees east "
          "(-180 to 180)", -180.0, 180.0, DEFAULT_POLE_LONGITUDE, flags));
  /**
   * GstMercatorRemap:interpolation:
   *
   * How the source is sampled. Sampling positions are kept in 1/128 pixel.
   */
  g_object_class_install_property (gobject_class, PROP_INTERPOLATION,
      g_param_spec_enum ("interpolation", "Interpolation", "How the source "
          "is sampled", GST_TYPE_MERCATOR_REMAP_INTERPOLATION,
          DEFAULT_INTERPOLATION, flags));
  /**
   * GstMercatorRemap:background:
   *
   * Colour of the pixels that map outside the source, as 0xAARRGGBB (as in
   * videobox and compositor). Converted to the stream's format; the alpha
   * byte is written into formats that have one.
   */
  g_object_class_install_property (gobject_class, PROP_BACKGROUND,
      g_param_spec_uint ("background", "Background", "Colour of pixels that "
          "map outside the source, as 0xAARRGGBB", 0, G_MAXUINT32,
          DEFAULT_BACKGROUND, flags));
  /**
   * GstMercatorRemap:reference-rounding:
   *
   * Reproduce seed 004's to-transverse formulas exactly: transverse
   * longitude and latitude rounded to 2 decimals (Python round), latitude and
   * longitude rounded to 3 decimals (numpy round), the (line + 1) / height
   * latitude step over ±175 "degrees", input rows linear in latitude over
   * ±90°, integer truncation and clamping at the last column and row. With
   * nearest, the output equals the seed's pixel for pixel. to-mercator then
   * inverts the seed's axes, without rounding.
   */
  g_object_class_install_property (gobject_class, PROP_REFERENCE_ROUNDING,
      g_param_spec_boolean ("reference-rounding", "Reference rounding",
          "Reproduce the seed's formulas exactly, rounding included",
          DEFAULT_REFERENCE_ROUNDING, flags));
  /**
   * GstMercatorRemap:workers:
   *
   * Threads that build the table and gather the frames, the streaming thread
   * included. 0 means one per core.
   */
  g_object_class_install_property (gobject_class, PROP_WORKERS,
      g_param_spec_uint ("workers", "Workers", "Worker threads "
          "(0 = one per core)", 0, 1024, DEFAULT_WORKERS, flags));
  /**
   * GstMercatorRemap:chunk-rows:
   *
   * Output rows per band handed to a worker (the seed's "lines per core").
   * 0 picks about four bands per worker.
   */
  g_object_class_install_property (gobject_class, PROP_CHUNK_ROWS,
      g_param_spec_uint ("chunk-rows", "Chunk rows", "Output rows per work "
          "band (0 = automatic)", 0, MAX_DIM, DEFAULT_CHUNK_ROWS, flags));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Mercator remap", "Filter/Effect/Video",
      "Redraws a Mercator map as a transverse Mercator map and back",
      "imagemill developers");

  trans_class->transform_caps =
      GST_DEBUG_FUNCPTR (gst_mercator_remap_transform_caps);
  trans_class->fixate_caps = GST_DEBUG_FUNCPTR (gst_mercator_remap_fixate_caps);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_mercator_remap_stop);
  filter_class->set_info = GST_DEBUG_FUNCPTR (gst_mercator_remap_set_info);
  filter_class->transform_frame =
      GST_DEBUG_FUNCPTR (gst_mercator_remap_transform_frame);

  gst_type_mark_as_plugin_api (GST_TYPE_MERCATOR_REMAP_DIRECTION, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_MERCATOR_REMAP_INTERPOLATION, 0);
}

static void
gst_mercator_remap_init (GstMercatorRemap * self)
{
  self->geo.direction = DEFAULT_DIRECTION;
  self->geo.interpolation = DEFAULT_INTERPOLATION;
  self->geo.max_latitude = DEFAULT_MAX_LATITUDE;
  self->geo.pole_longitude = DEFAULT_POLE_LONGITUDE;
  self->geo.reference_rounding = DEFAULT_REFERENCE_ROUNDING;
  self->background = DEFAULT_BACKGROUND;
  self->workers = DEFAULT_WORKERS;
  self->chunk_rows = DEFAULT_CHUNK_ROWS;
  self->table_dirty = TRUE;
}

static void
plane_table_free (PlaneTable * t)
{
  g_free (t->off);
  g_free (t->frac);
  g_free (t->runs);
  g_free (t->row_runs);
  g_free (t->specials);
  g_free (t->row_specials);
  g_free (t);
}

static void
free_tables (GstMercatorRemap * self)
{
  guint i;

  for (i = 0; i < self->n_tables; i++)
    plane_table_free (self->tables[i]);
  self->n_tables = 0;
}

static void
gst_mercator_remap_finalize (GObject * object)
{
  GstMercatorRemap *self = GST_MERCATOR_REMAP (object);

  free_tables (self);
  gst_im_worker_pool_free (self->pool);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_mercator_remap_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstMercatorRemap *self = GST_MERCATOR_REMAP (object);
  Geometry *geo = &self->geo;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DIRECTION:
      geo->direction = g_value_get_enum (value);
      break;
    case PROP_MAX_LATITUDE:
      geo->max_latitude = g_value_get_double (value);
      break;
    case PROP_POLE_LONGITUDE:
      geo->pole_longitude = g_value_get_double (value);
      break;
    case PROP_INTERPOLATION:
      geo->interpolation = g_value_get_enum (value);
      break;
    case PROP_REFERENCE_ROUNDING:
      geo->reference_rounding = g_value_get_boolean (value);
      break;
    case PROP_BACKGROUND:
      self->background = g_value_get_uint (value);
      break;
    case PROP_WORKERS:
      self->workers = g_value_get_uint (value);
      break;
    case PROP_CHUNK_ROWS:
      self->chunk_rows = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  if (prop_id < PROP_BACKGROUND)
    self->table_dirty = TRUE;
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mercator_remap_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstMercatorRemap *self = GST_MERCATOR_REMAP (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DIRECTION:
      g_value_set_enum (value, self->geo.direction);
      break;
    case PROP_MAX_LATITUDE:
      g_value_set_double (value, self->geo.max_latitude);
      break;
    case PROP_POLE_LONGITUDE:
      g_value_set_double (value, self->geo.pole_longitude);
      break;
    case PROP_INTERPOLATION:
      g_value_set_enum (value, self->geo.interpolation);
      break;
    case PROP_REFERENCE_ROUNDING:
      g_value_set_boolean (value, self->geo.reference_rounding);
      break;
    case PROP_BACKGROUND:
      g_value_set_uint (value, self->background);
      break;
    case PROP_WORKERS:
      g_value_set_uint (value, self->workers);
      break;
    case PROP_CHUNK_ROWS:
      g_value_set_uint (value, self->chunk_rows);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ---- caps ---- */

/* Any output size for any input size; the format passes through. */
static GstCaps *
gst_mercator_remap_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter)
{
  GstCaps *ret = gst_caps_copy (caps);
  guint i;

  for (i = 0; i < gst_caps_get_size (ret); i++) {
    GstStructure *s = gst_caps_get_structure (ret, i);

    gst_structure_set (s, "width", GST_TYPE_INT_RANGE, 1, MAX_DIM,
        "height", GST_TYPE_INT_RANGE, 1, MAX_DIM, NULL);
    if (gst_structure_has_field (s, "pixel-aspect-ratio"))
      gst_structure_set (s, "pixel-aspect-ratio", GST_TYPE_FRACTION_RANGE, 1,
          G_MAXINT, G_MAXINT, 1, NULL);
  }
  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, ret,
        GST_CAPS_INTERSECT_FIRST);

    gst_caps_unref (ret);
    ret = tmp;
  }
  GST_DEBUG_OBJECT (trans, "%" GST_PTR_FORMAT " -> %" GST_PTR_FORMAT, caps,
      ret);
  return ret;
}

/* Keep the input's size and pixel aspect ratio where downstream allows. */
static GstCaps *
gst_mercator_remap_fixate_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * othercaps)
{
  GstStructure *in, *out;
  gint w, h, par_n, par_d;

  othercaps = gst_caps_truncate (gst_caps_make_writable (othercaps));
  in = gst_caps_get_structure (caps, 0);
  out = gst_caps_get_structure (othercaps, 0);
  if (gst_structure_get_int (in, "width", &w))
    gst_structure_fixate_field_nearest_int (out, "width", w);
  if (gst_structure_get_int (in, "height", &h))
    gst_structure_fixate_field_nearest_int (out, "height", h);
  if (gst_structure_get_fraction (in, "pixel-aspect-ratio", &par_n, &par_d)
      && gst_structure_has_field (out, "pixel-aspect-ratio"))
    gst_structure_fixate_field_nearest_fraction (out, "pixel-aspect-ratio",
        par_n, par_d);
  return gst_caps_fixate (othercaps);
}

static gboolean
gst_mercator_remap_set_info (GstVideoFilter * filter, GstCaps * incaps,
    GstVideoInfo * in_info, GstCaps * outcaps, GstVideoInfo * out_info)
{
  GstMercatorRemap *self = GST_MERCATOR_REMAP (filter);

  GST_DEBUG_OBJECT (self, "%dx%d -> %dx%d %s", in_info->width,
      in_info->height, out_info->width, out_info->height,
      gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (in_info)));
  GST_OBJECT_LOCK (self);
  self->table_dirty = TRUE;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
gst_mercator_remap_stop (GstBaseTransform * trans)
{
  GstMercatorRemap *self = GST_MERCATOR_REMAP (trans);

  free_tables (self);
  gst_im_worker_pool_free (self->pool);
  self->pool = NULL;
  return TRUE;
}

/* ---- the lookup table ---- */

typedef enum
{
  MAP_TRANSVERSE,               /* exact, to-transverse */
  MAP_MERCATOR,                 /* exact, to-mercator */
  MAP_SEED,                     /* the seed's formulas, rounding included */
  MAP_SEED_INVERSE,             /* the inverse of the seed's axes */
} MapMode;

typedef struct
{
  PlaneTable *t;
  MapMode mode;
  GstMercatorRemapInterpolation interp;
  gdouble psi_max;              /* Mercator y of max-latitude */
  gdouble shift;                /* pole-longitude - 90°, radians */
  gdouble out_shift;            /* shift, added to source longitudes */
  gboolean mirror;              /* columns x and w - 1 - x mirror each other */
  gdouble v_scale;              /* source rows per unit of Mercator y */
  gdouble *col;                 /* per output column: 3 precomputed values */
  gint lo, hi;                  /* footprint: taps sx0 - lo .. sx0 + hi */
  gsize plane_end;              /* bytes of the source plane that exist */
} BuildJob;

/* Python's round (x, 2) on a float: the correctly rounded decimal, ties to
 * even on the exact binary value, read back. */
static gdouble
py_round2 (gdouble x)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_ascii_strtod (g_ascii_formatd (buf, sizeof (buf), "%.2f", x), NULL);
}

/* numpy's round (x, 3) on a float64: multiply, rint, divide. */
static inline gdouble
np_round3 (gdouble x)
{
  return rint (x * 1000.0) / 1000.0;
}

/* Seed: line (y + 1) / height maps +175 .. -175 "degrees" of Mercator y. */
static gdouble
seed_row_psi (guint y, guint h)
{
  gdouble y_norm = (gdouble) (y + 1) / h;

  return py_round2 ((y_norm * (-35 * G_PI / 18)) + (17.5 * G_PI / 18));
}

static void
build_columns (BuildJob * job)
{
  PlaneTable *t = job->t;
  guint x;
  gdouble lam;

  job->col = g_new (gdouble, 3 * t->out_w);
  for (x = 0; x < t->out_w; x++) {
    if (job->mode == MAP_SEED)
      lam = py_round2 (((gdouble) x / t->out_w * 2 * G_PI) - G_PI);
    else
      lam = (x + 0.5) / t->out_w * 2 * G_PI - G_PI;
    if (job->mode == MAP_MERCATOR)
      lam -= job->shift;
    job->col[3 * x] = sin (lam);
    job->col[3 * x + 1] = cos (lam);
    job->col[3 * x + 2] = lam;
  }
}

static inline gint
ifloor (gdouble x)
{
  gint i = (gint) x;

  return i - (x < i);
}

/* atanh (z) with one log: the Mercator y of the latitude whose sine is z. */
static inline gdouble
merc_y (gdouble z)
{
  return 0.5 * log ((1 + z) / (1 - z));
}

/* Exact modes: source position from Mercator y and longitude (within
 * -2pi..2pi, pole-longitude included). */
static inline void
exact_uv (const BuildJob * job, gdouble y, gdouble lon, gdouble * u,
    gdouble * v)
{
  gdouble t = (lon + G_PI) * (0.5 / G_PI);

  t = t < 0 ? t + 1 : t >= 1 ? t - 1 : t;
  *u = t * job->t->in_w;
  *v = (job->psi_max - y) * job->v_scale;
}

/* Seed modes: source position (u, v) of output pixel x of a row whose
 * values are r0, r1, r2, in source pixels: pixel i covers [i, i + 1). */
static inline void
seed_pixel (const BuildJob * job, guint x, gdouble r0, gdouble r1,
    gdouble r2, gdouble * u, gdouble * v)
{
  const gdouble *c = job->col + 3 * x;
  guint iw = job->t->in_w, ih = job->t->in_h;
  gdouble lat, lon, t;

  if (job->mode == MAP_SEED) {  /* r0 = cosh, r1 = sinh of trans_lat r2 */
    lat = np_round3 (-asin (c[0] / r0));
    lon = atan (r1 / c[1]);
    if (c[2] > G_PI / 2 || c[2] < -G_PI / 2)
      lon += r2 >= 0 ? G_PI : -G_PI;
    lon = np_round3 (lon);
    *u = (lon + G_PI) / (2 * G_PI) * iw;
    *v = (lat - G_PI / 2) / (-G_PI) * ih;
  } else {                      /* r0 = sin lat, r1 = cos lat */
    lat = merc_y (r1 * c[0]);
    lon = atan2 (-r0, r1 * c[1]);
    t = (lon + G_PI) / (2 * G_PI) + 0.5 / iw;
    *u = (t - ifloor (t)) * iw;
    *v = ((17.5 * G_PI / 18) - lat) / (35 * G_PI / 18) * ih - 0.5;
  }
}

static inline gint
wrap (gint x, gint w)
{
  x %= w;
  return x < 0 ? x + w : x;
}

/* Fills entry @i of the table from its source position (u, v). */
G_ALWAYS_INLINE static inline void
build_pixel (const BuildJob * job, gsize i, gdouble u, gdouble v)
{
  PlaneTable *t = job->t;
  gint w = t->in_w, h = t->in_h, sx, sy, q;
  gboolean fast;

  if (job->mode == MAP_SEED) {
    /* the seed never leaves the source */
    u = CLAMP (u, 0, w);
    v = CLAMP (v, 0, h);
  }
  if (!(v >= 0 && v <= h && u >= 0 && u <= w)) {
    t->off[i] = 0;
    t->frac[i] = F_SPECIAL | F_BACKGROUND;
    return;
  }
  if (job->interp == GST_MERCATOR_REMAP_NEAREST) {
    /* the seed's int () truncates (u, v >= 0 here) and steps back from the
     * last column and row; otherwise longitude wraps around */
    sx = (gint) u;
    sy = MIN ((gint) v, h - 1);
    if (sx >= w)
      sx = job->mode == MAP_SEED ? w - 1 : sx - w;
    t->frac[i] = 0;
  } else {
    /* centre units (integer = pixel centre) in 1/128, rounded, as tap and
     * fraction; u, v >= 0, so the offset of 2 pixels makes (gint) a floor */
    q = (gint) (u * FRAC_ONE + (0.5 + 1.5 * FRAC_ONE)) - 2 * FRAC_ONE;
    sx = q >> FRAC_BITS;        /* arithmetic shift: floor */
    t->frac[i] = q & FRAC_MASK;
    q = (gint) (v * FRAC_ONE + (0.5 + 1.5 * FRAC_ONE)) - 2 * FRAC_ONE;
    sy = q >> FRAC_BITS;
    t->frac[i] |= (q & FRAC_MASK) << FRAC_BITS;
  }
  fast = sx - job->lo >= 0 && sx + job->hi < w && sy - job->lo >= 0 &&
      sy + job->hi < h;
  /* 3-byte pixels are read 4 or 8 bytes at a time: stay inside the plane */
  if (fast && t->bpp == 3)
    fast = (sy + job->hi) * (gsize) t->in_stride + (sx + job->hi) * 3 + 5 <=
        job->plane_end;
  if (fast) {
    t->off[i] = (sy - job->lo) * (gsize) t->in_stride + (sx - job->lo) * t->bpp;
  } else {
    t->off[i] = (guint16) wrap (sx, w) | (guint32) (guint16) sy << 16;
    t->frac[i] |= F_SPECIAL;
  }
}

/* How many fast runs and special pixels row @y has. */
static void
count_row (PlaneTable * t, guint y)
{
  const guint16 *frac = t->frac + (gsize) y * t->out_w;
  guint x, n_runs = 0, n_special = 0;

  for (x = 0; x < t->out_w; x++) {
    if (frac[x] & F_SPECIAL)
      n_special++;
    else if (x == 0 || (frac[x - 1] & F_SPECIAL))
      n_runs++;
  }
  t->row_runs[y + 1] = n_runs;
  t->row_specials[y + 1] = n_special;
}

/* Exact modes, rows @y and @y2 = out_h - 1 - @y together: both are a 90°
 * turn about the axis through (0°, 0°), s flips it. Mirrored columns have
 * opposite latitudes, mirrored rows opposite turns in longitude, so four
 * pixels cost one log and one atan2. */
static void
build_exact_rows (const BuildJob * job, guint y)
{
  PlaneTable *t = job->t;
  guint x, xs[2], k, w = t->out_w, y2 = t->out_h - 1 - y;
  gdouble a = job->psi_max * (1 - 2 * (y + 0.5) / t->out_h);
  gdouble s = job->mode == MAP_TRANSVERSE ? 1.0 : -1.0;
  gdouble r0 = -s / cosh (a), r1 = s * sinh (a), lat, lon, u, v;
  const gdouble *c;

  for (x = 0; x < (job->mirror ? (w + 1) / 2 : w); x++) {
    c = job->col + 3 * x;
    lat = merc_y (c[0] * r0);
    lon = atan2 (r1, c[1]);
    xs[0] = x;
    xs[1] = job->mirror ? w - 1 - x : x;
    for (k = 0; k < (job->mirror ? 2u : 1u); k++, lat = -lat) {
      exact_uv (job, lat, lon + job->out_shift, &u, &v);
      build_pixel (job, (gsize) y * w + xs[k], u, v);
      if (y2 != y) {
        exact_uv (job, lat, job->out_shift - lon, &u, &v);
        build_pixel (job, (gsize) y2 * w + xs[k], u, v);
      }
    }
  }
}

/* Pass 1: every pixel of build rows [y0, y1) (row pairs in the exact
 * modes), and how many runs and special pixels each row has. */
static void
build_rows (guint y0, guint y1, gpointer data)
{
  const BuildJob *job = data;
  PlaneTable *t = job->t;
  guint x, y, w = t->out_w;
  gdouble r0, r1, r2 = 0, u, v, a;

  for (y = y0; y < y1; y++) {
    if (job->mode == MAP_TRANSVERSE || job->mode == MAP_MERCATOR) {
      build_exact_rows (job, y);
      count_row (t, y);
      if (t->out_h - 1 - y != y)
        count_row (t, t->out_h - 1 - y);
      continue;
    }
    if (job->mode == MAP_SEED) {
      r2 = seed_row_psi (y, t->out_h);
      r0 = cosh (r2);
      r1 = sinh (r2);
    } else {
      a = G_PI / 2 - G_PI * (y + 0.5) / t->out_h;
      r0 = sin (a);
      r1 = cos (a);
    }
    for (x = 0; x < w; x++) {
      /* the seed rounds its transverse longitude to 2 decimals: columns
       * that round alike map alike */
      if (job->mode != MAP_SEED || x == 0 || job->col[3 * x + 2] !=
          job->col[3 * x - 1])
        seed_pixel (job, x, r0, r1, r2, &u, &v);
      build_pixel (job, (gsize) y * w + x, u, v);
    }
    count_row (t, y);
  }
}

/* Pass 2: the run and special lists of rows [y0, y1). */
static void
list_rows (guint y0, guint y1, gpointer data)
{
  const BuildJob *job = data;
  PlaneTable *t = job->t;
  guint x, y, r, s;
  const guint16 *frac;

  for (y = y0; y < y1; y++) {
    frac = t->frac + (gsize) y *t->out_w;
    r = 2 * t->row_runs[y];
    s = t->row_specials[y];
    for (x = 0; x < t->out_w; x++) {
      if (frac[x] & F_SPECIAL) {
        t->specials[s++] = x;
        continue;
      }
      if (x == 0 || (frac[x - 1] & F_SPECIAL))
        t->runs[r++] = x;
      if (x + 1 == t->out_w || (frac[x + 1] & F_SPECIAL))
        t->runs[r++] = x + 1;
    }
  }
}

static PlaneTable *
build_table (GstMercatorRemap * self, const Geometry * geo, guint chunk_rows,
    guint out_w, guint out_h, guint in_w, guint in_h, guint bpp, gint stride)
{
  PlaneTable *t = g_new0 (PlaneTable, 1);
  gsize n = (gsize) out_w * out_h;
  BuildJob job = { t, };
  guint y;

  t->out_w = out_w;
  t->out_h = out_h;
  t->in_w = in_w;
  t->in_h = in_h;
  t->bpp = bpp;
  t->in_stride = stride;
  t->off = g_new (guint32, n);
  t->frac = g_new (guint16, n);
  t->row_runs = g_new0 (guint, out_h + 1);
  t->row_specials = g_new0 (guint, out_h + 1);

  if (geo->reference_rounding)
    job.mode = geo->direction == GST_MERCATOR_REMAP_TO_TRANSVERSE ?
        MAP_SEED : MAP_SEED_INVERSE;
  else
    job.mode = geo->direction == GST_MERCATOR_REMAP_TO_TRANSVERSE ?
        MAP_TRANSVERSE : MAP_MERCATOR;
  job.interp = geo->interpolation;
  job.psi_max = asinh (tan (geo->max_latitude * G_PI / 180));
  job.v_scale = in_h / (2 * job.psi_max);
  job.shift = (geo->pole_longitude - 90) * G_PI / 180;
  job.out_shift = job.mode == MAP_TRANSVERSE ? job.shift : 0;
  job.mirror = job.mode == MAP_TRANSVERSE || (job.mode == MAP_MERCATOR &&
      job.shift == 0);
  job.lo = geo->interpolation == GST_MERCATOR_REMAP_BICUBIC ? 1 : 0;
  job.hi = geo->interpolation == GST_MERCATOR_REMAP_BICUBIC ? 2 :
      geo->interpolation == GST_MERCATOR_REMAP_BILINEAR ? 1 : 0;
  job.plane_end = (gsize) (in_h - 1) * stride + (gsize) in_w *bpp;
  build_columns (&job);

  gst_im_parallel_rows (self->pool, job.mode == MAP_TRANSVERSE ||
      job.mode == MAP_MERCATOR ? (out_h + 1) / 2 : out_h, chunk_rows,
      build_rows, &job);
  for (y = 0; y < out_h; y++) {
    t->row_runs[y + 1] += t->row_runs[y];
    t->row_specials[y + 1] += t->row_specials[y];
  }
  t->runs = g_new (guint32, 2 * (gsize) t->row_runs[out_h] + 1);
  t->specials = g_new (guint32, (gsize) t->row_specials[out_h] + 1);
  gst_im_parallel_rows (self->pool, out_h, chunk_rows, list_rows, &job);

  GST_DEBUG_OBJECT (self, "plane %ux%u <- %ux%u: %u runs, %u edge or "
      "background pixels", out_w, out_h, in_w, in_h, t->row_runs[out_h],
      t->row_specials[out_h]);
  g_free (job.col);
  return t;
}

/* ---- the gather ---- */

typedef struct
{
  const PlaneTable *t;
  GstMercatorRemapInterpolation interp;
  const guint8 *src;
  gint src_stride;
  guint8 *dst;
  gint dst_stride;
  guint8 bg[4];
} GatherJob;

/* One bilinear pixel of @nc channels from rows @r0, @r1 at byte columns
 * @c0, @c1. The SSE2 path below computes exactly the same values. */
static inline void
bilinear_px (const guint8 * r0, const guint8 * r1, guint c0, guint c1,
    guint frac, guint nc, guint8 * d)
{
  guint fx = frac & FRAC_MASK, fy =
      (frac >> FRAC_BITS) & FRAC_MASK, c, top, bot;

  for (c = 0; c < nc; c++) {
    top = r0[c0 + c] * (FRAC_ONE - fx) + r0[c1 + c] * fx;
    bot = r1[c0 + c] * (FRAC_ONE - fx) + r1[c1 + c] * fx;
    d[c] = (top * (FRAC_ONE - fy) + bot * fy + (1 << 13)) >> 14;
  }
}

/* One bicubic pixel: rows filtered with >> 2, then columns, in 1/2^14. */
static inline void
bicubic_px (const guint8 * const rows[4], const guint cols[4], guint frac,
    guint nc, guint8 * d)
{
  const gint16 *wx = cubic_w[frac & FRAC_MASK];
  const gint16 *wy = cubic_w[(frac >> FRAC_BITS) & FRAC_MASK];
  guint c, r;
  gint h, sum;

  for (c = 0; c < nc; c++) {
    sum = 1 << 13;
    for (r = 0; r < 4; r++) {
      h = rows[r][cols[0] + c] * wx[0] + rows[r][cols[1] + c] * wx[1] +
          rows[r][cols[2] + c] * wx[2] + rows[r][cols[3] + c] * wx[3];
      sum += (h >> 2) * wy[r];
    }
    d[c] = CLAMP (sum >> 14, 0, 255);
  }
}

#ifdef __SSE2__
/* Pixels a and b (4 bytes each) as 16-bit pairs a0 b0 a1 b1 a2 b2 a3 b3. */
static inline __m128i
pair16 (const guint8 * a, const guint8 * b)
{
  guint32 va, vb;

  memcpy (&va, a, 4);
  memcpy (&vb, b, 4);
  return _mm_unpacklo_epi8 (_mm_unpacklo_epi8 (_mm_cvtsi32_si128 (va),
          _mm_cvtsi32_si128 (vb)), _mm_setzero_si128 ());
}

static inline __m128i
weight_pair (gint a, gint b)
{
  return _mm_set1_epi32 ((guint16) a | (guint32) (guint16) b << 16);
}

/* Two 4 x int32 rows interleaved as 16-bit pairs, weighted, summed. */
static inline __m128i
combine_rows (__m128i r0, __m128i r1, __m128i w)
{
  __m128i p = _mm_packs_epi32 (r0, r1);

  return _mm_madd_epi16 (_mm_unpacklo_epi16 (p, _mm_srli_si128 (p, 8)), w);
}

/* Rounds 4 sums in 1/2^14 to bytes. */
static inline guint32
pack_px (__m128i v)
{
  v = _mm_srai_epi32 (_mm_add_epi32 (v, _mm_set1_epi32 (1 << 13)), 14);
  v = _mm_packs_epi32 (v, v);
  return (guint32) _mm_cvtsi128_si32 (_mm_packus_epi16 (v, v));
}

#ifdef HAVE_SSSE3_DISPATCH
/* Bilinear runs of 3- or 4-byte pixels with SSSE3: each row's two taps come
 * in one 8-byte load and one byte shuffle makes the 16-bit pairs. The table
 * keeps these loads inside the plane. Same values as bilinear_px(). */
__attribute__((target ("ssse3")))
     static void
         bilinear_run_ssse3 (guint8 * d, const guint8 * src, gsize stride,
    const guint32 * off, const guint16 * frac, guint x0, guint x1, guint bpp)
{
  /* top row taps a, b from bytes 0-7, bottom row from bytes 8-15 */
  const __m128i m0 = bpp == 3 ?
      _mm_setr_epi8 (0, -1, 3, -1, 1, -1, 4, -1, 2, -1, 5, -1, -1, -1, -1, -1) :
      _mm_setr_epi8 (0, -1, 4, -1, 1, -1, 5, -1, 2, -1, 6, -1, 3, -1, 7, -1);
  const __m128i m1 = bpp == 3 ?
      _mm_setr_epi8 (8, -1, 11, -1, 9, -1, 12, -1, 10, -1, 13, -1, -1, -1, -1,
      -1) : _mm_setr_epi8 (8, -1, 12, -1, 9, -1, 13, -1, 10, -1, 14, -1, 11,
      -1, 15, -1);
  const guint8 *s;
  __m128i r, w;
  guint32 px;
  guint x;

  for (x = x0; x < x1; x++) {
    s = src + off[x];
    w = _mm_loadl_epi64 ((const __m128i *) bilinear_w[frac[x]]);
    r = _mm_unpacklo_epi64 (_mm_loadl_epi64 ((const __m128i *) s),
        _mm_loadl_epi64 ((const __m128i *) (s + stride)));
    px = pack_px (_mm_add_epi32 (_mm_madd_epi16 (_mm_shuffle_epi8 (r, m0),
                _mm_shuffle_epi32 (w, 0x00)),
            _mm_madd_epi16 (_mm_shuffle_epi8 (r, m1),
                _mm_shuffle_epi32 (w, 0x55))));
    if (bpp == 4 || x + 1 < x1)
      memcpy (d + x * bpp, &px, 4);
    else
      memcpy (d + x * bpp, &px, 3);
  }
}
#endif

static inline guint32
bicubic_sse (const guint8 * s, gsize stride, guint bpp, guint frac)
{
  const gint16 *wx = cubic_w[frac & FRAC_MASK], *wy =
      cubic_w[frac >> FRAC_BITS];
  __m128i wx01 = weight_pair (wx[0], wx[1]), wx23 = weight_pair (wx[2], wx[3]);
  __m128i h[4];
  guint r;

  for (r = 0; r < 4; r++, s += stride)
    h[r] = _mm_srai_epi32 (_mm_add_epi32 (_mm_madd_epi16 (pair16 (s,
                    s + bpp), wx01), _mm_madd_epi16 (pair16 (s + 2 * bpp,
                    s + 3 * bpp), wx23)), 2);
  return pack_px (_mm_add_epi32 (combine_rows (h[0], h[1], weight_pair (wy[0],
                  wy[1])), combine_rows (h[2], h[3], weight_pair (wy[2],
                  wy[3]))));
}
#endif

/* The fast path: every tap inside the plane, no branches per pixel. @bpp is
 * a constant at each call, so each format gets its own loop. A 3-byte pixel
 * is written 4 bytes at a time but for the last of the run: the 4th byte
 * lands on the next pixel, which is written after. */
G_ALWAYS_INLINE static inline void
fast_run (const GatherJob * job, guint8 * d, const guint32 * off,
    const guint16 * frac, guint x0, guint x1,
    const GstMercatorRemapInterpolation interp, const guint bpp)
{
  const guint8 *src = job->src, *s;
  gsize stride = job->src_stride;
  const guint8 *rows[4];
  const guint cols[4] = { 0, bpp, 2 * bpp, 3 * bpp };
  guint x, k;
  guint32 px;

  for (x = x0; x < x1; x++) {
    s = src + off[x];
    if (interp == GST_MERCATOR_REMAP_NEAREST) {
      if (bpp == 3 && x + 1 < x1)
        memcpy (d + x * bpp, s, 4);
      else
        memcpy (d + x * bpp, s, bpp);
      continue;
    }
#ifdef __SSE2__
    /* (bilinear 3- and 4-byte pixels take bilinear_run_ssse3() where the
     * CPU has SSSE3, nearly always; bilinear_px() otherwise) */
    if (bpp >= 3 && interp == GST_MERCATOR_REMAP_BICUBIC) {
      px = bicubic_sse (s, stride, bpp, frac[x]);
      if (bpp == 4 || x + 1 < x1)
        memcpy (d + x * bpp, &px, 4);
      else
        memcpy (d + x * bpp, &px, 3);
      continue;
    }
#endif
    if (interp == GST_MERCATOR_REMAP_BILINEAR) {
      bilinear_px (s, s + stride, 0, bpp, frac[x], bpp, d + x * bpp);
    } else {
      for (k = 0; k < 4; k++)
        rows[k] = s + k * stride;
      bicubic_px (rows, cols, frac[x], bpp, d + x * bpp);
    }
  }
}

/* One instance of fast_run() per interpolation and pixel size. */
static void
fast_run_any (const GatherJob * job, guint8 * d, const guint32 * off,
    const guint16 * frac, guint x0, guint x1)
{
  const GstMercatorRemapInterpolation nn = GST_MERCATOR_REMAP_NEAREST;
  const GstMercatorRemapInterpolation bl = GST_MERCATOR_REMAP_BILINEAR;
  const GstMercatorRemapInterpolation bc = GST_MERCATOR_REMAP_BICUBIC;
  guint bpp = job->t->bpp;

#ifdef HAVE_SSSE3_DISPATCH
  if (have_ssse3 && job->interp == bl && bpp >= 3) {
    bilinear_run_ssse3 (d, job->src, job->src_stride, off, frac, x0, x1, bpp);
    return;
  }
#endif
  if (job->interp == nn)
    bpp == 1 ? fast_run (job, d, off, frac, x0, x1, nn, 1) : bpp == 3 ?
        fast_run (job, d, off, frac, x0, x1, nn, 3) :
        fast_run (job, d, off, frac, x0, x1, nn, 4);
  else if (job->interp == bl)
    bpp == 1 ? fast_run (job, d, off, frac, x0, x1, bl, 1) : bpp == 3 ?
        fast_run (job, d, off, frac, x0, x1, bl, 3) :
        fast_run (job, d, off, frac, x0, x1, bl, 4);
  else
    bpp == 1 ? fast_run (job, d, off, frac, x0, x1, bc, 1) : bpp == 3 ?
        fast_run (job, d, off, frac, x0, x1, bc, 3) :
        fast_run (job, d, off, frac, x0, x1, bc, 4);
}

/* Background and edge pixels: taps wrap around in longitude and are clamped
 * to the first and last rows. */
static void
special_px (const GatherJob * job, guint8 * d, guint32 packed, guint frac)
{
  const PlaneTable *t = job->t;
  gint sx = (gint16) (packed & 0xffff), sy = (gint16) (packed >> 16);
  gint lo = job->interp == GST_MERCATOR_REMAP_BICUBIC ? 1 : 0, k;
  gint n = job->interp == GST_MERCATOR_REMAP_BICUBIC ? 4 :
      job->interp == GST_MERCATOR_REMAP_BILINEAR ? 2 : 1;
  const guint8 *rows[4];
  guint cols[4];

  if (frac & F_BACKGROUND) {
    memcpy (d, job->bg, t->bpp);
    return;
  }
  for (k = 0; k < n; k++) {
    cols[k] = wrap (sx - lo + k, t->in_w) * t->bpp;
    rows[k] = job->src + (gsize) CLAMP (sy - lo + k, 0,
        (gint) t->in_h - 1) * job->src_stride;
  }
  if (n == 1)
    memcpy (d, rows[0] + cols[0], t->bpp);
  else if (n == 2)
    bilinear_px (rows[0], rows[1], cols[0], cols[1], frac, t->bpp, d);
  else
    bicubic_px (rows, cols, frac, t->bpp, d);
}

static void
gather_rows (guint y0, guint y1, gpointer data)
{
  const GatherJob *job = data;
  const PlaneTable *t = job->t;
  guint y, r, s, x;

  for (y = y0; y < y1; y++) {
    guint8 *d = job->dst + (gsize) y * job->dst_stride;
    const guint32 *off = t->off + (gsize) y * t->out_w;
    const guint16 *frac = t->frac + (gsize) y * t->out_w;

    for (r = t->row_runs[y]; r < t->row_runs[y + 1]; r++)
      fast_run_any (job, d, off, frac, t->runs[2 * r], t->runs[2 * r + 1]);
    for (s = t->row_specials[y]; s < t->row_specials[y + 1]; s++) {
      x = t->specials[s];
      special_px (job, d + x * t->bpp, off[x], frac[x]);
    }
  }
}

/* The background colour in each plane's byte layout (BT.601 for Y'CbCr). */
static void
background_bytes (const GstVideoInfo * info, guint32 argb,
    guint8 bg[GST_VIDEO_MAX_PLANES][4])
{
  const GstVideoFormatInfo *finfo = info->finfo;
  gint a = argb >> 24, r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff;
  gint b = argb & 0xff, comp[4] = { r, g, b, a };
  guint c;

  memset (bg, 0xff, GST_VIDEO_MAX_PLANES * 4);
  if (GST_VIDEO_FORMAT_INFO_IS_YUV (finfo)) {
    comp[0] = ((66 * r + 129 * g + 25 * b + 128) >> 8) + 16;
    comp[1] = ((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128;
    comp[2] = ((112 * r - 94 * g - 18 * b + 128) >> 8) + 128;
  } else if (GST_VIDEO_FORMAT_INFO_IS_GRAY (finfo)) {
    comp[0] = (77 * r + 150 * g + 29 * b + 128) >> 8;
  }
  for (c = 0; c < GST_VIDEO_FORMAT_INFO_N_COMPONENTS (finfo); c++)
    bg[GST_VIDEO_FORMAT_INFO_PLANE (finfo, c)]
        [GST_VIDEO_FORMAT_INFO_POFFSET (finfo, c)] = comp[c];
}

/* The component that lives in @plane, to read its size and pixel stride. */
static guint
plane_component (const GstVideoInfo * info, guint plane)
{
  guint c;

  for (c = 0; c < GST_VIDEO_INFO_N_COMPONENTS (info); c++)
    if (GST_VIDEO_FORMAT_INFO_PLANE (info->finfo, c) == plane)
      return c;
  return 0;
}

static gboolean
ensure_tables (GstMercatorRemap * self, const Geometry * geo, guint chunk,
    gboolean dirty, GstVideoFrame * in, GstVideoFrame * out)
{
  GstVideoInfo *ii = &in->info, *oi = &out->info;
  guint p, k, c, iw, ih, ow, oh, bpp;
  gint stride;
  PlaneTable *t;
  gint64 start;

  if (self->n_tables == 0)
    dirty = TRUE;
  for (p = 0; !dirty && p < GST_VIDEO_FRAME_N_PLANES (in); p++) {
    if (self->tables[self->plane_table[p]]->in_stride !=
        GST_VIDEO_FRAME_PLANE_STRIDE (in, p)) {
      GST_CAT_DEBUG_OBJECT (GST_CAT_PERFORMANCE, self, "input stride "
          "changed, rebuilding the table");
      dirty = TRUE;
    }
  }
  if (!dirty)
    return TRUE;

  free_tables (self);
  start = g_get_monotonic_time ();
  for (p = 0; p < GST_VIDEO_FRAME_N_PLANES (in); p++) {
    c = plane_component (ii, p);
    iw = GST_VIDEO_INFO_COMP_WIDTH (ii, c);
    ih = GST_VIDEO_INFO_COMP_HEIGHT (ii, c);
    ow = GST_VIDEO_INFO_COMP_WIDTH (oi, c);
    oh = GST_VIDEO_INFO_COMP_HEIGHT (oi, c);
    bpp = GST_VIDEO_INFO_COMP_PSTRIDE (ii, c);
    stride = GST_VIDEO_FRAME_PLANE_STRIDE (in, p);
    if (stride <= 0 || (guint64) stride * ih > G_MAXUINT32)
      return FALSE;
    for (k = 0; k < self->n_tables; k++) {
      t = self->tables[k];
      if (t->in_w == iw && t->in_h == ih && t->out_w == ow &&
          t->out_h == oh && t->in_stride == stride)
        break;
    }
    if (k == self->n_tables)
      self->tables[self->n_tables++] = build_table (self, geo, chunk, ow, oh,
          iw, ih, bpp, stride);
    self->plane_table[p] = k;
  }
  self->table_interpolation = geo->interpolation;
  GST_INFO_OBJECT (self, "table for %ux%u <- %ux%u built in %.3f ms",
      GST_VIDEO_INFO_WIDTH (oi), GST_VIDEO_INFO_HEIGHT (oi),
      GST_VIDEO_INFO_WIDTH (ii), GST_VIDEO_INFO_HEIGHT (ii),
      (g_get_monotonic_time () - start) / 1000.0);
  return TRUE;
}

static GstFlowReturn
gst_mercator_remap_transform_frame (GstVideoFilter * filter,
    GstVideoFrame * in, GstVideoFrame * out)
{
  GstMercatorRemap *self = GST_MERCATOR_REMAP (filter);
  Geometry geo;
  guint32 background;
  guint workers, chunk, p;
  gboolean dirty;
  guint8 bg[GST_VIDEO_MAX_PLANES][4];
  GError *err = NULL;

  GST_OBJECT_LOCK (self);
  geo = self->geo;
  background = self->background;
  workers = self->workers;
  chunk = self->chunk_rows;
  dirty = self->table_dirty;
  self->table_dirty = FALSE;
  GST_OBJECT_UNLOCK (self);

  if (self->pool == NULL || self->pool_workers != workers) {
    gst_im_worker_pool_free (self->pool);
    self->pool = gst_im_worker_pool_new (workers, &err);
    if (self->pool == NULL)
      goto no_pool;
    self->pool_workers = workers;
  }
  if (!ensure_tables (self, &geo, chunk, dirty, in, out))
    goto too_big;

  background_bytes (&in->info, background, bg);
  for (p = 0; p < GST_VIDEO_FRAME_N_PLANES (in); p++) {
    GatherJob job = {
      self->tables[self->plane_table[p]], self->table_interpolation,
      GST_VIDEO_FRAME_PLANE_DATA (in, p), GST_VIDEO_FRAME_PLANE_STRIDE (in, p),
      GST_VIDEO_FRAME_PLANE_DATA (out, p),
      GST_VIDEO_FRAME_PLANE_STRIDE (out, p),
    };

    memcpy (job.bg, bg[p], 4);
    gst_im_parallel_rows (self->pool, job.t->out_h, chunk, gather_rows, &job);
  }
  return GST_FLOW_OK;

  /* ERRORS */
no_pool:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, FAILED,
        ("Could not start %u worker threads", workers), ("%s", err->message));
    g_clear_error (&err);
    return GST_FLOW_ERROR;
  }
too_big:
  {
    free_tables (self);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Frame too large for the lookup table"),
        ("a plane of %dx%d does not fit in 4 GiB", in->info.width,
            in->info.height));
    return GST_FLOW_ERROR;
  }
}
