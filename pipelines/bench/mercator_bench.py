#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Benchmark of mercatorremap against seed 004 and OpenCV's cv2.remap.

For each map size it prints:
  1. seed 004's table: workers 1..N x lines per chunk (1, 2, 3, 4, 8, 16, 64,
     auto), the seed's transform (reference-rounding=true, nearest), in
     frames/s and s/frame, next to the seed's own seconds per map where the
     seed measured that cell (4-core Mac i7, its second table);
  2. the time to build the lookup table, per workers count;
  3. mercatorremap (default geometry) against cv2.remap with fixed-point
     maps (cv2.convertMaps to CV_16SC2), bilinear and nearest, on 1 and N
     threads, on the same frame.

Method: the element runs in this process (PyGObject) in
  filesrc ! pngdec ! videoconvert ! imagefreeze num-buffers=F ! mercatorremap
  ! fakesink
imagefreeze pushes the same decoded frame F times; a pad probe on fakesink
takes the time of each output buffer, and frames/s = (F - 1 - W) / (t[F-1] -
t[W]) after W warm-up frames (the first builds the table). The table build
time is the element's own INFO log line ("built in ... ms"). cv2.remap runs
F times into a preallocated output on the same decoded frame.

    mercator_bench.py [--frames F] [--sizes 720x360,2048x1024,3840x1920]
                      [--workers N] [--quick]
"""
import argparse
import os
import re
import statistics
import sys
import tempfile
import time

import cv2
import numpy as np
import gi

gi.require_version('Gst', '1.0')
from gi.repository import Gst, GLib  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mercator_map  # noqa: E402

# Seed 004, seconds per map, keyed by (cores, lines per core): its second
# table (a true 4-core desktop Mac i7). Its first table (2 cores) is close.
SEED = {
    (720, 360): {(1, 1): 7.1, (2, 1): 3.9, (3, 1): 3.1, (4, 1): 2.6,
                 (1, 2): 6.9, (2, 2): 3.85, (3, 2): 3.15, (4, 2): 2.63,
                 (1, 3): 7.1, (2, 3): 3.9, (3, 3): 3.0, (4, 3): 2.61,
                 (1, 4): 7.0, (2, 4): 3.92, (3, 4): 3.2, (4, 4): 2.59},
    (2048, 1024): {(1, 1): 52.0, (2, 1): 30.5, (3, 1): 22.5, (4, 1): 20.5,
                   (1, 2): 52.5, (2, 2): 30.3, (3, 2): 23.0, (4, 2): 20.5,
                   (1, 3): 51.9, (2, 3): 30.7, (3, 3): 23.4, (4, 3): 19.2,
                   (1, 4): 52.5, (2, 4): 30.5, (3, 4): 23.6, (4, 4): 20.5},
}
CHUNKS = [1, 2, 3, 4, 8, 16, 64, 0]
WARMUP = 3

build_ms = []


def on_log(category, level, file, function, line, obj, message, *user):
    if category.get_name() == 'mercatorremap':
        m = re.search(r'built in ([0-9.]+) ms', message.get())
        if m:
            build_ms.append(float(m.group(1)))


def run_element(png, frames, props):
    """Frames/s of mercatorremap with @props on the frame in @png."""
    desc = ('filesrc location="%s" ! pngdec ! videoconvert ! '
            'video/x-raw,format=RGB ! imagefreeze num-buffers=%d ! %s ! '
            'fakesink name=sink' % (png, frames,
                                    'mercatorremap ' + props if props
                                    else 'identity'))
    pipe = Gst.parse_launch(desc)
    times = []
    pipe.get_by_name('sink').get_static_pad('sink').add_probe(
        Gst.PadProbeType.BUFFER,
        lambda pad, info: times.append(time.perf_counter()) or
        Gst.PadProbeReturn.OK)
    pipe.set_state(Gst.State.PLAYING)
    msg = pipe.get_bus().timed_pop_filtered(
        Gst.CLOCK_TIME_NONE, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    pipe.set_state(Gst.State.NULL)
    if msg.type == Gst.MessageType.ERROR or len(times) != frames:
        sys.exit('pipeline failed: %s' % desc)
    return (frames - 1 - WARMUP) / (times[-1] - times[WARMUP])


def table_build_ms(png, props):
    del build_ms[:]
    run_element(png, WARMUP + 2, props)
    return build_ms[0]


def exact_maps(w, h, max_lat=85.0):
    """Source positions of mercatorremap's default to-transverse, for cv2
    (centre coordinates: integer = pixel centre)."""
    psi_max = np.arcsinh(np.tan(np.radians(max_lat)))
    lam = ((np.arange(w) + 0.5) / w * 2 * np.pi - np.pi)[None, :]
    psi = (psi_max * (1 - 2 * (np.arange(h) + 0.5) / h))[:, None]
    z = -np.sin(lam) / np.cosh(psi)
    y = np.arctanh(np.clip(z, -1 + 1e-15, 1 - 1e-15))
    lon = np.arctan2(np.sinh(psi), np.cos(lam))
    mx = ((lon + np.pi) / (2 * np.pi) * w - 0.5).astype(np.float32)
    my = ((psi_max - y) / (2 * psi_max) * h - 0.5).astype(np.float32)
    return mx, my


def run_cv2(img, maps, interp, threads, frames):
    cv2.setNumThreads(threads)
    m1, m2 = maps
    out = cv2.remap(img, m1, m2, interp)
    t = time.perf_counter()
    for _ in range(frames):
        cv2.remap(img, m1, m2, interp, dst=out)
    return frames / (time.perf_counter() - t)


def fmt_rate(fps):
    return '%8.1f fps %9.5f s' % (fps, 1.0 / fps)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--frames', type=int, default=200)
    ap.add_argument('--sizes', default='720x360,2048x1024,3840x1920')
    ap.add_argument('--workers', type=int, default=os.cpu_count())
    ap.add_argument('--quick', action='store_true',
                    help='chunk rows 1, 16 and auto only')
    args = ap.parse_args()
    chunks = [1, 16, 0] if args.quick else CHUNKS

    os.environ['GST_DEBUG_FILE'] = os.devnull   # the default log's output
    Gst.init(None)
    Gst.debug_set_threshold_for_name('mercatorremap', Gst.DebugLevel.INFO)
    Gst.debug_add_log_function(on_log, None)
    Gst.debug_set_active(True)
    if Gst.ElementFactory.find('mercatorremap') is None:
        sys.exit('mercatorremap not found: set GST_PLUGIN_PATH')

    tmp = tempfile.mkdtemp(prefix='mercator-bench-')
    print('# mercatorremap benchmark: %d frames per cell, %d cores, %s' %
          (args.frames, os.cpu_count(), time.strftime('%Y-%m-%d %H:%M')))
    print('# load average at start: %.2f %.2f %.2f' % os.getloadavg())
    for size in args.sizes.split(','):
        w, h = (int(v) for v in size.split('x'))
        png = os.path.join(tmp, 'map_%dx%d.png' % (w, h))
        bgr = mercator_map.draw(w, h)
        cv2.imwrite(png, bgr)
        rgb = np.ascontiguousarray(bgr[..., ::-1])
        frames = max(20, args.frames * 720 * 360 * 4 // (w * h)) \
            if w * h > 2048 * 1024 else args.frames
        seed = SEED.get((w, h), {})

        print('\n## %dx%d RGB, %d frames per cell' % (w, h, frames))
        print('\n### seed 004 transform (reference-rounding=true '
              'interpolation=nearest)\n')
        print('| workers | lines/chunk | mercatorremap | seed s/map '
              '| seed / ours |')
        print('|---|---|---|---|---|')
        for n in range(1, args.workers + 1):
            for c in chunks:
                fps = run_element(png, frames, 'workers=%d chunk-rows=%d '
                                  'interpolation=nearest '
                                  'reference-rounding=true' % (n, c))
                s = seed.get((n, c))
                print('| %d | %s | %s | %s | %s |' % (
                    n, c or 'auto', fmt_rate(fps),
                    '%.2f' % s if s else '',
                    '%.0fx' % (s * fps) if s else ''))
                sys.stdout.flush()

        print('\n### table build (ms, median of 3)\n')
        print('| workers | seed nearest | bilinear | bicubic |')
        print('|---|---|---|---|')
        for n in range(1, args.workers + 1):
            row = []
            for props in ('interpolation=nearest reference-rounding=true',
                          'interpolation=bilinear', 'interpolation=bicubic'):
                row.append(statistics.median(
                    table_build_ms(png, 'workers=%d %s' % (n, props))
                    for _ in range(3)))
            print('| %d | %.1f | %.1f | %.1f |' % ((n,) + tuple(row)))

        print('\n### against cv2.remap (CV_16SC2 fixed-point maps, '
              'BORDER_CONSTANT)\n')
        print('| interpolation | threads | mercatorremap | cv2.remap '
              '| ours / cv2 |')
        print('|---|---|---|---|---|')
        mx, my = exact_maps(w, h)
        maps = cv2.convertMaps(mx, my, cv2.CV_16SC2)
        for name, interp in (('bilinear', cv2.INTER_LINEAR),
                             ('nearest', cv2.INTER_NEAREST)):
            for n in sorted({1, args.workers}):
                ours = run_element(png, frames, 'workers=%d interpolation=%s'
                                   % (n, name))
                ref = run_cv2(rgb, maps if interp == cv2.INTER_LINEAR
                              else (maps[0], None), interp, n, frames)
                print('| %s | %d | %s | %s | %.2fx |' % (
                    name, n, fmt_rate(ours), fmt_rate(ref), ours / ref))
                sys.stdout.flush()
        ours = run_element(png, frames, 'workers=1 interpolation=bicubic')
        print('| bicubic | 1 | %s | | |' % fmt_rate(ours))
        base = run_element(png, frames, '')
        print('\n(pipeline without mercatorremap, identity: %s)' %
              fmt_rate(base))
    print('\n# load average at end: %.2f %.2f %.2f' % os.getloadavg())


if __name__ == '__main__':
    main()
