/* comention: fingerprints of documents, and which documents are copies of earlier ones.
 * Normalization makes an outlet's re-typeset copy (other line breaks, a capitalized
 * headline, compatibility characters such as no-break spaces) the same text; shingles of
 * five words make a copy with a byline added or one sentence changed still share almost
 * all of its shingles, while two reports of the same event in their own words share few. */
#include <string.h>
#include <stdlib.h>
#include <utf8proc.h>
#include "comention/dedupe.h"
#include "dedupe/decide.h"
#include "dedupe/normalize.h"
#include "util/util.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t fnv_byte(uint64_t h, unsigned char c)
{
    return (h ^ c) * FNV_PRIME;
}

/* The shingles seen so far, as hashes of their words: the last CM_SHINGLE words. */
typedef struct shingler {
    cm_fingerprint *fp;
    uint64_t words[CM_SHINGLE];
    size_t n_words;
} shingler;

static void add_shingle(shingler *s, size_t n)
{
    uint64_t h = FNV_OFFSET;
    for (size_t k = 0; k < n; k++) {
        h = cm_dedupe_mix64(h ^ s->words[(s->n_words - n + k) % CM_SHINGLE]);
    }
    /* One full mix, then per hash an xor and a multiply by an odd number (a bijection
     * each): 64 mixes per shingle were most of the pre-pass's time. */
    h = cm_dedupe_mix64(h);
    for (size_t k = 0; k < CM_MINHASH; k++) {
        uint64_t v = (h ^ ((k + 1) * 0x9e3779b97f4a7c15ull)) * (0xbf58476d1ce4e5b9ull + 2 * k);
        v ^= v >> 29;
        if (v < s->fp->minhash[k]) {
            s->fp->minhash[k] = v;
        }
    }
}

static void add_word(shingler *s, uint64_t w)
{
    s->words[s->n_words % CM_SHINGLE] = w;
    s->n_words++;
    if (s->n_words >= CM_SHINGLE) {
        add_shingle(s, CM_SHINGLE);
    }
}

static int is_word_char(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int is_ascii_alnum(utf8proc_int32_t c)
{
    return (unsigned)(c | 0x20) - 'a' < 26u || (unsigned)c - '0' < 10u;
}

static int is_space(unsigned char c)
{
    /* one test for the bytes from '\t' to ' ': of those, the six of white space */
    unsigned d = (unsigned)c - '\t';
    return d <= ' ' - '\t' && ((1u << d) & (0x1Fu | 1u << (' ' - '\t')));
}

/* The exact hash: white space runs hashed as one space, none at the ends. */
static void hash_exact(cm_fingerprint *fp, const unsigned char *t, size_t len)
{
    uint64_t h = FNV_OFFSET;
    int pending = 0, any = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_space(t[i])) {
            pending = any;
            continue;
        }
        if (pending) {
            h = fnv_byte(h, ' ');
            pending = 0;
        }
        h = fnv_byte(h, t[i]);
        any = 1;
    }
    fp->exact = h;
}

/* ---- the exact-only hash: the same text as hash_exact's, eight bytes a step ----
 * FNV-1a is a multiply per byte, one after the other, and its value is what fingerprint
 * files hold; where only equal texts matter (--dedupe exact), the same byte stream (white
 * space runs one space, none at the ends) is hashed eight bytes at a time, then its
 * length. Equal streams give equal hashes, as with FNV-1a; unequal ones collide as rarely. */

#define ONES 0x0101010101010101ull
#define HIGHS (ONES * 0x80)

typedef struct stream_hash {
    uint64_t h;
    uint64_t acc;  /* the last bytes of the stream, not yet hashed: `nacc` of them */
    unsigned nacc; /* 0 to 7 */
    size_t len;    /* bytes of the stream */
} stream_hash;

static uint64_t sh_step(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 29);
}

/* Append the n low bytes of w (the rest zero), n from 1 to 8. */
static void sh_bytes(stream_hash *s, uint64_t w, unsigned n)
{
    s->len += n;
    if (s->nacc + n < 8) {
        s->acc |= w << (8 * s->nacc);
        s->nacc += n;
        return;
    }
    s->h = sh_step(s->h, s->acc | (s->nacc ? w << (8 * s->nacc) : w));
    s->acc = s->nacc ? w >> (64 - 8 * s->nacc) : 0;
    s->nacc = s->nacc + n - 8;
}

/* High bit of each byte of w that is ' '. */
static uint64_t space_bytes(uint64_t w)
{
    uint64_t x = w ^ (ONES * ' ');
    return ~(((x & ~HIGHS) + ~HIGHS) | x) & HIGHS;
}

/* High bit of each byte of w that is the other white space of is_space(): '\t' to '\r'. */
static uint64_t control_space_bytes(uint64_t w)
{
    uint64_t low = w & ~HIGHS;
    return (low + ONES * (0x80 - '\t')) & ~(low + ONES * (0x80 - '\r' - 1)) & ~w & HIGHS;
}

/* A chunk whose white space is single ' ' bytes, none the first after a pending space, is
 * its own stream bytes (but a last ' ', which waits for what follows). */
static void hash_exact_words(cm_fingerprint *fp, const unsigned char *t, size_t len)
{
    stream_hash s = {.h = FNV_OFFSET};
    int pending = 0, any = 0;
    size_t i = 0;

    while (i < len) {
        if (any && i + 8 <= len) {
            uint64_t w, m;
            memcpy(&w, t + i, 8);
            m = space_bytes(w);
            if (!control_space_bytes(w) && !(m & (m >> 8)) && !(pending && (m & 0x80))) {
                unsigned last = (unsigned)(m >> 63);
                if (pending) {
                    sh_bytes(&s, ' ', 1);
                }
                sh_bytes(&s, last ? w & (UINT64_MAX >> 8) : w, 8 - last);
                pending = (int)last;
                i += 8;
                continue;
            }
        }
        /* the next eight bytes (or the rest) one by one, as hash_exact does */
        for (size_t end = i + 8 < len ? i + 8 : len; i < end; i++) {
            if (is_space(t[i])) {
                pending = any;
                continue;
            }
            if (pending) {
                sh_bytes(&s, ' ', 1);
                pending = 0;
            }
            sh_bytes(&s, t[i], 1);
            any = 1;
        }
    }
    fp->exact = cm_dedupe_mix64(sh_step(sh_step(s.h, s.acc), s.len));
}

/* The shingles: words are runs of letters, marks and digits; a byte that is no UTF-8
 * counts as a letter. */
static void hash_shingles(cm_fingerprint *fp, const unsigned char *t, size_t len)
{
    shingler s = {.fp = fp};
    uint64_t w = FNV_OFFSET;
    int in_word = 0;
    size_t i = 0;

    while (i < len) {
        utf8proc_int32_t cp = t[i];
        /* ASCII, most of the text: its letters and digits are its word characters */
        utf8proc_ssize_t step =
            cp < 0x80 ? 1 : utf8proc_iterate(t + i, (utf8proc_ssize_t)(len - i), &cp);
        int letter = step < 0 || (cp < 0x80 ? is_ascii_alnum(cp) : is_word_char(cp));
        size_t n = step < 1 ? 1 : (size_t)step;
        if (letter) {
            for (size_t k = 0; k < n; k++) {
                w = fnv_byte(w, t[i + k]);
            }
            in_word = 1;
        } else if (in_word) {
            add_word(&s, w);
            w = FNV_OFFSET;
            in_word = 0;
        }
        i += n;
    }
    if (in_word) {
        add_word(&s, w);
    }
    if (s.n_words > 0 && s.n_words < CM_SHINGLE) {
        add_shingle(&s, s.n_words);
    }
}

/* The hashes of the normalized text (the shingles' too when `shingles`). */
static cm_status fingerprint(cm_fingerprint *fp, const char *text, size_t len, int shingles,
                             cm_error *err)
{
    cm_norm n;
    int invalid = 0;
    cm_status rc;

    cm_norm_init(&n);
    rc = cm_norm_text(&n, (const unsigned char *)text, len, &invalid, err);
    if (rc == CM_OK) {
        /* Invalid UTF-8: utf8proc maps none of it, so the bytes are hashed as they are. */
        const unsigned char *t = invalid ? (const unsigned char *)text : n.out;
        size_t tlen = invalid ? len : n.len;
        if (shingles) {
            hash_exact(fp, t, tlen);
        } else {
            hash_exact_words(fp, t, tlen);
        }
        for (size_t k = 0; k < CM_MINHASH; k++) {
            fp->minhash[k] = UINT64_MAX;
        }
        if (shingles) {
            hash_shingles(fp, t, tlen);
        }
    }
    cm_norm_destroy(&n);
    return rc;
}

cm_status cm_fingerprint_text(cm_fingerprint *fp, const char *text, size_t len, cm_error *err)
{
    return fingerprint(fp, text, len, 1, err);
}

cm_status cm_fingerprint_exact(cm_fingerprint *fp, const char *text, size_t len, cm_error *err)
{
    return fingerprint(fp, text, len, 0, err);
}

double cm_fingerprint_similarity(const cm_fingerprint *a, const cm_fingerprint *b)
{
    size_t same = 0;
    for (size_t k = 0; k < CM_MINHASH; k++) {
        same += a->minhash[k] == b->minhash[k];
    }
    return (double)same / CM_MINHASH;
}

/* A map key: CM_MAP_EMPTY marks a free slot, so it is moved aside. */
static uint64_t map_key(uint64_t h)
{
    return h == CM_MAP_EMPTY ? h - 1 : h;
}

static uint64_t band_key(const cm_fingerprint *fp, size_t b)
{
    const size_t rows = CM_MINHASH / CM_BANDS;
    uint64_t h = cm_dedupe_mix64(b + 1);
    for (size_t r = 0; r < rows; r++) {
        h = cm_dedupe_mix64(h ^ fp->minhash[b * rows + r]);
    }
    return map_key(h);
}

/* The first kept document near enough to document i, or SIZE_MAX. */
static size_t near_match(const cm_dedupe_run *r, const cm_fingerprint *const *fps, size_t i)
{
    size_t best = SIZE_MAX;
    for (size_t b = 0; b < CM_BANDS; b++) {
        size_t e = cm_map64_get(&r->heads, band_key(fps[i], b));
        for (; e != SIZE_MAX; e = r->next[e]) {
            size_t j = e / CM_BANDS;
            if (j < best && cm_fingerprint_similarity(fps[i], fps[j]) >= CM_NEAR_THRESHOLD) {
                best = j;
            }
        }
    }
    return best;
}

static cm_status keep_bands(cm_dedupe_run *r, const cm_fingerprint *fp, size_t i, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t b = 0; b < CM_BANDS && rc == CM_OK; b++) {
        uint64_t key = band_key(fp, b);
        r->next[i * CM_BANDS + b] = cm_map64_get(&r->heads, key);
        rc = cm_map64_put(&r->heads, key, i * CM_BANDS + b, err);
    }
    return rc;
}

cm_status cm_dedupe_run_init(cm_dedupe_run *r, size_t n, int near, cm_error *err)
{
    cm_map64_init(&r->exact);
    cm_map64_init(&r->heads);
    r->near = near;
    r->next = NULL;
    if (near && !(r->next = cm_malloc((n ? n : 1) * CM_BANDS * sizeof(*r->next)))) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return CM_OK;
}

void cm_dedupe_run_destroy(cm_dedupe_run *r)
{
    cm_free(r->next);
    r->next = NULL;
    cm_map64_destroy(&r->heads);
    cm_map64_destroy(&r->exact);
}

cm_status cm_dedupe_run_next(cm_dedupe_run *r, const cm_fingerprint *fp, size_t i,
                             const cm_fingerprint *const *fps, cm_dedupe_of *of, cm_error *err)
{
    *of = (cm_dedupe_of){SIZE_MAX, 0};
    if (!fp) {
        return CM_OK;
    }
    size_t j = cm_map64_get(&r->exact, map_key(fp->exact));
    if (j == SIZE_MAX && r->near && (j = near_match(r, fps, i)) != SIZE_MAX) {
        of->near = 1;
    }
    if (j != SIZE_MAX) {
        of->kept = j;
        return CM_OK;
    }
    cm_status rc = cm_map64_put(&r->exact, map_key(fp->exact), i, err);
    return rc == CM_OK && r->near ? keep_bands(r, fp, i, err) : rc;
}

cm_status cm_dedupe_decide(cm_dedupe_of *out, const cm_fingerprint *const *fps, size_t n, int near,
                           cm_error *err)
{
    cm_dedupe_run r;
    cm_status rc = cm_dedupe_run_init(&r, n, near, err);

    for (size_t i = 0; i < n; i++) {
        out[i] = (cm_dedupe_of){SIZE_MAX, 0};
    }
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        rc = cm_dedupe_run_next(&r, fps[i], i, fps, &out[i], err);
    }
    cm_dedupe_run_destroy(&r);
    return rc;
}
