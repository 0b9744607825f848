/* comention: wire copies. A fingerprint per document (a hash of its normalized text, and a
 * MinHash signature of its word shingles), then, over all fingerprints in document-id
 * order, which documents are copies of an earlier one (docs/design.md §9). */
#ifndef COMENTION_DEDUPE_H
#define COMENTION_DEDUPE_H

#include <stddef.h>
#include <stdint.h>
#include "comention/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Hashes in a MinHash signature. */
#define CM_MINHASH 64
/** LSH bands of the signature (CM_MINHASH / CM_BANDS rows each). */
#define CM_BANDS 16
/** Words per shingle. */
#define CM_SHINGLE 5

/** A document's fingerprint. */
typedef struct cm_fingerprint {
    /** 64-bit FNV-1a of the normalized text: NFKC, case folded, every run of white space
     *  one space, none at the ends (cm_fingerprint_exact() puts another hash of that text
     *  here) */
    uint64_t exact;
    /** per seeded hash, the least hash of the document's shingles of CM_SHINGLE words
     *  (words: runs of letters and digits of the normalized text; a shorter text is one
     *  shingle) */
    uint64_t minhash[CM_MINHASH];
} cm_fingerprint;

/**
 * Fingerprint a text. Time linear in its length; memory: its normalized copy.
 *
 * @param fp    filled in
 * @param text  UTF-8 (invalid bytes are hashed as they are)
 * @param len   its length in bytes
 * @param err   CM_ENOMEM
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_fingerprint_text(cm_fingerprint *fp, const char *text, size_t len, cm_error *err);

/**
 * Only an exact hash of a text (what --dedupe exact compares), at a fraction of the cost:
 * fp->minhash is left all UINT64_MAX. fp->exact is not the FNV-1a of cm_fingerprint_text()
 * but a hash of the same normalized text taken eight bytes at a time: two texts get equal
 * values exactly when they get equal FNV-1a values (but for 64-bit collisions), so compare
 * it only with other cm_fingerprint_exact() values.
 *
 * @param fp    filled in
 * @param text  UTF-8 (invalid bytes are hashed as they are)
 * @param len   its length in bytes
 * @param err   CM_ENOMEM
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_fingerprint_exact(cm_fingerprint *fp, const char *text, size_t len, cm_error *err);

/** @param a a fingerprint @param b another
 *  @return the share of equal MinHash values: an estimate of the Jaccard similarity of the
 *  two documents' shingle sets */
double cm_fingerprint_similarity(const cm_fingerprint *a, const cm_fingerprint *b);

/** Least estimated Jaccard similarity of a near copy (cm_fingerprint_similarity()). */
#define CM_NEAR_THRESHOLD 0.8

/** What became of a document. */
typedef struct cm_dedupe_of {
    size_t kept; /**< the document it copies, or SIZE_MAX when it is kept */
    int near;    /**< 1 for a near copy, 0 for an exact one */
} cm_dedupe_of;

/**
 * Decide, in index order, which documents are copies: a document is an exact copy of the
 * first earlier kept document with its `exact` hash; with `near`, else a near
 * copy of the first earlier kept document whose similarity reaches CM_NEAR_THRESHOLD,
 * candidates found by LSH banding (documents sharing one band of the signature), so time
 * is about linear in n, not quadratic. The result depends only on the fingerprints and
 * their order. Memory: O(n · CM_BANDS).
 *
 * @param out   n entries, filled in
 * @param fps   the fingerprints, in document-id order; NULL entries (documents not read)
 *              are kept and match nothing
 * @param n     their number
 * @param near  1 to look for near copies too
 * @param err   CM_ENOMEM
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_dedupe_decide(cm_dedupe_of *out, const cm_fingerprint *const *fps, size_t n, int near,
                           cm_error *err);

#ifdef __cplusplus
}
#endif

#endif
