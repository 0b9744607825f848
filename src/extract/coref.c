/* comention: coreference inside one document, after the discovery rules (discover.c).
 * What the document introduced is found again: a discovered name written out again, the
 * surname of a discovered person (guideline: "a surname alone is a mention of the
 * full-named person"), a defined acronym (rule 46), and a role reference ("the defence
 * minister") when exactly one named person was introduced in exactly that role before it.
 * When two candidates fit, nothing is guessed. Then everything is written into the
 * cm_mentions: lexicon mentions held by a longer discovered name are dropped, the new
 * mentions added, the discovered entities moved into cm_mentions.discovered. */
#include <stdlib.h>
#include <string.h>
#include "extract/extract_int.h"
#include "util/util.h"

/* Tokens a0.. and b0.. read the same for n tokens (folded), each run joined. */
static int same_words(const dwork *w, size_t a0, size_t b0, size_t n)
{
    const cm_nchar *c = DW_C(w);
    if (a0 + n > w->nt || b0 + n > w->nt) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        const dtok *a = &w->t[a0 + i], *b = &w->t[b0 + i];
        if (a->e - a->s != b->e - b->s || (i + 1 < n && !cm_dw_joined(w, a0 + i))) {
            return 0;
        }
        for (size_t j = 0; j < a->e - a->s; j++) {
            if (c[a->s + j].fold != c[b->s + j].fold) {
                return 0;
            }
        }
    }
    return 1;
}

static int in_function(const dwork *w, size_t k)
{
    return cm_dlist_has(DL_FUNCTION, DW_C(w), w->t[k].s, w->t[k].e);
}

/* Tokens [k, k + n) stand alone: no name word joined before or after them. */
static int standalone(const dwork *w, size_t k, size_t n)
{
    size_t first = w->sent_tok[w->t[k].sent], end = cm_dw_sent_end(w, k);
    if (k > first && cm_dw_joined(w, k - 1) && cm_dw_name_word(w, k - 1)) {
        return 0;
    }
    return !(k + n < end && cm_dw_joined(w, k + n - 1) && cm_dw_name_word(w, k + n));
}

static int free_span(const dwork *w, const uint8_t *taken, size_t k, size_t n)
{
    for (size_t i = k; i < k + n; i++) {
        if (taken[i] || (w->t[i].mention && !w->drop[w->t[i].mention - 1] &&
                         cm_lexicon_entity(w->lex, w->m->items[w->t[i].mention - 1].entity)->type !=
                             CM_TYPE_COUNTRY)) {
            return 0;
        }
    }
    return 1;
}

static cm_status take_span(dwork *w, uint8_t *taken, size_t k, size_t n, dref to, cm_rule rule)
{
    for (size_t i = k; i < k + n; i++) {
        taken[i] = 1;
        if (w->t[i].mention) {
            w->drop[w->t[i].mention - 1] = 1;
        }
    }
    return cm_dw_add(w, k, k + n, to, rule);
}

static int same_ref(dref a, dref b)
{
    return a.index == b.index && a.discovered == b.discovered;
}

static dref ent_ref(const dwork *w, size_t i)
{
    return w->ents[i].lex != SIZE_MAX ? (dref){w->ents[i].lex, 0} : (dref){i, 1};
}

/* A defined acronym, written exactly as defined, later or earlier in the text. */
static cm_status acronym_use(dwork *w, uint8_t *taken, size_t k)
{
    const cm_nchar *c = DW_C(w);
    for (size_t i = 0; i < w->n_acros; i++) {
        const dtok *a = &w->t[w->acros[i].t], *t = &w->t[k];
        int same = a->e - a->s == t->e - t->s;
        for (size_t j = 0; same && j < t->e - t->s; j++) {
            same = c[a->s + j].cp == c[t->s + j].cp;
        }
        if (!same) {
            continue;
        }
        if (t->mention && !w->acros[i].to.discovered &&
            w->m->items[t->mention - 1].entity == w->acros[i].to.index) {
            return CM_OK; /* the lexicon has it already */
        }
        return take_span(w, taken, k, 1, w->acros[i].to, CM_RULE_ACRONYM_USE);
    }
    return CM_OK;
}

/* A discovered name written out again: the longest that fits. */
static size_t name_again(dwork *w, uint8_t *taken, size_t k, cm_status *rc)
{
    size_t best = SIZE_MAX, n_best = 0;
    for (size_t i = 0; i < w->n_ents; i++) {
        size_t n = w->ents[i].t1 - w->ents[i].t0;
        if (n > n_best && same_words(w, k, w->ents[i].t0, n) && free_span(w, taken, k, n) &&
            (k + n > w->sent_tok[w->t[k].sent + 1] ? 0 : standalone(w, k, n))) {
            best = i;
            n_best = n;
        }
    }
    if (best == SIZE_MAX) {
        return 0;
    }
    *rc = take_span(w, taken, k, n_best, ent_ref(w, best), CM_RULE_REPEAT);
    return n_best;
}

/* A lexicon person the document names ends with the word at token k ("Singh" when
 * Rajnath Singh is named): then that surname has two candidates. */
static int lexicon_surname(const dwork *w, size_t k)
{
    for (size_t i = 0; i + 1 < w->nt; i++) {
        const dtok *t = &w->t[i];
        if (t->mention && w->t[i + 1].mention != t->mention && same_words(w, i, k, 1)) {
            const cm_entity *e = cm_lexicon_entity(w->lex, w->m->items[t->mention - 1].entity);
            if (e->type == CM_TYPE_ACTOR && strcmp(e->subtype, "person") == 0) {
                return 1;
            }
        }
    }
    return 0;
}

/* The surname of exactly one discovered person, standing alone ("Petrov said",
 * "Gen. Petrov"), when no lexicon person of that surname is named too. */
static cm_status surname(dwork *w, uint8_t *taken, size_t k)
{
    size_t who = SIZE_MAX, n = 0;

    if (!(w->t[k].shape & TK_CAP) || w->t[k].mention || !standalone(w, k, 1)) {
        return CM_OK;
    }
    for (size_t i = 0; i < w->n_ents; i++) {
        if (w->ents[i].person && same_words(w, k, w->ents[i].t1 - 1, 1)) {
            if (who == SIZE_MAX || !same_ref(ent_ref(w, who), ent_ref(w, i))) {
                n++;
            }
            who = i;
        }
    }
    if (n != 1 || lexicon_surname(w, k)) {
        return CM_OK;
    }
    return take_span(w, taken, k, 1, ent_ref(w, who), CM_RULE_SURNAME);
}

/* The role's words are written as a title, capitalized ("the Defence Minister"): a
 * lower-case "the chancellor" describes an office, and an unnamed office holder is no
 * person (guideline rule 16; rule 17 draws the same line for bodies). */
static int capitalized(const dwork *w, size_t r, size_t n)
{
    for (size_t i = r; i < r + n; i++) {
        if (!(w->t[i].shape & TK_CAP) && !(w->t[i].shape & TK_LOWER && in_function(w, i))) {
            return 0;
        }
    }
    return 1;
}

/* "the <Role>" or "the <qualifier> <Role>" after exactly one person was introduced in
 * that role (with that qualifier, when one is written). */
static cm_status role_reference(dwork *w, uint8_t *taken, size_t k)
{
    size_t end = cm_dw_sent_end(w, k);

    /* most tokens: their length says they are no "the" */
    if (w->t[k].e - w->t[k].s != 3 || !cm_dword_eq(DW_C(w), w->t[k].s, w->t[k].e, "the") ||
        k + 1 >= end || !cm_dw_joined(w, k)) {
        return CM_OK;
    }
    for (int qual = 0; qual < 2; qual++) {
        size_t r = k + 1 + (size_t)qual, n_who = 0, span = 0;
        dref who = {0, 0};
        if (r >= end || (qual && (!w->t[k + 1].mention || !cm_dw_joined(w, k + 1)))) {
            continue;
        }
        for (size_t i = 0; i < w->n_roles; i++) {
            const drole *ro = &w->roles[i];
            size_t n = ro->t1 - ro->t0;
            if (ro->at > k || !same_words(w, r, ro->t0, n) || !capitalized(w, r, n) ||
                !free_span(w, taken, r, n) ||
                (r + n < end && cm_dw_joined(w, r + n - 1) &&
                 (cm_dw_name_word(w, r + n) ||
                  cm_dword_eq(DW_C(w), w->t[r + n].s, w->t[r + n].e, "of")))) {
                continue;
            }
            if (qual && (!ro->qualifier || w->m->items[ro->qualifier - 1].entity !=
                                               w->m->items[w->t[k + 1].mention - 1].entity)) {
                continue;
            }
            if (n_who == 0 || !same_ref(who, ro->who)) {
                n_who += n_who == 0 || !same_ref(who, ro->who);
                who = ro->who;
            }
            span = n;
        }
        if (n_who == 1) {
            return take_span(w, taken, r, span, who, CM_RULE_ROLE);
        }
    }
    return CM_OK;
}

static cm_status find_uses(dwork *w, uint8_t *taken)
{
    cm_status rc = CM_OK;

    for (size_t i = 0; i < w->n_add; i++) {
        for (size_t k = w->add[i].t0; k < w->add[i].t1; k++) {
            taken[k] = 1;
        }
    }
    for (size_t k = 0; k < w->nt && rc == CM_OK; k++) {
        if (taken[k]) {
            continue;
        }
        if (w->t[k].shape & TK_UPPER && w->n_acros > 0) {
            rc = acronym_use(w, taken, k);
        }
        if (rc == CM_OK && !taken[k] && w->t[k].shape & (TK_CAP | TK_DIGIT) && w->n_ents > 0) {
            size_t n = name_again(w, taken, k, &rc);
            if (n == 0 && rc == CM_OK) {
                rc = surname(w, taken, k);
            }
        }
        if (rc == CM_OK && !taken[k] && w->n_roles > 0) {
            rc = role_reference(w, taken, k);
        }
    }
    return rc;
}

static int add_order(const void *x, const void *y)
{
    const dmention *a = x, *b = y;
    if (a->t0 != b->t0) {
        return a->t0 < b->t0 ? -1 : 1;
    }
    return a->t1 > b->t1 ? -1 : a->t1 < b->t1;
}

static int by_start(const void *x, const void *y)
{
    const cm_mention *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* Discovered entities in order of first mention; `slot[i]` is ents[i]'s place there. */
static cm_status move_entities(dwork *w, size_t *slot)
{
    cm_mentions *m = w->m;
    m->discovered = cm_calloc(w->n_ents + 1, sizeof(*m->discovered));
    if (!m->discovered) {
        return cm_error_set(w->err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < w->n_ents; i++) {
        slot[i] = SIZE_MAX;
    }
    for (size_t i = 0; i < w->n_add; i++) {
        dent *e = w->add[i].to.discovered ? &w->ents[w->add[i].to.index] : NULL;
        if (!e || slot[w->add[i].to.index] != SIZE_MAX) {
            continue;
        }
        slot[w->add[i].to.index] = m->n_discovered;
        m->discovered[m->n_discovered++] =
            (cm_discovered){{e->id, e->type, e->subtype, e->label, e->country}, e->rule};
        e->id = NULL;
        e->label = NULL;
    }
    return CM_OK;
}

/* Lexicon mentions not dropped, then the new ones, all in byte order. */
static cm_status write_mentions(dwork *w)
{
    cm_mentions *m = w->m;
    const cm_nchar *c = DW_C(w);
    size_t *slot = cm_malloc((w->n_ents + 1) * sizeof(*slot)), kept = 0, cap = m->n;
    cm_status rc =
        slot ? move_entities(w, slot) : cm_error_set(w->err, CM_ENOMEM, NULL, 0, "out of memory");

    for (size_t i = 0; i < m->n && rc == CM_OK; i++) {
        if (!w->drop[i]) {
            m->items[kept++] = m->items[i];
        }
    }
    m->n = kept;
    if (rc == CM_OK) {
        rc = cm_grow(&m->items, &cap, m->n + w->n_add, sizeof(*m->items), w->err);
    }
    for (size_t i = 0; i < w->n_add && rc == CM_OK; i++) {
        const dmention *a = &w->add[i];
        size_t entity = a->to.discovered ? slot[a->to.index] : a->to.index;
        m->items[m->n++] = (cm_mention){entity,
                                        SIZE_MAX,
                                        c[w->t[a->t0].s].start,
                                        c[w->t[a->t1 - 1].e - 1].end,
                                        w->t[a->t0].sent,
                                        (unsigned char)a->to.discovered,
                                        (unsigned char)a->rule};
    }
    if (rc == CM_OK) {
        qsort(m->items, m->n, sizeof(*m->items), by_start);
    }
    cm_free(slot);
    return rc;
}

cm_status cm_coref_finish(dwork *w)
{
    uint8_t *taken = cm_calloc(w->nt + 1, 1);
    size_t kept = 0;
    cm_status rc = taken ? CM_OK : cm_error_set(w->err, CM_ENOMEM, NULL, 0, "out of memory");

    if (rc == CM_OK && (w->n_ents > 0 || w->n_roles > 0 || w->n_acros > 0)) {
        rc = find_uses(w, taken);
    }
    cm_free(taken);
    if (rc != CM_OK || w->n_add == 0) {
        return rc;
    }
    qsort(w->add, w->n_add, sizeof(*w->add), add_order);
    for (size_t i = 0; i < w->n_add; i++) {
        if (kept == 0 || w->add[i].t0 >= w->add[kept - 1].t1) {
            w->add[kept++] = w->add[i]; /* no two new mentions overlap */
        }
    }
    w->n_add = kept;
    return write_mentions(w);
}
