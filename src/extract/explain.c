/* comention: the QA table behind --explain. Per entity, the aliases that hit and how
 * often; per alias, the candidates refused and by which rule, so a user can audit noise
 * ("us" refused by the case rule of US, "Singh" left unresolved) without reading every
 * mention. */
#include <stdlib.h>
#include <string.h>
#include "comention/extract.h"
#include "util/util.h"

/* result codes: 0 hit, 1 + cm_reject_reason; three bits of a row's key */
#define RESULT_BITS 3

struct cm_explain {
    cm_map64 counts; /* alias << RESULT_BITS | result → row */
    uint64_t *n;     /* count per row */
    uint64_t *keys;  /* key per row */
    size_t rows, cap;
};

cm_status cm_explain_new(cm_explain **out, cm_error *err)
{
    *out = cm_calloc(1, sizeof(**out));
    if (!*out) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_map64_init(&(*out)->counts);
    return CM_OK;
}

void cm_explain_free(cm_explain *x)
{
    if (!x) {
        return;
    }
    cm_map64_destroy(&x->counts);
    cm_free(x->n);
    cm_free(x->keys);
    cm_free(x);
}

static cm_status bump_key(cm_explain *x, uint64_t key, uint64_t by, cm_error *err)
{
    size_t row = cm_map64_get(&x->counts, key);
    cm_status rc = CM_OK;

    if (row == SIZE_MAX) {
        size_t cap = x->cap;
        rc = cm_grow(&x->n, &x->cap, x->rows + 1, sizeof(*x->n), err);
        if (rc == CM_OK) {
            rc = cm_grow(&x->keys, &cap, x->rows + 1, sizeof(*x->keys), err);
        }
        if (rc == CM_OK) {
            row = x->rows++;
            x->n[row] = 0;
            x->keys[row] = key;
            rc = cm_map64_put(&x->counts, key, row, err);
        }
    }
    if (rc == CM_OK) {
        x->n[row] += by;
    }
    return rc;
}

static cm_status bump(cm_explain *x, size_t alias, unsigned result, cm_error *err)
{
    return bump_key(x, ((uint64_t)alias << RESULT_BITS) | result, 1, err);
}

cm_status cm_explain_merge(cm_explain *x, const cm_explain *src, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t i = 0; i < src->rows && rc == CM_OK; i++) {
        rc = bump_key(x, src->keys[i], src->n[i], err);
    }
    return rc;
}

cm_status cm_explain_add(cm_explain *x, const cm_mentions *m, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t i = 0; i < m->n && rc == CM_OK; i++) {
        rc = bump(x, m->items[i].alias, 0, err);
    }
    for (size_t i = 0; i < m->n_rejected && rc == CM_OK; i++) {
        rc = bump(x, m->rejected[i].alias, 1 + (unsigned)m->rejected[i].reason, err);
    }
    return rc;
}

typedef struct row {
    const char *entity, *type, *label, *alias;
    unsigned result;
    uint64_t n;
} row;

static int row_order(const void *x, const void *y)
{
    const row *a = x, *b = y;
    int c = strcmp(a->entity, b->entity);
    if (c == 0 && a->result != b->result) {
        c = a->result < b->result ? -1 : 1;
    }
    return c ? c : strcmp(a->alias, b->alias);
}

cm_status cm_explain_write(const char *path, const cm_explain *x, const cm_lexicon *lex,
                           cm_error *err)
{
    row *rows = cm_malloc((x->rows + 1) * sizeof(*rows));
    cm_buf b;
    cm_status rc;

    if (!rows) {
        return cm_error_set(err, CM_ENOMEM, path, 0, "out of memory");
    }
    for (size_t i = 0; i < x->rows; i++) {
        cm_alias_info a;
        cm_lexicon_alias(&a, lex, (size_t)(x->keys[i] >> RESULT_BITS));
        const cm_entity *e = a.entity == SIZE_MAX ? NULL : cm_lexicon_entity(lex, a.entity);
        rows[i] = (row){e ? e->id : "-",
                        e ? cm_type_name(e->type) : "-",
                        e ? e->name : "-",
                        a.text,
                        (unsigned)(x->keys[i] & ((1u << RESULT_BITS) - 1)),
                        x->n[i]};
    }
    qsort(rows, x->rows, sizeof(*rows), row_order);
    cm_buf_init(&b);
    cm_buf_puts(&b, "entity\ttype\tlabel\tresult\talias\tcount\n");
    for (size_t i = 0; i < x->rows; i++) {
        unsigned r = rows[i].result;
        cm_buf_printf(&b, "%s\t%s\t%s\t%s%s\t", rows[i].entity, rows[i].type, rows[i].label,
                      r ? "rejected:" : "hit", r ? cm_reject_reason_name(r - 1) : "");
        cm_buf_put_text(&b, rows[i].alias, strlen(rows[i].alias), false);
        cm_buf_printf(&b, "\t%llu\n", (unsigned long long)rows[i].n);
    }
    rc = cm_write_file(path, &b, err);
    cm_buf_destroy(&b);
    cm_free(rows);
    return rc;
}
