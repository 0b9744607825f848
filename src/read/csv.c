/* comention: CSV (RFC 4180) with a header row, through libcsv: quoted fields may hold
 * commas, doubled quotes and line breaks. The file is fed to libcsv a line at a time so a
 * record's first line is known (it names records without an id). */
#include <string.h>
#include <csv.h>
#include "read/read_int.h"

enum { F_ID, F_TITLE, F_TEXT, F_DATE, N_FIELDS };

typedef struct csv_state {
    cm_records *out;
    const cm_record_spec *spec;
    cm_error *err;
    cm_status rc;
    int header_done;
    long cols[N_FIELDS]; /* column of each field, -1 when the header has none */
    cm_buf vals[N_FIELDS];
    int have[N_FIELDS];
    long col;          /* column of the next field */
    size_t line;       /* line being fed, from 1 */
    size_t start_line; /* first line of the record being read */
    int need_start;    /* the next line that is not blank starts a record */
} csv_state;

static void header_field(csv_state *st, const char *s, size_t len)
{
    const char *names[N_FIELDS] = {st->spec->id, st->spec->title, st->spec->text, st->spec->date};
    if (st->col == 0 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
        s += 3, len -= 3; /* a byte order mark, as spreadsheet programs write */
    }
    for (int k = 0; k < N_FIELDS; k++) {
        if (st->cols[k] < 0 && strlen(names[k]) == len && memcmp(names[k], s, len) == 0) {
            st->cols[k] = st->col;
        }
    }
}

static void on_field(void *s, size_t len, void *data)
{
    csv_state *st = data;

    if (st->rc != CM_OK) {
        return;
    }
    if (!st->header_done) {
        header_field(st, s, len);
    }
    for (int k = 0; st->header_done && k < N_FIELDS; k++) {
        if (st->cols[k] == st->col) {
            cm_buf_put(&st->vals[k], s ? s : "", len);
            st->have[k] = 1;
        }
    }
    st->col++;
}

static const char *value(csv_state *st, int k)
{
    return st->have[k] && !st->vals[k].failed ? (st->vals[k].data ? st->vals[k].data : "") : NULL;
}

static void on_record(int c, void *data)
{
    csv_state *st = data;
    (void)c;

    st->need_start = 1;
    st->col = 0;
    if (st->rc != CM_OK) {
        return;
    }
    if (!st->header_done) {
        st->header_done = 1;
        if (st->cols[F_TEXT] < 0) {
            st->rc = cm_error_set(st->err, CM_EINPUT, st->spec->file, 1,
                                  "no column '%s' in the header row", st->spec->text);
        }
        return;
    }
    for (int k = 0; k < N_FIELDS; k++) {
        if (st->vals[k].failed) {
            st->rc = cm_error_set(st->err, CM_ENOMEM, NULL, 0, "out of memory");
        }
    }
    const char *text = value(st, F_TEXT);
    if (st->rc == CM_OK) {
        st->rc =
            cm_records_add(st->out, st->spec, st->start_line, value(st, F_ID), value(st, F_TITLE),
                           text, text ? st->vals[F_TEXT].len : 0, value(st, F_DATE), st->err);
    }
    for (int k = 0; k < N_FIELDS; k++) {
        cm_buf_clear(&st->vals[k]);
        st->have[k] = 0;
    }
}

static int blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\r' && s[i] != '\n') {
            return 0;
        }
    }
    return 1;
}

/* Feed the text a line at a time; a record starts on the first line after the last one
 * ended that is not blank. */
static void feed(struct csv_parser *p, csv_state *st, const char *s, size_t n)
{
    for (size_t i = 0; i < n && st->rc == CM_OK;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) + 1 : n;
        st->line++;
        if (st->need_start && !blank_line(s + i, e - i)) {
            st->start_line = st->line;
            st->need_start = 0;
        }
        if (csv_parse(p, s + i, e - i, on_field, on_record, st) != e - i) {
            st->rc = cm_error_set(st->err, CM_ENOMEM, NULL, 0, "out of memory");
        }
        i = e;
    }
}

cm_status cm_csv_read(cm_records *out, const cm_record_spec *spec, const char *s, size_t n,
                      cm_error *err)
{
    csv_state st = {out, spec, err, CM_OK, 0, {-1, -1, -1, -1}, {{0}}, {0}, 0, 0, 1, 1};
    struct csv_parser p;

    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (int k = 0; k < N_FIELDS; k++) {
        cm_buf_init(&st.vals[k]);
    }
    feed(&p, &st, s, n);
    if (st.rc == CM_OK) {
        csv_fini(&p, on_field, on_record, &st);
    }
    if (st.rc == CM_OK && !st.header_done) {
        st.rc = cm_error_set(err, CM_EINPUT, spec->file, 1, "no header row");
    }
    csv_free(&p);
    for (int k = 0; k < N_FIELDS; k++) {
        cm_buf_destroy(&st.vals[k]);
    }
    return st.rc == CM_OK ? cm_records_finish(out, spec->file, err) : st.rc;
}
