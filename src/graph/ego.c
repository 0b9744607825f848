/* comention: the ego-network filter (--ego ID --radius N): the nodes within N hops of one
 * entity, by breadth-first search over the edges the earlier filters kept; the edges
 * between kept nodes stay (the induced subgraph, as networkx's ego_graph gives). */
#include <stdint.h>
#include "graph/graph_int.h"
#include "util/util.h"

/* Adjacency over entity indexes in compressed rows: the neighbours of v are
 * adj[off[v]..off[v+1]). */
static cm_status adjacency(size_t **off_out, size_t **adj_out, const cm_counts *c,
                           const size_t *edges, size_t n_edges, cm_error *err)
{
    size_t n = cm_counts_n_entities(c);
    size_t *off = cm_calloc(n + 2, sizeof(*off)),
           *adj = cm_malloc((2 * n_edges + 1) * sizeof(*adj));

    *off_out = *adj_out = NULL;
    if (!off || !adj) {
        cm_free(off);
        cm_free(adj);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n_edges; i++) {
        const cm_pair_count *p = cm_counts_pair(c, edges[i]);
        off[p->a + 2]++;
        off[p->b + 2]++;
    }
    for (size_t v = 2; v < n + 2; v++) {
        off[v] += off[v - 1];
    }
    /* off[v + 1] is the next free slot of v while filling; afterwards the end of v's row. */
    for (size_t i = 0; i < n_edges; i++) {
        const cm_pair_count *p = cm_counts_pair(c, edges[i]);
        adj[off[p->a + 1]++] = p->b;
        adj[off[p->b + 1]++] = p->a;
    }
    *off_out = off;
    *adj_out = adj;
    return CM_OK;
}

cm_status cm_graph_ego_nodes(int *node_on, const cm_counts *c, const size_t *edges, size_t n_edges,
                             size_t root, size_t radius, size_t *removed, cm_error *err)
{
    size_t n = cm_counts_n_entities(c), head = 0, tail = 0;
    size_t *off = NULL, *adj = NULL, *queue = cm_malloc((n + 1) * sizeof(*queue));
    size_t *dist = cm_malloc((n + 1) * sizeof(*dist));
    cm_status rc = CM_OK;

    if (!queue || !dist) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        goto cleanup;
    }
    rc = adjacency(&off, &adj, c, edges, n_edges, err);
    if (rc != CM_OK) {
        goto cleanup;
    }
    for (size_t v = 0; v < n; v++) {
        dist[v] = SIZE_MAX;
    }
    dist[root] = 0;
    queue[tail++] = root;
    while (head < tail) {
        size_t v = queue[head++];
        for (size_t k = off[v]; dist[v] < radius && k < off[v + 1]; k++) {
            if (dist[adj[k]] == SIZE_MAX) {
                dist[adj[k]] = dist[v] + 1;
                queue[tail++] = adj[k];
            }
        }
    }
    for (size_t v = 0; v < n; v++) {
        if (node_on[v] && dist[v] == SIZE_MAX) {
            node_on[v] = 0;
            (*removed)++;
        }
    }
cleanup:
    cm_free(off);
    cm_free(adj);
    cm_free(queue);
    cm_free(dist);
    return rc;
}
