#!/usr/bin/env bash
# Issue 20's jobs=2 bar, before and after, interleaved on one machine:
#   dealwire extract -jN, and extract_many(read(DIR), jobs=N) for each given interpreter
# Usage: bash run.sh DIR DEALWIRE_BIN ROUNDS PYTHON...  (each PYTHON has a build of the package)
# Prints per run: wall seconds and user+sys CPU seconds of the whole process, plus
# /proc/loadavg before each round.
set -euo pipefail
dir=$1 bin=$2 rounds=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../../python_extract.py"
t() { /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%s %.2f", $1, $2 + $3}'; }
for r in $(seq "$rounds"); do
    echo "round $r load $(cut -d' ' -f1-3 /proc/loadavg)"
    for j in 1 2; do
        echo "cli j$j $(t "$bin" extract -q -j$j "$dir" -o /dev/null)"
        i=0
        for py in "$@"; do
            echo "py$i j$j $(t "$py" "$script" "$dir" --jobs $j)"
            i=$((i + 1))
        done
    done
done
