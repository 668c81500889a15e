#!/bin/sh
# Save N frames of a test source as numbered JPEGs (quality 90) on all
# cores, behind a bounded queue; the files are complete when EOS comes.
#   pipelines/queue-saver-frames.sh OUT_DIR [N] [WIDTHxHEIGHT]
set -e
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [N] [WIDTHxHEIGHT]" >&2; exit 2; }
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
size=${3:-1280x720}
gst-launch-1.0 videotestsrc num-buffers="${2:-100}" pattern=ball \
  ! "video/x-raw,width=${size%x*},height=${size#*x}" \
  ! queue-saver location="$1/frame_%05d.jpg" quality=90 max-queued=8
