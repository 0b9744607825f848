/* comention: the layout stage's entry point. It picks the algorithm (fa2.c, typed.c,
 * ig_layouts.c, the circle here), removes disc overlaps for the fitted picture when given
 * node radii (overlap.c), and centres the result on the origin. What the algorithms share
 * is in common.c, so that they never call back into this file. */
#include <math.h>
#include <string.h>
#include "layout/layout_int.h"
#include "util/util.h"

static const char *const names[] = {"fa2", "fr", "kk", "drl", "circle", "typed"};

void cm_layout_opts_init(cm_layout_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->kind = CM_LAYOUT_FA2;
    o->seed = 1;
    o->iterations = 0;
    o->fa2.scaling = 0;
    o->fa2.gravity = 0.001;
    o->fa2.strong_gravity = 1;
    o->fa2.linlog = 1;
    o->fa2.edge_weight_influence = 1.0;
    o->fa2.theta = 1.2;
    o->fa2.jitter_tolerance = 1.0;
    o->radius_px = NULL;
    o->width_px = 1600;
    o->height_px = 1200;
    o->threads = 1;
}

int cm_layout_parse(cm_layout_kind *out, const char *name)
{
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (cm_layout_kind)i;
            return 0;
        }
    }
    return -1;
}

const char *cm_layout_name(cm_layout_kind kind)
{
    return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

static void circle(double *xy, size_t n)
{
    double r = sqrt((double)n) + 1.0;
    for (size_t i = 0; i < n; i++) {
        double t = 2 * 3.14159265358979323846 * (double)i / (double)n;
        xy[2 * i] = r * cos(t);
        xy[2 * i + 1] = r * sin(t);
    }
}

/* Centre on the origin, so files do not depend on where the algorithm drifted. */
static void centre(double *xy, size_t n)
{
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};

    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < 2; c++) {
            lo[c] = fmin(lo[c], xy[2 * i + c]);
            hi[c] = fmax(hi[c], xy[2 * i + c]);
        }
    }
    for (size_t i = 0; i < 2 * n; i++) {
        xy[i] -= (lo[i % 2] + hi[i % 2]) / 2;
        if (xy[i] == 0.0) {
            xy[i] = 0.0; /* no -0 in files */
        }
    }
}

static cm_status check_opts(const cm_graph *g, const cm_layout_opts *o, cm_error *err)
{
    if (o->kind == CM_LAYOUT_KK && g->n_nodes > CM_LAYOUT_KK_MAX_NODES) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0,
                            "layout kk: %zu nodes, at most %d (its cost grows with the square; "
                            "use fa2 or drl, or fewer nodes with --top)",
                            g->n_nodes, CM_LAYOUT_KK_MAX_NODES);
    }
    if (!o->radius_px) {
        return CM_OK;
    }
    if (!(o->width_px > 0) || !(o->height_px > 0) || !isfinite(o->width_px) ||
        !isfinite(o->height_px)) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "layout: the picture needs a positive size");
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        if (!(o->radius_px[i] >= 0) || !isfinite(o->radius_px[i])) {
            return cm_error_set(err, CM_EUSAGE, NULL, 0, "layout: node %zu has radius %g", i,
                                o->radius_px[i]);
        }
    }
    return CM_OK;
}

static cm_status shape(cm_layout *l, const cm_graph *g, const cm_layout_opts *o, cm_error *err)
{
    cm_edges e;
    cm_status rc = cm_edges_load(&e, g, 0, err);

    if (rc == CM_OK) {
        rc = cm_shape_to_canvas(l->xy, l->n, &e, o->width_px, o->height_px, err);
        cm_edges_destroy(&e);
    }
    return rc;
}

static cm_status place(cm_layout *l, const cm_graph *g, const cm_layout_opts *o, cm_error *err)
{
    if (l->n < 2) {
        return CM_OK; /* one node sits at the origin */
    }
    switch (o->kind) {
    case CM_LAYOUT_FA2:
        return cm_fa2(l->xy, &l->iterations, g, o, err);
    case CM_LAYOUT_TYPED:
        return cm_typed(l->xy, &l->iterations, g, o, err);
    case CM_LAYOUT_CIRCLE:
        circle(l->xy, l->n);
        return CM_OK;
    default:
        return cm_igraph_layout(l->xy, &l->iterations, g, o, err);
    }
}

cm_status cm_layout_compute(cm_layout **out, const cm_graph *g, const cm_layout_opts *opts,
                            cm_error *err)
{
    cm_layout_opts defaults;
    cm_layout *l = NULL;
    cm_status rc;

    *out = NULL;
    if (!opts) {
        cm_layout_opts_init(&defaults);
        opts = &defaults;
    }
    rc = check_opts(g, opts, err);
    if (rc != CM_OK) {
        goto cleanup;
    }
    l = cm_calloc(1, sizeof(*l));
    if (l) {
        l->n = g->n_nodes;
        l->radius_scale = 1.0;
        l->xy = cm_calloc(2 * g->n_nodes + 1, sizeof(double));
    }
    if (!l || !l->xy) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        goto cleanup;
    }
    rc = place(l, g, opts, err);
    if (rc == CM_OK && opts->kind == CM_LAYOUT_FA2) {
        rc = shape(l, g, opts, err);
    }
    if (rc == CM_OK && opts->radius_px && l->n > 1) {
        rc = cm_remove_overlaps(l->xy, &l->radius_scale, l->n, opts->radius_px, opts->width_px,
                                opts->height_px, err);
    }
    if (rc == CM_OK) {
        centre(l->xy, l->n);
        *out = l;
        l = NULL;
    }
cleanup:
    cm_layout_free(l);
    return rc;
}

void cm_layout_free(cm_layout *l)
{
    if (!l) {
        return;
    }
    cm_free(l->xy);
    cm_free(l);
}
