#!/bin/sh
# Set up, build and run the whole test suite: once optimised, once under
# AddressSanitizer + UndefinedBehaviorSanitizer (leaks included).
set -e
cd "$(dirname "$0")/.."
./scripts/setup.sh
# albumentations 2.0.8 and 1.4.24, the oracles of augment's tests (from
# PyPI; without them those tests skip)
./scripts/albu-venvs.sh >/dev/null 2>&1 ||
  echo "imagemill: no albumentations venvs (PyPI unreachable?): their tests skip" >&2

build() {
  dir=$1; shift
  [ -f "$dir/build.ninja" ] || meson setup "$dir" "$@" >/dev/null
  ninja -C "$dir" >/dev/null
}

build build
meson test -C build --print-errorlogs --num-processes 2

if [ "${IMAGEMILL_SKIP_ASAN:-0}" != 1 ]; then
  # (introspection: the scanner cannot run an instrumented dumper)
  build build-asan -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debug -Dintrospection=disabled
  G_SLICE=always-malloc G_DEBUG=gc-friendly \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp":print_suppressions=0 \
    meson test -C build-asan --print-errorlogs --num-processes 2 \
      --timeout-multiplier 3
fi
echo "imagemill: all tests passed"
