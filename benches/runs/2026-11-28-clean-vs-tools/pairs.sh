#!/bin/bash
# dealwire's cleaner and resiliparse timed in turns (3 rounds each, median on-CPU pages/s) on the
# same pages and the same machine, so that both see the same moment of a shared, noisy box.
# usage (from the repository root, after `cargo build --release --example clean_bench` and
# `pip install resiliparse==2.0.1`):
#   bash benches/runs/2026-11-28-clean-vs-tools/pairs.sh HTML_DIR GROUND_TRUTH.json PAIRS [--from-str]
here=$(dirname "$0")
for i in $(seq 1 "$3"); do
  d=$(./target/release/examples/clean_bench "$1" "$2" --rounds 3 2>&1 | grep -o '[0-9]* pages/s on-CPU' | head -1 | cut -d' ' -f1)
  r=$(python3 "$here/resiliparse_bench.py" "$1" "$2" 3 "${@:4}" | grep -o '[0-9]* pages/s on-CPU' | cut -d' ' -f1)
  echo "pair $i load $(cut -d' ' -f1 /proc/loadavg) dealwire $d resiliparse $r ratio $(echo "scale=2; $d/$r" | bc)"
done
