/* comention: counts to scene, the network stages in order: graph, metrics, layout, style. */
#include <stdlib.h>
#include <string.h>
#include "comention/run.h"
#include "util/spool.h"
#include "util/util.h"

void cm_net_opts_init(cm_net_opts *o)
{
    memset(o, 0, sizeof(*o));
    cm_graph_opts_init(&o->graph);
    o->top_by = -1;
    cm_analyze_opts_init(&o->analyze);
    cm_layout_opts_init(&o->layout);
    cm_style_opts_init(&o->style);
    cm_export_opts_init(&o->export);
    o->formats = CM_FMT_DEFAULT;
    o->dpi = 96;
}

void cm_run_network_free(cm_network *n)
{
    if (!n) {
        return;
    }
    cm_timeline_free(n->timeline);
    cm_spool_free(n->snippets);
    cm_scene_free(n->scene);
    cm_layout_free(n->layout);
    cm_analysis_free(n->analysis);
    cm_graph_free(n->graph);
    cm_counts_free(n->counts);
    memset(n, 0, sizeof(*n));
}

/* --top-by METRIC: the metric on the graph before --top and --giant, per entity. Only that
 * metric (and those of near-linear cost, which always come) is computed. */
static cm_status top_scores(double **out, const cm_network *n, const cm_net_opts *o, cm_error *err)
{
    cm_graph_opts before = o->graph;
    cm_analyze_opts ao = o->analyze;
    cm_graph *g = NULL;
    cm_analysis *a = NULL;
    cm_status rc;

    *out = calloc(cm_counts_n_entities(n->counts) + 1, sizeof(double));
    if (!*out) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    before.top = 0;
    before.giant = 0;
    ao.metrics = CM_METRIC_BIT(o->top_by);
    rc = cm_graph_build(&g, n->counts, &before, err);
    if (rc == CM_OK) {
        rc = cm_analyze(&a, g, &ao, err);
    }
    for (size_t i = 0; rc == CM_OK && i < g->n_nodes; i++) {
        (*out)[g->node_entity[i]] = a->values[i * CM_N_METRICS + (size_t)o->top_by];
    }
    cm_analysis_free(a);
    cm_graph_free(g);
    return rc;
}

cm_status cm_run_network(cm_network *n, const cm_net_opts *o, const cm_inputs *in, cm_error *err)
{
    cm_graph_opts go = o->graph;
    double *scores = NULL;
    cm_status rc = CM_OK;

    if (o->top_by >= 0 && go.top > 0) {
        rc = top_scores(&scores, n, o, err);
        go.top_score = scores;
    }
    double t = cm_run_now();
    if (rc == CM_OK) {
        rc = cm_graph_build(&n->graph, n->counts, &go, err);
    }
    n->seconds[CM_T_GRAPH] = cm_run_now() - t;
    t = cm_run_now();
    if (rc == CM_OK) {
        rc = cm_analyze(&n->analysis, n->graph, &o->analyze, err);
    }
    n->seconds[CM_T_ANALYZE] = cm_run_now() - t;
    if (rc == CM_OK) {
        rc = cm_timeline_build(&n->timeline, n->counts, &go, &o->analyze, err);
    }
    free(scores);
    if (rc == CM_OK) {
        /* CM_T_STYLE follows CM_T_LAYOUT: the two times cm_run_draw() measures */
        rc = cm_run_draw(&n->layout, &n->scene, n->graph, n->analysis, NULL, &o->layout, &o->style,
                         &n->seconds[CM_T_LAYOUT], err);
    }
    /* The writers read the scene and the graph's tables only; without igraph's copy of
     * the edges the writing stage, the peak, holds 40 bytes an edge less. */
    if (rc == CM_OK) {
        cm_graph_shed(n->graph);
    }
    /* The snippets are cut by the writing, into a file in the output directory: held in
     * memory from here on, they were a quarter of the peak RSS per pair on 100 MB of news
     * (issue 18), and before the analysis they were held beside its peak too. */
    n->inputs = rc == CM_OK ? in : NULL;
    return rc;
}

cm_status cm_run_draw(cm_layout **layout, cm_scene **scene, const cm_graph *g, const cm_analysis *a,
                      const cm_layout *given, const cm_layout_opts *lo, const cm_style_opts *so,
                      double seconds[2], cm_error *err)
{
    cm_layout_opts boxed = *lo;
    double *radii = NULL;
    double t = cm_run_now();
    cm_status rc = CM_OK;

    *layout = NULL;
    *scene = NULL;
    if (!given) {
        radii = cm_malloc((g->n_nodes + 1) * sizeof(*radii));
        rc = radii ? cm_style_layout_box(&boxed, radii, g, a, so, err)
                   : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (rc == CM_OK && !given) {
        rc = cm_layout_compute(layout, g, &boxed, err);
    }
    cm_free(radii);
    seconds[0] = cm_run_now() - t;
    t = cm_run_now();
    if (rc == CM_OK) {
        rc = cm_style(scene, g, a, given ? given : *layout, so, err);
    }
    seconds[1] = cm_run_now() - t;
    return rc;
}
