/* comention: the --dates table, doc id → publication date, for inputs that carry no date of
 * their own (plain text). Two forms, told apart by the file name: tab-separated (`ID<TAB>
 * DATE`) or, for a name ending in `.csv`, comma-separated with RFC 4180 quotes (a quoted
 * field may hold commas and doubled quotes, not line breaks). The ids point into the file's
 * bytes, which the table keeps, cut in place. */
#include <string.h>
#include "comention/read.h"
#include "util/util.h"

struct cm_dates {
    cm_buf text;   /* the file, its fields NUL-terminated in place */
    int32_t *days; /* by entry */
    size_t n, cap;
    cm_strmap by_id; /* id (into text) → entry */
};

void cm_dates_free(cm_dates *t)
{
    if (!t) {
        return;
    }
    cm_buf_destroy(&t->text);
    cm_free(t->days);
    cm_strmap_destroy(&t->by_id);
    cm_free(t);
}

/* One CSV field starting at *p (in a line ending at `end`), unquoted in place; *p moves past
 * the field and its comma, and *more says whether there was a comma. NULL when a quote is
 * not closed or text follows a closing one. */
static char *csv_field(char **p, char *end, int *more)
{
    char *s = *p, *w = *p, *r = *p;

    if (r < end && *r == '"') {
        for (r++;; r++) {
            if (r >= end) {
                return NULL;
            }
            if (*r == '"' && r + 1 < end && r[1] == '"') {
                *w++ = '"';
                r++;
            } else if (*r == '"') {
                r++;
                break;
            } else {
                *w++ = *r;
            }
        }
        if (r < end && *r != ',') {
            return NULL;
        }
    } else {
        while (r < end && *r != ',') {
            *w++ = *r++;
        }
    }
    *more = r < end;
    *p = r < end ? r + 1 : end;
    *w = '\0';
    return s;
}

/* Split one line (without its line end) into id and date; 0, or -1 when it has not two
 * fields. The line's end byte is overwritten. */
static int split_line(char *line, char *end, int csv, char **id, char **date)
{
    char *p = line;

    if (!csv) {
        char *tab = memchr(line, '\t', (size_t)(end - line));
        if (!tab || memchr(tab + 1, '\t', (size_t)(end - tab - 1))) {
            return -1;
        }
        *tab = '\0';
        *end = '\0';
        *id = line;
        *date = tab + 1;
        return 0;
    }
    int more = 0;
    *id = csv_field(&p, end, &more);
    if (!*id || !more) {
        return -1;
    }
    *date = csv_field(&p, end, &more);
    return *date && !more ? 0 : -1;
}

static cm_status add_entry(cm_dates *t, const char *id, int32_t day, const char *path, size_t line,
                           cm_error *err)
{
    cm_status rc;

    if (cm_strmap_get(&t->by_id, id) != SIZE_MAX) {
        return cm_error_set(err, CM_EINPUT, path, line, "doc id '%s' dated twice", id);
    }
    rc = cm_grow(&t->days, &t->cap, t->n + 1, sizeof(*t->days), err);
    if (rc == CM_OK) {
        rc = cm_strmap_put(&t->by_id, id, t->n, err);
    }
    if (rc == CM_OK) {
        t->days[t->n++] = day;
    }
    return rc;
}

/* The line [line, end): blank, a header (first line only), or an id and its date. */
static cm_status read_line(cm_dates *t, char *line, char *end, int csv, const char *path, size_t no,
                           cm_error *err)
{
    char *id, *date;
    int32_t day;

    if (end > line && end[-1] == '\r') {
        end--;
    }
    if (end == line) {
        return CM_OK;
    }
    if (split_line(line, end, csv, &id, &date) != 0 || !*id) {
        return cm_error_set(err, CM_EINPUT, path, no, "expected a doc id and a date, %s",
                            csv ? "comma-separated" : "tab-separated");
    }
    if (no == 1 && strcmp(date, "date") == 0) {
        return CM_OK;
    }
    if (cm_date_parse(&day, date, strlen(date)) != 0) {
        return cm_error_set(err, CM_EINPUT, path, no, "not an ISO 8601 date: '%s'", date);
    }
    return add_entry(t, id, day, path, no, err);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

cm_status cm_dates_load(cm_dates **out, const char *path, cm_error *err)
{
    cm_dates *t = cm_calloc(1, sizeof(*t));
    int csv = ends_with(path, ".csv") || ends_with(path, ".CSV");
    cm_status rc = CM_OK;

    *out = NULL;
    if (!t) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_buf_init(&t->text);
    cm_strmap_init(&t->by_id);
    rc = cm_read_file(&t->text, path, CM_FILE_MAX_BYTES, err);
    if (rc == CM_OK && !cm_buf_reserve(&t->text, 0)) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (rc == CM_OK && memchr(t->text.data, '\0', t->text.len)) {
        rc = cm_error_set(err, CM_EINPUT, path, 0, "a NUL byte: not a dates table");
    }
    char *p = t->text.data, *stop = p ? p + t->text.len : NULL;
    for (size_t no = 1; rc == CM_OK && p < stop; no++) {
        char *nl = memchr(p, '\n', (size_t)(stop - p));
        char *end = nl ? nl : stop;
        rc = read_line(t, p, end, csv, path, no, err);
        p = end + 1;
    }
    if (rc != CM_OK) {
        cm_dates_free(t);
        return rc;
    }
    *out = t;
    return CM_OK;
}

size_t cm_dates_count(const cm_dates *t)
{
    return t->n;
}

int32_t cm_dates_get(const cm_dates *t, const char *id)
{
    size_t i = cm_strmap_get(&t->by_id, id);
    return i == SIZE_MAX ? CM_DAY_NONE : t->days[i];
}
