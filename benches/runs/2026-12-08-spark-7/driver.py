import json, sys, time, shutil, tempfile
from pyspark.sql import SparkSession
from dealwire import spark as job
warc, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
spark = job.configure(SparkSession.builder).master(f"local[{n}]").config("spark.ui.enabled","false").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
T = {}
def wrap(name, f):
    def g(*a, **k):
        t = time.perf_counter()
        try:
            return f(*a, **k)
        finally:
            T[name] = T.get(name, 0) + time.perf_counter() - t
    return g
job.list_inputs = wrap("list", job.list_inputs)
job.plan_tasks = wrap("plan", job.plan_tasks)
job._write_jsonl = wrap("write", job._write_jsonl)
import pyspark.sql.readwriter as rw
rw.DataFrameWriter.text = wrap("text", rw.DataFrameWriter.text)
tmp = tempfile.mkdtemp()
for r in range(rounds):
    T.clear()
    t0 = time.perf_counter()
    job.run(spark, [warc], f"{tmp}/o{r}")
    tot = time.perf_counter() - t0
    print(f"round {r}: total {tot:.3f} " + " ".join(f"{k} {v:.3f}" for k, v in T.items()), flush=True)
    shutil.rmtree(f"{tmp}/o{r}")
spark.stop()
