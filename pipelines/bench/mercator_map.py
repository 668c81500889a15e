#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Draws a synthetic Mercator world map: a graticule every 15 degrees over
made-up land and sea, to test and show mercatorremap.

Rows are linear in Mercator y between -max-latitude and +max-latitude (the
element's default geometry), columns linear in longitude -180..180. The
equator and the prime meridian are red, the meridians at 90E/90W (where
mercatorremap puts the new poles) yellow, the 45N/45S parallels white.

    mercator_map.py OUT.png [WIDTH HEIGHT [MAX_LATITUDE]]
"""
import sys

import cv2
import numpy as np


def draw(width, height, max_lat=85.0, step=15.0):
    psi_max = np.arcsinh(np.tan(np.radians(max_lat)))
    x = (np.arange(width) + 0.5) / width
    y = (np.arange(height) + 0.5) / height
    lon = np.radians(x * 360.0 - 180.0)[None, :]
    lat = np.arctan(np.sinh(psi_max * (1 - 2 * y)))[:, None]
    lon, lat = np.broadcast_arrays(lon, lat)

    # land: a smooth field on the sphere (no seam at 180 degrees)
    p = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon),
                  np.sin(lat)], axis=-1)
    rng = np.random.RandomState(4)
    field = np.zeros(lon.shape)
    for k, amp in ((2.0, 1.0), (3.5, 0.6), (6.0, 0.35), (11.0, 0.15)):
        for _ in range(4):
            d = rng.normal(size=3)
            d *= k / np.linalg.norm(d)
            field += amp * np.sin(p @ d + rng.uniform(0, 2 * np.pi))
    land = field > 0.6
    sea = np.array([150, 90, 30]) + np.abs(np.degrees(lat))[..., None] * \
        np.array([0.6, 0.9, 1.2])
    ground = np.array([60, 130, 80]) + np.clip(field[..., None] - 0.6, 0, 2) * \
        np.array([-10, -20, 45])
    img = np.where(land[..., None], ground, sea)
    img[np.abs(np.degrees(lat)) > 75] = (235, 235, 235)       # ice

    # graticule lines, about 1.5 px wide whatever the scale
    dlon_px = width / (2 * np.pi)
    dlat_px = height / (2 * psi_max) / np.cos(lat)     # d(row)/d(lat)
    def near(deg, v, px_per_rad, width_px=0.9):
        r = np.radians(deg)
        dist = np.abs((v + r / 2) % r - r / 2) * px_per_rad
        return dist < width_px

    def line_at(deg, v, px_per_rad, width_px=1.2):
        return np.abs(v - np.radians(deg)) * px_per_rad < width_px

    grid = near(step, lon, dlon_px) | near(step, lat, dlat_px)
    img[grid] = (40, 40, 40)
    img[line_at(45, lat, dlat_px) | line_at(-45, lat, dlat_px)] = \
        (255, 255, 255)
    img[line_at(90, lon, dlon_px) | line_at(-90, lon, dlon_px)] = \
        (0, 220, 255)
    img[line_at(0, lat, dlat_px) | line_at(0, lon, dlon_px)] = (0, 0, 230)
    return np.clip(img, 0, 255).astype(np.uint8)       # BGR


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    w = int(sys.argv[2]) if len(sys.argv) > 2 else 720
    h = int(sys.argv[3]) if len(sys.argv) > 3 else w // 2
    max_lat = float(sys.argv[4]) if len(sys.argv) > 4 else 85.0
    cv2.imwrite(sys.argv[1], draw(w, h, max_lat))


if __name__ == '__main__':
    main()
