/* comention: argv parsed with getopt_long from the one table of options (cm_options,
 * src/run/options.c), and each subcommand's --help printed from it. GNU forms all work: "-j1",
 * "-j 1", "--seed=3", "--seed 3", "-oDIR"; long names are never abbreviated, so that a new
 * option cannot change what an old command line means. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "comention/config.h"
#include "util/util.h"

/* The subcommands, in the order of the usage text. */
static const struct command {
    const char *name;
    unsigned bit;
    int (*run)(int argc, char **argv);
    const char *synopsis;
    const char *about;
} commands[] = {
    {"build", CM_CMD_BUILD, cli_build, "[OPTIONS] INPUT... [-o DIR]",
     "articles -> drawn, measured, exported network"},
    {"mentions", CM_CMD_MENTIONS, cli_mentions, "[OPTIONS] INPUT...",
     "one TSV line per mention, to stdout"},
    {"extract", CM_CMD_EXTRACT, cli_extract, "[OPTIONS] INPUT... -o PART.cmc",
     "counts of one shard"},
    {"merge", CM_CMD_MERGE, cli_merge, "PART.cmc... -o ALL.cmc", "add shards"},
    {"fingerprint", CM_CMD_FINGERPRINT, cli_fingerprint, "[OPTIONS] INPUT... -o PART.fp",
     "fingerprints of one shard, for dedupe"},
    {"dedupe", CM_CMD_DEDUPE, cli_dedupe, "[--dedupe exact|near] PART.fp... -o COPIES.tsv",
     "the copies among all shards, for extract --copies"},
    {"graph", CM_CMD_GRAPH, cli_graph, "[OPTIONS] ALL.cmc [-o DIR]", "counts -> what build writes"},
    {"render", CM_CMD_RENDER, cli_render, "[OPTIONS] GRAPH.graphml -o FIG.svg|.png|.pdf",
     "draw a GraphML file"},
    {"lexicon", CM_CMD_LEXICON, cli_lexicon, "check FILE... | dump | stats [OPTIONS]",
     "check, print or count lexicons"},
};
#define N_COMMANDS (sizeof(commands) / sizeof(*commands))

int cli_command(int argc, char **argv, int *status)
{
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(argv[0], commands[i].name) == 0) {
            *status = commands[i].run(argc, argv);
            return 1;
        }
    }
    return 0;
}

void cli_usage(FILE *f)
{
    for (size_t i = 0; i < N_COMMANDS; i++) {
        fprintf(f, "%s comention %-8s %s\n%21s%s\n", i ? "      " : "usage:", commands[i].name,
                commands[i].synopsis, "", commands[i].about);
    }
    fputs("       comention --help | --version\n\n"
          "INPUT is a file, a directory (walked recursively) or - for standard input.\n"
          "Run 'comention SUBCOMMAND --help' for its options.\n",
          f);
}

static void help(const struct command *c)
{
    printf("usage: comention %s %s\n%s.\n", c->name, c->synopsis, c->about);
    cm_options_help(stdout, c->bit);
    puts("\nexit status: 0 ok, 1 usage error, 2 input or output error, 3 internal error");
}

void cli_list_options(void)
{
    for (size_t i = 0; i < cm_n_options; i++) {
        char label[64];
        cm_option_label(label, sizeof(label), &cm_options[i]);
        printf("%s\t", label);
        for (size_t k = 0, n = 0; k < N_COMMANDS; k++) {
            if (cm_options[i].cmds & commands[k].bit) {
                printf("%s%s", n++ ? "," : "", commands[k].name);
            }
        }
        putchar('\n');
    }
}

/* Whether the word after the dashes of argv's option is exactly the long name getopt_long
 * matched: it also takes unambiguous abbreviations, which a new option could change. */
static int exact(const char *arg, const char *name)
{
    size_t n = strcspn(arg + 2, "=");
    return arg[0] == '-' && arg[1] == '-' && strlen(name) == n && strncmp(arg + 2, name, n) == 0;
}

static const cm_option *by_letter(int c)
{
    for (size_t i = 0; i < cm_n_options; i++) {
        if (cm_options[i].letter == c) {
            return &cm_options[i];
        }
    }
    return NULL;
}

/* The message for what getopt_long refused (c: its optopt) or matched only by an
 * abbreviation (c = 0): unknown, not for this subcommand, or given a value it takes not. */
static cm_status refused(int c, const char *arg, cm_error *err)
{
    char name[64];
    const cm_option *d = NULL;

    if (c >= 256 && exact(arg, cm_options[c - 256].name)) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "option '--%s' takes no value",
                            cm_options[c - 256].name);
    }
    if (c > 0 && c < 256) {
        snprintf(name, sizeof(name), "-%c", c);
        d = by_letter(c);
    } else {
        snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="), arg);
        for (size_t i = 0; i < cm_n_options && !d; i++) {
            d = exact(arg, cm_options[i].name) ? &cm_options[i] : NULL;
        }
    }
    return cm_error_set(err, CM_EUSAGE, NULL, 0, "unknown option '%.60s'%s", name,
                        d ? " for this command" : "");
}

/* getopt_long's tables for one subcommand: its long options, and "-:" (operands in
 * order, ':' for a missing value) then its short ones. */
static void getopt_tables(struct option *longs, char *shorts, unsigned cmd)
{
    size_t n = 0, k = 2;
    strcpy(shorts, "-:");
    for (size_t i = 0; i < cm_n_options; i++) {
        if (!(cm_options[i].cmds & cmd)) {
            continue;
        }
        longs[n++] =
            (struct option){cm_options[i].name, cm_options[i].arg ? required_argument : no_argument,
                            NULL, (int)(256 + i)};
        if (cm_options[i].letter) {
            shorts[k++] = cm_options[i].letter;
            if (cm_options[i].arg) {
                shorts[k++] = ':';
            }
        }
    }
    shorts[k] = '\0';
    longs[n] = (struct option){NULL, 0, NULL, 0};
}

/* One option or operand from getopt_long; `arg` is the argument it was read from. */
static cm_status take(cli_opts *o, int c, const char *arg, int *exit_now, cm_error *err)
{
    const cm_option *d = c >= 256 ? &cm_options[c - 256] : by_letter(c);
    char name[64];

    if (c == 1) {
        o->inputs[o->n_inputs++] = optarg;
        return CM_OK;
    }
    if (c == ':') {
        d = optopt >= 256 ? &cm_options[optopt - 256] : by_letter(optopt);
        if (optopt >= 256) {
            return cm_error_set(err, CM_EUSAGE, NULL, 0, "option '--%s' needs a value", d->name);
        }
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "option '-%c' needs a value", optopt);
    }
    if (c == '?' || !d || (c >= 256 && !exact(arg, d->name))) {
        return refused(c == '?' ? optopt : 0, arg, err);
    }
    if (d->kind == CM_OPT_HELP || d->kind == CM_OPT_VERSION) {
        for (size_t k = 0; d->kind == CM_OPT_HELP && k < N_COMMANDS; k++) {
            if (commands[k].bit == o->cmd) {
                help(&commands[k]);
            }
        }
        if (d->kind == CM_OPT_VERSION) {
            printf("comention %s\n", CM_VERSION);
        }
        *exit_now = 1;
        return CM_OK;
    }
    if (c < 256) {
        snprintf(name, sizeof(name), "-%c", c);
    } else {
        snprintf(name, sizeof(name), "--%s", d->name);
    }
    return cm_option_set(&o->cfg, d, name, optarg, err);
}

/* Operands a subcommand needs, checked before the settings are. */
/* The operands, and -o where a subcommand writes a file with no default name. */
static cm_status operands(const cli_opts *o, cm_error *err)
{
    static const struct {
        unsigned cmd;
        const char *what;
    } outs[] = {{CM_CMD_EXTRACT, "FILE.cmc"},
                {CM_CMD_MERGE, "FILE.cmc"},
                {CM_CMD_FINGERPRINT, "PART.fp"},
                {CM_CMD_DEDUPE, "COPIES.tsv"}};

    if (o->n_inputs > 0 && o->cmd == CM_CMD_LEXICON) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "unexpected operand '%s'", o->inputs[0]);
    }
    if (o->n_inputs == 0 && o->cmd == CM_CMD_RENDER) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "no GRAPH.graphml given");
    }
    if (o->n_inputs == 0 && o->cmd != CM_CMD_LEXICON) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0,
                            "no INPUT given (a file, a directory, or - for standard input)");
    }
    for (size_t i = 0; i < sizeof(outs) / sizeof(*outs); i++) {
        if (o->cmd == outs[i].cmd && !o->cfg.out) {
            return cm_error_set(err, CM_EUSAGE, NULL, 0, "%s needs -o %s", o->cmd_name,
                                outs[i].what);
        }
    }
    return CM_OK;
}

static void warn(void *ctx, const char *msg)
{
    if (!((const cli_opts *)ctx)->cfg.quiet) {
        cli_say("warning: %s", msg);
    }
}

static void skipped(void *ctx, const char *id, const char *reason)
{
    if (!((const cli_opts *)ctx)->cfg.quiet || ((const cli_opts *)ctx)->cfg.strict) {
        cli_say("%s: skipped: %s", id, reason);
    }
}

/* "documents, MB, MB/s, ETA" on one line, ended with the last document. */
static void progress(void *ctx, size_t done, size_t n, uint64_t bytes, double secs)
{
    double mb = (double)bytes / 1e6, eta = secs * (double)(n - done) / (double)done;
    (void)ctx;
    fprintf(stderr, "\rcomention: %zu/%zu documents, %.1f MB, %.1f MB/s, ETA %.0f s   ", done, n,
            mb, secs > 0 ? mb / secs : 0.0, eta);
    if (done == n) {
        fputc('\n', stderr);
    }
}

/* Every option and operand of argv, through getopt_long. */
static cm_status read_argv(cli_opts *o, int argc, char **argv, int *exit_now, cm_error *err)
{
    struct option *longs = calloc(cm_n_options + 1, sizeof(*longs));
    char *shorts = calloc(2 * cm_n_options + 3, 1);
    cm_status rc = CM_OK;

    o->inputs = calloc((size_t)argc + 1, sizeof(*o->inputs));
    if (!longs || !shorts || !o->inputs) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    } else {
        getopt_tables(longs, shorts, o->cmd);
    }
    opterr = 0;
    optind = 0; /* glibc: start afresh, at argv[1] */
    for (int at = 1, c; rc == CM_OK && !*exit_now; at = optind) {
        if ((c = getopt_long(argc, argv, shorts, longs, NULL)) == -1) {
            break;
        }
        rc = take(o, c, argv[at < argc ? at : argc - 1], exit_now, err);
    }
    for (int i = optind; rc == CM_OK && !*exit_now && i < argc; i++) {
        o->inputs[o->n_inputs++] = argv[i]; /* after "--" */
    }
    free(longs);
    free(shorts);
    return rc;
}

cm_status cli_parse(cli_opts *o, int argc, char **argv, unsigned cmd, int *exit_now, cm_error *err)
{
    cm_status rc;

    memset(o, 0, sizeof(*o));
    cm_config_init(&o->cfg);
    o->cmd = cmd;
    o->cmd_name = argv[0];
    *exit_now = 0;
    rc = read_argv(o, argc, argv, exit_now, err);
    if (rc != CM_OK || *exit_now) {
        return rc;
    }
    o->out = o->cfg.out ? o->cfg.out : "out";
    rc = operands(o, err);
    if (rc == CM_OK) {
        int png = (cmd & (CM_CMD_BUILD | CM_CMD_GRAPH)) && (o->cfg.net.formats & CM_FMT_PNG);
        rc = cm_config_finish(&o->cfg, png, err);
    }
    const cm_config *c = &o->cfg;
    int bar = c->progress > 0 || (c->progress < 0 && !c->quiet && isatty(STDERR_FILENO));
    o->cfg.run.hooks = (cm_run_hooks){warn, skipped, bar ? progress : NULL, o};
    return rc;
}

void cli_opts_destroy(cli_opts *o)
{
    cm_config_destroy(&o->cfg);
    free(o->inputs);
    memset(o, 0, sizeof(*o));
}

cm_status cli_load_lexicon(cm_lexicon **out, const cli_opts *o, cm_error *err)
{
    return cm_run_lexicon(out, o->cfg.lexicons, o->cfg.n_lexicons, !o->cfg.no_default_lexicon,
                          &o->cfg.run.hooks, err);
}
