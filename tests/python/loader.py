#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Python data loader (python/imagemill) on generated images, against
PIL and the disk:

- frames equal PIL's decode of the same files (shape, pixels; flipped by
  index arithmetic where augment flips), metas name the files in sorted
  order with their copies and plans;
- a corrupt file raises ImagemillError naming it under on-error=fail, is
  skipped and named under on-error=skip (the others all come out);
- shards 0..2 of 3 union to the dataset, disjoint;
- every frame arrives before the end (files x copies), twice in a row;
- 10 000 small frames: RSS flat (the arrays are views over the frames'
  memory, released with them).

    loader.py IMAGEMILL_GEN
"""
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "python"))
import imagemill  # noqa: E402


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def pixels_and_metas(d, files):
    frames = list(imagemill.Frames(folder=d, transforms="HorizontalFlip(p=1)",
                                   copies=2, seed=4, copy=True))
    check(len(frames) == 2 * len(files), "%d frames" % len(frames))
    for k, (img, meta) in enumerate(frames):
        name = files[k // 2]
        check(meta["path"] == name and meta["index"] == k // 2
              and meta["copy"] == k % 2, "meta %r for %s" % (meta, name))
        check(meta["augment"]["copy"] == k % 2, meta["augment"])
        ref = np.asarray(Image.open(os.path.join(d, name)).convert("RGB"))
        check(img.shape == ref.shape, "%s: %s vs %s" % (name, img.shape,
                                                        ref.shape))
        diff = np.abs(img.astype(int) - ref[:, ::-1]).max()
        # PNG exact; JPEG through libjpeg-turbo both sides (islow DCT)
        check(diff <= (0 if name.endswith(".png") else 1),
              "%s: differs from PIL by %d" % (name, diff))
    # without augment: the decode alone, and views (no copy) that survive
    # the iteration
    plain = list(imagemill.Frames(folder=d))
    for k, (img, meta) in enumerate(plain):
        ref = np.asarray(Image.open(os.path.join(d, files[k])).convert("RGB"))
        check(np.array_equal(img, ref) or files[k].endswith(".jpg"),
              "plain %s" % files[k])
        check(meta["augment"] is None, meta)
    print("ok: pixels and metas of %d frames" % (len(frames) + len(plain)))


def errors(d, files):
    bad = os.path.join(d, "photo_0002.jpg")
    with open(bad, "r+b") as f:
        f.truncate(300)
    try:
        for _ in imagemill.Frames(folder=d, on_error="fail"):
            pass
        raise AssertionError("no error for a truncated file")
    except imagemill.ImagemillError as e:
        check("photo_0002.jpg" in str(e), "the error does not name the "
              "file: %s" % e)
    frames = imagemill.Frames(folder=d, on_error="skip")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        names = [m["path"] for _, m in frames]
    check(names == [f for f in files if f != "photo_0002.jpg"], names)
    check(len(frames.skipped) == 1 and "photo_0002.jpg" in frames.skipped[0],
          frames.skipped)
    print("ok: errors name the file")


def shards(d, files):
    got = []
    for k in range(3):
        part = [m["path"] for _, m in imagemill.Frames(folder=d,
                                                        shard=(k, 3))]
        check(len(part) > 0, "shard %d empty" % k)
        got += part
    check(sorted(got) == files, "shards %s vs %s" % (sorted(got), files))
    print("ok: 3 shards, %d files" % len(got))


def no_leak(gen):
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([gen, "-o", d, "--set", "photos", "-n", "50", "-W",
                        "32", "-H", "24", "--png"], check=True,
                       stdout=subprocess.DEVNULL)
        frames = imagemill.Frames(folder=d, transforms="Rotate(limit=20)",
                                  copies=200)
        n, first = 0, None
        for img, meta in frames:
            n += 1
            check(img.shape == (24, 32, 3), img.shape)
            if n == 2000:
                first = rss_kib()
        last = rss_kib()
        check(n == 10000, "%d frames" % n)
        print("ok: 10000 frames, RSS %d KiB at 2000, %d KiB at 10000"
              % (first, last))
        check(last - first < 8 * 1024, "RSS grew by %d KiB" % (last - first))


def main():
    gen = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([gen, "-o", d, "--set", "photos", "-n", "8", "-W",
                        "120", "-H", "80", "--png"], check=True,
                       stdout=subprocess.DEVNULL)
        files = sorted(os.listdir(d))
        pixels_and_metas(d, files)
        shards(d, files)
        errors(d, files)
    no_leak(gen)


if __name__ == "__main__":
    main()
