/* comention: discovery rules, the people, organizations and weapons no lexicon names
 * (docs/discovery.md). Each rule starts only at its trigger token (a title or role word,
 * "by", a media credit, a head word, a parenthesised acronym, a designation) and needs
 * that hit: capitalization alone never makes an entity. Guards: a name is 2-4
 * capitalized words that are not stop words, months, weekdays, titles or head words, and
 * holds no lexicon name but a country's (a given name like "Jordan"); headline-case and
 * ALL-CAPS lines discover nothing but bylines (their word case says nothing); whatever
 * the lexicon knows is never discovered again. */
#include <string.h>
#include <utf8proc.h>
#include "extract/extract_int.h"
#include "util/util.h"
#include "dlist_table.h" /* generated: dlist_keys, dlist_bits */

/* ---- tokens ---- */

static int word_at(const cm_segments *seg, size_t i)
{
    return (int)((seg->words[i >> 6] >> (i & 63)) & 1u);
}

/* A digit among chars [i, e). fold: a digit is its own lower case, and no letter's. */
static int digits_from(const cm_nchar *c, size_t i, size_t e)
{
    for (; i < e; i++) {
        if (c[i].fold - '0' < 10) {
            return 1;
        }
    }
    return 0;
}

/* The shape of a token that does not start with an ASCII lower-case letter. Once a letter
 * that is not upper case is read the token is no acronym, and only digits are left to look
 * for: in a capitalized word, not before a rule asks (has_digit()). */
static uint8_t token_shape(const cm_nchar *c, size_t s, size_t e)
{
    size_t letters = 0, i = s;
    uint8_t shape = 0;

    if (c[s].cp != c[s].fold) {
        shape |= TK_CAP;
    } else if ((c[s].cp >= 'a' && c[s].cp <= 'z') ||
               (c[s].cp >= 0x80 &&
                utf8proc_category((utf8proc_int32_t)c[s].cp) == UTF8PROC_CATEGORY_LL)) {
        shape |= TK_LOWER;
    }
    for (; i < e; i++) {
        uint32_t cp = c[i].cp;
        if (cp - '0' < 10) {
            shape |= TK_DIGIT;
        } else if (cp != '-') {
            if (cp == c[i].fold) {
                break; /* a letter that is not upper case (or no letter) */
            }
            letters++;
        }
    }
    if (i == e) {
        shape |= letters >= 2 ? TK_UPPER : 0;
        shape |= letters == 1 && e - s == 1 ? TK_SINGLE : 0;
        return shape;
    }
    if (shape & TK_CAP) {
        return shape | TK_DIGIT_UNREAD;
    }
    return digits_from(c, i, e) ? shape | TK_DIGIT : shape;
}

/* The first char at or after i, before end, whose word bit is `set`, or end. */
static size_t next_bit(const uint64_t *words, size_t i, size_t end, int set)
{
    while (i < end) {
        uint64_t b = (set ? words[i >> 6] : ~words[i >> 6]) >> (i & 63);
        if (b) {
            size_t at = i + (size_t)__builtin_ctzll(b);
            return at < end ? at : end;
        }
        i = (i | 63) + 1;
    }
    return end;
}

/* Words of one sentence, `end` its end: word chars, joined across an inner hyphen
 * ("Al-Burhan", "S-300"); a possessive 's ends a token and is left out. Only a word that
 * does not start with an ASCII lower-case letter has its chars read for its shape. A word
 * is found with the word-char bits of the chars from its start: the bits of the 64-bit
 * word it starts in, shifted, hold its end unless it reaches that word's end. Which
 * lexicon mention covers or touches each token is read on the way: `j` is the first
 * mention (in byte order) that does not end before the last token, [ms, me) its bytes.
 * The loop's state is in locals, so that it stays in registers. */
static cm_status tokenize_sentence(dwork *w, size_t s, size_t *mj)
{
    const cm_nchar *c = DW_C(w);
    const uint64_t *words = w->seg->words;
    const cm_mention *items = w->m->items;
    size_t end = w->seg->sentences[s].nend, i = w->seg->sentences[s].nstart;
    size_t nt = w->nt, cap = w->cap_t, n_items = w->m->n, j = *mj;
    size_t ms = j < n_items ? items[j].start : SIZE_MAX, me = j < n_items ? items[j].end : SIZE_MAX;
    dtok *t = w->t;
    cm_status rc = CM_OK;

    while (i < end) {
        uint64_t b = words[i >> 6] >> (i & 63);
        if (!b) {
            i = (i | 63) + 1;
            continue;
        }
        size_t st = i + (size_t)__builtin_ctzll(b);
        if (st >= end) {
            break;
        }
        /* The chars from st on: its run of word chars ends at the first 0 bit, shifted in
         * zeros past the 64-bit word (then the run may go on in the next one). */
        uint64_t run = ~(b >> (st - i));
        i = run ? st + (size_t)__builtin_ctzll(run) : st + 64;
        if ((i & 63) == 0) {
            i = next_bit(words, i, end, 0);
        }
        i = i < end ? i : end;
        /* fold: '-' and '\'' are no letter's lower case, so it reads them as cp would */
        uint32_t after = i + 1 < end ? c[i].fold : 0;
        while (after == '-' && word_at(w->seg, i + 1)) {
            i = next_bit(words, i + 1, end, 0);
            after = i + 1 < end ? c[i].fold : 0;
        }
        if (nt == cap) {
            w->nt = nt;
            rc = cm_grow(&w->t, &w->cap_t, nt + 1, sizeof(*w->t), w->err);
            if (rc != CM_OK) {
                break;
            }
            t = w->t;
            cap = w->cap_t;
        }
        /* A mention inside a token ("Kremlin-backed") marks it too. Most tokens end before
         * the next mention starts (then it also ends after they start). */
        size_t be = c[i - 1].end;
        uint32_t mention = 0;
        if (ms < be) {
            size_t bs = c[st].start;
            if (me <= bs) {
                while (j < n_items && items[j].end <= bs) {
                    j++;
                }
                ms = j < n_items ? items[j].start : SIZE_MAX;
                me = j < n_items ? items[j].end : SIZE_MAX;
            }
            mention = ms < be ? (uint32_t)(j + 1) : 0;
        }
        uint8_t shape = (uint32_t)c[st].cp - 'a' < 26 ? TK_LOWER : token_shape(c, st, i);
        dtok *tk = &t[nt++];
        tk->s = (uint32_t)st;
        tk->e = (uint32_t)i;
        tk->sent = (uint32_t)s;
        tk->mention = mention;
        tk->shape = shape;
        tk->lists = 0;
        if (after == '\'' && c[i + 1].fold == 's' && (i + 2 >= end || !word_at(w->seg, i + 2))) {
            i += 2; /* Putin's */
        }
    }
    w->nt = nt;
    *mj = j;
    return rc;
}

static cm_status tokenize(dwork *w)
{
    const cm_segments *seg = w->seg;
    size_t j = 0;
    cm_status rc =
        cm_grow(&w->sent_tok, &w->cap_sent_tok, seg->n_sentences + 1, sizeof(*w->sent_tok), w->err);

    if (rc == CM_OK) {
        rc = cm_grow(&w->headline, &w->cap_headline, seg->n_sentences + 1, 1, w->err);
    }
    if (rc == CM_OK) { /* one allocation for most documents: a word is 5 chars or more */
        rc = cm_grow(&w->t, &w->cap_t, seg->n_chars / 5 + 16, sizeof(*w->t), w->err);
    }
    for (size_t s = 0; s < seg->n_sentences && rc == CM_OK; s++) {
        w->sent_tok[s] = w->nt;
        w->headline[s] = 0;
        rc = tokenize_sentence(w, s, &j);
    }
    if (rc == CM_OK) {
        w->sent_tok[seg->n_sentences] = w->nt;
    }
    return rc;
}

/* ---- token helpers ---- */

/* The built-in lists holding token k (DL_* bits), read on the first question and kept in
 * the token: most tokens are asked about several lists, or about one several times. A
 * 64-bit hash tells the few hundred list words apart; a token whose hash met a word's by
 * chance would still need to be that word's shape for a rule to fire. */
static unsigned lists_of(const dwork *w, size_t k)
{
    dtok *t = &w->t[k]; /* the tokens are the document's scratch, the cache among them */
    if (!(t->lists & DW_LISTS_KNOWN)) {
        const cm_nchar *c = DW_C(w);
        uint64_t h = DW_HASH_SEED;
        for (size_t i = t->s; i < t->e; i++) {
            h = cm_dword_hash_step(h, c[i].fold);
        }
        h = h ? h : 1;
        size_t at = cm_dword_slot(dlist_keys, h);
        t->lists = (uint16_t)((dlist_keys[at] == h ? dlist_bits[at] : 0) | DW_LISTS_KNOWN);
    }
    return t->lists;
}

/* Token k may be a word of a list of `mask` (bits 1 << DL_*): a word of its first letter
 * and length is. Rules out most tokens ("the", "said" for the roles) before their chars
 * are read. */
static inline int may_be_in(const dwork *w, unsigned mask, size_t k)
{
    const dtok *t = &w->t[k];
    uint32_t first = DW_C(w)[t->s].fold - 'a', len = t->e - t->s, may = 0;
    if (t->lists & DW_LISTS_KNOWN) {
        return 1;
    }
    if (first >= 26 || len >= 32) {
        return 0;
    }
    for (unsigned m = mask; m; m &= m - 1) {
        may |= dlist_cells[__builtin_ctz(m)][first];
    }
    return (may >> len) & 1u;
}

/* The lexicon's own titles after the built-in ones (a bisection, only when it has some). */
static int user_title(const dwork *w, dlist l, size_t k)
{
    return l <= DL_HONORIFICS && w->user_titles &&
           cm_lexicon_title_word(w->lex,
                                 l == DL_TITLE_HEADS  ? CM_TITLE_HEAD
                                 : l == DL_TITLE_MODS ? CM_TITLE_MODIFIER
                                                      : CM_TITLE_HONORIFIC,
                                 DW_C(w), w->t[k].s, w->t[k].e);
}

static inline int in(const dwork *w, dlist l, size_t k)
{
    return (may_be_in(w, 1u << l, k) && ((lists_of(w, k) >> l) & 1u)) || user_title(w, l, k);
}

/* Token k is in one of the lists of `mask` (bits 1 << DL_*). */
static inline int in_any(const dwork *w, unsigned mask, size_t k)
{
    if (may_be_in(w, mask, k) && (lists_of(w, k) & mask)) {
        return 1;
    }
    for (int l = DL_TITLE_HEADS; l <= DL_HONORIFICS && w->user_titles; l++) {
        if (((mask >> l) & 1u) && user_title(w, (dlist)l, k)) {
            return 1;
        }
    }
    return 0;
}

static int word_is(const dwork *w, size_t k, const char *word)
{
    return cm_dword_eq(DW_C(w), w->t[k].s, w->t[k].e, word);
}

static int word_among(const dwork *w, size_t k, const char *const *words)
{
    for (size_t i = 0; words[i]; i++) {
        if (word_is(w, k, words[i])) {
            return 1;
        }
    }
    return 0;
}

/* The chars between token k and the next one of its sentence equal `text`. */
static int gap_is(const dwork *w, size_t k, const char *text)
{
    const cm_nchar *c = DW_C(w);
    size_t i = w->t[k].e, end = w->t[k + 1].s;
    for (; i < end && *text; i++, text++) {
        if (c[i].cp != (unsigned char)*text) {
            return 0;
        }
    }
    return i == end && !*text;
}

/* The chars between token k and the next hold `ch`. */
static int gap_has(const dwork *w, size_t k, uint32_t ch)
{
    for (size_t i = w->t[k].e; i < w->t[k + 1].s; i++) {
        if (DW_C(w)[i].cp == ch) {
            return 1;
        }
    }
    return 0;
}

static size_t sent_end(const dwork *w, size_t k)
{
    return w->sent_tok[w->t[k].sent + 1];
}

/* Token k and the next are one phrase: a space between them, or an abbreviation's dot
 * ("Lt. Gen.", "J. D."); not across a possessive. */
static int joined(const dwork *w, size_t k)
{
    if (k + 1 >= sent_end(w, k)) {
        return 0;
    }
    if (w->t[k + 1].s == w->t[k].e + 1 && DW_C(w)[w->t[k].e].cp == ' ') {
        return 1;
    }
    return (gap_is(w, k, ". ") || gap_is(w, k, ".")) && w->t[k].e - w->t[k].s <= 4 &&
           (w->t[k].shape & TK_CAP);
}

static const cm_entity *mention_entity(const dwork *w, size_t k)
{
    const cm_mention *mn = &w->m->items[w->t[k].mention - 1];
    return cm_lexicon_entity(w->lex, mn->entity);
}

static int is_country(const dwork *w, size_t k)
{
    return w->t[k].mention && mention_entity(w, k)->type == CM_TYPE_COUNTRY;
}

/* A lexicon mention of something other than a country covers token k. */
static int is_named(const dwork *w, size_t k)
{
    return w->t[k].mention && !is_country(w, k);
}

/* Headline case or ALL CAPS: every content word capitalized (at least three), or no
 * lower-case letter at all. */
static int headline(dwork *w, size_t s)
{
    size_t caps = 0, lower = 0;
    if (w->headline[s]) {
        return w->headline[s] == 2;
    }
    /* The first lower-case word that is no function word decides: running text has one
     * within a few words, so most sentences are not read to their end. */
    for (size_t k = w->sent_tok[s]; k < w->sent_tok[s + 1] && lower == 0; k++) {
        if (w->t[k].shape & TK_LOWER) {
            lower += !in(w, DL_FUNCTION, k);
        } else if (w->t[k].shape & TK_CAP) {
            caps += !(w->t[k].shape & TK_UPPER);
        }
    }
    w->headline[s] = (lower == 0 && caps >= 3) || (lower == 0 && caps == 0) ? 2 : 1;
    return w->headline[s] == 2;
}

/* Token k holds a digit (TK_DIGIT), its chars read on the first question. */
static int has_digit(const dwork *w, size_t k)
{
    dtok *t = &w->t[k]; /* the tokens are the document's scratch, the cache among them */
    if (t->shape & TK_DIGIT_UNREAD) {
        t->shape = (uint8_t)((t->shape & ~TK_DIGIT_UNREAD) |
                             (digits_from(DW_C(w), t->s, t->e) ? TK_DIGIT : 0));
    }
    return (t->shape & TK_DIGIT) != 0;
}

static int title_word(const dwork *w, size_t k)
{
    return (w->t[k].shape & TK_CAP) && in_any(w, 1u << DL_TITLE_HEADS | 1u << DL_TITLE_MODS, k);
}

/* A capitalized word that may be part of a person's name. */
static int name_word(const dwork *w, size_t k)
{
    const dtok *t = &w->t[k];
    if (!(t->shape & TK_CAP) || has_digit(w, k) || is_named(w, k)) {
        return 0;
    }
    if ((t->shape & TK_UPPER) && !is_country(w, k)) {
        return 0; /* an acronym */
    }
    return !in_any(w,
                   1u << DL_STOP | 1u << DL_MONTHS | 1u << DL_WEEKDAYS | 1u << DL_TITLE_HEADS |
                       1u << DL_TITLE_MODS | 1u << DL_ORG_HEADS,
                   k);
}

/* A person's name starting at token k: 2-4 capitalized words, initials and particles
 * inside, ending on a word that is not a country's name. Returns the token after it, or
 * k when there is none. `max` is the most capitalized words taken. */
static size_t person_name(const dwork *w, size_t k, size_t max)
{
    size_t end = sent_end(w, k), i = k, words = 0, last = k;

    while (i < end && words <= max) {
        if (i > k && !joined(w, i - 1)) {
            break;
        }
        if (name_word(w, i)) {
            words++;
            last = i + 1;
        } else if (!(i > k && (w->t[i].shape & TK_LOWER) && in(w, DL_PARTICLES, i))) {
            break;
        }
        if (w->t[i].shape & TK_SINGLE && (i + 1 >= end || !joined(w, i))) {
            return k; /* an initial ends nothing */
        }
        i++;
    }
    if (words < 2 || words > max || (w->t[last - 1].shape & (TK_SINGLE | TK_UPPER)) ||
        is_country(w, last - 1) || (w->t[last - 1].shape & TK_LOWER)) {
        return k;
    }
    /* "Ivan Petrov Foundation" names a body or a place, not Ivan Petrov. */
    if (last < end && joined(w, last - 1) && (w->t[last].shape & TK_CAP) &&
        (in(w, DL_ORG_HEADS, last) || in(w, DL_INSTITUTIONS, last))) {
        return k;
    }
    return last;
}

/* ---- entities and mentions ---- */

/* Latin letters that have no decomposition to strip (ı, ø, ł, ß ...), spelled as ids
 * spell them, so "Aydın" and "Aydin" are one id. */
static const char *latin_letter(uint32_t f)
{
    static const struct {
        uint32_t cp;
        const char *ascii;
    } map[] = {{0xdf, "ss"}, {0xe6, "ae"}, {0xf0, "d"},  {0xf8, "o"},  {0xfe, "th"},
               {0x111, "d"}, {0x127, "h"}, {0x131, "i"}, {0x142, "l"}, {0x153, "oe"}};
    for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++) {
        if (map[i].cp == f) {
            return map[i].ascii;
        }
    }
    return NULL;
}

/* Lower-case slug of the folded chars [s, e): letters and digits kept, other runs one '-'. */
static char *slug(const cm_nchar *c, size_t s, size_t e)
{
    cm_buf b;
    int dash = 0;

    cm_buf_init(&b);
    for (size_t i = s; i < e; i++) {
        uint32_t f = c[i].fold;
        if (cm_is_word_char(f)) {
            char u[4];
            if (dash && b.len) {
                cm_buf_putc(&b, '-');
            }
            dash = 0;
            const char *latin = latin_letter(f);
            if (latin) {
                cm_buf_puts(&b, latin);
            } else {
                cm_buf_put(&b, u, cm_utf8_encode(u, f));
            }
        } else {
            dash = 1;
        }
    }
    cm_buf_putc(&b, '\0');
    if (b.failed) {
        cm_buf_destroy(&b);
        return NULL;
    }
    return b.data;
}

/* The original text of chars [s, e), whitespace runs as one space. */
static char *label_of(const dwork *w, size_t s, size_t e)
{
    const cm_nchar *c = DW_C(w);
    cm_buf b;

    cm_buf_init(&b);
    for (size_t i = s; i < e; i++) {
        if (c[i].cp == ' ') {
            cm_buf_putc(&b, ' ');
        } else if (i == s || c[i].start != c[i - 1].start) {
            cm_buf_put(&b, w->seg->doc->text + c[i].start, c[i].end - c[i].start);
        }
    }
    cm_buf_putc(&b, '\0');
    if (b.failed) {
        cm_buf_destroy(&b);
        return NULL;
    }
    return b.data;
}

cm_status cm_dw_add(dwork *w, size_t t0, size_t t1, dref to, cm_rule rule)
{
    cm_status rc = cm_grow(&w->add, &w->cap_add, w->n_add + 1, sizeof(*w->add), w->err);
    if (rc == CM_OK) {
        w->add[w->n_add++] = (dmention){t0, t1, to, rule};
    }
    return rc;
}

/* Country mentions inside a discovered name count only as that name (guideline rule 8). */
static void drop_inside(dwork *w, size_t t0, size_t t1)
{
    for (size_t k = t0; k < t1; k++) {
        if (w->t[k].mention) {
            w->drop[w->t[k].mention - 1] = 1;
        }
    }
}

/* Record the entity named by tokens [t0, t1) (chars up to `ce` at the end), found by
 * `rule`, and a mention of it there; `*out` says who it is. */
static cm_status discover(dwork *w, size_t t0, size_t t1, size_t ce, cm_type type,
                          const char *subtype, const char *country, cm_rule rule, dref *out)
{
    char *id = slug(DW_C(w), w->t[t0].s, ce);
    size_t lex, found = SIZE_MAX;
    cm_status rc = CM_OK;

    if (!id) {
        return cm_error_set(w->err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    lex = cm_lexicon_find(w->lex, id);
    for (size_t i = 0; i < w->n_ents && found == SIZE_MAX; i++) {
        found = strcmp(w->ents[i].id, id) == 0 ? i : SIZE_MAX;
    }
    if (found == SIZE_MAX) {
        rc = cm_grow(&w->ents, &w->cap_ents, w->n_ents + 1, sizeof(*w->ents), w->err);
        char *label = rc == CM_OK ? label_of(w, w->t[t0].s, ce) : NULL;
        if (rc == CM_OK && !label) {
            rc = cm_error_set(w->err, CM_ENOMEM, NULL, 0, "out of memory");
        }
        if (rc != CM_OK) {
            cm_free(id);
            return rc;
        }
        w->ents[w->n_ents] =
            (dent){id,      label,   type,
                   subtype, country, rule,
                   t0,      t1,      type == CM_TYPE_ACTOR && !strcmp(subtype, "person"),
                   lex};
        found = w->n_ents++;
    } else {
        cm_free(id);
    }
    *out = lex != SIZE_MAX ? (dref){lex, 0} : (dref){found, 1};
    drop_inside(w, t0, t1);
    return cm_dw_add(w, t0, t1, *out, rule);
}

static cm_status add_role(dwork *w, size_t r0, size_t r1, dref who)
{
    cm_status rc = cm_grow(&w->roles, &w->cap_roles, w->n_roles + 1, sizeof(*w->roles), w->err);
    if (rc == CM_OK) {
        size_t q =
            r0 > w->sent_tok[w->t[r0].sent] && w->t[r0 - 1].mention ? w->t[r0 - 1].mention : 0;
        w->roles[w->n_roles++] = (drole){r0, r1, q, who, r1};
    }
    return rc;
}

/* The country a title or role phrase starting at token r0 names: the token before it
 * ("Russian President", "Russia's deputy foreign minister"). */
static const char *affiliation(const dwork *w, size_t r0)
{
    if (r0 > w->sent_tok[w->t[r0].sent] && is_country(w, r0 - 1)) {
        return mention_entity(w, r0 - 1)->id;
    }
    return NULL;
}

/* A person introduced after the role phrase [r0, r1) at token k: discovered when the
 * lexicon does not know them, remembered under that role either way. */
static cm_status person_after(dwork *w, size_t r0, size_t r1, size_t k, size_t end, cm_rule rule,
                              int is_role)
{
    dref who;
    cm_status rc = CM_OK;

    if (w->t[k].mention) {
        const cm_mention *mn = &w->m->items[w->t[k].mention - 1];
        const cm_entity *e = cm_lexicon_entity(w->lex, mn->entity);
        if (is_role && e->type == CM_TYPE_ACTOR && strcmp(e->subtype, "person") == 0 &&
            mn->start == DW_C(w)[w->t[k].s].start) {
            rc = add_role(w, r0, r1, (dref){mn->entity, 0});
        }
        return rc;
    }
    if (end == k) {
        return CM_OK;
    }
    rc = discover(w, k, end, w->t[end - 1].e, CM_TYPE_ACTOR, "person", affiliation(w, r0), rule,
                  &who);
    if (rc == CM_OK && is_role) {
        rc = add_role(w, r0, r1, who);
    }
    return rc;
}

/* ---- persons ---- */

/* "Deputy Foreign Minister <Name>", "Lt. Gen. <Name>", "Archpriest <Name>". */
static cm_status title_at(dwork *w, size_t i, size_t *next)
{
    size_t end = sent_end(w, i), j = i, last = i, role = 0, head = 0;

    while (j < end && (j == i || joined(w, j - 1))) {
        if (title_word(w, j)) {
            if (in(w, DL_TITLE_HEADS, j)) {
                head = 1;
                role |= !in(w, DL_HONORIFICS, j);
            }
            last = j++;
        } else if ((w->t[j].shape & TK_LOWER) && j + 1 < end && title_word(w, j + 1) &&
                   (gap_is(w, j, " ")) &&
                   cm_dlist_has(DL_FUNCTION, DW_C(w), w->t[j].s, w->t[j].e)) {
            j++; /* "Chief of General Staff" */
        } else {
            break;
        }
    }
    *next = last + 1;
    if (!head || last + 1 >= end || !joined(w, last)) {
        return CM_OK;
    }
    size_t name = person_name(w, last + 1, 4);
    if (headline(w, w->t[i].sent) && !w->t[last + 1].mention) {
        return CM_OK;
    }
    *next = name > last + 1 ? name : last + 1;
    return person_after(w, i, last + 1, last + 1, name, CM_RULE_TITLE, role);
}

/* "spokesman <Name>", "Russia's deputy foreign minister, <Name>,". */
static cm_status role_at(dwork *w, size_t i)
{
    size_t end = sent_end(w, i), first = w->sent_tok[w->t[i].sent], r0 = i, k = i + 1, name;
    int comma;

    if (k >= end || headline(w, w->t[i].sent)) {
        return CM_OK;
    }
    comma = gap_is(w, i, ", ");
    if (!comma && !gap_is(w, i, " ")) {
        return CM_OK;
    }
    while (r0 > first && joined(w, r0 - 1) && (w->t[r0 - 1].shape & TK_LOWER) &&
           (in(w, DL_TITLE_MODS, r0 - 1) || in(w, DL_TITLE_HEADS, r0 - 1))) {
        r0--; /* "deputy foreign minister" */
    }
    name = person_name(w, k, 4);
    if (comma && name > k && name < end && !gap_has(w, name - 1, ',') &&
        !gap_has(w, name - 1, '(') && !gap_has(w, name - 1, ')')) {
        return CM_OK; /* an apposition is closed by a comma or the sentence's end */
    }
    return person_after(w, r0, i + 1, k, name, comma ? CM_RULE_APPOSITION : CM_RULE_TITLE, 1);
}

/* "<Name>, a senior analyst at ...", "<Name>, the commander of ...": a name opening a
 * sentence or a clause, a comma, an article, and a role word within four lower-case
 * words (or country adjectives). */
static cm_status name_then_role(dwork *w, size_t k)
{
    size_t first = w->sent_tok[w->t[k].sent], end = sent_end(w, k), name;
    dref who;

    if (!(k == first || gap_has(w, k - 1, ',') || gap_has(w, k - 1, '"') ||
          word_is(w, k - 1, "said") || word_is(w, k - 1, "says"))) {
        return CM_OK;
    }
    /* The name can only end where the capitalized words and particles joined to k do (a
     * joined gap is no ", "): what follows it is checked before the name is read. */
    name = k;
    while (joined(w, name) &&
           ((w->t[name + 1].shape & TK_CAP) ||
            ((w->t[name + 1].shape & TK_LOWER) && in(w, DL_PARTICLES, name + 1)))) {
        name++;
    }
    if (name + 2 >= end || !gap_is(w, name, ", ") || !(w->t[name + 1].shape & TK_LOWER) ||
        headline(w, w->t[k].sent)) {
        return CM_OK;
    }
    name = person_name(w, k, 4);
    if (name == k || name + 1 >= end || !gap_is(w, name - 1, ", ") ||
        !(w->t[name].shape & TK_LOWER) ||
        !(word_is(w, name, "a") || word_is(w, name, "an") || word_is(w, name, "the"))) {
        return CM_OK;
    }
    for (size_t j = name + 1; j < end && j <= name + 4 && joined(w, j - 1); j++) {
        if ((w->t[j].shape & TK_LOWER) && in(w, DL_ROLES, j)) {
            return discover(w, k, name, w->t[name - 1].e, CM_TYPE_ACTOR, "person", NULL,
                            CM_RULE_APPOSITION, &who);
        }
        if (!(w->t[j].shape & TK_LOWER) && !is_country(w, j)) {
            return CM_OK;
        }
    }
    return CM_OK;
}

/* The name of a byline or credit at token k, closed by the sentence's end or a '/', '|',
 * ',' or '('; 2-3 words. Returns the token after it, or k. */
static size_t credit_name(const dwork *w, size_t k)
{
    size_t name = person_name(w, k, 3);
    if (name == k || name >= sent_end(w, k)) {
        return name;
    }
    if (gap_has(w, name - 1, '/') || gap_has(w, name - 1, '|') || gap_has(w, name - 1, ',') ||
        gap_has(w, name - 1, '(') || gap_has(w, name - 1, ')')) {
        return name;
    }
    return k;
}

static int media_at(const dwork *w, size_t k)
{
    const char *sub = w->t[k].mention ? mention_entity(w, k)->subtype : "";
    return sub[0] == 'm' && sub[1] == 'e' && strcmp(sub, "media") == 0; /* most: one char read */
}

/* A news agency within four words after token k, after a '/' or ',': what a credit needs,
 * checked before the name is read. */
static int credit_ahead(const dwork *w, size_t k)
{
    size_t end = sent_end(w, k);
    for (size_t j = k + 1; j < end && j <= k + 4; j++) {
        if (gap_has(w, j - 1, '/') || gap_has(w, j - 1, ',')) {
            return w->t[j].mention && media_at(w, j);
        }
    }
    return 0;
}

static cm_status add_credit(dwork *w, size_t k, size_t name)
{
    dref who;
    if (name == k) {
        return CM_OK;
    }
    return discover(w, k, name, w->t[name - 1].e, CM_TYPE_ACTOR, "person", NULL, CM_RULE_BYLINE,
                    &who);
}

static int is_by(const dwork *w, size_t k)
{
    const cm_nchar *c = DW_C(w) + w->t[k].s;
    return w->t[k].e - w->t[k].s == 2 && c[0].fold == 'b' && c[1].fold == 'y';
}

/* "By <Name>" opening a line or after a dash; "<Name> / <media>" and "<Name>, <media>"
 * credits; "<media>/<Name>" and "<media> Photo/<Name>" photo credits. */
static cm_status byline_at(dwork *w, size_t k)
{
    size_t first = w->sent_tok[w->t[k].sent], end = sent_end(w, k);

    if (is_by(w, k) && k + 1 < end &&
        (k == first || gap_has(w, k - 1, '-') || gap_has(w, k - 1, '|')) &&
        (w->t[k].shape & TK_CAP || k > first) && gap_is(w, k, " ")) {
        return add_credit(w, k + 1, credit_name(w, k + 1));
    }
    if (w->t[k].mention && k + 1 < end && media_at(w, k)) {
        size_t at = k + 1;
        while (at < end && w->t[at].mention == w->t[k].mention) {
            at++;
        }
        if (at < end && !w->t[at].mention &&
            (word_is(w, at, "photo") || word_is(w, at, "photos")) && gap_is(w, at - 1, " ")) {
            at++; /* "AP Photo/" */
        }
        if (at < end && gap_is(w, at - 1, "/")) {
            size_t name = credit_name(w, at);
            return add_credit(w, at,
                              name == end || (name > at && gap_has(w, name - 1, ')')) ? name : at);
        }
    }
    if ((w->t[k].shape & TK_CAP) && !w->t[k].mention &&
        (k == first || gap_has(w, k - 1, '(') || gap_has(w, k - 1, ',')) && credit_ahead(w, k)) {
        size_t name = person_name(w, k, 3);
        if (name > k && name < end &&
            (gap_is(w, name - 1, " / ") || gap_is(w, name - 1, "  / ") ||
             gap_is(w, name - 1, "/") || gap_is(w, name - 1, ", ")) &&
            media_at(w, name)) {
            return add_credit(w, k, name);
        }
    }
    return CM_OK;
}

/* A media mention within four tokens after token k: what credit_ahead() needs, without
 * reading the gaps. */
static int media_ahead(const dwork *w, size_t k)
{
    size_t end = sent_end(w, k);
    for (size_t j = k + 1; j < end && j <= k + 4; j++) {
        if (w->t[j].mention && media_at(w, j)) {
            return 1;
        }
    }
    return 0;
}

/* What each kind of byline or credit needs at token k, checked before its rules run: most
 * tokens are none ("by", a media mention, a capitalized word opening a line or after a
 * '(' or ',' with a media mention ahead). */
static inline int byline_may(const dwork *w, size_t k)
{
    const dtok *t = &w->t[k];
    return is_by(w, k) || (t->mention ? k + 1 < sent_end(w, k) && media_at(w, k)
                                      : (t->shape & TK_CAP) &&
                                            (k == w->sent_tok[t->sent] || gap_has(w, k - 1, '(') ||
                                             gap_has(w, k - 1, ',')) &&
                                            media_ahead(w, k));
}

/* ---- organizations ---- */

/* The subtype an organization's head word says; a military body named for liberation,
 * revolution or resistance is an armed group. */
static const char *org_subtype(const dwork *w, size_t t0, size_t head)
{
    static const char *const gov[] = {"agency",  "bureau",     "commission",  "committee",
                                      "council", "department", "directorate", "ministry",
                                      "service", NULL};
    static const char *const group[] = {"front", "militia", "movement", NULL};
    static const char *const military[] = {
        "army",   "battalion", "battalions", "brigade",  "brigades", "command",
        "corps",  "division",  "fleet",      "force",    "forces",   "guard",
        "guards", "navy",      "regiment",   "squadron", NULL};
    static const char *const insurgent[] = {
        "islamic", "jihad", "liberation", "mujahideen", "resistance", "revolutionary", NULL};

    if (word_among(w, head, gov)) {
        return "government";
    }
    if (word_among(w, head, group)) {
        return "armed_group";
    }
    if (word_among(w, head, military)) {
        for (size_t k = t0; k < head; k++) {
            if (word_among(w, k, insurgent)) {
                return "armed_group";
            }
        }
        return "military";
    }
    return "company";
}

/* "American", "Burmese", "Kurdish": an adjective of a people the lexicon may not list,
 * never a weapon's name. */
static int demonym_shaped(const dwork *w, size_t k)
{
    static const char *const ends[] = {"ian", "ean", "can", "ese", "ish", "ic", "ern", "i"};
    const cm_nchar *c = DW_C(w);
    size_t s = w->t[k].s, e = w->t[k].e;

    for (size_t i = 0; i < sizeof(ends) / sizeof(*ends); i++) {
        size_t n = strlen(ends[i]);
        if (e - s > n + 2 && cm_dword_eq(c, e - n, e, ends[i])) {
            return 1;
        }
    }
    return 0;
}

/* "3rd", "47th": a unit's number. */
static int ordinal(const dwork *w, size_t k)
{
    const cm_nchar *c = DW_C(w);
    size_t s = w->t[k].s, e = w->t[k].e;
    return e - s >= 3 && e - s <= 5 && c[s].cp >= '1' && c[s].cp <= '9' &&
           (cm_dword_eq(c, e - 2, e, "st") || cm_dword_eq(c, e - 2, e, "nd") ||
            cm_dword_eq(c, e - 2, e, "rd") || cm_dword_eq(c, e - 2, e, "th")) &&
           c[e - 3].cp >= '0' && c[e - 3].cp <= '9';
}

/* Tokens [t0, head] name a distinctive body: a word that is not generic, or an ordinal
 * ("3rd"), or a country with at least two more words. */
static int distinctive(const dwork *w, size_t t0, size_t head)
{
    size_t names = 0, countries = 0;
    for (size_t k = t0; k <= head; k++) {
        const dtok *t = &w->t[k];
        if (is_named(w, k) || in(w, DL_MONTHS, k) || in(w, DL_WEEKDAYS, k)) {
            return 0;
        }
        if (is_country(w, k)) {
            countries++;
        } else if (ordinal(w, k)) {
            names++;
        } else if (!(t->shape & TK_CAP) || has_digit(w, k) || in(w, DL_GENERIC, k) ||
                   in(w, DL_ORG_HEADS, k) || in(w, DL_STOP, k) || in(w, DL_TITLE_HEADS, k)) {
            continue;
        } else if (demonym_shaped(w, k)) {
            countries++; /* a people's adjective the lexicon may lack: as a country */
        } else {
            names++;
        }
    }
    return names > 0 || (countries > 0 && head - t0 >= 2);
}

/* The start of the capitalized phrase ending at token `head`: capitalized words and
 * ordinals, "of"/"and" after a generic or head word between them ("Ministry of",
 * "Science and"... ); not across a possessive, a title ("Gen. X of Y Command" names a
 * person of that command), or a sentence's first stop word. */
static size_t phrase_start(const dwork *w, size_t head)
{
    size_t first = w->sent_tok[w->t[head].sent], k = head;

    while (k > first && joined(w, k - 1)) {
        const dtok *p = &w->t[k - 1];
        if (in(w, DL_TITLE_HEADS, k - 1)) {
            break;
        }
        if (p->shape & TK_CAP || ordinal(w, k - 1)) {
            k--;
        } else if ((p->shape & TK_LOWER) && k - 1 > first && joined(w, k - 2) &&
                   (w->t[k - 2].shape & TK_CAP) &&
                   (in(w, DL_GENERIC, k - 2) || in(w, DL_ORG_HEADS, k - 2)) &&
                   (word_is(w, k - 1, "of") || word_is(w, k - 1, "and"))) {
            k -= 2;
        } else {
            break;
        }
    }
    while (k < head && ((w->t[k].shape & TK_LOWER) || in(w, DL_MONTHS, k) ||
                        in(w, DL_WEEKDAYS, k) || (in(w, DL_STOP, k) && !in(w, DL_GENERIC, k)))) {
        k++;
    }
    return k;
}

/* "Army Tactical Missile Systems", "Multiple Launch Rocket Systems": a weapon family's
 * name, not a company's. */
static int weapon_family(const dwork *w, size_t t0, size_t head)
{
    static const char *const words[] = {"artillery", "launch", "mobility", "tactical", NULL};

    if (!word_is(w, head, "systems") && !word_is(w, head, "system")) {
        return 0;
    }
    for (size_t k = t0; k < head; k++) {
        if (in(w, DL_WEAPON_CLASSES, k) || word_among(w, k, words)) {
            return 1;
        }
    }
    return 0;
}

static cm_status org_at(dwork *w, size_t head)
{
    size_t end = sent_end(w, head), t0;
    dref who;

    if (w->t[head].mention || headline(w, w->t[head].sent)) {
        return CM_OK;
    }
    if (head + 1 < end && joined(w, head) && (w->t[head + 1].shape & (TK_CAP | TK_DIGIT))) {
        return CM_OK; /* the phrase goes on: "Army Chief", "Group Captain" */
    }
    t0 = phrase_start(w, head);
    if (t0 == head || !distinctive(w, t0, head) || weapon_family(w, t0, head)) {
        return CM_OK;
    }
    const char *country = NULL;
    for (size_t k = t0; k <= head && !country; k++) {
        country = is_country(w, k) ? mention_entity(w, k)->id : NULL;
    }
    return discover(w, t0, head + 1, w->t[head].e, CM_TYPE_ACTOR, org_subtype(w, t0, head), country,
                    CM_RULE_ORG_HEAD, &who);
}

/* ---- acronyms ---- */

/* The initials of tokens [t0, t1) (each capitalized word and hyphen part; small function
 * words skipped) spell the acronym at token a. */
static int initials_fit(const dwork *w, size_t t0, size_t t1, size_t a)
{
    const cm_nchar *c = DW_C(w);
    size_t p = w->t[a].s, pe = w->t[a].e;

    for (size_t k = t0; k < t1; k++) {
        if (w->t[k].shape & TK_LOWER && in(w, DL_FUNCTION, k)) {
            continue;
        }
        if (!(w->t[k].shape & TK_CAP)) {
            return 0;
        }
        for (size_t i = w->t[k].s; i < w->t[k].e; i++) {
            if (i == w->t[k].s || (c[i - 1].cp == '-' && c[i].cp != c[i].fold)) {
                if (p >= pe || c[p].fold != c[i].fold) {
                    return 0;
                }
                p++;
            }
        }
    }
    return p == pe;
}

/* The full name [t0, t1) and its acronym at token a: the lexicon's entity when it names
 * exactly that phrase, else a discovered organization when the phrase ends in a head
 * word. */
static cm_status define_acronym(dwork *w, size_t t0, size_t t1, size_t a)
{
    dref to;
    cm_status rc = CM_OK;
    const cm_nchar *c = DW_C(w);

    if (w->t[t0].mention && w->t[t0].mention == w->t[t1 - 1].mention) {
        const cm_mention *mn = &w->m->items[w->t[t0].mention - 1];
        if (mn->start != c[w->t[t0].s].start || mn->end != c[w->t[t1 - 1].e - 1].end) {
            return CM_OK;
        }
        to = (dref){mn->entity, 0};
    } else {
        for (size_t k = t0; k < t1; k++) {
            if (is_named(w, k)) {
                return CM_OK;
            }
        }
        if (!(w->t[t1 - 1].shape & TK_CAP) || !in(w, DL_ORG_HEADS, t1 - 1)) {
            return CM_OK;
        }
        const char *country = NULL;
        for (size_t k = t0; k < t1 && !country; k++) {
            country = is_country(w, k) ? mention_entity(w, k)->id : NULL;
        }
        rc = discover(w, t0, t1, w->t[t1 - 1].e, CM_TYPE_ACTOR, org_subtype(w, t0, t1 - 1), country,
                      CM_RULE_ACRONYM, &to);
    }
    if (rc == CM_OK) {
        rc = cm_grow(&w->acros, &w->cap_acros, w->n_acros + 1, sizeof(*w->acros), w->err);
    }
    if (rc == CM_OK) {
        w->acros[w->n_acros++] = (dacro){a, to};
    }
    return rc;
}

/* "<Full Name> (<ACR>)" and "<ACR> (<Full Name>)". */
static cm_status acronym_at(dwork *w, size_t a)
{
    size_t first = w->sent_tok[w->t[a].sent], end = sent_end(w, a), n = w->t[a].e - w->t[a].s;

    if (!(w->t[a].shape & TK_UPPER) || n < 2 || n > 8) {
        return CM_OK;
    }
    if (a > first && gap_is(w, a - 1, " (") && a + 1 <= end &&
        (a + 1 == end || gap_has(w, a, ')'))) {
        for (size_t t0 = a - 1; t0 + n + 4 > a && t0 >= first; t0--) {
            if (t0 < a - 1 && !joined(w, t0)) {
                break;
            }
            if (initials_fit(w, t0, a, a)) {
                return define_acronym(w, t0, a, a);
            }
            if (t0 == first) {
                break;
            }
        }
        return CM_OK;
    }
    if (a + 2 < end && gap_is(w, a, " (")) {
        for (size_t t1 = a + 2; t1 <= end && t1 < a + n + 5; t1++) {
            if (!joined(w, t1 - 2) && t1 > a + 2) {
                break;
            }
            if ((t1 == end || gap_has(w, t1 - 1, ')')) && initials_fit(w, a + 1, t1, a)) {
                return define_acronym(w, a + 1, t1, a);
            }
        }
    }
    return CM_OK;
}

/* ---- weapons ---- */

/* A designation's shape: letters and digits ("XK-12", "RQ-4B", "9M723"), an upper-case
 * letter and a digit, no lower-case start. */
static int designation(const dwork *w, size_t k)
{
    const cm_nchar *c = DW_C(w);
    const dtok *t = &w->t[k];
    size_t upper = 0;

    if ((t->shape & TK_LOWER) || t->e - t->s < 3 || t->e - t->s > 12 || !has_digit(w, k)) {
        return 0;
    }
    for (size_t i = t->s; i < t->e; i++) {
        upper += c[i].cp != c[i].fold;
    }
    /* G7, G20 are groupings, COVID-19 an illness. */
    return upper > 0 && !(c[t->s].cp == 'G' && upper == 1) &&
           !(c[t->s].cp == 'C' && c[t->s + 1].cp == 'O');
}

/* The subtype a class word says. */
static const char *weapon_subtype(const dwork *w, size_t k)
{
    static const char *const by_class[][2] = {
        {"missile", "missile"},
        {"interceptor", "missile"},
        {"drone", "drone"},
        {"uav", "drone"},
        {"ucav", "drone"},
        {"howitzer", "artillery"},
        {"mortar", "artillery"},
        {"rocket", "rocket_artillery"},
        {"launcher", "rocket_artillery"},
        {"tank", "armoured_vehicle"},
        {"fighter", "aircraft"},
        {"bomber", "aircraft"},
        {"helicopter", "helicopter"},
        {"gunship", "helicopter"},
        {"warship", "ship"},
        {"frigate", "ship"},
        {"destroyer", "ship"},
        {"corvette", "ship"},
        {"submarine", "submarine"},
        {"rifle", "small_arms"},
    };
    const cm_nchar *c = DW_C(w);
    size_t s = w->t[k].s, e = w->t[k].e;

    for (size_t i = 0; i < sizeof(by_class) / sizeof(*by_class); i++) {
        if (cm_dword_eq(c, s, e, by_class[i][0]) ||
            (e - s > 1 && c[e - 1].fold == 's' && cm_dword_eq(c, s, e - 1, by_class[i][0]))) {
            return by_class[i][1];
        }
    }
    return "other";
}

/* The class word within three words after token k ("XK-12 ballistic missile"), or 0. */
static size_t class_after(const dwork *w, size_t k)
{
    size_t end = sent_end(w, k);
    for (size_t j = k + 1; j < end && j <= k + 3 && joined(w, j - 1); j++) {
        if ((w->t[j].shape & TK_LOWER || w->t[j].shape & TK_UPPER) && in(w, DL_WEAPON_CLASSES, j)) {
            return j;
        }
        if (w->t[j].mention || !(w->t[j].shape & TK_LOWER) || in(w, DL_FUNCTION, j)) {
            return 0;
        }
    }
    return 0;
}

/* A variant of a lexicon weapon: its designation with a letter suffix ("T-90M", "Su-30MKI")
 * belongs to the base system (guideline rule 27). Returns the entity index or -1. */
static long variant_of(const dwork *w, size_t k)
{
    const cm_nchar *c = DW_C(w);
    size_t s = w->t[k].s, e = w->t[k].e;

    for (size_t p = e - 1; p > s + 1; p--) {
        cm_match mt;
        if (!(c[p].cp >= 'A' && c[p].cp <= 'Z')) {
            if (c[p].cp >= '0' && c[p].cp <= '9') {
                continue;
            }
            return -1;
        }
        if (!(c[p - 1].cp >= '0' && c[p - 1].cp <= '9')) {
            continue;
        }
        cm_lexicon_match(&mt, w->lex, c + s, p - s, 0);
        if (mt.len == p - s && mt.entity >= 0 && mt.type == CM_TYPE_WEAPON &&
            mt.n_candidates == 0) {
            return mt.entity;
        }
    }
    return -1;
}

static cm_status weapon_at(dwork *w, size_t k)
{
    const cm_nchar *c = DW_C(w);
    size_t first = w->sent_tok[w->t[k].sent], end = sent_end(w, k), cls, ce;
    dref who;

    if (w->t[k].mention) {
        return CM_OK;
    }
    int des = designation(w, k);
    if (des) {
        long base = variant_of(w, k);
        if (base >= 0) {
            return cm_dw_add(w, k, k + 1, (dref){(size_t)base, 0}, CM_RULE_WEAPON);
        }
    }
    if (des && (cls = class_after(w, k)) != 0) {
        ce = w->t[k].e;
        if (c[ce - 1].cp == 's' && c[ce - 2].cp >= '0' && c[ce - 2].cp <= '9') {
            ce--; /* XK-12s */
        }
        return discover(w, k, k + 1, ce, CM_TYPE_WEAPON, weapon_subtype(w, cls), NULL,
                        CM_RULE_WEAPON, &who);
    }
    /* "the <Name> missile", the name one capitalized word the lexicon does not know. */
    if (k > first && (w->t[k].shape & TK_CAP) && !has_digit(w, k) && joined(w, k - 1) &&
        word_is(w, k - 1, "the") && (w->t[k - 1].shape & TK_LOWER) && k + 1 < end && joined(w, k) &&
        (w->t[k + 1].shape & TK_LOWER) && in(w, DL_WEAPON_CLASSES, k + 1) && name_word(w, k) &&
        !in(w, DL_GENERIC, k) && !is_country(w, k) && !demonym_shaped(w, k) &&
        !headline(w, w->t[k].sent) &&
        (k + 2 >= end || !joined(w, k + 1) || !in(w, DL_NOT_AFTER_CLASS, k + 2))) {
        return discover(w, k, k + 1, w->t[k].e, CM_TYPE_WEAPON, weapon_subtype(w, k + 1), NULL,
                        CM_RULE_WEAPON, &who);
    }
    return CM_OK;
}

/* ---- the rules over a sentence ---- */

/* The rules that may start at a lower-case word: a role before a name, "by". */
static cm_status lower_rules(dwork *w, size_t k, size_t end)
{
    cm_status rc = CM_OK;
    if (k + 1 < end && (w->t[k + 1].shape & TK_CAP) && in(w, DL_ROLES, k)) {
        rc = role_at(w, k);
    }
    if (rc == CM_OK && w->t[k].e - w->t[k].s == 2) {
        rc = byline_may(w, k) ? byline_at(w, k) : CM_OK;
    }
    return rc;
}

/* Most words are lower case or lexicon names: only the rules that can start there run. */
static cm_status rules_in(dwork *w, size_t s)
{
    cm_status rc = CM_OK;
    int all = w->mode == CM_DISCOVER_ALL;
    size_t end = w->sent_tok[s + 1];

    for (size_t k = w->sent_tok[s]; k < end && rc == CM_OK;) {
        const dtok *t = &w->t[k];
        size_t next = k + 1;
        if (t->shape & TK_LOWER) {
            rc = lower_rules(w, k, end);
        } else if (t->mention) {
            rc = byline_may(w, k) ? byline_at(w, k) : CM_OK;
            if (rc == CM_OK && all && t->shape & TK_UPPER) {
                rc = acronym_at(w, k);
            }
        } else if (t->shape & (TK_CAP | TK_DIGIT)) {
            if (t->shape & TK_CAP && title_word(w, k) &&
                (k == w->sent_tok[s] || !joined(w, k - 1) || !title_word(w, k - 1))) {
                rc = title_at(w, k, &next);
            }
            if (rc == CM_OK && next == k + 1) {
                rc = byline_may(w, k) ? byline_at(w, k) : CM_OK;
            }
            if (rc == CM_OK && next == k + 1 && t->shape & TK_CAP) {
                rc = name_then_role(w, k);
            }
            if (rc == CM_OK && all && t->shape & TK_CAP && in(w, DL_ORG_HEADS, k)) {
                rc = org_at(w, k);
            }
            if (rc == CM_OK && all && t->shape & TK_UPPER) {
                rc = acronym_at(w, k);
            }
            if (rc == CM_OK && all) {
                rc = weapon_at(w, k);
            }
        }
        k = next;
    }
    return rc;
}

int cm_dw_joined(const dwork *w, size_t k)
{
    return joined(w, k);
}

int cm_dw_name_word(const dwork *w, size_t k)
{
    return name_word(w, k);
}

size_t cm_dw_sent_end(const dwork *w, size_t k)
{
    return sent_end(w, k);
}

cm_status cm_discover_rules(dwork *w)
{
    cm_status rc = cm_grow(&w->drop, &w->cap_drop, w->m->n + 1, 1, w->err);

    if (rc == CM_OK) {
        memset(w->drop, 0, w->m->n + 1);
    }
    for (size_t s = 0; s < w->seg->n_sentences && rc == CM_OK; s++) {
        rc = rules_in(w, s);
    }
    return rc;
}

cm_status cm_discover_tokenize(dwork *w)
{
    return tokenize(w);
}
