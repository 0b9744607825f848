#!/usr/bin/python3
"""The straightforward Python peer of `comention build`, for scripts/bench.sh.

usage: peer_networkx.py --aliases ALIASES.tsv --out DIR [--stages FILE] [--draw FIG.png]
                        [--counts-only] [--dump-counts FILE] INPUT_DIR

ALIASES.tsv: `alias<TAB>entity id` lines. Pipeline, as a Python user would write it:
read every file (sorted walk), find the aliases with one big regex alternation, split
sentences with a regex, count pairs per sentence with Counter, then a networkx graph with
weight = count and dist = 1/weight, betweenness and closeness on dist, pagerank, Louvain,
spring layout, write_graphml; with --draw, the picture with matplotlib (nodes sized by
PageRank, coloured by community, the 100 most central labelled), as comention build draws.

The regexes follow the matching and sentence rules comention documents
(docs/lexicon-format.md "Matching", the sentence rules of the evaluation guideline), so
that both build the same graph from the same text:
- aliases: case-sensitive, each in the forms its case rule accepts: an alias with no
  lower-case letter and two or more capitals (`US`, `NATO`) only as written, any other as
  written, with its first letter capitalised, or in ALL CAPS (`MOSCOW`, `UNITED STATES`,
  never `patriot`); three mixed-case acronyms (`BiH`, `LeT`) only as written. Each form may
  take a plural `s` (`F-16s`, `ATACMSs`). Longest form first, so the longest alias wins
  (`U.S. Special Operations Command`, not `U.S.`); a match starts and ends at a word
  boundary (letters and digits are word characters: `Putin’s`, `U.S.-backed`, `US-Russia`
  match). A few phrases that contain an alias but name something else (`The Lancet`, the
  journal) are matched like aliases and then dropped. In an ALL-CAPS sentence an acronym
  that reads as an English word (`IS`) is no mention.
- units: lines are paragraphs, but a line that starts in lower case or with `, ; : )`
  continues the previous one (blank lines between them or not). Within a paragraph a
  sentence ends at a run of `. ! ? …`, closing quotes or brackets, whitespace, and then a
  capital, digit, quote or bracket; a single period ends none after a word with an inner
  period (`U.S.`, `L.A.`), an initial (`R.`) or a known abbreviation (`Gen.`, `Jr.`, `No.`
  before a number), unless that word is part of an address (`SAMP/T.`). A pair counts once
  per sentence; a mention never crosses one.
Not mimicked (the generated corpus has none of it; real news text does): Unicode
normalization (`Erdoğan` = `Erdogan`), surnames standing for a named person, "Russia's
Defense Ministry" as an organization, hard-wrapped text, glued sentences ("drones.An"),
list markers and bullets; and comention takes a plural `s` after weapons only (the map has
no types, so here after any alias).

Each stage's wall time is appended to --stages as it finishes (`stage<TAB>seconds`, then
`nodes`, `edges`, `mentions` lines), so a run killed by a timeout still tells how far it got.
--counts-only stops after the counts (no centralities, no GraphML); --dump-counts FILE
writes them as TSV (`node<TAB>id<TAB>mentions<TAB>sentences<TAB>documents`, then
`edge<TAB>a<TAB>b<TAB>count<TAB>documents`), to compare with nodes.csv and edges.csv.
"""
import argparse
import itertools
import os
import re
import sys
import time
from collections import Counter

import networkx as nx

W = r"[^\W_]"  # a word character: a letter or digit, in any script
# After a single period, words that end no sentence (also any word with an inner period
# and a single capital); "No" only before a number.
ABBREVIATIONS = set("""Adm Apr Aug Brig Capt Cdr Cmdr Co Col Corp Cpl Cpt Dec Dr Feb Fig Ft Gen
    Gov Hon Inc Jan Jr Jul Jun Lt Ltd Maj Mar Messrs Mr Mrs Ms Mt Nov Oct Pres Prof Pvt Rep
    Rev Sen Sep Sept Sgt Sr St approx cf est lit ret vs""".split())
# Acronyms that read as a short English word: no mention in an ALL-CAPS sentence.
CAPS_WORDS = set("""all an and are as at be but by can do for go had has he her him his how
    if in is it its may me my new no not now of off on one or our out so the to up was we
    who why""".split())
# The alias map has neither case rules nor stop phrases. The built-in lexicon's that the
# generated corpus can meet: mixed-case acronyms that count only as written (not `LET` in
# an ALL-CAPS headline), and phrases that contain an alias but name something else (the
# journal, not the Lancet drone): they win the longest match and are no mention.
EXACT = {"BiH", "JeM", "LeT"}
STOPS = ["The Lancet"]
QUOTES = "\"'“”„‟«»‘’‚‛′″´ʼ＂＇"
# A sentence may end here: terminators, closing quotes or brackets, whitespace.
END = re.compile(r"([.!?…]+)[%s)\]]*\s+(?=\S)" % QUOTES)
LINE = re.compile(r"[^\S\n]*\n\s*")


def case_forms(alias):
    """The spellings of an alias that count: as written, first letter capitalised, ALL CAPS."""
    caps = sum(ch.isupper() for ch in alias)
    if not any(ch.islower() for ch in alias) and caps >= 2:
        return {alias}  # an acronym: only as written
    if alias in EXACT:
        return {alias}
    return {alias, alias[:1].upper() + alias[1:], alias.upper()}


class Extractor:
    def __init__(self, alias_map):
        self.entity = {}
        aliases = {}
        with open(alias_map, encoding="utf-8") as f:
            for line in f:
                alias, eid = line.rstrip("\n").split("\t")
                aliases.setdefault(alias, eid)
        self.acronyms = set()
        for alias, eid in aliases.items():
            forms = case_forms(alias)
            for form in forms:
                self.entity[form] = eid
            if forms == {alias}:
                self.acronyms.add(alias)
        for stop in STOPS:
            self.entity[stop] = None
        alt = "|".join(re.escape(s) for s in sorted(self.entity, key=lambda s: (-len(s), s)))
        self.rx = re.compile("(?<!%s)(?:%s)s?(?!%s)" % (W, alt, W))

    def mentions(self, text):
        """(start, end, sentence number, entity id) of every mention in a document."""
        for n, (s, e) in enumerate(sentence_spans(text)):
            caps = None
            for m in self.rx.finditer(text, s, e):
                form = m.group(0)
                if form not in self.entity:
                    form = form[:-1]  # a plural
                eid = self.entity[form]
                if eid is None:
                    continue
                if form in self.acronyms and form.lower() in CAPS_WORDS:
                    if caps is None:
                        sent = text[s:e]
                        caps = not any(ch.islower() for ch in sent) and \
                            sum(ch.isupper() for ch in sent) >= 4
                    if caps:
                        continue
                yield m.start(), m.end(), n, eid


def ends_no_sentence(p, i, nxt):
    """The single period p[i] ends an abbreviation, an initial or a word with inner periods."""
    w = i
    while w > 0 and (p[w - 1].isalnum() or p[w - 1] == "."):
        w -= 1
    word = p[w:i]
    t = w
    while t > 0 and not p[t - 1].isspace():
        t -= 1
    token = p[t:i]
    if "/" in token or "@" in token or "www." in token.lower():
        return False  # an address ("SAMP/T.") is no abbreviation
    if word in ("No", "no", "Nos"):
        return nxt.isdigit()
    return "." in word or (len(word) == 1 and word.isupper()) or word in ABBREVIATIONS


def paragraph_spans(text):
    """Lines, a line that starts in lower case or with , ; : ) joined to the one before."""
    spans = []
    pos = 0
    for m in LINE.finditer(text + "\n"):
        if m.start() > pos:
            first = text[pos]
            if spans and (first.islower() or first in ",;:)"):
                spans[-1] = (spans[-1][0], m.start())
            else:
                spans.append((pos, m.start()))
        pos = m.end()
    return spans


def sentence_spans(text):
    for ps, pe in paragraph_spans(text):
        p = text[ps:pe]
        start = 0
        for m in END.finditer(p):
            nxt = p[m.end()]
            if not (nxt.isupper() or nxt in "0123456789([" or nxt in QUOTES):
                continue
            if m.group(1) == "." and ends_no_sentence(p, m.start(), nxt):
                continue
            yield ps + start, ps + m.end()
            start = m.end()
        yield ps + start, pe


def draw(g, pos, pr, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(16, 12), dpi=100)
    top = max(pr.values()) if pr else 1.0
    nodes = list(g)
    nx.draw_networkx_edges(g, pos, alpha=0.1, width=0.3)
    nx.draw_networkx_nodes(g, pos, nodelist=nodes, node_size=[10 + 300 * pr[n] / top for n in nodes],
                           node_color=[g.nodes[n]["community"] % 20 for n in nodes], cmap="tab20")
    best = sorted(nodes, key=lambda n: -pr[n])[:100]
    nx.draw_networkx_labels(g, pos, labels={n: n for n in best}, font_size=6)
    plt.axis("off")
    fig.savefig(path)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aliases", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stages")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--counts-only", action="store_true")
    ap.add_argument("--dump-counts")
    ap.add_argument("--draw")
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

    ex = Extractor(a.aliases)
    stage("compile")

    paths = []
    for root, dirs, files in os.walk(a.input):
        dirs.sort()
        paths += [os.path.join(root, f) for f in sorted(files) if not f.startswith(".")]
    mentions = Counter()  # entity -> mentions
    units = Counter()  # entity -> sentences naming it
    docs = Counter()  # entity -> documents naming it
    pairs = Counter()  # (a, b) -> sentences naming both
    pair_docs = Counter()  # (a, b) -> documents naming both
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            text = f.read()
        by_sentence = {}
        for _, _, n, eid in ex.mentions(text):
            by_sentence.setdefault(n, set()).add(eid)
            mentions[eid] += 1
        doc_pairs = set()
        for ents in by_sentence.values():
            units.update(ents)
            for x, y in itertools.combinations(sorted(ents), 2):
                pairs[(x, y)] += 1
                doc_pairs.add((x, y))
        docs.update(set().union(*by_sentence.values()))
        pair_docs.update(doc_pairs)
    stage("read_extract_count")
    note("mentions", sum(mentions.values()))
    if a.dump_counts:
        with open(a.dump_counts, "w", encoding="utf-8") as f:
            for e in sorted(mentions):
                f.write("node\t%s\t%d\t%d\t%d\n" % (e, mentions[e], units[e], docs[e]))
            for x, y in sorted(pairs):
                f.write("edge\t%s\t%s\t%d\t%d\n" % (x, y, pairs[(x, y)], pair_docs[(x, y)]))

    g = nx.Graph()
    for e, c in mentions.items():
        g.add_node(e, mentions=c, documents=docs[e])
    for (x, y), c in pairs.items():
        g.add_edge(x, y, weight=c, dist=1.0 / c, documents=pair_docs[(x, y)])
    note("nodes", g.number_of_nodes())
    note("edges", g.number_of_edges())
    stage("graph")
    if a.counts_only:
        note("done", 1)
        return
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
    if a.draw:
        draw(g, pos, pr, a.draw)
        stage("draw")
    note("done", 1)


if __name__ == "__main__":
    main()
