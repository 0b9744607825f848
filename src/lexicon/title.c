/* comention: the titles a lexicon adds to the discovery rule "persons after a title"
 * (docs/lexicon-format.md, `<title>`). A title is kept as written; its words go into one
 * sorted index of folded words with a bit per kind, so discovery asks about a token by
 * bisection, whatever the number of titles. */
#include <string.h>
#include <utf8proc.h>
#include "lexicon/lexicon_int.h"

/* Longer tokens are no title word (and a lookup needs no allocation). */
#define MAX_WORD 64

const char *const cm_title_kind_names[3] = {"head", "modifier", "honorific"};

/* Lower-case words that may join the words of a title ("Chief of General Staff"); each
 * is one the discovery rule lets stand between title words. */
static const char *const connectors[] = {"and", "for", "of", "on", "the", NULL};

static int cps_order(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    for (size_t i = 0; i < na && i < nb; i++) {
        if (a[i] != b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
    }
    return na < nb ? -1 : na > nb;
}

static int is_connector(const cm_nchar *c, size_t s, size_t e)
{
    for (size_t i = 0; connectors[i]; i++) {
        size_t j = 0;
        while (s + j < e && connectors[i][j] && c[s + j].cp == (unsigned char)connectors[i][j]) {
            j++;
        }
        if (s + j == e && !connectors[i][j]) {
            return 1;
        }
    }
    return 0;
}

/* One word of a title: a capital, then letters with inner hyphens, and an abbreviation's
 * final dot. *end is one past the word without its dot. */
static int word_ok(const cm_nchar *c, size_t s, size_t e, size_t *end)
{
    *end = e > s && c[e - 1].cp == '.' ? e - 1 : e;
    if (*end == s || *end - s > MAX_WORD ||
        utf8proc_category((utf8proc_int32_t)c[s].cp) != UTF8PROC_CATEGORY_LU ||
        c[*end - 1].cp == '-') {
        return 0;
    }
    for (size_t i = s; i < *end; i++) {
        utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c[i].cp);
        int dash = c[i].cp == '-' && c[i + 1].cp != '-';
        if (!dash && (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO)) {
            return 0;
        }
    }
    return 1;
}

/* Where the folded word `w` of n chars is in the index, or would go; *found says which. */
static size_t find_word(const cm_lexicon *lex, const uint32_t *w, size_t n, int *found)
{
    size_t lo = 0, hi = lex->n_title_words;
    *found = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const title_word *t = &lex->title_words[mid];
        int r = cps_order(w, n, t->fold, t->n);
        if (r == 0) {
            *found = 1;
            return mid;
        }
        *(r < 0 ? &hi : &lo) = r < 0 ? mid : mid + 1;
    }
    return lo;
}

/* Put word [s, e) of the folded chars into the index with `bits`. */
static cm_status index_word(cm_lexicon *lex, const cm_nchar *c, size_t s, size_t e, unsigned bits,
                            cm_error *err)
{
    uint32_t *w = cm_malloc((e - s) * sizeof(*w));
    size_t at;
    int found;
    cm_status rc;

    if (!w) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = s; i < e; i++) {
        w[i - s] = c[i].fold;
    }
    at = find_word(lex, w, e - s, &found);
    if (found) {
        lex->title_words[at].bits |= (uint8_t)bits;
        cm_free(w);
        return CM_OK;
    }
    rc = cm_grow(&lex->title_words, &lex->cap_title_words, lex->n_title_words + 1,
                 sizeof(*lex->title_words), err);
    if (rc != CM_OK) {
        cm_free(w);
        return rc;
    }
    memmove(&lex->title_words[at + 1], &lex->title_words[at],
            (lex->n_title_words - at) * sizeof(*lex->title_words));
    lex->title_words[at] = (title_word){w, e - s, (uint8_t)bits};
    lex->n_title_words++;
    return CM_OK;
}

/* The words of a title: the last one has the title's kind (an honorific is a head too),
 * the ones before it are modifiers, connectors are left to the rule. */
static cm_status index_title(cm_lexicon *lex, const cm_nchar *c, size_t n, cm_title_kind kind,
                             cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t s = 0; s < n && rc == CM_OK;) {
        size_t e = s, end;
        while (e < n && c[e].cp != ' ') {
            e++;
        }
        if (!is_connector(c, s, e)) {
            unsigned bits = 1u << CM_TITLE_MODIFIER;
            if (e == n && kind != CM_TITLE_MODIFIER) {
                bits = 1u << CM_TITLE_HEAD | 1u << kind;
            }
            word_ok(c, s, e, &end);
            rc = index_word(lex, c, s, end, bits, err);
        }
        s = e + 1;
    }
    return rc;
}

/* A title is capitalized words, maybe joined by connectors; "" when it is, else why not. */
static const char *title_problem(const cm_nchar *c, size_t n)
{
    size_t words = 0, end;
    for (size_t s = 0; s < n;) {
        size_t e = s;
        while (e < n && c[e].cp != ' ') {
            e++;
        }
        int inner = s > 0 && e < n;
        if (!(inner && is_connector(c, s, e)) && !word_ok(c, s, e, &end)) {
            return "each word of a title starts with a capital and holds letters only "
                   "(inner hyphens, a final dot; of, for, and, on, the between words)";
        }
        words++;
        s = e + 1;
    }
    return words ? "" : "empty title";
}

static int same_title(const title_rec *a, const uint32_t *fold, size_t n, cm_title_kind kind)
{
    return a->kind == kind && cps_order(a->fold, a->n, fold, n) == 0;
}

/* Keep the title's record; a repeat from another file is already known. */
static cm_status keep_title(lex_reader *r, long line, const char *text, cm_nchar *c, size_t n,
                            cm_title_kind kind)
{
    cm_lexicon *lex = r->lex;
    uint32_t *fold = cm_malloc((n + 1) * sizeof(*fold));
    title_rec *t;
    cm_status rc;

    if (!fold) {
        return cm_error_set(r->err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        fold[i] = c[i].fold;
    }
    for (size_t i = 0; i < lex->n_titles; i++) {
        if (same_title(&lex->titles[i], fold, n, kind)) {
            cm_free(fold);
            if (i < r->first_title) {
                return CM_OK;
            }
            return cm_lex_fail(r, line, "duplicate title: %s (first at line %ld)", text,
                               lex->titles[i].line);
        }
    }
    rc = cm_grow(&lex->titles, &lex->cap_titles, lex->n_titles + 1, sizeof(*lex->titles), r->err);
    t = rc == CM_OK ? &lex->titles[lex->n_titles] : NULL;
    if (t && !(t->text = cm_strndup(text, strlen(text)))) {
        rc = cm_error_set(r->err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (rc != CM_OK) {
        cm_free(fold);
        return rc;
    }
    t->kind = kind;
    t->line = line;
    t->fold = fold;
    t->n = n;
    lex->n_titles++;
    lex->digest[0] = '\0';
    return index_title(lex, c, n, kind, r->err);
}

cm_status cm_lex_add_title(lex_reader *r, long line, const char *text, const char *kind)
{
    cm_nchar *c = NULL;
    size_t n = 0, s = 0, a = 0, b = strlen(text);
    int k = 0;
    cm_status rc;

    if (kind) {
        for (k = 0; k < 3 && strcmp(kind, cm_title_kind_names[k]) != 0; k++) {
        }
        if (k == 3) {
            return cm_lex_fail(r, line, "unknown title kind: %s", kind);
        }
    }
    if ((rc = cm_normalize(&c, &n, text, b, r->err)) != CM_OK) {
        return rc;
    }
    while (s < n && c[s].cp == ' ') {
        s++;
    }
    while (n > s && c[n - 1].cp == ' ') {
        n--;
    }
    const char *why = title_problem(c + s, n - s);
    if (*why) {
        rc = cm_lex_fail(r, line, "bad title \"%s\": %s", text, why);
    } else {
        a = c[s].start; /* as written, without the spaces around it */
        b = c[n - 1].end;
        char *kept = cm_strndup(text + a, b - a);
        rc = kept ? keep_title(r, line, kept, c + s, n - s, (cm_title_kind)k)
                  : cm_error_set(r->err, CM_ENOMEM, NULL, 0, "out of memory");
        cm_free(kept);
    }
    cm_free(c);
    return rc;
}

size_t cm_lexicon_n_titles(const cm_lexicon *lex)
{
    return lex->n_titles;
}

const char *cm_lexicon_title(const cm_lexicon *lex, size_t i, cm_title_kind *kind)
{
    *kind = lex->titles[i].kind;
    return lex->titles[i].text;
}

int cm_lexicon_title_word(const cm_lexicon *lex, cm_title_kind kind, const cm_nchar *chars,
                          size_t s, size_t e)
{
    uint32_t w[MAX_WORD];
    size_t at;
    int found;

    if (e - s > MAX_WORD || lex->n_title_words == 0) {
        return 0;
    }
    for (size_t i = s; i < e; i++) {
        w[i - s] = chars[i].fold;
    }
    at = find_word(lex, w, e - s, &found);
    return found && (lex->title_words[at].bits >> kind) & 1u;
}

void cm_lex_free_titles(cm_lexicon *lex)
{
    for (size_t i = 0; i < lex->n_titles; i++) {
        cm_free(lex->titles[i].text);
        cm_free(lex->titles[i].fold);
    }
    for (size_t i = 0; i < lex->n_title_words; i++) {
        cm_free(lex->title_words[i].fold);
    }
    cm_free(lex->titles);
    cm_free(lex->title_words);
}
