/* comention: the count stage (DESIGN.md §5). Per entity: mentions, units naming it (c_a),
 * documents; per pair: units naming both (c_ab), documents, and the K best evidence
 * snippets by the key (rank of the occurrence within its document, doc id, start byte),
 * which is what keeps the counts mergeable in any order. N counts every unit, empty or
 * not, so shards add up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "count/count_int.h"

#define SNIPPET_MAX 300

void cm_count_opts_init(cm_count_opts *o)
{
    o->unit = CM_UNIT_SENTENCE;
    o->window = 1;
    o->evidence = 3;
    o->types = (1u << CM_N_TYPES) - 1;
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
    return CM_OK;
}

static void free_evidence(cm_pair_count *p)
{
    for (size_t i = 0; i < p->n_evidence; i++) {
        cm_free(p->evidence[i].doc);
        cm_free(p->evidence[i].snippet);
    }
    cm_free(p->evidence);
}

void cm_counts_free(cm_counts *c)
{
    if (!c) {
        return;
    }
    for (size_t i = 0; i < c->n_ents; i++) {
        cm_free(c->ents[i].id);
        cm_free(c->ents[i].label);
        cm_free(c->ents[i].subtype);
    }
    for (size_t i = 0; i < c->n_pairs; i++) {
        free_evidence(&c->pairs[i]);
    }
    for (size_t i = 0; i < c->n_skipped; i++) {
        cm_free(c->skipped[i].id);
        cm_free(c->skipped[i].reason);
    }
    cm_free(c->skipped);
    cm_free(c->ents);
    cm_free(c->ent_last_doc);
    cm_free(c->pairs);
    cm_free(c->pair_last_doc);
    cm_free(c->pair_rank);
    cm_strmap_destroy(&c->ent_map);
    cm_map64_destroy(&c->pair_map);
    cm_free(c);
}

cm_status cm_counts_intern(cm_counts *c, const char *id, const char *label, const char *subtype,
                           cm_type type, int discovered, size_t *out, cm_error *err)
{
    size_t cap = c->cap_ents;
    cm_entity_count *ec;
    cm_status rc;

    *out = cm_strmap_get(&c->ent_map, id);
    if (*out != SIZE_MAX) {
        return CM_OK;
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

cm_status cm_counts_intern_pair(cm_counts *c, size_t a, size_t b, size_t *out, cm_error *err)
{
    uint64_t key;
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
    }
    key = ((uint64_t)a << 32) | b;
    size_t cap1 = c->cap_pairs, cap2 = c->cap_pairs;
    cm_status rc;

    *out = cm_map64_get(&c->pair_map, key);
    if (*out != SIZE_MAX) {
        return CM_OK;
    }
    rc = cm_grow(&c->pairs, &c->cap_pairs, c->n_pairs + 1, sizeof(*c->pairs), err);
    if (rc == CM_OK) {
        rc = cm_grow(&c->pair_last_doc, &cap1, c->n_pairs + 1, sizeof(*c->pair_last_doc), err);
    }
    if (rc == CM_OK) {
        rc = cm_grow(&c->pair_rank, &cap2, c->n_pairs + 1, sizeof(*c->pair_rank), err);
    }
    if (rc != CM_OK) {
        return rc;
    }
    memset(&c->pairs[c->n_pairs], 0, sizeof(cm_pair_count));
    c->pairs[c->n_pairs].a = a;
    c->pairs[c->n_pairs].b = b;
    c->pair_last_doc[c->n_pairs] = 0;
    c->pair_rank[c->n_pairs] = 0;
    *out = c->n_pairs++;
    return cm_map64_put(&c->pair_map, key, *out, err);
}

/* One entity's first mention within one unit. */
typedef struct hit {
    size_t unit, ent, start, sentence;
} hit;

static int hit_cmp(const void *x, const void *y)
{
    const hit *a = x, *b = y;
    if (a->unit != b->unit) {
        return a->unit < b->unit ? -1 : 1;
    }
    if (a->ent != b->ent) {
        return a->ent < b->ent ? -1 : 1;
    }
    return a->start < b->start ? -1 : a->start > b->start;
}

/* Units of a document and the range of units a sentence belongs to. */
static size_t doc_units(const cm_count_opts *o, const cm_segments *seg)
{
    switch (o->unit) {
    case CM_UNIT_SENTENCE:
        return seg->n_sentences;
    case CM_UNIT_PARAGRAPH:
        return seg->n_paragraphs;
    case CM_UNIT_DOCUMENT:
        return 1;
    case CM_UNIT_WINDOW:
        if (seg->n_sentences == 0) {
            return 0;
        }
        return seg->n_sentences < o->window ? 1 : seg->n_sentences - o->window + 1;
    }
    return 0;
}

static void unit_range(const cm_count_opts *o, const cm_segments *seg, size_t s, size_t *lo,
                       size_t *hi)
{
    size_t nw;
    switch (o->unit) {
    case CM_UNIT_SENTENCE:
        *lo = *hi = s;
        return;
    case CM_UNIT_PARAGRAPH:
        *lo = *hi = seg->sentences[s].paragraph;
        return;
    case CM_UNIT_DOCUMENT:
        *lo = *hi = 0;
        return;
    case CM_UNIT_WINDOW:
        nw = doc_units(o, seg);
        *lo = s + 1 >= o->window ? s + 1 - o->window : 0;
        *hi = s < nw - 1 ? s : nw - 1;
        return;
    }
}

/* Evidence text: the sentence of the first mention through the sentence of the second,
 * whitespace runs as one space, cut at SNIPPET_MAX bytes on a character boundary. */
static char *make_snippet(const cm_segments *seg, size_t s1, size_t s2, size_t *start, size_t *end)
{
    const cm_sentence *a = &seg->sentences[s1 < s2 ? s1 : s2];
    const cm_sentence *b = &seg->sentences[s1 < s2 ? s2 : s1];
    const unsigned char *t = (const unsigned char *)seg->doc->text;
    int space = 0;
    cm_buf buf;

    *start = a->start;
    *end = b->end;
    cm_buf_init(&buf);
    for (size_t i = a->start; i < b->end;) {
        uint32_t cp;
        char enc[4];
        size_t n;
        i += cm_utf8_decode(&cp, t + i, b->end - i);
        if (cm_is_space(cp)) {
            space = buf.len > 0;
            continue;
        }
        n = cm_utf8_encode(enc, cp); /* bad bytes were decoded as U+FFFD */
        /* Room for a space, this character and, if more follows, the ellipsis. */
        if (buf.len + (size_t)space + n + (i < b->end ? 3 : 0) > SNIPPET_MAX) {
            cm_buf_puts(&buf, "\xE2\x80\xA6");
            break;
        }
        if (space) {
            cm_buf_putc(&buf, ' ');
            space = 0;
        }
        cm_buf_put(&buf, enc, n);
    }
    if (buf.failed) {
        cm_buf_destroy(&buf);
        return NULL;
    }
    return buf.data ? buf.data : cm_strdup("");
}

static int key_less(uint64_t rank, const char *doc, size_t start, const cm_evidence *e)
{
    if (rank != e->rank) {
        return rank < e->rank;
    }
    int c = strcmp(doc, e->doc);
    return c != 0 ? c < 0 : start < e->start;
}

/* Would evidence with this key be among the pair's K kept? */
static int evidence_wanted(const cm_counts *c, const cm_pair_count *p, uint64_t rank,
                           const char *doc, size_t start)
{
    size_t k = c->opts.evidence;
    return k > 0 && (p->n_evidence < k || key_less(rank, doc, start, &p->evidence[k - 1]));
}

/* Keep the K smallest keys: insert `ev` (taking its strings) in key order. */
cm_status cm_counts_insert_evidence(const cm_counts *c, cm_pair_count *p, cm_evidence ev,
                                    cm_error *err)
{
    size_t k = c->opts.evidence, at, cap = p->n_evidence;
    int dup = 0;

    /* With --window N one co-occurrence lies in up to N windows: keep it once. */
    for (size_t i = 0; i < p->n_evidence; i++) {
        dup |= p->evidence[i].start == ev.start && p->evidence[i].end == ev.end &&
               strcmp(p->evidence[i].doc, ev.doc) == 0;
    }
    if (dup || !evidence_wanted(c, p, ev.rank, ev.doc, ev.start)) {
        cm_free(ev.doc);
        cm_free(ev.snippet);
        return CM_OK;
    }
    /* The array grows as evidence comes (a huge --evidence costs nothing up front). */
    if (p->n_evidence == k) {
        cm_free(p->evidence[k - 1].doc);
        cm_free(p->evidence[k - 1].snippet);
        p->n_evidence--;
    } else if (cm_grow(&p->evidence, &cap, p->n_evidence + 1, sizeof(*p->evidence), err) != CM_OK) {
        cm_free(ev.doc);
        cm_free(ev.snippet);
        return CM_ENOMEM;
    }
    at = p->n_evidence;
    while (at > 0 && key_less(ev.rank, ev.doc, ev.start, &p->evidence[at - 1])) {
        p->evidence[at] = p->evidence[at - 1];
        at--;
    }
    p->evidence[at] = ev;
    p->n_evidence++;
    return CM_OK;
}

static cm_status add_evidence(cm_counts *c, cm_pair_count *p, uint64_t rank, const cm_segments *seg,
                              const hit *x, const hit *y, cm_error *err)
{
    const hit *h1 = x->start < y->start ? x : y, *h2 = h1 == x ? y : x;
    size_t s1 = h1->sentence < h2->sentence ? h1->sentence : h2->sentence;
    cm_evidence ev;

    if (!evidence_wanted(c, p, rank, seg->doc->id, seg->sentences[s1].start)) {
        return CM_OK;
    }
    ev.rank = rank;
    ev.doc = cm_strdup(seg->doc->id);
    ev.snippet = make_snippet(seg, h1->sentence, h2->sentence, &ev.start, &ev.end);
    if (!ev.doc || !ev.snippet) {
        cm_free(ev.doc);
        cm_free(ev.snippet);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return cm_counts_insert_evidence(c, p, ev, err);
}

static cm_status count_unit(cm_counts *c, const hit *h, size_t n, const cm_segments *seg,
                            size_t serial, cm_error *err)
{
    cm_status rc = CM_OK;

    for (size_t i = 0; i < n; i++) {
        c->ents[h[i].ent].units++;
    }
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        for (size_t j = i + 1; j < n && rc == CM_OK; j++) {
            size_t p;
            rc = cm_counts_intern_pair(c, h[i].ent, h[j].ent, &p, err);
            if (rc != CM_OK) {
                break;
            }
            cm_pair_count *pc = &c->pairs[p];
            pc->units++;
            if (c->pair_last_doc[p] != serial + 1) {
                c->pair_last_doc[p] = serial + 1;
                c->pair_rank[p] = 0;
                pc->documents++;
            }
            rc = add_evidence(c, pc, c->pair_rank[p]++, seg, &h[i], &h[j], err);
        }
    }
    return rc;
}

static cm_status collect_hits(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex,
                              size_t serial, hit **out, size_t *n_out, cm_error *err)
{
    const cm_segments *seg = m->seg;
    hit *h = NULL;
    size_t n = 0, cap = 0;
    cm_status rc = CM_OK;

    for (size_t i = 0; i < m->n && rc == CM_OK; i++) {
        const cm_mention *mn = &m->items[i];
        const cm_entity *e = cm_lexicon_entity(lex, mn->entity);
        size_t ent, lo = 0, hi = 0;

        if (!(c->opts.types & (1u << e->type))) {
            continue;
        }
        rc = cm_counts_intern(c, e->id, e->name, e->subtype, e->type, 0, &ent, err);
        if (rc != CM_OK) {
            break;
        }
        c->ents[ent].mentions++;
        c->n_mentions++;
        if (c->ent_last_doc[ent] != serial + 1) {
            c->ent_last_doc[ent] = serial + 1;
            c->ents[ent].documents++;
        }
        unit_range(&c->opts, seg, mn->sentence, &lo, &hi);
        for (size_t u = lo; u <= hi && rc == CM_OK; u++) {
            rc = cm_grow(&h, &cap, n + 1, sizeof(*h), err);
            if (rc == CM_OK) {
                h[n++] = (hit){u, ent, mn->start, mn->sentence};
            }
        }
    }
    *out = h;
    *n_out = n;
    return rc;
}

cm_status cm_counts_add(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex, cm_error *err)
{
    const cm_segments *seg = m->seg;
    size_t serial = (size_t)c->n_docs, n = 0, w = 0;
    hit *h = NULL;
    cm_status rc;

    c->n_docs++;
    c->n_bytes += seg->doc->len;
    c->n_sentences += seg->n_sentences;
    c->n_units += doc_units(&c->opts, seg);
    rc = collect_hits(c, m, lex, serial, &h, &n, err);
    if (rc == CM_OK && n > 1) {
        qsort(h, n, sizeof(*h), hit_cmp);
    }
    /* Keep each entity's first mention per unit: a pair counts once per unit. */
    for (size_t i = 0; rc == CM_OK && i < n; i++) {
        if (w == 0 || h[w - 1].unit != h[i].unit || h[w - 1].ent != h[i].ent) {
            h[w++] = h[i];
        }
    }
    for (size_t i = 0; rc == CM_OK && i < w;) {
        size_t j = i;
        while (j < w && h[j].unit == h[i].unit) {
            j++;
        }
        rc = count_unit(c, h + i, j - i, seg, serial, err);
        i = j;
    }
    cm_free(h);
    return rc;
}

static int ent_order(const void *x, const void *y, void *ctx)
{
    const cm_counts *c = ctx;
    return strcmp(c->ents[*(const size_t *)x].id, c->ents[*(const size_t *)y].id);
}

static int pair_order(const void *x, const void *y)
{
    const cm_pair_count *a = x, *b = y;
    if (a->a != b->a) {
        return a->a < b->a ? -1 : 1;
    }
    return a->b < b->b ? -1 : a->b > b->b;
}

static int skipped_order(const void *x, const void *y)
{
    const cm_skipped *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    return c ? c : strcmp(a->reason, b->reason);
}

cm_status cm_counts_finish(cm_counts *c, cm_error *err)
{
    size_t *order = cm_malloc(c->n_ents * sizeof(*order));
    size_t *rank = cm_malloc(c->n_ents * sizeof(*rank));
    cm_entity_count *sorted = cm_malloc(c->n_ents * sizeof(*sorted));
    cm_status rc = CM_OK;

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
    if (c->n_pairs > 1) {
        qsort(c->pairs, c->n_pairs, sizeof(*c->pairs), pair_order);
    }
    if (c->n_skipped > 1) {
        qsort(c->skipped, c->n_skipped, sizeof(*c->skipped), skipped_order);
    }
    /* The lookup maps now point at old positions: rebuild them. */
    cm_strmap_destroy(&c->ent_map);
    cm_map64_destroy(&c->pair_map);
    for (size_t i = 0; i < c->n_ents && rc == CM_OK; i++) {
        rc = cm_strmap_put(&c->ent_map, c->ents[i].id, i, err);
        c->ent_last_doc[i] = 0;
    }
    for (size_t i = 0; i < c->n_pairs && rc == CM_OK; i++) {
        rc = cm_map64_put(&c->pair_map, ((uint64_t)c->pairs[i].a << 32) | c->pairs[i].b, i, err);
        c->pair_last_doc[i] = 0;
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
           a->evidence == b->evidence && a->types == b->types;
}

static cm_status copy_evidence(cm_evidence *out, const cm_evidence *in, cm_error *err)
{
    *out = *in;
    out->doc = cm_strdup(in->doc);
    out->snippet = cm_strdup(in->snippet);
    if (!out->doc || !out->snippet) {
        cm_free(out->doc);
        cm_free(out->snippet);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return CM_OK;
}

static cm_status merge_pairs(cm_counts *dst, const cm_counts *src, const size_t *map, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t i = 0; i < src->n_pairs && rc == CM_OK; i++) {
        const cm_pair_count *sp = &src->pairs[i];
        size_t p;
        rc = cm_counts_intern_pair(dst, map[sp->a], map[sp->b], &p, err);
        if (rc != CM_OK) {
            break;
        }
        dst->pairs[p].units += sp->units;
        dst->pairs[p].documents += sp->documents;
        for (size_t k = 0; k < sp->n_evidence && rc == CM_OK; k++) {
            cm_evidence ev;
            rc = copy_evidence(&ev, &sp->evidence[k], err);
            if (rc == CM_OK) {
                rc = cm_counts_insert_evidence(dst, &dst->pairs[p], ev, err);
            }
        }
    }
    return rc;
}

cm_status cm_counts_merge(cm_counts *dst, const cm_counts *src, cm_error *err)
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
        if (rc == CM_OK) {
            dst->ents[map[i]].mentions += e->mentions;
            dst->ents[map[i]].units += e->units;
            dst->ents[map[i]].documents += e->documents;
        }
    }
    if (rc == CM_OK) {
        rc = merge_pairs(dst, src, map, err);
    }
    for (size_t i = 0; i < src->n_skipped && rc == CM_OK; i++) {
        rc = cm_counts_add_skipped(dst, src->skipped[i].id, src->skipped[i].reason, err);
    }
    dst->n_units += src->n_units;
    dst->n_docs += src->n_docs;
    dst->n_bytes += src->n_bytes;
    dst->n_sentences += src->n_sentences;
    dst->n_mentions += src->n_mentions;
    cm_free(map);
    return rc;
}
