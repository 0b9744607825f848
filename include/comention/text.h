/* comention: the segment stage, a document in, normalized text with paragraphs and
 * sentences out. */
#ifndef COMENTION_TEXT_H
#define COMENTION_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "comention/error.h"
#include "comention/read.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * One character of the text as the matcher sees it.
 *
 * Normalization: every input character is decomposed (NFKD) with marks stripped, so one
 * input character may give several of these (all with the same byte span); curly quotes
 * become ' and ", dashes become -, each whitespace run becomes one space, soft hyphens and
 * zero-width characters give none. Sixteen bytes, since a document becomes an array of
 * them: offsets are 32-bit (documents are at most CM_DOC_MAX_BYTES).
 */
typedef struct cm_nchar {
    unsigned int cp : 24; /**< normalized code point, case kept */
    unsigned int nl : 8;  /**< for a space: line breaks the whitespace run held (at most 255) */
    uint32_t fold;        /**< `cp` lower-cased */
    uint32_t start;       /**< first original byte this character comes from */
    uint32_t end;         /**< one past its last original byte */
} cm_nchar;

/** What a sentence is part of (cm_segment() says how it decides; README, --units). */
typedef enum cm_sentence_kind {
    CM_KIND_BODY = 0, /**< running text */
    CM_KIND_HEADLINE, /**< a title line before the first body paragraph */
    CM_KIND_BYLINE,   /**< "By Name Name", "Name Name, Agency" */
    CM_KIND_CAPTION,  /**< a photo caption: a line ending in a credit, or "Photo: …" */
    CM_KIND_CREDIT,   /**< a credit line or sentence: "(Reuters)", "© Agency/Name" */
} cm_sentence_kind;

/** A sentence: a span of the original bytes and the matching span of normalized chars. */
typedef struct cm_sentence {
    size_t start, end;     /**< original bytes [start, end), trimmed of spaces and bullets */
    size_t nstart, nend;   /**< normalized chars [nstart, nend) */
    size_t paragraph;      /**< index of the paragraph holding it */
    cm_sentence_kind kind; /**< body, headline, byline, caption or credit */
} cm_sentence;

/** A paragraph: a span of the original bytes. */
typedef struct cm_paragraph {
    size_t start, end; /**< original bytes [start, end) */
} cm_paragraph;

/** A segmented document. All arrays are owned; `doc` is borrowed and must outlive it. */
typedef struct cm_segments {
    const cm_doc *doc;        /**< the document segmented; borrowed */
    cm_nchar *chars;          /**< normalized text; owned */
    size_t n_chars;           /**< number of normalized chars */
    cm_paragraph *paragraphs; /**< in text order; owned */
    size_t n_paragraphs;      /**< number of paragraphs */
    cm_sentence *sentences;   /**< in text order; owned */
    size_t n_sentences;       /**< number of sentences */
    int hard_wrapped;         /**< 1 when single line breaks were read as spaces */
    uint32_t *marks;          /**< scratch: indices of the chars where a line or a sentence
                                   may end (line-break spaces, . ! ? :), in order; owned */
    size_t n_marks;           /**< number of marks */
    uint64_t *words;          /**< scratch: bit i (of words[i / 64]) is set when char i is a
                                   word char (cm_is_word_char()); owned */
    size_t cap_chars, cap_paragraphs, cap_sentences, cap_marks, cap_words; /**< room allocated,
                                                                              for reuse */
} cm_segments;

/**
 * Normalize a document and split it into paragraphs and sentences.
 *
 * Every line is at least its own unit unless the document is hard-wrapped (blocks of lines
 * of similar length between blank lines), where a single line break is a space; a line
 * whose text starts in lower case or with , ; : ) continues the one before. Sentences end
 * at . ! ? … (and closing quotes or brackets) before a capital, digit, quote or bracket,
 * never after a known abbreviation or an initial. Invalid UTF-8 reads as U+FFFD.
 *
 * @param out  the segments; free with cm_segments_free()
 * @param doc  the document; borrowed, must outlive `*out`
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 *
 * Cost: O(n) in the document's bytes.
 */
cm_status cm_segment(cm_segments **out, const cm_doc *doc, cm_error *err);

/**
 * Segment another document into existing segments, reusing their arrays: a loop over
 * many documents then allocates only for a document larger than every one before it
 * (and does not fault fresh pages in for each). Same result as cm_segment().
 *
 * @param seg  segments from cm_segment() or an earlier call; replaced
 * @param doc  the document; borrowed, must outlive the segments' use
 * @param err  filled on failure (the segments are then empty but valid)
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_segment_into(cm_segments *seg, const cm_doc *doc, cm_error *err);

/** The bytes a block of a large document holds at most (cm_segment_block()): a document
 *  up to this size (256 KiB, some 40,000 words) is one block, so articles are segmented
 *  whole; a block's working memory is some 25 bytes a byte. */
#define CM_TEXT_BLOCK ((size_t)1 << 18)

/** Where cm_segment_block() is in a document. Start with {0, 0}. */
typedef struct cm_block {
    size_t from;   /**< the first byte not segmented yet; the document's length at the end */
    int body_seen; /**< a body paragraph came in an earlier block (no headline after it) */
} cm_block;

/**
 * Where a block of a document that starts at byte `from` ends: the end of the text when
 * at most `max` bytes are left, else the last break within [from + max / 2, from + max] of
 * the first kind found: a blank line, a line break, a space after . ! or ?, a space, a
 * character boundary. Cost: O(max).
 *
 * @param text  the document's bytes
 * @param len   their number
 * @param from  the block's first byte (< len, or == len for an empty rest)
 * @param max   the largest block, in bytes (at least 8)
 * @return one past the block's last byte, in (from, from + max]; `len` when from == len
 */
size_t cm_block_end(const char *text, size_t len, size_t from, size_t max);

/**
 * Segment the next block of a document (cm_block_end()) into `seg`, reusing its arrays: a
 * large document is worked on a block at a time, so that its normalized chars (16 bytes a
 * char) never exist all at once. The segments' byte offsets are the document's; their
 * paragraphs and sentences are the block's. The kinds carry over (`b->body_seen`); a line
 * or sentence that a cut splits becomes two. A document of at most `max` bytes is one
 * block, segmented as cm_segment_into() does.
 *
 * @param seg  segments from cm_segment() or an earlier call; replaced
 * @param doc  the document; borrowed, must outlive the segments' use
 * @param b    the position: moved past the block on success
 * @param max  the largest block, in bytes (CM_TEXT_BLOCK; at least 8)
 * @param err  filled on failure (the segments are then empty but valid)
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_segment_block(cm_segments *seg, const cm_doc *doc, cm_block *b, size_t max,
                           cm_error *err);

/** Free segments; accepts NULL. @param seg segments to free */
void cm_segments_free(cm_segments *seg);

/**
 * Normalize a string the way cm_segment() normalizes documents (used for lexicon aliases).
 *
 * @param out    normalized chars (`start`/`end` index into `s`); free with cm_nchars_free()
 * @param n_out  number of chars written
 * @param s      UTF-8 bytes
 * @param len    number of bytes
 * @param err    filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_normalize(cm_nchar **out, size_t *n_out, const char *s, size_t len, cm_error *err);

/** Free what cm_normalize() returned; accepts NULL. @param chars the array */
void cm_nchars_free(cm_nchar *chars);

/** @param cp a normalized code point @return nonzero when it is a letter or a digit */
int cm_is_word_char(uint32_t cp);

#ifdef __cplusplus
}
#endif

#endif
