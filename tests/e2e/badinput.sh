#!/usr/bin/env bash
# End-to-end: bad input is handled and reported, and the rest of the corpus still counts.
# Invalid UTF-8 is read as U+FFFD and listed in report.json with its count and the offset of
# its first byte, the same from -j 1, -j 2 and shards; the list keeps the first 1,000
# documents by id and says so. Special files in a directory walk (sockets, symbolic link
# loops, dangling links, unreadable files and directories) are skipped with a reason that
# says what they are; a file over 4 GiB is refused without reading it; file names with tabs,
# line breaks or bytes that are no UTF-8 stay valid in every output format.
set -uo pipefail
# shellcheck source=tests/e2e/setup.sh
. "$(dirname "$0")/setup.sh"
py=/usr/bin/python3

# --- invalid UTF-8: a known offset, and two clean documents that must still count
c=$work/corpus
mkdir -p "$c/sub"
printf 'Russia and Ukraine met in Geneva.\n' >"$c/a.txt"
# offset 30: "China and Iran talked. Then " is 28 bytes; \xff\xfe at 28, \xc3 (cut) at 31
printf 'China and Iran talked. Then \xff\xfe \xc3 Turkey and Russia met.\n' >"$c/bad.txt"
printf 'Iran and Turkey.\n' >"$c/sub/b.txt"
printf 'Ukraine \x80 and China.\n' >"$c/sub/bad2.txt"
"$bin" build "$c" -o "$work/j1" --formats csv,graphml -j 1 2>"$work/err.txt" || no "build -j 1 failed"
"$bin" build "$c" -o "$work/j2" --formats csv,graphml -j 2 2>/dev/null || no "build -j 2 failed"
$py - "$work/j1/report.json" "$c" <<'EOF' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
c = sys.argv[2]
inv = r["input"]["invalid_utf8"]
want = {"documents": 2, "bytes": 4, "listed": 2, "list_limit": 1000,
        "list": [{"doc": c + "/bad.txt", "bytes": 3, "first_offset": 28},
                 {"doc": c + "/sub/bad2.txt", "bytes": 1, "first_offset": 8}]}
if inv != want:
    sys.exit("FAIL: invalid_utf8 is %r, want %r" % (inv, want))
if r["input"]["documents"] != 4 or r["input"]["skipped"]:
    sys.exit("FAIL: documents %r, skipped %r" % (r["input"]["documents"], r["input"]["skipped"]))
EOF
# the bad documents' own mentions, and those of the clean ones, are counted
for id in turkey iran china ukraine; do
    grep -q "^$id," "$work/j1/nodes.csv" || no "no node $id: a document with bad bytes was not counted"
done
grep -q '^russia,turkey,' "$work/j1/edges.csv" || no "the sentence after the bad bytes was not counted"
[ ! -s "$work/err.txt" ] || no "build with invalid UTF-8 printed: $(cat "$work/err.txt")"
cmp -s "$work/j1/report.json" "$work/j2/report.json" || no "report.json differs between -j 1 and -j 2"
# shards (in either merge order) report the same as build
"$bin" extract "$c/bad.txt" "$c/sub" -o "$work/s1.cmc" 2>/dev/null || no "extract 1 failed"
"$bin" extract "$c/a.txt" -o "$work/s2.cmc" 2>/dev/null || no "extract 2 failed"
"$bin" merge "$work/s2.cmc" "$work/s1.cmc" -o "$work/all.cmc" || no "merge failed"
"$bin" graph "$work/all.cmc" -o "$work/g" --formats csv,graphml || no "graph failed"
for f in report.json nodes.csv edges.csv evidence.csv graph.graphml; do
    cmp -s "$work/j1/$f" "$work/g/$f" || no "$f of the shards differs from build's"
done
# the mentions after the bad bytes keep their offsets in the file (bytes are not removed)
"$bin" mentions "$c/bad.txt" >"$work/m.tsv" || no "mentions failed"
grep -q $'\t33\t39\t1\tturkey\t' "$work/m.tsv" || no "Turkey not at bytes 33-39: $(cat "$work/m.tsv")"

# --- more documents with invalid UTF-8 than are listed: the first 1,000 by id, all counted
big=$work/many
mkdir -p "$big"
$py - "$big" <<'EOF'
import sys
for i in range(1003):
    open("%s/d%04d.txt" % (sys.argv[1], i), "wb").write(b"Russia and \xff Ukraine, note %d.\n" % i)
EOF
"$bin" build "$big" -o "$work/many-out" --formats csv -j 2 2>/dev/null || no "build of 1003 bad files failed"
ls "$big" | awk 'NR % 2' | sed "s|^|$big/|" >"$work/odd.txt"
ls "$big" | awk 'NR % 2 == 0' | sed "s|^|$big/|" >"$work/even.txt"
xargs "$bin" extract -o "$work/odd.cmc" <"$work/odd.txt" 2>/dev/null || no "extract odd failed"
xargs "$bin" extract -o "$work/even.cmc" <"$work/even.txt" 2>/dev/null || no "extract even failed"
"$bin" merge "$work/even.cmc" "$work/odd.cmc" -o "$work/many.cmc" || no "merge of many failed"
"$bin" graph "$work/many.cmc" -o "$work/many-g" --formats csv || no "graph of many failed"
cmp -s "$work/many-out/report.json" "$work/many-g/report.json" ||
    no "capped list: the shards' report.json differs from build's"
$py - "$work/many-out/report.json" "$big" <<'EOF' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
inv = r["input"]["invalid_utf8"]
docs = [d["doc"] for d in inv["list"]]
want = ["%s/d%04d.txt" % (sys.argv[2], i) for i in range(1000)]
if (inv["documents"], inv["bytes"], inv["listed"], inv["list_limit"]) != (1003, 1003, 1000, 1000):
    sys.exit("FAIL: capped totals %r" % ({k: v for k, v in inv.items() if k != "list"},))
if docs != want or any(d["first_offset"] != 11 or d["bytes"] != 1 for d in inv["list"]):
    sys.exit("FAIL: the list is not the first 1000 documents by id")
if r["input"]["documents"] != 1003:
    sys.exit("FAIL: %d documents counted, want 1003" % r["input"]["documents"])
EOF

# --- more skipped files than a page of output: report.json lists every one and why
sk=$work/skips
mkdir -p "$sk"
$py - "$sk" <<'EOF'
import sys
for i in range(300):
    open("%s/bin%03d.txt" % (sys.argv[1], i), "wb").write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
open(sys.argv[1] + "/good.txt", "w").write("Iran and Turkey met.\n")
EOF
"$bin" build "$sk" -o "$work/skips-out" --formats csv 2>/dev/null || no "build of 300 binary files failed"
$py - "$work/skips-out/report.json" "$sk" <<'EOF' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))["input"]
want = ["%s/bin%03d.txt" % (sys.argv[2], i) for i in range(300)]
got = [s["doc"] for s in r["skipped"]]
if got != want or r["documents"] != 1:
    sys.exit("FAIL: %d of 300 skipped files listed (%r...), %d documents" % (len(got), got[:2], r["documents"]))
EOF

# --- special files in a walk: skipped with what they are, the rest counted
d=$work/special
mkdir -p "$d/locked"
printf 'Russia and Ukraine.\n' >"$d/a.txt"
printf 'China and Iran.\n' >"$d/locked/c.txt"
printf 'Turkey.\n' >"$d/noread.txt"
: >"$d/empty.txt" # an empty file is a document without text, not an error
ln -s loop "$d/loop"
ln -s y "$d/x" && ln -s x "$d/y"
ln -s nowhere "$d/dangling"
$py -c "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$d/sock"
chmod 000 "$d/locked" "$d/noread.txt"
chmod 777 "$work"
as_user=()
# permissions stop everyone but root: run as nobody when we are root
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if [ "$(id -u)" -ne 0 ] || [ ${#as_user[@]} -gt 0 ]; then
    timeout 60 "${as_user[@]}" "$bin" build "$d" -o "$work/sp" --formats csv 2>"$work/sp.txt"
    st=$?
    [ "$st" -eq 0 ] || no "walk with special files: exit $st, $(cat "$work/sp.txt")"
    $py - "$work/sp/report.json" "$d" <<'EOF' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
d = sys.argv[2]
got = {s["doc"]: s["reason"] for s in r["input"]["skipped"]}
want = {d + "/dangling": "dangling symbolic link", d + "/locked": "permission denied",
        d + "/loop": "symbolic link loop", d + "/noread.txt": "permission denied",
        d + "/sock": "not a regular file (a socket)", d + "/x": "symbolic link loop",
        d + "/y": "symbolic link loop"}
if got != want:
    sys.exit("FAIL: skipped %r, want %r" % (got, want))
if r["input"]["documents"] != 2 or r["input"]["mentions"] != 2:
    sys.exit("FAIL: %d documents, %d mentions, want 2 and 2" % (r["input"]["documents"], r["input"]["mentions"]))
EOF
    [ "$(wc -l <"$work/sp.txt")" -eq 7 ] || no "want one warning per skipped file: $(cat "$work/sp.txt")"
    timeout 60 "${as_user[@]}" "$bin" build --strict "$d" -o "$work/sp2" 2>/dev/null
    [ $? -eq 2 ] || no "--strict with skipped special files: not exit 2"
    timeout 60 "${as_user[@]}" "$bin" mentions "$d/noread.txt" >/dev/null 2>"$work/e.txt"
    [ $? -eq 2 ] && grep -q "^comention: cannot open '$d/noread.txt': Permission denied$" "$work/e.txt" ||
        no "an unreadable operand: $(cat "$work/e.txt")"
    timeout 60 "${as_user[@]}" "$bin" build "$d/locked" -o "$work/sp3" 2>"$work/e.txt"
    [ $? -eq 2 ] && grep -q "^comention: cannot open '$d/locked': Permission denied$" "$work/e.txt" ||
        no "an unreadable directory operand: $(cat "$work/e.txt")"
    [ ! -e "$work/sp3" ] || no "an unreadable directory operand: outputs written"
fi
chmod 755 "$d/locked" "$d/noread.txt"
# as operands: refused at once, naming the file and what is wrong (never a hang)
for op in loop x dangling sock; do
    timeout 20 "$bin" build "$d/$op" -o "$work/op" 2>"$work/e.txt"
    st=$?
    [ "$st" -eq 2 ] && grep -qE "^comention: cannot open '$d/$op': (Too many levels of symbolic links|No such file or directory|not a regular file or a pipe)$" "$work/e.txt" ||
        no "operand $op: exit $st, $(cat "$work/e.txt")"
done

# --- over 4 GiB (a sparse file): skipped from its size, never read into memory
mkdir -p "$work/huge"
truncate -s 5G "$work/huge/huge.txt"
cp "$c/a.txt" "$work/huge/"
# peak RSS, not ulimit -v: a sanitizer build reserves terabytes of address space
$py -c '
import resource, subprocess, sys
st = subprocess.call(sys.argv[2:], timeout=60)
open(sys.argv[1], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(st)' "$work/rss.txt" "$bin" build "$work/huge" -o "$work/huge-out" --formats csv 2>"$work/e.txt"
st=$?
[ "$st" -eq 0 ] || no "a 5 GB sparse file in a walk: exit $st, $(cat "$work/e.txt")"
[ "$(tail -1 "$work/rss.txt")" -lt 1000000 ] || no "a 5 GB sparse file: peak RSS $(tail -1 "$work/rss.txt") KB"
grep -q '"reason": "larger than 4 GiB, the limit for one document"' "$work/huge-out/report.json" ||
    no "the 5 GB file is not listed as skipped"
grep -q '"documents": 1,' "$work/huge-out/report.json" || no "the other file was not counted"
rm -f "$work/huge/huge.txt"

# --- file names with a tab, a line break and a byte that is no UTF-8, in every output
n=$work/names
mkdir -p "$n"
name=$'a\tb\nc\xffd.txt'
printf 'Russia and Ukraine met in Geneva. China \xff watched.\n' >"$n/$name"
mkfifo "$n/p"$'\t'"q"$'\xfe'
"$bin" build "$n" -o "$work/names-out" --formats svg,png,graphml,gexf,csv,json 2>/dev/null ||
    no "build with odd file names failed"
"$bin" mentions "$n" >"$work/names.tsv" 2>/dev/null || no "mentions with odd file names failed"
"$bin" extract "$n" -o "$work/names.cmc" 2>/dev/null || no "extract with odd file names failed"
"$bin" graph "$work/names.cmc" -o "$work/names-g" --formats csv,json 2>/dev/null ||
    no "graph with odd file names failed"
$py - "$work/names-out" "$work/names.tsv" "$n" <<'EOF' || fail=1
import csv, json, sys, xml.dom.minidom
out, tsv, n = sys.argv[1:4]
shown = n + "/a\tb\nc\ufffdd.txt"
for f in ("graph.svg", "graph.graphml", "graph.gexf", "graph.json", "nodes.csv", "edges.csv",
          "evidence.csv", "report.json"):
    data = open(out + "/" + f, "rb").read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit("FAIL: %s is not UTF-8: %s" % (f, e))
    if f.startswith("graph.") and f != "graph.json":
        xml.dom.minidom.parseString(data)
ev = list(csv.reader(open(out + "/evidence.csv", encoding="utf-8", newline="")))
if not any(row[2] == shown for row in ev[1:]):
    sys.exit("FAIL: evidence.csv lacks the doc id %r: %r" % (shown, ev))
r = json.load(open(out + "/report.json", encoding="utf-8"))
if r["input"]["invalid_utf8"]["list"][0]["doc"] != shown:
    sys.exit("FAIL: report.json invalid_utf8 names %r" % r["input"]["invalid_utf8"]["list"])
if r["input"]["skipped"] != [{"doc": n + "/p\tq\ufffd", "reason": "not a regular file (a named pipe)"}]:
    sys.exit("FAIL: report.json skipped %r" % r["input"]["skipped"])
lines = open(tsv, "rb").read().decode("utf-8").split("\n")
rows = [l.split("\t") for l in lines[1:] if l]
if not rows or any(len(r) != 9 for r in rows):
    sys.exit("FAIL: the mentions TSV has broken lines: %r" % lines)
if any(r[0] != n + "/a b c\ufffdd.txt" for r in rows):
    sys.exit("FAIL: the mentions TSV doc field: %r" % rows[0][0])
EOF
"$bin" build "$n" -o "$work/names-b" --formats csv,json 2>/dev/null || no "build csv,json failed"
for f in report.json evidence.csv graph.json; do
    cmp -s "$work/names-b/$f" "$work/names-g/$f" || no "$f with odd names: shards differ from build"
done

[ "$fail" -eq 0 ] && echo "e2e badinput: ok"
exit "$fail"
