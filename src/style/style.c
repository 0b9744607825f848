/* comention: the style stage. Positions become a picture: the layout is fitted into the
 * canvas (y flipped: layout y is up, canvas y is down), nodes are sized by a metric on a
 * square-root scale (area ∝ value) and coloured by type with the Okabe–Ito palette
 * (readable with colour-blindness), and labels are placed greedily, biggest node first, at
 * the first of nine spots that stays on the canvas and overlaps no placed label and no
 * other node (the last spot, on the node itself, only has to miss other labels; labels
 * have a white halo); a label with no free spot is hidden and counted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comention/scene.h"
#include "util/font.h"
#include "util/util.h"

#define MARGIN 24.0
#define LEGEND_BAND 44.0
#define TITLE_BAND 48.0

static const cm_rgb type_colors[CM_N_TYPES] = {
    {0x00, 0x72, 0xB2}, /* actor: blue */
    {0x00, 0x9E, 0x73}, /* country: bluish green */
    {0xD5, 0x5E, 0x00}, /* weapon: vermillion */
};

void cm_style_opts_init(cm_style_opts *o)
{
    o->size_by = CM_METRIC_PAGERANK;
    o->width = 1600;
    o->height = 1200;
    o->title = NULL;
    o->font = "DejaVu Sans";
}

typedef struct box {
    double x, y, w, h;
} box;

static int overlap(const box *a, const box *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static int hits_circle(const box *b, double cx, double cy, double r)
{
    double nx = fmax(b->x, fmin(cx, b->x + b->w)), ny = fmax(b->y, fmin(cy, b->y + b->h));
    return (nx - cx) * (nx - cx) + (ny - cy) * (ny - cy) < r * r;
}

static double unit_scale(double v, double lo, double hi)
{
    return hi > lo ? sqrt((v - lo) / (hi - lo)) : 0.5;
}

/* Node radius and label size from the sizing metric. */
static void size_nodes(cm_scene *s, const cm_style_opts *o)
{
    double lo = INFINITY, hi = -INFINITY;
    double rmax = fmin(40.0, fmax(10.0, fmin(s->width, s->height) / 30.0));

    for (size_t i = 0; i < s->n_nodes; i++) {
        double v = s->nodes[i].metrics[o->size_by];
        lo = fmin(lo, v);
        hi = fmax(hi, v);
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        double t = unit_scale(s->nodes[i].metrics[o->size_by], lo, hi);
        s->nodes[i].pr = 4.0 + (rmax - 4.0) * t;
        /* Whole pixel sizes: each distinct size costs Pango a fontconfig match. */
        s->nodes[i].font_px = floor(11.5 + 7.0 * t);
    }
}

/* Fit layout coordinates into the drawing area, keeping the aspect ratio. */
static void fit(cm_scene *s, const cm_layout *l, double top)
{
    double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY, rmax = 0;
    double ax = MARGIN, aw = s->width - 2 * MARGIN, ay = top, ah = s->legend_y - MARGIN / 2 - top;

    for (size_t i = 0; i < s->n_nodes; i++) {
        minx = fmin(minx, l->xy[2 * i]);
        maxx = fmax(maxx, l->xy[2 * i]);
        miny = fmin(miny, l->xy[2 * i + 1]);
        maxy = fmax(maxy, l->xy[2 * i + 1]);
        rmax = fmax(rmax, s->nodes[i].pr);
    }
    /* Leave room for the largest node, and a little for labels at the sides. */
    double dx = maxx - minx, dy = maxy - miny;
    double sx = dx > 0 ? (aw - 2 * rmax - 80) / dx : INFINITY;
    double sy = dy > 0 ? (ah - 2 * rmax) / dy : INFINITY;
    double k = fmin(sx, sy);
    if (!isfinite(k) || k <= 0) {
        k = 1.0;
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        cm_scene_node *n = &s->nodes[i];
        n->x = l->xy[2 * i];
        n->y = l->xy[2 * i + 1];
        n->px = ax + aw / 2 + k * (n->x - (minx + maxx) / 2);
        n->py = ay + ah / 2 - k * (n->y - (miny + maxy) / 2);
        n->size = n->pr / k;
    }
}

static int bigger_first(const void *x, const void *y)
{
    const cm_scene_node *a = *(const cm_scene_node *const *)x;
    const cm_scene_node *b = *(const cm_scene_node *const *)y;
    if (a->pr != b->pr) {
        return a->pr > b->pr ? -1 : 1;
    }
    return strcmp(a->entity->id, b->entity->id);
}

/* `self` NULL: a label on its own node, which only has to keep clear of other labels. */
static int spot_free(const cm_scene *s, const cm_scene_node *self, const box *b,
                     cm_scene_node *const *placed, size_t n_placed)
{
    if (b->x < 2 || b->y < 2 || b->x + b->w > s->width - 2 || b->y + b->h > s->legend_y) {
        return 0;
    }
    for (size_t i = 0; i < n_placed; i++) {
        box o = {placed[i]->lx, placed[i]->ly, placed[i]->lw, placed[i]->lh};
        if (overlap(b, &o)) {
            return 0;
        }
    }
    for (size_t i = 0; self && i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        if (n != self && hits_circle(b, n->px, n->py, n->pr + 1)) {
            return 0;
        }
    }
    return 1;
}

/* Candidate spots around a node, best first: the sides, above and below, the diagonals,
 * and last the node's own centre (drawn with a halo, so it may cross other nodes). */
static void place_one(cm_scene *s, cm_scene_node *n, cm_scene_node **placed, size_t *n_placed)
{
    double w = n->lw, h = n->lh, gap = 3, d = n->pr * 0.7071 + gap;
    box spots[9] = {
        {n->px + n->pr + gap, n->py - h / 2, w, h}, {n->px - n->pr - gap - w, n->py - h / 2, w, h},
        {n->px - w / 2, n->py + n->pr + 1, w, h},   {n->px - w / 2, n->py - n->pr - 1 - h, w, h},
        {n->px + d, n->py - d - h, w, h},           {n->px + d, n->py + d, w, h},
        {n->px - d - w, n->py - d - h, w, h},       {n->px - d - w, n->py + d, w, h},
        {n->px - w / 2, n->py - h / 2, w, h},
    };
    for (int k = 0; k < 9; k++) {
        if (spot_free(s, k < 8 ? n : NULL, &spots[k], placed, *n_placed)) {
            n->lx = spots[k].x;
            n->ly = spots[k].y;
            n->label_shown = 1;
            placed[(*n_placed)++] = n;
            return;
        }
    }
    s->labels_hidden++;
}

static cm_status place_labels(cm_scene *s, cm_error *err)
{
    cm_scene_node **order = cm_malloc((s->n_nodes + 1) * sizeof(*order));
    cm_scene_node **placed = cm_malloc((s->n_nodes + 1) * sizeof(*placed));
    PangoFontMap *fm = pango_cairo_font_map_new();
    PangoContext *ctx = pango_font_map_create_context(fm);
    size_t n_placed = 0;

    cm_font_setup(ctx);
    if (!order || !placed) {
        cm_free(order);
        cm_free(placed);
        g_object_unref(ctx);
        g_object_unref(fm);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        cm_scene_node *n = &s->nodes[i];
        PangoLayout *pl = cm_font_layout(ctx, s->font, n->font_px, n->entity->label, 0);
        cm_font_measure(pl, &n->lw, &n->lh, &n->baseline);
        g_object_unref(pl);
        order[i] = n;
    }
    qsort(order, s->n_nodes, sizeof(*order), bigger_first);
    for (size_t i = 0; i < s->n_nodes; i++) {
        place_one(s, order[i], placed, &n_placed);
    }
    cm_free(order);
    cm_free(placed);
    g_object_unref(ctx);
    g_object_unref(fm);
    return CM_OK;
}

static void size_edges(cm_scene *s)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < s->n_edges; i++) {
        lo = fmin(lo, s->edges[i].weight);
        hi = fmax(hi, s->edges[i].weight);
    }
    for (size_t i = 0; i < s->n_edges; i++) {
        s->edges[i].width_px = 0.6 + 5.4 * unit_scale(s->edges[i].weight, lo, hi);
    }
}

static void make_legend(cm_scene *s)
{
    int present[CM_N_TYPES] = {0, 0, 0};
    for (size_t i = 0; i < s->n_nodes; i++) {
        present[s->nodes[i].entity->type] = 1;
    }
    double x = MARGIN + 7, y = s->legend_y + 22;

    s->legend_r = 7;
    for (int t = 0; t < CM_N_TYPES; t++) {
        if (present[t]) {
            s->legend[s->n_legend++] =
                (cm_legend_item){type_colors[t], cm_type_name((cm_type)t), x, y};
            x += 120;
        }
    }
    snprintf(s->legend_note, sizeof(s->legend_note), "node size: %s \xC2\xB7 edge width: %s",
             s->size_by, cm_weight_name(s->graph->weight_kind));
    s->note_x = x + 20;
    s->note_y = y + s->legend_px / 3;
}

cm_status cm_style(cm_scene **out, const cm_graph *g, const cm_analysis *a, const cm_layout *l,
                   const cm_style_opts *opts, cm_error *err)
{
    cm_style_opts defaults;
    cm_scene *s = cm_calloc(1, sizeof(*s));
    cm_status rc;

    *out = NULL;
    if (!opts) {
        cm_style_opts_init(&defaults);
        opts = &defaults;
    }
    if (s) {
        s->nodes = cm_calloc(g->n_nodes + 1, sizeof(*s->nodes));
        s->edges = cm_calloc(g->n_edges + 1, sizeof(*s->edges));
    }
    if (!s || !s->nodes || !s->edges) {
        cm_scene_free(s);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    s->graph = g;
    s->width = opts->width;
    s->height = opts->height;
    s->font = opts->font;
    s->title = opts->title;
    s->title_px = 24;
    s->legend_px = 14;
    s->size_by = cm_metric_name(opts->size_by);
    s->background = (cm_rgb){0xFF, 0xFF, 0xFF};
    s->edge_color = (cm_rgb){0x88, 0x88, 0x88};
    s->label_color = (cm_rgb){0x22, 0x22, 0x22};
    s->node_stroke = (cm_rgb){0xFF, 0xFF, 0xFF};
    s->edge_alpha = 0.45;
    s->legend_y = s->height - LEGEND_BAND;
    s->n_nodes = g->n_nodes;
    s->n_edges = g->n_edges;
    for (size_t i = 0; i < g->n_nodes; i++) {
        cm_scene_node *n = &s->nodes[i];
        n->entity = cm_counts_entity(g->counts, g->node_entity[i]);
        n->metrics = &a->values[i * CM_N_METRICS];
        n->community = a->community[i];
        n->color = type_colors[n->entity->type];
    }
    igraph_integer_t from, to;
    for (size_t e = 0; e < g->n_edges; e++) {
        igraph_edge(&g->g, (igraph_integer_t)e, &from, &to);
        s->edges[e] = (cm_scene_edge){(size_t)(from < to ? from : to),
                                      (size_t)(from < to ? to : from),
                                      cm_counts_pair(g->counts, g->edge_pair[e]),
                                      &g->edge_measures[e * CM_N_MEASURES],
                                      VECTOR(g->weight)[e],
                                      0};
    }
    size_nodes(s, opts);
    fit(s, l, s->title ? TITLE_BAND : MARGIN);
    size_edges(s);
    make_legend(s);
    rc = place_labels(s, err);
    if (rc != CM_OK) {
        cm_scene_free(s);
        return rc;
    }
    *out = s;
    return CM_OK;
}

void cm_scene_free(cm_scene *s)
{
    if (!s) {
        return;
    }
    cm_free(s->nodes);
    cm_free(s->edges);
    cm_free(s);
}
