"""albu_oracle.py's cases for the filter pixel transforms (issue 10)."""


def cases(A, version, add):
    """add (name, transform, bound, props) for each case."""
    v2 = version.startswith('2.')
    del v2
