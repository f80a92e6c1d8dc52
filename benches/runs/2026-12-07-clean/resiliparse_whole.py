"""Resiliparse as a whole process, for comparing with `dealwire clean FILE...`: read each page
(gunzipped when it ends in .gz), parse it with resiliparse's own encoding detection, extract the
main content and print one JSON line per page. Start-up and imports are part of the run, as
they are for dealwire.

usage: resiliparse_whole.py PAGE... > out.jsonl
"""
import gzip
import json
import sys

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

out = sys.stdout
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    tree = HTMLTree.parse_from_bytes(data)
    text = extract_plain_text(tree, main_content=True)
    out.write(json.dumps({"id": path, "text": text}) + "\n")
