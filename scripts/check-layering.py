#!/usr/bin/python3
"""The layering of docs/architecture.md, checked.

Reads every #include in src/*/ and include/comention/ and fails when a part sees a header
it may not, directly or through the headers it includes (a closed product's header pulls
in nothing of the stages before it). With --objects DIR (the object files of the
library), also checks what the code links to: every cm_ symbol an object uses must be
defined in its own part or in one it may use, and no two files of a part call each other
(a loop inside a stage). --self-test copies the tree, injects wrong includes and checks
that each one is caught.

Usage: check-layering.py [--root DIR] [--objects DIR] [--self-test]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Which parts each part may use. A part is a folder of src/; its public headers are listed
# in HEADER_PART. Using a part means including its headers and calling its functions.
BASE = {"util", "entity"}
MAY_USE = {
    "util": set(),
    "read": BASE,
    "text": BASE | {"read"},
    "lexicon": BASE | {"read", "text"},
    "extract": BASE | {"read", "text", "lexicon"},
    "count": BASE | {"read", "text", "lexicon", "extract"},
    # import reads a GraphML file into counts (the count stage's product) and then picks
    # out, for the nodes of the graph built from them, the file's own drawing.
    "import": BASE | {"read", "text", "lexicon", "extract", "count", "graph", "analyze",
                      "frame", "layout", "scene"},
    "graph": BASE | {"read", "text", "lexicon", "extract", "count"},
    "analyze": BASE | {"graph"},
    "frame": set(),
    "layout": BASE | {"graph", "frame"},
    "font": set(),
    "style": BASE | {"graph", "analyze", "frame", "layout", "font", "scene"},
    "draw": BASE | {"scene", "font"},
    # one graph and PageRank per period (--time-slice), from the counts' periods
    "timeline": BASE | {"read", "text", "lexicon", "extract", "count", "graph", "analyze"},
    # the periods reach the exporters as a closed product (timeline.h includes no stage)
    "export": BASE | {"scene", "timeline"},
    # the pipeline driver: the document loop and the worker pool, below the command line
    "run": BASE | {"read", "text", "lexicon", "extract", "count", "import", "graph",
                   "analyze", "frame", "layout", "font", "style", "scene", "draw", "export",
                   "timeline"},
    "cli": None,  # the command line may use every part
}

# Deliberate exceptions, file by file: (file, part it may use beyond its part's rule).
EXCEPTIONS = {
    # report.json sums up a whole run: the graph's filter counts, the analysis's statistics
    ("src/export/report.c", "graph"),
    ("src/export/report.c", "analyze"),
}

HEADER_PART = {
    "comention/error.h": "util",
    "comention/entity.h": "entity",
    "comention/read.h": "read",
    "comention/text.h": "text",
    "comention/lexicon.h": "lexicon",
    "comention/extract.h": "extract",
    "comention/count.h": "count",
    "comention/import.h": "import",
    "comention/graph.h": "graph",
    "comention/analyze.h": "analyze",
    "comention/frame.h": "frame",
    "comention/layout.h": "layout",
    "comention/style.h": "style",
    "comention/scene.h": "scene",
    "comention/draw.h": "draw",
    "comention/export.h": "export",
    "comention/timeline.h": "timeline",
    "comention/run.h": "run",
    "comention/config.h": "run",
    "comention/comention.h": "cli",
}
# The scene is the style stage's product; the few functions scene.h declares (units,
# freeing) live in style/ and count as the scene's.
SCENE_HEADER = "include/comention/scene.h"

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def header_part(h):
    """The part a quoted include belongs to, or None for a file of no part."""
    if h in HEADER_PART:
        return HEADER_PART[h]
    top = h.split("/", 1)[0]
    return top if "/" in h and top in MAY_USE else None


def includes(root, rel):
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def resolve(root, h):
    for base in ("include", "src"):
        if os.path.exists(os.path.join(root, base, h)):
            return os.path.join(base, h)
    return None


def seen_headers(root, rel, memo):
    """Every quoted header `rel` includes, directly or through other headers."""
    if rel in memo:
        return memo[rel]
    memo[rel] = set()
    out = set()
    for h in includes(root, rel):
        out.add(h)
        path = resolve(root, h)
        if path:
            out |= seen_headers(root, path, memo)
    memo[rel] = out
    return out


def allowed(part, used, rel):
    if used is None or used == part or (part, used) == ("style", "scene"):
        return True
    rule = MAY_USE.get(part)
    return rule is None or used in rule or (rel, used) in EXCEPTIONS


def check_includes(root):
    errors, memo = [], {}
    src = os.path.join(root, "src")
    for part in sorted(os.listdir(src)):
        if not os.path.isdir(os.path.join(src, part)):
            continue
        if part not in MAY_USE:
            errors.append(f"src/{part}/: a part with no rule in scripts/check-layering.py "
                          "(and docs/architecture.md)")
            continue
        for name in sorted(os.listdir(os.path.join(src, part))):
            if not name.endswith((".c", ".h")):
                continue
            rel = f"src/{part}/{name}"
            direct = set(includes(root, rel))
            for h in sorted(seen_headers(root, rel, memo), key=lambda h: (h not in direct, h)):
                used = header_part(h)
                if not allowed(part, used, rel):
                    how = "includes" if h in direct else "sees (through its headers)"
                    errors.append(f"{rel}: {how} {h}, of part '{used}', which {part}/ may not use")
    return errors


def symbols(objdir):
    """Per object file (as src/part/file.c): defined and used cm_ symbols."""
    out = {}
    for dirpath, _, files in os.walk(objdir):
        for name in files:
            if not name.endswith(".o"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, objdir)[: -len(".o")]
            if rel.startswith("generated/") or "/generated/" in rel:
                rel = "src/lexicon/" + os.path.basename(rel)
            i = rel.find("src/")
            if i < 0:
                continue
            rel = rel[i:]
            nm = subprocess.run(["nm", path], capture_output=True, text=True, check=True)
            defined, used = set(), set()
            for line in nm.stdout.splitlines():
                f = line.split()
                if len(f) >= 2 and f[-1].startswith("cm_"):
                    (used if f[-2] == "U" else defined).add(f[-1])
            out[rel] = (defined, used)
    return out


def declared(root, header):
    with open(os.path.join(root, header), encoding="utf-8") as f:
        return set(re.findall(r"\b(cm_\w+)\s*\(", f.read()))


def check_objects(root, objdir):
    scene_fns = declared(root, SCENE_HEADER)
    syms = symbols(objdir)
    if not syms:
        return [f"{objdir}: no object files"]
    where = {}
    for rel, (defined, _) in syms.items():
        for s in defined:
            where[s] = rel
    errors, calls = [], {}
    for rel, (_, used) in sorted(syms.items()):
        part = rel.split("/")[1]
        for s in sorted(used):
            if s not in where:
                continue
            other = where[s]
            opart = other.split("/")[1]
            if opart == part:
                if other != rel:
                    calls.setdefault(rel, set()).add(other)
                continue
            used = "scene" if opart == "style" and s in scene_fns else opart
            if not allowed(part, used, rel):
                errors.append(f"{rel}: calls {s} of {other}, part '{opart}', which {part}/ may not use")
    errors += loops(calls)
    return errors


def loops(calls):
    """Files of one part that call each other, directly or round a cycle (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(calls.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append("a loop inside a part: " + " -> ".join(sorted(comp)) + " call each other")

    for v in sorted(calls):
        if v not in index:
            visit(v)
    return out


def self_test(root):
    """Each wrong include must be caught; the unchanged copy must pass."""
    cases = [
        ("src/export/csv.c", '#include "comention/analyze.h"'),
        ("src/draw/svg.c", '#include "comention/lexicon.h"'),
        ("src/analyze/analyze.c", '#include "comention/count.h"'),
        ("src/style/rank.c", '#include "comention/lexicon.h"'),
        ("src/graph/graph.c", '#include "cli/cli.h"'),
        ("src/util/buf.c", '#include "comention/graph.h"'),
        ("include/comention/scene.h", '#include "comention/graph.h"'),
        ("src/draw/cairo.c", '#include "style/style_int.h"'),
    ]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for sub in ("src", "include"):
            shutil.copytree(os.path.join(root, sub), os.path.join(tmp, sub))
        if check_includes(tmp):
            print("self-test: the unchanged copy fails", file=sys.stderr)
            return 1
        for rel, line in cases:
            path = os.path.join(tmp, rel)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(line + "\n" + text)
            errors = check_includes(tmp)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            if errors:
                print(f"self-test: {line} in {rel} caught: {errors[0]}")
            else:
                print(f"self-test: {line} in {rel} NOT caught", file=sys.stderr)
                failed += 1
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    ap.add_argument("--objects", help="directory of the library's object files")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    if a.self_test:
        return self_test(root)
    errors = check_includes(root)
    if a.objects:
        errors += check_objects(root, a.objects)
    for e in errors:
        print("check-layering: " + e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
