/* comention: a spool, strings written once in order to a temporary file with no name, then
 * read back by any number of cursors at once (util/spool.c). It holds what would otherwise
 * be held in memory until the last reader is done with it: the evidence snippets the
 * writers of a build read. The file has no name from its creation on (O_TMPFILE, or
 * unlinked at once), so a killed run leaves nothing behind, and no signal handler needs to
 * know of it. */
#ifndef CM_UTIL_SPOOL_H
#define CM_UTIL_SPOOL_H

#include "util/util.h"

/* Records are the strings given, each followed by a NUL: a record holds no NUL. */
typedef struct cm_spool {
    int fd;
    char *dir;       /* where it is, for the caller's other spools; owned */
    cm_buf out;      /* appended and not yet written */
    uint64_t size;   /* bytes appended, written or not: the offset of the next record */
    int write_errno; /* a failed write (0: none); later appends do nothing */
} cm_spool;

/* Create an empty spool in dir (the file system the caller wants the bytes on). */
cm_status cm_spool_open(cm_spool **out, const char *dir, cm_error *err);
/* Append the record s[0..len) (no NUL in it). A failure shows at cm_spool_end. */
void cm_spool_put(cm_spool *s, const char *str, size_t len);
/* Write what is held; reading starts after it. CM_EIO names the directory on failure. */
cm_status cm_spool_end(cm_spool *s, cm_error *err);
/* Read len bytes at offset off (what cm_spool's size was when a record was put). */
cm_status cm_spool_read(const cm_spool *s, char *out, uint64_t off, size_t len, cm_error *err);
/* Close and so delete the file; accepts NULL. */
void cm_spool_free(cm_spool *s);

/* One reader's place in an ended spool: the records in the order put, through a buffer of
 * its own (cursors on other threads read the same spool at once). */
typedef struct cm_spool_cursor {
    const cm_spool *s;
    char *buf;    /* owned */
    size_t cap;   /* bytes allocated in buf */
    size_t pos;   /* the next record's first byte in buf */
    size_t len;   /* bytes read into buf */
    uint64_t off; /* file offset of buf[len] */
} cm_spool_cursor;

void cm_spool_cursor_init(cm_spool_cursor *c, const cm_spool *s);
/* The next record, NUL-terminated in the cursor's buffer until the next call. A record
 * past the end is CM_EIO (the spool holds fewer than the reader expects). */
cm_status cm_spool_next(cm_spool_cursor *c, const char **rec, cm_error *err);
void cm_spool_cursor_destroy(cm_spool_cursor *c);

#endif
