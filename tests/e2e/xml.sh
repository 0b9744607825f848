#!/usr/bin/env bash
# End-to-end: XML from outside (a lexicon for `lexicon check` and `build --lexicon`, a
# GraphML file for `render`) cannot read local files, reach the network or exhaust memory:
# a document type declaration (external entities, entity bombs), deep nesting, huge
# attribute values and texts are each refused with one line naming the file and line,
# exit 2, nothing written, and nothing of the local file shows up anywhere. HTML pages
# (build): an entity bomb and a nest deeper than real pages are skipped with file, line
# and reason (report.json too, --strict exit 2), while the others are counted, a page with
# a 5 MB inline image among them.
set -uo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
# shellcheck source=tests/e2e/expect.sh
. tests/e2e/expect.sh

secret=$work/secret.txt
echo "xmlsecret-kingfisher" >"$secret"
graph_head='<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'

# name CONTENT: the attacks, each a lexicon and a GraphML file; LINE is where it is refused.
attack() { # attack NAME LINE MESSAGE PROLOG BODY-OF-ROOT
    local name=$1 line=$2 message=$3 prolog=$4 body=$5
    printf '%s<lexicon version="1">%s</lexicon>\n' "$prolog" "$body" >"$work/$name.xml"
    printf '%s%s<graph>%s</graph></graphml>\n' "$prolog" "$graph_head" "$body" >"$work/$name.graphml"
    # lexicon check writes compiler-style lines to standard output
    "$bin" lexicon check "$work/$name.xml" >"$work/check.txt" 2>&1
    if [ $? -ne 2 ] || [ "$(cat "$work/check.txt")" != "$work/$name.xml:$line: error: $message" ]; then
        echo "FAIL: lexicon check $name:" >&2
        cat "$work/check.txt" >&2
        status=1
    fi
    expect 2 "^comention: [^ ]*/$name.xml:$line: $message" -- \
        "$bin" build --lexicon "$work/$name.xml" -o "$work/out-$name" tests/corpus
    [ ! -e "$work/out-$name" ] || { echo "FAIL: $name: build wrote outputs" >&2; status=1; }
    expect 2 "^comention: [^ ]*/$name.graphml:$line: $message" -- \
        "$bin" render "$work/$name.graphml" -o "$work/$name.svg"
    [ ! -e "$work/$name.svg" ] || { echo "FAIL: $name: render wrote a figure" >&2; status=1; }
}

no_dtd="document type declarations are not allowed"
attack file-entity 2 "$no_dtd" \
    "<?xml version=\"1.0\"?>
<!DOCTYPE x [<!ENTITY s SYSTEM \"file://$secret\">]>
" '<entity id="a" type="actor" name="&s;"/>'
attack net-dtd 3 "$no_dtd" "<?xml version=\"1.0\"?>

<!DOCTYPE x SYSTEM \"http://127.0.0.1:9/x.dtd\">
" ''
bomb='<!DOCTYPE x [<!ENTITY a "aaaaaaaaaaaaaaaa">'
prev=a
for e in b c d e f g h i j; do
    bomb="$bomb<!ENTITY $e \"$(printf "&$prev;%.0s" 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)\">"
    prev=$e
done
attack bomb 1 "$no_dtd" "$bomb]>
" '<entity id="a" type="actor" name="&j;"/>'
deep=$(printf '<x>%.0s' $(seq 70))
attack deep 2 "elements nested deeper than 64" "" "
$deep"
long=$(head -c 70000 /dev/zero | tr '\0' a)
attack long-attribute 3 "an attribute value of 70000 bytes, more than 65536" "" "

<entity id=\"a\" type=\"actor\" name=\"$long\"/>"

# ---- HTML pages: skipped with the line and the reason, the others counted ----
html=$work/html
mkdir -p "$html"
printf '<!DOCTYPE html>\n<html><body><p>France met Germany.</p></body></html>\n' >"$html/plain.html"
{
    printf '<!DOCTYPE html>\n<html><body>\n<img src="data:image/png;base64,'
    head -c 3932160 /dev/zero | tr '\0' A
    printf '">\n<p>Spain met Italy.</p></body></html>\n'
} >"$html/image.html"
{
    printf '<html>\n<body>\n<p>Japan met India.</p>\n'
    for _ in $(seq 1100); do printf '<div>'; done
    printf 'Chile met Peru.</body></html>\n'
} >"$html/deep.html"
printf '<html>\n%s<!ENTITY s SYSTEM "file://%s">]>\n<body><p>Cuba &j; &s;</p></body></html>\n' \
    "$bomb" "$secret" >"$html/bomb.html"
deep_why="line 4: elements nested deeper than 1024"
bomb_why="line 2: a document type declaration with an internal subset (entity declarations) is not allowed"
"$bin" build --formats csv -o "$work/out-html" "$html" 2>"$work/html-err.txt"
got=$?
want_err="comention: $html/bomb.html: skipped: $bomb_why
comention: $html/deep.html: skipped: $deep_why"
if [ $got -ne 0 ] || [ "$(grep skipped "$work/html-err.txt")" != "$want_err" ]; then
    echo "FAIL: build of the HTML pages: exit $got, stderr:" >&2
    cat "$work/html-err.txt" >&2
    status=1
fi
/usr/bin/python3 - "$work/out-html" "$html" "$deep_why" "$bomb_why" <<'PY' || status=1
import csv, json, sys
out, d, deep, bomb = sys.argv[1:]
r = json.load(open(out + "/report.json"))
skips = {s["doc"]: s["reason"] for s in r["input"]["skipped"]}
bad = []
if skips != {d + "/deep.html": deep, d + "/bomb.html": bomb}:
    bad.append(f"skipped {skips}")
if r["input"]["documents"] != 2:
    bad.append(f"documents {r['input']['documents']}, want 2")
nodes = {row["Id"] for row in csv.DictReader(open(out + "/nodes.csv"))}
if nodes != {"france", "germany", "spain", "italy"}:
    bad.append(f"nodes {sorted(nodes)}, want France, Germany, Spain, Italy")
for b in bad:
    print("FAIL: HTML pages:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
expect 2 "deep.html: skipped: $deep_why" -- "$bin" build --strict --formats csv -o "$work/out-strict" "$html"
# libxml2's own messages (a charset conversion failing, found by fuzzing) never reach stderr
printf '<\0\0\0\0\0%%%%\r' >"$work/enc.html"
"$bin" mentions "$work/enc.html" >/dev/null 2>"$work/enc-err.txt"
if [ "$(cat "$work/enc-err.txt")" != "comention: $work/enc.html: skipped: not an HTML page" ]; then
    echo "FAIL: a page libxml2 cannot convert:" >&2
    cat "$work/enc-err.txt" >&2
    status=1
fi

if grep -rq kingfisher "$work"/*.svg "$work"/out-* 2>/dev/null; then
    echo "FAIL: the local file's content reached an output" >&2
    status=1
fi
exit $status
