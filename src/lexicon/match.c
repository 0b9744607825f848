/* comention: the alias matcher. A trie over case-folded normalized text, with edges in
 * one hash map, gives leftmost-longest matching at a cost per character independent of
 * the lexicon's size (as an Aho–Corasick automaton would, without failure links: the
 * extractor restarts only at word starts, and aliases are short). Case rules are checked
 * on the case-kept characters of each candidate. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "lexicon/lexicon_int.h"

static uint64_t edge_key(size_t node, uint32_t cp)
{
    return ((uint64_t)node << 21) | cp;
}

static uint32_t fold(uint32_t cp)
{
    return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

static uint32_t upper(uint32_t cp)
{
    return (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
}

static cm_status new_node(cm_lexicon *lex, size_t *out, cm_error *err)
{
    cm_status rc =
        cm_grow(&lex->nodes, &lex->cap_nodes, lex->n_nodes + 1, sizeof(*lex->nodes), err);
    if (rc != CM_OK) {
        return rc;
    }
    lex->nodes[lex->n_nodes] = (trie_node){0, 0};
    *out = lex->n_nodes++;
    return CM_OK;
}

typedef struct term {
    size_t node, alias;
} term;

/* Within a node: stops and entities alike, stricter case rules first, later aliases
 * first, so the first alias whose case rule passes is the one that wins. */
static const cm_lexicon *sort_lex; /* qsort has no context argument; set only in compile */

static int term_cmp(const void *a, const void *b)
{
    const term *x = a, *y = b;
    if (x->node != y->node) {
        return x->node < y->node ? -1 : 1;
    }
    const alias_rec *p = &sort_lex->aliases[x->alias], *q = &sort_lex->aliases[y->alias];
    if (p->rule != q->rule) {
        return (int)p->rule - (int)q->rule;
    }
    return p->order > q->order ? -1 : p->order < q->order;
}

static int same_cps(const alias_rec *a, const alias_rec *b)
{
    return a->n == b->n && memcmp(a->cps, b->cps, a->n * sizeof(*a->cps)) == 0;
}

static void warn_conflicts(const cm_lexicon *lex, const term *t, size_t n,
                           void (*warn)(void *, const char *), void *ctx)
{
    char msg[512];
    for (size_t i = 0; warn && i + 1 < n; i++) {
        const alias_rec *a = &lex->aliases[t[i].alias], *b = &lex->aliases[t[i + 1].alias];
        if (t[i].node != t[i + 1].node || a->rule != b->rule || a->entity == b->entity ||
            !same_cps(a, b)) {
            continue;
        }
        snprintf(msg, sizeof(msg), "alias '%s' of '%s' is also claimed by '%s'; the later wins",
                 a->text, a->entity == CM_STOP ? "<stop>" : lex->entities[a->entity].id,
                 b->entity == CM_STOP ? "<stop>" : lex->entities[b->entity].id);
        warn(ctx, msg);
    }
}

cm_status cm_lexicon_compile(cm_lexicon *lex, void (*warn)(void *ctx, const char *msg),
                             void *warn_ctx, cm_error *err)
{
    term *terms = NULL;
    size_t root;
    cm_status rc;

    cm_free(lex->nodes);
    cm_free(lex->terms);
    lex->nodes = NULL;
    lex->terms = NULL;
    lex->n_nodes = lex->cap_nodes = lex->n_terms = 0;
    cm_map64_destroy(&lex->edges);
    rc = new_node(lex, &root, err);
    terms = cm_malloc((lex->n_aliases + 1) * sizeof(*terms));
    if (rc == CM_OK && !terms) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; rc == CM_OK && i < lex->n_aliases; i++) {
        const alias_rec *a = &lex->aliases[i];
        size_t node = root;
        for (size_t k = 0; rc == CM_OK && k < a->n; k++) {
            uint64_t key = edge_key(node, fold(a->cps[k]));
            size_t child = cm_map64_get(&lex->edges, key);
            if (child == SIZE_MAX) {
                rc = new_node(lex, &child, err);
                if (rc == CM_OK) {
                    rc = cm_map64_put(&lex->edges, key, child, err);
                }
            }
            node = child;
        }
        terms[i] = (term){node, i};
    }
    if (rc == CM_OK) {
        sort_lex = lex;
        qsort(terms, lex->n_aliases, sizeof(*terms), term_cmp);
        sort_lex = NULL;
        warn_conflicts(lex, terms, lex->n_aliases, warn, warn_ctx);
        lex->terms = cm_malloc((lex->n_aliases + 1) * sizeof(*lex->terms));
        if (!lex->terms) {
            rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        }
    }
    for (size_t i = 0; rc == CM_OK && i < lex->n_aliases; i++) {
        trie_node *nd = &lex->nodes[terms[i].node];
        if (nd->n == 0) {
            nd->first = i;
        }
        nd->n++;
        lex->terms[i] = terms[i].alias;
    }
    lex->n_terms = lex->n_aliases;
    cm_free(terms);
    lex->compiled = rc == CM_OK;
    return rc;
}

static int case_ok(const alias_rec *a, const cm_nchar *t)
{
    int same = 1, first_cap = 1, all_caps = 1;

    if (a->rule == CM_CASE_FOLD) {
        return 1;
    }
    for (size_t i = 0; i < a->n; i++) {
        uint32_t want = a->cps[i], got = t[i].cp;
        if (got != want) {
            same = 0;
            if (i > 0 || got != upper(want)) {
                first_cap = 0;
            }
        }
        if (got != upper(want)) {
            all_caps = 0;
        }
    }
    if (a->rule == CM_CASE_EXACT) {
        return same;
    }
    return same || first_cap || all_caps;
}

static int boundary_at(const cm_nchar *c, size_t n, size_t end)
{
    return end >= n || !cm_is_word_char(c[end].cp);
}

void cm_lexicon_match(cm_match *out, const cm_lexicon *lex, const cm_nchar *chars, size_t n,
                      size_t pos)
{
    size_t node = 0;

    out->len = 0;
    out->entity = -1;
    if (!lex->compiled) {
        return;
    }
    for (size_t k = pos; k < n; k++) {
        node = cm_map64_get(&lex->edges, edge_key(node, chars[k].fold));
        if (node == SIZE_MAX) {
            break;
        }
        const trie_node *nd = &lex->nodes[node];
        if (nd->n == 0) {
            continue;
        }
        size_t end = k + 1;
        /* A weapon alias takes a plural s ("F-16s", "Patriots"). */
        int plural = end < n && chars[end].cp == 's' && boundary_at(chars, n, end + 1);
        if (!boundary_at(chars, n, end) && !plural) {
            continue;
        }
        for (size_t t = nd->first; t < nd->first + nd->n; t++) {
            const alias_rec *a = &lex->aliases[lex->terms[t]];
            int weapon = a->entity != CM_STOP && lex->entities[a->entity].type == CM_TYPE_WEAPON;
            if (!boundary_at(chars, n, end) && !weapon) {
                continue;
            }
            if (!case_ok(a, chars + pos)) {
                continue;
            }
            out->len = end - pos + !boundary_at(chars, n, end);
            out->entity = a->entity == CM_STOP ? -1 : (long)a->entity;
            break;
        }
    }
}
