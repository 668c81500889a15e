#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Benchmark of augment against OpenCV and albumentations (issue 9).

For every spatial transform, frame size and thread count, frames/s of
  ours             filesrc ! pngdec ! videoconvert ! imagefreeze ! augment
                   workers=T ! fakesink, in this process (PyGObject): the
                   times of the buffers reaching fakesink after WARMUP
                   frames, so start-up and the first frame are not counted;
  OpenCV           the cv2 call albumentations 2.x makes for the transform
                   (cv2.flip, warpAffine, warpPerspective, crop + resize,
                   resize, remap with a CV_32FC2 map, copyMakeBorder) on the
                   same frame, cv2.setNumThreads(T), output into a
                   preallocated dst= array;
  albumentations   A.Compose([transform]) called on the same frame, in the
                   interpreter of --albu-py (a venv with albumentations),
                   cv2.setNumThreads(T) there; it allocates every output.
Each cell is the median of --runs runs of at least --min-time seconds and
--frames frames, the three sides interleaved run by run. Parameters are
collapsed (Rotate(limit=[15, 15]), ...) and p=1, so every frame does the
same work; where a collapsed range would make the transform an identity
(GridDistortion) or the transform is random by nature (ElasticTransform,
Perspective), every frame draws anew: the work per frame is the same.
The OpenCV side times the resampling call alone: the displacement fields of
GridDistortion, ElasticTransform and OpticalDistortion are made once,
outside the timing, while ours and albumentations make them for every frame.

The chain row is flip -> rotate -> grid distortion -> random resized crop
(1000x500 output): ours as one element (fuse=true, and fuse=false for
reference), OpenCV as four separate calls into preallocated buffers,
albumentations as one Compose.

    augment_bench.py [--sizes 2000x1000,1920x1080] [--threads 1,2]
                     [--runs 3] [--min-time 0.4] [--frames 5]
                     [--albu-py PATH] [--photo JPEG] [--only NAME,...]
                     [--md FILE] [--chart PNG] [--csv FILE]

With --albu-server it is the albumentations side: JSON requests on stdin,
one JSON answer a line on stdout (run by the main process, not by hand).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import cv2

import augment_pixel
import results

WARMUP = 3
CHAIN = 'chain'

# name, transforms string (ours; albumentations evaluates the same text)
CASES = [
    ('HorizontalFlip', 'HorizontalFlip(p=1)'),
    ('VerticalFlip', 'VerticalFlip(p=1)'),
    ('Rotate 15', 'Rotate(limit=[15, 15], p=1)'),
    ('Affine', 'Affine(scale=[1.1, 1.1], rotate=[10, 10], shear=[8, 8], '
     'p=1)'),
    ('ShiftScaleRotate', 'ShiftScaleRotate(shift_limit=[0.05, 0.05], '
     'scale_limit=[0.1, 0.1], rotate_limit=[15, 15], p=1)'),
    ('Perspective', 'Perspective(scale=[0.05, 0.05], p=1)'),
    ('RandomResizedCrop', 'RandomResizedCrop(size=[500, 1000], '
     'scale=[0.5, 0.5], ratio=[2, 2], p=1)'),
    ('Resize 512', 'Resize(height=512, width=512, p=1)'),
    ('Resize half', 'Resize(height=500, width=1000, p=1)'),
    ('GridDistortion', 'GridDistortion(p=1)'),
    ('ElasticTransform', 'ElasticTransform(alpha=50, sigma=5, p=1)'),
    ('OpticalDistortion', 'OpticalDistortion(distort_limit=[0.5, 0.5], '
     'p=1)'),
    ('PadIfNeeded', 'PadIfNeeded(min_height=1088, min_width=2048, p=1)'),
    (CHAIN, 'HorizontalFlip(p=1), Rotate(limit=[15, 15], p=1), '
     'GridDistortion(p=1), RandomResizedCrop(size=[500, 1000], '
     'scale=[0.5, 0.5], ratio=[2, 2], p=1)'),
]


def timed(fn, frames, min_time):
    """Frames/s of @fn called at least @frames times and @min_time s."""
    fn()
    n, t0 = 0, time.perf_counter()
    while n < frames or time.perf_counter() - t0 < min_time:
        fn()
        n += 1
    return n / (time.perf_counter() - t0)


def _proc_fps(call, frames, min_time, queue):
    cv2.setNumThreads(1)
    queue.put(timed(call, frames, min_time))


def timed_procs(call, n, args):
    """Frames/s of @call run in @n forked processes at once, summed."""
    import multiprocessing
    ctx = multiprocessing.get_context('fork')
    queue = ctx.Queue()
    procs = [ctx.Process(target=_proc_fps, args=(call, args.frames,
                                                   args.min_time, queue))
             for _ in range(n)]
    for p in procs:
        p.start()
    total = sum(queue.get() for _ in procs)
    for p in procs:
        p.join()
    return total


# ---------------------------------------------------------------- albu side
def albu_server():
    """Answers {"npy", "transforms", "threads", "frames", "min_time"} lines
    with {"fps": ...} (or {"error": ...}); the Compose and the frame are
    kept between requests."""
    os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')
    import warnings
    warnings.simplefilter('ignore')
    import albumentations as A
    names = dict(vars(A))
    frames, composes = {}, {}
    print(json.dumps({'version': A.__version__, 'cv2': cv2.__version__}),
          flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        try:
            if req['npy'] not in frames:
                frames[req['npy']] = np.load(req['npy'])
            img = frames[req['npy']]
            if req['transforms'] not in composes:
                composes[req['transforms']] = A.Compose(
                    eval('[%s]' % req['transforms'], names), seed=1)
            comp = composes[req['transforms']]
            cv2.setNumThreads(req['threads'])
            fps = timed(lambda: comp(image=img), req['frames'],
                        req['min_time'])
            print(json.dumps({'fps': fps}), flush=True)
        except Exception as e:  # reported in the table, the rest goes on
            print(json.dumps({'error': '%s: %s' % (type(e).__name__, e)}),
                  flush=True)


class Albu:
    def __init__(self, python):
        self.proc = subprocess.Popen(
            [python, os.path.abspath(__file__), '--albu-server'],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env=dict(os.environ, NO_ALBUMENTATIONS_UPDATE='1'))
        hello = self.proc.stdout.readline()
        if not hello:
            raise RuntimeError('%s did not start the albumentations side'
                               % python)
        self.versions = json.loads(hello)

    def run(self, npy, transforms, threads, args):
        self.proc.stdin.write(json.dumps({
            'npy': npy, 'transforms': transforms, 'threads': threads,
            'frames': args.frames, 'min_time': args.min_time}) + '\n')
        self.proc.stdin.flush()
        ans = json.loads(self.proc.stdout.readline())
        if 'error' in ans:
            print('albumentations: %s: %s' % (transforms, ans['error']),
                  file=sys.stderr)
            return None
        return ans['fps']

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


# ---------------------------------------------------------------- OpenCV
def grid_map(w, h, rng, steps=5, limit=0.3):
    """A GridDistortion-like field (random steps, normalized), CV_32FC2."""
    def axis(n):
        s = 1 + rng.uniform(-limit, limit, steps)
        cell = n // steps
        knots_out = np.arange(steps + 1) * cell
        knots_out[-1] = n - 1
        knots_in = np.concatenate([[0], np.cumsum(s * cell)])
        knots_in *= (n - 1) / knots_in[-1]
        return np.interp(np.arange(n), knots_out, knots_in)
    mx, my = np.meshgrid(axis(w), axis(h))
    return np.dstack([mx, my]).astype(np.float32)


def elastic_map(w, h, rng, alpha=50.0, sigma=5.0):
    d = [cv2.GaussianBlur(rng.uniform(-1, 1, (h, w)).astype(np.float32),
                          (0, 0), sigma) * alpha for _ in range(2)]
    mx, my = np.meshgrid(np.arange(w, dtype=np.float32),
                         np.arange(h, dtype=np.float32))
    return np.dstack([mx + d[0], my + d[1]]).astype(np.float32)


def optical_map(w, h, k=0.5):
    cam = np.array([[w, 0, w / 2], [0, h, h / 2], [0, 0, 1]], np.float32)
    mx, my = cv2.initUndistortRectifyMap(
        cam, np.array([k, k, 0, 0, 0], np.float32), None, None, (w, h),
        cv2.CV_32FC1)
    return np.dstack([mx, my])


PIXEL_NAMES = set(name for name, _ in augment_pixel.CASES)
CHAINS = (CHAIN, augment_pixel.CHAIN8)


def opencv_call(name, img):
    """The cv2 call(s) of @name on @img, writing into preallocated arrays."""
    h, w = img.shape[:2]
    lin, const = cv2.INTER_LINEAR, cv2.BORDER_CONSTANT
    rng = np.random.default_rng(1)
    same = np.empty_like(img)

    def rot(angle, scale=1.0, shear=0.0, shift=(0.0, 0.0)):
        m = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), angle, scale)
        m[0, 1] += np.tan(np.radians(shear)) * m[0, 0]
        m[:, 2] += (shift[0] * w, shift[1] * h)
        return m

    def crop(cw, ch):
        x, y = (w - cw) // 2, (h - ch) // 2
        return img[y:y + ch, x:x + cw]

    def remap(src, m, dst):
        return cv2.remap(src, m, None, lin, dst=dst, borderMode=const)

    # RandomResizedCrop(scale=0.5, ratio=2): the crop's size
    cw = int(round(np.sqrt(0.5 * w * h * 2)))
    ch = int(round(np.sqrt(0.5 * w * h / 2)))
    if name == 'HorizontalFlip':
        return lambda: cv2.flip(img, 1, dst=same)
    if name == 'VerticalFlip':
        return lambda: cv2.flip(img, 0, dst=same)
    if name in ('Rotate 15', 'Affine', 'ShiftScaleRotate'):
        m = {'Rotate 15': rot(15), 'Affine': rot(10, 1.1, 8),
             'ShiftScaleRotate': rot(15, 1.1, 0, (0.05, 0.05))}[name]
        return lambda: cv2.warpAffine(img, m, (w, h), dst=same, flags=lin,
                                      borderMode=const)
    if name == 'Perspective':
        # corners moved inwards by about Perspective(scale=0.05)'s draws
        src = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
        dst = src + np.float32([[0.05, 0.03], [-0.04, 0.06], [-0.06, -0.02],
                                [0.03, -0.05]]) * np.float32([w, h])
        m = cv2.getPerspectiveTransform(src, dst)
        return lambda: cv2.warpPerspective(img, m, (w, h), dst=same,
                                           flags=lin, borderMode=const)
    if name == 'RandomResizedCrop':
        out = np.empty((500, 1000, 3), np.uint8)
        return lambda: cv2.resize(crop(cw, ch), (1000, 500), dst=out,
                                  interpolation=lin)
    if name in ('Resize 512', 'Resize half'):
        ow, oh = (512, 512) if name == 'Resize 512' else (1000, 500)
        out = np.empty((oh, ow, 3), np.uint8)
        return lambda: cv2.resize(img, (ow, oh), dst=out, interpolation=lin)
    if name in ('GridDistortion', 'ElasticTransform', 'OpticalDistortion'):
        m = {'GridDistortion': lambda: grid_map(w, h, rng),
             'ElasticTransform': lambda: elastic_map(w, h, rng),
             'OpticalDistortion': lambda: optical_map(w, h)}[name]()
        return lambda: remap(img, m, same)
    if name == 'PadIfNeeded':
        out = np.empty((1088, 2048, 3), np.uint8)
        t, lft = (1088 - h) // 2, (2048 - w) // 2
        return lambda: cv2.copyMakeBorder(img, t, 1088 - h - t, lft,
                                          2048 - w - lft, const, dst=out,
                                          value=(0, 0, 0))
    if name == 'grid+crop':
        # the chains' last two steps, from img into a new buffer
        b3 = np.empty_like(img)
        out = np.empty((500, 1000, 3), np.uint8)
        g = grid_map(w, h, rng)
        x, y = (w - cw) // 2, (h - ch) // 2

        def tail():
            remap(img, g, b3)
            cv2.resize(b3[y:y + ch, x:x + cw], (1000, 500), dst=out,
                       interpolation=lin)
        return tail
    if name in PIXEL_NAMES:
        return augment_pixel.opencv_call(name, img, opencv_call)
    if name == CHAIN:
        b1, b2, b3 = (np.empty_like(img) for _ in range(3))
        out = np.empty((500, 1000, 3), np.uint8)
        m, g = rot(15), grid_map(w, h, rng)
        x, y = (w - cw) // 2, (h - ch) // 2

        def chain():
            cv2.flip(img, 1, dst=b1)
            cv2.warpAffine(b1, m, (w, h), dst=b2, flags=lin, borderMode=const)
            remap(b2, g, b3)
            cv2.resize(b3[y:y + ch, x:x + cw], (1000, 500), dst=out,
                       interpolation=lin)
        return chain
    raise KeyError(name)


# ---------------------------------------------------------------- ours
class Ours:
    def __init__(self):
        import gi
        gi.require_version('Gst', '1.0')
        from gi.repository import Gst
        Gst.init(None)
        if Gst.ElementFactory.find('augment') is None:
            sys.exit('augment not found: set GST_PLUGIN_PATH')
        self.Gst = Gst

    def once(self, png, transforms, workers, fuse, frames):
        Gst = self.Gst
        pipe = Gst.parse_launch(
            'filesrc location="%s" ! pngdec ! videoconvert ! '
            'video/x-raw,format=RGB ! imagefreeze num-buffers=%d ! '
            'augment name=aug ! fakesink name=sink sync=false'
            % (png, frames))
        aug = pipe.get_by_name('aug')
        aug.set_property('transforms', transforms)
        aug.set_property('workers', workers)
        aug.set_property('fuse', fuse)
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
            err = msg.parse_error()[0].message \
                if msg.type == Gst.MessageType.ERROR else 'frames missing'
            print('augment %s: %s' % (transforms, err), file=sys.stderr)
            return None
        return (frames - 1 - WARMUP) / (times[-1] - times[WARMUP])

    def run(self, png, transforms, workers, fuse, args, cache):
        """Frames/s of one run of >= --frames frames and --min-time s; the
        first call of a cell measures a short run to size the others."""
        key = (png, transforms, workers, fuse)
        if key not in cache:
            fps = self.once(png, transforms, workers, fuse, WARMUP + 6)
            if fps is None:
                return None
            cache[key] = max(args.frames,
                             int(fps * args.min_time)) + WARMUP + 1
        return self.once(png, transforms, workers, fuse, cache[key])


# ---------------------------------------------------------------- main
def photo_frame(path, w, h):
    """The photo scaled and centre-cropped to cover w x h, RGB."""
    bgr = cv2.imread(path, cv2.IMREAD_COLOR) if path else None
    if bgr is None:
        # no sample photo: a smooth, detailed synthetic frame
        y, x = np.mgrid[0:h, 0:w].astype(np.float32)
        bgr = np.dstack([128 + 100 * np.sin(x / 37 + y / 53),
                         128 + 100 * np.cos(x / 23 - y / 41),
                         (x + y) % 256]).astype(np.uint8)
    s = max(w / bgr.shape[1], h / bgr.shape[0])
    sw, sh = max(w, round(bgr.shape[1] * s)), max(h, round(bgr.shape[0] * s))
    big = cv2.resize(bgr, (sw, sh), interpolation=cv2.INTER_AREA)
    x, y = (sw - w) // 2, (sh - h) // 2
    return np.ascontiguousarray(big[y:y + h, x:x + w, ::-1])


def median(v):
    v = sorted(x for x in v if x is not None)
    if not v:
        return None
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def fmt(v):
    return '%.1f' % v if v is not None else '-'


def ratio(a, b):
    return '%.2fx' % (a / b) if a and b else '-'


def chart(rows, path, size, have_albu):
    """Horizontal bars, frames/s on a log scale, one panel per thread
    count, for @size; drawn with PIL."""
    from PIL import Image, ImageDraw, ImageFont
    rows = [r for r in rows if r['size'] == size]
    threads = sorted({r['threads'] for r in rows})
    names = []
    for r in rows:
        if r['label'] not in names:
            names.append(r['label'])
    sides = [('ours', 'augment', (31, 119, 180)),
             ('cv2', 'OpenCV', (255, 127, 14))]
    if have_albu:
        sides.append(('albu', 'albumentations', (44, 160, 44)))
    font = ImageFont.load_default()
    bar, gap, left, panel_w, top = 9, 8, 190, 420, 56
    group = bar * len(sides) + gap
    height = top + group * len(names) + 40
    img = Image.new('RGB', (left + panel_w * len(threads) + 30, height),
                    'white')
    d = ImageDraw.Draw(img)
    vals = [r[k] for r in rows for k, _, _ in sides if r[k]]
    lo = 10 ** np.floor(np.log10(min(vals)))
    hi = 10 ** np.ceil(np.log10(max(vals)))

    def xpos(p, v):
        return left + p * panel_w + (panel_w - 20) * (
            np.log10(v / lo) / np.log10(hi / lo))
    d.text((10, 8), 'augment vs OpenCV vs albumentations, %s RGB, '
           'frames/s (log scale, higher is better)' % size, fill='black',
           font=font)
    x = 10
    for _, lab, col in sides:
        d.rectangle([x, 26, x + 10, 34], fill=col)
        d.text((x + 14, 24), lab, fill='black', font=font)
        x += 24 + 7 * len(lab)
    for p, t in enumerate(threads):
        x0 = left + p * panel_w
        d.text((x0, 42), '%d thread%s' % (t, 's' if t > 1 else ''),
               fill='black', font=font)
        dec = lo
        while dec <= hi:
            xx = xpos(p, dec)
            d.line([xx, top - 4, xx, height - 30], fill=(220, 220, 220))
            d.text((xx - 8, height - 26), '%g' % dec, fill='black', font=font)
            dec *= 10
        for i, name in enumerate(names):
            r = next((r for r in rows if r['label'] == name and
                      r['threads'] == t), None)
            y = top + i * group
            if p == 0:
                d.text((10, y + group / 2 - 8), name, fill='black', font=font)
            for j, (k, _, col) in enumerate(sides):
                if r and r[k]:
                    yy = y + j * bar
                    d.rectangle([x0, yy, xpos(p, r[k]), yy + bar - 2],
                                fill=col)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    img.save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--albu-server', action='store_true',
                    help=argparse.SUPPRESS)
    ap.add_argument('--sizes', default='2000x1000,1920x1080')
    ap.add_argument('--threads', default='1,2')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--min-time', type=float, default=0.4)
    ap.add_argument('--frames', type=int, default=5)
    ap.add_argument('--albu-py', default='')
    ap.add_argument('--photo', default='')
    ap.add_argument('--only', default='', help='names of CASES to run')
    ap.add_argument('--family', default='spatial,pixel',
                    help='spatial (issue 9), pixel (issue 10), or both')
    ap.add_argument('--md', default='')
    ap.add_argument('--chart', default='')
    ap.add_argument('--csv', default='',
                    help='the rows as data, for charts.py')
    args = ap.parse_args()
    if args.albu_server:
        albu_server()
        return

    families = args.family.split(',')
    cases = (CASES if 'spatial' in families else []) + (
        augment_pixel.CASES if 'pixel' in families else [])
    if args.only:
        keep = args.only.split(',')
        cases = [c for c in cases if c[0] in keep]
    threads = [int(t) for t in args.threads.split(',')]
    ours = Ours()
    albu = None
    if args.albu_py and os.access(args.albu_py, os.X_OK):
        try:
            albu = Albu(args.albu_py)
        except RuntimeError as e:
            print(e, file=sys.stderr)
    tmp = tempfile.mkdtemp(prefix='augment-bench-')
    rows, sizes_cache = [], {}
    t_start = time.time()
    load0 = os.getloadavg()
    for size in args.sizes.split(','):
        w, h = (int(v) for v in size.split('x'))
        img = photo_frame(args.photo, w, h)
        png = os.path.join(tmp, '%s.png' % size)
        npy = os.path.join(tmp, '%s.npy' % size)
        cv2.imwrite(png, img[..., ::-1])
        np.save(npy, img)
        for name, transforms in cases:
            fuses = [True, False] if name in CHAINS else [True]
            call = opencv_call(name, img)
            for t in threads:
                for fuse in fuses:
                    res = {'ours': [], 'cv2': [], 'albu': []}
                    for _ in range(args.runs):
                        res['ours'].append(ours.run(png, transforms, t, fuse,
                                                    args, sizes_cache))
                        if fuse:
                            cv2.setNumThreads(t)
                            res['cv2'].append(timed(call, args.frames,
                                                    args.min_time))
                            if albu:
                                res['albu'].append(albu.run(npy, transforms,
                                                            t, args))
                    label = name if name not in CHAINS else (
                        '%s, fuse=%s' % (name, 'true' if fuse else 'false'))
                    row = {'label': label, 'size': size, 'threads': t}
                    row.update({k: median(v) for k, v in res.items()})
                    if name in CHAINS and fuse and t > 1:
                        row['cv2_procs'] = median([
                            timed_procs(call, t, args)
                            for _ in range(args.runs)])
                    rows.append(row)
                    print('%-26s %s %d thread(s): ours %s, OpenCV %s, '
                          'albumentations %s' % (
                              label, size, t, fmt(row['ours']),
                              fmt(row['cv2']), fmt(row['albu'])),
                          file=sys.stderr, flush=True)
    if albu:
        albu.close()

    cpu = ''
    try:
        with open('/proc/cpuinfo') as f:
            cpu = next(l.split(':', 1)[1].strip() for l in f
                       if l.startswith('model name'))
    except (OSError, StopIteration):
        pass
    out = []
    out.append('### augment: frames/s per transform, ours vs OpenCV vs '
               'albumentations')
    out.append('')
    out.append('%s, %s, %d cores, load %.2f %.2f %.2f at the start; median '
               'of %d runs of >= %d frames and >= %.1f s; %.0f s in all. '
               'OpenCV %s%s.' % (
                   time.strftime('%Y-%m-%d'), cpu or 'unknown CPU',
                   os.cpu_count(), load0[0], load0[1], load0[2], args.runs,
                   args.frames, args.min_time, time.time() - t_start,
                   cv2.__version__,
                   ', albumentations %s (its OpenCV %s)' % (
                       albu.versions['version'], albu.versions['cv2'])
                   if albu else ', albumentations not run'))
    out.append('')
    out.append('| transform | size | threads | ours | OpenCV | '
               'albumentations | ours / OpenCV | ours / albumentations |')
    out.append('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
    for r in rows:
        out.append('| %s | %s | %d | %s | %s | %s | %s | %s |' % (
            r['label'], r['size'], r['threads'], fmt(r['ours']),
            fmt(r['cv2']), fmt(r['albu']), ratio(r['ours'], r['cv2']),
            ratio(r['ours'], r['albu'])))
    procs = [r for r in rows if r.get('cv2_procs')]
    if procs:
        out.append('')
        out.append('The chains against OpenCV in T processes (one thread '
                   'each, frames/s summed), as seed 001 ran its pool:')
        out.append('')
        out.append('| chain | size | T | ours | OpenCV, T processes | '
                   'ours / OpenCV |')
        out.append('| --- | --- | ---: | ---: | ---: | ---: |')
        for r in procs:
            out.append('| %s | %s | %d | %s | %s | %s |' % (
                r['label'], r['size'], r['threads'], fmt(r['ours']),
                fmt(r['cv2_procs']), ratio(r['ours'], r['cv2_procs'])))
    out.append('')
    out.append('Transforms, as the element\'s transforms string '
               '(albumentations evaluates the same text):')
    out.append('')
    for name, transforms in cases:
        out.append('- %s: `%s`' % (name, transforms))
    out.append('')
    out.append('ours: `imagefreeze ! augment workers=T ! fakesink`, buffer '
               'times at the sink after %d warm-up frames, outputs from the '
               'element\'s buffer pool. OpenCV: the cv2 call albumentations '
               'makes, cv2.setNumThreads(T), output into a preallocated dst; '
               'for GridDistortion, ElasticTransform and OpticalDistortion '
               'only cv2.remap is timed (the field is made once), while ours '
               'and albumentations make a new field every frame. The chain '
               'is flip, rotate 15, grid distortion, random resized crop to '
               '1000x500: OpenCV as four calls into preallocated buffers. '
               'The pixel transforms\' OpenCV calls are those of '
               'augment_pixel.py\'s opencv_call (cv2.LUT for the point '
               'tables, cvtColor + LUT + cvtColor for HSV, the filters, '
               'imencode + imdecode...); the chain of 8 as eight OpenCV '
               'calls, also in T processes.'
               % WARMUP)
    text = '\n'.join(out) + '\n'
    sys.stdout.write(text)
    if args.md:
        os.makedirs(os.path.dirname(os.path.abspath(args.md)), exist_ok=True)
        with open(args.md, 'w') as f:
            f.write(text)
    if args.csv:
        num = lambda v: '%.1f' % v if v is not None else ''
        results.write_csv(args.csv, [{
            'transform': r['label'], 'size': r['size'],
            'threads': r['threads'], 'ours': num(r['ours']),
            'opencv': num(r['cv2']), 'albumentations': num(r['albu']),
            'opencv_processes': num(r.get('cv2_procs'))} for r in rows])
    if args.chart and rows:
        chart(rows, args.chart, args.sizes.split(',')[0], albu is not None)


if __name__ == '__main__':
    main()
