#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# COPIES augmented copies of every JPEG and PNG under IN_DIR, with an
# albumentations pipeline file (default pipelines/augment-example.json,
# saved by albumentations 2.0.8's A.save), reproducibly (same SEED, same
# bytes), named OUT_DIR/{stem}_{copy}.jpg, listed in OUT_DIR/manifest.jsonl
# (source file, index and copy of every output, and the plan that made it:
# the augment column, replayable with augment replay=...).
# Without IN_DIR, a few photo-like test images are generated first.
#
#   pipelines/augment-folder.sh [IN_DIR [OUT_DIR [COPIES [SEED]]]]
#   CONFIG=my.json pipelines/augment-folder.sh photos/ aug/ 10 7
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$here/build/plugins" ] && export GST_PLUGIN_PATH="$here/build/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
in=${1:-}
out=${2:-aug}
copies=${3:-4}
seed=${4:-7}
config=${CONFIG:-$here/pipelines/augment-example.json}
if [ -z "$in" ]; then
  in=$(mktemp -d)
  trap 'rm -rf "$in"' EXIT
  "$here/build/tests/imagemill-gen" --out "$in" --set photos --count 4 \
    --width 640 --height 480 --seed 1 >/dev/null
fi
mkdir -p "$out"
gst-launch-1.0 -q dataset-src location="$in" recursive=true \
  ! decoder-pool \
  ! augment config="$config" copies="$copies" seed="$seed" \
  ! queue-saver location="$out/{stem}_{copy}.jpg" quality=90 \
      manifest="$out/manifest.jsonl"
echo "$out: $(ls "$out" | grep -c '\.jpg$') images, manifest $out/manifest.jsonl"
