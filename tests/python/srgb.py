#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""color-profile on wide-gamut photos: Display P3 and Adobe RGB (1998)
profiles made by Little CMS itself (through ctypes, from the published
primaries, white point and curves) are embedded by PIL in JPEGs and PNGs.

- keep: the profile reaches the saved PNG and JPEG byte for byte.
- srgb: the pixels equal PIL's ImageCms conversion of PIL's decode of the
  same file to sRGB, perceptual intent, within 2 levels (mean within 0.1):
  ImageCms runs Little CMS' 8-bit path, which rounds its own way; the output
  carries an sRGB profile; alpha is untouched; the same bytes with 1 and 2
  workers, in runs more than a second apart (Little CMS dates the profiles
  it writes). A grey image with a grey profile (gamma 1.8) equals ImageCms'
  conversion to sRGB (R = G = B) within 2 levels.
- thumbnailer: its default (srgb) equals ImageCms' conversion of its own
  keep thumbnail (the conversion being the step checked) within 2 levels,
  with sRGB's profile; keep carries the profile byte for byte, strip none.
- PNG colour chunks without iCCP: gAMA 1/1.8 with cHRM (Display P3's
  primaries) converts as the profile Little CMS builds in the test from the
  same numbers, and keep carries such a profile; gAMA 1/2.2 alone, and an
  sRGB chunk (whatever gAMA says), are sRGB: no profile, pixels untouched,
  as are chunks no profile can have (primaries in a line, gAMA 10).
- A profile for other pixels than the frame's (the P3 profile on a frame
  made grey by a capsfilter) is not carried.

    srgb.py
"""
import ctypes
import ctypes.util
import io
import os
import struct
import time
import sys
import tempfile

import numpy as np
from PIL import Image, ImageCms, PngImagePlugin

from gstlaunch import launch


class XyY(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double),
                ("Y", ctypes.c_double)]


def lcms():
    name = ctypes.util.find_library("lcms2")
    if name is None:
        return None
    lib = ctypes.CDLL(name)
    for f in ("cmsBuildParametricToneCurve", "cmsBuildGamma",
              "cmsCreateRGBProfile", "cmsCreateGrayProfile"):
        getattr(lib, f).restype = ctypes.c_void_p
    lib.cmsBuildParametricToneCurve.argtypes = [
        ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)]
    lib.cmsBuildGamma.argtypes = [ctypes.c_void_p, ctypes.c_double]
    lib.cmsCreateRGBProfile.argtypes = [
        ctypes.POINTER(XyY), ctypes.POINTER(XyY * 3),
        ctypes.POINTER(ctypes.c_void_p * 3)]
    lib.cmsCreateGrayProfile.argtypes = [ctypes.POINTER(XyY),
                                         ctypes.c_void_p]
    lib.cmsSaveProfileToMem.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint32)]
    return lib


def save(lib, h):
    n = ctypes.c_uint32(0)
    lib.cmsSaveProfileToMem(ctypes.c_void_p(h), None, ctypes.byref(n))
    buf = ctypes.create_string_buffer(n.value)
    lib.cmsSaveProfileToMem(ctypes.c_void_p(h), buf, ctypes.byref(n))
    return buf.raw[:n.value]


def rgb_profile(lib, primaries, curve):
    white = XyY(0.3127, 0.3290, 1.0)
    prim = (XyY * 3)(*[XyY(x, y, 1.0) for x, y in primaries])
    curves = (ctypes.c_void_p * 3)(curve, curve, curve)
    return save(lib, lib.cmsCreateRGBProfile(ctypes.byref(white),
                                             ctypes.byref(prim),
                                             ctypes.byref(curves)))


def profiles(lib):
    # IEC 61966-2-1's curve, which Display P3 uses
    srgb_trc = (ctypes.c_double * 5)(2.4, 1 / 1.055, 0.055 / 1.055,
                                     1 / 12.92, 0.04045)
    trc = lib.cmsBuildParametricToneCurve(None, 4, srgb_trc)
    p3 = rgb_profile(lib, P3_XY, trc)
    adobe = rgb_profile(lib, [(0.64, 0.33), (0.21, 0.71), (0.15, 0.06)],
                        lib.cmsBuildGamma(None, 563 / 256))
    white = XyY(0.3127, 0.3290, 1.0)
    gray = save(lib, lib.cmsCreateGrayProfile(ctypes.byref(white),
                                              lib.cmsBuildGamma(None, 1.8)))
    # what gAMA 1/1.8 and cHRM (D65, P3's primaries) describe
    gama18 = rgb_profile(lib, P3_XY, lib.cmsBuildGamma(None, 100000 / 55556))
    return {"p3": p3, "adobe": adobe, "gama18": gama18}, gray


P3_XY = [(0.680, 0.320), (0.265, 0.690), (0.150, 0.060)]


def png_chunks(gama=None, chrm=None, srgb_chunk=False):
    """PngInfo with raw gAMA, cHRM and sRGB chunks (PNG's 1/100000ths)."""
    info = PngImagePlugin.PngInfo()
    if srgb_chunk:
        info.add(b"sRGB", b"\0")
    if gama:
        info.add(b"gAMA", struct.pack(">I", round(gama * 100000)))
    if chrm:
        info.add(b"cHRM", struct.pack(">8I", *[round(v * 100000)
                                               for v in chrm]))
    return info


def test_image(h, w, rng):
    """Saturated ramps (the colours sRGB cannot show) and noise."""
    y, x = np.mgrid[0:h, 0:w]
    img = np.stack([x * 255 // (w - 1), y * 255 // (h - 1),
                    255 - x * 255 // (w - 1)], -1)
    img[h // 2:] = rng.integers(0, 256, (h - h // 2, w, 3))
    return img.astype(np.uint8)


def compare(name, got, want, bound=2, mean_bound=0.1):
    diff = np.abs(got.astype(int) - want.astype(int))
    ok = got.shape == want.shape and diff.max() <= bound and \
        diff.mean() <= mean_bound
    print("%s %s: max %d, mean %.3f levels (bounds %d, %.1f)" % (
        "ok  " if ok else "FAIL", name, diff.max(), diff.mean(), bound,
        mean_bound))
    return ok


def main():
    lib = lcms()
    if lib is None:
        print("SKIP: no liblcms2")
        return 77
    rgb, gray_icc = profiles(lib)
    srgb = ImageCms.createProfile("sRGB")
    rng = np.random.default_rng(5)
    failed = 0
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "in")
        os.mkdir(src)
        files = {}
        chunk_files = {}
        for name, kw in [("gama18", dict(gama=1 / 1.8, chrm=[0.3127, 0.3290]
                                         + [v for xy in P3_XY for v in xy])),
                         ("gama22", dict(gama=1 / 2.2)),
                         ("srgbchunk", dict(gama=1 / 1.8, srgb_chunk=True)),
                         ("badchrm", dict(gama=1 / 1.8, chrm=[
                             0.3127, 0.3290, 0.2, 0.2, 0.3, 0.3, 0.4, 0.4])),
                         ("gamahuge", dict(gama=10.0))]:
            Image.fromarray(test_image(48, 64, rng), "RGB").save(
                os.path.join(src, name + ".png"), pnginfo=png_chunks(**kw))
            chunk_files[name] = rgb["gama18"] if name == "gama18" else None
        for name, icc in rgb.items():
            if name == "gama18":
                continue
            img = Image.fromarray(test_image(48, 64, rng), "RGB")
            img.save(os.path.join(src, name + "_jpg.jpg"), quality=95,
                     icc_profile=icc)
            img.save(os.path.join(src, name + "_png.png"), icc_profile=icc)
            rgba = Image.fromarray(np.dstack(
                [test_image(48, 64, rng), rng.integers(
                    0, 256, (48, 64), np.uint8)]), "RGBA")
            rgba.save(os.path.join(src, name + "_rgba.png"), icc_profile=icc)
            for kind in ("jpg", "png", "rgba"):
                files["%s_%s" % (name, kind)] = icc
        # several row bands of 64 rows, shared by the workers
        Image.fromarray(test_image(300, 320, rng), "RGB").save(
            os.path.join(src, "p3_bands.png"), icc_profile=rgb["p3"])
        files["p3_bands"] = rgb["p3"]
        Image.fromarray(rng.integers(0, 256, (40, 30), np.uint8), "L").save(
            os.path.join(src, "gray.png"), icc_profile=gray_icc)

        outs = {}
        for mode, workers in [("keep", 2), ("srgb", 1), ("srgb", 2),
                              ("keep", 1)]:
            if outs:
                time.sleep(1.1)     # a profile dated by the second differs
            out = os.path.join(d, "%s%d" % (mode, workers))
            launch("dataset-src location=%s ! decoder-pool workers=%d "
                   "color-profile=%s ! queue-saver location=%s/{stem}.png" % (
                       src, workers, mode, out))
            outs[mode, workers] = out
        # keep: byte for byte, into JPEG too
        jpg_out = os.path.join(d, "keepjpg")
        launch("dataset-src location=%s ! decoder-pool ! queue-saver "
               "location=%s/{stem}.jpg" % (src, jpg_out))
        for stem, icc in sorted(files.items()):
            for out, ext in [(outs["keep", 2], "png"), (jpg_out, "jpg")]:
                got = Image.open(os.path.join(out, "%s.%s" % (stem, ext)))
                ok = got.info.get("icc_profile") == icc
                failed += not ok
                print("%s keep %s.%s: profile byte for byte" % (
                    "ok  " if ok else "FAIL", stem, ext))

        # srgb: PIL's decode of the same file, converted by ImageCms
        for stem, icc in sorted(files.items()) + [("gray", gray_icc)]:
            path = [p for p in os.listdir(src) if p.startswith(stem + ".")]
            im = Image.open(os.path.join(src, path[0]))
            prof = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if im.mode == "RGBA":
                want = ImageCms.profileToProfile(
                    im.convert("RGB"), prof, srgb, renderingIntent=0)
                want = np.dstack([np.asarray(want),
                                  np.asarray(im)[..., 3]])
            else:
                want = np.asarray(ImageCms.profileToProfile(
                    im, prof, srgb, renderingIntent=0, outputMode="RGB"))
            got_im = Image.open(os.path.join(outs["srgb", 2], stem + ".png"))
            got = np.asarray(got_im)
            if got_im.mode == "L":
                got = np.dstack([got] * 3)
            failed += not compare("srgb %s (%s)" % (stem, got_im.mode), got,
                                  want)
            if got_im.mode == "RGBA":
                ok = np.array_equal(got[..., 3], np.asarray(im)[..., 3])
                failed += not ok
                print("%s srgb %s: alpha untouched" % (
                    "ok  " if ok else "FAIL", stem))
            desc = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(
                io.BytesIO(got_im.info.get("icc_profile", b"")))) \
                if got_im.info.get("icc_profile") else ""
            ok = ("sRGB" in desc) or (got_im.mode == "L" and desc != "")
            failed += not ok
            print("%s srgb %s: output profile %r" % (
                "ok  " if ok else "FAIL", stem, desc.strip()))
            with open(os.path.join(outs["srgb", 1], stem + ".png"),
                      "rb") as a, open(os.path.join(
                          outs["srgb", 2], stem + ".png"), "rb") as b:
                ok = a.read() == b.read()
            failed += not ok
            print("%s srgb %s: same bytes with 1 and 2 workers" % (
                "ok  " if ok else "FAIL", stem))

        # a profile built from PNG chunks: the same bytes in two runs
        with open(os.path.join(outs["keep", 1], "gama18.png"), "rb") as a, \
                open(os.path.join(outs["keep", 2], "gama18.png"), "rb") as b:
            ok = a.read() == b.read()
        failed += not ok
        print("%s keep gama18: same bytes in two runs" % (
            "ok  " if ok else "FAIL"))

        # PNG colour chunks: a profile as they describe it, or sRGB
        for stem, icc in sorted(chunk_files.items()):
            im = Image.open(os.path.join(src, stem + ".png"))
            want = np.asarray(im) if icc is None else np.asarray(
                ImageCms.profileToProfile(im, ImageCms.ImageCmsProfile(
                    io.BytesIO(icc)), srgb, renderingIntent=0))
            got = Image.open(os.path.join(outs["srgb", 2], stem + ".png"))
            failed += not compare("srgb %s (PNG chunks)" % stem,
                                  np.asarray(got), want)
            kept = Image.open(os.path.join(outs["keep", 2], stem + ".png"))
            ok = np.array_equal(np.asarray(kept), np.asarray(im)) and (
                ("icc_profile" in kept.info) == (icc is not None))
            failed += not ok
            print("%s keep %s: pixels untouched, %s" % (
                "ok  " if ok else "FAIL", stem, "a profile" if
                "icc_profile" in kept.info else "no profile"))

        # thumbnailer: converted after shrinking, keep and strip as above
        thumbs = {}
        for props in ("", "color-profile=keep", "color-profile=strip"):
            out = os.path.join(d, "thumb" + props.replace("=", "-"))
            launch("dataset-src location=%s ! thumbnailer width=32 height=24 "
                   "%s ! queue-saver location=%s/{stem}.png" % (
                       src, props, out))
            thumbs[props] = out
        for stem, icc in sorted(files.items()):
            kept = Image.open(os.path.join(thumbs["color-profile=keep"],
                                           stem + ".png"))
            conv = Image.open(os.path.join(thumbs[""], stem + ".png"))
            strip = Image.open(os.path.join(thumbs["color-profile=strip"],
                                            stem + ".png"))
            want = np.asarray(ImageCms.profileToProfile(
                kept.convert("RGB"), ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                srgb, renderingIntent=0))
            failed += not compare("thumbnailer %s" % stem, np.asarray(
                conv.convert("RGB")), want, mean_bound=0.3)
            ok = kept.info.get("icc_profile") == icc and \
                "icc_profile" not in strip.info and "sRGB" in \
                ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(
                    io.BytesIO(conv.info.get("icc_profile", b""))))
            failed += not ok
            print("%s thumbnailer %s: profiles (srgb, keep, strip)" % (
                "ok  " if ok else "FAIL", stem))

        # an RGB profile on a grey frame describes nothing there
        grey_out = os.path.join(d, "grey")
        launch("dataset-src location=%s/p3_png.png ! decoder-pool ! "
               "video/x-raw,format=GRAY8 ! queue-saver "
               "location=%s/{stem}.png" % (src, grey_out))
        got = Image.open(os.path.join(grey_out, "p3_png.png"))
        ok = got.mode == "L" and "icc_profile" not in got.info
        failed += not ok
        print("%s keep: P3 profile not carried on a grey frame (%s)" % (
            "ok  " if ok else "FAIL", got.mode))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
