#!/usr/bin/env python3
"""--graphml-evidence K: the first K evidence snippets of each edge (evidence.csv order) are
the edge attributes evidence, evidence_2, ... in GraphML (read by networkx) and GEXF."""
import csv
import sys
import xml.etree.ElementTree as ET

import networkx as nx

out, k = sys.argv[1], int(sys.argv[2])
snippets = {}
with open(f"{out}/evidence.csv", newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        snippets.setdefault((row["Source"], row["Target"]), []).append(row["snippet"])

names = ["evidence"] + [f"evidence_{i}" for i in range(2, k + 1)]
g = nx.read_graphml(f"{out}/graph.graphml")
with_k = 0
for s, t, d in g.edges(data=True):
    key = (min(s, t), max(s, t))
    want = snippets.get(key, [])[:k]
    got = [d[n] for n in names if n in d]
    assert got == want, (key, got, want)
    with_k += len(want) == k
assert with_k > 0, "no edge has K snippets: the test proves nothing"

ns = {"g": "http://www.gexf.net/1.2draft"}
root = ET.parse(f"{out}/graph.gexf").getroot()
declared = [a.get("id") for a in root.findall(".//g:attributes[@class='edge']/g:attribute", ns)]
assert [d for d in declared if d.startswith("evidence")] == names, declared
for e in root.findall(".//g:edge", ns):
    key = (e.get("source"), e.get("target"))
    vals = {a.get("for"): a.get("value") for a in e.findall(".//g:attvalue", ns)}
    got = [vals[n] for n in names if n in vals]
    assert got == snippets.get(key, [])[:k], key
print(f"graphml evidence: ok ({g.number_of_edges()} edges, {with_k} with {k} snippets)")
