/* comention: the compiled lexicon as an image, so the built-in lexicon is read and
 * compiled once, when the program is built (src/lexicon/gen/), not at every run: reading
 * its XML, compiling the trie and hashing its canonical dump were 0.4 G of the 2.5 G
 * instructions of extraction and counting on the 10 MB bench corpus.
 *
 * An image is a run of unsigned LEB128 numbers; a string is its length and its bytes. It
 * holds what compiling a lexicon gives and what a later compile starts from: entities,
 * aliases (derived surnames marked), titles and their word index, and the trie as each
 * node's child count and lower flag, each child's code point and node, and each node's
 * terms (their aliases, in preference order). The rest (child links, the root's tables,
 * the term records, the aliases by entity) is derived as cm_lexicon_compile() derives it.
 * Every number read is checked against the tables, so a damaged image is refused, not
 * followed. */
#include <limits.h>
#include <string.h>
#include "lexicon/lexicon_int.h"

#define IMAGE_MAGIC "comention-lexicon-image 1\n"

/* ---- writing ---- */

static void put_num(cm_buf *b, uint64_t v)
{
    char out[10];
    size_t n = 0;
    do {
        out[n] = (char)(v & 0x7F);
        v >>= 7;
        out[n++] |= v ? (char)0x80 : 0;
    } while (v);
    cm_buf_put(b, out, n);
}

static void put_str(cm_buf *b, const char *s)
{
    size_t n = strlen(s);
    put_num(b, n);
    cm_buf_put(b, s, n);
}

static void put_cps(cm_buf *b, const uint32_t *cps, size_t n)
{
    put_num(b, n);
    for (size_t i = 0; i < n; i++) {
        put_num(b, cps[i]);
    }
}

static void put_entities(cm_buf *b, const cm_lexicon *lex)
{
    put_num(b, lex->n_entities);
    for (size_t i = 0; i < lex->n_entities; i++) {
        const cm_entity *e = &lex->entities[i];
        put_str(b, e->id);
        put_num(b, (uint64_t)e->type);
        put_str(b, e->subtype);
        put_str(b, e->name);
        put_num(b, e->country != NULL);
        if (e->country) {
            put_str(b, e->country);
        }
    }
}

static void put_aliases(cm_buf *b, const cm_lexicon *lex)
{
    put_num(b, lex->n_aliases);
    for (size_t i = 0; i < lex->n_aliases; i++) {
        const alias_rec *a = &lex->aliases[i];
        put_num(b, a->entity == CM_STOP ? 0 : (uint64_t)a->entity + 1);
        put_num(b, (uint64_t)a->kind);
        put_num(b, (uint64_t)a->rule);
        put_num(b, a->shared != 0);
        put_num(b, a->derived != 0);
        put_num(b, (uint64_t)(a->line > 0 ? a->line : 0));
        put_num(b, a->order);
        put_str(b, a->text);
        put_cps(b, a->cps, a->n);
    }
}

static void put_titles(cm_buf *b, const cm_lexicon *lex)
{
    put_num(b, lex->n_titles);
    for (size_t i = 0; i < lex->n_titles; i++) {
        const title_rec *t = &lex->titles[i];
        put_str(b, t->text);
        put_num(b, (uint64_t)t->kind);
        put_num(b, (uint64_t)(t->line > 0 ? t->line : 0));
        put_cps(b, t->fold, t->n);
    }
    put_num(b, lex->n_title_words);
    for (size_t i = 0; i < lex->n_title_words; i++) {
        const title_word *w = &lex->title_words[i];
        put_cps(b, w->fold, w->n);
        put_num(b, w->bits);
    }
}

static void put_trie(cm_buf *b, const cm_lexicon *lex)
{
    size_t n_kids = 0;

    put_num(b, lex->n_nodes);
    for (size_t i = 0; i < lex->n_nodes; i++) {
        put_num(b, lex->nodes[i].kid_n);
        put_num(b, lex->nodes[i].lower != 0);
        n_kids += lex->nodes[i].kid_n;
    }
    put_num(b, n_kids);
    for (size_t i = 0; i < n_kids; i++) {
        put_num(b, lex->kids[i].cp);
        put_num(b, lex->kids[i].node);
    }
    /* terms are grouped by node in node order (fill_terms in match.c) */
    put_num(b, lex->n_terms);
    for (size_t i = 0; i < lex->n_nodes; i++) {
        const trie_node *nd = &lex->nodes[i];
        for (size_t t = nd->first; t < nd->first + nd->n; t++) {
            put_num(b, i);
            put_num(b, lex->tinfo[t].alias);
        }
    }
}

cm_status cm_lex_image_write(cm_buf *out, const cm_lexicon *lex, const char *digest, cm_error *err)
{
    if (!lex->compiled) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "lexicon image: the lexicon is not compiled");
    }
    cm_buf_puts(out, IMAGE_MAGIC);
    put_str(out, digest);
    put_entities(out, lex);
    put_aliases(out, lex);
    put_titles(out, lex);
    put_trie(out, lex);
    return out->failed ? cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory") : CM_OK;
}

/* ---- reading ---- */

typedef struct reader {
    const unsigned char *p, *end;
    int bad; /* a number or string ran past the end, or a value out of range */
} reader;

static uint64_t get_num(reader *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            break;
        }
        unsigned char c = *r->p++;
        v |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) {
            return v;
        }
    }
    r->bad = 1;
    return 0;
}

/* A number below `limit`, else 0 and the reader is bad. */
static uint64_t get_below(reader *r, uint64_t limit)
{
    uint64_t v = get_num(r);
    if (v >= limit) {
        r->bad = 1;
        return 0;
    }
    return v;
}

/* A count of items that take at least one byte each, so no count allocates more than
 * the image could hold. */
static size_t get_count(reader *r)
{
    return (size_t)get_below(r, (uint64_t)(r->end - r->p) + 1);
}

/* An owned, NUL-terminated copy of the next string; NULL when out of memory or bad (then
 * *oom says which). */
static char *get_str(reader *r, int *oom)
{
    size_t n = get_count(r);
    char *s;
    if (r->bad) {
        return NULL;
    }
    s = cm_strndup((const char *)r->p, n);
    r->p += n;
    *oom = s == NULL;
    return s;
}

/* An owned array of code points; NULL with *n = 0 for an empty one. */
static uint32_t *get_cps(reader *r, size_t *n, int *oom)
{
    size_t k = get_count(r);
    uint32_t *cps = NULL;

    *n = 0;
    if (r->bad || k == 0) {
        return NULL;
    }
    if (!(cps = cm_malloc(k * sizeof(*cps)))) {
        *oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < k; i++) {
        cps[i] = (uint32_t)get_below(r, 0x110000);
    }
    *n = k;
    return cps;
}

static cm_status fail(int oom, cm_error *err)
{
    return oom ? cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory")
               : cm_error_set(err, CM_EINPUT, "<builtin>", 0, "damaged lexicon image");
}

/* A table's count, then its array zeroed (one spare item, as the lexicon's arrays grow
 * from), into *items and *cap. */
static cm_status get_table(reader *r, void *items, size_t *cap, size_t size, size_t *n,
                           cm_error *err)
{
    void *p;

    *n = get_count(r);
    if (r->bad) {
        return fail(0, err);
    }
    if (!(p = cm_calloc(*n + 1, size))) {
        return fail(1, err);
    }
    memcpy(items, &p, sizeof(p));
    *cap = *n + 1;
    return CM_OK;
}

static cm_status get_entities(reader *r, cm_lexicon *lex, cm_error *err)
{
    size_t n;
    int oom = 0;
    cm_status rc =
        get_table(r, &lex->entities, &lex->cap_entities, sizeof(*lex->entities), &n, err);

    if (rc != CM_OK) {
        return rc;
    }
    for (size_t i = 0; i < n && !r->bad && !oom; i++) {
        cm_entity *e = &lex->entities[i];
        lex->n_entities++; /* owns what is read so far, for cm_lexicon_free() */
        e->id = get_str(r, &oom);
        e->type = (cm_type)get_below(r, CM_N_TYPES);
        e->subtype = oom ? NULL : get_str(r, &oom);
        e->name = oom ? NULL : get_str(r, &oom);
        if (!oom && get_below(r, 2)) {
            e->country = get_str(r, &oom);
        }
        if (!r->bad && !oom && cm_strmap_put(&lex->by_id, e->id, i, err) != CM_OK) {
            return CM_ENOMEM;
        }
    }
    return r->bad || oom ? fail(oom, err) : CM_OK;
}

static cm_status get_aliases(reader *r, cm_lexicon *lex, cm_error *err)
{
    size_t n;
    int oom = 0;
    cm_status rc = get_table(r, &lex->aliases, &lex->cap_aliases, sizeof(*lex->aliases), &n, err);

    if (rc != CM_OK) {
        return rc;
    }
    for (size_t i = 0; i < n && !r->bad && !oom; i++) {
        alias_rec *a = &lex->aliases[i];
        uint64_t entity = get_below(r, (uint64_t)lex->n_entities + 1);
        lex->n_aliases++;
        a->entity = entity == 0 ? CM_STOP : (size_t)entity - 1;
        a->kind = (cm_alias_kind)get_below(r, 5);
        a->rule = (cm_case_rule)get_below(r, 3);
        a->shared = (int)get_below(r, 2);
        a->derived = (int)get_below(r, 2);
        a->line = (long)get_below(r, (uint64_t)LONG_MAX);
        a->order = (size_t)get_below(r, n);
        a->text = get_str(r, &oom);
        a->cps = oom ? NULL : get_cps(r, &a->n, &oom);
        r->bad |= a->n == 0; /* every alias has a character */
    }
    return r->bad || oom ? fail(oom, err) : CM_OK;
}

static cm_status get_titles(reader *r, cm_lexicon *lex, cm_error *err)
{
    size_t n;
    int oom = 0;
    cm_status rc = get_table(r, &lex->titles, &lex->cap_titles, sizeof(*lex->titles), &n, err);

    if (rc != CM_OK) {
        return rc;
    }
    for (size_t i = 0; i < n && !r->bad && !oom; i++) {
        title_rec *t = &lex->titles[i];
        lex->n_titles++;
        t->text = get_str(r, &oom);
        t->kind = (cm_title_kind)get_below(r, 3);
        t->line = (long)get_below(r, (uint64_t)LONG_MAX);
        t->fold = oom ? NULL : get_cps(r, &t->n, &oom);
    }
    if (r->bad || oom) {
        return fail(oom, err);
    }
    rc = get_table(r, &lex->title_words, &lex->cap_title_words, sizeof(*lex->title_words), &n, err);
    if (rc != CM_OK) {
        return rc;
    }
    for (size_t i = 0; i < n && !r->bad && !oom; i++) {
        title_word *w = &lex->title_words[i];
        lex->n_title_words++;
        w->fold = get_cps(r, &w->n, &oom);
        w->bits = (uint8_t)get_below(r, 8);
    }
    return r->bad || oom ? fail(oom, err) : CM_OK;
}

/* The nodes with their children counts and lower flags, the children's code points and
 * nodes, and the terms; kid_first by prefix sums, as build_kids() lays them out. */
static cm_status get_trie(reader *r, cm_lexicon *lex, cm_error *err)
{
    size_t n_nodes = get_count(r), n_kids, n_terms, at = 0, prev = 0;

    if (r->bad || n_nodes == 0 || n_nodes > ROOT2_KID) {
        return fail(0, err);
    }
    if (!(lex->nodes = cm_calloc(n_nodes, sizeof(*lex->nodes)))) {
        return fail(1, err);
    }
    lex->n_nodes = lex->cap_nodes = n_nodes;
    for (size_t i = 0; i < n_nodes && !r->bad; i++) {
        lex->nodes[i].kid_first = (uint32_t)at;
        lex->nodes[i].kid_n = (uint32_t)get_below(r, n_nodes);
        lex->nodes[i].lower = (int)get_below(r, 2);
        at += lex->nodes[i].kid_n;
    }
    n_kids = r->bad ? 0 : get_count(r);
    if (r->bad || n_kids != at) {
        return fail(0, err);
    }
    lex->kids = cm_calloc(n_kids + 1, sizeof(*lex->kids));
    lex->root2 = cm_calloc(128 * 128, sizeof(*lex->root2));
    if (!lex->kids || !lex->root2) {
        return fail(1, err);
    }
    for (size_t i = 0; i < n_kids && !r->bad; i++) {
        lex->kids[i].cp = (uint32_t)get_below(r, 0x110000);
        lex->kids[i].node = (uint32_t)get_below(r, n_nodes);
        r->bad |= lex->kids[i].node == 0; /* the root is no one's child */
    }
    n_terms = r->bad ? 0 : get_count(r);
    if (r->bad || n_terms > lex->n_aliases) {
        return fail(0, err);
    }
    if (!(lex->tinfo = cm_malloc((lex->n_aliases + 1) * sizeof(*lex->tinfo)))) {
        return fail(1, err);
    }
    for (size_t t = 0; t < n_terms && !r->bad; t++) {
        size_t node = (size_t)get_below(r, n_nodes), alias = (size_t)get_below(r, lex->n_aliases);
        trie_node *nd = &lex->nodes[node];
        if (r->bad || node < prev || (nd->n > 0 && node != prev)) {
            r->bad = 1;
            break;
        }
        if (nd->n++ == 0) {
            nd->first = (uint32_t)t;
        }
        lex->tinfo[t] = cm_lex_describe_term(lex, alias);
        prev = node;
    }
    lex->n_terms = n_terms;
    if (r->bad) {
        return fail(0, err);
    }
    return cm_lex_link_kids(lex, n_kids, err);
}

cm_status cm_lex_image_read(cm_lexicon *lex, const unsigned char *data, size_t len, cm_error *err)
{
    reader r = {data, data + len, 0};
    size_t magic = strlen(IMAGE_MAGIC);
    int oom = 0;
    char *digest;
    cm_status rc;

    if (lex->n_entities || lex->n_aliases || lex->n_titles || lex->nodes) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "lexicon image: the lexicon is not empty");
    }
    if (len < magic || memcmp(data, IMAGE_MAGIC, magic) != 0) {
        return fail(0, err);
    }
    r.p += magic;
    digest = get_str(&r, &oom);
    if (!digest || strlen(digest) != 64) {
        cm_free(digest);
        return fail(oom, err);
    }
    memcpy(lex->digest, digest, 65);
    cm_free(digest);
    rc = get_entities(&r, lex, err);
    if (rc == CM_OK) {
        rc = get_aliases(&r, lex, err);
    }
    if (rc == CM_OK) {
        rc = get_titles(&r, lex, err);
    }
    if (rc == CM_OK) {
        rc = get_trie(&r, lex, err);
    }
    if (rc == CM_OK && r.p != r.end) {
        rc = fail(0, err);
    }
    if (rc == CM_OK) {
        rc = cm_lex_index_by_entity(lex, err);
    }
    lex->compiled = rc == CM_OK;
    if (rc != CM_OK) {
        lex->digest[0] = '\0';
    }
    return rc;
}
