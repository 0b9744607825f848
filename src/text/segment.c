/* comention: paragraphs and sentences (docs/design.md §5, "Segmentation principle", and the
 * sentence rules of the evaluation guideline).
 *
 * Works on the normalized text, where a whitespace run is one space that remembers how
 * many line breaks it held. Lines are the first cut; a hard-wrapped document is detected
 * and its single line breaks read as spaces. Sentences end at . ! ? (or an ellipsis),
 * with closing quotes and brackets, before a capital, digit, quote or bracket — not after
 * a known abbreviation, an abbreviation with inner periods (U.S., a.m.) or an initial. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "text/text_int.h"
#include "util/util.h"

typedef struct line {
    size_t s, e; /* normalized chars [s, e) */
    uint32_t nl; /* line breaks before the next line (0 for the last) */
    int joined;  /* the next line continues this one's paragraph */
} line;

typedef struct seg_state {
    cm_segments *seg;
    size_t mark; /* the first mark not yet behind the paragraph being split */
    cm_error *err;
} seg_state;

static int is_upper(uint32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'A' && cp <= 'Z';
    }
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_lower(uint32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'a' && cp <= 'z';
    }
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

static int is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static int is_closer(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']';
}

static int is_bullet(uint32_t cp)
{
    return cp == '-' || cp == '*' || cp == 0x2022 || cp == 0x00B7 || cp == 0x25AA || cp == 0x25CF ||
           cp == 0x25E6 || cp == 0x2023 || cp == 0x2043 || cp == 0x25A0;
}

/* Words that end in a period without ending the sentence, in byte order (bsearch). "No"
 * only before a number. */
static const char *const abbreviations[] = {
    "Adm", "Apr", "Aug", "Brig",   "Capt", "Cdr", "Cmdr", "Co",     "Col", "Corp", "Cpl",
    "Cpt", "Dec", "Dr",  "Feb",    "Fig",  "Ft",  "Gen",  "Gov",    "Hon", "Inc",  "Jan",
    "Jr",  "Jul", "Jun", "Lt",     "Ltd",  "Maj", "Mar",  "Messrs", "Mr",  "Mrs",  "Ms",
    "Mt",  "Nov", "Oct", "Pres",   "Prof", "Pvt", "Rep",  "Rev",    "Sen", "Sep",  "Sept",
    "Sgt", "Sr",  "St",  "approx", "cf",   "est", "lit",  "ret",    "vs",
};

/* `dotted`: a period is among c[ws, we) (U.S, a.m, J.D, U.N). */
static int is_abbreviation(const cm_nchar *c, size_t ws, size_t we, int dotted, int before_digit)
{
    char word[8];
    size_t n = we - ws;

    if (n == 0) {
        return 0;
    }
    if (dotted) {
        return 1;
    }
    if (n == 1 && is_upper(c[ws].cp)) {
        return 1; /* an initial */
    }
    if (n > 6) {
        return 0; /* longer than every listed abbreviation ("Messrs", "approx") */
    }
    for (size_t i = 0; i < n; i++) {
        if (c[ws + i].cp > 0x7F) {
            return 0;
        }
        word[i] = (char)c[ws + i].cp;
    }
    word[n] = '\0';
    if ((word[0] == 'N' || word[0] == 'n') &&
        (strcmp(word + 1, "o") == 0 || strcmp(word, "Nos") == 0)) {
        return before_digit;
    }
    /* Bisection without a comparison callback: this runs at every period. */
    for (size_t lo = 0, hi = sizeof(abbreviations) / sizeof(*abbreviations); lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        const char *a = abbreviations[mid];
        size_t k = 0;
        while (a[k] && a[k] == word[k]) {
            k++;
        }
        if (a[k] == word[k]) {
            return 1;
        }
        if ((unsigned char)a[k] < (unsigned char)word[k]) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return 0;
}

static cm_status add_sentence(seg_state *st, size_t s, size_t e, size_t par)
{
    const cm_nchar *c = st->seg->chars;
    cm_segments *seg = st->seg;
    cm_status rc;

    while (s < e && c[s].cp == ' ') {
        s++;
    }
    while (e > s && c[e - 1].cp == ' ') {
        e--;
    }
    if (s >= e) {
        return CM_OK;
    }
    /* Tested here: growing is rare, and this runs for every sentence. */
    if (seg->n_sentences == seg->cap_sentences &&
        (rc = cm_grow(&seg->sentences, &seg->cap_sentences, seg->n_sentences + 1,
                      sizeof(cm_sentence), st->err)) != CM_OK) {
        return rc;
    }
    seg->sentences[seg->n_sentences++] =
        (cm_sentence){c[s].start, c[e - 1].end, s, e, par, CM_KIND_BODY};
    return CM_OK;
}

/* The token around c[i] (up to spaces) is a URL or an e-mail address. */
static int in_address(const cm_nchar *c, size_t i, size_t e)
{
    size_t s = i, t = i;
    while (s > 0 && c[s - 1].cp != ' ') {
        s--;
    }
    while (t < e && c[t].cp != ' ') {
        t++;
    }
    for (size_t k = s; k < t; k++) {
        if (c[k].cp == '@' || c[k].cp == '/' ||
            (k + 3 < t && c[k].fold == 'w' && c[k + 1].fold == 'w' && c[k + 2].fold == 'w' &&
             c[k + 3].cp == '.')) {
            return 1;
        }
    }
    return 0;
}

/* Sentences glued without a space ("drones.An Iranian", "HIMARS.US officials",
 * "2025.The", "on Monday:Relations"): a word of two or more letters or digits, the mark,
 * then a capitalised word. Inner periods of U.S.A, decimals, times, versions and
 * addresses do not qualify. */
static int glued(const cm_nchar *c, size_t i, size_t e)
{
    size_t w = i;
    while (w > 0 && cm_is_word_char(c[w - 1].cp)) {
        w--;
    }
    if (i - w < 2 || (w > 0 && c[w - 1].cp == '.') || i + 2 >= e || !is_upper(c[i + 1].cp)) {
        return 0;
    }
    /* "An", or an acronym that ends a word ("US officials"). */
    size_t k = i + 2;
    while (k < e && is_upper(c[k].cp)) {
        k++;
    }
    int word = is_lower(c[i + 2].cp) || (k > i + 2 && (k >= e || !cm_is_word_char(c[k].cp)));
    return word && !in_address(c, i, e);
}

/* A list marker: a number and its period or bracket at the start of a line ("1. ", "2) "). */
static int list_marker(const cm_nchar *c, size_t s, size_t i)
{
    size_t d = i;
    while (d > s && is_digit(c[d - 1].cp)) {
        d--;
    }
    return d == s && i > s && i - s <= 3;
}

/* Where a sentence ending at the terminator c[i] stops (one past its closers), or 0 when
 * c[i] does not end a sentence. `e` bounds the paragraph. */
static size_t sentence_end(const cm_nchar *c, const uint64_t *wbits, size_t i, size_t e)
{
    size_t j = i + 1, ws = i;

    while (j < e && (c[j].cp == '.' || c[j].cp == '!' || c[j].cp == '?')) {
        j++;
    }
    size_t term_run = j - i;
    while (j < e && is_closer(c[j].cp)) {
        j++;
    }
    if (j >= e) {
        return e;
    }
    if (c[j].cp != ' ') {
        return c[i].cp == '.' && term_run == 1 && j == i + 1 && glued(c, i, e) ? j : 0;
    }
    if (j + 1 >= e) {
        return j;
    }
    uint32_t next = c[j + 1].cp;
    if (!(is_upper(next) || is_digit(next) || next == '"' || next == '\'' || next == '(' ||
          next == '[')) {
        return 0;
    }
    if (c[i].cp == '.' && term_run == 1) {
        /* The word before the period, periods within it noted on the way: the word bits
         * of normalization instead of the class of each char. */
        int dotted = 0;
        for (; ws > 0; ws--) {
            if (c[ws - 1].cp == '.') {
                dotted = 1;
            } else if (!((wbits[(ws - 1) / 64] >> ((ws - 1) % 64)) & 1)) {
                break;
            }
        }
        /* press@ministry.example. Next: an address is no abbreviation. */
        if (is_abbreviation(c, ws, i, dotted, is_digit(next)) && !in_address(c, i - 1, e)) {
            return 0;
        }
    }
    return j;
}

static cm_status split_paragraph(seg_state *st, size_t s, size_t e)
{
    const cm_nchar *c = st->seg->chars;
    const uint32_t *mk = st->seg->marks;
    size_t par = st->seg->n_paragraphs - 1, start = s, m = st->mark, n_marks = st->seg->n_marks;
    cm_status rc = CM_OK;

    while (m < n_marks && mk[m] < s) {
        m++;
    }
    /* Only a mark can end a sentence: the chars between them are passed over unread. */
    for (; m < n_marks && mk[m] < e && rc == CM_OK; m++) {
        size_t i = mk[m], end;
        if (i < start) {
            continue; /* inside the closers of the sentence just ended */
        }
        if (c[i].cp == ':' && glued(c, i, e)) {
            end = i + 1;
        } else if (c[i].cp == '.' && list_marker(c, start, i)) {
            continue; /* "1. Four batteries": the marker belongs to its item */
        } else if (c[i].cp == '.' || c[i].cp == '!' || c[i].cp == '?') {
            end = sentence_end(c, st->seg->words, i, e);
        } else {
            continue;
        }
        if (end == 0 || end >= e) {
            continue;
        }
        rc = add_sentence(st, start, end, par);
        start = end;
    }
    st->mark = m;
    if (rc == CM_OK) {
        rc = add_sentence(st, start, e, par);
    }
    return rc;
}

/* Bullet glyphs at the start of a line are not part of the item's text. */
static size_t skip_bullet(const cm_nchar *c, size_t s, size_t e)
{
    if (s + 1 < e && is_bullet(c[s].cp) && c[s + 1].cp == ' ') {
        return s + 2;
    }
    return s;
}

static cm_status add_paragraph(seg_state *st, const line *lines, size_t first, size_t last)
{
    cm_segments *seg = st->seg;
    const cm_nchar *c = seg->chars;
    size_t s = lines[first].s, e = lines[last].e;
    cm_status rc = CM_OK;

    if (seg->n_paragraphs == seg->cap_paragraphs &&
        (rc = cm_grow(&seg->paragraphs, &seg->cap_paragraphs, seg->n_paragraphs + 1,
                      sizeof(cm_paragraph), st->err)) != CM_OK) {
        return rc;
    }
    seg->paragraphs[seg->n_paragraphs++] = (cm_paragraph){c[s].start, c[e - 1].end};
    /* Each line of the paragraph may start with a bullet; only a line that is its own
     * paragraph can, in practice, so trimming the first is enough. */
    return split_paragraph(st, skip_bullet(c, s, e), e);
}

static cm_status find_lines(line **out, size_t *n_out, const cm_segments *seg, cm_error *err)
{
    const cm_nchar *c = seg->chars;
    line *v = NULL;
    size_t n = 0, cap = 0, s = 0;
    cm_status rc = CM_OK;

    /* The line breaks are the marks that are spaces, then the end of the text. */
    for (size_t m = 0; m <= seg->n_marks && rc == CM_OK; m++) {
        size_t i = m < seg->n_marks ? seg->marks[m] : seg->n_chars;
        if (i < seg->n_chars && c[i].cp != ' ') {
            continue;
        }
        if (i > s) {
            rc = n < cap ? CM_OK : cm_grow(&v, &cap, n + 1, sizeof(*v), err);
            if (rc == CM_OK) {
                v[n++] = (line){s, i, i < seg->n_chars ? c[i].nl : 0, 0};
            }
        } else if (n > 0 && i < seg->n_chars) {
            v[n - 1].nl += c[i].nl;
        }
        s = i + 1;
    }
    *out = v;
    *n_out = n;
    return rc;
}

static int ends_open(const cm_nchar *c, const line *l)
{
    uint32_t last = c[l->e - 1].cp;
    return !(last == '.' || last == '!' || last == '?' || last == ':' || last == '"' ||
             last == '\'' || last == ')');
}

/* Hard-wrapped text: blocks of lines of bounded width, most of which stop mid-sentence.
 * Scraped news (one paragraph per line) has long lines that end in punctuation. */
static int detect_hard_wrap(const cm_nchar *c, const line *lines, size_t n)
{
    size_t joints = 0, open = 0, narrow = 0;

    for (size_t i = 0; i + 1 < n; i++) {
        if (lines[i].nl != 1) {
            continue;
        }
        joints++;
        size_t len = lines[i].e - lines[i].s;
        if (len <= 100) {
            narrow++;
        }
        if (len >= 30 && ends_open(c, &lines[i])) {
            open++;
        }
    }
    return joints >= 2 && open * 2 >= joints && narrow * 5 >= joints * 4;
}

/* A line that starts with , ; : ) is the middle of a sentence. */
static int starts_mid_sentence(const cm_nchar *c, const line *l)
{
    uint32_t first = c[l->s].cp;
    return first == ',' || first == ';' || first == ':' || first == ')';
}

static int continues(const cm_nchar *c, const line *next)
{
    return is_lower(c[next->s].cp) || starts_mid_sentence(c, next);
}

/* A line that opens a unit of its own even in hard-wrapped text: a bullet or numbered
 * item, or a byline. */
static int opens_unit(const cm_nchar *c, const line *l)
{
    size_t s = l->s, d = s;
    if (s + 1 < l->e && is_bullet(c[s].cp) && c[s + 1].cp == ' ') {
        return 1;
    }
    while (d < l->e && is_digit(c[d].cp)) {
        d++;
    }
    if (d > s && d - s <= 3 && d + 1 < l->e && (c[d].cp == '.' || c[d].cp == ')') &&
        c[d + 1].cp == ' ') {
        return 1;
    }
    return l->e - s > 3 && c[s].cp == 'B' && c[s + 1].cp == 'y' && c[s + 2].cp == ' ' &&
           is_upper(c[s + 3].cp);
}

static size_t words(const cm_nchar *c, const line *l)
{
    size_t n = 1;
    for (size_t i = l->s; i < l->e; i++) {
        n += c[i].cp == ' ';
    }
    return n;
}

/* Which line breaks are no paragraph break. Hard-wrapped text: every single break. Any
 * text: a break before a line that starts in lower case or with , ; : ). And a sentence
 * torn into fragments ("… Defense Minister / Mariusz Blaszczak / , Poland has …"): a
 * short open line between an open line and a mid-sentence line joins both. */
static cm_status join_lines(cm_segments *seg, line *lines, size_t n, cm_error *err)
{
    const cm_nchar *c = seg->chars;
    (void)err;
    for (size_t i = 0; i + 1 < n; i++) {
        int wrapped = seg->hard_wrapped && lines[i].nl == 1 && !opens_unit(c, &lines[i + 1]) &&
                      c[lines[i].e - 1].cp != ':';
        lines[i].joined = wrapped || continues(c, &lines[i + 1]);
    }
    for (size_t i = 1; i + 1 < n; i++) {
        if (starts_mid_sentence(c, &lines[i + 1]) && ends_open(c, &lines[i]) &&
            words(c, &lines[i]) <= 5 && ends_open(c, &lines[i - 1])) {
            lines[i - 1].joined = 1;
        }
    }
    return CM_OK;
}

cm_status cm_segment(cm_segments **out, const cm_doc *doc, cm_error *err)
{
    cm_segments *seg = cm_calloc(1, sizeof(*seg));
    cm_status rc;

    *out = NULL;
    if (!seg) {
        return cm_error_set(err, CM_ENOMEM, doc->id, 0, "out of memory");
    }
    rc = cm_segment_into(seg, doc, err);
    if (rc != CM_OK) {
        cm_segments_free(seg);
        return rc;
    }
    *out = seg;
    return CM_OK;
}

/* The normalized chars of the bytes [from, to) of the document, their offsets made the
 * document's. */
static cm_status normalize_span(cm_segments *seg, const cm_doc *doc, size_t from, size_t to,
                                cm_error *err)
{
    cm_marks marks = {seg->marks, 0, seg->cap_marks, seg->words, seg->cap_words};
    cm_status rc = cm_normalize_into(&seg->chars, &seg->cap_chars, &seg->n_chars, &marks,
                                     doc->text + from, to - from, err);

    seg->marks = marks.at;
    seg->cap_marks = marks.cap;
    seg->words = marks.words;
    seg->cap_words = marks.cap_words;
    seg->n_marks = rc == CM_OK ? marks.n : 0;
    for (size_t i = 0; from > 0 && rc == CM_OK && i < seg->n_chars; i++) {
        seg->chars[i].start += (uint32_t)from;
        seg->chars[i].end += (uint32_t)from;
    }
    return rc;
}

static cm_status segment_span(cm_segments *seg, const cm_doc *doc, cm_block *b, size_t to,
                              cm_error *err)
{
    line *lines = NULL;
    size_t n_lines = 0;
    seg_state st = {seg, 0, err};
    cm_status rc;

    seg->doc = doc;
    seg->n_chars = seg->n_paragraphs = seg->n_sentences = 0;
    seg->hard_wrapped = 0;
    rc = normalize_span(seg, doc, b->from, to, err);
    if (rc == CM_OK) {
        rc = find_lines(&lines, &n_lines, seg, err);
    }
    if (rc == CM_OK) {
        seg->hard_wrapped = detect_hard_wrap(seg->chars, lines, n_lines);
    }
    if (rc == CM_OK) {
        rc = join_lines(seg, lines, n_lines, err);
    }
    for (size_t first = 0, i = 0; rc == CM_OK && i < n_lines; i++) {
        if (!lines[i].joined) {
            rc = add_paragraph(&st, lines, first, i);
            first = i + 1;
        }
    }
    cm_free(lines);
    if (rc == CM_OK) {
        cm_seg_classify(seg, &b->body_seen, to == doc->len);
        b->from = to;
    } else {
        seg->n_chars = seg->n_paragraphs = seg->n_sentences = seg->n_marks = 0;
    }
    return rc;
}

cm_status cm_segment_into(cm_segments *seg, const cm_doc *doc, cm_error *err)
{
    cm_block b = {0, 0};
    return segment_span(seg, doc, &b, doc->len, err);
}

cm_status cm_segment_block(cm_segments *seg, const cm_doc *doc, cm_block *b, size_t max,
                           cm_error *err)
{
    return segment_span(seg, doc, b, cm_block_end(doc->text, doc->len, b->from, max), err);
}

void cm_segments_free(cm_segments *seg)
{
    if (!seg) {
        return;
    }
    cm_free(seg->chars);
    cm_free(seg->paragraphs);
    cm_free(seg->sentences);
    cm_free(seg->marks);
    cm_free(seg->words);
    cm_free(seg);
}
