/* comention: a run stopped by SIGINT, SIGTERM or SIGHUP removes the temporary files it was
 * writing, then dies of the signal (so the caller sees 130, 143, 129). The library's
 * atomic writer tells this registry which files those are (cm_tmp_hook); the handler only
 * reads it, with atomics and no lock, and calls only unlink, signal and raise. */
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "util/util.h"

#define N_SLOTS 64
#define SLOT_PATH 4096

enum { FREE, CLAIMED, LIVE };

/* The CLI's own process-wide state: a signal handler has no other way to find it. */
static struct slot {
    atomic_int state;
    char path[SLOT_PATH];
} slots[N_SLOTS];

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

static void on_signal(int sig)
{
    for (int i = 0; i < N_SLOTS; i++) {
        if (atomic_load(&slots[i].state) == LIVE) {
            unlink(slots[i].path);
        }
    }
    signal(sig, SIG_DFL);
    raise(sig); /* delivered once this handler returns: the process dies of sig */
}

static const cm_tmp_hook hook = {tmp_add, tmp_remove, NULL};

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
