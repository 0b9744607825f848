/* comention: an output directory written by one run at a time, its files replaced as a set.
 *
 * A run takes DIR/.comention.lock (flock) before it writes anything; a second run into DIR
 * meanwhile is refused, so two runs never interleave their files. The run's files are
 * written to their temporary names and kept there; once all are complete, the set is
 * published: the names are written to DIR/.comention.journal, each file is renamed into
 * place in the order written (report.json last), and the journal is removed. A failure
 * before that (a full disk, a signal) leaves every previous file as it was; only a run
 * killed during the renames, a few system calls long, can leave a mix of two runs, and its
 * journal then says so to the next run. */
#define _DEFAULT_SOURCE /* flock() in <sys/file.h> */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/util.h"

#define LOCK_NAME ".comention.lock"
#define JOURNAL_NAME ".comention.journal"

cm_status cm_outdir_lock(int *fd, const char *dir, cm_error *err)
{
    char *path = cm_path_join(dir, LOCK_NAME);
    int e;

    *fd = -1;
    if (!path) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    e = errno;
    if (*fd >= 0 && flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        e = errno;
        close(*fd);
        *fd = -1;
    }
    if (*fd < 0) {
        cm_status rc =
            e == EWOULDBLOCK
                ? cm_error_set(err, CM_EIO, dir, 0,
                               "another comention run is writing this directory (it holds %s)",
                               path)
                : cm_error_set(err, CM_EIO, path, 0, "cannot lock: %s", strerror(e));
        cm_free(path);
        return rc;
    }
    cm_free(path);
    return CM_OK;
}

cm_status cm_outdir_unfinished(cm_buf *names, const char *dir, cm_error *err)
{
    char *path = cm_path_join(dir, JOURNAL_NAME);
    cm_status rc;

    if (!path) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_buf_clear(names);
    rc = access(path, F_OK) == 0 ? cm_read_file(names, path, 1 << 20, err) : CM_OK;
    for (size_t i = 0; rc == CM_OK && i + 1 < names->len; i++) {
        if (names->data[i] == '\n') {
            names->data[i] = ' '; /* one line */
        }
    }
    if (rc == CM_OK && names->len && names->data[names->len - 1] == '\n') {
        names->data[--names->len] = '\0';
    }
    cm_free(path);
    return rc;
}

/* DIR/.NAME.tmp.XXXXXX → NAME, borrowed from tmp; NULL when it is not such a name. */
static const char *final_name(const char *tmp, size_t *len)
{
    const char *base = strrchr(tmp, '/');
    const char *end;

    base = base ? base + 1 : tmp;
    end = strstr(base, ".tmp.");
    for (const char *p = end; p && (p = strstr(p + 1, ".tmp.")) != NULL;) {
        end = p;
    }
    if (base[0] != '.' || !end || end <= base + 1) {
        return NULL;
    }
    *len = (size_t)(end - base - 1);
    return base + 1;
}

static cm_status write_journal(const char *path, const cm_buf *names, cm_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    int ok = fd >= 0 && write(fd, names->data, names->len) == (ssize_t)names->len && fsync(fd) == 0;
    int e = errno;

    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (!ok) {
        unlink(path);
        return cm_error_set(err, CM_EIO, path, 0, "cannot write: %s", strerror(e));
    }
    return CM_OK;
}

/* The journal names the files about to be replaced, then each is renamed in turn. */
cm_status cm_outdir_publish(const char *dir, const char *const *tmps, size_t n, cm_error *err)
{
    char *journal = cm_path_join(dir, JOURNAL_NAME);
    cm_buf names;
    cm_status rc = CM_OK;

    cm_buf_init(&names);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const char *name = final_name(tmps[i], &len);
        assert(name); /* only cm_afile's temporary names are staged */
        cm_buf_put(&names, name, len);
        cm_buf_putc(&names, '\n');
    }
    if (!journal || names.failed) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    } else if (n > 0) {
        rc = write_journal(journal, &names, err);
    }
    for (size_t i = 0; rc == CM_OK && i < n; i++) {
        size_t len = 0, dlen = strlen(tmps[i]) - strlen(final_name(tmps[i], &len)) - 1;
        char *final = cm_malloc(dlen + len + 1);
        if (!final) {
            rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
            break;
        }
        memcpy(final, tmps[i], dlen);
        memcpy(final + dlen, tmps[i] + dlen + 1, len);
        final[dlen + len] = '\0';
        if (rename(tmps[i], final) != 0) {
            rc = cm_error_set(err, CM_EIO, final, 0, "cannot write: %s", strerror(errno));
        }
        cm_free(final);
    }
    if (rc == CM_OK && n > 0) {
        unlink(journal); /* the set is whole again */
    }
    cm_buf_destroy(&names);
    cm_free(journal);
    return rc;
}
