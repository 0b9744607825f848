/* comention: the extract stage, cm_segments in, cm_mentions out; no file I/O, no
 * counting. Leftmost-longest matching within each sentence: at every word start, the
 * longest alias wins and matching resumes after it, so a longer name hides the names
 * inside it ("Russian Federal Security Service" is the FSB, not Russia). Shared aliases
 * are resolved once the whole document has been read: "Singh" is Rajnath Singh in a text
 * that names Rajnath Singh, and nobody in a text that names no Singh or two of them. */
#include <stdlib.h>
#include <string.h>
#include "comention/extract.h"
#include "util/util.h"

/* A shared-alias match waiting for the document's other mentions. */
typedef struct pending {
    cm_mention m;
    size_t n_candidates;
    size_t candidates[CM_MAX_CANDIDATES];
} pending;

typedef struct work {
    cm_mentions *found;
    size_t cap_items, cap_rejected;
    pending *pend;
    size_t n_pend, cap_pend;
    cm_error *err;
} work;

const char *cm_reject_reason_name(cm_reject_reason r)
{
    static const char *const names[] = {"case", "stop", "unresolved"};
    return names[r];
}

static cm_status add_mention(work *w, cm_mention m)
{
    cm_status rc =
        cm_grow(&w->found->items, &w->cap_items, w->found->n + 1, sizeof(cm_mention), w->err);
    if (rc == CM_OK) {
        w->found->items[w->found->n++] = m;
    }
    return rc;
}

static cm_status add_rejection(work *w, size_t alias, size_t start, size_t end,
                               cm_reject_reason why)
{
    cm_mentions *f = w->found;
    cm_status rc =
        cm_grow(&f->rejected, &w->cap_rejected, f->n_rejected + 1, sizeof(cm_rejection), w->err);
    if (rc == CM_OK) {
        f->rejected[f->n_rejected++] = (cm_rejection){alias, start, end, why};
    }
    return rc;
}

static cm_status add_pending(work *w, cm_mention m, const cm_match *mt)
{
    cm_status rc = cm_grow(&w->pend, &w->cap_pend, w->n_pend + 1, sizeof(*w->pend), w->err);
    if (rc == CM_OK) {
        pending *p = &w->pend[w->n_pend++];
        p->m = m;
        p->n_candidates = mt->n_candidates;
        memcpy(p->candidates, mt->candidates, sizeof(p->candidates));
    }
    return rc;
}

static cm_status take(work *w, const cm_nchar *c, size_t pos, const cm_match *mt, size_t s)
{
    cm_mention m = {(size_t)mt->entity, mt->alias, c[pos].start, c[pos + mt->len - 1].end, s};

    if (mt->entity < 0) {
        return add_rejection(w, mt->alias, m.start, m.end, CM_REJECT_STOP);
    }
    if (mt->n_candidates > 0) {
        return add_pending(w, m, mt);
    }
    return add_mention(w, m);
}

static cm_status match_sentence(work *w, const cm_segments *seg, size_t s, const cm_lexicon *lex)
{
    const cm_sentence *sn = &seg->sentences[s];
    const cm_nchar *c = seg->chars + sn->nstart;
    size_t n = sn->nend - sn->nstart;
    cm_status rc = CM_OK;

    for (size_t pos = 0; pos < n && rc == CM_OK;) {
        cm_match mt;
        if (!cm_is_word_char(c[pos].cp) || (pos > 0 && cm_is_word_char(c[pos - 1].cp))) {
            pos++;
            continue;
        }
        cm_lexicon_match(&mt, lex, c, n, pos);
        if (mt.rejected_len > 0) {
            rc = add_rejection(w, mt.rejected_alias, c[pos].start, c[pos + mt.rejected_len - 1].end,
                               CM_REJECT_CASE);
        }
        if (mt.len == 0) {
            pos++;
            continue;
        }
        if (rc == CM_OK) {
            rc = take(w, c, pos, &mt, s);
        }
        pos += mt.len;
    }
    return rc;
}

static int named(const cm_mentions *f, size_t entity)
{
    for (size_t i = 0; i < f->n; i++) {
        if (f->items[i].entity == entity) {
            return 1;
        }
    }
    return 0;
}

/* A shared alias stands for the one candidate the document names otherwise. */
static cm_status resolve_shared(work *w)
{
    size_t direct = w->found->n;
    cm_status rc = CM_OK;

    for (size_t i = 0; i < w->n_pend && rc == CM_OK; i++) {
        pending *p = &w->pend[i];
        size_t hits = 0, which = 0;
        for (size_t k = 0; k < p->n_candidates; k++) {
            /* Only mentions by the entity's own aliases count, not other shared ones. */
            cm_mentions first = *w->found;
            first.n = direct;
            if (named(&first, p->candidates[k])) {
                hits++;
                which = p->candidates[k];
            }
        }
        if (hits == 1) {
            p->m.entity = which;
            rc = add_mention(w, p->m);
        } else {
            rc = add_rejection(w, p->m.alias, p->m.start, p->m.end, CM_REJECT_UNRESOLVED);
        }
    }
    return rc;
}

static int by_start(const void *x, const void *y)
{
    const cm_mention *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

static int rejection_by_start(const void *x, const void *y)
{
    const cm_rejection *a = x, *b = y;
    if (a->start != b->start) {
        return a->start < b->start ? -1 : 1;
    }
    return a->end < b->end ? -1 : a->end > b->end;
}

cm_status cm_extract(cm_mentions **out, const cm_segments *seg, const cm_lexicon *lex,
                     cm_error *err)
{
    work w;
    cm_status rc = CM_OK;

    *out = NULL;
    memset(&w, 0, sizeof(w));
    w.err = err;
    w.found = cm_calloc(1, sizeof(*w.found));
    if (!w.found) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    w.found->seg = seg;
    for (size_t s = 0; s < seg->n_sentences && rc == CM_OK; s++) {
        rc = match_sentence(&w, seg, s, lex);
    }
    if (rc == CM_OK) {
        rc = resolve_shared(&w);
    }
    cm_free(w.pend);
    if (rc != CM_OK) {
        cm_mentions_free(w.found);
        return rc;
    }
    /* Mentions never overlap, so start bytes order them totally. */
    if (w.found->n > 1) {
        qsort(w.found->items, w.found->n, sizeof(cm_mention), by_start);
    }
    if (w.found->n_rejected > 1) {
        qsort(w.found->rejected, w.found->n_rejected, sizeof(cm_rejection), rejection_by_start);
    }
    *out = w.found;
    return CM_OK;
}

void cm_mentions_free(cm_mentions *m)
{
    if (!m) {
        return;
    }
    cm_free(m->items);
    cm_free(m->rejected);
    cm_free(m);
}
