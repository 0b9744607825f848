#!/usr/bin/env bash
# End-to-end: the input formats of docs/design.md §2. An HTML page whose menus, scripts,
# asides, forms and footer name entities (none counted), a JSON Lines file, a CSV file with
# quoted line breaks, gzip of each and xz of one, a UTF-16 file, a PNG, random bytes: the
# mentions exactly, evidence cut at the right offsets, skips with their reasons in
# report.json, --strict exit 2. Every input is written here.
set -uo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work/in"
. tests/e2e/expect.sh
py=/usr/bin/python3
in=$work/in

cat >"$in/page.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Ministers meet - The Example Daily</title>
<meta property="og:title" content="Ministers meet in Geneva">
<meta property="article:published_time" content="2024-03-05T23:30:00-02:00">
<script>var partner = "NATO"; var region = "Syria";</script>
<style>.Iraq { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/c">China</a> <a href="/j">Japan</a></nav>
<header>Sign up for our Brazil newsletter</header>
<article><header><h1>Ministers meet in Geneva</h1>
<time datetime="2024-03-05">5 March</time></header>
<p>The foreign ministers of France and Germany met in Geneva on Tuesday.</p>
<p>They talked about <b>Ukraine</b>
and Poland.</p>
<ul><li>Sanctions on Iran</li><li>Aid for Sudan</li></ul>
<!-- Cuba is only in a comment -->
</article>
<aside>Read more: Chile and Peru</aside>
<form><label>Mexico</label><input value="Canada"></form>
<footer>Copyright India Media</footer>
</body></html>
EOF
printf '%s\n' \
    '{"id": "n1", "title": "Talks on Iran", "text": "Russia and Turkey spoke about Iran.", "date": "2024-03-05T10:00:00Z"}' \
    '{"id": 2, "text": "Japan welcomed the deal.\n\nChina did not.", "date": "Tue, 05 Mar 2024 23:30:00 -0200"}' \
    '{"text": "A record without an id names Egypt."}' \
    'this line is no JSON' \
    '{"id": "n1", "text": "A repeated id names Norway."}' \
    >"$in/feed.jsonl"
printf 'id,title,text,date\nc1,"Iran, again","France met Germany.\n\nThen ""Russia"" spoke of Sudan.",2024-01-02\nc2,,Japan and India met.,\nc3,Empty,,\n' \
    >"$in/export.csv"
mkdir -p "$in/packed"
gzip -c "$in/page.html" >"$in/packed/page.html.gz"
gzip -c "$in/feed.jsonl" >"$in/packed/feed.jsonl.gz"
gzip -c "$in/export.csv" >"$in/packed/export.csv.gz"
xz -c "$in/export.csv" >"$in/packed/export2.csv.xz"
printf 'Spain and Italy signed.\n' | iconv -f UTF-8 -t UTF-16 >"$in/utf16.txt"
# A real PNG (8x8, grey): signature, IHDR, IDAT, IEND, with text-like bytes around.
$py - "$in/img.png" <<'EOF'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
raw = b"".join(b"\0" + bytes([128] * 8) for _ in range(8))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
       + chunk(b"tEXt", b"Comment\0NATO AP AU G7 ICC") + chunk(b"IDAT", zlib.compress(raw))
       + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
EOF
head -c 4096 /dev/urandom >"$work/rand.bin"
# random bytes can start with a known signature; either reason is right
(printf 'X'; cat "$work/rand.bin") >"$in/random.dat"

# ---- the mentions, exactly ----
# (the packed files are byte-for-byte copies of the plain ones: --dedupe none counts them)
"$bin" mentions -q --dedupe none "$in" >"$work/mentions.tsv" || { echo "FAIL: mentions exit $?" >&2; status=1; }
# The expected rows from each document's text as the readers should give it (the page: its
# headline and paragraphs, nothing from the script, style, nav, page header, comment,
# aside, form or footer; a record: title, blank line, text), offsets found in that text.
$py - "$in" >"$work/want.tsv" <<'EOF'
import sys
d = sys.argv[1]
page = ("Ministers meet in Geneva\n\n5 March\n\n"
        "The foreign ministers of France and Germany met in Geneva on Tuesday.\n\n"
        "They talked about Ukraine and Poland.\n\nSanctions on Iran\n\nAid for Sudan")
page_m = [("France", 2), ("Germany", 2), ("Ukraine", 3), ("Poland", 3), ("Iran", 4), ("Sudan", 5)]
c1 = 'Iran, again\n\nFrance met Germany.\n\nThen "Russia" spoke of Sudan.'
c1_m = [("Iran", 0), ("France", 1), ("Germany", 1), ("Russia", 2), ("Sudan", 2)]
c2, c2_m = "Japan and India met.", [("Japan", 0), ("India", 0)]
n1 = "Talks on Iran\n\nRussia and Turkey spoke about Iran."
n1_m = [("Iran", 0), ("Russia", 1), ("Turkey", 1), ("Iran", 1)]
j2, j2_m = "Japan welcomed the deal.\n\nChina did not.", [("Japan", 0), ("China", 1)]
j3, j3_m = "A record without an id names Egypt.", [("Egypt", 0)]
u16, u16_m = "Spain and Italy signed.\n", [("Spain", 0), ("Italy", 0)]
docs = [("page.html", page, page_m), ("packed/page.html.gz", page, page_m), ("utf16.txt", u16, u16_m)]
for f in ("export.csv", "packed/export.csv.gz", "packed/export2.csv.xz"):
    docs += [(f + "#c1", c1, c1_m), (f + "#c2", c2, c2_m)]
for f in ("feed.jsonl", "packed/feed.jsonl.gz"):
    docs += [(f + "#n1", n1, n1_m), (f + "#2", j2, j2_m), (f + "#3", j3, j3_m)]
rows = []
for doc, text, ms in docs:
    at = 0
    for surface, sentence in ms:
        start = text.index(surface, at)
        at = start + len(surface)
        rows.append((f"{d}/{doc}".encode(), start, f"{d}/{doc}\t{start}\t{at}\t{sentence}\t"
                     f"{surface.lower()}\tcountry\t{surface}\t{surface}\t0"))
print("doc\tstart\tend\tsentence\tentity\ttype\tlabel\tsurface\tdiscovered")
print("\n".join(r[2] for r in sorted(rows)))
EOF
if ! diff "$work/want.tsv" "$work/mentions.tsv" >"$work/diff.txt"; then
    echo "FAIL: mentions differ from the expected rows:" >&2
    cat "$work/diff.txt" >&2
    status=1
fi

# ---- build: skips with reasons in report.json, evidence cut from the records' text ----
"$bin" build -q --dedupe none --formats csv -o "$work/out" "$in" || { echo "FAIL: build exit $?" >&2; status=1; }
$py - "$work/out" "$in" <<'EOF' || status=1
import csv, json, sys
out, d = sys.argv[1], sys.argv[2]
r = json.load(open(out + "/report.json"))
skips = {s["doc"][len(d) + 1:]: s["reason"] for s in r["input"]["skipped"]}
want = {
    "img.png": "binary file (PNG image)",
    "feed.jsonl:4": "not JSON",
    "feed.jsonl:5": "id repeats line 1",
    "export.csv:6": "empty text field 'text'",
    "packed/feed.jsonl.gz:4": "not JSON",
    "packed/feed.jsonl.gz:5": "id repeats line 1",
    "packed/export.csv.gz:6": "empty text field 'text'",
    "packed/export2.csv.xz:6": "empty text field 'text'",
}
bad = []
for k, v in want.items():
    if k not in skips or not skips[k].startswith(v):
        bad.append(f"{k}: want '{v}', got '{skips.get(k)}'")
rnd = skips.pop("random.dat", "")
if not rnd.startswith("binary file ("):
    bad.append(f"random.dat: want a binary file, got '{rnd}'")
extra = set(skips) - set(want)
if extra:
    bad.append(f"unexpected skips {sorted(extra)}")
if r["input"]["documents"] != 15:
    bad.append(f"documents {r['input']['documents']}, want 15")
ev = {(row["doc"][len(d) + 1:], row["start"]): row["snippet"]
      for row in csv.DictReader(open(out + "/evidence.csv"))}
for key, snip in {("export.csv#c1", "34"): 'Then "Russia" spoke of Sudan.',
                  ("feed.jsonl#n1", "15"): "Russia and Turkey spoke about Iran.",
                  ("page.html", "106"): "They talked about Ukraine and Poland.",
                  ("packed/page.html.gz", "106"): "They talked about Ukraine and Poland."}.items():
    if ev.get(key) != snip:
        bad.append(f"evidence {key}: {ev.get(key)!r}, want {snip!r}")
nodes = {row["Id"] for row in csv.DictReader(open(out + "/nodes.csv"))}
for boiler in ("nato", "syria", "iraq", "brazil", "cuba", "chile", "peru", "mexico", "canada"):
    if boiler in nodes:
        bad.append(f"{boiler} counted from the page's boilerplate")
for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

# ---- --strict: any skip exits 2; without skips 0 ----
expect 2 "img.png: skipped: binary file \(PNG image\)" -- "$bin" build --strict --formats csv -o "$work/strict" "$in"
expect 2 "feed.jsonl:4: skipped: not JSON" -- "$bin" mentions --strict "$in"
"$bin" mentions --strict "$in/page.html" "$in/utf16.txt" >/dev/null ||
    { echo "FAIL: --strict without a skip exits $?" >&2; status=1; }
expect 2 "img.png: skipped: binary file" -- "$bin" extract --strict -o "$work/x.cmc" "$in/img.png"
# -q hides warnings, but under --strict a skip is the run's error: still said
expect 2 "img.png: skipped: binary file" -- "$bin" build -q --strict --formats csv -o "$work/strict-q" "$in"

# ---- --format and the field names; standard input ----
# As plain text the page's script and menu would count: --format txt shows what HTML drops.
"$bin" mentions -q --format txt "$in/page.html" | cut -f5 | sort -u | tr '\n' ' ' >"$work/txt.txt"
grep -q "nato" "$work/txt.txt" && grep -q "syria" "$work/txt.txt" ||
    { echo "FAIL: --format txt did not read the page as text: $(cat "$work/txt.txt")" >&2; status=1; }
cp "$in/page.html" "$work/page.txt"
"$bin" mentions -q --format html "$work/page.txt" | cut -f2- >"$work/as-html.tsv"
"$bin" mentions -q "$in/page.html" | cut -f2- | diff -q - "$work/as-html.tsv" >/dev/null ||
    { echo "FAIL: --format html on a .txt file differs from the .html file" >&2; status=1; }
printf '{"uid":"u1","body":"Greece and Cyprus met.","text":"Norway"}\n' >"$work/fields.jsonl"
"$bin" mentions -q --id-field uid --text-field body "$work/fields.jsonl" | tail -n +2 | cut -f1,5 \
    | tr '\t\n' ' ;' >"$work/fields.txt"
[ "$(cat "$work/fields.txt")" = "$work/fields.jsonl#u1 greece;$work/fields.jsonl#u1 cyprus;" ] ||
    { echo "FAIL: --id-field/--text-field: $(cat "$work/fields.txt")" >&2; status=1; }
"$bin" mentions -q --format jsonl - <"$in/feed.jsonl" | tail -n +2 | cut -f1 | sort -u | tr '\n' ' ' >"$work/stdin.txt"
[ "$(cat "$work/stdin.txt")" = "-#2 -#3 -#n1 " ] ||
    { echo "FAIL: JSONL from standard input gave ids: $(cat "$work/stdin.txt")" >&2; status=1; }
gzip -c "$in/export.csv" | "$bin" mentions -q --format csv - | tail -n +2 | cut -f1 | sort -u | tr '\n' ' ' >"$work/stdin.txt"
[ "$(cat "$work/stdin.txt")" = "-#c1 -#c2 " ] ||
    { echo "FAIL: gzip CSV from standard input gave ids: $(cat "$work/stdin.txt")" >&2; status=1; }
expect 1 "--format: unknown format 'xml'" -- "$bin" mentions --format xml "$in"
expect 1 "--text-field: empty field name" -- "$bin" mentions --text-field= "$in"
expect 1 "unknown option '--format' for this command" -- "$bin" graph --format csv "$work/x.cmc"
# a CSV file without the text column is skipped, named, with the reason
printf 'a,b\n1,2\n' >"$work/nocol.csv"
expect 0 "nocol.csv: skipped: no column 'text' in the header row" -- "$bin" mentions "$work/nocol.csv"
exit $status
