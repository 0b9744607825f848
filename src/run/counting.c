/* comention: counting a corpus on the pool. Each worker counts into its own counts; they
 * are merged afterwards (a commutative monoid, docs/design.md §5), so the result is the
 * same for any -j. igraph is not thread-safe in Debian's build: the graph stages run
 * after the workers, on one thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/pool.h"
#include "util/util.h"

typedef struct worker {
    cm_counts *counts;
    cm_explain *explain;
    cm_segments *seg; /* reused from one document to the next */
    cm_status rc;
    cm_error err;
} worker;

/* The lexicon's digest, which the counts carry: computed beside the workers when there are
 * several, so it is not a serial step after them. */
typedef struct counting {
    cm_pool pool;
    const cm_lexicon *lex;
    const cm_run_opts *o;
    cm_prepass *pp; /* --dedupe, or NULL */
    worker *ws;
    size_t n; /* workers; share n, when there is one, computes the digest */
    char digest[65];
    cm_status digest_rc;
    cm_error digest_err;
} counting;

/* A copy is recorded, not counted: one run reports what shards report. */
static cm_status count_copy(counting *c, worker *w, const cm_copy *copy)
{
    cm_pool_done(&c->pool, 0);
    return cm_counts_add_copy(w->counts, copy, &w->err);
}

/* One part of a document: counted, and into the QA table. */
typedef struct part_ctx {
    const counting *c;
    worker *w;
} part_ctx;

static cm_status count_part(void *ctx, const cm_mentions *m, cm_error *err)
{
    part_ctx *p = ctx;
    cm_status rc = cm_counts_add_part(p->w->counts, m, p->c->lex, err);

    if (rc == CM_OK && p->w->explain) {
        rc = cm_explain_add(p->w->explain, m, p->c->lex, err);
    }
    return rc;
}

/* A document is counted a part at a time as it is extracted (cm_run_document_parts()). */
static cm_status count_doc(counting *c, worker *w, const cm_doc *doc)
{
    cm_extract_opts eo = {/* rejections = */ w->explain != NULL, c->o->count.discover};
    part_ctx p = {c, w};
    cm_status rc = cm_counts_begin(w->counts, doc, &w->err);

    if (rc == CM_OK) {
        rc = cm_run_document_parts(&w->seg, doc, c->lex, &eo, count_part, &p, &w->err);
    }
    return rc == CM_OK ? cm_counts_end(w->counts, &w->err) : rc;
}

static cm_status count_one(counting *c, worker *w, size_t i)
{
    const cm_copy *copy = cm_prepass_decided(c->pp, i);
    cm_doc *doc = NULL;
    char reason[256];
    cm_status rc = copy ? CM_OK : cm_inputs_read(&doc, reason, c->pool.in, i, &w->err);

    if (rc == CM_OK && !copy) { /* before anything else: others may wait for it */
        rc = cm_prepass_doc(c->pp, i, doc, &copy, &w->err);
    }
    if (rc == CM_OK && copy) {
        cm_doc_free(doc);
        return count_copy(c, w, copy);
    }

    if (rc == CM_OK && !doc) {
        rc = cm_counts_add_skipped(w->counts, cm_inputs_id(c->pool.in, i), reason, &w->err);
    }
    if (rc == CM_OK && doc && doc->n_invalid > 0) {
        rc = cm_counts_add_invalid(w->counts, doc->id, doc->n_invalid, doc->first_invalid, &w->err);
    }
    if (rc == CM_OK && doc) {
        rc = count_doc(c, w, doc);
    }
    cm_pool_done(&c->pool, doc ? doc->len : 0);
    cm_doc_free(doc);
    return rc;
}

static void run_share(void *ctx, size_t k)
{
    counting *c = ctx;
    size_t i;

    if (k == c->n) {
        c->digest_rc = cm_lexicon_digest(c->digest, c->lex, &c->digest_err);
        return;
    }
    worker *w = &c->ws[k];
    while (w->rc == CM_OK && (i = cm_pool_take(&c->pool)) < c->pool.n) {
        w->rc = count_one(c, w, i);
    }
    if (w->rc != CM_OK) {
        atomic_store(&c->pool.failed, 1);
        cm_prepass_abort(c->pp);
    }
}

/* Merge every worker's counts and QA table into the first; the first error wins. */
static cm_status gather(counting *c, cm_error *err)
{
    for (size_t k = 0; k < c->n; k++) {
        if (c->ws[k].rc != CM_OK) {
            *err = c->ws[k].err;
            return c->ws[k].rc;
        }
    }
    if (c->digest_rc != CM_OK) {
        *err = c->digest_err;
        return c->digest_rc;
    }
    cm_status rc = CM_OK;
    for (size_t k = 1; k < c->n && rc == CM_OK; k++) {
        rc = cm_counts_merge(c->ws[0].counts, c->ws[k].counts, err);
        if (rc == CM_OK && c->ws[0].explain) {
            rc = cm_explain_merge(c->ws[0].explain, c->ws[k].explain, err);
        }
        /* merged: freed now, so the peak holds the merged counts and one worker's, not all */
        cm_counts_free(c->ws[k].counts);
        c->ws[k].counts = NULL;
    }
    return rc;
}

/* The files skipped while walking, and the lexicon's digest, then the finished counts. */
static cm_status finish(counting *c, cm_error *err)
{
    const cm_inputs *in = c->pool.in;
    cm_counts *all = c->ws[0].counts;
    cm_status rc = gather(c, err);

    for (size_t i = 0; i < cm_inputs_n_skipped(in) && rc == CM_OK; i++) {
        const cm_skipped *s = cm_inputs_skipped(in, i);
        rc = cm_counts_add_skipped(all, s->id, s->reason, err);
    }
    if (rc == CM_OK) {
        cm_counts_set_lexicon(all, c->digest);
        rc = cm_counts_finish(all, err);
    }
    if (c->n > 1) {
        /* the workers' arenas, emptied by the merge and the finish (which drops what only
           counting reads) */
        cm_release_thread_memory();
    }
    if (rc == CM_OK && c->o->explain) {
        rc = cm_explain_write(c->o->explain, c->ws[0].explain, c->lex, err);
    }
    return rc;
}

cm_status cm_run_count(cm_counts **out, const cm_inputs *in, const cm_lexicon *lex,
                       const cm_run_opts *o, cm_error *err)
{
    counting c = {.lex = lex, .o = o, .digest_rc = CM_OK};
    cm_prepass *pp = NULL;
    cm_status rc = cm_prepass_new(&pp, in, o, err);

    *out = NULL;
    if (rc != CM_OK) {
        return rc;
    }
    c.pp = pp;
    c.n = cm_run_workers(o, cm_inputs_count(in));
    c.ws = calloc(c.n, sizeof(*c.ws));
    if (!c.ws) {
        cm_prepass_free(pp);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_pool_init(&c.pool, in, &o->hooks);
    for (size_t k = 0; k < c.n && rc == CM_OK; k++) {
        rc = cm_counts_new(&c.ws[k].counts, &o->count, err);
        if (rc == CM_OK && o->explain) {
            rc = cm_explain_new(&c.ws[k].explain, err);
        }
    }
    if (rc == CM_OK) {
        cm_pool_run(c.n > 1 ? c.n + 1 : 1, run_share, &c);
        if (c.n == 1) {
            run_share(&c, 1);
        }
        rc = finish(&c, err);
    }
    if (rc == CM_OK) {
        *out = c.ws[0].counts;
        c.ws[0].counts = NULL;
    }
    for (size_t k = 0; k < c.n; k++) {
        cm_counts_free(c.ws[k].counts);
        cm_explain_free(c.ws[k].explain);
        cm_segments_free(c.ws[k].seg);
    }
    cm_pool_destroy(&c.pool);
    free(c.ws);
    cm_prepass_free(pp);
    return rc;
}

cm_status cm_run_merge(const char *out, const char *const *parts, size_t n, cm_error *err)
{
    cm_counts *all = NULL;
    cm_status rc = CM_OK;

    for (size_t i = 0; rc == CM_OK && i < n; i++) {
        cm_counts *part = NULL;
        rc = cm_counts_read(i == 0 ? &all : &part, parts[i], err);
        if (rc == CM_OK && part) {
            rc = cm_counts_merge(all, part, err);
            if (rc == CM_EINPUT) {
                /* name the shard that does not fit */
                char msg[sizeof(err->msg)];
                snprintf(msg, sizeof(msg), "%s", err->msg);
                int unlike = strncmp(msg, "counts made with", 16) == 0;
                rc = cm_error_set(err, CM_EINPUT, parts[i], 0, "%s%s%s", msg,
                                  unlike ? " than " : "", unlike ? parts[0] : "");
            }
        }
        cm_counts_free(part);
    }
    if (rc == CM_OK) {
        rc = cm_counts_finish(all, err);
    }
    if (rc == CM_OK) {
        rc = cm_counts_write(out, all, err);
    }
    cm_counts_free(all);
    return rc;
}

size_t cm_run_skipped(const cm_counts *c, const cm_run_hooks *hooks)
{
    for (size_t i = 0; hooks->skipped && i < cm_counts_n_skipped(c); i++) {
        const cm_skipped *s = cm_counts_skipped(c, i);
        hooks->skipped(hooks->ctx, s->id, s->reason);
    }
    return cm_counts_n_skipped(c);
}
