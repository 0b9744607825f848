/* comention: the documents of a JSONL or CSV file, one per record, whatever the format:
 * the doc id from the file and the id field (or the line), the text from the title and the
 * text field, the day from the date field. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "read/read_int.h"

static cm_status oom(cm_error *err)
{
    return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
}

void cm_record_spec_init(cm_record_spec *spec, const char *file, const cm_read_opts *opts)
{
    spec->file = file;
    spec->id = opts && opts->id_field ? opts->id_field : "id";
    spec->text = opts && opts->text_field ? opts->text_field : "text";
    spec->title = opts && opts->title_field ? opts->title_field : "title";
    spec->date = opts && opts->date_field ? opts->date_field : "date";
}

/* FILE#ID, FILE#LINE without an id; FILE:LINE (sep ':') for a record that is skipped, so
 * it is never taken for a document's id. */
static char *make_id(const cm_record_spec *spec, const char *id, size_t line, char sep)
{
    cm_buf b;
    cm_buf_init(&b);
    cm_buf_puts(&b, spec->file);
    cm_buf_putc(&b, sep);
    if (id && id[0]) {
        cm_buf_puts(&b, id);
    } else {
        cm_buf_put_uint(&b, line);
    }
    if (b.failed || !b.data) {
        cm_buf_destroy(&b);
        return NULL;
    }
    return b.data;
}

static cm_record *new_record(cm_records *out, cm_error *err)
{
    if (cm_grow(&out->items, &out->cap, out->n + 1, sizeof(*out->items), err) != CM_OK) {
        return NULL;
    }
    cm_record *r = &out->items[out->n];
    memset(r, 0, sizeof(*r));
    r->day = CM_DAY_NONE;
    return r;
}

cm_status cm_records_skip(cm_records *out, const cm_record_spec *spec, size_t line,
                          const char *reason, cm_error *err)
{
    cm_record *r = new_record(out, err);
    if (!r) {
        return CM_ENOMEM;
    }
    r->line = line;
    r->id = make_id(spec, NULL, line, ':');
    r->reason = cm_strdup(reason);
    if (!r->id || !r->reason) {
        cm_free(r->id);
        cm_free(r->reason);
        return oom(err);
    }
    out->n++;
    return CM_OK;
}

int cm_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != ' ' && (s[i] < '\t' || s[i] > '\r')) {
            return 0;
        }
    }
    return 1;
}

/* The title as a headline paragraph before the text (src/text/kinds.c marks it a headline
 * for --units body), unless the text already starts with it, as scraped dumps often do:
 * then it would be counted twice. */
static char *join_text(const char *title, const char *text, size_t n, size_t *len)
{
    size_t skip = 0, tl = title ? strlen(title) : 0;
    cm_buf b;

    while (skip < n && cm_is_blank(text + skip, 1)) {
        skip++;
    }
    cm_buf_init(&b);
    if (tl > 0 && !cm_is_blank(title, tl) &&
        !(n - skip >= tl && memcmp(text + skip, title, tl) == 0)) {
        cm_buf_puts(&b, title);
        cm_buf_puts(&b, "\n\n");
    }
    cm_buf_put(&b, text, n);
    if (b.failed || !b.data) {
        cm_buf_destroy(&b);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

cm_status cm_records_add(cm_records *out, const cm_record_spec *spec, size_t line, const char *id,
                         const char *title, const char *text, size_t text_len, const char *date,
                         cm_error *err)
{
    char reason[CM_REASON_LEN];
    int32_t day;
    cm_record *r;

    if (!text || cm_is_blank(text, text_len)) {
        snprintf(reason, sizeof(reason), "%s text field '%s'", text ? "empty" : "no", spec->text);
        return cm_records_skip(out, spec, line, reason, err);
    }
    if (!(r = new_record(out, err))) {
        return CM_ENOMEM;
    }
    r->line = line;
    r->id = make_id(spec, id, line, '#');
    r->text = join_text(title, text, text_len, &r->len);
    if (!r->id || !r->text) {
        cm_free(r->id);
        cm_free(r->text);
        return oom(err);
    }
    if (date && cm_date_parse(&day, date, strlen(date)) == 0) {
        r->day = day;
    }
    out->n++;
    return CM_OK;
}

static int by_id_then_line(const void *x, const void *y)
{
    const cm_record *a = *(cm_record *const *)x, *b = *(cm_record *const *)y;
    int c = strcmp(a->id, b->id);
    return c ? c : a->line < b->line ? -1 : a->line > b->line;
}

/* Record r repeats the id of `first`: it is skipped, named by its line. */
static cm_status mark_repeat(cm_record *r, const cm_record *first, const char *file, cm_error *err)
{
    cm_record_spec spec = {file, NULL, NULL, NULL, NULL};
    char *id = make_id(&spec, NULL, r->line, ':');
    cm_buf why;

    cm_buf_init(&why);
    cm_buf_printf(&why, "id repeats line %zu", first->line);
    if (!id || why.failed) {
        cm_free(id);
        cm_buf_destroy(&why);
        return oom(err);
    }
    cm_free(r->id);
    cm_free(r->text);
    r->id = id;
    r->text = NULL;
    r->len = 0;
    r->reason = why.data;
    return CM_OK;
}

cm_status cm_records_finish(cm_records *out, const char *file, cm_error *err)
{
    cm_record **order;
    cm_status rc = CM_OK;

    if (out->n < 2) {
        return CM_OK;
    }
    if (!(order = cm_malloc(out->n * sizeof(*order)))) {
        return oom(err);
    }
    for (size_t i = 0; i < out->n; i++) {
        order[i] = &out->items[i];
    }
    qsort(order, out->n, sizeof(*order), by_id_then_line);
    for (size_t i = 0, first = SIZE_MAX; i < out->n && rc == CM_OK; i++) {
        if (order[i]->reason) {
            continue;
        }
        if (first != SIZE_MAX && strcmp(order[i]->id, order[first]->id) == 0) {
            rc = mark_repeat(order[i], order[first], file, err);
        } else {
            first = i;
        }
    }
    cm_free(order);
    return rc;
}

void cm_records_destroy(cm_records *r)
{
    for (size_t i = 0; i < r->n; i++) {
        cm_free(r->items[i].id);
        cm_free(r->items[i].text);
        cm_free(r->items[i].reason);
    }
    cm_free(r->items);
    memset(r, 0, sizeof(*r));
}
