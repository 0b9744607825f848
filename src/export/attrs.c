/* comention: shared attribute formatting for the exporters (see attrs.h). */
#include <stdio.h>
#include "export/attrs.h"

int cm_metric_is_int(cm_metric m)
{
    return m == CM_METRIC_DEGREE || m == CM_METRIC_KCORE;
}

int cm_measure_is_int(int m)
{
    return m == CM_WEIGHT_COUNT || m == CM_WEIGHT_DOCUMENTS;
}

void cm_put_value(cm_buf *b, double v, int is_int)
{
    if (is_int) {
        cm_buf_printf(b, "%lld", (long long)v);
    } else {
        cm_buf_put_double(b, v);
    }
}

void cm_color_hex(char out[8], cm_rgb c)
{
    snprintf(out, 8, "#%02x%02x%02x", c.r, c.g, c.b);
}

void cm_export_opts_init(cm_export_opts *o)
{
    o->evidence = 1;
}

void cm_evidence_name(char out[32], size_t k)
{
    if (k == 0) {
        snprintf(out, 32, "evidence");
    } else {
        snprintf(out, 32, "evidence_%zu", k + 1);
    }
}

size_t cm_evidence_attrs(const cm_export_opts *o)
{
    return o ? o->evidence : 1;
}

cm_status cm_evidence_check(const cm_scene *s, cm_error *err)
{
    for (size_t i = 0; i < s->n_edges; i++) {
        const cm_pair_count *p = s->edges[i].pair;
        for (size_t k = 0; k < p->n_evidence; k++) {
            if (!p->evidence[k].snippet) {
                return cm_error_set(err, CM_EINPUT, p->evidence[k].doc, 0,
                                    "evidence snippets not cut (cm_counts_fill_snippets)");
            }
        }
    }
    return CM_OK;
}
