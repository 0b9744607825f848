/* comention mentions: one TSV line per mention (docs/design.md §3), ordered by (doc, start),
 * to standard output (cm_run_mentions). */
#include <stdio.h>
#include "cli/cli.h"

int cli_mentions(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    cm_lexicon *lex = NULL;
    cm_inputs *in = NULL;
    int exit_now = 0, status = 0;
    size_t skipped = 0;
    cm_status rc = cli_parse(&o, argc, argv, CM_CMD_MENTIONS, &exit_now, &err);

    if (rc == CM_OK && !exit_now) {
        rc = cm_config_collect(&in, &o.cfg, o.inputs, o.n_inputs, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cli_load_lexicon(&lex, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_run_mentions(stdout, in, lex, &o.cfg.run, &skipped, &err);
    }
    if (rc == CM_OK && o.cfg.strict && skipped > 0) {
        status = 2;
    }
    if (rc != CM_OK) {
        status = cli_fail(&err);
    }
    cm_inputs_free(in);
    cm_lexicon_free(lex);
    cli_opts_destroy(&o);
    return status;
}
