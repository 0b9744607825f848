/* comention: the scene's columns, the names and types of the numbers each node and edge
 * carries and whether the analysis computed them, so that the drawing and the exporters
 * write them without knowing the stages that made them. */
#include "style/style_int.h"
#include "util/util.h"

cm_status cm_style_columns(cm_scene *s, const cm_graph *g, const cm_analysis *a, cm_error *err)
{
    s->node_columns = cm_calloc(CM_N_METRICS, sizeof(*s->node_columns));
    s->edge_columns = cm_calloc(CM_N_MEASURES, sizeof(*s->edge_columns));
    if (!s->node_columns || !s->edge_columns) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (int m = 0; m < CM_N_METRICS; m++) {
        s->node_columns[m] =
            (cm_scene_column){cm_metric_name((cm_metric)m), cm_metric_is_int((cm_metric)m),
                              (a->computed & CM_METRIC_BIT(m)) != 0};
    }
    s->n_node_columns = CM_N_METRICS;
    s->communities = (a->computed & CM_COMMUNITIES_BIT) != 0;
    for (int m = 0; m < CM_N_MEASURES; m++) {
        s->edge_columns[m] =
            (cm_scene_column){cm_weight_name((cm_weight)m), cm_weight_is_int((cm_weight)m), 1};
    }
    s->n_edge_columns = CM_N_MEASURES;
    s->weight_name = cm_weight_name(g->weight_kind);
    s->weight_is_int = cm_weight_is_int(g->weight_kind);
    s->weight_given = g->weight_given;
    return CM_OK;
}
