/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The histogram transforms: Equalize per channel against the histogram and
 * cumulative counts taken here with cv2.equalizeHist's and PIL's formulas
 * written out, CLAHE on grey against a double-precision implementation
 * (tiles of the reflected image, clipping, redistribution, bilinear blend
 * of the tile tables), and the colour conversions (YCrCb, L*a*b*) against
 * OpenCV itself through /usr/bin/python3 where it is there. Alpha passes
 * through; Equalize composes with its neighbouring point transforms
 * byte for byte; a plan read back, and any workers and bands, render the
 * same bytes.
 */
#include <sys/wait.h>
#include <glib/gstdio.h>
#include "augtest.h"

static const struct
{
  guint w, h, bpp;
} shapes[] = {
  {53, 37, 3},
  {64, 48, 1},
  {40, 31, 4},
  {61, 29, 1},
};

/* a low-contrast image, so equalizing moves every level */
static AugImage
test_image (guint i)
{
  AugImage img = aug_image_pattern (shapes[i].w, shapes[i].h, shapes[i].bpp,
      i);
  gsize k;

  for (k = 0; k < (gsize) img.w * img.h * img.bpp; k++)
    img.px[k] = 60 + img.px[k] / 3;
  return img;
}

static AugImage
render_string (const gchar * transforms, const AugImage * src, gchar ** json)
{
  GstImAugPipeline *pipeline = aug_pipeline (transforms);
  GstImAugPlan *plan = gst_im_aug_pipeline_draw (pipeline, 5, 1, 0, src->w,
      src->h);
  AugImage out;

  fail_unless (gst_im_aug_plan_get_problem (plan) == NULL, "%s: %s",
      transforms, gst_im_aug_plan_get_problem (plan));
  out = aug_render (plan, src, FALSE, NULL, 0);
  if (json)
    *json = gst_im_aug_plan_to_json (plan);
  gst_im_aug_plan_free (plan);
  gst_im_aug_pipeline_unref (pipeline);
  return out;
}

/* the colour channels of a pixel: all but the alpha of RGBA */
static guint
n_colour (const AugImage * img)
{
  return img->bpp == 1 ? 1 : 3;
}

static void
channel_histogram (const AugImage * img, guint c, guint64 * h)
{
  gsize k;

  memset (h, 0, 256 * sizeof (guint64));
  for (k = 0; k < (gsize) img->w * img->h; k++)
    h[img->px[k * img->bpp + c]]++;
}

/* cv2.equalizeHist: with C the cumulative count and j0 the lowest level
 * present, j -> round (float (C (j) - C (j0)) * float (255 / (N - C (j0)))),
 * half to even, all in float as OpenCV computes it */
static void
ref_table_cv (const guint64 * h, guint64 n, guint8 * t)
{
  guint64 cdf[256], acc = 0;
  guint j, j0 = 0;
  gfloat scale;

  for (j = 0; j < 256; j++) {
    acc += h[j];
    cdf[j] = acc;
  }
  while (h[j0] == 0)
    j0++;
  scale = 255.0f / (gfloat) (n - cdf[j0]);
  for (j = 0; j < 256; j++)
    t[j] = h[j0] == n ? j0 : j < j0 ? 0 :
        (guint8) MIN (nearbyintf ((gfloat) (cdf[j] - cdf[j0]) * scale), 255);
}

/* PIL's equalize as albumentations 2.x writes it (the level counted in its
 * own cumulative count) or 1.4 (as PIL: only the levels below) */
static gboolean
ref_table_pil (const guint64 * h, guint64 n, gboolean inclusive, guint8 * t)
{
  guint64 step, below = 0;
  gint j, last = 255, used = 0;

  for (j = 0; j < 256; j++)
    used += h[j] != 0;
  while (h[last] == 0)
    last--;
  step = (n - h[last]) / 255;
  if (used <= 1 || step == 0)
    return FALSE;
  for (j = 0; j < 256; j++) {
    t[j] = MIN ((below + (inclusive ? h[j] : 0) + step / 2) / step, 255);
    below += h[j];
  }
  return TRUE;
}

static void
check_alpha (const AugImage * out, const AugImage * src)
{
  gsize k;

  if (src->bpp != 4)
    return;
  for (k = 0; k < (gsize) src->w * src->h; k++)
    fail_unless_equals_int (out->px[4 * k + 3], src->px[4 * k + 3]);
}

/* per channel (and by_channels=False on grey): the table of each channel's
 * own histogram */
GST_START_TEST (test_equalize_channels)
{
  static const struct
  {
    const gchar *transforms;
    gboolean pil, inclusive, v1_4;
  } cases[] = {
    {"Equalize(p=1)", FALSE, FALSE, FALSE},
    {"Equalize(mode=\"pil\", p=1)", TRUE, TRUE, FALSE},
    {"{\"__version__\": \"1.4.24\", \"transform\": {\"__class_fullname__\": "
          "\"Equalize\", \"p\": 1.0, \"mode\": \"pil\", \"by_channels\": true,"
          " \"mask\": null, \"mask_params\": []}}", TRUE, FALSE, TRUE},
  };
  AugImage src = test_image (__i__), out;
  GstImAugPipeline *pipeline;
  GstImAugPlan *plan;
  guint64 h[256];
  guint8 t[256];
  guint i, c, mode;
  gsize k;
  gboolean changes;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    for (mode = 0; mode < (src.bpp == 1 && !cases[i].v1_4 ? 2u : 1u); mode++) {
      gchar *transforms = mode ? g_strdup_printf ("%.*s, by_channels=False)",
          (gint) strlen (cases[i].transforms) - 1, cases[i].transforms) :
          g_strdup (cases[i].transforms);

      pipeline = cases[i].v1_4 ?
          gst_im_aug_pipeline_new_from_data (transforms, -1, "1.4", NULL) :
          aug_pipeline (transforms);
      fail_unless (pipeline != NULL);
      plan = gst_im_aug_pipeline_draw (pipeline, 3, 0, 0, src.w, src.h);
      out = aug_render (plan, &src, FALSE, NULL, 0);
      for (c = 0; c < n_colour (&src); c++) {
        channel_histogram (&src, c, h);
        if (cases[i].pil)
          changes = ref_table_pil (h, (guint64) src.w * src.h,
              cases[i].inclusive, t);
        else
          changes = (ref_table_cv (h, (guint64) src.w * src.h, t), TRUE);
        fail_unless (changes);
        for (k = 0; k < (gsize) src.w * src.h; k++)
          fail_unless_equals_int (out.px[k * src.bpp + c],
              t[src.px[k * src.bpp + c]]);
      }
      check_alpha (&out, &src);
      aug_image_clear (&out);
      gst_im_aug_plan_free (plan);
      gst_im_aug_pipeline_unref (pipeline);
      g_free (transforms);
    }
  aug_image_clear (&src);
}

GST_END_TEST;

/* the tables of a constant image and of two levels */
GST_START_TEST (test_equalize_edge_cases)
{
  AugImage src = aug_image_new (17, 9, 1), out;
  guint k;

  memset (src.px, 77, src.w * src.h);
  out = render_string ("Equalize(p=1)", &src, NULL);
  for (k = 0; k < src.w * src.h; k++)
    fail_unless_equals_int (out.px[k], 77);
  aug_image_clear (&out);
  /* two levels: PIL's step is the count of the lower over 255, 0 here */
  src.px[3] = 200;
  out = render_string ("Equalize(mode=\"pil\", p=1)", &src, NULL);
  fail_unless (memcmp (out.px, src.px, src.w * src.h) == 0);
  aug_image_clear (&out);
  out = render_string ("Equalize(p=1)", &src, NULL);
  for (k = 0; k < src.w * src.h; k++)
    fail_unless_equals_int (out.px[k], k == 3 ? 255 : 0);
  aug_image_clear (&out);
  aug_image_clear (&src);
}

GST_END_TEST;

/* ---- CLAHE on grey, in double ---- */

static gint
reflect_101 (gint i, gint n)
{
  return aug_border_index (i, n, 4);
}

/* near a half: where float and double rounding may part */
static gboolean
near_half (gdouble v)
{
  return fabs (v - floor (v) - 0.5) < 1e-3;
}

/* CLAHE of @src in double: @out the rounded result, @tie where the result
 * or one of the four table entries it blends lies within float rounding of
 * a half, so OpenCV's float maths may round it the other way */
static void
ref_clahe_grey (const AugImage * src, gdouble clip_limit, guint tx, guint ty,
    AugImage * out, gboolean * tie)
{
  gint W = src->w, H = src->h, ew = W, eh = H, tw, th, x, y, i, j, a, b;
  gdouble *lut = g_new (gdouble, (gsize) tx * ty * 256);
  gdouble hist[256], area, excess, fx, fy, v, t4[2][2];
  gint clip, cx[2], cy[2], batch, residual;

  *out = aug_image_new (src->w, src->h, 1);
  if (W % tx || H % ty) {
    ew = W + tx - W % tx;
    eh = H + ty - H % ty;
  }
  tw = ew / tx;
  th = eh / ty;
  area = (gdouble) tw * th;
  clip = MAX ((gint) floor (clip_limit * area / 256), 1);
  for (j = 0; j < (gint) ty; j++)
    for (i = 0; i < (gint) tx; i++) {
      gdouble *t = lut + ((gsize) j * tx + i) * 256, sum = 0;

      memset (hist, 0, sizeof (hist));
      for (y = j * th; y < (j + 1) * th; y++)
        for (x = i * tw; x < (i + 1) * tw; x++)
          hist[src->px[reflect_101 (y, H) * W + reflect_101 (x, W)]]++;
      excess = 0;
      for (x = 0; x < 256; x++)
        if (hist[x] > clip) {
          excess += hist[x] - clip;
          hist[x] = clip;
        }
      /* spread evenly; what does not divide goes one by one to every
       * (256 / rest)-th level from the first */
      batch = (gint) excess / 256;
      residual = (gint) excess % 256;
      for (x = 0; x < 256; x++)
        hist[x] += batch + (residual && x % MAX (256 / residual, 1) == 0
            && x / MAX (256 / residual, 1) < residual);
      for (x = 0; x < 256; x++) {
        sum += hist[x];
        t[x] = sum * 255 / area;        /* rounded where used */
      }
    }
  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++) {
      /* the tile centres around the pixel, clamped at the edges */
      fx = (gdouble) x / tw - 0.5;
      fy = (gdouble) y / th - 0.5;
      cx[0] = MAX ((gint) floor (fx), 0);
      cx[1] = MIN ((gint) floor (fx) + 1, (gint) tx - 1);
      cy[0] = MAX ((gint) floor (fy), 0);
      cy[1] = MIN ((gint) floor (fy) + 1, (gint) ty - 1);
      fx -= floor (fx);
      fy -= floor (fy);
      i = src->px[y * W + x];
      tie[y * W + x] = FALSE;
      for (a = 0; a < 2; a++)
        for (b = 0; b < 2; b++) {
          v = lut[((gsize) cy[a] * tx + cx[b]) * 256 + i];
          tie[y * W + x] |= near_half (v);
          t4[a][b] = nearbyint (v);
        }
      v = (t4[0][0] * (1 - fx) + t4[0][1] * fx) * (1 - fy) +
          (t4[1][0] * (1 - fx) + t4[1][1] * fx) * fy;
      tie[y * W + x] |= near_half (v);
      out->px[y * W + x] = aug_round (v);
    }
  g_free (lut);
}

GST_START_TEST (test_clahe_grey)
{
  static const struct
  {
    gdouble clip;
    guint tx, ty;
  } cases[] = {
    {4, 8, 8}, {2, 3, 5}, {40, 4, 4}, {1, 2, 7}, {1.5, 1, 1}, {3, 16, 2},
  };
  AugImage src = test_image (__i__), grey = aug_image_new (src.w, src.h, 1),
      out, ref;
  gboolean *tie = g_new (gboolean, (gsize) src.w * src.h);
  gchar *transforms;
  guint i;
  gsize k;

  if (src.bpp != 1) {
    aug_image_clear (&src);
    aug_image_clear (&grey);
    g_free (tie);
    return;
  }
  memcpy (grey.px, src.px, (gsize) src.w * src.h);
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    transforms = g_strdup_printf ("CLAHE(clip_limit=[%g, %g], "
        "tile_grid_size=(%u, %u), p=1)", cases[i].clip, cases[i].clip,
        cases[i].tx, cases[i].ty);
    out = render_string (transforms, &grey, NULL);
    ref_clahe_grey (&grey, cases[i].clip, cases[i].tx, cases[i].ty, &ref,
        tie);
    /* OpenCV rounds the tables and the blend in float: only where a value
     * is within float rounding of a half may it round the other way */
    for (k = 0; k < (gsize) grey.w * grey.h; k++)
      fail_unless (out.px[k] == ref.px[k] || (tie[k]
              && ABS (out.px[k] - ref.px[k]) <= 1), "%s: pixel %u: %u, "
          "reference %u", transforms, (guint) k, out.px[k], ref.px[k]);
    aug_image_clear (&out);
    aug_image_clear (&ref);
    g_free (transforms);
  }
  aug_image_clear (&src);
  aug_image_clear (&grey);
  g_free (tie);
}

GST_END_TEST;

/* ---- colour: against OpenCV ---- */

static const gchar cv_py[] =
    "import sys\n"
    "try:\n"
    "    import cv2, numpy as np\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "path, h, w, op = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), "
    "sys.argv[4]\n"
    "img = np.fromfile(path, np.uint8).reshape(h, w, 3)\n"
    "if op == 'ycrcb':\n"
    "    y = cv2.cvtColor(img, cv2.COLOR_RGB2YCrCb)\n"
    "    y[..., 0] = cv2.equalizeHist(y[..., 0])\n"
    "    out = cv2.cvtColor(y, cv2.COLOR_YCrCb2RGB)\n"
    "else:\n"
    "    lab = cv2.cvtColor(img, cv2.COLOR_RGB2LAB)\n"
    "    c = cv2.createCLAHE(clipLimit=float(op), tileGridSize=(5, 3))\n"
    "    lab[..., 0] = c.apply(lab[..., 0])\n"
    "    out = cv2.cvtColor(lab, cv2.COLOR_LAB2RGB)\n"
    "out.tofile(path + '.out')\n";

/* what OpenCV gives for @op on the colours of @src (RGB); FALSE without
 * /usr/bin/python3 and cv2 */
static gboolean
opencv_colour (const AugImage * src, const gchar * op, AugImage * ref)
{
  gchar *dir = g_dir_make_tmp ("imhist-XXXXXX", NULL), *path, *out_path;
  gchar *h = g_strdup_printf ("%u", src->h), *w = g_strdup_printf ("%u",
      src->w), *contents = NULL;
  const gchar *argv[] = { "/usr/bin/python3", "-c", cv_py, NULL, h, w, op,
    NULL
  };
  guint8 *rgb = g_malloc ((gsize) src->w * src->h * 3);
  gsize k, len = 0;
  gint status;
  gboolean ok = FALSE;

  fail_unless (dir != NULL);
  path = g_build_filename (dir, "in.raw", NULL);
  out_path = g_strconcat (path, ".out", NULL);
  for (k = 0; k < (gsize) src->w * src->h; k++)
    memcpy (rgb + 3 * k, src->px + k * src->bpp, 3);
  fail_unless (g_file_set_contents (path, (gchar *) rgb, (gsize) src->w *
          src->h * 3, NULL));
  argv[3] = path;
  if (!g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE)
      || !g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL,
          NULL, NULL, NULL, &status, NULL) || (WIFEXITED (status)
          && WEXITSTATUS (status) == 77)) {
    GST_WARNING ("no /usr/bin/python3 with cv2: not comparing with OpenCV");
    goto done;
  }
  fail_unless (g_spawn_check_wait_status (status, NULL), "python3 failed");
  fail_unless (g_file_get_contents (out_path, &contents, &len, NULL));
  fail_unless_equals_int (len, (gsize) src->w * src->h * 3);
  *ref = aug_image_new (src->w, src->h, 3);
  memcpy (ref->px, contents, len);
  ok = TRUE;
done:
  g_unlink (out_path);
  g_unlink (path);
  g_rmdir (dir);
  g_free (contents);
  g_free (rgb);
  g_free (out_path);
  g_free (path);
  g_free (dir);
  g_free (h);
  g_free (w);
  return ok;
}

GST_START_TEST (test_colour_vs_opencv)
{
  static const struct
  {
    const gchar *transforms, *op;
  } cases[] = {
    {"Equalize(by_channels=False, p=1)", "ycrcb"},
    {"CLAHE(clip_limit=[3, 3], tile_grid_size=(5, 3), p=1)", "3"},
    {"CLAHE(clip_limit=[1.2, 1.2], tile_grid_size=(5, 3), p=1)", "1.2"},
  };
  AugImage src = test_image (__i__), out, ref;
  guint i, c;
  gsize k;

  if (src.bpp == 1) {
    aug_image_clear (&src);
    return;
  }
  /* every colour once as well as the picture */
  for (k = 0; k < (gsize) src.w * src.h; k += 7)
    for (c = 0; c < 3; c++)
      src.px[k * src.bpp + c] = (k * 37 + c * 101) & 255;
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    out = render_string (cases[i].transforms, &src, NULL);
    if (opencv_colour (&src, cases[i].op, &ref)) {
      for (k = 0; k < (gsize) src.w * src.h; k++)
        for (c = 0; c < 3; c++)
          fail_unless_equals_int (out.px[k * src.bpp + c],
              ref.px[3 * k + c]);
      aug_image_clear (&ref);
    }
    check_alpha (&out, &src);
    aug_image_clear (&out);
  }
  aug_image_clear (&src);
}

GST_END_TEST;

/* Equalize between point transforms renders in one pass; the same steps
 * one plan at a time must give the same bytes */
GST_START_TEST (test_composition)
{
  static const gchar *const chains[][3] = {
    {"InvertImg(p=1)", "Equalize(p=1)", "InvertImg(p=1)"},
    {"InvertImg(p=1)", "Equalize(mode=\"pil\", p=1)", "Equalize(p=1)"},
    {"Equalize(p=1)", "CLAHE(clip_limit=[2, 2], p=1)", "InvertImg(p=1)"},
  };
  AugImage src = test_image (__i__), one, step, next;
  gchar *all;
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (chains); i++) {
    all = g_strjoin (", ", chains[i][0], chains[i][1], chains[i][2], NULL);
    one = render_string (all, &src, NULL);
    step = render_string (chains[i][0], &src, NULL);
    for (j = 1; j < 3; j++) {
      next = render_string (chains[i][j], &step, NULL);
      aug_image_clear (&step);
      step = next;
    }
    fail_unless (memcmp (one.px, step.px, (gsize) src.w * src.h * src.bpp)
        == 0, "%s: one pass and step by step differ", all);
    aug_image_clear (&one);
    aug_image_clear (&step);
    g_free (all);
  }
  aug_image_clear (&src);
}

GST_END_TEST;

/* the plan's JSON read back renders the same bytes, composed or not */
GST_START_TEST (test_replay)
{
  static const gchar *const transforms[] = {
    "InvertImg(p=1), Equalize(p=1)",
    "Equalize(mode=\"pil\", by_channels=False, p=1)",
    "Equalize(by_channels=False, p=1)",
    "CLAHE(p=1)",
    "CLAHE(clip_limit=7, tile_grid_size=(3, 2), p=1)",
  };
  AugImage src = test_image (__i__), a, b;
  GstImAugPlan *replay;
  GError *error = NULL;
  gchar *json;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (transforms); i++) {
    a = render_string (transforms[i], &src, &json);
    replay = gst_im_aug_plan_new_from_json (json, &error);
    fail_unless (replay != NULL, "%s: %s", json, error ? error->message : "");
    b = aug_render (replay, &src, FALSE, NULL, 0);
    fail_unless (memcmp (a.px, b.px, (gsize) src.w * src.h * src.bpp) == 0,
        "%s: the replay differs", json);
    aug_image_clear (&a);
    aug_image_clear (&b);
    gst_im_aug_plan_free (replay);
    g_free (json);
  }
  aug_image_clear (&src);
}

GST_END_TEST;

/* the bytes do not depend on the workers or the bands */
GST_START_TEST (test_workers)
{
  static const gchar *const transforms[] = {
    "Equalize(p=1)",
    "Equalize(by_channels=False, p=1)",
    "CLAHE(clip_limit=3, tile_grid_size=(5, 3), p=1)",
  };
  static const guint chunks[] = { 1, 7, 0 };
  GstImWorkerPool *pools[2];
  AugImage src = test_image (__i__), ref, out;
  GstImAugPipeline *pipeline;
  GstImAugPlan *plan;
  guint i, p, c;

  pools[0] = gst_im_worker_pool_new (2, NULL);
  pools[1] = gst_im_worker_pool_new (7, NULL);
  for (i = 0; i < G_N_ELEMENTS (transforms); i++) {
    pipeline = aug_pipeline (transforms[i]);
    plan = gst_im_aug_pipeline_draw (pipeline, 9, 2, 0, src.w, src.h);
    ref = aug_render (plan, &src, FALSE, NULL, 0);
    for (p = 0; p < G_N_ELEMENTS (pools); p++)
      for (c = 0; c < G_N_ELEMENTS (chunks); c++) {
        out = aug_render (plan, &src, FALSE, pools[p], chunks[c]);
        fail_unless (memcmp (out.px, ref.px, (gsize) src.w * src.h * src.bpp)
            == 0, "%s: %u workers, bands of %u differ", transforms[i],
            p ? 7 : 2, chunks[c]);
        aug_image_clear (&out);
      }
    aug_image_clear (&ref);
    gst_im_aug_plan_free (plan);
    gst_im_aug_pipeline_unref (pipeline);
  }
  gst_im_worker_pool_free (pools[0]);
  gst_im_worker_pool_free (pools[1]);
  aug_image_clear (&src);
}

GST_END_TEST;

/* the drawn clip limit lies in the range, (1, x) for a single x */
GST_START_TEST (test_parameters)
{
  static const gchar *const refused[] = {
    "Equalize(mask=1)",
    "Equalize(mask_params=[\"bboxes\"])",
    "CLAHE(clip_limit=0.5)",
    "CLAHE(tile_grid_size=(0, 8))",
    "Equalize(mode=\"x\")",
  };
  GstImAugPipeline *p;
  GstImAugPlan *plan;
  GError *error = NULL;
  gdouble v[2];
  gchar *json;
  guint i, seed;

  for (i = 0; i < G_N_ELEMENTS (refused); i++) {
    p = gst_im_aug_pipeline_new_from_string (refused[i], &error);
    fail_unless (p == NULL && error != NULL, "%s was taken", refused[i]);
    g_clear_error (&error);
  }
  p = aug_pipeline ("Equalize(mask=None, mask_params=[]), CLAHE(clip_limit=3,"
      " p=1)");
  for (seed = 0; seed < 20; seed++) {
    plan = gst_im_aug_pipeline_draw (p, seed, 0, 0, 30, 20);
    json = gst_im_aug_plan_to_json (plan);
    i = gst_im_aug_plan_get_n_applied (plan) - 1;
    fail_unless (aug_applied_numbers (json, i, "clip_limit", v, 1), json);
    fail_unless (v[0] >= 1 && v[0] <= 3, "%s", json);
    fail_unless (aug_applied_numbers (json, i, "tile_grid_size", v, 2));
    fail_unless (v[0] == 8 && v[1] == 8);
    g_free (json);
    gst_im_aug_plan_free (plan);
  }
  gst_im_aug_pipeline_unref (p);
}

GST_END_TEST;

static Suite *
augment_histogram_suite (void)
{
  Suite *s = suite_create ("augment_histogram");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_equalize_channels, 0, G_N_ELEMENTS (shapes));
  tcase_add_test (tc, test_equalize_edge_cases);
  tcase_add_loop_test (tc, test_clahe_grey, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_colour_vs_opencv, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_composition, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_replay, 0, G_N_ELEMENTS (shapes));
  tcase_add_loop_test (tc, test_workers, 0, G_N_ELEMENTS (shapes));
  tcase_add_test (tc, test_parameters);
  return s;
}

GST_CHECK_MAIN (augment_histogram);
