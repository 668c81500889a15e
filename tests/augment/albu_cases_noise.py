"""albu_oracle.py's cases for the noise, dropout and compression transforms
(issue 10).

Random fields come from augment's own generator, so noise is compared by
the statistics of (out - src) against albumentations' own output on the
same photo, within bounds stated per case; dropouts and compression are
exact where the drawn values collapse."""


def _diff(img, src):
    import numpy as np
    return img.astype(np.float64) - src.astype(np.float64)


def _noise_stats(tol_mean, tol_std, shared=None, inside=None, scale=1.0):
    """(out - src) of ours and albumentations': means within tol_mean
    levels (or five standard errors of their difference, counting the
    scale^2 independent draws per sample of a field drawn at `scale` and
    resized, when that is more), standard deviations within tol_std
    (relative), over the pixels
    whose source is at least 40 levels from 0 and 255 (no clipping); shared:
    the correlation between the R and G noise should be near 1 (True) or
    near 0 (False) in both."""
    import numpy as np

    def bound(ours, ref, src):
        if ours.shape != ref.shape:
            return False, 'shape %s vs %s' % (ours.shape, ref.shape)
        keep = np.all((src >= 40) & (src <= 215), axis=2)
        if inside is not None:
            keep &= inside(src)
        do, dr = _diff(ours, src)[keep], _diff(ref, src)[keep]
        mo, mr, so, sr = do.mean(), dr.mean(), do.std(), dr.std()
        n = do.size * scale * scale
        se = np.sqrt((so * so + sr * sr) / max(n, 1))
        ok = abs(mo - mr) <= max(tol_mean, 5 * se) and \
            abs(so - sr) <= tol_std * max(sr, 1e-9)
        desc = 'mean %.3f/%.3f std %.3f/%.3f' % (mo, mr, so, sr)
        if shared is not None:
            co = np.corrcoef(do[:, 0], do[:, 1])[0, 1]
            cr = np.corrcoef(dr[:, 0], dr[:, 1])[0, 1]
            desc += ' corr(R,G) %.3f/%.3f' % (co, cr)
            ok = ok and ((co > 0.95 and cr > 0.95) if shared else
                         (abs(co) < 0.05 and abs(cr) < 0.05))
        return ok, desc + ' (ours/albumentations)'
    return bound


def _ratio_stats(tol):
    """MultiplicativeNoise elementwise: out / src over mid-grey pixels,
    mean and std of the ratio within tol (absolute)."""
    import numpy as np

    def bound(ours, ref, src):
        keep = (src >= 60) & (src <= 200)
        ro = ours[keep] / src[keep].astype(np.float64)
        rr = ref[keep] / src[keep].astype(np.float64)
        ok = abs(ro.mean() - rr.mean()) <= tol and \
            abs(ro.std() - rr.std()) <= tol
        return ok, 'ratio mean %.4f/%.4f std %.4f/%.4f' % (
            ro.mean(), rr.mean(), ro.std(), rr.std())
    return bound


def _salt_pepper(tol):
    """fractions of channel values turned 255 and 0 (among those that were
    not already), and of whole pixels turned white, within tol of
    albumentations'; nothing else changes"""
    import numpy as np

    def fracs(img, src):
        return ((img == 255) & (src != 255)).mean(), \
            ((img == 0) & (src != 0)).mean(), \
            (np.all(img == 255, axis=2) & ~np.all(src == 255, axis=2)).mean()

    def bound(ours, ref, src):
        other = (ours != src) & (ours != 255) & (ours != 0)
        fo, fr = fracs(ours, src), fracs(ref, src)
        ok = all(abs(a - b) <= tol for a, b in zip(fo, fr)) and \
            not other.any()
        return ok, 'salt %.4f/%.4f pepper %.4f/%.4f white pixels ' \
            '%.4f/%.4f' % (fo[0], fr[0], fo[1], fr[1], fo[2], fr[2])
    return bound


def _fill_count(colour, exact_count):
    """dropout: everything that changed is the fill colour; the number of
    fill-coloured pixels equals albumentations' (exact_count) or is within
    1 % of it"""
    import numpy as np

    def bound(ours, ref, src):
        c = np.array(colour, dtype=np.uint8)
        changed = np.any(ours != src, axis=2)
        wrong = changed & ~np.all(ours == c, axis=2)
        no = int(np.all(ours == c, axis=2).sum())
        nr = int(np.all(ref == c, axis=2).sum())
        ok = not wrong.any() and (no == nr if exact_count else
                                  abs(no - nr) <= 0.01 * max(nr, 1))
        return ok, 'fill pixels %d/%d, changed to another colour %d' % (
            no, nr, int(wrong.sum()))
    return bound


def _max_diff(limit):
    """ImageCompression: at most `limit` levels apart anywhere"""
    import numpy as np

    def bound(ours, ref, src):
        d = np.abs(ours.astype(np.int16) - ref.astype(np.int16))
        return int(d.max()) <= limit, 'max %d  >0: %.3f%%' % (
            int(d.max()), 100 * (d > 0).mean())
    return bound


def cases(A, version, add):
    """add (name, transform, bound, props) for each case."""
    v2 = version.startswith('2.')
    add('GaussNoise std 0.1', A.GaussNoise(std_range=(0.1, 0.1), p=1),
        _noise_stats(0.3, 0.03, shared=False))
    add('GaussNoise std 0.05 mean 0.1', A.GaussNoise(
        std_range=(0.05, 0.05), mean_range=(0.1, 0.1), p=1),
        _noise_stats(0.3, 0.03))
    add('GaussNoise shared', A.GaussNoise(
        std_range=(0.08, 0.08), per_channel=False, p=1),
        _noise_stats(0.3, 0.03, shared=True))
    add('GaussNoise scale 0.5', A.GaussNoise(
        std_range=(0.1, 0.1), noise_scale_factor=0.5, p=1),
        _noise_stats(0.3, 0.06, scale=0.5))
    if not v2:
        # 1.4.24: a variance up to 1 is in fractions of 255 squared
        add('GaussNoise var_limit 0.01', A.GaussNoise(
            var_limit=(0.01, 0.01), p=1), _noise_stats(0.3, 0.03))
    # ISONoise draws its hue and luminance fields per pixel, shared by
    # the pixel's three channels: a third of the samples are independent
    add('ISONoise', A.ISONoise(color_shift=(0.05, 0.05),
                               intensity=(0.5, 0.5), p=1),
        _noise_stats(0.3, 0.1, scale=3 ** -0.5))
    add('MultiplicativeNoise 1.2', A.MultiplicativeNoise(
        multiplier=(1.2, 1.2), p=1), 'exact')
    add('MultiplicativeNoise 0.7 per_channel', A.MultiplicativeNoise(
        multiplier=(0.7, 0.7), per_channel=True, p=1), 'exact')
    add('MultiplicativeNoise elementwise', A.MultiplicativeNoise(
        multiplier=(0.8, 1.2), elementwise=True, per_channel=True, p=1),
        _ratio_stats(0.005))
    add('SaltAndPepper', A.SaltAndPepper(amount=(0.05, 0.05),
                                         salt_vs_pepper=(0.3, 0.3), p=1),
        _salt_pepper(0.003))
    # a hole as large as the image has one place: exact
    add('CoarseDropout whole', A.CoarseDropout(
        num_holes_range=(1, 1), hole_height_range=(241, 241),
        hole_width_range=(321, 321), fill=(10, 200, 30), p=1), 'exact')
    add('CoarseDropout one hole', A.CoarseDropout(
        num_holes_range=(1, 1), hole_height_range=(60, 60),
        hole_width_range=(80, 80), fill=(3, 251, 7), p=1),
        _fill_count((3, 251, 7), True))
    if v2:
        add('CoarseDropout fractions', A.CoarseDropout(
            num_holes_range=(1, 1), hole_height_range=(0.25, 0.25),
            hole_width_range=(0.5, 0.5), fill=(3, 251, 7), p=1),
            _fill_count((3, 251, 7), True))
    else:
        add('CoarseDropout 1.4 names', A.CoarseDropout(
            max_holes=1, max_height=60, max_width=80, fill=(3, 251, 7), p=1),
            _fill_count((3, 251, 7), True))
        add('GridDropout 1.4 names', A.GridDropout(
            ratio=0.5, holes_number_x=1, holes_number_y=3,
            random_offset=False, shift_x=5, shift_y=10, fill=(3, 251, 7),
            p=1), 'exact')
        add('ImageCompression 1.4 names', A.ImageCompression(
            quality_lower=50, quality_upper=50, p=1), 'exact')
    # one cell row: the shuffled splits cannot differ
    add('GridDropout fixed', A.GridDropout(
        ratio=0.5, holes_number_xy=(1, 3), random_offset=False,
        shift_xy=(5, 10), fill=(3, 251, 7), p=1), 'exact')
    # 241 rows: shuffled cell heights, but the holes' total area is fixed
    add('GridDropout shuffled', A.GridDropout(
        ratio=0.4, holes_number_xy=(7, 6), random_offset=False,
        fill=(3, 251, 7), p=1), _fill_count((3, 251, 7), True))
    add('GridDropout random offset', A.GridDropout(
        ratio=0.3, unit_size_range=(30, 31), random_offset=True,
        fill=(3, 251, 7), p=1), _fill_count((3, 251, 7), True))
    for q in (50, 90, 10):
        add('ImageCompression q%d' % q, A.ImageCompression(
            quality_range=(q, q), p=1), 'exact')
    for q in (50, 90):
        add('ImageCompression webp q%d' % q, A.ImageCompression(
            quality_range=(q, q), compression_type='webp', p=1), 'exact')
