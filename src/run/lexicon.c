/* comention: the lexicon a run uses, the built-in one and the files named, compiled. */
#include "comention/run.h"

cm_status cm_run_lexicon(cm_lexicon **out, const char *const *files, size_t n, int builtin,
                         const cm_run_hooks *hooks, cm_error *err)
{
    cm_lexicon *lex = NULL;
    cm_status rc = cm_lexicon_new(&lex, err);

    *out = NULL;
    if (rc == CM_OK && builtin) {
        rc = cm_lexicon_add_builtin(lex, err);
    }
    for (size_t i = 0; rc == CM_OK && i < n; i++) {
        rc = cm_lexicon_add_file(lex, files[i], err);
    }
    if (rc == CM_OK) {
        rc = cm_lexicon_compile(lex, hooks ? hooks->warn : NULL, hooks ? hooks->ctx : NULL, err);
    }
    if (rc != CM_OK) {
        cm_lexicon_free(lex);
        return rc;
    }
    *out = lex;
    return CM_OK;
}
