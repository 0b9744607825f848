/* comention: a run stopped by SIGINT, SIGTERM or SIGHUP removes the temporary files it was
 * writing, then dies of the signal (so the caller sees 130, 143, 129). The library's
 * atomic writer tells this registry which files those are (cm_tmp_hook); the handler only
 * reads it, with atomics and no lock, and calls only unlink, signal and raise.
 *
 * Between cli_outputs_begin() and cli_outputs_end() the registry also keeps the complete
 * files (STAGED, with the descriptor of their lock) instead of letting them be renamed, so
 * that the whole set is published at the end, or none of it (util/outset.c). */
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include "cli/cli.h"
#include "util/util.h"

#define N_SLOTS 64
#define SLOT_PATH 4096

enum { FREE, CLAIMED, LIVE, STAGED };

/* The CLI's own process-wide state: a signal handler has no other way to find it. */
static struct slot {
    atomic_int state;
    int seq;     /* STAGED: the order of staging */
    int lock_fd; /* STAGED: holds the file's flock */
    char path[SLOT_PATH];
} slots[N_SLOTS];
static atomic_int staging, staged;
/* Set by the handler: the handler may run on another thread than the one writing, which can
 * create a file between the handler's sweep and the process's death. */
static atomic_int dying;
static int dir_lock = -1;

static int tmp_add(void *ctx, const char *path)
{
    size_t n = strlen(path);

    (void)ctx;
    if (n >= SLOT_PATH) {
        return -1; /* not tracked: the next run into the directory removes it if left */
    }
    for (int i = 0; i < N_SLOTS; i++) {
        int want = FREE;
        if (atomic_compare_exchange_strong(&slots[i].state, &want, CLAIMED)) {
            memcpy(slots[i].path, path, n + 1);
            atomic_store(&slots[i].state, LIVE);
            if (atomic_load(&dying)) {
                unlink(path); /* the sweep may have passed this slot */
            }
            return i;
        }
    }
    return -1;
}

static void tmp_remove(void *ctx, int token)
{
    (void)ctx;
    atomic_store(&slots[token].state, FREE);
}

static int tmp_keep(void *ctx, int token, int lock_fd)
{
    (void)ctx;
    if (!atomic_load(&staging)) {
        return -1;
    }
    slots[token].seq = atomic_fetch_add(&staged, 1);
    slots[token].lock_fd = lock_fd;
    atomic_store(&slots[token].state, STAGED);
    return 0;
}

static void on_signal(int sig)
{
    atomic_store(&dying, 1);
    for (int i = 0; i < N_SLOTS; i++) {
        int state = atomic_load(&slots[i].state);
        if (state == LIVE || state == STAGED) {
            unlink(slots[i].path);
        }
    }
    signal(sig, SIG_DFL);
    raise(sig); /* delivered once this handler returns: the process dies of sig */
}

static const cm_tmp_hook hook = {tmp_add, tmp_remove, tmp_keep, NULL};

void cli_signals_install(void)
{
    static const int fatal[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;

    cm_afile_set_hook(&hook);
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
        sigaddset(&sa.sa_mask, fatal[i]); /* one handler at a time */
    }
    sa.sa_handler = on_signal;
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup) stays ignored */
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN) {
            sigaction(fatal[i], &sa, NULL);
        }
    }
    /* Over `ulimit -f`, a write then fails with EFBIG and takes the error path (a message,
     * the temporary file removed) instead of killing the process. */
    signal(SIGXFSZ, SIG_IGN);
}

cm_status cli_outputs_begin(const char *dir, int quiet, cm_error *err)
{
    cm_buf names;
    cm_status rc = cm_outdir_lock(&dir_lock, dir, err);

    cm_buf_init(&names);
    if (rc == CM_OK) {
        rc = cm_outdir_unfinished(&names, dir, err);
    }
    if (rc == CM_OK && names.len && !quiet) {
        cli_say("%s: warning: the run that wrote %s there was stopped while replacing them: "
                "they may mix two runs (this run replaces what it writes)",
                dir, names.data);
    }
    cm_buf_destroy(&names);
    atomic_store(&staging, rc == CM_OK);
    return rc;
}

static int by_seq(const void *a, const void *b)
{
    int x = slots[*(const int *)a].seq, y = slots[*(const int *)b].seq;
    return (x > y) - (x < y);
}

/* The staged slots in the order they were staged. */
static size_t staged_slots(int order[N_SLOTS])
{
    size_t n = 0;
    for (int i = 0; i < N_SLOTS; i++) {
        if (atomic_load(&slots[i].state) == STAGED) {
            order[n++] = i;
        }
    }
    qsort(order, n, sizeof(*order), by_seq);
    return n;
}

cm_status cli_outputs_end(const char *dir, cm_status rc, cm_error *err)
{
    int order[N_SLOTS];
    const char *tmps[N_SLOTS];
    size_t n = staged_slots(order);
    sigset_t fatal, old;

    /* No signal between the renames: a set is replaced whole, or not at all. */
    sigemptyset(&fatal);
    sigaddset(&fatal, SIGINT);
    sigaddset(&fatal, SIGTERM);
    sigaddset(&fatal, SIGHUP);
    sigprocmask(SIG_BLOCK, &fatal, &old);
    for (size_t k = 0; k < n; k++) {
        tmps[k] = slots[order[k]].path;
    }
    if (rc == CM_OK) {
        rc = cm_outdir_publish(dir, tmps, n, err);
    }
    for (size_t k = 0; k < n; k++) {
        if (rc != CM_OK) {
            unlink(tmps[k]); /* gone already when it was published */
        }
        close(slots[order[k]].lock_fd);
        atomic_store(&slots[order[k]].state, FREE);
    }
    atomic_store(&staging, 0);
    if (dir_lock >= 0) {
        close(dir_lock);
        dir_lock = -1;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}
