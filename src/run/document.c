/* comention: one document through segmentation and extraction. A document larger than a
 * block (CM_TEXT_BLOCK) goes through a block at a time: each block's normalized chars,
 * tokens and matching scratch are freed or reused before the next, so the working memory
 * is that of one block whatever the document's size. Counting takes the blocks' mentions
 * as they come (cm_run_document_parts()), so nothing of the document grows with its text
 * but its discovered entities; `mentions` takes the whole document's sentences and
 * mentions (cm_run_document()), a fraction of its bytes. Coreference, shared aliases and
 * discovery see one block at a time; an article (at most a block) is worked on whole. */
#include <string.h>
#include "run/pool.h"
#include "util/util.h"

/* The discovered entities by id, and either the document's segments and mentions so far
 * (cm_run_document()) or where each block's mentions go (cm_run_document_parts()). */
typedef struct whole {
    cm_segments *seg; /* the whole document's; NULL when the blocks are handed on */
    cm_mentions *m;   /* the discovered entities, each as first found; the mentions too */
    size_t cap_items, cap_rejected, cap_discovered;
    cm_strmap ids; /* discovered id (owned by m) → index in m->discovered */
    size_t *remap; /* a block's discovered entity → index in m->discovered */
    size_t cap_remap;
    cm_run_part_fn part;
    void *ctx;
} whole;

static cm_status add_spans(whole *w, const cm_segments *b, cm_error *err)
{
    cm_segments *s = w->seg;
    size_t par0 = s->n_paragraphs;
    cm_status rc = cm_grow(&s->paragraphs, &s->cap_paragraphs, par0 + b->n_paragraphs,
                           sizeof(*s->paragraphs), err);

    if (rc == CM_OK) {
        rc = cm_grow(&s->sentences, &s->cap_sentences, s->n_sentences + b->n_sentences,
                     sizeof(*s->sentences), err);
    }
    if (rc != CM_OK) {
        return rc;
    }
    if (b->n_paragraphs > 0) { /* no array at all for an empty block */
        memcpy(s->paragraphs + par0, b->paragraphs, b->n_paragraphs * sizeof(*b->paragraphs));
    }
    s->n_paragraphs += b->n_paragraphs;
    for (size_t i = 0; i < b->n_sentences; i++) {
        cm_sentence sn = b->sentences[i];
        sn.paragraph += par0;
        sn.nstart = sn.nend = 0; /* the block's chars are gone */
        s->sentences[s->n_sentences++] = sn;
    }
    return CM_OK;
}

/* The block's discovered entities, each id once: a new one moves its strings over. */
static cm_status add_discovered(whole *w, cm_mentions *bm, cm_error *err)
{
    cm_mentions *m = w->m;
    cm_status rc = cm_grow(&w->remap, &w->cap_remap, bm->n_discovered + 1, sizeof(*w->remap), err);

    for (size_t i = 0; i < bm->n_discovered && rc == CM_OK; i++) {
        cm_discovered *d = &bm->discovered[i];
        size_t at = cm_strmap_get(&w->ids, d->e.id);
        if (at == SIZE_MAX) {
            rc = cm_grow(&m->discovered, &w->cap_discovered, m->n_discovered + 1,
                         sizeof(*m->discovered), err);
            if (rc == CM_OK) {
                rc = cm_strmap_put(&w->ids, d->e.id, m->n_discovered, err);
            }
            if (rc != CM_OK) {
                break;
            }
            at = m->n_discovered++;
            m->discovered[at] = *d;
            d->e.id = d->e.name = NULL;
        }
        w->remap[i] = at;
    }
    return rc;
}

/* The block's mentions name the document's discovered entities: one entity for one id in
 * every block, written as where it was first found. */
static cm_status remap_discovered(whole *w, cm_mentions *bm, cm_error *err)
{
    cm_status rc = add_discovered(w, bm, err);

    for (size_t i = 0; i < bm->n && rc == CM_OK; i++) {
        if (bm->items[i].discovered) {
            bm->items[i].entity = w->remap[bm->items[i].entity];
        }
    }
    return rc;
}

static cm_status add_mentions(whole *w, const cm_mentions *bm, size_t sent0, cm_error *err)
{
    cm_mentions *m = w->m;
    cm_status rc = cm_grow(&m->items, &w->cap_items, m->n + bm->n, sizeof(*m->items), err);

    if (rc == CM_OK) {
        rc = cm_grow(&m->rejected, &w->cap_rejected, m->n_rejected + bm->n_rejected,
                     sizeof(*m->rejected), err);
    }
    if (rc != CM_OK) {
        return rc;
    }
    for (size_t i = 0; i < bm->n; i++) {
        cm_mention mn = bm->items[i];
        mn.sentence += sent0;
        m->items[m->n++] = mn;
    }
    if (bm->n_rejected > 0) { /* without rejections there is no array to copy from */
        memcpy(m->rejected + m->n_rejected, bm->rejected, bm->n_rejected * sizeof(*bm->rejected));
    }
    m->n_rejected += bm->n_rejected;
    return CM_OK;
}

/* A block's mentions, on the block's segments `b`, into the whole document or handed on:
 * as a view whose discovered entities are the document's. */
static cm_status take_block(whole *w, const cm_segments *b, cm_mentions *bm, size_t sent0,
                            cm_error *err)
{
    cm_status rc = remap_discovered(w, bm, err);
    cm_mentions view = *bm;

    if (rc != CM_OK) {
        return rc;
    }
    if (!w->part) {
        return add_mentions(w, bm, sent0, err);
    }
    view.seg = b;
    view.discovered = w->m->discovered;
    view.n_discovered = w->m->n_discovered;
    return w->part(w->ctx, &view, err);
}

/* Block after block into `w`, on the block segments `b`. */
static cm_status by_blocks(whole *w, cm_segments *b, const cm_doc *doc, const cm_lexicon *lex,
                           const cm_extract_opts *eo, cm_error *err)
{
    cm_block at = {0, 0};
    /* Room for a block and what decompositions add, once: grown by doubling, an array
     * reserved for exactly a block would double at the first ligature. */
    cm_status rc = cm_grow(&b->chars, &b->cap_chars, CM_TEXT_BLOCK + CM_TEXT_BLOCK / 8 + 64,
                           sizeof(*b->chars), err);

    while (at.from < doc->len && rc == CM_OK) {
        cm_mentions *bm = NULL;
        size_t sent0 = w->seg ? w->seg->n_sentences : 0;
        rc = cm_segment_block(b, doc, &at, CM_TEXT_BLOCK, err);
        if (rc == CM_OK && w->seg) {
            rc = add_spans(w, b, err);
            w->seg->hard_wrapped |= b->hard_wrapped;
        }
        if (rc == CM_OK) {
            rc = cm_extract(&bm, b, lex, eo, err);
        }
        if (rc == CM_OK) {
            rc = take_block(w, b, bm, sent0, err);
        }
        cm_mentions_free(bm);
    }
    return rc;
}

/* A document larger than a block: `seg` ends with the whole document's paragraphs and
 * sentences and no chars. */
static cm_status extract_blocks(cm_mentions **out, cm_segments *seg, const cm_doc *doc,
                                const cm_lexicon *lex, const cm_extract_opts *eo, cm_error *err)
{
    whole w = {seg, cm_calloc(1, sizeof(*w.m)), 0, 0, 0, {0}, NULL, 0, NULL, NULL};
    cm_segments *b = cm_calloc(1, sizeof(*b));
    cm_status rc = CM_OK;

    cm_strmap_init(&w.ids);
    seg->doc = doc;
    seg->n_chars = seg->n_marks = seg->n_paragraphs = seg->n_sentences = 0;
    seg->hard_wrapped = 0;
    if (!w.m || !b) {
        rc = cm_error_set(err, CM_ENOMEM, doc->id, 0, "out of memory");
    } else {
        w.m->seg = seg;
        rc = by_blocks(&w, b, doc, lex, eo, err);
    }
    cm_strmap_destroy(&w.ids);
    cm_free(w.remap);
    cm_segments_free(b);
    if (rc != CM_OK) {
        seg->n_paragraphs = seg->n_sentences = 0;
        cm_mentions_free(w.m);
        return rc;
    }
    *out = w.m;
    return CM_OK;
}

cm_status cm_run_document(cm_mentions **out, cm_segments **seg, const cm_doc *doc,
                          const cm_lexicon *lex, const cm_extract_opts *eo, cm_error *err)
{
    cm_status rc;

    *out = NULL;
    if (!*seg && !(*seg = cm_calloc(1, sizeof(**seg)))) {
        return cm_error_set(err, CM_ENOMEM, doc->id, 0, "out of memory");
    }
    if (doc->len > CM_TEXT_BLOCK) {
        return extract_blocks(out, *seg, doc, lex, eo, err);
    }
    rc = cm_segment_into(*seg, doc, err);
    return rc == CM_OK ? cm_extract(out, *seg, lex, eo, err) : rc;
}

/* A document larger than a block, its blocks' mentions handed to `part` one by one on the
 * block segments `seg`. */
static cm_status hand_blocks(cm_segments *seg, const cm_doc *doc, const cm_lexicon *lex,
                             const cm_extract_opts *eo, cm_run_part_fn part, void *ctx,
                             cm_error *err)
{
    whole w = {NULL, cm_calloc(1, sizeof(*w.m)), 0, 0, 0, {0}, NULL, 0, part, ctx};
    cm_status rc = CM_OK;

    cm_strmap_init(&w.ids);
    if (!w.m) {
        rc = cm_error_set(err, CM_ENOMEM, doc->id, 0, "out of memory");
    } else {
        rc = by_blocks(&w, seg, doc, lex, eo, err);
    }
    cm_strmap_destroy(&w.ids);
    cm_free(w.remap);
    cm_mentions_free(w.m);
    return rc;
}

cm_status cm_run_document_parts(cm_segments **seg, const cm_doc *doc, const cm_lexicon *lex,
                                const cm_extract_opts *eo, cm_run_part_fn part, void *ctx,
                                cm_error *err)
{
    cm_mentions *m = NULL;
    cm_status rc;

    if (!*seg && !(*seg = cm_calloc(1, sizeof(**seg)))) {
        return cm_error_set(err, CM_ENOMEM, doc->id, 0, "out of memory");
    }
    if (doc->len > CM_TEXT_BLOCK) {
        return hand_blocks(*seg, doc, lex, eo, part, ctx, err);
    }
    rc = cm_segment_into(*seg, doc, err);
    if (rc == CM_OK) {
        rc = cm_extract(&m, *seg, lex, eo, err);
    }
    if (rc == CM_OK) {
        rc = part(ctx, m, err);
    }
    cm_mentions_free(m);
    return rc;
}
