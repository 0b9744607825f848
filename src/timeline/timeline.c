/* comention: one network per period (--time-slice). A period's counts (cm_counts_period())
 * go through the graph stage with the whole corpus's options and through PageRank, the
 * metric periods.csv reports besides degree; entity ids are mapped to the whole corpus's,
 * so every period names an entity by the same index. */
#include <string.h>
#include "comention/analyze.h"
#include "comention/count.h"
#include "comention/graph.h"
#include "comention/timeline.h"
#include "util/util.h"

void cm_timeline_free(cm_timeline *t)
{
    if (!t) {
        return;
    }
    for (size_t i = 0; i < t->n_ids; i++) {
        cm_free(t->ids[i]);
    }
    for (size_t i = 0; i < t->n_periods; i++) {
        cm_free(t->periods[i].nodes);
        cm_free(t->periods[i].edges);
    }
    cm_free(t->ids);
    cm_free(t->periods);
    cm_free(t);
}

/* The whole corpus's entity ids (the counts are finished: in byte order). */
static cm_status copy_ids(cm_timeline *t, const cm_counts *c, cm_error *err)
{
    size_t n = cm_counts_n_entities(c);

    t->ids = cm_calloc(n + 1, sizeof(*t->ids));
    if (!t->ids) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        t->ids[i] = cm_strdup(cm_counts_entity(c, i)->id);
        if (!t->ids[i]) {
            return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        }
        t->n_ids++;
    }
    return CM_OK;
}

/* Degree and PageRank of the period's graph, by the period's entity index. */
static cm_status period_metrics(cm_period *p, const cm_counts *pc, const cm_graph_opts *go,
                                const cm_analyze_opts *ao, cm_error *err)
{
    cm_graph_opts o = go ? *go : (cm_graph_opts){0};
    cm_analyze_opts a;
    cm_graph *g = NULL;
    cm_analysis *an = NULL;
    cm_status rc;

    if (!go) {
        cm_graph_opts_init(&o);
    }
    o.top_score = NULL; /* scores by the whole corpus's entities; a period ranks by mentions */
    o.pair_weight = NULL;
    o.ego = NULL; /* the ego may be named in no document of a period */
    if (ao) {
        a = *ao;
    } else {
        cm_analyze_opts_init(&a);
    }
    a.metrics = CM_METRIC_BIT(CM_METRIC_DEGREE) | CM_METRIC_BIT(CM_METRIC_PAGERANK);
    rc = cm_graph_build(&g, pc, &o, err);
    if (rc == CM_OK) {
        rc = cm_analyze(&an, g, &a, err);
    }
    for (size_t i = 0; rc == CM_OK && i < g->n_nodes; i++) {
        cm_period_node *n = &p->nodes[g->node_entity[i]];
        n->degree = (size_t)an->values[i * CM_N_METRICS + CM_METRIC_DEGREE];
        n->pagerank = an->values[i * CM_N_METRICS + CM_METRIC_PAGERANK];
    }
    cm_analysis_free(an);
    cm_graph_free(g);
    return rc;
}

static cm_status fill_period(cm_period *p, const cm_counts *whole, const cm_counts *pc,
                             cm_slice slice, const cm_graph_opts *go, const cm_analyze_opts *ao,
                             cm_error *err)
{
    size_t ne = cm_counts_n_entities(pc), np = cm_counts_n_pairs(pc);
    size_t *to_whole = cm_malloc((ne + 1) * sizeof(*to_whole));
    cm_weight w = go ? go->weight : CM_WEIGHT_COUNT;
    cm_status rc = CM_OK;

    p->nodes = cm_calloc(ne + 1, sizeof(*p->nodes));
    p->edges = cm_calloc(np + 1, sizeof(*p->edges));
    if (!to_whole || !p->nodes || !p->edges) {
        cm_free(to_whole);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    p->last = p->first == CM_DAY_NONE ? CM_DAY_NONE : cm_slice_last(slice, p->first);
    cm_period_name(p->name, slice, p->first);
    if (p->first != CM_DAY_NONE) {
        cm_date_format(p->first_date, p->first);
        cm_date_format(p->last_date, p->last);
    }
    p->documents = cm_counts_n_documents(pc);
    p->mentions = cm_counts_n_mentions(pc);
    for (size_t i = 0; i < ne; i++) {
        const cm_entity_count *e = cm_counts_entity(pc, i);
        to_whole[i] = cm_counts_find_entity(whole, e->id);
        p->nodes[i] = (cm_period_node){to_whole[i], e->mentions, e->documents, 0, 0.0};
    }
    p->n_nodes = ne;
    for (size_t i = 0; i < np; i++) {
        const cm_pair_count *q = cm_counts_pair(pc, i);
        double wt = cm_pair_measure(w, q->units, q->documents, cm_counts_entity(pc, q->a)->units,
                                    cm_counts_entity(pc, q->b)->units, cm_counts_n_units(pc));
        p->edges[i] = (cm_period_edge){to_whole[q->a], to_whole[q->b], q->units, q->documents, wt};
    }
    p->n_edges = np;
    rc = period_metrics(p, pc, go, ao, err);
    cm_free(to_whole);
    return rc;
}

cm_status cm_timeline_build(cm_timeline **out, const cm_counts *counts, const cm_graph_opts *go,
                            const cm_analyze_opts *ao, cm_error *err)
{
    const cm_count_opts *co = cm_counts_opts(counts);
    size_t n = cm_counts_n_periods(counts);
    cm_timeline *t;
    cm_status rc;

    *out = NULL;
    if (co->slice == CM_SLICE_NONE && co->since == CM_DAY_NONE && co->until == CM_DAY_NONE) {
        return CM_OK;
    }
    t = cm_calloc(1, sizeof(*t));
    if (!t || !(t->periods = cm_calloc(n + 1, sizeof(*t->periods)))) {
        cm_free(t);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    t->slice = cm_slice_name(co->slice);
    if (co->since != CM_DAY_NONE) {
        cm_date_format(t->since, co->since);
    }
    if (co->until != CM_DAY_NONE) {
        cm_date_format(t->until, co->until);
    }
    t->outside = cm_counts_n_outside(counts);
    rc = copy_ids(t, counts, err);
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        const cm_counts *pc = cm_counts_period(counts, i, &t->periods[i].first);
        t->n_periods++;
        rc = fill_period(&t->periods[i], counts, pc, co->slice, go, ao, err);
    }
    if (rc != CM_OK) {
        cm_timeline_free(t);
        return rc;
    }
    *out = t;
    return CM_OK;
}
