/* comention: the normalized text that fingerprints hash (NFKC, case folded), as
 * utf8proc_map() gives it, without sending the ASCII characters through utf8proc. */
#ifndef CM_DEDUPE_NORMALIZE_H
#define CM_DEDUPE_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>
#include "comention/error.h"

/* The normalized text and utf8proc's scratch, kept from one call to the next. */
typedef struct cm_norm {
    unsigned char *out; /* the normalized text: `len` bytes; owned */
    size_t len, cap;
    int32_t *cps; /* code points of one run through utf8proc; owned */
    size_t cap_cps;
} cm_norm;

void cm_norm_init(cm_norm *n);
void cm_norm_destroy(cm_norm *n);

/* Normalize text[0..len) into n->out: the bytes of utf8proc_map(text, STABLE | COMPOSE |
 * COMPAT | CASEFOLD). *invalid is set when that would fail on invalid UTF-8 (n->out is
 * then meaningless). CM_ENOMEM when out of memory. */
cm_status cm_norm_text(cm_norm *n, const unsigned char *text, size_t len, int *invalid,
                       cm_error *err);

#endif
