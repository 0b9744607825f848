/* comention: the graph stage's private helpers, shared by graph.c and the filters that
 * live in their own files. */
#ifndef CM_GRAPH_INT_H
#define CM_GRAPH_INT_H

#include "comention/count.h"
#include "comention/graph.h"

/* The ego-network filter: clear node_on (per entity of `c`) for every node more than
 * `radius` hops from entity `root` over the pairs `edges[0..n_edges)`; *removed counts
 * the nodes cleared. `root` must be on. */
cm_status cm_graph_ego_nodes(int *node_on, const cm_counts *c, const size_t *edges, size_t n_edges,
                             size_t root, size_t radius, size_t *removed, cm_error *err);

#endif
