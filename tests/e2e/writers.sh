#!/usr/bin/env bash
# End-to-end: the output files are written at once over -j threads. When outputs fail
# (here graph.gexf and graph.png are directories, so they cannot be replaced) the error is
# one line naming the first of them by name (graph.gexf) whichever thread finished first,
# for -j 1, 2 and 7; no temporary file is left, the directories in the way are untouched
# and the files named after graph.gexf keep their previous bytes (a set is published in
# name order, report.json last, and publishing stops at the first failure).
set -euo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
. tests/e2e/expect.sh
formats=svg,png,pdf,graphml,gexf,csv,json
first=$(find tests/corpus -type f -name '*.txt' | LC_ALL=C sort | head -1)

"$bin" build tests/corpus -o "$work/ref" --formats "$formats" -j 1 -q
for j in 1 2 7; do
    out=$work/j$j
    "$bin" build "$first" -o "$out" --formats "$formats" -j "$j" -q
    rm -rf "$work/before"
    cp -r "$out" "$work/before"
    rm "$out/graph.gexf" "$out/graph.png"
    mkdir -p "$out/graph.gexf/kept" "$out/graph.png"
    expect 2 "graph\.gexf" -- "$bin" build tests/corpus -o "$out" --formats "$formats" -j "$j" -q
    [ "$(wc -l <"$work/err.txt")" -eq 1 ] || { echo "FAIL: -j $j: more than one error line" >&2; cat "$work/err.txt" >&2; status=1; }
    if grep -q "graph\.png" "$work/err.txt"; then
        echo "FAIL: -j $j: the later failure (graph.png) reported" >&2
        status=1
    fi
    left=$(find "$out" -name '.*.tmp.*')
    [ -z "$left" ] || { echo "FAIL: -j $j: temporary files left: $left" >&2; status=1; }
    [ -d "$out/graph.gexf/kept" ] && [ -d "$out/graph.png" ] || { echo "FAIL: -j $j: directory in the way changed" >&2; status=1; }
    for f in report.json graph.graphml nodes.csv graph.json graph.svg graph.pdf; do
        cmp -s "$work/before/$f" "$out/$f" || { echo "FAIL: -j $j: $f replaced although the set failed before it" >&2; status=1; }
    done
    for f in edges.csv evidence.csv; do
        cmp -s "$work/ref/$f" "$out/$f" || { echo "FAIL: -j $j: $f not published before graph.gexf" >&2; status=1; }
    done
    "$bin" build tests/corpus -o "$work/k$j" --formats "$formats" -j "$j" -q
    for f in "$work/ref"/*; do
        cmp -s "$f" "$work/k$j/$(basename "$f")" || { echo "FAIL: -j $j: $(basename "$f") differs from -j 1" >&2; status=1; }
    done
done
exit $status
