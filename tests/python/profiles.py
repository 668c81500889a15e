#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Colour profiles survive dataset-src ! decoder-pool [! augment] !
queue-saver byte for byte: PIL writes JPEGs and PNGs with an ICC profile
made by Little CMS (ImageCms' sRGB) and with a 150 000-byte one (three
JPEG APP2 chunks), the pipeline saves them as PNG and as JPEG, and PIL
reads the profile back from the outputs. color-profile=strip leaves none;
an image without a profile gets none.

    profiles.py
"""
import os
import sys
import tempfile

import numpy as np
from PIL import Image, ImageCms

from gstlaunch import launch


def run(d, out, element="decoder-pool", ext="png"):
    launch("dataset-src location=%s ! %s ! queue-saver "
           "location=%s/{stem}_{ext}.%s" % (d, element, out, ext))


def main():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    # a profile the size of a camera's: its chunks must join in order
    rng = np.random.default_rng(3)
    big = srgb[:128] + rng.integers(0, 256, 150000, np.uint8).tobytes()
    img = Image.fromarray(rng.integers(0, 256, (40, 56, 3), np.uint8), "RGB")
    want = {}
    failed = 0
    with tempfile.TemporaryDirectory() as d:
        for name, icc in [("srgb", srgb), ("big", big), ("none", None)]:
            for ext in ("jpg", "png"):
                kw = {"icc_profile": icc} if icc else {}
                img.save(os.path.join(d, "%s.%s" % (name, ext)), **kw)
                want["%s_%s" % (name, ext)] = icc
        for element, out_ext, keep in [
                ("decoder-pool", "png", True),
                ("decoder-pool", "jpg", True),
                ("decoder-pool ! augment transforms=HorizontalFlip(p=1)",
                 "jpg", True),
                ("decoder-pool color-profile=strip", "png", False)]:
            with tempfile.TemporaryDirectory() as out:
                run(d, out, element, out_ext)
                for stem, icc in sorted(want.items()):
                    got = Image.open(os.path.join(out, "%s.%s" % (
                        stem, out_ext))).info.get("icc_profile")
                    expect = icc if keep else None
                    ok = got == expect
                    failed += not ok
                    print("%s %s -> %s via %s: %s" % (
                        "ok  " if ok else "FAIL", stem, out_ext, element,
                        "%d bytes" % len(got) if got else "no profile"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
