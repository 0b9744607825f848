/* comention: what each sentence is part of — body text, a headline, a byline, a photo
 * caption or a credit (cm_sentence_kind), for `--units body`. Conservative: a sentence is
 * body unless its paragraph has the form of one of the others.
 *
 *  - credit: a paragraph or sentence that is only a credit: "(Reuters)", "[AP Photo]",
 *    "(Photo: Agency/Name)", "© Agency/Name", "Photo: Agency", "Credit: Name" (a credit
 *    after a full stop is its own sentence, guideline rule 36);
 *  - caption: a paragraph that ends in such a credit, within its last sentence ("… new
 *    sanctions (Photo: X/Y)") or, naming a photo, after a full stop ("… 2023. (Photo: X)"),
 *    or that starts with "Photo:", "Pictured:" or "Caption:" and is longer than a credit;
 *    its credit sentence, if it is one of its own, stays a credit. An agency's name after
 *    the last full stop of a paragraph ("… said. (Reuters)") is a credit, the rest body;
 *  - byline: "By Name Name", "By Name and Name, Agency"; before the first body paragraph
 *    also "Name Name, Agency";
 *  - headline: before the first body paragraph, a one-sentence paragraph of at most 20
 *    words that does not end in sentence punctuation, with more text after it.
 * Sub-headings further down stay body: the guideline counts them like any line. */
#include <string.h>
#include <utf8proc.h>
#include "text/text_int.h"

#define HEADLINE_WORDS 20
#define CREDIT_WORDS 8
#define BYLINE_WORDS 10

static int upper_cp(uint32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'A' && cp <= 'Z';
    }
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* A span of normalized chars. */
typedef struct span {
    const cm_nchar *c;
    size_t s, e;
} span;

static size_t count_words(span t)
{
    size_t n = t.e > t.s;
    for (size_t i = t.s; i < t.e; i++) {
        n += t.c[i].cp == ' ';
    }
    return n;
}

/* Does the span start with the word (ASCII, any case), followed by a non-letter? */
static int starts_with(span t, const char *w)
{
    size_t n = strlen(w);
    if (t.e - t.s < n) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (t.c[t.s + i].fold != (uint32_t)w[i]) {
            return 0;
        }
    }
    return t.s + n == t.e || !cm_is_word_char(t.c[t.s + n].cp);
}

static int starts_with_any(span t, const char *const *words)
{
    for (size_t k = 0; words[k]; k++) {
        if (starts_with(t, words[k])) {
            return 1;
        }
    }
    return 0;
}

/* "Photo: …", "Pictured: …": one of the words, then a colon. */
static int label_colon(span t, const char *const *words)
{
    size_t colon = t.s;
    while (colon < t.e && colon - t.s < 12 && t.c[colon].cp != ':') {
        colon++; /* most lines have none: no word need be compared */
    }
    if (colon >= t.e || t.c[colon].cp != ':') {
        return 0;
    }
    for (size_t k = 0; words[k]; k++) {
        size_t n = strlen(words[k]);
        if (starts_with(t, words[k]) && t.s + n < t.e && t.c[t.s + n].cp == ':') {
            return 1;
        }
    }
    return 0;
}

/* Words that open a credit, before a colon or inside brackets. */
static const char *const credit_words[] = {"photo",   "photos", "photograph", "image",    "credit",
                                           "picture", "video",  "file photo", "ap photo", NULL};

/* Words that open a caption before a colon. */
static const char *const caption_words[] = {"pictured", "caption", "above", NULL};

/* Names of agencies that credit themselves in brackets, "(Reuters)". */
static const char *const agency_words[] = {"reuters", "afp",  "ap",      "getty",   "epa",
                                           "xinhua",  "tass", "anadolu", "sputnik", NULL};

static span trim(span t)
{
    while (t.s < t.e && t.c[t.s].cp == ' ') {
        t.s++;
    }
    while (t.e > t.s && t.c[t.e - 1].cp == ' ') {
        t.e--;
    }
    return t;
}

/* "Photo: Agency/Name" as a whole: a credit word, a colon, a few words, no full stop. */
static int colon_credit(span t)
{
    /* The full stop first: it ends most sentences, and this runs for nearly every one. */
    return t.c[t.e - 1].cp != '.' && label_colon(t, credit_words) && count_words(t) <= CREDIT_WORDS;
}

/* "(Reuters)", "[AP Photo]", "(Photo: Agency/Name)", "© Agency/Name" as a whole. */
static int is_credit(span t)
{
    if (t.e - t.s > 160) {
        return 0; /* far longer than CREDIT_WORDS words: most sentences end here */
    }
    t = trim(t);
    if (t.e - t.s < 2) {
        return 0;
    }
    if (t.c[t.s].cp == 0xA9) {
        return count_words(t) <= CREDIT_WORDS;
    }
    if ((t.c[t.s].cp == '(' && t.c[t.e - 1].cp == ')') ||
        (t.c[t.s].cp == '[' && t.c[t.e - 1].cp == ']')) {
        span in = trim((span){t.c, t.s + 1, t.e - 1});
        return in.e > in.s && count_words(in) <= CREDIT_WORDS &&
               (in.c[in.s].cp == 0xA9 || starts_with_any(in, credit_words) ||
                starts_with_any(in, agency_words));
    }
    return colon_credit(t);
}

/* Where a bracketed credit at the end of the span starts ("… sanctions (Photo: X/Y)"),
 * or t.e. */
static size_t credit_at_end(span t)
{
    t = trim(t);
    if (t.e - t.s < 4) {
        return t.e;
    }
    uint32_t close = t.c[t.e - 1].cp, open = close == ')' ? '(' : close == ']' ? '[' : 0;
    for (size_t i = t.e - 1; open && i-- > t.s && t.e - i < 80;) {
        if (t.c[i].cp == open) {
            return i > t.s && t.c[i - 1].cp == ' ' && is_credit((span){t.c, i, t.e}) ? i : t.e;
        }
    }
    return t.e;
}

static int ends_sentence(span t)
{
    size_t e = t.e;
    while (e > t.s && (t.c[e - 1].cp == '"' || t.c[e - 1].cp == '\'' || t.c[e - 1].cp == ')')) {
        e--;
    }
    if (e == t.s) {
        return 0;
    }
    uint32_t last = t.c[e - 1].cp;
    return last == '.' || last == '!' || last == '?' || last == ':' || last == ';';
}

/* Capitalised words (with "and" and name particles between) up to the end or a comma. */
static size_t name_words(span t, size_t *at)
{
    static const char *const joins[] = {"and", "de", "van", "von", "al", "bin", "del", NULL};
    size_t n = 0, i = *at;
    while (i < t.e) {
        size_t s = i;
        while (i < t.e && t.c[i].cp != ' ' && t.c[i].cp != ',' && t.c[i].cp != '|') {
            i++;
        }
        span w = {t.c, s, i};
        if (!(upper_cp(t.c[s].cp) || (n > 0 && starts_with_any(w, joins) && i - s <= 3))) {
            return 0;
        }
        n++;
        if (i < t.e && t.c[i].cp != ' ') {
            break; /* a comma or a bar */
        }
        i += i < t.e;
    }
    *at = i;
    return n;
}

/* Name runs separated by commas or bars up to the end: "Name and Name, Agency". */
static int name_runs(span t, size_t at)
{
    while (at < t.e) {
        if (name_words(t, &at) == 0) {
            return 0;
        }
        if (at >= t.e) {
            break;
        }
        at++; /* the comma or bar */
        while (at < t.e && t.c[at].cp == ' ') {
            at++;
        }
    }
    return 1;
}

/* "By Name Name[, Agency]" anywhere; "Name Name, Agency" at the top (`top`). */
static int is_byline(span t, int top)
{
    size_t at = t.s;

    t = trim(t);
    if (count_words(t) > BYLINE_WORDS || t.e - t.s < 4 || ends_sentence(t)) {
        return 0;
    }
    if (t.c[t.s].cp == 'B' && t.c[t.s + 1].cp == 'y' && t.c[t.s + 2].cp == ' ') {
        return name_runs(t, t.s + 3);
    }
    /* A name in title case ("Maria Lopez", not a headline's "IRAN STEPS UP"), then a
     * comma or a bar. */
    if (!top || t.e - t.s < 2 || upper_cp(t.c[t.s + 1].cp) || name_words(t, &at) < 2 || at >= t.e) {
        return 0;
    }
    return name_runs(t, at + 1 + (at + 1 < t.e && t.c[at + 1].cp == ' '));
}

/* A credit that names a photo ("(Photo: X)", "© X/Y", "[AP Photo]"), not an agency alone. */
static int photo_credit(span t)
{
    t = trim(t);
    if (t.e > t.s && (t.c[t.s].cp == '(' || t.c[t.s].cp == '[')) {
        t = trim((span){t.c, t.s + 1, t.e});
    }
    return t.e > t.s && (t.c[t.s].cp == 0xA9 || starts_with_any(t, credit_words));
}

static void set_kind(cm_segments *seg, size_t a, size_t b, cm_sentence_kind k)
{
    for (size_t i = a; i < b; i++) {
        seg->sentences[i].kind = k;
    }
}

/* The kind of paragraph [a, b) of sentences; *body_seen is set at the first body one. */
static void classify_paragraph(cm_segments *seg, size_t a, size_t b, int *body_seen, int last)
{
    const cm_sentence *sn = seg->sentences;
    span t = {seg->chars, sn[a].nstart, sn[b - 1].nend};
    size_t credit;

    if (b - a == 1 && is_credit(t)) {
        set_kind(seg, a, b, CM_KIND_CREDIT);
    } else if (b - a == 1 && is_byline(t, !*body_seen)) {
        set_kind(seg, a, b, CM_KIND_BYLINE);
    } else if (((credit = credit_at_end(t)) < t.e &&
                (credit > sn[b - 1].nstart || photo_credit((span){t.c, credit, t.e}))) ||
               label_colon(t, caption_words) ||
               (label_colon(t, credit_words) && count_words(t) > CREDIT_WORDS)) {
        /* A line that ends in a credit (of a photo, or glued to its text): a caption. */
        set_kind(seg, a, b, CM_KIND_CAPTION);
    } else if (!*body_seen && !last && b - a == 1 && count_words(t) <= HEADLINE_WORDS &&
               !ends_sentence(t) && upper_cp(t.c[t.s].cp)) {
        set_kind(seg, a, b, CM_KIND_HEADLINE);
    } else {
        *body_seen = 1;
    }
    /* A credit after a full stop is a sentence of its own, and a credit (rule 36). */
    for (size_t i = a; i < b && b - a > 1; i++) {
        if (is_credit((span){seg->chars, sn[i].nstart, sn[i].nend})) {
            seg->sentences[i].kind = CM_KIND_CREDIT;
        }
    }
}

void cm_seg_classify(cm_segments *seg, int *body_seen, int final)
{
    for (size_t a = 0; a < seg->n_sentences;) {
        size_t b = a + 1;
        while (b < seg->n_sentences && seg->sentences[b].paragraph == seg->sentences[a].paragraph) {
            b++;
        }
        classify_paragraph(seg, a, b, body_seen, final && b == seg->n_sentences);
        a = b;
    }
}
