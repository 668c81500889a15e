#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""CMYK and YCCK JPEGs decode to PIL's colours: PIL writes Adobe CMYK
(inverted, with its APP14 marker), the same file without the marker is
still read with Adobe's polarity (as PIL and djpeg read it), and
TurboJPEG itself (through ctypes) writes YCCK. dataset-src ! decoder-pool
! queue-saver saves PNGs that PIL reads back: within 1 level of PIL's
decode converted to RGB (PIL and djpeg round c * k / 255 differently).
A CMYK profile is not carried onto the RGB pixels (the saved PNG has none).

    cmyk.py
"""
import ctypes
import ctypes.util
import os
import shutil
import sys
import tempfile

import numpy as np
from PIL import Image, ImageCms

from gstlaunch import insert_segment, launch

TJPF_CMYK = 11
TJSAMP_420 = 2


def turbojpeg_ycck(cmyk, path):
    """YCCK written by TurboJPEG: a CMYK source is compressed as YCCK."""
    name = ctypes.util.find_library("turbojpeg")
    if name is None:
        return False
    tj = ctypes.CDLL(name)
    tj.tjInitCompress.restype = ctypes.c_void_p
    tj.tjCompress2.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int,
        ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(ctypes.c_ulong), ctypes.c_int, ctypes.c_int,
        ctypes.c_int]
    tj.tjFree.argtypes = [ctypes.c_void_p]
    tj.tjDestroy.argtypes = [ctypes.c_void_p]
    h = tj.tjInitCompress()
    buf, size = ctypes.c_void_p(), ctypes.c_ulong(0)
    hgt, w = cmyk.shape[:2]
    if tj.tjCompress2(h, cmyk.tobytes(), w, 0, hgt, TJPF_CMYK,
                      ctypes.byref(buf), ctypes.byref(size), TJSAMP_420, 95,
                      0) != 0:
        tj.tjDestroy(h)
        return False
    with open(path, "wb") as f:
        f.write(ctypes.string_at(buf, size.value))
    tj.tjFree(buf)
    tj.tjDestroy(h)
    return True


def without_app14(src, dst):
    """The same JPEG with its Adobe APP14 segment cut out."""
    d = open(src, "rb").read()
    i = 2
    while d[i] == 0xFF and d[i + 1] not in (0xDA, 0xD9):
        n = d[i + 2] << 8 | d[i + 3]
        if d[i + 1] == 0xEE:
            d = d[:i] + d[i + 2 + n:]
            continue
        i += 2 + n
    open(dst, "wb").write(d)


def with_icc(src, dst, icc):
    """src with an APP2 ICC_PROFILE chunk (1 of 1) after its SOI."""
    shutil.copyfile(src, dst)
    insert_segment(dst, 0xE2, b"ICC_PROFILE\0\x01\x01" + icc)


def main():
    rng = np.random.default_rng(11)
    h, w = 48, 64
    y, x = np.mgrid[0:h, 0:w]
    cmyk = np.stack([x * 255 // (w - 1), y * 255 // (h - 1),
                     (x + y) * 255 // (w + h - 2),
                     rng.integers(0, 256, (h, w))], -1).astype(np.uint8)
    failed = 0
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "in")
        os.mkdir(src)
        Image.fromarray(cmyk, "CMYK").save(os.path.join(src, "adobe.jpg"),
                                           quality=95)
        without_app14(os.path.join(src, "adobe.jpg"),
                      os.path.join(src, "nomarker.jpg"))
        # an RGB profile marked CMYK: its colour space field is what counts
        icc = bytearray(ImageCms.ImageCmsProfile(
            ImageCms.createProfile("sRGB")).tobytes())
        icc[16:20] = b"CMYK"
        with_icc(os.path.join(src, "adobe.jpg"),
                 os.path.join(src, "profiled.jpg"), bytes(icc))
        stems = ["adobe", "nomarker", "profiled"]
        if turbojpeg_ycck(cmyk, os.path.join(src, "ycck.jpg")):
            stems.append("ycck")
        else:
            print("note: no libturbojpeg for ctypes, YCCK not checked")
        out = os.path.join(d, "out")
        launch("dataset-src location=%s ! decoder-pool ! queue-saver "
               "location=%s/{stem}.png" % (src, out))
        for stem in stems:
            im = Image.open(os.path.join(src, stem + ".jpg"))
            want = np.asarray(im.convert("RGB"), int)
            got_im = Image.open(os.path.join(out, stem + ".png"))
            got = np.asarray(got_im.convert("RGB"), int)
            diff = np.abs(got - want)
            ok = im.mode == "CMYK" and got.shape == want.shape and \
                diff.max() <= 1
            # and not the plain (uninverted) reading
            plain = 255 - np.asarray(im, int)[..., :3]
            ok = ok and np.abs(got - plain).mean() > 10
            failed += not ok
            print("%s %s (%s, %s): max %d, mean %.3f levels from PIL" % (
                "ok  " if ok else "FAIL", stem, im.mode,
                "Adobe marker" if "adobe" in im.info else "no marker",
                diff.max(), diff.mean()))
        got = Image.open(os.path.join(out, "profiled.png"))
        ok = "icc_profile" not in got.info
        failed += not ok
        print("%s CMYK profile not written into the RGB PNG" % (
            "ok  " if ok else "FAIL"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
