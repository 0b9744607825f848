/* Unit tests of the fingerprints and the decision of --dedupe: what normalization makes
 * the same, what shingles tell apart, and which copy is kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <stdlib.h>
#include <utf8proc.h>
#include "comention/dedupe.h"
#include "dedupe/decide.h"
#include "dedupe/normalize.h"

static cm_fingerprint fp(const char *text)
{
    cm_fingerprint f;
    cm_error err;
    assert_int_equal(cm_fingerprint_text(&f, text, strlen(text), &err), CM_OK);
    return f;
}

static const char story[] =
    "The harbour council voted on Tuesday to rebuild the old pier before the summer. "
    "Members said the repairs would cost less than a new pier and take only four months. "
    "Fishing boats will use the north quay while the work goes on, the council said. "
    "A local trader said the delay had already cost the market many visitors last year. "
    "The first barges with stone are expected at the end of the month.";

static void dedupe__normalization(void **state)
{
    cm_fingerprint a = fp("The Harbour council\nvoted  on Tuesday."),
                   b = fp("  the HARBOUR Council voted\ton\u00a0Tuesday.\n\n"),
                   c = fp("The harbour council voted on Tuesday!");
    (void)state;
    assert_true(a.exact == b.exact);
    assert_true(a.exact != c.exact);
    assert_true(cm_fingerprint_similarity(&a, &b) == 1.0);
}

static void dedupe__near_and_distinct(void **state)
{
    char edited[sizeof(story) + 64];
    snprintf(edited, sizeof(edited), "By our reporter. %s", story);
    memcpy(strstr(edited, "four months"), "five months", 11);
    cm_fingerprint a = fp(story), b = fp(edited),
                   c = fp("The harbour council will not rebuild the pier this summer, members "
                          "said on Tuesday, and the boats will stay at the north quay.");
    (void)state;
    assert_true(a.exact != b.exact);
    assert_true(cm_fingerprint_similarity(&a, &b) >= CM_NEAR_THRESHOLD);
    assert_true(cm_fingerprint_similarity(&a, &c) < 0.2);
}

/* The first of each group in order is kept; a copy of a copy points at the one kept;
 * documents not read are kept and match nothing. */
static void dedupe__decide(void **state)
{
    char edited[sizeof(story) + 64];
    snprintf(edited, sizeof(edited), "%s Reporting by the harbour desk.", story);
    cm_fingerprint f[4] = {fp("Another text entirely, about the weather in the hills."), fp(story),
                           fp(edited), fp(story)};
    const cm_fingerprint *fps[5] = {&f[0], &f[1], NULL, &f[2], &f[3]};
    cm_dedupe_of of[5];
    cm_error err;
    (void)state;
    assert_int_equal(cm_dedupe_decide(of, fps, 5, 0, &err), CM_OK);
    assert_true(of[0].kept == SIZE_MAX && of[1].kept == SIZE_MAX && of[2].kept == SIZE_MAX);
    assert_true(of[3].kept == SIZE_MAX);
    assert_int_equal(of[4].kept, 1);
    assert_int_equal(of[4].near, 0);
    assert_int_equal(cm_dedupe_decide(of, fps, 5, 1, &err), CM_OK);
    assert_int_equal(of[3].kept, 1);
    assert_int_equal(of[3].near, 1);
    assert_int_equal(of[4].kept, 1);
    assert_int_equal(of[4].near, 0);
    assert_true(of[0].kept == SIZE_MAX && of[2].kept == SIZE_MAX);
}

/* Pieces that compose, decompose, fold or expand across the cuts cm_norm_text makes before
 * ASCII characters, and bytes that are no UTF-8. */
static const char *const norm_pieces[] = {
    "a", "A", "e", " ", "\n", "Z", "1", ".", "\u0301", "\u0327", "\u00e9", "\u00c9", "\u212a",
    "\u017f", "\uff21", "\ufb01", "\u1100", "\u1161", "\u11a8", "\uac00", "\u00a0", "\u2019",
    "\u0130", "\u03a3", "\u00df", "\u1e9e", "\ufdfa", "\u0345", "\u0399", "\u0f73", "\u0b47",
    "\u0b3e", "AZ@[`{az09 The HARBOUR, Quay\tMZ", "Council VOTED:\n", "\U0001d400", "O", "\u0308",
    "\u0323",
    /* the last NO_UTF8 are no UTF-8 */
    "\xc3", "\xff", "\x80", "\xe2\x80"};

#define NO_UTF8 4

/* cm_norm_text gives utf8proc_map's bytes, or says it would fail, on random mixes. */
static void dedupe__normalize_as_utf8proc(void **state)
{
    const size_t n_pieces = sizeof(norm_pieces) / sizeof(*norm_pieces);
    unsigned seed = 12345;
    cm_norm n;
    cm_error err;
    (void)state;
    cm_norm_init(&n);
    for (int round = 0; round < 4000; round++) {
        char text[40 * 40];
        size_t len = 0, pieces = (size_t)(round % 40);
        for (size_t k = 0; k < pieces; k++) {
            seed = seed * 1103515245u + 12345u;
            /* one text in four of UTF-8 only: the others mostly fail */
            const char *p = norm_pieces[(seed >> 8) % (round % 4 ? n_pieces : n_pieces - NO_UTF8)];
            memcpy(text + len, p, strlen(p));
            len += strlen(p);
        }
        utf8proc_uint8_t *want = NULL;
        utf8proc_ssize_t wl =
            utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &want,
                         UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
        int invalid = -1;
        assert_int_equal(cm_norm_text(&n, (const unsigned char *)text, len, &invalid, &err), CM_OK);
        assert_int_equal(invalid, wl < 0);
        if (wl >= 0) {
            assert_int_equal(n.len, (size_t)wl);
            assert_memory_equal(n.out, want, n.len);
        }
        free(want); /* utf8proc's own allocation */
    }
    cm_norm_destroy(&n);
}

static uint64_t exact_only(const char *text)
{
    cm_fingerprint f;
    cm_error err;
    assert_int_equal(cm_fingerprint_exact(&f, text, strlen(text), &err), CM_OK);
    return f.exact;
}

/* The exact-only hash (eight bytes a step) tells the same texts apart as the FNV-1a of
 * fingerprint files: white space runs of every kind and length, at every offset, at the
 * ends, in upper case, and texts a character apart. */
static void dedupe__exact_only_decides_as_fnv(void **state)
{
    static const char *const runs[] = {" ", "  ", "\n", "\t", " \r\n ", "\n\n", "\f\v "};
    enum { N = 48 };
    char *texts[N];
    uint64_t seed = 20261207;
    (void)state;
    for (size_t k = 0; k < N; k++) {
        size_t cap = 4 * sizeof(story) + 16, len = 0;
        texts[k] = malloc(cap);
        assert_non_null(texts[k]);
        for (size_t i = 0; story[i]; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            unsigned r = (unsigned)(seed >> 33);
            const char *piece = story[i] != ' ' || k % 4 == 0 ? NULL : runs[r % 7];
            if (piece) {
                len += (size_t)sprintf(texts[k] + len, "%s", piece);
            } else {
                char c = story[i];
                c = k % 3 == 1 && r % 5 == 0 && c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
                /* every sixth text: one letter changed, where depends on k */
                c = k % 6 == 5 && i == 7 * k ? '#' : c;
                texts[k][len++] = c;
            }
        }
        texts[k][len] = '\0';
        if (k % 5 == 2) {
            memmove(texts[k] + 3, texts[k], len + 1);
            memcpy(texts[k], " \n\t", 3);
        }
    }
    for (size_t a = 0; a < N; a++) {
        for (size_t b = 0; b < N; b++) {
            assert_int_equal(fp(texts[a]).exact == fp(texts[b]).exact,
                             exact_only(texts[a]) == exact_only(texts[b]));
        }
    }
    assert_true(exact_only("a b") != exact_only("a  b c"));
    assert_true(exact_only("abcdefgh") != exact_only("abcdefg"));
    assert_true(exact_only("") == exact_only(" \n "));
    for (size_t k = 0; k < N; k++) {
        free(texts[k]);
    }
}

static uint64_t key_of(const char *text)
{
    uint64_t key;
    cm_norm n;
    cm_error err;
    cm_norm_init(&n);
    assert_int_equal(cm_dedupe_key(&key, &n, text, strlen(text), &err), CM_OK);
    cm_norm_destroy(&n);
    return key;
}

/* A long text (the sixteen-bytes-a-step path, chunks of 256 bytes) made of `story` four
 * times, variant k: white space runs of every kind, upper case, compatibility characters
 * (a no-break space, an en space, the ligature fi) and, every sixth, one letter changed;
 * k % 4 == 0 is the plain text. */
static char *variant(size_t k, uint64_t *seed)
{
    static const char *const runs[] = {" ",    "  ",    "\n",     "\t",      " \r\n ",
                                       "\n\n", "\f\v ", "\u00a0", " \u2002 "};
    size_t cap = 4 * 4 * sizeof(story) + 64, len = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    for (size_t rep = 0; rep < 4; rep++) {
        for (size_t i = 0; story[i]; i++) {
            *seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
            unsigned r = (unsigned)(*seed >> 33);
            const char *piece = story[i] != ' ' || k % 4 == 0 ? NULL : runs[r % 9];
            if (piece) {
                len += (size_t)sprintf(t + len, "%s", piece);
            } else if (k % 4 == 3 && story[i] == 'f' && story[i + 1] == 'i') {
                len += (size_t)sprintf(t + len, "%s", "\ufb01");
                i++;
            } else {
                char c = story[i];
                c = k % 3 == 1 && r % 5 == 0 && c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
                c = k % 6 == 5 && rep == 2 && c >= 'a' && c <= 'z' && i >= 7 * k ? '#' : c;
                t[len++] = c;
            }
        }
    }
    t[len] = '\0';
    return t;
}

/* Texts the exact hash finds equal have equal keys; a letter changed changes the key. */
static void dedupe__key_is_necessary(void **state)
{
    enum { N = 36 };
    char *texts[N];
    uint64_t seed = 7, keys[N], exact[N];
    (void)state;
    for (size_t k = 0; k < N; k++) {
        texts[k] = variant(k, &seed);
        keys[k] = key_of(texts[k]);
        exact[k] = exact_only(texts[k]);
    }
    for (size_t a = 0; a < N; a++) {
        for (size_t b = 0; b < N; b++) {
            if (exact[a] == exact[b]) {
                assert_true(keys[a] == keys[b]);
            }
        }
        /* all but the letter-changed ones normalize to the plain text */
        assert_int_equal(exact[a] == exact[0], a % 6 != 5);
        assert_int_equal(keys[a] == keys[0], a % 6 != 5);
    }
    for (size_t k = 0; k < N; k++) {
        free(texts[k]);
    }
    /* short texts, the ends, invalid UTF-8 (hashed as it is, and so keyed) */
    assert_true(key_of("") == key_of(" \n "));
    assert_true(key_of("The  Pier\n") == key_of("the pier"));
    assert_true(key_of("a\xff  b") == key_of(" a\xff\tb"));
    /* there the case counts, for the hash, not for the key: the hash tells them apart */
    assert_true(key_of("a\xff b") == key_of("A\xff b"));
    assert_true(exact_only("a\xff b") != exact_only("A\xff b"));
    assert_true(key_of("a b") != key_of("ab"));
    /* quotes and dashes, which the key takes as they are, and a mark after them */
    assert_true(key_of("The pier\u2019s  end \u2014 \u201cnow\u201d") ==
                key_of("the PIER\u2019S end\n\u2014 \u201cNOW\u201d"));
    assert_true(key_of("pier\u2019s") != key_of("pier's"));
    assert_true(key_of("A\u2019\u0301 e\u0301") == key_of("a\u2019\u0301 \u00e9"));
}

typedef struct texts_ctx {
    const char *const *texts;
    size_t calls;
} texts_ctx;

static cm_status hash_again(void *ctx, size_t j, uint64_t *exact, cm_error *err)
{
    texts_ctx *c = ctx;
    (void)err;
    c->calls++;
    *exact = exact_only(c->texts[j]);
    return CM_OK;
}

/* Documents whose keys are equal but texts are not (letters swapped) are both kept; a
 * re-typeset reprint is a copy of the first; an earlier document is hashed again once,
 * only when a later one has its key. */
static void dedupe__keyed_decides_as_exact(void **state)
{
    static const char *const texts[] = {"The council will form the plan.",
                                        "The council will from the plan.",
                                        "Another story.",
                                        "  the COUNCIL will\nform the plan.  ",
                                        "The council will from  the plan.",
                                        "Another story!"};
    enum { N = sizeof(texts) / sizeof(*texts) };
    const cm_fingerprint *have[N];
    cm_fingerprint f[N];
    cm_dedupe_of want[N];
    cm_dedupe_keyed d;
    texts_ctx ctx = {texts, 0};
    cm_error err;
    (void)state;
    assert_true(key_of(texts[0]) == key_of(texts[1]));
    assert_true(exact_only(texts[0]) != exact_only(texts[1]));
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(cm_fingerprint_exact(&f[i], texts[i], strlen(texts[i]), &err), CM_OK);
        have[i] = i == 2 ? NULL : &f[i]; /* document 2 not read */
    }
    assert_int_equal(cm_dedupe_decide(want, have, N, 0, &err), CM_OK);
    assert_int_equal(cm_dedupe_keyed_init(&d, N, &err), CM_OK);
    for (size_t i = 0; i < N; i++) {
        uint64_t key = key_of(texts[i]);
        size_t kept;
        assert_int_equal(cm_dedupe_keyed_next(&d, i, have[i] ? &key : NULL, texts[i],
                                              strlen(texts[i]), hash_again, &ctx, &kept, &err),
                         CM_OK);
        assert_int_equal(kept, want[i].kept);
    }
    cm_dedupe_keyed_destroy(&d);
    assert_int_equal(want[3].kept, 0);
    assert_int_equal(want[4].kept, 1);
    assert_true(want[1].kept == SIZE_MAX && want[5].kept == SIZE_MAX);
    assert_int_equal(ctx.calls, 1); /* document 0, when document 1 came */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dedupe__normalization),
        cmocka_unit_test(dedupe__near_and_distinct),
        cmocka_unit_test(dedupe__decide),
        cmocka_unit_test(dedupe__normalize_as_utf8proc),
        cmocka_unit_test(dedupe__exact_only_decides_as_fnv),
        cmocka_unit_test(dedupe__key_is_necessary),
        cmocka_unit_test(dedupe__keyed_decides_as_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
