/* comention extract and comention merge: the map and reduce halves of a sharded run.
 * extract counts one shard of the input into a .cmc file; merge adds .cmc files in any
 * order; `comention graph` then writes exactly what one `build` over all input writes. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"

static cm_status need_output(const cli_opts *o, cm_error *err)
{
    if (!o->out_given) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "%s needs -o FILE.cmc", o->cmd);
    }
    return CM_OK;
}

int cli_extract(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    cm_inputs *in = NULL;
    cm_lexicon *lex = NULL;
    cm_counts *c = NULL;
    int exit_now = 0, status = 0;
    cm_status rc;

    cm_error_clear(&err);
    rc = cli_parse(&o, argc, argv, CM_OPT_COUNT | CM_OPT_READ | CM_OPT_JOBS | CM_OPT_OUT, &exit_now,
                   &err);
    o.cmd = "extract";
    if (rc == CM_OK && !exit_now) {
        rc = need_output(&o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cli_collect(&in, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cli_load_lexicon(&lex, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cli_count_corpus(&c, in, lex, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_counts_fill_snippets(c, NULL, 0, cm_inputs_fetch, in, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_counts_write(o.outdir, c, &err);
    }
    if (rc != CM_OK) {
        status = cli_fail(&err);
    } else if (!exit_now) {
        status = cli_report_skips(&o, c);
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
    cm_counts *all = NULL;
    int exit_now = 0, status = 0;
    cm_status rc;

    cm_error_clear(&err);
    rc = cli_parse(&o, argc, argv, CM_OPT_OUT, &exit_now, &err);
    o.cmd = "merge";
    if (rc == CM_OK && !exit_now) {
        rc = need_output(&o, &err);
    }
    for (size_t i = 0; rc == CM_OK && !exit_now && i < o.n_inputs; i++) {
        cm_counts *part = NULL;
        rc = cm_counts_read(i == 0 ? &all : &part, o.inputs[i], &err);
        if (rc == CM_OK && part) {
            rc = cm_counts_merge(all, part, &err);
            if (rc == CM_EINPUT) {
                /* name the shard that does not fit */
                char msg[sizeof(err.msg)];
                snprintf(msg, sizeof(msg), "%s", err.msg);
                int unlike = strncmp(msg, "counts made with", 16) == 0;
                rc = cm_error_set(&err, CM_EINPUT, o.inputs[i], 0, "%s%s%s", msg,
                                  unlike ? " than " : "", unlike ? o.inputs[0] : "");
            }
        }
        cm_counts_free(part);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_counts_finish(all, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_counts_write(o.outdir, all, &err);
    }
    if (rc != CM_OK) {
        status = cli_fail(&err);
    }
    cm_counts_free(all);
    cli_opts_destroy(&o);
    return status;
}
