"""trafilatura on the article-extraction benchmark, for the box's speed factor.
usage: trafilatura_bench.py HTML_DIR GROUND_TRUTH.json ROUNDS"""
import gzip, json, os, re, statistics, sys, time
import trafilatura
d, gt, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
pages = []
for f in sorted(os.listdir(d)):
    raw = open(os.path.join(d, f), 'rb').read()
    if f.endswith('.gz'):
        raw = gzip.decompress(raw)
    pages.append((f.split('.')[0], raw))
truth = json.load(open(gt))
def shingles(t):
    toks = re.findall(r'\w+', t or '')
    return {tuple(toks[i:i + 4]) for i in range(len(toks) - 3)}
P = R = 0.0
for k, b in pages:
    p, t = shingles(trafilatura.extract(b)), shingles(truth[k]['articleBody'])
    tp = len(p & t)
    P += tp / len(p) if p else 0.0
    R += tp / len(t) if t else 1.0
P, R = P / len(pages), R / len(pages)
print(f"trafilatura {trafilatura.__version__} P {P:.4f} R {R:.4f} F1 {2 * P * R / (P + R):.4f}")
rates = []
for _ in range(rounds):
    c0 = time.thread_time()
    for _, b in pages:
        trafilatura.extract(b)
    rates.append(len(pages) / (time.thread_time() - c0))
print(f"trafilatura {statistics.median(rates):.0f} pages/s on-CPU (median of {rounds})")
