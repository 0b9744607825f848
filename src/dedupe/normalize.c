/* comention: normalization for the fingerprints. News text is mostly ASCII with a few other
 * characters (quotes, dashes, names); utf8proc_map() decodes, decomposes and re-encodes
 * every character, which was most of the --dedupe pre-pass. The text is cut before each
 * ASCII character that an ASCII character follows, and only the pieces between go through
 * utf8proc: such a cut changes nothing, since an ASCII character is a starter (combining
 * class 0: no reordering crosses it) and the second half of no composition, while its
 * own NFKC is itself and its case fold its lower case. An ASCII character followed by a
 * non-ASCII one stays with it (a combining mark may compose with it). */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "dedupe/normalize.h"
#include "util/util.h"

#define NORM_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD)

void cm_norm_init(cm_norm *n)
{
    memset(n, 0, sizeof(*n));
}

void cm_norm_destroy(cm_norm *n)
{
    cm_free(n->out);
    cm_free(n->cps);
    cm_norm_init(n);
}

/* Room for `extra` more output bytes. */
static cm_status out_room(cm_norm *n, size_t extra, cm_error *err)
{
    return cm_grow(&n->out, &n->cap, n->len + extra, 1, err);
}

/* Decompose one piece into n->cps (growing it once to the size utf8proc asks for). */
static utf8proc_ssize_t decompose(cm_norm *n, const unsigned char *t, size_t len, cm_error *err)
{
    utf8proc_ssize_t k = utf8proc_decompose(t, (utf8proc_ssize_t)len, n->cps,
                                            (utf8proc_ssize_t)n->cap_cps, NORM_OPTS);
    if (k < 0 || (size_t)k <= n->cap_cps) {
        return k;
    }
    /* one more code point's room: re-encoding ends the bytes with a NUL */
    if (cm_grow(&n->cps, &n->cap_cps, (size_t)k + 1, sizeof(*n->cps), err) != CM_OK) {
        return UTF8PROC_ERROR_NOMEM;
    }
    n->cap_cps--;
    return utf8proc_decompose(t, (utf8proc_ssize_t)len, n->cps, (utf8proc_ssize_t)n->cap_cps,
                              NORM_OPTS);
}

/* One piece through utf8proc, appended; its error code (negative) or 0. */
static utf8proc_ssize_t norm_piece(cm_norm *n, const unsigned char *t, size_t len, cm_error *err)
{
    utf8proc_ssize_t k = decompose(n, t, len, err);

    if (k >= 0) {
        k = utf8proc_reencode(n->cps, k, NORM_OPTS); /* composes, then UTF-8 in place */
    }
    if (k < 0) {
        return k;
    }
    if (out_room(n, (size_t)k, err) != CM_OK) {
        return UTF8PROC_ERROR_NOMEM;
    }
    memcpy(n->out + n->len, n->cps, (size_t)k);
    n->len += (size_t)k;
    return 0;
}

/* Is t[i] the start of a piece that needs utf8proc (see the top of the file)? */
static int needs_utf8proc(const unsigned char *t, size_t i, size_t len)
{
    return t[i] >= 0x80 || (i + 1 < len && t[i + 1] >= 0x80);
}

#define ONES 0x0101010101010101ull

/* The ASCII text from t[i], eight bytes at a time while the eight and the byte after them
 * are ASCII, lower-cased (bytes 'A' to 'Z' get 0x20) into n->out; where it stopped. */
static size_t ascii_words(cm_norm *n, const unsigned char *t, size_t i, size_t len)
{
    for (; i + 8 < len && t[i + 8] < 0x80; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        if (w & (ONES * 0x80)) {
            break;
        }
        /* per byte, no carry between bytes (each < 0x80): high bit set from 'A', and past 'Z' */
        uint64_t upper = (w + ONES * (0x80 - 'A')) & ~(w + ONES * (0x80 - 'Z' - 1)) & (ONES * 0x80);
        w |= upper >> 2;
        memcpy(n->out + n->len, &w, 8);
        n->len += 8;
    }
    return i;
}

cm_status cm_norm_text(cm_norm *n, const unsigned char *t, size_t len, int *invalid, cm_error *err)
{
    size_t i = 0;

    n->len = 0;
    *invalid = 0;
    if (out_room(n, len, err) != CM_OK) {
        return CM_ENOMEM;
    }
    while (i < len) {
        size_t j = i;
        if (!needs_utf8proc(t, i, len)) {
            /* each ASCII byte one byte out: the room taken above per input byte holds */
            j = ascii_words(n, t, i, len);
            for (; j < len && !needs_utf8proc(t, j, len); j++) {
                n->out[n->len++] =
                    (unsigned char)((unsigned)t[j] - 'A' < 26u ? t[j] + ('a' - 'A') : t[j]);
            }
        } else {
            while (++j < len && needs_utf8proc(t, j, len)) {
            }
            utf8proc_ssize_t rc = norm_piece(n, t + i, j - i, err);
            if (rc == UTF8PROC_ERROR_NOMEM) {
                return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
            }
            if (rc < 0) {
                *invalid = 1;
                return CM_OK;
            }
            if (out_room(n, len - j, err) != CM_OK) {
                return CM_ENOMEM;
            }
        }
        i = j;
    }
    return CM_OK;
}
