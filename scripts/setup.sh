#!/bin/sh
# Install the Debian 12 packages imagemill needs. Idempotent: installs only
# what is missing, and says nothing when all is present.
#   scripts/setup.sh          build, tests, examples
#   scripts/setup.sh --bench  also the peer tools the benchmarks compare with
#   scripts/setup.sh --albumentations  python3-venv for scripts/albu-venvs.sh
set -e

PACKAGES="
  build-essential pkg-config meson ninja-build
  libglib2.0-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  liborc-0.4-dev liborc-0.4-dev-bin libturbojpeg0-dev libspng-dev
  libjpeg-turbo-progs libjson-glib-dev libwebp-dev liblcms2-dev
  libimage-exiftool-perl
  gobject-introspection libgirepository1.0-dev
  python3-gi python3-gst-1.0 gir1.2-gstreamer-1.0 python3-numpy python3-pil
"
BENCH_PACKAGES="
  time python3-numpy python3-opencv python3-pil python3-gi
  gir1.2-gstreamer-1.0 libvips-tools python3-matplotlib
"
ALBU_PACKAGES="python3-venv"
for arg in "$@"; do
  case "$arg" in
    --bench) PACKAGES="$PACKAGES $BENCH_PACKAGES" ;;
    --albumentations) PACKAGES="$PACKAGES $ALBU_PACKAGES" ;;
    *) echo "imagemill setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "imagemill setup: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
