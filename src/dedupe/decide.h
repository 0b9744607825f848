/* comention: cm_dedupe_decide() one document at a time, for a caller that learns the
 * fingerprints as it goes (the counting's fused pre-pass): the same decisions, as long as
 * the documents are decided in index order. */
#ifndef CM_DEDUPE_DECIDE_H
#define CM_DEDUPE_DECIDE_H

#include "comention/dedupe.h"
#include "dedupe/normalize.h"
#include "util/util.h"

/* splitmix64's finalizer: every bit of x moves every bit of the result. The fingerprints
 * and the exact key are made with it, and fingerprint files hold its values. */
static inline uint64_t cm_dedupe_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

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

/* ---- --dedupe exact by a cheap key (key.c) ---- */

/* A key of the normalized text of cm_fingerprint_exact() (NFKC, case folded, white space
 * runs one space, none at the ends): equal texts give equal keys; unequal ones mostly
 * not. Linear, a few instructions a byte; `n` is scratch for the non-ASCII parts, kept
 * from one call to the next. CM_ENOMEM. */
cm_status cm_dedupe_key(uint64_t *key, cm_norm *n, const char *text, size_t len, cm_error *err);

/* The kept documents by key, and the exact hashes of those that were needed. */
typedef struct cm_dedupe_keyed {
    cm_map64 keys;        /* key -> the last kept document with it */
    size_t *prev;         /* per kept document: the kept one before it with its key */
    uint64_t *exact;      /* per document: its cm_fingerprint_exact() hash, when known */
    unsigned char *known; /* per document: 1 when exact[] is */
} cm_dedupe_keyed;

/* The exact hash of an earlier document j, read again: a key like its came later. */
typedef cm_status (*cm_dedupe_again_fn)(void *ctx, size_t j, uint64_t *exact, cm_error *err);

/* Ready for n documents. CM_ENOMEM. */
cm_status cm_dedupe_keyed_init(cm_dedupe_keyed *d, size_t n, cm_error *err);
void cm_dedupe_keyed_destroy(cm_dedupe_keyed *d);
/* cm_dedupe_run_next() of --dedupe exact for document i, all before it decided: `key` its
 * key (NULL: not read), `text` its text, hashed only when an earlier kept document has its
 * key, that document then through `again` (once). `*kept` the document it copies, or
 * SIZE_MAX. The same decisions as cm_dedupe_decide() over cm_fingerprint_exact(). */
cm_status cm_dedupe_keyed_next(cm_dedupe_keyed *d, size_t i, const uint64_t *key, const char *text,
                               size_t len, cm_dedupe_again_fn again, void *ctx, size_t *kept,
                               cm_error *err);

#endif
