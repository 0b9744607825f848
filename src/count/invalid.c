/* comention: the documents with invalid UTF-8, as report.json lists them. A bad archive
 * can hold millions, so the counts keep the totals of all of them and, by name, only the
 * CM_INVALID_LISTED first in doc-id byte order. The first N of a union are among the first N
 * of its parts, so every split of a corpus, merged in any order, lists the same documents as
 * one run: -j, shards and `build` agree byte for byte. */
#include <string.h>
#include "count/count_int.h"

/* Doc id, then offset and size: one order even for a document counted in two shards. */
static int invalid_cmp(const cm_invalid_doc *a, const char *id, uint64_t first, uint64_t bytes)
{
    int c = strcmp(a->id, id);
    if (c) {
        return c;
    }
    if (a->first != first) {
        return a->first < first ? -1 : 1;
    }
    return a->bytes < bytes ? -1 : a->bytes > bytes;
}

/* Where the record goes in the sorted list: after every record that sorts before it. */
static size_t invalid_at(const cm_counts *c, const char *id, uint64_t first, uint64_t bytes)
{
    size_t lo = 0, hi = c->n_invalid;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (invalid_cmp(&c->invalid[mid], id, first, bytes) <= 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Insert the record when it is among the first CM_INVALID_LISTED, dropping the last. In
 * doc-id order (as one worker reads), a full list refuses the next one at its first compare. */
static cm_status list_insert(cm_counts *c, const char *id, uint64_t bytes, uint64_t first,
                             cm_error *err)
{
    size_t at = invalid_at(c, id, first, bytes);
    char *copy;

    if (at >= CM_INVALID_LISTED) {
        return CM_OK;
    }
    copy = cm_strdup(id);
    if (!copy) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (c->n_invalid == CM_INVALID_LISTED) {
        cm_free(c->invalid[--c->n_invalid].id);
    }
    cm_status rc =
        cm_grow(&c->invalid, &c->cap_invalid, c->n_invalid + 1, sizeof(*c->invalid), err);
    if (rc != CM_OK) {
        cm_free(copy);
        return rc;
    }
    memmove(&c->invalid[at + 1], &c->invalid[at], (c->n_invalid - at) * sizeof(*c->invalid));
    c->invalid[at] = (cm_invalid_doc){copy, bytes, first};
    c->n_invalid++;
    return CM_OK;
}

static cm_status add_totals(cm_counts *c, uint64_t docs, uint64_t bytes, cm_error *err)
{
    if (c->invalid_docs > UINT64_MAX - docs || c->invalid_bytes > UINT64_MAX - bytes) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "counts over 2^64 - 1 once added");
    }
    c->invalid_docs += docs;
    c->invalid_bytes += bytes;
    return CM_OK;
}

cm_status cm_counts_add_invalid(cm_counts *c, const char *id, uint64_t bytes, uint64_t first,
                                cm_error *err)
{
    cm_status rc = add_totals(c, 1, bytes, err);
    return rc == CM_OK ? list_insert(c, id, bytes, first, err) : rc;
}

cm_status cm_counts_merge_invalid(cm_counts *dst, const cm_counts *src, cm_error *err)
{
    cm_status rc = add_totals(dst, src->invalid_docs, src->invalid_bytes, err);

    for (size_t i = 0; i < src->n_invalid && rc == CM_OK; i++) {
        const cm_invalid_doc *d = &src->invalid[i];
        rc = list_insert(dst, d->id, d->bytes, d->first, err);
    }
    return rc;
}

void cm_counts_free_invalid(cm_counts *c)
{
    for (size_t i = 0; i < c->n_invalid; i++) {
        cm_free(c->invalid[i].id);
    }
    cm_free(c->invalid);
    c->invalid = NULL;
    c->n_invalid = c->cap_invalid = 0;
}

uint64_t cm_counts_invalid_documents(const cm_counts *c)
{
    return c->invalid_docs;
}

uint64_t cm_counts_invalid_bytes(const cm_counts *c)
{
    return c->invalid_bytes;
}

size_t cm_counts_n_invalid_listed(const cm_counts *c)
{
    return c->n_invalid;
}

const cm_invalid_doc *cm_counts_invalid(const cm_counts *c, size_t i)
{
    return &c->invalid[i];
}
