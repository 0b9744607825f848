/* comention render: draw a GraphML file, ours or one Gephi wrote (cm_run_render); the
 * figure's format follows the name given to -o. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"

static cm_status check_args(const cli_opts *o, cm_error *err)
{
    const cm_style_opts *so = &o->cfg.net.style;
    double dpi = o->cfg.net.dpi;
    unsigned fmt = cm_run_figure_format(o->out);

    if (o->n_inputs != 1) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "render takes one GRAPH.graphml file");
    }
    if (!o->cfg.out) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "render needs -o FIG.svg, FIG.png or FIG.pdf");
    }
    if (!fmt) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0,
                            "-o %s: the name must end in .svg, .png or .pdf", o->out);
    }
    if (fmt == CM_FMT_PNG && (so->width * dpi / 96 > 32767 || so->height * dpi / 96 > 32767)) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0,
                            "a PNG of %.0f x %.0f pixels is larger than 32767 a side (--dpi)",
                            so->width * dpi / 96, so->height * dpi / 96);
    }
    return CM_OK;
}

int cli_render(int argc, char **argv)
{
    static const char *const stages[CM_N_R_TIMINGS] = {"import", "graph", "analyze",
                                                       "layout", "style", "draw"};
    cli_opts o;
    cm_error err;
    cm_render r;
    int exit_now = 0, status = 0;
    cm_status rc = cli_parse(&o, argc, argv, CM_CMD_RENDER, &exit_now, &err);

    memset(&r, 0, sizeof(r));
    if (rc == CM_OK && !exit_now) {
        rc = check_args(&o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_run_render(&r, o.inputs[0], o.out, &o.cfg.net, (o.cfg.given & CM_GIVEN_COLOR) != 0,
                           o.cfg.all_metrics, &err);
    }
    if (rc == CM_OK && !exit_now && !o.cfg.quiet && (r.im->self_loops || r.im->repeated)) {
        cli_say("warning: %s: %zu self-loops left out, %zu repeated edges added to the first",
                o.inputs[0], r.im->self_loops, r.im->repeated);
    }
    for (int i = 0; rc == CM_OK && !exit_now && o.cfg.net.timings && i < CM_N_R_TIMINGS; i++) {
        /* On stderr: the figure itself never holds a time. */
        fprintf(stderr, "%s %s %.3f s%s", i ? "" : "comention: timings:", stages[i], r.seconds[i],
                i + 1 < CM_N_R_TIMINGS ? "," : "\n");
    }
    if (rc != CM_OK) {
        status = cli_fail(&err);
    }
    cm_run_render_free(&r);
    cli_opts_destroy(&o);
    return status;
}
