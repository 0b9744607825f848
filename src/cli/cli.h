/* comention: the command line. Options are parsed into one struct (options.c), the
 * stages are wired together per subcommand (build.c, mentions.c); nothing else here. */
#ifndef CM_CLI_H
#define CM_CLI_H

#include <stddef.h>
#include "comention/comention.h"

/* Output formats (docs/design.md §3); report.json is always written. */
enum {
    CM_FMT_SVG = 1 << 0,
    CM_FMT_PNG = 1 << 1,
    CM_FMT_PDF = 1 << 2,
    CM_FMT_GRAPHML = 1 << 3,
    CM_FMT_CSV = 1 << 4,
    CM_FMT_GEXF = 1 << 5,
    CM_FMT_JSON = 1 << 6,
    /* Not --formats names: the per-period files of csv and gexf (--time-slice). */
    CM_FMT_TIME_CSV = 1 << 7,
    CM_FMT_TIME_GEXF = 1 << 8,
    CM_FMT_TIME = CM_FMT_TIME_CSV | CM_FMT_TIME_GEXF,
};

/* Which subcommand an option belongs to. */
enum {
    CM_OPT_COUNT = 1 << 0,    /* count-time: build, mentions */
    CM_OPT_GRAPH = 1 << 1,    /* graph, analyze, draw, output: build */
    CM_OPT_NO_INPUT = 1 << 2, /* the command takes no INPUT (lexicon dump, stats) */
    CM_OPT_JOBS = 1 << 3,     /* -j, --progress: build, mentions, extract, graph */
    CM_OPT_OUT = 1 << 4,      /* -o: build, graph, extract, merge, render */
    CM_OPT_DRAW = 1 << 5,     /* analyze and draw options, --ego, --radius: render */
    CM_OPT_READ = 1 << 6,     /* --format, --*-field: build, mentions, extract */
};

/* Drawing options given on the command line (a preset only fills in the others). */
enum {
    CLI_GIVEN_WIDTH = 1 << 0,
    CLI_GIVEN_HEIGHT = 1 << 1,
    CLI_GIVEN_DPI = 1 << 2,
    CLI_GIVEN_FONT_MIN = 1 << 3,
    CLI_GIVEN_FONT_MAX = 1 << 4,
};

/* --preset values. */
enum { CLI_PRESET_NONE = 0, CLI_PRESET_SCREEN, CLI_PRESET_JOURNAL, CLI_PRESET_POSTER };

typedef struct cli_opts {
    const char *cmd;
    const char **lexicons; /* borrowed from argv; owned array */
    size_t n_lexicons;
    int no_default_lexicon;
    cm_count_opts count;
    cm_read_opts read; /* --format, --id-field, --text-field, --title-field, --date-field */
    uint64_t subtypes_keep, subtypes_drop; /* --subtypes, --exclude-subtypes */
    cm_graph_opts graph;
    int top_by;             /* --top-by: a cm_metric, or -1 for mentions */
    const char **exclude;   /* borrowed strings; owned array */
    const char **highlight; /* --highlight ids; owned strings and array */
    cm_analyze_opts analyze;
    cm_layout_opts layout;
    cm_style_opts style;
    char *title; /* --title as valid UTF-8 (style.title points here); owned */
    cm_export_opts export;
    int color_given;     /* --color-by was on the command line */
    unsigned draw_given; /* CLI_GIVEN_* bits: drawing options a --preset must not change */
    int preset;          /* --preset: a CLI_PRESET_*, applied after the other options */
    int all_metrics;     /* --all-metrics (render): the shortest-path metrics too */
    double dpi;
    const char *outdir; /* -o: a directory (build, graph) or a .cmc file (extract, merge) */
    int out_given;
    const char *explain;   /* --explain FILE, or NULL */
    const char *dates;     /* --dates FILE, or NULL */
    cm_dates *dates_table; /* read by cli_collect(); owned */
    unsigned formats;
    int quiet, strict;
    size_t jobs;          /* -j N; 0 = one per core */
    int progress;         /* a progress line on stderr: 1 on, 0 off, -1 when a terminal */
    int timings;          /* --timings: seconds per stage in report.json */
    int count_opts_given; /* a count-time option was on the command line */
    const char **inputs;  /* borrowed from argv; owned array */
    size_t n_inputs;
} cli_opts;

/* Parse argv after the subcommand. Returns CM_OK, CM_EUSAGE with a message in err, or a
 * request for help/version in *exit_now (0 = go on). */
/* Warn about the skipped files (unless -q); returns the exit status they give: 2 with
 * --strict when any was skipped, else 0. */
int cli_report_skips(const cli_opts *o, const cm_counts *c);

cm_status cli_parse(cli_opts *o, int argc, char **argv, unsigned groups, int *exit_now,
                    cm_error *err);
void cli_opts_destroy(cli_opts *o);

/* Per-document callback of the shared read → segment → extract loop. */
typedef cm_status (*cli_doc_fn)(void *ctx, const cm_mentions *m, const cm_lexicon *lex,
                                cm_error *err);

/* The documents the operands name, dated by the --dates table when one is given. */
cm_status cli_collect(cm_inputs **out, cli_opts *o, cm_error *err);
/* Load the lexicons the options name and compile them. */
cm_status cli_load_lexicon(cm_lexicon **out, const cli_opts *o, cm_error *err);
/* Read every input in doc-id order and hand each document's mentions to fn (one thread);
 * every skipped file, found walking or reading, is reported on stderr (unless -q) and
 * counted in *n_skipped; with --explain, also write the QA table. */
cm_status cli_each_document(const cm_inputs *in, const cm_lexicon *lex, const cli_opts *o,
                            cli_doc_fn fn, void *ctx, size_t *n_skipped, cm_error *err);

/* Count every input on -j worker threads; the counts come back finished, with the
 * skipped files and the lexicon's digest recorded. */
cm_status cli_count_corpus(cm_counts **out, const cm_inputs *in, const cm_lexicon *lex,
                           const cli_opts *o, cm_error *err);

/* Monotonic clock, seconds. */
double cli_now(void);

/* The drawing stages build and render share: node radii and the picture's box from the
 * style options (cm_style_layout_box), the layout with them so that no two discs overlap
 * (skipped when `given` positions are drawn as they are), then the scene. *layout is
 * NULL when `given`; both outputs are the caller's, also after a failure. seconds[0]
 * gets the time of the layout, seconds[1] that of the style. */
cm_status cli_draw(cm_layout **layout, cm_scene **scene, const cm_graph *g, const cm_analysis *a,
                   const cm_layout *given, const cli_opts *o, const cm_style_opts *so,
                   double seconds[2], cm_error *err);

int cli_build(int argc, char **argv);
int cli_graph(int argc, char **argv);
int cli_extract(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_mentions(int argc, char **argv);
int cli_lexicon(int argc, char **argv);
int cli_render(int argc, char **argv);

/* Print "comention: message" for an error, and return the exit status for its code. */
int cli_fail(const cm_error *err);
/* One line to stderr after "comention: ", control characters escaped (file names). */
void cli_say(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Print "comention: warning: message" unless quiet. */
void cli_warn(void *quiet, const char *msg);

/* Remove the temporary files being written when SIGINT, SIGTERM or SIGHUP ends the run, and
 * turn SIGXFSZ into a write error (signals.c). Called once, before any thread. */
void cli_signals_install(void);

/* Write a set of outputs into dir (signals.c, util/outset.c): take dir's lock (refused while
 * another run holds it), warn when the last set there was left mixed, then keep every file
 * written until cli_outputs_end(), which publishes them all when rc is CM_OK (a failure to
 * do so is its return) or removes them, and releases the lock. */
cm_status cli_outputs_begin(const char *dir, int quiet, cm_error *err);
cm_status cli_outputs_end(const char *dir, cm_status rc, cm_error *err);

#endif
