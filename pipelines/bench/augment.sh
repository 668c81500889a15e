#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
#
# Augment benchmark (issues 9 and 10): frames/s of every spatial and
# pixel transform of the augment element on 2000x1000 and 1920x1080 RGB frames, 1 and 2 threads,
# side by side in one run with the cv2 call albumentations makes for it
# (output into a preallocated dst) and with albumentations itself; then the
# chain flip -> rotate -> grid distortion -> random resized crop (1000x500)
# as one fused element, four OpenCV calls and one albumentations Compose;
# and the eight-step chain flip -> rotate 15 -> Gaussian blur 5x5 ->
# sharpen -> brightness/contrast -> saturation -> grid distortion ->
# random resized crop (1000x500), also against OpenCV in T processes.
#
#   pipelines/bench/augment.sh [BUILD_DIR]
#
# Steady state, not start-up: the element runs in a Python process
# (PyGObject) as imagefreeze ! augment workers=T ! fakesink and is timed at
# the sink after a warm-up; see augment_bench.py for the method. The frame
# is the first photo_*.jpg of the shared samples scaled to each size (a
# synthetic frame when there is none). The table goes to stdout and
# BUILD/bench-augment.md, the rows as data to
# BUILD/bench-data/augment-FAMILY.csv (for charts.py; FAMILY=spatial,pixel:
# augment-spatial-pixel.csv), the chart
# (2000x1000) to docs/images/augment-bench.png.
#
# Environment (all optional):
#   BUILD       build directory (default <repo>/build; the argument wins)
#   RUNS        runs per cell, median (default 3)
#   MIN_TIME    least seconds per run (default 0.4)
#   FRAMES      least frames per run (default 5)
#   SIZES       frame sizes (default 2000x1000,1920x1080)
#   THREADS     thread counts (default 1,2)
#   FAMILY      spatial, pixel or spatial,pixel (default): which CASES
#   ONLY        comma-separated transform names of the CASES of
#               augment_bench.py (spatial) and augment_pixel.py (pixel)
#   ALBU_PY     python of a venv with albumentations (default
#               <repo>/build/albu-2.0/bin/python, made by
#               scripts/albu-venvs.sh); the column is left out without it
#   PHOTO       the photo (default: first photo_*.jpg in ../shared/samples)
#   CHART       chart path (default <repo>/docs/images/augment-bench.png,
#               augment-pixel-bench.png for FAMILY=pixel; empty: no chart)
#   SKIP_BUILD  1: do not run ninja (the default when meson runs it)
# Needs python3-gi, python3-opencv, python3-numpy and python3-pil
# (scripts/setup.sh --bench). The spatial family takes about 6 minutes
# on 2 cores, the pixel family about 25; run it on a quiet machine.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

BUILD=${1:-${BUILD:-$root/build}}
RUNS=${RUNS:-3}
MIN_TIME=${MIN_TIME:-0.4}
FRAMES=${FRAMES:-5}
SIZES=${SIZES:-2000x1000,1920x1080}
THREADS=${THREADS:-1,2}
ONLY=${ONLY:-}
FAMILY=${FAMILY:-spatial,pixel}
ALBU_PY=${ALBU_PY:-$root/build/albu-2.0/bin/python}
if [ "$FAMILY" = pixel ]; then
  CHART=${CHART-$root/docs/images/augment-pixel-bench.png}
else
  CHART=${CHART-$root/docs/images/augment-bench.png}
fi
if [ -n "${MESON_BUILD_ROOT:-}" ]; then
  SKIP_BUILD=${SKIP_BUILD:-1}
fi
SKIP_BUILD=${SKIP_BUILD:-0}
PY=/usr/bin/python3

die () {
  echo "augment.sh: $*" >&2
  exit 1
}

note () {
  echo "augment.sh: $*" >&2
}

for v in RUNS FRAMES; do
  case ${!v} in
    '' | *[!0-9]* | 0) die "$v must be a positive integer, not '${!v}'" ;;
  esac
done
$PY -c 'import gi, cv2, numpy, PIL' 2>/dev/null ||
  die "$PY needs python3-gi, python3-opencv, python3-numpy, python3-pil" \
    "(scripts/setup.sh --bench)"

# ---------------------------------------------------------------- build
if [ ! -d "$BUILD" ]; then
  [ "$SKIP_BUILD" = 1 ] && die "no build directory $BUILD"
  meson setup "$BUILD" "$root" >&2 || die "meson setup $BUILD failed"
fi
BUILD=$(cd "$BUILD" && pwd)
if [ "$SKIP_BUILD" != 1 ]; then
  ninja -C "$BUILD" >&2 || note "the build failed: augment may be stale"
fi

# ---------------------------------------------------------------- inputs
if [ -z "${PHOTO:-}" ]; then
  PHOTO=$(ls "$root"/../shared/samples/photo_*.jpg 2>/dev/null | head -n 1 ||
    true)
  [ -n "$PHOTO" ] || note "no sample photo: a synthetic frame instead"
fi
if [ ! -x "$ALBU_PY" ]; then
  note "no albumentations at $ALBU_PY (scripts/albu-venvs.sh): column left out"
  ALBU_PY=
fi

export GST_PLUGIN_PATH="$BUILD/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
export GST_REGISTRY="$BUILD/bench-data/registry.bin"
mkdir -p "$BUILD/bench-data"

exec $PY "$here/augment_bench.py" --sizes "$SIZES" --threads "$THREADS" \
  --runs "$RUNS" --min-time "$MIN_TIME" --frames "$FRAMES" \
  --albu-py "$ALBU_PY" --photo "${PHOTO:-}" --only "$ONLY" \
  --family "$FAMILY" --md "$BUILD/bench-augment.md" --chart "$CHART" \
  --csv "$BUILD/bench-data/augment-${FAMILY//,/-}.csv"
