#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""EXIF and XMP through dataset-src ! decoder-pool ! queue-saver, read back
with PIL (an independent reader): tags kept under metadata=keep (the
default), gone under strip; Orientation 1 where decoder-pool turned the
pixels upright (and the pixels turned: the size swapped); XMP byte for
byte; thumbnailer carries them only under its metadata=keep (strip by
default), upright too; exiftool (libimage-exiftool-perl), where installed,
reads the same outputs as a second reader; EXIF that does not parse (an offset outside it, an IFD loop) left
out, never copied, and no crash.

    metadata.py
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, PngImagePlugin

from gstlaunch import launch, insert_segment

W, H = 56, 40
MAKE, DATE = "imagemill-cam", "2026:12:03 08:00:00"
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
       b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
NS = b"http://ns.adobe.com/xap/1.0/\0"


def exif_bytes(orientation):
    e = Image.Exif()
    e[0x010F] = MAKE
    e[0x0132] = DATE
    if orientation:
        e[0x0112] = orientation
    return e.tobytes()      # "Exif\0\0" + TIFF


def bad_tiff(kind):
    """Little-endian TIFF: IFD0 with one entry; an IFD offset outside the
    block, or IFD0's next IFD pointing back at itself."""
    if kind == "offset":
        return b"II*\0" + struct.pack("<I", 0xFFFF)
    entry = struct.pack("<HHII", 0x010F, 2, 4, 0x41414141)
    return b"II*\0" + struct.pack("<IH", 8, 1) + entry + struct.pack("<I", 8)


def run(d, out, ext, props="", element="decoder-pool"):
    launch("dataset-src location=%s ! %s ! queue-saver %s "
           "location=%s/{stem}_{ext}.%s" % (d, element, props, out, ext))


def xmp_of(img):
    """The XMP packet PIL read: a JPEG's APP1 with the XMP namespace (from
    its segment list), a PNG's iTXt."""
    for marker, data in getattr(img, "applist", []):
        if marker == "APP1" and data.startswith(NS):
            return data[len(NS):]
    x = img.info.get("XML:com.adobe.xmp")
    return x.encode() if isinstance(x, str) else x


def exiftool_tags(folder):
    """exiftool's reading of every file in folder: name -> tags (numbers as
    numbers), or None without exiftool."""
    if shutil.which("exiftool") is None:
        return None
    r = subprocess.run(["exiftool", "-j", "-n", "-Make", "-ModifyDate",
                        "-Orientation", "-XMPToolkit", "-XMP:all", folder],
                       capture_output=True, text=True, timeout=120)
    return {os.path.basename(t["SourceFile"]): t
            for t in json.loads(r.stdout or "[]")}


def main():
    rng = np.random.default_rng(5)
    img = Image.fromarray(rng.integers(0, 256, (H, W, 3), np.uint8), "RGB")
    failed = 0
    with tempfile.TemporaryDirectory() as d:
        img.save(os.path.join(d, "turned.jpg"), exif=exif_bytes(6))
        img.save(os.path.join(d, "upright.jpg"), exif=exif_bytes(0))
        insert_segment(os.path.join(d, "upright.jpg"), 0xE1, NS + XMP)
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        img.save(os.path.join(d, "upright.png"), exif=exif_bytes(1),
                 pnginfo=info)
        for kind in ("offset", "loop"):
            path = os.path.join(d, "bad_%s.jpg" % kind)
            img.save(path)
            insert_segment(path, 0xE1, b"Exif\0\0" + bad_tiff(kind))
        thumb = "thumbnailer width=32 height=32"
        for ext, element, props, keep in [
                ("jpg", "decoder-pool", "", True),
                ("jpg", "decoder-pool", "metadata=strip", False),
                ("png", "decoder-pool", "", True),
                ("png", "decoder-pool", "metadata=strip", False),
                ("jpg", thumb, "", False),
                ("jpg", thumb + " metadata=keep", "", True),
                ("png", thumb + " metadata=keep", "", True)]:
            with tempfile.TemporaryDirectory() as out:
                run(d, out, ext, props, element)
                second = exiftool_tags(out)
                for stem in ("turned_jpg", "upright_jpg", "upright_png",
                             "bad_offset_jpg", "bad_loop_jpg"):
                    o = Image.open(os.path.join(out, "%s.%s" % (stem,
                                                                ext)))
                    ex = o.getexif()
                    problems = []
                    good = keep and not stem.startswith("bad")
                    if good:
                        if ex.get(0x010F) != MAKE or ex.get(0x0132) != DATE:
                            problems.append("tags %r" % dict(ex))
                        tall = o.size[1] > o.size[0]
                        if stem == "turned_jpg" and (ex.get(0x0112) != 1
                                                     or not tall):
                            problems.append("orientation %r, size %r" % (
                                ex.get(0x0112), o.size))
                        if stem.startswith("upright") and \
                                xmp_of(o) != XMP:
                            problems.append("xmp %r" % xmp_of(o))
                    elif len(ex) or xmp_of(o):
                        problems.append("metadata left: %r" % dict(ex))
                    if second is not None:
                        t = second.get("%s.%s" % (stem, ext), {})
                        if good and (t.get("Make") != MAKE or
                                     t.get("ModifyDate") != DATE or
                                     (stem == "turned_jpg" and
                                      t.get("Orientation") != 1)):
                            problems.append("exiftool read %r" % t)
                        if not good and ("Make" in t or "Orientation" in t):
                            problems.append("exiftool found %r" % t)
                    failed += bool(problems)
                    print("%s %s -> %s %s %s: %s" % (
                        "FAIL" if problems else "ok  ", stem, ext,
                        element, props, "; ".join(problems) or
                        ("kept" if good else "none") +
                        (", exiftool agrees" if second is not None else "")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
