#!/bin/sh
# Convert a folder of JPEGs and PNGs (sub-folders included) to PNG, keeping
# the relative names, with a CSV manifest. Resumable: files already there
# are skipped, so re-running after an interruption makes only what is
# missing.
#   pipelines/queue-saver-folder-to-png.sh IN_DIR OUT_DIR [savers]
set -e
[ $# -ge 2 ] || { echo "usage: $0 IN_DIR OUT_DIR [SAVERS]" >&2; exit 2; }
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
gst-launch-1.0 dataset-src location="$1" recursive=true \
  ! decoder-pool \
  ! queue-saver location="$2/{dir}/{stem}.png" savers="${3:-0}" \
      if-exists=skip manifest="$2/manifest.csv"
