/* comention: outputs are written to a temporary file in the same directory and renamed
 * into place, so a crash or a full disk never leaves a half-written file and never
 * damages the previous one (rename(2) is atomic within a file system). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/util.h"

cm_status cm_afile_open(cm_afile *af, const char *path, cm_error *err)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t n = strlen(path) + 16;
    int fd;

    memset(af, 0, sizeof(*af));
    af->final = cm_strdup(path);
    af->tmp = cm_malloc(n);
    if (!af->final || !af->tmp) {
        cm_afile_abort(af);
        return cm_error_set(err, CM_ENOMEM, path, 0, "out of memory");
    }
    snprintf(af->tmp, n, "%.*s.%s.tmp.XXXXXX", (int)dirlen, path, base);
    fd = mkstemp(af->tmp);
    if (fd < 0) {
        int e = errno;
        cm_free(af->tmp);
        af->tmp = NULL;
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
    if (!e && rename(af->tmp, af->final) != 0) {
        e = errno;
    }
    if (e) {
        cm_status rc = cm_error_set(err, CM_EIO, af->final, 0, "cannot write: %s", strerror(e));
        cm_afile_abort(af);
        return rc;
    }
    cm_free(af->tmp);
    cm_free(af->final);
    memset(af, 0, sizeof(*af));
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
    cm_free(af->tmp);
    cm_free(af->final);
    memset(af, 0, sizeof(*af));
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
