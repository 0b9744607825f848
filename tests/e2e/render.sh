#!/usr/bin/env bash
# End-to-end: `comention render` draws our own graph.graphml and a hand-written file in
# Gephi's style (tests/e2e/render/gephi.graphml: key ids d0…, Cyrillic, Greek, Arabic, CJK
# and Hangul labels, positions, sizes and colours). SVG, PNG and PDF are byte-identical
# between two runs; the SVG is well-formed, rendered by rsvg-convert, and has a <title>
# for every node and edge, the file's colours and the file's layout; the PDF embeds
# DejaVu Sans and WenQuanYi Micro Hei (the CJK fallback); bad input is one line naming
# the file (and line) with exit 2; a failed render damages nothing.
set -euo pipefail
bin=$1
work=$2
py=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work"
gephi=tests/e2e/render/gephi.graphml

"$bin" build tests/corpus -o "$work/own" --formats graphml,svg -q
for run in a b; do
    for f in svg png pdf; do
        "$bin" render "$work/own/graph.graphml" -o "$work/own-$run.$f"
        "$bin" render "$gephi" -o "$work/gephi-$run.$f"
    done
done
for f in svg png pdf; do
    for g in own gephi; do
        [ -s "$work/$g-a.$f" ] || { echo "render wrote no $g $f" >&2; exit 1; }
        cmp "$work/$g-a.$f" "$work/$g-b.$f" || { echo "render $g.$f not reproducible" >&2; exit 1; }
    done
done
if ls -A "$work" | grep -q '\.tmp\.'; then
    echo "temporary files left behind" >&2
    exit 1
fi

for g in own gephi; do
    xmllint --nonet --noout "$work/$g-a.svg"
    rsvg-convert "$work/$g-a.svg" -o "$work/$g-rsvg.png"
    [ -s "$work/$g-rsvg.png" ] || { echo "rsvg-convert drew nothing for $g" >&2; exit 1; }
    pdfinfo "$work/$g-a.pdf" | grep -q '^Pages: *1$'
    pdfinfo "$work/$g-a.pdf" | grep -q '^CreationDate: *Sat Jan  1 00:00:00 2000'
done
"$py" tests/e2e/check_svg.py "$work/own/graph.graphml" "$work/own-a.svg" --colors --positions
# The Gephi-style file has colours and no communities: render computes none for it.
"$py" tests/e2e/check_svg.py "$gephi" "$work/gephi-a.svg" --colors --positions --no-communities
pdffonts "$work/gephi-a.pdf" >"$work/fonts.txt"
grep -q DejaVuSans "$work/fonts.txt" && grep -q WenQuanYi "$work/fonts.txt" || {
    echo "the PDF lacks DejaVu Sans or WenQuanYi Micro Hei:" >&2
    cat "$work/fonts.txt" >&2
    exit 1
}
# Every label is real text in the PDF, in every script.
pdftotext "$work/gephi-a.pdf" - >"$work/gephi.txt"
for word in Москва Ελλάδα 北京 서울 Київ Erdoğan; do
    grep -q "$word" "$work/gephi.txt" || { echo "PDF text lacks $word" >&2; exit 1; }
done

# Options: a theme, colours by community instead of the file's, an ego network.
"$bin" render "$gephi" -o "$work/dark.svg" --theme dark --color-by community --ego n6 --radius 1
grep -q 'fill="#1b1c20"' "$work/dark.svg" || { echo "--theme dark not drawn" >&2; exit 1; }
[ "$(grep -c '<circle id=' "$work/dark.svg")" -eq 4 ] || {
    echo "--ego n6 --radius 1 should keep 4 nodes" >&2
    exit 1
}
# Hover text: metrics the file lacks are computed, the shortest-path ones and the
# communities only when the figure uses them or --all-metrics asks; a file with every
# metric shows them all.
"$bin" render "$gephi" -o "$work/m0.svg"
"$bin" render "$gephi" -o "$work/m1.svg" --size-by closeness
"$bin" render "$gephi" -o "$work/m2.svg" --all-metrics
grep -q 'pagerank: ' "$work/m0.svg" && ! grep -q 'betweenness: ' "$work/m0.svg" || {
    echo "render without --all-metrics: pagerank, and no betweenness, in the hover text" >&2
    exit 1
}
"$py" tests/e2e/check_svg.py "$gephi" "$work/m2.svg" --colors --positions
for f in m1 m2 own-a; do
    [ "$(grep -c 'betweenness: .*closeness: \|closeness: .*harmonic: ' "$work/$f.svg")" -gt 0 ] &&
        [ "$(grep -c '<circle id=' "$work/$f.svg")" -eq "$(grep -c 'harmonic: ' "$work/$f.svg")" ] || {
        echo "$f.svg: not every node's hover text has the shortest-path metrics" >&2
        exit 1
    }
done
expect_usage=0
"$bin" build tests/corpus -o "$work/x" --all-metrics 2>/dev/null || expect_usage=$?
[ "$expect_usage" -eq 1 ] || { echo "build --all-metrics: exit $expect_usage, want 1" >&2; exit 1; }

# Without types in the file, the default colouring is the file's own, --color-by type an error.
status=0
"$bin" render "$gephi" -o "$work/t.svg" --color-by type 2>"$work/err.txt" || status=$?
[ "$status" -eq 2 ] && grep -q "^comention: $gephi: --color-by type: not every node has a type" \
    "$work/err.txt" || { echo "--color-by type without types: exit $status" >&2; cat "$work/err.txt" >&2; exit 1; }

expect() { # expect STATUS STDERR-PATTERN -- command...
    local want=$1 pattern=$2 got=0
    shift 3
    "$@" >/dev/null 2>"$work/err.txt" || got=$?
    if [ "$got" -ne "$want" ] || ! grep -qE -- "$pattern" "$work/err.txt" ||
        [ "$(wc -l <"$work/err.txt")" -gt 2 ]; then
        echo "FAIL: $* -> exit $got (want $want), stderr:" >&2
        cat "$work/err.txt" >&2
        exit 1
    fi
}
printf '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n<graph>\n<node id="a">\n</graph>\n</graphml>\n' \
    >"$work/broken.graphml"
expect 2 "^comention: $work/broken.graphml:4: not well-formed XML" -- \
    "$bin" render "$work/broken.graphml" -o "$work/x.svg"
printf '<graphml>\n<graph>\n<node id="a"/>\n<edge source="a" target="b"/>\n</graph>\n</graphml>\n' \
    >"$work/dangling.graphml"
expect 2 "^comention: $work/dangling.graphml:4: edge target 'b' is no node$" -- \
    "$bin" render "$work/dangling.graphml" -o "$work/x.svg"
expect 2 "^comention: cannot open 'nope.graphml': No such file or directory$" -- \
    "$bin" render nope.graphml -o "$work/x.svg"
expect 1 "needs -o" -- "$bin" render "$gephi"
expect 1 "must end in .svg, .png or .pdf" -- "$bin" render "$gephi" -o "$work/x.gif"
expect 1 "no GRAPH.graphml given" -- "$bin" render -o "$work/x.svg"
expect 1 "unknown option '--formats' for this command" -- "$bin" render "$gephi" --formats svg -o "$work/x.svg"
expect 1 "larger than 32767" -- "$bin" render "$gephi" -o "$work/x.png" --dpi 2000
expect 2 "highlight: 'zz' is no node" -- "$bin" render "$gephi" -o "$work/x.svg" --highlight n1,zz
[ ! -e "$work/x.svg" ] || { echo "a failed render wrote x.svg" >&2; exit 1; }
# A render that fails leaves the previous figure whole.
cp "$work/gephi-a.svg" "$work/keep.svg"
expect 2 "is no node" -- "$bin" render "$work/dangling.graphml" -o "$work/keep.svg"
cmp -s "$work/keep.svg" "$work/gephi-a.svg" || { echo "a failed render damaged keep.svg" >&2; exit 1; }
echo "e2e render: ok"
