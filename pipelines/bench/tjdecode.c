/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2025 The imagemill authors
 */

/*
 * tjdecode: the "library limit" of the decode benchmark (decode.sh).
 *
 * Loads every JPEG given on the command line into memory, then decodes them
 * all with TurboJPEG on T threads, R rounds, and prints the throughput.  No
 * GStreamer, no file reads and no allocations while the clock runs: only
 * tjDecompress2 () to TJPF_RGB with flags 0 (accurate DCT, fancy
 * upsampling, as jpegdec and decoder-pool use).  Each thread has its own
 * tjhandle and one reusable output buffer; the images are handed out one
 * at a time from an atomic counter, so a slow image never holds up a whole
 * share of the work.
 *
 *   tjdecode [-t THREADS] [-r ROUNDS] FILE.jpg...
 *
 * prints one machine-readable line, for example
 *
 *   threads=4 rounds=1 images=40 mpix=331.776 seconds=1.234567
 *   images_per_s=32.40 mpix_per_s=268.74
 *
 * (on one line).  Exit status 1 and a message naming the file on any error.
 */

#include <errno.h>
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
  const char *path;
  unsigned char *data;
  unsigned long size;
  int width, height;
} JpegFile;

typedef struct
{
  JpegFile *files;
  size_t n_files;
  size_t total;                 /* n_files * rounds */
  size_t max_pixels;
  atomic_size_t next;           /* next job to claim */
  atomic_int failed;
  pthread_barrier_t start;
  pthread_mutex_t lock;         /* guards stderr messages */
} Bench;

typedef struct
{
  Bench *bench;
  pthread_t thread;
  size_t decoded;
} Worker;

static void
stop_all (Bench * b)
{
  atomic_store (&b->failed, 1);
  atomic_store (&b->next, b->total);
}

static void *
worker_main (void *data)
{
  Worker *w = data;
  Bench *b = w->bench;
  tjhandle tj = tjInitDecompress ();
  unsigned char *out = malloc (b->max_pixels * 3);
  size_t i;

  if (tj == NULL || out == NULL) {
    pthread_mutex_lock (&b->lock);
    fprintf (stderr, "tjdecode: cannot set up a worker: %s\n",
        tj ? "out of memory" : tjGetErrorStr2 (NULL));
    pthread_mutex_unlock (&b->lock);
    stop_all (b);
  } else {
    /* fault the pages in before the clock starts */
    memset (out, 0, b->max_pixels * 3);
  }
  pthread_barrier_wait (&b->start);

  while ((i = atomic_fetch_add (&b->next, 1)) < b->total) {
    const JpegFile *f = &b->files[i % b->n_files];

    if (tjDecompress2 (tj, f->data, f->size, out, f->width, 0, f->height,
            TJPF_RGB, 0) != 0 && tjGetErrorCode (tj) == TJERR_FATAL) {
      pthread_mutex_lock (&b->lock);
      fprintf (stderr, "tjdecode: cannot decode \"%s\": %s\n", f->path,
          tjGetErrorStr2 (tj));
      pthread_mutex_unlock (&b->lock);
      stop_all (b);
      break;
    }
    w->decoded++;
  }
  free (out);
  if (tj)
    tjDestroy (tj);
  return NULL;
}

static int
load_file (JpegFile * f, tjhandle tj)
{
  FILE *fp = fopen (f->path, "rb");
  long len;
  int subsamp, colorspace;

  if (fp == NULL)
    goto io_error;
  if (fseek (fp, 0, SEEK_END) != 0 || (len = ftell (fp)) < 0 ||
      fseek (fp, 0, SEEK_SET) != 0)
    goto io_error;
  f->size = (unsigned long) len;
  f->data = malloc (len > 0 ? len : 1);
  if (f->data == NULL) {
    fprintf (stderr, "tjdecode: out of memory reading \"%s\"\n", f->path);
    fclose (fp);
    return -1;
  }
  if (fread (f->data, 1, len, fp) != (size_t) len)
    goto io_error;
  fclose (fp);

  if (tjDecompressHeader3 (tj, f->data, f->size, &f->width, &f->height,
          &subsamp, &colorspace) != 0) {
    fprintf (stderr, "tjdecode: \"%s\" is not a JPEG TurboJPEG can read: "
        "%s\n", f->path, tjGetErrorStr2 (tj));
    return -1;
  }
  return 0;

  /* ERRORS */
io_error:
  {
    fprintf (stderr, "tjdecode: cannot read \"%s\": %s\n", f->path,
        strerror (errno));
    if (fp)
      fclose (fp);
    return -1;
  }
}

static void
usage (FILE * out)
{
  fprintf (out, "Usage: tjdecode [-t THREADS] [-r ROUNDS] FILE.jpg...\n"
      "Decodes the files with TurboJPEG (to RGB) on THREADS threads "
      "(default: one per core),\nROUNDS times (default 1), and prints "
      "images_per_s and mpix_per_s.\n");
}

static int
parse_count (const char *arg, const char *what, int *value)
{
  char *end;
  long v;

  errno = 0;
  v = strtol (arg, &end, 10);
  if (errno || *arg == '\0' || *end != '\0' || v < 1 || v > 4096) {
    fprintf (stderr, "tjdecode: %s must be a number from 1 to 4096, not "
        "\"%s\"\n", what, arg);
    return -1;
  }
  *value = (int) v;
  return 0;
}

int
main (int argc, char **argv)
{
  Bench b;
  Worker *workers;
  tjhandle tj;
  int threads = (int) sysconf (_SC_NPROCESSORS_ONLN), rounds = 1, opt, i;
  double mpix = 0.0, seconds;
  size_t decoded = 0;
  struct timespec t0, t1;

  while ((opt = getopt (argc, argv, "t:r:h")) != -1) {
    switch (opt) {
      case 't':
        if (parse_count (optarg, "THREADS", &threads) < 0)
          return 1;
        break;
      case 'r':
        if (parse_count (optarg, "ROUNDS", &rounds) < 0)
          return 1;
        break;
      case 'h':
        usage (stdout);
        return 0;
      default:
        usage (stderr);
        return 1;
    }
  }
  if (optind >= argc) {
    usage (stderr);
    return 1;
  }
  if (threads < 1)
    threads = 1;

  memset (&b, 0, sizeof (b));
  b.n_files = (size_t) (argc - optind);
  b.files = calloc (b.n_files, sizeof (JpegFile));
  tj = tjInitDecompress ();
  if (b.files == NULL || tj == NULL) {
    fprintf (stderr, "tjdecode: cannot initialise TurboJPEG\n");
    return 1;
  }
  for (i = 0; i < (int) b.n_files; i++) {
    JpegFile *f = &b.files[i];

    f->path = argv[optind + i];
    if (load_file (f, tj) < 0)
      return 1;
    if ((size_t) f->width * f->height > b.max_pixels)
      b.max_pixels = (size_t) f->width * f->height;
    mpix += (double) f->width * f->height / 1e6;
  }
  tjDestroy (tj);
  b.total = b.n_files * (size_t) rounds;
  mpix *= rounds;
  atomic_init (&b.next, 0);
  atomic_init (&b.failed, 0);
  pthread_mutex_init (&b.lock, NULL);
  pthread_barrier_init (&b.start, NULL, (unsigned) threads + 1);

  workers = calloc (threads, sizeof (Worker));
  if (workers == NULL) {
    fprintf (stderr, "tjdecode: out of memory\n");
    return 1;
  }
  for (i = 0; i < threads; i++) {
    int err;

    workers[i].bench = &b;
    err = pthread_create (&workers[i].thread, NULL, worker_main, &workers[i]);
    if (err != 0) {
      fprintf (stderr, "tjdecode: cannot start thread %d: %s\n", i,
          strerror (err));
      return 1;
    }
  }
  pthread_barrier_wait (&b.start);
  clock_gettime (CLOCK_MONOTONIC, &t0);
  for (i = 0; i < threads; i++) {
    pthread_join (workers[i].thread, NULL);
    decoded += workers[i].decoded;
  }
  clock_gettime (CLOCK_MONOTONIC, &t1);

  if (atomic_load (&b.failed) || decoded != b.total) {
    fprintf (stderr, "tjdecode: decoded %zu of %zu images\n", decoded, b.total);
    return 1;
  }
  seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf ("threads=%d rounds=%d images=%zu mpix=%.3f seconds=%.6f "
      "images_per_s=%.2f mpix_per_s=%.2f\n", threads, rounds, decoded, mpix,
      seconds, decoded / seconds, mpix / seconds);

  for (i = 0; i < (int) b.n_files; i++)
    free (b.files[i].data);
  free (b.files);
  free (workers);
  pthread_barrier_destroy (&b.start);
  pthread_mutex_destroy (&b.lock);
  return 0;
}
