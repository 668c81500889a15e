#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
#
# Seed 001's experiment as the seed ran it (issue 10): 10 images, 100
# augmentations each, through its pipeline (pipelines/seed001.json: OneOf
# flips / SomeOf two of blur, sharpen, motion blur, brightness-contrast /
# OneOf grid or optical distortion), timed from start to end of the job
# (reading, decoding, augmenting and, when saving, encoding and writing):
#   strong scaling  2000x1000, workers 1..N (every element's workers = W)
#   weak scaling    250x250 .. 2000x2000, workers N
# each without saving (fakesink), with JPEG q90 and with PNG saving
# (queue-saver), next to albumentations itself running the same JSON
# in one process (the seed's sequential baseline, cv2.imread/imwrite), and
# next to the seed's own numbers (its machine: 32 cores).
#
#   pipelines/bench/seed001.sh [BUILD]
# Environment: WORKERS (default 1..nproc), SIZES (weak scaling sizes),
# IMAGES (10), COPIES (100), RUNS (median of, default 3), ALBU_PY
# (default build/albu-2.0/bin/python; empty: left out), ALBU_COPIES
# (augmentations per image on the albumentations side, default COPIES),
# SAVES (default "none jpeg png").  The tables go to BUILD/bench-seed001.md
# and, as data for charts.py, BUILD/bench-data/seed001-{strong,weak}.csv.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
BUILD=${1:-${BUILD:-$root/build}}
N=$(nproc)
WORKERS=${WORKERS:-$(seq -s ' ' 1 "$N")}
SIZES=${SIZES:-250x250 500x250 500x500 1000x500 1000x1000 2000x1000 2000x2000}
IMAGES=${IMAGES:-10}
COPIES=${COPIES:-100}
RUNS=${RUNS:-3}
ALBU_PY=${ALBU_PY-$root/build/albu-2.0/bin/python}
ALBU_COPIES=${ALBU_COPIES:-$COPIES}
SAVES=${SAVES:-none jpeg png}
CONFIG=${CONFIG:-$root/pipelines/seed001.json}
DATA=$BUILD/bench-data/seed001
MD=$BUILD/bench-seed001.md

[ -x "$BUILD/tests/imagemill-gen" ] || {
  echo "seed001.sh: build first (meson setup $BUILD && ninja -C $BUILD)" >&2
  exit 1
}
export GST_PLUGIN_PATH="$BUILD/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
export GST_REGISTRY="$BUILD/bench-data/registry.bin"
mkdir -p "$DATA"

# the input: IMAGES photo-like JPEGs of a size, made once
images () {
  local dir=$DATA/in-$1
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    "$BUILD/tests/imagemill-gen" --out "$dir" --set photos --count "$IMAGES" \
      --width "${1%x*}" --height "${1#*x}" --seed 1 >/dev/null
    touch "$dir/.done"
  fi
  echo "$dir"
}

# one timed run: size, workers, save -> seconds (outputs checked)
once () {
  local in out t0 t1 sink n
  in=$(images "$1")
  out=$DATA/out
  rm -rf "$out"
  mkdir -p "$out"
  case $3 in
    none) sink="fakesink" ;;
    jpeg) sink="queue-saver savers=$2 quality=90 location=$out/{stem}_{copy}.jpg" ;;
    png) sink="queue-saver savers=$2 compression-level=1 location=$out/{stem}_{copy}.png" ;;
  esac
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  gst-launch-1.0 -q dataset-src location="$in" ! decoder-pool workers="$2" \
    ! augment config="$CONFIG" copies="$COPIES" seed=1 workers="$2" \
    ! $sink >/dev/null
  t1=$(date +%s.%N)
  if [ "$3" != none ]; then
    n=$(find "$out" -type f | wc -l)
    [ "$n" = $((IMAGES * COPIES)) ] || {
      echo "seed001.sh: $n files written, not $((IMAGES * COPIES))" >&2
      exit 1
    }
  fi
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

median () {
  sort -g | awk '{ v[NR] = $1 }
    END { m = v[int((NR + 1) / 2)]; if (NR % 2 == 0) m = (m + v[NR / 2 + 1]) / 2
      printf "%.2f", m }'
}

timed () {
  local r
  for r in $(seq "$RUNS"); do once "$@"; done | median
}

albu () {
  [ -n "$ALBU_PY" ] && [ -x "$ALBU_PY" ] || { echo "-"; return; }
  NO_ALBUMENTATIONS_UPDATE=1 "$ALBU_PY" - "$(images "$1")" "$CONFIG" \
    "$ALBU_COPIES" "$2" "$DATA/albu-out" <<'EOF'
import os, sys, time, warnings
warnings.simplefilter('ignore')
import albumentations as A
import cv2
src, config, copies, save, out = sys.argv[1:]
cv2.setNumThreads(1)
os.makedirs(out, exist_ok=True)
t = A.load(config)
t0 = time.perf_counter()
for name in sorted(os.listdir(src)):
    if name.startswith('.'):
        continue
    img = cv2.imread(os.path.join(src, name))
    for c in range(int(copies)):
        res = t(image=img)['image']
        if save == 'jpeg':
            cv2.imwrite(os.path.join(out, '%s_%d.jpg' % (name, c)), res,
                        [cv2.IMWRITE_JPEG_QUALITY, 90])
        elif save == 'png':
            cv2.imwrite(os.path.join(out, '%s_%d.png' % (name, c)), res)
print('%.2f' % (time.perf_counter() - t0))
EOF
}

{
  echo "### seed 001's job: $IMAGES images x $COPIES augmentations"
  echo
  echo "$(date +%F), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 |
    sed 's/^ //'), $N cores; seconds for the whole job (median of $RUNS);"
  echo "albumentations: $ALBU_COPIES augmentations per image, one process,"
  echo "one thread (the seed's sequential run). Pipeline: pipelines/seed001.json."
  echo
  echo "Strong scaling, 2000x1000:"
  echo
  echo "| saving | workers | seconds | augmentations/s | speed-up | albumentations s | seed 001 (1 rank / best) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
  for save in $SAVES; do
    base=
    case $save in
      none) seed="76.37 s / 9.88 s (32 ranks)" ;;
      jpeg) seed="82.07 s / 10.81 s (16 ranks)" ;;
      *) seed="-" ;;
    esac
    a=$(albu 2000x1000 "$save")
    for w in $WORKERS; do
      s=$(timed 2000x1000 "$w" "$save")
      base=${base:-$s}
      awk -v s="$s" -v b="$base" -v n=$((IMAGES * COPIES)) -v w="$w" \
        -v save="$save" -v a="$a" -v seed="$seed" 'BEGIN {
        printf "| %s | %d | %s | %.0f | %.2f | %s | %s |\n", save, w, s,
          n / s, b / s, a, seed }'
      a=
      seed=
    done
  done
  echo
  echo "Weak scaling, $N workers (the seed: ranks grew with the size):"
  echo
  echo "| saving | size | seconds | augmentations/s | megapixels/s |"
  echo "| --- | --- | ---: | ---: | ---: |"
  for save in $SAVES; do
    for size in $SIZES; do
      s=$(timed "$size" "$N" "$save")
      awk -v s="$s" -v n=$((IMAGES * COPIES)) -v size="$size" \
        -v px=$((${size%x*} * ${size#*x})) -v save="$save" 'BEGIN {
        printf "| %s | %s | %s | %.0f | %.0f |\n", save, size, s, n / s,
          n * px / s / 1e6 }'
    done
  done
} | tee "$MD"
mkdir -p "$BUILD/bench-data"
/usr/bin/python3 "$here/results.py" md2csv "$MD" \
  "$BUILD/bench-data/seed001-strong.csv" --match '| saving | workers |'
/usr/bin/python3 "$here/results.py" md2csv "$MD" \
  "$BUILD/bench-data/seed001-weak.csv" --match '| saving | size |'
rm -rf "$DATA/out" "$DATA/albu-out"
