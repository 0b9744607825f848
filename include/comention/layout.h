/* comention: the layout stage, a graph in, node positions out. */
#ifndef COMENTION_LAYOUT_H
#define COMENTION_LAYOUT_H

#include <stddef.h>
#include "comention/error.h"
#include "comention/graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Layout algorithms. */
typedef enum cm_layout_kind {
    CM_LAYOUT_FR = 0, /**< Fruchterman–Reingold (igraph) */
    CM_LAYOUT_CIRCLE, /**< nodes on a circle in id order */
} cm_layout_kind;

/** Layout options. */
typedef struct cm_layout_opts {
    cm_layout_kind kind; /**< algorithm */
    unsigned long seed;  /**< RNG seed: the same seed gives the same positions */
    int iterations;      /**< iterations of force-directed layouts (500) */
} cm_layout_opts;

/** Defaults. @param o filled in */
void cm_layout_opts_init(cm_layout_opts *o);

/** Node positions in layout units, y up (as Gephi). */
typedef struct cm_layout {
    double *xy; /**< node i at (xy[2i], xy[2i+1]); owned */
    size_t n;   /**< number of nodes */
} cm_layout;

/**
 * Place the nodes of a graph.
 *
 * Heavier edges pull harder. Connected components are laid out together; the result is
 * centred on the origin with coordinates of order sqrt(n).
 *
 * @param out   the positions; free with cm_layout_free()
 * @param g     the graph; not changed
 * @param opts  options; NULL for defaults
 * @param err   filled on failure
 * @return CM_OK, CM_ENOMEM or CM_EINTERNAL
 *
 * Cost: O(iterations · (V + E)) with igraph's grid for large graphs.
 */
cm_status cm_layout_compute(cm_layout **out, const cm_graph *g, const cm_layout_opts *opts,
                            cm_error *err);

/** Free positions; accepts NULL. @param l positions to free */
void cm_layout_free(cm_layout *l);

/**
 * Parse a layout name.
 * @param out  the kind
 * @param name "fr" or "circle"
 * @return 0, or -1 for an unknown or not yet available name
 */
int cm_layout_parse(cm_layout_kind *out, const char *name);

#ifdef __cplusplus
}
#endif

#endif
