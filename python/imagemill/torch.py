# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""A PyTorch IterableDataset over imagemill.Frames (optional: imports torch,
which imagemill does not depend on).

    from imagemill.torch import FrameDataset
    ds = FrameDataset(folder="photos/", transforms="Resize(height=224, "
                      "width=224, p=1), HorizontalFlip()", copies=2)
    loader = torch.utils.data.DataLoader(ds, batch_size=32, num_workers=2)

Each DataLoader worker process reads its own shard of the dataset
(dataset-src's shard-index/shard-count), so the workers never read the
same file; with num_workers=0 the one process reads it all. Yields
(tensor H x W x C uint8, meta) with the meta's path, index and copy.
"""
import torch
from torch.utils.data import IterableDataset, get_worker_info

from . import Frames


class FrameDataset(IterableDataset):
    def __init__(self, folder, **kwargs):
        super().__init__()
        self.folder = folder
        self.kwargs = kwargs

    def __iter__(self):
        info = get_worker_info()
        kwargs = dict(self.kwargs)
        if info is not None and info.num_workers > 1:
            kwargs["shard"] = (info.id, info.num_workers)
        for image, meta in Frames(folder=self.folder, copy=True, **kwargs):
            yield torch.from_numpy(image), {
                "path": meta.get("path"), "index": meta.get("index"),
                "copy": meta.get("copy")}
