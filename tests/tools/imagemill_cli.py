#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The imagemill command end to end, on generated images.

Every check reads the disk with independent tools (Pillow decodes the
outputs, os.walk counts them, csv parses the manifest) and compares the
command's summary (--json) with what is there.

    imagemill_cli.py IMAGEMILL IMAGEMILL_GEN
"""
import csv
import io
import json
import os
import pty
import select
import signal
import subprocess
import sys
import tempfile
import time

try:
    from PIL import Image
except ImportError:
    print('SKIP: no Pillow (python3-pil)')
    sys.exit(77)

IM = GEN = None
W, H = 320, 200


def check(cond, what):
    if not cond:
        print('FAIL:', what)
        sys.exit(1)


def run(*args, **kw):
    return subprocess.run([IM] + list(args), capture_output=True, text=True,
                          timeout=240, **kw)


def run_json(*args):
    p = run(*(list(args) + ['--json']))
    try:
        summary = json.loads(p.stdout)
    except ValueError:
        check(False, '%s: stdout is not JSON: %r / %s' % (args, p.stdout,
                                                          p.stderr))
    return p, summary


def files_under(folder):
    """Relative paths of the files under folder, hidden ones included."""
    out = []
    for root, _, names in os.walk(folder):
        for n in names:
            out.append(os.path.relpath(os.path.join(root, n), folder))
    return sorted(out)


def make_inputs(tmp):
    """photos/{city,coast}/photo_*.{jpg,png} from the generator (320x200),
    plus photos/misc with a portrait PNG and a name with a space and
    UTF-8 written by Pillow. Returns {relative path: (w, h)}."""
    photos = os.path.join(tmp, 'photos')
    for sub, seed in (('city', 1), ('coast', 2)):
        subprocess.run([GEN, '-o', os.path.join(photos, sub), '--set',
                        'photos', '-n', '4', '-W', str(W), '-H', str(H),
                        '--png', '-s', str(seed)], check=True,
                       stdout=subprocess.DEVNULL)
    os.makedirs(os.path.join(photos, 'misc'))
    img = Image.new('RGB', (150, 240))
    img.putdata([((x * 7) % 256, (y * 3) % 256, 90)
                 for y in range(240) for x in range(150)])
    img.save(os.path.join(photos, 'misc', 'tall p\u00fc.png'))
    img.transpose(Image.FLIP_LEFT_RIGHT).save(
        os.path.join(photos, 'misc', 'tall q.jpg'), quality=92)
    sizes = {}
    for rel in files_under(photos):
        with Image.open(os.path.join(photos, rel)) as im:
            sizes[rel] = im.size
    check(len(sizes) == 10, 'inputs: %d' % len(sizes))
    return photos, sizes


def check_outputs(out, expect, summary, what):
    """expect: {relative output name: (w, h) or None}; the summary's counts
    and bytes must be what the disk holds."""
    got = files_under(out)
    check(got == sorted(expect), '%s: names %s, want %s'
          % (what, got, sorted(expect)))
    total = 0
    for rel, size in expect.items():
        path = os.path.join(out, rel)
        with Image.open(path) as im:
            im.load()
            if size is not None:
                check(abs(im.size[0] - size[0]) <= 1
                      and abs(im.size[1] - size[1]) <= 1,
                      '%s: %s is %s, want %s' % (what, rel, im.size, size))
        total += os.path.getsize(path)
    check(summary['outputs'] == len(expect) == summary['written'],
          '%s: summary outputs %d written %d, disk %d'
          % (what, summary['outputs'], summary['written'], len(expect)))
    check(summary['bytes_written'] == total, '%s: summary bytes %d, disk %d'
          % (what, summary['bytes_written'], total))


def stem(rel):
    return os.path.splitext(rel)[0]


def test_convert(tmp, photos, sizes):
    out = os.path.join(tmp, 'convert')
    p, s = run_json('convert', photos, '-r', '-o', out + '/{dir}/{stem}.png')
    check(p.returncode == 0, 'convert: exit %d: %s' % (p.returncode,
                                                        p.stderr))
    check(s['items_in'] == 10 and s['skipped'] == 0 and s['errors'] == [],
          'convert: summary %s' % s)
    expect = {stem(r) + '.png': sizes[r] for r in sizes}
    check_outputs(out, expect, s, 'convert')
    # same pixels as Pillow's decode of a PNG input
    for rel in sizes:
        if rel.endswith('.png'):
            a = Image.open(os.path.join(photos, rel)).convert('RGB')
            b = Image.open(os.path.join(out, stem(rel) + '.png'))
            check(a.tobytes() == b.convert('RGB').tobytes(),
                  'convert: %s pixels differ' % rel)

    # --resume: every output is there already
    p, s = run_json('convert', photos, '-r', '--resume', '-o',
                    out + '/{dir}/{stem}.png')
    check(p.returncode == 0 and s['existing'] == 10 and s['written'] == 0,
          'resume: exit %d, summary %s' % (p.returncode, s))

    # non-recursive by default: the folder's own files only (none here)
    p = run('convert', photos, '-o', out + '/x/{stem}.png')
    check(p.returncode == 1, 'non-recursive, empty: exit %d'
          % p.returncode)

    # several files (a glob the shell expanded)
    picked = sorted(r for r in sizes if r.startswith('city/'))[:3]
    out2 = os.path.join(tmp, 'files')
    p, s = run_json('convert', *[os.path.join(photos, r) for r in picked],
                    '-o', out2 + '/{stem}.jpg', '-Q', '80')
    check(p.returncode == 0, 'files: exit %d %s' % (p.returncode, p.stderr))
    check_outputs(out2, {os.path.basename(stem(r)) + '.jpg': sizes[r]
                         for r in picked}, s, 'files')

    # --dry-run writes nothing and counts the items
    out3 = os.path.join(tmp, 'dry')
    p = run('convert', photos, '-r', '--dry-run', '-o', out3 + '/{stem}.png')
    check(p.returncode == 0 and not os.path.exists(out3), 'dry-run wrote')
    check('dataset-src' in p.stdout and 'queue-saver' in p.stdout
          and 'items: 10' in p.stdout, 'dry-run: %r' % p.stdout)
    p, s = run_json('convert', photos, '-r', '--shard', '1/4', '--dry-run',
                    '-o', out3 + '/{stem}.png')
    check(p.returncode == 0 and s['dry_run'] and s['items'] == 3
          and s['items_listed'] == 10 and 'shard-count=4' in s['pipeline']
          and not os.path.exists(out3), 'dry-run --json: %s' % s)


def test_thumbnail(tmp, photos, sizes):
    for mode in ('fit', 'fill'):
        out = os.path.join(tmp, 'thumb-' + mode)
        p, s = run_json('thumbnail', photos, '-r', '-s', '64x48', '--mode',
                        mode, '-o', out + '/{dir}/{stem}.jpg')
        check(p.returncode == 0, 'thumbnail: exit %d %s' % (p.returncode,
                                                             p.stderr))
        expect = {}
        for rel, (w, h) in sizes.items():
            if mode == 'fill':
                size = (64, 48)
            else:
                k = min(64 / w, 48 / h)
                size = (round(w * k), round(h * k))
            expect[stem(rel) + '.jpg'] = size
        check_outputs(out, expect, s, 'thumbnail ' + mode)
    # vipsthumbnail's spellings: -s N is a square box, --crop is fill
    out = os.path.join(tmp, 'thumb-crop')
    p, s = run_json('thumbnail', photos, '-r', '-s', '40', '--crop', '-o',
                    out + '/{dir}/{stem}.png')
    check(p.returncode == 0, 'thumbnail --crop: exit %d' % p.returncode)
    check_outputs(out, {stem(r) + '.png': (40, 40) for r in sizes}, s,
                  'thumbnail --crop')


def test_profiles(tmp, photos, sizes):
    """--color-profile and --metadata reach the elements: a JPEG with
    Little CMS' sRGB profile (PIL ImageCms) and EXIF, read back by PIL."""
    from PIL import ImageCms
    src = os.path.join(tmp, 'tagged')
    os.makedirs(src)
    exif = Image.Exif()
    exif[0x010F] = 'imagemill-cam'
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile('sRGB')).tobytes()
    Image.new('RGB', (96, 64), (200, 40, 30)).save(
        os.path.join(src, 'a.jpg'), icc_profile=icc, exif=exif.tobytes())

    def out_of(*args):
        out = os.path.join(tmp, 'prof-%d' % len(os.listdir(tmp)))
        p = run(*(list(args[:1]) + [src, '-o', out + '/{stem}.png']
                  + list(args[1:])))
        check(p.returncode == 0, '%s: exit %d %s' % (args, p.returncode,
                                                      p.stderr))
        return Image.open(os.path.join(out, 'a.png'))
    im = out_of('convert')
    check(im.info.get('icc_profile') == icc and
          im.getexif().get(0x010F) == 'imagemill-cam', 'convert: kept')
    im = out_of('convert', '--color-profile', 'strip', '--metadata', 'strip')
    check('icc_profile' not in im.info and not len(im.getexif()),
          'convert --color-profile strip --metadata strip: %r' % im.info)
    im = out_of('thumbnail', '-s', '32')
    desc = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(
        io.BytesIO(im.info.get('icc_profile', b''))))
    check('sRGB' in desc and not len(im.getexif()),
          'thumbnail: sRGB profile (%r), no EXIF' % desc)
    im = out_of('thumbnail', '-s', '32', '--metadata', 'keep',
                '--color-profile', 'keep')
    check(im.info.get('icc_profile') == icc and
          im.getexif().get(0x010F) == 'imagemill-cam',
          'thumbnail --metadata keep --color-profile keep')
    p = run('convert', src, '-o', tmp + '/x/{stem}.png', '--color-profile',
            'p3')
    check(p.returncode == 2 and 'keep, strip, srgb' in p.stderr,
          'bad --color-profile: exit %d %s' % (p.returncode, p.stderr))


def test_augment(tmp, photos, sizes):
    out = os.path.join(tmp, 'augment')
    manifest = os.path.join(tmp, 'augment.csv')
    p, s = run_json('augment', photos, '-r', '--transforms',
                    'HorizontalFlip(p=1)', '--copies', '3', '--seed', '7',
                    '-o', out + '/{dir}/{stem}_{copy}.png', '--manifest',
                    manifest)
    check(p.returncode == 0, 'augment: exit %d %s' % (p.returncode,
                                                      p.stderr))
    expect = {'%s_%d.png' % (stem(r), c): sizes[r]
              for r in sizes for c in range(3)}
    check_outputs(out, expect, s, 'augment')
    # a PNG input comes out mirrored, pixel for pixel
    for rel in sizes:
        if rel.endswith('.png'):
            a = Image.open(os.path.join(photos, rel)).convert('RGB')
            b = Image.open(os.path.join(out, stem(rel) + '_2.png'))
            check(a.transpose(Image.FLIP_LEFT_RIGHT).tobytes()
                  == b.convert('RGB').tobytes(), 'augment: %s not flipped'
                  % rel)
    with open(manifest, newline='') as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == 30 and all(os.path.getsize(r['location'])
                                  == int(r['bytes']) for r in rows),
          'augment: manifest rows %d' % len(rows))
    p = run('augment', photos, '-o', out + '/x.png')
    check(p.returncode == 2, 'augment without transforms: exit %d'
          % p.returncode)


def test_remap(tmp, photos, sizes):
    out = os.path.join(tmp, 'remap')
    p, s = run_json('remap', photos, '-r', '--direction', 'to-transverse',
                    '-o', out + '/{dir}/{stem}.png')
    check(p.returncode == 0, 'remap: exit %d %s' % (p.returncode, p.stderr))
    check_outputs(out, {stem(r) + '.png': sizes[r] for r in sizes}, s,
                  'remap')
    p = run('remap', photos, '--direction', 'sideways', '-o', out + '/x.png')
    check(p.returncode == 2 and 'to-mercator' in p.stderr,
          'remap bad direction: exit %d %s' % (p.returncode, p.stderr))


def test_run(tmp, photos, sizes):
    out = os.path.join(tmp, 'run')
    p, s = run_json('run', 'dataset-src location="%s" ! decoder-pool ! '
                    'queue-saver location="%s/{dir}/{stem}.jpg"'
                    % (photos, out))
    check(p.returncode == 0, 'run: exit %d %s' % (p.returncode, p.stderr))
    check_outputs(out, {stem(r) + '.jpg': sizes[r] for r in sizes}, s,
                  'run')
    p = run('run', '--dry-run', 'dataset-src location="%s" ! fakesink'
            % photos)
    check(p.returncode == 0 and 'items: 10 ' in p.stdout,
          'run --dry-run: %r' % p.stdout)
    p = run('run', 'dataset-src ! ! nothing')
    check(p.returncode == 2, 'run bad pipeline: exit %d' % p.returncode)


def test_shards(tmp, photos, sizes):
    seen = []
    for k in range(3):
        out = os.path.join(tmp, 'shard%d' % k)
        p, s = run_json('convert', photos, '-r', '--shard', '%d/3' % k,
                        '-o', out + '/{dir}/{stem}.jpg')
        check(p.returncode == 0, 'shard %d: exit %d' % (k, p.returncode))
        got = files_under(out)
        check(s['items_in'] == len(got), 'shard %d: items' % k)
        seen += got
    check(sorted(seen) == sorted(stem(r) + '.jpg' for r in sizes),
          'shards: union is not the dataset, once: %s' % seen)
    # the index from the environment, the count from --shards
    env = dict(os.environ, JOB_COMPLETION_INDEX='1')
    p = run('convert', photos, '-r', '--shards', '3', '--dry-run', '-o',
            'x.png', env=env)
    check('items: 3 ' in p.stdout and 'shard-index=1 shard-count=3'
          in p.stdout, 'JOB_COMPLETION_INDEX: %s' % p.stdout)


def test_errors(tmp, photos, sizes):
    bad = os.path.join(tmp, 'bad')
    subprocess.run(['cp', '-r', photos, bad], check=True)
    with open(os.path.join(bad, 'city', 'photo_0001.jpg'), 'wb') as f:
        f.write(b'not an image at all')
    out = os.path.join(tmp, 'bad-out')
    p, s = run_json('convert', bad, '-r', '--on-error', 'skip', '-o',
                    out + '/{dir}/{stem}.png')
    check(p.returncode == 1, 'skip: exit %d' % p.returncode)
    check(s['skipped'] == 1 and s['skipped_items'][0]['path']
          == 'city/photo_0001.jpg' and s['skipped_items'][0]['reason'],
          'skip: summary %s' % s)
    expect = {stem(r) + '.png': sizes[r] for r in sizes
              if r != 'city/photo_0001.jpg'}
    check_outputs(out, expect, s, 'skip')
    p = run('convert', bad, '-r', '--on-error', 'skip', '-o',
            out + '/{dir}/{stem}.png')
    check(p.returncode == 1 and 'city/photo_0001.jpg' in p.stdout,
          'skip: text summary names the file: %s' % p.stdout)
    p = run('convert', bad, '-r', '-o', out + '/{dir}/{stem}.png')
    check(p.returncode == 1 and 'city/photo_0001.jpg' in p.stderr,
          'fail: exit %d, %s' % (p.returncode, p.stderr))
    for args in (['convert', photos, '--bogus', '-o', 'x.png'],
                 ['convert', photos],
                 ['convert', photos, '-o', 'x.png', '--on-error', 'maybe'],
                 ['convert', photos, '-o', 'x.png', '--shard', '3/3'],
                 ['thumbnail', photos, '-o', 'x.png', '-s', '0x0'],
                 ['frobnicate'], []):
        p = run(*args)
        check(p.returncode == 2 and p.stderr, '%s: exit %d, stderr %r'
              % (args, p.returncode, p.stderr))
    p = run('convert', '--help')
    check(p.returncode == 0 and '--on-error' in p.stdout, 'convert --help')


def sigint_run(big, out, n_signals):
    """Ctrl-C (n_signals times) once the first file is on disk."""
    manifest = os.path.join(out, 'manifest.csv')
    proc = subprocess.Popen([IM, 'convert', big, '-j', '1', '--compression',
                             '9', '-o', out + '/{stem}.png', '--manifest',
                             manifest, '--json'], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        if os.path.isdir(out) and any(n.endswith('.png')
                                      and not n.startswith('.')
                                      for n in os.listdir(out)):
            break
        time.sleep(0.02)
    for _ in range(n_signals):
        proc.send_signal(signal.SIGINT)
        time.sleep(0.01)
    stdout, stderr = proc.communicate(timeout=120)
    what = 'SIGINT x%d' % n_signals
    check(proc.returncode == 130, '%s: exit %d %s' % (what, proc.returncode,
                                                      stderr))
    s = json.loads(stdout)
    check(s['interrupted'], what + ': summary says interrupted')
    names = files_under(out)
    check(not [n for n in names if n.startswith('.')],
          '%s: temporary files left: %s' % (what, names))
    pngs = [n for n in names if n.endswith('.png')]
    check(0 < len(pngs) < 48, '%s: %d of 48 written' % (what, len(pngs)))
    for n in pngs:
        with Image.open(os.path.join(out, n)) as im:
            im.load()
            check(im.size == (1280, 720), '%s: %s size' % (what, n))
    with open(manifest, newline='') as f:
        rows = list(csv.DictReader(f))
    check(sorted(os.path.basename(r['location']) for r in rows) == pngs,
          '%s: manifest lists %d, disk has %d' % (what, len(rows),
                                                 len(pngs)))
    check(s['outputs'] == len(pngs), what + ': summary outputs')


def test_sigint(tmp):
    """Ctrl-C mid-run: exit 130, whole files only, manifest committed;
    a second Ctrl-C stops at once, still without partial files."""
    big = os.path.join(tmp, 'big')
    subprocess.run([GEN, '-o', big, '--set', 'photos', '-n', '48', '-W',
                    '1280', '-H', '720', '-s', '5'], check=True,
                   stdout=subprocess.DEVNULL)
    sigint_run(big, os.path.join(tmp, 'sigint'), 1)
    sigint_run(big, os.path.join(tmp, 'sigint2'), 2)


def test_progress(tmp, photos):
    # a pseudo-terminal: one line redrawn in place, reaching the total
    out = os.path.join(tmp, 'tty')
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(IM, [IM, 'convert', photos, '-r', '-o',
                      out + '/{dir}/{stem}.jpg'])
    data = b''
    while True:
        r, _, _ = select.select([fd], [], [], 120)
        if not r:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    _, status = os.waitpid(pid, 0)
    text = data.decode('utf-8', 'replace')
    check(os.waitstatus_to_exitcode(status) == 0, 'tty: exit status')
    check('\r\x1b[K[' in text and '10/10 100%' in text,
          'tty: no redrawn line reaching 10/10: %r' % text)
    # a pipe: plain lines, no carriage returns
    p = run('convert', photos, '-r', '-o', out + '2/{dir}/{stem}.jpg')
    check(p.returncode == 0 and '\r' not in p.stderr
          and 'imagemill: 10/10 (100%)' in p.stderr,
          'plain progress: %r' % p.stderr)
    p = run('convert', photos, '-r', '-q', '-o', out + '3/{dir}/{stem}.jpg')
    check(p.returncode == 0 and p.stderr == '' and p.stdout == '',
          'quiet: %r %r' % (p.stdout, p.stderr))


def main():
    global IM, GEN
    IM, GEN = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        photos, sizes = make_inputs(tmp)
        for test in (test_convert, test_thumbnail, test_augment, test_remap,
                     test_run, test_shards, test_errors, test_profiles):
            test(tmp, photos, sizes)
            print('ok', test.__name__)
        test_progress(tmp, photos)
        print('ok test_progress')
        test_sigint(tmp)
        print('ok test_sigint')


if __name__ == '__main__':
    main()
