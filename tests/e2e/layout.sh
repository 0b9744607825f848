#!/usr/bin/env bash
# End-to-end: every --layout through the CLI on the sample corpus: report.json names it and
# nodes.csv has finite, distinct positions; for our own fa2 and typed the same seed gives
# the same bytes and another seed other positions (test_layout checks the seeding of every
# kind; here each run costs a whole build). An unknown name and kk on more than 1000 nodes
# are usage errors (exit 1) saying why.
set -uo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
py=/usr/bin/python3
fail=0

for kind in fa2 fr kk drl circle typed; do
    seeds=1
    [ "$kind" = fa2 ] || [ "$kind" = typed ] && seeds="1 1b 2"
    for seed in $seeds; do
        "$bin" build tests/corpus -o "$work/$kind-$seed" --formats csv -q --layout "$kind" \
            --seed "${seed%b}" || { echo "FAIL: --layout $kind --seed $seed: exit $?" >&2; fail=1; }
    done
    grep -q "\"layout\": \"$kind\"" "$work/$kind-1/report.json" ||
        { echo "FAIL: report.json does not name layout $kind" >&2; fail=1; }
    [ "$seeds" = 1 ] || cmp -s "$work/$kind-1/nodes.csv" "$work/$kind-1b/nodes.csv" ||
        { echo "FAIL: --layout $kind: two runs with one seed differ" >&2; fail=1; }
    if [ "$seeds" != 1 ] && cmp -s "$work/$kind-1/nodes.csv" "$work/$kind-2/nodes.csv"; then
        echo "FAIL: --layout $kind: seeds 1 and 2 give the same positions" >&2
        fail=1
    fi
    "$py" - "$work/$kind-1/nodes.csv" <<'EOF' || fail=1
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
xy = [(float(r["x"]), float(r["y"])) for r in rows]
bad = [p for p in xy if not all(math.isfinite(v) for v in p)]
if bad or len(set(xy)) != len(xy) or len(xy) < 100:
    sys.exit(f"FAIL: {sys.argv[1]}: {len(xy)} nodes, {len(set(xy))} distinct positions, {len(bad)} not finite")
EOF
done

"$bin" build tests/corpus -o "$work/bad" -q --layout spring 2>"$work/err.txt"
status=$?
if [ "$status" -ne 1 ] || ! grep -q "unknown layout 'spring'" "$work/err.txt"; then
    echo "FAIL: --layout spring: exit $status, stderr: $(cat "$work/err.txt")" >&2
    fail=1
fi

# 1001 entities, each named once: too many for Kamada-Kawai's n x n matrices
"$py" - "$work/big" <<'EOF'
import os, sys
d = sys.argv[1]
os.makedirs(d)
name = lambda i: "Q" + "".join(chr(97 + i // 26 ** k % 26) for k in (2, 1, 0))
with open(f"{d}/lexicon.tsv", "w") as f:
    for i in range(1001):
        f.write(f"e{i:04d}\tactor\t{name(i)}\t{name(i)}\n")
with open(f"{d}/text.txt", "w") as f:
    f.write("".join(f"{name(i)}.\n" for i in range(1001)))
EOF
"$bin" build --no-default-lexicon --lexicon "$work/big/lexicon.tsv" "$work/big/text.txt" \
    -o "$work/big/out" -q --layout kk 2>"$work/err.txt"
status=$?
if [ "$status" -ne 1 ] || ! head -n 1 "$work/err.txt" | grep -q "^comention: layout kk: 1001 nodes, at most 1000"; then
    echo "FAIL: kk on 1001 nodes: exit $status, stderr: $(cat "$work/err.txt")" >&2
    fail=1
fi

[ "$fail" -eq 0 ] || { echo "e2e layout: FAILED" >&2; exit 1; }
echo "e2e layout: ok"
