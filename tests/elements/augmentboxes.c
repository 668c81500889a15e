/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * augment moves boxes (region of interest metas) as it moves the pixels:
 * a filled rectangle is drawn, its box attached, and after every spatial
 * transform the output box is checked against the bounding box of the
 * rectangle's output pixels, found by thresholding the output here.
 * Boxes that leave the frame, or keep too little of it, are removed
 * (properties and the config's bbox_params; its errors are checked in
 * augment.c); ids and parameters travel.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include "imtest.h"

#define W 200
#define H 150
#define SEEDS 4

/* the rectangle: off centre, so that flips and rotations move it */
#define RX 50
#define RY 30
#define RW 60
#define RH 45

typedef struct
{
  const gchar *transforms;
  guint bound;                  /* pixels between the box and the pixels */
} Case;

/* every spatial transform, drawn for sure, borders black; the
 * distortions' bound: their boxes come from the nearest source pixel,
 * the pixels from bilinear sampling of a field that bends within a pixel */
static const Case cases[] = {
  {"HorizontalFlip(p=1)", 1},
  {"VerticalFlip(p=1)", 1},
  {"Transpose(p=1)", 1},
  {"RandomRotate90(p=1)", 1},
  {"Rotate(limit=[10,40], p=1)", 1},
  {"Rotate(limit=[-170,-100], p=1)", 1},
  {"Affine(scale=[0.7,1.2], rotate=[-30,30], shear=[-15,15], "
        "translate_percent=[-0.1,0.1], p=1)", 1},
  {"ShiftScaleRotate(shift_limit=0.1, scale_limit=0.2, rotate_limit=30, "
        "border_mode=0, p=1)", 1},
  {"Perspective(scale=[0.05,0.12], p=1)", 1},
  {"RandomResizedCrop(size=[90,120], scale=[0.5,1], p=1)", 1},
  {"RandomCrop(height=110, width=150, p=1)", 1},
  {"CenterCrop(height=100, width=100, p=1)", 1},
  {"Crop(x_min=20, y_min=10, x_max=170, y_max=140, p=1)", 1},
  {"Resize(height=75, width=260, p=1)", 1},
  {"LongestMaxSize(max_size=120, p=1)", 1},
  {"SmallestMaxSize(max_size=240, p=1)", 1},
  {"PadIfNeeded(min_height=220, min_width=260, p=1)", 1},
  {"GridDistortion(num_steps=5, distort_limit=0.3, p=1)", 2},
  {"ElasticTransform(alpha=40, sigma=6, p=1)", 2},
  {"OpticalDistortion(distort_limit=0.5, p=1)", 2},
  {"HorizontalFlip(p=1), Rotate(limit=[20,20], p=1), "
        "RandomResizedCrop(size=[100,100], scale=[0.6,1], p=1)", 2},
};

/* A W x H GRAY8 frame, black, with the rectangle white, and its box. */
static GstBuffer *
rectangle_frame (guint x, guint y, guint w, guint h, guint id)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, W * H, NULL);
  GstVideoRegionOfInterestMeta *roi;
  GstMapInfo map;
  guint i, j;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  memset (map.data, 0, W * H);
  for (j = y; j < y + h && j < H; j++)
    for (i = x; i < x + w && i < W; i++)
      map.data[j * W + i] = 255;
  gst_buffer_unmap (buf, &map);
  roi = gst_buffer_add_video_region_of_interest_meta (buf, "car", x, y, w, h);
  roi->id = id;
  gst_video_region_of_interest_meta_add_param (roi,
      gst_structure_new ("detection", "score", G_TYPE_DOUBLE, 0.75, NULL));
  return buf;
}

static GstHarness *
new_augment (const gchar * props)
{
  gchar *launch = g_strdup_printf ("augment %s", props);
  GstHarness *h = gst_harness_new_parse (launch);

  g_free (launch);
  gst_harness_set_src_caps_str (h, "video/x-raw,format=GRAY8,width=200,"
      "height=150,framerate=25/1");
  return h;
}

/* The bounding box of the pixels above half white: FALSE if none. */
static gboolean
pixel_box (GstBuffer * buf, gint * box)
{
  GstVideoMeta *vmeta = gst_buffer_get_video_meta (buf);
  GstMapInfo map;
  guint x, y;
  gboolean any = FALSE;

  fail_unless (vmeta != NULL);
  box[0] = box[1] = G_MAXINT;
  box[2] = box[3] = G_MININT;
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  for (y = 0; y < vmeta->height; y++)
    for (x = 0; x < vmeta->width; x++)
      if (map.data[vmeta->offset[0] + y * vmeta->stride[0] + x] > 127) {
        box[0] = MIN (box[0], (gint) x);
        box[1] = MIN (box[1], (gint) y);
        box[2] = MAX (box[2], (gint) x + 1);
        box[3] = MAX (box[3], (gint) y + 1);
        any = TRUE;
      }
  gst_buffer_unmap (buf, &map);
  return any;
}

static guint
n_boxes (GstBuffer * buf)
{
  gpointer iter = NULL;
  guint n = 0;

  while (gst_buffer_iterate_meta_filtered (buf, &iter,
          GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))
    n++;
  return n;
}

/* One frame through @props: its output buffer (with the caps applied). */
static GstBuffer *
augment_one (const gchar * props, guint x, guint y, guint w, guint h)
{
  GstHarness *h_ = new_augment (props);
  GstBuffer *out;

  fail_unless_equals_int (gst_harness_push (h_, rectangle_frame (x, y, w, h,
              7)), GST_FLOW_OK);
  out = gst_harness_pull (h_);
  fail_unless (out != NULL);
  gst_harness_teardown (h_);
  return out;
}

GST_START_TEST (test_box_follows_pixels)
{
  const Case *c = &cases[__i__];
  GstVideoRegionOfInterestMeta *roi;
  const GstStructure *param;
  GstBuffer *out;
  gint px[4];
  guint seed;
  gdouble score;
  gchar *props;

  for (seed = 0; seed < SEEDS; seed++) {
    props = g_strdup_printf ("seed=%u transforms=\"%s\"", seed,
        c->transforms);
    out = augment_one (props, RX, RY, RW, RH);
    fail_unless (pixel_box (out, px), "%s: the rectangle is gone", props);
    fail_unless_equals_int (n_boxes (out), 1);
    roi = gst_buffer_get_video_region_of_interest_meta (out);
    GST_INFO ("%s: box %u,%u %ux%u pixels %d,%d %dx%d", props, roi->x,
        roi->y, roi->w, roi->h, px[0], px[1], px[2] - px[0], px[3] - px[1]);
    fail_unless (ABS ((gint) roi->x - px[0]) <= (gint) c->bound
        && ABS ((gint) roi->y - px[1]) <= (gint) c->bound
        && ABS ((gint) (roi->x + roi->w) - px[2]) <= (gint) c->bound
        && ABS ((gint) (roi->y + roi->h) - px[3]) <= (gint) c->bound,
        "%s: box (%u, %u)-(%u, %u), the rectangle's pixels (%d, %d)-(%d, %d)",
        props, roi->x, roi->y, roi->x + roi->w, roi->y + roi->h, px[0], px[1],
        px[2], px[3]);
    /* what the box was stays with it */
    fail_unless_equals_string (g_quark_to_string (roi->roi_type), "car");
    fail_unless_equals_int (roi->id, 7);
    param = gst_video_region_of_interest_meta_get_param (roi, "detection");
    fail_unless (param && gst_structure_get_double (param, "score", &score)
        && score == 0.75);
    gst_buffer_unref (out);
    g_free (props);
  }
}

GST_END_TEST;

/* A crop that leaves the box out removes it; one that cuts it keeps it
 * clipped, unless min-visibility asks for more than is left. */
GST_START_TEST (test_box_cropped)
{
  /* the crop keeps x in [0, 80): the rectangle keeps 30 of its 60 */
  const gchar *crop = "transforms=\"Crop(x_min=0, y_min=0, x_max=80, "
      "y_max=150, p=1)\"";
  GstVideoRegionOfInterestMeta *roi;
  GstBuffer *out;
  gchar *props;

  out = augment_one (crop, RX, RY, RW, RH);
  fail_unless_equals_int (n_boxes (out), 1);
  roi = gst_buffer_get_video_region_of_interest_meta (out);
  fail_unless (roi->x == RX && roi->y == RY && roi->w == 80 - RX
      && roi->h == RH, "clipped box %u,%u %ux%u", roi->x, roi->y, roi->w,
      roi->h);
  gst_buffer_unref (out);

  props = g_strdup_printf ("%s min-visibility=0.6", crop);
  out = augment_one (props, RX, RY, RW, RH);
  fail_unless_equals_int (n_boxes (out), 0);
  gst_buffer_unref (out);
  g_free (props);

  props = g_strdup_printf ("%s min-visibility=0.4 min-width=31", crop);
  out = augment_one (props, RX, RY, RW, RH);
  fail_unless_equals_int (n_boxes (out), 0);
  gst_buffer_unref (out);
  g_free (props);

  props = g_strdup_printf ("%s min-area=%u", crop, 30 * RH + 1);
  out = augment_one (props, RX, RY, RW, RH);
  fail_unless_equals_int (n_boxes (out), 0);
  gst_buffer_unref (out);
  g_free (props);

  /* a box wholly outside the crop */
  out = augment_one (crop, 100, 20, 40, 40);
  fail_unless_equals_int (n_boxes (out), 0);
  gst_buffer_unref (out);
}

GST_END_TEST;

/* The config's bbox_params, as albumentations' A.save () writes them. */
GST_START_TEST (test_bbox_params)
{
  gchar *dir = im_test_make_tmp_dir ("im-boxes-XXXXXX");
  gchar *path = g_build_filename (dir, "p.json", NULL), *props;
  const gchar *json = "{\"__version__\": \"2.0.8\", \"transform\": "
      "{\"__class_fullname__\": \"Compose\", \"p\": 1.0, \"transforms\": "
      "[{\"__class_fullname__\": \"Crop\", \"x_min\": 0, \"y_min\": 0, "
      "\"x_max\": 80, \"y_max\": 150, \"p\": 1.0}], \"bbox_params\": "
      "{\"format\": \"coco\", \"label_fields\": [\"l\"], \"min_area\": 0, "
      "\"min_visibility\": %s, \"min_width\": 0.0, \"min_height\": 0.0, "
      "\"check_each_transform\": true, \"clip\": false, "
      "\"max_accept_ratio\": null}, \"keypoint_params\": null, "
      "\"additional_targets\": {}, \"is_check_shapes\": true}}";
  gchar *text;
  GstBuffer *out;

  props = g_strdup_printf ("config=%s", path);
  text = g_strdup_printf (json, "0.6");
  im_test_write_file (path, text, -1);
  g_free (text);
  out = augment_one (props, RX, RY, RW, RH);
  fail_unless_equals_int (n_boxes (out), 0);
  gst_buffer_unref (out);

  text = g_strdup_printf (json, "0.4");
  im_test_write_file (path, text, -1);
  g_free (text);
  out = augment_one (props, RX, RY, RW, RH);
  fail_unless_equals_int (n_boxes (out), 1);
  gst_buffer_unref (out);

  g_free (props);
  g_free (path);
  im_test_remove_dir (dir);
}

GST_END_TEST;

/* Several boxes: each follows its own rectangle, none is duplicated. */
GST_START_TEST (test_several_boxes)
{
  GstHarness *h = new_augment ("transforms=\"HorizontalFlip(p=1)\"");
  GstBuffer *in = rectangle_frame (10, 10, 20, 30, 1), *out;
  GstVideoRegionOfInterestMeta *roi;
  gpointer iter = NULL;
  guint n = 0;

  gst_buffer_add_video_region_of_interest_meta (in, "person", 150, 100, 40,
      30)->id = 2;
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  out = gst_harness_pull (h);
  while ((roi = (GstVideoRegionOfInterestMeta *)
          gst_buffer_iterate_meta_filtered (out, &iter,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    if (roi->id == 1)
      fail_unless (roi->x == W - 30 && roi->y == 10 && roi->w == 20
          && roi->h == 30);
    else
      fail_unless (roi->id == 2 && roi->x == W - 190 && roi->y == 100
          && roi->w == 40 && roi->h == 30);
    n++;
  }
  fail_unless_equals_int (n, 2);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
augmentboxes_suite (void)
{
  Suite *s = suite_create ("augmentboxes");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_box_follows_pixels, 0, G_N_ELEMENTS (cases));
  tcase_add_test (tc, test_box_cropped);
  tcase_add_test (tc, test_bbox_params);
  tcase_add_test (tc, test_several_boxes);
  return s;
}

GST_CHECK_MAIN (augmentboxes);
