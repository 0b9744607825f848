/* comention: the analyze stage, a graph in, node metrics, communities and graph
 * statistics out (docs/design.md §6). */
#ifndef COMENTION_ANALYZE_H
#define COMENTION_ANALYZE_H

#include <stddef.h>
#include <stdint.h>
#include "comention/error.h"
#include "comention/graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The metrics of nodes.csv, in column order. */
typedef enum cm_metric {
    CM_METRIC_DEGREE = 0,
    CM_METRIC_STRENGTH,
    CM_METRIC_BETWEENNESS,
    CM_METRIC_CLOSENESS,
    CM_METRIC_HARMONIC,
    CM_METRIC_EIGENVECTOR,
    CM_METRIC_PAGERANK,
    CM_METRIC_KCORE,
    CM_METRIC_CLUSTERING,
} cm_metric;

/** Number of metrics. */
#define CM_N_METRICS 9

/** The bit of metric m in a set of metrics (cm_analyze_opts.metrics). */
#define CM_METRIC_BIT(m) (1u << (unsigned)(m))
/** The communities in a set of metrics: no column of cm_analysis.values but
 * cm_analysis.community, wanted and reported like a metric. */
#define CM_COMMUNITIES_BIT (1u << CM_N_METRICS)
/** Every metric and the communities. */
#define CM_METRICS_ALL ((1u << (CM_N_METRICS + 1)) - 1u)
/** The metrics from shortest paths: betweenness, closeness, harmonic, O(V·E) together. */
#define CM_METRICS_PATHS                                                                           \
    (CM_METRIC_BIT(CM_METRIC_BETWEENNESS) | CM_METRIC_BIT(CM_METRIC_CLOSENESS) |                   \
     CM_METRIC_BIT(CM_METRIC_HARMONIC))

/** Community detection algorithms. */
typedef enum cm_community_kind {
    CM_COMMUNITY_LOUVAIN = 0, /**< Blondel et al. 2008 (multilevel) */
    CM_COMMUNITY_LEIDEN,      /**< Traag et al. 2019, modularity objective */
} cm_community_kind;

/** Analysis options. */
typedef struct cm_analyze_opts {
    double damping;              /**< PageRank damping (0.85) */
    cm_community_kind community; /**< louvain (default) or leiden */
    size_t betweenness_samples;  /**< 0: exact; K: estimated from K seeded source nodes */
    double resolution;           /**< Louvain resolution (1.0) */
    unsigned long seed;          /**< seed of the community detection */
    size_t threads;   /**< threads for the shortest-path metrics (1); results do not depend on it */
    unsigned metrics; /**< the metrics wanted, CM_METRIC_BIT()s and CM_COMMUNITIES_BIT
                           (CM_METRICS_ALL). The shortest-path ones (CM_METRICS_PATHS) are
                           computed only when one of them is wanted, and then all three
                           (one pass); the communities (seeded Louvain or Leiden runs) only
                           when wanted; the other metrics, of near-linear cost, always */
} cm_analyze_opts;

/** Defaults of docs/design.md §2. @param o filled in */
void cm_analyze_opts_init(cm_analyze_opts *o);

/** Whole-graph statistics for report.json. */
typedef struct cm_graph_stats {
    size_t nodes, edges;
    double density;
    size_t components;
    double giant_share; /**< share of nodes in the largest component */
    double avg_clustering;
    double modularity;
    size_t communities;
    double assortativity_type;  /**< nominal assortativity by entity type */
    size_t betweenness_sources; /**< sources betweenness was computed from (nodes if exact) */
} cm_graph_stats;

/** Metrics of every node of a graph. */
typedef struct cm_analysis {
    double *values;       /**< node i's metric m at [i · CM_N_METRICS + m]; owned */
    long *community;      /**< community of each node, 0 = largest; all 0 when not computed;
                               owned */
    size_t n_nodes;       /**< number of nodes */
    unsigned computed;    /**< the metrics computed, CM_METRIC_BIT()s, and CM_COMMUNITIES_BIT
                               when the communities were; the others are 0 */
    cm_graph_stats stats; /**< graph statistics */
} cm_analysis;

/**
 * Compute the metrics of docs/design.md §6 on a graph (distances are 1/Weight): every one by
 * default, or those opts->metrics asks for (see there).
 *
 * igraph is called under a non-aborting error handler; its RNG is seeded before the
 * community detection, so results are reproducible. Isolates get 0 everywhere.
 *
 * @param out   the analysis; free with cm_analysis_free()
 * @param g     the graph; not changed
 * @param opts  options; NULL for defaults
 * @param err   filled on failure
 * @return CM_OK, CM_ENOMEM or CM_EINTERNAL
 *
 * Cost: O(V·E + V² log V) for betweenness, closeness and harmonic, the dominant terms;
 * without them near-linear (PageRank, eigenvector, clustering O(Σ deg²), and Louvain's
 * runs, the largest of these terms: a fifth of a second for 2,000 nodes and 20,000 edges).
 */
cm_status cm_analyze(cm_analysis **out, const cm_graph *g, const cm_analyze_opts *opts,
                     cm_error *err);

/** Free an analysis; accepts NULL. @param a analysis to free */
void cm_analysis_free(cm_analysis *a);

/** @param m a metric @return its column name ("degree", "pagerank", …) */
const char *cm_metric_name(cm_metric m);

/** @param m a metric @return 1 when its values are integers (degree, kcore), else 0 */
int cm_metric_is_int(cm_metric m);

/**
 * Parse a metric name.
 * @param out   the metric
 * @param name  a column name of nodes.csv
 * @return 0, or -1 for an unknown name
 */
int cm_metric_parse(cm_metric *out, const char *name);

#ifdef __cplusplus
}
#endif

#endif
