#!/bin/sh
# Thumbnails of every JPEG and PNG in a folder, on all cores, named after
# their inputs: IN_DIR/a/b.jpg -> OUT_DIR/a/b.jpg (fit into the box, JPEG
# quality 85, turned upright).
#   pipelines/thumbnailer-folder.sh IN_DIR OUT_DIR [WIDTHxHEIGHT]
set -e
[ $# -ge 2 ] || { echo "usage: $0 IN_DIR OUT_DIR [WIDTHxHEIGHT]" >&2; exit 2; }
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
size=${3:-640x338}
gst-launch-1.0 -q dataset-src location="$1" recursive=true \
  ! thumbnailer width="${size%x*}" height="${size#*x}" on-error=skip \
  ! queue-saver location="$2/{dir}/{stem}.jpg" quality=85
