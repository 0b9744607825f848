/* comention: GraphML (graphml.graphdrawing.org, the 1.0 schema). Gephi matches keys by
 * exact, case-sensitive attr.name and only knows label, weight, x, y, size, r, g, b as
 * visual attributes, so those keep id = attr.name; every other key gets an n_ or e_
 * prefix in its id (docs/design.md §3). Every key is typed and declares what it is for, which
 * networkx requires. */
#include <string.h>
#include "comention/export.h"
#include "export/attrs.h"
#include "util/util.h"

static void key(cm_buf *b, const char *id, const char *for_, const char *name, const char *type)
{
    cm_buf_printf(b, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n", id, for_,
                  name, type);
}

static void evidence_key(cm_buf *b, const char *name, const char *value)
{
    char id[64];

    (void)value;
    snprintf(id, sizeof(id), "e_%s", name);
    key(b, id, "edge", name, "string");
}

static void keys(cm_buf *b, const cm_scene *s, size_t n_evidence)
{
    char id[64];

    key(b, "label", "node", "label", "string");
    key(b, "n_type", "node", "type", "string");
    key(b, "n_subtype", "node", "subtype", "string");
    key(b, "n_discovered", "node", "discovered", "boolean");
    key(b, "n_mentions", "node", "mentions", "long");
    key(b, "n_documents", "node", "documents", "long");
    for (size_t m = 0; m < s->n_node_columns; m++) {
        const char *name = s->node_columns[m].name;
        snprintf(id, sizeof(id), "n_%s", name);
        key(b, id, "node", name, s->node_columns[m].is_int ? "int" : "double");
    }
    key(b, "n_community", "node", "community", "int");
    key(b, "x", "node", "x", "float");
    key(b, "y", "node", "y", "float");
    key(b, "size", "node", "size", "float");
    key(b, "r", "node", "r", "int");
    key(b, "g", "node", "g", "int");
    key(b, "b", "node", "b", "int");
    key(b, "weight", "edge", "weight", "double");
    for (size_t m = 0; m < s->n_edge_columns; m++) {
        const char *name = s->edge_columns[m].name;
        snprintf(id, sizeof(id), "e_%s", name);
        key(b, id, "edge", name, s->edge_columns[m].is_int ? "long" : "double");
    }
    cm_each_evidence(b, n_evidence, NULL, 0, evidence_key);
}

/* `<data key="k">`; not printf (see cm_buf_put_int): two of these per edge and value. */
static void data_open(cm_buf *b, const char *k)
{
    cm_buf_puts(b, "      <data key=\"");
    cm_buf_puts(b, k);
    cm_buf_puts(b, "\">");
}

static void data_text(cm_buf *b, const char *k, const char *v)
{
    data_open(b, k);
    cm_buf_put_text(b, v, strlen(v), true);
    cm_buf_puts(b, "</data>\n");
}

static void data_num(cm_buf *b, const char *k, double v, int is_int)
{
    data_open(b, k);
    cm_put_value(b, v, is_int);
    cm_buf_puts(b, "</data>\n");
}

static void evidence_data(cm_buf *b, const char *name, const char *value)
{
    char id[64];

    snprintf(id, sizeof(id), "e_%s", name);
    data_text(b, id, value);
}

static void node(cm_buf *b, const cm_scene *s, const cm_scene_node *n)
{
    char id[64];

    cm_buf_puts(b, "    <node id=\"");
    cm_buf_put_text(b, n->entity->id, strlen(n->entity->id), true);
    cm_buf_puts(b, "\">\n");
    data_text(b, "label", n->entity->label);
    data_text(b, "n_type", n->entity->type_name);
    data_text(b, "n_subtype", n->entity->subtype);
    data_text(b, "n_discovered", n->entity->discovered ? "true" : "false");
    data_num(b, "n_mentions", (double)n->entity->mentions, 1);
    data_num(b, "n_documents", (double)n->entity->documents, 1);
    for (size_t m = 0; m < s->n_node_columns; m++) {
        snprintf(id, sizeof(id), "n_%s", s->node_columns[m].name);
        data_num(b, id, n->metrics[m], s->node_columns[m].is_int);
    }
    data_num(b, "n_community", (double)n->community, 1);
    data_num(b, "x", n->x, 0);
    data_num(b, "y", n->y, 0);
    data_num(b, "size", n->size, 0);
    data_num(b, "r", n->color.r, 1);
    data_num(b, "g", n->color.g, 1);
    data_num(b, "b", n->color.b, 1);
    cm_buf_puts(b, "    </node>\n");
}

static void edge(cm_buf *b, const cm_scene *s, size_t i, size_t n_evidence, cm_snippets *r)
{
    const cm_scene_edge *e = &s->edges[i];
    char id[64];
    const char *src = s->nodes[e->source].entity->id, *dst = s->nodes[e->target].entity->id;

    cm_buf_puts(b, "    <edge source=\"");
    cm_buf_put_text(b, src, strlen(src), true);
    cm_buf_puts(b, "\" target=\"");
    cm_buf_put_text(b, dst, strlen(dst), true);
    cm_buf_puts(b, "\">\n");
    data_num(b, "weight", e->weight, 0);
    for (size_t m = 0; m < s->n_edge_columns; m++) {
        snprintf(id, sizeof(id), "e_%s", s->edge_columns[m].name);
        data_num(b, id, e->measures[m], s->edge_columns[m].is_int);
    }
    cm_each_evidence(b, n_evidence, r, i, evidence_data);
    cm_buf_puts(b, "    </edge>\n");
}

cm_status cm_export_graphml(const char *path, const cm_scene *s, const cm_export_opts *opts,
                            cm_error *err)
{
    size_t n_evidence = cm_evidence_attrs(opts);
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
    cm_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n");
    keys(b, s, n_evidence);
    cm_buf_puts(b, "  <graph id=\"comention\" edgedefault=\"undirected\">\n");
    for (size_t i = 0; i < s->n_nodes; i++) {
        node(b, s, &s->nodes[i]);
    }
    cm_snippets r;
    cm_snippets_init(&r, s);
    for (size_t i = 0; i < s->n_edges; i++) {
        edge(b, s, i, n_evidence, &r);
    }
    cm_buf_puts(b, "  </graph>\n</graphml>\n");
    return cm_snippets_commit(&r, &k, err);
}
