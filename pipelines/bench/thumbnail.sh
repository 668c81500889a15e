#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
#
# Thumbnail benchmark (issue 4): 40 photo-like 3840x2160 JPEGs to JPEG
# thumbnails that fit 640x338, side by side in one run:
#
#   imagemill       dataset-src ! thumbnailer ! queue-saver
#                   (multifilesrc ! thumbnailer ! jpegenc ! multifilesink
#                   when dataset-src or queue-saver is missing)
#   vips            vipsthumbnail, default settings (one process, its own
#                   threads)
#   vips PxC        P vipsthumbnail processes on slices of the files,
#                   VIPS_CONCURRENCY=C; the best of these is "vips best"
#   gst             multifilesrc ! jpegdec ! videoscale ! jpegenc
#   pillow          draft mode + thumbnail() in a pool of nproc processes
#   opencv          IMREAD_REDUCED_COLOR_4 + resize(INTER_AREA) + imwrite
#                   in a pool of nproc processes
#
#   pipelines/bench/thumbnail.sh [BUILD_DIR]
#
# Every tool writes JPEG at the same QUALITY (4:2:0). Times are the wall
# time of the whole command (process start-up included), median of RUNS
# interleaved runs on a warm page cache; every run must write N_IMAGES
# files. Then the PSNR of each tool's thumbnails against one float
# reference, a double-precision Lanczos3 resize of the full-resolution
# decode (thumbnail_psnr.py, cached), for the first PSNR_IMAGES images.
# The table goes to BUILD/bench-data/thumbnail.md, its rows as data to
# thumbnail.csv (results.py md2csv, for charts.py).
#
# Environment (all optional):
#   BUILD        build directory (default <repo>/build; the argument wins)
#   N_IMAGES     images (default 40)       RUNS      runs, median (default 3)
#   QUALITY      output JPEG quality (85)  PSNR_IMAGES  images for PSNR (10)
#   DATA         input folder (default BUILD/bench-data/photos-4k, shared
#                with decode.sh)
#   PROCS        processes for the pools and vips P (default nproc)
#   SKIP_BUILD   1: do not run ninja (the default when meson runs it)
#   TOOLS        subset to run, e.g. "imagemill vips-best opencv"
# Tools that are not installed are skipped with a note (scripts/setup.sh
# installs them: libvips-tools python3-pil python3-opencv python3-numpy).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

BUILD=${1:-${BUILD:-$root/build}}
N_IMAGES=${N_IMAGES:-40}
RUNS=${RUNS:-3}
QUALITY=${QUALITY:-85}
PSNR_IMAGES=${PSNR_IMAGES:-10}
PROCS=${PROCS:-$(nproc)}
# run by meson (a run_target): ninja is already running
if [ -n "${MESON_BUILD_ROOT:-}" ]; then
  SKIP_BUILD=${SKIP_BUILD:-1}
fi
SKIP_BUILD=${SKIP_BUILD:-0}
BOX_W=640
BOX_H=338
WIDTH=3840
HEIGHT=2160
SEED=1
SRC_QUALITY=90
PY=/usr/bin/python3

die () {
  echo "thumbnail.sh: $*" >&2
  exit 1
}

note () {
  echo "thumbnail.sh: $*" >&2
}

for v in N_IMAGES RUNS QUALITY PSNR_IMAGES PROCS; do
  case ${!v} in
    '' | *[!0-9]* | 0) die "$v must be a positive integer, not '${!v}'" ;;
  esac
done
command -v gst-launch-1.0 >/dev/null ||
  die "gst-launch-1.0 is not installed (scripts/setup.sh)"

# ---------------------------------------------------------------- build
if [ ! -d "$BUILD" ]; then
  [ "$SKIP_BUILD" = 1 ] && die "no build directory $BUILD"
  meson setup "$BUILD" "$root" >&2 || die "meson setup $BUILD failed"
fi
BUILD=$(cd "$BUILD" && pwd)
GEN=$BUILD/tests/imagemill-gen
if [ "$SKIP_BUILD" != 1 ]; then
  ninja -C "$BUILD" >&2 || note "the build failed: imagemill may be stale"
fi
[ -x "$GEN" ] || die "$GEN is missing (ninja -C $BUILD tests/imagemill-gen)"

# ---------------------------------------------------------------- data
# Same folder and stamp as decode.sh: whichever runs first generates it.
DATA=${DATA:-$BUILD/bench-data/photos-4k}
mkdir -p "$DATA"
stamp="seed=$SEED size=${WIDTH}x$HEIGHT quality=$SRC_QUALITY gen=$(cksum <"$root/tests/gen/imagemill-gen.c" | cut -d' ' -f1)"
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
    --height "$HEIGHT" --quality "$SRC_QUALITY" --seed "$SEED" ||
    die "imagemill-gen failed"
  echo "$stamp" >"$DATA/.stamp"
fi

# the fit of 3840x2160 in the box, for the tools that need a size
read -r FIT_W FIT_H < <(awk -v w=$WIDTH -v h=$HEIGHT -v bw=$BOX_W -v bh=$BOX_H \
  'BEGIN { s = bw / w; if (bh / h < s) s = bh / h;
           printf "%d %d\n", int(w * s + 0.5), int(h * s + 0.5) }')

# ---------------------------------------------------------------- tools
export GST_PLUGIN_PATH="$BUILD/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
export GST_REGISTRY="$BUILD/bench-data/registry.bin"
OUT=$BUILD/bench-data/thumbnails
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

has_element () {
  gst-inspect-1.0 "$1" >/dev/null 2>&1
}

ids=()
declare -A label
add () {
  if [ -n "${TOOLS:-}" ] && [[ " $TOOLS " != *" $1 "* ]] &&
    [[ " $TOOLS " != *" ${1%%-*} "* ]]; then
    return
  fi
  ids+=("$1")
  label[$1]=$2
}

# decided once: gst-inspect inside a timed run would be timed too
MILL_FILES=0
if has_element thumbnailer; then
  if has_element dataset-src && has_element queue-saver; then
    MILL_FILES=1
    add imagemill "imagemill: dataset-src ! thumbnailer ! queue-saver"
  else
    add imagemill "imagemill: multifilesrc ! thumbnailer ! jpegenc"
  fi
else
  note "thumbnailer is not available with GST_PLUGIN_PATH=$BUILD/plugins"
fi
if command -v vipsthumbnail >/dev/null; then
  add vips "vipsthumbnail (default)"
  add "vips-${PROCS}x1" "vipsthumbnail, $PROCS processes, VIPS_CONCURRENCY=1"
  add "vips-${PROCS}x2" "vipsthumbnail, $PROCS processes, VIPS_CONCURRENCY=2"
else
  note "vipsthumbnail is missing (libvips-tools): skipped"
fi
if has_element jpegdec && has_element videoscale && has_element jpegenc; then
  add gst "jpegdec ! videoscale ! jpegenc"
fi
if $PY -c 'import PIL' 2>/dev/null; then
  add pillow "Pillow draft + thumbnail, $PROCS processes"
else
  note "Pillow is missing (python3-pil): skipped"
fi
if $PY -c 'import cv2' 2>/dev/null; then
  add opencv "OpenCV REDUCED_COLOR_4 + INTER_AREA, $PROCS processes"
else
  note "OpenCV is missing (python3-opencv): skipped"
fi
[ ${#ids[@]} -gt 0 ] || die "nothing to run"

# run_tool ID DIR: the command of one tool, writing into DIR
run_tool () {
  local id=$1 dir=$2 per=$(((N_IMAGES + PROCS - 1) / PROCS))
  case $id in
    imagemill)
      if [ "$MILL_FILES" = 1 ]; then
        gst-launch-1.0 -q dataset-src location="$DATA" extensions=jpg \
          num-items="$N_IMAGES" ! \
          thumbnailer width=$BOX_W height=$BOX_H ! \
          queue-saver location="$dir/{stem}.jpg" quality="$QUALITY"
      else
        gst-launch-1.0 -q multifilesrc location="$DATA/photo_%04d.jpg" \
          stop-index=$((N_IMAGES - 1)) caps=image/jpeg ! \
          thumbnailer width=$BOX_W height=$BOX_H ! \
          jpegenc quality="$QUALITY" ! \
          multifilesink location="$dir/photo_%04d.jpg"
      fi ;;
    vips)
      vipsthumbnail --size "${BOX_W}x$BOX_H" -o "$dir/%s.jpg[Q=$QUALITY]" \
        "${files[@]}" ;;
    vips-*)
      local c=${id##*x}
      printf '%s\0' "${files[@]}" | VIPS_CONCURRENCY=$c xargs -0 -n "$per" \
        -P "$PROCS" vipsthumbnail --size "${BOX_W}x$BOX_H" \
        -o "$dir/%s.jpg[Q=$QUALITY]" ;;
    gst)
      gst-launch-1.0 -q multifilesrc location="$DATA/photo_%04d.jpg" \
        stop-index=$((N_IMAGES - 1)) caps=image/jpeg ! jpegdec ! \
        videoscale ! "video/x-raw,width=$FIT_W,height=$FIT_H" ! \
        jpegenc quality="$QUALITY" ! \
        multifilesink location="$dir/photo_%04d.jpg" ;;
    pillow)
      $PY "$here/thumbnail_pool.py" pil "$PROCS" $BOX_W $BOX_H "$QUALITY" \
        "$dir" "${files[@]}" >/dev/null ;;
    opencv)
      $PY "$here/thumbnail_pool.py" cv "$PROCS" $BOX_W $BOX_H "$QUALITY" \
        "$dir" "${files[@]}" >/dev/null ;;
  esac
}

# CPU seconds (user + system) of the finished children of this shell: the
# second line of `times`, run here (a $(...) subshell has other children)
children_cpu () {
  times >"$tmp/times"
  awk 'NR == 2 {
    n = split($0, t, " "); s = 0
    for (i = 1; i <= n; i++) { split(t[i], p, "m"); s += p[1] * 60 + p[2] }
    printf "%.3f\n", s }' "$tmp/times"
}

# ---------------------------------------------------------------- runs
: >"$tmp/results"
note "${#ids[@]} tools x $RUNS runs on $N_IMAGES images, $PROCS cores"
for ((run = 1; run <= RUNS; run++)); do
  for id in "${ids[@]}"; do
    dir=$OUT/$id
    rm -rf "$dir" && mkdir -p "$dir"
    note "run $run/$RUNS: ${label[$id]}"
    children_cpu >"$tmp/c0"
    t0=$(date +%s%N)
    rc=0
    run_tool "$id" "$dir" >"$tmp/$id.log" 2>&1 || rc=$?
    t1=$(date +%s%N)
    children_cpu >"$tmp/c1"
    n=$(find "$dir" -name '*.jpg' | wc -l)
    if [ "$rc" != 0 ] || [ "$n" != "$N_IMAGES" ]; then
      note "${label[$id]}: exit $rc, $n of $N_IMAGES files"
      tail -n 5 "$tmp/$id.log" >&2
      echo "$id fail" >>"$tmp/results"
      continue
    fi
    awk -v id="$id" -v n="$N_IMAGES" -v ns=$((t1 - t0)) \
      -v c0="$(cat "$tmp/c0")" -v c1="$(cat "$tmp/c1")" 'BEGIN {
        printf "%s %.3f %.2f\n", id, n * 1e9 / ns, (c1 - c0) * 1000 / n
      }' >>"$tmp/results"
  done
done

# ---------------------------------------------------------------- quality
note "PSNR against the float Lanczos3 reference, $PSNR_IMAGES images" \
  "(the first run computes and caches the references)"
psnr_args=()
for id in "${ids[@]}"; do
  psnr_args+=("$id=$OUT/$id")
done
$PY "$here/thumbnail_psnr.py" "$DATA" "$BUILD/bench-data/thumbnail-ref" \
  "$PSNR_IMAGES" "${psnr_args[@]}" >"$tmp/psnr" ||
  note "PSNR failed (python3-numpy, python3-pil?)"

# ---------------------------------------------------------------- table
report="$BUILD/bench-data/thumbnail.md"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
for id in "${ids[@]}"; do
  printf '%s\t%s\n' "$id" "${label[$id]}"
done >"$tmp/tools"
{
  echo "### Thumbnails: $N_IMAGES JPEGs ${WIDTH}x$HEIGHT q$SRC_QUALITY -> JPEG q$QUALITY fitting ${BOX_W}x$BOX_H"
  echo
  echo "$(date -u +%Y-%m-%d), ${cpu:-unknown CPU}, $(nproc) cores, load" \
    "$(cut -d' ' -f1-3 /proc/loadavg) before the table, median of $RUNS runs."
  echo
  awk -F'\t' '
    function median(id,   k, i, j, t, a) {
      k = 0
      for (i = 1; i <= cnt[id]; i++) a[++k] = val[id, i]
      if (k == 0) return -1
      for (i = 2; i <= k; i++) {
        t = a[i]
        for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
        a[j + 1] = t
      }
      return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    FILENAME == ARGV[1] { split($0, f, " ")
      if (f[2] != "fail") { val[f[1], ++cnt[f[1]]] = f[2]; cpu[f[1]] += f[3] }
      else failed[f[1]]++
      next }
    FILENAME == ARGV[2] { split($0, f, " ")
      db[f[1]] = f[2]; dbmin[f[1]] = f[3]; size[f[1]] = f[5]; next }
    { order[++nt] = $1; lab[$1] = $2 }
    END {
      for (i = 1; i <= nt; i++) med[order[i]] = median(order[i])
      im = med["imagemill"]
      vbest = -1; vbest_db = ""; peer = -1
      for (i = 1; i <= nt; i++) {
        id = order[i]
        if (id ~ /^vips/ && med[id] > vbest) { vbest = med[id]; vbest_id = id }
        if (id != "imagemill" && id !~ /^vips/ && med[id] > peer) {
          peer = med[id]; peer_id = id }
      }
      print "| tool | thumbnails/s | imagemill is | CPU ms per thumbnail | PSNR dB (mean, min) | size |"
      print "| --- | ---: | ---: | ---: | ---: | --- |"
      for (i = 1; i <= nt; i++) {
        id = order[i]; m = med[id]
        if (m < 0) { printf "| %s | failed | | | | |\n", lab[id]; continue }
        r = (im > 0 && id != "imagemill") ? sprintf("%.2fx", im / m) : ""
        printf "| %s%s | %.1f | %s | %.1f | %s, %s | %s |\n", lab[id],
          failed[id] ? sprintf(" (%d failed runs)", failed[id]) : "", m, r,
          cpu[id] / cnt[id], db[id], dbmin[id], size[id]
      }
      if (im > 0) {
        print ""
        if (vbest > 0)
          printf "Goal 1, >= 1.3x vipsthumbnail best (%s): %.2fx %s\n",
            vbest_id, im / vbest, (im >= 1.3 * vbest) ? "MET" : "NOT MET"
        if (peer > 0)
          printf "Goal 2, faster than the fastest peer (%s, %.1f/s): %.2fx %s\n",
            peer_id, peer, im / peer, (im > peer) ? "MET" : "NOT MET"
        if (vbest > 0 && db["imagemill"] != "" && db[vbest_id] != "")
          printf "Goal 3, PSNR >= vips - 0.5 dB: %s vs %s dB %s\n",
            db["imagemill"], db[vbest_id],
            (db["imagemill"] + 0 >= db[vbest_id] - 0.5) ? "MET" : "NOT MET"
      }
    }' "$tmp/results" "$tmp/psnr" "$tmp/tools"
  echo
  echo "thumbnails/s: wall time of each whole command (start-up included)." \
    "CPU ms: user + system time of the command and its children per" \
    "thumbnail, mean of the runs (what a busy machine cannot hide). PSNR" \
    "of the first $PSNR_IMAGES thumbnails against a double-precision" \
    "Lanczos3 resize of the full-resolution decode."
} | tee "$report"
/usr/bin/python3 "$here/results.py" md2csv "$report" "${report%.md}.csv"
note "table saved to $report, data to ${report%.md}.csv"
