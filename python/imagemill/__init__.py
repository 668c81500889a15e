# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Frames of an imagemill pipeline as numpy arrays, with their metas.

    import imagemill
    for image, meta in imagemill.Frames(folder="photos/",
                                        transforms="HorizontalFlip(), "
                                        "Rotate(limit=10)", copies=2):
        # image: H x W x 3 uint8 (RGB), meta: {"path": "a.jpg",
        # "index": 0, "copy": 1, "image": 0, "augment": {...}, "pts": ...}
        ...

The decoding and augmentation run in the elements' C worker threads; this
module only pulls the finished frames from an appsink. Pure Python on
PyGObject (python3-gi, python3-gst-1.0) and numpy; the metas are read
through the core library's introspection data (GstImagemill-1.0, built
with the project); without it a frame's meta holds its index alone.

An error of the pipeline (a corrupt file under on-error=fail) raises
ImagemillError naming the file; under on-error="skip" the file is left
out, named in Frames.skipped. Frames(..., shard=(k, n)) reads shard k of
n, for one process per shard (docs/sharding.md).
"""
import json
import os
import warnings

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

import numpy as np  # noqa: E402

__all__ = ["Frames", "ImagemillError", "describe"]

_SINK = "imagemill_sink"


def _find_build():
    """The project's build folder when running from the source tree."""
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.environ.get("IMAGEMILL_BUILD",
                           os.path.join(here, "..", "..", "build"))
    return build if os.path.isdir(os.path.join(build, "gst")) else None


def _load_introspection():
    """GstImagemill from the typelib (installed, or the build tree's)."""
    build = _find_build()
    if build:
        gi.require_version("GIRepository", "2.0")
        from gi.repository import GIRepository
        repo = GIRepository.Repository.get_default()
        repo.prepend_search_path(os.path.join(build, "gst"))
        repo.prepend_library_path(os.path.join(build, "gst"))
        plugins = os.path.join(build, "plugins")
        if os.path.isdir(plugins) and plugins not in os.environ.get(
                "GST_PLUGIN_PATH", ""):
            os.environ["GST_PLUGIN_PATH"] = os.pathsep.join(
                p for p in (plugins, os.environ.get("GST_PLUGIN_PATH"))
                if p)
    try:
        gi.require_version("GstImagemill", "1.0")
        from gi.repository import GstImagemill
        return GstImagemill
    except (ValueError, ImportError):
        return None


_GstImagemill = _load_introspection()
Gst.init(None)


class ImagemillError(RuntimeError):
    """The pipeline stopped on an error; the message names the file."""


def _quote(value):
    return '"%s"' % str(value).replace("\\", "\\\\").replace('"', '\\"')


def describe(folder, transforms=None, config=None, seed=0, copies=1,
             shard=None, workers=0, on_error="fail", recursive=True,
             format="RGB"):
    """The pipeline Frames (folder=...) runs, as a gst-launch description
    ending in the appsink Frames reads."""
    src = "dataset-src location=%s recursive=%s on-error=%s" % (
        _quote(folder), "true" if recursive else "false", on_error)
    if shard is not None:
        k, n = shard
        src += " shard-index=%d shard-count=%d" % (k, n)
    parts = [src, "decoder-pool workers=%d on-error=%s" % (workers,
                                                           on_error)]
    if transforms or config:
        aug = "augment workers=%d seed=%d copies=%d on-error=%s" % (
            workers, seed, copies, on_error)
        aug += (" config=%s" % _quote(config) if config else
                " transforms=%s" % _quote(transforms))
        parts.append(aug)
    parts.append("video/x-raw,format=%s" % format)
    return " ! ".join(parts)


def _meta(buf):
    meta = {"pts": buf.pts if buf.pts != Gst.CLOCK_TIME_NONE else None}
    if _GstImagemill is None:
        meta["index"] = buf.offset if buf.offset != Gst.BUFFER_OFFSET_NONE \
            else None
        return meta
    ok, path, index, copy = _GstImagemill.source_meta_get(buf)
    if ok:
        meta.update(path=path, index=index, copy=copy)
        # which image of its file: 0, or k for the k-th of its MPF index
        meta["image"] = _GstImagemill.source_meta_get_image(buf)[1]
    plan = _GstImagemill.augment_meta_get_plan(buf)
    meta["augment"] = json.loads(plan) if plan else None
    return meta


class _Mapped(np.ndarray):
    """An array over a mapped buffer: the buffer stays mapped (and out of
    its pool) as long as the array or a view of it lives."""

    def __array_finalize__(self, obj):
        self._holder = getattr(obj, "_holder", None)


class _Holder:
    def __init__(self, buf):
        self.buf = buf
        self.info = buf.map(Gst.MapFlags.READ)

    def __del__(self):
        self.buf.unmap(self.info)


def _array(sample, copy):
    """H x W x C view of @sample's frame, honouring its stride."""
    caps = sample.get_caps().get_structure(0)
    w, h = caps.get_value("width"), caps.get_value("height")
    fmt = caps.get_value("format")
    channels = {"GRAY8": 1, "RGB": 3, "BGR": 3}.get(fmt, 4)
    buf = sample.get_buffer()
    vmeta = _video_meta(buf)
    offset, stride = (vmeta if vmeta else
                      (0, ((w * channels + 3) // 4) * 4))
    holder = _Holder(buf)
    flat = np.frombuffer(holder.info.data, np.uint8)
    arr = np.lib.stride_tricks.as_strided(
        flat[offset:], shape=(h, w, channels), strides=(stride, channels, 1),
        writeable=False)
    if copy:
        out = np.array(arr)
        del arr, flat
        return out
    view = arr.view(_Mapped)
    view._holder = holder
    return view


def _video_meta(buf):
    from gi.repository import GstVideo
    vmeta = GstVideo.buffer_get_video_meta(buf)
    if vmeta is None:
        return None
    return vmeta.offset[0], vmeta.stride[0]


class Frames:
    """Iterates over the frames of a pipeline as (array, meta).

    Either @pipeline, a gst-launch description whose raw frames end the
    description (an appsink is added after it), or @folder with the
    arguments of describe (). @copy: True gives arrays that own their
    memory; False (default) views over the frames' memory, kept alive by
    the array. Stops at EOS; raises ImagemillError on an error.
    """

    def __init__(self, pipeline=None, folder=None, copy=False, timeout=60,
                 **kwargs):
        if (pipeline is None) == (folder is None):
            raise ValueError("give either a pipeline description or a folder")
        desc = pipeline if pipeline is not None else describe(folder,
                                                              **kwargs)
        self.description = desc + (" ! appsink name=%s sync=false "
                                   "max-buffers=4 enable-last-sample=false"
                                   % _SINK)
        self.copy = copy
        self.timeout = timeout
        self.skipped = []           # the warnings of skipped inputs

    def __iter__(self):
        try:
            pipeline = Gst.parse_launch(self.description)
        except gi.repository.GLib.Error as e:
            raise ImagemillError("bad pipeline: %s" % e.message) from None
        sink = pipeline.get_by_name(_SINK)
        bus = pipeline.get_bus()
        try:
            if pipeline.set_state(Gst.State.PLAYING) == \
                    Gst.StateChangeReturn.FAILURE:
                self._check_bus(bus)
                raise ImagemillError("the pipeline did not start")
            while True:
                sample = sink.emit("try-pull-sample",
                                   int(self.timeout * Gst.SECOND))
                self._check_bus(bus)
                if sample is None:
                    if sink.get_property("eos"):
                        return
                    raise ImagemillError("no frame for %g s" % self.timeout)
                yield _array(sample, self.copy), _meta(sample.get_buffer())
        finally:
            pipeline.set_state(Gst.State.NULL)

    def _check_bus(self, bus):
        while True:
            msg = bus.pop_filtered(Gst.MessageType.ERROR |
                                   Gst.MessageType.WARNING)
            if msg is None:
                return
            if msg.type == Gst.MessageType.ERROR:
                err, debug = msg.parse_error()
                raise ImagemillError(err.message)
            warn, _ = msg.parse_warning()
            self.skipped.append(warn.message)
            warnings.warn("imagemill: %s" % warn.message, stacklevel=3)
