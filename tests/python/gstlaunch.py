# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the Python tests share: running a gst-launch-1.0 line, and putting
a marker segment into a JPEG file (the way writers add APP segments)."""
import struct
import subprocess
import sys


def launch(description, timeout=120):
    """Runs gst-launch-1.0 -q on a description (split on spaces); a failure
    ends the test with FAIL and what gst-launch said."""
    r = subprocess.run(["gst-launch-1.0", "-q"] + description.split(),
                       capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        sys.exit("FAIL: %s: %s" % (description, r.stderr))


def insert_segment(path, marker, payload):
    """Writes path again with a marker segment (0xE1 for APP1, 0xE2 for
    APP2...) holding payload right after the SOI."""
    with open(path, "rb") as f:
        data = f.read()
    seg = bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload
    with open(path, "wb") as f:
        f.write(data[:2] + seg + data[2:])
