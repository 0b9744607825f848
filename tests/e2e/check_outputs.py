#!/usr/bin/python3
"""Read comention's outputs back with real readers and compare them with each other.

usage: check_outputs.py OUTDIR MENTIONS.tsv STDIN.tsv

- graph.graphml through networkx: same nodes, edges and attribute values as
  nodes.csv / edges.csv; Gephi's key names; every key typed and scoped.
- nodes.csv / edges.csv / evidence.csv headers exactly as docs/design.md §3.
- the mentions TSV: header, order, and offsets that slice the original bytes.
- report.json parses and agrees with the CSV files.
"""
import csv
import json
import math
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

import networkx as nx

NODE_COLS = ("Id,Label,type,subtype,discovered,mentions,documents,degree,strength,betweenness,"
             "closeness,harmonic,eigenvector,pagerank,kcore,clustering,community,x,y,size,color")
EDGE_COLS = "Source,Target,Type,Weight,count,documents,jaccard,dice,npmi,association,llr"
EVIDENCE_COLS = "Source,Target,doc,start,end,snippet"
TSV_COLS = "doc\tstart\tend\tsentence\tentity\ttype\tlabel\tsurface\tdiscovered"


def fail(msg):
    sys.exit(f"check_outputs: {msg}")


def read_csv(path, header):
    with open(path, encoding="utf-8", newline="") as f:
        first = f.readline().rstrip("\n")
        if first != header:
            fail(f"{path}: header {first!r}, want {header!r}")
        f.seek(0)
        return list(csv.DictReader(f))


def close(a, b):
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def check_graphml(out, nodes, edges):
    path = os.path.join(out, "graph.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = ET.parse(path).getroot().findall("g:key", ns)
    seen = {}
    for k in keys:
        for a in ("id", "for", "attr.name", "attr.type"):
            if a not in k.attrib:
                fail(f"key {k.attrib} lacks {a}")
        seen[(k.get("for"), k.get("attr.name"))] = k.get("id")
    for name in ("label", "x", "y", "size", "r", "g", "b"):
        if seen.get(("node", name)) != name:
            fail(f"node key {name} must have id {name} for Gephi")
    if seen.get(("edge", "weight")) != "weight":
        fail("edge key weight must have id weight for Gephi")

    g = nx.read_graphml(path)
    if g.is_directed():
        fail("graph is directed")
    if sorted(g.nodes) != sorted(r["Id"] for r in nodes):
        fail("GraphML nodes differ from nodes.csv")
    if g.number_of_edges() != len(edges):
        fail(f"GraphML has {g.number_of_edges()} edges, edges.csv {len(edges)}")
    for r in nodes:
        d = g.nodes[r["Id"]]
        if d["label"] != r["Label"] or d["type"] != r["type"] or d["subtype"] != r["subtype"]:
            fail(f"node {r['Id']}: label/type differ")
        for col in ("mentions", "documents", "degree", "kcore", "community"):
            if int(d[col]) != int(r[col]):
                fail(f"node {r['Id']}: {col} {d[col]} vs {r[col]}")
        for col in ("strength", "betweenness", "closeness", "harmonic", "eigenvector",
                    "pagerank", "clustering", "x", "y", "size"):
            if not close(d[col], r[col]):
                fail(f"node {r['Id']}: {col} {d[col]} vs {r[col]}")
        if "#%02x%02x%02x" % (d["r"], d["g"], d["b"]) != r["color"]:
            fail(f"node {r['Id']}: colour differs")
        if d["discovered"] is not (r["discovered"] == "1") or r["discovered"] not in ("0", "1"):
            fail(f"node {r['Id']}: discovered {d['discovered']} vs {r['discovered']}")
    for r in edges:
        if not r["Source"] < r["Target"]:
            fail(f"edge {r['Source']}-{r['Target']}: Source not < Target")
        d = g.edges[r["Source"], r["Target"]]
        if r["Type"] != "Undirected":
            fail("edge Type must be Undirected")
        for col in ("weight", "jaccard", "dice", "npmi", "association", "llr"):
            if not close(d[col], r["Weight" if col == "weight" else col]):
                fail(f"edge {r['Source']}-{r['Target']}: {col} differs")
        if int(d["count"]) != int(r["count"]) or int(d["documents"]) != int(r["documents"]):
            fail(f"edge {r['Source']}-{r['Target']}: counts differ")
        if int(r["count"]) < 1 or float(r["Weight"]) <= 0:
            fail("edge with no co-mention")
    return g


def check_csv_values(nodes, edges):
    ids = [r["Id"] for r in nodes]
    if ids != sorted(ids, key=lambda s: s.encode()):
        fail("nodes.csv not in id byte order")
    pairs = [(r["Source"], r["Target"]) for r in edges]
    if pairs != sorted(pairs, key=lambda p: (p[0].encode(), p[1].encode())):
        fail("edges.csv not in (Source, Target) order")
    for r in nodes + edges:
        for k, v in r.items():
            if v in ("-0", "nan", "NaN", "inf", "-inf", "Inf"):
                fail(f"bad number {v} in column {k}")
    types = {r["type"] for r in nodes}
    if types != {"actor", "country", "weapon"}:
        fail(f"sample corpus should give all three types, got {types}")
    deg = {r["Id"]: 0 for r in nodes}
    for r in edges:
        deg[r["Source"]] += 1
        deg[r["Target"]] += 1
    for r in nodes:
        if int(r["degree"]) != deg[r["Id"]]:
            fail(f"node {r['Id']}: degree {r['degree']}, edges say {deg[r['Id']]}")


def check_mentions(tsv, stdin_tsv):
    rows = []
    with open(tsv, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines[0] != TSV_COLS:
        fail(f"mentions header {lines[0]!r}")
    rows = [l.split("\t") for l in lines[1:] if l]
    keys = [(r[0].encode(), int(r[1])) for r in rows]
    if keys != sorted(keys):
        fail("mentions not ordered by (doc, start)")
    texts = {}
    for r in rows:
        if len(r) != 9:
            fail(f"mentions row with {len(r)} fields: {r}")
        doc, start, end = r[0], int(r[1]), int(r[2])
        if doc not in texts:
            with open(doc, "rb") as f:
                texts[doc] = f.read()
        raw = texts[doc][start:end].decode("utf-8")
        if re.sub(r"\s+", " ", raw) != r[7]:
            fail(f"{doc}:{start}-{end}: bytes {raw!r} vs surface {r[7]!r}")
        if r[8] not in ("0", "1"):
            fail(f"discovered must be 0 or 1, not {r[8]!r}")
    with open(stdin_tsv, encoding="utf-8") as f:
        srows = [l.split("\t") for l in f.read().split("\n")[1:] if l]
    if not srows or any(r[0] != "-" for r in srows):
        fail("standard input must have doc id '-'")
    direct = [r[1:] for r in rows if r[0].endswith("black-sea-drones.txt")]
    if direct != [r[1:] for r in srows]:
        fail("standard input gives other mentions than the file")
    return rows


def check_report(out, nodes, edges, rows):
    with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
        rep = json.load(f)
    if rep["graph"]["nodes"] != len(nodes) or rep["graph"]["edges"] != len(edges):
        fail("report.json graph size differs from the CSV files")
    if rep["input"]["mentions"] != len(rows):
        fail(f"report.json mentions {rep['input']['mentions']} vs {len(rows)} TSV rows")
    text = json.dumps(rep)
    if "/work/" in text or "/tmp/" in text or "/home/" in text:
        fail("report.json names a path of the machine")


def check_png(out):
    with open(os.path.join(out, "graph.png"), "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        fail("graph.png is not a PNG")
    w, h = struct.unpack(">II", head[16:24])
    if (w, h) != (1600, 1200):
        fail(f"graph.png is {w}x{h}, want 1600x1200")


def check_svg(out):
    root = ET.parse(os.path.join(out, "graph.svg")).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    legend = [t.text for g in root.iter(ns + "g") if g.get("id") == "legend"
              for t in g.iter(ns + "text")]
    for t in ("actor", "country", "weapon"):
        if t not in legend:
            fail(f"legend lacks {t}")
    labels = [t for g in root.iter(ns + "g") if g.get("id") == "labels" for t in g.iter(ns + "text")]
    if len(labels) < 10:
        fail(f"only {len(labels)} labels drawn")
    w, h = float(root.get("width")), float(root.get("height"))
    for t in labels:
        x, y = float(t.get("x")), float(t.get("y"))
        if not (0 <= x <= w and 0 <= y <= h):
            fail(f"label {t.text!r} outside the canvas")


def main():
    out, tsv, stdin_tsv = sys.argv[1:4]
    nodes = read_csv(os.path.join(out, "nodes.csv"), NODE_COLS)
    edges = read_csv(os.path.join(out, "edges.csv"), EDGE_COLS)
    evidence = read_csv(os.path.join(out, "evidence.csv"), EVIDENCE_COLS)
    if len(nodes) < 20 or len(edges) < 20 or len(evidence) < len(edges):
        fail(f"too small a graph for the sample corpus: {len(nodes)} nodes, {len(edges)} edges")
    check_csv_values(nodes, edges)
    check_graphml(out, nodes, edges)
    rows = check_mentions(tsv, stdin_tsv)
    check_report(out, nodes, edges, rows)
    check_png(out)
    check_svg(out)
    print(f"check_outputs: ok ({len(nodes)} nodes, {len(edges)} edges, {len(rows)} mentions)")


if __name__ == "__main__":
    main()
