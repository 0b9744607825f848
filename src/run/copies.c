/* comention: which documents --dedupe leaves out as copies. The counting decides it as it
 * reads (cm_prepass): each worker keys or fingerprints the document it has just read, then
 * waits its turn and decides it once every earlier document is decided, in doc-id order
 * (cm_dedupe_keyed_next, cm_dedupe_run_next), so which copy is kept does not depend on -j
 * or on which worker got there first, and each document is read once. `mentions` (each.c)
 * hands documents on in order, so it runs the same decision as a pass of its own first
 * (cm_pool_copies). A sharded run writes the fingerprints per shard (cm_run_fingerprints,
 * over cm_pool_fingerprints), decides once over all of them (cm_run_copies), and each
 * extract reads that decision (cm_run_opts.copies). */
#include <stdlib.h>
#include <string.h>
#include "comention/dedupe.h"
#include "dedupe/decide.h"
#include "dedupe/normalize.h"
#include "run/pool.h"
#include "util/util.h"

#define COPIES_MAGIC "comention-copies\t"

/* One pass over the documents on the pool: each is read and handed to fn (NULL for a file
 * not read, and for standard input or a pipe, which is left for the counting: it would be
 * gone after one read), and the first failure is kept; `stop`, if given, releases whoever
 * waits on fn's work when a worker fails. */
typedef cm_status (*doc_fn)(void *ctx, size_t i, const cm_doc *doc, cm_error *err);
typedef struct doc_pass {
    cm_pool pool;
    doc_fn fn;
    void (*stop)(void *ctx);
    void *ctx;
    pthread_mutex_t lock; /* the first failure */
    cm_status rc;
    cm_error err;
} doc_pass;

static void doc_share(void *arg, size_t k)
{
    doc_pass *p = arg;
    size_t i;

    (void)k;
    while ((i = cm_pool_take(&p->pool)) < p->pool.n) {
        cm_doc *doc = NULL;
        char reason[256];
        cm_error err;
        cm_status rc = cm_inputs_once(p->pool.in, i)
                           ? CM_OK
                           : cm_inputs_read(&doc, reason, p->pool.in, i, &err);
        if (rc == CM_OK) {
            rc = p->fn(p->ctx, i, doc, &err);
        }
        cm_doc_free(doc);
        if (rc != CM_OK) {
            atomic_store(&p->pool.failed, 1);
            if (p->stop) {
                p->stop(p->ctx);
            }
            pthread_mutex_lock(&p->lock);
            if (p->rc == CM_OK) {
                p->rc = rc;
                p->err = err;
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
}

static cm_status run_doc_pass(const cm_inputs *in, const cm_run_opts *o, doc_fn fn,
                              void (*stop)(void *ctx), void *ctx, cm_error *err)
{
    static const cm_run_hooks quiet = {NULL, NULL, NULL, NULL};
    doc_pass p = {.fn = fn, .stop = stop, .ctx = ctx, .rc = CM_OK};

    cm_pool_init(&p.pool, in, &quiet);
    pthread_mutex_init(&p.lock, NULL);
    cm_pool_run(cm_run_workers(o, cm_inputs_count(in)), doc_share, &p);
    pthread_mutex_destroy(&p.lock);
    cm_pool_destroy(&p.pool);
    if (p.rc != CM_OK) {
        *err = p.err;
    }
    return p.rc;
}

static cm_status fingerprint_doc(void *ctx, size_t i, const cm_doc *doc, cm_error *err)
{
    prepass_result *r = ctx;

    if (!doc) {
        return CM_OK; /* matches nothing, and is kept */
    }
    cm_status rc = cm_fingerprint_text(&r->fps[i], doc->text, doc->len, err);
    r->have[i] = rc == CM_OK ? &r->fps[i] : NULL;
    return rc;
}

cm_status cm_pool_fingerprints(prepass_result *r, const cm_inputs *in, const cm_run_opts *o,
                               cm_error *err)
{
    size_t n = cm_inputs_count(in);

    r->fps = cm_malloc((n ? n : 1) * sizeof(*r->fps));
    r->have = cm_calloc(n ? n : 1, sizeof(*r->have));
    if (!r->fps || !r->have) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return run_doc_pass(in, o, fingerprint_doc, NULL, r, err);
}

void cm_pool_fingerprints_free(prepass_result *r)
{
    cm_free(r->fps);
    cm_free(r->have);
    r->fps = NULL;
    r->have = NULL;
}

void cm_pool_copies_free(cm_copy *copies, size_t n)
{
    for (size_t i = 0; copies && i < n; i++) {
        cm_free(copies[i].id);
        cm_free(copies[i].kept);
    }
    cm_free(copies);
}

static cm_status set_copy(cm_copy *c, const char *id, const char *kept, int near, cm_error *err)
{
    c->id = cm_strdup(id);
    c->kept = cm_strdup(kept);
    c->near = near;
    return c->id && c->kept ? CM_OK : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
}

cm_status cm_pool_decide(cm_copy *out, const cm_fingerprint *const *have, const char *const *ids,
                         size_t n, cm_dedupe mode, cm_error *err)
{
    cm_dedupe_of *of = cm_malloc((n ? n : 1) * sizeof(*of));
    cm_status rc = mode == CM_DEDUPE_NONE ? CM_OK
                   : of ? cm_dedupe_decide(of, have, n, mode == CM_DEDUPE_NEAR, err)
                        : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < n && rc == CM_OK && mode != CM_DEDUPE_NONE; i++) {
        if (of[i].kept != SIZE_MAX) {
            rc = set_copy(&out[i], ids[i], ids[of[i].kept], of[i].near, err);
        }
    }
    cm_free(of);
    return rc;
}

/* The next line of a text file: NUL-terminated in place, or NULL at the end. */
static char *next_line(char **p, char *end)
{
    char *line = *p, *nl;
    if (line >= end) {
        return NULL;
    }
    nl = memchr(line, '\n', (size_t)(end - line));
    nl = nl ? nl : end;
    *nl = '\0';
    *p = nl + 1;
    return line;
}

/* A copies file (cm_run_copies) applied to the inputs: the documents it names are copies. */
static cm_status load_copies(cm_copy *out, const cm_inputs *in, const cm_run_opts *o, cm_error *err)
{
    cm_buf b;
    cm_status rc;
    char *p, *end, *line;
    size_t no = 1;

    cm_buf_init(&b);
    rc = cm_read_file(&b, o->copies, CM_FILE_MAX_BYTES, err);
    p = b.data;
    end = b.data + b.len;
    line = rc == CM_OK ? next_line(&p, end) : NULL;
    if (rc == CM_OK && (!line || strncmp(line, COPIES_MAGIC, strlen(COPIES_MAGIC)) != 0 ||
                        strcmp(line + strlen(COPIES_MAGIC), cm_dedupe_name(o->count.dedupe)))) {
        rc = cm_error_set(err, CM_EINPUT, o->copies, 1,
                          "not a copies file of comention dedupe --dedupe %s",
                          cm_dedupe_name(o->count.dedupe));
    }
    while (rc == CM_OK && (line = next_line(&p, end)) != NULL) {
        char *kept = strchr(line, '\t'), *kind = kept ? strchr(kept + 1, '\t') : NULL;
        no++;
        if (!kind || (strcmp(kind + 1, "exact") && strcmp(kind + 1, "near"))) {
            rc = cm_error_set(err, CM_EINPUT, o->copies, no, "want DOC, KEPT, exact|near");
            break;
        }
        *kept++ = '\0';
        *kind++ = '\0';
        size_t i = cm_inputs_find(in, line);
        if (i != SIZE_MAX && !out[i].id) {
            rc = set_copy(&out[i], line, kept, strcmp(kind, "near") == 0, err);
        }
    }
    cm_buf_destroy(&b);
    return rc;
}

int cm_pool_is_copy(const cm_copy *copies, size_t i)
{
    return copies && copies[i].id;
}

/* The decision made while counting: each worker computes what the decision needs of the
 * document it read (the cheap key of key.c; the whole fingerprint for --dedupe near),
 * then waits for its turn, and decides its document once every earlier one is: one
 * document decided at a time, in doc-id order, by the worker that holds it. */
struct cm_prepass {
    const cm_inputs *in;
    size_t n;
    cm_copy *copies; /* n records: read from a copies file, or filled in as decided */
    int fused;       /* decided here, as the documents are read (no copies file) */
    int near;
    /* the decision's state, changed only by the worker whose turn it is */
    cm_dedupe_keyed keyed;       /* exact */
    cm_dedupe_run run;           /* near */
    cm_fingerprint *fps;         /* near: each document's fingerprint */
    const cm_fingerprint **have; /* near: &fps[i], or NULL for a document not read */
    pthread_mutex_t lock;        /* the two below */
    pthread_cond_t moved;        /* either changed */
    size_t decided;              /* every document before this one is decided: its turn */
    int aborted;                 /* a worker failed: nobody waits any more */
};

cm_status cm_prepass_new(cm_prepass **out, const cm_inputs *in, const cm_run_opts *o, cm_error *err)
{
    size_t n = cm_inputs_count(in);
    cm_prepass *pp;
    cm_status rc;

    *out = NULL;
    if (!o->copies && (o->count.dedupe == CM_DEDUPE_NONE || n < 2)) {
        return CM_OK;
    }
    if (!(pp = cm_calloc(1, sizeof(*pp))) ||
        !(pp->copies = cm_calloc(n ? n : 1, sizeof(cm_copy)))) {
        cm_free(pp);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    pp->in = in;
    pp->n = n;
    if (o->copies) {
        rc = load_copies(pp->copies, in, o, err);
    } else {
        pp->fused = 1;
        pp->near = o->count.dedupe == CM_DEDUPE_NEAR;
        pthread_mutex_init(&pp->lock, NULL);
        pthread_cond_init(&pp->moved, NULL);
        rc = cm_dedupe_run_init(&pp->run, pp->near ? n : 0, pp->near, err);
        if (rc == CM_OK) {
            rc = cm_dedupe_keyed_init(&pp->keyed, pp->near ? 0 : n, err);
        }
        if (rc == CM_OK && pp->near) {
            pp->fps = cm_malloc(n * sizeof(*pp->fps));
            pp->have = cm_calloc(n, sizeof(*pp->have));
            rc = pp->fps && pp->have ? CM_OK
                                     : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        }
    }
    if (rc != CM_OK) {
        cm_prepass_free(pp);
        return rc;
    }
    *out = pp;
    return CM_OK;
}

void cm_prepass_free(cm_prepass *pp)
{
    if (!pp) {
        return;
    }
    if (pp->fused) {
        cm_dedupe_keyed_destroy(&pp->keyed);
        cm_dedupe_run_destroy(&pp->run);
        pthread_cond_destroy(&pp->moved);
        pthread_mutex_destroy(&pp->lock);
    }
    cm_pool_copies_free(pp->copies, pp->n);
    cm_free(pp->fps);
    cm_free(pp->have);
    cm_free(pp);
}

const cm_copy *cm_prepass_decided(const cm_prepass *pp, size_t i)
{
    return pp && !pp->fused && pp->copies[i].id ? &pp->copies[i] : NULL;
}

void cm_prepass_abort(cm_prepass *pp)
{
    if (pp && pp->fused) {
        pthread_mutex_lock(&pp->lock);
        pp->aborted = 1;
        pthread_cond_broadcast(&pp->moved);
        pthread_mutex_unlock(&pp->lock);
    }
}

/* An earlier document's exact hash, when a later one has its key: read it again. */
static cm_status read_again(void *ctx, size_t j, uint64_t *exact, cm_error *err)
{
    const cm_prepass *pp = ctx;
    cm_doc *doc = NULL;
    char reason[256];
    cm_fingerprint fp;
    cm_status rc = cm_inputs_read(&doc, reason, pp->in, j, err);

    if (rc == CM_OK && !doc) {
        rc = cm_error_set(err, CM_EINPUT, cm_inputs_id(pp->in, j), 0,
                          "cannot read it again for --dedupe: %s", reason);
    }
    if (rc == CM_OK) {
        rc = cm_fingerprint_exact(&fp, doc->text, doc->len, err);
        *exact = fp.exact;
    }
    cm_doc_free(doc);
    return rc;
}

/* Document i's turn: decide it. `with` it has a fingerprint (`key` for exact). */
static cm_status decide(cm_prepass *pp, size_t i, const cm_doc *doc, int with, const uint64_t *key,
                        cm_error *err)
{
    cm_dedupe_of of = {SIZE_MAX, 0};
    cm_status rc;

    if (pp->near) {
        pp->have[i] = with ? &pp->fps[i] : NULL;
        rc = cm_dedupe_run_next(&pp->run, pp->have[i], i, pp->have, &of, err);
    } else {
        rc = cm_dedupe_keyed_next(&pp->keyed, i, with ? key : NULL, with ? doc->text : NULL,
                                  with ? doc->len : 0, read_again, pp, &of.kept, err);
    }
    if (rc == CM_OK && of.kept != SIZE_MAX) {
        rc = set_copy(&pp->copies[i], cm_inputs_id(pp->in, i), cm_inputs_id(pp->in, of.kept),
                      of.near, err);
    }
    return rc;
}

cm_status cm_prepass_doc(cm_prepass *pp, size_t i, const cm_doc *doc, const cm_copy **copy,
                         cm_error *err)
{
    cm_status rc = CM_OK;
    uint64_t key = 0;
    int aborted;

    *copy = cm_prepass_decided(pp, i);
    if (!pp || !pp->fused) {
        return CM_OK;
    }
    /* standard input or a pipe is kept and matches nothing, as in cm_pool_fingerprints() */
    int with = doc && !cm_inputs_once(pp->in, i);
    if (with && pp->near) {
        rc = cm_fingerprint_text(&pp->fps[i], doc->text, doc->len, err);
    } else if (with) {
        cm_norm n;
        cm_norm_init(&n);
        rc = cm_dedupe_key(&key, &n, doc->text, doc->len, err);
        cm_norm_destroy(&n);
    }
    if (rc != CM_OK) {
        return rc;
    }
    pthread_mutex_lock(&pp->lock);
    while (pp->decided != i && !pp->aborted) {
        pthread_cond_wait(&pp->moved, &pp->lock);
    }
    aborted = pp->aborted;
    pthread_mutex_unlock(&pp->lock);
    if (aborted) {
        return CM_OK; /* the run fails: what this worker counts is never used */
    }
    rc = decide(pp, i, doc, with, &key, err);
    pthread_mutex_lock(&pp->lock);
    pp->decided = i + 1;
    pthread_cond_broadcast(&pp->moved);
    pthread_mutex_unlock(&pp->lock);
    if (rc == CM_OK && pp->copies[i].id) {
        *copy = &pp->copies[i];
    }
    return rc;
}

/* The pass of cm_pool_copies(): the documents read and decided as the counting does. */
static cm_status decide_doc(void *ctx, size_t i, const cm_doc *doc, cm_error *err)
{
    const cm_copy *copy;
    return cm_prepass_doc(ctx, i, doc, &copy, err);
}

static void stop_deciding(void *ctx)
{
    cm_prepass_abort(ctx);
}

cm_status cm_pool_copies(cm_copy **out, const cm_inputs *in, const cm_run_opts *o, cm_error *err)
{
    cm_prepass *pp = NULL;
    cm_status rc = cm_prepass_new(&pp, in, o, err);

    *out = NULL;
    if (rc != CM_OK || !pp) {
        return rc;
    }
    if (pp->fused) {
        rc = run_doc_pass(in, o, decide_doc, stop_deciding, pp, err);
    }
    if (rc == CM_OK) {
        *out = pp->copies;
        pp->copies = NULL;
    }
    cm_prepass_free(pp);
    return rc;
}
