#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Benchmark of mercatorremap against seed 004 and OpenCV's cv2.remap.

For each map size it prints:
  1. seed 004's table: workers 1..N x lines per chunk (1, 2, 3, 4, 8, 16, 64,
     auto), the seed's transform (reference-rounding=true, nearest), in
     frames/s and s/frame, next to the seed's own seconds per map where the
     seed measured that cell (4-core Mac i7, its second table) and, with
     --seed-python, the seed's own Python run here (mercator_seed.py);
  2. the time to build the lookup table, per workers count;
  3. mercatorremap (default geometry) against cv2.remap with fixed-point
     maps (cv2.convertMaps to CV_16SC2), bilinear and nearest, on 1 and N
     threads, on the same frame.

Method: the element runs in this process (PyGObject) in
  filesrc ! pngdec ! videoconvert ! imagefreeze num-buffers=F ! mercatorremap
  ! fakesink
imagefreeze pushes the same decoded frame F times; a pad probe on fakesink
takes the time of each output buffer, and frames/s = (F - 1 - W) / (t[F-1] -
t[W]) after W warm-up frames (the first builds the table). F is at least
--frames and enough frames for --min-time seconds; each cell is the best of
--repeat runs (the machine's other work only ever slows a run down). The
table build time is the element's own INFO log line ("built in ... ms"),
best of --repeat. cv2.remap runs as many times into a preallocated output on
the same decoded frame, also best of --repeat. The cv2 table also gives the
process CPU time per frame (all threads, least of --repeat): on a busy
machine the 1-thread CPU ratio is the steadier measure of the two kernels.

    mercator_bench.py [--frames F] [--min-time S] [--repeat R]
                      [--sizes 720x360,2048x1024,3840x1920] [--workers N]
                      [--quick] [--seed-python 720x360] [--csv-dir DIR]
"""
import argparse
import os
import re
import resource
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
import mercator_seed  # noqa: E402
import results  # noqa: E402

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


def cpu_time():
    """CPU seconds of this process, all threads."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_element(png, frames, props, cpu=None):
    """Frames/s of mercatorremap with @props on the frame in @png; with a
    list @cpu, appends the CPU seconds per frame (all threads)."""
    desc = ('filesrc location="%s" ! pngdec ! videoconvert ! '
            'video/x-raw,format=RGB ! imagefreeze num-buffers=%d ! %s ! '
            'fakesink name=sink' % (png, frames,
                                    'mercatorremap ' + props if props
                                    else 'identity'))
    pipe = Gst.parse_launch(desc)
    times, cpus = [], []
    pipe.get_by_name('sink').get_static_pad('sink').add_probe(
        Gst.PadProbeType.BUFFER,
        lambda pad, info: times.append(time.perf_counter()) or
        cpus.append(cpu_time()) or Gst.PadProbeReturn.OK)
    pipe.set_state(Gst.State.PLAYING)
    msg = pipe.get_bus().timed_pop_filtered(
        Gst.CLOCK_TIME_NONE, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    pipe.set_state(Gst.State.NULL)
    if msg.type == Gst.MessageType.ERROR or len(times) != frames:
        sys.exit('pipeline failed: %s' % desc)
    if cpu is not None:
        cpu.append((cpus[-1] - cpus[WARMUP]) / (frames - 1 - WARMUP))
    return (frames - 1 - WARMUP) / (times[-1] - times[WARMUP])


def best_element(png, props, args, cpu=None):
    """Best frames/s of --repeat runs of at least --min-time seconds; with a
    list @cpu, appends the least CPU seconds per frame."""
    fps = run_element(png, max(args.frames, WARMUP + 5), props)
    frames = min(20000, max(args.frames, int(fps * args.min_time) + WARMUP))
    cpus = []
    best = max(run_element(png, frames, props, cpus)
               for _ in range(args.repeat))
    if cpu is not None:
        cpu.append(min(cpus))
    return best


def table_build_ms(png, props, args):
    del build_ms[:]
    for _ in range(args.repeat):
        run_element(png, WARMUP + 2, props)
    return min(build_ms)


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


def run_cv2(img, maps, interp, threads, args, cpu):
    """Best frames/s of --repeat runs of at least --min-time seconds; appends
    the least CPU seconds per frame to @cpu."""
    cv2.setNumThreads(threads)
    m1, m2 = maps
    out = cv2.remap(img, m1, m2, interp)
    best, best_cpu = 0, float('inf')
    for _ in range(args.repeat):
        n, t, c = 0, time.perf_counter(), cpu_time()
        while n < args.frames or time.perf_counter() - t < args.min_time:
            cv2.remap(img, m1, m2, interp, dst=out)
            n += 1
        best = max(best, n / (time.perf_counter() - t))
        best_cpu = min(best_cpu, (cpu_time() - c) / n)
    cpu.append(best_cpu)
    return best


def fmt_rate(fps):
    return '%8.1f fps %9.5f s' % (fps, 1.0 / fps)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--frames', type=int, default=30,
                    help='least frames per run')
    ap.add_argument('--min-time', type=float, default=1.0,
                    help='least seconds per run')
    ap.add_argument('--repeat', type=int, default=3,
                    help='runs per cell; the best counts')
    ap.add_argument('--sizes', default='720x360,2048x1024,3840x1920')
    ap.add_argument('--workers', type=int, default=os.cpu_count())
    ap.add_argument('--quick', action='store_true',
                    help='chunk rows 1, 16 and auto only')
    ap.add_argument('--seed-python', default='', metavar='SIZES',
                    help='also time the seed\'s own Python here at these '
                    'sizes (lines 1-4; about 6 s per 720x360 map per core)')
    ap.add_argument('--csv-dir', default='', metavar='DIR',
                    help='also write the seed and cv2 tables as data, '
                    'DIR/mercator-seed.csv and DIR/mercator-cv2.csv, for '
                    'charts.py')
    args = ap.parse_args()
    seed_mod = mercator_seed.load_seed() if args.seed_python else None
    chunks = [1, 16, 0] if args.quick else CHUNKS

    os.environ['GST_DEBUG_FILE'] = os.devnull   # the default log's output
    Gst.init(None)
    Gst.debug_set_threshold_for_name('mercatorremap', Gst.DebugLevel.INFO)
    Gst.debug_add_log_function(on_log, None)
    Gst.debug_set_active(True)
    if Gst.ElementFactory.find('mercatorremap') is None:
        sys.exit('mercatorremap not found: set GST_PLUGIN_PATH')

    tmp = tempfile.mkdtemp(prefix='mercator-bench-')
    seed_rows, cv2_rows = [], []
    print('# mercatorremap benchmark: best of %d runs of >= %d frames and '
          '>= %.1f s per cell, %d cores, %s' % (
              args.repeat, args.frames, args.min_time, os.cpu_count(),
              time.strftime('%Y-%m-%d %H:%M')))
    print('# load average at start: %.2f %.2f %.2f' % os.getloadavg())
    for size in args.sizes.split(','):
        w, h = (int(v) for v in size.split('x'))
        png = os.path.join(tmp, 'map_%dx%d.png' % (w, h))
        bgr = mercator_map.draw(w, h)
        cv2.imwrite(png, bgr)
        rgb = np.ascontiguousarray(bgr[..., ::-1])
        seed = SEED.get((w, h), {})

        print('\n## %dx%d RGB' % (w, h))
        print('\n### seed 004 transform (reference-rounding=true '
              'interpolation=nearest)\n')
        here = size in args.seed_python.split(',') and seed_mod is not None
        print('| workers | lines/chunk | mercatorremap | seed s/map (Mac) '
              '| Mac / ours | seed s/map (here) | here / ours |')
        print('|---|---|---|---|---|---|---|')
        for n in range(1, args.workers + 1):
            for c in chunks:
                fps = best_element(png, 'workers=%d chunk-rows=%d '
                                   'interpolation=nearest '
                                   'reference-rounding=true' % (n, c), args)
                s = seed.get((n, c))
                t = mercator_seed.run_seed(
                    seed_mod, png, os.path.join(tmp, 'seed.png'), n, c) \
                    if here and c in (1, 2, 3, 4) and h % c == 0 else None
                print('| %d | %s | %s | %s | %s | %s | %s |' % (
                    n, c or 'auto', fmt_rate(fps),
                    '%.2f' % s if s else '', '%.0fx' % (s * fps) if s else '',
                    '%.2f' % t if t else '', '%.0fx' % (t * fps) if t else ''))
                seed_rows.append({
                    'size': size, 'workers': n, 'lines_chunk': c or 'auto',
                    'mercatorremap': '%.1f fps' % fps,
                    'seed_s_map': '%.2f' % s if s else '',
                    'seed_s_map_here': '%.2f' % t if t else ''})
                sys.stdout.flush()

        print('\n### table build (ms, best of %d)\n' % args.repeat)
        print('| workers | seed nearest | bilinear | bicubic |')
        print('|---|---|---|---|')
        for n in range(1, args.workers + 1):
            row = []
            for props in ('interpolation=nearest reference-rounding=true',
                          'interpolation=bilinear', 'interpolation=bicubic'):
                row.append(table_build_ms(png, 'workers=%d %s' % (n, props),
                                          args))
            print('| %d | %.1f | %.1f | %.1f |' % ((n,) + tuple(row)))

        print('\n### against cv2.remap (CV_16SC2 fixed-point maps, '
              'BORDER_CONSTANT)\n')
        print('| interpolation | threads | mercatorremap | cv2.remap '
              '| ours / cv2 | CPU ms/frame ours, cv2 | CPU ratio |')
        print('|---|---|---|---|---|---|---|')
        mx, my = exact_maps(w, h)
        maps = cv2.convertMaps(mx, my, cv2.CV_16SC2)
        for name, interp in (('bilinear', cv2.INTER_LINEAR),
                             ('nearest', cv2.INTER_NEAREST)):
            for n in sorted({1, args.workers}):
                cpu = []
                ours = best_element(png, 'workers=%d interpolation=%s'
                                    % (n, name), args, cpu)
                ref = run_cv2(rgb, maps if interp == cv2.INTER_LINEAR
                              else (maps[0], None), interp, n, args, cpu)
                print('| %s | %d | %s | %s | %.2fx | %.2f, %.2f | %.2fx |' % (
                    name, n, fmt_rate(ours), fmt_rate(ref), ours / ref,
                    cpu[0] * 1e3, cpu[1] * 1e3, cpu[1] / cpu[0]))
                cv2_rows.append({
                    'size': size, 'interpolation': name, 'threads': n,
                    'mercatorremap': '%.1f fps' % ours,
                    'cv2_remap': '%.1f fps' % ref})
                sys.stdout.flush()
        for n in sorted({1, args.workers}):
            ours = best_element(png, 'workers=%d interpolation=bicubic' % n,
                                args)
            print('| bicubic | %d | %s | | | | |' % (n, fmt_rate(ours)))
            cv2_rows.append({'size': size, 'interpolation': 'bicubic',
                             'threads': n, 'mercatorremap': '%.1f fps' % ours,
                             'cv2_remap': ''})
        base = best_element(png, '', args)
        print('\n(pipeline without mercatorremap, identity: %s)' %
              fmt_rate(base))
    print('\n# load average at end: %.2f %.2f %.2f' % os.getloadavg())
    if args.csv_dir:
        os.makedirs(args.csv_dir, exist_ok=True)
        results.write_csv(os.path.join(args.csv_dir, 'mercator-seed.csv'),
                          seed_rows)
        results.write_csv(os.path.join(args.csv_dir, 'mercator-cv2.csv'),
                          cv2_rows)


if __name__ == '__main__':
    main()
