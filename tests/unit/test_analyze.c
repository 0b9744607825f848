/* Unit tests of the graph and analyze stages on a small graph whose metric values are
 * known (computed with the networkx 2.8.8 calls named in docs/design.md §6;
 * PageRank with tol=1e-15, since the default tolerance is looser than our 1e-6 check), and of the
 * filters. */
#include <stdio.h>
#include <stdlib.h>
#include "analyze/brandes.h"
#include "pipeline.h"

/* russia–ukraine ×2, china–russia, china–ukraine, china–turkey, nato–turkey, and Putin
 * mentioned alone (an isolate). */
static const char *const texts[] = {"Russia and Ukraine.\nRussia and Ukraine.\nRussia and China.\n"
                                    "Ukraine and China.\nChina and Turkey.\nTurkey and NATO.\n"
                                    "Putin."};

typedef struct expected {
    const char *id;
    double v[CM_N_METRICS];
} expected;

static const expected want[] = {
    {"china",
     {3, 3, 0.4, 0.6400000000000001, 3.5, 0.8259550148884753, 0.2337275856120377, 2,
      0.3333333333333333}},
    {"nato",
     {1, 1, 0, 0.35555555555555557, 2.1666666666666665, 0.11822966559485744, 0.10904039316850381, 1,
      0}},
    {"russia", {2, 3, 0, 0.49230769230769234, 3.8333333333333335, 1, 0.22003622195917721, 2, 1}},
    {"turkey", {2, 2, 0.3, 0.5333333333333333, 3, 0.3341117163963748, 0.18803336370887058, 1, 0}},
    {"ukraine", {2, 3, 0, 0.49230769230769234, 3.8333333333333335, 1, 0.22003622195917721, 2, 1}},
    {"vladimir-putin", {0, 0, 0, 0, 0, 0, 0.02912621359223301, 0, 0}},
};

static void analyze__metrics_match_networkx(void **state)
{
    cm_counts *c = count_texts(texts, 1, NULL);
    cm_graph *g = NULL;
    cm_analysis *a = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_graph_build(&g, c, NULL, &err), CM_OK);
    assert_int_equal(g->n_nodes, 6);
    assert_int_equal(g->n_edges, 5);
    assert_int_equal(cm_analyze(&a, g, NULL, &err), CM_OK);
    assert_true(IGRAPH_FINALLY_STACK_EMPTY);
    for (size_t i = 0; i < g->n_nodes; i++) {
        const cm_entity_count *e = cm_counts_entity(c, g->node_entity[i]);
        assert_string_equal(e->id, want[i].id);
        for (int m = 0; m < CM_N_METRICS; m++) {
            double got = a->values[i * CM_N_METRICS + m], exp = want[i].v[m];
            double tol = 1e-6 * (exp < 0 ? -exp : exp) + 1e-9;
            if (got - exp > tol || exp - got > tol) {
                fail_msg("%s %s: %.17g, want %.17g", e->id, cm_metric_name((cm_metric)m), got, exp);
            }
        }
    }
    /* networkx's louvain finds modularity 0.2083 here; ours must not be worse than -0.01 */
    assert_true(a->stats.modularity >= 0.2083333333333333 - 0.01);
    assert_int_equal(a->stats.components, 2);
    assert_int_equal(a->community[5] != a->community[0], 1);
    cm_analysis_free(a);
    cm_graph_free(g);
    cm_counts_free(c);
}

static void analyze__leiden_and_sampled_betweenness(void **state)
{
    cm_counts *c = count_texts(texts, 1, NULL);
    cm_graph *g = NULL;
    cm_analysis *exact = NULL, *all = NULL, *some = NULL, *again = NULL, *lei = NULL;
    cm_analyze_opts o;
    cm_error err;
    (void)state;
    assert_int_equal(cm_graph_build(&g, c, NULL, &err), CM_OK);
    assert_int_equal(cm_analyze(&exact, g, NULL, &err), CM_OK);
    cm_analyze_opts_init(&o);
    o.betweenness_samples = 6; /* as many as nodes: exact */
    assert_int_equal(cm_analyze(&all, g, &o, &err), CM_OK);
    assert_memory_equal(all->values, exact->values, 6 * CM_N_METRICS * sizeof(double));
    assert_int_equal(all->stats.betweenness_sources, 6);
    o.betweenness_samples = 3;
    assert_int_equal(cm_analyze(&some, g, &o, &err), CM_OK);
    assert_int_equal(cm_analyze(&again, g, &o, &err), CM_OK);
    assert_int_equal(some->stats.betweenness_sources, 3);
    assert_memory_equal(some->values, again->values, 6 * CM_N_METRICS * sizeof(double));
    for (size_t i = 0; i < 6; i++) {
        assert_true(some->values[i * CM_N_METRICS + CM_METRIC_BETWEENNESS] >= 0);
    }
    cm_analyze_opts_init(&o);
    o.community = CM_COMMUNITY_LEIDEN;
    assert_int_equal(cm_analyze(&lei, g, &o, &err), CM_OK);
    assert_true(lei->stats.modularity >= 0.2083333333333333 - 0.01);
    assert_true(IGRAPH_FINALLY_STACK_EMPTY);
    cm_analysis_free(exact);
    cm_analysis_free(all);
    cm_analysis_free(some);
    cm_analysis_free(again);
    cm_analysis_free(lei);
    cm_graph_free(g);
    cm_counts_free(c);
}

/* Without a shortest-path metric asked, none of the three is computed (0, and not in
 * `computed`), nor the communities unless asked; every other value is the same as in the
 * full analysis, whatever ran before. Asking one path metric computes all three. */
static void analyze__only_the_metrics_asked(void **state)
{
    cm_counts *c = count_texts(texts, 1, NULL);
    cm_graph *g = NULL;
    cm_analysis *full = NULL, *some = NULL, *one = NULL;
    cm_analyze_opts o;
    cm_error err;
    (void)state;
    assert_int_equal(cm_graph_build(&g, c, NULL, &err), CM_OK);
    assert_int_equal(cm_analyze(&full, g, NULL, &err), CM_OK);
    assert_int_equal(full->computed, CM_METRICS_ALL);
    cm_analyze_opts_init(&o);
    o.metrics = CM_METRIC_BIT(CM_METRIC_PAGERANK);
    assert_int_equal(cm_analyze(&some, g, &o, &err), CM_OK);
    assert_int_equal(some->computed, CM_METRICS_ALL & ~CM_METRICS_PATHS & ~CM_COMMUNITIES_BIT);
    assert_int_equal(some->stats.communities, 0);
    assert_int_equal(some->stats.betweenness_sources, 0);
    int path_nonzero = 0;
    for (size_t i = 0; i < g->n_nodes; i++) {
        for (int m = 0; m < CM_N_METRICS; m++) {
            double v = some->values[i * CM_N_METRICS + m];
            if (CM_METRIC_BIT(m) & CM_METRICS_PATHS) {
                assert_true(v == 0.0);
                path_nonzero |= full->values[i * CM_N_METRICS + m] != 0.0;
            } else {
                assert_true(v == full->values[i * CM_N_METRICS + m]);
            }
        }
        assert_int_equal(some->community[i], 0);
    }
    assert_true(path_nonzero); /* the graph has paths: skipping them shows */
    o.metrics = CM_METRIC_BIT(CM_METRIC_HARMONIC) | CM_COMMUNITIES_BIT;
    assert_int_equal(cm_analyze(&one, g, &o, &err), CM_OK);
    assert_int_equal(one->computed, CM_METRICS_ALL);
    assert_memory_equal(one->values, full->values, g->n_nodes * CM_N_METRICS * sizeof(double));
    assert_memory_equal(one->community, full->community, g->n_nodes * sizeof(long));
    assert_true(one->stats.modularity == full->stats.modularity);
    cm_analysis_free(one);
    cm_analysis_free(some);
    cm_analysis_free(full);
    cm_graph_free(g);
    cm_counts_free(c);
}

static void analyze__filters(void **state)
{
    cm_counts *c = count_texts(texts, 1, NULL);
    cm_graph_opts o;
    cm_graph *g = NULL;
    cm_error err;
    const char *ex[] = {"nato"};
    (void)state;
    cm_graph_opts_init(&o);
    o.min_count = 2;
    assert_int_equal(cm_graph_build(&g, c, &o, &err), CM_OK);
    assert_int_equal(g->n_nodes, 6); /* nodes stay when their edges go */
    assert_int_equal(g->n_edges, 1);
    assert_int_equal(g->filtered.edges_min_count, 4);
    cm_graph_free(g);

    cm_graph_opts_init(&o);
    o.exclude = ex;
    o.n_exclude = 1;
    o.giant = 1;
    assert_int_equal(cm_graph_build(&g, c, &o, &err), CM_OK);
    assert_int_equal(g->n_nodes, 4); /* putin (isolate) and nato gone */
    assert_int_equal(g->filtered.nodes_excluded, 1);
    assert_int_equal(g->filtered.nodes_giant, 1);
    cm_graph_free(g);

    cm_graph_opts_init(&o);
    o.top = 2; /* the most mentioned: china (3), russia (3) */
    assert_int_equal(cm_graph_build(&g, c, &o, &err), CM_OK);
    assert_int_equal(g->n_nodes, 2);
    assert_int_equal(g->n_edges, 1);
    cm_graph_free(g);
    cm_counts_free(c);
}

/* russia–ukraine, china–russia, china–ukraine, china–turkey, nato–turkey; putin alone. */
static void analyze__ego_network(void **state)
{
    cm_counts *c = count_texts(texts, 1, NULL);
    cm_graph_opts o;
    cm_graph *g = NULL;
    cm_error err;
    const char *ex[] = {"nato"};
    (void)state;
    cm_graph_opts_init(&o);
    assert_int_equal(o.radius, 1);
    o.ego = "nato";
    assert_int_equal(cm_graph_build(&g, c, &o, &err), CM_OK);
    assert_int_equal(g->n_nodes, 2); /* nato, turkey */
    assert_int_equal(g->n_edges, 1);
    assert_int_equal(g->filtered.nodes_ego, 4);
    assert_int_equal(g->filtered.edges_ego, 4);
    cm_graph_free(g);

    o.radius = 2; /* and china, with the edges between the three */
    assert_int_equal(cm_graph_build(&g, c, &o, &err), CM_OK);
    assert_int_equal(g->n_nodes, 3);
    assert_int_equal(g->n_edges, 2);
    assert_string_equal(cm_counts_entity(c, g->node_entity[0])->id, "china");
    cm_graph_free(g);

    o.radius = 0;
    assert_int_equal(cm_graph_build(&g, c, &o, &err), CM_OK);
    assert_int_equal(g->n_nodes, 1);
    assert_int_equal(g->n_edges, 0);
    cm_graph_free(g);

    o.radius = 3; /* an induced subgraph: the triangle's third edge stays */
    o.ego = "nato";
    assert_int_equal(cm_graph_build(&g, c, &o, &err), CM_OK);
    assert_int_equal(g->n_nodes, 5);
    assert_int_equal(g->n_edges, 5);
    assert_int_equal(g->filtered.nodes_ego, 1); /* putin */
    cm_graph_free(g);

    o.ego = "atlantis";
    assert_int_equal(cm_graph_build(&g, c, &o, &err), CM_EINPUT);
    assert_non_null(strstr(err.msg, "'atlantis' is no node"));
    assert_null(g);
    o.ego = "nato";
    o.exclude = ex;
    o.n_exclude = 1;
    assert_int_equal(cm_graph_build(&g, c, &o, &err), CM_EINPUT);
    assert_non_null(strstr(err.msg, "after the filters"));
    cm_counts_free(c);
}

/* Weights as a file gives them replace the measure; non-positive ones drop the edge. */
static void analyze__given_weights(void **state)
{
    cm_counts *c = count_texts(texts, 1, NULL);
    double w[5] = {2.5, -1, 0.5, 7, 1};
    cm_graph_opts o;
    cm_graph *g = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_counts_n_pairs(c), 5);
    cm_graph_opts_init(&o);
    o.pair_weight = w;
    assert_int_equal(cm_graph_build(&g, c, &o, &err), CM_OK);
    assert_int_equal(g->weight_given, 1);
    assert_int_equal(g->n_edges, 4);
    assert_int_equal(g->filtered.edges_nonpositive, 1);
    for (size_t e = 0; e < g->n_edges; e++) {
        assert_true(VECTOR(g->weight)[e] == w[g->edge_pair[e]]);
    }
    cm_graph_free(g);
    cm_counts_free(c);
}

static void analyze__layout_is_seeded(void **state)
{
    cm_counts *c = count_texts(texts, 1, NULL);
    cm_graph *g = NULL;
    cm_layout *l1 = NULL, *l2 = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_graph_build(&g, c, NULL, &err), CM_OK);
    assert_int_equal(cm_layout_compute(&l1, g, NULL, &err), CM_OK);
    assert_int_equal(cm_layout_compute(&l2, g, NULL, &err), CM_OK);
    assert_memory_equal(l1->xy, l2->xy, 2 * g->n_nodes * sizeof(double));
    cm_layout_free(l1);
    cm_layout_free(l2);
    cm_graph_free(g);
    cm_counts_free(c);
}

static void analyze__empty_graph(void **state)
{
    const char *none[] = {"Nothing here."};
    cm_counts *c = count_texts(none, 1, NULL);
    cm_graph *g = NULL;
    cm_analysis *a = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_graph_build(&g, c, NULL, &err), CM_OK);
    assert_int_equal(cm_analyze(&a, g, NULL, &err), CM_OK);
    assert_int_equal(a->stats.nodes, 0);
    cm_analysis_free(a);
    cm_graph_free(g);
    cm_counts_free(c);
}

/* A seeded graph of n nodes in groups of 10 (dense inside, a few edges across), edge
 * lengths 1, 1/2, 1/3 or 1/6 so that many paths are equally short in one sum and not in
 * another, as adjacency lists in edge order. */
typedef struct adj_graph {
    cm_adjacency g;
    size_t *off;
    uint32_t *adj;
    double *len;
} adj_graph;

static adj_graph tie_graph(size_t n)
{
    static const double lengths[] = {1.0, 1.0 / 2, 1.0 / 3, 1.0 / 6};
    size_t cap = 8 * n, m = 0, *ends = malloc(2 * cap * sizeof(size_t));
    double *w = malloc(cap * sizeof(double));
    uint64_t r = 12345;
    adj_graph a;

    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n && m < cap; j++) {
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            unsigned roll = (unsigned)(r >> 33) % 100;
            if ((i / 10 == j / 10 && roll < 40) || (i / 10 != j / 10 && roll == 0)) {
                ends[2 * m] = i;
                ends[2 * m + 1] = j;
                w[m++] = lengths[(r >> 20) % 4];
            }
        }
    }
    a.off = calloc(n + 2, sizeof(size_t));
    a.adj = malloc((2 * m + 1) * sizeof(uint32_t));
    a.len = malloc((2 * m + 1) * sizeof(double));
    for (size_t e = 0; e < m; e++) {
        a.off[ends[2 * e] + 2]++;
        a.off[ends[2 * e + 1] + 2]++;
    }
    for (size_t v = 2; v < n + 2; v++) {
        a.off[v] += a.off[v - 1];
    }
    for (size_t e = 0; e < m; e++) {
        for (int k = 0; k < 2; k++) {
            size_t v = ends[2 * e + k], u = ends[2 * e + 1 - k];
            a.adj[a.off[v + 1]] = (uint32_t)u;
            a.len[a.off[v + 1]++] = w[e];
        }
    }
    a.g = (cm_adjacency){n, a.off, a.adj, a.len};
    free(ends);
    free(w);
    return a;
}

static void tie_graph_free(adj_graph *a)
{
    free(a->off);
    free(a->adj);
    free(a->len);
}

static double *all_paths(const adj_graph *a, const unsigned char *is_source, size_t threads)
{
    size_t n = a->g.n;
    double *res = malloc(3 * n * sizeof(double));
    cm_paths out = {res, res + n, res + 2 * n};
    cm_error err;
    assert_int_equal(cm_all_paths(&out, &a->g, is_source, threads, NULL, NULL, &err), CM_OK);
    return res;
}

/* The shortest paths are shared out over threads a chunk of sources at a time, and the
 * chunks' betweenness terms added in source order: every value is the same for any
 * number of threads (40: most of the 50 chunks in flight at once), and each betweenness
 * is networkx's sum, 0 + the first source's term + the second's ..., here the sum of the
 * single-source runs in order. */
static void analyze__paths_same_for_any_threads(void **state)
{
    static const size_t threads[] = {2, 3, 7, 40};
    adj_graph big = tie_graph(400), small = tie_graph(60);
    double *one = all_paths(&big, NULL, 1), *sum = calloc(small.g.n, sizeof(double));
    unsigned char *only = calloc(small.g.n, 1);
    (void)state;
    for (size_t k = 0; k < sizeof(threads) / sizeof(*threads); k++) {
        double *more = all_paths(&big, NULL, threads[k]);
        assert_memory_equal(one, more, 3 * big.g.n * sizeof(double));
        free(more);
    }
    for (size_t s = 0; s < small.g.n; s++) {
        only[s] = 1;
        double *alone = all_paths(&small, only, 1);
        for (size_t v = 0; v < small.g.n; v++) {
            sum[v] += alone[v];
        }
        only[s] = 0;
        free(alone);
    }
    double *got = all_paths(&small, NULL, 7);
    assert_memory_equal(got, sum, small.g.n * sizeof(double));
    free(got);
    free(one);
    free(sum);
    free(only);
    tie_graph_free(&big);
    tie_graph_free(&small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(analyze__metrics_match_networkx),
        cmocka_unit_test(analyze__only_the_metrics_asked),
        cmocka_unit_test(analyze__filters),
        cmocka_unit_test(analyze__ego_network),
        cmocka_unit_test(analyze__given_weights),
        cmocka_unit_test(analyze__leiden_and_sampled_betweenness),
        cmocka_unit_test(analyze__layout_is_seeded),
        cmocka_unit_test(analyze__paths_same_for_any_threads),
        cmocka_unit_test(analyze__empty_graph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
