#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 imagemill developers
#
# Evicts the given files from the page cache (posix_fadvise DONTNEED), so
# that the next read comes from the disk. Unlike writing to
# /proc/sys/vm/drop_caches it needs no privilege and leaves every other
# file cached. Pages that are dirty or mapped by a process stay cached.
#
#   pipelines/bench/read_evict.py FILE...
import os
import sys


def main():
    for path in sys.argv[1:]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        except OSError:
            pass
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)


if __name__ == "__main__":
    main()
