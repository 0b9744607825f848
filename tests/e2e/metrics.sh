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
# Every digit is reproducible: a second run, on another thread count, gives the same bytes
# (igraph's PRPACK summed in OpenMP threads and differed in the last digits).
"$bin" build --no-default-lexicon --lexicon "$work/synthetic/lexicon.tsv" -j 1 \
    "$work/synthetic/text" -o "$work/synthetic/again" --formats csv,json -q
for f in nodes.csv edges.csv graph.json; do
    cmp -s "$work/synthetic/out/$f" "$work/synthetic/again/$f" || { echo "not reproducible: $f" >&2; status=1; }
done
"$py" tests/e2e/check_metrics.py "$work/sample" || status=1
"$py" tests/e2e/check_metrics.py "$work/synthetic/out" "$work/synthetic/expected.tsv" || status=1
[ "$status" -eq 0 ] || { echo "e2e metrics: FAILED" >&2; exit 1; }
echo "e2e metrics: ok"
