"""albu_oracle.py's cases for the histogram pixel transforms (issue 10).

All exact: Equalize's tables are integer counts through OpenCV's float
scale or PIL's integer steps, its YCrCb and CLAHE's L*a*b* are OpenCV's
fixed-point conversions (checked on all 2^24 colours), and CLAHE's blend
is OpenCV's float expression in OpenCV's order.
"""


def cases(A, version, add):
    """add (name, transform, bound, props) for each case."""
    for mode in ('cv', 'pil'):
        for by_channels in (True, False):
            add('Equalize %s by_channels=%s' % (mode, by_channels),
                A.Equalize(mode=mode, by_channels=by_channels, p=1), 'exact')
    # the photo is 321 x 241: neither axis divides by 8, so OpenCV pads
    for clip, grid in ((4.0, (8, 8)), (2.0, (3, 5)), (40.0, (4, 4)),
                       (1.0, (8, 8)), (3.0, (1, 1)), (2.0, (107, 1))):
        add('CLAHE clip=%g grid=%dx%d' % (clip, grid[0], grid[1]),
            A.CLAHE(clip_limit=(clip, clip), tile_grid_size=grid, p=1),
            'exact')
