/* comention: a run stopped by SIGINT, SIGTERM or SIGHUP removes the temporary files it was
 * writing, then dies of the signal (so the caller sees 130, 143, 129). The library's
 * atomic writer tells the registry which files those are (util/tmpreg.c); the handler
 * only sweeps it, with atomics and no lock, and calls only unlink, signal and raise.
 *
 * While cli_write_set() writes, the registry also keeps the complete
 * files instead of letting them be renamed, so that the whole set is published at the end,
 * or none of it (util/outset.c). */
#include <signal.h>
#include <string.h>
#include "cli/cli.h"
#include "util/tmpreg.h"

/* The CLI's own process-wide state: a signal handler has no other way to find it. */
static cm_tmpreg reg;
static cm_tmp_hook hook;

static void on_signal(int sig)
{
    cm_tmpreg_sweep(&reg);
    signal(sig, SIG_DFL);
    raise(sig); /* delivered once this handler returns: the process dies of sig */
}

void cli_signals_install(void)
{
    static const int fatal[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;

    hook = cm_tmpreg_hook(&reg);
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

cm_status cli_write_set(cli_opts *o, cm_network *n, cm_error *err)
{
    cm_buf names;
    cm_status rc = cm_run_make_dir(o->out, err);

    cm_buf_init(&names);
    if (rc == CM_OK) {
        rc = cm_tmpreg_begin(&reg, o->out, &names, err);
    }
    if (rc == CM_OK && names.len && !o->cfg.quiet) {
        cli_say("%s: warning: the run that wrote %s there was stopped while replacing them: "
                "they may mix two runs (this run replaces what it writes)",
                o->out, names.data);
    }
    cm_buf_destroy(&names);
    if (rc == CM_OK) {
        rc = cm_config_write(o->out, n, &o->cfg, o->cmd, err);
        rc = cm_tmpreg_end(&reg, o->out, rc, err);
    }
    return rc;
}
