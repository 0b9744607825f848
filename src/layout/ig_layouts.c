/* comention: the layouts igraph computes: Fruchterman & Reingold (1991), Kamada & Kawai
 * (1989) and DrL (Martin et al. 2011, OpenOrd's predecessor). igraph's RNG is seeded just
 * before each call, so a seed always gives the same picture. Weights enter through
 * Weight / median, so every --weight measure gives a typical edge the weight 1, and
 * through log1p, so one dominant pair does not collapse the drawing. */
#include <math.h>
#include <string.h>
#include "layout/layout_int.h"
#include "util/ig.h"
#include "util/util.h"

/* Half the side of the Fruchterman–Reingold box, in units of sqrt(n). */
#define BOX 0.5
/* igraph's default. Up to 1000 nodes igraph computes every pair (O(n²) an iteration),
 * beyond that it uses a grid; fa2's size-scaled count would cost seconds at 1000 nodes. */
#define FR_ITERATIONS 500

/* 1 + log(1 + Weight/median): how strongly each edge holds its ends together. */
static cm_status strengths(igraph_vector_t *v, const cm_graph *g, cm_error *err)
{
    cm_edges e;
    cm_status rc = cm_edges_load(&e, g, 1.0, err);

    if (rc != CM_OK) {
        return rc;
    }
    for (size_t k = 0; k < e.n; k++) {
        VECTOR(*v)[k] = 1.0 + log1p(e.w[k]);
    }
    cm_edges_destroy(&e);
    return CM_OK;
}

/* Fruchterman–Reingold has no gravity: small components and isolates drift far away and
 * shrink the main component into a corner of the picture. A box of side ~sqrt(n) keeps
 * them at its border instead, while the connected part spreads in the middle. */
static igraph_error_t fr(igraph_matrix_t *xy, const cm_graph *g, const igraph_vector_t *attract,
                         int iterations)
{
    igraph_vector_t lo, hi;
    igraph_integer_t n = (igraph_integer_t)g->n_nodes;
    double half = sqrt((double)g->n_nodes) * BOX;
    igraph_error_t ie;

    /* We do not use igraph's FINALLY stack: zeroed vectors are safe to destroy. */
    memset(&lo, 0, sizeof(lo));
    memset(&hi, 0, sizeof(hi));
    ie = igraph_vector_init(&lo, n);
    if (ie == IGRAPH_SUCCESS) {
        ie = igraph_vector_init(&hi, n);
    }
    if (ie == IGRAPH_SUCCESS) {
        igraph_vector_fill(&lo, -half);
        igraph_vector_fill(&hi, half);
        ie = igraph_layout_fruchterman_reingold(
            &g->g, xy, 0, iterations, sqrt((double)g->n_nodes) / 10.0 + 1.0, IGRAPH_LAYOUT_AUTOGRID,
            attract, &lo, &hi, &lo, &hi);
    }
    igraph_vector_destroy(&hi);
    igraph_vector_destroy(&lo);
    return ie;
}

/* Kamada–Kawai wants edge lengths: the stronger the edge, the shorter. It starts from a
 * circle and draws no random numbers; igraph puts nodes of different components at the
 * largest finite distance from each other. */
static igraph_error_t kk(igraph_matrix_t *xy, const cm_graph *g, igraph_vector_t *strength)
{
    igraph_integer_t n = (igraph_integer_t)g->n_nodes;

    for (size_t k = 0; k < g->n_edges; k++) {
        VECTOR(*strength)[k] = 1.0 / VECTOR(*strength)[k];
    }
    return igraph_layout_kamada_kawai(&g->g, xy, 0, 50 * n, 0.0, (double)n, strength, NULL, NULL,
                                      NULL, NULL);
}

static igraph_error_t drl(igraph_matrix_t *xy, const cm_graph *g, const igraph_vector_t *strength)
{
    igraph_layout_drl_options_t opts;
    igraph_error_t ie = igraph_layout_drl_options_init(&opts, IGRAPH_LAYOUT_DRL_DEFAULT);

    if (ie == IGRAPH_SUCCESS) {
        ie = igraph_layout_drl(&g->g, xy, 0, &opts, strength);
    }
    return ie;
}

cm_status cm_igraph_layout(double *xy, int *iterations, const cm_graph *g, const cm_layout_opts *o,
                           cm_error *err)
{
    igraph_matrix_t m;
    igraph_vector_t strength;
    cm_ig_guard guard;
    igraph_error_t ie;
    cm_status rc;

    memset(&m, 0, sizeof(m));
    memset(&strength, 0, sizeof(strength));
    cm_ig_enter(&guard);
    ie = igraph_matrix_init(&m, 0, 0);
    if (ie == IGRAPH_SUCCESS) {
        ie = igraph_vector_init(&strength, (igraph_integer_t)g->n_edges);
    }
    if (ie != IGRAPH_SUCCESS) {
        rc = cm_ig_fail(err, ie, "layout");
        goto cleanup;
    }
    rc = strengths(&strength, g, err);
    if (rc != CM_OK) {
        goto cleanup;
    }
    *iterations = 0;
    igraph_rng_seed(igraph_rng_default(), o->seed);
    if (o->kind == CM_LAYOUT_FR) {
        *iterations =
            o->iterations > 0 ? o->iterations : cm_layout_iterations(g->n_nodes, g->n_edges);
        ie = fr(&m, g, &strength, *iterations);
    } else if (o->kind == CM_LAYOUT_KK) {
        ie = kk(&m, g, &strength);
    } else {
        ie = drl(&m, g, &strength);
    }
    if (ie != IGRAPH_SUCCESS) {
        rc = cm_ig_fail(err, ie, "layout");
        goto cleanup;
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        xy[2 * i] = MATRIX(m, i, 0);
        xy[2 * i + 1] = MATRIX(m, i, 1);
    }
cleanup:
    igraph_vector_destroy(&strength);
    igraph_matrix_destroy(&m);
    cm_ig_leave(&guard);
    return rc;
}
