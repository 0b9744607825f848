/* comention: the attribute table of docs/design.md §3, shared by every exporter so the names,
 * types and values are the same in every format. */
#ifndef CM_EXPORT_ATTRS_H
#define CM_EXPORT_ATTRS_H

#include "comention/export.h"
#include "comention/scene.h"
#include "util/spool.h"
#include "util/util.h"

/* Append a metric or measure value in its column form. */
void cm_put_value(cm_buf *b, double v, int is_int);
/* How many evidence attributes an export declares. */
size_t cm_evidence_attrs(const cm_export_opts *o);
/* Writes one attribute: its declaration (value NULL) or its value on an edge. */
typedef void (*cm_attr_fn)(cm_buf *b, const char *name, const char *value);
/* One writer's reading of the evidence snippets of a scene's edges: from the scene's spool
 * through a cursor of its own (writers on other threads read it at once), or from the
 * evidence records when the scene has no spool. */
typedef struct cm_snippets {
    const cm_scene *s;
    cm_spool_cursor cur;
    size_t edge, k; /* the spool's next record: evidence k of edge `edge` */
    cm_status rc;   /* the first failure to read; "" is given after it */
    cm_error err;
} cm_snippets;

void cm_snippets_init(cm_snippets *r, const cm_scene *s);
/* Snippet k of edge i, (i, k) asked in increasing order (those skipped are read past).
 * Valid until the next call. */
const char *cm_snippets_get(cm_snippets *r, size_t i, size_t k);
/* Commit the sink, or, when a snippet could not be read, remove its file and give that
 * error; the reader is destroyed either way. */
cm_status cm_snippets_commit(cm_snippets *r, cm_sink *k, cm_error *err);
/* The evidence attributes "evidence", "evidence_2", … in order, each through fn: the
 * first n declared (r NULL), or the first n snippets of edge i (fewer when it has fewer).
 * One loop for every format, so names and order cannot drift apart. */
void cm_each_evidence(cm_buf *b, size_t n, cm_snippets *r, size_t i, cm_attr_fn fn);
/* CM_OK when the scene has every metric (else CM_EUSAGE naming `path`) and every edge's
 * evidence its snippet, in the evidence or in the scene's spool (else CM_EINPUT:
 * cm_counts_fill_snippets() was not run for it). */
cm_status cm_export_check(const cm_scene *s, const char *path, cm_error *err);
/* A GEXF edge's opening tag (id = its index, source, target, weight) and <attvalues>. */
void cm_gexf_edge_open(cm_buf *b, const cm_scene *s, size_t i);
/* A GEXF node's viz:size, viz:position and viz:color, and its closing tag. */
void cm_gexf_viz(cm_buf *b, const cm_scene_node *n);
/* Write DIR/NAME (temporary file, then rename) with what `rows` puts for `data`. */
cm_status cm_export_table(const char *dir, const char *name,
                          void (*rows)(cm_buf *b, const void *data), const void *data,
                          cm_error *err);
/* The node colour as "#rrggbb". */
void cm_color_hex(char out[8], cm_rgb c);

#endif
