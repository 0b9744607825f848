/* comention: the checks of `lexicon check` that look at the whole file at once: an alias
 * that two entities claim, where no case rule tells the two apart. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "lexicon/lexicon_int.h"

#define MAX_FORMS 3

static uint32_t fold(uint32_t cp)
{
    return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

static uint32_t upper(uint32_t cp)
{
    return (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
}

static int by_folded(const void *x, const void *y, void *ctx)
{
    const lex_reader *r = ctx;
    const alias_rec *a = &r->lex->aliases[*(const size_t *)x];
    const alias_rec *b = &r->lex->aliases[*(const size_t *)y];
    size_t n = a->n < b->n ? a->n : b->n;
    for (size_t i = 0; i < n; i++) {
        uint32_t p = fold(a->cps[i]), q = fold(b->cps[i]);
        if (p != q) {
            return p < q ? -1 : 1;
        }
    }
    if (a->n != b->n) {
        return a->n < b->n ? -1 : 1;
    }
    return a->line < b->line ? -1 : a->line > b->line;
}

static int same_folded(const alias_rec *a, const alias_rec *b)
{
    if (a->n != b->n) {
        return 0;
    }
    for (size_t i = 0; i < a->n; i++) {
        if (fold(a->cps[i]) != fold(b->cps[i])) {
            return 0;
        }
    }
    return 1;
}

/* Form k of an alias at position i: 0 as written, 1 first letter capitalised, 2 ALL CAPS. */
static uint32_t form_cp(const alias_rec *a, int k, size_t i)
{
    if (k == 2 || (k == 1 && i == 0)) {
        return upper(a->cps[i]);
    }
    return a->cps[i];
}

/* Can some text satisfy both aliases' case rules? */
static int overlap(const alias_rec *a, const alias_rec *b)
{
    int na = a->rule == CM_CASE_TITLE ? MAX_FORMS : 1,
        nb = b->rule == CM_CASE_TITLE ? MAX_FORMS : 1;

    if (a->rule == CM_CASE_FOLD || b->rule == CM_CASE_FOLD) {
        return 1;
    }
    for (int i = 0; i < na; i++) {
        for (int j = 0; j < nb; j++) {
            size_t k = 0;
            while (k < a->n && form_cp(a, i, k) == form_cp(b, j, k)) {
                k++;
            }
            if (k == a->n) {
                return 1;
            }
        }
    }
    return 0;
}

static const char *owner(const cm_lexicon *lex, const alias_rec *a)
{
    return a->entity == CM_STOP ? "a stop phrase" : lex->entities[a->entity].id;
}

static void check_pair(lex_reader *r, const alias_rec *a, const alias_rec *b)
{
    if (a->entity == b->entity || (a->shared && b->shared) || !overlap(a, b)) {
        return;
    }
    const alias_rec *later = a->line > b->line ? a : b, *earlier = later == a ? b : a;
    cm_lex_fail(r, later->line,
                "alias '%s' of %s is also claimed by %s (line %ld); give them case rules "
                "that tell them apart, or mark both shared",
                later->text, owner(r->lex, later), owner(r->lex, earlier), earlier->line);
}

void cm_lex_check_conflicts(lex_reader *r)
{
    const cm_lexicon *lex = r->lex;
    size_t *idx = cm_malloc((lex->n_aliases + 1) * sizeof(*idx));

    if (!idx) {
        return;
    }
    for (size_t i = 0; i < lex->n_aliases; i++) {
        idx[i] = i;
    }
    cm_sort(idx, lex->n_aliases, sizeof(*idx), by_folded, (void *)r);
    for (size_t i = 0; i < lex->n_aliases;) {
        size_t j = i + 1;
        while (j < lex->n_aliases && same_folded(&lex->aliases[idx[i]], &lex->aliases[idx[j]])) {
            j++;
        }
        for (size_t p = i; p < j; p++) {
            for (size_t q = p + 1; q < j; q++) {
                check_pair(r, &lex->aliases[idx[p]], &lex->aliases[idx[q]]);
            }
        }
        i = j;
    }
    cm_free(idx);
}
