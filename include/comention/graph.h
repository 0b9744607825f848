/* comention: the graph stage, counts in, a weighted, filtered igraph graph out. The graph is
 * a closed product: it carries its nodes' and edges' own records, so the stages after it
 * never look into the counts. */
#ifndef COMENTION_GRAPH_H
#define COMENTION_GRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <igraph.h>
#include "comention/entity.h"
#include "comention/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The input of cm_graph_build(), declared in comention/count.h. */
struct cm_counts;

/** The edge measure used as Weight (docs/design.md §5). */
typedef enum cm_weight {
    CM_WEIGHT_COUNT = 0,
    CM_WEIGHT_DOCUMENTS,
    CM_WEIGHT_JACCARD,
    CM_WEIGHT_DICE,
    CM_WEIGHT_NPMI,
    CM_WEIGHT_ASSOCIATION,
    CM_WEIGHT_LLR,
} cm_weight;

/** Number of edge measures; also the order of their columns in edges.csv. */
#define CM_N_MEASURES 7

/** Graph options (filters are applied in docs/design.md §5 order). */
typedef struct cm_graph_opts {
    cm_weight weight;           /**< the Weight measure */
    uint64_t min_count;         /**< drop edges with fewer co-mention units */
    uint64_t min_documents;     /**< drop edges seen in fewer documents */
    unsigned types;             /**< keep nodes whose type bit (1 << cm_type) is set */
    unsigned type_pairs;        /**< keep edges whose type-pair bit (1 << (3·ta + tb)) is set */
    const char *const *exclude; /**< entity ids to drop; borrowed */
    size_t n_exclude;           /**< number of ids in `exclude` */
    double backbone;            /**< disparity-filter alpha; 0 = off */
    size_t top_edges;           /**< keep the N heaviest edges; 0 = all */
    size_t top;                 /**< keep the N nodes with most mentions; 0 = all */
    const double *top_score;    /**< rank --top by these per-entity scores (counts order)
                                     instead of mentions, or NULL; borrowed */
    int giant;                  /**< keep the largest connected component only */
    const char *ego;            /**< keep only the nodes within `radius` hops of this entity
                                     id (an ego network), or NULL; borrowed */
    size_t radius;              /**< hops of the ego network (1) */
    const double *pair_weight;  /**< the Weight of each pair (counts order) as given, instead
                                     of the `weight` measure, or NULL; borrowed */

    /** Drop discovered entities with fewer mentions in the corpus (1: keep all). */
    uint64_t min_discovered_mentions;
} cm_graph_opts;

/** Defaults: count weight, no filters. @param o filled in */
void cm_graph_opts_init(cm_graph_opts *o);

/** What each filter removed, for report.json. */
typedef struct cm_graph_filtered {
    size_t nodes_by_type, nodes_excluded; /**< --types, --exclude */
    size_t edges_by_node_filters;         /**< edges lost with those nodes */
    size_t edges_min_count, edges_min_documents, edges_type_pairs;
    size_t edges_nonpositive; /**< Weight <= 0 (only with npmi or llr) */
    size_t edges_backbone, edges_top_edges;
    size_t nodes_top, edges_top;     /**< --top and the edges it took along */
    size_t nodes_giant, edges_giant; /**< --giant */
    size_t nodes_ego, edges_ego;     /**< --ego, --radius */

    /** Discovered entities under --min-discovered-mentions. */
    size_t nodes_min_discovered;
} cm_graph_filtered;

/** A graph ready for analysis. Node i is entity `node_entity[i]` of the counts it was built
 *  from; everything later stages need of that entity is in `nodes[i]`, of pair
 *  `edge_pair[e]` in `edges[e]`. */
typedef struct cm_graph {
    igraph_t g;                 /**< undirected, simple; owned */
    cm_node_record *nodes;      /**< node i's own attributes; owned, strings borrowed from
                                     the counts, which must outlive the graph */
    cm_edge_record *edges;      /**< edge e's own attributes; owned, evidence borrowed */
    size_t *node_entity;        /**< node → entity index in the counts; owned */
    size_t n_nodes;             /**< number of nodes */
    size_t *edge_pair;          /**< edge → pair index in the counts; owned */
    double *edge_measures;      /**< edge e's measure m at [e · CM_N_MEASURES + m]; owned */
    igraph_vector_t weight;     /**< Weight of each edge (> 0); owned */
    size_t n_edges;             /**< number of edges */
    cm_weight weight_kind;      /**< which measure `weight` holds */
    int weight_given;           /**< 1: `weight` came from cm_graph_opts.pair_weight */
    cm_graph_filtered filtered; /**< what the filters removed */
    uint64_t n_documents;       /**< documents of the corpus (0 for an imported graph) */
    uint64_t n_mentions;        /**< mentions in the corpus */
    int shed;                   /**< 1: `g` and `weight` freed by cm_graph_shed() */
} cm_graph;

/**
 * Build the co-mention graph: one node per entity kept, one edge per pair kept, weighted.
 * Nodes are in entity-id order, edges in (source, target) order. Filters run in the order
 * of docs/design.md §5, with the ego network (cm_graph_opts.ego) after --top-edges and before
 * --top.
 *
 * @param out     the graph; free with cm_graph_free()
 * @param counts  finished counts; borrowed, must outlive the graph
 * @param opts    filters and weight; NULL for defaults
 * @param err     filled on failure
 * @return CM_OK, CM_EINPUT (the ego is no node left by the filters before it), CM_ENOMEM
 *         or CM_EINTERNAL (igraph failed)
 *
 * Cost: O(E log E) for E pairs.
 */
cm_status cm_graph_build(cm_graph **out, const struct cm_counts *counts, const cm_graph_opts *opts,
                         cm_error *err);

/** Free a graph; accepts NULL. @param g graph to free */
void cm_graph_free(cm_graph *g);

/**
 * Free what only the analysis, the layout and the style read: the igraph graph and the
 * Weight vector (40 bytes an edge and more), once the scene is made, which holds each
 * edge's ends and Weight. The writers read the node and edge tables only. Afterwards `g`
 * and `weight` must not be used; cm_graph_free() frees the rest.
 * @param g  the graph
 */
void cm_graph_shed(cm_graph *g);

/** @param w a measure @return its name ("count", "jaccard", …) */
const char *cm_weight_name(cm_weight w);

/** @param w a measure @return 1 when its values are integers (count, documents), else 0 */
int cm_weight_is_int(cm_weight w);

/**
 * Parse a measure name.
 * @param out   the measure
 * @param name  "count", "documents", "jaccard", "dice", "npmi", "association" or "llr"
 * @return 0, or -1 for an unknown name
 */
int cm_weight_parse(cm_weight *out, const char *name);

/**
 * One edge measure of a pair (docs/design.md §5): what cm_pair_measures() gives at `kind`.
 * @param kind    the measure
 * @param c_ab    units naming both
 * @param docs    documents naming both
 * @param c_a     units naming the first
 * @param c_b     units naming the second
 * @param n       units in the corpus
 * @return the value; 0 where it is undefined (never -0, NaN or infinite)
 */
double cm_pair_measure(cm_weight kind, uint64_t c_ab, uint64_t docs, uint64_t c_a, uint64_t c_b,
                       uint64_t n);

/**
 * The edge measures of a pair (docs/design.md §5), in cm_weight order.
 * @param out     CM_N_MEASURES values
 * @param c_ab    units naming both
 * @param docs    documents naming both
 * @param c_a     units naming the first
 * @param c_b     units naming the second
 * @param n       units in the corpus
 */
void cm_pair_measures(double out[CM_N_MEASURES], uint64_t c_ab, uint64_t docs, uint64_t c_a,
                      uint64_t c_b, uint64_t n);

#ifdef __cplusplus
}
#endif

#endif
