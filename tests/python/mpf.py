#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""JPEG secondary images (MPF, CIPA DC-007) through the framer, checked
against PIL, which writes the files and decodes them independently:

- an MPO written by PIL (a primary and a smaller second image, listed in
  the primary's MPF index): filesrc ! decoder-pool gives 1 frame, PIL's
  pixels of the primary (frame 0); with secondary-images=emit 2 frames,
  the second of the second image's size with PIL's pixels of frame 1
  (where im.seek(1) finds it), marked image=1 in its source meta; the
  same through filesrc blocksize=1, multifilesrc (whole files) and
  thumbnailer; through dataset-src (one image per buffer) 1 frame in
  either mode;
- two plain JPEGs one after the other (cat a.jpg b.jpg) give 2 frames, and
  an MPO followed by a plain JPEG 2 (drop) or 3 (emit): an index covers
  its own file's images only;
- an MPO whose index is corrupt (an offset past the end, 2 GiB on, inside
  the primary or one byte off, a huge count, an absurd size, a size too
  small) is framed as plain concatenation, 2 frames, in either mode, none
  marked.

Pixels: mean absolute difference against PIL's decode at most MEAN_BOUND
(both are libjpeg-turbo's ISLOW IDCT with fancy upsampling: 0 in
practice) and no sample off by more than MAX_BOUND.

    mpf.py [IMAGEMILL_GEN]  (the generator is not needed)
"""
import io
import os
import shutil
import struct
import sys
import tempfile

try:
    import numpy as np
    from PIL import Image
    import gi
    gi.require_version("Gst", "1.0")
    from gi.repository import Gst  # noqa: F401 (python3-gst-1.0 is there)
except (ImportError, ValueError) as e:
    print("SKIP: %s" % e)
    sys.exit(77)

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "python"))
import imagemill  # noqa: E402

MEAN_BOUND = 0.5
MAX_BOUND = 2
PRIMARY = (100, 70)             # width, height
SECOND = (52, 36)
failed = []


def check(cond, what):
    print("%s %s" % ("ok  " if cond else "FAIL", what))
    if not cond:
        failed.append(what)


def picture(w, h, seed):
    """Photo-like: smooth gradients and a little noise."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    rng = np.random.RandomState(seed)
    rgb = np.dstack([128 + 100 * np.sin(x / (7 + seed) + y / 11),
                     128 + 90 * np.cos(y / (5 + seed)),
                     (x * 2 + y * 3) % 256]) + rng.normal(0, 6, (h, w, 3))
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def write_mpo(path):
    primary, second = picture(*PRIMARY, 1), picture(*SECOND, 2)
    primary.save(path, format="MPO", save_all=True, append_images=[second],
                 quality=90)
    return open(path, "rb").read()


def pil_frame_1(im, data):
    """PIL's decode of the second image of the MPO @im. Pillow 9.4's MPO
    reader gives every frame the primary's size (MpoImagePlugin.seek keeps
    _initial_size but for large thumbnails): there the bytes of frame 1,
    where im.seek (1) finds them, are decoded by its JPEG reader."""
    im.seek(1)
    if im.size == SECOND:
        return np.asarray(im.convert("RGB"))
    return np.asarray(Image.open(io.BytesIO(data[im.offset:])).convert(
        "RGB"))


def mp_entries(data):
    """(offset of the MP Entry array, of the MPEntry tag's count, of the
    NumberOfImages value) in an MPO PIL wrote (little-endian)."""
    tiff = data.index(b"MPF\0") + 4
    assert data[tiff:tiff + 4] == b"II*\0", "not little-endian"
    ifd = tiff + struct.unpack_from("<I", data, tiff + 4)[0]
    entries = count_at = number_at = None
    for i in range(struct.unpack_from("<H", data, ifd)[0]):
        tag, _, _, value = struct.unpack_from("<HHII", data, ifd + 2 + 12 * i)
        if tag == 0xb002:
            entries, count_at = tiff + value, ifd + 2 + 12 * i + 4
        elif tag == 0xb001:
            number_at = ifd + 2 + 12 * i + 8
    return entries, count_at, number_at


def patched(data, **fields):
    """@data with the second MP Entry's size/offset, or the count of
    images, replaced."""
    out = bytearray(data)
    entries, count_at, number_at = mp_entries(data)
    if "size" in fields:
        struct.pack_into("<I", out, entries + 16 + 4, fields["size"])
    if "offset" in fields:
        struct.pack_into("<I", out, entries + 16 + 8, fields["offset"])
    if "count" in fields:
        struct.pack_into("<I", out, count_at, 16 * fields["count"])
        struct.pack_into("<I", out, number_at, fields["count"])
    return bytes(out)


def frames(desc):
    """[(array, image number)] of the frames of @desc."""
    out = []
    for arr, meta in imagemill.Frames(desc + " ! video/x-raw,format=RGB",
                                      copy=True, timeout=30):
        out.append((arr, meta.get("image", 0)))
    return out


def close(arr, want):
    if arr.shape != want.shape:
        return False, "shape %s, want %s" % (arr.shape, want.shape)
    diff = np.abs(arr.astype(int) - want.astype(int))
    return (diff.mean() <= MEAN_BOUND and diff.max() <= MAX_BOUND,
            "mean diff %.3f, max %d" % (diff.mean(), diff.max()))


def check_frames(name, got, wants, marks=None):
    """@got against PIL's decodes @wants, in order; @marks: the image
    number each must carry (when the metas can be read)."""
    check(len(got) == len(wants), "%s: %d frames, want %d" % (
        name, len(got), len(wants)))
    for k, ((arr, image), want) in enumerate(zip(got, wants)):
        ok, how = close(arr, want)
        check(ok, "%s: frame %d: %s" % (name, k, how))
        if marks is not None and imagemill._GstImagemill is not None:
            check(image == marks[k], "%s: frame %d: image %d, want %d" % (
                name, k, image, marks[k]))


def main():
    if imagemill._GstImagemill is None:
        print("note: no GstImagemill typelib: source metas not checked")
    with tempfile.TemporaryDirectory() as d:
        mpo_path = os.path.join(d, "photo.mpo")
        mpo = write_mpo(mpo_path)
        im = Image.open(mpo_path)
        if b"MPF\0" not in mpo or getattr(im, "n_frames", 1) != 2:
            print("SKIP: this PIL writes no MPF index")
            return 77
        # PIL's own decode of each image of the file
        primary = np.asarray(im.convert("RGB"))
        second = pil_frame_1(im, mpo)
        check(primary.shape[:2] == PRIMARY[::-1] and
              second.shape[:2] == SECOND[::-1], "PIL reads back 2 images")
        a, b = picture(61, 45, 3), picture(33, 80, 4)
        a.save(os.path.join(d, "a.jpg"), quality=90)
        b.save(os.path.join(d, "b.jpg"), quality=90)
        pa = np.asarray(Image.open(os.path.join(d, "a.jpg")).convert("RGB"))
        pb = np.asarray(Image.open(os.path.join(d, "b.jpg")).convert("RGB"))

        def write(name, data):
            path = os.path.join(d, name)
            open(path, "wb").write(data)
            return path

        ab = write("ab.jpg", open(os.path.join(d, "a.jpg"), "rb").read() +
                   open(os.path.join(d, "b.jpg"), "rb").read())
        mpo_b = write("mpo_b.jpg", mpo + open(os.path.join(d, "b.jpg"),
                                              "rb").read())
        for mode, emit in (("", False), (" secondary-images=emit", True)):
            tag = "emit" if emit else "drop"
            two = [primary, second] if emit else [primary]
            check_frames("MPO, filesrc ! decoder-pool, %s" % tag,
                         frames("filesrc location=%s ! decoder-pool%s" % (
                             mpo_path, mode)), two, [0, 1])
            # pieces of 1 byte: the index read, the images waited for
            check_frames("MPO, filesrc blocksize=1, %s" % tag,
                         frames("filesrc location=%s blocksize=1 ! "
                                "decoder-pool%s" % (mpo_path, mode)), two,
                         [0, 1])
            check_frames("MPO, multifilesrc (whole file), %s" % tag,
                         frames("multifilesrc location=%s stop-index=0 "
                                "caps=image/jpeg ! decoder-pool%s" % (
                                    mpo_path, mode)), two, [0, 1])
            # at scale 1 (no-upscale): a resampling of identity
            check_frames("MPO, filesrc ! thumbnailer, %s" % tag,
                         frames("filesrc location=%s ! thumbnailer "
                                "width=512 height=512%s" % (mpo_path, mode)),
                         two, [0, 1])
            check_frames("cat a.jpg b.jpg, %s" % tag,
                         frames("filesrc location=%s ! decoder-pool%s" % (
                             ab, mode)), [pa, pb], [0, 0])
            check_frames("cat a.jpg b.jpg, thumbnailer, %s" % tag,
                         frames("filesrc location=%s ! thumbnailer "
                                "width=512 height=512%s" % (ab, mode)),
                         [pa, pb], [0, 0])
            check_frames("cat photo.mpo b.jpg, %s" % tag,
                         frames("filesrc location=%s ! decoder-pool%s" % (
                             mpo_b, mode)), two + [pb],
                         [0, 1, 0] if emit else [0, 0])
            # one image per buffer: the decoder takes the primary
            ds = os.path.join(d, "dataset")
            os.makedirs(ds, exist_ok=True)
            shutil.copy(mpo_path, os.path.join(ds, "photo.jpg"))
            check_frames("MPO, dataset-src ! decoder-pool, %s" % tag,
                         frames("dataset-src location=%s ! decoder-pool%s" %
                                (ds, mode)), [primary], [0])
            # corrupt indexes: framed as plain concatenation, none marked
            second_at = mpo.index(b"\xff\xd8\xff", 2)
            tiff = mpo.index(b"MPF\0") + 4
            for what, fields in (
                    ("an offset past the end", {"offset": len(mpo) + 99 -
                                                tiff}),
                    ("an offset 2 GiB on", {"offset": 0x7fffff00}),
                    ("an offset inside the primary", {"offset": 2}),
                    ("a huge count", {"count": 100000}),
                    ("an absurd size", {"size": 0xffffffff}),
                    ("a size too small", {"size": 100}),
                    ("an offset one byte on", {"offset": second_at - tiff +
                                               1})):
                bad = write("bad.jpg", patched(mpo, **fields))
                check_frames("MPO with %s, %s" % (what, tag),
                             frames("filesrc location=%s ! decoder-pool%s" %
                                    (bad, mode)), [primary, second], [0, 0])
    if failed:
        print("%d failed" % len(failed))
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
