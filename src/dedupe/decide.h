/* comention: cm_dedupe_decide() one document at a time, for a caller that learns the
 * fingerprints as it goes (the counting's fused pre-pass): the same decisions, as long as
 * the documents are decided in index order. */
#ifndef CM_DEDUPE_DECIDE_H
#define CM_DEDUPE_DECIDE_H

#include "comention/dedupe.h"
#include "util/util.h"

/* The kept documents so far: exact hashes, and the LSH bands when `near`. */
typedef struct cm_dedupe_run {
    cm_map64 exact;
    cm_map64 heads; /* band key -> its last entry (i * CM_BANDS + b) */
    size_t *next;   /* per entry, the bucket's entry before it; near only */
    int near;
} cm_dedupe_run;

/* Ready for n documents. CM_ENOMEM. */
cm_status cm_dedupe_run_init(cm_dedupe_run *r, size_t n, int near, cm_error *err);
void cm_dedupe_run_destroy(cm_dedupe_run *r);
/* Decide document i, all documents before it decided: `fp` its fingerprint (NULL: not
 * read, kept and matching nothing); with near, fps[j] for j <= i those of all documents so
 * far (fps[i] == fp; only fp is read otherwise). CM_ENOMEM. */
cm_status cm_dedupe_run_next(cm_dedupe_run *r, const cm_fingerprint *fp, size_t i,
                             const cm_fingerprint *const *fps, cm_dedupe_of *of, cm_error *err);

#endif
