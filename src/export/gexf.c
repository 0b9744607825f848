/* comention: GEXF 1.2draft (gexf.net) with the viz namespace, as Gephi and networkx write
 * it: declared, typed attributes; viz:position, viz:size, viz:color; no lastmodifieddate
 * (two runs give the same bytes). networkx 2.8 cannot read GEXF 1.3, so 1.2draft it is. */
#include <string.h>
#include "comention/export.h"
#include "export/attrs.h"
#include "util/util.h"

static void attr_decl(cm_buf *b, const char *name, const char *type)
{
    cm_buf_printf(b, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", name, name, type);
}

static void evidence_decl(cm_buf *b, const char *name, const char *value)
{
    (void)value;
    attr_decl(b, name, "string");
}

/* `<attvalue for="k" value="`; not printf (see cm_buf_put_int). */
static void attvalue_open(cm_buf *b, const char *k)
{
    cm_buf_puts(b, "          <attvalue for=\"");
    cm_buf_puts(b, k);
    cm_buf_puts(b, "\" value=\"");
}

static void attvalue_text(cm_buf *b, const char *k, const char *v)
{
    attvalue_open(b, k);
    cm_buf_put_text(b, v, strlen(v), true);
    cm_buf_puts(b, "\"/>\n");
}

static void decls(cm_buf *b, const cm_scene *s, size_t n_evidence)
{
    cm_buf_puts(b, "    <attributes class=\"node\" mode=\"static\">\n");
    attr_decl(b, "type", "string");
    attr_decl(b, "subtype", "string");
    attr_decl(b, "discovered", "boolean");
    attr_decl(b, "mentions", "long");
    attr_decl(b, "documents", "long");
    for (size_t m = 0; m < s->n_node_columns; m++) {
        attr_decl(b, s->node_columns[m].name, s->node_columns[m].is_int ? "integer" : "double");
    }
    attr_decl(b, "community", "integer");
    cm_buf_puts(b, "    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n");
    for (size_t m = 0; m < s->n_edge_columns; m++) {
        attr_decl(b, s->edge_columns[m].name, s->edge_columns[m].is_int ? "long" : "double");
    }
    cm_each_evidence(b, n_evidence, NULL, 0, evidence_decl);
    cm_buf_puts(b, "    </attributes>\n");
}

static void attvalue_num(cm_buf *b, const char *k, double v, int is_int)
{
    attvalue_open(b, k);
    cm_put_value(b, v, is_int);
    cm_buf_puts(b, "\"/>\n");
}

static void node(cm_buf *b, const cm_scene *s, const cm_scene_node *n)
{
    const cm_node_record *e = n->entity;

    cm_buf_puts(b, "      <node id=\"");
    cm_buf_put_text(b, e->id, strlen(e->id), true);
    cm_buf_puts(b, "\" label=\"");
    cm_buf_put_text(b, e->label, strlen(e->label), true);
    cm_buf_puts(b, "\">\n        <attvalues>\n");
    attvalue_text(b, "type", e->type_name);
    attvalue_text(b, "subtype", e->subtype);
    attvalue_text(b, "discovered", e->discovered ? "true" : "false");
    attvalue_num(b, "mentions", (double)e->mentions, 1);
    attvalue_num(b, "documents", (double)e->documents, 1);
    for (size_t m = 0; m < s->n_node_columns; m++) {
        attvalue_num(b, s->node_columns[m].name, n->metrics[m], s->node_columns[m].is_int);
    }
    attvalue_num(b, "community", (double)n->community, 1);
    cm_buf_puts(b, "        </attvalues>\n");
    cm_gexf_viz(b, n);
}

void cm_gexf_viz(cm_buf *b, const cm_scene_node *n)
{
    cm_buf_puts(b, "        <viz:size value=\"");
    cm_buf_put_double(b, n->size);
    cm_buf_puts(b, "\"/>\n        <viz:position x=\"");
    cm_buf_put_double(b, n->x);
    cm_buf_puts(b, "\" y=\"");
    cm_buf_put_double(b, n->y);
    cm_buf_printf(b,
                  "\" z=\"0\"/>\n        <viz:color r=\"%d\" g=\"%d\" b=\"%d\"/>\n      </node>\n",
                  n->color.r, n->color.g, n->color.b);
}

void cm_gexf_edge_open(cm_buf *b, const cm_scene *s, size_t i)
{
    const cm_scene_edge *e = &s->edges[i];
    const char *src = s->nodes[e->source].entity->id, *dst = s->nodes[e->target].entity->id;

    cm_buf_puts(b, "      <edge id=\"");
    cm_buf_put_int(b, (long long)i);
    cm_buf_puts(b, "\" source=\"");
    cm_buf_put_text(b, src, strlen(src), true);
    cm_buf_puts(b, "\" target=\"");
    cm_buf_put_text(b, dst, strlen(dst), true);
    cm_buf_puts(b, "\" weight=\"");
    cm_buf_put_double(b, e->weight);
    cm_buf_puts(b, "\">\n        <attvalues>\n");
}

static void edge(cm_buf *b, const cm_scene *s, size_t i, size_t n_evidence, cm_snippets *r)
{
    const cm_scene_edge *e = &s->edges[i];

    cm_gexf_edge_open(b, s, i);
    for (size_t m = 0; m < s->n_edge_columns; m++) {
        attvalue_num(b, s->edge_columns[m].name, e->measures[m], s->edge_columns[m].is_int);
    }
    cm_each_evidence(b, n_evidence, r, i, attvalue_text);
    cm_buf_puts(b, "        </attvalues>\n      </edge>\n");
}

cm_status cm_export_gexf(const char *path, const cm_scene *s, const cm_export_opts *opts,
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
                   "<gexf xmlns=\"http://www.gexf.net/1.2draft\" "
                   "xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" version=\"1.2\">\n"
                   "  <meta>\n    <creator>comention</creator>\n  </meta>\n"
                   "  <graph mode=\"static\" defaultedgetype=\"undirected\">\n");
    decls(b, s, n_evidence);
    cm_buf_puts(b, "    <nodes>\n");
    for (size_t i = 0; i < s->n_nodes; i++) {
        node(b, s, &s->nodes[i]);
    }
    cm_buf_puts(b, "    </nodes>\n    <edges>\n");
    cm_snippets r;
    cm_snippets_init(&r, s);
    for (size_t i = 0; i < s->n_edges; i++) {
        edge(b, s, i, n_evidence, &r);
    }
    cm_buf_puts(b, "    </edges>\n  </graph>\n</gexf>\n");
    return cm_snippets_commit(&r, &k, err);
}
