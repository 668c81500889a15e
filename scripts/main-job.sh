#!/bin/sh
# The main job on generated sample data: set up, build, generate a folder of
# photo-like JPEGs and PNGs, decode it with decoder-pool, say how fast.
set -e
cd "$(dirname "$0")/.."
./scripts/setup.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null

DATA=build/sample-data/photos
COUNT=${COUNT:-48}
if [ ! -f "$DATA/.done-$COUNT" ]; then
  rm -rf "$DATA" && mkdir -p "$DATA"
  echo "generating $COUNT photo-like 1920x1080 images (every 4th a PNG) in $DATA"
  build/tests/imagemill-gen --out "$DATA" --set photos --count "$COUNT" \
    --width 1920 --height 1080 --png
  touch "$DATA/.done-$COUNT"
fi

export GST_PLUGIN_PATH="$PWD/build/plugins"
n=$(find "$DATA" -name 'photo_*' | wc -l)
mb=$(du -sm "$DATA" | cut -f1)
echo "decoding $n images ($mb MB) with decoder-pool, $(nproc) workers"
# The files go through one pipe: decoder-pool cuts the byte stream into
# images itself, JPEG and PNG mixed, and outputs them in order.
start=$(date +%s.%N)
frames=$(find "$DATA" -name 'photo_*' | sort | xargs cat |
  gst-launch-1.0 -v fdsrc blocksize=1048576 ! decoder-pool workers=0 \
    ! video/x-raw,format=RGB ! fakesink silent=false sync=false |
  grep -c 'last-message = chain')
end=$(date +%s.%N)
echo "$frames $n $start $end" | awk '{
  t = $4 - $3;
  printf "decoded %d of %d images in %.2f s: %.1f images/s\n", $1, $2, t, $1 / t;
  if ($1 != $2) { print "ERROR: images were lost"; exit 1 }
}'
