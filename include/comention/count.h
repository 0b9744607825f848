/* comention: the count stage, mentions in, entity and co-mention counts out. */
#ifndef COMENTION_COUNT_H
#define COMENTION_COUNT_H

#include <stddef.h>
#include <stdint.h>
#include "comention/entity.h"
#include "comention/error.h"
#include "comention/extract.h"
#include "comention/lexicon.h"
#include "comention/read.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What one co-mention unit is (docs/design.md §5). */
typedef enum cm_unit {
    CM_UNIT_SENTENCE = 0,
    CM_UNIT_PARAGRAPH,
    CM_UNIT_DOCUMENT,
    CM_UNIT_WINDOW, /**< `window` consecutive sentences starting at each sentence */
} cm_unit;

/** Which sentences make co-mention units (--units). */
typedef enum cm_unit_filter {
    CM_UNITS_ALL = 0, /**< every sentence, as the annotation guideline counts */
    CM_UNITS_BODY,    /**< body sentences only: headlines, bylines, captions and credit lines
                           (cm_sentence_kind) still count as mentions, never as units */
} cm_unit_filter;

/** Which copies of an earlier document (in doc-id order) are left out, not counted
 *  (--dedupe; comention/dedupe.h finds them). */
typedef enum cm_dedupe {
    CM_DEDUPE_EXACT, /**< copies with the same normalized text (the default) */
    CM_DEDUPE_NEAR,  /**< those, and near copies (similar shingles) */
    CM_DEDUPE_NONE,  /**< every document counts */
} cm_dedupe;

/** Parse "exact", "near" or "none". @param out the mode @param s the text
 *  @return 0, or -1 when s names none */
int cm_dedupe_parse(cm_dedupe *out, const char *s);

/** @param d a mode @return its name, as cm_dedupe_parse() reads it */
const char *cm_dedupe_name(cm_dedupe d);

/** A document left out as a copy of an earlier one. */
typedef struct cm_copy {
    char *id;   /**< its doc id */
    char *kept; /**< the doc id of the document counted instead */
    int near;   /**< 1: a near copy; 0: an exact one */
} cm_copy;

/** The periods of --time-slice; ISO weeks start on Monday. */
typedef enum cm_slice {
    CM_SLICE_NONE = 0, /**< no time slices */
    CM_SLICE_DAY,
    CM_SLICE_WEEK,
    CM_SLICE_MONTH,
    CM_SLICE_QUARTER,
    CM_SLICE_YEAR,
} cm_slice;

/** Count-time options. */
typedef struct cm_count_opts {
    cm_unit unit;          /**< the co-mention unit */
    size_t window;         /**< sentences per window, for CM_UNIT_WINDOW (>= 1) */
    size_t evidence;       /**< evidence snippets kept per pair (K) */
    unsigned types;        /**< bit (1 << cm_type) set for each type counted */
    uint64_t subtypes;     /**< bit (1 << cm_subtype_index()) set for each subtype counted; an
                                entity of no known subtype counts by its type alone */
    cm_unit_filter filter; /**< the sentences that make units */

    /** The discovery rules extraction ran with: recorded, so that counts made with other
     *  rules are not merged or graphed together. */
    cm_discover discover;

    /** Which copies of earlier documents were left out (--dedupe): recorded for the same
     *  reason. */
    cm_dedupe dedupe;

    cm_slice slice; /**< count per period too (--time-slice); CM_SLICE_NONE: not */
    int32_t since;  /**< first day counted (--since), or CM_DAY_NONE for no bound */
    int32_t until;  /**< last day counted (--until), or CM_DAY_NONE for no bound */
} cm_count_opts;

/** Default options: sentence units, 3 evidence snippets, all types and subtypes, every
 *  sentence, no time slices, no date bounds. @param o filled in */
void cm_count_opts_init(cm_count_opts *o);

/** Every subtype: the default of cm_count_opts.subtypes. */
#define CM_ALL_SUBTYPES ((UINT64_C(1) << CM_N_SUBTYPES) - 1)

/**
 * Does an entity count under these options (its type and subtype chosen)?
 * @param o        count-time options
 * @param type     the entity's type
 * @param subtype  its subtype slug
 * @return 1 or 0
 */
int cm_count_opts_keep(const cm_count_opts *o, cm_type type, const char *subtype);

/** Characters of the longest period name ("2024-03-05"), without the NUL. */
#define CM_PERIOD_NAME_LEN 10

/**
 * Parse a --time-slice name.
 * @param out   the slice
 * @param name  "day", "week", "month", "quarter" or "year"
 * @return 0, or -1 for another name
 */
int cm_slice_parse(cm_slice *out, const char *name);

/** @param s a slice @return its name ("month"), or "none" */
const char *cm_slice_name(cm_slice s);

/**
 * The period of a day.
 * @param s    the slice, not CM_SLICE_NONE
 * @param day  days since 1970-01-01
 * @return the first day of the period holding `day` (the Monday of its ISO week, the first
 *         of its month, quarter or year)
 */
int32_t cm_slice_first(cm_slice s, int32_t day);

/**
 * @param s      the slice, not CM_SLICE_NONE
 * @param first  the first day of a period (cm_slice_first())
 * @return the last day of that period
 */
int32_t cm_slice_last(cm_slice s, int32_t first);

/**
 * Name a period: `2024-03-05` (day), `2024-W10` (ISO week, whose year may differ from the
 * calendar year of its Monday), `2024-03` (month), `2024-Q1` (quarter), `2024` (year);
 * `undated` for CM_DAY_NONE.
 * @param out    CM_PERIOD_NAME_LEN + 1 bytes
 * @param s      the slice, not CM_SLICE_NONE
 * @param first  the period's first day, or CM_DAY_NONE
 */
void cm_period_name(char out[CM_PERIOD_NAME_LEN + 1], cm_slice s, int32_t first);

/**
 * Is a document of this day counted under --since and --until? An undated document is
 * counted only when neither is given: it cannot be shown to fall inside the bounds.
 * @param o    count-time options
 * @param day  the document's day, or CM_DAY_NONE
 * @return 1 or 0
 */
int cm_count_opts_in_range(const cm_count_opts *o, int32_t day);

/** Per-entity counts. Strings are owned by the counts. */
typedef struct cm_entity_count {
    char *id;           /**< entity id */
    char *label;        /**< display name */
    char *subtype;      /**< subtype slug */
    cm_type type;       /**< top-level type */
    int discovered;     /**< 1 when found by discovery rules, not by the lexicon */
    uint64_t mentions;  /**< mentions in the corpus */
    uint64_t units;     /**< units naming it (c_a) */
    uint64_t documents; /**< documents naming it */
} cm_entity_count;

/** Per-pair counts; a < b as entity-table indexes in id byte order after cm_counts_finish.
 *  Indexes take 32 bits (the counts refuse a 2^32-th entity): with the evidence count
 *  beside them, a pair is 40 bytes instead of 48, and a corpus's memory grows with its
 *  pairs. */
typedef struct cm_pair_count {
    uint32_t a, b;         /**< entity indexes */
    uint64_t units;        /**< units naming both (c_ab) */
    uint64_t documents;    /**< documents naming both */
    cm_evidence *evidence; /**< up to K, smallest (rank, doc, start) first; owned */
    uint32_t n_evidence;   /**< number of evidence entries */
} cm_pair_count;

/** Running counts over a corpus. Opaque; read through the accessors. */
typedef struct cm_counts cm_counts;

/**
 * Start counting.
 * @param out   the counts; free with cm_counts_free()
 * @param opts  count-time options, copied; NULL for defaults
 * @param err   filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_counts_new(cm_counts **out, const cm_count_opts *opts, cm_error *err);

/** Free counts; accepts NULL. @param c counts to free */
void cm_counts_free(cm_counts *c);

/**
 * Add one document's mentions.
 *
 * A pair scores at most once per unit, however often both are named. A document outside
 * --since/--until (cm_count_opts_in_range()) is only counted as outside; with slices, the
 * document is counted in its period too (cm_counts_period()). Documents may be
 * added in any order; cm_counts_finish() orders everything. Evidence from a document with
 * `reread` set keeps only its byte span (the snippet is cut later by
 * cm_counts_fill_snippets()), so memory grows with the pairs, not with the text.
 *
 * @param c    running counts
 * @param m    one document's mentions (with their segments and document); borrowed
 * @param lex  the lexicon the mentions index into; borrowed
 * @param err  filled on failure
 * @return CM_OK, CM_EINPUT (as cm_counts_begin()) or CM_ENOMEM (then discard `c`)
 *
 * Cost: O(m + Σ k²), m mentions, k distinct entities per unit.
 */
cm_status cm_counts_add(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex, cm_error *err);

/**
 * Add a document in parts, as a large one is extracted a block at a time
 * (cm_segment_block()): cm_counts_begin(), cm_counts_add_part() for each part in text
 * order, cm_counts_end(). The counts are those cm_counts_add() makes of the whole
 * document's mentions, to the last evidence key, while what is kept between parts grows
 * with the units still open (a window across a cut, a --unit document's entities), not
 * with the text. cm_counts_add() is the three calls with one part.
 *
 * @param c    running counts, with no document begun
 * @param doc  the document; borrowed until cm_counts_end()
 * @param err  filled on failure
 * @return CM_OK, CM_EINPUT (a document of more than CM_DOC_MAX_BYTES) or CM_ENOMEM (then
 *         discard `c`)
 */
cm_status cm_counts_begin(cm_counts *c, const cm_doc *doc, cm_error *err);

/**
 * Add the next part of the document begun.
 * @param c    running counts
 * @param m    the part's mentions; `m->seg` holds the part's paragraphs and sentences
 *             (indexes of its own, byte offsets the document's), and no paragraph or
 *             sentence of it goes on in the next part; borrowed for this call only
 * @param lex  the lexicon the mentions index into; borrowed
 * @param err  filled on failure
 * @return CM_OK, or CM_ENOMEM (then discard `c`)
 */
cm_status cm_counts_add_part(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex,
                             cm_error *err);

/**
 * End the document begun: count its units still open.
 * @param c    running counts
 * @param err  filled on failure
 * @return CM_OK, or CM_ENOMEM (then discard `c`)
 */
cm_status cm_counts_end(cm_counts *c, cm_error *err);

/**
 * Cut the evidence snippets still missing (those of documents with `reread` set), reading
 * each document concerned once more through `fetch`. Only the pairs that are output need
 * it: a graph's edges (cm_graph.edge_pair), or every pair before cm_counts_write().
 *
 * @param c        the counts
 * @param pairs    indexes of the pairs to complete; NULL for all
 * @param n_pairs  number of indexes in `pairs`
 * @param fetch    gives a document's text again; cm_inputs_fetch() for cm_inputs
 * @param ctx      passed to `fetch` (the cm_inputs for cm_inputs_fetch())
 * @param err      filled on failure; a document whose length changed since it was
 *                 counted is CM_EINPUT
 * @return CM_OK, CM_EINPUT or CM_ENOMEM
 *
 * Cost: O(S log S) for S missing snippets, plus one read of each document concerned.
 */
cm_status cm_counts_fill_snippets(cm_counts *c, const size_t *pairs, size_t n_pairs,
                                  cm_doc_fetch fetch, void *ctx, cm_error *err);

/**
 * Receives one evidence snippet of cm_counts_each_snippet().
 * @param ctx      the caller's
 * @param snippet  its bytes (no NUL among them), valid during the call only
 * @param len      their number
 * @param err      filled on failure
 * @return CM_OK, or an error that stops cm_counts_each_snippet() with it
 */
typedef cm_status (*cm_snippet_fn)(void *ctx, const char *snippet, size_t len, cm_error *err);

/**
 * Give every evidence snippet of the pairs to `put`, in the order of `pairs` and of each
 * pair's evidence, without holding them: those the counts hold are given as they are, the
 * missing ones (documents with `reread` set) are cut from one more read of each document
 * concerned into a temporary file with no name in `tmp_dir`, then read back in that order.
 * The counts are not changed. What cm_counts_fill_snippets() would put in the evidence is
 * what `put` gets, byte for byte.
 *
 * @param c          the counts
 * @param pairs      indexes of the pairs; NULL for all
 * @param n_pairs    number of indexes in `pairs`
 * @param fetch      gives a document's text again; cm_inputs_fetch() for cm_inputs
 * @param fetch_ctx  passed to `fetch`
 * @param tmp_dir    directory of the temporary file (the size of the missing snippets)
 * @param put        receives each snippet
 * @param put_ctx    passed to `put`
 * @param err        filled on failure, as for cm_counts_fill_snippets(), or naming
 *                   `tmp_dir` (CM_EIO)
 * @return CM_OK, CM_EINPUT, CM_EIO, CM_ENOMEM, or what `put` returned
 *
 * Cost: linear in the evidence, plus one read of each document concerned and one small
 * read of the temporary file per missing snippet; memory 24 bytes per missing snippet.
 */
cm_status cm_counts_each_snippet(cm_counts *c, const size_t *pairs, size_t n_pairs,
                                 cm_doc_fetch fetch, void *fetch_ctx, const char *tmp_dir,
                                 cm_snippet_fn put, void *put_ctx, cm_error *err);

/**
 * Sort entities by id and pairs by (a, b) so every output is in a stable order.
 * @param c    the counts
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_counts_finish(cm_counts *c, cm_error *err);

/** @param c counts @return the options they were made with */
const cm_count_opts *cm_counts_opts(const cm_counts *c);
/** @param c counts @return number of entities mentioned at least once */
size_t cm_counts_n_entities(const cm_counts *c);
/** @param c counts @param i index @return the entity's counts, borrowed */
const cm_entity_count *cm_counts_entity(const cm_counts *c, size_t i);
/** @param c counts @return number of pairs named together at least once */
size_t cm_counts_n_pairs(const cm_counts *c);
/** @param c counts @param i index @return the pair's counts, borrowed */
const cm_pair_count *cm_counts_pair(const cm_counts *c, size_t i);
/** @param c counts @return N, the number of units in the corpus (empty ones included) */
uint64_t cm_counts_n_units(const cm_counts *c);
/** @param c counts @return number of documents added */
uint64_t cm_counts_n_documents(const cm_counts *c);
/** @param c counts @return bytes of text added */
uint64_t cm_counts_n_bytes(const cm_counts *c);
/** @param c counts @return sentences in the documents added */
uint64_t cm_counts_n_sentences(const cm_counts *c);
/** @param c counts @return mentions added */
uint64_t cm_counts_n_mentions(const cm_counts *c);

/**
 * Periods counted (with cm_count_opts.slice set): each has counts of its own, made from its
 * documents alone, with the same options but no evidence and no slices. Their entity,
 * pair and corpus counts add up to those of the whole corpus. In order of their first day,
 * the undated period (first day CM_DAY_NONE) last.
 * @param c counts @return number of periods (0 without slices)
 */
size_t cm_counts_n_periods(const cm_counts *c);

/**
 * @param c      finished counts
 * @param i      index < cm_counts_n_periods()
 * @param first  filled with the period's first day, or CM_DAY_NONE for the undated period
 * @return the period's counts, finished; borrowed from `c`
 */
const cm_counts *cm_counts_period(const cm_counts *c, size_t i, int32_t *first);

/** @param c counts @return documents read but not counted: outside --since/--until */
uint64_t cm_counts_n_outside(const cm_counts *c);

/**
 * Add the counts of `src` to `dst`: entity and pair counts add up, the K best evidence
 * keys of both are kept, skipped files are appended, the documents with invalid UTF-8
 * added up. Counts are a commutative monoid, so
 * any split of the input merged in any order gives, after cm_counts_finish(), the same
 * counts as one pass over all of it.
 *
 * @param dst  counts to extend
 * @param src  counts to add; not changed
 * @param err  filled on failure; a mismatch of count-time options or lexicons is CM_EINPUT
 * @return CM_OK, CM_EINPUT or CM_ENOMEM (then discard `dst`)
 *
 * Cost: O(E + P) for E entities and P pairs of `src`.
 */
cm_status cm_counts_merge(cm_counts *dst, const cm_counts *src, cm_error *err);

/**
 * Record a file that was not read, so shards report the same as one run.
 * @param c       the counts
 * @param id      doc id, copied
 * @param reason  why, copied
 * @param err     filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_counts_add_skipped(cm_counts *c, const char *id, const char *reason, cm_error *err);

/** @param c counts @return number of skipped files */
size_t cm_counts_n_skipped(const cm_counts *c);
/** @param c counts @param i index @return the record, borrowed */
const cm_skipped *cm_counts_skipped(const cm_counts *c, size_t i);

/**
 * Record a document left out as a copy, so shards report the same as one run.
 * @param c     the counts
 * @param copy  the record; its strings are copied
 * @param err   filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_counts_add_copy(cm_counts *c, const cm_copy *copy, cm_error *err);

/** @param c counts @return number of documents left out as copies */
size_t cm_counts_n_copies(const cm_counts *c);
/** @param c counts @param i index, in doc-id order once finished @return the record,
 *  borrowed */
const cm_copy *cm_counts_copy(const cm_counts *c, size_t i);

/** Documents with invalid UTF-8 listed by name (the totals count all of them): a bad
 *  archive can have millions, and report.json must stay readable. */
#define CM_INVALID_LISTED 1000

/** A document with bytes that are no UTF-8 (read as U+FFFD, offsets unchanged). */
typedef struct cm_invalid_doc {
    char *id;       /**< its doc id; owned by the counts */
    uint64_t bytes; /**< invalid bytes in its text (>= 1) */
    uint64_t first; /**< byte offset of the first of them in its text: in the file itself
                         for plain text (after gzip/xz decompression) */
} cm_invalid_doc;

/**
 * Record a document with invalid UTF-8 (cm_doc.n_invalid > 0), so shards report the same as
 * one run. The totals count every document; the list keeps the CM_INVALID_LISTED first in
 * doc-id byte order, whatever the order of the calls and merges.
 * @param c      the counts
 * @param id     doc id, copied
 * @param bytes  its invalid bytes, >= 1
 * @param first  offset of the first of them
 * @param err    filled on failure
 * @return CM_OK, CM_EINPUT (the totals would pass 2^64 - 1) or CM_ENOMEM
 */
cm_status cm_counts_add_invalid(cm_counts *c, const char *id, uint64_t bytes, uint64_t first,
                                cm_error *err);

/** @param c counts @return documents with invalid UTF-8, all of them */
uint64_t cm_counts_invalid_documents(const cm_counts *c);
/** @param c counts @return invalid bytes in all of them */
uint64_t cm_counts_invalid_bytes(const cm_counts *c);
/** @param c counts @return documents listed: min(CM_INVALID_LISTED, the documents) */
size_t cm_counts_n_invalid_listed(const cm_counts *c);
/** @param c counts @param i index, in doc-id byte order @return the record, borrowed */
const cm_invalid_doc *cm_counts_invalid(const cm_counts *c, size_t i);

/**
 * Name the lexicon the counts were made with (its SHA-256, cm_lexicon_digest()).
 * @param c    the counts
 * @param hex  64 hex digits
 */
void cm_counts_set_lexicon(cm_counts *c, const char *hex);
/** @param c counts @return the lexicon's SHA-256 as 64 hex digits, or "" */
const char *cm_counts_lexicon(const cm_counts *c);

/**
 * @param a options @param b options
 * @return 1 when both would count the same (unit, window, evidence, types, subtypes,
 *         unit filter, discover, dedupe, slice, since, until)
 */
int cm_count_opts_equal(const cm_count_opts *a, const cm_count_opts *b);

/**
 * Write finished counts as a .cmc file: a versioned header naming the count-time options
 * and the lexicon, the entity and pair tables with their evidence, the corpus totals and
 * skipped files, and a SHA-256 of all of it. Temporary file, then rename.
 *
 * The layout (version 6; u64 = unsigned 64-bit little-endian, str = u64 length + bytes;
 * src/count/cmc.c has the periods' tables too):
 *
 * | part     | fields                                                              |
 * |----------|---------------------------------------------------------------------|
 * | magic    | the 14 bytes "COMENTION-CMC\n", version u64 (6)                     |
 * | options  | unit, window, evidence, types, subtypes, filter, discover, dedupe,  |
 * |          | slice: u64 each; since, until: days                                 |
 * | lexicon  | str: SHA-256 of the lexicons, hex                                   |
 * | copies   | n u64, then n × (id str, kept str, near u64)                        |
 * | invalid  | documents u64, bytes u64, n u64, then n × (id str, bytes u64,       |
 * |          | first u64): invalid UTF-8, n <= CM_INVALID_LISTED, ids ascending    |
 * | totals   | units, documents, bytes, sentences, mentions: u64 each              |
 * | skipped  | n u64, then n × (id str, reason str)                                |
 * | entities | n u64, then n × (id, label, subtype: str; type, discovered,         |
 * |          | mentions, units, documents: u64)                                    |
 * | pairs    | n u64, then n × (a, b, units, documents, k: u64; k × (rank u64,     |
 * |          | doc str, start u64, end u64, snippet str))                          |
 * | checksum | SHA-256 of everything before it, 32 bytes                           |
 *
 * The checksum is verified before anything is parsed; every count and index is then
 * checked against the tables (docs/architecture.md, "File formats").
 *
 * @param path  file to write
 * @param c     finished counts
 * @param err   names the file on failure
 * @return CM_OK, CM_EIO or CM_ENOMEM
 */
cm_status cm_counts_write(const char *path, const cm_counts *c, cm_error *err);

/**
 * Read a .cmc file. A file that is truncated, corrupt (checksum), of another format
 * version, or not a .cmc file at all is refused with a message naming it.
 *
 * @param out   the counts, finished; free with cm_counts_free()
 * @param path  file to read
 * @param err   names the file on failure
 * @return CM_OK, CM_EINPUT or CM_ENOMEM
 */
cm_status cm_counts_read(cm_counts **out, const char *path, cm_error *err);

/**
 * Add an entity with its counts as given, not counted from text: a graph read back from a
 * file (comention render), or one generated for a test. Call cm_counts_finish() after the
 * last entity and pair, as after counting.
 *
 * @param c    counts from cm_counts_new()
 * @param e    the entity: id, label, subtype (NULL for ""), type, discovered, mentions,
 *             units and documents are copied; `e` is not kept
 * @param err  filled on failure
 * @return CM_OK, CM_EINPUT (the id is already there; `c` unchanged) or CM_ENOMEM (then
 *         discard `c`)
 */
cm_status cm_counts_put_entity(cm_counts *c, const cm_entity_count *e, cm_error *err);

/**
 * Add co-mention counts to the pair of two entities, creating the pair if needed.
 *
 * @param c          counts
 * @param a          an entity index (cm_counts_find_entity())
 * @param b          another entity index, in either order
 * @param units      units naming both, added to the pair's
 * @param documents  documents naming both, added to the pair's
 * @param err        filled on failure
 * @return CM_OK, CM_EINPUT (a == b, or an index out of range; `c` unchanged) or CM_ENOMEM
 */
cm_status cm_counts_put_pair(cm_counts *c, size_t a, size_t b, uint64_t units, uint64_t documents,
                             cm_error *err);

/**
 * @param c   counts
 * @param id  an entity id
 * @return its index (which cm_counts_finish() may change), or SIZE_MAX when absent
 */
size_t cm_counts_find_entity(const cm_counts *c, const char *id);

/**
 * @param c  counts
 * @param a  an entity index
 * @param b  another entity index, in either order
 * @return the pair's index (which cm_counts_finish() may change), or SIZE_MAX when absent
 */
size_t cm_counts_find_pair(const cm_counts *c, size_t a, size_t b);

#ifdef __cplusplus
}
#endif

#endif
