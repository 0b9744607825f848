/* comention: ForceAtlas2 (Jacomy, Venturini, Heymann, Bastian 2014, PLoS ONE 9(6):
 * e98679), following the paper and Gephi's ForceAtlas2.java / ForceFactory.java.
 *
 * Forces: repulsion kr·(deg_i + 1)(deg_j + 1)/d between every pair (Barnes–Hut quadtree
 * beyond theta), attraction d·w (LinLog: log(1 + d)·w) along edges, gravity (deg + 1)·g
 * towards the origin (strong: times d). Each node moves by speed / (1 + sqrt(speed ·
 * swinging)) times its force, where swinging is how much its force changed direction
 * since the last iteration, and the global speed follows the ratio of total swinging to
 * total effective traction (the paper's §"Adaptive speed"). With node radii the last
 * quarter of the run uses Gephi's adjustSizes forces (distances between rims, strong
 * push on contact, steps capped), with radii converted to layout units by the current
 * fit scale, so the picture the style stage draws is what is being de-overlapped.
 *
 * Differences from Gephi, all for reproducibility: one thread, nodes and edges visited
 * in index order, doubles throughout (Gephi stores positions as floats), and a quadtree
 * leaf's repulsion is applied to the visiting node only (Gephi adds it to both ends,
 * counting near pairs twice). Edge weights are divided by their median first, so every
 * --weight measure gives a typical edge the weight 1. */
#include <math.h>
#include <string.h>
#include "layout/layout_int.h"
#include "util/util.h"

typedef struct fa2 {
    size_t n;
    double *xy;   /* positions; borrowed */
    double *f;    /* force of this iteration, pairs; owned */
    double *old;  /* force of the previous iteration, pairs; owned */
    double *mass; /* 1 + degree; owned */
    double *size; /* radius in layout units, with radii only; owned */
    int adjust;   /* prevent-overlap phase: forces between rims (Gephi's adjustSizes) */
    cm_edges e;
    cm_bh_tree bh;
    double kr, gravity, theta, jitter;
    int strong, linlog;
    double speed, efficiency; /* global speed and its efficiency, adapted each iteration */
} fa2;

static void fa2_destroy(fa2 *s)
{
    cm_free(s->f);
    cm_free(s->old);
    cm_free(s->mass);
    cm_free(s->size);
    cm_edges_destroy(&s->e);
    cm_bh_destroy(&s->bh);
}

/* Uniform in a square whose side grows like sqrt(n), about the size the forces settle
 * at, so the first iterations neither explode nor collapse the layout. */
static void random_start(double *xy, size_t n, unsigned long seed)
{
    cm_rng r = {(uint64_t)seed};
    double half = sqrt((double)n) + 1.0;
    for (size_t i = 0; i < 2 * n; i++) {
        xy[i] = half * (2 * cm_rng_unit(&r) - 1);
    }
}

static cm_status fa2_init(fa2 *s, double *xy, const cm_graph *g, const cm_layout_opts *o,
                          cm_error *err)
{
    cm_status rc;
    size_t n = g->n_nodes;

    memset(s, 0, sizeof(*s));
    s->n = n;
    s->xy = xy;
    s->f = cm_calloc(2 * n + 1, sizeof(double));
    s->old = cm_calloc(2 * n + 1, sizeof(double));
    s->mass = cm_calloc(n + 1, sizeof(double));
    if (o->radius_px) {
        s->size = cm_calloc(n + 1, sizeof(double));
    }
    if (!s->f || !s->old || !s->mass || (o->radius_px && !s->size)) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    rc = cm_edges_load(&s->e, g, o->fa2.edge_weight_influence, err);
    if (rc == CM_OK && o->fa2.theta > 0) {
        rc = cm_bh_init(&s->bh, n, err);
    }
    if (rc != CM_OK) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        s->mass[i] = 1.0;
    }
    for (size_t k = 0; k < s->e.n; k++) {
        s->mass[s->e.a[k]] += 1.0;
        s->mass[s->e.b[k]] += 1.0;
    }
    s->kr = o->fa2.scaling > 0 ? o->fa2.scaling : o->fa2.linlog ? 0.02 : n < 100 ? 10.0 : 2.0;
    s->gravity = o->fa2.gravity;
    s->theta = o->fa2.theta;
    s->jitter = o->fa2.jitter_tolerance;
    s->strong = o->fa2.strong_gravity;
    s->linlog = o->fa2.linlog;
    s->speed = 1.0;
    s->efficiency = 1.0;
    random_start(xy, n, o->seed);
    return CM_OK;
}

/* Repulsion of i by j, on i only, added to f (i's force, kept in registers by the
 * caller: the compiler cannot keep it there when it lives in s->f, which might alias). */
static inline void repel_pair(const fa2 *s, size_t i, size_t j, double f[2])
{
    double dx = s->xy[2 * i] - s->xy[2 * j], dy = s->xy[2 * i + 1] - s->xy[2 * j + 1];
    double d2 = dx * dx + dy * dy, mm = s->kr * s->mass[i] * s->mass[j], factor = 0;

    if (s->adjust) {
        double gap = sqrt(d2) - s->size[i] - s->size[j];
        factor = gap > 0 ? mm / (gap * gap) : gap < 0 ? 100 * mm : 0;
    } else if (d2 > 0) {
        factor = mm / d2;
    }
    f[0] += dx * factor;
    f[1] += dy * factor;
}

static int inside(const cm_bh_cell *c, double x, double y)
{
    return x >= c->x0 && x <= c->x0 + c->w && y >= c->y0 && y <= c->y0 + c->w;
}

/* Walk the tree for node i: a cell far enough away (side < theta · distance) and not
 * holding i repels as one body at its centre of mass; leaves repel point by point. */
static void repel_bh(fa2 *s, size_t i)
{
    const cm_bh_cell *cells = s->bh.cells;
    double x = s->xy[2 * i], y = s->xy[2 * i + 1], t2 = s->theta * s->theta;
    double f[2] = {s->f[2 * i], s->f[2 * i + 1]};
    size_t c = 0;

    while (c < s->bh.n_cells) {
        const cm_bh_cell *cell = &cells[c];
        double dx = x - cell->mx, dy = y - cell->my, d2 = dx * dx + dy * dy;
        if (cell->leaf) {
            for (uint32_t k = cell->first; k < cell->first + cell->n; k++) {
                if (s->bh.order[k] != i) {
                    repel_pair(s, i, s->bh.order[k], f);
                }
            }
            c = cell->skip;
        } else if (cell->w * cell->w < t2 * d2 && !inside(cell, x, y)) {
            double factor = s->kr * s->mass[i] * cell->mass / d2;
            f[0] += dx * factor;
            f[1] += dy * factor;
            c = cell->skip;
        } else {
            c++; /* depth-first order: the first child follows its parent */
        }
    }
    s->f[2 * i] = f[0];
    s->f[2 * i + 1] = f[1];
}

static cm_status repulsion(fa2 *s, cm_error *err)
{
    if (s->theta > 0) {
        cm_status rc = cm_bh_build(&s->bh, s->xy, s->mass, err);
        if (rc != CM_OK) {
            return rc;
        }
        for (size_t i = 0; i < s->n; i++) {
            repel_bh(s, i);
        }
        return CM_OK;
    }
    for (size_t i = 0; i < s->n; i++) {
        double f[2] = {s->f[2 * i], s->f[2 * i + 1]};
        for (size_t j = 0; j < s->n; j++) {
            if (j != i) {
                repel_pair(s, i, j, f);
            }
        }
        s->f[2 * i] = f[0];
        s->f[2 * i + 1] = f[1];
    }
    return CM_OK;
}

static void gravity(fa2 *s)
{
    for (size_t i = 0; i < s->n; i++) {
        double x = s->xy[2 * i], y = s->xy[2 * i + 1], d = sqrt(x * x + y * y), factor;
        if (d > 0) {
            factor = s->mass[i] * s->gravity * (s->strong ? 1.0 : 1.0 / d);
            s->f[2 * i] -= x * factor;
            s->f[2 * i + 1] -= y * factor;
        }
    }
}

static void attraction(fa2 *s)
{
    for (size_t k = 0; k < s->e.n; k++) {
        size_t a = s->e.a[k], b = s->e.b[k];
        double dx = s->xy[2 * a] - s->xy[2 * b], dy = s->xy[2 * a + 1] - s->xy[2 * b + 1];
        double d = sqrt(dx * dx + dy * dy), factor = -s->e.w[k];
        if (s->adjust) {
            d -= s->size[a] + s->size[b]; /* rims that touch no longer pull */
            if (d <= 0) {
                continue;
            }
        }
        if (s->linlog) {
            factor = d > 0 ? factor * log1p(d) / d : 0;
        }
        s->f[2 * a] += dx * factor;
        s->f[2 * a + 1] += dy * factor;
        s->f[2 * b] -= dx * factor;
        s->f[2 * b + 1] -= dy * factor;
    }
}

static double swinging(const fa2 *s, size_t i)
{
    double dx = s->old[2 * i] - s->f[2 * i], dy = s->old[2 * i + 1] - s->f[2 * i + 1];
    return s->mass[i] * sqrt(dx * dx + dy * dy);
}

/* Global speed from total swinging against total effective traction; the constants are
 * the paper's (and Gephi's). */
static void adapt_speed(fa2 *s)
{
    double swing = 0, traction = 0, n = (double)s->n, est, jt, target;

    for (size_t i = 0; i < s->n; i++) {
        double sx = s->old[2 * i] + s->f[2 * i], sy = s->old[2 * i + 1] + s->f[2 * i + 1];
        swing += swinging(s, i);
        traction += s->mass[i] * 0.5 * sqrt(sx * sx + sy * sy);
    }
    if (!(swing > 0) || !(traction > 0)) {
        return; /* at rest: nothing to adapt to */
    }
    est = 0.05 * sqrt(n); /* bigger networks need more tolerance */
    jt = s->jitter * fmax(sqrt(est), fmin(10.0, est * traction / (n * n)));
    if (swing / traction > 2.0) {
        if (s->efficiency > 0.05) {
            s->efficiency *= 0.5;
        }
        jt = fmax(jt, s->jitter);
    }
    target = jt * s->efficiency * traction / swing;
    if (swing > jt * traction) {
        if (s->efficiency > 0.05) {
            s->efficiency *= 0.7;
        }
    } else if (s->speed < 1000) {
        s->efficiency *= 1.3;
    }
    s->speed += fmin(target - s->speed, 0.5 * s->speed); /* rise at most 50% a step */
}

static void move(fa2 *s)
{
    for (size_t i = 0; i < s->n; i++) {
        double factor = s->speed / (1.0 + sqrt(s->speed * swinging(s, i)));
        if (s->adjust) {
            /* Overlaps make swinging unreliable: slower, and at most 10 units a step. */
            double df = hypot(s->f[2 * i], s->f[2 * i + 1]);
            factor = df > 0 ? fmin(0.1 * factor * df, 10.0) / df : 0;
        }
        s->xy[2 * i] += s->f[2 * i] * factor;
        s->xy[2 * i + 1] += s->f[2 * i + 1] * factor;
    }
}

/* Radii in layout units for the picture the current positions would give. */
static void update_sizes(fa2 *s, const cm_layout_opts *o)
{
    cm_fit fit;

    cm_layout_fit(&fit, s->xy, s->n, o->width_px, o->height_px);
    for (size_t i = 0; i < s->n; i++) {
        s->size[i] = (o->radius_px[i] + CM_LAYOUT_GAP_PX / 2) / fit.k;
    }
}

static cm_status step(fa2 *s, cm_error *err)
{
    double *t = s->old;
    cm_status rc;

    s->old = s->f;
    s->f = t;
    memset(s->f, 0, 2 * s->n * sizeof(*s->f));
    rc = repulsion(s, err);
    if (rc == CM_OK) {
        gravity(s);
        attraction(s);
        adapt_speed(s);
        move(s);
    }
    return rc;
}

cm_status cm_fa2(double *xy, int *iterations, const cm_graph *g, const cm_layout_opts *o,
                 cm_error *err)
{
    fa2 s;
    int total = o->iterations > 0 ? o->iterations : cm_layout_iterations(g->n_nodes, g->n_edges);
    int plain = o->radius_px ? total - total / 4 : total;
    cm_status rc = fa2_init(&s, xy, g, o, err);

    for (int it = 0; rc == CM_OK && it < total; it++) {
        s.adjust = it >= plain;
        if (it == plain) {
            rc = cm_pull_components(xy, s.n, &s.e, err); /* fit the picture to what matters */
        }
        if (s.adjust && rc == CM_OK) {
            update_sizes(&s, o);
        }
        rc = rc == CM_OK ? step(&s, err) : rc;
    }
    if (rc == CM_OK) {
        rc = cm_pull_components(xy, s.n, &s.e, err);
    }
    *iterations = total;
    fa2_destroy(&s);
    return rc;
}
