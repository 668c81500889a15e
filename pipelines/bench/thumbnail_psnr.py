#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""PSNR of thumbnails against one float reference (pipelines/bench/thumbnail.sh).

  thumbnail_psnr.py DATA_DIR CACHE_DIR N_IMAGES NAME=OUT_DIR...

The reference of an image at a size is a double-precision Lanczos3 resize of
its full-resolution decode (Pillow, i.e. libjpeg-turbo's default DCT and
upsampling): pixel centres at half-integers, the kernel widened by the shrink
factor, edge pixels repeated, weights normalised; rounded to 8 bits. It is
made at each tool's output size (tools round 600.9 differently) and cached
in CACHE_DIR. For the first N_IMAGES inputs (sorted), prints one line per
tool: NAME mean_dB min_dB count sizes.
"""
import glob
import math
import os
import sys

import numpy as np
from PIL import Image


def lanczos3(x):
    x = np.abs(x)
    return np.where(x < 3.0, np.sinc(x) * np.sinc(x / 3.0), 0.0)


def axis(n_in, n_out):
    """Source indices and weights, n_out x taps, zero-padded."""
    scale = n_in / n_out
    fs = max(scale, 1.0)
    rows = []
    for o in range(n_out):
        c = (o + 0.5) * scale
        lo, hi = math.floor(c - 3 * fs) - 1, math.ceil(c + 3 * fs)
        idx = np.arange(lo, hi + 1)
        w = lanczos3((idx + 0.5 - c) / fs)
        rows.append((np.clip(idx, 0, n_in - 1), w / w.sum()))
    taps = max(len(i) for i, _ in rows)
    index = np.zeros((n_out, taps), dtype=np.intp)
    weight = np.zeros((n_out, taps))
    for o, (i, w) in enumerate(rows):
        index[o, :len(i)] = i
        weight[o, :len(w)] = w
    return index, weight


def reference(path, w, h, cache_dir):
    key = "%s_%dx%d.npy" % (os.path.basename(path), w, h)
    cached = os.path.join(cache_dir, key)
    if os.path.exists(cached):
        return np.load(cached)
    with Image.open(path) as im:
        full = np.asarray(im.convert("RGB"), dtype=np.float64)
    iy, wy = axis(full.shape[0], h)
    ix, wx = axis(full.shape[1], w)
    rows = np.zeros((h, full.shape[1], 3))
    for k in range(iy.shape[1]):
        rows += wy[:, k, None, None] * full[iy[:, k]]
    out = np.zeros((h, w, 3))
    for k in range(ix.shape[1]):
        out += wx[None, :, k, None] * rows[:, ix[:, k]]
    ref = np.clip(np.floor(out + 0.5), 0, 255).astype(np.uint8)
    os.makedirs(cache_dir, exist_ok=True)
    np.save(cached, ref)
    return ref


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return 99.0 if mse == 0 else 10 * math.log10(255.0 ** 2 / mse)


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    data, cache, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    inputs = sorted(glob.glob(os.path.join(data, "*.jpg")))[:n]
    for arg in sys.argv[4:]:
        name, out_dir = arg.split("=", 1)
        values, sizes = [], set()
        for path in inputs:
            out = os.path.join(out_dir, os.path.basename(path))
            if not os.path.exists(out):
                continue
            with Image.open(out) as im:
                got = np.asarray(im.convert("RGB"))
            h, w = got.shape[:2]
            sizes.add("%dx%d" % (w, h))
            values.append(psnr(got, reference(path, w, h, cache)))
        if values:
            print("%s %.2f %.2f %d %s" % (name, sum(values) / len(values),
                                          min(values), len(values),
                                          ",".join(sorted(sizes))))
        else:
            print("%s - - 0 -" % name)


if __name__ == "__main__":
    main()
