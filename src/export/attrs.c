/* comention: shared attribute formatting for the exporters (see attrs.h). */
#include <stdio.h>
#include <string.h>
#include "export/attrs.h"

void cm_put_value(cm_buf *b, double v, int is_int)
{
    /* counts are uint64_t: all of their range prints as an integer, never wrapped through
     * long long (a double out of an integer's range converts to nothing defined) */
    if (is_int && v >= 0 && v < 18446744073709551616.0) {
        cm_buf_put_uint(b, (unsigned long long)v);
    } else if (is_int && v < 0 && v >= -9223372036854775808.0) {
        cm_buf_put_int(b, (long long)v);
    } else {
        cm_buf_put_double(b, v);
    }
}

cm_status cm_export_check(const cm_scene *s, const char *path, cm_error *err)
{
    int all = s->communities;

    for (size_t m = 0; m < s->n_node_columns; m++) {
        all = all && s->node_columns[m].computed;
    }
    if (!all) {
        return cm_error_set(err, CM_EUSAGE, path, 0,
                            "an export needs every metric; the analysis computed only some");
    }
    for (size_t i = 0; !s->snippets && i < s->n_edges; i++) {
        const cm_edge_record *p = s->edges[i].pair;
        for (size_t k = 0; k < p->n_evidence; k++) {
            if (!p->evidence[k].snippet) {
                return cm_error_set(err, CM_EINPUT, p->evidence[k].doc, 0,
                                    "evidence snippets not cut (cm_counts_fill_snippets)");
            }
        }
    }
    return CM_OK;
}

void cm_color_hex(char out[8], cm_rgb c)
{
    snprintf(out, 8, "#%02x%02x%02x", c.r, c.g, c.b);
}

void cm_export_opts_init(cm_export_opts *o)
{
    o->evidence = 1;
}

/* "evidence", "evidence_2", ...: by hand, since snprintf takes glibc's slow positional
 * path in this program (util.h, cm_buf_put_int) and ran once an edge and snippet. */
static void evidence_name(char name[32], size_t k)
{
    char d[24];
    size_t n = 0, v = k + 1;

    memcpy(name, "evidence_", 10);
    if (k == 0) {
        name[8] = '\0';
        return;
    }
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    for (size_t i = 0; i < n; i++) {
        name[9 + i] = d[n - 1 - i];
    }
    name[9 + n] = '\0';
}

void cm_snippets_init(cm_snippets *r, const cm_scene *s)
{
    memset(r, 0, sizeof(*r));
    r->s = s;
    if (s->snippets) {
        cm_spool_cursor_init(&r->cur, s->snippets);
    }
}

const char *cm_snippets_get(cm_snippets *r, size_t i, size_t k)
{
    const char *rec = "";

    if (!r->s->snippets) {
        return r->s->edges[i].pair->evidence[k].snippet;
    }
    /* Past the records before (i, k): the spool holds every evidence of every edge. */
    while (r->rc == CM_OK) {
        if (r->edge < r->s->n_edges && r->k >= r->s->edges[r->edge].pair->n_evidence) {
            r->edge++;
            r->k = 0;
            continue;
        }
        if (r->edge >= r->s->n_edges || r->edge > i || (r->edge == i && r->k > k)) {
            r->rc = cm_error_set(&r->err, CM_EINTERNAL, NULL, 0, "evidence read out of order");
            break;
        }
        int hit = r->edge == i && r->k == k;
        r->rc = cm_spool_next(&r->cur, &rec, &r->err);
        r->k++;
        if (hit) {
            break;
        }
    }
    return r->rc == CM_OK ? rec : "";
}

cm_status cm_snippets_commit(cm_snippets *r, cm_sink *k, cm_error *err)
{
    cm_status rc = r->rc;

    cm_spool_cursor_destroy(&r->cur);
    if (rc == CM_OK) {
        return cm_sink_commit(k, err);
    }
    if (err) {
        *err = r->err;
    }
    cm_afile_abort(&k->af);
    k->buf.spill = NULL;
    cm_buf_destroy(&k->buf);
    return rc;
}

void cm_each_evidence(cm_buf *b, size_t n, cm_snippets *r, size_t i, cm_attr_fn fn)
{
    size_t have = r ? r->s->edges[i].pair->n_evidence : n;
    char name[32];

    for (size_t k = 0; k < n && k < have; k++) {
        evidence_name(name, k);
        fn(b, name, r ? cm_snippets_get(r, i, k) : NULL);
    }
}

size_t cm_evidence_attrs(const cm_export_opts *o)
{
    return o ? o->evidence : 1;
}
