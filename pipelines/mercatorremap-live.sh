#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A test pattern redrawn as a transverse Mercator map, on screen: the
# element's SECTION launch line. SINK=fakesink runs it without a display.
#
#   pipelines/mercatorremap-live.sh
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$here/build/plugins" ] && export GST_PLUGIN_PATH="$here/build/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
exec gst-launch-1.0 videotestsrc num-buffers=${NUM_BUFFERS:-30} pattern=smpte \
  ! video/x-raw,format=RGB,width=720,height=360 ! mercatorremap \
  ! videoconvert ! ${SINK:-autovideosink}
