#!/bin/bash
# dealwire's `clean` and resiliparse, each as a whole process (start-up, reading and gunzipping
# the files, cleaning, writing JSON lines) pinned to one core, in turns, on the same pages.
# usage (from the repository root, after `cargo build --release --bin dealwire` and
# `pip install resiliparse` in a virtualenv outside the repository):
#   bash benches/runs/2026-12-07-clean/whole.sh HTML_DIR PYTHON ROUNDS [CORE] [DEALWIRE]
# Prints, per round, pages/s by on-CPU time (user + sys) and by wall time for both, then the
# medians and their ratios.
set -euo pipefail
dir=$1 py=$2 rounds=$3 core=${4:-1}
dw=${5:-${CARGO_TARGET_DIR:-target}/release/dealwire}
here=$(dirname "$0")
pages=("$dir"/*)
n=${#pages[@]}
TIMEFORMAT='%R %U %S'
run() { { time taskset -c "$core" "$@" >/dev/null 2>&1; } 2>&1 | tail -1; }
rate() { awk -v n="$n" -v r="$1" -v u="$2" -v s="$3" 'BEGIN { printf "%.0f %.0f", n / (u + s), n / r }'; }
: >"${TMPDIR:-/tmp}/whole.$$"
for i in $(seq 1 "$rounds"); do
  d=$(rate $(run "$dw" clean "${pages[@]}"))
  r=$(rate $(run "$py" "$here/resiliparse_whole.py" "${pages[@]}"))
  echo "round $i load $(cut -d' ' -f1 /proc/loadavg) dealwire cpu/wall $d resiliparse cpu/wall $r"
  echo "$d $r" >>"${TMPDIR:-/tmp}/whole.$$"
done
med() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
f="${TMPDIR:-/tmp}/whole.$$"
dc=$(cut -d' ' -f1 "$f" | med); dw_=$(cut -d' ' -f2 "$f" | med)
rc=$(cut -d' ' -f3 "$f" | med); rw=$(cut -d' ' -f4 "$f" | med)
echo "pages $n  median pages/s on-CPU: dealwire $dc resiliparse $rc ratio $(awk -v a="$dc" -v b="$rc" 'BEGIN{printf "%.2f", a/b}')"
echo "pages $n  median pages/s wall:   dealwire $dw_ resiliparse $rw ratio $(awk -v a="$dw_" -v b="$rw" 'BEGIN{printf "%.2f", a/b}')"
rm -f "$f"
