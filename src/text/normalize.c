/* comention: normalization for matching (docs/lexicon-format.md, "Matching").
 *
 * Each input character maps to zero or more normalized characters that all remember the
 * input bytes they came from, so a match over normalized text reports original offsets.
 * Decomposition is NFKD with marks stripped (utf8proc), which folds diacritics and splits
 * ligatures and full-width forms; typography with the same meaning is unified first. */
#include <string.h>
#include <utf8proc.h>
#include "text/text_int.h"
#include "util/util.h"

/* Invisible characters that may sit inside a word (soft hyphen, zero-width joiners, BOM). */
static int is_invisible(uint32_t cp)
{
    return cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

static uint32_t unify(uint32_t cp)
{
    switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0x00B4:
    case 0xFF07:
        return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2033:
    case 0xFF02:
        return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
        return '-';
    default:
        return cp;
    }
}

/* ASCII letters and digits, by bit: 0-9 in word 1, A-Z in word 2, a-z in word 3. */
static const uint32_t word_bits[4] = {0, 0x03FF0000u, 0x07FFFFFEu, 0x07FFFFFEu};

int cm_is_word_char(uint32_t cp)
{
    if (cp < 0x80) {
        return (int)((word_bits[cp >> 5] >> (cp & 31)) & 1u);
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
        return 1;
    default:
        return 0;
    }
}

/* Room for the rest of the input at one char a byte, plus a decomposition's worth. */
static cm_status keep_room(cm_nchar **v, size_t *cap, size_t n, size_t rest, cm_error *err)
{
    return cm_grow(v, cap, n + rest + 19, sizeof(**v), err);
}

static cm_nchar nchar(uint32_t cp, size_t start, size_t end)
{
    uint32_t low = cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)
                             : (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
    return (cm_nchar){cp, 0, low, (uint32_t)start, (uint32_t)end};
}

static int is_mark(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == ':';
}

/* Out of line: marks are a few in a hundred chars. */
static cm_status add_mark(cm_marks *m, size_t at, cm_error *err)
{
    if (!m) {
        return CM_OK;
    }
    if (m->n == m->cap) {
        cm_status rc = cm_grow(&m->at, &m->cap, m->n + 1, sizeof(*m->at), err);
        if (rc != CM_OK) {
            return rc;
        }
    }
    m->at[m->n++] = (uint32_t)at;
    return CM_OK;
}

/* A whitespace character at [start, end): one space per run, counting line breaks. A run
 * is marked once, when its first line break comes. */
static cm_status add_space(cm_nchar *v, size_t *n, cm_marks *m, uint32_t nl, size_t start,
                           size_t end, cm_error *err)
{
    if (*n > 0 && v[*n - 1].cp == ' ' && v[*n - 1].end == start) {
        uint32_t had = v[*n - 1].nl;
        v[*n - 1].end = (uint32_t)end;
        v[*n - 1].nl = had + nl > 255 ? 255 : had + nl;
        return had == 0 && nl > 0 ? add_mark(m, *n - 1, err) : CM_OK;
    }
    v[*n] = nchar(' ', start, end);
    v[(*n)++].nl = nl;
    return nl > 0 ? add_mark(m, *n - 1, err) : CM_OK;
}

/* One character outside ASCII at [start, end). */
static cm_status add_wide(cm_nchar *v, size_t *n, cm_marks *m, uint32_t cp, size_t start,
                          size_t end, cm_error *err)
{
    cm_status rc = CM_OK;
    utf8proc_int32_t dec[18];
    int boundclass = 0;
    utf8proc_ssize_t k;

    if (is_invisible(cp)) {
        if (*n > 0 && v[*n - 1].cp == ' ' && v[*n - 1].end == start) {
            v[*n - 1].end = (uint32_t)end; /* keep a whitespace run whole */
        }
        return CM_OK;
    }
    if (cm_is_space(cp)) {
        return add_space(v, n, m, cp == 0x2028 || cp == 0x2029 || cp == 0x85, start, end, err);
    }
    cp = unify(cp);
    k = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 18,
                                UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK,
                                &boundclass);
    if (k < 0 || k > 18) {
        dec[0] = (utf8proc_int32_t)cp;
        k = 1;
    }
    for (utf8proc_ssize_t j = 0; j < k && rc == CM_OK; j++) {
        uint32_t d = unify((uint32_t)dec[j]);
        if (is_mark(d)) {
            rc = add_mark(m, *n, err); /* an ellipsis, a full-width ! or ? */
        }
        v[(*n)++] = nchar(d, start, end);
    }
    return rc;
}

cm_status cm_normalize_into(cm_nchar **vp, size_t *capp, size_t *n_out, cm_marks *marks,
                            const char *s, size_t len, cm_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    cm_nchar *v = *vp;
    size_t n = 0, cap = *capp, i = 0;
    cm_status rc = CM_OK;

    *n_out = 0;
    if (marks) {
        marks->n = 0;
    }
    if (len > CM_DOC_MAX_BYTES) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "text larger than 4 GiB");
    }
    /* Invariant: room for n + (len - i) + 19 chars. An ASCII byte gives at most one char;
     * a wider character at most 18 (utf8proc's longest decomposition). */
    rc = keep_room(&v, &cap, 0, len, err);
    while (i < len && rc == CM_OK) {
        unsigned char ch = u[i];
        if (ch > ' ' && ch < 0x7F) {
            /* A run of printable ASCII, the bulk of news text: one char per byte. */
            do {
                uint32_t fold = ch >= 'A' && ch <= 'Z' ? ch + 32u : ch;
                if (is_mark(ch) && (rc = add_mark(marks, n, err)) != CM_OK) {
                    break;
                }
                v[n++] = (cm_nchar){ch, 0, fold, (uint32_t)i, (uint32_t)(i + 1)};
                ch = ++i < len ? u[i] : 0;
            } while (ch > ' ' && ch < 0x7F);
            continue;
        }
        if (ch < 0x80) {
            /* ASCII decomposes to itself: most news text never reaches utf8proc. */
            if (ch == ' ' || (ch >= 0x09 && ch <= 0x0D)) {
                /* \r\n is one line break; a lone \r is one too. */
                uint32_t nl = ch == '\n' || (ch == '\r' && !(i + 1 < len && u[i + 1] == '\n'));
                rc = add_space(v, &n, marks, nl, i, i + 1, err);
            } else {
                v[n++] = nchar(ch, i, i + 1);
            }
            i++;
            continue;
        }
        uint32_t cp;
        size_t start = i;
        i += cm_utf8_decode(&cp, u + i, len - i);
        rc = add_wide(v, &n, marks, cp, start, i, err);
        if (rc == CM_OK) {
            rc = keep_room(&v, &cap, n, len - i, err);
        }
    }
    *vp = v;
    *capp = cap;
    *n_out = rc == CM_OK ? n : 0;
    return rc;
}

cm_status cm_normalize(cm_nchar **out, size_t *n_out, const char *s, size_t len, cm_error *err)
{
    size_t cap = 0;
    cm_status rc;

    *out = NULL;
    rc = cm_normalize_into(out, &cap, n_out, NULL, s, len, err);
    if (rc != CM_OK) {
        cm_free(*out);
        *out = NULL;
    }
    return rc;
}

void cm_nchars_free(cm_nchar *chars)
{
    cm_free(chars);
}
