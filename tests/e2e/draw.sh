#!/usr/bin/env bash
# End-to-end: the drawing options of `comention build` (docs/design.md §2 draw group). Themes,
# colourings, --highlight and --ego reach the picture and report.json (in canonical form);
# report.json's hidden-label count matches the labels in the SVG; the SVG carries every
# node's colour as exported; --width, --height and --dpi size the PNG; bad values fail
# with one line.
set -euo pipefail
bin=$1
work=$2
py=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work"

"$bin" build tests/corpus -o "$work/p" -q --formats svg,png,graphml,csv --theme print \
    --color-by pagerank --highlight ukraine,russia,russia --title "Print" --width 800 \
    --height 600 --dpi 192
"$py" - "$work/p" <<'PY'
import json, struct, sys, xml.etree.ElementTree as ET
out = sys.argv[1]
rep = json.load(open(f"{out}/report.json", encoding="utf-8"))
o = rep["options"]
want = {"theme": "print", "color_by": "pagerank", "highlight": "russia,ukraine", "ego": "",
        "radius": "1", "width": "800", "height": "600", "dpi": "192"}
for k, v in want.items():
    if o.get(k) != v:
        sys.exit(f"report.json options.{k} = {o.get(k)!r}, want {v!r}")
S = "{http://www.w3.org/2000/svg}"
root = ET.parse(f"{out}/graph.svg").getroot()
groups = {g.get("id"): g for g in root.iter(S + "g")}
labels = groups["labels"].findall(S + "text")
d = rep["drawing"]
if d["labels_shown"] != len(labels) or d["labels_shown"] + d["labels_hidden"] != rep["graph"]["nodes"]:
    sys.exit(f"report.json drawing {d} but the SVG has {len(labels)} labels")
circles = groups["nodes"].findall(S + "circle")
lit = [c for c in circles if "highlighted" in c.get("class").split()]
faded = [c for c in circles if "faded" in c.get("class").split()]
if sorted(c.get("id") for c in lit) != ["n-russia", "n-ukraine"] or len(faded) != len(circles) - 2:
    sys.exit("--highlight: wrong nodes highlighted or faded")
if root.find(f"{S}defs/{S}linearGradient") is None:
    sys.exit("--color-by pagerank: no colour ramp in the legend")
if not any((t.text or "").startswith("colour: pagerank") for t in groups["legend"].iter(S + "text")):
    sys.exit("--color-by pagerank: the legend does not say so")
if [t.text for t in groups["header"].iter(S + "text")][0] != "Print":
    sys.exit("--title not drawn first in the header")
w, h = struct.unpack(">II", open(f"{out}/graph.png", "rb").read()[16:24])
if (w, h) != (1600, 1200):
    sys.exit(f"PNG of 800 x 600 px at 192 dpi is {w} x {h}")
PY
"$py" tests/e2e/check_svg.py "$work/p/graph.graphml" "$work/p/graph.svg" --colors --positions

# --color-by community: the legend names communities; colours still match the exports.
"$bin" build tests/corpus -o "$work/c" -q --formats svg,graphml --color-by community --theme dark
grep -q '>community 0 (' "$work/c/graph.svg" || { echo "no community legend" >&2; exit 1; }
"$py" tests/e2e/check_svg.py "$work/c/graph.graphml" "$work/c/graph.svg" --colors

# --ego: every node kept is within --radius hops of the ego, and report.json says what went.
"$bin" build tests/corpus -o "$work/e" -q --formats csv --ego russia --radius 1
"$py" - "$work/e" <<'PY'
import csv, json, sys
out = sys.argv[1]
nodes = {r["Id"] for r in csv.DictReader(open(f"{out}/nodes.csv", encoding="utf-8"))}
near = {"russia"}
for r in csv.DictReader(open(f"{out}/edges.csv", encoding="utf-8")):
    if "russia" in (r["Source"], r["Target"]):
        near |= {r["Source"], r["Target"]}
if nodes != near:
    sys.exit(f"--ego russia --radius 1 kept {len(nodes)} nodes, {len(near)} are within 1 hop")
f = json.load(open(f"{out}/report.json", encoding="utf-8"))["filtered"]
if f["nodes_ego"] == 0 or f["edges_ego"] == 0:
    sys.exit(f"report.json: the ego filter removed nothing: {f}")
PY

# shellcheck source=tests/e2e/expect.sh
. "$(dirname "$0")/expect.sh"
expect 2 "^comention: ego network: 'atlantis' is no node of the graph$" -- \
    "$bin" build tests/corpus -o "$work/x" --ego atlantis
expect 2 "^comention: highlight: 'atlantis' is no node of the graph$" -- \
    "$bin" build tests/corpus -o "$work/x" --highlight russia,atlantis
expect 1 "--theme: unknown theme 'sepia'" -- "$bin" build tests/corpus -o "$work/x" --theme sepia
expect 1 "--color-by: want type, community or a metric, not 'size'" -- \
    "$bin" build tests/corpus -o "$work/x" --color-by size
expect 1 "--radius: not a non-negative integer" -- "$bin" build tests/corpus --radius -1
expect 1 "unknown option '--theme' for this command" -- "$bin" mentions --theme dark tests/corpus
[ "$status" -eq 0 ] && echo "e2e draw: ok"
exit "$status"
