/* comention: the count stage (docs/design.md §5). Per entity: mentions, units naming it (c_a),
 * documents; per pair: units naming both (c_ab), documents, and the K best evidence
 * snippets by the key (rank of the occurrence within its document, doc id, start byte),
 * which is what keeps the counts mergeable in any order. N counts every unit, empty or
 * not, so shards add up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "count/count_int.h"
#include "util/spool.h"

#define SNIPPET_MAX 300

void cm_count_opts_init(cm_count_opts *o)
{
    o->unit = CM_UNIT_SENTENCE;
    o->window = 1;
    o->evidence = 3;
    o->types = (1u << CM_N_TYPES) - 1;
    o->subtypes = CM_ALL_SUBTYPES;
    o->filter = CM_UNITS_ALL;
    o->discover = CM_DISCOVER_ALL;
    o->slice = CM_SLICE_NONE;
    o->since = CM_DAY_NONE;
    o->until = CM_DAY_NONE;
    o->dedupe = CM_DEDUPE_EXACT;
}

int cm_dedupe_parse(cm_dedupe *out, const char *s)
{
    static const cm_dedupe modes[] = {CM_DEDUPE_EXACT, CM_DEDUPE_NEAR, CM_DEDUPE_NONE};
    for (size_t i = 0; i < sizeof(modes) / sizeof(*modes); i++) {
        if (strcmp(s, cm_dedupe_name(modes[i])) == 0) {
            *out = modes[i];
            return 0;
        }
    }
    return -1;
}

const char *cm_dedupe_name(cm_dedupe d)
{
    return d == CM_DEDUPE_NEAR ? "near" : d == CM_DEDUPE_NONE ? "none" : "exact";
}

int cm_count_opts_keep(const cm_count_opts *o, cm_type type, const char *subtype)
{
    int i;
    if (!(o->types & (1u << type))) {
        return 0;
    }
    if (o->subtypes == CM_ALL_SUBTYPES) {
        return 1;
    }
    i = cm_subtype_index(subtype);
    return i < 0 || ((o->subtypes >> i) & 1);
}

cm_status cm_counts_new(cm_counts **out, const cm_count_opts *opts, cm_error *err)
{
    cm_counts *c = cm_calloc(1, sizeof(*c));

    *out = c;
    if (!c) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (opts) {
        c->opts = *opts;
    } else {
        cm_count_opts_init(&c->opts);
    }
    if (c->opts.window == 0) {
        c->opts.window = 1;
    }
    c->max_index = CM_COUNT_INDEX_MAX;
    cm_strmap_init(&c->ent_map);
    cm_strmap_init(&c->doc_map);
    return CM_OK;
}

/* Slots allocated for a pair holding n evidence entries under K = k: n itself up to
 * EV_CLASSES (arrays cut from chunks at their size), then doubling, at most K (a huge
 * --evidence costs nothing up front). */
static size_t evidence_cap(size_t n, size_t k)
{
    size_t cap = EV_CLASSES;

    if (n <= EV_CLASSES) {
        return n;
    }
    while (cap < n) {
        cap *= 2;
    }
    return cap < k ? cap : k;
}

static void free_evidence(cm_pair_count *p)
{
    for (size_t i = 0; i < p->n_evidence; i++) {
        cm_free(p->evidence[i].snippet);
    }
    if (p->n_evidence > EV_CLASSES) {
        cm_free(p->evidence);
    }
}

/* Give back an array of n <= EV_CLASSES slots cut from the chunks. */
static void evidence_give(cm_counts *c, cm_evidence *slots, size_t n)
{
    memcpy(slots, &c->ev_free[n - 1], sizeof(c->ev_free[n - 1]));
    c->ev_free[n - 1] = slots;
}

/* n <= EV_CLASSES slots: one given back, or cut from the chunks; NULL when out of memory. */
static cm_evidence *evidence_take(cm_counts *c, size_t n)
{
    ev_chunk *ch = c->ev_chunks;
    cm_evidence *slots = c->ev_free[n - 1];

    if (slots) {
        memcpy(&c->ev_free[n - 1], slots, sizeof(c->ev_free[n - 1]));
        return slots;
    }
    if (!ch || ch->cap - ch->used < n) {
        if (ch && ch->used < ch->cap) { /* the chunk's tail, fewer than n slots: kept */
            evidence_give(c, ch->slots + ch->used, ch->cap - ch->used);
            ch->used = ch->cap;
        }
        ch = cm_malloc(sizeof(*ch) + 4096 * sizeof(cm_evidence));
        if (!ch) {
            return NULL;
        }
        ch->next = c->ev_chunks;
        ch->used = 0;
        ch->cap = 4096;
        c->ev_chunks = ch;
    }
    ch->used += n;
    return ch->slots + ch->used - n;
}

void cm_counts_free_tables(cm_counts *c)
{
    if (!c) {
        return;
    }
    cm_free(c->newest);
    for (size_t i = 0; i < c->n_ents; i++) {
        cm_free(c->ents[i].id);
        cm_free(c->ents[i].label);
        cm_free(c->ents[i].subtype);
    }
    for (size_t i = 0; i < c->n_pairs; i++) {
        free_evidence(&c->pairs[i]);
    }
    while (c->ev_chunks) {
        ev_chunk *next = c->ev_chunks->next;
        cm_free(c->ev_chunks);
        c->ev_chunks = next;
    }
    for (size_t i = 0; i < c->n_skipped; i++) {
        cm_free(c->skipped[i].id);
        cm_free(c->skipped[i].reason);
    }
    cm_free(c->skipped);
    for (size_t i = 0; i < c->n_copies; i++) {
        cm_free(c->copies[i].id);
        cm_free(c->copies[i].kept);
    }
    cm_free(c->copies);
    cm_counts_free_invalid(c);
    cm_free(c->ents);
    cm_free(c->ent_last_doc);
    cm_free(c->pairs);
    cm_free(c->pair_state);
    for (size_t i = 0; i < c->n_doc_tab; i++) {
        cm_free(c->docs[i]);
    }
    cm_free(c->docs);
    cm_free(c->doc_len);
    cm_counts_unbind(c);
    cm_strmap_destroy(&c->ent_map);
    cm_free(c->pairs_by_key.slots);
    cm_strmap_destroy(&c->doc_map);
    cm_free(c);
}

/* Documents may write a discovered name differently ("Ivan Petrov", "IVAN PETROV") or
 * read it as another type: the smallest (type, subtype, label) is kept, an order-free
 * choice, so that shards merged in any order agree. */
static cm_status settle_discovered(cm_entity_count *ec, const char *label, const char *subtype,
                                   cm_type type, cm_error *err)
{
    int c = ec->type != type ? (type < ec->type ? -1 : 1) : strcmp(subtype, ec->subtype);
    char *l, *s;

    if (!ec->discovered || (c == 0 ? strcmp(label, ec->label) : c) >= 0) {
        return CM_OK;
    }
    l = cm_strdup(label);
    s = cm_strdup(subtype);
    if (!l || !s) {
        cm_free(l);
        cm_free(s);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_free(ec->label);
    cm_free(ec->subtype);
    ec->label = l;
    ec->subtype = s;
    ec->type = type;
    return CM_OK;
}

cm_status cm_counts_intern(cm_counts *c, const char *id, const char *label, const char *subtype,
                           cm_type type, int discovered, size_t *out, cm_error *err)
{
    size_t cap = c->cap_ents;
    cm_entity_count *ec;
    cm_status rc;

    *out = cm_strmap_get(&c->ent_map, id);
    if (*out != SIZE_MAX) {
        return discovered ? settle_discovered(&c->ents[*out], label, subtype, type, err) : CM_OK;
    }
    if (c->n_ents >= c->max_index) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "more than %zu entities", c->max_index);
    }
    rc = cm_grow(&c->ents, &c->cap_ents, c->n_ents + 1, sizeof(*c->ents), err);
    if (rc == CM_OK) {
        rc = cm_grow(&c->ent_last_doc, &cap, c->n_ents + 1, sizeof(*c->ent_last_doc), err);
    }
    if (rc != CM_OK) {
        return rc;
    }
    ec = &c->ents[c->n_ents];
    memset(ec, 0, sizeof(*ec));
    ec->id = cm_strdup(id);
    ec->label = cm_strdup(label);
    ec->subtype = cm_strdup(subtype);
    ec->type = type;
    ec->discovered = discovered;
    c->ent_last_doc[c->n_ents] = 0;
    if (!ec->id || !ec->label || !ec->subtype) {
        cm_free(ec->id);
        cm_free(ec->label);
        cm_free(ec->subtype);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    *out = c->n_ents++;
    return cm_strmap_put(&c->ent_map, ec->id, *out, err);
}

cm_status cm_counts_intern_doc(cm_counts *c, const char *id, uint64_t len, const char **out,
                               cm_error *err)
{
    size_t at = cm_strmap_get(&c->doc_map, id), cap = c->cap_doc_tab;
    cm_status rc;

    if (!c->ids_unordered && (!c->newest || strcmp(id, c->newest) != 0)) {
        c->ids_unordered = 1; /* a merge or a .cmc brings other documents */
    }
    if (at != SIZE_MAX) {
        *out = c->docs[at];
        return CM_OK;
    }
    rc = cm_grow(&c->docs, &c->cap_doc_tab, c->n_doc_tab + 1, sizeof(*c->docs), err);
    if (rc == CM_OK) {
        rc = cm_grow(&c->doc_len, &cap, c->n_doc_tab + 1, sizeof(*c->doc_len), err);
    }
    if (rc != CM_OK) {
        return rc;
    }
    c->docs[c->n_doc_tab] = cm_strdup(id);
    if (!c->docs[c->n_doc_tab]) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    c->doc_len[c->n_doc_tab] = len;
    *out = c->docs[c->n_doc_tab++];
    return cm_strmap_put(&c->doc_map, *out, c->n_doc_tab - 1, err);
}

uint64_t cm_counts_doc_len(const cm_counts *c, const char *id)
{
    size_t at = cm_strmap_get(&c->doc_map, id);
    return at == SIZE_MAX ? UINT64_MAX : c->doc_len[at];
}

/* The pair map's key of two entity indexes, in either order. */
static uint64_t pair_key(size_t a, size_t b)
{
    return a < b ? ((uint64_t)a << 32) | b : ((uint64_t)b << 32) | a;
}

/* The per-document scratch of every pair so far, zeroed: counting again after
 * cm_counts_finish() dropped it. */
static cm_status restore_pair_state(cm_counts *c, cm_error *err)
{
    size_t cap = c->cap_pairs > 0 ? c->cap_pairs : 8;

    if (c->pair_state) {
        return CM_OK;
    }
    c->pair_state = cm_calloc(cap, sizeof(*c->pair_state));
    if (!c->pair_state) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    c->cap_pair_state = cap;
    return CM_OK;
}

/* MurmurHash3's finaliser: every key bit reaches both halves (the slot and the tag). */
static uint64_t pair_hash(uint64_t key)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ull;
    key ^= key >> 33;
    return key;
}

#define PAIR_TAG 0xFFFFFFFF00000000ull

static uint64_t pair_key_of(const cm_pair_count *p)
{
    return ((uint64_t)p->a << 32) | p->b;
}

/* The index in the first slot of key's probe whose tag matches, unconfirmed; SIZE_MAX when
 * a free slot comes first. */
static size_t pair_guess(const pair_map *m, uint64_t key)
{
    uint64_t h = pair_hash(key);

    if (m->cap == 0) {
        return SIZE_MAX;
    }
    for (size_t i = (size_t)h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        uint64_t s = m->slots[i];
        if (s == 0 || (s & PAIR_TAG) == (h & PAIR_TAG)) {
            return s == 0 ? SIZE_MAX : (size_t)(s & ~PAIR_TAG) - 1;
        }
    }
}

static void pair_prefetch(const pair_map *m, uint64_t key)
{
    if (m->cap > 0) {
        __builtin_prefetch(&m->slots[(size_t)pair_hash(key) & (m->cap - 1)]);
    }
}

size_t cm_counts_pair_lookup(const cm_counts *c, uint64_t key)
{
    const pair_map *m = &c->pairs_by_key;
    uint64_t h = pair_hash(key);

    if (m->cap == 0) {
        return SIZE_MAX;
    }
    for (size_t i = (size_t)h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        uint64_t s = m->slots[i];
        size_t at = (size_t)(s & ~PAIR_TAG) - 1;
        if (s == 0) {
            return SIZE_MAX;
        }
        if ((s & PAIR_TAG) == (h & PAIR_TAG) && pair_key_of(&c->pairs[at]) == key) {
            return at;
        }
    }
}

/* Put pair `at` of key `key` in a free slot (the map has one). */
static void pair_place(pair_map *m, uint64_t key, size_t at)
{
    uint64_t h = pair_hash(key);
    size_t i = (size_t)h & (m->cap - 1);

    while (m->slots[i] != 0) {
        i = (i + 1) & (m->cap - 1);
    }
    m->slots[i] = (h & PAIR_TAG) | (uint64_t)(at + 1);
    m->n++;
}

/* The map anew, with room for `room` pairs: the old slots go first (the pair array has
 * every key), so that the two are never held at once. */
static cm_status pair_map_rebuild(cm_counts *c, size_t room, cm_error *err)
{
    pair_map *m = &c->pairs_by_key;
    size_t cap = 64;

    while (cap / 4 * 3 < room) {
        cap *= 2;
    }
    cm_free(m->slots);
    m->n = 0;
    m->slots = cm_calloc(cap, sizeof(*m->slots));
    m->cap = m->slots ? cap : 0;
    if (!m->slots) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < c->n_pairs; i++) {
        pair_place(m, pair_key_of(&c->pairs[i]), i);
    }
    return CM_OK;
}

cm_status cm_counts_intern_pair(cm_counts *c, size_t a, size_t b, size_t *out, cm_error *err)
{
    uint64_t key = pair_key(a, b);
    cm_status rc = restore_pair_state(c, err);

    if (rc == CM_OK && c->pairs_sorted) {
        rc = pair_map_rebuild(c, c->n_pairs + 1, err);
        c->pairs_sorted = rc != CM_OK; /* on failure: still found by bisection */
    }
    if (rc != CM_OK) {
        return rc;
    }
    *out = cm_counts_pair_lookup(c, key);
    if (*out != SIZE_MAX) {
        return CM_OK;
    }
    if (c->n_pairs >= c->max_index) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "more than %zu pairs", c->max_index);
    }
    rc = cm_grow(&c->pairs, &c->cap_pairs, c->n_pairs + 1, sizeof(*c->pairs), err);
    if (rc == CM_OK) {
        size_t had = c->cap_pair_state;
        rc = cm_grow(&c->pair_state, &c->cap_pair_state, c->n_pairs + 1, sizeof(*c->pair_state),
                     err);
        if (rc == CM_OK && c->cap_pair_state > had) {
            memset(c->pair_state + had, 0, (c->cap_pair_state - had) * sizeof(*c->pair_state));
        }
    }
    if (rc == CM_OK && (c->pairs_by_key.n + 1) * 4 > c->pairs_by_key.cap * 3) {
        rc = pair_map_rebuild(c, c->pairs_by_key.cap > 0 ? c->pairs_by_key.cap : 1, err);
    }
    if (rc != CM_OK) {
        return rc;
    }
    memset(&c->pairs[c->n_pairs], 0, sizeof(cm_pair_count));
    c->pairs[c->n_pairs].a = (uint32_t)(a < b ? a : b);
    c->pairs[c->n_pairs].b = (uint32_t)(a < b ? b : a);
    *out = c->n_pairs++;
    pair_place(&c->pairs_by_key, key, *out);
    return CM_OK;
}

/* The pair of entities (a, b) (either order) given a pair_guess(): the guess when its pair
 * record confirms it, else found or added. */
static cm_status pair_confirm(cm_counts *c, size_t a, size_t b, size_t guess, size_t *out,
                              cm_error *err)
{
    if (guess != SIZE_MAX && pair_key_of(&c->pairs[guess]) == pair_key(a, b)) {
        *out = guess;
        return CM_OK;
    }
    return cm_counts_intern_pair(c, a, b, out, err);
}

/* One entity's first mention within one unit, with its sentence's byte span: what its
 * evidence is cut from, kept here because a unit may be counted after the part holding the
 * sentence is gone. */
typedef struct hit {
    size_t unit, ent, start;
    uint32_t sstart, send; /* offsets: a document is at most CM_DOC_MAX_BYTES */
} hit;

static int hit_cmp(const void *x, const void *y, void *ctx)
{
    (void)ctx;
    const hit *a = x, *b = y;
    if (a->unit != b->unit) {
        return a->unit < b->unit ? -1 : 1;
    }
    if (a->ent != b->ent) {
        return a->ent < b->ent ? -1 : 1;
    }
    return a->start < b->start ? -1 : a->start > b->start;
}

/* The sentences and paragraphs of one part of a document that make units: all of them,
 * or with --units body its body sentences, numbered anew, and the paragraphs that hold
 * them. A part's numbers follow those of the parts before it. */
typedef struct unit_view {
    size_t n_sentences, n_paragraphs; /* of the part, numbered */
    size_t sent0, par0;               /* the numbers of its first ones */
    const size_t *sent; /* sentence → its number, SIZE_MAX when no unit; NULL: identity */
    const size_t *par;  /* paragraph → its number, for the sentences numbered */
} unit_view;

static cm_status view_units(cm_counts *c, const cm_segments *seg, unit_view *v, cm_error *err)
{
    size_t *sent, *par;
    cm_status rc;

    *v =
        (unit_view){seg->n_sentences, seg->n_paragraphs, c->open.n_sent, c->open.n_par, NULL, NULL};
    if (c->opts.filter == CM_UNITS_ALL) {
        return CM_OK;
    }
    rc = cm_grow(&c->ord, &c->cap_ord, seg->n_sentences + seg->n_paragraphs + 1, sizeof(*c->ord),
                 err);
    if (rc != CM_OK) {
        return rc;
    }
    sent = c->ord;
    par = c->ord + seg->n_sentences;
    v->n_sentences = v->n_paragraphs = 0;
    for (size_t p = 0; p < seg->n_paragraphs; p++) {
        par[p] = SIZE_MAX;
    }
    for (size_t s = 0; s < seg->n_sentences; s++) {
        size_t p = seg->sentences[s].paragraph;
        sent[s] = SIZE_MAX;
        if (seg->sentences[s].kind != CM_KIND_BODY) {
            continue;
        }
        sent[s] = v->n_sentences++;
        if (par[p] == SIZE_MAX) {
            par[p] = v->n_paragraphs++;
        }
    }
    v->sent = sent;
    v->par = par;
    return CM_OK;
}

/* Units of the document open, from the sentences and paragraphs numbered in it: at its
 * end, all of them; before, those below which no unit gets more hits from the parts still
 * to come (they start new sentences and paragraphs: a cut splits one in two, as the
 * segmenter does), so a window is open until its last sentence and the document's one
 * unit until the end. */
static size_t doc_units(const cm_count_opts *o, const doc_open *d, int end)
{
    switch (o->unit) {
    case CM_UNIT_SENTENCE:
        return d->n_sent;
    case CM_UNIT_PARAGRAPH:
        return d->n_par;
    case CM_UNIT_DOCUMENT:
        return end && (o->filter == CM_UNITS_ALL || d->n_sent > 0);
    case CM_UNIT_WINDOW:
        return d->n_sent >= o->window ? d->n_sent - o->window + 1 : end && d->n_sent > 0;
    }
    return 0;
}

/* 0 when sentence s makes no unit (not body, with --units body). A window's range ends at
 * s even past the document's last window, which the document's end drops (close_units):
 * how many windows it has is known only then. */
static int unit_range(const cm_count_opts *o, const unit_view *v, const cm_segments *seg, size_t s,
                      size_t *lo, size_t *hi)
{
    size_t p = seg->sentences[s].paragraph;
    if (v->sent) {
        if (v->sent[s] == SIZE_MAX) {
            return 0;
        }
        p = v->par[p];
        s = v->sent[s];
    }
    s += v->sent0;
    p += v->par0;
    switch (o->unit) {
    case CM_UNIT_SENTENCE:
        *lo = *hi = s;
        break;
    case CM_UNIT_PARAGRAPH:
        *lo = *hi = p;
        break;
    case CM_UNIT_DOCUMENT:
        *lo = *hi = 0;
        break;
    case CM_UNIT_WINDOW:
        *lo = s + 1 >= o->window ? s + 1 - o->window : 0;
        *hi = s;
        break;
    }
    return 1;
}

/* Evidence text: the bytes [start, end) of the text (the sentence of the first mention
 * through the sentence of the second), whitespace runs as one space, cut at SNIPPET_MAX
 * bytes on a character boundary. */
static size_t snippet_cut(char out[SNIPPET_MAX + 1], const char *text, size_t start, size_t end)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t len = 0;
    int space = 0;

    for (size_t i = start; i < end;) {
        uint32_t cp = t[i];
        char enc[4];
        size_t n = 1;
        if (cp - 1 < 0x7F) { /* ASCII but NUL, most of the text: its own encoding */
            enc[0] = (char)t[i++];
        } else {
            i += cm_utf8_decode(&cp, t + i, end - i);
            if (cp == 0) {
                cp = 0xFFFD; /* a NUL would end the snippet for every reader of a C string */
            }
            n = cm_utf8_encode(enc, cp); /* bad bytes were decoded as U+FFFD */
        }
        if (cm_is_space(cp)) {
            space = len > 0;
            continue;
        }
        /* Room for a space, this character and, if more follows, the ellipsis. */
        if (len + (size_t)space + n + (i < end ? 3 : 0) > SNIPPET_MAX) {
            memcpy(out + len, "\xE2\x80\xA6", 3);
            len += 3;
            break;
        }
        if (space) {
            out[len++] = ' ';
            space = 0;
        }
        if (n == 1) {
            out[len++] = enc[0]; /* not a memcpy call a byte */
        } else {
            memcpy(out + len, enc, n);
            len += n;
        }
    }
    return len;
}

/* The snippet as a string of its own. */
static char *snippet_text(const char *text, size_t start, size_t end)
{
    char out[SNIPPET_MAX + 1];

    /* Cut in a buffer of the largest size and copied out at its own: most snippets are a
     * third of the largest, and they are most of the memory evidence takes. */
    return cm_strndup(out, snippet_cut(out, text, start, end));
}

/* strcmp() of two different interned ids, `a` the one being added: without reading them
 * while documents come in id order (a is the newest) or a merge has their ranks. */
static int doc_cmp(const cm_counts *c, const char *a, const char *b)
{
    if (!c->ids_unordered) {
        return 1;
    }
    if (c->doc_rank) {
        size_t ra = cm_map64_get(c->doc_rank, (uintptr_t)a);
        size_t rb = cm_map64_get(c->doc_rank, (uintptr_t)b);
        if (ra != SIZE_MAX && rb != SIZE_MAX) {
            return ra < rb ? -1 : ra > rb;
        }
    }
    return strcmp(a, b);
}

/* Is (rank, doc, start) before e's key? */
static int key_less(const cm_counts *cc, uint64_t rank, const char *doc, size_t start,
                    const cm_evidence *e)
{
    if (rank != e->rank) {
        return rank < e->rank;
    }
    if (doc != e->doc) { /* interned ids: the same document is the same pointer */
        int c = doc_cmp(cc, doc, e->doc);
        if (c != 0) {
            return c < 0;
        }
    }
    return start < e->start;
}

/* Would evidence with this key be among the pair's K kept? */
static int evidence_wanted(const cm_counts *c, const cm_pair_count *p, uint64_t rank,
                           const char *doc, size_t start)
{
    size_t k = c->opts.evidence;
    return k > 0 && (p->n_evidence < k || key_less(c, rank, doc, start, &p->evidence[k - 1]));
}

/* Keep the K smallest keys: insert `ev` (taking its snippet) in key order. */
cm_status cm_counts_insert_evidence(cm_counts *c, cm_pair_count *p, cm_evidence ev, cm_error *err)
{
    size_t k = c->opts.evidence, at, cap = evidence_cap(p->n_evidence, k);
    int dup = 0;

    /* With --window N one co-occurrence lies in up to N windows: keep it once. */
    for (size_t i = 0; i < p->n_evidence; i++) {
        dup |= p->evidence[i].start == ev.start && p->evidence[i].end == ev.end &&
               p->evidence[i].doc == ev.doc;
    }
    if (dup || !evidence_wanted(c, p, ev.rank, ev.doc, ev.start)) {
        cm_free(ev.snippet);
        return CM_OK;
    }
    /* The array grows as evidence comes (evidence_cap). */
    if (p->n_evidence == k) {
        cm_free(p->evidence[k - 1].snippet);
        p->n_evidence--;
    } else if (p->n_evidence == cap) {
        size_t n = p->n_evidence, ncap = evidence_cap(n + 1, k);
        cm_evidence *np = ncap <= EV_CLASSES ? evidence_take(c, ncap)
                          : n == EV_CLASSES  ? cm_malloc(ncap * sizeof(*np))
                                             : cm_realloc(p->evidence, ncap * sizeof(*np));
        if (!np) {
            cm_free(ev.snippet);
            return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        }
        if (n > 0 && n <= EV_CLASSES) {
            memcpy(np, p->evidence, n * sizeof(*np));
            evidence_give(c, p->evidence, n);
        }
        p->evidence = np;
    }
    at = p->n_evidence;
    while (at > 0 && key_less(c, ev.rank, ev.doc, ev.start, &p->evidence[at - 1])) {
        p->evidence[at] = p->evidence[at - 1];
        at--;
    }
    p->evidence[at] = ev;
    p->n_evidence++;
    return CM_OK;
}

/* A document's mark in pair_state.last_doc: its serial number modulo 2^32 - 1, plus one (0
 * is no document). When the serials wrap, cm_counts_doc_begin clears every mark. */
static uint32_t doc_tag(uint64_t serial)
{
    return (uint32_t)(serial % UINT32_MAX) + 1;
}

/* Evidence spans the sentence of the first mention through that of the second. Sentences
 * holding mentions are not empty, so the one that starts first comes first. */
static cm_status add_evidence(cm_counts *c, cm_pair_count *p, uint64_t rank, doc_open *d,
                              const hit *x, const hit *y, cm_error *err)
{
    const hit *s1 = x->sstart <= y->sstart ? x : y, *s2 = s1 == x ? y : x;
    const cm_doc *doc = d->doc;
    cm_evidence ev;

    if (!evidence_wanted(c, p, rank, d->id ? d->id : doc->id, s1->sstart)) {
        return CM_OK;
    }
    if (!d->id && cm_counts_intern_doc(c, doc->id, doc->len, &d->id, err) != CM_OK) {
        return CM_ENOMEM;
    }
    ev.rank = (uint32_t)rank;
    ev.doc = d->id;
    ev.start = s1->sstart;
    ev.end = s2->send;
    ev.snippet = NULL;
    /* A text that can be read again is cut at the end, for the evidence that survives. */
    if (!doc->reread && !(ev.snippet = snippet_text(doc->text, ev.start, ev.end))) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return cm_counts_insert_evidence(c, p, ev, err);
}

/* Two hits of one unit: a co-occurrence of their entities. */
typedef struct occ {
    size_t x, y; /* hits, x before y */
    size_t pair;
} occ;

/* The largest rank pair_state holds (31 bits). */
#define PAIR_RANK_MAX 0x7FFFFFFFu

/* Count one co-occurrence of pair p: units, documents, evidence. */
static cm_status count_occ(cm_counts *c, size_t p, const hit *x, const hit *y, doc_open *d,
                           cm_error *err)
{
    cm_pair_count *pc = &c->pairs[p];
    pair_state *st = &c->pair_state[p];
    size_t k = c->opts.evidence;
    cm_status rc;

    pc->units++;
    if (st->last_doc != d->tag) {
        st->last_doc = d->tag;
        st->rank = 0;
        pc->documents++;
    } else if (st->rank == PAIR_RANK_MAX) {
        /* a unit per co-occurrence, a sentence or more of three bytes or more each: not
           in a document of at most CM_DOC_MAX_BYTES */
        return cm_error_set(err, CM_EINPUT, d->doc->id, 0,
                            "a pair named together in over 2^31 units of one document");
    }
    if (st->settled && !c->ids_unordered) {
        st->rank++;
        return CM_OK;
    }
    rc = add_evidence(c, pc, st->rank++, d, x, y, err);
    st->settled = rc == CM_OK && k > 0 && pc->n_evidence == k && pc->evidence[k - 1].rank == 0;
    return rc;
}

/* Count a block of co-occurrences: guess the pairs from their map slots' tags (starting
 * the loads of their records), then confirm each guess (or find or add the pair) and count
 * it, in order. */
static cm_status count_block(cm_counts *c, const hit *h, occ *o, size_t n_occ, doc_open *d,
                             cm_error *err)
{
    cm_status rc = CM_OK;

    for (size_t k = 0; k < n_occ; k++) {
        o[k].pair = pair_guess(&c->pairs_by_key, pair_key(h[o[k].x].ent, h[o[k].y].ent));
        if (o[k].pair != SIZE_MAX) { /* a map with slots has the scratch too */
            __builtin_prefetch(&c->pairs[o[k].pair]);
            __builtin_prefetch(&c->pair_state[o[k].pair]);
        }
    }
    for (size_t k = 0; k < n_occ && rc == CM_OK; k++) {
        rc = pair_confirm(c, h[o[k].x].ent, h[o[k].y].ent, o[k].pair, &o[k].pair, err);
        if (rc == CM_OK) {
            rc = count_occ(c, o[k].pair, &h[o[k].x], &h[o[k].y], d, err);
        }
    }
    return rc;
}

/* Co-occurrences listed before they are counted; a document of many mentions a unit goes
 * in several blocks, so the scratch stays this size. */
#define OCC_BLOCK 512

/* Count the co-occurrences of the document's hits h[0..n) (one per entity and unit, in
 * unit order). In blocks of three passes: list them (starting the loads of their map
 * slots), find the pairs (starting the loads of their records), count; so the cache misses
 * overlap instead of coming one after another. Interning and counting keep their order, so
 * the result is that of counting each co-occurrence as it comes. */
static cm_status count_doc(cm_counts *c, const hit *h, size_t n, doc_open *d, cm_error *err)
{
    occ o[OCC_BLOCK];
    size_t n_occ = 0;
    cm_status rc = CM_OK;

    for (size_t i = 0; i < n; i++) {
        c->ents[h[i].ent].units++;
    }
    for (size_t u = 0; u < n && rc == CM_OK;) {
        size_t e = u;
        while (e < n && h[e].unit == h[u].unit) {
            e++;
        }
        for (size_t i = u; i < e && rc == CM_OK; i++) {
            for (size_t j = i + 1; j < e && rc == CM_OK; j++) {
                if (n_occ == OCC_BLOCK) {
                    rc = count_block(c, h, o, n_occ, d, err);
                    n_occ = 0;
                }
                o[n_occ++] = (occ){i, j, 0};
                pair_prefetch(&c->pairs_by_key, pair_key(h[i].ent, h[j].ent));
            }
        }
        u = e;
    }
    return rc == CM_OK ? count_block(c, h, o, n_occ, d, err) : rc;
}

void cm_counts_unbind(cm_counts *c)
{
    cm_free(c->lex_ent);
    cm_free(c->lex_keep);
    cm_free(c->ord);
    cm_free(c->hits);
    c->lex = NULL;
    c->lex_ent = NULL;
    c->lex_keep = NULL;
    c->ord = NULL;
    c->hits = NULL;
    c->cap_ord = c->cap_hits = 0;
}

/* Index the lexicon `lex` for counting (again, when it is another one than last time). */
static cm_status bind_lexicon(cm_counts *c, const cm_lexicon *lex, cm_error *err)
{
    size_t n = cm_lexicon_count(lex) + 1;

    if (c->lex == lex) {
        return CM_OK;
    }
    cm_free(c->lex_ent);
    cm_free(c->lex_keep);
    c->lex = NULL;
    c->lex_ent = cm_calloc(n, sizeof(*c->lex_ent));
    c->lex_keep = cm_calloc(n, sizeof(*c->lex_keep));
    if (!c->lex_ent || !c->lex_keep) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    c->lex = lex;
    return CM_OK;
}

/* Does lexicon entity `li` count (--types, --subtypes)? Decided once per entity. */
static int counted(cm_counts *c, const cm_lexicon *lex, size_t li)
{
    if (!c->lex_keep[li]) {
        const cm_entity *e = cm_lexicon_entity(lex, li);
        c->lex_keep[li] = cm_count_opts_keep(&c->opts, e->type, e->subtype) ? 1 : 2;
    }
    return c->lex_keep[li] == 1;
}

/* The counts' entity for lexicon entity `li` (added on first sight). */
static cm_status entity_of(cm_counts *c, const cm_lexicon *lex, size_t li, size_t *out,
                           cm_error *err)
{
    const cm_entity *e;
    cm_status rc;

    if (c->lex_ent[li]) {
        *out = c->lex_ent[li] - 1;
        return CM_OK;
    }
    e = cm_lexicon_entity(lex, li);
    rc = cm_counts_intern(c, e->id, e->name, e->subtype, e->type, 0, out, err);
    if (rc == CM_OK) {
        c->lex_ent[li] = *out + 1;
    }
    return rc;
}

/* Add the hits of one part's mentions to those of the units still open. Mentions in
 * sentences that make no unit (--units body) count as mentions only. */
static cm_status collect_hits(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex,
                              const unit_view *v, cm_error *err)
{
    const cm_segments *seg = m->seg;
    size_t serial = c->open.serial, n = c->open.n_hits;
    hit *h = c->hits;
    cm_status rc = bind_lexicon(c, lex, err);

    for (size_t i = 0; i < m->n && rc == CM_OK; i++) {
        const cm_mention *mn = &m->items[i];
        size_t ent, lo = 0, hi = 0;

        const cm_entity *e = cm_mention_entity(m, mn, lex);
        if (mn->discovered ? !cm_count_opts_keep(&c->opts, e->type, e->subtype)
                           : !counted(c, lex, mn->entity)) {
            continue;
        }
        rc = mn->discovered ? cm_counts_intern(c, e->id, e->name, e->subtype, e->type, 1, &ent, err)
                            : entity_of(c, lex, mn->entity, &ent, err);
        if (rc != CM_OK) {
            break;
        }
        c->ents[ent].mentions++;
        c->n_mentions++;
        if (c->ent_last_doc[ent] != serial + 1) {
            c->ent_last_doc[ent] = serial + 1;
            c->ents[ent].documents++;
        }
        if (!unit_range(&c->opts, v, seg, mn->sentence, &lo, &hi)) {
            continue;
        }
        const cm_sentence *sn = &seg->sentences[mn->sentence];
        for (size_t u = lo; u <= hi && rc == CM_OK; u++) {
            rc = cm_grow(&c->hits, &c->cap_hits, n + 1, sizeof(*h), err);
            h = c->hits;
            if (rc == CM_OK) {
                h[n++] = (hit){u, ent, mn->start, (uint32_t)sn->start, (uint32_t)sn->end};
            }
        }
    }
    c->open.n_hits = n;
    return rc;
}

/* Order hits by (unit, entity, start). Mentions come in text order, so with units of one
 * or more whole sentences the units already ascend and only the few hits of each unit
 * move: insertion sort is then linear. Sliding windows are not in order, and a unit of
 * many hits (a paragraph or a document of many mentions) would make it quadratic: sort
 * those. Keys that tie are the same mention, so either sort gives the same order. */
static void sort_hits(hit *h, size_t n)
{
    size_t moves = 0;

    for (size_t i = 1; i < n; i++) {
        if (h[i].unit < h[i - 1].unit) {
            cm_sort(h, n, sizeof(*h), hit_cmp, NULL);
            return;
        }
    }
    for (size_t i = 1; i < n; i++) {
        hit x = h[i];
        size_t j = i;
        while (j > 0 && hit_cmp(&x, &h[j - 1], NULL) < 0) {
            h[j] = h[j - 1];
            j--;
        }
        h[j] = x;
        moves += i - j;
        if (moves > 8 * n) {
            cm_sort(h, n, sizeof(*h), hit_cmp, NULL);
            return;
        }
    }
}

/* Count the open units below `closed`, in unit order, and keep the hits of the others,
 * each entity's first per unit (all that counting them will read). */
static cm_status close_units(cm_counts *c, size_t closed, cm_error *err)
{
    hit *h = c->hits;
    size_t n = c->open.n_hits, k = 0, w = 0, r = 0;
    cm_status rc;

    if (n > 1) {
        sort_hits(h, n);
    }
    /* Keep each entity's first mention per unit: a pair counts once per unit. */
    for (; k < n && h[k].unit < closed; k++) {
        if (w == 0 || h[w - 1].unit != h[k].unit || h[w - 1].ent != h[k].ent) {
            h[w++] = h[k];
        }
    }
    rc = count_doc(c, h, w, &c->open, err);
    for (size_t i = k; i < n; i++) {
        if (r == 0 || h[r - 1].unit != h[i].unit || h[r - 1].ent != h[i].ent) {
            h[r++] = h[i];
        }
    }
    c->open.n_hits = r;
    return rc;
}

cm_status cm_counts_doc_begin(cm_counts *c, const cm_doc *doc, cm_error *err)
{
    if (doc->len > CM_DOC_MAX_BYTES) {
        return cm_error_set(err, CM_EINPUT, doc->id, 0, "more than %zu bytes: cannot be counted",
                            CM_DOC_MAX_BYTES);
    }
    if (!c->ids_unordered) {
        char *id = c->newest && strcmp(doc->id, c->newest) <= 0 ? NULL : cm_strdup(doc->id);
        if (id) {
            cm_free(c->newest);
            c->newest = id;
        } else {
            c->ids_unordered = 1; /* out of order (or out of memory): compare ids */
        }
    }
    c->open = (doc_open){.doc = doc, .serial = (size_t)c->n_docs, .tag = doc_tag(c->n_docs)};
    if (c->open.tag == 1 && c->n_docs > 0 && c->pair_state) {
        for (size_t i = 0; i < c->n_pairs; i++) { /* the marks wrap: none is this document's */
            c->pair_state[i].last_doc = 0;
        }
    }
    c->n_docs++;
    c->n_bytes += doc->len;
    return CM_OK;
}

cm_status cm_counts_doc_part(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex,
                             cm_error *err)
{
    unit_view v;
    cm_status rc = view_units(c, m->seg, &v, err);

    if (rc != CM_OK) {
        return rc;
    }
    c->n_sentences += m->seg->n_sentences;
    rc = collect_hits(c, m, lex, &v, err);
    c->open.n_sent += v.n_sentences;
    c->open.n_par += v.n_paragraphs;
    return rc == CM_OK ? close_units(c, doc_units(&c->opts, &c->open, 0), err) : rc;
}

cm_status cm_counts_doc_end(cm_counts *c, cm_error *err)
{
    size_t n = doc_units(&c->opts, &c->open, 1);
    cm_status rc;

    c->n_units += n;
    /* The hits left over are those of windows past the document's last: no units. */
    rc = close_units(c, n, err);
    c->open = (doc_open){.doc = NULL};
    return rc;
}

/* One evidence entry still without its snippet. */
typedef struct missing {
    size_t doc;
    cm_evidence *ev; /* evidence arrays stay where they are while snippets are cut */
} missing;

/* Where cut snippets go: into their evidence entries (spool NULL), or appended to a spool
 * in queue order, the i-th at off[i]. */
typedef struct cutter {
    cm_spool *spool;
    uint64_t *off;
} cutter;

/* Cut the n snippets of one document, the queue's entries [at, at + n). */
static cm_status fill_doc(cm_counts *c, const missing *ms, size_t at, size_t n, cm_doc_fetch fetch,
                          void *ctx, const cutter *cu, cm_error *err)
{
    const char *id = c->docs[ms[at].doc];
    uint64_t len = c->doc_len[ms[at].doc];
    cm_doc *doc = NULL;
    cm_status rc = fetch(ctx, id, &doc, err);
    char out[SNIPPET_MAX + 1];

    if (rc == CM_OK && len != UINT64_MAX && doc->len != len) {
        rc = cm_error_set(err, CM_EINPUT, id, 0,
                          "changed while being read (%llu bytes, now %llu): evidence lost",
                          (unsigned long long)len, (unsigned long long)doc->len);
    }
    for (size_t i = at; i < at + n && rc == CM_OK; i++) {
        cm_evidence *ev = ms[i].ev;
        if (i + 4 < at + n) {
            __builtin_prefetch(ms[i + 4].ev); /* entries lie all over the heap */
        }
        if (ev->end > doc->len || ev->start > ev->end) {
            rc = cm_error_set(err, CM_EINPUT, id, 0, "evidence span %lu-%lu outside the text",
                              (unsigned long)ev->start, (unsigned long)ev->end);
        } else if (cu->spool) {
            cu->off[i] = cu->spool->size;
            cm_spool_put(cu->spool, out, snippet_cut(out, doc->text, ev->start, ev->end));
        } else if (!(ev->snippet = snippet_text(doc->text, ev->start, ev->end))) {
            rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        }
    }
    cm_doc_free(doc);
    return rc;
}

/* The evidence without a snippet, grouped by document. */
typedef struct queue {
    cm_map64 doc_at; /* interned id (pointer) → its index in the document table */
    size_t *next;    /* per document: first the count, then where its next entry goes */
    missing *ms;
    size_t n;
} queue;

static void queue_destroy(queue *q)
{
    cm_map64_destroy(&q->doc_at);
    cm_free(q->next);
    cm_free(q->ms);
}

/* Count (ms NULL) or place pair p's evidence that has no snippet yet. */
static void queue_pair(cm_counts *c, size_t p, queue *q)
{
    cm_pair_count *pc = &c->pairs[p];
    for (size_t k = 0; k < pc->n_evidence; k++) {
        if (!pc->evidence[k].snippet) {
            size_t d = cm_map64_get(&q->doc_at, (uintptr_t)pc->evidence[k].doc);
            if (q->ms) {
                q->ms[q->next[d]++] = (missing){d, &pc->evidence[k]};
            } else {
                q->next[d]++;
                q->n++;
            }
        }
    }
}

/* A counting sort by document, stable: in each document the evidence keeps the order of
 * the pairs given and of their evidence. Linear in the evidence, where a comparison sort
 * of half a million entries was a tenth of counting a dense corpus. */
static cm_status queue_missing(cm_counts *c, const size_t *pairs, size_t n_pairs, queue *q,
                               cm_error *err)
{
    size_t total = pairs ? n_pairs : c->n_pairs, sum = 0;
    cm_status rc = CM_OK;

    memset(q, 0, sizeof(*q));
    cm_map64_init(&q->doc_at);
    q->next = cm_calloc(c->n_doc_tab + 1, sizeof(*q->next));
    if (!q->next) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t d = 0; d < c->n_doc_tab && rc == CM_OK; d++) {
        rc = cm_map64_put(&q->doc_at, (uintptr_t)c->docs[d], d, err);
    }
    for (size_t i = 0; i < total && rc == CM_OK; i++) {
        queue_pair(c, pairs ? pairs[i] : i, q);
    }
    if (rc == CM_OK && !(q->ms = cm_malloc((q->n + 1) * sizeof(*q->ms)))) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t d = 0; d < c->n_doc_tab && rc == CM_OK; d++) {
        size_t k = q->next[d];
        q->next[d] = sum;
        sum += k;
    }
    for (size_t i = 0; i < total && rc == CM_OK; i++) {
        queue_pair(c, pairs ? pairs[i] : i, q);
    }
    return rc;
}

/* Cut the queued snippets, one document at a time. */
static cm_status cut_all(cm_counts *c, const queue *q, cm_doc_fetch fetch, void *ctx,
                         const cutter *cu, cm_error *err)
{
    cm_status rc = CM_OK;

    for (size_t i = 0; i < q->n && rc == CM_OK;) {
        size_t j = i;
        while (j < q->n && q->ms[j].doc == q->ms[i].doc) {
            j++;
        }
        rc = fill_doc(c, q->ms, i, j - i, fetch, ctx, cu, err);
        i = j;
    }
    return rc;
}

cm_status cm_counts_fill_snippets(cm_counts *c, const size_t *pairs, size_t n_pairs,
                                  cm_doc_fetch fetch, void *ctx, cm_error *err)
{
    const cutter cu = {NULL, NULL};
    queue q;
    cm_status rc = queue_missing(c, pairs, n_pairs, &q, err);

    if (rc == CM_OK) {
        rc = cut_all(c, &q, fetch, ctx, &cu, err);
    }
    queue_destroy(&q);
    return rc;
}

/* Give pair p's snippets to `put` in evidence order: those held, and those cut into the
 * spool, found where queue_pair placed them (q->next: each document's next entry). */
static cm_status put_pair(cm_counts *c, size_t p, queue *q, const cutter *cu, cm_snippet_fn put,
                          void *put_ctx, cm_error *err)
{
    const cm_pair_count *pc = &c->pairs[p];
    char out[SNIPPET_MAX + 1];
    cm_status rc = CM_OK;

    for (size_t k = 0; k < pc->n_evidence && rc == CM_OK; k++) {
        const cm_evidence *ev = &pc->evidence[k];
        if (ev->snippet) {
            rc = put(put_ctx, ev->snippet, strlen(ev->snippet), err);
            continue;
        }
        size_t at = q->next[cm_map64_get(&q->doc_at, (uintptr_t)ev->doc)]++;
        size_t len = (size_t)(cu->off[at + 1] - cu->off[at] - 1);
        rc = cm_spool_read(cu->spool, out, cu->off[at], len, err);
        if (rc == CM_OK) {
            rc = put(put_ctx, out, len, err);
        }
    }
    return rc;
}

cm_status cm_counts_each_snippet(cm_counts *c, const size_t *pairs, size_t n_pairs,
                                 cm_doc_fetch fetch, void *fetch_ctx, const char *tmp_dir,
                                 cm_snippet_fn put, void *put_ctx, cm_error *err)
{
    size_t total = pairs ? n_pairs : c->n_pairs;
    cutter cu = {NULL, NULL};
    queue q;
    cm_status rc = queue_missing(c, pairs, n_pairs, &q, err);

    if (rc == CM_OK && !(cu.off = cm_malloc((q.n + 1) * sizeof(*cu.off)))) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (rc == CM_OK && q.n > 0) {
        rc = cm_spool_open(&cu.spool, tmp_dir, err);
    }
    if (rc == CM_OK && q.n > 0) {
        rc = cut_all(c, &q, fetch, fetch_ctx, &cu, err);
        cu.off[q.n] = cu.spool->size;
    }
    cm_free(q.ms); /* not needed to find them again: the pairs' order is the queue's */
    q.ms = NULL;
    if (rc == CM_OK && cu.spool) {
        rc = cm_spool_end(cu.spool, err);
    }
    /* Each document's first entry again: next[d] ends where d + 1's entries start. */
    for (size_t d = c->n_doc_tab; rc == CM_OK && d-- > 0;) {
        q.next[d] = d > 0 ? q.next[d - 1] : 0;
    }
    for (size_t i = 0; i < total && rc == CM_OK; i++) {
        rc = put_pair(c, pairs ? pairs[i] : i, &q, &cu, put, put_ctx, err);
    }
    cm_spool_free(cu.spool);
    cm_free(cu.off);
    queue_destroy(&q);
    return rc;
}

static int ent_order(const void *x, const void *y, void *ctx)
{
    const cm_counts *c = ctx;
    return strcmp(c->ents[*(const size_t *)x].id, c->ents[*(const size_t *)y].id);
}

/* Stable counting sort of the pairs by one end: from `in` to `out`. */
static void scatter_pairs(cm_pair_count *out, const cm_pair_count *in, size_t n, size_t *at,
                          size_t n_ents, int by_a)
{
    memset(at, 0, (n_ents + 1) * sizeof(*at));
    for (size_t i = 0; i < n; i++) {
        at[(by_a ? in[i].a : in[i].b) + 1]++;
    }
    for (size_t e = 0; e < n_ents; e++) {
        at[e + 1] += at[e];
    }
    for (size_t i = 0; i < n; i++) {
        out[at[by_a ? in[i].a : in[i].b]++] = in[i];
    }
}

/* Pairs in (a, b) order: two counting sorts by entity index, b then a, each stable (linear
 * time; with qsort, -j 2 extract+count on 100 MB took 0.68 s instead of 0.64 s). */
static cm_status sort_pairs(cm_counts *c, cm_error *err)
{
    cm_pair_count *tmp = cm_malloc(c->n_pairs * sizeof(*tmp));
    size_t *at = cm_malloc((c->n_ents + 1) * sizeof(*at));

    if (!tmp || !at) {
        cm_free(tmp);
        cm_free(at);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    scatter_pairs(tmp, c->pairs, c->n_pairs, at, c->n_ents, 0);
    scatter_pairs(c->pairs, tmp, c->n_pairs, at, c->n_ents, 1);
    cm_free(tmp);
    cm_free(at);
    return CM_OK;
}

static int skipped_order(const void *x, const void *y)
{
    const cm_skipped *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    return c ? c : strcmp(a->reason, b->reason);
}

static int copy_order(const void *x, const void *y)
{
    const cm_copy *a = x, *b = y;
    return strcmp(a->id, b->id);
}

cm_status cm_counts_finish_tables(cm_counts *c, cm_error *err)
{
    size_t *order = cm_malloc(c->n_ents * sizeof(*order));
    size_t *rank = cm_malloc(c->n_ents * sizeof(*rank));
    cm_entity_count *sorted = cm_malloc(c->n_ents * sizeof(*sorted));
    cm_status rc = CM_OK;

    /* Entity indexes are about to change. */
    cm_free(c->lex_ent);
    c->lex_ent = NULL;
    c->lex = NULL;
    if (!order || !rank || !sorted) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < c->n_ents; i++) {
        order[i] = i;
    }
    cm_sort(order, c->n_ents, sizeof(*order), ent_order, c);
    for (size_t i = 0; i < c->n_ents; i++) {
        rank[order[i]] = i;
        sorted[i] = c->ents[order[i]];
    }
    if (c->n_ents > 0) {
        memcpy(c->ents, sorted, c->n_ents * sizeof(*sorted));
    }
    for (size_t i = 0; i < c->n_pairs; i++) {
        size_t a = rank[c->pairs[i].a], b = rank[c->pairs[i].b];
        c->pairs[i].a = (uint32_t)(a < b ? a : b);
        c->pairs[i].b = (uint32_t)(a < b ? b : a);
    }
    /* What only counting reads goes before the sort's copy of the pairs is made: the pair
     * map (rebuilt if a pair is added again), the per-document scratch (restored zeroed),
     * and the pair array's spare capacity. */
    cm_free(c->pairs_by_key.slots);
    c->pairs_by_key = (pair_map){NULL, 0, 0};
    cm_free(c->pair_state);
    c->pair_state = NULL;
    c->cap_pair_state = 0;
    if (c->n_pairs > 0 && c->n_pairs < c->cap_pairs) {
        cm_pair_count *fit = cm_realloc(c->pairs, c->n_pairs * sizeof(*fit));
        if (fit) { /* else the array stays as it was, larger */
            c->pairs = fit;
            c->cap_pairs = c->n_pairs;
        }
    }
    if (rc == CM_OK && c->n_pairs > 1) {
        rc = sort_pairs(c, err);
    }
    if (c->n_skipped > 1) {
        qsort(c->skipped, c->n_skipped, sizeof(*c->skipped), skipped_order);
    }
    if (c->n_copies > 1) {
        qsort(c->copies, c->n_copies, sizeof(*c->copies), copy_order);
    }
    /* The lookup maps now point at old positions, and pair keys use the old entity
     * numbers: the entity map is rebuilt; pairs, now in (a, b) order, are found by
     * bisection until one is added (most runs add none: no map to build). */
    cm_strmap_destroy(&c->ent_map);
    c->pairs_sorted = rc == CM_OK;
    for (size_t i = 0; i < c->n_ents && rc == CM_OK; i++) {
        rc = cm_strmap_put(&c->ent_map, c->ents[i].id, i, err);
        c->ent_last_doc[i] = 0;
    }
cleanup:
    cm_free(order);
    cm_free(rank);
    cm_free(sorted);
    return rc;
}

const cm_count_opts *cm_counts_opts(const cm_counts *c)
{
    return &c->opts;
}

size_t cm_counts_n_entities(const cm_counts *c)
{
    return c->n_ents;
}

const cm_entity_count *cm_counts_entity(const cm_counts *c, size_t i)
{
    return &c->ents[i];
}

size_t cm_counts_n_pairs(const cm_counts *c)
{
    return c->n_pairs;
}

const cm_pair_count *cm_counts_pair(const cm_counts *c, size_t i)
{
    return &c->pairs[i];
}

uint64_t cm_counts_n_units(const cm_counts *c)
{
    return c->n_units;
}

uint64_t cm_counts_n_documents(const cm_counts *c)
{
    return c->n_docs;
}

uint64_t cm_counts_n_bytes(const cm_counts *c)
{
    return c->n_bytes;
}

uint64_t cm_counts_n_sentences(const cm_counts *c)
{
    return c->n_sentences;
}

uint64_t cm_counts_n_mentions(const cm_counts *c)
{
    return c->n_mentions;
}

cm_status cm_counts_add_skipped(cm_counts *c, const char *id, const char *reason, cm_error *err)
{
    cm_status rc =
        cm_grow(&c->skipped, &c->cap_skipped, c->n_skipped + 1, sizeof(*c->skipped), err);
    cm_skipped *s;

    if (rc != CM_OK) {
        return rc;
    }
    s = &c->skipped[c->n_skipped];
    s->id = cm_strdup(id);
    s->reason = cm_strdup(reason);
    if (!s->id || !s->reason) {
        cm_free(s->id);
        cm_free(s->reason);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    c->n_skipped++;
    return CM_OK;
}

cm_status cm_counts_add_copy(cm_counts *c, const cm_copy *copy, cm_error *err)
{
    cm_status rc = cm_grow(&c->copies, &c->cap_copies, c->n_copies + 1, sizeof(*c->copies), err);
    cm_copy *d;

    if (rc != CM_OK) {
        return rc;
    }
    d = &c->copies[c->n_copies];
    d->id = cm_strdup(copy->id);
    d->kept = cm_strdup(copy->kept);
    d->near = copy->near;
    if (!d->id || !d->kept) {
        cm_free(d->id);
        cm_free(d->kept);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    c->n_copies++;
    return CM_OK;
}

size_t cm_counts_n_copies(const cm_counts *c)
{
    return c->n_copies;
}

const cm_copy *cm_counts_copy(const cm_counts *c, size_t i)
{
    return &c->copies[i];
}

size_t cm_counts_n_skipped(const cm_counts *c)
{
    return c->n_skipped;
}

const cm_skipped *cm_counts_skipped(const cm_counts *c, size_t i)
{
    return &c->skipped[i];
}

void cm_counts_set_lexicon(cm_counts *c, const char *hex)
{
    snprintf(c->lexicon, sizeof(c->lexicon), "%s", hex);
}

const char *cm_counts_lexicon(const cm_counts *c)
{
    return c->lexicon;
}

int cm_count_opts_equal(const cm_count_opts *a, const cm_count_opts *b)
{
    return a->unit == b->unit && (a->unit != CM_UNIT_WINDOW || a->window == b->window) &&
           a->evidence == b->evidence && a->types == b->types && a->subtypes == b->subtypes &&
           a->filter == b->filter && a->discover == b->discover && a->dedupe == b->dedupe &&
           a->slice == b->slice && a->since == b->since && a->until == b->until;
}

/* What a merge needs of the documents: src's interned ids → dst's (interned on first
 * use), and the byte-order rank of every id of both (dst->doc_rank). */
typedef struct doc_xlat {
    cm_map64 to_dst;
    cm_map64 rank;
} doc_xlat;

static int id_order(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static cm_status xlat_init(doc_xlat *x, const cm_counts *dst, const cm_counts *src, cm_error *err)
{
    size_t n = dst->n_doc_tab + src->n_doc_tab, r = 0;
    const char **ids = cm_malloc((n + 1) * sizeof(*ids));
    cm_status rc = CM_OK;

    cm_map64_init(&x->to_dst);
    cm_map64_init(&x->rank);
    if (!ids) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < dst->n_doc_tab; i++) {
        ids[i] = dst->docs[i];
    }
    for (size_t i = 0; i < src->n_doc_tab; i++) {
        ids[dst->n_doc_tab + i] = src->docs[i];
    }
    qsort(ids, n, sizeof(*ids), id_order);
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        r += i > 0 && strcmp(ids[i - 1], ids[i]) != 0; /* the same id in both: one rank */
        rc = cm_map64_put(&x->rank, (uintptr_t)ids[i], r, err);
    }
    cm_free(ids);
    return rc;
}

static void xlat_destroy(doc_xlat *x)
{
    cm_map64_destroy(&x->to_dst);
    cm_map64_destroy(&x->rank);
}

static cm_status copy_evidence(cm_evidence *out, cm_counts *dst, const cm_counts *src, doc_xlat *x,
                               const cm_evidence *in, cm_error *err)
{
    size_t at = cm_map64_get(&x->to_dst, (uintptr_t)in->doc);

    *out = *in;
    if (at != SIZE_MAX) {
        out->doc = (const char *)(uintptr_t)at;
    } else if (cm_counts_intern_doc(dst, in->doc, cm_counts_doc_len(src, in->doc), &out->doc,
                                    err) != CM_OK ||
               cm_map64_put(&x->to_dst, (uintptr_t)in->doc, (uintptr_t)out->doc, err) != CM_OK ||
               cm_map64_put(&x->rank, (uintptr_t)out->doc,
                            cm_map64_get(&x->rank, (uintptr_t)in->doc), err) != CM_OK) {
        return CM_ENOMEM;
    }
    if (in->snippet && !(out->snippet = cm_strdup(in->snippet))) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return CM_OK;
}

/* src's pairs go in blocks of MERGE_BLOCK, each in three passes: start the loads of their
 * map slots in dst, guess their places from the tags (starting the loads of the records),
 * then confirm each place (or find or add the pair) and add; so the cache misses overlap
 * instead of coming one after another. */
#define MERGE_BLOCK 256

/* *a += b and *c += d; an error, not a wrapped counter, when a sum passes 2^64 - 1. */
static cm_status add_counts(uint64_t *a, uint64_t b, uint64_t *c, uint64_t d, cm_error *err)
{
    if (*a > UINT64_MAX - b || *c > UINT64_MAX - d) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "counts over 2^64 - 1 once added");
    }
    *a += b;
    *c += d;
    return CM_OK;
}

static cm_status merge_pairs(cm_counts *dst, const cm_counts *src, const size_t *map, cm_error *err)
{
    doc_xlat x;
    size_t at[MERGE_BLOCK];
    cm_status rc = xlat_init(&x, dst, src, err);

    dst->doc_rank = &x.rank;
    for (size_t b = 0; b < src->n_pairs && rc == CM_OK; b += MERGE_BLOCK) {
        size_t e = b + MERGE_BLOCK < src->n_pairs ? b + MERGE_BLOCK : src->n_pairs;
        for (size_t i = b; i < e; i++) {
            pair_prefetch(&dst->pairs_by_key, pair_key(map[src->pairs[i].a], map[src->pairs[i].b]));
        }
        for (size_t i = b; i < e; i++) {
            at[i - b] = pair_guess(&dst->pairs_by_key,
                                   pair_key(map[src->pairs[i].a], map[src->pairs[i].b]));
            if (at[i - b] != SIZE_MAX) {
                __builtin_prefetch(&dst->pairs[at[i - b]]);
            }
            __builtin_prefetch(src->pairs[i].evidence);
        }
        for (size_t i = b; i < e && rc == CM_OK; i++) {
            const cm_pair_count *sp = &src->pairs[i];
            cm_pair_count *dp;
            rc = pair_confirm(dst, map[sp->a], map[sp->b], at[i - b], &at[i - b], err);
            if (rc != CM_OK) {
                break;
            }
            dp = &dst->pairs[at[i - b]];
            rc = add_counts(&dp->units, sp->units, &dp->documents, sp->documents, err);
            for (size_t k = 0; k < sp->n_evidence && rc == CM_OK; k++) {
                cm_evidence ev;
                rc = copy_evidence(&ev, dst, src, &x, &sp->evidence[k], err);
                if (rc == CM_OK) {
                    rc = cm_counts_insert_evidence(dst, dp, ev, err);
                }
            }
        }
    }
    dst->doc_rank = NULL;
    xlat_destroy(&x);
    return rc;
}

cm_status cm_counts_merge_tables(cm_counts *dst, const cm_counts *src, cm_error *err)
{
    size_t *map;
    cm_status rc = CM_OK;

    if (!cm_count_opts_equal(&dst->opts, &src->opts)) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "counts made with other count-time options");
    }
    if (dst->lexicon[0] && src->lexicon[0] && strcmp(dst->lexicon, src->lexicon) != 0) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "counts made with another lexicon");
    }
    if (!dst->lexicon[0]) {
        cm_counts_set_lexicon(dst, src->lexicon);
    }
    map = cm_malloc((src->n_ents + 1) * sizeof(*map));
    if (!map) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < src->n_ents && rc == CM_OK; i++) {
        const cm_entity_count *e = &src->ents[i];
        rc = cm_counts_intern(dst, e->id, e->label, e->subtype, e->type, e->discovered, &map[i],
                              err);
        cm_entity_count *d = rc == CM_OK ? &dst->ents[map[i]] : NULL;
        if (rc == CM_OK) {
            rc = add_counts(&d->units, e->units, &d->documents, e->documents, err);
        }
        if (rc == CM_OK) {
            rc = add_counts(&d->mentions, e->mentions, &dst->n_units, 0, err);
        }
    }
    if (rc == CM_OK) {
        rc = merge_pairs(dst, src, map, err);
    }
    for (size_t i = 0; i < src->n_skipped && rc == CM_OK; i++) {
        rc = cm_counts_add_skipped(dst, src->skipped[i].id, src->skipped[i].reason, err);
    }
    for (size_t i = 0; i < src->n_copies && rc == CM_OK; i++) {
        rc = cm_counts_add_copy(dst, &src->copies[i], err);
    }
    if (rc == CM_OK) {
        rc = cm_counts_merge_invalid(dst, src, err);
    }
    if (rc == CM_OK) {
        rc = add_counts(&dst->n_units, src->n_units, &dst->n_docs, src->n_docs, err);
    }
    if (rc == CM_OK) {
        rc = add_counts(&dst->n_bytes, src->n_bytes, &dst->n_sentences, src->n_sentences, err);
    }
    if (rc == CM_OK) {
        rc = add_counts(&dst->n_mentions, src->n_mentions, &dst->n_outside, src->n_outside, err);
    }
    cm_free(map);
    return rc;
}
