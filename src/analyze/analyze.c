/* comention: the analyze stage (docs/design.md §6). Every metric follows the named networkx
 * 2.8.8 definition; igraph computes, and where its normalization differs we rescale here
 * (closeness by Wasserman–Faust's (r−1)/(n−1)). Betweenness is our own (brandes.c), since
 * igraph's tolerant comparison of path lengths gives other values than networkx's. Distances
 * are 1/Weight. Louvain (Blondel et al. 2008) runs with igraph's RNG seeded just before. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "comention/analyze.h"
#include "analyze/brandes.h"
#include "util/ig.h"
#include "util/util.h"

static const char *const metric_names[CM_N_METRICS] = {"degree",    "strength", "betweenness",
                                                       "closeness", "harmonic", "eigenvector",
                                                       "pagerank",  "kcore",    "clustering"};

const char *cm_metric_name(cm_metric m)
{
    return metric_names[m];
}

int cm_metric_is_int(cm_metric m)
{
    return m == CM_METRIC_DEGREE || m == CM_METRIC_KCORE;
}

int cm_metric_parse(cm_metric *out, const char *name)
{
    for (int i = 0; i < CM_N_METRICS; i++) {
        if (strcmp(name, metric_names[i]) == 0) {
            *out = (cm_metric)i;
            return 0;
        }
    }
    return -1;
}

void cm_analyze_opts_init(cm_analyze_opts *o)
{
    o->damping = 0.85;
    o->community = CM_COMMUNITY_LOUVAIN;
    o->betweenness_samples = 0;
    o->resolution = 1.0;
    o->seed = 1;
    o->threads = 1;
    o->metrics = CM_METRICS_ALL;
}

/* Scratch vectors shared by the metric steps; all initialised before any step runs. */
typedef struct scratch {
    igraph_vector_t res, dist;
    igraph_vector_int_t ires, membership, csize, types;
} scratch;

static void put(cm_analysis *a, cm_metric m, const igraph_vector_t *v, double scale)
{
    for (size_t i = 0; i < a->n_nodes; i++) {
        double x = VECTOR(*v)[i] * scale;
        a->values[i * CM_N_METRICS + m] = isfinite(x) && x != 0.0 ? x : 0.0;
    }
}

static igraph_error_t degree_strength(cm_analysis *a, const cm_graph *g, scratch *s)
{
    IGRAPH_CHECK(igraph_strength(&g->g, &s->res, igraph_vss_all(), IGRAPH_ALL, 0, NULL));
    put(a, CM_METRIC_DEGREE, &s->res, 1.0);
    IGRAPH_CHECK(igraph_strength(&g->g, &s->res, igraph_vss_all(), IGRAPH_ALL, 0, &g->weight));
    put(a, CM_METRIC_STRENGTH, &s->res, 1.0);
    return IGRAPH_SUCCESS;
}

/* Betweenness, closeness and harmonic centrality from one pass of shortest paths from
 * every node (brandes.c), which reproduces networkx where igraph's tolerant comparison of
 * path lengths does not, and runs on several threads. Betweenness with K samples: the
 * estimate of Brandes & Pich (2007), paths from K seeded sources scaled by n/K, as
 * networkx's k= does; closeness and harmonic stay exact. */
static igraph_error_t paths(cm_analysis *a, const cm_graph *g, const cm_analyze_opts *o, scratch *s,
                            void (*side)(void *), void *side_ctx)
{
    size_t n = a->n_nodes, m = g->n_edges, k = o->betweenness_samples;
    double nn = (double)n, scale = n > 2 ? 1.0 / ((nn - 1) * (nn - 2)) : 0.0;
    size_t *off = cm_calloc(n + 2, sizeof(size_t));
    uint32_t *adj = cm_malloc((2 * m + 1) * sizeof(uint32_t));
    unsigned char *is_source = NULL;
    double *len = cm_malloc((2 * m + 1) * sizeof(double));
    double *res = cm_malloc((3 * n + 1) * sizeof(double));
    cm_paths out = {res, res + n, res + 2 * n};
    igraph_error_t ie = IGRAPH_SUCCESS;

    if (!off || !adj || !len || !res) {
        ie = IGRAPH_ENOMEM;
        goto cleanup;
    }
    /* Adjacency in edge order, as networkx builds it from edges.csv. */
    for (size_t e = 0; e < m; e++) {
        off[(size_t)IGRAPH_FROM(&g->g, e) + 2]++;
        off[(size_t)IGRAPH_TO(&g->g, e) + 2]++;
    }
    for (size_t v = 2; v < n + 2; v++) {
        off[v] += off[v - 1];
    }
    for (size_t e = 0; e < m; e++) {
        size_t a1 = (size_t)IGRAPH_FROM(&g->g, e), b1 = (size_t)IGRAPH_TO(&g->g, e);
        size_t lo = a1 < b1 ? a1 : b1, hi = a1 < b1 ? b1 : a1;
        adj[off[lo + 1]] = (uint32_t)hi;
        len[off[lo + 1]++] = VECTOR(s->dist)[e];
        adj[off[hi + 1]] = (uint32_t)lo;
        len[off[hi + 1]++] = VECTOR(s->dist)[e];
    }
    if (k == 0 || k >= n) {
        k = n;
    } else {
        is_source = cm_calloc(n + 1, 1);
        if (!is_source) {
            ie = IGRAPH_ENOMEM;
            goto cleanup;
        }
        igraph_rng_seed(igraph_rng_default(), o->seed);
        ie = igraph_random_sample(&s->ires, 0, (igraph_integer_t)n - 1, (igraph_integer_t)k);
        if (ie != IGRAPH_SUCCESS) {
            goto cleanup;
        }
        for (size_t i = 0; i < k; i++) {
            is_source[VECTOR(s->ires)[i]] = 1;
        }
        scale *= nn / (double)k;
    }
    a->stats.betweenness_sources = k;
    cm_adjacency adjacency = {n, off, adj, len};
    if (cm_all_paths(&out, &adjacency, is_source, o->threads ? o->threads : 1, side, side_ctx,
                     NULL) != CM_OK) {
        ie = IGRAPH_ENOMEM;
        goto cleanup;
    }
    for (size_t v = 0; v < n; v++) {
        double x = out.betweenness[v] * scale;
        double *row = a->values + v * CM_N_METRICS;
        row[CM_METRIC_BETWEENNESS] = isfinite(x) && x != 0.0 ? x : 0.0;
        row[CM_METRIC_CLOSENESS] = isfinite(out.closeness[v]) ? out.closeness[v] : 0.0;
        row[CM_METRIC_HARMONIC] = isfinite(out.harmonic[v]) ? out.harmonic[v] : 0.0;
    }
cleanup:
    cm_free(off);
    cm_free(adj);
    cm_free(is_source);
    cm_free(len);
    cm_free(res);
    return ie;
}

/* Weighted PageRank by power iteration, as networkx computes it: rank flows along edges in
 * proportion to their weight, nodes without edges spread theirs uniformly, and the
 * teleport is uniform. Our own loop rather than igraph's PRPACK, whose OpenMP sums make
 * the last digits differ from run to run. Iterates until the change is below 1e-15 per
 * node (or 10,000 rounds): exact to double precision, not networkx's 1e-6. */
static igraph_error_t pagerank(cm_analysis *a, const cm_graph *g, const cm_analyze_opts *o)
{
    size_t n = a->n_nodes, m = g->n_edges;
    double *x = cm_malloc((n + 1) * sizeof(double)), *next = cm_malloc((n + 1) * sizeof(double));
    double *strength = cm_calloc(n + 1, sizeof(double)), d = o->damping;

    if (!x || !next || !strength) {
        cm_free(x);
        cm_free(next);
        cm_free(strength);
        return IGRAPH_ENOMEM;
    }
    for (size_t e = 0; e < m; e++) {
        strength[IGRAPH_FROM(&g->g, e)] += VECTOR(g->weight)[e];
        strength[IGRAPH_TO(&g->g, e)] += VECTOR(g->weight)[e];
    }
    for (size_t v = 0; v < n; v++) {
        x[v] = 1.0 / (double)n;
    }
    for (int round = 0; round < 10000; round++) {
        double dangling = 0, change = 0;
        for (size_t v = 0; v < n; v++) {
            dangling += strength[v] > 0 ? 0 : x[v];
        }
        for (size_t v = 0; v < n; v++) {
            next[v] = (1 - d) / (double)n + d * dangling / (double)n;
        }
        for (size_t e = 0; e < m; e++) {
            size_t u = (size_t)IGRAPH_FROM(&g->g, e), v = (size_t)IGRAPH_TO(&g->g, e);
            double w = VECTOR(g->weight)[e];
            next[v] += d * x[u] * w / strength[u];
            next[u] += d * x[v] * w / strength[v];
        }
        for (size_t v = 0; v < n; v++) {
            change += fabs(next[v] - x[v]);
            x[v] = next[v];
        }
        if (change < 1e-15 * (double)n) {
            break;
        }
    }
    for (size_t v = 0; v < n; v++) {
        a->values[v * CM_N_METRICS + CM_METRIC_PAGERANK] = x[v] != 0.0 ? x[v] : 0.0;
    }
    cm_free(x);
    cm_free(next);
    cm_free(strength);
    return IGRAPH_SUCCESS;
}

static igraph_error_t spectral(cm_analysis *a, const cm_graph *g, const cm_analyze_opts *o,
                               scratch *s)
{
    igraph_real_t value;

    if (g->n_edges > 0) {
        /* ARPACK starts from a random vector: without a seed here the last digits would
         * depend on what used igraph's RNG before (in render, whether communities ran). */
        igraph_rng_seed(igraph_rng_default(), o->seed);
        IGRAPH_CHECK(igraph_eigenvector_centrality(&g->g, &s->res, &value, 0, 1, &g->weight, NULL));
        put(a, CM_METRIC_EIGENVECTOR, &s->res, 1.0);
    }
    if (a->n_nodes > 0) {
        IGRAPH_CHECK(pagerank(a, g, o));
    }
    return IGRAPH_SUCCESS;
}

static igraph_error_t local(cm_analysis *a, const cm_graph *g, scratch *s)
{
    double sum = 0;

    IGRAPH_CHECK(igraph_coreness(&g->g, &s->ires, IGRAPH_ALL));
    for (size_t i = 0; i < a->n_nodes; i++) {
        a->values[i * CM_N_METRICS + CM_METRIC_KCORE] = (double)VECTOR(s->ires)[i];
    }
    IGRAPH_CHECK(igraph_transitivity_local_undirected(&g->g, &s->res, igraph_vss_all(),
                                                      IGRAPH_TRANSITIVITY_ZERO));
    put(a, CM_METRIC_CLUSTERING, &s->res, 1.0);
    for (size_t i = 0; i < a->n_nodes; i++) {
        sum += a->values[i * CM_N_METRICS + CM_METRIC_CLUSTERING];
    }
    a->stats.avg_clustering = a->n_nodes ? sum / (double)a->n_nodes : 0.0;
    return IGRAPH_SUCCESS;
}

/* Community numbers: 0 = largest, ties by smallest member id (nodes are in id order, so
 * the smallest member is the first node met). */
static igraph_error_t renumber(cm_analysis *a, const igraph_vector_int_t *m)
{
    igraph_error_t ie = IGRAPH_SUCCESS;
    size_t n = a->n_nodes, k = 0;
    size_t *size = cm_calloc(n + 1, sizeof(*size)), *first = cm_malloc((n + 1) * sizeof(*first));
    size_t *order = cm_malloc((n + 1) * sizeof(*order)), *rank = cm_malloc((n + 1) * sizeof(*rank));

    if (!size || !first || !order || !rank) {
        ie = IGRAPH_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        size_t c = (size_t)VECTOR(*m)[i];
        if (size[c]++ == 0) {
            first[c] = i;
            order[k++] = c;
        }
    }
    /* Insertion sort: communities are few compared with nodes. */
    for (size_t i = 1; i < k; i++) {
        size_t c = order[i], j = i;
        while (j > 0 && (size[order[j - 1]] < size[c] ||
                         (size[order[j - 1]] == size[c] && first[order[j - 1]] > first[c]))) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = c;
    }
    for (size_t i = 0; i < k; i++) {
        rank[order[i]] = i;
    }
    for (size_t i = 0; i < n; i++) {
        a->community[i] = (long)rank[VECTOR(*m)[i]];
    }
    a->stats.communities = k;
cleanup:
    cm_free(size);
    cm_free(first);
    cm_free(order);
    cm_free(rank);
    return ie;
}

/* igraph 0.10's Leiden optimizes CPM; with node weights = strength and resolution
 * γ/(2Σw) its objective is modularity with resolution γ (Traag et al. 2019). Isolates get
 * weight 0, so they stay singletons. */
static igraph_error_t leiden(const cm_graph *g, const cm_analyze_opts *o, scratch *s)
{
    double total = 0;
    igraph_integer_t clusters;

    IGRAPH_CHECK(igraph_strength(&g->g, &s->res, igraph_vss_all(), IGRAPH_ALL, 0, &g->weight));
    for (size_t e = 0; e < g->n_edges; e++) {
        total += VECTOR(g->weight)[e];
    }
    if (total <= 0) {
        IGRAPH_CHECK(igraph_vector_int_resize(&s->membership, (igraph_integer_t)g->n_nodes));
        for (size_t i = 0; i < g->n_nodes; i++) {
            VECTOR(s->membership)[i] = (igraph_integer_t)i;
        }
        return IGRAPH_SUCCESS;
    }
    return igraph_community_leiden(&g->g, &g->weight, &s->res, o->resolution / (2 * total), 0.01, 0,
                                   10, &s->membership, &clusters, NULL);
}

/* Louvain is greedy and order-dependent: the best modularity of a few seeded runs (seed,
 * seed + 1, ...; the first of equals) is a much steadier partition than one run. */
#define LOUVAIN_RUNS 5

static igraph_error_t best_louvain(const cm_graph *g, const cm_analyze_opts *o, scratch *s)
{
    igraph_vector_int_t best;
    igraph_real_t q, best_q = -2;

    IGRAPH_CHECK(igraph_vector_int_init(&best, 0));
    for (unsigned long r = 0; r < LOUVAIN_RUNS; r++) {
        igraph_error_t ie;
        igraph_rng_seed(igraph_rng_default(), o->seed + r);
        ie = igraph_community_multilevel(&g->g, &g->weight, o->resolution, &s->membership, NULL,
                                         NULL);
        if (ie == IGRAPH_SUCCESS && g->n_edges > 0) {
            ie = igraph_modularity(&g->g, &s->membership, &g->weight, o->resolution, 0, &q);
        } else {
            q = 0;
        }
        if (ie == IGRAPH_SUCCESS && q > best_q) {
            best_q = q;
            ie = igraph_vector_int_update(&best, &s->membership);
        }
        if (ie != IGRAPH_SUCCESS) {
            igraph_vector_int_destroy(&best);
            return ie;
        }
    }
    igraph_error_t ie = igraph_vector_int_update(&s->membership, &best);
    igraph_vector_int_destroy(&best);
    return ie;
}

static igraph_error_t communities(cm_analysis *a, const cm_graph *g, const cm_analyze_opts *o,
                                  scratch *s)
{
    igraph_real_t q = 0;

    if (a->n_nodes == 0) {
        return IGRAPH_SUCCESS;
    }
    igraph_rng_seed(igraph_rng_default(), o->seed);
    if (o->community == CM_COMMUNITY_LEIDEN) {
        IGRAPH_CHECK(leiden(g, o, s));
    } else {
        IGRAPH_CHECK(best_louvain(g, o, s));
    }
    if (g->n_edges > 0) {
        IGRAPH_CHECK(igraph_modularity(&g->g, &s->membership, &g->weight, o->resolution, 0, &q));
    }
    a->stats.modularity = isfinite(q) ? q : 0.0;
    IGRAPH_CHECK(renumber(a, &s->membership));
    return IGRAPH_SUCCESS;
}

static igraph_error_t whole(cm_analysis *a, const cm_graph *g, scratch *s)
{
    igraph_integer_t no = 0, biggest = 0;
    igraph_real_t r = 0;
    double n = (double)a->n_nodes;

    a->stats.nodes = a->n_nodes;
    a->stats.edges = g->n_edges;
    a->stats.density = n > 1 ? 2.0 * (double)g->n_edges / (n * (n - 1)) : 0.0;
    IGRAPH_CHECK(igraph_connected_components(&g->g, &s->membership, &s->csize, &no, IGRAPH_WEAK));
    for (igraph_integer_t i = 0; i < no; i++) {
        biggest = VECTOR(s->csize)[i] > biggest ? VECTOR(s->csize)[i] : biggest;
    }
    a->stats.components = (size_t)no;
    a->stats.giant_share = n > 0 ? (double)biggest / n : 0.0;
    IGRAPH_CHECK(igraph_vector_int_resize(&s->types, (igraph_integer_t)a->n_nodes));
    for (size_t i = 0; i < a->n_nodes; i++) {
        VECTOR(s->types)[i] = g->nodes[i].type;
    }
    if (g->n_edges > 0) {
        IGRAPH_CHECK(igraph_assortativity_nominal(&g->g, &s->types, &r, 0, 1));
    }
    a->stats.assortativity_type = isfinite(r) ? r : 0.0;
    return IGRAPH_SUCCESS;
}

/* The metrics besides the paths, in order (each seeds igraph's RNG itself): on this thread
 * while the others start on the paths, so that they do not wait for them at the end. */
typedef struct rest {
    cm_analysis *a;
    const cm_graph *g;
    const cm_analyze_opts *o;
    scratch *s;
    const char *step;
    igraph_error_t ie;
} rest;

static igraph_error_t run_rest(rest *r)
{
    r->step = "eigenvector and pagerank";
    IGRAPH_CHECK(spectral(r->a, r->g, r->o, r->s));
    r->step = "k-core and clustering";
    IGRAPH_CHECK(local(r->a, r->g, r->s));
    r->step = "graph statistics";
    IGRAPH_CHECK(whole(r->a, r->g, r->s));
    if (r->o->metrics & CM_COMMUNITIES_BIT) {
        r->step = "communities";
        IGRAPH_CHECK(communities(r->a, r->g, r->o, r->s));
        r->a->computed |= CM_COMMUNITIES_BIT;
    }
    return IGRAPH_SUCCESS;
}

static void rest_side(void *ctx)
{
    rest *r = ctx;
    r->ie = run_rest(r);
}

static igraph_error_t run_all(cm_analysis *a, const cm_graph *g, const cm_analyze_opts *o,
                              scratch *s, const char **step)
{
    rest r = {a, g, o, s, NULL, IGRAPH_SUCCESS};

    *step = "distances";
    IGRAPH_CHECK(igraph_vector_resize(&s->dist, (igraph_integer_t)g->n_edges));
    for (size_t e = 0; e < g->n_edges; e++) {
        VECTOR(s->dist)[e] = 1.0 / VECTOR(g->weight)[e];
    }
    *step = "degree";
    IGRAPH_CHECK(degree_strength(a, g, s));
    a->computed = CM_METRICS_ALL & ~CM_METRICS_PATHS & ~CM_COMMUNITIES_BIT;
    if (o->metrics & CM_METRICS_PATHS) {
        *step = "betweenness and closeness";
        IGRAPH_CHECK(paths(a, g, o, s, rest_side, &r));
        a->computed |= CM_METRICS_PATHS;
    } else {
        rest_side(&r);
    }
    if (r.ie != IGRAPH_SUCCESS) {
        *step = r.step;
    }
    return r.ie;
}

cm_status cm_analyze(cm_analysis **out, const cm_graph *g, const cm_analyze_opts *opts,
                     cm_error *err)
{
    cm_analyze_opts defaults;
    cm_analysis *a = cm_calloc(1, sizeof(*a));
    scratch s;
    cm_ig_guard guard;
    const char *step = "setup";
    igraph_error_t ie = IGRAPH_SUCCESS;
    cm_status rc = CM_OK;

    *out = NULL;
    if (!opts) {
        cm_analyze_opts_init(&defaults);
        opts = &defaults;
    }
    if (a) {
        a->n_nodes = g->n_nodes;
        a->values = cm_calloc(g->n_nodes * CM_N_METRICS, sizeof(double));
        a->community = cm_calloc(g->n_nodes, sizeof(long));
    }
    if (!a || !a->values || !a->community) {
        cm_analysis_free(a);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    memset(&s, 0, sizeof(s));
    cm_ig_enter(&guard);
    /* Initialise everything first, so cleanup can destroy everything. */
    if (igraph_vector_init(&s.res, 0) || igraph_vector_init(&s.dist, 0) ||
        igraph_vector_int_init(&s.ires, 0) || igraph_vector_int_init(&s.membership, 0) ||
        igraph_vector_int_init(&s.csize, 0) || igraph_vector_int_init(&s.types, 0)) {
        ie = IGRAPH_ENOMEM;
    } else {
        ie = run_all(a, g, opts, &s, &step);
    }
    if (ie != IGRAPH_SUCCESS) {
        rc = cm_ig_fail(err, ie, step);
    }
    igraph_vector_destroy(&s.res);
    igraph_vector_destroy(&s.dist);
    igraph_vector_int_destroy(&s.ires);
    igraph_vector_int_destroy(&s.membership);
    igraph_vector_int_destroy(&s.csize);
    igraph_vector_int_destroy(&s.types);
    cm_ig_leave(&guard);
    if (rc != CM_OK) {
        cm_analysis_free(a);
        return rc;
    }
    *out = a;
    return CM_OK;
}

void cm_analysis_free(cm_analysis *a)
{
    if (!a) {
        return;
    }
    cm_free(a->values);
    cm_free(a->community);
    cm_free(a);
}
