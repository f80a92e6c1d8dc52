#!/usr/bin/env bash
# Interleaved rounds of two builds of `dealwire extract` over two inputs at --jobs 1 and 2,
# and over the WARC files at --jobs 1 bound to one core (taskset: a one-core container);
# prints medians of wall and user+sys seconds per (input, jobs, build).
#   ab.sh OUT ROUNDS BEFORE_BIN AFTER_BIN WARC_DIR ND10_DIR
set -u
out=$1 rounds=$2 before=$3 after=$4 warc=$5 nd10=$6
: > "$out"
for r in $(seq "$rounds"); do
  for pair in "before=$before" "stream=$after"; do
    name=${pair%%=*} bin=${pair#*=}
    for j in 1 2; do
      /usr/bin/time -f "$name warc-j$j %e %U %S" "$bin" extract -q -j$j "$warc" -o /dev/null --articles /dev/null 2>&1 | grep -E "^$name " >> "$out"
      /usr/bin/time -f "$name nd10-j$j %e %U %S" "$bin" extract -q -j$j "$nd10" -o /dev/null 2>&1 | grep -E "^$name " >> "$out"
    done
    /usr/bin/time -f "$name warc-pin1 %e %U %S" taskset -c 0 "$bin" extract -q -j1 "$warc" -o /dev/null --articles /dev/null 2>&1 | grep -E "^$name " >> "$out"
  done
done
python3 - "$out" <<'P'
import sys, statistics as s, collections
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 5:
        d[(p[1], p[0])].append((float(p[2]), float(p[3]) + float(p[4])))
for (case, name), v in sorted(d.items()):
    print(f"{case:9s} {name:7s} wall {s.median(x[0] for x in v):5.2f}  cpu {s.median(x[1] for x in v):5.2f}  n={len(v)}")
for case in sorted({c for c, _ in d}):
    b, a = d[(case, "before")], d[(case, "stream")]
    print(f"{case:9s} stream/before wall {s.median(x[0] for x in a) / s.median(x[0] for x in b):.3f}"
          f"  cpu {s.median(x[1] for x in a) / s.median(x[1] for x in b):.3f}")
P
