"""trafilatura on the article-extraction benchmark, for the machine's speed factor.

usage: trafilatura_bench.py HTML_DIR GROUND_TRUTH.json ROUNDS
Prints precision, recall and F1 by the benchmark's metric, then the median on-CPU pages/s.
"""
import statistics, sys, time
import trafilatura
from pages import load_pages, score

d, gt, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
pages = load_pages(d)
P, R, F = score(pages, gt, trafilatura.extract)
print(f"trafilatura {trafilatura.__version__} P {P:.4f} R {R:.4f} F1 {F:.4f}")
rates = []
for _ in range(rounds):
    c0 = time.thread_time()
    for _, b in pages:
        trafilatura.extract(b)
    rates.append(len(pages) / (time.thread_time() - c0))
print(f"trafilatura {statistics.median(rates):.0f} pages/s on-CPU (median of {rounds})")
