#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2025 The imagemill authors
#
# Decode benchmark (issue 2): how fast decoder-pool turns a folder of 4K
# JPEGs into RGB frames, side by side with jpegdec and with TurboJPEG alone.
#
#   pipelines/bench/decode.sh [BUILD_DIR]
#
# 1. builds imagemill-gen, tjdecode and the plugin (unless SKIP_BUILD=1, or
#    when meson runs it as `ninja -C build bench-decode`);
# 2. generates N_IMAGES photo-like 3840x2160 q90 4:2:0 JPEGs once into
#    $DATA (default BUILD_DIR/bench-data/photos-4k);
# 3. runs every configuration RUNS times, interleaved, on the same files
#    (warm page cache), and keeps the median:
#      jpegdec:           multifilesrc ! jpegdec ! videoconvert ! RGB ! fakesink
#      decoder-pool W:    multifilesrc ! decoder-pool workers=W ! RGB ! fakesink
#      TurboJPEG T:       tjdecode -t T (files preloaded, decode only)
#    gst-launch rows are the wall time of the whole process (start-up, file
#    reads and pipeline set-up included); every run must deliver N_IMAGES
#    frames.  Peak RSS comes from GNU time (or os.wait4 in python3);
# 4. prints a markdown table, also saved to BUILD_DIR/bench-data/decode.md,
#    and its rows as data to decode.csv (results.py md2csv, for charts.py).
#
# Environment (all optional):
#   BUILD       build directory (default: <repo>/build; the argument wins)
#   N_IMAGES    number of images (default 40)
#   THREADS     highest worker/thread count (default: nproc)
#   COUNTS      explicit worker/thread counts, e.g. "1 2 4 8 16"
#               (default: 1 .. THREADS)
#   RUNS        runs per configuration, median taken (default 3)
#   DATA        image folder (default: BUILD/bench-data/photos-4k)
#   ROUNDS      passes over the files in every run (default 3), so that
#               gst-launch start-up weighs little against the decoding
#   SKIP_BUILD  1: do not run ninja
#   ELEMENT     element under test (default decoder-pool)
# Elements that are not available (gst-inspect-1.0) are skipped with a note.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

BUILD=${1:-${BUILD:-$root/build}}
N_IMAGES=${N_IMAGES:-40}
THREADS=${THREADS:-$(nproc)}
RUNS=${RUNS:-3}
ROUNDS=${ROUNDS:-3}
ELEMENT=${ELEMENT:-decoder-pool}
WIDTH=3840
HEIGHT=2160
QUALITY=90
SEED=1

if [ -n "${MESON_BUILD_ROOT:-}" ]; then
  SKIP_BUILD=${SKIP_BUILD:-1}
fi
SKIP_BUILD=${SKIP_BUILD:-0}

die () {
  echo "decode.sh: $*" >&2
  exit 1
}

note () {
  echo "decode.sh: $*" >&2
}

is_count () {
  case $1 in
    '' | *[!0-9]*) return 1 ;;
  esac
  [ "$1" -ge 1 ]
}

for v in N_IMAGES THREADS RUNS ROUNDS; do
  is_count "${!v}" || die "$v must be a positive integer, not '${!v}'"
done
COUNTS=${COUNTS:-$(seq -s ' ' 1 "$THREADS")}
for c in $COUNTS; do
  is_count "$c" || die "COUNTS must list positive integers, not '$c'"
done

"$root/scripts/setup.sh" --bench
for tool in gst-launch-1.0 gst-inspect-1.0 awk; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup.sh)"
done

# ---------------------------------------------------------------- build
if [ ! -d "$BUILD" ]; then
  [ "$SKIP_BUILD" = 1 ] && die "no build directory $BUILD"
  meson setup "$BUILD" "$root" >&2 || die "meson setup $BUILD failed"
fi
BUILD=$(cd "$BUILD" && pwd)
GEN=$BUILD/tests/imagemill-gen
TJDECODE=$BUILD/pipelines/bench/tjdecode

if [ "$SKIP_BUILD" != 1 ]; then
  ninja -C "$BUILD" tests/imagemill-gen pipelines/bench/tjdecode >&2 ||
    die "could not build imagemill-gen and tjdecode in $BUILD"
  # the plugin may be unfinished: its rows are then skipped
  ninja -C "$BUILD" plugins/libgstimagemill.so >&2 ||
    note "the plugin did not build: $ELEMENT rows will be skipped"
fi
[ -x "$GEN" ] || die "$GEN is missing (ninja -C $BUILD tests/imagemill-gen)"
[ -x "$TJDECODE" ] ||
  die "$TJDECODE is missing (is subdir('pipelines/bench') in meson.build?)"

# ---------------------------------------------------------------- data
DATA=${DATA:-$BUILD/bench-data/photos-4k}
mkdir -p "$DATA" "$BUILD/bench-data"
# The scene of photo_N depends only on (seed, N, size), so more images
# never change the first ones; the stamp records everything else,
# including the generator's source.
stamp="seed=$SEED size=${WIDTH}x$HEIGHT quality=$QUALITY gen=$(cksum <"$root/tests/gen/imagemill-gen.c" | cut -d' ' -f1)"
files=()
for ((i = 0; i < N_IMAGES; i++)); do
  files+=("$(printf '%s/photo_%04d.jpg' "$DATA" "$i")")
done
have=1
[ "$(cat "$DATA/.stamp" 2>/dev/null)" = "$stamp" ] || have=0
for f in "${files[@]}"; do
  [ -f "$f" ] || have=0
done
if [ "$have" = 0 ]; then
  note "generating $N_IMAGES ${WIDTH}x$HEIGHT JPEGs into $DATA ..."
  rm -f "$DATA"/photo_*.jpg "$DATA/.stamp"
  "$GEN" --out "$DATA" --set photos --count "$N_IMAGES" --width "$WIDTH" \
    --height "$HEIGHT" --quality "$QUALITY" --seed "$SEED" ||
    die "imagemill-gen failed"
  echo "$stamp" >"$DATA/.stamp"
fi

# ---------------------------------------------------------------- tools
export GST_PLUGIN_PATH="$BUILD/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
export GST_REGISTRY="$BUILD/bench-data/registry.bin"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_measured OUT ERR CMD...: runs CMD, sets WALL_NS, RSS_KIB ("" when
# unknown) and RC.  Wall time is the whole process, taken around it.
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
  RSS_TOOL="GNU time"
  run_measured () {
    local out=$1 err=$2 t0 t1
    shift 2
    t0=$(date +%s%N)
    RC=0
    /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >"$out" 2>"$err" || RC=$?
    t1=$(date +%s%N)
    WALL_NS=$((t1 - t0))
    RSS_KIB=$(tail -n 1 "$tmp/rss")
  }
elif command -v python3 >/dev/null; then
  RSS_TOOL="python3 os.wait4"
  run_measured () {
    local out=$1 err=$2 t0 t1
    shift 2
    t0=$(date +%s%N)
    RC=0
    python3 -c '
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % ru.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status) & 255)
' "$tmp/rss" "$@" >"$out" 2>"$err" || RC=$?
    t1=$(date +%s%N)
    WALL_NS=$((t1 - t0))
    RSS_KIB=$(tail -n 1 "$tmp/rss" 2>/dev/null || true)
  }
else
  RSS_TOOL="none (install the 'time' package)"
  run_measured () {
    local out=$1 err=$2 t0 t1
    shift 2
    t0=$(date +%s%N)
    RC=0
    "$@" >"$out" 2>"$err" || RC=$?
    t1=$(date +%s%N)
    WALL_NS=$((t1 - t0))
    RSS_KIB=""
  }
fi

# ---------------------------------------------------------------- configs
# Each config: an id, a label, the threads it uses and how it runs.
ids=()
declare -A label threads kind
add_config () {
  ids+=("$1")
  label[$1]=$2
  threads[$1]=$3
  kind[$1]=$4
}

# warm the registry (first scan is slow) and find the elements
gst-inspect-1.0 jpegdec >/dev/null 2>&1 ||
  die "jpegdec is missing (gstreamer1.0-plugins-good)"
add_config jpegdec "jpegdec ! videoconvert" 1 jpegdec
if gst-inspect-1.0 "$ELEMENT" >/dev/null 2>&1; then
  for w in $COUNTS; do
    add_config "pool$w" "$ELEMENT workers=$w" "$w" pool
  done
else
  note "$ELEMENT is not available (gst-inspect-1.0 failed with" \
    "GST_PLUGIN_PATH=$BUILD/plugins): its rows are skipped"
fi
for t in $COUNTS; do
  add_config "tj$t" "TurboJPEG threads=$t" "$t" tj
done

src=(multifilesrc "location=$DATA/photo_%04d.jpg" index=0
  "stop-index=$((N_IMAGES - 1))" loop=true "num-buffers=$((N_IMAGES * ROUNDS))"
  "caps=image/jpeg,framerate=30/1")
N_FRAMES=$((N_IMAGES * ROUNDS))
sink=("video/x-raw,format=RGB" ! fakesink sync=false silent=false)
frame_bytes=$((WIDTH * HEIGHT * 3))

# run_config ID RUN: one measured run; appends "ID ips rss_kib" to results
run_config () {
  local id=$1 run=$2 ips frames bad
  local out="$tmp/$id.$run.out" err="$tmp/$id.$run.err"
  case ${kind[$id]} in
    jpegdec)
      run_measured "$out" "$err" gst-launch-1.0 -v "${src[@]}" ! jpegdec ! \
        videoconvert ! "${sink[@]}" ;;
    pool)
      run_measured "$out" "$err" gst-launch-1.0 -v "${src[@]}" ! \
        "$ELEMENT" "workers=${threads[$id]}" ! "${sink[@]}" ;;
    tj)
      run_measured "$out" "$err" "$TJDECODE" -t "${threads[$id]}" \
        -r "$ROUNDS" "${files[@]}" ;;
  esac
  if [ "$RC" != 0 ]; then
    note "${label[$id]}: run $run failed (exit $RC):"
    tail -n 5 "$err" "$out" >&2
    echo "$id fail ${RSS_KIB:-}" >>"$tmp/results"
    return
  fi
  if [ "${kind[$id]}" = tj ]; then
    ips=$(sed -n 's/.*images_per_s=\([0-9.]*\).*/\1/p' "$out")
  else
    # every frame must arrive, whole
    frames=$(grep -c 'last-message = chain' "$out" || true)
    bad=$(grep 'last-message = chain' "$out" |
      grep -vc "($frame_bytes bytes" || true)
    if [ "$frames" != "$N_FRAMES" ] || [ "$bad" != 0 ]; then
      note "${label[$id]}: run $run delivered $frames frames" \
        "($bad not ${WIDTH}x$HEIGHT RGB), expected $N_FRAMES"
      echo "$id fail ${RSS_KIB:-}" >>"$tmp/results"
      return
    fi
    ips=$(awk -v n="$N_FRAMES" -v ns="$WALL_NS" 'BEGIN { printf "%.4f", n * 1e9 / ns }')
  fi
  echo "$id $ips ${RSS_KIB:-}" >>"$tmp/results"
}

: >"$tmp/results"
note "${#ids[@]} configurations x $RUNS runs on $N_IMAGES images" \
  "(peak RSS: $RSS_TOOL)"
for ((run = 1; run <= RUNS; run++)); do
  for id in "${ids[@]}"; do
    note "run $run/$RUNS: ${label[$id]}"
    run_config "$id" "$run"
  done
done

# ---------------------------------------------------------------- table
report="$BUILD/bench-data/decode.md"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
gstver=$(gst-launch-1.0 --version | awk '/GStreamer/ { print $2; exit }')
for id in "${ids[@]}"; do
  printf '%s\t%s\t%s\n' "$id" "${label[$id]}" "${threads[$id]}"
done >"$tmp/configs"

{
  echo "### Decode: $N_IMAGES JPEGs x $ROUNDS passes, ${WIDTH}x$HEIGHT q$QUALITY 4:2:0 -> RGB"
  echo
  echo "$(date -u +%Y-%m-%d), ${cpu:-unknown CPU}, $(nproc) cores," \
    "GStreamer $gstver, median of $RUNS runs; peak RSS: $RSS_TOOL."
  echo
  awk -F'\t' -v n="$N_IMAGES" -v mp="$((WIDTH * HEIGHT))" '
    function median(id,   k, i, j, t, a) {
      k = 0
      for (i = 1; i <= cnt[id]; i++) a[++k] = val[id, i]
      if (k == 0) return -1
      for (i = 2; i <= k; i++) {       # insertion sort, k is tiny
        t = a[i]
        for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
        a[j + 1] = t
      }
      return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    function ratio(a, b) {
      return (a > 0 && b > 0) ? sprintf("%.2f", a / b) : "-"
    }
    FILENAME == ARGV[1] { split($0, f, " ")     # results: id ips rss
      if (f[2] != "fail") val[f[1], ++cnt[f[1]]] = f[2]
      else failed[f[1]]++
      if (f[3] != "" && f[3] + 0 > rss[f[1]]) rss[f[1]] = f[3] + 0
      next }
    { order[++nc] = $1; lab[$1] = $2; thr[$1] = $3 }
    END {
      for (i = 1; i <= nc; i++) med[order[i]] = median(order[i])
      base = med["jpegdec"]
      print "| config | images/s | MP/s | vs jpegdec | vs TurboJPEG same threads | peak RSS MiB |"
      print "| --- | ---: | ---: | ---: | ---: | ---: |"
      for (i = 1; i <= nc; i++) {
        id = order[i]; m = med[id]
        tj = med["tj" thr[id]]
        if (m < 0) {
          printf "| %s | failed | | | | |\n", lab[id]
          continue
        }
        note = failed[id] ? sprintf(" (%d failed runs)", failed[id]) : ""
        printf "| %s%s | %.1f | %.0f | %s | %s | %s |\n", lab[id], note, m,
          m * mp / 1e6, ratio(m, base), ratio(m, tj),
          (rss[id] > 0) ? sprintf("%.0f", rss[id] / 1024) : "n/a"
      }
    }' "$tmp/results" "$tmp/configs"
  echo
  echo "gst-launch rows: wall time of the whole gst-launch-1.0 process" \
    "(start-up included); TurboJPEG rows: decode only, files preloaded" \
    "($ROUNDS passes); peak RSS: largest of the runs."
} | tee "$report"
/usr/bin/python3 "$here/results.py" md2csv "$report" "${report%.md}.csv"
note "table saved to $report, data to ${report%.md}.csv"
