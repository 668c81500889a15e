#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A camera's NV12 frames augmented as they are (no videoconvert before
# augment): rotated, cropped, jittered, blurred and noised on worker
# threads, late frames lighter (qos-skip), the stats posted every second
# (-m prints them). DEVICE=/dev/video0 reads a real camera; SINK=fakesink
# runs without a display.
#
#   pipelines/augment-camera.sh
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$here/build/plugins" ] && export GST_PLUGIN_PATH="$here/build/plugins${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
if [ -n "${DEVICE:-}" ]; then
  src="v4l2src device=$DEVICE"
else
  src="videotestsrc is-live=true pattern=ball num-buffers=${NUM_BUFFERS:-150}"
fi
exec gst-launch-1.0 -m $src \
  ! video/x-raw,format=NV12,width=1280,height=720,framerate=30/1 \
  ! augment seed=1 qos-skip=GaussianBlur,GaussNoise stats-interval=1000 \
      transforms="Rotate(limit=15, p=1), RandomResizedCrop(size=[720, 1280], scale=[0.6, 1], p=1), ColorJitter(p=1), GaussianBlur(p=1), GaussNoise(std_range=[0.02, 0.06], p=1)" \
  ! videoconvert ! ${SINK:-autovideosink}
