/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * What the tests of augment's noise family (noise.c, dropout.c) share:
 * rendering one transform and reading its applied values back, flat
 * images, the alpha check, 1.4.24 pipelines, and the two checks every
 * transform of the family goes through: workers, bands and replay, and
 * hostile replayed plans.
 */
#ifndef __NOISE_TEST_H__
#define __NOISE_TEST_H__

#include "augtest.h"

/* Renders @pipeline once on @src with @seed; the plan's JSON in
 * *@plan_json. */
static inline AugImage
render_with (GstImAugPipeline * pipeline, const AugImage * src, guint64 seed,
    gchar ** plan_json, GstImWorkerPool * pool, guint chunk_rows)
{
  GstImAugPlan *plan = gst_im_aug_pipeline_draw (pipeline, seed, 3, 0,
      src->w, src->h);
  AugImage out;

  fail_unless (gst_im_aug_plan_get_problem (plan) == NULL, "%s",
      gst_im_aug_plan_get_problem (plan));
  fail_unless_equals_int (gst_im_aug_plan_get_n_applied (plan), 1);
  out = aug_render (plan, src, TRUE, pool, chunk_rows);
  if (plan_json)
    *plan_json = gst_im_aug_plan_to_json (plan);
  gst_im_aug_plan_free (plan);
  return out;
}

static inline AugImage
render (const gchar * transforms, const AugImage * src, gchar ** plan_json)
{
  GstImAugPipeline *p = aug_pipeline (transforms);
  AugImage out = render_with (p, src, 7, plan_json, NULL, 0);

  gst_im_aug_pipeline_unref (p);
  return out;
}

static inline gdouble
applied (const gchar * json, const gchar * name, guint i)
{
  gdouble v[4];

  fail_unless (aug_applied_numbers (json, 0, name, v, i + 1), "no %s in %s",
      name, json);
  return v[i];
}

static inline AugImage
flat_image (guint w, guint h, guint bpp, guint8 level)
{
  AugImage img = aug_image_new (w, h, bpp);
  gsize i;

  memset (img.px, level, (gsize) w * h * bpp);
  /* alpha: a ramp, to see it pass through */
  if (bpp == 4)
    for (i = 0; i < (gsize) w * h; i++)
      img.px[i * 4 + 3] = i * 7;
  return img;
}

static inline void
assert_alpha_kept (const AugImage * src, const AugImage * out)
{
  gsize i;

  if (src->bpp != 4)
    return;
  for (i = 0; i < (gsize) src->w * src->h; i++)
    fail_unless_equals_int (out->px[i * 4 + 3], src->px[i * 4 + 3]);
}


/* One transform of a 1.4.24 file. */
static inline GstImAugPipeline *
pipeline_1_4 (const gchar * transform)
{
  gchar *json = g_strdup_printf ("{\"__version__\": \"1.4.24\", "
      "\"transform\": {\"__class_fullname__\": \"Compose\", \"p\": 1.0, "
      "\"transforms\": [%s]}}", transform);
  GError *error = NULL;
  GstImAugPipeline *p = gst_im_aug_pipeline_new_from_data (json, -1,
      "t.json", &error);

  fail_unless (p != NULL, "%s: %s", json, error ? error->message : "");
  g_free (json);
  return p;
}

/* ---- every transform ---- */

/* Each of the @n_every transforms @every renders the same bytes with
 * workers in bands of 1 and 7 rows and from its plan's JSON read back,
 * other bytes with another seed; its canonical string reads back as the
 * same pipeline. */
static inline void
check_workers_and_replay (const gchar * const *every, guint n_every)
{
  GstImWorkerPool *pool = gst_im_worker_pool_new (3, NULL);
  const guint chunks[] = { 1, 7 };
  AugImage src = aug_image_pattern (97, 61, 3, 8), base, other;
  GstImAugPipeline *p;
  GstImAugPlan *plan;
  GError *error = NULL;
  gchar *json;
  guint t, k;
  gsize n = (gsize) src.w * src.h * 3;

  for (t = 0; t < n_every; t++) {
    p = aug_pipeline (every[t]);
    /* the canonical string reads back as the same pipeline */
    {
      gchar *a = gst_im_aug_pipeline_to_string (p), *b;
      GstImAugPipeline *q = aug_pipeline (a);

      b = gst_im_aug_pipeline_to_string (q);
      fail_unless_equals_string (a, b);
      g_free (a);
      g_free (b);
      gst_im_aug_pipeline_unref (q);
    }
    base = render_with (p, &src, 5, &json, NULL, 0);
    fail_if (memcmp (base.px, src.px, n) == 0, "%s changed nothing",
        every[t]);
    for (k = 0; k < G_N_ELEMENTS (chunks); k++) {
      other = render_with (p, &src, 5, NULL, pool, chunks[k]);
      fail_unless (memcmp (base.px, other.px, n) == 0, "%s, chunk rows %u",
          every[t], chunks[k]);
      aug_image_clear (&other);
    }
    /* another seed, other bytes */
    other = render_with (p, &src, 6, NULL, NULL, 0);
    fail_if (memcmp (base.px, other.px, n) == 0, "%s", every[t]);
    aug_image_clear (&other);
    /* the recorded plan renders the same bytes */
    plan = gst_im_aug_plan_new_from_json (json, &error);
    fail_unless (plan != NULL, "%s: %s", json, error ? error->message : "");
    other = aug_render (plan, &src, TRUE, pool, 2);
    fail_unless (memcmp (base.px, other.px, n) == 0, "replay of %s",
        every[t]);
    aug_image_clear (&other);
    gst_im_aug_plan_free (plan);
    g_free (json);
    aug_image_clear (&base);
    gst_im_aug_pipeline_unref (p);
  }
  aug_image_clear (&src);
  gst_im_worker_pool_free (pool);
}

/* The @n_hostile applied entries @hostile, plans no draw gives (replayed
 * from a file: huge, negative, zero values), render without a crash, a
 * hang or an out-of-range access, alpha kept. */
static inline void
check_hostile_plans (const gchar * const *hostile, guint n_hostile)
{
  const guint bpps[] = { 3, 4, 1 };
  GError *error = NULL;
  GstImAugPlan *plan;
  AugImage src, out;
  gchar *json;
  guint t, b;

  for (b = 0; b < G_N_ELEMENTS (bpps); b++) {
    src = aug_image_pattern (40, 30, bpps[b], 1);
    for (t = 0; t < n_hostile; t++) {
      json = g_strdup_printf ("{\"seed\":1,\"frame\":2,\"copy\":0,"
          "\"input\":[40,30],\"output\":[40,30],\"applied\":[{"
          "\"transform\":%s}]}", hostile[t]);
      plan = gst_im_aug_plan_new_from_json (json, &error);
      fail_unless (plan != NULL, "%s: %s", json, error ? error->message :
          "");
      out = aug_render (plan, &src, TRUE, NULL, 0);
      assert_alpha_kept (&src, &out);
      aug_image_clear (&out);
      gst_im_aug_plan_free (plan);
      g_free (json);
    }
    aug_image_clear (&src);
  }
}

#endif /* __NOISE_TEST_H__ */
