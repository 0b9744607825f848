/* comention: what an imported file says about the drawing (metrics, positions, sizes,
 * colours), picked out for the nodes a graph kept. Entity-indexed arrays of the import
 * become node-indexed records of the later stages (cm_analysis, cm_layout). */
#include <string.h>
#include "comention/import.h"
#include "util/util.h"

static cm_status file_analysis(cm_analysis **out, const cm_import *im, const cm_graph *g)
{
    cm_analysis *a = cm_calloc(1, sizeof(*a));

    *out = NULL;
    if (a) {
        a->n_nodes = g->n_nodes;
        a->computed = CM_METRICS_ALL; /* the file has every metric, or none is used */
        a->values = cm_malloc((g->n_nodes + 1) * CM_N_METRICS * sizeof(double));
        a->community = cm_malloc((g->n_nodes + 1) * sizeof(long));
    }
    if (!a || !a->values || !a->community) {
        cm_analysis_free(a);
        return CM_ENOMEM;
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        size_t e = g->node_entity[i];
        memcpy(&a->values[i * CM_N_METRICS], &im->metrics[e * CM_N_METRICS],
               CM_N_METRICS * sizeof(double));
        a->community[i] = im->community[e];
    }
    a->stats.nodes = g->n_nodes;
    a->stats.edges = g->n_edges;
    *out = a;
    return CM_OK;
}

static cm_status file_layout(cm_layout **out, const cm_import *im, const cm_graph *g)
{
    cm_layout *l = cm_calloc(1, sizeof(*l));

    *out = NULL;
    if (l) {
        l->n = g->n_nodes;
        l->radius_scale = 1.0; /* the file's positions are drawn as they are */
        l->xy = cm_malloc((2 * g->n_nodes + 1) * sizeof(double));
    }
    if (!l || !l->xy) {
        cm_layout_free(l);
        return CM_ENOMEM;
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        l->xy[2 * i] = im->xy[2 * g->node_entity[i]];
        l->xy[2 * i + 1] = im->xy[2 * g->node_entity[i] + 1];
    }
    *out = l;
    return CM_OK;
}

cm_status cm_import_drawing_get(cm_import_drawing *out, const cm_import *im, const cm_graph *g,
                                cm_error *err)
{
    int failed = 0;

    memset(out, 0, sizeof(*out));
    if (im->metrics && g->n_nodes == cm_counts_n_entities(im->counts)) {
        failed |= file_analysis(&out->analysis, im, g) != CM_OK;
    }
    if (im->xy) {
        failed |= file_layout(&out->layout, im, g) != CM_OK;
    }
    if (im->size) {
        out->size = cm_malloc((g->n_nodes + 1) * sizeof(double));
        failed |= !out->size;
    }
    if (im->color) {
        out->color = cm_malloc((g->n_nodes + 1) * sizeof(cm_rgb));
        failed |= !out->color;
    }
    if (failed) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        if (out->size) {
            out->size[i] = im->size[g->node_entity[i]];
        }
        if (out->color) {
            out->color[i] = im->color[g->node_entity[i]];
        }
    }
    return CM_OK;
}

void cm_import_drawing_destroy(cm_import_drawing *d)
{
    cm_analysis_free(d->analysis);
    cm_layout_free(d->layout);
    cm_free(d->size);
    cm_free(d->color);
    memset(d, 0, sizeof(*d));
}
