#!/bin/sh
# One image into an exact WIDTHxHEIGHT PNG, letterboxed on a colour
# (0xAARRGGBB), from any JPEG or PNG file.
#   pipelines/thumbnailer-pad.sh IN OUT.png [WIDTHxHEIGHT] [COLOUR]
set -e
[ $# -ge 2 ] || {
  echo "usage: $0 IN OUT.png [WIDTHxHEIGHT] [0xAARRGGBB]" >&2
  exit 2
}
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
size=${3:-256x256}
gst-launch-1.0 -q filesrc location="$1" \
  ! thumbnailer width="${size%x*}" height="${size#*x}" mode=pad \
    background="${4:-0xff202020}" \
  ! videoconvert ! pngenc ! filesink location="$2"
