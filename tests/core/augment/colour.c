/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment's colour transforms against per-pixel references written here
 * in double precision from the documented formulas, then albumentations'
 * rounding:
 * - HSV: OpenCV's documented RGB -> HSV (V = max, S = 255 (V - min) / V,
 *   H = 60 (G - B) / (V - min) ... halved, rounded) and HSV -> RGB (the
 *   sector, p, q, t of the textbook formula, times 255, truncated as cv2's
 *   vector path does); between them albumentations' tables (hue mod 180,
 *   int () additions with saturation, 2.x keeping S = 0 at 0);
 * - grey: 0.299 R + 0.587 G + 0.114 B rounded; sepia: the matrix product
 *   rounded and clipped; ColorJitter's brightness and contrast tables in
 *   float32 as albucore builds them, the contrast mean from the grey image
 *   computed here, the saturation blend rounded half to even.
 * The library computes HSV and grey in OpenCV's fixed point: a reciprocal
 * rounded to 12 bits moves H by up to 0.16 of a step and S by 0.03, so
 * where the exact H or S lies that close to a rounding edge both roundings
 * are candidates (one H step moves RGB by up to 8 levels); HSV -> RGB runs
 * in float32 (cv2's), where a product that is exactly an integer may come
 * out a hair below it and truncate to one less, so there both are
 * candidates too. What remains is grey's 15-bit weights against the
 * rounded double: at most 1 level, on at most 0.5 % of the samples
 * (measured: 0.04 %). The rest is exact: whole-pixel maths, tables,
 * sepia's matrix as cv::transform quantises it, and the bytes of alpha.
 * On RGB, BGR (channel order), RGBA and ARGB (alpha untouched) and GRAY8;
 * replay from the plan's JSON, every worker count and the scalar loops
 * (GST_IM_AUG_COLOUR_GENERIC=1) give the same bytes as the vector path.
 */
#include "augtest.h"

#define TOL_FRACTION 0.005

typedef struct
{
  GstVideoFormat format;
  guint bpp;
  gint r, g, b, a;              /* byte offsets; a: -1 none */
} Fmt;

static const Fmt fmts[] = {
  {GST_VIDEO_FORMAT_RGB, 3, 0, 1, 2, -1},
  {GST_VIDEO_FORMAT_BGR, 3, 2, 1, 0, -1},
  {GST_VIDEO_FORMAT_RGBA, 4, 0, 1, 2, 3},
  {GST_VIDEO_FORMAT_ARGB, 4, 1, 2, 3, 0},
  {GST_VIDEO_FORMAT_GRAY8, 1, 0, 0, 0, -1},
};

/* 131 x 19: vector steps and scalar tails in every row */
#define W 131
#define H 19

/* An RGB image with texture, grey pixels (S = 0), pure and dark colours. */
static AugImage
test_rgb (void)
{
  AugImage img = aug_image_pattern (W, H, 3, 5);
  guint x, y;
  guint8 *p;

  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++) {
      p = img.px + ((gsize) y * W + x) * 3;
      if (y == 3)
        p[1] = p[2] = p[0];
      if (y == 4 && x < 6) {
        p[0] = x & 1 ? 255 : 0;
        p[1] = x & 2 ? 255 : 0;
        p[2] = x & 4 ? 255 : 0;
      }
      if (y == 5)
        p[0] = p[1] = p[2] = x % 7;
    }
  return img;
}

/* the frame bytes of @rgb in @f (alpha: a pattern of its own) */
static AugImage
to_format (const AugImage * rgb, const Fmt * f)
{
  AugImage img = aug_image_new (rgb->w, rgb->h, f->bpp);
  gsize i, n = (gsize) rgb->w * rgb->h;
  const guint8 *p;

  for (i = 0; i < n; i++) {
    p = rgb->px + i * 3;
    if (f->bpp == 1) {
      img.px[i] = p[0];
      continue;
    }
    img.px[i * f->bpp + f->r] = p[0];
    img.px[i * f->bpp + f->g] = p[1];
    img.px[i * f->bpp + f->b] = p[2];
    if (f->a >= 0)
      img.px[i * f->bpp + f->a] = (i * 37 + 11) & 255;
  }
  return img;
}

/* Renders @plan on @src (format @f) through mapped GstVideoFrames. */
static AugImage
render (const GstImAugPlan * plan, const AugImage * src, const Fmt * f,
    GstImWorkerPool * pool, guint chunk_rows)
{
  GstVideoInfo info;
  GstVideoFrame in, out;
  GstBuffer *bin, *bout;
  GstImAugScratch *scratch = gst_im_aug_scratch_new ();
  GError *error = NULL;
  AugImage img = aug_image_new (src->w, src->h, f->bpp);
  guint y;

  fail_unless (gst_video_info_set_format (&info, f->format, src->w, src->h));
  bin = gst_buffer_new_allocate (NULL, info.size, NULL);
  bout = gst_buffer_new_allocate (NULL, info.size, NULL);
  gst_buffer_memset (bout, 0, 0xa5, info.size);
  fail_unless (gst_video_frame_map (&in, &info, bin, GST_MAP_READWRITE));
  fail_unless (gst_video_frame_map (&out, &info, bout, GST_MAP_READWRITE));
  for (y = 0; y < src->h; y++)
    memcpy ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&in, 0)
        + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&in, 0),
        src->px + (gsize) y * src->w * f->bpp, (gsize) src->w * f->bpp);
  fail_unless (gst_im_aug_plan_render (plan, &in, &out, TRUE, pool,
          chunk_rows, scratch, &error), "render: %s",
      error ? error->message : "?");
  for (y = 0; y < src->h; y++)
    memcpy (img.px + (gsize) y * src->w * f->bpp,
        (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&out, 0)
        + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&out, 0),
        (gsize) src->w * f->bpp);
  gst_video_frame_unmap (&in);
  gst_video_frame_unmap (&out);
  gst_buffer_unref (bin);
  gst_buffer_unref (bout);
  gst_im_aug_scratch_free (scratch);
  return img;
}

/* the plan of @transforms (p = 1) for a W x H frame, and its JSON */
static GstImAugPlan *
plan_of (const gchar * transforms, guint64 seed, gchar ** json)
{
  GstImAugPipeline *pipeline = aug_pipeline (transforms);
  GstImAugPlan *plan = gst_im_aug_pipeline_draw (pipeline, seed, 3, 0, W, H);

  fail_unless_equals_int (gst_im_aug_plan_get_n_applied (plan), 1);
  *json = gst_im_aug_plan_to_json (plan);
  gst_im_aug_pipeline_unref (pipeline);
  return plan;
}

/* ---- references, one RGB pixel (doubles in, bytes out) ---- */

/* writes the expected pixel to out[0..2]; where the exact value lies on a
 * rounding edge closer than the library's fixed point resolves, more
 * candidates after it; returns how many (1..4) */
#define MAX_CAND 4
typedef guint (*RefFunc) (gconstpointer data, const gint * in, gint * out);

static gint
round_half_up (gdouble x)
{
  return (gint) floor (x + 0.5);
}

/* H and S with their rounding: where the exact value is within @eps of a
 * half, both neighbours (OpenCV's 12-bit reciprocals are that close:
 * |error| <= 1275 x 0.5 / 4096 < 0.16 for H, 255 x 0.5 / 4096 for S) */
static guint
round_both (gdouble x, gdouble eps, gint * out)
{
  gint a = (gint) floor (x + 0.5), b = (gint) floor (x + 0.5 + eps);

  out[0] = a;
  if (b != a) {
    out[1] = b;
    return 2;
  }
  b = (gint) floor (x + 0.5 - eps);
  out[1] = b;
  return b != a ? 2 : 1;
}

static void
ref_rgb2hsv (const gint * c, gint * h, guint * nh, gint * s, guint * ns,
    gint * v)
{
  gdouble mx = MAX (c[0], MAX (c[1], c[2])), mn = MIN (c[0], MIN (c[1],
          c[2])), d = mx - mn, hd;
  guint i;

  *v = mx;
  if (mx > 0) {
    *ns = round_both (255.0 * d / mx, 0.04, s);
  } else {
    s[0] = 0;
    *ns = 1;
  }
  if (d == 0)
    hd = 0;
  else if (mx == c[0])
    hd = 60.0 * (c[1] - c[2]) / d;
  else if (mx == c[1])
    hd = 120.0 + 60.0 * (c[2] - c[0]) / d;
  else
    hd = 240.0 + 60.0 * (c[0] - c[1]) / d;
  if (hd < 0)
    hd += 360.0;
  *nh = round_both (hd / 2, 0.16, h);
  for (i = 0; i < *nh; i++)
    h[i] = (h[i] + 180) % 180;
}

/* a candidate channel that may also be one less */
#define OR_LESS (1 << 16)

/* the exact value truncated; exactly an integer k (v (255 - s) at V = 255,
 * ...), cv2's float32 may land a hair below: k or k - 1 */
static gint
trunc_channel (gdouble x)
{
  gdouble y = 255.0 * x, k = floor (y + 1e-9);

  return CLAMP ((gint) k, 0, 255) | (k > 0 && y - k < 1e-6 ? OR_LESS : 0);
}

static void
ref_hsv2rgb (gint h, gint s, gint v, gint * out)
{
  gdouble hh = h / 30.0, sf = s / 255.0, vf = v / 255.0, f, p, q, t;
  gint sector = (gint) floor (hh);

  f = hh - sector;
  sector %= 6;
  p = vf * (1 - sf);
  q = vf * (1 - sf * f);
  t = vf * (1 - sf * (1 - f));
  switch (sector) {
    case 0:
      out[0] = trunc_channel (vf), out[1] = trunc_channel (t);
      out[2] = trunc_channel (p);
      break;
    case 1:
      out[0] = trunc_channel (q), out[1] = trunc_channel (vf);
      out[2] = trunc_channel (p);
      break;
    case 2:
      out[0] = trunc_channel (p), out[1] = trunc_channel (vf);
      out[2] = trunc_channel (t);
      break;
    case 3:
      out[0] = trunc_channel (p), out[1] = trunc_channel (q);
      out[2] = trunc_channel (vf);
      break;
    case 4:
      out[0] = trunc_channel (t), out[1] = trunc_channel (p);
      out[2] = trunc_channel (vf);
      break;
    default:
      out[0] = trunc_channel (vf), out[1] = trunc_channel (p);
      out[2] = trunc_channel (q);
  }
}

typedef struct
{
  gdouble hue, sat, val;
  gboolean keep_grey;
} HsvShift;

static guint
ref_hsv (gconstpointer data, const gint * in, gint * out)
{
  const HsvShift *sh = data;
  gint h[2], s[2], v, hh, ss;
  guint nh, ns, i, j, n = 0;
  gdouble m;

  ref_rgb2hsv (in, h, &nh, s, &ns, &v);
  v = CLAMP (v + (gint) sh->val, 0, 255);
  for (i = 0; i < nh; i++)
    for (j = 0; j < ns; j++) {
      m = fmod (h[i] + sh->hue, 180.0);
      hh = (gint) (m < 0 ? m + 180.0 : m);
      ss = s[j] == 0 && sh->keep_grey ? 0 : CLAMP (s[j] + (gint) sh->sat, 0,
          255);
      ref_hsv2rgb (hh, ss, v, out + 3 * n++);
    }
  return n;
}

static gint
ref_grey (const gint * c)
{
  return round_half_up (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]);
}

/* cv::addWeighted in float32: c f + grey (1 - f), rounded half to even */
static guint
ref_saturation (gconstpointer data, const gint * in, gint * out)
{
  gdouble f = *(const gdouble *) data;
  gfloat y = ref_grey (in), x;
  guint c;

  for (c = 0; c < 3; c++) {
    x = fmaf ((gfloat) in[c], (gfloat) f, y * (gfloat) (1 - f));
    out[c] = CLAMP ((gint) rintf (x), 0, 255);
  }
  return 1;
}

/* albucore's float32 table, truncated */
static gint
ref_multiply_add (gint i, gdouble factor, gdouble value)
{
  gfloat x = (gfloat) i * (gfloat) factor + (gfloat) value;

  return x <= 0 ? 0 : x >= 255 ? 255 : (gint) x;
}

typedef struct
{
  gdouble factor, value;
} Affine1;

static guint
ref_table (gconstpointer data, const gint * in, gint * out)
{
  const Affine1 *a = data;
  guint c;

  for (c = 0; c < 3; c++)
    out[c] = ref_multiply_add (in[c], a->factor, a->value);
  return 1;
}

/* albumentations' matrix as cv::transform takes it on 8 bits: each
 * coefficient to 1/1024, the sum rounded half up and saturated */
static guint
ref_sepia (gconstpointer data, const gint * in, gint * out)
{
  static const gdouble m[3][3] = { {0.393, 0.769, 0.189},
  {0.349, 0.686, 0.168}, {0.272, 0.534, 0.131}
  };
  gdouble x;
  guint c, k;

  for (c = 0; c < 3; c++) {
    for (k = 0, x = 0; k < 3; k++)
      x += floor (m[c][k] * 1024 + 0.5) / 1024 * in[k];
    out[c] = CLAMP (round_half_up (x), 0, 255);
  }
  return 1;
}

static guint
ref_to_grey (gconstpointer data, const gint * in, gint * out)
{
  const gchar *method = data;
  gint mx = MAX (in[0], MAX (in[1], in[2]));
  gint mn = MIN (in[0], MIN (in[1], in[2])), y;

  if (!strcmp (method, "weighted_average"))
    y = ref_grey (in);
  else if (!strcmp (method, "desaturation"))
    y = (gint) floor ((mx + mn) / 2.0);
  else if (!strcmp (method, "average"))
    y = (gint) floor ((in[0] + in[1] + in[2]) / 3.0);
  else
    y = mx;
  out[0] = out[1] = out[2] = y;
  return 1;
}

/* The expected RGB image: up to MAX_CAND candidates a pixel */
typedef struct
{
  guint w, h;
  guint8 *n;                    /* candidates per pixel */
  gint *px;                     /* MAX_CAND x 3 per pixel */
} Want;

static Want
want_new (const AugImage * rgb, RefFunc ref, gconstpointer data)
{
  Want want = { rgb->w, rgb->h };
  gsize i, n = (gsize) rgb->w * rgb->h;
  gint in[3];
  guint c;

  want.n = g_new (guint8, n);
  want.px = g_new (gint, n * MAX_CAND * 3);
  for (i = 0; i < n; i++) {
    for (c = 0; c < 3; c++)
      in[c] = rgb->px[i * 3 + c];
    want.n[i] = ref (data, in, want.px + i * MAX_CAND * 3);
  }
  return want;
}

static void
want_clear (Want * want)
{
  g_free (want->n);
  g_free (want->px);
}

/* @rgb through @ref, in place (the first candidate) */
static void
apply_ref (AugImage * rgb, RefFunc ref, gconstpointer data)
{
  Want want = want_new (rgb, ref, data);
  gsize i, n = (gsize) rgb->w * rgb->h;
  guint c;

  for (i = 0; i < n; i++)
    for (c = 0; c < 3; c++)
      rgb->px[i * 3 + c] = want.px[i * MAX_CAND * 3 + c] & 0xff;
  want_clear (&want);
}

/* @ours (format @f) against @want: each pixel within @tol of its nearest
 * candidate (with tol > 0, on at most TOL_FRACTION of the samples), alpha
 * as in @src */
static void
check_want (const AugImage * ours, const AugImage * src, const Want * want,
    const Fmt * f, gint tol, const gchar * what)
{
  gsize i, n = (gsize) ours->w * ours->h, off = 0;
  gint d, best, worst, max_diff = 0;
  guint c, k, best_off = 0, nk;
  const gint *cand;

  for (i = 0; i < n; i++) {
    best = G_MAXINT;
    for (k = 0; k < want->n[i]; k++) {
      cand = want->px + (i * MAX_CAND + k) * 3;
      for (c = 0, worst = 0, nk = 0; c < 3; c++) {
        gint o = ours->px[i * f->bpp + (c == 0 ? f->r : c == 1 ? f->g :
                f->b)], w = cand[c] & 0xffff;

        d = (cand[c] & OR_LESS) && o == w - 1 ? 0 : ABS (o - w);
        worst = MAX (worst, d);
        nk += d > 0;
      }
      if (worst < best) {
        best = worst;
        best_off = nk;
      }
    }

    max_diff = MAX (max_diff, best);
    off += best_off;
    if (f->a >= 0)
      fail_unless_equals_int (ours->px[i * f->bpp + f->a],
          src->px[i * f->bpp + f->a]);
  }
  fail_unless (max_diff <= tol, "%s (%s): max diff %d", what,
      gst_video_format_to_string (f->format), max_diff);
  fail_unless (off <= TOL_FRACTION * 3 * n, "%s (%s): %" G_GSIZE_FORMAT
      " of %" G_GSIZE_FORMAT " samples differ", what,
      gst_video_format_to_string (f->format), off, 3 * n);
}

/* Renders @transforms on every colour format and compares with @ref; on
 * GRAY8 with @grey_ref (a table on the grey value; NULL: unchanged). */
static void
check_transform (const gchar * transforms, RefFunc ref, gconstpointer data,
    gint tol, const guint8 * grey_ref)
{
  AugImage rgb = test_rgb (), src, ours;
  Want want = want_new (&rgb, ref, data);
  GstImAugPlan *plan;
  gchar *json;
  guint k;
  gsize i;

  plan = plan_of (transforms, 1, &json);
  for (k = 0; k < G_N_ELEMENTS (fmts); k++) {
    src = to_format (&rgb, &fmts[k]);
    ours = render (plan, &src, &fmts[k], NULL, 0);
    if (fmts[k].bpp == 1) {
      for (i = 0; i < (gsize) W * H; i++)
        fail_unless_equals_int (ours.px[i], grey_ref ? grey_ref[src.px[i]] :
            src.px[i]);
    } else {
      check_want (&ours, &src, &want, &fmts[k], tol, transforms);
    }
    aug_image_clear (&src);
    aug_image_clear (&ours);
  }
  gst_im_aug_plan_free (plan);
  g_free (json);
  aug_image_clear (&rgb);
  want_clear (&want);
}

/* ---- HueSaturationValue ---- */

GST_START_TEST (test_hsv)
{
  static const HsvShift shifts[] = {
    {15, 0, 0, TRUE}, {-25, 40, -30, TRUE}, {100.7, -60.9, 35.5, TRUE},
    {0, 0, 50, TRUE}, {-179.5, 255, -255, TRUE},
  };
  guint8 grey[256];
  gchar *t;
  guint k, i;

  for (k = 0; k < G_N_ELEMENTS (shifts); k++) {
    t = g_strdup_printf ("HueSaturationValue(hue_shift_limit=[%g, %g], "
        "sat_shift_limit=[%g, %g], val_shift_limit=[%g, %g], p=1)",
        shifts[k].hue, shifts[k].hue, shifts[k].sat, shifts[k].sat,
        shifts[k].val, shifts[k].val);
    /* grey: only the value moves */
    for (i = 0; i < 256; i++)
      grey[i] = CLAMP ((gint) i + (gint) shifts[k].val, 0, 255);
    check_transform (t, ref_hsv, &shifts[k], 1, grey);
    g_free (t);
  }
}

GST_END_TEST;

/* 2.x keeps a grey pixel grey; 1.4 gives it the saturation shift */
GST_START_TEST (test_hsv_grey_pixels)
{
  const gchar *v2 = "HueSaturationValue(hue_shift_limit=[0, 0], "
      "sat_shift_limit=[60, 60], val_shift_limit=[0, 0], p=1)";
  const gchar *v14 = "{\"__version__\": \"1.4.24\", \"transform\": "
      "{\"__class_fullname__\": \"Compose\", \"p\": 1, \"transforms\": [{"
      "\"__class_fullname__\": \"HueSaturationValue\", \"hue_shift_limit\": "
      "[0, 0], \"sat_shift_limit\": [60, 60], \"val_shift_limit\": [0, 0], "
      "\"p\": 1}]}}";
  HsvShift sh14 = { 0, 60, 0, FALSE };
  GstImAugPipeline *pipeline;
  GstImAugPlan *plan;
  AugImage rgb = test_rgb (), ours;
  Want want;
  GError *error = NULL;
  guint x;

  check_transform (v2, ref_hsv, &(HsvShift) {
      0, 60, 0, TRUE}
      , 1, NULL);
  pipeline = gst_im_aug_pipeline_new_from_data (v14, -1, "1.4", &error);
  fail_unless (pipeline != NULL, "%s", error ? error->message : "?");
  plan = gst_im_aug_pipeline_draw (pipeline, 1, 0, 0, W, H);
  ours = render (plan, &rgb, &fmts[0], NULL, 0);
  want = want_new (&rgb, ref_hsv, &sh14);
  check_want (&ours, &rgb, &want, &fmts[0], 1, "1.4 HueSaturationValue");
  /* row 3 is grey: 1.4 tints it red (H = 0) */
  for (x = 0; x < W; x++)
    if (rgb.px[(3 * W + x) * 3] > 10)
      fail_unless (ours.px[(3 * W + x) * 3] > ours.px[(3 * W + x) * 3 + 1]);
  gst_im_aug_plan_free (plan);
  gst_im_aug_pipeline_unref (pipeline);
  aug_image_clear (&rgb);
  want_clear (&want);
  aug_image_clear (&ours);
}

GST_END_TEST;

/* ---- ColorJitter ---- */

static gchar *
jitter_string (gdouble b, gdouble c, gdouble s, gdouble h)
{
  return g_strdup_printf ("ColorJitter(brightness=[%g, %g], contrast=[%g, "
      "%g], saturation=[%g, %g], hue=[%g, %g], p=1)", b, b, c, c, s, s, h, h);
}

/* the mean grey of @rgb, computed here */
static gdouble
mean_grey (const AugImage * rgb)
{
  gdouble sum = 0;
  gsize i, n = (gsize) rgb->w * rgb->h;
  gint c[3];

  for (i = 0; i < n; i++) {
    c[0] = rgb->px[i * 3];
    c[1] = rgb->px[i * 3 + 1];
    c[2] = rgb->px[i * 3 + 2];
    sum += ref_grey (c);
  }
  return sum / n;
}

/* one operation at a time, then all four in the recorded order */
GST_START_TEST (test_jitter)
{
  static const gdouble factors[] = { 1.3, 0.55, 0 };
  AugImage rgb = test_rgb (), grey_src;
  Affine1 a;
  gdouble f, mean, order[4], v[4], grey_mean = 0;
  guint8 grey[256];
  HsvShift hue;
  gchar *t, *json;
  GstImAugPlan *plan;
  AugImage want, ours;
  guint k, i, op, far, adjacent = 0, apart = 0;

  /* brightness: a float32 table; grey frames too */
  for (k = 0; k < G_N_ELEMENTS (factors); k++) {
    a.factor = factors[k];
    a.value = 0;
    for (i = 0; i < 256; i++)
      grey[i] = ref_multiply_add (i, a.factor, 0);
    t = jitter_string (factors[k], 1, 1, 0);
    check_transform (t, ref_table, &a, 0, grey);
    g_free (t);
  }
  /* contrast around the mean grey (the grey frame: its own mean) */
  grey_src = to_format (&rgb, &fmts[4]);
  for (i = 0; i < (gsize) W * H; i++)
    grey_mean += grey_src.px[i];
  grey_mean /= (gdouble) W *H;
  mean = mean_grey (&rgb);
  for (k = 0; k < G_N_ELEMENTS (factors); k++) {
    f = factors[k];
    a.factor = f;
    a.value = f == 0 ? floor (mean + 0.5) : mean * (1 - f);
    for (i = 0; i < 256; i++)
      grey[i] = f == 0 ? floor (grey_mean + 0.5) :
          ref_multiply_add (i, f, grey_mean * (1 - f));
    t = jitter_string (1, f, 1, 0);
    check_transform (t, ref_table, &a, 1, grey);
    g_free (t);
  }
  /* saturation, hue: grey frames unchanged */
  for (k = 0; k < G_N_ELEMENTS (factors); k++) {
    t = jitter_string (1, 1, factors[k], 0);
    check_transform (t, ref_saturation, &factors[k], 1, NULL);
    g_free (t);
  }
  hue = (HsvShift) {
  0.1 * 180, 0, 0, FALSE};
  t = jitter_string (1, 1, 1, 0.1);
  check_transform (t, ref_hsv, &hue, 1, NULL);
  g_free (t);
  hue.hue = -0.23 * 180;
  t = jitter_string (1, 1, 1, -0.23);
  check_transform (t, ref_hsv, &hue, 1, NULL);
  g_free (t);

  /* all four, in the order the plan records (each seed its own), until
   * saturation and hue have come next to each other (one fused pass) and
   * apart, twice each; the hue step's rounding edges move single pixels
   * further (one H step: up to 8 levels), so: at most 1 % of the samples
   * off by more than 2 */
  for (k = 0; k < 60 && (adjacent < 2 || apart < 2); k++) {
    t = jitter_string (1.2, 0.8, 1.3, 0.05);
    plan = plan_of (t, k, &json);
    fail_unless (aug_applied_numbers (json, 0, "order", order, 4));
    fail_unless (aug_applied_numbers (json, 0, "brightness", v, 1));
    fail_unless (aug_applied_numbers (json, 0, "contrast", v + 1, 1));
    fail_unless (aug_applied_numbers (json, 0, "saturation", v + 2, 1));
    fail_unless (aug_applied_numbers (json, 0, "hue", v + 3, 1));
    fail_unless (v[0] == 1.2 && v[1] == 0.8 && v[2] == 1.3 && v[3] == 0.05);
    for (i = 0, op = 0; i < 3; i++)
      op |= order[i] + order[i + 1] == 5 && order[i] >= 2;
    adjacent += op;
    apart += !op;
    want = test_rgb ();
    for (i = 0; i < 4; i++) {
      op = order[i];
      switch (op) {
        case 0:
          a = (Affine1) {
          1.2, 0};
          apply_ref (&want, ref_table, &a);
          break;
        case 1:
          mean = mean_grey (&want);
          a = (Affine1) {
          0.8, mean * 0.2};
          apply_ref (&want, ref_table, &a);
          break;
        case 2:
          apply_ref (&want, ref_saturation, &v[2]);
          break;
        default:
          hue = (HsvShift) {
          0.05 * 180, 0, 0, FALSE};
          apply_ref (&want, ref_hsv, &hue);
      }
    }
    ours = render (plan, &rgb, &fmts[0], NULL, 0);
    for (i = 0, far = 0; i < (gsize) W * H * 3; i++)
      far += ABS ((gint) ours.px[i] - want.px[i]) > 2;
    fail_unless (far <= 0.01 * W * H * 3, "%s: %u samples off by more than "
        "2", t, far);
    aug_image_clear (&want);
    aug_image_clear (&ours);
    gst_im_aug_plan_free (plan);
    g_free (json);
    g_free (t);
  }
  fail_unless (adjacent >= 2 && apart >= 2);
  aug_image_clear (&grey_src);
  aug_image_clear (&rgb);
}

GST_END_TEST;

/* the orders drawn: permutations, and more than one of them */
GST_START_TEST (test_jitter_order)
{
  GHashTable *seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  gdouble order[4];
  GstImAugPlan *plan;
  gchar *json;
  guint k, i, mask, code;

  for (k = 0; k < 40; k++) {
    plan = plan_of ("ColorJitter(p=1)", k, &json);
    fail_unless (aug_applied_numbers (json, 0, "order", order, 4));
    for (i = 0, mask = 0, code = 0; i < 4; i++) {
      mask |= 1u << (guint) order[i];
      code = code * 4 + order[i];
    }
    fail_unless_equals_int (mask, 15);
    g_hash_table_add (seen, GUINT_TO_POINTER (code + 1));
    gst_im_aug_plan_free (plan);
    g_free (json);
  }
  fail_unless (g_hash_table_size (seen) > 5);
  g_hash_table_unref (seen);
}

GST_END_TEST;

/* a single number is the range around 1 (hue: around 0) */
GST_START_TEST (test_jitter_expansion)
{
  GstImAugPipeline *p = aug_pipeline ("ColorJitter(brightness=0.3, "
      "contrast=1.5, saturation=0, hue=0.2)");
  gchar *s = gst_im_aug_pipeline_to_string (p);
  GError *error = NULL;

  fail_unless (strstr (s, "brightness=[0.7, 1.3]") != NULL, "%s", s);
  fail_unless (strstr (s, "contrast=[0, 2.5]") != NULL, "%s", s);
  fail_unless (strstr (s, "saturation=[1, 1]") != NULL, "%s", s);
  fail_unless (strstr (s, "hue=[-0.2, 0.2]") != NULL, "%s", s);
  g_free (s);
  gst_im_aug_pipeline_unref (p);
  fail_unless (gst_im_aug_pipeline_new_from_string ("ColorJitter("
          "brightness=-0.1)", &error) == NULL);
  g_clear_error (&error);
  fail_unless (gst_im_aug_pipeline_new_from_string ("ColorJitter("
          "hue=[0.1, 0.7])", &error) == NULL);
  g_clear_error (&error);
}

GST_END_TEST;

/* ---- ToGray, ToSepia ---- */

GST_START_TEST (test_grey_sepia)
{
  static const gchar *const methods[] = { "weighted_average", "desaturation",
    "average", "max"
  };
  static const gchar *const refused[] = { "from_lab", "pca" };
  GError *error = NULL;
  gchar *t;
  guint k;

  for (k = 0; k < G_N_ELEMENTS (methods); k++) {
    t = g_strdup_printf ("ToGray(method='%s', p=1)", methods[k]);
    check_transform (t, ref_to_grey, methods[k], k == 0 ? 1 : 0, NULL);
    g_free (t);
  }
  for (k = 0; k < G_N_ELEMENTS (refused); k++) {
    t = g_strdup_printf ("ToGray(method='%s', p=1)", refused[k]);
    fail_unless (gst_im_aug_pipeline_new_from_string (t, &error) == NULL);
    fail_unless (strstr (error->message, refused[k]) != NULL, "%s",
        error->message);
    g_clear_error (&error);
    g_free (t);
  }
  fail_unless (gst_im_aug_pipeline_new_from_string ("ToGray("
          "num_output_channels=1)", &error) == NULL);
  fail_unless (strstr (error->message, "num_output_channels") != NULL);
  g_clear_error (&error);
  check_transform ("ToSepia(p=1)", ref_sepia, NULL, 1, NULL);
}

GST_END_TEST;

/* ---- ChannelShuffle, ChannelDropout: exact, by index ---- */

static guint
ref_shuffle (gconstpointer data, const gint * in, gint * out)
{
  const gdouble *order = data;
  guint c;

  for (c = 0; c < 3; c++)
    out[c] = in[(gint) order[c]];
  return 1;
}

typedef struct
{
  gdouble dropped[3], fill;
} DropRef;

static guint
ref_dropout (gconstpointer data, const gint * in, gint * out)
{
  const DropRef *d = data;
  guint c;

  for (c = 0; c < 3; c++)
    out[c] = d->dropped[c] != 0 ? (gint) d->fill : in[c];
  return 1;
}

GST_START_TEST (test_shuffle_dropout)
{
  GHashTable *seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  gdouble order[3];
  DropRef d;
  GstImAugPlan *plan;
  gchar *json, *t;
  guint k, n, mask;

  for (k = 0; k < 12; k++) {
    plan = plan_of ("ChannelShuffle(p=1)", k, &json);
    fail_unless (aug_applied_numbers (json, 0, "order", order, 3));
    mask = (1u << (guint) order[0]) | (1u << (guint) order[1])
        | (1u << (guint) order[2]);
    fail_unless_equals_int (mask, 7);
    g_hash_table_add (seen, GUINT_TO_POINTER ((guint) (order[0] * 9
                + order[1] * 3 + order[2] + 1)));
    gst_im_aug_plan_free (plan);
    g_free (json);
  }
  fail_unless (g_hash_table_size (seen) > 2);
  g_hash_table_unref (seen);
  /* the seed check_transform uses */
  plan = plan_of ("ChannelShuffle(p=1)", 1, &json);
  fail_unless (aug_applied_numbers (json, 0, "order", order, 3));
  check_transform ("ChannelShuffle(p=1)", ref_shuffle, order, 0, NULL);
  gst_im_aug_plan_free (plan);
  g_free (json);

  for (n = 1; n <= 2; n++) {
    /* 1.4's fill_value is fill */
    t = g_strdup_printf ("ChannelDropout(channel_drop_range=[%u, %u], "
        "fill_value=%u.7, p=1)", n, n, 70 + n);
    plan = plan_of (t, 1, &json);
    fail_unless (aug_applied_numbers (json, 0, "dropped", d.dropped, 3));
    fail_unless (aug_applied_numbers (json, 0, "fill", &d.fill, 1));
    fail_unless_equals_int (d.dropped[0] + d.dropped[1] + d.dropped[2], n);
    check_transform (t, ref_dropout, &d, 0, NULL);
    gst_im_aug_plan_free (plan);
    g_free (json);
    g_free (t);
  }
}

GST_END_TEST;

/* ---- replay and workers ---- */

GST_START_TEST (test_replay_workers)
{
  static const gchar *const transforms[] = {
    "HueSaturationValue(p=1)", "ColorJitter(p=1)", "ToGray(p=1)",
    "ToSepia(p=1)", "ChannelShuffle(p=1)", "ChannelDropout(p=1)",
    "HueSaturationValue(hue_shift_limit=[100.7, 100.7], sat_shift_limit=[-60, "
        "-60], val_shift_limit=[35, 35], p=1)",
    "ColorJitter(brightness=[1.2, 1.2], contrast=[0.8, 0.8], saturation=[1.3, "
        "1.3], hue=[0.05, 0.05], p=1)",
    "ToGray(method='desaturation', p=1)", "ToGray(method='average', p=1)",
    "ToGray(method='max', p=1)",
  };
  GstImWorkerPool *pool = gst_im_worker_pool_new (3, NULL);
  AugImage rgb = test_rgb (), src, a, b, c, d;
  GstImAugPlan *plan, *back;
  GError *error = NULL;
  gchar *json;
  guint k, f;

  for (k = 0; k < G_N_ELEMENTS (transforms); k++) {
    plan = plan_of (transforms[k], 11, &json);
    back = gst_im_aug_plan_new_from_json (json, &error);
    fail_unless (back != NULL, "%s", error ? error->message : "?");
    for (f = 0; f < G_N_ELEMENTS (fmts); f++) {
      src = to_format (&rgb, &fmts[f]);
      a = render (plan, &src, &fmts[f], NULL, 0);
      b = render (back, &src, &fmts[f], NULL, 0);
      c = render (plan, &src, &fmts[f], pool, 1 + f * 2);
      /* the scalar loops alone */
      g_setenv ("GST_IM_AUG_COLOUR_GENERIC", "1", TRUE);
      d = render (plan, &src, &fmts[f], NULL, 0);
      g_unsetenv ("GST_IM_AUG_COLOUR_GENERIC");
      fail_unless (memcmp (a.px, b.px, (gsize) W * H * fmts[f].bpp) == 0,
          "%s: replay differs", transforms[k]);
      fail_unless (memcmp (a.px, c.px, (gsize) W * H * fmts[f].bpp) == 0,
          "%s: workers differ", transforms[k]);
      fail_unless (memcmp (a.px, d.px, (gsize) W * H * fmts[f].bpp) == 0,
          "%s: the scalar loops differ (%s)", transforms[k],
          gst_video_format_to_string (fmts[f].format));
      aug_image_clear (&d);
      aug_image_clear (&src);
      aug_image_clear (&a);
      aug_image_clear (&b);
      aug_image_clear (&c);
    }
    gst_im_aug_plan_free (plan);
    gst_im_aug_plan_free (back);
    g_free (json);
  }
  gst_im_worker_pool_free (pool);
  aug_image_clear (&rgb);
}

GST_END_TEST;

/* a replayed plan with values no draw gives renders, and the same twice */
GST_START_TEST (test_hostile_plan)
{
  static const gchar *const applied[] = {
    "\"transform\":\"ColorJitter\",\"brightness\":1e300,\"contrast\":-5,"
        "\"saturation\":1e300,\"hue\":7,\"order\":[0,0,9,-3]",
    "\"transform\":\"ColorJitter\",\"brightness\":0,\"contrast\":1e9,"
        "\"saturation\":-1e9,\"hue\":-1e300,\"order\":[3,2,2,1]",
    "\"transform\":\"HueSaturationValue\",\"hue_shift\":1e300,"
        "\"sat_shift\":-1e300,\"val_shift\":1e9,\"keep_grey\":5",
    "\"transform\":\"ToGray\",\"method\":99",
    "\"transform\":\"ChannelShuffle\",\"order\":[7,-1,1e300]",
    "\"transform\":\"ChannelDropout\",\"dropped\":[1,1,1],\"fill\":1e300",
  };
  AugImage rgb = test_rgb (), src, a, b;
  GstImAugPlan *plan;
  GError *error = NULL;
  gchar *json;
  guint k, f;

  for (k = 0; k < G_N_ELEMENTS (applied); k++) {
    json = g_strdup_printf ("{\"seed\":1,\"frame\":0,\"copy\":0,\"input\":"
        "[%u,%u],\"output\":[%u,%u],\"applied\":[{%s,\"position\":0,"
        "\"size\":[%u,%u]}]}", W, H, W, H, applied[k], W, H);
    plan = gst_im_aug_plan_new_from_json (json, &error);
    fail_unless (plan != NULL, "%s: %s", json, error ? error->message : "?");
    for (f = 0; f < G_N_ELEMENTS (fmts); f++) {
      src = to_format (&rgb, &fmts[f]);
      a = render (plan, &src, &fmts[f], NULL, 0);
      b = render (plan, &src, &fmts[f], NULL, 0);
      fail_unless (memcmp (a.px, b.px, (gsize) W * H * fmts[f].bpp) == 0);
      aug_image_clear (&src);
      aug_image_clear (&a);
      aug_image_clear (&b);
    }
    gst_im_aug_plan_free (plan);
    g_free (json);
  }
  aug_image_clear (&rgb);
}

GST_END_TEST;

static Suite *
augment_colour_suite (void)
{
  Suite *s = suite_create ("augment_colour");
  TCase *tc = tcase_create ("colour");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_hsv);
  tcase_add_test (tc, test_hsv_grey_pixels);
  tcase_add_test (tc, test_jitter);
  tcase_add_test (tc, test_jitter_order);
  tcase_add_test (tc, test_jitter_expansion);
  tcase_add_test (tc, test_grey_sepia);
  tcase_add_test (tc, test_shuffle_dropout);
  tcase_add_test (tc, test_replay_workers);
  tcase_add_test (tc, test_hostile_plan);
  return s;
}

GST_CHECK_MAIN (augment_colour);
