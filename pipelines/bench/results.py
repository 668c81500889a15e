#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
"""Benchmark results as data: one CSV row per measurement.

Every benchmark under pipelines/bench writes a markdown table for people and
a CSV next to it (BUILD/bench-data/<bench>.csv) for charts.py.  The CSV keeps
the table's columns and cells as they are (header names lower-cased, runs of
other characters turned into '_': "images/s (run 1)" -> images_s_run_1), and
adds two columns read from the first cell (a label such as "decoder-pool
workers=2") when the table has no workers or threads column of its own:

  tool     the label without its thread count ("decoder-pool workers=2" ->
           "decoder-pool", "TurboJPEG in memory, 1 threads" -> "TurboJPEG in
           memory")
  workers  that count: workers=N, threads=N, savers=N, prefetch=N, "N
           threads", "N processes", "N worker processes"; empty when the
           label has none

Shell benchmarks pipe their table through the command line:

  results.py md2csv IN.md OUT.csv [--match TEXT]

converts the first markdown table of IN.md (with --match: the first whose
header line holds TEXT) to OUT.csv.  Python benchmarks call write_csv().
"""

import csv
import re
import sys

COUNT_RES = (
    re.compile(r'\s*\b(?:workers|threads|savers|prefetch)=(\d+)\b'),
    re.compile(r',?\s*\b(\d+) (?:worker )?(?:threads?|processes)\b'),
)


def slug(name):
    """'images/s (run 1)' -> 'images_s_run_1'."""
    s = name.strip().lower().replace('\u00b5', 'u')
    s = re.sub(r'[^0-9a-z]+', '_', s).strip('_')
    return s or 'col'


def tool_and_workers(label):
    """('decoder-pool workers=2') -> ('decoder-pool', '2')."""
    for r in COUNT_RES:
        m = r.search(label)
        if m:
            tool = (label[:m.start()] + label[m.end():]).strip(' ,')
            return re.sub(r'\s+', ' ', tool), m.group(1)
    return label.strip(), ''


def clean(cell):
    """A cell as the CSV holds it: markdown emphasis and code marks off."""
    return cell.strip().replace('**', '').replace('`', '')


def md_tables(text):
    """Yields each markdown table of text as (header, rows of cells)."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ''
        if line.startswith('|') and re.fullmatch(r'\|[\s:|-]+\|?', nxt) \
                and '-' in nxt:
            header = [c.strip() for c in line.strip('|').split('|')]
            rows = []
            i += 2
            while i < len(lines) and lines[i].strip().startswith('|'):
                rows.append([clean(c) for c in
                             lines[i].strip().strip('|').split('|')])
                i += 1
            yield line, header, rows
        else:
            i += 1


def table_rows(header, rows):
    """Cells to dicts keyed by slug, with tool and workers added."""
    keys = []
    for h in header:
        k = slug(h)
        while k in keys:        # two columns of the same name
            k += '_'
        keys.append(k)
    labelled = not {'workers', 'threads'} & set(keys)
    out = []
    for cells in rows:
        cells = (cells + [''] * len(keys))[:len(keys)]
        d = dict(zip(keys, cells))
        if labelled:
            tool, workers = tool_and_workers(cells[0])
            d.setdefault('tool', tool)
            d.setdefault('workers', workers)
        out.append(d)
    return out


def write_csv(path, rows, fields=None):
    """Writes rows (dicts) to path; fields fixes the column order."""
    if fields is None:
        fields = []
        for r in rows:
            fields += [k for k in r if k not in fields]
    with open(path, 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator='\n')
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, '') for k in fields})


def read_csv(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(f))


def md2csv(src, dst, match=None):
    with open(src) as f:
        text = f.read()
    for line, header, rows in md_tables(text):
        if match is None or match in line:
            write_csv(dst, table_rows(header, rows))
            return len(rows)
    sys.exit('results.py: no markdown table%s in %s' % (
        ' with "%s"' % match if match else '', src))


def main(argv):
    if len(argv) >= 3 and argv[0] == 'md2csv':
        match = None
        if len(argv) == 5 and argv[3] == '--match':
            match = argv[4]
        elif len(argv) != 3:
            sys.exit(__doc__)
        md2csv(argv[1], argv[2], match)
        return
    sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])
