/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
/* CoarseDropout and GridDropout: rectangles filled with a colour, random
 * bytes or one random colour each. The plan records the drawn counts and
 * sizes; the rectangles themselves are redrawn from the step's key at
 * render time (their number is unbounded), before the rows are shared. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "gstimaugnoise-private.h"

enum
{
  FILL_VALUE,
  FILL_RANDOM,
  FILL_RANDOM_UNIFORM,
};

static const gchar *const fill_modes[] = {
  "value", "random", "random_uniform", NULL
};

#define SPEC_FILL \
  { .name = "fill", .type = GST_IM_AUG_FILL, .def = "0", .min = 0, \
    .max = 255, .aliases = (const gchar *const[]) { "fill_value", NULL } }
#define SPEC_FILL_MODE \
  { .name = "fill_mode", .type = GST_IM_AUG_CHOICE, .def = "\"value\"", \
    .choices = fill_modes }

/* albumentations' fill takes a number, a list or a mode name: a name moves
 * to fill_mode (the JSON reader knows one shape per parameter) */
static gboolean
upgrade_fill (JsonObject * o, GError ** error)
{
  const gchar *key = json_object_has_member (o, "fill") ? "fill" :
      "fill_value";
  JsonNode *fill = json_object_get_member (o, key);
  const gchar *mode;

  /* the 1.4 mask fill: augment has no mask */
  if (json_object_has_member (o, "mask_fill_value"))
    json_object_remove_member (o, "mask_fill_value");
  if (fill == NULL || !JSON_NODE_HOLDS_VALUE (fill)
      || json_node_get_value_type (fill) != G_TYPE_STRING)
    return TRUE;
  mode = json_node_get_string (fill);
  if (g_str_has_prefix (mode, "inpaint")) {
    g_set_error (error, GST_IM_AUG_ERROR, GST_IM_AUG_ERROR_DESCRIPTION,
        "fill \"%s\": augment has no inpainting (use a colour, \"random\" "
        "or \"random_uniform\")", mode);
    return FALSE;
  }
  json_object_set_string_member (o, "fill_mode", mode);
  json_object_remove_member (o, key);
  return TRUE;
}

static gboolean
given (JsonNode * node)
{
  return node && !JSON_NODE_HOLDS_NULL (node);
}

/* 1.4's min_X / max_X (or X_x / X_y) pair into X_range, as 1.4.24 does:
 * with @need_both only when both are given; else when max is, as (min or
 * max, max), a missing or zero min taking max */
static void
upgrade_pair (JsonObject * o, const gchar * min_key, const gchar * max_key,
    const gchar * range_key, gboolean need_both)
{
  JsonNode *lo = json_object_get_member (o, min_key);
  JsonNode *hi = json_object_get_member (o, max_key);
  JsonArray *range;
  gboolean use_lo;

  if (given (hi) && (!need_both || given (lo))) {
    use_lo = given (lo) && (need_both || !JSON_NODE_HOLDS_VALUE (lo)
        || json_node_get_value_type (lo) == G_TYPE_STRING
        || json_node_get_double (lo) != 0);
    range = json_array_new ();
    json_array_add_element (range, json_node_copy (use_lo ? lo : hi));
    json_array_add_element (range, json_node_copy (hi));
    json_object_set_array_member (o, range_key, range);
  }
  if (lo)
    json_object_remove_member (o, min_key);
  if (hi)
    json_object_remove_member (o, max_key);
}

/* the rectangles, [x0, x1) x [y0, y1) */
typedef struct
{
  gint x0, y0, x1, y1;
} Hole;

typedef struct
{
  const GstImAugPixels *pass;
  GstImDrawKey key;             /* random fill */
  guint mode;
  guint8 fill[3];               /* RGB */
  const guint8 *pattern;        /* a row of the fill colour (packed
                                 * layouts), or NULL */
  /* CoarseDropout: all holes; GridDropout: the cells, see grid_rows */
  const Hole *holes;
  guint n_holes;
  /* GridDropout */
  const guint *ys, *xs;         /* splits */
  guint rows, cols;
  gdouble ratio;
  gboolean random_offset;
  gint shift_x, shift_y;
  GstImDrawKey offset_key;
} DropJob;

/* random_uniform: hole @i's colour */
static void
hole_colour (const DropJob * job, guint i, guint8 rgb[3])
{
  GstImDrawKey k;
  guint32 w[4];

  gst_im_aug_field_key (&job->key, 1, &k);
  gst_im_draw_block (&k, i, w);
  rgb[0] = w[0] >> 24;
  rgb[1] = w[1] >> 24;
  rgb[2] = w[2] >> 24;
}

/* Fills [x0, x1) of row @y of dst with the job's fill; @i names the hole
 * for random_uniform, @rnd is the row's random bytes for random. */
static void
fill_span (const DropJob * job, guint y, gint x0, gint x1, guint i,
    const guint8 * rnd)
{
  const GstImAugLayout *l = job->pass->layout;
  guint8 *d = job->pass->dst + (gsize) y * job->pass->dst_stride, rgb[3];
  guint c;
  gint x;

  if (x0 >= x1)
    return;
  if (job->pattern) {
    memcpy (d + (gsize) x0 * l->bpp, job->pattern, (gsize) (x1 - x0) * l->bpp);
    return;
  }
  if (job->mode == FILL_RANDOM_UNIFORM)
    hole_colour (job, i, rgb);
  else
    memcpy (rgb, job->fill, 3);
  for (x = x0; x < x1; x++)
    for (c = 0; c < l->n_colour; c++)
      d[(gsize) x * l->bpp + l->rgb[c]] = job->mode == FILL_RANDOM ?
          rnd[(gsize) x * 3 + c] : rgb[c];
}

/* the random bytes of row @y (one per pixel and colour channel) */
static const guint8 *
random_row (const DropJob * job, guint y)
{
  guint n = job->pass->width * 3, per_row = (n + 15) / 16, i;
  guint8 *out = gst_im_aug_thread_bytes (0, per_row * 16);
  guint32 w[4];
  guint k;

  for (i = 0; i < per_row; i++) {
    gst_im_draw_block (&job->key, y * per_row + i, w);
    for (k = 0; k < 16; k++)
      out[16 * i + k] = w[k / 4] >> (8 * (k % 4));
  }
  return out;
}

/* row @y of src to dst: each row is copied just before its holes are
 * painted, while it is still in the cache */
static void
copy_row (const GstImAugPixels * pass, guint y)
{
  memcpy (pass->dst + (gsize) y * pass->dst_stride,
      pass->src + (gsize) y * pass->src_stride,
      (gsize) pass->width * pass->layout->bpp);
}

static void
init_job (DropJob * job, const GstImAugPixels * pass, const gdouble * fill,
    gdouble mode)
{
  guint c;

  memset (job, 0, sizeof (*job));
  job->pass = pass;
  gst_im_aug_field_key (&pass->step->key, 0, &job->key);
  job->mode = CLAMP (mode, FILL_VALUE, FILL_RANDOM_UNIFORM);
  /* np.array (fill, dtype=uint8): truncated */
  for (c = 0; c < 3; c++)
    job->fill[c] = (guint8) CLAMP (fill[c], 0, 255);
  if (pass->layout->n_colour == 1)
    job->fill[0] = (guint8) CLAMP (fill[0], 0, 255);
  /* a colour fill of a layout without alpha: rows copied from a pattern
   * (slot 2: the workers use 0 and 1) */
  if (job->mode == FILL_VALUE && pass->layout->alpha < 0) {
    const GstImAugLayout *l = pass->layout;
    guint8 *row = gst_im_aug_thread_bytes (2, (gsize) pass->width * l->bpp);
    guint x;

    for (x = 0; x < pass->width; x++)
      for (c = 0; c < l->n_colour; c++)
        row[(gsize) x * l->bpp + l->rgb[c]] = job->fill[c];
    job->pattern = row;
  }
}

/* ---- CoarseDropout ---- */

static const GstImAugParamSpec coarse_params[] = {
  {.name = "num_holes_range",.type = GST_IM_AUG_INT_RANGE,.def = "[1, 2]",
      .def_1_4 = "[1, 1]",.min = 1,.max = 1e6},
  {.name = "hole_height_range",.type = GST_IM_AUG_RANGE,.def = "[0.1, 0.2]",
      .def_1_4 = "[8, 8]",.min = 0,.max = 1e6},
  {.name = "hole_width_range",.type = GST_IM_AUG_RANGE,.def = "[0.1, 0.2]",
      .def_1_4 = "[8, 8]",.min = 0,.max = 1e6},
  SPEC_FILL,
  SPEC_FILL_MODE,
};

/* slots: num_holes 0-1, height 2-3, width 4-5, fill 6-10, fill_mode 11 */

static const GstImAugApplied coarse_applied[] = {
  {"num_holes", 1}, {"hole_height_range", 2}, {"hole_width_range", 2},
  {"fill", 3}, {"fill_mode", 1},
};

static gboolean
upgrade_coarse (JsonObject * o, GError ** error)
{
  upgrade_pair (o, "min_holes", "max_holes", "num_holes_range", FALSE);
  upgrade_pair (o, "min_height", "max_height", "hole_height_range", FALSE);
  upgrade_pair (o, "min_width", "max_width", "hole_width_range", FALSE);
  return upgrade_fill (o, error);
}

static void
draw_coarse (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  step->v[0] = gst_im_draw_int (key, 1, p[0], p[1]);
  memcpy (step->v + 1, p + 2, 4 * sizeof (gdouble));
  memcpy (step->v + 5, p + 7, 3 * sizeof (gdouble));
  step->v[8] = p[11];
}

/* Hole @i of an image of w x h, as albumentations draws it: a range whose
 * top reaches 1 counts pixels (both axes, as 2.x decides by the height
 * range), else fractions of the side, truncated; then the corner,
 * anywhere the hole fits. Blocks 16 + 4 i .. of the step's key. */
static void
coarse_hole (const GstImDrawKey * key, const gdouble * v, gint w, gint h,
    guint i, Hole * hole)
{
  guint32 b = 16 + 4 * i;
  gint hh, hw;

  if (v[2] >= 1) {
    hh = gst_im_draw_int (key, b, (gint) v[1], MAX ((gint) v[1],
            (gint) MIN (v[2], h)));
    hw = gst_im_draw_int (key, b + 1, (gint) v[3], MAX ((gint) v[3],
            (gint) MIN (v[4], w)));
  } else {
    hh = (gint) (h * gst_im_draw_uniform (key, b, v[1], v[2]));
    hw = (gint) (w * gst_im_draw_uniform (key, b + 1, v[3], v[4]));
  }
  hh = MIN (hh, h);
  hw = MIN (hw, w);
  hole->y0 = gst_im_draw_int (key, b + 2, 0, h - hh);
  hole->x0 = gst_im_draw_int (key, b + 3, 0, w - hw);
  hole->y1 = hole->y0 + hh;
  hole->x1 = hole->x0 + hw;
}

static void
coarse_rows (guint row_begin, guint row_end, gpointer data)
{
  const DropJob *job = data;
  const guint8 *rnd;
  guint y, i;

  for (y = row_begin; y < row_end; y++) {
    copy_row (job->pass, y);
    rnd = NULL;
    /* in order: a later hole paints over an earlier one */
    for (i = 0; i < job->n_holes; i++) {
      if ((gint) y < job->holes[i].y0 || (gint) y >= job->holes[i].y1)
        continue;
      if (job->mode == FILL_RANDOM && rnd == NULL)
        rnd = random_row (job, y);
      fill_span (job, y, job->holes[i].x0, job->holes[i].x1, i, rnd);
    }
  }
}

static void
pixels_coarse (const GstImAugPixels * pass)
{
  const GstImAugStep *step = pass->step;
  /* a replayed plan may hold anything finite: kept to what a draw gives */
  guint n = CLAMP (step->v[0], 0, 1e6), i;
  gdouble v[5];
  /* slot 3: the workers use 0..2 */
  Hole *holes = (Hole *) gst_im_aug_thread_bytes (3, n * sizeof (Hole));
  DropJob job;

  v[0] = n;
  for (i = 1; i < 5; i++)
    v[i] = CLAMP (step->v[i], 0, 1e6);
  v[1] = MIN (v[1], v[2]);
  v[3] = MIN (v[3], v[4]);
  for (i = 0; i < n; i++)
    coarse_hole (&step->key, v, pass->width, pass->height, i, &holes[i]);
  init_job (&job, pass, step->v + 5, step->v[8]);
  job.holes = holes;
  job.n_holes = n;
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      coarse_rows, &job);
}

const GstImAugClass gst_im_aug_coarse_dropout = {
  .name = "CoarseDropout",
  .params = coarse_params,
  .n_params = G_N_ELEMENTS (coarse_params),
  .applied = coarse_applied,
  .n_applied = G_N_ELEMENTS (coarse_applied),
  .upgrade = upgrade_coarse,
  .draw = draw_coarse,
  .pixels = pixels_coarse,
};

/* ---- GridDropout ---- */

static const GstImAugParamSpec grid_params[] = {
  {.name = "ratio",.type = GST_IM_AUG_NUMBER,.def = "0.5",.min = 1e-9,.max =
        1},
  {.name = "random_offset",.type = GST_IM_AUG_BOOL,.def = "true"},
  {.name = "unit_size_range",.type = GST_IM_AUG_INT_RANGE,.def = "null",.min =
        2,.max = 1e6,.flags = GST_IM_AUG_NULLABLE},
  {.name = "holes_number_xy",.type = GST_IM_AUG_SIZE,.def = "null",.min =
        1,.max = 1e6,.flags = GST_IM_AUG_NULLABLE},
  {.name = "shift_xy",.type = GST_IM_AUG_SIZE,.def = "[0, 0]",.min = 0,.max =
        1e6},
  SPEC_FILL,
  SPEC_FILL_MODE,
};

/* slots: ratio 0, random_offset 1, unit_size_range 2-3, holes_number_xy
 * 4-5, shift_xy 6-7, fill 8-12, fill_mode 13 */

static const GstImAugApplied grid_applied[] = {
  {"grid", 2}, {"ratio", 1}, {"random_offset", 1}, {"shift_xy", 2},
  {"fill", 3}, {"fill_mode", 1},
};

static gboolean
upgrade_grid (JsonObject * o, GError ** error)
{
  upgrade_pair (o, "unit_size_min", "unit_size_max", "unit_size_range", TRUE);
  upgrade_pair (o, "holes_number_x", "holes_number_y", "holes_number_xy",
      TRUE);
  upgrade_pair (o, "shift_x", "shift_y", "shift_xy", TRUE);
  return upgrade_fill (o, error);
}

static void
draw_grid (const gdouble * p, const GstImDrawKey * key, GstImAugStep * step)
{
  gint w = step->in_w, h = step->in_h, unit_w, unit_h;

  if (!isnan (p[4])) {
    /* albumentations passes (holes x, holes y) as (rows, columns) */
    step->v[0] = p[4];
    step->v[1] = p[5];
  } else {
    if (!isnan (p[2])) {
      if (p[3] > MIN (w, h)) {
        step->problem = "unit_size_range reaches past the shorter side";
        return;
      }
      /* numpy's integers (lo, hi): hi excluded */
      unit_w = unit_h = gst_im_draw_int (key, 1, p[2], MAX (p[2], p[3] - 1));
    } else {
      unit_w = MAX (2, w / 10);
      unit_h = MAX (2, h / 10);
    }
    step->v[0] = h / unit_h;
    step->v[1] = w / unit_w;
  }
  if (step->v[0] < 1 || step->v[1] < 1 || step->v[0] > h || step->v[1] > w) {
    step->problem = "the grid does not fit the image";
    return;
  }
  step->v[2] = p[0];
  step->v[3] = p[1];
  step->v[4] = p[6];
  step->v[5] = p[7];
  memcpy (step->v + 6, p + 9, 3 * sizeof (gdouble));
  step->v[9] = p[13];
}

/* almost equal intervals of @size in @n parts (the first size % n one
 * longer), shuffled (Fisher-Yates on blocks @block..), as split edges */
static void
shuffled_splits (const GstImDrawKey * key, guint32 block, guint size,
    guint n, guint * edges)
{
  guint i, j, t;

  for (i = 0; i < n; i++)
    edges[i + 1] = size / n + (i < size % n);
  for (i = n - 1; i > 0; i--) {
    j = gst_im_draw_int (key, block + i, 0, i);
    t = edges[i + 1];
    edges[i + 1] = edges[j + 1];
    edges[j + 1] = t;
  }
  edges[0] = 0;
  for (i = 0; i < n; i++)
    edges[i + 1] += edges[i];
}

/* hole extent along one axis in a cell [a, b) of a side of @size */
static void
grid_extent (gint a, gint b, gint size, gdouble ratio, gint offset,
    gint * lo, gint * hi)
{
  gint cell = b - a;
  /* clip (cell * ratio, 1, cell - 1), then truncated (np.clip with the
   * low bound above the high one gives the high one) */
  gdouble s = cell * ratio;
  gint len;

  s = s < 1 ? 1 : s;
  s = s > cell - 1 ? cell - 1 : s;
  len = (gint) s;
  *lo = CLAMP (a + offset, 0, size - len);
  *hi = MIN (*lo + len, size);
}

/* the hole of cell (i, j) */
static void
grid_hole (const DropJob * job, guint i, guint j, Hole * hole)
{
  const GstImAugPixels *pass = job->pass;
  gint oy = job->shift_y, ox = job->shift_x, hh, hw, lo, hi;

  grid_extent (job->ys[i], job->ys[i + 1], pass->height, job->ratio, 0, &lo,
      &hi);
  hh = hi - lo;
  grid_extent (job->xs[j], job->xs[j + 1], pass->width, job->ratio, 0, &lo,
      &hi);
  hw = hi - lo;
  if (job->random_offset) {
    guint32 b = 2 * (i * job->cols + j);

    oy = gst_im_draw_int (&job->offset_key, b, 0, job->ys[i + 1] - job->ys[i]
        - hh);
    ox = gst_im_draw_int (&job->offset_key, b + 1, 0, job->xs[j + 1] -
        job->xs[j] - hw);
  }
  grid_extent (job->ys[i], job->ys[i + 1], pass->height, job->ratio, oy,
      &hole->y0, &hole->y1);
  grid_extent (job->xs[j], job->xs[j + 1], pass->width, job->ratio, ox,
      &hole->x0, &hole->x1);
}

/* A random offset keeps a hole inside its cell: a row meets only the
 * holes of its own cell row, drawn once per band and cell row. A fixed
 * shift moves every hole of a cell row alike, possibly out of the cell:
 * each row tests every cell row. */
static void
grid_rows (guint row_begin, guint row_end, gpointer data)
{
  const DropJob *job = data;
  Hole *row_holes = (Hole *) gst_im_aug_thread_bytes (1,
      job->cols * sizeof (Hole)), first;
  const guint8 *rnd;
  guint y, i, j, i_lo, i_hi, cached = G_MAXUINT;

  for (y = row_begin; y < row_end; y++) {
    copy_row (job->pass, y);
    rnd = NULL;
    if (job->random_offset) {
      for (i_lo = 0; job->ys[i_lo + 1] <= y; i_lo++);
      i_hi = i_lo + 1;
    } else {
      i_lo = 0;
      i_hi = job->rows;
    }
    for (i = i_lo; i < i_hi; i++) {
      if (job->random_offset && cached != i) {
        for (j = 0; j < job->cols; j++)
          grid_hole (job, i, j, &row_holes[j]);
        cached = i;
      }
      if (!job->random_offset) {
        grid_hole (job, i, 0, &first);
        if ((gint) y < first.y0 || (gint) y >= first.y1)
          continue;
      }
      for (j = 0; j < job->cols; j++) {
        Hole hole;

        if (job->random_offset)
          hole = row_holes[j];
        else
          grid_hole (job, i, j, &hole);
        if ((gint) y < hole.y0 || (gint) y >= hole.y1)
          continue;
        if (job->mode == FILL_RANDOM && rnd == NULL)
          rnd = random_row (job, y);
        fill_span (job, y, hole.x0, hole.x1, i * job->cols + j, rnd);
      }
    }
  }
}

static void
pixels_grid (const GstImAugPixels * pass)
{
  const GstImAugStep *step = pass->step;
  /* a replayed plan may hold anything finite: kept to what a draw gives */
  guint rows = CLAMP (step->v[0], 1, pass->height);
  guint cols = CLAMP (step->v[1], 1, pass->width);
  guint *splits = (guint *) gst_im_aug_thread_bytes (3,
      (rows + cols + 2) * sizeof (guint));
  DropJob job;

  init_job (&job, pass, step->v + 6, step->v[9]);
  shuffled_splits (&step->key, 16, pass->height, rows, splits);
  shuffled_splits (&step->key, 16 + rows, pass->width, cols, splits + rows +
      1);
  job.ys = splits;
  job.xs = splits + rows + 1;
  job.rows = rows;
  job.cols = cols;
  job.ratio = CLAMP (step->v[2], 0, 1);
  job.random_offset = step->v[3];
  job.shift_x = CLAMP (step->v[4], 0, 1e6);
  job.shift_y = CLAMP (step->v[5], 0, 1e6);
  gst_im_aug_field_key (&step->key, 2, &job.offset_key);
  gst_im_parallel_rows (pass->pool, pass->height, pass->chunk_rows,
      grid_rows, &job);
}

const GstImAugClass gst_im_aug_grid_dropout = {
  .name = "GridDropout",
  .params = grid_params,
  .n_params = G_N_ELEMENTS (grid_params),
  .applied = grid_applied,
  .n_applied = G_N_ELEMENTS (grid_applied),
  .upgrade = upgrade_grid,
  .draw = draw_grid,
  .pixels = pixels_grid,
};
