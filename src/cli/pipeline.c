/* comention: the read → segment → extract loop shared by the subcommands, and the
 * lexicon set-up. One document is in memory at a time. */
#include <stdio.h>
#include "cli/cli.h"

void cli_warn(void *quiet, const char *msg)
{
    if (!quiet || !*(int *)quiet) {
        fprintf(stderr, "comention: warning: %s\n", msg);
    }
}

int cli_fail(const cm_error *err)
{
    char line[2048];

    cm_error_format(line, sizeof(line), err);
    fprintf(stderr, "comention: %s\n", line);
    switch (err->code) {
    case CM_OK:
        return 0;
    case CM_EUSAGE:
        fputs("Try 'comention --help' for more information.\n", stderr);
        return 1;
    case CM_EINPUT:
    case CM_EIO:
        return 2;
    default:
        return 3;
    }
}

cm_status cli_load_lexicon(cm_lexicon **out, const cli_opts *o, cm_error *err)
{
    cm_lexicon *lex = NULL;
    cm_status rc = cm_lexicon_new(&lex, err);

    *out = NULL;
    if (rc == CM_OK && !o->no_default_lexicon) {
        rc = cm_lexicon_add_builtin(lex, err);
    }
    for (size_t i = 0; rc == CM_OK && i < o->n_lexicons; i++) {
        rc = cm_lexicon_add_file(lex, o->lexicons[i], err);
    }
    if (rc == CM_OK) {
        rc = cm_lexicon_compile(lex, cli_warn, (void *)&o->quiet, err);
    }
    if (rc != CM_OK) {
        cm_lexicon_free(lex);
        return rc;
    }
    *out = lex;
    return CM_OK;
}

cm_status cli_each_document(cm_inputs *in, const cm_lexicon *lex, const cli_opts *o, cli_doc_fn fn,
                            void *ctx, cm_error *err)
{
    cm_explain *x = NULL;
    cm_status rc = o->explain ? cm_explain_new(&x, err) : CM_OK;

    for (size_t i = 0; i < cm_inputs_count(in) && rc == CM_OK; i++) {
        cm_doc *doc = NULL;
        cm_segments *seg = NULL;
        cm_mentions *m = NULL;

        rc = cm_inputs_read(&doc, in, i, err);
        if (rc == CM_OK && doc) {
            rc = cm_segment(&seg, doc, err);
        }
        if (rc == CM_OK && seg) {
            rc = cm_extract(&m, seg, lex, err);
        }
        if (rc == CM_OK && m) {
            rc = fn(ctx, m, lex, err);
        }
        if (rc == CM_OK && m && x) {
            rc = cm_explain_add(x, m, err);
        }
        cm_mentions_free(m);
        cm_segments_free(seg);
        cm_doc_free(doc);
    }
    if (rc == CM_OK && x) {
        rc = cm_explain_write(o->explain, x, lex, err);
    }
    cm_explain_free(x);
    return rc;
}
