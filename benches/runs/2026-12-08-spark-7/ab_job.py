"""A/B of the job's code in one session: ab_job.py WARC_DIR N ROUNDS (before = ddc7248's spark.py)."""
import sys, time, tempfile, shutil, statistics, os
from pyspark.sql import SparkSession
from dealwire import spark as after, spark_before as before
warc, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
spark = after.configure(SparkSession.builder).master(f"local[{n}]").config("spark.ui.enabled", "false").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
tmp = tempfile.mkdtemp(); res = {"before": [], "after": []}
for r in range(rounds):
    order = [("before", before), ("after", after)] if r % 2 == 0 else [("after", after), ("before", before)]
    for name, mod in order:
        t = time.perf_counter(); mod.run(spark, [warc], f"{tmp}/{name}{r}"); w = time.perf_counter() - t
        print("R", r, name, round(w, 3), flush=True)
        if r: res[name].append(w)
        shutil.rmtree(f"{tmp}/{name}{r}")
b, a = statistics.median(res["before"]), statistics.median(res["after"])
ratios = [x / y for x, y in zip(res["after"], res["before"])]
print(f"local[{n}] median before {b:.3f} s after {a:.3f} s ratio {a/b:.3f}; paired median {statistics.median(ratios):.3f}")
spark.stop()
