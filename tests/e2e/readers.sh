#!/usr/bin/env bash
# End-to-end: every export of (a) the sample corpus and (b) an adversarial graph (names
# with & < > quotes, Cyrillic, Arabic, combining marks, emoji, a 10,000-character name;
# text with invalid UTF-8 and control characters) opened by real readers, with no error
# and nothing lost against nodes.csv / edges.csv / evidence.csv:
#   xmllint (GraphML XSD, GEXF 1.2draft RELAX NG with viz, SVG well-formed), rsvg-convert
#   (SVG), pdfinfo (PDF), zlib (PNG), networkx (GraphML, GEXF, node-link JSON), igraph
#   (GraphML), graphology (graphology-graphml, graphology-gexf from npm).
# The npm packages are installed once into the build tree (tests/npm), next to WORK.
set -euo pipefail
bin=$1
work=$2
py=/usr/bin/python3
formats=svg,png,pdf,graphml,gexf,csv,json

need() {
    command -v "$1" >/dev/null || {
        echo "e2e readers: $1 not found (scripts/install-deps.sh test installs it)" >&2
        exit 1
    }
}
for tool in node npm xmllint rsvg-convert pdfinfo; do need "$tool"; done

# graphology, pinned, installed once
. tests/e2e/npm.sh "$work"

rm -rf "$work"
mkdir -p "$work"
"$bin" build tests/corpus -o "$work/sample" --formats "$formats" -q
adv=$work/adversarial
"$py" tests/e2e/gen_adversarial.py "$adv"
"$bin" lexicon check "$adv/lexicon.xml" >/dev/null
"$bin" build --no-default-lexicon --lexicon "$adv/lexicon.xml" "$adv/text" -o "$adv/out" \
    --formats "$formats" -q

status=0
check() {
    local out=$1
    shift
    echo "== $out" >&2
    for f in graph.svg graph.png graph.pdf graph.graphml graph.gexf graph.json nodes.csv \
        edges.csv evidence.csv report.json; do
        [ -s "$out/$f" ] || { echo "missing or empty: $out/$f" >&2; status=1; }
    done
    xmllint --nonet --noout --schema tests/schemas/graphml/graphml.xsd "$out/graph.graphml" ||
        status=1
    xmllint --nonet --noout --relaxng tests/schemas/gexf/1.2draft/gexf-vizns.rng \
        "$out/graph.gexf" || status=1
    xmllint --nonet --noout "$out/graph.svg" || status=1
    rsvg-convert "$out/graph.svg" -o "$out/svg-rendered.png" || {
        echo "rsvg-convert cannot render $out/graph.svg" >&2
        status=1
    }
    local info
    if ! info=$(pdfinfo "$out/graph.pdf" 2>&1) || ! grep -q '^Pages: *1$' <<<"$info" ||
        grep -qi 'error' <<<"$info"; then
        echo "pdfinfo $out/graph.pdf:" >&2
        echo "$info" >&2
        status=1
    fi
    "$py" tests/e2e/check_readers.py "$out" "$@" || status=1
    NODE_PATH="$npm_dir/node_modules" node tests/e2e/check_readers.js "$out" || status=1
}
check "$work/sample"
check "$adv/out" "$adv/expected.json"

[ "$status" -eq 0 ] || { echo "e2e readers: FAILED" >&2; exit 1; }
echo "e2e readers: ok"
