/* comention: outputs are written to a temporary file in the same directory and renamed
 * into place, so a crash or a full disk never leaves a half-written file and never
 * damages the previous one (rename(2) is atomic within a file system). */
#define _DEFAULT_SOURCE /* flock() in <sys/file.h> */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/util.h"

/* The program's hook (cm_afile_set_hook): set once at start-up, read-only afterwards. */
static const cm_tmp_hook *tmp_hook;

void cm_afile_set_hook(const cm_tmp_hook *hook)
{
    tmp_hook = hook;
}

/* 1 when name is ".BASE.tmp." and six characters of mkstemp's alphabet. */
static int is_our_tmp(const char *name, const char *base)
{
    size_t nb = strlen(base);
    const char *x;

    if (name[0] != '.' || strncmp(name + 1, base, nb) != 0 ||
        strncmp(name + 1 + nb, ".tmp.", 5) != 0) {
        return 0;
    }
    x = name + 1 + nb + 5;
    for (int i = 0; i < 6; i++) {
        char c = x[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            return 0;
        }
    }
    return x[6] == '\0';
}

/* Remove the temporary files of `base` that a killed run left in dir: those nobody holds
 * the lock of (a run writing one holds it). Best effort: what cannot go stays. */
static void remove_stale(const char *dir, const char *base)
{
    DIR *d = opendir(dir[0] ? dir : ".");
    struct dirent *e;

    if (!d) {
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (!is_our_tmp(e->d_name, base)) {
            continue;
        }
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        if (fd < 0) {
            continue;
        }
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0) {
            unlinkat(dirfd(d), e->d_name, 0);
        }
        close(fd);
    }
    closedir(d);
}

/* mkstemp, then the lock; a file a cleaner took between the two (nlink 0) is made anew. */
static int make_tmp(cm_afile *af, const char *pattern)
{
    for (int tries = 0; tries < 8; tries++) {
        struct stat st;
        strcpy(af->tmp, pattern);
        int fd = mkstemp(af->tmp);
        if (fd < 0) {
            return -1;
        }
        /* a file system without locks (some NFS) still gets its files, only no cleaning */
        int locked = flock(fd, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK;
        if (locked && fstat(fd, &st) == 0 && st.st_nlink > 0) {
            return fd;
        }
        close(fd);
    }
    errno = EEXIST;
    return -1;
}

cm_status cm_afile_open(cm_afile *af, const char *path, cm_error *err)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t n = strlen(path) + 16;
    char *pattern = cm_malloc(n);
    int fd = -1;
    sigset_t all, old;

    memset(af, 0, sizeof(*af));
    af->lock_fd = -1;
    af->token = -1;
    af->final = cm_strdup(path);
    af->tmp = cm_malloc(n);
    if (!af->final || !af->tmp || !pattern) {
        cm_free(pattern);
        cm_free(af->tmp); /* nothing was created: nothing to remove */
        af->tmp = NULL;
        cm_afile_abort(af);
        return cm_error_set(err, CM_ENOMEM, path, 0, "out of memory");
    }
    snprintf(pattern, n, "%.*s", (int)dirlen, path);
    remove_stale(pattern, base);
    snprintf(pattern, n, "%.*s.%s.tmp.XXXXXX", (int)dirlen, path, base);
    /* A handler that removes the program's temporary files (cm_tmp_hook) must not run
     * between the file's creation and its registration, and signals arrive on the return
     * from system calls such as that creating open(). */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    if (tmp_hook && tmp_hook->enter && tmp_hook->enter(tmp_hook->ctx) != 0) {
        errno = EINTR; /* the program is being stopped */
    } else {
        fd = make_tmp(af, pattern);
        if (fd >= 0 && tmp_hook) {
            af->token = tmp_hook->add(tmp_hook->ctx, af->tmp);
        }
        if (tmp_hook && tmp_hook->leave) {
            tmp_hook->leave(tmp_hook->ctx);
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    cm_free(pattern);
    if (fd >= 0) {
        af->lock_fd = dup(fd); /* the lock lives while any descriptor of the file is open */
    }
    if (fd < 0 || af->lock_fd < 0) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
        } else {
            cm_free(af->tmp); /* nothing was created: nothing to remove */
            af->tmp = NULL;
        }
        cm_afile_abort(af);
        return cm_error_set(err, CM_EIO, path, 0, "cannot create: %s", strerror(e));
    }
    /* mkstemp makes 0600 files; outputs are meant to be shared like any other file. */
    (void)fchmod(fd, 0644);
    af->fp = fdopen(fd, "wb");
    if (!af->fp) {
        int e = errno;
        close(fd);
        cm_afile_abort(af);
        return cm_error_set(err, CM_EIO, path, 0, "cannot create: %s", strerror(e));
    }
    return CM_OK;
}

/* Unlock, and tell the hook the temporary file is gone (renamed or removed). A zeroed
 * cm_afile (never opened) has no tmp, and no lock or token to give back. */
static void release(cm_afile *af)
{
    if (af->tmp && af->lock_fd >= 0) {
        close(af->lock_fd);
    }
    if (af->tmp && af->token >= 0 && tmp_hook) {
        tmp_hook->remove(tmp_hook->ctx, af->token);
    }
    cm_free(af->tmp);
    cm_free(af->final);
    memset(af, 0, sizeof(*af));
    af->lock_fd = -1;
    af->token = -1;
}

cm_status cm_afile_commit(cm_afile *af, cm_error *err)
{
    int bad = ferror(af->fp);
    int e = 0;

    if (fflush(af->fp) != 0 || bad) {
        e = errno ? errno : EIO;
    }
    if (fclose(af->fp) != 0 && !e) {
        e = errno;
    }
    af->fp = NULL;
    if (!e && af->token >= 0 && tmp_hook && tmp_hook->keep &&
        tmp_hook->keep(tmp_hook->ctx, af->token, af->lock_fd) == 0) {
        af->lock_fd = -1; /* the hook's now, as is the file */
        af->token = -1;
        release(af);
        return CM_OK;
    }
    if (!e && rename(af->tmp, af->final) != 0) {
        e = errno;
    }
    if (e) {
        cm_status rc = cm_error_set(err, CM_EIO, af->final, 0, "cannot write: %s", strerror(e));
        cm_afile_abort(af);
        return rc;
    }
    release(af);
    return CM_OK;
}

void cm_afile_abort(cm_afile *af)
{
    if (af->fp) {
        fclose(af->fp);
    }
    if (af->tmp) {
        unlink(af->tmp);
    }
    release(af);
}

cm_status cm_write_file(const char *path, const cm_buf *b, cm_error *err)
{
    cm_afile af;
    cm_status rc;

    if (b->failed) {
        return cm_error_set(err, CM_ENOMEM, path, 0, "out of memory");
    }
    rc = cm_afile_open(&af, path, err);
    if (rc != CM_OK) {
        return rc;
    }
    if (b->len && fwrite(b->data, 1, b->len, af.fp) != b->len) {
        int e = errno;
        cm_afile_abort(&af);
        return cm_error_set(err, CM_EIO, path, 0, "cannot write: %s", strerror(e));
    }
    return cm_afile_commit(&af, err);
}

cm_status cm_read_file(cm_buf *b, const char *path, size_t max, cm_error *err)
{
    int fd = cm_open_input(path);
    int e;

    if (fd < 0) {
        e = errno;
        return cm_error_set(err, CM_EINPUT, NULL, 0, "cannot open '%s': %s", path,
                            cm_open_strerror(e));
    }
    e = cm_slurp_fd(b, fd, max);
    close(fd);
    if (e == ENOMEM) {
        return cm_error_set(err, CM_ENOMEM, path, 0, "out of memory");
    }
    if (e == EFBIG) {
        return cm_error_set(err, CM_EINPUT, path, 0, "larger than %zu bytes, the limit", max);
    }
    if (e) {
        return cm_error_set(err, CM_EINPUT, path, 0, "cannot read: %s", strerror(e));
    }
    return CM_OK;
}

cm_status cm_sink_open(cm_sink *k, const char *path, cm_error *err)
{
    cm_buf_init(&k->buf);
    cm_status rc = cm_afile_open(&k->af, path, err);
    k->buf.spill = rc == CM_OK ? k->af.fp : NULL;
    return rc;
}

cm_status cm_sink_commit(cm_sink *k, cm_error *err)
{
    cm_buf *b = &k->buf;
    const char *path = k->af.final;
    cm_status rc = CM_OK;

    if (!b->failed && b->len && fwrite(b->data, 1, b->len, k->af.fp) != b->len) {
        b->spill_errno = errno ? errno : EIO;
        b->failed = true;
    }
    if (b->failed) {
        int e = b->spill_errno ? b->spill_errno : ENOMEM; /* else an append found no memory */
        rc = e == ENOMEM ? cm_error_set(err, CM_ENOMEM, path, 0, "out of memory")
                         : cm_error_set(err, CM_EIO, path, 0, "cannot write: %s", strerror(e));
        cm_afile_abort(&k->af);
    } else {
        rc = cm_afile_commit(&k->af, err);
    }
    b->spill = NULL;
    cm_buf_destroy(b);
    return rc;
}
