/* comention: status codes and the error record every fallible call fills in. */
#ifndef COMENTION_ERROR_H
#define COMENTION_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Result of every fallible call; CM_OK is 0. The CLI maps these to exit statuses. */
typedef enum cm_status {
    CM_OK = 0,        /**< success */
    CM_EUSAGE = 1,    /**< bad option or argument (exit 1) */
    CM_EINPUT = 2,    /**< unreadable or malformed input (exit 2) */
    CM_EIO = 3,       /**< an output could not be written (exit 2) */
    CM_ENOMEM = 4,    /**< out of memory (exit 3) */
    CM_EINTERNAL = 5, /**< a library we call failed unexpectedly (exit 3) */
} cm_status;

/**
 * What went wrong, set once by the code that knows the context.
 *
 * Fixed-size fields, so filling it in never allocates (it is also used for out of memory).
 */
typedef struct cm_error {
    cm_status code;  /**< the status that was returned */
    char path[1024]; /**< file concerned, or "" */
    long line;       /**< 1-based line in `path`, or 0 when unknown */
    long col;        /**< 1-based column, or 0 when unknown */
    char msg[512];   /**< one line, lower case, no final period */
} cm_error;

/**
 * Fill in `err` (when not NULL) and return `code`, so callers can write
 * `return cm_error_set(...)`.
 *
 * @param err   record to fill; may be NULL
 * @param code  the status to report
 * @param path  file concerned, or NULL
 * @param line  1-based line, or 0
 * @param fmt   printf-style message: lower case, no final period
 * @return `code`
 */
cm_status cm_error_set(cm_error *err, cm_status code, const char *path, long line, const char *fmt,
                       ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/**
 * Write "PATH:LINE:COL: message" (the parts that are known) into `buf`.
 *
 * @param buf  destination, always NUL-terminated when `size` > 0
 * @param size bytes available in `buf`
 * @param err  the error to format
 */
void cm_error_format(char *buf, size_t size, const cm_error *err);

/** Reset `err` to "no error". @param err record to clear; may be NULL */
void cm_error_clear(cm_error *err);

#ifdef __cplusplus
}
#endif

#endif
