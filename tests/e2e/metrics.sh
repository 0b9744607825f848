#!/usr/bin/env bash
# End-to-end: every metric of nodes.csv (and the modularity in report.json) against
# networkx 2.8.8 as docs/design.md §6 defines it, on (a) the sample corpus and (b) a synthetic
# corpus whose graph is known: 200 invented entities, ~600 edges of weight 1..5, two small
# components and isolated entities, generated here with a fixed seed.
set -euo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
py=/usr/bin/python3

"$bin" build tests/corpus -o "$work/sample" --formats csv,json -q
"$py" tests/e2e/gen_synthetic.py "$work/synthetic"
"$bin" build --no-default-lexicon --lexicon "$work/synthetic/lexicon.tsv" \
    "$work/synthetic/text" -o "$work/synthetic/out" --formats csv,json -q

status=0
# Every digit is reproducible: runs on other thread counts give the same bytes (igraph's
# PRPACK summed in OpenMP threads and differed in the last digits; the shortest paths are
# cut into source blocks that must be summed in one order whatever -j is). GraphML too:
# every metric of every node at full precision.
for j in 1 2 7; do
    "$bin" build --no-default-lexicon --lexicon "$work/synthetic/lexicon.tsv" -j "$j" \
        "$work/synthetic/text" -o "$work/synthetic/j$j" --formats csv,json,graphml -q
done
for j in 2 7; do
    for f in nodes.csv edges.csv graph.json graph.graphml; do
        cmp -s "$work/synthetic/j1/$f" "$work/synthetic/j$j/$f" || { echo "not reproducible: $f, -j $j" >&2; status=1; }
    done
done
for f in nodes.csv edges.csv graph.json; do
    cmp -s "$work/synthetic/out/$f" "$work/synthetic/j1/$f" || { echo "not reproducible: $f" >&2; status=1; }
done
"$py" tests/e2e/check_metrics.py "$work/sample" || status=1
"$py" tests/e2e/check_metrics.py "$work/synthetic/out" "$work/synthetic/expected.tsv" || status=1
[ "$status" -eq 0 ] || { echo "e2e metrics: FAILED" >&2; exit 1; }
echo "e2e metrics: ok"
