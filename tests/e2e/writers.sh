#!/usr/bin/env bash
# End-to-end: the output files are written at once over -j threads. When writers fail
# (here graph.gexf and graph.png are directories, so their renames fail) the others are
# written, the error is one line naming the first failing file in file order (graph.gexf,
# whichever thread failed first), no temporary file is left, the directories in the way
# are untouched and the previous report.json stays (it is written only after every file).
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
    cp "$out/report.json" "$work/report-before.json"
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
    cmp -s "$out/report.json" "$work/report-before.json" || { echo "FAIL: -j $j: report.json replaced after a failure" >&2; status=1; }
    for f in graph.graphml nodes.csv edges.csv evidence.csv graph.json graph.svg graph.pdf; do
        cmp -s "$work/ref/$f" "$out/$f" || { echo "FAIL: -j $j: $f not written although its writer succeeded" >&2; status=1; }
    done
done
exit $status
