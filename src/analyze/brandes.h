/* comention: weighted betweenness that reproduces networkx (brandes.c). */
#ifndef CM_ANALYZE_BRANDES_H
#define CM_ANALYZE_BRANDES_H

#include <stddef.h>
#include <stdint.h>
#include "comention/error.h"

/* An undirected graph as adjacency lists: node v's neighbours are adj[off[v] .. off[v+1])
 * with edge lengths len[...]; neighbours in the order networkx would iterate them. */
typedef struct cm_adjacency {
    size_t n;
    const size_t *off;
    const uint32_t *adj;
    const double *len;
} cm_adjacency;

/* What one pass of shortest paths from every node gives. Arrays have n entries. */
typedef struct cm_paths {
    double *betweenness; /* networkx's raw betweenness (both directions counted), summed over
                            the nodes with is_source[v] (NULL: all) */
    double *closeness;   /* networkx's closeness with Wasserman–Faust's (r−1)/(n−1) */
    double *harmonic;    /* Σ 1/d over the nodes reached */
} cm_paths;

/* Dijkstra from every node, as networkx runs it, on up to `threads` threads (CM_ENOMEM
 * for a graph of 2^32 − 1 nodes or edge slots and more). The result does not depend on
 * the number of threads: each source's betweenness terms are added in source order, as
 * networkx adds them, whichever thread computed them. */
/* While the other threads start on the paths, this one first runs side(side_ctx) when
 * side is not NULL (other work that does not touch g or out), then joins them. */
cm_status cm_all_paths(cm_paths *out, const cm_adjacency *g, const unsigned char *is_source,
                       size_t threads, void (*side)(void *), void *side_ctx, cm_error *err);

#endif
