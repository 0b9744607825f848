#!/usr/bin/python3
"""Write a corpus of about MB megabytes from the sample corpus, for the fault tests.

usage: gen_big.py DIR MB

DIR/NNNN.txt  files of about 100 KB, each the sample articles (tests/corpus, our own
              writing) in an order of its own; random.Random(7): the same bytes each time.
"""
import os
import random
import sys


def main():
    out, megabytes = sys.argv[1], int(sys.argv[2])
    articles = []
    for root, _, names in sorted(os.walk("tests/corpus")):
        for name in sorted(names):
            with open(os.path.join(root, name), encoding="utf-8") as f:
                articles.append(f.read())
    rng = random.Random(7)
    os.makedirs(out, exist_ok=True)
    total, k = 0, 0
    while total < megabytes * 1000 * 1000:
        parts, size = [], 0
        while size < 100 * 1000:
            a = rng.choice(articles)
            parts.append(a)
            size += len(a.encode("utf-8")) + 1
        data = "\n".join(parts).encode("utf-8")
        with open(os.path.join(out, "%04d.txt" % k), "wb") as f:
            f.write(data)
        total += len(data)
        k += 1


main()
