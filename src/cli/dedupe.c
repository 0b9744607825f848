/* comention fingerprint and comention dedupe: --dedupe across shards. Each shard's
 * documents are fingerprinted where they are; dedupe decides the copies over all
 * fingerprints at once; each shard's extract --copies then leaves out what one build over
 * all input would (docs/design.md, Wire copies). */
#include "cli/cli.h"

int cli_fingerprint(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    cm_inputs *in = NULL;
    int exit_now = 0;
    cm_status rc = cli_parse(&o, argc, argv, CM_CMD_FINGERPRINT, &exit_now, &err);

    if (rc == CM_OK && !exit_now) {
        rc = cm_inputs_collect_opts(&in, o.inputs, o.n_inputs, &o.cfg.read, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_run_fingerprints(o.cfg.out, in, &o.cfg.run, &err);
    }
    cm_inputs_free(in);
    cli_opts_destroy(&o);
    return rc == CM_OK ? 0 : cli_fail(&err);
}

int cli_dedupe(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    int exit_now = 0;
    cm_status rc = cli_parse(&o, argc, argv, CM_CMD_DEDUPE, &exit_now, &err);

    if (rc == CM_OK && !exit_now) {
        rc = cm_run_copies(o.cfg.out, o.inputs, o.n_inputs, o.cfg.run.count.dedupe, &err);
    }
    cli_opts_destroy(&o);
    return rc == CM_OK ? 0 : cli_fail(&err);
}
