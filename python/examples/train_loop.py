#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A training-style loop on imagemill frames, plain numpy: batches of B
augmented 224 x 224 crops, normalised to float32, fed to a stand-in for a
training step. The decoding and augmentation run in imagemill's C threads
while Python batches.

    PYTHONPATH=python python/examples/train_loop.py photos/ [EPOCHS] [B]
"""
import sys
import time

import numpy as np

import imagemill

TRANSFORMS = ("RandomResizedCrop(size=[224, 224], scale=[0.5, 1], p=1), "
              "HorizontalFlip(), ColorJitter(p=0.8)")


def batches(folder, batch, epoch):
    """Lists of B frames; the seed changes with the epoch, so every epoch
    sees other augmentations, reproducibly."""
    images, paths = [], []
    for image, meta in imagemill.Frames(folder=folder,
                                        transforms=TRANSFORMS, seed=epoch):
        images.append(image)     # a view over the frame: no copy yet
        paths.append(meta["path"])
        if len(images) == batch:
            yield np.stack(images), paths   # the one copy, into the batch
            images, paths = [], []
    if images:
        yield np.stack(images), paths


def train_step(x):
    """Stands in for a model: the batch as float32, normalised."""
    x = x.astype(np.float32) / 255.0
    return float(((x - 0.5) ** 2).mean())


def main():
    folder = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    for epoch in range(epochs):
        t0, n, loss = time.monotonic(), 0, 0.0
        for x, paths in batches(folder, batch, epoch):
            loss = train_step(x)
            n += len(x)
        dt = time.monotonic() - t0
        print("epoch %d: %d images in %.2f s (%.1f images/s), last loss %.4f"
              % (epoch, n, dt, n / dt, loss))


if __name__ == "__main__":
    main()
