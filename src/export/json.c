/* comention: graph.json, the node-link form that networkx's node_link_graph and d3 read:
 * {"directed": false, "multigraph": false, "graph": {...}, "nodes": [...], "links": [...]}
 * with every attribute of nodes.csv and edges.csv (networkx reads a missing "multigraph"
 * as true, so it is always written). */
#include <string.h>
#include "comention/export.h"
#include "export/attrs.h"
#include "util/util.h"

/* `, "k": ` (no comma first); keys are plain names. Not printf (see cm_buf_put_int). */
static void key(cm_buf *b, const char *k, int first)
{
    cm_buf_puts(b, first ? "\"" : ", \"");
    cm_buf_puts(b, k);
    cm_buf_puts(b, "\": ");
}

static void key_num(cm_buf *b, const char *k, double v, int is_int)
{
    key(b, k, 0);
    cm_put_value(b, v, is_int);
}

static void key_text(cm_buf *b, const char *k, const char *v, int first)
{
    key(b, k, first);
    cm_buf_put_json(b, v);
}

static void node(cm_buf *b, const cm_scene *s, const cm_scene_node *n)
{
    const cm_node_record *e = n->entity;
    char hex[8];

    cm_buf_puts(b, "    {");
    key_text(b, "id", e->id, 1);
    key_text(b, "label", e->label, 0);
    key_text(b, "type", e->type_name, 0);
    key_text(b, "subtype", e->subtype, 0);
    cm_buf_printf(b, ", \"discovered\": %s", e->discovered ? "true" : "false");
    key_num(b, "mentions", (double)e->mentions, 1);
    key_num(b, "documents", (double)e->documents, 1);
    for (size_t m = 0; m < s->n_node_columns; m++) {
        key_num(b, s->node_columns[m].name, n->metrics[m], s->node_columns[m].is_int);
    }
    key_num(b, "community", (double)n->community, 1);
    key_num(b, "x", n->x, 0);
    key_num(b, "y", n->y, 0);
    key_num(b, "size", n->size, 0);
    cm_color_hex(hex, n->color);
    key_text(b, "color", hex, 0);
    cm_buf_putc(b, '}');
}

static void link(cm_buf *b, const cm_scene *s, size_t i, cm_snippets *r)
{
    const cm_scene_edge *e = &s->edges[i];

    cm_buf_puts(b, "    {");
    key_text(b, "source", s->nodes[e->source].entity->id, 1);
    key_text(b, "target", s->nodes[e->target].entity->id, 0);
    key_num(b, "weight", e->weight, 0);
    for (size_t m = 0; m < s->n_edge_columns; m++) {
        key_num(b, s->edge_columns[m].name, e->measures[m], s->edge_columns[m].is_int);
    }
    if (e->pair->n_evidence > 0) {
        key_text(b, "evidence", cm_snippets_get(r, i, 0), 0);
    }
    cm_buf_putc(b, '}');
}

cm_status cm_export_json(const char *path, const cm_scene *s, cm_error *err)
{
    cm_sink k;
    cm_buf *b = &k.buf;
    cm_status rc;

    rc = cm_export_check(s, path, err);
    if (rc != CM_OK) {
        return rc;
    }
    rc = cm_sink_open(&k, path, err);
    if (rc != CM_OK) {
        return rc;
    }
    cm_buf_puts(b, "{\"directed\": false, \"multigraph\": false, \"graph\": {\"weight\": ");
    cm_buf_put_json(b, s->weight_name);
    cm_buf_puts(b, ", \"size_by\": ");
    cm_buf_put_json(b, s->size_by);
    cm_buf_puts(b, "},\n  \"nodes\": [\n");
    for (size_t i = 0; i < s->n_nodes; i++) {
        node(b, s, &s->nodes[i]);
        cm_buf_puts(b, i + 1 < s->n_nodes ? ",\n" : "\n");
    }
    cm_buf_puts(b, "  ],\n  \"links\": [\n");
    cm_snippets r;
    cm_snippets_init(&r, s);
    for (size_t i = 0; i < s->n_edges; i++) {
        link(b, s, i, &r);
        cm_buf_puts(b, i + 1 < s->n_edges ? ",\n" : "\n");
    }
    cm_buf_puts(b, "  ]\n}\n");
    return cm_snippets_commit(&r, &k, err);
}
