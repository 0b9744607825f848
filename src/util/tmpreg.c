/* comention: the temporary-file registry (tmpreg.h). The signal handler only reads it, with
 * atomics and no lock, so every change is a compare-and-swap or a store. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "util/tmpreg.h"

enum { FREE, CLAIMED, LIVE, STAGED };

static int tmp_add(void *ctx, const char *path)
{
    cm_tmpreg *reg = ctx;
    size_t n = strlen(path);

    if (n >= CM_TMPREG_PATH) {
        return -1; /* not tracked: the next run into the directory removes it if left */
    }
    for (int i = 0; i < CM_TMPREG_SLOTS; i++) {
        int want = FREE;
        if (atomic_compare_exchange_strong(&reg->slots[i].state, &want, CLAIMED)) {
            memcpy(reg->slots[i].path, path, n + 1);
            atomic_store(&reg->slots[i].state, LIVE);
            if (atomic_load(&reg->dying)) {
                unlink(path); /* the sweep may have passed this slot */
            }
            return i;
        }
    }
    return -1;
}

/* Either the sweep sees this thread's count and waits, or this thread sees `dying` and
 * makes no file (both atomics sequentially consistent). */
static int tmp_enter(void *ctx)
{
    cm_tmpreg *reg = ctx;
    atomic_fetch_add(&reg->creating, 1);
    if (atomic_load(&reg->dying)) {
        atomic_fetch_sub(&reg->creating, 1);
        return -1;
    }
    return 0;
}

static void tmp_leave(void *ctx)
{
    cm_tmpreg *reg = ctx;
    atomic_fetch_sub(&reg->creating, 1);
}

static void tmp_remove(void *ctx, int token)
{
    cm_tmpreg *reg = ctx;
    atomic_store(&reg->slots[token].state, FREE);
}

static int tmp_keep(void *ctx, int token, int lock_fd)
{
    cm_tmpreg *reg = ctx;

    if (!atomic_load(&reg->staging)) {
        return -1;
    }
    reg->slots[token].seq = atomic_fetch_add(&reg->staged, 1);
    reg->slots[token].lock_fd = lock_fd;
    atomic_store(&reg->slots[token].state, STAGED);
    return 0;
}

cm_tmp_hook cm_tmpreg_hook(cm_tmpreg *reg)
{
    reg->dir_lock = -1;
    return (cm_tmp_hook){tmp_add, tmp_remove, tmp_keep, reg, tmp_enter, tmp_leave};
}

void cm_tmpreg_sweep(cm_tmpreg *reg)
{
    const struct timespec nap = {0, 1000000};

    atomic_store(&reg->dying, 1);
    /* A creation in flight runs on another thread (this one would have the signal blocked)
     * and takes microseconds: its file is registered when the count drops. */
    while (atomic_load(&reg->creating) > 0) {
        nanosleep(&nap, NULL);
    }
    for (int i = 0; i < CM_TMPREG_SLOTS; i++) {
        int state = atomic_load(&reg->slots[i].state);
        if (state == LIVE || state == STAGED) {
            unlink(reg->slots[i].path);
        }
    }
}

cm_status cm_tmpreg_begin(cm_tmpreg *reg, const char *dir, cm_buf *unfinished, cm_error *err)
{
    cm_status rc = cm_outdir_lock(&reg->dir_lock, dir, err);

    if (rc == CM_OK) {
        rc = cm_outdir_unfinished(unfinished, dir, err);
    }
    atomic_store(&reg->staging, rc == CM_OK);
    return rc;
}

static int by_seq(const void *a, const void *b, void *ctx)
{
    const cm_tmpreg *reg = ctx;
    int x = reg->slots[*(const int *)a].seq, y = reg->slots[*(const int *)b].seq;
    return (x > y) - (x < y);
}

static int by_path(const void *a, const void *b, void *ctx)
{
    const cm_tmpreg *reg = ctx;
    return strcmp(reg->slots[*(const int *)a].path, reg->slots[*(const int *)b].path);
}

/* The staged slots: the one staged last stays last (report.json, written after all the
 * others), the others by name, since files written at once are staged in whatever order
 * their threads finish: so the journal and the first rename that fails do not depend on
 * the threads. */
static size_t staged_slots(cm_tmpreg *reg, int order[CM_TMPREG_SLOTS])
{
    size_t n = 0;
    for (int i = 0; i < CM_TMPREG_SLOTS; i++) {
        if (atomic_load(&reg->slots[i].state) == STAGED) {
            order[n++] = i;
        }
    }
    cm_sort(order, n, sizeof(*order), by_seq, reg);
    if (n > 1) {
        cm_sort(order, n - 1, sizeof(*order), by_path, reg);
    }
    return n;
}

cm_status cm_tmpreg_end(cm_tmpreg *reg, const char *dir, cm_status rc, cm_error *err)
{
    int order[CM_TMPREG_SLOTS];
    const char *tmps[CM_TMPREG_SLOTS];
    size_t n = staged_slots(reg, order);
    sigset_t fatal, old;

    sigemptyset(&fatal);
    sigaddset(&fatal, SIGINT);
    sigaddset(&fatal, SIGTERM);
    sigaddset(&fatal, SIGHUP);
    sigprocmask(SIG_BLOCK, &fatal, &old);
    for (size_t k = 0; k < n; k++) {
        tmps[k] = reg->slots[order[k]].path;
    }
    if (rc == CM_OK) {
        rc = cm_outdir_publish(dir, tmps, n, err);
    }
    for (size_t k = 0; k < n; k++) {
        if (rc != CM_OK) {
            unlink(tmps[k]); /* gone already when it was published */
        }
        close(reg->slots[order[k]].lock_fd);
        atomic_store(&reg->slots[order[k]].state, FREE);
    }
    atomic_store(&reg->staging, 0);
    if (reg->dir_lock >= 0) {
        close(reg->dir_lock);
        reg->dir_lock = -1;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}
