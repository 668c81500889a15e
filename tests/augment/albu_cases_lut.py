"""albu_oracle.py's cases for the point (lookup table) transforms (issue 10).

Every one is exact: both sides build the same 256-entry table per channel
with the same arithmetic (float32 multiply-add for brightness/contrast,
float64 power for gamma, whole-level shifts) and the same truncation.
"""


def cases(A, version, add):
    """add (name, transform, bound, props) for each case."""
    add('InvertImg', A.InvertImg(p=1), 'exact')
    for b, c in ((0.13, 0.0), (0.0, 0.27), (-0.21, 0.33), (0.3, -0.4)):
        add('RandomBrightnessContrast %g %g' % (b, c),
            A.RandomBrightnessContrast(brightness_limit=(b, b),
                                       contrast_limit=(c, c), p=1), 'exact')
    add('RandomBrightnessContrast by mean', A.RandomBrightnessContrast(
        brightness_limit=(0.17, 0.17), contrast_limit=(0.1, 0.1),
        brightness_by_max=False, p=1), 'exact')
    add('RandomBrightnessContrast safe', A.RandomBrightnessContrast(
        brightness_limit=(0.2, 0.2), contrast_limit=(0.3, 0.3),
        ensure_safe_range=True, p=1), 'exact')
    for g in (57, 100, 143.5):
        add('RandomGamma %g' % g, A.RandomGamma(gamma_limit=(g, g), p=1),
            'exact')
    add('RGBShift', A.RGBShift(r_shift_limit=(13.6, 13.6),
                               g_shift_limit=(-27.2, -27.2),
                               b_shift_limit=(0.1, 0.1), p=1), 'exact')
    for bits in (1, 3, 7):
        add('Posterize %d' % bits, A.Posterize(num_bits=bits, p=1), 'exact')
    for t in (0.0, 0.37, 0.5, 1.0):
        add('Solarize %g' % t, A.Solarize(threshold_range=(t, t), p=1),
            'exact')
    add('Compose point run', [
        A.RandomBrightnessContrast(brightness_limit=(0.1, 0.1),
                                   contrast_limit=(0.2, 0.2), p=1),
        A.RandomGamma(gamma_limit=(90, 90), p=1),
        A.Solarize(threshold_range=(0.8, 0.8), p=1),
        A.InvertImg(p=1), A.Posterize(num_bits=5, p=1)], 'exact')
