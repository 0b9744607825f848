#!/usr/bin/env bash
# End-to-end: the mentions found in the sample corpus are exactly the reviewed golden
# ones (tests/e2e/corpus/expected; rewrite with scripts/update-golden.sh and review).
set -euo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
"$bin" mentions tests/corpus >"$work/mentions.tsv"
if ! diff -u tests/e2e/corpus/expected/mentions.tsv "$work/mentions.tsv" >"$work/diff.txt"; then
    head -60 "$work/diff.txt" >&2
    echo "mentions differ from the golden file (scripts/update-golden.sh rewrites it)" >&2
    exit 1
fi
# With --explain, extraction also walks the names its case rules refuse (for the QA
# table); without it, it skips them. The mentions must not differ.
"$bin" mentions --explain "$work/explain.tsv" tests/corpus >"$work/mentions-explain.tsv"
cmp "$work/mentions.tsv" "$work/mentions-explain.tsv"
grep -q 'rejected:case' "$work/explain.tsv"
# Threads extract side by side and hand their documents over in order: the same bytes.
for j in 1 2 3 7; do
    "$bin" mentions -j "$j" --explain "$work/explain-j$j.tsv" tests/corpus >"$work/mentions-j$j.tsv"
    cmp "$work/mentions.tsv" "$work/mentions-j$j.tsv"
    cmp "$work/explain.tsv" "$work/explain-j$j.tsv"
done
echo "e2e golden: ok"
