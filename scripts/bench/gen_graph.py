#!/usr/bin/python3
"""Generate a deterministic weighted graph for the drawing benchmark of scripts/bench.sh.

usage: gen_graph.py --nodes N --edges M --seed S --graphml FILE --dot FILE

N nodes with entity-like labels ("Actor 12 Ministry", …) and types, M distinct undirected
edges with integer weights 1-20. Edge ends are drawn with a skew towards low node numbers
(a few hubs, a long tail), as co-mention networks have. The same graph is written as
GraphML without positions, sizes or colours (so `comention render` lays it out and
measures it, as `build` would) and as DOT for Graphviz's sfdp (labels, undirected,
weights). Same arguments, same bytes.
"""
import argparse
import random
from xml.sax.saxutils import escape

WORDS = ["Ministry", "Command", "Council", "Forces", "Agency", "Institute", "Army", "Office",
         "Group", "Front", "Navy", "Guard"]
TYPES = ["actor", "country", "weapon"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, required=True)
    ap.add_argument("--edges", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--graphml", required=True)
    ap.add_argument("--dot", required=True)
    a = ap.parse_args()
    if a.edges > a.nodes * (a.nodes - 1) // 2:
        ap.error("more edges than pairs")
    rng = random.Random(a.seed)
    n = a.nodes
    labels = [f"{TYPES[i % 3].capitalize()} {i} {WORDS[int(rng.random() * len(WORDS))]}"
              for i in range(n)]
    edges = {}
    while len(edges) < a.edges:
        u = int(n * rng.random() ** 2)
        v = int(n * rng.random())
        if u != v:
            key = (min(u, v), max(u, v))
            if key not in edges:
                edges[key] = 1 + int(20 * rng.random() ** 3)
    pairs = sorted(edges)

    with open(a.graphml, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
                '  <key id="d0" for="node" attr.name="label" attr.type="string"/>\n'
                '  <key id="d1" for="node" attr.name="type" attr.type="string"/>\n'
                '  <key id="d2" for="edge" attr.name="weight" attr.type="double"/>\n'
                '  <graph edgedefault="undirected">\n')
        for i in range(n):
            f.write(f'    <node id="v{i}"><data key="d0">{escape(labels[i])}</data>'
                    f'<data key="d1">{TYPES[i % 3]}</data></node>\n')
        for (u, v) in pairs:
            f.write(f'    <edge source="v{u}" target="v{v}"><data key="d2">{edges[(u, v)]}</data>'
                    '</edge>\n')
        f.write("  </graph>\n</graphml>\n")

    with open(a.dot, "w", encoding="utf-8") as f:
        f.write("graph G {\n")
        for i in range(n):
            f.write(f'  v{i} [label="{labels[i]}"];\n')
        for (u, v) in pairs:
            f.write(f"  v{u} -- v{v} [weight={edges[(u, v)]}];\n")
        f.write("}\n")


if __name__ == "__main__":
    main()
