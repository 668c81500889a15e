#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Runs seed 004's own Python (InvMerc_MultiLine.py, taken from the seed's
text at run time, not copied here) on this machine, and checks that
mercatorremap reference-rounding=true interpolation=nearest gives the same
map pixel for pixel.

    mercator_seed.py [--sizes 720x360] [--cores 1,2] [--lines 1,2]

Prints, per size, the seed's seconds per map for each cores x lines, and the
number of pixels where the element differs from the seed's own output
(expected: 0). Needs python3-pil and python3-numpy, the seeds folder
(../shared/seeds next to the repository) and GST_PLUGIN_PATH set.
"""
import argparse
import glob
import importlib.util
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEEDS = os.path.join(ROOT, '..', 'shared', 'seeds')


def load_seed():
    """The seed's multi-line program as a module, or None."""
    files = glob.glob(os.path.join(SEEDS, '004_*.txt'))
    if not files:
        return None
    text = open(files[0], encoding='utf-8').read().replace('\xa0', ' ')
    start = text.index('#!/usr/bin/env python3',
                       text.index('The code that gave these results'))
    end = text.index("        main(sys.argv[1:])", start)
    code = '\n'.join(line.rstrip() for line in
                     text[start:end].splitlines()) + '\n        main([])\n'
    path = os.path.join(tempfile.mkdtemp(prefix='seed004-'),
                        'InvMerc_MultiLine.py')
    with open(path, 'w') as f:
        f.write(code)
    spec = importlib.util.spec_from_file_location('InvMerc_MultiLine', path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules['InvMerc_MultiLine'] = mod    # the worker processes find it
    spec.loader.exec_module(mod)
    mod.displaying_images = False
    return mod


def run_seed(mod, png_in, png_out, cores, lines):
    """Seconds the seed takes for one map, as its -t flag measures."""
    start = time.perf_counter()
    with open(os.devnull, 'w') as null:
        saved, sys.stdout = sys.stdout, null
        try:
            mod.inv_transform_map(png_in, png_out, workers=cores,
                                  lines_per_core=lines)
        finally:
            sys.stdout = saved
    return time.perf_counter() - start


def run_element(png_in, png_out):
    subprocess.run([os.path.join(ROOT, 'pipelines', 'mercatorremap-png.sh'),
                    png_in, png_out, 'interpolation=nearest',
                    'reference-rounding=true'], check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sizes', default='720x360')
    ap.add_argument('--cores', default='1,%d' % os.cpu_count())
    ap.add_argument('--lines', default='1,2')
    args = ap.parse_args()
    sys.path.insert(0, HERE)
    import mercator_map
    import cv2

    mod = load_seed()
    if mod is None:
        sys.exit('seed 004 not found in %s' % SEEDS)
    tmp = tempfile.mkdtemp(prefix='mercator-seed-')
    for size in args.sizes.split(','):
        w, h = (int(v) for v in size.split('x'))
        png = os.path.join(tmp, 'map.png')
        cv2.imwrite(png, mercator_map.draw(w, h))
        ours = os.path.join(tmp, 'ours.png')
        run_element(png, ours)
        print('## %dx%d' % (w, h))
        for c in (int(v) for v in args.cores.split(',')):
            for n in (int(v) for v in args.lines.split(',')):
                out = os.path.join(tmp, 'seed_%d_%d.png' % (c, n))
                s = run_seed(mod, png, out, c, n)
                a = np.asarray(Image.open(out).convert('RGB'))
                b = np.asarray(Image.open(ours).convert('RGB'))[:a.shape[0]]
                diff = int(np.any(a != b, axis=2).sum())
                print('seed: %d cores, %d lines: %.2f s/map; element differs '
                      'in %d of %d pixels' % (c, n, s, diff, a.shape[0] *
                                              a.shape[1]))
                sys.stdout.flush()


if __name__ == '__main__':
    main()
