#!/usr/bin/env bash
# End-to-end: the command line against its one option table. `comention --list-options`
# prints the table (option, subcommands); for every subcommand, --help exits 0 and lists
# exactly the table's options for it, the parser takes each of them and refuses every
# other option of the table as not for this command. Then the GNU forms: -j1, -j 1,
# --jobs=1, --seed=3, --seed 3, -oDIR give the same outputs as the spaced forms.
set -uo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
# shellcheck source=tests/e2e/expect.sh
. "$(dirname "$0")/expect.sh"

"$bin" --list-options >"$work/table.tsv" || { echo "FAIL: --list-options" >&2; status=1; }
[ "$(wc -l <"$work/table.tsv")" -ge 50 ] || { echo "FAIL: table too short" >&2; status=1; }
cut -f1 "$work/table.tsv" | sed 's/^-., //; s/ .*//' | sort >"$work/all.txt"
[ -z "$(uniq -d "$work/all.txt")" ] || { echo "FAIL: an option twice in the table" >&2; status=1; }

for sub in build mentions extract merge graph render lexicon; do
    call=("$sub")
    [ "$sub" = lexicon ] && call=(lexicon dump)
    # the table's options for this subcommand
    awk -F'\t' -v s="$sub" '{ n = split($2, c, ","); for (i = 1; i <= n; i++) if (c[i] == s) print $1 }' \
        "$work/table.tsv" | sed 's/^-., //; s/ .*//' | sort >"$work/$sub.want"
    [ -s "$work/$sub.want" ] || { echo "FAIL: $sub takes no option in the table" >&2; status=1; }
    # the options its --help lists (the left column of the option lines)
    "$bin" "${call[@]}" --help >"$work/$sub.help" 2>"$work/err.txt"
    st=$?
    [ "$st" -eq 0 ] || { echo "FAIL: $sub --help -> exit $st" >&2; status=1; }
    grep -E '^  (-[a-z], )?--[a-z]' "$work/$sub.help" | sed -E 's/^  (-[a-z], )?//; s/ .*//' |
        sort >"$work/$sub.got"
    if ! cmp -s "$work/$sub.want" "$work/$sub.got"; then
        echo "FAIL: $sub --help lists other options than the table:" >&2
        diff "$work/$sub.want" "$work/$sub.got" >&2
        status=1
    fi
    # the parser: each of its options taken (whatever then fails: no INPUT, a bad value),
    # every other one refused as not for this subcommand
    while read -r opt; do
        [ "$opt" = --help ] || [ "$opt" = --version ] && continue
        "$bin" "${call[@]}" "$opt" 1 >/dev/null 2>"$work/err.txt" </dev/null
        if grep -q "unknown option" "$work/err.txt"; then
            echo "FAIL: $sub $opt: $(cat "$work/err.txt")" >&2
            status=1
        fi
    done <"$work/$sub.want"
    comm -23 "$work/all.txt" "$work/$sub.want" | while read -r opt; do
        expect 1 "^comention: unknown option '$opt' for this command$" -- "$bin" "${call[@]}" "$opt" 1
        [ "$status" -eq 0 ] || exit 1
    done || status=1
done
"$bin" lexicon --help >"$work/lexicon2.help" || { echo "FAIL: lexicon --help" >&2; status=1; }
cmp -s "$work/lexicon2.help" "$work/lexicon.help" || { echo "FAIL: lexicon --help differs from lexicon dump --help" >&2; status=1; }
grep -q -- '--weight' "$work/mentions.help" && { echo "FAIL: mentions --help lists --weight" >&2; status=1; }
grep -q -- '--window' "$work/render.help" && { echo "FAIL: render --help lists --window" >&2; status=1; }

# GNU forms, and the same output as the spaced form.
"$bin" mentions -j 1 tests/corpus >"$work/m-spaced.tsv" 2>/dev/null
for form in -j1 --jobs=1 "--jobs 1" -j2; do
    # shellcheck disable=SC2086
    "$bin" mentions $form tests/corpus >"$work/m.tsv" 2>"$work/err.txt"
    st=$?
    if [ "$st" -ne 0 ] || ! cmp -s "$work/m.tsv" "$work/m-spaced.tsv"; then
        echo "FAIL: mentions $form: exit $st, $(cat "$work/err.txt")" >&2
        status=1
    fi
done
"$bin" build --seed 3 --formats csv,json -o "$work/spaced" tests/corpus 2>/dev/null
"$bin" build --seed=3 --formats=csv,json -o"$work/glued" tests/corpus 2>/dev/null
"$bin" build -q --formats csv,json --output "$work/default" tests/corpus 2>/dev/null
if ! diff -r "$work/spaced" "$work/glued" >/dev/null; then
    echo "FAIL: --seed=3 -oDIR gave other outputs than --seed 3 -o DIR" >&2
    status=1
fi
grep -q '"seed": "3"' "$work/glued/report.json" || { echo "FAIL: --seed=3 not in report.json" >&2; status=1; }
grep -q '"seed": "1"' "$work/default/report.json" || { echo "FAIL: default seed not 1" >&2; status=1; }
"$bin" extract -j1 -o"$work/part.cmc" tests/corpus 2>/dev/null && [ -s "$work/part.cmc" ] ||
    { echo "FAIL: extract -j1 -oPART.cmc" >&2; status=1; }

# What the table does not take: abbreviations, values for flags, missing values.
expect 1 "^comention: unknown option '--wind'$" -- "$bin" build --wind sentence tests/corpus
expect 1 "^comention: unknown option '--exclude' for this command$" -- "$bin" mentions --exclude x tests/corpus
expect 1 "^comention: option '--giant' takes no value$" -- "$bin" build --giant=1 tests/corpus
expect 1 "^comention: option '-j' needs a value$" -- "$bin" mentions tests/corpus -j
expect 1 "^comention: unknown option '-x'$" -- "$bin" mentions -x tests/corpus
expect 1 "^comention: -j: not a non-negative integer: 'x'$" -- "$bin" mentions -jx tests/corpus
expect 1 "^comention: --jobs: not a non-negative integer: 'x'$" -- "$bin" mentions --jobs=x tests/corpus
exit "$status"
