#!/usr/bin/python3
"""Check the printed size of a drawing.

usage: check_print.py FIG.svg WIDTH HEIGHT MIN_PT [--png FIG.png DPI] [--pdf FIG.pdf]

- the SVG's width and height attributes are WIDTH and HEIGHT as given (e.g. 17cm), and
  its viewBox is that size in CSS px (96 per inch);
- every label and legend text, printed at that size, is at least MIN_PT points: its
  font-size in viewBox units times (printed width / viewBox width), in points;
- --png: the PNG has the physical size at DPI pixels per inch (rounded);
- --pdf: the PDF page (MediaBox) has the physical size in points.
"""
import re
import struct
import sys
import xml.etree.ElementTree as ET

S = "{http://www.w3.org/2000/svg}"
PT = {"px": 0.75, "pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4}


def fail(msg):
    sys.exit(f"check_print: {msg}")


def points(length):
    m = re.fullmatch(r"([0-9.]+)(px|pt|in|cm|mm)?", length)
    if not m:
        fail(f"not a length: {length!r}")
    return float(m.group(1)) * PT[m.group(2) or "px"]


def main():
    svg, width, height, min_pt = sys.argv[1:5]
    rest = sys.argv[5:]
    root = ET.parse(svg).getroot()
    if (root.get("width"), root.get("height")) != (width, height):
        fail(f"{svg}: width, height = {root.get('width')}, {root.get('height')}; "
             f"want {width}, {height}")
    vb = [float(v) for v in root.get("viewBox").split()]
    w_pt, h_pt = points(width), points(height)
    for got, want in ((vb[2], w_pt / 0.75), (vb[3], h_pt / 0.75)):
        if abs(got - want) > 0.01:
            fail(f"{svg}: viewBox {vb} is not the size in px ({want:.2f})")
    scale = w_pt / vb[2]  # points per viewBox unit
    sizes = [(float(t.get("font-size")) * scale, t.text, (t.get("class") or ""))
             for t in root.iter(S + "text") if t.get("font-size")]
    labels = [s for s in sizes if "label" in s[2].split()]
    if not labels:
        fail(f"{svg}: no labels")
    small = min(sizes)
    if small[0] < float(min_pt) - 0.004:  # font-size is written to 0.01 px
        fail(f"{svg}: {small[2]} {small[1]!r} is {small[0]:.2f} pt printed, under {min_pt} pt")
    if "--png" in rest:
        png, dpi = rest[rest.index("--png") + 1], float(rest[rest.index("--png") + 2])
        got = struct.unpack(">II", open(png, "rb").read()[16:24])
        want = (int(w_pt / 72 * dpi + 0.5), int(h_pt / 72 * dpi + 0.5))
        if got != want:
            fail(f"{png}: {got[0]} x {got[1]} pixels, want {want[0]} x {want[1]}")
    if "--pdf" in rest:
        pdf = open(rest[rest.index("--pdf") + 1], "rb").read()
        m = re.search(rb"/MediaBox \[ *0 0 ([0-9.]+) ([0-9.]+) *\]", pdf)
        if not m or abs(float(m.group(1)) - w_pt) > 0.01 or abs(float(m.group(2)) - h_pt) > 0.01:
            fail(f"PDF page {m.groups() if m else None}, want {w_pt:.2f} x {h_pt:.2f} pt")
    print(f"check_print: ok ({width} x {height}, smallest text {small[0]:.2f} pt, "
          f"{len(labels)} labels)")


if __name__ == "__main__":
    main()
