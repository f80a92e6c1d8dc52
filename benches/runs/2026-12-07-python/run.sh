#!/usr/bin/env bash
# Issue 20's speed bars, run side by side (interleaved) on one machine:
#   python extract_many, one job   vs  dealwire extract -j1 (whole process)
#   python extract_many, two jobs  vs  python extract_many, one job
# Usage: bash benches/runs/2026-12-07-python/run.sh DEALWIRE_BIN PYTHON [ROUNDS] [SHARED]
# PYTHON is an interpreter with the package installed (pip install ./python). Builds news-dev
# x10 (the 911 BBC articles copied ten times) in a temporary folder first. Every figure is a
# whole process (interpreter start and import included): wall seconds, then user+sys CPU.
set -euo pipefail
bin=$1 py=$2 rounds=${3:-7} shared=${4:-../shared}
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../../python_extract.py"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
for i in $(seq 10); do cp -r "$shared/data/news-dev/bbc" "$data/$i"; done
echo "news-dev x10: $(find "$data" -type f | wc -l) files, $(du -sb "$data" | cut -f1) bytes"
t() { /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%s %.2f", $1, $2 + $3}'; }
echo "round cli_j1(wall cpu) py_j1(wall cpu) py_j2(wall cpu) py_texts_j1(wall cpu)"
for r in $(seq "$rounds"); do
    c=$(t "$bin" extract -q -j1 "$data" -o /dev/null)
    p1=$(t "$py" "$script" "$data" --jobs 1)
    p2=$(t "$py" "$script" "$data" --jobs 2)
    p3=$(t "$py" "$script" "$data" --jobs 1 --texts)
    echo "$r $c $p1 $p2 $p3"
done
