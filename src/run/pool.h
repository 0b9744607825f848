/* comention: the one pool of worker threads of the document loop (pool.c), shared by
 * counting (counting.c) and the ordered hand-over (each.c). Internal to src/run/. */
#ifndef CM_RUN_POOL_H
#define CM_RUN_POOL_H

#include <pthread.h>
#include <stdatomic.h>
#include "comention/dedupe.h"
#include "comention/run.h"

/* Documents handed out to workers, and the progress they made. */
typedef struct cm_pool {
    const cm_inputs *in;
    const cm_run_hooks *hooks;
    size_t n;             /* documents */
    atomic_size_t next;   /* the next document to take */
    atomic_int failed;    /* a worker failed: the others take no more */
    pthread_mutex_t lock; /* the progress figures below */
    size_t done;          /* documents finished */
    uint64_t bytes;       /* their bytes */
    double t0, last;      /* start, and the last progress report (seconds) */
} cm_pool;

/* Start handing out the documents of `in`. */
void cm_pool_init(cm_pool *p, const cm_inputs *in, const cm_run_hooks *hooks);
/* Release the lock. */
void cm_pool_destroy(cm_pool *p);
/* The next document's index, or p->n when all are taken or a worker failed. O(1), no lock. */
size_t cm_pool_take(cm_pool *p);
/* A document of `bytes` finished: progress, at most twice a second. */
void cm_pool_done(cm_pool *p, uint64_t bytes);

/* Run fn(ctx, k) for k = 0 … n-1, k = 0 on this thread and the others on threads of their
 * own; a share whose thread cannot start runs here afterwards. Returns when all are done. */
void cm_pool_run(size_t n, void (*fn)(void *ctx, size_t k), void *ctx);

/* One document through segment and extract, a block at a time when it is larger than a
 * block (document.c): `*out` its mentions, which borrow `*seg` (allocated when NULL, reused
 * from one document to the next). */
cm_status cm_run_document(cm_mentions **out, cm_segments **seg, const cm_doc *doc,
                          const cm_lexicon *lex, const cm_extract_opts *eo, cm_error *err);

/* Where cm_run_document_parts() hands a document's mentions, a part at a time: `m` and its
 * segments are those of one part (cm_counts_add_part() says what a part is), borrowed for
 * the call. */
typedef cm_status (*cm_run_part_fn)(void *ctx, const cm_mentions *m, cm_error *err);

/* One document through segment and extract, its mentions handed to `part` as they come:
 * once for a document of at most a block, once a block for a larger one, so nothing of it
 * is kept that grows with its text. `*seg` as for cm_run_document(); the discovered
 * entities of the parts are the document's, each as first found (those of
 * cm_run_document()). */
cm_status cm_run_document_parts(cm_segments **seg, const cm_doc *doc, const cm_lexicon *lex,
                                const cm_extract_opts *eo, cm_run_part_fn part, void *ctx,
                                cm_error *err);

/* One document through read, segment and extract: `*m` and `*doc` are NULL when the file
 * was skipped (the reason in `reason`). `*seg` is reused from one document to the next;
 * the caller frees it at the end. */
cm_status cm_pool_document(cm_doc **doc, cm_segments **seg, cm_mentions **m, char reason[256],
                           const cm_inputs *in, size_t i, const cm_lexicon *lex, int explain,
                           cm_discover discover, cm_error *err);

/* Every document's fingerprint with its MinHash (cm_fingerprint_text()), read on
 * cm_run_workers() threads: have[i] points into fps, or is NULL for a file not read. */
typedef struct prepass_result {
    cm_fingerprint *fps;
    const cm_fingerprint **have;
} prepass_result;
cm_status cm_pool_fingerprints(prepass_result *r, const cm_inputs *in, const cm_run_opts *o,
                               cm_error *err);
/* Free what cm_pool_fingerprints() filled in, also after its failure. */
void cm_pool_fingerprints_free(prepass_result *r);
/* cm_dedupe_decide() over n fingerprints in doc-id order, as records: out[i].id set (doc
 * ids copied) for a copy, all zero for a document kept. */
cm_status cm_pool_decide(cm_copy *out, const cm_fingerprint *const *have, const char *const *ids,
                         size_t n, cm_dedupe mode, cm_error *err);
/* The --dedupe pre-pass: every document's fate in `*out` (n records as cm_pool_decide()
 * gives them; from o->copies when set, else decided here), or NULL when nothing is left
 * out (--dedupe none, fewer than 2 documents). Free it with cm_pool_copies_free(). */
cm_status cm_pool_copies(cm_copy **out, const cm_inputs *in, const cm_run_opts *o, cm_error *err);
/* The --dedupe decision of the counting (copies.c), made as it reads: NULL when nothing is
 * left out (--dedupe none, fewer than 2 documents), else from o->copies when set (all
 * decided before), else decided document by document by cm_prepass_doc(). Free it with
 * cm_prepass_free() (accepts NULL). */
typedef struct cm_prepass cm_prepass;
cm_status cm_prepass_new(cm_prepass **out, const cm_inputs *in, const cm_run_opts *o,
                         cm_error *err);
void cm_prepass_free(cm_prepass *pp);
/* Document i's record when it is known to be a copy before it is read (a copies file),
 * else NULL. */
const cm_copy *cm_prepass_decided(const cm_prepass *pp, size_t i);
/* Document i, just read (`doc` NULL: not read, skipped): `*copy` its record when it is a
 * copy of an earlier document, else NULL. Waits until every earlier document has been
 * through here (each worker calls it right after reading, before any other work, so the
 * wait is another worker's read of one document), or until cm_prepass_abort(); then
 * `*copy` is NULL. Thread-safe; pp may be NULL. CM_ENOMEM. */
cm_status cm_prepass_doc(cm_prepass *pp, size_t i, const cm_doc *doc, const cm_copy **copy,
                         cm_error *err);
/* A worker failed and takes no more documents: the others stop waiting for it. */
void cm_prepass_abort(cm_prepass *pp);
/* Free n records; accepts NULL. */
void cm_pool_copies_free(cm_copy *copies, size_t n);
/* Is document i left out as a copy? `copies` from cm_pool_copies(), may be NULL. */
int cm_pool_is_copy(const cm_copy *copies, size_t i);

#endif
