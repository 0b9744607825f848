"""Check the time-slice outputs of one build against each other and against the
whole-corpus files (docs/design.md §3):

- periods.csv and period-edges.csv have their contract columns, periods in report order;
- per-period counts add up to the whole corpus's: mentions and documents of every entity
  (nodes.csv), count and documents of every pair (edges.csv), documents of the corpus;
- each period's pagerank and degree are networkx's on that period's graph (period-edges.csv,
  weight = count);
- graph-dynamic.gexf, read by networkx read_gexf, is dynamic with dates, holds the nodes of
  nodes.csv and the edges of edges.csv, and each node's and edge's spells and spell-valued
  attributes are exactly its dated periods' rows.

usage: check_time.py OUTDIR PERIOD... (the expected period names, in order)
"""
import csv
import json
import math
import sys
from collections import defaultdict

import networkx as nx

out, want = sys.argv[1], sys.argv[2:]
errors = []


def fail(msg):
    errors.append(msg)


def rows(name, header):
    with open(f"{out}/{name}", newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        got = next(r)
        if got != header:
            fail(f"{name}: header {got}, want {header}")
        return [dict(zip(header, row)) for row in r]


report = json.load(open(f"{out}/report.json", encoding="utf-8"))
periods = report["time"]["periods"]
names = [p["name"] for p in periods]
if names != want:
    fail(f"report.json periods {names}, want {want}")
span = {p["name"]: (p["first"], p["last"]) for p in periods}
if sum(p["documents"] for p in periods) != report["input"]["documents"]:
    fail("period documents do not add up to the corpus's")

pn = rows("periods.csv", ["period", "Id", "mentions", "documents", "degree", "pagerank"])
pe = rows("period-edges.csv", ["period", "Source", "Target", "count", "documents", "weight"])
nodes = {r["Id"]: r for r in csv.DictReader(open(f"{out}/nodes.csv", encoding="utf-8"))}
edges = {(r["Source"], r["Target"]): r for r in csv.DictReader(open(f"{out}/edges.csv", encoding="utf-8"))}
order = {n: i for i, n in enumerate(names)}
for table, key in ((pn, lambda r: (order[r["period"]], r["Id"])),
                   (pe, lambda r: (order[r["period"]], r["Source"], r["Target"]))):
    if [key(r) for r in table] != sorted(key(r) for r in table):
        fail("rows not in (period, id) order")

sums = defaultdict(lambda: [0, 0])
for r in pn:
    sums[r["Id"]][0] += int(r["mentions"])
    sums[r["Id"]][1] += int(r["documents"])
for i, n in nodes.items():
    if sums.get(i, [0, 0]) != [int(n["mentions"]), int(n["documents"])]:
        fail(f"{i}: period mentions/documents {sums.get(i)} vs {n['mentions']}/{n['documents']}")
if set(sums) - set(nodes):
    fail(f"entities only in periods.csv: {sorted(set(sums) - set(nodes))[:5]}")
esums = defaultdict(lambda: [0, 0])
for r in pe:
    esums[(r["Source"], r["Target"])][0] += int(r["count"])
    esums[(r["Source"], r["Target"])][1] += int(r["documents"])
for k, e in edges.items():
    if esums.get(k, [0, 0]) != [int(e["count"]), int(e["documents"])]:
        fail(f"{k}: period counts {esums.get(k)} vs {e['count']}/{e['documents']}")
if set(esums) - set(edges):
    fail("pairs only in period-edges.csv")

# PageRank and degree of each period's own graph.
for name in names:
    g = nx.Graph()
    g.add_nodes_from(r["Id"] for r in pn if r["period"] == name)
    g.add_weighted_edges_from((r["Source"], r["Target"], float(r["weight"]))
                              for r in pe if r["period"] == name)
    pr = nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-12, max_iter=10000) if g.number_of_nodes() else {}
    for r in pn:
        if r["period"] != name:
            continue
        if int(r["degree"]) != g.degree(r["Id"]):
            fail(f"{name} {r['Id']}: degree {r['degree']} vs {g.degree(r['Id'])}")
        if not math.isclose(float(r["pagerank"]), pr[r["Id"]], rel_tol=1e-6, abs_tol=1e-9):
            fail(f"{name} {r['Id']}: pagerank {r['pagerank']} vs {pr[r['Id']]}")

# The dynamic GEXF against the tables.
G = nx.read_gexf(f"{out}/graph-dynamic.gexf")
if G.graph.get("mode") != "dynamic":
    fail("graph-dynamic.gexf is not dynamic")
if set(G.nodes) != set(nodes) or {tuple(sorted(e)) for e in G.edges()} != set(edges):
    fail("graph-dynamic.gexf nodes/edges differ from nodes.csv/edges.csv")
dated = [n for n in names if span[n][0] is not None]
node_want = defaultdict(list)
for r in pn:
    if r["period"] in dated:
        node_want[r["Id"]].append((int(r["mentions"]), *span[r["period"]]))
for n, d in G.nodes(data=True):
    got = sorted(d.get("period_mentions", []), key=lambda t: t[1])
    if got != node_want.get(n, []):
        fail(f"{n}: period_mentions {got} vs {node_want.get(n, [])}")
    if sorted(d.get("spells", [])) != [(a, b) for _, a, b in node_want.get(n, [])]:
        fail(f"{n}: spells {d.get('spells')}")
edge_want = defaultdict(list)
for r in pe:
    if r["period"] in dated:
        edge_want[(r["Source"], r["Target"])].append((int(r["count"]), *span[r["period"]]))
for a, b, d in G.edges(data=True):
    k = (a, b) if (a, b) in edges else (b, a)
    got = sorted(d.get("period_count", []), key=lambda t: t[1])
    if got != edge_want.get(k, []):
        fail(f"{k}: period_count {got} vs {edge_want.get(k, [])}")
    if not math.isclose(d["weight"], float(edges[k]["Weight"]), rel_tol=1e-12):
        fail(f"{k}: weight {d['weight']} vs {edges[k]['Weight']}")

for e in errors[:20]:
    print(f"check_time: {e}", file=sys.stderr)
sys.exit(1 if errors else 0)
