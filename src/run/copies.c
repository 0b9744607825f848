/* comention: the pre-pass of --dedupe. Every document is read and fingerprinted on the
 * pool, then the copies are decided over all fingerprints in doc-id order, before anything
 * is counted: which copy is kept does not depend on -j or on which worker got there first.
 * Costs a second read of the input (the fingerprint is cheap beside extraction). */
#include <stdlib.h>
#include "comention/dedupe.h"
#include "run/pool.h"
#include "util/util.h"

typedef struct prepass {
    cm_pool pool;
    cm_fingerprint *fps;
    const cm_fingerprint **have; /* NULL for a document not read */
    pthread_mutex_t lock;        /* the first failure */
    cm_status rc;
    cm_error err;
} prepass;

static void fingerprint_share(void *ctx, size_t k)
{
    prepass *p = ctx;
    size_t i;

    (void)k;
    while ((i = cm_pool_take(&p->pool)) < p->pool.n) {
        cm_doc *doc = NULL;
        char reason[256];
        cm_error err;
        cm_status rc = cm_inputs_read(&doc, reason, p->pool.in, i, &err);
        if (rc == CM_OK && doc) {
            rc = cm_fingerprint_text(&p->fps[i], doc->text, doc->len, &err);
            p->have[i] = rc == CM_OK ? &p->fps[i] : NULL;
        }
        cm_doc_free(doc);
        if (rc != CM_OK) {
            atomic_store(&p->pool.failed, 1);
            pthread_mutex_lock(&p->lock);
            if (p->rc == CM_OK) {
                p->rc = rc;
                p->err = err;
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
}

cm_status cm_pool_copies(cm_dedupe_of **out, const cm_inputs *in, const cm_run_opts *o,
                         cm_error *err)
{
    static const cm_run_hooks quiet = {NULL, NULL, NULL, NULL};
    size_t n = cm_inputs_count(in);
    prepass p = {.rc = CM_OK};
    cm_status rc = CM_OK;

    *out = NULL;
    if (o->count.dedupe == CM_DEDUPE_NONE || n < 2) {
        return CM_OK;
    }
    p.fps = cm_malloc(n * sizeof(*p.fps));
    p.have = cm_calloc(n, sizeof(*p.have));
    *out = cm_malloc(n * sizeof(**out));
    if (!p.fps || !p.have || !*out) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (rc == CM_OK) {
        cm_pool_init(&p.pool, in, &quiet);
        pthread_mutex_init(&p.lock, NULL);
        cm_pool_run(cm_run_workers(o, n), fingerprint_share, &p);
        pthread_mutex_destroy(&p.lock);
        cm_pool_destroy(&p.pool);
        rc = p.rc;
        if (rc != CM_OK) {
            *err = p.err;
        }
    }
    if (rc == CM_OK) {
        rc = cm_dedupe_decide(*out, p.have, n, o->count.dedupe == CM_DEDUPE_NEAR, err);
    }
    cm_free(p.fps);
    cm_free(p.have);
    if (rc != CM_OK) {
        cm_free(*out);
        *out = NULL;
    }
    return rc;
}

int cm_pool_is_copy(const cm_dedupe_of *copies, size_t i)
{
    return copies && copies[i].kept != SIZE_MAX;
}
