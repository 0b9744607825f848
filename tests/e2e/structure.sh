#!/usr/bin/env bash
# End-to-end: the default drawing shows a graph's communities (issue 14). A planted
# partition of 8 blocks of 250 nodes (networkx.planted_partition_graph(8, 250, 0.04,
# 0.0015), two seeds) is drawn by `comention render`; the silhouette of the drawn node
# positions grouped by planted block must be at least 0.5 (before the canvas frame and
# the LinLog layout it was -0.10: the overlap removal packed the discs into a rectangle).
set -uo pipefail
bin=$1
work=$2
py=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work"
fail=0

for seed in 1 2; do
    "$py" tests/e2e/planted.py graph --blocks 8 --size 250 --p-in 0.04 --p-out 0.0015 \
        --seed "$seed" --graphml "$work/planted-$seed.graphml" || exit 1
    "$bin" render "$work/planted-$seed.graphml" -o "$work/planted-$seed.svg" ||
        { echo "FAIL: render of the planted graph (seed $seed): exit $?" >&2; fail=1; continue; }
    out=$("$py" tests/e2e/planted.py silhouette --svg "$work/planted-$seed.svg") || exit 1
    echo "planted partition, seed $seed: $out"
    read -r _ s _ n <<<"$out"
    [ "$n" = 2000 ] || { echo "FAIL: $n nodes drawn, not 2000" >&2; fail=1; }
    "$py" -c "import sys; sys.exit(0 if float('$s') >= 0.5 else 1)" ||
        { echo "FAIL: silhouette $s of the planted communities (seed $seed) is below 0.5" >&2; fail=1; }
done
exit $fail
