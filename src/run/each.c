/* comention: documents handed on in doc-id order, from workers that extract side by side.
 * Handing out documents and handing on results have locks of their own: a worker waiting
 * for its turn, or calling the callback, keeps no other worker from taking its next
 * document. */
#include "run/pool.h"
#include "util/util.h"

typedef struct each {
    cm_pool pool;
    const cm_lexicon *lex;
    const cm_run_opts *o;
    cm_run_doc_fn fn;
    void *ctx;
    cm_explain *x;
    pthread_mutex_t turn_lock; /* next_out, the callback, and what follows */
    pthread_cond_t turn;       /* signalled when next_out moves */
    size_t next_out;           /* the document whose results go out next */
    size_t n_skipped;
    cm_status rc; /* the first failure in document order */
    cm_error err;
} each;

/* Hand document i's results on once every earlier document's are out. Under turn_lock. */
static void hand_on(each *e, size_t i, const cm_doc *doc, const cm_mentions *m, const char *reason,
                    cm_status rc, cm_error *err)
{
    if (rc == CM_OK && !doc) {
        if (e->o->hooks.skipped) {
            e->o->hooks.skipped(e->o->hooks.ctx, cm_inputs_id(e->pool.in, i), reason);
        }
        e->n_skipped++;
    }
    if (rc == CM_OK && m) {
        rc = e->fn(e->ctx, m, e->lex, err);
    }
    if (rc == CM_OK && m && e->x) {
        rc = cm_explain_add(e->x, m, e->lex, err);
    }
    if (rc != CM_OK) {
        atomic_store(&e->pool.failed, 1);
        e->rc = rc;
        e->err = *err;
    }
}

static void run_share(void *ctx, size_t k)
{
    each *e = ctx;
    cm_segments *seg = NULL;
    cm_error err;
    size_t i;

    (void)k;
    cm_error_clear(&err);
    while ((i = cm_pool_take(&e->pool)) < e->pool.n) {
        cm_doc *doc = NULL;
        cm_mentions *m = NULL;
        char reason[256];
        cm_status rc = cm_pool_document(&doc, &seg, &m, reason, e->pool.in, i, e->lex, e->x != NULL,
                                        e->o->count.discover, &err);
        pthread_mutex_lock(&e->turn_lock);
        while (e->next_out != i && e->rc == CM_OK) {
            pthread_cond_wait(&e->turn, &e->turn_lock);
        }
        if (e->rc == CM_OK) {
            hand_on(e, i, doc, m, reason, rc, &err);
        }
        e->next_out++;
        pthread_cond_broadcast(&e->turn);
        pthread_mutex_unlock(&e->turn_lock);
        cm_pool_done(&e->pool, doc ? doc->len : 0);
        cm_mentions_free(m);
        cm_doc_free(doc);
    }
    cm_segments_free(seg);
}

cm_status cm_run_each(const cm_inputs *in, const cm_lexicon *lex, const cm_run_opts *o,
                      cm_run_doc_fn fn, void *ctx, size_t *n_skipped, cm_error *err)
{
    each e = {.lex = lex, .o = o, .fn = fn, .ctx = ctx, .rc = CM_OK};
    cm_status rc = o->explain ? cm_explain_new(&e.x, err) : CM_OK;

    *n_skipped = cm_inputs_n_skipped(in);
    for (size_t i = 0; i < cm_inputs_n_skipped(in) && o->hooks.skipped; i++) {
        const cm_skipped *s = cm_inputs_skipped(in, i);
        o->hooks.skipped(o->hooks.ctx, s->id, s->reason);
    }
    cm_pool_init(&e.pool, in, &o->hooks);
    pthread_mutex_init(&e.turn_lock, NULL);
    pthread_cond_init(&e.turn, NULL);
    if (rc == CM_OK) {
        cm_pool_run(cm_run_workers(o, e.pool.n), run_share, &e);
        *n_skipped += e.n_skipped;
        rc = e.rc;
        if (rc != CM_OK) {
            *err = e.err;
        }
    }
    if (rc == CM_OK && e.x) {
        rc = cm_explain_write(o->explain, e.x, lex, err);
    }
    cm_explain_free(e.x);
    pthread_cond_destroy(&e.turn);
    pthread_mutex_destroy(&e.turn_lock);
    cm_pool_destroy(&e.pool);
    return rc;
}
