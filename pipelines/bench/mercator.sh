#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Seed 004 (transverse Mercator) reproduced with mercatorremap, side by side
# with the seed's own numbers and with OpenCV's cv2.remap. One command:
#
#   pipelines/bench/mercator.sh [--sizes 720x360,2048x1024,3840x1920]
#       [--workers N] [--min-time S] [--repeat R] [--frames F] [--quick]
#       [--seed-python 720x360]
#
# (--quick: lines per chunk 1, 16 and auto only; --seed-python: also time
# the seed's own Python here, about 6 s per 720x360 map per core. The full
# default run takes about 7 minutes on 2 cores.) The seed and cv2 tables
# are also written as data, build/bench-data/mercator-{seed,cv2}.csv, for
# charts.py.
#
# Needs python3-gi, python3-opencv and python3-numpy (Debian), and the
# imagemill build in build/ (built here if missing). Run it on a quiet
# machine: every other process steals from the numbers.
set -e
cd "$(dirname "$0")/../.."
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build plugins/libgstimagemill.so >/dev/null
export GST_PLUGIN_PATH="$PWD/build/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
exec /usr/bin/python3 pipelines/bench/mercator_bench.py \
  --csv-dir build/bench-data "$@"
