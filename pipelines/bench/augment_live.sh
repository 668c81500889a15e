#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
#
# Live camera benchmark of augment (issue 11): a live 1920x1080 NV12 30 fps
# source through rotate, random resized crop, colour jitter, Gaussian blur
# and Gaussian noise for SECONDS, three ways in one run: augment on NV12,
# the same through videoconvert ! RGBx ! augment ! videoconvert, and OpenCV
# doing the five transforms on the same frames; then 3840x2160 NV12: the
# highest frame rate (of MAX_FPS) with no late frame. Late frames, CPU
# (cores), reported latency and measured capture-to-output delay; see
# augment_live.py for the method.
#
#   pipelines/bench/augment_live.sh [BUILD_DIR]
#
# Environment: SECONDS_PER_RUN (default 60), WORKERS (2), MAX_FPS
# (15,12,10,8,6,5), SWEEP_SECONDS (20), OUT (BUILD/bench-augment-live.json),
# CHART (docs/images/augment-live-bench.png).
# Needs python3-gi and python3-opencv (scripts/setup.sh --bench).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
BUILD=${1:-${BUILD:-$root/build}}
OUT=${OUT:-$BUILD/bench-augment-live.json}
[ "${SKIP_BUILD:-0}" = 1 ] || ninja -C "$BUILD" >/dev/null
export GST_PLUGIN_PATH="$BUILD/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
/usr/bin/python3 "$here/augment_live.py" --seconds "${SECONDS_PER_RUN:-60}" \
  --workers "${WORKERS:-2}" --json "$OUT" \
  --chart "${CHART:-$root/docs/images/augment-live-bench.png}"
/usr/bin/python3 "$here/augment_live.py" --size 3840x2160 \
  --seconds "${SWEEP_SECONDS:-20}" --workers "${WORKERS:-2}" \
  --max-fps "${MAX_FPS:-15,12,10,8,6,5}" --json "${OUT%.json}-4k.json"
