#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Data loader benchmark (issue 14): frames/s and CPU of the imagemill
Python iterator over 2000x1000 JPEGs (decode + HorizontalFlip, Rotate,
RandomBrightnessContrast), one Python process, the work in imagemill's C
threads; next to a PyTorch-style multiprocessing loader (PIL decode, the
same three transforms with the OpenCV calls albumentations makes, frames
sent back to the parent as DataLoader's workers do) on P processes.

    pipelines/bench/loader.py [--images 48] [--runs 3] [--procs 2]
                              [--csv build/bench-data/loader.csv]

Each run reads every image once; the median of the runs is reported, with
CPU as process (and children) user + system time over wall time, in
cores (the pool's workers read from /proc). The images are generated once (imagemill-gen, photo-like) into
build/bench-loader/. The table is also written as data (--csv) for charts.py.
"""
import argparse
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
sys.path.insert(0, os.path.join(root, "python"))
sys.path.insert(0, here)
import results  # noqa: E402

TRANSFORMS = ("HorizontalFlip(), Rotate(limit=15, p=1), "
              "RandomBrightnessContrast(p=1)")


PIDS = []                                  # the pool's worker processes


def cpu():
    """User + system seconds of this process and the pool's workers."""
    s = resource.getrusage(resource.RUSAGE_SELF)
    total = s.ru_utime + s.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    for pid in PIDS:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def run_imagemill(folder, seed):
    import imagemill
    n = 0
    for image, meta in imagemill.Frames(folder=folder, transforms=TRANSFORMS,
                                        seed=seed):
        n += int(image[0, 0, 0] >= 0)     # touch the frame
    return n


def peer_item(args):
    """One image as a DataLoader worker makes it: PIL decode, then
    albumentations' OpenCV calls for the three transforms."""
    import cv2
    from PIL import Image
    path, seed = args
    rng = np.random.default_rng(seed)
    img = np.asarray(Image.open(path).convert("RGB"))
    if rng.random() < 0.5:
        img = cv2.flip(img, 1)
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5),
                                rng.uniform(-15, 15), 1.0)
    img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT)
    alpha, beta = 1 + rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2) * 255
    lut = np.clip(np.arange(256) * alpha + beta, 0, 255).astype(np.uint8)
    return cv2.LUT(img, lut)


def run_peer(pool, files, seed):
    n = 0
    for img in pool.imap(peer_item, [(f, seed * 100003 + i)
                                     for i, f in enumerate(files)]):
        n += int(img[0, 0, 0] >= 0)
    return n


def timed(fn, *args):
    c0, t0 = cpu(), time.monotonic()
    n = fn(*args)
    dt = time.monotonic() - t0
    return n / dt, (cpu() - c0) / dt, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=48)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--gen", default=os.path.join(root, "build", "tests",
                                                  "imagemill-gen"))
    ap.add_argument("--csv", default=os.path.join(root, "build", "bench-data",
                                                  "loader.csv"),
                    help="the table as data, for charts.py ('' for none)")
    a = ap.parse_args()
    folder = os.path.join(root, "build", "bench-loader")
    if not os.path.isdir(folder) or len(os.listdir(folder)) != a.images:
        subprocess.run([a.gen, "-o", folder, "--set", "photos", "-n",
                        str(a.images), "-W", "2000", "-H", "1000"],
                       check=True, stdout=subprocess.DEVNULL)
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    ours, peer = [], []
    with mp.get_context("fork").Pool(a.procs) as pool:
        PIDS.extend(p.pid for p in pool._pool)
        run_peer(pool, files[:4], 0)          # start-up apart
        run_imagemill(folder, 0)
        for r in range(a.runs):               # interleaved, same conditions
            ours.append(timed(run_imagemill, folder, r + 1))
            peer.append(timed(run_peer, pool, files, r + 1))
    fo = statistics.median(x[0] for x in ours)
    fp = statistics.median(x[0] for x in peer)
    co = statistics.median(x[1] for x in ours)
    cp = statistics.median(x[1] for x in peer)
    print("| loader | frames/s | CPU (cores) |")
    print("| --- | --- | --- |")
    print("| imagemill.Frames, 1 Python process | %.1f | %.2f |" % (fo, co))
    print("| PIL + OpenCV, %d worker processes | %.1f | %.2f |"
          % (a.procs, fp, cp))
    print("ratio: %.2fx (%d images of 2000x1000, median of %d runs)"
          % (fo / fp, len(files), a.runs))
    if a.csv:
        os.makedirs(os.path.dirname(os.path.abspath(a.csv)), exist_ok=True)
        results.write_csv(a.csv, [
            {"loader": "imagemill.Frames, 1 Python process",
             "frames_s": "%.1f" % fo, "cpu_cores": "%.2f" % co,
             "tool": "imagemill.Frames, 1 Python process", "workers": ""},
            {"loader": "PIL + OpenCV, %d worker processes" % a.procs,
             "frames_s": "%.1f" % fp, "cpu_cores": "%.2f" % cp,
             "tool": "PIL + OpenCV", "workers": a.procs}])


if __name__ == "__main__":
    main()
