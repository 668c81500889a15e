#!/bin/sh
# Fixed-size 224x224 RGB frames for a model: every image of a folder cut
# to fill the box (centre crop), as raw frames on stdout (224*224*3 bytes
# each, in sorted input order).
#   pipelines/thumbnailer-ml-batch.sh IN_DIR > frames.rgb
set -e
[ $# -eq 1 ] || { echo "usage: $0 IN_DIR > frames.rgb" >&2; exit 2; }
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
gst-launch-1.0 -q dataset-src location="$1" \
  ! thumbnailer width=224 height=224 mode=fill no-upscale=false \
  ! video/x-raw,format=RGB ! fdsink fd=1
