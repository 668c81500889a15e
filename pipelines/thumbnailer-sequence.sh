#!/bin/sh
# Thumbnails of a numbered JPEG sequence with stock elements around the
# thumbnailer: IN_DIR/photo_0000.jpg ... -> OUT_DIR/thumb_0000.jpg ...
#   pipelines/thumbnailer-sequence.sh IN_DIR OUT_DIR [COUNT] [WIDTHxHEIGHT]
set -e
[ $# -ge 2 ] || {
  echo "usage: $0 IN_DIR OUT_DIR [COUNT] [WIDTHxHEIGHT]" >&2
  exit 2
}
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
size=${4:-640x338}
mkdir -p "$2"
gst-launch-1.0 -q multifilesrc location="$1/photo_%04d.jpg" \
    stop-index=$((${3:-10} - 1)) caps=image/jpeg \
  ! thumbnailer width="${size%x*}" height="${size#*x}" \
  ! jpegenc quality=85 ! multifilesink location="$2/thumb_%04d.jpg"
