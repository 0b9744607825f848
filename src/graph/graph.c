/* comention: the graph stage. Counts in, a weighted undirected igraph graph out, after
 * the filters of docs/design.md §5 in their fixed order. Edge measures: jaccard, dice, npmi,
 * association strength (van Eck & Waltman 2009) and Dunning's G² (1993), signed. The
 * backbone is the disparity filter of Serrano, Boguñá & Vespignani (PNAS 2009). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "comention/graph.h"
#include "graph/graph_int.h"
#include "util/ig.h"
#include "util/util.h"

static const char *const weight_names[CM_N_MEASURES] = {"count", "documents",   "jaccard", "dice",
                                                        "npmi",  "association", "llr"};

const char *cm_weight_name(cm_weight w)
{
    return weight_names[w];
}

int cm_weight_is_int(cm_weight w)
{
    return w == CM_WEIGHT_COUNT || w == CM_WEIGHT_DOCUMENTS;
}

int cm_weight_parse(cm_weight *out, const char *name)
{
    for (int i = 0; i < CM_N_MEASURES; i++) {
        if (strcmp(name, weight_names[i]) == 0) {
            *out = (cm_weight)i;
            return 0;
        }
    }
    return -1;
}

void cm_graph_opts_init(cm_graph_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->weight = CM_WEIGHT_COUNT;
    o->min_count = 1;
    o->min_documents = 1;
    o->min_discovered_mentions = 1;
    o->types = (1u << CM_N_TYPES) - 1;
    o->type_pairs = (1u << (CM_N_TYPES * CM_N_TYPES)) - 1;
    o->radius = 1;
}

static double xlogx_ratio(double o, double e)
{
    return o > 0 && e > 0 ? o * log(o / e) : 0.0;
}

double cm_pair_measure(cm_weight kind, uint64_t c_ab, uint64_t docs, uint64_t c_a, uint64_t c_b,
                       uint64_t n)
{
    double ab = (double)c_ab, a = (double)c_a, b = (double)c_b, N = (double)n, v = 0.0;
    int joint = N > 0 && ab > 0 && a > 0 && b > 0;

    switch (kind) {
    case CM_WEIGHT_COUNT:
        v = ab;
        break;
    case CM_WEIGHT_DOCUMENTS:
        v = (double)docs;
        break;
    case CM_WEIGHT_JACCARD:
        v = a + b - ab > 0 ? ab / (a + b - ab) : 0.0;
        break;
    case CM_WEIGHT_DICE:
        v = a + b > 0 ? 2 * ab / (a + b) : 0.0;
        break;
    case CM_WEIGHT_NPMI:
        if (joint) {
            double pab = ab / N, pa = a / N, pb = b / N;
            v = pab >= 1.0 ? 1.0 : log(pab / (pa * pb)) / -log(pab);
        }
        break;
    case CM_WEIGHT_ASSOCIATION:
        v = joint ? ab * N / (a * b) : 0.0;
        break;
    case CM_WEIGHT_LLR:
        if (joint) {
            /* G² over the 2×2 table of units: both, only a, only b, neither. */
            double o11 = ab, o12 = a - ab, o21 = b - ab, o22 = N - a - b + ab;
            double e11 = a * b / N, e12 = a * (N - b) / N, e21 = (N - a) * b / N,
                   e22 = (N - a) * (N - b) / N;
            double g2 = 2 * (xlogx_ratio(o11, e11) + xlogx_ratio(o12, e12) + xlogx_ratio(o21, e21) +
                             xlogx_ratio(o22, e22));
            v = o11 < e11 ? -g2 : g2;
        }
        break;
    default:
        break;
    }
    return isfinite(v) && v != 0.0 ? v : 0.0; /* never -0, NaN or Inf in a file */
}

void cm_pair_measures(double out[CM_N_MEASURES], uint64_t c_ab, uint64_t docs, uint64_t c_a,
                      uint64_t c_b, uint64_t n)
{
    for (int i = 0; i < CM_N_MEASURES; i++) {
        out[i] = cm_pair_measure((cm_weight)i, c_ab, docs, c_a, c_b, n);
    }
}

typedef struct work {
    const cm_counts *c;
    const cm_graph_opts *o;
    int *node_on;  /* per entity */
    size_t *edges; /* candidate pair indexes */
    size_t n_edges;
    double *weight; /* per pair: the chosen measure; the others only for the edges kept */
} work;

static int excluded(const cm_graph_opts *o, const char *id)
{
    for (size_t i = 0; i < o->n_exclude; i++) {
        if (strcmp(o->exclude[i], id) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Keep the edges for which keep(w, pair) holds; count the rest into *removed. */
static void filter_edges(work *w, int (*keep)(const work *, size_t), size_t *removed)
{
    size_t k = 0;
    for (size_t i = 0; i < w->n_edges; i++) {
        if (keep(w, w->edges[i])) {
            w->edges[k++] = w->edges[i];
        }
    }
    *removed += w->n_edges - k;
    w->n_edges = k;
}

static int keep_nodes_on(const work *w, size_t p)
{
    const cm_pair_count *pc = cm_counts_pair(w->c, p);
    return w->node_on[pc->a] && w->node_on[pc->b];
}

static int keep_min_count(const work *w, size_t p)
{
    return cm_counts_pair(w->c, p)->units >= w->o->min_count;
}

static int keep_min_documents(const work *w, size_t p)
{
    return cm_counts_pair(w->c, p)->documents >= w->o->min_documents;
}

static int keep_type_pair(const work *w, size_t p)
{
    const cm_pair_count *pc = cm_counts_pair(w->c, p);
    unsigned ta = cm_counts_entity(w->c, pc->a)->type, tb = cm_counts_entity(w->c, pc->b)->type;
    unsigned bit = ta <= tb ? ta * CM_N_TYPES + tb : tb * CM_N_TYPES + ta;
    return (w->o->type_pairs >> bit) & 1u;
}

static double weight_of(const work *w, size_t p)
{
    if (w->o->pair_weight) {
        double v = w->o->pair_weight[p];
        return isfinite(v) ? v : 0.0;
    }
    return w->weight[p];
}

static int keep_positive(const work *w, size_t p)
{
    return weight_of(w, p) > 0;
}

/* Disparity filter on the count: an edge stays if it is significant at either end. */
static cm_status backbone(work *w, cm_error *err)
{
    size_t n = cm_counts_n_entities(w->c), k = 0;
    double *s = cm_calloc(n, sizeof(*s));
    size_t *deg = cm_calloc(n, sizeof(*deg));

    if (!s || !deg) {
        cm_free(s);
        cm_free(deg);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < w->n_edges; i++) {
        const cm_pair_count *pc = cm_counts_pair(w->c, w->edges[i]);
        s[pc->a] += (double)pc->units;
        s[pc->b] += (double)pc->units;
        deg[pc->a]++;
        deg[pc->b]++;
    }
    for (size_t i = 0; i < w->n_edges; i++) {
        const cm_pair_count *pc = cm_counts_pair(w->c, w->edges[i]);
        size_t ends[2] = {pc->a, pc->b};
        int keep = 0;
        for (int j = 0; j < 2; j++) {
            size_t v = ends[j];
            double alpha =
                deg[v] > 1 ? pow(1.0 - (double)pc->units / s[v], (double)(deg[v] - 1)) : 1.0;
            keep |= alpha < w->o->backbone;
        }
        if (keep) {
            w->edges[k++] = w->edges[i];
        }
    }
    w->n_edges = k;
    cm_free(s);
    cm_free(deg);
    return CM_OK;
}

static int heavier_first(const void *x, const void *y, void *ctx)
{
    const work *w = ctx;
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    double wa = weight_of(w, a), wb = weight_of(w, b);
    if (wa != wb) {
        return wa > wb ? -1 : 1;
    }
    return a < b ? -1 : a > b; /* pairs are in (Source, Target) order */
}

static int ascending(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return a < b ? -1 : a > b;
}

static void top_edges(work *w, size_t *removed)
{
    if (w->o->top_edges == 0 || w->n_edges <= w->o->top_edges) {
        return;
    }
    cm_sort(w->edges, w->n_edges, sizeof(*w->edges), heavier_first, w);
    *removed += w->n_edges - w->o->top_edges;
    w->n_edges = w->o->top_edges;
    qsort(w->edges, w->n_edges, sizeof(*w->edges), ascending);
}

/* --top ranks by mentions, or by a score per entity (--top-by METRIC); ties by id. */
static int ranks_before(const void *x, const void *y, void *ctx)
{
    const work *w = ctx;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    const cm_entity_count *a = cm_counts_entity(w->c, i);
    const cm_entity_count *b = cm_counts_entity(w->c, j);
    const double *score = w->o->top_score;
    if (score && score[i] != score[j]) {
        return score[i] > score[j] ? -1 : 1;
    }
    if (!score && a->mentions != b->mentions) {
        return a->mentions > b->mentions ? -1 : 1;
    }
    return strcmp(a->id, b->id);
}

static cm_status top_nodes(work *w, cm_graph_filtered *f, cm_error *err)
{
    size_t n = cm_counts_n_entities(w->c), on = 0;
    size_t *ids = cm_malloc(n * sizeof(*ids));

    if (!ids) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if (w->node_on[i]) {
            ids[on++] = i;
        }
    }
    if (w->o->top > 0 && on > w->o->top) {
        cm_sort(ids, on, sizeof(*ids), ranks_before, w);
        for (size_t i = w->o->top; i < on; i++) {
            w->node_on[ids[i]] = 0;
        }
        f->nodes_top = on - w->o->top;
        filter_edges(w, keep_nodes_on, &f->edges_top);
    }
    cm_free(ids);
    return CM_OK;
}

/* Union-find over entity indexes, for --giant. */
static size_t uf_find(size_t *parent, size_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static cm_status giant(work *w, cm_graph_filtered *f, cm_error *err)
{
    size_t n = cm_counts_n_entities(w->c), best = SIZE_MAX;
    size_t *parent = cm_malloc(n * sizeof(*parent)), *size = cm_calloc(n, sizeof(*size));

    if (!parent || !size) {
        cm_free(parent);
        cm_free(size);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        parent[i] = i;
    }
    for (size_t i = 0; i < w->n_edges; i++) {
        const cm_pair_count *pc = cm_counts_pair(w->c, w->edges[i]);
        size_t ra = uf_find(parent, pc->a), rb = uf_find(parent, pc->b);
        if (ra != rb) {
            parent[ra < rb ? rb : ra] = ra < rb ? ra : rb;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (w->node_on[i]) {
            size[uf_find(parent, i)]++;
        }
    }
    /* The largest component; ties go to the one holding the smallest id. */
    for (size_t i = 0; i < n; i++) {
        if (w->node_on[i] && (best == SIZE_MAX || size[uf_find(parent, i)] > size[best])) {
            best = uf_find(parent, i);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (w->node_on[i] && uf_find(parent, i) != best) {
            w->node_on[i] = 0;
            f->nodes_giant++;
        }
    }
    filter_edges(w, keep_nodes_on, &f->edges_giant);
    cm_free(parent);
    cm_free(size);
    return CM_OK;
}

/* --ego ID --radius N: the ego must have survived the filters before this one. */
static cm_status ego(work *w, cm_graph_filtered *f, cm_error *err)
{
    size_t root = cm_counts_find_entity(w->c, w->o->ego);
    cm_status rc;

    if (root == SIZE_MAX || !w->node_on[root]) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "ego network: '%s' is no node of the graph%s",
                            w->o->ego, root == SIZE_MAX ? "" : " after the filters");
    }
    rc = cm_graph_ego_nodes(w->node_on, w->c, w->edges, w->n_edges, root, w->o->radius,
                            &f->nodes_ego, err);
    if (rc == CM_OK) {
        filter_edges(w, keep_nodes_on, &f->edges_ego);
    }
    return rc;
}

static cm_status run_filters(work *w, cm_graph_filtered *f, cm_error *err)
{
    const cm_graph_opts *o = w->o;
    size_t n = cm_counts_n_entities(w->c);
    cm_status rc = CM_OK;

    for (size_t i = 0; i < n; i++) {
        const cm_entity_count *e = cm_counts_entity(w->c, i);
        w->node_on[i] = 1;
        if (!(o->types & (1u << e->type))) {
            w->node_on[i] = 0;
            f->nodes_by_type++;
        } else if (excluded(o, e->id)) {
            w->node_on[i] = 0;
            f->nodes_excluded++;
        } else if (e->discovered && e->mentions < o->min_discovered_mentions) {
            w->node_on[i] = 0;
            f->nodes_min_discovered++;
        }
    }
    filter_edges(w, keep_nodes_on, &f->edges_by_node_filters);
    filter_edges(w, keep_min_count, &f->edges_min_count);
    filter_edges(w, keep_min_documents, &f->edges_min_documents);
    filter_edges(w, keep_type_pair, &f->edges_type_pairs);
    filter_edges(w, keep_positive, &f->edges_nonpositive);
    if (o->backbone > 0) {
        size_t before = w->n_edges;
        rc = backbone(w, err);
        f->edges_backbone = before - w->n_edges;
    }
    if (rc == CM_OK) {
        top_edges(w, &f->edges_top_edges);
    }
    if (rc == CM_OK && o->ego) {
        rc = ego(w, f, err);
    }
    if (rc == CM_OK) {
        rc = top_nodes(w, f, err);
    }
    if (rc == CM_OK && o->giant) {
        rc = giant(w, f, err);
    }
    return rc;
}

static void node_record(cm_node_record *out, const cm_entity_count *e)
{
    *out = (cm_node_record){e->id,         e->label,    e->subtype, cm_type_name(e->type), e->type,
                            e->discovered, e->mentions, e->units,   e->documents};
}

static cm_status make_igraph(cm_graph *g, const work *w, cm_error *err)
{
    size_t n = cm_counts_n_entities(w->c);
    size_t *node_of = cm_malloc(n * sizeof(*node_of));
    igraph_vector_int_t el;
    cm_ig_guard guard;
    igraph_error_t ie;
    cm_status rc = CM_OK;

    if (!node_of) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        node_of[i] = SIZE_MAX;
        if (w->node_on[i]) {
            node_of[i] = g->n_nodes;
            node_record(&g->nodes[g->n_nodes], cm_counts_entity(w->c, i));
            g->node_entity[g->n_nodes++] = i;
        }
    }
    g->edge_pair = cm_malloc((w->n_edges + 1) * sizeof(*g->edge_pair));
    g->edges = cm_malloc((w->n_edges + 1) * sizeof(*g->edges));
    g->edge_measures = cm_malloc((w->n_edges + 1) * CM_N_MEASURES * sizeof(double));
    if (!g->edge_pair || !g->edges || !g->edge_measures) {
        cm_free(node_of);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_ig_enter(&guard);
    ie = igraph_vector_int_init(&el, (igraph_integer_t)(2 * w->n_edges));
    if (ie == IGRAPH_SUCCESS) {
        ie = igraph_vector_init(&g->weight, (igraph_integer_t)w->n_edges);
    }
    for (size_t i = 0; ie == IGRAPH_SUCCESS && i < w->n_edges; i++) {
        const cm_pair_count *pc = cm_counts_pair(w->c, w->edges[i]);
        VECTOR(el)[2 * i] = (igraph_integer_t)node_of[pc->a];
        VECTOR(el)[2 * i + 1] = (igraph_integer_t)node_of[pc->b];
        VECTOR(g->weight)[i] = weight_of(w, w->edges[i]);
        g->edge_pair[i] = w->edges[i];
        g->edges[i] = (cm_edge_record){pc->units, pc->documents, pc->evidence, pc->n_evidence};
        cm_pair_measures(&g->edge_measures[i * CM_N_MEASURES], pc->units, pc->documents,
                         cm_counts_entity(w->c, pc->a)->units, cm_counts_entity(w->c, pc->b)->units,
                         cm_counts_n_units(w->c));
    }
    g->n_edges = w->n_edges;
    if (ie == IGRAPH_SUCCESS) {
        ie = igraph_create(&g->g, &el, (igraph_integer_t)g->n_nodes, IGRAPH_UNDIRECTED);
    }
    if (ie != IGRAPH_SUCCESS) {
        rc = cm_ig_fail(err, ie, "building the graph");
        igraph_vector_destroy(&g->weight); /* safe when never initialised: zeroed */
    }
    igraph_vector_int_destroy(&el);
    cm_ig_leave(&guard);
    cm_free(node_of);
    return rc;
}

static void graph_tables_free(cm_graph *g)
{
    cm_free(g->nodes);
    cm_free(g->edges);
    cm_free(g->node_entity);
    cm_free(g->edge_pair);
    cm_free(g->edge_measures);
}

cm_status cm_graph_build(cm_graph **out, const cm_counts *counts, const cm_graph_opts *opts,
                         cm_error *err)
{
    cm_graph_opts defaults;
    size_t n = cm_counts_n_entities(counts), np = cm_counts_n_pairs(counts);
    uint64_t units = cm_counts_n_units(counts);
    cm_graph *g = cm_calloc(1, sizeof(*g));
    work w = {counts, opts, NULL, NULL, np, NULL};
    cm_status rc = CM_OK;

    *out = NULL;
    if (!opts) {
        cm_graph_opts_init(&defaults);
        w.o = opts = &defaults;
    }
    w.node_on = cm_calloc(n, sizeof(*w.node_on));
    w.edges = cm_malloc(np * sizeof(*w.edges));
    w.weight = cm_malloc((np + 1) * sizeof(*w.weight));
    if (g) {
        g->node_entity = cm_malloc((n + 1) * sizeof(*g->node_entity));
        g->nodes = cm_malloc((n + 1) * sizeof(*g->nodes));
    }
    if (!g || !w.node_on || !w.edges || !w.weight || !g->node_entity || !g->nodes) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        goto cleanup;
    }
    g->n_documents = cm_counts_n_documents(counts);
    g->n_mentions = cm_counts_n_mentions(counts);
    g->weight_kind = opts->weight;
    g->weight_given = opts->pair_weight != NULL;
    for (size_t p = 0; p < np; p++) {
        const cm_pair_count *pc = cm_counts_pair(counts, p);
        w.edges[p] = p;
        w.weight[p] = cm_pair_measure(opts->weight, pc->units, pc->documents,
                                      cm_counts_entity(counts, pc->a)->units,
                                      cm_counts_entity(counts, pc->b)->units, units);
    }
    rc = run_filters(&w, &g->filtered, err);
    if (rc == CM_OK) {
        rc = make_igraph(g, &w, err);
    }
    if (rc == CM_OK) {
        *out = g;
        g = NULL;
    }
cleanup:
    if (g) {
        graph_tables_free(g);
        cm_free(g);
    }
    cm_free(w.node_on);
    cm_free(w.edges);
    cm_free(w.weight);
    return rc;
}

void cm_graph_shed(cm_graph *g)
{
    if (!g->shed) {
        igraph_destroy(&g->g);
        igraph_vector_destroy(&g->weight);
        g->shed = 1;
    }
}

void cm_graph_free(cm_graph *g)
{
    if (!g) {
        return;
    }
    cm_graph_shed(g);
    graph_tables_free(g);
    cm_free(g);
}
