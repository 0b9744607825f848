/* comention: the extract stage, cm_segments in, cm_mentions out; no file I/O, no
 * counting. Leftmost-longest matching within each sentence: at every word start, the
 * longest alias wins and matching resumes after it, so a longer name hides the names
 * inside it ("Russian Federal Security Service" is the FSB, not Russia). Shared aliases
 * are resolved once the whole document has been read: "Singh" is Rajnath Singh in a text
 * that names Rajnath Singh, and nobody in a text that names no Singh or two of them. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "comention/extract.h"
#include "extract/extract_int.h"
#include "extract/context.h"
#include "util/util.h"

/* How far ahead of a word start its sentence's chars are prefetched: a few words, so that
 * they are in L1 when the matcher reaches them (64 measured faster than 16 and 32). */
#define PREFETCH_CHARS 64

/* A shared-alias match waiting for the document's other mentions. */
typedef struct pending {
    cm_mention m;
    uint64_t key;      /* hash of the folded surname, shared by its other occurrences */
    int contested;     /* preceded by a given name or initial: somebody else of that name */
    int by_country;    /* a full name several entities share: the country in context decides */
    int needs_country; /* a bare national body: a mention where its country is named */
    size_t n_candidates;
    size_t candidates[CM_MAX_CANDIDATES];
} pending;

typedef struct work {
    cm_mentions *found;
    size_t cap_items, cap_rejected;
    pending *pend;
    size_t n_pend, cap_pend;
    cm_map64 surnames; /* aliases this document uses as a person's surname: alias → 1 + the
                          person's entity, or 0 for somebody the lexicon lacks (ctx_judge) */
    int rejections;    /* list refused candidates */
    cm_error *err;
} work;

const char *cm_reject_reason_name(cm_reject_reason r)
{
    static const char *const names[] = {"case",     "stop", "unresolved",
                                        "currency", "name", "context"};
    return names[r];
}

const char *cm_rule_name(cm_rule r)
{
    static const char *const names[CM_N_RULES] = {"alias",   "title",       "apposition", "byline",
                                                  "acronym", "org-head",    "weapon",     "repeat",
                                                  "surname", "acronym-use", "role"};
    return names[r];
}

static const char *const discover_names[] = {"all", "persons", "none"};

const char *cm_discover_name(cm_discover d)
{
    return discover_names[d];
}

int cm_discover_parse(cm_discover *out, const char *name)
{
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, discover_names[i]) == 0) {
            *out = (cm_discover)i;
            return 0;
        }
    }
    return -1;
}

const cm_entity *cm_mention_entity(const cm_mentions *m, const cm_mention *mn,
                                   const cm_lexicon *lex)
{
    return mn->discovered ? &m->discovered[mn->entity].e : cm_lexicon_entity(lex, mn->entity);
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
    if (!w->rejections) {
        return CM_OK;
    }
    cm_mentions *f = w->found;
    cm_status rc =
        cm_grow(&f->rejected, &w->cap_rejected, f->n_rejected + 1, sizeof(cm_rejection), w->err);
    if (rc == CM_OK) {
        f->rejected[f->n_rejected++] = (cm_rejection){alias, start, end, why};
    }
    return rc;
}

static uint64_t folded_key(const cm_nchar *c, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ c[i].fold) * 0x100000001b3ull;
    }
    return h;
}

/* Capitalised words that come before a surname without being a given name. */
static const char *const not_given_names[] = {
    "A",          "Admiral", "Adm",       "Air",          "Ambassador",  "An",
    "And",        "Army",    "As",        "At",           "But",         "Brig",
    "Brigadier",  "Capt",    "Captain",   "Chair",        "Chairman",    "Chairwoman",
    "Chancellor", "Chief",   "Col",       "Colonel",      "Commander",   "Crown",
    "Defence",    "Defense", "Deputy",    "Director",     "Dr",          "Emir",
    "Envoy",      "Father",  "Field",     "For",          "Foreign",     "Gen",
    "General",    "Gov",     "Governor",  "If",           "In",          "Judge",
    "Justice",    "King",    "Leader",    "Lieutenant",   "Lord",        "Lt",
    "Maj",        "Major",   "Marshal",   "Mayor",        "Minister",    "Mr",
    "Mrs",        "Ms",      "Navy",      "On",           "Pope",        "Premier",
    "President",  "Prime",   "Prince",    "Prof",         "Queen",       "Rep",
    "Secretary",  "Sen",     "Senator",   "Sergeant",     "Sgt",         "Sheikh",
    "Sir",        "Speaker", "Spokesman", "Spokesperson", "Spokeswoman", "That",
    "The",        "This",    "Vice",      "When",         NULL};

/* The word before c[pos] is a given name or an initial ("Harpreet Singh", "A P Singh"),
 * and no lexicon match: so this surname belongs to somebody the lexicon does not know. */
static int after_given_name(const cm_nchar *c, size_t pos, size_t matched_until)
{
    size_t e = pos, s;
    char word[24];

    if (e < 2 || c[e - 1].cp != ' ') {
        return 0;
    }
    e--;
    if (c[e - 1].cp == '.') {
        e--; /* an initial "P." */
    }
    s = e;
    while (s > 0 && cm_is_word_char(c[s - 1].cp)) {
        s--;
    }
    if (s == e || s < matched_until || e - s >= sizeof(word)) {
        return 0;
    }
    if (s == 0 && e - s > 1) {
        return 0; /* "Later Singh said": a capital at the sentence start says nothing */
    }
    uint32_t first = c[s].cp;
    if (!(first >= 'A' && first <= 'Z') && first < 0x80) {
        return 0;
    }
    for (size_t i = s; i < e; i++) {
        word[i - s] = c[i].cp < 0x80 ? (char)c[i].cp : '_';
    }
    word[e - s] = '\0';
    for (size_t i = 0; not_given_names[i]; i++) {
        if (strcmp(word, not_given_names[i]) == 0) {
            return 0;
        }
    }
    return 1;
}

static cm_status add_pending(work *w, cm_mention m, const cm_match *mt, uint64_t key, int contested)
{
    cm_status rc = cm_grow(&w->pend, &w->cap_pend, w->n_pend + 1, sizeof(*w->pend), w->err);
    if (rc == CM_OK) {
        pending *p = &w->pend[w->n_pend++];
        memset(p, 0, sizeof(*p));
        p->m = m;
        p->key = key;
        p->contested = contested;
        p->n_candidates = mt->n_candidates;
        memcpy(p->candidates, mt->candidates, mt->n_candidates * sizeof(*p->candidates));
        if (mt->n_candidates == 0) {
            p->needs_country = 1; /* the one candidate is the match's entity */
            p->n_candidates = 1;
            p->candidates[0] = m.entity;
        }
    }
    return rc;
}

/* Short words that an exact acronym ("IS") cannot be told from in an ALL-CAPS line. */
static const char *const caps_words[] = {
    "all", "an",  "and", "are", "as",  "at",  "be",  "but", "by", "can", "do",  "for",
    "go",  "had", "has", "he",  "her", "him", "his", "how", "if", "in",  "is",  "it",
    "its", "may", "me",  "my",  "new", "no",  "not", "now", "of", "off", "on",  "one",
    "or",  "our", "out", "so",  "the", "to",  "up",  "was", "we", "who", "why", NULL};

static int caps_word(const cm_lexicon *lex, size_t alias)
{
    cm_alias_info a;
    char low[8];
    size_t n;

    cm_lexicon_alias(&a, lex, alias);
    n = strlen(a.text);
    if (a.rule != CM_CASE_EXACT || n >= sizeof(low)) {
        return 0;
    }
    for (size_t i = 0; i <= n; i++) {
        low[i] = (char)(a.text[i] >= 'A' && a.text[i] <= 'Z' ? a.text[i] + 32 : a.text[i]);
    }
    for (size_t i = 0; caps_words[i]; i++) {
        if (strcmp(low, caps_words[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int all_caps(const cm_nchar *c, size_t n)
{
    size_t upper = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = c[i].cp;
        if (cp < 0x80) { /* most text: no table lookup */
            if (cp >= 'a' && cp <= 'z') {
                return 0;
            }
            upper += cp >= 'A' && cp <= 'Z';
            continue;
        }
        utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
        if (cat == UTF8PROC_CATEGORY_LL) {
            return 0;
        }
        upper += cat == UTF8PROC_CATEGORY_LU;
    }
    return upper >= 4;
}

/* The first char first: strcmp() is a call where LTO does not expand it, and most
 * actors' subtypes start otherwise. */
static int is_person(const cm_entity *e)
{
    return e->type == CM_TYPE_ACTOR && e->subtype[0] == 'p' && strcmp(e->subtype, "person") == 0;
}

static int is_person_entity(const cm_lexicon *lex, size_t e)
{
    return is_person(cm_lexicon_entity(lex, e));
}

/* A person named in full whose surname is another entity's one-word name ("Selcuk
 * Bayraktar", and "Bayraktar" the drone): that name alone is the person in this document. */
static cm_status note_surname(work *w, const cm_lexicon *lex, const ctx_match *cx)
{
    const cm_nchar *c = cx->c;
    size_t end = cx->pos + cx->mt->len, last = end;
    const cm_entity *e;
    cm_match sm;

    if (cx->mt->type != CM_TYPE_ACTOR) {
        return CM_OK;
    }
    while (last > cx->pos && c[last - 1].cp != ' ') {
        last--;
    }
    e = cm_lexicon_entity(lex, (size_t)cx->mt->entity);
    if (last == cx->pos || !is_person(e)) {
        return CM_OK;
    }
    cm_lexicon_match(&sm, lex, c, end, last);
    if (sm.len != end - last || sm.entity < 0 || sm.n_candidates > 0 ||
        is_person_entity(lex, (size_t)sm.entity)) {
        return CM_OK;
    }
    return cm_map64_put(&w->surnames, sm.alias, (size_t)cx->mt->entity + 1, w->err);
}

/* A shared alias from a file (not a derived surname) stands for several entities: a
 * full name two people have. The country in context may tell them apart. */
static int full_name_shared(const cm_lexicon *lex, const cm_match *mt)
{
    cm_alias_info a;
    cm_lexicon_alias(&a, lex, mt->alias);
    return mt->n_candidates > 1 && !a.derived;
}

static cm_status take(work *w, const cm_lexicon *lex, ctx_match *cx, size_t s, int caps)
{
    const cm_nchar *c = cx->c;
    const cm_match *mt = cx->mt;
    size_t pos = cx->pos;
    cm_mention m = {(size_t)mt->entity, mt->alias, c[pos].start, c[pos + mt->len - 1].end, s, 0,
                    CM_RULE_ALIAS};
    cm_reject_reason why = CM_REJECT_CONTEXT;
    ctx_verdict v;
    cm_status rc;

    if (mt->entity < 0) {
        return add_rejection(w, mt->alias, m.start, m.end, CM_REJECT_STOP);
    }
    if (caps && caps_word(lex, mt->alias)) {
        return add_rejection(w, mt->alias, m.start, m.end, CM_REJECT_CASE);
    }
    v = ctx_judge(&why, lex, cx);
    if (v == CTX_SURNAME) {
        rc = cm_map64_get(&w->surnames, mt->alias) == SIZE_MAX
                 ? cm_map64_put(&w->surnames, mt->alias, 0, w->err)
                 : CM_OK;
        return rc == CM_OK ? add_rejection(w, mt->alias, m.start, m.end, why) : rc;
    }
    if (v == CTX_REFUSE) {
        return add_rejection(w, mt->alias, m.start, m.end, why);
    }
    if (mt->n_candidates > 0 || v == CTX_NEEDS_COUNTRY) {
        rc = add_pending(w, m, mt, folded_key(c + pos, mt->len),
                         after_given_name(c, pos, cx->matched_until));
        if (rc == CM_OK) {
            w->pend[w->n_pend - 1].by_country = full_name_shared(lex, mt);
        }
        return rc;
    }
    rc = add_mention(w, m);
    return rc == CM_OK ? note_surname(w, lex, cx) : rc;
}

/* The actor whose alias is exactly "<country alias> <head>", or -1. */
static long org_for(const cm_lexicon *lex, size_t alias, const cm_nchar *head, size_t len)
{
    cm_alias_info a;
    cm_nchar *pre = NULL, buf[160];
    size_t np = 0;
    cm_match mt;

    cm_lexicon_alias(&a, lex, alias);
    if ((a.kind != CM_ALIAS_DEMONYM && a.kind != CM_ALIAS_NAME) || a.derived ||
        cm_normalize(&pre, &np, a.text, strlen(a.text), NULL) != CM_OK) {
        return -1;
    }
    if (np + 1 + len > sizeof(buf) / sizeof(*buf)) {
        cm_nchars_free(pre);
        return -1;
    }
    memcpy(buf, pre, np * sizeof(*buf));
    buf[np] = (cm_nchar){' ', 0, ' ', 0, 0};
    memcpy(buf + np + 1, head, len * sizeof(*buf));
    cm_nchars_free(pre);
    cm_lexicon_match(&mt, lex, buf, np + 1 + len, 0);
    if (mt.len != np + 1 + len || mt.entity < 0 || mt.n_candidates > 0 ||
        cm_lexicon_entity(lex, (size_t)mt.entity)->type != CM_TYPE_ACTOR) {
        return -1;
    }
    return mt.entity;
}

/* Guideline rule 9: "Russia's Defense Ministry" is Russia and the Russian Defense
 * Ministry. After a country and 's, the capitalised words that follow are tried with each
 * of the country's names and demonyms in front ("Russian Defense Ministry"); the longest
 * that is an actor's alias becomes a mention spanning the words. `*used` is how many
 * chars after `at` the mention covers (0 when none). */
static cm_status possessive_org(work *w, const cm_lexicon *lex, size_t country, const cm_nchar *c,
                                size_t n, size_t at, size_t s, size_t *used)
{
    size_t ends[5];
    size_t n_words = 0, h = at + 3;
    const size_t *als;
    size_t n_als;

    *used = 0;
    if (at + 4 > n || c[at].cp != '\'' || c[at + 1].fold != 's' || c[at + 2].cp != ' ' ||
        !(c[h].cp >= 'A' && c[h].cp <= 'Z')) {
        return CM_OK;
    }
    for (size_t i = h; i < n && n_words < 5;) {
        int of =
            n_words > 0 && i + 2 < n && c[i].cp == 'o' && c[i + 1].cp == 'f' && c[i + 2].cp == ' ';
        if (!(c[i].cp >= 'A' && c[i].cp <= 'Z') && !of) {
            break; /* capitalised words, and "of" inside ("Ministry of Defence") */
        }
        while (i < n && (cm_is_word_char(c[i].cp) || c[i].cp == '-')) {
            i++;
        }
        ends[n_words++] = i;
        if (i >= n || c[i].cp != ' ') {
            break;
        }
        i++;
    }
    n_als = cm_lexicon_entity_aliases(lex, country, &als);
    for (size_t k = n_words; k > 0; k--) {
        for (size_t a = 0; a < n_als; a++) {
            long e = org_for(lex, als[a], c + h, ends[k - 1] - h);
            if (e >= 0) {
                *used = ends[k - 1] - at;
                return add_mention(w, (cm_mention){(size_t)e, als[a], c[h].start,
                                                   c[ends[k - 1] - 1].end, s, 0, CM_RULE_ALIAS});
            }
        }
    }
    return CM_OK;
}

/* The word starts of one sentence, 64 chars at a time: a word char after a char that is
 * not one (or at the sentence's start), from the document's word-char bits (cm_segments
 * .words). Those of bitmap word w not yet handed out are in `left`. */
typedef struct word_starts {
    const uint64_t *words;
    size_t base, end; /* the sentence's chars [base, end) of the document */
    size_t w;
    uint64_t left;
} word_starts;

static inline uint64_t starts_in(const uint64_t *words, size_t w)
{
    return words[w] & ~((words[w] << 1) | (w > 0 ? words[w - 1] >> 63 : 0));
}

static void starts_init(word_starts *it, const uint64_t *words, size_t base, size_t n)
{
    it->words = words;
    it->base = base;
    it->end = base + n;
    it->w = base / 64;
    it->left = 0;
    if (n > 0) {
        /* whatever came before the sentence */
        it->left = (starts_in(words, it->w) | (words[it->w] & (1ull << (base % 64)))) &
                   (~0ull << (base % 64));
    }
}

/* The next word start, as a char of the sentence, or its length when none is left. */
static inline size_t starts_next(word_starts *it)
{
    size_t a;

    while (!it->left) {
        if ((it->w + 1) * 64 >= it->end) {
            return it->end - it->base;
        }
        it->w++;
        it->left = starts_in(it->words, it->w);
    }
    a = it->w * 64 + (size_t)__builtin_ctzll(it->left);
    it->left &= it->left - 1;
    return a < it->end ? a - it->base : it->end - it->base;
}

/* Leave out the starts before char `from` of the sentence (after a match). */
static inline void starts_skip(word_starts *it, size_t from)
{
    size_t a = it->base + from;

    if (a >= it->end) {
        it->left = 0;
        it->w = (it->end - 1) / 64; /* starts_next() looks no further */
        return;
    }
    if (a / 64 != it->w) {
        it->w = a / 64;
        it->left = starts_in(it->words, it->w);
    }
    it->left &= ~0ull << (a % 64);
}

static cm_status match_sentence(work *w, const cm_segments *seg, size_t s, const cm_lexicon *lex)
{
    const cm_sentence *sn = &seg->sentences[s];
    const cm_nchar *c = seg->chars + sn->nstart;
    size_t n = sn->nend - sn->nstart, matched_until = 0;
    int caps = all_caps(c, n);
    ctx_match cx = {c, n, 0, NULL, 0, -1, 0, -1};
    cm_status rc = CM_OK;

    word_starts it;

    starts_init(&it, seg->words, sn->nstart, n);
    for (size_t pos = starts_next(&it); pos < n && rc == CM_OK; pos = starts_next(&it)) {
        cm_match mt;
        /* Nothing reads the chars between word starts any more: bring those a few words on
         * from L2 while this one is matched (within the document's array). */
        size_t ahead = sn->nstart + pos + PREFETCH_CHARS;
        if (ahead + 4 < seg->n_chars) {
            __builtin_prefetch(&seg->chars[ahead]);
            __builtin_prefetch(&seg->chars[ahead + 4]);
        }
        if (w->rejections) {
            cm_lexicon_match(&mt, lex, c, n, pos);
        } else {
            cm_lexicon_match_accepted(&mt, lex, c, n, pos);
        }
        if (mt.rejected_len > 0) {
            rc = add_rejection(w, mt.rejected_alias, c[pos].start, c[pos + mt.rejected_len - 1].end,
                               CM_REJECT_CASE);
        }
        if (mt.len == 0) {
            continue;
        }
        if (rc == CM_OK) {
            cx.pos = pos;
            cx.mt = &mt;
            cx.matched_until = matched_until;
            rc = take(w, lex, &cx, s, caps);
        }
        cx.prev_entity = mt.entity;
        cx.prev_end = pos + mt.len;
        if (rc == CM_OK && mt.entity >= 0 && mt.type == CM_TYPE_COUNTRY) {
            size_t head_len = 0;
            rc = possessive_org(w, lex, (size_t)mt.entity, c, n, pos + mt.len, s, &head_len);
            pos += head_len;
            if (head_len > 0) {
                cx.prev_entity = (long)w->found->items[w->found->n - 1].entity;
                cx.prev_end = pos + mt.len;
            }
        }
        pos += mt.len;
        matched_until = pos;
        starts_skip(&it, pos);
    }
    return rc;
}

/* What the document's direct mentions say, for the pending matches. */
typedef struct doc_context {
    cm_map64 named;         /* entities named by an alias of their own */
    cm_map64 contested;     /* surnames somebody else of that name has */
    cm_map64 country_named; /* bare national bodies: entity → 1 + whether its country is
                               named (ctx_country_named(), once per entity) */
    size_t direct;          /* the mentions found directly: found->items[0..direct) */
} doc_context;

/* The entity a pending match stands for, or -1 with the reason it does not. */
static long resolve_one(work *w, const cm_lexicon *lex, doc_context *d, const pending *p,
                        cm_reject_reason *why, cm_status *rc)
{
    size_t hits = 0, which = 0;

    if (p->needs_country) {
        size_t known = cm_map64_get(&d->country_named, p->m.entity);
        if (known == SIZE_MAX) {
            known = 1 + (cm_map64_get(&d->named, p->m.entity) != SIZE_MAX ||
                         ctx_country_named(lex, p->m.entity, w->found->items, d->direct));
            *rc = cm_map64_put(&d->country_named, p->m.entity, known, w->err);
        }
        *why = CM_REJECT_CONTEXT;
        return known == 2 ? (long)p->m.entity : -1;
    }
    *why = CM_REJECT_UNRESOLVED;
    for (size_t k = 0; k < p->n_candidates; k++) {
        if (cm_map64_get(&d->named, p->candidates[k]) != SIZE_MAX) {
            hits++;
            which = p->candidates[k];
        }
    }
    if (hits == 1 && cm_map64_get(&d->contested, p->key >> 1) == SIZE_MAX) {
        return (long)which;
    }
    if (hits == 0 && p->by_country) {
        return ctx_pick_by_country(lex, p->candidates, p->n_candidates, w->found->items, d->direct,
                                   p->m.sentence);
    }
    return -1;
}

/* A shared alias stands for the one candidate the document names otherwise, unless the
 * document names somebody else of that name; a full name several entities share, for the
 * one whose country the context names; a bare national body, for itself where its country
 * is named. Linear: the named entities and the contested surnames are collected once. */
static cm_status resolve_shared(work *w, const cm_lexicon *lex)
{
    doc_context d;
    cm_status rc = CM_OK;

    if (w->n_pend == 0) {
        return CM_OK;
    }
    memset(&d, 0, sizeof(d));
    d.direct = w->found->n;
    cm_map64_init(&d.named);
    cm_map64_init(&d.contested);
    cm_map64_init(&d.country_named);
    /* Only mentions by an entity's own aliases count, not other shared ones. */
    for (size_t i = 0; i < d.direct && rc == CM_OK; i++) {
        rc = cm_map64_put(&d.named, w->found->items[i].entity, 1, w->err);
    }
    /* Keys lose their top bit so that none is the map's empty marker. */
    for (size_t i = 0; i < w->n_pend && rc == CM_OK; i++) {
        if (w->pend[i].contested) {
            rc = cm_map64_put(&d.contested, w->pend[i].key >> 1, 1, w->err);
        }
    }
    for (size_t i = 0; i < w->n_pend && rc == CM_OK; i++) {
        pending *p = &w->pend[i];
        cm_reject_reason why;
        long e = resolve_one(w, lex, &d, p, &why, &rc);
        if (rc != CM_OK) {
            break;
        }
        if (e >= 0) {
            p->m.entity = (size_t)e;
            rc = add_mention(w, p->m);
        } else {
            rc = add_rejection(w, p->m.alias, p->m.start, p->m.end, why);
        }
    }
    cm_map64_destroy(&d.named);
    cm_map64_destroy(&d.contested);
    cm_map64_destroy(&d.country_named);
    return rc;
}

/* An alias the document uses as somebody's surname ("Selcuk Bayraktar") names that
 * person wherever it stands alone in the document ("Bayraktar said"), not its entity: a
 * mention of the person when the lexicon has them, else none. */
static cm_status drop_surnames(work *w)
{
    cm_mentions *f = w->found;
    size_t k = 0;
    cm_status rc = CM_OK;

    if (w->surnames.n == 0) {
        return CM_OK;
    }
    for (size_t i = 0; i < f->n; i++) {
        cm_mention m = f->items[i];
        size_t person = cm_map64_get(&w->surnames, m.alias);
        if (person != 0) {
            m.entity = person == SIZE_MAX ? m.entity : person - 1;
            f->items[k++] = m;
        } else if (rc == CM_OK) {
            rc = add_rejection(w, m.alias, m.start, m.end, CM_REJECT_NAME);
        }
    }
    f->n = k;
    return rc;
}

static int by_start(const void *x, const void *y)
{
    const cm_mention *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* The mentions come as two runs in text order, those found directly and the shared
 * aliases resolved after them: merged in linear time (any other order is sorted). */
static cm_status sort_mentions(cm_mention *m, size_t n, cm_error *err)
{
    size_t d = 1, e;
    cm_mention *tmp;

    while (d < n && m[d - 1].start < m[d].start) {
        d++;
    }
    if (d >= n) {
        return CM_OK;
    }
    for (e = d + 1; e < n && m[e - 1].start < m[e].start; e++) {
    }
    if (e < n) {
        qsort(m, n, sizeof(*m), by_start);
        return CM_OK;
    }
    if (!(tmp = cm_malloc(d * sizeof(*tmp)))) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    memcpy(tmp, m, d * sizeof(*tmp));
    for (size_t i = 0, j = d, o = 0; i < d; o++) {
        m[o] = j < n && m[j].start < tmp[i].start ? m[j++] : tmp[i++];
    }
    cm_free(tmp);
    return CM_OK;
}

static int rejection_by_start(const void *x, const void *y)
{
    const cm_rejection *a = x, *b = y;
    if (a->start != b->start) {
        return a->start < b->start ? -1 : 1;
    }
    return a->end < b->end ? -1 : a->end > b->end;
}

void cm_extract_opts_init(cm_extract_opts *o)
{
    o->rejections = 1;
    o->discover = CM_DISCOVER_ALL;
}

cm_status cm_extract(cm_mentions **out, const cm_segments *seg, const cm_lexicon *lex,
                     const cm_extract_opts *opts, cm_error *err)
{
    work w;
    cm_status rc = CM_OK;

    *out = NULL;
    memset(&w, 0, sizeof(w));
    cm_map64_init(&w.surnames);
    w.err = err;
    w.rejections = opts ? opts->rejections : 1;
    w.found = cm_calloc(1, sizeof(*w.found));
    if (!w.found) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    w.found->seg = seg;
    for (size_t s = 0; s < seg->n_sentences && rc == CM_OK; s++) {
        rc = match_sentence(&w, seg, s, lex);
    }
    if (rc == CM_OK) {
        rc = drop_surnames(&w);
    }
    if (rc == CM_OK) {
        rc = resolve_shared(&w, lex);
    }
    cm_free(w.pend);
    cm_map64_destroy(&w.surnames);
    if (rc != CM_OK) {
        cm_mentions_free(w.found);
        return rc;
    }
    /* Mentions never overlap, so start bytes order them totally. */
    rc = sort_mentions(w.found->items, w.found->n, err);
    if (rc != CM_OK) {
        cm_mentions_free(w.found);
        return rc;
    }
    if (w.found->n_rejected > 1) {
        qsort(w.found->rejected, w.found->n_rejected, sizeof(cm_rejection), rejection_by_start);
    }
    /* The one point where discovery joins: after the lexicon, on the sorted mentions. */
    if (!opts || opts->discover != CM_DISCOVER_NONE) {
        rc = cm_discover_document(w.found, lex, opts ? opts->discover : CM_DISCOVER_ALL, err);
        if (rc != CM_OK) {
            cm_mentions_free(w.found);
            return rc;
        }
    }
    *out = w.found;
    return CM_OK;
}

void cm_mentions_free(cm_mentions *m)
{
    if (!m) {
        return;
    }
    for (size_t i = 0; i < m->n_discovered; i++) {
        cm_free((char *)m->discovered[i].e.id);
        cm_free((char *)m->discovered[i].e.name);
    }
    cm_free(m->discovered);
    cm_free(m->items);
    cm_free(m->rejected);
    cm_free(m);
}
