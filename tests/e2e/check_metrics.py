#!/usr/bin/python3
"""Check every metric of nodes.csv against networkx 2.8.8 (docs/design.md §6).

usage: check_metrics.py OUTDIR [EXPECTED.tsv]

The graph is read from OUTDIR/edges.csv (Source, Target, Weight) plus every node of
OUTDIR/nodes.csv (isolated entities have no edge); dist = 1/Weight. Each column of
nodes.csv is compared with the networkx call §6 names, within 1e-6 relative (1e-9
absolute near 0). Communities: networkx's modularity of our partition must equal
report.json's graph.modularity within 1e-6, be at least networkx Louvain's (seed 1) minus
0.01, and be numbered as §6 says (0 = largest, ties by smallest member id).

Eigenvector centrality is defined up to the choice of component on a disconnected graph
(networkx's numpy solver returns the vector of one component). It is checked on the
largest connected component (networkx on that component, scaled to max 1); how ours
compares with networkx on the whole graph is printed, not checked.

EXPECTED.tsv (from gen_synthetic.py), when given, is the graph the input describes: the
nodes and weights read from the CSV files must be exactly those.

Every disagreement is printed as `METRIC NODE: ours X, networkx Y` (at most 10 per
metric); exit 1 if any.
"""
import csv
import json
import math
import os
import sys
from fractions import Fraction

import networkx as nx

REL, ABS = 1e-6, 1e-9
errors = []
prefix = "check_metrics"


def fail(msg):
    errors.append(msg)
    print(f"{prefix}: {msg}", flush=True)


def note(msg):
    print(f"{prefix}: {msg}", flush=True)


def close(a, b):
    return math.isclose(a, b, rel_tol=REL, abs_tol=ABS)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_graph(out):
    nodes = read_csv(os.path.join(out, "nodes.csv"))
    edges = read_csv(os.path.join(out, "edges.csv"))
    g = nx.Graph()
    for r in nodes:
        g.add_node(r["Id"])
    for r in edges:
        w = float(r["Weight"])
        if not w > 0:
            sys.exit(f"check_metrics: edge {r['Source']}-{r['Target']} has Weight {w}")
        if r["Source"] not in g or r["Target"] not in g:
            sys.exit(f"check_metrics: edge {r['Source']}-{r['Target']} names a node "
                     "nodes.csv lacks")
        g.add_edge(r["Source"], r["Target"], weight=w, dist=1.0 / w)
    if g.number_of_edges() != len(edges):
        sys.exit("check_metrics: edges.csv lists a pair twice")
    return g, {r["Id"]: r for r in nodes}


def check_expected(g, path):
    want = nx.Graph()
    with open(path, encoding="utf-8") as f:
        for line in f:
            a, b, w = line.rstrip("\n").split("\t")
            if b:
                want.add_edge(a, b, weight=float(w))
            else:
                want.add_node(a)
    if set(g.nodes) != set(want.nodes):
        fail(f"graph: nodes differ from the generated corpus: missing "
             f"{sorted(set(want.nodes) - set(g.nodes))[:10]}, extra "
             f"{sorted(set(g.nodes) - set(want.nodes))[:10]}")
    for a, b, d in want.edges(data=True):
        if not g.has_edge(a, b):
            fail(f"graph: edge {a}-{b} (weight {d['weight']:g}) missing")
        elif g.edges[a, b]["weight"] != d["weight"]:
            fail(f"graph: edge {a}-{b} weight {g.edges[a, b]['weight']:g}, "
                 f"generated {d['weight']:g}")
    for a, b in g.edges:
        if not want.has_edge(a, b):
            fail(f"graph: edge {a}-{b} was never generated")


def compare(name, ours, ref, nodes, integer=False):
    bad = 0
    for n in nodes:
        o, r = ours[n], ref[n]
        ok = (o == r) if integer else close(o, r)
        if not ok:
            bad += 1
            if bad <= 10:
                fail(f"{name} {n}: ours {o!r}, networkx {r!r}")
    if bad > 10:
        fail(f"{name}: {bad - 10} more nodes differ")
    return bad


def column(rows, col, conv=float):
    return {n: conv(r[col]) for n, r in rows.items()}


def explain_betweenness(g, ours):
    """A diagnosis, not a check: networkx's Dijkstra counts two paths as equally short
    only when their float sums of 1/Weight are bit-identical (1/3 + 1/6 is not 1/2), so a
    tie-aware implementation differs from it. Say whether ours is exactly that."""
    h = nx.Graph()
    h.add_nodes_from(g)
    for a, b, d in g.edges(data=True):
        h.add_edge(a, b, dist=1 / Fraction(d["weight"]).limit_denominator(10**9))
    exact = nx.betweenness_centrality(h, weight="dist", normalized=True)
    off = [n for n in g if not close(ours[n], exact[n])]
    note("betweenness: with exact rational distances (ties compared exactly), networkx's "
         "betweenness " + ("equals ours on every node" if not off else
                           f"still differs from ours on {len(off)} nodes"))
    # One pair of equally short paths (exactly) whose float sums differ, as an example.
    tried = 0
    for s in sorted(g, key=str.encode):
        for t in sorted(nx.node_connected_component(g, s), key=str.encode):
            if t == s or tried > 3000:
                continue
            tried += 1
            paths = list(nx.all_shortest_paths(h, s, t, weight="dist"))
            sums = {}
            for p in paths:
                d = 0.0
                for a, b in zip(p, p[1:]):
                    d += g.edges[a, b]["dist"]
                sums.setdefault(d, p)
            if len(sums) > 1:
                for d, p in sorted(sums.items()):
                    w = [g.edges[a, b]["weight"] for a, b in zip(p, p[1:])]
                    note(f"betweenness: e.g. path {' '.join(p)}, weights "
                         f"{' '.join(f'{x:g}' for x in w)}: sum of 1/Weight {d!r}")
                note("betweenness: these paths are equally short, but networkx 2.8.8 "
                     "compares float sums with == and counts only the shortest float")
                return


def check_eigenvector(g, rows):
    ours = column(rows, "eigenvector")
    comps = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))
    lcc = g.subgraph(comps[0]).copy()
    ev = nx.eigenvector_centrality_numpy(lcc, weight="weight")
    top = max(ev.values())
    ref = {n: v / top for n, v in ev.items()}
    mine = max(ours[n] for n in lcc)
    if len(comps) > 1 and mine > 0 and not close(mine, 1.0):
        # The leading eigenvalue belongs to another component: ours is scaled there.
        note(f"eigenvector: ours peaks at {mine!r} on the largest component; rescaled to 1")
        ours = {n: ours[n] / mine for n in lcc}
    bad = compare("eigenvector (largest component)", ours, ref, sorted(lcc.nodes))
    ours = column(rows, "eigenvector")

    # Whole graph: informational only (see the docstring).
    if len(comps) > 1:
        whole = nx.eigenvector_centrality_numpy(g, weight="weight")
        top = max(whole.values())
        diff = [n for n in g if not close(ours[n], whole[n] / top)]
        outside = [abs(ours[n]) for n in g if n not in lcc]
        note(f"eigenvector on the whole graph ({len(comps)} components): "
             + ("agrees with networkx on every node" if not diff else
                f"differs from networkx on {len(diff)} nodes, e.g. {diff[0]}: ours "
                f"{ours[diff[0]]!r}, networkx {whole[diff[0]] / top!r}")
             + f"; largest |value| of ours outside the largest component: {max(outside):.3g}")
    return bad


def check_communities(g, rows, report):
    comm = column(rows, "community", int)
    groups = {}
    for n, c in comm.items():
        groups.setdefault(c, set()).add(n)
    k = len(groups)
    if sorted(groups) != list(range(k)):
        fail(f"community: numbers are {sorted(groups)[:20]}..., not 0..{k - 1}")
    order = sorted(groups, key=lambda c: (-len(groups[c]), min(groups[c], key=str.encode)))
    if order != sorted(groups):
        fail("community: not numbered by size descending, ties by smallest member id "
             f"(sizes by number: {[len(groups[c]) for c in sorted(groups)][:20]})")
    if report.get("communities") is not None and report["communities"] != k:
        fail(f"community: report.json says {report['communities']} communities, "
             f"nodes.csv has {k}")
    parts = [groups[c] for c in sorted(groups)]
    ours = nx.community.modularity(g, parts, weight="weight")
    if not math.isclose(ours, report["modularity"], rel_tol=0, abs_tol=1e-6):
        fail(f"modularity: report.json {report['modularity']!r}, networkx on our partition "
             f"{ours!r}")
    louvain = nx.community.louvain_communities(g, weight="weight", seed=1)
    ref = nx.community.modularity(g, louvain, weight="weight")
    if ours < ref - 0.01:
        fail(f"modularity: ours {ours!r} < networkx louvain_communities(seed=1) {ref!r} - 0.01")
    note(f"modularity ours {ours:.6f} ({k} communities), networkx louvain {ref:.6f} "
         f"({len(louvain)} communities)")


def main():
    global prefix
    out = sys.argv[1]
    prefix = f"check_metrics: {out}"
    g, rows = read_graph(out)
    if len(sys.argv) > 2:
        check_expected(g, sys.argv[2])
    with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
        report = json.load(f)["graph"]
    nodes = sorted(g.nodes)

    compare("degree", column(rows, "degree", int), dict(g.degree()), nodes, integer=True)
    compare("strength", column(rows, "strength"), dict(g.degree(weight="weight")), nodes)
    ours = column(rows, "betweenness")
    if compare("betweenness", ours,
               nx.betweenness_centrality(g, weight="dist", normalized=True), nodes):
        explain_betweenness(g, ours)
    compare("closeness", column(rows, "closeness"),
            nx.closeness_centrality(g, distance="dist"), nodes)
    compare("harmonic", column(rows, "harmonic"),
            nx.harmonic_centrality(g, distance="dist"), nodes)
    check_eigenvector(g, rows)
    compare("pagerank", column(rows, "pagerank"),
            nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-12, max_iter=10000), nodes)
    compare("kcore", column(rows, "kcore", int), nx.core_number(g), nodes, integer=True)
    compare("clustering", column(rows, "clustering"), nx.clustering(g), nodes)
    check_communities(g, rows, report)

    if errors:
        sys.exit(f"{prefix}: FAILED, values differ from networkx (listed above)")
    note(f"ok ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
          f"{nx.number_connected_components(g)} components)")


if __name__ == "__main__":
    main()
