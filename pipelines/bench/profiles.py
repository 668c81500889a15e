#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Profiles and metadata benchmark (issue 12): what carrying a colour
profile and EXIF/XMP costs in the decode, thumbnail and save pipelines,
and what color-profile=srgb costs over keep on 4K photos (the main job,
decode + save PNG, included: one pass, a 4K PNG taking ten times a JPEG).

    pipelines/bench/profiles.py [--images 8] [--rounds 4] [--runs 5]
                                [--build build] [--csv FILE]

The same 3840x2160 q90 JPEGs (the 4K-and-over photos of ../shared/samples
resized, or imagemill-gen photos without them) twice: plain (no profile,
no EXIF: what the benchmarks measured before profiles were read) and
tagged (a Display P3 profile made by Little CMS, the iPhone sample's EXIF
and an XMP packet). Every configuration runs --runs times, interleaved,
over --rounds passes of the files (dataset-src loop=true num-buffers);
the median wall time of the gst-launch process is reported, with the
ratio to the plain row of its group. The table is printed, and written
as data to --csv (default BUILD/bench-data/profiles.csv) for charts.py.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(root, "tests", "python"))
import results  # noqa: E402
import srgb  # noqa: E402  (Little CMS' Display P3, as the tests make it)
from gstlaunch import insert_segment  # noqa: E402

W, H = 3840, 2160
SAMPLES = os.path.join(root, "..", "shared", "samples")
PHOTOS = ["photo_bus_4032x3024.jpg", "photo_slr_hills_4608x3456.jpg",
          "photo_iphone_3264x2448.jpg", "photo_flower_2268x1512.jpg"]
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
       b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')


def sources(n, build):
    """n RGB 4K images: the samples resized and cropped, or generated."""
    found = [os.path.join(SAMPLES, p) for p in PHOTOS
             if os.path.exists(os.path.join(SAMPLES, p))]
    out = []
    if found:
        for i in range(n):
            im = Image.open(found[i % len(found)]).convert("RGB")
            s = max(W / im.width, H / im.height) * (1 + 0.02 * (i // 4))
            im = im.resize((round(im.width * s), round(im.height * s)),
                           Image.BILINEAR)
            out.append(im.crop((0, 0, W, H)))
        return out, "../shared/samples photos"
    gen = os.path.join(build, "tests", "imagemill-gen")
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([gen, "--out", d, "--set", "photos", "--count",
                        str(n), "--width", str(W), "--height", str(H)],
                       check=True)
        for p in sorted(os.listdir(d)):
            out.append(Image.open(os.path.join(d, p)).convert("RGB"))
    return out, "imagemill-gen photos"


def make_data(folder, n, build):
    plain, tagged = os.path.join(folder, "plain"), os.path.join(folder,
                                                                "tagged")
    if os.path.isdir(tagged) and len(os.listdir(tagged)) == n:
        return plain, tagged, "cached"
    os.makedirs(plain, exist_ok=True)
    os.makedirs(tagged, exist_ok=True)
    lib = srgb.lcms()
    p3 = srgb.profiles(lib)[0]["p3"]
    iphone = os.path.join(SAMPLES, "photo_iphone_3264x2448.jpg")
    exif = Image.open(iphone).info.get("exif") if os.path.exists(iphone) \
        else Image.Exif().tobytes()
    images, what = sources(n, build)
    for i, im in enumerate(images):
        name = "img%02d.jpg" % i
        im.save(os.path.join(plain, name), quality=90)
        path = os.path.join(tagged, name)
        im.save(path, quality=90, icc_profile=p3, exif=exif)
        insert_segment(path, 0xE1, b"http://ns.adobe.com/xap/1.0/\0" + XMP)
    return plain, tagged, what


def configs(plain, tagged, out, total, n_images):
    src = "dataset-src location=%%s loop=true num-buffers=%d" % total
    dec = "decoder-pool workers=%d color-profile=%s"
    rows = []
    for workers in (1, 2):
        g = "decode, %d worker%s" % (workers, "s" * (workers > 1))
        rows += [
            (g, "plain (no profile, no EXIF)", plain, dec % (workers, "keep")
             + " ! fakesink"),
            (g, "tagged, color-profile=keep", tagged, dec % (workers, "keep")
             + " ! fakesink"),
            (g, "tagged, color-profile=strip", tagged, dec % (workers,
                                                             "strip")
             + " ! fakesink"),
            (g, "tagged, color-profile=srgb", tagged, dec % (workers, "srgb")
             + " ! fakesink")]
    thumb = "thumbnailer width=256 height=256 color-profile=%s ! fakesink"
    rows += [("thumbnail 256", "plain", plain, thumb % "srgb"),
             ("thumbnail 256", "tagged, color-profile=keep", tagged,
              thumb % "keep"),
             ("thumbnail 256", "tagged, color-profile=srgb (default)",
              tagged, thumb % "srgb")]
    save = ("decoder-pool color-profile=%%s ! queue-saver "
            "location=%s/{stem}.jpg if-exists=overwrite metadata=%%s" % out)
    rows += [("decode + save JPEG", "plain", plain, save % ("keep", "keep")),
             ("decode + save JPEG", "tagged, keep, metadata=keep", tagged,
              save % ("keep", "keep")),
             ("decode + save JPEG", "tagged, keep, metadata=strip", tagged,
              save % ("keep", "strip")),
             ("decode + save JPEG", "tagged, color-profile=srgb", tagged,
              save % ("srgb", "keep"))]
    out_rows = [(g, label, src % folder + " ! " + tail, total)
                for g, label, folder, tail in rows]
    # the main job, PNG: one pass (a 4K PNG takes ten times a JPEG)
    png = ("dataset-src location=%%s ! decoder-pool color-profile=%%s ! "
           "queue-saver location=%s/{stem}.png if-exists=overwrite" % out)
    for label, folder, mode in [("plain", plain, "keep"),
                                ("tagged, keep", tagged, "keep"),
                                ("tagged, color-profile=srgb", tagged,
                                 "srgb")]:
        out_rows.append(("decode + save PNG (main job)", label,
                         png % (folder, mode), n_images))
    return out_rows


def run(line):
    t = time.perf_counter()
    r = subprocess.run(["gst-launch-1.0", "-q"] + line.split(),
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("profiles.py: %s failed: %s" % (line, r.stderr))
    return time.perf_counter() - t


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--images", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--build", default=os.path.join(root, "build"))
    ap.add_argument("--csv")
    a = ap.parse_args(argv)
    data = os.path.join(a.build, "bench-data", "profiles-4k")
    plain, tagged, what = make_data(data, a.images, a.build)
    total = a.images * a.rounds
    with tempfile.TemporaryDirectory() as out:
        cfgs = configs(plain, tagged, out, total, a.images)
        times = {c: [] for c in cfgs}
        for _ in range(a.runs):
            for c in cfgs:
                times[c].append(run(c[2]))
    print("%d %dx%d q90 JPEGs (%s), %d frames per run (PNG: %d), median "
          "of %d runs, %d cores\n" % (a.images, W, H, what, total, a.images,
                                     a.runs, os.cpu_count()))
    print("| pipeline | input | median s | frames/s | vs plain |")
    print("|---|---|---|---|---|")
    base, rows = {}, []
    for c in cfgs:
        g, label, _, frames = c
        med = statistics.median(times[c])
        base.setdefault(g, med)
        rows.append({"pipeline": g, "input": label, "median_s":
                     "%.3f" % med, "frames_per_s": "%.1f" % (frames / med),
                     "ratio": "%.3f" % (med / base[g])})
        print("| %s | %s | %.3f | %.1f | %.2f× |" % (
            g, label, med, frames / med, med / base[g]))
    path = a.csv or os.path.join(a.build, "bench-data", "profiles.csv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    results.write_csv(path, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
