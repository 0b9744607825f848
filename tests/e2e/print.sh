#!/usr/bin/env bash
# End-to-end: print units and presets, --size-by mentions, --draw-top and the SVG contract
# (issue 14). --preset journal and --width 17cm --height 12cm give an SVG whose size
# attributes carry the unit, whose viewBox is in px, and whose smallest text is at least
# 6 pt printed; the journal PNG is 600 dpi and the PDF page 17 x 12 cm; options given
# override the preset; two runs give the same bytes; --draw-top draws the N nodes with the
# most mentions and report.json says so, the exports keep all; bad values fail with one
# line.
set -euo pipefail
bin=$1
work=$2
py=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work"

for run in j1 j2; do
    "$bin" build tests/corpus -o "$work/$run" -q --preset journal --formats svg,png,pdf,graphml
done
for f in graph.svg graph.png graph.pdf; do
    cmp "$work/j1/$f" "$work/j2/$f"
done
"$py" tests/e2e/check_print.py "$work/j1/graph.svg" 17cm 12cm 6 --png "$work/j1/graph.png" 600 \
    --pdf "$work/j1/graph.pdf"
"$py" tests/e2e/check_svg.py "$work/j1/graph.graphml" "$work/j1/graph.svg" --colors
"$py" - "$work/j1/report.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1], encoding="utf-8"))["options"]
want = {"width": "17cm", "height": "12cm", "font_min": "6", "font_max": "9", "dpi": "600",
        "labels": "20", "draw_top": "0"}
for k, v in want.items():
    if o.get(k) != v:
        sys.exit(f"report.json options.{k} = {o.get(k)!r}, want {v!r}")
PY

"$bin" build tests/corpus -o "$work/cm" -q --width 17cm --height 12cm --formats svg,pdf
"$py" tests/e2e/check_print.py "$work/cm/graph.svg" 17cm 12cm 6 --pdf "$work/cm/graph.pdf"
# given options win over the preset, in any order
"$bin" build tests/corpus -o "$work/o" -q --width 80mm --font-min 7 --preset journal \
    --formats svg
"$py" tests/e2e/check_print.py "$work/o/graph.svg" 80mm 12cm 7
"$bin" render "$work/j1/graph.graphml" -o "$work/poster.svg" --preset poster
"$py" tests/e2e/check_print.py "$work/poster.svg" 84.1cm 59.4cm 18

# --draw-top 30 --size-by mentions: the 30 nodes with most mentions (ties by id) are drawn
"$bin" build tests/corpus -o "$work/t" -q --draw-top 30 --size-by mentions --labels 10 \
    --formats svg,csv
"$py" - "$work/t" <<'PY'
import csv, json, sys, xml.etree.ElementTree as ET
out = sys.argv[1]
S = "{http://www.w3.org/2000/svg}"
rows = list(csv.DictReader(open(f"{out}/nodes.csv", encoding="utf-8")))
top = sorted(rows, key=lambda r: (-int(r["mentions"]), r["Id"]))[:30]
root = ET.parse(f"{out}/graph.svg").getroot()
drawn = {c.get("id")[2:] for c in root.iter(S + "circle") if (c.get("id") or "").startswith("n-")}
if drawn != {r["Id"] for r in top}:
    sys.exit(f"--draw-top 30: drew {sorted(drawn)}")
rep = json.load(open(f"{out}/report.json", encoding="utf-8"))
if rep["drawing"]["drawn"] != {"nodes": 30, "of": len(rows)} or len(rows) <= 30:
    sys.exit(f"report.json drawing.drawn = {rep['drawing']['drawn']}, {len(rows)} nodes")
if rep["options"]["size_by"] != "mentions" or rep["options"]["draw_top"] != "30":
    sys.exit(f"report.json options: {rep['options']}")
labels = {t.get("id")[2:] for t in root.iter(S + "text") if (t.get("id") or "").startswith("l-")}
if not {r["Id"] for r in top[:10]} <= labels or not labels <= drawn:
    sys.exit("--labels 10: the ten most mentioned are not all labelled, or a label has no disc")
texts = [t.text for t in root.iter(S + "text")]
if "size: mentions" not in texts:
    sys.exit("the legend does not say size: mentions")
PY

# shellcheck source=tests/e2e/expect.sh
. "$(dirname "$0")/expect.sh"
expect 1 "--width: want a length of 200 to 32767 px, a number with px, cm, mm, in or pt, not '17km'" \
    -- "$bin" build tests/corpus -o "$work/x" --width 17km
expect 1 "--height: want a length of 200 to 32767 px" -- "$bin" build tests/corpus -o "$work/x" \
    --height 1cm
expect 1 "--preset: unknown preset 'a4' \(screen, journal, poster\)" -- \
    "$bin" build tests/corpus -o "$work/x" --preset a4
expect 1 "--font-min: larger than --font-max \(10 > 8 pt\)" -- \
    "$bin" build tests/corpus -o "$work/x" --font-min 10 --font-max 8
expect 1 "--size-by: want mentions, documents or a metric, not 'size'" -- \
    "$bin" build tests/corpus -o "$work/x" --size-by size
expect 1 "larger than 32767 a side" -- "$bin" build tests/corpus -o "$work/x" --preset poster \
    --dpi 1200
[ "$status" -eq 0 ] && echo "e2e print: ok"
exit "$status"
