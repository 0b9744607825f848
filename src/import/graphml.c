/* comention: the import stage, GraphML in (the 1.0 format of graphml.graphdrawing.org,
 * as we write it and as Gephi exports it). Gephi finds its visual attributes by exact,
 * case-sensitive attr.name (label, weight, x, y, size, r, g, b) and gives keys arbitrary
 * ids ("d0", …): so do we. Nodes become entities and edges pairs of a cm_counts, so the
 * rest of the pipeline (graph filters, metrics, layout, style) runs unchanged.
 *
 * Safety as for the lexicon (util/xml.h): cm_xml_check() first (no document type
 * declaration, limits on depth, attributes and text), then libxml2 with CM_XML_OPTIONS
 * under a guard that refuses external entities (errors go to a handler of each reader). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include "comention/import.h"
#include "util/util.h"
#include "util/xml.h"

/* What a node or an edge may say, by attr.name. */
enum {
    N_LABEL,
    N_TYPE,
    N_SUBTYPE,
    N_DISCOVERED,
    N_MENTIONS,
    N_DOCUMENTS,
    N_METRIC, /* CM_N_METRICS of them */
    N_COMMUNITY = N_METRIC + CM_N_METRICS,
    N_X,
    N_Y,
    N_SIZE,
    N_R,
    N_G,
    N_B,
    N_SLOTS
};
enum { E_WEIGHT, E_COUNT, E_DOCUMENTS, E_SLOTS };
#define CM_GRAPHML_MAX_WEIGHT 1e15

static const char *const edge_names[E_SLOTS] = {"weight", "count", "documents"};
static const char *const node_names[] = {"label",      "type",     "subtype",
                                         "discovered", "mentions", "documents"};
static const char *const node_tail[] = {"community", "x", "y", "size", "r", "g", "b"};

typedef struct key {
    xmlChar *id;    /* owned */
    int node_slot;  /* or -1 */
    int edge_slot;  /* or -1 */
    xmlChar *deflt; /* <default>, or NULL; owned */
} key;

typedef struct reader {
    const char *path;
    cm_error *err;
    key *keys;
    size_t n_keys, cap_keys;
    cm_strmap key_of;                 /* key id → index; keys borrowed from `keys` */
    const xmlChar *node_def[N_SLOTS]; /* defaults by slot; borrowed from `keys` */
    const xmlChar *edge_def[E_SLOTS];
    cm_counts *counts;
    double *num; /* N_SLOTS numbers per node, in file order */
    size_t cap_num;
    uint32_t *have; /* per node: a bit per slot it has */
    size_t cap_have, n_nodes;
    double *pair_w;   /* per pair (order of first appearance) */
    size_t *pair_end; /* its two entity indexes, in file order */
    size_t cap_w, cap_end, n_pairs;
    int types_ok;
    size_t self_loops, repeated;
} reader;

static long line_of(const xmlNode *node)
{
    long l = node ? xmlGetLineNo(node) : 0;
    /* libxml2 2.9 with XML_PARSE_BIG_LINES counts one line too many from line 65535 on. */
    if (l > 65535) {
        l--;
    }
    return l > 0 ? l : 0;
}

static cm_status fail(reader *r, const xmlNode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static cm_status fail(reader *r, const xmlNode *at, const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return cm_error_set(r->err, CM_EINPUT, r->path, line_of(at), "%s", msg);
}

static int named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* An attribute's value, borrowed from the tree: without a document type an attribute is
 * one text node (character and predefined entity references already replaced). */
static const xmlChar *prop(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) == 0) {
            if (!a->children) {
                return (const xmlChar *)"";
            }
            return a->children->next || a->children->type != XML_TEXT_NODE ? NULL
                                                                           : a->children->content;
        }
    }
    return NULL;
}

/* A <data> element's text, borrowed when it is one text node; else a copy, and *owned. */
static const xmlChar *text_of(const xmlNode *n, int *owned)
{
    const xmlNode *c = n->children;
    *owned = 0;
    if (!c) {
        return (const xmlChar *)"";
    }
    if (!c->next && c->type == XML_TEXT_NODE) {
        return c->content;
    }
    *owned = 1;
    return xmlNodeGetContent(n);
}

static void free_owned(const xmlChar **vals, uint32_t owned, int n)
{
    for (int s = 0; s < n; s++) {
        if (owned & (1u << s)) {
            xmlFree((xmlChar *)vals[s]);
        }
    }
}

static int slot_of(const char *name, const char *for_)
{
    int node = !for_ || strcmp(for_, "node") == 0 || strcmp(for_, "all") == 0;
    for (int i = 0; node && i < 6; i++) {
        if (strcmp(name, node_names[i]) == 0) {
            return i;
        }
    }
    for (int m = 0; node && m < CM_N_METRICS; m++) {
        if (strcmp(name, cm_metric_name((cm_metric)m)) == 0) {
            return N_METRIC + m;
        }
    }
    for (int i = 0; node && i < 7; i++) {
        if (strcmp(name, node_tail[i]) == 0) {
            return N_COMMUNITY + i;
        }
    }
    return -1;
}

static int edge_slot_of(const char *name, const char *for_)
{
    int edge = !for_ || strcmp(for_, "edge") == 0 || strcmp(for_, "all") == 0;
    for (int i = 0; edge && i < E_SLOTS; i++) {
        if (strcmp(name, edge_names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static cm_status read_key(reader *r, const xmlNode *node)
{
    xmlChar *id = xmlGetProp(node, (const xmlChar *)"id");
    xmlChar *name = xmlGetProp(node, (const xmlChar *)"attr.name");
    xmlChar *for_ = xmlGetProp(node, (const xmlChar *)"for");
    cm_status rc = CM_OK;

    if (!id) {
        rc = fail(r, node, "a <key> without an id");
    } else if (cm_strmap_get(&r->key_of, (const char *)id) != SIZE_MAX) {
        rc = fail(r, node, "duplicate key id '%.80s'", (const char *)id);
    } else {
        rc = cm_grow(&r->keys, &r->cap_keys, r->n_keys + 1, sizeof(*r->keys), r->err);
    }
    if (rc == CM_OK) {
        key *k = &r->keys[r->n_keys++];
        k->id = id;
        id = NULL;
        k->node_slot = name ? slot_of((const char *)name, (const char *)for_) : -1;
        k->edge_slot = name ? edge_slot_of((const char *)name, (const char *)for_) : -1;
        k->deflt = NULL;
        for (const xmlNode *c = node->children; c; c = c->next) {
            if (named(c, "default")) {
                k->deflt = xmlNodeGetContent(c);
            }
        }
        if (k->node_slot >= 0 && k->deflt) {
            r->node_def[k->node_slot] = k->deflt;
        }
        if (k->edge_slot >= 0 && k->deflt) {
            r->edge_def[k->edge_slot] = k->deflt;
        }
        rc = cm_strmap_put(&r->key_of, (const char *)k->id, r->n_keys - 1, r->err);
    }
    xmlFree(id);
    xmlFree(name);
    xmlFree(for_);
    return rc;
}

/* The <data> children of a node or an edge, by slot; the caller frees those *owned says
 * (free_owned), also after a failure. */
static cm_status read_data(reader *r, const xmlNode *elem, const xmlChar **vals, uint32_t *owned,
                           int n, int edge)
{
    for (const xmlNode *c = elem->children; c; c = c->next) {
        if (named(c, "graph")) {
            return fail(r, c, "nested graphs are not supported");
        }
        if (!named(c, "data")) {
            continue;
        }
        const xmlChar *kid = prop(c, "key");
        size_t k = kid ? cm_strmap_get(&r->key_of, (const char *)kid) : SIZE_MAX;
        if (k == SIZE_MAX) {
            return fail(r, c, "<data> names no declared key: '%.80s'",
                        kid ? (const char *)kid : "");
        }
        int slot = edge ? r->keys[k].edge_slot : r->keys[k].node_slot, copy;
        if (slot >= 0 && slot < n) {
            free_owned(vals + slot, *owned >> slot & 1u, 1);
            vals[slot] = text_of(c, &copy);
            *owned = (*owned & ~(1u << slot)) | (uint32_t)copy << slot;
        }
    }
    return CM_OK;
}

/* A number as the whole of a value, surrounding spaces allowed. */
static cm_status number(reader *r, const xmlNode *at, const char *name, const xmlChar *v, double lo,
                        double hi, double *out)
{
    char *end;

    errno = 0;
    *out = strtod((const char *)v, &end);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r') {
        end++;
    }
    if (end == (const char *)v || *end || errno || !isfinite(*out) || *out < lo || *out > hi) {
        return fail(r, at, "%s: bad value '%.60s'", name, (const char *)v);
    }
    return CM_OK;
}

static cm_status node_numbers(reader *r, const xmlNode *at, const xmlChar **vals, double *num,
                              uint32_t *have)
{
    /* counts, then reals, then colour channels, then communities: each range is one its
     * conversion (to uint64_t, long, unsigned char) and every later sum can take */
    static const double range[][2] = {
        {0, 1e18}, {-1e300, 1e300}, {0, 255}, {-2147483647.0, 2147483647.0}};
    cm_status rc = CM_OK;

    for (int s = N_DISCOVERED; s < N_SLOTS && rc == CM_OK; s++) {
        const xmlChar *v = vals[s] ? vals[s] : r->node_def[s];
        const char *name = s < N_METRIC      ? node_names[s]
                           : s < N_COMMUNITY ? cm_metric_name((cm_metric)(s - N_METRIC))
                                             : node_tail[s - N_COMMUNITY];
        int kind = s == N_MENTIONS || s == N_DOCUMENTS ? 0
                   : s >= N_R                          ? 2
                   : s == N_COMMUNITY                  ? 3
                                                       : 1;
        if (!v) {
            continue;
        }
        if (s == N_DISCOVERED) {
            int t = strcasecmp((const char *)v, "true") == 0 || strcmp((const char *)v, "1") == 0;
            if (!t && strcasecmp((const char *)v, "false") != 0 && strcmp((const char *)v, "0")) {
                return fail(r, at, "discovered: want true or false, not '%.60s'", (const char *)v);
            }
            num[s] = t;
        } else {
            rc = number(r, at, name, v, range[kind][0], range[kind][1], &num[s]);
        }
        *have |= 1u << s;
    }
    return rc;
}

static cm_status add_entity(reader *r, const xmlNode *at, const xmlChar *id, const xmlChar **vals,
                            const double *num)
{
    const xmlChar *label = vals[N_LABEL] ? vals[N_LABEL] : r->node_def[N_LABEL];
    const xmlChar *type = vals[N_TYPE] ? vals[N_TYPE] : r->node_def[N_TYPE];
    const xmlChar *sub = vals[N_SUBTYPE] ? vals[N_SUBTYPE] : r->node_def[N_SUBTYPE];
    cm_entity_count e;

    memset(&e, 0, sizeof(e));
    e.id = (char *)id;
    e.label = (char *)(label && label[0] ? label : id);
    e.subtype = (char *)(sub ? sub : (const xmlChar *)"");
    e.type = CM_TYPE_ACTOR;
    if (!type || cm_type_parse(&e.type, (const char *)type) != 0) {
        r->types_ok = 0;
    }
    e.discovered = num[N_DISCOVERED] != 0;
    e.mentions = (uint64_t)num[N_MENTIONS];
    e.documents = (uint64_t)num[N_DOCUMENTS];
    if (cm_counts_find_entity(r->counts, (const char *)id) != SIZE_MAX) {
        return fail(r, at, "duplicate node id '%.80s'", (const char *)id);
    }
    return cm_counts_put_entity(r->counts, &e, r->err);
}

static cm_status read_node(reader *r, const xmlNode *node)
{
    const xmlChar *id = prop(node, "id"), *vals[N_SLOTS] = {0};
    uint32_t owned = 0;
    cm_status rc = CM_OK;

    if (!id) {
        return fail(r, node, "a <node> without an id");
    }
    rc = cm_grow(&r->num, &r->cap_num, r->n_nodes + 1, N_SLOTS * sizeof(double), r->err);
    if (rc == CM_OK) {
        rc = cm_grow(&r->have, &r->cap_have, r->n_nodes + 1, sizeof(*r->have), r->err);
    }
    if (rc == CM_OK) {
        rc = read_data(r, node, vals, &owned, N_SLOTS, 0);
    }
    double *num = r->num + r->n_nodes * N_SLOTS;
    if (rc == CM_OK) {
        memset(num, 0, N_SLOTS * sizeof(double));
        r->have[r->n_nodes] = 0;
        rc = node_numbers(r, node, vals, num, &r->have[r->n_nodes]);
    }
    if (rc == CM_OK) {
        rc = add_entity(r, node, id, vals, num);
    }
    if (rc == CM_OK) {
        r->n_nodes++;
    }
    free_owned(vals, owned, N_SLOTS);
    return rc;
}

static cm_status end_of(reader *r, const xmlNode *edge, const char *which, size_t *out)
{
    const xmlChar *v = prop(edge, which);
    cm_status rc = CM_OK;

    *out = v ? cm_counts_find_entity(r->counts, (const char *)v) : SIZE_MAX;
    if (!v) {
        rc = fail(r, edge, "an <edge> without a %s", which);
    } else if (*out == SIZE_MAX) {
        rc = fail(r, edge, "edge %s '%.80s' is no node", which, (const char *)v);
    }
    return rc;
}

static cm_status add_edge(reader *r, size_t a, size_t b, const double *num)
{
    size_t p = cm_counts_find_pair(r->counts, a, b);
    cm_status rc = CM_OK;

    if (p != SIZE_MAX) {
        r->repeated++;
    } else {
        rc = cm_grow(&r->pair_w, &r->cap_w, r->n_pairs + 1, sizeof(*r->pair_w), r->err);
        if (rc == CM_OK) {
            rc = cm_grow(&r->pair_end, &r->cap_end, r->n_pairs + 1, 2 * sizeof(size_t), r->err);
        }
        if (rc != CM_OK) {
            return rc;
        }
        p = r->n_pairs++;
        r->pair_w[p] = 0;
        r->pair_end[2 * p] = a;
        r->pair_end[2 * p + 1] = b;
    }
    r->pair_w[p] += num[E_WEIGHT];
    return cm_counts_put_pair(r->counts, a, b, (uint64_t)num[E_COUNT], (uint64_t)num[E_DOCUMENTS],
                              r->err);
}

static cm_status read_edge(reader *r, const xmlNode *edge)
{
    const xmlChar *vals[E_SLOTS] = {0};
    uint32_t owned = 0;
    double num[E_SLOTS] = {1, 1, 1}; /* an edge is one co-mention unless it says more */
    size_t a, b;
    cm_status rc = end_of(r, edge, "source", &a);

    if (rc == CM_OK) {
        rc = end_of(r, edge, "target", &b);
    }
    if (rc == CM_OK) {
        rc = read_data(r, edge, vals, &owned, E_SLOTS, 1);
    }
    for (int s = 0; rc == CM_OK && s < E_SLOTS; s++) {
        const xmlChar *v = vals[s] ? vals[s] : r->edge_def[s];
        if (v) {
            /* a count as for nodes; a weight small enough that igraph's sums of squares
             * (eigenvector centrality, layouts) stay finite */
            double lim = s == E_WEIGHT ? CM_GRAPHML_MAX_WEIGHT : 1e18;
            rc = number(r, edge, edge_names[s], v, s == E_WEIGHT ? -lim : 0, lim, &num[s]);
        }
    }
    if (rc == CM_OK && a == b) {
        r->self_loops++;
    } else if (rc == CM_OK) {
        rc = add_edge(r, a, b, num);
    }
    free_owned(vals, owned, E_SLOTS);
    return rc;
}

/* The file is streamed three times (xmlTextReader), each element of interest expanded on
 * its own and freed when the reader moves on: keys, then nodes, then edges, since an edge
 * may come before the nodes it joins and a key after the graph. A whole tree of a 1.6 MB
 * file took 0.11 s to build, mostly memory the kernel had to map; three streamed passes
 * take a third of that. The first pass reads the whole file, so a file that is not
 * well-formed is reported as such before anything it says. */
enum { PASS_KEYS, PASS_NODES, PASS_EDGES };

typedef struct stream {
    xmlTextReaderPtr rd;
    cm_xml_first_error first;
    int pass;
    int in_graph;   /* inside the first <graph> */
    int graph_done; /* the first <graph> is behind */
    int skip;       /* the current element was expanded: step over its subtree */
    long root_line; /* where the root element starts */
} stream;

/* An element of the pass's kind, expanded and read; what the pass does not read is
 * skipped. */
static cm_status element(reader *r, stream *st, int depth)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(st->rd);
    int want =
        (depth == 1 && st->pass == PASS_KEYS && strcmp(name, "key") == 0) ||
        (depth == 2 && st->in_graph &&
         (st->pass == PASS_NODES ? strcmp(name, "node") == 0 || strcmp(name, "hyperedge") == 0
                                 : st->pass == PASS_EDGES && strcmp(name, "edge") == 0));
    const xmlNode *n;

    if (depth == 0) {
        st->root_line = line_of(xmlTextReaderCurrentNode(st->rd));
        if (strcmp(name, "graphml") != 0) {
            return cm_error_set(r->err, CM_EINPUT, r->path, st->root_line,
                                "not a GraphML file: the root element is <%s>, not <graphml>",
                                name);
        }
    }
    if (depth == 1 && strcmp(name, "graph") == 0 && !st->graph_done && !st->in_graph) {
        st->in_graph = !xmlTextReaderIsEmptyElement(st->rd);
        st->graph_done = !st->in_graph;
        return CM_OK;
    }
    if (!want) {
        st->skip = depth > 0;
        return CM_OK;
    }
    n = xmlTextReaderExpand(st->rd);
    st->skip = 1;
    if (!n) {
        return CM_OK; /* not well-formed: the reader fails next, with the reason */
    }
    if (strcmp(name, "key") == 0) {
        return read_key(r, n);
    }
    if (strcmp(name, "hyperedge") == 0) {
        return fail(r, n, "hyperedges are not supported");
    }
    return strcmp(name, "node") == 0 ? read_node(r, n) : read_edge(r, n);
}

/* One pass. In the first, an error in what the file says waits until the end of the
 * file: not being well-formed comes first. */
static cm_status pass(reader *r, const cm_buf *b, int which, long *root_line, int *graphs)
{
    stream st = {NULL, {0, ""}, which, 0, 0, 0, 0};
    cm_error said;
    cm_status rc = CM_OK, held = CM_OK;
    int ret;

    st.rd = xmlReaderForMemory(b->data ? b->data : "", (int)b->len, r->path, NULL,
                               CM_XML_OPTIONS | XML_PARSE_COMPACT);
    if (!st.rd) {
        return cm_error_set(r->err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    xmlTextReaderSetStructuredErrorHandler(st.rd, cm_xml_keep_first_error, &st.first);
    while (rc == CM_OK &&
           (ret = st.skip ? xmlTextReaderNext(st.rd) : xmlTextReaderRead(st.rd)) == 1) {
        int type = xmlTextReaderNodeType(st.rd), depth = xmlTextReaderDepth(st.rd);
        st.skip = 0;
        if (type == XML_READER_TYPE_END_ELEMENT && depth == 1 && st.in_graph) {
            st.in_graph = 0;
            st.graph_done = 1;
        } else if (type == XML_READER_TYPE_ELEMENT && held == CM_OK) {
            rc = element(r, &st, depth);
        } else if (type == XML_READER_TYPE_ELEMENT) {
            st.skip = depth > 0;
        }
        if (rc != CM_OK && which == PASS_KEYS && rc != CM_ENOMEM &&
            type == XML_READER_TYPE_ELEMENT && depth > 0) {
            held = rc; /* keep reading for well-formedness */
            said = *r->err;
            rc = CM_OK;
        }
    }
    if (rc == CM_OK && ret < 0) {
        rc = cm_error_set(r->err, CM_EINPUT, r->path, st.first.line, "not well-formed XML: %s",
                          st.first.msg[0] ? st.first.msg : "unknown reason");
    } else if (rc == CM_OK && held != CM_OK) {
        *r->err = said;
        rc = held;
    }
    *graphs = st.graph_done || st.in_graph;
    *root_line = st.root_line;
    xmlFreeTextReader(st.rd);
    return rc;
}

/* Checked (util/xml.h), then keys, nodes, edges, with external entities refused. */
static cm_status read_file(reader *r, cm_error *err)
{
    cm_xml_guard guard;
    cm_buf b;
    int graphs = 0;
    long root_line = 0;
    cm_status rc;

    cm_buf_init(&b);
    rc = cm_read_file(&b, r->path, (size_t)INT32_MAX, err); /* libxml2 takes int sizes */
    cm_xml_guard_begin(&guard);
    if (rc == CM_OK && b.len == 0) {
        rc = cm_error_set(err, CM_EINPUT, r->path, 1, "not well-formed XML: %s",
                          "Document is empty");
    }
    if (rc == CM_OK) {
        rc = cm_xml_check(b.data, b.len, r->path, CM_XML_XML, err);
    }
    if (rc == CM_OK) {
        rc = pass(r, &b, PASS_KEYS, &root_line, &graphs);
    }
    if (rc == CM_OK && !graphs) {
        rc = cm_error_set(err, CM_EINPUT, r->path, root_line, "no <graph> in the file");
    }
    if (rc == CM_OK) {
        rc = pass(r, &b, PASS_NODES, &root_line, &graphs);
    }
    if (rc == CM_OK) {
        rc = pass(r, &b, PASS_EDGES, &root_line, &graphs);
    }
    cm_xml_guard_end(&guard);
    cm_buf_destroy(&b);
    return rc;
}

/* 1 when every node has every slot in [from, to). */
static int all_have(const reader *r, int from, int to)
{
    uint32_t want = 0;
    for (int s = from; s < to; s++) {
        want |= 1u << s;
    }
    for (size_t k = 0; k < r->n_nodes; k++) {
        if ((r->have[k] & want) != want) {
            return 0;
        }
    }
    return r->n_nodes > 0;
}

static cm_status node_arrays(cm_import *im, const reader *r, const size_t *at)
{
    size_t n = r->n_nodes;
    int metrics = all_have(r, N_METRIC, N_COMMUNITY + 1), xy = all_have(r, N_X, N_Y + 1);
    int size = all_have(r, N_SIZE, N_SIZE + 1), rgb = all_have(r, N_R, N_B + 1);

    im->metrics = metrics ? cm_malloc(n * CM_N_METRICS * sizeof(double)) : NULL;
    im->community = metrics ? cm_malloc(n * sizeof(long)) : NULL;
    im->xy = xy ? cm_malloc(2 * n * sizeof(double)) : NULL;
    im->size = size ? cm_malloc(n * sizeof(double)) : NULL;
    im->color = rgb ? cm_malloc(n * sizeof(cm_rgb)) : NULL;
    if ((metrics && (!im->metrics || !im->community)) || (xy && !im->xy) || (size && !im->size) ||
        (rgb && !im->color)) {
        return cm_error_set(NULL, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        const double *v = r->num + k * N_SLOTS;
        size_t i = at[k];
        for (int m = 0; metrics && m < CM_N_METRICS; m++) {
            im->metrics[i * CM_N_METRICS + m] = v[N_METRIC + m];
        }
        if (metrics) {
            im->community[i] = (long)v[N_COMMUNITY];
        }
        if (xy) {
            im->xy[2 * i] = v[N_X];
            im->xy[2 * i + 1] = v[N_Y];
        }
        if (size) {
            im->size[i] = fabs(v[N_SIZE]);
        }
        if (rgb) {
            im->color[i] =
                (cm_rgb){(uint8_t)lround(v[N_R]), (uint8_t)lround(v[N_G]), (uint8_t)lround(v[N_B])};
        }
    }
    return CM_OK;
}

/* Finish the counts (entities sorted by id, pairs by ends) and put every per-node and
 * per-pair value where its entity or pair went. */
static cm_status assemble(cm_import *im, reader *r, cm_error *err)
{
    size_t n = r->n_nodes;
    const char **ids = cm_malloc((n + 1) * sizeof(*ids));
    size_t *at = cm_malloc((n + 1) * sizeof(*at));
    cm_status rc = CM_OK;

    im->pair_weight = cm_calloc(r->n_pairs + 1, sizeof(double));
    if (!ids || !at || !im->pair_weight) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        goto cleanup;
    }
    for (size_t k = 0; k < n; k++) {
        ids[k] = cm_counts_entity(r->counts, k)->id; /* the strings stay where they are */
    }
    rc = cm_counts_finish(r->counts, err);
    for (size_t k = 0; rc == CM_OK && k < n; k++) {
        at[k] = cm_counts_find_entity(r->counts, ids[k]);
    }
    for (size_t p = 0; rc == CM_OK && p < r->n_pairs; p++) {
        size_t q =
            cm_counts_find_pair(r->counts, at[r->pair_end[2 * p]], at[r->pair_end[2 * p + 1]]);
        im->pair_weight[q] = r->pair_w[p];
    }
    if (rc == CM_OK && node_arrays(im, r, at) != CM_OK) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
cleanup:
    cm_free(ids);
    cm_free(at);
    return rc;
}

static void reader_destroy(reader *r)
{
    for (size_t i = 0; i < r->n_keys; i++) {
        xmlFree(r->keys[i].id);
        xmlFree(r->keys[i].deflt);
    }
    cm_free(r->keys);
    cm_strmap_destroy(&r->key_of);
    cm_counts_free(r->counts);
    cm_free(r->num);
    cm_free(r->have);
    cm_free(r->pair_w);
    cm_free(r->pair_end);
}

cm_status cm_import_graphml(cm_import **out, const char *path, cm_error *err)
{
    cm_import *im = cm_calloc(1, sizeof(*im));
    reader r;
    cm_status rc;

    *out = NULL;
    memset(&r, 0, sizeof(r));
    r.path = path;
    r.err = err;
    r.types_ok = 1;
    cm_strmap_init(&r.key_of);
    rc = im ? cm_counts_new(&r.counts, NULL, err)
            : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    if (rc == CM_OK) {
        rc = read_file(&r, err);
    }
    if (rc == CM_OK) {
        rc = assemble(im, &r, err);
    }
    if (rc == CM_OK) {
        im->counts = r.counts;
        r.counts = NULL;
        im->has_types = r.types_ok && r.n_nodes > 0;
        im->self_loops = r.self_loops;
        im->repeated = r.repeated;
        *out = im;
        im = NULL;
    }
    cm_import_free(im);
    reader_destroy(&r);
    return rc;
}

void cm_import_free(cm_import *im)
{
    if (!im) {
        return;
    }
    cm_counts_free(im->counts);
    cm_free(im->pair_weight);
    cm_free(im->metrics);
    cm_free(im->community);
    cm_free(im->xy);
    cm_free(im->size);
    cm_free(im->color);
    cm_free(im);
}
