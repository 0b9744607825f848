/* comention: the read stage. Operands become a list of documents in doc-id byte order
 * (docs/design.md §2), so every output is the same whatever the operand order. */
#define _DEFAULT_SOURCE /* d_type and DT_REG in <dirent.h> (glibc, musl, the BSDs) */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include "read/read_int.h"

typedef struct source {
    char *id;      /* doc id; owned */
    char *path;    /* path to open, or NULL for standard input; owned */
    int from_walk; /* found inside a directory: read errors are skips, not failures */
    int once;      /* a pipe (FIFO): its text cannot be read again for the evidence */
    char *text;    /* a JSONL or CSV record's text (then path and id are the record's);
                      owned; NULL for a file */
    size_t len;    /* bytes of text */
    int32_t day;   /* the record's day */
} source;

struct cm_inputs {
    source *items;
    size_t n, cap;
    cm_skipped *skipped;
    size_t n_skipped, cap_skipped;
    cm_format format;      /* --format */
    size_t max_decoded;    /* bound on a decompressed file */
    const cm_dates *dates; /* --dates: borrowed */
};

/* "./a//b/./c" → "a/b/c": the doc id drops ./ segments and repeated slashes. */
static char *clean_id(const char *p)
{
    size_t n = strlen(p);
    char *out = cm_malloc(n + 1);
    size_t o = 0;

    if (!out) {
        return NULL;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && p[j] != '/') {
            j++;
        }
        if (j - i == 1 && p[i] == '.') {
            /* drop */
        } else if (j > i) {
            if (o > 0 || p[0] == '/') {
                out[o++] = '/';
            }
            memcpy(out + o, p + i, j - i);
            o += j - i;
        }
        i = j + 1;
    }
    if (o == 0 && p[0] == '/') {
        out[o++] = '/';
    }
    if (o == 0) {
        out[o++] = '.';
    }
    out[o] = '\0';
    return out;
}

static cm_status add_source(cm_inputs *in, const char *id, const char *path, int from_walk,
                            int once, cm_error *err)
{
    source *s;
    cm_status rc = cm_grow(&in->items, &in->cap, in->n + 1, sizeof(*in->items), err);

    if (rc != CM_OK) {
        return rc;
    }
    s = &in->items[in->n];
    s->id = clean_id(id);
    s->path = path ? cm_strdup(path) : NULL;
    s->from_walk = from_walk;
    s->once = once;
    s->text = NULL;
    s->len = 0;
    s->day = CM_DAY_NONE;
    if (!s->id || (path && !s->path)) {
        cm_free(s->id);
        cm_free(s->path);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    in->n++;
    return CM_OK;
}

static cm_status add_skip(cm_inputs *in, const char *id, const char *reason, cm_error *err)
{
    cm_skipped *s;
    cm_status rc =
        cm_grow(&in->skipped, &in->cap_skipped, in->n_skipped + 1, sizeof(*in->skipped), err);

    if (rc != CM_OK) {
        return rc;
    }
    s = &in->skipped[in->n_skipped];
    s->id = clean_id(id);
    s->reason = cm_strdup(reason);
    if (!s->id || !s->reason) {
        cm_free(s->id);
        cm_free(s->reason);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    in->n_skipped++;
    return CM_OK;
}

/* A skip for a system error: its message, lower case like every reason. */
static cm_status skip_errno(cm_inputs *in, const char *id, int e, cm_error *err)
{
    char reason[128];
    snprintf(reason, sizeof(reason), "%s", strerror(e));
    reason[0] = (char)tolower((unsigned char)reason[0]);
    return add_skip(in, id, reason, err);
}

/* Why a directory entry that is no file and no directory is skipped, in words: what it is,
 * or why its link leads nowhere. */
static const char *special_reason(const char *path, const struct stat *st)
{
    struct stat target;
    const struct stat *s = st;

    if (S_ISLNK(st->st_mode)) {
        if (stat(path, &target) != 0) {
            return errno == ELOOP    ? "symbolic link loop"
                   : errno == ENOENT ? "dangling symbolic link"
                                     : "symbolic link that cannot be followed";
        }
        s = &target;
    }
    return S_ISFIFO(s->st_mode)                         ? "not a regular file (a named pipe)"
           : S_ISSOCK(s->st_mode)                       ? "not a regular file (a socket)"
           : S_ISCHR(s->st_mode) || S_ISBLK(s->st_mode) ? "not a regular file (a device)"
                                                        : "not a regular file";
}

static cm_status walk(cm_inputs *in, const char *dir, cm_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    cm_status rc = CM_OK;

    if (!d) {
        return skip_errno(in, dir, errno, err);
    }
    while (rc == CM_OK && (e = readdir(d)) != NULL) {
        struct stat st, target;
        char *path;

        if (e->d_name[0] == '.') {
            continue;
        }
        path = cm_path_join(dir, e->d_name);
        if (!path) {
            rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
            break;
        }
        /* lstat: a symlink to a directory is not followed (it could loop); a symlink to a
         * file is read. A plain file needs none where the directory entry says so. */
        int plain = 0;
#ifdef DT_REG
        plain = e->d_type == DT_REG;
#endif
        if (plain) {
            rc = add_source(in, path, path, 1, 0, err);
        } else if (lstat(path, &st) != 0) {
            rc = skip_errno(in, path, errno, err);
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk(in, path, err);
        } else if (S_ISREG(st.st_mode)) {
            rc = add_source(in, path, path, 1, 0, err);
        } else if (S_ISLNK(st.st_mode) && stat(path, &target) == 0 && S_ISREG(target.st_mode)) {
            rc = add_source(in, path, path, 1, 0, err);
        } else if (S_ISLNK(st.st_mode) && stat(path, &target) == 0 && S_ISDIR(target.st_mode)) {
            rc = add_skip(in, path, "symbolic link to a directory", err);
        } else {
            rc = add_skip(in, path, special_reason(path, &st), err);
        }
        cm_free(path);
    }
    closedir(d);
    return rc;
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const source *)a)->id, ((const source *)b)->id);
}

static int skip_by_id(const void *a, const void *b)
{
    return strcmp(((const cm_skipped *)a)->id, ((const cm_skipped *)b)->id);
}

static cm_status add_operand(cm_inputs *in, const char *op, int *stdin_seen, cm_error *err)
{
    struct stat st;

    if (strcmp(op, "-") == 0) {
        if ((*stdin_seen)++) {
            return cm_error_set(err, CM_EUSAGE, NULL, 0, "standard input given twice");
        }
        return add_source(in, "-", NULL, 0, 1, err);
    }
    if (stat(op, &st) != 0) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "cannot open '%s': %s", op, strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(op);
        if (!d) {
            return cm_error_set(err, CM_EINPUT, NULL, 0, "cannot open '%s': %s", op,
                                strerror(errno));
        }
        closedir(d);
        return walk(in, op, err);
    }
    if (S_ISFIFO(st.st_mode)) {
        /* No trial open: it would take (and lose) what a writer sent, then wait forever. */
        return add_source(in, op, op, 0, 1, err);
    }
    if (!S_ISREG(st.st_mode)) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "cannot open '%s': %s", op,
                            cm_open_strerror(EINVAL));
    }
    /* a file that cannot be opened fails now, before hours of work on the others */
    int fd = open(op, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "cannot open '%s': %s", op, strerror(errno));
    }
    close(fd);
    return add_source(in, op, op, 0, 0, err);
}

/* Which documents a source holds: a JSONL or CSV file many. */
static cm_format container_format(const cm_inputs *in, const source *s)
{
    cm_format f = in->format != CM_FORMAT_AUTO ? in->format : cm_format_of_name(s->id);
    return f == CM_FORMAT_JSONL || f == CM_FORMAT_CSV ? f : CM_FORMAT_AUTO;
}

/* Read and decode a whole file (or standard input); a file found while walking that
 * cannot be read, or any that is not text, fills `reason` instead. */
static cm_status load(cm_buf *b, char reason[CM_REASON_LEN], const cm_inputs *in, const source *s,
                      cm_invalid *inv, cm_error *err);

/* A record becomes a source of its own, its text held here. */
static cm_status add_record(cm_inputs *in, const source *file, cm_record *r, cm_error *err)
{
    cm_status rc = cm_grow(&in->items, &in->cap, in->n + 1, sizeof(*in->items), err);
    if (rc != CM_OK) {
        return rc;
    }
    in->items[in->n++] = (source){r->id, NULL, file->from_walk, 0, r->text, r->len, r->day};
    r->id = r->text = NULL;
    return CM_OK;
}

static cm_status add_records(cm_inputs *in, const source *file, cm_records *rs, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t k = 0; k < rs->n && rc == CM_OK; k++) {
        cm_record *r = &rs->items[k];
        rc = r->reason ? add_skip(in, r->id, r->reason, err) : add_record(in, file, r, err);
    }
    return rc;
}

/* One JSONL or CSV file into its records. */
static cm_status expand(cm_inputs *in, const source *file, cm_format f, const cm_read_opts *opts,
                        cm_error *err)
{
    char reason[CM_REASON_LEN];
    cm_records rs = {NULL, 0, 0};
    cm_record_spec spec;
    cm_error why;
    cm_invalid inv;
    cm_buf b;
    cm_status rc = load(&b, reason, in, file, &inv, err);

    cm_record_spec_init(&spec, file->id, opts);
    cm_error_clear(&why);
    if (rc == CM_OK && !reason[0]) {
        rc = f == CM_FORMAT_JSONL ? cm_jsonl_read(&rs, &spec, b.data, b.len, &why)
                                  : cm_csv_read(&rs, &spec, b.data, b.len, &why);
        if (rc == CM_EINPUT) {
            snprintf(reason, sizeof(reason), "%.255s", why.msg);
            rc = CM_OK;
        } else if (rc != CM_OK) {
            *err = why;
        }
    }
    if (rc == CM_OK) {
        rc = reason[0] ? add_skip(in, file->id, reason, err) : add_records(in, file, &rs, err);
    }
    cm_records_destroy(&rs);
    cm_buf_destroy(&b);
    return rc;
}

/* Replace each JSONL and CSV file in the list by its records. */
static cm_status expand_all(cm_inputs *in, const cm_read_opts *opts, cm_error *err)
{
    source *files = in->items;
    size_t n = in->n;
    cm_status rc = CM_OK;

    in->items = NULL;
    in->n = in->cap = 0;
    for (size_t i = 0; i < n; i++) {
        cm_format f = container_format(in, &files[i]);
        if (rc == CM_OK && f != CM_FORMAT_AUTO) {
            rc = expand(in, &files[i], f, opts, err);
        } else if (rc == CM_OK) {
            rc = cm_grow(&in->items, &in->cap, in->n + 1, sizeof(*in->items), err);
            if (rc == CM_OK) {
                in->items[in->n++] = files[i];
                continue;
            }
        }
        cm_free(files[i].id);
        cm_free(files[i].path);
    }
    cm_free(files);
    return rc;
}

cm_status cm_inputs_collect(cm_inputs **out, const char *const *operands, size_t n, cm_error *err)
{
    return cm_inputs_collect_opts(out, operands, n, NULL, err);
}

/* Sort by id; the same file named twice (or via a directory and by name) is one
 * document. */
static void sort_unique(cm_inputs *in)
{
    size_t w = 0;

    if (in->n > 1) {
        qsort(in->items, in->n, sizeof(*in->items), by_id);
    }
    for (size_t i = 0; i < in->n; i++) {
        if (w > 0 && strcmp(in->items[w - 1].id, in->items[i].id) == 0) {
            cm_free(in->items[i].id);
            cm_free(in->items[i].path);
            cm_free(in->items[i].text);
            continue;
        }
        in->items[w++] = in->items[i];
    }
    in->n = w;
}

cm_status cm_inputs_collect_opts(cm_inputs **out, const char *const *operands, size_t n,
                                 const cm_read_opts *opts, cm_error *err)
{
    cm_inputs *in = cm_calloc(1, sizeof(*in));
    cm_status rc = CM_OK;
    int stdin_seen = 0;

    *out = NULL;
    if (!in) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    /* before any worker thread reads an HTML page: libxml2's set-up is not safe to race */
    xmlInitParser();
    in->format = opts ? opts->format : CM_FORMAT_AUTO;
    in->max_decoded = opts && opts->max_decoded ? opts->max_decoded : CM_DECODED_MAX;
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        rc = add_operand(in, operands[i], &stdin_seen, err);
    }
    if (rc == CM_OK) {
        sort_unique(in);
        rc = expand_all(in, opts, err);
    }
    if (rc != CM_OK) {
        cm_inputs_free(in);
        return rc;
    }
    sort_unique(in);
    if (in->n_skipped > 1) {
        qsort(in->skipped, in->n_skipped, sizeof(*in->skipped), skip_by_id);
    }
    *out = in;
    return CM_OK;
}

void cm_inputs_free(cm_inputs *in)
{
    if (!in) {
        return;
    }
    for (size_t i = 0; i < in->n; i++) {
        cm_free(in->items[i].id);
        cm_free(in->items[i].path);
        cm_free(in->items[i].text);
    }
    for (size_t i = 0; i < in->n_skipped; i++) {
        cm_free(in->skipped[i].id);
        cm_free(in->skipped[i].reason);
    }
    cm_free(in->items);
    cm_free(in->skipped);
    cm_free(in);
}

size_t cm_inputs_count(const cm_inputs *in)
{
    return in->n;
}

int cm_inputs_once(const cm_inputs *in, size_t i)
{
    return in->items[i].once && !in->items[i].text;
}

const char *cm_inputs_id(const cm_inputs *in, size_t i)
{
    return in->items[i].id;
}

size_t cm_inputs_n_skipped(const cm_inputs *in)
{
    return in->n_skipped;
}

const cm_skipped *cm_inputs_skipped(const cm_inputs *in, size_t i)
{
    return &in->skipped[i];
}

static const char too_large[] = "larger than 4 GiB, the limit for one document";

/* Take over the bytes of b (NUL-terminated) as a document's text. */
static cm_status doc_adopt(cm_doc **out, const char *id, cm_buf *b, cm_error *err)
{
    cm_doc *d = cm_calloc(1, sizeof(*d));

    *out = NULL;
    if (d) {
        d->id = cm_strdup(id);
    }
    if (!d || !d->id) {
        cm_free(d);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (!b->data && !cm_buf_reserve(b, 0)) {
        cm_doc_free(d);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    b->data[b->len] = '\0';
    d->day = CM_DAY_NONE;
    d->text = b->data;
    d->len = b->len;
    cm_buf_init(b);
    *out = d;
    return CM_OK;
}

/* A read failure: a reason to skip a file found while walking, an error for an operand. */
static cm_status failed(char reason[CM_REASON_LEN], const source *s, const char *why, cm_error *err)
{
    if (s->from_walk) { /* a reason is lower case, a system message may not be */
        snprintf(reason, CM_REASON_LEN, "%s", why);
        reason[0] = (char)tolower((unsigned char)reason[0]);
        return CM_OK;
    }
    return cm_error_set(err, CM_EINPUT, s->id, 0, "cannot read: %s", why);
}

static cm_status load(cm_buf *b, char reason[CM_REASON_LEN], const cm_inputs *in, const source *s,
                      cm_invalid *inv, cm_error *err)
{
    int fd = s->path ? cm_open_input(s->path) : STDIN_FILENO;
    int e;

    *inv = (cm_invalid){0, 0, 0};
    cm_buf_init(b);
    reason[0] = '\0';
    if (fd < 0) {
        e = errno;
        if (s->from_walk) {
            return failed(reason, s, cm_open_strerror(e), err);
        }
        return cm_error_set(err, CM_EINPUT, NULL, 0, "cannot open '%s': %s", s->id,
                            cm_open_strerror(e));
    }
    e = cm_slurp_fd(b, fd, CM_DOC_MAX_BYTES);
    if (fd != STDIN_FILENO) {
        close(fd);
    }
    if (e == ENOMEM) {
        return cm_error_set(err, CM_ENOMEM, s->id, 0, "out of memory");
    }
    if (e == EFBIG) {
        return s->from_walk ? failed(reason, s, too_large, err)
                            : cm_error_set(err, CM_EINPUT, s->id, 0, "%s", too_large);
    }
    if (e != 0) {
        return failed(reason, s, strerror(e), err);
    }
    /* Not text (or a zip bomb): skipped, a file operand too, and the run goes on. */
    return cm_decode_counted(b, in->max_decoded, NULL, reason, inv, err);
}

static int is_html(const cm_inputs *in, const source *s, const cm_buf *b)
{
    cm_format f = in->format != CM_FORMAT_AUTO ? in->format : cm_format_of_name(s->id);
    return f == CM_FORMAT_HTML || (f == CM_FORMAT_AUTO && cm_looks_like_html(b->data, b->len));
}

/* The document of a file's text: an HTML page's article text, else the text itself. `inv`:
 * the invalid UTF-8 of b, if decoding counted it (every document is counted, twice a run). */
static cm_status make_doc(cm_doc **out, char reason[CM_REASON_LEN], const cm_inputs *in,
                          const source *s, cm_buf *b, cm_invalid inv, cm_error *err)
{
    cm_html_page page;
    int32_t day = CM_DAY_NONE;
    cm_status rc = CM_OK;
    cm_error why;

    if (is_html(in, s, b)) {
        rc = cm_html_read(&page, b->data, b->len, &why);
        if (rc == CM_OK) {
            cm_buf_destroy(b);
            *b = page.text;
            cm_buf_init(&page.text);
            day = page.day;
            inv.counted = 0; /* the page's text is other bytes */
        } else if (rc == CM_EINPUT) {
            snprintf(reason, CM_REASON_LEN, "%.255s", why.msg);
        } else {
            *err = why;
        }
        cm_html_page_destroy(&page);
    }
    if (rc == CM_OK && !reason[0]) {
        rc = doc_adopt(out, s->id, b, err);
    }
    if (*out) {
        (*out)->reread = s->path != NULL && !s->once;
        (*out)->day = day;
        if (inv.counted) {
            (*out)->n_invalid = inv.n;
            (*out)->first_invalid = inv.first;
        } else {
            (*out)->n_invalid =
                cm_count_invalid_utf8((*out)->text, (*out)->len, &(*out)->first_invalid);
        }
    }
    return rc == CM_EINPUT ? CM_OK : rc;
}

cm_status cm_inputs_read(cm_doc **out, char reason[256], const cm_inputs *in, size_t i,
                         cm_error *err)
{
    const source *s = &in->items[i];
    cm_status rc;
    cm_buf b;

    *out = NULL;
    reason[0] = '\0';
    if (s->text) {
        /* a JSONL or CSV record, held since cm_inputs_collect_opts() */
        rc = cm_doc_new(out, s->id, s->text, s->len, err);
        if (rc == CM_OK) {
            (*out)->reread = 1;
            (*out)->day = s->day;
            (*out)->n_invalid = cm_count_invalid_utf8(s->text, s->len, &(*out)->first_invalid);
        }
    } else {
        cm_invalid inv;
        rc = load(&b, reason, in, s, &inv, err);
        if (rc == CM_OK && !reason[0]) {
            rc = make_doc(out, reason, in, s, &b, inv, err);
        }
        cm_buf_destroy(&b);
    }
    if (rc == CM_OK && *out && in->dates) {
        int32_t day = cm_dates_get(in->dates, s->id);
        if (day != CM_DAY_NONE) { /* the table wins over the document's own date */
            (*out)->day = day;
        }
    }
    return rc;
}

void cm_inputs_set_dates(cm_inputs *in, const cm_dates *dates)
{
    in->dates = dates;
}

static int id_is(const void *key, const void *item)
{
    return strcmp(key, ((const source *)item)->id);
}

size_t cm_inputs_find(const cm_inputs *in, const char *id)
{
    const source *s = in->n ? bsearch(id, in->items, in->n, sizeof(*in->items), id_is) : NULL;
    return s ? (size_t)(s - in->items) : SIZE_MAX;
}

cm_status cm_inputs_fetch(void *ctx, const char *id, cm_doc **out, cm_error *err)
{
    const cm_inputs *in = ctx;
    size_t i = cm_inputs_find(in, id);
    char reason[256];
    cm_status rc;

    *out = NULL;
    if (i == SIZE_MAX) {
        return cm_error_set(err, CM_EINPUT, id, 0, "not among the inputs");
    }
    rc = cm_inputs_read(out, reason, in, i, err);
    if (rc == CM_OK && !*out) {
        rc = cm_error_set(err, CM_EINPUT, id, 0, "cannot read it again for the evidence: %s",
                          reason);
    }
    return rc;
}

cm_status cm_doc_new(cm_doc **out, const char *id, const char *text, size_t len, cm_error *err)
{
    cm_doc *d;

    *out = NULL;
    if (len > CM_DOC_MAX_BYTES) {
        return cm_error_set(err, CM_EINPUT, id, 0, "%s", too_large);
    }
    d = cm_calloc(1, sizeof(*d));
    if (d) {
        d->id = cm_strdup(id);
        d->text = cm_strndup(text, len);
        d->len = len;
        d->day = CM_DAY_NONE;
    }
    if (!d || !d->id || !d->text) {
        cm_doc_free(d);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    *out = d;
    return CM_OK;
}

void cm_doc_free(cm_doc *doc)
{
    if (!doc) {
        return;
    }
    cm_free(doc->id);
    cm_free(doc->text);
    cm_free(doc);
}
