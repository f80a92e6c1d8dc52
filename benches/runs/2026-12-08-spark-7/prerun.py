import sys, time, tempfile, shutil, cProfile, pstats
from pyspark.sql import SparkSession
from dealwire import spark as job
import pyspark.sql.readwriter as rw
spark = job.configure(SparkSession.builder).master("local[2]").config("spark.ui.enabled","false").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
tmp = tempfile.mkdtemp()
job.run(spark, [sys.argv[1]], f"{tmp}/w")
_text = rw.DataFrameWriter.text
rw.DataFrameWriter.text = lambda self, *a, **k: None   # stop before the write
_fin = job._finish_jsonl
job._finish_jsonl = lambda *a, **k: None
pr = cProfile.Profile()
for r in range(5):
    t = time.perf_counter()
    pr.enable()
    job.run(spark, [sys.argv[1]], f"{tmp}/o{r}")
    pr.disable()
    print(f"pre-write {time.perf_counter()-t:.3f}")
import io
s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("cumtime").print_stats(25); print(s.getvalue()[-5000:])
from py4j import java_gateway
