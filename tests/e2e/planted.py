#!/usr/bin/python3
"""Planted-partition graphs and the silhouette of their drawings (issue 14).

usage: planted.py graph --blocks B --size S --p-in P --p-out Q --seed N --graphml FILE
                        [--dot FILE]
       planted.py silhouette (--svg FILE | --plain FILE)

graph       networkx.planted_partition_graph(B, S, P, Q, seed=N) written as GraphML (for
            `comention render`) and optionally as DOT (for Graphviz sfdp). Node v of block
            b gets the id b<bbb>n<vvvvv> and the label "N<v>", so a drawing's node ids give
            back the planted community.
silhouette  the mean silhouette (Rousseeuw 1987) of the node positions grouped by planted
            block, from comention's SVG (`<circle id="n-ID" cx cy r>`) or from `sfdp -Tplain`
            (`node ID x y ...`). Prints `silhouette S nodes N`.
"""
import argparse
import re
import sys

import networkx as nx
import numpy as np


def node_id(v, size):
    return f"b{v // size:03d}n{v:05d}"


def write_graph(a):
    g = nx.planted_partition_graph(a.blocks, a.size, a.p_in, a.p_out, seed=a.seed)
    edges = sorted((min(u, v), max(u, v)) for u, v in g.edges())
    with open(a.graphml, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
                '  <key id="label" for="node" attr.name="label" attr.type="string"/>\n'
                '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>\n'
                '  <graph edgedefault="undirected">\n')
        for v in sorted(g.nodes()):
            f.write(f'    <node id="{node_id(v, a.size)}"><data key="label">N{v}</data></node>\n')
        for u, v in edges:
            f.write(f'    <edge source="{node_id(u, a.size)}" target="{node_id(v, a.size)}">'
                    '<data key="weight">1</data></edge>\n')
        f.write('  </graph>\n</graphml>\n')
    if a.dot:
        with open(a.dot, "w", encoding="utf-8") as f:
            f.write("graph G {\n")
            for v in sorted(g.nodes()):
                f.write(f'  {node_id(v, a.size)} [label="N{v}"];\n')
            for u, v in edges:
                f.write(f"  {node_id(u, a.size)} -- {node_id(v, a.size)};\n")
            f.write("}\n")


def silhouette(points, labels):
    """Mean over the nodes of (b - a) / max(a, b): a the mean distance to the node's own
    block, b the smallest mean distance to another block. Rows in chunks, so 10,000 nodes
    need no 800 MB distance matrix."""
    p = np.asarray(points, dtype=float)
    lab = np.asarray(labels)
    blocks = np.unique(lab)
    idx = np.searchsorted(blocks, lab)
    count = np.bincount(idx, minlength=len(blocks)).astype(float)
    scores = np.empty(len(p))
    for lo in range(0, len(p), 1000):
        d = np.sqrt(((p[lo:lo + 1000, None, :] - p[None, :, :]) ** 2).sum(-1))
        sums = np.stack([d[:, idx == k].sum(1) for k in range(len(blocks))], 1)
        rows = np.arange(d.shape[0])
        own = idx[lo:lo + 1000]
        a = sums[rows, own] / np.maximum(count[own] - 1, 1)
        mean = sums / count
        mean[rows, own] = np.inf
        b = mean.min(1)
        scores[lo:lo + 1000] = np.where(count[own] > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(scores.mean())


def read_positions(a):
    if a.svg:
        text = open(a.svg, encoding="utf-8").read()
        pat = re.compile(r'<circle id="n-b(\d+)n\d+"[^>]*? cx="([-\d.]+)" cy="([-\d.]+)"')
        found = [(m.group(1), float(m.group(2)), float(m.group(3))) for m in pat.finditer(text)]
    else:
        found = []
        for line in open(a.plain, encoding="utf-8"):
            f = line.split()
            if f and f[0] == "node":
                m = re.fullmatch(r'"?b(\d+)n\d+"?', f[1])
                found.append((m.group(1), float(f[2]), float(f[3])))
    return [(x, y) for _, x, y in found], [int(b) for b, _, _ in found]


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("graph")
    g.add_argument("--blocks", type=int, required=True)
    g.add_argument("--size", type=int, required=True)
    g.add_argument("--p-in", type=float, required=True)
    g.add_argument("--p-out", type=float, required=True)
    g.add_argument("--seed", type=int, required=True)
    g.add_argument("--graphml", required=True)
    g.add_argument("--dot")
    s = sub.add_parser("silhouette")
    src = s.add_mutually_exclusive_group(required=True)
    src.add_argument("--svg")
    src.add_argument("--plain")
    a = ap.parse_args()
    if a.cmd == "graph":
        write_graph(a)
        return 0
    points, labels = read_positions(a)
    if len(points) < 2:
        print("planted.py: no node positions found", file=sys.stderr)
        return 1
    print(f"silhouette {silhouette(points, labels):.3f} nodes {len(points)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
