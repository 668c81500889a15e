"""albu_oracle.py's cases for the filter pixel transforms (issue 10).

Box blur, median and cv2.GaussianBlur (1.4's GaussianBlur, Sharpen's
gaussian method) are integer maths on both sides: exact. 2.x's GaussianBlur
(cv2.sepFilter2D with float taps: rows fused tap by tap, columns in
symmetric pairs) is the same float operations in the same order: exact on
these cases. The 3 x 3 / motion kernels (cv2.filter2D, fused float steps)
likewise, but for a sum that lands within an ulp of a half where OpenCV's
scalar tail of a row rounds unfused ('linear' bounds them).
UnsharpMask blurs the bytes where albumentations blurs the bytes / 255 and
Downscale (1.4, not nearest) resizes bytes where 1.4 resizes floats:
'linear'.
"""


def cases(A, version, add):
    """add (name, transform, bound, props) for each case."""
    v2 = version.startswith('2.')
    for k in (3, 5, 7, 9, 15):
        add('Blur %d' % k, A.Blur(blur_limit=(k, k), p=1), 'exact')
    for k in (3, 5, 7, 9):
        add('MedianBlur %d' % k, A.MedianBlur(blur_limit=(k, k), p=1),
            'exact')
    if v2:
        for k, s in ((0, 0.8), (0, 2.0), (5, 1.0), (7, 1.5), (3, 0.6)):
            add('GaussianBlur k=%d s=%g' % (k, s), A.GaussianBlur(
                blur_limit=(k, k), sigma_limit=(s, s), p=1), 'exact')
    else:
        for k, s in ((3, 0), (5, 0), (7, 0), (9, 0), (5, 1.3), (11, 2.5)):
            add('GaussianBlur k=%d s=%g' % (k, s), A.GaussianBlur(
                blur_limit=(k, k), sigma_limit=(s, s), p=1), 'exact')
    # allow_shifted draws its shift inside albumentations: not collapsible
    for k, angle, direction in ((3, 0, 0), (7, 30, 0.5), (9, 135, -0.7),
                                (5, 270, 1.0), (7, 200, -1.0)):
        add('MotionBlur %d %g %g' % (k, angle, direction),
            A.MotionBlur(blur_limit=(k, k), angle_range=(angle, angle),
                         direction_range=(direction, direction),
                         allow_shifted=False, p=1), 'linear')
    for a, light in ((0.3, 0.7), (0.5, 1.0), (1.0, 0.5)):
        add('Sharpen kernel a=%g l=%g' % (a, light), A.Sharpen(
            alpha=(a, a), lightness=(light, light), p=1), 'linear')
    for a, ks, s in ((0.3, 5, 1.0), (0.8, 3, 0.5), (0.5, 7, 2.0)):
        add('Sharpen gaussian a=%g k=%d s=%g' % (a, ks, s), A.Sharpen(
            alpha=(a, a), method='gaussian', kernel_size=ks, sigma=s, p=1),
            'exact')
    for a, s in ((0.3, 0.5), (1.0, 0.2), (0.6, 1.5)):
        add('Emboss a=%g s=%g' % (a, s), A.Emboss(
            alpha=(a, a), strength=(s, s), p=1), 'linear')
    for k, s, a, t in ((3, 0, 0.5, 10), (5, 1.0, 0.3, 0), (7, 2.0, 1.0, 20)):
        add('UnsharpMask k=%d s=%g a=%g t=%d' % (k, s, a, t), A.UnsharpMask(
            blur_limit=(k, k), sigma_limit=(s, s), alpha=(a, a),
            threshold=t, p=1), 'linear')
    for scale, down, up in ((0.25, 0, 0), (0.5, 1, 1), (0.4, 3, 1),
                            (0.3, 0, 2), (0.5, 3, 0)):
        pair = {'downscale': down, 'upscale': up}
        exact_ok = v2 or (down == 0 and up == 0)
        add('Downscale %g %d/%d' % (scale, down, up), A.Downscale(
            scale_range=(scale, scale), interpolation_pair=pair, p=1),
            'nearest' if 0 in (down, up) and exact_ok else 'linear')
