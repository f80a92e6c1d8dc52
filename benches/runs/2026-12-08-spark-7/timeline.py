"""Timeline of warm job runs: run() start -> job submit -> tasks -> job end -> run() end."""
import json, sys, time, shutil, tempfile, urllib.request
from datetime import datetime, timezone
from pyspark.sql import SparkSession
from dealwire import spark as job

warc, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kw = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
spark = job.configure(SparkSession.builder).master(f"local[{n}]").appName("tl").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
app = spark.sparkContext.applicationId
ui = spark.sparkContext.uiWebUrl
def get(p):
    return json.load(urllib.request.urlopen(f"{ui}/api/v1/applications/{app}/{p}"))
def ts(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%f%Z").replace(tzinfo=timezone.utc).timestamp()
tmp = tempfile.mkdtemp()
import pyspark.sql.readwriter as rw
MARK = {}
_text = rw.DataFrameWriter.text
def text(self, *a, **k):
    MARK["text0"] = time.time()
    try:
        return _text(self, *a, **k)
    finally:
        MARK["text1"] = time.time()
rw.DataFrameWriter.text = text
for r in range(rounds):
    seen = {j["jobId"] for j in get("jobs")}
    t0 = time.time()
    job.run(spark, [warc], f"{tmp}/o{r}", **kw)
    t1 = time.time()
    time.sleep(0.5)
    jobs = [j for j in get("jobs") if j["jobId"] not in seen]
    line = [f"round {r}: run {t1-t0:.2f}s text() +{MARK['text0']-t0:.2f}..+{MARK['text1']-t0:.2f}"]
    for j in sorted(jobs, key=lambda j: j["jobId"]):
        s, e = ts(j["submissionTime"]), ts(j["completionTime"])
        line.append(f"job{j['jobId']} +{s-t0:.2f}..+{e-t0:.2f}")
        for sid in j["stageIds"]:
            try:
                tasks = get(f"stages/{sid}/0/taskList?length=1000")
            except Exception:
                continue
            for t in tasks:
                lt = ts(t["launchTime"])
                m = t.get("taskMetrics", {})
                line.append(f"  t{t['index']} +{lt-t0:.2f} dur {t['duration']/1000:.2f} run {m.get('executorRunTime',0)/1000:.2f} cpu {m.get('executorCpuTime',0)/1e9:.2f} deser {m.get('executorDeserializeTime',0)/1000:.2f} ")
    print("\n".join(line), flush=True)
    shutil.rmtree(f"{tmp}/o{r}")
spark.stop()
