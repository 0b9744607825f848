#!/usr/bin/env bash
# End-to-end: `comention lexicon check` names file and line for every problem (exit 2),
# accepts the built-in data; `lexicon dump` reads back to the same bytes; `lexicon stats`
# counts; `--explain` writes the QA table.
set -euo pipefail
# shellcheck source=tests/e2e/setup.sh
. "$(dirname "$0")/setup.sh"
# `lexicon check FILE >OUT`; its exit status in $status.
check_into() { status=0; "$bin" lexicon check "$1" >"$2" || status=$?; }

"$bin" lexicon check src/lexicon/data/*.xml >"$work/ok.txt" || no "built-in data does not check"
[ "$(grep -c ': ok$' "$work/ok.txt")" -eq "$(ls src/lexicon/data/*.xml | wc -l)" ] || no "not every data file ok"

# One problem per line of this file, each of the kinds the issue names.
cat >"$work/broken.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1">
  <entity id="alpha" type="actor" name="Alpha"><alias>AB</alias></entity>
  <entity id="alpha" type="actor" name="Alpha again"/>
  <entity id="beta" type="planet" name="Beta"/>
  <entity id="gamma" type="country" name="Gamma"><alias>AB</alias></entity>
  <entity id="delta" type="weapon" name="Delta"><alias> </alias></entity>
</lexicon>
XML
check_into "$work/broken.xml" "$work/broken.txt"
[ "$status" -eq 2 ] || no "lexicon check exit $status, want 2"
for want in \
    "$work/broken.xml:4: error: duplicate entity id 'alpha' (first defined at line 3)" \
    "$work/broken.xml:5: error: unknown type: planet" \
    "$work/broken.xml:6: error: alias 'AB' of gamma is also claimed by alpha (line 3)" \
    "$work/broken.xml:7: error: empty alias"; do
    grep -qF "$want" "$work/broken.txt" || no "missing: $want"
done

printf '<lexicon version="1">\n  <entity id="a" type="actor" name="A">\n</lexicon>\n' >"$work/malformed.xml"
check_into "$work/malformed.xml" "$work/malformed.txt"
[ "$status" -eq 2 ] || no "malformed: exit $status"
grep -q "^$work/malformed.xml:3: error: not well-formed XML" "$work/malformed.txt" || no "malformed line"

# Line numbers past 65535, and an entity whose name is only spaces.
/usr/bin/python3 - "$work/long.xml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<lexicon version="1">\n')
    for i in range(70000):
        f.write('<!-- filler -->\n')
    f.write('<entity id="Bad Id" type="actor" name="A"/>\n')
    f.write('<entity id="blank" type="actor" name="   "/>\n')
    f.write('</lexicon>\n')
PY
set +e
"$bin" lexicon check "$work/long.xml" >"$work/long.txt"
set -e
grep -q "^$work/long.xml:70002: error: bad entity id" "$work/long.txt" || no "line numbers past 65535: $(head -1 "$work/long.txt")"
grep -q "^$work/long.xml:70003: error: entity with an empty name: blank" "$work/long.txt" || no "blank name not reported"

# Case rules that tell two claims apart are not a conflict; shared aliases are not either.
cat >"$work/fine.xml" <<'XML'
<lexicon version="1">
  <entity id="united-states" type="country" name="United States"><alias>US</alias></entity>
  <entity id="us-band" type="actor" name="Us Band"><alias case="exact">us</alias></entity>
  <entity id="p1" type="actor" subtype="person" name="Ann Singh"><alias shared="true">Singh</alias></entity>
  <entity id="p2" type="actor" subtype="person" name="Bob Singh"><alias shared="true">Singh</alias></entity>
</lexicon>
XML
"$bin" lexicon check "$work/fine.xml" | grep -q ': ok$' || no "fine.xml should check"

# The TSV form.
printf '# id\ttype\tname\talias\nx\tactor\tX Corp\tXC\tcompany\ny\tweapon\tY-1\tY1\tmissile\tfold\n' \
    >"$work/small.tsv"
"$bin" lexicon check "$work/small.tsv" | grep -q ': ok$' || no "small.tsv should check"
"$bin" lexicon dump --no-default-lexicon --lexicon "$work/small.tsv" >"$work/small.xml"
grep -q '<entity id="y" type="weapon" subtype="missile" name="Y-1">' "$work/small.xml" || no "tsv dump"
grep -q '<alias case="fold">Y1</alias>' "$work/small.xml" || no "tsv case rule"

# dump reads back to the same bytes, and its digest is what report.json names. The built-in
# files load without a warning: no alias of one file is claimed in another (the dump would
# not show it, as the later claim wins).
"$bin" lexicon dump >"$work/dump.xml" 2>"$work/dump.err"
[ ! -s "$work/dump.err" ] || no "built-in files disagree: $(head -2 "$work/dump.err")"
"$bin" lexicon check "$work/dump.xml" | grep -q ': ok$' || no "dump does not check"
"$bin" lexicon dump --no-default-lexicon --lexicon "$work/dump.xml" | cmp -s - "$work/dump.xml" ||
    no "dump does not read back to the same bytes"
"$bin" lexicon stats >"$work/stats.tsv"
awk -F'\t' '$1=="type" && $2=="country" && $3>=193 {ok=1} END {exit !ok}' "$work/stats.tsv" ||
    no "stats: fewer than 193 countries"
awk -F'\t' '$1=="type" && $2=="actor" && $3>=600 {ok=1} END {exit !ok}' "$work/stats.tsv" ||
    no "stats: fewer than 600 actors"
awk -F'\t' '$1=="type" && $2=="weapon" && $3>=500 {ok=1} END {exit !ok}' "$work/stats.tsv" ||
    no "stats: fewer than 500 weapons"

# Per country, by class (issue 13 item 0): every state has a government and a foreign
# ministry; all but the few without armed forces have a defence ministry, armed forces and
# an army; the rows add up.
"$bin" lexicon dump | sed -n 's/^  <entity id="\([^"]*\)" type="country".*/\1/p' >"$work/countries.txt"
[ "$(wc -l <"$work/countries.txt")" -ge 193 ] || no "dump: fewer than 193 countries"
awk -F'\t' -v list="$work/countries.txt" '
    BEGIN { while ((getline c < list) > 0) want[c] = 1 }
    $1 == "country-subtype" { split($2, p, "/"); n[p[1] "/" p[3]] += $3 }
    $1 == "country" { total[$2] = $3 }
    END {
        for (c in want) {
            if (c == "soviet-union") continue
            if (n[c "/government"] < 2) { print "no government bodies: " c; bad = 1 }
            if (n[c "/government"] >= 4 && n[c "/military"] >= 2) armed++
            if (total[c] < n[c "/government"] + n[c "/military"]) { print "rows do not add up: " c; bad = 1 }
        }
        if (armed < 170) { print "only " armed " states with ministries and forces"; bad = 1 }
        exit bad
    }' "$work/stats.tsv" >"$work/classes.txt" || no "stats by country: $(head -3 "$work/classes.txt")"
grep -q $'^country-subtype\tnigeria/actor/military\t[4-9]$' "$work/stats.tsv" ||
    no "stats: Nigeria's armed forces, army, navy and air force"

# The per-country rows exactly, on a lexicon of four entities (one without a country).
cat >"$work/tiny.xml" <<'XML'
<lexicon version="1">
  <entity id="zeta" type="country" name="Zeta"/>
  <entity id="zeta-army" type="actor" subtype="military" name="Zeta Army" country="zeta"/>
  <entity id="zeta-navy" type="actor" subtype="military" name="Zeta Navy" country="zeta"/>
  <entity id="zeta-ministry" type="actor" subtype="government" name="Zeta Ministry" country="zeta"/>
  <entity id="z-1" type="weapon" name="Z-1"/>
</lexicon>
XML
"$bin" lexicon stats --no-default-lexicon --lexicon "$work/tiny.xml" | grep '^country' >"$work/tiny.tsv"
printf 'country\tzeta\t3\ncountry-subtype\tzeta/actor/government\t1\ncountry-subtype\tzeta/actor/military\t2\n' |
    cmp -s - "$work/tiny.tsv" || no "stats per country: $(tr '\n' ' ' <"$work/tiny.tsv")"

# The generated classes in text: capitalised names are the bodies, and a possessive
# country stays the country (rule 9); lower-case descriptions are the country alone (rule 17).
printf 'The Nigerian Army and the Indonesian Ministry of Defence met.\nKenya'"'"'s Army arrived.\nThe Chilean army and the Thai government spoke.\n' \
    >"$work/bodies.txt"
"$bin" mentions "$work/bodies.txt" | tail -n +2 | cut -f4,5 >"$work/bodies.tsv"
printf '0\tnigerian-army\n0\tindonesian-ministry-of-defence\n1\tkenya\n1\tkenyan-army\n2\tchile\n2\tthailand\n' |
    cmp -s - "$work/bodies.tsv" || no "generated bodies in text: $(tr '\n' ' ' <"$work/bodies.tsv")"

# Titles: a lexicon's <title> makes the discovery rule find the person after it (a word
# the built-in lists lack); check names a bad or repeated title's line; the dump keeps
# titles (same bytes read back) and the digest in report.json changes with them.
cat >"$work/titles.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1">
  <title>Archimandrite</title>
  <title kind="honorific">Hieromonk</title>
  <title>Chief of Naval Logistics</title>
</lexicon>
XML
mkdir -p "$work/monastery"
printf 'The bells were blessed by Archimandrite Luka Petrovan on Sunday.\nHieromonk Dorin Vasek led the service.\n' \
    >"$work/monastery/a.txt"
"$bin" lexicon check "$work/titles.xml" >/dev/null || no "a good title file does not check"
"$bin" mentions "$work/monastery" | awk -F'\t' '$9 == 1' >"$work/no-titles.tsv"
[ ! -s "$work/no-titles.tsv" ] || no "discovered without the titles: $(cut -f5 "$work/no-titles.tsv" | tr '\n' ' ')"
"$bin" mentions --lexicon "$work/titles.xml" "$work/monastery" | awk -F'\t' '$9 == 1 { print $5 "\t" $8 }' \
    >"$work/titles.tsv"
printf 'luka-petrovan\tLuka Petrovan\ndorin-vasek\tDorin Vasek\n' | cmp -s - "$work/titles.tsv" ||
    no "discovered after lexicon titles: $(tr '\n' ' ' <"$work/titles.tsv")"
"$bin" lexicon stats --lexicon "$work/titles.xml" >"$work/titles-stats.tsv"
grep -qx $'titles\tall\t3' "$work/titles-stats.tsv" || no "stats: titles row"
"$bin" lexicon dump --no-default-lexicon --lexicon "$work/titles.xml" >"$work/titles-dump.xml"
"$bin" lexicon dump --no-default-lexicon --lexicon "$work/titles-dump.xml" | cmp -s - "$work/titles-dump.xml" ||
    no "dump of titles does not read back to the same bytes"
grep -c '<title' "$work/titles-dump.xml" | grep -qx 3 || no "dump lacks the titles"
printf '<lexicon version="1">\n  <title>Archimandrite</title>\n  <title>chief monk</title>\n  <title>Archimandrite</title>\n</lexicon>\n' \
    >"$work/bad-titles.xml"
check_into "$work/bad-titles.xml" "$work/bad-titles.txt"
[ "$status" -eq 2 ] || no "lexicon check of bad titles exit $status, want 2"
grep -qF "$work/bad-titles.xml:3: error: bad title \"chief monk\"" "$work/bad-titles.txt" || no "bad title line"
grep -qF "$work/bad-titles.xml:4: error: duplicate title: Archimandrite (first at line 2)" \
    "$work/bad-titles.txt" || no "duplicate title line"
"$bin" build -o "$work/out-plain" "$work/monastery" >/dev/null 2>&1
"$bin" build -o "$work/out-titles" --lexicon "$work/titles.xml" "$work/monastery" >/dev/null 2>&1
digest() { grep -o '"lexicon_sha256": *"[0-9a-f]*"' "$1/report.json"; }
[ -n "$(digest "$work/out-plain")" ] && [ "$(digest "$work/out-plain")" != "$(digest "$work/out-titles")" ] ||
    no "the lexicon digest in report.json does not change with titles"
"$bin" extract -o "$work/plain.cmc" "$work/monastery" 2>/dev/null
"$bin" extract --lexicon "$work/titles.xml" -o "$work/titles.cmc" "$work/monastery" 2>/dev/null
if "$bin" merge "$work/plain.cmc" "$work/titles.cmc" -o "$work/mixed.cmc" 2>"$work/mixed.txt"; then
    no "shards with and without titles merged"
fi

# --explain: the QA table says what hit and what was refused, and why.
printf 'US officials told us the Patriot is no patriot.\nShips sailed in the South China Sea.\n' \
    >"$work/doc.txt"
"$bin" mentions --explain "$work/explain.tsv" "$work/doc.txt" >/dev/null
head -1 "$work/explain.tsv" | grep -q $'^entity\ttype\tlabel\tresult\talias\tcount$' || no "explain header"
grep -q $'^united-states\tcountry\tUnited States\thit\tUS\t1$' "$work/explain.tsv" || no "explain hit"
grep -q $'^united-states\tcountry\tUnited States\trejected:case\tUS\t1$' "$work/explain.tsv" ||
    no "explain: 'us' refused by the case rule"
grep -q $'^patriot\tweapon\tPatriot\trejected:case\tPatriot\t1$' "$work/explain.tsv" ||
    no "explain: 'patriot' refused"
grep -q $'^-\t-\t-\trejected:stop\tSouth China Sea\t1$' "$work/explain.tsv" || no "explain stop"

[ "$fail" -eq 0 ] && echo "e2e lexicon: ok"
exit "$fail"
