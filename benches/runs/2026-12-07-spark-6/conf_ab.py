"""A/B of SQL confs or run() arguments ("run:KEY") on the job: conf_ab.py WARC_DIR N ROUNDS JSON..."""
import sys, os, time, json, tempfile, shutil, statistics
from pyspark.sql import SparkSession
from dealwire import spark as job
tick = os.sysconf("SC_CLK_TCK")
def cpu_by_comm():
    parent, cpu, comm = {}, {}, {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit(): continue
        try: st = open(f"/proc/{pid}/stat").read()
        except OSError: continue
        f = st[st.rindex(")")+2:].split(); p = int(pid)
        parent[p] = int(f[1]); cpu[p] = (int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])) / tick
        comm[p] = st[st.index("(")+1:st.rindex(")")]
    me = os.getpid(); out = {"java": 0.0, "python": 0.0, "driver": 0.0}
    for p, c in cpu.items():
        q = p
        while q > 1 and q != me: q = parent.get(q, 1)
        if q != me: continue
        k = "driver" if p == me else ("java" if comm[p] == "java" else "python")
        out[k] += c
    return out
n = int(sys.argv[2]); rounds = int(sys.argv[3]); variants = [json.loads(v) for v in sys.argv[4:]]
spark = job.configure(SparkSession.builder).master(f"local[{n}]").config("spark.ui.enabled","false").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
tmp = tempfile.mkdtemp(); res = {}
for r in range(rounds):
    for i, v in enumerate(variants):
        kw = {k[4:]: x for k, x in v.items() if k.startswith("run:")}
        v = {k: x for k, x in v.items() if not k.startswith("run:")}
        saved = {k: spark.conf.get(k, None) for k in v}
        for k, x in v.items(): spark.conf.set(k, x)
        a = cpu_by_comm(); t0 = time.perf_counter()
        job.run(spark, [sys.argv[1]], f"{tmp}/o{r}_{i}", **kw)
        w = time.perf_counter() - t0; b = cpu_by_comm()
        d = {k: round(b[k] - a[k], 2) for k in a}; d["wall"] = round(w, 2)
        print("R", r, i, json.dumps(d), flush=True)
        if r: res.setdefault(i, []).append(d)
        for k, x in saved.items():
            if x is None: spark.conf.unset(k)
            else: spark.conf.set(k, x)
        shutil.rmtree(f"{tmp}/o{r}_{i}")
for i, v in enumerate(variants):
    rows = res[i]
    print(i, json.dumps(v), {k: round(statistics.median(x[k] for x in rows), 2) for k in rows[0]})
spark.stop()
