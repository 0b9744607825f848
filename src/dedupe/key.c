/* comention: --dedupe exact without hashing every document. A key of the normalized text
 * that equal texts share, made of three counts: its bytes above ' ', its words (runs of
 * them) and the sum of those bytes (each with 0x20 set). None depends on how long the
 * white space runs are, so the key is read off the text without collapsing anything,
 * sixteen bytes a step, and off the raw bytes where they are ASCII (their normalized text
 * is their lower case, which the 0x20 makes no difference); only the documents whose key
 * an earlier document has are hashed (cm_fingerprint_exact()), the earlier one too. */
#include <string.h>
#include "dedupe/decide.h"
#include "dedupe/normalize.h"

typedef struct key_acc {
    uint64_t nonspace, words, sum;
    unsigned space_before; /* the byte before the next is white space (or there is none) */
} key_acc;

/* The key's separators: every byte up to ' ', which takes in the white space of the exact
 * hash ('\t' to '\r', ' '). The other control bytes stay as they are in the normalized
 * text, so the counts stay a function of it, and the test is one comparison. */
static unsigned is_sp(unsigned c)
{
    return c <= ' ';
}

/* Count t[0..n) into k, a byte at a time. The sum takes each byte with 0x20 set: ASCII
 * upper case counts as its lower case, so raw ASCII text gives the key of its normalized
 * text (its lower case). */
static void key_scalar(key_acc *k, const unsigned char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned c = t[i], word = is_sp(c) ^ 1;
        k->nonspace += word;
        k->words += word & k->space_before;
        k->sum += (c | 0x20) & (0u - word);
        k->space_before = word ^ 1;
    }
}

#if defined(__x86_64__)
#include <emmintrin.h>

static uint64_t hsum64(__m128i x)
{
    return (uint64_t)_mm_cvtsi128_si64(x) + (uint64_t)_mm_cvtsi128_si64(_mm_srli_si128(x, 8));
}

/* key_scalar() over the whole sixteen-byte blocks at the start of t[0..n), sixteen bytes a
 * step (SSE2, in every x86-64); with `ascii`, only while a block is ASCII and an ASCII byte
 * (or the end) follows it. The bytes counted. */
static size_t key_blocks(key_acc *k, const unsigned char *t, size_t n, int ascii)
{
    const __m128i zero = _mm_setzero_si128();
    size_t i = 0;
    int stop = 0;

    /* with `ascii`, a byte after the last block to look at */
    while (!stop && n - i >= 16 + (size_t)ascii) {
        /* per byte lane, at most 255 steps before the counts are summed */
        size_t whole = (n - i - (size_t)ascii) / 16, steps = whole < 255 ? whole : 255, done;
        __m128i seps = zero, ws = zero, sum = zero;
        __m128i prev = _mm_insert_epi16(zero, k->space_before ? 0xff00 : 0, 7);
        for (done = 0; done < steps; done++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
            /* the block and the byte after it in one test: bytes i+1 to i+16 */
            if (ascii && _mm_movemask_epi8(_mm_or_si128(
                             v, _mm_loadu_si128((const __m128i *)(const void *)(t + i + 1))))) {
                stop = 1;
                break;
            }
            /* per byte, all ones for a separator (v <= ' ', unsigned) */
            __m128i sp = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(' ')), v);
            __m128i before = _mm_or_si128(_mm_slli_si128(sp, 1), _mm_srli_si128(prev, 15));
            seps = _mm_sub_epi8(seps, sp);
            ws = _mm_sub_epi8(ws, _mm_andnot_si128(sp, before));
            sum = _mm_add_epi64(
                sum,
                _mm_sad_epu8(_mm_andnot_si128(sp, _mm_or_si128(v, _mm_set1_epi8(0x20))), zero));
            prev = sp;
        }
        k->nonspace += 16 * done - hsum64(_mm_sad_epu8(seps, zero));
        k->words += hsum64(_mm_sad_epu8(ws, zero));
        k->sum += hsum64(sum);
        k->space_before = (unsigned)_mm_movemask_epi8(prev) >> 15;
    }
    return i;
}
#else
static size_t key_blocks(key_acc *k, const unsigned char *t, size_t n, int ascii)
{
    (void)k, (void)t, (void)n, (void)ascii;
    return 0;
}
#endif

/* Is t[0..n) ASCII and the punctuation most news text has beyond it: the quotes U+2018,
 * U+2019, U+201C, U+201D and the dashes U+2013, U+2014? Those have no decomposition, no
 * case and compose with nothing, so the normalized text of such a piece is its lower case,
 * which the key does not tell from it (utf8proc costs hundreds of instructions a piece). */
static int stable(const unsigned char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i] < 0x80) {
            continue;
        }
        unsigned c = i + 2 < n && t[i] == 0xe2 && t[i + 1] == 0x80 ? t[i + 2] : 0;
        if (c != 0x93 && c != 0x94 && c != 0x98 && c != 0x99 && c != 0x9c && c != 0x9d) {
            return 0;
        }
        i += 2;
    }
    return 1;
}

/* Count all of t[0..n). */
static void key_all(key_acc *k, const unsigned char *t, size_t n)
{
    size_t i = key_blocks(k, t, n, 0);
    key_scalar(k, t + i, n - i);
}

cm_status cm_dedupe_key(uint64_t *key, cm_norm *n, const char *text, size_t len, cm_error *err)
{
    const unsigned char *t = (const unsigned char *)text;
    key_acc k = {0, 0, 0, 1};
    size_t i = 0;

    /* Each step starts where cm_norm_text() may cut (see normalize.c): at 0, or before an
     * ASCII byte that an ASCII byte follows. */
    while (i < len) {
        i += key_blocks(&k, t + i, len - i, 1);
        size_t q = i, p;
        while (q < len && t[q] < 0x80) {
            q++;
        }
        if (q == len) {
            key_scalar(&k, t + i, len - i);
            break;
        }
        /* the non-ASCII piece, with the ASCII byte before it (a mark may compose with it) */
        size_t start = q > i ? q - 1 : i;
        key_scalar(&k, t + i, start - i);
        for (p = q + 1; p < len && (t[p - 1] >= 0x80 || t[p] >= 0x80); p++) {
        }
        if (stable(t + start, p - start)) {
            key_scalar(&k, t + start, p - start);
            i = p;
            continue;
        }
        int invalid = 0;
        if (cm_norm_text(n, t + start, p - start, &invalid, err) != CM_OK) {
            return CM_ENOMEM;
        }
        if (invalid) {
            /* the exact hash then takes the bytes as they are */
            k = (key_acc){0, 0, 0, 1};
            key_all(&k, t, len);
            break;
        }
        key_all(&k, n->out, n->len);
        i = p;
    }
    *key = cm_dedupe_mix64(cm_dedupe_mix64(cm_dedupe_mix64(k.nonspace) ^ k.words) ^ k.sum);
    *key = *key == CM_MAP_EMPTY ? *key - 1 : *key;
    return CM_OK;
}

cm_status cm_dedupe_keyed_init(cm_dedupe_keyed *d, size_t n, cm_error *err)
{
    cm_map64_init(&d->keys);
    d->prev = cm_malloc((n ? n : 1) * sizeof(*d->prev));
    d->exact = cm_malloc((n ? n : 1) * sizeof(*d->exact));
    d->known = cm_calloc(n ? n : 1, 1);
    if (!d->prev || !d->exact || !d->known) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return CM_OK;
}

void cm_dedupe_keyed_destroy(cm_dedupe_keyed *d)
{
    cm_map64_destroy(&d->keys);
    cm_free(d->prev);
    cm_free(d->exact);
    cm_free(d->known);
    memset(d, 0, sizeof(*d));
}

/* The exact hash of kept document j, from `again` the first time it is asked for. */
static cm_status exact_of(cm_dedupe_keyed *d, size_t j, cm_dedupe_again_fn again, void *ctx,
                          cm_error *err)
{
    cm_status rc = d->known[j] ? CM_OK : again(ctx, j, &d->exact[j], err);
    d->known[j] = rc == CM_OK;
    return rc;
}

cm_status cm_dedupe_keyed_next(cm_dedupe_keyed *d, size_t i, const uint64_t *key, const char *text,
                               size_t len, cm_dedupe_again_fn again, void *ctx, size_t *kept,
                               cm_error *err)
{
    cm_fingerprint fp;
    cm_status rc = CM_OK;
    size_t head;

    *kept = SIZE_MAX;
    if (!key) {
        return CM_OK;
    }
    head = cm_map64_get(&d->keys, *key);
    for (size_t j = head; j != SIZE_MAX && rc == CM_OK; j = d->prev[j]) {
        if (!d->known[i]) {
            rc = cm_fingerprint_exact(&fp, text, len, err);
            d->exact[i] = fp.exact;
            d->known[i] = rc == CM_OK;
        }
        if (rc == CM_OK) {
            rc = exact_of(d, j, again, ctx, err);
        }
        /* the kept documents of a key have unequal texts: one at most matches */
        if (rc == CM_OK && d->exact[j] == d->exact[i]) {
            *kept = j;
        }
    }
    if (rc != CM_OK || *kept != SIZE_MAX) {
        return rc;
    }
    d->prev[i] = head;
    return cm_map64_put(&d->keys, *key, i, err);
}
