/* comention fuzz target: the text pipeline on one document, as build runs it: normalize,
 * segment, extract (lexicon, discovery, coreference) and count, with the built-in lexicon;
 * and the same document in blocks of 64 bytes (cm_segment_block), as a large one goes. */
#include <stdlib.h>
#include "fuzz.h"

static cm_lexicon *lexicon(void)
{
    static cm_lexicon *lex;
    cm_error err;

    if (!lex &&
        (cm_lexicon_new(&lex, &err) != CM_OK || cm_lexicon_add_builtin(lex, &err) != CM_OK ||
         cm_lexicon_compile(lex, NULL, NULL, &err) != CM_OK)) {
        abort(); /* the shipped lexicon must load: a fuzzing run without it is worthless */
    }
    return lex;
}

/* Every block's sentences inside the block, in order; extraction on each. */
static void by_blocks(const cm_doc *doc, const cm_lexicon *lex)
{
    cm_segments *seg = calloc(1, sizeof(*seg));
    cm_block b = {0, 0};
    cm_error err;

    while (seg && b.from < doc->len) {
        size_t from = b.from;
        cm_mentions *m = NULL;
        if (cm_segment_block(seg, doc, &b, 64, &err) != CM_OK) {
            break;
        }
        if (b.from <= from || b.from > from + 64) {
            abort(); /* a block must move on, and hold at most its size */
        }
        for (size_t i = 0; i < seg->n_sentences; i++) {
            if (seg->sentences[i].start < from || seg->sentences[i].end > b.from) {
                abort();
            }
        }
        if (cm_extract(&m, seg, lex, NULL, &err) == CM_OK) {
            cm_mentions_free(m);
        }
    }
    cm_segments_free(seg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cm_lexicon *lex = lexicon();
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_mentions *m = NULL;
    cm_counts *counts = NULL;
    cm_nchar *chars = NULL;
    size_t n = 0;
    cm_count_opts co;
    cm_error err;

    cm_count_opts_init(&co);
    if (cm_normalize(&chars, &n, (const char *)data, size, &err) == CM_OK) {
        cm_nchars_free(chars);
    }
    if (cm_doc_new(&doc, "fuzz.txt", (const char *)data, size, &err) == CM_OK &&
        cm_segment(&seg, doc, &err) == CM_OK && cm_extract(&m, seg, lex, NULL, &err) == CM_OK &&
        cm_counts_new(&counts, &co, &err) == CM_OK &&
        cm_counts_add(counts, m, lex, &err) == CM_OK) {
        (void)cm_counts_finish(counts, &err);
    }
    if (doc) {
        by_blocks(doc, lex);
    }
    cm_counts_free(counts);
    cm_mentions_free(m);
    cm_segments_free(seg);
    cm_doc_free(doc);
    return 0;
}
