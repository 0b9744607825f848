#!/usr/bin/env bash
# End-to-end: dates and time slices (docs/design.md §2, §3).
#   - --dates (TSV and CSV) and --time-slice month: the whole-corpus files are byte-identical
#     to a run without them; periods.csv, period-edges.csv and graph-dynamic.gexf add up to
#     them (check_time.py), the dynamic GEXF validates against GEXF 1.2draft with viz and is
#     read by networkx and graphology (check_readers.js);
#   - --since/--until leave documents out and report.json counts them (undated ones too);
#   - extract over 1 and 3 shards, shuffled merge, graph: the same files as build;
#   - mismatched time-slice settings and bad tables are refused.
set -euo pipefail
bin=$1
work=$2
py=/usr/bin/python3
formats=svg,png,graphml,gexf,csv,json
dates=tests/e2e/time/dates.tsv
. tests/e2e/npm.sh "$work"
rm -rf "$work"
mkdir -p "$work"
files=()
while IFS= read -r f; do files+=("$f"); done < <(find tests/corpus -type f -name '*.txt' | LC_ALL=C sort)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
same() { # same DIR1 DIR2 [FILE...]: the files (default: all of DIR1) are byte-identical
    local d1=$1 d2=$2
    shift 2
    local names=("$@")
    [ ${#names[@]} -gt 0 ] || mapfile -t names < <(ls "$d1")
    for f in "${names[@]}"; do
        cmp -s "$d1/$f" "$d2/$f" || fail "$f differs: $d1 vs $d2"
    done
}

"$bin" build tests/corpus -o "$work/plain" --formats "$formats" -q
"$bin" build tests/corpus -o "$work/month" --formats "$formats" -q --dates "$dates" \
    --time-slice month
same "$work/plain" "$work/month" graph.svg graph.png graph.graphml graph.gexf nodes.csv \
    edges.csv evidence.csv graph.json
for f in periods.csv period-edges.csv graph-dynamic.gexf; do
    [ -s "$work/month/$f" ] || fail "no $f"
    [ ! -e "$work/plain/$f" ] || fail "$f without --time-slice"
done
xmllint --nonet --noout --relaxng tests/schemas/gexf/1.2draft/gexf-vizns.rng \
    "$work/month/graph-dynamic.gexf"
"$py" tests/e2e/check_time.py "$work/month" 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 \
    2026-05 undated
NODE_PATH="$npm_dir/node_modules" node tests/e2e/check_readers.js "$work/month"
grep -q '"undated": 1,' "$work/month/report.json" || fail "report.json: undated documents"

# The same table as CSV, with a quoted id, gives the same files.
{
    echo 'doc,date'
    tail -n +2 "$dates" | awk -F'\t' '{ printf "\"%s\",%s\n", $1, $2 }'
} >"$work/dates.csv"
"$bin" build tests/corpus -o "$work/month-csv" --formats csv,gexf -q --dates "$work/dates.csv" \
    --time-slice month
same "$work/month-csv" "$work/month" periods.csv period-edges.csv graph-dynamic.gexf

# ISO weeks (Monday start, week-year of the Thursday) and quarters.
"$bin" build tests/corpus -o "$work/week" --formats csv -q --dates "$dates" --time-slice week
grep -q '^2025-W45,' "$work/week/periods.csv" || fail "2025-11-03 is not in 2025-W45"
grep -q '^2026-W01,' "$work/week/periods.csv" || fail "2026-01-01/02 are not in 2026-W01"
"$bin" build tests/corpus -o "$work/quarter" --formats csv -q --dates "$dates" \
    --time-slice quarter
[ "$(cut -d, -f1 "$work/quarter/periods.csv" | uniq | tr '\n' ' ')" = \
    "period 2025-Q4 2026-Q1 2026-Q2 undated " ] || fail "quarters: $(cut -d, -f1 "$work/quarter/periods.csv" | uniq)"

# Graph options apply to each period's graph, but an ego named in only some periods is
# not an error there (the whole corpus's graph is the ego network).
"$bin" build tests/corpus -o "$work/ego" --formats csv,gexf -q --dates "$dates" \
    --time-slice week --ego samuel-okoro --top-by pagerank --top 30
xmllint --nonet --noout --relaxng tests/schemas/gexf/1.2draft/gexf-vizns.rng \
    "$work/ego/graph-dynamic.gexf"

# --since/--until: documents outside (and undated ones) are not counted at all.
"$bin" build tests/corpus -o "$work/bounded" --formats csv,svg -q --dates "$dates" \
    --since 2026-01-01 --until 2026-01-31
"$py" - "$work/bounded/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["time"]
assert r["input"]["documents"] == 6, r["input"]["documents"]
assert t["outside"] == 18 and t["since"] == "2026-01-01" and t["until"] == "2026-01-31", t
assert t["slice"] == "none" and t["periods"] == [], t
PY
[ ! -e "$work/bounded/periods.csv" ] || fail "periods.csv without --time-slice"

# Shards: 1 and 3, shuffled merge order, as build with the same options (the month slice
# with its undated period; ISO weeks within bounds).
shard_runs() { # shard_runs NAME OPTION...
    local name=$1
    shift
    "$bin" build tests/corpus -o "$work/$name-ref" --formats "$formats" -q "$@"
    for shards in 1 3; do
        parts=()
        for ((s = 0; s < shards; s++)); do
            mine=()
            for ((i = s; i < ${#files[@]}; i += shards)); do mine+=("${files[$i]}"); done
            "$bin" extract "${mine[@]}" -o "$work/$name-s$shards-$s.cmc" -q "$@"
            parts+=("$work/$name-s$shards-$s.cmc")
        done
        mapfile -t order < <(printf '%s\n' "${parts[@]}" | awk 'BEGIN{srand(11)} {print rand() "\t" $0}' | sort | cut -f2)
        "$bin" merge "${order[@]}" -o "$work/$name-all$shards.cmc"
        "$bin" graph "$work/$name-all$shards.cmc" -o "$work/$name-g$shards" --formats "$formats" -q
        same "$work/$name-ref" "$work/$name-g$shards"
    done
}
shard_runs month --dates "$dates" --time-slice month
shard_runs week --dates "$dates" --time-slice week --since 2025-11-10 --until 2026-04-30
cp "$work/week-all1.cmc" "$work/all1.cmc"
"$bin" merge "${parts[2]}" "${parts[0]}" "${parts[1]}" -o "$work/other-order.cmc"
cmp -s "$work/other-order.cmc" "$work/week-all3.cmc" || fail "merge order changed the .cmc"

refuse() { # refuse STATUS PATTERN -- command...
    local status=$1 pattern=$2 got=0
    shift 3
    "$@" >"$work/out.txt" 2>"$work/err.txt" || got=$?
    [ "$got" -eq "$status" ] || fail "exit $got, not $status: $*"
    grep -qE -- "$pattern" "$work/err.txt" || fail "$* said: $(cat "$work/err.txt")"
}
"$bin" extract "${files[0]}" -o "$work/month.cmc" -q --dates "$dates" --time-slice month
refuse 2 "month.cmc: counts made with other count-time options" -- \
    "$bin" merge "$work/all1.cmc" "$work/month.cmc" -o "$work/y.cmc"
refuse 2 "counted with other count-time options" -- \
    "$bin" graph "$work/all1.cmc" --time-slice day -o "$work/x"
refuse 2 "counted with other count-time options" -- \
    "$bin" graph "$work/all1.cmc" --time-slice week --since 2025-11-11 -o "$work/x"
printf 'a.txt\t2024-02-30\n' >"$work/bad.tsv"
refuse 2 "bad.tsv:1: not an ISO 8601 date: '2024-02-30'" -- \
    "$bin" build tests/corpus --dates "$work/bad.tsv" -o "$work/x"
printf 'a.txt\t2024-02-03\nb.txt 2024-02-04\n' >"$work/bad.tsv"
refuse 2 "bad.tsv:2: expected a doc id and a date, tab-separated" -- \
    "$bin" build tests/corpus --dates "$work/bad.tsv" -o "$work/x"
printf 'a.txt\t2024-02-03\na.txt\t2024-02-04\n' >"$work/bad.tsv"
refuse 2 "bad.tsv:2: doc id 'a.txt' dated twice" -- \
    "$bin" build tests/corpus --dates "$work/bad.tsv" -o "$work/x"
printf '"a,b.txt,2024-02-03\n' >"$work/bad.csv"
refuse 2 "bad.csv:1: expected a doc id and a date, comma-separated" -- \
    "$bin" build tests/corpus --dates "$work/bad.csv" -o "$work/x"
# A table that names none of the inputs (ids written from another directory) is a warning.
"$bin" build "$PWD/tests/corpus" --dates "$dates" --formats csv -o "$work/nomatch" 2>"$work/err.txt"
grep -q "warning: $dates: no input document is in this table" "$work/err.txt" ||
    fail "no warning for a table naming no input: $(cat "$work/err.txt")"
refuse 1 "--time-slice: want day, week, month, quarter or year, not 'hour'" -- \
    "$bin" build tests/corpus --time-slice hour -o "$work/x"
refuse 1 "--since is after --until" -- \
    "$bin" build tests/corpus --since 2026-02-01 --until 2026-01-01 -o "$work/x"
refuse 1 "--until: want an ISO 8601 date" -- "$bin" build tests/corpus --until 2026-13-01
[ ! -e "$work/x" ] && [ ! -e "$work/y.cmc" ] || fail "a refused run wrote output"
echo "e2e time: ok"
