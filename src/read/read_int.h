/* comention: the read stage's private parts: decoding bytes into text, and the HTML, JSONL
 * and CSV readers. Each takes bytes in memory, so the fuzz targets and unit tests call them
 * directly. */
#ifndef COMENTION_READ_INT_H
#define COMENTION_READ_INT_H

#include "comention/read.h"
#include "util/util.h"

/* Room for a reason a file is skipped, one line. */
#define CM_REASON_LEN 256

/*
 * Make text of a file's bytes, in place: decompress gzip (several members too) and xz, at
 * most `max` bytes out; convert UTF-16/UTF-32 with a byte order mark to UTF-8; refuse what
 * is not text. A refusal fills `reason` and returns CM_OK with `b` unspecified; CM_ENOMEM
 * when memory runs out. `*compressed` (may be NULL) is set when the bytes were compressed.
 */
cm_status cm_decode(cm_buf *b, size_t max, int *compressed, char reason[CM_REASON_LEN],
                    cm_error *err);

/* The invalid UTF-8 of a decoded text, when cm_decode_counted() counted it (`counted`). */
typedef struct cm_invalid {
    int counted;
    size_t n, first;
} cm_invalid;

/* cm_decode(), and the count of the text's invalid UTF-8 (cm_count_invalid_utf8()) in
 * `*inv` when it was taken to tell text from binary data, so that a reader need not
 * count the same bytes again. */
cm_status cm_decode_counted(cm_buf *b, size_t max, int *compressed, char reason[CM_REASON_LEN],
                            cm_invalid *inv, cm_error *err);

/* The format a file name's extension names (under .gz or .xz), or CM_FORMAT_AUTO. */
cm_format cm_format_of_name(const char *name);

/* Count the bytes of s[0..n) that are no UTF-8; `*first` gets the offset of the first. */
size_t cm_count_invalid_utf8(const char *s, size_t n, size_t *first);

/* An HTML page read: its article text (blocks end paragraphs: a blank line between them),
 * title and publication day. */
typedef struct cm_html_page {
    cm_buf text;
    char *title; /* og:title, else the first h1, else <title>; NULL when none; owned */
    int32_t day; /* article:published_time, JSON-LD datePublished, itemprop datePublished,
                    a meta date, the first <time datetime>; else CM_DAY_NONE */
} cm_html_page;

/* Read a page through libxml2's HTML parser (no network, no entity loading, errors kept
 * quiet, the declared charset honoured). Returns CM_OK, CM_ENOMEM, or CM_EINPUT when
 * libxml2 gives no document. `page` is freed with cm_html_page_destroy() in every case. */
cm_status cm_html_read(cm_html_page *page, const char *html, size_t len, cm_error *err);
void cm_html_page_destroy(cm_html_page *page);

/* Does the text look like an HTML page (a document type or an <html> tag first)? */
int cm_looks_like_html(const char *s, size_t n);

/* One document of a JSONL or CSV file. */
typedef struct cm_record {
    char *id;     /* FILE#ID, FILE#LINE without an id, FILE:LINE when skipped; owned */
    char *text;   /* title, a blank line, text (NUL-terminated); owned; NULL when skipped */
    size_t len;   /* bytes of text */
    int32_t day;  /* CM_DAY_NONE when the date field is missing or no date */
    char *reason; /* why the record is skipped, or NULL; owned */
    size_t line;  /* its first line in the file, from 1 */
} cm_record;

/* The records of one file, in file order. */
typedef struct cm_records {
    cm_record *items;
    size_t n, cap;
} cm_records;

/* The field names (defaults filled in) and the file's doc id. */
typedef struct cm_record_spec {
    const char *file;
    const char *id, *text, *title, *date;
} cm_record_spec;

/* Fill the spec from options (NULL: the defaults). */
void cm_record_spec_init(cm_record_spec *spec, const char *file, const cm_read_opts *opts);

/* Parse JSON Lines / CSV with a header row into records (appended). A record that cannot
 * be a document is kept with its reason. CM_OK or CM_ENOMEM; a CSV file whose header has
 * no text column is CM_EINPUT (naming the file). */
cm_status cm_jsonl_read(cm_records *out, const cm_record_spec *spec, const char *s, size_t n,
                        cm_error *err);
cm_status cm_csv_read(cm_records *out, const cm_record_spec *spec, const char *s, size_t n,
                      cm_error *err);

/* Add a record from its fields (NULL: missing; `line` names it without an id): the text is
 * title + blank line + text, the title alone kept out when the text starts with it. Repeats
 * of an id are marked by cm_records_finish(). */
cm_status cm_records_add(cm_records *out, const cm_record_spec *spec, size_t line, const char *id,
                         const char *title, const char *text, size_t text_len, const char *date,
                         cm_error *err);

/* Is s[0..n) only white space (ASCII)? */
int cm_is_blank(const char *s, size_t n);

/* Add a record that is skipped, with its reason. */
cm_status cm_records_skip(cm_records *out, const cm_record_spec *spec, size_t line,
                          const char *reason, cm_error *err);

/* Mark the second and later records with one id as skipped ("id repeats line N"). Skipped
 * records are named FILE:LINE, never taken for a document's FILE#ID. */
cm_status cm_records_finish(cm_records *out, const char *file, cm_error *err);

void cm_records_destroy(cm_records *r);

#endif
