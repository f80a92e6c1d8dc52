"""What both tool benchmarks share: the pages, read into memory, and the benchmark's metric."""
import gzip, json, os, re


def load_pages(d):
    """(id, HTML bytes) for every page in `d`, gzipped or not, in name order."""
    pages = []
    for f in sorted(os.listdir(d)):
        raw = open(os.path.join(d, f), 'rb').read()
        if f.endswith('.gz'):
            raw = gzip.decompress(raw)
        pages.append((f.split('.')[0], raw))
    return pages


def shingles(text):
    toks = re.findall(r'\w+', text or '')
    return {tuple(toks[i:i + 4]) for i in range(len(toks) - 3)}


def score(pages, gt, extract):
    """Precision and recall averaged over pages and the F1 of the two means; an empty output
    counts as precision 0."""
    truth = json.load(open(gt))
    P = R = 0.0
    for k, b in pages:
        p, t = shingles(extract(b)), shingles(truth[k]['articleBody'])
        tp = len(p & t)
        P += tp / len(p) if p else 0.0
        R += tp / len(t) if t else 1.0
    P, R = P / len(pages), R / len(pages)
    return P, R, 2 * P * R / (P + R) if P + R else 0.0
