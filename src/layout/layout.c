/* comention: the layout stage. Fruchterman & Reingold (1991) through igraph, seeded just
 * before the call so a seed always gives the same picture. Heavier edges pull harder: the
 * attraction weight grows with log(1 + Weight/median) so one dominant pair does not
 * collapse the drawing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "comention/layout.h"
#include "util/ig.h"
#include "util/util.h"

/* Half the side of the layout box, in units of sqrt(n). */
#define BOX 0.5

void cm_layout_opts_init(cm_layout_opts *o)
{
    o->kind = CM_LAYOUT_FR;
    o->seed = 1;
    o->iterations = 500;
}

int cm_layout_parse(cm_layout_kind *out, const char *name)
{
    if (strcmp(name, "fr") == 0) {
        *out = CM_LAYOUT_FR;
        return 0;
    }
    if (strcmp(name, "circle") == 0) {
        *out = CM_LAYOUT_CIRCLE;
        return 0;
    }
    return -1;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static double median_weight(const cm_graph *g)
{
    double *w = cm_malloc((g->n_edges + 1) * sizeof(*w)), m;
    if (!w) {
        return -1.0; /* out of memory */
    }
    if (g->n_edges == 0) {
        cm_free(w);
        return 1.0;
    }
    for (size_t i = 0; i < g->n_edges; i++) {
        w[i] = VECTOR(g->weight)[i];
    }
    qsort(w, g->n_edges, sizeof(*w), cmp_double);
    m = w[g->n_edges / 2];
    cm_free(w);
    return m > 0 ? m : 1.0;
}

/* Fruchterman–Reingold has no gravity: small components and isolates drift far away and
 * shrink the main component into a corner of the picture. A box of side ~sqrt(n) keeps
 * them at its border instead, while the connected part spreads in the middle. */
static igraph_error_t fr(igraph_matrix_t *xy, const cm_graph *g, const cm_layout_opts *o,
                         double half)
{
    igraph_vector_t attract, lo, hi;
    igraph_integer_t n = (igraph_integer_t)g->n_nodes;
    double med = median_weight(g);
    igraph_error_t ie;

    if (med < 0) {
        return IGRAPH_ENOMEM;
    }
    /* We do not use igraph's FINALLY stack: zeroed vectors are safe to destroy. */
    memset(&attract, 0, sizeof(attract));
    memset(&lo, 0, sizeof(lo));
    memset(&hi, 0, sizeof(hi));
    ie = igraph_vector_init(&attract, (igraph_integer_t)g->n_edges);
    if (ie == IGRAPH_SUCCESS) {
        ie = igraph_vector_init(&lo, n);
    }
    if (ie == IGRAPH_SUCCESS) {
        ie = igraph_vector_init(&hi, n);
    }
    if (ie != IGRAPH_SUCCESS) {
        goto cleanup;
    }
    igraph_vector_fill(&lo, -half);
    igraph_vector_fill(&hi, half);
    for (size_t i = 0; i < g->n_edges; i++) {
        VECTOR(attract)[i] = 1.0 + log1p(VECTOR(g->weight)[i] / med);
    }
    igraph_rng_seed(igraph_rng_default(), o->seed);
    ie = igraph_layout_fruchterman_reingold(&g->g, xy, 0, o->iterations,
                                            sqrt((double)g->n_nodes) / 10.0 + 1.0,
                                            IGRAPH_LAYOUT_AUTOGRID, &attract, &lo, &hi, &lo, &hi);
cleanup:
    igraph_vector_destroy(&hi);
    igraph_vector_destroy(&lo);
    igraph_vector_destroy(&attract);
    return ie;
}

static void circle(cm_layout *l)
{
    double r = sqrt((double)l->n) + 1.0;
    for (size_t i = 0; i < l->n; i++) {
        double t = 2 * 3.14159265358979323846 * (double)i / (double)(l->n ? l->n : 1);
        l->xy[2 * i] = r * cos(t);
        l->xy[2 * i + 1] = r * sin(t);
    }
}

/* Centre on the origin, so files do not depend on where the algorithm drifted. */
static void centre(cm_layout *l)
{
    double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
    for (size_t i = 0; i < l->n; i++) {
        minx = fmin(minx, l->xy[2 * i]);
        maxx = fmax(maxx, l->xy[2 * i]);
        miny = fmin(miny, l->xy[2 * i + 1]);
        maxy = fmax(maxy, l->xy[2 * i + 1]);
    }
    for (size_t i = 0; i < l->n; i++) {
        l->xy[2 * i] -= (minx + maxx) / 2;
        l->xy[2 * i + 1] -= (miny + maxy) / 2;
        for (int k = 0; k < 2; k++) {
            if (l->xy[2 * i + k] == 0.0) {
                l->xy[2 * i + k] = 0.0; /* no -0 in files */
            }
        }
    }
}

cm_status cm_layout_compute(cm_layout **out, const cm_graph *g, const cm_layout_opts *opts,
                            cm_error *err)
{
    cm_layout_opts defaults;
    cm_layout *l = cm_calloc(1, sizeof(*l));
    cm_status rc = CM_OK;

    *out = NULL;
    if (!opts) {
        cm_layout_opts_init(&defaults);
        opts = &defaults;
    }
    if (l) {
        l->n = g->n_nodes;
        l->xy = cm_calloc(2 * g->n_nodes + 1, sizeof(double));
    }
    if (!l || !l->xy) {
        cm_layout_free(l);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (opts->kind == CM_LAYOUT_CIRCLE || g->n_nodes < 2) {
        circle(l);
    } else {
        igraph_matrix_t xy;
        cm_ig_guard guard;
        igraph_error_t ie;

        cm_ig_enter(&guard);
        ie = igraph_matrix_init(&xy, 0, 0);
        if (ie == IGRAPH_SUCCESS) {
            ie = fr(&xy, g, opts, sqrt((double)g->n_nodes) * BOX);
        }
        for (size_t i = 0; ie == IGRAPH_SUCCESS && i < l->n; i++) {
            l->xy[2 * i] = MATRIX(xy, i, 0);
            l->xy[2 * i + 1] = MATRIX(xy, i, 1);
        }
        if (ie != IGRAPH_SUCCESS) {
            rc = cm_ig_fail(err, ie, "layout");
        }
        igraph_matrix_destroy(&xy);
        cm_ig_leave(&guard);
    }
    if (rc != CM_OK) {
        cm_layout_free(l);
        return rc;
    }
    centre(l);
    *out = l;
    return CM_OK;
}

void cm_layout_free(cm_layout *l)
{
    if (!l) {
        return;
    }
    cm_free(l->xy);
    cm_free(l);
}
