#!/usr/bin/env python3
"""Precision of discovered entities: the share of the entities `comention mentions` marks
discovered=1 that the gold annotation of their document has.

usage: discovered-precision.py --bin BUILD/comention --docs DIR --gold DIR [--verbose]
                               [-- EXTRA comention OPTIONS]

Gold files are GOLD/<document base name>.json in the annotation format of the evaluation
set (entities with id, canonical name and aliases). A discovered entity of a document is
mapped onto that document's gold entities through its label and the surfaces it was
found by, with the same normalization as the evaluation scorer (NFKC, curly quotes, dots,
a possessive, accents and case dropped, a leading "the"). It counts once per document.
Exit 0; the last line is the figure.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace(".", "")
    s = re.sub(r"'s?$", "", s)
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    s = s.casefold()
    s = re.sub(r"[^\w]+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return s


def gold_index(path):
    with open(path, encoding="utf-8") as f:
        g = json.load(f)
    idx = {}
    for e in g["entities"]:
        for s in [e["canonical"], e["id"].replace("-", " ")] + e.get("aliases", []):
            idx.setdefault(norm(s), e["id"])
    return idx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--docs", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()

    files = sorted(os.path.join(a.docs, f) for f in os.listdir(a.docs) if f.endswith(".txt"))
    res = subprocess.run([a.bin, "mentions", *a.extra, *files], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        sys.exit(f"discovered-precision: comention exited {res.returncode}: {res.stderr[-500:]}")
    rows = list(csv.reader(res.stdout.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    col = {h: i for i, h in enumerate(rows[0])}
    found = defaultdict(lambda: [None, set()])  # (doc base, entity) -> [label, surfaces]
    for r in rows[1:]:
        if r[col["discovered"]] != "1":
            continue
        base = os.path.splitext(os.path.basename(r[col["doc"]]))[0]
        d = found[(base, r[col["entity"]])]
        d[0] = r[col["label"]]
        d[1].add(r[col["surface"]])

    indexes = {}
    hits, misses = [], []
    for (base, ent), (label, surfaces) in sorted(found.items()):
        if base not in indexes:
            indexes[base] = gold_index(os.path.join(a.gold, base + ".json"))
        gid = next((indexes[base][norm(s)] for s in [label, *sorted(surfaces)]
                    if norm(s) in indexes[base]), None)
        (hits if gid else misses).append((base, ent, label, gid))
    n = len(hits) + len(misses)
    if a.verbose:
        for base, ent, label, gid in hits:
            print(f"  in gold   {base} {ent} ({label}) -> {gid}")
        for base, ent, label, _ in misses:
            print(f"  not gold  {base} {ent} ({label})")
    share = len(hits) / n if n else 1.0
    print(f"discovered entities {n} (document, entity) pairs, {len(hits)} in the gold: "
          f"precision {share:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
