"""The Spark job's CPU per page beyond its fixed cost per job, against the command's.

    python benches/spark_marginal.py WARC_DIR --bin target/release/dealwire [--rounds 3] [--cores 1]

A job over the whole folder and a job over its first file alone, and the command over the
same two inputs, alternated in one warm `local[N]` session; CPU time (user+sys) of the
process tree, which the machine's other load disturbs far less than the wall. The difference
full − one-file is what the other files cost, without the job's fixed cost (planning, code
generation, the commit) but with the other files' tasks; to tell a cost per task from one per
page, also time the same pages as one file with `spark_bench.py` (a WARC.gz is a series of
gzip members, so concatenated files are one file). Prints one JSON line per run and a
summary of medians.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from spark_bench import cli_cpu, tree_cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("warc_dir")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cores", type=int, default=1)
    ap.add_argument("--no-articles", action="store_true",
                    help="neither side writes articles (run(articles=False), no --articles)")
    ap.add_argument("--run-args", default="{}")
    a = ap.parse_args()
    from pyspark.sql import SparkSession

    from dealwire import spark as job

    tmp = Path(tempfile.mkdtemp(prefix="spark-marginal-"))
    one = tmp / "one"
    one.mkdir()
    first = sorted(Path(a.warc_dir).iterdir())[0]
    shutil.copy(first, one / first.name)
    spark = (
        SparkSession.builder.master(f"local[{a.cores}]").appName("dealwire-marginal")
        .config("spark.ui.enabled", "false").getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    kw = json.loads(a.run_args)
    if a.no_articles:
        kw["articles"] = False
    for w in range(2):  # warm the JVM and the Python workers
        job.run(spark, [a.warc_dir], str(tmp / f"warm-{w}"), **kw)
    rows = []
    n = 0
    for r in range(a.rounds):
        for name, inp in (("full", a.warc_dir), ("one", str(one))):
            n += 1
            out = tmp / f"cli-{n}"
            out.mkdir()
            c0 = cli_cpu()
            subprocess.run(
                [a.bin, "extract", "-q", "--jobs", str(a.cores), inp, "-o", str(out / "deals"),
                 "--errors", str(out / "errors")]
                + ([] if a.no_articles else ["--articles", str(out / "articles")]),
                check=False, stderr=subprocess.DEVNULL,
            )
            cc = cli_cpu() - c0
            t0, s0 = time.perf_counter(), tree_cpu()
            counts = job.run(spark, [inp], str(tmp / f"spark-{n}"), **kw)
            sc, sw = tree_cpu() - s0, time.perf_counter() - t0
            row = {"round": r, "input": name, "pages": counts["pages"],
                   "cli_cpu_s": round(cc, 2), "spark_cpu_s": round(sc, 2),
                   "spark_s": round(sw, 2), "load": float(open("/proc/loadavg").read().split()[0])}
            print(json.dumps(row), flush=True)
            rows.append(row)
    spark.stop()
    med = {(i, k): statistics.median(r[k] for r in rows if r["input"] == i)
           for i in ("full", "one") for k in ("cli_cpu_s", "spark_cpu_s")}
    pages = {i: next(r["pages"] for r in rows if r["input"] == i) for i in ("full", "one")}
    d_cli = med["full", "cli_cpu_s"] - med["one", "cli_cpu_s"]
    d_spark = med["full", "spark_cpu_s"] - med["one", "spark_cpu_s"]
    print(f"full: {pages['full']} pages, command {med['full', 'cli_cpu_s']:.2f} s CPU, "
          f"job {med['full', 'spark_cpu_s']:.2f} s ({(med['full', 'spark_cpu_s'] / med['full', 'cli_cpu_s'] - 1) * 100:+.1f}%)")
    print(f"one file: {pages['one']} pages, command {med['one', 'cli_cpu_s']:.2f} s, "
          f"job {med['one', 'spark_cpu_s']:.2f} s")
    print(f"the other {pages['full'] - pages['one']} pages: command {d_cli:.2f} s, job "
          f"{d_spark:.2f} s, overhead per page {(d_spark / d_cli - 1) * 100:+.1f}%")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
