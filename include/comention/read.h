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
    size_t n_invalid;     /**< bytes of `text` that are no UTF-8 (the text stage reads each as
                               U+FFFD; kept, so offsets stay those of the file) */
    size_t first_invalid; /**< offset of the first of them (when n_invalid > 0) */
} cm_doc;

/** How the bytes of a file become documents (`--format`). */
typedef enum cm_format {
    CM_FORMAT_AUTO,  /**< by extension (.html .htm .xhtml .jsonl .ndjson .csv, under .gz or
                          .xz), else by content: an HTML document type or root tag is HTML */
    CM_FORMAT_TXT,   /**< plain text, one document per file */
    CM_FORMAT_HTML,  /**< an HTML page, one document per file: its article text */
    CM_FORMAT_JSONL, /**< JSON Lines: one document per line, an object with fields */
    CM_FORMAT_CSV    /**< CSV (RFC 4180) with a header row: one document per record */
} cm_format;

/** Options of cm_inputs_collect_opts(); all zero is the default. */
typedef struct cm_read_opts {
    cm_format format;        /**< the format of every input, or CM_FORMAT_AUTO */
    const char *id_field;    /**< JSONL/CSV field of the document id (NULL: "id") */
    const char *text_field;  /**< field of the text (NULL: "text") */
    const char *title_field; /**< field of the title (NULL: "title") */
    const char *date_field;  /**< field of the publication date (NULL: "date") */
    size_t max_decoded;      /**< bound on a compressed file's decompressed size, bytes
                                  (0: CM_DECODED_MAX) */
} cm_read_opts;

/** The default bound on a decompressed file: a zip bomb stops there. */
#define CM_DECODED_MAX ((size_t)1 << 30)

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

/**
 * cm_inputs_collect() with options: the format, the JSONL/CSV field names, the bound on
 * decompressed sizes.
 *
 * A JSONL or CSV file becomes one document per record, with the doc id `FILE#ID` (the id
 * field's value) or `FILE#LINE` (the record's first line, counting from 1, when it has no
 * id), its text the title, a blank line and the text field (the title alone when the text
 * already starts with it), its day from the date field. Such a file is read and parsed
 * here, once; its records stay in memory until cm_inputs_free(). Records without a text,
 * lines that are no JSON object and repeated ids are recorded as skipped, as is a file
 * that is not text (cm_inputs_read()).
 *
 * @param out       the list; the caller frees it with cm_inputs_free()
 * @param operands  paths, or "-" for standard input (at most once)
 * @param n         number of operands
 * @param opts      options, or NULL for the defaults
 * @param err       names the operand that failed
 * @return CM_OK, CM_EINPUT (with `*out` NULL) or CM_ENOMEM
 *
 * Cost: O(f log f) for f files and records, plus reading the JSONL and CSV files.
 */
cm_status cm_inputs_collect_opts(cm_inputs **out, const char *const *operands, size_t n,
                                 const cm_read_opts *opts, cm_error *err);

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
 * operand that cannot be read is CM_EINPUT. Invalid UTF-8 is kept as is (and counted in
 * `n_invalid`).
 *
 * The bytes are decoded first: gzip and xz are decompressed (at most `max_decoded`
 * bytes), UTF-16 and UTF-32 with a byte order mark are converted to UTF-8; a file that is
 * not text (a known binary signature such as PNG, JPEG, PDF or ZIP, many NUL bytes, or more
 * than a tenth of its bytes no UTF-8) is skipped with the reason, a file operand too. An
 * HTML page gives its article text (see cm_html_read() in src/read/read_int.h), so offsets
 * into `text` are offsets into that text, which a second read gives again.
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
 * UTC. Also RFC 2822 dates, as RSS feeds write them: `Tue, 5 Mar 2024 23:30:00 -0200`
 * (→ 2024-03-06), `05 Mar 2024 10:00 GMT`, the zone names of RFC 2822 §4.3 (UT, GMT, EST,
 * EDT, CST, CDT, MST, MDT, PST, PDT; a military letter is UTC), a date without a time.
 * Leading and trailing white space is ignored; anything else (week dates, ordinal dates, a
 * month alone, impossible dates such as 2023-02-29) is refused.
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

/**
 * Days since 1970-01-01 of a date in the proleptic Gregorian calendar.
 * @param y  year
 * @param m  month, 1–12
 * @param d  day of the month, 1–31 (not checked against the month)
 * @return the day number
 */
int32_t cm_date_from_ymd(int y, int m, int d);

/**
 * The calendar date of a day number, the inverse of cm_date_from_ymd().
 * @param day  days since 1970-01-01
 * @param y    filled with the year
 * @param m    filled with the month, 1–12
 * @param d    filled with the day of the month, 1–31
 */
void cm_date_ymd(int32_t day, int *y, int *m, int *d);

/** A table of publication dates by doc id (--dates FILE, docs/design.md §2). Opaque. */
typedef struct cm_dates cm_dates;

/**
 * Read a dates table: one document a line, `DOC_ID<TAB>DATE` (a `.tsv` file or any other
 * name) or `DOC_ID,DATE` (a name ending in `.csv`, RFC 4180 quotes allowed, no line breaks
 * in a field); DATE as cm_date_parse() reads it. A first line whose date field is `date`
 * is a header. Blank lines are skipped.
 *
 * @param out   the table; free with cm_dates_free()
 * @param path  the file
 * @param err   names the file and line of a bad line or an id given twice
 * @return CM_OK, CM_EINPUT or CM_ENOMEM
 *
 * Cost: O(n) for n bytes.
 */
cm_status cm_dates_load(cm_dates **out, const char *path, cm_error *err);

/** Free a table; accepts NULL. @param t table from cm_dates_load() */
void cm_dates_free(cm_dates *t);

/** @param t the table @return number of documents it dates */
size_t cm_dates_count(const cm_dates *t);

/**
 * @param t   the table
 * @param id  doc id
 * @return the document's day, or CM_DAY_NONE when the table does not name it
 */
int32_t cm_dates_get(const cm_dates *t, const char *id);

/**
 * Date the documents cm_inputs_read() gives from a table: a date in the table replaces one
 * the document carries itself. Documents the table does not name keep their own date.
 * @param in     the list
 * @param dates  the table; borrowed, must outlive `in`; NULL for none
 */
void cm_inputs_set_dates(cm_inputs *in, const cm_dates *dates);

#ifdef __cplusplus
}
#endif

#endif
