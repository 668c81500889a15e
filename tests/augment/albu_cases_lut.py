"""albu_oracle.py's cases for the point (lookup table) transforms (issue 10)."""


def cases(A, version, add):
    """add (name, transform, bound, props) for each case."""
    v2 = version.startswith('2.')
    add('InvertImg', A.InvertImg(p=1), 'exact')
