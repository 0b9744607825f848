/* comention: the discovery of one document: its tokens and the rules (discover.c), then
 * the later uses of what they found (coref.c). The one file that calls both, so that
 * coref.c, which asks discover.c about tokens, and discover.c form no loop. */
#include <string.h>
#include "extract/extract_int.h"
#include "util/util.h"

cm_status cm_discover_document(cm_mentions *m, const cm_lexicon *lex, cm_discover mode,
                               cm_error *err)
{
    dwork w;
    cm_status rc;

    memset(&w, 0, sizeof(w));
    w.seg = m->seg;
    w.lex = lex;
    w.user_titles = cm_lexicon_n_titles(lex) > 0;
    w.m = m;
    w.mode = mode;
    w.err = err;
    rc = cm_discover_tokenize(&w);
    if (rc == CM_OK) {
        rc = cm_discover_rules(&w);
    }
    if (rc == CM_OK) {
        rc = cm_coref_finish(&w);
    }
    for (size_t i = 0; i < w.n_ents; i++) {
        cm_free(w.ents[i].id);
        cm_free(w.ents[i].label);
    }
    cm_free(w.ents);
    cm_free(w.t);
    cm_free(w.sent_tok);
    cm_free(w.headline);
    cm_free(w.add);
    cm_free(w.roles);
    cm_free(w.acros);
    cm_free(w.drop);
    return rc;
}
