/* comention: the counts' private layout, shared by counting (count.c) and the .cmc
 * files (cmc.c).
 *
 * Entities and pairs are arrays in insertion order until cm_counts_finish() sorts them
 * (entities by id, pairs by (a, b)); the maps find them by id and by (a << 32 | b). The
 * per-document scratch (last document seen, occurrence rank) lives beside the pairs. */
#ifndef CM_COUNT_INT_H
#define CM_COUNT_INT_H

#include "comention/count.h"
#include "util/util.h"

/* A pair's per-document scratch in 8 bytes: counting reads it for every co-occurrence. It
 * is dropped when the counts are finished (the writing stage, the peak of a build, holds
 * none) and comes back, zeroed, if more is counted. */
typedef struct pair_state {
    uint32_t last_doc;    /* doc_tag() of the last document naming both; 0: none */
    uint32_t rank : 31;   /* occurrences of the pair so far in that document */
    uint32_t settled : 1; /* K evidence kept, the K-th of rank 0, while ids come in order: no
                             later document's evidence can rank before them, so counting
                             need not read them (meaningless once ids_unordered) */
} pair_state;

/* The document being added, between cm_counts_begin() and cm_counts_end(): what counting
 * keeps of it from one part to the next grows with its open units, not with its text. */
typedef struct doc_open {
    const cm_doc *doc; /* NULL: no document open */
    size_t serial;     /* its number among the documents added */
    uint32_t tag;      /* doc_tag(serial): its mark in pair_state.last_doc */
    const char *id;    /* its interned id, once evidence needs it */
    size_t n_sent;     /* sentences numbered as units so far (--units body: body ones) */
    size_t n_par;      /* paragraphs numbered so far */
    size_t n_hits;     /* hits of the units still open, at the start of `hits` */
    int outside;       /* outside --since/--until: its parts are not counted */
    cm_counts *period; /* with --time-slice, the period's counts it goes to; borrowed */
} doc_open;

/* Evidence arrays of up to EV_CLASSES slots are cut from chunks at their exact size (most
 * pairs keep one, few keep K): an array that grows goes to the free list of its old size,
 * which the next pair to grow takes. A malloc each would cost its header and rounding, and
 * K slots for every pair (as before) 2.1 times the slots used on the 100 MB bench corpus.
 * Larger arrays (K > EV_CLASSES) move to the heap, doubling. */
#define EV_CLASSES 8

typedef struct ev_chunk {
    struct ev_chunk *next;
    size_t used, cap; /* slots */
    cm_evidence slots[];
} ev_chunk;

/* Entity and pair indexes are 32-bit in cm_pair_count and in the pair map. */
#define CM_COUNT_INDEX_MAX UINT32_MAX

/* The pairs by their key a << 32 | b: open addressing, linear probing, 8 bytes a slot (a
 * cm_map64 slot is 16). A slot holds the high half of the key's hash (a tag: the low half
 * picks the slot) and the pair's index + 1 (0: a free slot); a tag that matches is
 * confirmed against the pair record, which counting reads next anyway. Rebuilt from the
 * pair array when it grows. */
typedef struct pair_map {
    uint64_t *slots;
    size_t cap; /* a power of two, or 0 */
    size_t n;
} pair_map;

struct cm_counts {
    cm_count_opts opts;
    cm_entity_count *ents;
    size_t n_ents, cap_ents;
    size_t *ent_last_doc; /* serial+1 of the last document naming it */
    cm_strmap ent_map;    /* id → index; keys are the entities' ids */
    cm_pair_count *pairs;
    size_t n_pairs, cap_pairs;
    pair_state *pair_state;           /* by pair index; NULL once finished, until counting again */
    size_t cap_pair_state;            /* its own: a failed growth leaves it behind cap_pairs */
    ev_chunk *ev_chunks;              /* newest first */
    cm_evidence *ev_free[EV_CLASSES]; /* arrays of i + 1 slots given back; each holds the
                                         next in its first bytes */
    /* Most entities and pairs these counts may hold: CM_COUNT_INDEX_MAX, lower in tests of
     * the refusal. */
    size_t max_index;
    pair_map pairs_by_key; /* empty while pairs_sorted */
    int pairs_sorted;      /* finished: the pairs are in (a, b) order and found by bisection;
                              the map is rebuilt only if a pair is added again */
    /* The documents evidence names, each id once (evidence borrows these strings), with
     * their length when counted (UINT64_MAX: unknown), to check a re-read. */
    char **docs;
    uint64_t *doc_len;
    size_t n_doc_tab, cap_doc_tab;
    cm_strmap doc_map;
    /* While documents come in increasing id order (as the CLI reads them, within each
     * worker) and nothing else was interned, the newest document's id is above every
     * other one, and evidence keys compare without reading ids. */
    char *newest;      /* id of the last document added; owned */
    int ids_unordered; /* that no longer holds */
    /* During a merge: interned id (pointer) → rank of the id in byte order, so that
     * evidence keys compare without strcmp; NULL otherwise. Borrowed. */
    const cm_map64 *doc_rank;
    /* Lexicon entity index → entity index + 1 (0: not seen yet), valid for `lex` until
     * cm_counts_finish() reorders the entities: spares a string lookup per mention. */
    const cm_lexicon *lex;
    size_t *lex_ent;
    unsigned char *lex_keep; /* lexicon entity → 0 not decided yet, 1 counted, 2 not */
    /* The document being added (cm_counts_begin() … cm_counts_end()). */
    doc_open open;
    /* cm_counts_add()'s scratch, kept from one document to the next: the hits of the units
     * still open, and --units body's numbering of one part. */
    void *hits;
    size_t cap_hits;
    size_t *ord; /* --units body: numbers of the body sentences and their paragraphs */
    size_t cap_ord;
    uint64_t n_units, n_docs, n_bytes, n_sentences, n_mentions;
    uint64_t n_outside; /* documents outside --since/--until */
    /* --time-slice: each period's counts, in order of first day (undated last); owned. */
    struct period_slot *periods;
    size_t n_periods, cap_periods;
    cm_counts *period_bound; /* the period that counted the last document: it alone keeps
                                its lexicon index, so memory grows with the periods'
                                entities and pairs, not with periods × lexicon */
    cm_skipped *skipped;     /* files not read, with reasons; strings owned */
    size_t n_skipped, cap_skipped;
    cm_copy *copies; /* documents left out as copies; strings owned */
    size_t n_copies, cap_copies;
    /* Documents with invalid UTF-8 (invalid.c): the first CM_INVALID_LISTED in id order,
     * kept sorted, and the totals of all of them. */
    cm_invalid_doc *invalid;
    size_t n_invalid, cap_invalid;
    uint64_t invalid_docs, invalid_bytes;
    char lexicon[65]; /* SHA-256 of the lexicon's canonical dump, or "" */
};

/* Find or add the entity `id` (copying its fields); *out is its index. */
cm_status cm_counts_intern(cm_counts *c, const char *id, const char *label, const char *subtype,
                           cm_type type, int discovered, size_t *out, cm_error *err);
/* Find or add the document `id` in the doc table; *out is the table's copy of the id. */
cm_status cm_counts_intern_doc(cm_counts *c, const char *id, uint64_t len, const char **out,
                               cm_error *err);
/* The length recorded for an interned doc id (UINT64_MAX when unknown). */
uint64_t cm_counts_doc_len(const cm_counts *c, const char *id);
/* The pair of key a << 32 | b (a < b), or SIZE_MAX; !pairs_sorted. */
size_t cm_counts_pair_lookup(const cm_counts *c, uint64_t key);
/* Find or add the pair of entity indexes (a, b), a != b, in either order. */
cm_status cm_counts_intern_pair(cm_counts *c, size_t a, size_t b, size_t *out, cm_error *err);
/* One period's counts. */
typedef struct period_slot {
    int32_t first; /* first day, CM_DAY_NONE for the undated period */
    cm_counts *c;  /* owned */
} period_slot;

/* count.c holds the counting of one set of counts; periods.c the public entry points
 * cm_counts_add, _merge, _finish and _free, which do that for the whole corpus and then
 * for its periods (so the two files do not call each other). */
/* Free the lexicon index and counting scratch (they come back on the next document). */
void cm_counts_unbind(cm_counts *c);
/* Count one document into these counts only (not into a period): begin, its parts in
 * text order, end (cm_counts_begin(), _add_part(), _end() for the whole corpus). */
cm_status cm_counts_doc_begin(cm_counts *c, const cm_doc *doc, cm_error *err);
cm_status cm_counts_doc_part(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex,
                             cm_error *err);
cm_status cm_counts_doc_end(cm_counts *c, cm_error *err);
/* cm_counts_merge without the periods. */
cm_status cm_counts_merge_tables(cm_counts *dst, const cm_counts *src, cm_error *err);
/* cm_counts_finish without the periods. */
cm_status cm_counts_finish_tables(cm_counts *c, cm_error *err);
/* invalid.c: add the documents with invalid UTF-8 of `src` to `dst`. */
cm_status cm_counts_merge_invalid(cm_counts *dst, const cm_counts *src, cm_error *err);
/* invalid.c: free them. */
void cm_counts_free_invalid(cm_counts *c);
/* cm_counts_free without the periods. */
void cm_counts_free_tables(cm_counts *c);
/* periods.c: find or add the period starting on `first` (a new one is empty). */
cm_status cm_counts_period_at(cm_counts *c, int32_t first, cm_counts **out, cm_error *err);
/* Keep the K smallest evidence keys: insert `ev` (its doc interned in c), taking its snippet. */
cm_status cm_counts_insert_evidence(cm_counts *c, cm_pair_count *p, cm_evidence ev, cm_error *err);

#endif
