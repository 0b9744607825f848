/* comention: one coarsening step of the multilevel ForceAtlas2 start (Walshaw 2003, "A
 * multilevel algorithm for force-directed graph drawing"; Hu 2005, sfdp): a heavy-edge
 * matching joins each node with the unmatched neighbour it is most strongly tied to for
 * its mass, visited in index order, so the coarse node stands for both. Coarse masses
 * and edge weights are sums, so the coarse graph repels and attracts as the fine one does
 * at a distance; edges inside a coarse node disappear. Ties go to the smaller index and
 * merged edges are sorted, so the same graph always coarsens the same way. */
#include <stdlib.h>
#include <string.h>
#include "layout/layout_int.h"
#include "util/util.h"

/* Adjacency lists of the edges, for the matching. */
typedef struct adj {
    uint32_t *start; /* node u's edges are edge[start[u] .. start[u + 1]); owned */
    uint32_t *edge;  /* edge indices; owned */
} adj;

static cm_status adj_build(adj *g, size_t n, const cm_edges *e, cm_error *err)
{
    g->start = cm_calloc(n + 2, sizeof(*g->start));
    g->edge = cm_malloc((2 * e->n + 1) * sizeof(*g->edge));
    if (!g->start || !g->edge) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < e->n; k++) {
        g->start[e->a[k] + 2]++;
        g->start[e->b[k] + 2]++;
    }
    for (size_t u = 0; u < n; u++) {
        g->start[u + 2] += g->start[u + 1];
    }
    for (size_t k = 0; k < e->n; k++) {
        g->edge[g->start[e->a[k] + 1]++] = (uint32_t)k;
        g->edge[g->start[e->b[k] + 1]++] = (uint32_t)k;
    }
    return CM_OK;
}

/* u's neighbour of the highest weight for the two masses, among those `free` allows (all
 * when free is NULL, else those with free[v] nonzero); UINT32_MAX if none. */
static uint32_t best_neighbour(uint32_t u, const cm_edges *e, const double *mass, const adj *g,
                               const uint32_t *parent, int unmatched_only)
{
    uint32_t best = UINT32_MAX;
    double best_score = 0;

    for (uint32_t k = g->start[u]; k < g->start[u + 1]; k++) {
        uint32_t ed = g->edge[k], v = e->a[ed] == u ? e->b[ed] : e->a[ed];
        double score = e->w[ed] / (mass[u] * mass[v]);
        if (v != u && (!unmatched_only || parent[v] == UINT32_MAX) &&
            (score > best_score || (score == best_score && v < best))) {
            best = v;
            best_score = score;
        }
    }
    return best;
}

/* parent[u]: the coarse node of u; returns the number of coarse nodes. Pairs first; a
 * node left alone with neighbours (a leaf of a hub whose other leaves took the hub) then
 * joins its best neighbour's coarse node, or stars would hardly shrink. Coarse nodes are
 * numbered in the order of their smallest member. */
static size_t match(uint32_t *parent, uint32_t *alone, size_t n, const cm_edges *e,
                    const double *mass, const adj *g)
{
    size_t nc = 0;

    for (size_t u = 0; u < n; u++) {
        parent[u] = UINT32_MAX;
    }
    for (uint32_t u = 0; u < n; u++) {
        uint32_t v = parent[u] == UINT32_MAX ? best_neighbour(u, e, mass, g, parent, 1) : u;
        if (v != u) {
            parent[u] = u;
            alone[u] = v == UINT32_MAX;
            if (v != UINT32_MAX) {
                parent[v] = u;
                alone[v] = 0;
            }
        }
    }
    for (uint32_t u = 0; u < n; u++) {
        uint32_t v = alone[u] ? best_neighbour(u, e, mass, g, parent, 0) : UINT32_MAX;
        if (v != UINT32_MAX) {
            parent[u] = parent[v];
        }
    }
    /* parent[] holds a member's index per group: renumber 0, 1, ... by smallest member */
    for (uint32_t u = 0; u < n; u++) {
        alone[u] = UINT32_MAX;
    }
    for (uint32_t u = 0; u < n; u++) {
        if (alone[parent[u]] == UINT32_MAX) {
            alone[parent[u]] = (uint32_t)nc++;
        }
        parent[u] = alone[parent[u]];
    }
    return nc;
}

/* (pair key, fine edge) records, by key then edge: no two records are equal. */
static int cmp_edge(const void *x, const void *y)
{
    const uint64_t *a = x, *b = y;
    return a[0] != b[0] ? (a[0] < b[0] ? -1 : 1) : (a[1] < b[1] ? -1 : a[1] > b[1]);
}

/* Coarse edges: fine edges between different coarse nodes, merged, weights summed. The
 * pair (a, b), a < b, is the key a·2^32 + b; its fine edge index rides in `order`. */
static cm_status coarse_edges(cm_edges *out, const uint32_t *parent, const cm_edges *e,
                              cm_error *err)
{
    uint64_t *key = cm_malloc((2 * e->n + 1) * sizeof(*key));
    size_t m = 0;

    if (!key) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < e->n; k++) {
        uint64_t a = parent[e->a[k]], b = parent[e->b[k]];
        if (a != b) {
            key[2 * m] = a < b ? a << 32 | b : b << 32 | a;
            key[2 * m + 1] = k;
            m++;
        }
    }
    qsort(key, m, 2 * sizeof(*key), cmp_edge); /* by pair, then by fine edge */
    out->a = cm_malloc((m + 1) * sizeof(*out->a));
    out->b = cm_malloc((m + 1) * sizeof(*out->b));
    out->w = cm_malloc((m + 1) * sizeof(*out->w));
    out->n = 0;
    for (size_t k = 0; out->a && out->b && out->w && k < m; k++) {
        size_t last = out->n - 1;
        if (out->n > 0 && ((uint64_t)out->a[last] << 32 | out->b[last]) == key[2 * k]) {
            out->w[last] += e->w[key[2 * k + 1]];
            continue;
        }
        out->a[out->n] = (uint32_t)(key[2 * k] >> 32);
        out->b[out->n] = (uint32_t)(key[2 * k] & 0xffffffffu);
        out->w[out->n++] = e->w[key[2 * k + 1]];
    }
    cm_free(key);
    return out->a && out->b && out->w ? CM_OK
                                      : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
}

cm_status cm_coarsen(cm_level *out, uint32_t *parent, const cm_level *fine, cm_error *err)
{
    adj g = {NULL, NULL};
    uint32_t *scratch = cm_malloc((fine->n + 1) * sizeof(*scratch));
    cm_status rc;

    memset(out, 0, sizeof(*out));
    rc = scratch ? adj_build(&g, fine->n, &fine->e, err)
                 : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    if (rc == CM_OK) {
        out->n = match(parent, scratch, fine->n, &fine->e, fine->mass, &g);
        out->mass = cm_calloc(out->n + 1, sizeof(*out->mass));
        rc = out->mass ? coarse_edges(&out->e, parent, &fine->e, err)
                       : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t u = 0; rc == CM_OK && u < fine->n; u++) {
        out->mass[parent[u]] += fine->mass[u];
    }
    cm_free(scratch);
    cm_free(g.start);
    cm_free(g.edge);
    if (rc != CM_OK) {
        cm_level_destroy(out);
    }
    return rc;
}

void cm_level_destroy(cm_level *l)
{
    cm_edges_destroy(&l->e);
    cm_free(l->mass);
    memset(l, 0, sizeof(*l));
}
