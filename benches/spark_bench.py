"""Times the Spark job against `dealwire extract` on the same WARC files.

    python benches/spark_bench.py WARC_DIR --bin target/release/dealwire [--rounds 3] [--cores 1 2]
        [--pin]

For each core count N: `dealwire extract -q --jobs N WARC_DIR --articles A --errors E` (the
same three outputs the job writes) as a subprocess, and the job's `run()` in a SparkSession
with master `local[N]` already started (the session's start-up, a few seconds once per job, is
reported apart). Rounds interleave the two so that the shared machine's noise hits both alike.
Besides wall time, each run's CPU time (user+sys): the command's from its rusage, the job's
summed over this process and its descendants (the JVM and its Python workers), which the
machine's other load disturbs far less than the wall. Prints one JSON line per run (with
/proc/loadavg) and a summary with medians. Extra keyword arguments for `run()` as JSON:
`--run-args '{"articles": false}'`.

`--pin` runs each core count N in a process of its own bound to N cores (`sched_setaffinity`,
inherited by the JVM, its Python workers and the command), so that "N cores" means N cores:
unbound, `local[1]` and `--jobs 1` use one core for the work and borrow the machine's others
for the JVM's threads or the command's reading and writing, which a cluster's executor with
one core does not have.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def tree_cpu() -> float:
    """User+sys CPU seconds of this process and all its live descendants, plus the children
    they have reaped (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    parent, cpu = {}, {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parent[int(pid)] = int(fields[1])
        cpu[int(pid)] = sum(int(x) for x in fields[11:15]) / tick
    me, total = os.getpid(), 0.0
    for pid, c in cpu.items():
        p = pid
        while p > 1 and p != me:
            p = parent.get(p, 1)
        if p == me:
            total += c
    return total


def cli_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("warc_dir")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--no-articles", action="store_true",
                    help="neither side writes articles (run(articles=False), no --articles)")
    ap.add_argument("--run-args", default="{}", help="JSON object of keyword arguments for run()")
    ap.add_argument("--pin", action="store_true",
                    help="bind each core count's runs to that many cores (a process each)")
    a = ap.parse_args()
    if a.pin:
        pinned(a)
        return
    from pyspark.sql import SparkSession

    from dealwire import spark as job

    tmp = Path(tempfile.mkdtemp(prefix="spark-bench-"))
    results = {}
    for n in a.cores:
        t0 = time.perf_counter()
        spark = (
            job.configure(SparkSession.builder).master(f"local[{n}]").appName("dealwire-bench")
            .config("spark.ui.enabled", "false").getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        startup = time.perf_counter() - t0
        for r in range(a.rounds):
            out = tmp / f"cli-{n}-{r}"
            out.mkdir()
            t0, c0 = time.perf_counter(), cli_cpu()
            load = open("/proc/loadavg").read().split()[0]
            subprocess.run(
                [a.bin, "extract", "-q", "--jobs", str(n), a.warc_dir, "-o", str(out / "deals"),
                 "--errors", str(out / "errors")]
                + ([] if a.no_articles else ["--articles", str(out / "articles")]),
                check=False,
            )
            cli, cli_c = time.perf_counter() - t0, cli_cpu() - c0
            t0, c0 = time.perf_counter(), tree_cpu()
            kw = json.loads(a.run_args)
            if a.no_articles:
                kw["articles"] = False
            counts = job.run(spark, [a.warc_dir], str(tmp / f"spark-{n}-{r}"), **kw)
            sp, sp_c = time.perf_counter() - t0, tree_cpu() - c0
            pages = counts["pages"]
            row = {"cores": n, "round": r, "cli_s": round(cli, 2), "spark_s": round(sp, 2),
                   "cli_cpu_s": round(cli_c, 2), "spark_cpu_s": round(sp_c, 2),
                   "pages": pages, "deals": counts["deals"], "startup_s": round(startup, 1),
                   "load": float(load)}
            print(json.dumps(row), flush=True)
            results.setdefault(n, []).append(row)
            shutil.rmtree(out)
            shutil.rmtree(tmp / f"spark-{n}-{r}")
        spark.stop()
    summarise(results)
    shutil.rmtree(tmp, ignore_errors=True)


def pinned(a) -> None:
    """Each core count in a child process bound to that many cores; rows and summary as
    unbound."""
    results = {}
    # The child's own `--cores N` comes last, and argparse keeps an option's last value.
    argv = [x for x in sys.argv[1:] if x != "--pin"]
    for n in a.cores:
        cpus = sorted(os.sched_getaffinity(0))[:n]
        if len(cpus) < n:
            raise SystemExit(f"--pin: {n} cores asked, {len(cpus)} available")
        child = subprocess.run(
            [sys.executable, __file__, *argv, "--cores", str(n)],
            preexec_fn=lambda: os.sched_setaffinity(0, cpus),
            stdout=subprocess.PIPE, text=True, check=True,
        )
        for line in child.stdout.splitlines():
            if line.startswith("{"):
                print(line, flush=True)
                row = json.loads(line)
                row["pinned"] = cpus
                results.setdefault(n, []).append(row)
    summarise(results)


def summarise(results) -> None:
    """Medians of the warm rounds per core count, and the scaling from the fewest cores."""
    print("cores  pages  cli_s  spark_s  cli_pages/s  spark_pages/s  overhead  "
          "cli_cpu_s  spark_cpu_s  cpu_overhead  (medians; warm rounds = all but the first)")
    rates = {}
    for n, rows in results.items():
        warm = rows[1:] or rows
        med = lambda k: statistics.median(r[k] for r in warm)  # noqa: E731
        cli, sp, cc, sc = med("cli_s"), med("spark_s"), med("cli_cpu_s"), med("spark_cpu_s")
        pages = rows[0]["pages"]
        print(f"{n:5d} {pages:6d} {cli:6.2f} {sp:8.2f} {pages / cli:12.1f} {pages / sp:14.1f} "
              f"{(sp / cli - 1) * 100:8.1f}% {cc:10.2f} {sc:12.2f} {(sc / cc - 1) * 100:12.1f}%")
        rates[n] = (cli, sp)
    if len(rates) > 1:
        low = min(rates)
        for n in sorted(rates)[1:]:
            print(f"scaling {n} / {low} cores: command {rates[low][0] / rates[n][0]:.2f}x, "
                  f"job {rates[low][1] / rates[n][1]:.2f}x")


if __name__ == "__main__":
    main()
