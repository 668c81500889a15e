#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""A picture grid of one photo under each transform of augment.

    GST_PLUGIN_PATH=build/plugins pipelines/bench/augment_grid.py \
        [--family spatial|pixel] [--photo JPEG] [--width 400] [--seed 3] \
        [--out docs/images/augment-grid.jpg]

--family spatial (the default) draws the spatial transforms into
docs/images/augment-grid.jpg, --family pixel the pixel transforms into
docs/images/augment-pixel-grid.jpg.

The photo (default: the first photo_*.jpg of ../shared/samples) is scaled to
--width pixels wide, then every transform runs on it through the element
(filesrc ! pngdec ! augment transforms=... seed=... ! appsink); the outputs
are laid out in a labelled grid, each scaled to fit its cell.
"""
import argparse
import glob
import os
import sys
import tempfile

import gi
from PIL import Image, ImageDraw, ImageFont

gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402

TRANSFORMS = [
    ('original', ''),
    ('HorizontalFlip', 'HorizontalFlip(p=1)'),
    ('Rotate 20', 'Rotate(limit=[20, 20], p=1)'),
    ('Affine, shear 15', 'Affine(shear=[15, 15], scale=[0.9, 0.9], p=1)'),
    ('ShiftScaleRotate', 'ShiftScaleRotate(shift_limit=[0.1, 0.1], '
     'scale_limit=[-0.2, -0.2], rotate_limit=[-25, -25], p=1)'),
    ('Perspective 0.1', 'Perspective(scale=[0.1, 0.1], p=1)'),
    ('RandomResizedCrop', 'RandomResizedCrop(size=[200, 300], '
     'scale=[0.3, 0.3], p=1)'),
    ('GridDistortion 0.5', 'GridDistortion(distort_limit=[-0.5, 0.5], p=1)'),
    ('Elastic a=50 s=5', 'ElasticTransform(alpha=50, sigma=5, p=1)'),
    ('OpticalDistortion 0.5', 'OpticalDistortion(distort_limit=[0.5, 0.5], '
     'p=1)'),
    ('PadIfNeeded reflect', 'PadIfNeeded(min_height=360, min_width=480, '
     'border_mode=4, p=1)'),
    ('chain (fused)', 'HorizontalFlip(p=1), Rotate(limit=[15, 15], p=1), '
     'GridDistortion(p=1), RandomResizedCrop(size=[200, 400], '
     'scale=[0.5, 0.5], ratio=[2, 2], p=1)'),
]

# each pixel transform with its defaults but p=1 (a few made stronger so
# they show at this size)
PIXEL = [('original', '')] + [
    (t.split('(')[0], t[:-1] + ('p=1)' if t.endswith('()') else ', p=1)'))
    for t in (
    'RandomBrightnessContrast(brightness_limit=[0.2, 0.2], '
    'contrast_limit=[0.3, 0.3])',
    'HueSaturationValue(hue_shift_limit=[20, 20], '
    'sat_shift_limit=[30, 30], val_shift_limit=[0, 0])',
    'RGBShift(r_shift_limit=[40, 40], g_shift_limit=[0, 0], '
    'b_shift_limit=[-40, -40])',
    'RandomGamma(gamma_limit=[150, 150])',
    'ColorJitter()', 'ToGray()', 'ToSepia()', 'ChannelShuffle()',
    'ChannelDropout()', 'InvertImg()', 'Posterize(num_bits=[3, 3])',
    'Solarize(threshold_range=[0.5, 0.5])', 'Equalize()',
    'CLAHE(clip_limit=[4, 4])', 'GaussianBlur(sigma_limit=[2, 2])',
    'Blur(blur_limit=[9, 9])', 'MotionBlur(blur_limit=[15, 15])',
    'MedianBlur(blur_limit=[7, 7])', 'Sharpen(alpha=[0.5, 0.5])',
    'UnsharpMask()', 'Emboss(alpha=[0.6, 0.6])',
    'Downscale(scale_range=[0.25, 0.25])', 'GaussNoise(std_range=[0.1, '
    '0.1])', 'ISONoise(intensity=[0.5, 0.5])', 'MultiplicativeNoise()',
    'SaltAndPepper()', 'CoarseDropout(num_holes_range=[8, 8], '
    'hole_height_range=[0.1, 0.1], hole_width_range=[0.1, 0.1])',
    'GridDropout()', 'ImageCompression(quality_range=[5, 5])')]


def render(png, transforms, seed):
    """The element's output for @transforms on @png, as a PIL image."""
    pipe = Gst.parse_launch(
        'filesrc location="%s" ! pngdec ! videoconvert ! '
        'video/x-raw,format=RGB ! %s ! videoconvert ! '
        'video/x-raw,format=RGB ! appsink name=sink sync=false' % (
            png, 'augment name=aug' if transforms else 'identity'))
    if transforms:
        aug = pipe.get_by_name('aug')
        aug.set_property('transforms', transforms)
        aug.set_property('seed', seed)
    sink = pipe.get_by_name('sink')
    pipe.set_state(Gst.State.PLAYING)
    sample = sink.emit('pull-sample')
    pipe.set_state(Gst.State.NULL)
    if sample is None:
        sys.exit('augment failed on %s' % transforms)
    s = sample.get_caps().get_structure(0)
    w, h = s.get_value('width'), s.get_value('height')
    buf = sample.get_buffer()
    data = buf.extract_dup(0, buf.get_size())
    stride = len(data) // h
    return Image.frombuffer('RGB', (w, h), data, 'raw', 'RGB', stride, 1)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser()
    ap.add_argument('--family', choices=('spatial', 'pixel'),
                    default='spatial')
    ap.add_argument('--photo', default='')
    ap.add_argument('--width', type=int, default=400)
    ap.add_argument('--seed', type=int, default=3)
    ap.add_argument('--columns', type=int, default=4)
    ap.add_argument('--out', default='')
    args = ap.parse_args()
    transforms_list = TRANSFORMS if args.family == 'spatial' else PIXEL
    args.out = args.out or os.path.join(
        root, 'docs', 'images', 'augment-grid.jpg' if args.family ==
        'spatial' else 'augment-pixel-grid.jpg')
    photo = args.photo or next(iter(sorted(glob.glob(os.path.join(
        root, '..', 'shared', 'samples', 'photo_*.jpg')))), '')
    if not photo:
        sys.exit('no photo: pass --photo')

    Gst.init(None)
    if Gst.ElementFactory.find('augment') is None:
        sys.exit('augment not found: set GST_PLUGIN_PATH')
    src = Image.open(photo).convert('RGB')
    w = args.width
    h = round(src.height * w / src.width)
    tmp = tempfile.mkdtemp(prefix='augment-grid-')
    png = os.path.join(tmp, 'photo.png')
    src.resize((w, h), Image.LANCZOS).save(png)

    font = ImageFont.load_default()
    label_h, pad = 16, 6
    cols = args.columns
    rows = (len(transforms_list) + cols - 1) // cols
    grid = Image.new('RGB', (cols * (w + pad) + pad,
                             rows * (h + label_h + pad) + pad), 'white')
    draw = ImageDraw.Draw(grid)
    for i, (label, transforms) in enumerate(transforms_list):
        out = render(png, transforms, args.seed)
        out.thumbnail((w, h), Image.LANCZOS)
        x = pad + (i % cols) * (w + pad)
        y = pad + (i // cols) * (h + label_h + pad)
        draw.text((x, y + 2), label, fill='black', font=font)
        grid.paste(out, (x + (w - out.width) // 2,
                         y + label_h + (h - out.height) // 2))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    grid.save(args.out, quality=85)
    print('%s: %d transforms of %s' % (args.out, len(transforms_list),
                                      os.path.basename(photo)))


if __name__ == '__main__':
    main()
