#!/usr/bin/python3
"""Open every export of one `comention build` with real readers; nothing may be lost.

usage: check_readers.py OUTDIR [EXPECTED.json]

Readers: networkx read_graphml, read_gexf and node_link_graph (graph.json); python-igraph
Graph.Read_GraphML; the standard library's XML parser for graph.svg and zlib for graph.png.
A reader's warning is an error. Each must give the nodes and edges of nodes.csv/edges.csv (the reference) with
the same values: label (exactly, character for character), type, subtype, mentions,
documents, degree, pagerank, community, x, y, size, colour; edge weight, count and the
first evidence snippet of evidence.csv. Numbers must read back as the same double. XML
formats drop the characters XML forbids (docs/design.md §3), so their evidence is compared with
the snippet without them; graph.json must carry it exactly.

EXPECTED.json (from gen_adversarial.py): the display names the lexicon gave, which
nodes.csv's Label must equal exactly, and pairs that must be edges.

Every difference is printed as `READER: what`; exit 1 if any.
"""
import csv
import json
import os
import re
import struct
import sys
import warnings
import xml.etree.ElementTree as ET
import zlib

import igraph
import networkx as nx

errors = []
# Characters XML 1.0 forbids, even as character references.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def fail(reader, msg):
    errors.append(f"{reader}: {msg}")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def reference(out):
    nodes = {r["Id"]: r for r in read_csv(os.path.join(out, "nodes.csv"))}
    edges = {(r["Source"], r["Target"]): r for r in read_csv(os.path.join(out, "edges.csv"))}
    evidence = {}
    for r in read_csv(os.path.join(out, "evidence.csv")):
        evidence.setdefault((r["Source"], r["Target"]), r["snippet"])
    for k in edges:
        if k not in evidence:
            fail("evidence.csv", f"no snippet for edge {k[0]}-{k[1]}")
    return nodes, edges, evidence


def short(v):
    s = repr(v)
    return s if len(s) <= 120 else s[:80] + f"... ({len(v) if isinstance(v, str) else '?'} chars)"


class Compare:
    """Collects a reader's view (id -> {attr: value}) and compares it with the CSV."""

    def __init__(self, reader, ref_nodes, ref_edges, evidence, xml):
        self.reader = reader
        self.ref_nodes, self.ref_edges, self.evidence, self.xml = ref_nodes, ref_edges, evidence, xml
        self.bad = 0

    def diff(self, what, got, want):
        self.bad += 1
        if self.bad <= 15:
            fail(self.reader, f"{what}: read {short(got)}, CSV has {short(want)}")

    def nodes(self, got):
        if len(got) != len(self.ref_nodes):
            fail(self.reader, f"{len(got)} nodes, nodes.csv has {len(self.ref_nodes)}")
        for n in sorted(set(self.ref_nodes) - set(got))[:5]:
            fail(self.reader, f"node {n} missing")
        for n in sorted(set(got) - set(self.ref_nodes))[:5]:
            fail(self.reader, f"node {short(n)} is not in nodes.csv")
        for n, d in sorted(got.items()):
            r = self.ref_nodes.get(n)
            if r is None:
                continue
            for key, col, conv in (("label", "Label", str), ("type", "type", str),
                                   ("subtype", "subtype", str), ("mentions", "mentions", int),
                                   ("documents", "documents", int), ("degree", "degree", int),
                                   ("community", "community", int),
                                   ("pagerank", "pagerank", float), ("x", "x", float),
                                   ("y", "y", float), ("size", "size", float),
                                   ("color", "color", str)):
                want, got = conv(r[col]), d.get(key, "(absent)")
                if conv is float and type(got) is int:
                    got = float(got)  # JSON may write an integral real as an integer
                if got != want or type(got) is not type(want):
                    self.diff(f"node {n} {key}", got, want)

    def edges(self, got):
        """got: {(u, v): {weight, count, evidence}}, either orientation."""
        seen = {}
        for (u, v), d in got.items():
            k = (u, v) if (u, v) in self.ref_edges else (v, u)
            if k in seen:
                fail(self.reader, f"edge {u}-{v} twice")
            seen[k] = d
        if len(got) != len(self.ref_edges):
            fail(self.reader, f"{len(got)} edges, edges.csv has {len(self.ref_edges)}")
        for k in sorted(set(self.ref_edges) - set(seen))[:5]:
            fail(self.reader, f"edge {k[0]}-{k[1]} missing")
        for k in sorted(set(seen) - set(self.ref_edges))[:5]:
            fail(self.reader, f"edge {k[0]}-{k[1]} is not in edges.csv")
        for k, d in sorted(seen.items()):
            r = self.ref_edges.get(k)
            if r is None:
                continue
            e = f"edge {k[0]}-{k[1]}"
            if d.get("weight") != float(r["Weight"]):
                self.diff(f"{e} weight", d.get("weight"), float(r["Weight"]))
            if d.get("count") != int(r["count"]):
                self.diff(f"{e} count", d.get("count"), int(r["count"]))
            want = self.evidence.get(k, "")
            if self.xml:
                want = XML_FORBIDDEN.sub("", want)
            if d.get("evidence") != want:
                self.diff(f"{e} evidence", d.get("evidence"), want)


def as_int(v):
    """An integer-valued attribute as read (igraph reads every number as a double)."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def rgb_hex(r, g, b):
    return "#%02x%02x%02x" % (int(r), int(g), int(b))


def networkx_graphml(out, ref):
    g = nx.read_graphml(os.path.join(out, "graph.graphml"))
    c = Compare("networkx read_graphml", *ref, xml=True)
    if g.is_directed() or g.is_multigraph():
        fail(c.reader, "graph is directed or a multigraph")
    nodes = {}
    for n, d in g.nodes(data=True):
        v = dict(d)
        if all(k in d for k in "rgb"):
            v["color"] = rgb_hex(d["r"], d["g"], d["b"])
        nodes[n] = v
    c.nodes(nodes)
    c.edges({(u, v): d for u, v, d in g.edges(data=True)})


def networkx_gexf(out, ref):
    g = nx.read_gexf(os.path.join(out, "graph.gexf"))
    c = Compare("networkx read_gexf", *ref, xml=True)
    if g.is_directed() or g.is_multigraph():
        fail(c.reader, "graph is directed or a multigraph")
    nodes = {}
    for n, d in g.nodes(data=True):
        v = dict(d)
        viz = d.get("viz", {})
        if "position" in viz:
            v["x"], v["y"] = viz["position"].get("x"), viz["position"].get("y")
        if "size" in viz:
            v["size"] = viz["size"]
        if "color" in viz:
            col = viz["color"]
            v["color"] = rgb_hex(col["r"], col["g"], col["b"])
            if col.get("a", 1.0) != 1.0:
                fail(c.reader, f"node {n}: colour alpha {col['a']}")
        nodes[n] = v
    c.nodes(nodes)
    c.edges({(u, v): d for u, v, d in g.edges(data=True)})


def networkx_json(out, ref):
    with open(os.path.join(out, "graph.json"), encoding="utf-8") as f:
        data = json.load(f)
    c = Compare("networkx node_link_graph", *ref, xml=False)
    if data.get("directed") is not False or data.get("multigraph") is not False:
        fail(c.reader, f"directed {data.get('directed')!r}, multigraph "
                       f"{data.get('multigraph')!r}: both must be false")
    g = nx.node_link_graph(data)
    if g.is_directed() or g.is_multigraph():
        fail(c.reader, "graph is directed or a multigraph")
    c.nodes({n: dict(d) for n, d in g.nodes(data=True)})
    # JSON writes an integer-valued weight as an integer: compare the number.
    c.edges({(u, v): dict(d, weight=float(d["weight"])) if isinstance(d.get("weight"), int)
             else dict(d) for u, v, d in g.edges(data=True)})


def igraph_graphml(out, ref):
    g = igraph.Graph.Read_GraphML(os.path.join(out, "graph.graphml"))
    c = Compare("igraph Read_GraphML", *ref, xml=True)
    if g.is_directed():
        fail(c.reader, "graph is directed")
    nodes = {}
    for v in g.vs:
        d = {k: as_int(x) if k in ("mentions", "documents", "degree", "community") else x
             for k, x in v.attributes().items()}
        if all(k in d for k in "rgb"):
            d["color"] = rgb_hex(d["r"], d["g"], d["b"])
        nodes[d["id"]] = d
    c.nodes(nodes)
    ids = g.vs["id"]
    edges = {}
    for e in g.es:
        d = e.attributes()
        d["count"] = as_int(d.get("count"))
        edges[(ids[e.source], ids[e.target])] = d
    c.edges(edges)


def svg(out, ref):
    """The drawing: well-formed XML; every drawn label is a Label of nodes.csv, exactly, or
    the start of a longer one cut with '…'; every node has a <title> that starts with its
    Label."""
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.parse(os.path.join(out, "graph.svg")).getroot()
    labels = {r["Label"] for r in ref[0].values()}
    for g in root.iter(ns + "g"):
        if g.get("id") == "labels":
            for t in g.iter(ns + "text"):
                text = "".join(t.itertext())
                cut = text.endswith("\u2026") and any(
                    len(l) > len(text) - 1 and l.startswith(text[:-1]) for l in labels)
                if text not in labels and not cut:
                    fail("svg", f"drawn label {short(text)} is no Label of nodes.csv")
    titles = ["".join(t.itertext()) for t in root.iter(ns + "title")]
    for n, r in ref[0].items():
        if not any(t.startswith(r["Label"]) for t in titles):
            fail("svg", f"no <title> starts with the label of {n}: {short(r['Label'])}")


def png(out, ref):
    """The PNG, decoded with zlib: signature, chunk CRCs, IHDR, and IDAT that inflates to
    exactly one filtered scanline per row (the standard library has no PNG reader)."""
    with open(os.path.join(out, "graph.png"), "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("png", "no PNG signature")
        return
    pos, chunks, idat = 8, [], b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc, = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        if zlib.crc32(kind + body) != crc:
            fail("png", f"bad CRC in chunk {kind!r}")
        chunks.append(kind)
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if chunks[0] != b"IHDR" or chunks[-1] != b"IEND":
        fail("png", f"chunks {chunks[:3]}...{chunks[-1:]}")
        return
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(idat)
    if len(raw) != h * (1 + (w * channels * depth + 7) // 8):
        fail("png", f"IDAT inflates to {len(raw)} bytes, not {h} rows of {w} pixels")


def expected(out, path, ref):
    with open(path, encoding="utf-8") as f:
        want = json.load(f)
    nodes, edges = ref[0], ref[1]
    for n, name in want["names"].items():
        if n not in nodes:
            fail("nodes.csv", f"entity {n} is not a node")
        elif nodes[n]["Label"] != name:
            fail("nodes.csv", f"node {n} Label {short(nodes[n]['Label'])}, the lexicon "
                              f"says {short(name)}")
    for a, b in want["pairs"]:
        if (a, b) not in edges:
            fail("edges.csv", f"no edge {a}-{b}, though a sentence names both")


def main():
    out = sys.argv[1]
    warnings.simplefilter("error")  # igraph reports what it could not read as warnings
    warnings.simplefilter("default", DeprecationWarning)
    warnings.simplefilter("default", PendingDeprecationWarning)
    ref = reference(out)
    if len(sys.argv) > 2:
        expected(out, sys.argv[2], ref)
    for check in (networkx_graphml, networkx_gexf, networkx_json, igraph_graphml, svg, png):
        try:
            check(out, ref)
        except Exception as e:  # a reader that refuses the file is a finding, not a crash
            fail(check.__name__, f"{type(e).__name__}: {e}")
    for e in errors:
        print(f"check_readers: {out}: {e}", file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"check_readers: ok ({len(ref[0])} nodes, {len(ref[1])} edges; networkx graphml, "
          "gexf, json; igraph graphml; svg; png)")


if __name__ == "__main__":
    main()
