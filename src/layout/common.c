/* comention: what the layout algorithms share: the iteration budget, the edges as they
 * see them, the fit into the picture. This file calls no other file of the stage, so the
 * dispatch in layout.c and the algorithms it calls form no loop. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "layout/layout_int.h"
#include "util/util.h"

int cm_layout_iterations(size_t n_nodes, size_t n_edges)
{
    double n = (double)n_nodes, work = n * log2(n + 1) + (double)n_edges;
    double it = work > 0 ? 1e7 / work : 1500;
    it = it > 1500 ? 1500 : it < 150 ? 150 : it;
    /* the multilevel start has settled the shape: refining it needs half */
    return n_nodes > CM_ML_MIN_NODES ? (int)it / 2 : (int)it;
}

int cm_cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

cm_status cm_edges_load(cm_edges *e, const cm_graph *g, double influence, cm_error *err)
{
    size_t m = g->n_edges;
    double med;

    memset(e, 0, sizeof(*e));
    e->a = cm_malloc((m + 1) * sizeof(*e->a));
    e->b = cm_malloc((m + 1) * sizeof(*e->b));
    e->w = cm_malloc((m + 1) * sizeof(*e->w));
    if (!e->a || !e->b || !e->w) {
        cm_edges_destroy(e);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    e->n = m;
    for (size_t k = 0; k < m; k++) {
        e->a[k] = (uint32_t)IGRAPH_FROM(&g->g, (igraph_integer_t)k);
        e->b[k] = (uint32_t)IGRAPH_TO(&g->g, (igraph_integer_t)k);
        e->w[k] = VECTOR(g->weight)[k];
    }
    qsort(e->w, m, sizeof(*e->w), cm_cmp_double);
    med = m > 0 && e->w[m / 2] > 0 ? e->w[m / 2] : 1.0;
    for (size_t k = 0; k < m; k++) {
        double w = VECTOR(g->weight)[k] / med;
        e->w[k] = influence == 0 ? 1.0 : influence == 1 ? w : pow(w, influence);
    }
    return CM_OK;
}

void cm_edges_destroy(cm_edges *e)
{
    cm_free(e->a);
    cm_free(e->b);
    cm_free(e->w);
    memset(e, 0, sizeof(*e));
}

void cm_layout_fit(cm_fit *out, const double *xy, size_t n, double width, double height)
{
    cm_frame box = {-width / 2, -height / 2, width / 2, height / 2};
    cm_frame_fit(out, &box, xy, NULL, n);
}
