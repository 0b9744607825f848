#!/usr/bin/env bash
# End-to-end: a document larger than a block (CM_TEXT_BLOCK, 256 KiB) is segmented and
# extracted a block at a time. One sample article on one line, repeated as the paragraphs
# of one file past the block size: its mentions are the article's own, copy after copy,
# at their byte offsets and sentence numbers in the large file, and its counts the
# article's times the copies; counted a block at a time, windows of sentences and the
# whole document as units (open across the block edges) count as the file's mentions say.
# The same text on a single line (cut at sentence ends) gives
# mentions whose offsets hold their surface text. Articles (below a block) are untouched:
# the golden test covers them.
set -euo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
py=/usr/bin/python3

# the article with its line breaks as spaces, and 300 copies of it (about 570 KB, three blocks)
tr '\n' ' ' <tests/corpus/2026/germany-patriots-kyiv.txt >"$work/one.txt"
copies=300
"$py" - "$work/one.txt" "$work/big.txt" "$copies" <<'PY'
import sys
a = open(sys.argv[1], 'rb').read()
open(sys.argv[2], 'wb').write(b'\n\n'.join([a] * int(sys.argv[3])))
PY
[ "$(wc -c <"$work/big.txt")" -gt 262144 ] || fail "the file is not larger than a block"

"$bin" mentions -q "$work/one.txt" >"$work/one.tsv"
"$bin" mentions -q "$work/big.txt" >"$work/big.tsv"
n_one=$(($(wc -l <"$work/one.tsv") - 1))
[ "$n_one" -ge 10 ] || fail "the article gave $n_one mentions"
"$py" - "$work/one.tsv" "$work/big.tsv" "$work/one.txt" "$copies" <<'PY' || fail "the large file's mentions are not the article's, copy after copy"
import sys
def rows(p):
    return [l.rstrip('\n').split('\t')[1:] for l in open(p, encoding='utf-8')][1:]
one, big = rows(sys.argv[1]), rows(sys.argv[2])
step, n = len(open(sys.argv[3], 'rb').read()) + 2, int(sys.argv[4])
sentences = max(int(r[2]) for r in one) + 1
want = [[str(int(r[0]) + k * step), str(int(r[1]) + k * step), str(int(r[2]) + k * sentences)] + r[3:]
        for k in range(n) for r in one]
if big != want:
    bad = next(i for i, (a, b) in enumerate(zip(big + [None] * len(want), want)) if a != b)
    print('first difference at mention %d: %s, want %s' % (bad, big[bad] if bad < len(big) else None, want[bad]))
    sys.exit(1)
PY

# counts: every edge's count is the article's times the copies, in one document
"$bin" build -q --formats csv -o "$work/one" "$work/one.txt"
"$bin" build -q --formats csv -o "$work/big" "$work/big.txt"
"$py" - "$work/one/edges.csv" "$work/big/edges.csv" "$copies" <<'PY' || fail "the large file's counts are not the article's times the copies"
import csv, sys
def edges(p):
    return {(r['Source'], r['Target']): (int(r['count']), int(r['documents'])) for r in csv.DictReader(open(p))}
one, big, n = edges(sys.argv[1]), edges(sys.argv[2]), int(sys.argv[3])
if not one or set(one) != set(big) or any(big[k] != (one[k][0] * n, 1) for k in one):
    sys.exit(1)
PY

# units across the block edges (counting takes a block at a time): windows of 4 sentences
# and the whole document, counted as the whole document's mentions say
for w in 4 document; do
  "$bin" build -q --window "$w" --formats csv -o "$work/win-$w" "$work/big.txt"
  "$py" - "$work/big.tsv" "$work/win-$w/edges.csv" "$work/win-$w/report.json" "$w" <<'PY' ||
import collections, csv, itertools, json, sys
report = json.load(open(sys.argv[3]))['input']
sentences = report['sentences']
w = sentences if sys.argv[4] == 'document' else int(sys.argv[4])
nw = max(sentences - w + 1, 1)
named = collections.defaultdict(set)
for r in list(csv.reader(open(sys.argv[1], encoding='utf-8'), delimiter='\t'))[1:]:
    named[int(r[3])].add(r[4])
want = collections.Counter()
window = collections.Counter()  # entity -> its mentioning sentences in the window
for s in range(min(w, sentences)):
    window.update(named[s])
for u in range(nw):
    if u > 0:
        window.subtract(named[u - 1])
        window.update(named[u + w - 1])
    want.update(itertools.combinations(sorted(e for e, k in window.items() if k > 0), 2))
got = {(r['Source'], r['Target']): int(r['count']) for r in csv.DictReader(open(sys.argv[2]))}
if report['units'] != nw or got != dict(want):
    print('%d units, %d edges; want %d units, %d edges' % (report['units'], len(got), nw, len(want)))
    sys.exit(1)
PY
    fail "--window $w across block edges: counts are not those of the document's mentions"
done

# the same text on a single line: offsets still point at what they name
tr '\n' ' ' <"$work/big.txt" >"$work/line.txt"
"$bin" mentions -q "$work/line.txt" >"$work/line.tsv"
"$py" - "$work/line.tsv" "$work/line.txt" "$n_one" "$copies" <<'PY' || fail "single line: mentions at wrong offsets or missing"
import re, sys
text = open(sys.argv[2], 'rb').read()
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8')][1:]
last = -1
for r in rows:
    s, e = int(r[1]), int(r[2])
    if re.sub(r'\s+', ' ', text[s:e].decode('utf-8')) != r[7] or s < last:
        print('mention %s' % r)
        sys.exit(1)
    last = e
# a cut may split a name or its context: a few copies may lose a mention, none gain many
if not int(sys.argv[3]) * int(sys.argv[4]) * 0.98 <= len(rows) <= int(sys.argv[3]) * int(sys.argv[4]) * 1.02:
    print('%d mentions, %s x %s expected' % (len(rows), sys.argv[3], sys.argv[4]))
    sys.exit(1)
PY
echo "blocks: ok"
