/* comention: time slices, per-period counts in, one network per period out (entity
 * mentions, degree and PageRank; pair counts and weights) for periods.csv,
 * period-edges.csv, the dynamic GEXF and report.json. The exporters read a cm_timeline
 * alone, so they need neither the counts nor the graph stage. */
#ifndef COMENTION_TIMELINE_H
#define COMENTION_TIMELINE_H

#include <stddef.h>
#include <stdint.h>
#include "comention/error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct cm_counts;
struct cm_graph_opts;
struct cm_analyze_opts;

/** One entity in one period. */
typedef struct cm_period_node {
    size_t entity;      /**< index into cm_timeline.ids */
    uint64_t mentions;  /**< its mentions in the period's documents */
    uint64_t documents; /**< the period's documents naming it */
    size_t degree;      /**< neighbours in the period's graph (0 when its filters drop it) */
    double pagerank;    /**< PageRank in the period's graph (0 when dropped) */
} cm_period_node;

/** One pair named together in one period. */
typedef struct cm_period_edge {
    size_t a, b;        /**< indexes into cm_timeline.ids, a < b */
    uint64_t count;     /**< units of the period naming both */
    uint64_t documents; /**< documents of the period naming both */
    double weight;      /**< the --weight measure over the period's counts */
} cm_period_edge;

/** One period: its name, days, totals, entities and pairs. */
typedef struct cm_period {
    char name[16];         /**< "2024-03", "2024-W10", …, or "undated" */
    int32_t first, last;   /**< first and last day (days since 1970-01-01); INT32_MIN (no
                                day) for the undated period */
    char first_date[11];   /**< `first` as YYYY-MM-DD, or "" for the undated period */
    char last_date[11];    /**< `last` as YYYY-MM-DD, or "" */
    uint64_t documents;    /**< documents counted in it */
    uint64_t mentions;     /**< their mentions */
    cm_period_node *nodes; /**< every entity mentioned in it, in id order; owned */
    size_t n_nodes;
    cm_period_edge *edges; /**< every pair named together in it, in (a, b) order; owned */
    size_t n_edges;
} cm_period;

/** The periods of a corpus. */
typedef struct cm_timeline {
    const char *slice; /**< "day", "week", "month", "quarter", "year", or "none" (date
                            bounds only: no periods); static */
    char since[11];    /**< --since as YYYY-MM-DD, or "" */
    char until[11];    /**< --until, or "" */
    uint64_t outside;  /**< documents not counted: outside --since/--until */
    char **ids;        /**< entity ids of the whole corpus in byte order; owned */
    size_t n_ids;
    cm_period *periods; /**< in time order, the undated period last; owned */
    size_t n_periods;
} cm_timeline;

/**
 * Build each period's network from counts made with a time slice: the graph of its counts
 * with the whole corpus's graph options (the --weight measure over the period's units;
 * --top ranks by the period's mentions; no --ego, as the ego may be named in no document
 * of a period), and its degree and PageRank.
 *
 * @param out     the timeline; free with cm_timeline_free(); NULL when the counts have
 *                neither a time slice nor date bounds (with bounds alone, no periods)
 * @param counts  finished counts; not kept
 * @param go      graph options; NULL for defaults
 * @param ao      analysis options (damping); NULL for defaults
 * @param err     filled on failure
 * @return CM_OK, CM_ENOMEM or CM_EINTERNAL
 *
 * Cost: one graph and one PageRank per period, each near-linear in the period's pairs.
 */
cm_status cm_timeline_build(cm_timeline **out, const struct cm_counts *counts,
                            const struct cm_graph_opts *go, const struct cm_analyze_opts *ao,
                            cm_error *err);

/** Free a timeline; accepts NULL. @param t timeline to free */
void cm_timeline_free(cm_timeline *t);

#ifdef __cplusplus
}
#endif

#endif
