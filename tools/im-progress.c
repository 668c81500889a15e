/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * The progress line on stderr. On a terminal, one line redrawn in place
 * (at most 10 times a second): a bar, done/total, percent, images/s, ETA
 * and skipped. Elsewhere (CI logs, a pipe) a plain line when the total is
 * known, then every few seconds and at the end, since carriage returns
 * make a mess of a log file.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <unistd.h>

#include "im-tool.h"

#define TTY_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)
#define PLAIN_INTERVAL_US (5 * G_TIME_SPAN_SECOND)
#define BAR_WIDTH 24

typedef enum
{
  MODE_NONE, MODE_TTY, MODE_PLAIN
} Mode;

struct _ImProgress
{
  Mode mode;
  gint64 t_start, t_last;
  gboolean drawn;               /* a tty line is on screen */
};

ImProgress *
im_progress_new (gboolean quiet)
{
  ImProgress *progress = g_new0 (ImProgress, 1);

  if (quiet)
    progress->mode = MODE_NONE;
  else
    progress->mode = isatty (STDERR_FILENO) ? MODE_TTY : MODE_PLAIN;
  progress->t_start = g_get_monotonic_time ();
  return progress;
}

static void
format_duration (gchar * buf, gsize size, gdouble seconds)
{
  guint64 s = (guint64) (seconds + 0.5);

  if (s >= 3600)
    g_snprintf (buf, size, "%" G_GUINT64_FORMAT ":%02u:%02u", s / 3600,
        (guint) (s / 60 % 60), (guint) (s % 60));
  else
    g_snprintf (buf, size, "%u:%02u", (guint) (s / 60), (guint) (s % 60));
}

static void
draw (ImProgress * progress, const ImTally * tally, gint64 now)
{
  guint64 done = im_tally_done (tally), total = tally->items_in;
  gdouble elapsed = (now - progress->t_start) / (gdouble) G_TIME_SPAN_SECOND;
  gdouble rate = elapsed > 0 ? done / elapsed : 0;
  gdouble fraction = total ? (gdouble) done / total : 0;
  gchar eta[32] = "-:--", bar[BAR_WIDTH + 1];
  guint i, filled = (guint) (fraction * BAR_WIDTH);

  if (rate > 0 && total >= done)
    format_duration (eta, sizeof (eta), (total - done) / rate);
  if (progress->mode == MODE_TTY) {
    for (i = 0; i < BAR_WIDTH; i++)
      bar[i] = i < filled ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    fprintf (stderr, "\r\033[K[%s] %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
        " %3.0f%%  %.1f images/s  ETA %s  skipped %" G_GUINT64_FORMAT, bar,
        done, total, fraction * 100, rate, eta, tally->n_skipped);
    progress->drawn = TRUE;
  } else {
    fprintf (stderr, "imagemill: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
        " (%.0f%%), %.1f images/s, ETA %s, %" G_GUINT64_FORMAT " skipped\n",
        done, total, fraction * 100, rate, eta, tally->n_skipped);
  }
  fflush (stderr);
  progress->t_last = now;
}

void
im_progress_update (ImProgress * progress, const ImTally * tally)
{
  gint64 now = g_get_monotonic_time ();

  if (progress->mode == MODE_NONE || !tally->has_source)
    return;
  if (progress->mode == MODE_TTY && now - progress->t_last < TTY_INTERVAL_US)
    return;
  /* plain: the first line once the total is known, then every few s */
  if (progress->mode == MODE_PLAIN && progress->t_last != 0
      && now - progress->t_last < PLAIN_INTERVAL_US)
    return;
  draw (progress, tally, now);
}

/* The last line, with the final counts, then a new line for what follows. */
void
im_progress_finish (ImProgress * progress, const ImTally * tally)
{
  if (progress->mode == MODE_NONE || !tally->has_source)
    return;
  draw (progress, tally, g_get_monotonic_time ());
  if (progress->drawn)
    fputc ('\n', stderr);
  fflush (stderr);
}

void
im_progress_free (ImProgress * progress)
{
  g_free (progress);
}
