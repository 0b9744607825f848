// Read graph.graphml and graph.gexf with graphology (graphology-graphml, graphology-gexf)
// and compare them with nodes.csv / edges.csv / evidence.csv, as check_readers.py does for
// the Python readers. The XML goes through @xmldom/xmldom (the parser both packages use)
// with an error handler: a warning or error of the parser is a failure too.
//
// usage: NODE_PATH=BUILD/npm/node_modules node check_readers.js OUTDIR
'use strict';
const fs = require('fs');
const path = require('path');
const {DOMParser} = require('@xmldom/xmldom');
const Graph = require('graphology');
const graphml = require('graphology-graphml');
const gexf = require('graphology-gexf');

const out = process.argv[2];
const errors = [];
const fail = (reader, msg) => errors.push(`${reader}: ${msg}`);

// RFC 4180 as docs/design.md §3 writes it: quoted fields may hold commas, quotes, line breaks.
function readCsv(file) {
  const text = fs.readFileSync(path.join(out, file), 'utf8');
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const header = rows.shift();
  return rows.map(r => Object.fromEntries(header.map((h, k) => [h, r[k]])));
}

const refNodes = new Map(readCsv('nodes.csv').map(r => [r.Id, r]));
const refEdges = new Map(readCsv('edges.csv').map(r => [`${r.Source}\u0000${r.Target}`, r]));
const evidence = new Map();
for (const r of readCsv('evidence.csv')) {
  const k = `${r.Source}\u0000${r.Target}`;
  if (!evidence.has(k)) evidence.set(k, r.snippet);
}
// Characters XML 1.0 forbids; the XML exports drop them (docs/design.md §3).
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;
const short = v => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length <= 120 ? s : `${s.slice(0, 80)}... (${String(v).length} chars)`;
};

function parseXml(reader, file) {
  const problems = [];
  const report = level => msg => problems.push(`${level}: ${String(msg).split('\n')[0]}`);
  const doc = new DOMParser({
    errorHandler: {warning: report('warning'), error: report('error'), fatalError: report('fatal')},
  }).parseFromString(fs.readFileSync(path.join(out, file), 'utf8'), 'application/xml');
  for (const p of problems.slice(0, 5)) fail(reader, `XML parser ${p}`);
  return doc;
}

// whole: every attribute of graph.gexf; else (graph-dynamic.gexf) the layout and weights.
function compare(reader, g, whole = true) {
  let bad = 0;
  const diff = (what, got, want) => {
    if (++bad <= 15) fail(reader, `${what}: read ${short(got)}, CSV has ${short(want)}`);
  };
  if (g.type !== 'undirected' || g.multi) fail(reader, `graph type ${g.type}, multi ${g.multi}`);
  if (g.order !== refNodes.size) fail(reader, `${g.order} nodes, nodes.csv has ${refNodes.size}`);
  if (g.size !== refEdges.size) fail(reader, `${g.size} edges, edges.csv has ${refEdges.size}`);
  for (const n of refNodes.keys()) if (!g.hasNode(n)) fail(reader, `node ${n} missing`);
  g.forEachNode((n, d) => {
    const r = refNodes.get(n);
    if (!r) { fail(reader, `node ${short(n)} is not in nodes.csv`); return; }
    const want = !whole ? {label: r.Label, x: +r.x, y: +r.y, size: +r.size, color: r.color} : {
      label: r.Label, type: r.type, subtype: r.subtype, mentions: +r.mentions,
      documents: +r.documents, degree: +r.degree, community: +r.community,
      pagerank: +r.pagerank, x: +r.x, y: +r.y, size: +r.size, color: r.color,
    };
    for (const [k, v] of Object.entries(want)) {
      let got = d[k];
      // graphology-gexf writes viz:color as rgb(r,g,b); compare as #rrggbb.
      const m = k === 'color' && typeof got === 'string' && got.match(/^rgba?\((\d+),(\d+),(\d+)(?:,1)?\)$/);
      if (m) got = '#' + m.slice(1, 4).map(c => (+c).toString(16).padStart(2, '0')).join('');
      if (got !== v) diff(`node ${n} ${k}`, got, v);
    }
  });
  const seen = new Set();
  g.forEachEdge((e, d, s, t) => {
    let k = `${s}\u0000${t}`;
    if (!refEdges.has(k)) k = `${t}\u0000${s}`;
    const r = refEdges.get(k);
    if (!r) { fail(reader, `edge ${s}-${t} is not in edges.csv`); return; }
    if (seen.has(k)) fail(reader, `edge ${s}-${t} twice`);
    seen.add(k);
    const name = `edge ${r.Source}-${r.Target}`;
    if (d.weight !== +r.Weight) diff(`${name} weight`, d.weight, +r.Weight);
    if (!whole) return;
    if (d.count !== +r.count) diff(`${name} count`, d.count, +r.count);
    const ev = (evidence.get(k) || '').replace(XML_FORBIDDEN, '');
    if (d.evidence !== ev) diff(`${name} evidence`, d.evidence, ev);
  });
  for (const [k, r] of refEdges) if (!seen.has(k)) fail(reader, `edge ${r.Source}-${r.Target} missing`);
}

for (const [reader, lib, file] of [['graphology-graphml', graphml, 'graph.graphml'],
                                   ['graphology-gexf', gexf, 'graph.gexf']]) {
  try {
    compare(reader, lib.parse(Graph, parseXml(reader, file)));
  } catch (e) {
    fail(reader, `${e.name}: ${e.message}`);
  }
}

// With --time-slice, the dynamic GEXF holds the same nodes and edges with the same layout.
if (fs.existsSync(path.join(out, 'graph-dynamic.gexf'))) {
  const reader = 'graphology-gexf (graph-dynamic.gexf)';
  try {
    compare(reader, gexf.parse(Graph, parseXml(reader, 'graph-dynamic.gexf')), false);
  } catch (e) {
    fail(reader, `${e.name}: ${e.message}`);
  }
}

for (const e of errors) console.error(`check_readers.js: ${out}: ${e}`);
if (errors.length) process.exit(1);
console.log(`check_readers.js: ok (${refNodes.size} nodes, ${refEdges.size} edges; graphology graphml, gexf)`);
