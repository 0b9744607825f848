/* comention tests: run text through segment → extract → count for the later stages. */
#ifndef CM_TEST_PIPELINE_H
#define CM_TEST_PIPELINE_H

#include "helpers.h"

/* Count one document of id `id`, published on `day` (CM_DAY_NONE: undated), into c;
 * `reread`: its snippets are cut later, from a second read (cm_doc.reread). */
static inline void count_doc(cm_counts *c, const cm_lexicon *lex, const char *id, const char *text,
                             int reread, int32_t day)
{
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_mentions *m = NULL;
    cm_error err;

    assert_int_equal(cm_doc_new(&doc, id, text, strlen(text), &err), CM_OK);
    doc->day = day;
    doc->reread = reread;
    assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
    assert_int_equal(cm_extract(&m, seg, lex, NULL, &err), CM_OK);
    assert_int_equal(cm_counts_add(c, m, lex, &err), CM_OK);
    cm_mentions_free(m);
    cm_segments_free(seg);
    cm_doc_free(doc);
}

/* Count one dated document into c. */
static inline void count_dated(cm_counts *c, const cm_lexicon *lex, const char *id,
                               const char *text, int32_t day)
{
    count_doc(c, lex, id, text, 0, day);
}

/* Count one undated document into c (`reread` as for count_doc()). */
static inline void count_text(cm_counts *c, const cm_lexicon *lex, const char *id, const char *text,
                              int reread)
{
    count_doc(c, lex, id, text, reread, CM_DAY_NONE);
}

/* Count the given documents (ids "d0", "d1", …) with the test lexicon. */
static inline cm_counts *count_texts(const char *const *texts, size_t n, const cm_count_opts *o)
{
    cm_lexicon *lex = test_lexicon();
    cm_counts *c = NULL;
    cm_error err;

    assert_int_equal(cm_counts_new(&c, o, &err), CM_OK);
    for (size_t i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof(id), "d%zu", i);
        count_text(c, lex, id, texts[i], 0);
    }
    assert_int_equal(cm_counts_finish(c, &err), CM_OK);
    cm_lexicon_free(lex);
    return c;
}

static inline const cm_pair_count *find_pair(const cm_counts *c, const char *a, const char *b)
{
    for (size_t i = 0; i < cm_counts_n_pairs(c); i++) {
        const cm_pair_count *p = cm_counts_pair(c, i);
        if (strcmp(cm_counts_entity(c, p->a)->id, a) == 0 &&
            strcmp(cm_counts_entity(c, p->b)->id, b) == 0) {
            return p;
        }
    }
    return NULL;
}

#endif
