/* comention: compiling and running the alias matcher.
 *
 * A trie over case-folded normalized text, with edges in one hash map, gives
 * leftmost-longest matching at a cost per character independent of the lexicon's size (as
 * an Aho–Corasick automaton would, without failure links: the extractor restarts only at
 * word starts, and aliases are short). Case rules are checked on the case-kept characters
 * of each candidate.
 *
 * Shared aliases stand for every entity that claims them; the extractor keeps such a
 * mention only where the document names exactly one of those entities otherwise. Every
 * person's surname becomes a derived shared alias ("a surname alone is a mention of the
 * full-named person"), unless an alias of the files already reads the same. */
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
    if (cp < 0x80) {
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    }
    return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

static uint32_t upper(uint32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
    }
    return (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
}

static cm_status new_node(cm_lexicon *lex, size_t *out, cm_error *err)
{
    cm_status rc;

    if (lex->n_nodes >= ROOT2_KID) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "lexicon too large: over 2^30 trie nodes");
    }
    rc = cm_grow(&lex->nodes, &lex->cap_nodes, lex->n_nodes + 1, sizeof(*lex->nodes), err);
    if (rc != CM_OK) {
        return rc;
    }
    lex->nodes[lex->n_nodes] = (trie_node){0, 0, 0, 0, 0};
    *out = lex->n_nodes++;
    return CM_OK;
}

/* The node reached by an alias, created on the way when `create`; SIZE_MAX if absent. */
static cm_status walk(cm_lexicon *lex, const alias_rec *a, int create, size_t *node, cm_error *err)
{
    *node = 0;
    for (size_t k = 0; k < a->n; k++) {
        uint64_t key = edge_key(*node, fold(a->cps[k]));
        size_t child = cm_map64_get(&lex->edges, key);
        if (child == SIZE_MAX && !create) {
            *node = SIZE_MAX;
            return CM_OK;
        }
        if (child == SIZE_MAX) {
            cm_status rc = new_node(lex, &child, err);
            if (rc == CM_OK) {
                rc = cm_map64_put(&lex->edges, key, child, err);
            }
            if (rc != CM_OK) {
                return rc;
            }
        }
        *node = child;
    }
    return CM_OK;
}

typedef struct term {
    size_t node, alias;
} term;

/* Within a node: own aliases before shared ones, stricter case rules first, later
 * aliases first, so the first alias whose case rule passes is the one that wins. */
static int term_cmp(const void *a, const void *b, void *ctx)
{
    const cm_lexicon *lex = ctx;
    const term *x = a, *y = b;
    if (x->node != y->node) {
        return x->node < y->node ? -1 : 1;
    }
    const alias_rec *p = &lex->aliases[x->alias], *q = &lex->aliases[y->alias];
    if (p->shared != q->shared) {
        return p->shared - q->shared;
    }
    if (p->rule != q->rule) {
        return (int)p->rule - (int)q->rule;
    }
    return p->order > q->order ? -1 : p->order < q->order;
}

static int same_cps(const alias_rec *a, const alias_rec *b)
{
    return a->n == b->n && memcmp(a->cps, b->cps, a->n * sizeof(*a->cps)) == 0;
}

/* Drop the surnames of an earlier compile; they are derived again. */
static void drop_derived(cm_lexicon *lex)
{
    size_t w = 0;
    for (size_t i = 0; i < lex->n_aliases; i++) {
        if (lex->aliases[i].derived) {
            cm_free(lex->aliases[i].text);
            cm_free(lex->aliases[i].cps);
        } else {
            lex->aliases[w++] = lex->aliases[i];
        }
    }
    lex->n_aliases = w;
}

/* A word of three letters or more that starts with a capital, in any script ("Шойгу"). */
static int capitalised_word(const char *w, size_t len)
{
    const unsigned char *u = (const unsigned char *)w;
    size_t i = 0, chars = 0;
    uint32_t cp;

    i = cm_utf8_decode(&cp, u, len);
    if (utf8proc_category((utf8proc_int32_t)cp) != UTF8PROC_CATEGORY_LU) {
        return 0;
    }
    for (chars = 1; i < len; chars++) {
        i += cm_utf8_decode(&cp, u + i, len - i);
    }
    return chars >= 3;
}

/* "Ursula von der Leyen" → "von der Leyen", "Lloyd J. Austin III" → "Austin", *len bytes
 * of name; NULL when the name has one word or the surname is shorter than three letters. */
static const char *surname_of(const char *name, size_t *len)
{
    static const char *const particles[] = {"von",   "van", "der", "den", "de",  "del",
                                            "della", "da",  "dos", "du",  "la",  "le",
                                            "al",    "el",  "bin", "ibn", "ben", NULL};
    static const char *const suffixes[] = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", NULL};
    const char *words[16];
    size_t lens[16], n = 0;

    for (const char *p = name; *p && n < 16;) {
        while (*p == ' ') {
            p++;
        }
        if (!*p) {
            break;
        }
        words[n] = p;
        while (*p && *p != ' ') {
            p++;
        }
        lens[n] = (size_t)(p - words[n]);
        n++;
    }
    while (n > 1) {
        int suffix = 0;
        for (size_t i = 0; suffixes[i]; i++) {
            suffix |= strlen(suffixes[i]) == lens[n - 1] &&
                      memcmp(suffixes[i], words[n - 1], lens[n - 1]) == 0;
        }
        if (!suffix) {
            break;
        }
        n--;
    }
    if (n < 2 || !capitalised_word(words[n - 1], lens[n - 1])) {
        return NULL;
    }
    size_t first = n - 1;
    while (first > 1) {
        int particle = 0;
        for (size_t i = 0; particles[i]; i++) {
            particle |= strlen(particles[i]) == lens[first - 1] &&
                        memcmp(particles[i], words[first - 1], lens[first - 1]) == 0;
        }
        if (!particle) {
            break;
        }
        first--;
    }
    *len = (size_t)(words[n - 1] + lens[n - 1] - words[first]);
    return words[first];
}

static cm_status derive_surnames(cm_lexicon *lex, cm_error *err)
{
    size_t n_entities = lex->n_entities;
    cm_status rc = CM_OK;

    for (size_t e = 0; e < n_entities && rc == CM_OK; e++) {
        const cm_entity *ent = &lex->entities[e];
        const char *from;
        char *surname;
        size_t node, len = 0;

        if (ent->type != CM_TYPE_ACTOR || strcmp(ent->subtype, "person") != 0 ||
            !(from = surname_of(ent->name, &len))) {
            continue;
        }
        if (!(surname = cm_strndup(from, len))) {
            rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
            break;
        }
        rc = cm_lexicon_add_alias(lex, e, surname, CM_ALIAS_NAME, CM_CASE_TITLE, 1, NULL, 0, err);
        cm_free(surname);
        if (rc != CM_OK) {
            break;
        }
        alias_rec *a = &lex->aliases[lex->n_aliases - 1];
        a->derived = 1;
        rc = walk(lex, a, 0, &node, err);
        /* An alias of the files that reads the same wins: drop the derived one. */
        if (rc == CM_OK && node != SIZE_MAX && lex->nodes[node].n > 0) {
            cm_free(a->text);
            cm_free(a->cps);
            lex->n_aliases--;
        }
    }
    return rc;
}

static void warn_conflicts(const cm_lexicon *lex, const term *t, size_t n,
                           void (*warn)(void *, const char *), void *ctx)
{
    char msg[512];
    for (size_t i = 0; warn && i + 1 < n; i++) {
        const alias_rec *a = &lex->aliases[t[i].alias], *b = &lex->aliases[t[i + 1].alias];
        if (t[i].node != t[i + 1].node || a->rule != b->rule || a->entity == b->entity ||
            a->shared || b->shared || !same_cps(a, b)) {
            continue;
        }
        snprintf(msg, sizeof(msg), "alias '%s' of '%s' is also claimed by '%s'; the later wins",
                 a->text, a->entity == CM_STOP ? "<stop>" : lex->entities[a->entity].id,
                 b->entity == CM_STOP ? "<stop>" : lex->entities[b->entity].id);
        warn(ctx, msg);
    }
}

/* Count each alias once per node: the same text, entity and rule from two files (or the
 * display name repeated as an alias) is one term. */
static size_t dedupe(const cm_lexicon *lex, term *t, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        int dup = 0;
        for (size_t j = w; j-- > 0 && t[j].node == t[i].node;) {
            const alias_rec *a = &lex->aliases[t[j].alias], *b = &lex->aliases[t[i].alias];
            if (a->entity == b->entity && a->rule == b->rule && a->shared == b->shared &&
                same_cps(a, b)) {
                dup = 1;
                break;
            }
        }
        if (!dup) {
            t[w++] = t[i];
        }
    }
    return w;
}

void cm_lex_reset_matcher(cm_lexicon *lex)
{
    cm_free(lex->nodes);
    cm_free(lex->tinfo);
    cm_free(lex->by_entity);
    cm_free(lex->entity_first);
    cm_free(lex->kids);
    cm_free(lex->root2);
    cm_free(lex->tables);
    lex->kids = NULL;
    lex->root2 = NULL;
    lex->tables = NULL;
    lex->n_tables = 0;
    memset(lex->root_ascii, 0, sizeof(lex->root_ascii));
    lex->by_entity = lex->entity_first = NULL;
    lex->nodes = NULL;
    lex->tinfo = NULL;
    lex->n_nodes = lex->cap_nodes = lex->n_terms = 0;
    cm_map64_destroy(&lex->edges);
}

static cm_status build_trie(cm_lexicon *lex, size_t from, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t i = from; i < lex->n_aliases && rc == CM_OK; i++) {
        size_t node;
        rc = walk(lex, &lex->aliases[i], 1, &node, err);
        /* Mark the node as holding a term, so surnames can see it; lists come later. */
        if (rc == CM_OK) {
            lex->nodes[node].n = 1;
        }
    }
    return rc;
}

term_info cm_lex_describe_term(const cm_lexicon *lex, size_t alias)
{
    const alias_rec *a = &lex->aliases[alias];
    term_info ti = {0};

    ti.entity = a->entity;
    ti.alias = (uint32_t)alias;
    ti.rule = (uint8_t)a->rule;
    ti.shared = a->shared != 0;
    ti.type = (uint8_t)(a->entity != CM_STOP ? lex->entities[a->entity].type : 0);
    ti.quick = a->n <= 64;
    for (size_t i = 0; i < a->n && ti.quick; i++) {
        uint32_t c = a->cps[i];
        ti.quick = c < 0x80;
        ti.upper |= (uint64_t)(c >= 'A' && c <= 'Z') << i;
        ti.letters |= (uint64_t)((c | 0x20) >= 'a' && (c | 0x20) <= 'z') << i;
    }
    return ti;
}

static cm_status fill_terms(cm_lexicon *lex, void (*warn)(void *, const char *), void *warn_ctx,
                            cm_error *err)
{
    term *terms = cm_malloc((lex->n_aliases + 1) * sizeof(*terms));
    size_t n = 0;
    cm_status rc = CM_OK;

    lex->tinfo = cm_malloc((lex->n_aliases + 1) * sizeof(*lex->tinfo));
    if (!terms || !lex->tinfo) {
        cm_free(terms);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < lex->n_aliases && rc == CM_OK; i++) {
        size_t node;
        rc = walk(lex, &lex->aliases[i], 0, &node, err);
        terms[n++] = (term){node, i};
    }
    if (rc == CM_OK) {
        cm_sort(terms, n, sizeof(*terms), term_cmp, lex);
        n = dedupe(lex, terms, n);
        warn_conflicts(lex, terms, n, warn, warn_ctx);
        for (size_t i = 0; i < lex->n_nodes; i++) {
            lex->nodes[i].first = lex->nodes[i].n = 0;
        }
        for (size_t i = 0; i < n; i++) {
            trie_node *nd = &lex->nodes[terms[i].node];
            if (nd->n == 0) {
                nd->first = i;
            }
            nd->n++;
            lex->tinfo[i] = cm_lex_describe_term(lex, terms[i].alias);
        }
        lex->n_terms = n;
    }
    cm_free(terms);
    return rc;
}

cm_status cm_lex_index_by_entity(cm_lexicon *lex, cm_error *err)
{
    size_t n = lex->n_entities;
    lex->entity_first = cm_calloc(n + 2, sizeof(size_t));
    lex->by_entity = cm_malloc((lex->n_aliases + 1) * sizeof(size_t));
    if (!lex->entity_first || !lex->by_entity) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < lex->n_aliases; i++) {
        if (lex->aliases[i].entity != CM_STOP) {
            lex->entity_first[lex->aliases[i].entity + 2]++;
        }
    }
    for (size_t e = 2; e < n + 2; e++) {
        lex->entity_first[e] += lex->entity_first[e - 1];
    }
    for (size_t i = 0; i < lex->n_aliases; i++) {
        if (lex->aliases[i].entity != CM_STOP) {
            lex->by_entity[lex->entity_first[lex->aliases[i].entity + 1]++] = i;
        }
    }
    return CM_OK;
}

size_t cm_lexicon_entity_aliases(const cm_lexicon *lex, size_t entity, const size_t **out)
{
    if (!lex->compiled || entity >= lex->n_entities) {
        *out = NULL;
        return 0;
    }
    *out = lex->by_entity + lex->entity_first[entity];
    return lex->entity_first[entity + 1] - lex->entity_first[entity];
}

static int kid_cmp(const void *a, const void *b, void *ctx)
{
    const trie_kid *x = a, *y = b;
    (void)ctx;
    return x->cp < y->cp ? -1 : x->cp > y->cp;
}

/* The children arrays for matching, from the edge map (after mark_lower). */
static cm_status build_kids(cm_lexicon *lex, cm_error *err)
{
    const cm_map64 *m = &lex->edges;
    uint32_t *fill = cm_calloc(lex->n_nodes + 1, sizeof(*fill));

    lex->kids = cm_calloc(m->n + 1, sizeof(*lex->kids));
    lex->root2 = cm_calloc(128 * 128, sizeof(*lex->root2));
    if (!fill || !lex->kids || !lex->root2) {
        cm_free(fill);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key != CM_MAP_EMPTY) {
            lex->nodes[m->slots[i].key >> 21].kid_n++;
        }
    }
    for (size_t i = 0, at = 0; i < lex->n_nodes; i++) {
        lex->nodes[i].kid_first = (uint32_t)at;
        at += lex->nodes[i].kid_n;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key != CM_MAP_EMPTY) {
            size_t parent = (size_t)(m->slots[i].key >> 21);
            trie_kid *k = &lex->kids[lex->nodes[parent].kid_first + fill[parent]++];
            k->cp = (uint32_t)(m->slots[i].key & 0x1FFFFF);
            k->node = (uint32_t)m->slots[i].val;
        }
    }
    for (size_t i = 0; i < lex->n_nodes; i++) {
        cm_sort(lex->kids + lex->nodes[i].kid_first, lex->nodes[i].kid_n, sizeof(*lex->kids),
                kid_cmp, NULL);
    }
    cm_free(fill);
    return cm_lex_link_kids(lex, m->n, err);
}

/* Most children first, then in kids order: which nodes get a table. */
static int table_cmp(const void *a, const void *b, void *ctx)
{
    const trie_kid *kids = ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (kids[x].n != kids[y].n) {
        return kids[x].n > kids[y].n ? -1 : 1;
    }
    return x < y ? -1 : x > y;
}

/* The runs (KID_RUN), from the last entry back: an entry's children come after it. */
static void link_runs(cm_lexicon *lex, size_t n_kids)
{
    for (size_t i = n_kids; i-- > 0;) {
        trie_kid *k = &lex->kids[i];
        const trie_kid *y = &lex->kids[k->first];
        if (k->n != 1) {
            continue;
        }
        k->aux = 1;
        if (y->n == 1 && !y->terms && y->first == k->first + 1 && y->aux < KID_RUN_MAX) {
            k->aux = 1 + y->aux;
        }
    }
}

/* The children tables (KID_TABLE). */
static cm_status link_tables(cm_lexicon *lex, size_t n_kids, cm_error *err)
{
    uint32_t *pick = cm_malloc((n_kids + 1) * sizeof(*pick));
    size_t n_pick = 0;

    if (!pick) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n_kids; i++) {
        if (lex->kids[i].n >= KID_TABLE_MIN && lex->kids[i].n < 255) {
            pick[n_pick++] = (uint32_t)i;
        }
    }
    cm_sort(pick, n_pick, sizeof(*pick), table_cmp, lex->kids);
    n_pick = n_pick < KID_TABLES_MAX ? n_pick : KID_TABLES_MAX;
    lex->tables = cm_calloc(n_pick * 128 + 1, 1);
    if (!lex->tables) {
        cm_free(pick);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    lex->n_tables = n_pick;
    for (size_t t = 0; t < n_pick; t++) {
        trie_kid *k = &lex->kids[pick[t]];
        k->aux = (uint32_t)(t + 1);
        for (uint32_t j = 0; j < k->n; j++) {
            uint32_t cp = lex->kids[k->first + j].cp;
            if (cp < 128) {
                lex->tables[t * 128 + cp] = (uint8_t)(j + 1);
            }
        }
    }
    cm_free(pick);
    return CM_OK;
}

cm_status cm_lex_link_kids(cm_lexicon *lex, size_t n_kids, cm_error *err)
{
    for (size_t i = 0; i < n_kids; i++) {
        trie_kid *k = &lex->kids[i];
        const trie_node *child = &lex->nodes[k->node];
        k->first = child->kid_first;
        k->n = child->kid_n;
        k->lower = child->lower != 0;
        k->terms = child->n > 0;
        k->aux = 0;
    }
    for (uint32_t r = 0; r < lex->nodes[0].kid_n; r++) {
        const trie_kid *k1 = &lex->kids[r];
        if (k1->cp >= 128) {
            continue;
        }
        uint32_t *row = lex->root2 + k1->cp * 128;
        lex->root_ascii[k1->cp] = r + 1;
        for (uint32_t j = k1->first; j < k1->first + k1->n; j++) {
            if (lex->kids[j].cp < 128) {
                row[lex->kids[j].cp] = j + 1;
            }
        }
        /* Which two-char starts can reach a name (no_name_at() stops at once where not). */
        for (uint32_t c1 = 0; c1 < 128; c1++) {
            const trie_kid *k2 = row[c1] ? &lex->kids[row[c1] - 1] : NULL;
            int any = k1->terms || k2;
            int lower = k1->lower && (k1->terms || (k2 && k2->lower));
            row[c1] |= (any ? ROOT2_ANY : 0) |
                       ((k1->cp >= 'a' && k1->cp <= 'z' ? lower : any) ? ROOT2_TAKE : 0);
            if (k1->cp >= 'a' && k1->cp <= 'z' && any) {
                lex->root2[(k1->cp - 32) * 128 + c1] = ROOT2_TAKE;
            }
        }
    }
    link_runs(lex, n_kids);
    return link_tables(lex, n_kids, err);
}

/* Flag the trie nodes on the way to a name that accepts text starting in lower case. By
 * case_ok(), an exact or title rule does so only when the name itself starts with an
 * uncased or lower-case character. */
static void mark_lower(cm_lexicon *lex)
{
    for (size_t i = 0; i < lex->n_aliases; i++) {
        const alias_rec *a = &lex->aliases[i];
        size_t node = 0;
        if (a->n == 0 || (a->rule != CM_CASE_FOLD && a->cps[0] != fold(a->cps[0]))) {
            continue;
        }
        for (size_t k = 0; k < a->n && node != SIZE_MAX; k++) {
            node = cm_map64_get(&lex->edges, edge_key(node, fold(a->cps[k])));
            if (node != SIZE_MAX) {
                lex->nodes[node].lower = 1;
            }
        }
    }
}

cm_status cm_lexicon_compile(cm_lexicon *lex, void (*warn)(void *ctx, const char *msg),
                             void *warn_ctx, cm_error *err)
{
    size_t root, explicit_aliases;
    cm_status rc;

    if (lex->compiled) {
        return CM_OK; /* nothing changed since (the built-in image comes compiled) */
    }
    cm_lex_reset_matcher(lex);
    drop_derived(lex);
    explicit_aliases = lex->n_aliases;
    rc = new_node(lex, &root, err);
    if (rc == CM_OK) {
        rc = build_trie(lex, 0, err);
    }
    if (rc == CM_OK) {
        rc = derive_surnames(lex, err);
    }
    if (rc == CM_OK) {
        rc = build_trie(lex, explicit_aliases, err);
    }
    if (rc == CM_OK) {
        rc = fill_terms(lex, warn, warn_ctx, err);
    }
    if (rc == CM_OK) {
        rc = cm_lex_index_by_entity(lex, err);
    }
    if (rc == CM_OK) {
        mark_lower(lex);
        rc = build_kids(lex, err);
    }
    lex->compiled = rc == CM_OK;
    return rc;
}

/* The forms an alias accepts: exact (as written), title (also first letter capitalised
 * or ALL CAPS), fold (any). */
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

/* The case of the text: bit i set where text char i is a capital (ASCII only). `quick`
 * when the text is ASCII and short enough for the masks. */
typedef struct text_case {
    uint64_t upper;
    int quick;
} text_case;

/* case_ok() of term t on the text, by masks where both allow. */
static inline int term_case_ok(const cm_lexicon *lex, size_t t, const cm_nchar *text, text_case tc)
{
    const term_info *ti = &lex->tinfo[t];

    if (ti->rule == CM_CASE_FOLD) {
        return 1;
    }
    if (!(ti->quick && tc.quick)) {
        return case_ok(&lex->aliases[ti->alias], text);
    }
    if (tc.upper == ti->upper) {
        return 1; /* as written */
    }
    return ti->rule == CM_CASE_TITLE && (tc.upper == (ti->upper | 1) || tc.upper == ti->letters);
}

static void collect_candidates(cm_match *out, const cm_lexicon *lex, const trie_node *nd,
                               const cm_nchar *text, text_case tc)
{
    out->n_candidates = 0;
    for (size_t t = nd->first; t < nd->first + nd->n; t++) {
        const term_info *ti = &lex->tinfo[t];
        int seen = 0;
        if (!ti->shared || ti->entity == CM_STOP || !term_case_ok(lex, t, text, tc)) {
            continue;
        }
        for (size_t k = 0; k < out->n_candidates; k++) {
            seen |= out->candidates[k] == ti->entity;
        }
        if (!seen && out->n_candidates < CM_MAX_CANDIDATES) {
            out->candidates[out->n_candidates++] = ti->entity;
        }
    }
}

/* The first alias of the node that the text satisfies (terms are in preference order). */
static void try_node(cm_match *out, const cm_lexicon *lex, const trie_node *nd,
                     const cm_nchar *chars, size_t n, size_t pos, size_t end, text_case tc)
{
    int plural = end < n && chars[end].cp == 's' && boundary_at(chars, n, end + 1);
    int bounded = boundary_at(chars, n, end);

    for (size_t t = nd->first; t < nd->first + nd->n; t++) {
        const term_info *ti = &lex->tinfo[t];
        /* A weapon alias takes a plural s ("F-16s", "Patriots"). */
        if (!bounded && !(plural && ti->entity != CM_STOP && ti->type == CM_TYPE_WEAPON)) {
            continue;
        }
        if (!term_case_ok(lex, t, chars + pos, tc)) {
            if (end - pos > out->rejected_len) {
                out->rejected_len = end - pos;
                out->rejected_alias = ti->alias;
            }
            continue;
        }
        out->len = end - pos + !bounded;
        out->entity = ti->entity == CM_STOP ? -1 : (long)ti->entity;
        out->type = (cm_type)ti->type;
        out->alias = ti->alias;
        if (ti->shared) {
            collect_candidates(out, lex, nd, chars + pos, tc);
        } else {
            out->n_candidates = 0;
        }
        return;
    }
}

/* The child by folded character cp among the sorted children k[0..n), or NULL. */
static const trie_kid *find_kid(const trie_kid *k, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;

    if (n == 1) {
        return k[0].cp == cp ? k : NULL; /* inside a name, most nodes have one child */
    }
    while (hi - lo > 8) {
        size_t mid = lo + (hi - lo) / 2;
        if (k[mid].cp <= cp) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    for (; lo < hi && k[lo].cp <= cp; lo++) {
        if (k[lo].cp == cp) {
            return &k[lo];
        }
    }
    return NULL;
}

/* The walk's next entry from cur, by the text at chars[*k] (k < n), or NULL. A run is
 * compared at once, leaving *k at its last char. */
static inline const trie_kid *step(const cm_lexicon *lex, const trie_kid *cur,
                                   const cm_nchar *chars, size_t n, size_t *k)
{
    const trie_kid *kid = lex->kids + cur->first;
    const cm_nchar *t = chars + *k;
    uint32_t c = t->fold;

    if (cur->n == 1) {
        size_t run = cur->aux;
        if (kid->cp != c || run > n - *k) {
            return NULL; /* a walk that ends inside a run finds no name there */
        }
        for (size_t i = 1; i < run; i++) {
            if (kid[i].cp != t[i].fold) {
                return NULL;
            }
        }
        *k += run - 1;
        return kid + run - 1;
    }
    if (cur->aux && c < 128) {
        uint8_t j = lex->tables[(cur->aux - 1) * 128 + c];
        return j ? kid + j - 1 : NULL;
    }
    return find_kid(kid, cur->n, c);
}

static const trie_kid *kid_at(const cm_lexicon *lex, uint32_t entry)
{
    entry &= ROOT2_KID;
    return entry ? &lex->kids[entry - 1] : NULL;
}

/* Bring the text's case up to char k, from chars[*cased] on. Only the ASCII text of a
 * short name needs it (the masks of term_info); past that, the case rules read the
 * alias, so the rest is not looked at. */
static void case_up_to(text_case *tc, size_t *cased, const cm_nchar *chars, size_t pos, size_t k)
{
    uint64_t up = tc->upper;
    uint32_t any = 0;

    if (!tc->quick) {
        return;
    }
    if (k - pos >= 64) {
        tc->quick = 0;
        return;
    }
    /* In locals: stores to *tc inside the loop would have to be made, as chars might
     * alias it. */
    uint64_t bit = 1ull << (*cased - pos);
    for (const cm_nchar *p = chars + *cased, *e = chars + k; p <= e; p++, bit <<= 1) {
        uint32_t cp = p->cp;
        any |= cp;
        up |= cp - 'A' < 26u ? bit : 0;
    }
    tc->upper = up;
    tc->quick = any < 0x80;
    *cased = k + 1;
}

/* No name can start at chars[pos]: its first two chars begin none, or none that the text
 * can satisfy (`take`: ROOT2_ANY for any text, ROOT2_TAKE for accepted names only, with
 * the row of the first char as written). Most word starts ("the", "and", "said") end
 * here, so this is kept small enough to be inlined where matching starts. */
static inline int no_name_at(const cm_lexicon *lex, const cm_nchar *chars, size_t n, size_t pos,
                             uint32_t take)
{
    uint32_t c0 = take == ROOT2_TAKE ? chars[pos].cp : chars[pos].fold;
    uint32_t c1 = pos + 1 < n ? chars[pos + 1].fold : 0x80;

    return (c0 | c1) < 128 && lex->compiled && !(lex->root2[c0 * 128 + c1] & take);
}

static void no_match(cm_match *out)
{
    /* Not memset: the candidates array is read only up to n_candidates. */
    out->len = 0;
    out->entity = -1;
    out->type = CM_TYPE_ACTOR;
    out->alias = 0;
    out->n_candidates = 0;
    out->rejected_len = 0;
    out->rejected_alias = 0;
}

/* The walk, once no_name_at() has not ruled the position out. Text that starts in lower
 * case only goes through nodes that lead to a name accepting it (trie_kid.lower). */
static void walk_at(cm_match *out, const cm_lexicon *lex, const cm_nchar *chars, size_t n,
                    size_t pos, int lower)
{
    uint32_t c0 = chars[pos].fold, c1;
    const trie_kid *cur;
    text_case tc = {0, 1};
    size_t cased = pos, k = pos + 1; /* tc holds the case of chars[pos .. cased) */

    no_match(out);
    if (!lex->compiled) {
        return;
    }
    c1 = k < n ? chars[k].fold : 0x80;
    cur = c0 < 128 ? kid_at(lex, lex->root_ascii[c0])
                   : find_kid(lex->kids + lex->nodes[0].kid_first, lex->nodes[0].kid_n, c0);
    if (!cur || (lower && !cur->lower)) {
        return; /* nothing tried: rejected_len is 0 */
    }
    if (cur->terms) {
        case_up_to(&tc, &cased, chars, pos, pos);
        try_node(out, lex, &lex->nodes[cur->node], chars, n, pos, pos + 1, tc);
    }
    cur = k >= n                 ? NULL
          : c0 < 128 && c1 < 128 ? kid_at(lex, lex->root2[c0 * 128 + c1])
                                 : find_kid(lex->kids + cur->first, cur->n, c1);
    while (cur && !(lower && !cur->lower)) {
        if (cur->terms) {
            /* Brought up to k only where a name ends, so that case rules need not read
             * the aliases: most walks end before any, and pay nothing for it. */
            case_up_to(&tc, &cased, chars, pos, k);
            try_node(out, lex, &lex->nodes[cur->node], chars, n, pos, k + 1, tc);
        }
        if (++k >= n) {
            break;
        }
        cur = step(lex, cur, chars, n, &k);
    }
    if (out->rejected_len <= out->len) {
        out->rejected_len = 0;
    }
}

void cm_lexicon_match(cm_match *out, const cm_lexicon *lex, const cm_nchar *chars, size_t n,
                      size_t pos)
{
    if (no_name_at(lex, chars, n, pos, ROOT2_ANY)) {
        no_match(out);
    } else {
        walk_at(out, lex, chars, n, pos, 0);
    }
}

void cm_lexicon_match_accepted(cm_match *out, const cm_lexicon *lex, const cm_nchar *chars,
                               size_t n, size_t pos)
{
    if (no_name_at(lex, chars, n, pos, ROOT2_TAKE)) {
        no_match(out);
    } else {
        walk_at(out, lex, chars, n, pos, chars[pos].cp >= 'a' && chars[pos].cp <= 'z');
    }
}
