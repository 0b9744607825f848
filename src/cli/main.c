/* comention: entry point, dispatching to one subcommand. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: comention build    [OPTIONS] INPUT... [-o DIR]   articles -> drawn, measured, exported "
    "network\n"
    "       comention mentions [OPTIONS] INPUT...            one TSV line per mention, to stdout\n"
    "       comention extract  [OPTIONS] INPUT... -o PART.cmc  counts of one shard\n"
    "       comention merge    PART.cmc... -o ALL.cmc          add shards\n"
    "       comention graph    [OPTIONS] ALL.cmc [-o DIR]      counts -> what build writes\n"
    "       comention render   [OPTIONS] GRAPH.graphml -o FIG.svg|.png|.pdf  draw a GraphML file\n"
    "       comention lexicon  check FILE... | dump | stats   check, print or count lexicons\n"
    "       comention --help | --version\n"
    "\n"
    "INPUT is a file, a directory (walked recursively) or - for standard input.\n"
    "Run 'comention build --help' for the options.\n";

static int run(int argc, char **argv);

/* Output that never reached standard output (a full disk, a closed pipe) is an error,
 * whatever printed it: --help and --version too. */
int main(int argc, char **argv)
{
    int rc;

    cli_signals_install();
    rc = run(argc, argv);
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == 0) {
        fprintf(stderr, "comention: cannot write to standard output\n");
        rc = 2;
    }
    return rc;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 1;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("comention %s\n", CM_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "build") == 0) {
        return cli_build(argc - 2, argv + 2);
    }
    if (strcmp(argv[1], "mentions") == 0) {
        return cli_mentions(argc - 2, argv + 2);
    }
    if (strcmp(argv[1], "extract") == 0) {
        return cli_extract(argc - 2, argv + 2);
    }
    if (strcmp(argv[1], "merge") == 0) {
        return cli_merge(argc - 2, argv + 2);
    }
    if (strcmp(argv[1], "graph") == 0) {
        return cli_graph(argc - 2, argv + 2);
    }
    if (strcmp(argv[1], "render") == 0) {
        return cli_render(argc - 2, argv + 2);
    }
    if (strcmp(argv[1], "lexicon") == 0) {
        return cli_lexicon(argc - 2, argv + 2);
    }
    cli_say("unknown command '%s'", argv[1]);
    fputs("Try 'comention --help' for more information.\n", stderr);
    return 1;
}
