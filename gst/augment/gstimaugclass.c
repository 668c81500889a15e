/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* The table of transforms augment knows, and what the spatial ones share:
 * OpenCV's interpolation and border flags, the common applied values. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaug-private.h"

G_DEFINE_QUARK (gst-im-aug-error-quark, gst_im_aug_error);

/* albumentations accepts these cv2 flags for images */
const gchar *const gst_im_aug_interpolations[] = {
  "0", "1", "2", "3", "4", NULL
};

const gchar *const gst_im_aug_border_modes[] = {
  "0", "1", "2", "3", "4", NULL
};

static const GstImAugClass *const classes[] = {
  &gst_im_aug_horizontal_flip, &gst_im_aug_vertical_flip,
  &gst_im_aug_transpose, &gst_im_aug_random_rotate90, &gst_im_aug_rotate,
  &gst_im_aug_affine, &gst_im_aug_shift_scale_rotate, &gst_im_aug_perspective,
  &gst_im_aug_random_resized_crop, &gst_im_aug_random_crop,
  &gst_im_aug_center_crop, &gst_im_aug_crop, &gst_im_aug_resize,
  &gst_im_aug_longest_max_size, &gst_im_aug_smallest_max_size,
  &gst_im_aug_pad_if_needed, &gst_im_aug_grid_distortion,
  &gst_im_aug_elastic_transform, &gst_im_aug_optical_distortion,
};

const GstImAugClass *
gst_im_aug_class_find (const gchar * name)
{
  const GstImAugClass *const *const families[] = {
    gst_im_aug_lut_classes, gst_im_aug_colour_classes,
    gst_im_aug_histogram_classes, gst_im_aug_filter_classes,
    gst_im_aug_noise_classes,
  };
  const GstImAugClass *const *f;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (classes); i++)
    if (!strcmp (classes[i]->name, name))
      return classes[i];
  for (i = 0; i < G_N_ELEMENTS (families); i++)
    for (f = families[i]; *f; f++)
      if (!strcmp ((*f)->name, name))
        return *f;
  return NULL;
}

/**
 * gst_im_aug_transform_is_known:
 * @name: a transform class name, as albumentations spells it
 *
 * Returns: whether augment has the transform @name ("GaussianBlur"...)
 */
gboolean
gst_im_aug_transform_is_known (const gchar * name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  return gst_im_aug_class_find (name) != NULL;
}

guint
gst_im_aug_class_n_slots (const GstImAugClass * klass)
{
  guint i, n = 0;

  for (i = 0; i < klass->n_params; i++)
    n += gst_im_aug_param_slots (&klass->params[i]);
  return n;
}

/* The first slot of parameter @name. */
gint
gst_im_aug_param_index (const GstImAugClass * klass, const gchar * name)
{
  guint i, n = 0;

  for (i = 0; i < klass->n_params; i++) {
    if (!strcmp (klass->params[i].name, name))
      return n;
    n += gst_im_aug_param_slots (&klass->params[i]);
  }
  g_return_val_if_reached (-1);
}

/* Writes the GST_IM_AUG_APPLIED_COMMON values: @interpolation, then the
 * border mode and the fill from the parameter slots at @border_fill (a
 * GST_IM_AUG_SPEC_BORDER then a GST_IM_AUG_SPEC_FILL). */
void
gst_im_aug_copy_common (gdouble * v, gdouble interpolation,
    const gdouble * border_fill)
{
  v[0] = interpolation;
  v[1] = border_fill[0];
  memcpy (v + 2, border_fill + 2, 4 * sizeof (gdouble));
}

/* Reads the GST_IM_AUG_APPLIED_COMMON values into @stage. */
void
gst_im_aug_set_common (GstImAugStage * stage, const gdouble * v)
{
  stage->interpolation = v[0];
  stage->border_mode = v[1];
  memcpy (stage->fill, v + 2, sizeof (stage->fill));
}

/* A stage of the forward matrix @forward (source -> destination, as
 * cv2.warpAffine takes it): the stage maps back with its inverse. An
 * identity is exact, as albumentations skips the warp. */
void
gst_im_aug_set_forward (GstImAugStage * stage, const gdouble * forward)
{
  static const gdouble id[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  gboolean identity = stage->in_w == stage->out_w
      && stage->in_h == stage->out_h;
  guint i;

  for (i = 0; i < 9 && identity; i++)
    identity = fabs (forward[i] - id[i]) <= 1e-8 + 1e-5 * fabs (id[i]);
  stage->kind = GST_IM_AUG_STAGE_MATRIX;
  if (identity) {
    memcpy (stage->m, id, sizeof (id));
    stage->interpolation = -1;
    stage->inside = TRUE;
    return;
  }
  if (!gst_im_aug_matrix_invert (forward, stage->m)) {
    /* a degenerate matrix shows the fill everywhere */
    memset (stage->m, 0, sizeof (stage->m));
    stage->m[2] = stage->m[5] = NAN;
    stage->m[8] = 1;
  }
}

/* Python's round (): halves to even. */
gdouble
gst_im_aug_round_even (gdouble x)
{
  return nearbyint (x);
}
