"""Builds the Spark benchmark's input: WARC.gz files (one gzip member per record, as Common
Crawl writes them) of HTML responses made from the Scrapinghub article-extraction benchmark and
WCXB pages, repeated under distinct URLs up to a total size, split into several files because
the job's unit of parallelism is one file.

    python benches/spark_warc.py OUT_DIR [--mb 200] [--files 8] [--data /work/shared/data]

The pages are not in the repository; only this script is. See
benches/runs/2026-12-07-spark/README.md for the runs.
"""

import argparse
import gzip
from pathlib import Path


def record(n: int, url: str, html: bytes) -> bytes:
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(html)}\r\n\r\n".encode() + html
    )
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
        "WARC-Date: 2024-01-15T00:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=int, default=200, help="total uncompressed WARC size")
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--data", default="/work/shared/data")
    a = ap.parse_args()
    pages = []
    for src in ("article-extraction-benchmark", "wcxb-dev-articles"):
        for p in sorted((Path(a.data) / src / "html").glob("*.html.gz")):
            pages.append((f"{src}/{p.name[:-8]}", gzip.decompress(p.read_bytes())))
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    budget = a.mb * 1_000_000
    # One gzip member per record, compressed by hand: GzipFile would make one member a file.
    raws = [open(out / f"bench-{i:02d}.warc.gz", "wb") for i in range(a.files)]
    total = n = 0
    copy = 0
    while total < budget:
        for name, html in pages:
            if total >= budget:
                break
            rec = record(n, f"https://bench.example/{name}?copy={copy}", html)
            raws[n % a.files].write(gzip.compress(rec, 6))
            total += len(rec)
            n += 1
        copy += 1
    for f in raws:
        f.close()
    print(f"{n} records, {total / 1e6:.1f} MB uncompressed, in {a.files} files under {out}")


if __name__ == "__main__":
    main()
