/* comention: the error record (include/comention/error.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "comention/error.h"

cm_status cm_error_set(cm_error *err, cm_status code, const char *path, long line, const char *fmt,
                       ...)
{
    va_list ap;

    if (!err) {
        return code;
    }
    err->code = code;
    snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
    err->line = line;
    err->col = 0;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    /* Messages are one line: a system or library message may carry a trailing newline. */
    for (char *p = err->msg; *p; p++) {
        if (*p == '\n' || *p == '\r') {
            *p = ' ';
        }
    }
    size_t n = strlen(err->msg);
    while (n > 0 && (err->msg[n - 1] == ' ' || err->msg[n - 1] == '.')) {
        err->msg[--n] = '\0';
    }
    return code;
}

void cm_error_format(char *buf, size_t size, const cm_error *err)
{
    if (size == 0) {
        return;
    }
    if (err->path[0] && err->line > 0 && err->col > 0) {
        snprintf(buf, size, "%s:%ld:%ld: %s", err->path, err->line, err->col, err->msg);
    } else if (err->path[0] && err->line > 0) {
        snprintf(buf, size, "%s:%ld: %s", err->path, err->line, err->msg);
    } else if (err->path[0]) {
        snprintf(buf, size, "%s: %s", err->path, err->msg);
    } else {
        snprintf(buf, size, "%s", err->msg);
    }
}

void cm_error_clear(cm_error *err)
{
    if (err) {
        memset(err, 0, sizeof(*err));
    }
}
