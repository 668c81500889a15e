#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""GstImagemill-1.0 from the build tree (GI_TYPELIB_PATH, set by meson),
read from PyGObject: the source path and index dataset-src set, and the
copy and plan augment set, on frames pulled from an appsink, against the
files on disk (sorted names) and the arguments.

    introspection.py IMAGEMILL_GEN
"""
import json
import os
import subprocess
import sys
import tempfile

import gi

gi.require_version("Gst", "1.0")
try:
    gi.require_version("GstImagemill", "1.0")
except ValueError:
    print("SKIP: no GstImagemill-1.0 typelib (built without introspection)")
    sys.exit(77)
from gi.repository import Gst, GstImagemill  # noqa: E402


def main():
    gen = sys.argv[1]
    Gst.init(None)
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([gen, "-o", d, "--set", "photos", "-n", "5", "-W",
                        "96", "-H", "64", "--png"], check=True,
                       stdout=subprocess.DEVNULL)
        files = sorted(os.listdir(d))
        p = Gst.parse_launch(
            'dataset-src location="%s" ! decoder-pool ! augment copies=2 '
            'seed=9 transforms="HorizontalFlip(p=1)" ! appsink name=s '
            "sync=false" % d)
        sink = p.get_by_name("s")
        p.set_state(Gst.State.PLAYING)
        seen = []
        while True:
            sample = sink.emit("try-pull-sample", 30 * Gst.SECOND)
            if sample is None:
                break
            buf = sample.get_buffer()
            ok, path, index, copy = GstImagemill.source_meta_get(buf)
            assert ok, "no source meta"
            plan = json.loads(GstImagemill.augment_meta_get_plan(buf))
            assert plan["copy"] == copy and plan["seed"] == 9, plan
            assert plan["applied"][0]["transform"] == "HorizontalFlip", plan
            seen.append((path, index, copy))
        assert sink.get_property("eos"), "stopped before EOS"
        p.set_state(Gst.State.NULL)
        want = [(f, i, c) for i, f in enumerate(files) for c in range(2)]
        assert seen == want, (seen, want)
        # a buffer without metas
        ok, path, index, copy = GstImagemill.source_meta_get(Gst.Buffer.new())
        assert not ok and path is None
        assert GstImagemill.augment_meta_get_plan(Gst.Buffer.new()) is None
    print("ok: %d frames, metas as on disk" % len(seen))


if __name__ == "__main__":
    main()
