#!/usr/bin/python3
"""Check a drawing against the GraphML it was drawn from.

usage: check_svg.py GRAPH.graphml FIG.svg [--colors] [--positions] [--no-communities]

- the SVG has a viewBox, a CSS <style> block and one <circle> per node, with id
  "n-<node id>" (bytes other than letters, digits, '-', '.' as _XX) and a class naming
  the node, its type (when the file has types) and its community (--no-communities: a
  drawing without communities, whose classes and hover texts name none);
- every node circle and every edge line has a <title>; a node's starts with its label,
  an edge's names both ends' labels;
- one <line class="edge"> per distinct undirected edge (self-loops left out);
- every <text class="label"> is a node's label (or its start, cut with '…'), with id
  "l-<node id>" (escaped as above) naming a drawn node;
- every <line class="leader"> has data-node="<node id>" (escaped) naming a node whose
  label is drawn, and starts on that node's disc;
- --colors: each circle's fill is the node's r, g, b;
- --positions: the circles keep the order of the file's x and y (y up in the file, down
  in the SVG), so the file's layout was used.
"""
import sys
import xml.etree.ElementTree as ET

G = "{http://graphml.graphdrawing.org/xmlns}"
S = "{http://www.w3.org/2000/svg}"


def fail(msg):
    sys.exit(f"check_svg: {sys.argv[2]}: {msg}")


def svg_id(node_id):
    out = []
    for byte in node_id.encode():
        c = chr(byte)
        out.append(c if c.isascii() and (c.isalnum() or c in "-.") else "_%02X" % byte)
    return "n-" + "".join(out)


def read_graphml(path):
    root = ET.parse(path).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.name")) for k in root.iter(G + "key")}
    graph = root.find(G + "graph")
    nodes, edges = {}, set()
    for n in graph.findall(G + "node"):
        attrs = {}
        for d in n.findall(G + "data"):
            kind, name = keys[d.get("key")]
            if kind in ("node", "all"):
                attrs[name] = d.text or ""
        nodes[n.get("id")] = attrs
    for e in graph.findall(G + "edge"):
        a, b = e.get("source"), e.get("target")
        if a != b:
            edges.add(tuple(sorted((a, b))))
    return nodes, edges


def main():
    graphml, svg = sys.argv[1:3]
    opts = set(sys.argv[3:])
    nodes, edges = read_graphml(graphml)
    root = ET.parse(svg).getroot()
    if len((root.get("viewBox") or "").split()) != 4:
        fail("no viewBox")
    if root.find(S + "style") is None or ".label" not in root.find(S + "style").text:
        fail("no CSS <style> block")
    groups = {g.get("id"): g for g in root.iter(S + "g")}
    circles = {c.get("id"): c for c in groups["nodes"].findall(S + "circle")}
    if len(circles) != len(nodes):
        fail(f"{len(circles)} node circles for {len(nodes)} nodes")
    label = {n: a.get("label") or n for n, a in nodes.items()}
    for n, attrs in nodes.items():
        c = circles.get(svg_id(n))
        if c is None:
            fail(f"no circle with id {svg_id(n)}")
        classes = c.get("class").split()
        named = any(k.startswith("community-") for k in classes)
        if "node" not in classes or named == ("--no-communities" in opts):
            fail(f"{n}: class {c.get('class')!r}: a community where none was computed, "
                 "or none where one was")
        if "type" in attrs and attrs["type"] not in classes:
            fail(f"{n}: class {c.get('class')!r} does not name type {attrs['type']}")
        title = c.find(S + "title")
        if title is None or not title.text.startswith(label[n]):
            fail(f"{n}: no <title> starting with its label")
        if ("community " in title.text.split("\n")[1]) == ("--no-communities" in opts):
            fail(f"{n}: the <title> names a community where none was computed, or none "
                 "where one was")
        if "--colors" in opts:
            want = "#%02x%02x%02x" % tuple(int(attrs[k]) for k in "rgb")
            if c.get("fill") != want:
                fail(f"{n}: fill {c.get('fill')}, the file says {want}")
    lines = groups["edges"].findall(S + "line")
    if len(lines) != len(edges):
        fail(f"{len(lines)} edge lines for {len(edges)} edges")
    for line in lines:
        t = line.find(S + "title")
        if t is None or " \u2013 " not in t.text:
            fail("an edge without a <title> naming its ends")
    by_svg_id = {svg_id(n)[2:]: n for n in nodes}
    labelled = set()
    for t in groups["labels"].findall(S + "text"):
        text, tid = t.text or "", t.get("id") or ""
        n = by_svg_id.get(tid[2:]) if tid.startswith("l-") else None
        if n is None or "label" not in (t.get("class") or "").split():
            fail(f"label {text!r}: id {tid!r} names no node (want l-<node id>)")
        mine = label[n]
        if text != mine and not (text.endswith("\u2026") and mine.startswith(text[:-1])):
            fail(f"label {tid!r} reads {text!r}, the node's label is {mine!r}")
        labelled.add(n)
    for line in groups["leaders"].findall(S + "line"):
        n = by_svg_id.get(line.get("data-node") or "")
        if n not in labelled:
            fail(f"leader with data-node {line.get('data-node')!r}: no such labelled node")
        c = circles[svg_id(n)]
        d = ((float(line.get("x1")) - float(c.get("cx"))) ** 2 +
             (float(line.get("y1")) - float(c.get("cy"))) ** 2) ** 0.5
        if d > float(c.get("r")) + float(c.get("stroke-width")) + 2:
            fail(f"the leader of {n} starts {d:.1f} px from its node's centre")
    if "--positions" in opts:
        for axis, key, sign in (("cx", "x", 1), ("cy", "y", -1)):
            order_file = sorted(nodes, key=lambda n: (sign * float(nodes[n][key]), n))
            got = [float(circles[svg_id(n)].get(axis)) for n in order_file]
            if any(a > b + 0.01 for a, b in zip(got, got[1:])):
                fail(f"circles do not keep the file's order of {key}")
    print(f"check_svg: ok ({len(nodes)} nodes, {len(edges)} edges, "
          f"{len(groups['labels'].findall(S + 'text'))} labels)")


if __name__ == "__main__":
    main()
