/* comention: normalization for matching (docs/lexicon-format.md, "Matching").
 *
 * Each input character maps to zero or more normalized characters that all remember the
 * input bytes they came from, so a match over normalized text reports original offsets.
 * Decomposition is NFKD with marks stripped (utf8proc), which folds diacritics and splits
 * ligatures and full-width forms; typography with the same meaning is unified first. */
#include <string.h>
#include <utf8proc.h>
#include "comention/text.h"
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

int cm_is_word_char(uint32_t cp)
{
    if (cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
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

static cm_status push(cm_nchar **v, size_t *n, size_t *cap, uint32_t cp, size_t start, size_t end,
                      cm_error *err)
{
    if (*n == *cap) {
        cm_status rc = cm_grow(v, cap, *n + 1, sizeof(**v), err);
        if (rc != CM_OK) {
            return rc;
        }
    }
    uint32_t low = cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)
                             : (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
    (*v)[*n] = (cm_nchar){cp, 0, low, (uint32_t)start, (uint32_t)end};
    (*n)++;
    return CM_OK;
}

cm_status cm_normalize(cm_nchar **out, size_t *n_out, const char *s, size_t len, cm_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    cm_nchar *v = NULL;
    size_t n = 0, cap = 0, i = 0;
    cm_status rc = CM_OK;

    *out = NULL;
    *n_out = 0;
    if (len > CM_DOC_MAX_BYTES) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "text larger than 4 GiB");
    }
    /* Most characters give one: room for all of them up front saves regrowing. */
    rc = cm_grow(&v, &cap, len + 1, sizeof(*v), err);
    while (i < len && rc == CM_OK) {
        uint32_t cp;
        size_t start = i;
        i += cm_utf8_decode(&cp, u + i, len - i);
        if (is_invisible(cp)) {
            if (n > 0 && v[n - 1].cp == ' ' && v[n - 1].end == start) {
                v[n - 1].end = (uint32_t)i; /* keep a whitespace run whole */
            }
            continue;
        }
        if (cm_is_space(cp)) {
            /* \r\n is one line break; a lone \r is one too. */
            uint32_t nl = cp == '\n' || cp == 0x2028 || cp == 0x2029 || cp == 0x85 ||
                          (cp == '\r' && !(i < len && u[i] == '\n'));
            if (n > 0 && v[n - 1].cp == ' ' && v[n - 1].end == start) {
                v[n - 1].end = (uint32_t)i;
                v[n - 1].nl = v[n - 1].nl + nl > 255 ? 255 : v[n - 1].nl + nl;
                continue;
            }
            rc = push(&v, &n, &cap, ' ', start, i, err);
            if (rc == CM_OK) {
                v[n - 1].nl = nl;
            }
            continue;
        }
        if (cp < 0x80) {
            /* ASCII decomposes to itself: most news text never reaches utf8proc. */
            rc = push(&v, &n, &cap, cp, start, i, err);
            continue;
        }
        cp = unify(cp);
        utf8proc_int32_t dec[18];
        int boundclass = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(
            (utf8proc_int32_t)cp, dec, 18,
            UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK, &boundclass);
        if (k < 0 || k > 18) {
            dec[0] = (utf8proc_int32_t)cp;
            k = 1;
        }
        for (utf8proc_ssize_t j = 0; j < k && rc == CM_OK; j++) {
            rc = push(&v, &n, &cap, unify((uint32_t)dec[j]), start, i, err);
        }
    }
    if (rc != CM_OK) {
        cm_free(v);
        return rc;
    }
    *out = v;
    *n_out = n;
    return CM_OK;
}

void cm_nchars_free(cm_nchar *chars)
{
    cm_free(chars);
}
