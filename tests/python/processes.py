#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""JPEG processes libjpeg-turbo 2.1 cannot decode (lossless SOF3, 12-bit
precision) end as a clear "Unsupported" skip naming the file, while the
others go on; an animated PNG gives its default image (PIL's first frame,
pixel for pixel) and nothing more.

    processes.py
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image


def main():
    failed = 0
    rng = np.random.default_rng(2)
    with tempfile.TemporaryDirectory() as d, \
            tempfile.TemporaryDirectory() as out:
        Image.fromarray(rng.integers(0, 256, (16, 24, 3), np.uint8)).save(
            os.path.join(d, "base.jpg"), quality=90)
        data = bytearray(open(os.path.join(d, "base.jpg"), "rb").read())
        sof = data.index(b"\xff\xc0")
        for name, marker, precision in (("lossless.jpg", 0xc3, 8),
                                        ("twelve_bit.jpg", 0xc1, 12)):
            b = bytearray(data)
            b[sof + 1] = marker
            b[sof + 4] = precision
            open(os.path.join(d, name), "wb").write(b)
        frames = [Image.fromarray(rng.integers(0, 256, (10, 12, 3),
                                               np.uint8)) for _ in range(3)]
        frames[0].save(os.path.join(d, "anim.png"), save_all=True,
                       append_images=frames[1:], duration=100)
        r = subprocess.run(
            ["gst-launch-1.0", "dataset-src", "location=" + d, "!",
             "decoder-pool", "on-error=skip", "!", "queue-saver",
             "location=%s/{stem}.png" % out], capture_output=True, text=True,
            timeout=120)
        got = sorted(os.listdir(out))
        checks = [
            (r.returncode == 0, "exit %d: %s" % (r.returncode, r.stderr)),
            (got == ["anim.png", "base.png"], "outputs %s" % got),
            ('"lossless.jpg"' in r.stdout and "Unsupported JPEG process"
             in r.stdout, "no clear message for lossless.jpg"),
            ('"twelve_bit.jpg"' in r.stdout and "Unsupported JPEG data "
             "precision 12" in r.stdout, "no clear message for 12 bits"),
        ]
        if "anim.png" in got:
            a = np.asarray(Image.open(os.path.join(out, "anim.png")))
            checks.append((np.array_equal(a, np.asarray(frames[0])),
                           "the animated PNG is not its default image"))
        for ok, what in checks:
            failed += not ok
            if not ok:
                print("FAIL:", what)
    print("ok" if not failed else "%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
