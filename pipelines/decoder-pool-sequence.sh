#!/bin/sh
# Decode a numbered sequence of JPEGs on all cores, in order, and count the
# frames. DIR holds photo_0000.jpg, photo_0001.jpg, ... (scripts/main-job.sh
# or tests/gen make such folders).
#   pipelines/decoder-pool-sequence.sh build/bench-data/photos-4k [workers]
set -e
[ $# -ge 1 ] || { echo "usage: $0 DIR [WORKERS]" >&2; exit 2; }
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
gst-launch-1.0 multifilesrc location="$1/photo_%04d.jpg" \
    caps="image/jpeg,framerate=30/1" \
  ! decoder-pool workers="${2:-0}" on-error=skip \
  ! video/x-raw,format=RGB ! fakesink sync=false
