/* comention: the one pool of worker threads of the document loop. Workers take document
 * indices from a shared counter, so a slow document holds up no other worker; results do
 * not depend on which worker took what (counting.c merges, each.c orders). */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "run/pool.h"
#include "util/util.h"

double cm_run_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cm_run_opts_init(cm_run_opts *o)
{
    cm_count_opts_init(&o->count);
    o->jobs = 0;
    o->explain = NULL;
    o->hooks = (cm_run_hooks){NULL, NULL, NULL, NULL};
    o->copies = NULL;
}

size_t cm_run_workers(const cm_run_opts *o, size_t n)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t k = o->jobs ? o->jobs : (cores > 0 ? (size_t)cores : 1);
    if (k > n) {
        k = n;
    }
    return k ? k : 1;
}

void cm_pool_init(cm_pool *p, const cm_inputs *in, const cm_run_hooks *hooks)
{
    p->in = in;
    p->hooks = hooks;
    p->n = cm_inputs_count(in);
    atomic_init(&p->next, 0);
    atomic_init(&p->failed, 0);
    pthread_mutex_init(&p->lock, NULL);
    p->done = 0;
    p->bytes = 0;
    p->t0 = p->last = cm_run_now();
}

void cm_pool_destroy(cm_pool *p)
{
    pthread_mutex_destroy(&p->lock);
}

size_t cm_pool_take(cm_pool *p)
{
    if (atomic_load(&p->failed)) {
        return p->n;
    }
    size_t i = atomic_fetch_add(&p->next, 1);
    return i < p->n ? i : p->n;
}

void cm_pool_done(cm_pool *p, uint64_t bytes)
{
    if (!p->hooks->progress) {
        return;
    }
    pthread_mutex_lock(&p->lock);
    p->done++;
    p->bytes += bytes;
    double now = cm_run_now();
    if (now - p->last >= 0.5 || p->done == p->n) {
        p->last = now;
        p->hooks->progress(p->hooks->ctx, p->done, p->n, p->bytes, now - p->t0);
    }
    pthread_mutex_unlock(&p->lock);
}

void cm_pool_run(size_t n, void (*fn)(void *ctx, size_t k), void *ctx)
{
    cm_run_shares(n, fn, ctx);
}

cm_status cm_pool_document(cm_doc **doc, cm_segments **seg, cm_mentions **m, char reason[256],
                           const cm_inputs *in, size_t i, const cm_lexicon *lex, int explain,
                           cm_discover discover, cm_error *err)
{
    cm_extract_opts eo = {/* rejections = */ explain, discover};
    cm_status rc = cm_inputs_read(doc, reason, in, i, err);

    *m = NULL;
    if (rc == CM_OK && *doc) {
        rc = cm_run_document(m, seg, *doc, lex, &eo, err);
    }
    return rc;
}
