#!/bin/sh
# Read the images named in a list file (one path per line, '#' comments,
# relative paths relative to the list's folder), in the list's own order
# (sort=false), and print each buffer's caps, offset and source path.
#   pipelines/dataset-src-list.sh train.txt
set -e
[ $# -eq 1 ] || { echo "usage: $0 LIST.txt" >&2; exit 2; }
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
gst-launch-1.0 -v dataset-src location="$1" sort=false \
  ! fakesink silent=false sync=false |
  grep -E 'caps = |last-message = chain'
