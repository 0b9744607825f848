/* comention: the command line. Every option is declared once, in the table cm_options
 * (src/run/options.c); options.c parses argv from it with getopt_long and prints each
 * subcommand's help from it; the subcommands call the library (comention/run.h,
 * comention/config.h) and print errors. */
#ifndef CM_CLI_H
#define CM_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "comention/comention.h"
#include "comention/config.h"
#include "comention/run.h"

/* What the command line says: the settings of the run, and what only the CLI uses. */
typedef struct cli_opts {
    unsigned cmd;         /* the subcommand, a CM_CMD_* bit */
    const char *cmd_name; /* its name, for messages */
    cm_config cfg;        /* the settings; cfg.run.hooks print warnings, skips, progress */
    const char *out;      /* -o, or "out" when not given (then cfg.out is NULL) */
    const char **inputs;  /* operands, borrowed from argv; owned array */
    size_t n_inputs;
} cli_opts;

/* Parse the options of subcommand `cmd` (a CM_CMD_* bit); argv[0] is its name. Returns CM_OK,
 * or CM_EUSAGE with a message in err; *exit_now is 1 when --help or --version was
 * answered. The hooks of o->cfg.run are set up to print warnings, skips and progress. */
cm_status cli_parse(cli_opts *o, int argc, char **argv, unsigned cmd, int *exit_now, cm_error *err);
void cli_opts_destroy(cli_opts *o);

/* Run the subcommand argv[0] names, its exit status in *status; 0 when there is none. */
int cli_command(int argc, char **argv, int *status);
/* `comention --help`; `comention --list-options`: the table, one option a line (name,
 * short name, value, subcommands), for the help test. */
void cli_usage(FILE *f);
void cli_list_options(void);

/* Load the lexicons the options name and compile them. */
cm_status cli_load_lexicon(cm_lexicon **out, const cli_opts *o, cm_error *err);

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

/* Remove the temporary files being written when SIGINT, SIGTERM or SIGHUP ends the run, and
 * turn SIGXFSZ into a write error (signals.c). Called once, before any thread. */
void cli_signals_install(void);

/* Write the network's outputs into -o DIR as one set (signals.c, util/outset.c): under
 * DIR's lock (refused while another run holds it), warning when the last set there was left
 * mixed, every file kept back until all are written, then published together or removed. */
cm_status cli_write_set(cli_opts *o, cm_network *n, cm_error *err);

#endif
