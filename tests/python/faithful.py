#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Images keep what they have through dataset-src ! decoder-pool (or
thumbnailer) ! queue-saver: alpha (and tRNS colour keys, 8 and 16 bits, and palettes) as
RGBA, gray as gray, colour as RGB; checked with PIL, which writes the
inputs and reads the outputs back: channels (the PNG's mode) and pixels
equal PIL's own decode of the input. A capsfilter still forces one format
for all.

    faithful.py
"""
import os
import struct
import sys
import tempfile
import zlib

import numpy as np
from PIL import Image

from gstlaunch import launch

W, H = 45, 31


def add_trns(path, key):
    data = open(path, "rb").read()
    at = data.index(b"IDAT") - 4
    chunk = struct.pack(">I", len(key)) + b"tRNS" + key + struct.pack(
        ">I", zlib.crc32(b"tRNS" + key))
    open(path, "wb").write(data[:at] + chunk + data[at:])


def inputs(d):
    """name -> (what PIL decodes it as, the mode the output must have)"""
    y, x = np.mgrid[0:H, 0:W]
    grey = ((x * 5 + y * 3) % 256).astype(np.uint8)
    rgb = np.dstack([grey, (x * 9 % 256).astype(np.uint8),
                     (y * 7 % 256).astype(np.uint8)])
    alpha = ((x + y) * 4 % 256).astype(np.uint8)
    g16 = (x * 1500 + y * 700).astype(np.uint16)
    made = {}

    def save(name, img, **kw):
        img.save(os.path.join(d, name), **kw)

    save("rgba.png", Image.fromarray(np.dstack([rgb, alpha]), "RGBA"))
    save("gray_alpha.png", Image.fromarray(np.dstack([grey, alpha]), "LA"))
    save("gray.png", Image.fromarray(grey, "L"))
    save("rgb.png", Image.fromarray(rgb, "RGB"))
    key = int(grey[3, 7])
    save("gray_trns.png", Image.fromarray(grey, "L"), transparency=key)
    key_rgb = tuple(int(v) for v in rgb[5, 9])
    save("rgb_trns.png", Image.fromarray(rgb, "RGB"), transparency=key_rgb)
    pal = Image.fromarray(rgb, "RGB").quantize(64)
    save("palette_trns.png", pal, transparency=5)
    save("gray16.png", Image.fromarray(g16, "I;16"))
    # PIL writes no tRNS for 16-bit gray: the chunk is added before IDAT
    save("gray16_trns.png", Image.fromarray(g16, "I;16"))
    add_trns(os.path.join(d, "gray16_trns.png"),
             struct.pack(">H", int(g16[2, 4])))
    save("gray.jpg", Image.fromarray(grey, "L"), quality=95)
    save("rgb.jpg", Image.fromarray(rgb, "RGB"), quality=95)
    for name in sorted(os.listdir(d)):
        img = Image.open(os.path.join(d, name))
        made[name] = img
    return made


def expected(img, gray16=True):
    """What the output must hold: PIL's decode in the mode the pipeline
    keeps (16-bit gray as 16 bits where @gray16, else the high byte)."""
    has_alpha = img.mode in ("RGBA", "LA", "PA") or \
        "transparency" in img.info
    if img.mode in ("I;16", "I") and gray16 and "transparency" not in \
            img.info:
        return "I", np.asarray(img).astype(np.int32)
    if img.mode in ("I;16", "I"):
        a = np.asarray(img).astype(np.uint16) >> 8
        if has_alpha:
            key = img.info["transparency"]
            al = np.where(np.asarray(img) == key, 0, 255).astype(np.uint8)
            g = a.astype(np.uint8)
            return "RGBA", np.dstack([g, g, g, al])
        return "L", a.astype(np.uint8)
    if has_alpha:
        return "RGBA", np.asarray(img.convert("RGBA"))
    if img.mode == "L":
        return "L", np.asarray(img)
    return "RGB", np.asarray(img.convert("RGB"))


def run(d, out, caps="", element="decoder-pool"):
    launch("dataset-src location=%s ! %s ! %s queue-saver "
           "location=%s/{stem}_{ext}.png" % (d, element, caps, out))


def main():
    failed = 0
    with tempfile.TemporaryDirectory() as d, \
            tempfile.TemporaryDirectory() as out, \
            tempfile.TemporaryDirectory() as thumbs, \
            tempfile.TemporaryDirectory() as forced:
        made = inputs(d)
        run(d, out)
        # the thumbnailer at the images' own size: resampling at scale 1
        run(d, thumbs, element="thumbnailer width=%d height=%d" % (W, H))
        run(d, forced, "video/x-raw,format=RGB !")
        for (name, img), where in [(m, w) for m in sorted(made.items())
                                   for w in (out, thumbs)]:
            stem, ext = os.path.splitext(name)
            got = Image.open(os.path.join(where, "%s_%s.png" % (stem,
                                                                ext[1:])))
            # queue-saver takes 16-bit gray, the thumbnailer does not
            mode, want = expected(img, gray16=where == out)
            arr = np.asarray(got)
            # libjpeg-turbo both sides; the thumbnailer's kernel at scale 1
            tol = 0 if ext == ".png" and where == out else 1
            name = name if where == out else name + " (thumbnailer)"
            ok = got.mode == mode and arr.shape == want.shape and \
                np.abs(arr.astype(int) - want).max() <= tol
            failed += not ok
            if ok:
                print("ok   %s: %s" % (name, got.mode))
            else:
                diff = np.abs(arr.astype(int) - want).max() if \
                    arr.shape == want.shape else arr.shape
                print("FAIL %s: %s, want %s (max diff %s)" % (
                    name, got.mode, mode, diff))
            one = Image.open(os.path.join(forced, "%s_%s.png" % (stem,
                                                                 ext[1:])))
            if where == out and one.mode != "RGB":
                failed += 1
                print("FAIL %s under format=RGB: %s" % (name, one.mode))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
