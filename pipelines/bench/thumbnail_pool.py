#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Thumbnails with Pillow or OpenCV in a pool of processes, the way the
seed's Accelerator job sliced its file list (pipelines/bench/thumbnail.sh).

  thumbnail_pool.py pil|cv PROCESSES WIDTH HEIGHT QUALITY OUT_DIR FILE...

pil: Image.open, draft('RGB', box) (DCT scaling to the smallest n/8 that is
     still at least the box), thumbnail(box) (Pillow's default filter),
     save(quality).
cv:  cv2.imread(IMREAD_REDUCED_COLOR_4) (DCT scaling 1/4), resize to fit
     the box with INTER_AREA, imwrite(IMWRITE_JPEG_QUALITY), one OpenCV
     thread per process.
Each output is OUT_DIR/<stem>.jpg; prints the number written.
"""
import multiprocessing
import os
import sys


def fit(w, h, bw, bh):
    s = min(bw / w, bh / h)
    return max(1, min(bw, int(w * s + 0.5))), max(1, min(bh, int(h * s + 0.5)))


def out_path(out_dir, path):
    return os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0] + ".jpg")


def pil_one(job):
    from PIL import Image
    path, bw, bh, quality, out_dir = job
    with Image.open(path) as im:
        im.draft("RGB", (bw, bh))
        im.thumbnail((bw, bh))
        im.save(out_path(out_dir, path), quality=quality)
    return 1


def cv_init():
    import cv2
    cv2.setNumThreads(1)


def cv_one(job):
    import cv2
    path, bw, bh, quality, out_dir = job
    im = cv2.imread(path, cv2.IMREAD_REDUCED_COLOR_4)
    h, w = im.shape[:2]
    im = cv2.resize(im, fit(w, h, bw, bh), interpolation=cv2.INTER_AREA)
    cv2.imwrite(out_path(out_dir, path), im, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return 1


def main():
    if len(sys.argv) < 8 or sys.argv[1] not in ("pil", "cv"):
        sys.exit(__doc__)
    tool, procs, bw, bh, quality, out_dir = sys.argv[1:7]
    files = sys.argv[7:]
    procs, bw, bh, quality = int(procs), int(bw), int(bh), int(quality)
    jobs = [(f, bw, bh, quality, out_dir) for f in files]
    one = pil_one if tool == "pil" else cv_one
    init = cv_init if tool == "cv" else None
    # contiguous slices, as the seed's sliceno::slices split, but balanced
    chunk = max(1, len(jobs) // (procs * 4))
    with multiprocessing.Pool(procs, initializer=init) as pool:
        done = sum(pool.imap_unordered(one, jobs, chunksize=chunk))
    print(done)


if __name__ == "__main__":
    main()
