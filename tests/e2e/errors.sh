#!/usr/bin/env bash
# End-to-end: errors are one clear line, with the exit status of docs/design.md §2, and a failed
# run never leaves a half-written file.
set -uo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
fail=0

expect() { # expect STATUS STDERR-PATTERN -- command...
    local want=$1 pattern=$2
    shift 3
    "$@" >"$work/out.txt" 2>"$work/err.txt"
    local got=$?
    if [ "$got" -ne "$want" ] || ! grep -qE -- "$pattern" "$work/err.txt"; then
        echo "FAIL: $* -> exit $got (want $want), stderr:" >&2
        cat "$work/err.txt" >&2
        fail=1
    fi
}

expect 2 "^comention: cannot open 'x': No such file or directory$" -- "$bin" build x -o "$work/o"
[ "$(wc -l <"$work/err.txt")" -eq 1 ] || { echo "FAIL: missing input gave more than one line" >&2; fail=1; }
[ ! -e "$work/o" ] || { echo "FAIL: output written although an input was missing" >&2; fail=1; }
expect 2 "cannot open 'nope.txt'" -- "$bin" mentions nope.txt
# A document over 4 GiB is refused from its size, before any of it is read (a sparse
# file: no disk, and the run must stay small and quick).
truncate -s 5G "$work/huge.txt"
expect 2 "huge.txt: larger than 4 GiB, the limit for one document" -- "$bin" mentions "$work/huge.txt"
mkdir -p "$work/hugedir" && mv "$work/huge.txt" "$work/hugedir/" && cp tests/corpus/*.txt "$work/hugedir/"
expect 0 "hugedir/huge.txt: skipped: larger than 4 GiB" -- "$bin" build --formats csv -o "$work/huge-out" "$work/hugedir"
rm -rf "$work/hugedir"
# A failed write stops every thread (no hang) and is one line with status 2.
for j in 1 2 3; do
    "$bin" mentions -j "$j" tests/corpus >/dev/full 2>"$work/full.txt"
    st=$?
    if [ "$st" -ne 2 ] || ! grep -q 'cannot write to standard output' "$work/full.txt" ||
        [ "$(wc -l <"$work/full.txt")" -ne 1 ]; then
        echo "FAIL: mentions -j $j to a full device: exit $st, stderr:" >&2
        cat "$work/full.txt" >&2
        fail=1
    fi
done
# Help and version text that never reached standard output is an error too.
for args in "--help" "--version" "build --help"; do
    # shellcheck disable=SC2086
    "$bin" $args >/dev/full 2>"$work/full.txt"
    st=$?
    if [ "$st" -ne 2 ] || [ "$(cat "$work/full.txt")" != "comention: cannot write to standard output" ]; then
        echo "FAIL: $args to a full device: exit $st, stderr: $(cat "$work/full.txt")" >&2
        fail=1
    fi
done
expect 1 "^comention: unknown option '--frobnicate'$" -- "$bin" build --frobnicate tests/corpus
grep -q "Try 'comention --help'" "$work/err.txt" || { echo "FAIL: no usage hint" >&2; fail=1; }
expect 1 "unknown command 'bild'" -- "$bin" bild tests/corpus
expect 1 "no INPUT given" -- "$bin" build -o "$work/o"
expect 1 "--window" -- "$bin" build --window fortnight tests/corpus
expect 1 "option '--top' needs a value" -- "$bin" build tests/corpus --top
expect 1 "unknown option '--weight' for this command" -- "$bin" mentions --weight llr tests/corpus

expect 1 "--evidence: not a non-negative integer" -- "$bin" build --evidence " -1" tests/corpus -o "$work/o"
expect 1 "at most 10000 snippets" -- "$bin" build --evidence 100000000 tests/corpus -o "$work/o"
# An impossible PNG is refused before anything is counted or written.
expect 1 "larger than 32767 a side" -- "$bin" build --width 20000 --dpi 200 tests/corpus -o "$work/big"
[ ! -e "$work/big" ] || { echo "FAIL: files written before the PNG size was refused" >&2; fail=1; }
# The same options written differently give the same report.
"$bin" build tests/corpus -o "$work/t1" --formats csv --types actor,weapon --type-pairs actor-weapon >/dev/null 2>&1
"$bin" build tests/corpus -o "$work/t2" --formats csv --types weapon,actor,actor --type-pairs weapon-actor >/dev/null 2>&1
cmp -s "$work/t1/report.json" "$work/t2/report.json" || { echo "FAIL: options not canonical in report.json" >&2; fail=1; }

# A broken lexicon names the file and the line.
printf '<lexicon version="1">\n<entity id="a" type="actor" name="A">\n<alias>x</alias>\n</lexicon>\n' \
    >"$work/broken.xml"
expect 2 "^comention: $work/broken.xml:4: not well-formed XML" -- \
    "$bin" build --lexicon "$work/broken.xml" tests/corpus -o "$work/o"
printf '<lexicon version="1">\n\n<entity id="a" type="planet" name="A"/>\n</lexicon>\n' \
    >"$work/planet.xml"
expect 2 "^comention: $work/planet.xml:3: unknown type: planet$" -- \
    "$bin" mentions --lexicon "$work/planet.xml" tests/corpus

touch "$work/afile"
expect 2 "is not a directory|cannot create directory" -- "$bin" build tests/corpus -o "$work/afile/sub"

# A directory walk skips what it cannot read, reports it, and goes on (exit 2 with --strict).
mkdir -p "$work/docs/sub"
printf 'Russia and Ukraine.\n' >"$work/docs/a.txt"
printf 'China.\n' >"$work/docs/sub/b.txt"
printf 'hidden\n' >"$work/docs/.hidden.txt"
mkfifo "$work/docs/pipe"
mkdir -p "$work/elsewhere"
ln -s "$work/elsewhere" "$work/docs/link"
expect 0 "docs/pipe: skipped: not a regular file" -- "$bin" build "$work/docs" -o "$work/w"
grep -q '"reason": "not a regular file (a named pipe)"' "$work/w/report.json" || { echo "FAIL: skip not in report" >&2; fail=1; }
grep -q '"reason": "symbolic link to a directory"' "$work/w/report.json" || { echo "FAIL: symlinked directory not reported" >&2; fail=1; }
grep -q '"documents": 2' "$work/w/report.json" || { echo "FAIL: wrong document count" >&2; fail=1; }
expect 2 "skipped" -- "$bin" build --strict "$work/docs" -o "$work/w"
expect 2 "docs/pipe: skipped" -- "$bin" mentions --strict "$work/docs"
"$bin" mentions -q "$work/docs" >/dev/null 2>"$work/quiet.txt"
[ ! -s "$work/quiet.txt" ] || { echo "FAIL: -q printed: $(cat "$work/quiet.txt")" >&2; fail=1; }

# A FIFO operand is read once, as a pipe: no trial open that would take a writer's data and
# then wait forever for another (each command under `timeout`, so a regression fails, not
# hangs). A device or a socket is refused at once, naming it: /dev/zero is never read.
fifo_run() { # fifo_run SOURCE-FILE EXPECTED-STATUS command... (FIFO at $work/fifo)
    local src=$1 want=$2
    shift 2
    rm -f "$work/fifo" && mkfifo "$work/fifo"
    (cat "$src" >"$work/fifo" &)
    timeout 20 "$@" >"$work/out.txt" 2>"$work/err.txt"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $* reading a FIFO -> exit $got (want $want), stderr:" >&2
        cat "$work/err.txt" >&2
        fail=1
    fi
    rm -f "$work/fifo"
}
doc=tests/corpus/2025/black-sea-drones.txt
"$bin" build --formats csv,graphml "$doc" -o "$work/plain" >/dev/null 2>&1
"$bin" extract "$doc" -o "$work/plain.cmc" >/dev/null 2>&1
fifo_run "$doc" 0 "$bin" mentions "$work/fifo"
[ "$(wc -l <"$work/out.txt")" -gt 3 ] || { echo "FAIL: mentions of a FIFO found nothing" >&2; fail=1; }
fifo_run "$doc" 0 "$bin" build --formats csv "$work/fifo" -o "$work/fifo-out"
# The evidence of a pipe is cut while it is read (it cannot be read again).
grep -q "$work/fifo,.*[a-z]" "$work/fifo-out/evidence.csv" || { echo "FAIL: no evidence from a FIFO" >&2; fail=1; }
fifo_run "$doc" 0 "$bin" extract "$work/fifo" -o "$work/fifo.cmc"
fifo_run "$work/plain.cmc" 0 "$bin" merge "$work/fifo" -o "$work/merged.cmc"
fifo_run "$work/plain.cmc" 0 "$bin" graph --formats csv "$work/fifo" -o "$work/fifo-graph"
fifo_run "$work/plain/graph.graphml" 0 "$bin" render "$work/fifo" -o "$work/fifo.svg"
fifo_run src/lexicon/data/countries.xml 0 "$bin" lexicon check "$work/fifo"
fifo_run src/lexicon/data/countries.xml 0 "$bin" mentions --lexicon "$work/fifo" "$doc"
for args in "build /dev/zero -o $work/z" "mentions /dev/zero" "extract /dev/zero -o $work/z.cmc" \
    "merge /dev/zero -o $work/z.cmc" "graph /dev/zero -o $work/z" "render /dev/zero -o $work/z.svg" \
    "lexicon check /dev/zero" "mentions --lexicon /dev/zero $doc"; do
    # shellcheck disable=SC2086
    expect 2 "^comention: cannot open '/dev/zero': not a regular file or a pipe$" -- \
        timeout 20 "$bin" $args
done

# A NUL byte in a sentence is one U+FFFD in its evidence snippet, which goes on to the end
# (in every export), whether the file is read again for the evidence or cut at once (-).
mkdir -p "$work/nul"
printf 'Russia and\0 Ukraine met in Geneva on Monday.\n' >"$work/nul/a.txt"
"$bin" build --formats csv,graphml,json "$work/nul/a.txt" -o "$work/nul/o" 2>/dev/null
"$bin" build --formats csv - -o "$work/nul/stdin" <"$work/nul/a.txt" 2>/dev/null
for f in o/evidence.csv o/graph.graphml o/graph.json stdin/evidence.csv; do
    grep -q "Russia and"$'\xef\xbf\xbd'" Ukraine met in Geneva on Monday\." "$work/nul/$f" ||
        { echo "FAIL: NUL cut the snippet in $f: $(grep -a 'Russia' "$work/nul/$f")" >&2; fail=1; }
done

# File names with a line break, an ESC or bytes that are no UTF-8 never reach the terminal
# raw: a warning or an error stays one line, with the characters escaped.
mkdir -p "$work/names"
printf 'Russia and Ukraine.\n' >"$work/names/ok.txt"
mkfifo "$work/names/p"$'\n'"q"$'\e'"[2J"
"$bin" build --formats csv "$work/names" -o "$work/names-out" 2>"$work/err.txt"
grep -qF 'names/p\nq\x1b[2J: skipped: not a regular file' "$work/err.txt" &&
    [ "$(wc -l <"$work/err.txt")" -eq 1 ] ||
    { echo "FAIL: a skipped file's name printed raw: $(cat -v "$work/err.txt")" >&2; fail=1; }
expect 2 "^comention: cannot open 'x\\\\x1b\]0;t\\\\x07\\\\xff': No such file" -- \
    "$bin" mentions "x"$'\e'"]0;t"$'\a\xff'
! grep -q $'\e' "$work/err.txt" || { echo "FAIL: ESC reached stderr" >&2; fail=1; }

# A --title that is no UTF-8 is drawn with U+FFFD for its bad bytes, in every format (no
# Pango warning, no failed PDF).
for cmd in build render; do
    if [ "$cmd" = build ]; then
        args=(build tests/corpus --formats pdf,png,svg -o "$work/title")
    else
        args=(render "$work/plain/graph.graphml" -o "$work/title/r.pdf")
    fi
    "$bin" "${args[@]}" --title $'Bad \xff title' >/dev/null 2>"$work/err.txt"
    st=$?
    [ "$st" -eq 0 ] && [ ! -s "$work/err.txt" ] ||
        { echo "FAIL: $cmd with a title of bad UTF-8: exit $st, $(cat "$work/err.txt")" >&2; fail=1; }
done
grep -q "<title>Bad "$'\xef\xbf\xbd'" title</title>" "$work/title/graph.svg" ||
    { echo "FAIL: the SVG title is not the title with U+FFFD" >&2; fail=1; }

[ "$fail" -eq 0 ] && echo "e2e errors: ok"
exit "$fail"
