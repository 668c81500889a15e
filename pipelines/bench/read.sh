#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
#
# Read benchmark (issue 3): how fast dataset-src hands a folder of JPEGs
# downstream with prefetch 0 (reads on the streaming thread), 1, 2, 4, 8
# and 16, side by side with multifilesrc on the same files.
#
#   pipelines/bench/read.sh [BUILD_DIR]
#
# 1. builds imagemill-gen, read_probe and the plugin (unless SKIP_BUILD=1,
#    or when run by meson: `ninja -C build bench-read` builds them first);
# 2. generates N_FILES photo-like 1920x1080 q90 JPEGs once into $DATA
#    (default BUILD_DIR/bench-data/read-1080p);
# 3. warm cache: each reader runs ROUNDS passes over the files (loop=true,
#    num-buffers = N_FILES x ROUNDS) into fakesink, RUNS times, interleaved;
#    the median time is kept. The time is taken by read_probe (read_probe.c,
#    built by meson as BUILD/pipelines/bench/read_probe, or compiled here
#    with cc and pkg-config when a build directory lacks it): from the
#    READY->PAUSED change, where the sources open and list their files, to
#    EOS; process start-up and plugin loading are left out;
# 4. cold cache: one pass per run, the files evicted from the page cache
#    before each run, with `echo 3 > /proc/sys/vm/drop_caches` when it can be
#    written (EVICT=drop) and otherwise with posix_fadvise(DONTNEED) on the
#    files (EVICT=fadvise, pipelines/bench/read_evict.py). EVICT=none skips it.
#    A virtual disk may still be cached by its host: say so with the numbers;
# 5. every run must deliver all its buffers and bytes (read_probe counts
#    them at the sink);
# 6. prints a markdown table (files/s, MB/s, ratio to multifilesrc), also
#    saved to BUILD_DIR/bench-data/read.md, and as data to read.csv
#    (results.py md2csv, for charts.py).
#
# Environment (all optional):
#   BUILD       build directory (default <repo>/build; the argument wins)
#   N_FILES     number of JPEGs (default 200)
#   ROUNDS      passes per warm run (default 5)
#   RUNS        runs per configuration, median taken (default 3)
#   PREFETCH    dataset-src prefetch values (default "0 1 2 4 8 16")
#   EVICT       auto (default), drop, fadvise or none
#   DATA        image folder (default BUILD/bench-data/read-1080p)
#   SKIP_BUILD  1: do not run ninja

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

BUILD=${1:-${BUILD:-$root/build}}
N_FILES=${N_FILES:-200}
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-3}
PREFETCH=${PREFETCH:-0 1 2 4 8 16}
EVICT=${EVICT:-auto}
if [ -n "${MESON_BUILD_ROOT:-}" ]; then
  SKIP_BUILD=${SKIP_BUILD:-1}
fi
SKIP_BUILD=${SKIP_BUILD:-0}

die () {
  echo "read.sh: $*" >&2
  exit 1
}

note () {
  echo "read.sh: $*" >&2
}

for v in N_FILES ROUNDS RUNS; do
  case ${!v} in
    '' | *[!0-9]* | 0) die "$v must be a positive integer, not '${!v}'" ;;
  esac
done
for tool in gst-inspect-1.0 awk; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup.sh)"
done

# ---------------------------------------------------------------- build
if [ "$SKIP_BUILD" != 1 ]; then
  [ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" "$root" >&2
  ninja -C "$BUILD" tests/imagemill-gen pipelines/bench/read_probe \
    plugins/libgstimagemill.so >&2 ||
    die "could not build imagemill-gen, read_probe and the plugin in $BUILD"
fi
BUILD=$(cd "$BUILD" && pwd)
GEN=$BUILD/tests/imagemill-gen
[ -x "$GEN" ] || die "$GEN is missing (ninja -C $BUILD tests/imagemill-gen)"

# ---------------------------------------------------------------- data
DATA=${DATA:-$BUILD/bench-data/read-1080p}
mkdir -p "$DATA"
stamp="n=$N_FILES seed=1 size=1920x1080 q=90 gen=$(cksum <"$root/tests/gen/imagemill-gen.c" | cut -d' ' -f1)"
if [ "$(cat "$DATA/.stamp" 2>/dev/null)" != "$stamp" ]; then
  note "generating $N_FILES 1920x1080 JPEGs into $DATA ..."
  rm -f "$DATA"/photo_*.jpg "$DATA/.stamp"
  "$GEN" --out "$DATA" --set photos --count "$N_FILES" --width 1920 \
    --height 1080 --quality 90 --seed 1 || die "imagemill-gen failed"
  echo "$stamp" >"$DATA/.stamp"
fi
files=("$DATA"/photo_*.jpg)
[ "${#files[@]}" = "$N_FILES" ] || die "$DATA holds ${#files[@]} photo_*.jpg, not $N_FILES"
bytes=$(cat "${files[@]}" | wc -c)

export GST_PLUGIN_PATH="$BUILD/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
export GST_REGISTRY="$BUILD/bench-data/registry.bin"
gst-inspect-1.0 dataset-src >/dev/null 2>&1 ||
  die "dataset-src is not in $BUILD/plugins (ninja -C $BUILD)"

# ---------------------------------------------------------------- eviction
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if [ "$EVICT" = auto ]; then
  if [ -w /proc/sys/vm/drop_caches ] && sync && (echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
    EVICT=drop
  elif command -v "$PY" >/dev/null; then
    EVICT=fadvise
  else
    EVICT=none
  fi
fi
evict () {
  case $EVICT in
    drop) sync; echo 3 >/proc/sys/vm/drop_caches ;;
    fadvise) "$PY" "$here/read_evict.py" "${files[@]}" ;;
  esac
}
case $EVICT in
  drop) evict_text="cold: \`echo 3 > /proc/sys/vm/drop_caches\` before each run" ;;
  fadvise) evict_text="cold: files evicted with posix_fadvise(DONTNEED) before each run (drop_caches not writable)" ;;
  none) evict_text="cold: not measured (EVICT=none, or no way to drop the page cache)" ;;
  *) die "EVICT must be auto, drop, fadvise or none" ;;
esac

# ---------------------------------------------------------------- configs
ids=(multifilesrc)
for p in $PREFETCH; do
  ids+=("prefetch$p")
done

# pipeline ID N: the source element of configuration ID, N buffers
source_of () {
  local id=$1 n=$2
  case $id in
    multifilesrc)
      echo multifilesrc "location=\"$DATA/photo_%04d.jpg\"" index=0 \
        "stop-index=$((N_FILES - 1))" loop=true "num-buffers=$n" \
        caps=image/jpeg ;;
    prefetch*)
      echo dataset-src "location=\"$DATA\"" "prefetch=${id#prefetch}" loop=true \
        "num-buffers=$n" ;;
  esac
}

label_of () {
  case $1 in
    multifilesrc) echo "multifilesrc" ;;
    prefetch0) echo "dataset-src prefetch=0 (no read-ahead)" ;;
    *) echo "dataset-src prefetch=${1#prefetch}" ;;
  esac
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PROBE=$BUILD/pipelines/bench/read_probe
if [ ! -x "$PROBE" ]; then
  # a build directory configured before read_probe joined meson.build
  note "$PROBE is missing, compiling read_probe.c with cc"
  for tool in cc pkg-config; do
    command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup.sh)"
  done
  PROBE=$tmp/read_probe
  # shellcheck disable=SC2046
  cc -O2 -o "$PROBE" "$here/read_probe.c" \
    $(pkg-config --cflags --libs gstreamer-1.0) ||
    die "could not build read_probe (libgstreamer1.0-dev)"
fi

# run_one ID N BYTES: prints "wall_ns cpu_ns" of one run; all N buffers and
# BYTES bytes must arrive
run_one () {
  local out wall
  out=$("$PROBE" "$(source_of "$1" "$2") ! fakesink name=sink sync=false") ||
    die "$(label_of "$1") failed"
  case $out in
    "buffers=$2 bytes=$3 ns="*)
      wall=${out##*bytes=$3 ns=}
      echo "${wall%% *} ${out##*cpu_ns=}" ;;
    *) die "$(label_of "$1"): $out, expected $2 buffers and $3 bytes" ;;
  esac
}

: >"$tmp/results"
note "${#ids[@]} readers x $RUNS runs, warm: $ROUNDS passes over $N_FILES files; $evict_text"
cat "${files[@]}" >/dev/null
for ((run = 1; run <= RUNS; run++)); do
  for id in "${ids[@]}"; do
    n=$((N_FILES * ROUNDS))
    echo "warm $id $(run_one "$id" "$n" $((bytes * ROUNDS))) $n $((bytes * ROUNDS))" >>"$tmp/results"
    if [ "$EVICT" != none ]; then
      evict
      echo "cold $id $(run_one "$id" "$N_FILES" "$bytes") $N_FILES $bytes" >>"$tmp/results"
    fi
  done
done

# ---------------------------------------------------------------- table
report="$BUILD/bench-data/read.md"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
load=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "### Read: $N_FILES JPEGs 1920x1080 q90 ($((bytes / 1000000)) MB) into fakesink"
  echo
  echo "$(date -u +%Y-%m-%d), ${cpu:-unknown CPU}, $(nproc) cores, load average" \
    "$load at the end, median of $RUNS runs. Time from READY->PAUSED" \
    "(listing included) to EOS, measured by read_probe. Warm: $ROUNDS" \
    "passes over the files in the page cache. $evict_text."
  echo
  for id in "${ids[@]}"; do
    printf '%s\t%s\n' "$id" "$(label_of "$id")"
  done >"$tmp/labels"
  awk -F'\t' '
    function median(key, which,   k, i, j, t, a) {
      k = cnt[key]
      for (i = 1; i <= k; i++) a[i] = val[key, i, which]
      for (i = 2; i <= k; i++) {
        t = a[i]
        for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
        a[j + 1] = t
      }
      return k == 0 ? -1 : (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    FILENAME == ARGV[1] { split($0, f, " ")  # mode id wall_ns cpu_ns files bytes
      key = f[1] SUBSEP f[2]
      i = ++cnt[key]
      val[key, i, "wall"] = f[3]; val[key, i, "cpu"] = f[4]
      nfiles[key] = f[5]; nbytes[key] = f[6]
      if (f[1] == "cold") have_cold = 1
      next }
    { order[++n] = $1; lab[$1] = $2 }
    END {
      modes = have_cold ? 2 : 1
      printf "| reader |"
      for (m = 1; m <= modes; m++) {
        mode = m == 1 ? "warm" : "cold"
        printf " %s files/s | %s MB/s | %s vs multifilesrc | %s CPU us/file |",
          mode, mode, mode, mode
        base[mode] = median(mode SUBSEP "multifilesrc", "wall")
      }
      printf "\n| --- |"
      for (m = 1; m <= modes; m++) printf " ---: | ---: | ---: | ---: |"
      printf "\n"
      for (i = 1; i <= n; i++) {
        id = order[i]
        printf "| %s |", lab[id]
        for (m = 1; m <= modes; m++) {
          mode = m == 1 ? "warm" : "cold"
          key = mode SUBSEP id
          t = median(key, "wall")
          printf " %.0f | %.0f | %.2f | %.0f |", nfiles[key] * 1e9 / t,
            nbytes[key] * 1e3 / t, base[mode] / t,
            median(key, "cpu") / 1e3 / nfiles[key]
        }
        printf "\n"
      }
    }' "$tmp/results" "$tmp/labels"
} | tee "$report"
/usr/bin/python3 "$here/results.py" md2csv "$report" "${report%.md}.csv"
note "table saved to $report, data to ${report%.md}.csv"
