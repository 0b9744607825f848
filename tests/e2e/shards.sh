#!/usr/bin/env bash
# End-to-end: counts are a commutative monoid. extract over 1, 2, 3 and 7 shards, merge
# in shuffled orders, graph: byte-identical to one build, for every -j. Truncated,
# corrupt, foreign and version-mismatched .cmc files are refused with a clear error.
set -euo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
formats=svg,png,graphml,gexf,csv,json
files=()
while IFS= read -r f; do files+=("$f"); done < <(find tests/corpus -type f -name '*.txt' | LC_ALL=C sort)

same() { # same DIR1 DIR2
    for f in "$1"/*; do
        cmp -s "$f" "$2/$(basename "$f")" || { echo "FAIL: $(basename "$f") differs: $1 vs $2" >&2; exit 1; }
    done
}

"$bin" build tests/corpus -o "$work/ref" --formats "$formats" -j 1
for j in 2 3 7; do
    "$bin" build tests/corpus -o "$work/j$j" --formats "$formats" -j "$j"
    same "$work/ref" "$work/j$j"
done

for shards in 1 2 3 7; do
    parts=()
    for ((s = 0; s < shards; s++)); do
        mine=()
        for ((i = s; i < ${#files[@]}; i += shards)); do mine+=("${files[$i]}"); done
        "$bin" extract "${mine[@]}" -o "$work/s$shards-$s.cmc" -j 2
        parts+=("$work/s$shards-$s.cmc")
    done
    # a deterministic shuffle of the merge order
    mapfile -t order < <(printf '%s\n' "${parts[@]}" | awk 'BEGIN{srand(7)} {print rand() "\t" $0}' | sort | cut -f2)
    "$bin" merge "${order[@]}" -o "$work/all$shards.cmc"
    "$bin" graph "$work/all$shards.cmc" -o "$work/g$shards" --formats "$formats"
    same "$work/ref" "$work/g$shards"
done
# the discovery mode is a count-time option: shards made with it graph as build does, and
# --min-discovered-mentions (a graph filter on the merged counts) agrees too
for mode in none persons; do
    "$bin" build tests/corpus -o "$work/ref-$mode" --formats csv,graphml --discover "$mode" \
        --min-discovered-mentions 2
    "$bin" extract "${files[@]:0:9}" --discover "$mode" -o "$work/$mode-a.cmc"
    "$bin" extract "${files[@]:9}" --discover "$mode" -o "$work/$mode-b.cmc"
    "$bin" merge "$work/$mode-b.cmc" "$work/$mode-a.cmc" -o "$work/$mode.cmc"
    "$bin" graph "$work/$mode.cmc" -o "$work/g-$mode" --formats csv,graphml --discover "$mode" \
        --min-discovered-mentions 2
    same "$work/ref-$mode" "$work/g-$mode"
done
grep -q '"discover": "persons"' "$work/g-persons/report.json" ||
    { echo "FAIL: report.json lacks the discovery mode" >&2; exit 1; }
! grep -q ',1,' <(cut -d, -f5 "$work/ref-none/nodes.csv" | sed 's/.*/,&,/') ||
    { echo "FAIL: --discover none left discovered nodes" >&2; exit 1; }
grep -q ',1,' <(cut -d, -f5 "$work/ref/nodes.csv" | sed 's/.*/,&,/') ||
    { echo "FAIL: no discovered node in the sample corpus" >&2; exit 1; }
grep -q '"nodes_min_discovered_mentions": [1-9]' "$work/ref-persons/report.json" ||
    { echo "FAIL: --min-discovered-mentions 2 removed nothing" >&2; exit 1; }
# the noise options (count-time) travel in the .cmc header: 3 shards give the same files
noise=(--exclude-subtypes media --units body)
"$bin" build tests/corpus -o "$work/noise-ref" --formats "$formats" "${noise[@]}"
parts=()
for ((s = 0; s < 3; s++)); do
    mine=()
    for ((i = s; i < ${#files[@]}; i += 3)); do mine+=("${files[$i]}"); done
    "$bin" extract "${mine[@]}" -o "$work/noise-$s.cmc" "${noise[@]}"
    parts+=("$work/noise-$s.cmc")
done
"$bin" merge "${parts[2]}" "${parts[0]}" "${parts[1]}" -o "$work/noise.cmc"
"$bin" graph "$work/noise.cmc" -o "$work/noise-g" --formats "$formats" "${noise[@]}"
same "$work/noise-ref" "$work/noise-g"
cmp -s "$work/ref/nodes.csv" "$work/noise-ref/nodes.csv" && { echo "FAIL: noise options changed nothing" >&2; exit 1; }

# merging merged files (tree reduce) changes nothing either
"$bin" merge "$work/s7-0.cmc" "$work/s7-1.cmc" "$work/s7-2.cmc" -o "$work/left.cmc"
"$bin" merge "$work/s7-6.cmc" "$work/s7-5.cmc" "$work/s7-4.cmc" "$work/s7-3.cmc" -o "$work/right.cmc"
"$bin" merge "$work/right.cmc" "$work/left.cmc" -o "$work/tree.cmc"
cmp "$work/tree.cmc" "$work/all7.cmc" || { echo "FAIL: tree merge differs" >&2; exit 1; }

refuse() { # refuse PATTERN -- command...
    local pattern=$1
    shift 2
    if "$@" >"$work/out.txt" 2>"$work/err.txt"; then
        echo "FAIL: accepted: $*" >&2
        exit 1
    fi
    grep -qE -- "$pattern" "$work/err.txt" || { echo "FAIL: $* said: $(cat "$work/err.txt")" >&2; exit 1; }
}

head -c 1000 "$work/all1.cmc" >"$work/truncated.cmc"
refuse "truncated.cmc: not a valid .cmc file: checksum mismatch" -- "$bin" graph "$work/truncated.cmc" -o "$work/x"
cp "$work/all1.cmc" "$work/corrupt.cmc"
printf 'X' | dd of="$work/corrupt.cmc" bs=1 seek=777 conv=notrunc 2>/dev/null
refuse "corrupt.cmc: not a valid .cmc file: checksum mismatch" -- "$bin" merge "$work/all1.cmc" "$work/corrupt.cmc" -o "$work/y.cmc"
printf 'hello\n' >"$work/foreign.cmc"
refuse "foreign.cmc: not a valid .cmc file: no .cmc header" -- "$bin" graph "$work/foreign.cmc"
/usr/bin/python3 - "$work/all1.cmc" "$work/v9.cmc" <<'PY'
import hashlib, struct, sys
data = open(sys.argv[1], "rb").read()[:-32]
magic = b"COMENTION-CMC\n"
body = magic + struct.pack("<Q", 9) + data[len(magic) + 8:]
open(sys.argv[2], "wb").write(body + hashlib.sha256(body).digest())
PY
refuse "v9.cmc: .cmc format version 9; this program reads version 6" -- "$bin" graph "$work/v9.cmc"
refuse "counted with other count-time options" -- "$bin" graph "$work/all1.cmc" --window paragraph -o "$work/x"
refuse "counted with other count-time options" -- "$bin" graph "$work/noise.cmc" --units all -o "$work/x"
refuse "noise-0.cmc: counts made with other count-time options" -- "$bin" merge "$work/all1.cmc" "$work/noise-0.cmc" -o "$work/y.cmc"
refuse "counted with other count-time options" -- "$bin" graph "$work/all1.cmc" --discover none -o "$work/x"
"$bin" extract "${files[0]}" --discover persons -o "$work/p.cmc"
refuse "p.cmc: counts made with other count-time options" -- "$bin" merge "$work/all1.cmc" "$work/p.cmc" -o "$work/y.cmc"
"$bin" extract "${files[0]}" --window 3 -o "$work/w3.cmc"
refuse "w3.cmc: counts made with other count-time options" -- "$bin" merge "$work/all1.cmc" "$work/w3.cmc" -o "$work/y.cmc"
refuse "extract needs -o FILE.cmc" -- "$bin" extract tests/corpus
[ ! -e "$work/y.cmc" ] || { echo "FAIL: a refused merge wrote its output" >&2; exit 1; }
echo "e2e shards: ok"
