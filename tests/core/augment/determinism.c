/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * Determinism in the core: a plan is a function of (seed, frame key, copy)
 * alone, drawn again it is the same JSON; its rendering is the same bytes
 * without workers and with pools of 2 and 7 threads in bands of 1, 7 or
 * the default rows, fused or step by step; different seeds and copies
 * draw different plans; and a plan written as JSON and read back renders
 * the same bytes (replay).
 */
#include "augtest.h"

/* every kind of stage: flip, matrices, the three maps, a crop and resize;
 * then every pixel transform (point tables, colour, histograms, filters,
 * noise, dropout, compression) between spatial ones. The first transform
 * of each has p=1 and a continuous draw, so plans always differ. */
static const gchar *const pipelines[] = {
  "HorizontalFlip(), Rotate(limit=30, p=1), "
      "OneOf([GridDistortion(), ElasticTransform(alpha=20, sigma=5), "
      "OpticalDistortion(distort_limit=0.3)], p=0.9), "
      "Affine(scale=(0.8, 1.2), rotate=(-10, 10), border_mode=4, p=0.8), "
      "RandomResizedCrop(size=(40, 56), scale=(0.3, 1))",
  "RandomBrightnessContrast(p=1), OneOf([RandomGamma(), Solarize(), "
      "Posterize(), RGBShift(), InvertImg()], p=0.9), "
      "HueSaturationValue(p=0.7), ColorJitter(p=0.5), Rotate(limit=20), "
      "SomeOf([GaussianBlur(), MotionBlur(), MedianBlur(blur_limit=(3, 7)), "
      "Sharpen(), UnsharpMask(), Emboss(), Blur(), Downscale()], n=2, p=1), "
      "SomeOf([GaussNoise(), ISONoise(), MultiplicativeNoise(), "
      "SaltAndPepper(), CoarseDropout(), GridDropout()], n=2, p=1), "
      "OneOf([ToGray(), ToSepia(), ChannelShuffle(), ChannelDropout(), "
      "Equalize(), CLAHE()], p=0.9), ImageCompression(p=0.5), "
      "HorizontalFlip()",
};

static const guint bpps[] = { 3, 1, 4 };

static const gchar *
applied_part (const gchar * json)
{
  return strstr (json, "\"applied\"");
}

static gboolean
same_image (const AugImage * a, const AugImage * b)
{
  return a->w == b->w && a->h == b->h && memcmp (a->px, b->px,
      (gsize) a->w * a->h * a->bpp) == 0;
}

GST_START_TEST (test_workers_and_replay)
{
  GstImAugPipeline *pipeline = aug_pipeline (pipelines[__i__ / 3]);
  AugImage src = aug_image_pattern (97, 71, bpps[__i__ % 3], __i__), ref, out;
  GstImWorkerPool *pools[2];
  static const guint chunks[] = { 1, 7, 0 };
  GstImAugPlan *plan, *again, *replay;
  GError *error = NULL;
  gchar *json, *json2, *json3;
  guint key, copy, p, c, fuse;

  pools[0] = gst_im_worker_pool_new (2, NULL);
  pools[1] = gst_im_worker_pool_new (7, NULL);
  for (key = 0; key < 4; key++)
    for (copy = 0; copy < 2; copy++) {
      plan = gst_im_aug_pipeline_draw (pipeline, 1234, key, copy, src.w,
          src.h);
      again = gst_im_aug_pipeline_draw (pipeline, 1234, key, copy, src.w,
          src.h);
      json = gst_im_aug_plan_to_json (plan);
      json2 = gst_im_aug_plan_to_json (again);
      fail_unless_equals_string (json, json2);
      replay = gst_im_aug_plan_new_from_json (json, &error);
      fail_unless (replay != NULL, "%s: %s", json, error ? error->message :
          "");
      json3 = gst_im_aug_plan_to_json (replay);
      fail_unless_equals_string (json, json3);
      for (fuse = 0; fuse < 2; fuse++) {
        ref = aug_render (plan, &src, fuse, NULL, 0);
        for (p = 0; p < G_N_ELEMENTS (pools); p++)
          for (c = 0; c < G_N_ELEMENTS (chunks); c++) {
            out = aug_render (again, &src, fuse, pools[p], chunks[c]);
            fail_unless (same_image (&ref, &out), "%s: %u threads, chunk "
                "rows %u, fuse %u: different bytes", json, p ? 7 : 2,
                chunks[c], fuse);
            aug_image_clear (&out);
          }
        out = aug_render (replay, &src, fuse, pools[0], 0);
        fail_unless (same_image (&ref, &out), "replay of %s (fuse %u): "
            "different bytes", json, fuse);
        aug_image_clear (&out);
        aug_image_clear (&ref);
      }
      g_free (json);
      g_free (json2);
      g_free (json3);
      gst_im_aug_plan_free (plan);
      gst_im_aug_plan_free (again);
      gst_im_aug_plan_free (replay);
    }
  gst_im_worker_pool_free (pools[0]);
  gst_im_worker_pool_free (pools[1]);
  aug_image_clear (&src);
  gst_im_aug_pipeline_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_seeds_and_copies_differ)
{
  GstImAugPipeline *pipeline = aug_pipeline (pipelines[__i__]);
  AugImage src = aug_image_pattern (97, 71, 3, 5), img[4];
  /* (seed, copy): the first, another seed, another copy, both */
  static const guint64 seeds[] = { 7, 8, 7, 8 };
  static const guint copies[] = { 0, 0, 1, 1 };
  GstImAugPlan *plans[4];
  gchar *json[4];
  guint key, a, b;

  for (key = 0; key < 6; key++) {
    for (a = 0; a < 4; a++) {
      plans[a] = gst_im_aug_pipeline_draw (pipeline, seeds[a], key, copies[a],
          src.w, src.h);
      json[a] = gst_im_aug_plan_to_json (plans[a]);
      img[a] = aug_render (plans[a], &src, TRUE, NULL, 0);
    }
    for (a = 0; a < 4; a++)
      for (b = a + 1; b < 4; b++) {
        fail_if (strcmp (applied_part (json[a]), applied_part (json[b])) == 0,
            "the same plan for seeds %u, %u and copies %u, %u: %s",
            (guint) seeds[a], (guint) seeds[b], copies[a], copies[b],
            json[a]);
        fail_if (same_image (&img[a], &img[b]));
      }
    for (a = 0; a < 4; a++) {
      aug_image_clear (&img[a]);
      g_free (json[a]);
      gst_im_aug_plan_free (plans[a]);
    }
  }
  aug_image_clear (&src);
  gst_im_aug_pipeline_unref (pipeline);
}

GST_END_TEST;

/* Replayed plans come from outside (a manifest, a property): values no
 * draw makes must render safely, and the checkable ones as the rules say. */
GST_START_TEST (test_hostile_replay)
{
  static const gchar *const renders[] = {
    /* a window wholly left of and above the image: every pixel the fill */
    "{\"seed\":1,\"frame\":0,\"copy\":0,\"input\":[53,37],\"output\":[20,10],"
        "\"applied\":[{\"transform\":\"CenterCrop\",\"position\":0,"
        "\"size\":[20,10],\"window\":[-50,-40,20,10],\"pad\":[0,0],"
        "\"interpolation\":0,\"border_mode\":0,\"fill\":[7,7,7,7]}]}",
    /* an empty, scaled window */
    "{\"seed\":1,\"frame\":0,\"copy\":0,\"input\":[53,37],\"output\":[20,10],"
        "\"applied\":[{\"transform\":\"Resize\",\"position\":0,"
        "\"size\":[20,10],\"window\":[3,4,0,-5],\"pad\":[0,0],"
        "\"interpolation\":1,\"border_mode\":1,\"fill\":[0,0,0,0]}]}",
    /* a billion grid steps, a sigma beyond any image */
    "{\"seed\":1,\"frame\":0,\"copy\":0,\"input\":[53,37],\"output\":[53,37],"
        "\"applied\":[{\"transform\":\"GridDistortion\",\"position\":0,"
        "\"size\":[53,37],\"interpolation\":1,\"border_mode\":0,"
        "\"fill\":[0,0,0,0],\"num_steps\":1e9,\"distort_limit\":[-1,1],"
        "\"normalized\":0},{\"transform\":\"ElasticTransform\","
        "\"position\":1,\"size\":[53,37],\"interpolation\":1,"
        "\"border_mode\":0,\"fill\":[0,0,0,0],\"alpha\":1e30,"
        "\"sigma\":1e300,\"same_dxdy\":0,\"noise_distribution\":0}]}",
  };
  static const gchar *const refused[] = {
    "{\"seed\":1,\"frame\":0,\"copy\":70000,\"input\":[53,37],"
        "\"output\":[53,37],\"applied\":[]}",
    "{\"seed\":1,\"frame\":0,\"copy\":0,\"input\":[0,37],"
        "\"output\":[0,37],\"applied\":[]}",
    "{\"seed\":1,\"frame\":0,\"copy\":0,\"input\":[53,37],"
        "\"output\":[53,37],\"applied\":[{\"transform\":\"HorizontalFlip\","
        "\"position\":0,\"size\":[54,37]}]}",
  };
  AugImage src = aug_image_pattern (53, 37, 3, 4), out;
  GstImAugPlan *plan;
  GError *error = NULL;
  guint i, k;

  for (i = 0; i < G_N_ELEMENTS (renders); i++) {
    plan = gst_im_aug_plan_new_from_json (renders[i], &error);
    fail_unless (plan != NULL, "plan %u: %s", i, error ? error->message : "");
    out = aug_render (plan, &src, TRUE, NULL, 0);
    if (i == 0)
      for (k = 0; k < out.w * out.h * out.bpp; k++)
        fail_unless_equals_int (out.px[k], 7);
    aug_image_clear (&out);
    out = aug_render (plan, &src, FALSE, NULL, 0);
    aug_image_clear (&out);
    gst_im_aug_plan_free (plan);
  }
  for (i = 0; i < G_N_ELEMENTS (refused); i++) {
    plan = gst_im_aug_plan_new_from_json (refused[i], &error);
    fail_unless (plan == NULL && error != NULL, "plan %u was taken", i);
    g_clear_error (&error);
  }
  aug_image_clear (&src);
}

GST_END_TEST;

static Suite *
augment_determinism_suite (void)
{
  Suite *s = suite_create ("augment_determinism");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_workers_and_replay, 0,
      G_N_ELEMENTS (bpps) * G_N_ELEMENTS (pipelines));
  tcase_add_loop_test (tc, test_seeds_and_copies_differ, 0,
      G_N_ELEMENTS (pipelines));
  tcase_add_test (tc, test_hostile_replay);
  return s;
}

GST_CHECK_MAIN (augment_determinism);
