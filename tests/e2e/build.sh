#!/usr/bin/env bash
# End-to-end: `comention build` on the sample corpus writes every file, twice the same
# bytes, whatever the operand order; GraphML validates against the schema and reads back
# in networkx with the values of nodes.csv/edges.csv; `mentions` offsets slice the input.
set -euo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
all=svg,png,pdf,graphml,csv

"$bin" build tests/corpus -o "$work/a" --formats "$all"
"$bin" build tests/corpus -o "$work/b" --formats "$all"
for f in graph.svg graph.png graph.pdf graph.graphml nodes.csv edges.csv evidence.csv report.json; do
    [ -s "$work/a/$f" ] || { echo "missing or empty: $f" >&2; exit 1; }
    cmp "$work/a/$f" "$work/b/$f" || { echo "not reproducible: $f" >&2; exit 1; }
done
if ls -A "$work/a" | grep -q '\.tmp\.'; then
    echo "temporary files left behind" >&2
    exit 1
fi

# Operand order and "./" do not change anything.
"$bin" build ./tests/corpus/2026 tests/corpus//2025 -o "$work/c" --formats "$all"
"$bin" build tests/corpus/2025 tests/corpus/2026 -o "$work/d" --formats "$all"
for f in graph.svg graph.png graph.graphml nodes.csv edges.csv evidence.csv report.json; do
    cmp "$work/c/$f" "$work/d/$f" || { echo "operand order changed $f" >&2; exit 1; }
done

# The default output set: everything but pdf.
( cd "$work" && "$bin" build "$OLDPWD/tests/corpus" >/dev/null )
for f in graph.svg graph.png graph.graphml nodes.csv edges.csv report.json; do
    [ -s "$work/out/$f" ] || { echo "default run did not write out/$f" >&2; exit 1; }
done
[ ! -e "$work/out/graph.pdf" ] || { echo "pdf written by default" >&2; exit 1; }

xmllint --nonet --noout --schema tests/schemas/graphml/graphml.xsd "$work/a/graph.graphml"
xmllint --nonet --noout "$work/a/graph.svg"

"$bin" mentions tests/corpus > "$work/mentions.tsv"
"$bin" mentions - < tests/corpus/2025/black-sea-drones.txt > "$work/stdin.tsv"
# Evidence of a file is cut from a second read at the end, that of standard input at once:
# the same snippets either way (the doc id differs: "-").
"$bin" build -q --formats csv -o "$work/ev-file" tests/corpus/2025/black-sea-drones.txt
"$bin" build -q --formats csv -o "$work/ev-stdin" - < tests/corpus/2025/black-sea-drones.txt
[ "$(wc -l < "$work/ev-file/evidence.csv")" -gt 3 ] || { echo "no evidence rows" >&2; exit 1; }
diff <(cut -d, -f1,2,4- "$work/ev-file/evidence.csv") <(cut -d, -f1,2,4- "$work/ev-stdin/evidence.csv") ||
    { echo "evidence from stdin differs from evidence from the file" >&2; exit 1; }
# --lexicon adds entities to the built-in ones; --no-default-lexicon leaves only the file's.
cat >"$work/extra.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1">
  <entity id="marta-kovalenko" type="actor" subtype="person" name="Marta Kovalenko">
    <alias>Kovalenko</alias>
  </entity>
</lexicon>
XML
doc=tests/corpus/2025/black-sea-drones.txt
if "$bin" mentions --discover none "$doc" | cut -f5 | grep -qx marta-kovalenko; then
    echo "marta-kovalenko found without the extra lexicon" >&2
    exit 1
fi
"$bin" mentions --lexicon "$work/extra.xml" "$doc" | awk -F'\t' '$5 == "marta-kovalenko" && $9 == 0' |
    grep -q . || { echo "the extra lexicon's marta-kovalenko not found as a lexicon entity" >&2; exit 1; }
# without it, discovery finds her ("<Name>, an independent analyst"), marked discovered
"$bin" mentions "$doc" | awk -F'\t' '$5 == "marta-kovalenko" && $9 == 1' | grep -q . ||
    { echo "marta-kovalenko not discovered" >&2; exit 1; }
"$bin" mentions --lexicon "$work/extra.xml" "$doc" | cut -f5 | grep -qx russia
only=$("$bin" mentions --discover none --no-default-lexicon --lexicon "$work/extra.xml" tests/corpus | tail -n +2 |
    cut -f5 | sort -u)
[ "$only" = marta-kovalenko ] || { echo "--no-default-lexicon left: $only" >&2; exit 1; }

# --top N --top-by METRIC keeps the N nodes ranked first by that metric on the full graph.
"$bin" build tests/corpus -o "$work/topby" --formats csv --top 10 --top-by betweenness
/usr/bin/python3 - "$work/a/nodes.csv" "$work/topby/nodes.csv" <<'PY'
import csv, sys
full = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
full.sort(key=lambda r: (-float(r["betweenness"]), r["Id"]))
want = sorted(r["Id"] for r in full[:10])
got = sorted(r["Id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")))
sys.exit(0 if want == got else f"--top-by betweenness kept {got}, want {want}")
PY

# Wall-clock time only on request.
! grep -q '"timings"' "$work/a/report.json" || { echo "timings without --timings" >&2; exit 1; }
"$bin" build tests/corpus -o "$work/timed" --formats csv --timings --progress 2>"$work/progress.txt"
grep -q '"read_extract_count": ' "$work/timed/report.json" || { echo "--timings missing" >&2; exit 1; }
grep -q 'documents, .* MB/s' "$work/progress.txt" || { echo "--progress printed nothing" >&2; exit 1; }

# The backbone against a direct implementation of the disparity filter.
"$bin" build tests/corpus -o "$work/bb" --formats csv --backbone 0.3
/usr/bin/python3 tests/e2e/check_backbone.py "$work/a" "$work/bb" 0.3
grep -q '"edges_backbone": [1-9]' "$work/bb/report.json" || { echo "report.json: backbone removed nothing" >&2; exit 1; }

# An output that cannot be renamed into place: exit 2, nothing half-written, no temporary
# file left, the other files whole.
"$bin" build tests/corpus -o "$work/atomic" --formats csv,svg >/dev/null
rm "$work/atomic/graph.svg"
mkdir "$work/atomic/graph.svg"
if "$bin" build tests/corpus -o "$work/atomic" --formats csv,svg 2>"$work/atomic.err"; then
    echo "a failed rename was not an error" >&2
    exit 1
fi
grep -q "graph.svg: cannot write" "$work/atomic.err" || { cat "$work/atomic.err" >&2; exit 1; }
if ls -A "$work/atomic" | grep -q '\.tmp\.'; then
    echo "temporary files left behind after a failure" >&2
    exit 1
fi
cmp -s "$work/atomic/nodes.csv" "$work/a/nodes.csv" || { echo "nodes.csv damaged" >&2; exit 1; }

# More evidence as GraphML/GEXF edge attributes (--graphml-evidence).
"$bin" build tests/corpus -o "$work/ev" --formats graphml,gexf,csv --evidence 3 --graphml-evidence 2
/usr/bin/python3 tests/e2e/check_graphml_evidence.py "$work/ev" 2
"$bin" build tests/corpus -o "$work/ev1" --formats graphml,gexf,csv
/usr/bin/python3 tests/e2e/check_graphml_evidence.py "$work/ev1" 1
grep -q '"graphml_evidence": "2"' "$work/ev/report.json" || { echo "report.json: no graphml_evidence" >&2; exit 1; }

/usr/bin/python3 tests/e2e/check_outputs.py "$work/a" "$work/mentions.tsv" "$work/stdin.tsv"
echo "e2e build: ok"
