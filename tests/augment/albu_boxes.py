#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Boxes through augment against albumentations' own bboxes.

Every spatial transform whose parameters can be pinned (flips, transpose,
rotations and affine maps with one-value ranges, crops, resizes, pads) runs
on the same boxes twice: in albumentations (2.0.8 and 1.4.24, from the
venvs of scripts/albu-venvs.sh, pascal_voc boxes through
A.Compose(..., bbox_params=A.BboxParams(format="pascal_voc"))), and in the
augment element, the boxes as region-of-interest metas on an RGB frame
pushed from an appsrc (PyGObject). The boxes that survive must be the same
ones, within one pixel (the meta holds whole pixels); a box albumentations
drops (left the frame, min_visibility) must be gone.

    albu_boxes.py            exits 77 (a skip) without the venvs
"""
import json
import os
import subprocess
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstVideo", "1.0")
from gi.repository import Gst, GstVideo  # noqa: E402

W, H = 321, 241
VENVS = ("albu-2.0", "albu-1.4")
BOXES = [(20, 30, 120, 110), (150, 60, 300, 200), (5, 5, 40, 230),
         (250, 10, 318, 60), (100, 150, 180, 239)]

# (transforms string for augment, albumentations constructor text, the
# versions it applies to, min_visibility)
CASES = [
    ("HorizontalFlip(p=1)", "A.HorizontalFlip(p=1)", VENVS, 0),
    ("VerticalFlip(p=1)", "A.VerticalFlip(p=1)", VENVS, 0),
    ("Transpose(p=1)", "A.Transpose(p=1)", VENVS, 0),
    # 1.4.24 moves boxes by Rotate away from its own pixels (a box at
    # (150, 60)-(300, 200) of 321x241 rotated 30 degrees lands at
    # (232, 191)-(321, 241), the pixels at (121, 0)-(321, 195)); 2.x and
    # augment follow the pixels (tests/elements/augmentboxes.c)
    ("Rotate(limit=[30,30], p=1)", "A.Rotate(limit=(30, 30), p=1)",
     ("albu-2.0",), 0),
    ("Rotate(limit=[-100,-100], p=1)", "A.Rotate(limit=(-100, -100), p=1)",
     ("albu-2.0",), 0.3),
    ("Affine(scale=[0.8,0.8], rotate=[15,15], translate_px=[12,12], p=1)",
     "A.Affine(scale=(0.8, 0.8), rotate=(15, 15), translate_px=(12, 12), "
     "p=1)", VENVS, 0),
    ("Crop(x_min=60, y_min=40, x_max=260, y_max=200, p=1)",
     "A.Crop(x_min=60, y_min=40, x_max=260, y_max=200, p=1)", VENVS, 0.5),
    ("CenterCrop(height=150, width=200, p=1)",
     "A.CenterCrop(height=150, width=200, p=1)", VENVS, 0),
    ("Resize(height=120, width=400, p=1)",
     "A.Resize(height=120, width=400, p=1)", VENVS, 0),
    ("LongestMaxSize(max_size=160, p=1)",
     "A.LongestMaxSize(max_size=160, p=1)", VENVS, 0),
    ("PadIfNeeded(min_height=300, min_width=400, border_mode=0, p=1)",
     "A.PadIfNeeded(min_height=300, min_width=400, border_mode=0, p=1)",
     VENVS, 0),
    # a chain: each step clips and filters (check_each_transform)
    ("HorizontalFlip(p=1), Crop(x_min=0, y_min=50, x_max=220, y_max=241, "
     "p=1), Resize(height=100, width=110, p=1)",
     "A.HorizontalFlip(p=1), A.Crop(x_min=0, y_min=50, x_max=220, "
     "y_max=241, p=1), A.Resize(height=100, width=110, p=1)", VENVS, 0.5),
]

ALBU = r'''
import json, sys, numpy as np, albumentations as A
cases = json.load(sys.stdin)
img = np.zeros((%d, %d, 3), np.uint8)
out = []
for t, vis in cases:
    c = A.Compose(eval("[" + t + "]"), bbox_params=A.BboxParams(
        format="pascal_voc", min_visibility=vis, label_fields=["ids"]))
    r = c(image=img, bboxes=%r, ids=list(range(%d)))
    out.append({str(int(i)): [float(v) for v in b]
                for i, b in zip(r["ids"], r["bboxes"])})
print(json.dumps(out))
''' % (H, W, BOXES, len(BOXES))


def ours(transforms, vis):
    """The boxes augment gives, by id."""
    p = Gst.parse_launch(
        "appsrc name=src caps=video/x-raw,format=RGB,width=%d,height=%d,"
        "framerate=1/1 format=time ! augment min-visibility=%g transforms="
        "\"%s\" ! appsink name=sink" % (W, H, vis, transforms))
    src, sink = p.get_by_name("src"), p.get_by_name("sink")
    p.set_state(Gst.State.PLAYING)
    # GStreamer's RGB rows are padded to 4 bytes
    buf = Gst.Buffer.new_wrapped(bytes((W * 3 + 3) // 4 * 4 * H))
    for i, (x0, y0, x1, y1) in enumerate(BOXES):
        m = GstVideo.buffer_add_video_region_of_interest_meta(
            buf, "box", x0, y0, x1 - x0, y1 - y0)
        m.id = i
    src.emit("push-buffer", buf)
    src.emit("end-of-stream")
    sample = sink.emit("pull-sample")
    out = {}
    for i in range(len(BOXES)):
        m = GstVideo.buffer_get_video_region_of_interest_meta_id(
            sample.get_buffer(), i)
        if m:
            out[str(i)] = [m.x, m.y, m.x + m.w, m.y + m.h]
    p.set_state(Gst.State.NULL)
    return out


def main():
    base = os.environ.get("IM_ALBU_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "build")
    pythons = {v: os.path.join(base, v, "bin", "python") for v in VENVS}
    pythons = {v: p for v, p in pythons.items() if os.access(p, os.X_OK)}
    if not pythons:
        print("SKIP: no albumentations venv (scripts/albu-venvs.sh)")
        return 77
    Gst.init(None)
    failed = 0
    for version, python in sorted(pythons.items()):
        cases = [c for c in CASES if version in c[2]]
        r = subprocess.run([python, "-c", ALBU], input=json.dumps(
            [[c[1], c[3]] for c in cases]), capture_output=True, text=True,
            env=dict(os.environ, NO_ALBUMENTATIONS_UPDATE="1"), timeout=300)
        if r.returncode != 0:
            print("FAIL: albumentations %s: %s" % (version, r.stderr[-2000:]))
            return 1
        refs = json.loads(r.stdout.strip().splitlines()[-1])
        for (aug, _, _, vis), ref in zip(cases, refs):
            got = ours(aug, vis)
            bad = sorted(set(ref) ^ set(got))
            far = [k for k in ref if k in got and max(
                abs(a - b) for a, b in zip(ref[k], got[k])) > 1.0]
            ok = not bad and not far
            failed += not ok
            print("%s %s %s: %d boxes%s" % ("ok  " if ok else "FAIL",
                                            version, aug, len(ref), "" if ok
                                            else " albumentations %s, augment"
                                            " %s" % (ref, got)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
