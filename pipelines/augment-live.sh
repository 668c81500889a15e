#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A test pattern augmented frame by frame on screen: flipped half of the
# time, rotated, bent by a grid distortion and cut by a random resized crop,
# all fused into one resample. TRANSFORMS replaces the pipeline (the
# element's transforms syntax); SINK=fakesink runs it without a display.
#
#   pipelines/augment-live.sh
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$here/build/plugins" ] && export GST_PLUGIN_PATH="$here/build/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
transforms=${TRANSFORMS:-"HorizontalFlip(p=0.5), Rotate(limit=20, p=0.8), GridDistortion(p=0.5), RandomResizedCrop(size=[360, 640], scale=[0.6, 1.0])"}
exec gst-launch-1.0 videotestsrc num-buffers=${NUM_BUFFERS:-150} pattern=smpte \
  ! video/x-raw,format=RGB,width=640,height=360,framerate=30/1 \
  ! augment transforms="$transforms" seed=1 \
  ! videoconvert ! ${SINK:-autovideosink}
