#!/bin/bash
# usage: abn.sh OUT ROUNDS name=bin ... ; interleaved rounds over nd10, -j1
out=$1; n=$2; shift 2
: > $out
for i in $(seq $n); do
  for pair in "$@"; do name=${pair%%=*}; bin=${pair#*=}
    /usr/bin/time -f "$name %e %U %S" $bin extract -q -j1 /work/bench/nd10 2>>$out >/dev/null
  done
done
python3 - $out <<'P'
import sys,statistics as s,collections
d=collections.OrderedDict()
for l in open(sys.argv[1]):
    p=l.split()
    if len(p)==4: d.setdefault(p[0],[]).append((float(p[1]),float(p[2]),float(p[3])))
names=list(d)
for k,v in d.items(): print('%-10s wall %.3f user %.3f u+s %.3f n=%d'%(k,s.median(x[0] for x in v),s.median(x[1] for x in v),s.median(x[1]+x[2] for x in v),len(v)))
b=names[0]
for k in names[1:]:
    print('%s/%s wall %.3f user %.3f'%(k,b,s.median(x[0] for x in d[k])/s.median(x[0] for x in d[b]), s.median(x[1] for x in d[k])/s.median(x[1] for x in d[b])))
P
