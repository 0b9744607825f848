/* Unit tests of co-mention counting: once per unit, units and documents, windows,
 * evidence order and snippets, and the edge measures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include "pipeline.h"
#include "count/count_int.h"
#include "export/attrs.h"

/* cmocka 1.1.5 has no assert_double_equal. */
#define assert_near(a, b, tol)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (fabs(a_ - b_) > (tol)) {                                                               \
            fail_msg("%s = %.17g, want %.17g", #a, a_, b_);                                        \
        }                                                                                          \
    } while (0)

static void count__pair_once_per_sentence(void **state)
{
    const char *texts[] = {"Russia, Russia and Ukraine. Russia again.\nUkraine and Russia.",
                           "Ukraine and Russia.\nChina."};
    cm_counts *c = count_texts(texts, 2, NULL);
    const cm_pair_count *p = find_pair(c, "russia", "ukraine");
    (void)state;
    assert_non_null(p);
    assert_int_equal(p->units, 3);
    assert_int_equal(p->documents, 2);
    assert_int_equal(cm_counts_n_units(c), 5);
    assert_int_equal(cm_counts_n_documents(c), 2);
    assert_int_equal(cm_counts_n_mentions(c), 9);
    /* entities come out in id order */
    assert_string_equal(cm_counts_entity(c, 0)->id, "china");
    assert_string_equal(cm_counts_entity(c, 1)->id, "russia");
    assert_int_equal(cm_counts_entity(c, 1)->mentions, 5);
    assert_int_equal(cm_counts_entity(c, 1)->units, 4);
    assert_int_equal(cm_counts_entity(c, 1)->documents, 2);
    cm_counts_free(c);
}

static void count__document_and_window_units(void **state)
{
    const char *texts[] = {"Russia spoke. Nothing. Ukraine answered. China."};
    cm_count_opts o;
    cm_counts *c;
    (void)state;
    cm_count_opts_init(&o);
    o.unit = CM_UNIT_DOCUMENT;
    c = count_texts(texts, 1, &o);
    assert_int_equal(cm_counts_n_units(c), 1);
    assert_int_equal(cm_counts_n_pairs(c), 3);
    cm_counts_free(c);

    o.unit = CM_UNIT_WINDOW;
    o.window = 2; /* windows {0,1} {1,2} {2,3} */
    c = count_texts(texts, 1, &o);
    assert_int_equal(cm_counts_n_units(c), 3);
    assert_null(find_pair(c, "russia", "ukraine"));
    assert_non_null(find_pair(c, "china", "ukraine"));
    assert_int_equal(find_pair(c, "china", "ukraine")->units, 1);
    assert_int_equal(cm_counts_entity(c, 2)->units, 2); /* ukraine in two windows */
    cm_counts_free(c);
}

static void count__types_filter(void **state)
{
    const char *texts[] = {"Putin and Russia and Patriot."};
    cm_count_opts o;
    cm_counts *c;
    (void)state;
    cm_count_opts_init(&o);
    o.types = 1u << CM_TYPE_COUNTRY | 1u << CM_TYPE_WEAPON;
    c = count_texts(texts, 1, &o);
    assert_int_equal(cm_counts_n_entities(c), 2);
    assert_int_equal(cm_counts_n_pairs(c), 1);
    cm_counts_free(c);
}

static void count__subtypes_filter(void **state)
{
    const char *texts[] = {"Putin and Russia and Patriot and NATO."};
    cm_count_opts o;
    cm_counts *c;
    (void)state;
    cm_count_opts_init(&o);
    o.subtypes = CM_ALL_SUBTYPES & ~(UINT64_C(1) << cm_subtype_index("igo"));
    c = count_texts(texts, 1, &o);
    assert_int_equal(cm_counts_n_entities(c), 3);
    assert_int_equal(cm_counts_find_entity(c, "nato"), SIZE_MAX);
    cm_counts_free(c);
    assert_int_equal(cm_subtype_index("media"), 8);
    assert_string_equal(cm_subtype_name(cm_subtype_index("air_defence")), "air_defence");
    assert_int_equal(cm_subtype_index("newspaper"), -1);
}

/* --units body: a headline's and a caption's mentions count as mentions, never as units. */
static void count__body_units(void **state)
{
    const char *texts[] = {"Putin warns NATO over Patriot\n\nRussia and Ukraine spoke. Putin "
                           "left.\nPutin meets Ukraine envoys (Photo: Agency/Name)"};
    cm_count_opts o;
    cm_counts *c;
    (void)state;
    cm_count_opts_init(&o);
    c = count_texts(texts, 1, &o);
    assert_int_equal(cm_counts_n_units(c), 4);
    assert_non_null(find_pair(c, "nato", "vladimir-putin"));
    assert_non_null(find_pair(c, "ukraine", "vladimir-putin"));
    cm_counts_free(c);

    o.filter = CM_UNITS_BODY;
    c = count_texts(texts, 1, &o);
    assert_int_equal(cm_counts_n_units(c), 2);
    assert_null(find_pair(c, "nato", "vladimir-putin"));
    assert_null(find_pair(c, "ukraine", "vladimir-putin"));
    assert_non_null(find_pair(c, "russia", "ukraine"));
    assert_int_equal(cm_counts_n_mentions(c), 8);
    size_t putin = cm_counts_find_entity(c, "vladimir-putin");
    assert_int_equal(cm_counts_entity(c, putin)->mentions, 3);
    assert_int_equal(cm_counts_entity(c, putin)->units, 1);
    cm_counts_free(c);

    o.unit = CM_UNIT_PARAGRAPH; /* the caption's paragraph makes no unit */
    c = count_texts(texts, 1, &o);
    assert_int_equal(cm_counts_n_units(c), 1);
    cm_counts_free(c);
}

static void count__evidence_keeps_first_occurrences(void **state)
{
    const char *texts[] = {"Russia and Ukraine first.\nRussia and   Ukraine second.",
                           "Ukraine, Russia in doc two."};
    cm_count_opts o;
    cm_counts *c;
    const cm_pair_count *p;
    (void)state;
    cm_count_opts_init(&o);
    o.evidence = 2;
    c = count_texts(texts, 2, &o);
    p = find_pair(c, "russia", "ukraine");
    assert_int_equal(p->n_evidence, 2);
    /* the first occurrence in each of the first documents comes before second ones */
    assert_string_equal(p->evidence[0].doc, "d0");
    assert_string_equal(p->evidence[0].snippet, "Russia and Ukraine first.");
    assert_string_equal(p->evidence[1].doc, "d1");
    assert_int_equal(p->evidence[1].start, 0);
    assert_int_equal(p->evidence[1].end, 27);
    cm_counts_free(c);
}

/* Once a pair's K evidence are settled (documents in id order), counting skips the
 * evidence; a document that comes out of order must still take its place. */
static void count__evidence_of_an_earlier_id_after_settling(void **state)
{
    const char *ids[] = {"d2", "d3", "d1"};
    const char *texts[] = {"Russia and Ukraine in d2. Ukraine, Russia again.",
                           "Russia and Ukraine in d3.", "Ukraine and Russia in d1."};
    cm_lexicon *lex = test_lexicon();
    cm_counts *c = NULL;
    cm_count_opts o;
    cm_error err;
    const cm_pair_count *p;
    (void)state;
    cm_count_opts_init(&o);
    o.evidence = 1;
    assert_int_equal(cm_counts_new(&c, &o, &err), CM_OK);
    for (size_t i = 0; i < 3; i++) {
        count_text(c, lex, ids[i], texts[i], 0);
    }
    assert_int_equal(cm_counts_finish(c, &err), CM_OK);
    p = find_pair(c, "russia", "ukraine");
    assert_int_equal(p->units, 4);
    assert_int_equal(p->documents, 3);
    assert_int_equal(p->n_evidence, 1);
    assert_string_equal(p->evidence[0].doc, "d1");
    assert_string_equal(p->evidence[0].snippet, "Ukraine and Russia in d1.");
    cm_counts_free(c);
    cm_lexicon_free(lex);
}

/* The pair's first n snippets are "<prefix> 0." to "<prefix> n-1.", in order. */
static void assert_numbered_evidence(const cm_pair_count *p, size_t n, const char *prefix)
{
    for (size_t k = 0; k < n; k++) {
        char want[96];
        snprintf(want, sizeof(want), "%s %zu.", prefix, k);
        assert_string_equal(p->evidence[k].snippet, want);
    }
}

/* More than 8 evidence: the array leaves its first chunk-cut block for the heap, and grows
 * there. */
static void count__many_evidence_grow(void **state)
{
    char text[2048] = "";
    const char *texts[] = {text};
    cm_count_opts o;
    cm_counts *c;
    const cm_pair_count *p;
    (void)state;
    for (int i = 0; i < 25; i++) {
        char s[64];
        snprintf(s, sizeof(s), "Russia and Ukraine, number %d. ", i);
        strcat(text, s);
    }
    cm_count_opts_init(&o);
    o.evidence = 20;
    c = count_texts(texts, 1, &o);
    p = find_pair(c, "russia", "ukraine");
    assert_int_equal(p->units, 25);
    assert_int_equal(p->n_evidence, 20);
    assert_numbered_evidence(p, 20, "Russia and Ukraine, number");
    for (size_t k = 0; k < 20; k++) {
        assert_int_equal(p->evidence[k].rank, k);
    }
    cm_counts_free(c);
}

/* A document of more co-occurrences than one block of counting (512): every one counted,
 * evidence in text order across the blocks. */
static void count__many_cooccurrences_in_one_document(void **state)
{
    char *text = malloc(200 * 64);
    const char *texts[1] = {text};
    cm_count_opts o;
    cm_counts *c;
    size_t len = 0;
    (void)state;
    assert_non_null(text);
    for (int i = 0; i < 200; i++) {
        len += (size_t)snprintf(text + len, 64, "Russia, Ukraine and China met, round %d. ", i);
    }
    cm_count_opts_init(&o);
    o.evidence = 4;
    c = count_texts(texts, 1, &o);
    assert_int_equal(cm_counts_n_pairs(c), 3);
    for (size_t p = 0; p < 3; p++) {
        const cm_pair_count *pc = cm_counts_pair(c, p);
        assert_int_equal(pc->units, 200);
        assert_int_equal(pc->documents, 1);
        assert_int_equal(pc->n_evidence, 4);
        assert_numbered_evidence(pc, 4, "Russia, Ukraine and China met, round");
    }
    cm_counts_free(c);
    cm_free(text);
}

static void count__window_evidence_once_and_snippet_spaces(void **state)
{
    /* The pair sits in one sentence, which lies in three windows: one evidence row. NBSP
     * and a line separator in the snippet read as spaces. */
    const char *texts[] = {"Putin.\nRussia\xC2\xA0"
                           "and\xE2\x80\xA8"
                           "Ukraine met. Then. More. End."};
    cm_count_opts o;
    cm_counts *c;
    const cm_pair_count *p;
    (void)state;
    cm_count_opts_init(&o);
    o.unit = CM_UNIT_WINDOW;
    o.window = 3;
    c = count_texts(texts, 1, &o);
    p = find_pair(c, "russia", "ukraine");
    assert_non_null(p);
    assert_int_equal(p->units, 2);
    assert_int_equal(p->n_evidence, 1);
    assert_string_equal(p->evidence[0].snippet, "Russia and Ukraine met.");
    cm_counts_free(c);
}

static void count__snippet_cut_on_a_character(void **state)
{
    char text[1200];
    size_t n = 0;
    cm_counts *c;
    const cm_pair_count *p;
    const char *texts[1];
    (void)state;
    n += (size_t)snprintf(text, sizeof(text), "Russia and Ukraine ");
    for (int i = 0; i < 200; i++) {
        n += (size_t)snprintf(text + n, sizeof(text) - n, "\xC3\xA9"); /* é, two bytes */
    }
    snprintf(text + n, sizeof(text) - n, " end.");
    texts[0] = text;
    c = count_texts(texts, 1, NULL);
    p = find_pair(c, "russia", "ukraine");
    assert_non_null(p);
    const char *sn = p->evidence[0].snippet;
    size_t len = strlen(sn);
    assert_true(len <= 300);
    assert_memory_equal(sn + len - 3, "\xE2\x80\xA6", 3);     /* ends in an ellipsis */
    assert_true(((unsigned char)sn[len - 4] & 0xC0) != 0xC0); /* no half character */
    cm_counts_free(c);
}

/* A cm_doc_fetch over an array of texts (ids "d0", "d1", …). */
typedef struct texts_src {
    const char *const *texts;
    size_t n;
} texts_src;

static cm_status fetch_text(void *ctx, const char *id, cm_doc **out, cm_error *err)
{
    const texts_src *src = ctx;
    size_t i = (size_t)strtoul(id + 1, NULL, 10);
    assert_true(i < src->n);
    return cm_doc_new(out, id, src->texts[i], strlen(src->texts[i]), err);
}

static void count__snippets_cut_at_the_end_match_snippets_cut_at_once(void **state)
{
    const char *texts[] = {"Russia and Ukraine first.\nRussia and   Ukraine second. China.",
                           "Ukraine, Russia in doc two. China and Russia."};
    const char *changed[] = {texts[0], "Ukraine, Russia in doc two."};
    cm_lexicon *lex = test_lexicon();
    cm_counts *lazy = NULL, *eager = count_texts(texts, 2, NULL);
    texts_src src = {texts, 2}, bad = {changed, 2};
    cm_error err;
    (void)state;

    for (int pass = 0; pass < 2; pass++) {
        assert_int_equal(cm_counts_new(&lazy, NULL, &err), CM_OK);
        for (size_t i = 0; i < 2; i++) {
            char id[8];
            snprintf(id, sizeof(id), "d%zu", i);
            count_text(lazy, lex, id, texts[i], 1);
        }
        if (pass == 1) {
            /* d1 is shorter now: its spans no longer say where the sentences were */
            assert_int_equal(cm_counts_fill_snippets(lazy, NULL, 0, fetch_text, &bad, &err),
                             CM_EINPUT);
            assert_string_equal(err.path, "d1");
            cm_counts_free(lazy);
            break;
        }
        assert_int_equal(cm_counts_finish(lazy, &err), CM_OK);
        /* a .cmc file must hold every snippet */
        assert_int_equal(cm_counts_write("/dev/null", lazy, &err), CM_EINPUT);
        assert_int_equal(cm_counts_fill_snippets(lazy, NULL, 0, fetch_text, &src, &err), CM_OK);
        assert_int_equal(cm_counts_n_pairs(lazy), cm_counts_n_pairs(eager));
        for (size_t i = 0; i < cm_counts_n_pairs(eager); i++) {
            const cm_pair_count *a = cm_counts_pair(eager, i), *b = cm_counts_pair(lazy, i);
            assert_int_equal(a->n_evidence, b->n_evidence);
            for (size_t k = 0; k < a->n_evidence; k++) {
                assert_string_equal(a->evidence[k].doc, b->evidence[k].doc);
                assert_int_equal(a->evidence[k].start, b->evidence[k].start);
                assert_string_equal(a->evidence[k].snippet, b->evidence[k].snippet);
            }
        }
        cm_counts_free(lazy);
    }
    cm_counts_free(eager);
    cm_lexicon_free(lex);
}

static void count__measures(void **state)
{
    double m[CM_N_MEASURES];
    (void)state;
    /* c_ab = 2, c_a = 4, c_b = 5, N = 20 */
    cm_pair_measures(m, 2, 1, 4, 5, 20);
    assert_near(m[CM_WEIGHT_COUNT], 2, 0);
    assert_near(m[CM_WEIGHT_DOCUMENTS], 1, 0);
    assert_near(m[CM_WEIGHT_JACCARD], 2.0 / 7.0, 1e-12);
    assert_near(m[CM_WEIGHT_DICE], 4.0 / 9.0, 1e-12);
    assert_near(m[CM_WEIGHT_ASSOCIATION], 2.0 * 20 / 20, 1e-12);
    assert_near(m[CM_WEIGHT_NPMI], log(0.1 / (0.2 * 0.25)) / -log(0.1), 1e-12);
    /* G² by hand: O = (2, 2, 3, 13), E = (1, 3, 4, 12) */
    double g2 = 2 * (2 * log(2.0) + 2 * log(2.0 / 3) + 3 * log(3.0 / 4) + 13 * log(13.0 / 12));
    assert_near(m[CM_WEIGHT_LLR], g2, 1e-12);
    /* below expectation: negative */
    cm_pair_measures(m, 1, 1, 10, 10, 20);
    assert_true(m[CM_WEIGHT_LLR] < 0);
    /* p_ab = 1 gives npmi = 1 */
    cm_pair_measures(m, 3, 1, 3, 3, 3);
    assert_near(m[CM_WEIGHT_NPMI], 1.0, 0);
}

/* Finishing renumbers the entities into id order: afterwards a pair is found by its new
 * numbers only, and an old number pair finds nothing. */
static void count__pairs_found_by_new_numbers_after_finish(void **state)
{
    static const char *const ids[] = {"z", "a", "m"};
    cm_counts *c = NULL;
    cm_error err;
    size_t z, a, m;
    (void)state;
    assert_int_equal(cm_counts_new(&c, NULL, &err), CM_OK);
    for (size_t i = 0; i < 3; i++) {
        cm_entity_count e = {0};
        e.id = (char *)ids[i];
        e.label = (char *)ids[i];
        e.type = CM_TYPE_ACTOR;
        assert_int_equal(cm_counts_put_entity(c, &e, &err), CM_OK);
    }
    z = cm_counts_find_entity(c, "z");
    a = cm_counts_find_entity(c, "a");
    m = cm_counts_find_entity(c, "m");
    assert_int_equal(cm_counts_put_pair(c, z, a, 2, 1, &err), CM_OK);
    assert_int_equal(cm_counts_put_pair(c, a, m, 5, 1, &err), CM_OK);
    assert_int_equal(cm_counts_finish(c, &err), CM_OK);
    z = cm_counts_find_entity(c, "z");
    a = cm_counts_find_entity(c, "a");
    m = cm_counts_find_entity(c, "m");
    assert_int_equal(a, 0);
    assert_int_equal(m, 1);
    assert_int_equal(z, 2);
    assert_int_equal(cm_counts_pair(c, cm_counts_find_pair(c, z, a))->units, 2);
    assert_int_equal(cm_counts_pair(c, cm_counts_find_pair(c, m, a))->units, 5);
    assert_int_equal(cm_counts_find_pair(c, m, z), SIZE_MAX);
    /* Adding to finished counts finds the old pairs again (by a rebuilt map). */
    assert_int_equal(cm_counts_put_pair(c, a, z, 1, 1, &err), CM_OK);
    assert_int_equal(cm_counts_put_pair(c, m, z, 7, 1, &err), CM_OK);
    assert_int_equal(cm_counts_n_pairs(c), 3);
    assert_int_equal(cm_counts_pair(c, cm_counts_find_pair(c, z, a))->units, 3);
    assert_int_equal(cm_counts_pair(c, cm_counts_find_pair(c, z, m))->units, 7);
    assert_int_equal(cm_counts_pair(c, cm_counts_find_pair(c, a, m))->units, 5);
    cm_counts_free(c);
}

/* Counts of 2^63 and more (a crafted or a huge .cmc) add without wrapping or refuse, and
 * print as the unsigned numbers they are. */
static void count__huge_counts_never_wrap(void **state)
{
    static const char *const ids[] = {"a", "b"};
    const uint64_t big = (uint64_t)1 << 63;
    cm_counts *c[2] = {NULL, NULL};
    cm_error err;
    cm_buf b;
    (void)state;
    for (int k = 0; k < 2; k++) {
        assert_int_equal(cm_counts_new(&c[k], NULL, &err), CM_OK);
        for (size_t i = 0; i < 2; i++) {
            cm_entity_count e = {0};
            e.id = e.label = (char *)ids[i];
            e.type = CM_TYPE_ACTOR;
            e.mentions = e.units = e.documents = k ? 1 : big; /* the pairs overflow */
            assert_int_equal(cm_counts_put_entity(c[k], &e, &err), CM_OK);
        }
        assert_int_equal(cm_counts_put_pair(c[k], 0, 1, big, 1, &err), CM_OK);
        assert_int_equal(cm_counts_finish(c[k], &err), CM_OK);
    }
    assert_int_equal(cm_counts_merge(c[0], c[1], &err), CM_EINPUT);
    assert_string_equal(err.msg, "counts over 2^64 - 1 once added");
    cm_buf_init(&b);
    cm_put_value(&b, (double)big, 1);
    cm_buf_putc(&b, ' ');
    cm_put_value(&b, 18446744073709549568.0, 1); /* the largest double below 2^64 */
    cm_buf_putc(&b, ' ');
    cm_put_value(&b, -3, 1);
    assert_string_equal(b.data, "9223372036854775808 18446744073709549568 -3");
    cm_buf_destroy(&b);
    cm_counts_free(c[0]);
    cm_counts_free(c[1]);
}

/* A .cmc file built by hand (layout in src/count/cmc.c), one value changed per case. */
typedef struct cmc_file {
    cm_buf b;
    size_t header, invalid, entity, pair, evidence; /* offsets of the parts a case spoils */
} cmc_file;

static void u64(cm_buf *b, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        cm_buf_putc(b, (char)(v >> (8 * i)));
    }
}

static void str(cm_buf *b, const char *s)
{
    u64(b, strlen(s));
    cm_buf_puts(b, s);
}

/* Two entities, one pair with one piece of evidence, one document with invalid UTF-8;
 * `bad` replaces the value of that name (types, idocs, ibytes, ifirst, type, rank, start, end,
 * a, len) with `v`. */
static void cmc_build(cmc_file *f, const char *bad, uint64_t v)
{
#define VAL(name, dflt) (strcmp(bad, name) == 0 ? v : (uint64_t)(dflt))
    cm_buf *b = &f->b;
    cm_buf_init(b);
    cm_buf_puts(b, "COMENTION-CMC\n");
    u64(b, 6);
    f->header = b->len;
    u64(b, CM_UNIT_SENTENCE);
    u64(b, 1);                     /* window */
    u64(b, 3);                     /* evidence */
    u64(b, VAL("types", 7));       /* types */
    u64(b, CM_ALL_SUBTYPES);       /* subtypes */
    u64(b, 0);                     /* filter */
    u64(b, 0);                     /* discover */
    u64(b, CM_DEDUPE_EXACT);       /* dedupe */
    u64(b, CM_SLICE_NONE);         /* slice */
    u64(b, (uint32_t)CM_DAY_NONE); /* since */
    u64(b, (uint32_t)CM_DAY_NONE); /* until */
    str(b, "");                    /* lexicon */
    u64(b, 0);                     /* copies */
    u64(b, VAL("idocs", 1));       /* documents with invalid UTF-8 */
    u64(b, 2);                     /* their bytes */
    u64(b, 1);                     /* listed */
    f->invalid = b->len;
    str(b, "d0");
    u64(b, VAL("ibytes", 2));
    u64(b, VAL("ifirst", 5));
    for (int i = 0; i < 6; i++) { /* units documents bytes sentences mentions outside */
        u64(b, 1);
    }
    u64(b, 0); /* skipped */
    u64(b, 2); /* entities */
    for (int i = 0; i < 2; i++) {
        if (i == 1) {
            f->entity = b->len;
        }
        str(b, i ? "b" : "a");
        str(b, i ? "B" : "A");
        str(b, "person");
        u64(b, i ? VAL("type", CM_TYPE_ACTOR) : CM_TYPE_ACTOR);
        u64(b, 0);
        u64(b, 1);
        u64(b, 1);
        u64(b, 1);
    }
    u64(b, 1); /* pairs */
    f->pair = b->len;
    u64(b, 0);
    u64(b, VAL("a", 1));
    u64(b, 1);
    u64(b, 1);
    u64(b, 1); /* k */
    f->evidence = b->len;
    u64(b, VAL("rank", 0));
    str(b, "d0");
    u64(b, VAL("start", 0));
    u64(b, VAL("end", 7));
    if (strcmp(bad, "len") == 0) {
        u64(b, v);
    } else {
        str(b, "A and B");
    }
    u64(b, 0); /* periods */
#undef VAL
}

/* Write it with its checksum, read it back. */
static cm_status cmc_read(cm_counts **out, cmc_file *f, cm_error *err)
{
    char path[] = "/tmp/cm-test-cmc-XXXXXX";
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    guint8 digest[32];
    gsize n = sizeof(digest);
    int fd = mkstemp(path);
    cm_status rc;

    assert_true(fd >= 0);
    g_checksum_update(sum, (const guchar *)f->b.data, (gssize)f->b.len);
    g_checksum_get_digest(sum, digest, &n);
    g_checksum_free(sum);
    assert_int_equal(write(fd, f->b.data, f->b.len), (ssize_t)f->b.len);
    assert_int_equal(write(fd, digest, n), (ssize_t)n);
    close(fd);
    rc = cm_counts_read(out, path, err);
    unlink(path);
    cm_buf_destroy(&f->b);
    return rc;
}

/* Every number of a .cmc is checked before it is used or narrowed; a bad one is refused
 * with the offset of its value or record. */
static void count__cmc_values_checked_with_offsets(void **state)
{
    static const struct {
        const char *bad;
        uint64_t v;
        const char *what;
    } cases[] = {
        {"types", ((uint64_t)1 << 32) + 1, "bad header"}, /* 1 once narrowed to unsigned */
        {"type", 7, "bad entity table"},
        {"a", 2, "bad pair table"},
        {"start", 8, "bad pair table"},               /* after its end */
        {"end", (uint64_t)1 << 40, "bad pair table"}, /* past any document */
        {"len", (uint64_t)1 << 63, "bad pair table"}, /* a string longer than the file */
        {"idocs", 2, "bad list of invalid UTF-8"},    /* a short list must be whole */
        {"ibytes", 0, "bad list of invalid UTF-8"},   /* a document without invalid bytes */
        {"ibytes", 3, "bad list of invalid UTF-8"},   /* more than the total */
        {"ifirst", CM_DOC_MAX_BYTES, "bad list of invalid UTF-8"}, /* past any document */
    };
    cm_counts *c = NULL;
    cm_error err;
    cmc_file f;

    (void)state;
    cmc_build(&f, "", 0);
    assert_int_equal(cmc_read(&c, &f, &err), CM_OK);
    assert_int_equal(cm_counts_n_pairs(c), 1);
    assert_int_equal(cm_counts_n_invalid_listed(c), 1);
    assert_int_equal(cm_counts_invalid(c, 0)->first, 5);
    cm_counts_free(c);
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        char want[200];
        size_t at;
        cmc_build(&f, cases[i].bad, cases[i].v);
        at = i == 0 ? f.header : i == 1 ? f.entity : i == 2 ? f.pair : f.evidence;
        at = i == 6 ? f.invalid - 24 : i > 6 ? f.invalid : at;
        if (i == 5) {
            at += 8 + 10 + 8 + 8; /* the length itself: rank, doc, start and end before it */
        }
        snprintf(want, sizeof(want), "not a valid .cmc file: %s at byte %zu", cases[i].what, at);
        c = NULL;
        assert_int_equal(cmc_read(&c, &f, &err), CM_EINPUT);
        assert_null(c);
        if (strcmp(err.msg, want) != 0) {
            fail_msg("case %zu: '%s', want '%s'", i, err.msg, want);
        }
    }
}

/* Entity and pair indexes, evidence ranks and offsets take 32 bits in the counts: what does
 * not fit is refused, never cut short; documents past 2^32 - 1 still count apart. */
static void count__indexes_fit_32_bits(void **state)
{
    static const char *const ids[] = {"a", "b", "c", "d"};
    const char *texts[] = {"Russia and Ukraine met.", "Ukraine and Russia met again."};
    cm_lexicon *lex = test_lexicon();
    cm_counts *c = NULL;
    cm_error err;
    cmc_file f;
    char want[200];
    (void)state;

    cmc_build(&f, "rank", (uint64_t)1 << 32);
    snprintf(want, sizeof(want), "not a valid .cmc file: bad pair table at byte %zu", f.evidence);
    assert_int_equal(cmc_read(&c, &f, &err), CM_EINPUT);
    assert_null(c);
    assert_string_equal(err.msg, want);

    /* the limit lowered from 2^32 - 1 to 4, which a test can reach */
    assert_int_equal(cm_counts_new(&c, NULL, &err), CM_OK);
    c->max_index = 4;
    for (size_t i = 0; i < 4; i++) {
        cm_entity_count e = {0};
        e.id = e.label = (char *)ids[i];
        assert_int_equal(cm_counts_put_entity(c, &e, &err), CM_OK);
    }
    {
        cm_entity_count e = {0};
        e.id = e.label = "e";
        assert_int_equal(cm_counts_put_entity(c, &e, &err), CM_EINPUT);
        assert_string_equal(err.msg, "more than 4 entities");
    }
    for (size_t i = 0; i < 4; i++) {
        static const size_t ends[4][2] = {{0, 1}, {0, 2}, {1, 2}, {3, 1}};
        assert_int_equal(cm_counts_put_pair(c, ends[i][0], ends[i][1], 1, 1, &err), CM_OK);
    }
    assert_int_equal(cm_counts_n_pairs(c), 4);
    assert_int_equal(cm_counts_put_pair(c, 2, 3, 1, 1, &err), CM_EINPUT);
    assert_string_equal(err.msg, "more than 4 pairs");
    assert_int_equal(cm_counts_put_pair(c, 0, 1, 1, 1, &err), CM_OK); /* a pair it has */
    assert_int_equal(cm_counts_n_pairs(c), 4);
    cm_counts_free(c);

    /* A pair's last document is marked with the serial number modulo 2^32 - 1: the
     * (2^32)-th document has the first one's mark, and must still count as another one. */
    assert_int_equal(cm_counts_new(&c, NULL, &err), CM_OK);
    count_text(c, lex, "d0", texts[0], 0);
    c->n_docs = UINT32_MAX;
    count_text(c, lex, "d1", texts[1], 0);
    assert_int_equal(cm_counts_finish(c, &err), CM_OK);
    assert_int_equal(find_pair(c, "russia", "ukraine")->documents, 2);
    assert_int_equal(find_pair(c, "russia", "ukraine")->units, 2);
    cm_counts_free(c);
    cm_lexicon_free(lex);
}

/* Documents with invalid UTF-8: whatever the split and the order of calls and merges, the
 * totals count all of them and the list holds the first CM_INVALID_LISTED by id, also after a
 * round trip through a .cmc file. */
static void count__invalid_listed_first_by_id(void **state)
{
    enum { N = CM_INVALID_LISTED + 7 };
    cm_counts *whole = NULL, *part[2] = {NULL, NULL}, *back = NULL;
    char path[] = "/tmp/cm-test-invalid-XXXXXX";
    cm_error err;
    char id[16];

    (void)state;
    assert_int_equal(cm_counts_new(&whole, NULL, &err), CM_OK);
    assert_int_equal(cm_counts_new(&part[0], NULL, &err), CM_OK);
    assert_int_equal(cm_counts_new(&part[1], NULL, &err), CM_OK);
    for (size_t i = 0; i < N; i++) {
        size_t k = N - 1 - i; /* backwards: every call but the first moves the list */
        snprintf(id, sizeof(id), "d%05zu", k);
        assert_int_equal(cm_counts_add_invalid(whole, id, k + 1, k, &err), CM_OK);
        assert_int_equal(cm_counts_add_invalid(part[k % 3 == 0], id, k + 1, k, &err), CM_OK);
    }
    assert_int_equal(cm_counts_merge(part[1], part[0], &err), CM_OK);
    assert_int_equal(cm_counts_finish(part[1], &err), CM_OK);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(cm_counts_write(path, part[1], &err), CM_OK);
    assert_int_equal(cm_counts_read(&back, path, &err), CM_OK);
    unlink(path);
    const cm_counts *all[] = {whole, part[1], back};
    for (size_t c = 0; c < 3; c++) {
        assert_int_equal(cm_counts_invalid_documents(all[c]), N);
        assert_int_equal(cm_counts_invalid_bytes(all[c]), (uint64_t)N * (N + 1) / 2);
        assert_int_equal(cm_counts_n_invalid_listed(all[c]), CM_INVALID_LISTED);
        for (size_t i = 0; i < CM_INVALID_LISTED; i++) {
            const cm_invalid_doc *d = cm_counts_invalid(all[c], i);
            snprintf(id, sizeof(id), "d%05zu", i);
            assert_string_equal(d->id, id);
            assert_int_equal(d->bytes, i + 1);
            assert_int_equal(d->first, i);
        }
    }
    cm_counts_free(whole);
    cm_counts_free(part[0]);
    cm_counts_free(part[1]);
    cm_counts_free(back);
}

static int32_t day_of(const char *iso)
{
    int32_t d = 0;
    assert_int_equal(cm_date_parse(&d, iso, strlen(iso)), 0);
    return d;
}

/* Periods: ISO weeks start on Monday and take the year of their Thursday; months, quarters
 * and years by the calendar, leap days included. */
static void count__slice_periods(void **state)
{
    static const struct {
        cm_slice s;
        const char *day, *first, *last, *name;
    } cases[] = {
        {CM_SLICE_DAY, "2024-03-05", "2024-03-05", "2024-03-05", "2024-03-05"},
        {CM_SLICE_WEEK, "2024-03-05", "2024-03-04", "2024-03-10", "2024-W10"},
        {CM_SLICE_WEEK, "2024-12-31", "2024-12-30", "2025-01-05", "2025-W01"},
        {CM_SLICE_WEEK, "2021-01-03", "2020-12-28", "2021-01-03", "2020-W53"},
        {CM_SLICE_WEEK, "1970-01-01", "1969-12-29", "1970-01-04", "1970-W01"},
        {CM_SLICE_MONTH, "2024-02-10", "2024-02-01", "2024-02-29", "2024-02"},
        {CM_SLICE_MONTH, "2023-12-31", "2023-12-01", "2023-12-31", "2023-12"},
        {CM_SLICE_QUARTER, "2024-11-15", "2024-10-01", "2024-12-31", "2024-Q4"},
        {CM_SLICE_QUARTER, "2024-03-31", "2024-01-01", "2024-03-31", "2024-Q1"},
        {CM_SLICE_YEAR, "1969-07-20", "1969-01-01", "1969-12-31", "1969"},
    };
    char name[CM_PERIOD_NAME_LEN + 1];
    cm_slice s;
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        int32_t first = cm_slice_first(cases[i].s, day_of(cases[i].day));
        char got[CM_DATE_LEN + 1];
        cm_date_format(got, first);
        assert_string_equal(got, cases[i].first);
        cm_date_format(got, cm_slice_last(cases[i].s, first));
        assert_string_equal(got, cases[i].last);
        cm_period_name(name, cases[i].s, first);
        assert_string_equal(name, cases[i].name);
    }
    cm_period_name(name, CM_SLICE_WEEK, CM_DAY_NONE);
    assert_string_equal(name, "undated");
    assert_int_equal(cm_slice_parse(&s, "quarter"), 0);
    assert_int_equal(s, CM_SLICE_QUARTER);
    assert_int_equal(cm_slice_parse(&s, "hour"), -1);
    assert_int_equal(cm_slice_parse(&s, "none"), -1);
}

static const char *const dated_texts[] = {"Russia and Ukraine. China.", "Russia and China.",
                                          "Ukraine and Russia and Turkey.", "China and Turkey.",
                                          "Russia and Turkey."};
static const char *const dated_days[] = {"2024-01-05", "2024-01-31", "2024-02-01", NULL,
                                         "2023-12-31"};

/* Count dated_texts[lo..hi) with the month slice, in the given order. */
static cm_counts *count_months(const size_t *order, size_t n, const cm_count_opts *o)
{
    cm_lexicon *lex = test_lexicon();
    cm_counts *c = NULL;
    cm_error err;

    assert_int_equal(cm_counts_new(&c, o, &err), CM_OK);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        char id[8];
        snprintf(id, sizeof(id), "d%zu", i);
        count_dated(c, lex, id, dated_texts[i],
                    dated_days[i] ? day_of(dated_days[i]) : CM_DAY_NONE);
    }
    cm_counts_set_lexicon(c, "0123");
    assert_int_equal(cm_counts_finish(c, &err), CM_OK);
    cm_lexicon_free(lex);
    return c;
}

static void assert_same_cmc(const cm_counts *a, const cm_counts *b)
{
    char pa[] = "/tmp/cm-test-XXXXXX", pb[] = "/tmp/cm-test-XXXXXX";
    cm_buf ba, bb;
    cm_error err;
    int fa = mkstemp(pa), fb = mkstemp(pb);

    assert_true(fa >= 0 && fb >= 0);
    close(fa);
    close(fb);
    assert_int_equal(cm_counts_write(pa, a, &err), CM_OK);
    assert_int_equal(cm_counts_write(pb, b, &err), CM_OK);
    cm_buf_init(&ba);
    cm_buf_init(&bb);
    assert_int_equal(cm_read_file(&ba, pa, 1 << 20, &err), CM_OK);
    assert_int_equal(cm_read_file(&bb, pb, 1 << 20, &err), CM_OK);
    assert_int_equal(ba.len, bb.len);
    assert_memory_equal(ba.data, bb.data, ba.len);
    cm_buf_destroy(&ba);
    cm_buf_destroy(&bb);
    unlink(pa);
    unlink(pb);
}

/* Each month's counts are counted from its documents alone, add up to the whole corpus's,
 * and merge (in any order, through a .cmc file too) as one pass does. */
static void count__periods_add_up_and_merge(void **state)
{
    static const size_t all[] = {0, 1, 2, 3, 4}, odd[] = {3, 1}, even[] = {4, 2, 0};
    cm_count_opts o;
    cm_counts *c, *parts[2], *back = NULL;
    cm_error err;
    int32_t first;
    uint64_t mentions = 0, docs = 0, russia_ukraine = 0;
    (void)state;
    cm_count_opts_init(&o);
    o.slice = CM_SLICE_MONTH;
    c = count_months(all, 5, &o);
    assert_int_equal(cm_counts_n_periods(c), 4);
    static const char *const firsts[] = {"2023-12-01", "2024-01-01", "2024-02-01"};
    for (size_t i = 0; i < 4; i++) {
        const cm_counts *p = cm_counts_period(c, i, &first);
        char got[CM_DATE_LEN + 1];
        if (i < 3) {
            cm_date_format(got, first);
            assert_string_equal(got, firsts[i]);
        } else {
            assert_int_equal(first, CM_DAY_NONE); /* undated last */
        }
        mentions += cm_counts_n_mentions(p);
        docs += cm_counts_n_documents(p);
        const cm_pair_count *q = find_pair(p, "russia", "ukraine");
        russia_ukraine += q ? q->units : 0;
        assert_int_equal(cm_counts_opts(p)->evidence, 0);
    }
    assert_int_equal(cm_counts_n_documents(cm_counts_period(c, 1, &first)), 2);
    assert_int_equal(mentions, cm_counts_n_mentions(c));
    assert_int_equal(docs, 5);
    assert_int_equal(russia_ukraine, find_pair(c, "russia", "ukraine")->units);

    parts[0] = count_months(odd, 2, &o);
    parts[1] = count_months(even, 3, &o);
    assert_int_equal(cm_counts_merge(parts[0], parts[1], &err), CM_OK);
    assert_int_equal(cm_counts_finish(parts[0], &err), CM_OK);
    assert_same_cmc(c, parts[0]);

    char path[] = "/tmp/cm-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(cm_counts_write(path, c, &err), CM_OK);
    assert_int_equal(cm_counts_read(&back, path, &err), CM_OK);
    unlink(path);
    assert_int_equal(cm_counts_n_periods(back), 4);
    assert_int_equal(cm_counts_opts(back)->slice, CM_SLICE_MONTH);
    assert_same_cmc(c, back);

    o.slice = CM_SLICE_WEEK; /* other slices do not merge */
    cm_counts_free(parts[1]);
    parts[1] = count_months(odd, 2, &o);
    assert_int_equal(cm_counts_merge(parts[1], c, &err), CM_EINPUT);
    cm_counts_free(back);
    cm_counts_free(parts[0]);
    cm_counts_free(parts[1]);
    cm_counts_free(c);
}

/* --since/--until: documents outside are not counted, undated ones included. */
static void count__date_bounds(void **state)
{
    static const size_t all[] = {0, 1, 2, 3, 4};
    cm_count_opts o;
    cm_counts *c;
    (void)state;
    cm_count_opts_init(&o);
    assert_true(cm_count_opts_in_range(&o, CM_DAY_NONE));
    o.since = day_of("2024-01-01");
    o.until = day_of("2024-01-31");
    assert_false(cm_count_opts_in_range(&o, CM_DAY_NONE));
    assert_true(cm_count_opts_in_range(&o, o.until));
    assert_false(cm_count_opts_in_range(&o, o.until + 1));
    c = count_months(all, 5, &o);
    assert_int_equal(cm_counts_n_documents(c), 2);
    assert_int_equal(cm_counts_n_outside(c), 3);
    assert_int_equal(cm_counts_n_periods(c), 0);
    assert_null(find_pair(c, "turkey", "ukraine"));
    cm_counts_free(c);
}

/* A text of paragraphs that make units in every way: a headline and captions (not body),
 * several entities a sentence, sentences named by none. */
static char *parts_text(void)
{
    static const char *const paras[] = {
        "Russia and Ukraine spoke. Putin left.\nPutin meets Ukraine envoys (Photo: Agency/Name)",
        "China and Turkey met in Moscow. Kyiv waited. Erdogan called Washington.",
        "Nothing happened. Russia answered China. US and Ukraine agreed. Nothing else.",
        "Turkey spoke.",
        "Putin, Erdogan and China. Then Russia. Then Ukraine and Turkey and Russia.",
    };
    cm_buf b;
    cm_buf_init(&b);
    cm_buf_puts(&b, "Putin warns NATO over Patriot");
    for (size_t i = 0; i < 23; i++) {
        cm_buf_puts(&b, "\n\n");
        cm_buf_puts(&b, paras[(i * 3) % 5]);
    }
    cm_buf_putc(&b, '\0');
    assert_false(b.failed);
    return b.data;
}

/* The paragraphs [p0, p1) of `seg`, with their sentences and mentions, as a part of their
 * own (indexes from 0), counted into c. */
static void add_paragraphs(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex, size_t p0,
                           size_t p1)
{
    const cm_segments *seg = m->seg;
    size_t s0 = 0, s1, k0 = 0, k1;
    cm_segments ps;
    cm_mentions pm = *m;
    cm_error err;

    while (s0 < seg->n_sentences && seg->sentences[s0].paragraph < p0) {
        s0++;
    }
    for (s1 = s0; s1 < seg->n_sentences && seg->sentences[s1].paragraph < p1; s1++) {
    }
    while (k0 < m->n && m->items[k0].sentence < s0) {
        k0++;
    }
    for (k1 = k0; k1 < m->n && m->items[k1].sentence < s1; k1++) {
    }
    memset(&ps, 0, sizeof(ps));
    ps.doc = seg->doc;
    ps.paragraphs = seg->paragraphs + p0;
    ps.n_paragraphs = p1 - p0;
    ps.n_sentences = s1 - s0;
    ps.sentences = calloc(s1 - s0 + 1, sizeof(*ps.sentences));
    pm.items = calloc(k1 - k0 + 1, sizeof(*pm.items));
    assert_true(ps.sentences && pm.items);
    for (size_t s = s0; s < s1; s++) {
        ps.sentences[s - s0] = seg->sentences[s];
        ps.sentences[s - s0].paragraph -= p0;
    }
    for (size_t k = k0; k < k1; k++) {
        pm.items[k - k0] = m->items[k];
        pm.items[k - k0].sentence -= s0;
    }
    pm.n = k1 - k0;
    pm.seg = &ps;
    pm.n_rejected = 0;
    assert_int_equal(cm_counts_add_part(c, &pm, lex, &err), CM_OK);
    free(ps.sentences);
    free(pm.items);
}

/* A document counted in parts (cm_counts_begin(), a part of `per` paragraphs at a time,
 * cm_counts_end()) is counted as a whole: windows across the cuts, --units body, periods,
 * evidence keys, to the byte of the .cmc. */
static void assert_parts_count_as_whole(const char *text, const cm_count_opts *o, size_t per)
{
    cm_lexicon *lex = test_lexicon();
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_mentions *m = NULL;
    cm_counts *whole = NULL, *parts = NULL;
    cm_error err;

    assert_int_equal(cm_doc_new(&doc, "d0", text, strlen(text), &err), CM_OK);
    doc->day = day_of("2024-03-05");
    assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
    assert_int_equal(cm_extract(&m, seg, lex, NULL, &err), CM_OK);
    assert_true(seg->n_paragraphs > 2 * per);
    assert_int_equal(cm_counts_new(&whole, o, &err), CM_OK);
    assert_int_equal(cm_counts_new(&parts, o, &err), CM_OK);
    assert_int_equal(cm_counts_add(whole, m, lex, &err), CM_OK);
    assert_int_equal(cm_counts_begin(parts, doc, &err), CM_OK);
    for (size_t p = 0; p < seg->n_paragraphs; p += per) {
        add_paragraphs(parts, m, lex, p, p + per < seg->n_paragraphs ? p + per : seg->n_paragraphs);
    }
    assert_int_equal(cm_counts_end(parts, &err), CM_OK);
    assert_int_equal(cm_counts_finish(whole, &err), CM_OK);
    assert_int_equal(cm_counts_finish(parts, &err), CM_OK);
    assert_true(cm_counts_n_pairs(whole) > 5);
    assert_same_cmc(whole, parts);
    cm_counts_free(whole);
    cm_counts_free(parts);
    cm_mentions_free(m);
    cm_segments_free(seg);
    cm_doc_free(doc);
    cm_lexicon_free(lex);
}

static void count__parts_count_as_the_whole_document(void **state)
{
    static const cm_unit units[] = {CM_UNIT_SENTENCE, CM_UNIT_PARAGRAPH, CM_UNIT_DOCUMENT,
                                    CM_UNIT_WINDOW};
    char *text = parts_text();
    cm_count_opts o;
    (void)state;
    for (size_t u = 0; u < sizeof(units) / sizeof(*units); u++) {
        for (size_t w = 1; w <= (units[u] == CM_UNIT_WINDOW ? 9 : 1); w += 2) {
            for (int body = 0; body < 2; body++) {
                for (size_t per = 1; per <= 3; per++) {
                    cm_count_opts_init(&o);
                    o.unit = units[u];
                    o.window = w;
                    o.filter = body ? CM_UNITS_BODY : CM_UNITS_ALL;
                    o.evidence = 2 + per; /* evidence from later parts ranks in too */
                    o.slice = body ? CM_SLICE_MONTH : CM_SLICE_NONE;
                    assert_parts_count_as_whole(text, &o, per);
                }
            }
        }
    }
    cm_free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(count__pair_once_per_sentence),
        cmocka_unit_test(count__parts_count_as_the_whole_document),
        cmocka_unit_test(count__huge_counts_never_wrap),
        cmocka_unit_test(count__cmc_values_checked_with_offsets),
        cmocka_unit_test(count__indexes_fit_32_bits),
        cmocka_unit_test(count__invalid_listed_first_by_id),
        cmocka_unit_test(count__slice_periods),
        cmocka_unit_test(count__periods_add_up_and_merge),
        cmocka_unit_test(count__date_bounds),
        cmocka_unit_test(count__document_and_window_units),
        cmocka_unit_test(count__types_filter),
        cmocka_unit_test(count__subtypes_filter),
        cmocka_unit_test(count__body_units),
        cmocka_unit_test(count__evidence_keeps_first_occurrences),
        cmocka_unit_test(count__evidence_of_an_earlier_id_after_settling),
        cmocka_unit_test(count__many_evidence_grow),
        cmocka_unit_test(count__many_cooccurrences_in_one_document),
        cmocka_unit_test(count__measures),
        cmocka_unit_test(count__window_evidence_once_and_snippet_spaces),
        cmocka_unit_test(count__snippet_cut_on_a_character),
        cmocka_unit_test(count__snippets_cut_at_the_end_match_snippets_cut_at_once),
        cmocka_unit_test(count__pairs_found_by_new_numbers_after_finish),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
