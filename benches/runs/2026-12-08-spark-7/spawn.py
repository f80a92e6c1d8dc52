import time, tempfile, os
from pyspark.sql import SparkSession
from dealwire import spark as job
spark = job.configure(SparkSession.builder).master("local[1]").config("spark.ui.enabled","false").getOrCreate()
jvm = spark.sparkContext._jvm; conf = spark.sparkContext._jsc.hadoopConfiguration()
d = tempfile.mkdtemp(); open(d + "/f", "w").close()
p = jvm.org.apache.hadoop.fs.Path("file:" + d + "/f")
fs = p.getFileSystem(conf)
perm = jvm.org.apache.hadoop.fs.permission.FsPermission.getFileDefault()
for rep in range(4):
    t = time.perf_counter()
    for i in range(30): fs.exists(p)
    t1 = time.perf_counter()
    for i in range(30): fs.setPermission(p, perm)
    t2 = time.perf_counter()
    print(f"exists {(t1-t)/30*1000:.2f} ms  setPermission {(t2-t1)/30*1000:.2f} ms", flush=True)
spark.stop()
