/* comention extract and comention merge: the map and reduce halves of a sharded run.
 * extract counts one shard of the input into a .cmc file; merge adds .cmc files in any
 * order; `comention graph` then writes exactly what one `build` over all input writes. */
#include "cli/cli.h"

int cli_extract(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    cm_inputs *in = NULL;
    cm_lexicon *lex = NULL;
    cm_counts *c = NULL;
    int exit_now = 0, status = 0;
    cm_status rc = cli_parse(&o, argc, argv, CM_CMD_EXTRACT, &exit_now, &err);

    if (rc == CM_OK && !exit_now) {
        rc = cm_config_collect(&in, &o.cfg, o.inputs, o.n_inputs, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cli_load_lexicon(&lex, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_run_count(&c, in, lex, &o.cfg.run, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_counts_fill_snippets(c, NULL, 0, cm_inputs_fetch, in, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_counts_write(o.out, c, &err);
    }
    if (rc != CM_OK) {
        status = cli_fail(&err);
    } else if (!exit_now && cm_run_skipped(c, &o.cfg.run.hooks) > 0 && o.cfg.strict) {
        status = 2;
    }
    cm_counts_free(c);
    cm_lexicon_free(lex);
    cm_inputs_free(in);
    cli_opts_destroy(&o);
    return status;
}

int cli_merge(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    int exit_now = 0, status = 0;
    cm_status rc = cli_parse(&o, argc, argv, CM_CMD_MERGE, &exit_now, &err);

    if (rc == CM_OK && !exit_now) {
        rc = cm_run_merge(o.out, o.inputs, o.n_inputs, &err);
    }
    if (rc != CM_OK) {
        status = cli_fail(&err);
    }
    cli_opts_destroy(&o);
    return status;
}
