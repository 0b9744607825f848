/* comention: the last prevent-overlap step, for any layout. The positions are mapped
 * into the picture exactly as the style stage will map them (layout.h: one scale k fits
 * the centres' bounding box into width × height px) and discs of the drawn radii are
 * pushed apart there, pair by pair, the smaller disc moving more, until none overlaps;
 * a spatial grid finds the close pairs. Centres are held inside the box while they move,
 * so the final bounding box is no larger than the box: fitting it again gives a scale of
 * at least k, which only spreads the discs further, and the picture has no overlap.
 * When the discs cannot all fit (their area is more than MAX_DENSITY of the box, or the
 * pushes jam), every radius is scaled down by 5% and the pushing goes on; the factor is
 * reported so the drawing can use it. Same input, same pushes in the same order: the
 * result depends on nothing else.
 *
 * Pushes only resolve contacts, so on their own they spread a crowded core by about one
 * overlap depth a sweep: a ForceAtlas2 layout of 2,000 nodes fitted into the picture is
 * about twice as dense in its middle as the discs allow, and took 1,200 sweeps. Each
 * sweep's displacement therefore carries on into the next ones (heavy-ball momentum,
 * Polyak 1964): a crowd keeps expanding at the speed it has gained (170 sweeps there).
 * Momentum is dropped when the total overlap grows (an adaptive restart, O'Donoghue and
 * Candès 2015), and near the walls, where discs carried along would pile up in a row that
 * can only spread sideways. */
#include <math.h>
#include <string.h>
#include "layout/layout_int.h"
#include "util/util.h"

/* An attempt fails when this many sweeps in a row have not cut the total overlap by 1%:
 * the discs are jammed. */
#define PATIENCE 40
/* Pairs are pushed this much beyond their target distance, so that the small nudges of
 * their neighbours do not make them touch again at once. */
#define OVERSHOOT 1.02
/* Share of the box discs may cover: denser packings rarely settle by local pushes. */
#define MAX_DENSITY 0.55
/* Share of a sweep's displacement carried into the next sweep. */
#define MOMENTUM 0.8
/* A sweep whose total overlap is this much above the last one's drops the momentum. */
#define RESTART_RISE 1.05
/* Within this many radii of a wall a node gets no momentum. */
#define WALL_RADII 2.0
/* Radius factor of the next attempt when an attempt jams. */
#define SHRINK 0.95
/* Pairs closer than their target by less than this (px) are left alone, so rounding
 * cannot keep a settled pair moving. */
#define SLACK 1e-7

typedef struct grid {
    double cell;     /* side of a grid cell, px: at least the largest target distance */
    size_t gx, gy;   /* cells per row and column */
    uint32_t *start; /* nodes of cell c are node[start[c] .. start[c + 1]); owned */
    uint32_t *node;  /* owned */
    uint32_t *at;    /* cell of each node; owned */
} grid;

typedef struct ov {
    size_t n;
    double *q;       /* positions in px around the box's centre; owned */
    double *before;  /* positions before the current sweep; owned */
    double *vel;     /* momentum: displacement carried on to the next sweep, px; owned */
    const double *r; /* radii, px; borrowed */
    double scale;    /* radius factor of this attempt */
    double half[2];  /* half the box */
    grid gr;
} ov;

static void ov_destroy(ov *o)
{
    cm_free(o->q);
    cm_free(o->before);
    cm_free(o->vel);
    cm_free(o->gr.start);
    cm_free(o->gr.node);
    cm_free(o->gr.at);
}

static size_t cell_of(const ov *o, size_t i)
{
    double fx = floor((o->q[2 * i] + o->half[0]) / o->gr.cell);
    double fy = floor((o->q[2 * i + 1] + o->half[1]) / o->gr.cell);
    size_t cx = fx < 0 ? 0 : fx >= (double)o->gr.gx ? o->gr.gx - 1 : (size_t)fx;
    size_t cy = fy < 0 ? 0 : fy >= (double)o->gr.gy ? o->gr.gy - 1 : (size_t)fy;
    return cy * o->gr.gx + cx;
}

/* Cells big enough for the farthest interacting pair, but no more cells than nodes. */
static cm_status grid_init(ov *o, double rmax, cm_error *err)
{
    grid *g = &o->gr;
    double side = fmax(2 * rmax * o->scale + CM_LAYOUT_GAP_PX * o->scale,
                       sqrt(4 * o->half[0] * o->half[1] / (double)o->n));

    g->cell = side * (1 + 1e-9);
    g->gx = (size_t)(2 * o->half[0] / g->cell) + 1;
    g->gy = (size_t)(2 * o->half[1] / g->cell) + 1;
    cm_free(g->start);
    g->start = cm_calloc(g->gx * g->gy + 1, sizeof(*g->start));
    if (!g->start) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return CM_OK;
}

/* Counting sort of the nodes by cell, in node order inside a cell. */
static void grid_fill(ov *o)
{
    grid *g = &o->gr;
    size_t cells = g->gx * g->gy;

    memset(g->start, 0, (cells + 1) * sizeof(*g->start));
    for (size_t i = 0; i < o->n; i++) {
        g->at[i] = (uint32_t)cell_of(o, i);
        g->start[g->at[i] + 1]++;
    }
    for (size_t c = 0; c < cells; c++) {
        g->start[c + 1] += g->start[c];
    }
    for (size_t i = 0; i < o->n; i++) {
        g->node[g->start[g->at[i]]++] = (uint32_t)i;
    }
    for (size_t c = cells; c > 0; c--) {
        g->start[c] = g->start[c - 1];
    }
    g->start[0] = 0;
}

static void clamp(ov *o, size_t i)
{
    for (int c = 0; c < 2; c++) {
        o->q[2 * i + c] = fmax(-o->half[c], fmin(o->half[c], o->q[2 * i + c]));
    }
}

/* Push i and j apart if they are closer than their target distance; returns by how much
 * they were (0: not). */
static double separate(ov *o, size_t i, size_t j, unsigned sweep)
{
    double dx = o->q[2 * j] - o->q[2 * i], dy = o->q[2 * j + 1] - o->q[2 * i + 1];
    double d = sqrt(dx * dx + dy * dy);
    double need = (o->r[i] + o->r[j] + CM_LAYOUT_GAP_PX) * o->scale, depth = need - d;
    double ai, aj, push;

    if (depth <= SLACK) {
        return 0;
    }
    if (d < 1e-9 * need) {
        /* Same spot: a direction from the pair and the sweep, so walls cannot block it
         * twice in a row and the result still depends on nothing but the input. */
        cm_rng r = {((uint64_t)i << 32 | j) ^ ((uint64_t)sweep << 20)};
        double t = 2 * 3.14159265358979323846 * cm_rng_unit(&r);
        dx = cos(t);
        dy = sin(t);
        d = 1.0;
        push = need * OVERSHOOT;
    } else {
        push = need * OVERSHOOT - d;
    }
    ai = (o->r[i] + 1) * (o->r[i] + 1);
    aj = (o->r[j] + 1) * (o->r[j] + 1);
    o->q[2 * i] -= dx / d * push * aj / (ai + aj);
    o->q[2 * i + 1] -= dy / d * push * aj / (ai + aj);
    o->q[2 * j] += dx / d * push * ai / (ai + aj);
    o->q[2 * j + 1] += dy / d * push * ai / (ai + aj);
    clamp(o, i);
    clamp(o, j);
    return depth;
}

/* One pass over every close pair; returns the total overlap met. The grid is from the
 * pass's start, so a pass that meets none has checked the true neighbours and proves
 * there is no overlap. */
static double sweep(ov *o, unsigned number)
{
    grid *g = &o->gr;
    double overlap = 0;

    grid_fill(o);
    for (size_t i = 0; i < o->n; i++) {
        size_t cx = g->at[i] % g->gx, cy = g->at[i] / g->gx;
        for (size_t y = cy ? cy - 1 : 0; y <= cy + 1 && y < g->gy; y++) {
            for (size_t x = cx ? cx - 1 : 0; x <= cx + 1 && x < g->gx; x++) {
                size_t c = y * g->gx + x;
                for (uint32_t k = g->start[c]; k < g->start[c + 1]; k++) {
                    if (g->node[k] > i) {
                        overlap += separate(o, i, g->node[k], number);
                    }
                }
            }
        }
    }
    return overlap;
}

/* Carry the last sweep's displacement on, with the momentum gathered before it. */
static void coast(ov *o)
{
    for (size_t i = 0; i < o->n; i++) {
        for (int c = 0; c < 2; c++) {
            double *v = &o->vel[2 * i + c], q = o->q[2 * i + c];
            *v = q - o->before[2 * i + c] + MOMENTUM * *v;
            if (fabs(q) > o->half[c] - WALL_RADII * o->r[i] * o->scale) {
                *v = 0;
            } else {
                o->q[2 * i + c] = o->before[2 * i + c] + *v;
            }
        }
        clamp(o, i);
    }
}

/* Sweep until no pair overlaps (1) or the overlap stops shrinking (0). A sweep that
 * meets no overlap moves nothing, so the positions it checked are the result. */
static int settle(ov *o)
{
    double best = INFINITY, last = INFINITY;
    unsigned since = 0;

    memset(o->vel, 0, 2 * o->n * sizeof(*o->vel));
    for (unsigned s = 0; since < PATIENCE; s++) {
        memcpy(o->before, o->q, 2 * o->n * sizeof(*o->q));
        double overlap = sweep(o, s);
        if (overlap == 0) {
            return 1;
        }
        if (overlap > RESTART_RISE * last) {
            memset(o->vel, 0, 2 * o->n * sizeof(*o->vel));
        }
        last = overlap;
        coast(o);
        if (overlap < 0.99 * best) {
            best = overlap;
            since = 0;
        } else {
            since++;
        }
    }
    return 0;
}

/* Map the layout into the box as the style stage will (frame.h), y kept up. */
static void to_px(ov *o, const double *xy, cm_fit *fit, double width, double height)
{
    cm_layout_fit(fit, xy, o->n, width, height);
    for (size_t i = 0; i < o->n; i++) {
        o->q[2 * i] = (xy[2 * i] - fit->cx) * fit->k;
        o->q[2 * i + 1] = (xy[2 * i + 1] - fit->cy) * fit->k;
        clamp(o, i); /* rounding could leave an extreme node a hair outside */
    }
}

/* The largest radius factor whose discs cover at most MAX_DENSITY of the box. */
static double first_scale(const double *radius_px, size_t n, double width, double height)
{
    double area = 0;
    for (size_t i = 0; i < n; i++) {
        double r = radius_px[i] + CM_LAYOUT_GAP_PX / 2;
        area += 3.14159265358979323846 * r * r;
    }
    if (area <= MAX_DENSITY * width * height) {
        return 1.0;
    }
    return sqrt(MAX_DENSITY * width * height / area);
}

static cm_status ov_init(ov *o, size_t n, const double *radius_px, double width, double height,
                         cm_error *err)
{
    memset(o, 0, sizeof(*o));
    o->n = n;
    o->r = radius_px;
    o->half[0] = width / 2;
    o->half[1] = height / 2;
    o->q = cm_malloc(2 * n * sizeof(*o->q));
    o->before = cm_malloc(2 * n * sizeof(*o->before));
    o->vel = cm_malloc(2 * n * sizeof(*o->vel));
    o->gr.node = cm_malloc(n * sizeof(*o->gr.node));
    o->gr.at = cm_malloc(n * sizeof(*o->gr.at));
    if (!o->q || !o->before || !o->vel || !o->gr.node || !o->gr.at) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return CM_OK;
}

cm_status cm_remove_overlaps(double *xy, double *radius_scale, size_t n, const double *radius_px,
                             double width, double height, cm_error *err)
{
    ov o;
    cm_fit fit = {1, 0, 0, 0, 0};
    double rmax = 0;
    int settled = 0;
    cm_status rc = ov_init(&o, n, radius_px, width, height, err);

    if (rc != CM_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        rmax = fmax(rmax, radius_px[i]);
    }
    /* Radii shrink geometrically, and at a small enough scale any distinct points fit. A
     * jammed attempt goes on from where it stopped, already spread out. */
    o.scale = first_scale(radius_px, n, width, height);
    to_px(&o, xy, &fit, width, height);
    while (!settled && o.scale > 1e-6) {
        rc = grid_init(&o, rmax, err);
        if (rc != CM_OK) {
            goto cleanup;
        }
        settled = settle(&o);
        o.scale *= settled ? 1.0 : SHRINK;
    }
    if (settled) {
        for (size_t i = 0; i < n; i++) {
            xy[2 * i] = o.q[2 * i] / fit.k + fit.cx;
            xy[2 * i + 1] = o.q[2 * i + 1] / fit.k + fit.cy;
        }
        *radius_scale = o.scale;
    }
cleanup:
    ov_destroy(&o);
    return rc;
}
