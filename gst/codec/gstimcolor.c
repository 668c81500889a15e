/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Decoded pixels converted to sRGB with Little CMS 2 (color-profile=srgb).
 *
 * One entry per embedded profile, built once and shared by every worker.
 * Little CMS reads the profile and computes every colour; how its answers
 * are applied depends on the profile:
 * - curves and a matrix (what cameras and phones embed: Display P3, Adobe
 *   RGB): the transform is out = enc (sum over j of f_j (x_j)), so lcms
 *   fills, once, the nine tables f_j of each output channel (in 1/16384ths
 *   of linear light, through a linear-sRGB profile) and the sRGB encoding
 *   table. The three outputs of one input value share a 64-bit entry (16
 *   bits each, offset to be positive), so a pixel is three loads and two
 *   additions, then three encoding loads: 6 to 9 times faster than lcms'
 *   own 8-bit path (docs/elements/decoder-pool.md). The tables are checked
 *   against lcms' double precision transform on a grid before use; a
 *   profile whose transform is not separable that way is not put through
 *   them, and one that maps every colour to itself costs nothing.
 * Frames are converted in row bands shared with idle workers.
 * - anything else (lookup-table profiles, grey profiles): cmsDoTransform,
 *   one transform per pixel layout, shared (cmsFLAGS_NOCACHE).
 * The intent is perceptual, Little CMS' and PIL's default; for the matrix
 * profiles of cameras it is the same as relative colorimetric.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <lcms2.h>
#include <math.h>
#include <string.h>

#include "gstimcodec-private.h"
#include "gstimcolor-private.h"
#include "gstimdebug-private.h"

GST_IM_DEBUG_CATEGORY ("imcolor", "imagemill: colour profiles (Little CMS)");

#define LIN_ONE 16384           /* linear light 1.0 in the tables */
#define MAX_ENTRIES 64          /* profiles cached before starting over */
#define INTENT INTENT_PERCEPTUAL
#define BAND_ROWS 64            /* rows per band handed to a worker */

typedef struct
{
  GBytes *icc;
  GMutex lock;                  /* guards profile and xforms */
  cmsHPROFILE profile;          /* NULL where lcms could not read it */
  gboolean identity;            /* every colour maps to itself */
  gboolean fast;                /* the tables below apply */
  /* [in channel][value]: bits 16c.. hold what it adds to output c (in
   * 1/LIN_ONE of linear light), plus that table's offset */
  guint64 packed[3][256];
  guint8 *enc;                  /* linear (1/LIN_ONE) to 8-bit sRGB */
  const guint8 *enc_c[3];       /* enc for output c's offset sums */
  GHashTable *xforms;           /* lcms pixel type -> cmsHTRANSFORM */
} Entry;

static cmsContext ctx;
static GMutex cache_lock;
static GHashTable *cache;       /* GBytes -> Entry (a reference) */
static GBytes *srgb_icc, *srgb_gray_icc;
static cmsHPROFILE srgb, srgb_gray, srgb_linear;
static gdouble enc_curve[LIN_ONE + 1];  /* sRGB encoding of i / LIN_ONE */

static void
log_lcms_error (cmsContext c, cmsUInt32Number code, const char *text)
{
  GST_DEBUG ("Little CMS: %s (error %u)", text, code);
}

/* The profile's bytes. Little CMS stamps a profile with the second it was
 * made (header dateTimeNumber, bytes 24-35; it has no setter), which would
 * make two runs write different files and miss the cache: a fixed date
 * (2026-01-01 00:00:00) goes there instead. The profile ID, which would
 * cover it, is left zero (not computed). */
static GBytes *
save_profile (cmsHPROFILE p)
{
  static const guint8 date[12] = { 0x07, 0xea, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0 };
  cmsUInt32Number n = 0;
  guint8 *data;

  if (!cmsSaveProfileToMem (p, NULL, &n) || n < 128)
    return NULL;
  data = g_malloc (n);
  if (!cmsSaveProfileToMem (p, data, &n)) {
    g_free (data);
    return NULL;
  }
  memcpy (data + 24, date, sizeof (date));
  return g_bytes_new_take (data, n);
}

/* sRGB's TRC (IEC 61966-2-1), as lcms' own sRGB profile has it */
static cmsToneCurve *
srgb_curve (void)
{
  static const cmsFloat64Number p[5] = { 2.4, 1.0 / 1.055, 0.055 / 1.055,
    1.0 / 12.92, 0.04045
  };
  return cmsBuildParametricToneCurve (ctx, 4, p);
}

/* The profiles converted to, and the sRGB encoding of linear light, which
 * lcms computes from linear sRGB to sRGB. */
static void
init_once (void)
{
  cmsCIExyYTRIPLE primaries = { {0.64, 0.33, 1}, {0.30, 0.60, 1},
  {0.15, 0.06, 1}
  };
  cmsCIExyY d65 = { 0.3127, 0.3290, 1 };
  cmsToneCurve *lin = cmsBuildGamma (ctx, 1.0), *curve;
  cmsToneCurve *lins[3] = { lin, lin, lin };
  cmsHTRANSFORM x;
  gdouble *ramp;
  guint i;

  ctx = cmsCreateContext (NULL, NULL);
  cmsSetLogErrorHandlerTHR (ctx, log_lcms_error);
  srgb = cmsCreate_sRGBProfileTHR (ctx);
  curve = srgb_curve ();
  srgb_gray = cmsCreateGrayProfileTHR (ctx, &d65, curve);
  srgb_linear = cmsCreateRGBProfileTHR (ctx, &d65, &primaries, lins);
  srgb_icc = save_profile (srgb);
  srgb_gray_icc = save_profile (srgb_gray);
  cmsFreeToneCurve (curve);
  cmsFreeToneCurve (lin);

  ramp = g_new (gdouble, 3 * (LIN_ONE + 1));
  for (i = 0; i <= LIN_ONE; i++)
    ramp[3 * i] = ramp[3 * i + 1] = ramp[3 * i + 2] = (gdouble) i / LIN_ONE;
  x = cmsCreateTransformTHR (ctx, srgb_linear, TYPE_RGB_DBL, srgb,
      TYPE_RGB_DBL, INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE);
  cmsDoTransform (x, ramp, ramp, LIN_ONE + 1);
  cmsDeleteTransform (x);
  for (i = 0; i <= LIN_ONE; i++)
    enc_curve[i] = ramp[3 * i + 1];
  g_free (ramp);
  cache = g_hash_table_new (g_bytes_hash, g_bytes_equal);
}

static void
ensure_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    init_once ();
    g_once_init_leave (&done, 1);
  }
}

static guint8
to_byte (gdouble v)
{
  return (guint8) CLAMP (lrint (v * 255.0), 0, 255);
}

/* One pixel through the tables, for the rows and for the check. The
 * pointers come as restrict locals: a byte store may alias anything, and
 * would make the compiler load them again for every pixel. */
static inline G_GNUC_UNUSED __attribute__ ((always_inline)) void
fast_pixel (const guint64 (*restrict packed)[256], const guint8 * restrict e0,
    const guint8 * restrict e1, const guint8 * restrict e2, guint r, guint g,
    guint b, guint8 out[3])
{
  guint64 sum = packed[0][r] + packed[1][g] + packed[2][b];

  out[0] = e0[sum & 0xffff];
  out[1] = e1[(sum >> 16) & 0xffff];
  out[2] = e2[(sum >> 32) & 0xffff];
}

static void
entry_pixel (const Entry * e, guint r, guint g, guint b, guint8 out[3])
{
  fast_pixel (e->packed, e->enc_c[0], e->enc_c[1], e->enc_c[2], r, g, b, out);
}

/* Fills the tables from lcms' double transform of single-channel ramps into
 * linear sRGB, then checks them on a 16^3 grid against lcms' transform of
 * the same colours to sRGB: at most one level apart, else not used. */
static void
build_tables (Entry * e)
{
  gdouble ramp[3 * 256 * 3], grid[16 * 16 * 16 * 3];
  gint32 tables[3][3][256], lo = 0, hi = LIN_ONE, offset[3] = { 0, 0, 0 };
  guint j, c, x, i, worst = 0;
  gboolean same = TRUE;
  cmsHTRANSFORM to_linear, to_srgb;

  to_linear = cmsCreateTransformTHR (ctx, e->profile, TYPE_RGB_DBL,
      srgb_linear, TYPE_RGB_DBL, INTENT, cmsFLAGS_NOOPTIMIZE);
  to_srgb = cmsCreateTransformTHR (ctx, e->profile, TYPE_RGB_DBL, srgb,
      TYPE_RGB_DBL, INTENT, cmsFLAGS_NOOPTIMIZE);
  if (to_linear == NULL || to_srgb == NULL)
    goto done;

  memset (ramp, 0, sizeof (ramp));
  for (j = 0; j < 3; j++)
    for (x = 0; x < 256; x++)
      ramp[(j * 256 + x) * 3 + j] = x / 255.0;
  cmsDoTransform (to_linear, ramp, ramp, 3 * 256);
  /* channel j's table holds what it adds to black */
  for (c = 0; c < 3; c++)
    for (j = 0; j < 3; j++)
      for (x = 0; x < 256; x++) {
        gdouble v = ramp[(j * 256 + x) * 3 + c] - (j ? ramp[c] : 0.0);

        if (!isfinite (v))      /* a profile no table can hold */
          goto done;
        tables[c][j][x] = (gint32) lrint (CLAMP (v, -4.0, 4.0) * LIN_ONE);
      }
  for (c = 0; c < 3; c++) {
    gint32 min = 0, max = 0;
    for (j = 0; j < 3; j++) {
      gint32 tmin = G_MAXINT32, tmax = G_MININT32;
      for (x = 0; x < 256; x++) {
        tmin = MIN (tmin, tables[c][j][x]);
        tmax = MAX (tmax, tables[c][j][x]);
      }
      min += tmin;
      max += tmax;
      for (x = 0; x < 256; x++)
        e->packed[j][x] += (guint64) (tables[c][j][x] - tmin) << (16 * c);
      offset[c] -= tmin;
    }
    /* a sum must fit its 16 bits */
    if (max - min > 0xffff)
      goto done;
    lo = MIN (lo, min);
    hi = MAX (hi, max);
  }
  e->enc = g_malloc ((gsize) (hi - lo + 1));
  for (i = 0; i <= (guint) (hi - lo); i++)
    e->enc[i] = to_byte (enc_curve[CLAMP ((gint32) i + lo, 0, LIN_ONE)]);
  for (c = 0; c < 3; c++)
    e->enc_c[c] = e->enc - lo - offset[c];

  for (i = 0; i < 16 * 16 * 16; i++) {
    grid[3 * i] = 17 * (i >> 8) / 255.0;
    grid[3 * i + 1] = 17 * ((i >> 4) & 15) / 255.0;
    grid[3 * i + 2] = 17 * (i & 15) / 255.0;
  }
  cmsDoTransform (to_srgb, grid, grid, 16 * 16 * 16);
  for (i = 0; i < 16 * 16 * 16; i++) {
    guint in[3] = { 17 * (i >> 8), 17 * ((i >> 4) & 15), 17 * (i & 15) };
    guint8 got[3];
    entry_pixel (e, in[0], in[1], in[2], got);
    for (c = 0; c < 3; c++) {
      worst = MAX (worst, (guint) ABS (got[c] - to_byte (grid[3 * i + c])));
      same &= got[c] == in[c];
    }
  }
  for (c = 0; c < 3 && same; c++)
    for (x = 0; x < 256 && same; x++) {
      guint8 got[3];
      entry_pixel (e, c == 0 ? x : 0, c == 1 ? x : 0, c == 2 ? x : 0, got);
      same = got[c] == x;
    }
  e->fast = worst <= 1;
  e->identity = e->fast && same;
  GST_DEBUG ("profile of %" G_GSIZE_FORMAT " bytes: tables %s (worst %u "
      "levels on the grid)%s", g_bytes_get_size (e->icc),
      e->fast ? "used" : "not used", worst, e->identity ? ", identity" : "");
done:
  if (to_linear)
    cmsDeleteTransform (to_linear);
  if (to_srgb)
    cmsDeleteTransform (to_srgb);
}

static Entry *
entry_new (GBytes * icc)
{
  Entry *e = g_atomic_rc_box_new0 (Entry);
  gsize size;
  gconstpointer data = g_bytes_get_data (icc, &size);

  e->icc = g_bytes_ref (icc);
  g_mutex_init (&e->lock);
  e->xforms = g_hash_table_new_full (NULL, NULL, NULL,
      (GDestroyNotify) cmsDeleteTransform);
  e->profile = cmsOpenProfileFromMemTHR (ctx, data, (cmsUInt32Number) size);
  if (e->profile == NULL) {
    GST_DEBUG ("Little CMS cannot read the profile of %" G_GSIZE_FORMAT
        " bytes", size);
    return e;
  }
  if (cmsGetColorSpace (e->profile) == cmsSigRgbData
      && cmsIsMatrixShaper (e->profile))
    build_tables (e);
  return e;
}

static void
entry_clear (Entry * e)
{
  g_hash_table_unref (e->xforms);
  if (e->profile)
    cmsCloseProfile (e->profile);
  g_free (e->enc);
  g_bytes_unref (e->icc);
  g_mutex_clear (&e->lock);
}

static void
entry_unref (Entry * e)
{
  g_atomic_rc_box_release_full (e, (GDestroyNotify) entry_clear);
}

static gboolean
drop_entry (gpointer key, gpointer value, gpointer user_data)
{
  entry_unref (value);
  return TRUE;
}

static Entry *
entry_get (GBytes * icc)
{
  Entry *e;

  ensure_init ();
  g_mutex_lock (&cache_lock);
  e = g_hash_table_lookup (cache, icc);
  if (e == NULL) {
    if (g_hash_table_size (cache) >= MAX_ENTRIES)
      g_hash_table_foreach_remove (cache, drop_entry, NULL);
    e = entry_new (icc);
    g_hash_table_insert (cache, e->icc, e);
  }
  e = g_atomic_rc_box_acquire (e);
  g_mutex_unlock (&cache_lock);
  return e;
}

/* The lcms pixel type of a frame format, 0 where there is none. */
static cmsUInt32Number
lcms_type (GstVideoFormat format)
{
  switch (format) {
    case GST_VIDEO_FORMAT_RGB:
      return TYPE_RGB_8;
    case GST_VIDEO_FORMAT_BGR:
      return TYPE_BGR_8;
    case GST_VIDEO_FORMAT_RGBA:
    case GST_VIDEO_FORMAT_RGBx:
      return TYPE_RGBA_8;
    case GST_VIDEO_FORMAT_BGRA:
    case GST_VIDEO_FORMAT_BGRx:
      return TYPE_BGRA_8;
    case GST_VIDEO_FORMAT_ARGB:
    case GST_VIDEO_FORMAT_xRGB:
      return TYPE_ARGB_8;
    case GST_VIDEO_FORMAT_ABGR:
    case GST_VIDEO_FORMAT_xBGR:
      return TYPE_ABGR_8;
    case GST_VIDEO_FORMAT_GRAY8:
      return TYPE_GRAY_8;
    case GST_VIDEO_FORMAT_GRAY16_LE:
      return G_BYTE_ORDER == G_LITTLE_ENDIAN ? TYPE_GRAY_16 :
          TYPE_GRAY_16_SE;
    default:
      return 0;
  }
}

static cmsHTRANSFORM
entry_get_xform (Entry * e, cmsUInt32Number type)
{
  cmsHTRANSFORM x;
  gboolean gray = T_COLORSPACE (type) == PT_GRAY;

  g_mutex_lock (&e->lock);
  x = g_hash_table_lookup (e->xforms, GUINT_TO_POINTER (type));
  if (x == NULL) {
    x = cmsCreateTransformTHR (ctx, e->profile, type,
        gray ? srgb_gray : srgb, type, INTENT,
        cmsFLAGS_NOCACHE | (T_EXTRA (type) ? cmsFLAGS_COPY_ALPHA : 0));
    if (x)
      g_hash_table_insert (e->xforms, GUINT_TO_POINTER (type), x);
  }
  g_mutex_unlock (&e->lock);
  return x;
}

/* One row through the tables; always inlined, so that each layout below
 * gets its own loop with constant offsets. */
static inline G_GNUC_UNUSED __attribute__ ((always_inline)) void
convert_row (const Entry * e, guint8 * p, guint width, const guint ps,
    const guint ro, const guint go, const guint bo)
{
  const guint64 (*restrict packed)[256] = e->packed;
  const guint8 *restrict e0 = e->enc_c[0], *restrict e1 = e->enc_c[1];
  const guint8 *restrict e2 = e->enc_c[2];
  guint x, wide = ps == 4 ? width : width - 1;

  /* one 32-bit load per pixel (the next pixel's first byte too, for 3-byte
   * pixels: not for the last one) */
  for (x = 0; x < wide; x++, p += ps) {
    guint32 v;
    guint8 o[3];

    memcpy (&v, p, 4);
    v = GUINT32_FROM_LE (v);
    fast_pixel (packed, e0, e1, e2, (v >> (8 * ro)) & 0xff,
        (v >> (8 * go)) & 0xff, (v >> (8 * bo)) & 0xff, o);
    p[ro] = o[0];
    p[go] = o[1];
    p[bo] = o[2];
  }
  for (; x < width; x++, p += ps) {
    guint8 o[3];

    fast_pixel (packed, e0, e1, e2, p[ro], p[go], p[bo], o);
    p[ro] = o[0];
    p[go] = o[1];
    p[bo] = o[2];
  }
}

/* One frame's conversion, shared by its row bands. */
typedef struct
{
  const Entry *e;
  const GstImPixelLayout *layout;       /* the tables' way, or NULL */
  cmsHTRANSFORM xform;          /* lcms' way */
  GstVideoFrame *frame;
} Conversion;

static void
convert_band (guint y0, guint y1, gpointer data)
{
  const Conversion *c = data;
  const GstImPixelLayout *l = c->layout;
  gint stride = GST_VIDEO_FRAME_PLANE_STRIDE (c->frame, 0);
  guint8 *row = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (c->frame, 0) +
      (gsize) y0 * stride;
  guint width = GST_VIDEO_FRAME_WIDTH (c->frame), y;

  if (l == NULL) {
    cmsDoTransformLineStride (c->xform, row, row, width, y1 - y0, stride,
        stride, 0, 0);
    return;
  }
  for (y = y0; y < y1; y++, row += stride) {
    if (l->pixel_stride == 3 && l->r == 0)
      convert_row (c->e, row, width, 3, 0, 1, 2);
    else if (l->pixel_stride == 3)
      convert_row (c->e, row, width, 3, 2, 1, 0);
    else if (l->r == 0)
      convert_row (c->e, row, width, 4, 0, 1, 2);
    else if (l->b == 0)
      convert_row (c->e, row, width, 4, 2, 1, 0);
    else
      convert_row (c->e, row, width, l->pixel_stride, l->r, l->g, l->b);
  }
}

/**
 * gst_im_color_to_srgb:
 * @frame: a mapped, writable frame whose pixels are in @icc's colours
 * @icc: its ICC profile, one for pixels like @frame's (an RGB or a grey
 *   one: a mismatch converts nothing)
 * @pool: (nullable): workers to share row bands of a large frame with
 *
 * Converts @frame's pixels to sRGB in place (alpha and padding untouched),
 * in row bands on @pool's idle workers and the calling thread.
 *
 * Returns: (transfer full) (nullable): the profile the pixels are now in
 * (Little CMS' sRGB, or a grey one with sRGB's curve), or %NULL where @icc
 * could not be used: the pixels are then untouched.
 */
GBytes *
gst_im_color_to_srgb (GstVideoFrame * frame, GBytes * icc,
    GstImWorkerPool * pool)
{
  GstVideoFormat format = GST_VIDEO_FRAME_FORMAT (frame);
  cmsUInt32Number type = lcms_type (format);
  gboolean gray = T_COLORSPACE (type) == PT_GRAY;
  Conversion conv = { NULL, };
  GBytes *result = NULL;
  Entry *e;

  if (type == 0)
    return NULL;
  e = entry_get (icc);
  if (e->profile == NULL)
    goto done;
  conv.e = e;
  conv.frame = frame;
  if (e->identity) {
    GST_LOG ("profile maps every colour to itself");
  } else if (e->fast && (conv.layout = gst_im_pixel_layout_get (format)) &&
      conv.layout->r >= 0) {
    gst_im_parallel_rows (pool, GST_VIDEO_FRAME_HEIGHT (frame), BAND_ROWS,
        convert_band, &conv);
  } else if ((conv.xform = entry_get_xform (e, type)) != NULL) {
    conv.layout = NULL;
    gst_im_parallel_rows (pool, GST_VIDEO_FRAME_HEIGHT (frame), BAND_ROWS,
        convert_band, &conv);
  } else {
    goto done;
  }
  result = g_bytes_ref (gray ? srgb_gray_icc : srgb_icc);
done:
  entry_unref (e);
  return result;
}

static gboolean
near (gdouble a, gdouble b, gdouble tolerance)
{
  return fabs (a - b) <= tolerance;
}

/**
 * gst_im_color_profile_for_gamma:
 * @file_gamma: a PNG's gAMA (the exponent the file was encoded with, 1/2.2
 *   for most)
 * @chrm: (nullable) (array fixed-size=8): its cHRM: white x, y, then red,
 *   green, blue x, y; %NULL for sRGB's (Rec. 709) primaries and D65
 * @gray: a profile for grey pixels
 *
 * The ICC profile a PNG's gAMA and cHRM describe, written by Little CMS
 * (curves of exponent 1 / @file_gamma). gAMA 1/2.2 with sRGB's primaries
 * is how many writers say sRGB: no profile then, as for values no profile
 * can have (an exponent outside 0.05..5, chromaticities outside (0, 1) or
 * primaries in a line).
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL
 */
GBytes *
gst_im_color_profile_for_gamma (gdouble file_gamma, const gdouble * chrm,
    gboolean gray)
{
  static const gdouble srgb_chrm[8] = { 0.3127, 0.3290, 0.64, 0.33, 0.30,
    0.60, 0.15, 0.06
  };
  const gdouble *c = chrm ? chrm : srgb_chrm;
  gboolean srgb_like = near (file_gamma, 1 / 2.2, 0.005);
  cmsCIExyYTRIPLE primaries;
  cmsCIExyY white;
  cmsToneCurve *curve;
  cmsHPROFILE p = NULL;
  GBytes *icc = NULL;
  guint i;

  if (!(file_gamma >= 0.05 && file_gamma <= 5.0))
    return NULL;
  for (i = 0; i < 8; i++) {
    if (!(c[i] > 0.0 && c[i] < 1.0))
      return NULL;
    srgb_like &= gray || near (c[i], srgb_chrm[i], 0.01);
  }
  if (srgb_like)
    return NULL;

  ensure_init ();
  white = (cmsCIExyY) { c[0], c[1], 1.0 };
  primaries.Red = (cmsCIExyY) { c[2], c[3], 1.0 };
  primaries.Green = (cmsCIExyY) { c[4], c[5], 1.0 };
  primaries.Blue = (cmsCIExyY) { c[6], c[7], 1.0 };
  curve = cmsBuildGamma (ctx, 1.0 / file_gamma);
  if (curve == NULL)
    return NULL;
  if (gray) {
    p = cmsCreateGrayProfileTHR (ctx, &white, curve);
  } else {
    cmsToneCurve *curves[3] = { curve, curve, curve };
    p = cmsCreateRGBProfileTHR (ctx, &white, &primaries, curves);
  }
  cmsFreeToneCurve (curve);
  if (p) {
    icc = save_profile (p);
    cmsCloseProfile (p);
  }
  return icc;
}
