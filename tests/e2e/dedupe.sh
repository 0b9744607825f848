#!/usr/bin/env bash
# End-to-end: --dedupe. A wire story, a reprint of it with other line breaks and case (an
# exact copy), a syndicated copy with a byline and one sentence edited (a near copy), and
# another outlet's own report of the same talks (much shared vocabulary, no copy). The
# mentions of each mode exactly; report.json lists the copies; --dedupe none counts all;
# the sharded workflow (fingerprint, dedupe, extract --copies) over 1 and 3 shards gives
# build's files byte for byte; mismatched modes are refused. Every text is written here.
set -uo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work/in"/{outlet-a,outlet-b,outlet-c,outlet-d}
. tests/e2e/expect.sh
py=/usr/bin/python3
in=$work/in

cat >"$in/outlet-a/wire.txt" <<'EOF2'
Fishing ministers from France and Norway met in a harbour town on Monday to settle the quotas for the coming winter season.
The talks began early in the morning and went on until late in the evening, officials on both sides said.
Both delegations brought new survey data on the stocks of cod and herring in the northern waters.
The French side asked for a larger share of the herring catch, citing the needs of its coastal fleets.
The Norwegian side said the surveys showed that the stocks had not yet recovered from the poor years.
After a long pause for consultations, the two sides agreed to keep the current limits for one more year.
They also agreed to share all of their survey data through a common office that will open in the spring.
Observers from Portugal attended the meeting and said they would ask to join the data office later.
A spokesman for the French ministry called the outcome fair and said the fleets could plan ahead now.
Fishermen's groups on the coast were less pleased and said the limits would keep many boats in port.
The ministers plan to meet again in the autumn to review the first results of the shared surveys.
Until then, inspectors from both countries will carry out joint checks on landings at the main ports.
EOF2
# the reprint: upper-case first sentence, lines wrapped elsewhere, tabs and double spaces
$py - "$in" <<'EOF2'
import sys
d = sys.argv[1]
w = open(d + "/outlet-a/wire.txt", encoding="utf-8").read()
lines = w.splitlines()
first = lines[0].upper()
rest = " ".join(lines[1:]).replace(" the ", "  the\n", 3).replace(" said", "\tsaid")
open(d + "/outlet-b/reprint.txt", "w", encoding="utf-8").write("\n" + first + "\n\n" + rest + "\n\n")
near = "By a staff reporter\n" + w.replace(
    "until late in the evening, officials on both sides said.",
    "until late at night, officials from both sides said.")
open(d + "/outlet-c/syndicated.txt", "w", encoding="utf-8").write(near)
EOF2
cat >"$in/outlet-d/own-report.txt" <<'EOF2'
Herring and cod were again at the centre of the fishing talks between Norway and Spain this week.
Unlike the ministers who met on Monday, the two delegations could not agree on the survey data.
Spain said its coastal fleets needed a larger share of the catch in the northern waters this winter.
Norway answered that the stocks had not recovered and that the limits had to stay as they were.
The talks ended without a deal, and officials on both sides said they would meet again in the spring.
EOF2

# ---- the mentions of each mode, exactly: doc, entity, count ----
rows() { "$bin" mentions -q "$@" "$in" | tail -n +2 | cut -f1,5 | sort | uniq -c | awk '{print $2, $3, $1}'; }
wire_rows() { # wire_rows DOC: the wire story's mentions, as any copy of it has them
    printf '%s %s %s\n' "$1" france 3 "$1" norway 2 "$1" portugal 1
}
own_rows() { printf '%s %s %s\n' "$in/outlet-d/own-report.txt" norway 2 "$in/outlet-d/own-report.txt" spain 2; }
check_rows() { # check_rows NAME EXPECTED-FILE ARGS...
    local name=$1 want=$2
    shift 2
    rows "$@" | sed "s|^$in|IN|" >"$work/$name.got"
    sed "s|^$in|IN|" "$want" | sort >"$work/$name.want"
    diff -u "$work/$name.want" "$work/$name.got" >&2 || { echo "FAIL: mentions of $name" >&2; status=1; }
}
{ wire_rows "$in/outlet-a/wire.txt"; own_rows; } >"$work/exact-near.rows"
{ wire_rows "$in/outlet-a/wire.txt"; wire_rows "$in/outlet-c/syndicated.txt"; own_rows; } >"$work/exact.rows"
{ cat "$work/exact.rows"; wire_rows "$in/outlet-b/reprint.txt"; } >"$work/none.rows"
check_rows exact "$work/exact.rows"
check_rows exact-j1 "$work/exact.rows" --dedupe exact -j 1
check_rows near "$work/exact-near.rows" --dedupe near -j 3
check_rows none "$work/none.rows" --dedupe none

# standard input is read once: counted, never checked (the folder's reprint still is)
"$bin" mentions -q - "$in" <"$in/outlet-a/wire.txt" | tail -n +2 | cut -f1 | sort -u >"$work/stdin.docs"
printf '%s\n' - "$in/outlet-a/wire.txt" "$in/outlet-c/syndicated.txt" "$in/outlet-d/own-report.txt" |
    sort | diff -u - "$work/stdin.docs" >&2 || { echo "FAIL: documents with standard input" >&2; status=1; }

# ---- report.json: the copies, the kept document, the kind; the mode among the options ----
for mode in none exact near; do
    "$bin" build -q --dedupe "$mode" --formats csv,graphml -o "$work/ref-$mode" "$in" ||
        { echo "FAIL: build --dedupe $mode" >&2; status=1; }
done
$py - "$work" "$in" <<'EOF2' || status=1
import json, sys
work, inp = sys.argv[1], sys.argv[2]
want = {
    "none": [],
    "exact": [(inp + "/outlet-b/reprint.txt", "exact")],
    "near": [(inp + "/outlet-b/reprint.txt", "exact"), (inp + "/outlet-c/syndicated.txt", "near")],
}
docs = {"none": 4, "exact": 3, "near": 2}
bad = 0
for mode, copies in want.items():
    r = json.load(open(f"{work}/ref-{mode}/report.json"))
    got = [(c["doc"], c["kind"]) for c in r["input"]["copies"]]
    kept = {c["kept"] for c in r["input"]["copies"]}
    if got != copies or kept - {inp + "/outlet-a/wire.txt"}:
        print(f"FAIL: {mode}: copies {r['input']['copies']}, want {copies}", file=sys.stderr)
        bad = 1
    if r["input"]["copies_left_out"] != len(copies) or r["input"]["documents"] != docs[mode]:
        print(f"FAIL: {mode}: {r['input']['copies_left_out']} copies, "
              f"{r['input']['documents']} documents", file=sys.stderr)
        bad = 1
    if r["options"].get("dedupe") != mode:
        print(f"FAIL: {mode}: options.dedupe is {r['options'].get('dedupe')}", file=sys.stderr)
        bad = 1
sys.exit(bad)
EOF2
# the France-Norway edge: 3 documents without dedupe, 1 with near
grep -q '^france,norway,.*' "$work/ref-near/edges.csv" || { echo "FAIL: no France-Norway edge" >&2; status=1; }

# ---- sharded: fingerprint per shard, one copies file, extract --copies: build's files ----
same() { # same DIR1 DIR2
    for f in "$1"/*; do
        cmp -s "$f" "$2/$(basename "$f")" || { echo "FAIL: $(basename "$f") differs: $1 vs $2" >&2; status=1; }
    done
}
files=("$in"/outlet-*/*.txt)
for mode in exact near; do
    for shards in 1 3; do
        fps=()
        parts=()
        for ((s = 0; s < shards; s++)); do
            mine=()
            for ((i = s; i < ${#files[@]}; i += shards)); do mine+=("${files[$i]}"); done
            "$bin" fingerprint "${mine[@]}" -o "$work/$mode-$shards-$s.fp" -j 2 || status=1
            fps=("$work/$mode-$shards-$s.fp" "${fps[@]}") # reversed: any order
        done
        "$bin" dedupe --dedupe "$mode" "${fps[@]}" -o "$work/$mode-$shards.copies" || status=1
        for ((s = 0; s < shards; s++)); do
            mine=()
            for ((i = s; i < ${#files[@]}; i += shards)); do mine+=("${files[$i]}"); done
            "$bin" extract -q --dedupe "$mode" --copies "$work/$mode-$shards.copies" "${mine[@]}" \
                -o "$work/$mode-$shards-$s.cmc" || status=1
            parts=("$work/$mode-$shards-$s.cmc" "${parts[@]}")
        done
        "$bin" merge "${parts[@]}" -o "$work/$mode-$shards.cmc" || status=1
        "$bin" graph "$work/$mode-$shards.cmc" --formats csv,graphml -o "$work/g-$mode-$shards" ||
            status=1
        same "$work/ref-$mode" "$work/g-$mode-$shards"
    done
done
# a shard without the copies file dedupes only what it holds: wire and syndicated apart
"$bin" extract -q --dedupe near "${files[0]}" -o "$work/alone-a.cmc"
"$bin" extract -q --dedupe near "${files[2]}" -o "$work/alone-c.cmc"
"$bin" merge "$work/alone-a.cmc" "$work/alone-c.cmc" -o "$work/alone.cmc"
"$bin" graph "$work/alone.cmc" --formats csv -o "$work/g-alone"
grep -q '"copies_left_out": 0' "$work/g-alone/report.json" ||
    { echo "FAIL: shards without a copies file found a copy across them" >&2; status=1; }

# ---- refused: mismatched modes, files that are not ours ----
"$bin" extract -q --dedupe none "${files[0]}" -o "$work/none-a.cmc"
expect 2 "counts made with other" -- "$bin" merge "$work/alone-a.cmc" "$work/none-a.cmc" -o "$work/x.cmc"
expect 2 "near-1.copies:1: not a copies file of comention dedupe --dedupe exact" -- \
    "$bin" extract --copies "$work/near-1.copies" "$in" -o "$work/x.cmc"
expect 2 "wire.txt:1: not a fingerprint file" -- "$bin" dedupe "${files[0]}" -o "$work/x.tsv"
expect 2 "doc id in two fingerprint files" -- \
    "$bin" dedupe "$work/exact-1-0.fp" "$work/exact-1-0.fp" -o "$work/x.tsv"
expect 1 "--dedupe: want exact, near or none, not 'fuzzy'" -- "$bin" mentions --dedupe fuzzy "$in"
expect 1 "fingerprint needs -o PART.fp" -- "$bin" fingerprint "$in"
exit $status
