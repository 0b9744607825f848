/* comention lexicon: check lexicon files (every problem as PATH:LINE: error: message, as
 * compilers print them, exit 2 when there is one), dump the lexicon in use as canonical
 * XML, or count its entities and aliases. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "util/util.h"

static void print_problem(void *ctx, const cm_error *e)
{
    char path[1024], msg[1024]; /* a file name may hold a line break: one line each still */
    (void)ctx;
    cm_escape_controls(path, sizeof(path), e->path);
    cm_escape_controls(msg, sizeof(msg), e->msg);
    if (e->line > 0) {
        printf("%s:%ld: error: %s\n", path, e->line, msg);
    } else {
        printf("%s: error: %s\n", path, msg);
    }
}

static int check(int argc, char **argv)
{
    size_t total = 0;
    int status = 0;
    cm_error none;

    if (argc == 0) {
        cm_error_set(&none, CM_EUSAGE, NULL, 0, "lexicon check: no FILE given");
        return cli_fail(&none);
    }
    for (int i = 0; i < argc; i++) {
        cm_error err;
        size_t n = 0;
        cm_status rc = cm_lexicon_check(&n, argv[i], print_problem, NULL, &err);
        if (rc != CM_OK) {
            int s = cli_fail(&err);
            status = s > status ? s : status;
            continue;
        }
        total += n;
        if (n == 0) {
            char path[1024];
            cm_escape_controls(path, sizeof(path), argv[i]);
            printf("%s: ok\n", path);
        }
    }
    if (fflush(stdout) != 0) {
        return 2;
    }
    return total > 0 && status == 0 ? 2 : status;
}

static int with_lexicon(int argc, char **argv, int stats)
{
    cli_opts o;
    cm_error err;
    cm_lexicon *lex = NULL;
    int exit_now = 0, status = 0;
    cm_status rc = cli_parse(&o, argc, argv, CM_CMD_LEXICON, &exit_now, &err);

    if (rc == CM_OK && !exit_now) {
        rc = cli_load_lexicon(&lex, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = stats ? cm_lexicon_stats(stdout, lex, &err) : cm_lexicon_dump(stdout, lex, &err);
    }
    if (rc == CM_OK && fflush(stdout) != 0) {
        rc = cm_error_set(&err, CM_EIO, NULL, 0, "cannot write to standard output");
    }
    if (rc != CM_OK) {
        status = cli_fail(&err);
    }
    cm_lexicon_free(lex);
    cli_opts_destroy(&o);
    return status;
}

/* argv[0] is "lexicon"; --help is answered by the option table. */
int cli_lexicon(int argc, char **argv)
{
    const char *sub = argc >= 2 ? argv[1] : "";

    if (strcmp(sub, "check") == 0) {
        return check(argc - 2, argv + 2);
    }
    if (strcmp(sub, "dump") == 0 || strcmp(sub, "stats") == 0 || strcmp(sub, "--help") == 0 ||
        strcmp(sub, "-h") == 0) {
        return with_lexicon(argc - (sub[0] != '-'), argv + (sub[0] != '-'), sub[0] == 's');
    }
    cli_say("lexicon: want check FILE..., dump or stats%s%s", argc > 1 ? ", not " : "", sub);
    fputs("Try 'comention --help' for more information.\n", stderr);
    return 1;
}
