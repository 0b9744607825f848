/* comention: the import stage, a GraphML file in (ours, or one Gephi wrote), a graph and
 * what the file says about its drawing out, for `comention render`. */
#ifndef COMENTION_IMPORT_H
#define COMENTION_IMPORT_H

#include <stddef.h>
#include "comention/analyze.h"
#include "comention/count.h"
#include "comention/error.h"
#include "comention/layout.h"
#include "comention/scene.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A graph read from a file. Every per-entity array is in the counts' entity order (node
 * ids in byte order), every per-pair array in the counts' pair order.
 */
typedef struct cm_import {
    cm_counts *counts;   /**< one entity per node, one pair per edge; finished; owned */
    double *pair_weight; /**< the Weight of each pair (`weight`, 1 when absent); owned */
    double *metrics;     /**< CM_N_METRICS values per entity when every node has every
                              metric and `community`, else NULL; owned */
    long *community;     /**< community of each entity, with `metrics`; owned */
    double *xy;          /**< x, y per entity when every node has both, else NULL; owned */
    double *size;        /**< radius per entity (layout units) when every node has a
                              `size`, else NULL; owned */
    cm_rgb *color;       /**< fill per entity when every node has `r`, `g` and `b`, else
                              NULL; owned */
    int has_types;       /**< 1 when every node has a `type` of actor, country or weapon */
    size_t self_loops;   /**< edges from a node to itself, left out */
    size_t repeated;     /**< edges that repeat a pair (also reversed): weights, counts and
                              documents added to the first */
} cm_import;

/**
 * Read a GraphML file (graphml.graphdrawing.org): the first <graph>, its nodes and edges.
 * Attributes are found by their key's attr.name, case-sensitively, as Gephi does, whatever
 * the key ids: nodes `label` (else the node id), `type`, `subtype`, `discovered`,
 * `mentions`, `documents`, the metrics of nodes.csv, `community`, `x`, `y`, `size`, `r`,
 * `g`, `b`; edges `weight`, `count`, `documents` (each 1 when absent, so the default
 * filters keep the edge). <default> values apply. Other keys and
 * elements are ignored; the graph is read as undirected.
 *
 * Parsed with libxml2 without network access or entity loading; a document type
 * declaration, a nested graph or a hyperedge is refused.
 *
 * @param out   the graph; free with cm_import_free()
 * @param path  the file
 * @param err   on failure names the file and, where known, the line
 * @return CM_OK, CM_EINPUT (unreadable, not well-formed, not GraphML, a bad value, a
 *         duplicate node, an edge to no node) or CM_ENOMEM
 *
 * Cost: O(file size + E log E).
 */
cm_status cm_import_graphml(cm_import **out, const char *path, cm_error *err);

/** Free an import; accepts NULL. @param im the import */
void cm_import_free(cm_import *im);

/** What a file says about the drawing of a graph built from its counts, per graph node. */
typedef struct cm_import_drawing {
    cm_analysis *analysis; /**< the file's metrics and communities, when it has them and the
                                graph kept every node (filters change metrics), else NULL;
                                its graph statistics are left 0; owned */
    cm_layout *layout;     /**< the file's positions, or NULL; owned */
    double *size;          /**< the file's radii (layout units), or NULL; owned */
    cm_rgb *color;         /**< the file's fills, or NULL; owned */
} cm_import_drawing;

/**
 * Pick out, for the nodes of a graph built from an import's counts (cm_graph_build() with
 * cm_graph_opts.pair_weight = im->pair_weight, any filter), what the file gives.
 *
 * @param out  filled in; release with cm_import_drawing_destroy(), also after failure
 * @param im   the import
 * @param g    a graph of im->counts
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_import_drawing_get(cm_import_drawing *out, const cm_import *im, const cm_graph *g,
                                cm_error *err);

/** Free what a cm_import_drawing holds. @param d the record; its fields become NULL */
void cm_import_drawing_destroy(cm_import_drawing *d);

#ifdef __cplusplus
}
#endif

#endif
