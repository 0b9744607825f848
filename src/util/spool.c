/* comention: a spool of strings in a temporary file with no name (see spool.h). */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/spool.h"

/* Appends are written in chunks of this size; a cursor reads as much at a time. */
#define SPOOL_CHUNK ((size_t)1 << 16)

/* A file in dir that no name reaches: O_TMPFILE where the file system has it, else
 * mkstemp and unlink at once, with this thread's signals blocked between the two so that
 * no handler runs while the name exists. */
static int anonymous_file(const char *dir)
{
    int fd = -1;
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) {
        return fd;
    }
#endif
    char *pattern = cm_path_join(dir, ".comention-spool.XXXXXX");
    sigset_t all, old;
    int e;

    if (!pattern) {
        errno = ENOMEM;
        return -1;
    }
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    fd = mkstemp(pattern);
    e = errno;
    if (fd >= 0 && unlink(pattern) != 0) {
        e = errno;
        close(fd);
        fd = -1;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    cm_free(pattern);
    errno = e;
    return fd;
}

cm_status cm_spool_open(cm_spool **out, const char *dir, cm_error *err)
{
    cm_spool *s = cm_calloc(1, sizeof(*s));

    *out = NULL;
    if (!s || !(s->dir = cm_strdup(dir[0] ? dir : "."))) {
        cm_free(s);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_buf_init(&s->out);
    s->fd = anonymous_file(s->dir);
    if (s->fd < 0) {
        int e = errno;
        cm_status rc =
            cm_error_set(err, CM_EIO, s->dir, 0, "cannot create a temporary file: %s", strerror(e));
        cm_spool_free(s);
        return rc;
    }
    *out = s;
    return CM_OK;
}

/* Write the held bytes; remembers the first failure. */
static void flush(cm_spool *s)
{
    size_t done = 0;

    while (!s->write_errno && done < s->out.len) {
        ssize_t w = write(s->fd, s->out.data + done, s->out.len - done);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            s->write_errno = w < 0 ? errno : EIO;
        } else {
            done += (size_t)w;
        }
    }
    cm_buf_clear(&s->out);
}

void cm_spool_put(cm_spool *s, const char *str, size_t len)
{
    if (s->write_errno) {
        return;
    }
    cm_buf_put(&s->out, str, len);
    cm_buf_putc(&s->out, '\0');
    if (s->out.failed) {
        s->write_errno = ENOMEM;
        return;
    }
    s->size += len + 1;
    if (s->out.len >= SPOOL_CHUNK) {
        flush(s);
    }
}

cm_status cm_spool_end(cm_spool *s, cm_error *err)
{
    flush(s);
    cm_buf_destroy(&s->out);
    cm_buf_init(&s->out);
    if (s->write_errno == ENOMEM) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (s->write_errno) {
        return cm_error_set(err, CM_EIO, s->dir, 0, "cannot write a temporary file: %s",
                            strerror(s->write_errno));
    }
    return CM_OK;
}

/* Up to len bytes at off; the count read (short only at the end), or -1 with errno. */
static ssize_t read_at(int fd, char *out, size_t len, uint64_t off)
{
    size_t done = 0;

    while (done < len) {
        ssize_t r = pread(fd, out + done, len - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            return -1;
        }
        if (r == 0) {
            break;
        }
        done += (size_t)r;
    }
    return (ssize_t)done;
}

cm_status cm_spool_read(const cm_spool *s, char *out, uint64_t off, size_t len, cm_error *err)
{
    ssize_t r = read_at(s->fd, out, len, off);

    if (r < 0 || (size_t)r != len) {
        return cm_error_set(err, CM_EIO, s->dir, 0, "cannot read a temporary file: %s",
                            r < 0 ? strerror(errno) : "shorter than written");
    }
    return CM_OK;
}

void cm_spool_free(cm_spool *s)
{
    if (!s) {
        return;
    }
    if (s->fd >= 0) {
        close(s->fd);
    }
    cm_buf_destroy(&s->out);
    cm_free(s->dir);
    cm_free(s);
}

void cm_spool_cursor_init(cm_spool_cursor *c, const cm_spool *s)
{
    memset(c, 0, sizeof(*c));
    c->s = s;
}

cm_status cm_spool_next(cm_spool_cursor *c, const char **rec, cm_error *err)
{
    for (;;) {
        const char *nul = c->len > c->pos ? memchr(c->buf + c->pos, '\0', c->len - c->pos) : NULL;
        if (nul) {
            *rec = c->buf + c->pos;
            c->pos = (size_t)(nul - c->buf) + 1;
            return CM_OK;
        }
        /* The record so far to the front, and more read after it: into a larger buffer
         * when the record fills this one. */
        if (c->pos > 0) { /* no buffer yet on the first call: nothing to move */
            memmove(c->buf, c->buf + c->pos, c->len - c->pos);
            c->len -= c->pos;
            c->pos = 0;
        }
        if (c->len == c->cap) {
            size_t ncap = c->cap ? c->cap * 2 : SPOOL_CHUNK;
            char *nb = cm_realloc(c->buf, ncap);
            if (!nb) {
                return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
            }
            c->buf = nb;
            c->cap = ncap;
        }
        ssize_t r = read_at(c->s->fd, c->buf + c->len, c->cap - c->len, c->off);
        if (r <= 0) {
            return cm_error_set(err, CM_EIO, c->s->dir, 0, "cannot read a temporary file: %s",
                                r < 0 ? strerror(errno) : "shorter than written");
        }
        c->len += (size_t)r;
        c->off += (uint64_t)r;
    }
}

void cm_spool_cursor_destroy(cm_spool_cursor *c)
{
    cm_free(c->buf);
    memset(c, 0, sizeof(*c));
}
