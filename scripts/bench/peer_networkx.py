#!/usr/bin/python3
"""The straightforward Python peer of `comention build`, for scripts/bench.sh.

usage: peer_networkx.py --aliases ALIASES.tsv --out DIR [--stages FILE] INPUT_DIR

ALIASES.tsv: `alias<TAB>entity id` lines. Pipeline, as a Python user would write it:
read every file (sorted walk), one big case-sensitive regex alternation of the aliases
(longest first, word boundaries = not next to a letter or digit), sentences split with a
simple regex (every line break, and `. ! ?` followed by space and a capital, digit or
quote), pair counts per sentence (a pair once per sentence), a networkx graph with
weight = count and dist = 1/weight, betweenness and closeness on dist, pagerank, Louvain,
spring layout, write_graphml.

Each stage's wall time is appended to --stages as it finishes (`stage<TAB>seconds`, then
`nodes`, `edges`, `mentions` lines), so a run killed by a timeout still tells how far it got.
"""
import argparse
import itertools
import os
import re
import sys
import time
from collections import Counter

import networkx as nx

WORD = "A-Za-z0-9\u00c0-\u024f"
SENT = re.compile(r"\n+|(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aliases", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stages")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("input")
    a = ap.parse_args()
    log = open(a.stages, "w") if a.stages else sys.stderr

    def note(key, value):
        log.write("%s\t%s\n" % (key, value))
        log.flush()

    t = time.perf_counter()

    def stage(name):
        nonlocal t
        now = time.perf_counter()
        note(name, "%.3f" % (now - t))
        t = now

    alias_to_id = {}
    with open(a.aliases, encoding="utf-8") as f:
        for line in f:
            alias, eid = line.rstrip("\n").split("\t")
            alias_to_id.setdefault(alias, eid)
    alt = "|".join(re.escape(s) for s in sorted(alias_to_id, key=lambda s: (-len(s), s)))
    rx = re.compile("(?<![%s])(?:%s)(?![%s])" % (WORD, alt, WORD))
    stage("compile")

    paths = []
    for root, dirs, files in os.walk(a.input):
        dirs.sort()
        paths += [os.path.join(root, f) for f in sorted(files) if not f.startswith(".")]
    mentions = Counter()
    pairs = Counter()
    n_mentions = 0
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for sent in SENT.split(text):
            found = [alias_to_id[m.group(0)] for m in rx.finditer(sent)]
            if not found:
                continue
            n_mentions += len(found)
            ents = set(found)
            mentions.update(ents)
            for x, y in itertools.combinations(sorted(ents), 2):
                pairs[(x, y)] += 1
    stage("read_extract_count")
    note("mentions", n_mentions)

    g = nx.Graph()
    for e, c in mentions.items():
        g.add_node(e, mentions=c)
    for (x, y), c in pairs.items():
        g.add_edge(x, y, weight=c, dist=1.0 / c)
    note("nodes", g.number_of_nodes())
    note("edges", g.number_of_edges())
    stage("graph")
    btw = nx.betweenness_centrality(g, weight="dist", normalized=True)
    stage("betweenness")
    clo = nx.closeness_centrality(g, distance="dist")
    stage("closeness")
    pr = nx.pagerank(g, alpha=0.85, weight="weight")
    stage("pagerank")
    comms = nx.community.louvain_communities(g, weight="weight", seed=a.seed)
    stage("louvain")
    pos = nx.spring_layout(g, weight="weight", seed=a.seed)
    stage("spring_layout")
    for i, c in enumerate(sorted(comms, key=len, reverse=True)):
        for n in c:
            g.nodes[n]["community"] = i
    for n in g:
        g.nodes[n].update(betweenness=btw[n], closeness=clo[n], pagerank=pr[n],
                          x=float(pos[n][0]), y=float(pos[n][1]))
    os.makedirs(a.out, exist_ok=True)
    nx.write_graphml(g, os.path.join(a.out, "graph.graphml"))
    stage("write_graphml")
    note("done", 1)


if __name__ == "__main__":
    main()
