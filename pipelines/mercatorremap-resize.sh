#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Downstream asks for another size: the 2:1 test pattern becomes a square
# 1024x1024 transverse map in one pass (no videoscale), encoded to JPEG
# frames. The lookup table is built once, for the first frame.
#
#   pipelines/mercatorremap-resize.sh [OUT_DIR]
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$here/build/plugins" ] && export GST_PLUGIN_PATH="$here/build/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
out=${1:-.}
exec gst-launch-1.0 -q videotestsrc num-buffers=${NUM_BUFFERS:-10} pattern=ball \
  ! video/x-raw,format=BGRx,width=2048,height=1024 \
  ! mercatorremap interpolation=bicubic workers=0 \
  ! video/x-raw,width=1024,height=1024 ! videoconvert ! jpegenc \
  ! multifilesink location="$out/transverse_%03d.jpg"
