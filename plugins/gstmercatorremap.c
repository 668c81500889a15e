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
 * weights, is a #GstImRemapTable built once per caps (in row chunks on the
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

#define MAX_DIM GST_IM_REMAP_MAX_SIZE   /* GstImRemapTable's limit */
#define FORMATS "{ RGB, BGR, RGBA, BGRA, ARGB, ABGR, RGBx, BGRx, xRGB, " \
    "xBGR, GRAY8, I420, YV12, Y42B, Y444 }"
#define CAPS_STR "video/x-raw, format = (string) " FORMATS ", " \
    "width = (int) [ 1, 32767 ], height = (int) [ 1, 32767 ], " \
    "framerate = (fraction) [ 0/1, MAX ]"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS_STR));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS_STR));

typedef struct
{
  GstMercatorRemapDirection direction;
  GstMercatorRemapInterpolation interpolation;
  gdouble max_latitude;         /* degrees */
  gdouble pole_longitude;       /* degrees east */
  gboolean reference_rounding;
} Geometry;

/* The lookup table of one plane, and what it was built for. */
typedef struct
{
  GstImRemapTable *table;
  guint out_w, out_h, in_w, in_h, bpp;
  gint in_stride;
} PlaneTable;

struct _GstMercatorRemap
{
  GstVideoFilter parent;

  /* properties: GST_OBJECT_LOCK */
  Geometry geo;
  guint32 background;
  guint workers;
  guint chunk_rows;
  gboolean table_dirty;         /* a geometry property changed */

  /* streaming state */
  GstImWorkerPool *pool;
  guint pool_workers;
  PlaneTable tables[GST_VIDEO_MAX_PLANES];      /* distinct tables */
  guint plane_table[GST_VIDEO_MAX_PLANES];      /* plane -> tables[] */
  guint n_tables;
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
free_tables (GstMercatorRemap * self)
{
  guint i;

  for (i = 0; i < self->n_tables; i++)
    gst_im_remap_table_free (self->tables[i].table);
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
gst_mercator_remap_stop (GstBaseTransform * trans)
{
  GstMercatorRemap *self = GST_MERCATOR_REMAP (trans);

  free_tables (self);
  gst_im_worker_pool_free (self->pool);
  self->pool = NULL;
  return TRUE;
}

/* ---- the lookup table ---- */

/* The element only computes where each output pixel lies in the source;
 * GstImRemapTable turns that into offsets and weights, and gathers. */

typedef enum
{
  MAP_TRANSVERSE,               /* exact, to-transverse */
  MAP_MERCATOR,                 /* exact, to-mercator */
  MAP_SEED,                     /* the seed's formulas, rounding included */
  MAP_SEED_INVERSE,             /* the inverse of the seed's axes */
} MapMode;

typedef struct
{
  GstImRemapTable *t;
  MapMode mode;
  guint out_w, out_h, in_w, in_h;
  gdouble psi_max;              /* Mercator y of max-latitude */
  gdouble shift;                /* pole-longitude - 90°, radians */
  gdouble out_shift;            /* shift, added to source longitudes */
  gboolean mirror;              /* columns x and w - 1 - x mirror each other */
  gdouble v_scale;              /* source rows per unit of Mercator y */
  gdouble *col;                 /* per output column: 3 precomputed values */
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

static void
build_columns (BuildJob * job)
{
  guint x;
  gdouble lam;

  job->col = g_new (gdouble, 3 * job->out_w);
  for (x = 0; x < job->out_w; x++) {
    if (job->mode == MAP_SEED)
      lam = py_round2 (((gdouble) x / job->out_w * 2 * G_PI) - G_PI);
    else
      lam = (x + 0.5) / job->out_w * 2 * G_PI - G_PI;
    if (job->mode == MAP_MERCATOR)
      lam -= job->shift;
    job->col[3 * x] = sin (lam);
    job->col[3 * x + 1] = cos (lam);
    job->col[3 * x + 2] = lam;
  }
}

/* atanh (z) with one log: the Mercator y of the latitude whose sine is z. */
static inline gdouble
merc_y (gdouble z)
{
  return 0.5 * log ((1 + z) / (1 - z));
}

/* Exact modes: source position of Mercator y and longitude (within
 * -2pi..2pi, pole-longitude included) into @uv. */
static inline void
exact_uv (const BuildJob * job, gdouble y, gdouble lon, gdouble * uv)
{
  gdouble t = (lon + G_PI) * (0.5 / G_PI);

  t = t < 0 ? t + 1 : t >= 1 ? t - 1 : t;
  uv[0] = t * job->in_w;
  uv[1] = (job->psi_max - y) * job->v_scale;
}

/* Seed modes: source position (u, v) of output pixel x of a row whose
 * values are r0, r1, r2, in source pixels: pixel i covers [i, i + 1). */
static inline void
seed_pixel (const BuildJob * job, guint x, gdouble r0, gdouble r1,
    gdouble r2, gdouble * u, gdouble * v)
{
  const gdouble *c = job->col + 3 * x;
  guint iw = job->in_w, ih = job->in_h;
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
    *u = (t - floor (t)) * iw;
    *v = ((17.5 * G_PI / 18) - lat) / (35 * G_PI / 18) * ih - 0.5;
  }
}

/* Exact modes, rows @y and @y2 = out_h - 1 - @y together, into @uv and
 * @uv2: both are a 90° turn about the axis through (0°, 0°), s flips it.
 * Mirrored columns have opposite latitudes, mirrored rows opposite turns in
 * longitude, so four pixels cost one log and one atan2. */
static void
exact_rows (const BuildJob * job, guint y, gdouble * uv, gdouble * uv2)
{
  guint x, xs[2], k, w = job->out_w;
  gdouble a = job->psi_max * (1 - 2 * (y + 0.5) / job->out_h);
  gdouble s = job->mode == MAP_TRANSVERSE ? 1.0 : -1.0;
  gdouble r0 = -s / cosh (a), r1 = s * sinh (a), lat, lon;
  const gdouble *c;

  for (x = 0; x < (job->mirror ? (w + 1) / 2 : w); x++) {
    c = job->col + 3 * x;
    lat = merc_y (c[0] * r0);
    lon = atan2 (r1, c[1]);
    xs[0] = x;
    xs[1] = job->mirror ? w - 1 - x : x;
    for (k = 0; k < (job->mirror ? 2u : 1u); k++, lat = -lat) {
      exact_uv (job, lat, lon + job->out_shift, uv + 2 * xs[k]);
      exact_uv (job, lat, job->out_shift - lon, uv2 + 2 * xs[k]);
    }
  }
}

/* Seed modes: the source positions of row @y into @uv. */
static void
seed_row (const BuildJob * job, guint y, gdouble * uv)
{
  guint x;
  gdouble r0, r1, r2 = 0, u = 0, v = 0, a;

  if (job->mode == MAP_SEED) {
    /* line (y + 1) / height maps +175 .. -175 "degrees" of Mercator y */
    r2 = py_round2 (((gdouble) (y + 1) / job->out_h * (-35 * G_PI / 18)) +
        (17.5 * G_PI / 18));
    r0 = cosh (r2);
    r1 = sinh (r2);
  } else {
    a = G_PI / 2 - G_PI * (y + 0.5) / job->out_h;
    r0 = sin (a);
    r1 = cos (a);
  }
  for (x = 0; x < job->out_w; x++) {
    /* the seed rounds its transverse longitude to 2 decimals: columns
     * that round alike map alike */
    if (job->mode != MAP_SEED || x == 0 || job->col[3 * x + 2] !=
        job->col[3 * x - 1])
      seed_pixel (job, x, r0, r1, r2, &u, &v);
    /* the seed never leaves the source */
    uv[2 * x] = job->mode == MAP_SEED ? CLAMP (u, 0, job->in_w) : u;
    uv[2 * x + 1] = job->mode == MAP_SEED ? CLAMP (v, 0, job->in_h) : v;
  }
}

/* Build rows [y0, y1) into the table: row pairs (y, out_h - 1 - y) in the
 * exact modes, rows in the seed modes. */
static void
build_rows (guint y0, guint y1, gpointer data)
{
  const BuildJob *job = data;
  gdouble *uv = g_new (gdouble, 4 * (gsize) job->out_w);
  gdouble *uv2 = uv + 2 * job->out_w;
  guint y;

  for (y = y0; y < y1; y++) {
    if (job->mode == MAP_TRANSVERSE || job->mode == MAP_MERCATOR) {
      exact_rows (job, y, uv, uv2);
      if (job->out_h - 1 - y != y)
        gst_im_remap_table_set_row (job->t, job->out_h - 1 - y, uv2);
    } else {
      seed_row (job, y, uv);
    }
    gst_im_remap_table_set_row (job->t, y, uv);
  }
  g_free (uv);
}

/* The table of one plane. Longitude wraps around the source's left and
 * right edges, rows clamp; but the seed's nearest steps back from the last
 * column instead of wrapping. */
static GstImRemapTable *
build_table (GstMercatorRemap * self, const Geometry * geo, guint chunk_rows,
    const PlaneTable * pt, GError ** error)
{
  BuildJob job = { NULL, };
  GstImRemapExtend extend_x = GST_IM_REMAP_EXTEND_REPEAT;

  if (geo->direction == GST_MERCATOR_REMAP_TO_TRANSVERSE)
    job.mode = geo->reference_rounding ? MAP_SEED : MAP_TRANSVERSE;
  else
    job.mode = geo->reference_rounding ? MAP_SEED_INVERSE : MAP_MERCATOR;
  if (job.mode == MAP_SEED && geo->interpolation == GST_MERCATOR_REMAP_NEAREST)
    extend_x = GST_IM_REMAP_EXTEND_CLAMP;
  job.t = gst_im_remap_table_new (pt->out_w, pt->out_h, pt->in_w, pt->in_h,
      pt->in_stride, pt->bpp, (GstImRemapInterpolation) geo->interpolation,
      extend_x, GST_IM_REMAP_EXTEND_CLAMP, error);
  if (job.t == NULL)
    return NULL;

  job.out_w = pt->out_w;
  job.out_h = pt->out_h;
  job.in_w = pt->in_w;
  job.in_h = pt->in_h;
  job.psi_max = asinh (tan (geo->max_latitude * G_PI / 180));
  job.v_scale = pt->in_h / (2 * job.psi_max);
  job.shift = (geo->pole_longitude - 90) * G_PI / 180;
  job.out_shift = job.mode == MAP_TRANSVERSE ? job.shift : 0;
  job.mirror = job.mode == MAP_TRANSVERSE || (job.mode == MAP_MERCATOR &&
      job.shift == 0);
  build_columns (&job);

  gst_im_parallel_rows (self->pool, job.mode == MAP_TRANSVERSE ||
      job.mode == MAP_MERCATOR ? (pt->out_h + 1) / 2 : pt->out_h, chunk_rows,
      build_rows, &job);
  gst_im_remap_table_finish (job.t, self->pool, chunk_rows);
  g_free (job.col);
  return job.t;
}

/* Whether planes @a and @b take the same table. */
static gboolean
same_plane (const PlaneTable * a, const PlaneTable * b)
{
  return a->in_w == b->in_w && a->in_h == b->in_h && a->out_w == b->out_w &&
      a->out_h == b->out_h && a->bpp == b->bpp && a->in_stride == b->in_stride;
}

/* Builds a table per plane when the geometry, the caps or an input stride
 * change; planes of the same size and stride (the chroma planes) share
 * one. */
static gboolean
ensure_tables (GstMercatorRemap * self, const Geometry * geo, guint chunk,
    gboolean dirty, GstVideoFrame * in, GstVideoFrame * out, GError ** error)
{
  PlaneTable want[GST_VIDEO_MAX_PLANES];
  guint p, k, n = GST_VIDEO_FRAME_N_PLANES (in);
  gint c[GST_VIDEO_MAX_COMPONENTS];
  gint64 start = g_get_monotonic_time ();

  dirty |= self->n_tables == 0;
  for (p = 0; p < n; p++) {
    /* the plane's size is that of its (first) component */
    gst_video_format_info_component (in->info.finfo, p, c);
    want[p].in_w = GST_VIDEO_FRAME_COMP_WIDTH (in, c[0]);
    want[p].in_h = GST_VIDEO_FRAME_COMP_HEIGHT (in, c[0]);
    want[p].out_w = GST_VIDEO_FRAME_COMP_WIDTH (out, c[0]);
    want[p].out_h = GST_VIDEO_FRAME_COMP_HEIGHT (out, c[0]);
    want[p].bpp = GST_VIDEO_FRAME_COMP_PSTRIDE (in, c[0]);
    want[p].in_stride = GST_VIDEO_FRAME_PLANE_STRIDE (in, p);
    k = self->plane_table[p];
    if (!dirty && (k >= self->n_tables || !same_plane (&self->tables[k],
                &want[p]))) {
      GST_CAT_DEBUG_OBJECT (GST_CAT_PERFORMANCE, self, "caps or input stride "
          "changed, rebuilding the table");
      dirty = TRUE;
    }
  }
  if (!dirty)
    return TRUE;

  free_tables (self);
  for (p = 0; p < n; p++) {
    for (k = 0; k < self->n_tables; k++)
      if (same_plane (&self->tables[k], &want[p]))
        break;
    if (k == self->n_tables) {
      want[p].table = build_table (self, geo, chunk, &want[p], error);
      if (want[p].table == NULL)
        return FALSE;
      self->tables[self->n_tables++] = want[p];
    }
    self->plane_table[p] = k;
  }
  GST_INFO_OBJECT (self, "table for %ux%u <- %ux%u built in %.3f ms",
      GST_VIDEO_FRAME_WIDTH (out), GST_VIDEO_FRAME_HEIGHT (out),
      GST_VIDEO_FRAME_WIDTH (in), GST_VIDEO_FRAME_HEIGHT (in),
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
  if (!ensure_tables (self, &geo, chunk, dirty, in, out, &err))
    goto too_big;

  gst_im_remap_background_from_argb (&in->info, background, bg);
  for (p = 0; p < GST_VIDEO_FRAME_N_PLANES (in); p++)
    gst_im_remap_table_apply (self->tables[self->plane_table[p]].table,
        self->pool, chunk, GST_VIDEO_FRAME_PLANE_DATA (in, p),
        GST_VIDEO_FRAME_PLANE_STRIDE (in, p),
        GST_VIDEO_FRAME_PLANE_DATA (out, p),
        GST_VIDEO_FRAME_PLANE_STRIDE (out, p), bg[p]);
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
        ("Frame too large for the lookup table"), ("%s", err->message));
    g_clear_error (&err);
    return GST_FLOW_ERROR;
  }
}
