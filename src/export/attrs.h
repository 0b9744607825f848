/* comention: the attribute table of DESIGN.md §3, shared by every exporter so the names,
 * types and values are the same in every format. */
#ifndef CM_EXPORT_ATTRS_H
#define CM_EXPORT_ATTRS_H

#include "comention/export.h"
#include "comention/scene.h"
#include "util/util.h"

/* Metrics that are integers (written without a decimal point, typed int). */
int cm_metric_is_int(cm_metric m);
/* Measures that are integers (count, documents). */
int cm_measure_is_int(int m);
/* Append a metric or measure value in its column form. */
void cm_put_value(cm_buf *b, double v, int is_int);
/* Name of the k-th (0-based) evidence attribute: "evidence", "evidence_2", … */
void cm_evidence_name(char out[32], size_t k);
/* How many evidence attributes an export declares. */
size_t cm_evidence_attrs(const cm_export_opts *o);
/* CM_EINPUT when an edge's evidence has no snippet yet (cm_counts_fill_snippets() not run
 * for it): exporting it would drop evidence silently. */
cm_status cm_evidence_check(const cm_scene *s, cm_error *err);
/* The node colour as "#rrggbb". */
void cm_color_hex(char out[8], cm_rgb c);

#endif
