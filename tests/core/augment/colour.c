/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment's colour transforms other than the HSV round trip (hsv.c)
 * against per-pixel references written here in double precision from the
 * documented formulas, then albumentations' rounding: grey: 0.299 R +
 * 0.587 G + 0.114 B rounded; sepia: the matrix product rounded and
 * clipped; ChannelShuffle and ChannelDropout by index. What differs is
 * grey's 15-bit weights against the rounded double: at most 1 level, on
 * at most 0.5 % of the samples (measured: 0.04 %). The rest is exact:
 * whole-pixel maths, sepia's matrix as cv::transform quantises it, and the
 * bytes of alpha. On RGB, BGR, RGBA, ARGB and GRAY8 (colourtest.h); for
 * every colour transform, replay from the plan's JSON, every worker count
 * and the scalar loops (GST_IM_AUG_COLOUR_GENERIC=1) give the same bytes
 * as the vector path.
 */
#include "colourtest.h"

/* ---- references, one RGB pixel (doubles in, bytes out) ---- */

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
  tcase_add_test (tc, test_grey_sepia);
  tcase_add_test (tc, test_shuffle_dropout);
  tcase_add_test (tc, test_replay_workers);
  tcase_add_test (tc, test_hostile_plan);
  return s;
}

GST_CHECK_MAIN (augment_colour);
