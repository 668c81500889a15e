#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The C example examples/imagemill-frames.c, run on generated images.

Checked against the folder itself: one line per file and copy, the paths,
indexes (sorted order) and copies the files and arguments give, the size
the generator was asked for; a truncated file is reported by name on stderr,
the others still come out, and the exit code says 1.

    frames.py EXAMPLE IMAGEMILL_GEN
"""
import json
import os
import subprocess
import sys
import tempfile

W, H = 160, 96


def run(example, folder, *args):
    p = subprocess.run([example, folder] + list(args), capture_output=True,
                       text=True, timeout=120)
    lines = [l.split('\t') for l in p.stdout.splitlines()]
    return p.returncode, lines, p.stderr


def check(cond, what):
    if not cond:
        print('FAIL:', what)
        sys.exit(1)


def main():
    example, gen = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, 'photos')
        subprocess.run([gen, '-o', folder, '--set', 'photos', '-n', '4',
                        '-W', str(W), '-H', str(H), '--png'], check=True,
                       stdout=subprocess.DEVNULL)
        files = sorted(os.listdir(folder))
        check(len(files) == 4, 'the generator wrote 4 files')

        rc, lines, err = run(example, folder, 'HorizontalFlip(p=0.5)', '2',
                             '7')
        check(rc == 0, 'exit 0 when every file became frames: %d %s'
              % (rc, err))
        check(len(lines) == 8, '4 files x 2 copies: %d lines' % len(lines))
        for k, fields in enumerate(lines):
            path, index, copy, size, fmt, plan = fields
            check(path == files[k // 2], 'path %s, file %s'
                  % (path, files[k // 2]))
            check(int(index) == k // 2, 'index in sorted order')
            check(int(copy) == k % 2, 'copy number')
            check(size == '%dx%d' % (W, H), 'size ' + size)
            check(fmt == 'RGB', 'format ' + fmt)
            plan = json.loads(plan)
            check(plan['seed'] == 7 and plan['copy'] == k % 2
                  and plan['frame'] == k // 2, 'plan names seed, frame, copy')
        # the same arguments, the same lines
        check(run(example, folder, 'HorizontalFlip(p=0.5)', '2', '7')[1]
              == lines, 'reproducible')

        with open(os.path.join(folder, files[1]), 'rb') as f:
            head = f.read(400)
        broken = 'photo_0001_cut' + os.path.splitext(files[1])[1]
        with open(os.path.join(folder, broken), 'wb') as f:
            f.write(head)
        rc, lines, err = run(example, folder)
        check(rc == 1, 'exit 1 with a skipped file: %d' % rc)
        check(broken in err, 'the skip names the file: ' + err)
        check([l[0] for l in lines] == files, 'the other files still come '
              'out: %s' % [l[0] for l in lines])

        rc, _, _ = run(example, os.path.join(tmp, 'nothing-here'))
        check(rc == 1, 'a missing folder fails: %d' % rc)
        p = subprocess.run([example], capture_output=True)
        check(p.returncode == 2, 'usage error exits 2')
    print('ok')


if __name__ == '__main__':
    main()
