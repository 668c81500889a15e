#!/bin/sh
# Decode every JPEG and PNG under DIR (sub-folders included, sorted by path)
# and save them as OUT/out_00000.png, OUT/out_00001.png, ... in that order.
# -m prints the dataset-src-progress messages.
#   pipelines/dataset-src-to-png.sh photos out
set -e
[ $# -eq 2 ] || { echo "usage: $0 DIR OUTDIR" >&2; exit 2; }
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
mkdir -p "$2"
gst-launch-1.0 -m dataset-src location="$1" prefetch=8 \
  ! decoder-pool ! videoconvert ! pngenc \
  ! multifilesink location="$2/out_%05d.png"
