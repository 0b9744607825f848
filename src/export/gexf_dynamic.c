/* comention: the dynamic GEXF (GEXF 1.2draft, `mode="dynamic"`, `timeformat="date"`) that
 * Gephi's timeline plays: the whole corpus's nodes and edges with their layout and colour,
 * each alive in the dated periods that name it (one spell per period, its first to its last
 * day, closed), and the period's values as spell-valued attributes. The edge attribute
 * titled "weight" is the reserved one that makes Gephi's edge weight dynamic. Undated
 * documents have no place on a timeline: their period is in periods.csv only. */
#include <stdlib.h>
#include <string.h>
#include "comention/export.h"
#include "export/attrs.h"
#include "util/util.h"

static int id_cmp(const void *key, const void *item)
{
    return strcmp(key, *(char *const *)item);
}

/* The entity's index in t->ids, or SIZE_MAX. */
static size_t entity_index(const cm_timeline *t, const char *id)
{
    char *const *at = t->n_ids ? bsearch(id, t->ids, t->n_ids, sizeof(*t->ids), id_cmp) : NULL;
    return at ? (size_t)(at - t->ids) : SIZE_MAX;
}

static const cm_period_node *period_node(const cm_period *p, size_t e)
{
    size_t lo = 0, hi = p->n_nodes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->nodes[mid].entity < e) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < p->n_nodes && p->nodes[lo].entity == e ? &p->nodes[lo] : NULL;
}

static const cm_period_edge *period_edge(const cm_period *p, size_t a, size_t b)
{
    size_t lo = 0, hi = p->n_edges;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const cm_period_edge *e = &p->edges[mid];
        if (e->a < a || (e->a == a && e->b < b)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < p->n_edges && p->edges[lo].a == a && p->edges[lo].b == b ? &p->edges[lo] : NULL;
}

/* ` start="YYYY-MM-DD" end="YYYY-MM-DD"` of a dated period. */
static void span(cm_buf *b, const cm_period *first, const cm_period *last)
{
    cm_buf_printf(b, " start=\"%s\" end=\"%s\"", first->first_date, last->last_date);
}

static void dyn_value(cm_buf *b, const char *key, double v, int is_int, const cm_period *p)
{
    cm_buf_puts(b, "          <attvalue for=\"");
    cm_buf_puts(b, key);
    cm_buf_puts(b, "\" value=\"");
    cm_put_value(b, v, is_int);
    cm_buf_putc(b, '"');
    span(b, p, p);
    cm_buf_puts(b, "/>\n");
}

/* The periods where `present` holds, as <spells>; nothing when none (spells needs one). */
static void spells(cm_buf *b, const cm_timeline *t, const unsigned char *present)
{
    int open = 0;

    for (size_t p = 0; p < t->n_periods; p++) {
        if (!present[p]) {
            continue;
        }
        if (!open) {
            cm_buf_puts(b, "        <spells>\n");
            open = 1;
        }
        cm_buf_puts(b, "          <spell");
        span(b, &t->periods[p], &t->periods[p]);
        cm_buf_puts(b, "/>\n");
    }
    if (open) {
        cm_buf_puts(b, "        </spells>\n");
    }
}

/* One <attributes> per class: graphology reads only the last of a class. The whole-corpus
 * values are graph.gexf's; here only what changes from period to period. */
static void decls(cm_buf *b)
{
    cm_buf_puts(b, "    <attributes class=\"node\" mode=\"dynamic\">\n"
                   "      <attribute id=\"p_mentions\" title=\"period_mentions\" "
                   "type=\"long\"/>\n"
                   "      <attribute id=\"p_degree\" title=\"period_degree\" "
                   "type=\"integer\"/>\n"
                   "      <attribute id=\"p_pagerank\" title=\"period_pagerank\" "
                   "type=\"double\"/>\n"
                   "    </attributes>\n"
                   "    <attributes class=\"edge\" mode=\"dynamic\">\n"
                   "      <attribute id=\"p_weight\" title=\"weight\" type=\"double\"/>\n"
                   "      <attribute id=\"p_count\" title=\"period_count\" type=\"long\"/>\n"
                   "    </attributes>\n");
}

static void node(cm_buf *b, const cm_scene_node *n, const cm_timeline *t, unsigned char *present)
{
    const cm_node_record *e = n->entity;
    size_t at = entity_index(t, e->id);

    cm_buf_puts(b, "      <node id=\"");
    cm_buf_put_text(b, e->id, strlen(e->id), true);
    cm_buf_puts(b, "\" label=\"");
    cm_buf_put_text(b, e->label, strlen(e->label), true);
    cm_buf_puts(b, "\">\n        <attvalues>\n");
    for (size_t p = 0; p < t->n_periods; p++) {
        const cm_period *pd = &t->periods[p];
        const cm_period_node *pn = pd->first == INT32_MIN ? NULL : period_node(pd, at);
        present[p] = pn != NULL;
        if (pn) {
            dyn_value(b, "p_mentions", (double)pn->mentions, 1, pd);
            dyn_value(b, "p_degree", (double)pn->degree, 1, pd);
            dyn_value(b, "p_pagerank", pn->pagerank, 0, pd);
        }
    }
    cm_buf_puts(b, "        </attvalues>\n");
    spells(b, t, present);
    cm_gexf_viz(b, n);
}

static void edge(cm_buf *b, const cm_scene *s, size_t i, const cm_timeline *t,
                 unsigned char *present)
{
    const cm_scene_edge *e = &s->edges[i];
    const char *src = s->nodes[e->source].entity->id, *dst = s->nodes[e->target].entity->id;
    size_t a = entity_index(t, src), z = entity_index(t, dst);

    cm_gexf_edge_open(b, s, i);
    for (size_t p = 0; p < t->n_periods; p++) {
        const cm_period *pd = &t->periods[p];
        const cm_period_edge *pe = pd->first == INT32_MIN ? NULL : period_edge(pd, a, z);
        present[p] = pe != NULL;
        if (pe) {
            dyn_value(b, "p_weight", pe->weight, 0, pd);
            dyn_value(b, "p_count", (double)pe->count, 1, pd);
        }
    }
    cm_buf_puts(b, "        </attvalues>\n");
    spells(b, t, present);
    cm_buf_puts(b, "      </edge>\n");
}

/* The graph's time span: the first day of the first dated period to the last of the last. */
static void graph_open(cm_buf *b, const cm_timeline *t)
{
    size_t n = t->n_periods;

    while (n > 0 && t->periods[n - 1].first == INT32_MIN) {
        n--;
    }
    cm_buf_puts(b, "  <graph mode=\"dynamic\" defaultedgetype=\"undirected\" timeformat=\"date\"");
    if (n > 0) {
        span(b, &t->periods[0], &t->periods[n - 1]);
    }
    cm_buf_puts(b, ">\n");
}

cm_status cm_export_gexf_dynamic(const char *path, const cm_scene *s, const cm_timeline *t,
                                 cm_error *err)
{
    unsigned char *present = cm_calloc(t->n_periods + 1, 1);
    cm_sink k;
    cm_buf *b = &k.buf;
    cm_status rc = present ? cm_sink_open(&k, path, err)
                           : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");

    if (rc != CM_OK) {
        cm_free(present);
        return rc;
    }
    cm_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<gexf xmlns=\"http://www.gexf.net/1.2draft\" "
                   "xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" version=\"1.2\">\n"
                   "  <meta>\n    <creator>comention</creator>\n  </meta>\n");
    graph_open(b, t);
    decls(b);
    cm_buf_puts(b, "    <nodes>\n");
    for (size_t i = 0; i < s->n_nodes; i++) {
        node(b, &s->nodes[i], t, present);
    }
    cm_buf_puts(b, "    </nodes>\n    <edges>\n");
    for (size_t i = 0; i < s->n_edges; i++) {
        edge(b, s, i, t, present);
    }
    cm_buf_puts(b, "    </edges>\n  </graph>\n</gexf>\n");
    cm_free(present);
    return cm_sink_commit(&k, err);
}
