"""Times `dealwire.extract_many` over a folder the way `dealwire extract DIR` reads it.

    python benches/python_extract.py DIR [--jobs N] [--rounds R] [--texts]

Each round runs `extract_many(read(DIR), jobs=N)` to the end, records decoded into dicts as a
user gets them, and prints its wall time. `--texts` reads every file into memory first and
feeds the strings instead (reading then costs nothing inside the round). `--threads` also
prints the CPU seconds of each thread of the process at the end of the round (Linux /proc):
the pool's threads are named `dealwire-N`, the caller is `python`. Their largest share bounds
the speed-up the run could reach on free cores whatever the machine's load, which the wall
time under load does not show. Not a test: the
figures depend on the machine and its neighbours; compare runs made side by side.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import dealwire


def thread_cpu() -> list:
    """(name, user+sys CPU seconds) of each live thread of this process."""
    tick = os.sysconf("SC_CLK_TCK")
    out = []
    for tid in sorted(os.listdir("/proc/self/task"), key=int):
        with open(f"/proc/self/task/{tid}/stat") as f:
            stat = f.read()
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        out.append((name, (int(fields[11]) + int(fields[12])) / tick))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--texts", action="store_true")
    ap.add_argument("--threads", action="store_true")
    args = ap.parse_args()
    texts = None
    if args.texts:
        texts = [p.read_text("utf-8") for p in sorted(args.dir.rglob("*.txt"))]
    walls = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        items = texts if texts is not None else dealwire.read(args.dir)
        n_docs = n_records = 0
        it = dealwire.extract_many(items, jobs=args.jobs)
        for recs in it:
            n_docs += 1
            n_records += len(recs)
        walls.append(time.perf_counter() - t0)
        print(f"jobs={args.jobs} docs={n_docs} records={n_records} wall={walls[-1]:.3f}s", flush=True)
        if args.threads:
            # Read while `it` still holds its pool, whose threads end with it.
            print("threads " + " ".join(f"{n}={s:.2f}" for n, s in thread_cpu()), flush=True)
        del it
    if len(walls) > 1:
        print(f"median {statistics.median(walls):.3f}s")


if __name__ == "__main__":
    main()
