/* comention: small helpers every stage may use; knows no stage.
 *
 * Memory: all of our allocations go through cm_malloc/cm_calloc/cm_realloc/cm_free.
 * cm_buf is a growable byte string; cm_map64 an open-addressing map from 64-bit keys to
 * size_t values (keys never equal CM_MAP_EMPTY). */
#ifndef CM_UTIL_H
#define CM_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "comention/error.h"

void *cm_malloc(size_t n);
void *cm_calloc(size_t count, size_t size);
void *cm_realloc(void *p, size_t n);
void cm_free(void *p);
char *cm_strdup(const char *s);
char *cm_strndup(const char *s, size_t n);

/* Make room for `need` elements of `elem` bytes in *items (capacity *cap), doubling. */
cm_status cm_grow(void *items, size_t *cap, size_t need, size_t elem, cm_error *err);

typedef struct cm_buf {
    char *data; /* NUL-terminated when non-NULL; owned */
    size_t len;
    size_t cap;
    bool failed;     /* an append ran out of memory (or, spilling, a write failed); later
                        appends do nothing */
    FILE *spill;     /* when set (cm_sink), what is held goes to this file before the buffer
                        would grow past CM_SPILL bytes: data then holds only the tail */
    int spill_errno; /* errno of a failed spill (0: none) */
} cm_buf;

#define CM_SPILL ((size_t)1 << 16)

void cm_buf_init(cm_buf *b);
void cm_buf_destroy(cm_buf *b);
void cm_buf_clear(cm_buf *b);
/* Make room for `extra` more bytes (and the NUL); false when out of memory. */
bool cm_buf_reserve(cm_buf *b, size_t extra);
void cm_buf_put(cm_buf *b, const char *s, size_t n);
void cm_buf_puts(cm_buf *b, const char *s);
void cm_buf_putc(cm_buf *b, char c);
void cm_buf_printf(cm_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Append a double as the shortest decimal that reads back to it; -0, NaN, Inf as 0. */
void cm_buf_put_double(cm_buf *b, double v);
/* Append v in decimal. Not printf: a library's printf extension (libquadmath's, linked
 * in through igraph's ARPACK and LAPACK) sends every printf call down glibc's slow
 * positional path. */
void cm_buf_put_int(cm_buf *b, long long v);
/* Append v in decimal (all 64 bits: counts are unsigned). */
void cm_buf_put_uint(cm_buf *b, unsigned long long v);
/* Append valid UTF-8 only: bad bytes become U+FFFD; with `xml`, characters XML 1.0
 * forbids are dropped and & < > " are escaped. */
void cm_buf_put_text(cm_buf *b, const char *s, size_t n, bool xml);
/* Copy s to out (cap bytes, NUL included, cut on a whole character) with what a terminal
 * would act on made visible: \n \t \r, other C0 controls and DEL and bytes that are no
 * UTF-8 as \xHH, C1 controls as \u00HH. */
void cm_escape_controls(char *out, size_t cap, const char *s);
/* Append a JSON string literal (quotes included), invalid UTF-8 as U+FFFD. */
void cm_buf_put_json(cm_buf *b, const char *s);
/* Append a CSV field, quoted only when it holds a comma, quote or line break. */
void cm_buf_put_csv(cm_buf *b, const char *s);

/* The shortest "%.*g" of v that reads back to v (at most 17 digits); 0 for -0/NaN/Inf. */
void cm_format_double(char out[32], double v);
/* The shortest decimal digits * 10^e10 that reads back to v (no trailing zeros), and the
 * one nearest v among the shortest (shortest.c). False for zero, subnormals, Inf, NaN and
 * powers of two, whose shortest decimal may differ from printf's rounding. */
bool cm_shortest_decimal(uint64_t *digits, int *e10, double v);

/* Decode one UTF-8 character of s[0..n) (n >= 1); invalid input gives U+FFFD and
 * consumes one byte. Returns the bytes consumed. */
size_t cm_utf8_decode(uint32_t *cp, const unsigned char *s, size_t n);
/* Whitespace for matching and for surfaces: ASCII spaces, NBSP and the Unicode spaces. */
int cm_is_space(uint32_t cp);
/* Encode cp into out (4 bytes); returns bytes written. */
size_t cm_utf8_encode(char out[4], uint32_t cp);

#define CM_MAP_EMPTY UINT64_MAX
/* A key beside its value: a lookup that hits touches one cache line, not two. */
typedef struct cm_map64_slot {
    uint64_t key; /* CM_MAP_EMPTY: free */
    size_t val;
} cm_map64_slot;

typedef struct cm_map64 {
    cm_map64_slot *slots;
    size_t cap; /* a power of two */
    size_t n;
} cm_map64;

void cm_map64_init(cm_map64 *m);
void cm_map64_destroy(cm_map64 *m);
/* Value of key, or SIZE_MAX when absent. */
size_t cm_map64_get(const cm_map64 *m, uint64_t key);
cm_status cm_map64_put(cm_map64 *m, uint64_t key, size_t val, cm_error *err);
/* Start loading the slot where key's lookup begins (a hint; no effect on the map). */
void cm_map64_prefetch(const cm_map64 *m, uint64_t key);

/* Strings to size_t; keys are borrowed and must outlive their entries. */
typedef struct cm_strmap {
    const char **keys;
    size_t *vals;
    size_t cap; /* a power of two */
    size_t n;
} cm_strmap;

void cm_strmap_init(cm_strmap *m);
void cm_strmap_destroy(cm_strmap *m);
/* Value of key, or SIZE_MAX when absent. */
size_t cm_strmap_get(const cm_strmap *m, const char *key);
cm_status cm_strmap_put(cm_strmap *m, const char *key, size_t val, cm_error *err);

/* A comparator with a context argument (the thread-safe qsort_r of other systems). */
typedef int (*cm_cmp_fn)(const void *a, const void *b, void *ctx);
/* Sort n items of `size` bytes in place; never allocates, never fails. */
void cm_sort(void *items, size_t n, size_t size, cm_cmp_fn cmp, void *ctx);

/* 64-bit FNV-1a, salted so string hashes keep clear of CM_MAP_EMPTY. */
uint64_t cm_hash_bytes(const void *p, size_t n);

/* Atomic output: write to DIR/.NAME.tmp.XXXXXX, then rename over DIR/NAME. The temporary
 * file is flock()ed while it exists, so a later run can tell one a killed run left (no
 * lock) from one being written (locked): cm_afile_open removes the former for its NAME. */
typedef struct cm_afile {
    FILE *fp;
    char *tmp;   /* owned */
    char *final; /* owned */
    int lock_fd; /* holds the flock until the rename (-1: none) */
    int token;   /* from the temporary-file hook's add (-1: none) */
} cm_afile;

/* Where a program keeps the names of the temporary files being written, so that its signal
 * handler can remove them (the library keeps no list). `add` may run on any thread and
 * returns a token for `remove`, or -1 when it keeps no more. */
typedef struct cm_tmp_hook {
    int (*add)(void *ctx, const char *path);
    void (*remove)(void *ctx, int token);
    /* Commit without the rename: when it returns 0 the hook has taken the complete
     * temporary file of `token` and `lock_fd`, the descriptor that holds its flock, to
     * publish it with the rest of a set (cm_outdir_publish) or remove it; -1 and the file is
     * renamed at once. NULL: always at once. */
    int (*keep)(void *ctx, int token, int lock_fd);
    void *ctx;
    /* Around a file's creation and `add` (the thread's signals blocked): a handler running on
     * another thread meanwhile must wait for the registration, or it misses the file and the
     * process dies leaving it. `enter` returns -1 when the program is being stopped (then no
     * file is made, and no `leave`). NULL: not called. */
    int (*enter)(void *ctx);
    void (*leave)(void *ctx);
} cm_tmp_hook;

/* Set (or, with NULL, clear) the hook; the program calls it once, before any thread. */
void cm_afile_set_hook(const cm_tmp_hook *hook);

cm_status cm_afile_open(cm_afile *af, const char *path, cm_error *err);
/* Close and rename; on any earlier write error the temporary file is removed. */
cm_status cm_afile_commit(cm_afile *af, cm_error *err);
/* Close and remove the temporary file; accepts a never-opened (zeroed) cm_afile. */
void cm_afile_abort(cm_afile *af);
/* Write a whole buffer to path atomically. */
cm_status cm_write_file(const char *path, const cm_buf *b, cm_error *err);

/* An output directory (util/outset.c): one run at a time, its files replaced as a set.
 * Take DIR/.comention.lock into *fd (keep it open until the set is published); a lock
 * another process holds is CM_EIO "another comention run is writing this directory". */
cm_status cm_outdir_lock(int *fd, const char *dir, cm_error *err);
/* The names (space-separated) of the files a run killed while publishing its set in DIR
 * left maybe mixed with an older run's; "" when DIR's last set was published whole. */
cm_status cm_outdir_unfinished(cm_buf *names, const char *dir, cm_error *err);
/* Rename the complete temporary files `tmps` (cm_afile's names, in DIR) into place, in
 * order, under a journal that names them until the last rename is done. */
cm_status cm_outdir_publish(const char *dir, const char *const *tmps, size_t n, cm_error *err);

/* A file written atomically as it is built: appends to `buf` go to the temporary file in
 * chunks, so a large export costs a chunk of memory instead of its size. */
typedef struct cm_sink {
    cm_buf buf;
    cm_afile af;
} cm_sink;

cm_status cm_sink_open(cm_sink *k, const char *path, cm_error *err);
/* Write what is left and rename into place; on any failure the temporary file is removed
 * and the previous file (if any) stays. The sink is closed either way. */
cm_status cm_sink_commit(cm_sink *k, cm_error *err);

/* Append a whole file (at most `max` bytes) to b; a message naming the file when it
 * cannot be opened or read, is over `max`, or is a device or a socket (cm_open_input). */
cm_status cm_read_file(cm_buf *b, const char *path, size_t max, cm_error *err);
/* The bound for a lexicon or a .cmc file: the size of the largest document. */
#define CM_FILE_MAX_BYTES ((size_t)UINT32_MAX)
/* Open an input for reading: a regular file or a FIFO; -1 with errno set otherwise
 * (EINVAL for a device or a socket, EISDIR for a directory). */
int cm_open_input(const char *path);
/* The message for an errno of cm_open_input (EINVAL: "not a regular file or a pipe"). */
const char *cm_open_strerror(int e);
/* Append what fd gives until its end to b, stopping as soon as more than `max` bytes
 * came. 0, EFBIG (over max), ENOMEM (b failed) or the errno of a failed read. */
int cm_slurp_fd(cm_buf *b, int fd, size_t max);

/* Join a directory and a file name into a new string (caller frees with cm_free). */
char *cm_path_join(const char *dir, const char *name);

/* Run fn(ctx, k) for k = 0 … n-1 at once: k = 0 on this thread, the others on threads of
 * their own (a share whose thread cannot start runs here afterwards). Returns when all are
 * done. */
void cm_run_shares(size_t n, void (*fn)(void *ctx, size_t k), void *ctx);

/* Give back to the system the memory that threads now joined freed. Called once threads that
 * allocated have ended: glibc gives each thread a malloc arena of its own, keeps an arena's
 * freed memory resident while a chunk above it lives, and this thread allocates from its
 * own arena only, so what the other threads freed would stay resident through the later
 * stages' peak (58 MB of build -j 2's 604 MB at 1 GB, after counting). A no-op elsewhere. */
void cm_release_thread_memory(void);

#endif
