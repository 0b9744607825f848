/* comention: nodes.csv, edges.csv and evidence.csv (docs/design.md §3): header first, a field
 * quoted only when it must be (RFC 4180), integers as integers, reals as the shortest
 * decimal that reads back to the same double. Gephi's "Import spreadsheet" takes nodes.csv
 * and edges.csv as they are (Id, Label, Source, Target, Type, Weight). */
#include <stdio.h>
#include "comention/export.h"
#include "export/attrs.h"
#include "util/util.h"

static void node_rows(cm_buf *b, const void *data)
{
    const cm_scene *s = data;
    cm_buf_puts(b, "Id,Label,type,subtype,discovered,mentions,documents");
    for (size_t m = 0; m < s->n_node_columns; m++) {
        cm_buf_printf(b, ",%s", s->node_columns[m].name);
    }
    cm_buf_puts(b, ",community,x,y,size,color\n");
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        char hex[8];
        cm_buf_put_csv(b, n->entity->id);
        cm_buf_putc(b, ',');
        cm_buf_put_csv(b, n->entity->label);
        cm_buf_printf(b, ",%s,", n->entity->type_name);
        cm_buf_put_csv(b, n->entity->subtype);
        cm_buf_printf(b, ",%d,%llu,%llu", n->entity->discovered,
                      (unsigned long long)n->entity->mentions,
                      (unsigned long long)n->entity->documents);
        for (size_t m = 0; m < s->n_node_columns; m++) {
            cm_buf_putc(b, ',');
            cm_put_value(b, n->metrics[m], s->node_columns[m].is_int);
        }
        cm_buf_printf(b, ",%ld,", n->community);
        cm_buf_put_double(b, n->x);
        cm_buf_putc(b, ',');
        cm_buf_put_double(b, n->y);
        cm_buf_putc(b, ',');
        cm_buf_put_double(b, n->size);
        cm_color_hex(hex, n->color);
        cm_buf_printf(b, ",%s\n", hex);
    }
}

static void edge_rows(cm_buf *b, const void *data)
{
    const cm_scene *s = data;
    cm_buf_puts(b, "Source,Target,Type,Weight");
    for (size_t m = 0; m < s->n_edge_columns; m++) {
        cm_buf_printf(b, ",%s", s->edge_columns[m].name);
    }
    cm_buf_putc(b, '\n');
    for (size_t i = 0; i < s->n_edges; i++) {
        const cm_scene_edge *e = &s->edges[i];
        cm_buf_put_csv(b, s->nodes[e->source].entity->id);
        cm_buf_putc(b, ',');
        cm_buf_put_csv(b, s->nodes[e->target].entity->id);
        cm_buf_puts(b, ",Undirected,");
        cm_put_value(b, e->weight, s->weight_is_int);
        for (size_t m = 0; m < s->n_edge_columns; m++) {
            cm_buf_putc(b, ',');
            cm_put_value(b, e->measures[m], s->edge_columns[m].is_int);
        }
        cm_buf_putc(b, '\n');
    }
}

static void evidence_rows(cm_buf *b, const cm_scene *s, cm_snippets *r)
{
    cm_buf_puts(b, "Source,Target,doc,start,end,snippet\n");
    for (size_t i = 0; i < s->n_edges; i++) {
        const cm_scene_edge *e = &s->edges[i];
        for (size_t k = 0; k < e->pair->n_evidence; k++) {
            const cm_evidence *ev = &e->pair->evidence[k];
            cm_buf_put_csv(b, s->nodes[e->source].entity->id);
            cm_buf_putc(b, ',');
            cm_buf_put_csv(b, s->nodes[e->target].entity->id);
            cm_buf_putc(b, ',');
            cm_buf_put_csv(b, ev->doc);
            cm_buf_putc(b, ',');
            cm_buf_put_int(b, (long long)ev->start);
            cm_buf_putc(b, ',');
            cm_buf_put_int(b, (long long)ev->end);
            cm_buf_putc(b, ',');
            cm_buf_put_csv(b, cm_snippets_get(r, i, k));
            cm_buf_putc(b, '\n');
        }
    }
}

/* Open a sink on DIR/NAME (a temporary file until committed). */
static cm_status open_in(cm_sink *k, const char *dir, const char *name, cm_error *err)
{
    char *path = cm_path_join(dir, name);
    cm_status rc;

    if (!path) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    rc = cm_sink_open(k, path, err);
    cm_free(path);
    return rc;
}

cm_status cm_export_table(const char *dir, const char *name,
                          void (*rows)(cm_buf *b, const void *data), const void *data,
                          cm_error *err)
{
    cm_sink k;
    cm_status rc = open_in(&k, dir, name, err);

    if (rc == CM_OK) {
        rows(&k.buf, data);
        rc = cm_sink_commit(&k, err);
    }
    return rc;
}

/* evidence.csv: not cm_export_table, as reading a snippet can fail. */
static cm_status evidence_csv(const char *dir, const cm_scene *s, cm_error *err)
{
    cm_sink k;
    cm_status rc = open_in(&k, dir, "evidence.csv", err);

    if (rc == CM_OK) {
        cm_snippets r;
        cm_snippets_init(&r, s);
        evidence_rows(&k.buf, s, &r);
        rc = cm_snippets_commit(&r, &k, err);
    }
    return rc;
}

cm_status cm_export_csv(const char *dir, const cm_scene *s, cm_error *err)
{
    cm_status rc = cm_export_check(s, dir, err);

    if (rc == CM_OK) {
        rc = cm_export_table(dir, "nodes.csv", node_rows, s, err);
    }
    if (rc == CM_OK) {
        rc = cm_export_table(dir, "edges.csv", edge_rows, s, err);
    }
    if (rc == CM_OK) {
        rc = evidence_csv(dir, s, err);
    }
    return rc;
}
