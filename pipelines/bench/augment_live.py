#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Live camera benchmark of augment (issue 11), run by augment_live.sh.

A live NV12 source (videotestsrc is-live=true) at W x H and F frames/s
goes through a five-transform pipeline (rotate, random resized crop,
colour jitter, Gaussian blur, Gaussian noise) for D seconds, three ways,
one after the other in this process:

  nv12     videotestsrc ! NV12 ! augment ! fakesink
  convert  videotestsrc ! NV12 ! videoconvert ! RGBx ! augment !
           videoconvert ! NV12 ! fakesink
  opencv   videotestsrc ! NV12 ! appsink (drop, 1 buffer), and in Python
           cv2 NV12 -> RGB, warpAffine, crop + resize, HSV jitter,
           GaussianBlur, noise, RGB -> I420: what albumentations does,
           with OpenCV's own threads

Reported per way: frames the source made, frames shown, frames late or
dropped (fakesink sync=true qos=true max-lateness=20 ms: the frames the
source made that it did not show, dropped by it or by an element's QoS
before it; opencv: the frames the appsink dropped while Python was busy),
CPU (process user + system time over wall time, in cores), the latency
the pipeline reports, and the measured delay from capture (the buffer's
running time) to the end of augment (median, 99th percentile).
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

TRANSFORMS = ("Rotate(limit=15, p=1), RandomResizedCrop(size=[{h},{w}], "
              "scale=[0.6,1], p=1), ColorJitter(p=1), GaussianBlur(p=1), "
              "GaussNoise(std_range=[0.02,0.06], p=1)")


def source(w, h, fps):
    return ("videotestsrc is-live=true pattern=ball ! video/x-raw,format=NV12,"
            f"width={w},height={h},framerate={fps}/1")


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_gst(desc, seconds, workers):
    """Runs a pipeline ending in augment ... fakesink name=sink for
    @seconds; returns its numbers."""
    pipeline = Gst.parse_launch(desc)
    aug = pipeline.get_by_name("aug")
    sink = pipeline.get_by_name("sink")
    src = pipeline.get_by_name("src")
    delays = []
    made = [0]

    def on_src(pad, info):
        made[0] += 1
        return Gst.PadProbeReturn.OK

    def on_aug(pad, info):
        buf = info.get_buffer()
        clock = pipeline.get_clock()
        if clock is not None and buf.pts != Gst.CLOCK_TIME_NONE:
            now = clock.get_time() - pipeline.get_base_time()
            delays.append((now - buf.pts) / 1e6)
        return Gst.PadProbeReturn.OK

    src.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, on_src)
    aug.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, on_aug)
    pipeline.set_state(Gst.State.PLAYING)
    pipeline.get_state(10 * Gst.SECOND)
    time.sleep(1.0)                       # start-up apart
    made[0] = 0
    del delays[:]
    dropped0 = sink.get_property("stats").get_value("dropped")
    rendered0 = sink.get_property("stats").get_value("rendered")
    c0, t0 = cpu_seconds(), time.monotonic()
    bus = pipeline.get_bus()
    msg = bus.timed_pop_filtered(int(seconds * Gst.SECOND),
                                 Gst.MessageType.ERROR)
    if msg:
        sys.exit("pipeline error: %s" % msg.parse_error()[0].message)
    c1, t1 = cpu_seconds(), time.monotonic()
    stats = sink.get_property("stats")
    q = Gst.Query.new_latency()
    pipeline.query(q)
    _, lmin, _ = q.parse_latency()
    astats = aug.get_property("stats")
    pipeline.set_state(Gst.State.NULL)
    delays.sort()
    shown = stats.get_value("rendered") - rendered0
    return {
        "made": made[0],
        "shown": shown,
        # dropped by the sink as late, or before it by an element's QoS
        "late": max(made[0] - shown, stats.get_value("dropped") - dropped0),
        "augment_late": astats.get_value("late"),
        "cpu_cores": (c1 - c0) / (t1 - t0),
        "latency_ms": lmin / 1e6,
        "delay_median_ms": statistics.median(delays) if delays else None,
        "delay_p99_ms": delays[int(0.99 * (len(delays) - 1))] if delays
        else None,
    }


def run_opencv(w, h, fps, seconds, workers):
    import cv2
    import numpy as np
    cv2.setNumThreads(workers)
    rng = np.random.default_rng(0)
    pipeline = Gst.parse_launch(
        source(w, h, fps) + " ! appsink name=sink max-buffers=1 drop=true "
        "sync=false emit-signals=false")
    sink = pipeline.get_by_name("sink")
    made = [0]
    pipeline.get_by_name("videotestsrc0").get_static_pad("src").add_probe(
        Gst.PadProbeType.BUFFER, lambda p, i: made.__setitem__(
            0, made[0] + 1) or Gst.PadProbeReturn.OK)
    pipeline.set_state(Gst.State.PLAYING)
    pipeline.get_state(10 * Gst.SECOND)
    noise = rng.normal(0, 0.04 * 255, (h, w, 3)).astype(np.int16)
    shown, delays, started = 0, [], False
    c0 = t0 = None
    end = None
    while True:
        sample = sink.emit("try-pull-sample", Gst.SECOND)
        if sample is None:
            break
        now = time.monotonic()
        if not started and end is None:
            end = now + 1.0               # start-up apart
        if not started and now >= end:
            started, made[0], shown = True, 0, 0
            c0, t0, end = cpu_seconds(), now, now + seconds
        if started and now >= end:
            break
        buf = sample.get_buffer()
        ok, m = buf.map(Gst.MapFlags.READ)
        nv12 = np.frombuffer(m.data, np.uint8)[:w * h * 3 // 2].reshape(
            h * 3 // 2, w)
        rgb = cv2.cvtColor(nv12, cv2.COLOR_YUV2RGB_NV12)
        buf.unmap(m)
        a = rng.uniform(-15, 15)
        rot = cv2.warpAffine(rgb, cv2.getRotationMatrix2D((w / 2, h / 2), a,
                                                          1.0), (w, h))
        s = rng.uniform(0.6, 1.0)
        cw, ch = int(w * s ** 0.5), int(h * s ** 0.5)
        x, y = rng.integers(0, w - cw + 1), rng.integers(0, h - ch + 1)
        img = cv2.resize(rot[y:y + ch, x:x + cw], (w, h))
        hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
        hsv[..., 1] = cv2.convertScaleAbs(hsv[..., 1], alpha=rng.uniform(
            0.8, 1.2))
        img = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
        img = cv2.convertScaleAbs(img, alpha=rng.uniform(0.8, 1.2))
        img = cv2.GaussianBlur(img, (5, 5), 0)
        img = np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8)
        cv2.cvtColor(img, cv2.COLOR_RGB2YUV_I420)
        clock = pipeline.get_clock()
        if started:
            shown += 1
            delays.append((clock.get_time() - pipeline.get_base_time()
                           - buf.pts) / 1e6)
    c1, t1 = cpu_seconds(), time.monotonic()
    pipeline.set_state(Gst.State.NULL)
    delays.sort()
    return {
        "made": made[0], "shown": shown, "late": made[0] - shown,
        "augment_late": None, "cpu_cores": (c1 - c0) / (t1 - t0),
        "latency_ms": None,
        "delay_median_ms": statistics.median(delays) if delays else None,
        "delay_p99_ms": delays[int(0.99 * (len(delays) - 1))] if delays
        else None,
    }


def gst_desc(way, w, h, fps, workers):
    t = TRANSFORMS.format(w=w, h=h)
    aug = f'augment name=aug workers={workers} seed=1 transforms="{t}"'
    sink = ("fakesink name=sink sync=true qos=true max-lateness=20000000 "
            "enable-last-sample=false")
    src = source(w, h, fps).replace("videotestsrc", "videotestsrc name=src",
                                    1)
    if way == "nv12":
        return f"{src} ! {aug} ! {sink}"
    return (f"{src} ! videoconvert ! video/x-raw,format=RGBx ! {aug} ! "
            f"videoconvert ! video/x-raw,format=NV12 ! {sink}")


LABELS = {"nv12": "augment on NV12", "convert": "videoconvert ! augment "
          "! videoconvert", "opencv": "OpenCV (Python, cv2 threads)"}


def chart(results, path):
    """Two panels of bars, one per way: late or dropped frames (%) and CPU
    (cores); drawn with PIL."""
    from PIL import Image, ImageDraw, ImageFont
    ways = [w for w in ("nv12", "convert", "opencv") if w in results]
    font = ImageFont.load_default()
    left, panel, bar, top = 230, 300, 22, 50
    img = Image.new("RGB", (left + 2 * panel + 20, top + 30 * len(ways) + 40),
                    "white")
    d = ImageDraw.Draw(img)
    r0 = results[ways[0]]
    d.text((10, 8), "live %s NV12 %d fps, five transforms, %d workers, "
           "%g s" % (r0["size"], r0["fps"], r0["workers"], r0["seconds"]),
           fill="black", font=font)
    panels = [("late or dropped frames (%, lower is better)",
               lambda r: 100.0 * r["late"] / max(r["made"], 1), 100.0),
              ("CPU (cores of 2)", lambda r: r["cpu_cores"], 2.0)]
    for p, (title, value, full) in enumerate(panels):
        x0 = left + p * panel
        d.text((x0, 30), title, fill="black", font=font)
        for i, way in enumerate(ways):
            v = value(results[way])
            y = top + 30 * i
            if p == 0:
                d.text((10, y + 5), LABELS[way], fill="black", font=font)
            d.rectangle([x0, y, x0 + (panel - 60) * min(v / full, 1), y + bar],
                        fill=(31, 119, 180) if way == "nv12" else
                        (255, 127, 14) if way == "opencv" else (150, 150, 150))
            d.text((x0 + (panel - 60) * min(v / full, 1) + 4, y + 5),
                   "%.1f" % v if p == 0 else "%.2f" % v, fill="black",
                   font=font)
    img.save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--fps", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ways", default="nv12,convert,opencv")
    ap.add_argument("--max-fps", metavar="F1,F2,...",
                    help="nv12 only: the highest of these rates with no "
                    "late frame, tried from the highest")
    ap.add_argument("--json")
    ap.add_argument("--chart", help="PNG of the three ways")
    a = ap.parse_args()
    Gst.init(None)
    w, h = (int(v) for v in a.size.split("x"))
    results = {}
    if a.max_fps:
        best = None
        for fps in sorted((int(v) for v in a.max_fps.split(",")),
                          reverse=True):
            r = run_gst(gst_desc("nv12", w, h, fps, a.workers), a.seconds,
                        a.workers)
            r.update(way="nv12", size=a.size, fps=fps, seconds=a.seconds,
                     workers=a.workers)
            print(json.dumps(r), flush=True)
            results["nv12@%d" % fps] = r
            if r["late"] == 0:
                best = fps
                break
        results["max_fps"] = best
        print(json.dumps({"size": a.size, "max_fps_no_late": best}))
        if a.json:
            with open(a.json, "w") as f:
                json.dump(results, f, indent=1)
        return
    for way in a.ways.split(","):
        if way == "opencv":
            r = run_opencv(w, h, a.fps, a.seconds, a.workers)
        else:
            r = run_gst(gst_desc(way, w, h, a.fps, a.workers), a.seconds,
                        a.workers)
        r.update(way=way, size=a.size, fps=a.fps, seconds=a.seconds,
                 workers=a.workers)
        results[way] = r
        print(json.dumps(r), flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    if a.chart:
        chart(results, a.chart)


if __name__ == "__main__":
    main()
