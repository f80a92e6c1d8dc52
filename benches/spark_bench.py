"""Times the Spark job against `dealwire extract` on the same WARC files.

    python benches/spark_bench.py WARC_DIR --bin target/release/dealwire [--rounds 3] [--cores 1 2]

For each core count N: `dealwire extract -q --jobs N WARC_DIR --articles A --errors E` (the
same three outputs the job writes) as a subprocess, and the job's `run()` in a SparkSession
with master `local[N]` already started (the session's start-up, a few seconds once per job, is
reported apart). Rounds interleave the two so that the shared machine's noise hits both alike.
Prints one JSON line per run and a summary with medians.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("warc_dir")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    a = ap.parse_args()
    from pyspark.sql import SparkSession

    from dealwire import spark as job

    tmp = Path(tempfile.mkdtemp(prefix="spark-bench-"))
    results = {}
    for n in a.cores:
        t0 = time.perf_counter()
        spark = (
            SparkSession.builder.master(f"local[{n}]").appName("dealwire-bench")
            .config("spark.ui.enabled", "false").getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        startup = time.perf_counter() - t0
        for r in range(a.rounds):
            out = tmp / f"cli-{n}-{r}"
            out.mkdir()
            t0 = time.perf_counter()
            subprocess.run(
                [a.bin, "extract", "-q", "--jobs", str(n), a.warc_dir, "-o", str(out / "deals"),
                 "--articles", str(out / "articles"), "--errors", str(out / "errors")],
                check=False,
            )
            cli = time.perf_counter() - t0
            t0 = time.perf_counter()
            counts = job.run(spark, [a.warc_dir], str(tmp / f"spark-{n}-{r}"))
            sp = time.perf_counter() - t0
            pages = counts["articles"] + counts["errors"]
            row = {"cores": n, "round": r, "cli_s": round(cli, 2), "spark_s": round(sp, 2),
                   "pages": pages, "deals": counts["deals"], "startup_s": round(startup, 1)}
            print(json.dumps(row), flush=True)
            results.setdefault(n, []).append(row)
            shutil.rmtree(out)
            shutil.rmtree(tmp / f"spark-{n}-{r}")
        spark.stop()
    print("cores  pages  cli_s  spark_s  cli_pages/s  spark_pages/s  overhead")
    for n, rows in results.items():
        cli = statistics.median(r["cli_s"] for r in rows)
        sp = statistics.median(r["spark_s"] for r in rows)
        pages = rows[0]["pages"]
        print(f"{n:5d} {pages:6d} {cli:6.2f} {sp:8.2f} {pages / cli:12.1f} {pages / sp:14.1f} "
              f"{(sp / cli - 1) * 100:8.1f}%")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
