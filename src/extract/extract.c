/* comention: the extract stage, cm_segments in, cm_mentions out; no file I/O, no
 * counting. Leftmost-longest matching within each sentence: at every word start, the
 * longest alias wins and matching resumes after it, so a longer name hides the names
 * inside it ("Russian Federal Security Service" is the FSB, not Russia). */
#include <string.h>
#include "comention/extract.h"
#include "util/util.h"

static cm_status match_sentence(cm_mentions *found, size_t *cap, const cm_segments *seg, size_t s,
                                const cm_lexicon *lex, cm_error *err)
{
    const cm_sentence *sn = &seg->sentences[s];
    const cm_nchar *c = seg->chars + sn->nstart;
    size_t n = sn->nend - sn->nstart;
    cm_status rc = CM_OK;

    for (size_t pos = 0; pos < n && rc == CM_OK;) {
        cm_match m;
        if (!cm_is_word_char(c[pos].cp) || (pos > 0 && cm_is_word_char(c[pos - 1].cp))) {
            pos++;
            continue;
        }
        cm_lexicon_match(&m, lex, c, n, pos);
        if (m.len == 0) {
            pos++;
            continue;
        }
        if (m.entity >= 0) {
            rc = cm_grow(&found->items, cap, found->n + 1, sizeof(*found->items), err);
            if (rc == CM_OK) {
                found->items[found->n++] =
                    (cm_mention){(size_t)m.entity, c[pos].start, c[pos + m.len - 1].end, s};
            }
        }
        pos += m.len;
    }
    return rc;
}

cm_status cm_extract(cm_mentions **out, const cm_segments *seg, const cm_lexicon *lex,
                     cm_error *err)
{
    cm_mentions *found = cm_calloc(1, sizeof(*found));
    size_t cap = 0;
    cm_status rc = CM_OK;

    *out = NULL;
    if (!found) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    found->seg = seg;
    for (size_t s = 0; s < seg->n_sentences && rc == CM_OK; s++) {
        rc = match_sentence(found, &cap, seg, s, lex, err);
    }
    if (rc != CM_OK) {
        cm_mentions_free(found);
        return rc;
    }
    *out = found;
    return CM_OK;
}

void cm_mentions_free(cm_mentions *m)
{
    if (!m) {
        return;
    }
    cm_free(m->items);
    cm_free(m);
}
