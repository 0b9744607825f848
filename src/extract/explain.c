/* comention: the QA table behind --explain. Per entity, the aliases that hit and how
 * often; per alias, the candidates refused and by which rule, so a user can audit noise
 * ("us" refused by the case rule of US, "Singh" left unresolved) without reading every
 * mention. Mentions found by a discovery or coreference rule have no alias: they are
 * listed by their surface text, with result "discovered:<rule>". */
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
    /* Rows of rule-found mentions: "entity\ttype\tlabel\tresult\tsurface" → row. */
    cm_strmap text_rows;
    char **text_keys; /* owned */
    uint64_t *text_n;
    size_t n_text, cap_text;
};

cm_status cm_explain_new(cm_explain **out, cm_error *err)
{
    *out = cm_calloc(1, sizeof(**out));
    if (!*out) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_map64_init(&(*out)->counts);
    cm_strmap_init(&(*out)->text_rows);
    return CM_OK;
}

void cm_explain_free(cm_explain *x)
{
    if (!x) {
        return;
    }
    cm_map64_destroy(&x->counts);
    cm_strmap_destroy(&x->text_rows);
    for (size_t i = 0; i < x->n_text; i++) {
        cm_free(x->text_keys[i]);
    }
    cm_free(x->text_keys);
    cm_free(x->text_n);
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

/* Count `by` more for the text row `key`; the key is taken (freed on failure too). */
static cm_status bump_text(cm_explain *x, char *key, uint64_t by, cm_error *err)
{
    size_t row = cm_strmap_get(&x->text_rows, key), cap = x->cap_text;
    cm_status rc = CM_OK;

    if (row != SIZE_MAX) {
        x->text_n[row] += by;
        cm_free(key);
        return CM_OK;
    }
    rc = cm_grow(&x->text_keys, &x->cap_text, x->n_text + 1, sizeof(*x->text_keys), err);
    if (rc == CM_OK) {
        rc = cm_grow(&x->text_n, &cap, x->n_text + 1, sizeof(*x->text_n), err);
    }
    if (rc == CM_OK) {
        rc = cm_strmap_put(&x->text_rows, key, x->n_text, err);
    }
    if (rc != CM_OK) {
        cm_free(key);
        return rc;
    }
    x->text_keys[x->n_text] = key;
    x->text_n[x->n_text++] = by;
    return CM_OK;
}

cm_status cm_explain_merge(cm_explain *x, const cm_explain *src, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t i = 0; i < src->rows && rc == CM_OK; i++) {
        rc = bump_key(x, src->keys[i], src->n[i], err);
    }
    for (size_t i = 0; i < src->n_text && rc == CM_OK; i++) {
        char *key = cm_strdup(src->text_keys[i]);
        rc = key ? bump_text(x, key, src->text_n[i], err)
                 : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return rc;
}

/* The row of a mention a rule found: its entity, "discovered:<rule>" and the text as
 * written, whitespace runs as one space. */
static cm_status bump_rule(cm_explain *x, const cm_mentions *m, const cm_mention *mn,
                           const cm_lexicon *lex, cm_error *err)
{
    const cm_entity *e = cm_mention_entity(m, mn, lex);
    const char *text = m->seg->doc->text;
    cm_buf b;

    cm_buf_init(&b);
    cm_buf_printf(&b, "%s\t%s\t%s\t%s:%s\t", e->id, cm_type_name(e->type), e->name,
                  mn->discovered ? "discovered" : "rule", cm_rule_name((cm_rule)mn->rule));
    for (size_t i = mn->start; i < mn->end; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            if (i == mn->start || (text[i - 1] != ' ' && text[i - 1] != '\t' &&
                                   text[i - 1] != '\n' && text[i - 1] != '\r')) {
                cm_buf_putc(&b, ' ');
            }
        } else {
            cm_buf_putc(&b, (char)ch);
        }
    }
    cm_buf_putc(&b, '\0');
    if (b.failed) {
        cm_buf_destroy(&b);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return bump_text(x, b.data, 1, err);
}

cm_status cm_explain_add(cm_explain *x, const cm_mentions *m, const cm_lexicon *lex, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t i = 0; i < m->n && rc == CM_OK; i++) {
        rc = m->items[i].rule == CM_RULE_ALIAS ? bump(x, m->items[i].alias, 0, err)
                                               : bump_rule(x, m, &m->items[i], lex, err);
    }
    for (size_t i = 0; i < m->n_rejected && rc == CM_OK; i++) {
        rc = bump(x, m->rejected[i].alias, 1 + (unsigned)m->rejected[i].reason, err);
    }
    return rc;
}

typedef struct row {
    const char *entity, *type, *label, *result, *alias;
    unsigned rank; /* lexicon results first (0 hit, 1 + cm_reject_reason), then
                      rule-found ones (TEXT_RANK) */
    uint64_t n;
} row;

static int row_order(const void *x, const void *y)
{
    const row *a = x, *b = y;
    int c = strcmp(a->entity, b->entity);
    if (c == 0 && a->rank != b->rank) {
        c = a->rank < b->rank ? -1 : 1;
    }
    if (c == 0) {
        c = strcmp(a->result, b->result);
    }
    return c ? c : strcmp(a->alias, b->alias);
}

/* The rank of the rows of rule-found mentions: after every lexicon result. */
#define TEXT_RANK (1u << RESULT_BITS)

/* A text row's fields, cut out of a copy of its key (`copy` is the caller's). */
static int text_row(row *r, char **copy, const char *key, uint64_t n)
{
    char *f[5];
    if (!(*copy = cm_strdup(key))) {
        return -1;
    }
    f[0] = *copy;
    for (int i = 1; i < 5; i++) {
        f[i] = strchr(f[i - 1], '\t');
        *f[i]++ = '\0'; /* the key was built with four tabs */
    }
    *r = (row){f[0], f[1], f[2], f[3], f[4], TEXT_RANK, n};
    return 0;
}

static void put_rows(cm_buf *b, const row *rows, size_t n)
{
    cm_buf_puts(b, "entity\ttype\tlabel\tresult\talias\tcount\n");
    for (size_t i = 0; i < n; i++) {
        unsigned r = rows[i].rank;
        cm_buf_printf(b, "%s\t%s\t%s\t", rows[i].entity, rows[i].type, rows[i].label);
        if (r == TEXT_RANK) {
            cm_buf_puts(b, rows[i].result);
        } else {
            cm_buf_printf(b, "%s%s", r ? "rejected:" : "hit",
                          r ? cm_reject_reason_name((cm_reject_reason)(r - 1)) : "");
        }
        cm_buf_putc(b, '\t');
        cm_buf_put_text(b, rows[i].alias, strlen(rows[i].alias), false);
        cm_buf_printf(b, "\t%llu\n", (unsigned long long)rows[i].n);
    }
}

cm_status cm_explain_write(const char *path, const cm_explain *x, const cm_lexicon *lex,
                           cm_error *err)
{
    size_t n = x->rows + x->n_text;
    row *rows = cm_malloc((n + 1) * sizeof(*rows));
    char **copies = cm_calloc(x->n_text + 1, sizeof(*copies));
    cm_buf b;
    cm_status rc = CM_OK;

    for (size_t i = 0; rows && copies && i < x->rows; i++) {
        cm_alias_info a;
        cm_lexicon_alias(&a, lex, (size_t)(x->keys[i] >> RESULT_BITS));
        const cm_entity *e = a.entity == SIZE_MAX ? NULL : cm_lexicon_entity(lex, a.entity);
        unsigned r = (unsigned)(x->keys[i] & ((1u << RESULT_BITS) - 1));
        rows[i] = (row){
            e ? e->id : "-", e ? cm_type_name(e->type) : "-", e ? e->name : "-", "", a.text, r,
            x->n[i]};
    }
    for (size_t i = 0; rows && copies && i < x->n_text && rc == CM_OK; i++) {
        if (text_row(&rows[x->rows + i], &copies[i], x->text_keys[i], x->text_n[i]) != 0) {
            rc = cm_error_set(err, CM_ENOMEM, path, 0, "out of memory");
        }
    }
    if (!rows || !copies) {
        rc = cm_error_set(err, CM_ENOMEM, path, 0, "out of memory");
    }
    if (rc == CM_OK) {
        qsort(rows, n, sizeof(*rows), row_order);
        cm_buf_init(&b);
        put_rows(&b, rows, n);
        rc = cm_write_file(path, &b, err);
        cm_buf_destroy(&b);
    }
    for (size_t i = 0; copies && i < x->n_text; i++) {
        cm_free(copies[i]);
    }
    cm_free(copies);
    cm_free(rows);
    return rc;
}
