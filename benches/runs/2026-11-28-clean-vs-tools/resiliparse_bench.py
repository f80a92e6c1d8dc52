"""Resiliparse 2.0.1 on the article-extraction benchmark: HTML bytes in, main-content text out.

usage: resiliparse_bench.py HTML_DIR GROUND_TRUTH.json ROUNDS [--score] [--from-str]
With --from-str the pages are decoded before the clock starts (resiliparse's own detection not
timed) and parsed with HTMLTree.parse. Prints the median pages/s over ROUNDS (wall and on-CPU,
one thread); with --score also precision, recall and F1 by the benchmark's 4-word shingle metric.
"""
import statistics, sys, time
from resiliparse.parse.html import HTMLTree
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import bytes_to_str
from pages import load_pages, score

d, gt, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
pages = load_pages(d)
if '--from-str' in sys.argv:
    pages = [(k, bytes_to_str(b)) for k, b in pages]


def clean(b):
    tree = HTMLTree.parse(b) if isinstance(b, str) else HTMLTree.parse_from_bytes(b)
    return extract_plain_text(tree, main_content=True)


if '--score' in sys.argv:
    P, R, F = score(pages, gt, clean)
    print(f"resiliparse pages {len(pages)} P {P:.4f} R {R:.4f} F1 {F:.4f}")
wall, cpu = [], []
for _ in range(rounds):
    t0, c0 = time.perf_counter(), time.thread_time()
    for _, b in pages:
        clean(b)
    wall.append(len(pages) / (time.perf_counter() - t0))
    cpu.append(len(pages) / (time.thread_time() - c0))
print(f"resiliparse {statistics.median(wall):.0f} pages/s wall {statistics.median(cpu):.0f} pages/s on-CPU (median of {rounds})")
