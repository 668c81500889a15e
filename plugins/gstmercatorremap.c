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
 * weights, is a #GstImRemapTable built once per caps from a
 * #GstImProjection (in row chunks on the workers); each frame is only the
 * gather, also in row chunks. Longitude wraps around the input's left and
 * right edges; rows are clamped at its top and bottom; a pixel that maps
 * beyond max-latitude gets #GstMercatorRemap:background.
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

/* The settings that shape the table, copied whole for each frame. */
typedef struct
{
  GstImProjectionParams projection;
  GstMercatorRemapInterpolation interpolation;
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
  self->geo.projection.direction =
      (GstImProjectionDirection) DEFAULT_DIRECTION;
  self->geo.projection.max_latitude = DEFAULT_MAX_LATITUDE;
  self->geo.projection.pole_longitude = DEFAULT_POLE_LONGITUDE;
  self->geo.projection.reference_rounding = DEFAULT_REFERENCE_ROUNDING;
  self->geo.interpolation = DEFAULT_INTERPOLATION;
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
  GstImProjectionParams *proj = &self->geo.projection;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DIRECTION:
      proj->direction = g_value_get_enum (value);
      break;
    case PROP_MAX_LATITUDE:
      proj->max_latitude = g_value_get_double (value);
      break;
    case PROP_POLE_LONGITUDE:
      proj->pole_longitude = g_value_get_double (value);
      break;
    case PROP_INTERPOLATION:
      self->geo.interpolation = g_value_get_enum (value);
      break;
    case PROP_REFERENCE_ROUNDING:
      proj->reference_rounding = g_value_get_boolean (value);
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
  const GstImProjectionParams *proj = &self->geo.projection;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DIRECTION:
      g_value_set_enum (value, proj->direction);
      break;
    case PROP_MAX_LATITUDE:
      g_value_set_double (value, proj->max_latitude);
      break;
    case PROP_POLE_LONGITUDE:
      g_value_set_double (value, proj->pole_longitude);
      break;
    case PROP_INTERPOLATION:
      g_value_set_enum (value, self->geo.interpolation);
      break;
    case PROP_REFERENCE_ROUNDING:
      g_value_set_boolean (value, proj->reference_rounding);
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

/* The table of one plane: the projection says where each output pixel lies
 * in the source, the table turns that into offsets and weights. */
static GstImRemapTable *
build_table (GstMercatorRemap * self, const Geometry * geo, guint chunk_rows,
    const PlaneTable * pt, GError ** error)
{
  GstImProjection *proj = gst_im_projection_new (&geo->projection, pt->out_w,
      pt->out_h, pt->in_w, pt->in_h);
  GstImRemapTable *t;

  t = gst_im_projection_make_table (proj, pt->in_stride, pt->bpp,
      (GstImRemapInterpolation) geo->interpolation, self->pool, chunk_rows,
      error);
  gst_im_projection_free (proj);
  return t;
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
