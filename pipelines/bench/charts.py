#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Charts of the benchmark results, for the element pages.

    /usr/bin/python3 pipelines/bench/charts.py [--data DIR] [--out DIR]
                                               [--machine TEXT]

Reads the CSVs the benchmarks write (results.py; BUILD/bench-data after a
run, by default the published numbers in pipelines/bench/data) and draws,
for each bench whose CSV is there:

  <element>-bench.png    imagemill against each peer, same units, bars
  <element>-scaling.png  where the bench measures workers, threads,
                         prefetch or chunk sizes: one line per tool
  profiles-bench.png     profiles and metadata in decode, thumbnail, save

into --out (default docs/images).  Needs matplotlib (python3-matplotlib,
scripts/setup.sh --bench).  The output depends only on the data: no dates,
no software version in the PNG.
"""

import argparse
import os
import re
import sys

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, '..', '..'))
sys.path.insert(0, here)
import results  # noqa: E402

# imagemill in blue (several imagemill series: light to dark), the
# peers in other colours; a peer keeps its colour in every chart (assigned
# in the order the charts meet them)
OURS = ['#1f6fb4']
PEERS = ['#e08a1e', '#6a9f3a', '#9b59b6', '#c0392b', '#7f8c8d', '#16a085',
         '#d35400', '#b8860b']
COLOURS = {}
WIDTH_IN, DPI = 9.0, 100    # 900 px wide


def num(cell, unit=None):
    """The number in a cell ("98.1 fps", "17 820x"); with unit, the one
    written before it ("0.00040 s (2510 fps)" -> 2510 for 'fps')."""
    cell = (cell or '').replace('\u2009', '').strip()
    m = re.search(r'(\d+(?:\.\d+)?)\s*' + re.escape(unit), cell) if unit \
        else re.match(r'\s*(\d+(?:\.\d+)?)', cell)
    return float(m.group(1)) if m else None


def split_pairs(rows, key):
    """Rows whose `key` cell reads "1 / 2" become two rows, every cell
    holding " / " split the same way (the docs' compact rows)."""
    out = []
    for r in rows:
        if ' / ' not in r.get(key, ''):
            out.append(r)
            continue
        n = len(r[key].split(' / '))
        for i in range(n):
            d = {}
            for k, v in r.items():
                parts = (v or '').split(' / ')
                unit = parts[-1].split(' ', 1)[1] if len(parts) == n and \
                    ' ' in parts[-1].strip() else ''
                d[k] = (parts[i] + (' ' + unit if unit and i < n - 1 else '')
                        ) if len(parts) == n else v
            out.append(d)
    return out


def size_label(s):
    return (s or '').replace('\u00d7', 'x')


def colour(name, names=()):
    """names: the chart's series, which set the shade of imagemill's."""
    if is_ours(name):
        ours = [n for n in names if is_ours(n)] or [name]
        if len(ours) == 1:
            return OURS[0]
        # a ramp, light to dark, in the series' order (prefetch 0..16)
        return matplotlib.colors.to_hex(matplotlib.cm.Blues(
            0.35 + 0.6 * ours.index(name) / (len(ours) - 1)))
    if name not in COLOURS:
        COLOURS[name] = PEERS[len(COLOURS) % len(PEERS)]
    return COLOURS[name]


def short(v):
    return '%.0f' % v if v >= 100 else '%.3g' % v


def is_ours(name):
    n = name.lower()
    return any(k in n for k in ('imagemill', 'decoder-pool', 'dataset-src',
                                'queue-saver', 'mercatorremap', 'thumbnailer',
                                'augment', 'ours'))


def figure(rows, title):
    fig, axes = plt.subplots(1, rows if rows > 0 else 1,
                             figsize=(WIDTH_IN, 4.6), dpi=DPI, squeeze=False)
    fig.suptitle(title, fontsize=11)
    return fig, axes[0]


def finish(fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, metadata={'Software': None})
    plt.close(fig)
    rel = os.path.relpath(path, root)
    print('charts.py: wrote %s' % (path if rel.startswith('..') else rel))


def log_if_spread(ax, values, axis='y'):
    v = [x for x in values if x]
    if v and max(v) / min(v) > 50:
        (ax.set_yscale if axis == 'y' else ax.set_xscale)('log')


def grouped_bars(ax, groups, series, value, unit, runs=None):
    """groups: x labels; series: bar names; value(g, s): number or None;
    runs(g, s): further measurements of the same cell, drawn as dots."""
    n = len(series)
    width = 0.8 / max(n, 1)
    allv = []
    for j, s in enumerate(series):
        xs, ys = [], []
        for i, g in enumerate(groups):
            v = value(g, s)
            if v is None:
                continue
            x = i - 0.4 + width * (j + 0.5)
            xs.append(x)
            ys.append(v)
            allv.append(v)
            for extra in (runs(g, s) if runs else []):
                ax.plot([x], [extra], 'o', color='black', markersize=3,
                        zorder=3)
        bars = ax.bar(xs, ys, width * 0.92, label=s, color=colour(s, series),
                      zorder=2)
        ax.bar_label(bars, labels=[short(v) for v in ys], fontsize=7,
                     padding=1)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(groups, fontsize=8)
    ax.set_ylabel(unit)
    ax.grid(axis='y', alpha=0.3, zorder=0)
    log_if_spread(ax, allv)
    ax.legend(fontsize=8)


def family(label):
    """The colour key of a bar: imagemill, or the peer's tool name."""
    if is_ours(label):
        return 'imagemill'
    return label.split(',')[0].split(' (')[0]


def hbars(ax, labels, values, unit):
    y = list(range(len(labels)))[::-1]
    bars = ax.barh(y, values, color=[colour(family(l)) for l in labels],
                   zorder=2)
    ax.bar_label(bars, labels=[short(v) for v in values], fontsize=8,
                 padding=2)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlabel(unit)
    ax.grid(axis='x', alpha=0.3, zorder=0)
    log_if_spread(ax, values, 'x')
    ax.set_xlim(right=max(values) * (1.18 if ax.get_xscale() == 'linear'
                                     else 3))


def lines(ax, xs_by_name, xlabel, unit, flat=None, even=False):
    """xs_by_name: name -> [(x, y)]; flat: name -> y drawn dashed; even:
    the x values evenly spaced (0, 1, 2, 4, 8, 16)."""
    names = list(xs_by_name)
    xs = sorted({p[0] for pts in xs_by_name.values() for p in pts})
    pos = (lambda x: xs.index(x)) if even else (lambda x: x)
    for name, pts in xs_by_name.items():
        pts = sorted(pts)
        ax.plot([pos(p[0]) for p in pts], [p[1] for p in pts], 'o-',
                label=name, color=colour(name, names))
    for name, y in (flat or {}).items():
        ax.axhline(y, linestyle='--', color=colour(name), label=name)
    ax.set_xticks([pos(x) for x in xs])
    ax.set_xticklabels([str(x) for x in xs])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(unit)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)


# ------------------------------------------------------------ the benches

def runs_of(row, first):
    """The metric column `first` and the run_N columns after it."""
    keys = list(row)
    i = keys.index(first)
    vals = [num(row[first])]
    for k in keys[i + 1:]:
        if re.fullmatch(r'run_\d+', k):
            vals.append(num(row[k]))
    return [v for v in vals if v is not None]


def decode(rows, a):
    metric = next(k for k in rows[0] if k.startswith('images_s'))

    def name(r):
        t = r['tool']
        return 'TurboJPEG (tjdecode)' if t.startswith('TurboJPEG') else t
    cells = {}
    for r in rows:
        cells[(r['workers'] or '1', name(r))] = runs_of(r, metric)
    series = []
    for r in rows:
        if name(r) not in series:
            series.append(name(r))
    counts = sorted({w for w, _ in cells}, key=int)
    nruns = max(len(v) for v in cells.values())
    fig, (ax,) = figure(1, 'decode: 3840x2160 JPEG to RGB, images/s (%s%s)'
                        % (a.machine, ', bars: run 1, dots: run 2'
                           if nruns > 1 else ''))
    grouped_bars(ax, ['%s worker%s / thread%s' % (w, 's' * (w != '1'),
                                                   's' * (w != '1'))
                      for w in counts], series,
                 lambda g, s: (cells.get((g.split()[0], s)) or [None])[0],
                 'images/s',
                 lambda g, s: (cells.get((g.split()[0], s)) or [])[1:])
    finish(fig, os.path.join(a.out, 'decoder-pool-bench.png'))

    pts = {}
    flat = {}
    for (w, s), v in cells.items():
        if not v:
            continue
        if s.startswith('jpegdec'):
            flat[s + ' (1 thread)'] = v[0]
        else:
            pts.setdefault(s, []).append((int(w), v[0]))
    if any(len(p) > 1 for p in pts.values()):
        fig, (ax,) = figure(1, 'decode scaling: images/s by workers / threads'
                            ' (%s%s)' % (a.machine, ', run 1'
                                         if nruns > 1 else ''))
        lines(ax, pts, 'workers (decoder-pool) / threads (TurboJPEG)',
              'images/s', flat)
        finish(fig, os.path.join(a.out, 'decoder-pool-scaling.png'))


def read(rows, a):
    fig, (ax,) = figure(1, 'read: files/s from the page cache (warm) and '
                        'after dropping it (cold) (%s)' % a.machine)
    series = [r['reader'] for r in rows]
    by = {r['reader']: r for r in rows}
    states = [m for m in ('warm', 'cold') if '%s_files_s' % m in rows[0]]
    grouped_bars(ax, states, series,
                 lambda g, s: num(by[s]['%s_files_s' % g]), 'files/s')
    ax.legend(fontsize=7, ncol=2)
    finish(fig, os.path.join(a.out, 'dataset-src-bench.png'))

    pts, flat = {}, {}
    for r in rows:
        for state in states:
            v = num(r['%s_files_s' % state])
            if v is None:
                continue
            if r['tool'].startswith('dataset-src') and r['workers']:
                pts.setdefault('dataset-src, %s' % state, []).append(
                    (int(r['workers']), v))
            elif r['tool'] == 'multifilesrc':
                flat['multifilesrc, %s' % state] = v
    if any(len(p) > 1 for p in pts.values()):
        fig, (ax,) = figure(1, 'read scaling: files/s by prefetch (files '
                            'read ahead) (%s)' % a.machine)
        lines(ax, pts, 'prefetch', 'files/s', flat, even=True)
        finish(fig, os.path.join(a.out, 'dataset-src-scaling.png'))


def thumbnail(rows, a):
    fig, (ax,) = figure(1, 'thumbnails of 3840x2160 JPEGs to %s, thumbnails/s'
                        ' (%s)' % (rows[0].get('size', ''), a.machine))
    hbars(ax, [r['tool'] for r in rows],
          [num(r['thumbnails_s']) for r in rows], 'thumbnails/s')
    finish(fig, os.path.join(a.out, 'thumbnailer-bench.png'))


def save(rows, a):
    fig, (ax,) = figure(1, 'save: JPEG encode + write, frames/s (%s)'
                        % a.machine)
    hbars(ax, [r['config'] for r in rows], [num(r['frames_s']) for r in rows],
          'frames/s')
    finish(fig, os.path.join(a.out, 'queue-saver-bench.png'))

    pts, flat = {}, {}
    for r in rows:
        if r['config'].startswith('slow disk'):
            continue
        v = num(r['frames_s'])
        if v is None:
            continue
        if r['workers']:
            pts.setdefault(r['tool'], []).append((int(r['workers']), v))
        else:
            flat[r['config']] = v
    if any(len(p) > 1 for p in pts.values()):
        fig, (ax,) = figure(1, 'save scaling: frames/s by savers / threads '
                            '(%s)' % a.machine)
        lines(ax, pts, 'savers (queue-saver) / threads (TurboJPEG)',
              'frames/s', flat)
        finish(fig, os.path.join(a.out, 'queue-saver-scaling.png'))


def mercator_cv2(rows, a):
    rows = split_pairs(rows, 'threads')
    groups, cells = [], {}
    for r in rows:
        g = '%s\n%s, %s thr.' % (size_label(r['size']), r['interpolation'],
                                 r['threads'])
        if g not in groups:
            groups.append(g)
        cells[(g, 'mercatorremap')] = num(r['mercatorremap'], 'fps')
        cells[(g, 'cv2.remap')] = num(r.get('cv2_remap'), 'fps')
    fig, (ax,) = figure(1, 'mercatorremap against cv2.remap, frames/s '
                        '(%s)' % a.machine)
    grouped_bars(ax, groups, ['mercatorremap', 'cv2.remap'],
                 lambda g, s: cells.get((g, s)), 'frames/s')
    ax.tick_params(axis='x', labelsize=7)
    finish(fig, os.path.join(a.out, 'mercatorremap-bench.png'))


def mercator_seed(rows, a):
    sizes = []
    for r in rows:
        if size_label(r['size']) not in sizes:
            sizes.append(size_label(r['size']))
    fig, axes = figure(len(sizes), 'mercatorremap (seed 004\'s transform):'
                       ' frames/s by workers, lines per chunk (%s)'
                       % a.machine)
    for ax, size in zip(axes, sizes):
        pts = {}
        for r in rows:
            if size_label(r['size']) == size:
                pts.setdefault('mercatorremap, lines/chunk %s'
                               % r['lines_chunk'], []).append(
                    (int(r['workers']), num(r['mercatorremap'], 'fps')))
        lines(ax, pts, 'workers', 'frames/s')
        ax.set_title(size, fontsize=10)
        ax.set_xlim(0.7, max(p[0] for v in pts.values() for p in v) + 0.3)
    finish(fig, os.path.join(a.out, 'mercatorremap-scaling.png'))


def loader(rows, a):
    fig, (ax,) = figure(1, 'Python loader: 2000x1000 JPEGs decoded and '
                        'augmented, frames/s (%s)' % a.machine)
    hbars(ax, [r['loader'] for r in rows], [num(r['frames_s']) for r in rows],
          'frames/s')
    fig.set_size_inches(WIDTH_IN, 2.6)
    finish(fig, os.path.join(a.out, 'loader-bench.png'))


def profiles(rows, a):
    fig, (ax,) = figure(1, 'Profiles and metadata: 3840x2160 JPEGs, '
                        'frames/s (%s)' % a.machine)
    hbars(ax, ['%s: %s' % (r['pipeline'], r['input']) for r in rows],
          [num(r['frames_per_s']) for r in rows], 'frames/s')
    # all imagemill: the plain files (the baseline) grey, tagged ones blue
    for bar, r in zip(ax.patches, rows):
        bar.set_color('#9aa5ad' if r['input'].startswith('plain')
                      else OURS[0])
    fig.set_size_inches(WIDTH_IN, 0.35 * len(rows) + 1.2)
    finish(fig, os.path.join(a.out, 'profiles-bench.png'))


def seed001(strong, weak, a):
    fig, axes = figure(2, 'augment, seed 001\'s job (10 images x 100 '
                       'augmentations) (%s)' % a.machine)
    pts = {}
    for r in strong:
        pts.setdefault('augment, saving %s' % r['saving'], []).append(
            (int(r['workers']), num(r['augmentations_s'])))
    lines(axes[0], pts, 'workers', 'augmentations/s')
    axes[0].set_title('strong scaling, 2000x1000', fontsize=10)
    if weak:
        sizes, pts = [], {}
        for r in weak:
            if r['size'] not in sizes:
                sizes.append(r['size'])
            pts.setdefault('augment, saving %s' % r['saving'], []).append(
                (sizes.index(r['size']), num(r['megapixels_s'])))
        for name, p in pts.items():
            axes[1].plot([x for x, _ in p], [y for _, y in p], 'o-',
                         label=name, color=colour(name, list(pts)))
        axes[1].set_xticks(range(len(sizes)))
        axes[1].set_xticklabels(sizes, rotation=30, fontsize=8)
        axes[1].set_ylabel('megapixels/s')
        axes[1].set_ylim(bottom=0)
        axes[1].grid(alpha=0.3)
        axes[1].legend(fontsize=8)
        axes[1].set_title('weak scaling, all workers, by image size',
                          fontsize=10)
    finish(fig, os.path.join(a.out, 'augment-scaling.png'))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', default=os.path.join(here, 'data'),
                    help='folder of the CSVs (default: pipelines/bench/data, '
                    'the published numbers)')
    ap.add_argument('--out', default=os.path.join(root, 'docs', 'images'))
    ap.add_argument('--machine', default='',
                    help='named in the titles (default: "2-core development '
                    'machine" for the published data, else this machine\'s '
                    'core count)')
    a = ap.parse_args()
    if not a.machine:
        a.machine = ('2-core development machine'
                     if os.path.abspath(a.data) == os.path.join(here, 'data')
                     else '%d cores' % os.cpu_count())
    plt.rcParams.update({'font.size': 9, 'svg.hashsalt': 'imagemill'})
    os.makedirs(a.out, exist_ok=True)

    def data(name):
        p = os.path.join(a.data, name + '.csv')
        return results.read_csv(p) if os.path.exists(p) else None
    done = 0
    for name, fn in (('decode', decode), ('read', read),
                     ('thumbnail', thumbnail), ('save', save),
                     ('mercator-cv2', mercator_cv2),
                     ('mercator-seed', mercator_seed), ('loader', loader),
                     ('profiles', profiles)):
        rows = data(name)
        if rows:
            fn(rows, a)
            done += 1
    strong = data('seed001-strong')
    if strong:
        seed001(strong, data('seed001-weak'), a)
        done += 1
    if not done:
        sys.exit('charts.py: no benchmark CSV in %s' % a.data)


if __name__ == '__main__':
    main()
