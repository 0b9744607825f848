/* comention: periods.csv and period-edges.csv (docs/design.md §3), one row per period and
 * entity or pair, periods in time order (undated last), then ids in byte order: the
 * per-period counts whose sums are the whole corpus's, and each period's degree, PageRank
 * and edge weight. */
#include "comention/export.h"
#include "export/attrs.h"
#include "util/util.h"

static void node_rows(cm_buf *b, const void *data)
{
    const cm_timeline *t = data;
    cm_buf_puts(b, "period,Id,mentions,documents,degree,pagerank\n");
    for (size_t p = 0; p < t->n_periods; p++) {
        const cm_period *pd = &t->periods[p];
        for (size_t i = 0; i < pd->n_nodes; i++) {
            const cm_period_node *n = &pd->nodes[i];
            cm_buf_puts(b, pd->name);
            cm_buf_putc(b, ',');
            cm_buf_put_csv(b, t->ids[n->entity]);
            cm_buf_putc(b, ',');
            cm_buf_put_int(b, (long long)n->mentions);
            cm_buf_putc(b, ',');
            cm_buf_put_int(b, (long long)n->documents);
            cm_buf_putc(b, ',');
            cm_buf_put_int(b, (long long)n->degree);
            cm_buf_putc(b, ',');
            cm_put_value(b, n->pagerank, 0);
            cm_buf_putc(b, '\n');
        }
    }
}

static void edge_rows(cm_buf *b, const void *data)
{
    const cm_timeline *t = data;
    cm_buf_puts(b, "period,Source,Target,count,documents,weight\n");
    for (size_t p = 0; p < t->n_periods; p++) {
        const cm_period *pd = &t->periods[p];
        for (size_t i = 0; i < pd->n_edges; i++) {
            const cm_period_edge *e = &pd->edges[i];
            cm_buf_puts(b, pd->name);
            cm_buf_putc(b, ',');
            cm_buf_put_csv(b, t->ids[e->a]);
            cm_buf_putc(b, ',');
            cm_buf_put_csv(b, t->ids[e->b]);
            cm_buf_putc(b, ',');
            cm_buf_put_int(b, (long long)e->count);
            cm_buf_putc(b, ',');
            cm_buf_put_int(b, (long long)e->documents);
            cm_buf_putc(b, ',');
            cm_put_value(b, e->weight, 0);
            cm_buf_putc(b, '\n');
        }
    }
}

cm_status cm_export_periods_csv(const char *dir, const cm_timeline *t, cm_error *err)
{
    cm_status rc = cm_export_table(dir, "periods.csv", node_rows, t, err);

    if (rc == CM_OK) {
        rc = cm_export_table(dir, "period-edges.csv", edge_rows, t, err);
    }
    return rc;
}
