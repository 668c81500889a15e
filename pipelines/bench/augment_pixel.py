# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""augment_bench.py's pixel transforms (issue 10): the cases, and for each
the OpenCV calls albumentations 2.x makes for it, writing into preallocated
arrays where OpenCV takes a dst. Parameters are collapsed so every frame
does the same work; noise transforms draw a new field every frame on
every side."""
import numpy as np
import cv2

BLUR5 = 'GaussianBlur(blur_limit=[5, 5], sigma_limit=[1, 1], p=1)'
SHARPEN = 'Sharpen(alpha=[0.5, 0.5], lightness=[1, 1], p=1)'
RBC = ('RandomBrightnessContrast(brightness_limit=[0.1, 0.1], '
       'contrast_limit=[0.2, 0.2], p=1)')
SATURATION = ('HueSaturationValue(hue_shift_limit=[0, 0], '
              'sat_shift_limit=[20, 20], val_shift_limit=[0, 0], p=1)')
CHAIN8 = 'chain of 8'

CASES = [
    ('RandomBrightnessContrast', RBC),
    ('RandomGamma', 'RandomGamma(gamma_limit=[120, 120], p=1)'),
    ('RGBShift', 'RGBShift(r_shift_limit=[10, 10], g_shift_limit=[-10, -10], '
     'b_shift_limit=[5, 5], p=1)'),
    ('Posterize', 'Posterize(num_bits=4, p=1)'),
    ('Solarize', 'Solarize(threshold_range=[0.5, 0.5], p=1)'),
    ('InvertImg', 'InvertImg(p=1)'),
    ('Equalize', 'Equalize(p=1)'),
    ('CLAHE', 'CLAHE(clip_limit=[2, 2], p=1)'),
    ('HueSaturationValue', 'HueSaturationValue(hue_shift_limit=[10, 10], '
     'sat_shift_limit=[20, 20], val_shift_limit=[10, 10], p=1)'),
    ('HSV saturation', SATURATION),
    ('ColorJitter', 'ColorJitter(brightness=[1.1, 1.1], '
     'contrast=[0.9, 0.9], saturation=[1.2, 1.2], hue=[0.05, 0.05], p=1)'),
    ('ToGray', 'ToGray(p=1)'),
    ('ToSepia', 'ToSepia(p=1)'),
    ('ChannelShuffle', 'ChannelShuffle(p=1)'),
    ('ChannelDropout', 'ChannelDropout(p=1)'),
    ('GaussianBlur 5x5', BLUR5),
    ('Blur 5x5', 'Blur(blur_limit=[5, 5], p=1)'),
    ('MedianBlur 5x5', 'MedianBlur(blur_limit=[5, 5], p=1)'),
    ('MedianBlur 7x7', 'MedianBlur(blur_limit=[7, 7], p=1)'),
    ('MotionBlur 7x7', 'MotionBlur(blur_limit=[7, 7], p=1)'),
    ('Sharpen', SHARPEN),
    ('UnsharpMask', 'UnsharpMask(blur_limit=[5, 5], sigma_limit=[1, 1], '
     'alpha=[0.5, 0.5], threshold=10, p=1)'),
    ('Emboss', 'Emboss(alpha=[0.5, 0.5], strength=[0.5, 0.5], p=1)'),
    ('Downscale', 'Downscale(scale_range=[0.5, 0.5], p=1)'),
    ('GaussNoise', 'GaussNoise(std_range=[0.1, 0.1], p=1)'),
    ('ISONoise', 'ISONoise(p=1)'),
    ('MultiplicativeNoise', 'MultiplicativeNoise(multiplier=[0.9, 1.1], '
     'p=1)'),
    ('SaltAndPepper', 'SaltAndPepper(p=1)'),
    ('CoarseDropout', 'CoarseDropout(num_holes_range=[8, 8], '
     'hole_height_range=[0.05, 0.1], hole_width_range=[0.05, 0.1], p=1)'),
    ('GridDropout', 'GridDropout(p=1)'),
    ('ImageCompression', 'ImageCompression(quality_range=[75, 75], p=1)'),
    (CHAIN8, 'HorizontalFlip(p=1), Rotate(limit=[15, 15], p=1), ' + BLUR5 +
     ', ' + SHARPEN + ', ' + RBC + ', ' + SATURATION + ', '
     'GridDistortion(p=1), RandomResizedCrop(size=[500, 1000], '
     'scale=[0.5, 0.5], ratio=[2, 2], p=1)'),
]


def lut3(f):
    """A (256, 1, 3) table for cv2.LUT from f(levels, channel)."""
    x = np.arange(256, dtype=np.float64)
    return np.dstack([np.clip(f(x, c), 0, 255) for c in range(3)]
                     ).astype(np.uint8).reshape(256, 1, 3)


def opencv_call(name, img, spatial):
    """The cv2 call(s) of @name on @img; @spatial: augment_bench's own
    opencv_call for the spatial steps of the chain."""
    h, w = img.shape[:2]
    same = np.empty_like(img)
    grey = np.empty((h, w), np.uint8)
    rng = np.random.default_rng(1)
    luts = {
        'RandomBrightnessContrast': lambda x, c: x * 1.2 + 0.1 * 255,
        'RandomGamma': lambda x, c: 255 * (x / 255) ** 1.2,
        'RGBShift': lambda x, c: x + (10, -10, 5)[c],
        'Posterize': lambda x, c: x.astype(np.uint8) & 0xf0,
        'Solarize': lambda x, c: np.where(x >= 127.5, 255 - x, x),
    }
    if name in luts:
        t = lut3(luts[name])
        return lambda: cv2.LUT(img, t, dst=same)
    if name == 'InvertImg':
        return lambda: cv2.bitwise_not(img, dst=same)
    if name == 'Equalize':
        planes = [np.empty((h, w), np.uint8) for _ in range(3)]

        def equalize():
            for c, p in enumerate(cv2.split(img)):
                cv2.equalizeHist(p, dst=planes[c])
            cv2.merge(planes, dst=same)
        return equalize
    if name == 'CLAHE':
        clahe = cv2.createCLAHE(2.0, (8, 8))
        lab = np.empty_like(img)
        lum = np.empty((h, w), np.uint8)

        def run_clahe():
            cv2.cvtColor(img, cv2.COLOR_RGB2LAB, dst=lab)
            clahe.apply(np.ascontiguousarray(lab[..., 0]), dst=lum)
            lab[..., 0] = lum
            cv2.cvtColor(lab, cv2.COLOR_LAB2RGB, dst=same)
        return run_clahe
    if name in ('HueSaturationValue', 'HSV saturation'):
        shifts = (10, 20, 10) if name == 'HueSaturationValue' else (0, 20, 0)
        t = lut3(lambda x, c: (x + shifts[0]) % 180 if c == 0
                 else x + shifts[c])
        hsv = np.empty_like(img)

        def run_hsv():
            cv2.cvtColor(img, cv2.COLOR_RGB2HSV, dst=hsv)
            cv2.LUT(hsv, t, dst=hsv)
            cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB, dst=same)
        return run_hsv
    if name == 'ColorJitter':
        hsv = np.empty_like(img)
        g3 = np.empty_like(img)
        t = lut3(lambda x, c: (x + 9) % 180 if c == 0 else x)

        def jitter():
            cv2.multiply(img, 1.1, dst=same, scale=1.0)
            cv2.cvtColor(same, cv2.COLOR_RGB2GRAY, dst=grey)
            m = cv2.mean(grey)[0]
            cv2.addWeighted(same, 0.9, same, 0, 0.1 * m, dst=same)
            cv2.cvtColor(same, cv2.COLOR_RGB2GRAY, dst=grey)
            cv2.cvtColor(grey, cv2.COLOR_GRAY2RGB, dst=g3)
            cv2.addWeighted(same, 1.2, g3, -0.2, 0, dst=same)
            cv2.cvtColor(same, cv2.COLOR_RGB2HSV, dst=hsv)
            cv2.LUT(hsv, t, dst=hsv)
            cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB, dst=same)
        return jitter
    if name == 'ToGray':
        def to_gray():
            cv2.cvtColor(img, cv2.COLOR_RGB2GRAY, dst=grey)
            cv2.cvtColor(grey, cv2.COLOR_GRAY2RGB, dst=same)
        return to_gray
    if name == 'ToSepia':
        m = np.array([[0.393, 0.769, 0.189], [0.349, 0.686, 0.168],
                      [0.272, 0.534, 0.131]])
        return lambda: cv2.transform(img, m, dst=same)
    if name == 'ChannelShuffle':
        return lambda: cv2.mixChannels([img], [same], [0, 2, 1, 0, 2, 1])
    if name == 'ChannelDropout':
        def dropout():
            np.copyto(same, img)
            same[..., 1] = 0
        return dropout
    if name == 'GaussianBlur 5x5':
        return lambda: cv2.GaussianBlur(img, (5, 5), 1, dst=same)
    if name == 'Blur 5x5':
        return lambda: cv2.blur(img, (5, 5), dst=same)
    if name.startswith('MedianBlur'):
        k = int(name[-1])
        return lambda: cv2.medianBlur(img, k, dst=same)
    if name == 'MotionBlur 7x7':
        k = np.zeros((7, 7), np.float32)
        cv2.line(k, (0, 2), (6, 4), 1, thickness=1)
        k /= k.sum()
        return lambda: cv2.filter2D(img, -1, k, dst=same)
    if name in ('Sharpen', 'Emboss'):
        k = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32) \
            if name == 'Sharpen' else \
            np.array([[-1, -1, 0], [-1, 1, 1], [0, 1, 1]], np.float32)
        k = 0.5 * k + 0.5 * np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]])
        return lambda: cv2.filter2D(img, -1, k, dst=same)
    if name == 'UnsharpMask':
        blur = np.empty_like(img)

        def unsharp():
            cv2.GaussianBlur(img, (5, 5), 1, dst=blur)
            cv2.addWeighted(img, 1.5, blur, -0.5, 0, dst=same)
        return unsharp
    if name == 'Downscale':
        small = np.empty((h // 2, w // 2, 3), np.uint8)

        def downscale():
            cv2.resize(img, (w // 2, h // 2), dst=small,
                       interpolation=cv2.INTER_NEAREST)
            cv2.resize(small, (w, h), dst=same,
                       interpolation=cv2.INTER_NEAREST)
        return downscale
    if name == 'GaussNoise':
        noise = np.empty(img.shape, np.int16)

        def gauss():
            cv2.randn(noise, 0, 25.5)
            cv2.add(img, noise, dst=same, dtype=cv2.CV_8U)
        return gauss
    if name == 'ISONoise':
        hls = np.empty(img.shape, np.float32)
        n1 = np.empty((h, w), np.float32)

        def iso():
            cv2.cvtColor(img.astype(np.float32) / 255, cv2.COLOR_RGB2HLS,
                         dst=hls)
            cv2.randn(n1, 0, 0.1)
            hls[..., 0] += n1 * 360 * 0.03
            cv2.randn(n1, 0, 0.1)
            hls[..., 1] += n1
            cv2.cvtColor(hls, cv2.COLOR_HLS2RGB, dst=hls)
            np.clip(hls * 255, 0, 255, out=hls)
            same[...] = hls
        return iso
    if name == 'MultiplicativeNoise':
        return lambda: cv2.multiply(img, rng.uniform(0.9, 1.1), dst=same)
    if name == 'SaltAndPepper':
        r = np.empty((h, w), np.float32)

        def salt():
            np.copyto(same, img)
            cv2.randu(r, 0, 1)
            same[r < 0.025] = 255
            same[(r >= 0.025) & (r < 0.05)] = 0
        return salt
    if name == 'CoarseDropout':
        def coarse():
            np.copyto(same, img)
            for _ in range(8):
                hh, ww = int(h * rng.uniform(0.05, 0.1)), \
                    int(w * rng.uniform(0.05, 0.1))
                y, x = rng.integers(0, h - hh), rng.integers(0, w - ww)
                same[y:y + hh, x:x + ww] = 0
        return coarse
    if name == 'GridDropout':
        unit = max(2, min(h, w) // 10)

        def grid():
            np.copyto(same, img)
            for y in range(0, h, unit):
                for x in range(0, w, unit):
                    same[y:y + unit // 2, x:x + unit // 2] = 0
        return grid
    if name == 'ImageCompression':
        def compress():
            ok, enc = cv2.imencode('.jpg', img, [cv2.IMWRITE_JPEG_QUALITY,
                                                 75])
            # OpenCV 4.6's imdecode takes no dst: a new frame, as
            # albumentations gets
            cv2.imdecode(enc, cv2.IMREAD_UNCHANGED)
        return compress
    if name == CHAIN8:
        b = [np.empty_like(img) for _ in range(4)]
        m = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), 15, 1.0)
        k = 0.5 * np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
                           np.float32) + 0.5 * np.array(
                               [[0, 0, 0], [0, 1, 0], [0, 0, 0]])
        t = lut3(lambda x, c: x * 1.2 + 0.1 * 255)
        s = lut3(lambda x, c: x + 20 if c == 1 else x)
        tail = spatial('grid+crop', b[1])

        def chain():
            cv2.flip(img, 1, dst=b[0])
            cv2.warpAffine(b[0], m, (w, h), dst=b[1], flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_CONSTANT)
            cv2.GaussianBlur(b[1], (5, 5), 1, dst=b[2])
            cv2.filter2D(b[2], -1, k, dst=b[3])
            cv2.LUT(b[3], t, dst=b[2])
            cv2.cvtColor(b[2], cv2.COLOR_RGB2HSV, dst=b[3])
            cv2.LUT(b[3], s, dst=b[3])
            cv2.cvtColor(b[3], cv2.COLOR_HSV2RGB, dst=b[1])
            tail()
        return chain
    raise KeyError(name)
