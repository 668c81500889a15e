#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Mercator -> transverse Mercator -> Mercator: the map comes back, but for the
# caps beyond max-latitude of either map (background there).
#
#   pipelines/mercatorremap-roundtrip.sh IN.png OUT.png
set -e
[ $# -eq 2 ] || { echo "usage: $0 IN.png OUT.png" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$here/build/plugins" ] && export GST_PLUGIN_PATH="$here/build/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
exec gst-launch-1.0 -q filesrc location="$1" ! pngdec ! videoconvert \
  ! video/x-raw,format=RGBx ! mercatorremap interpolation=bicubic \
  ! mercatorremap direction=to-mercator interpolation=bicubic \
  ! videoconvert ! pngenc ! filesink location="$2"
