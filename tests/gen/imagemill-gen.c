/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2025 The imagemill authors
 */

/*
 * imagemill-gen: writes reproducible, photo-like test images.
 *
 * Each image is a small synthetic "scene": a sky and a ground gradient split
 * by a (tilted) horizon, value-noise texture whose scale follows a crude
 * perspective, clouds, hard-edged shapes (mountains, buildings with window
 * grids, discs, rotated boxes), a vignette and film grain.  That gives JPEG
 * and PNG encoders a realistic amount of entropy, unlike flat test patterns.
 *
 * Everything comes from the seed through splitmix64 and an integer lattice
 * hash, never from rand(), threads or the clock, so the same arguments give
 * byte-identical files on the same machine and libraries.  A scene depends
 * only on (seed, width, height) in the "tests" set and on (seed, index,
 * width, height) in the "photos" set; files of the same size in the tests
 * set therefore show the same picture, which lets tests compare
 * subsamplings and formats against each other.
 *
 *   imagemill-gen --out DIR [--set tests|photos] [--count N]
 *       [--width W --height H] [--quality Q] [--png] [--seed S]
 *       [--threads T] [--verbose]
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <spng.h>
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

#define DEFAULT_SEED 1
#define DEFAULT_COUNT 10
#define DEFAULT_WIDTH 3840
#define DEFAULT_HEIGHT 2160
#define DEFAULT_QUALITY 90
#define MAX_SHAPES 40

/* ---------------------------------------------------------------------- */
/* Randomness: splitmix64 for scene parameters, a lattice hash for noise.  */

typedef struct
{
  guint64 state;
} GenRng;

static guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static guint64
rng_next (GenRng * rng)
{
  rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return mix64 (rng->state);
}

/* uniform in [lo, hi) */
static double
rng_range (GenRng * rng, double lo, double hi)
{
  double u = (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);

  return lo + (hi - lo) * u;
}

/* uniform in [lo, hi] */
static int
rng_int (GenRng * rng, int lo, int hi)
{
  return lo + (int) (rng_next (rng) % (guint64) (hi - lo + 1));
}

static inline guint32
hash3 (guint32 a, guint32 b, guint32 c)
{
  guint32 h = a * 0x8da6b343u ^ b * 0xd8163841u ^ c * 0xcb1ab31fu;

  h ^= h >> 16;
  h *= 0x7feb352du;
  h ^= h >> 15;
  h *= 0x846ca68bu;
  h ^= h >> 16;
  return h;
}

/* lattice value in [-1, 1) */
static inline float
lattice (gint32 ix, gint32 iy, guint32 seed)
{
  return (hash3 ((guint32) ix, (guint32) iy, seed) >> 8) *
      (2.0f / 16777216.0f) - 1.0f;
}

static inline float
smooth (float t)
{
  return t * t * (3.0f - 2.0f * t);
}

/* Fills @out with fractal value noise along one row, scaled to roughly
 * [-1, 1].  The first octave samples the lattice at (fx0 + x * dfx, fy);
 * each further octave doubles the frequency.  Along a row the lattice
 * column changes only every 1 / dfx pixels, so the corner values are cached
 * and most pixels cost one lerp per octave. */
static void
fbm_row (float *out, int width, double fx0, double dfx, double fy,
    int octaves, float gain, guint32 seed)
{
  float amp = 1.0f, norm = 0.0f;
  int o, x;

  memset (out, 0, sizeof (float) * width);
  for (o = 0; o < octaves; o++) {
    double off = 64.0 + 37.17 * o;
    double oy = fy + off;
    double iyf = floor (oy);
    gint32 iy = (gint32) iyf;
    float ty = smooth ((float) (oy - iyf));
    guint32 s = seed + 0x68e31da4u * (guint32) o;
    gint32 cur = G_MININT32;
    float a0 = 0.0f, a1 = 0.0f;

    for (x = 0; x < width; x++) {
      double fx = fx0 + (x + 0.5) * dfx + off * 1.61;
      double ixf = floor (fx);
      gint32 ix = (gint32) ixf;
      float tx;

      if (ix != cur) {
        float r0, r1;

        if (ix == cur + 1) {
          a0 = a1;
        } else {
          float l0 = lattice (ix, iy, s), l1 = lattice (ix, iy + 1, s);

          a0 = l0 + (l1 - l0) * ty;
        }
        r0 = lattice (ix + 1, iy, s);
        r1 = lattice (ix + 1, iy + 1, s);
        a1 = r0 + (r1 - r0) * ty;
        cur = ix;
      }
      tx = smooth ((float) (fx - ixf));
      out[x] += amp * (a0 + (a1 - a0) * tx);
    }
    norm += amp;
    amp *= gain;
    fx0 *= 2.0;
    dfx *= 2.0;
    fy *= 2.0;
  }
  for (x = 0; x < width; x++)
    out[x] /= norm * 0.5f;
}

/* octaves until the lattice cell of the finest is about 1.2 pixels */
static int
fbm_octaves (double dfx)
{
  return CLAMP ((int) floor (log2 (1.0 / (1.2 * dfx))) + 1, 1, 14);
}

/* ---------------------------------------------------------------------- */
/* Scenes                                                                  */

typedef enum
{
  SHAPE_RECT,
  SHAPE_ELLIPSE,
  SHAPE_POLY
} ShapeKind;

typedef enum
{
  ALPHA_KEEP,
  ALPHA_HOLE,
  ALPHA_OPAQUE
} AlphaMode;

typedef struct
{
  ShapeKind kind;
  double y0, y1;                /* rows covered: [y0, y1) */
  double x0, x1;                /* rect */
  double cx, cy, rx, ry;        /* ellipse; cx, cy also shading centre */
  double px[4], py[4];          /* convex polygon */
  int n_pts;
  float color[3];
  float shade_x, shade_y;
  float tex;
  float opacity;
  int win_px, win_py, win_w, win_h;     /* window grid, win_px 0 = none */
  float win_color[3];
  AlphaMode alpha;
} Shape;

typedef struct
{
  int width, height;
  guint32 seed_tex, seed_var, seed_grain;
  float sky_top[3], sky_hor[3], ground_top[3], ground_bot[3];
  double horizon, tilt;
  double cell;
  float gain;
  float sky_tex, ground_tex, clouds, cloud_thr;
  float grain, vignette;
  Shape shapes[MAX_SHAPES];
  int n_shapes;
} Scene;

static void
hsv_to_rgb (double h, double s, double v, float rgb[3])
{
  double f, p, q, t;
  int i;

  h = (h - floor (h)) * 6.0;
  i = (int) h;
  f = h - i;
  p = v * (1.0 - s);
  q = v * (1.0 - s * f);
  t = v * (1.0 - s * (1.0 - f));
  switch (i) {
    case 0:
      rgb[0] = v, rgb[1] = t, rgb[2] = p;
      break;
    case 1:
      rgb[0] = q, rgb[1] = v, rgb[2] = p;
      break;
    case 2:
      rgb[0] = p, rgb[1] = v, rgb[2] = t;
      break;
    case 3:
      rgb[0] = p, rgb[1] = q, rgb[2] = v;
      break;
    case 4:
      rgb[0] = t, rgb[1] = p, rgb[2] = v;
      break;
    default:
      rgb[0] = v, rgb[1] = p, rgb[2] = q;
      break;
  }
}

static void
random_color (GenRng * rng, float rgb[3])
{
  hsv_to_rgb (rng_range (rng, 0, 1), rng_range (rng, 0.1, 0.8),
      rng_range (rng, 0.15, 0.95), rgb);
}

static double
horizon_at (const Scene * s, double x)
{
  return s->horizon + s->tilt * (x - 0.5 * s->width);
}

static void
scene_add_shape (Scene * s, GenRng * rng, ShapeKind kind, int order)
{
  Shape *sh = &s->shapes[s->n_shapes++];
  double w = s->width, h = s->height, m = MAX (w, h);

  memset (sh, 0, sizeof (*sh));
  sh->kind = kind;
  random_color (rng, sh->color);
  sh->shade_x = rng_range (rng, -0.8, 0.8);
  sh->shade_y = rng_range (rng, -0.8, 0.8);
  sh->tex = rng_range (rng, 0.02, 0.3);
  sh->opacity = rng_range (rng, 0, 1) < 0.75 ? 1.0f : rng_range (rng, 0.5, 0.9);

  if (kind == SHAPE_RECT) {
    /* a building standing on the ground */
    double bw = m * rng_range (rng, 0.03, 0.15);
    double x0 = rng_range (rng, -0.05 * w, w);
    double base = horizon_at (s, x0 + 0.5 * bw) + rng_range (rng, 0, 0.15) * h;

    sh->x0 = x0;
    sh->x1 = x0 + bw;
    sh->y1 = base;
    sh->y0 = base - h * rng_range (rng, 0.08, 0.5);
    sh->cx = 0.5 * (sh->x0 + sh->x1);
    sh->cy = 0.5 * (sh->y0 + sh->y1);
    if (rng_range (rng, 0, 1) < 0.6) {
      sh->win_px = MAX (2, (int) (m * rng_range (rng, 0.004, 0.02)));
      sh->win_py = MAX (2, (int) (sh->win_px * rng_range (rng, 0.8, 1.6)));
      sh->win_w = MAX (1, (int) (sh->win_px * rng_range (rng, 0.3, 0.7)));
      sh->win_h = MAX (1, (int) (sh->win_py * rng_range (rng, 0.3, 0.7)));
      random_color (rng, sh->win_color);
    }
  } else if (kind == SHAPE_ELLIPSE) {
    sh->cx = rng_range (rng, 0, w);
    sh->cy = rng_range (rng, 0, h);
    sh->rx = m * rng_range (rng, 0.01, 0.12);
    sh->ry = sh->rx * rng_range (rng, 0.4, 1.6);
    sh->y0 = sh->cy - sh->ry;
    sh->y1 = sh->cy + sh->ry;
  } else if (order == 0) {
    /* a mountain: a triangle on the horizon */
    double bx = rng_range (rng, -0.2 * w, w);
    double bw = w * rng_range (rng, 0.2, 0.7);
    double ax = bx + bw * rng_range (rng, 0.2, 0.8);

    sh->n_pts = 3;
    sh->px[0] = bx;
    sh->py[0] = horizon_at (s, bx) + 2.0;
    sh->px[1] = bx + bw;
    sh->py[1] = horizon_at (s, bx + bw) + 2.0;
    sh->px[2] = ax;
    sh->py[2] = horizon_at (s, ax) - h * rng_range (rng, 0.05, 0.3);
    sh->tex = rng_range (rng, 0.2, 0.5);
  } else {
    /* a rotated box */
    double cx = rng_range (rng, 0, w), cy = rng_range (rng, 0, h);
    double hw = m * rng_range (rng, 0.005, 0.1);
    double hh = m * rng_range (rng, 0.01, 0.15);
    double a = rng_range (rng, 0, G_PI);
    double c = cos (a), sn = sin (a);
    int i;

    sh->n_pts = 4;
    for (i = 0; i < 4; i++) {
      double u = (i == 0 || i == 3) ? -hw : hw;
      double v = (i < 2) ? -hh : hh;

      sh->px[i] = cx + u * c - v * sn;
      sh->py[i] = cy + u * sn + v * c;
    }
  }
  if (kind == SHAPE_POLY) {
    int i;

    sh->y0 = sh->y1 = sh->py[0];
    sh->cx = sh->cy = 0;
    for (i = 0; i < sh->n_pts; i++) {
      sh->y0 = MIN (sh->y0, sh->py[i]);
      sh->y1 = MAX (sh->y1, sh->py[i]);
      sh->cx += sh->px[i] / sh->n_pts;
      sh->cy += sh->py[i] / sh->n_pts;
    }
  }
}

static void
scene_init (Scene * s, int width, int height, guint64 seed)
{
  GenRng rng = { mix64 (seed) };
  double m = MAX (width, height);
  int i, n;

  memset (s, 0, sizeof (*s));
  s->width = width;
  s->height = height;
  s->seed_tex = (guint32) rng_next (&rng);
  s->seed_var = (guint32) rng_next (&rng);
  s->seed_grain = (guint32) rng_next (&rng);

  if (rng_range (&rng, 0, 1) < 0.3) {
    /* dusk */
    hsv_to_rgb (rng_range (&rng, 0.6, 0.75), rng_range (&rng, 0.3, 0.7),
        rng_range (&rng, 0.3, 0.6), s->sky_top);
    hsv_to_rgb (rng_range (&rng, 0.02, 0.12), rng_range (&rng, 0.4, 0.8),
        rng_range (&rng, 0.8, 1.0), s->sky_hor);
  } else {
    hsv_to_rgb (rng_range (&rng, 0.53, 0.65), rng_range (&rng, 0.35, 0.75),
        rng_range (&rng, 0.6, 0.9), s->sky_top);
    hsv_to_rgb (rng_range (&rng, 0.5, 0.6), rng_range (&rng, 0.05, 0.3),
        rng_range (&rng, 0.85, 1.0), s->sky_hor);
  }
  hsv_to_rgb (rng_range (&rng, 0.05, 0.35), rng_range (&rng, 0.3, 0.7),
      rng_range (&rng, 0.35, 0.65), s->ground_top);
  hsv_to_rgb (rng_range (&rng, 0.05, 0.35), rng_range (&rng, 0.3, 0.8),
      rng_range (&rng, 0.15, 0.4), s->ground_bot);

  s->horizon = height * rng_range (&rng, 0.3, 0.65);
  s->tilt = rng_range (&rng, -0.08, 0.08);
  s->cell = m * rng_range (&rng, 0.15, 0.3);
  s->gain = rng_range (&rng, 0.5, 0.62);
  s->sky_tex = rng_range (&rng, 0.02, 0.06);
  s->ground_tex = rng_range (&rng, 0.3, 0.55);
  s->clouds = rng_range (&rng, 0, 1) < 0.3 ? 0.0f : rng_range (&rng, 0.3, 0.9);
  s->cloud_thr = rng_range (&rng, -0.3, 0.3);
  s->grain = rng_range (&rng, 1.5, 3.0) / 255.0;
  s->vignette = rng_range (&rng, 0.1, 0.35);

  /* back to front: mountains, buildings, then discs and boxes */
  n = rng_int (&rng, 0, 3);
  for (i = 0; i < n; i++)
    scene_add_shape (s, &rng, SHAPE_POLY, 0);
  n = rng_int (&rng, 0, 10);
  for (i = 0; i < n; i++)
    scene_add_shape (s, &rng, SHAPE_RECT, 0);
  n = rng_int (&rng, 4, 20);
  for (i = 0; i < n && s->n_shapes < MAX_SHAPES; i++)
    scene_add_shape (s, &rng, rng_int (&rng, 0, 1) ? SHAPE_ELLIPSE :
        SHAPE_POLY, 1);

  /* alpha: the first two discs punch holes, the first box is opaque */
  n = 0;
  for (i = 0; i < s->n_shapes; i++) {
    if (s->shapes[i].kind == SHAPE_ELLIPSE && n < 2) {
      s->shapes[i].alpha = ALPHA_HOLE;
      n++;
    }
  }
  for (i = s->n_shapes - 1; i >= 0; i--) {
    if (s->shapes[i].kind == SHAPE_POLY && s->shapes[i].n_pts == 4) {
      s->shapes[i].alpha = ALPHA_OPAQUE;
      break;
    }
  }
}

/* Pixel columns [*xa, *xb) whose centres lie inside @sh on row centre @yc.
 * Returns FALSE when the row misses the shape. */
static gboolean
shape_span (const Shape * sh, double yc, int width, int *xa, int *xb)
{
  double lo, hi;

  if (yc < sh->y0 || yc >= sh->y1)
    return FALSE;
  if (sh->kind == SHAPE_RECT) {
    lo = sh->x0;
    hi = sh->x1;
  } else if (sh->kind == SHAPE_ELLIPSE) {
    double dy = (yc - sh->cy) / sh->ry;
    double dx;

    if (dy * dy >= 1.0)
      return FALSE;
    dx = sh->rx * sqrt (1.0 - dy * dy);
    lo = sh->cx - dx;
    hi = sh->cx + dx;
  } else {
    int i, n = 0;

    lo = G_MAXDOUBLE;
    hi = -G_MAXDOUBLE;
    for (i = 0; i < sh->n_pts; i++) {
      int j = (i + 1) % sh->n_pts;
      double x0 = sh->px[i], y0 = sh->py[i], x1 = sh->px[j], y1 = sh->py[j];

      if ((y0 <= yc && yc < y1) || (y1 <= yc && yc < y0)) {
        double x = x0 + (yc - y0) * (x1 - x0) / (y1 - y0);

        lo = MIN (lo, x);
        hi = MAX (hi, x);
        n++;
      }
    }
    if (n < 2)
      return FALSE;
  }
  /* centre x + 0.5 inside (lo, hi) */
  *xa = MAX (0, (int) floor (lo - 0.5) + 1);
  *xb = MIN (width, (int) ceil (hi - 0.5));
  return *xa < *xb;
}

static inline float
clamp01 (float v)
{
  return v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
}

/* Renders row @y as linear floats: @rgb gets 3 * width values, @alpha (if
 * not NULL) width values.  @f1 and @f2 are scratch rows of width floats. */
static void
scene_render_row (const Scene * s, int y, float *rgb, float *alpha, float *f1,
    float *f2)
{
  int w = s->width, h = s->height, x, i, c;
  double yc = y + 0.5, m = MAX (w, h);
  double hy = horizon_at (s, 0.5 * w);
  double fx0, dfx, fy;

  if (yc < hy) {
    /* sky: isotropic texture */
    dfx = 2.0 / s->cell;
    fx0 = 0.0;
    fy = yc * dfx;
  } else {
    /* ground: a plane seen in perspective.  A row at distance d below the
     * horizon shows the plane at depth D / d (D: distance of the bottom
     * row), so a pixel covers 1 / d across and 1 / d^2 along the view;
     * at the bottom row the texture cell is s->cell pixels both ways. */
    double big_d = MAX (1.0, h - hy);
    double d = MAX (yc - hy, 0.01 * big_d);

    dfx = big_d / (d * s->cell);
    fx0 = -0.5 * w * dfx;
    fy = big_d * big_d / (d * s->cell);
  }
  fbm_row (f1, w, fx0, dfx, fy, fbm_octaves (dfx), s->gain, s->seed_tex);
  fbm_row (f2, w, 0.0, 1.0 / (m * 0.35), yc / (m * 0.35), 4, 0.5f, s->seed_var);

  for (x = 0; x < w; x++) {
    double xc = x + 0.5;
    double hx = horizon_at (s, xc);
    float *p = rgb + 3 * x;

    if (yc < hx) {
      float t = (float) (yc / MAX (1.0, hx));
      float cl = clamp01 ((f2[x] - s->cloud_thr) * 2.5f) * s->clouds;
      float shade = 0.85f + 0.15f * f1[x];

      for (c = 0; c < 3; c++) {
        float v = s->sky_top[c] + (s->sky_hor[c] - s->sky_top[c]) * t;

        v *= 1.0f + s->sky_tex * f1[x];
        p[c] = v + (shade * 0.97f - v) * cl;
      }
    } else {
      float t = (float) ((yc - hx) / MAX (1.0, h - hx));
      float tex = 1.0f + s->ground_tex * f1[x];
      float haze = (1.0f - t) * (1.0f - t);

      /* haze towards the horizon, as in aerial perspective */
      haze *= haze * haze * 0.8f;
      for (c = 0; c < 3; c++) {
        float v = s->ground_top[c] + (s->ground_bot[c] - s->ground_top[c]) * t;

        v *= tex * (1.0f + 0.25f * f2[x] * (c - 1));
        p[c] = v + (s->sky_hor[c] - v) * haze;
      }
    }
    if (alpha) {
      double dx = (xc - 0.5 * w) / (0.5 * w), dy = (yc - 0.5 * h) / (0.5 * h);

      alpha[x] = clamp01 ((float) (1.25 - 0.7 * (dx * dx + dy * dy)) +
          0.2f * f2[x]);
    }
  }

  for (i = 0; i < s->n_shapes; i++) {
    const Shape *sh = &s->shapes[i];
    int xa, xb;
    float sy = (float) ((yc - sh->cy) / h) * sh->shade_y;

    if (!shape_span (sh, yc, w, &xa, &xb))
      continue;
    for (x = xa; x < xb; x++) {
      float k = (1.0f + (float) ((x + 0.5 - sh->cx) / w) * sh->shade_x + sy) *
          (1.0f + sh->tex * f1[x]);
      const float *col = sh->color;
      float *p = rgb + 3 * x;

      if (sh->win_px) {
        int wx = (int) (x - sh->x0), wy = (int) (y - sh->y0);

        if (wx % sh->win_px < sh->win_w && wy % sh->win_py < sh->win_h &&
            wx > sh->win_px / 2 && wy > sh->win_py / 2)
          col = sh->win_color;
      }
      for (c = 0; c < 3; c++)
        p[c] += (col[c] * k - p[c]) * sh->opacity;
      if (alpha && sh->alpha == ALPHA_HOLE)
        alpha[x] = 0.0f;
      else if (alpha && sh->alpha == ALPHA_OPAQUE)
        alpha[x] = 1.0f;
    }
  }

  /* vignette and grain: luma grain plus a little chroma grain, from a
   * per-pixel hash (triangular distribution) */
  for (x = 0; x < w; x++) {
    double dx = (x + 0.5 - 0.5 * w) / m, dy = (yc - 0.5 * h) / m;
    float vig = 1.0f - s->vignette * (float) (dx * dx + dy * dy) * 2.0f;
    guint32 r = hash3 ((guint32) x, (guint32) y, s->seed_grain);
    float g = ((float) (r & 0xff) + (float) ((r >> 8) & 0xff) - 255.0f) *
        (s->grain / 255.0f) * 2.0f;
    float cr = ((float) ((r >> 16) & 0xff) - 127.5f) * (s->grain / 255.0f);
    float cb = ((float) (r >> 24) - 127.5f) * (s->grain / 255.0f);
    float *p = rgb + 3 * x;

    p[0] = p[0] * vig + g + cr;
    p[1] = p[1] * vig + g;
    p[2] = p[2] * vig + g + cb;
  }
}

/* ---------------------------------------------------------------------- */
/* Pixel formats                                                           */

typedef enum
{
  FMT_RGB,
  FMT_RGBA,
  FMT_GRAY,
  FMT_GRAYA,
  FMT_PALETTE,
  FMT_PALETTE_TRNS,
  FMT_RGB16,
  FMT_RGBA16,
  FMT_GRAY16
} PixFmt;

static const struct
{
  const gchar *name;
  int channels, bytes, color_type;
} pix_fmts[] = {
  [FMT_RGB] = {"rgb", 3, 1, SPNG_COLOR_TYPE_TRUECOLOR},
  [FMT_RGBA] = {"rgba", 4, 1, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA},
  [FMT_GRAY] = {"gray", 1, 1, SPNG_COLOR_TYPE_GRAYSCALE},
  [FMT_GRAYA] = {"graya", 2, 1, SPNG_COLOR_TYPE_GRAYSCALE_ALPHA},
  [FMT_PALETTE] = {"palette", 1, 1, SPNG_COLOR_TYPE_INDEXED},
  [FMT_PALETTE_TRNS] = {"palette_trns", 1, 1, SPNG_COLOR_TYPE_INDEXED},
  [FMT_RGB16] = {"rgb16", 3, 2, SPNG_COLOR_TYPE_TRUECOLOR},
  [FMT_RGBA16] = {"rgba16", 4, 2, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA},
  [FMT_GRAY16] = {"gray16", 1, 2, SPNG_COLOR_TYPE_GRAYSCALE},
};

/* The palette is a 6x7x6 colour cube (indices 0-251), then one fully
 * transparent entry (252) and three half-transparent greys (253-255). */
#define PAL_CUBE 252

static const guint8 bayer4[16] = {
  0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5
};

static void
palette_fill (struct spng_plte *plte, struct spng_trns *trns)
{
  int i;

  memset (plte, 0, sizeof (*plte));
  plte->n_entries = 256;
  for (i = 0; i < PAL_CUBE; i++) {
    plte->entries[i].red = (i / 42) * 255 / 5;
    plte->entries[i].green = (i / 6 % 7) * 255 / 6;
    plte->entries[i].blue = (i % 6) * 255 / 5;
  }
  for (i = PAL_CUBE + 1; i < 256; i++) {
    int v = (i - PAL_CUBE) * 255 / 4;

    plte->entries[i].red = plte->entries[i].green = plte->entries[i].blue = v;
  }
  if (trns) {
    memset (trns, 0, sizeof (*trns));
    trns->n_type3_entries = 256;
    for (i = 0; i < 256; i++)
      trns->type3_alpha[i] = i < PAL_CUBE ? 255 : (i == PAL_CUBE ? 0 : 128);
  }
}

static inline int
quant8 (float v)
{
  return (int) (clamp01 (v) * 255.0f + 0.5f);
}

static inline int
quant16 (float v)
{
  return (int) (clamp01 (v) * 65535.0f + 0.5f);
}

static inline float
luma (const float *p)
{
  return 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
}

/* Stores one rendered row into @dst in format @fmt (16-bit samples in host
 * order, as spng's SPNG_FMT_PNG expects). */
static void
store_row (PixFmt fmt, int width, int y, const float *rgb, const float *alpha,
    guint8 * dst)
{
  guint16 *d16 = (guint16 *) dst;
  int x, c;

  for (x = 0; x < width; x++) {
    const float *p = rgb + 3 * x;

    switch (fmt) {
      case FMT_RGB:
      case FMT_RGBA:
        for (c = 0; c < 3; c++)
          *dst++ = quant8 (p[c]);
        if (fmt == FMT_RGBA)
          *dst++ = quant8 (alpha[x]);
        break;
      case FMT_GRAY:
      case FMT_GRAYA:
        *dst++ = quant8 (luma (p));
        if (fmt == FMT_GRAYA)
          *dst++ = quant8 (alpha[x]);
        break;
      case FMT_PALETTE:
      case FMT_PALETTE_TRNS:{
        float d = (bayer4[(y & 3) * 4 + (x & 3)] + 0.5f) / 16.0f;
        int r = (int) (clamp01 (p[0]) * 5.0f + d);
        int g = (int) (clamp01 (p[1]) * 6.0f + d);
        int b = (int) (clamp01 (p[2]) * 5.0f + d);

        if (fmt == FMT_PALETTE_TRNS && alpha[x] < 0.25f)
          *dst++ = PAL_CUBE;
        else if (fmt == FMT_PALETTE_TRNS && alpha[x] < 0.5f)
          *dst++ = PAL_CUBE + 1 + MIN (2, (int) (clamp01 (luma (p)) * 3.0f));
        else
          *dst++ = r * 42 + g * 6 + b;
        break;
      }
      case FMT_RGB16:
      case FMT_RGBA16:
        for (c = 0; c < 3; c++)
          *d16++ = quant16 (p[c]);
        if (fmt == FMT_RGBA16)
          *d16++ = quant16 (alpha[x]);
        break;
      case FMT_GRAY16:
        *d16++ = quant16 (luma (p));
        break;
    }
  }
}

static gboolean
fmt_has_alpha (PixFmt fmt)
{
  return fmt == FMT_RGBA || fmt == FMT_GRAYA || fmt == FMT_PALETTE_TRNS ||
      fmt == FMT_RGBA16;
}

/* Renders the whole scene into a new buffer of @fmt; g_free() it. */
static guint8 *
render_image (const Scene * s, PixFmt fmt, gsize * stride_out)
{
  int w = s->width, h = s->height, y;
  gsize stride = (gsize) w * pix_fmts[fmt].channels * pix_fmts[fmt].bytes;
  guint8 *img = g_malloc (stride * h);
  float *rgb = g_new (float, 3 * (gsize) w);
  float *alpha = fmt_has_alpha (fmt) ? g_new (float, w) : NULL;
  float *f1 = g_new (float, w), *f2 = g_new (float, w);

  for (y = 0; y < h; y++) {
    scene_render_row (s, y, rgb, alpha, f1, f2);
    store_row (fmt, w, y, rgb, alpha, img + stride * y);
  }
  g_free (rgb);
  g_free (alpha);
  g_free (f1);
  g_free (f2);
  *stride_out = stride;
  return img;
}

/* ---------------------------------------------------------------------- */
/* Encoders                                                                */

typedef struct
{
  gboolean png;
  int width, height;
  PixFmt fmt;                   /* PNG: any; JPEG: FMT_RGB or FMT_GRAY */
  int subsamp;                  /* JPEG: TJSAMP_* */
  int quality;
  gboolean progressive;         /* JPEG progressive, PNG Adam7 */
  guint64 seed;
  gchar *name;
} GenItem;

static const gchar *samp_names[] = {
  [TJSAMP_444] = "444",
  [TJSAMP_422] = "422",
  [TJSAMP_420] = "420",
  [TJSAMP_GRAY] = "gray",
  [TJSAMP_440] = "440",
  [TJSAMP_411] = "411",
};

/* A fresh handle per image: a TurboJPEG 2.1 compressor keeps state from a
 * progressive encode (optimized Huffman tables) into the next baseline one,
 * which would make the output depend on the order of the images. */
static gboolean
encode_jpeg (const GenItem * it, const guint8 * img, guint8 ** out,
    gsize * out_len, GError ** error)
{
  tjhandle tj = tjInitCompress ();
  unsigned char *jpeg = NULL;
  unsigned long size = 0;
  int pf = it->subsamp == TJSAMP_GRAY ? TJPF_GRAY : TJPF_RGB;
  int flags = it->progressive ? TJFLAG_PROGRESSIVE : 0;

  if (tj == NULL) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
        "TurboJPEG could not create a compressor: %s", tjGetErrorStr2 (NULL));
    return FALSE;
  }
  if (tjCompress2 (tj, img, it->width, 0, it->height, pf, &jpeg, &size,
          it->subsamp, it->quality, flags) != 0) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
        "TurboJPEG could not encode %s: %s", it->name, tjGetErrorStr2 (tj));
    tjFree (jpeg);
    tjDestroy (tj);
    return FALSE;
  }
  *out = g_memdup2 (jpeg, size);
  *out_len = size;
  tjFree (jpeg);
  tjDestroy (tj);
  return TRUE;
}

static gboolean
encode_png (const GenItem * it, const guint8 * img, gsize len,
    guint8 ** out, gsize * out_len, GError ** error)
{
  spng_ctx *ctx = spng_ctx_new (SPNG_CTX_ENCODER);
  struct spng_ihdr ihdr = { 0 };
  struct spng_plte plte;
  struct spng_trns trns;
  void *png;
  size_t png_len = 0;
  int ret;

  if (ctx == NULL) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
        "spng could not create an encoder for %s", it->name);
    return FALSE;
  }
  ihdr.width = it->width;
  ihdr.height = it->height;
  ihdr.bit_depth = 8 * pix_fmts[it->fmt].bytes;
  ihdr.color_type = pix_fmts[it->fmt].color_type;
  ihdr.interlace_method = it->progressive ? SPNG_INTERLACE_ADAM7 :
      SPNG_INTERLACE_NONE;

  if ((ret = spng_set_option (ctx, SPNG_ENCODE_TO_BUFFER, 1)) ||
      (ret = spng_set_ihdr (ctx, &ihdr)))
    goto failed;
  if (it->fmt == FMT_PALETTE || it->fmt == FMT_PALETTE_TRNS) {
    palette_fill (&plte, it->fmt == FMT_PALETTE_TRNS ? &trns : NULL);
    if ((ret = spng_set_plte (ctx, &plte)))
      goto failed;
    if (it->fmt == FMT_PALETTE_TRNS && (ret = spng_set_trns (ctx, &trns)))
      goto failed;
  }
  if ((ret = spng_encode_image (ctx, img, len, SPNG_FMT_PNG,
              SPNG_ENCODE_FINALIZE)))
    goto failed;
  png = spng_get_png_buffer (ctx, &png_len, &ret);
  if (png == NULL)
    goto failed;
  *out = g_memdup2 (png, png_len);
  *out_len = png_len;
  free (png);
  spng_ctx_free (ctx);
  return TRUE;

  /* ERRORS */
failed:
  {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
        "spng could not encode %s: %s", it->name, spng_strerror (ret));
    spng_ctx_free (ctx);
    return FALSE;
  }
}

/* ---------------------------------------------------------------------- */
/* Jobs                                                                    */

typedef struct
{
  const gchar *dir;
  GPtrArray *items;             /* GenItem */
  gboolean verbose;
  gint next;                    /* atomic: next item to make */
  GMutex lock;
  GError *error;                /* first error, under lock */
} GenJob;

static gboolean
make_item (GenJob * job, const GenItem * it, GError ** error)
{
  Scene *scene = g_new (Scene, 1);
  gsize stride, len = 0;
  guint8 *img, *data = NULL;
  gchar *path;
  gboolean ok;

  scene_init (scene, it->width, it->height, it->seed);
  img = render_image (scene, it->fmt, &stride);
  if (it->png)
    ok = encode_png (it, img, stride * it->height, &data, &len, error);
  else
    ok = encode_jpeg (it, img, &data, &len, error);
  g_free (img);
  g_free (scene);
  if (!ok)
    return FALSE;

  path = g_build_filename (job->dir, it->name, NULL);
  ok = g_file_set_contents_full (path, (const gchar *) data, len,
      G_FILE_SET_CONTENTS_CONSISTENT, 0666, error);
  if (ok && job->verbose) {
    g_mutex_lock (&job->lock);
    g_print ("%s %dx%d %" G_GSIZE_FORMAT " bytes\n", path, it->width,
        it->height, len);
    g_mutex_unlock (&job->lock);
  }
  g_free (path);
  g_free (data);
  return ok;
}

static gpointer
gen_worker (gpointer data)
{
  GenJob *job = data;
  GError *err = NULL;
  guint i;

  while ((i = (guint) g_atomic_int_add (&job->next, 1)) < job->items->len) {
    if (!make_item (job, g_ptr_array_index (job->items, i), &err)) {
      g_mutex_lock (&job->lock);
      if (job->error == NULL)
        job->error = err;
      else
        g_error_free (err);
      err = NULL;
      g_atomic_int_set (&job->next, (gint) job->items->len);
      g_mutex_unlock (&job->lock);
      break;
    }
  }
  return NULL;
}

static void
gen_item_free (gpointer data)
{
  GenItem *it = data;

  g_free (it->name);
  g_free (it);
}

static GenItem *
gen_item_new (gboolean png, int width, int height, PixFmt fmt, int subsamp,
    int quality, gboolean progressive, guint64 seed)
{
  GenItem *it = g_new0 (GenItem, 1);

  it->png = png;
  it->width = width;
  it->height = height;
  it->fmt = fmt;
  it->subsamp = subsamp;
  it->quality = quality;
  it->progressive = progressive;
  it->seed = seed;
  return it;
}

/* the tests set: scenes depend on (seed, width, height) only */
static void
add_tests_set (GPtrArray * items, guint64 seed)
{
  static const struct
  {
    int samp, quality, prog, w, h;
  } jpegs[] = {
    {TJSAMP_420, 90, 0, 1, 1}, {TJSAMP_GRAY, 90, 0, 1, 1},
    {TJSAMP_420, 85, 0, 7, 3}, {TJSAMP_444, 90, 0, 7, 3},
    {TJSAMP_420, 90, 0, 333, 257}, {TJSAMP_422, 85, 0, 333, 257},
    {TJSAMP_444, 95, 0, 333, 257}, {TJSAMP_440, 90, 0, 333, 257},
    {TJSAMP_411, 80, 0, 333, 257}, {TJSAMP_GRAY, 90, 0, 333, 257},
    {TJSAMP_444, 85, 1, 333, 257}, {TJSAMP_GRAY, 90, 1, 333, 257},
    {TJSAMP_420, 90, 0, 640, 480}, {TJSAMP_422, 90, 0, 640, 480},
    {TJSAMP_444, 90, 0, 640, 480}, {TJSAMP_GRAY, 75, 0, 640, 480},
    {TJSAMP_420, 90, 1, 640, 480}, {TJSAMP_420, 75, 0, 1024, 768},
    {TJSAMP_420, 95, 0, 1024, 768}, {TJSAMP_422, 80, 1, 1024, 768},
    {TJSAMP_420, 90, 0, 1920, 1080}, {TJSAMP_420, 90, 0, 17, 2049},
    {TJSAMP_444, 90, 0, 2049, 17},
  };
  static const struct
  {
    PixFmt fmt;
    int adam7, w, h;
  } pngs[] = {
    {FMT_RGB, 0, 1, 1}, {FMT_RGB, 0, 7, 3}, {FMT_RGB, 0, 333, 257},
    {FMT_RGB, 0, 640, 480}, {FMT_RGB, 0, 17, 2049},
    {FMT_RGBA, 0, 7, 3}, {FMT_RGBA, 0, 333, 257},
    {FMT_GRAY, 0, 333, 257}, {FMT_GRAYA, 0, 333, 257},
    {FMT_PALETTE, 0, 333, 257}, {FMT_PALETTE_TRNS, 0, 333, 257},
    {FMT_RGB16, 0, 333, 257}, {FMT_RGBA16, 0, 160, 120},
    {FMT_GRAY16, 0, 333, 257},
    {FMT_RGB, 1, 1, 1}, {FMT_GRAY, 1, 7, 3}, {FMT_RGB, 1, 333, 257},
    {FMT_RGBA, 1, 160, 120}, {FMT_PALETTE, 1, 160, 120},
    {FMT_RGB16, 1, 160, 120},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (jpegs); i++) {
    GenItem *it = gen_item_new (FALSE, jpegs[i].w, jpegs[i].h,
        jpegs[i].samp == TJSAMP_GRAY ? FMT_GRAY : FMT_RGB, jpegs[i].samp,
        jpegs[i].quality, jpegs[i].prog,
        seed ^ ((guint64) jpegs[i].w << 32 | (guint64) jpegs[i].h));

    it->name = g_strdup_printf ("jpeg_%s%s_q%d_%dx%d.jpg",
        samp_names[jpegs[i].samp], jpegs[i].prog ? "_progressive" : "",
        jpegs[i].quality, jpegs[i].w, jpegs[i].h);
    g_ptr_array_add (items, it);
  }
  for (i = 0; i < G_N_ELEMENTS (pngs); i++) {
    GenItem *it = gen_item_new (TRUE, pngs[i].w, pngs[i].h, pngs[i].fmt, 0,
        0, pngs[i].adam7,
        seed ^ ((guint64) pngs[i].w << 32 | (guint64) pngs[i].h));

    it->name = g_strdup_printf ("png_%s%s_%dx%d.png",
        pix_fmts[pngs[i].fmt].name, pngs[i].adam7 ? "_adam7" : "",
        pngs[i].w, pngs[i].h);
    g_ptr_array_add (items, it);
  }
}

/* the photos set: one scene per index */
static void
add_photos_set (GPtrArray * items, guint64 seed, int count, int width,
    int height, int quality, gboolean with_png)
{
  int i;

  for (i = 0; i < count; i++) {
    gboolean png = with_png && i % 4 == 3;
    guint64 s = mix64 (seed + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) *
        (guint64) (i + 1)) ^ ((guint64) width << 32 | (guint64) height);
    GenItem *it = gen_item_new (png, width, height, FMT_RGB, TJSAMP_420,
        quality, FALSE, s);

    it->name = g_strdup_printf ("photo_%04d.%s", i, png ? "png" : "jpg");
    g_ptr_array_add (items, it);
  }
}

int
main (int argc, char **argv)
{
  gchar *out = NULL, *set = NULL;
  gint count = -1, width = -1, height = -1, quality = -1, threads = 0;
  gint64 seed = DEFAULT_SEED;
  gboolean with_png = FALSE, verbose = FALSE;
  GOptionEntry entries[] = {
    {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
        "Directory to write to (created if missing)", "DIR"},
    {"set", 0, 0, G_OPTION_ARG_STRING, &set,
        "Which images: tests (default: a small varied set) or photos", "NAME"},
    {"count", 'n', 0, G_OPTION_ARG_INT, &count,
        "photos: number of images (default 10)", "N"},
    {"width", 'W', 0, G_OPTION_ARG_INT, &width,
        "photos: width in pixels (default 3840)", "W"},
    {"height", 'H', 0, G_OPTION_ARG_INT, &height,
        "photos: height in pixels (default 2160)", "H"},
    {"quality", 'q', 0, G_OPTION_ARG_INT, &quality,
        "photos: JPEG quality 1-100 (default 90)", "Q"},
    {"png", 0, 0, G_OPTION_ARG_NONE, &with_png,
        "photos: write every 4th image (photo_0003, 0007, ...) as PNG "
          "instead of JPEG, for mixed folders", NULL},
    {"seed", 's', 0, G_OPTION_ARG_INT64, &seed,
        "Seed: the same arguments give byte-identical files (default 1)", "S"},
    {"threads", 'j', 0, G_OPTION_ARG_INT, &threads,
        "Threads (default 0 = one per core; never changes the output)", "T"},
    {"verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
        "Print one line per file written", NULL},
    {NULL}
  };
  GOptionContext *ctx;
  GError *err = NULL;
  GPtrArray *items;
  GPtrArray *workers;
  GenJob job = { 0 };
  gboolean photos;
  guint i;

  setlocale (LC_ALL, "");
  ctx = g_option_context_new ("- write reproducible photo-like test images");
  g_option_context_set_summary (ctx,
      "Writes JPEG and PNG images of synthetic scenes (gradients, texture, "
      "hard edges, grain),\nreproducible from --seed.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("imagemill-gen: %s\n", err->message);
    return 1;
  }
  g_option_context_free (ctx);

  if (argc > 1) {
    g_printerr ("imagemill-gen: unexpected argument \"%s\"\n", argv[1]);
    return 1;
  }
  if (out == NULL) {
    g_printerr ("imagemill-gen: --out DIR is required (see --help)\n");
    return 1;
  }
  if (set == NULL || g_strcmp0 (set, "tests") == 0) {
    photos = FALSE;
  } else if (g_strcmp0 (set, "photos") == 0) {
    photos = TRUE;
  } else {
    g_printerr ("imagemill-gen: unknown set \"%s\" (use tests or photos)\n",
        set);
    return 1;
  }
  if (!photos && (count >= 0 || width >= 0 || height >= 0 || quality >= 0 ||
          with_png)) {
    g_printerr ("imagemill-gen: --count, --width, --height, --quality and "
        "--png apply to --set photos only\n");
    return 1;
  }
  if (count < 0)
    count = DEFAULT_COUNT;
  if (width < 0)
    width = DEFAULT_WIDTH;
  if (height < 0)
    height = DEFAULT_HEIGHT;
  if (quality < 0)
    quality = DEFAULT_QUALITY;
  if (width < 1 || height < 1 || width > 65500 || height > 65500) {
    g_printerr ("imagemill-gen: size %dx%d out of range (1-65500)\n", width,
        height);
    return 1;
  }
  if (quality < 1 || quality > 100) {
    g_printerr ("imagemill-gen: quality %d out of range (1-100)\n", quality);
    return 1;
  }
  if (threads < 0) {
    g_printerr ("imagemill-gen: --threads must be 0 or more\n");
    return 1;
  }
  if (g_mkdir_with_parents (out, 0777) != 0) {
    g_printerr ("imagemill-gen: cannot create directory \"%s\": %s\n", out,
        g_strerror (errno));
    return 1;
  }

  items = g_ptr_array_new_with_free_func (gen_item_free);
  if (photos)
    add_photos_set (items, (guint64) seed, count, width, height, quality,
        with_png);
  else
    add_tests_set (items, (guint64) seed);

  if (threads == 0)
    threads = (gint) g_get_num_processors ();
  threads = CLAMP (threads, 1, (gint) MAX (1, items->len));

  job.dir = out;
  job.items = items;
  job.verbose = verbose;
  g_mutex_init (&job.lock);
  workers = g_ptr_array_new ();
  for (i = 1; i < (guint) threads; i++)
    g_ptr_array_add (workers, g_thread_new ("gen", gen_worker, &job));
  gen_worker (&job);
  for (i = 0; i < workers->len; i++)
    g_thread_join (g_ptr_array_index (workers, i));
  g_ptr_array_free (workers, TRUE);
  g_mutex_clear (&job.lock);
  g_ptr_array_free (items, TRUE);

  if (job.error) {
    g_printerr ("imagemill-gen: %s\n", job.error->message);
    g_error_free (job.error);
    return 1;
  }
  g_free (out);
  g_free (set);
  return 0;
}
