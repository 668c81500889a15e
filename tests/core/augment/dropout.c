/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The dropout and compression transforms of augment against oracles
 * written here: CoarseDropout's holes as exact rectangles of the fill
 * colour with sizes in range; GridDropout against its grid formula;
 * ImageCompression byte for byte against tjCompress2 / tjDecompress2 at
 * the plan's quality, as cv2.imencode sees an RGB array (as BGR). Every
 * transform renders the same bytes with any workers and band height, and
 * from its plan's JSON read back.
 */
#include <turbojpeg.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include "noisetest.h"

/* ---- CoarseDropout ---- */

/* The changed pixels of @out form exactly one rectangle of @fill; its size
 * in *w, *h (0 when nothing changed). */
static void
one_rectangle (const AugImage * src, const AugImage * out, const guint8 * fill,
    guint * w, guint * h)
{
  guint x, y, c, x0 = G_MAXUINT, y0 = G_MAXUINT, x1 = 0, y1 = 0;
  gboolean in;
  const guint8 *o;

  for (y = 0; y < src->h; y++)
    for (x = 0; x < src->w; x++) {
      o = out->px + ((gsize) y * src->w + x) * src->bpp;
      for (c = 0; c < MIN (src->bpp, 3u); c++)
        if (o[c] != src->px[((gsize) y * src->w + x) * src->bpp + c])
          break;
      if (c < MIN (src->bpp, 3u)) {
        x0 = MIN (x0, x);
        y0 = MIN (y0, y);
        x1 = MAX (x1, x + 1);
        y1 = MAX (y1, y + 1);
      }
    }
  *w = x1 > x0 && x0 != G_MAXUINT ? x1 - x0 : 0;
  *h = y1 > y0 && y0 != G_MAXUINT ? y1 - y0 : 0;
  for (y = 0; y < src->h; y++)
    for (x = 0; x < src->w; x++) {
      o = out->px + ((gsize) y * src->w + x) * src->bpp;
      in = *w && x >= x0 && x < x1 && y >= y0 && y < y1;
      for (c = 0; c < MIN (src->bpp, 3u); c++)
        fail_unless_equals_int (o[c], in ? fill[c] :
            src->px[((gsize) y * src->w + x) * src->bpp + c]);
    }
}

GST_START_TEST (test_coarse_dropout)
{
  const guint bpps[] = { 3, 4, 1 };
  const guint8 fill[3] = { 1, 2, 3 }, grey[3] = { 5, 5, 5 };
  AugImage src, out;
  GstImAugPipeline *p;
  gchar *json;
  guint b, seed, w, h;
  gdouble mean;
  gsize i, n;

  for (b = 0; b < G_N_ELEMENTS (bpps); b++) {
    src = aug_image_pattern (64, 48, bpps[b], 1);
    p = aug_pipeline (bpps[b] == 1 ? "CoarseDropout(num_holes_range=[1, 1], "
        "hole_height_range=[10, 20], hole_width_range=[5, 8], fill=5, p=1)" :
        "CoarseDropout(num_holes_range=[1, 1], hole_height_range=[10, 20], "
        "hole_width_range=[5, 8], fill=[1, 2, 3], p=1)");
    for (seed = 0; seed < 8; seed++) {
      out = render_with (p, &src, seed, NULL, NULL, 0);
      one_rectangle (&src, &out, bpps[b] == 1 ? grey : fill, &w, &h);
      fail_unless (w >= 5 && w <= 8 && h >= 10 && h <= 20, "%ux%u", w, h);
      assert_alpha_kept (&src, &out);
      aug_image_clear (&out);
    }
    gst_im_aug_pipeline_unref (p);
    aug_image_clear (&src);
  }

  /* fractions of the sides, truncated */
  src = aug_image_pattern (64, 48, 3, 1);
  out = render ("CoarseDropout(num_holes_range=[1, 1], hole_height_range="
      "[0.25, 0.25], hole_width_range=[0.5, 0.5], fill=[1, 2, 3], p=1)", &src,
      &json);
  one_rectangle (&src, &out, fill, &w, &h);
  fail_unless (w == 32 && h == 12, "%ux%u", w, h);
  g_free (json);
  aug_image_clear (&out);

  /* 1.4 spellings and defaults: max_holes, max_height (min = max) */
  p = pipeline_1_4 ("{\"__class_fullname__\": \"CoarseDropout\", \"p\": 1, "
      "\"max_holes\": 1, \"max_height\": 9, \"max_width\": 11, "
      "\"fill\": [1, 2, 3]}");
  out = render_with (p, &src, 2, NULL, NULL, 0);
  one_rectangle (&src, &out, fill, &w, &h);
  fail_unless (w == 11 && h == 9, "%ux%u", w, h);
  aug_image_clear (&out);
  gst_im_aug_pipeline_unref (p);

  /* random fills over the whole image: one colour, or uniform bytes */
  out = render ("CoarseDropout(num_holes_range=[1, 1], hole_height_range="
      "[48, 48], hole_width_range=[64, 64], fill=\"random_uniform\", p=1)",
      &src, NULL);
  n = (gsize) src.w * src.h;
  for (i = 1; i < n; i++)
    fail_unless (memcmp (out.px, out.px + 3 * i, 3) == 0);
  aug_image_clear (&out);
  out = render ("CoarseDropout(num_holes_range=[1, 1], hole_height_range="
      "[48, 48], hole_width_range=[64, 64], fill=\"random\", p=1)", &src,
      NULL);
  mean = 0;
  for (i = 0; i < 3 * n; i++)
    mean += out.px[i];
  mean /= 3 * n;
  fail_unless (fabs (mean - 127.5) < 5 * 73.9 / sqrt (3.0 * n), "%f", mean);
  aug_image_clear (&out);
  aug_image_clear (&src);

  /* no inpainting */
  fail_if (gst_im_aug_pipeline_new_from_string ("CoarseDropout(fill="
          "\"inpaint_telea\")", NULL));
}

GST_END_TEST;

/* ---- GridDropout ---- */

/* the number of pixels of @out equal to @fill where @src is not */
static gsize
count_fill (const AugImage * src, const AugImage * out, const guint8 * fill)
{
  gsize i, n = 0;

  for (i = 0; i < (gsize) src->w * src->h; i++) {
    if (memcmp (out->px + i * src->bpp, fill, 3) == 0)
      n++;
    else
      fail_unless (memcmp (out->px + i * src->bpp, src->px + i * src->bpp,
              3) == 0);
  }
  return n;
}

GST_START_TEST (test_grid_dropout)
{
  const guint8 fill[3] = { 1, 2, 3 };
  AugImage src = aug_image_pattern (50, 40, 3, 3), out, ref;
  GstImAugPipeline *p;
  gchar *json;
  guint x, y, i, j, hh, seed;

  /* holes_number_xy (4, 5) is taken as 4 rows, 5 columns: cells of 10 x
   * 10, holes of trunc (10 * 0.35) = 3, at the cell corner + shift */
  out = render ("GridDropout(ratio=0.35, holes_number_xy=[4, 5], "
      "random_offset=false, shift_xy=[2, 1], fill=[1, 2, 3], p=1)", &src,
      &json);
  fail_unless_equals_int (applied (json, "grid", 0), 4);
  fail_unless_equals_int (applied (json, "grid", 1), 5);
  ref = aug_image_new (50, 40, 3);
  memcpy (ref.px, src.px, 50 * 40 * 3);
  for (i = 0; i < 4; i++)
    for (j = 0; j < 5; j++)
      for (y = 10 * i + 1; y < 10 * i + 4; y++)
        for (x = 10 * j + 2; x < 10 * j + 5; x++)
          memcpy (ref.px + ((gsize) y * 50 + x) * 3, fill, 3);
  fail_unless (memcmp (ref.px, out.px, 50 * 40 * 3) == 0);
  g_free (json);
  aug_image_clear (&out);
  aug_image_clear (&ref);
  aug_image_clear (&src);

  /* 41 x 53 in 4 x 5 cells: shuffled cell sides {11, 10, 10, 10} and
   * {11, 11, 11, 10, 10}, holes of 5 x 5 inside their cells wherever the
   * offsets put them: 20 holes, 500 pixels */
  src = aug_image_pattern (53, 41, 3, 3);
  p = aug_pipeline ("GridDropout(ratio=0.5, holes_number_xy=[4, 5], "
      "fill=[1, 2, 3], p=1)");
  for (seed = 0; seed < 4; seed++) {
    out = render_with (p, &src, seed, NULL, NULL, 0);
    fail_unless_equals_int (count_fill (&src, &out, fill), 500);
    aug_image_clear (&out);
  }
  gst_im_aug_pipeline_unref (p);

  /* the default grid: units of max (2, side / 10) = 5 x 4, so 10 x 10
   * cells of sides 5-6 x 4-5: holes of 2 x 2 (4-5 * 0.5 -> 2) or
   * 3 x 2 ... each trunc (clip (side * 0.5, 1, side - 1)) */
  out = render ("GridDropout(ratio=0.5, random_offset=false, fill=[1, 2, 3], "
      "p=1)", &src, &json);
  fail_unless_equals_int (applied (json, "grid", 0), 41 / 4);
  fail_unless_equals_int (applied (json, "grid", 1), 53 / 5);
  {
    /* row sides: 41 in 10 -> one of 5, nine of 4: hole heights 2, 2 */
    guint rows = 41 / 4, cols = 53 / 5, sum_h = 0, sum_w = 0, side;

    for (i = 0; i < rows; i++) {
      side = 41 / rows + (i < 41 % rows);
      hh = (guint) CLAMP (side * 0.5, 1, side - 1);
      sum_h += hh;
    }
    for (j = 0; j < cols; j++) {
      side = 53 / cols + (j < 53 % cols);
      sum_w += (guint) CLAMP (side * 0.5, 1, side - 1);
    }
    fail_unless_equals_int (count_fill (&src, &out, fill), sum_h * sum_w);
  }
  g_free (json);
  aug_image_clear (&out);

  /* 1.4 spellings */
  p = pipeline_1_4 ("{\"__class_fullname__\": \"GridDropout\", \"p\": 1, "
      "\"ratio\": 0.5, \"holes_number_x\": 4, \"holes_number_y\": 5, "
      "\"random_offset\": false, \"shift_x\": 0, \"shift_y\": 0, "
      "\"fill\": [1, 2, 3]}");
  out = render_with (p, &src, 0, NULL, NULL, 0);
  fail_unless_equals_int (count_fill (&src, &out, fill), 500);
  aug_image_clear (&out);
  gst_im_aug_pipeline_unref (p);
  aug_image_clear (&src);
}

GST_END_TEST;

/* ---- ImageCompression ---- */

GST_START_TEST (test_image_compression)
{
  const guint bpps[] = { 3, 4, 1 };
  /* cv2.imencode takes albumentations' RGB array for BGR */
  const gint formats[] = { TJPF_BGR, TJPF_BGRX, TJPF_GRAY };
  tjhandle enc = tjInitCompress (), dec = tjInitDecompress ();
  AugImage src, out, ref;
  guchar *buf = NULL;
  gulong size = 0;
  gchar *json;
  guint b, q;
  gsize i, n;

  for (b = 0; b < G_N_ELEMENTS (bpps); b++) {
    src = aug_image_pattern (123, 77, bpps[b], 5);
    n = (gsize) src.w * src.h * src.bpp;
    out = render ("ImageCompression(quality_range=[20, 80], p=1)", &src,
        &json);
    q = applied (json, "quality", 0);
    fail_unless (q >= 20 && q <= 80);
    ref = aug_image_new (src.w, src.h, src.bpp);
    fail_unless (tjCompress2 (enc, src.px, src.w, src.w * src.bpp, src.h,
            formats[b], &buf, &size, bpps[b] == 1 ? TJSAMP_GRAY : TJSAMP_420,
            q, TJFLAG_ACCURATEDCT) == 0);
    fail_unless (tjDecompress2 (dec, buf, size, ref.px, src.w,
            src.w * src.bpp, src.h, formats[b], TJFLAG_ACCURATEDCT) == 0);
    for (i = 0; i < n; i++)
      fail_unless_equals_int (out.px[i], src.bpp == 4 && i % 4 == 3 ?
          src.px[i] : ref.px[i]);
    tjFree (buf);
    buf = NULL;
    g_free (json);
    aug_image_clear (&ref);
    aug_image_clear (&out);
    aug_image_clear (&src);
  }

  /* with workers, in bands of 16-row units with context: still the whole
   * frame's round trip */
  {
    GstImWorkerPool *pool = gst_im_worker_pool_new (3, NULL);
    GstImAugPipeline *p = aug_pipeline ("ImageCompression(quality_range="
        "[35, 35], p=1)");
    const guint chunks[] = { 0, 1, 200 };
    guint k;

    src = aug_image_pattern (90, 301, 3, 9);
    n = (gsize) src.w * src.h * 3;
    ref = aug_image_new (src.w, src.h, 3);
    fail_unless (tjCompress2 (enc, src.px, src.w, src.w * 3, src.h, TJPF_BGR,
            &buf, &size, TJSAMP_420, 35, TJFLAG_ACCURATEDCT) == 0);
    fail_unless (tjDecompress2 (dec, buf, size, ref.px, src.w, src.w * 3,
            src.h, TJPF_BGR, TJFLAG_ACCURATEDCT) == 0);
    for (k = 0; k < G_N_ELEMENTS (chunks); k++) {
      out = render_with (p, &src, 1, NULL, pool, chunks[k]);
      fail_unless (memcmp (out.px, ref.px, n) == 0, "chunk rows %u",
          chunks[k]);
      aug_image_clear (&out);
    }
    tjFree (buf);
    aug_image_clear (&ref);
    aug_image_clear (&src);
    gst_im_aug_pipeline_unref (p);
    gst_im_worker_pool_free (pool);
  }
  tjDestroy (enc);
  tjDestroy (dec);

}

GST_END_TEST;

/* compression_type "webp": libwebp's lossy round trip called here as
 * cv2.imencode / imdecode call it (the frame's RGB bytes handed over as
 * BGR), on RGB, RGBA (alpha kept) and GRAY8 (three equal channels in,
 * OpenCV's fixed-point BGR2GRAY out) */
GST_START_TEST (test_image_compression_webp)
{
  const guint bpps[] = { 3, 4, 1 };
  AugImage src, out;
  guint8 *bgr, *enc, want;
  gchar *json;
  guint b, q, k, x, y;
  gsize size, i;

  for (b = 0; b < G_N_ELEMENTS (bpps); b++) {
    src = aug_image_pattern (97, 61, bpps[b], 11);
    out = render ("ImageCompression(quality_range=[20, 80], "
        "compression_type=\"webp\", p=1)", &src, &json);
    q = applied (json, "quality", 0);
    fail_unless (q >= 20 && q <= 80 && applied (json, "webp", 0) == 1, "%s",
        json);
    /* (R, G, B) at bytes (0, 1, 2), grey's at (0, 0, 0) */
    bgr = g_malloc ((gsize) src.w * src.h * 3);
    for (i = 0; i < (gsize) src.w * src.h; i++)
      for (k = 0; k < 3; k++)
        bgr[3 * i + k] = src.px[i * src.bpp + (src.bpp == 1 ? 0 : k)];
    size = WebPEncodeBGR (bgr, src.w, src.h, src.w * 3, q, &enc);
    fail_unless (size > 0 && WebPDecodeBGRInto (enc, size, bgr,
            (gsize) src.w * src.h * 3, src.w * 3) != NULL);
    for (y = 0; y < src.h; y++)
      for (x = 0; x < src.w; x++) {
        const guint8 *r = bgr + 3 * ((gsize) y * src.w + x);

        i = ((gsize) y * src.w + x) * src.bpp;
        for (k = 0; k < src.bpp; k++) {
          if (src.bpp == 1)
            want = (r[0] * 1868 + r[1] * 9617 + r[2] * 4899 + 8192) >> 14;
          else if (src.bpp == 4)
            want = k == 3 ? src.px[i + 3] : r[k];
          else
            want = r[k];
          fail_unless_equals_int (out.px[i + k], want);
        }
      }
    WebPFree (enc);
    g_free (bgr);
    g_free (json);
    aug_image_clear (&out);
    aug_image_clear (&src);
  }
}

GST_END_TEST;

/* ---- every transform: workers, bands, replay ---- */

static const gchar *const every[] = {
  "CoarseDropout(num_holes_range=[3, 6], fill=\"random\", p=1)",
  "CoarseDropout(num_holes_range=[3, 6], fill=\"random_uniform\", p=1)",
  "GridDropout(fill=[9, 8, 7], p=1)",
  "GridDropout(shift_xy=[3, 2], random_offset=false, fill=\"random\", p=1)",
  "ImageCompression(quality_range=[30, 60], p=1)",
  "ImageCompression(quality_range=[30, 60], compression_type=\"webp\", "
      "p=1)",
};

GST_START_TEST (test_workers_and_replay)
{
  check_workers_and_replay (every, G_N_ELEMENTS (every));
}

GST_END_TEST;

/* Plans no draw gives (replayed from a file): huge, negative, zero values
 * render without a crash, a hang or an out-of-range access. */
static const gchar *const hostile[] = {
  "\"CoarseDropout\",\"position\":0,\"size\":[40,30],\"num_holes\":-7,"
      "\"hole_height_range\":[0,0],\"hole_width_range\":[0,0],"
      "\"fill\":[0,0,0],\"fill_mode\":9",
  "\"CoarseDropout\",\"position\":0,\"size\":[40,30],\"num_holes\":30,"
      "\"hole_height_range\":[1e300,-1e300],\"hole_width_range\":"
      "[5e9,5e9],\"fill\":[1e300,-1e300,7],\"fill_mode\":-2",
  "\"GridDropout\",\"position\":0,\"size\":[40,30],\"grid\":[0,1e300],"
      "\"ratio\":-1,\"random_offset\":1,\"shift_xy\":[-4,1e300],"
      "\"fill\":[0,0,0],\"fill_mode\":1",
  "\"GridDropout\",\"position\":0,\"size\":[40,30],\"grid\":[1e9,3],"
      "\"ratio\":1e300,\"random_offset\":0,\"shift_xy\":[1e300,1e300],"
      "\"fill\":[0,0,0],\"fill_mode\":2",
  "\"ImageCompression\",\"position\":0,\"size\":[40,30],"
      "\"quality\":-1e300,\"webp\":0",
  "\"ImageCompression\",\"position\":0,\"size\":[40,30],"
      "\"quality\":1e300,\"webp\":1",
  "\"ImageCompression\",\"position\":0,\"size\":[40,30],"
      "\"quality\":50,\"webp\":-7e300",
};

GST_START_TEST (test_hostile_plans)
{
  check_hostile_plans (hostile, G_N_ELEMENTS (hostile));
}

GST_END_TEST;

static Suite *
dropout_suite (void)
{
  Suite *s = suite_create ("augment-dropout");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_coarse_dropout);
  tcase_add_test (tc, test_grid_dropout);
  tcase_add_test (tc, test_image_compression);
  tcase_add_test (tc, test_image_compression_webp);
  tcase_add_test (tc, test_workers_and_replay);
  tcase_add_test (tc, test_hostile_plans);
  return s;
}

GST_CHECK_MAIN (dropout);
