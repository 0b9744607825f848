/* comention: the files of a sharded --dedupe. A fingerprint file per shard: a line
 * "comention-fingerprints\t1", then per document read its id, its exact hash and its
 * MinHash signature in hex, tab-separated. A copies file from all of them: a line
 * "comention-copies\tMODE", then per copy its id, the id it copies and "exact" or "near",
 * in doc-id order. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "comention/dedupe.h"
#include "run/pool.h"
#include "util/util.h"

#define FP_MAGIC "comention-fingerprints\t1"
#define HEX64 16

static void put_hex(cm_buf *b, uint64_t v)
{
    cm_buf_printf(b, "%016" PRIx64, v);
}

static cm_status put_fingerprint(cm_buf *b, const char *id, const cm_fingerprint *fp, cm_error *err)
{
    if (strpbrk(id, "\t\n")) {
        return cm_error_set(err, CM_EINPUT, id, 0, "a doc id with a tab or a line break");
    }
    cm_buf_puts(b, id);
    cm_buf_putc(b, '\t');
    put_hex(b, fp->exact);
    cm_buf_putc(b, '\t');
    for (size_t k = 0; k < CM_MINHASH; k++) {
        put_hex(b, fp->minhash[k]);
    }
    cm_buf_putc(b, '\n');
    return CM_OK;
}

cm_status cm_run_fingerprints(const char *out, const cm_inputs *in, const cm_run_opts *o,
                              cm_error *err)
{
    prepass_result r;
    cm_sink k;
    cm_status rc = cm_pool_fingerprints(&r, in, o, err);

    if (rc == CM_OK) {
        rc = cm_sink_open(&k, out, err);
    }
    if (rc == CM_OK) {
        cm_buf_puts(&k.buf, FP_MAGIC "\n");
        for (size_t i = 0; i < cm_inputs_count(in) && rc == CM_OK; i++) {
            if (r.have[i]) {
                rc = put_fingerprint(&k.buf, cm_inputs_id(in, i), r.have[i], err);
            }
        }
        if (rc == CM_OK) {
            rc = cm_sink_commit(&k, err);
        } else {
            cm_afile_abort(&k.af);
            cm_buf_destroy(&k.buf);
        }
    }
    cm_pool_fingerprints_free(&r);
    return rc;
}

/* All the fingerprints of the files, as read. */
typedef struct fpset {
    char **ids; /* owned */
    cm_fingerprint *fps;
    size_t n, cap_ids, cap_fps;
} fpset;

static int get_hex(uint64_t *v, const char *s)
{
    *v = 0;
    for (int i = 0; i < HEX64; i++) {
        int c = s[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) {
            return -1;
        }
        *v = *v << 4 | (uint64_t)d;
    }
    return 0;
}

static int parse_fingerprint(cm_fingerprint *fp, const char *s)
{
    if (strlen(s) != HEX64 + 1 + HEX64 * CM_MINHASH || s[HEX64] != '\t' ||
        get_hex(&fp->exact, s) != 0) {
        return -1;
    }
    for (size_t k = 0; k < CM_MINHASH; k++) {
        if (get_hex(&fp->minhash[k], s + HEX64 + 1 + HEX64 * k) != 0) {
            return -1;
        }
    }
    return 0;
}

static cm_status add_line(fpset *s, char *line, const char *path, size_t no, cm_error *err)
{
    char *tab = strchr(line, '\t');
    cm_status rc = CM_OK;

    if (!tab || tab == line) {
        return cm_error_set(err, CM_EINPUT, path, no, "want DOC, EXACT, MINHASH");
    }
    *tab = '\0';
    rc = cm_grow(&s->ids, &s->cap_ids, s->n + 1, sizeof(*s->ids), err);
    if (rc == CM_OK) {
        rc = cm_grow(&s->fps, &s->cap_fps, s->n + 1, sizeof(*s->fps), err);
    }
    if (rc == CM_OK && parse_fingerprint(&s->fps[s->n], tab + 1) != 0) {
        rc = cm_error_set(err, CM_EINPUT, path, no, "bad fingerprint");
    }
    if (rc == CM_OK && !(s->ids[s->n] = cm_strdup(line))) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    s->n += rc == CM_OK;
    return rc;
}

static cm_status read_fingerprints(fpset *s, const char *path, cm_error *err)
{
    cm_buf b;
    cm_status rc;
    size_t no = 0;

    cm_buf_init(&b);
    rc = cm_read_file(&b, path, CM_FILE_MAX_BYTES, err);
    for (char *p = b.data, *end = b.data + b.len; rc == CM_OK && p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        nl = nl ? nl : end;
        *nl = '\0';
        no++;
        if (no == 1 && strcmp(p, FP_MAGIC) != 0) {
            rc = cm_error_set(err, CM_EINPUT, path, 1, "not a fingerprint file of comention");
        } else if (no > 1) {
            rc = add_line(s, p, path, no, err);
        }
        p = nl + 1;
    }
    if (rc == CM_OK && no == 0) {
        rc = cm_error_set(err, CM_EINPUT, path, 0, "empty: not a fingerprint file");
    }
    cm_buf_destroy(&b);
    return rc;
}

static int by_id(const void *a, const void *b, void *ctx)
{
    char **ids = ctx;
    return strcmp(ids[*(const size_t *)a], ids[*(const size_t *)b]);
}

static cm_status write_copies(const char *out, const fpset *s, const size_t *order, cm_dedupe mode,
                              cm_error *err)
{
    const cm_fingerprint **have = cm_malloc((s->n ? s->n : 1) * sizeof(*have));
    const char **ids = cm_malloc((s->n ? s->n : 1) * sizeof(*ids));
    cm_copy *copies = cm_calloc(s->n ? s->n : 1, sizeof(*copies));
    cm_status rc =
        have && ids && copies ? CM_OK : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    cm_buf b;

    for (size_t i = 0; i < s->n && rc == CM_OK; i++) {
        have[i] = &s->fps[order[i]];
        ids[i] = s->ids[order[i]];
        if (i > 0 && strcmp(ids[i - 1], ids[i]) == 0) {
            rc = cm_error_set(err, CM_EINPUT, ids[i], 0, "doc id in two fingerprint files");
        }
    }
    if (rc == CM_OK) {
        rc = cm_pool_decide(copies, have, ids, s->n, mode, err);
    }
    cm_buf_init(&b);
    cm_buf_printf(&b, "comention-copies\t%s\n", cm_dedupe_name(mode));
    for (size_t i = 0; i < s->n && rc == CM_OK; i++) {
        if (copies[i].id) {
            cm_buf_printf(&b, "%s\t%s\t%s\n", copies[i].id, copies[i].kept,
                          copies[i].near ? "near" : "exact");
        }
    }
    if (rc == CM_OK) {
        rc = cm_write_file(out, &b, err);
    }
    cm_buf_destroy(&b);
    cm_pool_copies_free(copies, s->n);
    cm_free(have);
    cm_free(ids);
    return rc;
}

cm_status cm_run_copies(const char *out, const char *const *files, size_t n, cm_dedupe mode,
                        cm_error *err)
{
    fpset s = {.ids = NULL};
    size_t *order = NULL;
    cm_status rc = CM_OK;

    for (size_t f = 0; f < n && rc == CM_OK; f++) {
        rc = read_fingerprints(&s, files[f], err);
    }
    if (rc == CM_OK && !(order = cm_malloc((s.n ? s.n : 1) * sizeof(*order)))) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (rc == CM_OK) {
        for (size_t i = 0; i < s.n; i++) {
            order[i] = i;
        }
        cm_sort(order, s.n, sizeof(*order), by_id, s.ids);
        rc = write_copies(out, &s, order, mode, err);
    }
    for (size_t i = 0; i < s.n; i++) {
        cm_free(s.ids[i]);
    }
    cm_free(s.ids);
    cm_free(s.fps);
    cm_free(order);
    return rc;
}
