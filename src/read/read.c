/* comention: the read stage. Operands become a list of documents in doc-id byte order
 * (docs/design.md §2), so every output is the same whatever the operand order. */
#define _DEFAULT_SOURCE /* d_type and DT_REG in <dirent.h> (glibc, musl, the BSDs) */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "comention/read.h"
#include "util/util.h"

typedef struct source {
    char *id;      /* doc id; owned */
    char *path;    /* path to open, or NULL for standard input; owned */
    int from_walk; /* found inside a directory: read errors are skips, not failures */
    int once;      /* a pipe (FIFO): its text cannot be read again for the evidence */
} source;

struct cm_inputs {
    source *items;
    size_t n, cap;
    cm_skipped *skipped;
    size_t n_skipped, cap_skipped;
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

static cm_status walk(cm_inputs *in, const char *dir, cm_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    cm_status rc = CM_OK;

    if (!d) {
        return add_skip(in, dir, strerror(errno), err);
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
            rc = add_skip(in, path, strerror(errno), err);
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk(in, path, err);
        } else if (S_ISREG(st.st_mode)) {
            rc = add_source(in, path, path, 1, 0, err);
        } else if (S_ISLNK(st.st_mode) && stat(path, &target) == 0 && S_ISREG(target.st_mode)) {
            rc = add_source(in, path, path, 1, 0, err);
        } else if (S_ISLNK(st.st_mode) && stat(path, &target) == 0 && S_ISDIR(target.st_mode)) {
            rc = add_skip(in, path, "symbolic link to a directory", err);
        } else {
            rc = add_skip(in, path, "not a regular file", err);
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

cm_status cm_inputs_collect(cm_inputs **out, const char *const *operands, size_t n, cm_error *err)
{
    cm_inputs *in = cm_calloc(1, sizeof(*in));
    cm_status rc = CM_OK;
    int stdin_seen = 0;

    *out = NULL;
    if (!in) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        rc = add_operand(in, operands[i], &stdin_seen, err);
    }
    if (rc != CM_OK) {
        cm_inputs_free(in);
        return rc;
    }
    if (in->n > 1) {
        qsort(in->items, in->n, sizeof(*in->items), by_id);
    }
    /* The same file named twice (or via a directory and by name) is one document. */
    size_t w = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (w > 0 && strcmp(in->items[w - 1].id, in->items[i].id) == 0) {
            cm_free(in->items[i].id);
            cm_free(in->items[i].path);
            continue;
        }
        in->items[w++] = in->items[i];
    }
    in->n = w;
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

cm_status cm_inputs_read(cm_doc **out, char reason[256], const cm_inputs *in, size_t i,
                         cm_error *err)
{
    const source *s = &in->items[i];
    int fd = s->path ? cm_open_input(s->path) : STDIN_FILENO;
    cm_buf b;
    cm_status rc;
    int e = 0, big = 0;

    *out = NULL;
    reason[0] = '\0';
    if (fd < 0) {
        e = errno;
        if (s->from_walk) {
            snprintf(reason, 256, "%s", cm_open_strerror(e));
            return CM_OK;
        }
        return cm_error_set(err, CM_EINPUT, NULL, 0, "cannot open '%s': %s", s->id,
                            cm_open_strerror(e));
    }
    cm_buf_init(&b);
    e = cm_slurp_fd(&b, fd, CM_DOC_MAX_BYTES);
    big = e == EFBIG;
    rc = e == 0 || big ? CM_OK : e == ENOMEM ? CM_ENOMEM : CM_EINPUT;
    if (fd != STDIN_FILENO) {
        close(fd);
    }
    if (rc == CM_EINPUT) {
        cm_buf_destroy(&b);
        if (s->from_walk) {
            snprintf(reason, 256, "%s", strerror(e));
            return CM_OK;
        }
        return cm_error_set(err, CM_EINPUT, s->id, 0, "cannot read: %s", strerror(e));
    }
    if (big) {
        cm_buf_destroy(&b);
        if (s->from_walk) {
            snprintf(reason, 256, "%s", too_large);
            return CM_OK;
        }
        return cm_error_set(err, CM_EINPUT, s->id, 0, "%s", too_large);
    }
    if (rc == CM_OK) {
        rc = doc_adopt(out, s->id, &b, err);
        if (rc == CM_OK) {
            (*out)->reread = s->path != NULL && !s->once;
        }
    } else {
        rc = cm_error_set(err, CM_ENOMEM, s->id, 0, "out of memory");
    }
    cm_buf_destroy(&b);
    return rc;
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
