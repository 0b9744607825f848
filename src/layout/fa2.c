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
 * Differences from Gephi, all for reproducibility: each node's repulsion summed on one
 * thread in a fixed order (nodes are shared out over threads, never a node's sum), edges
 * visited in index order, doubles throughout (Gephi stores positions as floats), and a quadtree
 * leaf's repulsion is applied to the visiting node only (Gephi adds it to both ends,
 * counting near pairs twice). Edge weights are divided by their median first, so every
 * --weight measure gives a typical edge the weight 1.
 *
 * Large graphs start from a multilevel layout (Walshaw 2003; Hu 2005, as sfdp does):
 * coarsen.c merges nodes level by level, the coarsest graph is laid out from random
 * positions, and each finer level starts from its coarse positions, so the global shape
 * (which community lies next to which) is settled cheaply where a node stands for many. */
#include <math.h>
#include <string.h>
#include "layout/layout_int.h"
#include "util/util.h"

/* Coarsening stops at this many nodes: the coarsest level starts from random positions. */
#define ML_COARSEST 100
/* ...or when a step keeps more than this share of the nodes (isolates cannot match). */
#define ML_SHRINK 0.9
/* ...or after this many levels. */
#define ML_DEPTH 30
/* Iterations of a level between the coarsest and the input graph. */
#define ML_REFINE 30
/* Nodes per thread at least before the repulsion is shared out: on fewer, starting the
 * threads of every iteration costs about what they save. */
#define FA2_SHARE_MIN 256

typedef struct fa2 {
    size_t n;
    double *xy;         /* positions; borrowed */
    double *f;          /* force of this iteration, pairs; owned */
    double *old;        /* force of the previous iteration, pairs; owned */
    const double *mass; /* 1 + degree, or sums in a coarse graph; borrowed */
    double *size;       /* radius in layout units, with radii only; owned */
    int adjust;         /* prevent-overlap phase: forces between rims (Gephi's adjustSizes) */
    const cm_edges *e;  /* borrowed */
    cm_bh_tree bh;
    double kr, gravity, theta, jitter;
    int strong, linlog;
    double speed, efficiency; /* global speed and its efficiency, adapted each iteration */
    size_t threads;           /* of the repulsion */
} fa2;

static void fa2_destroy(fa2 *s)
{
    cm_free(s->f);
    cm_free(s->old);
    cm_free(s->size);
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

/* Set up a run on level lv (borrowed: it must outlive s), positions xy as they are. */
static cm_status fa2_init(fa2 *s, double *xy, const cm_level *lv, double kr,
                          const cm_layout_opts *o, cm_error *err)
{
    size_t n = lv->n;

    memset(s, 0, sizeof(*s));
    s->n = n;
    s->xy = xy;
    s->e = &lv->e;
    s->mass = lv->mass;
    s->f = cm_calloc(2 * n + 1, sizeof(double));
    s->old = cm_calloc(2 * n + 1, sizeof(double));
    if (o->radius_px) {
        s->size = cm_calloc(n + 1, sizeof(double));
    }
    if (!s->f || !s->old || (o->radius_px && !s->size)) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    s->kr = kr;
    s->gravity = o->fa2.gravity;
    s->theta = o->fa2.theta;
    s->jitter = o->fa2.jitter_tolerance;
    s->strong = o->fa2.strong_gravity;
    s->linlog = o->fa2.linlog;
    s->speed = 1.0;
    s->efficiency = 1.0;
    s->threads = o->threads;
    return o->fa2.theta > 0 ? cm_bh_init(&s->bh, n, err) : CM_OK;
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

/* Repulsion of i by every other node, pair by pair (theta 0). */
static void repel_all(fa2 *s, size_t i)
{
    double f[2] = {s->f[2 * i], s->f[2 * i + 1]};
    for (size_t j = 0; j < s->n; j++) {
        if (j != i) {
            repel_pair(s, i, j, f);
        }
    }
    s->f[2 * i] = f[0];
    s->f[2 * i + 1] = f[1];
}

/* Share k of `parts`: a fixed range of nodes. Each node's force is summed on its own in the
 * same order whoever computes it, so the positions do not depend on the threads. */
typedef struct repel_job {
    fa2 *s;
    size_t parts;
} repel_job;

static void repel_share(void *ctx, size_t k)
{
    const repel_job *j = ctx;
    size_t lo = j->s->n * k / j->parts, hi = j->s->n * (k + 1) / j->parts;

    for (size_t i = lo; i < hi; i++) {
        if (j->s->theta > 0) {
            repel_bh(j->s, i);
        } else {
            repel_all(j->s, i);
        }
    }
}

static cm_status repulsion(fa2 *s, cm_error *err)
{
    repel_job job = {s, s->threads};

    if (s->theta > 0) {
        cm_status rc = cm_bh_build(&s->bh, s->xy, s->mass, err);
        if (rc != CM_OK) {
            return rc;
        }
    }
    if (job.parts > s->n / FA2_SHARE_MIN) {
        job.parts = s->n / FA2_SHARE_MIN;
    }
    if (job.parts > 1) {
        cm_run_shares(job.parts, repel_share, &job);
    } else {
        job.parts = 1;
        repel_share(&job, 0);
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
    for (size_t k = 0; k < s->e->n; k++) {
        size_t a = s->e->a[k], b = s->e->b[k];
        double dx = s->xy[2 * a] - s->xy[2 * b], dy = s->xy[2 * a + 1] - s->xy[2 * b + 1];
        double d = sqrt(dx * dx + dy * dy), factor = -s->e->w[k];
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

/* ForceAtlas2 on level lv from the positions in xy: `total` iterations, the last quarter
 * of them the prevent-overlap phase when `overlap` (and radii are given). */
static cm_status run(double *xy, const cm_level *lv, double kr, int total, int overlap,
                     const cm_layout_opts *o, cm_error *err)
{
    fa2 s;
    int plain = overlap && o->radius_px ? total - total / 4 : total;
    cm_status rc = fa2_init(&s, xy, lv, kr, o, err);

    for (int it = 0; rc == CM_OK && it < total; it++) {
        s.adjust = it >= plain;
        if (it == plain) {
            rc = cm_pull_components(xy, s.n, s.e, err); /* fit the picture to what matters */
        }
        if (s.adjust && rc == CM_OK) {
            update_sizes(&s, o);
        }
        rc = rc == CM_OK ? step(&s, err) : rc;
    }
    fa2_destroy(&s);
    return rc;
}

/* The input graph as level 0: edges from igraph, mass 1 + degree. */
static cm_status level0(cm_level *lv, const cm_graph *g, const cm_layout_opts *o, cm_error *err)
{
    cm_status rc;

    memset(lv, 0, sizeof(*lv));
    lv->n = g->n_nodes;
    lv->mass = cm_malloc((lv->n + 1) * sizeof(*lv->mass));
    if (!lv->mass) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    rc = cm_edges_load(&lv->e, g, o->fa2.edge_weight_influence, err);
    for (size_t i = 0; i < lv->n; i++) {
        lv->mass[i] = 1.0;
    }
    for (size_t k = 0; rc == CM_OK && k < lv->e.n; k++) {
        lv->mass[lv->e.a[k]] += 1.0;
        lv->mass[lv->e.b[k]] += 1.0;
    }
    return rc;
}

/* Fine positions from coarse ones: each node at its coarse node, nudged by a tenth of the
 * coarse layout's typical spacing in a seeded direction, so matched pairs do not
 * coincide. */
static void prolong(double *fine, size_t n, const double *coarse, size_t nc, const uint32_t *parent,
                    cm_rng *r)
{
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY}, step;

    for (size_t i = 0; i < 2 * nc; i++) {
        lo[i % 2] = fmin(lo[i % 2], coarse[i]);
        hi[i % 2] = fmax(hi[i % 2], coarse[i]);
    }
    step = 0.1 * fmax(hi[0] - lo[0], hi[1] - lo[1]) / sqrt((double)nc + 1);
    for (size_t i = 0; i < n; i++) {
        fine[2 * i] = coarse[2 * parent[i]] + step * (2 * cm_rng_unit(r) - 1);
        fine[2 * i + 1] = coarse[2 * parent[i] + 1] + step * (2 * cm_rng_unit(r) - 1);
    }
}

/* Multilevel start (coarsen, lay out, refine): coarsen lv until it has at most
 * ML_COARSEST nodes or stops shrinking, lay the coarsest level out from random positions,
 * then each finer one from its coarse positions, and leave level lv's start in xy. */
static cm_status multilevel(double *xy, const cm_level *lv, double kr, const cm_layout_opts *o,
                            cm_rng *r, int depth, cm_error *err)
{
    cm_level coarse = {0, {NULL, NULL, NULL, 0}, NULL};
    uint32_t *parent = cm_malloc((lv->n + 1) * sizeof(*parent));
    double *cxy = NULL;
    cm_status rc = parent ? cm_coarsen(&coarse, parent, lv, err)
                          : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");

    if (rc == CM_OK && (coarse.n > ML_SHRINK * (double)lv->n || depth >= ML_DEPTH)) {
        random_start(xy, lv->n, o->seed); /* matching no longer shrinks it: start here */
        goto cleanup;
    }
    cxy = rc == CM_OK ? cm_calloc(2 * coarse.n + 1, sizeof(*cxy)) : NULL;
    if (rc == CM_OK && !cxy) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (rc == CM_OK && coarse.n > ML_COARSEST) {
        rc = multilevel(cxy, &coarse, kr, o, r, depth + 1, err);
    } else if (rc == CM_OK) {
        random_start(cxy, coarse.n, o->seed);
    }
    if (rc == CM_OK) {
        int its = cm_layout_iterations(coarse.n, coarse.e.n);
        /* the coarsest level finds the shape; the others only refine it */
        rc = run(cxy, &coarse, kr, coarse.n > ML_COARSEST ? ML_REFINE : its, 0, o, err);
    }
    if (rc == CM_OK) {
        prolong(xy, lv->n, cxy, coarse.n, parent, r);
    }
cleanup:
    cm_free(cxy);
    cm_free(parent);
    cm_level_destroy(&coarse);
    return rc;
}

cm_status cm_fa2(double *xy, int *iterations, const cm_graph *g, const cm_layout_opts *o,
                 cm_error *err)
{
    int total = o->iterations > 0 ? o->iterations : cm_layout_iterations(g->n_nodes, g->n_edges);
    double kr = o->fa2.scaling > 0 ? o->fa2.scaling
                : o->fa2.linlog    ? 0.02
                : g->n_nodes < 100 ? 10.0
                                   : 2.0;
    cm_rng r = {(uint64_t)o->seed ^ 0x6d756c74696c766cull}; /* apart from random_start's */
    cm_level lv;
    cm_status rc = level0(&lv, g, o, err);

    if (rc == CM_OK && g->n_nodes > CM_ML_MIN_NODES) {
        rc = multilevel(xy, &lv, kr, o, &r, 0, err);
    } else if (rc == CM_OK) {
        random_start(xy, lv.n, o->seed);
    }
    if (rc == CM_OK) {
        rc = run(xy, &lv, kr, total, 1, o, err);
    }
    if (rc == CM_OK) {
        rc = cm_pull_components(xy, lv.n, &lv.e, err);
    }
    *iterations = total;
    cm_level_destroy(&lv);
    return rc;
}
