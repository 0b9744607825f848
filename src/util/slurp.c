/* comention: reading a whole file with a bound. The bound applies while reading, so a
 * device or a pipe that never ends (/dev/zero) costs at most the bound, never a hang
 * until memory runs out. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/util.h"

/* Room for the next read: the whole rest of a regular file, else a chunk, never more than
 * one byte past the bound (that byte shows the file is over it). */
static bool make_room(cm_buf *b, size_t max)
{
    size_t room = b->cap > b->len ? b->cap - b->len - 1 : 0;
    if (room == 0) {
        size_t left = max - b->len;
        return cm_buf_reserve(b, left < 65535 ? left + 1 : 65536);
    }
    return true;
}

int cm_slurp_fd(cm_buf *b, int fd, size_t max)
{
    struct stat st;
    int regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);

    if (regular && (uintmax_t)st.st_size > max) {
        return EFBIG; /* refused before reading gigabytes only to drop them */
    }
    if (regular && st.st_size > 0) {
        cm_buf_reserve(b, (size_t)st.st_size + 1); /* + 1: the end shows without a regrowth */
    }
    for (;;) {
        if (b->len > max) {
            return EFBIG;
        }
        if (!make_room(b, max)) {
            return ENOMEM;
        }
        size_t want = b->cap - b->len - 1;
        if (want > max - b->len) {
            want = max - b->len + 1; /* the byte that shows the bound is passed, no more */
        }
        ssize_t k = read(fd, b->data + b->len, want);
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k < 0) {
            return errno ? errno : EIO;
        }
        b->len += (size_t)k;
        b->data[b->len] = '\0';
        /* A short count is the end only once the file's size is in: Linux gives at most
         * 2 GiB a call, and procfs or network file systems less. */
        if (k == 0 ||
            (regular && st.st_size > 0 && (size_t)k < want && b->len >= (size_t)st.st_size)) {
            return b->len > max ? EFBIG : 0;
        }
    }
}

int cm_open_input(const char *path)
{
    struct stat st;

    /* A device or a socket is never what a file operand means, and reading one may never
     * end (/dev/zero, a terminal); a FIFO is read once, like any pipe (<(cmd)). */
    if (stat(path, &st) != 0) {
        return -1;
    }
    if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return -1;
    }
    return open(path, O_RDONLY | O_CLOEXEC);
}

const char *cm_open_strerror(int e)
{
    return e == EINVAL ? "not a regular file or a pipe" : strerror(e);
}
