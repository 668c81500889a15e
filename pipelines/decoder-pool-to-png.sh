#!/bin/sh
# Decode one JPEG or PNG file (a byte stream: decoder-pool frames it) and
# save it upright as PNG.
#   pipelines/decoder-pool-to-png.sh photo.jpg photo.png
set -e
[ $# -eq 2 ] || { echo "usage: $0 IN.jpg|IN.png OUT.png" >&2; exit 2; }
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
gst-launch-1.0 -q filesrc location="$1" ! decoder-pool ! videoconvert \
  ! pngenc ! filesink location="$2"
