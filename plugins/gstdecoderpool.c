/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/**
 * SECTION:element-decoder-pool
 * @title: decoder-pool
 *
 * Decodes JPEG and PNG images on worker threads and pushes the raw frames in
 * input order. A stream may mix both formats: each buffer is sniffed. One
 * image per buffer (multifilesrc, dataset-src, jpegparse) is the fast path;
 * a byte stream (filesrc) is cut into whole images first. JPEG is decoded by
 * libjpeg-turbo straight into the output frame, PNG by libspng. EXIF
 * orientation is applied unless #GstDecoderPool:apply-orientation is false.
 * Caps follow each image: a change of size sends new caps. A JPEG's
 * secondary images (MPF: Ultra HDR gain maps, depth maps, MPO stereo pairs)
 * are dropped, or decoded as further frames with
 * #GstDecoderPool:secondary-images.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 multifilesrc location=photo_%04d.jpg caps=image/jpeg,framerate=30/1 ! decoder-pool workers=2 ! videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstdecoderpool.h"

GST_DEBUG_CATEGORY_STATIC (gst_decoder_pool_debug);
GST_DEBUG_CATEGORY_EXTERN (GST_CAT_PERFORMANCE);
#define GST_CAT_DEFAULT gst_decoder_pool_debug

#define DEFAULT_MAX_PIXELS (100 * 1000 * 1000)
#define DEFAULT_APPLY_ORIENTATION TRUE
#define DEFAULT_STRICT TRUE
#define DEFAULT_COLOR_PROFILE GST_IM_COLOR_PROFILE_KEEP
#define DEFAULT_SECONDARY_IMAGES GST_IM_SECONDARY_IMAGES_DROP

enum
{
  PROP_0,
  PROP_MAX_PIXELS,
  PROP_APPLY_ORIENTATION,
  PROP_STRICT,
  PROP_COLOR_PROFILE,
  PROP_SECONDARY_IMAGES,
};

#define SRC_FORMATS "{ RGB, RGBA, BGR, BGRx, BGRA, RGBx, GRAY8, GRAY16_LE }"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("image/jpeg; image/png"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (SRC_FORMATS)));

/* What one job needs, copied from the element when it is queued. */
typedef struct
{
  GstImImageFormats formats;    /* what each image may keep */
  guint64 max_pixels;
  gboolean apply_orientation;
  gboolean strict;
  GstImColorProfile color_profile;
  gint fps_n, fps_d;
} JobSettings;

/* Per-worker state: decoder handle and a scratch frame for rotation. */
typedef struct
{
  GstImDecoder *decoder;
  GstImScratch scratch;
} WorkerState;

struct _GstDecoderPool
{
  GstImFrameParallel parent;

  /* properties: GST_OBJECT_LOCK */
  guint64 max_pixels;
  gboolean apply_orientation;
  gboolean strict;
  GstImColorProfile color_profile;
  GstImSecondaryImages secondary_images;
};

#define _do_init \
    GST_DEBUG_CATEGORY_INIT (gst_decoder_pool_debug, "decoder-pool", 0, \
        "Parallel JPEG/PNG decoder");
#define gst_decoder_pool_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstDecoderPool, gst_decoder_pool,
    GST_IM_TYPE_FRAME_PARALLEL, _do_init);
GST_ELEMENT_REGISTER_DEFINE (decoder_pool, "decoder-pool", GST_RANK_NONE,
    GST_TYPE_DECODER_POOL);

static void gst_decoder_pool_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_decoder_pool_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static gpointer gst_decoder_pool_prepare_job (GstImFrameParallel * base,
    GstBuffer * input);
static gpointer gst_decoder_pool_worker_state_new (GstImFrameParallel * base);
static void gst_decoder_pool_worker_state_free (GstImFrameParallel * base,
    gpointer state);
static gboolean gst_decoder_pool_process (GstImFrameParallel * base,
    GstImFrameJob * job, gpointer state, GError ** error);

static void
gst_decoder_pool_class_init (GstDecoderPoolClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstImFrameParallelClass *fp_class = GST_IM_FRAME_PARALLEL_CLASS (klass);

  gobject_class->set_property = gst_decoder_pool_set_property;
  gobject_class->get_property = gst_decoder_pool_get_property;

  /**
   * GstDecoderPool:max-pixels:
   *
   * Refuse images with more pixels than this before decoding them, as a
   * guard against decompression bombs. 0 means no limit. In a byte stream
   * it also bounds the bytes gathered for one image: max-pixels x 8 + 32
   * MiB (%GST_IM_FRAMER_DEFAULT_MAX_BYTES for 0); an image that does not
   * end by then is an error, and the stream resumes at the next image.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_PIXELS,
      g_param_spec_uint64 ("max-pixels", "Max pixels",
          "Refuse images with more pixels than this, checked before decoding "
          "(0 = no limit)", 0, G_MAXUINT64, DEFAULT_MAX_PIXELS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstDecoderPool:apply-orientation:
   *
   * Rotate and flip each image as its EXIF orientation tag says, so that
   * it comes out upright.
   */
  g_object_class_install_property (gobject_class, PROP_APPLY_ORIENTATION,
      g_param_spec_boolean ("apply-orientation", "Apply orientation",
          "Turn images upright as their EXIF orientation says",
          DEFAULT_APPLY_ORIENTATION, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstDecoderPool:strict:
   *
   * Treat corruption that libjpeg-turbo can decode around (a truncated
   * scan, a bad Huffman code) as an error for #GstImFrameParallel:on-error.
   * When false, such images are output as far as they decode, as jpegdec
   * does.
   */
  g_object_class_install_property (gobject_class, PROP_STRICT,
      g_param_spec_boolean ("strict", "Strict",
          "Treat recoverable corruption (e.g. truncated data) as an error "
          "(false: output what decodes)", DEFAULT_STRICT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstDecoderPool:color-profile:
   *
   * What to do with an image's embedded ICC profile (JPEG APP2, PNG
   * iCCP): `keep` leaves the pixels as they are and carries the profile
   * on the frame (#GstImProfileMeta), so that queue-saver writes it into
   * the output and a colour-managed viewer shows the same colours;
   * `srgb` converts the pixels from the profile to sRGB with Little CMS
   * (perceptual intent; one transform per profile, shared by the
   * workers) and carries sRGB's profile, for consumers that assume sRGB
   * (training, the web); `strip` drops it. Images without a profile are
   * left as they are; a profile for other pixels than the frame's (CMYK,
   * or RGB on a grey frame) is dropped.
   */
  g_object_class_install_property (gobject_class, PROP_COLOR_PROFILE,
      g_param_spec_enum ("color-profile", "Color profile",
          "What to do with the embedded ICC profile",
          GST_IM_TYPE_COLOR_PROFILE, DEFAULT_COLOR_PROFILE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstDecoderPool:secondary-images:
   *
   * What to do with the secondary images that follow a JPEG's primary
   * image in the same file, as its MPF index (CIPA DC-007) lists them:
   * Ultra HDR gain maps, depth maps, the second view of an MPO stereo
   * pair. `drop` outputs the primary image of each file only; `emit`
   * decodes each secondary image as a further frame (caps follow its
   * size), marked in its #GstImSourceMeta (image = its number in the
   * index, 0 for the primary). Only for byte streams (filesrc,
   * multifilesrc); input of one image per buffer (dataset-src, parsed=true)
   * decodes as the primary. Concatenated JPEGs without such an index
   * (MJPEG, `cat a.jpg b.jpg`) are one frame each either way.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_SECONDARY_IMAGES,
      g_param_spec_enum ("secondary-images", "Secondary images",
          "What to do with the secondary images of a JPEG's MPF index "
          "(gain maps, depth maps, stereo views): drop them, or emit each "
          "as a further frame", GST_IM_TYPE_SECONDARY_IMAGES,
          DEFAULT_SECONDARY_IMAGES, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Parallel image decoder", "Codec/Decoder/Image",
      "Decodes JPEG and PNG images on worker threads, in order",
      "imagemill developers");

  fp_class->prepare_job = GST_DEBUG_FUNCPTR (gst_decoder_pool_prepare_job);
  fp_class->worker_state_new =
      GST_DEBUG_FUNCPTR (gst_decoder_pool_worker_state_new);
  fp_class->worker_state_free =
      GST_DEBUG_FUNCPTR (gst_decoder_pool_worker_state_free);
  fp_class->process = GST_DEBUG_FUNCPTR (gst_decoder_pool_process);

  gst_type_mark_as_plugin_api (GST_IM_TYPE_SECONDARY_IMAGES, 0);
}

/* The framer's limit for @max_pixels: 0 (no limit) takes the framer's
 * default, a limit too large to compute none at all. */
static void
set_max_image_bytes (GstDecoderPool * self, guint64 max_pixels)
{
  gst_im_frame_parallel_set_max_image_bytes (GST_IM_FRAME_PARALLEL (self),
      gst_im_framer_max_bytes_for_pixels (max_pixels));
}

static void
gst_decoder_pool_init (GstDecoderPool * self)
{
  self->max_pixels = DEFAULT_MAX_PIXELS;
  self->apply_orientation = DEFAULT_APPLY_ORIENTATION;
  self->strict = DEFAULT_STRICT;
  self->color_profile = DEFAULT_COLOR_PROFILE;
  self->secondary_images = DEFAULT_SECONDARY_IMAGES;
  set_max_image_bytes (self, self->max_pixels);
}

static void
gst_decoder_pool_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstDecoderPool *self = GST_DECODER_POOL (object);

  /* the framer has its own lock */
  if (prop_id == PROP_MAX_PIXELS)
    set_max_image_bytes (self, g_value_get_uint64 (value));
  if (prop_id == PROP_SECONDARY_IMAGES)
    gst_im_frame_parallel_set_secondary_images (GST_IM_FRAME_PARALLEL (self),
        g_value_get_enum (value));
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MAX_PIXELS:
      self->max_pixels = g_value_get_uint64 (value);
      break;
    case PROP_APPLY_ORIENTATION:
      self->apply_orientation = g_value_get_boolean (value);
      break;
    case PROP_STRICT:
      self->strict = g_value_get_boolean (value);
      break;
    case PROP_COLOR_PROFILE:
      self->color_profile = g_value_get_enum (value);
      break;
    case PROP_SECONDARY_IMAGES:
      self->secondary_images = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_decoder_pool_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstDecoderPool *self = GST_DECODER_POOL (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MAX_PIXELS:
      g_value_set_uint64 (value, self->max_pixels);
      break;
    case PROP_APPLY_ORIENTATION:
      g_value_set_boolean (value, self->apply_orientation);
      break;
    case PROP_STRICT:
      g_value_set_boolean (value, self->strict);
      break;
    case PROP_COLOR_PROFILE:
      g_value_set_enum (value, self->color_profile);
      break;
    case PROP_SECONDARY_IMAGES:
      g_value_set_enum (value, self->secondary_images);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* The settings of now, for one image: the streaming thread copies them so
 * that a property changed meanwhile applies from the next image on. */
static gpointer
gst_decoder_pool_prepare_job (GstImFrameParallel * base, GstBuffer * input)
{
  GstDecoderPool *self = GST_DECODER_POOL (base);
  JobSettings *settings = g_new (JobSettings, 1);

  /* each image keeps what it has where downstream takes it */
  gst_im_frame_parallel_get_image_formats (base, GST_VIDEO_FORMAT_RGB,
      &settings->formats);
  gst_im_frame_parallel_get_framerate (base, &settings->fps_n,
      &settings->fps_d);
  GST_OBJECT_LOCK (self);
  settings->max_pixels = self->max_pixels;
  settings->apply_orientation = self->apply_orientation;
  settings->strict = self->strict;
  settings->color_profile = self->color_profile;
  GST_OBJECT_UNLOCK (self);
  return settings;
}

static gpointer
gst_decoder_pool_worker_state_new (GstImFrameParallel * base)
{
  WorkerState *state = g_new0 (WorkerState, 1);

  state->decoder = gst_im_decoder_new ();
  return state;
}

static void
gst_decoder_pool_worker_state_free (GstImFrameParallel * base, gpointer data)
{
  WorkerState *state = data;

  gst_im_decoder_free (state->decoder);
  gst_im_scratch_clear (&state->scratch);
  g_free (state);
}

/* Decodes into the frame, through the scratch frame when it must turn. */
static gboolean
decode_into (WorkerState * state, const GstMapInfo * in,
    const GstImImageHeader * header, GstVideoFormat format, gboolean strict,
    guint orientation, GstVideoFrame * frame, GError ** error)
{
  GstImDecodeFlags flags = strict ? GST_IM_DECODE_STRICT : 0;
  guint pstride = GST_VIDEO_FRAME_COMP_PSTRIDE (frame, 0);
  gint stride;

  if (orientation == 1)
    return gst_im_decoder_decode (state->decoder, in->data, in->size, header,
        8, format, GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0), flags, error);

  GST_CAT_LOG (GST_CAT_PERFORMANCE, "orientation %u: decoding through a "
      "scratch frame", orientation);
  /* a stored row is at most 2^24 pixels (the decoders' limit on a side),
   * so its stride fits a gint; the size is computed in 64 bits */
  stride = (gint) GST_ROUND_UP_4 ((guint64) header->width * pstride);
  if (!gst_im_scratch_get (&state->scratch, (gsize) stride * header->height,
          "orientation", error))
    return FALSE;
  if (!gst_im_decoder_decode (state->decoder, in->data, in->size, header, 8,
          format, state->scratch.data, stride, flags, error))
    return FALSE;
  gst_im_orient_copy (state->scratch.data, stride, header->width, header->height,
      pstride, orientation, GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
      GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0));
  return TRUE;
}

static gboolean
gst_decoder_pool_process (GstImFrameParallel * base, GstImFrameJob * job,
    gpointer data, GError ** error)
{
  GstDecoderPool *self = GST_DECODER_POOL (base);
  const JobSettings *settings = gst_im_frame_job_get_data (job);
  GstBuffer *input = gst_im_frame_job_get_input (job);
  WorkerState *state = data;
  GstImImageHeader header;
  GstVideoInfo info;
  GstVideoFrame frame;
  GstBuffer *output;
  GstCaps *caps = NULL;
  GstMapInfo in;
  guint orientation, width, height;
  GstVideoFormat format;
  gboolean ok;

  if (!gst_buffer_map (input, &in, GST_MAP_READ))
    goto map_failed;
  if (!gst_im_decoder_read_header (state->decoder, in.data, in.size, &header,
          error))
    goto failed;
  if (settings->max_pixels &&
      (guint64) header.width * header.height > settings->max_pixels)
    goto too_big;

  format = gst_im_image_formats_pick (&settings->formats, &header);
  orientation = settings->apply_orientation ? header.orientation : 1;
  width = header.width;
  height = header.height;
  if (gst_im_orientation_swaps_axes (orientation)) {
    width = header.height;
    height = header.width;
  }

  if (!gst_video_info_set_format (&info, format, width, height))
    goto too_big_for_video;
  GST_VIDEO_INFO_FPS_N (&info) = settings->fps_n;
  GST_VIDEO_INFO_FPS_D (&info) = settings->fps_d;
  output = gst_im_frame_parallel_alloc_frame (base, &info, &caps, error);
  if (output == NULL)
    goto no_buffer;
  if (!gst_video_frame_map (&frame, &info, output, GST_MAP_WRITE)) {
    gst_buffer_unref (output);
    gst_caps_unref (caps);
    goto map_output_failed;
  }

  GST_LOG_OBJECT (self, "decoding %ux%u %s (orientation %u)", header.width,
      header.height, header.codec == GST_IM_CODEC_JPEG ? "JPEG" : "PNG",
      orientation);
  ok = decode_into (state, &in, &header, format, settings->strict,
      orientation, &frame, error);
  gst_video_frame_unmap (&frame);
  if (ok) {
    gst_im_color_profile_apply (output, &info, in.data, in.size,
        settings->color_profile, gst_im_frame_parallel_get_pool (base));
    gst_im_metadata_attach (output, in.data, in.size, orientation != 1);
  }
  gst_buffer_unmap (input, &in);

  if (!ok) {
    gst_buffer_unref (output);
    gst_caps_unref (caps);
    return FALSE;
  }
  gst_im_frame_job_add_output (job, output, caps);
  gst_caps_unref (caps);
  return TRUE;

  /* ERRORS */
map_failed:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "could not map the input buffer");
    return FALSE;
  }
too_big:
  {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "image is %ux%u (%" G_GUINT64_FORMAT " pixels), more than max-pixels="
        "%" G_GUINT64_FORMAT, header.width, header.height,
        (guint64) header.width * header.height, settings->max_pixels);
    goto failed;
  }
too_big_for_video:
  {
    /* GstVideoInfo refuses frames over G_MAXUINT bytes or rows over G_MAXINT */
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        "a %ux%u %s frame is larger than GStreamer video frames may be "
        "(%u bytes)", width, height, gst_video_format_to_string (format),
        G_MAXUINT);
    goto failed;
  }
no_buffer:
  {
    g_prefix_error (error, "no %ux%u output frame: ", width, height);
    goto failed;
  }
map_output_failed:
  {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "could not map the %ux%u output frame", width, height);
    goto failed;
  }
failed:
  {
    gst_buffer_unmap (input, &in);
    return FALSE;
  }
}
