/* comention: what makes a node important in the picture. One value sizes a node (a
 * metric, its mentions or its documents, or a size a file gives); the same value ranks
 * the nodes, highlighted ones first, ties by id, and the rank decides which labels are
 * placed first, which K are always shown and which nodes --draw-top keeps. The size
 * legend states round values of it (1, 2 or 5 times a power of ten), as a reader counts. */
#include <math.h>
#include <stdio.h>
#include "style/style_int.h"
#include "util/util.h"

double cm_style_unit(double v, double lo, double hi)
{
    double t = hi > lo ? (v - lo) / (hi - lo) : 0.25;
    return sqrt(t > 0 ? (t < 1 ? t : 1) : 0);
}

double cm_style_size_value(const cm_graph *g, const cm_analysis *a, const cm_style_opts *o,
                           size_t i)
{
    if (o->node_size) {
        return o->node_size[i];
    }
    switch (o->size_source) {
    case CM_SIZE_MENTIONS:
        return (double)g->nodes[i].mentions;
    case CM_SIZE_DOCUMENTS:
        return (double)g->nodes[i].documents;
    default:
        return a->values[i * CM_N_METRICS + o->size_by];
    }
}

const char *cm_style_size_name(const cm_style_opts *o)
{
    if (o->node_size) {
        return "size";
    }
    switch (o->size_source) {
    case CM_SIZE_MENTIONS:
        return "mentions";
    case CM_SIZE_DOCUMENTS:
        return "documents";
    default:
        return cm_metric_name(o->size_by);
    }
}

static int before(const void *x, const void *y, void *ctx)
{
    const cm_scene *s = ctx;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    const cm_scene_node *a = &s->nodes[i], *b = &s->nodes[j];

    if (a->highlighted != b->highlighted) {
        return a->highlighted ? -1 : 1;
    }
    if (a->value != b->value) {
        return a->value > b->value ? -1 : 1;
    }
    return i < j ? -1 : i > j; /* nodes are in id order */
}

cm_status cm_style_rank(cm_scene *s, size_t draw_top, size_t labels, cm_error *err)
{
    size_t *order = cm_malloc((s->n_nodes + 1) * sizeof(*order));

    if (!order) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        order[i] = i;
    }
    cm_sort(order, s->n_nodes, sizeof(*order), before, s);
    s->n_drawn = draw_top > 0 && draw_top < s->n_nodes ? draw_top : s->n_nodes;
    for (size_t k = 0; k < s->n_nodes; k++) {
        s->nodes[order[k]].rank = k;
        s->nodes[order[k]].drawn = k < s->n_drawn;
    }
    s->labels_top = labels < s->n_drawn ? labels : s->n_drawn;
    cm_free(order);
    return CM_OK;
}

/* The largest of 1, 2, 5 times a power of ten that is at most v (v > 0). */
static double round_below(double v)
{
    double p = pow(10, floor(log10(v))), m = v / p * (1 + 1e-9);
    return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

size_t cm_style_round_values(double out[3], double lo, double hi)
{
    size_t n = 0;
    double v;

    if (!(hi > 0) || !isfinite(hi)) {
        out[0] = hi > 0 ? hi : 0;
        return 1;
    }
    v = round_below(hi);
    if (v < lo) {
        out[0] = hi; /* no round value in the data's range: its largest value */
        return 1;
    }
    out[2] = v;
    n = 1;
    /* A quarter of the value below, or the next round value down when the range is too
     * narrow for that: discs of the legend differ at a glance. */
    while (n < 3) {
        double next = round_below(v / 4);
        if (next < lo) {
            next = round_below(v * (1 - 1e-6));
        }
        if (next < lo || next >= v) {
            break;
        }
        v = next;
        out[2 - n++] = v;
    }
    for (size_t k = 0; k < n; k++) {
        out[k] = out[3 - n + k];
    }
    return n;
}

void cm_style_format_value(char *buf, size_t size, double v)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, size, "%.0f", v == 0 ? 0.0 : v);
    } else {
        snprintf(buf, size, "%.3g", v);
    }
}
