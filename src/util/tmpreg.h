/* comention: a registry of the temporary files a run is writing (util/tmpreg.c), for the
 * program's signal handler and for publishing an output set whole. The program owns the one
 * registry (a handler has no other way to find it); the library only calls its hook. */
#ifndef COMENTION_UTIL_TMPREG_H
#define COMENTION_UTIL_TMPREG_H

#include <stdatomic.h>
#include "util/util.h"

#define CM_TMPREG_SLOTS 64
#define CM_TMPREG_PATH 4096

typedef struct cm_tmpreg_slot {
    atomic_int state; /* free, claimed, live (being written), staged (complete) */
    int seq;          /* staged: the order of staging */
    int lock_fd;      /* staged: holds the file's flock */
    char path[CM_TMPREG_PATH];
} cm_tmpreg_slot;

typedef struct cm_tmpreg {
    cm_tmpreg_slot slots[CM_TMPREG_SLOTS];
    atomic_int staging, staged;
    /* Set by the sweep: a signal may be handled on another thread than the one writing,
     * which can create a file between the sweep and the process's death. */
    atomic_int dying;
    /* Threads between a file's creation and its registration (their signals blocked): the
     * sweep waits for them, as a handler on another thread would otherwise miss the file. */
    atomic_int creating;
    int dir_lock; /* the output directory's lock, or -1 */
} cm_tmpreg;

/* The hook to give cm_afile_set_hook(): it records files in `reg`, which must outlive it. */
cm_tmp_hook cm_tmpreg_hook(cm_tmpreg *reg);

/* Remove every file being written or staged. Async-signal-safe (atomics and unlink only). */
void cm_tmpreg_sweep(cm_tmpreg *reg);

/* Take dir's lock and start staging complete files instead of renaming them; `unfinished`
 * gets the names a stopped earlier run may have left mixed (cm_outdir_unfinished). */
cm_status cm_tmpreg_begin(cm_tmpreg *reg, const char *dir, cm_buf *unfinished, cm_error *err);

/* Publish the staged files (cm_outdir_publish) when rc is CM_OK, else remove them; release
 * the lock. SIGINT, SIGTERM and SIGHUP wait meanwhile, so a set is replaced whole or not at
 * all. @return rc, or the publishing error */
cm_status cm_tmpreg_end(cm_tmpreg *reg, const char *dir, cm_status rc, cm_error *err);

#endif
