/* comention: weighted betweenness that reproduces networkx (brandes.c). */
#ifndef CM_ANALYZE_BRANDES_H
#define CM_ANALYZE_BRANDES_H

#include <stddef.h>
#include "comention/error.h"

/* An undirected graph as adjacency lists: node v's neighbours are adj[off[v] .. off[v+1])
 * with edge lengths len[...]; neighbours in the order networkx would iterate them. */
typedef struct cm_adjacency {
    size_t n;
    const size_t *off;
    const size_t *adj;
    const double *len;
} cm_adjacency;

/* Sum over the given sources of each node's dependency (networkx's raw betweenness before
 * rescaling, both directions counted). `out` has n entries. */
cm_status cm_brandes(double *out, const cm_adjacency *g, const size_t *sources, size_t n_sources,
                     cm_error *err);

#endif
