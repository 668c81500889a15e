#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
#
# Save benchmark (issue 3): JPEG quality 90 encode + write of N_FRAMES frames
# of 2000x1000 RGB, side by side:
#   jpegenc:          ... ! jpegenc ! multifilesink           (RGB in)
#   videoconvert:     ... ! videoconvert ! I420 ! jpegenc ! multifilesink
#   queue-saver W:    ... ! queue-saver savers=W               (W = 1..THREADS)
#   TurboJPEG T:      tjcompress -t T: the same frame compressed in memory on
#                     T threads, no GStreamer, no disk (the library limit)
# and, with a slow disk simulated (queue-saver max-write-rate), peak RSS for
# two queue bounds, to show that memory follows max-queued, not the input.
#
#   pipelines/bench/save.sh [BUILD_DIR]
#
# The input is one photo-like 2000x1000 frame from imagemill-gen, decoded
# once to raw RGB and repeated by imagefreeze, so no row pays a per-frame
# source cost (tjcompress compresses that same frame). The slow-disk rows
# instead read K distinct frames with multifilesrc, so every buffer is new
# memory. gst-launch rows are timed from PLAYING to EOS ("Execution ended
# after"), start-up excluded; queue-saver posts EOS only once every file is
# on disk, multifilesink after its last write. Every run must leave
# N_FRAMES files. Peak RSS from GNU time. Medians of RUNS runs.
#
# Environment (all optional):
#   BUILD       build directory (default <repo>/build; the argument wins)
#   N_FRAMES    frames per run (default 200)
#   THREADS     highest savers / TurboJPEG thread count (default nproc)
#   RUNS        runs per configuration, median taken (default 3)
#   OUT         where files are written (default BUILD/bench-data/save-out;
#               emptied before every run)
#   SLOW_RATE   simulated disk, bytes/s (default 5000000)
#   SLOW_FRAMES frames for the slow-disk rows (default 60)
#   SKIP_BUILD  1: do not run ninja (the default when meson runs the script)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
BUILD=${1:-${BUILD:-$root/build}}
N_FRAMES=${N_FRAMES:-200}
THREADS=${THREADS:-$(nproc)}
RUNS=${RUNS:-3}
SLOW_RATE=${SLOW_RATE:-5000000}
SLOW_FRAMES=${SLOW_FRAMES:-60}
# run by meson (a run_target): it built the dependencies already
if [ -n "${MESON_BUILD_ROOT:-}" ]; then
  SKIP_BUILD=${SKIP_BUILD:-1}
fi
SKIP_BUILD=${SKIP_BUILD:-0}
WIDTH=2000
HEIGHT=1000
QUALITY=90
K=4                             # distinct frames for the slow-disk rows

die () { echo "save.sh: $*" >&2; exit 1; }
note () { echo "save.sh: $*" >&2; }

for tool in gst-launch-1.0 gst-inspect-1.0 awk; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup.sh)"
done
if ! /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
  die "GNU time is needed for peak RSS (apt-get install time)"
fi

# ---------------------------------------------------------------- build
if [ ! -d "$BUILD" ]; then
  [ "$SKIP_BUILD" = 1 ] && die "no build directory $BUILD"
  meson setup "$BUILD" "$root" >&2
fi
BUILD=$(cd "$BUILD" && pwd)
if [ "$SKIP_BUILD" != 1 ]; then
  ninja -C "$BUILD" tests/imagemill-gen plugins/libgstimagemill.so >&2 ||
    die "could not build imagemill-gen and the plugin in $BUILD"
fi
GEN=$BUILD/tests/imagemill-gen
[ -x "$GEN" ] || die "$GEN is missing"
mkdir -p "$BUILD/bench-data"
TJ=$BUILD/pipelines/bench/tjcompress
if [ ! -x "$TJ" ]; then
  # not (yet) a meson target: build it here
  TJ=$BUILD/bench-data/tjcompress
  if [ ! -x "$TJ" ] || [ "$here/tjcompress.c" -nt "$TJ" ]; then
    # shellcheck disable=SC2046
    gcc -O2 -o "$TJ" "$here/tjcompress.c" $(pkg-config --cflags --libs libturbojpeg) \
      -pthread || die "could not build tjcompress (gcc, libturbojpeg-dev)"
  fi
fi

export GST_PLUGIN_PATH="$BUILD/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
export GST_REGISTRY="$BUILD/bench-data/registry.bin"
gst-inspect-1.0 queue-saver >/dev/null 2>&1 ||
  die "queue-saver is not in $BUILD/plugins"
for e in jpegenc multifilesink imagefreeze videoconvert jpegdec; do
  gst-inspect-1.0 $e >/dev/null 2>&1 || die "$e is missing (gstreamer1.0-plugins-good/base)"
done

# ---------------------------------------------------------------- data
DATA=$BUILD/bench-data/save-frames
stamp="seed=1 size=${WIDTH}x$HEIGHT k=$K gen=$(cksum <"$root/tests/gen/imagemill-gen.c" | cut -d' ' -f1)"
if [ "$(cat "$DATA/.stamp" 2>/dev/null)" != "$stamp" ]; then
  note "generating $K photo-like ${WIDTH}x$HEIGHT frames into $DATA ..."
  rm -rf "$DATA" && mkdir -p "$DATA"
  "$GEN" --out "$DATA" --set photos --count $K --width $WIDTH \
    --height $HEIGHT --quality 98 --seed 1 >/dev/null
  for ((i = 0; i < K; i++)); do
    gst-launch-1.0 -q filesrc location="$(printf '%s/photo_%04d.jpg' "$DATA" $i)" ! \
      jpegdec ! videoconvert ! video/x-raw,format=RGB ! \
      filesink location="$DATA/frame_$i.rgb" || die "could not decode frame $i"
  done
  echo "$stamp" >"$DATA/.stamp"
fi
frame_bytes=$((WIDTH * HEIGHT * 3))
[ "$(stat -c %s "$DATA/frame_0.rgb")" = $frame_bytes ] || die "bad frame in $DATA"

OUT=${OUT:-$BUILD/bench-data/save-out}
caps="video/x-raw,format=RGB,width=$WIDTH,height=$HEIGHT,framerate=30/1"
one=(multifilesrc "location=$DATA/frame_0.rgb" stop-index=0 "caps=$caps" !
  imagefreeze "num-buffers=$N_FRAMES")
many=(multifilesrc "location=$DATA/frame_%d.rgb" loop=true "stop-index=$((K - 1))"
  "num-buffers=$SLOW_FRAMES" "caps=$caps")
mfs=(multifilesink "location=$OUT/%05d.jpg")
qs=(queue-saver "location=$OUT/%05d.jpg" "quality=$QUALITY")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------- configs
ids=()
declare -A label threads frames
add () { ids+=("$1"); label[$1]=$2; threads[$1]=$3; frames[$1]=$4; }
add jpegenc "jpegenc ! multifilesink (RGB in)" 1 "$N_FRAMES"
add vconv "videoconvert ! I420 ! jpegenc ! multifilesink" 1 "$N_FRAMES"
for ((w = 1; w <= THREADS; w++)); do
  add "qs$w" "queue-saver savers=$w" "$w" "$N_FRAMES"
done
for ((t = 1; t <= THREADS; t++)); do
  add "tj$t" "TurboJPEG in memory, $t threads" "$t" "$N_FRAMES"
done
add slow4 "slow disk: queue-saver savers=$THREADS max-queued=4" "$THREADS" "$SLOW_FRAMES"
add slow32 "slow disk: queue-saver savers=$THREADS max-queued=32" "$THREADS" "$SLOW_FRAMES"

# run ID: one measured run; appends "ID fps rss_kib cpu_ms_per_frame" (fps
# "fail" on error)
run () {
  local id=$1 out="$tmp/out" err="$tmp/err" rc=0 fps n
  local slow=("max-write-rate=$SLOW_RATE" max-queued-bytes=0)
  rm -rf "$OUT" && mkdir -p "$OUT"
  case $id in
    jpegenc) cmd=(gst-launch-1.0 "${one[@]}" ! jpegenc "quality=$QUALITY" ! "${mfs[@]}") ;;
    vconv) cmd=(gst-launch-1.0 "${one[@]}" ! videoconvert ! "video/x-raw,format=I420" !
        jpegenc "quality=$QUALITY" ! "${mfs[@]}") ;;
    qs*) cmd=(gst-launch-1.0 "${one[@]}" ! "${qs[@]}" "savers=${threads[$id]}") ;;
    tj*) cmd=("$TJ" -w "$WIDTH" -h "$HEIGHT" -q "$QUALITY" -t "${threads[$id]}"
        -n "$N_FRAMES" "$DATA/frame_0.rgb") ;;
    slow4) cmd=(gst-launch-1.0 "${many[@]}" ! "${qs[@]}" "savers=$THREADS"
        max-queued=4 "${slow[@]}") ;;
    slow32) cmd=(gst-launch-1.0 "${many[@]}" ! "${qs[@]}" "savers=$THREADS"
        max-queued=32 "${slow[@]}") ;;
  esac
  /usr/bin/time -f '%M %U %S' -o "$tmp/rss" "${cmd[@]}" >"$out" 2>"$err" || rc=$?
  stats=$(tail -n 1 "$tmp/rss" | awk -v n="${frames[$id]}" \
    '{ printf "%s %.2f", $1, ($2 + $3) * 1000 / n }')
  if [ "$rc" != 0 ]; then
    note "${label[$id]}: failed (exit $rc):"; tail -n 5 "$err" "$out" >&2
    echo "$id fail $stats" >>"$tmp/results"
    return
  fi
  case $id in
    tj*) fps=$(sed -n 's/.*frames_per_s=\([0-9.]*\).*/\1/p' "$out") ;;
    *)
      n=$(find "$OUT" -name '*.jpg' -size +0 | wc -l)
      if [ "$n" != "${frames[$id]}" ]; then
        note "${label[$id]}: $n files, expected ${frames[$id]}"
        echo "$id fail $stats" >>"$tmp/results"
        return
      fi
      # "Execution ended after 0:00:01.234567890"
      fps=$(awk -v n="${frames[$id]}" '/Execution ended after/ {
          split($4, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3];
          printf "%.2f", n / s }' "$out") ;;
  esac
  echo "$id $fps $stats" >>"$tmp/results"
}

: >"$tmp/results"
note "${#ids[@]} configurations x $RUNS runs, $N_FRAMES frames (slow disk: $SLOW_FRAMES at $SLOW_RATE B/s)"
for ((r = 1; r <= RUNS; r++)); do
  for id in "${ids[@]}"; do
    note "run $r/$RUNS: ${label[$id]}"
    run "$id"
  done
done
jpeg_bytes=$(find "$OUT" -name '00000.jpg' -printf '%s' 2>/dev/null || echo 0)
rm -rf "$OUT"

# ---------------------------------------------------------------- table
report=$BUILD/bench-data/save.md
for id in "${ids[@]}"; do
  printf '%s\t%s\t%s\n' "$id" "${label[$id]}" "${threads[$id]}"
done >"$tmp/configs"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
load=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "### Save: JPEG q$QUALITY 4:2:0 of $N_FRAMES frames ${WIDTH}x$HEIGHT RGB, encode + write"
  echo
  echo "$(date -u +%Y-%m-%d), ${cpu:-unknown CPU}, $(nproc) cores, load average" \
    "$load before the table, GStreamer $(gst-launch-1.0 --version | awk '/GStreamer/ { print $2; exit }')," \
    "median of $RUNS runs, output on $(stat -f -c %T "$(dirname "$OUT")")."
  echo
  awk -v thr_max="$THREADS" '
    function median(id, v,   k, i, j, t, a) {
      k = 0
      for (i = 1; i <= cnt[id]; i++) a[++k] = v[id, i]
      if (k == 0) return -1
      for (i = 2; i <= k; i++) {
        t = a[i]
        for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
        a[j + 1] = t
      }
      return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f", a / b) : "-" }
    FILENAME == ARGV[1] {
      if ($2 != "fail") { val[$1, ++cnt[$1]] = $2; cpu[$1, cnt[$1]] = $4 }
      else failed[$1]++
      if ($3 + 0 > rss[$1]) rss[$1] = $3 + 0
      next
    }
    { split($0, f, "\t"); order[++nc] = f[1]; lab[f[1]] = f[2]; thr[f[1]] = f[3] }
    END {
      for (i = 1; i <= nc; i++) {
        med[order[i]] = median(order[i], val)
        mcpu[order[i]] = median(order[i], cpu)
      }
      print "| config | frames/s | vs jpegenc | vs TurboJPEG same threads | CPU ms/frame | peak RSS MiB |"
      print "| --- | ---: | ---: | ---: | ---: | ---: |"
      for (i = 1; i <= nc; i++) {
        id = order[i]; m = med[id]
        if (m < 0) { printf "| %s | failed | | | | |\n", lab[id]; continue }
        tj = (id ~ /^qs/) ? ratio(m, med["tj" thr[id]]) : "-"
        printf "| %s%s | %.1f | %s | %s | %.2f | %.0f |\n", lab[id],
          failed[id] ? sprintf(" (%d failed)", failed[id]) : "", m,
          (id ~ /^slow/) ? "-" : ratio(m, med["jpegenc"]), tj, mcpu[id],
          rss[id] / 1024
      }
      print ""
      if (med["qs2"] > 0)
        printf "queue-saver savers=2 / savers=1: %s; ", ratio(med["qs2"], med["qs1"])
      printf "savers=%d / TurboJPEG %d threads: %s; savers=%d / videoconvert ! jpegenc: %s\n",
        thr_max, thr_max, ratio(med["qs" thr_max], med["tj" thr_max]),
        thr_max, ratio(med["qs" thr_max], med["vconv"])
    }' "$tmp/results" "$tmp/configs"
  echo
  echo "gst-launch rows: PLAYING to EOS (start-up excluded), one frame repeated" \
    "by imagefreeze; TurboJPEG rows: tjCompress2 of the same frame in memory." \
    "Slow-disk rows: $K distinct frames from multifilesrc, writes limited to" \
    "$SLOW_RATE B/s by max-write-rate (JPEGs of about $jpeg_bytes bytes)," \
    "max-queued-bytes=0 so that only max-queued bounds the queue; peak RSS:" \
    "largest of the runs. CPU ms/frame: user + system time of the whole" \
    "process over the frames (start-up included), which a busy machine" \
    "disturbs far less than frames/s."
} | tee "$report"
/usr/bin/python3 "$here/results.py" md2csv "$report" "${report%.md}.csv"
note "table saved to $report, data to ${report%.md}.csv"
