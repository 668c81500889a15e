#!/bin/sh
# The main job on generated sample data: set up, build, generate a folder of
# photo-like JPEGs and PNGs in sub-folders, then run two batch pipelines on
# it and say what they did and how fast:
#   convert:    dataset-src ! decoder-pool ! queue-saver   (JPEG q90, same names)
#   thumbnails: dataset-src ! thumbnailer ! queue-saver    (fit 320x180)
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

# run NAME PIPELINE-TAIL: times one batch pipeline and checks that every
# input is listed in the manifest as written
run() {
  name=$1
  shift
  start=$(date +%s.%N)
  gst-launch-1.0 -q dataset-src location="$DATA" ! "$@" \
    manifest="$OUT/$name.csv"
  end=$(date +%s.%N)
  awk -F, -v name="$name" -v n_in="$n_in" -v t0="$start" -v t1="$end" '
    NR > 1 && $6 == "written" { n++; bytes += $5 }
    END {
      t = t1 - t0
      printf "%-10s %d of %d images -> %s/%s/ (%.1f MB) in %.2f s: %.1f images/s\n",
        name, n, n_in, "'"$OUT"'", name, bytes / 1e6, t, n / t
      if (n != n_in) { print "ERROR: images were lost"; exit 1 }
    }' "$OUT/$name.csv"
}

run convert decoder-pool ! queue-saver quality=90 \
  location="$OUT/convert/{dir}/{stem}.jpg"
if gst-inspect-1.0 thumbnailer >/dev/null 2>&1; then
  run thumbnails thumbnailer width=320 height=180 ! queue-saver quality=85 \
    location="$OUT/thumbnails/{dir}/{stem}.jpg"
fi
