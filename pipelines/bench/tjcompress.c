/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */

/*
 * tjcompress: the "library limit" of the save benchmark (save.sh).
 *
 * Loads raw RGB frames (WIDTH x HEIGHT, packed) into memory, then compresses
 * N frames in all (cycling over the files) with TurboJPEG on T threads and
 * prints the throughput. No GStreamer, no disk and no allocation while the
 * clock runs: only tjCompress2 () from TJPF_RGB with the settings
 * queue-saver uses (quality Q, 4:2:0, TurboJPEG's default flags, i.e. the
 * fast DCT jpegenc uses too). Each thread has its own tjhandle and one output
 * buffer of tjBufSize () bytes (TJFLAG_NOREALLOC); frames are handed out one
 * at a time from an atomic counter.
 *
 *   tjcompress -w WIDTH -h HEIGHT [-q QUALITY] [-t THREADS] [-n FRAMES]
 *       FRAME.rgb...
 *
 * prints one line, for example
 *
 *   threads=2 frames=200 seconds=0.601234 frames_per_s=332.65 bytes=123456
 *
 * (bytes: the size of the first frame's JPEG). Exit status 1 and a message
 * on any error.
 */

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <turbojpeg.h>

typedef struct
{
  unsigned char **frames;
  int n_files, width, height, quality;
  long total;
  atomic_long next;
  atomic_int failed;
  atomic_ulong first_size;
  pthread_barrier_t start;
} Bench;

static void *
worker_main (void *data)
{
  Bench *b = data;
  tjhandle tj = tjInitCompress ();
  unsigned long bound = tjBufSize (b->width, b->height, TJSAMP_420);
  unsigned char *out = tjAlloc (bound);
  long i;

  if (tj == NULL || out == NULL) {
    fprintf (stderr, "tjcompress: no TurboJPEG handle or memory\n");
    atomic_store (&b->failed, 1);
  }
  pthread_barrier_wait (&b->start);
  while (!atomic_load (&b->failed)
      && (i = atomic_fetch_add (&b->next, 1)) < b->total) {
    unsigned long size = bound;

    if (tjCompress2 (tj, b->frames[i % b->n_files], b->width,
            b->width * 3, b->height, TJPF_RGB, &out, &size, TJSAMP_420,
            b->quality, TJFLAG_NOREALLOC) != 0) {
      fprintf (stderr, "tjcompress: %s\n", tjGetErrorStr2 (tj));
      atomic_store (&b->failed, 1);
      break;
    }
    if (i == 0)
      atomic_store (&b->first_size, size);
  }
  tjFree (out);
  if (tj)
    tjDestroy (tj);
  return NULL;
}

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main (int argc, char **argv)
{
  Bench b = { 0 };
  int threads = 1, opt, i;
  long frames = 100;
  size_t frame_size;
  pthread_t *tids;
  double t0, t1;

  b.quality = 90;
  while ((opt = getopt (argc, argv, "w:h:q:t:n:")) != -1) {
    switch (opt) {
      case 'w':
        b.width = atoi (optarg);
        break;
      case 'h':
        b.height = atoi (optarg);
        break;
      case 'q':
        b.quality = atoi (optarg);
        break;
      case 't':
        threads = atoi (optarg);
        break;
      case 'n':
        frames = atol (optarg);
        break;
      default:
        goto usage;
    }
  }
  if (b.width < 1 || b.height < 1 || threads < 1 || frames < 1
      || optind >= argc)
    goto usage;

  frame_size = (size_t) b.width * b.height * 3;
  b.n_files = argc - optind;
  b.frames = calloc (b.n_files, sizeof (*b.frames));
  for (i = 0; i < b.n_files; i++) {
    FILE *f = fopen (argv[optind + i], "rb");

    b.frames[i] = malloc (frame_size);
    if (f == NULL || fread (b.frames[i], 1, frame_size, f) != frame_size) {
      fprintf (stderr, "tjcompress: %s is not a %dx%d RGB frame\n",
          argv[optind + i], b.width, b.height);
      return 1;
    }
    fclose (f);
  }

  b.total = frames;
  pthread_barrier_init (&b.start, NULL, threads + 1);
  tids = calloc (threads, sizeof (*tids));
  for (i = 0; i < threads; i++)
    pthread_create (&tids[i], NULL, worker_main, &b);
  pthread_barrier_wait (&b.start);
  t0 = now ();
  for (i = 0; i < threads; i++)
    pthread_join (tids[i], NULL);
  t1 = now ();
  if (atomic_load (&b.failed))
    return 1;

  printf ("threads=%d frames=%ld seconds=%.6f frames_per_s=%.2f bytes=%lu\n",
      threads, frames, t1 - t0, frames / (t1 - t0),
      (unsigned long) atomic_load (&b.first_size));
  for (i = 0; i < b.n_files; i++)
    free (b.frames[i]);
  free (b.frames);
  free (tids);
  return 0;

usage:
  fprintf (stderr, "usage: tjcompress -w WIDTH -h HEIGHT [-q QUALITY] "
      "[-t THREADS] [-n FRAMES] FRAME.rgb...\n");
  return 1;
}
