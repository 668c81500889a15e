/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:element-thumbnailer
 * @title: thumbnailer
 *
 * Makes thumbnails on worker threads and pushes them in input order. Each
 * image is scaled to the box of #GstThumbnailer:width x
 * #GstThumbnailer:height as #GstThumbnailer:mode says: fit (inside the box,
 * the output size follows each image), fill (cover the box and crop), pad
 * (fit, then centre on the #GstThumbnailer:background colour) or stretch.
 * fill, pad and stretch always output the box size, which fixed-size
 * consumers (machine learning) need.
 *
 * Input is JPEG, PNG (sniffed per buffer, so a stream may mix them) or raw
 * video frames. JPEG is shrunk while it is decoded: libjpeg-turbo's DCT
 * scaling decodes n/8 of the size, with the smallest n that leaves the
 * decoded image at least 1.5 times the thumbnail in both directions, and
 * the separable #GstThumbnailer:kernel filter (Lanczos3 by default) does the
 * rest. PNG and raw frames are resampled from their full size; a large
 * image (4 megapixels or more) is resampled in row bands on all workers.
 * EXIF orientation is applied (#GstThumbnailer:auto-orient). The embedded
 * colour profile is converted to sRGB (#GstThumbnailer:color-profile); EXIF
 * and XMP are left out unless #GstThumbnailer:metadata keeps them. A JPEG's
 * secondary images (MPF: gain maps, depth maps, stereo views) are dropped,
 * or thumbnailed as further frames (#GstThumbnailer:secondary-images).
 * Metas, source meta included, are carried over, so
 * `queue-saver location=thumbs/{stem}.jpg` names each thumbnail after its
 * input.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 multifilesrc location=photo_%04d.jpg stop-index=9 caps=image/jpeg ! thumbnailer width=640 height=338 ! jpegenc ! multifilesink location=thumb_%04d.jpg
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstthumbnailer-private.h"

GST_DEBUG_CATEGORY (gst_thumbnailer_debug);
GST_DEBUG_CATEGORY_EXTERN (GST_CAT_PERFORMANCE);
#define GST_CAT_DEFAULT gst_thumbnailer_debug

#define DEFAULT_WIDTH 256
#define DEFAULT_HEIGHT 256
#define DEFAULT_MODE GST_THUMBNAILER_MODE_FIT
#define DEFAULT_BACKGROUND 0xff000000
#define DEFAULT_NO_UPSCALE TRUE
#define DEFAULT_KERNEL GST_IM_RESAMPLE_LANCZOS3
#define DEFAULT_AUTO_ORIENT TRUE
#define DEFAULT_SHRINK_ON_LOAD TRUE
#define DEFAULT_MAX_PIXELS (100 * 1000 * 1000)
#define DEFAULT_STRICT TRUE
#define DEFAULT_COLOR_PROFILE GST_IM_COLOR_PROFILE_SRGB
#define DEFAULT_METADATA GST_IM_METADATA_STRIP
#define DEFAULT_SECONDARY_IMAGES GST_IM_SECONDARY_IMAGES_DROP
#define MAX_SIDE GST_IM_BOX_MAX_SIDE
/* the modes are passed on to gst_im_box_fit() as they are */
G_STATIC_ASSERT ((gint) GST_THUMBNAILER_MODE_STRETCH == GST_IM_BOX_STRETCH);

/* sources of this many pixels are resampled in row bands on all workers */
#define PARALLEL_MIN_PIXELS (4 * 1000 * 1000)
/* worker scratch above this is released after each image */
#define KEEP_SCRATCH_BYTES (64 * 1024 * 1024)

enum
{
  PROP_0,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_MODE,
  PROP_BACKGROUND,
  PROP_NO_UPSCALE,
  PROP_KERNEL,
  PROP_AUTO_ORIENT,
  PROP_SHRINK_ON_LOAD,
  PROP_MAX_PIXELS,
  PROP_STRICT,
  PROP_COLOR_PROFILE,
  PROP_METADATA,
  PROP_SECONDARY_IMAGES,
};

#define FORMATS "{ RGB, RGBA, BGR, BGRx, BGRA, RGBx, GRAY8 }"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("image/jpeg; image/png; " GST_VIDEO_CAPS_MAKE (FORMATS)));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (FORMATS)));

struct _GstThumbnailer
{
  GstImFrameParallel parent;

  Settings settings;            /* GST_OBJECT_LOCK */

  /* streaming state */
  gboolean raw;                 /* video/x-raw input, described by in_info */
  GstVideoInfo in_info;
};

GType
gst_thumbnailer_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_THUMBNAILER_MODE_FIT, "Fit inside the box, aspect kept", "fit"},
    {GST_THUMBNAILER_MODE_FILL, "Cover the box, aspect kept, crop the rest",
        "fill"},
    {GST_THUMBNAILER_MODE_PAD, "Fit inside the box, pad with the background",
        "pad"},
    {GST_THUMBNAILER_MODE_STRETCH, "Scale each axis to the box", "stretch"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType _type = g_enum_register_static ("GstThumbnailerMode", values);
    g_once_init_leave (&type, _type);
  }
  return type;
}

#define _do_init \
    GST_DEBUG_CATEGORY_INIT (gst_thumbnailer_debug, "thumbnailer", 0, \
        "Parallel thumbnailer");
#define gst_thumbnailer_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstThumbnailer, gst_thumbnailer,
    GST_IM_TYPE_FRAME_PARALLEL, _do_init);
GST_ELEMENT_REGISTER_DEFINE (thumbnailer, "thumbnailer", GST_RANK_NONE,
    GST_TYPE_THUMBNAILER);

static void gst_thumbnailer_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_thumbnailer_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static gboolean gst_thumbnailer_set_caps (GstImFrameParallel * base,
    GstCaps * caps);
static gpointer gst_thumbnailer_prepare_job (GstImFrameParallel * base,
    GstBuffer * input);
static gpointer gst_thumbnailer_worker_state_new (GstImFrameParallel * base);
static void gst_thumbnailer_worker_state_free (GstImFrameParallel * base,
    gpointer state);
static gboolean gst_thumbnailer_process (GstImFrameParallel * base,
    GstImFrameJob * job, gpointer state, GError ** error);

static void
gst_thumbnailer_class_init (GstThumbnailerClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstImFrameParallelClass *fp_class = GST_IM_FRAME_PARALLEL_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_PLAYING;

  gobject_class->set_property = gst_thumbnailer_set_property;
  gobject_class->get_property = gst_thumbnailer_get_property;

  /**
   * GstThumbnailer:width:
   *
   * Width of the box in pixels. 0 leaves the width free: fit then scales
   * by the height alone; fill, pad and stretch use the height (a square).
   */
  g_object_class_install_property (gobject_class, PROP_WIDTH,
      g_param_spec_uint ("width", "Width", "Width of the box in pixels "
          "(0 = free in fit mode, same as height in the others)", 0,
          MAX_SIDE, DEFAULT_WIDTH, flags));

  /**
   * GstThumbnailer:height:
   *
   * Height of the box in pixels. 0 leaves the height free: fit then scales
   * by the width alone; fill, pad and stretch use the width (a square).
   */
  g_object_class_install_property (gobject_class, PROP_HEIGHT,
      g_param_spec_uint ("height", "Height", "Height of the box in pixels "
          "(0 = free in fit mode, same as width in the others)", 0,
          MAX_SIDE, DEFAULT_HEIGHT, flags));

  /**
   * GstThumbnailer:mode:
   *
   * How the image meets the box: fit inside it (the output size follows
   * each image, caps change with it), fill it and crop, fit and pad, or
   * stretch. fill, pad and stretch output exactly the box.
   */
  g_object_class_install_property (gobject_class, PROP_MODE,
      g_param_spec_enum ("mode", "Mode", "How the image meets the box",
          GST_TYPE_THUMBNAILER_MODE, DEFAULT_MODE, flags));

  /**
   * GstThumbnailer:background:
   *
   * Colour around the image where it does not cover the box (pad mode, or
   * a small image with #GstThumbnailer:no-upscale), as 0xAARRGGBB. Alpha
   * only matters for formats with alpha.
   */
  g_object_class_install_property (gobject_class, PROP_BACKGROUND,
      g_param_spec_uint ("background", "Background", "Colour around the "
          "image, as 0xAARRGGBB (pad mode, or small images with no-upscale)",
          0, G_MAXUINT32, DEFAULT_BACKGROUND, flags));

  /**
   * GstThumbnailer:no-upscale:
   *
   * Never enlarge an image. fit then outputs small images at their own
   * size; fill, pad and stretch centre them on the background.
   */
  g_object_class_install_property (gobject_class, PROP_NO_UPSCALE,
      g_param_spec_boolean ("no-upscale", "No upscale", "Never enlarge an "
          "image (smaller ones keep their size)", DEFAULT_NO_UPSCALE, flags));

  /**
   * GstThumbnailer:kernel:
   *
   * The resampling filter, widened by the shrink factor so that shrinking
   * is antialiased: lanczos3 is the sharpest, bilinear and box are softer
   * and faster, nearest aliases.
   */
  g_object_class_install_property (gobject_class, PROP_KERNEL,
      g_param_spec_enum ("kernel", "Kernel", "Resampling filter",
          GST_IM_TYPE_RESAMPLE_KERNEL, DEFAULT_KERNEL, flags));

  /**
   * GstThumbnailer:auto-orient:
   *
   * Turn each image upright as its EXIF orientation tag (JPEG APP1, PNG
   * eXIf) says, before fitting it to the box.
   */
  g_object_class_install_property (gobject_class, PROP_AUTO_ORIENT,
      g_param_spec_boolean ("auto-orient", "Auto orient",
          "Turn images upright as their EXIF orientation says",
          DEFAULT_AUTO_ORIENT, flags));

  /**
   * GstThumbnailer:shrink-on-load:
   *
   * Decode JPEG at a reduced size (1/8 to 8/8, DCT scaling) that still
   * leaves a factor of at least 1.5 to the filter. Much faster on large
   * images; false decodes at full size, for the last fraction of a dB.
   */
  g_object_class_install_property (gobject_class, PROP_SHRINK_ON_LOAD,
      g_param_spec_boolean ("shrink-on-load", "Shrink on load",
          "Decode JPEG at a reduced size (DCT scaling) when the thumbnail "
          "is much smaller", DEFAULT_SHRINK_ON_LOAD, flags));

  /**
   * GstThumbnailer:max-pixels:
   *
   * Refuse images (and raw frames) with more pixels than this before
   * decoding them, as a guard against decompression bombs. 0 means no
   * limit. In a byte stream it also bounds the bytes gathered for one
   * image, as in decoder-pool: max-pixels x 8 + 32 MiB
   * (%GST_IM_FRAMER_DEFAULT_MAX_BYTES for 0); an image that does not end
   * by then is an error, and the stream resumes at the next image.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_PIXELS,
      g_param_spec_uint64 ("max-pixels", "Max pixels",
          "Refuse images with more pixels than this, checked before decoding "
          "(0 = no limit); in a byte stream one image may also take at most "
          "max-pixels x 8 + 32 MiB bytes", 0, G_MAXUINT64, DEFAULT_MAX_PIXELS,
          flags));

  /**
   * GstThumbnailer:strict:
   *
   * Treat corruption that libjpeg-turbo can decode around (a truncated
   * scan, a bad Huffman code) as an error for #GstImFrameParallel:on-error.
   * When false, such images are thumbnailed as far as they decode.
   */
  g_object_class_install_property (gobject_class, PROP_STRICT,
      g_param_spec_boolean ("strict", "Strict",
          "Treat recoverable corruption (e.g. truncated data) as an error "
          "(false: use what decodes)", DEFAULT_STRICT, flags));

  /**
   * GstThumbnailer:color-profile:
   *
   * What to do with a JPEG's or PNG's embedded ICC profile, as
   * decoder-pool's color-profile: `srgb` (the default) converts the
   * thumbnail's pixels to sRGB with Little CMS and carries sRGB's small
   * profile, so a Display P3 or Adobe RGB photo's thumbnail shows its
   * colours in every viewer and weighs no camera profile; `keep` carries
   * the source profile (pixels untouched); `strip` drops it (what
   * vipsthumbnail 8.14 does by default: its thumbnails of wide-gamut
   * photos look dull). Raw input keeps what its frames carry.
   */
  g_object_class_install_property (gobject_class, PROP_COLOR_PROFILE,
      g_param_spec_enum ("color-profile", "Color profile",
          "What to do with the embedded ICC profile",
          GST_IM_TYPE_COLOR_PROFILE, DEFAULT_COLOR_PROFILE, flags));

  /**
   * GstThumbnailer:metadata:
   *
   * Whether a JPEG's or PNG's EXIF and XMP go with the thumbnail (for
   * queue-saver metadata=keep to write, with Orientation 1 where the
   * pixels were turned upright). `strip` by default: thumbnails are
   * published, and EXIF holds GPS positions and serial numbers.
   */
  g_object_class_install_property (gobject_class, PROP_METADATA,
      g_param_spec_enum ("metadata", "Metadata",
          "Carry the EXIF and XMP to the thumbnail (keep) or not (strip)",
          GST_IM_TYPE_METADATA_MODE, DEFAULT_METADATA, flags));

  /**
   * GstThumbnailer:secondary-images:
   *
   * What to do with the secondary images that follow a JPEG's primary
   * image in the same file, as its MPF index lists them (Ultra HDR gain
   * maps, depth maps, MPO stereo views), as in decoder-pool: `drop` makes
   * one thumbnail a file, `emit` one more for each secondary image, marked
   * in its #GstImSourceMeta (image = its number in the index). Byte
   * streams only; one image per buffer (dataset-src) is the primary.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_SECONDARY_IMAGES,
      g_param_spec_enum ("secondary-images", "Secondary images",
          "What to do with the secondary images of a JPEG's MPF index "
          "(gain maps, depth maps, stereo views): drop them, or emit each "
          "as a further frame", GST_IM_TYPE_SECONDARY_IMAGES,
          DEFAULT_SECONDARY_IMAGES, flags));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Parallel thumbnailer", "Filter/Converter/Video/Scaler",
      "Scales JPEG, PNG and raw images to fit, fill or pad a box, on worker "
      "threads, in order", "imagemill developers");

  fp_class->set_caps = GST_DEBUG_FUNCPTR (gst_thumbnailer_set_caps);
  fp_class->prepare_job = GST_DEBUG_FUNCPTR (gst_thumbnailer_prepare_job);
  fp_class->worker_state_new =
      GST_DEBUG_FUNCPTR (gst_thumbnailer_worker_state_new);
  fp_class->worker_state_free =
      GST_DEBUG_FUNCPTR (gst_thumbnailer_worker_state_free);
  fp_class->process = GST_DEBUG_FUNCPTR (gst_thumbnailer_process);

  gst_type_mark_as_plugin_api (GST_TYPE_THUMBNAILER_MODE, 0);
  gst_type_mark_as_plugin_api (GST_IM_TYPE_SECONDARY_IMAGES, 0);
}

static void
gst_thumbnailer_init (GstThumbnailer * self)
{
  Settings *set = &self->settings;

  set->width = DEFAULT_WIDTH;
  set->height = DEFAULT_HEIGHT;
  set->mode = DEFAULT_MODE;
  set->background = DEFAULT_BACKGROUND;
  set->no_upscale = DEFAULT_NO_UPSCALE;
  set->kernel = DEFAULT_KERNEL;
  set->auto_orient = DEFAULT_AUTO_ORIENT;
  set->shrink_on_load = DEFAULT_SHRINK_ON_LOAD;
  set->max_pixels = DEFAULT_MAX_PIXELS;
  set->strict = DEFAULT_STRICT;
  set->color_profile = DEFAULT_COLOR_PROFILE;
  set->metadata = DEFAULT_METADATA;
  set->secondary_images = DEFAULT_SECONDARY_IMAGES;
  gst_im_frame_parallel_set_max_image_bytes (GST_IM_FRAME_PARALLEL (self),
      gst_im_framer_max_bytes_for_pixels (set->max_pixels));
}

static void
gst_thumbnailer_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstThumbnailer *self = GST_THUMBNAILER (object);
  Settings *set = &self->settings;

  /* the framer has its own lock */
  if (prop_id == PROP_MAX_PIXELS)
    gst_im_frame_parallel_set_max_image_bytes (GST_IM_FRAME_PARALLEL (self),
        gst_im_framer_max_bytes_for_pixels (g_value_get_uint64 (value)));
  if (prop_id == PROP_SECONDARY_IMAGES)
    gst_im_frame_parallel_set_secondary_images (GST_IM_FRAME_PARALLEL (self),
        g_value_get_enum (value));
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_WIDTH:
      set->width = g_value_get_uint (value);
      break;
    case PROP_HEIGHT:
      set->height = g_value_get_uint (value);
      break;
    case PROP_MODE:
      set->mode = g_value_get_enum (value);
      break;
    case PROP_BACKGROUND:
      set->background = g_value_get_uint (value);
      break;
    case PROP_NO_UPSCALE:
      set->no_upscale = g_value_get_boolean (value);
      break;
    case PROP_KERNEL:
      set->kernel = g_value_get_enum (value);
      break;
    case PROP_AUTO_ORIENT:
      set->auto_orient = g_value_get_boolean (value);
      break;
    case PROP_SHRINK_ON_LOAD:
      set->shrink_on_load = g_value_get_boolean (value);
      break;
    case PROP_MAX_PIXELS:
      set->max_pixels = g_value_get_uint64 (value);
      break;
    case PROP_STRICT:
      set->strict = g_value_get_boolean (value);
      break;
    case PROP_COLOR_PROFILE:
      set->color_profile = g_value_get_enum (value);
      break;
    case PROP_METADATA:
      set->metadata = g_value_get_enum (value);
      break;
    case PROP_SECONDARY_IMAGES:
      set->secondary_images = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_thumbnailer_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstThumbnailer *self = GST_THUMBNAILER (object);
  const Settings *set = &self->settings;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_WIDTH:
      g_value_set_uint (value, set->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, set->height);
      break;
    case PROP_MODE:
      g_value_set_enum (value, set->mode);
      break;
    case PROP_BACKGROUND:
      g_value_set_uint (value, set->background);
      break;
    case PROP_NO_UPSCALE:
      g_value_set_boolean (value, set->no_upscale);
      break;
    case PROP_KERNEL:
      g_value_set_enum (value, set->kernel);
      break;
    case PROP_AUTO_ORIENT:
      g_value_set_boolean (value, set->auto_orient);
      break;
    case PROP_SHRINK_ON_LOAD:
      g_value_set_boolean (value, set->shrink_on_load);
      break;
    case PROP_MAX_PIXELS:
      g_value_set_uint64 (value, set->max_pixels);
      break;
    case PROP_STRICT:
      g_value_set_boolean (value, set->strict);
      break;
    case PROP_COLOR_PROFILE:
      g_value_set_enum (value, set->color_profile);
      break;
    case PROP_METADATA:
      g_value_set_enum (value, set->metadata);
      break;
    case PROP_SECONDARY_IMAGES:
      g_value_set_enum (value, set->secondary_images);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ---- the streaming thread ---- */

/* Raw input is resampled in its own format; the base class frames and
 * describes encoded input. */
static gboolean
gst_thumbnailer_set_caps (GstImFrameParallel * base, GstCaps * caps)
{
  GstThumbnailer *self = GST_THUMBNAILER (base);

  GST_DEBUG_OBJECT (self, "input caps %" GST_PTR_FORMAT, caps);
  self->raw = gst_structure_has_name (gst_caps_get_structure (caps, 0),
      "video/x-raw");
  if (self->raw && !gst_video_info_from_caps (&self->in_info, caps))
    goto bad_caps;
  return TRUE;

  /* ERRORS */
bad_caps:
  {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("Invalid raw video caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
}

/* The settings of now, for one image: the streaming thread copies them so
 * that a property changed meanwhile applies from the next image on. */
static gpointer
gst_thumbnailer_prepare_job (GstImFrameParallel * base, GstBuffer * input)
{
  GstThumbnailer *self = GST_THUMBNAILER (base);
  JobSettings *settings = g_new (JobSettings, 1);

  /* raw frames keep their format: resampling does not convert; each
   * decoded image keeps what it has (alpha, gray) where downstream takes
   * it */
  settings->format = self->raw ? GST_VIDEO_INFO_FORMAT (&self->in_info) :
      GST_VIDEO_FORMAT_UNKNOWN;
  if (!self->raw)
    gst_im_frame_parallel_get_image_formats (base, GST_VIDEO_FORMAT_RGB,
        &settings->formats);
  gst_im_frame_parallel_get_framerate (base, &settings->fps_n,
      &settings->fps_d);
  settings->raw = self->raw;
  settings->in_info = self->in_info;
  GST_OBJECT_LOCK (self);
  settings->set = self->settings;
  GST_OBJECT_UNLOCK (self);
  return settings;
}

/* ---- workers ---- */

static gpointer
gst_thumbnailer_worker_state_new (GstImFrameParallel * base)
{
  WorkerState *state = g_new0 (WorkerState, 1);

  state->decoder = gst_im_decoder_new ();
  return state;
}

static void
gst_thumbnailer_worker_state_free (GstImFrameParallel * base, gpointer data)
{
  WorkerState *state = data;
  guint i;

  gst_im_decoder_free (state->decoder);
  for (i = 0; i < N_RESAMPLERS; i++)
    gst_im_resampler_free (state->resamplers[i]);
  gst_im_scratch_clear (&state->decoded);
  gst_im_scratch_clear (&state->turned);
  g_free (state);
}

static void
release_big_scratch (WorkerState * state)
{
  gst_im_scratch_trim (&state->decoded, KEEP_SCRATCH_BYTES);
  gst_im_scratch_trim (&state->turned, KEEP_SCRATCH_BYTES);
}

static GstImResampler *
get_resampler (WorkerState * state, GstImResampleKernel kernel, guint C,
    guint sw, guint sh, const GstImResampleRect * rect, guint dw, guint dh)
{
  GstImResampler *r = state->resamplers[0];
  guint i;

  if (r && gst_im_resampler_matches (r, kernel, C, sw, sh, rect, dw, dh))
    return r;
  for (i = 1; i < N_RESAMPLERS; i++) {
    r = state->resamplers[i];
    if (r && gst_im_resampler_matches (r, kernel, C, sw, sh, rect, dw, dh))
      break;
  }
  if (i == N_RESAMPLERS) {
    gst_im_resampler_free (state->resamplers[N_RESAMPLERS - 1]);
    r = gst_im_resampler_new (kernel, C, sw, sh, rect, dw, dh);
    i = N_RESAMPLERS - 1;
  }
  memmove (state->resamplers + 1, state->resamplers, i * sizeof (r));
  state->resamplers[0] = r;
  return r;
}

/* Resamples, in row bands on all workers when the source is large. */
static void
resample (GstThumbnailer * self, GstImResampler * r, const guint8 * src,
    gint src_stride, guint src_pixels, guint8 * dst, gint dst_stride,
    guint dst_rows)
{
  GstImWorkerPool *pool = gst_im_frame_parallel_get_pool
      (GST_IM_FRAME_PARALLEL (self));

  if (pool && src_pixels >= PARALLEL_MIN_PIXELS)
    gst_im_resampler_run (r, pool, 0, src, src_stride, dst, dst_stride);
  else
    gst_im_resampler_process (r, src, src_stride, dst, dst_stride, 0, dst_rows);
}

/* Resamples @src into the image area of @frame, turned upright. */
static gboolean
make_thumbnail (GstThumbnailer * self, WorkerState * state,
    const JobSettings * s, Source * src, const GstImBox * g,
    GstVideoFrame * frame, GError ** error)
{
  guint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (frame, 0);
  gint dst_stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  guint8 *dst = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame, 0) +
      (gsize) g->img_y * dst_stride + (gsize) g->img_x * ps;
  guint rw = src->rw, rh = src->rh;
  GstImResampler *r;
  gint stride;

  r = get_resampler (state, s->set.kernel, ps, src->width, src->height,
      &src->rect, rw, rh);
  if (r == NULL)
    goto no_resampler;

  gst_im_fill_background (GST_VIDEO_FRAME_PLANE_DATA (frame, 0), dst_stride,
      frame->info.finfo, g, s->set.background);
  if (src->orientation == 1) {
    resample (self, r, src->data, src->stride, src->width * src->height, dst,
        dst_stride, rh);
    return TRUE;
  }

  GST_CAT_LOG (GST_CAT_PERFORMANCE, "orientation %u: resampling through "
      "a scratch image", src->orientation);
  stride = GST_ROUND_UP_4 (rw * ps);
  if (!gst_im_scratch_get (&state->turned, (gsize) stride * rh, "resampling",
          NULL))
    goto no_memory;
  resample (self, r, src->data, src->stride, src->width * src->height,
      state->turned.data, stride, rh);
  gst_im_orient_copy (state->turned.data, stride, rw, rh, ps,
      src->orientation, dst, dst_stride);
  return TRUE;

  /* ERRORS */
no_resampler:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "cannot resample %ux%u to %ux%u", src->width, src->height, rw, rh);
    return FALSE;
  }
no_memory:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "could not allocate a %ux%u scratch image", rw, rh);
    return FALSE;
  }
}

/* What the file holds besides pixels: its profile, converted or carried,
 * and its EXIF and XMP, for queue-saver to write. */
static void
carry_file_metadata (const JobSettings * s, GstBuffer * input,
    GstBuffer * output, const GstVideoInfo * info, guint orientation)
{
  GstMapInfo in;

  if (!gst_buffer_map (input, &in, GST_MAP_READ))
    return;
  gst_im_color_profile_apply (output, info, in.data, in.size,
      s->set.color_profile, NULL);
  if (s->set.metadata == GST_IM_METADATA_KEEP)
    gst_im_metadata_attach (output, in.data, in.size, orientation != 1);
  gst_buffer_unmap (input, &in);
}

static gboolean
gst_thumbnailer_process (GstImFrameParallel * base, GstImFrameJob * job,
    gpointer data, GError ** error)
{
  GstThumbnailer *self = GST_THUMBNAILER (base);
  const JobSettings *s = gst_im_frame_job_get_data (job);
  GstBuffer *input = gst_im_frame_job_get_input (job), *output = NULL;
  WorkerState *state = data;
  GstCaps *caps = NULL;
  GstVideoFrame frame;
  GstVideoInfo info;
  Source src;
  GstImBox g;
  gboolean ok;

  if (!gst_thumbnailer_load_source (state, s, input, &src, &g, error))
    goto failed;

  if (!gst_video_info_set_format (&info, src.format, g.out_w, g.out_h))
    goto bad_size;
  GST_VIDEO_INFO_FPS_N (&info) = s->fps_n;
  GST_VIDEO_INFO_FPS_D (&info) = s->fps_d;
  output = gst_im_frame_parallel_alloc_frame (base, &info, &caps, error);
  if (output == NULL)
    goto no_buffer;
  if (!gst_video_frame_map (&frame, &info, output, GST_MAP_WRITE))
    goto map_output_failed;

  GST_LOG_OBJECT (self, "%ux%u -> %ux%u in %ux%u", src.width, src.height,
      g.img_w, g.img_h, g.out_w, g.out_h);
  ok = make_thumbnail (self, state, s, &src, &g, &frame, error);
  gst_video_frame_unmap (&frame);
  if (!ok)
    goto failed;
  if (!s->raw)
    carry_file_metadata (s, input, output, &info, src.orientation);

  gst_thumbnailer_source_clear (&src);
  release_big_scratch (state);
  gst_im_frame_job_add_output (job, output, caps);
  gst_caps_unref (caps);
  return TRUE;

  /* ERRORS */
bad_size:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
        "cannot make a %ux%u %s thumbnail: the frame would be too large",
        g.out_w, g.out_h, gst_video_format_to_string (src.format));
    goto failed;
  }
no_buffer:
  {
    g_prefix_error (error, "no %ux%u output frame: ", g.out_w, g.out_h);
    goto failed;
  }
map_output_failed:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "could not map the %ux%u output frame", g.out_w, g.out_h);
    goto failed;
  }
failed:
  {
    gst_thumbnailer_source_clear (&src);
    release_big_scratch (state);
    gst_clear_buffer (&output);
    gst_clear_caps (&caps);
    return FALSE;
  }
}
