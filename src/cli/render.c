/* comention render: draw a GraphML file, ours or one Gephi wrote. The file's positions,
 * sizes and colours are used when every node has them, its metrics when it has all of
 * them for every node (and no filter changed the graph); whatever is missing is computed
 * as `build` computes it. The figure's format follows the name given to -o. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "cli/cli.h"

/* The format named by the output's extension, or 0. */
static unsigned format_of(const char *path)
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

static cm_status check_args(const cli_opts *o, unsigned *fmt, cm_error *err)
{
    if (o->n_inputs != 1) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "render takes one GRAPH.graphml file");
    }
    if (!o->out_given) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "render needs -o FIG.svg, FIG.png or FIG.pdf");
    }
    *fmt = format_of(o->outdir);
    if (!*fmt) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0,
                            "-o %s: the name must end in .svg, .png or .pdf", o->outdir);
    }
    if (*fmt == CM_FMT_PNG &&
        (o->style.width * o->dpi / 96 > 32767 || o->style.height * o->dpi / 96 > 32767)) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0,
                            "a PNG of %.0f x %.0f pixels is larger than 32767 a side (--dpi)",
                            o->style.width * o->dpi / 96, o->style.height * o->dpi / 96);
    }
    return CM_OK;
}

/* Colours: --color-by when given, else the file's own, else by type when every node has
 * one, else by community. */
static cm_status pick_colors(cm_style_opts *so, const cli_opts *o, const cm_import *im,
                             const cm_import_drawing *d, cm_error *err)
{
    if (o->color_given && so->color_by == CM_COLOR_TYPE && !im->has_types) {
        return cm_error_set(err, CM_EINPUT, o->inputs[0], 0,
                            "--color-by type: not every node has a type (actor, country, "
                            "weapon)");
    }
    if (!o->color_given) {
        so->color_by = d->color        ? CM_COLOR_GIVEN
                       : im->has_types ? CM_COLOR_TYPE
                                       : CM_COLOR_COMMUNITY;
    }
    so->node_color = d->color;
    so->node_size = d->size;
    return CM_OK;
}

/* The metrics the figure shows: the sizing one, the colouring one, and for the SVG's
 * hover text every metric of near-linear cost. The shortest-path ones (betweenness,
 * closeness, harmonic: O(V·E), seconds on a few thousand nodes, where the rest take
 * milliseconds) only when the figure is sized or coloured by one or --betweenness-samples
 * asks for betweenness; the communities (five seeded Louvain runs, as long as everything
 * else together on 2,000 nodes) only when they colour the nodes; everything with
 * --all-metrics. */
static unsigned wanted_metrics(const cli_opts *o, const cm_style_opts *so)
{
    unsigned m =
        (CM_METRICS_ALL & ~CM_METRICS_PATHS & ~CM_COMMUNITIES_BIT) | CM_METRIC_BIT(so->size_by);

    if (so->color_by == CM_COLOR_METRIC) {
        m |= CM_METRIC_BIT(so->color_metric);
    }
    if (so->color_by == CM_COLOR_COMMUNITY) {
        m |= CM_COMMUNITIES_BIT;
    }
    return o->all_metrics || o->analyze.betweenness_samples > 0 ? CM_METRICS_ALL : m;
}

/* Stages timed for --timings, printed in this order. */
enum { T_IMPORT, T_GRAPH, T_ANALYZE, T_LAYOUT, T_STYLE, T_DRAW, N_TIMINGS };
static const char *const timing_names[N_TIMINGS] = {"import", "graph", "analyze",
                                                    "layout", "style", "draw"};

typedef struct rendered {
    double seconds[N_TIMINGS];
    cm_import *im;
    cm_graph *graph;
    cm_import_drawing given;
    cm_analysis *analysis;
    cm_layout *layout;
    cm_scene *scene;
} rendered;

static cm_status render(rendered *r, const cli_opts *o, unsigned fmt, cm_error *err)
{
    cm_graph_opts go;
    cm_analyze_opts ao = o->analyze;
    cm_style_opts so = o->style;
    double t = cli_now();
    cm_status rc = cm_import_graphml(&r->im, o->inputs[0], err);

    cm_graph_opts_init(&go);
    r->seconds[T_IMPORT] = cli_now() - t;
    t = cli_now();
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
        rc = pick_colors(&so, o, r->im, &r->given, err);
    }
    r->seconds[T_GRAPH] = cli_now() - t;
    t = cli_now();
    if (rc == CM_OK && !r->given.analysis) {
        ao.metrics = wanted_metrics(o, &so);
        rc = cm_analyze(&r->analysis, r->graph, &ao, err);
    }
    r->seconds[T_ANALYZE] = cli_now() - t;
    if (rc == CM_OK) {
        /* T_STYLE follows T_LAYOUT: the two times cli_draw() measures */
        rc = cli_draw(&r->layout, &r->scene, r->graph,
                      r->given.analysis ? r->given.analysis : r->analysis, r->given.layout, o, &so,
                      &r->seconds[T_LAYOUT], err);
    }
    t = cli_now();
    if (rc == CM_OK) {
        rc = fmt == CM_FMT_SVG   ? cm_draw_svg(o->outdir, r->scene, err)
             : fmt == CM_FMT_PNG ? cm_draw_png(o->outdir, r->scene, o->dpi, err)
                                 : cm_draw_pdf(o->outdir, r->scene, err);
    }
    r->seconds[T_DRAW] = cli_now() - t;
    return rc;
}

int cli_render(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    rendered r;
    unsigned fmt = 0;
    int exit_now = 0, status = 0;
    cm_status rc;

    memset(&r, 0, sizeof(r));
    cm_error_clear(&err);
    rc = cli_parse(&o, argc, argv, CM_OPT_DRAW | CM_OPT_OUT, &exit_now, &err);
    if (rc == CM_OK && !exit_now) {
        rc = check_args(&o, &fmt, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = render(&r, &o, fmt, &err);
    }
    if (rc == CM_OK && !exit_now && !o.quiet && (r.im->self_loops || r.im->repeated)) {
        fprintf(stderr,
                "comention: warning: %s: %zu self-loops left out, %zu repeated edges "
                "added to the first\n",
                o.inputs[0], r.im->self_loops, r.im->repeated);
    }
    if (rc == CM_OK && !exit_now && o.timings) {
        /* On stderr: the figure itself never holds a time. */
        fprintf(stderr, "comention: timings:");
        for (int i = 0; i < N_TIMINGS; i++) {
            fprintf(stderr, " %s %.3f s%s", timing_names[i], r.seconds[i],
                    i + 1 < N_TIMINGS ? "," : "\n");
        }
    }
    if (rc != CM_OK) {
        status = cli_fail(&err);
    }
    cm_scene_free(r.scene);
    cm_layout_free(r.layout);
    cm_analysis_free(r.analysis);
    cm_import_drawing_destroy(&r.given);
    cm_graph_free(r.graph);
    cm_import_free(r.im);
    cli_opts_destroy(&o);
    return status;
}
