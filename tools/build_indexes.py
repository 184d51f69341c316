"""Build the prebuilt indexes (gazetteer, actor dictionary) ahead of the
first run, or check that the ones built are current.

    python tools/build_indexes.py [--dir DIR] [--check]

Without --check, builds every index whose file is missing or stale into DIR (default: the
cache folder Detente reads, see detente/resolve/prebuilt.py) and prints its size and the
time it took. With --check, builds nothing and exits 1 when some index is missing or stale.
Detente builds a missing index itself at first use; running this at install time only
moves that cost out of the first command.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from detente.resolve import actors, places, prebuilt

SPECS = (places.INDEX, actors.INDEX)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None,
                        help=f"where to put them (default: ${prebuilt.CACHE_ENV} or "
                             f"{prebuilt.cache_dir()})")
    parser.add_argument("--check", action="store_true",
                        help="build nothing; exit 1 when an index is missing or stale")
    args = parser.parse_args()
    folder = args.dir or prebuilt.cache_dir()
    stale = 0
    for spec in SPECS:
        digest = spec.digest()
        path = spec.file_in(folder, digest)
        if prebuilt.read(spec, path, digest) is not None:
            print(f"{spec.name:10s} current  {path}")
            continue
        if args.check:
            stale += 1
            print(f"{spec.name:10s} missing or stale (would be {path})")
            continue
        started = time.perf_counter()
        written = prebuilt.write(spec, folder, digest, spec.build())
        if written is None:
            print(f"{spec.name:10s} could not be written to {folder}", file=sys.stderr)
            return 1
        print(f"{spec.name:10s} built in {time.perf_counter() - started:.1f} s, "
              f"{written.stat().st_size / 1024:,.0f} KB  {written}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
