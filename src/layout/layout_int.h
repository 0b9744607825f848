/* comention: the layout stage's private parts.
 *
 * Positions live in cm_layout.xy as (x, y) pairs in layout units, y up. Every algorithm
 * writes all n pairs; cm_layout_compute() then removes disc overlaps (when asked) and
 * centres the result. Radii given to the stage are in CSS px of the fitted picture
 * (layout.h, cm_layout_opts.radius_px); inside the stage they are converted with the fit
 * scale k of the moment. */
#ifndef CM_LAYOUT_INT_H
#define CM_LAYOUT_INT_H

#include <pthread.h>
#include <stdint.h>
#include "comention/frame.h"
#include "comention/layout.h"

/* splitmix64 (Steele, Lea, Flood 2014): tiny, and the same numbers on every platform,
 * unlike rand(). */
typedef struct cm_rng {
    uint64_t s;
} cm_rng;

static inline uint64_t cm_rng_next(cm_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1), 53 bits. */
static inline double cm_rng_unit(cm_rng *r)
{
    return (double)(cm_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* qsort() order of doubles, ascending. */
int cm_cmp_double(const void *x, const void *y);

/* Edge endpoints and attraction weights, read once from igraph. */
typedef struct cm_edges {
    uint32_t *a, *b; /* endpoints of edge e; owned */
    double *w;       /* (Weight / median)^influence; owned */
    size_t n;
} cm_edges;

cm_status cm_edges_load(cm_edges *e, const cm_graph *g, double influence, cm_error *err);
void cm_edges_destroy(cm_edges *e);

/* The fit of xy (n points) into the box of layout.h, width × height px, centred on 0. */
void cm_layout_fit(cm_fit *out, const double *xy, size_t n, double width, double height);

/* ForceAtlas2 on more nodes than this starts from a multilevel layout. */
#define CM_ML_MIN_NODES 500

/* A graph as ForceAtlas2 sees it: nodes with masses (1 + degree in the input graph, sums
 * of the nodes they stand for in a coarsened one) and weighted edges. */
typedef struct cm_level {
    size_t n;     /* nodes */
    cm_edges e;   /* owned */
    double *mass; /* owned */
} cm_level;

/* Coarsen `fine` by a heavy-edge matching: parent[u] (fine->n entries) is the node of
 * `out` that fine node u joined. */
cm_status cm_coarsen(cm_level *out, uint32_t *parent, const cm_level *fine, cm_error *err);
void cm_level_destroy(cm_level *l);

/* Move small components and isolates (by the edges e) rigidly towards the largest
 * component, into a band just outside its radius, keeping their directions. */
cm_status cm_pull_components(double *xy, size_t n, const cm_edges *e, cm_error *err);

/* Turn xy (n pairs) so that its principal axis lies along the long side of a width ×
 * height canvas, mirrored to a fixed orientation, pack the components by the edges e
 * (cm_pack_components()) and stretch the short side towards the canvas's aspect ratio. */
cm_status cm_shape_to_canvas(double *xy, size_t n, const cm_edges *e, double width, double height,
                             cm_error *err);

/* The final pull of the other components towards the main one, measured on the shape of
 * a width × height canvas and into a narrower band than cm_pull_components()'s. */
cm_status cm_pack_components(double *xy, size_t n, const cm_edges *e, double width, double height,
                             cm_error *err);

/* ForceAtlas2 on xy (n pairs, overwritten from seeded random positions). With radius_px,
 * a prevent-overlap phase (Gephi's adjustSizes) follows the main iterations. */
cm_status cm_fa2(double *xy, int *iterations, const cm_graph *g, const cm_layout_opts *o,
                 cm_error *err);

/* Actors, countries and weapons in bands, x and order inside a band from ForceAtlas2. */
cm_status cm_typed(double *xy, int *iterations, const cm_graph *g, const cm_layout_opts *o,
                   cm_error *err);

/* Fruchterman–Reingold, Kamada–Kawai and DrL through igraph, xy overwritten. */
cm_status cm_igraph_layout(double *xy, int *iterations, const cm_graph *g, const cm_layout_opts *o,
                           cm_error *err);

/* Move nodes apart until, fitted into width × height px, no two discs of radius_px
 * overlap; sets *radius_scale below 1 only when they cannot all fit. */
cm_status cm_remove_overlaps(double *xy, double *radius_scale, size_t n, const double *radius_px,
                             double width, double height, cm_error *err);

/* Barnes–Hut quadtree over n points with masses, rebuilt every iteration. Cells are kept
 * in depth-first order with a skip index past each subtree, so a traversal is one loop. */
typedef struct cm_bh_cell {
    double mx, my, mass; /* centre of mass, total mass */
    double x0, y0, w;    /* lower-left corner and side */
    uint32_t skip;       /* first cell after this subtree */
    uint32_t first, n;   /* the cell's points are order[first .. first + n) */
    uint32_t leaf;       /* 1: no children, its points interact one by one */
} cm_bh_cell;

typedef struct cm_bh_tree {
    cm_bh_cell *cells; /* owned */
    size_t n_cells, cap;
    uint32_t *order; /* point indices grouped by cell; owned */
    uint32_t *tmp;   /* scratch for partitioning; owned */
    size_t n;
} cm_bh_tree;

cm_status cm_bh_init(cm_bh_tree *t, size_t n, cm_error *err);
void cm_bh_destroy(cm_bh_tree *t);
/* Build over xy (n pairs) with the given masses. */
cm_status cm_bh_build(cm_bh_tree *t, const double *xy, const double *mass, cm_error *err);

/* A team of threads that runs one function together, members meeting at barriers
 * (team.c). fn(ctx, team, t) runs on every member t = 0 … team->width − 1, t = 0 on the
 * calling thread; the width is what could be started, at most `width`. A member's share
 * of the work may depend on the width, what it computes must not. */
typedef struct cm_team {
    size_t width;
    void (*fn)(void *ctx, struct cm_team *team, size_t t);
    void *ctx;
    pthread_barrier_t barrier;
    pthread_mutex_t lock; /* the gate below */
    pthread_cond_t gate;  /* opened once the width is known */
    int open;
} cm_team;

void cm_team_run(size_t width, void (*fn)(void *ctx, cm_team *team, size_t t), void *ctx);
/* Wait until every member of the team got here. */
void cm_team_sync(cm_team *team);

#endif
