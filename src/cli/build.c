/* comention build and comention graph: counts (counted here from articles, or read from a
 * .cmc file) to DIR/{graph.svg, graph.png, graph.pdf, graph.graphml, graph.gexf, nodes.csv,
 * edges.csv, evidence.csv, graph.json, report.json} (cm_run_network, cm_run_write). */
#include "cli/cli.h"

/* The exit status: skipped files are warned about, and fail the run with --strict. */
static int finish(cli_opts *o, cm_network *n, cm_status rc, const cm_error *err)
{
    int status = rc != CM_OK ? cli_fail(err) : 0;

    if (rc == CM_OK && n->counts && cm_run_skipped(n->counts, &o->cfg.run.hooks) > 0) {
        status = o->cfg.strict ? 2 : 0;
    }
    cm_run_network_free(n);
    cli_opts_destroy(o);
    return status;
}

int cli_build(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    cm_network n = {{0}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    cm_inputs *in = NULL;
    cm_lexicon *lex = NULL;
    int exit_now = 0;
    cm_status rc = cli_parse(&o, argc, argv, CM_CMD_BUILD, &exit_now, &err);

    if (rc == CM_OK && !exit_now) {
        rc = cm_config_collect(&in, &o.cfg, o.inputs, o.n_inputs, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cli_load_lexicon(&lex, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        double t = cm_run_now();
        rc = cm_run_count(&n.counts, in, lex, &o.cfg.run, &err);
        n.seconds[CM_T_COUNT] = cm_run_now() - t;
    }
    cm_lexicon_free(lex);
    if (rc == CM_OK && !exit_now) {
        rc = cm_run_network(&n, &o.cfg.net, in, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cli_write_set(&o, &n, &err); /* cuts the snippets from `in` */
    }
    cm_inputs_free(in);
    return finish(&o, &n, rc, &err);
}

int cli_graph(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    cm_network n = {{0}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    int exit_now = 0;
    cm_status rc = cli_parse(&o, argc, argv, CM_CMD_GRAPH, &exit_now, &err);

    if (rc == CM_OK && !exit_now && o.n_inputs != 1) {
        rc = cm_error_set(&err, CM_EUSAGE, NULL, 0,
                          "graph takes one .cmc file (merge shards first)");
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_counts_read(&n.counts, o.inputs[0], &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_config_check_counts(&o.cfg, n.counts, o.inputs[0], &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_run_network(&n, &o.cfg.net, NULL, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cli_write_set(&o, &n, &err);
    }
    return finish(&o, &n, rc, &err);
}
