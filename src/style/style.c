/* comention: the style stage. Positions become a picture: nodes are sized by a metric on a
 * square-root scale (area ∝ value) or as a file gives them, coloured by type, community,
 * a metric or as given (palette.c), outlined when discovered, faded unless highlighted;
 * edges get width and opacity from their weight; the title, subtitle and legend take bands
 * at the top and bottom (legend.c); the layout is fitted into the plot area between them
 * (y flipped: layout y is up, canvas y is down); and labels are placed (labels.c). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comention/frame.h"
#include "style/style_int.h"
#include "util/util.h"

/* Room kept free left and right of the outermost nodes for their labels, px. */
#define SIDE_ROOM 40.0
/* The share of the canvas height the network keeps at least, before legend or header. */
#define MIN_PLOT 0.4

void cm_style_opts_init(cm_style_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->size_by = CM_METRIC_PAGERANK;
    o->color_by = CM_COLOR_TYPE;
    o->color_metric = CM_METRIC_PAGERANK;
    o->theme = CM_THEME_LIGHT;
    o->width = 1600;
    o->height = 1200;
    o->subtitle = 1;
    o->font = "DejaVu Sans";
    o->label_min_px = 11;
    o->label_max_px = 18;
    o->labels = 20;
}

/* The extremes of a metric over the nodes. */
static void metric_range(const cm_analysis *a, size_t n, cm_metric m, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        *lo = fmin(*lo, a->values[i * CM_N_METRICS + m]);
        *hi = fmax(*hi, a->values[i * CM_N_METRICS + m]);
    }
}

/* Radii from the sizing metric on a square-root scale, within the range the canvas
 * affords for this many nodes (frame.h). */
void cm_style_node_radii(double *out, const cm_graph *g, const cm_analysis *a,
                         const cm_style_opts *opts)
{
    cm_style_opts defaults;
    double lo, hi, rmin, rmax;

    if (!opts) {
        cm_style_opts_init(&defaults);
        opts = &defaults;
    }
    lo = INFINITY;
    hi = -INFINITY;
    for (size_t i = 0; i < g->n_nodes; i++) {
        lo = fmin(lo, cm_style_size_value(g, a, opts, i));
        hi = fmax(hi, cm_style_size_value(g, a, opts, i));
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        out[i] = cm_style_unit(cm_style_size_value(g, a, opts, i), lo, hi);
    }
    cm_frame_radius_range(&rmin, &rmax, opts->width, opts->height, out, g->n_nodes);
    for (size_t i = 0; i < g->n_nodes; i++) {
        out[i] = rmin + (rmax - rmin) * out[i];
    }
}

/* Node ids are in byte order: a binary search finds one. */
static size_t find_node(const cm_scene *s, const char *id)
{
    size_t lo = 0, hi = s->n_nodes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->nodes[mid].entity->id, id);
        if (c == 0) {
            return mid;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return SIZE_MAX;
}

static cm_status mark_highlights(cm_scene *s, const cm_style_opts *o, cm_error *err)
{
    for (size_t k = 0; k < o->n_highlight; k++) {
        size_t i = find_node(s, o->highlight[k]);
        if (i == SIZE_MAX) {
            return cm_error_set(err, CM_EINPUT, NULL, 0, "highlight: '%s' is no node of the graph",
                                o->highlight[k]);
        }
        s->nodes[i].highlighted = 1;
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        s->nodes[i].alpha = o->n_highlight == 0 || s->nodes[i].highlighted ? 1.0 : CM_STYLE_FADED;
    }
    return CM_OK;
}

static void color_nodes(cm_scene *s, const cm_analysis *a, const cm_style_opts *o,
                        const cm_theme_colors *tc)
{
    double lo = 0, hi = 0;

    if (o->color_by == CM_COLOR_METRIC) {
        metric_range(a, s->n_nodes, o->color_metric, &lo, &hi);
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        cm_scene_node *n = &s->nodes[i];
        switch (o->color_by) {
        case CM_COLOR_COMMUNITY:
            n->color = cm_palette_community(n->community);
            break;
        case CM_COLOR_METRIC:
            n->color = cm_palette_ramp(cm_style_unit(n->metrics[o->color_metric], lo, hi));
            break;
        case CM_COLOR_GIVEN:
            n->color = o->node_color[i];
            break;
        default:
            n->color = cm_palette_type(n->entity->type);
            break;
        }
        /* Discovered entities are new to the lexicon: a ring in the text colour says so. */
        n->stroke = n->entity->discovered ? tc->label : tc->node_stroke;
        n->stroke_px = n->entity->discovered ? 3.0 : tc->node_stroke_px;
    }
}

/* Radii (px) and label sizes from the sizing metric, or from the sizes a file gives (the
 * radii then follow the fit). When the layout could fit the discs only smaller, radius and
 * outline shrink together, so the disc covers exactly what the layout kept free for it. */
static void size_nodes(cm_scene *s, const cm_graph *g, const cm_analysis *a, const cm_style_opts *o,
                       double *radii)
{
    double lo = INFINITY, hi = -INFINITY;

    if (!o->node_size) {
        cm_style_node_radii(radii, g, a, o);
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        lo = fmin(lo, s->nodes[i].value);
        hi = fmax(hi, s->nodes[i].value);
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        double t = cm_style_unit(s->nodes[i].value, lo, hi);
        s->nodes[i].pr = o->node_size ? 0 : radii[i] * s->radius_scale;
        if (!o->node_size && !s->nodes[i].entity->discovered) {
            /* A dot of a big graph would be mostly outline (and outlines cover the canvas
             * beyond the frame's share): at most half the radius. The ring of a
             * discovered entity says something, and keeps its width. */
            s->nodes[i].stroke_px = fmin(s->nodes[i].stroke_px, radii[i] / 2);
        }
        s->nodes[i].stroke_px *= s->radius_scale;
        /* Whole pixel sizes: each distinct size costs Pango a fontconfig match. */
        s->nodes[i].font_px =
            fmax(o->label_min_px, floor(o->label_min_px + (o->label_max_px - o->label_min_px) * t));
    }
}

/* The box node centres are fitted into, px (x0, y0, x1, y1): the plot area less room for
 * labels at the sides and for the largest disc all round. With radii in layout units the
 * discs scale with the positions and only a 2 px inset is kept for them. */
static void centre_box(const cm_scene *s, const cm_style_opts *o, double box[4])
{
    double side = fmin(SIDE_ROOM, s->width / 20), rmax = 0;

    for (size_t i = 0; i < s->n_nodes && !o->node_size; i++) {
        rmax = fmax(rmax, s->nodes[i].pr + s->nodes[i].stroke_px / 2);
    }
    box[0] = s->plot_x0 + side + rmax;
    box[1] = s->plot_y0 + 2 + rmax;
    box[2] = s->plot_x1 - side - rmax;
    box[3] = s->plot_y1 - 2 - rmax;
}

/* Fit layout coordinates into the plot area with the frame's fit, as the layout's
 * prevent-overlap phase assumed (layout.h). */
static void fit(cm_scene *s, const cm_layout *l, const cm_style_opts *o)
{
    double box[4];
    cm_fit fit;

    centre_box(s, o, box);
    cm_frame_fit(&fit, &(cm_frame){box[0], box[1], box[2], box[3]}, l->xy, o->node_size, l->n);
    for (size_t i = 0; i < s->n_nodes; i++) {
        cm_scene_node *n = &s->nodes[i];
        n->x = l->xy[2 * i];
        n->y = l->xy[2 * i + 1];
        cm_fit_apply(&fit, n->x, n->y, &n->px, &n->py);
        if (o->node_size) {
            /* At least a visible dot; the area was inset by 2 px for it. */
            n->pr = fmax(fit.k * o->node_size[i] - n->stroke_px / 2, 1.0);
        }
        n->size = n->pr / fit.k;
    }
}

static void fill_nodes_edges(cm_scene *s, const cm_graph *g, const cm_analysis *a,
                             const cm_style_opts *o)
{
    igraph_integer_t from, to;

    for (size_t i = 0; i < g->n_nodes; i++) {
        cm_scene_node *n = &s->nodes[i];
        n->entity = &g->nodes[i];
        n->metrics = &a->values[i * CM_N_METRICS];
        n->community = a->community[i];
        n->label = n->entity->label;
        n->value = cm_style_size_value(g, a, o, i);
    }
    for (size_t e = 0; e < g->n_edges; e++) {
        igraph_edge(&g->g, (igraph_integer_t)e, &from, &to);
        s->edges[e] = (cm_scene_edge){(size_t)(from < to ? from : to),
                                      (size_t)(from < to ? to : from),
                                      &g->edges[e],
                                      &g->edge_measures[e * CM_N_MEASURES],
                                      VECTOR(g->weight)[e],
                                      0,
                                      0};
    }
}

static cm_scene *scene_new(const cm_graph *g, const cm_style_opts *o)
{
    cm_scene *s = cm_calloc(1, sizeof(*s));
    cm_theme_colors tc;

    if (!s) {
        return NULL;
    }
    s->nodes = cm_calloc(g->n_nodes + 1, sizeof(*s->nodes));
    s->edges = cm_calloc(g->n_edges + 1, sizeof(*s->edges));
    if (!s->nodes || !s->edges) {
        cm_scene_free(s);
        return NULL;
    }
    cm_theme_colors_get(&tc, o->theme);
    s->graph = g;
    s->width = o->width;
    s->height = o->height;
    s->width_unit = o->width_unit;
    s->height_unit = o->height_unit;
    s->font = o->font;
    s->title = o->title;
    s->theme = o->theme;
    s->background = tc.background;
    s->edge_color = tc.edge;
    s->label_color = tc.label;
    s->halo_px = 1.5;
    s->radius_scale = 1.0;
    s->color_by = o->color_by;
    s->size_by = cm_style_size_name(o);
    s->color_metric = o->color_by == CM_COLOR_METRIC ? cm_metric_name(o->color_metric) : NULL;
    cm_palette_ramp_stops(s->ramp);
    s->plot_x0 = CM_STYLE_MARGIN / 2;
    s->plot_x1 = s->width - CM_STYLE_MARGIN / 2;
    s->plot_y0 = CM_STYLE_MARGIN;
    s->plot_y1 = s->height - CM_STYLE_MARGIN;
    s->n_nodes = g->n_nodes;
    s->n_edges = g->n_edges;
    return s;
}

/* Header and legend, measured: they set the plot area. */
static cm_status chrome(cm_scene *s, PangoContext *ctx, const cm_style_opts *o, cm_error *err)
{
    cm_status rc = cm_style_header(s, ctx, o, err);
    size_t header_texts = s->n_texts;

    if (rc == CM_OK) {
        rc = cm_style_legend(s, ctx, o, err);
    }
    /* On a small canvas the network comes first: the legend goes, then the header. */
    if (rc == CM_OK && s->plot_y1 - s->plot_y0 < MIN_PLOT * s->height) {
        cm_style_drop_chrome(s, header_texts, 0);
        s->plot_y1 = s->height - CM_STYLE_MARGIN;
    }
    if (rc == CM_OK && s->plot_y1 - s->plot_y0 < MIN_PLOT * s->height) {
        cm_style_drop_chrome(s, 0, 0);
        s->plot_y0 = CM_STYLE_MARGIN;
    }
    return rc;
}

/* Everything but positions and labels: nodes and edges sized and coloured, header and
 * legend laid out. Nothing here depends on the layout but the radius scale, and the
 * legend keeps the room of unscaled discs, so the plot area does not depend on it
 * either: cm_style_layout_box() and cm_style() see the same one. */
static cm_status prepare(cm_scene **out, const cm_graph *g, const cm_analysis *a,
                         double radius_scale, PangoContext *ctx, const cm_style_opts *o,
                         cm_error *err)
{
    cm_theme_colors tc;
    cm_scene *s = scene_new(g, o);
    double *radii = cm_malloc((g->n_nodes + 1) * sizeof(*radii));
    cm_status rc;

    *out = NULL;
    if (!s || !radii) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        goto cleanup;
    }
    if (o->color_by == CM_COLOR_COMMUNITY && !(a->computed & CM_COMMUNITIES_BIT)) {
        rc = cm_error_set(err, CM_EUSAGE, NULL, 0,
                          "colour by community: the analysis found no communities");
        goto cleanup;
    }
    cm_theme_colors_get(&tc, o->theme);
    s->radius_scale = radius_scale;
    fill_nodes_edges(s, g, a, o);
    rc = cm_style_columns(s, g, a, err);
    if (rc == CM_OK) {
        rc = mark_highlights(s, o, err);
    }
    if (rc == CM_OK) {
        rc = cm_style_rank(s, o->draw_top, o->labels, err);
    }
    if (rc != CM_OK) {
        goto cleanup;
    }
    color_nodes(s, a, o, &tc);
    size_nodes(s, g, a, o, radii);
    cm_style_edges(s, &tc);
    rc = chrome(s, ctx, o, err);
    if (rc == CM_OK) {
        *out = s;
        s = NULL;
    }
cleanup:
    cm_free(radii);
    cm_scene_free(s);
    return rc;
}

/* A Pango context set up as the drawing sets up its own; NULL when out of memory. */
static PangoContext *text_context(void)
{
    PangoFontMap *fm = pango_cairo_font_map_new();
    PangoContext *ctx = fm ? pango_font_map_create_context(fm) : NULL;

    if (ctx) {
        cm_font_setup(ctx);
    }
    if (fm) {
        g_object_unref(fm); /* the context keeps its font map */
    }
    return ctx;
}

cm_status cm_style_layout_box(cm_layout_opts *lo, double *radius_px, const cm_graph *g,
                              const cm_analysis *a, const cm_style_opts *opts, cm_error *err)
{
    cm_style_opts defaults;
    PangoContext *ctx = NULL;
    cm_scene *s = NULL;
    double box[4];
    cm_status rc;

    if (!opts) {
        cm_style_opts_init(&defaults);
        opts = &defaults;
    }
    assert(a->n_nodes == g->n_nodes);
    ctx = text_context();
    if (!ctx) {
        return cm_error_set(err, CM_EINTERNAL, NULL, 0, "cannot set up text measurement");
    }
    rc = prepare(&s, g, a, 1.0, ctx, opts, err);
    if (rc == CM_OK) {
        centre_box(s, opts, box);
        /* A canvas too small for its largest disc still gets a box; the layout then
         * shrinks every disc. */
        lo->width_px = fmax(box[2] - box[0], 1.0);
        lo->height_px = fmax(box[3] - box[1], 1.0);
        for (size_t i = 0; i < g->n_nodes; i++) {
            radius_px[i] = s->nodes[i].pr + s->nodes[i].stroke_px / 2;
        }
        /* Radii in layout units grow with the fit: no box in px keeps them apart. */
        lo->radius_px = opts->node_size ? NULL : radius_px;
    }
    cm_scene_free(s);
    g_object_unref(ctx);
    return rc;
}

cm_status cm_style(cm_scene **out, const cm_graph *g, const cm_analysis *a, const cm_layout *l,
                   const cm_style_opts *opts, cm_error *err)
{
    cm_style_opts defaults;
    PangoContext *ctx = NULL;
    cm_scene *s = NULL;
    cm_status rc;

    *out = NULL;
    if (!opts) {
        cm_style_opts_init(&defaults);
        opts = &defaults;
    }
    assert(l->n == g->n_nodes && a->n_nodes == g->n_nodes);
    assert(opts->color_by != CM_COLOR_GIVEN || opts->node_color);
    assert(l->radius_scale > 0 && l->radius_scale <= 1);
    ctx = text_context();
    if (!ctx) {
        return cm_error_set(err, CM_EINTERNAL, NULL, 0, "cannot set up text measurement");
    }
    rc = prepare(&s, g, a, l->radius_scale, ctx, opts, err);
    if (rc == CM_OK) {
        fit(s, l, opts);
        cm_style_edges_ink(s);
        rc = cm_style_labels(s, ctx, err);
    }
    if (rc == CM_OK) {
        *out = s;
        s = NULL;
    }
    cm_scene_free(s);
    g_object_unref(ctx);
    return rc;
}

void cm_scene_free(cm_scene *s)
{
    if (!s) {
        return;
    }
    for (size_t i = 0; i < s->n_texts; i++) {
        cm_free(s->texts[i].text);
    }
    cm_free(s->texts);
    cm_free(s->marks);
    cm_free(s->label_pool);
    cm_free(s->nodes);
    cm_free(s->edges);
    cm_free(s->node_columns);
    cm_free(s->edge_columns);
    cm_free(s);
}
