#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# One Mercator world map (PNG) redrawn as a transverse Mercator map (PNG).
# Extra arguments are mercatorremap properties, for example
# direction=to-mercator, interpolation=bicubic, pole-longitude=0.
#
#   pipelines/mercatorremap-png.sh IN.png OUT.png [property=value ...]
#
# pipelines/bench/mercator_map.py draws a test map with a graticule.
set -e
[ $# -ge 2 ] || { echo "usage: $0 IN.png OUT.png [property=value ...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$here/build/plugins" ] && export GST_PLUGIN_PATH="$here/build/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
in=$1 out=$2
shift 2
exec gst-launch-1.0 -q filesrc location="$in" ! pngdec ! videoconvert \
  ! video/x-raw,format=RGB ! mercatorremap "$@" ! videoconvert \
  ! pngenc ! filesink location="$out"
