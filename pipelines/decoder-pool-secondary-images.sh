#!/bin/sh
# Every image of one JPEG file to PNG: the primary and the secondary images
# its MPF index lists (Ultra HDR gain map, depth map, the second view of an
# MPO stereo pair), OUT_0.png, OUT_1.png, ... each at its own size.
#   pipelines/decoder-pool-secondary-images.sh photo.jpg out/photo
set -e
[ $# -eq 2 ] || { echo "usage: $0 IN.jpg OUT-PREFIX" >&2; exit 2; }
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
gst-launch-1.0 -q filesrc location="$1" \
  ! decoder-pool secondary-images=emit ! videoconvert ! pngenc \
  ! multifilesink location="$2_%d.png"
