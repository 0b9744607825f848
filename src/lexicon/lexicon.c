/* comention: the lexicon (docs/lexicon-format.md): loading and looking up. A file whose
 * first non-blank byte is '<' is XML (xml.c), anything else the TSV form (tsv.c).
 * Loading stops at the first error; checking (lexicon check) reports every error with its
 * line and goes on. What the readers and the compiler call back (adding entities and
 * aliases, reporting an error) is in store.c, so no file of the stage calls back here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comention/lexicon.h"
#include "lexicon/builtin.h"
#include "lexicon/lexicon_int.h"

cm_status cm_lexicon_new(cm_lexicon **out, cm_error *err)
{
    cm_lexicon *lex = cm_calloc(1, sizeof(*lex));

    *out = lex;
    if (!lex) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_strmap_init(&lex->by_id);
    cm_map64_init(&lex->edges);
    return CM_OK;
}

void cm_lexicon_free(cm_lexicon *lex)
{
    if (!lex) {
        return;
    }
    for (size_t i = 0; i < lex->n_entities; i++) {
        cm_entity *e = &lex->entities[i];
        cm_free((char *)e->id);
        cm_free((char *)e->subtype);
        cm_free((char *)e->name);
        cm_free((char *)e->country);
    }
    for (size_t i = 0; i < lex->n_aliases; i++) {
        cm_free(lex->aliases[i].text);
        cm_free(lex->aliases[i].cps);
    }
    cm_free(lex->entities);
    cm_free(lex->aliases);
    cm_lex_reset_matcher(lex);
    cm_lex_free_titles(lex);
    cm_strmap_destroy(&lex->by_id);
    cm_free(lex);
}

size_t cm_lexicon_count(const cm_lexicon *lex)
{
    return lex->n_entities;
}

const cm_entity *cm_lexicon_entity(const cm_lexicon *lex, size_t i)
{
    return &lex->entities[i];
}

size_t cm_lexicon_find(const cm_lexicon *lex, const char *id)
{
    return cm_strmap_get(&lex->by_id, id);
}

size_t cm_lexicon_n_aliases(const cm_lexicon *lex)
{
    return lex->n_aliases;
}

void cm_lexicon_alias(cm_alias_info *out, const cm_lexicon *lex, size_t i)
{
    const alias_rec *a = &lex->aliases[i];
    out->text = a->text;
    out->entity = a->entity;
    out->kind = a->kind;
    out->rule = a->rule;
    out->shared = a->shared;
    out->derived = a->derived;
    out->line = a->line;
}

static cm_status read_any(lex_reader *r, const char *data, size_t len)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", data[i])) {
        i++;
    }
    if (i + 3 <= len && (unsigned char)data[i] == 0xEF && (unsigned char)data[i + 1] == 0xBB &&
        (unsigned char)data[i + 2] == 0xBF) {
        i += 3; /* a UTF-8 byte order mark */
    }
    return i < len && data[i] == '<' ? cm_lex_read_xml(r, data, len)
                                     : cm_lex_read_tsv(r, data, len);
}

static void reader_init(lex_reader *r, cm_lexicon *lex, const char *path, cm_error *err)
{
    memset(r, 0, sizeof(*r));
    r->lex = lex;
    r->path = path;
    r->err = err;
    r->first_title = lex->n_titles;
    cm_strmap_init(&r->ids);
}

static void reader_destroy(lex_reader *r)
{
    cm_strmap_destroy(&r->ids);
    cm_free(r->id_lines);
}

static cm_status add_memory(cm_lexicon *lex, const char *name, const char *data, size_t len,
                            int trusted, cm_error *err)
{
    lex_reader r;
    cm_status rc;

    reader_init(&r, lex, name, err);
    r.trusted = trusted;
    rc = read_any(&r, data, len);
    reader_destroy(&r);
    return rc;
}

cm_status cm_lexicon_add_memory(cm_lexicon *lex, const char *name, const char *data, size_t len,
                                cm_error *err)
{
    return add_memory(lex, name, data, len, 0, err);
}

cm_status cm_lexicon_add_file(cm_lexicon *lex, const char *path, cm_error *err)
{
    cm_buf b;
    cm_status rc;

    cm_buf_init(&b);
    rc = cm_read_file(&b, path, CM_FILE_MAX_BYTES, err);
    if (rc == CM_OK) {
        rc = cm_lexicon_add_memory(lex, path, b.data ? b.data : "", b.len, err);
    }
    cm_buf_destroy(&b);
    return rc;
}

cm_status cm_lex_add_builtin_xml(cm_lexicon *lex, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t i = 0; i < cm_builtin_lexicon_n_files && rc == CM_OK; i++) {
        const cm_builtin_file *f = &cm_builtin_lexicon_files[i];
        char name[256];
        snprintf(name, sizeof(name), "<builtin>/%s", f->name);
        /* the schema check of these files is in the tests (lexicon check), not here */
        rc = add_memory(lex, name, (const char *)f->data, f->size, 1, err);
    }
    return rc;
}

cm_status cm_lexicon_check(size_t *n_errors, const char *path, cm_report_fn report, void *ctx,
                           cm_error *err)
{
    cm_lexicon *lex = NULL;
    cm_error scratch;
    lex_reader r;
    cm_buf b;
    cm_status rc;

    *n_errors = 0;
    cm_buf_init(&b);
    rc = cm_read_file(&b, path, CM_FILE_MAX_BYTES, err);
    if (rc == CM_OK) {
        rc = cm_lexicon_new(&lex, err);
    }
    if (rc != CM_OK) {
        cm_buf_destroy(&b);
        return rc;
    }
    reader_init(&r, lex, path, &scratch);
    r.report = report;
    r.report_ctx = ctx;
    rc = read_any(&r, b.data ? b.data : "", b.len);
    if (rc == CM_EINPUT) {
        rc = CM_OK; /* every problem has been reported */
    }
    if (rc == CM_OK) {
        cm_lex_check_conflicts(&r);
    } else {
        *err = scratch;
    }
    *n_errors = r.n_errors;
    reader_destroy(&r);
    cm_lexicon_free(lex);
    cm_buf_destroy(&b);
    return rc;
}
