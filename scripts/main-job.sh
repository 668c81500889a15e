#!/bin/sh
# The main job on generated sample data: set up, build, generate a folder of
# photo-like JPEGs and PNGs in sub-folders, then run two batch jobs on it
# with the imagemill command, which shows a progress line and a summary:
#   imagemill convert:   dataset-src ! decoder-pool ! queue-saver  (JPEG q90)
#   imagemill thumbnail: dataset-src ! thumbnailer ! queue-saver   (320x180)
set -e
cd "$(dirname "$0")/.."
./scripts/setup.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null

DATA=build/sample-data/photos
OUT=build/sample-data/out
COUNT=${COUNT:-24}
if [ ! -f "$DATA/.done-$COUNT" ]; then
  rm -rf "$DATA"
  echo "generating 2 x $COUNT photo-like 1920x1080 images (every 4th a PNG) in $DATA"
  for set in city:1 coast:2; do
    mkdir -p "$DATA/${set%:*}"
    build/tests/imagemill-gen --out "$DATA/${set%:*}" --set photos \
      --count "$COUNT" --width 1920 --height 1080 --png --seed "${set#*:}"
  done
  touch "$DATA/.done-$COUNT"
fi
rm -rf "$OUT"

export GST_PLUGIN_PATH="$PWD/build/plugins"
export GST_REGISTRY="$PWD/build/sample-data/registry.bin"
n_in=$(find "$DATA" -name 'photo_*' | wc -l)
mb_in=$(du -sm "$DATA" | cut -f1)
echo "input: $n_in images ($mb_in MB) in $DATA, $(nproc) cores"

# The imagemill command (docs/imagemill-command.md) builds each pipeline,
# shows its progress and a summary, and exits non-zero unless every input
# became an output; --dry-run would print the pipeline instead.
imagemill=build/tools/imagemill
echo
echo "== convert: every image to JPEG q90, same relative names"
$imagemill convert "$DATA" --recursive --quality 90 \
  -o "$OUT/convert/{dir}/{stem}.jpg" --manifest "$OUT/convert.csv"
echo
echo "== thumbnails: fit 320x180, JPEG q85"
$imagemill thumbnail "$DATA" --recursive --size 320x180 --quality 85 \
  -o "$OUT/thumbnails/{dir}/{stem}.jpg" --manifest "$OUT/thumbnails.csv"
