"""Per-thread CPU of the Spark job's process tree over warm runs: threads.py WARC_DIR N ROUNDS [maxPartitionBytes]."""
import os, sys, time, collections, tempfile, shutil
from pyspark.sql import SparkSession
from dealwire import spark as job

def snap():
    tick = os.sysconf("SC_CLK_TCK")
    parent, out = {}, {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit(): continue
        try: st = open(f"/proc/{pid}/stat").read()
        except OSError: continue
        parent[int(pid)] = int(st[st.rindex(")")+2:].split()[1])
    me = os.getpid()
    def mine(p):
        while p > 1 and p != me: p = parent.get(p, 1)
        return p == me
    for pid in parent:
        if not (mine(pid) or pid == me): continue
        try: pcomm = open(f"/proc/{pid}/comm").read().strip()
        except OSError: continue
        if pid == me: pcomm = "driver"
        try:
            pst = open(f"/proc/{pid}/stat").read(); pf = pst[pst.rindex(")")+2:].split()
            out[(pid, 0)] = (pcomm, "(process total)", (int(pf[11]) + int(pf[12])) / tick)
        except OSError: pass
        try: tids = os.listdir(f"/proc/{pid}/task")
        except OSError: continue
        for tid in tids:
            try:
                st = open(f"/proc/{pid}/task/{tid}/stat").read()
            except OSError: continue
            name = st[st.index("(")+1:st.rindex(")")]
            f = st[st.rindex(")")+2:].split()
            out[(pid, int(tid))] = (pcomm, name, (int(f[11]) + int(f[12])) / tick)
    return out

n = int(sys.argv[2]) if len(sys.argv) > 2 else 1
spark = job.configure(SparkSession.builder).master(f"local[{n}]").config("spark.ui.enabled","false").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
if len(sys.argv) > 4: spark.conf.set("spark.sql.files.maxPartitionBytes", sys.argv[4])
tmp = tempfile.mkdtemp()
for r in range(int(sys.argv[3]) if len(sys.argv) > 3 else 3):
    a = snap(); t0 = time.perf_counter()
    job.run(spark, [sys.argv[1]], f"{tmp}/o{r}")
    wall = time.perf_counter() - t0; b = snap()
    agg = collections.Counter()
    for k, (pc, name, cpu) in b.items():
        prev = a.get(k, (0, 0, 0.0))[2]
        name = name if pc == "java" else name.rstrip("0123456789-")
        agg[(pc, name)] += cpu - prev
    tot = sum(v for (pc, nm), v in agg.items() if nm == "(process total)")
    for (pc, nm) in list(agg):
        if nm == "(process total)":
            agg[(pc, "(exited threads)")] = agg[(pc, nm)] - sum(v for (p2, n2), v in agg.items() if p2 == pc and n2 not in ("(process total)", "(exited threads)"))
            del agg[(pc, nm)]
    print(f"\nround {r}: wall {wall:.2f} cpu {tot:.2f} pids {sorted(set(p for p, t in b if p not in a and t == 0))}")
    for (pc, name), c in agg.most_common(25):
        if c > 0.01: print(f"   {pc:16s} {name:28s} {c:6.2f}")
shutil.rmtree(tmp)
spark.stop()
