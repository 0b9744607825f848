/* comention: the read stage, operands (files, directories, "-") in, documents out. */
#ifndef COMENTION_READ_H
#define COMENTION_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "comention/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The `day` of a document without a date. */
#define CM_DAY_NONE INT32_MIN

/** Characters of a date written by cm_date_format(), "YYYY-MM-DD". */
#define CM_DATE_LEN 10

/** One document: its id and its bytes exactly as read. */
/** The largest document, in bytes: offsets into a document are 32-bit (the normalized
 * text of a 4 GiB article would not fit in memory anyway). Larger files are skipped. */
#define CM_DOC_MAX_BYTES ((size_t)UINT32_MAX)

typedef struct cm_doc {
    char *id;    /**< doc id (docs/design.md §2): the operand, or operand/path-inside; owned */
    char *text;  /**< the original bytes, NUL-terminated for convenience; owned */
    size_t len;  /**< number of bytes in `text`, not counting the NUL */
    int reread;  /**< 1 when cm_inputs_read() gives this text again (a file, not standard
                      input): the counts then cut evidence snippets at the end, not now */
    int32_t day; /**< publication date, days since 1970-01-01 UTC; CM_DAY_NONE if undated */
} cm_doc;

/** A file met while walking a directory and not read, with the reason. */
typedef struct cm_skipped {
    char *id;     /**< doc id it would have had; owned */
    char *reason; /**< one line, lower case; owned */
} cm_skipped;

/** The documents to read, in doc-id byte order. Opaque. */
typedef struct cm_inputs cm_inputs;

/**
 * Resolve operands into a sorted list of documents to read.
 *
 * Directories are walked recursively: regular files whose names do not start with '.',
 * no symlinked directories; other special files are recorded as skipped. An operand that
 * does not exist or cannot be opened is an error before anything is read.
 *
 * @param out       the list; the caller frees it with cm_inputs_free()
 * @param operands  paths, or "-" for standard input (at most once)
 * @param n         number of operands
 * @param err       names the operand that failed
 * @return CM_OK, CM_EINPUT (with `*out` NULL) or CM_ENOMEM
 *
 * Cost: O(f log f) for f files.
 */
cm_status cm_inputs_collect(cm_inputs **out, const char *const *operands, size_t n, cm_error *err);

/** Free the list; accepts NULL. @param in list from cm_inputs_collect() */
void cm_inputs_free(cm_inputs *in);

/** @param in the list @return number of documents to read */
size_t cm_inputs_count(const cm_inputs *in);

/** @param in the list @param i index < cm_inputs_count() @return its doc id, borrowed */
const char *cm_inputs_id(const cm_inputs *in, size_t i);

/** @param in the list @return number of files skipped while walking */
size_t cm_inputs_n_skipped(const cm_inputs *in);

/** @param in the list @param i index < cm_inputs_n_skipped() @return the record, borrowed */
const cm_skipped *cm_inputs_skipped(const cm_inputs *in, size_t i);

/**
 * Read document `i`. Safe to call from several threads at once (the list is not changed).
 *
 * A file found while walking a directory that cannot be read is skipped, not an error:
 * `*out` is NULL, CM_OK is returned and `reason` says why (the caller records it). A file
 * operand that cannot be read is CM_EINPUT. Invalid UTF-8 is kept as is.
 *
 * @param out     the document; the caller frees it with cm_doc_free(); NULL when skipped
 * @param reason  filled with one line when the file is skipped, else ""
 * @param in      the list
 * @param i       index < cm_inputs_count()
 * @param err     names the file on failure
 * @return CM_OK, CM_EINPUT or CM_ENOMEM
 */
cm_status cm_inputs_read(cm_doc **out, char reason[256], const cm_inputs *in, size_t i,
                         cm_error *err);

/**
 * Find a document by id (the list is sorted by id, each id once).
 *
 * @param in the list
 * @param id doc id
 * @return its index, or SIZE_MAX when no document has that id
 */
size_t cm_inputs_find(const cm_inputs *in, const char *id);

/**
 * Give back a document's text again (cm_counts_fill_snippets() cuts evidence
 * snippets from a second read).
 *
 * @param ctx  the caller's context
 * @param id   doc id
 * @param out  the document (freed by the caller with cm_doc_free())
 * @param err  filled on failure, naming the document
 * @return CM_OK, CM_EINPUT (gone or unreadable) or CM_ENOMEM
 */
typedef cm_status (*cm_doc_fetch)(void *ctx, const char *id, cm_doc **out, cm_error *err);

/**
 * A cm_doc_fetch over a list of inputs: reads the document with that id once more.
 *
 * @param inputs  the cm_inputs list (const; void for the callback's signature)
 * @param id      doc id
 * @param out     the document; free with cm_doc_free()
 * @param err     names the document when it is not in the list or no longer readable
 * @return CM_OK, CM_EINPUT or CM_ENOMEM
 */
cm_status cm_inputs_fetch(void *inputs, const char *id, cm_doc **out, cm_error *err);

/**
 * Make a document from bytes in memory (tests, embedders). Its `reread` is 0: the counts
 * copy its evidence snippets at once.
 *
 * @param out   the document; free with cm_doc_free()
 * @param id    doc id, copied
 * @param text  bytes, copied
 * @param len   number of bytes
 * @param err   filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_doc_new(cm_doc **out, const char *id, const char *text, size_t len, cm_error *err);

/** Free a document; accepts NULL. @param doc document to free */
void cm_doc_free(cm_doc *doc);

/**
 * Parse an ISO 8601 calendar date, alone or with a time of day, into the UTC date of that
 * instant: `2024-03-05`, `20240305`, `2024-03-05T23:30:00-02:00` (→ 2024-03-06),
 * `2024-03-05 10:00Z`, `2024-03-05T10:00:00.123+0100`. A time without a zone is taken as
 * UTC. Leading and trailing white space is ignored; anything else (week dates, ordinal
 * dates, a month alone, impossible dates such as 2023-02-29) is refused.
 *
 * @param day  days since 1970-01-01 (negative before), set on success only
 * @param s    the text, not necessarily NUL-terminated
 * @param len  its length in bytes
 * @return 0, or -1 when `s` is not such a date
 *
 * Cost: O(len).
 */
int cm_date_parse(int32_t *day, const char *s, size_t len);

/**
 * Write a day as `YYYY-MM-DD` (years 0000–9999).
 * @param out  CM_DATE_LEN + 1 bytes
 * @param day  days since 1970-01-01, not CM_DAY_NONE
 *
 * Cost: O(1).
 */
void cm_date_format(char out[CM_DATE_LEN + 1], int32_t day);

#ifdef __cplusplus
}
#endif

#endif
