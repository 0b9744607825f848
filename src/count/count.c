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
    cm_strmap_init(&c->ent_map);
    cm_map64_init(&c->pair_map);
    cm_strmap_init(&c->doc_map);
    return CM_OK;
}

/* How an evidence array grows for K = k: min(K, 8) slots first, then doubling, at most K
 * (a huge --evidence costs nothing up front; most pairs keep exactly K when K is small). */
static size_t next_evidence_cap(size_t cap, size_t k)
{
    if (cap == 0) {
        return k < 8 ? k : 8;
    }
    return cap * 2 < k ? cap * 2 : k;
}

/* Slots of a pair's first evidence array (from the chunks). */
static size_t first_evidence_cap(const cm_counts *c)
{
    return next_evidence_cap(0, c->opts.evidence);
}

static void free_evidence(const cm_counts *c, cm_pair_count *p)
{
    for (size_t i = 0; i < p->n_evidence; i++) {
        cm_free(p->evidence[i].snippet);
    }
    if (p->n_evidence > first_evidence_cap(c)) {
        cm_free(p->evidence);
    }
}

/* n slots from the chunks; NULL when out of memory. */
static cm_evidence *evidence_slots(cm_counts *c, size_t n)
{
    ev_chunk *ch = c->ev_chunks;

    if (!ch || ch->cap - ch->used < n) {
        size_t cap = n > 4096 ? n : 4096;
        ch = cm_malloc(sizeof(*ch) + cap * sizeof(cm_evidence));
        if (!ch) {
            return NULL;
        }
        ch->next = c->ev_chunks;
        ch->used = 0;
        ch->cap = cap;
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
        free_evidence(c, &c->pairs[i]);
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
    cm_map64_destroy(&c->pair_map);
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

cm_status cm_counts_intern_pair(cm_counts *c, size_t a, size_t b, size_t *out, cm_error *err)
{
    uint64_t key;
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
    }
    key = pair_key(a, b);
    cm_status rc;

    if (c->pairs_sorted) {
        for (size_t i = 0; i < c->n_pairs; i++) {
            rc =
                cm_map64_put(&c->pair_map, ((uint64_t)c->pairs[i].a << 32) | c->pairs[i].b, i, err);
            if (rc != CM_OK) {
                cm_map64_destroy(&c->pair_map); /* rebuilt whole on the next call */
                return rc;
            }
        }
        c->pairs_sorted = 0;
    }
    *out = cm_map64_get(&c->pair_map, key);
    if (*out != SIZE_MAX) {
        return CM_OK;
    }
    rc = cm_grow(&c->pairs, &c->cap_pairs, c->n_pairs + 1, sizeof(*c->pairs), err);
    if (rc == CM_OK) {
        rc = cm_grow(&c->pair_state, &c->cap_pair_state, c->n_pairs + 1, sizeof(*c->pair_state),
                     err);
    }
    if (rc != CM_OK) {
        return rc;
    }
    memset(&c->pairs[c->n_pairs], 0, sizeof(cm_pair_count));
    c->pairs[c->n_pairs].a = a;
    c->pairs[c->n_pairs].b = b;
    c->pair_state[c->n_pairs] = (pair_state){0, 0, 0};
    *out = c->n_pairs++;
    return cm_map64_put(&c->pair_map, key, *out, err);
}

/* One entity's first mention within one unit. */
typedef struct hit {
    size_t unit, ent, start, sentence;
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

/* The sentences and paragraphs that make a document's units: all of them, or with
 * --units body its body sentences, numbered anew, and the paragraphs that hold them. */
typedef struct unit_view {
    size_t n_sentences, n_paragraphs;
    const size_t *sent; /* sentence → its number, SIZE_MAX when no unit; NULL: identity */
    const size_t *par;  /* paragraph → its number, for the sentences numbered */
} unit_view;

static cm_status view_units(cm_counts *c, const cm_segments *seg, unit_view *v, cm_error *err)
{
    size_t *sent, *par;
    cm_status rc;

    *v = (unit_view){seg->n_sentences, seg->n_paragraphs, NULL, NULL};
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

/* Units of a document and the range of units a sentence belongs to. */
static size_t doc_units(const cm_count_opts *o, const unit_view *v)
{
    switch (o->unit) {
    case CM_UNIT_SENTENCE:
        return v->n_sentences;
    case CM_UNIT_PARAGRAPH:
        return v->n_paragraphs;
    case CM_UNIT_DOCUMENT:
        return v->sent && v->n_sentences == 0 ? 0 : 1;
    case CM_UNIT_WINDOW:
        if (v->n_sentences == 0) {
            return 0;
        }
        return v->n_sentences < o->window ? 1 : v->n_sentences - o->window + 1;
    }
    return 0;
}

/* 0 when sentence s makes no unit (not body, with --units body). */
static int unit_range(const cm_count_opts *o, const unit_view *v, const cm_segments *seg, size_t s,
                      size_t *lo, size_t *hi)
{
    size_t nw, p = seg->sentences[s].paragraph;
    if (v->sent) {
        if (v->sent[s] == SIZE_MAX) {
            return 0;
        }
        p = v->par[p];
        s = v->sent[s];
    }
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
        nw = doc_units(o, v);
        *lo = s + 1 >= o->window ? s + 1 - o->window : 0;
        *hi = s < nw - 1 ? s : nw - 1;
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

/* Slots allocated for n evidence entries. */
static size_t evidence_cap(size_t n, size_t k)
{
    size_t cap = 0;
    while (cap < n && cap < k) {
        cap = next_evidence_cap(cap, k);
    }
    return cap;
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
    /* The array grows as evidence comes (next_evidence_cap). */
    if (p->n_evidence == k) {
        cm_free(p->evidence[k - 1].snippet);
        p->n_evidence--;
    } else if (p->n_evidence == cap) {
        size_t first = first_evidence_cap(c), ncap = next_evidence_cap(cap, k);
        cm_evidence *np = cap == 0       ? evidence_slots(c, ncap)
                          : cap == first ? cm_malloc(ncap * sizeof(*np))
                                         : cm_realloc(p->evidence, ncap * sizeof(*np));
        if (np && cap == first) {
            memcpy(np, p->evidence, cap * sizeof(*np));
        }
        if (!np) {
            cm_free(ev.snippet);
            return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
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

/* The document being added: its segments, serial number and (once evidence needs it) its
 * interned id. */
typedef struct doc_ctx {
    const cm_segments *seg;
    size_t serial;
    const char *id;
} doc_ctx;

static cm_status add_evidence(cm_counts *c, cm_pair_count *p, uint64_t rank, doc_ctx *d,
                              const hit *x, const hit *y, cm_error *err)
{
    size_t s1 = x->sentence < y->sentence ? x->sentence : y->sentence;
    size_t s2 = x->sentence < y->sentence ? y->sentence : x->sentence;
    const cm_doc *doc = d->seg->doc;
    cm_evidence ev;

    if (!evidence_wanted(c, p, rank, d->id ? d->id : doc->id, d->seg->sentences[s1].start)) {
        return CM_OK;
    }
    if (!d->id && cm_counts_intern_doc(c, doc->id, doc->len, &d->id, err) != CM_OK) {
        return CM_ENOMEM;
    }
    ev.rank = rank;
    ev.doc = d->id;
    ev.start = d->seg->sentences[s1].start;
    ev.end = d->seg->sentences[s2].end;
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

/* Count one co-occurrence of pair p: units, documents, evidence. */
static cm_status count_occ(cm_counts *c, size_t p, const hit *x, const hit *y, doc_ctx *d,
                           cm_error *err)
{
    cm_pair_count *pc = &c->pairs[p];
    pair_state *st = &c->pair_state[p];
    size_t k = c->opts.evidence;
    cm_status rc;

    pc->units++;
    if (st->last_doc != d->serial + 1) {
        st->last_doc = d->serial + 1;
        st->rank = 0;
        pc->documents++;
    }
    if (st->settled && !c->ids_unordered) {
        st->rank++;
        return CM_OK;
    }
    rc = add_evidence(c, pc, st->rank++, d, x, y, err);
    st->settled = rc == CM_OK && k > 0 && pc->n_evidence == k && pc->evidence[k - 1].rank == 0;
    return rc;
}

/* Count a block of co-occurrences: find the pairs (starting the loads of their records),
 * then count them, in order. */
static cm_status count_block(cm_counts *c, const hit *h, occ *o, size_t n_occ, doc_ctx *d,
                             cm_error *err)
{
    cm_status rc = CM_OK;

    for (size_t k = 0; k < n_occ && rc == CM_OK; k++) {
        rc = cm_counts_intern_pair(c, h[o[k].x].ent, h[o[k].y].ent, &o[k].pair, err);
        if (rc == CM_OK) {
            __builtin_prefetch(&c->pairs[o[k].pair]);
            __builtin_prefetch(&c->pair_state[o[k].pair]);
        }
    }
    for (size_t k = 0; k < n_occ && rc == CM_OK; k++) {
        rc = count_occ(c, o[k].pair, &h[o[k].x], &h[o[k].y], d, err);
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
static cm_status count_doc(cm_counts *c, const hit *h, size_t n, doc_ctx *d, cm_error *err)
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
                cm_map64_prefetch(&c->pair_map, pair_key(h[i].ent, h[j].ent));
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

/* Mentions in sentences that make no unit (--units body) count as mentions only. */
static cm_status collect_hits(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex,
                              const unit_view *v, size_t serial, size_t *n_out, cm_error *err)
{
    const cm_segments *seg = m->seg;
    hit *h = c->hits;
    size_t n = 0;
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
        for (size_t u = lo; u <= hi && rc == CM_OK; u++) {
            rc = cm_grow(&c->hits, &c->cap_hits, n + 1, sizeof(*h), err);
            h = c->hits;
            if (rc == CM_OK) {
                h[n++] = (hit){u, ent, mn->start, mn->sentence};
            }
        }
    }
    *n_out = n;
    return rc;
}

/* Order hits by (unit, entity, start). Mentions come in text order, so with units of one
 * or more whole sentences the units already ascend and only the few hits of each unit
 * move: insertion sort is then linear. Sliding windows are not in order: sort them. */
static void sort_hits(hit *h, size_t n)
{
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
    }
}

cm_status cm_counts_add_doc(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex,
                            cm_error *err)
{
    const cm_segments *seg = m->seg;
    doc_ctx d = {seg, (size_t)c->n_docs, NULL};
    unit_view v;
    size_t n = 0, w = 0;
    hit *h;
    cm_status rc;

    if (!c->ids_unordered) {
        char *id =
            c->newest && strcmp(seg->doc->id, c->newest) <= 0 ? NULL : cm_strdup(seg->doc->id);
        if (id) {
            cm_free(c->newest);
            c->newest = id;
        } else {
            c->ids_unordered = 1; /* out of order (or out of memory): compare ids */
        }
    }
    c->n_docs++;
    c->n_bytes += seg->doc->len;
    c->n_sentences += seg->n_sentences;
    rc = view_units(c, seg, &v, err);
    if (rc != CM_OK) {
        return rc;
    }
    c->n_units += doc_units(&c->opts, &v);
    rc = collect_hits(c, m, lex, &v, d.serial, &n, err);
    h = c->hits;
    if (rc == CM_OK && n > 1) {
        sort_hits(h, n);
    }
    /* Keep each entity's first mention per unit: a pair counts once per unit. */
    for (size_t i = 0; rc == CM_OK && i < n; i++) {
        if (w == 0 || h[w - 1].unit != h[i].unit || h[w - 1].ent != h[i].ent) {
            h[w++] = h[i];
        }
    }
    return rc == CM_OK ? count_doc(c, h, w, &d, err) : rc;
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
            rc = cm_error_set(err, CM_EINPUT, id, 0, "evidence span %zu-%zu outside the text",
                              ev->start, ev->end);
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
        c->pairs[i].a = a < b ? a : b;
        c->pairs[i].b = a < b ? b : a;
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
    cm_map64_destroy(&c->pair_map);
    c->pairs_sorted = rc == CM_OK;
    for (size_t i = 0; i < c->n_ents && rc == CM_OK; i++) {
        rc = cm_strmap_put(&c->ent_map, c->ents[i].id, i, err);
        c->ent_last_doc[i] = 0;
    }
    if (c->n_pairs > 0) {
        memset(c->pair_state, 0, c->n_pairs * sizeof(*c->pair_state));
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

/* src's pairs go in blocks of MERGE_BLOCK, each in two passes: find every pair's place in
 * dst (starting the loads of the next ones' map slots, then of their records), then add;
 * so the cache misses overlap instead of coming one after another. */
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
            cm_map64_prefetch(&dst->pair_map, pair_key(map[src->pairs[i].a], map[src->pairs[i].b]));
        }
        for (size_t i = b; i < e && rc == CM_OK; i++) {
            rc = cm_counts_intern_pair(dst, map[src->pairs[i].a], map[src->pairs[i].b], &at[i - b],
                                       err);
            if (rc == CM_OK) {
                __builtin_prefetch(&dst->pairs[at[i - b]]);
                __builtin_prefetch(src->pairs[i].evidence);
            }
        }
        for (size_t i = b; i < e && rc == CM_OK; i++) {
            const cm_pair_count *sp = &src->pairs[i];
            cm_pair_count *dp = &dst->pairs[at[i - b]];
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
