"""albu_oracle.py's cases for the histogram pixel transforms (issue 10)."""


def cases(A, version, add):
    """add (name, transform, bound, props) for each case."""
