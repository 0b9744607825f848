#!/usr/bin/python3
"""The disparity filter (Serrano, Boguñá, Vespignani 2009) computed directly from the full
graph's edges.csv, compared with the edges comention keeps with --backbone ALPHA.

usage: check_backbone.py FULL_DIR BACKBONE_DIR ALPHA
"""
import csv
import sys
from collections import defaultdict


def edges(d):
    with open(f"{d}/edges.csv", encoding="utf-8", newline="") as f:
        return [(r["Source"], r["Target"], int(r["count"])) for r in csv.DictReader(f)]


def main():
    full, bb, alpha = sys.argv[1], sys.argv[2], float(sys.argv[3])
    deg, strength = defaultdict(int), defaultdict(float)
    all_edges = edges(full)
    for a, b, w in all_edges:
        for v in (a, b):
            deg[v] += 1
            strength[v] += w

    def a_at(v, w):
        k = deg[v]
        return (1 - w / strength[v]) ** (k - 1) if k > 1 else 1.0

    want = {(a, b) for a, b, w in all_edges if a_at(a, w) < alpha or a_at(b, w) < alpha}
    got = {(a, b) for a, b, _ in edges(bb)}
    if want != got:
        sys.exit(f"check_backbone: {len(want ^ got)} edges differ, e.g. {sorted(want ^ got)[:5]}")
    if not 0 < len(got) < len(all_edges):
        sys.exit(f"check_backbone: alpha {alpha} kept {len(got)} of {len(all_edges)}: no test")
    print(f"check_backbone: ok, alpha {alpha} keeps {len(got)} of {len(all_edges)} edges")


if __name__ == "__main__":
    main()
