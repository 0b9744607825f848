/* comention: normalization for matching (docs/lexicon-format.md, "Matching").
 *
 * Each input character maps to zero or more normalized characters that all remember the
 * input bytes they came from, so a match over normalized text reports original offsets.
 * Decomposition is NFKD with marks stripped (utf8proc), which folds diacritics and splits
 * ligatures and full-width forms; typography with the same meaning is unified first. */
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
/* GCC and Clang on x86-64 compile AVX2 functions for a run-time choice (CM_NO_AVX2: the
 * SSE2 path only, to test it on a CPU with AVX2). */
#if defined(__SSE2__) && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) &&       \
    !defined(CM_NO_AVX2)
#define CM_AVX2 1
#include <immintrin.h>
#else
#define CM_AVX2 0
#endif
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

/* How the ASCII fast path treats a byte: not at all (STOP), as itself (PLAIN), as itself
 * and a mark (MARK), or as a single space (SPACE). */
enum { STOP, PLAIN, MARK, SPACE };

static const unsigned char ascii_kind[128] = {
    [' '] = SPACE,  ['!'] = MARK,   ['"'] = PLAIN, ['#'] = PLAIN, ['$'] = PLAIN, ['%'] = PLAIN,
    ['&'] = PLAIN,  ['\''] = PLAIN, ['('] = PLAIN, [')'] = PLAIN, ['*'] = PLAIN, ['+'] = PLAIN,
    [','] = PLAIN,  ['-'] = PLAIN,  ['.'] = MARK,  ['/'] = PLAIN, ['0'] = PLAIN, ['1'] = PLAIN,
    ['2'] = PLAIN,  ['3'] = PLAIN,  ['4'] = PLAIN, ['5'] = PLAIN, ['6'] = PLAIN, ['7'] = PLAIN,
    ['8'] = PLAIN,  ['9'] = PLAIN,  [':'] = MARK,  [';'] = PLAIN, ['<'] = PLAIN, ['='] = PLAIN,
    ['>'] = PLAIN,  ['?'] = MARK,   ['@'] = PLAIN, ['A'] = PLAIN, ['B'] = PLAIN, ['C'] = PLAIN,
    ['D'] = PLAIN,  ['E'] = PLAIN,  ['F'] = PLAIN, ['G'] = PLAIN, ['H'] = PLAIN, ['I'] = PLAIN,
    ['J'] = PLAIN,  ['K'] = PLAIN,  ['L'] = PLAIN, ['M'] = PLAIN, ['N'] = PLAIN, ['O'] = PLAIN,
    ['P'] = PLAIN,  ['Q'] = PLAIN,  ['R'] = PLAIN, ['S'] = PLAIN, ['T'] = PLAIN, ['U'] = PLAIN,
    ['V'] = PLAIN,  ['W'] = PLAIN,  ['X'] = PLAIN, ['Y'] = PLAIN, ['Z'] = PLAIN, ['['] = PLAIN,
    ['\\'] = PLAIN, [']'] = PLAIN,  ['^'] = PLAIN, ['_'] = PLAIN, ['`'] = PLAIN, ['a'] = PLAIN,
    ['b'] = PLAIN,  ['c'] = PLAIN,  ['d'] = PLAIN, ['e'] = PLAIN, ['f'] = PLAIN, ['g'] = PLAIN,
    ['h'] = PLAIN,  ['i'] = PLAIN,  ['j'] = PLAIN, ['k'] = PLAIN, ['l'] = PLAIN, ['m'] = PLAIN,
    ['n'] = PLAIN,  ['o'] = PLAIN,  ['p'] = PLAIN, ['q'] = PLAIN, ['r'] = PLAIN, ['s'] = PLAIN,
    ['t'] = PLAIN,  ['u'] = PLAIN,  ['v'] = PLAIN, ['w'] = PLAIN, ['x'] = PLAIN, ['y'] = PLAIN,
    ['z'] = PLAIN,  ['{'] = PLAIN,  ['|'] = PLAIN, ['}'] = PLAIN, ['~'] = PLAIN,
};

_Static_assert(sizeof(cm_nchar) == 4 * sizeof(uint32_t), "cm_nchar is four 32-bit words");

/* An ASCII byte's first half of a cm_nchar: cp (nl 0) in the low word, the fold in the
 * high one (as the x86-64 and AArch64 ABIs lay the bit-fields out). Bytes from 0x80 on
 * are never kept: their entries only keep the look-up in bounds. */
#define CF(c) ((uint64_t)(c) | (uint64_t)((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c)) << 32)
#define CF4(c) CF(c), CF((c) + 1), CF((c) + 2), CF((c) + 3)
#define CF16(c) CF4(c), CF4((c) + 4), CF4((c) + 8), CF4((c) + 12)
#define CF64(c) CF16(c), CF16((c) + 16), CF16((c) + 32), CF16((c) + 48)
static const uint64_t cp_fold[256] = {CF64(0), CF64(64)};
#undef CF64
#undef CF16
#undef CF4
#undef CF

#ifdef __SSE2__
#if CM_AVX2
/* The sixteen chars of the bytes x (folded: f) from input offset i, two a 32-byte store:
 * the bytes widened to 32-bit lanes, {cp, fold} paired with {start, end}, the 128-bit
 * halves put in order. A third of the instructions of the SSE2 stores; chosen at run
 * time, so the same binary runs on a CPU without AVX2. */
__attribute__((target("avx2"))) static void store16_avx2(cm_nchar *v, __m128i x, __m128i f,
                                                         size_t i)
{
    __m256i base = _mm256_set1_epi32((int)i), eight = _mm256_set1_epi32(8);
    /* {start, end} of chars 0, 1 | 4, 5 and of chars 2, 3 | 6, 7 */
    __m256i sa = _mm256_add_epi32(base, _mm256_setr_epi32(0, 1, 1, 2, 4, 5, 5, 6));
    __m256i sb = _mm256_add_epi32(base, _mm256_setr_epi32(2, 3, 3, 4, 6, 7, 7, 8));
    unsigned char *o = (unsigned char *)v;

    for (int h = 0; h < 2; h++) {
        __m256i cp = _mm256_cvtepu8_epi32(h ? _mm_srli_si128(x, 8) : x);
        __m256i fo = _mm256_cvtepu8_epi32(h ? _mm_srli_si128(f, 8) : f);
        __m256i lo = _mm256_unpacklo_epi32(cp, fo), hi = _mm256_unpackhi_epi32(cp, fo);
        __m256i a0 = _mm256_unpacklo_epi64(lo, sa), a1 = _mm256_unpackhi_epi64(lo, sa);
        __m256i b0 = _mm256_unpacklo_epi64(hi, sb), b1 = _mm256_unpackhi_epi64(hi, sb);
        _mm256_storeu_si256((__m256i *)(void *)o, _mm256_permute2x128_si256(a0, a1, 0x20));
        _mm256_storeu_si256((__m256i *)(void *)(o + 32), _mm256_permute2x128_si256(b0, b1, 0x20));
        _mm256_storeu_si256((__m256i *)(void *)(o + 64), _mm256_permute2x128_si256(a0, a1, 0x31));
        _mm256_storeu_si256((__m256i *)(void *)(o + 96), _mm256_permute2x128_si256(b0, b1, 0x31));
        o += 128;
        sa = _mm256_add_epi32(sa, eight);
        sb = _mm256_add_epi32(sb, eight);
    }
}

/* ascii_block() 32 bytes at a time, half its instructions a byte, for as long as blocks
 * are kept whole: returns where it stopped (at a byte no block keeps, or with fewer than
 * 32 bytes left), *np updated. */
__attribute__((target("avx2"))) static size_t ascii_run_avx2(cm_nchar *restrict v, size_t *np,
                                                             cm_marks *marks,
                                                             const unsigned char *u, size_t i,
                                                             size_t len, cm_status *rc,
                                                             cm_error *err)
{
    size_t n = *np;
    uint64_t space_before = n > 0 && v[n - 1].cp == ' ';

    while (i + 32 <= len) {
        if (marks && marks->cap - marks->n < 32 &&
            (*rc = cm_grow(&marks->at, &marks->cap, marks->n + 32, sizeof(*marks->at), err)) !=
                CM_OK) {
            break;
        }
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(u + i));
        uint64_t printable = (uint32_t)_mm256_movemask_epi8(
            _mm256_cmpgt_epi8(_mm256_add_epi8(x, _mm256_set1_epi8(1)), _mm256_set1_epi8(0x20)));
        uint64_t sp = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_set1_epi8(' ')));
        uint64_t stop = (printable ^ 0xFFFFFFFFu) | (sp & ((sp << 1) | space_before)) | 1ull << 32;
        unsigned k = (unsigned)__builtin_ctzll(stop);
        uint64_t keep = (1ull << k) - 1;

        if (k == 0) {
            break;
        }
        if (marks) {
            __m256i m =
                _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('.')),
                                                _mm256_cmpeq_epi8(x, _mm256_set1_epi8('!'))),
                                _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('?')),
                                                _mm256_cmpeq_epi8(x, _mm256_set1_epi8(':'))));
            for (uint64_t bits = (uint32_t)_mm256_movemask_epi8(m) & keep; bits; bits &= bits - 1) {
                marks->at[marks->n++] = (uint32_t)(n + (size_t)__builtin_ctzll(bits));
            }
            __m256i letter =
                _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(0x80 + 26)),
                                  _mm256_add_epi8(_mm256_or_si256(x, _mm256_set1_epi8(0x20)),
                                                  _mm256_set1_epi8((char)(0x80 - 'a'))));
            __m256i digit =
                _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(0x80 + 10)),
                                  _mm256_add_epi8(x, _mm256_set1_epi8((char)(0x80 - '0'))));
            uint64_t w = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(letter, digit)) & keep;
            size_t sh = n % 64;
            marks->words[n / 64] |= w << sh;
            if (sh > 32) {
                marks->words[n / 64 + 1] |= w >> (64 - sh);
            }
        }
        __m256i upper = _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(0x80 + 26)),
                                          _mm256_add_epi8(x, _mm256_set1_epi8((char)(0x80 - 'A'))));
        __m256i f = _mm256_add_epi8(x, _mm256_and_si256(upper, _mm256_set1_epi8(0x20)));
        store16_avx2(v + n, _mm256_castsi256_si128(x), _mm256_castsi256_si128(f), i);
        store16_avx2(v + n + 16, _mm256_extracti128_si256(x, 1), _mm256_extracti128_si256(f, 1),
                     i + 16);
        n += k;
        i += k;
        if (k < 32) {
            break;
        }
        space_before = u[i - 1] == ' ';
    }
    *np = n;
    return i;
}
#endif

/* Sixteen bytes from u[0] (the chars from input offset i, normalized from index n on;
 * `space_before`: the char before them is a space): all sixteen are written to v[0..16)
 * as if each were printable ASCII or a single space, and the number of leading ones that
 * are returned. Only those count: their marks are recorded (room for 16 is there) and
 * their word bits set; the rest is overwritten later. A block that stops early (a line
 * break, a character outside ASCII) still keeps its leading chars, so no byte is read
 * twice or one at a time. */
static inline __attribute__((always_inline)) unsigned ascii_block(cm_nchar *restrict v,
                                                                  const unsigned char *u, size_t i,
                                                                  size_t n, unsigned space_before,
                                                                  cm_marks *marks, int avx2)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)u);
    /* 0x20..0x7E are the bytes whose successor is a signed byte above 0x20 */
    unsigned printable = (unsigned)_mm_movemask_epi8(
        _mm_cmpgt_epi8(_mm_add_epi8(x, _mm_set1_epi8(1)), _mm_set1_epi8(0x20)));
    unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
    unsigned stop = (printable ^ 0xFFFFu) | (sp & ((sp << 1) | space_before)) | 0x10000u;
    unsigned k = (unsigned)__builtin_ctz(stop), keep = (1u << k) - 1;

    if (k == 0) {
        return 0;
    }
    if (marks) {
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('.')),
                                              _mm_cmpeq_epi8(x, _mm_set1_epi8('!'))),
                                 _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('?')),
                                              _mm_cmpeq_epi8(x, _mm_set1_epi8(':'))));
        for (unsigned bits = (unsigned)_mm_movemask_epi8(m) & keep; bits; bits &= bits - 1) {
            marks->at[marks->n++] = (uint32_t)(n + (size_t)__builtin_ctz(bits));
        }
        /* Ranges by the signed-compare bias: x - lo + 0x80 is below -128 + width. */
        __m128i letter = _mm_cmplt_epi8(
            _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)(0x80 - 'a'))),
            _mm_set1_epi8((char)(0x80 + 26)));
        __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - '0'))),
                                       _mm_set1_epi8((char)(0x80 + 10)));
        uint64_t w = (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit)) & keep;
        size_t sh = n % 64;
        marks->words[n / 64] |= w << sh;
        if (sh > 48) {
            marks->words[n / 64 + 1] |= w >> (64 - sh);
        }
    }
#if CM_AVX2
    if (avx2) {
        __m128i upper = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - 'A'))),
                                       _mm_set1_epi8((char)(0x80 + 26)));
        store16_avx2(v, x, _mm_add_epi8(x, _mm_and_si128(upper, _mm_set1_epi8(0x20))), i);
        return k;
    }
#else
    (void)avx2;
#endif
    /* Two 64-bit stores a char, {cp (nl 0), fold} from a table and {start, end} counted
     * up: fewer instructions than widening the bytes to 32-bit lanes and transposing them
     * (SSE2 has no three-operand forms: each shuffle costs a copy too). */
    uint64_t se = (uint64_t)i | (uint64_t)(i + 1) << 32;
    unsigned char *o = (unsigned char *)v;
    for (int j = 0; j < 16; j++) {
        memcpy(o + 16 * j, &cp_fold[u[j]], 8);
        memcpy(o + 16 * j + 8, &se, 8);
        se += 1 | 1ull << 32;
    }
    return k;
}
#endif

/* The bulk of news text: printable ASCII and single spaces, one char per byte, from u[i]
 * on. Stops at anything else (a second whitespace, which may join the run before it; a
 * control; a wider character) and returns where: u[i] is then such a byte, or i is len. A
 * function of its own so that its few variables live in registers. Each char is stored
 * whole: assigning the bit-fields in place makes the compiler read the fresh array first. */
static size_t ascii_run(cm_nchar *restrict v, size_t *np, cm_marks *marks, const unsigned char *u,
                        size_t i, size_t len, int avx2, cm_status *rc, cm_error *err)
{
    size_t n = *np;
    unsigned last = n > 0 && v[n - 1].cp == ' ' ? SPACE : PLAIN;

#if CM_AVX2
    if (avx2) {
        i = ascii_run_avx2(v, &n, marks, u, i, len, rc, err);
        if (*rc != CM_OK || i + 32 <= len) {
            *np = n; /* at a byte no block keeps */
            return i;
        }
        last = n > 0 && v[n - 1].cp == ' ' ? SPACE : PLAIN;
    }
#endif
#ifdef __SSE2__
    while (i + 16 <= len) {
        if (marks && marks->cap - marks->n < 16 &&
            (*rc = cm_grow(&marks->at, &marks->cap, marks->n + 16, sizeof(*marks->at), err)) !=
                CM_OK) {
            *np = n;
            return i;
        }
        unsigned k = ascii_block(v + n, u + i, i, n, last == SPACE, marks, avx2);
        n += k;
        i += k;
        if (k < 16) {
            *np = n;
            return i;
        }
        last = u[i - 1] == ' ' ? SPACE : PLAIN;
    }
#endif
    for (; i < len; i++) {
        unsigned ch = u[i];
        unsigned k = ch < 0x80 ? ascii_kind[ch] : STOP;
        if (k != PLAIN) {
            if (k == STOP || (k == SPACE && last == SPACE)) {
                break;
            }
            if (k == MARK && (*rc = add_mark(marks, n, err)) != CM_OK) {
                break;
            }
        }
        /* Four words: cp with nl 0 (the bit-fields share the first word, cp in its low
         * bits as the x86-64 and AArch64 ABIs lay them out; the unit tests read cp back),
         * fold, start, end. Building the bit-fields took 15 instructions a byte. */
        uint32_t w[4] = {ch, ch + ((ch - 'A' < 26u) << 5), (uint32_t)i, (uint32_t)(i + 1)};
        if (marks) {
            marks->words[n / 64] |= (uint64_t)cm_is_word_char(ch) << (n % 64);
        }
        memcpy(&v[n++], w, sizeof(w));
        last = k;
    }
    *np = n;
    return i;
}

/* Room for the rest of the input at one char a byte, plus a decomposition's worth, and
 * the word bits of that room cleared (from *zeroed, the bits cleared so far, on). */
static cm_status keep_room(cm_nchar **v, size_t *cap, cm_marks *m, size_t *zeroed, size_t n,
                           size_t rest, cm_error *err)
{
    size_t need = n + rest + 19, words = need / 64 + 2;
    cm_status rc = cm_grow(v, cap, need, sizeof(**v), err);

    if (rc != CM_OK || !m) {
        return rc;
    }
    rc = cm_grow(&m->words, &m->cap_words, words, sizeof(*m->words), err);
    if (rc == CM_OK && words > *zeroed) {
        memset(m->words + *zeroed, 0, (words - *zeroed) * sizeof(*m->words));
        *zeroed = words;
    }
    return rc;
}

static void set_word_bit(cm_marks *m, size_t at, uint32_t cp)
{
    if (m && cm_is_word_char(cp)) {
        m->words[at / 64] |= 1ull << (at % 64);
    }
}

static cm_nchar nchar(uint32_t cp, size_t start, size_t end)
{
    uint32_t low = cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)
                             : (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
    return (cm_nchar){cp, 0, low, (uint32_t)start, (uint32_t)end};
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
        set_word_bit(m, *n, d);
        v[(*n)++] = nchar(d, start, end);
    }
    return rc;
}

cm_status cm_normalize_into(cm_nchar **vp, size_t *capp, size_t *n_out, cm_marks *marks,
                            const char *s, size_t len, cm_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    cm_nchar *v = *vp;
    size_t n = 0, cap = *capp, i = 0, zeroed = 0;
    cm_status rc = CM_OK;
#if CM_AVX2
    int avx2 = __builtin_cpu_supports("avx2");
#else
    int avx2 = 0;
#endif

    *n_out = 0;
    if (marks) {
        marks->n = 0;
    }
    if (len > CM_DOC_MAX_BYTES) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "text larger than 4 GiB");
    }
    /* Invariant: room for n + (len - i) + 19 chars. An ASCII byte gives at most one char;
     * a wider character at most 18 (utf8proc's longest decomposition). */
    rc = keep_room(&v, &cap, marks, &zeroed, 0, len, err);
    while (i < len && rc == CM_OK) {
        i = ascii_run(v, &n, marks, u, i, len, avx2, &rc, err);
        if (i >= len || rc != CM_OK) {
            break;
        }
        unsigned char ch = u[i];
        if (ch < 0x80) {
            /* ASCII decomposes to itself: most news text never reaches utf8proc. */
            if (ch == ' ' || (ch >= 0x09 && ch <= 0x0D)) {
                /* \r\n is one line break; a lone \r is one too. */
                uint32_t nl = ch == '\n' || (ch == '\r' && !(i + 1 < len && u[i + 1] == '\n'));
                rc = add_space(v, &n, marks, nl, i, i + 1, err);
            } else {
                set_word_bit(marks, n, ch);
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
            rc = keep_room(&v, &cap, marks, &zeroed, n, len - i, err);
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
