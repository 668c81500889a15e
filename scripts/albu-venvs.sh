#!/bin/sh
# Create the albumentations oracles the augment tests and benchmarks compare
# with: build/albu-2.0 (albumentations 2.0.8) and build/albu-1.4 (1.4.24),
# each a venv of the system python3 with opencv-python-headless. Idempotent:
# a venv that already imports its pinned version is left as it is.
#   scripts/albu-venvs.sh
set -e
# albumentations otherwise asks PyPI for a newer version on every import
export NO_ALBUMENTATIONS_UPDATE=1

cd "$(dirname "$0")/.."
scripts/setup.sh --albumentations

make_venv () {
  dir="$1"
  version="$2"
  if [ -x "$dir/bin/python" ] && "$dir/bin/python" -c "
import sys, albumentations, cv2
sys.exit(albumentations.__version__ != '$version')" 2>/dev/null; then
    return 0
  fi
  echo "albu-venvs: creating $dir (albumentations $version)" >&2
  rm -rf "$dir"
  /usr/bin/python3 -m venv "$dir"
  "$dir/bin/python" -m pip install -q --disable-pip-version-check \
    "albumentations==$version" opencv-python-headless
}

mkdir -p build
make_venv build/albu-2.0 2.0.8
make_venv build/albu-1.4 1.4.24

for dir in build/albu-2.0 build/albu-1.4; do
  "$dir/bin/python" -c "
import albumentations, cv2, numpy
print('$dir: albumentations', albumentations.__version__,
      'opencv', cv2.__version__, 'numpy', numpy.__version__)"
done
