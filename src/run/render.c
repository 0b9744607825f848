/* comention: a GraphML file drawn; what the file does not say is computed as a build
 * computes it. */
#include <string.h>
#include <strings.h>
#include "comention/run.h"

unsigned cm_run_figure_format(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) {
        return 0;
    }
    if (strcasecmp(dot, ".svg") == 0) {
        return CM_FMT_SVG;
    }
    if (strcasecmp(dot, ".png") == 0) {
        return CM_FMT_PNG;
    }
    return strcasecmp(dot, ".pdf") == 0 ? CM_FMT_PDF : 0;
}

/* Colours: color_by when given, else the file's own, else by type when every node has
 * one, else by community. */
static cm_status pick_colors(cm_style_opts *so, int color_given, const cm_import *im,
                             const cm_import_drawing *d, const char *path, cm_error *err)
{
    if (color_given && so->color_by == CM_COLOR_TYPE && !im->has_types) {
        return cm_error_set(err, CM_EINPUT, path, 0,
                            "--color-by type: not every node has a type (actor, country, "
                            "weapon)");
    }
    if (!color_given) {
        so->color_by = d->color        ? CM_COLOR_GIVEN
                       : im->has_types ? CM_COLOR_TYPE
                                       : CM_COLOR_COMMUNITY;
    }
    so->node_color = d->color;
    so->node_size = d->size;
    return CM_OK;
}

/* The metrics the figure shows, and for the SVG's hover text every metric of near-linear
 * cost (cm_run_render() says which). */
static unsigned wanted_metrics(const cm_net_opts *o, const cm_style_opts *so, int all)
{
    unsigned m =
        (CM_METRICS_ALL & ~CM_METRICS_PATHS & ~CM_COMMUNITIES_BIT) | CM_METRIC_BIT(so->size_by);

    if (so->color_by == CM_COLOR_METRIC) {
        m |= CM_METRIC_BIT(so->color_metric);
    }
    if (so->color_by == CM_COLOR_COMMUNITY) {
        m |= CM_COMMUNITIES_BIT;
    }
    return all || o->analyze.betweenness_samples > 0 ? CM_METRICS_ALL : m;
}

/* The file read, its graph, and what it says of its drawing. */
static cm_status import(cm_render *r, const char *graphml, const cm_net_opts *o, cm_style_opts *so,
                        int color_given, cm_error *err)
{
    cm_graph_opts go;
    double t = cm_run_now();
    cm_status rc = cm_import_graphml(&r->im, graphml, err);

    cm_graph_opts_init(&go);
    r->seconds[CM_R_IMPORT] = cm_run_now() - t;
    t = cm_run_now();
    if (rc == CM_OK) {
        go.pair_weight = r->im->pair_weight;
        go.ego = o->graph.ego;
        go.radius = o->graph.radius;
        rc = cm_graph_build(&r->graph, r->im->counts, &go, err);
    }
    if (rc == CM_OK) {
        rc = cm_import_drawing_get(&r->given, r->im, r->graph, err);
    }
    if (rc == CM_OK) {
        rc = pick_colors(so, color_given, r->im, &r->given, graphml, err);
    }
    r->seconds[CM_R_GRAPH] = cm_run_now() - t;
    return rc;
}

cm_status cm_run_render(cm_render *r, const char *graphml, const char *figure, const cm_net_opts *o,
                        int color_given, int all_metrics, cm_error *err)
{
    cm_analyze_opts ao = o->analyze;
    cm_style_opts so = o->style;
    unsigned fmt = cm_run_figure_format(figure);
    cm_status rc = import(r, graphml, o, &so, color_given, err);

    double t = cm_run_now();
    if (rc == CM_OK && !r->given.analysis) {
        ao.metrics = wanted_metrics(o, &so, all_metrics);
        rc = cm_analyze(&r->analysis, r->graph, &ao, err);
    }
    r->seconds[CM_R_ANALYZE] = cm_run_now() - t;
    if (rc == CM_OK) {
        /* CM_R_STYLE follows CM_R_LAYOUT: the two times cm_run_draw() measures */
        rc = cm_run_draw(&r->layout, &r->scene, r->graph,
                         r->given.analysis ? r->given.analysis : r->analysis, r->given.layout,
                         &o->layout, &so, &r->seconds[CM_R_LAYOUT], err);
    }
    t = cm_run_now();
    if (rc == CM_OK) {
        rc = fmt == CM_FMT_SVG   ? cm_draw_svg(figure, r->scene, err)
             : fmt == CM_FMT_PNG ? cm_draw_png(figure, r->scene, o->dpi, o->jobs, err)
                                 : cm_draw_pdf(figure, r->scene, err);
    }
    r->seconds[CM_R_DRAW] = cm_run_now() - t;
    return rc;
}

void cm_run_render_free(cm_render *r)
{
    if (!r) {
        return;
    }
    cm_scene_free(r->scene);
    cm_layout_free(r->layout);
    cm_analysis_free(r->analysis);
    cm_import_drawing_destroy(&r->given);
    cm_graph_free(r->graph);
    cm_import_free(r->im);
    memset(r, 0, sizeof(*r));
}
