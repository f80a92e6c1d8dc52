"""Times `dealwire.extract_many` over a folder the way `dealwire extract DIR` reads it.

    python benches/python_extract.py DIR [--jobs N] [--rounds R] [--texts]

Each round runs `extract_many(read(DIR), jobs=N)` to the end, records decoded into dicts as a
user gets them, and prints its wall time. `--texts` reads every file into memory first and
feeds the strings instead (reading then costs nothing inside the round). Not a test: the
figures depend on the machine and its neighbours; compare runs made side by side.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import dealwire


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--texts", action="store_true")
    args = ap.parse_args()
    texts = None
    if args.texts:
        texts = [p.read_text("utf-8") for p in sorted(args.dir.rglob("*.txt"))]
    walls = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        items = texts if texts is not None else dealwire.read(args.dir)
        n_docs = n_records = 0
        for recs in dealwire.extract_many(items, jobs=args.jobs):
            n_docs += 1
            n_records += len(recs)
        walls.append(time.perf_counter() - t0)
        print(f"jobs={args.jobs} docs={n_docs} records={n_records} wall={walls[-1]:.3f}s", flush=True)
    if len(walls) > 1:
        print(f"median {statistics.median(walls):.3f}s")


if __name__ == "__main__":
    main()
