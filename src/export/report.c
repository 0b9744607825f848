/* comention: report.json, what a run read, what it kept and why (docs/design.md §3). No
 * timestamps, no paths of the machine: two runs on the same input give the same bytes.
 * The one exporter that reads beyond the scene: a report sums up the whole run, so it
 * takes the graph's filter counts and the analysis's statistics (docs/architecture.md). */
#include <string.h>
#include "comention/analyze.h"
#include "comention/export.h"
#include "comention/graph.h"
#include "export/attrs.h"
#include "util/util.h"

static void kv_num(cm_buf *b, const char *indent, const char *k, double v, int last)
{
    cm_buf_printf(b, "%s\"%s\": ", indent, k);
    cm_buf_put_double(b, v);
    cm_buf_puts(b, last ? "\n" : ",\n");
}

static void kv_int(cm_buf *b, const char *indent, const char *k, unsigned long long v, int last)
{
    cm_buf_printf(b, "%s\"%s\": %llu%s\n", indent, k, v, last ? "" : ",");
}

static void options(cm_buf *b, const cm_report *r)
{
    cm_buf_puts(b, "  \"options\": {");
    for (size_t i = 0; i < r->n_options; i++) {
        cm_buf_puts(b, i ? ",\n    " : "\n    ");
        cm_buf_put_json(b, r->options[i].name);
        cm_buf_puts(b, ": ");
        cm_buf_put_json(b, r->options[i].value);
    }
    cm_buf_puts(b, r->n_options ? "\n  },\n" : "},\n");
}

/* Invalid UTF-8: the totals, and the first documents by id (at most the limit, which is
 * written too, so a reader can tell a whole list from a cut one). */
static void invalid_utf8(cm_buf *b, const cm_report *r)
{
    const char *in = "      ";
    cm_buf_puts(b, "    \"invalid_utf8\": {\n");
    kv_int(b, in, "documents", r->invalid_documents, 0);
    kv_int(b, in, "bytes", r->invalid_bytes, 0);
    kv_int(b, in, "listed", r->n_invalid, 0);
    kv_int(b, in, "list_limit", r->invalid_limit, 0);
    cm_buf_puts(b, "      \"list\": [");
    for (size_t i = 0; i < r->n_invalid; i++) {
        cm_buf_puts(b, i ? ",\n        {\"doc\": " : "\n        {\"doc\": ");
        cm_buf_put_json(b, r->invalid[i].doc);
        cm_buf_printf(b, ", \"bytes\": %llu, \"first_offset\": %llu}",
                      (unsigned long long)r->invalid[i].bytes,
                      (unsigned long long)r->invalid[i].first);
    }
    cm_buf_puts(b, r->n_invalid ? "\n      ]\n    }\n" : "]\n    }\n");
}

static void input(cm_buf *b, const cm_report *r)
{
    const char *in = "    ";
    cm_buf_puts(b, "  \"input\": {\n");
    kv_int(b, in, "documents", r->documents, 0);
    kv_int(b, in, "bytes", r->bytes, 0);
    kv_int(b, in, "sentences", r->sentences, 0);
    kv_int(b, in, "units", r->units, 0);
    kv_int(b, in, "mentions", r->mentions, 0);
    cm_buf_puts(b, "    \"skipped\": [");
    for (size_t i = 0; i < r->n_skipped; i++) {
        cm_buf_puts(b, i ? ",\n      {\"doc\": " : "\n      {\"doc\": ");
        cm_buf_put_json(b, r->skipped_ids[i]);
        cm_buf_puts(b, ", \"reason\": ");
        cm_buf_put_json(b, r->skipped_reasons[i]);
        cm_buf_puts(b, "}");
    }
    cm_buf_puts(b, r->n_skipped ? "\n    ]" : "]");
    cm_buf_puts(b, ",\n");
    kv_int(b, in, "copies_left_out", r->copies, 0);
    cm_buf_puts(b, "    \"copies\": [");
    for (size_t i = 0; i < r->n_copies; i++) {
        cm_buf_puts(b, i ? ",\n      {\"doc\": " : "\n      {\"doc\": ");
        cm_buf_put_json(b, r->copy_ids[i]);
        cm_buf_puts(b, ", \"kept\": ");
        cm_buf_put_json(b, r->copy_kept[i]);
        cm_buf_puts(b, ", \"kind\": ");
        cm_buf_put_json(b, r->copy_kinds[i]);
        cm_buf_puts(b, "}");
    }
    cm_buf_puts(b, r->n_copies ? "\n    ]" : "]");
    cm_buf_puts(b, ",\n");
    invalid_utf8(b, r);
    cm_buf_puts(b, "  },\n");
}

/* A date, or null when there is none. */
static void date_or_null(cm_buf *b, const char *date)
{
    if (date[0]) {
        cm_buf_put_json(b, date);
    } else {
        cm_buf_puts(b, "null");
    }
}

/* --time-slice, --since, --until: the bounds, what they left out, and the periods. */
static void time_section(cm_buf *b, const cm_timeline *t)
{
    uint64_t undated = 0;

    cm_buf_puts(b, "  \"time\": {\n    \"slice\": ");
    cm_buf_put_json(b, t->slice);
    cm_buf_puts(b, ",\n    \"since\": ");
    date_or_null(b, t->since);
    cm_buf_puts(b, ",\n    \"until\": ");
    date_or_null(b, t->until);
    cm_buf_puts(b, ",\n");
    kv_int(b, "    ", "outside", t->outside, 0);
    for (size_t i = 0; i < t->n_periods; i++) {
        undated += t->periods[i].first_date[0] ? 0 : t->periods[i].documents;
    }
    kv_int(b, "    ", "undated", undated, 0);
    cm_buf_puts(b, "    \"periods\": [");
    for (size_t i = 0; i < t->n_periods; i++) {
        const cm_period *p = &t->periods[i];
        cm_buf_puts(b, i ? ",\n      {\"name\": " : "\n      {\"name\": ");
        cm_buf_put_json(b, p->name);
        cm_buf_puts(b, ", \"first\": ");
        date_or_null(b, p->first_date);
        cm_buf_puts(b, ", \"last\": ");
        date_or_null(b, p->last_date);
        cm_buf_printf(b, ", \"documents\": %llu, \"mentions\": %llu}",
                      (unsigned long long)p->documents, (unsigned long long)p->mentions);
    }
    cm_buf_puts(b, t->n_periods ? "\n    ]\n  },\n" : "]\n  },\n");
}

static void filters(cm_buf *b, const cm_graph_filtered *f)
{
    const char *in = "    ";
    cm_buf_puts(b, "  \"filtered\": {\n");
    kv_int(b, in, "nodes_by_type", f->nodes_by_type, 0);
    kv_int(b, in, "nodes_excluded", f->nodes_excluded, 0);
    kv_int(b, in, "nodes_min_discovered_mentions", f->nodes_min_discovered, 0);
    kv_int(b, in, "edges_with_removed_nodes", f->edges_by_node_filters, 0);
    kv_int(b, in, "edges_min_count", f->edges_min_count, 0);
    kv_int(b, in, "edges_min_documents", f->edges_min_documents, 0);
    kv_int(b, in, "edges_type_pairs", f->edges_type_pairs, 0);
    kv_int(b, in, "edges_nonpositive_weight", f->edges_nonpositive, 0);
    kv_int(b, in, "edges_backbone", f->edges_backbone, 0);
    kv_int(b, in, "edges_top_edges", f->edges_top_edges, 0);
    kv_int(b, in, "nodes_ego", f->nodes_ego, 0);
    kv_int(b, in, "edges_ego", f->edges_ego, 0);
    kv_int(b, in, "nodes_top", f->nodes_top, 0);
    kv_int(b, in, "edges_top", f->edges_top, 0);
    kv_int(b, in, "nodes_giant", f->nodes_giant, 0);
    kv_int(b, in, "edges_giant", f->edges_giant, 1);
    cm_buf_puts(b, "  },\n");
}

static void graph(cm_buf *b, const cm_graph_stats *g)
{
    const char *in = "    ";
    cm_buf_puts(b, "  \"graph\": {\n");
    kv_int(b, in, "nodes", g->nodes, 0);
    kv_int(b, in, "edges", g->edges, 0);
    kv_num(b, in, "density", g->density, 0);
    kv_int(b, in, "components", g->components, 0);
    kv_num(b, in, "giant_component_share", g->giant_share, 0);
    kv_num(b, in, "average_clustering", g->avg_clustering, 0);
    kv_int(b, in, "communities", g->communities, 0);
    kv_num(b, in, "modularity", g->modularity, 0);
    kv_num(b, in, "assortativity_by_type", g->assortativity_type, 0);
    if (g->betweenness_sources >= g->nodes) {
        cm_buf_puts(b, "    \"betweenness\": \"exact\"\n");
    } else {
        cm_buf_printf(b, "    \"betweenness\": \"estimated from %zu seeded sources\"\n",
                      g->betweenness_sources);
    }
    cm_buf_puts(b, "  },\n");
}

#define TOP 5

/* The TOP nodes by one metric, ties by id (nodes are in id order, so by index). */
static void top_of(const cm_scene *s, size_t m, size_t *best, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < s->n_nodes; i++) {
        double v = s->nodes[i].metrics[m];
        size_t at = *n;
        while (at > 0 && s->nodes[best[at - 1]].metrics[m] < v) {
            at--;
        }
        if (at >= TOP) {
            continue;
        }
        if (*n < TOP) {
            (*n)++;
        }
        for (size_t k = *n - 1; k > at; k--) {
            best[k] = best[k - 1];
        }
        best[at] = i;
    }
}

static void tops(cm_buf *b, const cm_scene *s)
{
    cm_buf_puts(b, "  \"top_entities\": {");
    for (size_t m = 0; m < s->n_node_columns; m++) {
        size_t best[TOP], n;
        top_of(s, m, best, &n);
        cm_buf_printf(b, "%s\n    \"%s\": [", m ? "," : "", s->node_columns[m].name);
        for (size_t k = 0; k < n; k++) {
            cm_buf_puts(b, k ? ", " : "");
            cm_buf_put_json(b, s->nodes[best[k]].entity->id);
        }
        cm_buf_putc(b, ']');
    }
    cm_buf_puts(b, "\n  },\n");
}

cm_status cm_export_report(const char *path, const cm_report *r, cm_error *err)
{
    cm_buf b;
    cm_status rc;

    if (cm_export_check(r->scene, path, err) != CM_OK) {
        return CM_EUSAGE;
    }
    cm_buf_init(&b);
    cm_buf_puts(&b, "{\n  \"program\": \"comention\",\n  \"version\": ");
    cm_buf_put_json(&b, r->version);
    cm_buf_puts(&b, ",\n");
    options(&b, r);
    input(&b, r);
    if (r->timeline) {
        time_section(&b, r->timeline);
    }
    filters(&b, &r->scene->graph->filtered);
    graph(&b, r->stats);
    tops(&b, r->scene);
    cm_buf_puts(&b, "  \"drawing\": {\n");
    /* --draw-top: the picture holds the most important nodes, the exports all of them. */
    cm_buf_printf(&b, "    \"drawn\": {\"nodes\": %zu, \"of\": %zu},\n", r->scene->n_drawn,
                  r->scene->n_nodes);
    kv_int(&b, "    ", "labels_shown", r->scene->n_drawn - r->scene->labels_hidden, 0);
    kv_int(&b, "    ", "labels_hidden", r->scene->labels_hidden, 1);
    cm_buf_puts(&b, "  },\n");
    if (r->n_timings > 0) {
        /* Only on request: wall-clock time makes two runs differ. */
        cm_buf_puts(&b, "  \"timings\": {");
        for (size_t i = 0; i < r->n_timings; i++) {
            cm_buf_printf(&b, "%s\n    \"%s\": ", i ? "," : "", r->timing_names[i]);
            cm_buf_put_double(&b, r->timing_seconds[i]);
        }
        cm_buf_puts(&b, "\n  },\n");
    }
    cm_buf_puts(&b, "  \"files\": [");
    for (size_t i = 0; i < r->n_files; i++) {
        cm_buf_puts(&b, i ? ", " : "");
        cm_buf_put_json(&b, r->files[i]);
    }
    cm_buf_puts(&b, "]\n}\n");
    rc = cm_write_file(path, &b, err);
    cm_buf_destroy(&b);
    return rc;
}
