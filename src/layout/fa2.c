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
 * Differences from Gephi, all for reproducibility: each node's force (repulsion, gravity,
 * then its edges' pulls in edge order) summed on one thread in a fixed order (edges and
 * nodes are shared out over threads, never a node's sum; the speed is summed in node
 * order), doubles throughout (Gephi stores positions as floats), and a quadtree
 * leaf's repulsion is applied to the visiting node only (Gephi adds it to both ends,
 * counting near pairs twice). Edge weights are divided by their median first, so every
 * --weight measure gives a typical edge the weight 1.
 *
 * Large graphs start from a multilevel layout (Walshaw 2003; Hu 2005, as sfdp does):
 * coarsen.c merges nodes level by level, the coarsest graph is laid out from random
 * positions, and each finer level starts from its coarse positions, so the global shape
 * (which community lies next to which) is settled cheaply where a node stands for many. */
#include <math.h>
#include <stdatomic.h>
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
/* Nodes per thread at least before an iteration is shared out: on fewer, the barriers
 * between its phases cost about what the threads save. */
#define FA2_SHARE_MIN 256
/* Edges and nodes a thread takes at a time in a phase (from a shared counter, so a thread
 * slowed down by others holds no one up). */
#define EDGE_CHUNK 2048
#define NODE_CHUNK 64

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
    size_t threads;           /* at most */
    /* An iteration's attraction is computed per edge (pull), then summed per node over
     * its edges in edge order (inc): each node's force gets the same additions in the
     * same order as when one loop over the edges adds them to both ends. */
    double *pull;      /* edge k's pull on its first end, pairs; owned */
    unsigned char *on; /* edge k pulls at all (its rims apart); owned */
    uint32_t *inc;     /* node i's edges 2k (i is the first end) or 2k + 1; owned */
    uint32_t *inc_off; /* node i's are inc[inc_off[i] .. inc_off[i + 1]); owned */
    double *swing;     /* node i's swinging this iteration; owned */
    double *traction;  /* node i's effective traction; owned */
} fa2;

static void fa2_destroy(fa2 *s)
{
    cm_free(s->f);
    cm_free(s->old);
    cm_free(s->size);
    cm_free(s->pull);
    cm_free(s->on);
    cm_free(s->inc);
    cm_free(s->inc_off);
    cm_free(s->swing);
    cm_free(s->traction);
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

/* Each node's edges in edge order, the first end's entry of an edge before the second's. */
static void incidence(fa2 *s)
{
    const cm_edges *e = s->e;

    for (size_t k = 0; k < e->n; k++) {
        s->inc_off[e->a[k] + 1]++;
        s->inc_off[e->b[k] + 1]++;
    }
    for (size_t i = 0; i < s->n; i++) {
        s->inc_off[i + 1] += s->inc_off[i];
    }
    for (size_t k = 0; k < e->n; k++) {
        s->inc[s->inc_off[e->a[k]]++] = (uint32_t)(2 * k);
        s->inc[s->inc_off[e->b[k]]++] = (uint32_t)(2 * k + 1);
    }
    for (size_t i = s->n; i > 0; i--) { /* each offset was moved to the next node's start */
        s->inc_off[i] = s->inc_off[i - 1];
    }
    s->inc_off[0] = 0;
}

/* Set up a run on level lv (borrowed: it must outlive s), positions xy as they are. */
static cm_status fa2_init(fa2 *s, double *xy, const cm_level *lv, double kr,
                          const cm_layout_opts *o, cm_error *err)
{
    size_t n = lv->n, m = lv->e.n;

    memset(s, 0, sizeof(*s));
    s->n = n;
    s->xy = xy;
    s->e = &lv->e;
    s->mass = lv->mass;
    if (2 * m + 1 > UINT32_MAX) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "too many edges to lay out");
    }
    s->f = cm_calloc(2 * n + 1, sizeof(double));
    s->old = cm_calloc(2 * n + 1, sizeof(double));
    s->pull = cm_malloc((2 * m + 1) * sizeof(double));
    s->on = cm_malloc(m + 1);
    s->inc = cm_malloc((2 * m + 1) * sizeof(uint32_t));
    s->inc_off = cm_calloc(n + 2, sizeof(uint32_t));
    s->swing = cm_malloc((n + 1) * sizeof(double));
    s->traction = cm_malloc((n + 1) * sizeof(double));
    if (o->radius_px) {
        s->size = cm_calloc(n + 1, sizeof(double));
    }
    if (!s->f || !s->old || !s->pull || !s->on || !s->inc || !s->inc_off || !s->swing ||
        !s->traction || (o->radius_px && !s->size)) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    incidence(s);
    s->kr = kr;
    s->gravity = o->fa2.gravity;
    s->theta = o->fa2.theta;
    s->jitter = o->fa2.jitter_tolerance;
    s->strong = o->fa2.strong_gravity;
    s->linlog = o->fa2.linlog;
    s->speed = 1.0;
    s->efficiency = 1.0;
    s->threads = o->threads ? o->threads : 1;
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
static void repel_bh(const fa2 *s, size_t i, double f[2])
{
    const cm_bh_cell *cells = s->bh.cells;
    double x = s->xy[2 * i], y = s->xy[2 * i + 1], t2 = s->theta * s->theta;
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
}

/* Repulsion of i by every other node, pair by pair (theta 0). */
static void repel_all(const fa2 *s, size_t i, double f[2])
{
    for (size_t j = 0; j < s->n; j++) {
        if (j != i) {
            repel_pair(s, i, j, f);
        }
    }
}

/* Edge k's pull on its first end (its second end gets the opposite). */
static void edge_pull(fa2 *s, size_t k)
{
    size_t a = s->e->a[k], b = s->e->b[k];
    double dx = s->xy[2 * a] - s->xy[2 * b], dy = s->xy[2 * a + 1] - s->xy[2 * b + 1];
    double d = sqrt(dx * dx + dy * dy), factor = -s->e->w[k];

    s->on[k] = 1;
    if (s->adjust) {
        d -= s->size[a] + s->size[b]; /* rims that touch no longer pull */
        if (d <= 0) {
            s->on[k] = 0;
            return;
        }
    }
    if (s->linlog) {
        factor = d > 0 ? factor * log1p(d) / d : 0;
    }
    s->pull[2 * k] = dx * factor;
    s->pull[2 * k + 1] = dy * factor;
}

static double swinging(const fa2 *s, size_t i)
{
    double dx = s->old[2 * i] - s->f[2 * i], dy = s->old[2 * i + 1] - s->f[2 * i + 1];
    return s->mass[i] * sqrt(dx * dx + dy * dy);
}

/* Node i's force: repulsion, gravity towards the origin, then its edges' pulls in edge
 * order; and its swinging and traction, for the speed. */
static void node_force(fa2 *s, size_t i)
{
    double f[2] = {0, 0}, x = s->xy[2 * i], y = s->xy[2 * i + 1], d = sqrt(x * x + y * y);

    if (s->theta > 0) {
        repel_bh(s, i, f);
    } else {
        repel_all(s, i, f);
    }
    if (d > 0) {
        double factor = s->mass[i] * s->gravity * (s->strong ? 1.0 : 1.0 / d);
        f[0] -= x * factor;
        f[1] -= y * factor;
    }
    for (uint32_t p = s->inc_off[i]; p < s->inc_off[i + 1]; p++) {
        size_t k = s->inc[p] / 2;
        if (!s->on[k]) {
            continue;
        }
        if (s->inc[p] & 1) {
            f[0] -= s->pull[2 * k];
            f[1] -= s->pull[2 * k + 1];
        } else {
            f[0] += s->pull[2 * k];
            f[1] += s->pull[2 * k + 1];
        }
    }
    s->f[2 * i] = f[0];
    s->f[2 * i + 1] = f[1];
    double sx = s->old[2 * i] + f[0], sy = s->old[2 * i + 1] + f[1];
    s->swing[i] = swinging(s, i);
    s->traction[i] = s->mass[i] * 0.5 * sqrt(sx * sx + sy * sy);
}

/* The global speed and efficiency after this iteration, from the total swinging against
 * the total effective traction, summed in node order; the constants are the paper's (and
 * Gephi's). Every member of a team computes it alike. */
static void adapt_speed(const fa2 *s, double *speed, double *efficiency)
{
    double swing = 0, traction = 0, n = (double)s->n, est, jt, target;

    *speed = s->speed;
    *efficiency = s->efficiency;
    for (size_t i = 0; i < s->n; i++) {
        swing += s->swing[i];
        traction += s->traction[i];
    }
    if (!(swing > 0) || !(traction > 0)) {
        return; /* at rest: nothing to adapt to */
    }
    est = 0.05 * sqrt(n); /* bigger networks need more tolerance */
    jt = s->jitter * fmax(sqrt(est), fmin(10.0, est * traction / (n * n)));
    if (swing / traction > 2.0) {
        if (*efficiency > 0.05) {
            *efficiency *= 0.5;
        }
        jt = fmax(jt, s->jitter);
    }
    target = jt * *efficiency * traction / swing;
    if (swing > jt * traction) {
        if (*efficiency > 0.05) {
            *efficiency *= 0.7;
        }
    } else if (*speed < 1000) {
        *efficiency *= 1.3;
    }
    *speed += fmin(target - *speed, 0.5 * *speed); /* rise at most 50% a step */
}

static void move(fa2 *s, size_t i, double speed)
{
    double factor = speed / (1.0 + sqrt(speed * s->swing[i]));
    if (s->adjust) {
        /* Overlaps make swinging unreliable: slower, and at most 10 units a step. */
        double df = hypot(s->f[2 * i], s->f[2 * i + 1]);
        factor = df > 0 ? fmin(0.1 * factor * df, 10.0) / df : 0;
    }
    s->xy[2 * i] += s->f[2 * i] * factor;
    s->xy[2 * i + 1] += s->f[2 * i + 1] * factor;
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

/* A run of ForceAtlas2 iterations, shared by a team: member 0 does what is done once per
 * iteration, every member takes chunks of each phase. */
typedef struct fa2_run {
    fa2 *s;
    const cm_layout_opts *o;
    int total, plain;
    atomic_int stop;       /* a step failed: every member leaves at the next barrier */
    atomic_size_t next[3]; /* the next chunk of the edges, the forces, the moves */
    cm_status rc;          /* member 0's */
    cm_error *err;
} fa2_run;

/* Iteration it's start, on member 0 alone: the phase, the radii, the swapped forces. */
static cm_status prelude(fa2_run *r, int it)
{
    fa2 *s = r->s;
    double *t = s->old;
    cm_status rc = CM_OK;

    s->adjust = it >= r->plain;
    if (it == r->plain) {
        rc = cm_pull_components(s->xy, s->n, s->e, r->err); /* fit the picture to what matters */
    }
    if (s->adjust && rc == CM_OK) {
        update_sizes(s, r->o);
    }
    s->old = s->f;
    s->f = t;
    for (int p = 0; p < 3; p++) {
        atomic_store(&r->next[p], 0);
    }
    return rc;
}

/* The chunk [*lo, *hi) of `n` items in chunks of `size` this member takes next; 0 at the end. */
static int take(atomic_size_t *next, size_t n, size_t size, size_t *lo, size_t *hi)
{
    size_t c = atomic_fetch_add(next, 1);
    if (c >= (n + size - 1) / size) {
        return 0;
    }
    *lo = c * size;
    *hi = *lo + size < n ? *lo + size : n;
    return 1;
}

static void run_member(void *ctx, cm_team *team, size_t t)
{
    fa2_run *r = ctx;
    fa2 *s = r->s;
    size_t lo, hi;

    for (int it = 0; it < r->total; it++) {
        if (t == 0) {
            r->rc = prelude(r, it);
            if (r->rc == CM_OK && s->theta > 0) {
                r->rc = cm_bh_build(&s->bh, s->xy, s->mass, r->err);
            }
            if (r->rc != CM_OK) {
                atomic_store(&r->stop, 1);
            }
        }
        cm_team_sync(team);
        if (atomic_load(&r->stop)) {
            break;
        }
        while (take(&r->next[0], s->e->n, EDGE_CHUNK, &lo, &hi)) {
            for (size_t k = lo; k < hi; k++) {
                edge_pull(s, k);
            }
        }
        cm_team_sync(team);
        while (take(&r->next[1], s->n, NODE_CHUNK, &lo, &hi)) {
            for (size_t i = lo; i < hi; i++) {
                node_force(s, i);
            }
        }
        cm_team_sync(team);
        double speed, efficiency;
        adapt_speed(s, &speed, &efficiency);
        while (take(&r->next[2], s->n, NODE_CHUNK, &lo, &hi)) {
            for (size_t i = lo; i < hi; i++) {
                move(s, i, speed);
            }
        }
        cm_team_sync(team);
        if (t == 0) {
            s->speed = speed;
            s->efficiency = efficiency;
        }
    }
}

/* ForceAtlas2 on level lv from the positions in xy: `total` iterations, the last quarter
 * of them the prevent-overlap phase when `overlap` (and radii are given). */
static cm_status run(double *xy, const cm_level *lv, double kr, int total, int overlap,
                     const cm_layout_opts *o, cm_error *err)
{
    fa2 s;
    fa2_run r = {&s, o,   total, overlap && o->radius_px ? total - total / 4 : total,
                 0,  {0}, CM_OK, err};
    cm_status rc = fa2_init(&s, xy, lv, kr, o, err);
    size_t width = s.threads < lv->n / FA2_SHARE_MIN ? s.threads : lv->n / FA2_SHARE_MIN;

    if (rc == CM_OK) {
        atomic_init(&r.stop, 0);
        for (int p = 0; p < 3; p++) {
            atomic_init(&r.next[p], 0);
        }
        cm_team_run(width > 1 ? width : 1, run_member, &r);
        rc = r.rc;
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
