#!/usr/bin/python3
"""Generate a deterministic news-like corpus for scripts/bench.sh.

usage: gen_corpus.py --lexicon-dump DUMP.xml --out DIR --bytes N [--seed S]
                     [--rare N --rare-tsv FILE] [--aliases FILE] [--density D]

Entities come from the XML that `comention lexicon dump` prints (display names and every
alias: short forms such as "U.S." and "US", demonyms, capitals, designations), drawn
Zipf-distributed (s = 1) over a seeded ranking. Surfaces are decorated as news text writes
them: possessives ("Putin’s"), hyphen compounds ("U.S.-backed"), weapon plurals ("F-16s"),
ALL-CAPS headlines. Files of 5-50 KB go into DIR/NN/MM/article-NNNNNN.txt (100 per folder).

--rare N invents N extra entities (two invented words each, no built-in alias among their
words), appended to the tail of the Zipf ranking, and writes them as a TSV lexicon
(id<TAB>type<TAB>name<TAB>alias) to --rare-tsv, for graphs with many nodes.
--aliases FILE writes every alias (names and aliases of the dump, plus the rare ones), one
per line, sorted and unique: the pattern file of the grep floor. --alias-map FILE writes
`alias<TAB>entity id` lines for the Python peer.

--density D aims at D mentions per sentence (the default mix gives about 1.3): a share of
the sentences becomes a list of 4-6 entities, enough of them to reach D. Without it the
output is what it always was.

Same inputs, same seed: byte-identical output.
"""
import argparse
import os
import random
import sys
import xml.etree.ElementTree as ET

ONE = [
    "{0} said on Monday that talks would continue despite the setback.",
    "Officials in {0} declined to comment on the report.",
    "The statement from {0} came after days of speculation about the plan.",
    "Analysts expect {0} to announce new measures next week.",
    "{0} has denied any involvement in the incident.",
    "A spokesperson for {0} said the situation remained tense but under control.",
    "{0}’s foreign ministry called the move a provocation.",
    "{0}'s position has hardened since the spring, diplomats said.",
    "Critics say {0} has not done enough to address the crisis.",
    "Footage released by {0} could not be independently verified.",
    "The {0}-backed plan faces opposition in parliament.",
    "Observers described the {0}-led talks as constructive.",
    "In a televised address, {0} promised to respond.",
    "Shares fell after {0} warned of further disruption.",
]
TWO = [
    "{0} and {1} agreed to hold further talks in the coming weeks.",
    "{0} accused {1} of violating the ceasefire along the border.",
    "The deal between {0} and {1} was signed late on Tuesday.",
    "According to {0}, {1} played a key role in the operation.",
    "{0} met {1} on the sidelines of the summit in the capital.",
    "{0} urged {1} to show restraint after the latest strikes.",
    "Relations between {0} and {1} have deteriorated sharply this year.",
    "{0}’s envoy held talks with {1} on Thursday, officials said.",
    "A report by {0} linked the attack to {1}.",
]
WEAPON = [
    "{0} said it would send more {1}s to the region.",
    "{0} has deployed the {1} near the front line.",
    "Satellite images suggest {0} is testing a new version of the {1}.",
    "The {1} supplied to {0} was damaged in the attack, the ministry said.",
    "{0} plans to buy additional {1} systems by the end of the decade.",
]
LIST = [
    "{0} met on Friday to discuss the ceasefire.",
    "Delegations from {0} attended the conference.",
    "The sanctions target {0}, the statement said.",
]
THREE = [
    "{0}, {1} and {2} issued a joint statement condemning the attack.",
    "Talks involving {0}, {1} and {2} ended without agreement.",
    "{0} said {1} and {2} had discussed the sale of weapons.",
]
NONE = [
    "The talks are expected to resume after the holiday.",
    "Prices rose sharply in the third quarter, the report said.",
    "It was not immediately clear how many people were hurt.",
    "The ministry did not respond to a request for comment.",
    "Residents said they heard several explosions overnight.",
    "The vote is scheduled for next month.",
    "Details of the agreement were not made public.",
    "More than 200 people attended the ceremony on Sunday.",
    "Aid groups warned that supplies were running low.",
    "The decision is likely to be challenged in court.",
]
HEAD = [
    "{0} warns {1} over border clashes",
    "{0} and {1} agree on new talks",
    "{0} unveils upgraded {1}",
    "{0} rejects accusations from {1}",
    "Explosions reported near {0}",
]
BYLINES = ["By Staff Reporter", "From our correspondent", "News desk", "Wire report"]
SYL = ["ka", "vor", "len", "dri", "mas", "tel", "quo", "zan", "bri", "hul", "nex", "sor",
       "pel", "yan", "gro", "vik", "tam", "ush", "rel", "ob", "fen", "lix", "dar", "wen"]


def load(dump):
    ents = []
    for e in ET.parse(dump).getroot().iter("entity"):
        surf = [e.get("name")] * 2 + [a.text for a in e.iter("alias") if a.text]
        ents.append((e.get("id"), e.get("type"), surf))
    return ents


def invent(n, rng, taken):
    """n invented two-word entities whose words are no built-in alias."""
    out, seen = [], set()
    types = ["actor", "actor", "actor", "weapon", "country"]

    def word():
        return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize()

    while len(out) < n:
        a, b = word(), word()
        name = a + " " + b
        if name in seen or a.lower() in taken or b.lower() in taken:
            continue
        seen.add(name)
        t = types[len(out) % len(types)]
        if t == "country":
            t = "actor"  # invented countries would be odd: more actors
        out.append(("rare-%06d" % len(out), t, [name]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lexicon-dump", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--bytes", type=int, required=True)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--rare", type=int, default=0)
    ap.add_argument("--rare-tsv")
    ap.add_argument("--aliases")
    ap.add_argument("--alias-map")
    ap.add_argument("--zipf", type=float, default=1.0)
    ap.add_argument("--density", type=float)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    ents = load(a.lexicon_dump)
    ents.sort(key=lambda e: e[0])
    rng.shuffle(ents)  # the Zipf ranking: seeded, not alphabetical
    if a.rare:
        taken = {w.lower() for _, _, s in ents for al in s for w in al.split()}
        rare = invent(a.rare, random.Random(a.seed + 1), taken)
        with open(a.rare_tsv, "w", encoding="utf-8") as f:
            f.write("# id\ttype\tname\talias (invented rare entities, gen_corpus.py)\n")
            for i, t, s in rare:
                f.write("%s\t%s\t%s\t%s\n" % (i, t, s[0], s[0]))
        ents += rare
    if a.aliases:
        al = sorted({s for _, _, surf in ents for s in surf})
        with open(a.aliases, "w", encoding="utf-8") as f:
            f.write("".join(s + "\n" for s in al))
    if a.alias_map:
        with open(a.alias_map, "w", encoding="utf-8") as f:
            for i, _, surf in sorted(ents, key=lambda e: e[0]):
                f.write("".join("%s\t%s\n" % (s, i) for s in sorted(set(surf))))

    w = [1.0 / (r + 1) ** a.zipf for r in range(len(ents))]
    by_type = {}
    for e, x in zip(ents, w):
        by_type.setdefault(e[1], ([], []))
        by_type[e[1]][0].append(e)
        by_type[e[1]][1].append(x)
    pools = {}
    for t, (es, ws) in list(by_type.items()) + [("any", (ents, w))]:
        cum, c = [], 0.0
        for x in ws:
            c += x
            cum.append(c)
        pools[t] = (es, cum)

    def draw(t, k):
        es, cum = pools[t if t in pools else "any"]
        return rng.choices(es, cum_weights=cum, k=k)

    def surf(e):
        return rng.choice(e[2])

    # mentions per sentence of the default mix, and of a list sentence (4-6 names)
    base, listed = 0.33 + 2 * 0.13 + 2 * 0.24 + 3 * 0.08, 5.0
    p_list = 0.0
    if a.density is not None:
        p_list = min(max((a.density - base) / (listed - base), 0.0), 1.0)

    def names(es):
        s = [surf(e) for e in es]
        return ", ".join(s[:-1]) + " and " + s[-1]

    def sentence():
        if p_list > 0 and rng.random() < p_list:
            return rng.choice(LIST).format(names(draw("any", rng.randint(4, 6))))
        r = rng.random()
        if r < 0.22:
            return rng.choice(NONE)
        if r < 0.55:
            return rng.choice(ONE).format(surf(draw("any", 1)[0]))
        if r < 0.68:
            a_, w_ = draw("actor", 1)[0], draw("weapon", 1)[0]
            if rng.random() < 0.5:
                a_ = draw("country", 1)[0]
            return rng.choice(WEAPON).format(surf(a_), surf(w_))
        if r < 0.92:
            x, y = draw("any", 2)
            return rng.choice(TWO).format(surf(x), surf(y))
        x, y, z = draw("any", 3)
        return rng.choice(THREE).format(surf(x), surf(y), surf(z))

    total, n = 0, 0
    while total < a.bytes:
        target = min(rng.randint(5 * 1024, 50 * 1024), max(a.bytes - total, 1024))
        x, y = draw("any", 2)
        head = rng.choice(HEAD).format(surf(x), surf(y))
        if rng.random() < 0.3:
            head = head.upper()
        parts = [head, "", rng.choice(BYLINES), ""]
        size = sum(len(p) + 1 for p in parts)
        while size < target:
            para = " ".join(sentence() for _ in range(rng.randint(2, 6)))
            parts.append(para)
            parts.append("")
            size += len(para.encode("utf-8")) + 2
        data = "\n".join(parts).encode("utf-8")
        d = os.path.join(a.out, "%02d" % (n // 10000), "%02d" % (n // 100 % 100))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "article-%06d.txt" % n), "wb") as f:
            f.write(data)
        total += len(data)
        n += 1
    print("gen_corpus: %d files, %d bytes, %d entities (%d rare)"
          % (n, total, len(ents), a.rare), file=sys.stderr)


if __name__ == "__main__":
    main()
